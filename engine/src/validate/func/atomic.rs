//! The typing rules of the threads proposal's operators: atomic loads, stores,
//! read-modify-write and compare-exchange, `memory.atomic.wait32/64`, `memory.atomic.notify`
//! and `atomic.fence`.
//!
//! An atomic access must be aligned exactly to its width (`align` equal to the natural
//! alignment, not at most it as for plain accesses); wasmparser reads the memory argument with
//! that width as `max_align`. Atomics are valid on unshared memories too (they then behave as
//! plain accesses, and `wait` traps), so nothing here looks at the memory's `shared` flag.

use super::{FuncValidator, I32, I64};
use crate::error::CompileError;
use wasmparser::{MemArg, Operator};

/// What an atomic operator does with its operands, by shape.
#[derive(Clone, Copy)]
enum Shape {
    /// `[i32] -> [t]`
    Load,
    /// `[i32 t] -> []`
    Store,
    /// `[i32 t] -> [t]`
    Rmw,
    /// `[i32 t t] -> [t]`
    Cmpxchg,
    /// `[i32 t i64] -> [i32]` (`t` the expected value's type)
    Wait,
    /// `[i32 i32] -> [i32]`
    Notify,
}

impl FuncValidator<'_> {
    /// The rule of an atomic operator; an "unsupported feature" error for any other operator
    /// the main `match` and the SIMD rules did not handle, or for an atomic operator with the
    /// threads proposal off.
    #[inline(never)]
    pub(super) fn visit_atomic_operator(
        &mut self,
        op: &Operator<'_>,
        offset: usize,
    ) -> Result<(), CompileError> {
        use Operator as O;
        let (memarg, ty, shape) = match op {
            O::AtomicFence { .. } => {
                self.require(self.module.features.threads, op, offset)?;
                return Ok(());
            }
            O::MemoryAtomicNotify { memarg } => (memarg, I32, Shape::Notify),
            O::MemoryAtomicWait32 { memarg } => (memarg, I32, Shape::Wait),
            O::MemoryAtomicWait64 { memarg } => (memarg, I64, Shape::Wait),

            O::I32AtomicLoad { memarg }
            | O::I32AtomicLoad8U { memarg }
            | O::I32AtomicLoad16U { memarg } => (memarg, I32, Shape::Load),
            O::I64AtomicLoad { memarg }
            | O::I64AtomicLoad8U { memarg }
            | O::I64AtomicLoad16U { memarg }
            | O::I64AtomicLoad32U { memarg } => (memarg, I64, Shape::Load),

            O::I32AtomicStore { memarg }
            | O::I32AtomicStore8 { memarg }
            | O::I32AtomicStore16 { memarg } => (memarg, I32, Shape::Store),
            O::I64AtomicStore { memarg }
            | O::I64AtomicStore8 { memarg }
            | O::I64AtomicStore16 { memarg }
            | O::I64AtomicStore32 { memarg } => (memarg, I64, Shape::Store),

            O::I32AtomicRmwAdd { memarg }
            | O::I32AtomicRmw8AddU { memarg }
            | O::I32AtomicRmw16AddU { memarg }
            | O::I32AtomicRmwSub { memarg }
            | O::I32AtomicRmw8SubU { memarg }
            | O::I32AtomicRmw16SubU { memarg }
            | O::I32AtomicRmwAnd { memarg }
            | O::I32AtomicRmw8AndU { memarg }
            | O::I32AtomicRmw16AndU { memarg }
            | O::I32AtomicRmwOr { memarg }
            | O::I32AtomicRmw8OrU { memarg }
            | O::I32AtomicRmw16OrU { memarg }
            | O::I32AtomicRmwXor { memarg }
            | O::I32AtomicRmw8XorU { memarg }
            | O::I32AtomicRmw16XorU { memarg }
            | O::I32AtomicRmwXchg { memarg }
            | O::I32AtomicRmw8XchgU { memarg }
            | O::I32AtomicRmw16XchgU { memarg } => (memarg, I32, Shape::Rmw),
            O::I64AtomicRmwAdd { memarg }
            | O::I64AtomicRmw8AddU { memarg }
            | O::I64AtomicRmw16AddU { memarg }
            | O::I64AtomicRmw32AddU { memarg }
            | O::I64AtomicRmwSub { memarg }
            | O::I64AtomicRmw8SubU { memarg }
            | O::I64AtomicRmw16SubU { memarg }
            | O::I64AtomicRmw32SubU { memarg }
            | O::I64AtomicRmwAnd { memarg }
            | O::I64AtomicRmw8AndU { memarg }
            | O::I64AtomicRmw16AndU { memarg }
            | O::I64AtomicRmw32AndU { memarg }
            | O::I64AtomicRmwOr { memarg }
            | O::I64AtomicRmw8OrU { memarg }
            | O::I64AtomicRmw16OrU { memarg }
            | O::I64AtomicRmw32OrU { memarg }
            | O::I64AtomicRmwXor { memarg }
            | O::I64AtomicRmw8XorU { memarg }
            | O::I64AtomicRmw16XorU { memarg }
            | O::I64AtomicRmw32XorU { memarg }
            | O::I64AtomicRmwXchg { memarg }
            | O::I64AtomicRmw8XchgU { memarg }
            | O::I64AtomicRmw16XchgU { memarg }
            | O::I64AtomicRmw32XchgU { memarg } => (memarg, I64, Shape::Rmw),

            O::I32AtomicRmwCmpxchg { memarg }
            | O::I32AtomicRmw8CmpxchgU { memarg }
            | O::I32AtomicRmw16CmpxchgU { memarg } => (memarg, I32, Shape::Cmpxchg),
            O::I64AtomicRmwCmpxchg { memarg }
            | O::I64AtomicRmw8CmpxchgU { memarg }
            | O::I64AtomicRmw16CmpxchgU { memarg }
            | O::I64AtomicRmw32CmpxchgU { memarg } => (memarg, I64, Shape::Cmpxchg),

            other => return Err(super::unsupported_operator(other, offset)),
        };
        self.require(self.module.features.threads, op, offset)?;
        self.atomic_memarg(memarg, offset)?;
        match shape {
            Shape::Load => self.unary(I32, ty, offset),
            Shape::Store => self.pop_vals(&[I32, ty], offset),
            Shape::Rmw => {
                self.pop_vals(&[I32, ty], offset)?;
                self.operands.push(ty);
                Ok(())
            }
            Shape::Cmpxchg => {
                self.pop_vals(&[I32, ty, ty], offset)?;
                self.operands.push(ty);
                Ok(())
            }
            Shape::Wait => {
                self.pop_vals(&[I32, ty, I64], offset)?;
                self.operands.push(I32);
                Ok(())
            }
            Shape::Notify => self.binary(I32, I32, offset),
        }
    }

    /// A plain access's memory-argument rules, and an alignment exactly the access's width
    /// (a smaller or a larger one is the same error, after the memory's own rules).
    fn atomic_memarg(&self, memarg: &MemArg, offset: usize) -> Result<(), CompileError> {
        if memarg.align != memarg.max_align {
            let natural = MemArg {
                align: memarg.max_align,
                ..*memarg
            };
            self.memarg(&natural, offset)?;
            return Err(CompileError::invalid(
                format!(
                    "alignment must be equal to natural: 2^{} for a {}-byte atomic access",
                    memarg.align,
                    1u32 << memarg.max_align
                ),
                Some(offset),
            ));
        }
        self.memarg(memarg, offset)
    }
}
