//! The runtime: the store and the entities it owns (memories, tables, globals, functions,
//! instances, segments), resource limits, and the hooks the interpreter calls for what is not
//! pure computation (host calls, growing memories and tables).
pub mod context;
pub mod exception;
pub mod func;
pub mod global;
pub mod instance;
pub mod limits;
pub mod memory;
pub mod segment;
pub mod shared_memory;
pub mod store;
pub mod table;

pub(crate) mod exec_hooks;
pub(crate) mod instantiate;
pub(crate) mod parking_spot;
pub(crate) mod racy;
