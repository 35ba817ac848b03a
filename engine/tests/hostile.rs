//! Hostile input: modules built to hurt a runtime (truncated, oversized, overflowing, deeply
//! nested, huge) and runs built to exhaust it. Each must end in a module, a clean error or a
//! trap, never a panic, hang or crash, and each test takes at most a few seconds.
//!
//! Binaries are assembled byte by byte here (the `wat` crate would refuse most of them).

use kestrel::{
    Caller, CompilationMode, CompileErrorKind, Config, Engine, Error, Extern, Linker, Module,
    Store, StoreLimits, StoreLimitsBuilder, TrapCode,
};
use std::time::{Duration, Instant};

// ---- a tiny binary assembler ----

fn uleb(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

fn sleb(mut v: i64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        let done = (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0);
        if done {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// A vector: its length, then the items.
fn vec_of(items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = uleb(items.len() as u64);
    for i in items {
        out.extend_from_slice(i);
    }
    out
}

fn section(id: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![id];
    out.extend(uleb(body.len() as u64));
    out.extend_from_slice(body);
    out
}

fn module(sections: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    for s in sections {
        out.extend_from_slice(s);
    }
    out
}

const I32: u8 = 0x7f;
const I64: u8 = 0x7e;

fn func_type(params: &[u8], results: &[u8]) -> Vec<u8> {
    let mut t = vec![0x60];
    t.extend(uleb(params.len() as u64));
    t.extend_from_slice(params);
    t.extend(uleb(results.len() as u64));
    t.extend_from_slice(results);
    t
}

/// A module with one type, one function of that type exported as "f", and the given body
/// (locals declaration included, without the size prefix).
fn one_func_module(params: &[u8], results: &[u8], body: &[u8]) -> Vec<u8> {
    let mut code = uleb(body.len() as u64);
    code.extend_from_slice(body);
    let mut export = vec![1, b'f', 0x00];
    export.extend(uleb(0));
    module(&[
        section(1, &vec_of(&[func_type(params, results)])),
        section(3, &vec_of(&[uleb(0)])),
        section(7, &vec_of(&[export])),
        section(10, &vec_of(&[code])),
    ])
}

fn compile(bytes: &[u8]) -> Result<Module, Error> {
    Module::from_binary(&Engine::default(), bytes)
}

fn compile_eager(bytes: &[u8]) -> Result<Module, Error> {
    let mut config = Config::new();
    config.compilation_mode(CompilationMode::Eager);
    Module::from_binary(&Engine::new(&config), bytes)
}

fn kind(result: Result<Module, Error>) -> CompileErrorKind {
    match result {
        Err(Error::Compile(e)) => e.kind,
        Err(other) => panic!("not a compile error: {other}"),
        Ok(_) => panic!("accepted"),
    }
}

fn instantiate(engine: &Engine, bytes: &[u8]) -> (Store<()>, kestrel::Instance) {
    let module = Module::from_binary(engine, bytes).expect("module compiles");
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    (store, instance)
}

/// Fails the test if `f` takes longer than `limit` (the bar for "a few seconds").
fn within<R>(limit: Duration, what: &str, f: impl FnOnce() -> R) -> R {
    let started = Instant::now();
    let r = f();
    let took = started.elapsed();
    assert!(took < limit, "{what} took {took:?}");
    r
}

/// A module with a bit of everything, for truncation.
fn rich_module() -> Vec<u8> {
    wat::parse_str(
        r#"(module
             (type $t (func (param i32) (result i32)))
             (import "env" "g" (global $g i32))
             (memory 1 2)
             (table 2 funcref)
             (global $h (mut i64) (i64.const -1))
             (func $f (export "f") (type $t)
               (block (result i32) (br_table 0 0 (local.get 0) (local.get 0))))
             (func $s)
             (start $s)
             (elem (i32.const 0) $f $s)
             (data (i32.const 8) "hello")
             (@custom "note" "anything"))"#,
    )
    .unwrap()
}

// ---- malformed binaries ----

#[test]
fn every_truncation_of_a_module_is_a_clean_error() {
    let full = rich_module();
    assert!(compile(&full).is_ok());
    within(Duration::from_secs(5), "truncations", || {
        let mut errors = 0;
        for len in 0..full.len() {
            // A prefix ending between sections is a valid smaller module; any other is an error.
            match compile(&full[..len]) {
                Ok(_) => {}
                Err(Error::Compile(_)) => errors += 1,
                Err(e) => panic!("prefix of {len} bytes: {e}"),
            }
        }
        assert!(errors > full.len() * 3 / 4, "{errors} of {}", full.len());
    });
}

#[test]
fn every_single_byte_change_is_a_module_or_a_clean_error() {
    let full = rich_module();
    within(Duration::from_secs(10), "byte flips", || {
        for at in 8..full.len() {
            for v in [0x00, 0x01, 0x7f, 0x80, 0xff, full[at] ^ 0x40] {
                let mut bytes = full.clone();
                bytes[at] = v;
                for r in [compile(&bytes), compile_eager(&bytes)] {
                    assert!(
                        matches!(r, Ok(_) | Err(Error::Compile(_))),
                        "byte {at} = {v:#x}: {:?}",
                        r.err()
                    );
                }
            }
        }
    });
}

#[test]
fn section_sizes_past_the_end_are_malformed() {
    for size in [1u64, 100, u32::MAX as u64] {
        let mut bytes = module(&[]);
        bytes.push(1);
        bytes.extend(uleb(size));
        assert_eq!(
            kind(compile(&bytes)),
            CompileErrorKind::Malformed,
            "size {size}"
        );
    }
    // A section whose declared size is smaller than its content.
    let types = vec_of(&[func_type(&[I32], &[I32])]);
    let mut bytes = module(&[]);
    bytes.push(1);
    bytes.extend(uleb(types.len() as u64 - 2));
    bytes.extend(&types);
    assert!(matches!(compile(&bytes), Err(Error::Compile(_))));
}

#[test]
fn huge_counts_are_malformed_without_allocating_them() {
    within(Duration::from_secs(2), "huge counts", || {
        for id in [1u8, 2, 3, 4, 5, 6, 7, 9, 10, 11] {
            let mut body = uleb(u32::MAX as u64);
            body.push(0);
            let bytes = module(&[section(id, &body)]);
            assert!(
                matches!(compile(&bytes), Err(Error::Compile(_))),
                "section {id}"
            );
        }
        // u32::MAX locals of one type in a function body.
        let mut body = uleb(1);
        body.extend(uleb(u32::MAX as u64));
        body.push(I64);
        body.push(0x0b);
        assert!(matches!(
            compile(&one_func_module(&[], &[], &body)),
            Err(Error::Compile(_))
        ));
    });
}

#[test]
fn leb128_overflow_is_malformed() {
    // A section size in 6 bytes (u32 takes at most 5).
    let mut bytes = module(&[]);
    bytes.extend([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]);
    assert_eq!(kind(compile(&bytes)), CompileErrorKind::Malformed);
    // A 5-byte u32 whose last byte has bits beyond 32.
    let mut bytes = module(&[]);
    bytes.extend([1, 0xff, 0xff, 0xff, 0xff, 0x7f]);
    assert_eq!(kind(compile(&bytes)), CompileErrorKind::Malformed);
    // i32.const with an 6-byte immediate, and with a 5-byte one whose unused bits are not a
    // sign extension.
    for imm in [
        &[0x80, 0x80, 0x80, 0x80, 0x80, 0x00][..],
        &[0xff, 0xff, 0xff, 0xff, 0x4f][..],
    ] {
        let mut body = vec![0, 0x41];
        body.extend_from_slice(imm);
        body.extend([0x1a, 0x0b]);
        assert_eq!(
            kind(compile(&one_func_module(&[], &[], &body))),
            CompileErrorKind::Malformed,
            "{imm:x?}"
        );
    }
    // i64.const with an 11-byte immediate.
    let mut body = vec![0, 0x42];
    body.extend([0x80; 10]);
    body.extend([0x00, 0x1a, 0x0b]);
    assert_eq!(
        kind(compile(&one_func_module(&[], &[], &body))),
        CompileErrorKind::Malformed
    );
    // The extremes themselves are fine.
    let mut body = vec![0, 0x42];
    body.extend(sleb(i64::MIN));
    body.push(0x0b);
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, &one_func_module(&[], &[I64], &body));
    let f = instance.get_typed_func::<(), i64>(&mut store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), i64::MIN);
}

// ---- huge but valid ----

#[test]
fn a_hundred_thousand_nested_blocks() {
    const DEPTH: usize = 100_000;
    let mut body = vec![0];
    for _ in 0..DEPTH {
        body.extend([0x02, 0x40]); // block
    }
    body.extend([0x41, 0x07, 0x1a]); // i32.const 7; drop
    // br out of everything from the innermost block.
    body.push(0x0c);
    body.extend(uleb(DEPTH as u64 - 1));
    body.extend(std::iter::repeat_n(0x0b, DEPTH));
    body.extend([0x41, 42, 0x0b]); // i32.const 42; end
    let bytes = one_func_module(&[], &[I32], &body);
    within(Duration::from_secs(5), "100,000 nested blocks", || {
        for eager in [false, true] {
            let mut config = Config::new();
            if eager {
                config.compilation_mode(CompilationMode::Eager);
            }
            let (mut store, instance) = instantiate(&Engine::new(&config), &bytes);
            let f = instance.get_typed_func::<(), i32>(&mut store, "f").unwrap();
            assert_eq!(f.call(&mut store, ()).unwrap(), 42);
        }
    });
    // Unclosed: the same nesting without the `end`s is malformed, not a stack overflow.
    let mut body = vec![0];
    body.extend(std::iter::repeat_n([0x02, 0x40], DEPTH).flatten());
    assert!(matches!(
        compile(&one_func_module(&[], &[], &body)),
        Err(Error::Compile(_))
    ));
}

/// A function `(param i64) (result i64)` with `locals` more i64 locals that copies the
/// parameter into its last local and returns that plus local 1 (zero).
fn many_locals(locals: u32) -> Vec<u8> {
    let mut body = vec_of(&[[uleb(u64::from(locals)), vec![I64]].concat()]);
    body.extend([0x20, 0x00, 0x21]);
    body.extend(uleb(u64::from(locals)));
    body.extend([0x20]);
    body.extend(uleb(u64::from(locals)));
    body.extend([0x20, 0x01, 0x7c, 0x0b]);
    one_func_module(&[I64], &[I64], &body)
}

#[test]
fn fifty_thousand_locals() {
    // 50,000 is the usual per-function cap (parameters included), as in wasmparser and the
    // JS API; the whole frame runs.
    within(Duration::from_secs(5), "50,000 locals", || {
        let (mut store, instance) = instantiate(&Engine::default(), &many_locals(49_999));
        let f = instance
            .get_typed_func::<i64, i64>(&mut store, "f")
            .unwrap();
        for _ in 0..100 {
            assert_eq!(f.call(&mut store, 1234).unwrap(), 1234);
        }
    });
    // One more is refused at compile time, naming the limit.
    let err = compile(&many_locals(50_000)).unwrap_err();
    assert!(err.to_string().contains("50000"), "{err}");
}

#[test]
fn more_locals_than_frame_slots_is_a_clean_error_or_works() {
    // Frames are addressed by 16-bit slots: 70,000 locals cannot fit. Either the engine
    // refuses the function cleanly or runs it correctly; it must not wrap slot numbers.
    const LOCALS: u32 = 70_000;
    let mut body = vec_of(&[[uleb(u64::from(LOCALS)), vec![I32]].concat()]);
    body.extend([0x20, 0x00, 0x21]);
    body.extend(uleb(u64::from(LOCALS)));
    body.extend([0x20, 0x01, 0x20]); // local.get 1 (zero), then local.get LOCALS
    body.extend(uleb(u64::from(LOCALS)));
    body.extend([0x6a, 0x0b]); // i32.add
    let bytes = one_func_module(&[I32], &[I32], &body);
    let engine = Engine::default();
    let module = match Module::from_binary(&engine, &bytes) {
        Ok(m) => m,
        Err(Error::Compile(_)) => return,
        Err(e) => panic!("{e}"),
    };
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = instance
        .get_typed_func::<i32, i32>(&mut store, "f")
        .unwrap();
    match f.call(&mut store, 99) {
        Ok(v) => assert_eq!(v, 99),
        Err(Error::Compile(_)) => {}
        Err(e) => assert_eq!(e.trap_code(), Some(TrapCode::StackOverflow), "{e}"),
    }
}

#[test]
fn a_br_table_with_a_million_targets() {
    const TARGETS: u32 = 1_000_000;
    // (block $a (block $b (br_table $b $a ... $b (local.get 0))) (return 1)) (return 2)
    let mut body = vec![0, 0x02, 0x40, 0x02, 0x40, 0x20, 0x00, 0x0e];
    body.extend(uleb(u64::from(TARGETS)));
    for i in 0..TARGETS {
        body.push(if i % 3 == 0 { 1 } else { 0 });
    }
    body.push(0); // default: $b
    body.extend([0x0b, 0x41, 0x01, 0x0f, 0x0b, 0x41, 0x02, 0x0b]);
    let bytes = one_func_module(&[I32], &[I32], &body);
    within(
        Duration::from_secs(10),
        "br_table with 1,000,000 targets",
        || {
            let (mut store, instance) = instantiate(&Engine::default(), &bytes);
            let f = instance
                .get_typed_func::<i32, i32>(&mut store, "f")
                .unwrap();
            assert_eq!(f.call(&mut store, 0).unwrap(), 2);
            assert_eq!(f.call(&mut store, 1).unwrap(), 1);
            assert_eq!(f.call(&mut store, 999_999).unwrap(), 2);
            assert_eq!(f.call(&mut store, 999_998).unwrap(), 1);
            assert_eq!(f.call(&mut store, -1).unwrap(), 1);
        },
    );
}

#[test]
fn a_memory_of_65536_pages() {
    let engine = Engine::default();
    let bytes = wat::parse_str(
        r#"(module (memory (export "m") 65536)
             (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
             (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
             (func (export "grow") (result i32) (memory.grow (i32.const 1))))"#,
    )
    .unwrap();
    within(Duration::from_secs(5), "4 GiB memory", || {
        let module = Module::from_binary(&engine, &bytes).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = match Linker::new(&engine).instantiate(&mut store, &module) {
            Ok(i) => i,
            // A host that cannot map 4 GiB must say so, not crash.
            Err(e) => {
                assert!(e.trap_code().is_none(), "{e}");
                return;
            }
        };
        let store_fn = instance
            .get_typed_func::<(i32, i32), ()>(&mut store, "store")
            .unwrap();
        let load = instance
            .get_typed_func::<i32, i32>(&mut store, "load")
            .unwrap();
        let grow = instance
            .get_typed_func::<(), i32>(&mut store, "grow")
            .unwrap();
        store_fn.call(&mut store, (-4, 0x1234_5678)).unwrap();
        assert_eq!(load.call(&mut store, -4).unwrap(), 0x1234_5678);
        assert_eq!(
            load.call(&mut store, -3).unwrap_err().trap_code(),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(grow.call(&mut store, ()).unwrap(), -1);
        let m = instance.get_memory(&mut store, "m").unwrap();
        assert_eq!(m.data_size(&store) as u64, 1 << 32);
    });
    // One page more is invalid.
    assert!(matches!(
        Module::new(&engine, "(module (memory 65537))"),
        Err(Error::Compile(_))
    ));
}

#[test]
fn data_segments_out_of_bounds_trap_at_instantiation() {
    let engine = Engine::default();
    for (offset, len) in [
        (65536u32, 1usize),
        (65535, 2),
        (u32::MAX, 1),
        (u32::MAX - 2, 8),
    ] {
        let data = "x".repeat(len);
        let module = Module::new(
            &engine,
            format!(
                r#"(module (memory 1) (data (i32.const {}) "{data}"))"#,
                offset as i32
            ),
        )
        .unwrap();
        let mut store = Store::new(&engine, ());
        let err = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap_err();
        assert_eq!(
            err.trap_code(),
            Some(TrapCode::MemoryOutOfBounds),
            "offset {offset} len {len}: {err}"
        );
    }
    // An empty segment exactly at the end is fine; one past it is not.
    for (offset, ok) in [(65536, true), (65537, false)] {
        let module = Module::new(
            &engine,
            format!(r#"(module (memory 1) (data (i32.const {offset}) ""))"#),
        )
        .unwrap();
        let mut store = Store::new(&engine, ());
        assert_eq!(
            Linker::new(&engine)
                .instantiate(&mut store, &module)
                .is_ok(),
            ok,
            "offset {offset}"
        );
    }
}

#[test]
fn ten_megabytes_of_custom_sections() {
    let mut one_big = b"big".to_vec();
    one_big.splice(0..0, uleb(3));
    one_big.extend(vec![0xa5; 10 << 20]);
    let mut many = Vec::new();
    for i in 0..10_000u32 {
        let name = format!("c{i}");
        let mut body = uleb(name.len() as u64);
        body.extend(name.as_bytes());
        body.extend(vec![i as u8; 1024]);
        many.push(section(0, &body));
    }
    // A name section that is garbage must not make the module invalid either.
    let mut bad_name = uleb(4);
    bad_name.extend(b"name");
    bad_name.extend([0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]);
    many.push(section(0, &bad_name));
    within(Duration::from_secs(5), "10 MB of custom sections", || {
        assert!(compile(&module(&[section(0, &one_big)])).is_ok());
        assert!(compile(&module(&many)).is_ok());
    });
}

#[test]
fn a_start_function_that_traps() {
    let engine = Engine::default();
    let memory_module = Module::new(
        &engine,
        r#"(module (memory (export "m") 1)
             (func (export "peek") (result i32) (i32.load8_u (i32.const 0))))"#,
    )
    .unwrap();
    let trapping = Module::new(
        &engine,
        r#"(module (import "lib" "m" (memory 1))
             (data (i32.const 0) "\2a")
             (func $boom unreachable)
             (start $boom))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let lib = linker.instantiate(&mut store, &memory_module).unwrap();
    linker.instance(&mut store, "lib", lib).unwrap();
    let err = linker.instantiate(&mut store, &trapping).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::Unreachable));
    // As the spec says, the data segment was written before the start function ran, and the
    // store is still usable.
    let peek = lib.get_typed_func::<(), i32>(&mut store, "peek").unwrap();
    assert_eq!(peek.call(&mut store, ()).unwrap(), 42);
}

#[test]
fn a_memory_grow_storm() {
    let engine = Engine::default();
    let bytes = wat::parse_str(
        r#"(module (memory 0)
             (func (export "storm") (param $n i32) (result i32) (local $ok i32)
               (loop $l
                 (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1))
                   (then (local.set $ok (i32.add (local.get $ok) (i32.const 1)))))
                 (drop (memory.grow (i32.const -1)))
                 (drop (memory.grow (i32.const 0x10000)))
                 (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
               (local.get $ok))
             (func (export "touch") (result i32)
               (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))
                          (i32.const 7))
               (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))))"#,
    )
    .unwrap();
    within(Duration::from_secs(10), "memory.grow storm", || {
        let module = Module::from_binary(&engine, &bytes).unwrap();
        let limits = StoreLimitsBuilder::new().memory_size(64 << 20).build();
        let mut store = Store::new(&engine, limits);
        store.limiter(|l: &mut StoreLimits| l);
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let storm = instance
            .get_typed_func::<i32, i32>(&mut store, "storm")
            .unwrap();
        let touch = instance
            .get_typed_func::<(), i32>(&mut store, "touch")
            .unwrap();
        // 1024 pages fit under 64 MiB; the remaining 9,000 grows fail.
        assert_eq!(storm.call(&mut store, 10_000).unwrap(), 1024);
        assert_eq!(touch.call(&mut store, ()).unwrap(), 7);
        // Without a limiter every one-page grow succeeds (the module allows 4 GiB); the huge
        // ones still fail.
        let mut store = Store::new(&engine, StoreLimits::default());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let storm = instance
            .get_typed_func::<i32, i32>(&mut store, "storm")
            .unwrap();
        let grown = storm.call(&mut store, 2_000).unwrap();
        assert_eq!(grown, 2_000);
    });
}

#[test]
fn deep_host_wasm_host_recursion_is_a_trap_not_a_crash() {
    // wasm "down" calls host "again", which calls wasm "down" again, forever: every level is a
    // nested entry into the interpreter on the host stack. It must end in a trap.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "again" (func $again (param i32) (result i32)))
             (func (export "down") (param i32) (result i32)
               (i32.add (i32.const 1) (call $again (i32.add (local.get 0) (i32.const 1))))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "again",
            |mut caller: Caller<'_, ()>, depth: i32| -> Result<i32, Error> {
                let down = caller
                    .get_export("down")
                    .and_then(Extern::into_func)
                    .unwrap()
                    .typed::<i32, i32>(&caller)?;
                down.call(&mut caller, depth)
            },
        )
        .unwrap();
    // Run on a thread with a modest stack, as an embedder's worker thread might have.
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let mut store = Store::new(&engine, ());
            let instance = linker.instantiate(&mut store, &module).unwrap();
            let down = instance
                .get_typed_func::<i32, i32>(&mut store, "down")
                .unwrap();
            let err = down.call(&mut store, 0).unwrap_err();
            assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow), "{err}");
            // And the store still works for a bounded call afterwards.
            assert!(down.call(&mut store, 0).is_err());
        })
        .unwrap();
    within(Duration::from_secs(5), "host/wasm recursion", || {
        handle.join().unwrap()
    });
}
