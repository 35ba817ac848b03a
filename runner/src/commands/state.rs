//! `state`: print the OCI state of a container (runc's shape: ociVersion, id, pid, status,
//! bundle, rootfs, created, owner, annotations).

use super::Context;
use crate::error::{Result, RunnerError};

/// Runs `state`.
pub fn run(ctx: &Context, id: &str) -> Result<i32> {
    let c = ctx.container(id)?;
    let text = serde_json::to_string_pretty(&c.oci_state())
        .map_err(|e| RunnerError::json("serialize state", e))?;
    println!("{text}");
    Ok(0)
}
