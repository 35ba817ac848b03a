//! The OCI command line of 32-bit builds (armv7): youki's libcontainer 0.7, which builds
//! Kestrel's containers, does not compile for 32-bit targets (it assumes a 64-bit `rlim_t`), so
//! every container command fails with the reason; `kestrel wasm` is the whole of these builds.

use std::ffi::OsString;

use crate::cli::Cli;
use crate::error::{Result, RunnerError};

/// Refuses the command, naming why.
pub fn run_oci(_cli: &Cli, _argv: Vec<OsString>) -> Result<i32> {
    Err(RunnerError::Unsupported(format!(
        "the OCI runtime is not available in this build ({}, 32-bit): youki's libcontainer, \
         which builds kestrel's containers, supports 64-bit targets only; `kestrel wasm` runs \
         modules directly",
        std::env::consts::ARCH
    )))
}
