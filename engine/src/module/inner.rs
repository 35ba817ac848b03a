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
    /// The Cranelift tier's code, with `Strategy::Cranelift` (a compiled function's
    /// interpreter code is one `CallNative` instruction).
    #[cfg(kestrel_jit)]
    pub native: Option<crate::jit::ModuleCode>,
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
        #[allow(unused_mut)] // assigned to with the Cranelift tier only
        let mut module = Self {
            engine: engine.clone(),
            info,
            type_ids,
            code,
            #[cfg(kestrel_jit)]
            native: None,
        };
        let config = engine.config();
        if config.strategy == crate::engine::Strategy::Cranelift {
            #[cfg(not(kestrel_jit))]
            return Err(CompileError::unsupported(
                if cfg!(feature = "cranelift") {
                    "the Cranelift tier (Strategy::Cranelift) runs on x86_64 and aarch64 hosts only"
                } else {
                    "the Cranelift tier (Strategy::Cranelift) is not in this build: it needs the \
                     engine's `cranelift` cargo feature"
                },
                None,
            ));
            #[cfg(kestrel_jit)]
            {
                // Compiled code trusts its bodies: all are validated first, whatever the mode.
                crate::validate::validate_bodies(&module.info)?;
                module.native = Some(crate::jit::compile_module(&module.info, config)?);
                if config.compilation_mode == CompilationMode::Eager {
                    for def in 0..module.info.num_defined_funcs() as u32 {
                        module.code(def)?;
                    }
                }
                return Ok(module);
            }
        }
        match config.compilation_mode {
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
            #[cfg(kestrel_jit)]
            if self.native_entry(def_index).is_some() {
                return Ok(crate::translate::native_stub(
                    &self.info,
                    def_index,
                    self.engine.config(),
                ));
            }
            crate::translate::translate_func(&self.info, def_index, self.engine.config())
        });
        result.as_ref().map_err(Clone::clone)
    }

    /// The guard (bytes) the module's compiled code relies on after memory 0, if it leaves
    /// any bounds check to guard pages (see `Config::memory_guard_size`).
    pub fn memory_guard_needed(&self) -> Option<usize> {
        #[cfg(kestrel_jit)]
        if let Some(native) = &self.native {
            return native.memory_guard();
        }
        None
    }

    /// The compiled entry of defined function `def_index`, if the Cranelift tier compiled it.
    #[cfg(kestrel_jit)]
    #[inline]
    pub fn native_entry(&self, def_index: u32) -> Option<crate::jit::Entry> {
        self.native.as_ref()?.entry(def_index)
    }
}
