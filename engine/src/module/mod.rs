//! Decoding a module binary into [`ModuleInfo`].
mod const_expr;
pub mod decode;
pub mod info;
mod name_section;
pub use info::*;
#[cfg(test)]
mod decode_tests;
