//! `pause` / `resume`: freeze or thaw every process of a running container with the cgroup
//! freezer; where no freezer is mounted, SIGSTOP/SIGCONT them and remember it in the state.

use super::Context;
use crate::error::{Result, RunnerError};
use crate::signal;
use crate::state::status::Status;

/// Runs `pause`.
pub fn pause(ctx: &Context, id: &str) -> Result<i32> {
    let mut c = ctx.container(id)?;
    let status = c.status();
    if status != Status::Running {
        return Err(RunnerError::WrongStatus {
            id: id.into(),
            action: "pause",
            status: status.to_string(),
        });
    }
    if !c.cgroup().set_frozen(true)? {
        for pid in c.live_pids() {
            signal::send(pid, libc::SIGSTOP)?;
        }
        c.state.paused_by_signal = true;
        c.save()?;
    }
    Ok(0)
}

/// Runs `resume`.
pub fn resume(ctx: &Context, id: &str) -> Result<i32> {
    let mut c = ctx.container(id)?;
    let status = c.status();
    if status != Status::Paused {
        return Err(RunnerError::WrongStatus {
            id: id.into(),
            action: "resume",
            status: status.to_string(),
        });
    }
    if c.state.paused_by_signal {
        for pid in c.live_pids() {
            signal::send(pid, libc::SIGCONT)?;
        }
        c.state.paused_by_signal = false;
        c.save()?;
    } else {
        c.cgroup().set_frozen(false)?;
    }
    Ok(0)
}
