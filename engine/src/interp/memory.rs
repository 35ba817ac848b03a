//! Memory instructions beyond loads and stores: `memory.size`, `memory.grow` (which consults the
//! embedder's limiter through the store) and the bulk operations `memory.fill`, `memory.copy`,
//! `memory.init`, `data.drop`. Every range is checked in full before any byte moves.

use crate::error::TrapCode;
use crate::interp::executor::{Ctx, Exec, Exit, trap_exit};
use crate::ir::Slot;
use crate::runtime::memory::PAGE_SIZE;

/// Whether `start..start + len` lies within `size`.
#[inline(always)]
pub(crate) fn in_bounds(start: u64, len: u64, size: u64) -> bool {
    start.checked_add(len).is_some_and(|end| end <= size)
}

/// `memory.fill` on memory `base`/`size`.
#[inline(never)]
fn fill(base: *mut u8, size: usize, d: u64, v: u8, n: u64) -> Result<(), Exit> {
    if !in_bounds(d, n, size as u64) {
        return Err(trap_exit(TrapCode::MemoryOutOfBounds));
    }
    // SAFETY: `d..d + n` is within the memory's `size` accessible bytes.
    unsafe { std::ptr::write_bytes(base.add(d as usize), v, n as usize) };
    Ok(())
}

/// `memory.copy` on memory `base`/`size` (ranges may overlap).
#[inline(never)]
fn copy(base: *mut u8, size: usize, d: u64, s: u64, n: u64) -> Result<(), Exit> {
    if !in_bounds(d, n, size as u64) || !in_bounds(s, n, size as u64) {
        return Err(trap_exit(TrapCode::MemoryOutOfBounds));
    }
    // SAFETY: both ranges are within the memory; `copy` allows overlap.
    unsafe { std::ptr::copy(base.add(s as usize), base.add(d as usize), n as usize) };
    Ok(())
}

impl Ctx<'_> {
    /// `memory.grow` of the current instance's memory 0: the old size in pages or -1.
    #[inline(never)]
    fn memory_grow(&mut self, delta: u32) -> Result<u32, Exit> {
        let Some(&mem) = self.inner().instances[self.instance.index()]
            .memories
            .first()
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
    /// `base`/`size`.
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn memory_init(
        &mut self,
        base: *mut u8,
        size: usize,
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
    fn data_drop(&mut self, data: u32) {
        let instance = self.instance;
        let inner = self.inner_mut();
        let seg = inner.instances[instance.index()].datas[data as usize];
        inner.datas[seg.index()].drop_bytes();
    }
}

impl<const FUEL: bool, const EPOCH: bool, const ACC: bool> Exec<'_, '_, FUEL, EPOCH, ACC> {
    /// `memory.size` in pages.
    #[inline(always)]
    pub fn memory_size(&self) -> u32 {
        (self.mem_len / PAGE_SIZE) as u32
    }

    /// `memory.grow`: the old size in pages, or `u32::MAX` (-1) when it cannot grow.
    #[inline(always)]
    pub fn memory_grow(&mut self, delta: u32) -> Result<u32, Exit> {
        let result = self.ctx.memory_grow(delta);
        (self.mem_base, self.mem_len) = self.ctx.memory();
        result
    }

    /// `memory.fill(dst, value, len)`.
    #[inline(always)]
    pub fn memory_fill(&mut self, dst: Slot, value: Slot, len: Slot) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let v = self.get::<u32>(value) as u8;
        let n = u64::from(self.get::<u32>(len));
        fill(self.mem_base, self.mem_len, d, v, n)
    }

    /// `memory.copy(dst, src, len)`.
    #[inline(always)]
    pub fn memory_copy(&mut self, dst: Slot, src: Slot, len: Slot) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let s = u64::from(self.get::<u32>(src));
        let n = u64::from(self.get::<u32>(len));
        copy(self.mem_base, self.mem_len, d, s, n)
    }

    /// `memory.init(data)(dst, src, len)`.
    #[inline(always)]
    pub fn memory_init(&mut self, data: u32, dst: Slot, src: Slot, len: Slot) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let s = u64::from(self.get::<u32>(src));
        let n = u64::from(self.get::<u32>(len));
        self.ctx
            .memory_init(self.mem_base, self.mem_len, data, d, s, n)
    }

    /// `data.drop(data)`.
    #[inline(always)]
    pub fn data_drop(&mut self, data: u32) {
        self.ctx.data_drop(data);
    }
}
