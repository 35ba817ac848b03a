//! `run`: `create` + `start`; without `--detach`, forward signals to the container, wait for it
//! to exit, delete it (unless `--keep`) and exit with its exit code (128 + signal when killed by
//! a signal).

use super::{Context, create, failed};
use crate::cli::RunArgs;
use crate::container::foreground;
use crate::error::{Result, RunnerError};

/// Runs `run`.
pub fn run(ctx: &Context, args: &RunArgs) -> Result<i32> {
    let mut container = create::create(ctx, &args.create, args.detach)?;
    if let Err(e) = container.start() {
        let error = failed(&args.create.id, "start", &e);
        let _ = container.delete(true);
        return Err(error);
    }
    if args.detach {
        return Ok(0);
    }
    let pid = container
        .pid()
        .map(|p| p.as_raw())
        .ok_or_else(|| RunnerError::Container(format!("container {}: no pid", args.create.id)))?;
    foreground::forward_to(pid);
    let code = foreground::wait(pid).map_err(|e| RunnerError::io("wait for the container", e))?;
    if !args.keep {
        container
            .delete(true)
            .map_err(|e| failed(&args.create.id, "delete", &e))?;
    }
    Ok(code)
}
