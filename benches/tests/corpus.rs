//! The committed corpus is complete: every program has its module (a wasm binary) and, unless
//! it is the start-up-only large module, its reference output.

use kestrel_benches::corpus::{PROGRAMS, ProgramKind};

#[test]
fn every_program_has_its_wasm_and_reference_output() {
    for p in PROGRAMS {
        let wasm = std::fs::read(p.wasm_path())
            .unwrap_or_else(|e| panic!("{}: {e} (run benches/corpus/build.sh)", p.name));
        assert_eq!(&wasm[..4], b"\0asm", "{} is not a wasm binary", p.name);
        if p.kind != ProgramKind::Large {
            let expected = p
                .expected_output()
                .unwrap_or_else(|| panic!("{}: no expected output", p.name));
            assert!(
                !expected.trim().is_empty(),
                "{}: empty expected output",
                p.name
            );
        }
    }
}

#[test]
fn the_large_module_is_large() {
    let large = PROGRAMS
        .iter()
        .find(|p| p.kind == ProgramKind::Large)
        .unwrap();
    let len = std::fs::metadata(large.wasm_path()).unwrap().len();
    assert!(len > 4 << 20, "large.wasm is only {len} bytes");
}
