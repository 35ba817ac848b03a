//! Decoding a module binary into [`ModuleInfo`].
pub mod decode;
pub mod info;
pub use info::*;
