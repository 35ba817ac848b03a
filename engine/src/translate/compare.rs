//! Integer comparisons and branch conditions: which instruction a comparison becomes, on its
//! own (producing 0 or 1) or fused into a conditional branch, and how a condition is negated
//! (for `if`, which branches when its condition is false) or mirrored (constant on the left).

use crate::ir::{BranchOffset, Instr, Slot};

/// Integer width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// i32
    W32,
    /// i64
    W64,
}

/// An integer comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntCmp {
    /// `eq`
    Eq,
    /// `ne`
    Ne,
    /// `lts`
    LtS,
    /// `ltu`
    LtU,
    /// `gts`
    GtS,
    /// `gtu`
    GtU,
    /// `les`
    LeS,
    /// `leu`
    LeU,
    /// `ges`
    GeS,
    /// `geu`
    GeU,
}

impl IntCmp {
    /// The comparison that is true exactly when `self` is false.
    pub fn negate(self) -> IntCmp {
        match self {
            IntCmp::Eq => IntCmp::Ne,
            IntCmp::Ne => IntCmp::Eq,
            IntCmp::LtS => IntCmp::GeS,
            IntCmp::LtU => IntCmp::GeU,
            IntCmp::GtS => IntCmp::LeS,
            IntCmp::GtU => IntCmp::LeU,
            IntCmp::LeS => IntCmp::GtS,
            IntCmp::LeU => IntCmp::GtU,
            IntCmp::GeS => IntCmp::LtS,
            IntCmp::GeU => IntCmp::LtU,
        }
    }

    /// The comparison with its operands swapped (`a < b` is `b > a`).
    pub fn swap(self) -> IntCmp {
        match self {
            IntCmp::Eq => IntCmp::Eq,
            IntCmp::Ne => IntCmp::Ne,
            IntCmp::LtS => IntCmp::GtS,
            IntCmp::LtU => IntCmp::GtU,
            IntCmp::GtS => IntCmp::LtS,
            IntCmp::GtU => IntCmp::LtU,
            IntCmp::LeS => IntCmp::GeS,
            IntCmp::LeU => IntCmp::GeU,
            IntCmp::GeS => IntCmp::LeS,
            IntCmp::GeU => IntCmp::LeU,
        }
    }
}

/// The right operand of a comparison: a slot or a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rhs {
    /// A slot.
    Slot(Slot),
    /// A constant (an i32 in its low 32 bits for `W32`).
    Imm(i64),
}

impl Rhs {
    /// The slot operand of the instruction before it takes a constant ([`CONSTANT`] for one),
    /// and the constant.
    fn parts(self) -> (Slot, Option<i64>) {
        match self {
            Rhs::Slot(s) => (s, None),
            Rhs::Imm(imm) => (CONSTANT, Some(imm)),
        }
    }
}

/// Stands for an operand that is a constant in an instruction about to be given its immediate
/// form ([`Instr::with_imm`], which drops it); never emitted.
pub const CONSTANT: Slot = Slot::ACC;

/// The instruction computing `dst = lhs <cmp> rhs`.
pub fn compare(w: Width, cmp: IntCmp, dst: Slot, lhs: Slot, rhs: Rhs) -> Instr {
    let (rhs, imm) = rhs.parts();
    let instr = match (w, cmp) {
        (Width::W32, IntCmp::Eq) => Instr::I32Eq { dst, lhs, rhs },
        (Width::W32, IntCmp::Ne) => Instr::I32Ne { dst, lhs, rhs },
        (Width::W32, IntCmp::LtS) => Instr::I32LtS { dst, lhs, rhs },
        (Width::W32, IntCmp::LtU) => Instr::I32LtU { dst, lhs, rhs },
        (Width::W32, IntCmp::GtS) => Instr::I32GtS { dst, lhs, rhs },
        (Width::W32, IntCmp::GtU) => Instr::I32GtU { dst, lhs, rhs },
        (Width::W32, IntCmp::LeS) => Instr::I32LeS { dst, lhs, rhs },
        (Width::W32, IntCmp::LeU) => Instr::I32LeU { dst, lhs, rhs },
        (Width::W32, IntCmp::GeS) => Instr::I32GeS { dst, lhs, rhs },
        (Width::W32, IntCmp::GeU) => Instr::I32GeU { dst, lhs, rhs },
        (Width::W64, IntCmp::Eq) => Instr::I64Eq { dst, lhs, rhs },
        (Width::W64, IntCmp::Ne) => Instr::I64Ne { dst, lhs, rhs },
        (Width::W64, IntCmp::LtS) => Instr::I64LtS { dst, lhs, rhs },
        (Width::W64, IntCmp::LtU) => Instr::I64LtU { dst, lhs, rhs },
        (Width::W64, IntCmp::GtS) => Instr::I64GtS { dst, lhs, rhs },
        (Width::W64, IntCmp::GtU) => Instr::I64GtU { dst, lhs, rhs },
        (Width::W64, IntCmp::LeS) => Instr::I64LeS { dst, lhs, rhs },
        (Width::W64, IntCmp::LeU) => Instr::I64LeU { dst, lhs, rhs },
        (Width::W64, IntCmp::GeS) => Instr::I64GeS { dst, lhs, rhs },
        (Width::W64, IntCmp::GeU) => Instr::I64GeU { dst, lhs, rhs },
    };
    with_constant(instr, imm)
}

/// The condition of a conditional branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    /// The integer in the slot is not zero.
    Nez(Width, Slot),
    /// The integer in the slot is zero.
    Eqz(Width, Slot),
    /// `lhs <cmp> rhs`.
    Cmp(Width, IntCmp, Slot, Rhs),
}

impl Cond {
    /// The condition that holds exactly when `self` does not.
    pub fn negate(self) -> Cond {
        match self {
            Cond::Nez(w, s) => Cond::Eqz(w, s),
            Cond::Eqz(w, s) => Cond::Nez(w, s),
            Cond::Cmp(w, c, l, r) => Cond::Cmp(w, c.negate(), l, r),
        }
    }

    /// The branch instruction taken when the condition holds.
    pub fn branch(self, offset: BranchOffset) -> Instr {
        match self {
            Cond::Nez(Width::W32, cond) => Instr::BrIfNez32 { cond, offset },
            Cond::Nez(Width::W64, cond) => Instr::BrIfNez64 { cond, offset },
            Cond::Eqz(Width::W32, cond) => Instr::BrIfEqz32 { cond, offset },
            Cond::Eqz(Width::W64, cond) => Instr::BrIfEqz64 { cond, offset },
            Cond::Cmp(w, cmp, lhs, rhs) => branch_compare(w, cmp, lhs, rhs, offset),
        }
    }
}

fn branch_compare(w: Width, cmp: IntCmp, lhs: Slot, rhs: Rhs, offset: BranchOffset) -> Instr {
    let (rhs, imm) = rhs.parts();
    let instr = match (w, cmp) {
        (Width::W32, IntCmp::Eq) => Instr::BrIfI32Eq { lhs, rhs, offset },
        (Width::W32, IntCmp::Ne) => Instr::BrIfI32Ne { lhs, rhs, offset },
        (Width::W32, IntCmp::LtS) => Instr::BrIfI32LtS { lhs, rhs, offset },
        (Width::W32, IntCmp::LtU) => Instr::BrIfI32LtU { lhs, rhs, offset },
        (Width::W32, IntCmp::GtS) => Instr::BrIfI32GtS { lhs, rhs, offset },
        (Width::W32, IntCmp::GtU) => Instr::BrIfI32GtU { lhs, rhs, offset },
        (Width::W32, IntCmp::LeS) => Instr::BrIfI32LeS { lhs, rhs, offset },
        (Width::W32, IntCmp::LeU) => Instr::BrIfI32LeU { lhs, rhs, offset },
        (Width::W32, IntCmp::GeS) => Instr::BrIfI32GeS { lhs, rhs, offset },
        (Width::W32, IntCmp::GeU) => Instr::BrIfI32GeU { lhs, rhs, offset },
        (Width::W64, IntCmp::Eq) => Instr::BrIfI64Eq { lhs, rhs, offset },
        (Width::W64, IntCmp::Ne) => Instr::BrIfI64Ne { lhs, rhs, offset },
        (Width::W64, IntCmp::LtS) => Instr::BrIfI64LtS { lhs, rhs, offset },
        (Width::W64, IntCmp::LtU) => Instr::BrIfI64LtU { lhs, rhs, offset },
        (Width::W64, IntCmp::GtS) => Instr::BrIfI64GtS { lhs, rhs, offset },
        (Width::W64, IntCmp::GtU) => Instr::BrIfI64GtU { lhs, rhs, offset },
        (Width::W64, IntCmp::LeS) => Instr::BrIfI64LeS { lhs, rhs, offset },
        (Width::W64, IntCmp::LeU) => Instr::BrIfI64LeU { lhs, rhs, offset },
        (Width::W64, IntCmp::GeS) => Instr::BrIfI64GeS { lhs, rhs, offset },
        (Width::W64, IntCmp::GeU) => Instr::BrIfI64GeU { lhs, rhs, offset },
    };
    with_constant(instr, imm)
}

/// `instr` with its right operand the constant `imm`, if there is one: every integer comparison
/// has an immediate form (`imm(..)` in the instruction table).
fn with_constant(instr: Instr, imm: Option<i64>) -> Instr {
    match imm {
        None => instr,
        Some(imm) => instr
            .with_imm(imm as u64)
            .expect("every integer comparison has an immediate form"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_comparison_has_a_slot_and_an_immediate_form() {
        let cmps = [
            IntCmp::Eq,
            IntCmp::Ne,
            IntCmp::LtS,
            IntCmp::LtU,
            IntCmp::GtS,
            IntCmp::GtU,
            IntCmp::LeS,
            IntCmp::LeU,
            IntCmp::GeS,
            IntCmp::GeU,
        ];
        for w in [Width::W32, Width::W64] {
            for cmp in cmps {
                for rhs in [Rhs::Slot(Slot(2)), Rhs::Imm(-3)] {
                    let cond = Cond::Cmp(w, cmp, Slot(1), rhs);
                    let branch = cond.branch(BranchOffset(0));
                    let value = compare(w, cmp, Slot(0), Slot(1), rhs);
                    let has_imm = matches!(rhs, Rhs::Imm(_));
                    assert_eq!(branch.opcode().imm_form().is_none(), has_imm);
                    assert_eq!(value.opcode().imm_form().is_none(), has_imm);
                }
            }
        }
    }
}
