//! wasmtime 48 with wasmtime-wasi (preview1), compiled by Cranelift to native code, or to
//! Pulley bytecode run by wasmtime's Pulley interpreter.

use super::Phase;
use crate::timings::Timings;
use std::time::Instant;
use wasmtime::{Config, Engine, Instance, Linker, Module, Store};
use wasmtime_wasi::p1::{self, WasiP1Ctx};
use wasmtime_wasi::{I32Exit, WasiCtxBuilder};

fn engine(pulley: bool) -> Result<Engine, String> {
    let mut config = Config::new();
    // On by default when the crate has its `gc` feature (exception objects are GC objects).
    config.wasm_exceptions(true);
    if pulley {
        config
            .target("pulley64")
            .map_err(|e| format!("pulley target: {e}"))?;
    }
    Engine::new(&config).map_err(|e| format!("engine: {e}"))
}

pub(super) fn run(
    pulley: bool,
    wasm: &[u8],
    args: &[String],
    phase: Phase,
) -> Result<Timings, String> {
    let engine = engine(pulley)?;
    let mut timings = Timings::default();

    let t0 = Instant::now();
    let module = Module::new(&engine, wasm).map_err(|e| format!("compile: {e:#}"))?;
    let t1 = Instant::now();
    let mut linker = Linker::<WasiP1Ctx>::new(&engine);
    p1::add_to_linker_sync(&mut linker, |ctx| ctx).map_err(|e| format!("link WASI: {e:#}"))?;
    let wasi = WasiCtxBuilder::new().inherit_stdio().args(args).build_p1();
    let mut store = Store::new(&engine, wasi);
    let instance = linker
        .instantiate(&mut store, &module)
        .map_err(|e| format!("instantiate: {e:#}"))?;
    let t2 = Instant::now();
    timings.compile = t1 - t0;
    timings.instantiate = t2 - t1;
    if phase == Phase::Startup {
        return Ok(timings);
    }

    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .map_err(|e| format!("_start: {e:#}"))?;
    let result = start.call(&mut store, ());
    timings.run = t2.elapsed();
    match result {
        Ok(()) => Ok(timings),
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(I32Exit(0)) => Ok(timings),
            Some(I32Exit(code)) => Err(format!("exited with status {code}")),
            None => Err(format!("run: {e:#}")),
        },
    }
}

/// One call of `run(n)` in a fresh engine and store.
pub(super) fn call_run(pulley: bool, wasm: &[u8], n: i64) -> Result<(Timings, i64), String> {
    let engine = engine(pulley)?;
    let mut timings = Timings::default();

    let t0 = Instant::now();
    let module = Module::new(&engine, wasm).map_err(|e| format!("compile: {e:#}"))?;
    let t1 = Instant::now();
    let mut store = Store::new(&engine, ());
    let instance =
        Instance::new(&mut store, &module, &[]).map_err(|e| format!("instantiate: {e:#}"))?;
    let run = instance
        .get_typed_func::<i64, i64>(&mut store, "run")
        .map_err(|e| format!("run: {e:#}"))?;
    let t2 = Instant::now();
    let result = run.call(&mut store, n).map_err(|e| format!("run: {e:#}"))?;
    timings.compile = t1 - t0;
    timings.instantiate = t2 - t1;
    timings.run = t2.elapsed();
    Ok((timings, result))
}
