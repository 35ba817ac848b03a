//! `start`: let a created container's init run its module (libcontainer wakes it through the
//! notify socket; poststart hooks follow).

use super::{Context, refused};
use crate::error::Result;

/// Runs `start`.
pub fn run(ctx: &Context, id: &str) -> Result<i32> {
    let mut c = ctx.container(id)?;
    c.start().map_err(|e| refused(id, "start", e))?;
    Ok(0)
}
