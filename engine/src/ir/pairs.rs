//! Superinstructions: pairs and triples of adjacent instructions that run in one handler.
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
//! unconditional jumps never start a pair. Triples follow the same rules for their first two
//! instructions; they are listed with exact encoded forms (accumulator marks included) and
//! linking tries them before pairs.
//!
//! Jump superinstructions fuse a branch with the instruction at its target instead: when the
//! branch is taken, that instruction runs in the same handler (its opcode field skipped, the
//! dispatch after it as usual); when not, the next instruction is dispatched. Nothing is
//! assumed about how the target is reached otherwise, so any target may be fused. Linking
//! prefers them for unconditional branches and backward (loop) branches, which are mostly
//! taken, and the fall-through superinstructions for forward ones.

use super::{Opcode, marked_opcode};

/// Calls `$m!` with every pair, `(First, Second)`, sorted: the 25 most frequent adjacent pairs
/// of each benchmark kernel, then those of later instruction forms (286 in all).
macro_rules! for_each_pair {
    ($m:ident) => {
        $m! {
            (BrIfEqz32, I32AndImm)
            (BrIfI32Eq, I32Load)
            (BrIfI32EqImm, I32Add)
            (BrIfI32GtS, I32AddImm)
            (BrIfI32GtUImm, I32Add)
            (BrIfI32GtUImm, I32AddImm)
            (BrIfI32GtUImm, I64Store)
            (BrIfI32LeS, I32AddShlImm)
            (BrIfI32LeSImm, I32AddImm)
            (BrIfI32LtS, I32AddImm)
            (BrIfI32LtS, I32AddImm2)
            (BrIfI32LtS, I32Store)
            (BrIfI32LtUImm, Const32)
            (BrIfI32LtUImm, I32Add)
            (BrIfI32LtUImm, I32AddImm)
            (BrIfI32Ne, BrIfEqz32)
            (BrIfI32Ne, Copy2)
            (BrIfI32Ne, F64Load)
            (BrIfI32Ne, I32Add)
            (BrIfI32Ne, I32AddImm)
            (BrIfI32Ne, I32AddImm2)
            (BrIfI32Ne, I32ShlImm)
            (BrIfI32NeImm, I32AddImm)
            (BrIfI64GtU, Copy)
            (BrIfI64GtU, I32AddImm)
            (BrIfI64LeU, I32AddImm)
            (BrIfI64LeU, Store8Imm)
            (BrIfI64Ne, I32WrapI64)
            (BrIfNez32, Const32)
            (BrIfNez32, Copy)
            (BrIfNez32, I32AddImm)
            (BrIfNez32, I32Load)
            (BrIfNez32, I32Load16U)
            (Const32, BrIfI32LtUImm)
            (Const32, Const32)
            (Const32, Copy2)
            (Const32, I32AddImm)
            (Const32, I32Sub)
            (Const32, Select)
            (Const64, F64Add)
            (Const64, F64Div)
            (Const64, F64Mul)
            (Copy, BrIfI32GtS)
            (Copy, BrIfNez32)
            (Copy, CallInternal)
            (Copy, Const32)
            (Copy, I32AddImm)
            (Copy, I32AddImm2)
            (Copy, I32Load)
            (Copy, I32Load8U)
            (Copy2, Br)
            (Copy2, BrIfI32LeS)
            (Copy2, Copy)
            (Copy2, Copy2)
            (Copy2, I32AddShlImm)
            (Copy2, I32Load8S)
            (F64Add, F64Add)
            (F64Add, F64Sqrt)
            (F64Add, F64Store)
            (F64Add, F64StoreVal)
            (F64ConvertI32S, Const64)
            (F64ConvertI32S, F64Mul)
            (F64Div, F64Mul)
            (F64Load, BrIfNez32)
            (F64Load, Const64)
            (F64Load, F64Add)
            (F64Load, F64Load)
            (F64Load, F64Mul)
            (F64Load, F64Sub)
            (F64Load, F64SubRev)
            (F64Load, I32AddImm)
            (F64Mul, Const64)
            (F64Mul, F64Add)
            (F64Mul, F64Load)
            (F64Mul, F64Mul)
            (F64Mul, F64Sub)
            (F64Mul, F64SubRev)
            (F64Mul, I32AddImm)
            (F64Sqrt, F64Mul)
            (F64Store, F64Load)
            (F64Store, I32AddImm)
            (F64Store, I32AddImm2)
            (F64StoreVal, F64Load)
            (F64StoreVal, I32AddImm)
            (F64StoreVal, I32AddImm2)
            (F64StoreVal, I32DivUImm)
            (F64Sub, F64Mul)
            (F64Sub, F64Store)
            (F64SubRev, F64Mul)
            (F64SubRev, F64Store)
            (F64SubRev, F64StoreVal)
            (I32Add, BrIfI32EqImm)
            (I32Add, Const32)
            (I32Add, I32Add)
            (I32Add, I32AddAddImm)
            (I32Add, I32AddImm)
            (I32Add, I32AddImm2)
            (I32Add, I32And)
            (I32Add, I32Load)
            (I32Add, I32Load8U)
            (I32Add, I32MulImm)
            (I32Add, I32RotlImm)
            (I32Add, I32Store)
            (I32Add, I32StoreVal)
            (I32Add, I32XorImm)
            (I32Add, I64Add)
            (I32Add, I64Load)
            (I32Add, I64Load8U)
            (I32Add, MemoryCopy)
            (I32Add, ReturnSlot)
            (I32AddAddImm, I64Load)
            (I32AddAddImm, I64Load8U)
            (I32AddImm, Br)
            (I32AddImm, BrIfI32GtUImm)
            (I32AddImm, BrIfI32LtS)
            (I32AddImm, BrIfI32Ne)
            (I32AddImm, BrIfI32NeImm)
            (I32AddImm, BrIfNez32)
            (I32AddImm, BrTable)
            (I32AddImm, CallInternal)
            (I32AddImm, Const32)
            (I32AddImm, Copy)
            (I32AddImm, Copy2)
            (I32AddImm, F64Load)
            (I32AddImm, F64Mul)
            (I32AddImm, I32Add)
            (I32AddImm, I32AddAddImm)
            (I32AddImm, I32AddShlImm)
            (I32AddImm, I32AndImm)
            (I32AddImm, I32GtS)
            (I32AddImm, I32Load)
            (I32AddImm, I32Load16S)
            (I32AddImm, I32Load8U)
            (I32AddImm, I32MulImm)
            (I32AddImm, I32ShlImm)
            (I32AddImm, I32ShrUImm)
            (I32AddImm, I32Store)
            (I32AddImm, I64AddImm)
            (I32AddImm, I64Load)
            (I32AddImm, I64Load32S)
            (I32AddImm, I64MulImm)
            (I32AddImm, I64Store)
            (I32AddImm2, BrIfI32GtUImm)
            (I32AddImm2, BrIfI32NeImm)
            (I32AddImm2, BrIfNez32)
            (I32AddImm2, Copy2)
            (I32AddImm2, F64Load)
            (I32AddImm2, I32AddImm)
            (I32AddImm2, I32AddImm2)
            (I32AddImm2, I32AddShlImm)
            (I32AddImm2, I32AndImm)
            (I32AddImm2, I32Load)
            (I32AddImm2, I32Store)
            (I32AddImm2, I32Store8Val)
            (I32AddImm2, I32StoreVal)
            (I32AddShlImm, Copy)
            (I32AddShlImm, F64Load)
            (I32AddShlImm, I32AddImm)
            (I32AddShlImm, I32Load)
            (I32AddShlImm, I32ShlImm)
            (I32AddShlImm, I64Load)
            (I32And, I32Add)
            (I32And, I32And)
            (I32And, I32Xor)
            (I32AndImm, Br)
            (I32AndImm, BrIfEqz32)
            (I32AndImm, BrTable)
            (I32AndImm, Const32)
            (I32AndImm, I32Add)
            (I32AndImm, I32AddImm)
            (I32AndImm, I32LtUImm)
            (I32AndImm, Select)
            (I32DivUImm, I32MulImm)
            (I32GtS, I32AddImm)
            (I32Load, Br)
            (I32Load, BrIfI32GtS)
            (I32Load, BrIfI32LtS)
            (I32Load, BrIfNez32)
            (I32Load, I32Add)
            (I32Load, I32AddImm)
            (I32Load, I32AddShlImm)
            (I32Load, I32RotlImm)
            (I32Load, I32ShrUImm)
            (I32Load, I32Store)
            (I32Load16S, I32Add)
            (I32Load16S, I32Load16S)
            (I32Load16S, I32Mul)
            (I32Load16U, BrIfI32Eq)
            (I32Load8S, BrIfI32LeSImm)
            (I32Load8U, BrIfI32NeImm)
            (I32Load8U, BrIfNez32)
            (I32Load8U, I32Xor)
            (I32LtUImm, Const32)
            (I32Mul, I32Add)
            (I32Mul, I32Load16S)
            (I32MulImm, I32AddImm)
            (I32MulImm, I32Sub)
            (I32RemU, I32AddImm)
            (I32RemU, I32ShrUImm)
            (I32RotlImm, I32RotlImm)
            (I32RotlImm, I32Xor)
            (I32ShlImm, I32AddImm)
            (I32ShlImm, I32Sub)
            (I32ShlImm, I32Xor)
            (I32ShrUImm, I32Add)
            (I32ShrUImm, I32AndImm)
            (I32ShrUImm, I32RemU)
            (I32ShrUImm, I32Store8)
            (I32ShrUImm, I32Store8Val)
            (I32ShrUImm, I32Xor)
            (I32ShrUImm, I32XorImm)
            (I32Store, Copy)
            (I32Store, Copy2)
            (I32Store, I32AddImm)
            (I32Store, I32Store)
            (I32Store8, I32AddImm)
            (I32Store8, I32AddImm2)
            (I32Store8Val, I32AddImm)
            (I32Store8Val, I32AddImm2)
            (I32StoreVal, I32AddImm)
            (I32StoreVal, I32AddImm2)
            (I32StoreVal, I32Store)
            (I32Sub, F64ConvertI32S)
            (I32Sub, I32Add)
            (I32Sub, I32AddImm)
            (I32Sub, I32RemU)
            (I32WrapI64, I32Add)
            (I32WrapI64, I32And)
            (I32WrapI64, I32AndImm)
            (I32WrapI64, I32ShrUImm)
            (I32Xor, I32Add)
            (I32Xor, I32AddImm)
            (I32Xor, I32AddShlImm)
            (I32Xor, I32And)
            (I32Xor, I32AndImm)
            (I32Xor, I32RotlImm)
            (I32Xor, I32ShlImm)
            (I32Xor, I32ShrUImm)
            (I32XorImm, I32And)
            (I32XorImm, I32AndImm)
            (I64Add, BrIfI64LeU)
            (I64Add, I32Add)
            (I64Add, I32AddImm)
            (I64Add, I64Mul)
            (I64Add, I64RotlImm)
            (I64Add, I64Xor)
            (I64AddImm, BrIfI64Ne)
            (I64AddImm, I32ShlImm)
            (I64AddImm, I64And)
            (I64And, I64AndImm)
            (I64AndImm, BrIfEqz64)
            (I64AndImm, I64Xor)
            (I64AndImm, I64XorImm)
            (I64Ctz, I32WrapI64)
            (I64Load, I32AddImm2)
            (I64Load, I64AndImm)
            (I64Load, I64Store)
            (I64Load, I64StoreVal)
            (I64Load, I64Xor)
            (I64Load32S, I64Store)
            (I64Load32S, I64StoreVal)
            (I64Load8U, I64Add)
            (I64Mul, BrIfI64GtU)
            (I64MulImm, I32Add)
            (I64MulImm, I64Add)
            (I64MulImm, I64ShrUImm)
            (I64RotlImm, I64Add)
            (I64RotlImm, I64RotlImm)
            (I64RotlImm, I64Xor)
            (I64ShrUImm, I64AndImm)
            (I64ShrUImm, I64Xor)
            (I64Store, Copy2)
            (I64Store, I32AddImm)
            (I64Store, I32AddImm2)
            (I64StoreVal, Copy2)
            (I64StoreVal, I32AddImm)
            (I64Xor, I64Add)
            (I64Xor, I64MulImm)
            (I64Xor, I64RotlImm)
            (I64Xor, I64XorImm)
            (I64XorImm, I64AddImm)
            (I64XorImm, I64MulImm)
            (Select, I32ShrUImm)
            (Select, I32StoreVal)
            (Store64Imm, Store64Imm)
            (Store8Imm, I32Add)
        }
    };
}

pub(crate) use for_each_pair;

/// Calls `$m!` with every triple, `(First/form, Second/form, Third/form)`, sorted: runs of
/// three encoded opcodes, each with its form (bit 0: reads the accumulator; bit 1: writes its
/// result only there), taken from the 10 most frequent runs of each benchmark kernel (at least
/// 1% of its dispatches). A triple matches only these exact forms, so each needs one handler.
macro_rules! for_each_triple {
    ($m:ident) => {
        $m! {
            (BrIfI32Eq/1, I32Load/0, BrIfNez32/1)
            (BrIfI32GtS/0, I32AddImm/0, I32Load/0)
            (BrIfI32GtUImm/1, I32Add/2, ReturnSlot/1)
            (BrIfI32GtUImm/1, I32AddImm/0, CallInternal/0)
            (BrIfI32LeSImm/1, I32AddImm/0, I32AndImm/0)
            (BrIfI32LtS/1, I32AddImm2/0, I32Load/1)
            (BrIfI32LtUImm/0, Const32/0, I32AddImm/0)
            (BrIfI32LtUImm/0, I32Add/2, ReturnSlot/1)
            (BrIfI32Ne/1, F64Load/0, F64Mul/0)
            (BrIfI64LeU/1, Store8Imm/0, I32Add/0)
            (BrIfNez32/0, Copy/0, I32Load/1)
            (BrIfNez32/1, I32Load16U/2, BrIfI32Eq/1)
            (Const32/0, BrIfI32LtUImm/0, Const32/0)
            (Const32/0, BrIfI32LtUImm/0, I32Add/2)
            (Const32/0, I32AddImm/0, BrIfI32GtUImm/1)
            (Const32/0, I32AddImm/0, CallInternal/0)
            (Const32/2, I32Sub/1, I32RemU/0)
            (Copy/0, BrIfNez32/0, Copy/0)
            (Copy/0, I32Load/1, I32Store/0)
            (Copy/1, BrIfI32GtS/0, I32AddImm/0)
            (Copy2/0, Copy2/0, Copy2/0)
            (Copy2/0, I32Load8S/1, BrIfI32LeSImm/1)
            (F64Add/0, F64Store/0, I32AddImm/0)
            (F64Add/0, F64Store/0, I32AddImm2/0)
            (F64Add/3, F64StoreVal/1, I32AddImm/0)
            (F64Add/3, F64StoreVal/1, I32AddImm2/0)
            (F64Load/0, F64Add/0, F64Store/0)
            (F64Load/0, F64Mul/0, F64Load/0)
            (F64Load/1, F64Mul/0, F64Load/0)
            (F64Load/1, F64Sub/0, F64Mul/1)
            (F64Load/2, F64Add/3, F64StoreVal/1)
            (F64Load/3, F64SubRev/1, F64Mul/1)
            (F64Mul/0, F64Load/0, F64Add/0)
            (F64Mul/0, I32AddImm/2, F64Load/1)
            (F64Mul/1, F64Load/0, F64Add/0)
            (F64Mul/1, F64Sub/0, F64Store/0)
            (F64Mul/2, F64Mul/1, F64Load/0)
            (F64Mul/2, F64Mul/1, F64Sub/0)
            (F64Mul/2, F64Mul/3, F64SubRev/1)
            (F64Mul/3, F64SubRev/1, F64Store/0)
            (F64Mul/3, F64SubRev/3, F64StoreVal/1)
            (F64Store/0, I32AddImm/0, F64Mul/2)
            (F64Store/0, I32AddImm2/0, F64Load/1)
            (F64Store/0, I32AddImm2/0, I32AddImm/0)
            (F64StoreVal/1, I32AddImm/0, F64Mul/2)
            (F64StoreVal/1, I32AddImm2/0, F64Load/3)
            (F64StoreVal/1, I32AddImm2/0, I32AddImm/0)
            (F64SubRev/1, F64Store/0, F64Load/0)
            (F64SubRev/3, F64StoreVal/1, F64Load/0)
            (I32Add/0, I32AddImm/0, BrIfI32GtUImm/1)
            (I32Add/0, I32AddImm/0, I64AddImm/0)
            (I32Add/0, I64Add/0, BrIfI64LeU/1)
            (I32Add/1, Const32/0, I32AddImm/0)
            (I32Add/1, I32AddImm/2, I32Load/3)
            (I32Add/2, I32AddAddImm/3, I64Load8U/3)
            (I32Add/2, I64Load8U/3, I64Add/1)
            (I32Add/3, I32Load8U/3, BrIfNez32/1)
            (I32AddAddImm/3, I64Load8U/3, I64Add/1)
            (I32AddImm/0, BrIfI32GtUImm/1, I32Add/2)
            (I32AddImm/0, BrIfI32GtUImm/1, I32AddImm/0)
            (I32AddImm/0, Copy/1, BrIfI32GtS/0)
            (I32AddImm/0, F64Mul/2, F64Mul/1)
            (I32AddImm/0, I32Add/0, I32AddImm/0)
            (I32AddImm/0, I32AndImm/0, Br/0)
            (I32AddImm/0, I32Load/0, I32AddImm/0)
            (I32AddImm/0, I32ShlImm/2, I32AddImm/3)
            (I32AddImm/0, I64AddImm/0, BrIfI64Ne/1)
            (I32AddImm/0, I64AddImm/0, I32ShlImm/2)
            (I32AddImm/2, F64Load/1, F64Sub/0)
            (I32AddImm/2, F64Load/3, F64SubRev/1)
            (I32AddImm/2, I32AddAddImm/1, I64Load/1)
            (I32AddImm/2, I32Load/1, I32RotlImm/1)
            (I32AddImm/2, I32Load8U/3, I32Xor/3)
            (I32AddImm/3, I32Load/1, Br/0)
            (I32AddImm2/0, F64Load/1, F64Mul/0)
            (I32AddImm2/0, I32AddImm/0, BrIfI32Ne/1)
            (I32AddImm2/0, I32Load/1, BrIfI32LtS/1)
            (I32AddShlImm/0, Copy/0, I32AddImm/0)
            (I32AddShlImm/3, I32Load/1, I32ShrUImm/2)
            (I32AddShlImm/3, I64Load/1, I64Store/0)
            (I32AddShlImm/3, I64Load/3, I64StoreVal/1)
            (I32AndImm/1, I32AddImm/2, I32Load8U/3)
            (I32Load/0, BrIfNez32/1, I32Load16U/2)
            (I32Load/0, I32AddImm/0, Copy/1)
            (I32Load/1, BrIfI32LtS/1, I32AddImm/0)
            (I32Load/1, BrIfI32LtS/1, I32AddImm2/0)
            (I32Load/1, I32RotlImm/1, I32RotlImm/2)
            (I32Load/1, I32ShrUImm/2, I32Xor/1)
            (I32Load/1, I32Store/0, Copy/0)
            (I32Load16S/3, I32Mul/1, I32Load16S/0)
            (I32Load16U/2, BrIfI32Eq/1, I32Load/0)
            (I32Load8S/1, BrIfI32LeSImm/1, I32AddImm/0)
            (I32Load8U/3, BrIfNez32/1, I32AddImm/0)
            (I32Load8U/3, I32Xor/3, I32AddShlImm/3)
            (I32RotlImm/0, I32RotlImm/2, I32Xor/1)
            (I32RotlImm/1, I32RotlImm/2, I32Xor/1)
            (I32RotlImm/2, I32Xor/1, I32RotlImm/2)
            (I32RotlImm/2, I32Xor/1, I32ShrUImm/2)
            (I32ShlImm/2, I32AddImm/3, I32Load/1)
            (I32ShlImm/2, I32AddImm/3, I32Load/3)
            (I32ShlImm/2, I32Xor/1, I32ShrUImm/3)
            (I32ShlImm/3, I32Xor/1, I32ShrUImm/1)
            (I32ShrUImm/2, I32RemU/1, I32AddImm/0)
            (I32ShrUImm/2, I32Xor/1, I32AddImm/0)
            (I32ShrUImm/2, I32Xor/1, I32AndImm/1)
            (I32ShrUImm/2, I32Xor/3, I32Add/1)
            (I32ShrUImm/3, I32Xor/1, I32ShlImm/3)
            (I32Store/0, Copy/0, BrIfNez32/0)
            (I32Sub/2, I32Add/1, Const32/0)
            (I32WrapI64/2, I32Add/3, I32Load8U/3)
            (I32WrapI64/3, I32ShrUImm/3, I32Add/3)
            (I32Xor/1, I32AddImm/0, BrIfI32Ne/1)
            (I32Xor/1, I32AndImm/1, I32AddImm/2)
            (I32Xor/1, I32ShrUImm/2, I32Xor/3)
            (I32Xor/3, I32AddShlImm/3, I32Load/1)
            (I64Add/0, BrIfI64LeU/1, Store8Imm/0)
            (I64AddImm/0, I32ShlImm/2, I32AddImm/3)
            (I64AddImm/2, I64And/3, I64AndImm/1)
            (I64And/3, I64AndImm/1, BrIfEqz64/1)
            (I64AndImm/3, I64Xor/3, I64MulImm/1)
            (I64Ctz/2, I32WrapI64/3, I32ShrUImm/3)
            (I64Load/1, I64Store/0, I32AddImm/0)
            (I64Load/3, I64StoreVal/1, I32AddImm/0)
            (I64Load8U/3, I64Add/1, I32Add/2)
            (I64Load8U/3, I64Add/1, I32AddImm/0)
            (I64MulImm/1, I64ShrUImm/2, I64AndImm/3)
            (I64MulImm/1, I64ShrUImm/2, I64Xor/3)
            (I64ShrUImm/2, I64AndImm/3, I64Xor/3)
            (I64Store/0, I32AddImm/0, Br/0)
            (I64StoreVal/1, I32AddImm/0, Br/0)
            (I64Xor/3, I64MulImm/1, I64ShrUImm/2)
            (I64XorImm/3, I64MulImm/1, I64ShrUImm/2)
            (Store64Imm/0, Store64Imm/0, Store64Imm/0)
            (Store8Imm/0, I32Add/0, I64Add/0)
        }
    };
}

pub(crate) use for_each_triple;

/// Calls `$m!` with every jump superinstruction, `(Branch, Target)`, sorted: a branch (`Br` or
/// a conditional one) and the instruction it arrives at when taken. These are the taken
/// branches of at least 0.1 % of a kernel's executed instructions (the counter's `jumps`).
macro_rules! for_each_jump {
    ($m:ident) => {
        $m! {
            (Br, BrIfI32Eq)
            (Br, BrIfI32GtSImm)
            (Br, BrIfI64NeImm)
            (Br, BrIfNez32)
            (Br, I32Add)
            (Br, I32AddImm)
            (Br, I32AddImm2)
            (Br, I32Load)
            (Br, I32OrImm)
            (Br, I32Store)
            (Br, I32Sub)
            (Br, I32Xor)
            (Br, I64AddImm)
            (Br, I64MulImm)
            (Br, I64ShrUImm)
            (Br, ReturnSlot)
            (BrIfEqz32, BrIfEqz32)
            (BrIfEqz32, BrIfNez32)
            (BrIfEqz32, I32AddImm)
            (BrIfEqz32, I32AndImm)
            (BrIfEqz32, I32Load)
            (BrIfEqz32, I64AddImm)
            (BrIfEqz32, I64Load)
            (BrIfEqz64, I32AddImm)
            (BrIfEqz64, I64ShlImm)
            (BrIfI32GeS, I32AddImm)
            (BrIfI32GeU, BrIfEqz32)
            (BrIfI32GeU, BrIfI32GeU)
            (BrIfI32GeU, I32Load)
            (BrIfI32GeU, I64Store)
            (BrIfI32GeUImm, Copy)
            (BrIfI32GeUImm, I32Add)
            (BrIfI32GtS, I32AddImm)
            (BrIfI32GtSImm, BrIfEqz32)
            (BrIfI32GtUImm, BrIfI32LtUImm)
            (BrIfI32GtUImm, I32AddImm)
            (BrIfI32GtUImm, I32AddImm2)
            (BrIfI32GtUImm, I64Store)
            (BrIfI32LeS, I32AddShlImm)
            (BrIfI32LeU, Const32)
            (BrIfI32LtS, I32AddImm2)
            (BrIfI32LtSImm, I32Add)
            (BrIfI32LtSImm, I64And)
            (BrIfI32LtU, I32Add)
            (BrIfI32LtUImm, I32Add)
            (BrIfI32LtUImm, I32AddImm)
            (BrIfI32LtUImm, I32AddImm2)
            (BrIfI32Ne, BrIfNez32)
            (BrIfI32Ne, Const32)
            (BrIfI32Ne, Copy2)
            (BrIfI32Ne, F64Load)
            (BrIfI32Ne, I32Add)
            (BrIfI32Ne, I32AddImm)
            (BrIfI32Ne, I32AddImm2)
            (BrIfI32Ne, I32Load)
            (BrIfI32Ne, I32ShlImm)
            (BrIfI32Ne, I64ShlImm)
            (BrIfI32NeImm, Copy)
            (BrIfI32NeImm, I32Add)
            (BrIfI32NeImm, I32AddImm)
            (BrIfI32NeImm, I32ShrUImm)
            (BrIfI64Eq, I32AddImm)
            (BrIfI64GtU, I32AddImm)
            (BrIfI64LeU, Store8Imm)
            (BrIfI64Ne, I32WrapI64)
            (BrIfI64Ne, I64ShrUImm)
            (BrIfI64NeImm, I64AddImm)
            (BrIfI64NeImm, I64Ctz)
            (BrIfNez32, BrIfI32GeU)
            (BrIfNez32, BrIfI32GtUImm)
            (BrIfNez32, BrIfI64NeImm)
            (BrIfNez32, Const32)
            (BrIfNez32, Copy)
            (BrIfNez32, F64Load)
            (BrIfNez32, I32Add)
            (BrIfNez32, I32AddImm)
            (BrIfNez32, I32Load)
            (BrIfNez32, I32Load16U)
            (BrIfNez32, I32Load8S)
            (BrIfNez32, I32Load8U)
            (BrIfNez32, I32Store)
        }
    };
}

pub(crate) use for_each_jump;

/// Calls `$m!` with every jump superinstruction of three, `(Branch/form, Target/form,
/// Next/form)`, sorted: a branch, the instruction it arrives at when taken and the one after
/// that, in exact encoded forms as for triples. These are the up to 8 most frequent such runs
/// of each kernel (at least 0.5 % of its executed instructions); linking tries them before
/// jump pairs.
macro_rules! for_each_jump_triple {
    ($m:ident) => {
        $m! {
            (Br/0, I32AddImm/0, BrTable/0)
            (Br/0, I32AddImm/0, I64AddImm/0)
            (Br/0, I32AddImm2/0, BrIfNez32/1)
            (Br/0, I32Sub/2, I32Add/1)
            (Br/0, I32Xor/2, I32And/1)
            (Br/0, I64AddImm/0, BrIfI64GeU/1)
            (Br/0, I64AddImm/0, I32ShlImm/2)
            (Br/0, I64MulImm/0, I32Add/2)
            (Br/0, I64ShrUImm/2, I64Xor/1)
            (BrIfEqz64/1, I64ShlImm/2, I64And/3)
            (BrIfI32GeS/1, I32AddImm/0, I64MulImm/0)
            (BrIfI32GeU/1, BrIfEqz32/0, I32Add/2)
            (BrIfI32GeUImm/1, Copy/0, I32AddImm/2)
            (BrIfI32GtS/0, I32AddImm/0, I32Load/0)
            (BrIfI32GtS/1, I32AddImm/2, I32Store/1)
            (BrIfI32GtSImm/0, BrIfEqz32/0, BrIfEqz32/0)
            (BrIfI32GtUImm/1, I32AddImm/0, CallInternal/0)
            (BrIfI32LeS/0, I32AddShlImm/0, Copy/0)
            (BrIfI32LtS/1, I32AddImm2/0, I32Load/1)
            (BrIfI32LtUImm/0, I32Add/2, ReturnSlot/1)
            (BrIfI32LtUImm/0, I32AddImm/2, BrIfI32GeUImm/1)
            (BrIfI32Ne/0, Copy2/0, I32Load8S/1)
            (BrIfI32Ne/1, F64Load/0, F64Mul/0)
            (BrIfI32Ne/1, I32AddImm2/0, I32AndImm/0)
            (BrIfI32Ne/1, I32ShlImm/2, I32Xor/1)
            (BrIfI32NeImm/0, Copy/0, I32AddImm/1)
            (BrIfI32NeImm/1, I32Add/0, I32AddImm/1)
            (BrIfI32NeImm/1, I32Add/0, I32MulImm/0)
            (BrIfI32NeImm/1, I32AddImm/0, Const32/0)
            (BrIfI32NeImm/1, I32AddImm/2, I32Load16S/1)
            (BrIfI64LeU/1, Store8Imm/0, I32Add/0)
            (BrIfI64Ne/1, I32WrapI64/2, I32Add/3)
            (BrIfNez32/0, Copy/0, I32Load/1)
            (BrIfNez32/0, I32Load/0, BrIfI32GtS/1)
            (BrIfNez32/0, I32Load/0, I32AddImm/2)
            (BrIfNez32/0, I32Store/0, Copy2/0)
            (BrIfNez32/1, Copy/0, I32Load8U/0)
            (BrIfNez32/1, F64Load/0, F64Load/0)
            (BrIfNez32/1, I32AddImm/0, I32Add/0)
            (BrIfNez32/1, I32Load16U/2, BrIfI32Eq/1)
            (BrIfNez32/1, I32Load8S/0, BrIfI32LtSImm/1)
            (BrIfNez32/1, I32Load8U/0, I32Load8U/0)
        }
    };
}

pub(crate) use for_each_jump_triple;

/// Small loops (the instructions of the body in order, the last a conditional branch back to
/// the first) that run in one handler until the branch falls through, by encoded form as in
/// [`for_each_triple!`]: the hot inner loops of the kernels, of at most
/// [`MAX_LISTED_LOOP`] instructions.
macro_rules! for_each_loop {
    ($m:ident) => {
        $m! {
            (I32AddImm2/0, I32Load/1, BrIfI32LtS/1)
            (Store8Imm/0, I32Add/0, I64Add/0, BrIfI64LeU/1)
            (Copy/0, I32Load/1, I32Store/0, Copy/0, BrIfNez32/0)
            (I32AddImm/0, I32Load/0, I32AddImm/0, Copy/1, BrIfI32GtS/0)
        }
    };
}

pub(crate) use for_each_loop;

/// The longest loop [`for_each_loop!`] may list.
pub const MAX_LISTED_LOOP: usize = 5;

macro_rules! define_triple_list {
    ($name:ident, $( ($a:ident / $fa:literal, $b:ident / $fb:literal, $c:ident / $fc:literal) )*) => {
        /// Every entry's encoded opcodes, in handler-table order.
        pub const $name: &[[u16; 3]] = &[$([
            marked_opcode(Opcode::$a, $fa & 1 != 0, $fa & 2 != 0),
            marked_opcode(Opcode::$b, $fb & 1 != 0, $fb & 2 != 0),
            marked_opcode(Opcode::$c, $fc & 1 != 0, $fc & 2 != 0),
        ]),*];
    };
}

macro_rules! triples_list {
    ($($t:tt)*) => { define_triple_list!(TRIPLES, $($t)*); };
}
macro_rules! jump_triples_list {
    ($($t:tt)*) => { define_triple_list!(JUMP_TRIPLES, $($t)*); };
}
for_each_triple!(triples_list);
for_each_jump_triple!(jump_triples_list);

macro_rules! define_loop_list {
    ($( ($($op:ident / $form:literal),*) )*) => {
        /// Every listed loop's encoded opcodes, in handler-table order.
        pub const LOOPS: &[&[u16]] = &[$(
            &[$(marked_opcode(Opcode::$op, $form & 1 != 0, $form & 2 != 0)),*]
        ),*];
    };
}
for_each_loop!(define_loop_list);

/// The index in [`LOOPS`] of a loop's encoded opcodes (its instructions in order, the branch
/// back last), if it is listed.
pub fn loop_index(body: &[u16]) -> Option<usize> {
    LOOPS.iter().position(|l| *l == body)
}

/// A multiplicative hasher for the small keys of the superinstruction indices, which linking
/// looks up for every instruction (the default hasher showed in the profile of start-up).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u16(&mut self, v: u16) {
        self.write_u64(u64::from(v));
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517C_C1B7_2722_0A95);
    }
}

/// A map with [`KeyHasher`].
type Map<K> = std::collections::HashMap<K, usize, std::hash::BuildHasherDefault<KeyHasher>>;

/// An index of a list of encoded opcode runs of three.
type RunIndex = std::sync::OnceLock<Map<[u16; 3]>>;

/// Where `run` is in `list`, indexing the list in `index` on first use.
fn run_index(index: &RunIndex, list: &[[u16; 3]], run: [u16; 3]) -> Option<usize> {
    let index = index.get_or_init(|| list.iter().enumerate().map(|(i, t)| (*t, i)).collect());
    index.get(&run).copied()
}

/// The index in [`TRIPLES`] of three encoded opcodes, if they are a triple.
pub fn triple_index(first: u16, second: u16, third: u16) -> Option<usize> {
    static INDEX: RunIndex = RunIndex::new();
    run_index(&INDEX, TRIPLES, [first, second, third])
}

/// The index in [`JUMP_TRIPLES`] of a branch's encoded opcode and those of the instruction at
/// its target and the one after, if they are listed.
pub fn jump_triple_index(branch: u16, target: u16, next: u16) -> Option<usize> {
    static INDEX: RunIndex = RunIndex::new();
    run_index(&INDEX, JUMP_TRIPLES, [branch, target, next])
}

macro_rules! define_jump_list {
    ($( ($a:ident, $b:ident) )*) => {
        /// Every jump superinstruction, in handler-table order.
        pub const JUMPS: &[(Opcode, Opcode)] = &[$((Opcode::$a, Opcode::$b)),*];
    };
}

for_each_jump!(define_jump_list);

/// The index in [`JUMPS`] of a branch and the instruction at its target, if they are listed.
pub fn jump_index(branch: Opcode, target: Opcode) -> Option<usize> {
    static INDEX: std::sync::OnceLock<Map<(Opcode, Opcode)>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| JUMPS.iter().enumerate().map(|(i, j)| (*j, i)).collect());
    index.get(&(branch, target)).copied()
}

macro_rules! define_pair_list {
    ($( ($a:ident, $b:ident) )*) => {
        /// Every pair, in handler-table order.
        pub const PAIRS: &[(Opcode, Opcode)] = &[$((Opcode::$a, Opcode::$b)),*];
    };
}

for_each_pair!(define_pair_list);

/// Most pairs sharing a first instruction.
const MAX_PER_FIRST: usize = 32;

/// The pairs each opcode starts (indices into [`PAIRS`], `u16::MAX` for none). Built at compile
/// time; more than [`MAX_PER_FIRST`] pairs with one first instruction, or too many pairs for
/// the index type, fail the build.
static BY_FIRST: [[u16; MAX_PER_FIRST]; Opcode::ALL.len()] = {
    assert!(PAIRS.len() < u16::MAX as usize);
    let mut table = [[u16::MAX; MAX_PER_FIRST]; Opcode::ALL.len()];
    let mut i = 0;
    while i < PAIRS.len() {
        let first = PAIRS[i].0 as usize;
        let mut k = 0;
        while table[first][k] != u16::MAX {
            k += 1;
        }
        table[first][k] = i as u16;
        i += 1;
    }
    table
};

/// The index in [`PAIRS`] of `(first, second)`, if it is a pair.
#[inline]
pub fn pair_index(first: Opcode, second: Opcode) -> Option<usize> {
    BY_FIRST[first as usize]
        .iter()
        .take_while(|&&i| i != u16::MAX)
        .map(|&i| i as usize)
        .find(|&i| PAIRS[i].1 == second)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether an instruction can go on to the next one: not a call, return, unconditional
    /// jump, branch table or trap.
    fn falls_through(op: Opcode) -> bool {
        let name = op.name();
        op != Opcode::Br
            && !["Return", "Call", "Unreachable", "Interrupt", "BrTable"]
                .iter()
                .any(|p| name.starts_with(p))
    }

    /// The first instruction of a pair must reach the second when it does not branch: no call,
    /// return, unconditional jump or trap.
    #[test]
    fn first_instructions_can_fall_through() {
        for (first, _) in PAIRS {
            assert!(
                falls_through(*first),
                "{} cannot start a pair",
                first.name()
            );
        }
    }

    /// A listed loop ends in a conditional branch (back to its head, which linking checks),
    /// its other instructions fall through, its head does not read the accumulator (a loop's
    /// head is a branch target), and each is found by its opcodes.
    #[test]
    fn loops_end_in_a_conditional_branch_and_are_found() {
        for &body in LOOPS {
            assert!((3..=MAX_LISTED_LOOP).contains(&body.len()));
            let ops: Vec<Opcode> = body
                .iter()
                .map(|&raw| Opcode::from_u16(super::super::base_opcode(raw)).expect("an opcode"))
                .collect();
            let (last, rest) = ops.split_last().expect("not empty");
            assert!(
                last.name().starts_with("BrIf"),
                "{} ends a loop",
                last.name()
            );
            for op in rest {
                assert!(falls_through(*op), "{} inside a loop", op.name());
            }
            assert!(!super::super::reads_acc(body[0]));
            assert!(loop_index(body).is_some());
        }
    }

    /// The first two instructions of a triple must reach the next when they do not branch, and
    /// each triple is listed once and found by its opcodes.
    #[test]
    fn triples_fall_through_and_are_found() {
        for (i, triple) in TRIPLES.iter().enumerate() {
            for &raw in &triple[..2] {
                let op = Opcode::from_u16(super::super::base_opcode(raw)).expect("an opcode");
                assert!(falls_through(op), "{} cannot start a triple", op.name());
            }
            for &raw in triple {
                let op = Opcode::from_u16(super::super::base_opcode(raw)).expect("an opcode");
                assert!(!super::super::writes_acc_only(raw) || op.single_result());
            }
            assert_eq!(triple_index(triple[0], triple[1], triple[2]), Some(i));
        }
    }

    /// A jump superinstruction starts with a branch, and each is listed once and found.
    #[test]
    fn jumps_start_with_a_branch_and_are_found() {
        for (i, &(branch, target)) in JUMPS.iter().enumerate() {
            let name = branch.name();
            assert!(branch == Opcode::Br || name.starts_with("BrIf"), "{name}");
            assert_eq!(
                jump_index(branch, target),
                Some(i),
                "{branch:?}, {target:?}"
            );
        }
    }

    /// A jump superinstruction of three starts with a branch, its target instruction does not
    /// read the accumulator and falls through, and each is listed once and found.
    #[test]
    fn jump_triples_start_with_a_branch_and_are_found() {
        for (i, run) in JUMP_TRIPLES.iter().enumerate() {
            let op =
                |raw: u16| Opcode::from_u16(super::super::base_opcode(raw)).expect("an opcode");
            let (branch, target) = (op(run[0]), op(run[1]));
            assert!(
                branch == Opcode::Br || branch.name().starts_with("BrIf"),
                "{branch:?}"
            );
            assert!(!super::super::reads_acc(run[1]), "{target:?}");
            let never_falls_through = ["Return", "Call", "Unreachable", "Interrupt", "BrTable"]
                .iter()
                .any(|p| target.name().starts_with(p))
                || target == Opcode::Br;
            assert!(!never_falls_through, "{target:?}");
            assert_eq!(jump_triple_index(run[0], run[1], run[2]), Some(i));
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
