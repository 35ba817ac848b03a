//! `compare` end to end on the small hello program: the measuring child prints the program's
//! output and a timings line, and a one-round comparison checks outputs and prints the tables.
//! The exception kernels in its fast mode: every engine with exception handling computes each
//! kernel's checksum (the one computed in Rust), and a quick comparison prints the exception
//! table, leaves wasmi out with its reason, and passes its output checks.

use kestrel_benches::corpus::Program;
use kestrel_benches::engines::UNSUPPORTED_EXIT_CODE;
use kestrel_benches::exn_kernels::{EXN_KERNELS, QUICK_N};
use kestrel_benches::timings::Timings;
use std::path::Path;
use std::process::Command;

fn compare() -> Command {
    Command::new(env!("CARGO_BIN_EXE_compare"))
}

/// `compare --run-one ENGINE MODULE ARG`: checks that it succeeds, prints `expected` and a
/// timings line.
fn run_one(engine: &str, module: &Path, arg: &str, expected: &str) {
    let out = compare()
        .arg("--run-one")
        .arg(engine)
        .arg(module)
        .arg(arg)
        .output()
        .unwrap();
    let what = format!("{} on {engine}", module.display());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what}: {stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{what}");
    let timings = Timings::from_stderr(&stderr).unwrap_or_else(|| panic!("{what}: {stderr}"));
    assert!(timings.total() > std::time::Duration::ZERO, "{what}");
}

/// A whole comparison with these arguments: checks that it succeeds and returns its report.
fn comparison(args: &[&str]) -> String {
    let out = compare().args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn run_one_prints_the_program_output_and_timings() {
    let hello = Program::by_name("hello").unwrap();
    for engine in [
        "kestrel",
        "kestrel-eager",
        "kestrel-lazy-validation",
        "wasmi-eager",
        "wasmi-lazy-translation",
        "wasmi-lazy",
    ] {
        run_one(
            engine,
            &hello.wasm_path(),
            "full",
            &hello.expected_output().unwrap(),
        );
    }
}

#[test]
fn run_one_reports_a_broken_module_as_a_failure() {
    let dir = std::env::temp_dir().join(format!("kestrel-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.wasm");
    std::fs::write(&bad, b"\0asm\x01\0\0\0\x01\xff").unwrap();
    let out = compare()
        .args(["--run-one", "kestrel"])
        .arg(&bad)
        .arg("full")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("compile"),
        "{out:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_round_on_hello_checks_outputs_and_prints_tables() {
    let stdout = comparison(&[
        "--runs",
        "1",
        "--only",
        "hello",
        "--engines",
        "kestrel,wasmi-lazy",
        "--no-rss",
    ]);
    assert!(stdout.contains("| hello |"), "{stdout}");
    assert!(
        stdout.contains("PASS every output matches its reference"),
        "{stdout}"
    );
}

/// A SIMD kernel on Kestrel: its checksum, or (before Kestrel implements SIMD) the
/// unsupported-feature rejection with its own exit status, which `compare` lists per kernel.
#[test]
fn kestrel_runs_a_simd_kernel_or_reports_it_unsupported() {
    let kernel = Program::by_name("simd_checksum").unwrap();
    let out = compare()
        .args(["--run-one", "kestrel"])
        .arg(kernel.wasm_path())
        .arg("full")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            kernel.expected_output().unwrap()
        );
    } else {
        assert_eq!(
            out.status.code(),
            Some(i32::from(UNSUPPORTED_EXIT_CODE)),
            "{stderr}"
        );
        assert!(stderr.contains("unsupported feature: SIMD"), "{stderr}");
    }
    // Its scalar build is Wasm 2.0: every engine runs it.
    run_one(
        "kestrel",
        &kernel.scalar_wasm_path().unwrap(),
        "full",
        &kernel.expected_output().unwrap(),
    );
}

#[test]
fn wasmi_runs_a_simd_kernel() {
    let kernel = Program::by_name("simd_checksum").unwrap();
    run_one(
        "wasmi-eager",
        &kernel.wasm_path(),
        "full",
        &kernel.expected_output().unwrap(),
    );
}

#[test]
fn wasm3_is_left_out_of_the_simd_table() {
    let stdout = comparison(&[
        "--runs",
        "1",
        "--only",
        "simd_checksum",
        "--engines",
        "wasm3",
        "--no-rss",
    ]);
    assert!(stdout.contains("## SIMD kernels"), "{stdout}");
    assert!(
        stdout.contains("wasm3 not measured: wasm3 has no SIMD"),
        "{stdout}"
    );
}

#[test]
fn unknown_engines_and_programs_are_rejected() {
    let out = compare().args(["--engines", "v8"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown engine v8"));
    let out = compare().args(["--only", "doom"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown program doom"));
}

#[test]
fn every_engine_with_exceptions_agrees_on_every_checksum() {
    for kernel in EXN_KERNELS {
        let want = format!("{}\n", (kernel.checksum)(QUICK_N));
        for engine in ["kestrel", "kestrel-eager", "wasmtime"] {
            run_one(engine, &kernel.wat_path(), &format!("run={QUICK_N}"), &want);
        }
    }
}

#[test]
fn wasmi_cannot_run_an_exception_kernel() {
    let out = compare()
        .args(["--run-one", "wasmi-eager"])
        .arg(EXN_KERNELS[0].wat_path())
        .arg("run=10")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no exception handling"),
        "{out:?}"
    );
}

#[test]
fn quick_comparison_prints_the_exception_table() {
    let names: Vec<&str> = EXN_KERNELS.iter().map(|k| k.name).collect();
    let only = names.join(",");
    let stdout = comparison(&[
        "--quick",
        "--runs",
        "1",
        "--no-rss",
        "--only",
        &only,
        "--engines",
        "kestrel,wasmi-eager,wasmtime",
    ]);
    assert!(stdout.contains("## Exceptions"), "{stdout}");
    for name in names {
        assert!(stdout.contains(&format!("| {name} |")), "{stdout}");
    }
    assert!(
        stdout.contains("wasmi-eager not measured: wasmi has no exception handling"),
        "{stdout}"
    );
    assert!(stdout.contains("Happy path"), "{stdout}");
    assert!(
        stdout.contains("PASS every output matches its reference"),
        "{stdout}"
    );
}
