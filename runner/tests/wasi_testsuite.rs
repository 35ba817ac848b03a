//! The community's WASI preview1 conformance suite (`wasi-testsuite`), run the way its users
//! run programs: through the `kestrel` binary, `kestrel wasm [--env K=V]... [--dir ROOT::/]
//! NAME.wasm ARGS...`, from a fresh temporary copy of the test's files.
//!
//! The suite is found at `$KESTREL_WASI_TESTSUITE`, or `../shared/wasi-testsuite` beside the
//! project. Each test is `NAME.wasm` with an optional `NAME.json` (`args`, `env`, `root`,
//! `exit_code`, `stdout`). Prints one line per failure with the reason, then
//! `N passed, N failed`. Where the suite is missing it says so and the test is skipped, unless
//! `KESTREL_WASI_TESTSUITE` names it: then a missing suite fails (CI sets it).
//!
//! `KESTREL_BIN` names another `kestrel` binary to drive instead of this build's: CI runs the
//! suite through a cross-built `kestrel` under qemu-user (binfmt_misc), `.ci/cross/test.sh`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A test that runs longer than this has hung.
const TIMEOUT: Duration = Duration::from_secs(300);

struct Outcome {
    name: String,
    failure: Option<String>,
}

/// The suite's folder, and whether it was named explicitly (then it must be there).
fn suite_dir() -> (PathBuf, bool) {
    match std::env::var_os("KESTREL_WASI_TESTSUITE") {
        Some(dir) => (PathBuf::from(dir), true),
        None => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/wasi-testsuite"),
            false,
        ),
    }
}

/// Every `NAME.wasm` of the suite's language folders, sorted.
fn tests(suite: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for lang in ["assemblyscript", "c", "rust"] {
        let Ok(entries) = std::fs::read_dir(suite.join(lang)) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "wasm") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let ty = e.file_type()?;
        if ty.is_dir() {
            copy_tree(&src, &dst)?;
        } else if ty.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&src)?, &dst)?;
        } else {
            std::fs::copy(&src, &dst)?;
            // The suite may be laid out read-only; the copy must be writable.
            let mut perm = std::fs::metadata(&dst)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perm.set_readonly(false);
            std::fs::set_permissions(&dst, perm)?;
        }
    }
    let mut perm = std::fs::metadata(to)?.permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    std::fs::set_permissions(to, perm)
}

/// The `kestrel` binary under test: `$KESTREL_BIN`, or the one built with this test.
fn kestrel_bin() -> PathBuf {
    std::env::var_os("KESTREL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_kestrel")))
}

fn run_one(kestrel: &Path, wasm: &Path, extra: &[&str]) -> Result<(), String> {
    let dir = wasm.parent().unwrap();
    let file = wasm.file_name().unwrap();
    let json_path = wasm.with_extension("json");
    let spec: serde_json::Value = match std::fs::read_to_string(&json_path) {
        Ok(text) => {
            serde_json::from_str(&text).map_err(|e| format!("bad {}: {e}", json_path.display()))?
        }
        Err(_) => serde_json::json!({}),
    };
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    std::fs::copy(wasm, tmp.path().join(file)).map_err(|e| e.to_string())?;
    let mut cmd = Command::new(kestrel);
    cmd.arg("wasm").args(extra).current_dir(tmp.path());
    if let Some(env) = spec.get("env").and_then(|e| e.as_object()) {
        for (k, v) in env {
            cmd.arg("--env")
                .arg(format!("{k}={}", v.as_str().unwrap_or_default()));
        }
    }
    if let Some(root) = spec.get("root").and_then(|r| r.as_str()) {
        copy_tree(&dir.join(root), &tmp.path().join(root))
            .map_err(|e| format!("copying {root}: {e}"))?;
        cmd.arg("--dir").arg(format!("{root}::/"));
    }
    cmd.arg(file);
    if let Some(args) = spec.get("args").and_then(|a| a.as_array()) {
        for a in args {
            cmd.arg(a.as_str().unwrap_or_default());
        }
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start kestrel: {e}"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {}s", TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first_err = stderr
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string();
    let want_code = spec.get("exit_code").and_then(|c| c.as_i64()).unwrap_or(0);
    match status.code() {
        Some(code) if i64::from(code) == want_code => {}
        Some(code) => {
            return Err(format!(
                "exit status {code}, expected {want_code}; stderr: {first_err}"
            ));
        }
        None => {
            return Err(format!(
                "killed by a signal, expected exit status {want_code}; stderr: {first_err}"
            ));
        }
    }
    if let Some(want) = spec.get("stdout").and_then(|s| s.as_str()) {
        let got = String::from_utf8_lossy(&out.stdout);
        if got != want {
            return Err(format!("stdout {got:?}, expected {want:?}"));
        }
    }
    Ok(())
}

#[test]
fn wasi_testsuite() {
    run_suite(&[]);
}

/// The suite again with the module compiled by Cranelift. The `kestrel` under test has the
/// tier (this package's dev-dependency turns it on); one given through `KESTREL_BIN` (the
/// cross step's, for another architecture) must have it too.
#[cfg(all(
    target_endian = "little",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn wasi_testsuite_under_cranelift() {
    let probe = Command::new(kestrel_bin())
        .args(["wasm", "--strategy", "cranelift", "--invoke", "f"])
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/jit_probe.wat"))
        .output()
        .expect("kestrel runs");
    assert!(
        probe.status.success(),
        "{} cannot run a module with --strategy cranelift: {}",
        kestrel_bin().display(),
        String::from_utf8_lossy(&probe.stderr)
    );
    run_suite(&["--strategy", "cranelift"]);
}

/// Runs every test of the suite with `extra` arguments to `kestrel wasm`.
fn run_suite(extra: &[&str]) {
    let (suite, required) = suite_dir();
    if !suite.is_dir() {
        assert!(
            !required,
            "wasi-testsuite not found at {} (KESTREL_WASI_TESTSUITE)",
            suite.display()
        );
        println!(
            "wasi-testsuite skipped: not found at {} (set KESTREL_WASI_TESTSUITE)",
            suite.display()
        );
        return;
    }
    let tests = tests(&suite);
    assert!(!tests.is_empty(), "no tests found in {}", suite.display());
    let kestrel = kestrel_bin();
    println!(
        "wasi-testsuite: {} tests through {}",
        tests.len(),
        kestrel.display()
    );
    // Two at a time: the machine has two cores.
    let queue = std::sync::Mutex::new(tests.into_iter());
    let outcomes = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let next = queue.lock().unwrap().next();
                    let Some(wasm) = next else { break };
                    let name = wasm
                        .strip_prefix(&suite)
                        .unwrap_or(&wasm)
                        .display()
                        .to_string();
                    let failure = run_one(&kestrel, &wasm, extra).err();
                    outcomes.lock().unwrap().push(Outcome { name, failure });
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap();
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    let mut failed = 0;
    for o in &outcomes {
        if let Some(reason) = &o.failure {
            failed += 1;
            println!("FAIL {}: {reason}", o.name);
        }
    }
    println!("{} passed, {failed} failed", outcomes.len() - failed);
    assert_eq!(
        failed,
        0,
        "wasi-testsuite: {failed} of {} failed",
        outcomes.len()
    );
}
