//! wasmtime 48 with wasmtime-wasi (preview1), compiled by Cranelift to native code, or to
//! Pulley bytecode run by wasmtime's Pulley interpreter.

use super::Phase;
use crate::timings::Timings;
use std::time::Instant;
use wasmtime::{Config, Engine, Linker, Module, Store};
use wasmtime_wasi::p1::{self, WasiP1Ctx};
use wasmtime_wasi::{I32Exit, WasiCtxBuilder};

pub(super) fn run(
    pulley: bool,
    wasm: &[u8],
    args: &[String],
    phase: Phase,
) -> Result<Timings, String> {
    let mut config = Config::new();
    if pulley {
        config
            .target("pulley64")
            .map_err(|e| format!("pulley target: {e}"))?;
    }
    let engine = Engine::new(&config).map_err(|e| format!("engine: {e}"))?;
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
