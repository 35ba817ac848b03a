//! WASI preview1 (`wasi_snapshot_preview1`) for Kestrel: all 46 functions, capability-sandboxed.
//!
//! - [`WasiCtxBuilder`] builds a [`WasiCtx`]: args, environment, preopened directories
//!   (optionally read-only) and TCP listeners, stdio (inherited, null, in-memory pipes, or
//!   host descriptors the embedder hands over), and injectable clocks and randomness.
//! - [`add_to_linker`] defines every function in a `kestrel::Linker`; the store's data gives
//!   access to the context through a closure. It also defines WasmEdge's socket extension
//!   ([`funcs::wasmedge_sock`]), whose sockets go only where the context's [`NetworkPolicy`]
//!   allows (nowhere unless [`WasiCtxBuilder::allow_network`] grants ranges).
//! - [`add_to_linker_shared`] does the same for a context shared by the threads of a
//!   `wasm32-wasip1-threads` program, each with a store of its own, behind a mutex. The guest
//!   memory may be shared in either case; a shared one is accessed by copies.
//! - `proc_exit` ends the call with an [`I32Exit`] error carrying the status;
//!   a terminating `proc_raise` with a [`SignalExit`]. The library never exits the host.
//!
//! Layout: [`abi`] is the preview1 vocabulary, [`memory`] the checked guest-memory access,
//! [`sandbox`] path resolution beneath a directory, [`fd`] the descriptor table, [`ctx`] the
//! state and its builder, [`funcs`] the functions (engine-independent, unit-testable), and
//! `linker` their binding to the engine.
#![warn(missing_docs)]

pub mod abi;
pub mod ctx;
mod exit;
pub mod fd;
pub mod funcs;
mod linker;
pub mod memory;
pub mod sandbox;

pub use ctx::{
    BuildError, HostClocks, HostRandom, IpRange, NetworkPolicy, RandomSource, ReadPipe, WasiClocks,
    WasiCtx, WasiCtxBuilder, WritePipe,
};
pub use exit::{I32Exit, SignalExit};
pub use linker::{MODULE, add_to_linker, add_to_linker_shared};
