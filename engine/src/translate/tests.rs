//! Golden tests of the translator: every `testdata/*.golden` file is a WAT module, a line
//! `----`, and the expected disassembly of each defined function. A new case is a new file.
//! Run with `KESTREL_BLESS=1` to rewrite the expectations from the current output (then review
//! the diff).

use crate::module::decode::decode;
use std::path::Path;

/// The disassembly of every defined function of `wat`, or the translation error.
fn listing(wat: &str) -> String {
    match wat::parse_str(wat) {
        Ok(bytes) => listing_of_binary(bytes, |_| true),
        Err(e) => format!("wat error: {e}\n"),
    }
}

/// The disassembly of the defined functions of a binary module whose name passes `filter`.
fn listing_of_binary(bytes: Vec<u8>, filter: impl Fn(&str) -> bool) -> String {
    let mut info = match decode(bytes.into(), &crate::Engine::default()) {
        Ok(info) => info,
        Err(e) => return format!("decode error: {e}\n"),
    };
    // Golden files may use the proposals that are off by default.
    info.features.wide_arithmetic = true;
    info.features.custom_page_sizes = true;
    let mut out = String::new();
    for def in 0..info.num_defined_funcs() as u32 {
        let func = info.num_imported_funcs + def;
        let name = info
            .func_name(func)
            .map_or_else(|| format!("func {func}"), |n| format!("func {func} ${n}"));
        if !filter(&name) {
            continue;
        }
        match super::translate_unlinked(&info, def) {
            Ok(code) => {
                out.push_str(&format!(
                    "{name} (frame {}, params {}, locals {}, results {}):\n",
                    code.frame_size, code.params, code.locals, code.results
                ));
                out.push_str(&code.disassemble());
            }
            Err(e) => out.push_str(&format!("{name}: error: {e}\n")),
        }
    }
    out
}

#[test]
fn golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/translate/testdata");
    let bless = std::env::var_os("KESTREL_BLESS").is_some();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("testdata directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "golden"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no golden files in {}", dir.display());
    let mut failures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable golden file");
        let (wat, expected) = match text.split_once("\n----\n") {
            Some((w, e)) => (w, e),
            None => (text.as_str(), ""),
        };
        let actual = listing(wat);
        if actual != expected {
            if bless {
                std::fs::write(&path, format!("{wat}\n----\n{actual}")).expect("writable");
            } else {
                failures.push(format!(
                    "{}:\n--- expected\n{expected}--- actual\n{actual}",
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A tool for performance work, not a check: prints the IR of the functions of the module in
/// `KESTREL_DUMP_WASM` (binary, or text when it ends in `.wat`) whose name contains
/// `KESTREL_DUMP_FUNC` (all when unset). Run with
/// `cargo test -p kestrel-wasm --lib dump_ir -- --ignored --nocapture`.
#[test]
#[ignore = "a tool: prints the IR of a module named by KESTREL_DUMP_WASM"]
fn dump_ir() {
    let path = std::env::var("KESTREL_DUMP_WASM").expect("KESTREL_DUMP_WASM names a .wasm file");
    let bytes = if path.ends_with(".wat") {
        wat::parse_file(&path).expect("a readable, well-formed text module")
    } else {
        std::fs::read(&path).expect("readable module")
    };
    let wanted = std::env::var("KESTREL_DUMP_FUNC").unwrap_or_default();
    print!(
        "{}",
        listing_of_binary(bytes, |name| name.contains(&wanted))
    );
}
