//! `kill ID [SIGNAL] [--all]`: signal the init (or every process of the container). As runc,
//! `kill --all` on a stopped container succeeds (containerd's CRI stop sends it after the exit).

use super::Context;
use crate::cli::KillArgs;
use crate::error::{Result, RunnerError};
use crate::signal;
use crate::state::status::Status;

/// Runs `kill`.
pub fn run(ctx: &Context, args: &KillArgs) -> Result<i32> {
    let sig = signal::parse(&args.signal)?;
    let c = ctx.container(&args.id)?;
    let status = c.status();
    if status == Status::Stopped {
        if args.all {
            return Ok(0);
        }
        return Err(RunnerError::WrongStatus {
            id: args.id.clone(),
            action: "signal",
            status: "not running".into(),
        });
    }
    if args.all {
        for pid in c.live_pids() {
            signal::send(pid, sig)?;
        }
    } else {
        signal::send(c.state.pid, sig)?;
    }
    // A frozen process only acts on SIGKILL once thawed.
    if sig == libc::SIGKILL && status == Status::Paused {
        let _ = c.cgroup().set_frozen(false);
        for pid in c.live_pids() {
            let _ = signal::send(pid, libc::SIGCONT);
        }
    }
    Ok(0)
}
