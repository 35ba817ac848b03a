//! The engines `compare` measures, one file each, all behind one entry point: [`run`] loads a
//! module, links the engine's own WASI preview1 implementation (stdout inherited), and times
//! compile, instantiate and `_start`.
//!
//! A module the engine rejects for using a feature it does not implement (SIMD, before Kestrel
//! has it) is a [`RunError::Unsupported`], which `compare` reports per program rather than as a
//! failed run where the program is known to need that feature.
//!
//! [`call_run`] is the other entry point, for the exception kernels: no WASI, one call of the
//! export `run: (i64) -> i64`, on the engines that implement exception handling.
//!
//! Each peer uses its own WASI crate (wasmi_wasi, wasmtime-wasi, wasm3's built-in WASI), as
//! its users would; the corpus calls WASI only to print, so WASI cost is negligible in the
//! kernels.

mod kestrel;
#[cfg(feature = "wasm3")]
mod wasm3;
#[cfg(feature = "peers")]
mod wasmi;
#[cfg(feature = "peers")]
mod wasmtime;

use crate::timings::Timings;
use std::fmt;

/// Why a [`run`] did not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// The engine rejected the module for a feature it does not implement (the message names
    /// it): a limitation of the engine, not a wrong result.
    Unsupported(String),
    /// Anything else: a compile or link error, a trap, a non-zero exit.
    Failed(String),
}

impl From<String> for RunError {
    fn from(message: String) -> Self {
        RunError::Failed(message)
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Unsupported(m) | RunError::Failed(m) => f.write_str(m),
        }
    }
}

/// Exit status of a measuring child (`compare --run-one`) whose engine answered
/// [`RunError::Unsupported`]; any other failure exits with 1.
pub const UNSUPPORTED_EXIT_CODE: u8 = 3;

/// An engine (and mode) in the comparison. Native builds are not an `Engine`: `compare` runs
/// them as plain processes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Kestrel's interpreter, default (lazy) compilation: functions translated on first call.
    Kestrel,
    /// Kestrel's interpreter, every function translated before the run.
    KestrelEager,
    /// Kestrel's interpreter, each body validated and translated on its first call
    /// (`CompilationMode::LazyValidation`, the same work as wasmi's `Lazy`).
    KestrelLazyValidation,
    /// wasmi 2.0, everything translated before the run.
    WasmiEager,
    /// wasmi 2.0, every body validated up front, translated on its first call
    /// (`CompilationMode::LazyTranslation`, wasmi's default: the same work as Kestrel's default).
    WasmiLazyTranslation,
    /// wasmi 2.0, validation and translation on first call of each function
    /// (`CompilationMode::Lazy`).
    WasmiLazy,
    /// wasmtime 48 with Cranelift (optimizing JIT).
    Wasmtime,
    /// wasmtime 48 with its Pulley interpreter (Cranelift compiles to Pulley bytecode).
    Pulley,
    /// wasm3 (C interpreter) through the `wasm3` crate.
    Wasm3,
    /// Kestrel's Cranelift tier (`Strategy::Cranelift`): every function compiled at
    /// `Module::new`, those it does not cover interpreted.
    KestrelCranelift,
}

/// How much of a program to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Compile, instantiate, run `_start`.
    Full,
    /// Compile and instantiate only.
    Startup,
}

impl Engine {
    /// Every engine, in column order.
    pub const ALL: [Engine; 10] = [
        Engine::Kestrel,
        Engine::KestrelEager,
        Engine::KestrelLazyValidation,
        Engine::WasmiEager,
        Engine::WasmiLazyTranslation,
        Engine::WasmiLazy,
        Engine::Wasm3,
        Engine::Pulley,
        Engine::Wasmtime,
        Engine::KestrelCranelift,
    ];

    /// Command-line and report name.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Kestrel => "kestrel",
            Engine::KestrelEager => "kestrel-eager",
            Engine::KestrelLazyValidation => "kestrel-lazy-validation",
            Engine::WasmiEager => "wasmi-eager",
            Engine::WasmiLazyTranslation => "wasmi-lazy-translation",
            Engine::WasmiLazy => "wasmi-lazy",
            Engine::Wasmtime => "wasmtime",
            Engine::Pulley => "wasmtime-pulley",
            Engine::Wasm3 => "wasm3",
            Engine::KestrelCranelift => "kestrel-cranelift",
        }
    }

    /// Whether the engine differs from another column only in start-up work (a compilation
    /// mode of an engine that is in the table anyway): measured in the start-up tables, left
    /// out of the kernel table unless asked for with `--engines`.
    pub fn startup_only(self) -> bool {
        matches!(
            self,
            Engine::KestrelEager | Engine::KestrelLazyValidation | Engine::WasmiLazyTranslation
        )
    }

    /// Whether the engine implements exception handling (standard form), so that it can run
    /// the exception kernels, or why not.
    pub fn exceptions(self) -> Result<(), &'static str> {
        match self {
            Engine::Kestrel
            | Engine::KestrelEager
            | Engine::KestrelLazyValidation
            | Engine::KestrelCranelift
            | Engine::Wasmtime
            | Engine::Pulley => Ok(()),
            Engine::WasmiEager | Engine::WasmiLazyTranslation | Engine::WasmiLazy => {
                Err("wasmi has no exception handling")
            }
            Engine::Wasm3 => Err("wasm3 has no exception handling"),
        }
    }

    /// Whether the engine implements 128-bit SIMD, so that it can run the SIMD kernels, or why
    /// not. Kestrel is always tried: until it implements SIMD, it rejects those modules with
    /// an unsupported-feature error, which `compare` lists per kernel.
    pub fn simd(self) -> Result<(), &'static str> {
        match self {
            Engine::Wasm3 => Err("wasm3 has no SIMD (v128)"),
            _ => Ok(()),
        }
    }

    /// Parses a [`Engine::name`].
    pub fn from_name(name: &str) -> Option<Engine> {
        Engine::ALL.into_iter().find(|e| e.name() == name)
    }

    /// Whether this build of the harness includes the engine, or why not.
    pub fn availability(self) -> Result<(), &'static str> {
        match self {
            Engine::Kestrel | Engine::KestrelEager | Engine::KestrelLazyValidation => Ok(()),
            Engine::KestrelCranelift
                if cfg!(all(
                    target_endian = "little",
                    any(target_arch = "x86_64", target_arch = "aarch64")
                )) =>
            {
                Ok(())
            }
            Engine::KestrelCranelift => Err("Kestrel's Cranelift tier does not run on this host"),
            Engine::WasmiEager
            | Engine::WasmiLazyTranslation
            | Engine::WasmiLazy
            | Engine::Wasmtime
            | Engine::Pulley
                if cfg!(feature = "peers") =>
            {
                Ok(())
            }
            Engine::Wasm3 if cfg!(feature = "wasm3") => Ok(()),
            Engine::Wasm3 => Err("built without the `wasm3` feature (needs `bindgen` and clang)"),
            _ => Err("built without the `peers` feature"),
        }
    }
}

use ::kestrel::CompilationMode::{Eager, Lazy, LazyValidation};
use ::kestrel::Strategy::{Cranelift, Interpreter};

/// Runs `wasm` on `engine` with `args` (argv, program name first), stdout inherited.
/// A WASI exit with status 0 is success; any other status, trap or error is an `Err`.
pub fn run(
    engine: Engine,
    wasm: &[u8],
    args: &[String],
    phase: Phase,
) -> Result<Timings, RunError> {
    engine
        .availability()
        .map_err(|why| format!("{}: {why}", engine.name()))?;
    let peer = |result: Result<Timings, String>| result.map_err(RunError::Failed);
    match engine {
        Engine::Kestrel => kestrel::run(Lazy, Interpreter, wasm, args, phase),
        Engine::KestrelEager => kestrel::run(Eager, Interpreter, wasm, args, phase),
        Engine::KestrelLazyValidation => {
            kestrel::run(LazyValidation, Interpreter, wasm, args, phase)
        }
        Engine::KestrelCranelift => kestrel::run(Lazy, Cranelift, wasm, args, phase),
        #[cfg(feature = "peers")]
        Engine::WasmiEager => peer(wasmi::run(
            ::wasmi::CompilationMode::Eager,
            wasm,
            args,
            phase,
        )),
        #[cfg(feature = "peers")]
        Engine::WasmiLazyTranslation => peer(wasmi::run(
            ::wasmi::CompilationMode::LazyTranslation,
            wasm,
            args,
            phase,
        )),
        #[cfg(feature = "peers")]
        Engine::WasmiLazy => peer(wasmi::run(
            ::wasmi::CompilationMode::Lazy,
            wasm,
            args,
            phase,
        )),
        #[cfg(feature = "peers")]
        Engine::Wasmtime => peer(wasmtime::run(false, wasm, args, phase)),
        #[cfg(feature = "peers")]
        Engine::Pulley => peer(wasmtime::run(true, wasm, args, phase)),
        #[cfg(feature = "wasm3")]
        Engine::Wasm3 => peer(wasm3::run(wasm, args, phase)),
        #[allow(unreachable_patterns)]
        _ => unreachable!("availability() rejected engines this build lacks"),
    }
}

/// Instantiates `wasm` (no imports) on `engine` and calls its export `run: (i64) -> i64` with
/// `n`: the exception kernels. Returns the timings (`run` is the call alone) and the result.
pub fn call_run(engine: Engine, wasm: &[u8], n: i64) -> Result<(Timings, i64), String> {
    engine
        .availability()
        .and_then(|()| engine.exceptions())
        .map_err(|why| format!("{}: {why}", engine.name()))?;
    match engine {
        Engine::Kestrel => kestrel::call_run(Lazy, Interpreter, wasm, n),
        Engine::KestrelEager => kestrel::call_run(Eager, Interpreter, wasm, n),
        Engine::KestrelLazyValidation => kestrel::call_run(LazyValidation, Interpreter, wasm, n),
        Engine::KestrelCranelift => kestrel::call_run(Lazy, Cranelift, wasm, n),
        #[cfg(feature = "peers")]
        Engine::Wasmtime => wasmtime::call_run(false, wasm, n),
        #[cfg(feature = "peers")]
        Engine::Pulley => wasmtime::call_run(true, wasm, n),
        #[allow(unreachable_patterns)]
        _ => unreachable!("availability() and exceptions() rejected the others"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for e in Engine::ALL {
            assert_eq!(Engine::from_name(e.name()), Some(e));
        }
        assert_eq!(Engine::from_name("v8"), None);
    }
}
