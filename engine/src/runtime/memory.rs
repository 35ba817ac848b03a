//! Linear memory: an address-space reservation that grows in place.
//!
//! A memory reserves its maximum size (or 4 GiB when it has none; at most what
//! `Config::memory_reservation` allows, by default `DEFAULT_RESERVATION`, and never more than
//! `HOST_MAX_BYTES`) as inaccessible address space
//! up front and makes pages accessible as it grows, so its base address never moves and the
//! interpreter (and later the JIT) can cache it. Where the reservation cannot be had (a small
//! `ulimit -v`), it reserves less and moves on growth, which is still correct because every
//! user reloads the base after `memory.grow` and after calls.
//!
//! A shared memory (threads) is the exception: other threads hold its base, so it reserves its
//! whole declared maximum, never moves (growth past what the host would reserve is wasm's -1),
//! and lives in `runtime::shared_memory` behind an `Arc` that every store using it holds.
//!
//! For the Cranelift tier a 32-bit memory of 64 KiB pages may be *guarded*: it reserves all
//! 4 GiB plus a guard region of inaccessible pages after them, so that any i32 address plus an
//! offset within the guard lands inside the reservation, and compiled code leaves the bounds
//! check to the processor (a fault there is a trap: `jit::signals`).
//!
//! Growing changes the protection of the new pages only. On Linux, the reservation beyond
//! [`HUGE_PAGES_FROM`] is advised for transparent huge pages: a program with a large heap then
//! takes far fewer TLB misses (random access over tens of MiB), while a small one never touches
//! that part, so its footprint stays in small pages.

use std::sync::Arc;

use crate::runtime::shared_memory::SharedMemoryInner;
use crate::value::MemoryType;

/// Bytes in a wasm page (the default page size; see [`MemoryType::page_size_log2`]).
pub const PAGE_SIZE: usize = 65536;
/// Most pages a 32-bit memory of 64 KiB pages can have.
pub const MAX_PAGES: u64 = 65536;

/// Most bytes this host can give one memory: all 4 GiB on 64-bit hosts; on 32-bit hosts what
/// fits in one Rust allocation (`isize::MAX` bytes, rounded down to whole 64 KiB pages). A
/// memory asked to be larger cannot be created (`OutOfHostMemory`) and one asked to grow past
/// it gets -1, as the spec allows for any growth the host cannot provide.
pub const HOST_MAX_BYTES: u64 = {
    let fits = isize::MAX as u64 / PAGE_SIZE as u64 * PAGE_SIZE as u64;
    let most = MAX_PAGES * PAGE_SIZE as u64;
    if fits < most { fits } else { most }
};

/// Largest reservation made up front unless the embedder sets another
/// (`Config::memory_reservation`): the whole 4 GiB on 64-bit hosts; 64 MiB on 32-bit hosts,
/// whose address space has no room for a maximum-sized reservation per memory (a memory growing
/// past it moves, as when a reservation is refused).
pub const DEFAULT_RESERVATION: usize = if usize::BITS >= 64 {
    MAX_PAGES as usize * PAGE_SIZE
} else {
    64 << 20
};

/// Offset into a reservation from which huge pages are advised (a multiple of 2 MiB).
pub const HUGE_PAGES_FROM: usize = 32 << 20;

/// Advises huge pages for the part of a new `reservation` beyond [`HUGE_PAGES_FROM`] (Linux
/// only; a kernel that ignores or refuses the advice changes nothing but speed).
fn advise_huge_pages(reservation: &mut region::Allocation) {
    #[cfg(target_os = "linux")]
    if reservation.len() > HUGE_PAGES_FROM {
        // SAFETY: the range lies within our own private anonymous reservation; huge-page advice
        // does not change its contents or protection, only how the kernel backs it.
        let _ = unsafe {
            rustix::mm::madvise(
                reservation.as_mut_ptr::<u8>().add(HUGE_PAGES_FROM).cast(),
                reservation.len() - HUGE_PAGES_FROM,
                rustix::mm::Advice::LinuxHugepage,
            )
        };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = reservation;
}

/// A linear memory as a store sees it: its own, or a shared memory (threads) that several
/// stores, on several threads, hold at once.
pub struct MemoryEntity {
    storage: Storage,
}

enum Storage {
    /// A memory only this store reaches: plain reads and writes.
    Local { ty: MemoryType, pages: Reservation },
    /// A shared memory: every access goes through atomics (`runtime::racy`), since other
    /// threads may touch any byte at any time.
    Shared(Arc<SharedMemoryInner>),
}

impl std::fmt::Debug for MemoryEntity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryEntity")
            .field("ty", &self.declared())
            .field("len", &self.len())
            .field("shared", &self.is_shared())
            .finish()
    }
}

impl MemoryEntity {
    /// Creates a memory of `ty.limits.min` pages, reserving at most `reservation` bytes of
    /// address space up front (more when the minimum size needs it). A shared type makes a
    /// shared memory, which reserves its whole maximum instead (see [`SharedMemoryInner`]).
    /// A `guard` (bytes) asks for a guarded memory (see the module's doc) when `ty` can be one;
    /// where the host refuses that much address space the memory is made unguarded, which
    /// [`MemoryEntity::guarded`] tells.
    pub fn new(
        ty: MemoryType,
        reservation: usize,
        guard: Option<usize>,
    ) -> Result<Self, MemoryError> {
        if ty.shared {
            return Ok(Self::from_shared(Arc::new(SharedMemoryInner::new(
                ty,
                reservation,
            )?)));
        }
        let guardable = !ty.memory64 && ty.page_size_log2 == 16;
        let guarded = match guard {
            Some(guard) if guardable => Reservation::guarded(&ty, guard).ok(),
            _ => None,
        };
        let pages = match guarded {
            Some(pages) => pages,
            None => Reservation::new(&ty, reservation, true)?,
        };
        Ok(Self {
            storage: Storage::Local { ty, pages },
        })
    }

    /// This store's entry for a shared memory that may be in other stores too.
    pub fn from_shared(shared: Arc<SharedMemoryInner>) -> Self {
        Self {
            storage: Storage::Shared(shared),
        }
    }

    /// The shared memory behind this entry, if it is one.
    pub fn shared(&self) -> Option<&Arc<SharedMemoryInner>> {
        match &self.storage {
            Storage::Shared(s) => Some(s),
            Storage::Local { .. } => None,
        }
    }

    /// Whether this memory has all 4 GiB reserved plus a guard region after them (see the
    /// module's doc): the guard's size in bytes, or 0.
    pub fn guard(&self) -> usize {
        match &self.storage {
            Storage::Local { pages, .. } => pages.guard,
            Storage::Shared(_) => 0,
        }
    }

    /// Whether this is a shared memory.
    pub fn is_shared(&self) -> bool {
        matches!(self.storage, Storage::Shared(_))
    }

    fn declared(&self) -> &MemoryType {
        match &self.storage {
            Storage::Local { ty, .. } => ty,
            Storage::Shared(s) => &s.ty,
        }
    }

    /// The memory's type, with its current size as the minimum.
    pub fn ty(&self) -> MemoryType {
        let mut ty = *self.declared();
        ty.limits.min = self.pages();
        ty
    }

    /// The type it was declared with (import matching uses the current size instead).
    pub fn declared_max(&self) -> Option<u64> {
        self.declared().limits.max
    }

    /// Base-2 logarithm of the page size.
    pub fn page_size_log2(&self) -> u8 {
        self.declared().page_size_log2
    }

    /// Current size in pages.
    pub fn pages(&self) -> u64 {
        (self.len() as u64) >> self.page_size_log2()
    }

    /// Current size in bytes. A shared memory's may grow at any moment (never shrink), so
    /// an access checked against a value read here stays in bounds.
    #[allow(clippy::len_without_is_empty)]
    #[inline]
    pub fn len(&self) -> usize {
        match &self.storage {
            Storage::Local { pages, .. } => pages.len,
            Storage::Shared(s) => s.len(),
        }
    }

    /// Base address of the memory's bytes (valid for `len()` bytes until the next grow; a
    /// shared memory's never moves).
    #[inline]
    pub fn base(&self) -> *mut u8 {
        match &self.storage {
            Storage::Local { pages, .. } => pages.base(),
            Storage::Shared(s) => s.base,
        }
    }

    /// The memory's bytes.
    ///
    /// # Panics
    /// On a shared memory, whose bytes other threads may write while the slice lives (use
    /// [`MemoryEntity::read`] and [`MemoryEntity::write`]).
    pub fn data(&self) -> &[u8] {
        let Storage::Local { pages, .. } = &self.storage else {
            panic!("the bytes of a shared memory cannot be borrowed as a slice");
        };
        // SAFETY: `base()` points to `len` accessible bytes owned by this memory, and the shared
        // borrow of `self` keeps them from being resized or freed.
        unsafe { std::slice::from_raw_parts(pages.base(), pages.len) }
    }

    /// The memory's bytes, mutably.
    ///
    /// # Panics
    /// On a shared memory, as [`MemoryEntity::data`].
    pub fn data_mut(&mut self) -> &mut [u8] {
        let Storage::Local { pages, .. } = &mut self.storage else {
            panic!("the bytes of a shared memory cannot be borrowed as a slice");
        };
        // SAFETY: as in `data`, with the exclusive borrow of `self` making the access unique.
        unsafe { std::slice::from_raw_parts_mut(pages.base(), pages.len) }
    }

    /// Copies the bytes at `offset` into `buf`; `None` when out of bounds.
    pub fn read(&self, offset: usize, buf: &mut [u8]) -> Option<()> {
        let end = offset.checked_add(buf.len())?;
        match &self.storage {
            Storage::Local { .. } => buf.copy_from_slice(self.data().get(offset..end)?),
            Storage::Shared(s) => s.read(offset, buf)?,
        }
        Some(())
    }

    /// Copies `bytes` into the memory at `offset`; `None` (nothing written) when out of
    /// bounds.
    pub fn write(&mut self, offset: usize, bytes: &[u8]) -> Option<()> {
        let end = offset.checked_add(bytes.len())?;
        match &self.storage {
            Storage::Local { .. } => self.data_mut().get_mut(offset..end)?.copy_from_slice(bytes),
            Storage::Shared(s) => s.write(offset, bytes)?,
        }
        Some(())
    }

    /// Grows by `delta` pages up to `limit` pages (the declared maximum and any embedder
    /// limit, already combined by the caller). Returns the old size in pages, or `None`
    /// (wasm's `-1`) when it cannot grow; a failed grow changes nothing.
    pub fn grow(&mut self, delta: u64, limit: Option<u64>) -> Option<u64> {
        match &mut self.storage {
            Storage::Local { ty, pages } => pages.grow(ty, delta, limit),
            Storage::Shared(s) => s.grow(delta, limit),
        }
    }
}

/// The largest size in pages a memory of type `ty` may grow to under `limit`.
fn max_pages(ty: &MemoryType, limit: Option<u64>) -> u64 {
    ty.limits
        .max
        .unwrap_or(u64::MAX)
        .min(ty.max_pages())
        .min(limit.unwrap_or(u64::MAX))
}

/// The most bytes a memory of type `ty` can ever have here: its maximum (or the most its page
/// size allows), within what the host can give.
pub(crate) fn most_bytes(ty: &MemoryType) -> u64 {
    let pages = ty.limits.max.unwrap_or(u64::MAX).min(ty.max_pages());
    (pages << ty.page_size_log2).min(HOST_MAX_BYTES)
}

/// An address-space reservation whose first `len` bytes are accessible.
pub(crate) struct Reservation {
    /// The reservation; `None` for a memory that never had a byte reserved.
    region: Option<region::Allocation>,
    /// Accessible bytes, always a multiple of the memory's page size.
    pub(crate) len: usize,
    /// Whether growing past the reservation may move the bytes to a larger one (never for a
    /// shared memory, whose base other threads hold).
    movable: bool,
    /// Bytes of inaccessible guard after the 4 GiB a guarded memory reserves; 0 otherwise.
    guard: usize,
}

impl Reservation {
    /// Reserves room for a memory of type `ty` (at most `reservation` bytes unless the
    /// minimum size needs more) and makes its minimum size accessible.
    pub(crate) fn new(
        ty: &MemoryType,
        reservation: usize,
        movable: bool,
    ) -> Result<Self, MemoryError> {
        let min = ty.limits.min;
        if min > ty.max_pages() {
            return Err(MemoryError::TooLarge);
        }
        let min_bytes = min << ty.page_size_log2;
        if min_bytes > HOST_MAX_BYTES {
            return Err(MemoryError::OutOfHostMemory);
        }
        let len = min_bytes as usize;
        let max_bytes = most_bytes(ty) as usize;
        // Try the whole reservation first; fall back to just what is needed now.
        let cap = reservation.next_multiple_of(PAGE_SIZE).max(PAGE_SIZE);
        let want = max_bytes.clamp(PAGE_SIZE, cap.max(len));
        let mut region = match region::alloc(want, region::Protection::NONE) {
            Ok(r) => r,
            Err(_) => region::alloc(len.max(PAGE_SIZE), region::Protection::NONE)
                .map_err(|_| MemoryError::OutOfHostMemory)?,
        };
        advise_huge_pages(&mut region);
        let mut pages = Self {
            region: Some(region),
            len: 0,
            movable,
            guard: 0,
        };
        pages.make_accessible(len, ty)?;
        pages.len = len;
        Ok(pages)
    }

    /// Reserves a guarded memory of type `ty` (32-bit, 64 KiB pages): all 4 GiB, then `guard`
    /// more bytes that never become accessible; makes its minimum size accessible. Fails
    /// where the host has no room for that reservation (32-bit hosts, a small `ulimit -v`).
    pub(crate) fn guarded(ty: &MemoryType, guard: usize) -> Result<Self, MemoryError> {
        // 32-bit hosts have no room for it (`HOST_MAX_BYTES` is less there).
        let full = MAX_PAGES * PAGE_SIZE as u64;
        if HOST_MAX_BYTES < full || ty.page_size_log2 != 16 || ty.memory64 {
            return Err(MemoryError::OutOfHostMemory);
        }
        let min_bytes = ty
            .limits
            .min
            .checked_mul(PAGE_SIZE as u64)
            .filter(|&b| b <= full)
            .ok_or(MemoryError::TooLarge)?;
        let guard = guard.next_multiple_of(PAGE_SIZE);
        let want = usize::try_from(full)
            .ok()
            .and_then(|full| full.checked_add(guard))
            .ok_or(MemoryError::OutOfHostMemory)?;
        let mut region = region::alloc(want, region::Protection::NONE)
            .map_err(|_| MemoryError::OutOfHostMemory)?;
        advise_huge_pages(&mut region);
        let mut pages = Self {
            region: Some(region),
            len: 0,
            // It never needs to move: the reservation holds the most a 32-bit memory can have.
            movable: false,
            guard,
        };
        pages.make_accessible(min_bytes as usize, ty)?;
        pages.len = min_bytes as usize;
        Ok(pages)
    }

    /// Bytes reserved (accessible or not).
    fn reserved(&self) -> usize {
        self.region.as_ref().map_or(0, |r| r.len())
    }

    pub(crate) fn base(&self) -> *mut u8 {
        match &self.region {
            Some(r) => r.as_ptr::<u8>() as *mut u8,
            None => std::ptr::NonNull::dangling().as_ptr(),
        }
    }

    /// Grows a memory of type `ty` by `delta` pages up to `limit` pages: the old size in
    /// pages, or `None` when it cannot grow (nothing changed).
    pub(crate) fn grow(&mut self, ty: &MemoryType, delta: u64, limit: Option<u64>) -> Option<u64> {
        let old = (self.len as u64) >> ty.page_size_log2;
        let new = old.checked_add(delta)?;
        if new > max_pages(ty, limit) {
            return None;
        }
        let new_bytes = new << ty.page_size_log2;
        if new_bytes > HOST_MAX_BYTES {
            return None;
        }
        if delta == 0 {
            return Some(old);
        }
        let new_len = new_bytes as usize;
        self.make_accessible(new_len, ty).ok()?;
        self.len = new_len;
        Some(old)
    }

    /// Makes the first `len` bytes accessible, moving to a larger reservation if needed and
    /// allowed.
    fn make_accessible(&mut self, len: usize, ty: &MemoryType) -> Result<(), MemoryError> {
        if len == 0 {
            return Ok(());
        }
        let reserved = self.reserved();
        if len > reserved {
            if !self.movable {
                return Err(MemoryError::OutOfHostMemory);
            }
            // At least double the reservation (up to the most this memory may have), so a
            // memory that keeps growing past it moves a logarithmic number of times.
            let most = most_bytes(ty) as usize;
            let roomy = reserved.saturating_mul(2).min(most).max(len);
            let mut bigger = region::alloc(roomy, region::Protection::NONE)
                .or_else(|_| region::alloc(len, region::Protection::NONE))
                .map_err(|_| MemoryError::OutOfHostMemory)?;
            advise_huge_pages(&mut bigger);
            // SAFETY: the new reservation is at least `len` bytes; its first `len` bytes are
            // made read-write before anything is written to them.
            unsafe {
                region::protect(
                    bigger.as_mut_ptr::<u8>(),
                    len,
                    region::Protection::READ_WRITE,
                )
                .map_err(|_| MemoryError::OutOfHostMemory)?;
            }
            if self.len > 0 {
                // SAFETY: both ranges are accessible for `self.len` bytes and belong to two
                // distinct reservations, so they do not overlap.
                unsafe {
                    std::ptr::copy_nonoverlapping(self.base(), bigger.as_mut_ptr::<u8>(), self.len);
                }
            }
            self.region = Some(bigger);
            return Ok(());
        }
        let region = self.region.as_mut().ok_or(MemoryError::OutOfHostMemory)?;
        if len <= self.len {
            return Ok(());
        }
        // Only the new pages: re-protecting the whole memory would cost the kernel a walk over
        // every page already in use, on every grow.
        // SAFETY: `self.len..len` is within the reservation; changing protection of our own
        // private anonymous mapping cannot affect any other Rust object.
        unsafe {
            region::protect(
                region.as_mut_ptr::<u8>().add(self.len),
                len - self.len,
                region::Protection::READ_WRITE,
            )
            .map_err(|_| MemoryError::OutOfHostMemory)?;
        }
        Ok(())
    }
}

/// Why a memory could not be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MemoryError {
    /// More than 4 GiB worth of pages (65,536 of 64 KiB) were asked for.
    #[error("memory size must be at most 4GiB (65536 pages of 64 KiB)")]
    TooLarge,
    /// The host refused the address space or the pages.
    #[error("the host could not provide the memory")]
    OutOfHostMemory,
}

// SAFETY: a `Reservation` exclusively owns its address range (the raw pointer inside
// `region::Allocation` is never shared outside of borrows of it), so moving it to another thread
// or sharing `&Reservation` (which only reads) is as safe as for a `Vec<u8>`. A shared memory's
// reservation sits behind a mutex, and its bytes are only reached through atomics.
unsafe impl Send for Reservation {}
// SAFETY: see above.
unsafe impl Sync for Reservation {}
