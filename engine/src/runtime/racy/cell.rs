//! The single accesses everything in [`racy`](super) is built from: a load, a store, an
//! exchange, a compare-exchange and a fetch-add of one naturally aligned 1, 2, 4 or 8-byte
//! integer in shared memory, each one instruction (or one exclusive-access loop) of the host.
//!
//! Two backends give the same [`Cell`] trait, chosen by `build.rs` (`cfg(kestrel_racy_asm)`;
//! `KESTREL_RACY=std` at build time forces the second):
//!
//! - **Inline assembly** on x86_64, little-endian aarch64, little-endian Armv7 and riscv64 with
//!   the A extension (`asm_x86_64.rs`, `asm_aarch64.rs`, `asm_arm.rs`, `asm_riscv64.rs`). Each
//!   access is an `asm!` block, opaque to the compiler, whose meaning is the architecture's
//!   memory model (x86-TSO, Arm's, RVWMO). All of them define racing accesses of *different
//!   sizes* to the same bytes (a byte store racing a read-modify-write of its word is either
//!   before or after it, never lost), which Rust's own atomics leave undefined
//!   (rust-lang/rust#128778). Rust code never touches these bytes, so no Rust-level access
//!   takes part in such a race.
//! - **`std::sync::atomic`** on other hosts (big-endian ones, for instance) (`std_atomics.rs`):
//!   correct for same-size races, and also what the tests compare the assembly against.
//!   Mixed-size races there are outside Rust's model.
//!
//! Values are the host's integers: the caller does any byte-order conversion.

/// One naturally aligned integer of shared memory, accessed atomically.
///
/// # Safety (of every method)
/// `p` is aligned to `size_of::<Self>()`, its bytes lie inside one live allocation that is
/// readable and writable for the whole call and always initialised, and every concurrent access
/// to them by other threads also goes through this trait. For a value narrower than 4 bytes,
/// the same holds for the aligned 4-byte word around it (riscv64 reaches a narrow value through
/// that word): true of linear memories, whose bases are page-aligned and whose reservations
/// are whole pages.
pub(crate) trait Cell: Copy + Eq {
    /// A load with no ordering beyond single-copy atomicity (Wasm's plain load).
    ///
    /// # Safety
    /// The trait's contract.
    unsafe fn load_relaxed(p: *const u8) -> Self;

    /// A store with no ordering beyond single-copy atomicity (Wasm's plain store).
    ///
    /// # Safety
    /// The trait's contract.
    unsafe fn store_relaxed(p: *mut u8, v: Self);

    /// A sequentially consistent load.
    ///
    /// # Safety
    /// The trait's contract.
    unsafe fn load_seqcst(p: *const u8) -> Self;

    /// A sequentially consistent store.
    ///
    /// # Safety
    /// The trait's contract.
    unsafe fn store_seqcst(p: *mut u8, v: Self);

    /// A sequentially consistent exchange: stores `v`, returns the old value.
    ///
    /// # Safety
    /// The trait's contract.
    unsafe fn swap(p: *mut u8, v: Self) -> Self;

    /// A sequentially consistent compare-exchange: stores `new` if the value is `expected`,
    /// returns the old value either way.
    ///
    /// # Safety
    /// The trait's contract.
    unsafe fn compare_exchange(p: *mut u8, expected: Self, new: Self) -> Self;

    /// A sequentially consistent wrapping addition of `v`: returns the old value.
    ///
    /// # Safety
    /// The trait's contract.
    unsafe fn fetch_add(p: *mut u8, v: Self) -> Self;

    /// A sequentially consistent read-modify-write by `f`, as a compare-exchange loop: returns
    /// the old value.
    ///
    /// # Safety
    /// The trait's contract.
    #[inline(always)]
    unsafe fn fetch_update(p: *mut u8, f: impl Fn(Self) -> Self) -> Self {
        // SAFETY: the caller's contract, passed on.
        let mut old = unsafe { Self::load_relaxed(p) };
        loop {
            // SAFETY: as above.
            let seen = unsafe { Self::compare_exchange(p, old, f(old)) };
            if seen == old {
                return old;
            }
            old = seen;
        }
    }
}
