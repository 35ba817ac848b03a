//! Access to a shared linear memory's bytes, which other threads may read and write at the same
//! time (the threads proposal).
//!
//! Wasm's memory model lets plain loads and stores race, and lets a racing access tear (see any
//! mix of old and new bytes); only its atomic operators are ordered (sequentially consistent).
//! Rust's model makes every data race undefined behaviour, and a `&[u8]` or `&mut [u8]` over
//! bytes another thread may write is one (the compiler may assume they do not change). So the
//! bytes of a shared memory are never a Rust slice: they are reached only through raw pointers,
//! and every access is an atomic:
//!
//! - Wasm's plain loads and stores ([`read`], [`write`]) are `Relaxed` atomics: one access when
//!   aligned to their size (a plain `mov` on x86_64 and aarch64, so no slower than a normal
//!   access), else aligned pieces, which may tear as Wasm allows.
//! - Bulk operations ([`copy_out`], [`copy_in`], [`fill`], [`copy_within`]: `memory.fill`,
//!   `memory.copy`, `memory.init`, data segments, host reads and writes) go a word
//!   at a time through the middle, with narrower aligned pieces at the ends.
//! - Wasm's atomic operators ([`atomic_load`], [`atomic_store`], [`atomic_rmw`],
//!   [`atomic_cmpxchg`]) are `SeqCst` atomics of their width.
//!
//! Every single access is a [`Cell`] method, of one of two backends ([`cell`] tells which is
//! used where): inline assembly on x86_64, aarch64, Armv7 and riscv64, whose meaning is the
//! processor's memory model, which defines racing accesses of *different sizes* to the same
//! bytes (an `i32.store` racing an overlapping `i64.load`, a byte-wise copy racing a word-wise
//! one, an `i32.atomic.store8` racing an `i32.atomic.rmw.add` on its word); and
//! `std::sync::atomic` on other hosts, where such mixed-size races are outside Rust's model
//! (its memory model, C++'s, leaves them undefined: rust-lang/rust#128778).
//!
//! The contract of every function here (its `# Safety`): the bytes accessed lie inside one live
//! allocation that is readable and writable for the whole call, and every access to them by
//! other threads at the same time also goes through this module. This module must never form a
//! reference to those bytes, nor touch them with a non-atomic access.
//!
//! Byte order: plain accesses and copies move bytes in memory order, whatever the host's byte
//! order (`read::<u32>` is `u32::from_ne_bytes` of the bytes, as a non-shared memory's access
//! is); the atomic operators' values are little-endian, as Wasm's memory is.

#[cfg(all(kestrel_racy_asm, target_arch = "aarch64"))]
mod asm_aarch64;
#[cfg(all(kestrel_racy_asm, target_arch = "arm"))]
mod asm_arm;
#[cfg(all(kestrel_racy_asm, target_arch = "riscv64"))]
mod asm_riscv64;
#[cfg(all(kestrel_racy_asm, target_arch = "x86_64"))]
mod asm_x86_64;
mod cell;
#[cfg(any(test, not(kestrel_racy_asm)))]
mod std_atomics;

#[cfg(all(kestrel_racy_asm, target_arch = "aarch64"))]
use asm_aarch64::Asm as Hw;
#[cfg(all(kestrel_racy_asm, target_arch = "arm"))]
use asm_arm::Asm as Hw;
#[cfg(all(kestrel_racy_asm, target_arch = "riscv64"))]
use asm_riscv64::Asm as Hw;
#[cfg(all(kestrel_racy_asm, target_arch = "x86_64"))]
use asm_x86_64::Asm as Hw;
use cell::Cell;
use std::mem::{MaybeUninit, size_of};
#[cfg(not(kestrel_racy_asm))]
use std_atomics::Std as Hw;

/// The widest access, which the middle of a bulk operation is done in.
const WORD: usize = 8;

/// Bytes a [`copy_within`] between two addresses that are not co-aligned moves at a time,
/// through a buffer on the stack.
const CHUNK: usize = 256;

/// Size of the widest access (1, 2, 4 or 8 bytes) aligned at address `addr` and no longer than
/// `left` (at least 1).
#[inline(always)]
fn piece(addr: usize, left: usize) -> usize {
    let align = 1usize << addr.trailing_zeros().min(3);
    let fit = 1usize << (left | 1).ilog2().min(3);
    align.min(fit)
}

/// Runs `step(offset, width)` over offsets `0..n` in order, in pieces of 1, 2, 4 or 8 bytes
/// each aligned relative to address `base` to its width: the widest that fit, so the middle
/// goes a word at a time.
#[inline(always)]
fn forward(base: usize, n: usize, mut step: impl FnMut(usize, usize)) {
    let mut i = 0;
    while i < n && !(base + i).is_multiple_of(WORD) {
        let w = piece(base + i, n - i);
        step(i, w);
        i += w;
    }
    while n - i >= WORD {
        step(i, WORD);
        i += WORD;
    }
    while i < n {
        let w = piece(base + i, n - i);
        step(i, w);
        i += w;
    }
}

/// As [`forward`], from the end back to the start.
#[inline(always)]
fn backward(base: usize, n: usize, mut step: impl FnMut(usize, usize)) {
    let mut end = n;
    while end > 0 && !(base + end).is_multiple_of(WORD) {
        let w = piece(base + end, end);
        end -= w;
        step(end, w);
    }
    while end >= WORD {
        end -= WORD;
        step(end, WORD);
    }
    while end > 0 {
        let w = piece(base + end, end);
        end -= w;
        step(end, w);
    }
}

/// Loads the `w` (1, 2, 4 or 8) shared bytes at `src` into the private bytes at `dst`.
///
/// # Safety
/// `src` is `w`-aligned and its `w` bytes are covered by this module's contract; `dst` is valid
/// for writing `w` bytes that no other thread accesses (any alignment).
#[inline(always)]
unsafe fn load_piece(src: *const u8, dst: *mut u8, w: usize) {
    debug_assert!(matches!(w, 1 | 2 | 4 | 8) && src.addr().is_multiple_of(w));
    // SAFETY: `src` is aligned to the access's size and covered by the caller's contract, as
    // `Cell` requires; `dst` is private and writable (unaligned writes).
    unsafe {
        match w {
            1 => dst.write(Hw::<u8>::load_relaxed(src).0),
            2 => dst
                .cast::<u16>()
                .write_unaligned(Hw::<u16>::load_relaxed(src).0),
            4 => dst
                .cast::<u32>()
                .write_unaligned(Hw::<u32>::load_relaxed(src).0),
            _ => dst
                .cast::<u64>()
                .write_unaligned(Hw::<u64>::load_relaxed(src).0),
        }
    }
}

/// Stores the `w` (1, 2, 4 or 8) private bytes at `src` to the shared bytes at `dst`.
///
/// # Safety
/// `dst` is `w`-aligned and its `w` bytes are covered by this module's contract; `src` is valid
/// for reading `w` initialised bytes that no other thread writes (any alignment).
#[inline(always)]
unsafe fn store_piece(dst: *mut u8, src: *const u8, w: usize) {
    debug_assert!(matches!(w, 1 | 2 | 4 | 8) && dst.addr().is_multiple_of(w));
    // SAFETY: `dst` is aligned to the access's size and covered by the caller's contract, as
    // `Cell` requires; `src` is private and readable (unaligned reads).
    unsafe {
        match w {
            1 => Hw::store_relaxed(dst, Hw(src.read())),
            2 => Hw::store_relaxed(dst, Hw(src.cast::<u16>().read_unaligned())),
            4 => Hw::store_relaxed(dst, Hw(src.cast::<u32>().read_unaligned())),
            _ => Hw::store_relaxed(dst, Hw(src.cast::<u64>().read_unaligned())),
        }
    }
}

/// Moves the `w` (1, 2, 4 or 8) shared bytes at `src` to the shared bytes at `dst`.
///
/// # Safety
/// Both are `w`-aligned and their `w` bytes are covered by this module's contract.
#[inline(always)]
unsafe fn move_piece(dst: *mut u8, src: *const u8, w: usize) {
    debug_assert!(matches!(w, 1 | 2 | 4 | 8));
    debug_assert!(dst.addr().is_multiple_of(w) && src.addr().is_multiple_of(w));
    // SAFETY: both are aligned to the access's size and covered by the caller's contract, as
    // `Cell` requires.
    unsafe {
        match w {
            1 => Hw::store_relaxed(dst, Hw::<u8>::load_relaxed(src)),
            2 => Hw::store_relaxed(dst, Hw::<u16>::load_relaxed(src)),
            4 => Hw::store_relaxed(dst, Hw::<u32>::load_relaxed(src)),
            _ => Hw::store_relaxed(dst, Hw::<u64>::load_relaxed(src)),
        }
    }
}

/// Copies `n` shared bytes at `src` to the private bytes at `dst`.
///
/// # Safety
/// The `n` bytes at `src` are covered by this module's contract; `dst` is valid for writing `n`
/// bytes that no other thread accesses.
#[inline(always)]
unsafe fn load_bytes(src: *const u8, dst: *mut u8, n: usize) {
    forward(src.addr(), n, |i, w| {
        // SAFETY: `forward` gives `i + w <= n` with `src + i` aligned to `w`; the caller
        // guarantees the rest.
        unsafe { load_piece(src.add(i), dst.add(i), w) }
    });
}

/// Copies `n` private bytes at `src` to the shared bytes at `dst`.
///
/// # Safety
/// The `n` bytes at `dst` are covered by this module's contract; `src` is valid for reading `n`
/// initialised bytes that no other thread writes.
#[inline(always)]
unsafe fn store_bytes(dst: *mut u8, src: *const u8, n: usize) {
    forward(dst.addr(), n, |i, w| {
        // SAFETY: `forward` gives `i + w <= n` with `dst + i` aligned to `w`; the caller
        // guarantees the rest.
        unsafe { store_piece(dst.add(i), src.add(i), w) }
    });
}

/// A Wasm plain load of a `T` at `p` (any alignment): one `Relaxed` atomic when `p` is aligned
/// to `T`'s size of 1, 2, 4 or 8 bytes, else aligned pieces (which may tear, as Wasm allows).
/// The bytes are taken in memory order, as `T::from_ne_bytes` would.
///
/// `T` must be plain old data: valid for any bit pattern, without padding (an integer, a float,
/// a byte array, a `u128` for a `v128`).
///
/// # Safety
/// The `size_of::<T>()` bytes at `p` lie inside one live allocation that is readable and
/// writable for the whole call, and all concurrent accesses to them by other threads also go
/// through this module (atomics).
#[inline(always)]
pub(crate) unsafe fn read<T: Copy>(p: *const u8) -> T {
    let n = size_of::<T>();
    let mut out = MaybeUninit::<T>::uninit();
    let dst = out.as_mut_ptr().cast::<u8>();
    if matches!(n, 1 | 2 | 4 | 8) && p.addr().is_multiple_of(n) {
        // SAFETY: `p` is aligned to `n` and covered by the caller's contract; `out` is ours.
        unsafe { load_piece(p, dst, n) };
    } else {
        // SAFETY: as above, without the alignment, which `load_bytes` does not need.
        unsafe { load_bytes(p, dst, n) };
    }
    // SAFETY: all `n` bytes of `out` were written, and `T` is valid for any bit pattern.
    unsafe { out.assume_init() }
}

/// A Wasm plain store of `v` at `p` (any alignment): one `Relaxed` atomic when `p` is aligned
/// to `T`'s size of 1, 2, 4 or 8 bytes, else aligned pieces (which may tear, as Wasm allows).
/// The bytes are stored in memory order, as `v.to_ne_bytes()` would give them.
///
/// `T` must be plain old data, as for [`read`] (no padding: all its bytes are initialised).
///
/// # Safety
/// As [`read`].
#[inline(always)]
pub(crate) unsafe fn write<T: Copy>(p: *mut u8, v: T) {
    let n = size_of::<T>();
    let src = (&raw const v).cast::<u8>();
    if matches!(n, 1 | 2 | 4 | 8) && p.addr().is_multiple_of(n) {
        // SAFETY: `p` is aligned to `n` and covered by the caller's contract; `v` is ours and,
        // without padding, initialised.
        unsafe { store_piece(p, src, n) };
    } else {
        // SAFETY: as above, without the alignment, which `store_bytes` does not need.
        unsafe { store_bytes(p, src, n) };
    }
}

/// Copies `dst.len()` bytes from shared memory at `src` into `dst`.
///
/// # Safety
/// The `dst.len()` bytes at `src` lie inside one live allocation that is readable and writable
/// for the whole call, and all concurrent accesses to them by other threads also go through
/// this module (atomics). (`dst`, a Rust slice, cannot be shared memory.)
pub(crate) unsafe fn copy_out(src: *const u8, dst: &mut [u8]) {
    // SAFETY: the caller's contract covers `src`; `dst` is ours for its length.
    unsafe { load_bytes(src, dst.as_mut_ptr(), dst.len()) }
}

/// Copies `src` into shared memory at `dst`.
///
/// # Safety
/// The `src.len()` bytes at `dst` lie inside one live allocation that is readable and writable
/// for the whole call, and all concurrent accesses to them by other threads also go through
/// this module (atomics). (`src`, a Rust slice, cannot be shared memory.)
pub(crate) unsafe fn copy_in(dst: *mut u8, src: &[u8]) {
    // SAFETY: the caller's contract covers `dst`; `src` is ours, initialised, for its length.
    unsafe { store_bytes(dst, src.as_ptr(), src.len()) }
}

/// Sets the `n` bytes of shared memory at `dst` to `v` (`memory.fill`).
///
/// # Safety
/// The `n` bytes at `dst` lie inside one live allocation that is readable and writable for the
/// whole call, and all concurrent accesses to them by other threads also go through this module
/// (atomics).
pub(crate) unsafe fn fill(dst: *mut u8, v: u8, n: usize) {
    let word = [v; WORD];
    forward(dst.addr(), n, |i, w| {
        // SAFETY: `forward` gives `i + w <= n` with `dst + i` aligned to `w`, which the caller's
        // contract covers; `word` is ours, `WORD >= w` bytes.
        unsafe { store_piece(dst.add(i), word.as_ptr(), w) }
    });
}

/// Copies `n` bytes of shared memory from `src` to `dst`, which may overlap (`memory.copy`,
/// with `memmove`'s semantics when no other thread writes them meanwhile): a word at a time
/// when the two are aligned alike, else through a buffer on the stack.
///
/// # Safety
/// The `n` bytes at `src` and at `dst` lie inside one or two live allocations that are readable
/// and writable for the whole call, and all concurrent accesses to them by other threads also
/// go through this module (atomics).
pub(crate) unsafe fn copy_within(dst: *mut u8, src: *const u8, n: usize) {
    let (d, s) = (dst.addr(), src.addr());
    if n == 0 || d == s {
        return;
    }
    // Copying towards lower addresses goes forward, towards higher backward, so that each
    // source byte is read before any overlapping destination write reaches it.
    let ahead = d < s;
    if (d ^ s).is_multiple_of(WORD) {
        // Aligned alike, and distinct, so at least a word apart: a piece never overwrites
        // source bytes still to be read.
        let step = |i: usize, w: usize| {
            // SAFETY: `i + w <= n`, both sides aligned to `w` (aligned alike); the caller's
            // contract covers both ranges.
            unsafe { move_piece(dst.add(i), src.add(i), w) }
        };
        if ahead {
            forward(s, n, step);
        } else {
            backward(s, n, step);
        }
        return;
    }
    // A chunk is read whole into the buffer before any of it is written, and chunks go in the
    // direction that writes only over source bytes already read.
    let mut buf = [0u8; CHUNK];
    let mut chunk = |at: usize, len: usize| {
        // SAFETY: `at + len <= n`, which the caller's contract covers on both sides; `buf` is
        // ours and `len <= CHUNK`.
        unsafe {
            load_bytes(src.add(at), buf.as_mut_ptr(), len);
            store_bytes(dst.add(at), buf.as_ptr(), len);
        }
    };
    if ahead {
        let mut at = 0;
        while at < n {
            let len = (n - at).min(CHUNK);
            chunk(at, len);
            at += len;
        }
    } else {
        let mut end = n;
        while end > 0 {
            let len = end.min(CHUNK);
            end -= len;
            chunk(end, len);
        }
    }
}

/// The operation of a Wasm atomic read-modify-write (`*.atomic.rmw*.{add,sub,and,or,xor,xchg}`).
///
/// The discriminants are part of the IR's encoding (the operation shifted left by 2, or'd with
/// the width): do not reorder.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum RmwOp {
    /// Wrapping addition.
    Add = 0,
    /// Wrapping subtraction (the old value minus the operand).
    Sub = 1,
    /// Bitwise and.
    And = 2,
    /// Bitwise or.
    Or = 3,
    /// Bitwise exclusive or.
    Xor = 4,
    /// Exchange: stores the operand.
    Xchg = 5,
}

impl RmwOp {
    /// Every operation, in discriminant order.
    pub(crate) const ALL: [RmwOp; 6] = [
        RmwOp::Add,
        RmwOp::Sub,
        RmwOp::And,
        RmwOp::Or,
        RmwOp::Xor,
        RmwOp::Xchg,
    ];

    /// The operation whose discriminant is `b`, if any.
    #[inline]
    pub(crate) const fn from_u8(b: u8) -> Option<Self> {
        if (b as usize) < Self::ALL.len() {
            Some(Self::ALL[b as usize])
        } else {
            None
        }
    }
}

impl TryFrom<u8> for RmwOp {
    /// The byte, which names no operation.
    type Error = u8;

    fn try_from(b: u8) -> Result<Self, u8> {
        Self::from_u8(b).ok_or(b)
    }
}

/// The atomic operators at one width, on a naturally aligned little-endian value, zero-extended
/// to (or wrapped from) a `u64`.
trait Width {
    /// # Safety
    /// `p` is aligned to the width and covered by this module's contract (as all below).
    unsafe fn load(p: *const u8) -> u64;
    /// # Safety
    /// As `load`.
    unsafe fn store(p: *mut u8, v: u64);
    /// # Safety
    /// As `load`.
    unsafe fn rmw(p: *mut u8, op: RmwOp, v: u64) -> u64;
    /// # Safety
    /// As `load`.
    unsafe fn cmpxchg(p: *mut u8, expected: u64, replacement: u64) -> u64;
}

macro_rules! width {
    ($name:ident, $int:ty) => {
        #[doc = concat!("The atomic operators on `", stringify!($int), "`.")]
        enum $name {}

        impl Width for $name {
            #[inline(always)]
            unsafe fn load(p: *const u8) -> u64 {
                // SAFETY: the caller's contract, which is `Cell`'s.
                let v = unsafe { Hw::<$int>::load_seqcst(p) };
                u64::from(<$int>::from_le(v.0))
            }

            #[inline(always)]
            unsafe fn store(p: *mut u8, v: u64) {
                // SAFETY: the caller's contract, which is `Cell`'s.
                unsafe { Hw::store_seqcst(p, Hw((v as $int).to_le())) }
            }

            #[inline(always)]
            unsafe fn rmw(p: *mut u8, op: RmwOp, v: u64) -> u64 {
                let v = v as $int;
                // On a big-endian host the value in memory is byte-swapped: the bitwise
                // operations and the exchange work on swapped operands, arithmetic needs a loop.
                let little = cfg!(target_endian = "little");
                let update = |f: fn($int, $int) -> $int| {
                    // SAFETY: the caller's contract, which is `Cell`'s.
                    unsafe {
                        Hw::fetch_update(p, |x: Hw<$int>| Hw(f(<$int>::from_le(x.0), v).to_le()))
                    }
                };
                let bits = |f: fn($int, $int) -> $int| {
                    // SAFETY: as above.
                    unsafe { Hw::fetch_update(p, |x: Hw<$int>| Hw(f(x.0, v.to_le()))) }
                };
                // SAFETY: as above.
                let old = unsafe {
                    match op {
                        RmwOp::Add if little => Hw::fetch_add(p, Hw(v)),
                        RmwOp::Sub if little => Hw::fetch_add(p, Hw(v.wrapping_neg())),
                        RmwOp::Add => update(<$int>::wrapping_add),
                        RmwOp::Sub => update(<$int>::wrapping_sub),
                        RmwOp::And => bits(|x, v| x & v),
                        RmwOp::Or => bits(|x, v| x | v),
                        RmwOp::Xor => bits(|x, v| x ^ v),
                        RmwOp::Xchg => Hw::swap(p, Hw(v.to_le())),
                    }
                };
                u64::from(<$int>::from_le(old.0))
            }

            #[inline(always)]
            unsafe fn cmpxchg(p: *mut u8, expected: u64, replacement: u64) -> u64 {
                // Both wrapped to the width, as the spec says (`expected` is not compared whole).
                let expected = Hw((expected as $int).to_le());
                let replacement = Hw((replacement as $int).to_le());
                // SAFETY: the caller's contract, which is `Cell`'s.
                let old = unsafe { Hw::compare_exchange(p, expected, replacement) };
                u64::from(<$int>::from_le(old.0))
            }
        }
    };
}

width!(W8, u8);
width!(W16, u16);
width!(W32, u32);
width!(W64, u64);

/// Runs `$f` of the width whose log2 is `$width` (0..=3; anything else is taken as 3).
macro_rules! by_width {
    ($width:expr, $f:ident($($arg:expr),*)) => {{
        let width: u8 = $width;
        debug_assert!(width <= 3, "atomic width log2 {width} out of range");
        match width {
            0 => W8::$f($($arg),*),
            1 => W16::$f($($arg),*),
            2 => W32::$f($($arg),*),
            _ => W64::$f($($arg),*),
        }
    }};
}

/// A Wasm atomic load (`*.atomic.load*`) of `1 << width_log2` bytes (`width_log2` in 0..=3),
/// `SeqCst`, zero-extended.
///
/// # Safety
/// `p` is aligned to `1 << width_log2`, and those bytes at `p` lie inside one live allocation
/// that is readable and writable for the whole call; all concurrent accesses to them by other
/// threads also go through this module (atomics).
#[inline]
pub(crate) unsafe fn atomic_load(p: *const u8, width_log2: u8) -> u64 {
    // SAFETY: the caller's contract.
    unsafe { by_width!(width_log2, load(p)) }
}

/// A Wasm atomic store (`*.atomic.store*`) of `v`'s low `1 << width_log2` bytes
/// (`width_log2` in 0..=3), `SeqCst`.
///
/// # Safety
/// As [`atomic_load`].
#[inline]
pub(crate) unsafe fn atomic_store(p: *mut u8, width_log2: u8, v: u64) {
    // SAFETY: the caller's contract.
    unsafe { by_width!(width_log2, store(p, v)) }
}

/// A Wasm atomic read-modify-write (`*.atomic.rmw*.<op>`) of `1 << width_log2` bytes
/// (`width_log2` in 0..=3) with `v` wrapped to that width, `SeqCst`: the old value,
/// zero-extended.
///
/// # Safety
/// As [`atomic_load`].
#[inline]
pub(crate) unsafe fn atomic_rmw(p: *mut u8, width_log2: u8, op: RmwOp, v: u64) -> u64 {
    // SAFETY: the caller's contract.
    unsafe { by_width!(width_log2, rmw(p, op, v)) }
}

/// A Wasm atomic compare-exchange (`*.atomic.rmw*.cmpxchg*`) of `1 << width_log2` bytes
/// (`width_log2` in 0..=3), `SeqCst`: the old value, zero-extended. As the spec says, both
/// `expected` and `replacement` are wrapped to the width first (so `i32.atomic.rmw8.cmpxchg_u`
/// with `expected` 0x101 compares the byte with 0x01).
///
/// # Safety
/// As [`atomic_load`].
#[inline]
pub(crate) unsafe fn atomic_cmpxchg(
    p: *mut u8,
    width_log2: u8,
    expected: u64,
    replacement: u64,
) -> u64 {
    // SAFETY: the caller's contract.
    unsafe { by_width!(width_log2, cmpxchg(p, expected, replacement)) }
}

#[cfg(test)]
mod tests {
    use super::std_atomics::Std;
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::Ordering::SeqCst;
    use std::sync::atomic::{AtomicU32, AtomicU64};

    /// Bytes of a test memory: words, so that its base is 8-aligned.
    const LEN: usize = 128;

    /// An 8-aligned test memory of `LEN` bytes, each byte its index plus `seed`.
    fn memory(seed: u8) -> Vec<u64> {
        let mut words = vec![0u64; LEN / 8];
        for (i, b) in bytes_mut(&mut words).iter_mut().enumerate() {
            *b = (i as u8).wrapping_add(seed);
        }
        words
    }

    fn bytes(words: &[u64]) -> &[u8] {
        // SAFETY: any `u64` is 8 initialised bytes; the view borrows `words`.
        unsafe { std::slice::from_raw_parts(words.as_ptr().cast(), words.len() * 8) }
    }

    fn bytes_mut(words: &mut [u64]) -> &mut [u8] {
        // SAFETY: as in `bytes`, and any byte pattern is a valid `u64`.
        unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr().cast(), words.len() * 8) }
    }

    fn base(words: &mut [u64]) -> *mut u8 {
        words.as_mut_ptr().cast()
    }

    /// Writes and reads back a `[u8; N]` at every offset 0..16, checking the neighbours.
    fn round_trip_array<const N: usize>() {
        for at in 0..16 {
            let mut mem = memory(0);
            let mut want = bytes(&mem).to_vec();
            let v: [u8; N] = std::array::from_fn(|i| 0xa0 ^ (i as u8) ^ (at as u8 * 3));
            want[at..at + N].copy_from_slice(&v);
            let p = base(&mut mem);
            // SAFETY: `at + N <= 32 <= LEN`, within `mem`, which only this thread uses.
            let got: [u8; N] = unsafe {
                write(p.add(at), v);
                read(p.add(at))
            };
            assert_eq!(got, v, "size {N} at {at}");
            assert_eq!(bytes(&mem), &want[..], "size {N} at {at}");
        }
    }

    #[test]
    fn read_write_round_trip_at_every_alignment() {
        round_trip_array::<1>();
        round_trip_array::<2>();
        round_trip_array::<3>();
        round_trip_array::<4>();
        round_trip_array::<5>();
        round_trip_array::<6>();
        round_trip_array::<7>();
        round_trip_array::<8>();
        round_trip_array::<9>();
        round_trip_array::<10>();
        round_trip_array::<11>();
        round_trip_array::<12>();
        round_trip_array::<13>();
        round_trip_array::<14>();
        round_trip_array::<15>();
        round_trip_array::<16>();
    }

    #[test]
    fn typed_read_write_use_memory_order() {
        for at in 0..16 {
            let mut mem = memory(7);
            let p = base(&mut mem);
            // SAFETY: `at + 16 <= LEN`, within `mem`, which only this thread uses.
            unsafe {
                write::<u16>(p.add(at), 0x1122);
                assert_eq!(read::<u16>(p.add(at)), 0x1122);
                write::<u32>(p.add(at), 0x1122_3344);
                assert_eq!(read::<u32>(p.add(at)), 0x1122_3344);
                assert_eq!(read::<[u8; 4]>(p.add(at)), 0x1122_3344u32.to_ne_bytes());
                write::<u64>(p.add(at), 0x1122_3344_5566_7788);
                assert_eq!(read::<u64>(p.add(at)), 0x1122_3344_5566_7788);
                write::<f64>(p.add(at), -1.5);
                assert_eq!(read::<f64>(p.add(at)), -1.5);
                let v = 0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10u128;
                write::<u128>(p.add(at), v);
                assert_eq!(read::<u128>(p.add(at)), v);
                assert_eq!(read::<[u8; 16]>(p.add(at)), v.to_ne_bytes());
            }
            assert_eq!(bytes(&mem)[at + 16], (at as u8 + 16).wrapping_add(7));
            if at > 0 {
                assert_eq!(bytes(&mem)[at - 1], (at as u8 - 1).wrapping_add(7));
            }
        }
    }

    #[test]
    fn copy_within_matches_memmove() {
        for n in 0..70 {
            for src in 0..24 {
                for dst in 0..24 {
                    let mut mem = memory(1);
                    let mut want = bytes(&mem).to_vec();
                    want.copy_within(src..src + n, dst);
                    let p = base(&mut mem);
                    // SAFETY: `max(src, dst) + n < 94 <= LEN`, within `mem`, which only this
                    // thread uses.
                    unsafe { copy_within(p.add(dst), p.add(src), n) };
                    assert_eq!(bytes(&mem), &want[..], "n {n} src {src} dst {dst}");
                }
            }
        }
    }

    #[test]
    fn copy_within_long_overlaps_through_the_buffer() {
        // Longer than `CHUNK`, not aligned alike, overlapping by less than a chunk.
        for (src, dst, n) in [(3, 10, 700), (10, 3, 700), (0, 1, 1000), (1, 0, 1000)] {
            let mut words = vec![0u64; 160];
            for (i, b) in bytes_mut(&mut words).iter_mut().enumerate() {
                *b = (i * 7 % 251) as u8;
            }
            let mut want = bytes(&words).to_vec();
            want.copy_within(src..src + n, dst);
            let p = base(&mut words);
            // SAFETY: `max(src, dst) + n <= 1010 <= 1280`, within `words`, only ours.
            unsafe { copy_within(p.add(dst), p.add(src), n) };
            assert_eq!(bytes(&words), &want[..], "n {n} src {src} dst {dst}");
        }
    }

    #[test]
    fn fill_sets_exactly_its_range() {
        for n in 0..70 {
            for at in 0..16 {
                let mut mem = memory(2);
                let mut want = bytes(&mem).to_vec();
                want[at..at + n].fill(0xe5);
                let p = base(&mut mem);
                // SAFETY: `at + n < 86 <= LEN`, within `mem`, which only this thread uses.
                unsafe { fill(p.add(at), 0xe5, n) };
                assert_eq!(bytes(&mem), &want[..], "n {n} at {at}");
            }
        }
    }

    #[test]
    fn copy_in_and_out_at_odd_offsets() {
        let source: Vec<u8> = (0..80u8).map(|i| i.wrapping_mul(37) ^ 0x5a).collect();
        for n in 0..70 {
            for at in 0..16 {
                for from in [0, 1, 3] {
                    let mut mem = memory(3);
                    let mut want = bytes(&mem).to_vec();
                    want[at..at + n].copy_from_slice(&source[from..from + n]);
                    let p = base(&mut mem);
                    // SAFETY: `at + n < 86 <= LEN`, within `mem`, which only this thread uses.
                    unsafe { copy_in(p.add(at), &source[from..from + n]) };
                    assert_eq!(bytes(&mem), &want[..], "in: n {n} at {at} from {from}");

                    let mut out = vec![0u8; n + 3];
                    // SAFETY: as above.
                    unsafe { copy_out(p.add(at), &mut out[from..from + n]) };
                    assert_eq!(out[from..from + n], source[from..from + n]);
                    assert!(out[..from].iter().chain(&out[from + n..]).all(|&b| b == 0));
                }
            }
        }
    }

    /// What an operation leaves in memory, on values of `bits` bits.
    fn reference(op: RmwOp, old: u64, v: u64, bits: u32) -> u64 {
        let new = match op {
            RmwOp::Add => old.wrapping_add(v),
            RmwOp::Sub => old.wrapping_sub(v),
            RmwOp::And => old & v,
            RmwOp::Or => old | v,
            RmwOp::Xor => old ^ v,
            RmwOp::Xchg => v,
        };
        new & (u64::MAX >> (64 - bits))
    }

    #[test]
    fn rmw_ops_at_every_width() {
        let olds = [
            0,
            1,
            0x7f,
            0x80,
            0xff,
            0xffff,
            0xffff_ffff,
            u64::MAX,
            0x1234_5678_9abc_def0,
        ];
        let vs = [
            0,
            1,
            2,
            0xff,
            0x100,
            0x1_0001,
            u64::MAX,
            0x8000_0000_0000_0001,
        ];
        for width in 0..=3u8 {
            let size = 1usize << width;
            let bits = 8 * size as u32;
            let mask = u64::MAX >> (64 - bits);
            for op in RmwOp::ALL {
                for old in olds {
                    for v in vs {
                        let mut mem = memory(0x40);
                        let at = 8 * (1 + width as usize);
                        let p = base(&mut mem);
                        let mut want = bytes(&mem).to_vec();
                        let new = reference(op, old & mask, v & mask, bits);
                        want[at..at + size].copy_from_slice(&new.to_le_bytes()[..size]);
                        // SAFETY: `at` is a multiple of 8 with `at + 8 <= LEN`, within `mem`,
                        // which only this thread uses.
                        let got = unsafe {
                            atomic_store(p.add(at), width, old);
                            assert_eq!(atomic_load(p.add(at), width), old & mask);
                            atomic_rmw(p.add(at), width, op, v)
                        };
                        assert_eq!(
                            got,
                            old & mask,
                            "{op:?} width {width} old {old:#x} v {v:#x}"
                        );
                        assert_eq!(
                            bytes(&mem),
                            &want[..],
                            "{op:?} width {width} {old:#x} {v:#x}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn rmw_wraps_around() {
        let mut mem = memory(0);
        let p = base(&mut mem);
        // SAFETY: offsets 8..16 of `mem`, aligned, which only this thread uses.
        unsafe {
            atomic_store(p.add(8), 3, u64::MAX);
            assert_eq!(atomic_rmw(p.add(8), 0, RmwOp::Add, 1), 0xff);
            assert_eq!(atomic_load(p.add(8), 3), 0xffff_ffff_ffff_ff00);
            assert_eq!(atomic_rmw(p.add(10), 1, RmwOp::Add, 0x1_0001), 0xffff);
            assert_eq!(atomic_load(p.add(8), 3), 0xffff_ffff_0000_ff00);
            assert_eq!(
                atomic_rmw(p.add(12), 2, RmwOp::Sub, 0xffff_ffff_0000_0000),
                0xffff_ffff
            );
            assert_eq!(atomic_load(p.add(8), 3), 0xffff_ffff_0000_ff00);
            assert_eq!(atomic_rmw(p.add(8), 1, RmwOp::Sub, 0xff01), 0xff00);
            assert_eq!(atomic_load(p.add(8), 3), 0xffff_ffff_0000_ffff);
            assert_eq!(
                atomic_rmw(p.add(8), 3, RmwOp::Add, 1),
                u64::MAX - 0xffff_0000
            );
            assert_eq!(atomic_load(p.add(8), 3), 0xffff_ffff_0001_0000);
        }
    }

    #[test]
    fn atomic_store_and_load_are_little_endian_and_narrow() {
        let mut mem = memory(0x10);
        let p = base(&mut mem);
        // SAFETY: offsets 16..24 of `mem`, aligned, which only this thread uses.
        unsafe { atomic_store(p.add(16), 1, 0x1122_3344_5566_7788) };
        assert_eq!(bytes(&mem)[15..19], [0x1f, 0x88, 0x77, 0x22]);
        // SAFETY: as above.
        unsafe {
            atomic_store(p.add(16), 2, 0xa1a2_a3a4);
            assert_eq!(atomic_load(p.add(16), 0), 0xa4);
            assert_eq!(atomic_load(p.add(18), 1), 0xa1a2);
            assert_eq!(atomic_load(p.add(16), 3), 0x2726_2524_a1a2_a3a4);
        }
    }

    #[test]
    fn cmpxchg_wraps_narrow_operands() {
        let mut mem = memory(0);
        let p = base(&mut mem);
        // SAFETY: offsets 8..16 of `mem`, aligned, which only this thread uses.
        unsafe {
            atomic_store(p.add(8), 3, 0x1111_1111_1111_1111);
            // The spec test's case: expected 0x11111111 is the byte 0x11, which matches.
            assert_eq!(atomic_cmpxchg(p.add(8), 0, 0x1111_1111, 0xcdcd_cdcd), 0x11);
            assert_eq!(atomic_load(p.add(8), 3), 0x1111_1111_1111_11cd);
            assert_eq!(atomic_cmpxchg(p.add(9), 0, 0x111, 0x1ab), 0x11);
            assert_eq!(atomic_load(p.add(8), 3), 0x1111_1111_1111_abcd);
            // A mismatch leaves memory alone and returns the old value.
            assert_eq!(atomic_cmpxchg(p.add(10), 1, 0x1112, 0xffff), 0x1111);
            assert_eq!(atomic_load(p.add(8), 3), 0x1111_1111_1111_abcd);
            assert_eq!(
                atomic_cmpxchg(p.add(12), 2, 0xff_1111_1111, 0x42_0000_0001),
                0x1111_1111
            );
            assert_eq!(atomic_load(p.add(8), 3), 0x0000_0001_1111_abcd);
            assert_eq!(
                atomic_cmpxchg(p.add(8), 3, 0x0000_0001_1111_abcd, 7),
                0x1_1111_abcd
            );
            assert_eq!(atomic_load(p.add(8), 3), 7);
            assert_eq!(atomic_cmpxchg(p.add(8), 3, 8, 9), 7);
            assert_eq!(atomic_load(p.add(8), 3), 7);
        }
    }

    #[test]
    fn rmw_op_from_u8() {
        for op in RmwOp::ALL {
            assert_eq!(RmwOp::from_u8(op as u8), Some(op));
            assert_eq!(RmwOp::try_from(op as u8), Ok(op));
        }
        assert_eq!(RmwOp::from_u8(6), None);
        assert_eq!(RmwOp::try_from(255), Err(255));
    }

    #[test]
    fn concurrent_rmw_add_loses_nothing() {
        let counter = Arc::new(AtomicU32::new(0));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let counter = Arc::clone(&counter);
                std::thread::spawn(move || {
                    let p = counter.as_ptr().cast::<u8>();
                    for _ in 0..10_000 {
                        // SAFETY: `p` is the aligned `AtomicU32` the `Arc` keeps alive, and
                        // every thread accesses it atomically.
                        unsafe { atomic_rmw(p, 2, RmwOp::Add, 1) };
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(counter.load(SeqCst), 40_000);
    }

    #[test]
    fn aligned_plain_accesses_do_not_tear() {
        let word = Arc::new(AtomicU64::new(0));
        let writer = {
            let word = Arc::clone(&word);
            std::thread::spawn(move || {
                let p = word.as_ptr().cast::<u8>();
                for i in 0..20_000u64 {
                    let v = if i % 2 == 0 { u64::MAX } else { 0 };
                    // SAFETY: `p` is the aligned `AtomicU64` the `Arc` keeps alive, only
                    // accessed atomically.
                    unsafe { write::<u64>(p, v) };
                }
            })
        };
        let p = word.as_ptr().cast::<u8>();
        for _ in 0..20_000 {
            // SAFETY: as in the writer.
            let v = unsafe { read::<u64>(p) };
            assert!(v == 0 || v == u64::MAX, "torn read {v:#x}");
        }
        writer.join().unwrap();
    }

    /// A few values of `T` spread over its range, from `seed`.
    fn values(seed: u64) -> impl Iterator<Item = u64> {
        (0..24u64).map(move |i| {
            (seed ^ i)
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                .rotate_left(i as u32 * 7)
        })
    }

    /// Runs every `Cell` operation of the build's backend and of `std`'s on two copies of one
    /// word, checking both return the same and leave the same bytes, at every width and offset.
    macro_rules! agree_with_std {
        ($int:ty) => {{
            let n = size_of::<$int>();
            for at in (0..8).step_by(n) {
                for (k, v) in values(n as u64).enumerate() {
                    let (v, w) = (v as $int, v.rotate_left(13) as $int);
                    let mut ours = [0x0123_4567_89ab_cdefu64.wrapping_mul(k as u64 + 1)];
                    let mut theirs = ours;
                    let (p, q) = (
                        base(&mut ours).wrapping_add(at),
                        base(&mut theirs).wrapping_add(at),
                    );
                    // SAFETY: `at` is a multiple of the width inside one 8-aligned word that
                    // only this thread uses.
                    unsafe {
                        let cur = Hw::<$int>::load_relaxed(p).0;
                        assert_eq!(cur, Std::<$int>::load_relaxed(q).0);
                        let expected = if k % 2 == 0 { cur } else { v };
                        let steps: [(&str, $int, $int); 6] = [
                            (
                                "seqcst load",
                                Hw::<$int>::load_seqcst(p).0,
                                Std::<$int>::load_seqcst(q).0,
                            ),
                            ("swap", Hw::swap(p, Hw(v)).0, Std::swap(q, Std(v)).0),
                            (
                                "fetch_add",
                                Hw::fetch_add(p, Hw(w)).0,
                                Std::fetch_add(q, Std(w)).0,
                            ),
                            (
                                "compare_exchange",
                                Hw::compare_exchange(p, Hw(expected), Hw(w)).0,
                                Std::compare_exchange(q, Std(expected), Std(w)).0,
                            ),
                            (
                                "fetch_update",
                                Hw::fetch_update(p, |x| Hw(x.0 ^ v)).0,
                                Std::fetch_update(q, |x| Std(x.0 ^ v)).0,
                            ),
                            (
                                "after",
                                Hw::<$int>::load_relaxed(p).0,
                                Std::<$int>::load_relaxed(q).0,
                            ),
                        ];
                        for (what, a, b) in steps {
                            assert_eq!(a, b, "{what}, width {n} at {at}, step {k}");
                        }
                        Hw::store_seqcst(p, Hw(w));
                        Std::store_seqcst(q, Std(w));
                        Hw::store_relaxed(p, Hw(v ^ w));
                        Std::store_relaxed(q, Std(v ^ w));
                    }
                    assert_eq!(ours, theirs, "width {n} at {at}, step {k}");
                }
            }
        }};
    }

    #[test]
    fn backend_agrees_with_std_atomics() {
        agree_with_std!(u8);
        agree_with_std!(u16);
        agree_with_std!(u32);
        agree_with_std!(u64);
    }

    /// Mixed sizes racing: four threads each add to their own byte of one word with 8-bit
    /// read-modify-writes, while a fifth does 32-bit ones on the whole word (adding zero,
    /// or'ing zero, compare-exchanging it with itself) and 16-bit ones on its halves. Every
    /// access is atomic, so none may lose another's update: each byte ends at its own count.
    /// (With the assembly backend this race is defined; with `std`'s it is the documented gap.)
    #[test]
    fn mixed_size_read_modify_writes_lose_nothing() {
        const ROUNDS: u64 = 200_000;
        let word = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let start = Arc::new(std::sync::Barrier::new(5));
        let bytes: Vec<_> = (0..4usize)
            .map(|i| {
                let (word, start) = (Arc::clone(&word), Arc::clone(&start));
                std::thread::spawn(move || {
                    let p = word.as_ptr().cast::<u8>().wrapping_add(i);
                    start.wait();
                    for _ in 0..ROUNDS {
                        // SAFETY: byte `i` of the `Arc`'s aligned word, which every thread
                        // reaches only through this module.
                        unsafe { atomic_rmw(p, 0, RmwOp::Add, 1) };
                    }
                })
            })
            .collect();
        let wide = {
            let (word, stop, start) = (Arc::clone(&word), Arc::clone(&stop), Arc::clone(&start));
            std::thread::spawn(move || {
                let p = word.as_ptr().cast::<u8>();
                let mut rounds = 0u64;
                start.wait();
                while !stop.load(SeqCst) {
                    // SAFETY: the word and its halves, aligned, reached only through this
                    // module.
                    unsafe {
                        atomic_rmw(p, 2, RmwOp::Add, 0);
                        atomic_rmw(p, 2, RmwOp::Or, 0);
                        let seen = atomic_load(p, 2);
                        atomic_cmpxchg(p, 2, seen, seen);
                        atomic_rmw(p.add(2), 1, RmwOp::Xor, 0);
                        atomic_rmw(p, 3, RmwOp::And, u64::MAX);
                    }
                    rounds += 1;
                }
                rounds
            })
        };
        for t in bytes {
            t.join().unwrap();
        }
        stop.store(true, SeqCst);
        assert!(wide.join().unwrap() > 0);
        let count = (ROUNDS % 256) as u8;
        let got = word.load(SeqCst).to_ne_bytes();
        assert_eq!(got[..4], [count; 4], "a byte lost updates: {got:?}");
        assert_eq!(got[4..], [0; 4]);
    }
}
