//! [`Cell`] by inline assembly on 32-bit Armv7-A: each access is one instruction or one
//! exclusive-access loop, whose meaning (the Arm architecture's memory model, mixed sizes
//! included) is the processor's, not Rust's memory model's.
//!
//! The instructions follow the usual mapping of C++'s atomics to Armv7: plain `LDR`/`STR` of
//! the width for relaxed accesses, with `DMB ISH` after a sequentially consistent load and on
//! both sides of a sequentially consistent store or read-modify-write; `LDREX`/`STREX` loops
//! (`B`/`H`/`D` forms) for compare-exchange. A 64-bit access is single-copy atomic only as an
//! exclusive pair (`LDREXD`, and `STREXD` in a loop), in the even/odd register pairs r0:r1 and
//! r2:r3. Exchanges and additions are compare-exchange loops. Code in ARM or Thumb-2 state
//! assembles the same (no conditional execution is used).

use super::cell::Cell;
use std::arch::asm;

/// An integer of shared memory accessed by Armv7 instructions, as a [`Cell`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Asm<T>(pub(crate) T);

/// `Cell` for 8, 16 and 32-bit integers: `$sfx` is the access-size suffix (`b`, `h` or none).
macro_rules! narrow_cell {
    ($int:ty, $sfx:literal) => {
        impl Cell for Asm<$int> {
            #[inline(always)]
            unsafe fn load_relaxed(p: *const u8) -> Self {
                let v: u32;
                // SAFETY: `p` is aligned and readable (the caller's contract); an aligned
                // access of at most a word is single-copy atomic; memory only read.
                unsafe {
                    asm!(
                        concat!("ldr", $sfx, " {v}, [{p}]"),
                        p = in(reg) p,
                        v = lateout(reg) v,
                        options(nostack, preserves_flags, readonly),
                    )
                };
                Asm(v as $int)
            }

            #[inline(always)]
            unsafe fn store_relaxed(p: *mut u8, v: Self) {
                // SAFETY: `p` is aligned and writable (the caller's contract); as above.
                unsafe {
                    asm!(
                        concat!("str", $sfx, " {v}, [{p}]"),
                        p = in(reg) p,
                        v = in(reg) u32::from(v.0),
                        options(nostack, preserves_flags),
                    )
                };
            }

            #[inline(always)]
            unsafe fn load_seqcst(p: *const u8) -> Self {
                let v: u32;
                // SAFETY: as `load_relaxed`; the barrier after it makes it sequentially
                // consistent.
                unsafe {
                    asm!(
                        concat!("ldr", $sfx, " {v}, [{p}]"),
                        "dmb ish",
                        p = in(reg) p,
                        v = lateout(reg) v,
                        options(nostack, preserves_flags),
                    )
                };
                Asm(v as $int)
            }

            #[inline(always)]
            unsafe fn store_seqcst(p: *mut u8, v: Self) {
                // SAFETY: as `store_relaxed`; the barriers around it make it sequentially
                // consistent.
                unsafe {
                    asm!(
                        "dmb ish",
                        concat!("str", $sfx, " {v}, [{p}]"),
                        "dmb ish",
                        p = in(reg) p,
                        v = in(reg) u32::from(v.0),
                        options(nostack, preserves_flags),
                    )
                };
            }

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
                let old: u32;
                // SAFETY: `p` is aligned, readable and writable (the caller's contract); the
                // exclusive pair retries until no other access intervened, which makes it
                // atomic, and the barriers sequentially consistent. The narrow exclusive loads
                // zero-extend, as `expected` is. `cmp` sets the flags.
                unsafe {
                    asm!(
                        "dmb ish",
                        "2:",
                        concat!("ldrex", $sfx, " {old}, [{p}]"),
                        "cmp {old}, {expected}",
                        "bne 3f",
                        concat!("strex", $sfx, " {fail}, {new}, [{p}]"),
                        "cmp {fail}, #0",
                        "bne 2b",
                        "b 4f",
                        "3:",
                        "clrex",
                        "4:",
                        "dmb ish",
                        p = in(reg) p,
                        expected = in(reg) u32::from(expected.0),
                        new = in(reg) u32::from(new.0),
                        old = out(reg) old,
                        fail = out(reg) _,
                        options(nostack),
                    )
                };
                Asm(old as $int)
            }
        }
    };
}

narrow_cell!(u8, "b");
narrow_cell!(u16, "h");
narrow_cell!(u32, "");

/// The low and high words of a `u64` (in memory order on a little-endian host).
fn halves(v: u64) -> (u32, u32) {
    (v as u32, (v >> 32) as u32)
}

impl Asm<u64> {
    /// A single-copy-atomic 64-bit load (an exclusive load, then the monitor cleared), with a
    /// barrier after it when `fence` (sequentially consistent).
    ///
    /// # Safety
    /// [`Cell`]'s contract.
    #[inline(always)]
    unsafe fn load_pair(p: *const u8, fence: bool) -> u64 {
        let (lo, hi): (u32, u32);
        // SAFETY: `p` is 8-aligned and readable (the caller's contract); `LDREXD` of an aligned
        // doubleword is single-copy atomic.
        unsafe {
            if fence {
                asm!(
                    "ldrexd r0, r1, [{p}]",
                    "clrex",
                    "dmb ish",
                    p = in(reg) p,
                    out("r0") lo,
                    out("r1") hi,
                    options(nostack, preserves_flags),
                )
            } else {
                asm!(
                    "ldrexd r0, r1, [{p}]",
                    "clrex",
                    p = in(reg) p,
                    out("r0") lo,
                    out("r1") hi,
                    options(nostack, preserves_flags),
                )
            }
        };
        u64::from(lo) | (u64::from(hi) << 32)
    }
}

impl Cell for Asm<u64> {
    #[inline(always)]
    unsafe fn load_relaxed(p: *const u8) -> Self {
        // SAFETY: the caller's contract, passed on.
        Asm(unsafe { Self::load_pair(p, false) })
    }

    #[inline(always)]
    unsafe fn store_relaxed(p: *mut u8, v: Self) {
        // A relaxed store is an exchange without the barriers.
        let (lo, hi) = halves(v.0);
        // SAFETY: `p` is 8-aligned, readable and writable (the caller's contract); the
        // exclusive pair retries until the store is single-copy atomic.
        unsafe {
            asm!(
                "2:",
                "ldrexd r2, r3, [{p}]",
                "strexd {fail}, r0, r1, [{p}]",
                "cmp {fail}, #0",
                "bne 2b",
                p = in(reg) p,
                in("r0") lo,
                in("r1") hi,
                out("r2") _,
                out("r3") _,
                fail = out(reg) _,
                options(nostack),
            )
        };
    }

    #[inline(always)]
    unsafe fn load_seqcst(p: *const u8) -> Self {
        // SAFETY: the caller's contract, passed on.
        Asm(unsafe { Self::load_pair(p, true) })
    }

    #[inline(always)]
    unsafe fn store_seqcst(p: *mut u8, v: Self) {
        // SAFETY: the caller's contract, passed on.
        unsafe { Self::swap(p, v) };
    }

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
        let (exp_lo, exp_hi) = halves(expected.0);
        let (new_lo, new_hi) = halves(new.0);
        let (lo, hi): (u32, u32);
        // SAFETY: `p` is 8-aligned, readable and writable (the caller's contract); the
        // exclusive pair makes the compare-exchange atomic, the barriers sequentially
        // consistent. The comparison sets the flags.
        unsafe {
            asm!(
                "dmb ish",
                "2:",
                "ldrexd r0, r1, [{p}]",
                "eor {t0}, r0, {exp_lo}",
                "eor {t1}, r1, {exp_hi}",
                "orrs {t0}, {t0}, {t1}",
                "bne 3f",
                "strexd {t0}, r2, r3, [{p}]",
                "cmp {t0}, #0",
                "bne 2b",
                "b 4f",
                "3:",
                "clrex",
                "4:",
                "dmb ish",
                p = in(reg) p,
                exp_lo = in(reg) exp_lo,
                exp_hi = in(reg) exp_hi,
                in("r2") new_lo,
                in("r3") new_hi,
                out("r0") lo,
                out("r1") hi,
                t0 = out(reg) _,
                t1 = out(reg) _,
                options(nostack),
            )
        };
        Asm(u64::from(lo) | (u64::from(hi) << 32))
    }
}
