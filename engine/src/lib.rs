//! Kestrel: a WebAssembly engine with a register-based interpreter.
//!
//! The embedding API follows wasmtime's shape: compile a [`Module`] with an [`Engine`], create a
//! [`Store`] for your data, define host functions in a [`Linker`], instantiate, call.
//!
//! ```
//! use kestrel::{Engine, Linker, Module, Store};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"
//!     (module
//!       (func $fib (export "fib") (param i32) (result i32)
//!         (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
//!           (then (local.get 0))
//!           (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
//!                          (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
//! "#)?;
//! let mut store = Store::new(&engine, ());
//! let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
//! let fib = instance.get_typed_func::<i32, i32>(&mut store, "fib")?;
//! assert_eq!(fib.call(&mut store, 20)?, 6765);
//! # Ok::<(), kestrel::Error>(())
//! ```
#![warn(missing_docs)]

mod api;
mod engine;
mod error;
mod interp;
mod ir;
#[cfg(kestrel_jit)]
mod jit;
mod module;
mod runtime;
// Used by the interpreter once SIMD is wired.
#[allow(dead_code)]
pub(crate) mod simd;
mod translate;
mod type_registry;
mod validate;
mod value;

pub use api::exception::{Exception, ExnRef, Tag, TagType};
pub use api::externals::{Extern, Global, Memory, MemoryAccessError, Table};
pub use api::func::{Func, TypedFunc};
pub use api::instance::Instance;
pub use api::linker::Linker;
pub use api::module::{ExportType, ExternType, ImportType, Module};
pub use api::shared_memory::SharedMemory;
pub use api::typed::{IntoFunc, WasmParams, WasmResults, WasmRet, WasmTy};
pub use api::val::{ExternRef, V128, Val};
pub use engine::{CompilationMode, Config, Engine, Strategy};
pub use error::{CompileError, CompileErrorKind, Error, FrameInfo, Trap, TrapCode};
pub use interp::dispatch;
pub use runtime::context::{AsContext, AsContextMut, Caller, StoreContext, StoreContextMut};
pub use runtime::limits::{ResourceLimiter, StoreLimits, StoreLimitsBuilder};
pub use runtime::store::Store;
pub use value::{
    FuncType, GlobalType, HeapType, Limits, MemoryType, Mutability, RefType, TableType, TypeIndex,
    ValType,
};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
