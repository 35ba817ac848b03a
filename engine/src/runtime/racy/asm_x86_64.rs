//! [`Cell`] by inline assembly on x86_64: each access is one instruction, whose meaning
//! (x86-TSO, mixed sizes included) is the processor's, not Rust's memory model's.
//!
//! The instructions are those compilers emit for C++'s atomics: a plain `mov` for relaxed and
//! sequentially consistent loads and for relaxed stores, `xchg` (implicitly locked) for
//! sequentially consistent stores and exchanges, `lock cmpxchg` and `lock xadd`.

use super::cell::Cell;
use std::arch::asm;

/// An integer of shared memory accessed by x86_64 instructions, as a [`Cell`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Asm<T>(pub(crate) T);

/// Implements [`Cell`] for `Asm<$int>`: `$size` is the operand-size keyword (`byte`, `word`,
/// `dword`, `qword`), `$class` the register class and `$r` its template modifier for that
/// width, `$acc` the accumulator register of that width (for `cmpxchg`).
macro_rules! asm_cell {
    ($int:ty, $size:literal, $class:ident, $r:literal, $acc:tt) => {
        impl Cell for Asm<$int> {
            #[inline(always)]
            unsafe fn load_relaxed(p: *const u8) -> Self {
                let v: $int;
                // SAFETY: `p` is aligned and readable (the caller's contract); an aligned `mov`
                // is a single-copy-atomic load; no stack, flags untouched, memory only read.
                unsafe {
                    asm!(
                        concat!("mov {v", $r, "}, ", $size, " ptr [{p}]"),
                        p = in(reg) p,
                        v = lateout($class) v,
                        options(nostack, preserves_flags, readonly),
                    )
                };
                Asm(v)
            }

            #[inline(always)]
            unsafe fn store_relaxed(p: *mut u8, v: Self) {
                // SAFETY: `p` is aligned and writable (the caller's contract); an aligned `mov`
                // is a single-copy-atomic store.
                unsafe {
                    asm!(
                        concat!("mov ", $size, " ptr [{p}], {v", $r, "}"),
                        p = in(reg) p,
                        v = in($class) v.0,
                        options(nostack, preserves_flags),
                    )
                };
            }

            #[inline(always)]
            unsafe fn load_seqcst(p: *const u8) -> Self {
                let v: $int;
                // SAFETY: as `load_relaxed`. Under TSO a plain load is sequentially consistent
                // when every sequentially consistent store is an `xchg`; the block is a compiler
                // barrier (it may touch any memory), so nothing is moved across it.
                unsafe {
                    asm!(
                        concat!("mov {v", $r, "}, ", $size, " ptr [{p}]"),
                        p = in(reg) p,
                        v = lateout($class) v,
                        options(nostack, preserves_flags),
                    )
                };
                Asm(v)
            }

            #[inline(always)]
            unsafe fn store_seqcst(p: *mut u8, v: Self) {
                // SAFETY: as `store_relaxed`; `xchg` with memory is locked, a full barrier.
                unsafe { Self::swap(p, v) };
            }

            #[inline(always)]
            unsafe fn swap(p: *mut u8, v: Self) -> Self {
                let mut v = v.0;
                // SAFETY: `p` is aligned, readable and writable (the caller's contract); `xchg`
                // with a memory operand is an atomic, fully ordered exchange.
                unsafe {
                    asm!(
                        concat!("xchg ", $size, " ptr [{p}], {v", $r, "}"),
                        p = in(reg) p,
                        v = inout($class) v,
                        options(nostack, preserves_flags),
                    )
                };
                Asm(v)
            }

            #[inline(always)]
            unsafe fn compare_exchange(p: *mut u8, expected: Self, new: Self) -> Self {
                let old: $int;
                // SAFETY: `p` is aligned, readable and writable (the caller's contract);
                // `lock cmpxchg` compares the accumulator with memory and stores `new` if equal,
                // leaving the old value in the accumulator, atomically and fully ordered. It
                // sets the flags.
                unsafe {
                    asm!(
                        concat!("lock cmpxchg ", $size, " ptr [{p}], {new", $r, "}"),
                        p = in(reg) p,
                        new = in($class) new.0,
                        inout($acc) expected.0 => old,
                        options(nostack),
                    )
                };
                Asm(old)
            }

            #[inline(always)]
            unsafe fn fetch_add(p: *mut u8, v: Self) -> Self {
                let mut v = v.0;
                // SAFETY: `p` is aligned, readable and writable (the caller's contract); `lock
                // xadd` adds atomically, fully ordered, and returns the old value. It sets the
                // flags.
                unsafe {
                    asm!(
                        concat!("lock xadd ", $size, " ptr [{p}], {v", $r, "}"),
                        p = in(reg) p,
                        v = inout($class) v,
                        options(nostack),
                    )
                };
                Asm(v)
            }
        }
    };
}

asm_cell!(u8, "byte", reg_byte, "", "al");
asm_cell!(u16, "word", reg, ":x", "ax");
asm_cell!(u32, "dword", reg, ":e", "eax");
asm_cell!(u64, "qword", reg, ":r", "rax");
