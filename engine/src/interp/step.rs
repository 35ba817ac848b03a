//! One instruction's work without its dispatch, as a type per instruction ([`steps`]) with a
//! [`Step`] impl generated from the instruction table ([`crate::ir::isa`]).
//!
//! Both dispatchers build on these: threaded dispatch makes its handlers and superinstructions
//! of them ([`super::threaded`]), and the `match` loop ([`super::executor`]) runs the v128
//! instructions through them out of line ([`step_out_of_line`]), which keeps its one big
//! function small enough to compile in reasonable time.

use crate::error::TrapCode;
use crate::interp::executor::{Ctx, Exec, Exit};
use crate::interp::num;
use crate::ir::isa::for_each_instruction;
use crate::ir::{Base, BranchOffset, Dst, Operand, Slot, VDst, VSlot};
use crate::simd::{self, V128};

/// In a handler marked as reading the accumulator: its first `Slot` operand is the accumulator
/// (the translator marks an instruction only then) and no other one is, which tells the
/// optimiser so every operand check in `Exec::get` folds away.
macro_rules! accumulator_operands {
    ($state:ident;) => {};
    (first; Slot $field:ident, $($rest:tt)*) => {
        $field = Slot::ACC;
        accumulator_operands!(rest; $($rest)*);
    };
    (rest; Slot $field:ident, $($rest:tt)*) => {
        // SAFETY: the translator replaces only an instruction's first operand read by the
        // accumulator (`Translator::emit`).
        unsafe { std::hint::assert_unchecked($field != Slot::ACC) };
        accumulator_operands!(rest; $($rest)*);
    };
    ($state:ident; $other:ident $field:ident, $($rest:tt)*) => {
        accumulator_operands!($state; $($rest)*);
    };
}

/// One instruction's work, without dispatch: decodes its fields at `exec.ip` (just past the
/// opcode field), runs its body and leaves `exec.ip` after it. Handlers and superinstructions
/// ([`crate::ir::pairs`]) are built from these.
pub(crate) trait Step {
    /// Bytes of the instruction's fields.
    const SIZE: usize;

    fn step<const FUEL: bool, const EPOCH: bool, const ACC: bool>(
        exec: &mut Exec<'_, '_, FUEL, EPOCH, ACC>,
    ) -> Result<(), Exit>;
}

/// The [`Step`] of each instruction, a type named like it.
#[allow(non_camel_case_types)]
pub(crate) mod steps {
    use super::*;

    macro_rules! define_steps {
        ($( $(#[doc = $doc:literal])* $name:ident { $($field:ident : $fty:ident),* $(,)? } cost($cost:literal) $([$($relation:tt)*])? |$x:ident| $body:block )*) => {
            $(
                $(#[doc = $doc])*
                pub(crate) struct $name;

                impl Step for $name {
                    const SIZE: usize = 0 $(+ <$fty as Operand>::SIZE)*;

                    #[inline(always)]
                    #[allow(
                        unused_variables,
                        unreachable_code,
                        clippy::unnecessary_cast,
                        clippy::redundant_closure_call
                    )]
                    fn step<const FUEL: bool, const EPOCH: bool, const ACC: bool>(
                        exec: &mut Exec<'_, '_, FUEL, EPOCH, ACC>,
                    ) -> Result<(), Exit> {
                        $(
                            // SAFETY: the field is encoded right here.
                            #[allow(unused_mut)]
                            let mut $field: $fty = unsafe { <$fty as Operand>::read(exec.ip) };
                            // SAFETY: still within the instruction.
                            exec.ip = unsafe { exec.ip.add(<$fty as Operand>::SIZE) };
                        )*
                        if ACC {
                            accumulator_operands!(first; $($fty $field,)*);
                        }
                        let $x = exec;
                        $body
                        Ok(())
                    }
                }
            )*
        };
    }

    for_each_instruction!(define_steps);
}

/// The hot state the `match` loop keeps in registers: instruction pointer, frame pointer,
/// memory base and length, accumulator.
pub(crate) type Hot = (*const u8, *mut u64, *mut u8, usize, u64);

/// Runs instruction `S` (its fields at `hot`'s instruction pointer, just past the opcode) for
/// the `match` loop, out of line, and returns the hot state after it. The loop's state is
/// passed by value and taken back, so its own `Exec` never has its address taken and stays in
/// registers. `reads_acc` says whether the encoded instruction carries the mark for reading
/// the accumulator (possible only if `MAY_READ_ACC`, an instruction with a `Slot` operand).
/// Every result is stored, as in the loop, which ignores the accumulator-only mark.
#[inline(never)]
pub(crate) fn step_out_of_line<
    S: Step,
    const FUEL: bool,
    const EPOCH: bool,
    const MAY_READ_ACC: bool,
>(
    hot: Hot,
    reads_acc: bool,
    ctx: &mut Ctx<'_>,
) -> Result<Hot, Exit> {
    #[inline(always)]
    fn run<S: Step, const FUEL: bool, const EPOCH: bool, const ACC: bool>(
        (ip, fp, mem_base, mem_len, acc): Hot,
        ctx: &mut Ctx<'_>,
    ) -> Result<Hot, Exit> {
        let mut exec = Exec::<FUEL, EPOCH, ACC> {
            ip,
            fp,
            mem_base,
            mem_len,
            acc,
            store_result: true,
            ctx,
        };
        S::step(&mut exec)?;
        Ok((exec.ip, exec.fp, exec.mem_base, exec.mem_len, exec.acc))
    }
    if MAY_READ_ACC && reads_acc {
        run::<S, FUEL, EPOCH, true>(hot, ctx)
    } else {
        run::<S, FUEL, EPOCH, false>(hot, ctx)
    }
}
