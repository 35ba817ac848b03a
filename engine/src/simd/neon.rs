//! aarch64 paths for the hot SIMD instructions, through `core::arch::aarch64` NEON intrinsics.
//!
//! Why: the portable functions work on a `u128` that LLVM keeps in general registers, and for
//! many lane shapes it splits them into scalar lanes. Here a vector stays in a NEON register
//! from the two cells it is loaded from to the two it is stored to, and most instructions are
//! one NEON instruction: AArch64 has Wasm's saturating arithmetic, rounding average, all the
//! comparisons (64-bit ones included), narrowing with saturation (`sqxtn`, and `sqxtun`, which
//! saturates a signed lane to unsigned as Wasm's `narrow_*_u` does), widening, pairwise
//! widening addition, shifts by a vector of counts (`sshl`/`ushl`, right shifts as negative
//! counts), a table lookup that gives 0 for an index of 16 or more (`tbl`, exactly
//! `i8x16.swizzle`) and float-to-int conversions that saturate and give 0 for NaN (`fcvtzs`,
//! exactly `trunc_sat`).
//!
//! NEON is part of every aarch64 CPU and is used unconditionally (no run-time detection). The
//! intrinsics are `#[target_feature(enable = "neon")]` functions, which Rust makes unsafe to call
//! even where the target enables the feature, hence the `unsafe` blocks.
//!
//! What NEON lacks is written as short sequences: `*.bitmask` (no `movemask`: each lane's sign
//! mask is ANDed with its bit's weight and the lanes summed, `addv`), `*.ne` (the complement of
//! `cmeq`), `i32x4.dot_i16x8_s` (widening multiplies, then a pairwise add). Float `min`/`max`
//! are `fmin`/`fmax` (which order -0 below +0 as Wasm does) with NaN lanes replaced by the
//! canonical NaN the portable functions return (`fmin` would return the quieted input NaN);
//! `demote` and `promote` likewise. `i64x2.mul` has no NEON instruction and stays portable.
//!
//! Every function here returns, bit for bit, what the portable function of the same name returns
//! (`super::int`, `super::lanes`, ...): `arch_tests.rs` checks each on edge values and random
//! vectors. The float arithmetic (`add` ... `sqrt`, the roundings, the conversions) matches
//! because the portable scalar code runs on the same FP unit with the same rules: a NaN operand
//! comes back quieted, the first operand's when both are NaN, and Linux leaves the default-NaN
//! and flush-to-zero modes off. `simd/mod.rs` re-exports these functions by name, which shadows
//! the portable ones for the interpreter; the list is `for_each_accelerated!`. Build with
//! `KESTREL_SIMD=portable` in the environment (`engine/build.rs`) to run the portable functions
//! everywhere.

use super::V128;
use core::arch::aarch64::*;

/// A NEON vector type, whose value is a [`V128`] (by the views below).
trait Vector: Copy {
    /// The vector as a `V128`.
    fn v128(self) -> V128;
}

/// Defines `$view(a)`, `a` as the NEON type `$t`, and `$t`'s [`Vector`] conversion back.
macro_rules! views {
    ($($view:ident -> $t:ty;)*) => {$(
        #[inline(always)]
        fn $view(a: V128) -> $t {
            // SAFETY: both are 16 bytes of plain numbers, every bit pattern valid in either; on a
            // little-endian target (the `cfg` of this module) lane i's bytes are at 16 / N * i in
            // both, as Wasm orders them. (A by-value transmute: no alignment is involved.)
            unsafe { core::mem::transmute::<u128, $t>(a.0) }
        }

        impl Vector for $t {
            #[inline(always)]
            fn v128(self) -> V128 {
                // SAFETY: as in the view above, the other way round.
                V128(unsafe { core::mem::transmute::<$t, u128>(self) })
            }
        }
    )*};
}

views! {
    u8q -> uint8x16_t;
    s8q -> int8x16_t;
    u16q -> uint16x8_t;
    s16q -> int16x8_t;
    u32q -> uint32x4_t;
    s32q -> int32x4_t;
    u64q -> uint64x2_t;
    s64q -> int64x2_t;
    f32q -> float32x4_t;
    f64q -> float64x2_t;
}

/// The `V128` whose value is the NEON vector `x`.
#[inline(always)]
fn v(x: impl Vector) -> V128 {
    x.v128()
}

/// `fn $name(a: V128, b: V128) -> V128` as one NEON intrinsic on the two vectors seen through
/// `$view`.
macro_rules! binary {
    ($($name:ident = $intr:ident($view:ident);)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128, b: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $intr($view(a), $view(b)) })
        }
    )*};
}

binary! {
    v128_and = vandq_u8(u8q);
    v128_or = vorrq_u8(u8q);
    v128_xor = veorq_u8(u8q);
    v128_andnot = vbicq_u8(u8q);
    i8x16_swizzle = vqtbl1q_u8(u8q);

    i8x16_add = vaddq_u8(u8q);
    i8x16_sub = vsubq_u8(u8q);
    i8x16_add_sat_s = vqaddq_s8(s8q);
    i8x16_add_sat_u = vqaddq_u8(u8q);
    i8x16_sub_sat_s = vqsubq_s8(s8q);
    i8x16_sub_sat_u = vqsubq_u8(u8q);
    i8x16_min_s = vminq_s8(s8q);
    i8x16_min_u = vminq_u8(u8q);
    i8x16_max_s = vmaxq_s8(s8q);
    i8x16_max_u = vmaxq_u8(u8q);
    i8x16_avgr_u = vrhaddq_u8(u8q);
    i8x16_eq = vceqq_u8(u8q);
    i8x16_lt_s = vcltq_s8(s8q);
    i8x16_gt_s = vcgtq_s8(s8q);
    i8x16_le_s = vcleq_s8(s8q);
    i8x16_ge_s = vcgeq_s8(s8q);
    i8x16_lt_u = vcltq_u8(u8q);
    i8x16_gt_u = vcgtq_u8(u8q);
    i8x16_le_u = vcleq_u8(u8q);
    i8x16_ge_u = vcgeq_u8(u8q);

    i16x8_add = vaddq_u16(u16q);
    i16x8_sub = vsubq_u16(u16q);
    i16x8_mul = vmulq_u16(u16q);
    i16x8_add_sat_s = vqaddq_s16(s16q);
    i16x8_add_sat_u = vqaddq_u16(u16q);
    i16x8_sub_sat_s = vqsubq_s16(s16q);
    i16x8_sub_sat_u = vqsubq_u16(u16q);
    i16x8_min_s = vminq_s16(s16q);
    i16x8_min_u = vminq_u16(u16q);
    i16x8_max_s = vmaxq_s16(s16q);
    i16x8_max_u = vmaxq_u16(u16q);
    i16x8_avgr_u = vrhaddq_u16(u16q);
    // `sqrdmulh`: `(2 * a * b + 0x8000) >> 16`, saturated, is Wasm's `(a * b + 0x4000) >> 15`.
    i16x8_q15mulr_sat_s = vqrdmulhq_s16(s16q);
    i16x8_eq = vceqq_u16(u16q);
    i16x8_lt_s = vcltq_s16(s16q);
    i16x8_gt_s = vcgtq_s16(s16q);
    i16x8_le_s = vcleq_s16(s16q);
    i16x8_ge_s = vcgeq_s16(s16q);
    i16x8_lt_u = vcltq_u16(u16q);
    i16x8_gt_u = vcgtq_u16(u16q);
    i16x8_le_u = vcleq_u16(u16q);
    i16x8_ge_u = vcgeq_u16(u16q);

    i32x4_add = vaddq_u32(u32q);
    i32x4_sub = vsubq_u32(u32q);
    i32x4_mul = vmulq_u32(u32q);
    i32x4_min_s = vminq_s32(s32q);
    i32x4_min_u = vminq_u32(u32q);
    i32x4_max_s = vmaxq_s32(s32q);
    i32x4_max_u = vmaxq_u32(u32q);
    i32x4_eq = vceqq_u32(u32q);
    i32x4_lt_s = vcltq_s32(s32q);
    i32x4_gt_s = vcgtq_s32(s32q);
    i32x4_le_s = vcleq_s32(s32q);
    i32x4_ge_s = vcgeq_s32(s32q);
    i32x4_lt_u = vcltq_u32(u32q);
    i32x4_gt_u = vcgtq_u32(u32q);
    i32x4_le_u = vcleq_u32(u32q);
    i32x4_ge_u = vcgeq_u32(u32q);

    i64x2_add = vaddq_u64(u64q);
    i64x2_sub = vsubq_u64(u64q);
    i64x2_eq = vceqq_u64(u64q);
    i64x2_lt_s = vcltq_s64(s64q);
    i64x2_gt_s = vcgtq_s64(s64q);
    i64x2_le_s = vcleq_s64(s64q);
    i64x2_ge_s = vcgeq_s64(s64q);

    f32x4_add = vaddq_f32(f32q);
    f32x4_sub = vsubq_f32(f32q);
    f32x4_mul = vmulq_f32(f32q);
    f32x4_div = vdivq_f32(f32q);
    f32x4_eq = vceqq_f32(f32q);
    f32x4_lt = vcltq_f32(f32q);
    f32x4_gt = vcgtq_f32(f32q);
    f32x4_le = vcleq_f32(f32q);
    f32x4_ge = vcgeq_f32(f32q);

    f64x2_add = vaddq_f64(f64q);
    f64x2_sub = vsubq_f64(f64q);
    f64x2_mul = vmulq_f64(f64q);
    f64x2_div = vdivq_f64(f64q);
    f64x2_eq = vceqq_f64(f64q);
    f64x2_lt = vcltq_f64(f64q);
    f64x2_gt = vcgtq_f64(f64q);
    f64x2_le = vcleq_f64(f64q);
    f64x2_ge = vcgeq_f64(f64q);
}

/// `fn $name(a: V128) -> V128` as one NEON intrinsic on the vector seen through `$view`.
macro_rules! unary {
    ($($name:ident = $intr:ident($view:ident);)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $intr($view(a)) })
        }
    )*};
}

unary! {
    v128_not = vmvnq_u8(u8q);

    // `abs` and `neg` wrap: the most negative lane stays as it is (not `sqabs`/`sqneg`).
    i8x16_abs = vabsq_s8(s8q);
    i8x16_neg = vnegq_s8(s8q);
    i8x16_popcnt = vcntq_u8(u8q);
    i16x8_abs = vabsq_s16(s16q);
    i16x8_neg = vnegq_s16(s16q);
    i32x4_abs = vabsq_s32(s32q);
    i32x4_neg = vnegq_s32(s32q);
    i64x2_abs = vabsq_s64(s64q);
    i64x2_neg = vnegq_s64(s64q);

    i16x8_extadd_pairwise_i8x16_s = vpaddlq_s8(s8q);
    i16x8_extadd_pairwise_i8x16_u = vpaddlq_u8(u8q);
    i32x4_extadd_pairwise_i16x8_s = vpaddlq_s16(s16q);
    i32x4_extadd_pairwise_i16x8_u = vpaddlq_u16(u16q);

    // `fabs`/`fneg` only clear or flip the sign bit, NaNs included (signalling ones too).
    f32x4_abs = vabsq_f32(f32q);
    f32x4_neg = vnegq_f32(f32q);
    f32x4_sqrt = vsqrtq_f32(f32q);
    f32x4_ceil = vrndpq_f32(f32q);
    f32x4_floor = vrndmq_f32(f32q);
    f32x4_trunc = vrndq_f32(f32q);
    f32x4_nearest = vrndnq_f32(f32q);
    f64x2_abs = vabsq_f64(f64q);
    f64x2_neg = vnegq_f64(f64q);
    f64x2_sqrt = vsqrtq_f64(f64q);
    f64x2_ceil = vrndpq_f64(f64q);
    f64x2_floor = vrndmq_f64(f64q);
    f64x2_trunc = vrndq_f64(f64q);
    f64x2_nearest = vrndnq_f64(f64q);

    // `scvtf`/`ucvtf` round to nearest even (FPCR's mode, as Rust's `as` does).
    f32x4_convert_i32x4_s = vcvtq_f32_s32(s32q);
    f32x4_convert_i32x4_u = vcvtq_f32_u32(u32q);
    // `fcvtzs`/`fcvtzu` truncate, saturate and give 0 for NaN, as Rust's `as` does.
    i32x4_trunc_sat_f32x4_s = vcvtq_s32_f32(f32q);
    i32x4_trunc_sat_f32x4_u = vcvtq_u32_f32(f32q);
}

/// `*.ne`: the complement of the equality mask.
macro_rules! not_equal {
    ($($name:ident = $eq:ident($view:ident);)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128, b: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { vmvnq_u8(u8q(v($eq($view(a), $view(b))))) })
        }
    )*};
}

not_equal! {
    i8x16_ne = vceqq_u8(u8q);
    i16x8_ne = vceqq_u16(u16q);
    i32x4_ne = vceqq_u32(u32q);
    i64x2_ne = vceqq_u64(u64q);
    // A NaN lane is unequal to everything: its equality lane is 0, its complement all ones.
    f32x4_ne = vceqq_f32(f32q);
    f64x2_ne = vceqq_f64(f64q);
}

/// `v128.bitselect`: bits of `a` where `mask` is set, of `b` elsewhere (`bsl`).
#[inline(always)]
pub fn v128_bitselect(a: V128, b: V128, mask: V128) -> V128 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    v(unsafe { vbslq_u8(u8q(mask), u8q(a), u8q(b)) })
}

/// `i8x16.shuffle`: a lookup in the 32-byte table `a` then `b` (`tbl` with two registers).
#[inline(always)]
pub fn i8x16_shuffle(a: V128, b: V128, lanes: [u8; 16]) -> V128 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    unsafe {
        // Lanes are 0..32 (validated; taken modulo 32 as the portable form does).
        let lanes = vandq_u8(u8q(V128::from_le_bytes(lanes)), vdupq_n_u8(31));
        v(vqtbl2q_u8(uint8x16x2_t(u8q(a), u8q(b)), lanes))
    }
}

/// Shifts by a count taken modulo the lane width, as Wasm defines them: `sshl`/`ushl` by a
/// vector of the count, negated for the right shifts.
macro_rules! shifts {
    ($($shl:ident, $shr_s:ident, $shr_u:ident: $bits:literal, $count:ty = $dup:ident,
        $sshl:ident($s:ident), $ushl:ident($u:ident);)*) => {$(
        #[inline(always)]
        pub fn $shl(a: V128, count: i32) -> V128 {
            let n = (count & ($bits - 1)) as $count;
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $ushl($u(a), $dup(n)) })
        }

        #[inline(always)]
        pub fn $shr_s(a: V128, count: i32) -> V128 {
            let n = (count & ($bits - 1)) as $count;
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $sshl($s(a), $dup(-n)) })
        }

        #[inline(always)]
        pub fn $shr_u(a: V128, count: i32) -> V128 {
            let n = (count & ($bits - 1)) as $count;
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $ushl($u(a), $dup(-n)) })
        }
    )*};
}

shifts! {
    i8x16_shl, i8x16_shr_s, i8x16_shr_u: 8, i8 = vdupq_n_s8, vshlq_s8(s8q), vshlq_u8(u8q);
    i16x8_shl, i16x8_shr_s, i16x8_shr_u: 16, i16 = vdupq_n_s16, vshlq_s16(s16q), vshlq_u16(u16q);
    i32x4_shl, i32x4_shr_s, i32x4_shr_u: 32, i32 = vdupq_n_s32, vshlq_s32(s32q), vshlq_u32(u32q);
    i64x2_shl, i64x2_shr_s, i64x2_shr_u: 64, i64 = vdupq_n_s64, vshlq_s64(s64q), vshlq_u64(u64q);
}

/// `v128.any_true`: the largest 32-bit lane is not zero.
#[inline(always)]
pub fn v128_any_true(a: V128) -> bool {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    unsafe { vmaxvq_u32(u32q(a)) != 0 }
}

/// `$all_true`: the smallest (unsigned) lane is not zero.
macro_rules! all_true {
    ($($name:ident = $minv:ident($view:ident);)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128) -> bool {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            unsafe { $minv($view(a)) != 0 }
        }
    )*};
}

all_true! {
    i8x16_all_true = vminvq_u8(u8q);
    i16x8_all_true = vminvq_u16(u16q);
    i32x4_all_true = vminvq_u32(u32q);
}

/// `i64x2.all_true`: no lane equal to zero (there is no 64-bit `uminv`).
#[inline(always)]
pub fn i64x2_all_true(a: V128) -> bool {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    unsafe { vmaxvq_u32(u32q(v(vceqzq_u64(u64q(a))))) == 0 }
}

/// Each lane's bit weight for the bitmasks: lane i of a shape holds `1 << i` (lane i mod 8 for
/// bytes, whose two halves are summed separately).
const WEIGHTS_8: V128 = V128(0x8040_2010_0804_0201_8040_2010_0804_0201);
const WEIGHTS_16: V128 = V128(0x0080_0040_0020_0010_0008_0004_0002_0001);
const WEIGHTS_32: V128 = V128(0x0000_0008_0000_0004_0000_0002_0000_0001);
const WEIGHTS_64: V128 = V128(0x0000_0000_0000_0002_0000_0000_0000_0001);

/// `i8x16.bitmask`: the lanes' sign masks ANDed with their weights, each half summed (`addv`).
#[inline(always)]
pub fn i8x16_bitmask(a: V128) -> u32 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    unsafe {
        let bits = vandq_u8(vcltzq_s8(s8q(a)), u8q(WEIGHTS_8));
        u32::from(vaddv_u8(vget_low_u8(bits))) | u32::from(vaddv_u8(vget_high_u8(bits))) << 8
    }
}

/// `i16x8.bitmask`.
#[inline(always)]
pub fn i16x8_bitmask(a: V128) -> u32 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    unsafe { u32::from(vaddvq_u16(vandq_u16(vcltzq_s16(s16q(a)), u16q(WEIGHTS_16)))) }
}

/// `i32x4.bitmask`.
#[inline(always)]
pub fn i32x4_bitmask(a: V128) -> u32 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    unsafe { vaddvq_u32(vandq_u32(vcltzq_s32(s32q(a)), u32q(WEIGHTS_32))) }
}

/// `i64x2.bitmask`.
#[inline(always)]
pub fn i64x2_bitmask(a: V128) -> u32 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    unsafe { vaddvq_u64(vandq_u64(vcltzq_s64(s64q(a)), u64q(WEIGHTS_64))) as u32 }
}

/// Narrowing with saturation: `a`'s lanes narrowed into the low half, `b`'s into the high half.
/// `sqxtun` (the `_u` forms) saturates a signed lane to the unsigned range, as Wasm does.
macro_rules! narrow {
    ($($name:ident = $view:ident, $low:ident, $high:ident;)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128, b: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $high($low($view(a)), $view(b)) })
        }
    )*};
}

narrow! {
    i8x16_narrow_i16x8_s = s16q, vqmovn_s16, vqmovn_high_s16;
    i8x16_narrow_i16x8_u = s16q, vqmovun_s16, vqmovun_high_s16;
    i16x8_narrow_i32x4_s = s32q, vqmovn_s32, vqmovn_high_s32;
    i16x8_narrow_i32x4_u = s32q, vqmovun_s32, vqmovun_high_s32;
}

/// Widening: `$low` widens the low half of the lanes (`sxtl`/`uxtl`), `$high` the high half
/// (`sxtl2`/`uxtl2`).
macro_rules! extends {
    ($($low:ident, $high:ident =
        $view:ident, $get_low:ident, $movl:ident, $movl_high:ident;)*) => {$(
        #[inline(always)]
        pub fn $low(a: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $movl($get_low($view(a))) })
        }

        #[inline(always)]
        pub fn $high(a: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $movl_high($view(a)) })
        }
    )*};
}

extends! {
    i16x8_extend_low_i8x16_s, i16x8_extend_high_i8x16_s =
        s8q, vget_low_s8, vmovl_s8, vmovl_high_s8;
    i16x8_extend_low_i8x16_u, i16x8_extend_high_i8x16_u =
        u8q, vget_low_u8, vmovl_u8, vmovl_high_u8;
    i32x4_extend_low_i16x8_s, i32x4_extend_high_i16x8_s =
        s16q, vget_low_s16, vmovl_s16, vmovl_high_s16;
    i32x4_extend_low_i16x8_u, i32x4_extend_high_i16x8_u =
        u16q, vget_low_u16, vmovl_u16, vmovl_high_u16;
    i64x2_extend_low_i32x4_s, i64x2_extend_high_i32x4_s =
        s32q, vget_low_s32, vmovl_s32, vmovl_high_s32;
    i64x2_extend_low_i32x4_u, i64x2_extend_high_i32x4_u =
        u32q, vget_low_u32, vmovl_u32, vmovl_high_u32;
}

/// Widening multiplication: `$low` of the low halves (`smull`/`umull`), `$high` of the high
/// halves (`smull2`/`umull2`); the products are exact in the wide lanes.
macro_rules! extmuls {
    ($($low:ident, $high:ident =
        $view:ident, $get_low:ident, $mull:ident, $mull_high:ident;)*) => {$(
        #[inline(always)]
        pub fn $low(a: V128, b: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $mull($get_low($view(a)), $get_low($view(b))) })
        }

        #[inline(always)]
        pub fn $high(a: V128, b: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $mull_high($view(a), $view(b)) })
        }
    )*};
}

extmuls! {
    i16x8_extmul_low_i8x16_s, i16x8_extmul_high_i8x16_s =
        s8q, vget_low_s8, vmull_s8, vmull_high_s8;
    i16x8_extmul_low_i8x16_u, i16x8_extmul_high_i8x16_u =
        u8q, vget_low_u8, vmull_u8, vmull_high_u8;
    i32x4_extmul_low_i16x8_s, i32x4_extmul_high_i16x8_s =
        s16q, vget_low_s16, vmull_s16, vmull_high_s16;
    i32x4_extmul_low_i16x8_u, i32x4_extmul_high_i16x8_u =
        u16q, vget_low_u16, vmull_u16, vmull_high_u16;
    i64x2_extmul_low_i32x4_s, i64x2_extmul_high_i32x4_s =
        s32q, vget_low_s32, vmull_s32, vmull_high_s32;
    i64x2_extmul_low_i32x4_u, i64x2_extmul_high_i32x4_u =
        u32q, vget_low_u32, vmull_u32, vmull_high_u32;
}

/// `i32x4.dot_i16x8_s`: the eight 32-bit products (`smull`, `smull2`), added pairwise (`addp`,
/// wrapping: `-32768 * -32768 * 2` gives `i32::MIN`).
#[inline(always)]
pub fn i32x4_dot_i16x8_s(a: V128, b: V128) -> V128 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    unsafe {
        let (a, b) = (s16q(a), s16q(b));
        let low = vmull_s16(vget_low_s16(a), vget_low_s16(b));
        v(vpaddq_s32(low, vmull_high_s16(a, b)))
    }
}

/// The positive canonical NaNs the portable `min`, `max`, `demote` and `promote` return.
const CANONICAL_F32: V128 = V128(0x7fc0_0000_7fc0_0000_7fc0_0000_7fc0_0000);
const CANONICAL_F64: V128 = V128(0x7ff8_0000_0000_0000_7ff8_0000_0000_0000);

/// Float `min`/`max`: `fmin`/`fmax` (NaN if either is, -0 below +0 as Wasm orders them), then
/// lanes where either operand is NaN (`a != a`) replaced by the canonical NaN (`fmin` would give
/// the quieted input NaN).
macro_rules! min_max {
    ($($name:ident =
        $intr:ident($view:ident), $eq:ident, $and:ident, $bsl:ident, $nan:ident;)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128, b: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            unsafe {
                let (a, b) = ($view(a), $view(b));
                let numbers = $and($eq(a, a), $eq(b, b));
                v($bsl(numbers, $intr(a, b), $view($nan)))
            }
        }
    )*};
}

min_max! {
    f32x4_min = vminq_f32(f32q), vceqq_f32, vandq_u32, vbslq_f32, CANONICAL_F32;
    f32x4_max = vmaxq_f32(f32q), vceqq_f32, vandq_u32, vbslq_f32, CANONICAL_F32;
    f64x2_min = vminq_f64(f64q), vceqq_f64, vandq_u64, vbslq_f64, CANONICAL_F64;
    f64x2_max = vmaxq_f64(f64q), vceqq_f64, vandq_u64, vbslq_f64, CANONICAL_F64;
}

/// `pmin` (`b < a ? b : a`) and `pmax` (`a < b ? b : a`): a compare and a bit select, so the
/// chosen lane's bits (NaN payload, sign of zero) pass through.
macro_rules! pmin_pmax {
    ($($pmin:ident, $pmax:ident = $view:ident, $lt:ident, $bsl:ident;)*) => {$(
        #[inline(always)]
        pub fn $pmin(a: V128, b: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            unsafe {
                let (a, b) = ($view(a), $view(b));
                v($bsl($lt(b, a), b, a))
            }
        }

        #[inline(always)]
        pub fn $pmax(a: V128, b: V128) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            unsafe {
                let (a, b) = ($view(a), $view(b));
                v($bsl($lt(a, b), b, a))
            }
        }
    )*};
}

pmin_pmax! {
    f32x4_pmin, f32x4_pmax = f32q, vcltq_f32, vbslq_f32;
    f64x2_pmin, f64x2_pmax = f64q, vcltq_f64, vbslq_f64;
}

/// `f32x4.demote_f64x2_zero`: `fcvtn`, NaN lanes replaced by the canonical NaN, then two +0.
#[inline(always)]
pub fn f32x4_demote_f64x2_zero(a: V128) -> V128 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    unsafe {
        let x = f64q(a);
        let numbers = vmovn_u64(vceqq_f64(x, x));
        let demoted = vbsl_f32(numbers, vcvt_f32_f64(x), vget_low_f32(f32q(CANONICAL_F32)));
        v(vcombine_f32(demoted, vdup_n_f32(0.0)))
    }
}

/// `f64x2.promote_low_f32x4`: `fcvtl`, NaN lanes replaced by the canonical NaN.
#[inline(always)]
pub fn f64x2_promote_low_f32x4(a: V128) -> V128 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    unsafe {
        let promoted = vcvt_f64_f32(vget_low_f32(f32q(a)));
        let numbers = vceqq_f64(promoted, promoted);
        v(vbslq_f64(numbers, promoted, f64q(CANONICAL_F64)))
    }
}

/// `f64x2.convert_low_i32x4_s`: the low lanes widened to 64 bits, converted exactly.
#[inline(always)]
pub fn f64x2_convert_low_i32x4_s(a: V128) -> V128 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    v(unsafe { vcvtq_f64_s64(vmovl_s32(vget_low_s32(s32q(a)))) })
}

/// `f64x2.convert_low_i32x4_u`.
#[inline(always)]
pub fn f64x2_convert_low_i32x4_u(a: V128) -> V128 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    v(unsafe { vcvtq_f64_u64(vmovl_u32(vget_low_u32(u32q(a)))) })
}

/// `i32x4.trunc_sat_f64x2_s_zero`: `fcvtzs` to 64 bits (NaN gives 0), saturated to 32 (`sqxtn`),
/// then two zero lanes.
#[inline(always)]
pub fn i32x4_trunc_sat_f64x2_s_zero(a: V128) -> V128 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    v(unsafe { vcombine_s32(vqmovn_s64(vcvtq_s64_f64(f64q(a))), vdup_n_s32(0)) })
}

/// `i32x4.trunc_sat_f64x2_u_zero`: `fcvtzu` to 64 bits, saturated to 32 (`uqxtn`).
#[inline(always)]
pub fn i32x4_trunc_sat_f64x2_u_zero(a: V128) -> V128 {
    // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
    v(unsafe { vcombine_u32(vqmovn_u64(vcvtq_u64_f64(f64q(a))), vdup_n_u32(0)) })
}

/// `fn $name(x) -> V128`: `x` (its bits, for floats, so NaN payloads are kept) in every lane.
macro_rules! splats {
    ($($name:ident($x:ident: $t:ty) = $dup:ident($lane:expr);)*) => {$(
        #[inline(always)]
        pub fn $name($x: $t) -> V128 {
            // SAFETY: NEON is part of every aarch64 CPU (the target's baseline).
            v(unsafe { $dup($lane) })
        }
    )*};
}

splats! {
    i8x16_splat(x: i32) = vdupq_n_u8(x as u8);
    i16x8_splat(x: i32) = vdupq_n_u16(x as u16);
    i32x4_splat(x: i32) = vdupq_n_s32(x);
    i64x2_splat(x: i64) = vdupq_n_s64(x);
    f32x4_splat(x: f32) = vdupq_n_u32(x.to_bits());
    f64x2_splat(x: f64) = vdupq_n_u64(x.to_bits());
}

/// Calls `$m!` with the names of every function above, grouped by signature, for the
/// re-export in `simd/mod.rs` and the equivalence tests.
macro_rules! for_each_accelerated {
    ($m:ident) => {
        $m! {
            binary: v128_and, v128_or, v128_xor, v128_andnot,
                i8x16_add, i8x16_sub, i8x16_add_sat_s, i8x16_add_sat_u, i8x16_sub_sat_s,
                i8x16_sub_sat_u, i8x16_min_s, i8x16_min_u, i8x16_max_s, i8x16_max_u,
                i8x16_avgr_u, i8x16_eq, i8x16_ne, i8x16_lt_s, i8x16_gt_s, i8x16_le_s,
                i8x16_ge_s, i8x16_lt_u, i8x16_gt_u, i8x16_le_u, i8x16_ge_u,
                i8x16_narrow_i16x8_s, i8x16_narrow_i16x8_u, i8x16_swizzle,
                i16x8_add, i16x8_sub, i16x8_mul, i16x8_add_sat_s, i16x8_add_sat_u,
                i16x8_sub_sat_s, i16x8_sub_sat_u, i16x8_min_s, i16x8_min_u, i16x8_max_s,
                i16x8_max_u, i16x8_avgr_u, i16x8_q15mulr_sat_s, i16x8_eq, i16x8_ne,
                i16x8_lt_s, i16x8_gt_s, i16x8_le_s, i16x8_ge_s, i16x8_lt_u, i16x8_gt_u,
                i16x8_le_u, i16x8_ge_u, i16x8_narrow_i32x4_s, i16x8_narrow_i32x4_u,
                i16x8_extmul_low_i8x16_s, i16x8_extmul_high_i8x16_s,
                i16x8_extmul_low_i8x16_u, i16x8_extmul_high_i8x16_u,
                i32x4_add, i32x4_sub, i32x4_mul, i32x4_min_s, i32x4_min_u, i32x4_max_s,
                i32x4_max_u, i32x4_eq, i32x4_ne, i32x4_lt_s, i32x4_gt_s, i32x4_le_s,
                i32x4_ge_s, i32x4_lt_u, i32x4_gt_u, i32x4_le_u, i32x4_ge_u, i32x4_dot_i16x8_s,
                i32x4_extmul_low_i16x8_s, i32x4_extmul_high_i16x8_s,
                i32x4_extmul_low_i16x8_u, i32x4_extmul_high_i16x8_u,
                i64x2_add, i64x2_sub, i64x2_eq, i64x2_ne, i64x2_lt_s, i64x2_gt_s, i64x2_le_s,
                i64x2_ge_s, i64x2_extmul_low_i32x4_s, i64x2_extmul_high_i32x4_s,
                i64x2_extmul_low_i32x4_u, i64x2_extmul_high_i32x4_u,
                f32x4_add, f32x4_sub, f32x4_mul, f32x4_div, f32x4_min, f32x4_max, f32x4_pmin,
                f32x4_pmax, f32x4_eq, f32x4_ne, f32x4_lt, f32x4_gt, f32x4_le, f32x4_ge,
                f64x2_add, f64x2_sub, f64x2_mul, f64x2_div, f64x2_min, f64x2_max, f64x2_pmin,
                f64x2_pmax, f64x2_eq, f64x2_ne, f64x2_lt, f64x2_gt, f64x2_le, f64x2_ge;
            unary: v128_not, i8x16_abs, i8x16_neg, i8x16_popcnt, i16x8_abs, i16x8_neg,
                i32x4_abs, i32x4_neg, i64x2_abs, i64x2_neg,
                i16x8_extadd_pairwise_i8x16_s, i16x8_extadd_pairwise_i8x16_u,
                i32x4_extadd_pairwise_i16x8_s, i32x4_extadd_pairwise_i16x8_u,
                i16x8_extend_low_i8x16_s, i16x8_extend_high_i8x16_s,
                i16x8_extend_low_i8x16_u, i16x8_extend_high_i8x16_u,
                i32x4_extend_low_i16x8_s, i32x4_extend_high_i16x8_s,
                i32x4_extend_low_i16x8_u, i32x4_extend_high_i16x8_u,
                i64x2_extend_low_i32x4_s, i64x2_extend_high_i32x4_s,
                i64x2_extend_low_i32x4_u, i64x2_extend_high_i32x4_u,
                f32x4_abs, f32x4_neg, f32x4_sqrt, f32x4_ceil, f32x4_floor, f32x4_trunc,
                f32x4_nearest, f64x2_abs, f64x2_neg, f64x2_sqrt, f64x2_ceil, f64x2_floor,
                f64x2_trunc, f64x2_nearest,
                f32x4_convert_i32x4_s, f32x4_convert_i32x4_u,
                i32x4_trunc_sat_f32x4_s, i32x4_trunc_sat_f32x4_u,
                f64x2_convert_low_i32x4_s, f64x2_convert_low_i32x4_u,
                i32x4_trunc_sat_f64x2_s_zero, i32x4_trunc_sat_f64x2_u_zero,
                f32x4_demote_f64x2_zero, f64x2_promote_low_f32x4;
            ternary: v128_bitselect;
            predicate: v128_any_true, i8x16_all_true, i16x8_all_true, i32x4_all_true,
                i64x2_all_true;
            bitmask: i8x16_bitmask, i16x8_bitmask, i32x4_bitmask, i64x2_bitmask;
            shift: i8x16_shl, i8x16_shr_s, i8x16_shr_u, i16x8_shl, i16x8_shr_s, i16x8_shr_u,
                i32x4_shl, i32x4_shr_s, i32x4_shr_u, i64x2_shl, i64x2_shr_s, i64x2_shr_u;
            splat_i32: i8x16_splat, i16x8_splat, i32x4_splat;
            splat_i64: i64x2_splat;
            splat_f32: f32x4_splat;
            splat_f64: f64x2_splat;
            shuffle: i8x16_shuffle;
        }
    };
}

pub(crate) use for_each_accelerated;
