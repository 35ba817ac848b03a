//! The runner's error type: every failure a user of the `kestrel` OCI runtime can hit, each with
//! a message that says what went wrong and, where it helps, what to do about it. `main` writes the
//! message as the last `{"level":"error"}` line of `--log` (containerd's shim reports that line)
//! and exits non-zero, as runc does.

use std::io;
use std::path::PathBuf;

/// A failure of a `kestrel` command.
#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    /// No container with this ID is known, neither ours nor delegated to runc.
    #[error("container \"{0}\" does not exist")]
    NotFound(String),
    /// `create`/`run` with an ID that is already taken.
    #[error("container with id exists: {0}")]
    AlreadyExists(String),
    /// The container ID is not acceptable (empty, a path, odd characters).
    #[error("invalid container id \"{id}\": {reason}")]
    InvalidId {
        /// The rejected ID.
        id: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// The command does not fit the container's current status.
    #[error("cannot {action} container \"{id}\": it is {status}")]
    WrongStatus {
        /// The container.
        id: String,
        /// What was asked (e.g. "start").
        action: &'static str,
        /// Its status (e.g. "stopped").
        status: String,
    },
    /// The bundle (config.json, rootfs) is missing or broken.
    #[error("bundle {path}: {message}")]
    Bundle {
        /// The bundle directory or the file in it.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A request that cannot be served for a wasm container (e.g. a native exec).
    #[error("{0}")]
    Unsupported(String),
    /// Bad command-line input that clap cannot catch (a signal name, a resources file).
    #[error("{0}")]
    Usage(String),
    /// An operating-system call failed; `context` says what we were doing.
    #[error("{context}: {source}")]
    Io {
        /// What we were doing, e.g. "write pid file /run/x/init.pid".
        context: String,
        /// The OS error.
        source: io::Error,
    },
    /// libcontainer refused or failed a step of building, starting, signalling or removing a
    /// container; the text names the container and the step, then the causes.
    #[error("{0}")]
    Container(String),
    /// runc, to which native containers are handed, could not be run.
    #[error("cannot run {runtime} for native container: {message}")]
    Delegate {
        /// The runc binary we tried.
        runtime: String,
        /// What went wrong.
        message: String,
    },
    /// A JSON document (state file, process file, resources) could not be read or written.
    #[error("{context}: {source}")]
    Json {
        /// What document, where.
        context: String,
        /// The serde error.
        source: serde_json::Error,
    },
}

impl RunnerError {
    /// Wraps an OS error with what we were doing.
    pub fn io(context: impl Into<String>, source: impl Into<io::Error>) -> Self {
        RunnerError::Io {
            context: context.into(),
            source: source.into(),
        }
    }

    /// Wraps a JSON error with which document it was about.
    pub fn json(context: impl Into<String>, source: serde_json::Error) -> Self {
        RunnerError::Json {
            context: context.into(),
            source,
        }
    }
}

/// Result of a runner operation.
pub type Result<T, E = RunnerError> = std::result::Result<T, E>;
