//! x86_64 paths for the hot SIMD instructions, through `core::arch` intrinsics.
//!
//! Why: the portable functions work on a `u128` that LLVM keeps in general registers, and for
//! most lane shapes it splits them into scalar lanes (a 16-lane `i8x16.add` became ~50 scalar
//! instructions). Here a vector stays in an XMM register from the two cells it is loaded from
//! to the two it is stored to.
//!
//! SSE2 is part of every x86_64 CPU and is used unconditionally. SSSE3's `pshufb` (shuffles
//! and swizzles) and SSE4.1's instructions (32-bit multiply, min/max, the unsigned 32→16
//! narrowing, 64-bit equality; SSE2 sequences of 2 to 6 instructions where the CPU lacks it)
//! are chosen at run time, by a cached flag, and written as inline assembly, which inlines into
//! the baseline handlers; a build that targets them (`-C target-cpu=x86-64-v2`) uses the
//! intrinsics without a check. AVX2 adds nothing to 128-bit lanes that SSE4.1 lacks (its VEX
//! forms of these instructions do the same work), so it is not used.
//!
//! Every function here returns, bit for bit, what the portable function of the same name returns
//! (`super::int`, `super::lanes`, ...): `arch_tests.rs` checks each on edge values
//! and random vectors. `simd/mod.rs` re-exports them by name, which shadows the portable ones
//! for the interpreter; the list is `for_each_accelerated!`. Build with `KESTREL_SIMD=portable`
//! in the environment (`engine/build.rs`) to run the portable functions everywhere.

use super::V128;
use core::arch::x86_64::*;

/// The vector in an XMM register.
#[inline(always)]
fn m(v: V128) -> __m128i {
    // SAFETY: both are 16 bytes of plain bits, every pattern valid; lane 0 is in the low bytes of
    // both (x86 is little-endian).
    unsafe { core::mem::transmute::<u128, __m128i>(v.0) }
}

/// The vector of an XMM register.
#[inline(always)]
fn v(x: __m128i) -> V128 {
    // SAFETY: as in `m`, the other way round.
    V128(unsafe { core::mem::transmute::<__m128i, u128>(x) })
}

#[inline(always)]
fn ps(a: V128) -> __m128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { _mm_castsi128_ps(m(a)) }
}

#[inline(always)]
fn pd(a: V128) -> __m128d {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { _mm_castsi128_pd(m(a)) }
}

#[inline(always)]
fn vps(x: __m128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_castps_si128(x)) }
}

#[inline(always)]
fn vpd(x: __m128d) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_castpd_si128(x)) }
}

/// `fn $name(a: V128, b: V128) -> V128` as one SSE2 intrinsic on the two vectors.
macro_rules! binary {
    ($($name:ident = $intr:ident($($kind:ident)?);)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128, b: V128) -> V128 {
            // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
            unsafe { binary!(@apply $intr, a, b $(, $kind)?) }
        }
    )*};
    (@apply $intr:ident, $a:ident, $b:ident) => { v($intr(m($a), m($b))) };
    (@apply $intr:ident, $a:ident, $b:ident, ps) => { vps($intr(ps($a), ps($b))) };
    (@apply $intr:ident, $a:ident, $b:ident, pd) => { vpd($intr(pd($a), pd($b))) };
}

binary! {
    v128_and = _mm_and_si128();
    v128_or = _mm_or_si128();
    v128_xor = _mm_xor_si128();

    i8x16_add = _mm_add_epi8();
    i8x16_sub = _mm_sub_epi8();
    i8x16_add_sat_s = _mm_adds_epi8();
    i8x16_add_sat_u = _mm_adds_epu8();
    i8x16_sub_sat_s = _mm_subs_epi8();
    i8x16_sub_sat_u = _mm_subs_epu8();
    i8x16_min_u = _mm_min_epu8();
    i8x16_max_u = _mm_max_epu8();
    i8x16_avgr_u = _mm_avg_epu8();
    i8x16_eq = _mm_cmpeq_epi8();
    i8x16_gt_s = _mm_cmpgt_epi8();
    i8x16_lt_s = _mm_cmplt_epi8();
    i8x16_narrow_i16x8_s = _mm_packs_epi16();
    i8x16_narrow_i16x8_u = _mm_packus_epi16();

    i16x8_add = _mm_add_epi16();
    i16x8_sub = _mm_sub_epi16();
    i16x8_mul = _mm_mullo_epi16();
    i16x8_add_sat_s = _mm_adds_epi16();
    i16x8_add_sat_u = _mm_adds_epu16();
    i16x8_sub_sat_s = _mm_subs_epi16();
    i16x8_sub_sat_u = _mm_subs_epu16();
    i16x8_min_s = _mm_min_epi16();
    i16x8_max_s = _mm_max_epi16();
    i16x8_avgr_u = _mm_avg_epu16();
    i16x8_eq = _mm_cmpeq_epi16();
    i16x8_gt_s = _mm_cmpgt_epi16();
    i16x8_lt_s = _mm_cmplt_epi16();
    i16x8_narrow_i32x4_s = _mm_packs_epi32();

    i32x4_add = _mm_add_epi32();
    i32x4_sub = _mm_sub_epi32();
    i32x4_eq = _mm_cmpeq_epi32();
    i32x4_gt_s = _mm_cmpgt_epi32();
    i32x4_lt_s = _mm_cmplt_epi32();
    i32x4_dot_i16x8_s = _mm_madd_epi16();

    i64x2_add = _mm_add_epi64();
    i64x2_sub = _mm_sub_epi64();

    f32x4_add = _mm_add_ps(ps);
    f32x4_sub = _mm_sub_ps(ps);
    f32x4_mul = _mm_mul_ps(ps);
    f32x4_div = _mm_div_ps(ps);
    f32x4_eq = _mm_cmpeq_ps(ps);
    f32x4_ne = _mm_cmpneq_ps(ps);
    f32x4_lt = _mm_cmplt_ps(ps);
    f32x4_le = _mm_cmple_ps(ps);
    f32x4_gt = _mm_cmpgt_ps(ps);
    f32x4_ge = _mm_cmpge_ps(ps);

    f64x2_add = _mm_add_pd(pd);
    f64x2_sub = _mm_sub_pd(pd);
    f64x2_mul = _mm_mul_pd(pd);
    f64x2_div = _mm_div_pd(pd);
    f64x2_eq = _mm_cmpeq_pd(pd);
    f64x2_ne = _mm_cmpneq_pd(pd);
    f64x2_lt = _mm_cmplt_pd(pd);
    f64x2_le = _mm_cmple_pd(pd);
    f64x2_gt = _mm_cmpgt_pd(pd);
    f64x2_ge = _mm_cmpge_pd(pd);
}

#[inline(always)]
fn ones() -> __m128i {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { _mm_set1_epi32(-1) }
}

/// `v128.not`.
#[inline(always)]
pub fn v128_not(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_xor_si128(m(a), ones())) }
}

/// `v128.andnot`: `a & !b`.
#[inline(always)]
pub fn v128_andnot(a: V128, b: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_andnot_si128(m(b), m(a))) }
}

/// `v128.bitselect`: bits of `a` where `mask` is set, of `b` elsewhere.
#[inline(always)]
pub fn v128_bitselect(a: V128, b: V128, mask: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let mask = m(mask);
        v(_mm_or_si128(
            _mm_and_si128(m(a), mask),
            _mm_andnot_si128(mask, m(b)),
        ))
    }
}

/// `v128.any_true`.
#[inline(always)]
pub fn v128_any_true(a: V128) -> bool {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(m(a), _mm_setzero_si128())) != 0xffff }
}

/// `*.ne` as not-equal: the complement of the equality mask.
macro_rules! not_equal {
    ($($name:ident = $eq:ident;)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128, b: V128) -> V128 {
            // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
            unsafe { v(_mm_xor_si128($eq(m(a), m(b)), ones())) }
        }
    )*};
}

not_equal! {
    i8x16_ne = _mm_cmpeq_epi8;
    i16x8_ne = _mm_cmpeq_epi16;
    i32x4_ne = _mm_cmpeq_epi32;
}

/// `$all_true`: no lane equal to zero.
macro_rules! all_true {
    ($($name:ident = $eq:ident;)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128) -> bool {
            // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
            unsafe { _mm_movemask_epi8($eq(m(a), _mm_setzero_si128())) == 0 }
        }
    )*};
}

all_true! {
    i8x16_all_true = _mm_cmpeq_epi8;
    i16x8_all_true = _mm_cmpeq_epi16;
    i32x4_all_true = _mm_cmpeq_epi32;
}

/// `i8x16.bitmask`.
#[inline(always)]
pub fn i8x16_bitmask(a: V128) -> u32 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { _mm_movemask_epi8(m(a)) as u32 }
}

/// `i16x8.bitmask`: the lanes' signs survive signed saturation to bytes.
#[inline(always)]
pub fn i16x8_bitmask(a: V128) -> u32 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { (_mm_movemask_epi8(_mm_packs_epi16(m(a), _mm_setzero_si128())) & 0xff) as u32 }
}

/// `i32x4.bitmask`.
#[inline(always)]
pub fn i32x4_bitmask(a: V128) -> u32 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { _mm_movemask_ps(ps(a)) as u32 }
}

/// `i64x2.bitmask`.
#[inline(always)]
pub fn i64x2_bitmask(a: V128) -> u32 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { _mm_movemask_pd(pd(a)) as u32 }
}

/// Shifts by a count taken modulo the lane width, as Wasm defines them.
macro_rules! shifts {
    ($($name:ident = $intr:ident, $bits:literal;)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128, count: i32) -> V128 {
            // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
            unsafe { v($intr(m(a), _mm_cvtsi32_si128(count & ($bits - 1)))) }
        }
    )*};
}

shifts! {
    i16x8_shl = _mm_sll_epi16, 16;
    i16x8_shr_s = _mm_sra_epi16, 16;
    i16x8_shr_u = _mm_srl_epi16, 16;
    i32x4_shl = _mm_sll_epi32, 32;
    i32x4_shr_s = _mm_sra_epi32, 32;
    i32x4_shr_u = _mm_srl_epi32, 32;
    i64x2_shl = _mm_sll_epi64, 64;
    i64x2_shr_u = _mm_srl_epi64, 64;
}

/// `i8x16.abs`: as unsigned bytes, the smaller of `x` and `-x` (-128 stays -128).
#[inline(always)]
pub fn i8x16_abs(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let x = m(a);
        v(_mm_min_epu8(x, _mm_sub_epi8(_mm_setzero_si128(), x)))
    }
}

/// `i16x8.abs`: the larger of `x` and `-x` (-32768 stays -32768).
#[inline(always)]
pub fn i16x8_abs(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let x = m(a);
        v(_mm_max_epi16(x, _mm_sub_epi16(_mm_setzero_si128(), x)))
    }
}

/// `i32x4.abs`: `(x ^ s) - s` with `s` the sign spread over the lane.
#[inline(always)]
pub fn i32x4_abs(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let x = m(a);
        let s = _mm_srai_epi32::<31>(x);
        v(_mm_sub_epi32(_mm_xor_si128(x, s), s))
    }
}

/// `f32x4.abs`: the sign bits cleared.
#[inline(always)]
pub fn f32x4_abs(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_and_si128(m(a), _mm_set1_epi32(i32::MAX))) }
}

/// `f32x4.neg`: the sign bits flipped.
#[inline(always)]
pub fn f32x4_neg(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_xor_si128(m(a), _mm_set1_epi32(i32::MIN))) }
}

/// `f64x2.abs`.
#[inline(always)]
pub fn f64x2_abs(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_and_si128(m(a), _mm_set1_epi64x(i64::MAX))) }
}

/// `f64x2.neg`.
#[inline(always)]
pub fn f64x2_neg(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_xor_si128(m(a), _mm_set1_epi64x(i64::MIN))) }
}

/// `f32x4.sqrt`.
#[inline(always)]
pub fn f32x4_sqrt(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { vps(_mm_sqrt_ps(ps(a))) }
}

/// `f64x2.sqrt`.
#[inline(always)]
pub fn f64x2_sqrt(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { vpd(_mm_sqrt_pd(pd(a))) }
}

/// `f32x4.convert_i32x4_s`: rounds to nearest even, as `cvtdq2ps` does in the default mode.
#[inline(always)]
pub fn f32x4_convert_i32x4_s(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { vps(_mm_cvtepi32_ps(m(a))) }
}

/// Widening: `$lo`/`$hi` interleave the low/high half with zeros (unsigned) or with its own
/// copy, then shift right arithmetically to spread the sign (signed).
macro_rules! extends {
    ($($lo:ident, $hi:ident = $unpacklo:ident, $unpackhi:ident, $kind:ident $($srai:ident, $shift:literal)?;)*) => {$(
        #[inline(always)]
        pub fn $lo(a: V128) -> V128 {
            // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
            unsafe { extends!(@$kind $unpacklo, a $(, $srai, $shift)?) }
        }
        #[inline(always)]
        pub fn $hi(a: V128) -> V128 {
            // SAFETY: as above.
            unsafe { extends!(@$kind $unpackhi, a $(, $srai, $shift)?) }
        }
    )*};
    (@u $unpack:ident, $a:ident) => { v($unpack(m($a), _mm_setzero_si128())) };
    (@s $unpack:ident, $a:ident, $srai:ident, $shift:literal) => {
        v($srai::<$shift>($unpack(m($a), m($a))))
    };
}

extends! {
    i16x8_extend_low_i8x16_u, i16x8_extend_high_i8x16_u = _mm_unpacklo_epi8, _mm_unpackhi_epi8, u;
    i16x8_extend_low_i8x16_s, i16x8_extend_high_i8x16_s = _mm_unpacklo_epi8, _mm_unpackhi_epi8, s _mm_srai_epi16, 8;
    i32x4_extend_low_i16x8_u, i32x4_extend_high_i16x8_u = _mm_unpacklo_epi16, _mm_unpackhi_epi16, u;
    i32x4_extend_low_i16x8_s, i32x4_extend_high_i16x8_s = _mm_unpacklo_epi16, _mm_unpackhi_epi16, s _mm_srai_epi32, 16;
    i64x2_extend_low_i32x4_u, i64x2_extend_high_i32x4_u = _mm_unpacklo_epi32, _mm_unpackhi_epi32, u;
}

/// `i64x2.extend_low_i32x4_s`: each lane beside its sign.
#[inline(always)]
pub fn i64x2_extend_low_i32x4_s(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let x = m(a);
        v(_mm_unpacklo_epi32(x, _mm_srai_epi32::<31>(x)))
    }
}

/// `i64x2.extend_high_i32x4_s`.
#[inline(always)]
pub fn i64x2_extend_high_i32x4_s(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let x = m(a);
        v(_mm_unpackhi_epi32(x, _mm_srai_epi32::<31>(x)))
    }
}

/// `i32x4.extadd_pairwise_i16x8_s`: `pmaddwd` by ones.
#[inline(always)]
pub fn i32x4_extadd_pairwise_i16x8_s(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_madd_epi16(m(a), _mm_set1_epi16(1))) }
}

/// `i32x4.extadd_pairwise_i16x8_u`: the lanes biased to signed (`x - 32768`), summed by
/// `pmaddwd`, and the bias of two lanes (65536) added back.
#[inline(always)]
pub fn i32x4_extadd_pairwise_i16x8_u(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let biased = _mm_xor_si128(m(a), _mm_set1_epi16(i16::MIN));
        v(_mm_add_epi32(
            _mm_madd_epi16(biased, _mm_set1_epi16(1)),
            _mm_set1_epi32(65536),
        ))
    }
}

/// `i16x8.extadd_pairwise_i8x16_u`: each pair of bytes split into two 16-bit lanes and added.
#[inline(always)]
pub fn i16x8_extadd_pairwise_i8x16_u(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let x = m(a);
        let even = _mm_and_si128(x, _mm_set1_epi16(0xff));
        let odd = _mm_srli_epi16::<8>(x);
        v(_mm_add_epi16(even, odd))
    }
}

/// `i16x8.extadd_pairwise_i8x16_s`: as the unsigned form, each byte sign-extended.
#[inline(always)]
pub fn i16x8_extadd_pairwise_i8x16_s(a: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let x = m(a);
        let even = _mm_srai_epi16::<8>(_mm_slli_epi16::<8>(x));
        let odd = _mm_srai_epi16::<8>(x);
        v(_mm_add_epi16(even, odd))
    }
}

/// `i32x4.extmul_*_i16x8_*`: the low and high halves of the 16-bit products (`pmullw`,
/// `pmulhw`/`pmulhuw`) interleaved into 32-bit lanes.
macro_rules! extmul_16_to_32 {
    ($($lo:ident, $hi:ident = $mulhi:ident;)*) => {$(
        #[inline(always)]
        pub fn $lo(a: V128, b: V128) -> V128 {
            // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
            unsafe {
                let (a, b) = (m(a), m(b));
                v(_mm_unpacklo_epi16(_mm_mullo_epi16(a, b), $mulhi(a, b)))
            }
        }
        #[inline(always)]
        pub fn $hi(a: V128, b: V128) -> V128 {
            // SAFETY: as above.
            unsafe {
                let (a, b) = (m(a), m(b));
                v(_mm_unpackhi_epi16(_mm_mullo_epi16(a, b), $mulhi(a, b)))
            }
        }
    )*};
}

extmul_16_to_32! {
    i32x4_extmul_low_i16x8_s, i32x4_extmul_high_i16x8_s = _mm_mulhi_epi16;
    i32x4_extmul_low_i16x8_u, i32x4_extmul_high_i16x8_u = _mm_mulhi_epu16;
}

/// `i16x8.extmul_*_i8x16_*`: both operands widened as `extend_*` does, then `pmullw` (the
/// products of 8-bit lanes fit 16 bits).
macro_rules! extmul_8_to_16 {
    ($($name:ident = $extend:ident;)*) => {$(
        #[inline(always)]
        pub fn $name(a: V128, b: V128) -> V128 {
            // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
            unsafe { v(_mm_mullo_epi16(m($extend(a)), m($extend(b)))) }
        }
    )*};
}

extmul_8_to_16! {
    i16x8_extmul_low_i8x16_s = i16x8_extend_low_i8x16_s;
    i16x8_extmul_high_i8x16_s = i16x8_extend_high_i8x16_s;
    i16x8_extmul_low_i8x16_u = i16x8_extend_low_i8x16_u;
    i16x8_extmul_high_i8x16_u = i16x8_extend_high_i8x16_u;
}

/// `i64x2.extmul_low_i32x4_u`: lanes 0 and 1 moved to the even places, then `pmuludq`.
#[inline(always)]
pub fn i64x2_extmul_low_i32x4_u(a: V128, b: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let a = _mm_shuffle_epi32::<0b00_01_00_00>(m(a));
        let b = _mm_shuffle_epi32::<0b00_01_00_00>(m(b));
        v(_mm_mul_epu32(a, b))
    }
}

/// `i64x2.extmul_high_i32x4_u`: lanes 2 and 3 moved to the even places, then `pmuludq`.
#[inline(always)]
pub fn i64x2_extmul_high_i32x4_u(a: V128, b: V128) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        let a = _mm_shuffle_epi32::<0b00_11_00_10>(m(a));
        let b = _mm_shuffle_epi32::<0b00_11_00_10>(m(b));
        v(_mm_mul_epu32(a, b))
    }
}

/// `i8x16.splat`.
#[inline(always)]
pub fn i8x16_splat(x: i32) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_set1_epi8(x as i8)) }
}

/// `i16x8.splat`.
#[inline(always)]
pub fn i16x8_splat(x: i32) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_set1_epi16(x as i16)) }
}

/// `i32x4.splat`.
#[inline(always)]
pub fn i32x4_splat(x: i32) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_set1_epi32(x)) }
}

/// `i64x2.splat`.
#[inline(always)]
pub fn i64x2_splat(x: i64) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_set1_epi64x(x)) }
}

/// `f32x4.splat`: the bits of `x` in every lane (NaN payloads kept).
#[inline(always)]
pub fn f32x4_splat(x: f32) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_set1_epi32(x.to_bits() as i32)) }
}

/// `f64x2.splat`.
#[inline(always)]
pub fn f64x2_splat(x: f64) -> V128 {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { v(_mm_set1_epi64x(x.to_bits() as i64)) }
}

/// Lanes of `yes` where `mask` is all ones, of `no` where it is zero.
#[inline(always)]
fn select(mask: __m128i, yes: __m128i, no: __m128i) -> __m128i {
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe { _mm_or_si128(_mm_and_si128(mask, yes), _mm_andnot_si128(mask, no)) }
}

/// Functions SSE4.1 has one instruction for: that instruction where the CPU has SSE4.1 (found at
/// run time, [`has_sse41`], and written as inline assembly, as `pshufb` is), otherwise an SSE2
/// sequence of 2 to 6 instructions. When the build targets SSE4.1 (`-C target-cpu=x86-64-v2` or
/// later) the intrinsic is used and there is no check.
///
/// (A `#[target_feature(enable = "sse4.1")]` function cannot be inlined into a baseline handler:
/// each operation would be an out-of-line call. Measured on `simd_autovec` (32-bit min/max,
/// shuffles): 321 ms that way, 198 ms with the SSE2 sequences inlined. Inline assembly behind a
/// cached flag inlines.)
macro_rules! sse41_or_sse2 {
    ($($name:ident = $sse41:ident / $insn:literal | $a:ident, $b:ident => $sse2:expr;)*) => {
        /// The SSE2 sequences.
        #[cfg_attr(target_feature = "sse4.1", allow(dead_code))]
        pub(crate) mod sse2_forms {
            use super::*;
            $(
                #[inline(always)]
                pub(crate) fn $name($a: V128, $b: V128) -> V128 {
                    let ($a, $b) = (m($a), m($b));
                    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
                    v(unsafe { $sse2 })
                }
            )*
        }

        /// The SSE4.1 instructions, as inline assembly.
        #[cfg_attr(target_feature = "sse4.1", allow(dead_code))]
        pub(crate) mod sse41_forms {
            use super::*;
            $(
                /// # Safety
                /// The CPU must have SSE4.1 ([`has_sse41`]).
                #[inline(always)]
                // SAFETY: (the contract) callers check `has_sse41()` first.
                pub(crate) unsafe fn $name($a: V128, $b: V128) -> V128 {
                    let mut x = m($a);
                    // The instruction reads and writes only these two registers.
                    // SAFETY: the caller checked SSE4.1 (this function's contract).
                    unsafe {
                        core::arch::asm!(
                            concat!($insn, " {x}, {y}"),
                            x = inout(xmm_reg) x,
                            y = in(xmm_reg) m($b),
                            options(pure, nomem, nostack, preserves_flags),
                        );
                    }
                    v(x)
                }
            )*
        }

        $(
            #[inline(always)]
            pub fn $name($a: V128, $b: V128) -> V128 {
                #[cfg(target_feature = "sse4.1")]
                // SAFETY: the build targets SSE4.1 (the `cfg` above).
                return v(unsafe { $sse41(m($a), m($b)) });
                #[cfg(not(target_feature = "sse4.1"))]
                if has_sse41() {
                    // SAFETY: checked just above.
                    unsafe { sse41_forms::$name($a, $b) }
                } else {
                    sse2_forms::$name($a, $b)
                }
            }
        )*

        /// Each function above with its portable counterpart and both forms, for `arch_tests`,
        /// which checks both whatever this CPU has.
        #[cfg(test)]
        #[allow(clippy::type_complexity)]
        pub(crate) const SSE41_CHOICES: &[(
            &str,
            fn(V128, V128) -> V128,
            fn(V128, V128) -> V128,
            unsafe fn(V128, V128) -> V128,
        )] = &[$((
            stringify!($name),
            super::arch_tests::portable::$name,
            sse2_forms::$name,
            sse41_forms::$name,
        )),*];
    };
}

/// Whether this CPU has SSE4.1 (always true when the build targets it; otherwise
/// `is_x86_feature_detected!`, a cached flag after its first call).
#[inline(always)]
pub(crate) fn has_sse41() -> bool {
    cfg!(target_feature = "sse4.1") || std::is_x86_feature_detected!("sse4.1")
}

sse41_or_sse2! {
    // The low 32 bits of the products of the even lanes, then of the odd ones, interleaved.
    i32x4_mul = _mm_mullo_epi32 / "pmulld" | a, b => {
        let even = _mm_mul_epu32(a, b);
        let odd = _mm_mul_epu32(_mm_srli_epi64::<32>(a), _mm_srli_epi64::<32>(b));
        _mm_unpacklo_epi32(
            _mm_shuffle_epi32::<0b00_00_10_00>(even),
            _mm_shuffle_epi32::<0b00_00_10_00>(odd),
        )
    };
    i8x16_min_s = _mm_min_epi8 / "pminsb" | a, b => select(_mm_cmpgt_epi8(a, b), b, a);
    i8x16_max_s = _mm_max_epi8 / "pmaxsb" | a, b => select(_mm_cmpgt_epi8(a, b), a, b);
    // `a - (a -sat b)` is the smaller, `b + (a -sat b)` the larger.
    i16x8_min_u = _mm_min_epu16 / "pminuw" | a, b => _mm_sub_epi16(a, _mm_subs_epu16(a, b));
    i16x8_max_u = _mm_max_epu16 / "pmaxuw" | a, b => _mm_add_epi16(b, _mm_subs_epu16(a, b));
    i32x4_min_s = _mm_min_epi32 / "pminsd" | a, b => select(_mm_cmpgt_epi32(a, b), b, a);
    i32x4_max_s = _mm_max_epi32 / "pmaxsd" | a, b => select(_mm_cmpgt_epi32(a, b), a, b);
    // Unsigned order is the signed order with the top bits flipped.
    i32x4_min_u = _mm_min_epu32 / "pminud" | a, b => {
        let bias = _mm_set1_epi32(i32::MIN);
        select(_mm_cmpgt_epi32(_mm_xor_si128(a, bias), _mm_xor_si128(b, bias)), b, a)
    };
    i32x4_max_u = _mm_max_epu32 / "pmaxud" | a, b => {
        let bias = _mm_set1_epi32(i32::MIN);
        select(_mm_cmpgt_epi32(_mm_xor_si128(a, bias), _mm_xor_si128(b, bias)), a, b)
    };
    // Each lane clamped to 0..=65535 and moved down by 32768, so the signed saturating pack
    // keeps it; the pack's lanes are then moved back up.
    i16x8_narrow_i32x4_u = _mm_packus_epi32 / "packusdw" | a, b => {
        let clamp = |x: __m128i| {
            let x = _mm_and_si128(x, _mm_cmpgt_epi32(x, _mm_setzero_si128()));
            let max = _mm_set1_epi32(65535);
            _mm_sub_epi32(select(_mm_cmpgt_epi32(x, max), max, x), _mm_set1_epi32(32768))
        };
        _mm_xor_si128(_mm_packs_epi32(clamp(a), clamp(b)), _mm_set1_epi16(i16::MIN))
    };
    // Both 32-bit halves equal.
    i64x2_eq = _mm_cmpeq_epi64 / "pcmpeqq" | a, b => {
        let halves = _mm_cmpeq_epi32(a, b);
        _mm_and_si128(halves, _mm_shuffle_epi32::<0b10_11_00_01>(halves))
    };
}

/// `pshufb`: byte `index[i] & 15` of `table`, or 0 where `index[i]`'s top bit is set.
///
/// SSSE3 is in every x86_64 CPU since 2006 but not in the baseline, so it is found at run time
/// (`has_ssse3`), and the instruction is written as inline assembly: unlike a
/// `#[target_feature]` function, that is inlined into a baseline handler. When the build
/// targets SSSE3 the intrinsic is used.
#[inline(always)]
fn pshufb(table: __m128i, index: __m128i) -> __m128i {
    #[cfg(target_feature = "ssse3")]
    // SAFETY: the build targets SSSE3 (the `cfg` above).
    return unsafe { _mm_shuffle_epi8(table, index) };
    #[cfg(not(target_feature = "ssse3"))]
    {
        let mut x = table;
        // `pshufb` reads and writes only these two registers.
        // SAFETY: callers call this only when `has_ssse3()`.
        unsafe {
            core::arch::asm!(
                "pshufb {x}, {i}",
                x = inout(xmm_reg) x,
                i = in(xmm_reg) index,
                options(pure, nomem, nostack, preserves_flags),
            );
        }
        x
    }
}

/// Whether this CPU has SSSE3 (always true when the build targets it; otherwise
/// `is_x86_feature_detected!`, a cached flag after its first call).
#[inline(always)]
fn has_ssse3() -> bool {
    cfg!(target_feature = "ssse3") || std::is_x86_feature_detected!("ssse3")
}

/// `i8x16.swizzle`: `pshufb` where the CPU has SSSE3, an index of 16 or more made one with the
/// top bit set (saturating `+ 0x70`), which `pshufb` turns into 0; otherwise the portable
/// function.
#[inline(always)]
pub fn i8x16_swizzle(a: V128, s: V128) -> V128 {
    if !has_ssse3() {
        return super::lanes::i8x16_swizzle(a, s);
    }
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    let index = unsafe { _mm_adds_epu8(m(s), _mm_set1_epi8(0x70)) };
    v(pshufb(m(a), index))
}

/// `i8x16.shuffle`: where the CPU has SSSE3, two `pshufb`, each zeroing the lanes the other
/// provides; otherwise the portable function.
#[inline(always)]
pub fn i8x16_shuffle(a: V128, b: V128, lanes: [u8; 16]) -> V128 {
    if !has_ssse3() {
        return super::lanes::i8x16_shuffle(a, b, lanes);
    }
    // SAFETY: SSE2 is part of every x86_64 CPU (the target's baseline).
    unsafe {
        // Lanes are 0..32 (validated; taken modulo 32 as the portable form does).
        let lanes = _mm_and_si128(m(V128::from_le_bytes(lanes)), _mm_set1_epi8(31));
        // From `a`: lanes 0..16 as they are, 16.. with the top bit set.
        let from_a = _mm_or_si128(lanes, _mm_cmpgt_epi8(lanes, _mm_set1_epi8(15)));
        // From `b`: `lane - 16`, whose top bit is set for the lanes below 16.
        let from_b = _mm_sub_epi8(lanes, _mm_set1_epi8(16));
        v(_mm_or_si128(pshufb(m(a), from_a), pshufb(m(b), from_b)))
    }
}

/// Calls `$m!` with the names of every function above, grouped by signature, for the
/// re-export in `simd/mod.rs` and the equivalence tests.
macro_rules! for_each_accelerated {
    ($m:ident) => {
        $m! {
            binary: v128_and, v128_or, v128_xor, v128_andnot,
                i8x16_add, i8x16_sub, i8x16_add_sat_s, i8x16_add_sat_u, i8x16_sub_sat_s,
                i8x16_sub_sat_u, i8x16_min_u, i8x16_max_u, i8x16_min_s, i8x16_max_s,
                i8x16_avgr_u, i8x16_eq, i8x16_ne, i8x16_gt_s, i8x16_lt_s,
                i8x16_narrow_i16x8_s, i8x16_narrow_i16x8_u, i8x16_swizzle,
                i16x8_add, i16x8_sub, i16x8_mul, i16x8_add_sat_s, i16x8_add_sat_u,
                i16x8_sub_sat_s, i16x8_sub_sat_u, i16x8_min_s, i16x8_max_s, i16x8_min_u,
                i16x8_max_u, i16x8_avgr_u, i16x8_eq, i16x8_ne, i16x8_gt_s, i16x8_lt_s,
                i16x8_narrow_i32x4_s, i16x8_narrow_i32x4_u,
                i32x4_add, i32x4_sub, i32x4_mul, i32x4_eq, i32x4_ne, i32x4_gt_s, i32x4_lt_s,
                i32x4_min_s, i32x4_max_s, i32x4_min_u, i32x4_max_u, i32x4_dot_i16x8_s,
                i64x2_add, i64x2_sub, i64x2_eq,
                f32x4_add, f32x4_sub, f32x4_mul, f32x4_div, f32x4_eq, f32x4_ne, f32x4_lt,
                f32x4_le, f32x4_gt, f32x4_ge,
                f64x2_add, f64x2_sub, f64x2_mul, f64x2_div, f64x2_eq, f64x2_ne, f64x2_lt,
                f64x2_le, f64x2_gt, f64x2_ge,
                i32x4_extmul_low_i16x8_s, i32x4_extmul_high_i16x8_s, i32x4_extmul_low_i16x8_u,
                i32x4_extmul_high_i16x8_u, i16x8_extmul_low_i8x16_s, i16x8_extmul_high_i8x16_s,
                i16x8_extmul_low_i8x16_u, i16x8_extmul_high_i8x16_u, i64x2_extmul_low_i32x4_u,
                i64x2_extmul_high_i32x4_u;
            unary: v128_not, i8x16_abs, i16x8_abs, i32x4_abs, f32x4_abs, f32x4_neg, f64x2_abs,
                f64x2_neg, f32x4_sqrt, f64x2_sqrt, f32x4_convert_i32x4_s,
                i16x8_extend_low_i8x16_u, i16x8_extend_high_i8x16_u,
                i16x8_extend_low_i8x16_s, i16x8_extend_high_i8x16_s,
                i32x4_extend_low_i16x8_u, i32x4_extend_high_i16x8_u,
                i32x4_extend_low_i16x8_s, i32x4_extend_high_i16x8_s,
                i64x2_extend_low_i32x4_u, i64x2_extend_high_i32x4_u,
                i64x2_extend_low_i32x4_s, i64x2_extend_high_i32x4_s,
                i32x4_extadd_pairwise_i16x8_s, i32x4_extadd_pairwise_i16x8_u,
                i16x8_extadd_pairwise_i8x16_u, i16x8_extadd_pairwise_i8x16_s;
            ternary: v128_bitselect;
            predicate: v128_any_true, i8x16_all_true, i16x8_all_true, i32x4_all_true;
            bitmask: i8x16_bitmask, i16x8_bitmask, i32x4_bitmask, i64x2_bitmask;
            shift: i16x8_shl, i16x8_shr_s, i16x8_shr_u, i32x4_shl, i32x4_shr_s, i32x4_shr_u,
                i64x2_shl, i64x2_shr_u;
            splat_i32: i8x16_splat, i16x8_splat, i32x4_splat;
            splat_i64: i64x2_splat;
            splat_f32: f32x4_splat;
            splat_f64: f64x2_splat;
            shuffle: i8x16_shuffle;
        }
    };
}

pub(crate) use for_each_accelerated;
