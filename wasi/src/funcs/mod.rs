//! The 46 functions of `wasi_snapshot_preview1`, engine-independent: each takes the
//! [`WasiCtx`](crate::WasiCtx), the guest memory and the raw arguments, and returns
//! `Ok(())` or the errno. [`add_to_linker`](crate::add_to_linker) binds them to a `kestrel::Linker`.
//!
//! Grouped by subject: arguments and environment, clocks, randomness, process, descriptor
//! state, descriptor I/O, directory listing, paths, `path_open`, polling and sockets.

pub mod args_env;
pub mod clock;
pub mod fd_io;
pub mod fd_readdir;
pub mod fd_state;
pub mod path;
pub mod path_open;
pub mod poll;
pub mod proc;
pub mod random;
pub mod sock;
pub mod wasmedge_sock;

/// The result of a WASI function: success, or the errno the guest sees.
pub type WasiResult = Result<(), crate::abi::Errno>;
