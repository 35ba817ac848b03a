//! Expected values worked out from the spec's definitions, concentrated on the edges: wrapping
//! and saturation bounds, shift counts at and past the lane width, NaN payloads and signed
//! zeros, ties in rounding, out-of-range truncations, and the relaxed choices.

use super::V128;
use super::convert::*;
use super::float::*;
use super::int::*;
use super::lanes::*;
use super::load::*;
use super::relaxed::*;

fn i8s(lanes: [i8; 16]) -> V128 {
    V128::from_i8x16(lanes)
}
fn u8s(lanes: [u8; 16]) -> V128 {
    V128::from_u8x16(lanes)
}
fn i16s(lanes: [i16; 8]) -> V128 {
    V128::from_i16x8(lanes)
}
fn i32s(lanes: [i32; 4]) -> V128 {
    V128::from_i32x4(lanes)
}
fn i64s(lanes: [i64; 2]) -> V128 {
    V128::from_i64x2(lanes)
}
fn f32s(lanes: [f32; 4]) -> V128 {
    V128::from_f32x4(lanes)
}
fn f64s(lanes: [f64; 2]) -> V128 {
    V128::from_f64x2(lanes)
}
fn f32_bits(lanes: [u32; 4]) -> V128 {
    V128::from_u32x4(lanes)
}
/// The bytes 0, 1, ..., 15 from `start`.
fn counting(start: u8) -> V128 {
    u8s(core::array::from_fn(|i| start + i as u8))
}

const CANONICAL_F32: u32 = 0x7fc0_0000;
const CANONICAL_F64: u64 = 0x7ff8_0000_0000_0000;
const SIGNALLING_F32: u32 = 0x7fa0_0001;
const SIGNALLING_F64: u64 = 0x7ff4_0000_0000_0001;

#[test]
fn lane_order_is_little_endian_and_cells_are_low_half_first() {
    let v = V128::from_cells(0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908);
    assert_eq!(v, counting(0));
    assert_eq!(v.to_cells(), (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908));
    assert_eq!(v.to_u16x8()[0], 0x0100);
    assert_eq!(v.to_u16x8()[7], 0x0f0e);
    assert_eq!(v.to_i32x4()[3], 0x0f0e_0d0c);
    assert_eq!(v.to_u64x2(), [0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908]);
    assert_eq!(V128::from_le_bytes(v.to_le_bytes()), v);
    assert_eq!(v.0 & 0xff, 0, "lane 0 is the lowest byte");
}

#[test]
fn float_lane_views_keep_nan_payloads() {
    let bits = [SIGNALLING_F32, 0xffc0_0001, 0x8000_0000, 1];
    assert_eq!(V128::from_f32x4(f32_bits(bits).to_f32x4()).to_u32x4(), bits);
    let bits = [SIGNALLING_F64, 0x8000_0000_0000_0000];
    assert_eq!(
        V128::from_f64x2(V128::from_u64x2(bits).to_f64x2()).to_u64x2(),
        bits
    );
}

#[test]
fn integer_add_sub_wrap_or_saturate() {
    let a = i8s([127, -128, 100, -100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let b = i8s([1, -1, 100, -100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(i8x16_add(a, b).to_i8x16()[..4], [-128, 127, -56, 56]);
    assert_eq!(
        i8x16_add_sat_s(a, b).to_i8x16()[..4],
        [127, -128, 127, -128]
    );
    assert_eq!(i8x16_sub(a, b).to_i8x16()[..2], [126, -127]);
    assert_eq!(i8x16_sub_sat_s(a, i8s([-1; 16])).to_i8x16()[0], 127);
    let a = u8s([200, 10, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let b = u8s([100, 20, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(i8x16_add_sat_u(a, b).to_u8x16()[..3], [255, 30, 255]);
    assert_eq!(i8x16_sub_sat_u(a, b).to_u8x16()[..3], [100, 0, 254]);

    let a = i16s([i16::MAX, i16::MIN, -1, 0, 0, 0, 0, 0]);
    let b = i16s([1, -1, 1, 0, 0, 0, 0, 0]);
    assert_eq!(i16x8_add(a, b).to_i16x8()[..3], [i16::MIN, i16::MAX, 0]);
    assert_eq!(
        i16x8_add_sat_s(a, b).to_i16x8()[..3],
        [i16::MAX, i16::MIN, 0]
    );
    assert_eq!(
        i16x8_sub_sat_s(a, b).to_i16x8()[..3],
        [i16::MAX - 1, i16::MIN + 1, -2]
    );
    assert_eq!(
        i16x8_add_sat_u(a, b).to_u16x8()[..3],
        [0x8000, 0xffff, 0xffff]
    );
    assert_eq!(i16x8_sub_sat_u(b, a).to_u16x8()[..3], [0, 0x7fff, 0]);
    assert_eq!(i16x8_sub(a, b).to_i16x8()[1], i16::MIN + 1);

    assert_eq!(
        i32x4_add(i32s([i32::MAX, 1, -1, 0]), i32s([1, 2, -1, 0])),
        i32s([i32::MIN, 3, -2, 0])
    );
    assert_eq!(
        i32x4_sub(i32s([i32::MIN, 1, 0, 0]), i32s([1, 2, 0, 0])),
        i32s([i32::MAX, -1, 0, 0])
    );
    assert_eq!(
        i64x2_add(i64s([i64::MAX, 5]), i64s([1, -6])),
        i64s([i64::MIN, -1])
    );
    assert_eq!(
        i64x2_sub(i64s([i64::MIN, 5]), i64s([1, 6])),
        i64s([i64::MAX, -1])
    );
}

#[test]
fn integer_mul_keeps_the_low_bits() {
    assert_eq!(
        i16x8_mul(
            i16s([0x4000, -1, 300, 0, 0, 0, 0, 0]),
            i16s([4, -1, 300, 0, 0, 0, 0, 0])
        ),
        i16s([0, 1, (90_000u32 as u16) as i16, 0, 0, 0, 0, 0])
    );
    assert_eq!(
        i32x4_mul(
            i32s([0x1_0000, i32::MIN, -3, 7]),
            i32s([0x1_0000, -1, 5, 6])
        ),
        i32s([0, i32::MIN, -15, 42])
    );
    assert_eq!(
        i64x2_mul(i64s([1 << 32, i64::MAX]), i64s([1 << 32, 2])),
        i64s([0, -2])
    );
}

#[test]
fn integer_min_max_avgr_abs_neg_popcnt() {
    let a = i8s([-1, 1, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let b = i8s([1, -1, 127, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(i8x16_min_s(a, b).to_i8x16()[..4], [-1, -1, -128, -128]);
    assert_eq!(i8x16_max_s(a, b).to_i8x16()[..4], [1, 1, 127, 127]);
    assert_eq!(i8x16_min_u(a, b).to_i8x16()[..4], [1, 1, 127, 127]);
    assert_eq!(i8x16_max_u(a, b).to_i8x16()[..4], [-1, -1, -128, -128]);
    let a16 = i16s([-1, 1, 0, 0, 0, 0, 0, 0]);
    let b16 = i16s([1, -1, 0, 0, 0, 0, 0, 0]);
    assert_eq!(i16x8_min_s(a16, b16).to_i16x8()[..2], [-1, -1]);
    assert_eq!(i16x8_min_u(a16, b16).to_i16x8()[..2], [1, 1]);
    assert_eq!(i16x8_max_s(a16, b16).to_i16x8()[..2], [1, 1]);
    assert_eq!(i16x8_max_u(a16, b16).to_i16x8()[..2], [-1, -1]);
    let a32 = i32s([-1, 1, i32::MIN, 0]);
    let b32 = i32s([1, -1, i32::MAX, 0]);
    assert_eq!(i32x4_min_s(a32, b32), i32s([-1, -1, i32::MIN, 0]));
    assert_eq!(i32x4_min_u(a32, b32), i32s([1, 1, i32::MAX, 0]));
    assert_eq!(i32x4_max_s(a32, b32), i32s([1, 1, i32::MAX, 0]));
    assert_eq!(i32x4_max_u(a32, b32), i32s([-1, -1, i32::MIN, 0]));

    let a = u8s([255, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let b = u8s([255, 1, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(i8x16_avgr_u(a, b).to_u8x16()[..4], [255, 1, 4, 1]);
    assert_eq!(
        i16x8_avgr_u(
            V128::from_u16x8([0xffff, 0, 5, 0, 0, 0, 0, 0]),
            V128::from_u16x8([0xffff, 1, 6, 0, 0, 0, 0, 0])
        )
        .to_u16x8()[..3],
        [0xffff, 1, 6]
    );

    let a = i8s([-128, -5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(i8x16_abs(a).to_i8x16()[..3], [-128, 5, 5]);
    assert_eq!(i8x16_neg(a).to_i8x16()[..3], [-128, 5, -5]);
    let a = i16s([i16::MIN, -5, 5, 0, 0, 0, 0, 0]);
    assert_eq!(i16x8_abs(a).to_i16x8()[..3], [i16::MIN, 5, 5]);
    assert_eq!(i16x8_neg(a).to_i16x8()[..3], [i16::MIN, 5, -5]);
    assert_eq!(
        i32x4_abs(i32s([i32::MIN, -5, 5, 0])),
        i32s([i32::MIN, 5, 5, 0])
    );
    assert_eq!(
        i32x4_neg(i32s([i32::MIN, -5, 5, 0])),
        i32s([i32::MIN, 5, -5, 0])
    );
    assert_eq!(i64x2_abs(i64s([i64::MIN, -5])), i64s([i64::MIN, 5]));
    assert_eq!(i64x2_neg(i64s([i64::MIN, -5])), i64s([i64::MIN, 5]));

    let a = u8s([0xff, 0x55, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(i8x16_popcnt(a).to_u8x16()[..5], [8, 4, 1, 0, 1]);
}

#[test]
fn shifts_take_the_count_modulo_the_lane_width() {
    let ones = i8s([1; 16]);
    assert_eq!(i8x16_shl(ones, 7).to_u8x16()[0], 0x80);
    assert_eq!(i8x16_shl(ones, 8), ones);
    assert_eq!(i8x16_shl(ones, 9).to_u8x16()[0], 2);
    let min = i8s([-128; 16]);
    assert_eq!(i8x16_shr_s(min, 1).to_i8x16()[0], -64);
    assert_eq!(i8x16_shr_u(min, 1).to_u8x16()[0], 0x40);
    assert_eq!(i8x16_shr_s(min, 15).to_i8x16()[0], -1);
    assert_eq!(i8x16_shr_u(min, -1).to_u8x16()[0], 1, "-1 is 7 modulo 8");

    let a = i16s([i16::MIN, 1, 0, 0, 0, 0, 0, 0]);
    assert_eq!(i16x8_shl(a, 17).to_i16x8()[..2], [0, 2]);
    assert_eq!(i16x8_shr_s(a, 16 + 15).to_i16x8()[..2], [-1, 0]);
    assert_eq!(i16x8_shr_u(a, 15).to_i16x8()[..2], [1, 0]);

    let a = i32s([i32::MIN, 1, -1, 0x10]);
    assert_eq!(i32x4_shl(a, 32), a);
    assert_eq!(i32x4_shl(a, 33), i32s([0, 2, -2, 0x20]));
    assert_eq!(i32x4_shr_s(a, -1), i32s([-1, 0, -1, 0]));
    assert_eq!(i32x4_shr_u(a, 31), i32s([1, 0, 1, 0]));

    let a = i64s([i64::MIN, 3]);
    assert_eq!(i64x2_shl(a, 64), a);
    assert_eq!(i64x2_shl(a, 65), i64s([0, 6]));
    assert_eq!(i64x2_shr_s(a, 65), i64s([i64::MIN / 2, 1]));
    assert_eq!(i64x2_shr_u(a, 63), i64s([1, 0]));
}

#[test]
fn integer_comparisons_give_all_ones_or_zero() {
    let a = i8s([-1, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let b = i8s([1, -1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let lanes = |v: V128| v.to_u8x16()[..3].to_vec();
    assert_eq!(lanes(i8x16_eq(a, b)), [0, 0, 0xff]);
    assert_eq!(lanes(i8x16_ne(a, b)), [0xff, 0xff, 0]);
    assert_eq!(lanes(i8x16_lt_s(a, b)), [0xff, 0, 0]);
    assert_eq!(lanes(i8x16_lt_u(a, b)), [0, 0xff, 0]);
    assert_eq!(lanes(i8x16_gt_s(a, b)), [0, 0xff, 0]);
    assert_eq!(lanes(i8x16_gt_u(a, b)), [0xff, 0, 0]);
    assert_eq!(lanes(i8x16_le_s(a, b)), [0xff, 0, 0xff]);
    assert_eq!(lanes(i8x16_le_u(a, b)), [0, 0xff, 0xff]);
    assert_eq!(lanes(i8x16_ge_s(a, b)), [0, 0xff, 0xff]);
    assert_eq!(lanes(i8x16_ge_u(a, b)), [0xff, 0, 0xff]);

    let a = i16s([-1, 1, 5, 0, 0, 0, 0, 0]);
    let b = i16s([1, -1, 5, 0, 0, 0, 0, 0]);
    let lanes = |v: V128| v.to_u16x8()[..3].to_vec();
    assert_eq!(lanes(i16x8_eq(a, b)), [0, 0, 0xffff]);
    assert_eq!(lanes(i16x8_ne(a, b)), [0xffff, 0xffff, 0]);
    assert_eq!(lanes(i16x8_lt_s(a, b)), [0xffff, 0, 0]);
    assert_eq!(lanes(i16x8_lt_u(a, b)), [0, 0xffff, 0]);
    assert_eq!(lanes(i16x8_gt_s(a, b)), [0, 0xffff, 0]);
    assert_eq!(lanes(i16x8_gt_u(a, b)), [0xffff, 0, 0]);
    assert_eq!(lanes(i16x8_le_s(a, b)), [0xffff, 0, 0xffff]);
    assert_eq!(lanes(i16x8_le_u(a, b)), [0, 0xffff, 0xffff]);
    assert_eq!(lanes(i16x8_ge_s(a, b)), [0, 0xffff, 0xffff]);
    assert_eq!(lanes(i16x8_ge_u(a, b)), [0xffff, 0, 0xffff]);

    let a = i32s([-1, 1, 5, 0]);
    let b = i32s([1, -1, 5, 0]);
    assert_eq!(i32x4_eq(a, b), i32s([0, 0, -1, -1]));
    assert_eq!(i32x4_ne(a, b), i32s([-1, -1, 0, 0]));
    assert_eq!(i32x4_lt_s(a, b), i32s([-1, 0, 0, 0]));
    assert_eq!(i32x4_lt_u(a, b), i32s([0, -1, 0, 0]));
    assert_eq!(i32x4_gt_s(a, b), i32s([0, -1, 0, 0]));
    assert_eq!(i32x4_gt_u(a, b), i32s([-1, 0, 0, 0]));
    assert_eq!(i32x4_le_s(a, b), i32s([-1, 0, -1, -1]));
    assert_eq!(i32x4_le_u(a, b), i32s([0, -1, -1, -1]));
    assert_eq!(i32x4_ge_s(a, b), i32s([0, -1, -1, -1]));
    assert_eq!(i32x4_ge_u(a, b), i32s([-1, 0, -1, -1]));

    let a = i64s([i64::MIN, 7]);
    let b = i64s([i64::MAX, 7]);
    assert_eq!(i64x2_eq(a, b), i64s([0, -1]));
    assert_eq!(i64x2_ne(a, b), i64s([-1, 0]));
    assert_eq!(i64x2_lt_s(a, b), i64s([-1, 0]));
    assert_eq!(i64x2_gt_s(a, b), i64s([0, 0]));
    assert_eq!(i64x2_le_s(a, b), i64s([-1, -1]));
    assert_eq!(i64x2_ge_s(a, b), i64s([0, -1]));
}

#[test]
fn float_min_max_propagate_nan_and_order_zeros() {
    let nan = f32::from_bits(SIGNALLING_F32);
    let a = f32s([nan, 1.0, -0.0, 0.0]);
    let b = f32s([1.0, nan, 0.0, -0.0]);
    assert_eq!(
        f32x4_min(a, b).to_u32x4(),
        [
            CANONICAL_F32,
            CANONICAL_F32,
            (-0.0f32).to_bits(),
            (-0.0f32).to_bits()
        ]
    );
    assert_eq!(
        f32x4_max(a, b).to_u32x4(),
        [CANONICAL_F32, CANONICAL_F32, 0, 0]
    );
    let both_neg = f32s([-0.0; 4]);
    assert_eq!(f32x4_max(both_neg, both_neg), both_neg);
    assert_eq!(
        f32x4_min(
            f32s([1.0, -3.0, f32::INFINITY, 2.0]),
            f32s([2.0, -4.0, 5.0, 2.0])
        ),
        f32s([1.0, -4.0, 5.0, 2.0])
    );
    assert_eq!(
        f32x4_max(
            f32s([1.0, -3.0, f32::NEG_INFINITY, 2.0]),
            f32s([2.0, -4.0, 5.0, 2.0])
        ),
        f32s([2.0, -3.0, 5.0, 2.0])
    );

    let nan = f64::from_bits(SIGNALLING_F64);
    assert_eq!(
        f64x2_min(f64s([nan, -0.0]), f64s([1.0, 0.0])).to_u64x2(),
        [CANONICAL_F64, (-0.0f64).to_bits()]
    );
    assert_eq!(
        f64x2_max(f64s([1.0, -0.0]), f64s([nan, 0.0])).to_u64x2(),
        [CANONICAL_F64, 0]
    );
    assert_eq!(
        f64x2_min(f64s([1.0, 5.0]), f64s([2.0, -5.0])),
        f64s([1.0, -5.0])
    );
    assert_eq!(
        f64x2_max(f64s([1.0, 5.0]), f64s([2.0, -5.0])),
        f64s([2.0, 5.0])
    );
}

#[test]
fn float_pmin_pmax_are_the_c_forms() {
    let nan = f32::from_bits(SIGNALLING_F32);
    // pmin = b < a ? b : a; pmax = a < b ? b : a: a NaN or an equal zero leaves `a`.
    let a = f32s([-0.0, 0.0, nan, 1.0]);
    let b = f32s([0.0, -0.0, 1.0, nan]);
    let expected_a = [(-0.0f32).to_bits(), 0, SIGNALLING_F32, 1.0f32.to_bits()];
    assert_eq!(f32x4_pmin(a, b).to_u32x4(), expected_a);
    assert_eq!(f32x4_pmax(a, b).to_u32x4(), expected_a);
    assert_eq!(
        f32x4_pmin(f32s([2.0, 1.0, 0.0, 0.0]), f32s([1.0, 2.0, 0.0, 0.0])),
        f32s([1.0, 1.0, 0.0, 0.0])
    );
    assert_eq!(
        f32x4_pmax(f32s([2.0, 1.0, 0.0, 0.0]), f32s([1.0, 2.0, 0.0, 0.0])),
        f32s([2.0, 2.0, 0.0, 0.0])
    );
    let nan = f64::from_bits(SIGNALLING_F64);
    assert_eq!(
        f64x2_pmin(f64s([nan, 2.0]), f64s([1.0, 1.0])).to_u64x2(),
        [SIGNALLING_F64, 1.0f64.to_bits()]
    );
    assert_eq!(
        f64x2_pmax(f64s([-0.0, 2.0]), f64s([0.0, 3.0])).to_u64x2(),
        [(-0.0f64).to_bits(), 3.0f64.to_bits()]
    );
}

#[test]
fn float_rounding_ties_to_even_and_keeps_signs() {
    let nearest = f32x4_nearest(f32s([0.5, 1.5, 2.5, -0.5]));
    assert_eq!(
        nearest.to_u32x4(),
        [0, 2.0f32.to_bits(), 2.0f32.to_bits(), (-0.0f32).to_bits()]
    );
    assert_eq!(
        f32x4_nearest(f32s([-2.5, 3.5, 8388609.0, -1.4])),
        f32s([-2.0, 4.0, 8388609.0, -1.0])
    );
    assert_eq!(
        f32x4_ceil(f32s([-0.5, 0.1, -1.5, 2.0])).to_u32x4()[0],
        (-0.0f32).to_bits()
    );
    assert_eq!(
        f32x4_ceil(f32s([-0.5, 0.1, -1.5, 2.0])),
        f32s([-0.0, 1.0, -1.0, 2.0])
    );
    assert_eq!(
        f32x4_floor(f32s([-0.5, 0.1, -1.5, 2.0])),
        f32s([-1.0, 0.0, -2.0, 2.0])
    );
    assert_eq!(
        f32x4_trunc(f32s([-0.5, 1.9, -1.5, 2.0])).to_u32x4()[0],
        (-0.0f32).to_bits()
    );
    assert_eq!(
        f32x4_trunc(f32s([-0.5, 1.9, -1.5, 2.0])),
        f32s([-0.0, 1.0, -1.0, 2.0])
    );

    assert_eq!(f64x2_nearest(f64s([2.5, -3.5])), f64s([2.0, -4.0]));
    assert_eq!(
        f64x2_nearest(f64s([4503599627370497.0, 0.49999999999999994])),
        f64s([4503599627370497.0, 0.0])
    );
    assert_eq!(
        f64x2_ceil(f64s([-0.5, 1.1])).to_u64x2(),
        [(-0.0f64).to_bits(), 2.0f64.to_bits()]
    );
    assert_eq!(f64x2_floor(f64s([-0.5, 1.1])), f64s([-1.0, 1.0]));
    assert_eq!(f64x2_trunc(f64s([-1.9, 1.9])), f64s([-1.0, 1.0]));
}

#[test]
fn float_rounding_quiets_a_signalling_nan() {
    let quiet_f32 = 1 << 22;
    for round in [f32x4_ceil, f32x4_floor, f32x4_trunc, f32x4_nearest] {
        let r = round(f32_bits([SIGNALLING_F32, CANONICAL_F32, 0, 0])).to_u32x4();
        assert!(
            f32::from_bits(r[0]).is_nan() && r[0] & quiet_f32 != 0,
            "{:#x}",
            r[0]
        );
        assert_eq!(
            r[1] & 0x7fff_ffff,
            CANONICAL_F32,
            "a canonical NaN stays canonical"
        );
    }
    let quiet_f64 = 1 << 51;
    for round in [f64x2_ceil, f64x2_floor, f64x2_trunc, f64x2_nearest] {
        let r = round(V128::from_u64x2([SIGNALLING_F64, 0])).to_u64x2();
        assert!(
            f64::from_bits(r[0]).is_nan() && r[0] & quiet_f64 != 0,
            "{:#x}",
            r[0]
        );
    }
}

#[test]
fn float_abs_neg_only_touch_the_sign_bit() {
    let a = f32_bits([0xffa0_0000, SIGNALLING_F32, 0x8000_0000, 0x3f80_0000]);
    assert_eq!(
        f32x4_abs(a).to_u32x4(),
        [0x7fa0_0000, SIGNALLING_F32, 0, 0x3f80_0000]
    );
    assert_eq!(
        f32x4_neg(a).to_u32x4(),
        [0x7fa0_0000, 0xffa0_0001, 0, 0xbf80_0000]
    );
    let a = V128::from_u64x2([SIGNALLING_F64 | 1 << 63, 0]);
    assert_eq!(f64x2_abs(a).to_u64x2(), [SIGNALLING_F64, 0]);
    assert_eq!(f64x2_neg(a).to_u64x2(), [SIGNALLING_F64, 1 << 63]);
}

#[test]
fn float_arithmetic_is_ieee() {
    let a = f32s([1.0, 0.0, 1e38, 2.0]);
    let b = f32s([0.0, 0.0, 10.0, 4.0]);
    let q = f32x4_div(a, b).to_f32x4();
    assert_eq!(q[0], f32::INFINITY);
    assert!(q[1].is_nan());
    assert_eq!(q[3], 0.5);
    assert_eq!(f32x4_mul(a, b).to_f32x4()[2], f32::INFINITY);
    assert_eq!(f32x4_add(a, b), f32s([1.0, 0.0, 1e38, 6.0]));
    assert_eq!(f32x4_sub(a, b), f32s([1.0, 0.0, 1e38, -2.0]));
    assert_eq!(
        f32x4_sqrt(f32s([4.0, 2.0, -0.0, 0.0])),
        f32s([2.0, 2f32.sqrt(), -0.0, 0.0])
    );
    assert!(f32x4_sqrt(f32s([-1.0; 4])).to_f32x4()[0].is_nan());
    assert_eq!(
        f64x2_add(f64s([0.1, 1.0]), f64s([0.2, -1.0])),
        f64s([0.1 + 0.2, 0.0])
    );
    assert_eq!(
        f64x2_sub(f64s([0.3, 1.0]), f64s([0.1, 2.0])),
        f64s([0.3 - 0.1, -1.0])
    );
    assert_eq!(
        f64x2_mul(f64s([1e308, 3.0]), f64s([10.0, 0.5])),
        f64s([f64::INFINITY, 1.5])
    );
    assert_eq!(
        f64x2_div(f64s([1.0, -1.0]), f64s([3.0, 0.0])),
        f64s([1.0 / 3.0, f64::NEG_INFINITY])
    );
    assert_eq!(f64x2_sqrt(f64s([9.0, 2.0])), f64s([3.0, 2f64.sqrt()]));
}

#[test]
fn float_comparisons_follow_ieee() {
    let nan = f32::NAN;
    let a = f32s([nan, -0.0, 1.0, 2.0]);
    let b = f32s([nan, 0.0, 2.0, 1.0]);
    assert_eq!(f32x4_eq(a, b), i32s([0, -1, 0, 0]));
    assert_eq!(f32x4_ne(a, b), i32s([-1, 0, -1, -1]));
    assert_eq!(f32x4_lt(a, b), i32s([0, 0, -1, 0]));
    assert_eq!(f32x4_gt(a, b), i32s([0, 0, 0, -1]));
    assert_eq!(f32x4_le(a, b), i32s([0, -1, -1, 0]));
    assert_eq!(f32x4_ge(a, b), i32s([0, -1, 0, -1]));
    let a = f64s([f64::NAN, -0.0]);
    let b = f64s([1.0, 0.0]);
    assert_eq!(f64x2_eq(a, b), i64s([0, -1]));
    assert_eq!(f64x2_ne(a, b), i64s([-1, 0]));
    assert_eq!(f64x2_lt(a, b), i64s([0, 0]));
    assert_eq!(f64x2_gt(a, b), i64s([0, 0]));
    assert_eq!(f64x2_le(a, b), i64s([0, -1]));
    assert_eq!(f64x2_ge(a, b), i64s([0, -1]));
    assert_eq!(f64x2_lt(f64s([1.0, 3.0]), f64s([2.0, 2.0])), i64s([-1, 0]));
}

#[test]
fn narrowing_saturates() {
    let a = i16s([300, -300, 127, -128, 128, -129, 0, 1]);
    let b = i16s([-1, 256, 255, 0, i16::MIN, i16::MAX, 2, 3]);
    assert_eq!(
        i8x16_narrow_i16x8_s(a, b),
        i8s([
            127, -128, 127, -128, 127, -128, 0, 1, -1, 127, 127, 0, -128, 127, 2, 3
        ])
    );
    assert_eq!(
        i8x16_narrow_i16x8_u(a, b),
        u8s([255, 0, 127, 0, 128, 0, 0, 1, 0, 255, 255, 0, 0, 255, 2, 3])
    );
    let a = i32s([70_000, -70_000, 32_767, -32_768]);
    let b = i32s([-5, 40_000, 65_535, 65_536]);
    assert_eq!(
        i16x8_narrow_i32x4_s(a, b),
        i16s([32_767, -32_768, 32_767, -32_768, -5, 32_767, 32_767, 32_767])
    );
    assert_eq!(
        i16x8_narrow_i32x4_u(a, b).to_u16x8(),
        [65_535, 0, 32_767, 0, 0, 40_000, 65_535, 65_535]
    );
}

#[test]
fn extension_takes_the_low_or_high_half() {
    let a = i8s([-1, 2, -3, 4, 5, 6, 7, -128, -8, 9, 10, 11, 12, 13, 14, 127]);
    assert_eq!(
        i16x8_extend_low_i8x16_s(a),
        i16s([-1, 2, -3, 4, 5, 6, 7, -128])
    );
    assert_eq!(
        i16x8_extend_high_i8x16_s(a),
        i16s([-8, 9, 10, 11, 12, 13, 14, 127])
    );
    assert_eq!(
        i16x8_extend_low_i8x16_u(a),
        i16s([255, 2, 253, 4, 5, 6, 7, 128])
    );
    assert_eq!(
        i16x8_extend_high_i8x16_u(a),
        i16s([248, 9, 10, 11, 12, 13, 14, 127])
    );
    let a = i16s([-1, 2, 3, 4, i16::MIN, 6, 7, -8]);
    assert_eq!(i32x4_extend_low_i16x8_s(a), i32s([-1, 2, 3, 4]));
    assert_eq!(i32x4_extend_high_i16x8_s(a), i32s([-32_768, 6, 7, -8]));
    assert_eq!(i32x4_extend_low_i16x8_u(a), i32s([65_535, 2, 3, 4]));
    assert_eq!(i32x4_extend_high_i16x8_u(a), i32s([32_768, 6, 7, 65_528]));
    let a = i32s([-1, 2, i32::MIN, 4]);
    assert_eq!(i64x2_extend_low_i32x4_s(a), i64s([-1, 2]));
    assert_eq!(i64x2_extend_high_i32x4_s(a), i64s([i32::MIN.into(), 4]));
    assert_eq!(i64x2_extend_low_i32x4_u(a), i64s([0xffff_ffff, 2]));
    assert_eq!(i64x2_extend_high_i32x4_u(a), i64s([0x8000_0000, 4]));
}

#[test]
fn extended_multiplication_is_exact() {
    let a = i8s([-128, 127, -1, 2, 0, 0, 0, 0, -128, 127, 3, 0, 0, 0, 0, 0]);
    assert_eq!(
        i16x8_extmul_low_i8x16_s(a, a).to_i16x8()[..4],
        [16_384, 16_129, 1, 4]
    );
    assert_eq!(
        i16x8_extmul_high_i8x16_s(a, a).to_i16x8()[..3],
        [16_384, 16_129, 9]
    );
    assert_eq!(
        i16x8_extmul_low_i8x16_u(a, a).to_u16x8()[..4],
        [16_384, 16_129, 65_025, 4]
    );
    assert_eq!(
        i16x8_extmul_high_i8x16_u(a, a).to_u16x8()[..3],
        [16_384, 16_129, 9]
    );
    let a = i16s([i16::MIN, -1, 0, 0, i16::MIN, 2, 0, 0]);
    assert_eq!(i32x4_extmul_low_i16x8_s(a, a), i32s([1 << 30, 1, 0, 0]));
    assert_eq!(i32x4_extmul_high_i16x8_s(a, a), i32s([1 << 30, 4, 0, 0]));
    assert_eq!(
        i32x4_extmul_low_i16x8_u(a, a).to_u32x4(),
        [1 << 30, 0xfffe_0001, 0, 0]
    );
    assert_eq!(
        i32x4_extmul_high_i16x8_u(a, a).to_u32x4(),
        [1 << 30, 4, 0, 0]
    );
    let a = i32s([i32::MIN, -1, 3, i32::MAX]);
    assert_eq!(i64x2_extmul_low_i32x4_s(a, a), i64s([1 << 62, 1]));
    assert_eq!(
        i64x2_extmul_high_i32x4_s(a, a),
        i64s([9, (i32::MAX as i64) * (i32::MAX as i64)])
    );
    assert_eq!(
        i64x2_extmul_low_i32x4_u(a, a).to_u64x2(),
        [1 << 62, 0xffff_fffe_0000_0001]
    );
    assert_eq!(i64x2_extmul_high_i32x4_u(a, a).to_u64x2()[0], 9);
}

#[test]
fn pairwise_addition_and_dot_product() {
    let a = i8s([-128, -128, 127, 127, -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 6]);
    assert_eq!(
        i16x8_extadd_pairwise_i8x16_s(a),
        i16s([-256, 254, 0, 0, 0, 0, 0, 11])
    );
    assert_eq!(
        i16x8_extadd_pairwise_i8x16_u(a),
        i16s([256, 254, 256, 0, 0, 0, 0, 11])
    );
    let a = i16s([i16::MIN, i16::MIN, -1, -1, 1, 2, 0, 0]);
    assert_eq!(i32x4_extadd_pairwise_i16x8_s(a), i32s([-65_536, -2, 3, 0]));
    assert_eq!(
        i32x4_extadd_pairwise_i16x8_u(a),
        i32s([65_536, 131_070, 3, 0])
    );

    let min = i16s([i16::MIN; 8]);
    assert_eq!(
        i32x4_dot_i16x8_s(min, min),
        i32s([i32::MIN; 4]),
        "2^31 wraps"
    );
    assert_eq!(
        i32x4_dot_i16x8_s(
            i16s([1, 2, 3, 4, 5, 6, 7, 8]),
            i16s([-1, 1, 2, 2, 0, 0, i16::MAX, 1])
        ),
        i32s([1, 14, 0, 7 * 32_767 + 8])
    );
}

#[test]
fn q15_multiplication_rounds_and_saturates() {
    let a = i16s([
        i16::MIN,
        0x4000,
        -1,
        1,
        -16_384,
        -16_385,
        i16::MAX,
        i16::MIN,
    ]);
    let b = i16s([i16::MIN, 0x4000, 1, 16_384, 1, 1, i16::MAX, i16::MAX]);
    let expected = i16s([i16::MAX, 0x2000, 0, 1, 0, -1, 32_766, -32_767]);
    assert_eq!(i16x8_q15mulr_sat_s(a, b), expected);
    assert_eq!(i16x8_relaxed_q15mulr_s(a, b), expected);
}

#[test]
fn truncation_saturates_and_maps_nan_to_zero() {
    let a = f32s([f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -2.9]);
    assert_eq!(
        i32x4_trunc_sat_f32x4_s(a),
        i32s([0, i32::MAX, i32::MIN, -2])
    );
    assert_eq!(i32x4_trunc_sat_f32x4_u(a).to_u32x4(), [0, u32::MAX, 0, 0]);
    let a = f32s([2_147_483_648.0, -2_147_483_904.0, 4_294_967_296.0, -0.9]);
    assert_eq!(
        i32x4_trunc_sat_f32x4_s(a),
        i32s([i32::MAX, i32::MIN, i32::MAX, 0])
    );
    assert_eq!(
        i32x4_trunc_sat_f32x4_u(a).to_u32x4(),
        [2_147_483_648, 0, u32::MAX, 0]
    );

    let a = f64s([f64::NAN, -1e10]);
    assert_eq!(i32x4_trunc_sat_f64x2_s_zero(a), i32s([0, i32::MIN, 0, 0]));
    assert_eq!(
        i32x4_trunc_sat_f64x2_s_zero(f64s([2_147_483_647.9, -2_147_483_648.9])),
        i32s([i32::MAX, i32::MIN, 0, 0])
    );
    let a = f64s([4_294_967_295.9, -0.5]);
    assert_eq!(
        i32x4_trunc_sat_f64x2_u_zero(a).to_u32x4(),
        [u32::MAX, 0, 0, 0]
    );
    assert_eq!(
        i32x4_trunc_sat_f64x2_u_zero(f64s([1e20, f64::NAN])).to_u32x4(),
        [u32::MAX, 0, 0, 0]
    );
}

#[test]
fn int_to_float_rounds_to_nearest_even() {
    let a = i32s([16_777_217, -16_777_219, -1, i32::MIN]);
    assert_eq!(
        f32x4_convert_i32x4_s(a),
        f32s([16_777_216.0, -16_777_220.0, -1.0, -2_147_483_648.0])
    );
    assert_eq!(
        f32x4_convert_i32x4_u(a),
        f32s([
            16_777_216.0,
            4_278_190_080.0,
            4_294_967_296.0,
            2_147_483_648.0
        ])
    );
    let a = i32s([-1, i32::MIN, 7, 8]);
    assert_eq!(f64x2_convert_low_i32x4_s(a), f64s([-1.0, -2_147_483_648.0]));
    assert_eq!(
        f64x2_convert_low_i32x4_u(a),
        f64s([4_294_967_295.0, 2_147_483_648.0])
    );
}

#[test]
fn demote_and_promote() {
    let tie = 1.0 + f64::powi(2.0, -24);
    let r = f32x4_demote_f64x2_zero(f64s([1e300, tie]));
    assert_eq!(
        r.to_u32x4(),
        [f32::INFINITY.to_bits(), 1.0f32.to_bits(), 0, 0]
    );
    let r = f32x4_demote_f64x2_zero(V128::from_u64x2([SIGNALLING_F64, (-1e-300f64).to_bits()]));
    assert_eq!(r.to_u32x4(), [CANONICAL_F32, (-0.0f32).to_bits(), 0, 0]);

    let r = f64x2_promote_low_f32x4(f32_bits([SIGNALLING_F32, 1, 0x3f80_0000, 0]));
    assert_eq!(
        r.to_u64x2(),
        [CANONICAL_F64, f64::from(f32::from_bits(1)).to_bits()]
    );
    assert_eq!(
        f64x2_promote_low_f32x4(f32s([0.1, -0.0, 9.0, 9.0])).to_u64x2(),
        [f64::from(0.1f32).to_bits(), (-0.0f64).to_bits()]
    );
}

#[test]
fn splat_extract_replace() {
    assert_eq!(i8x16_splat(0x1ff), u8s([0xff; 16]));
    assert_eq!(i16x8_splat(0x1_8000), i16s([i16::MIN; 8]));
    assert_eq!(i32x4_splat(-7), i32s([-7; 4]));
    assert_eq!(i64x2_splat(i64::MIN), i64s([i64::MIN; 2]));
    assert_eq!(
        f32x4_splat(f32::from_bits(SIGNALLING_F32)).to_u32x4(),
        [SIGNALLING_F32; 4]
    );
    assert_eq!(f64x2_splat(-0.0).to_u64x2(), [1 << 63; 2]);

    let v = counting(0xf0);
    assert_eq!(i8x16_extract_lane_s(v, 15), -1);
    assert_eq!(i8x16_extract_lane_u(v, 15), 255);
    assert_eq!(i8x16_extract_lane_u(v, 0), 0xf0);
    let v = i16s([0, 0, 0, i16::MIN, 0, 0, 0, -1]);
    assert_eq!(i16x8_extract_lane_s(v, 3), -32_768);
    assert_eq!(i16x8_extract_lane_u(v, 3), 32_768);
    assert_eq!(i16x8_extract_lane_u(v, 7), 65_535);
    assert_eq!(i32x4_extract_lane(i32s([1, 2, 3, -4]), 3), -4);
    assert_eq!(i64x2_extract_lane(i64s([1, -2]), 1), -2);
    assert_eq!(
        f32x4_extract_lane(f32_bits([0, 0, SIGNALLING_F32, 0]), 2).to_bits(),
        SIGNALLING_F32
    );
    assert_eq!(
        f64x2_extract_lane(V128::from_u64x2([0, SIGNALLING_F64]), 1).to_bits(),
        SIGNALLING_F64
    );

    let zero = V128::default();
    assert_eq!(i8x16_replace_lane(zero, 15, 0x1ab).to_u8x16()[15], 0xab);
    assert_eq!(
        i8x16_replace_lane(zero, 15, 0x1ab).to_u8x16()[..15],
        [0; 15]
    );
    assert_eq!(
        i16x8_replace_lane(zero, 1, -1),
        i16s([0, -1, 0, 0, 0, 0, 0, 0])
    );
    assert_eq!(i32x4_replace_lane(zero, 2, 9), i32s([0, 0, 9, 0]));
    assert_eq!(i64x2_replace_lane(zero, 1, -9), i64s([0, -9]));
    assert_eq!(
        f32x4_replace_lane(zero, 0, f32::from_bits(SIGNALLING_F32)).to_u32x4(),
        [SIGNALLING_F32, 0, 0, 0]
    );
    assert_eq!(f64x2_replace_lane(zero, 1, 1.5), f64s([0.0, 1.5]));
}

#[test]
fn shuffle_picks_from_both_operands() {
    let a = counting(0);
    let b = counting(16);
    let lanes: [u8; 16] = [31, 0, 17, 15, 16, 1, 30, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert_eq!(i8x16_shuffle(a, b, lanes), u8s(lanes));
    let reversed: [u8; 16] = core::array::from_fn(|i| 31 - i as u8);
    assert_eq!(
        i8x16_shuffle(a, counting(100), reversed),
        u8s(core::array::from_fn(|i| 115 - i as u8))
    );
}

#[test]
fn swizzle_gives_zero_for_indexes_past_15() {
    let a = counting(100);
    let s = u8s([
        0, 15, 16, 255, 128, 3, 31, 1, 2, 2, 14, 17, 0x80, 0x7f, 4, 5,
    ]);
    let expected = u8s([
        100, 115, 0, 0, 0, 103, 0, 101, 102, 102, 114, 0, 0, 0, 104, 105,
    ]);
    assert_eq!(i8x16_swizzle(a, s), expected);
    assert_eq!(i8x16_relaxed_swizzle(a, s), expected);
}

#[test]
fn bitmasks_and_predicates() {
    let a = i8s([-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -128]);
    assert_eq!(i8x16_bitmask(a), 0x8001);
    assert_eq!(i8x16_bitmask(u8s([0x80; 16])), 0xffff);
    assert_eq!(i16x8_bitmask(i16s([0, 0, 0, 0, 0, 0, 0x7fff, -1])), 0x80);
    assert_eq!(i32x4_bitmask(i32s([-1, 0, i32::MIN, 1])), 0b0101);
    assert_eq!(i64x2_bitmask(i64s([0, i64::MIN])), 0b10);

    assert!(i8x16_all_true(u8s([1; 16])));
    assert!(!i8x16_all_true(a));
    assert!(
        i16x8_all_true(i16s([0x100; 8])),
        "a lane with a zero low byte is still true"
    );
    assert!(!i16x8_all_true(i16s([1, 1, 1, 1, 1, 1, 1, 0])));
    assert!(i32x4_all_true(i32s([0x100_0000, 1, -1, 2])));
    assert!(!i32x4_all_true(i32s([1, 0, 1, 1])));
    assert!(i64x2_all_true(i64s([1 << 40, 1])));
    assert!(!i64x2_all_true(i64s([0, 1])));

    assert!(!v128_any_true(V128::default()));
    assert!(v128_any_true(V128(1 << 127)));
}

#[test]
fn bitwise_operations() {
    let a = V128(0xff00_ff00_0000_0000_ffff_0000_f0f0_1234);
    let b = V128(0x0ff0_0ff0_ffff_ffff_0000_0000_ff00_ffff);
    assert_eq!(v128_not(a), V128(!a.0));
    assert_eq!(v128_and(a, b), V128(a.0 & b.0));
    assert_eq!(
        v128_andnot(a, b),
        V128(0xf000_f000_0000_0000_ffff_0000_00f0_0000)
    );
    assert_eq!(v128_or(a, b), V128(a.0 | b.0));
    assert_eq!(v128_xor(a, b), V128(a.0 ^ b.0));
    let mask = V128(0xffff_ffff_0000_0000_f0f0_f0f0_0000_ffff);
    let selected = V128(0xff00_ff00_ffff_ffff_f0f0_0000_ff00_1234);
    assert_eq!(v128_bitselect(a, b, mask), selected);
    for laneselect in [
        i8x16_relaxed_laneselect,
        i16x8_relaxed_laneselect,
        i32x4_relaxed_laneselect,
        i64x2_relaxed_laneselect,
    ] {
        assert_eq!(laneselect(a, b, mask), selected);
    }
}

#[test]
fn load_helpers() {
    let bytes = 0x7f80_ff01_0203_fffe_u64;
    assert_eq!(
        v128_load8x8_s(bytes),
        i16s([-2, -1, 3, 2, 1, -1, -128, 127])
    );
    assert_eq!(
        v128_load8x8_u(bytes),
        i16s([254, 255, 3, 2, 1, 255, 128, 127])
    );
    assert_eq!(v128_load16x4_s(bytes), i32s([-2, 0x0203, -255, 0x7f80]));
    assert_eq!(
        v128_load16x4_u(bytes),
        i32s([0xfffe, 0x0203, 0xff01, 0x7f80])
    );
    assert_eq!(v128_load32x2_s(0xffff_ffff_0000_0001), i64s([1, -1]));
    assert_eq!(
        v128_load32x2_u(0xffff_ffff_0000_0001),
        i64s([1, 0xffff_ffff])
    );

    assert_eq!(v128_load8_splat(0x80), u8s([0x80; 16]));
    assert_eq!(v128_load16_splat(0x8001), V128::from_u16x8([0x8001; 8]));
    assert_eq!(
        v128_load32_splat(0xdead_beef),
        V128::from_u32x4([0xdead_beef; 4])
    );
    assert_eq!(v128_load64_splat(u64::MAX), i64s([-1; 2]));
    assert_eq!(
        v128_load32_zero(0xdead_beef),
        V128::from_u32x4([0xdead_beef, 0, 0, 0])
    );
    assert_eq!(v128_load64_zero(u64::MAX), i64s([-1, 0]));

    let v = counting(0);
    let with = v128_load8_lane(v, 3, 0xaa);
    assert_eq!(v128_store8_lane(with, 3), 0xaa);
    assert_eq!(v128_store8_lane(with, 4), 4);
    let with = v128_load16_lane(v, 7, 0xbeef);
    assert_eq!(
        (v128_store16_lane(with, 7), v128_store16_lane(with, 6)),
        (0xbeef, 0x0d0c)
    );
    let with = v128_load32_lane(v, 1, 0xdead_beef);
    assert_eq!(
        (v128_store32_lane(with, 1), v128_store32_lane(with, 0)),
        (0xdead_beef, 0x0302_0100)
    );
    let with = v128_load64_lane(v, 0, u64::MAX);
    assert_eq!(with.to_cells(), (u64::MAX, 0x0f0e_0d0c_0b0a_0908));
    assert_eq!(v128_store64_lane(with, 1), 0x0f0e_0d0c_0b0a_0908);
}

#[test]
fn relaxed_madd_is_fused() {
    // x * y = 1 + 2^-15 + 2^-22 + 2^-37 exactly; z cancels all but 2^-37, which a separate
    // rounding of the product would lose (the case relaxed_madd_nmadd.wast checks).
    let x = f32::from_bits(0x3f80_0002); // 1 + 2^-22
    let y = f32::from_bits(0x3f80_0100); // 1 + 2^-15
    let z = f32::from_bits(0xbf80_0102); // -(1 + 2^-15 + 2^-22)
    let tiny = f32::powi(2.0, -37);
    assert_eq!(
        f32x4_relaxed_madd(f32s([x; 4]), f32s([y; 4]), f32s([z; 4])),
        f32s([tiny; 4])
    );
    assert_eq!(
        f32x4_relaxed_nmadd(f32s([-x; 4]), f32s([y; 4]), f32s([z; 4])),
        f32s([tiny; 4])
    );
    assert_eq!(
        f32x4_relaxed_nmadd(f32s([x; 4]), f32s([y; 4]), f32s([-z; 4])),
        f32s([-tiny; 4])
    );
    let max = f32s([f32::MAX; 4]);
    assert_eq!(
        f32x4_relaxed_madd(max, f32s([2.0; 4]), f32s([-f32::MAX; 4])),
        max,
        "no overflow in the product"
    );

    let x = 1.0 + f64::powi(2.0, -30);
    let y = 1.0 - f64::powi(2.0, -30);
    // x * y = 1 - 2^-60 exactly; rounded first it would be 1 and the result 0.
    assert_eq!(
        f64x2_relaxed_madd(f64s([x; 2]), f64s([y; 2]), f64s([-1.0; 2])),
        f64s([-f64::powi(2.0, -60); 2])
    );
    assert_eq!(
        f64x2_relaxed_nmadd(f64s([x; 2]), f64s([y; 2]), f64s([1.0; 2])),
        f64s([f64::powi(2.0, -60); 2])
    );
}

#[test]
fn relaxed_choices_are_the_deterministic_instructions() {
    let a = f32s([f32::NAN, 3.5e9, -1.0, 0.0]);
    assert_eq!(i32x4_relaxed_trunc_f32x4_s(a), i32s([0, i32::MAX, -1, 0]));
    assert_eq!(
        i32x4_relaxed_trunc_f32x4_u(a).to_u32x4(),
        [0, 3_500_000_000, 0, 0]
    );
    let a = f64s([f64::NAN, -5e9]);
    assert_eq!(
        i32x4_relaxed_trunc_f64x2_s_zero(a),
        i32s([0, i32::MIN, 0, 0])
    );
    assert_eq!(i32x4_relaxed_trunc_f64x2_u_zero(a), i32s([0, 0, 0, 0]));

    let a = f32s([f32::NAN, -0.0, 1.0, 0.0]);
    let b = f32s([1.0, 0.0, 2.0, -0.0]);
    assert_eq!(f32x4_relaxed_min(a, b), f32x4_min(a, b));
    assert_eq!(f32x4_relaxed_max(a, b), f32x4_max(a, b));
    assert_eq!(
        f32x4_relaxed_min(a, b).to_u32x4()[..2],
        [CANONICAL_F32, 0x8000_0000]
    );
    let a = f64s([-0.0, f64::NAN]);
    let b = f64s([0.0, 1.0]);
    assert_eq!(f64x2_relaxed_min(a, b).to_u64x2(), [1 << 63, CANONICAL_F64]);
    assert_eq!(f64x2_relaxed_max(a, b).to_u64x2(), [0, CANONICAL_F64]);
}

#[test]
fn relaxed_dot_products() {
    let a = counting(0);
    assert_eq!(
        i16x8_relaxed_dot_i8x16_i7x16_s(a, a),
        i16s([1, 13, 41, 85, 145, 221, 313, 421])
    );
    assert_eq!(
        i32x4_relaxed_dot_i8x16_i7x16_add_s(a, a, i32s([0, 1, 2, 3])),
        i32s([14, 127, 368, 737])
    );

    let a = i8s([-128, -128, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let b = i8s([127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        i16x8_relaxed_dot_i8x16_i7x16_s(a, b),
        i16s([-32_512, 32_258, 0, 0, 0, 0, 0, 0])
    );
    let a = i8s([
        -128, -128, -128, -128, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    let b = i8s([
        127, 127, 127, 127, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    assert_eq!(
        i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, i32s([1, 2, 3, 4])),
        i32s([-65_023, 64_518, 3, 4])
    );

    // `b` outside 0..128: the signed * signed outcome, one of those the spec test accepts.
    let a = i8s([-128, -128, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let b = i8s([-127, -127, -127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        i16x8_relaxed_dot_i8x16_i7x16_s(a, b),
        i16s([32_512, 32_512, 0, 0, 0, 0, 0, 0])
    );
    assert_eq!(
        i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, i32s([1, 2, 3, 4])),
        i32s([65_025, 2, 3, 4])
    );
    // -128 * -128 twice is 32768: saturated to 32767 in the 16-bit pair sum.
    let min = i8s([-128; 16]);
    assert_eq!(
        i16x8_relaxed_dot_i8x16_i7x16_s(min, min),
        i16s([i16::MAX; 8])
    );
    assert_eq!(
        i32x4_relaxed_dot_i8x16_i7x16_add_s(min, min, i32s([0, 1, i32::MAX, -1])),
        i32s([65_534, 65_535, i32::MIN + 65_533, 65_533])
    );
}
