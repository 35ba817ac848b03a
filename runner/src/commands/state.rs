//! `state ID`: the container's state document, as runc prints it
//! ([`crate::container::oci_state`]).

use super::Context;
use crate::container::oci_state;
use crate::error::Result;

/// Runs `state`.
pub fn run(ctx: &Context, id: &str) -> Result<i32> {
    let c = ctx.container(id)?;
    let text = serde_json::to_string_pretty(&oci_state::document(&c))
        .map_err(|e| crate::error::RunnerError::json("serialize state", e))?;
    println!("{text}");
    Ok(0)
}
