//! Our validator: module-level rules ([`validate_module`]) and the function-body algorithm
//! ([`FuncValidator`], every body at once by [`validate_bodies`]), for the Wasm 2.0 core spec
//! (SIMD included: `func/simd.rs`), plus the Wasm 3.0 proposals the engine's `Config` turns on
//! (`ModuleInfo::features`: tail calls, relaxed SIMD ...).
//!
//! wasmparser only reads bytes; every typing rule of the spec is checked here. Errors carry the
//! spec testsuite's wording ("type mismatch", "unknown local" ...) and the right kind: invalid
//! for rule violations, malformed for the few binary-format rules only checkable while reading
//! code (data count section required, reserved zero bytes, memop flags), unsupported for
//! features beyond those.

mod const_expr;
mod control_stack;
pub(crate) mod func;
pub(crate) mod module;
mod operand_stack;
mod operator_proposal;
#[cfg(test)]
mod tests;

#[allow(unused_imports)] // FuncValidator: for the translator (translate/)
pub(crate) use func::{FuncValidator, validate_bodies};
pub(crate) use module::validate_module;
