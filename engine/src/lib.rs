//! Kestrel: a WebAssembly engine with a register-based interpreter.
#![warn(missing_docs)]

mod error;
pub mod module;
mod validate;
mod value;

pub use error::{CompileError, CompileErrorKind, Error, FrameInfo, Trap, TrapCode};
pub use value::{
    FuncType, GlobalType, Limits, MemoryType, Mutability, RefType, TableType, ValType,
};
