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

/// PLACEHOLDER until the real validator lands: validates one function body operator by operator,
/// driven by the translator (`new`, then `visit` before each operator, then `finish`).
#[derive(Debug)]
pub struct FuncValidator;

impl FuncValidator {
    /// Starts validating function `func_index`, whose declared locals (after its parameters) are
    /// `locals`; `offset` is where the body starts.
    pub fn new(
        _m: &ModuleInfo,
        _func_index: u32,
        _locals: &[crate::value::ValType],
        _offset: usize,
    ) -> Result<Self, CompileError> {
        Ok(FuncValidator)
    }

    /// Validates one operator at `offset`.
    pub fn visit(
        &mut self,
        _op: &wasmparser::Operator<'_>,
        _offset: usize,
    ) -> Result<(), CompileError> {
        Ok(())
    }

    /// Checks the end of the body at `offset`.
    pub fn finish(&mut self, _offset: usize) -> Result<(), CompileError> {
        Ok(())
    }
}
