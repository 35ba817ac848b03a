//! [`Cell`] by inline assembly on riscv64 (with the A extension): each access is one
//! instruction, one AMO, or one LR/SC loop, whose meaning (RVWMO, which defines mixed-size
//! accesses) is the processor's, not Rust's memory model's.
//!
//! The instructions follow the RISC-V unprivileged spec's mapping of C++'s atomics: plain loads
//! and stores for relaxed accesses; `fence rw,rw; l; fence r,rw` for a sequentially consistent
//! load and `fence rw,w; s` for a store; `amoswap`/`amoadd` with `.aqrl` for 32 and 64-bit
//! exchanges and additions; `lr.aqrl`/`sc.rl` loops for compare-exchange. RISC-V has no 8 or
//! 16-bit LR/SC: a narrow compare-exchange works on its aligned 32-bit word, comparing and
//! replacing only its own bytes (a store by another thread to any byte of the word breaks the
//! reservation and the loop retries); narrow exchanges and additions are compare-exchange loops.

use super::cell::Cell;
use std::arch::asm;

/// An integer of shared memory accessed by riscv64 instructions, as a [`Cell`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Asm<T>(pub(crate) T);

/// The plain and fenced loads and stores of `Asm<$int>`: `$l`/`$s` are the load (zero-extending
/// where there is a choice) and store mnemonics.
macro_rules! loads_and_stores {
    ($int:ty, $l:literal, $s:literal) => {
        #[inline(always)]
        unsafe fn load_relaxed(p: *const u8) -> Self {
            let v: u64;
            // SAFETY: `p` is aligned and readable (the caller's contract); an aligned load is
            // single-copy atomic; no stack, memory only read.
            unsafe {
                asm!(
                    concat!($l, " {v}, 0({p})"),
                    p = in(reg) p,
                    v = lateout(reg) v,
                    options(nostack, preserves_flags, readonly),
                )
            };
            Asm(v as $int)
        }

        #[inline(always)]
        unsafe fn store_relaxed(p: *mut u8, v: Self) {
            // SAFETY: `p` is aligned and writable (the caller's contract); an aligned store is
            // single-copy atomic.
            unsafe {
                asm!(
                    concat!($s, " {v}, 0({p})"),
                    p = in(reg) p,
                    v = in(reg) u64::from(v.0),
                    options(nostack, preserves_flags),
                )
            };
        }

        #[inline(always)]
        unsafe fn load_seqcst(p: *const u8) -> Self {
            let v: u64;
            // SAFETY: as `load_relaxed`; the fences make it sequentially consistent.
            unsafe {
                asm!(
                    "fence rw, rw",
                    concat!($l, " {v}, 0({p})"),
                    "fence r, rw",
                    p = in(reg) p,
                    v = lateout(reg) v,
                    options(nostack, preserves_flags),
                )
            };
            Asm(v as $int)
        }

        #[inline(always)]
        unsafe fn store_seqcst(p: *mut u8, v: Self) {
            // SAFETY: as `store_relaxed`; the fence makes it sequentially consistent (with the
            // leading fence of every sequentially consistent load).
            unsafe {
                asm!(
                    "fence rw, w",
                    concat!($s, " {v}, 0({p})"),
                    p = in(reg) p,
                    v = in(reg) u64::from(v.0),
                    options(nostack, preserves_flags),
                )
            };
        }
    };
}

/// `Cell` for 32 and 64-bit integers: AMOs and a native LR/SC loop. `$w` is the access-size
/// suffix (`w` or `d`); the 32-bit forms sign-extend what they load, so the expected value is
/// passed sign-extended too (`$signed` is the signed type of the width).
macro_rules! word_cell {
    ($int:ty, $signed:ty, $l:literal, $s:literal, $w:literal) => {
        impl Cell for Asm<$int> {
            loads_and_stores!($int, $l, $s);

            #[inline(always)]
            unsafe fn swap(p: *mut u8, v: Self) -> Self {
                let old: u64;
                // SAFETY: `p` is aligned, readable and writable (the caller's contract); an AMO
                // with `.aqrl` is atomic and sequentially consistent.
                unsafe {
                    asm!(
                        concat!("amoswap.", $w, ".aqrl {old}, {v}, ({p})"),
                        p = in(reg) p,
                        v = in(reg) u64::from(v.0),
                        old = lateout(reg) old,
                        options(nostack, preserves_flags),
                    )
                };
                Asm(old as $int)
            }

            #[inline(always)]
            unsafe fn fetch_add(p: *mut u8, v: Self) -> Self {
                let old: u64;
                // SAFETY: as `swap`.
                unsafe {
                    asm!(
                        concat!("amoadd.", $w, ".aqrl {old}, {v}, ({p})"),
                        p = in(reg) p,
                        v = in(reg) u64::from(v.0),
                        old = lateout(reg) old,
                        options(nostack, preserves_flags),
                    )
                };
                Asm(old as $int)
            }

            #[inline(always)]
            unsafe fn compare_exchange(p: *mut u8, expected: Self, new: Self) -> Self {
                let old: u64;
                // SAFETY: `p` is aligned, readable and writable (the caller's contract); the
                // reservation makes the loop atomic, `.aqrl`/`.rl` sequentially consistent.
                unsafe {
                    asm!(
                        "2:",
                        concat!("lr.", $w, ".aqrl {old}, ({p})"),
                        "bne {old}, {expected}, 3f",
                        concat!("sc.", $w, ".rl {fail}, {new}, ({p})"),
                        "bnez {fail}, 2b",
                        "3:",
                        p = in(reg) p,
                        expected = in(reg) expected.0 as $signed as i64,
                        new = in(reg) u64::from(new.0),
                        old = out(reg) old,
                        fail = out(reg) _,
                        options(nostack, preserves_flags),
                    )
                };
                Asm(old as $int)
            }
        }
    };
}

/// `Cell` for 8 and 16-bit integers: a compare-exchange on the aligned 32-bit word around the
/// value, exchanges and additions as compare-exchange loops. `$mask` covers the value's bits.
macro_rules! narrow_cell {
    ($int:ty, $l:literal, $s:literal, $mask:expr) => {
        impl Cell for Asm<$int> {
            loads_and_stores!($int, $l, $s);

            #[inline(always)]
            unsafe fn swap(p: *mut u8, v: Self) -> Self {
                // SAFETY: the caller's contract, passed on.
                unsafe { Self::fetch_update(p, |_| v) }
            }

            #[inline(always)]
            unsafe fn fetch_add(p: *mut u8, v: Self) -> Self {
                // SAFETY: the caller's contract, passed on.
                unsafe { Self::fetch_update(p, |x| Asm(x.0.wrapping_add(v.0))) }
            }

            #[inline(always)]
            unsafe fn compare_exchange(p: *mut u8, expected: Self, new: Self) -> Self {
                // The word holding the value, and where the value sits in it (little-endian).
                let word = p.map_addr(|a| a & !3);
                let shift = (p.addr() & 3) * 8;
                let mask: u64 = $mask << shift;
                let expected = u64::from(expected.0) << shift;
                let new = u64::from(new.0) << shift;
                let seen: u64;
                // SAFETY: the value's aligned word lies in the same allocation (allocations of
                // shared memory are page-aligned, so a whole aligned word is inside whenever one
                // of its bytes is) and is covered by the caller's contract like the value; the
                // loop compares and replaces only the value's bits, the reservation makes it
                // atomic, `.aqrl`/`.rl` sequentially consistent.
                unsafe {
                    asm!(
                        "2:",
                        "lr.w.aqrl {old}, ({word})",
                        "and {seen}, {old}, {mask}",
                        "bne {seen}, {expected}, 3f",
                        "xor {merged}, {old}, {new}",
                        "and {merged}, {merged}, {mask}",
                        "xor {merged}, {merged}, {old}",
                        "sc.w.rl {fail}, {merged}, ({word})",
                        "bnez {fail}, 2b",
                        "3:",
                        word = in(reg) word,
                        mask = in(reg) mask,
                        expected = in(reg) expected,
                        new = in(reg) new,
                        old = out(reg) _,
                        seen = out(reg) seen,
                        merged = out(reg) _,
                        fail = out(reg) _,
                        options(nostack, preserves_flags),
                    )
                };
                Asm((seen >> shift) as $int)
            }
        }
    };
}

narrow_cell!(u8, "lbu", "sb", 0xff);
narrow_cell!(u16, "lhu", "sh", 0xffff);
word_cell!(u32, i32, "lwu", "sw", "w");
word_cell!(u64, i64, "ld", "sd", "d");
