//! Replays every committed corpus and regression input through the targets' `run` functions,
//! without libFuzzer: `cargo test --release` in fuzz/ on stable Rust. A regression input is a
//! file in `regressions/TARGET/`; its name says what it once broke.
//!
//! For `differential_interp` it also checks the harness really compares something: over the
//! corpus, modules instantiate in both engines and calls return and trap identically; for
//! `differential_jit` also that the Cranelift tier compiled functions.

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["corpus", "regressions"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) {
            files.extend(entries.map(|e| e.unwrap().path()));
        }
    }
    files.sort();
    files
}

fn replay(target: &str, run: impl Fn(&[u8])) -> usize {
    let files = inputs(target);
    for file in &files {
        let data = std::fs::read(file).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&data)));
        assert!(outcome.is_ok(), "{target}: {} fails", file.display());
    }
    files.len()
}

#[test]
fn decode_validate() {
    replay("decode_validate", kestrel_fuzz::decode_validate::run);
}

#[test]
fn validate_vs_reference() {
    replay(
        "validate_vs_reference",
        kestrel_fuzz::validate_vs_reference::run,
    );
}

#[test]
fn wasi_paths() {
    replay("wasi_paths", kestrel_fuzz::wasi_paths::run);
}

#[test]
fn differential_interp_compares_something() {
    let total = std::cell::Cell::new(kestrel_fuzz::differential_interp::Summary::default());
    let n = replay("differential_interp", |data| {
        let s = kestrel_fuzz::differential_interp::run(data);
        let mut t = total.get();
        t.instantiated |= s.instantiated;
        t.returns += s.returns;
        t.traps += s.traps;
        total.set(t);
    });
    let t = total.get();
    if n > 20 {
        assert!(
            t.instantiated && t.returns > 0 && t.traps > 0,
            "{t:?} over {n} inputs"
        );
    }
}

#[test]
fn differential_jit_compares_something() {
    let total = std::cell::Cell::new(kestrel_fuzz::differential_jit::Summary::default());
    let n = replay("differential_jit", |data| {
        let s = kestrel_fuzz::differential_jit::run(data);
        let mut t = total.get();
        t.instantiated |= s.instantiated;
        t.compiled += s.compiled;
        t.returns += s.returns;
        t.traps += s.traps;
        total.set(t);
    });
    let t = total.get();
    if n > 20 {
        assert!(
            t.instantiated && t.compiled > 0 && t.returns > 0 && t.traps > 0,
            "{t:?} over {n} inputs"
        );
    }
}
