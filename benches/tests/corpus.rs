//! The committed corpus is complete: every program has its module (a wasm binary) and, unless
//! it is the start-up-only large module, its reference output. Each SIMD kernel has its scalar
//! build too, and the two differ as their names say: v128 operators in one, none in the other
//! (the held-out kernels included).

use kestrel_benches::corpus::{PROGRAMS, ProgramKind, SIMD_HELD_OUT};
use std::path::Path;

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

/// How many of the module's operators are SIMD ones (their names carry a v128 lane shape).
fn simd_operators(path: &Path) -> usize {
    let wasm = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut count = 0;
    for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
        if let wasmparser::Payload::CodeSectionEntry(body) = payload.unwrap() {
            let mut ops = body.get_operators_reader().unwrap();
            while !ops.eof() {
                let name = format!("{:?}", ops.read().unwrap());
                if ["V128", "I8x16", "I16x8", "I32x4", "I64x2", "F32x4", "F64x2"]
                    .iter()
                    .any(|shape| name.starts_with(shape))
                {
                    count += 1;
                }
            }
        }
    }
    count
}

#[test]
fn every_simd_kernel_has_a_simd_build_and_a_scalar_build() {
    let simd: Vec<_> = PROGRAMS
        .iter()
        .filter(|p| p.kind == ProgramKind::Simd)
        .collect();
    assert!(
        simd.iter().filter(|p| !p.held_out()).count() >= 5,
        "the issue asks for five SIMD kernels"
    );
    for p in simd {
        assert!(
            simd_operators(&p.wasm_path()) > 0,
            "{}: the SIMD build has no v128 operator",
            p.name
        );
        let scalar = p.scalar_wasm_path().unwrap();
        assert_eq!(
            simd_operators(&scalar),
            0,
            "{}: the scalar build uses SIMD",
            p.name
        );
    }
}

#[test]
fn the_held_out_kernels_are_simd_kernels_after_the_tuned_set() {
    assert!(SIMD_HELD_OUT.len() >= 3);
    let simd: Vec<_> = PROGRAMS
        .iter()
        .filter(|p| p.kind == ProgramKind::Simd)
        .collect();
    for name in SIMD_HELD_OUT {
        assert!(
            simd.iter().any(|p| p.name == *name),
            "{name} is not a SIMD kernel of the corpus"
        );
    }
    // Report order: the tuned set, then the held-out kernels.
    let first_held_out = simd.iter().position(|p| p.held_out()).unwrap();
    assert!(
        simd[first_held_out..].iter().all(|p| p.held_out()),
        "a tuned SIMD kernel is listed after a held-out one"
    );
}
