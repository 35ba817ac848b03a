//! [`WasiCtx`]: everything one WASI program sees of the outside world.

use super::{RandomSource, WasiClocks};
use crate::fd::FdTable;

/// The WASI state of one instance: args, environment, descriptors, clocks and randomness.
/// Built with [`super::WasiCtxBuilder`]; owned by the store's data.
pub struct WasiCtx {
    pub(crate) args: Vec<Vec<u8>>,
    pub(crate) env: Vec<Vec<u8>>,
    pub(crate) table: FdTable,
    pub(crate) clocks: Box<dyn WasiClocks>,
    pub(crate) random: Box<dyn RandomSource>,
    /// Where the guest's own sockets may go (WasmEdge's socket extension).
    pub(crate) network: super::NetworkPolicy,
    /// Inherited host streams and their status flags when the guest got them: the guest may
    /// set `O_NONBLOCK` or `O_APPEND` on them, which the host shares (a terminal left
    /// non-blocking breaks the shell), so they are put back when the context is dropped.
    pub(crate) restore_flags: Vec<(std::os::fd::OwnedFd, rustix::fs::OFlags)>,
}

impl Drop for WasiCtx {
    fn drop(&mut self) {
        for (fd, flags) in &self.restore_flags {
            // Best effort: the stream may be gone already.
            let _ = rustix::fs::fcntl_setfl(fd, *flags);
        }
    }
}

impl WasiCtx {
    /// The guest's argument list (argv\[0\] first).
    pub fn args(&self) -> &[Vec<u8>] {
        &self.args
    }

    /// The guest's environment as `KEY=VALUE` entries.
    pub fn env(&self) -> &[Vec<u8>] {
        &self.env
    }
}

impl std::fmt::Debug for WasiCtx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasiCtx")
            .field("args", &self.args.len())
            .field("env", &self.env.len())
            .field("table", &self.table)
            .finish_non_exhaustive()
    }
}
