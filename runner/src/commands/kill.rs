//! `kill ID [SIGNAL] [--all]`: signal the init (or every process of the container's cgroup).
//! As runc, `kill --all` on a stopped container succeeds (containerd's CRI stop sends it after
//! the exit), and SIGKILL to a paused container thaws it so the signal is acted on.

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
    c.kill(sig, args.all)
        .map_err(|e| refused(&args.id, "signal", e))?;
    Ok(0)
}
