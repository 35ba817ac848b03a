//! The architecture paths against the portable functions: every function an architecture
//! module accelerates (its `for_each_accelerated!` list) must return exactly what the portable
//! function of the same name returns, on edge values (lane bounds, signed zeros, infinities,
//! NaNs with payloads, shift counts past the lane width) and on random vectors.

use super::V128;

/// The portable functions alone (`super::*` would give the accelerated ones).
pub(super) mod portable {
    pub use super::super::convert::*;
    pub use super::super::float::*;
    pub use super::super::int::*;
    pub use super::super::lanes::*;
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// 32-bit patterns that sit on an edge for some lane shape.
const EDGE32: [u32; 20] = [
    0,
    u32::MAX,
    0x8000_0000,
    0x7fff_ffff,
    0x8080_8080,
    0x7f7f_7f7f,
    0x0001_ffff,
    0x8000_7fff,
    0xff00_ff00,
    0x3f80_0000, // 1.0f32
    0xbf80_0000, // -1.0f32
    0x7f80_0000, // +inf f32
    0xff80_0000, // -inf f32
    0x7fc0_0000, // canonical NaN f32
    0xffc0_1234, // negative NaN f32 with payload
    0x7f80_0001, // signalling NaN f32
    0x4f00_0000, // 2^31 as f32
    0x0000_0001, // smallest subnormal f32
    0x7ff8_0000, // high half of the canonical NaN f64
    0xfff0_0000, // high half of -inf f64
];

/// Vectors to try: every pair of edge quarters in places, then random mixes of edge and random
/// quarters.
fn vectors() -> Vec<V128> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::new();
    for &a in &EDGE32 {
        for &b in &EDGE32 {
            let q = [a, b, b, a];
            out.push(V128::from_u32x4(q));
            out.push(V128::from_u32x4([a, a, a, b]));
        }
    }
    for _ in 0..2000 {
        let q: [u32; 4] = core::array::from_fn(|_| {
            let r = rng.next();
            if r & 1 == 0 {
                EDGE32[(r >> 8) as usize % EDGE32.len()]
            } else {
                (r >> 32) as u32
            }
        });
        out.push(V128::from_u32x4(q));
    }
    out
}

/// The pairs of vectors a binary function is tried on: each with its neighbours and a
/// scattering of random partners (all pairs would be 2,800² calls per function).
fn pairs(vs: &[V128]) -> impl Iterator<Item = (V128, V128)> + '_ {
    let n = vs.len();
    (0..n).flat_map(move |i| [1, 7, 131, n / 2].map(move |d| (vs[i], vs[(i + d) % n])))
}

macro_rules! check_all {
    (
        binary: $($binary:ident),* ;
        unary: $($unary:ident),* ;
        ternary: $($ternary:ident),* ;
        predicate: $($predicate:ident),* ;
        bitmask: $($bitmask:ident),* ;
        shift: $($shift:ident),* ;
        splat_i32: $($splat_i32:ident),* ;
        splat_i64: $($splat_i64:ident),* ;
        splat_f32: $($splat_f32:ident),* ;
        splat_f64: $($splat_f64:ident),* ;
        shuffle: $($shuffle:ident),* ;
    ) => {
        /// Checks every accelerated function; returns how many calls were compared.
        fn check_every_accelerated_function() -> usize {
            let vs = vectors();
            let mut calls = 0;
            $(for (a, b) in pairs(&vs) {
                assert_eq!(super::$binary(a, b), portable::$binary(a, b),
                    "{}({a:x?}, {b:x?})", stringify!($binary));
                calls += 1;
            })*
            $(for &a in &vs {
                assert_eq!(super::$unary(a), portable::$unary(a), "{}({a:x?})", stringify!($unary));
                calls += 1;
            })*
            $(for (i, (a, b)) in pairs(&vs).enumerate() {
                let c = vs[(i * 13) % vs.len()];
                assert_eq!(super::$ternary(a, b, c), portable::$ternary(a, b, c),
                    "{}({a:x?}, {b:x?}, {c:x?})", stringify!($ternary));
                calls += 1;
            })*
            $(for &a in &vs {
                assert_eq!(super::$predicate(a), portable::$predicate(a),
                    "{}({a:x?})", stringify!($predicate));
                calls += 1;
            })*
            $(for &a in &vs {
                assert_eq!(super::$bitmask(a), portable::$bitmask(a),
                    "{}({a:x?})", stringify!($bitmask));
                calls += 1;
            })*
            $(for &a in &vs {
                for count in [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, -1, i32::MIN] {
                    assert_eq!(super::$shift(a, count), portable::$shift(a, count),
                        "{}({a:x?}, {count})", stringify!($shift));
                    calls += 1;
                }
            })*
            $(for &a in &vs {
                let x = a.to_u32x4()[0] as i32;
                assert_eq!(super::$splat_i32(x), portable::$splat_i32(x),
                    "{}({x})", stringify!($splat_i32));
                calls += 1;
            })*
            $(for &a in &vs {
                let x = a.to_u64x2()[0] as i64;
                assert_eq!(super::$splat_i64(x), portable::$splat_i64(x),
                    "{}({x})", stringify!($splat_i64));
                calls += 1;
            })*
            $(for &a in &vs {
                let x = f32::from_bits(a.to_u32x4()[0]);
                assert_eq!(super::$splat_f32(x), portable::$splat_f32(x),
                    "{}({x})", stringify!($splat_f32));
                calls += 1;
            })*
            $(for &a in &vs {
                let x = f64::from_bits(a.to_u64x2()[0]);
                assert_eq!(super::$splat_f64(x), portable::$splat_f64(x),
                    "{}({x})", stringify!($splat_f64));
                calls += 1;
            })*
            $({
                let mut rng = Rng(7);
                for (a, b) in pairs(&vs) {
                    let lanes: [u8; 16] = core::array::from_fn(|_| (rng.next() % 32) as u8);
                    assert_eq!(super::$shuffle(a, b, lanes), portable::$shuffle(a, b, lanes),
                        "{}({a:x?}, {b:x?}, {lanes:?})", stringify!($shuffle));
                    calls += 1;
                }
            })*
            calls
        }
    };
}

#[cfg(target_arch = "x86_64")]
super::x86::for_each_accelerated!(check_all);
#[cfg(target_arch = "aarch64")]
super::neon::for_each_accelerated!(check_all);

#[test]
fn accelerated_functions_match_the_portable_ones() {
    let calls = check_every_accelerated_function();
    assert!(calls > 100_000, "only {calls} calls compared");
}

/// The edge values reach the swizzle's out-of-range indices and the shuffle's second operand.
#[test]
fn swizzle_and_shuffle_edges() {
    let a = V128::from_u8x16(core::array::from_fn(|i| i as u8 + 1));
    let b = V128::from_u8x16(core::array::from_fn(|i| 0x80 | i as u8));
    let s = V128::from_u8x16([
        0, 15, 16, 17, 0x70, 0x7f, 0x80, 0xff, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    assert_eq!(super::i8x16_swizzle(a, s), portable::i8x16_swizzle(a, s));
    let lanes = [0, 31, 16, 15, 1, 30, 2, 29, 3, 28, 4, 27, 5, 26, 6, 25];
    assert_eq!(
        super::i8x16_shuffle(a, b, lanes),
        portable::i8x16_shuffle(a, b, lanes)
    );
}

/// The functions x86_64 runs with an SSE4.1 instruction where the CPU has it and an SSE2
/// sequence where not: both forms against the portable function, whatever this CPU has (the
/// SSE4.1 form only if it has SSE4.1).
#[cfg(target_arch = "x86_64")]
#[test]
fn both_forms_of_the_sse41_choices_match_the_portable_ones() {
    let vs = vectors();
    let sse41 = super::x86::has_sse41();
    for &(name, portable, sse2, sse41_form) in super::x86::SSE41_CHOICES {
        for (a, b) in pairs(&vs) {
            let want = portable(a, b);
            assert_eq!(sse2(a, b), want, "SSE2 {name}({a:x?}, {b:x?})");
            if sse41 {
                // SAFETY: this CPU has SSE4.1 (checked above).
                let got = unsafe { sse41_form(a, b) };
                assert_eq!(got, want, "SSE4.1 {name}({a:x?}, {b:x?})");
            }
        }
    }
    assert_eq!(super::x86::SSE41_CHOICES.len(), 11);
}
