//! Translation of the threads proposal's operators to the seven atomic IR instructions: the
//! operator's access width (and read-modify-write operation) becomes an immediate, and the
//! memory field carries the memory's index (with `SHARED_MEMORY` for a shared one), since the
//! interpreter looks the memory up for every atomic access, memory 0 included.

use super::{Operands, Translator};
use crate::error::CompileError;
use crate::ir::Instr;
use crate::runtime::racy::RmwOp;
use crate::value::ValType::{self, I32, I64};
use wasmparser::{MemArg, Operator};

/// An atomic operator's shape, with its access width as log2 of its bytes.
enum Atomic {
    Load(u8),
    Store(u8),
    Rmw(u8, RmwOp),
    Cmpxchg(u8),
    Wait(u8),
    Notify,
}

/// What `op` does, its memory argument and its value type; `None` for a non-atomic operator
/// or `atomic.fence`.
fn classify<'a>(op: &'a Operator<'_>) -> Option<(Atomic, &'a MemArg, ValType)> {
    use Atomic::*;
    use Operator as O;
    use RmwOp::{Add, And, Or, Sub, Xchg, Xor};
    Some(match op {
        O::I32AtomicLoad { memarg } => (Load(2), memarg, I32),
        O::I32AtomicLoad8U { memarg } => (Load(0), memarg, I32),
        O::I32AtomicLoad16U { memarg } => (Load(1), memarg, I32),
        O::I64AtomicLoad { memarg } => (Load(3), memarg, I64),
        O::I64AtomicLoad8U { memarg } => (Load(0), memarg, I64),
        O::I64AtomicLoad16U { memarg } => (Load(1), memarg, I64),
        O::I64AtomicLoad32U { memarg } => (Load(2), memarg, I64),

        O::I32AtomicStore { memarg } => (Store(2), memarg, I32),
        O::I32AtomicStore8 { memarg } => (Store(0), memarg, I32),
        O::I32AtomicStore16 { memarg } => (Store(1), memarg, I32),
        O::I64AtomicStore { memarg } => (Store(3), memarg, I64),
        O::I64AtomicStore8 { memarg } => (Store(0), memarg, I64),
        O::I64AtomicStore16 { memarg } => (Store(1), memarg, I64),
        O::I64AtomicStore32 { memarg } => (Store(2), memarg, I64),

        O::I32AtomicRmwAdd { memarg } => (Rmw(2, Add), memarg, I32),
        O::I32AtomicRmw8AddU { memarg } => (Rmw(0, Add), memarg, I32),
        O::I32AtomicRmw16AddU { memarg } => (Rmw(1, Add), memarg, I32),
        O::I64AtomicRmwAdd { memarg } => (Rmw(3, Add), memarg, I64),
        O::I64AtomicRmw8AddU { memarg } => (Rmw(0, Add), memarg, I64),
        O::I64AtomicRmw16AddU { memarg } => (Rmw(1, Add), memarg, I64),
        O::I64AtomicRmw32AddU { memarg } => (Rmw(2, Add), memarg, I64),

        O::I32AtomicRmwSub { memarg } => (Rmw(2, Sub), memarg, I32),
        O::I32AtomicRmw8SubU { memarg } => (Rmw(0, Sub), memarg, I32),
        O::I32AtomicRmw16SubU { memarg } => (Rmw(1, Sub), memarg, I32),
        O::I64AtomicRmwSub { memarg } => (Rmw(3, Sub), memarg, I64),
        O::I64AtomicRmw8SubU { memarg } => (Rmw(0, Sub), memarg, I64),
        O::I64AtomicRmw16SubU { memarg } => (Rmw(1, Sub), memarg, I64),
        O::I64AtomicRmw32SubU { memarg } => (Rmw(2, Sub), memarg, I64),

        O::I32AtomicRmwAnd { memarg } => (Rmw(2, And), memarg, I32),
        O::I32AtomicRmw8AndU { memarg } => (Rmw(0, And), memarg, I32),
        O::I32AtomicRmw16AndU { memarg } => (Rmw(1, And), memarg, I32),
        O::I64AtomicRmwAnd { memarg } => (Rmw(3, And), memarg, I64),
        O::I64AtomicRmw8AndU { memarg } => (Rmw(0, And), memarg, I64),
        O::I64AtomicRmw16AndU { memarg } => (Rmw(1, And), memarg, I64),
        O::I64AtomicRmw32AndU { memarg } => (Rmw(2, And), memarg, I64),

        O::I32AtomicRmwOr { memarg } => (Rmw(2, Or), memarg, I32),
        O::I32AtomicRmw8OrU { memarg } => (Rmw(0, Or), memarg, I32),
        O::I32AtomicRmw16OrU { memarg } => (Rmw(1, Or), memarg, I32),
        O::I64AtomicRmwOr { memarg } => (Rmw(3, Or), memarg, I64),
        O::I64AtomicRmw8OrU { memarg } => (Rmw(0, Or), memarg, I64),
        O::I64AtomicRmw16OrU { memarg } => (Rmw(1, Or), memarg, I64),
        O::I64AtomicRmw32OrU { memarg } => (Rmw(2, Or), memarg, I64),

        O::I32AtomicRmwXor { memarg } => (Rmw(2, Xor), memarg, I32),
        O::I32AtomicRmw8XorU { memarg } => (Rmw(0, Xor), memarg, I32),
        O::I32AtomicRmw16XorU { memarg } => (Rmw(1, Xor), memarg, I32),
        O::I64AtomicRmwXor { memarg } => (Rmw(3, Xor), memarg, I64),
        O::I64AtomicRmw8XorU { memarg } => (Rmw(0, Xor), memarg, I64),
        O::I64AtomicRmw16XorU { memarg } => (Rmw(1, Xor), memarg, I64),
        O::I64AtomicRmw32XorU { memarg } => (Rmw(2, Xor), memarg, I64),

        O::I32AtomicRmwXchg { memarg } => (Rmw(2, Xchg), memarg, I32),
        O::I32AtomicRmw8XchgU { memarg } => (Rmw(0, Xchg), memarg, I32),
        O::I32AtomicRmw16XchgU { memarg } => (Rmw(1, Xchg), memarg, I32),
        O::I64AtomicRmwXchg { memarg } => (Rmw(3, Xchg), memarg, I64),
        O::I64AtomicRmw8XchgU { memarg } => (Rmw(0, Xchg), memarg, I64),
        O::I64AtomicRmw16XchgU { memarg } => (Rmw(1, Xchg), memarg, I64),
        O::I64AtomicRmw32XchgU { memarg } => (Rmw(2, Xchg), memarg, I64),

        O::I32AtomicRmwCmpxchg { memarg } => (Cmpxchg(2), memarg, I32),
        O::I32AtomicRmw8CmpxchgU { memarg } => (Cmpxchg(0), memarg, I32),
        O::I32AtomicRmw16CmpxchgU { memarg } => (Cmpxchg(1), memarg, I32),
        O::I64AtomicRmwCmpxchg { memarg } => (Cmpxchg(3), memarg, I64),
        O::I64AtomicRmw8CmpxchgU { memarg } => (Cmpxchg(0), memarg, I64),
        O::I64AtomicRmw16CmpxchgU { memarg } => (Cmpxchg(1), memarg, I64),
        O::I64AtomicRmw32CmpxchgU { memarg } => (Cmpxchg(2), memarg, I64),

        O::MemoryAtomicWait32 { memarg } => (Wait(2), memarg, I32),
        O::MemoryAtomicWait64 { memarg } => (Wait(3), memarg, I32),
        O::MemoryAtomicNotify { memarg } => (Notify, memarg, I32),
        _ => return None,
    })
}

impl Translator<'_> {
    /// Translates `op` if it is one of the threads proposal's operators (the validator has
    /// checked it); `false` for any other operator.
    pub(super) fn atomic(&mut self, op: &Operator<'_>) -> Result<bool, CompileError> {
        if let Operator::AtomicFence { .. } = op {
            self.emit(Instr::AtomicFence {}, Operands::Kept);
            return Ok(true);
        }
        let Some((kind, memarg, ty)) = classify(op) else {
            return Ok(false);
        };
        let (mem, offset) = self.mem_offset(memarg)?;
        // The operands under the address: 0 for a load, 1 for a store, a read-modify-write
        // and notify, 2 for compare-exchange and wait.
        let values = match kind {
            Atomic::Load(_) => 0,
            Atomic::Store(_) | Atomic::Rmw(..) | Atomic::Notify => 1,
            Atomic::Cmpxchg(_) | Atomic::Wait(_) => 2,
        };
        let a = self.index_from_top(values)?;
        let (addr, offset) = self.address(a, offset);
        let mut operands = [crate::ir::Slot(0); 2];
        for (k, slot) in operands.iter_mut().take(values).enumerate() {
            let idx = self.index_from_top(values - 1 - k)?;
            *slot = self.read_slot(idx);
        }
        let [first, second] = operands;
        let dst = self.temp_slot(a);
        self.pop_n(values + 1)?;
        let instr = match kind {
            Atomic::Load(width) => Instr::AtomicLoad {
                dst,
                addr,
                offset,
                mem,
                width,
            },
            Atomic::Store(width) => {
                let instr = Instr::AtomicStore {
                    addr,
                    offset,
                    value: first,
                    mem,
                    width,
                };
                self.emit(instr, Operands::Popped);
                return Ok(true);
            }
            Atomic::Rmw(width, op) => Instr::AtomicRmw {
                dst,
                addr,
                offset,
                value: first,
                mem,
                op: (op as u8) << 2 | width,
            },
            Atomic::Cmpxchg(width) => Instr::AtomicCmpxchg {
                dst,
                addr,
                offset,
                expected: first,
                replacement: second,
                mem,
                width,
            },
            Atomic::Wait(width) => Instr::MemoryAtomicWait {
                dst,
                addr,
                offset,
                expected: first,
                timeout: second,
                mem,
                width,
            },
            Atomic::Notify => Instr::MemoryAtomicNotify {
                dst,
                addr,
                offset,
                count: first,
                mem,
            },
        };
        self.emit_result(instr, ty, None);
        Ok(true)
    }
}
