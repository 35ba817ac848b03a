//! `run`: `create` + `start`; without `--detach`, forward signals to the container, wait for it
//! to exit, delete it (unless `--keep`) and exit with its exit code (128 + signal when killed by
//! a signal).

use std::os::unix::process::ExitStatusExt;

use super::{Context, create, delete};
use crate::cli::RunArgs;
use crate::error::{Result, RunnerError};
use crate::process::hooks::HookPoint;
use crate::process::{exec_fifo, signal_forward};

/// Runs `run`.
pub fn run(ctx: &Context, args: &RunArgs) -> Result<i32> {
    let (container, mut child) = create::create(ctx, &args.create)?;
    if let Err(e) = exec_fifo::release(
        &container.fifo(),
        container.state.pid,
        container.state.pid_start_time,
    ) {
        let _ = delete::kill_all(&container);
        let _ = child.wait();
        let _ = delete::destroy(&container);
        return Err(e);
    }
    container.run_hooks_warning(HookPoint::Poststart, "running");
    if args.detach {
        return Ok(0);
    }
    signal_forward::forward_to(container.state.pid);
    let status = child
        .wait()
        .map_err(|e| RunnerError::io("wait for the container", e))?;
    let code = status
        .code()
        .or_else(|| status.signal().map(|s| 128 + s))
        .unwrap_or(1);
    if !args.keep {
        delete::kill_all(&container)?;
        delete::destroy(&container)?;
    }
    Ok(code)
}
