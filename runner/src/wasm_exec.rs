//! The boundary between the OCI runtime and the wasm engine: run one WASI module to completion in
//! this process and return its exit code.
//!
//! The container init, `kestrel exec` into a wasm container and `kestrel wasm` all come through
//! [`run_wasm`], so the OCI side never touches the engine or WASI directly. The process's own
//! stdin/stdout/stderr are the module's (the runtime has already arranged pipes or a pty there).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

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
    /// Fuel budget: the run traps with "out of fuel" once it is spent.
    pub fuel: Option<u64>,
    /// Export to call in place of `_start`.
    pub invoke: Option<String>,
}

/// Why a module could not be run to completion.
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
    /// Compiling, linking or running failed (a malformed module, an unknown import, a trap).
    #[error("{0}")]
    #[allow(dead_code)] // built by the engine-backed implementation
    Engine(String),
    /// This build cannot run wasm yet.
    #[error("cannot run wasm module {0}: this kestrel build has no wasm engine linked in yet")]
    Unavailable(PathBuf),
}

/// Runs `run.module` as a WASI command and returns its exit code (0 when `_start` returns).
pub fn run_wasm(run: &WasmRun) -> Result<i32, WasmExecError> {
    std::fs::metadata(&run.module).map_err(|source| WasmExecError::Read {
        path: run.module.clone(),
        source,
    })?;
    Err(WasmExecError::Unavailable(run.module.clone()))
}
