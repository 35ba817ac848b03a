//! The exception kernels in `compare`'s fast mode: every engine with exception handling
//! computes each kernel's checksum (the one computed in Rust), and a quick comparison prints
//! the exception table, leaves wasmi out with its reason, and passes its output checks.

use kestrel_benches::exn_kernels::{EXN_KERNELS, QUICK_N};
use kestrel_benches::timings::Timings;
use std::process::Command;

fn compare() -> Command {
    Command::new(env!("CARGO_BIN_EXE_compare"))
}

#[test]
fn every_engine_with_exceptions_agrees_on_every_checksum() {
    for kernel in EXN_KERNELS {
        let want = format!("{}\n", (kernel.checksum)(QUICK_N));
        for engine in ["kestrel", "kestrel-eager", "wasmtime"] {
            let out = compare()
                .arg("--run-one")
                .arg(engine)
                .arg(kernel.wat_path())
                .arg(format!("run={QUICK_N}"))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success(),
                "{} on {engine}: {stderr}",
                kernel.name
            );
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                want,
                "{} on {engine}",
                kernel.name
            );
            assert!(
                Timings::from_stderr(&stderr).is_some(),
                "{} on {engine}: {stderr}",
                kernel.name
            );
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
    let out = compare()
        .args(["--quick", "--runs", "1", "--no-rss", "--only"])
        .arg(names.join(","))
        .args(["--engines", "kestrel,wasmi-eager,wasmtime"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
