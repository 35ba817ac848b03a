//! Fuzz targets for Kestrel, as plain functions over fuzzer input.
//!
//! Each target in `fuzz_targets/` is a one-line `fuzz_target!` around a `run` function here,
//! so the logic is ordinary library code: the libFuzzer binaries (built by `cargo fuzz`, or by
//! plain `cargo build` on stable for corpus replay) and the regression tests share it.
//!
//! - [`decode_validate`]: arbitrary bytes are an error or a module, never a panic.
//! - [`validate_vs_reference`]: our validator's verdict equals wasmparser's on wasm-smith output.
//! - [`differential_interp`]: wasm-smith modules run identically in Kestrel and wasmi.
//! - [`differential_jit`]: wasm-smith modules run identically interpreted and compiled by
//!   Cranelift.
//! - [`wasi_paths`]: random path operations stay confined to a temporary preopen.

pub mod decode_validate;
pub mod differential_interp;
pub mod differential_jit;
pub mod smith_config;
pub mod validate_vs_reference;
pub mod wasi_paths;

pub mod last_input;
