//! The threads proposal's instructions: atomic loads, stores, read-modify-writes and
//! compare-exchanges, `memory.atomic.wait32/64`, `memory.atomic.notify` and `atomic.fence`.
//!
//! Seven IR instructions stand for the proposal's 67 operators: the width (and, for
//! read-modify-writes, the operation) is an immediate, since a cell holds an i32 zero-extended
//! and `i32.atomic.rmw8.add_u` does what `i64.atomic.rmw8.add_u` does. Each instruction's body
//! reads its operands, checks the address and calls one `#[inline(never)]` worker here, so the
//! handlers stay small.
//!
//! Atomics work on any memory, shared or not (the memory is looked up each time, whatever its
//! index). An access traps `UnalignedAtomic` unless its address is a multiple of its size, then
//! `MemoryOutOfBounds` past the end, in that order (as wasmtime). The operations are
//! `runtime::racy`'s sequentially consistent atomics. `wait` on an unshared memory traps (no
//! other thread could wake it); `notify` there wakes nobody.

use std::sync::atomic::{Ordering, fence};
use std::time::{Duration, Instant};

use crate::error::TrapCode;
use crate::interp::executor::{Ctx, Exec, Exit, trap_exit};
use crate::ir::Slot;
use crate::runtime::parking_spot::WaitResult;
use crate::runtime::racy::{self, RmwOp};

/// The address `ea` of memory `mem` for an access of `1 << width` bytes, checked for alignment
/// and then bounds.
#[inline(always)]
fn atomic_ptr(ctx: &Ctx<'_>, mem: u32, ea: u64, width: u8) -> Result<*mut u8, Exit> {
    let size = 1u64 << width;
    if ea & (size - 1) != 0 {
        return Err(trap_exit(TrapCode::UnalignedAtomic));
    }
    let (base, len) = ctx.memory_at(mem);
    if ea + size > len as u64 {
        return Err(trap_exit(TrapCode::MemoryOutOfBounds));
    }
    // SAFETY: `ea + size <= len`: within the memory's accessible bytes.
    Ok(unsafe { base.add(ea as usize) })
}

// The workers take a checked pointer and return the value in a register: a worker returning
// `Result<u64, Exit>` (three scalars) would return it through a stack slot, whose address
// escaping keeps the threaded handler from tail-calling the next one.

#[inline(never)]
fn load(p: *mut u8, width: u8) -> u64 {
    // SAFETY: `p` was checked by `atomic_ptr` (aligned, in bounds); every access that may race
    // with it is atomic (a shared memory's bytes are only reached through `racy`; an unshared
    // one's only by this thread).
    unsafe { racy::atomic_load(p, width) }
}

#[inline(never)]
fn store(p: *mut u8, width: u8, v: u64) {
    // SAFETY: as in `load`.
    unsafe { racy::atomic_store(p, width, v) }
}

#[inline(never)]
fn rmw(p: *mut u8, op: u8, v: u64) -> u64 {
    let Some(rmw_op) = RmwOp::from_u8(op >> 2) else {
        unreachable!("the translator encodes only valid operations");
    };
    // SAFETY: as in `load`.
    unsafe { racy::atomic_rmw(p, op & 3, rmw_op, v) }
}

#[inline(never)]
fn cmpxchg(p: *mut u8, width: u8, expected: u64, replacement: u64) -> u64 {
    // SAFETY: as in `load`.
    unsafe { racy::atomic_cmpxchg(p, width, expected, replacement) }
}

#[inline(never)]
fn notify(ctx: &Ctx<'_>, mem: u32, ea: u64, count: u32) -> u32 {
    match ctx.memory_entity(mem).shared() {
        Some(shared) => shared.spot.notify(ea, count),
        None => 0,
    }
}

/// `memory.atomic.wait32/64`; `epoch`: whether the engine interrupts by epoch (a waiting
/// thread then stops with `Interrupted` once the store's deadline passes).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn wait(
    ctx: &Ctx<'_>,
    mem: u32,
    p: *mut u8,
    ea: u64,
    width: u8,
    expected: u64,
    timeout: i64,
    epoch: bool,
) -> Result<u32, Exit> {
    let Some(shared) = ctx.memory_entity(mem).shared() else {
        return Err(trap_exit(TrapCode::AtomicWaitOnUnsharedMemory));
    };
    let expected = if width == 2 {
        expected & u64::from(u32::MAX)
    } else {
        expected
    };
    // A negative timeout waits for ever, as does one too far away to represent.
    let deadline = u64::try_from(timeout)
        .ok()
        .and_then(|ns| Instant::now().checked_add(Duration::from_nanos(ns)));
    let result = shared.spot.wait(
        ea,
        // SAFETY: as in `load` (the memory never moves, and outlives this call).
        || unsafe { racy::atomic_load(p, width) } == expected,
        deadline,
        || epoch && ctx.epoch.load(Ordering::Relaxed) >= ctx.epoch_deadline,
    );
    match result {
        WaitResult::Woken => Ok(0),
        WaitResult::Mismatch => Ok(1),
        WaitResult::TimedOut => Ok(2),
        WaitResult::Interrupted => Err(trap_exit(TrapCode::Interrupted)),
    }
}

/// `memory.atomic.notify` on memory 0 at effective address `ea`, for compiled code
/// (`EngineOp::AtomicNotify`): checked as the interpreter checks it.
#[cfg(kestrel_jit)]
pub(crate) fn notify_for_native(ctx: &Ctx<'_>, ea: u64, count: u32) -> Result<u64, Exit> {
    atomic_ptr(ctx, 0, ea, 2)?;
    Ok(u64::from(notify(ctx, 0, ea, count)))
}

/// `memory.atomic.wait32/64` (`width` 2 or 3) on memory 0 at effective address `ea`, for
/// compiled code (`EngineOp::AtomicWait`).
#[cfg(kestrel_jit)]
pub(crate) fn wait_for_native(
    ctx: &Ctx<'_>,
    ea: u64,
    width: u8,
    expected: u64,
    timeout: i64,
    epoch: bool,
) -> Result<u64, Exit> {
    let p = atomic_ptr(ctx, 0, ea, width)?;
    wait(ctx, 0, p, ea, width, expected, timeout, epoch).map(u64::from)
}

impl<const FUEL: bool, const EPOCH: bool, const ACC: bool> Exec<'_, '_, FUEL, EPOCH, ACC> {
    /// The effective address `addr + offset` (33 bits).
    #[inline(always)]
    fn effective(&self, addr: Slot, offset: u32) -> u64 {
        u64::from(self.get::<u32>(addr)) + u64::from(offset)
    }

    /// Atomic load of `1 << width` bytes, zero-extended.
    #[inline(always)]
    pub fn atomic_load(
        &mut self,
        mem: u32,
        addr: Slot,
        offset: u32,
        width: u8,
    ) -> Result<u64, Exit> {
        let p = atomic_ptr(self.ctx, mem, self.effective(addr, offset), width)?;
        Ok(load(p, width))
    }

    /// Atomic store of `v`'s low `1 << width` bytes.
    #[inline(always)]
    pub fn atomic_store(
        &mut self,
        mem: u32,
        addr: Slot,
        offset: u32,
        width: u8,
        v: u64,
    ) -> Result<(), Exit> {
        let p = atomic_ptr(self.ctx, mem, self.effective(addr, offset), width)?;
        store(p, width, v);
        Ok(())
    }

    /// Atomic read-modify-write (`op`: the operation shifted left by 2, or'd with the width);
    /// the old value.
    #[inline(always)]
    pub fn atomic_rmw(
        &mut self,
        mem: u32,
        addr: Slot,
        offset: u32,
        op: u8,
        v: u64,
    ) -> Result<u64, Exit> {
        let p = atomic_ptr(self.ctx, mem, self.effective(addr, offset), op & 3)?;
        Ok(rmw(p, op, v))
    }

    /// Atomic compare-exchange; the old value.
    #[inline(always)]
    pub fn atomic_cmpxchg(
        &mut self,
        mem: u32,
        addr: Slot,
        offset: u32,
        width: u8,
        expected: u64,
        replacement: u64,
    ) -> Result<u64, Exit> {
        let p = atomic_ptr(self.ctx, mem, self.effective(addr, offset), width)?;
        Ok(cmpxchg(p, width, expected, replacement))
    }

    /// `memory.atomic.notify`: how many waiters were woken.
    #[inline(always)]
    pub fn atomic_notify(
        &mut self,
        mem: u32,
        addr: Slot,
        offset: u32,
        count: u32,
    ) -> Result<u32, Exit> {
        let ea = self.effective(addr, offset);
        atomic_ptr(self.ctx, mem, ea, 2)?;
        Ok(notify(self.ctx, mem, ea, count))
    }

    /// `memory.atomic.wait32/64`: 0 woken, 1 not equal, 2 timed out.
    #[inline(always)]
    pub fn atomic_wait(
        &mut self,
        mem: u32,
        addr: Slot,
        offset: u32,
        width: u8,
        expected: u64,
        timeout: i64,
    ) -> Result<u32, Exit> {
        let ea = self.effective(addr, offset);
        let p = atomic_ptr(self.ctx, mem, ea, width)?;
        wait(self.ctx, mem, p, ea, width, expected, timeout, EPOCH)
    }

    /// `atomic.fence`.
    #[inline(always)]
    pub fn atomic_fence(&mut self) {
        fence(Ordering::SeqCst);
    }
}
