//! [`Cell`] by inline assembly on little-endian aarch64: each access is one instruction, or one
//! exclusive-access loop, whose meaning (Armv8's memory model, mixed sizes included) is the
//! processor's, not Rust's memory model's.
//!
//! The instructions are those compilers emit for C++'s atomics on Armv8.0 (no LSE assumed, so
//! any 64-bit Arm board runs it): `LDR`/`STR` for relaxed accesses, `LDAR`/`STLR` for
//! sequentially consistent loads and stores, and `LDAXR`/`STLXR` loops for the
//! read-modify-writes.
//!
//! Narrow values travel in 32-bit registers, zero-extended both ways (the narrow loads
//! zero-extend; the caller's narrow integers are widened before they go in).

use super::cell::Cell;
use std::arch::asm;

/// An integer of shared memory accessed by aarch64 instructions, as a [`Cell`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Asm<T>(pub(crate) T);

/// Implements [`Cell`] for `Asm<$int>`: `$sfx` is the access-size suffix of the load and store
/// mnemonics (`b`, `h` or none), `$r` the register modifier (`:w` or `:x`) and `$reg` the
/// integer type of that register.
macro_rules! asm_cell {
    ($int:ty, $sfx:literal, $r:literal, $reg:ty) => {
        impl Cell for Asm<$int> {
            #[inline(always)]
            unsafe fn load_relaxed(p: *const u8) -> Self {
                let v: $reg;
                // SAFETY: `p` is aligned and readable (the caller's contract); an aligned `LDR`
                // is a single-copy-atomic load; no stack, flags untouched, memory only read.
                unsafe {
                    asm!(
                        concat!("ldr", $sfx, " {v", $r, "}, [{p}]"),
                        p = in(reg) p,
                        v = lateout(reg) v,
                        options(nostack, preserves_flags, readonly),
                    )
                };
                Asm(v as $int)
            }

            #[inline(always)]
            unsafe fn store_relaxed(p: *mut u8, v: Self) {
                // SAFETY: `p` is aligned and writable (the caller's contract); an aligned `STR`
                // is a single-copy-atomic store.
                unsafe {
                    asm!(
                        concat!("str", $sfx, " {v", $r, "}, [{p}]"),
                        p = in(reg) p,
                        v = in(reg) v.0 as $reg,
                        options(nostack, preserves_flags),
                    )
                };
            }

            #[inline(always)]
            unsafe fn load_seqcst(p: *const u8) -> Self {
                let v: $reg;
                // SAFETY: as `load_relaxed`; `LDAR` is the sequentially consistent load (it is
                // ordered after every earlier `STLR`).
                unsafe {
                    asm!(
                        concat!("ldar", $sfx, " {v", $r, "}, [{p}]"),
                        p = in(reg) p,
                        v = lateout(reg) v,
                        options(nostack, preserves_flags),
                    )
                };
                Asm(v as $int)
            }

            #[inline(always)]
            unsafe fn store_seqcst(p: *mut u8, v: Self) {
                // SAFETY: as `store_relaxed`; `STLR` is the sequentially consistent store.
                unsafe {
                    asm!(
                        concat!("stlr", $sfx, " {v", $r, "}, [{p}]"),
                        p = in(reg) p,
                        v = in(reg) v.0 as $reg,
                        options(nostack, preserves_flags),
                    )
                };
            }

            #[inline(always)]
            unsafe fn swap(p: *mut u8, v: Self) -> Self {
                let old: $reg;
                // SAFETY: `p` is aligned, readable and writable (the caller's contract); the
                // acquire-exclusive load and release-exclusive store retry until no other
                // access intervened, which makes the exchange atomic and sequentially
                // consistent.
                unsafe {
                    asm!(
                        "2:",
                        concat!("ldaxr", $sfx, " {old", $r, "}, [{p}]"),
                        concat!("stlxr", $sfx, " {fail:w}, {v", $r, "}, [{p}]"),
                        "cbnz {fail:w}, 2b",
                        p = in(reg) p,
                        v = in(reg) v.0 as $reg,
                        old = out(reg) old,
                        fail = out(reg) _,
                        options(nostack, preserves_flags),
                    )
                };
                Asm(old as $int)
            }

            #[inline(always)]
            unsafe fn compare_exchange(p: *mut u8, expected: Self, new: Self) -> Self {
                let old: $reg;
                // SAFETY: as `swap`; when the value differs nothing is stored and the exclusive
                // monitor is cleared. `cmp` sets the flags.
                unsafe {
                    asm!(
                        "2:",
                        concat!("ldaxr", $sfx, " {old", $r, "}, [{p}]"),
                        concat!("cmp {old", $r, "}, {expected", $r, "}"),
                        "b.ne 3f",
                        concat!("stlxr", $sfx, " {fail:w}, {new", $r, "}, [{p}]"),
                        "cbnz {fail:w}, 2b",
                        "b 4f",
                        "3:",
                        "clrex",
                        "4:",
                        p = in(reg) p,
                        expected = in(reg) expected.0 as $reg,
                        new = in(reg) new.0 as $reg,
                        old = out(reg) old,
                        fail = out(reg) _,
                        options(nostack),
                    )
                };
                Asm(old as $int)
            }

            #[inline(always)]
            unsafe fn fetch_add(p: *mut u8, v: Self) -> Self {
                let old: $reg;
                // SAFETY: as `swap`, storing the sum (its low bytes, for a narrow width).
                unsafe {
                    asm!(
                        "2:",
                        concat!("ldaxr", $sfx, " {old", $r, "}, [{p}]"),
                        concat!("add {sum", $r, "}, {old", $r, "}, {v", $r, "}"),
                        concat!("stlxr", $sfx, " {fail:w}, {sum", $r, "}, [{p}]"),
                        "cbnz {fail:w}, 2b",
                        p = in(reg) p,
                        v = in(reg) v.0 as $reg,
                        old = out(reg) old,
                        sum = out(reg) _,
                        fail = out(reg) _,
                        options(nostack, preserves_flags),
                    )
                };
                Asm(old as $int)
            }
        }
    };
}

asm_cell!(u8, "b", ":w", u32);
asm_cell!(u16, "h", ":w", u32);
asm_cell!(u32, "", ":w", u32);
asm_cell!(u64, "", ":x", u64);
