//! PLACEHOLDER (owned by the validator developer).
use crate::error::CompileError;
use crate::module::ModuleInfo;

/// Module-level validation.
pub fn validate_module(_m: &ModuleInfo) -> Result<(), CompileError> {
    Ok(())
}

/// Validates one function body.
pub fn validate_func_body(
    _m: &ModuleInfo,
    _func_index: u32,
    _body: &[u8],
    _offset: usize,
) -> Result<(), CompileError> {
    Ok(())
}
