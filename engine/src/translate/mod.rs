//! PLACEHOLDER (owned by the interpreter developer): wasm operators to register IR.
use crate::engine::Config;
use crate::error::CompileError;
use crate::ir::CompiledFunc;
use crate::module::ModuleInfo;

/// Translates defined function `def_index` (validating it in the same pass).
pub fn translate_func(
    _info: &ModuleInfo,
    _def_index: u32,
    _config: &Config,
) -> Result<CompiledFunc, CompileError> {
    Err(CompileError::unsupported(
        "the interpreter is not built yet",
        None,
    ))
}
