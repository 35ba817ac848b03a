//! `pause` / `resume`: freeze or thaw every process of a running container with its cgroup's
//! freezer (libcontainer).

use super::{Context, refused};
use crate::error::Result;

/// Runs `pause`.
pub fn pause(ctx: &Context, id: &str) -> Result<i32> {
    let mut c = ctx.container(id)?;
    c.pause().map_err(|e| refused(id, "pause", e))?;
    Ok(0)
}

/// Runs `resume`.
pub fn resume(ctx: &Context, id: &str) -> Result<i32> {
    let mut c = ctx.container(id)?;
    c.resume().map_err(|e| refused(id, "resume", e))?;
    Ok(0)
}
