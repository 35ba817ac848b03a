//! The embedding API: what embedders use (`Module`, `Func`, `Linker`, `Instance`, ...), built
//! on the runtime's entities.
pub mod exception;
pub mod externals;
pub mod func;
pub mod instance;
pub mod linker;
pub mod module;
pub mod shared_memory;
pub mod typed;
pub mod val;
