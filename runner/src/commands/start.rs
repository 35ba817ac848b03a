//! `start`: release a created container's init from the exec FIFO; it then runs the module.

use super::Context;
use crate::error::{Result, RunnerError};
use crate::process::exec_fifo;
use crate::process::hooks::HookPoint;
use crate::state::status::Status;

/// Runs `start`.
pub fn run(ctx: &Context, id: &str) -> Result<i32> {
    let c = ctx.container(id)?;
    match c.status() {
        Status::Created => {
            exec_fifo::release(&c.fifo(), c.state.pid, c.state.pid_start_time)?;
            c.run_hooks_warning(HookPoint::Poststart, "running");
            Ok(0)
        }
        status => Err(RunnerError::WrongStatus {
            id: id.to_string(),
            action: "start",
            status: status.to_string(),
        }),
    }
}
