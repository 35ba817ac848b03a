//! [`Cell`] by `std::sync::atomic`: the backend where no inline-assembly one exists
//! (big-endian hosts, for instance), and the reference the assembly backends are tested
//! against.
//! Same-size races are defined; mixed-size ones are outside Rust's model (see [`cell`]
//! (super::cell)).

use super::cell::Cell;
use std::sync::atomic::Ordering::{Relaxed, SeqCst};
use std::sync::atomic::{AtomicU8, AtomicU16, AtomicU32, AtomicU64};

/// The `std` atomics at one width, as a [`Cell`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Std<T>(pub(crate) T);

macro_rules! std_cell {
    ($atomic:ty, $int:ty) => {
        impl Std<$int> {
            /// The atomic at `p`.
            ///
            /// # Safety
            /// [`Cell`]'s contract; the atomic lives no longer than the call using it.
            #[inline(always)]
            unsafe fn at<'a>(p: *const u8) -> &'a $atomic {
                debug_assert!(
                    p.addr().is_multiple_of(size_of::<$int>()),
                    "unaligned atomic"
                );
                // SAFETY: `p` is aligned for the atomic, readable and writable for the call, and
                // every racing access to it is atomic (the caller's contract).
                unsafe { <$atomic>::from_ptr(p.cast_mut().cast()) }
            }
        }

        impl Cell for Std<$int> {
            #[inline(always)]
            unsafe fn load_relaxed(p: *const u8) -> Self {
                // SAFETY: the caller's contract.
                Std(unsafe { Self::at(p) }.load(Relaxed))
            }

            #[inline(always)]
            unsafe fn store_relaxed(p: *mut u8, v: Self) {
                // SAFETY: the caller's contract.
                unsafe { Self::at(p) }.store(v.0, Relaxed)
            }

            #[inline(always)]
            unsafe fn load_seqcst(p: *const u8) -> Self {
                // SAFETY: the caller's contract.
                Std(unsafe { Self::at(p) }.load(SeqCst))
            }

            #[inline(always)]
            unsafe fn store_seqcst(p: *mut u8, v: Self) {
                // SAFETY: the caller's contract.
                unsafe { Self::at(p) }.store(v.0, SeqCst)
            }

            #[inline(always)]
            unsafe fn swap(p: *mut u8, v: Self) -> Self {
                // SAFETY: the caller's contract.
                Std(unsafe { Self::at(p) }.swap(v.0, SeqCst))
            }

            #[inline(always)]
            unsafe fn compare_exchange(p: *mut u8, expected: Self, new: Self) -> Self {
                // SAFETY: the caller's contract.
                let a = unsafe { Self::at(p) };
                Std(a
                    .compare_exchange(expected.0, new.0, SeqCst, SeqCst)
                    .unwrap_or_else(|x| x))
            }

            #[inline(always)]
            unsafe fn fetch_add(p: *mut u8, v: Self) -> Self {
                // SAFETY: the caller's contract.
                Std(unsafe { Self::at(p) }.fetch_add(v.0, SeqCst))
            }
        }
    };
}

std_cell!(AtomicU8, u8);
std_cell!(AtomicU16, u16);
std_cell!(AtomicU32, u32);
std_cell!(AtomicU64, u64);
