//! Custom page sizes (`(pagesize 1)`) through the embedding API: `MemoryType` with a page
//! size, `Memory::size`/`grow`/`page_size` in the memory's own pages, `memory.size` and
//! `memory.grow` in wasm agreeing with them, import matching by page size, and
//! `Config::wasm_custom_page_sizes`, off by default.

use kestrel::{
    CompileErrorKind, Config, Engine, Error, Linker, Memory, MemoryType, Module, Store, TrapCode,
};

fn engine() -> Engine {
    let mut config = Config::new();
    config.wasm_custom_page_sizes(true);
    Engine::new(&config)
}

#[test]
fn a_host_memory_of_one_byte_pages_counts_bytes() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let ty = MemoryType::new(3, Some(10)).with_page_size_log2(0);
    assert_eq!(ty.page_size(), 1);
    assert_eq!(ty.max_pages(), u64::from(u32::MAX));
    let memory = Memory::new(&mut store, ty).unwrap();
    assert_eq!(memory.page_size(&store), 1);
    assert_eq!(memory.size(&store), 3);
    assert_eq!(memory.data_size(&store), 3);
    assert_eq!(memory.grow(&mut store, 5).unwrap(), 3);
    assert_eq!(memory.size(&store), 8);
    assert_eq!(memory.data_size(&store), 8);
    memory.write(&mut store, 7, &[42]).unwrap();
    assert!(memory.write(&mut store, 8, &[1]).is_err());
    // Past the maximum of 10 pages (bytes).
    assert!(memory.grow(&mut store, 3).is_err());
    let ty = memory.ty(&store);
    assert_eq!(
        (ty.limits.min, ty.limits.max, ty.page_size_log2),
        (8, Some(10), 0)
    );
    // The default stays 64 KiB.
    let default = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    assert_eq!(default.page_size(&store), 65536);
    assert_eq!(default.size(&store), 1);
    assert_eq!(default.data_size(&store), 65536);
}

#[test]
fn page_sizes_other_than_1_and_65536_are_refused() {
    let mut store = Store::new(&engine(), ());
    for log2 in [1, 12, 15, 17, 40] {
        let ty = MemoryType::new(1, None).with_page_size_log2(log2);
        assert!(Memory::new(&mut store, ty).is_err(), "2^{log2}");
    }
}

#[test]
fn wasm_and_the_api_agree_on_sizes_in_pages() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
             (memory (export "mem") 5 100 (pagesize 1))
             (func (export "size") (result i32) (memory.size))
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
             (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let memory = instance.get_memory(&mut store, "mem").unwrap();
    let size = instance
        .get_typed_func::<(), i32>(&mut store, "size")
        .unwrap();
    let grow = instance
        .get_typed_func::<i32, i32>(&mut store, "grow")
        .unwrap();
    let load = instance
        .get_typed_func::<i32, i32>(&mut store, "load")
        .unwrap();
    assert_eq!(size.call(&mut store, ()).unwrap(), 5);
    assert_eq!(memory.size(&store), 5);
    assert_eq!(grow.call(&mut store, 7).unwrap(), 5);
    assert_eq!(memory.size(&store), 12);
    assert_eq!(memory.data_size(&store), 12);
    assert_eq!(memory.grow(&mut store, 3).unwrap(), 12);
    assert_eq!(size.call(&mut store, ()).unwrap(), 15);
    memory.write(&mut store, 14, &[9]).unwrap();
    assert_eq!(load.call(&mut store, 14).unwrap(), 9);
    let err = load.call(&mut store, 15).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    // Growing past the maximum of 100 one-byte pages fails with -1.
    assert_eq!(grow.call(&mut store, 86).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 85).unwrap(), 15);
    assert_eq!(memory.size(&store), 100);
}

#[test]
fn imports_match_only_the_same_page_size() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let small = Memory::new(&mut store, MemoryType::new(2, None).with_page_size_log2(0)).unwrap();
    let large = Memory::new(&mut store, MemoryType::new(2, None)).unwrap();
    let importer = |page: &str| {
        Module::new(
            &engine,
            format!(r#"(module (import "m" "mem" (memory 1 {page})))"#),
        )
        .unwrap()
    };
    for (memory, page, ok) in [
        (small, "(pagesize 1)", true),
        (small, "(pagesize 65536)", false),
        (small, "", false),
        (large, "(pagesize 1)", false),
        (large, "(pagesize 65536)", true),
        (large, "", true),
    ] {
        let mut linker = Linker::new(&engine);
        linker.define(&store, "m", "mem", memory).unwrap();
        let result = linker.instantiate(&mut store, &importer(page));
        match (ok, result) {
            (true, Ok(_)) => {}
            (false, Err(Error::Link(message))) => {
                assert!(message.contains("page sizes differ"), "{message}")
            }
            (_, other) => panic!("{page}: {:?}", other.map(|_| ())),
        }
    }
}

#[test]
fn off_by_default_as_an_unsupported_feature() {
    let wat = "(module (memory 1 (pagesize 1)))";
    let Err(Error::Compile(err)) = Module::new(&Engine::default(), wat) else {
        panic!("compiled without the feature");
    };
    assert_eq!(err.kind, CompileErrorKind::Unsupported);
    assert_eq!(err.message, "custom page sizes");
    Module::new(&engine(), wat).unwrap();
    let Err(Error::Compile(err)) = Module::new(&engine(), "(module (memory 1 (pagesize 4096)))")
    else {
        panic!("a page size of 4096 compiled");
    };
    assert_eq!(err.kind, CompileErrorKind::Invalid);
}
