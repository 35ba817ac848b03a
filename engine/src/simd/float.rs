//! Float lane arithmetic: the IEEE operations (`add` ... `sqrt`), Wasm's `min`/`max` (NaN
//! propagates, -0 < +0) and `pmin`/`pmax` (the C-style `b < a ? b : a`), the roundings,
//! `abs`/`neg` as sign-bit operations, and comparisons (all ones for true). The NaN each
//! operation returns is explained in the module doc of `simd`.

use super::{V128, lanewise, mask};

/// Wasm's float operations that are more than one Rust operator, for `f32` and `f64`.
pub(crate) trait WasmFloat: Copy {
    /// The positive canonical NaN: only the quiet bit of the payload set.
    const CANONICAL_NAN: Self;
    /// `fmin`: the canonical NaN if either is NaN, -0 for {-0, +0}, else the smaller.
    fn wasm_min(self, other: Self) -> Self;
    /// `fmax`: the canonical NaN if either is NaN, +0 for {-0, +0}, else the larger.
    fn wasm_max(self, other: Self) -> Self;
    /// `f` applied to a number; a NaN comes back quieted (some library roundings return a
    /// signalling NaN unchanged, which Wasm does not allow).
    fn rounded(self, f: impl Fn(Self) -> Self) -> Self;
}

macro_rules! wasm_float {
    ($($f:ident, $canonical:expr;)*) => {$(
        impl WasmFloat for $f {
            const CANONICAL_NAN: $f = $f::from_bits($canonical);

            #[inline(always)]
            fn wasm_min(self, other: $f) -> $f {
                if self.is_nan() || other.is_nan() {
                    Self::CANONICAL_NAN
                } else if self == other {
                    // Equal numbers have equal bits except for {-0, +0}, where the sign bit
                    // of either makes -0.
                    $f::from_bits(self.to_bits() | other.to_bits())
                } else if self < other {
                    self
                } else {
                    other
                }
            }

            #[inline(always)]
            fn wasm_max(self, other: $f) -> $f {
                if self.is_nan() || other.is_nan() {
                    Self::CANONICAL_NAN
                } else if self == other {
                    // As in `wasm_min`, but both must be -0 for -0.
                    $f::from_bits(self.to_bits() & other.to_bits())
                } else if self > other {
                    self
                } else {
                    other
                }
            }

            #[inline(always)]
            fn rounded(self, f: impl Fn($f) -> $f) -> $f {
                if self.is_nan() { self + self } else { f(self) }
            }
        }
    )*};
}

wasm_float! {
    f32, 0x7fc0_0000;
    f64, 0x7ff8_0000_0000_0000;
}

lanewise! {
    /// `f32x4.add`: IEEE addition.
    f32x4_add(a: f32, b: f32) -> f32 [4] = a + b;
    /// `f32x4.sub`: IEEE subtraction.
    f32x4_sub(a: f32, b: f32) -> f32 [4] = a - b;
    /// `f32x4.mul`: IEEE multiplication.
    f32x4_mul(a: f32, b: f32) -> f32 [4] = a * b;
    /// `f32x4.div`: IEEE division.
    f32x4_div(a: f32, b: f32) -> f32 [4] = a / b;
    /// `f32x4.sqrt`: IEEE square root.
    f32x4_sqrt(a: f32) -> f32 [4] = a.sqrt();
    /// `f32x4.min`: NaN if either is NaN, -0 < +0.
    f32x4_min(a: f32, b: f32) -> f32 [4] = a.wasm_min(b);
    /// `f32x4.max`: NaN if either is NaN, -0 < +0.
    f32x4_max(a: f32, b: f32) -> f32 [4] = a.wasm_max(b);
    /// `f32x4.pmin`: `b < a ? b : a` (a NaN or a zero of either sign in `a` can come back).
    f32x4_pmin(a: f32, b: f32) -> f32 [4] = if b < a { b } else { a };
    /// `f32x4.pmax`: `a < b ? b : a`.
    f32x4_pmax(a: f32, b: f32) -> f32 [4] = if a < b { b } else { a };
    /// `f32x4.ceil`: round toward +infinity.
    f32x4_ceil(a: f32) -> f32 [4] = a.rounded(f32::ceil);
    /// `f32x4.floor`: round toward -infinity.
    f32x4_floor(a: f32) -> f32 [4] = a.rounded(f32::floor);
    /// `f32x4.trunc`: round toward zero.
    f32x4_trunc(a: f32) -> f32 [4] = a.rounded(f32::trunc);
    /// `f32x4.nearest`: round to nearest, ties to even.
    f32x4_nearest(a: f32) -> f32 [4] = a.rounded(f32::round_ties_even);
    /// `f32x4.abs`: clear the sign bit (NaN payloads kept).
    f32x4_abs(a: u32) -> u32 [4] = a & !(1 << 31);
    /// `f32x4.neg`: flip the sign bit (NaN payloads kept).
    f32x4_neg(a: u32) -> u32 [4] = a ^ (1 << 31);

    /// `f64x2.add`: IEEE addition.
    f64x2_add(a: f64, b: f64) -> f64 [2] = a + b;
    /// `f64x2.sub`: IEEE subtraction.
    f64x2_sub(a: f64, b: f64) -> f64 [2] = a - b;
    /// `f64x2.mul`: IEEE multiplication.
    f64x2_mul(a: f64, b: f64) -> f64 [2] = a * b;
    /// `f64x2.div`: IEEE division.
    f64x2_div(a: f64, b: f64) -> f64 [2] = a / b;
    /// `f64x2.sqrt`: IEEE square root.
    f64x2_sqrt(a: f64) -> f64 [2] = a.sqrt();
    /// `f64x2.min`: NaN if either is NaN, -0 < +0.
    f64x2_min(a: f64, b: f64) -> f64 [2] = a.wasm_min(b);
    /// `f64x2.max`: NaN if either is NaN, -0 < +0.
    f64x2_max(a: f64, b: f64) -> f64 [2] = a.wasm_max(b);
    /// `f64x2.pmin`: `b < a ? b : a`.
    f64x2_pmin(a: f64, b: f64) -> f64 [2] = if b < a { b } else { a };
    /// `f64x2.pmax`: `a < b ? b : a`.
    f64x2_pmax(a: f64, b: f64) -> f64 [2] = if a < b { b } else { a };
    /// `f64x2.ceil`: round toward +infinity.
    f64x2_ceil(a: f64) -> f64 [2] = a.rounded(f64::ceil);
    /// `f64x2.floor`: round toward -infinity.
    f64x2_floor(a: f64) -> f64 [2] = a.rounded(f64::floor);
    /// `f64x2.trunc`: round toward zero.
    f64x2_trunc(a: f64) -> f64 [2] = a.rounded(f64::trunc);
    /// `f64x2.nearest`: round to nearest, ties to even.
    f64x2_nearest(a: f64) -> f64 [2] = a.rounded(f64::round_ties_even);
    /// `f64x2.abs`: clear the sign bit (NaN payloads kept).
    f64x2_abs(a: u64) -> u64 [2] = a & !(1 << 63);
    /// `f64x2.neg`: flip the sign bit (NaN payloads kept).
    f64x2_neg(a: u64) -> u64 [2] = a ^ (1 << 63);

    /// `f32x4.eq`: all ones where equal (never for NaN; -0 == +0).
    f32x4_eq(a: f32, b: f32) -> u32 [4] = mask(a == b);
    /// `f32x4.ne`: all ones where not equal (always for NaN).
    f32x4_ne(a: f32, b: f32) -> u32 [4] = mask(a != b);
    /// `f32x4.lt`: all ones where `a < b`.
    f32x4_lt(a: f32, b: f32) -> u32 [4] = mask(a < b);
    /// `f32x4.gt`: all ones where `a > b`.
    f32x4_gt(a: f32, b: f32) -> u32 [4] = mask(a > b);
    /// `f32x4.le`: all ones where `a <= b`.
    f32x4_le(a: f32, b: f32) -> u32 [4] = mask(a <= b);
    /// `f32x4.ge`: all ones where `a >= b`.
    f32x4_ge(a: f32, b: f32) -> u32 [4] = mask(a >= b);

    /// `f64x2.eq`: all ones where equal (never for NaN; -0 == +0).
    f64x2_eq(a: f64, b: f64) -> u64 [2] = mask(a == b);
    /// `f64x2.ne`: all ones where not equal (always for NaN).
    f64x2_ne(a: f64, b: f64) -> u64 [2] = mask(a != b);
    /// `f64x2.lt`: all ones where `a < b`.
    f64x2_lt(a: f64, b: f64) -> u64 [2] = mask(a < b);
    /// `f64x2.gt`: all ones where `a > b`.
    f64x2_gt(a: f64, b: f64) -> u64 [2] = mask(a > b);
    /// `f64x2.le`: all ones where `a <= b`.
    f64x2_le(a: f64, b: f64) -> u64 [2] = mask(a <= b);
    /// `f64x2.ge`: all ones where `a >= b`.
    f64x2_ge(a: f64, b: f64) -> u64 [2] = mask(a >= b);
}
