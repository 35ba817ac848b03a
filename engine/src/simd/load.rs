//! The pure halves of the v128 memory instructions. The interpreter does the memory access
//! (bounds check, little-endian read or write) and calls these with the scalar it loaded or for
//! the scalar to store: the load-extends take the 8 loaded bytes as a little-endian `u64`, the
//! splat, zero and lane loads take the loaded 8 to 64 bits, the lane stores return them.
//! `v128.load`/`v128.store` are [`V128::from_le_bytes`]/[`V128::to_le_bytes`].

use super::V128;
use super::convert::{
    i16x8_extend_low_i8x16_s, i16x8_extend_low_i8x16_u, i32x4_extend_low_i16x8_s,
    i32x4_extend_low_i16x8_u, i64x2_extend_low_i32x4_s, i64x2_extend_low_i32x4_u,
};
use super::lanes::{
    i8x16_extract_lane_u, i8x16_replace_lane, i8x16_splat, i16x8_extract_lane_u,
    i16x8_replace_lane, i16x8_splat, i32x4_extract_lane, i32x4_replace_lane, i32x4_splat,
    i64x2_extract_lane, i64x2_replace_lane, i64x2_splat,
};

/// Defines the load-extends: the 8 loaded bytes are the low half of a vector whose low lanes
/// `$extend` widens.
macro_rules! load_extend {
    ($($name:ident = $extend:ident;)*) => {$(
        #[doc = concat!("`", stringify!($name), "`: the 8 loaded bytes (little-endian) widened ",
            "lane by lane, as `", stringify!($extend), "`.")]
        #[inline]
        pub fn $name(bytes: u64) -> V128 {
            $extend(V128::from_cells(bytes, 0))
        }
    )*};
}

load_extend! {
    v128_load8x8_s = i16x8_extend_low_i8x16_s;
    v128_load8x8_u = i16x8_extend_low_i8x16_u;
    v128_load16x4_s = i32x4_extend_low_i16x8_s;
    v128_load16x4_u = i32x4_extend_low_i16x8_u;
    v128_load32x2_s = i64x2_extend_low_i32x4_s;
    v128_load32x2_u = i64x2_extend_low_i32x4_u;
}

/// `v128.load8_splat`: the loaded byte in every lane.
#[inline]
pub fn v128_load8_splat(x: u8) -> V128 {
    i8x16_splat(x.into())
}

/// `v128.load16_splat`: the loaded 16 bits in every lane.
#[inline]
pub fn v128_load16_splat(x: u16) -> V128 {
    i16x8_splat(x.into())
}

/// `v128.load32_splat`: the loaded 32 bits in every lane.
#[inline]
pub fn v128_load32_splat(x: u32) -> V128 {
    i32x4_splat(x as i32)
}

/// `v128.load64_splat`: the loaded 64 bits in every lane.
#[inline]
pub fn v128_load64_splat(x: u64) -> V128 {
    i64x2_splat(x as i64)
}

/// `v128.load32_zero`: the loaded 32 bits in lane 0, zeros above.
#[inline]
pub fn v128_load32_zero(x: u32) -> V128 {
    V128(x.into())
}

/// `v128.load64_zero`: the loaded 64 bits in lane 0, zeros above.
#[inline]
pub fn v128_load64_zero(x: u64) -> V128 {
    V128(x.into())
}

/// `v128.load8_lane`: `a` with byte lane `lane` set to the loaded byte.
#[inline]
pub fn v128_load8_lane(a: V128, lane: u8, x: u8) -> V128 {
    i8x16_replace_lane(a, lane, x.into())
}

/// `v128.load16_lane`: `a` with 16-bit lane `lane` set to the loaded bits.
#[inline]
pub fn v128_load16_lane(a: V128, lane: u8, x: u16) -> V128 {
    i16x8_replace_lane(a, lane, x.into())
}

/// `v128.load32_lane`: `a` with 32-bit lane `lane` set to the loaded bits.
#[inline]
pub fn v128_load32_lane(a: V128, lane: u8, x: u32) -> V128 {
    i32x4_replace_lane(a, lane, x as i32)
}

/// `v128.load64_lane`: `a` with 64-bit lane `lane` set to the loaded bits.
#[inline]
pub fn v128_load64_lane(a: V128, lane: u8, x: u64) -> V128 {
    i64x2_replace_lane(a, lane, x as i64)
}

/// `v128.store8_lane`: the byte to store, lane `lane` of `a`.
#[inline]
pub fn v128_store8_lane(a: V128, lane: u8) -> u8 {
    i8x16_extract_lane_u(a, lane) as u8
}

/// `v128.store16_lane`: the 16 bits to store, lane `lane` of `a`.
#[inline]
pub fn v128_store16_lane(a: V128, lane: u8) -> u16 {
    i16x8_extract_lane_u(a, lane) as u16
}

/// `v128.store32_lane`: the 32 bits to store, lane `lane` of `a`.
#[inline]
pub fn v128_store32_lane(a: V128, lane: u8) -> u32 {
    i32x4_extract_lane(a, lane) as u32
}

/// `v128.store64_lane`: the 64 bits to store, lane `lane` of `a`.
#[inline]
pub fn v128_store64_lane(a: V128, lane: u8) -> u64 {
    i64x2_extract_lane(a, lane) as u64
}
