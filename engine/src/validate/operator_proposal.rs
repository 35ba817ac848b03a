//! Naming the proposal an operator comes from, for the "unsupported feature" error of an
//! operator outside Wasm 2.0 (SIMD, atomics, exceptions, GC ...; tail calls or reference
//! types when `Config::wasm_tail_call` or `Config::wasm_reference_types` is off).
//!
//! The table is derived from wasmparser's own operator list (`for_each_operator!`), so every
//! operator it can decode is covered.

use crate::error::CompileError;
use wasmparser::Operator;

macro_rules! define_operator_proposal {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        /// The wasmparser proposal group (`mvp`, `simd`, `threads` ...) `op` belongs to.
        fn operator_proposal(op: &Operator<'_>) -> &'static str {
            match op {
                $( Operator::$op { .. } => stringify!($proposal), )*
                _ => "unknown",
            }
        }
    };
}
wasmparser::for_each_operator!(define_operator_proposal);

/// The feature name users know for a wasmparser proposal group.
fn feature_name(proposal: &str) -> &'static str {
    match proposal {
        "reference_types" => "reference types",
        "simd" => "SIMD",
        "relaxed_simd" => "relaxed SIMD",
        "threads" => "threads (atomic operators)",
        "shared_everything_threads" => "shared-everything threads",
        "tail_call" => "tail calls",
        "exceptions" | "legacy_exceptions" => "exception handling",
        "function_references" => "typed function references",
        "gc" => "garbage collection (GC proposal)",
        "memory_control" => "memory control",
        "stack_switching" => "stack switching",
        "wide_arithmetic" => "wide arithmetic",
        "custom_descriptors" => "custom descriptors",
        "acquire_release_atomics" => "acquire/release atomics",
        _ => "a proposal beyond Wasm 2.0",
    }
}

/// The error for an operator this engine does not implement.
#[cold]
pub fn unsupported_operator(op: &Operator<'_>, offset: usize) -> CompileError {
    let proposal = operator_proposal(op);
    let name = format!("{op:?}");
    let name = name.split([' ', '{', '(']).next().unwrap_or("operator");
    CompileError::unsupported(
        format!("{} (operator {name})", feature_name(proposal)),
        Some(offset),
    )
}
