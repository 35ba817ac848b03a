//! The whole `wasm-v2` spec testsuite as part of `cargo test`: every directive of every script
//! must pass, in both compilation modes, and under the Cranelift tier. On failure the test prints each failing directive
//! with its line and reason.

use std::process::Command;

/// Runs `kestrel-spec-tests wasm-v2 -v` with `extra` arguments; panics with the failure list
/// unless it ends with `0 failed`.
fn run_wasm_v2(extra: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_kestrel-spec-tests"))
        .arg("wasm-v2")
        .arg("-v")
        .args(extra)
        .output()
        .expect("the spec-test binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        output.status.success() && summary.ends_with(" passed, 0 failed"),
        "wasm-v2 spec tests failed ({}): {summary}\n{stdout}\n{stderr}",
        output.status
    );
}

#[test]
fn wasm_v2_passes_with_lazy_translation() {
    run_wasm_v2(&["--compilation", "lazy"]);
}

#[test]
fn wasm_v2_passes_with_eager_translation() {
    run_wasm_v2(&["--compilation", "eager"]);
}

/// The Cranelift tier (on the hosts it supports): the same suite, the same counts.
#[cfg(all(
    target_endian = "little",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn wasm_v2_passes_under_cranelift() {
    run_wasm_v2(&["--strategy", "cranelift"]);
}
