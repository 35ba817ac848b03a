//! The interpreter's own guarantees, end to end: fuel is charged per executed instruction,
//! both stack limits end in a clean trap, host re-entrancy is bounded, the cached memory base
//! follows growth in callees, and backtraces cross instances.

use kestrel::{
    Caller, Config, Engine, Error, Extern, Func, Instance, Linker, Module, Store, TrapCode,
};

fn instantiate_with(config: &Config, wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::new(config);
    let module = Module::new(&engine, wat).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    (store, instance)
}

const COUNTDOWN: &str = r#"(module
  (func (export "count") (param i32) (result i32)
    (local i32)
    (block
      (loop
        (br_if 1 (i32.eqz (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br 0)))
    (local.get 1)))"#;

#[test]
fn fuel_is_charged_per_executed_instruction() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let (mut store, instance) = instantiate_with(&config, COUNTDOWN);
    let count = instance
        .get_typed_func::<i32, i32>(&mut store, "count")
        .unwrap();
    // Fuel used grows linearly with the iterations: each one runs the same instructions.
    let mut used = Vec::new();
    for n in [0, 1, 2, 10] {
        store.set_fuel(1_000_000).unwrap();
        assert_eq!(count.call(&mut store, n).unwrap(), n);
        used.push(1_000_000 - store.get_fuel().unwrap());
    }
    let per_iteration = used[1] - used[0];
    assert!(per_iteration > 0);
    assert_eq!(used[2] - used[1], per_iteration);
    assert_eq!(used[3] - used[0], 10 * per_iteration);
    // Exactly enough fuel completes; one less traps.
    store.set_fuel(used[3]).unwrap();
    assert_eq!(count.call(&mut store, 10).unwrap(), 10);
    assert_eq!(store.get_fuel().unwrap(), 0);
    store.set_fuel(used[3] - 1).unwrap();
    let err = count.call(&mut store, 10).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
}

/// Metered code without epoch interruption runs in the interpreter's metered and
/// interruptible instantiation (`interp::call`): the epoch must never stop it, whatever the
/// engine's epoch and the store's deadline (still 0 here, which epoch interruption would take
/// as reached at once).
#[test]
fn fuel_alone_is_never_interrupted_by_the_epoch() {
    let mut config = Config::new();
    config.consume_fuel(true);
    // A loop (backward branches), then calls.
    for (wat, name) in [(COUNTDOWN, "count"), (RECURSE, "f")] {
        let (mut store, instance) = instantiate_with(&config, wat);
        for _ in 0..3 {
            store.engine().increment_epoch();
        }
        let func = instance
            .get_typed_func::<i32, i32>(&mut store, name)
            .unwrap();
        store.set_fuel(1_000_000).unwrap();
        assert_eq!(func.call(&mut store, 100).unwrap(), 100);
        assert!(store.get_fuel().unwrap() < 1_000_000);
        store.set_fuel(50).unwrap();
        let err = func.call(&mut store, 100).unwrap_err();
        assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel), "{name}");
    }
}

const RECURSE: &str = r#"(module
  (func $f (export "f") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $f (i32.sub (local.get 0) (i32.const 1))))))))"#;

#[test]
fn million_deep_recursion_hits_the_value_stack_limit_cleanly() {
    let mut config = Config::new();
    config.max_call_depth(10_000_000).max_value_stack(1 << 20);
    let (mut store, instance) = instantiate_with(&config, RECURSE);
    let f = instance
        .get_typed_func::<i32, i32>(&mut store, "f")
        .unwrap();
    assert_eq!(f.call(&mut store, 100_000).unwrap(), 100_000);
    let err = f.call(&mut store, 1_000_000).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
    let trap = err.as_trap().unwrap();
    assert!(trap.backtrace().len() > 1000);
    assert_eq!(f.call(&mut store, 7).unwrap(), 7);
}

#[test]
fn million_deep_recursion_completes_when_limits_allow() {
    let mut config = Config::new();
    config.max_call_depth(2_000_000).max_value_stack(1 << 24);
    let (mut store, instance) = instantiate_with(&config, RECURSE);
    let f = instance
        .get_typed_func::<i32, i32>(&mut store, "f")
        .unwrap();
    assert_eq!(f.call(&mut store, 1_000_000).unwrap(), 1_000_000);
}

const STACK: usize = 2 << 20;

/// Runs wasm "go" → host "again" → wasm "go" ... with `config` on a thread with an ordinary
/// 2 MiB stack, and returns the error it ends in and how many levels of re-entry it reached.
fn reenter_until_it_stops(config: &Config) -> (Error, u32) {
    let engine = Engine::new(config);
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "again" (func $again))
            (func (export "go") (call $again)))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "again",
            |mut caller: Caller<'_, u32>| -> Result<(), Error> {
                *caller.data_mut() += 1;
                let go = caller.get_export("go").and_then(Extern::into_func).unwrap();
                go.typed::<(), ()>(&caller)?.call(&mut caller, ())
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, 0u32);
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let go = instance.get_typed_func::<(), ()>(&mut store, "go").unwrap();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let err = go.call(&mut store, ()).unwrap_err();
            (err, *store.data())
        })
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn unbounded_host_reentrancy_traps() {
    // The stack budget must stop it before the host stack runs out (an overflow would abort
    // the test process), and not before a reasonable nesting depth.
    let (err, levels) = reenter_until_it_stops(&Config::new());
    eprintln!("re-entry stopped after {levels} levels in the default budget");
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow), "{err}");
    assert!(levels >= 16, "re-entry stopped after {levels} levels");
}

#[test]
fn the_wasm_stack_budget_bounds_reentry() {
    let (_, default) = reenter_until_it_stops(&Config::new());
    let (err, small) = reenter_until_it_stops(Config::new().max_wasm_stack(64 << 10));
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow), "{err}");
    assert!(
        small < default / 4,
        "{small} levels in 64 KiB, {default} in 512 KiB"
    );
    let (err, none) = reenter_until_it_stops(Config::new().max_wasm_stack(0));
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow), "{err}");
    assert_eq!(none, 1, "no re-entry at all in a budget of 0 bytes");
}

#[test]
fn memory_growth_in_a_callee_is_seen_by_the_caller() {
    let (mut store, instance) = instantiate_with(
        &Config::new(),
        r#"(module
          (memory 1)
          (func $grow (result i32) (memory.grow (i32.const 1)))
          (func (export "run") (result i32)
            (drop (call $grow))
            (i32.store (i32.const 70000) (i32.const 42))
            (i32.load (i32.const 70000))))"#,
    );
    let run = instance
        .get_typed_func::<(), i32>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 42);
}

#[test]
fn backtraces_cross_instances_innermost_first() {
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
            (func $middle (call $boom))
            (func $main (export "main") (call $middle)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let lib_instance = linker.instantiate(&mut store, &lib).unwrap();
    linker.instance(&mut store, "lib", lib_instance).unwrap();
    let instance = linker.instantiate(&mut store, &app).unwrap();
    let main = instance.get_func(&mut store, "main").unwrap();
    let err = main.call(&mut store, &[], &mut []).unwrap_err();
    let trap = err.as_trap().unwrap();
    assert_eq!(trap.code(), TrapCode::Unreachable);
    let names: Vec<_> = trap
        .backtrace()
        .iter()
        .map(|f| f.func_name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, ["boom", "middle", "main"]);
}

#[test]
fn host_function_called_indirectly_from_a_table() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "add" (func $add (param i32 i32) (result i32)))
            (table 1 funcref)
            (elem (i32.const 0) $add)
            (type $bin (func (param i32 i32) (result i32)))
            (func (export "run") (param i32 i32) (result i32)
              (call_indirect (type $bin) (local.get 0) (local.get 1) (i32.const 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let add = Func::wrap(&mut store, |a: i32, b: i32| a + b);
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "add", add).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, (40, 2)).unwrap(), 42);
}

/// Functions whose results the translator keeps only in the accumulator where the next
/// instruction pops them (see `engine/src/translate/testdata/accumulator_only_results.golden`)
/// next to results it must store: branch values, block results, locals, and a condition read
/// from its slot after copies (`if`), in a loop so stale frame cells would show.
const ACC_ONLY: &str = r#"(module
  (func (export "chain") (param i32) (result i32)
    (i32.and (i32.shr_u (local.get 0) (i32.const 1)) (i32.const 32767)))
  (func (export "tee") (param i32) (result i32)
    (i32.add
      (i32.mul (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 3))
      (local.get 0)))
  (func (export "br_if_value") (param i32 i32) (result i32)
    (block $b (result i32)
      (local.get 1)
      (i32.add (local.get 0) (i32.const 1))
      (br_if $b (local.get 1))
      (i32.mul))
    (i32.const 5)
    (i32.add))
  (func (export "block_result") (param i32) (result i32)
    (local.get 0)
    (local.get 0)
    (block $b (param i32) (result i32)
      (local.get 0)
      (i32.add (local.get 0) (i32.const 1))
      (br $b))
    (i32.add))
  (func (export "two_results") (param i32) (result i32)
    (i32.mul (i32.add (i32.add (local.get 0) (i32.const 1)) (i32.const 2)) (i32.const 3)))
  (func (export "if_sum") (param i32) (result i32)
    (local i32 i32)
    (loop $l
      (local.set 1
        (i32.add (local.get 1)
          (if (param i32) (result i32)
            (local.get 2)
            (i32.lt_u (i32.add (local.get 2) (i32.const 1)) (i32.const 10))
            (then (i32.const 100) (i32.add))
            (else (i32.const 1000) (i32.add)))))
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 2) (local.get 0))))
    (local.get 1)))"#;

#[test]
fn results_kept_only_in_the_accumulator_compute_right_in_every_mode() {
    let mut fuel = Config::new();
    fuel.consume_fuel(true);
    let mut epoch = Config::new();
    epoch.epoch_interruption(true);
    for (config, metered) in [(Config::new(), false), (fuel, true), (epoch, false)] {
        let (mut store, instance) = instantiate_with(&config, ACC_ONLY);
        if metered {
            store.set_fuel(u64::MAX / 2).unwrap();
        }
        store.set_epoch_deadline(u64::MAX / 2);
        let unary = |store: &mut Store<()>, name: &str, arg: i32| {
            instance
                .get_typed_func::<i32, i32>(&mut *store, name)
                .unwrap()
                .call(&mut *store, arg)
                .unwrap()
        };
        assert_eq!(
            unary(&mut store, "chain", 0x1_2345),
            (0x1_2345 >> 1) & 32767
        );
        assert_eq!(unary(&mut store, "tee", 6), 7 * 3 + 7);
        assert_eq!(unary(&mut store, "block_result", 4), 4 + 5);
        assert_eq!(unary(&mut store, "two_results", 4), (4 + 1 + 2) * 3);
        // sum over i < 20 of i + (i + 1 < 10 ? 100 : 1000)
        let expected: i32 = (0..20)
            .map(|i| i + if i + 1 < 10 { 100 } else { 1000 })
            .sum();
        assert_eq!(unary(&mut store, "if_sum", 20), expected);
        let br_if_value = instance
            .get_typed_func::<(i32, i32), i32>(&mut store, "br_if_value")
            .unwrap();
        assert_eq!(br_if_value.call(&mut store, (4, 1)).unwrap(), 5 + 5);
        assert_eq!(br_if_value.call(&mut store, (4, 0)).unwrap(), 5);
        assert_eq!(br_if_value.call(&mut store, (4, 2)).unwrap(), 5 + 5);
    }
}

/// Each operation takes the previous result as its second operand, which the translator turns
/// around (a commutative operation swapped, a comparison mirrored, a subtraction reversed) so
/// that the result is read from the accumulator.
const SECOND_OPERAND: &str = r#"(module
  (func (export "i32_sub") (param i32 i32) (result i32)
    (i32.sub (local.get 0) (i32.xor (local.get 1) (i32.const 0))))
  (func (export "i64_sub") (param i64 i64) (result i64)
    (i64.sub (local.get 0) (i64.xor (local.get 1) (i64.const 0))))
  (func (export "f32_sub") (param f32 f32) (result f32)
    (f32.sub (local.get 0) (f32.abs (local.get 1))))
  (func (export "f64_sub") (param f64 f64) (result f64)
    (f64.sub (local.get 0) (f64.abs (local.get 1))))
  (func (export "f64_mul") (param f64 f64) (result f64)
    (f64.mul (local.get 0) (f64.neg (local.get 1))))
  (func (export "i32_cmp") (param i32 i32) (result i32)
    (local $b i32) (local $r i32)
    (local.set $b (local.get 1))
    (local.set $r (i32.lt_s (local.get 0) (i32.xor (local.get $b) (i32.const 0))))
    (local.set $r (i32.or (local.get $r)
      (i32.shl (i32.le_u (local.get 0) (i32.xor (local.get $b) (i32.const 0))) (i32.const 1))))
    (local.set $r (i32.or (local.get $r)
      (i32.shl (i32.gt_u (local.get 0) (i32.xor (local.get $b) (i32.const 0))) (i32.const 2))))
    (i32.or (local.get $r)
      (i32.shl (i32.ge_s (local.get 0) (i32.xor (local.get $b) (i32.const 0))) (i32.const 3))))
  (func (export "i64_cmp") (param i64 i64) (result i32)
    (i32.or
      (i64.gt_s (local.get 0) (i64.xor (local.get 1) (i64.const 0)))
      (i32.shl (i64.lt_u (local.get 0) (i64.xor (local.get 1) (i64.const 0))) (i32.const 1))))
  (func (export "f64_cmp") (param f64 f64) (result i32)
    (i32.or
      (i32.or
        (f64.lt (local.get 0) (f64.abs (local.get 1)))
        (i32.shl (f64.ge (local.get 0) (f64.abs (local.get 1))) (i32.const 1)))
      (i32.shl (f64.eq (local.get 0) (f64.abs (local.get 1))) (i32.const 2)))))"#;

#[test]
fn operations_on_the_previous_result_as_second_operand_compute_right() {
    let (mut store, instance) = instantiate_with(&Config::new(), SECOND_OPERAND);
    macro_rules! call {
        ($name:literal, $args:ty, $ret:ty, $a:expr, $b:expr) => {
            instance
                .get_typed_func::<$args, $ret>(&mut store, $name)
                .unwrap()
                .call(&mut store, ($a, $b))
                .unwrap()
        };
    }
    for (a, b) in [(7, 3), (3, 7), (i32::MIN, 1), (-1, i32::MAX), (0, 0)] {
        assert_eq!(call!("i32_sub", (i32, i32), i32, a, b), a.wrapping_sub(b));
        let expected = i32::from(a < b)
            | i32::from(a as u32 <= b as u32) << 1
            | i32::from(a as u32 > b as u32) << 2
            | i32::from(a >= b) << 3;
        assert_eq!(call!("i32_cmp", (i32, i32), i32, a, b), expected, "{a} {b}");
    }
    for (a, b) in [(7i64, 3i64), (i64::MIN, 1), (-1, i64::MAX), (5, 5)] {
        assert_eq!(call!("i64_sub", (i64, i64), i64, a, b), a.wrapping_sub(b));
        let expected = i32::from(a > b) | i32::from((a as u64) < b as u64) << 1;
        assert_eq!(call!("i64_cmp", (i64, i64), i32, a, b), expected);
    }
    assert_eq!(call!("f32_sub", (f32, f32), f32, 1.5, -4.0), -2.5);
    for (a, b) in [
        (1.5, -4.0),
        (-2.0, 0.5),
        (3.0, 3.0),
        (f64::NAN, 1.0),
        (1.0, f64::NAN),
    ] {
        let sub = call!("f64_sub", (f64, f64), f64, a, b);
        assert!(sub.is_nan() && (a - b.abs()).is_nan() || sub == a - b.abs());
        let mul = call!("f64_mul", (f64, f64), f64, a, b);
        assert!(mul.is_nan() && (a * -b).is_nan() || mul == a * -b);
        let b = b.abs();
        let expected = i32::from(a < b) | i32::from(a >= b) << 1 | i32::from(a == b) << 2;
        assert_eq!(call!("f64_cmp", (f64, f64), i32, a, b), expected, "{a} {b}");
    }
}

/// Every store width with its value computed by the instruction just before it, so the store
/// takes its value from the accumulator (the `...StoreVal` forms) and the add keeps its result
/// only there.
const STORE_PREVIOUS_RESULT: &str = r#"(module
  (memory (export "m") 1)
  (func (export "i64") (param $addr i32) (param $v i64)
    (i32.store offset=0 (local.get $addr) (i32.add (i32.wrap_i64 (local.get $v)) (i32.const 1)))
    (i64.store offset=8 (local.get $addr) (i64.add (local.get $v) (i64.const 2)))
    (i32.store8 offset=16 (local.get $addr) (i32.add (i32.wrap_i64 (local.get $v)) (i32.const 3)))
    (i32.store16 offset=18 (local.get $addr) (i32.add (i32.wrap_i64 (local.get $v)) (i32.const 4)))
    (i64.store8 offset=20 (local.get $addr) (i64.add (local.get $v) (i64.const 5)))
    (i64.store16 offset=22 (local.get $addr) (i64.add (local.get $v) (i64.const 6)))
    (i64.store32 offset=24 (local.get $addr) (i64.add (local.get $v) (i64.const 7))))
  (func (export "float") (param $addr i32) (param $a f32) (param $b f64)
    (f32.store offset=32 (local.get $addr) (f32.add (local.get $a) (f32.const 0.5)))
    (f64.store offset=40 (local.get $addr) (f64.add (local.get $b) (f64.const 0.25)))))"#;

#[test]
fn stores_of_the_previous_result_write_it_at_their_address() {
    for eager in [false, true] {
        let mut config = Config::new();
        if eager {
            config.compilation_mode(kestrel::CompilationMode::Eager);
        }
        let (mut store, instance) = instantiate_with(&config, STORE_PREVIOUS_RESULT);
        let ints = instance
            .get_typed_func::<(i32, i64), ()>(&mut store, "i64")
            .unwrap();
        let floats = instance
            .get_typed_func::<(i32, f32, f64), ()>(&mut store, "float")
            .unwrap();
        let mem = instance.get_memory(&mut store, "m").unwrap();
        let v: i64 = 0x1122_3344_5566_7788;
        ints.call(&mut store, (100, v)).unwrap();
        floats.call(&mut store, (100, 1.5, -2.0)).unwrap();
        let mut bytes = [0u8; 48];
        mem.read(&store, 100, &mut bytes).unwrap();
        let at = |o: usize, n: usize| {
            let mut b = [0u8; 8];
            b[..n].copy_from_slice(&bytes[o..o + n]);
            u64::from_le_bytes(b)
        };
        assert_eq!(at(0, 4), (v as u32).wrapping_add(1) as u64);
        assert_eq!(at(8, 8), v.wrapping_add(2) as u64);
        assert_eq!(at(16, 1), (v + 3) as u8 as u64);
        assert_eq!(at(18, 2), (v + 4) as u16 as u64);
        assert_eq!(at(20, 1), (v + 5) as u8 as u64);
        assert_eq!(at(22, 2), (v + 6) as u16 as u64);
        assert_eq!(at(24, 4), (v + 7) as u32 as u64);
        assert_eq!(f32::from_bits(at(32, 4) as u32), 2.0);
        assert_eq!(f64::from_bits(at(40, 8)), -1.75);
        // Out of bounds: a trap, and the store before it in the same function is done.
        let err = ints.call(&mut store, (65536 - 20, v)).unwrap_err();
        assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds), "{err}");
        let mut first = [0u8; 4];
        mem.read(&store, 65536 - 20, &mut first).unwrap();
        assert_eq!(u32::from_le_bytes(first), (v as u32).wrapping_add(1));
    }
}
