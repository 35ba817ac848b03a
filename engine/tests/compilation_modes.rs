//! The three compilation modes on modules with a bad function body: `Lazy` (default) and
//! `Eager` reject them at `Module::new`; `LazyValidation` accepts them and reports the body's
//! error, as `Error::Compile`, when (and every time) the function is called, while the rest of
//! the module runs. Module-level rules are checked at `Module::new` in every mode.

use kestrel::{
    CompilationMode, CompileErrorKind, Config, Engine, Error, Instance, Linker, Module, Store,
};

const MODES: [CompilationMode; 3] = [
    CompilationMode::Lazy,
    CompilationMode::Eager,
    CompilationMode::LazyValidation,
];

fn engine(mode: CompilationMode) -> Engine {
    let mut config = Config::new();
    config.compilation_mode(mode);
    Engine::new(&config)
}

/// `good` returns 7; `bad` returns an i64 where its type says i32; `calls_bad` calls it.
const INVALID_BODY: &str = r#"(module
    (func (export "good") (result i32) i32.const 7)
    (func $bad (export "bad") (result i32) i64.const 1)
    (func (export "calls_bad") (result i32) call $bad))"#;

fn compile_error(err: &Error) -> &kestrel::CompileError {
    match err {
        Error::Compile(e) => e,
        other => panic!("expected a compile error, got {other:?}"),
    }
}

fn instantiate(engine: &Engine, module: &Module) -> Result<(Store<()>, Instance), Error> {
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine).instantiate(&mut store, module)?;
    Ok((store, instance))
}

#[test]
fn the_default_and_eager_modes_reject_an_invalid_body_at_once() {
    for mode in [CompilationMode::Lazy, CompilationMode::Eager] {
        let err = Module::new(&engine(mode), INVALID_BODY).unwrap_err();
        let err = compile_error(&err);
        assert_eq!(err.kind, CompileErrorKind::Invalid, "{mode:?}: {err}");
        assert!(err.message.contains("type mismatch"), "{mode:?}: {err}");
    }
}

#[test]
fn lazy_validation_reports_an_invalid_body_when_it_is_called() {
    let engine = engine(CompilationMode::LazyValidation);
    let module = Module::new(&engine, INVALID_BODY).expect("bodies are not validated yet");
    let (mut store, instance) = instantiate(&engine, &module).unwrap();
    let good = instance
        .get_typed_func::<(), i32>(&mut store, "good")
        .unwrap();
    assert_eq!(good.call(&mut store, ()).unwrap(), 7);
    for name in ["bad", "bad", "calls_bad"] {
        let f = instance
            .get_typed_func::<(), i32>(&mut store, name)
            .unwrap();
        let err = f.call(&mut store, ()).unwrap_err();
        let err = compile_error(&err);
        assert_eq!(err.kind, CompileErrorKind::Invalid, "{name}: {err}");
        assert!(err.message.contains("type mismatch"), "{name}: {err}");
    }
    // The store is still usable after the error.
    assert_eq!(good.call(&mut store, ()).unwrap(), 7);
}

#[test]
fn lazy_validation_reports_a_malformed_body_when_it_is_called() {
    let mut bytes = wat::parse_str(
        r#"(module (func (export "good") (result i32) i32.const 7)
                   (func (export "bad") nop))"#,
    )
    .unwrap();
    // The last body is `0x00 (no locals) 0x01 (nop) 0x0b (end)`: make `nop` an unknown opcode.
    let nop = bytes.len() - 2;
    assert_eq!(&bytes[nop..], &[0x01, 0x0b]);
    bytes[nop] = 0xff;
    for mode in [CompilationMode::Lazy, CompilationMode::Eager] {
        let err = Module::new(&engine(mode), &bytes).unwrap_err();
        assert_eq!(
            compile_error(&err).kind,
            CompileErrorKind::Malformed,
            "{mode:?}"
        );
    }
    let engine = engine(CompilationMode::LazyValidation);
    let module = Module::new(&engine, &bytes).unwrap();
    let (mut store, instance) = instantiate(&engine, &module).unwrap();
    let good = instance
        .get_typed_func::<(), i32>(&mut store, "good")
        .unwrap();
    assert_eq!(good.call(&mut store, ()).unwrap(), 7);
    let bad = instance
        .get_typed_func::<(), ()>(&mut store, "bad")
        .unwrap();
    let err = bad.call(&mut store, ()).unwrap_err();
    assert_eq!(compile_error(&err).kind, CompileErrorKind::Malformed);
}

#[test]
fn lazy_validation_reports_an_invalid_start_function_at_instantiation() {
    let engine = engine(CompilationMode::LazyValidation);
    let module = Module::new(
        &engine,
        r#"(module (func $start i32.const 1) (start $start))"#,
    )
    .unwrap();
    let Err(err) = instantiate(&engine, &module) else {
        panic!("the start function is invalid: instantiation must fail");
    };
    assert_eq!(compile_error(&err).kind, CompileErrorKind::Invalid);
}

#[test]
fn every_mode_checks_module_level_rules_at_once() {
    let cases = [
        r#"(module (func (export "a")) (func (export "a")))"#,
        r#"(module (func) (start 3))"#,
        r#"(module (global i32 (i64.const 0)))"#,
    ];
    for mode in MODES {
        for wat in cases {
            let err = Module::new(&engine(mode), wat).unwrap_err();
            assert_eq!(
                compile_error(&err).kind,
                CompileErrorKind::Invalid,
                "{mode:?}: {wat}"
            );
        }
    }
}

#[test]
fn every_mode_runs_a_valid_module_alike() {
    let wat = r#"(module
        (func $fac (export "fac") (param i64) (result i64)
          (if (result i64) (i64.eqz (local.get 0))
            (then (i64.const 1))
            (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))"#;
    for mode in MODES {
        let engine = engine(mode);
        let module = Module::new(&engine, wat).unwrap();
        let (mut store, instance) = instantiate(&engine, &module).unwrap();
        let fac = instance
            .get_typed_func::<i64, i64>(&mut store, "fac")
            .unwrap();
        assert_eq!(fac.call(&mut store, 20).unwrap(), 2_432_902_008_176_640_000);
    }
}
