//! `delete [--force] ID`: remove a container's cgroup and state and run its poststop hooks
//! (libcontainer). A stopped or merely created container is deleted at once; a running or
//! paused one needs `--force`, which kills every process first. `delete --force` of an unknown
//! ID succeeds, and clears a state directory whose state cannot be read, as runc does.

use super::{Context, refused};
use crate::cli::DeleteArgs;
use crate::error::{Result, RunnerError};
use crate::state::Location;

/// Runs `delete`.
pub fn run(ctx: &Context, args: &DeleteArgs) -> Result<i32> {
    let located = match ctx.root.locate(&args.id) {
        Err(e @ RunnerError::Container(_)) if args.force => {
            crate::logging::warn(&format!("{e}; removing its state"));
            let dir = ctx.root.container_dir(&args.id);
            std::fs::remove_dir_all(&dir)
                .map_err(|e| RunnerError::io(format!("remove {}", dir.display()), e))?;
            return Ok(0);
        }
        other => other?,
    };
    let mut c = match located {
        Location::Kestrel(c) => *c,
        Location::Runc => return Err(ctx.delegate()),
        Location::Missing if args.force => {
            // runc also clears a half-made directory (no state.json) here.
            let _ = std::fs::remove_dir_all(ctx.root.container_dir(&args.id));
            return Ok(0);
        }
        Location::Missing => return Err(RunnerError::NotFound(args.id.clone())),
    };
    c.delete(args.force)
        .map_err(|e| refused(&args.id, "delete", e))?;
    Ok(0)
}
