//! Memory instructions beyond loads and stores of memory 0: `memory.size`, `memory.grow` (which
//! consults the embedder's limiter through the store), the bulk operations `memory.fill`,
//! `memory.copy`, `memory.init`, `data.drop`, and loads and stores of the other memories
//! (multi-memory). Every range is checked in full before any byte moves.
//!
//! Only memory 0's base and length live in the hot state (`Exec::mem_base`/`mem_len`), so its
//! loads and stores are no slower for the others existing; an instruction on another memory
//! looks that memory up in the store each time it runs (`Ctx::memory_at`). Sizes are in each
//! memory's own pages (64 KiB, or one byte with the custom-page-sizes proposal).
//!
//! A shared memory (threads), memory 0 or not, is always reached the second way, with the
//! `SHARED_MEMORY` bit set in the instruction's memory field: its bytes are then read and
//! written through `runtime::racy`'s atomics, since other threads may access them at once.

use crate::error::TrapCode;
use crate::interp::cell::MemValue;
use crate::interp::executor::{Ctx, Exec, Exit, trap_exit};
use crate::ir::{SHARED_MEMORY, Slot};
use crate::runtime::racy;

/// Whether `start..start + len` lies within `size`.
#[inline(always)]
pub(crate) fn in_bounds(start: u64, len: u64, size: u64) -> bool {
    start.checked_add(len).is_some_and(|end| end <= size)
}

/// A plain load from a shared memory, out of line: `racy::read` takes the address of a local,
/// which inlined into a threaded handler would keep the handler from tail-calling the next.
///
/// # Safety
/// As `racy::read`.
#[inline(never)]
unsafe fn shared_read<M: MemValue>(p: *const u8) -> M {
    // SAFETY: the caller's guarantee.
    unsafe { racy::read::<M>(p) }
}

/// A plain store to a shared memory, out of line (see [`shared_read`]).
///
/// # Safety
/// As `racy::write`.
#[inline(never)]
unsafe fn shared_write<M: MemValue>(p: *mut u8, v: M) {
    // SAFETY: the caller's guarantee.
    unsafe { racy::write::<M>(p, v) }
}

/// `memory.fill` on memory `base`/`size` (`shared`: through atomics).
#[inline(never)]
pub(super) fn fill(
    base: *mut u8,
    size: usize,
    shared: bool,
    d: u64,
    v: u8,
    n: u64,
) -> Result<(), Exit> {
    if !in_bounds(d, n, size as u64) {
        return Err(trap_exit(TrapCode::MemoryOutOfBounds));
    }
    if shared {
        // SAFETY: `d..d + n` is within the shared memory's accessible bytes, which never move
        // or shrink; every access to them is atomic.
        unsafe { racy::fill(base.add(d as usize), v, n as usize) };
    } else {
        // SAFETY: `d..d + n` is within the memory's `size` accessible bytes.
        unsafe { std::ptr::write_bytes(base.add(d as usize), v, n as usize) };
    }
    Ok(())
}

/// `memory.copy` between two memories' `base`/`size` (which may be the same memory, and the
/// ranges may overlap; `shared`: either is shared, so the copy goes through atomics).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(super) fn copy_between(
    shared: bool,
    dst_base: *mut u8,
    dst_size: usize,
    src_base: *mut u8,
    src_size: usize,
    d: u64,
    s: u64,
    n: u64,
) -> Result<(), Exit> {
    if !in_bounds(d, n, dst_size as u64) || !in_bounds(s, n, src_size as u64) {
        return Err(trap_exit(TrapCode::MemoryOutOfBounds));
    }
    if shared {
        // SAFETY: both ranges are within their memories (one of them shared: its bytes never
        // move or shrink, and every access to them is atomic); `copy_within` allows overlap.
        unsafe {
            racy::copy_within(
                dst_base.add(d as usize),
                src_base.add(s as usize),
                n as usize,
            )
        };
        return Ok(());
    }
    // SAFETY: both ranges are within their memories; `copy` allows overlap (the same memory).
    unsafe {
        std::ptr::copy(
            src_base.add(s as usize),
            dst_base.add(d as usize),
            n as usize,
        )
    };
    Ok(())
}

impl Ctx<'_> {
    /// `memory.size` of the current instance's memory `mem`, in its pages.
    #[inline(never)]
    fn memory_size(&self, mem: u32) -> u32 {
        let inner = self.inner();
        let m = inner.instances[self.instance.index()].memories[mem as usize];
        inner.memories[m.index()].pages() as u32
    }

    /// `memory.grow` of the current instance's memory `mem`: the old size in its pages or -1.
    #[inline(never)]
    pub(super) fn memory_grow(&mut self, mem: u32, delta: u32) -> Result<u32, Exit> {
        let Some(&mem) = self.inner().instances[self.instance.index()]
            .memories
            .get(mem as usize)
        else {
            return Err(trap_exit(TrapCode::MemoryOutOfBounds));
        };
        match self.hooks().grow_memory(mem, u64::from(delta)) {
            Ok(Some(old)) => Ok(old as u32),
            Ok(None) => Ok(u32::MAX),
            Err(e) => {
                self.error = Some(e);
                Err(Exit::Error)
            }
        }
    }

    /// `memory.init`: copies bytes `s..s + n` of data segment `data` to `d` in memory
    /// `base`/`size` (`shared`: through atomics).
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn memory_init(
        &mut self,
        base: *mut u8,
        size: usize,
        shared: bool,
        data: u32,
        d: u64,
        s: u64,
        n: u64,
    ) -> Result<(), Exit> {
        let inner = self.inner();
        let seg = inner.instances[self.instance.index()].datas[data as usize];
        let bytes = inner.datas[seg.index()].data();
        if !in_bounds(s, n, bytes.len() as u64) || !in_bounds(d, n, size as u64) {
            return Err(trap_exit(TrapCode::MemoryOutOfBounds));
        }
        let from = &bytes[s as usize..(s + n) as usize];
        if shared {
            // SAFETY: the destination is within the shared memory's accessible bytes, which
            // never move or shrink; every access to them is atomic.
            unsafe { racy::copy_in(base.add(d as usize), from) };
            return Ok(());
        }
        // SAFETY: the destination is within the memory, the source within the segment's bytes,
        // which live in the module binary and cannot overlap linear memory.
        unsafe {
            std::ptr::copy_nonoverlapping(
                bytes.as_ptr().add(s as usize),
                base.add(d as usize),
                n as usize,
            )
        };
        Ok(())
    }

    /// `data.drop`.
    #[inline(never)]
    pub(super) fn data_drop(&mut self, data: u32) {
        let instance = self.instance;
        let inner = self.inner_mut();
        let seg = inner.instances[instance.index()].datas[data as usize];
        inner.datas[seg.index()].drop_bytes();
    }
}

impl<const FUEL: bool, const EPOCH: bool, const ACC: bool> Exec<'_, '_, FUEL, EPOCH, ACC> {
    /// `memory.size` of memory `mem`, in its pages.
    #[inline(always)]
    pub fn memory_size(&self, mem: u32) -> u32 {
        self.ctx.memory_size(mem)
    }

    /// `memory.grow` of memory `mem`: the old size in its pages, or `u32::MAX` (-1) when it
    /// cannot grow. Memory 0's base and length are reloaded (growing may move it).
    #[inline(always)]
    pub fn memory_grow(&mut self, mem: u32, delta: u32) -> Result<u32, Exit> {
        let result = self.ctx.memory_grow(mem, delta);
        (self.mem_base, self.mem_len) = self.ctx.memory();
        result
    }

    /// Loads a value from memory `mem` (not memory 0) at `addr + offset`, trapping when out of
    /// bounds.
    #[inline(always)]
    pub fn load_mem<M: MemValue>(&mut self, mem: u32, addr: Slot, offset: u32) -> Result<M, Exit> {
        let ea = u64::from(self.get::<u32>(addr)) + u64::from(offset);
        let (base, len) = self.ctx.memory_at(mem);
        if ea + M::SIZE as u64 > len as u64 {
            return Err(self.trap(TrapCode::MemoryOutOfBounds));
        }
        if mem & SHARED_MEMORY != 0 {
            // SAFETY: `ea + SIZE <= len`, within the shared memory's accessible bytes, which
            // never move or shrink; every access to them is atomic.
            return Ok(unsafe { shared_read::<M>(base.add(ea as usize)) });
        }
        // SAFETY: `ea + SIZE <= len`, and `base` is valid for `len` bytes: the memory was just
        // looked up and nothing runs in between.
        Ok(unsafe { M::read(base.add(ea as usize)) })
    }

    /// Stores a value to memory `mem` (not memory 0) at `addr + offset`, trapping when out of
    /// bounds.
    #[inline(always)]
    pub fn store_mem<M: MemValue>(
        &mut self,
        mem: u32,
        addr: Slot,
        offset: u32,
        v: M,
    ) -> Result<(), Exit> {
        let ea = u64::from(self.get::<u32>(addr)) + u64::from(offset);
        let (base, len) = self.ctx.memory_at(mem);
        if ea + M::SIZE as u64 > len as u64 {
            return Err(self.trap(TrapCode::MemoryOutOfBounds));
        }
        if mem & SHARED_MEMORY != 0 {
            // SAFETY: as in `load_mem`.
            unsafe { shared_write::<M>(base.add(ea as usize), v) };
            return Ok(());
        }
        // SAFETY: as in `load_mem`.
        unsafe { M::write(base.add(ea as usize), v) };
        Ok(())
    }

    /// `memory.fill(dst, value, len)` on memory `mem`.
    #[inline(always)]
    pub fn memory_fill_mem(
        &mut self,
        mem: u32,
        dst: Slot,
        value: Slot,
        len: Slot,
    ) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let v = self.get::<u32>(value) as u8;
        let n = u64::from(self.get::<u32>(len));
        let (base, size) = self.ctx.memory_at(mem);
        fill(base, size, mem & SHARED_MEMORY != 0, d, v, n)
    }

    /// `memory.copy(dst, src, len)` from memory `src_mem` to memory `dst_mem`.
    #[inline(always)]
    pub fn memory_copy_mem(
        &mut self,
        dst_mem: u32,
        src_mem: u32,
        dst: Slot,
        src: Slot,
        len: Slot,
    ) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let s = u64::from(self.get::<u32>(src));
        let n = u64::from(self.get::<u32>(len));
        let (dst_base, dst_size) = self.ctx.memory_at(dst_mem);
        let (src_base, src_size) = self.ctx.memory_at(src_mem);
        let shared = (dst_mem | src_mem) & SHARED_MEMORY != 0;
        copy_between(shared, dst_base, dst_size, src_base, src_size, d, s, n)
    }

    /// `memory.init(data)(dst, src, len)` into memory `mem`.
    #[inline(always)]
    pub fn memory_init_mem(
        &mut self,
        mem: u32,
        data: u32,
        dst: Slot,
        src: Slot,
        len: Slot,
    ) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let s = u64::from(self.get::<u32>(src));
        let n = u64::from(self.get::<u32>(len));
        let (base, size) = self.ctx.memory_at(mem);
        self.ctx
            .memory_init(base, size, mem & SHARED_MEMORY != 0, data, d, s, n)
    }

    /// `memory.fill(dst, value, len)`.
    #[inline(always)]
    pub fn memory_fill(&mut self, dst: Slot, value: Slot, len: Slot) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let v = self.get::<u32>(value) as u8;
        let n = u64::from(self.get::<u32>(len));
        fill(self.mem_base, self.mem_len, false, d, v, n)
    }

    /// `memory.copy(dst, src, len)`.
    #[inline(always)]
    pub fn memory_copy(&mut self, dst: Slot, src: Slot, len: Slot) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let s = u64::from(self.get::<u32>(src));
        let n = u64::from(self.get::<u32>(len));
        copy_between(
            false,
            self.mem_base,
            self.mem_len,
            self.mem_base,
            self.mem_len,
            d,
            s,
            n,
        )
    }

    /// `memory.init(data)(dst, src, len)`.
    #[inline(always)]
    pub fn memory_init(&mut self, data: u32, dst: Slot, src: Slot, len: Slot) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let s = u64::from(self.get::<u32>(src));
        let n = u64::from(self.get::<u32>(len));
        self.ctx
            .memory_init(self.mem_base, self.mem_len, false, data, d, s, n)
    }

    /// `data.drop(data)`.
    #[inline(always)]
    pub fn data_drop(&mut self, data: u32) {
        self.ctx.data_drop(data);
    }
}
