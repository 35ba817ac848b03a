//! One file per subcommand. Every command that names a container first asks the state root who
//! owns the ID: kestrel's own (wasm) containers are handled here, runc's are passed to runc
//! unchanged ([`crate::delegate`]), unknown IDs are an error (except `delete --force`, which
//! succeeds, as in runc).

pub mod checkpoint;
pub mod create;
pub mod delete;
pub mod events;
pub mod exec;
pub mod features;
pub mod kill;
pub mod list;
pub mod pause;
pub mod ps;
pub mod run;
pub mod spec;
pub mod start;
pub mod state;
pub mod update;

use std::ffi::OsString;

use crate::cli::GlobalArgs;
use crate::container::{describe, oci_state};
use crate::error::{Result, RunnerError};
use crate::state::{Location, StateRoot};
use libcontainer::container::Container;
use libcontainer::error::LibcontainerError;

/// What every command gets: the global flags, the state root, and the raw argv (for handing a
/// call to runc unchanged).
pub struct Context {
    /// Global flags.
    pub global: GlobalArgs,
    /// The state root.
    pub root: StateRoot,
    /// The command line as received.
    pub argv: Vec<OsString>,
}

impl Context {
    /// Replaces this process with runc for a native container; returns only on failure.
    pub fn delegate(&self) -> RunnerError {
        crate::delegate::exec_runc(&self.global, &self.root.runc_root(), &self.argv)
    }

    /// The kestrel container `id`; runc's containers are delegated (this call then does not
    /// return), unknown IDs are [`RunnerError::NotFound`].
    pub fn container(&self, id: &str) -> Result<Container> {
        match self.root.locate(id)? {
            Location::Kestrel(c) => Ok(*c),
            Location::Runc => Err(self.delegate()),
            Location::Missing => Err(RunnerError::NotFound(id.to_string())),
        }
    }
}

/// A failure of `step` ("start", "kill" ...) on container `id`, as one line with its causes.
pub fn failed(id: &str, step: &str, error: &dyn std::error::Error) -> RunnerError {
    RunnerError::Container(format!("{step} container {id}: {}", describe(error)))
}

/// A libcontainer failure of `action` on container `id`: a refusal because of the container's
/// status in runc's words ("cannot start container "k": it is stopped"), anything else as
/// [`failed`].
pub fn refused(id: &str, action: &'static str, error: LibcontainerError) -> RunnerError {
    match error {
        LibcontainerError::IncorrectStatus(status) => {
            let mut status = oci_state::status_name(status).to_string();
            if action == "delete" {
                status.push_str(" (use --force)");
            }
            RunnerError::WrongStatus {
                id: id.to_string(),
                action,
                status,
            }
        }
        other => failed(id, action, &other),
    }
}
