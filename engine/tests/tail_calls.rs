//! Tail calls (`return_call`, `return_call_indirect`; Wasm 3.0) end to end: the callee's frame
//! replaces the caller's, so tail recursion runs in constant call depth and value-stack space;
//! tail calls into host functions and into other instances; fuel and epoch interruption; the
//! backtrace of a trap in a tail-called function; and `Config::wasm_tail_call(false)`.

use kestrel::{
    Caller, CompilationMode, CompileErrorKind, Config, Engine, Error, Extern, Func, Instance,
    Linker, Module, Store, TrapCode,
};
use std::time::Duration;

fn instantiate_with(config: &Config, wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::new(config);
    let module = Module::new(&engine, wat).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    (store, instance)
}

/// Limits far below what ten million nested calls would need: 1000 frames and 4096 cells.
fn small_stacks() -> Config {
    let mut config = Config::new();
    config.max_call_depth(1000).max_value_stack(4096);
    config
}

const TEN_MILLION: i64 = 10_000_000;

/// Self and mutual tail recursion, direct and through a table.
const LOOPS: &str = r#"(module
  (type $step (func (param i64 i64) (result i64)))
  (table funcref (elem $even $odd))
  ;; n + (n - 1) + ... + 1, accumulated in `acc`.
  (func $sum (export "sum") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $sum (i64.sub (local.get $n) (i64.const 1))
                              (i64.add (local.get $acc) (local.get $n))))))
  ;; Whether `n` is even, by alternating between the two through the table; `steps` counts.
  (func $even (export "even") (param $n i64) (param $steps i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.add (i64.mul (local.get $steps) (i64.const 2)) (i64.const 1)))
      (else (return_call_indirect (type $step)
              (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $steps) (i64.const 1))
              (i32.const 1)))))
  (func $odd (param $n i64) (param $steps i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.mul (local.get $steps) (i64.const 2)))
      (else (return_call_indirect (type $step)
              (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $steps) (i64.const 1))
              (i32.const 0)))))
  ;; The same recursion through a plain call: limited by the stacks.
  (func $deep (export "deep") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (call $deep (i64.sub (local.get $n) (i64.const 1))
                        (i64.add (local.get $acc) (local.get $n)))))))"#;

#[test]
fn ten_million_tail_calls_run_within_small_stack_limits() {
    let (mut store, instance) = instantiate_with(&small_stacks(), LOOPS);
    let sum = instance
        .get_typed_func::<(i64, i64), i64>(&mut store, "sum")
        .unwrap();
    assert_eq!(
        sum.call(&mut store, (TEN_MILLION, 0)).unwrap(),
        TEN_MILLION * (TEN_MILLION + 1) / 2
    );
    // The plain-call version of the same function overflows those limits early.
    let deep = instance
        .get_typed_func::<(i64, i64), i64>(&mut store, "deep")
        .unwrap();
    let err = deep.call(&mut store, (10_000, 0)).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
    // The store is still usable, and the tail-calling loop still runs.
    assert_eq!(sum.call(&mut store, (3, 0)).unwrap(), 6);
}

#[test]
fn ten_million_mutual_tail_calls_through_a_table_run_within_small_stack_limits() {
    let (mut store, instance) = instantiate_with(&small_stacks(), LOOPS);
    let even = instance
        .get_typed_func::<(i64, i64), i64>(&mut store, "even")
        .unwrap();
    // Even: 2 * steps + 1, steps = n.
    assert_eq!(
        even.call(&mut store, (TEN_MILLION, 0)).unwrap(),
        2 * TEN_MILLION + 1
    );
    assert_eq!(
        even.call(&mut store, (TEN_MILLION + 1, 0)).unwrap(),
        2 * (TEN_MILLION + 1)
    );
}

/// A tail-call loop on a small host thread stack: the handlers of the tail-call instructions
/// must themselves end in tail calls (threaded dispatch), or the host stack would grow with
/// every iteration.
#[test]
fn tail_call_loops_run_on_a_small_host_stack() {
    let result = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(|| {
            let (mut store, instance) = instantiate_with(&small_stacks(), LOOPS);
            let sum = instance
                .get_typed_func::<(i64, i64), i64>(&mut store, "sum")
                .unwrap();
            let even = instance
                .get_typed_func::<(i64, i64), i64>(&mut store, "even")
                .unwrap();
            (
                sum.call(&mut store, (1_000_000, 0)).unwrap(),
                even.call(&mut store, (1_000_000, 0)).unwrap(),
            )
        })
        .unwrap()
        .join()
        .expect("no host stack overflow");
    assert_eq!(result, (500_000_500_000, 2_000_001));
}

/// Callees with more parameters than the caller's arguments start below (the move down
/// overlaps), more and fewer locals than the caller (each zeroed on entry), and larger frames.
#[test]
fn arguments_move_down_and_locals_start_at_zero() {
    let (mut store, instance) = instantiate_with(
        &small_stacks(),
        r#"(module
          ;; 1000a + 100b + 10c + d, and its locals must read zero.
          (func $digits (param $a i32) (param $b i32) (param $c i32) (param $d i32) (result i32)
            (local $x i32) (local $y i32) (local $z i64)
            (i32.add
              (i32.add (i32.mul (local.get $a) (i32.const 1000)) (i32.mul (local.get $b) (i32.const 100)))
              (i32.add (i32.add (i32.mul (local.get $c) (i32.const 10)) (local.get $d))
                (i32.add (i32.add (local.get $x) (local.get $y)) (i32.wrap_i64 (local.get $z))))))
          ;; Nine locals (more than are zeroed inline), all set before each tail call.
          (func $many (export "many") (param $n i32) (result i32)
            (local i32 i32 i32 i32 i32 i32 i32 i32 i32)
            (if (result i32) (i32.eqz (local.get $n))
              (then (i32.add (local.get 1) (local.get 9)))
              (else
                (local.set 1 (i32.const 5)) (local.set 9 (i32.const 7))
                (return_call $few (i32.sub (local.get $n) (i32.const 1))))))
          (func $few (param $n i32) (result i32) (local i32)
            (if (i32.ne (local.get 1) (i32.const 0))
              (then (unreachable)))
            (local.set 1 (i32.const 3))
            (return_call $many (local.get $n)))
          ;; The arguments are read from the parameters they replace.
          (func (export "swap") (param i32 i32 i32 i32) (result i32)
            (return_call $digits (local.get 3) (local.get 2) (local.get 1) (local.get 0)))
          (func (export "spread") (param i32) (result i32)
            (return_call $digits (local.get 0) (i32.const 2) (i32.const 3) (local.get 0))))"#,
    );
    let swap = instance
        .get_typed_func::<(i32, i32, i32, i32), i32>(&mut store, "swap")
        .unwrap();
    assert_eq!(swap.call(&mut store, (1, 2, 3, 4)).unwrap(), 4321);
    let spread = instance
        .get_typed_func::<i32, i32>(&mut store, "spread")
        .unwrap();
    assert_eq!(spread.call(&mut store, 5).unwrap(), 5235);
    let many = instance
        .get_typed_func::<i32, i32>(&mut store, "many")
        .unwrap();
    assert_eq!(many.call(&mut store, 0).unwrap(), 0);
    assert_eq!(many.call(&mut store, 100_000).unwrap(), 0);
}

/// Tail calls run at whatever depth they are made: plain calls nest to just below the limit,
/// then a long tail-call loop runs there, and its frame's caller gets the result.
#[test]
fn tail_calls_keep_the_depth_they_start_at() {
    let mut config = Config::new();
    config.max_call_depth(1000);
    let (mut store, instance) = instantiate_with(
        &config,
        r#"(module
          (func $loop (param $n i32) (result i32)
            (if (result i32) (i32.eqz (local.get $n))
              (then (i32.const 1))
              (else (return_call $loop (i32.sub (local.get $n) (i32.const 1))))))
          (func $nest (export "nest") (param $depth i32) (param $n i32) (result i32)
            (if (result i32) (i32.eqz (local.get $depth))
              (then (return_call $loop (local.get $n)))
              (else (i32.add (call $nest (i32.sub (local.get $depth) (i32.const 1)) (local.get $n))
                             (i32.const 1))))))"#,
    );
    let nest = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "nest")
        .unwrap();
    // `nest` frames 1..=999 (the last replaced by `loop`): exactly the limit.
    assert_eq!(nest.call(&mut store, (999, 1_000_000)).unwrap(), 1000);
    let err = nest.call(&mut store, (1000, 10)).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
}

#[test]
fn tail_calls_into_host_functions_return_their_results() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "add" (func $add (param i32 i32) (result i32)))
          (import "host" "pair" (func $pair (param i64) (result i64 i32)))
          (import "host" "grow" (func $grow (result i32)))
          (type $bin (func (param i32 i32) (result i32)))
          (table funcref (elem $add))
          (memory (export "mem") 1)
          (func (export "direct") (param i32 i32) (result i32)
            (return_call $add (local.get 0) (local.get 1)))
          (func (export "indirect") (param i32 i32) (result i32)
            (return_call_indirect (type $bin) (local.get 1) (local.get 0) (i32.const 0)))
          (func $inner (param i64) (result i64 i32)
            (return_call $pair (i64.add (local.get 0) (i64.const 1))))
          ;; A tail call to the host from a called function: its results go to the caller.
          (func (export "nested") (param i64) (result i64)
            (local i32)
            (local.set 1 (i32.const 100))
            (call $inner (local.get 0))
            (i64.extend_i32_u (i32.add (local.get 1)))
            (i64.add))
          ;; The host grows the memory in a tail call; the caller then uses the new page.
          (func $grow_tail (result i32) (return_call $grow))
          (func (export "grow_then_store") (result i32)
            (drop (call $grow_tail))
            (i32.store (i32.const 70000) (i32.const 42))
            (i32.load (i32.const 70000))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "add", |a: i32, b: i32| a * 10 + b)
        .unwrap()
        .func_wrap("host", "pair", |a: i64| (a * 2, 7i32))
        .unwrap()
        .func_wrap("host", "grow", |mut caller: Caller<'_, ()>| -> i32 {
            let mem = caller
                .get_export("mem")
                .and_then(Extern::into_memory)
                .unwrap();
            mem.grow(&mut caller, 1).unwrap() as i32
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let direct = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "direct")
        .unwrap();
    assert_eq!(direct.call(&mut store, (4, 2)).unwrap(), 42);
    let indirect = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "indirect")
        .unwrap();
    assert_eq!(indirect.call(&mut store, (4, 2)).unwrap(), 24);
    let nested = instance
        .get_typed_func::<i64, i64>(&mut store, "nested")
        .unwrap();
    // pair(5 + 1) = (12, 7); 12 + (7 + 100).
    assert_eq!(nested.call(&mut store, 5).unwrap(), 119);
    let grow = instance
        .get_typed_func::<(), i32>(&mut store, "grow_then_store")
        .unwrap();
    assert_eq!(grow.call(&mut store, ()).unwrap(), 42);
}

#[test]
fn host_errors_pass_through_a_tail_call() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "host" "fail" (func $fail (result i32)))
           (func (export "run") (result i32) (return_call $fail)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let fail = Func::wrap(&mut store, || -> Result<i32, Error> {
        Err(Error::msg("host says no"))
    });
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "fail", fail).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance
        .get_typed_func::<(), i32>(&mut store, "run")
        .unwrap();
    let err = run.call(&mut store, ()).unwrap_err();
    assert!(err.to_string().contains("host says no"), "{err}");
}

/// A tail call into a function of another instance runs it with that instance's memory and
/// globals, and the return goes back to the caller's caller with the caller's own.
#[test]
fn tail_calls_across_instances_switch_the_instance() {
    let engine = Engine::default();
    let lib = Module::new(
        &engine,
        r#"(module
          (memory (export "mem") 1)
          (global $calls (mut i32) (i32.const 0))
          (data (i32.const 0) "\2a")
          ;; Reads its own memory and counts its calls in its own global.
          (func $get (export "get") (param $n i32) (result i32)
            (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
            (if (result i32) (i32.eqz (local.get $n))
              (then (i32.add (i32.load8_u (i32.const 0)) (global.get $calls)))
              (else (return_call $get (i32.sub (local.get $n) (i32.const 1)))))))"#,
    )
    .unwrap();
    let app = Module::new(
        &engine,
        r#"(module
          (import "lib" "get" (func $get (param i32) (result i32)))
          (type $t (func (param i32) (result i32)))
          (table funcref (elem $get))
          (memory 1)
          (data (i32.const 0) "\07")
          (func $direct (param i32) (result i32) (return_call $get (local.get 0)))
          (func $indirect (param i32) (result i32)
            (return_call_indirect (type $t) (local.get 0) (i32.const 0)))
          ;; After each tail call into lib, this instance's memory must be back.
          (func (export "run") (param i32) (result i32)
            (i32.add
              (i32.add (call $direct (local.get 0)) (i32.load8_u (i32.const 0)))
              (i32.add (call $indirect (local.get 0)) (i32.load8_u (i32.const 0))))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let lib_instance = linker.instantiate(&mut store, &lib).unwrap();
    linker.instance(&mut store, "lib", lib_instance).unwrap();
    let instance = linker.instantiate(&mut store, &app).unwrap();
    let run = instance
        .get_typed_func::<i32, i32>(&mut store, "run")
        .unwrap();
    // Each tail call into lib runs `get` n + 1 times: 42 + 4, then 42 + 8 (the global counts on).
    assert_eq!(
        run.call(&mut store, 3).unwrap(),
        (42 + 4 + 7) + (42 + 8 + 7)
    );
    // Entered directly from the host, the tail-called function returns to the host.
    let direct = Module::new(
        &engine,
        r#"(module (import "lib" "get" (func $get (param i32) (result i32)))
           (func (export "run") (result i32) (return_call $get (i32.const 0))))"#,
    )
    .unwrap();
    let instance = linker.instantiate(&mut store, &direct).unwrap();
    let run = instance
        .get_typed_func::<(), i32>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 42 + 9);
}

/// A trap in a tail-called function: its caller's frame was replaced, so the backtrace goes
/// from the trapping function straight to the caller's caller (as in wasmtime), across
/// instances too.
#[test]
fn a_trap_after_tail_calls_has_the_replaced_frames_left_out() {
    let engine = Engine::default();
    let lib = Module::new(
        &engine,
        r#"(module (func $boom (export "boom") (unreachable)))"#,
    )
    .unwrap();
    let app = Module::new(
        &engine,
        r#"(module
          (import "lib" "boom" (func $boom))
          (type $t (func))
          (table funcref (elem $boom))
          (func $local_boom (unreachable))
          (func $middle (return_call $local_boom))
          (func $to_lib (return_call_indirect (type $t) (i32.const 0)))
          (func $chain (return_call $middle))
          (func $local (export "local") (call $chain) (unreachable))
          (func $lib (export "lib") (call $to_lib) (unreachable))
          (func $entry (export "entry") (return_call $chain)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let lib_instance = linker.instantiate(&mut store, &lib).unwrap();
    linker.instance(&mut store, "lib", lib_instance).unwrap();
    let instance = linker.instantiate(&mut store, &app).unwrap();
    let mut backtrace = |export: &str| {
        let f = instance.get_func(&mut store, export).unwrap();
        let err = f.call(&mut store, &[], &mut []).unwrap_err();
        let trap = err.as_trap().expect("a trap");
        assert_eq!(trap.code(), TrapCode::Unreachable);
        trap.backtrace()
            .iter()
            .map(|f| f.func_name.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    // `local` calls `chain`, which tail-calls `middle`, which tail-calls `local_boom`: of the
    // four only the first and the last are left. `entry` is replaced in its turn.
    assert_eq!(backtrace("local"), ["local_boom", "local"]);
    assert_eq!(backtrace("lib"), ["boom", "lib"]);
    assert_eq!(backtrace("entry"), ["local_boom"]);
}

/// Two functions that call `$inc` the same way, one with `return_call`, the other with `call`
/// and then returning its result: the tail call costs what the call does (4, as any call) and
/// saves the return (1).
const FUEL: &str = r#"(module
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "tail") (param i32) (result i32) (return_call $inc (local.get 0)))
  (func (export "call") (param i32) (result i32) (call $inc (local.get 0)))
  (func $spin (export "spin") (param i32) (result i32)
    (return_call $spin (i32.add (local.get 0) (i32.const 1)))))"#;

#[test]
fn tail_calls_are_charged_fuel_as_calls() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let (mut store, instance) = instantiate_with(&config, FUEL);
    let mut used = |name: &str| {
        let f = instance
            .get_typed_func::<i32, i32>(&mut store, name)
            .unwrap();
        store.set_fuel(1_000).unwrap();
        assert_eq!(f.call(&mut store, 41).unwrap(), 42);
        1_000 - store.get_fuel().unwrap()
    };
    let (tail, call) = (used("tail"), used("call"));
    assert_eq!(tail + 1, call, "tail {tail}, call {call}");
    // An endless tail-call loop runs out of fuel (not of stack), however many iterations.
    let spin = instance
        .get_typed_func::<i32, i32>(&mut store, "spin")
        .unwrap();
    store.set_fuel(10_000_000).unwrap();
    let err = spin.call(&mut store, 0).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
    assert_eq!(err.as_trap().unwrap().backtrace().len(), 1);
}

/// An endless loop made only of tail calls (no backward branch) is interrupted by the epoch,
/// whichever kind of tail call it uses.
#[test]
fn epoch_interrupts_endless_tail_calls() {
    let mut config = Config::new();
    config.epoch_interruption(true);
    let engine = Engine::new(&config);
    let module = Module::new(
        &engine,
        r#"(module
          (type $t (func))
          (table funcref (elem $via_table))
          (func $direct (export "direct") (return_call $direct))
          (func $via_table (export "indirect") (return_call_indirect (type $t) (i32.const 0))))"#,
    )
    .unwrap();
    for export in ["direct", "indirect"] {
        let mut store = Store::new(&engine, ());
        store.set_epoch_deadline(1);
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
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
        let err = f.call(&mut store, ()).unwrap_err();
        ticker.join().unwrap();
        assert_eq!(err.trap_code(), Some(TrapCode::Interrupted), "{export}");
        assert_eq!(err.as_trap().unwrap().backtrace().len(), 1);
    }
}

/// In lazy validation mode a tail call is what first translates (and validates) its callee.
#[test]
fn a_tail_call_translates_its_callee_on_first_call() {
    let mut config = Config::new();
    config.compilation_mode(CompilationMode::LazyValidation);
    let (mut store, instance) = instantiate_with(
        &config,
        r#"(module
          (func $bad (result i32) (i64.const 0))
          (func $good (result i32) (i32.const 5))
          (func (export "good") (result i32) (return_call $good))
          (func (export "bad") (result i32) (return_call $bad)))"#,
    );
    let good = instance
        .get_typed_func::<(), i32>(&mut store, "good")
        .unwrap();
    assert_eq!(good.call(&mut store, ()).unwrap(), 5);
    let bad = instance
        .get_typed_func::<(), i32>(&mut store, "bad")
        .unwrap();
    let err = bad.call(&mut store, ()).unwrap_err();
    assert!(
        matches!(&err, Error::Compile(e) if e.kind == CompileErrorKind::Invalid),
        "{err}"
    );
}

/// With tail calls turned off, both operators are rejected as before they existed: an
/// unsupported feature naming the operator, at `Module::new` (or, in lazy validation mode, at
/// the function's first call).
#[test]
fn tail_calls_turned_off_are_an_unsupported_feature() {
    let cases = [
        (
            r#"(module (func $f (return_call $f)))"#,
            "tail calls (operator ReturnCall)",
        ),
        (
            r#"(module (type $t (func)) (table 1 funcref)
                 (func (return_call_indirect (type $t) (i32.const 0))))"#,
            "tail calls (operator ReturnCallIndirect)",
        ),
    ];
    for mode in [CompilationMode::Lazy, CompilationMode::Eager] {
        let mut config = Config::new();
        config.wasm_tail_call(false).compilation_mode(mode);
        let engine = Engine::new(&config);
        for (wat, message) in cases {
            let err = Module::new(&engine, wat).unwrap_err();
            let Error::Compile(err) = err else {
                panic!("not a compile error: {err}");
            };
            assert_eq!(err.kind, CompileErrorKind::Unsupported);
            assert_eq!(err.message, message);
            assert!(err.offset.is_some());
            // On by default.
            Module::new(&Engine::default(), wat).unwrap();
        }
    }
    let mut config = Config::new();
    config
        .wasm_tail_call(false)
        .compilation_mode(CompilationMode::LazyValidation);
    let (mut store, instance) = instantiate_with(
        &config,
        r#"(module (func $f (export "f") (return_call $f)))"#,
    );
    let f = instance.get_typed_func::<(), ()>(&mut store, "f").unwrap();
    match f.call(&mut store, ()).unwrap_err() {
        Error::Compile(err) => {
            assert_eq!(err.kind, CompileErrorKind::Unsupported);
            assert_eq!(err.message, "tail calls (operator ReturnCall)");
        }
        err => panic!("not a compile error: {err}"),
    }
}
