//! Kestrel's benchmark harness: the corpus of benchmark programs, the engines that run them
//! (Kestrel and, behind the `peers` feature, wasmi, wasmtime and wasm3), and the statistics
//! and markdown report of the `compare` binary. Criterion benches of the engine alone live in
//! `benches/engine.rs`.
//!
//! Nothing here is part of the product: engine/, wasi/ and runner/ never depend on this crate.

pub mod corpus;
pub mod engines;
pub mod exn_kernels;
pub mod machine;
pub mod peak_rss;
pub mod report;
pub mod stats;
pub mod timings;
