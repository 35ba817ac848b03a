//! `compare` end to end on the small hello program: the measuring child prints the program's
//! output and a timings line, and a one-round comparison checks outputs and prints the tables.

use kestrel_benches::corpus::Program;
use kestrel_benches::timings::Timings;
use std::process::Command;

fn compare() -> Command {
    Command::new(env!("CARGO_BIN_EXE_compare"))
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
        let out = compare()
            .arg("--run-one")
            .arg(engine)
            .arg(hello.wasm_path())
            .arg("full")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{engine}: {stderr}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            hello.expected_output().unwrap(),
            "{engine}"
        );
        let timings = Timings::from_stderr(&stderr).unwrap_or_else(|| panic!("{engine}: {stderr}"));
        assert!(timings.total() > std::time::Duration::ZERO);
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
    let out = compare()
        .args([
            "--runs",
            "1",
            "--only",
            "hello",
            "--engines",
            "kestrel,wasmi-lazy",
            "--no-rss",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("| hello |"), "{stdout}");
    assert!(
        stdout.contains("PASS every output matches its reference"),
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
