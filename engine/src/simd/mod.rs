//! The lane semantics of Wasm's 128-bit SIMD and relaxed SIMD: one plain function per
//! instruction, pure computation on [`V128`] values, with no dependency on the rest of the
//! engine. The interpreter's instruction bodies call these; they are also the portable
//! fallback a faster path is compared against, so they are written as fixed-size array loops
//! over lanes that LLVM turns into SSE2/NEON code.
//!
//! # Calling convention
//! - A function is named after its instruction with `_` for `.`: `i8x16.add` is
//!   [`int::i8x16_add`], `i32x4.trunc_sat_f64x2_s_zero` is
//!   [`convert::i32x4_trunc_sat_f64x2_s_zero`]. The files are the families: [`int`] (integer
//!   lanes of one width), [`float`], [`convert`] (lanes change width or type), [`lanes`]
//!   (splat, extract/replace, shuffles, predicates, bitmasks, bitwise), [`load`] (the pure
//!   halves of the memory instructions), [`relaxed`].
//! - Vector operands and results are [`V128`] (lane 0 in the lowest bytes, as Wasm defines).
//!   The interpreter keeps a v128 in two 64-bit cells, low half first: [`V128::from_cells`] and
//!   [`V128::to_cells`].
//! - Scalar operands and results have the instruction's Wasm type: `i32` for `i8x16.splat`,
//!   `i16x8.replace_lane`, the `*_extract_lane_s/u` results and shift counts, `i64`, `f32` and
//!   `f64` for the other shapes. Predicates (`v128.any_true`, `*.all_true`) return `bool`;
//!   `*.bitmask` returns `u32`.
//! - Lane immediates are `u8`, shuffle's are `[u8; 16]`. The validator has checked them; an
//!   index out of range is a bug (a debug assertion), and release builds take it modulo the
//!   lane count rather than panic.
//!
//! # Memory instructions
//! Loads and stores touch memory and belong to the interpreter. Their pure halves are here
//! ([`load`]): [`load::v128_load8x8_s`] and the other load-extends take the 8 loaded bytes as a
//! little-endian `u64`; the `*_splat`, `*_zero` and `*_lane` helpers take the loaded scalar, and
//! `v128_store*_lane` return the scalar to store. `v128.load`, `v128.store` and `v128.const`
//! have no function: they are [`V128::from_le_bytes`] / [`V128::to_le_bytes`] (or the cells).
//!
//! # NaNs
//! Float arithmetic (`add`, `sub`, `mul`, `div`, `sqrt`, the conversions from integers) is
//! Rust's, which gives the arithmetic NaNs the spec allows (their payload may differ between
//! hosts, as the spec permits). Where the spec's result is a NaN chosen by the implementation and
//! Rust would not obviously produce an allowed one, it is chosen here: `min`/`max` (and their
//! relaxed forms), `demote` and `promote` return the positive canonical NaN, which is both
//! `nan:canonical` and `nan:arithmetic`, the same on every host; the roundings (`ceil`, `floor`,
//! `trunc`, `nearest`) return their NaN operand quieted. `abs`, `neg` and the lane moves
//! (`extract_lane`, `splat`, shuffles) only move bits, so NaN payloads pass through exactly.
//!
//! # Relaxed SIMD: the one result chosen for each instruction
//! Relaxed instructions may give one of several results; Kestrel gives the same one on every
//! host, each among those the `relaxed_*.wast` tests accept:
//! - `i8x16.relaxed_swizzle` = `i8x16.swizzle` (an index of 16 or more gives 0).
//! - `i32x4.relaxed_trunc_f32x4_s/u`, `i32x4.relaxed_trunc_f64x2_s/u_zero` = the `trunc_sat`
//!   forms (saturate, NaN gives 0).
//! - `f32x4/f64x2.relaxed_madd` = fused `a * b + c` (one rounding, `mul_add`, correctly rounded
//!   on every host); `relaxed_nmadd` = fused `-(a * b) + c`.
//! - `i8x16/i16x8/i32x4/i64x2.relaxed_laneselect` = `v128.bitselect` (bit by bit, not by the top
//!   bit of each mask lane).
//! - `f32x4/f64x2.relaxed_min/max` = `min`/`max` (NaN propagates, -0 < +0).
//! - `i16x8.relaxed_q15mulr_s` = `i16x8.q15mulr_sat_s` (`0x8000 * 0x8000` saturates to
//!   `0x7fff`).
//! - `i16x8.relaxed_dot_i8x16_i7x16_s`: both operands signed; each pair of products is added
//!   with signed saturation to 16 bits (only `-128 * -128 + -128 * -128` saturates, to 32767).
//!   `i32x4.relaxed_dot_i8x16_i7x16_add_s`: those saturated 16-bit pair sums, sign-extended,
//!   added two by two and to the accumulator lane with wrapping 32-bit addition.
//!
//! # Fast paths
//! On x86_64, `x86.rs` computes the hot instructions with `core::arch` intrinsics (SSE2; SSSE3's
//! `pshufb` and SSE4.1's instructions found at run time); on aarch64 (little-endian), `neon.rs` computes them
//! with NEON intrinsics (every aarch64 CPU has NEON). Either is re-exported by name, shadowing
//! the portable function: `simd::i8x16_add` is the fast one, `simd::int::i8x16_add` the
//! portable one. `arch_tests.rs` checks that each returns exactly what the portable function
//! returns (for aarch64, under qemu: `.ci/cross/test.sh`). Elsewhere (armv7, riscv64), and
//! everywhere when built with `KESTREL_SIMD=portable`, the portable functions run. The lane
//! views are transmutes on little-endian targets and the interpreter reads and writes a v128 as
//! one 16-byte value, so vectors stay in vector registers wherever LLVM can keep them there.
//!
//! # Skipped
//! Every operator of wasmparser's `for_each_simd_operator!` (`@simd` and `@relaxed_simd`) has a
//! function except `v128.load`, `v128.store` and `v128.const` (see above).

pub mod convert;
pub mod float;
pub mod int;
pub mod lanes;
pub mod load;
pub mod relaxed;
#[cfg(test)]
mod tests;

// On aarch64 `neon.rs` re-exports every function of `convert` and `float` (below), so there
// these two globs import nothing.
#[cfg_attr(
    all(target_arch = "aarch64", not(kestrel_simd_portable)),
    allow(unused_imports)
)]
pub use convert::*;
#[cfg_attr(
    all(target_arch = "aarch64", not(kestrel_simd_portable)),
    allow(unused_imports)
)]
pub use float::*;
pub use int::*;
pub use lanes::*;
pub use load::*;
pub use relaxed::*;

#[cfg(all(
    test,
    any(
        target_arch = "x86_64",
        all(target_arch = "aarch64", target_endian = "little")
    ),
    not(kestrel_simd_portable)
))]
mod arch_tests;
#[cfg(all(
    target_arch = "aarch64",
    target_endian = "little",
    not(kestrel_simd_portable)
))]
mod neon;
#[cfg(all(target_arch = "x86_64", not(kestrel_simd_portable)))]
mod x86;

/// Re-exports the x86_64 functions by name: a name imported this way shadows the glob imports
/// above, so `simd::i8x16_add` is the accelerated one and `simd::int::i8x16_add` the portable one.
#[cfg(all(target_arch = "x86_64", not(kestrel_simd_portable)))]
macro_rules! reexport_x86 {
    ($($group:ident: $($name:ident),* ;)*) => {
        pub use x86::{$($($name),*),*};
    };
}

#[cfg(all(target_arch = "x86_64", not(kestrel_simd_portable)))]
x86::for_each_accelerated!(reexport_x86);

/// Re-exports the aarch64 functions by name, as `reexport_x86` does the x86_64 ones.
#[cfg(all(
    target_arch = "aarch64",
    target_endian = "little",
    not(kestrel_simd_portable)
))]
macro_rules! reexport_neon {
    ($($group:ident: $($name:ident),* ;)*) => {
        pub use neon::{$($($name),*),*};
    };
}

#[cfg(all(
    target_arch = "aarch64",
    target_endian = "little",
    not(kestrel_simd_portable)
))]
neon::for_each_accelerated!(reexport_neon);

/// A 128-bit vector, lane 0 in the lowest bits (Wasm's little-endian lane order).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Hash)]
pub struct V128(pub u128);

impl V128 {
    /// The vector held in two 64-bit cells, low half first.
    #[inline]
    pub const fn from_cells(lo: u64, hi: u64) -> Self {
        V128((hi as u128) << 64 | lo as u128)
    }

    /// The two 64-bit cells holding this vector, low half first.
    #[inline]
    pub const fn to_cells(self) -> (u64, u64) {
        (self.0 as u64, (self.0 >> 64) as u64)
    }

    /// The vector whose bytes in memory order are `bytes` (what `v128.load` reads).
    #[inline]
    pub const fn from_le_bytes(bytes: [u8; 16]) -> Self {
        V128(u128::from_le_bytes(bytes))
    }

    /// This vector's bytes in memory order (what `v128.store` writes).
    #[inline]
    pub const fn to_le_bytes(self) -> [u8; 16] {
        self.0.to_le_bytes()
    }
}

/// An array of lanes that is a view of a [`V128`]: `[i8; 16]`, `[u16; 8]`, ..., `[f64; 2]`.
/// The generic helpers below are written over it.
pub trait LaneArray: Copy {
    /// The lanes of `v`, lane 0 first.
    fn of(v: V128) -> Self;
    /// The vector made of these lanes.
    fn to_v128(self) -> V128;
}

macro_rules! lane_views {
    ($($t:ident, $n:literal, $to:ident, $from:ident;)*) => {
        impl V128 {$(
            #[doc = concat!("The ", stringify!($n), " `", stringify!($t), "` lanes, lane 0 first.")]
            #[inline(always)]
            #[allow(unnecessary_transmutes)] // the u8 view could be `to_ne_bytes`: one form for all
            pub fn $to(self) -> [$t; $n] {
                #[cfg(target_endian = "little")]
                // SAFETY: both types are 16 bytes of plain numbers, every bit pattern valid in
                // either; on a little-endian target lane i's bytes are at 16 / N * i, as Wasm
                // orders them. (A by-value transmute: no alignment is involved.)
                return unsafe { core::mem::transmute::<u128, [$t; $n]>(self.0) };
                #[cfg(target_endian = "big")]
                {
                    let bytes = self.to_le_bytes();
                    let (chunks, _) = bytes.as_chunks::<{ 16 / $n }>();
                    core::array::from_fn(|i| $t::from_le_bytes(chunks[i]))
                }
            }

            #[doc = concat!("The vector of these ", stringify!($n), " `", stringify!($t),
                "` lanes, lane 0 first.")]
            #[inline(always)]
            #[allow(unnecessary_transmutes)]
            pub fn $from(lanes: [$t; $n]) -> Self {
                #[cfg(target_endian = "little")]
                // SAFETY: as in the view above, the other way round.
                return V128(unsafe { core::mem::transmute::<[$t; $n], u128>(lanes) });
                #[cfg(target_endian = "big")]
                {
                    let mut bytes = [0u8; 16];
                    let (chunks, _) = bytes.as_chunks_mut::<{ 16 / $n }>();
                    for (chunk, lane) in chunks.iter_mut().zip(lanes) {
                        *chunk = lane.to_le_bytes();
                    }
                    V128::from_le_bytes(bytes)
                }
            }
        )*}

        $(impl LaneArray for [$t; $n] {
            #[inline(always)]
            fn of(v: V128) -> Self {
                v.$to()
            }
            #[inline(always)]
            fn to_v128(self) -> V128 {
                V128::$from(self)
            }
        })*
    };
}

lane_views! {
    i8, 16, to_i8x16, from_i8x16;
    u8, 16, to_u8x16, from_u8x16;
    i16, 8, to_i16x8, from_i16x8;
    u16, 8, to_u16x8, from_u16x8;
    i32, 4, to_i32x4, from_i32x4;
    u32, 4, to_u32x4, from_u32x4;
    i64, 2, to_i64x2, from_i64x2;
    u64, 2, to_u64x2, from_u64x2;
    f32, 4, to_f32x4, from_f32x4;
    f64, 2, to_f64x2, from_f64x2;
}

/// A lane type that can hold a comparison result: all ones for true, zero for false.
pub(crate) trait LaneMask {
    /// All ones if `c`, else zero.
    fn mask(c: bool) -> Self;
}

macro_rules! lane_masks {
    ($($t:ty),*) => {$(
        impl LaneMask for $t {
            #[inline(always)]
            fn mask(c: bool) -> Self {
                if c { <$t>::MAX } else { 0 }
            }
        }
    )*};
}

lane_masks!(u8, u16, u32, u64);

/// All ones if `c`, else zero, in the lane type the caller needs.
#[inline(always)]
pub(crate) fn mask<M: LaneMask>(c: bool) -> M {
    M::mask(c)
}

/// The position of lane `lane` in an array of `N` lanes. The validator has checked `lane < N`.
#[inline(always)]
pub(crate) fn lane_index<const N: usize>(lane: u8) -> usize {
    // A message without arguments, as in `i8x16_shuffle`: a formatted one would stop the
    // threaded handlers that inline this from tail-calling under debug assertions.
    debug_assert!(usize::from(lane) < N, "lane index out of range");
    usize::from(lane) % N
}

/// Defines one function per entry, computing result lane `i` from the operands' lane arrays:
///
/// ```text
/// /// doc
/// name(a: [i16; 8], b: [i16; 8]) -> [i8; 16] = |i| narrow(if i < 8 { a[i] } else { b[i - 8] });
/// ```
///
/// is `pub fn name(a: V128, b: V128) -> V128` with `a` and `b` seen as `[i16; 8]` and the
/// result's 16 `i8` lanes computed by the body. One, two or three operands.
macro_rules! by_lane {
    ($(
        $(#[$attr:meta])*
        $name:ident($a:ident: [$ta:ty; $na:literal]
            $(, $b:ident: [$tb:ty; $nb:literal] $(, $c:ident: [$tc:ty; $nc:literal])?)?)
            -> [$r:ty; $n:literal] = |$i:ident| $body:expr;
    )*) => {$(
        $(#[$attr])*
        #[inline]
        pub fn $name($a: V128 $(, $b: V128 $(, $c: V128)?)?) -> V128 {
            let $a: [$ta; $na] = $crate::simd::LaneArray::of($a);
            $(
                let $b: [$tb; $nb] = $crate::simd::LaneArray::of($b);
                $(let $c: [$tc; $nc] = $crate::simd::LaneArray::of($c);)?
            )?
            let result: [$r; $n] = core::array::from_fn(|$i| $body);
            $crate::simd::LaneArray::to_v128(result)
        }
    )*};
}

/// Defines one function per entry, computing each result lane from the operands' lanes at the
/// same position:
///
/// ```text
/// /// doc
/// name(a: i8, b: i8) -> i8 [16] = a.wrapping_add(b);
/// ```
///
/// is `pub fn name(a: V128, b: V128) -> V128` with `a` and `b` seen as `[i8; 16]` and the body
/// applied to each pair of lanes. One, two or three operands.
macro_rules! lanewise {
    ($(
        $(#[$attr:meta])*
        $name:ident($a:ident: $ta:ty $(, $b:ident: $tb:ty $(, $c:ident: $tc:ty)?)?)
            -> $r:ty [$n:literal] = $body:expr;
    )*) => {$(
        $crate::simd::by_lane! {
            $(#[$attr])*
            $name($a: [$ta; $n] $(, $b: [$tb; $n] $(, $c: [$tc; $n])?)?) -> [$r; $n] = |i| {
                let $a = $a[i];
                $(
                    let $b = $b[i];
                    $(let $c = $c[i];)?
                )?
                $body
            };
        }
    )*};
}

/// Defines comparisons: each `op name` entry is `pub fn name(a: V128, b: V128) -> V128` with
/// `a` and `b` seen as `[$t; $n]`, a lane all ones (of `$mask`) where `a op b` holds, else zero.
macro_rules! comparisons {
    ($([$t:ty => $mask:ty; $n:literal] $($op:tt $name:ident),*;)*) => {$($(
        $crate::simd::lanewise! {
            #[doc = concat!("`", stringify!($name), "`: all ones where `a ", stringify!($op),
                " b`, else zero.")]
            $name(a: $t, b: $t) -> $mask [$n] = $crate::simd::mask(a $op b);
        }
    )*)*};
}

pub(crate) use {by_lane, comparisons, lanewise};
