//! Kestrel (its interpreter, or its Cranelift tier) with kestrel-wasi (preview1), stdout
//! inherited.

use super::{Phase, RunError};
use crate::timings::Timings;
use kestrel::{
    CompilationMode, CompileErrorKind, Config, Engine, Error, Instance, Linker, Module, Store,
    Strategy,
};
use kestrel_wasi::{I32Exit, WasiCtx, WasiCtxBuilder};
use std::time::Instant;

pub(super) fn run(
    mode: CompilationMode,
    strategy: Strategy,
    wasm: &[u8],
    args: &[String],
    phase: Phase,
) -> Result<Timings, RunError> {
    let mut config = Config::new();
    config.compilation_mode(mode).strategy(strategy);
    let engine = Engine::new(&config);
    let mut timings = Timings::default();

    let t0 = Instant::now();
    let module = Module::from_binary(&engine, wasm).map_err(|e| run_error("compile", &e))?;
    let t1 = Instant::now();
    let mut linker = Linker::<WasiCtx>::new(&engine);
    kestrel_wasi::add_to_linker(&mut linker, |ctx| ctx).map_err(|e| format!("link WASI: {e}"))?;
    let wasi = WasiCtxBuilder::new()
        .inherit_stdio()
        .args(args)
        .build()
        .map_err(|e| format!("WASI context: {e}"))?;
    let mut store = Store::new(&engine, wasi);
    let instance = linker
        .instantiate(&mut store, &module)
        .map_err(|e| format!("instantiate: {e}"))?;
    let t2 = Instant::now();
    timings.compile = t1 - t0;
    timings.instantiate = t2 - t1;
    if phase == Phase::Startup {
        return Ok(timings);
    }

    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .map_err(|e| format!("_start: {e}"))?;
    let result = start.call(&mut store, ());
    timings.run = t2.elapsed();
    match result {
        Ok(()) => Ok(timings),
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(I32Exit(0)) => Ok(timings),
            Some(I32Exit(code)) => Err(format!("exited with status {code}").into()),
            // Lazy validation meets an unsupported operator on the function's first call.
            None => Err(run_error("run", &e)),
        },
    }
}

/// An unsupported-feature compile error (a SIMD module, before Kestrel has SIMD) is
/// [`RunError::Unsupported`]; every other error a failure.
fn run_error(step: &str, e: &Error) -> RunError {
    match e {
        Error::Compile(c) if c.kind == CompileErrorKind::Unsupported => {
            RunError::Unsupported(format!("{step}: {e}"))
        }
        _ => RunError::Failed(format!("{step}: {e}")),
    }
}

/// One call of `run(n)` in a fresh engine and store (exceptions are on by default).
pub(super) fn call_run(
    mode: CompilationMode,
    strategy: Strategy,
    wasm: &[u8],
    n: i64,
) -> Result<(Timings, i64), String> {
    let mut config = Config::new();
    config
        .compilation_mode(mode)
        .strategy(strategy)
        .wasm_exceptions(true);
    let engine = Engine::new(&config);
    let mut timings = Timings::default();

    let t0 = Instant::now();
    let module = Module::from_binary(&engine, wasm).map_err(|e| format!("compile: {e}"))?;
    let t1 = Instant::now();
    let mut store = Store::new(&engine, ());
    let instance =
        Instance::new(&mut store, &module, &[]).map_err(|e| format!("instantiate: {e}"))?;
    let run = instance
        .get_typed_func::<i64, i64>(&mut store, "run")
        .map_err(|e| format!("run: {e}"))?;
    let t2 = Instant::now();
    let result = run.call(&mut store, n).map_err(|e| format!("run: {e}"))?;
    timings.compile = t1 - t0;
    timings.instantiate = t2 - t1;
    timings.run = t2.elapsed();
    Ok((timings, result))
}
