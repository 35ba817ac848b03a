//! `SharedMemory`: a shared linear memory (the threads proposal) as a handle that is not bound
//! to one store, so an embedder can hand one memory to stores on several threads.
//!
//! Inside a store the same memory is an ordinary [`Memory`] (an instance's shared memory is
//! exported as one, and [`Memory::as_shared`] gets the handle back). [`SharedMemory::memory`]
//! and [`Linker::define_shared_memory`](crate::Linker::define_shared_memory) place it in a
//! store, once per store however often they are asked.

use std::sync::Arc;

use crate::api::externals::{Memory, MemoryAccessError};
use crate::engine::Engine;
use crate::error::Error;
use crate::runtime::context::AsContextMut;
use crate::runtime::memory::DEFAULT_RESERVATION;
use crate::runtime::shared_memory::SharedMemoryInner;
use crate::value::MemoryType;

/// A shared linear memory: `Clone`, `Send` and `Sync`; every clone is the same memory.
///
/// Its bytes may be written by any thread at any time, so it hands out copies, never slices
/// ([`SharedMemory::read`], [`SharedMemory::write`]). It never moves: it reserves its maximum
/// size when created, and growing past what the host would reserve fails.
#[derive(Clone)]
pub struct SharedMemory {
    pub(crate) inner: Arc<SharedMemoryInner>,
}

impl std::fmt::Debug for SharedMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl PartialEq for SharedMemory {
    /// Whether both are the same memory.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for SharedMemory {}

impl SharedMemory {
    /// Creates a shared memory of type `ty`, which must be shared and have a maximum (see
    /// [`MemoryType::shared`]). The engine's
    /// [`Config::memory_reservation`](crate::Config::memory_reservation) is how much it
    /// reserves when the host refuses the whole maximum.
    pub fn new(engine: &Engine, ty: MemoryType) -> Result<Self, Error> {
        if !ty.shared {
            return Err(Error::Usage(
                "SharedMemory::new needs a shared memory type".into(),
            ));
        }
        if ty.memory64 {
            return Err(Error::Usage("64-bit memories are not supported".into()));
        }
        if ty.limits.max.is_none() {
            return Err(Error::Usage("a shared memory must have a maximum".into()));
        }
        let fallback = engine
            .config()
            .memory_reservation
            .map_or(DEFAULT_RESERVATION, |b| {
                usize::try_from(b).unwrap_or(usize::MAX)
            });
        let inner =
            SharedMemoryInner::new(ty, fallback).map_err(|e| Error::Usage(e.to_string()))?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// Its type, with the current size as the minimum.
    pub fn ty(&self) -> MemoryType {
        let mut ty = self.inner.ty;
        ty.limits.min = self.size();
        ty
    }

    /// Current size in pages.
    pub fn size(&self) -> u64 {
        (self.data_size() as u64) >> self.inner.ty.page_size_log2
    }

    /// Current size in bytes.
    pub fn data_size(&self) -> usize {
        self.inner.len()
    }

    /// Grows by `delta` pages, returning the old size in pages. Unlike `memory.grow` in a
    /// store, no resource limiter is asked.
    pub fn grow(&self, delta: u64) -> Result<u64, Error> {
        self.inner
            .grow(delta, None)
            .ok_or_else(|| Error::Usage(format!("failed to grow memory by {delta} pages")))
    }

    /// Copies `buf.len()` bytes at `offset` into `buf` (bytes other threads write at the same
    /// time may be seen in part).
    pub fn read(&self, offset: usize, buf: &mut [u8]) -> Result<(), MemoryAccessError> {
        self.inner.read(offset, buf).ok_or(MemoryAccessError)
    }

    /// Copies `buf` into the memory at `offset`.
    pub fn write(&self, offset: usize, buf: &[u8]) -> Result<(), MemoryAccessError> {
        self.inner.write(offset, buf).ok_or(MemoryAccessError)
    }

    /// Wakes at most `count` threads waiting (`memory.atomic.wait32/64`) at byte address
    /// `addr`, returning how many were woken.
    pub fn atomic_notify(&self, addr: u64, count: u32) -> u32 {
        self.inner.spot.notify(addr, count)
    }

    /// This memory in `store`: the store's entry for it, made on first use.
    pub fn memory(&self, mut store: impl AsContextMut) -> Memory {
        let store = store.as_context_mut().0;
        let index = store.inner.shared_memory_index(&self.inner);
        Memory {
            store: store.inner.id,
            index,
        }
    }
}
