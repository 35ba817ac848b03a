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
        /// Traps with `Interrupted`; never emitted by the translator: a branch that finds the epoch deadline reached jumps here (see `interp::executor`).
        Interrupt {  } cost(1) |x| { return Err(x.trap(TrapCode::Interrupted)); }
        }
    };
}

pub(crate) use for_each_instruction;
