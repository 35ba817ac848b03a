//! `wasmtime-run app.wasm [args]`: the equivalent of `wasmtime run app.wasm` (wasmtime 48,
//! Cranelift, wasmtime-wasi preview1 with inherited stdio, args and environment), for the
//! peak-RSS comparison with `kestrel wasm` (the wasmtime CLI itself cannot be installed here).

use std::process::ExitCode;
use wasmtime::{Config, Engine, Linker, Module, Store};
use wasmtime_wasi::p1::{self, WasiP1Ctx};
use wasmtime_wasi::{I32Exit, WasiCtxBuilder};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: wasmtime-run app.wasm [args...]");
        return ExitCode::from(2);
    };
    match run(path, &args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("wasmtime-run: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(path: &str, args: &[String]) -> wasmtime::Result<u8> {
    let engine = Engine::new(&Config::new())?;
    let module = Module::from_file(&engine, path)?;
    let mut linker = Linker::<WasiP1Ctx>::new(&engine);
    p1::add_to_linker_sync(&mut linker, |ctx| ctx)?;
    let wasi = WasiCtxBuilder::new()
        .inherit_stdio()
        .inherit_env()
        .args(args)
        .build_p1();
    let mut store = Store::new(&engine, wasi);
    let instance = linker.instantiate(&mut store, &module)?;
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    match start.call(&mut store, ()) {
        Ok(()) => Ok(0),
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(I32Exit(code)) => Ok(*code as u8),
            None => Err(e),
        },
    }
}
