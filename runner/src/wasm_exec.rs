//! The boundary between the OCI runtime and the wasm engine: run one WASI module to completion in
//! this process and return its exit code.
//!
//! The container init, `kestrel exec` into a wasm container and `kestrel wasm` all come through
//! [`run_wasm`], so the OCI side never touches the engine or WASI directly. The process's own
//! stdin/stdout/stderr are the module's (the runtime has already arranged pipes or a pty there).
//!
//! However the guest ends, the result is an exit status, as for a native process: `_start`
//! returning is 0, `proc_exit(n)` is `n`, a trap prints `Error: ...` with the wasm backtrace to
//! stderr and is 134 (as wasmtime), so is a wasm exception nothing caught (with its tag and
//! payload), a signal raised with `proc_raise` is 128 + its number. An
//! error is returned only when the module could not be started at all (unreadable, invalid,
//! unlinkable, a bad preopen).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use std::sync::{Arc, Mutex};

use kestrel::{Config, Engine, Linker, Module, Store, V128, Val, ValType};
use kestrel_wasi::{I32Exit, IpRange, SignalExit, WasiCtx, WasiCtxBuilder};

use crate::wasi_threads::{RunState, StoreSettings, Threads};
use serde::{Deserialize, Serialize};

/// The exit status of a run that trapped (SIGABRT's shell status, as wasmtime uses).
pub const EXIT_TRAP: i32 = 134;

/// Everything needed to run one WASI command module.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WasmRun {
    /// The module file on the host.
    pub module: PathBuf,
    /// WASI argv, argv\[0\] included.
    pub args: Vec<String>,
    /// WASI environment, in order.
    pub env: Vec<(String, String)>,
    /// Preopened directories: host path, guest path, read-only.
    pub preopens: Vec<(PathBuf, String, bool)>,
    /// The guest working directory, if any (relative guest paths resolve against it).
    pub cwd: Option<String>,
    /// Cap on the module's linear memory, in bytes.
    pub max_memory: Option<u64>,
    /// Cap on the address space a linear memory reserves up front, in bytes
    /// (`Config::memory_reservation`); the engine's default when `None`.
    #[serde(default)]
    pub memory_reservation: Option<u64>,
    /// Fuel budget: the run traps with "out of fuel" once it is spent.
    pub fuel: Option<u64>,
    /// Wall-clock limit: the run traps with "interrupted" once it has run this long.
    #[serde(default)]
    pub timeout: Option<Duration>,
    /// Export to call in place of `_start`.
    pub invoke: Option<String>,
    /// Interpreted (default) or compiled by Cranelift (`kestrel wasm --strategy`, the
    /// `io.kestrel.strategy` annotation).
    #[serde(default)]
    pub strategy: RunStrategy,
    /// Address ranges (CIDR) the guest's own sockets may use (WasmEdge's socket extension);
    /// none: it opens no socket.
    #[serde(default)]
    pub allow_net: Vec<String>,
}

/// How a run executes its module: the engine's [`kestrel::Strategy`], by name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum RunStrategy {
    /// The interpreter: every host, the fastest start.
    #[default]
    Interpreter,
    /// Compiled to machine code by Cranelift when the module loads (x86_64 and aarch64, in
    /// a build with the `cranelift` feature): for long-running compute.
    Cranelift,
}

impl RunStrategy {
    /// The engine's strategy.
    pub fn engine(self) -> kestrel::Strategy {
        match self {
            RunStrategy::Interpreter => kestrel::Strategy::Interpreter,
            RunStrategy::Cranelift => kestrel::Strategy::Cranelift,
        }
    }

    /// Parses an annotation's value (`interpreter` or `cranelift`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "interpreter" => Some(RunStrategy::Interpreter),
            "cranelift" => Some(RunStrategy::Cranelift),
            _ => None,
        }
    }
}

/// Why a module could not be started.
#[derive(Debug, thiserror::Error)]
pub enum WasmExecError {
    /// The module file could not be read.
    #[error("cannot read wasm module {path}: {source}")]
    Read {
        /// The module file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Compiling, linking or setting up the run failed (a malformed module, an unknown import,
    /// a preopen that cannot be opened, a bad `--invoke` argument).
    #[error("{0}")]
    Engine(String),
}

/// Runs `run.module` as a WASI command and returns its exit status.
pub fn run_wasm(run: &WasmRun) -> Result<i32, WasmExecError> {
    run_wasm_with(run, &[])
}

/// [`run_wasm`] with TCP listeners bound on `tcp_listen` addresses handed to the guest as
/// preopened sockets (`kestrel wasm --tcplisten`).
pub fn run_wasm_with(run: &WasmRun, tcp_listen: &[String]) -> Result<i32, WasmExecError> {
    let module_name = run.module.display().to_string();
    let bytes = std::fs::read(&run.module).map_err(|source| WasmExecError::Read {
        path: run.module.clone(),
        source,
    })?;
    let mut config = Config::new();
    config.consume_fuel(run.fuel.is_some());
    config.epoch_interruption(run.timeout.is_some());
    // What LLVM (up to 21) and Emscripten emit for C++ exceptions by default.
    config.legacy_exceptions(true);
    config.strategy(run.strategy.engine());
    if let Some(bytes) = run.memory_reservation {
        config.memory_reservation(bytes);
    }
    let engine = Engine::new(&config);
    let module = Module::new(&engine, &bytes)
        .map_err(|e| WasmExecError::Engine(format!("cannot compile {module_name}: {e}")))?;

    let wasi = Arc::new(Mutex::new(build_wasi(run, tcp_listen)?));
    let settings = StoreSettings {
        max_memory: run.max_memory,
        fuel: run.fuel,
        timeout: run.timeout.is_some(),
    };
    let mut store = settings
        .store(&engine, wasi.clone())
        .map_err(|e| WasmExecError::Engine(e.to_string()))?;
    // The watchdog for --timeout: one epoch tick when the time is up; every store's deadline
    // is that tick. Dropping `_watchdog` (when the run ends) stops the thread.
    let _watchdog = run.timeout.map(|limit| Watchdog::start(&engine, limit));
    let mut linker = Linker::new(&engine);
    kestrel_wasi::add_to_linker_shared(&mut linker, |s: &mut RunState| &*s.wasi)
        .map_err(|e| WasmExecError::Engine(format!("cannot define WASI imports: {e}")))?;
    // A wasi-threads program (`wasm32-wasip1-threads`) gets `thread-spawn` and its shared
    // memories; its threads then run with the same linker.
    let _threads = if Threads::wanted_by(&module) {
        let threads = Threads::define(&mut linker, &module, wasi, settings, &module_name)?;
        threads.finish(linker.clone(), module.clone());
        Some(threads)
    } else {
        None
    };

    let outcome = match linker.instantiate(&mut store, &module) {
        Ok(instance) => match &run.invoke {
            Some(name) => invoke(&mut store, instance, name, &run.args, &module_name)?,
            None => {
                let start = instance.get_func(&mut store, "_start").ok_or_else(|| {
                    WasmExecError::Engine(format!(
                        "{module_name} exports no `_start` function: it is not a WASI command \
                         (use --invoke to call another export)"
                    ))
                })?;
                start.call(&mut store, &[], &mut [])
            }
        },
        // Refused before anything ran (a resource limit such as --max-memory, a host error):
        // the module could not be started. A trapping start function is a run that trapped.
        Err(e)
            if e.as_trap().is_none()
                && e.as_exception().is_none()
                && e.downcast_ref::<I32Exit>().is_none()
                && e.downcast_ref::<SignalExit>().is_none() =>
        {
            return Err(WasmExecError::Engine(format!(
                "cannot instantiate {module_name}: {e}"
            )));
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Ok(0),
        Err(e) => exit_status(e, &module_name),
    }
}

/// A thread that advances the engine's epoch once `limit` has passed, unless dropped first.
struct Watchdog {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(engine: &Engine, limit: Duration) -> Watchdog {
        let (stop, stopped) = mpsc::channel::<()>();
        let engine = engine.clone();
        let thread = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(limit) {
                engine.increment_epoch();
            }
        });
        Watchdog {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Turns how the guest stopped into an exit status, printing traps and signals to stderr.
pub(crate) fn exit_status(e: kestrel::Error, module_name: &str) -> Result<i32, WasmExecError> {
    if let Some(exit) = e.downcast_ref::<I32Exit>() {
        return Ok(exit.0);
    }
    if let Some(signal) = e.downcast_ref::<SignalExit>() {
        eprintln!("Error: {module_name}: {signal}");
        return Ok(signal.exit_status());
    }
    if let Some(trap) = e.as_trap() {
        eprintln!("Error: failed to run main module `{module_name}`\n\nCaused by:\n    {trap}");
        return Ok(EXIT_TRAP);
    }
    match e {
        kestrel::Error::Compile(_) | kestrel::Error::Link(_) => Err(WasmExecError::Engine(
            format!("cannot instantiate {module_name}: {e}"),
        )),
        other => {
            eprintln!(
                "Error: failed to run main module `{module_name}`\n\nCaused by:\n    {other}"
            );
            Ok(EXIT_TRAP)
        }
    }
}

fn build_wasi(run: &WasmRun, tcp_listen: &[String]) -> Result<WasiCtx, WasmExecError> {
    let setup = |e: kestrel_wasi::BuildError| WasmExecError::Engine(e.to_string());
    let mut b = WasiCtxBuilder::new();
    b.inherit_stdio();
    b.args(&run.args);
    for (k, v) in &run.env {
        b.env(k, v);
    }
    for addr in tcp_listen {
        b.tcp_listen(addr).map_err(setup)?;
    }
    for range in &run.allow_net {
        let range = IpRange::parse(range).map_err(|e| WasmExecError::Engine(e.to_string()))?;
        b.allow_network(range);
    }
    for (host, guest, read_only) in &run.preopens {
        b.preopened_dir(host, guest.as_str(), *read_only)
            .map_err(setup)?;
    }
    if let Some(cwd) = &run.cwd {
        if let Some((host, read_only)) = host_dir_of(&run.preopens, cwd) {
            b.preopened_dir(&host, ".", read_only).map_err(setup)?;
        }
        if !run.env.iter().any(|(k, _)| k == "PWD") {
            b.env("PWD", cwd);
        }
    }
    b.build().map_err(setup)
}

/// The host directory behind guest path `guest` (through the preopen with the longest
/// matching guest path), for the guest's working directory.
fn host_dir_of(preopens: &[(PathBuf, String, bool)], guest: &str) -> Option<(PathBuf, bool)> {
    let guest = Path::new(guest);
    preopens
        .iter()
        .filter_map(|(host, g, ro)| {
            let rest = guest.strip_prefix(Path::new(g)).ok()?;
            Some((g.len(), host.join(rest), *ro))
        })
        .max_by_key(|(len, _, _)| *len)
        .map(|(_, host, ro)| (host, ro))
}

/// `--invoke NAME ARGS...`: runs `_initialize` if the module has one, then calls `NAME` with
/// the arguments parsed to its parameter types, and prints each result on its own line.
fn invoke(
    store: &mut Store<RunState>,
    instance: kestrel::Instance,
    name: &str,
    args: &[String],
    module_name: &str,
) -> Result<Result<(), kestrel::Error>, WasmExecError> {
    if let Some(init) = instance.get_func(&mut *store, "_initialize")
        && let Err(e) = init.call(&mut *store, &[], &mut [])
    {
        return Ok(Err(e));
    }
    let func = instance.get_func(&mut *store, name).ok_or_else(|| {
        WasmExecError::Engine(format!("{module_name} exports no function named `{name}`"))
    })?;
    let ty = func.ty(&*store);
    let given = args.get(1..).unwrap_or(&[]);
    if given.len() != ty.params().len() {
        return Err(WasmExecError::Engine(format!(
            "`{name}` takes {} argument(s), {} given",
            ty.params().len(),
            given.len()
        )));
    }
    let params = ty
        .params()
        .iter()
        .zip(given)
        .map(|(t, a)| parse_val(t, a))
        .collect::<Result<Vec<_>, _>>()?;
    let mut results: Vec<Val> = ty.results().iter().map(|_| Val::I32(0)).collect();
    if let Err(e) = func.call(&mut *store, &params, &mut results) {
        return Ok(Err(e));
    }
    for r in &results {
        println!("{}", format_val(r));
    }
    Ok(Ok(()))
}

fn parse_val(ty: &ValType, text: &str) -> Result<Val, WasmExecError> {
    let bad = || WasmExecError::Engine(format!("cannot parse {text:?} as {ty:?}"));
    Ok(match ty {
        ValType::I32 => Val::I32(
            text.parse::<i32>()
                .or_else(|_| text.parse::<u32>().map(|u| u as i32))
                .map_err(|_| bad())?,
        ),
        ValType::I64 => Val::I64(
            text.parse::<i64>()
                .or_else(|_| text.parse::<u64>().map(|u| u as i64))
                .map_err(|_| bad())?,
        ),
        ValType::F32 => Val::F32(text.parse::<f32>().map_err(|_| bad())?.to_bits()),
        ValType::F64 => Val::F64(text.parse::<f64>().map_err(|_| bad())?.to_bits()),
        // A v128 as one 128-bit integer (lane 0 in the low bits), decimal or `0x` hex.
        ValType::V128 => {
            let bits = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
                Some(hex) => u128::from_str_radix(&hex.replace('_', ""), 16),
                None => text.parse::<u128>(),
            };
            Val::V128(V128::from(bits.map_err(|_| bad())?))
        }
        _ => {
            return Err(WasmExecError::Engine(format!(
                "--invoke cannot pass a {ty:?} argument from the command line"
            )));
        }
    })
}

fn format_val(v: &Val) -> String {
    match v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(bits) => f32::from_bits(*bits).to_string(),
        Val::F64(bits) => f64::from_bits(*bits).to_string(),
        Val::V128(v) => format!("{:#034x}", v.as_u128()),
        Val::FuncRef(f) => if f.is_some() { "funcref" } else { "null" }.to_string(),
        Val::ExternRef(r) => if r.is_some() { "externref" } else { "null" }.to_string(),
        Val::ExnRef(r) => if r.is_some() { "exnref" } else { "null" }.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cwd_maps_through_the_longest_preopen() {
        let preopens = vec![
            (PathBuf::from("/rootfs"), "/".to_string(), false),
            (PathBuf::from("/data"), "/srv/data".to_string(), true),
        ];
        assert_eq!(
            host_dir_of(&preopens, "/srv/data/x"),
            Some((PathBuf::from("/data/x"), true))
        );
        assert_eq!(
            host_dir_of(&preopens, "/app"),
            Some((PathBuf::from("/rootfs/app"), false))
        );
        assert_eq!(host_dir_of(&preopens[1..], "/app"), None);
    }

    #[test]
    fn invoke_arguments_parse_to_parameter_types() {
        assert_eq!(parse_val(&ValType::I32, "-5").unwrap().i32(), Some(-5));
        assert_eq!(
            parse_val(&ValType::I32, "4294967295").unwrap().i32(),
            Some(-1)
        );
        assert_eq!(parse_val(&ValType::I64, "7").unwrap().i64(), Some(7));
        assert!(parse_val(&ValType::I32, "x").is_err());
        assert_eq!(format_val(&Val::F64(2.5f64.to_bits())), "2.5");
        let v = parse_val(&ValType::V128, "0x0102_0304").unwrap();
        assert_eq!(v.v128().map(V128::as_u128), Some(0x0102_0304));
        assert_eq!(
            parse_val(&ValType::V128, "5").unwrap().v128(),
            Some(V128::from(5))
        );
        assert!(parse_val(&ValType::V128, "0xg").is_err());
        assert_eq!(
            format_val(&Val::V128(V128::from(0xab))),
            "0x000000000000000000000000000000ab"
        );
    }
}
