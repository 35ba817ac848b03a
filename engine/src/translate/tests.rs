//! Golden tests of the translator: every `testdata/*.golden` file is a WAT module, a line
//! `----`, and the expected disassembly of each defined function. A new case is a new file.
//! Run with `KESTREL_BLESS=1` to rewrite the expectations from the current output (then review
//! the diff).

use crate::engine::Config;
use crate::module::decode::decode;
use std::path::Path;

/// The disassembly of every defined function of `wat`, or the translation error.
fn listing(wat: &str) -> String {
    let bytes = match wat::parse_str(wat) {
        Ok(b) => b,
        Err(e) => return format!("wat error: {e}\n"),
    };
    let info = match decode(bytes.into()) {
        Ok(info) => info,
        Err(e) => return format!("decode error: {e}\n"),
    };
    let mut out = String::new();
    for def in 0..info.num_defined_funcs() as u32 {
        let func = info.num_imported_funcs + def;
        let name = info
            .func_name(func)
            .map_or_else(|| format!("func {func}"), |n| format!("func {func} ${n}"));
        match super::translate_func(&info, def, &Config::default()) {
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
