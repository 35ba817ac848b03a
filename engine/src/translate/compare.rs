//! Branch conditions. A condition is kept as the conditional branch taken when it holds, so a
//! comparison just emitted becomes one compare-and-branch (its `branch(..)` form in the
//! instruction table, `ir::isa`) and an `if`, which branches when its condition is false, takes
//! the `negate(..)` form of it.

use crate::ir::{BranchOffset, Instr, Slot};

/// Stands for an operand that is a constant in an instruction about to be given its immediate
/// form ([`Instr::with_imm`], which drops it); never emitted.
pub const CONSTANT: Slot = Slot::ACC;

/// The condition of a conditional branch: the branch taken when it holds, with an offset of 0
/// that the translator patches once it knows the target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cond(Instr);

impl Cond {
    /// The i32 in `cond` is not zero.
    pub fn nez32(cond: Slot) -> Cond {
        Cond(Instr::BrIfNez32 {
            cond,
            offset: BranchOffset(0),
        })
    }

    /// The i64 in `cond` is not zero.
    pub fn nez64(cond: Slot) -> Cond {
        Cond(Instr::BrIfNez64 {
            cond,
            offset: BranchOffset(0),
        })
    }

    /// The i32 in `cond` is zero.
    pub fn eqz32(cond: Slot) -> Cond {
        Cond(Instr::BrIfEqz32 {
            cond,
            offset: BranchOffset(0),
        })
    }

    /// The i64 in `cond` is zero.
    pub fn eqz64(cond: Slot) -> Cond {
        Cond(Instr::BrIfEqz64 {
            cond,
            offset: BranchOffset(0),
        })
    }

    /// What the comparison `instr` computes, if it has a compare-and-branch form.
    pub fn of_comparison(instr: Instr) -> Option<Cond> {
        instr.branch_form().map(Cond)
    }

    /// The condition that holds exactly when `self` does not.
    pub fn negate(self) -> Cond {
        Cond(
            self.0
                .negated()
                .expect("every conditional branch has a `negate(..)` form"),
        )
    }

    /// The branch instruction taken when the condition holds (its offset 0, to be patched).
    pub fn branch(self) -> Instr {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_becomes_its_branch_and_negates_both_ways() {
        let lt = Instr::I32LtSImm {
            dst: Slot(0),
            lhs: Slot(1),
            rhs: -3,
        };
        let cond = Cond::of_comparison(lt).expect("a comparison");
        let taken = Instr::BrIfI32LtSImm {
            lhs: Slot(1),
            rhs: -3,
            offset: BranchOffset(0),
        };
        assert_eq!(cond.branch(), taken);
        let not_taken = Instr::BrIfI32GeSImm {
            lhs: Slot(1),
            rhs: -3,
            offset: BranchOffset(0),
        };
        assert_eq!(cond.negate().branch(), not_taken);
        assert_eq!(cond.negate().negate(), cond);
        assert_eq!(Cond::nez64(Slot(4)).negate(), Cond::eqz64(Slot(4)));
        assert_eq!(Cond::eqz32(Slot(4)).negate(), Cond::nez32(Slot(4)));
        let add = Instr::I32Add {
            dst: Slot(0),
            lhs: Slot(1),
            rhs: Slot(2),
        };
        assert_eq!(Cond::of_comparison(add), None);
    }
}
