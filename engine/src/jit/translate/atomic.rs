//! The threads proposal's operators on memory 0: atomic loads, stores, read-modify-writes and
//! compare-exchanges (Cranelift's sequentially consistent atomics, the same machine
//! operations the interpreter's `runtime::racy` uses, so compiled and interpreted threads
//! may share a memory), `atomic.fence`, and `memory.atomic.wait32/64`/`notify` (calls into
//! the engine, which parks threads in the memory's parking spot).
//!
//! Every access is checked explicitly, guard pages or not: first that its effective address
//! is a multiple of its size (`UnalignedAtomic`), then that it is in bounds, in that order,
//! as the interpreter and wasmtime check them.

use super::{FuncTranslator, Unsupported};
use crate::error::TrapCode;
use crate::jit::vmctx::EngineOp;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{AtomicRmwOp, InstBuilder, Type, Value, types};
use types::{I8, I16, I32, I64};
use wasmparser::{MemArg, Operator};

/// What an atomic operator does.
#[derive(Clone, Copy)]
enum Access {
    Load,
    Store,
    Rmw(AtomicRmwOp),
    Cmpxchg,
}

/// An atomic access: its memory argument, its wasm type, how many bytes it touches, and what
/// it does.
fn access(op: &Operator<'_>) -> Option<(MemArg, Type, Type, Access)> {
    use AtomicRmwOp::{Add, And, Or, Sub, Xchg, Xor};
    use Operator as O;
    let rmw = Access::Rmw;
    Some(match *op {
        O::I32AtomicLoad { memarg } => (memarg, I32, I32, Access::Load),
        O::I32AtomicLoad8U { memarg } => (memarg, I32, I8, Access::Load),
        O::I32AtomicLoad16U { memarg } => (memarg, I32, I16, Access::Load),
        O::I64AtomicLoad { memarg } => (memarg, I64, I64, Access::Load),
        O::I64AtomicLoad8U { memarg } => (memarg, I64, I8, Access::Load),
        O::I64AtomicLoad16U { memarg } => (memarg, I64, I16, Access::Load),
        O::I64AtomicLoad32U { memarg } => (memarg, I64, I32, Access::Load),
        O::I32AtomicStore { memarg } => (memarg, I32, I32, Access::Store),
        O::I32AtomicStore8 { memarg } => (memarg, I32, I8, Access::Store),
        O::I32AtomicStore16 { memarg } => (memarg, I32, I16, Access::Store),
        O::I64AtomicStore { memarg } => (memarg, I64, I64, Access::Store),
        O::I64AtomicStore8 { memarg } => (memarg, I64, I8, Access::Store),
        O::I64AtomicStore16 { memarg } => (memarg, I64, I16, Access::Store),
        O::I64AtomicStore32 { memarg } => (memarg, I64, I32, Access::Store),
        O::I32AtomicRmwAdd { memarg } => (memarg, I32, I32, rmw(Add)),
        O::I32AtomicRmw8AddU { memarg } => (memarg, I32, I8, rmw(Add)),
        O::I32AtomicRmw16AddU { memarg } => (memarg, I32, I16, rmw(Add)),
        O::I64AtomicRmwAdd { memarg } => (memarg, I64, I64, rmw(Add)),
        O::I64AtomicRmw8AddU { memarg } => (memarg, I64, I8, rmw(Add)),
        O::I64AtomicRmw16AddU { memarg } => (memarg, I64, I16, rmw(Add)),
        O::I64AtomicRmw32AddU { memarg } => (memarg, I64, I32, rmw(Add)),
        O::I32AtomicRmwSub { memarg } => (memarg, I32, I32, rmw(Sub)),
        O::I32AtomicRmw8SubU { memarg } => (memarg, I32, I8, rmw(Sub)),
        O::I32AtomicRmw16SubU { memarg } => (memarg, I32, I16, rmw(Sub)),
        O::I64AtomicRmwSub { memarg } => (memarg, I64, I64, rmw(Sub)),
        O::I64AtomicRmw8SubU { memarg } => (memarg, I64, I8, rmw(Sub)),
        O::I64AtomicRmw16SubU { memarg } => (memarg, I64, I16, rmw(Sub)),
        O::I64AtomicRmw32SubU { memarg } => (memarg, I64, I32, rmw(Sub)),
        O::I32AtomicRmwAnd { memarg } => (memarg, I32, I32, rmw(And)),
        O::I32AtomicRmw8AndU { memarg } => (memarg, I32, I8, rmw(And)),
        O::I32AtomicRmw16AndU { memarg } => (memarg, I32, I16, rmw(And)),
        O::I64AtomicRmwAnd { memarg } => (memarg, I64, I64, rmw(And)),
        O::I64AtomicRmw8AndU { memarg } => (memarg, I64, I8, rmw(And)),
        O::I64AtomicRmw16AndU { memarg } => (memarg, I64, I16, rmw(And)),
        O::I64AtomicRmw32AndU { memarg } => (memarg, I64, I32, rmw(And)),
        O::I32AtomicRmwOr { memarg } => (memarg, I32, I32, rmw(Or)),
        O::I32AtomicRmw8OrU { memarg } => (memarg, I32, I8, rmw(Or)),
        O::I32AtomicRmw16OrU { memarg } => (memarg, I32, I16, rmw(Or)),
        O::I64AtomicRmwOr { memarg } => (memarg, I64, I64, rmw(Or)),
        O::I64AtomicRmw8OrU { memarg } => (memarg, I64, I8, rmw(Or)),
        O::I64AtomicRmw16OrU { memarg } => (memarg, I64, I16, rmw(Or)),
        O::I64AtomicRmw32OrU { memarg } => (memarg, I64, I32, rmw(Or)),
        O::I32AtomicRmwXor { memarg } => (memarg, I32, I32, rmw(Xor)),
        O::I32AtomicRmw8XorU { memarg } => (memarg, I32, I8, rmw(Xor)),
        O::I32AtomicRmw16XorU { memarg } => (memarg, I32, I16, rmw(Xor)),
        O::I64AtomicRmwXor { memarg } => (memarg, I64, I64, rmw(Xor)),
        O::I64AtomicRmw8XorU { memarg } => (memarg, I64, I8, rmw(Xor)),
        O::I64AtomicRmw16XorU { memarg } => (memarg, I64, I16, rmw(Xor)),
        O::I64AtomicRmw32XorU { memarg } => (memarg, I64, I32, rmw(Xor)),
        O::I32AtomicRmwXchg { memarg } => (memarg, I32, I32, rmw(Xchg)),
        O::I32AtomicRmw8XchgU { memarg } => (memarg, I32, I8, rmw(Xchg)),
        O::I32AtomicRmw16XchgU { memarg } => (memarg, I32, I16, rmw(Xchg)),
        O::I64AtomicRmwXchg { memarg } => (memarg, I64, I64, rmw(Xchg)),
        O::I64AtomicRmw8XchgU { memarg } => (memarg, I64, I8, rmw(Xchg)),
        O::I64AtomicRmw16XchgU { memarg } => (memarg, I64, I16, rmw(Xchg)),
        O::I64AtomicRmw32XchgU { memarg } => (memarg, I64, I32, rmw(Xchg)),
        O::I32AtomicRmwCmpxchg { memarg } => (memarg, I32, I32, Access::Cmpxchg),
        O::I32AtomicRmw8CmpxchgU { memarg } => (memarg, I32, I8, Access::Cmpxchg),
        O::I32AtomicRmw16CmpxchgU { memarg } => (memarg, I32, I16, Access::Cmpxchg),
        O::I64AtomicRmwCmpxchg { memarg } => (memarg, I64, I64, Access::Cmpxchg),
        O::I64AtomicRmw8CmpxchgU { memarg } => (memarg, I64, I8, Access::Cmpxchg),
        O::I64AtomicRmw16CmpxchgU { memarg } => (memarg, I64, I16, Access::Cmpxchg),
        O::I64AtomicRmw32CmpxchgU { memarg } => (memarg, I64, I32, Access::Cmpxchg),
        _ => return None,
    })
}

impl FuncTranslator<'_, '_> {
    /// The atomic operators, if `op` is one (`Ok(false)` otherwise).
    pub(super) fn visit_atomic(&mut self, op: &Operator<'_>) -> Result<bool, Unsupported> {
        use Operator as O;
        match *op {
            O::AtomicFence { .. } => {
                self.b.ins().fence();
            }
            O::MemoryAtomicNotify { memarg } => {
                self.atomic_memory(memarg)?;
                let ops = self.popn(2);
                let offset = self.small_offset(memarg)?;
                let v = self.engine_op(EngineOp::AtomicNotify, offset, 0, &ops);
                let v = self.b.ins().ireduce(I32, v);
                self.push(v);
            }
            O::MemoryAtomicWait32 { memarg } | O::MemoryAtomicWait64 { memarg } => {
                self.atomic_memory(memarg)?;
                let ops = self.popn(3);
                let offset = self.small_offset(memarg)?;
                let width = if matches!(op, O::MemoryAtomicWait32 { .. }) {
                    2
                } else {
                    3
                };
                let flags = width | if self.env.epoch { 256 } else { 0 };
                let v = self.engine_op(EngineOp::AtomicWait, offset, flags, &ops);
                let v = self.b.ins().ireduce(I32, v);
                self.push(v);
            }
            _ => {
                let Some((memarg, ty, narrow, what)) = access(op) else {
                    return Ok(false);
                };
                self.atomic_access(memarg, ty, narrow, what)?;
            }
        }
        Ok(true)
    }

    /// Refuses an atomic operator on a memory the tier does not reach.
    fn atomic_memory(&self, memarg: MemArg) -> Result<(), Unsupported> {
        self.memory_ok()?;
        if memarg.target != wasmparser::MemArgTarget::Memory(0) {
            return Err(Unsupported("memories other than 0".into()));
        }
        Ok(())
    }

    /// A 32-bit memory's static offset, as an engine operator's immediate.
    fn small_offset(&self, memarg: MemArg) -> Result<u32, Unsupported> {
        u32::try_from(memarg.offset).map_err(|_| Unsupported("a 64-bit memory offset".into()))
    }

    /// An atomic load, store, read-modify-write or compare-exchange of `narrow`'s width, on
    /// values of wasm type `ty` (narrow ones zero-extended).
    fn atomic_access(
        &mut self,
        memarg: MemArg,
        ty: Type,
        narrow: Type,
        what: Access,
    ) -> Result<(), Unsupported> {
        self.atomic_memory(memarg)?;
        let operands = match what {
            Access::Load => 0,
            Access::Store | Access::Rmw(_) => 1,
            Access::Cmpxchg => 2,
        };
        let mut values = self.popn(operands);
        for v in &mut values {
            if narrow != ty {
                *v = self.b.ins().ireduce(narrow, *v);
            }
        }
        let index = self.pop();
        let addr = self.atomic_address(index, memarg, u64::from(narrow.bytes()));
        let flags = self.heap_flags;
        let result = match what {
            Access::Load => Some(self.b.ins().atomic_load(narrow, flags, addr)),
            Access::Store => {
                self.b.ins().atomic_store(flags, values[0], addr);
                None
            }
            Access::Rmw(op) => Some(self.b.ins().atomic_rmw(narrow, flags, op, addr, values[0])),
            Access::Cmpxchg => Some(self.b.ins().atomic_cas(flags, addr, values[0], values[1])),
        };
        if let Some(v) = result {
            let v = if narrow != ty {
                self.b.ins().uextend(ty, v)
            } else {
                v
            };
            self.push(v);
        }
        Ok(())
    }

    /// The host address of an atomic access of `size` bytes at i32 address `index` plus
    /// `memarg`'s offset: traps `UnalignedAtomic` unless that is a multiple of `size`, then
    /// `MemoryOutOfBounds` unless the bytes are inside memory 0.
    fn atomic_address(&mut self, index: Value, memarg: MemArg, size: u64) -> Value {
        let index = self.b.ins().uextend(I64, index);
        // At most 2^32 - 1 + 2^32 - 1: no overflow in 64 bits.
        let ea = self.b.ins().iadd_imm_u(index, memarg.offset as i64);
        if size > 1 {
            let misaligned = self.b.ins().band_imm_u(ea, (size - 1) as i64);
            self.trap_if(misaligned, TrapCode::UnalignedAtomic);
        }
        let end = self.b.ins().iadd_imm_u(ea, size as i64);
        let len = self.memory_len();
        let out = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
        self.trap_if(out, TrapCode::MemoryOutOfBounds);
        let base = self.memory_base();
        self.b.ins().iadd(base, ea)
    }
}
