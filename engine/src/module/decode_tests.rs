//! Tests of the decoder: what a binary becomes in `ModuleInfo`, and how bad binaries are
//! classified.

use super::decode::decode;
use super::info::{ConstOp, DataMode, ElemMode, ExternKind, ImportType};
use crate::error::CompileErrorKind;
use crate::value::{RefType, ValType};

fn decode_wat(text: &str) -> super::ModuleInfo {
    let bytes = wat::parse_str(text).expect("test WAT parses");
    decode(bytes.into(), &crate::Engine::default()).expect("module decodes")
}

#[test]
fn decodes_every_section() {
    let info = decode_wat(
        r#"(module $m
            (type $t (func (param i32) (result i64)))
            (import "env" "f" (func $imp (type $t)))
            (import "env" "g" (global $g i32))
            (func $a (type $t) (i64.const 1))
            (func $b (result i32) (i32.const 2))
            (table 2 10 funcref)
            (memory 1 2)
            (global $h (mut i64) (i64.const 7))
            (export "a" (func $a))
            (start $s)
            (func $s)
            (elem (i32.const 0) $a $b)
            (elem declare func $s)
            (data (i32.const 8) "hello")
            (data "passive"))"#,
    );
    assert_eq!(info.types.len(), 3);
    assert_eq!(info.num_imported_funcs, 1);
    assert_eq!(info.funcs.len(), 4);
    assert_eq!(info.bodies.len(), 3);
    assert_eq!(info.num_imported_globals, 1);
    assert_eq!(info.globals.len(), 2);
    assert_eq!(info.global_inits[0].ops, vec![ConstOp::I64Const(7)]);
    assert!(matches!(info.imports[1].ty, ImportType::Global(_)));
    assert_eq!(info.tables[0].limits.max, Some(10));
    assert_eq!(info.memories[0].limits.min, 1);
    assert_eq!(info.exports[0].kind, ExternKind::Func);
    assert_eq!(info.start, Some(3));
    assert_eq!(info.elems.len(), 2);
    // A list of function indices is `(ref func)` (Wasm 3.0), whatever proposals are on.
    assert_eq!(info.elems[0].ty, RefType::FUNCREF.as_non_null());
    assert!(info.elems[0].func_indices);
    assert_eq!(info.elems[0].items[1].ops, vec![ConstOp::RefFunc(2)]);
    assert!(matches!(
        info.elems[0].mode,
        ElemMode::Active { table: 0, .. }
    ));
    assert_eq!(info.elems[1].mode, ElemMode::Declared);
    let DataMode::Active { memory: 0, offset } = &info.datas[0].mode else {
        panic!("active data segment expected");
    };
    assert_eq!(offset.ops, vec![ConstOp::I32Const(8)]);
    assert_eq!(&info.bytes[info.datas[0].range.clone()], b"hello");
    assert_eq!(info.datas[1].mode, DataMode::Passive);
    assert_eq!(info.name.as_deref(), Some("m"));
    assert_eq!(info.func_name(1), Some("a"));
    assert_eq!(info.func_type(1).results(), &[ValType::I64]);
    // Declared for ref.func: $a and $b (elem), $s (declare), $a (export); not the import.
    assert_eq!(info.declared_func_refs, vec![false, true, true, true]);
}

#[test]
fn bad_name_section_is_ignored() {
    let mut bytes = wat::parse_str("(module (func))").unwrap();
    // A custom section "name" whose function-names subsection is truncated.
    bytes.extend_from_slice(&[0, 8, 4, b'n', b'a', b'm', b'e', 1, 5, 1]);
    let info = decode(bytes.into(), &crate::Engine::default())
        .expect("a bad name section must not reject the module");
    assert!(info.func_names.is_empty());
}

/// (binary, expected kind) for malformed or unsupported binaries. (A shared memory decodes: the
/// validator refuses it when threads are off, `validate::tests::threads_off_is_unsupported`.)
const BAD_BINARIES: &[(&[u8], CompileErrorKind)] = &[
    (b"\0asm", CompileErrorKind::Malformed),
    (b"\0asm\x02\0\0\0", CompileErrorKind::Malformed),
    (b"\0asm\x0d\0\x01\0", CompileErrorKind::Unsupported), // a component
    (b"\0asm\x01\0\0\0\x0e\x00", CompileErrorKind::Malformed), // unknown section id 14
    (
        b"\0asm\x01\0\0\0\x05\x03\x01\x04\x01",
        CompileErrorKind::Unsupported,
    ), // memory64
    (
        b"\0asm\x01\0\0\0\x05\x02\x01\x10",
        CompileErrorKind::Malformed,
    ), // bad limits flags
];

#[test]
fn bad_binaries_are_classified() {
    for (bytes, kind) in BAD_BINARIES {
        let err = decode(bytes.to_vec().into(), &crate::Engine::default())
            .expect_err("bad binary rejected");
        assert_eq!(err.kind, *kind, "{bytes:?}: {err}");
    }
}

#[test]
fn v128_globals_keep_their_constant() {
    let info = decode_wat(
        "(module (global v128 (v128.const i32x4 1 2 3 4)) (global (mut v128) (v128.const i64x2 -1 5)))",
    );
    assert_eq!(info.globals[0].content, ValType::V128);
    assert_eq!(
        info.global_inits[0].ops,
        vec![ConstOp::V128Const(
            0x0000_0004_0000_0003_0000_0002_0000_0001
        )]
    );
    assert_eq!(
        info.global_inits[1].ops,
        vec![ConstOp::V128Const((5u128 << 64) | u128::from(u64::MAX))]
    );
}
