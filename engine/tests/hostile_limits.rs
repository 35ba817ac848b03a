//! Every resource limit, hit on purpose: each test drives wasm into the limit and checks the
//! trap or error that comes back (never an abort), and that the store stays usable after it.
//!
//! Covered here: epoch interruption (from another thread, at loop back-edges, `br_table`
//! back-edges and calls, and on entry), table growth and the instance / memory / table counts of
//! `StoreLimits`, `max_call_depth` and `max_value_stack`, and fuel across host calls.
//! Memory growth and fuel on a plain loop are in `api.rs`.

use kestrel::{
    Caller, Config, Engine, Error, Extern, Instance, Linker, Module, Store, StoreLimits,
    StoreLimitsBuilder, TrapCode,
};
use std::time::{Duration, Instant};

fn epoch_engine() -> Engine {
    let mut config = Config::new();
    config.epoch_interruption(true);
    Engine::new(&config)
}

fn instantiate<T: 'static>(engine: &Engine, store: &mut Store<T>, wat: &str) -> Instance {
    let module = Module::new(engine, wat).expect("module compiles");
    Linker::new(engine)
        .instantiate(store, &module)
        .expect("instantiates")
}

/// Runs `export` of `wat` on this thread while another thread bumps the epoch after 50 ms;
/// returns the error and how long the call took.
fn interrupt_from_another_thread(wat: &str, export: &str) -> (Error, Duration) {
    let engine = epoch_engine();
    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(1);
    let instance = instantiate(&engine, &mut store, wat);
    let f = instance
        .get_typed_func::<(), ()>(&mut store, export)
        .unwrap();
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            engine.increment_epoch();
        })
    };
    let started = Instant::now();
    let err = f.call(&mut store, ()).unwrap_err();
    let took = started.elapsed();
    ticker.join().unwrap();
    (err, took)
}

#[test]
fn epoch_interrupts_an_infinite_loop_from_another_thread() {
    let (err, took) =
        interrupt_from_another_thread(r#"(module (func (export "spin") (loop (br 0))))"#, "spin");
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted));
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let trap = err.as_trap().unwrap();
    assert_eq!(
        trap.backtrace().len(),
        1,
        "the spinning frame is in the backtrace"
    );
}

#[test]
fn epoch_interrupts_a_conditional_back_edge_and_a_br_table_loop() {
    let (err, _) = interrupt_from_another_thread(
        r#"(module (func (export "spin") (local i32)
             (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                      (br_if $l (i32.ne (local.get 0) (i32.const 0))))
             (loop $m (br_table $m $m (i32.const 0)))))"#,
        "spin",
    );
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted));

    let (err, _) = interrupt_from_another_thread(
        r#"(module (func (export "spin") (loop $m (block $b (br_table $b $m $m (i32.const 1))))))"#,
        "spin",
    );
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted));
}

#[test]
fn epoch_interrupts_at_calls() {
    // Mutual recursion bounded by a counter: only calls and forward branches, no loop.
    let engine = epoch_engine();
    let mut store = Store::new(&engine, ());
    let instance = instantiate(
        &engine,
        &mut store,
        r#"(module
             (func $f (export "f") (param i32)
               (if (i32.eqz (local.get 0)) (then (return)))
               (call $f (i32.sub (local.get 0) (i32.const 1)))))"#,
    );
    let f = instance.get_typed_func::<i32, ()>(&mut store, "f").unwrap();
    store.set_epoch_deadline(1);
    f.call(&mut store, 1000).unwrap();
    engine.increment_epoch();
    let err = f.call(&mut store, 1000).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted));
    // A new deadline makes the store usable again.
    store.set_epoch_deadline(1);
    f.call(&mut store, 1000).unwrap();
}

#[test]
fn epoch_deadline_starts_reached_and_is_checked_on_entry() {
    let engine = epoch_engine();
    let mut store = Store::new(&engine, ());
    let instance = instantiate(&engine, &mut store, r#"(module (func (export "nop")))"#);
    let nop = instance
        .get_typed_func::<(), ()>(&mut store, "nop")
        .unwrap();
    let err = nop.call(&mut store, ()).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted));
    store.set_epoch_deadline(5);
    for _ in 0..4 {
        engine.increment_epoch();
        nop.call(&mut store, ()).unwrap();
    }
    engine.increment_epoch();
    assert_eq!(
        nop.call(&mut store, ()).unwrap_err().trap_code(),
        Some(TrapCode::Interrupted)
    );
}

#[test]
fn epoch_is_ignored_unless_enabled() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let instance = instantiate(
        &engine,
        &mut store,
        r#"(module (func (export "count") (param i32) (result i32)
             (loop $l (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                      (br_if $l (local.get 0)))
             (local.get 0)))"#,
    );
    let count = instance
        .get_typed_func::<i32, i32>(&mut store, "count")
        .unwrap();
    engine.increment_epoch();
    assert_eq!(count.call(&mut store, 100_000).unwrap(), 0);
}

#[test]
fn epoch_interrupts_wasm_reentered_from_a_host_function() {
    let engine = epoch_engine();
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "bump_then_reenter" (func $h))
             (func (export "spin") (loop (br 0)))
             (func (export "go") (call $h)))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "bump_then_reenter",
            |mut caller: Caller<'_, ()>| -> Result<(), Error> {
                caller.engine().increment_epoch();
                let spin = caller
                    .get_export("spin")
                    .and_then(Extern::into_func)
                    .unwrap();
                spin.typed::<(), ()>(&caller)?.call(&mut caller, ())
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(1);
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let go = instance.get_typed_func::<(), ()>(&mut store, "go").unwrap();
    let err = go.call(&mut store, ()).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted));
}

#[test]
fn epoch_and_fuel_together_whichever_comes_first() {
    let mut config = Config::new();
    config.epoch_interruption(true).consume_fuel(true);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let instance = instantiate(
        &engine,
        &mut store,
        r#"(module (func (export "spin") (loop (br 0))))"#,
    );
    let spin = instance
        .get_typed_func::<(), ()>(&mut store, "spin")
        .unwrap();
    store.set_epoch_deadline(1_000_000);
    store.set_fuel(10_000).unwrap();
    assert_eq!(
        spin.call(&mut store, ()).unwrap_err().trap_code(),
        Some(TrapCode::OutOfFuel)
    );
    store.set_fuel(u64::MAX).unwrap();
    store.set_epoch_deadline(0);
    assert_eq!(
        spin.call(&mut store, ()).unwrap_err().trap_code(),
        Some(TrapCode::Interrupted)
    );
}

#[test]
fn fuel_is_shared_with_wasm_called_from_the_host() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "reenter" (func $h))
             (func (export "spin") (loop (br 0)))
             (func (export "go") (call $h)))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "reenter",
            |mut caller: Caller<'_, ()>| -> Result<(), Error> {
                let spin = caller
                    .get_export("spin")
                    .and_then(Extern::into_func)
                    .unwrap();
                spin.typed::<(), ()>(&caller)?.call(&mut caller, ())
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(50_000).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let go = instance.get_typed_func::<(), ()>(&mut store, "go").unwrap();
    let err = go.call(&mut store, ()).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
    assert_eq!(store.get_fuel().unwrap(), 0);
}

fn limited_store(engine: &Engine, limits: StoreLimits) -> Store<StoreLimits> {
    let mut store = Store::new(engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    store
}

#[test]
fn table_growth_is_capped() {
    let engine = Engine::default();
    let mut store = limited_store(
        &engine,
        StoreLimitsBuilder::new().table_elements(100).build(),
    );
    let instance = instantiate(
        &engine,
        &mut store,
        r#"(module (table 10 funcref)
             (func (export "grow") (param i32) (result i32)
               (table.grow (ref.null func) (local.get 0))))"#,
    );
    let grow = instance
        .get_typed_func::<i32, i32>(&mut store, "grow")
        .unwrap();
    assert_eq!(grow.call(&mut store, 90).unwrap(), 10);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 0).unwrap(), 100);

    // With trap_on_grow_failure the refusal is a trap instead of -1.
    let mut store = limited_store(
        &engine,
        StoreLimitsBuilder::new()
            .table_elements(100)
            .trap_on_grow_failure(true)
            .build(),
    );
    let instance = instantiate(
        &engine,
        &mut store,
        r#"(module (table 10 funcref)
             (func (export "grow") (param i32) (result i32)
               (table.grow (ref.null func) (local.get 0))))"#,
    );
    let grow = instance
        .get_typed_func::<i32, i32>(&mut store, "grow")
        .unwrap();
    assert_eq!(
        grow.call(&mut store, 1000).unwrap_err().trap_code(),
        Some(TrapCode::ResourceLimitExceeded)
    );
    // A table larger than the cap at instantiation is refused.
    let module = Module::new(&engine, r#"(module (table 1000 funcref))"#).unwrap();
    assert!(
        Linker::new(&engine)
            .instantiate(&mut store, &module)
            .is_err()
    );
}

#[test]
fn memory_and_table_counts_are_capped() {
    let engine = Engine::default();
    let with_memory = Module::new(&engine, r#"(module (memory 1))"#).unwrap();
    let with_table = Module::new(&engine, r#"(module (table 1 funcref))"#).unwrap();

    let mut store = limited_store(&engine, StoreLimitsBuilder::new().memories(2).build());
    let linker = Linker::new(&engine);
    linker.instantiate(&mut store, &with_memory).unwrap();
    linker.instantiate(&mut store, &with_memory).unwrap();
    let err = linker.instantiate(&mut store, &with_memory).unwrap_err();
    assert!(err.to_string().contains("memor"), "{err}");
    assert!(kestrel::Memory::new(&mut store, kestrel::MemoryType::new(1, None)).is_err());

    let mut store = limited_store(&engine, StoreLimitsBuilder::new().tables(1).build());
    linker.instantiate(&mut store, &with_table).unwrap();
    let err = linker.instantiate(&mut store, &with_table).unwrap_err();
    assert!(err.to_string().contains("table"), "{err}");

    let mut store = limited_store(&engine, StoreLimitsBuilder::new().instances(3).build());
    for _ in 0..3 {
        linker.instantiate(&mut store, &with_table).unwrap();
    }
    let err = linker.instantiate(&mut store, &with_table).unwrap_err();
    assert!(err.to_string().contains("instance"), "{err}");
}

const RECURSE: &str = r#"(module (func $f (export "f") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $f (i32.sub (local.get 0) (i32.const 1))))))))"#;

#[test]
fn max_call_depth_is_exact() {
    let mut config = Config::new();
    config.max_call_depth(100);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let instance = instantiate(&engine, &mut store, RECURSE);
    let f = instance
        .get_typed_func::<i32, i32>(&mut store, "f")
        .unwrap();
    // f(n) uses n + 1 frames.
    assert_eq!(f.call(&mut store, 99).unwrap(), 99);
    let err = f.call(&mut store, 100).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
    assert_eq!(err.as_trap().unwrap().backtrace().len(), 100);
    assert_eq!(f.call(&mut store, 5).unwrap(), 5);
}

#[test]
fn max_value_stack_refuses_a_frame_too_large_to_enter() {
    let mut config = Config::new();
    config.max_value_stack(1000);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let locals = "i64 ".repeat(5000);
    let instance = instantiate(
        &engine,
        &mut store,
        &format!(
            r#"(module
                 (func $big (local {locals}))
                 (func (export "big") (call $big))
                 (func (export "direct") (local {locals})))"#
        ),
    );
    for name in ["big", "direct"] {
        let f = instance.get_typed_func::<(), ()>(&mut store, name).unwrap();
        let err = f.call(&mut store, ()).unwrap_err();
        assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow), "{name}");
    }
}
