//! Data-driven validator tests: every `testdata/*.cases` file holds cases, each a line
//! `;; expect: valid` or `;; expect: invalid|malformed|unsupported "text"` followed by one
//! module in WAT (binary ones as `(module binary "...")`). The module is decoded and validated
//! (module-level rules, then every body); the error's kind must match and its message contain
//! the text. A new case is a few lines in a file.

use crate::error::{CompileError, CompileErrorKind};
use crate::module::decode::decode;
use crate::validate::{FuncValidator, validate_bodies, validate_module};
use std::path::Path;

fn compile(bytes: Vec<u8>) -> Result<(), CompileError> {
    let module = decode(bytes.into(), &crate::Engine::default())?;
    validate_module(&module)?;
    validate_bodies(&module).map(|_| ())
}

struct Case {
    file: String,
    line: usize,
    expect: Option<(CompileErrorKind, String)>,
    wat: String,
}

fn parse_expectation(text: &str) -> Option<(CompileErrorKind, String)> {
    let text = text.trim();
    if text == "valid" {
        return None;
    }
    let (kind, message) = text.split_once(' ').expect("`kind \"message\"`");
    let kind = match kind {
        "invalid" => CompileErrorKind::Invalid,
        "malformed" => CompileErrorKind::Malformed,
        "unsupported" => CompileErrorKind::Unsupported,
        other => panic!("unknown expectation kind {other}"),
    };
    Some((kind, message.trim().trim_matches('"').to_string()))
}

fn read_cases(path: &Path) -> Vec<Case> {
    let file = path.file_name().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(path).unwrap();
    let mut cases: Vec<Case> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(expect) = line.strip_prefix(";; expect:") {
            cases.push(Case {
                file: file.clone(),
                line: n + 1,
                expect: parse_expectation(expect),
                wat: String::new(),
            });
        } else if let Some(case) = cases.last_mut() {
            case.wat.push_str(line);
            case.wat.push('\n');
        }
    }
    cases
}

#[test]
fn cases_from_testdata() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/validate/testdata");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cases"))
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for path in paths {
        for case in read_cases(&path) {
            count += 1;
            let bytes = match wat::parse_str(&case.wat) {
                Ok(bytes) => bytes,
                Err(e) => {
                    failures.push(format!(
                        "{}:{}: WAT does not parse: {e}",
                        case.file, case.line
                    ));
                    continue;
                }
            };
            let result = compile(bytes);
            let ok = match (&case.expect, &result) {
                (None, Ok(())) => true,
                (Some((kind, text)), Err(e)) => {
                    e.kind == *kind && e.message.contains(text.as_str())
                }
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{}:{}: expected {:?}, got {:?}",
                    case.file, case.line, case.expect, result
                ));
            }
        }
    }
    assert!(count > 100, "only {count} cases found");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn module(wat: &str) -> crate::module::ModuleInfo {
    decode(
        wat::parse_str(wat).unwrap().into(),
        &crate::Engine::default(),
    )
    .unwrap()
}

#[test]
fn func_validator_api_for_the_translator() {
    let info = module(
        r#"(module (func (param i32 i64) (result i32)
            (local f32 f32) (local externref)
            local.get 0
            br 0
            i32.const 1))"#,
    );
    let def = 0;
    let mut reader = crate::module::decode::body_reader(&info, def);
    let locals = crate::validate::func::read_locals(&info, &mut reader).unwrap();
    let mut v = FuncValidator::new(&info, 0, &locals, 0).unwrap();
    use crate::value::ValType::*;
    assert_eq!(
        v.local_types(),
        &[I32, I64, F32, F32, crate::value::ValType::EXTERNREF]
    );
    let mut ops = wasmparser::OperatorsReader::new(reader);
    let mut seen = Vec::new();
    while !ops.eof() {
        let (op, off) = ops.read_with_offset().unwrap();
        v.visit(&op, off as usize).unwrap();
        seen.push((v.is_unreachable(), v.operand_type(0), v.control_depth()));
    }
    v.finish(ops.original_position() as usize).unwrap();
    assert_eq!(
        seen,
        vec![
            (false, Some(I32), 1), // local.get 0
            (true, None, 1),       // br 0
            (true, Some(I32), 1),  // i32.const 1 (unreachable, still typed)
            (false, None, 0),      // end: the function frame is closed
        ]
    );
}

#[test]
fn func_validator_reuses_its_buffers() {
    let info =
        module("(module (func (result i32) i32.const 1) (func (param i64) local.get 0 drop))");
    let mut allocs = crate::validate::func::FuncValidatorAllocations::default();
    for def in 0..info.bodies.len() as u32 {
        crate::validate::func::validate_func_body(&info, def, &mut allocs).unwrap();
    }
}

#[test]
fn operators_after_the_final_end_are_malformed() {
    let info = module("(module (func))");
    let mut v = FuncValidator::new(&info, 0, &[], 0).unwrap();
    v.visit(&wasmparser::Operator::End, 0).unwrap();
    let err = v.visit(&wasmparser::Operator::Nop, 1).unwrap_err();
    assert_eq!(err.kind, CompileErrorKind::Malformed);
}

#[test]
fn unfinished_function_is_malformed() {
    let info = module("(module (func))");
    let mut v = FuncValidator::new(&info, 0, &[], 0).unwrap();
    v.visit(&wasmparser::Operator::Nop, 0).unwrap();
    assert_eq!(v.finish(1).unwrap_err().kind, CompileErrorKind::Malformed);
}

#[test]
fn local_count_limits() {
    let info = module("(module (func))");
    let too_many = [
        (u32::MAX, crate::value::ValType::I32),
        (2, crate::value::ValType::I32),
    ];
    let err = FuncValidator::new(&info, 0, &too_many, 0).err().unwrap();
    assert_eq!(err.kind, CompileErrorKind::Malformed);
    let beyond_engine = [(
        super::func::MAX_LOCALS as u32 + 1,
        crate::value::ValType::I32,
    )];
    let err = FuncValidator::new(&info, 0, &beyond_engine, 0)
        .err()
        .unwrap();
    assert_eq!(err.kind, CompileErrorKind::Unsupported);
}

#[test]
fn malformed_body_ranks_above_invalid_module() {
    // Function 0 is invalid (i64 where i32 is expected), function 1 is malformed (truncated).
    let mut bytes =
        wat::parse_str("(module (func (result i32) i64.const 0) (func i32.const 0 drop))").unwrap();
    // Replace the final `end` of the last body by `nop`: that body now lacks its `end`.
    let last = bytes.len() - 1;
    assert_eq!(bytes[last], 0x0b);
    bytes[last] = 0x01;
    let err = compile(bytes).unwrap_err();
    assert_eq!(err.kind, CompileErrorKind::Malformed, "{err}");
}

#[test]
fn large_module_reports_its_first_invalid_body_like_a_sequential_pass() {
    // Over `body_workers::PARALLEL_MIN_CODE_BYTES` of code: validated on every core.
    let body = "i32.const 1 i32.add ".repeat(400);
    let mut funcs = String::new();
    for i in 0..400 {
        match i {
            150 => funcs.push_str("(func (result i32) i64.const 0)"),
            300 => funcs.push_str("(func (result i32) local.get 7)"),
            _ => funcs.push_str(&format!("(func (result i32) i32.const 0 {body})")),
        }
    }
    let bytes = wat::parse_str(format!("(module {funcs})")).unwrap();
    let info =
        crate::module::decode::decode(bytes.clone().into(), &crate::Engine::default()).unwrap();
    let code: usize = info.bodies.iter().map(|b| b.range.len()).sum();
    assert!(code >= crate::module::body_workers::PARALLEL_MIN_CODE_BYTES);
    let in_150 = info.bodies[150].range.clone();
    for _ in 0..10 {
        let err = compile(bytes.clone()).unwrap_err();
        assert_eq!(err.kind, CompileErrorKind::Invalid);
        assert!(err.message.contains("type mismatch"), "{err}");
        assert!(in_150.contains(&err.offset.unwrap()), "{err}");
    }
}

#[test]
fn hot_operators_name_real_operators() {
    macro_rules! operator_names {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
            [$(stringify!($op)),*]
        };
    }
    let all = wasmparser::for_each_visit_operator!(operator_names);
    for hot in super::func::HOT_OPERATORS {
        assert!(all.contains(hot), "{hot} is not a wasmparser operator");
    }
}

/// Decodes and validates `wat` with the engine configured by `config`.
fn compile_with(config: impl FnOnce(&mut crate::Config), wat: &str) -> Result<(), CompileError> {
    let mut c = crate::Config::new();
    config(&mut c);
    let module = decode(wat::parse_str(wat).unwrap().into(), &crate::Engine::new(&c))?;
    validate_module(&module)?;
    validate_bodies(&module).map(|_| ())
}

#[test]
fn simd_off_is_unsupported() {
    let off = |c: &mut crate::Config| {
        c.wasm_simd(false);
    };
    for wat in [
        "(module (func (param v128)))",
        "(module (func (local v128)))",
        "(module (global v128 (v128.const i64x2 0 0)))",
        "(module (func (result i32) (i32x4.extract_lane 0 (v128.const i32x4 0 0 0 0))))",
        "(module (func (drop (block (result v128) unreachable))))",
        "(module (func (result i32) unreachable i8x16.all_true))",
    ] {
        let err = compile_with(off, wat).unwrap_err();
        assert_eq!(err.kind, CompileErrorKind::Unsupported, "{wat}: {err}");
        assert!(err.message.contains("SIMD"), "{wat}: {err}");
    }
    compile_with(off, "(module (func (result i32) (i32.const 0)))").unwrap();
}

#[test]
fn relaxed_simd_off_is_unsupported() {
    let relaxed_off = |c: &mut crate::Config| {
        c.wasm_relaxed_simd(false);
    };
    let relaxed = "(module (func (param v128) (result v128)
        (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0))))";
    let err = compile_with(relaxed_off, relaxed).unwrap_err();
    assert_eq!(err.kind, CompileErrorKind::Unsupported, "{err}");
    assert!(err.message.contains("relaxed SIMD"), "{err}");
    // Relaxed SIMD needs SIMD.
    let simd_off = |c: &mut crate::Config| {
        c.wasm_simd(false);
    };
    let err = compile_with(simd_off, relaxed).unwrap_err();
    assert_eq!(err.kind, CompileErrorKind::Unsupported, "{err}");
    // Plain SIMD is still accepted.
    compile_with(
        relaxed_off,
        "(module (func (param v128) (result v128) (f32x4.add (local.get 0) (local.get 0))))",
    )
    .unwrap();
}

/// Reference types off: Wasm 1.0's tables and values (as wasmtime's
/// `wasm_reference_types(false)`).
fn reference_types_off(c: &mut crate::Config) {
    c.wasm_reference_types(false);
}

#[test]
fn reference_types_off_allows_one_table() {
    for wat in [
        "(module (table 10 funcref) (table 10 funcref))",
        "(module (import \"\" \"t\" (table 10 funcref)) (table 10 funcref))",
        "(module (import \"\" \"a\" (table 10 funcref)) (import \"\" \"b\" (table 10 funcref)))",
    ] {
        let err = compile_with(reference_types_off, wat).unwrap_err();
        assert_eq!(err.kind, CompileErrorKind::Invalid, "{wat}: {err}");
        assert!(err.message.starts_with("multiple tables"), "{wat}: {err}");
    }
    compile_with(
        reference_types_off,
        "(module (import \"\" \"t\" (table 10 funcref)))",
    )
    .unwrap();
    // On (the default): any number of tables, of any reference type.
    compile_with(|_| {}, "(module (table 10 funcref) (table 10 funcref))").unwrap();
    compile_with(|_| {}, "(module (table 1 funcref) (table 1 externref))").unwrap();
}

#[test]
fn reference_types_off_refuses_reference_values_and_operators() {
    for wat in [
        // Reference value types.
        "(module (func (param externref)))",
        "(module (func (result funcref) unreachable))",
        "(module (func (local funcref)))",
        "(module (global externref (ref.null extern)))",
        "(module (func (drop (block (result externref) unreachable))))",
        "(module (table 1 externref))",
        // The operators on references and tables.
        "(module (func (drop (ref.null func))))",
        "(module (func (result i32) unreachable ref.is_null))",
        "(module (func $f) (elem declare func $f) (func (drop (ref.func $f))))",
        "(module (table 1 funcref) (func (drop (table.get 0 (i32.const 0)))))",
        "(module (table 1 funcref) (func unreachable table.set 0))",
        "(module (table 1 funcref) (func (result i32) (table.size 0)))",
        "(module (table 1 funcref) (func (result i32) unreachable table.grow 0))",
        "(module (table 1 funcref) (func unreachable table.fill 0))",
        "(module (func (result i32) (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0))))",
        // References in a global's initialiser.
        "(module (global i32 (ref.null func)))",
        "(module (func $f) (global i32 (ref.func $f)))",
    ] {
        let err = compile_with(reference_types_off, wat).unwrap_err();
        assert_eq!(err.kind, CompileErrorKind::Unsupported, "{wat}: {err}");
        assert!(err.message.contains("reference types"), "{wat}: {err}");
    }
}

#[test]
fn reference_types_off_keeps_wasm_1_tables_working() {
    // One funcref table, filled by element segments (function indices, or items as
    // expressions), called through, and bulk memory's table operators on it.
    compile_with(
        reference_types_off,
        r#"(module
            (type $t (func (result i32)))
            (table 4 funcref)
            (elem (i32.const 0) $a $b)
            (elem (i32.const 2) funcref (ref.func $a) (ref.null func))
            (elem $passive func $b)
            (func $a (result i32) (i32.const 1))
            (func $b (result i32) (i32.const 2))
            (func (export "call") (param i32) (result i32)
                (call_indirect (type $t) (local.get 0)))
            (func (export "bulk")
                (table.copy (i32.const 0) (i32.const 1) (i32.const 1))
                (table.init $passive (i32.const 0) (i32.const 0) (i32.const 1))
                (elem.drop $passive)))"#,
    )
    .unwrap();
    // Untyped `select` is Wasm 1.0.
    compile_with(
        reference_types_off,
        "(module (func (result i32) (select (i32.const 1) (i32.const 2) (i32.const 0))))",
    )
    .unwrap();
}

#[test]
fn simd_operators_are_all_covered() {
    // Every SIMD operator wasmparser can decode has a rule: none falls through to the
    // "unsupported feature" arm with SIMD and relaxed SIMD on.
    macro_rules! simd_operators {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
            [$(stringify!($op)),*]
        };
    }
    let all = wasmparser::for_each_visit_simd_operator!(simd_operators);
    let source = include_str!("func/simd.rs");
    for op in all {
        assert!(
            source.contains(&format!("Operator::{op} "))
                || source.contains(&format!("Operator::{op}\n")),
            "SIMD operator {op} has no rule in validate/func/simd.rs"
        );
    }
}

#[test]
fn threads_off_is_unsupported() {
    for wat in [
        "(module (memory 1 1 shared))",
        "(module (import \"m\" \"mem\" (memory 1 1 shared)))",
        "(module (memory 1) (func (result i32) (i32.atomic.load (i32.const 0))))",
        "(module (func atomic.fence))",
    ] {
        let err = compile_with(
            |c| {
                c.wasm_threads(false);
            },
            wat,
        )
        .unwrap_err();
        assert_eq!(err.kind, CompileErrorKind::Unsupported, "{wat}: {err}");
        assert!(err.message.contains("threads"), "{wat}: {err}");
    }
}

#[test]
fn threads_rules() {
    let on = |c: &mut crate::Config| {
        c.wasm_threads(true);
    };
    compile_with(
        on,
        r#"(module
          (memory 1 1 shared)
          (func (param i32 i64) (result i32)
            atomic.fence
            (drop (i64.atomic.load32_u offset=8 (local.get 0)))
            (i32.atomic.store16 (local.get 0) (i32.const 7))
            (drop (i64.atomic.rmw8.xchg_u (local.get 0) (local.get 1)))
            (drop (i32.atomic.rmw.cmpxchg (local.get 0) (i32.const 1) (i32.const 2)))
            (drop (i64.atomic.rmw32.cmpxchg_u (local.get 0) (local.get 1) (local.get 1)))
            (drop (memory.atomic.wait64 (local.get 0) (local.get 1) (i64.const -1)))
            (drop (memory.atomic.wait32 (local.get 0) (i32.const 0) (i64.const 0)))
            (memory.atomic.notify (local.get 0) (i32.const 1))))"#,
    )
    .unwrap();
    // Atomics are valid on an unshared memory too.
    compile_with(
        on,
        "(module (memory 1) (func (result i32) (i32.atomic.rmw16.add_u (i32.const 0) (i32.const 1))))",
    )
    .unwrap();
    for (wat, message) in [
        (
            "(module (memory 1 shared))",
            "shared memory must have maximum",
        ),
        (
            "(module (func (result i32) (i32.atomic.load (i32.const 0))))",
            "unknown memory",
        ),
        (
            "(module (memory 1 1 shared) (func (result i32) (i32.atomic.load align=2 (i32.const 0))))",
            "alignment must be equal to natural",
        ),
        (
            "(module (memory 1 1 shared) (func (result i64) (i64.atomic.load8_u align=2 (i32.const 0))))",
            "alignment must be equal to natural",
        ),
        (
            "(module (memory 1 1 shared) (func (result i32) (i32.atomic.rmw.add (i32.const 0) (i64.const 1))))",
            "type mismatch",
        ),
        (
            "(module (memory 1 1 shared) (func (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i32.const 0))))",
            "type mismatch",
        ),
        (
            "(module (memory 1 1 shared) (func (result i64) (i64.atomic.rmw.cmpxchg (i32.const 0) (i64.const 0) (i32.const 0))))",
            "type mismatch",
        ),
    ] {
        let err = compile_with(on, wat).unwrap_err();
        assert_eq!(err.kind, CompileErrorKind::Invalid, "{wat}: {err}");
        assert!(err.message.contains(message), "{wat}: {err}");
    }
}

#[test]
fn atomic_operators_are_all_covered() {
    // Every operator of the threads proposal wasmparser can decode has a rule in
    // validate/func/atomic.rs: none falls through to the "unsupported feature" arm.
    macro_rules! threads_operators {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
            [$((stringify!($proposal), stringify!($op))),*]
        };
    }
    let all = wasmparser::for_each_visit_operator!(threads_operators);
    let source = include_str!("func/atomic.rs");
    let threads: Vec<_> = all.iter().filter(|(p, _)| *p == "threads").collect();
    assert_eq!(
        threads.len(),
        67,
        "the threads proposal's operator count changed"
    );
    for (_, op) in threads {
        assert!(
            source.contains(&format!("O::{op} ")),
            "atomic operator {op} has no rule in validate/func/atomic.rs"
        );
    }
}
