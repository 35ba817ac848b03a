//! Typing constant expressions: global initialisers, segment offsets and element items.
//!
//! A constant expression may use constants (`v128.const` too, with SIMD), `ref.null` and
//! `ref.func` (with reference types, or as an element segment's item) and `global.get` of an
//! immutable global. Which globals are visible follows the current spec (and the v2 testsuite,
//! which leaves the 2.0 imported-only rule untested): a global initialiser sees every global
//! before it, a segment sees them all.

use crate::error::CompileError;
use crate::module::{ConstExpr, ConstOp, ModuleInfo};
use crate::value::{HeapType, Mutability, RefType, ValType};

/// Checks that `expr` is constant and produces exactly one value of type `expected` (or a
/// subtype), using only the first `visible_globals` globals.
pub fn check_const_expr(
    module: &ModuleInfo,
    expr: &ConstExpr,
    expected: ValType,
    visible_globals: usize,
) -> Result<(), CompileError> {
    let offset = Some(expr.offset);
    let mut stack: Vec<ValType> = Vec::with_capacity(2);
    for op in &expr.ops {
        let ty = match *op {
            ConstOp::I32Const(_) => ValType::I32,
            ConstOp::I64Const(_) => ValType::I64,
            ConstOp::F32Const(_) => ValType::F32,
            ConstOp::F64Const(_) => ValType::F64,
            ConstOp::V128Const(_) => {
                if !module.features.simd {
                    return Err(CompileError::unsupported(
                        "SIMD (v128.const in a constant expression)",
                        offset,
                    ));
                }
                ValType::V128
            }
            ConstOp::RefNull(t) => {
                check_ref_op(module, expected, "ref.null", offset)?;
                ValType::Ref(t)
            }
            ConstOp::RefFunc(f) => {
                check_ref_op(module, expected, "ref.func", offset)?;
                if f as usize >= module.funcs.len() {
                    return Err(CompileError::invalid(
                        format!("unknown function {f}"),
                        offset,
                    ));
                }
                ref_func_type(module, f)
            }
            ConstOp::GlobalGet(g) => {
                let global = match module.globals.get(g as usize) {
                    Some(global) if (g as usize) < visible_globals => global,
                    _ => {
                        return Err(CompileError::invalid(format!("unknown global {g}"), offset));
                    }
                };
                if global.mutability == Mutability::Var {
                    return Err(CompileError::invalid(
                        format!("constant expression required: global {g} is mutable"),
                        offset,
                    ));
                }
                global.content
            }
            ConstOp::I32Add
            | ConstOp::I32Sub
            | ConstOp::I32Mul
            | ConstOp::I64Add
            | ConstOp::I64Sub
            | ConstOp::I64Mul => {
                if !module.features.extended_const {
                    return Err(CompileError::unsupported(
                        "extended constant expressions (arithmetic in a constant expression)",
                        offset,
                    ));
                }
                let ty = if matches!(*op, ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul) {
                    ValType::I32
                } else {
                    ValType::I64
                };
                for _ in 0..2 {
                    match stack.pop() {
                        Some(t) if t == ty => {}
                        Some(t) => {
                            return Err(CompileError::invalid(
                                format!("type mismatch: expected {ty}, found {t}"),
                                offset,
                            ));
                        }
                        None => {
                            return Err(CompileError::invalid(
                                format!("type mismatch: expected {ty} but nothing is on the stack"),
                                offset,
                            ));
                        }
                    }
                }
                ty
            }
        };
        stack.push(ty);
    }
    match stack.as_slice() {
        [ty] if ty.matches(expected) => Ok(()),
        [ty] => Err(CompileError::invalid(
            format!("type mismatch: constant expression of type {ty} where {expected} is expected"),
            offset,
        )),
        other => Err(CompileError::invalid(
            format!(
                "type mismatch: constant expression leaves {} values, expected one {expected}",
                other.len()
            ),
            offset,
        )),
    }
}

/// Checks that the engine lets a constant expression producing a value of type `expected` use
/// `ref.null` or `ref.func` (`op`). Without reference types, only an element segment's items
/// are references (Wasm 1.0's function indices, read as `ref.func`, or bulk memory's items as
/// expressions); a global initialiser (whose type is a number, checked with the module) or an
/// offset may not use them.
fn check_ref_op(
    module: &ModuleInfo,
    expected: ValType,
    op: &str,
    offset: Option<usize>,
) -> Result<(), CompileError> {
    if module.features.reference_types || expected.is_ref() {
        Ok(())
    } else {
        Err(CompileError::unsupported(
            format!("reference types ({op} in a constant expression)"),
            offset,
        ))
    }
}

/// The type of `ref.func f` (`f` a known function): `(ref $t)`, `$t` its type, with typed
/// function references (a function reference is never null), `funcref` in Wasm 2.0.
pub fn ref_func_type(module: &ModuleInfo, f: u32) -> ValType {
    if module.features.function_references {
        // A function's type index is checked with the module; until then, `func`.
        let ty = module
            .funcs
            .get(f as usize)
            .and_then(|&t| module.type_ids.get(t as usize));
        let heap = ty.map_or(HeapType::Func, |&t| HeapType::Concrete(t));
        ValType::Ref(RefType::new(false, heap))
    } else {
        ValType::FUNCREF
    }
}
