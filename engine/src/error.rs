//! The engine's error types: compile errors (malformed, invalid, unsupported), link errors,
//! traps and errors raised by host functions.
//!
//! Every failure an embedder can cause is one of these values; the engine never panics on bad
//! input. A [`Trap`] is a value too: it carries its [`TrapCode`] and a wasm backtrace.

use std::fmt;

/// Why a module could not be compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompileErrorKind {
    /// The bytes are not a well-formed binary (or text) module.
    Malformed,
    /// The module is well-formed but does not validate.
    Invalid,
    /// The module uses a feature this engine does not implement (named in the message).
    Unsupported,
}

/// A module that could not be compiled, with the reason and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// Which of malformed, invalid or unsupported.
    pub kind: CompileErrorKind,
    /// What is wrong, for a person.
    pub message: String,
    /// Byte offset in the module binary, where known.
    pub offset: Option<usize>,
}

impl CompileError {
    /// A malformed-module error.
    pub fn malformed(message: impl Into<String>, offset: Option<usize>) -> Self {
        Self {
            kind: CompileErrorKind::Malformed,
            message: message.into(),
            offset,
        }
    }

    /// An invalid-module error.
    pub fn invalid(message: impl Into<String>, offset: Option<usize>) -> Self {
        Self {
            kind: CompileErrorKind::Invalid,
            message: message.into(),
            offset,
        }
    }

    /// An unsupported-feature error.
    pub fn unsupported(message: impl Into<String>, offset: Option<usize>) -> Self {
        Self {
            kind: CompileErrorKind::Unsupported,
            message: message.into(),
            offset,
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            CompileErrorKind::Malformed => "malformed module",
            CompileErrorKind::Invalid => "invalid module",
            CompileErrorKind::Unsupported => "unsupported feature",
        };
        match self.offset {
            Some(off) => write!(f, "{kind}: {} (at offset {off:#x})", self.message),
            None => write!(f, "{kind}: {}", self.message),
        }
    }
}

impl std::error::Error for CompileError {}

/// Why execution stopped abnormally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrapCode {
    /// `unreachable` was executed.
    Unreachable,
    /// A load, store or bulk memory operation was out of bounds.
    MemoryOutOfBounds,
    /// A table access or bulk table operation was out of bounds.
    TableOutOfBounds,
    /// `call_indirect` found a null entry.
    IndirectCallToNull,
    /// `call_indirect` found a function of another type.
    BadSignature,
    /// Signed division overflow (`INT_MIN / -1`).
    IntegerOverflow,
    /// Division or remainder by zero.
    IntegerDivisionByZero,
    /// A float-to-int truncation of NaN or of a value out of range.
    BadConversionToInteger,
    /// The call stack or value stack limit was reached.
    StackOverflow,
    /// A null reference was dereferenced.
    NullReference,
    /// The store ran out of fuel.
    OutOfFuel,
    /// Execution was interrupted from outside (epoch / deadline).
    Interrupted,
    /// A memory or table grew past the limit the embedder set, where that traps.
    ResourceLimitExceeded,
    /// An atomic access at an address that is not a multiple of its size.
    UnalignedAtomic,
    /// `memory.atomic.wait32`/`wait64` on a memory that is not shared (it could never be
    /// woken).
    AtomicWaitOnUnsharedMemory,
}

impl TrapCode {
    /// The message the spec testsuite uses for this trap.
    pub fn message(self) -> &'static str {
        match self {
            TrapCode::Unreachable => "unreachable",
            TrapCode::MemoryOutOfBounds => "out of bounds memory access",
            TrapCode::TableOutOfBounds => "out of bounds table access",
            TrapCode::IndirectCallToNull => "uninitialized element",
            TrapCode::BadSignature => "indirect call type mismatch",
            TrapCode::IntegerOverflow => "integer overflow",
            TrapCode::IntegerDivisionByZero => "integer divide by zero",
            TrapCode::BadConversionToInteger => "invalid conversion to integer",
            TrapCode::StackOverflow => "call stack exhausted",
            TrapCode::NullReference => "null reference",
            TrapCode::OutOfFuel => "all fuel consumed",
            TrapCode::Interrupted => "interrupted",
            TrapCode::ResourceLimitExceeded => "resource limit exceeded",
            TrapCode::UnalignedAtomic => "unaligned atomic",
            TrapCode::AtomicWaitOnUnsharedMemory => "atomic wait on non-shared memory",
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// One frame of a wasm backtrace, innermost first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameInfo {
    /// Module name from the name section, if any.
    pub module_name: Option<String>,
    /// Function index in its module.
    pub func_index: u32,
    /// Function name from the name section, if any.
    pub func_name: Option<String>,
}

impl fmt::Display for FrameInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let module = self.module_name.as_deref().unwrap_or("<module>");
        match &self.func_name {
            Some(name) => write!(f, "{module}!{name}"),
            None => write!(f, "{module}!<wasm function {}>", self.func_index),
        }
    }
}

/// A trap: execution stopped with a [`TrapCode`]; carries a wasm backtrace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trap {
    code: TrapCode,
    backtrace: Vec<FrameInfo>,
}

impl Trap {
    /// A trap with no backtrace yet.
    pub fn new(code: TrapCode) -> Self {
        Self {
            code,
            backtrace: Vec::new(),
        }
    }

    /// A trap with a backtrace (innermost frame first).
    pub fn with_backtrace(code: TrapCode, backtrace: Vec<FrameInfo>) -> Self {
        Self { code, backtrace }
    }

    /// Why execution stopped.
    pub fn code(&self) -> TrapCode {
        self.code
    }

    /// The wasm frames that were active, innermost first.
    pub fn backtrace(&self) -> &[FrameInfo] {
        &self.backtrace
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "wasm trap: {}", self.code)?;
        if !self.backtrace.is_empty() {
            write!(f, "\nwasm backtrace:")?;
            for (i, frame) in self.backtrace.iter().enumerate() {
                write!(f, "\n  {i:>3}: {frame}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Trap {}

impl From<TrapCode> for Trap {
    fn from(code: TrapCode) -> Self {
        Trap::new(code)
    }
}

/// Any error the engine's API returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The module could not be compiled.
    #[error(transparent)]
    Compile(#[from] CompileError),
    /// An import could not be satisfied, or an export was missing or of the wrong type.
    #[error("unlinkable: {0}")]
    Link(String),
    /// Execution trapped (also during instantiation: segments or the start function).
    #[error(transparent)]
    Trap(#[from] Trap),
    /// A wasm exception that no wasm handler caught (or that a host function throws, with
    /// [`Error::throw`]): its tag and payload are readable through [`Exception::exn`].
    ///
    /// [`Exception::exn`]: crate::Exception::exn
    #[error(transparent)]
    Exception(Box<crate::api::exception::Exception>),
    /// An error raised by a host function, passed through unchanged.
    #[error(transparent)]
    Host(Box<dyn std::error::Error + Send + Sync + 'static>),
    /// A misuse of the API (wrong store, wrong argument count or type, resource limits).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Wraps an error raised by a host function.
    pub fn host(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Host(Box::new(err))
    }

    /// A host error with just a message.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::Host(message.into().into())
    }

    /// The trap, if this error is one.
    pub fn as_trap(&self) -> Option<&Trap> {
        match self {
            Error::Trap(t) => Some(t),
            _ => None,
        }
    }

    /// The trap code, if this error is a trap.
    pub fn trap_code(&self) -> Option<TrapCode> {
        self.as_trap().map(Trap::code)
    }

    /// The host error of type `E`, if this error is one (e.g. a WASI `I32Exit`).
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        match self {
            Error::Host(e) => e.downcast_ref::<E>(),
            _ => None,
        }
    }
}

impl From<TrapCode> for Error {
    fn from(code: TrapCode) -> Self {
        Error::Trap(Trap::new(code))
    }
}
