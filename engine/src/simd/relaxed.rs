//! Relaxed SIMD with one deterministic result per instruction, the same on every host (the
//! choices and why they are allowed are listed in the module doc of `simd`). Most are the
//! fixed-width instruction they relax; the fused multiply-adds and the dot products are
//! computed here.

use super::convert::{
    i16x8_q15mulr_sat_s, i32x4_trunc_sat_f32x4_s, i32x4_trunc_sat_f32x4_u,
    i32x4_trunc_sat_f64x2_s_zero, i32x4_trunc_sat_f64x2_u_zero,
};
use super::float::{f32x4_max, f32x4_min, f64x2_max, f64x2_min};
use super::lanes::{i8x16_swizzle, v128_bitselect};
use super::{V128, by_lane, lanewise};

/// Defines relaxed instructions that are exactly a fixed-width one.
macro_rules! same_as {
    ($($name:ident($($arg:ident),*) = $op:ident;)*) => {$(
        #[doc = concat!("`", stringify!($name), "`: `", stringify!($op), "` (see the module doc ",
            "of `simd`).")]
        #[inline]
        pub fn $name($($arg: V128),*) -> V128 {
            $op($($arg),*)
        }
    )*};
}

same_as! {
    i8x16_relaxed_swizzle(a, s) = i8x16_swizzle;
    i32x4_relaxed_trunc_f32x4_s(a) = i32x4_trunc_sat_f32x4_s;
    i32x4_relaxed_trunc_f32x4_u(a) = i32x4_trunc_sat_f32x4_u;
    i32x4_relaxed_trunc_f64x2_s_zero(a) = i32x4_trunc_sat_f64x2_s_zero;
    i32x4_relaxed_trunc_f64x2_u_zero(a) = i32x4_trunc_sat_f64x2_u_zero;
    i8x16_relaxed_laneselect(a, b, m) = v128_bitselect;
    i16x8_relaxed_laneselect(a, b, m) = v128_bitselect;
    i32x4_relaxed_laneselect(a, b, m) = v128_bitselect;
    i64x2_relaxed_laneselect(a, b, m) = v128_bitselect;
    f32x4_relaxed_min(a, b) = f32x4_min;
    f32x4_relaxed_max(a, b) = f32x4_max;
    f64x2_relaxed_min(a, b) = f64x2_min;
    f64x2_relaxed_max(a, b) = f64x2_max;
    i16x8_relaxed_q15mulr_s(a, b) = i16x8_q15mulr_sat_s;
}

lanewise! {
    /// `f32x4.relaxed_madd`: `a * b + c` with one rounding.
    f32x4_relaxed_madd(a: f32, b: f32, c: f32) -> f32 [4] = a.mul_add(b, c);
    /// `f32x4.relaxed_nmadd`: `-(a * b) + c` with one rounding.
    f32x4_relaxed_nmadd(a: f32, b: f32, c: f32) -> f32 [4] = (-a).mul_add(b, c);
    /// `f64x2.relaxed_madd`: `a * b + c` with one rounding.
    f64x2_relaxed_madd(a: f64, b: f64, c: f64) -> f64 [2] = a.mul_add(b, c);
    /// `f64x2.relaxed_nmadd`: `-(a * b) + c` with one rounding.
    f64x2_relaxed_nmadd(a: f64, b: f64, c: f64) -> f64 [2] = (-a).mul_add(b, c);
}

/// Lanes `2 * j` and `2 * j + 1` of `a` times those of `b`, all signed, added with signed
/// saturation to 16 bits: the pair sum both relaxed dot products are built on.
#[inline(always)]
fn dot_pair(a: &[i8; 16], b: &[i8; 16], j: usize) -> i16 {
    let product = |k: usize| i16::from(a[k]) * i16::from(b[k]);
    product(2 * j).saturating_add(product(2 * j + 1))
}

by_lane! {
    /// `i16x8.relaxed_dot_i8x16_i7x16_s`: sums of the products of adjacent lanes, both signed,
    /// saturated to `i16`.
    i16x8_relaxed_dot_i8x16_i7x16_s(a: [i8; 16], b: [i8; 16]) -> [i16; 8] =
        |i| dot_pair(&a, &b, i);
    /// `i32x4.relaxed_dot_i8x16_i7x16_add_s`: the saturated pair sums of
    /// `i16x8_relaxed_dot_i8x16_i7x16_s`, added two by two and to `c`'s lane (wrapping).
    i32x4_relaxed_dot_i8x16_i7x16_add_s(a: [i8; 16], b: [i8; 16], c: [i32; 4]) -> [i32; 4] =
        |i| {
            let sum = i32::from(dot_pair(&a, &b, 2 * i)) + i32::from(dot_pair(&a, &b, 2 * i + 1));
            sum.wrapping_add(c[i])
        };
}
