//! Modules from bytes: decoding into [`ModuleInfo`] and the shared compiled form
//! [`ModuleInner`].
pub mod decode;
pub mod info;
pub mod inner;
pub use info::*;
pub use inner::ModuleInner;
