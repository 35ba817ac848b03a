//! Moving lanes and bits rather than computing on them: splat, extract and replace one lane,
//! shuffle and swizzle, the whole-vector predicates and bitmasks, and the bitwise operations
//! (`not`, `and`, `andnot`, `or`, `xor`, `bitselect`) that see the vector as 128 bits.

use super::{LaneArray, V128, lane_index};

/// Defines `$splat(x)` (every lane `x`) and `$replace(a, lane, x)` (`a` with lane `lane` set to
/// `x`) for one shape, the scalar converted to a lane by `$narrow` (an `i32` keeps its low bits
/// for the 8- and 16-bit shapes).
macro_rules! splat_replace {
    ($($splat:ident, $replace:ident: $scalar:ty => [$t:ty; $n:literal] by $narrow:expr;)*) => {$(
        #[doc = concat!("`", stringify!($splat), "`: every lane set to `x`.")]
        #[inline]
        pub fn $splat(x: $scalar) -> V128 {
            let narrow: fn($scalar) -> $t = $narrow;
            [narrow(x); $n].to_v128()
        }

        #[doc = concat!("`", stringify!($replace), "`: `a` with lane `lane` set to `x`.")]
        #[inline]
        pub fn $replace(a: V128, lane: u8, x: $scalar) -> V128 {
            let narrow: fn($scalar) -> $t = $narrow;
            let mut lanes: [$t; $n] = LaneArray::of(a);
            lanes[lane_index::<$n>(lane)] = narrow(x);
            lanes.to_v128()
        }
    )*};
}

splat_replace! {
    i8x16_splat, i8x16_replace_lane: i32 => [u8; 16] by |x| x as u8;
    i16x8_splat, i16x8_replace_lane: i32 => [u16; 8] by |x| x as u16;
    i32x4_splat, i32x4_replace_lane: i32 => [i32; 4] by |x| x;
    i64x2_splat, i64x2_replace_lane: i64 => [i64; 2] by |x| x;
    f32x4_splat, f32x4_replace_lane: f32 => [f32; 4] by |x| x;
    f64x2_splat, f64x2_replace_lane: f64 => [f64; 2] by |x| x;
}

/// Defines `$extract(a, lane)`: lane `lane` of `a` seen as `[$t; $n]`, widened to the Wasm
/// scalar type (sign- or zero-extended by the lane type's signedness).
macro_rules! extract {
    ($($extract:ident: [$t:ty; $n:literal] => $scalar:ty;)*) => {$(
        #[doc = concat!("`", stringify!($extract), "`: lane `lane` of `a`.")]
        #[inline]
        pub fn $extract(a: V128, lane: u8) -> $scalar {
            let lanes: [$t; $n] = LaneArray::of(a);
            <$scalar>::from(lanes[lane_index::<$n>(lane)])
        }
    )*};
}

extract! {
    i8x16_extract_lane_s: [i8; 16] => i32;
    i8x16_extract_lane_u: [u8; 16] => i32;
    i16x8_extract_lane_s: [i16; 8] => i32;
    i16x8_extract_lane_u: [u16; 8] => i32;
    i32x4_extract_lane: [i32; 4] => i32;
    i64x2_extract_lane: [i64; 2] => i64;
    f32x4_extract_lane: [f32; 4] => f32;
    f64x2_extract_lane: [f64; 2] => f64;
}

/// `i8x16.shuffle`: lane `i` is byte `lanes[i]` of `a` followed by `b` (0..16 pick from `a`,
/// 16..32 from `b`; the validator has checked each is below 32).
#[inline]
pub fn i8x16_shuffle(a: V128, b: V128, lanes: [u8; 16]) -> V128 {
    let mut both = [0u8; 32];
    both[..16].copy_from_slice(&a.to_le_bytes());
    both[16..].copy_from_slice(&b.to_le_bytes());
    let picked: [u8; 16] = core::array::from_fn(|i| {
        // No formatted message: formatting would take the address of a stack value, which
        // stops threaded handlers from tail-calling in builds with debug assertions.
        debug_assert!(lanes[i] < 32, "shuffle lane out of range");
        both[usize::from(lanes[i] & 31)]
    });
    V128::from_le_bytes(picked)
}

/// `i8x16.swizzle`: lane `i` is byte `s[i]` of `a`, or 0 where `s[i]` is 16 or more.
#[inline]
pub fn i8x16_swizzle(a: V128, s: V128) -> V128 {
    let a = a.to_le_bytes();
    let s = s.to_le_bytes();
    V128::from_le_bytes(core::array::from_fn(|i| {
        a.get(usize::from(s[i])).copied().unwrap_or(0)
    }))
}

/// The sign bits of `a`'s lanes seen as `[T; N]`, lane 0 in bit 0.
#[inline(always)]
fn bitmask<T: Copy + PartialOrd + Default, const N: usize>(a: V128) -> u32
where
    [T; N]: LaneArray,
{
    let lanes: [T; N] = LaneArray::of(a);
    let zero = T::default();
    (0..N).fold(0, |mask, i| mask | (u32::from(lanes[i] < zero) << i))
}

/// Whether every lane of `a` seen as `[T; N]` is non-zero.
#[inline(always)]
fn all_true<T: Copy + PartialEq + Default, const N: usize>(a: V128) -> bool
where
    [T; N]: LaneArray,
{
    let lanes: [T; N] = LaneArray::of(a);
    lanes.iter().fold(true, |all, &x| all & (x != T::default()))
}

/// Defines `$bitmask` and `$all_true` for one integer shape.
macro_rules! predicates {
    ($($bitmask:ident, $all_true:ident: [$t:ty; $n:literal];)*) => {$(
        #[doc = concat!("`", stringify!($bitmask), "`: the sign bit of each lane, lane 0 in ",
            "bit 0.")]
        #[inline]
        pub fn $bitmask(a: V128) -> u32 {
            bitmask::<$t, $n>(a)
        }

        #[doc = concat!("`", stringify!($all_true), "`: whether every lane is non-zero.")]
        #[inline]
        pub fn $all_true(a: V128) -> bool {
            all_true::<$t, $n>(a)
        }
    )*};
}

predicates! {
    i8x16_bitmask, i8x16_all_true: [i8; 16];
    i16x8_bitmask, i16x8_all_true: [i16; 8];
    i32x4_bitmask, i32x4_all_true: [i32; 4];
    i64x2_bitmask, i64x2_all_true: [i64; 2];
}

/// `v128.any_true`: whether any bit is set.
#[inline]
pub fn v128_any_true(a: V128) -> bool {
    a.0 != 0
}

/// `v128.not`: every bit flipped.
#[inline]
pub fn v128_not(a: V128) -> V128 {
    V128(!a.0)
}

/// `v128.and`: bitwise and.
#[inline]
pub fn v128_and(a: V128, b: V128) -> V128 {
    V128(a.0 & b.0)
}

/// `v128.andnot`: `a & !b`.
#[inline]
pub fn v128_andnot(a: V128, b: V128) -> V128 {
    V128(a.0 & !b.0)
}

/// `v128.or`: bitwise or.
#[inline]
pub fn v128_or(a: V128, b: V128) -> V128 {
    V128(a.0 | b.0)
}

/// `v128.xor`: bitwise exclusive or.
#[inline]
pub fn v128_xor(a: V128, b: V128) -> V128 {
    V128(a.0 ^ b.0)
}

/// `v128.bitselect`: each bit from `a` where `mask`'s bit is 1, from `b` where it is 0.
#[inline]
pub fn v128_bitselect(a: V128, b: V128, mask: V128) -> V128 {
    V128((a.0 & mask.0) | (b.0 & !mask.0))
}
