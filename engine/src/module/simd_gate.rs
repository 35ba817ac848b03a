//! The SIMD gate: the validator knows SIMD, the interpreter does not run it yet.
//!
//! A module that uses SIMD (a `v128` anywhere in its types, globals, locals or block types, or
//! a SIMD operator) is validated in full, so an invalid one is reported as invalid, as the spec
//! asks; a valid one is then refused here as an unsupported feature naming SIMD.
//!
//! Removed when the interpreter runs SIMD: set [`SIMD_RUNS`] (or delete this file and its
//! callers: `ModuleInner::new` in `module/inner.rs` and `translate_func` in `translate/mod.rs`).

use super::ModuleInfo;
use crate::error::{CompileError, CompileErrorKind};
use crate::value::ValType;

/// Whether the interpreter runs SIMD. While it is `false` every module using SIMD is refused
/// after validation. Removed when the interpreter runs SIMD.
pub const SIMD_RUNS: bool = false;

/// What a refused module is told.
const REFUSAL: &str = "SIMD (v128 values and operators; the module is valid, but this engine \
                       cannot run SIMD yet)";

/// The error for a valid module that uses SIMD.
pub fn refusal(offset: Option<usize>) -> CompileError {
    CompileError::unsupported(REFUSAL, offset)
}

/// Whether `err` is the gate's [`refusal`].
pub fn is_refusal(err: &CompileError) -> bool {
    err.kind == CompileErrorKind::Unsupported && err.message == REFUSAL
}

/// Refuses a module, already validated in full, that uses SIMD: in its types or globals, or
/// (`bodies_use_simd`, from `validate::validate_bodies`) in a function body.
pub fn check_module(info: &ModuleInfo, bodies_use_simd: bool) -> Result<(), CompileError> {
    if !SIMD_RUNS && (bodies_use_simd || module_uses_v128(info)) {
        return Err(refusal(None));
    }
    Ok(())
}

/// Refuses a function body the translator has validated if it uses SIMD
/// (`FuncValidator::uses_simd`): the translator cannot emit code for it.
pub fn check_body(uses_simd: bool, offset: usize) -> Result<(), CompileError> {
    if !SIMD_RUNS && uses_simd {
        return Err(refusal(Some(offset)));
    }
    Ok(())
}

/// Whether a type (function signatures, hence also block and tag types) or a global of the
/// module is or holds a `v128`.
pub fn module_uses_v128(info: &ModuleInfo) -> bool {
    let v128 = |t: &ValType| *t == ValType::V128;
    info.types
        .iter()
        .any(|ty| ty.params().iter().chain(ty.results()).any(v128))
        || info.globals.iter().any(|g| v128(&g.content))
}
