//! Locals, globals and linear memory 0: loads and stores, `memory.size` and `memory.grow` (a
//! call back into the engine).
//!
//! An access is bounds-checked explicitly, unless memory 0 is guarded (`ModuleEnv::
//! memory_guard`) and the access's offset plus size fit in the guard: then any i32 address
//! lands inside the reservation, and an access past the memory's length faults on an
//! inaccessible page, which the signal handler turns into the trap (`jit::signals`).

use super::{FuncTranslator, Unsupported};
use crate::error::TrapCode;
use crate::jit::vmctx::{self, EngineOp};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{AbiParam, InstBuilder, MemFlagsData, Signature, Type, Value, types};
use types::{F32, F64, I32, I64};
use wasmparser::{MemArg, Operator};

/// How a load reads memory: its width and how it extends to the result type.
#[derive(Clone, Copy)]
enum Load {
    Full,
    U8,
    S8,
    U16,
    S16,
    U32,
    S32,
}

impl FuncTranslator<'_, '_> {
    /// Locals, globals and memory operators; anything else goes on to the numeric ones.
    pub(super) fn visit_data(&mut self, op: &Operator<'_>) -> Result<(), Unsupported> {
        use Operator as O;
        match *op {
            O::LocalGet { local_index } => {
                let v = self.b.use_var(self.locals[local_index as usize]);
                self.push(v);
            }
            O::LocalSet { local_index } => {
                let v = self.pop();
                self.b.def_var(self.locals[local_index as usize], v);
            }
            O::LocalTee { local_index } => {
                let v = *self.stack.last().expect("validated: local.tee operand");
                self.b.def_var(self.locals[local_index as usize], v);
            }
            O::GlobalGet { global_index } => {
                let ty = self.global_type(global_index)?;
                let addr = self.global_addr(global_index);
                let v = if ty == types::I8X16 {
                    self.load_v128_global(addr)
                } else {
                    self.b
                        .ins()
                        .load(ty, self.global_flags, addr, vmctx::GLOBAL_VALUE)
                };
                self.push(v);
            }
            O::GlobalSet { global_index } => {
                let ty = self.global_type(global_index)?;
                let v = self.pop();
                let addr = self.global_addr(global_index);
                if ty == types::I8X16 {
                    self.store_v128_global(v, addr);
                } else {
                    let cell = self.cell_of(v, ty);
                    self.b
                        .ins()
                        .store(self.global_flags, cell, addr, vmctx::GLOBAL_VALUE);
                }
            }
            O::I32Load { memarg } => self.load(memarg, I32, Load::Full, 4)?,
            O::I64Load { memarg } => self.load(memarg, I64, Load::Full, 8)?,
            O::F32Load { memarg } => self.load(memarg, F32, Load::Full, 4)?,
            O::F64Load { memarg } => self.load(memarg, F64, Load::Full, 8)?,
            O::I32Load8S { memarg } => self.load(memarg, I32, Load::S8, 1)?,
            O::I32Load8U { memarg } => self.load(memarg, I32, Load::U8, 1)?,
            O::I32Load16S { memarg } => self.load(memarg, I32, Load::S16, 2)?,
            O::I32Load16U { memarg } => self.load(memarg, I32, Load::U16, 2)?,
            O::I64Load8S { memarg } => self.load(memarg, I64, Load::S8, 1)?,
            O::I64Load8U { memarg } => self.load(memarg, I64, Load::U8, 1)?,
            O::I64Load16S { memarg } => self.load(memarg, I64, Load::S16, 2)?,
            O::I64Load16U { memarg } => self.load(memarg, I64, Load::U16, 2)?,
            O::I64Load32S { memarg } => self.load(memarg, I64, Load::S32, 4)?,
            O::I64Load32U { memarg } => self.load(memarg, I64, Load::U32, 4)?,
            O::I32Store { memarg } | O::F32Store { memarg } => self.store(memarg, 4)?,
            O::I64Store { memarg } | O::F64Store { memarg } => self.store(memarg, 8)?,
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => self.store(memarg, 1)?,
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => self.store(memarg, 2)?,
            O::I64Store32 { memarg } => self.store(memarg, 4)?,
            O::MemorySize { mem: 0 } => {
                self.memory_ok()?;
                let len = self.memory_len();
                let pages = self.b.ins().ushr_imm_u(len, 16);
                let pages = self.b.ins().ireduce(I32, pages);
                self.push(pages);
            }
            O::MemoryGrow { mem: 0 } => {
                self.memory_ok()?;
                let delta = self.pop();
                let sig = match self.grow_sig {
                    Some(s) => s,
                    None => {
                        let mut sig = Signature::new(self.env.host_call_conv);
                        sig.params.push(AbiParam::new(I64));
                        sig.params.push(AbiParam::new(I32));
                        sig.returns.push(AbiParam::new(I32));
                        let s = self.b.import_signature(sig);
                        self.grow_sig = Some(s);
                        s
                    }
                };
                let callee = self.vm_field(vmctx::MEMORY_GROW);
                let call = self
                    .b
                    .ins()
                    .call_indirect(sig, callee, &[self.vmctx, delta]);
                let old = self.b.inst_results(call)[0];
                self.check_trap();
                self.push(old);
            }
            O::MemoryFill { mem: 0 } => {
                self.memory_ok()?;
                let ops = self.popn(3);
                self.engine_op(EngineOp::MemoryFill, 0, 0, &ops);
            }
            O::MemoryCopy {
                dst_mem: 0,
                src_mem: 0,
            } => {
                self.memory_ok()?;
                let ops = self.popn(3);
                self.engine_op(EngineOp::MemoryCopy, 0, 0, &ops);
            }
            O::MemoryInit { data_index, mem: 0 } => {
                self.memory_ok()?;
                let ops = self.popn(3);
                self.engine_op(EngineOp::MemoryInit, data_index, 0, &ops);
            }
            O::DataDrop { data_index } => {
                self.engine_op(EngineOp::DataDrop, data_index, 0, &[]);
            }
            O::TableGet { table } => {
                let ops = self.popn(1);
                let v = self.engine_op(EngineOp::TableGet, table, 0, &ops);
                self.push(v);
            }
            O::TableSet { table } => {
                let ops = self.popn(2);
                self.engine_op(EngineOp::TableSet, table, 0, &ops);
            }
            O::TableSize { table } => {
                let v = self.engine_op(EngineOp::TableSize, table, 0, &[]);
                let v = self.b.ins().ireduce(I32, v);
                self.push(v);
            }
            O::TableGrow { table } => {
                let ops = self.popn(2);
                let v = self.engine_op(EngineOp::TableGrow, table, 0, &ops);
                let v = self.b.ins().ireduce(I32, v);
                self.push(v);
            }
            O::TableFill { table } => {
                let ops = self.popn(3);
                self.engine_op(EngineOp::TableFill, table, 0, &ops);
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                let ops = self.popn(3);
                self.engine_op(EngineOp::TableCopy, dst_table, src_table, &ops);
            }
            O::TableInit { elem_index, table } => {
                let ops = self.popn(3);
                self.engine_op(EngineOp::TableInit, table, elem_index, &ops);
            }
            O::ElemDrop { elem_index } => {
                self.engine_op(EngineOp::ElemDrop, elem_index, 0, &[]);
            }
            _ => return self.visit_numeric(op),
        }
        Ok(())
    }

    /// The top `n` values, popped (the deepest first).
    pub(super) fn popn(&mut self, n: usize) -> Vec<Value> {
        self.stack.split_off(self.stack.len() - n)
    }

    /// Has the engine run `op` (see `VmCtx::op`) on `operands` (extended to 64 bits);
    /// returns its 64-bit result.
    pub(super) fn engine_op(
        &mut self,
        op: EngineOp,
        imm: u32,
        imm2: u32,
        operands: &[Value],
    ) -> Value {
        let key = (vmctx::OP, usize::MAX);
        let sig = match self.engine_sigs.iter().find(|(k, _)| *k == key) {
            Some(&(_, s)) => s,
            None => {
                let mut sig = Signature::new(self.env.host_call_conv);
                sig.params.push(AbiParam::new(I64));
                sig.params.extend([AbiParam::new(I32); 3]);
                sig.params.extend([AbiParam::new(I64); 3]);
                sig.returns.push(AbiParam::new(I64));
                let s = self.b.import_signature(sig);
                self.engine_sigs.push((key, s));
                s
            }
        };
        let mut args = vec![self.vmctx];
        for n in [op as u32, imm, imm2] {
            args.push(self.b.ins().iconst(I32, i64::from(n)));
        }
        for i in 0..3 {
            let v = match operands.get(i) {
                Some(&v) if self.b.func.dfg.value_type(v) == I32 => self.b.ins().uextend(I64, v),
                Some(&v) => v,
                None => self.b.ins().iconst(I64, 0),
            };
            args.push(v);
        }
        let callee = self.vm_field(vmctx::OP);
        let call = self.b.ins().call_indirect(sig, callee, &args);
        let result = self.b.inst_results(call)[0];
        self.check_trap();
        result
    }

    /// The CLIF type of global `index`.
    fn global_type(&self, index: u32) -> Result<Type, Unsupported> {
        super::clif_type(self.env.info.globals[index as usize].content)
    }

    /// The address of global `index`'s `GlobalEntity` in the store.
    fn global_addr(&mut self, index: u32) -> Value {
        let flags = self.vm_flags;
        let map = self
            .b
            .ins()
            .load(types::I64, flags, self.vmctx, vmctx::GLOBAL_MAP);
        // The index maps never change while the instance lives.
        let map_flags = MemFlagsData::trusted().with_readonly();
        let store_index = self.b.ins().uload32(map_flags, map, (index * 4) as i32);
        let offset = self.b.ins().imul_imm_u(store_index, vmctx::GLOBAL_SIZE);
        let globals = self
            .b
            .ins()
            .load(types::I64, flags, self.vmctx, vmctx::GLOBALS);
        self.b.ins().iadd(globals, offset)
    }

    /// `v` (of type `ty`) as a 64-bit cell, as the interpreter keeps values: 32-bit values
    /// zero-extended, floats by their bits.
    pub(super) fn cell_of(&mut self, v: Value, ty: Type) -> Value {
        let flags = MemFlagsData::new();
        match ty {
            types::I32 => self.b.ins().uextend(types::I64, v),
            types::F32 => {
                let bits = self.b.ins().bitcast(types::I32, flags, v);
                self.b.ins().uextend(types::I64, bits)
            }
            types::F64 => self.b.ins().bitcast(types::I64, flags, v),
            _ => v,
        }
    }

    pub(super) fn memory_ok(&self) -> Result<(), Unsupported> {
        if self.env.memory_ok {
            Ok(())
        } else {
            Err(Unsupported(
                "memory other than one 32-bit memory of 64 KiB pages".into(),
            ))
        }
    }

    /// A 64-bit field of the `VmCtx`, read afresh (a call may have grown memory).
    pub(super) fn vm_field(&mut self, offset: i32) -> Value {
        self.b
            .ins()
            .load(types::I64, self.vm_flags, self.vmctx, offset)
    }

    /// The host address of `size` bytes at the i32 address `index` plus `memarg`'s offset,
    /// trapping when they are not all inside memory 0, and the flags to access them with.
    pub(super) fn address(
        &mut self,
        index: Value,
        memarg: MemArg,
        size: u64,
    ) -> Result<(Value, MemFlagsData), Unsupported> {
        self.memory_ok()?;
        if memarg.target != wasmparser::MemArgTarget::Memory(0) {
            return Err(Unsupported("memories other than 0".into()));
        }
        let index = self.b.ins().uextend(types::I64, index);
        if self
            .env
            .memory_guard
            .is_some_and(|guard| memarg.offset + size <= guard)
        {
            // Past the length, the access faults: the guard-page trap site.
            let flags = self
                .heap_flags
                .with_trap_code(Some(cranelift_codegen::ir::TrapCode::HEAP_OUT_OF_BOUNDS));
            // A guarded memory never moves (its reservation holds all 4 GiB), so its base is
            // the same for the whole call: loaded once, and hoisted out of loops.
            let base = self.b.ins().load(
                types::I64,
                MemFlagsData::trusted().with_readonly().with_can_move(),
                self.vmctx,
                vmctx::MEM_BASE,
            );
            let addr = self.b.ins().iadd(base, index);
            return Ok((self.offset_by(addr, memarg.offset), flags));
        }
        // At most 2^32 - 1 + 2^32 - 1 + 16: no overflow in 64 bits.
        let end = self
            .b
            .ins()
            .iadd_imm_u(index, (memarg.offset + size) as i64);
        let len = self.memory_len();
        let out = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
        self.trap_if(out, TrapCode::MemoryOutOfBounds);
        let base = self.memory_base();
        let addr = self.b.ins().iadd(base, index);
        Ok((self.offset_by(addr, memarg.offset), self.heap_flags))
    }

    /// Memory 0's length in bytes, as a 64-bit value: read afresh from the `VmCtx` (a call
    /// may have grown it), or, for a shared memory, from the memory itself (another thread
    /// may have).
    pub(super) fn memory_len(&mut self) -> Value {
        if !self.env.memory_shared {
            return self.vm_field(vmctx::MEM_LEN);
        }
        let cell = self.b.ins().load(
            types::I64,
            MemFlagsData::trusted().with_readonly().with_can_move(),
            self.vmctx,
            vmctx::SHARED_LEN,
        );
        // An atomic load, as the threads proposal makes `memory.size` sequentially consistent
        // (and as wasmtime reads it): a plain load could be merged with an earlier one across
        // a loop's back edge (Cranelift keys loads without an alias region on the last call,
        // atomic or fence, not on stores), and a loop waiting for another thread's
        // `memory.grow` would never see it. It is a plain `mov` on x86_64, `ldar` on aarch64.
        self.b
            .ins()
            .atomic_load(types::I64, MemFlagsData::trusted(), cell)
    }

    /// Memory 0's base address (a shared memory's never moves).
    pub(super) fn memory_base(&mut self) -> Value {
        if !self.env.memory_shared {
            return self.vm_field(vmctx::MEM_BASE);
        }
        self.b.ins().load(
            types::I64,
            MemFlagsData::trusted().with_readonly().with_can_move(),
            self.vmctx,
            vmctx::MEM_BASE,
        )
    }

    /// `addr + offset`.
    fn offset_by(&mut self, addr: Value, offset: u64) -> Value {
        if offset == 0 {
            addr
        } else {
            self.b.ins().iadd_imm_u(addr, offset as i64)
        }
    }

    fn load(&mut self, memarg: MemArg, ty: Type, how: Load, size: u64) -> Result<(), Unsupported> {
        let index = self.pop();
        let (addr, flags) = self.address(index, memarg, size)?;
        let ins = self.b.ins();
        let v = match how {
            Load::Full => ins.load(ty, flags, addr, 0),
            Load::U8 => ins.uload8(ty, flags, addr, 0),
            Load::S8 => ins.sload8(ty, flags, addr, 0),
            Load::U16 => ins.uload16(ty, flags, addr, 0),
            Load::S16 => ins.sload16(ty, flags, addr, 0),
            Load::U32 => ins.uload32(flags, addr, 0),
            Load::S32 => ins.sload32(flags, addr, 0),
        };
        self.push(v);
        Ok(())
    }

    fn store(&mut self, memarg: MemArg, size: u64) -> Result<(), Unsupported> {
        let value = self.pop();
        let index = self.pop();
        let (addr, flags) = self.address(index, memarg, size)?;
        let width = self.b.func.dfg.value_type(value).bytes() as u64;
        let ins = self.b.ins();
        match (size, width) {
            (1, _) => ins.istore8(flags, value, addr, 0),
            (2, _) => ins.istore16(flags, value, addr, 0),
            (4, 8) => ins.istore32(flags, value, addr, 0),
            _ => ins.store(flags, value, addr, 0),
        };
        Ok(())
    }
}
