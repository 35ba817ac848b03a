//! Superinstructions: pairs of adjacent instructions that run in one handler.
//!
//! The list is data, chosen from measurements (the instruction-pair counts of
//! `interp/pair_stats.rs` over the benchmark kernels), not guesses. Pairing happens when
//! threaded dispatch links code (`interp::threaded::link`): the first instruction's opcode
//! field gets the pair's handler, which runs both bodies with no dispatch in between and skips
//! the second's opcode field. Nothing else changes: the encoding, branch offsets, the
//! disassembly and the other dispatch modes see two ordinary instructions.
//!
//! Why this is sound: a pair is linked only where nothing but the first instruction leads to
//! the second (`link` finds every branch target and every call's return address first), and
//! the first instruction either falls through (most) or is a conditional branch, after which
//! the pair's handler runs the second only if the branch was not taken. Calls, returns and
//! unconditional jumps never start a pair.

use super::Opcode;

/// Calls `$m!` with every pair, `(First, Second)`: the 100 most frequent adjacent pairs of the
/// benchmark kernels (each kernel weighted equally), sorted.
macro_rules! for_each_pair {
    ($m:ident) => {
        $m! {
            (BrIfI32GtS, I32AddImm)
            (BrIfI32GtUImm, I32Add)
            (BrIfI32GtUImm, I32AddImm)
            (BrIfI32LtS, I32AddImm2)
            (BrIfI32LtUImm, Const32)
            (BrIfI32LtUImm, I32Add)
            (BrIfI32Ne, F64Load)
            (BrIfI32Ne, I32AddImm2)
            (BrIfI64LeU, Store8Imm)
            (BrIfI64Ne, I32WrapI64)
            (BrIfNez32, Copy)
            (BrIfNez32, I32AddImm)
            (Const32, BrIfI32LtUImm)
            (Const32, I32AddImm)
            (Copy, BrIfI32GtS)
            (Copy, BrIfNez32)
            (Copy, I32AddImm)
            (Copy, I32Load)
            (Copy2, Copy2)
            (F64Add, F64Store)
            (F64Load, F64Add)
            (F64Load, F64Mul)
            (F64Load, F64Sub)
            (F64Mul, F64Load)
            (F64Mul, F64Mul)
            (F64Mul, F64Sub)
            (F64Store, F64Load)
            (F64Store, I32AddImm)
            (F64Store, I32AddImm2)
            (F64Sub, F64Mul)
            (F64Sub, F64Store)
            (I32Add, I32Add)
            (I32Add, I32AddImm)
            (I32Add, I32Load8U)
            (I32Add, I64Add)
            (I32Add, ReturnSlot)
            (I32AddImm, BrIfI32GtUImm)
            (I32AddImm, BrIfI32Ne)
            (I32AddImm, BrTable)
            (I32AddImm, CallInternal)
            (I32AddImm, Copy)
            (I32AddImm, F64Load)
            (I32AddImm, F64Mul)
            (I32AddImm, I32Add)
            (I32AddImm, I32AddShlImm)
            (I32AddImm, I32AndImm)
            (I32AddImm, I32Load)
            (I32AddImm, I32Load16S)
            (I32AddImm, I32Load8U)
            (I32AddImm, I32Store)
            (I32AddImm, I64AddImm)
            (I32AddImm2, BrIfNez32)
            (I32AddImm2, F64Load)
            (I32AddImm2, I32AddImm)
            (I32AddImm2, I32AndImm)
            (I32AddImm2, I32Load)
            (I32AddShlImm, Copy)
            (I32AddShlImm, I32Load)
            (I32AddShlImm, I64Load)
            (I32And, I32Add)
            (I32AndImm, BrTable)
            (I32AndImm, I32Add)
            (I32AndImm, I32AddImm)
            (I32Load, Br)
            (I32Load, BrIfI32LtS)
            (I32Load, I32Add)
            (I32Load, I32AddImm)
            (I32Load, I32ShrUImm)
            (I32Load, I32Store)
            (I32Load16S, I32Mul)
            (I32Load8U, BrIfNez32)
            (I32Load8U, I32Xor)
            (I32RotlImm, I32RotlImm)
            (I32RotlImm, I32Xor)
            (I32ShlImm, I32AddImm)
            (I32ShlImm, I32Xor)
            (I32ShrUImm, I32AndImm)
            (I32ShrUImm, I32Xor)
            (I32Store, Copy)
            (I32Store, I32AddImm)
            (I32WrapI64, I32Add)
            (I32Xor, I32Add)
            (I32Xor, I32AddImm)
            (I32Xor, I32AddShlImm)
            (I32Xor, I32And)
            (I32Xor, I32AndImm)
            (I32Xor, I32RotlImm)
            (I32Xor, I32ShrUImm)
            (I64Add, BrIfI64LeU)
            (I64Add, I32AddImm)
            (I64AddImm, BrIfI64Ne)
            (I64AddImm, I32ShlImm)
            (I64AndImm, I64Xor)
            (I64Load8U, I64Add)
            (I64MulImm, I64ShrUImm)
            (I64ShrUImm, I64AndImm)
            (I64ShrUImm, I64Xor)
            (I64Store, I32AddImm)
            (I64Xor, I64MulImm)
            (Store8Imm, I32Add)
        }
    };
}

pub(crate) use for_each_pair;

macro_rules! define_pair_list {
    ($( ($a:ident, $b:ident) )*) => {
        /// Every pair, in handler-table order.
        pub const PAIRS: &[(Opcode, Opcode)] = &[$((Opcode::$a, Opcode::$b)),*];
    };
}

for_each_pair!(define_pair_list);

/// Most pairs sharing a first instruction.
const MAX_PER_FIRST: usize = 16;

/// The pairs each opcode starts (indices into [`PAIRS`], `u8::MAX` for none). Built at compile
/// time; more than [`MAX_PER_FIRST`] pairs with one first instruction fail the build.
const BY_FIRST: [[u8; MAX_PER_FIRST]; Opcode::ALL.len()] = {
    let mut table = [[u8::MAX; MAX_PER_FIRST]; Opcode::ALL.len()];
    let mut i = 0;
    while i < PAIRS.len() {
        let first = PAIRS[i].0 as usize;
        let mut k = 0;
        while table[first][k] != u8::MAX {
            k += 1;
        }
        table[first][k] = i as u8;
        i += 1;
    }
    table
};

/// The index in [`PAIRS`] of `(first, second)`, if it is a pair.
#[inline]
pub fn pair_index(first: Opcode, second: Opcode) -> Option<usize> {
    BY_FIRST[first as usize]
        .iter()
        .take_while(|&&i| i != u8::MAX)
        .map(|&i| i as usize)
        .find(|&i| PAIRS[i].1 == second)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first instruction of a pair must reach the second when it does not branch: no call,
    /// return, unconditional jump or trap.
    #[test]
    fn first_instructions_can_fall_through() {
        for (first, _) in PAIRS {
            let name = first.name();
            let never_falls_through = ["Return", "Call", "Unreachable", "Interrupt", "BrTable"]
                .iter()
                .any(|p| name.starts_with(p))
                || *first == Opcode::Br;
            assert!(!never_falls_through, "{name} cannot start a pair");
        }
    }

    /// Each pair is listed once and is found by its opcodes.
    #[test]
    fn pairs_are_unique_and_found() {
        for (i, &(a, b)) in PAIRS.iter().enumerate() {
            assert_eq!(pair_index(a, b), Some(i), "{a:?}, {b:?}");
        }
        assert_eq!(pair_index(Opcode::Br, Opcode::Br), None);
    }
}
