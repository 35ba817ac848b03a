//! Operations whose result lanes have another width or type than their operands': narrowing
//! with saturation, extension, extended multiplication, pairwise extended addition, the dot
//! product, Q15 rounding multiplication, float-to-int truncation with saturation, int-to-float
//! conversion, and `demote`/`promote`.

use super::float::WasmFloat;
use super::{V128, by_lane, lanewise};

by_lane! {
    /// `i8x16.narrow_i16x8_s`: `a`'s lanes then `b`'s, each saturated to `i8`.
    i8x16_narrow_i16x8_s(a: [i16; 8], b: [i16; 8]) -> [i8; 16] =
        |i| (if i < 8 { a[i] } else { b[i - 8] }).clamp(i8::MIN.into(), i8::MAX.into()) as i8;
    /// `i8x16.narrow_i16x8_u`: `a`'s lanes then `b`'s, each (signed) saturated to `u8`.
    i8x16_narrow_i16x8_u(a: [i16; 8], b: [i16; 8]) -> [u8; 16] =
        |i| (if i < 8 { a[i] } else { b[i - 8] }).clamp(0, u8::MAX.into()) as u8;
    /// `i16x8.narrow_i32x4_s`: `a`'s lanes then `b`'s, each saturated to `i16`.
    i16x8_narrow_i32x4_s(a: [i32; 4], b: [i32; 4]) -> [i16; 8] =
        |i| (if i < 4 { a[i] } else { b[i - 4] }).clamp(i16::MIN.into(), i16::MAX.into()) as i16;
    /// `i16x8.narrow_i32x4_u`: `a`'s lanes then `b`'s, each (signed) saturated to `u16`.
    i16x8_narrow_i32x4_u(a: [i32; 4], b: [i32; 4]) -> [u16; 8] =
        |i| (if i < 4 { a[i] } else { b[i - 4] }).clamp(0, u16::MAX.into()) as u16;

    /// `i16x8.extadd_pairwise_i8x16_s`: sums of adjacent signed lanes, widened.
    i16x8_extadd_pairwise_i8x16_s(a: [i8; 16]) -> [i16; 8] =
        |i| i16::from(a[2 * i]) + i16::from(a[2 * i + 1]);
    /// `i16x8.extadd_pairwise_i8x16_u`: sums of adjacent unsigned lanes, widened.
    i16x8_extadd_pairwise_i8x16_u(a: [u8; 16]) -> [u16; 8] =
        |i| u16::from(a[2 * i]) + u16::from(a[2 * i + 1]);
    /// `i32x4.extadd_pairwise_i16x8_s`: sums of adjacent signed lanes, widened.
    i32x4_extadd_pairwise_i16x8_s(a: [i16; 8]) -> [i32; 4] =
        |i| i32::from(a[2 * i]) + i32::from(a[2 * i + 1]);
    /// `i32x4.extadd_pairwise_i16x8_u`: sums of adjacent unsigned lanes, widened.
    i32x4_extadd_pairwise_i16x8_u(a: [u16; 8]) -> [u32; 4] =
        |i| u32::from(a[2 * i]) + u32::from(a[2 * i + 1]);

    /// `i32x4.dot_i16x8_s`: sums of the products of adjacent signed lanes; the one sum that
    /// overflows (`-32768 * -32768 * 2`) wraps to `i32::MIN`.
    i32x4_dot_i16x8_s(a: [i16; 8], b: [i16; 8]) -> [i32; 4] = |i| {
        let product = |j: usize| i32::from(a[j]) * i32::from(b[j]);
        product(2 * i).wrapping_add(product(2 * i + 1))
    };

    /// `i32x4.trunc_sat_f64x2_s_zero`: both lanes truncated, saturating to `i32` (NaN is 0),
    /// then two zero lanes.
    i32x4_trunc_sat_f64x2_s_zero(a: [f64; 2]) -> [i32; 4] =
        |i| if i < 2 { a[i] as i32 } else { 0 };
    /// `i32x4.trunc_sat_f64x2_u_zero`: both lanes truncated, saturating to `u32` (NaN is 0),
    /// then two zero lanes.
    i32x4_trunc_sat_f64x2_u_zero(a: [f64; 2]) -> [u32; 4] =
        |i| if i < 2 { a[i] as u32 } else { 0 };
    /// `f64x2.convert_low_i32x4_s`: the two low lanes, signed, exactly.
    f64x2_convert_low_i32x4_s(a: [i32; 4]) -> [f64; 2] = |i| a[i].into();
    /// `f64x2.convert_low_i32x4_u`: the two low lanes, unsigned, exactly.
    f64x2_convert_low_i32x4_u(a: [u32; 4]) -> [f64; 2] = |i| a[i].into();
    /// `f32x4.demote_f64x2_zero`: both lanes rounded to `f32` (NaN gives the canonical NaN),
    /// then two +0 lanes.
    f32x4_demote_f64x2_zero(a: [f64; 2]) -> [f32; 4] = |i| match a.get(i) {
        Some(x) if x.is_nan() => f32::CANONICAL_NAN,
        Some(&x) => x as f32,
        None => 0.0,
    };
    /// `f64x2.promote_low_f32x4`: the two low lanes, exactly (NaN gives the canonical NaN).
    f64x2_promote_low_f32x4(a: [f32; 4]) -> [f64; 2] =
        |i| if a[i].is_nan() { f64::CANONICAL_NAN } else { a[i].into() };
}

lanewise! {
    /// `i16x8.q15mulr_sat_s`: `(a * b + 0x4000) >> 15`, saturated to `i16` (only
    /// `-32768 * -32768` saturates).
    i16x8_q15mulr_sat_s(a: i16, b: i16) -> i16 [8] = q15mulr(a, b).min(i16::MAX.into()) as i16;
    /// `i32x4.trunc_sat_f32x4_s`: truncation saturating to `i32` (NaN is 0).
    i32x4_trunc_sat_f32x4_s(a: f32) -> i32 [4] = a as i32;
    /// `i32x4.trunc_sat_f32x4_u`: truncation saturating to `u32` (NaN is 0).
    i32x4_trunc_sat_f32x4_u(a: f32) -> u32 [4] = a as u32;
    /// `f32x4.convert_i32x4_s`: signed to float, rounding to nearest even.
    f32x4_convert_i32x4_s(a: i32) -> f32 [4] = a as f32;
    /// `f32x4.convert_i32x4_u`: unsigned to float, rounding to nearest even.
    f32x4_convert_i32x4_u(a: u32) -> f32 [4] = a as f32;
}

/// The Q15 product rounded, before saturation: at most 32768, for `-32768 * -32768`.
#[inline(always)]
fn q15mulr(a: i16, b: i16) -> i32 {
    (i32::from(a) * i32::from(b) + 0x4000) >> 15
}

/// Defines the low and high forms of a widening operation: `$low` takes the lower half of the
/// operands' lanes, `$high` the upper half, and both compute each widened result lane from the
/// operand lanes `a` (and `b`) by `$body`.
macro_rules! low_high {
    ($(
        $low:ident, $high:ident($a:ident: [$t:ty; $n:literal] $(, $b:ident)?)
            -> [$w:ty; $m:literal] = $body:expr;
    )*) => {$(
        by_lane! {
            #[doc = concat!("`", stringify!($low), "`: the low ", stringify!($m),
                " lanes, widened.")]
            $low($a: [$t; $n] $(, $b: [$t; $n])?) -> [$w; $m] = |i| {
                let $a = <$w>::from($a[i]);
                $(let $b = <$w>::from($b[i]);)?
                $body
            };
            #[doc = concat!("`", stringify!($high), "`: the high ", stringify!($m),
                " lanes, widened.")]
            $high($a: [$t; $n] $(, $b: [$t; $n])?) -> [$w; $m] = |i| {
                let $a = <$w>::from($a[i + $m]);
                $(let $b = <$w>::from($b[i + $m]);)?
                $body
            };
        }
    )*};
}

low_high! {
    i16x8_extend_low_i8x16_s, i16x8_extend_high_i8x16_s(a: [i8; 16]) -> [i16; 8] = a;
    i16x8_extend_low_i8x16_u, i16x8_extend_high_i8x16_u(a: [u8; 16]) -> [u16; 8] = a;
    i32x4_extend_low_i16x8_s, i32x4_extend_high_i16x8_s(a: [i16; 8]) -> [i32; 4] = a;
    i32x4_extend_low_i16x8_u, i32x4_extend_high_i16x8_u(a: [u16; 8]) -> [u32; 4] = a;
    i64x2_extend_low_i32x4_s, i64x2_extend_high_i32x4_s(a: [i32; 4]) -> [i64; 2] = a;
    i64x2_extend_low_i32x4_u, i64x2_extend_high_i32x4_u(a: [u32; 4]) -> [u64; 2] = a;

    // The widened products cannot overflow: |-128 * -128| < 2^15, 255 * 255 < 2^16, ...
    i16x8_extmul_low_i8x16_s, i16x8_extmul_high_i8x16_s(a: [i8; 16], b) -> [i16; 8] = a * b;
    i16x8_extmul_low_i8x16_u, i16x8_extmul_high_i8x16_u(a: [u8; 16], b) -> [u16; 8] = a * b;
    i32x4_extmul_low_i16x8_s, i32x4_extmul_high_i16x8_s(a: [i16; 8], b) -> [i32; 4] = a * b;
    i32x4_extmul_low_i16x8_u, i32x4_extmul_high_i16x8_u(a: [u16; 8], b) -> [u32; 4] = a * b;
    i64x2_extmul_low_i32x4_s, i64x2_extmul_high_i32x4_s(a: [i32; 4], b) -> [i64; 2] = a * b;
    i64x2_extmul_low_i32x4_u, i64x2_extmul_high_i32x4_u(a: [u32; 4], b) -> [u64; 2] = a * b;
}
