//! Float lane arithmetic: the IEEE operations (`add` ... `sqrt`), Wasm's `min`/`max` (NaN
//! propagates, -0 < +0) and `pmin`/`pmax` (the C-style `b < a ? b : a`), the roundings,
//! `abs`/`neg` as sign-bit operations, and comparisons (all ones for true). The NaN each
//! operation returns is explained in the module doc of `simd`.

use super::{V128, comparisons, lanewise};

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

/// Defines the arithmetic, min/max, pmin/pmax, roundings and sign-bit operations of one float
/// shape: `$f` lanes, seen as `$bits` for `abs`/`neg` (whose sign bit is `$sign`).
macro_rules! float_ops {
    ($([$f:ident, $bits:ty, $sign:literal; $n:literal]
        $add:ident, $sub:ident, $mul:ident, $div:ident, $sqrt:ident, $min:ident, $max:ident,
        $pmin:ident, $pmax:ident, $ceil:ident, $floor:ident, $trunc:ident, $nearest:ident,
        $abs:ident, $neg:ident;
    )*) => {$(
        lanewise! {
            #[doc = concat!("`", stringify!($add), "`: IEEE addition.")]
            $add(a: $f, b: $f) -> $f [$n] = a + b;
            #[doc = concat!("`", stringify!($sub), "`: IEEE subtraction.")]
            $sub(a: $f, b: $f) -> $f [$n] = a - b;
            #[doc = concat!("`", stringify!($mul), "`: IEEE multiplication.")]
            $mul(a: $f, b: $f) -> $f [$n] = a * b;
            #[doc = concat!("`", stringify!($div), "`: IEEE division.")]
            $div(a: $f, b: $f) -> $f [$n] = a / b;
            #[doc = concat!("`", stringify!($sqrt), "`: IEEE square root.")]
            $sqrt(a: $f) -> $f [$n] = a.sqrt();
            #[doc = concat!("`", stringify!($min), "`: the canonical NaN if either is NaN, -0 < +0.")]
            $min(a: $f, b: $f) -> $f [$n] = a.wasm_min(b);
            #[doc = concat!("`", stringify!($max), "`: the canonical NaN if either is NaN, -0 < +0.")]
            $max(a: $f, b: $f) -> $f [$n] = a.wasm_max(b);
            #[doc = concat!("`", stringify!($pmin), "`: `b < a ? b : a` (a NaN or an equal zero ",
                "in `a` comes back as it is).")]
            $pmin(a: $f, b: $f) -> $f [$n] = if b < a { b } else { a };
            #[doc = concat!("`", stringify!($pmax), "`: `a < b ? b : a`.")]
            $pmax(a: $f, b: $f) -> $f [$n] = if a < b { b } else { a };
            #[doc = concat!("`", stringify!($ceil), "`: round toward +infinity.")]
            $ceil(a: $f) -> $f [$n] = a.rounded($f::ceil);
            #[doc = concat!("`", stringify!($floor), "`: round toward -infinity.")]
            $floor(a: $f) -> $f [$n] = a.rounded($f::floor);
            #[doc = concat!("`", stringify!($trunc), "`: round toward zero.")]
            $trunc(a: $f) -> $f [$n] = a.rounded($f::trunc);
            #[doc = concat!("`", stringify!($nearest), "`: round to nearest, ties to even.")]
            $nearest(a: $f) -> $f [$n] = a.rounded($f::round_ties_even);
            #[doc = concat!("`", stringify!($abs), "`: clear the sign bit (NaN payloads kept).")]
            $abs(a: $bits) -> $bits [$n] = a & !(1 << $sign);
            #[doc = concat!("`", stringify!($neg), "`: flip the sign bit (NaN payloads kept).")]
            $neg(a: $bits) -> $bits [$n] = a ^ (1 << $sign);
        }
    )*};
}

float_ops! {
    [f32, u32, 31; 4]
        f32x4_add, f32x4_sub, f32x4_mul, f32x4_div, f32x4_sqrt, f32x4_min, f32x4_max,
        f32x4_pmin, f32x4_pmax, f32x4_ceil, f32x4_floor, f32x4_trunc, f32x4_nearest,
        f32x4_abs, f32x4_neg;
    [f64, u64, 63; 2]
        f64x2_add, f64x2_sub, f64x2_mul, f64x2_div, f64x2_sqrt, f64x2_min, f64x2_max,
        f64x2_pmin, f64x2_pmax, f64x2_ceil, f64x2_floor, f64x2_trunc, f64x2_nearest,
        f64x2_abs, f64x2_neg;
}

// IEEE comparisons: false when either is NaN (`!=` true), and -0 == +0.
comparisons! {
    [f32 => u32; 4] == f32x4_eq, != f32x4_ne, < f32x4_lt, > f32x4_gt, <= f32x4_le, >= f32x4_ge;
    [f64 => u64; 2] == f64x2_eq, != f64x2_ne, < f64x2_lt, > f64x2_gt, <= f64x2_le, >= f64x2_ge;
}
