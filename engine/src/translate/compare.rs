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

/// The instruction computing `dst = lhs <cmp> rhs`.
pub fn compare(w: Width, cmp: IntCmp, dst: Slot, lhs: Slot, rhs: Rhs) -> Instr {
    match (w, rhs) {
        (Width::W32, Rhs::Slot(rhs)) => match cmp {
            IntCmp::Eq => Instr::I32Eq { dst, lhs, rhs },
            IntCmp::Ne => Instr::I32Ne { dst, lhs, rhs },
            IntCmp::LtS => Instr::I32LtS { dst, lhs, rhs },
            IntCmp::LtU => Instr::I32LtU { dst, lhs, rhs },
            IntCmp::GtS => Instr::I32GtS { dst, lhs, rhs },
            IntCmp::GtU => Instr::I32GtU { dst, lhs, rhs },
            IntCmp::LeS => Instr::I32LeS { dst, lhs, rhs },
            IntCmp::LeU => Instr::I32LeU { dst, lhs, rhs },
            IntCmp::GeS => Instr::I32GeS { dst, lhs, rhs },
            IntCmp::GeU => Instr::I32GeU { dst, lhs, rhs },
        },
        (Width::W32, Rhs::Imm(rhs)) => match cmp {
            IntCmp::Eq => Instr::I32EqImm {
                dst,
                lhs,
                rhs: rhs as i32,
            },
            IntCmp::Ne => Instr::I32NeImm {
                dst,
                lhs,
                rhs: rhs as i32,
            },
            IntCmp::LtS => Instr::I32LtSImm {
                dst,
                lhs,
                rhs: rhs as i32,
            },
            IntCmp::LtU => Instr::I32LtUImm {
                dst,
                lhs,
                rhs: rhs as i32,
            },
            IntCmp::GtS => Instr::I32GtSImm {
                dst,
                lhs,
                rhs: rhs as i32,
            },
            IntCmp::GtU => Instr::I32GtUImm {
                dst,
                lhs,
                rhs: rhs as i32,
            },
            IntCmp::LeS => Instr::I32LeSImm {
                dst,
                lhs,
                rhs: rhs as i32,
            },
            IntCmp::LeU => Instr::I32LeUImm {
                dst,
                lhs,
                rhs: rhs as i32,
            },
            IntCmp::GeS => Instr::I32GeSImm {
                dst,
                lhs,
                rhs: rhs as i32,
            },
            IntCmp::GeU => Instr::I32GeUImm {
                dst,
                lhs,
                rhs: rhs as i32,
            },
        },
        (Width::W64, Rhs::Slot(rhs)) => match cmp {
            IntCmp::Eq => Instr::I64Eq { dst, lhs, rhs },
            IntCmp::Ne => Instr::I64Ne { dst, lhs, rhs },
            IntCmp::LtS => Instr::I64LtS { dst, lhs, rhs },
            IntCmp::LtU => Instr::I64LtU { dst, lhs, rhs },
            IntCmp::GtS => Instr::I64GtS { dst, lhs, rhs },
            IntCmp::GtU => Instr::I64GtU { dst, lhs, rhs },
            IntCmp::LeS => Instr::I64LeS { dst, lhs, rhs },
            IntCmp::LeU => Instr::I64LeU { dst, lhs, rhs },
            IntCmp::GeS => Instr::I64GeS { dst, lhs, rhs },
            IntCmp::GeU => Instr::I64GeU { dst, lhs, rhs },
        },
        (Width::W64, Rhs::Imm(rhs)) => match cmp {
            IntCmp::Eq => Instr::I64EqImm { dst, lhs, rhs },
            IntCmp::Ne => Instr::I64NeImm { dst, lhs, rhs },
            IntCmp::LtS => Instr::I64LtSImm { dst, lhs, rhs },
            IntCmp::LtU => Instr::I64LtUImm { dst, lhs, rhs },
            IntCmp::GtS => Instr::I64GtSImm { dst, lhs, rhs },
            IntCmp::GtU => Instr::I64GtUImm { dst, lhs, rhs },
            IntCmp::LeS => Instr::I64LeSImm { dst, lhs, rhs },
            IntCmp::LeU => Instr::I64LeUImm { dst, lhs, rhs },
            IntCmp::GeS => Instr::I64GeSImm { dst, lhs, rhs },
            IntCmp::GeU => Instr::I64GeUImm { dst, lhs, rhs },
        },
    }
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
    match (w, rhs) {
        (Width::W32, Rhs::Slot(rhs)) => match cmp {
            IntCmp::Eq => Instr::BrIfI32Eq { lhs, rhs, offset },
            IntCmp::Ne => Instr::BrIfI32Ne { lhs, rhs, offset },
            IntCmp::LtS => Instr::BrIfI32LtS { lhs, rhs, offset },
            IntCmp::LtU => Instr::BrIfI32LtU { lhs, rhs, offset },
            IntCmp::GtS => Instr::BrIfI32GtS { lhs, rhs, offset },
            IntCmp::GtU => Instr::BrIfI32GtU { lhs, rhs, offset },
            IntCmp::LeS => Instr::BrIfI32LeS { lhs, rhs, offset },
            IntCmp::LeU => Instr::BrIfI32LeU { lhs, rhs, offset },
            IntCmp::GeS => Instr::BrIfI32GeS { lhs, rhs, offset },
            IntCmp::GeU => Instr::BrIfI32GeU { lhs, rhs, offset },
        },
        (Width::W32, Rhs::Imm(rhs)) => match cmp {
            IntCmp::Eq => Instr::BrIfI32EqImm {
                lhs,
                rhs: rhs as i32,
                offset,
            },
            IntCmp::Ne => Instr::BrIfI32NeImm {
                lhs,
                rhs: rhs as i32,
                offset,
            },
            IntCmp::LtS => Instr::BrIfI32LtSImm {
                lhs,
                rhs: rhs as i32,
                offset,
            },
            IntCmp::LtU => Instr::BrIfI32LtUImm {
                lhs,
                rhs: rhs as i32,
                offset,
            },
            IntCmp::GtS => Instr::BrIfI32GtSImm {
                lhs,
                rhs: rhs as i32,
                offset,
            },
            IntCmp::GtU => Instr::BrIfI32GtUImm {
                lhs,
                rhs: rhs as i32,
                offset,
            },
            IntCmp::LeS => Instr::BrIfI32LeSImm {
                lhs,
                rhs: rhs as i32,
                offset,
            },
            IntCmp::LeU => Instr::BrIfI32LeUImm {
                lhs,
                rhs: rhs as i32,
                offset,
            },
            IntCmp::GeS => Instr::BrIfI32GeSImm {
                lhs,
                rhs: rhs as i32,
                offset,
            },
            IntCmp::GeU => Instr::BrIfI32GeUImm {
                lhs,
                rhs: rhs as i32,
                offset,
            },
        },
        (Width::W64, Rhs::Slot(rhs)) => match cmp {
            IntCmp::Eq => Instr::BrIfI64Eq { lhs, rhs, offset },
            IntCmp::Ne => Instr::BrIfI64Ne { lhs, rhs, offset },
            IntCmp::LtS => Instr::BrIfI64LtS { lhs, rhs, offset },
            IntCmp::LtU => Instr::BrIfI64LtU { lhs, rhs, offset },
            IntCmp::GtS => Instr::BrIfI64GtS { lhs, rhs, offset },
            IntCmp::GtU => Instr::BrIfI64GtU { lhs, rhs, offset },
            IntCmp::LeS => Instr::BrIfI64LeS { lhs, rhs, offset },
            IntCmp::LeU => Instr::BrIfI64LeU { lhs, rhs, offset },
            IntCmp::GeS => Instr::BrIfI64GeS { lhs, rhs, offset },
            IntCmp::GeU => Instr::BrIfI64GeU { lhs, rhs, offset },
        },
        (Width::W64, Rhs::Imm(rhs)) => match cmp {
            IntCmp::Eq => Instr::BrIfI64EqImm { lhs, rhs, offset },
            IntCmp::Ne => Instr::BrIfI64NeImm { lhs, rhs, offset },
            IntCmp::LtS => Instr::BrIfI64LtSImm { lhs, rhs, offset },
            IntCmp::LtU => Instr::BrIfI64LtUImm { lhs, rhs, offset },
            IntCmp::GtS => Instr::BrIfI64GtSImm { lhs, rhs, offset },
            IntCmp::GtU => Instr::BrIfI64GtUImm { lhs, rhs, offset },
            IntCmp::LeS => Instr::BrIfI64LeSImm { lhs, rhs, offset },
            IntCmp::LeU => Instr::BrIfI64LeUImm { lhs, rhs, offset },
            IntCmp::GeS => Instr::BrIfI64GeSImm { lhs, rhs, offset },
            IntCmp::GeU => Instr::BrIfI64GeUImm { lhs, rhs, offset },
        },
    }
}
