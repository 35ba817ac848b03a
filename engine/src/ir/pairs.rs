//! Superinstructions: pairs of instructions that run as one when the second directly follows
//! the first and reads its result from the accumulator.
//!
//! The list is data, chosen from measurements (the instruction-pair counts of
//! `interp/pair_stats.rs` over the benchmark kernels), not guesses. Pairing happens when
//! threaded dispatch links code (`interp::threaded::link`): the first instruction's opcode
//! field gets the pair's handler, which runs both bodies with no dispatch in between and skips
//! the second's opcode field. Nothing else changes: the encoding, branch offsets, the
//! disassembly and the other dispatch modes see two ordinary instructions.
//!
//! Why this is sound: the translator marks an instruction as reading the accumulator only when
//! no branch target lies between it and the one before it (see `Translator::previous`), so
//! nothing can jump to the second instruction of a pair; and the first instruction of a pair
//! never transfers control (no branch, call or return), so the second always runs after it.

use super::Opcode;

/// Calls `$m!` with every pair, `(First, Second)`: the 64 most frequent pairs of the benchmark
/// kernels (each kernel weighted equally) whose second instruction reads the first's result.
macro_rules! for_each_pair {
    ($m:ident) => {
        $m! {
            (Const32, I32Sub)
            (Copy, I32Load)
            (F64Mul, F64Mul)
            (F64Sub, F64Mul)
            (I32Add, I32Add)
            (I32Add, I32AddAddImm)
            (I32Add, I32AddImm)
            (I32Add, I32Load)
            (I32Add, I32Load8U)
            (I32Add, I64Load)
            (I32Add, I64Load8U)
            (I32Add, ReturnSlot)
            (I32AddAddImm, I64Load8U)
            (I32AddImm, BrIfI32GtUImm)
            (I32AddImm, BrIfI32LtS)
            (I32AddImm, BrIfI32Ne)
            (I32AddImm, BrIfI32NeImm)
            (I32AddImm, Copy)
            (I32AddImm, F64Load)
            (I32AddImm, I32Load)
            (I32AddImm, I32Load16S)
            (I32AddImm, I32Load8U)
            (I32AddImm, I32Store)
            (I32AddImm2, BrIfNez32)
            (I32AddImm2, F64Load)
            (I32AddImm2, I32Load)
            (I32AddShlImm, I32Load)
            (I32AddShlImm, I64Load)
            (I32And, I32Add)
            (I32AndImm, BrTable)
            (I32Load, BrIfI32GtS)
            (I32Load, BrIfI32LtS)
            (I32Load, BrIfNez32)
            (I32Load, I32Add)
            (I32Load, I32AddShlImm)
            (I32Load, I32RotlImm)
            (I32Load16S, I32Mul)
            (I32Load16U, BrIfI32Eq)
            (I32Load8U, BrIfNez32)
            (I32Load8U, I32Xor)
            (I32MulImm, I32AddImm)
            (I32RotlImm, I32Xor)
            (I32ShlImm, I32AddImm)
            (I32ShlImm, I32Xor)
            (I32ShrUImm, I32RemU)
            (I32ShrUImm, I32Xor)
            (I32WrapI64, I32Add)
            (I32Xor, I32Add)
            (I32Xor, I32AddShlImm)
            (I32Xor, I32AndImm)
            (I32Xor, I32ShlImm)
            (I32Xor, I32ShrUImm)
            (I64Add, BrIfI64LeU)
            (I64AddImm, BrIfI64Ne)
            (I64And, I64AndImm)
            (I64AndImm, I64Xor)
            (I64Load8U, I64Add)
            (I64ShlImm, I64Xor)
            (I64ShrUImm, I64AndImm)
            (I64ShrUImm, I64Xor)
            (I64Xor, I64MulImm)
            (I64Xor, I64RotlImm)
            (I64Xor, I64ShlImm)
            (I64Xor, I64ShrUImm)
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
const MAX_PER_FIRST: usize = 12;

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

    /// The first instruction of a pair must fall through to the second: no branch, call or
    /// return (their bodies move the instruction pointer elsewhere).
    #[test]
    fn first_instructions_fall_through() {
        for (first, _) in PAIRS {
            let name = first.name();
            let transfers = ["Br", "Return", "Call", "Unreachable", "Interrupt"]
                .iter()
                .any(|p| name.starts_with(p));
            assert!(!transfers, "{name} cannot start a pair");
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
