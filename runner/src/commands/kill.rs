//! `kill ID [SIGNAL] [--all]`: signal the init (or every process of the container's cgroup).
//! As runc, `kill --all` on a stopped container succeeds (containerd's CRI stop sends it after
//! the exit), and SIGKILL to a paused container thaws it so the signal is acted on. Signalling
//! a stopped container fails with runc's "container not running", which containerd's shim takes
//! for a process that already finished.

use libcontainer::container::ContainerStatus;
use libcontainer::error::LibcontainerError;
use libcontainer::signal::Signal;

use super::{Context, refused};
use crate::cli::KillArgs;
use crate::error::{Result, RunnerError};
use crate::signal;

/// Runs `kill`.
pub fn run(ctx: &Context, args: &KillArgs) -> Result<i32> {
    let number = signal::parse(&args.signal)?;
    let sig = Signal::try_from(number)
        .map_err(|e| RunnerError::Usage(format!("signal {}: {e}", args.signal)))?;
    let mut c = ctx.container(&args.id)?;
    c.kill(sig, args.all).map_err(|e| match e {
        // runc's words, which containerd's shim reads as "the process already finished".
        LibcontainerError::IncorrectStatus(ContainerStatus::Stopped) => {
            RunnerError::Container(format!(
                "cannot signal container \"{}\": container not running",
                args.id
            ))
        }
        e => refused(&args.id, "signal", e),
    })?;
    Ok(0)
}
