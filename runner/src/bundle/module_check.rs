//! Checking, before a container is reported created, that its module is one the engine accepts
//! (well-formed and valid), so a broken module fails `create` with the engine's message (what
//! `kubectl describe` then shows) instead of a container that starts and dies, just as runc
//! fails `create` for a missing executable.

use std::path::Path;

use crate::error::{Result, RunnerError};

/// Compiles (validates) the module at `path` and drops it.
pub fn check(path: &Path) -> Result<()> {
    let bytes = std::fs::read(path)
        .map_err(|e| RunnerError::io(format!("read wasm module {}", path.display()), e))?;
    kestrel::Module::new(&kestrel::Engine::default(), &bytes).map_err(|e| {
        RunnerError::Unsupported(format!("wasm module {} is not valid: {e}", path.display()))
    })?;
    Ok(())
}
