//! The worker pool keeps a run going when a worker crashes or hangs: the script's report says
//! which directive it was running, and every directive is still counted. Fake workers (shell
//! scripts speaking the worker protocol) stand in for an engine that crashes or hangs.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use kestrel_spec_tests::outcome::FileReport;
use kestrel_spec_tests::suite::{SpecFile, Suite};
use kestrel_spec_tests::worker_pool::WorkerPool;

/// Held for writing while a test writes its script, for reading while a pool starts workers.
/// A child forked by one test's pool inherits, until it execs, the file another test is
/// writing; executing that script then fails with "text file busy" (ETXTBSY).
static SCRIPTS: RwLock<()> = RwLock::new(());

/// Writes an executable shell script that acts as a worker.
fn fake_worker(name: &str, body: &str) -> PathBuf {
    let _writing = SCRIPTS.write().unwrap_or_else(|e| e.into_inner());
    let dir = std::env::temp_dir().join(format!("kestrel-spec-tests-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Runs `files` in a pool of fake workers `exe`.
fn run(exe: PathBuf, timeout: Duration, files: &[SpecFile]) -> Vec<FileReport> {
    let pool = WorkerPool {
        exe,
        suite: "wasm-v2".parse::<Suite>().unwrap(),
        worker_args: Vec::new(),
        timeout,
        jobs: 2,
    };
    let _spawning = SCRIPTS.read().unwrap_or_else(|e| e.into_inner());
    pool.run(files, &|_| {})
}

fn script(name: &str) -> SpecFile {
    SpecFile {
        name: name.to_string(),
        contents: "".into(),
    }
}

#[test]
fn a_crashing_worker_fails_its_script_with_the_running_directive() {
    let exe = fake_worker(
        "crash.sh",
        r#"printf 'total\t3\nstart\t1\tmodule\npass\t1\tmodule\nstart\t5\tassert_return\n'
echo "thread 'main' has overflowed its stack" >&2
kill -SEGV $$"#,
    );
    let reports = run(exe, Duration::from_secs(60), &[script("x.wast")]);
    let report = &reports[0];
    assert_eq!(
        (report.passed(), report.failed()),
        (1, 2),
        "{:?}",
        report.aborted
    );
    let reason = report.aborted.as_deref().unwrap();
    assert!(reason.contains("worker crashed"), "{reason}");
    assert!(reason.contains("`assert_return` at line 5"), "{reason}");
    assert!(reason.contains("overflowed its stack"), "{reason}");
}

#[test]
fn a_hanging_worker_is_killed_after_the_timeout() {
    let exe = fake_worker(
        "hang.sh",
        r#"printf 'total\t2\nstart\t1\tmodule\npass\t1\tmodule\nstart\t7\tinvoke\n'
exec sleep 60"#,
    );
    let started = Instant::now();
    let reports = run(exe, Duration::from_secs(1), &[script("y.wast")]);
    assert!(started.elapsed() < Duration::from_secs(30));
    let report = &reports[0];
    assert_eq!(
        (report.passed(), report.failed()),
        (1, 1),
        "{:?}",
        report.aborted
    );
    let reason = report.aborted.as_deref().unwrap();
    assert!(reason.contains("timed out"), "{reason}");
    assert!(reason.contains("`invoke` at line 7"), "{reason}");
}

#[test]
fn a_finished_worker_reports_every_verdict_in_file_order() {
    let exe = fake_worker(
        "ok.sh",
        r#"printf 'total\t2\nstart\t1\tmodule\npass\t1\tmodule\nstart\t2\tassert_trap\nfail\t2\tassert_trap\texpected trap\n'"#,
    );
    let files = [script("a.wast"), script("b.wast"), script("c.wast")];
    let reports = run(exe, Duration::from_secs(60), &files);
    let names: Vec<&str> = reports.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["a.wast", "b.wast", "c.wast"]);
    for report in &reports {
        assert_eq!(
            (report.passed(), report.failed()),
            (1, 1),
            "{:?}",
            report.aborted
        );
        assert!(report.aborted.is_none());
        assert_eq!(report.results[1].failure.as_deref(), Some("expected trap"));
    }
}
