//! The embedding API end to end: host functions, typed and untyped calls, memories, tables,
//! globals, traps with backtraces, resource limits and fuel.

use kestrel::{
    Caller, CompilationMode, Config, Engine, Error, Extern, ExternRef, Func, FuncType, Global,
    GlobalType, Instance, Linker, Memory, MemoryType, Module, Mutability, RefType, Store,
    StoreLimits, StoreLimitsBuilder, Table, TableType, TrapCode, Val, ValType,
};

fn instantiate(wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    (store, instance)
}

#[test]
fn typed_call_returns_results() {
    let (mut store, instance) = instantiate(
        r#"(module (func (export "add") (param i32 i64) (result i64)
              (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))))"#,
    );
    let add = instance
        .get_typed_func::<(i32, i64), i64>(&mut store, "add")
        .unwrap();
    assert_eq!(add.call(&mut store, (-2, 10)).unwrap(), 8);
    assert!(
        instance
            .get_typed_func::<i32, i32>(&mut store, "add")
            .is_err()
    );
}

#[test]
fn untyped_call_checks_arity_and_types() {
    let (mut store, instance) =
        instantiate(r#"(module (func (export "id") (param f32) (result f32) (local.get 0)))"#);
    let id = instance.get_func(&mut store, "id").unwrap();
    let mut out = [Val::F32(0)];
    id.call(&mut store, &[Val::F32(1.5f32.to_bits())], &mut out)
        .unwrap();
    assert_eq!(out[0].f32(), Some(1.5));
    assert!(matches!(
        id.call(&mut store, &[Val::I32(1)], &mut out),
        Err(Error::Usage(_))
    ));
    assert!(matches!(
        id.call(&mut store, &[], &mut out),
        Err(Error::Usage(_))
    ));
}

#[test]
fn host_functions_see_store_data_and_memory() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "log" (func $log (param i32 i32)))
            (memory (export "memory") 1)
            (data (i32.const 8) "hello")
            (func (export "run") (call $log (i32.const 8) (i32.const 5))))"#,
    )
    .unwrap();
    let mut linker = Linker::<Vec<String>>::new(&engine);
    linker
        .func_wrap(
            "host",
            "log",
            |mut caller: Caller<'_, Vec<String>>, ptr: u32, len: u32| -> Result<(), Error> {
                let mem = caller
                    .get_export("memory")
                    .and_then(Extern::into_memory)
                    .ok_or_else(|| Error::msg("no memory"))?;
                let (bytes, log) = mem.data_and_store_mut(&mut caller);
                let s = &bytes[ptr as usize..(ptr + len) as usize];
                log.push(String::from_utf8_lossy(s).into_owned());
                Ok(())
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance
        .get_typed_func::<(), ()>(&mut store, "run")
        .unwrap();
    run.call(&mut store, ()).unwrap();
    assert_eq!(store.data(), &["hello".to_string()]);
}

#[derive(Debug)]
struct Exit(i32);
impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}
impl std::error::Error for Exit {}

#[test]
fn host_errors_pass_through_unchanged() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "exit" (func $exit (param i32)))
             (func (export "main") (call $exit (i32.const 7)) unreachable))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "exit", |code: i32| -> Result<(), Error> {
            Err(Error::host(Exit(code)))
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let main = instance
        .get_typed_func::<(), ()>(&mut store, "main")
        .unwrap();
    let err = main.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Exit>().map(|e| e.0), Some(7));
}

#[test]
fn traps_carry_code_and_backtrace_with_names() {
    let (mut store, instance) = instantiate(
        r#"(module
            (func $inner (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
            (func $outer (export "outer") (result i32) (call $inner)))"#,
    );
    let outer = instance
        .get_typed_func::<(), i32>(&mut store, "outer")
        .unwrap();
    let err = outer.call(&mut store, ()).unwrap_err();
    let trap = err.as_trap().expect("a trap");
    assert_eq!(trap.code(), TrapCode::IntegerDivisionByZero);
    let names: Vec<_> = trap
        .backtrace()
        .iter()
        .map(|f| f.func_name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, ["inner", "outer"]);
}

#[test]
fn deep_recursion_traps_instead_of_crashing() {
    let (mut store, instance) = instantiate(
        r#"(module (func $f (export "f") (param i32) (result i32)
              (if (result i32) (i32.eqz (local.get 0))
                (then (i32.const 0))
                (else (i32.add (i32.const 1) (call $f (i32.sub (local.get 0) (i32.const 1))))))))"#,
    );
    let f = instance
        .get_typed_func::<i32, i32>(&mut store, "f")
        .unwrap();
    assert_eq!(f.call(&mut store, 1000).unwrap(), 1000);
    let err = f.call(&mut store, 1_000_000).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
    // The store is still usable after the trap.
    assert_eq!(f.call(&mut store, 10).unwrap(), 10);
}

#[test]
fn host_to_wasm_to_host_reentrancy() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "call_back" (func $cb (param i32) (result i32)))
            (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
            (func (export "go") (param i32) (result i32) (call $cb (local.get 0))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "call_back",
            |mut caller: Caller<'_, ()>, x: i32| -> Result<i32, Error> {
                let twice = caller
                    .get_export("twice")
                    .and_then(Extern::into_func)
                    .unwrap();
                let twice = twice.typed::<i32, i32>(&caller)?;
                twice.call(&mut caller, x + 1)
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let go = instance
        .get_typed_func::<i32, i32>(&mut store, "go")
        .unwrap();
    assert_eq!(go.call(&mut store, 20).unwrap(), 42);
}

#[test]
fn memory_grow_read_write() {
    let (mut store, instance) = instantiate(
        r#"(module (memory (export "m") 1 3)
             (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))"#,
    );
    let mem = instance.get_memory(&mut store, "m").unwrap();
    assert_eq!(mem.size(&store), 1);
    mem.write(&mut store, 100, &42u32.to_le_bytes()).unwrap();
    let load = instance
        .get_typed_func::<i32, i32>(&mut store, "load")
        .unwrap();
    assert_eq!(load.call(&mut store, 100).unwrap(), 42);
    assert_eq!(mem.grow(&mut store, 2).unwrap(), 1);
    assert_eq!(mem.data_size(&store), 3 * 65536);
    assert!(mem.grow(&mut store, 1).is_err());
    assert!(mem.write(&mut store, 3 * 65536 - 1, &[1, 2]).is_err());
    let err = load.call(&mut store, 3 * 65536 - 2).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));
}

/// Growth step by step past the 32 MiB where huge pages are advised: every byte written stays,
/// the new pages are accessible and the first byte past the end still traps.
#[test]
fn memory_grows_in_steps_past_the_huge_page_threshold() {
    let (mut store, instance) = instantiate(
        r#"(module (memory (export "m") 1)
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
             (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
             (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))"#,
    );
    let grow = instance
        .get_typed_func::<i32, i32>(&mut store, "grow")
        .unwrap();
    let store_fn = instance
        .get_typed_func::<(i32, i32), ()>(&mut store, "store")
        .unwrap();
    let load = instance
        .get_typed_func::<i32, i32>(&mut store, "load")
        .unwrap();
    let mut pages = 1;
    while pages < 800 {
        assert_eq!(grow.call(&mut store, 7).unwrap(), pages);
        pages += 7;
        let last = pages * 65536 - 4;
        store_fn.call(&mut store, (last, pages)).unwrap();
    }
    let mut p = 8;
    while p <= pages {
        assert_eq!(load.call(&mut store, p * 65536 - 4).unwrap(), p);
        p += 7;
    }
    let err = load.call(&mut store, pages * 65536 - 3).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));
}

#[test]
fn limiter_caps_memory_growth() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory 1)
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    )
    .unwrap();
    let limits = StoreLimitsBuilder::new().memory_size(4 * 65536).build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let grow = instance
        .get_typed_func::<i32, i32>(&mut store, "grow")
        .unwrap();
    assert_eq!(grow.call(&mut store, 2).unwrap(), 1);
    assert_eq!(grow.call(&mut store, 2).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 1).unwrap(), 3);
}

#[test]
fn limiter_can_trap_on_growth_and_refuse_instantiation() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory 2)
             (func (export "grow") (result i32) (memory.grow (i32.const 10))))"#,
    )
    .unwrap();
    let limits = StoreLimitsBuilder::new()
        .memory_size(4 * 65536)
        .trap_on_grow_failure(true)
        .build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let grow = instance
        .get_typed_func::<(), i32>(&mut store, "grow")
        .unwrap();
    let err = grow.call(&mut store, ()).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::ResourceLimitExceeded));

    let limits = StoreLimitsBuilder::new().memory_size(65536).build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    assert!(
        Linker::new(&engine)
            .instantiate(&mut store, &module)
            .is_err()
    );

    let limits = StoreLimitsBuilder::new().instances(1).build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    assert!(
        Linker::new(&engine)
            .instantiate(&mut store, &module)
            .is_err()
    );
}

#[test]
fn fuel_stops_an_infinite_loop() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, r#"(module (func (export "spin") (loop (br 0))))"#).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(10_000).unwrap();
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let spin = instance
        .get_typed_func::<(), ()>(&mut store, "spin")
        .unwrap();
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
    assert_eq!(store.get_fuel().unwrap(), 0);
    // Without fuel metering, fuel cannot be set.
    let mut plain = Store::new(&Engine::default(), ());
    assert!(plain.set_fuel(1).is_err());
}

#[test]
fn tables_globals_and_refs_from_the_host() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let table = Table::new(
        &mut store,
        TableType::new(RefType::FUNCREF, 2, Some(4)),
        Val::FuncRef(None),
    )
    .unwrap();
    let global = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Var),
        Val::I32(5),
    )
    .unwrap();
    let konst = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(1),
    )
    .unwrap();
    let seven = Func::wrap(&mut store, || 7i32);
    let module = Module::new(
        &engine,
        r#"(module
            (import "h" "t" (table 2 funcref))
            (import "h" "g" (global (mut i32)))
            (type $r (func (result i32)))
            (func (export "call0") (result i32) (call_indirect (type $r) (i32.const 0)))
            (func (export "bump") (global.set 0 (i32.add (global.get 0) (i32.const 1)))))"#,
    )
    .unwrap();
    table.set(&mut store, 0, Val::FuncRef(Some(seven))).unwrap();
    let instance = Instance::new(&mut store, &module, &[table.into(), global.into()]).unwrap();
    let call0 = instance
        .get_typed_func::<(), i32>(&mut store, "call0")
        .unwrap();
    assert_eq!(call0.call(&mut store, ()).unwrap(), 7);
    let bump = instance
        .get_typed_func::<(), ()>(&mut store, "bump")
        .unwrap();
    bump.call(&mut store, ()).unwrap();
    assert_eq!(global.get(&store).i32(), Some(6));
    assert!(konst.set(&mut store, Val::I32(2)).is_err());
    assert_eq!(table.grow(&mut store, 2, Val::FuncRef(None)).unwrap(), 2);
    assert!(table.grow(&mut store, 1, Val::FuncRef(None)).is_err());
    // A mismatched import is a link error.
    let err = Instance::new(&mut store, &module, &[global.into(), table.into()]).unwrap_err();
    assert!(matches!(err, Error::Link(_)), "{err}");
}

#[test]
fn externref_round_trips_through_wasm() {
    let (mut store, instance) = instantiate(
        r#"(module (func (export "id") (param externref) (result externref) (local.get 0)))"#,
    );
    let r = ExternRef::new(&mut store, String::from("payload"));
    let id = instance
        .get_typed_func::<Option<ExternRef>, Option<ExternRef>>(&mut store, "id")
        .unwrap();
    let back = id.call(&mut store, Some(r)).unwrap().unwrap();
    assert_eq!(
        back.data(&store).downcast_ref::<String>().unwrap(),
        "payload"
    );
    assert_eq!(id.call(&mut store, None).unwrap(), None);
}

#[test]
fn func_new_with_vals() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let ty = FuncType::new([ValType::I64, ValType::I64], [ValType::I64]);
    let sub = Func::new(&mut store, ty, |_caller, params, results| {
        results[0] = Val::I64(params[0].i64().unwrap() - params[1].i64().unwrap());
        Ok(())
    });
    let mut out = [Val::I64(0)];
    sub.call(&mut store, &[Val::I64(10), Val::I64(3)], &mut out)
        .unwrap();
    assert_eq!(out[0], Val::I64(7));
}

#[test]
fn compile_errors_are_classified() {
    let engine = Engine::default();
    let err = Module::new(&engine, b"\0asm\x01\0\0\0\x01").unwrap_err();
    assert!(
        matches!(err, Error::Compile(ref e) if e.kind == kestrel::CompileErrorKind::Malformed),
        "{err}"
    );
    let err = Module::new(&engine, "(module (func (result i32)))").unwrap_err();
    assert!(
        matches!(err, Error::Compile(ref e) if e.kind == kestrel::CompileErrorKind::Invalid),
        "{err}"
    );
    let err = Module::new(&engine, "(module (func").unwrap_err();
    assert!(
        matches!(err, Error::Compile(ref e) if e.kind == kestrel::CompileErrorKind::Malformed),
        "{err}"
    );
}

#[test]
fn eager_and_lazy_modes_agree() {
    for mode in [CompilationMode::Lazy, CompilationMode::Eager] {
        let mut config = Config::new();
        config.compilation_mode(mode);
        let engine = Engine::new(&config);
        let module = Module::new(
            &engine,
            r#"(module (func (export "f") (result i32) (i32.const 3)))"#,
        )
        .unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let f = instance.get_typed_func::<(), i32>(&mut store, "f").unwrap();
        assert_eq!(f.call(&mut store, ()).unwrap(), 3);
    }
}

#[test]
fn memory_created_by_host_is_importable() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let memory = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "memory" (memory 1))
             (func (export "store") (i32.store (i32.const 0) (i32.const 99))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "memory", memory).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let f = instance
        .get_typed_func::<(), ()>(&mut store, "store")
        .unwrap();
    f.call(&mut store, ()).unwrap();
    assert_eq!(memory.data(&store)[0], 99);
    assert!(linker.define(&store, "env", "memory", memory).is_err());
}

#[test]
fn linker_overloads_pick_the_host_function_by_the_import_type() {
    let engine = Engine::default();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .func_wrap("env", "f", |a: i32, b: i32, c: i32| a + b + c)
        .unwrap();
    linker
        .func_wrap_overload("env", "f", |a: i32, b: i32| a * b)
        .unwrap();
    let same = linker.func_wrap_overload("env", "f", |a: i32, b: i32| a - b);
    assert!(same.is_err(), "a second overload of one type is refused");
    let module = Module::new(
        &engine,
        r#"(module
             (import "env" "f" (func $three (param i32 i32 i32) (result i32)))
             (func (export "three") (result i32) (call $three (i32.const 2) (i32.const 3) (i32.const 4))))"#,
    )
    .unwrap();
    let two = Module::new(
        &engine,
        r#"(module
             (import "env" "f" (func $two (param i32 i32) (result i32)))
             (func (export "two") (result i32) (call $two (i32.const 6) (i32.const 7))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let a = linker.instantiate(&mut store, &module).unwrap();
    let b = linker.instantiate(&mut store, &two).unwrap();
    let three = a.get_typed_func::<(), i32>(&mut store, "three").unwrap();
    let two = b.get_typed_func::<(), i32>(&mut store, "two").unwrap();
    assert_eq!(three.call(&mut store, ()).unwrap(), 9);
    assert_eq!(two.call(&mut store, ()).unwrap(), 42);
    // No overload of the import's type: the ordinary definition, and its type mismatch.
    let other = Module::new(&engine, r#"(module (import "env" "f" (func (param i64))))"#).unwrap();
    assert!(linker.instantiate(&mut store, &other).is_err());
}
