//! A shared linear memory (the threads proposal): one memory that several stores, on several
//! threads, use at once.
//!
//! It reserves its declared maximum (a shared memory must have one) when it is created and
//! never moves, so every thread may keep its base address. Its length is an atomic that only
//! grows: a thread that reads a stale, smaller length is still in bounds, and the Wasm memory
//! model allows an access racing a `memory.grow` to see the old size. Growth happens under a
//! mutex (one grower at a time), which makes the new pages accessible before publishing the new
//! length. Bytes are only ever reached through `runtime::racy` (never as a Rust slice), and
//! `memory.atomic.wait`/`notify` meet in the memory's own parking spot, keyed by address.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::runtime::memory::{MemoryError, Reservation, most_bytes};
use crate::runtime::parking_spot::ParkingSpot;
use crate::runtime::racy;
use crate::value::MemoryType;

/// The state of one shared memory, held by an `Arc` in each store that uses it.
pub struct SharedMemoryInner {
    /// The declared type (its minimum is the initial size).
    pub(crate) ty: MemoryType,
    /// Start of the reservation; constant for the memory's life.
    pub(crate) base: *mut u8,
    /// Accessible bytes (a multiple of the page size; only ever grows).
    len: AtomicUsize,
    /// The reservation, locked while growing.
    pages: Mutex<Reservation>,
    /// Where `memory.atomic.wait` sleeps and `memory.atomic.notify` wakes.
    pub(crate) spot: ParkingSpot,
}

impl std::fmt::Debug for SharedMemoryInner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedMemoryInner")
            .field("ty", &self.ty)
            .field("len", &self.len())
            .finish()
    }
}

// SAFETY: `base` points into the reservation this value owns (through `pages`), which lives
// and stays in place as long as the value; every access to the bytes through it is atomic
// (`runtime::racy`), and the rest of the state is atomics and a mutex.
unsafe impl Send for SharedMemoryInner {}
// SAFETY: as above.
unsafe impl Sync for SharedMemoryInner {}

impl SharedMemoryInner {
    /// Creates a shared memory of type `ty` (shared, with a maximum), reserving its whole
    /// maximum if the host allows, or else at least `fallback` bytes (growth past what was
    /// reserved then returns -1).
    pub fn new(ty: MemoryType, fallback: usize) -> Result<Self, MemoryError> {
        debug_assert!(ty.shared, "a shared memory of an unshared type");
        let most = most_bytes(&ty) as usize;
        let pages = Reservation::new(&ty, most, false)
            .or_else(|_| Reservation::new(&ty, fallback, false))?;
        Ok(Self {
            ty,
            base: pages.base(),
            len: AtomicUsize::new(pages.len),
            pages: Mutex::new(pages),
            spot: ParkingSpot::default(),
        })
    }

    /// Current size in bytes (an acquire load: the bytes below it are accessible).
    #[inline]
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Acquire)
    }

    /// The length itself, for compiled code, which reads it at every bounds check
    /// (`jit::vmctx::VmCtx::shared_len`).
    #[cfg(kestrel_jit)]
    pub(crate) fn len_cell(&self) -> &AtomicUsize {
        &self.len
    }

    /// Copies the bytes at `offset` into `buf`; `None` when out of bounds.
    pub fn read(&self, offset: usize, buf: &mut [u8]) -> Option<()> {
        if offset.checked_add(buf.len())? > self.len() {
            return None;
        }
        // SAFETY: `offset..offset + buf.len()` is within the accessible bytes, which never
        // shrink or move, and every other access to them is atomic.
        unsafe { racy::copy_out(self.base.add(offset), buf) };
        Some(())
    }

    /// Copies `bytes` into the memory at `offset`; `None` (nothing written) when out of bounds.
    pub fn write(&self, offset: usize, bytes: &[u8]) -> Option<()> {
        if offset.checked_add(bytes.len())? > self.len() {
            return None;
        }
        // SAFETY: as in `read`.
        unsafe { racy::copy_in(self.base.add(offset), bytes) };
        Some(())
    }

    /// Grows by `delta` pages up to `limit` pages, as [`super::memory::MemoryEntity::grow`].
    pub fn grow(&self, delta: u64, limit: Option<u64>) -> Option<u64> {
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        let old = pages.grow(&self.ty, delta, limit)?;
        self.len.store(pages.len, Ordering::Release);
        Some(old)
    }
}
