//! Numeric semantics that are more than one Rust operator: trapping division, shifts and
//! rotations modulo the bit width, IEEE min/max with wasm's NaN and signed-zero rules, sign-bit
//! operations on floats, float-to-int truncations that trap, and the 128-bit values of wide
//! arithmetic.
//!
//! Plain arithmetic (`+`, `as` conversions, `round_ties_even` ...) is written directly in the
//! instruction table; Rust's `as` from float to int saturates and maps NaN to 0, which is
//! exactly wasm's `trunc_sat`.

use crate::error::TrapCode;

macro_rules! int_ops {
    ($s:ident, $u:ident, $div_s:ident, $div_u:ident, $rem_s:ident, $rem_u:ident, $shl:ident,
     $shr_s:ident, $shr_u:ident, $rotl:ident, $rotr:ident, $bits:expr) => {
        /// Signed division, trapping on zero and on `MIN / -1`.
        #[inline(always)]
        pub fn $div_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                Err(TrapCode::IntegerDivisionByZero)
            } else if a == $s::MIN && b == -1 {
                Err(TrapCode::IntegerOverflow)
            } else {
                Ok(a / b)
            }
        }

        /// Unsigned division, trapping on zero.
        #[inline(always)]
        pub fn $div_u(a: $u, b: $u) -> Result<$u, TrapCode> {
            a.checked_div(b).ok_or(TrapCode::IntegerDivisionByZero)
        }

        /// Signed remainder, trapping on zero (`MIN % -1` is 0).
        #[inline(always)]
        pub fn $rem_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                Err(TrapCode::IntegerDivisionByZero)
            } else {
                Ok(a.wrapping_rem(b))
            }
        }

        /// Unsigned remainder, trapping on zero.
        #[inline(always)]
        pub fn $rem_u(a: $u, b: $u) -> Result<$u, TrapCode> {
            a.checked_rem(b).ok_or(TrapCode::IntegerDivisionByZero)
        }

        /// Shift left by `b` modulo the width.
        #[inline(always)]
        pub fn $shl(a: $s, b: $s) -> $s {
            a.wrapping_shl(b as u32)
        }

        /// Arithmetic shift right by `b` modulo the width.
        #[inline(always)]
        pub fn $shr_s(a: $s, b: $s) -> $s {
            a.wrapping_shr(b as u32)
        }

        /// Logical shift right by `b` modulo the width.
        #[inline(always)]
        pub fn $shr_u(a: $u, b: $u) -> $u {
            a.wrapping_shr(b as u32)
        }

        /// Rotate left by `b` modulo the width.
        #[inline(always)]
        pub fn $rotl(a: $s, b: $s) -> $s {
            a.rotate_left((b as u32) % $bits)
        }

        /// Rotate right by `b` modulo the width.
        #[inline(always)]
        pub fn $rotr(a: $s, b: $s) -> $s {
            a.rotate_right((b as u32) % $bits)
        }
    };
}

int_ops!(
    i32, u32, i32_div_s, u32_div_u, i32_rem_s, u32_rem_u, i32_shl, i32_shr_s, u32_shr_u, i32_rotl,
    i32_rotr, 32
);
int_ops!(
    i64, u64, i64_div_s, u64_div_u, i64_rem_s, u64_rem_u, i64_shl, i64_shr_s, u64_shr_u, i64_rotl,
    i64_rotr, 64
);

macro_rules! float_ops {
    ($f:ident, $bits:ident, $sign:expr, $min:ident, $max:ident, $abs:ident, $neg:ident,
     $copysign:ident) => {
        /// wasm `min`: NaN if either is NaN, and `-0 < +0`.
        #[inline(always)]
        pub fn $min(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                a + b
            } else if a == b {
                $f::from_bits(a.to_bits() | b.to_bits())
            } else if a < b {
                a
            } else {
                b
            }
        }

        /// wasm `max`: NaN if either is NaN, and `-0 < +0`.
        #[inline(always)]
        pub fn $max(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                a + b
            } else if a == b {
                $f::from_bits(a.to_bits() & b.to_bits())
            } else if a > b {
                a
            } else {
                b
            }
        }

        /// Clears the sign bit (NaN payloads untouched).
        #[inline(always)]
        pub fn $abs(a: $f) -> $f {
            $f::from_bits(a.to_bits() & !$sign)
        }

        /// Flips the sign bit (NaN payloads untouched).
        #[inline(always)]
        pub fn $neg(a: $f) -> $f {
            $f::from_bits(a.to_bits() ^ $sign)
        }

        /// `a` with the sign of `b` (bitwise).
        #[inline(always)]
        pub fn $copysign(a: $f, b: $f) -> $f {
            $f::from_bits((a.to_bits() & !$sign) | (b.to_bits() & $sign))
        }
    };
}

float_ops!(
    f32,
    u32,
    1u32 << 31,
    f32_min,
    f32_max,
    f32_abs,
    f32_neg,
    f32_copysign
);
float_ops!(
    f64,
    u64,
    1u64 << 63,
    f64_min,
    f64_max,
    f64_abs,
    f64_neg,
    f64_copysign
);

macro_rules! rounding {
    ($($name:ident = $f:ident :: $method:ident;)*) => {$(
        /// Rounding to an integral value; a NaN comes back quieted (a signalling NaN is not
        /// passed through unchanged, as some library implementations do).
        #[inline(always)]
        pub fn $name(a: $f) -> $f {
            if a.is_nan() { a + a } else { a.$method() }
        }
    )*};
}

rounding! {
    f32_ceil = f32::ceil;
    f32_floor = f32::floor;
    f32_trunc = f32::trunc;
    f32_nearest = f32::round_ties_even;
    f64_ceil = f64::ceil;
    f64_floor = f64::floor;
    f64_trunc = f64::trunc;
    f64_nearest = f64::round_ties_even;
}

macro_rules! trunc {
    ($name:ident, $f:ty, $i:ty, $lo:expr, $lo_inclusive:expr, $hi:expr) => {
        /// Truncation toward zero, trapping on NaN and on results out of range.
        #[inline(always)]
        pub fn $name(a: $f) -> Result<$i, TrapCode> {
            if a.is_nan() {
                return Err(TrapCode::BadConversionToInteger);
            }
            let above_lo = if $lo_inclusive { a >= $lo } else { a > $lo };
            if above_lo && a < $hi {
                Ok(a as $i)
            } else {
                Err(TrapCode::IntegerOverflow)
            }
        }
    };
}

trunc!(
    i32_trunc_f32_s,
    f32,
    i32,
    -2147483648.0f32,
    true,
    2147483648.0f32
);
trunc!(i32_trunc_f32_u, f32, u32, -1.0f32, false, 4294967296.0f32);
trunc!(
    i32_trunc_f64_s,
    f64,
    i32,
    -2147483649.0f64,
    false,
    2147483648.0f64
);
trunc!(i32_trunc_f64_u, f64, u32, -1.0f64, false, 4294967296.0f64);
trunc!(
    i64_trunc_f32_s,
    f32,
    i64,
    -9223372036854775808.0f32,
    true,
    9223372036854775808.0f32
);
trunc!(
    i64_trunc_f32_u,
    f32,
    u64,
    -1.0f32,
    false,
    18446744073709551616.0f32
);
trunc!(
    i64_trunc_f64_s,
    f64,
    i64,
    -9223372036854775808.0f64,
    true,
    9223372036854775808.0f64
);
trunc!(
    i64_trunc_f64_u,
    f64,
    u64,
    -1.0f64,
    false,
    18446744073709551616.0f64
);

/// The 128-bit value whose low and high halves are `lo` and `hi` (wide arithmetic's operand
/// pairs).
#[inline(always)]
pub fn u128_of(lo: u64, hi: u64) -> u128 {
    u128::from(lo) | (u128::from(hi) << 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_max_signed_zero_and_nan() {
        assert!(f32_min(0.0, -0.0).is_sign_negative());
        assert!(f32_max(-0.0, 0.0).is_sign_positive());
        assert!(f64_min(f64::NAN, 1.0).is_nan());
        assert_eq!(f64_max(1.0, 2.0), 2.0);
    }

    #[test]
    fn truncation_bounds() {
        assert_eq!(i32_trunc_f32_s(-2147483648.0), Ok(i32::MIN));
        assert_eq!(
            i32_trunc_f32_s(2147483648.0),
            Err(TrapCode::IntegerOverflow)
        );
        assert_eq!(i32_trunc_f64_s(-2147483648.9), Ok(i32::MIN));
        assert_eq!(i32_trunc_f64_u(-0.9), Ok(0));
        assert_eq!(
            i64_trunc_f64_u(f64::NAN),
            Err(TrapCode::BadConversionToInteger)
        );
        assert_eq!(u32_div_u(1, 0), Err(TrapCode::IntegerDivisionByZero));
        assert_eq!(i32_div_s(i32::MIN, -1), Err(TrapCode::IntegerOverflow));
        assert_eq!(i32_rem_s(i32::MIN, -1), Ok(0));
    }
}
