//! The engine's layering, checked on its source: `runtime/` (store, instances, memories,
//! tables, globals) is what both execution tiers and the embedding API stand on, so it must not
//! import the interpreter (`interp/`), the API (`api/`) or a compiler tier (`jit/`), not even
//! through the crate root's re-exports of API types (`crate::Extern`).

use std::path::Path;

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read the source folder") {
        let path = entry.expect("read a folder entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// What in `line` (code, not a comment) breaks the layering, if anything.
fn violation(line: &str) -> Option<&'static str> {
    let code = line.split("//").next().unwrap_or("");
    for tier in ["crate::interp", "crate::api", "crate::jit"] {
        if code.contains(tier) {
            return Some(tier);
        }
    }
    // `crate::Extern`, `crate::{Caller, ..}`: the root re-exports API types; name the module.
    let bytes = code.as_bytes();
    for (i, _) in code.match_indices("crate::") {
        match bytes.get(i + "crate::".len()) {
            Some(b) if b.is_ascii_uppercase() || *b == b'{' => return Some("crate root re-export"),
            _ => {}
        }
    }
    None
}

#[test]
fn runtime_imports_neither_the_tiers_nor_the_api() {
    check_layer("src/runtime", 5, violation);
}

/// The Cranelift tier stands on `runtime/` and the module's data; the interpreter drives it
/// (`interp/native.rs`), never the other way round, and the API stays above both.
#[test]
fn jit_imports_neither_the_interpreter_nor_the_api() {
    check_layer("src/jit", 4, |line| match violation(line) {
        Some("crate::jit") => None,
        other => other,
    });
}

/// Fails listing every line of the sources under `dir` (at least `min_files` of them) that
/// `check` finds a violation in.
fn check_layer(dir: &str, min_files: usize, check: impl Fn(&str) -> Option<&'static str>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(
        files.len() >= min_files,
        "no sources found under {}",
        root.display()
    );
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read a source file");
        for (n, line) in text.lines().enumerate() {
            if let Some(what) = check(line) {
                found.push(format!(
                    "{}:{}: {what}: {}",
                    file.display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{dir} depends on a layer above it:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_each_kind_of_violation() {
    assert_eq!(
        violation("use crate::interp::Stack;"),
        Some("crate::interp")
    );
    assert_eq!(
        violation("    x: Vec<crate::api::Val>,"),
        Some("crate::api")
    );
    assert_eq!(
        violation("use crate::{Caller, Error};"),
        Some("crate root re-export")
    );
    assert_eq!(
        violation("use crate::Extern;"),
        Some("crate root re-export")
    );
    assert_eq!(violation("use crate::runtime::store::Store;"), None);
    assert_eq!(violation("//! read as a [`Val`](crate::Val)"), None);
}
