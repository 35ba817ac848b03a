//! wasm3 (a C interpreter) through the `wasm3` crate, with wasm3's built-in WASI.

use super::Phase;
use crate::timings::Timings;
use std::time::Instant;
use wasm3::Environment;
use wasm3::error::{Error, Trap};

/// Size of wasm3's value stack in bytes (the corpus recurses at most a few thousand frames).
const STACK_BYTES: u32 = 8 << 20;

pub(super) fn run(wasm: &[u8], _args: &[String], phase: Phase) -> Result<Timings, String> {
    let mut timings = Timings::default();
    let t0 = Instant::now();
    let env = Environment::new().map_err(|e| format!("environment: {e}"))?;
    let runtime = env
        .create_runtime(STACK_BYTES)
        .map_err(|e| format!("runtime: {e}"))?;
    let parsed = env
        .parse_module(wasm.to_vec())
        .map_err(|e| format!("compile: {e}"))?;
    let t1 = Instant::now();
    let mut module = runtime
        .load_module(parsed)
        .map_err(|e| format!("instantiate: {e}"))?;
    module.link_wasi().map_err(|e| format!("link WASI: {e}"))?;
    let start = module
        .find_function::<(), ()>("_start")
        .map_err(|e| format!("_start: {e}"))?;
    let t2 = Instant::now();
    timings.compile = t1 - t0;
    timings.instantiate = t2 - t1;
    if phase == Phase::Startup {
        return Ok(timings);
    }
    let result = start.call();
    timings.run = t2.elapsed();
    match result {
        Ok(()) => Ok(timings),
        // wasm3 reports proc_exit as a trap; the checksum check catches a failing exit.
        Err(Error::Wasm3(e)) if e.is_trap(Trap::Exit) => Ok(timings),
        Err(e) => Err(format!("run: {e}")),
    }
}
