//! wasmi 2.0 (register-based interpreter) with wasmi_wasi, in one of its three compilation
//! modes: eager, lazy translation (bodies validated up front) or lazy (validation deferred too).

use super::Phase;
use crate::timings::Timings;
use std::time::Instant;
use wasmi::{CompilationMode, Config, Engine, Linker, Module, Store};
use wasmi_wasi::{WasiCtx, WasiCtxBuilder};

pub(super) fn run(
    mode: CompilationMode,
    wasm: &[u8],
    args: &[String],
    phase: Phase,
) -> Result<Timings, String> {
    let mut config = Config::default();
    config.compilation_mode(mode);
    let engine = Engine::new(&config);
    let mut timings = Timings::default();

    let t0 = Instant::now();
    let module = Module::new(&engine, wasm).map_err(|e| format!("compile: {e}"))?;
    let t1 = Instant::now();
    let mut linker = Linker::<WasiCtx>::new(&engine);
    wasmi_wasi::add_to_linker(&mut linker, |ctx| ctx).map_err(|e| format!("link WASI: {e}"))?;
    let wasi = WasiCtxBuilder::new()
        .inherit_stdio()
        .args(args)
        .map_err(|e| format!("WASI args: {e}"))?
        .build();
    let mut store = Store::new(&engine, wasi);
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .map_err(|e| format!("instantiate: {e}"))?;
    let t2 = Instant::now();
    timings.compile = t1 - t0;
    timings.instantiate = t2 - t1;
    if phase == Phase::Startup {
        return Ok(timings);
    }

    let start = instance
        .get_typed_func::<(), ()>(&store, "_start")
        .map_err(|e| format!("_start: {e}"))?;
    let result = start.call(&mut store, ());
    timings.run = t2.elapsed();
    match result {
        Ok(()) => Ok(timings),
        Err(e) => match e.i32_exit_status() {
            Some(0) => Ok(timings),
            Some(code) => Err(format!("exited with status {code}")),
            None => Err(format!("run: {e}")),
        },
    }
}
