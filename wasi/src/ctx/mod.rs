//! The per-instance WASI state ([`WasiCtx`]) and how embedders build it ([`WasiCtxBuilder`]).

mod builder;
mod clocks;
mod network;
mod pipe;
mod random;
mod state;

pub use builder::{BuildError, WasiCtxBuilder};
pub use clocks::{HostClocks, WasiClocks};
pub use network::{IpRange, NetworkPolicy, RangeError};
pub use pipe::{ReadPipe, WritePipe};
pub use random::{HostRandom, RandomSource};
pub use state::WasiCtx;
