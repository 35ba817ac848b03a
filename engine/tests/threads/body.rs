//! The threads proposal end to end, under the strategy `super::STRATEGY` (`tests/threads.rs`
//! runs it in the interpreter, `tests/cranelift_threads.rs` in the Cranelift tier): shared
//! memories (defined, imported, exported, shared between stores on several threads), atomic
//! operators on shared and unshared memories, `memory.atomic.wait32/64` and
//! `memory.atomic.notify` across threads, and the embedding API's `SharedMemory`.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use kestrel::{
    Config, Engine, Error, Instance, Linker, Memory, MemoryType, Module, SharedMemory, Store,
    TrapCode,
};

fn engine() -> Engine {
    let mut config = Config::new();
    config.wasm_threads(true);
    config.strategy(super::STRATEGY);
    Engine::new(&config)
}

/// `wat` compiled; under the Cranelift tier, every function of it compiled (none left to the
/// interpreter).
fn compile(engine: &Engine, wat: &str) -> Module {
    let module = Module::new(engine, wat).expect("module compiles");
    if let Some((_, refused)) = module.cranelift_report() {
        assert!(refused.is_empty(), "left to the interpreter: {refused:?}");
    }
    module
}

fn instantiate(engine: &Engine, wat: &str) -> (Store<()>, Instance) {
    let module = compile(engine, wat);
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    (store, instance)
}

/// `wat` compiled, a one-page shared memory, and a linker defining it as `env::memory`, for
/// stores on several threads.
fn with_shared_memory(engine: &Engine, wat: &str) -> (Module, SharedMemory, Arc<Linker<()>>) {
    let module = compile(engine, wat);
    let memory = SharedMemory::new(engine, MemoryType::shared(1, 1)).unwrap();
    let mut linker = Linker::new(engine);
    linker
        .define_shared_memory("env", "memory", memory.clone())
        .unwrap();
    (module, memory, Arc::new(linker))
}

fn trap_of(e: Error) -> TrapCode {
    e.trap_code()
        .unwrap_or_else(|| panic!("expected a trap, got {e}"))
}

/// Every atomic shape on a defined shared memory, and plain accesses of it.
const ATOMICS: &str = r#"(module
  (memory (export "memory") 1 2 shared)
  (func (export "load8") (param i32) (result i32) (i32.atomic.load8_u (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.atomic.load (local.get 0)))
  (func (export "store16") (param i32 i32) (i32.atomic.store16 (local.get 0) (local.get 1)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "sub8") (param i32 i64) (result i64)
    (i64.atomic.rmw8.sub_u (local.get 0) (local.get 1)))
  (func (export "xchg32") (param i32 i64) (result i64)
    (i64.atomic.rmw32.xchg_u (local.get 0) (local.get 1)))
  (func (export "cmpxchg8") (param i32 i32 i32) (result i32)
    (i32.atomic.rmw8.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
  (func (export "cmpxchg64") (param i32 i64 i64) (result i64)
    (i64.atomic.rmw.cmpxchg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "plain_store") (param i32 i64) (i64.store offset=1 (local.get 0) (local.get 1)))
  (func (export "plain_load") (param i32) (result i64) (i64.load offset=1 (local.get 0)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "fence") (atomic.fence)))"#;

#[test]
fn atomic_operators_on_a_shared_memory() {
    let engine = engine();
    let (mut store, instance) = instantiate(&engine, ATOMICS);
    let s = &mut store;
    let f = |s: &mut Store<()>, name: &str| instance.get_func(&mut *s, name).expect(name);

    let store16 = f(s, "store16").typed::<(i32, i32), ()>(&*s).unwrap();
    store16.call(&mut *s, (8, 0x1_2345)).unwrap();
    let load8 = f(s, "load8").typed::<i32, i32>(&*s).unwrap();
    assert_eq!(
        load8.call(&mut *s, 8).unwrap(),
        0x45,
        "the store wraps to 16 bits"
    );
    assert_eq!(load8.call(&mut *s, 9).unwrap(), 0x23);

    let add = f(s, "add").typed::<(i32, i32), i32>(&*s).unwrap();
    assert_eq!(
        add.call(&mut *s, (8, 1)).unwrap(),
        0x2345,
        "rmw returns the old value"
    );
    assert_eq!(add.call(&mut *s, (8, 0)).unwrap(), 0x2346);

    let sub8 = f(s, "sub8").typed::<(i32, i64), i64>(&*s).unwrap();
    assert_eq!(sub8.call(&mut *s, (16, 1)).unwrap(), 0);
    assert_eq!(
        load8.call(&mut *s, 16).unwrap(),
        0xff,
        "wraps within the byte"
    );
    assert_eq!(
        load8.call(&mut *s, 17).unwrap(),
        0,
        "and leaves the next byte alone"
    );

    let xchg32 = f(s, "xchg32").typed::<(i32, i64), i64>(&*s).unwrap();
    assert_eq!(xchg32.call(&mut *s, (24, -1)).unwrap(), 0);
    assert_eq!(
        xchg32.call(&mut *s, (24, 5)).unwrap(),
        0xffff_ffff,
        "zero-extended"
    );

    let cmpxchg8 = f(s, "cmpxchg8").typed::<(i32, i32, i32), i32>(&*s).unwrap();
    // The expected value is wrapped to the width: 0x1ff compares as 0xff.
    assert_eq!(cmpxchg8.call(&mut *s, (16, 0x1ff, 0x7)).unwrap(), 0xff);
    assert_eq!(load8.call(&mut *s, 16).unwrap(), 7);
    assert_eq!(
        cmpxchg8.call(&mut *s, (16, 6, 9)).unwrap(),
        7,
        "no exchange on a mismatch"
    );
    assert_eq!(load8.call(&mut *s, 16).unwrap(), 7);

    let cmpxchg64 = f(s, "cmpxchg64")
        .typed::<(i32, i64, i64), i64>(&*s)
        .unwrap();
    assert_eq!(cmpxchg64.call(&mut *s, (32, 0, i64::MIN)).unwrap(), 0);
    let load64 = f(s, "load64").typed::<i32, i64>(&*s).unwrap();
    assert_eq!(load64.call(&mut *s, 32).unwrap(), i64::MIN);

    // Plain accesses of a shared memory, unaligned.
    let plain_store = f(s, "plain_store").typed::<(i32, i64), ()>(&*s).unwrap();
    let plain_load = f(s, "plain_load").typed::<i32, i64>(&*s).unwrap();
    plain_store
        .call(&mut *s, (100, 0x0102_0304_0506_0708))
        .unwrap();
    assert_eq!(
        plain_load.call(&mut *s, 100).unwrap(),
        0x0102_0304_0506_0708
    );
    assert_eq!(load8.call(&mut *s, 101).unwrap(), 0x08, "little-endian");
    assert_eq!(
        trap_of(plain_load.call(&mut *s, 65536 - 8).unwrap_err()),
        TrapCode::MemoryOutOfBounds
    );

    let fill = f(s, "fill").typed::<(i32, i32, i32), ()>(&*s).unwrap();
    let copy = f(s, "copy").typed::<(i32, i32, i32), ()>(&*s).unwrap();
    fill.call(&mut *s, (200, 0xab, 10)).unwrap();
    copy.call(&mut *s, (205, 200, 10)).unwrap();
    assert_eq!(load8.call(&mut *s, 214).unwrap(), 0xab);
    assert_eq!(load8.call(&mut *s, 215).unwrap(), 0);
    assert_eq!(
        trap_of(fill.call(&mut *s, (65530, 1, 7)).unwrap_err()),
        TrapCode::MemoryOutOfBounds
    );

    // Alignment is checked before bounds.
    assert_eq!(
        trap_of(load64.call(&mut *s, 4).unwrap_err()),
        TrapCode::UnalignedAtomic
    );
    assert_eq!(
        trap_of(load64.call(&mut *s, 65537).unwrap_err()),
        TrapCode::UnalignedAtomic
    );
    assert_eq!(
        trap_of(load64.call(&mut *s, 65536).unwrap_err()),
        TrapCode::MemoryOutOfBounds
    );

    // Wait: not equal, timed out; notify with nobody waiting.
    let wait32 = f(s, "wait32").typed::<(i32, i32, i64), i32>(&*s).unwrap();
    let wait64 = f(s, "wait64").typed::<(i32, i64, i64), i32>(&*s).unwrap();
    let notify = f(s, "notify").typed::<(i32, i32), i32>(&*s).unwrap();
    assert_eq!(wait32.call(&mut *s, (8, 1, -1)).unwrap(), 1);
    assert_eq!(wait32.call(&mut *s, (8, 0x2346, 1_000_000)).unwrap(), 2);
    assert_eq!(wait64.call(&mut *s, (32, i64::MIN, 0)).unwrap(), 2);
    assert_eq!(
        trap_of(wait32.call(&mut *s, (2, 0, 0)).unwrap_err()),
        TrapCode::UnalignedAtomic
    );
    assert_eq!(notify.call(&mut *s, (8, 10)).unwrap(), 0);
    f(s, "fence")
        .typed::<(), ()>(&*s)
        .unwrap()
        .call(&mut *s, ())
        .unwrap();

    // Growth keeps what was written, up to the maximum.
    let grow = f(s, "grow").typed::<i32, i32>(&*s).unwrap();
    assert_eq!(grow.call(&mut *s, 1).unwrap(), 1);
    assert_eq!(grow.call(&mut *s, 1).unwrap(), -1);
    assert_eq!(load8.call(&mut *s, 214).unwrap(), 0xab);
    assert_eq!(load64.call(&mut *s, 65536 + 8).unwrap(), 0);
}

#[test]
fn atomics_work_on_an_unshared_memory_and_wait_traps_there() {
    let engine = engine();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (memory 1)
          (func (export "add") (param i32 i32) (result i32)
            (i32.atomic.rmw.add (local.get 0) (local.get 1)))
          (func (export "wait") (result i32)
            (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)))
          (func (export "notify") (result i32)
            (memory.atomic.notify (i32.const 0) (i32.const 1))))"#,
    );
    let add = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "add")
        .unwrap();
    assert_eq!(add.call(&mut store, (4, 3)).unwrap(), 0);
    assert_eq!(add.call(&mut store, (4, 3)).unwrap(), 3);
    let wait = instance
        .get_typed_func::<(), i32>(&mut store, "wait")
        .unwrap();
    assert_eq!(
        trap_of(wait.call(&mut store, ()).unwrap_err()),
        TrapCode::AtomicWaitOnUnsharedMemory
    );
    let notify = instance
        .get_typed_func::<(), i32>(&mut store, "notify")
        .unwrap();
    assert_eq!(notify.call(&mut store, ()).unwrap(), 0);
}

#[test]
fn threads_off_refuses_shared_memories_and_atomics() {
    let engine = Engine::new(Config::new().wasm_threads(false));
    for wat in [
        "(module (memory 1 1 shared))",
        "(module (memory 1) (func (drop (i32.atomic.load (i32.const 0)))))",
    ] {
        let err = Module::new(&engine, wat).unwrap_err();
        assert!(err.to_string().contains("threads"), "{err}");
    }
}

/// A module importing its shared memory, as `wasm32-wasip1-threads` programs do.
const COUNTER: &str = r#"(module
  (import "env" "memory" (memory 1 1 shared))
  (func (export "count") (param $n i32)
    (loop $again
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "plain") (param $n i32)
    ;; Racy, non-atomic increments: lost updates are allowed, a crash is not.
    (loop $again
      (i32.store (i32.const 8) (i32.add (i32.load (i32.const 8)) (i32.const 1)))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))"#;

#[test]
fn threads_share_one_memory_through_the_linker() {
    const THREADS: usize = 4;
    const EACH: i32 = 20_000;
    let engine = engine();
    let (module, memory, linker) = with_shared_memory(&engine, COUNTER);
    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (engine, module, linker, start) = (
                engine.clone(),
                module.clone(),
                linker.clone(),
                start.clone(),
            );
            thread::spawn(move || {
                let mut store = Store::new(&engine, ());
                let instance = linker.instantiate(&mut store, &module).unwrap();
                let count = instance
                    .get_typed_func::<i32, ()>(&mut store, "count")
                    .unwrap();
                let plain = instance
                    .get_typed_func::<i32, ()>(&mut store, "plain")
                    .unwrap();
                start.wait();
                count.call(&mut store, EACH).unwrap();
                plain.call(&mut store, EACH).unwrap();
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let mut word = [0u8; 4];
    memory.read(0, &mut word).unwrap();
    assert_eq!(u32::from_le_bytes(word), THREADS as u32 * EACH as u32);
    memory.read(8, &mut word).unwrap();
    let plain = u32::from_le_bytes(word);
    assert!(
        plain > 0 && plain <= THREADS as u32 * EACH as u32,
        "{plain}"
    );
}

const WAITER: &str = r#"(module
  (import "env" "memory" (memory 1 1 shared))
  (func (export "wait") (result i32)
    (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const -1)))
  (func (export "wake") (result i32)
    (i32.atomic.store (i32.const 64) (i32.const 1))
    (memory.atomic.notify (i32.const 64) (i32.const 1))))"#;

#[test]
fn notify_wakes_a_thread_blocked_in_wait() {
    let engine = engine();
    let (module, memory, linker) = with_shared_memory(&engine, WAITER);
    let waiter = {
        let (engine, module, linker) = (engine.clone(), module.clone(), linker.clone());
        thread::spawn(move || {
            let mut store = Store::new(&engine, ());
            let instance = linker.instantiate(&mut store, &module).unwrap();
            let wait = instance
                .get_typed_func::<(), i32>(&mut store, "wait")
                .unwrap();
            wait.call(&mut store, ()).unwrap()
        })
    };
    // Notify until the waiter has been woken (it may not be waiting yet), then see that it
    // says it was woken (0), not "not equal" (1): the value changed only with the notify.
    let deadline = Instant::now() + Duration::from_secs(30);
    while memory.atomic_notify(64, 1) == 0 {
        assert!(Instant::now() < deadline, "the waiter never waited");
        thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(waiter.join().unwrap(), 0);

    // Once the value has changed, a wait returns "not equal" at once, and the wake-up of
    // the module's own `wake` finds nobody.
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let wake = instance
        .get_typed_func::<(), i32>(&mut store, "wake")
        .unwrap();
    assert_eq!(wake.call(&mut store, ()).unwrap(), 0);
    let wait = instance
        .get_typed_func::<(), i32>(&mut store, "wait")
        .unwrap();
    assert_eq!(wait.call(&mut store, ()).unwrap(), 1);
}

#[test]
fn epoch_interruption_stops_a_thread_blocked_in_wait() {
    let mut config = Config::new();
    config.wasm_threads(true).epoch_interruption(true);
    let engine = Engine::new(&config);
    let (module, _, linker) = with_shared_memory(&engine, WAITER);
    let waiter = {
        let engine = engine.clone();
        thread::spawn(move || {
            let mut store = Store::new(&engine, ());
            store.set_epoch_deadline(1);
            let instance = linker.instantiate(&mut store, &module).unwrap();
            let wait = instance
                .get_typed_func::<(), i32>(&mut store, "wait")
                .unwrap();
            wait.call(&mut store, ())
        })
    };
    thread::sleep(Duration::from_millis(50));
    engine.increment_epoch();
    let err = waiter.join().unwrap().unwrap_err();
    assert_eq!(trap_of(err), TrapCode::Interrupted);
}

#[test]
fn a_shared_memory_is_one_memory_in_every_store() {
    let engine = engine();
    let shared = SharedMemory::new(&engine, MemoryType::shared(1, 3)).unwrap();
    let mut a = Store::new(&engine, ());
    let mut b = Store::new(&engine, ());
    let in_a = shared.memory(&mut a);
    assert_eq!(shared.memory(&mut a), in_a, "one entry per store");
    let in_b = shared.memory(&mut b);
    assert!(in_a.is_shared(&a));
    in_a.write(&mut a, 10, b"hello").unwrap();
    let mut buf = [0u8; 5];
    in_b.read(&b, 10, &mut buf).unwrap();
    assert_eq!(&buf, b"hello");
    assert_eq!(in_b.grow(&mut b, 1).unwrap(), 1);
    assert_eq!(in_a.size(&a), 2, "growth is seen by every store");
    assert_eq!(shared.grow(1).unwrap(), 2);
    assert!(shared.grow(1).is_err(), "past the maximum");
    assert_eq!(in_a.as_shared(&a), Some(shared.clone()));
    assert_eq!(shared.ty().limits.min, 3);
    assert!(in_a.write(&mut a, 3 * 65536 - 2, b"abc").is_err());

    // Unshared types are refused, and so are shared ones without a maximum.
    assert!(SharedMemory::new(&engine, MemoryType::new(1, Some(1))).is_err());
    let mut no_max = MemoryType::new(1, None);
    no_max.shared = true;
    assert!(SharedMemory::new(&engine, no_max).is_err());
}

#[test]
#[should_panic(expected = "shared memory")]
fn a_shared_memory_is_never_a_slice() {
    let engine = engine();
    let shared = SharedMemory::new(&engine, MemoryType::shared(1, 1)).unwrap();
    let mut store = Store::new(&engine, ());
    let memory: Memory = shared.memory(&mut store);
    let _ = memory.data(&store);
}

#[test]
fn imports_match_the_shared_flag_exactly() {
    let engine = engine();
    let shared = SharedMemory::new(&engine, MemoryType::shared(1, 1)).unwrap();
    let mut store = Store::new(&engine, ());
    let unshared = Memory::new(&mut store, MemoryType::new(1, Some(1))).unwrap();
    let wants_shared =
        Module::new(&engine, r#"(module (import "m" "x" (memory 1 1 shared)))"#).unwrap();
    let wants_unshared = Module::new(&engine, r#"(module (import "m" "x" (memory 1 1)))"#).unwrap();
    let shared_here = shared.memory(&mut store);
    let mut linker = Linker::new(&engine);
    linker.define(&store, "m", "x", unshared).unwrap();
    let err = linker.instantiate(&mut store, &wants_shared).unwrap_err();
    assert!(err.to_string().contains("shared"), "{err}");
    let mut linker = Linker::new(&engine);
    linker.define(&store, "m", "x", shared_here).unwrap();
    let err = linker.instantiate(&mut store, &wants_unshared).unwrap_err();
    assert!(err.to_string().contains("shared"), "{err}");
    linker.instantiate(&mut store, &wants_shared).unwrap();
}

#[test]
fn the_types_that_cross_threads_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Engine>();
    send_sync::<Module>();
    send_sync::<Linker<()>>();
    send_sync::<SharedMemory>();
    send_sync::<Memory>();
    send_sync::<Instance>();
    send::<Store<()>>();
}

/// A ring of threads passing a turn with wait/notify, and a lock made of compare-exchange and
/// wait/notify guarding plain (non-atomic) increments. Every wait has a 10 s timeout, so a
/// lost wake-up fails (returns 1) instead of hanging the test.
const STRESS: &str = r#"(module
  (import "env" "memory" (memory 1 1 shared))
  (func (export "ring") (param $me i32) (param $n i32) (param $rounds i32) (result i32)
    (local $t i32) (local $r i32)
    (loop $round
      (block $mine
        (loop $wait
          (local.set $t (i32.atomic.load (i32.const 0)))
          (br_if $mine (i32.eq (i32.rem_u (local.get $t) (local.get $n)) (local.get $me)))
          (if (i32.eq (memory.atomic.wait32 (i32.const 0) (local.get $t) (i64.const 10000000000))
                      (i32.const 2))
            (then (return (i32.const 1))))
          (br $wait)))
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (drop (memory.atomic.notify (i32.const 0) (i32.const -1)))
      (br_if $round
        (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rounds))))
    (i32.const 0))
  (func (export "locked_adds") (param $k i32) (result i32)
    (loop $again
      (block $got
        (loop $try
          (br_if $got (i32.eqz (i32.atomic.rmw.cmpxchg (i32.const 8) (i32.const 0) (i32.const 1))))
          (if (i32.eq (memory.atomic.wait32 (i32.const 8) (i32.const 1) (i64.const 10000000000))
                      (i32.const 2))
            (then (return (i32.const 1))))
          (br $try)))
      (i32.store (i32.const 12) (i32.add (i32.load (i32.const 12)) (i32.const 1)))
      (i32.atomic.store (i32.const 8) (i32.const 0))
      (drop (memory.atomic.notify (i32.const 8) (i32.const 1)))
      (br_if $again (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (i32.const 0)))"#;

#[test]
fn many_threads_hammering_atomics_and_wait_notify_lose_nothing() {
    const THREADS: i32 = 8;
    const ROUNDS: i32 = 1_000;
    const ADDS: i32 = 20_000;
    let engine = engine();
    let (module, memory, linker) = with_shared_memory(&engine, STRESS);
    let workers: Vec<_> = (0..THREADS)
        .map(|me| {
            let (engine, module, linker) = (engine.clone(), module.clone(), linker.clone());
            thread::spawn(move || {
                let mut store = Store::new(&engine, ());
                let instance = linker.instantiate(&mut store, &module).unwrap();
                let ring = instance
                    .get_typed_func::<(i32, i32, i32), i32>(&mut store, "ring")
                    .unwrap();
                let adds = instance
                    .get_typed_func::<i32, i32>(&mut store, "locked_adds")
                    .unwrap();
                let ring = ring.call(&mut store, (me, THREADS, ROUNDS)).unwrap();
                let adds = adds.call(&mut store, ADDS).unwrap();
                (ring, adds)
            })
        })
        .collect();
    for w in workers {
        assert_eq!(
            w.join().unwrap(),
            (0, 0),
            "a wait timed out: a lost wake-up"
        );
    }
    let word = |at| {
        let mut b = [0u8; 4];
        memory.read(at, &mut b).unwrap();
        u32::from_le_bytes(b)
    };
    assert_eq!(word(0), (THREADS * ROUNDS) as u32, "every turn was passed");
    assert_eq!(word(12), (THREADS * ADDS) as u32, "the lock excluded");
}

/// Every atomic instruction, and plain accesses of a shared memory, in a loop of a million
/// iterations on a 256 KiB thread: with threaded dispatch each handler must tail-call the next
/// (one that called it instead would take stack per executed instruction and overflow).
#[test]
fn atomic_handlers_run_long_loops_on_a_small_stack() {
    let engine = engine();
    let wat = r#"(module
      (memory 1 1 shared)
      (func (export "spin") (param $n i32) (result i32)
        (loop $again
          (i32.atomic.store (i32.const 0) (local.get $n))
          (drop (i32.atomic.rmw.add (i32.const 4) (i32.atomic.load (i32.const 0))))
          (drop (i64.atomic.rmw8.xchg_u (i32.const 8) (i64.const 1)))
          (drop (i32.atomic.rmw.cmpxchg (i32.const 12) (i32.const 0) (i32.const 0)))
          (drop (memory.atomic.notify (i32.const 16) (i32.const 1)))
          (drop (memory.atomic.wait32 (i32.const 16) (i32.const 1) (i64.const 0)))
          (atomic.fence)
          (i32.store offset=1 (i32.const 20) (i32.load (i32.const 4)))
          (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (i32.load (i32.const 21))))"#;
    let result = thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            let (mut store, instance) = instantiate(&engine, wat);
            let spin = instance
                .get_typed_func::<i32, i32>(&mut store, "spin")
                .unwrap();
            spin.call(&mut store, 1_000_000).unwrap()
        })
        .unwrap()
        .join()
        .unwrap();
    // 1 + 2 + ... + 1,000,000, wrapped to 32 bits.
    assert_eq!(result as u32, (1_000_000u64 * 1_000_001 / 2) as u32);
}

/// Runs `waiter` (an export of `wat`, which imports a shared memory of 1 to 2 pages) on a new
/// thread, and once it has started, `grower` on this one; returns both results (the grower's
/// first).
fn grow_while_waiting(wat: &str, grower: &str, waiter: &str) -> (i32, i32) {
    let engine = engine();
    let module = compile(&engine, wat);
    let memory = SharedMemory::new(&engine, MemoryType::shared(1, 2)).unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .define_shared_memory("env", "memory", memory)
        .unwrap();
    let linker = Arc::new(linker);
    let started = Arc::new(Barrier::new(2));
    let thread = {
        let (engine, module, linker, started) = (
            engine.clone(),
            module.clone(),
            linker.clone(),
            started.clone(),
        );
        let waiter = waiter.to_string();
        thread::spawn(move || {
            let mut store = Store::new(&engine, ());
            let instance = linker.instantiate(&mut store, &module).unwrap();
            let f = instance
                .get_typed_func::<(), i32>(&mut store, &waiter)
                .unwrap();
            started.wait();
            f.call(&mut store, ()).unwrap()
        })
    };
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let grow = instance
        .get_typed_func::<(), i32>(&mut store, grower)
        .unwrap();
    started.wait();
    // Let the other thread spin in its loop first.
    thread::sleep(Duration::from_millis(20));
    let grown = grow.call(&mut store, ()).unwrap();
    (grown, thread.join().unwrap())
}

const GROWER: &str = r#"(module
  (import "env" "memory" (memory 1 2 shared))
  (func (export "grow_then_signal") (result i32)
    (memory.grow (i32.const 1))
    (i32.atomic.store (i32.const 0) (i32.const 1)))
  (func (export "await_then_write") (result i32)
    (loop $spin (br_if $spin (i32.eqz (i32.atomic.load (i32.const 0)))))
    (i32.store (i32.const 65536) (i32.const 77))
    (i32.add (i32.load (i32.const 65536)) (i32.div_u (memory.size) (i32.const 2)))))"#;

/// A memory grown by one thread is bigger for code already running on another (in the
/// Cranelift tier: compiled code reads a shared memory's length at every check, never a copy
/// made when it was entered).
#[test]
fn growth_on_one_thread_is_seen_by_code_running_on_another() {
    assert_eq!(
        grow_while_waiting(GROWER, "grow_then_signal", "await_then_write"),
        (1, 78)
    );
}

const SIZE_WATCHER: &str = r#"(module
  (import "env" "memory" (memory 1 2 shared))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  ;; Spins (at most 2^30 rounds) until memory.size says 2 pages; no atomic, call or fence in
  ;; the loop, only a plain access before it.
  (func (export "await_growth") (result i32) (local $n i32)
    (drop (i32.load (i32.const 0)))
    (local.set $n (i32.const 0x40000000))
    (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.and (i32.lt_u (memory.size) (i32.const 2)) (i32.ne (local.get $n) (i32.const 0)))))
    (memory.size)))"#;

/// `memory.size` in a loop sees another thread's `memory.grow` (in the Cranelift tier: the
/// length is read atomically each time, never reused from an earlier read).
#[test]
fn memory_size_in_a_loop_sees_growth_on_another_thread() {
    assert_eq!(
        grow_while_waiting(SIZE_WATCHER, "grow", "await_growth"),
        (1, 2)
    );
}
