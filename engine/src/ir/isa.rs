//! The instruction set, defined once as data.
//!
//! Each entry is: a doc line, the instruction's name, its operand fields in encoding order (by
//! convention a result slot `dst` comes first and a branch `offset` last), its fuel cost, its
//! relations to other instructions (an optional bracketed list, below), and its body, which the interpreter runs with `x` bound to the executor (the body may use `?` to leave
//! the dispatch loop with a trap or an exit). [`for_each_instruction!`] hands the whole table to
//! a macro: `ir` derives the opcodes, the encoder, the decoder, the disassembler and fuel costs
//! from it; `interp` derives the dispatch loop. Adding an instruction is one entry here (with
//! its relations).
//!
//! Fields are `Slot` (a frame cell the instruction reads, or the accumulator [`Slot::ACC`]),
//! `Dst` (the cell it writes its result to, written last, which also sets the accumulator; an
//! instruction with two results, such as the wide-arithmetic ones, lists the one the
//! accumulator ends up holding first and writes it last), `Base` (where a callee's frame starts), `BranchOffset`, and the
//! immediates `u32`, `i32`, `u64`, `i64`. Bodies read every operand before writing `dst`, so
//! `dst` may alias an operand.
//!
//! Relations, written once at the instruction they start from, in any order:
//! - `commutative`: swapping `lhs` and `rhs` computes the same (float `add`/`mul` too: Wasm
//!   leaves a NaN result's payload open);
//! - `mirror(X)`: `X` with `lhs` and `rhs` swapped computes the same (`I32LtS` and `I32GtS`);
//!   written on both;
//! - `reverse(X)`: `X` is the same operation reading `lhs` and `rhs` the other way round
//!   (`I32Sub` and `I32SubRev`); written on both;
//! - `imm(X)`: `X` has the same fields, one slot operand (`rhs`, a store's `value`) replaced by
//!   an immediate;
//! - `value_first(X)`: `X` is the store with the same fields, `value` first;
//! - `mem(X)`: `X` is the same access with a `mem` field added last, for any memory but 0;
//! - `negate(X)`: the conditional branch `X`, with the same fields, is taken exactly when this
//!   one is not; written on both;
//! - `branch(X)`: `X` is the conditional branch taken when this comparison is true, with its
//!   fields but `dst`, then `offset`.
//!
//! `ir` derives from them [`Opcode::swapped`], [`Opcode::commutative`], [`Opcode::imm_form`],
//! [`Opcode::value_first_form`], [`Opcode::mem_form`], [`Opcode::negated`],
//! [`Opcode::branch_form`] and the conversions [`Instr::with_operands_swapped`],
//! [`Instr::with_imm`], [`Instr::value_first`], [`Instr::with_mem`], [`Instr::negated`],
//! [`Instr::branch_form`], which the translator uses rather than lists of its own. A target with
//! other fields does not compile; `ir`'s tests check the rest (both ways, nothing chained).
//!
//! [`Slot::ACC`]: super::Slot::ACC
//! [`Opcode::swapped`]: super::Opcode::swapped
//! [`Opcode::commutative`]: super::Opcode::commutative
//! [`Opcode::imm_form`]: super::Opcode::imm_form
//! [`Opcode::value_first_form`]: super::Opcode::value_first_form
//! [`Opcode::mem_form`]: super::Opcode::mem_form
//! [`Instr::with_operands_swapped`]: super::Instr::with_operands_swapped
//! [`Instr::with_imm`]: super::Instr::with_imm
//! [`Instr::value_first`]: super::Instr::value_first
//! [`Instr::with_mem`]: super::Instr::with_mem
//! [`Opcode::negated`]: super::Opcode::negated
//! [`Opcode::branch_form`]: super::Opcode::branch_form
//! [`Instr::negated`]: super::Instr::negated
//! [`Instr::branch_form`]: super::Instr::branch_form

/// Calls `$m!` with every instruction of the table.
macro_rules! for_each_instruction {
    ($m:ident) => {
        $m! {
        /// Traps with `unreachable`.
        Unreachable {  } cost(1) |x| { return Err(x.trap(TrapCode::Unreachable)); }
        /// Jumps by `offset`.
        Br { offset: BranchOffset } cost(1) |x| { x.branch(offset); }
        /// Jumps by `offset` if the i32 in `cond` is not zero.
        BrIfNez32 { cond: Slot, offset: BranchOffset } cost(1) [negate(BrIfEqz32)] |x| { if x.get::<u32>(cond) != 0 { x.branch(offset); } }
        /// Jumps by `offset` if the i32 in `cond` is zero.
        BrIfEqz32 { cond: Slot, offset: BranchOffset } cost(1) [negate(BrIfNez32)] |x| { if x.get::<u32>(cond) == 0 { x.branch(offset); } }
        /// Jumps by `offset` if the i64 in `cond` is not zero.
        BrIfNez64 { cond: Slot, offset: BranchOffset } cost(1) [negate(BrIfEqz64)] |x| { if x.get::<u64>(cond) != 0 { x.branch(offset); } }
        /// Jumps by `offset` if the i64 in `cond` is zero.
        BrIfEqz64 { cond: Slot, offset: BranchOffset } cost(1) [negate(BrIfNez64)] |x| { if x.get::<u64>(cond) == 0 { x.branch(offset); } }
        /// Jumps by `offset` if `lhs == rhs` (i32).
        BrIfI32Eq { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [commutative, imm(BrIfI32EqImm), negate(BrIfI32Ne)] |x| { if x.get::<i32>(lhs) == x.get::<i32>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs == imm` (i32).
        BrIfI32EqImm { lhs: Slot, rhs: i32, offset: BranchOffset } cost(1) [negate(BrIfI32NeImm)] |x| { if x.get::<i32>(lhs) == (rhs as i32) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs != rhs` (i32).
        BrIfI32Ne { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [commutative, imm(BrIfI32NeImm), negate(BrIfI32Eq)] |x| { if x.get::<i32>(lhs) != x.get::<i32>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs != imm` (i32).
        BrIfI32NeImm { lhs: Slot, rhs: i32, offset: BranchOffset } cost(1) [negate(BrIfI32EqImm)] |x| { if x.get::<i32>(lhs) != (rhs as i32) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs < rhs` (i32).
        BrIfI32LtS { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI32GtS), imm(BrIfI32LtSImm), negate(BrIfI32GeS)] |x| { if x.get::<i32>(lhs) < x.get::<i32>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs < imm` (i32).
        BrIfI32LtSImm { lhs: Slot, rhs: i32, offset: BranchOffset } cost(1) [negate(BrIfI32GeSImm)] |x| { if x.get::<i32>(lhs) < (rhs as i32) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs < rhs` (u32).
        BrIfI32LtU { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI32GtU), imm(BrIfI32LtUImm), negate(BrIfI32GeU)] |x| { if x.get::<u32>(lhs) < x.get::<u32>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs < imm` (u32).
        BrIfI32LtUImm { lhs: Slot, rhs: i32, offset: BranchOffset } cost(1) [negate(BrIfI32GeUImm)] |x| { if x.get::<u32>(lhs) < (rhs as u32) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs > rhs` (i32).
        BrIfI32GtS { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI32LtS), imm(BrIfI32GtSImm), negate(BrIfI32LeS)] |x| { if x.get::<i32>(lhs) > x.get::<i32>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs > imm` (i32).
        BrIfI32GtSImm { lhs: Slot, rhs: i32, offset: BranchOffset } cost(1) [negate(BrIfI32LeSImm)] |x| { if x.get::<i32>(lhs) > (rhs as i32) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs > rhs` (u32).
        BrIfI32GtU { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI32LtU), imm(BrIfI32GtUImm), negate(BrIfI32LeU)] |x| { if x.get::<u32>(lhs) > x.get::<u32>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs > imm` (u32).
        BrIfI32GtUImm { lhs: Slot, rhs: i32, offset: BranchOffset } cost(1) [negate(BrIfI32LeUImm)] |x| { if x.get::<u32>(lhs) > (rhs as u32) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs <= rhs` (i32).
        BrIfI32LeS { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI32GeS), imm(BrIfI32LeSImm), negate(BrIfI32GtS)] |x| { if x.get::<i32>(lhs) <= x.get::<i32>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs <= imm` (i32).
        BrIfI32LeSImm { lhs: Slot, rhs: i32, offset: BranchOffset } cost(1) [negate(BrIfI32GtSImm)] |x| { if x.get::<i32>(lhs) <= (rhs as i32) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs <= rhs` (u32).
        BrIfI32LeU { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI32GeU), imm(BrIfI32LeUImm), negate(BrIfI32GtU)] |x| { if x.get::<u32>(lhs) <= x.get::<u32>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs <= imm` (u32).
        BrIfI32LeUImm { lhs: Slot, rhs: i32, offset: BranchOffset } cost(1) [negate(BrIfI32GtUImm)] |x| { if x.get::<u32>(lhs) <= (rhs as u32) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs >= rhs` (i32).
        BrIfI32GeS { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI32LeS), imm(BrIfI32GeSImm), negate(BrIfI32LtS)] |x| { if x.get::<i32>(lhs) >= x.get::<i32>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs >= imm` (i32).
        BrIfI32GeSImm { lhs: Slot, rhs: i32, offset: BranchOffset } cost(1) [negate(BrIfI32LtSImm)] |x| { if x.get::<i32>(lhs) >= (rhs as i32) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs >= rhs` (u32).
        BrIfI32GeU { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI32LeU), imm(BrIfI32GeUImm), negate(BrIfI32LtU)] |x| { if x.get::<u32>(lhs) >= x.get::<u32>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs >= imm` (u32).
        BrIfI32GeUImm { lhs: Slot, rhs: i32, offset: BranchOffset } cost(1) [negate(BrIfI32LtUImm)] |x| { if x.get::<u32>(lhs) >= (rhs as u32) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs == rhs` (i64).
        BrIfI64Eq { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [commutative, imm(BrIfI64EqImm), negate(BrIfI64Ne)] |x| { if x.get::<i64>(lhs) == x.get::<i64>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs == imm` (i64).
        BrIfI64EqImm { lhs: Slot, rhs: i64, offset: BranchOffset } cost(1) [negate(BrIfI64NeImm)] |x| { if x.get::<i64>(lhs) == (rhs as i64) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs != rhs` (i64).
        BrIfI64Ne { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [commutative, imm(BrIfI64NeImm), negate(BrIfI64Eq)] |x| { if x.get::<i64>(lhs) != x.get::<i64>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs != imm` (i64).
        BrIfI64NeImm { lhs: Slot, rhs: i64, offset: BranchOffset } cost(1) [negate(BrIfI64EqImm)] |x| { if x.get::<i64>(lhs) != (rhs as i64) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs < rhs` (i64).
        BrIfI64LtS { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI64GtS), imm(BrIfI64LtSImm), negate(BrIfI64GeS)] |x| { if x.get::<i64>(lhs) < x.get::<i64>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs < imm` (i64).
        BrIfI64LtSImm { lhs: Slot, rhs: i64, offset: BranchOffset } cost(1) [negate(BrIfI64GeSImm)] |x| { if x.get::<i64>(lhs) < (rhs as i64) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs < rhs` (u64).
        BrIfI64LtU { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI64GtU), imm(BrIfI64LtUImm), negate(BrIfI64GeU)] |x| { if x.get::<u64>(lhs) < x.get::<u64>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs < imm` (u64).
        BrIfI64LtUImm { lhs: Slot, rhs: i64, offset: BranchOffset } cost(1) [negate(BrIfI64GeUImm)] |x| { if x.get::<u64>(lhs) < (rhs as u64) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs > rhs` (i64).
        BrIfI64GtS { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI64LtS), imm(BrIfI64GtSImm), negate(BrIfI64LeS)] |x| { if x.get::<i64>(lhs) > x.get::<i64>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs > imm` (i64).
        BrIfI64GtSImm { lhs: Slot, rhs: i64, offset: BranchOffset } cost(1) [negate(BrIfI64LeSImm)] |x| { if x.get::<i64>(lhs) > (rhs as i64) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs > rhs` (u64).
        BrIfI64GtU { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI64LtU), imm(BrIfI64GtUImm), negate(BrIfI64LeU)] |x| { if x.get::<u64>(lhs) > x.get::<u64>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs > imm` (u64).
        BrIfI64GtUImm { lhs: Slot, rhs: i64, offset: BranchOffset } cost(1) [negate(BrIfI64LeUImm)] |x| { if x.get::<u64>(lhs) > (rhs as u64) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs <= rhs` (i64).
        BrIfI64LeS { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI64GeS), imm(BrIfI64LeSImm), negate(BrIfI64GtS)] |x| { if x.get::<i64>(lhs) <= x.get::<i64>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs <= imm` (i64).
        BrIfI64LeSImm { lhs: Slot, rhs: i64, offset: BranchOffset } cost(1) [negate(BrIfI64GtSImm)] |x| { if x.get::<i64>(lhs) <= (rhs as i64) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs <= rhs` (u64).
        BrIfI64LeU { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI64GeU), imm(BrIfI64LeUImm), negate(BrIfI64GtU)] |x| { if x.get::<u64>(lhs) <= x.get::<u64>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs <= imm` (u64).
        BrIfI64LeUImm { lhs: Slot, rhs: i64, offset: BranchOffset } cost(1) [negate(BrIfI64GtUImm)] |x| { if x.get::<u64>(lhs) <= (rhs as u64) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs >= rhs` (i64).
        BrIfI64GeS { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI64LeS), imm(BrIfI64GeSImm), negate(BrIfI64LtS)] |x| { if x.get::<i64>(lhs) >= x.get::<i64>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs >= imm` (i64).
        BrIfI64GeSImm { lhs: Slot, rhs: i64, offset: BranchOffset } cost(1) [negate(BrIfI64LtSImm)] |x| { if x.get::<i64>(lhs) >= (rhs as i64) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs >= rhs` (u64).
        BrIfI64GeU { lhs: Slot, rhs: Slot, offset: BranchOffset } cost(1) [mirror(BrIfI64LeU), imm(BrIfI64GeUImm), negate(BrIfI64LtU)] |x| { if x.get::<u64>(lhs) >= x.get::<u64>(rhs) { x.branch(offset); } }
        /// Jumps by `offset` if `lhs >= imm` (u64).
        BrIfI64GeUImm { lhs: Slot, rhs: i64, offset: BranchOffset } cost(1) [negate(BrIfI64LtUImm)] |x| { if x.get::<u64>(lhs) >= (rhs as u64) { x.branch(offset); } }
        /// Jumps through a table: `len` + 1 branch offsets follow (the last is the default), each relative to the end of the table.
        BrTable { index: Slot, len: u32 } cost(1) |x| { x.branch_table(index, len); }
        /// Returns; the results are already in slots `0..n`.
        Return {  } cost(1) |x| { x.ret()?; }
        /// Returns the single result in `src`.
        ReturnSlot { src: Slot } cost(1) |x| { let v = x.get::<u64>(src); x.set(Slot(0), v); x.ret()?; }
        /// Returns the single constant result `value`.
        ReturnImm { value: u64 } cost(1) |x| { x.set(Slot(0), value); x.ret()?; }
        /// Calls function `func` of the current instance; its frame starts at slot `base`, where the arguments are.
        Call { func: u32, base: Base } cost(4) |x| { x.call(func, base)?; }
        /// Calls defined function `def` of the current module (no import in between); its frame starts at slot `base`.
        CallInternal { def: u32, base: Base } cost(4) |x| { x.call_internal(def, base)?; }
        /// Calls the function at element `index` of table `table`, checking it has type `type_index`; arguments at `base`.
        CallIndirect { type_index: u32, table: u32, index: Slot, base: Base } cost(4) |x| { x.call_indirect(type_index, table, index, base)?; }
        /// Throws an exception of tag `tag` (of the current instance) whose payload is in the slots from `base`.
        Throw { tag: u32, base: Base } cost(4) |x| { x.throw(tag, base)?; }
        /// Throws the exception `exn` refers to again (traps on null).
        ThrowRef { exn: Slot } cost(4) |x| { let cell = x.get::<u64>(exn); x.throw_ref(cell)?; }
        /// Tail-calls function `func` of the current instance: the arguments at `base` move down to the frame's start and the callee's frame replaces the current one (a host function is called, then the current function returns its results).
        ReturnCall { func: u32, base: Base } cost(4) |x| { x.return_call(func, base)?; }
        /// Tail-calls defined function `def` of the current module (no import in between), its arguments at `base`.
        ReturnCallInternal { def: u32, base: Base } cost(4) |x| { x.return_call_internal(def, base)?; }
        /// Tail-calls the function at element `index` of table `table`, checking it has type `type_index`; arguments at `base`.
        ReturnCallIndirect { type_index: u32, table: u32, index: Slot, base: Base } cost(4) |x| { x.return_call_indirect(type_index, table, index, base)?; }
        /// Calls the function `callee` refers to (typed function references: validation proved its type), trapping on null; arguments at `base`.
        CallRef { callee: Slot, base: Base } cost(4) |x| { x.call_ref(callee, base)?; }
        /// Tail-calls the function `callee` refers to, trapping on null; arguments at `base`.
        ReturnCallRef { callee: Slot, base: Base } cost(4) |x| { x.return_call_ref(callee, base)?; }
        /// Copies a cell.
        Copy { dst: Dst, src: Slot } cost(1) |x| { let v = x.get::<u64>(src); x.set(dst, v); }
        /// Two `Copy`s in one dispatch, in order: `dst2 = src2`, then `dst = src`.
        Copy2 { dst: Dst, src: Slot, dst2: Dst, src2: Slot } cost(2) |x| { let v = x.get::<u64>(src2); x.set(dst2, v); let v = x.get::<u64>(src); x.set(dst, v); }
        /// Writes a 32-bit constant (zero-extended).
        Const32 { dst: Dst, value: u32 } cost(1) |x| { x.set(dst, value); }
        /// Writes a 64-bit constant.
        Const64 { dst: Dst, value: u64 } cost(1) |x| { x.set(dst, value); }
        /// `dst = if cond != 0 { a } else { b }`.
        Select { dst: Dst, cond: Slot, a: Slot, b: Slot } cost(1) |x| { let v = if x.get::<u32>(cond) != 0 { x.get::<u64>(a) } else { x.get::<u64>(b) }; x.set(dst, v); }
        /// `dst = if cond != 0 { a } else { b }` for two constants (zero-extended, as `Const32` writes them).
        SelectImm { dst: Dst, cond: Slot, a: u32, b: u32 } cost(1) |x| { let v = if x.get::<u32>(cond) != 0 { a } else { b }; x.set(dst, v); }
        /// Reads global `global`.
        GlobalGet { dst: Dst, global: u32 } cost(1) |x| { let v = x.global_get(global); x.set(dst, v); }
        /// Writes global `global`.
        GlobalSet { global: u32, src: Slot } cost(1) |x| { let v = x.get::<u64>(src); x.global_set(global, v); }
        /// Reads the v128 global `global`.
        GlobalGetV128 { dst: VDst, global: u32 } cost(1) |x| { let v = x.global_get_v128(global); x.set_v128(dst, v); }
        /// Writes the v128 global `global`.
        GlobalSetV128 { global: u32, src: VSlot } cost(1) |x| { let v = x.get_v128(src); x.global_set_v128(global, v); }
        /// A reference to function `func` of the current instance.
        RefFunc { dst: Dst, func: u32 } cost(1) |x| { let v = x.ref_func(func); x.set(dst, v); }
        /// Traps with `null reference` if `value` is null (`ref.as_non_null`: the value stays where it is).
        RefAsNonNull { value: Slot } cost(1) |x| { if x.get::<u64>(value) == 0 { return Err(x.trap(TrapCode::NullReference)); } }
        /// `dst = lhs add rhs` (i32).
        I32Add { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I32AddImm)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a.wrapping_add(b)); }
        /// `dst = lhs add imm` (i32).
        I32AddImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a.wrapping_add(b)); }
        /// Two `I32AddImm`s in one dispatch, in order: `dst2 = lhs2 + rhs2`, then `dst = lhs + rhs` (the second comes first in the encoding, so its result is the one `local.set` retargets and the accumulator holds).
        I32AddImm2 { dst: Dst, lhs: Slot, rhs: i32, dst2: Dst, lhs2: Slot, rhs2: i32 } cost(2) |x| { x.binop_imm(dst2, lhs2, rhs2, |a: i32, b: i32| a.wrapping_add(b)); x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a.wrapping_add(b)); }
        /// `dst = lhs + rhs + imm` (i32): an `I32Add` whose result only fed an `I32AddImm`.
        I32AddAddImm { dst: Dst, lhs: Slot, rhs: Slot, imm: i32 } cost(2) |x| { let v = x.get::<i32>(lhs).wrapping_add(x.get::<i32>(rhs)).wrapping_add(imm); x.set(dst, v); }
        /// `dst = base + (index << shift)` (i32): an `I32ShlImm` whose result only fed an `I32Add` (array indexing).
        I32AddShlImm { dst: Dst, index: Slot, base: Slot, shift: i32 } cost(2) |x| { let v = x.get::<i32>(base).wrapping_add(x.get::<i32>(index).wrapping_shl(shift as u32)); x.set(dst, v); }
        /// `dst = lhs sub rhs` (i32).
        I32Sub { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [reverse(I32SubRev), imm(I32SubImm)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a.wrapping_sub(b)); }
        /// `dst = rhs sub lhs` (i32): a `I32Sub` whose subtrahend was the previous result, read first so it can come from the accumulator.
        I32SubRev { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [reverse(I32Sub)] |x| { x.binop(dst, rhs, lhs, |a: i32, b: i32| a.wrapping_sub(b)); }
        /// `dst = lhs sub imm` (i32).
        I32SubImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a.wrapping_sub(b)); }
        /// `dst = lhs mul rhs` (i32).
        I32Mul { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I32MulImm)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a.wrapping_mul(b)); }
        /// `dst = lhs mul imm` (i32).
        I32MulImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a.wrapping_mul(b)); }
        /// `dst = lhs divs rhs` (i32).
        I32DivS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I32DivSImm)] |x| { x.binop_try(dst, lhs, rhs, num::i32_div_s)?; }
        /// `dst = lhs divs imm` (i32).
        I32DivSImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_try_imm(dst, lhs, rhs, num::i32_div_s)?; }
        /// `dst = lhs divu rhs` (i32).
        I32DivU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I32DivUImm)] |x| { x.binop_try(dst, lhs, rhs, num::u32_div_u)?; }
        /// `dst = lhs divu imm` (i32).
        I32DivUImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_try_imm(dst, lhs, rhs, num::u32_div_u)?; }
        /// `dst = lhs rems rhs` (i32).
        I32RemS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I32RemSImm)] |x| { x.binop_try(dst, lhs, rhs, num::i32_rem_s)?; }
        /// `dst = lhs rems imm` (i32).
        I32RemSImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_try_imm(dst, lhs, rhs, num::i32_rem_s)?; }
        /// `dst = lhs remu rhs` (i32).
        I32RemU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I32RemUImm)] |x| { x.binop_try(dst, lhs, rhs, num::u32_rem_u)?; }
        /// `dst = lhs remu imm` (i32).
        I32RemUImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_try_imm(dst, lhs, rhs, num::u32_rem_u)?; }
        /// `dst = lhs and rhs` (i32).
        I32And { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I32AndImm)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a & b); }
        /// `dst = lhs and imm` (i32).
        I32AndImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a & b); }
        /// `dst = lhs or rhs` (i32).
        I32Or { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I32OrImm)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a | b); }
        /// `dst = lhs or imm` (i32).
        I32OrImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a | b); }
        /// `dst = lhs xor rhs` (i32).
        I32Xor { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I32XorImm)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a ^ b); }
        /// `dst = lhs xor imm` (i32).
        I32XorImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a ^ b); }
        /// `dst = lhs shl rhs` (i32).
        I32Shl { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I32ShlImm)] |x| { x.binop(dst, lhs, rhs, num::i32_shl); }
        /// `dst = lhs shl imm` (i32).
        I32ShlImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, num::i32_shl); }
        /// `dst = lhs shrs rhs` (i32).
        I32ShrS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I32ShrSImm)] |x| { x.binop(dst, lhs, rhs, num::i32_shr_s); }
        /// `dst = lhs shrs imm` (i32).
        I32ShrSImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, num::i32_shr_s); }
        /// `dst = lhs shru rhs` (i32).
        I32ShrU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I32ShrUImm)] |x| { x.binop(dst, lhs, rhs, num::u32_shr_u); }
        /// `dst = lhs shru imm` (i32).
        I32ShrUImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, num::u32_shr_u); }
        /// `dst = lhs rotl rhs` (i32).
        I32Rotl { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I32RotlImm)] |x| { x.binop(dst, lhs, rhs, num::i32_rotl); }
        /// `dst = lhs rotl imm` (i32).
        I32RotlImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, num::i32_rotl); }
        /// `dst = lhs rotr rhs` (i32).
        I32Rotr { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I32RotrImm)] |x| { x.binop(dst, lhs, rhs, num::i32_rotr); }
        /// `dst = lhs rotr imm` (i32).
        I32RotrImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, num::i32_rotr); }
        /// `dst = lhs == rhs` (i32).
        I32Eq { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I32EqImm), branch(BrIfI32Eq)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a == b); }
        /// `dst = lhs == imm` (i32).
        I32EqImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) [branch(BrIfI32EqImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a == b); }
        /// `dst = lhs != rhs` (i32).
        I32Ne { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I32NeImm), branch(BrIfI32Ne)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a != b); }
        /// `dst = lhs != imm` (i32).
        I32NeImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) [branch(BrIfI32NeImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a != b); }
        /// `dst = lhs < rhs` (i32).
        I32LtS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I32GtS), imm(I32LtSImm), branch(BrIfI32LtS)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a < b); }
        /// `dst = lhs < imm` (i32).
        I32LtSImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) [branch(BrIfI32LtSImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a < b); }
        /// `dst = lhs < rhs` (u32).
        I32LtU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I32GtU), imm(I32LtUImm), branch(BrIfI32LtU)] |x| { x.binop(dst, lhs, rhs, |a: u32, b: u32| a < b); }
        /// `dst = lhs < imm` (u32).
        I32LtUImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) [branch(BrIfI32LtUImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: u32, b: u32| a < b); }
        /// `dst = lhs > rhs` (i32).
        I32GtS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I32LtS), imm(I32GtSImm), branch(BrIfI32GtS)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a > b); }
        /// `dst = lhs > imm` (i32).
        I32GtSImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) [branch(BrIfI32GtSImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a > b); }
        /// `dst = lhs > rhs` (u32).
        I32GtU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I32LtU), imm(I32GtUImm), branch(BrIfI32GtU)] |x| { x.binop(dst, lhs, rhs, |a: u32, b: u32| a > b); }
        /// `dst = lhs > imm` (u32).
        I32GtUImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) [branch(BrIfI32GtUImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: u32, b: u32| a > b); }
        /// `dst = lhs <= rhs` (i32).
        I32LeS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I32GeS), imm(I32LeSImm), branch(BrIfI32LeS)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a <= b); }
        /// `dst = lhs <= imm` (i32).
        I32LeSImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) [branch(BrIfI32LeSImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a <= b); }
        /// `dst = lhs <= rhs` (u32).
        I32LeU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I32GeU), imm(I32LeUImm), branch(BrIfI32LeU)] |x| { x.binop(dst, lhs, rhs, |a: u32, b: u32| a <= b); }
        /// `dst = lhs <= imm` (u32).
        I32LeUImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) [branch(BrIfI32LeUImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: u32, b: u32| a <= b); }
        /// `dst = lhs >= rhs` (i32).
        I32GeS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I32LeS), imm(I32GeSImm), branch(BrIfI32GeS)] |x| { x.binop(dst, lhs, rhs, |a: i32, b: i32| a >= b); }
        /// `dst = lhs >= imm` (i32).
        I32GeSImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) [branch(BrIfI32GeSImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i32, b: i32| a >= b); }
        /// `dst = lhs >= rhs` (u32).
        I32GeU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I32LeU), imm(I32GeUImm), branch(BrIfI32GeU)] |x| { x.binop(dst, lhs, rhs, |a: u32, b: u32| a >= b); }
        /// `dst = lhs >= imm` (u32).
        I32GeUImm { dst: Dst, lhs: Slot, rhs: i32 } cost(1) [branch(BrIfI32GeUImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: u32, b: u32| a >= b); }
        /// `dst = lhs add rhs` (i64).
        I64Add { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I64AddImm)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a.wrapping_add(b)); }
        /// `dst = lhs add imm` (i64).
        I64AddImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a.wrapping_add(b)); }
        /// `dst = lhs sub rhs` (i64).
        I64Sub { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [reverse(I64SubRev), imm(I64SubImm)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a.wrapping_sub(b)); }
        /// `dst = rhs sub lhs` (i64): a `I64Sub` whose subtrahend was the previous result, read first so it can come from the accumulator.
        I64SubRev { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [reverse(I64Sub)] |x| { x.binop(dst, rhs, lhs, |a: i64, b: i64| a.wrapping_sub(b)); }
        /// `dst = lhs sub imm` (i64).
        I64SubImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a.wrapping_sub(b)); }
        /// `dst = lhs mul rhs` (i64).
        I64Mul { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I64MulImm)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a.wrapping_mul(b)); }
        /// `dst = lhs mul imm` (i64).
        I64MulImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a.wrapping_mul(b)); }
        /// `dst = lhs divs rhs` (i64).
        I64DivS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I64DivSImm)] |x| { x.binop_try(dst, lhs, rhs, num::i64_div_s)?; }
        /// `dst = lhs divs imm` (i64).
        I64DivSImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_try_imm(dst, lhs, rhs, num::i64_div_s)?; }
        /// `dst = lhs divu rhs` (i64).
        I64DivU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I64DivUImm)] |x| { x.binop_try(dst, lhs, rhs, num::u64_div_u)?; }
        /// `dst = lhs divu imm` (i64).
        I64DivUImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_try_imm(dst, lhs, rhs, num::u64_div_u)?; }
        /// `dst = lhs rems rhs` (i64).
        I64RemS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I64RemSImm)] |x| { x.binop_try(dst, lhs, rhs, num::i64_rem_s)?; }
        /// `dst = lhs rems imm` (i64).
        I64RemSImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_try_imm(dst, lhs, rhs, num::i64_rem_s)?; }
        /// `dst = lhs remu rhs` (i64).
        I64RemU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I64RemUImm)] |x| { x.binop_try(dst, lhs, rhs, num::u64_rem_u)?; }
        /// `dst = lhs remu imm` (i64).
        I64RemUImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_try_imm(dst, lhs, rhs, num::u64_rem_u)?; }
        /// `dst = lhs and rhs` (i64).
        I64And { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I64AndImm)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a & b); }
        /// `dst = lhs and imm` (i64).
        I64AndImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a & b); }
        /// `dst = lhs or rhs` (i64).
        I64Or { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I64OrImm)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a | b); }
        /// `dst = lhs or imm` (i64).
        I64OrImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a | b); }
        /// `dst = lhs xor rhs` (i64).
        I64Xor { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I64XorImm)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a ^ b); }
        /// `dst = lhs xor imm` (i64).
        I64XorImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a ^ b); }
        /// `dst = lhs shl rhs` (i64).
        I64Shl { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I64ShlImm)] |x| { x.binop(dst, lhs, rhs, num::i64_shl); }
        /// `dst = lhs shl imm` (i64).
        I64ShlImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, num::i64_shl); }
        /// `dst = lhs shrs rhs` (i64).
        I64ShrS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I64ShrSImm)] |x| { x.binop(dst, lhs, rhs, num::i64_shr_s); }
        /// `dst = lhs shrs imm` (i64).
        I64ShrSImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, num::i64_shr_s); }
        /// `dst = lhs shru rhs` (i64).
        I64ShrU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I64ShrUImm)] |x| { x.binop(dst, lhs, rhs, num::u64_shr_u); }
        /// `dst = lhs shru imm` (i64).
        I64ShrUImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, num::u64_shr_u); }
        /// `dst = lhs rotl rhs` (i64).
        I64Rotl { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I64RotlImm)] |x| { x.binop(dst, lhs, rhs, num::i64_rotl); }
        /// `dst = lhs rotl imm` (i64).
        I64RotlImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, num::i64_rotl); }
        /// `dst = lhs rotr rhs` (i64).
        I64Rotr { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [imm(I64RotrImm)] |x| { x.binop(dst, lhs, rhs, num::i64_rotr); }
        /// `dst = lhs rotr imm` (i64).
        I64RotrImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) |x| { x.binop_imm(dst, lhs, rhs, num::i64_rotr); }
        /// `dst = lhs == rhs` (i64).
        I64Eq { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I64EqImm), branch(BrIfI64Eq)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a == b); }
        /// `dst = lhs == imm` (i64).
        I64EqImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) [branch(BrIfI64EqImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a == b); }
        /// `dst = lhs != rhs` (i64).
        I64Ne { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative, imm(I64NeImm), branch(BrIfI64Ne)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a != b); }
        /// `dst = lhs != imm` (i64).
        I64NeImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) [branch(BrIfI64NeImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a != b); }
        /// `dst = lhs < rhs` (i64).
        I64LtS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I64GtS), imm(I64LtSImm), branch(BrIfI64LtS)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a < b); }
        /// `dst = lhs < imm` (i64).
        I64LtSImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) [branch(BrIfI64LtSImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a < b); }
        /// `dst = lhs < rhs` (u64).
        I64LtU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I64GtU), imm(I64LtUImm), branch(BrIfI64LtU)] |x| { x.binop(dst, lhs, rhs, |a: u64, b: u64| a < b); }
        /// `dst = lhs < imm` (u64).
        I64LtUImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) [branch(BrIfI64LtUImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: u64, b: u64| a < b); }
        /// `dst = lhs > rhs` (i64).
        I64GtS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I64LtS), imm(I64GtSImm), branch(BrIfI64GtS)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a > b); }
        /// `dst = lhs > imm` (i64).
        I64GtSImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) [branch(BrIfI64GtSImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a > b); }
        /// `dst = lhs > rhs` (u64).
        I64GtU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I64LtU), imm(I64GtUImm), branch(BrIfI64GtU)] |x| { x.binop(dst, lhs, rhs, |a: u64, b: u64| a > b); }
        /// `dst = lhs > imm` (u64).
        I64GtUImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) [branch(BrIfI64GtUImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: u64, b: u64| a > b); }
        /// `dst = lhs <= rhs` (i64).
        I64LeS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I64GeS), imm(I64LeSImm), branch(BrIfI64LeS)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a <= b); }
        /// `dst = lhs <= imm` (i64).
        I64LeSImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) [branch(BrIfI64LeSImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a <= b); }
        /// `dst = lhs <= rhs` (u64).
        I64LeU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I64GeU), imm(I64LeUImm), branch(BrIfI64LeU)] |x| { x.binop(dst, lhs, rhs, |a: u64, b: u64| a <= b); }
        /// `dst = lhs <= imm` (u64).
        I64LeUImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) [branch(BrIfI64LeUImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: u64, b: u64| a <= b); }
        /// `dst = lhs >= rhs` (i64).
        I64GeS { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I64LeS), imm(I64GeSImm), branch(BrIfI64GeS)] |x| { x.binop(dst, lhs, rhs, |a: i64, b: i64| a >= b); }
        /// `dst = lhs >= imm` (i64).
        I64GeSImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) [branch(BrIfI64GeSImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: i64, b: i64| a >= b); }
        /// `dst = lhs >= rhs` (u64).
        I64GeU { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(I64LeU), imm(I64GeUImm), branch(BrIfI64GeU)] |x| { x.binop(dst, lhs, rhs, |a: u64, b: u64| a >= b); }
        /// `dst = lhs >= imm` (u64).
        I64GeUImm { dst: Dst, lhs: Slot, rhs: i64 } cost(1) [branch(BrIfI64GeUImm)] |x| { x.binop_imm(dst, lhs, rhs, |a: u64, b: u64| a >= b); }
        /// `dst = lhs add rhs` (f32).
        F32Add { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative] |x| { x.binop(dst, lhs, rhs, |a: f32, b: f32| a + b); }
        /// `dst = lhs sub rhs` (f32).
        F32Sub { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [reverse(F32SubRev)] |x| { x.binop(dst, lhs, rhs, |a: f32, b: f32| a - b); }
        /// `dst = rhs sub lhs` (f32): a `F32Sub` whose subtrahend was the previous result, read first so it can come from the accumulator.
        F32SubRev { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [reverse(F32Sub)] |x| { x.binop(dst, rhs, lhs, |a: f32, b: f32| a - b); }
        /// `dst = lhs mul rhs` (f32).
        F32Mul { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative] |x| { x.binop(dst, lhs, rhs, |a: f32, b: f32| a * b); }
        /// `dst = lhs div rhs` (f32).
        F32Div { dst: Dst, lhs: Slot, rhs: Slot } cost(1) |x| { x.binop(dst, lhs, rhs, |a: f32, b: f32| a / b); }
        /// `dst = lhs min rhs` (f32).
        F32Min { dst: Dst, lhs: Slot, rhs: Slot } cost(1) |x| { x.binop(dst, lhs, rhs, num::f32_min); }
        /// `dst = lhs max rhs` (f32).
        F32Max { dst: Dst, lhs: Slot, rhs: Slot } cost(1) |x| { x.binop(dst, lhs, rhs, num::f32_max); }
        /// `dst = lhs copysign rhs` (f32).
        F32Copysign { dst: Dst, lhs: Slot, rhs: Slot } cost(1) |x| { x.binop(dst, lhs, rhs, num::f32_copysign); }
        /// `dst = lhs == rhs` (f32).
        F32Eq { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative] |x| { x.binop(dst, lhs, rhs, |a: f32, b: f32| a == b); }
        /// `dst = lhs != rhs` (f32).
        F32Ne { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative] |x| { x.binop(dst, lhs, rhs, |a: f32, b: f32| a != b); }
        /// `dst = lhs < rhs` (f32).
        F32Lt { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(F32Gt)] |x| { x.binop(dst, lhs, rhs, |a: f32, b: f32| a < b); }
        /// `dst = lhs > rhs` (f32).
        F32Gt { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(F32Lt)] |x| { x.binop(dst, lhs, rhs, |a: f32, b: f32| a > b); }
        /// `dst = lhs <= rhs` (f32).
        F32Le { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(F32Ge)] |x| { x.binop(dst, lhs, rhs, |a: f32, b: f32| a <= b); }
        /// `dst = lhs >= rhs` (f32).
        F32Ge { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(F32Le)] |x| { x.binop(dst, lhs, rhs, |a: f32, b: f32| a >= b); }
        /// `dst = lhs add rhs` (f64).
        F64Add { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative] |x| { x.binop(dst, lhs, rhs, |a: f64, b: f64| a + b); }
        /// `dst = lhs sub rhs` (f64).
        F64Sub { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [reverse(F64SubRev)] |x| { x.binop(dst, lhs, rhs, |a: f64, b: f64| a - b); }
        /// `dst = rhs sub lhs` (f64): a `F64Sub` whose subtrahend was the previous result, read first so it can come from the accumulator.
        F64SubRev { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [reverse(F64Sub)] |x| { x.binop(dst, rhs, lhs, |a: f64, b: f64| a - b); }
        /// `dst = lhs mul rhs` (f64).
        F64Mul { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative] |x| { x.binop(dst, lhs, rhs, |a: f64, b: f64| a * b); }
        /// `dst = lhs div rhs` (f64).
        F64Div { dst: Dst, lhs: Slot, rhs: Slot } cost(1) |x| { x.binop(dst, lhs, rhs, |a: f64, b: f64| a / b); }
        /// `dst = lhs min rhs` (f64).
        F64Min { dst: Dst, lhs: Slot, rhs: Slot } cost(1) |x| { x.binop(dst, lhs, rhs, num::f64_min); }
        /// `dst = lhs max rhs` (f64).
        F64Max { dst: Dst, lhs: Slot, rhs: Slot } cost(1) |x| { x.binop(dst, lhs, rhs, num::f64_max); }
        /// `dst = lhs copysign rhs` (f64).
        F64Copysign { dst: Dst, lhs: Slot, rhs: Slot } cost(1) |x| { x.binop(dst, lhs, rhs, num::f64_copysign); }
        /// `dst = lhs == rhs` (f64).
        F64Eq { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative] |x| { x.binop(dst, lhs, rhs, |a: f64, b: f64| a == b); }
        /// `dst = lhs != rhs` (f64).
        F64Ne { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [commutative] |x| { x.binop(dst, lhs, rhs, |a: f64, b: f64| a != b); }
        /// `dst = lhs < rhs` (f64).
        F64Lt { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(F64Gt)] |x| { x.binop(dst, lhs, rhs, |a: f64, b: f64| a < b); }
        /// `dst = lhs > rhs` (f64).
        F64Gt { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(F64Lt)] |x| { x.binop(dst, lhs, rhs, |a: f64, b: f64| a > b); }
        /// `dst = lhs <= rhs` (f64).
        F64Le { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(F64Ge)] |x| { x.binop(dst, lhs, rhs, |a: f64, b: f64| a <= b); }
        /// `dst = lhs >= rhs` (f64).
        F64Ge { dst: Dst, lhs: Slot, rhs: Slot } cost(1) [mirror(F64Le)] |x| { x.binop(dst, lhs, rhs, |a: f64, b: f64| a >= b); }
        /// `dst = I32Clz(src)`.
        I32Clz { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i32| a.leading_zeros() as i32); }
        /// `dst = I32Ctz(src)`.
        I32Ctz { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i32| a.trailing_zeros() as i32); }
        /// `dst = I32Popcnt(src)`.
        I32Popcnt { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i32| a.count_ones() as i32); }
        /// `dst = I32Eqz(src)`.
        I32Eqz { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: u32| a == 0); }
        /// `dst = I64Clz(src)`.
        I64Clz { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i64| a.leading_zeros() as i64); }
        /// `dst = I64Ctz(src)`.
        I64Ctz { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i64| a.trailing_zeros() as i64); }
        /// `dst = I64Popcnt(src)`.
        I64Popcnt { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i64| a.count_ones() as i64); }
        /// `dst = I64Eqz(src)`.
        I64Eqz { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: u64| a == 0); }
        /// `(lo, hi) = (lhs_lo, lhs_hi) + (rhs_lo, rhs_hi)` (128-bit, wrapping; `i64.add128`).
        I64Add128 { hi: Dst, lo: Dst, lhs_lo: Slot, lhs_hi: Slot, rhs_lo: Slot, rhs_hi: Slot } cost(1) |x| { let v = num::u128_of(x.get(lhs_lo), x.get(lhs_hi)).wrapping_add(num::u128_of(x.get(rhs_lo), x.get(rhs_hi))); x.set_wide(lo, hi, v); }
        /// `(lo, hi) = (lhs_lo, lhs_hi) - (rhs_lo, rhs_hi)` (128-bit, wrapping; `i64.sub128`).
        I64Sub128 { hi: Dst, lo: Dst, lhs_lo: Slot, lhs_hi: Slot, rhs_lo: Slot, rhs_hi: Slot } cost(1) |x| { let v = num::u128_of(x.get(lhs_lo), x.get(lhs_hi)).wrapping_sub(num::u128_of(x.get(rhs_lo), x.get(rhs_hi))); x.set_wide(lo, hi, v); }
        /// `(lo, hi) = lhs * rhs` as a 128-bit signed product (`i64.mul_wide_s`).
        I64MulWideS { hi: Dst, lo: Dst, lhs: Slot, rhs: Slot } cost(1) |x| { let v = i128::from(x.get::<i64>(lhs)) * i128::from(x.get::<i64>(rhs)); x.set_wide(lo, hi, v as u128); }
        /// `(lo, hi) = lhs * rhs` as a 128-bit unsigned product (`i64.mul_wide_u`).
        I64MulWideU { hi: Dst, lo: Dst, lhs: Slot, rhs: Slot } cost(1) |x| { let v = u128::from(x.get::<u64>(lhs)) * u128::from(x.get::<u64>(rhs)); x.set_wide(lo, hi, v); }
        /// `dst = F32Abs(src)`.
        F32Abs { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f32_abs); }
        /// `dst = F32Neg(src)`.
        F32Neg { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f32_neg); }
        /// `dst = F32Ceil(src)`.
        F32Ceil { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f32_ceil); }
        /// `dst = F32Floor(src)`.
        F32Floor { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f32_floor); }
        /// `dst = F32Trunc(src)`.
        F32Trunc { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f32_trunc); }
        /// `dst = F32Nearest(src)`.
        F32Nearest { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f32_nearest); }
        /// `dst = F32Sqrt(src)`.
        F32Sqrt { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f32| a.sqrt()); }
        /// `dst = F64Abs(src)`.
        F64Abs { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f64_abs); }
        /// `dst = F64Neg(src)`.
        F64Neg { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f64_neg); }
        /// `dst = F64Ceil(src)`.
        F64Ceil { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f64_ceil); }
        /// `dst = F64Floor(src)`.
        F64Floor { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f64_floor); }
        /// `dst = F64Trunc(src)`.
        F64Trunc { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f64_trunc); }
        /// `dst = F64Nearest(src)`.
        F64Nearest { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, num::f64_nearest); }
        /// `dst = F64Sqrt(src)`.
        F64Sqrt { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f64| a.sqrt()); }
        /// `dst = I32WrapI64(src)`.
        I32WrapI64 { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i64| a as i32); }
        /// `dst = I64ExtendI32S(src)`.
        I64ExtendI32S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i32| a as i64); }
        /// `dst = I64ExtendI32U(src)`.
        I64ExtendI32U { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: u32| a as u64); }
        /// `dst = I32Extend8S(src)`.
        I32Extend8S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i32| a as i8 as i32); }
        /// `dst = I32Extend16S(src)`.
        I32Extend16S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i32| a as i16 as i32); }
        /// `dst = I64Extend8S(src)`.
        I64Extend8S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i64| a as i8 as i64); }
        /// `dst = I64Extend16S(src)`.
        I64Extend16S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i64| a as i16 as i64); }
        /// `dst = I64Extend32S(src)`.
        I64Extend32S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i64| a as i32 as i64); }
        /// `dst = F32ConvertI32S(src)`.
        F32ConvertI32S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i32| a as f32); }
        /// `dst = F32ConvertI32U(src)`.
        F32ConvertI32U { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: u32| a as f32); }
        /// `dst = F32ConvertI64S(src)`.
        F32ConvertI64S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i64| a as f32); }
        /// `dst = F32ConvertI64U(src)`.
        F32ConvertI64U { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: u64| a as f32); }
        /// `dst = F64ConvertI32S(src)`.
        F64ConvertI32S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i32| a as f64); }
        /// `dst = F64ConvertI32U(src)`.
        F64ConvertI32U { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: u32| a as f64); }
        /// `dst = F64ConvertI64S(src)`.
        F64ConvertI64S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: i64| a as f64); }
        /// `dst = F64ConvertI64U(src)`.
        F64ConvertI64U { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: u64| a as f64); }
        /// `dst = F32DemoteF64(src)`.
        F32DemoteF64 { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f64| a as f32); }
        /// `dst = F64PromoteF32(src)`.
        F64PromoteF32 { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f32| a as f64); }
        /// `dst = I32TruncSatF32S(src)`.
        I32TruncSatF32S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f32| a as i32); }
        /// `dst = I32TruncSatF32U(src)`.
        I32TruncSatF32U { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f32| a as u32); }
        /// `dst = I32TruncSatF64S(src)`.
        I32TruncSatF64S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f64| a as i32); }
        /// `dst = I32TruncSatF64U(src)`.
        I32TruncSatF64U { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f64| a as u32); }
        /// `dst = I64TruncSatF32S(src)`.
        I64TruncSatF32S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f32| a as i64); }
        /// `dst = I64TruncSatF32U(src)`.
        I64TruncSatF32U { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f32| a as u64); }
        /// `dst = I64TruncSatF64S(src)`.
        I64TruncSatF64S { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f64| a as i64); }
        /// `dst = I64TruncSatF64U(src)`.
        I64TruncSatF64U { dst: Dst, src: Slot } cost(1) |x| { x.unop(dst, src, |a: f64| a as u64); }
        /// `dst = I32TruncF32S(src)`, trapping on NaN or overflow.
        I32TruncF32S { dst: Dst, src: Slot } cost(1) |x| { x.unop_try(dst, src, num::i32_trunc_f32_s)?; }
        /// `dst = I32TruncF32U(src)`, trapping on NaN or overflow.
        I32TruncF32U { dst: Dst, src: Slot } cost(1) |x| { x.unop_try(dst, src, num::i32_trunc_f32_u)?; }
        /// `dst = I32TruncF64S(src)`, trapping on NaN or overflow.
        I32TruncF64S { dst: Dst, src: Slot } cost(1) |x| { x.unop_try(dst, src, num::i32_trunc_f64_s)?; }
        /// `dst = I32TruncF64U(src)`, trapping on NaN or overflow.
        I32TruncF64U { dst: Dst, src: Slot } cost(1) |x| { x.unop_try(dst, src, num::i32_trunc_f64_u)?; }
        /// `dst = I64TruncF32S(src)`, trapping on NaN or overflow.
        I64TruncF32S { dst: Dst, src: Slot } cost(1) |x| { x.unop_try(dst, src, num::i64_trunc_f32_s)?; }
        /// `dst = I64TruncF32U(src)`, trapping on NaN or overflow.
        I64TruncF32U { dst: Dst, src: Slot } cost(1) |x| { x.unop_try(dst, src, num::i64_trunc_f32_u)?; }
        /// `dst = I64TruncF64S(src)`, trapping on NaN or overflow.
        I64TruncF64S { dst: Dst, src: Slot } cost(1) |x| { x.unop_try(dst, src, num::i64_trunc_f64_s)?; }
        /// `dst = I64TruncF64U(src)`, trapping on NaN or overflow.
        I64TruncF64U { dst: Dst, src: Slot } cost(1) |x| { x.unop_try(dst, src, num::i64_trunc_f64_u)?; }
        /// `dst = load u32 at addr + offset` (as i32).
        I32Load { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I32LoadMem)] |x| { let v = x.load::<u32>(addr, offset)?; x.set(dst, v as i32); }
        /// `dst = load u64 at addr + offset` (as i64).
        I64Load { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I64LoadMem)] |x| { let v = x.load::<u64>(addr, offset)?; x.set(dst, v as i64); }
        /// `dst = load u32 at addr + offset` (as u32).
        F32Load { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(F32LoadMem)] |x| { let v = x.load::<u32>(addr, offset)?; x.set(dst, v as u32); }
        /// `dst = load u64 at addr + offset` (as u64).
        F64Load { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(F64LoadMem)] |x| { let v = x.load::<u64>(addr, offset)?; x.set(dst, v as u64); }
        /// `dst = load i8 at addr + offset` (as i32).
        I32Load8S { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I32Load8SMem)] |x| { let v = x.load::<i8>(addr, offset)?; x.set(dst, v as i32); }
        /// `dst = load u8 at addr + offset` (as i32).
        I32Load8U { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I32Load8UMem)] |x| { let v = x.load::<u8>(addr, offset)?; x.set(dst, v as i32); }
        /// `dst = load i16 at addr + offset` (as i32).
        I32Load16S { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I32Load16SMem)] |x| { let v = x.load::<i16>(addr, offset)?; x.set(dst, v as i32); }
        /// `dst = load u16 at addr + offset` (as i32).
        I32Load16U { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I32Load16UMem)] |x| { let v = x.load::<u16>(addr, offset)?; x.set(dst, v as i32); }
        /// `dst = load i8 at addr + offset` (as i64).
        I64Load8S { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I64Load8SMem)] |x| { let v = x.load::<i8>(addr, offset)?; x.set(dst, v as i64); }
        /// `dst = load u8 at addr + offset` (as i64).
        I64Load8U { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I64Load8UMem)] |x| { let v = x.load::<u8>(addr, offset)?; x.set(dst, v as i64); }
        /// `dst = load i16 at addr + offset` (as i64).
        I64Load16S { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I64Load16SMem)] |x| { let v = x.load::<i16>(addr, offset)?; x.set(dst, v as i64); }
        /// `dst = load u16 at addr + offset` (as i64).
        I64Load16U { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I64Load16UMem)] |x| { let v = x.load::<u16>(addr, offset)?; x.set(dst, v as i64); }
        /// `dst = load i32 at addr + offset` (as i64).
        I64Load32S { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I64Load32SMem)] |x| { let v = x.load::<i32>(addr, offset)?; x.set(dst, v as i64); }
        /// `dst = load u32 at addr + offset` (as i64).
        I64Load32U { dst: Dst, addr: Slot, offset: u32 } cost(1) [mem(I64Load32UMem)] |x| { let v = x.load::<u32>(addr, offset)?; x.set(dst, v as i64); }
        /// Stores the low bits of `value` as u32 at `addr + offset`.
        I32Store { addr: Slot, offset: u32, value: Slot } cost(1) [value_first(I32StoreVal), imm(Store32Imm), mem(I32StoreMem)] |x| { let v = x.get::<u64>(value) as u32; x.store::<u32>(addr, offset, v)?; }
        /// Stores the low bits of `value` as u64 at `addr + offset`.
        I64Store { addr: Slot, offset: u32, value: Slot } cost(1) [value_first(I64StoreVal), imm(Store64Imm), mem(I64StoreMem)] |x| { let v = x.get::<u64>(value) as u64; x.store::<u64>(addr, offset, v)?; }
        /// Stores the low bits of `value` as u32 at `addr + offset`.
        F32Store { addr: Slot, offset: u32, value: Slot } cost(1) [value_first(F32StoreVal), imm(Store32Imm), mem(F32StoreMem)] |x| { let v = x.get::<u64>(value) as u32; x.store::<u32>(addr, offset, v)?; }
        /// Stores the low bits of `value` as u64 at `addr + offset`.
        F64Store { addr: Slot, offset: u32, value: Slot } cost(1) [value_first(F64StoreVal), imm(Store64Imm), mem(F64StoreMem)] |x| { let v = x.get::<u64>(value) as u64; x.store::<u64>(addr, offset, v)?; }
        /// Stores the low bits of `value` as u8 at `addr + offset`.
        I32Store8 { addr: Slot, offset: u32, value: Slot } cost(1) [value_first(I32Store8Val), imm(Store8Imm), mem(I32Store8Mem)] |x| { let v = x.get::<u64>(value) as u8; x.store::<u8>(addr, offset, v)?; }
        /// Stores the low bits of `value` as u16 at `addr + offset`.
        I32Store16 { addr: Slot, offset: u32, value: Slot } cost(1) [value_first(I32Store16Val), imm(Store16Imm), mem(I32Store16Mem)] |x| { let v = x.get::<u64>(value) as u16; x.store::<u16>(addr, offset, v)?; }
        /// Stores the low bits of `value` as u8 at `addr + offset`.
        I64Store8 { addr: Slot, offset: u32, value: Slot } cost(1) [value_first(I64Store8Val), imm(Store8Imm), mem(I64Store8Mem)] |x| { let v = x.get::<u64>(value) as u8; x.store::<u8>(addr, offset, v)?; }
        /// Stores the low bits of `value` as u16 at `addr + offset`.
        I64Store16 { addr: Slot, offset: u32, value: Slot } cost(1) [value_first(I64Store16Val), imm(Store16Imm), mem(I64Store16Mem)] |x| { let v = x.get::<u64>(value) as u16; x.store::<u16>(addr, offset, v)?; }
        /// Stores the low bits of `value` as u32 at `addr + offset`.
        I64Store32 { addr: Slot, offset: u32, value: Slot } cost(1) [value_first(I64Store32Val), imm(Store32Imm), mem(I64Store32Mem)] |x| { let v = x.get::<u64>(value) as u32; x.store::<u32>(addr, offset, v)?; }
        /// `I32Store` with its fields value-first, so the value can come from the accumulator.
        I32StoreVal { value: Slot, addr: Slot, offset: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u32; x.store::<u32>(addr, offset, v)?; }
        /// `I64Store` with its fields value-first, so the value can come from the accumulator.
        I64StoreVal { value: Slot, addr: Slot, offset: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u64; x.store::<u64>(addr, offset, v)?; }
        /// `F32Store` with its fields value-first, so the value can come from the accumulator.
        F32StoreVal { value: Slot, addr: Slot, offset: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u32; x.store::<u32>(addr, offset, v)?; }
        /// `F64Store` with its fields value-first, so the value can come from the accumulator.
        F64StoreVal { value: Slot, addr: Slot, offset: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u64; x.store::<u64>(addr, offset, v)?; }
        /// `I32Store8` with its fields value-first, so the value can come from the accumulator.
        I32Store8Val { value: Slot, addr: Slot, offset: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u8; x.store::<u8>(addr, offset, v)?; }
        /// `I32Store16` with its fields value-first, so the value can come from the accumulator.
        I32Store16Val { value: Slot, addr: Slot, offset: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u16; x.store::<u16>(addr, offset, v)?; }
        /// `I64Store8` with its fields value-first, so the value can come from the accumulator.
        I64Store8Val { value: Slot, addr: Slot, offset: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u8; x.store::<u8>(addr, offset, v)?; }
        /// `I64Store16` with its fields value-first, so the value can come from the accumulator.
        I64Store16Val { value: Slot, addr: Slot, offset: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u16; x.store::<u16>(addr, offset, v)?; }
        /// `I64Store32` with its fields value-first, so the value can come from the accumulator.
        I64Store32Val { value: Slot, addr: Slot, offset: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u32; x.store::<u32>(addr, offset, v)?; }
        /// Stores the constant `value` as u8 at `addr + offset`.
        Store8Imm { addr: Slot, offset: u32, value: u32 } cost(1) |x| { x.store::<u8>(addr, offset, value as u8)?; }
        /// Stores the constant `value` as u16 at `addr + offset`.
        Store16Imm { addr: Slot, offset: u32, value: u32 } cost(1) |x| { x.store::<u16>(addr, offset, value as u16)?; }
        /// Stores the constant `value` as u32 at `addr + offset`.
        Store32Imm { addr: Slot, offset: u32, value: u32 } cost(1) |x| { x.store::<u32>(addr, offset, value as u32)?; }
        /// Stores the constant `value` as u64 at `addr + offset`.
        Store64Imm { addr: Slot, offset: u32, value: u64 } cost(1) |x| { x.store::<u64>(addr, offset, value as u64)?; }
        /// `dst = memory.size` of memory `mem`, in its pages.
        MemorySize { dst: Dst, mem: u32 } cost(1) |x| { let v = x.memory_size(mem); x.set(dst, v); }
        /// `dst = memory.grow(delta)` of memory `mem`: old size in its pages or -1.
        MemoryGrow { dst: Dst, delta: Slot, mem: u32 } cost(8) |x| { let d = x.get::<u32>(delta); let v = x.memory_grow(mem, d)?; x.set(dst, v); }
        /// `memory.fill(dst, value, len)`.
        MemoryFill { dst: Slot, value: Slot, len: Slot } cost(8) [mem(MemoryFillMem)] |x| { x.memory_fill(dst, value, len)?; }
        /// `memory.copy(dst, src, len)`.
        MemoryCopy { dst: Slot, src: Slot, len: Slot } cost(8) |x| { x.memory_copy(dst, src, len)?; }
        /// `memory.init(data)(dst, src, len)`.
        MemoryInit { data: u32, dst: Slot, src: Slot, len: Slot } cost(8) [mem(MemoryInitMem)] |x| { x.memory_init(data, dst, src, len)?; }
        /// `data.drop(data)`.
        DataDrop { data: u32 } cost(1) |x| { x.data_drop(data); }
        /// `I32Load` from memory `mem` (any but 0: multi-memory).
        I32LoadMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<u32>(mem, addr, offset)?; x.set(dst, v as i32); }
        /// `I64Load` from memory `mem` (any but 0: multi-memory).
        I64LoadMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<u64>(mem, addr, offset)?; x.set(dst, v as i64); }
        /// `F32Load` from memory `mem` (any but 0: multi-memory).
        F32LoadMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<u32>(mem, addr, offset)?; x.set(dst, v as u32); }
        /// `F64Load` from memory `mem` (any but 0: multi-memory).
        F64LoadMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<u64>(mem, addr, offset)?; x.set(dst, v as u64); }
        /// `I32Load8S` from memory `mem` (any but 0: multi-memory).
        I32Load8SMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<i8>(mem, addr, offset)?; x.set(dst, v as i32); }
        /// `I32Load8U` from memory `mem` (any but 0: multi-memory).
        I32Load8UMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<u8>(mem, addr, offset)?; x.set(dst, v as i32); }
        /// `I32Load16S` from memory `mem` (any but 0: multi-memory).
        I32Load16SMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<i16>(mem, addr, offset)?; x.set(dst, v as i32); }
        /// `I32Load16U` from memory `mem` (any but 0: multi-memory).
        I32Load16UMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<u16>(mem, addr, offset)?; x.set(dst, v as i32); }
        /// `I64Load8S` from memory `mem` (any but 0: multi-memory).
        I64Load8SMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<i8>(mem, addr, offset)?; x.set(dst, v as i64); }
        /// `I64Load8U` from memory `mem` (any but 0: multi-memory).
        I64Load8UMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<u8>(mem, addr, offset)?; x.set(dst, v as i64); }
        /// `I64Load16S` from memory `mem` (any but 0: multi-memory).
        I64Load16SMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<i16>(mem, addr, offset)?; x.set(dst, v as i64); }
        /// `I64Load16U` from memory `mem` (any but 0: multi-memory).
        I64Load16UMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<u16>(mem, addr, offset)?; x.set(dst, v as i64); }
        /// `I64Load32S` from memory `mem` (any but 0: multi-memory).
        I64Load32SMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<i32>(mem, addr, offset)?; x.set(dst, v as i64); }
        /// `I64Load32U` from memory `mem` (any but 0: multi-memory).
        I64Load32UMem { dst: Dst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_mem::<u32>(mem, addr, offset)?; x.set(dst, v as i64); }
        /// `I32Store` to memory `mem` (any but 0: multi-memory).
        I32StoreMem { addr: Slot, offset: u32, value: Slot, mem: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u32; x.store_mem::<u32>(mem, addr, offset, v)?; }
        /// `I64Store` to memory `mem` (any but 0: multi-memory).
        I64StoreMem { addr: Slot, offset: u32, value: Slot, mem: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u64; x.store_mem::<u64>(mem, addr, offset, v)?; }
        /// `F32Store` to memory `mem` (any but 0: multi-memory).
        F32StoreMem { addr: Slot, offset: u32, value: Slot, mem: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u32; x.store_mem::<u32>(mem, addr, offset, v)?; }
        /// `F64Store` to memory `mem` (any but 0: multi-memory).
        F64StoreMem { addr: Slot, offset: u32, value: Slot, mem: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u64; x.store_mem::<u64>(mem, addr, offset, v)?; }
        /// `I32Store8` to memory `mem` (any but 0: multi-memory).
        I32Store8Mem { addr: Slot, offset: u32, value: Slot, mem: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u8; x.store_mem::<u8>(mem, addr, offset, v)?; }
        /// `I32Store16` to memory `mem` (any but 0: multi-memory).
        I32Store16Mem { addr: Slot, offset: u32, value: Slot, mem: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u16; x.store_mem::<u16>(mem, addr, offset, v)?; }
        /// `I64Store8` to memory `mem` (any but 0: multi-memory).
        I64Store8Mem { addr: Slot, offset: u32, value: Slot, mem: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u8; x.store_mem::<u8>(mem, addr, offset, v)?; }
        /// `I64Store16` to memory `mem` (any but 0: multi-memory).
        I64Store16Mem { addr: Slot, offset: u32, value: Slot, mem: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u16; x.store_mem::<u16>(mem, addr, offset, v)?; }
        /// `I64Store32` to memory `mem` (any but 0: multi-memory).
        I64Store32Mem { addr: Slot, offset: u32, value: Slot, mem: u32 } cost(1) |x| { let v = x.get::<u64>(value) as u32; x.store_mem::<u32>(mem, addr, offset, v)?; }
        /// `memory.fill(dst, value, len)` on memory `mem` (any but 0).
        MemoryFillMem { dst: Slot, value: Slot, len: Slot, mem: u32 } cost(8) |x| { x.memory_fill_mem(mem, dst, value, len)?; }
        /// `memory.copy(dst, src, len)` from memory `src_mem` to memory `dst_mem` (not both 0).
        MemoryCopyMem { dst: Slot, src: Slot, len: Slot, dst_mem: u32, src_mem: u32 } cost(8) |x| { x.memory_copy_mem(dst_mem, src_mem, dst, src, len)?; }
        /// `memory.init(data)(dst, src, len)` into memory `mem` (any but 0).
        MemoryInitMem { data: u32, dst: Slot, src: Slot, len: Slot, mem: u32 } cost(8) |x| { x.memory_init_mem(mem, data, dst, src, len)?; }
        // ----- Threads: atomic accesses of any memory (`mem` is its index, with the
        // `SHARED_MEMORY` bit for a shared one). An access is `1 << width` bytes, naturally
        // aligned or it traps; values are zero-extended into the cell and wrapped to the width
        // when stored. Each runs one out-of-line worker (`interp::atomic`); the `match` loop
        // runs them out of line too, as it does the v128 instructions. -----
        /// `dst = atomic load` of `1 << width` bytes at `addr + offset` of memory `mem`.
        AtomicLoad { dst: Dst, addr: Slot, offset: u32, mem: u32, width: u8 } cost(1) |x| { let v = x.atomic_load(mem, addr, offset, width)?; x.set(dst, v); }
        /// Atomic store of `value`'s low `1 << width` bytes at `addr + offset` of memory `mem`.
        AtomicStore { addr: Slot, offset: u32, value: Slot, mem: u32, width: u8 } cost(1) |x| { let v = x.get::<u64>(value); x.atomic_store(mem, addr, offset, width, v)?; }
        /// `dst = ` the old value of an atomic read-modify-write at `addr + offset` of memory
        /// `mem`: `op` is the operation (`RmwOp`) shifted left by 2, or'd with the width.
        AtomicRmw { dst: Dst, addr: Slot, offset: u32, value: Slot, mem: u32, op: u8 } cost(1) |x| { let v = x.get::<u64>(value); let old = x.atomic_rmw(mem, addr, offset, op, v)?; x.set(dst, old); }
        /// `dst = ` the old value of an atomic compare-exchange at `addr + offset` of memory
        /// `mem` (`expected` and `replacement` wrapped to the width).
        AtomicCmpxchg { dst: Dst, addr: Slot, offset: u32, expected: Slot, replacement: Slot, mem: u32, width: u8 } cost(1) |x| { let e = x.get::<u64>(expected); let r = x.get::<u64>(replacement); let old = x.atomic_cmpxchg(mem, addr, offset, width, e, r)?; x.set(dst, old); }
        /// `dst = memory.atomic.notify(addr + offset, count)` of memory `mem`: how many
        /// waiters were woken.
        MemoryAtomicNotify { dst: Dst, addr: Slot, offset: u32, count: Slot, mem: u32 } cost(8) |x| { let n = x.get::<u32>(count); let v = x.atomic_notify(mem, addr, offset, n)?; x.set(dst, v); }
        /// `dst = memory.atomic.wait32/64(addr + offset, expected, timeout)` of memory `mem`
        /// (`width` 2 or 3): 0 woken, 1 not equal, 2 timed out.
        MemoryAtomicWait { dst: Dst, addr: Slot, offset: u32, expected: Slot, timeout: Slot, mem: u32, width: u8 } cost(8) |x| { let e = x.get::<u64>(expected); let t = x.get::<i64>(timeout); let v = x.atomic_wait(mem, addr, offset, width, e, t)?; x.set(dst, v); }
        /// `atomic.fence`: a sequentially consistent fence.
        AtomicFence {  } cost(1) |x| { x.atomic_fence(); }
        /// `dst = table.get(table, index)`.
        TableGet { dst: Dst, table: u32, index: Slot } cost(1) |x| { let v = x.table_get(table, index)?; x.set(dst, v); }
        /// `table.set(table, index, value)`.
        TableSet { table: u32, index: Slot, value: Slot } cost(1) |x| { x.table_set(table, index, value)?; }
        /// `dst = table.size(table)`.
        TableSize { dst: Dst, table: u32 } cost(1) |x| { let v = x.table_size(table); x.set(dst, v); }
        /// `dst = table.grow(table, init, delta)`: old size or -1.
        TableGrow { dst: Dst, table: u32, init: Slot, delta: Slot } cost(8) |x| { let v = x.table_grow(table, init, delta)?; x.set(dst, v); }
        /// `table.fill(table, index, value, len)`.
        TableFill { table: u32, index: Slot, value: Slot, len: Slot } cost(8) |x| { x.table_fill(table, index, value, len)?; }
        /// `table.copy(dst_table, src_table)(dst, src, len)`.
        TableCopy { dst_table: u32, src_table: u32, dst: Slot, src: Slot, len: Slot } cost(8) |x| { x.table_copy(dst_table, src_table, dst, src, len)?; }
        /// `table.init(table, elem)(dst, src, len)`.
        TableInit { table: u32, elem: u32, dst: Slot, src: Slot, len: Slot } cost(8) |x| { x.table_init(table, elem, dst, src, len)?; }
        /// `elem.drop(elem)`.
        ElemDrop { elem: u32 } cost(1) |x| { x.elem_drop(elem); }
        // ----- 128-bit SIMD and relaxed SIMD: the lane work is `crate::simd`'s; v128 operands
        // and results are two cells (`VSlot`, `VDst`), never the accumulator. Memory
        // instructions carry their memory's index (memory 0 is read from the hot state). -----
        /// `v128.load`: 16 bytes of memory `mem` at `addr + offset`.
        V128Load { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let v = x.load_on::<u128>(mem, addr, offset)?; x.set_v128(dst, V128(v)); }
        /// `v128.load8x8_s` from memory `mem` at `addr + offset`.
        V128Load8x8S { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u64>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load8x8_s(b)); }
        /// `v128.load8x8_u` from memory `mem` at `addr + offset`.
        V128Load8x8U { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u64>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load8x8_u(b)); }
        /// `v128.load16x4_s` from memory `mem` at `addr + offset`.
        V128Load16x4S { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u64>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load16x4_s(b)); }
        /// `v128.load16x4_u` from memory `mem` at `addr + offset`.
        V128Load16x4U { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u64>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load16x4_u(b)); }
        /// `v128.load32x2_s` from memory `mem` at `addr + offset`.
        V128Load32x2S { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u64>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load32x2_s(b)); }
        /// `v128.load32x2_u` from memory `mem` at `addr + offset`.
        V128Load32x2U { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u64>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load32x2_u(b)); }
        /// `v128.load8_splat` from memory `mem` at `addr + offset`.
        V128Load8Splat { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u8>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load8_splat(b)); }
        /// `v128.load16_splat` from memory `mem` at `addr + offset`.
        V128Load16Splat { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u16>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load16_splat(b)); }
        /// `v128.load32_splat` from memory `mem` at `addr + offset`.
        V128Load32Splat { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u32>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load32_splat(b)); }
        /// `v128.load64_splat` from memory `mem` at `addr + offset`.
        V128Load64Splat { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u64>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load64_splat(b)); }
        /// `v128.load32_zero` from memory `mem` at `addr + offset`.
        V128Load32Zero { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u32>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load32_zero(b)); }
        /// `v128.load64_zero` from memory `mem` at `addr + offset`.
        V128Load64Zero { dst: VDst, addr: Slot, offset: u32, mem: u32 } cost(1) |x| { let b = x.load_on::<u64>(mem, addr, offset)?; x.set_v128(dst, simd::v128_load64_zero(b)); }
        /// `v128.store`: `value` to memory `mem` at `addr + offset`.
        V128Store { addr: Slot, offset: u32, mem: u32, value: VSlot } cost(1) |x| { let v = x.get_v128(value).0; x.store_on::<u128>(mem, addr, offset, v)?; }
        /// `v128.load8_lane`: lane `lane` of `src` replaced by the 8-bit value at `addr + offset` of memory `mem`.
        V128Load8Lane { dst: VDst, addr: Slot, offset: u32, mem: u32, src: VSlot, lane: u8 } cost(1) |x| { let b = x.load_on::<u8>(mem, addr, offset)?; let v = simd::v128_load8_lane(x.get_v128(src), lane, b); x.set_v128(dst, v); }
        /// `v128.load16_lane`: lane `lane` of `src` replaced by the 16-bit value at `addr + offset` of memory `mem`.
        V128Load16Lane { dst: VDst, addr: Slot, offset: u32, mem: u32, src: VSlot, lane: u8 } cost(1) |x| { let b = x.load_on::<u16>(mem, addr, offset)?; let v = simd::v128_load16_lane(x.get_v128(src), lane, b); x.set_v128(dst, v); }
        /// `v128.load32_lane`: lane `lane` of `src` replaced by the 32-bit value at `addr + offset` of memory `mem`.
        V128Load32Lane { dst: VDst, addr: Slot, offset: u32, mem: u32, src: VSlot, lane: u8 } cost(1) |x| { let b = x.load_on::<u32>(mem, addr, offset)?; let v = simd::v128_load32_lane(x.get_v128(src), lane, b); x.set_v128(dst, v); }
        /// `v128.load64_lane`: lane `lane` of `src` replaced by the 64-bit value at `addr + offset` of memory `mem`.
        V128Load64Lane { dst: VDst, addr: Slot, offset: u32, mem: u32, src: VSlot, lane: u8 } cost(1) |x| { let b = x.load_on::<u64>(mem, addr, offset)?; let v = simd::v128_load64_lane(x.get_v128(src), lane, b); x.set_v128(dst, v); }
        /// `v128.store8_lane`: lane `lane` of `value` to memory `mem` at `addr + offset`.
        V128Store8Lane { addr: Slot, offset: u32, mem: u32, value: VSlot, lane: u8 } cost(1) |x| { let b = simd::v128_store8_lane(x.get_v128(value), lane); x.store_on::<u8>(mem, addr, offset, b)?; }
        /// `v128.store16_lane`: lane `lane` of `value` to memory `mem` at `addr + offset`.
        V128Store16Lane { addr: Slot, offset: u32, mem: u32, value: VSlot, lane: u8 } cost(1) |x| { let b = simd::v128_store16_lane(x.get_v128(value), lane); x.store_on::<u16>(mem, addr, offset, b)?; }
        /// `v128.store32_lane`: lane `lane` of `value` to memory `mem` at `addr + offset`.
        V128Store32Lane { addr: Slot, offset: u32, mem: u32, value: VSlot, lane: u8 } cost(1) |x| { let b = simd::v128_store32_lane(x.get_v128(value), lane); x.store_on::<u32>(mem, addr, offset, b)?; }
        /// `v128.store64_lane`: lane `lane` of `value` to memory `mem` at `addr + offset`.
        V128Store64Lane { addr: Slot, offset: u32, mem: u32, value: VSlot, lane: u8 } cost(1) |x| { let b = simd::v128_store64_lane(x.get_v128(value), lane); x.store_on::<u64>(mem, addr, offset, b)?; }
        /// A v128 constant.
        V128Const { dst: VDst, value: u128 } cost(1) |x| { x.set_v128(dst, V128(value)); }
        /// `i8x16.shuffle`: byte `i` of the result is byte `lanes[i]` of `lhs ++ rhs`.
        I8x16Shuffle { dst: VDst, lhs: VSlot, rhs: VSlot, lanes: u128 } cost(1) |x| { let v = simd::i8x16_shuffle(x.get_v128(lhs), x.get_v128(rhs), lanes.to_le_bytes()); x.set_v128(dst, v); }
        /// `i8x16.extract_lane_s`: lane `lane` of `src`.
        I8x16ExtractLaneS { dst: Dst, src: VSlot, lane: u8 } cost(1) |x| { let v = simd::i8x16_extract_lane_s(x.get_v128(src), lane); x.set(dst, v); }
        /// `i8x16.extract_lane_u`: lane `lane` of `src`.
        I8x16ExtractLaneU { dst: Dst, src: VSlot, lane: u8 } cost(1) |x| { let v = simd::i8x16_extract_lane_u(x.get_v128(src), lane); x.set(dst, v); }
        /// `i8x16.replace_lane`: `src` with lane `lane` replaced by `value`.
        I8x16ReplaceLane { dst: VDst, src: VSlot, lane: u8, value: Slot } cost(1) |x| { let v = simd::i8x16_replace_lane(x.get_v128(src), lane, x.get::<i32>(value)); x.set_v128(dst, v); }
        /// `i16x8.extract_lane_s`: lane `lane` of `src`.
        I16x8ExtractLaneS { dst: Dst, src: VSlot, lane: u8 } cost(1) |x| { let v = simd::i16x8_extract_lane_s(x.get_v128(src), lane); x.set(dst, v); }
        /// `i16x8.extract_lane_u`: lane `lane` of `src`.
        I16x8ExtractLaneU { dst: Dst, src: VSlot, lane: u8 } cost(1) |x| { let v = simd::i16x8_extract_lane_u(x.get_v128(src), lane); x.set(dst, v); }
        /// `i16x8.replace_lane`: `src` with lane `lane` replaced by `value`.
        I16x8ReplaceLane { dst: VDst, src: VSlot, lane: u8, value: Slot } cost(1) |x| { let v = simd::i16x8_replace_lane(x.get_v128(src), lane, x.get::<i32>(value)); x.set_v128(dst, v); }
        /// `i32x4.extract_lane`: lane `lane` of `src`.
        I32x4ExtractLane { dst: Dst, src: VSlot, lane: u8 } cost(1) |x| { let v = simd::i32x4_extract_lane(x.get_v128(src), lane); x.set(dst, v); }
        /// `i32x4.replace_lane`: `src` with lane `lane` replaced by `value`.
        I32x4ReplaceLane { dst: VDst, src: VSlot, lane: u8, value: Slot } cost(1) |x| { let v = simd::i32x4_replace_lane(x.get_v128(src), lane, x.get::<i32>(value)); x.set_v128(dst, v); }
        /// `i64x2.extract_lane`: lane `lane` of `src`.
        I64x2ExtractLane { dst: Dst, src: VSlot, lane: u8 } cost(1) |x| { let v = simd::i64x2_extract_lane(x.get_v128(src), lane); x.set(dst, v); }
        /// `i64x2.replace_lane`: `src` with lane `lane` replaced by `value`.
        I64x2ReplaceLane { dst: VDst, src: VSlot, lane: u8, value: Slot } cost(1) |x| { let v = simd::i64x2_replace_lane(x.get_v128(src), lane, x.get::<i64>(value)); x.set_v128(dst, v); }
        /// `f32x4.extract_lane`: lane `lane` of `src`.
        F32x4ExtractLane { dst: Dst, src: VSlot, lane: u8 } cost(1) |x| { let v = simd::f32x4_extract_lane(x.get_v128(src), lane); x.set(dst, v); }
        /// `f32x4.replace_lane`: `src` with lane `lane` replaced by `value`.
        F32x4ReplaceLane { dst: VDst, src: VSlot, lane: u8, value: Slot } cost(1) |x| { let v = simd::f32x4_replace_lane(x.get_v128(src), lane, x.get::<f32>(value)); x.set_v128(dst, v); }
        /// `f64x2.extract_lane`: lane `lane` of `src`.
        F64x2ExtractLane { dst: Dst, src: VSlot, lane: u8 } cost(1) |x| { let v = simd::f64x2_extract_lane(x.get_v128(src), lane); x.set(dst, v); }
        /// `f64x2.replace_lane`: `src` with lane `lane` replaced by `value`.
        F64x2ReplaceLane { dst: VDst, src: VSlot, lane: u8, value: Slot } cost(1) |x| { let v = simd::f64x2_replace_lane(x.get_v128(src), lane, x.get::<f64>(value)); x.set_v128(dst, v); }
        /// `i8x16.swizzle` of `lhs` and `rhs`.
        I8x16Swizzle { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_swizzle(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.splat`: every lane `src`.
        I8x16Splat { dst: VDst, src: Slot } cost(1) |x| { let v = simd::i8x16_splat(x.get::<i32>(src)); x.set_v128(dst, v); }
        /// `i16x8.splat`: every lane `src`.
        I16x8Splat { dst: VDst, src: Slot } cost(1) |x| { let v = simd::i16x8_splat(x.get::<i32>(src)); x.set_v128(dst, v); }
        /// `i32x4.splat`: every lane `src`.
        I32x4Splat { dst: VDst, src: Slot } cost(1) |x| { let v = simd::i32x4_splat(x.get::<i32>(src)); x.set_v128(dst, v); }
        /// `i64x2.splat`: every lane `src`.
        I64x2Splat { dst: VDst, src: Slot } cost(1) |x| { let v = simd::i64x2_splat(x.get::<i64>(src)); x.set_v128(dst, v); }
        /// `f32x4.splat`: every lane `src`.
        F32x4Splat { dst: VDst, src: Slot } cost(1) |x| { let v = simd::f32x4_splat(x.get::<f32>(src)); x.set_v128(dst, v); }
        /// `f64x2.splat`: every lane `src`.
        F64x2Splat { dst: VDst, src: Slot } cost(1) |x| { let v = simd::f64x2_splat(x.get::<f64>(src)); x.set_v128(dst, v); }
        /// `i8x16.eq` of `lhs` and `rhs`.
        I8x16Eq { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_eq(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.ne` of `lhs` and `rhs`.
        I8x16Ne { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_ne(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.lt_s` of `lhs` and `rhs`.
        I8x16LtS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_lt_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.lt_u` of `lhs` and `rhs`.
        I8x16LtU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_lt_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.gt_s` of `lhs` and `rhs`.
        I8x16GtS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_gt_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.gt_u` of `lhs` and `rhs`.
        I8x16GtU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_gt_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.le_s` of `lhs` and `rhs`.
        I8x16LeS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_le_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.le_u` of `lhs` and `rhs`.
        I8x16LeU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_le_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.ge_s` of `lhs` and `rhs`.
        I8x16GeS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_ge_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.ge_u` of `lhs` and `rhs`.
        I8x16GeU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_ge_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.eq` of `lhs` and `rhs`.
        I16x8Eq { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_eq(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.ne` of `lhs` and `rhs`.
        I16x8Ne { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_ne(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.lt_s` of `lhs` and `rhs`.
        I16x8LtS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_lt_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.lt_u` of `lhs` and `rhs`.
        I16x8LtU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_lt_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.gt_s` of `lhs` and `rhs`.
        I16x8GtS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_gt_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.gt_u` of `lhs` and `rhs`.
        I16x8GtU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_gt_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.le_s` of `lhs` and `rhs`.
        I16x8LeS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_le_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.le_u` of `lhs` and `rhs`.
        I16x8LeU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_le_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.ge_s` of `lhs` and `rhs`.
        I16x8GeS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_ge_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.ge_u` of `lhs` and `rhs`.
        I16x8GeU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_ge_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.eq` of `lhs` and `rhs`.
        I32x4Eq { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_eq(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.ne` of `lhs` and `rhs`.
        I32x4Ne { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_ne(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.lt_s` of `lhs` and `rhs`.
        I32x4LtS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_lt_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.lt_u` of `lhs` and `rhs`.
        I32x4LtU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_lt_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.gt_s` of `lhs` and `rhs`.
        I32x4GtS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_gt_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.gt_u` of `lhs` and `rhs`.
        I32x4GtU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_gt_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.le_s` of `lhs` and `rhs`.
        I32x4LeS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_le_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.le_u` of `lhs` and `rhs`.
        I32x4LeU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_le_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.ge_s` of `lhs` and `rhs`.
        I32x4GeS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_ge_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.ge_u` of `lhs` and `rhs`.
        I32x4GeU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_ge_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.eq` of `lhs` and `rhs`.
        I64x2Eq { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_eq(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.ne` of `lhs` and `rhs`.
        I64x2Ne { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_ne(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.lt_s` of `lhs` and `rhs`.
        I64x2LtS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_lt_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.gt_s` of `lhs` and `rhs`.
        I64x2GtS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_gt_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.le_s` of `lhs` and `rhs`.
        I64x2LeS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_le_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.ge_s` of `lhs` and `rhs`.
        I64x2GeS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_ge_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.eq` of `lhs` and `rhs`.
        F32x4Eq { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_eq(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.ne` of `lhs` and `rhs`.
        F32x4Ne { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_ne(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.lt` of `lhs` and `rhs`.
        F32x4Lt { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_lt(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.gt` of `lhs` and `rhs`.
        F32x4Gt { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_gt(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.le` of `lhs` and `rhs`.
        F32x4Le { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_le(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.ge` of `lhs` and `rhs`.
        F32x4Ge { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_ge(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.eq` of `lhs` and `rhs`.
        F64x2Eq { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_eq(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.ne` of `lhs` and `rhs`.
        F64x2Ne { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_ne(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.lt` of `lhs` and `rhs`.
        F64x2Lt { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_lt(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.gt` of `lhs` and `rhs`.
        F64x2Gt { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_gt(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.le` of `lhs` and `rhs`.
        F64x2Le { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_le(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.ge` of `lhs` and `rhs`.
        F64x2Ge { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_ge(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `v128.not` of `src`.
        V128Not { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::v128_not(x.get_v128(src)); x.set_v128(dst, v); }
        /// `v128.and` of `lhs` and `rhs`.
        V128And { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::v128_and(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `v128.andnot` of `lhs` and `rhs`.
        V128AndNot { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::v128_andnot(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `v128.or` of `lhs` and `rhs`.
        V128Or { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::v128_or(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `v128.xor` of `lhs` and `rhs`.
        V128Xor { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::v128_xor(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `v128.bitselect` of `a`, `b` and `c`.
        V128Bitselect { dst: VDst, a: VSlot, b: VSlot, c: VSlot } cost(1) |x| { let v = simd::v128_bitselect(x.get_v128(a), x.get_v128(b), x.get_v128(c)); x.set_v128(dst, v); }
        /// `v128.any_true` of `src` (an i32).
        V128AnyTrue { dst: Dst, src: VSlot } cost(1) |x| { let v = simd::v128_any_true(x.get_v128(src)) as u32; x.set(dst, v); }
        /// `i8x16.abs` of `src`.
        I8x16Abs { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i8x16_abs(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i8x16.neg` of `src`.
        I8x16Neg { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i8x16_neg(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i8x16.popcnt` of `src`.
        I8x16Popcnt { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i8x16_popcnt(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i8x16.all_true` of `src` (an i32).
        I8x16AllTrue { dst: Dst, src: VSlot } cost(1) |x| { let v = simd::i8x16_all_true(x.get_v128(src)) as u32; x.set(dst, v); }
        /// `i8x16.bitmask` of `src` (an i32).
        I8x16Bitmask { dst: Dst, src: VSlot } cost(1) |x| { let v = simd::i8x16_bitmask(x.get_v128(src)); x.set(dst, v); }
        /// `i8x16.narrow_i16x8_s` of `lhs` and `rhs`.
        I8x16NarrowI16x8S { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_narrow_i16x8_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.narrow_i16x8_u` of `lhs` and `rhs`.
        I8x16NarrowI16x8U { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_narrow_i16x8_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.shl`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I8x16Shl { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i8x16_shl(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i8x16.shl`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I8x16ShlImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i8x16_shl(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i8x16.shr_s`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I8x16ShrS { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i8x16_shr_s(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i8x16.shr_s`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I8x16ShrSImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i8x16_shr_s(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i8x16.shr_u`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I8x16ShrU { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i8x16_shr_u(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i8x16.shr_u`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I8x16ShrUImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i8x16_shr_u(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i8x16.add` of `lhs` and `rhs`.
        I8x16Add { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_add(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.add_sat_s` of `lhs` and `rhs`.
        I8x16AddSatS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_add_sat_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.add_sat_u` of `lhs` and `rhs`.
        I8x16AddSatU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_add_sat_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.sub` of `lhs` and `rhs`.
        I8x16Sub { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_sub(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.sub_sat_s` of `lhs` and `rhs`.
        I8x16SubSatS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_sub_sat_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.sub_sat_u` of `lhs` and `rhs`.
        I8x16SubSatU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_sub_sat_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.min_s` of `lhs` and `rhs`.
        I8x16MinS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_min_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.min_u` of `lhs` and `rhs`.
        I8x16MinU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_min_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.max_s` of `lhs` and `rhs`.
        I8x16MaxS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_max_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.max_u` of `lhs` and `rhs`.
        I8x16MaxU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_max_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i8x16.avgr_u` of `lhs` and `rhs`.
        I8x16AvgrU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_avgr_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.extadd_pairwise_i8x16_s` of `src`.
        I16x8ExtAddPairwiseI8x16S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i16x8_extadd_pairwise_i8x16_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i16x8.extadd_pairwise_i8x16_u` of `src`.
        I16x8ExtAddPairwiseI8x16U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i16x8_extadd_pairwise_i8x16_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i16x8.abs` of `src`.
        I16x8Abs { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i16x8_abs(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i16x8.neg` of `src`.
        I16x8Neg { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i16x8_neg(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i16x8.q15mulr_sat_s` of `lhs` and `rhs`.
        I16x8Q15MulrSatS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_q15mulr_sat_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.all_true` of `src` (an i32).
        I16x8AllTrue { dst: Dst, src: VSlot } cost(1) |x| { let v = simd::i16x8_all_true(x.get_v128(src)) as u32; x.set(dst, v); }
        /// `i16x8.bitmask` of `src` (an i32).
        I16x8Bitmask { dst: Dst, src: VSlot } cost(1) |x| { let v = simd::i16x8_bitmask(x.get_v128(src)); x.set(dst, v); }
        /// `i16x8.narrow_i32x4_s` of `lhs` and `rhs`.
        I16x8NarrowI32x4S { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_narrow_i32x4_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.narrow_i32x4_u` of `lhs` and `rhs`.
        I16x8NarrowI32x4U { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_narrow_i32x4_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.extend_low_i8x16_s` of `src`.
        I16x8ExtendLowI8x16S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i16x8_extend_low_i8x16_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i16x8.extend_high_i8x16_s` of `src`.
        I16x8ExtendHighI8x16S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i16x8_extend_high_i8x16_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i16x8.extend_low_i8x16_u` of `src`.
        I16x8ExtendLowI8x16U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i16x8_extend_low_i8x16_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i16x8.extend_high_i8x16_u` of `src`.
        I16x8ExtendHighI8x16U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i16x8_extend_high_i8x16_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i16x8.shl`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I16x8Shl { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i16x8_shl(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i16x8.shl`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I16x8ShlImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i16x8_shl(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i16x8.shr_s`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I16x8ShrS { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i16x8_shr_s(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i16x8.shr_s`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I16x8ShrSImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i16x8_shr_s(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i16x8.shr_u`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I16x8ShrU { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i16x8_shr_u(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i16x8.shr_u`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I16x8ShrUImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i16x8_shr_u(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i16x8.add` of `lhs` and `rhs`.
        I16x8Add { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_add(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.add_sat_s` of `lhs` and `rhs`.
        I16x8AddSatS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_add_sat_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.add_sat_u` of `lhs` and `rhs`.
        I16x8AddSatU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_add_sat_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.sub` of `lhs` and `rhs`.
        I16x8Sub { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_sub(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.sub_sat_s` of `lhs` and `rhs`.
        I16x8SubSatS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_sub_sat_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.sub_sat_u` of `lhs` and `rhs`.
        I16x8SubSatU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_sub_sat_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.mul` of `lhs` and `rhs`.
        I16x8Mul { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_mul(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.min_s` of `lhs` and `rhs`.
        I16x8MinS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_min_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.min_u` of `lhs` and `rhs`.
        I16x8MinU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_min_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.max_s` of `lhs` and `rhs`.
        I16x8MaxS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_max_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.max_u` of `lhs` and `rhs`.
        I16x8MaxU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_max_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.avgr_u` of `lhs` and `rhs`.
        I16x8AvgrU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_avgr_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.extmul_low_i8x16_s` of `lhs` and `rhs`.
        I16x8ExtMulLowI8x16S { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_extmul_low_i8x16_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.extmul_high_i8x16_s` of `lhs` and `rhs`.
        I16x8ExtMulHighI8x16S { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_extmul_high_i8x16_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.extmul_low_i8x16_u` of `lhs` and `rhs`.
        I16x8ExtMulLowI8x16U { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_extmul_low_i8x16_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.extmul_high_i8x16_u` of `lhs` and `rhs`.
        I16x8ExtMulHighI8x16U { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_extmul_high_i8x16_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.extadd_pairwise_i16x8_s` of `src`.
        I32x4ExtAddPairwiseI16x8S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_extadd_pairwise_i16x8_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.extadd_pairwise_i16x8_u` of `src`.
        I32x4ExtAddPairwiseI16x8U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_extadd_pairwise_i16x8_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.abs` of `src`.
        I32x4Abs { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_abs(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.neg` of `src`.
        I32x4Neg { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_neg(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.all_true` of `src` (an i32).
        I32x4AllTrue { dst: Dst, src: VSlot } cost(1) |x| { let v = simd::i32x4_all_true(x.get_v128(src)) as u32; x.set(dst, v); }
        /// `i32x4.bitmask` of `src` (an i32).
        I32x4Bitmask { dst: Dst, src: VSlot } cost(1) |x| { let v = simd::i32x4_bitmask(x.get_v128(src)); x.set(dst, v); }
        /// `i32x4.extend_low_i16x8_s` of `src`.
        I32x4ExtendLowI16x8S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_extend_low_i16x8_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.extend_high_i16x8_s` of `src`.
        I32x4ExtendHighI16x8S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_extend_high_i16x8_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.extend_low_i16x8_u` of `src`.
        I32x4ExtendLowI16x8U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_extend_low_i16x8_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.extend_high_i16x8_u` of `src`.
        I32x4ExtendHighI16x8U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_extend_high_i16x8_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.shl`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I32x4Shl { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i32x4_shl(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i32x4.shl`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I32x4ShlImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i32x4_shl(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i32x4.shr_s`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I32x4ShrS { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i32x4_shr_s(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i32x4.shr_s`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I32x4ShrSImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i32x4_shr_s(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i32x4.shr_u`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I32x4ShrU { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i32x4_shr_u(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i32x4.shr_u`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I32x4ShrUImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i32x4_shr_u(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i32x4.add` of `lhs` and `rhs`.
        I32x4Add { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_add(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.sub` of `lhs` and `rhs`.
        I32x4Sub { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_sub(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.mul` of `lhs` and `rhs`.
        I32x4Mul { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_mul(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.min_s` of `lhs` and `rhs`.
        I32x4MinS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_min_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.min_u` of `lhs` and `rhs`.
        I32x4MinU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_min_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.max_s` of `lhs` and `rhs`.
        I32x4MaxS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_max_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.max_u` of `lhs` and `rhs`.
        I32x4MaxU { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_max_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.dot_i16x8_s` of `lhs` and `rhs`.
        I32x4DotI16x8S { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_dot_i16x8_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.extmul_low_i16x8_s` of `lhs` and `rhs`.
        I32x4ExtMulLowI16x8S { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_extmul_low_i16x8_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.extmul_high_i16x8_s` of `lhs` and `rhs`.
        I32x4ExtMulHighI16x8S { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_extmul_high_i16x8_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.extmul_low_i16x8_u` of `lhs` and `rhs`.
        I32x4ExtMulLowI16x8U { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_extmul_low_i16x8_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.extmul_high_i16x8_u` of `lhs` and `rhs`.
        I32x4ExtMulHighI16x8U { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i32x4_extmul_high_i16x8_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.abs` of `src`.
        I64x2Abs { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i64x2_abs(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i64x2.neg` of `src`.
        I64x2Neg { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i64x2_neg(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i64x2.all_true` of `src` (an i32).
        I64x2AllTrue { dst: Dst, src: VSlot } cost(1) |x| { let v = simd::i64x2_all_true(x.get_v128(src)) as u32; x.set(dst, v); }
        /// `i64x2.bitmask` of `src` (an i32).
        I64x2Bitmask { dst: Dst, src: VSlot } cost(1) |x| { let v = simd::i64x2_bitmask(x.get_v128(src)); x.set(dst, v); }
        /// `i64x2.extend_low_i32x4_s` of `src`.
        I64x2ExtendLowI32x4S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i64x2_extend_low_i32x4_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i64x2.extend_high_i32x4_s` of `src`.
        I64x2ExtendHighI32x4S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i64x2_extend_high_i32x4_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i64x2.extend_low_i32x4_u` of `src`.
        I64x2ExtendLowI32x4U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i64x2_extend_low_i32x4_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i64x2.extend_high_i32x4_u` of `src`.
        I64x2ExtendHighI32x4U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i64x2_extend_high_i32x4_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i64x2.shl`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I64x2Shl { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i64x2_shl(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i64x2.shl`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I64x2ShlImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i64x2_shl(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i64x2.shr_s`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I64x2ShrS { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i64x2_shr_s(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i64x2.shr_s`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I64x2ShrSImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i64x2_shr_s(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i64x2.shr_u`: each lane of `lhs` shifted by `rhs` modulo the lane width.
        I64x2ShrU { dst: VDst, lhs: VSlot, rhs: Slot } cost(1) |x| { let v = simd::i64x2_shr_u(x.get_v128(lhs), x.get::<i32>(rhs)); x.set_v128(dst, v); }
        /// `i64x2.shr_u`: each lane of `lhs` shifted by the constant `rhs` modulo the lane width.
        I64x2ShrUImm { dst: VDst, lhs: VSlot, rhs: u32 } cost(1) |x| { let v = simd::i64x2_shr_u(x.get_v128(lhs), rhs as i32); x.set_v128(dst, v); }
        /// `i64x2.add` of `lhs` and `rhs`.
        I64x2Add { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_add(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.sub` of `lhs` and `rhs`.
        I64x2Sub { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_sub(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.mul` of `lhs` and `rhs`.
        I64x2Mul { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_mul(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.extmul_low_i32x4_s` of `lhs` and `rhs`.
        I64x2ExtMulLowI32x4S { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_extmul_low_i32x4_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.extmul_high_i32x4_s` of `lhs` and `rhs`.
        I64x2ExtMulHighI32x4S { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_extmul_high_i32x4_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.extmul_low_i32x4_u` of `lhs` and `rhs`.
        I64x2ExtMulLowI32x4U { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_extmul_low_i32x4_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i64x2.extmul_high_i32x4_u` of `lhs` and `rhs`.
        I64x2ExtMulHighI32x4U { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i64x2_extmul_high_i32x4_u(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.ceil` of `src`.
        F32x4Ceil { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f32x4_ceil(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.floor` of `src`.
        F32x4Floor { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f32x4_floor(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.trunc` of `src`.
        F32x4Trunc { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f32x4_trunc(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.nearest` of `src`.
        F32x4Nearest { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f32x4_nearest(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.abs` of `src`.
        F32x4Abs { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f32x4_abs(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.neg` of `src`.
        F32x4Neg { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f32x4_neg(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.sqrt` of `src`.
        F32x4Sqrt { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f32x4_sqrt(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.add` of `lhs` and `rhs`.
        F32x4Add { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_add(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.sub` of `lhs` and `rhs`.
        F32x4Sub { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_sub(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.mul` of `lhs` and `rhs`.
        F32x4Mul { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_mul(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.div` of `lhs` and `rhs`.
        F32x4Div { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_div(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.min` of `lhs` and `rhs`.
        F32x4Min { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_min(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.max` of `lhs` and `rhs`.
        F32x4Max { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_max(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.pmin` of `lhs` and `rhs`.
        F32x4PMin { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_pmin(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.pmax` of `lhs` and `rhs`.
        F32x4PMax { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_pmax(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.ceil` of `src`.
        F64x2Ceil { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f64x2_ceil(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f64x2.floor` of `src`.
        F64x2Floor { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f64x2_floor(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f64x2.trunc` of `src`.
        F64x2Trunc { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f64x2_trunc(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f64x2.nearest` of `src`.
        F64x2Nearest { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f64x2_nearest(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f64x2.abs` of `src`.
        F64x2Abs { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f64x2_abs(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f64x2.neg` of `src`.
        F64x2Neg { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f64x2_neg(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f64x2.sqrt` of `src`.
        F64x2Sqrt { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f64x2_sqrt(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f64x2.add` of `lhs` and `rhs`.
        F64x2Add { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_add(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.sub` of `lhs` and `rhs`.
        F64x2Sub { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_sub(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.mul` of `lhs` and `rhs`.
        F64x2Mul { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_mul(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.div` of `lhs` and `rhs`.
        F64x2Div { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_div(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.min` of `lhs` and `rhs`.
        F64x2Min { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_min(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.max` of `lhs` and `rhs`.
        F64x2Max { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_max(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.pmin` of `lhs` and `rhs`.
        F64x2PMin { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_pmin(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.pmax` of `lhs` and `rhs`.
        F64x2PMax { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_pmax(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.trunc_sat_f32x4_s` of `src`.
        I32x4TruncSatF32x4S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_trunc_sat_f32x4_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.trunc_sat_f32x4_u` of `src`.
        I32x4TruncSatF32x4U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_trunc_sat_f32x4_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.convert_i32x4_s` of `src`.
        F32x4ConvertI32x4S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f32x4_convert_i32x4_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.convert_i32x4_u` of `src`.
        F32x4ConvertI32x4U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f32x4_convert_i32x4_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.trunc_sat_f64x2_s_zero` of `src`.
        I32x4TruncSatF64x2SZero { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_trunc_sat_f64x2_s_zero(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.trunc_sat_f64x2_u_zero` of `src`.
        I32x4TruncSatF64x2UZero { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_trunc_sat_f64x2_u_zero(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f64x2.convert_low_i32x4_s` of `src`.
        F64x2ConvertLowI32x4S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f64x2_convert_low_i32x4_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f64x2.convert_low_i32x4_u` of `src`.
        F64x2ConvertLowI32x4U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f64x2_convert_low_i32x4_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.demote_f64x2_zero` of `src`.
        F32x4DemoteF64x2Zero { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f32x4_demote_f64x2_zero(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f64x2.promote_low_f32x4` of `src`.
        F64x2PromoteLowF32x4 { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::f64x2_promote_low_f32x4(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i8x16.relaxed_swizzle` of `lhs` and `rhs`.
        I8x16RelaxedSwizzle { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i8x16_relaxed_swizzle(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.relaxed_trunc_f32x4_s` of `src`.
        I32x4RelaxedTruncF32x4S { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_relaxed_trunc_f32x4_s(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.relaxed_trunc_f32x4_u` of `src`.
        I32x4RelaxedTruncF32x4U { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_relaxed_trunc_f32x4_u(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.relaxed_trunc_f64x2_s_zero` of `src`.
        I32x4RelaxedTruncF64x2SZero { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_relaxed_trunc_f64x2_s_zero(x.get_v128(src)); x.set_v128(dst, v); }
        /// `i32x4.relaxed_trunc_f64x2_u_zero` of `src`.
        I32x4RelaxedTruncF64x2UZero { dst: VDst, src: VSlot } cost(1) |x| { let v = simd::i32x4_relaxed_trunc_f64x2_u_zero(x.get_v128(src)); x.set_v128(dst, v); }
        /// `f32x4.relaxed_madd` of `a`, `b` and `c`.
        F32x4RelaxedMadd { dst: VDst, a: VSlot, b: VSlot, c: VSlot } cost(1) |x| { let v = simd::f32x4_relaxed_madd(x.get_v128(a), x.get_v128(b), x.get_v128(c)); x.set_v128(dst, v); }
        /// `f32x4.relaxed_nmadd` of `a`, `b` and `c`.
        F32x4RelaxedNmadd { dst: VDst, a: VSlot, b: VSlot, c: VSlot } cost(1) |x| { let v = simd::f32x4_relaxed_nmadd(x.get_v128(a), x.get_v128(b), x.get_v128(c)); x.set_v128(dst, v); }
        /// `f64x2.relaxed_madd` of `a`, `b` and `c`.
        F64x2RelaxedMadd { dst: VDst, a: VSlot, b: VSlot, c: VSlot } cost(1) |x| { let v = simd::f64x2_relaxed_madd(x.get_v128(a), x.get_v128(b), x.get_v128(c)); x.set_v128(dst, v); }
        /// `f64x2.relaxed_nmadd` of `a`, `b` and `c`.
        F64x2RelaxedNmadd { dst: VDst, a: VSlot, b: VSlot, c: VSlot } cost(1) |x| { let v = simd::f64x2_relaxed_nmadd(x.get_v128(a), x.get_v128(b), x.get_v128(c)); x.set_v128(dst, v); }
        /// `i8x16.relaxed_laneselect` of `a`, `b` and `c`.
        I8x16RelaxedLaneselect { dst: VDst, a: VSlot, b: VSlot, c: VSlot } cost(1) |x| { let v = simd::i8x16_relaxed_laneselect(x.get_v128(a), x.get_v128(b), x.get_v128(c)); x.set_v128(dst, v); }
        /// `i16x8.relaxed_laneselect` of `a`, `b` and `c`.
        I16x8RelaxedLaneselect { dst: VDst, a: VSlot, b: VSlot, c: VSlot } cost(1) |x| { let v = simd::i16x8_relaxed_laneselect(x.get_v128(a), x.get_v128(b), x.get_v128(c)); x.set_v128(dst, v); }
        /// `i32x4.relaxed_laneselect` of `a`, `b` and `c`.
        I32x4RelaxedLaneselect { dst: VDst, a: VSlot, b: VSlot, c: VSlot } cost(1) |x| { let v = simd::i32x4_relaxed_laneselect(x.get_v128(a), x.get_v128(b), x.get_v128(c)); x.set_v128(dst, v); }
        /// `i64x2.relaxed_laneselect` of `a`, `b` and `c`.
        I64x2RelaxedLaneselect { dst: VDst, a: VSlot, b: VSlot, c: VSlot } cost(1) |x| { let v = simd::i64x2_relaxed_laneselect(x.get_v128(a), x.get_v128(b), x.get_v128(c)); x.set_v128(dst, v); }
        /// `f32x4.relaxed_min` of `lhs` and `rhs`.
        F32x4RelaxedMin { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_relaxed_min(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f32x4.relaxed_max` of `lhs` and `rhs`.
        F32x4RelaxedMax { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f32x4_relaxed_max(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.relaxed_min` of `lhs` and `rhs`.
        F64x2RelaxedMin { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_relaxed_min(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `f64x2.relaxed_max` of `lhs` and `rhs`.
        F64x2RelaxedMax { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::f64x2_relaxed_max(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.relaxed_q15mulr_s` of `lhs` and `rhs`.
        I16x8RelaxedQ15mulrS { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_relaxed_q15mulr_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i16x8.relaxed_dot_i8x16_i7x16_s` of `lhs` and `rhs`.
        I16x8RelaxedDotI8x16I7x16S { dst: VDst, lhs: VSlot, rhs: VSlot } cost(1) |x| { let v = simd::i16x8_relaxed_dot_i8x16_i7x16_s(x.get_v128(lhs), x.get_v128(rhs)); x.set_v128(dst, v); }
        /// `i32x4.relaxed_dot_i8x16_i7x16_add_s` of `a`, `b` and `c`.
        I32x4RelaxedDotI8x16I7x16AddS { dst: VDst, a: VSlot, b: VSlot, c: VSlot } cost(1) |x| { let v = simd::i32x4_relaxed_dot_i8x16_i7x16_add_s(x.get_v128(a), x.get_v128(b), x.get_v128(c)); x.set_v128(dst, v); }
        /// Traps with `Interrupted`; never emitted by the translator: a branch that finds the epoch deadline reached jumps here (see `interp::executor`).
        Interrupt {  } cost(1) |x| { return Err(x.trap(TrapCode::Interrupted)); }
        /// Runs defined function `def` of the current instance, compiled by the Cranelift tier, on the current frame's cells (arguments in, results out); the whole interpreter code of such a function is this and `Return`. Never emitted without the tier.
        CallNative { def: u32 } cost(1) |x| { x.call_native(def)?; }
        }
    };
}

pub(crate) use for_each_instruction;
