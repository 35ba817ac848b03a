//! Integer lane arithmetic: wrapping and saturating add/sub, mul, min/max, rounding average,
//! abs, neg, popcnt, shifts (by the count modulo the lane width) and comparisons (all ones for
//! true). Every lane is independent of the others; lanes that change width are in `convert.rs`.

use super::{V128, comparisons, lanewise};

lanewise! {
    /// `i8x16.add`: wrapping addition.
    i8x16_add(a: i8, b: i8) -> i8 [16] = a.wrapping_add(b);
    /// `i8x16.add_sat_s`: addition saturating to `i8`.
    i8x16_add_sat_s(a: i8, b: i8) -> i8 [16] = a.saturating_add(b);
    /// `i8x16.add_sat_u`: addition saturating to `u8`.
    i8x16_add_sat_u(a: u8, b: u8) -> u8 [16] = a.saturating_add(b);
    /// `i8x16.sub`: wrapping subtraction.
    i8x16_sub(a: i8, b: i8) -> i8 [16] = a.wrapping_sub(b);
    /// `i8x16.sub_sat_s`: subtraction saturating to `i8`.
    i8x16_sub_sat_s(a: i8, b: i8) -> i8 [16] = a.saturating_sub(b);
    /// `i8x16.sub_sat_u`: subtraction saturating to `u8` (at 0).
    i8x16_sub_sat_u(a: u8, b: u8) -> u8 [16] = a.saturating_sub(b);
    /// `i8x16.min_s`: signed minimum.
    i8x16_min_s(a: i8, b: i8) -> i8 [16] = a.min(b);
    /// `i8x16.min_u`: unsigned minimum.
    i8x16_min_u(a: u8, b: u8) -> u8 [16] = a.min(b);
    /// `i8x16.max_s`: signed maximum.
    i8x16_max_s(a: i8, b: i8) -> i8 [16] = a.max(b);
    /// `i8x16.max_u`: unsigned maximum.
    i8x16_max_u(a: u8, b: u8) -> u8 [16] = a.max(b);
    /// `i8x16.avgr_u`: unsigned average rounding up, `(a + b + 1) / 2` without overflow.
    i8x16_avgr_u(a: u8, b: u8) -> u8 [16] = ((u16::from(a) + u16::from(b) + 1) >> 1) as u8;
    /// `i8x16.abs`: absolute value; -128 stays -128.
    i8x16_abs(a: i8) -> i8 [16] = a.wrapping_abs();
    /// `i8x16.neg`: wrapping negation.
    i8x16_neg(a: i8) -> i8 [16] = a.wrapping_neg();
    /// `i8x16.popcnt`: the number of one bits in each lane.
    i8x16_popcnt(a: u8) -> u8 [16] = a.count_ones() as u8;

    /// `i16x8.add`: wrapping addition.
    i16x8_add(a: i16, b: i16) -> i16 [8] = a.wrapping_add(b);
    /// `i16x8.add_sat_s`: addition saturating to `i16`.
    i16x8_add_sat_s(a: i16, b: i16) -> i16 [8] = a.saturating_add(b);
    /// `i16x8.add_sat_u`: addition saturating to `u16`.
    i16x8_add_sat_u(a: u16, b: u16) -> u16 [8] = a.saturating_add(b);
    /// `i16x8.sub`: wrapping subtraction.
    i16x8_sub(a: i16, b: i16) -> i16 [8] = a.wrapping_sub(b);
    /// `i16x8.sub_sat_s`: subtraction saturating to `i16`.
    i16x8_sub_sat_s(a: i16, b: i16) -> i16 [8] = a.saturating_sub(b);
    /// `i16x8.sub_sat_u`: subtraction saturating to `u16` (at 0).
    i16x8_sub_sat_u(a: u16, b: u16) -> u16 [8] = a.saturating_sub(b);
    /// `i16x8.mul`: wrapping multiplication (the low 16 bits of the product).
    i16x8_mul(a: i16, b: i16) -> i16 [8] = a.wrapping_mul(b);
    /// `i16x8.min_s`: signed minimum.
    i16x8_min_s(a: i16, b: i16) -> i16 [8] = a.min(b);
    /// `i16x8.min_u`: unsigned minimum.
    i16x8_min_u(a: u16, b: u16) -> u16 [8] = a.min(b);
    /// `i16x8.max_s`: signed maximum.
    i16x8_max_s(a: i16, b: i16) -> i16 [8] = a.max(b);
    /// `i16x8.max_u`: unsigned maximum.
    i16x8_max_u(a: u16, b: u16) -> u16 [8] = a.max(b);
    /// `i16x8.avgr_u`: unsigned average rounding up, `(a + b + 1) / 2` without overflow.
    i16x8_avgr_u(a: u16, b: u16) -> u16 [8] = ((u32::from(a) + u32::from(b) + 1) >> 1) as u16;
    /// `i16x8.abs`: absolute value; -32768 stays -32768.
    i16x8_abs(a: i16) -> i16 [8] = a.wrapping_abs();
    /// `i16x8.neg`: wrapping negation.
    i16x8_neg(a: i16) -> i16 [8] = a.wrapping_neg();

    /// `i32x4.add`: wrapping addition.
    i32x4_add(a: i32, b: i32) -> i32 [4] = a.wrapping_add(b);
    /// `i32x4.sub`: wrapping subtraction.
    i32x4_sub(a: i32, b: i32) -> i32 [4] = a.wrapping_sub(b);
    /// `i32x4.mul`: wrapping multiplication (the low 32 bits of the product).
    i32x4_mul(a: i32, b: i32) -> i32 [4] = a.wrapping_mul(b);
    /// `i32x4.min_s`: signed minimum.
    i32x4_min_s(a: i32, b: i32) -> i32 [4] = a.min(b);
    /// `i32x4.min_u`: unsigned minimum.
    i32x4_min_u(a: u32, b: u32) -> u32 [4] = a.min(b);
    /// `i32x4.max_s`: signed maximum.
    i32x4_max_s(a: i32, b: i32) -> i32 [4] = a.max(b);
    /// `i32x4.max_u`: unsigned maximum.
    i32x4_max_u(a: u32, b: u32) -> u32 [4] = a.max(b);
    /// `i32x4.abs`: absolute value; `i32::MIN` stays `i32::MIN`.
    i32x4_abs(a: i32) -> i32 [4] = a.wrapping_abs();
    /// `i32x4.neg`: wrapping negation.
    i32x4_neg(a: i32) -> i32 [4] = a.wrapping_neg();

    /// `i64x2.add`: wrapping addition.
    i64x2_add(a: i64, b: i64) -> i64 [2] = a.wrapping_add(b);
    /// `i64x2.sub`: wrapping subtraction.
    i64x2_sub(a: i64, b: i64) -> i64 [2] = a.wrapping_sub(b);
    /// `i64x2.mul`: wrapping multiplication (the low 64 bits of the product).
    i64x2_mul(a: i64, b: i64) -> i64 [2] = a.wrapping_mul(b);
    /// `i64x2.abs`: absolute value; `i64::MIN` stays `i64::MIN`.
    i64x2_abs(a: i64) -> i64 [2] = a.wrapping_abs();
    /// `i64x2.neg`: wrapping negation.
    i64x2_neg(a: i64) -> i64 [2] = a.wrapping_neg();
}

/// Defines the three shifts of one shape: left, arithmetic right (on the signed lanes) and
/// logical right (on the unsigned lanes), each by the `i32` count modulo the lane width
/// (`wrapping_shl`/`wrapping_shr` take the count modulo the width).
macro_rules! shifts {
    ($($shl:ident, $shr_s:ident, $shr_u:ident: $s:ty, $u:ty, [$n:literal];)*) => {$(
        #[doc = concat!("`", stringify!($shl), "`: shift left by `count` modulo the lane width.")]
        #[inline]
        pub fn $shl(a: V128, count: i32) -> V128 {
            shift::<$u, $n>(a, |x| x.wrapping_shl(count as u32))
        }

        #[doc = concat!("`", stringify!($shr_s), "`: arithmetic shift right by `count` modulo ",
            "the lane width.")]
        #[inline]
        pub fn $shr_s(a: V128, count: i32) -> V128 {
            shift::<$s, $n>(a, |x| x.wrapping_shr(count as u32))
        }

        #[doc = concat!("`", stringify!($shr_u), "`: logical shift right by `count` modulo ",
            "the lane width.")]
        #[inline]
        pub fn $shr_u(a: V128, count: i32) -> V128 {
            shift::<$u, $n>(a, |x| x.wrapping_shr(count as u32))
        }
    )*};
}

/// `f` applied to each lane of `a` seen as `[T; N]`.
#[inline(always)]
fn shift<T: Copy, const N: usize>(a: V128, f: impl Fn(T) -> T) -> V128
where
    [T; N]: super::LaneArray,
{
    let lanes: [T; N] = super::LaneArray::of(a);
    super::LaneArray::to_v128(lanes.map(f))
}

shifts! {
    i8x16_shl, i8x16_shr_s, i8x16_shr_u: i8, u8, [16];
    i16x8_shl, i16x8_shr_s, i16x8_shr_u: i16, u16, [8];
    i32x4_shl, i32x4_shr_s, i32x4_shr_u: i32, u32, [4];
    i64x2_shl, i64x2_shr_s, i64x2_shr_u: i64, u64, [2];
}

comparisons! {
    [u8 => u8; 16] == i8x16_eq, != i8x16_ne;
    [i8 => u8; 16] < i8x16_lt_s, > i8x16_gt_s, <= i8x16_le_s, >= i8x16_ge_s;
    [u8 => u8; 16] < i8x16_lt_u, > i8x16_gt_u, <= i8x16_le_u, >= i8x16_ge_u;
    [u16 => u16; 8] == i16x8_eq, != i16x8_ne;
    [i16 => u16; 8] < i16x8_lt_s, > i16x8_gt_s, <= i16x8_le_s, >= i16x8_ge_s;
    [u16 => u16; 8] < i16x8_lt_u, > i16x8_gt_u, <= i16x8_le_u, >= i16x8_ge_u;
    [u32 => u32; 4] == i32x4_eq, != i32x4_ne;
    [i32 => u32; 4] < i32x4_lt_s, > i32x4_gt_s, <= i32x4_le_s, >= i32x4_ge_s;
    [u32 => u32; 4] < i32x4_lt_u, > i32x4_gt_u, <= i32x4_le_u, >= i32x4_ge_u;
    // i64x2 has no unsigned comparisons.
    [u64 => u64; 2] == i64x2_eq, != i64x2_ne;
    [i64 => u64; 2] < i64x2_lt_s, > i64x2_gt_s, <= i64x2_le_s, >= i64x2_ge_s;
}
