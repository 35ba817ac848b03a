//! `ModuleInner`: a compiled module as every instance shares it: its `ModuleInfo`, the engine
//! ids of its types, and the register-IR code of each defined function, translated eagerly or on
//! first call (the lazy compilation modes; in `LazyValidation` mode that first translation is
//! also the body's validation, and its error is kept and returned by every call).

use crate::engine::{CompilationMode, Engine};
use crate::error::CompileError;
use crate::ir::CompiledFunc;
use crate::module::ModuleInfo;
use crate::value::TypeIndex;
use std::sync::{Arc, OnceLock};

/// A validated module, shared by its instances.
#[derive(Debug)]
pub struct ModuleInner {
    /// The engine it was compiled for.
    pub engine: Engine,
    /// What it declares.
    pub info: ModuleInfo,
    /// Engine type id of each type-section entry.
    pub type_ids: Arc<[TypeIndex]>,
    /// Code of each defined function; empty until translated.
    code: Box<[OnceLock<Result<CompiledFunc, CompileError>>]>,
}

impl ModuleInner {
    /// Validates a decoded module (every body too, unless bodies are validated lazily) and, in
    /// eager mode, translates every function.
    pub fn new(engine: &Engine, mut info: ModuleInfo) -> Result<Self, CompileError> {
        info.features = engine.config().features;
        crate::validate::validate_module(&info)?;
        let type_ids = info.type_ids.as_slice().into();
        let code: Box<[OnceLock<_>]> = (0..info.num_defined_funcs())
            .map(|_| OnceLock::new())
            .collect();
        let module = Self {
            engine: engine.clone(),
            info,
            type_ids,
            code,
        };
        match engine.config().compilation_mode {
            CompilationMode::Eager => {
                crate::module::body_workers::for_each_body(&module.info, |(), def| {
                    let compiled =
                        crate::translate::translate_func(&module.info, def, engine.config())?;
                    let _ = module.code[def as usize].set(Ok(compiled));
                    Ok(())
                })?;
            }
            CompilationMode::Lazy => crate::validate::validate_bodies(&module.info)?,
            // Each body is validated by its translation, on first call.
            CompilationMode::LazyValidation => {}
        }
        Ok(module)
    }

    /// The code of defined function `def_index` if it is translated already: the interpreter's
    /// call fast path (one load and compare, no call).
    #[inline(always)]
    pub fn translated(&self, def_index: u32) -> Option<&CompiledFunc> {
        match self.code.get(def_index as usize)?.get() {
            Some(Ok(code)) => Some(code),
            _ => None,
        }
    }

    /// The code of defined function `def_index`, translating it on first use.
    #[inline]
    pub fn code(&self, def_index: u32) -> Result<&CompiledFunc, CompileError> {
        let slot = &self.code[def_index as usize];
        let result = slot.get_or_init(|| {
            crate::translate::translate_func(&self.info, def_index, self.engine.config())
        });
        result.as_ref().map_err(Clone::clone)
    }
}
