//! Modules from bytes: decoding into [`ModuleInfo`] and the shared compiled form
//! [`ModuleInner`].
pub mod body_workers;
mod const_expr;
pub mod decode;
pub mod info;
pub mod inner;
mod memory_type;
mod name_section;
pub(crate) mod source_format;
pub use info::*;
pub use inner::ModuleInner;
#[cfg(test)]
mod decode_tests;
