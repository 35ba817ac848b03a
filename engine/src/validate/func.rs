//! The function-body validator: the spec's validation algorithm (appendix "Validation
//! Algorithm"), driven one operator at a time.
//!
//! The translator drives a [`FuncValidator`] in the same pass that emits code: for every
//! operator it calls [`FuncValidator::visit`] first, so nothing is emitted for an invalid body.
//! [`validate_func_body`] drives it alone, and [`validate_bodies`] does so for every body of a
//! module, in parallel when the code is large (lazy translation validates every body up front).
//!
//! `visit` runs on every operator at module load, so it is one `match` with no allocation: the
//! operand and control stacks keep their buffers, signatures are borrowed from the module, and
//! the innermost frame's height and reachability are cached in the validator.

mod atomic;
mod simd;

use super::const_expr::ref_func_type;
use super::control_stack::{BlockSig, ControlFrame, ControlStack, FrameKind};
use super::module::with_malformed_precedence;
use super::operand_stack::{OperandStack, OperandType};
use super::operator_proposal::unsupported_operator;
use crate::error::CompileError;
use crate::module::ModuleInfo;
use crate::module::decode::{malformed, reader_at};
use crate::value::{Mutability, RefType, ValType};
use wasmparser::{BlockType, MemArg, MemArgTarget, Operator, OperatorsReader};

/// The most locals (parameters included) a function may declare. The spec bounds the count by
/// 2^32; engines bound it far lower (wasmtime and wasmi use 50 000) since every local takes a
/// frame slot.
pub const MAX_LOCALS: u64 = 50_000;

use ValType::{F32, F64, I32, I64};

/// Validates one function body, operator by operator.
pub(crate) struct FuncValidator<'m> {
    module: &'m ModuleInfo,
    /// Parameters then declared locals.
    locals: Vec<ValType>,
    /// Type index of the function's signature.
    func_type: u32,
    operands: OperandStack,
    controls: ControlStack,
    /// Height of the innermost frame (cached from `controls`).
    top_height: usize,
    /// Whether the rest of the innermost frame is unreachable (cached from `controls`).
    top_unreachable: bool,
    /// Per local: whether it holds a value (parameters and defaultable locals always do; a
    /// local of a non-nullable reference type only after a `local.set` or `local.tee`).
    local_inits: Vec<bool>,
    /// Locals initialised so far, in order, so that closing a frame can forget those its
    /// body initialised (`ControlFrame::init_height`).
    init_log: Vec<u32>,
}

/// Buffers of a [`FuncValidator`], to validate the next function without reallocating.
#[derive(Default)]
pub(crate) struct FuncValidatorAllocations {
    /// The body's local declarations as read (count, type).
    local_groups: Vec<(u32, ValType)>,
    locals: Vec<ValType>,
    operands: OperandStack,
    controls: ControlStack,
    local_inits: Vec<bool>,
    init_log: Vec<u32>,
}

impl<'m> FuncValidator<'m> {
    /// Starts validating the body of function `func_index` (an index in the whole function
    /// space; it must be a defined function) whose local declarations are `locals` (as read
    /// from the body: count and type). `offset` is the body's position, for errors.
    #[allow(dead_code)] // API for the translator (translate/), which drives validation
    pub fn new(
        module: &'m ModuleInfo,
        func_index: u32,
        locals: &[(u32, ValType)],
        offset: usize,
    ) -> Result<Self, CompileError> {
        Self::with_allocations(
            module,
            func_index,
            locals,
            offset,
            FuncValidatorAllocations::default(),
        )
    }

    /// Like [`FuncValidator::new`], reusing the buffers of a previous validator.
    pub fn with_allocations(
        module: &'m ModuleInfo,
        func_index: u32,
        locals: &[(u32, ValType)],
        offset: usize,
        allocs: FuncValidatorAllocations,
    ) -> Result<Self, CompileError> {
        let func_type = *module.funcs.get(func_index as usize).ok_or_else(|| {
            CompileError::invalid(format!("unknown function {func_index}"), Some(offset))
        })?;
        let sig = module.types.get(func_type as usize).ok_or_else(|| {
            CompileError::invalid(format!("unknown type {func_type}"), Some(offset))
        })?;
        let declared: u64 = locals.iter().map(|&(n, _)| u64::from(n)).sum();
        let total = declared + sig.params().len() as u64;
        if declared > u64::from(u32::MAX) {
            return Err(CompileError::malformed("too many locals", Some(offset)));
        }
        if total > MAX_LOCALS {
            return Err(CompileError::unsupported(
                format!("too many locals: {total} (this engine allows at most {MAX_LOCALS})"),
                Some(offset),
            ));
        }
        let FuncValidatorAllocations {
            locals: mut local_types,
            mut operands,
            mut controls,
            mut local_inits,
            mut init_log,
            ..
        } = allocs;
        local_types.clear();
        operands.clear();
        controls.clear();
        local_inits.clear();
        init_log.clear();
        local_types.extend_from_slice(sig.params());
        for &(count, ty) in locals {
            super::module::check_val_type(module, ty, Some(offset))?;
            local_types.extend(std::iter::repeat_n(ty, count as usize));
        }
        local_inits.extend(
            local_types
                .iter()
                .enumerate()
                .map(|(i, t)| i < sig.params().len() || t.is_defaultable()),
        );
        controls.push(ControlFrame {
            kind: FrameKind::Function,
            sig: BlockSig::Type(func_type),
            height: 0,
            unreachable: false,
            init_height: 0,
        });
        Ok(Self {
            module,
            locals: local_types,
            func_type,
            operands,
            controls,
            top_height: 0,
            top_unreachable: false,
            local_inits,
            init_log,
        })
    }

    /// Gives back the buffers for [`FuncValidator::with_allocations`].
    pub fn into_allocations(self) -> FuncValidatorAllocations {
        FuncValidatorAllocations {
            local_groups: Vec::new(),
            locals: self.locals,
            operands: self.operands,
            controls: self.controls,
            local_inits: self.local_inits,
            init_log: self.init_log,
        }
    }

    /// The types of the function's locals: parameters, then declared locals, expanded.
    #[allow(dead_code)] // API for the translator (translate/), which drives validation
    pub fn local_types(&self) -> &[ValType] {
        &self.locals
    }

    /// Whether the code being visited is unreachable (after `br`, `return`, `unreachable` ...,
    /// up to the end of the enclosing block).
    #[allow(dead_code)] // API for the translator (translate/), which drives validation
    pub fn is_unreachable(&self) -> bool {
        self.top_unreachable
    }

    /// The type of the operand `depth` places below the top of the stack (0 is the top):
    /// `None` if there is no such operand in the current frame or its type is unknown.
    #[allow(dead_code)] // API for the translator (translate/), which drives validation
    pub fn operand_type(&self, depth: usize) -> Option<ValType> {
        if self.operands.len() > self.top_height + depth {
            self.operands.peek(depth).flatten()
        } else {
            None
        }
    }

    /// Number of open control frames (the function's own frame included).
    #[allow(dead_code)] // API for the translator (translate/), which drives validation
    pub fn control_depth(&self) -> usize {
        self.controls.len()
    }

    /// Checks that the function ended exactly at its final `end`.
    pub fn finish(&mut self, offset: usize) -> Result<(), CompileError> {
        if !self.controls.is_empty() {
            return Err(CompileError::malformed(
                "unexpected end of section or function: function body lacks its final `end`",
                Some(offset),
            ));
        }
        Ok(())
    }

    /// Validates one operator at byte `offset` of the module.
    ///
    /// An invalid operator yields an invalid-module error, unless some function body of the
    /// module is malformed: then that malformed error (the spec decodes before validating).
    #[inline]
    pub fn visit(&mut self, op: &Operator<'_>, offset: usize) -> Result<(), CompileError> {
        match self.visit_operator_outlined(op, offset) {
            Ok(()) => Ok(()),
            Err(err) => Err(with_malformed_precedence(self.module, err)),
        }
    }

    /// The rules below, in one out-of-line copy: for the translator and the less frequent
    /// operators of [`BodyVisitor`].
    #[inline(never)]
    fn visit_operator_outlined(
        &mut self,
        op: &Operator<'_>,
        offset: usize,
    ) -> Result<(), CompileError> {
        self.visit_operator(op, offset)
    }

    /// The typing rule of every operator. Always inlined: where the operator is a constant (the
    /// visitor methods of the most frequent operators, [`HOT_OPERATORS`], in builds without
    /// debug assertions) the `match` folds away to that operator's rule.
    #[inline(always)]
    fn visit_operator(&mut self, op: &Operator<'_>, offset: usize) -> Result<(), CompileError> {
        if self.controls.is_empty() {
            return Err(CompileError::malformed(
                "operators remaining after the end of the function",
                Some(offset),
            ));
        }
        match op {
            // Control.
            Operator::Unreachable => self.set_unreachable(),
            Operator::Nop => {}
            Operator::Block { blockty } => {
                let sig = self.block_sig(*blockty, offset)?;
                self.pop_vals(sig.params(self.module), offset)?;
                self.push_ctrl(FrameKind::Block, sig);
            }
            Operator::Loop { blockty } => {
                let sig = self.block_sig(*blockty, offset)?;
                self.pop_vals(sig.params(self.module), offset)?;
                self.push_ctrl(FrameKind::Loop, sig);
            }
            Operator::If { blockty } => {
                let sig = self.block_sig(*blockty, offset)?;
                self.pop(I32, offset)?;
                self.pop_vals(sig.params(self.module), offset)?;
                self.push_ctrl(FrameKind::If, sig);
            }
            Operator::Else => {
                let frame = self.pop_ctrl(offset)?;
                if frame.kind != FrameKind::If {
                    return Err(CompileError::malformed(
                        "`else` without a matching `if`",
                        Some(offset),
                    ));
                }
                self.push_ctrl(FrameKind::Else, frame.sig);
            }
            Operator::End => {
                let top = *self.top_frame();
                let (params, results) = (top.sig.params(self.module), top.sig.results(self.module));
                if top.kind == FrameKind::If
                    && (params.len() != results.len()
                        || !params.iter().zip(results).all(|(p, r)| p.matches(*r)))
                {
                    return Err(CompileError::invalid(
                        "type mismatch: `if` without `else` must leave its parameters as its results",
                        Some(offset),
                    ));
                }
                let frame = self.pop_ctrl(offset)?;
                if frame.kind != FrameKind::Function {
                    self.push_vals(frame.sig.results(self.module));
                }
            }
            Operator::Br { relative_depth } => {
                let types = self.label_types(*relative_depth, offset)?;
                self.pop_vals(types, offset)?;
                self.set_unreachable();
            }
            Operator::BrIf { relative_depth } => {
                self.pop(I32, offset)?;
                let types = self.label_types(*relative_depth, offset)?;
                self.pop_vals(types, offset)?;
                self.push_vals(types);
            }
            Operator::BrTable { targets } => {
                self.pop(I32, offset)?;
                let default = self.label_types(targets.default(), offset)?;
                for target in targets.targets() {
                    let target = target.map_err(malformed)?;
                    let types = self.label_types(target, offset)?;
                    if types.len() != default.len() {
                        return Err(CompileError::invalid(
                            format!(
                                "type mismatch: br_table targets of different arity ({} and {})",
                                types.len(),
                                default.len()
                            ),
                            Some(offset),
                        ));
                    }
                    self.check_vals_in_place(types, offset)?;
                }
                self.pop_vals(default, offset)?;
                self.set_unreachable();
            }
            Operator::Return => {
                let results = self.module.types[self.func_type as usize].results();
                self.pop_vals(results, offset)?;
                self.set_unreachable();
            }
            Operator::Call { function_index } => {
                let ty = self.function_type(*function_index, offset)?;
                self.call(ty, offset)?;
            }
            Operator::CallIndirect {
                type_index,
                table_index,
            } => {
                let table = self.table(*table_index, offset)?;
                if !table.matches(RefType::FUNCREF) {
                    return Err(CompileError::invalid(
                        format!("type mismatch: call_indirect on a table of {table}"),
                        Some(offset),
                    ));
                }
                let ty = self.type_index(*type_index, offset)?;
                self.pop(I32, offset)?;
                self.call(ty, offset)?;
            }
            // Tail calls (Wasm 3.0), when the engine accepts them; otherwise unsupported below.
            Operator::ReturnCall { function_index } if self.module.features.tail_call => {
                let ty = self.function_type(*function_index, offset)?;
                self.return_call(ty, offset)?;
            }
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } if self.module.features.tail_call => {
                let table = self.table(*table_index, offset)?;
                if !table.matches(RefType::FUNCREF) {
                    return Err(CompileError::invalid(
                        format!("type mismatch: return_call_indirect on a table of {table}"),
                        Some(offset),
                    ));
                }
                let ty = self.type_index(*type_index, offset)?;
                self.pop(I32, offset)?;
                self.return_call(ty, offset)?;
            }
            // Typed function references: a call through a `(ref null $t)` (null traps).
            Operator::CallRef { type_index } => {
                self.require(self.module.features.function_references, op, offset)?;
                let ty = self.type_index(*type_index, offset)?;
                self.pop(self.nullable_ref_to(ty), offset)?;
                self.call(ty, offset)?;
            }
            Operator::ReturnCallRef { type_index } if self.module.features.tail_call => {
                self.require(self.module.features.function_references, op, offset)?;
                let ty = self.type_index(*type_index, offset)?;
                self.pop(self.nullable_ref_to(ty), offset)?;
                self.return_call(ty, offset)?;
            }

            // Parametric.
            Operator::Drop => {
                self.pop_operand(offset)?;
            }
            Operator::Select => {
                self.pop(I32, offset)?;
                let a = self.pop_operand(offset)?;
                let b = self.pop_operand(offset)?;
                let ty = match (a, b) {
                    // Numeric and vector types only: a reference needs the typed form.
                    (Some(t), _) | (None, Some(t)) if t.is_ref() => {
                        return Err(CompileError::invalid(
                            format!("type mismatch: select without a type on {t}"),
                            Some(offset),
                        ));
                    }
                    (Some(a), Some(b)) if a != b => {
                        return Err(CompileError::invalid(
                            format!("type mismatch: select on {b} and {a}"),
                            Some(offset),
                        ));
                    }
                    (Some(t), _) | (None, Some(t)) => Some(t),
                    (None, None) => None,
                };
                self.operands.push_operand(ty);
            }
            Operator::TypedSelect { ty } => {
                self.require(self.module.features.reference_types, op, offset)?;
                let ty = self.module.val_type(*ty, offset)?;
                super::module::check_val_type(self.module, ty, Some(offset))?;
                self.pop(I32, offset)?;
                self.pop(ty, offset)?;
                self.pop(ty, offset)?;
                self.operands.push(ty);
            }
            Operator::TypedSelectMulti { tys } => {
                self.require(self.module.features.reference_types, op, offset)?;
                for ty in tys {
                    self.module.val_type(*ty, offset)?;
                }
                return Err(CompileError::invalid(
                    format!(
                        "invalid result arity: select must have exactly one type, it has {}",
                        tys.len()
                    ),
                    Some(offset),
                ));
            }

            // Variables.
            Operator::LocalGet { local_index } => {
                let ty = self.local(*local_index, offset)?;
                if !self.local_inits[*local_index as usize] {
                    return Err(CompileError::invalid(
                        format!("uninitialized local {local_index} of type {ty}"),
                        Some(offset),
                    ));
                }
                self.operands.push(ty);
            }
            Operator::LocalSet { local_index } => {
                let ty = self.local(*local_index, offset)?;
                self.pop(ty, offset)?;
                self.init_local(*local_index);
            }
            Operator::LocalTee { local_index } => {
                let ty = self.local(*local_index, offset)?;
                self.pop(ty, offset)?;
                self.init_local(*local_index);
                self.operands.push(ty);
            }
            Operator::GlobalGet { global_index } => {
                let ty = self.global(*global_index, offset)?.content;
                self.operands.push(ty);
            }
            Operator::GlobalSet { global_index } => {
                let global = self.global(*global_index, offset)?;
                if global.mutability != Mutability::Var {
                    return Err(CompileError::invalid(
                        format!("global is immutable: global {global_index} cannot be set"),
                        Some(offset),
                    ));
                }
                self.pop(global.content, offset)?;
            }

            // Tables.
            Operator::TableGet { table } => {
                self.require(self.module.features.reference_types, op, offset)?;
                let elem = self.table(*table, offset)?;
                self.pop(I32, offset)?;
                self.operands.push(ValType::Ref(elem));
            }
            Operator::TableSet { table } => {
                self.require(self.module.features.reference_types, op, offset)?;
                let elem = self.table(*table, offset)?;
                self.pop(ValType::Ref(elem), offset)?;
                self.pop(I32, offset)?;
            }
            Operator::TableSize { table } => {
                self.require(self.module.features.reference_types, op, offset)?;
                self.table(*table, offset)?;
                self.operands.push(I32);
            }
            Operator::TableGrow { table } => {
                self.require(self.module.features.reference_types, op, offset)?;
                let elem = self.table(*table, offset)?;
                self.pop(I32, offset)?;
                self.pop(ValType::Ref(elem), offset)?;
                self.operands.push(I32);
            }
            Operator::TableFill { table } => {
                self.require(self.module.features.reference_types, op, offset)?;
                let elem = self.table(*table, offset)?;
                self.pop(I32, offset)?;
                self.pop(ValType::Ref(elem), offset)?;
                self.pop(I32, offset)?;
            }
            Operator::TableCopy {
                dst_table,
                src_table,
            } => {
                let dst = self.table(*dst_table, offset)?;
                let src = self.table(*src_table, offset)?;
                if !src.matches(dst) {
                    return Err(CompileError::invalid(
                        format!("type mismatch: table.copy from a table of {src} to one of {dst}"),
                        Some(offset),
                    ));
                }
                self.pop_n(I32, 3, offset)?;
            }
            Operator::TableInit { elem_index, table } => {
                let dst = self.table(*table, offset)?;
                let src = self.elem(*elem_index, offset)?;
                if !src.matches(dst) {
                    return Err(CompileError::invalid(
                        format!(
                            "type mismatch: table.init of {src} elements into a table of {dst}"
                        ),
                        Some(offset),
                    ));
                }
                self.pop_n(I32, 3, offset)?;
            }
            Operator::ElemDrop { elem_index } => {
                self.elem(*elem_index, offset)?;
            }

            // Memory.
            Operator::I32Load { memarg }
            | Operator::I32Load8S { memarg }
            | Operator::I32Load8U { memarg }
            | Operator::I32Load16S { memarg }
            | Operator::I32Load16U { memarg } => self.load(memarg, I32, offset)?,
            Operator::I64Load { memarg }
            | Operator::I64Load8S { memarg }
            | Operator::I64Load8U { memarg }
            | Operator::I64Load16S { memarg }
            | Operator::I64Load16U { memarg }
            | Operator::I64Load32S { memarg }
            | Operator::I64Load32U { memarg } => self.load(memarg, I64, offset)?,
            Operator::F32Load { memarg } => self.load(memarg, F32, offset)?,
            Operator::F64Load { memarg } => self.load(memarg, F64, offset)?,
            Operator::I32Store { memarg }
            | Operator::I32Store8 { memarg }
            | Operator::I32Store16 { memarg } => self.store(memarg, I32, offset)?,
            Operator::I64Store { memarg }
            | Operator::I64Store8 { memarg }
            | Operator::I64Store16 { memarg }
            | Operator::I64Store32 { memarg } => self.store(memarg, I64, offset)?,
            Operator::F32Store { memarg } => self.store(memarg, F32, offset)?,
            Operator::F64Store { memarg } => self.store(memarg, F64, offset)?,
            Operator::MemorySize { mem } => {
                self.check_reserved_zero_byte(offset)?;
                self.memory(*mem, offset)?;
                self.operands.push(I32);
            }
            Operator::MemoryGrow { mem } => {
                self.check_reserved_zero_byte(offset)?;
                self.memory(*mem, offset)?;
                self.pop(I32, offset)?;
                self.operands.push(I32);
            }
            Operator::MemoryInit { data_index, mem } => {
                self.memory(*mem, offset)?;
                self.data(*data_index, offset)?;
                self.pop_n(I32, 3, offset)?;
            }
            Operator::DataDrop { data_index } => {
                self.data(*data_index, offset)?;
            }
            Operator::MemoryCopy { dst_mem, src_mem } => {
                self.memory(*dst_mem, offset)?;
                self.memory(*src_mem, offset)?;
                self.pop_n(I32, 3, offset)?;
            }
            Operator::MemoryFill { mem } => {
                self.memory(*mem, offset)?;
                self.pop_n(I32, 3, offset)?;
            }

            // Constants.
            Operator::I32Const { .. } => self.operands.push(I32),
            Operator::I64Const { .. } => self.operands.push(I64),
            Operator::F32Const { .. } => self.operands.push(F32),
            Operator::F64Const { .. } => self.operands.push(F64),

            // i32 operators.
            Operator::I32Eqz => self.unary(I32, I32, offset)?,
            Operator::I32Clz
            | Operator::I32Ctz
            | Operator::I32Popcnt
            | Operator::I32Extend8S
            | Operator::I32Extend16S => self.unary(I32, I32, offset)?,
            Operator::I32Eq
            | Operator::I32Ne
            | Operator::I32LtS
            | Operator::I32LtU
            | Operator::I32GtS
            | Operator::I32GtU
            | Operator::I32LeS
            | Operator::I32LeU
            | Operator::I32GeS
            | Operator::I32GeU
            | Operator::I32Add
            | Operator::I32Sub
            | Operator::I32Mul
            | Operator::I32DivS
            | Operator::I32DivU
            | Operator::I32RemS
            | Operator::I32RemU
            | Operator::I32And
            | Operator::I32Or
            | Operator::I32Xor
            | Operator::I32Shl
            | Operator::I32ShrS
            | Operator::I32ShrU
            | Operator::I32Rotl
            | Operator::I32Rotr => self.binary(I32, I32, offset)?,

            // i64 operators.
            Operator::I64Eqz => self.unary(I64, I32, offset)?,
            Operator::I64Clz
            | Operator::I64Ctz
            | Operator::I64Popcnt
            | Operator::I64Extend8S
            | Operator::I64Extend16S
            | Operator::I64Extend32S => self.unary(I64, I64, offset)?,
            Operator::I64Eq
            | Operator::I64Ne
            | Operator::I64LtS
            | Operator::I64LtU
            | Operator::I64GtS
            | Operator::I64GtU
            | Operator::I64LeS
            | Operator::I64LeU
            | Operator::I64GeS
            | Operator::I64GeU => self.binary(I64, I32, offset)?,
            Operator::I64Add
            | Operator::I64Sub
            | Operator::I64Mul
            | Operator::I64DivS
            | Operator::I64DivU
            | Operator::I64RemS
            | Operator::I64RemU
            | Operator::I64And
            | Operator::I64Or
            | Operator::I64Xor
            | Operator::I64Shl
            | Operator::I64ShrS
            | Operator::I64ShrU
            | Operator::I64Rotl
            | Operator::I64Rotr => self.binary(I64, I64, offset)?,
            // Wide arithmetic: i64 pairs (low half first) in and out.
            Operator::I64Add128 | Operator::I64Sub128 => {
                self.require(self.module.features.wide_arithmetic, op, offset)?;
                self.pop_n(I64, 4, offset)?;
                self.push_vals(&[I64, I64]);
            }
            Operator::I64MulWideS | Operator::I64MulWideU => {
                self.require(self.module.features.wide_arithmetic, op, offset)?;
                self.pop_n(I64, 2, offset)?;
                self.push_vals(&[I64, I64]);
            }

            // f32 operators.
            Operator::F32Eq
            | Operator::F32Ne
            | Operator::F32Lt
            | Operator::F32Gt
            | Operator::F32Le
            | Operator::F32Ge => self.binary(F32, I32, offset)?,
            Operator::F32Abs
            | Operator::F32Neg
            | Operator::F32Ceil
            | Operator::F32Floor
            | Operator::F32Trunc
            | Operator::F32Nearest
            | Operator::F32Sqrt => self.unary(F32, F32, offset)?,
            Operator::F32Add
            | Operator::F32Sub
            | Operator::F32Mul
            | Operator::F32Div
            | Operator::F32Min
            | Operator::F32Max
            | Operator::F32Copysign => self.binary(F32, F32, offset)?,

            // f64 operators.
            Operator::F64Eq
            | Operator::F64Ne
            | Operator::F64Lt
            | Operator::F64Gt
            | Operator::F64Le
            | Operator::F64Ge => self.binary(F64, I32, offset)?,
            Operator::F64Abs
            | Operator::F64Neg
            | Operator::F64Ceil
            | Operator::F64Floor
            | Operator::F64Trunc
            | Operator::F64Nearest
            | Operator::F64Sqrt => self.unary(F64, F64, offset)?,
            Operator::F64Add
            | Operator::F64Sub
            | Operator::F64Mul
            | Operator::F64Div
            | Operator::F64Min
            | Operator::F64Max
            | Operator::F64Copysign => self.binary(F64, F64, offset)?,

            // Conversions.
            Operator::I32WrapI64 => self.unary(I64, I32, offset)?,
            Operator::I32TruncF32S
            | Operator::I32TruncF32U
            | Operator::I32TruncSatF32S
            | Operator::I32TruncSatF32U
            | Operator::I32ReinterpretF32 => self.unary(F32, I32, offset)?,
            Operator::I32TruncF64S
            | Operator::I32TruncF64U
            | Operator::I32TruncSatF64S
            | Operator::I32TruncSatF64U => self.unary(F64, I32, offset)?,
            Operator::I64ExtendI32S | Operator::I64ExtendI32U => self.unary(I32, I64, offset)?,
            Operator::I64TruncF32S
            | Operator::I64TruncF32U
            | Operator::I64TruncSatF32S
            | Operator::I64TruncSatF32U => self.unary(F32, I64, offset)?,
            Operator::I64TruncF64S
            | Operator::I64TruncF64U
            | Operator::I64TruncSatF64S
            | Operator::I64TruncSatF64U
            | Operator::I64ReinterpretF64 => self.unary(F64, I64, offset)?,
            Operator::F32ConvertI32S | Operator::F32ConvertI32U | Operator::F32ReinterpretI32 => {
                self.unary(I32, F32, offset)?
            }
            Operator::F32ConvertI64S | Operator::F32ConvertI64U => self.unary(I64, F32, offset)?,
            Operator::F32DemoteF64 => self.unary(F64, F32, offset)?,
            Operator::F64ConvertI32S | Operator::F64ConvertI32U => self.unary(I32, F64, offset)?,
            Operator::F64ConvertI64S | Operator::F64ConvertI64U | Operator::F64ReinterpretI64 => {
                self.unary(I64, F64, offset)?
            }
            Operator::F64PromoteF32 => self.unary(F32, F64, offset)?,

            // References.
            Operator::RefNull { hty } => {
                self.require(self.module.features.reference_types, op, offset)?;
                let ty = wasmparser::RefType::new(true, *hty).ok_or_else(|| {
                    CompileError::malformed("malformed reference type", Some(offset))
                })?;
                let ty = ValType::Ref(self.module.ref_type(ty, offset)?);
                super::module::check_val_type(self.module, ty, Some(offset))?;
                self.operands.push(ty);
            }
            Operator::RefIsNull => {
                self.require(self.module.features.reference_types, op, offset)?;
                match self.pop_operand(offset)? {
                    Some(t) if !t.is_ref() => {
                        return Err(CompileError::invalid(
                            format!("type mismatch: ref.is_null on {t}"),
                            Some(offset),
                        ));
                    }
                    _ => self.operands.push(I32),
                }
            }
            Operator::RefFunc { function_index } => {
                self.require(self.module.features.reference_types, op, offset)?;
                self.function_type(*function_index, offset)?;
                if !self
                    .module
                    .declared_func_refs
                    .get(*function_index as usize)
                    .copied()
                    .unwrap_or(false)
                {
                    return Err(CompileError::invalid(
                        format!(
                            "undeclared function reference: function {function_index} must be \
                             declared in an element segment, an export or a global"
                        ),
                        Some(offset),
                    ));
                }
                self.operands
                    .push(ref_func_type(self.module, *function_index));
            }
            Operator::RefAsNonNull => {
                self.require(self.module.features.function_references, op, offset)?;
                let ty = self.pop_ref(offset)?;
                self.operands
                    .push_operand(ty.map(|t| ValType::Ref(t.as_non_null())));
            }
            Operator::BrOnNull { relative_depth } => {
                self.require(self.module.features.function_references, op, offset)?;
                let ty = self.pop_ref(offset)?;
                let types = self.label_types(*relative_depth, offset)?;
                self.pop_vals(types, offset)?;
                self.push_vals(types);
                self.operands
                    .push_operand(ty.map(|t| ValType::Ref(t.as_non_null())));
            }
            Operator::BrOnNonNull { relative_depth } => {
                self.require(self.module.features.function_references, op, offset)?;
                let ty = self.pop_ref(offset)?;
                let types = self.label_types(*relative_depth, offset)?;
                let Some((&last, rest)) = types.split_last() else {
                    return Err(CompileError::invalid(
                        "type mismatch: br_on_non_null to a label without a reference result",
                        Some(offset),
                    ));
                };
                if let Some(t) = ty
                    && !ValType::Ref(t.as_non_null()).matches(last)
                {
                    return Err(mismatch(last, ValType::Ref(t.as_non_null()), offset));
                }
                if !last.is_ref() {
                    return Err(CompileError::invalid(
                        format!("type mismatch: br_on_non_null to a label of {last}"),
                        Some(offset),
                    ));
                }
                self.pop_vals(rest, offset)?;
                self.push_vals(rest);
            }

            // Exception handling.
            Operator::Throw { tag_index } => {
                self.require(self.module.features.exceptions, op, offset)?;
                let sig = self.tag(*tag_index, offset)?;
                self.pop_vals(sig.params(), offset)?;
                self.set_unreachable();
            }
            Operator::ThrowRef => {
                self.require(self.module.features.exceptions, op, offset)?;
                self.pop(ValType::EXNREF, offset)?;
                self.set_unreachable();
            }
            Operator::TryTable { try_table } => {
                self.require(self.module.features.exceptions, op, offset)?;
                let sig = self.block_sig(try_table.ty, offset)?;
                self.pop_vals(sig.params(self.module), offset)?;
                for catch in &try_table.catches {
                    self.check_catch(catch, offset)?;
                }
                self.push_ctrl(FrameKind::TryTable, sig);
            }
            Operator::Try { blockty } => {
                self.require(self.module.features.legacy_exceptions, op, offset)?;
                let sig = self.block_sig(*blockty, offset)?;
                self.pop_vals(sig.params(self.module), offset)?;
                self.push_ctrl(FrameKind::LegacyTry, sig);
            }
            Operator::Catch { tag_index } => {
                self.require(self.module.features.legacy_exceptions, op, offset)?;
                let frame = self.pop_ctrl(offset)?;
                if !matches!(frame.kind, FrameKind::LegacyTry | FrameKind::LegacyCatch) {
                    return Err(CompileError::invalid(
                        "catch found outside of a `try` block",
                        Some(offset),
                    ));
                }
                let sig = self.tag(*tag_index, offset)?;
                self.push_ctrl(FrameKind::LegacyCatch, frame.sig);
                self.push_vals(sig.params());
            }
            Operator::CatchAll => {
                self.require(self.module.features.legacy_exceptions, op, offset)?;
                let frame = self.pop_ctrl(offset)?;
                if !matches!(frame.kind, FrameKind::LegacyTry | FrameKind::LegacyCatch) {
                    return Err(CompileError::invalid(
                        "catch_all found outside of a `try` block",
                        Some(offset),
                    ));
                }
                self.push_ctrl(FrameKind::LegacyCatchAll, frame.sig);
            }
            Operator::Rethrow { relative_depth } => {
                self.require(self.module.features.legacy_exceptions, op, offset)?;
                match self.controls.label(*relative_depth) {
                    Some(f)
                        if matches!(f.kind, FrameKind::LegacyCatch | FrameKind::LegacyCatchAll) => {
                    }
                    Some(_) => {
                        return Err(CompileError::invalid(
                            "invalid rethrow label: target was not a `catch` block",
                            Some(offset),
                        ));
                    }
                    None => {
                        return Err(CompileError::invalid(
                            format!("unknown label {relative_depth}"),
                            Some(offset),
                        ));
                    }
                }
                self.set_unreachable();
            }
            Operator::Delegate { relative_depth } => {
                self.require(self.module.features.legacy_exceptions, op, offset)?;
                let frame = self.pop_ctrl(offset)?;
                if frame.kind != FrameKind::LegacyTry {
                    return Err(CompileError::invalid(
                        "delegate found outside of a `try` block",
                        Some(offset),
                    ));
                }
                if self.controls.label(*relative_depth).is_none() {
                    return Err(CompileError::invalid(
                        format!("unknown label {relative_depth}"),
                        Some(offset),
                    ));
                }
                self.push_vals(frame.sig.results(self.module));
            }

            // SIMD, or an operator of a proposal the engine lacks.
            other => return self.visit_simd_operator(other, offset),
        }
        Ok(())
    }

    // ---- Stack primitives (the spec algorithm's push_val/pop_val/push_ctrl/pop_ctrl) ----

    #[inline]
    fn top_frame(&self) -> &ControlFrame {
        // `visit` returns early when no frame is open.
        self.controls
            .top()
            .expect("visit checks that a control frame is open")
    }

    #[inline]
    fn sync_top(&mut self) {
        (self.top_height, self.top_unreachable) = match self.controls.top() {
            Some(top) => (top.height, top.unreachable),
            None => (0, false),
        };
    }

    /// Pops any operand; unknown when popped from the polymorphic stack of unreachable code.
    #[inline(always)]
    fn pop_operand(&mut self, offset: usize) -> Result<OperandType, CompileError> {
        if self.operands.len() > self.top_height {
            Ok(self.operands.pop())
        } else if self.top_unreachable {
            Ok(None)
        } else {
            Err(CompileError::invalid(
                "type mismatch: operand stack is empty",
                Some(offset),
            ))
        }
    }

    /// Pops an operand that must be of type `expected` (or unknown).
    #[inline(always)]
    fn pop(&mut self, expected: ValType, offset: usize) -> Result<(), CompileError> {
        if self.operands.len() > self.top_height {
            match self.operands.pop() {
                Some(actual) if !actual.matches(expected) => {
                    Err(mismatch(expected, actual, offset))
                }
                _ => Ok(()),
            }
        } else if self.top_unreachable {
            Ok(())
        } else {
            Err(CompileError::invalid(
                format!("type mismatch: expected {expected} but the operand stack is empty"),
                Some(offset),
            ))
        }
    }

    #[inline(always)]
    fn pop_n(&mut self, expected: ValType, n: usize, offset: usize) -> Result<(), CompileError> {
        for _ in 0..n {
            self.pop(expected, offset)?;
        }
        Ok(())
    }

    #[inline(always)]
    fn unary(
        &mut self,
        input: ValType,
        output: ValType,
        offset: usize,
    ) -> Result<(), CompileError> {
        self.pop(input, offset)?;
        self.operands.push(output);
        Ok(())
    }

    #[inline(always)]
    fn binary(
        &mut self,
        input: ValType,
        output: ValType,
        offset: usize,
    ) -> Result<(), CompileError> {
        self.pop(input, offset)?;
        self.pop(input, offset)?;
        self.operands.push(output);
        Ok(())
    }

    /// Pops operands of `types` (the last type from the top).
    #[inline(always)]
    fn pop_vals(&mut self, types: &[ValType], offset: usize) -> Result<(), CompileError> {
        for &ty in types.iter().rev() {
            self.pop(ty, offset)?;
        }
        Ok(())
    }

    #[inline(always)]
    fn push_vals(&mut self, types: &[ValType]) {
        for &ty in types {
            self.operands.push(ty);
        }
    }

    /// Checks that the top operands match `types` without popping them (the spec's
    /// `push_vals(pop_vals(types))` of `br_table`, which only checks in 2.0's type system).
    fn check_vals_in_place(&self, types: &[ValType], offset: usize) -> Result<(), CompileError> {
        let len = self.operands.len();
        for (depth, &expected) in types.iter().rev().enumerate() {
            if len > self.top_height + depth {
                if let Some(Some(actual)) = self.operands.peek(depth)
                    && !actual.matches(expected)
                {
                    return Err(mismatch(expected, actual, offset));
                }
            } else if !self.top_unreachable {
                return Err(CompileError::invalid(
                    format!("type mismatch: expected {expected} but the operand stack is empty"),
                    Some(offset),
                ));
            }
        }
        Ok(())
    }

    /// Opens a frame and pushes its parameters (already popped by the caller).
    #[inline(always)]
    fn push_ctrl(&mut self, kind: FrameKind, sig: BlockSig) {
        let height = self.operands.len();
        self.controls.push(ControlFrame {
            kind,
            sig,
            height,
            unreachable: false,
            init_height: self.init_log.len(),
        });
        self.top_height = height;
        self.top_unreachable = false;
        self.push_vals(sig.params(self.module));
    }

    /// Checks the innermost frame's results and closes it.
    #[inline(always)]
    fn pop_ctrl(&mut self, offset: usize) -> Result<ControlFrame, CompileError> {
        let frame = *self.top_frame();
        self.pop_vals(frame.sig.results(self.module), offset)?;
        if self.operands.len() != frame.height {
            return Err(CompileError::invalid(
                format!(
                    "type mismatch: {} operand(s) left on the stack at the end of the block",
                    self.operands.len() - frame.height
                ),
                Some(offset),
            ));
        }
        self.controls.pop();
        self.sync_top();
        for local in self.init_log.drain(frame.init_height..) {
            self.local_inits[local as usize] = false;
        }
        Ok(frame)
    }

    /// Records that `local` holds a value from here to the end of the innermost frame.
    #[inline(always)]
    fn init_local(&mut self, local: u32) {
        let init = &mut self.local_inits[local as usize];
        if !*init {
            *init = true;
            self.init_log.push(local);
        }
    }

    /// Pops a reference of any type: `None` when unknown (unreachable code).
    fn pop_ref(&mut self, offset: usize) -> Result<Option<RefType>, CompileError> {
        match self.pop_operand(offset)? {
            None => Ok(None),
            Some(ValType::Ref(r)) => Ok(Some(r)),
            Some(t) => Err(CompileError::invalid(
                format!("type mismatch: expected a reference, found {t}"),
                Some(offset),
            )),
        }
    }

    /// An "unsupported feature" error for `op` unless its proposal is switched on.
    fn require(&self, on: bool, op: &Operator<'_>, offset: usize) -> Result<(), CompileError> {
        if on {
            Ok(())
        } else {
            Err(unsupported_operator(op, offset))
        }
    }

    /// The payload signature of tag `tag`.
    fn tag(&self, tag: u32, offset: usize) -> Result<&'m crate::value::FuncType, CompileError> {
        let module = self.module;
        match module.tags.get(tag as usize) {
            Some(&ty) => Ok(&module.types[ty as usize]),
            None => Err(CompileError::invalid(
                format!("unknown tag {tag}"),
                Some(offset),
            )),
        }
    }

    /// Checks one catch clause of a `try_table`: what it hands its label (the tag's payload,
    /// then the exception for the `_ref` forms) must match the label's types.
    fn check_catch(&self, catch: &wasmparser::Catch, offset: usize) -> Result<(), CompileError> {
        use wasmparser::Catch;
        let exn = ValType::Ref(RefType::EXNREF.as_non_null());
        let (payload, with_ref, label) = match *catch {
            Catch::One { tag, label } => (self.tag(tag, offset)?.params(), false, label),
            Catch::OneRef { tag, label } => (self.tag(tag, offset)?.params(), true, label),
            Catch::All { label } => (&[][..], false, label),
            Catch::AllRef { label } => (&[][..], true, label),
        };
        let types = self.label_types(label, offset)?;
        let given = payload.iter().copied().chain(with_ref.then_some(exn));
        if types.len() != payload.len() + usize::from(with_ref)
            || !given.zip(types).all(|(g, &t)| g.matches(t))
        {
            return Err(CompileError::invalid(
                format!("type mismatch: catch clause does not match the types of label {label}"),
                Some(offset),
            ));
        }
        Ok(())
    }

    /// Marks the rest of the innermost frame unreachable (stack-polymorphic).
    #[inline]
    fn set_unreachable(&mut self) {
        self.operands.truncate(self.top_height);
        self.top_unreachable = true;
        if let Some(top) = self.controls.top_mut() {
            top.unreachable = true;
        }
    }

    // ---- Context lookups (the spec's C.types, C.funcs, C.locals ...) ----

    #[inline(always)]
    fn block_sig(&mut self, ty: BlockType, offset: usize) -> Result<BlockSig, CompileError> {
        Ok(match ty {
            BlockType::Empty => BlockSig::Empty,
            BlockType::Type(t) => {
                let t = self.module.val_type(t, offset)?;
                super::module::check_val_type(self.module, t, Some(offset))?;
                BlockSig::Single(t)
            }
            BlockType::FuncType(idx) => BlockSig::Type(self.type_index(idx, offset)?),
        })
    }

    #[inline(always)]
    fn type_index(&self, idx: u32, offset: usize) -> Result<u32, CompileError> {
        if (idx as usize) < self.module.types.len() {
            Ok(idx)
        } else {
            Err(CompileError::invalid(
                format!("unknown type {idx}"),
                Some(offset),
            ))
        }
    }

    /// `(ref null $t)` for type `type_index` (checked to exist).
    fn nullable_ref_to(&self, type_index: u32) -> ValType {
        let id = self.module.type_ids[type_index as usize];
        ValType::Ref(RefType::new(true, crate::value::HeapType::Concrete(id)))
    }

    #[inline(always)]
    fn label_types(&self, depth: u32, offset: usize) -> Result<&'m [ValType], CompileError> {
        let module = self.module;
        match self.controls.label(depth) {
            Some(frame) => Ok(frame.label_types(module)),
            None => Err(CompileError::invalid(
                format!("unknown label {depth}"),
                Some(offset),
            )),
        }
    }

    #[inline(always)]
    fn function_type(&self, func: u32, offset: usize) -> Result<u32, CompileError> {
        match self.module.funcs.get(func as usize) {
            // The type index is checked by `validate_module`; checked again so that a body
            // validated on its own can never index out of bounds.
            Some(&ty) => self.type_index(ty, offset),
            None => Err(CompileError::invalid(
                format!("unknown function {func}"),
                Some(offset),
            )),
        }
    }

    #[inline(always)]
    fn call(&mut self, type_index: u32, offset: usize) -> Result<(), CompileError> {
        let module = self.module;
        let sig = &module.types[type_index as usize];
        self.pop_vals(sig.params(), offset)?;
        self.push_vals(sig.results());
        Ok(())
    }

    /// `return_call` of a function of type `type_index` (its arguments and the table index
    /// already checked): the callee's results become this function's, then the rest of the
    /// frame is unreachable, as after `return`.
    fn return_call(&mut self, type_index: u32, offset: usize) -> Result<(), CompileError> {
        let module = self.module;
        let callee = &module.types[type_index as usize];
        let caller = module.types[self.func_type as usize].results();
        if !tail_call_results_match(callee.results(), caller) {
            return Err(CompileError::invalid(
                format!(
                    "type mismatch: a tail call to a function returning {} from one returning {}",
                    type_list(callee.results()),
                    type_list(caller)
                ),
                Some(offset),
            ));
        }
        self.pop_vals(callee.params(), offset)?;
        self.set_unreachable();
        Ok(())
    }

    #[inline(always)]
    fn local(&self, idx: u32, offset: usize) -> Result<ValType, CompileError> {
        match self.locals.get(idx as usize) {
            Some(&ty) => Ok(ty),
            None => Err(CompileError::invalid(
                format!("unknown local {idx}"),
                Some(offset),
            )),
        }
    }

    #[inline]
    fn global(&self, idx: u32, offset: usize) -> Result<crate::value::GlobalType, CompileError> {
        match self.module.globals.get(idx as usize) {
            Some(&g) => Ok(g),
            None => Err(CompileError::invalid(
                format!("unknown global {idx}"),
                Some(offset),
            )),
        }
    }

    fn table(&self, idx: u32, offset: usize) -> Result<RefType, CompileError> {
        match self.module.tables.get(idx as usize) {
            Some(t) => Ok(t.element),
            None => Err(CompileError::invalid(
                format!("unknown table {idx}"),
                Some(offset),
            )),
        }
    }

    fn elem(&self, idx: u32, offset: usize) -> Result<RefType, CompileError> {
        match self.module.elems.get(idx as usize) {
            Some(e) => Ok(e.ty),
            None => Err(CompileError::invalid(
                format!("unknown elem segment {idx}"),
                Some(offset),
            )),
        }
    }

    /// `memory.init` and `data.drop` need the data count section (so that a single pass over
    /// the code can check data indices): without it the binary is malformed.
    fn data(&self, idx: u32, offset: usize) -> Result<(), CompileError> {
        let Some(count) = self.module.data_count else {
            return Err(CompileError::malformed(
                "data count section required by memory.init and data.drop",
                Some(offset),
            ));
        };
        if idx < count {
            Ok(())
        } else {
            Err(CompileError::invalid(
                format!("unknown data segment {idx}"),
                Some(offset),
            ))
        }
    }

    #[inline]
    fn memory(&self, idx: u32, offset: usize) -> Result<(), CompileError> {
        if (idx as usize) < self.module.memories.len() {
            Ok(())
        } else {
            Err(CompileError::invalid(
                format!("unknown memory {idx}"),
                Some(offset),
            ))
        }
    }

    /// In Wasm 2.0 (multi-memory off) `memory.size` and `memory.grow` carry a reserved byte
    /// that must be exactly `0x00` (no longer LEB128 encoding of zero). wasmparser reads it as
    /// a memory index LEB, so the byte is checked here in the module binary (`offset` is the
    /// opcode's position). With multi-memory it is a memory index like any other.
    fn check_reserved_zero_byte(&self, offset: usize) -> Result<(), CompileError> {
        let bytes = &self.module.bytes;
        if !self.module.features.multi_memory
            && matches!(bytes.get(offset), Some(0x3f | 0x40))
            && bytes.get(offset + 1).is_some_and(|&b| b != 0)
        {
            return Err(CompileError::malformed(
                "zero byte expected after memory.size / memory.grow",
                Some(offset + 1),
            ));
        }
        Ok(())
    }

    #[inline(always)]
    fn memarg(&self, memarg: &MemArg, offset: usize) -> Result<(), CompileError> {
        // The common case, checked inline: memory 0 exists, natural or smaller alignment
        // (`max_align` is below 32, so the alignment is also well-formed), a 32-bit offset.
        if memarg.target == MemArgTarget::Memory(0)
            && memarg.align <= memarg.max_align
            && memarg.offset <= u64::from(u32::MAX)
            && !self.module.memories.is_empty()
        {
            return Ok(());
        }
        self.memarg_slow(memarg, offset)
    }

    /// Every rule of a memory argument, with the error for the first it breaks.
    #[cold]
    #[inline(never)]
    fn memarg_slow(&self, memarg: &MemArg, offset: usize) -> Result<(), CompileError> {
        let MemArgTarget::Memory(mem) = memarg.target else {
            return Err(CompileError::unsupported(
                "multibyte array access (memarg with an array index)",
                Some(offset),
            ));
        };
        // In Wasm 2.0's encoding the alignment exponent is the whole flags field, and one of
        // 32 or more is malformed; with multi-memory bit 6 flags a memory index and the
        // exponents below 64 are merely too large (invalid, below).
        if memarg.align >= 32 && !self.module.features.multi_memory {
            return Err(CompileError::malformed(
                format!("malformed memop flags: alignment 2^{}", memarg.align),
                Some(offset),
            ));
        }
        self.memory(mem, offset)?;
        if memarg.offset > u64::from(u32::MAX) {
            // Only Wasm 3.0's u64 offsets can get here (a u32 LEB128 cannot encode more).
            return Err(CompileError::invalid(
                format!(
                    "offset out of range: {} does not fit a 32-bit memory",
                    memarg.offset
                ),
                Some(offset),
            ));
        }
        if memarg.align > memarg.max_align {
            return Err(CompileError::invalid(
                format!(
                    "alignment must not be larger than natural: 2^{} > 2^{}",
                    memarg.align, memarg.max_align
                ),
                Some(offset),
            ));
        }
        Ok(())
    }

    #[inline(always)]
    fn load(&mut self, memarg: &MemArg, ty: ValType, offset: usize) -> Result<(), CompileError> {
        self.memarg(memarg, offset)?;
        self.unary(I32, ty, offset)
    }

    #[inline(always)]
    fn store(&mut self, memarg: &MemArg, ty: ValType, offset: usize) -> Result<(), CompileError> {
        self.memarg(memarg, offset)?;
        self.pop(ty, offset)?;
        self.pop(I32, offset)
    }
}

/// Whether a callee returning `callee` may be tail-called by a function returning `caller`:
/// the spec asks that each callee result be a subtype of the caller's. With Wasm 2.0's value
/// types (no subtyping between them) that is equality; this is the one place to make it a
/// subtype check when typed references come.
fn tail_call_results_match(callee: &[ValType], caller: &[ValType]) -> bool {
    callee.len() == caller.len() && callee.iter().zip(caller).all(|(a, b)| a.matches(*b))
}

/// `[i32 f64]`, for messages.
fn type_list(types: &[ValType]) -> String {
    let names: Vec<String> = types.iter().map(ToString::to_string).collect();
    format!("[{}]", names.join(" "))
}

#[cold]
fn mismatch(expected: ValType, actual: ValType, offset: usize) -> CompileError {
    CompileError::invalid(
        format!("type mismatch: expected {expected}, found {actual}"),
        Some(offset),
    )
}

/// Reads a body's local declarations, leaving `reader` at the first operator.
pub(crate) fn read_locals(
    module: &ModuleInfo,
    reader: &mut wasmparser::BinaryReader<'_>,
) -> Result<Vec<(u32, ValType)>, CompileError> {
    let mut locals = Vec::new();
    read_locals_into(module, reader, &mut locals)?;
    Ok(locals)
}

/// [`read_locals`] into a reused buffer (cleared first).
fn read_locals_into(
    module: &ModuleInfo,
    reader: &mut wasmparser::BinaryReader<'_>,
    locals: &mut Vec<(u32, ValType)>,
) -> Result<(), CompileError> {
    locals.clear();
    let groups = reader.read_var_u32().map_err(malformed)?;
    locals.reserve(groups.min(64) as usize);
    let mut total: u64 = 0;
    for _ in 0..groups {
        let offset = reader.original_position() as usize;
        let count = reader.read_var_u32().map_err(malformed)?;
        total += u64::from(count);
        if total > u64::from(u32::MAX) {
            return Err(CompileError::malformed("too many locals", Some(offset)));
        }
        let ty = reader.read::<wasmparser::ValType>().map_err(malformed)?;
        locals.push((count, module.val_type(ty, offset)?));
    }
    Ok(())
}

/// Validates every function body of `module` (whose module-level rules `validate_module` has
/// checked), on several threads when the code is large (`module::body_workers`). The error is
/// the one of the lowest-numbered invalid body, as in a sequential pass.
pub(crate) fn validate_bodies(module: &ModuleInfo) -> Result<(), CompileError> {
    crate::module::body_workers::for_each_body(module, |allocs, def_index| {
        validate_func_body(module, def_index, allocs)
    })
}

/// Validates the body of defined function `def_index`, reusing the buffers in `allocs`.
pub(crate) fn validate_func_body(
    module: &ModuleInfo,
    def_index: u32,
    allocs: &mut FuncValidatorAllocations,
) -> Result<(), CompileError> {
    let Some(body) = module.bodies.get(def_index as usize) else {
        return Err(CompileError::invalid(
            format!("unknown function body {def_index}"),
            None,
        ));
    };
    let func_index = module.num_imported_funcs + def_index;
    let range = body.range.clone();
    let mut reader = reader_at(module, &module.bytes[range.clone()], range.start);
    let mut local_groups = std::mem::take(&mut allocs.local_groups);
    let read = read_locals_into(module, &mut reader, &mut local_groups);
    let result = read.and_then(|()| {
        let validator = FuncValidator::with_allocations(
            module,
            func_index,
            &local_groups,
            reader.original_position() as usize,
            std::mem::take(allocs),
        )?;
        validate_operators(validator, reader, allocs)
    });
    allocs.local_groups = local_groups;
    result
}

/// Drives `validator` over the operators `reader` is at, then gives its buffers back to
/// `allocs`.
fn validate_operators(
    mut validator: FuncValidator<'_>,
    mut reader: wasmparser::BinaryReader<'_>,
    allocs: &mut FuncValidatorAllocations,
) -> Result<(), CompileError> {
    // The reader is driven directly (not through `OperatorsReader`): the validator's control
    // stack tells it which frame is open, so frames are tracked once.
    let mut visitor = BodyVisitor {
        validator: &mut validator,
        offset: 0,
        error: None,
    };
    let mut result = Ok(());
    while !reader.eof() {
        visitor.offset = reader.original_position() as usize;
        match reader.visit_operator(&mut visitor) {
            Ok(true) => {}
            Ok(false) => {
                result = Err(visitor
                    .error
                    .take()
                    .expect("an invalid operator leaves its error"));
                break;
            }
            Err(err) => {
                result = Err(reading_error(err));
                break;
            }
        }
    }
    if result.is_ok() {
        result = validator.finish(reader.original_position() as usize);
    }
    *allocs = validator.into_allocations();
    result
}

/// Feeds a [`FuncValidator`] straight from wasmparser's operator visitor: each operator is
/// built on the stack and validated, without the copies of materialising `Operator` values
/// through `OperatorsReader::read` (which dominated validation time).
///
/// Each visit returns only whether the operator is valid (the error is kept aside): a
/// `Result<(), CompileError>` threaded through wasmparser's reader for every operator is a
/// large value to move around.
struct BodyVisitor<'v, 'm> {
    validator: &'v mut FuncValidator<'m>,
    /// Position of the operator being visited.
    offset: usize,
    /// The error of the first invalid operator.
    error: Option<CompileError>,
}

/// The operators most frequent in compiled code, whose visitor methods get their own inlined
/// copy of the rule (the others share one out-of-line copy, which keeps compile time low).
pub(super) const HOT_OPERATORS: &[&str] = &[
    "LocalGet",
    "LocalSet",
    "LocalTee",
    "GlobalGet",
    "GlobalSet",
    "I32Const",
    "I64Const",
    "I32Load",
    "I64Load",
    "I32Load8U",
    "I32Load8S",
    "I32Load16U",
    "I32Store",
    "I64Store",
    "I32Store8",
    "I32Store16",
    "I32Add",
    "I32Sub",
    "I32And",
    "I32Or",
    "I32Xor",
    "I32Shl",
    "I32ShrU",
    "I32ShrS",
    "I32Mul",
    "I32Eq",
    "I32Ne",
    "I32Eqz",
    "I32LtU",
    "I32LtS",
    "I32GtU",
    "I32GtS",
    "I32LeU",
    "I32GeU",
    "I64Add",
    "I64Or",
    "I64Shl",
    "I64ShrU",
    "I64ExtendI32U",
    "I32WrapI64",
    "Call",
    "CallIndirect",
    "Br",
    "BrIf",
    "Block",
    "Loop",
    "If",
    "Else",
    "End",
    "Return",
    "Drop",
    "Select",
    "Unreachable",
];

/// Whether `name` is one of [`HOT_OPERATORS`] (at compile time).
const fn is_hot(name: &str) -> bool {
    let mut i = 0;
    while i < HOT_OPERATORS.len() {
        if str_eq(HOT_OPERATORS[i], name) {
            return true;
        }
        i += 1;
    }
    false
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

macro_rules! define_visit_operator {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        $(
            #[inline]
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> bool {
                // Inlined only where the optimiser folds the inlined `match` to this operator's
                // rule: in builds with debug assertions (tests, fuzzing) it did not, and the
                // hot visitors were each a full copy of the validator (about 40% of the
                // engine's code to optimise, so of its build time).
                const HOT: bool = is_hot(stringify!($op)) && !cfg!(debug_assertions);
                // Whether this operator owns heap data; if not, dropping it is a no-op and is
                // skipped (the generic drop of `Operator` is a call per operator otherwise).
                let needs_drop = false $($(|| std::mem::needs_drop::<$argty>())*)?;
                let op = std::mem::ManuallyDrop::new(Operator::$op $({ $($arg),* })?);
                let result = if HOT {
                    self.validator.visit_operator(&op, self.offset)
                } else {
                    self.validator.visit_operator_outlined(&op, self.offset)
                };
                if needs_drop {
                    drop(std::mem::ManuallyDrop::into_inner(op));
                }
                match result {
                    Ok(()) => true,
                    Err(err) => {
                        self.error = Some(with_malformed_precedence(self.validator.module, err));
                        false
                    }
                }
            }
        )*
    };
}

impl<'a> wasmparser::VisitOperator<'a> for BodyVisitor<'_, '_> {
    type Output = bool;
    wasmparser::for_each_visit_operator!(define_visit_operator);

    fn simd_visitor(
        &mut self,
    ) -> Option<&mut dyn wasmparser::VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }
}

/// The SIMD half of the visitor (wasmparser dispatches the `0xfd` opcodes to it).
impl<'a> wasmparser::VisitSimdOperator<'a> for BodyVisitor<'_, '_> {
    wasmparser::for_each_visit_simd_operator!(define_visit_operator);
}

impl wasmparser::FrameStack for BodyVisitor<'_, '_> {
    fn current_frame(&self) -> Option<wasmparser::FrameKind> {
        self.validator.controls.top().map(|frame| match frame.kind {
            FrameKind::Function | FrameKind::Block => wasmparser::FrameKind::Block,
            FrameKind::Loop => wasmparser::FrameKind::Loop,
            FrameKind::If => wasmparser::FrameKind::If,
            FrameKind::Else => wasmparser::FrameKind::Else,
            FrameKind::TryTable => wasmparser::FrameKind::TryTable,
            FrameKind::LegacyTry => wasmparser::FrameKind::LegacyTry,
            FrameKind::LegacyCatch => wasmparser::FrameKind::LegacyCatch,
            FrameKind::LegacyCatchAll => wasmparser::FrameKind::LegacyCatchAll,
        })
    }
}

/// A reading error: the body is malformed.
fn reading_error(err: wasmparser::BinaryReaderError) -> CompileError {
    malformed(err)
}

/// Reads every operator of a body without validating it: whether it is well-formed, including
/// the binary-format rules only visible in code (reserved zero bytes, memop flags, the data
/// count section). Used when a module is invalid, since the spec ranks malformed above invalid.
pub(crate) fn check_body_well_formed(
    module: &ModuleInfo,
    body: &[u8],
    body_offset: usize,
) -> Result<(), CompileError> {
    let mut reader = reader_at(module, body, body_offset);
    read_locals(module, &mut reader)?;
    let mut ops = OperatorsReader::new(reader);
    let mut depth = 1usize;
    while !ops.eof() {
        let (op, offset) = ops.read_with_offset().map_err(malformed)?;
        let offset = offset as usize;
        if depth == 0 {
            return Err(CompileError::malformed(
                "operators remaining after the end of the function",
                Some(offset),
            ));
        }
        match &op {
            Operator::Block { .. }
            | Operator::Loop { .. }
            | Operator::If { .. }
            | Operator::TryTable { .. }
            | Operator::Try { .. } => depth += 1,
            Operator::End | Operator::Delegate { .. } => depth -= 1,
            Operator::MemorySize { .. } | Operator::MemoryGrow { .. }
                if !module.features.multi_memory =>
            {
                let bytes = &module.bytes;
                if bytes.get(offset + 1).is_some_and(|&b| b != 0) {
                    return Err(CompileError::malformed(
                        "zero byte expected",
                        Some(offset + 1),
                    ));
                }
            }
            Operator::MemoryInit { .. } | Operator::DataDrop { .. }
                if module.data_count.is_none() =>
            {
                return Err(CompileError::malformed(
                    "data count section required by memory.init and data.drop",
                    Some(offset),
                ));
            }
            _ => {
                if let Some(memarg) = memarg_of(&op)
                    && memarg.align >= 32
                    && !module.features.multi_memory
                {
                    return Err(CompileError::malformed(
                        format!("malformed memop flags: alignment 2^{}", memarg.align),
                        Some(offset),
                    ));
                }
            }
        }
    }
    if depth != 0 {
        return Err(CompileError::malformed(
            "unexpected end of section or function: function body lacks its final `end`",
            Some(body_offset + body.len()),
        ));
    }
    ops.finish().map_err(malformed)
}

/// The memory argument of a load or store.
fn memarg_of<'a>(op: &'a Operator<'_>) -> Option<&'a MemArg> {
    match op {
        Operator::I32Load { memarg }
        | Operator::I64Load { memarg }
        | Operator::F32Load { memarg }
        | Operator::F64Load { memarg }
        | Operator::I32Load8S { memarg }
        | Operator::I32Load8U { memarg }
        | Operator::I32Load16S { memarg }
        | Operator::I32Load16U { memarg }
        | Operator::I64Load8S { memarg }
        | Operator::I64Load8U { memarg }
        | Operator::I64Load16S { memarg }
        | Operator::I64Load16U { memarg }
        | Operator::I64Load32S { memarg }
        | Operator::I64Load32U { memarg }
        | Operator::I32Store { memarg }
        | Operator::I64Store { memarg }
        | Operator::F32Store { memarg }
        | Operator::F64Store { memarg }
        | Operator::I32Store8 { memarg }
        | Operator::I32Store16 { memarg }
        | Operator::I64Store8 { memarg }
        | Operator::I64Store16 { memarg }
        | Operator::I64Store32 { memarg } => Some(memarg),
        _ => simd::simd_memarg_of(op),
    }
}
