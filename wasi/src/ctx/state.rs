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
