//! Reading constant expressions (global initialisers, segment offsets, element items) into
//! [`ConstExpr`].
//!
//! Only the operators a constant expression may contain are representable; any other operator
//! is reported as the spec's "constant expression required" (an invalid module: the bytes are
//! well-formed). Typing of the expression is checked later by `crate::validate`, which also
//! rejects the extended-const arithmetic operators as unsupported.

use super::decode::malformed;
use super::info::{ConstExpr, ConstOp, ModuleInfo};
use crate::error::CompileError;
use wasmparser::Operator;

/// Decodes one constant expression of `module` (which gives its types), up to and including
/// its final `end`.
pub fn decode_const_expr(
    module: &ModuleInfo,
    expr: &wasmparser::ConstExpr<'_>,
) -> Result<ConstExpr, CompileError> {
    let mut reader = expr.get_operators_reader();
    let start = reader.original_position() as usize;
    let mut ops = Vec::with_capacity(1);
    loop {
        let (op, offset) = reader.read_with_offset().map_err(malformed)?;
        let offset = offset as usize;
        let op = match op {
            Operator::End => break,
            Operator::I32Const { value } => ConstOp::I32Const(value),
            Operator::I64Const { value } => ConstOp::I64Const(value),
            Operator::F32Const { value } => ConstOp::F32Const(value.bits()),
            Operator::F64Const { value } => ConstOp::F64Const(value.bits()),
            Operator::V128Const { value } => {
                ConstOp::V128Const(u128::from_le_bytes(*value.bytes()))
            }
            Operator::RefNull { hty } => {
                let ty = wasmparser::RefType::new(true, hty).ok_or_else(|| {
                    CompileError::malformed("malformed reference type", Some(offset))
                })?;
                ConstOp::RefNull(module.ref_type(ty, offset)?)
            }
            Operator::RefFunc { function_index } => ConstOp::RefFunc(function_index),
            Operator::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
            // Extended constant expressions: decoded so the validator can name the feature.
            Operator::I32Add => ConstOp::I32Add,
            Operator::I32Sub => ConstOp::I32Sub,
            Operator::I32Mul => ConstOp::I32Mul,
            Operator::I64Add => ConstOp::I64Add,
            Operator::I64Sub => ConstOp::I64Sub,
            Operator::I64Mul => ConstOp::I64Mul,
            _ => {
                return Err(CompileError::invalid(
                    "constant expression required",
                    Some(offset),
                ));
            }
        };
        ops.push(op);
    }
    reader.finish().map_err(malformed)?;
    Ok(ConstExpr { ops, offset: start })
}
