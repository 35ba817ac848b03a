//! The operator dispatch, and control flow: blocks, loops, `if`, branches, calls, returns.

use super::{
    Frame, FuncTranslator, Kind, Unsupported, cell_offsets, clif_type, func_name, wasm_signature,
};
use crate::error::TrapCode;
use crate::jit::vmctx::{self, EngineOp};
use crate::value::FuncType;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{AbiParam, BlockArg, ExtFuncData, ExternalName, InstBuilder};
use cranelift_codegen::ir::{Block, FuncRef, JumpTableData, MemFlagsData, Signature, Type, Value};
use cranelift_codegen::ir::{StackSlotData, StackSlotKind, types};
use wasmparser::Operator;

impl FuncTranslator<'_, '_> {
    /// Translates one operator.
    pub(super) fn visit(&mut self, op: &Operator<'_>) -> Result<(), Unsupported> {
        if !self.reachable {
            return self.visit_dead(op);
        }
        match *op {
            Operator::Nop => {}
            Operator::Unreachable => {
                if self.env.signals {
                    self.b.ins().trap(vmctx::clif_trap(TrapCode::Unreachable));
                } else {
                    let trap = self.trap_block(TrapCode::Unreachable);
                    self.b.ins().jump(trap, &[]);
                }
                self.reachable = false;
            }
            Operator::Block { blockty } => {
                let (params, results) = self.block_type(blockty)?;
                let dest = self.block_with(&results);
                let height = self.stack.len() - params.len();
                self.control.push(Frame {
                    kind: Kind::Block,
                    dest,
                    params,
                    results,
                    height,
                    exit_reached: false,
                });
            }
            Operator::Loop { blockty } => {
                let (params, results) = self.block_type(blockty)?;
                let header = self.block_with(&params);
                let args = self.top(params.len());
                self.jump(header, &args);
                let height = self.stack.len() - params.len();
                self.stack.truncate(height);
                self.b.switch_to_block(header);
                let header_params = self.b.block_params(header).to_vec();
                self.stack.extend(header_params);
                self.epoch_check();
                let dest = self.block_with(&results);
                self.control.push(Frame {
                    kind: Kind::Loop { header },
                    dest,
                    params,
                    results,
                    height,
                    exit_reached: false,
                });
            }
            Operator::If { blockty } => {
                let cond = self.pop();
                let (params, results) = self.block_type(blockty)?;
                let then_block = self.block_with(&params);
                let else_block = self.block_with(&params);
                let dest = self.block_with(&results);
                let args: Vec<BlockArg> = self
                    .top(params.len())
                    .into_iter()
                    .map(BlockArg::Value)
                    .collect();
                self.b
                    .ins()
                    .brif(cond, then_block, &args, else_block, &args);
                let height = self.stack.len() - params.len();
                self.stack.truncate(height);
                self.b.switch_to_block(then_block);
                let then_params = self.b.block_params(then_block).to_vec();
                self.stack.extend(then_params);
                self.control.push(Frame {
                    kind: Kind::If {
                        else_block,
                        else_seen: false,
                        entry_reachable: true,
                    },
                    dest,
                    params,
                    results,
                    height,
                    exit_reached: false,
                });
            }
            Operator::Else => self.else_arm(),
            Operator::End => self.end(),
            Operator::Br { relative_depth } => {
                let (block, n) = self.label(relative_depth);
                let args = self.top(n);
                self.jump(block, &args);
                self.reachable = false;
            }
            Operator::BrIf { relative_depth } => {
                let cond = self.pop();
                let (block, n) = self.label(relative_depth);
                let args: Vec<BlockArg> = self.top(n).into_iter().map(BlockArg::Value).collect();
                let cont = self.b.create_block();
                self.b.ins().brif(cond, block, &args, cont, &[]);
                self.b.switch_to_block(cont);
            }
            Operator::BrTable { ref targets } => {
                let index = self.pop();
                let depths = targets
                    .targets()
                    .collect::<Result<Vec<u32>, _>>()
                    .map_err(|e| Unsupported(format!("unreadable br_table: {e}")))?;
                let default = targets.default();
                let n = self.label(default).1;
                let args = self.top(n);
                // Each distinct target gets a block that passes the label's values on (a jump
                // table entry carries no values of its own here).
                let mut edges: Vec<(u32, Block)> = Vec::new();
                let mut edge = |t: &mut Self, depth: u32| -> Block {
                    if let Some(&(_, b)) = edges.iter().find(|(d, _)| *d == depth) {
                        return b;
                    }
                    let (target, _) = t.label(depth);
                    let b = if n == 0 { target } else { t.b.create_block() };
                    edges.push((depth, b));
                    b
                };
                let default_block = edge(self, default);
                let table_blocks: Vec<Block> = depths.iter().map(|&d| edge(self, d)).collect();
                let pool = &mut self.b.func.dfg.value_lists;
                let default_call =
                    cranelift_codegen::ir::BlockCall::new(default_block, std::iter::empty(), pool);
                let calls: Vec<_> = table_blocks
                    .iter()
                    .map(|&b| cranelift_codegen::ir::BlockCall::new(b, std::iter::empty(), pool))
                    .collect();
                let jt = self
                    .b
                    .create_jump_table(JumpTableData::new(default_call, &calls));
                self.b.ins().br_table(index, jt);
                if n > 0 {
                    for (depth, block) in edges {
                        let (target, _) = self.label(depth);
                        self.b.switch_to_block(block);
                        self.jump(target, &args);
                    }
                }
                self.reachable = false;
            }
            Operator::Return => self.return_top(),
            Operator::Call { function_index } => self.call(function_index)?,
            // A tail call of a defined function is Cranelift's own (`tail` convention).
            // Through a table or a reference it is too when the callee is compiled code of
            // this instance (`tail_call_through_engine`); to anything else (an import, another
            // instance's function, one left to the interpreter) it is an ordinary call
            // followed by a return: the stack grows by one frame per such call.
            Operator::ReturnCall { function_index }
                if function_index < self.env.info.num_imported_funcs =>
            {
                self.call(function_index)?;
                self.return_top();
            }
            Operator::ReturnCall { function_index } => {
                let def = function_index - self.env.info.num_imported_funcs;
                let ty = self.env.info.func_type(function_index);
                let func_ref = self.func_ref(def, ty)?;
                let n = ty.params().len();
                let mut args = Vec::with_capacity(n + 1);
                args.push(self.vmctx);
                args.extend(self.stack.split_off(self.stack.len() - n));
                self.b.ins().return_call(func_ref, &args);
                self.reachable = false;
            }
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => {
                let elem = self.pop();
                let ty = &self.env.info.types[type_index as usize];
                let body = self.engine_op(EngineOp::TailCallee, type_index, table_index, &[elem]);
                let type_index = self.b.ins().iconst(types::I32, i64::from(type_index));
                let table = self.b.ins().iconst(types::I32, i64::from(table_index));
                let lead = [type_index, table, elem];
                self.tail_call_through_engine(ty, body, vmctx::CALL_INDIRECT, &lead)?;
            }
            Operator::ReturnCallRef { type_index } => {
                let callee = self.pop();
                self.trap_if_null(callee);
                let func = self.b.ins().iadd_imm_s(callee, -1);
                let func = self.b.ins().ireduce(types::I32, func);
                let ty = &self.env.info.types[type_index as usize];
                let body = self.engine_op(EngineOp::TailCalleeRef, 0, 0, &[func]);
                self.tail_call_through_engine(ty, body, vmctx::CALL, &[func])?;
            }
            Operator::CallIndirect {
                type_index,
                table_index,
            } => {
                let elem = self.pop();
                let ty = &self.env.info.types[type_index as usize];
                let type_index = self.b.ins().iconst(types::I32, i64::from(type_index));
                let table = self.b.ins().iconst(types::I32, i64::from(table_index));
                self.call_through_engine(ty, vmctx::CALL_INDIRECT, &[type_index, table, elem])?;
            }
            Operator::CallRef { type_index } => {
                let callee = self.pop();
                self.trap_if_null(callee);
                let func = self.b.ins().iadd_imm_s(callee, -1);
                let func = self.b.ins().ireduce(types::I32, func);
                let ty = &self.env.info.types[type_index as usize];
                self.call_through_engine(ty, vmctx::CALL, &[func])?;
            }
            Operator::RefNull { .. } => {
                let v = self.b.ins().iconst(types::I64, 0);
                self.push(v);
            }
            Operator::RefIsNull => {
                let v = self.pop();
                let c = self.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
                let v = self.b.ins().uextend(types::I32, c);
                self.push(v);
            }
            Operator::RefFunc { function_index } => {
                let map = self.vm_field(vmctx::FUNC_MAP);
                let func = self.b.ins().uload32(
                    MemFlagsData::trusted().with_readonly(),
                    map,
                    (function_index * 4) as i32,
                );
                let v = self.b.ins().iadd_imm_s(func, 1);
                self.push(v);
            }
            Operator::RefAsNonNull => {
                let v = *self
                    .stack
                    .last()
                    .expect("validated: ref.as_non_null operand");
                self.trap_if_null(v);
            }
            Operator::BrOnNull { relative_depth } => {
                let v = self.pop();
                let (block, n) = self.label(relative_depth);
                let args: Vec<BlockArg> = self.top(n).into_iter().map(BlockArg::Value).collect();
                let cont = self.b.create_block();
                self.b.ins().brif(v, cont, &[], block, &args);
                self.b.switch_to_block(cont);
                self.push(v);
            }
            Operator::BrOnNonNull { relative_depth } => {
                let v = self.pop();
                let (block, n) = self.label(relative_depth);
                let mut args: Vec<BlockArg> =
                    self.top(n - 1).into_iter().map(BlockArg::Value).collect();
                args.push(BlockArg::Value(v));
                let cont = self.b.create_block();
                self.b.ins().brif(v, block, &args, cont, &[]);
                self.b.switch_to_block(cont);
            }
            Operator::Drop => {
                self.pop();
            }
            Operator::Select => self.select(),
            Operator::TypedSelect { ty } => {
                let t = self
                    .env
                    .info
                    .val_type(ty, 0)
                    .map_err(|e| Unsupported(e.to_string()))?;
                clif_type(t)?;
                self.select();
            }
            _ => return self.visit_data(op),
        }
        Ok(())
    }

    /// An operator in code that cannot run: only the nesting matters.
    fn visit_dead(&mut self, op: &Operator<'_>) -> Result<(), Unsupported> {
        match op {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                self.dead_depth += 1;
            }
            Operator::End if self.dead_depth > 0 => self.dead_depth -= 1,
            Operator::End => self.end(),
            Operator::Else if self.dead_depth == 0 => self.else_arm(),
            Operator::TryTable { .. }
            | Operator::Try { .. }
            | Operator::Catch { .. }
            | Operator::CatchAll
            | Operator::Delegate { .. } => {
                return Err(Unsupported("exception handling".into()));
            }
            _ => {}
        }
        Ok(())
    }

    /// Traps with `NullReference` when reference `v` is null.
    fn trap_if_null(&mut self, v: Value) {
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
        self.trap_if(null, TrapCode::NullReference);
    }

    /// `select`: the first operand if the condition is not zero.
    fn select(&mut self) {
        let cond = self.pop();
        let (a, b) = self.pop2();
        let v = self.b.ins().select(cond, a, b);
        self.push(v);
    }

    /// A block with parameters of `types`.
    fn block_with(&mut self, types: &[Type]) -> Block {
        let block = self.b.create_block();
        for &t in types {
            self.b.append_block_param(block, t);
        }
        block
    }

    /// Jumps to `block` with `args`.
    pub(super) fn jump(&mut self, block: Block, args: &[Value]) {
        let args: Vec<BlockArg> = args.iter().copied().map(BlockArg::Value).collect();
        self.b.ins().jump(block, &args);
    }

    /// The CLIF types of a block type's parameters and results.
    fn block_type(&self, ty: wasmparser::BlockType) -> Result<(Vec<Type>, Vec<Type>), Unsupported> {
        let (params, results) = self.env.info.block_type(ty);
        let params = params
            .iter()
            .map(|&t| clif_type(t))
            .collect::<Result<_, _>>()?;
        let results = results
            .iter()
            .map(|&t| clif_type(t))
            .collect::<Result<_, _>>()?;
        Ok((params, results))
    }

    /// `else`: the true arm ends (in reachable code or not); the false arm starts.
    fn else_arm(&mut self) {
        let reachable = self.reachable;
        let results = self.top_results_if(reachable);
        let frame = self.control.last_mut().expect("validated: else inside if");
        let Kind::If {
            else_block,
            ref mut else_seen,
            entry_reachable,
        } = frame.kind
        else {
            unreachable!("validated: else ends an if");
        };
        *else_seen = true;
        let (dest, height) = (frame.dest, frame.height);
        if reachable {
            frame.exit_reached = true;
        }
        if let Some(results) = results {
            self.jump(dest, &results);
        }
        self.stack.truncate(height);
        self.b.switch_to_block(else_block);
        let params = self.b.block_params(else_block).to_vec();
        self.stack.extend(params);
        self.reachable = entry_reachable;
    }

    /// The innermost frame's results from the stack, when `reachable`.
    fn top_results_if(&self, reachable: bool) -> Option<Vec<Value>> {
        let n = self.control.last()?.results.len();
        reachable.then(|| self.top(n))
    }

    /// `end` of the innermost construct (the function's last `end` returns).
    fn end(&mut self) {
        let results = self.top_results_if(self.reachable);
        let frame = self
            .control
            .pop()
            .expect("validated: end matches a construct");
        let mut reached = frame.exit_reached;
        if let Some(results) = results {
            self.jump(frame.dest, &results);
            reached = true;
        }
        self.stack.truncate(frame.height);
        if let Kind::If {
            else_block,
            else_seen: false,
            entry_reachable,
        } = frame.kind
        {
            // No `else`: the false branch hands the parameters on as the results.
            self.b.switch_to_block(else_block);
            let params = self.b.block_params(else_block).to_vec();
            self.jump(frame.dest, &params);
            reached |= entry_reachable;
        }
        self.dead_depth = 0;
        if !reached {
            self.reachable = false;
            return;
        }
        self.b.switch_to_block(frame.dest);
        let values = self.b.block_params(frame.dest).to_vec();
        if self.control.is_empty() {
            self.b.ins().return_(&values);
            self.reachable = false;
        } else {
            self.stack.extend(values);
            self.reachable = true;
        }
    }

    /// `call` of a defined function (compiled too; the caller is left to the interpreter
    /// otherwise, see [`super::super::compile`]).
    fn call(&mut self, function_index: u32) -> Result<(), Unsupported> {
        let info = self.env.info;
        let ty = info.func_type(function_index);
        let Some(def) = function_index.checked_sub(info.num_imported_funcs) else {
            // An import: through the engine, by its store index.
            let map = self.vm_field(vmctx::FUNC_MAP);
            let func = self.b.ins().load(
                types::I32,
                MemFlagsData::trusted().with_readonly(),
                map,
                (function_index * 4) as i32,
            );
            return self.call_through_engine(ty, vmctx::CALL, &[func]);
        };
        let func_ref = self.func_ref(def, ty)?;
        let n = ty.params().len();
        let mut args = Vec::with_capacity(n + 1);
        args.push(self.vmctx);
        args.extend_from_slice(&self.stack[self.stack.len() - n..]);
        self.stack.truncate(self.stack.len() - n);
        let call = self.b.ins().call(func_ref, &args);
        let results = self.b.inst_results(call).to_vec();
        self.check_compiled_callee();
        self.stack.extend(results);
        Ok(())
    }

    /// The reference to defined function `def` (of type `ty`) for `call` and `return_call`,
    /// noting it as a callee.
    fn func_ref(&mut self, def: u32, ty: &FuncType) -> Result<FuncRef, Unsupported> {
        if !self.callees.contains(&def) {
            self.callees.push(def);
        }
        if let Some(&f) = self.func_refs.get(&def) {
            return Ok(f);
        }
        let sig = self.b.import_signature(wasm_signature(ty)?);
        let name = self.b.func.declare_imported_user_function(func_name(def));
        let f = self.b.import_function(ExtFuncData {
            name: ExternalName::user(name),
            signature: sig,
            colocated: true,
            patchable: false,
        });
        self.func_refs.insert(def, f);
        Ok(f)
    }

    /// Returns the values on top of the stack (the function's results).
    fn return_top(&mut self) {
        let args = self.top(self.results.len());
        self.b.ins().return_(&args);
        self.reachable = false;
    }

    /// A tail call through a table or a reference: `body` is the callee's compiled body as
    /// the engine found it (`EngineOp::TailCallee`), or 0 when it has none, and then the
    /// call goes through the engine (`field`, with the call's own operands `lead`) and
    /// returns. The arguments, of type `ty`, are on top of the stack.
    fn tail_call_through_engine(
        &mut self,
        ty: &FuncType,
        body: Value,
        field: i32,
        lead: &[Value],
    ) -> Result<(), Unsupported> {
        let sig = self.b.import_signature(wasm_signature(ty)?);
        let tail = self.b.create_block();
        let slow = self.b.create_block();
        self.b.ins().brif(body, tail, &[], slow, &[]);

        self.b.switch_to_block(tail);
        let n = ty.params().len();
        let mut args = Vec::with_capacity(n + 1);
        args.push(self.vmctx);
        args.extend_from_slice(&self.stack[self.stack.len() - n..]);
        self.b.ins().return_call_indirect(sig, body, &args);

        self.b.switch_to_block(slow);
        self.call_through_engine(ty, field, lead)?;
        self.return_top();
        Ok(())
    }

    /// Calls a function through the engine (`VmCtx::call` or `VmCtx::call_indirect`, at
    /// `field`): `lead` are the call's own operands, the arguments of type `ty` go in cells
    /// of a stack slot, and the results come back in them.
    fn call_through_engine(
        &mut self,
        ty: &FuncType,
        field: i32,
        lead: &[Value],
    ) -> Result<(), Unsupported> {
        let results: Vec<Type> = ty
            .results()
            .iter()
            .map(|&t| clif_type(t))
            .collect::<Result<_, _>>()?;
        for &p in ty.params() {
            clif_type(p)?;
        }
        let n = ty.params().len();
        let cells = ty.param_cells().max(ty.result_cells()).max(1) as u32;
        // 16-byte aligned, for the v128s among them.
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            cells * 8,
            4,
        ));
        let args = self.stack.split_off(self.stack.len() - n);
        for (&v, at) in args.iter().zip(cell_offsets(ty.params())) {
            let t = self.b.func.dfg.value_type(v);
            let cell = self.cell_of(v, t);
            self.b.ins().stack_store(types::I64, cell, slot, at);
        }
        let key = (field, lead.len());
        let sig = match self.engine_sigs.iter().find(|(k, _)| *k == key) {
            Some(&(_, s)) => s,
            None => {
                let mut sig = Signature::new(self.env.host_call_conv);
                sig.params.push(AbiParam::new(types::I64));
                for _ in lead {
                    sig.params.push(AbiParam::new(types::I32));
                }
                sig.params.push(AbiParam::new(types::I64));
                let s = self.b.import_signature(sig);
                self.engine_sigs.push((key, s));
                s
            }
        };
        let callee = self.vm_field(field);
        let cells_ptr = self.b.ins().stack_addr(types::I64, slot, 0);
        let mut call_args = vec![self.vmctx];
        call_args.extend_from_slice(lead);
        call_args.push(cells_ptr);
        self.b.ins().call_indirect(sig, callee, &call_args);
        self.check_trap();
        for (&t, at) in results.iter().zip(cell_offsets(ty.results())) {
            let v = self.b.ins().stack_load(types::I64, t, slot, at);
            self.push(v);
        }
        Ok(())
    }
}
