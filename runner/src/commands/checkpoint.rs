//! `checkpoint` and `restore`: CRIU checkpointing. runc does it for native containers, so those
//! calls are handed to runc; a wasm container cannot be checkpointed, which is said plainly.

use super::Context;
use crate::bundle::Bundle;
use crate::bundle::workload::{Workload, classify};
use crate::cli::PassThroughArgs;
use crate::error::{Result, RunnerError};

/// The container ID of a pass-through command line: its last argument.
fn id_of(args: &PassThroughArgs) -> Result<&str> {
    args.args
        .last()
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .ok_or_else(|| RunnerError::Usage("a container ID is required".into()))
}

/// Runs `checkpoint`.
pub fn checkpoint(ctx: &Context, args: &PassThroughArgs) -> Result<i32> {
    let id = id_of(args)?;
    ctx.container(id)?;
    Err(RunnerError::Unsupported(format!(
        "checkpoint is not supported for wasm container \"{id}\""
    )))
}

/// Runs `restore`: the bundle (`--bundle`/`-b`, default `.`) says whether runc can do it.
pub fn restore(ctx: &Context, args: &PassThroughArgs) -> Result<i32> {
    let id = id_of(args)?.to_string();
    crate::state::container_id::validate(&id)?;
    let mut bundle = std::path::PathBuf::from(".");
    let mut it = args.args.iter();
    while let Some(a) = it.next() {
        if let Some(b) = a.strip_prefix("--bundle=") {
            bundle = b.into();
        } else if a == "--bundle" || a == "-b" {
            bundle = it.next().cloned().unwrap_or_default().into();
        }
    }
    match classify(&Bundle::load(&bundle)?)? {
        Workload::Native => Err(ctx.delegate()),
        Workload::Wasm { .. } => Err(RunnerError::Unsupported(format!(
            "restore is not supported for wasm container \"{id}\": wasm containers cannot be checkpointed"
        ))),
    }
}
