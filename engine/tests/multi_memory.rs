//! Multi-memory (Wasm 3.0) end to end: loads, stores, bulk operations, `memory.size` and
//! `memory.grow` on memories other than 0, imported and exported, each bounds-checked against
//! its own size; memory 0 unaffected by the others' growth; and `Config::wasm_multi_memory
//! (false)`, which restores Wasm 2.0's binary rules.

use kestrel::{
    CompileErrorKind, Config, Engine, Error, Linker, Memory, MemoryType, Module, Store, TrapCode,
};

const WAT: &str = r#"(module
  (import "env" "host" (memory $h 1))
  (memory $a (export "a") 1)
  (memory $b (export "b") 1 4)
  (data (memory $b) (i32.const 8) "\01\02\03\04")
  (func (export "store") (param $mem i32) (param $addr i32) (param $v i64)
    (if (i32.eqz (local.get $mem)) (then (i64.store $h (local.get $addr) (local.get $v))))
    (if (i32.eq (local.get $mem) (i32.const 1)) (then (i64.store $a (local.get $addr) (local.get $v))))
    (if (i32.eq (local.get $mem) (i32.const 2)) (then (i64.store $b (local.get $addr) (local.get $v)))))
  (func (export "load_b") (param i32) (result i32) (i32.load $b (local.get 0)))
  (func (export "load16_a") (param i32) (result i32) (i32.load16_s $a offset=2 (local.get 0)))
  (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
  (func (export "sizes") (result i32 i32 i32) (memory.size $h) (memory.size $a) (memory.size $b))
  (func (export "copy_b_to_h") (param i32 i32 i32)
    (memory.copy $h $b (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill_a") (param i32 i32 i32)
    (memory.fill $a (local.get 0) (local.get 1) (local.get 2)))
  ;; Memory 0 (the import) read in a loop while memory $b grows: its cached base stays right.
  (func (export "sum_h_growing_b") (param $n i32) (result i64) (local $i i32) (local $s i64)
    (loop $l
      (local.set $s (i64.add (local.get $s) (i64.load $h (i32.shl (local.get $i) (i32.const 3)))))
      (drop (memory.grow $b (i32.const 0)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))
)"#;

struct Fixture {
    store: Store<()>,
    instance: kestrel::Instance,
    host: Memory,
}

fn fixture(engine: &Engine) -> Fixture {
    let module = Module::new(engine, WAT).unwrap();
    let mut store = Store::new(engine, ());
    let host = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let mut linker = Linker::new(engine);
    linker.define(&store, "env", "host", host).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    Fixture {
        store,
        instance,
        host,
    }
}

#[test]
fn each_memory_is_its_own() {
    let Fixture {
        mut store,
        instance,
        host,
    } = fixture(&Engine::default());
    let a = instance.get_memory(&mut store, "a").unwrap();
    let b = instance.get_memory(&mut store, "b").unwrap();
    let store_ = instance
        .get_typed_func::<(i32, i32, i64), ()>(&mut store, "store")
        .unwrap();
    for (mem, v) in [(0, 0x1111_i64), (1, 0x2222), (2, 0x3333)] {
        store_.call(&mut store, (mem, 16, v)).unwrap();
    }
    assert_eq!(host.data(&store)[16..18], [0x11, 0x11]);
    assert_eq!(a.data(&store)[16..18], [0x22, 0x22]);
    assert_eq!(b.data(&store)[16..18], [0x33, 0x33]);
    // The data segment went to $b only.
    assert_eq!(b.data(&store)[8..12], [1, 2, 3, 4]);
    assert_eq!(host.data(&store)[8..12], [0; 4]);
    let load_b = instance
        .get_typed_func::<i32, i32>(&mut store, "load_b")
        .unwrap();
    assert_eq!(load_b.call(&mut store, 8).unwrap(), 0x0403_0201);
    let load16_a = instance
        .get_typed_func::<i32, i32>(&mut store, "load16_a")
        .unwrap();
    assert_eq!(load16_a.call(&mut store, 14).unwrap(), 0x2222);
    // Bounds are each memory's own: $b is one page until it grows.
    let err = load_b.call(&mut store, 65533).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    let err = load16_a.call(&mut store, 65533).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    let grow_b = instance
        .get_typed_func::<i32, i32>(&mut store, "grow_b")
        .unwrap();
    assert_eq!(grow_b.call(&mut store, 2).unwrap(), 1);
    assert_eq!(grow_b.call(&mut store, 2).unwrap(), -1);
    assert_eq!(load_b.call(&mut store, 65533).unwrap(), 0);
    let sizes = instance
        .get_typed_func::<(), (i32, i32, i32)>(&mut store, "sizes")
        .unwrap();
    assert_eq!(sizes.call(&mut store, ()).unwrap(), (1, 1, 3));
    assert_eq!(b.size(&store), 3);
}

#[test]
fn bulk_operations_between_memories() {
    let Fixture {
        mut store,
        instance,
        host,
    } = fixture(&Engine::default());
    let copy = instance
        .get_typed_func::<(i32, i32, i32), ()>(&mut store, "copy_b_to_h")
        .unwrap();
    copy.call(&mut store, (100, 8, 4)).unwrap();
    assert_eq!(host.data(&store)[100..104], [1, 2, 3, 4]);
    // The destination range is checked against the destination memory.
    let err = copy.call(&mut store, (65534, 8, 4)).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    let fill = instance
        .get_typed_func::<(i32, i32, i32), ()>(&mut store, "fill_a")
        .unwrap();
    fill.call(&mut store, (10, 0xab, 3)).unwrap();
    let a = instance.get_memory(&mut store, "a").unwrap();
    assert_eq!(a.data(&store)[9..14], [0, 0xab, 0xab, 0xab, 0]);
    assert_eq!(host.data(&store)[10], 0);
}

#[test]
fn memory_zero_survives_the_others_growing() {
    let Fixture {
        mut store,
        instance,
        host,
    } = fixture(&Engine::default());
    for i in 0..100u64 {
        host.write(&mut store, 8 * i as usize, &(i + 1).to_le_bytes())
            .unwrap();
    }
    let sum = instance
        .get_typed_func::<i32, i64>(&mut store, "sum_h_growing_b")
        .unwrap();
    assert_eq!(sum.call(&mut store, 100).unwrap(), 5050);
}

#[test]
fn off_restores_wasm_2_binary_rules() {
    let mut config = Config::new();
    config.wasm_multi_memory(false);
    let engine = Engine::new(&config);
    let Err(Error::Compile(err)) = Module::new(&engine, "(module (memory 1) (memory 1))") else {
        panic!("two memories compiled with multi-memory off");
    };
    assert_eq!(err.kind, CompileErrorKind::Invalid);
    assert!(err.message.contains("multiple memories"), "{}", err.message);
    // `memory.size` with a byte other than zero after it.
    let binary: &[u8] = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0\x05\x03\x01\0\0\
                          \x0a\x07\x01\x05\0\x3f\x01\x1a\x0b";
    let Err(Error::Compile(err)) = Module::from_binary(&engine, binary) else {
        panic!("a non-zero reserved byte compiled with multi-memory off");
    };
    assert_eq!(err.kind, CompileErrorKind::Malformed);
    assert!(
        err.message.contains("zero byte expected"),
        "{}",
        err.message
    );
    // On (the default), the same byte is memory index 1, which does not exist.
    let Err(Error::Compile(err)) = Module::from_binary(&Engine::default(), binary) else {
        panic!("memory 1 of a module with one memory");
    };
    assert_eq!(err.kind, CompileErrorKind::Invalid);
    assert!(matches!(Module::new(&engine, WAT), Err(Error::Compile(_))));
    // A memory's minimum of more than 32 bits: malformed as a u32 (off), invalid as Wasm 3.0's
    // u64 (on).
    let limits: &[u8] = b"\0asm\x01\0\0\0\x05\x07\x01\0\x82\x80\x80\x80\x70";
    for (engine, kind) in [
        (engine, CompileErrorKind::Malformed),
        (Engine::default(), CompileErrorKind::Invalid),
    ] {
        let Err(Error::Compile(err)) = Module::from_binary(&engine, limits) else {
            panic!("a memory of more than 4 GiB compiled");
        };
        assert_eq!(err.kind, kind, "{}", err.message);
    }
}
