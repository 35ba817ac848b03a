//! `delete [--force] ID`: remove a container's cgroup and state. A stopped or merely created
//! container is deleted at once (a created one is killed first, as runc does); a running or
//! paused one needs `--force`, which kills every process and waits for them. `delete --force`
//! of an unknown ID succeeds.

use std::time::{Duration, Instant};

use super::Context;
use crate::cli::DeleteArgs;
use crate::error::{Result, RunnerError};
use crate::process::hooks::HookPoint;
use crate::signal;
use crate::state::Location;
use crate::state::container::Container;
use crate::state::status::Status;

/// How long `delete` waits for killed processes to die.
const KILL_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs `delete`.
pub fn run(ctx: &Context, args: &DeleteArgs) -> Result<i32> {
    let located = match ctx.root.locate(&args.id) {
        // A state directory that cannot be read (corrupt or half-written state.json) is cleared
        // by --force, so a broken container can always be removed.
        Err(e @ (RunnerError::Json { .. } | RunnerError::Io { .. })) if args.force => {
            crate::logging::warn(&format!("container {}: {e}; removing its state", args.id));
            let dir = ctx.root.container_dir(&args.id);
            std::fs::remove_dir_all(&dir)
                .map_err(|e| RunnerError::io(format!("remove {}", dir.display()), e))?;
            return Ok(0);
        }
        other => other?,
    };
    let c = match located {
        Location::Kestrel(c) => *c,
        Location::Runc => return Err(ctx.delegate()),
        Location::Missing if args.force => {
            // runc also clears a half-made directory (no state.json) here.
            let _ = std::fs::remove_dir_all(ctx.root.container_dir(&args.id));
            return Ok(0);
        }
        Location::Missing => return Err(RunnerError::NotFound(args.id.clone())),
    };
    match c.status() {
        Status::Stopped => {}
        Status::Created => kill_all(&c)?,
        _ if args.force => kill_all(&c)?,
        status => {
            return Err(RunnerError::WrongStatus {
                id: args.id.clone(),
                action: "delete",
                status: format!("{status} (use --force)"),
            });
        }
    }
    destroy(&c)?;
    Ok(0)
}

/// SIGKILLs every process of the container (thawing it if frozen) and waits until they are gone.
pub fn kill_all(c: &Container) -> Result<()> {
    for pid in c.live_pids() {
        signal::send(pid, libc::SIGKILL)?;
    }
    let cgroup = c.cgroup();
    if cgroup.is_frozen() {
        let _ = cgroup.set_frozen(false);
    }
    for pid in c.live_pids() {
        let _ = signal::send(pid, libc::SIGCONT);
    }
    let deadline = Instant::now() + KILL_TIMEOUT;
    while !c.live_pids().is_empty() {
        if Instant::now() > deadline {
            return Err(RunnerError::io(
                format!("processes of container {} did not die", c.state.id),
                std::io::Error::from(std::io::ErrorKind::TimedOut),
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(())
}

/// Removes the cgroup and the state directory of a container whose processes are gone, then
/// runs its poststop hooks.
pub fn destroy(c: &Container) -> Result<()> {
    c.cgroup().remove()?;
    std::fs::remove_dir_all(&c.dir)
        .map_err(|e| RunnerError::io(format!("remove {}", c.dir.display()), e))?;
    c.run_hooks_warning(HookPoint::Poststop, "stopped");
    Ok(())
}
