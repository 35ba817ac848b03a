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

#[cfg(test)]
mod tests {
    use crate::error::CompileErrorKind;
    use crate::{CompilationMode, Config, Engine, Error, Module};

    fn compile(mode: CompilationMode, wat: &str) -> Result<Module, Error> {
        let mut config = Config::new();
        config.compilation_mode(mode);
        Module::new(&Engine::new(&config), wat)
    }

    fn kind(result: Result<Module, Error>) -> Option<CompileErrorKind> {
        match result {
            Ok(_) => None,
            Err(Error::Compile(e)) => {
                if e.kind == CompileErrorKind::Unsupported {
                    assert!(e.message.contains("SIMD"), "{e}");
                }
                Some(e.kind)
            }
            Err(e) => panic!("not a compile error: {e}"),
        }
    }

    const MODES: [CompilationMode; 3] = [
        CompilationMode::Lazy,
        CompilationMode::Eager,
        CompilationMode::LazyValidation,
    ];

    #[test]
    fn valid_simd_modules_are_refused_as_unsupported() {
        // v128 in a signature or a global: refused by `Module::new` in every mode.
        for mode in MODES {
            for wat in [
                "(module (func (export \"f\") (param v128)))",
                "(module (global v128 (v128.const i32x4 1 2 3 4)))",
            ] {
                let got = kind(compile(mode, wat));
                assert_eq!(got, Some(CompileErrorKind::Unsupported), "{mode:?}: {wat}");
            }
        }
        // SIMD in a body only: refused by `Module::new` when it validates bodies.
        for mode in [CompilationMode::Lazy, CompilationMode::Eager] {
            for wat in BODY_ONLY {
                let got = kind(compile(mode, wat));
                assert_eq!(got, Some(CompileErrorKind::Unsupported), "{mode:?}: {wat}");
            }
        }
    }

    /// Modules whose only SIMD is inside the body of their export `f`.
    const BODY_ONLY: [&str; 3] = [
        "(module (func (export \"f\") (local v128)))",
        "(module (func (export \"f\") (result i32) (i32x4.extract_lane 1 (v128.const i32x4 1 2 3 4))))",
        "(module (func (export \"f\") (drop (block (result v128) unreachable))))",
    ];

    #[test]
    fn lazy_validation_refuses_simd_bodies_at_first_call() {
        let mut config = Config::new();
        config.compilation_mode(CompilationMode::LazyValidation);
        let engine = Engine::new(&config);
        for wat in BODY_ONLY {
            let module = Module::new(&engine, wat).unwrap();
            let mut store = crate::Store::new(&engine, ());
            let instance = crate::Linker::new(&engine)
                .instantiate(&mut store, &module)
                .unwrap();
            let f = instance.get_func(&mut store, "f").unwrap();
            let mut results = vec![crate::Val::I32(0); f.ty(&store).results().len()];
            match f.call(&mut store, &[], &mut results) {
                Err(Error::Compile(e)) => {
                    assert_eq!(e.kind, CompileErrorKind::Unsupported, "{wat}: {e}");
                    assert!(e.message.contains("SIMD"), "{wat}: {e}");
                }
                other => panic!("{wat}: expected the SIMD gate's error, got {other:?}"),
            }
        }
    }

    #[test]
    fn invalid_simd_modules_are_invalid_first() {
        // The first body is valid SIMD, the second invalid: invalid wins.
        let wat = "(module
            (func (result i32) (i32x4.extract_lane 1 (v128.const i32x4 1 2 3 4)))
            (func (result i32) (i8x16.extract_lane_s 16 (v128.const i32x4 1 2 3 4))))";
        for mode in [CompilationMode::Lazy, CompilationMode::Eager] {
            assert_eq!(kind(compile(mode, wat)), Some(CompileErrorKind::Invalid));
        }
        // v128 in a type, then an invalid body.
        let wat = "(module (func (param v128)) (func (result i32) (i64.const 0)))";
        for mode in [CompilationMode::Lazy, CompilationMode::Eager] {
            assert_eq!(kind(compile(mode, wat)), Some(CompileErrorKind::Invalid));
        }
    }

    #[test]
    fn modules_without_simd_pass_the_gate() {
        for mode in MODES {
            let wat = "(module (func (export \"f\") (result i32) (i32.const 1)))";
            assert_eq!(kind(compile(mode, wat)), None, "{mode:?}");
        }
    }
}
