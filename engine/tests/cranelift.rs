//! The Cranelift tier against the interpreter: the same results and traps, functions the tier
//! does not cover falling back transparently.
#![cfg(all(
    feature = "cranelift",
    target_endian = "little",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use kestrel::{Config, Engine, Func, Instance, Linker, Module, Store, Strategy, TrapCode, Val};

fn engine(strategy: Strategy) -> Engine {
    let mut config = Config::new();
    config.strategy(strategy);
    Engine::new(&config)
}

const PROGRAM: &str = r#"
(module
  (import "host" "twice" (func $twice (param i32) (result i32)))
  (import "host" "fail" (func $fail (param i32) (result i32)))
  (memory 1 3)
  (global $counter (mut i32) (i32.const 0))
  (global $big (mut i64) (i64.const -5))
  (global $pi f64 (f64.const 3.25))
  (func $fib (export "fib") (param i32) (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "counter") (result i32) (global.get $counter))
  (func (export "sum") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i64.store (i32.mul (local.get $i) (i32.const 8)) (i64.extend_i32_u (local.get $i)))
        (local.set $acc (i64.add (local.get $acc)
          (i64.load (i32.mul (local.get $i) (i32.const 8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "rem") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
  (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "trunc_u64") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func $forever (export "forever") (param i32) (result i32)
    (i32.add (call $forever (local.get 0)) (i32.const 1)))
  (func (export "boom") unreachable)
  (func (export "switch") (param i32) (result i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
    (i32.const 30))
  (func (export "pick") (param i32 f32 f32) (result f32)
    (select (local.get 1) (local.get 2) (local.get 0)))
  (func (export "floats") (param f64) (result f64)
    (f64.add (f64.sqrt (local.get 0))
      (f64.add (global.get $pi) (f64.promote_f32 (f32.nearest (f32.const 2.5))))))
  (func (export "wide") (result i64)
    (global.set $big (i64.mul (global.get $big) (i64.const 3)))
    (global.get $big))
  (func (export "multi") (param i32) (result i32 i64)
    (local.get 0) (i64.extend_i32_s (local.get 0)))
  (func (export "uses_host") (param i32) (result i32) (call $twice (local.get 0)))
  (func (export "calls_host_user") (param i32) (result i32)
    (i32.add (call 0 (local.get 0)) (i32.const 1)))
  (func $fill (export "fill") (memory.fill (i32.const 100) (i32.const 7) (i32.const 4)))
  (func (export "calls_fill") (result i32) (call $fill) (i32.load (i32.const 100)))
  (type $unary (func (param i32) (result i32)))
  (table 5 funcref)
  (elem (i32.const 0) $fib $twice $forever)
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $unary) (local.get 1) (local.get 0)))
  (func (export "indirect_bad_type") (result i32)
    (call_indirect (result i32) (i32.const 0)))
  (func (export "host_traps") (param i32) (result i32) (call $fail (local.get 0)))
  (func $tail (export "tail") (param i32) (result i32)
    (return_call_indirect (type $unary) (local.get 0) (i32.const 0)))
  (func (export "calls_tail") (param i32) (result i32) (call $tail (local.get 0)))
  (func (export "refs") (param i32) (result i32)
    (table.set (i32.const 3) (ref.func $fib))
    (i32.add (call_indirect (type $unary) (local.get 0) (i32.const 3))
      (i32.add (table.size) (ref.is_null (table.get (i32.const 3))))))
  (func $count_down (export "count_down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 42))
      (else (return_call $count_down (i32.sub (local.get 0) (i32.const 1))))))
  (elem (i32.const 4) $down_indirect)
  (func $down_indirect (export "down_indirect") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1)
        (call_indirect (type $unary) (i32.sub (local.get 0) (i32.const 1)) (i32.const 4))))))
  ;; Tail calls through a table and a reference, in constant stack, and to a host function.
  (table $pair 2 funcref)
  (elem (table $pair) (i32.const 0) func $even_indirect $odd_indirect)
  (func $even_indirect (export "even_indirect") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call_indirect $pair (type $unary) (i32.sub (local.get 0) (i32.const 1))
        (i32.const 1)))))
  (func $odd_indirect (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call_indirect $pair (type $unary) (i32.sub (local.get 0) (i32.const 1))
        (i32.const 0)))))
  (func $down_ref (export "down_ref") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 7))
      (else (return_call_ref $unary (i32.sub (local.get 0) (i32.const 1)) (ref.func $down_ref)))))
  (func (export "tail_to_host") (param i32) (result i32) (return_call $twice (local.get 0)))
  (func (export "tail_to_host_indirect") (param i32) (result i32)
    (return_call_indirect (type $unary) (local.get 0) (i32.const 1)))
  (func (export "tail_to_host_ref") (param i32) (result i32)
    (return_call_ref $unary (local.get 0) (ref.func $twice)))
  (func (export "tail_to_null") (param i32) (result i32)
    (return_call_ref $unary (local.get 0) (ref.null $unary)))
  (func (export "tail_bad_type") (result i32) (return_call_indirect (result i32) (i32.const 0)))
  ;; Left to the interpreter (relaxed SIMD), with a caller.
  (func $relaxed (param v128 v128) (result v128) (f32x4.relaxed_min (local.get 0) (local.get 1)))
  (func (export "calls_relaxed") (result i32)
    (i32x4.extract_lane 0 (call $relaxed (v128.const i32x4 1 2 3 4) (v128.const i32x4 0 0 0 0))))
  (elem declare func $down_ref $twice)
)
"#;

fn instance(strategy: Strategy) -> (Store<()>, Instance, Module) {
    let engine = engine(strategy);
    let module = Module::new(&engine, PROGRAM).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "twice", |x: i32| -> i32 { x * 2 })
        .unwrap();
    linker
        .func_wrap("host", "fail", |x: i32| -> Result<i32, kestrel::Error> {
            if x == 0 {
                Err(kestrel::Error::Usage("the host says no".into()))
            } else {
                Ok(x)
            }
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance, module)
}

/// Calls `name` with `args` under both strategies and checks they agree; returns the result.
fn both(name: &str, args: &[Val]) -> Result<Vec<Val>, String> {
    let mut outcomes = Vec::new();
    for strategy in [Strategy::Interpreter, Strategy::Cranelift] {
        let (mut store, instance, _) = instance(strategy);
        let f: Func = instance.get_func(&mut store, name).unwrap();
        let n = f.ty(&store).results().len();
        let mut results = vec![Val::I32(0); n];
        let outcome = f
            .call(&mut store, args, &mut results)
            .map(|()| results)
            .map_err(|e| match e.trap_code() {
                Some(code) => format!("trap {code:?}"),
                None => format!("error {e}"),
            });
        outcomes.push(outcome);
    }
    let (a, b) = (&outcomes[0], &outcomes[1]);
    assert_eq!(format!("{a:?}"), format!("{b:?}"), "{name}{args:?}");
    outcomes.pop().unwrap()
}

#[test]
fn compiled_and_interpreted_agree() {
    assert_eq!(both("fib", &[Val::I32(20)]).unwrap()[0].i32(), Some(6765));
    assert_eq!(
        both("sum", &[Val::I32(1000)]).unwrap()[0].i64(),
        Some(499500)
    );
    assert_eq!(
        both("div", &[Val::I32(-7), Val::I32(2)]).unwrap()[0].i32(),
        Some(-3)
    );
    assert_eq!(
        both("rem", &[Val::I64(i64::MIN), Val::I64(-1)]).unwrap()[0].i64(),
        Some(0)
    );
    assert_eq!(
        both("trunc", &[Val::from(-2147483648.9_f64)]).unwrap()[0].i32(),
        Some(i32::MIN)
    );
    assert_eq!(
        both("trunc_u64", &[Val::from(1.8446743e19_f32)]).unwrap()[0].i64(),
        Some(-1099511627776)
    );
    assert_eq!(both("switch", &[Val::I32(0)]).unwrap()[0].i32(), Some(10));
    assert_eq!(both("switch", &[Val::I32(1)]).unwrap()[0].i32(), Some(20));
    assert_eq!(both("switch", &[Val::I32(7)]).unwrap()[0].i32(), Some(30));
    both(
        "pick",
        &[Val::I32(0), Val::from(1.5_f32), Val::from(-2.5_f32)],
    )
    .unwrap();
    both("floats", &[Val::from(2.0_f64)]).unwrap();
    assert_eq!(both("wide", &[]).unwrap()[0].i64(), Some(-15));
    let multi = both("multi", &[Val::I32(-9)]).unwrap();
    assert_eq!((multi[0].i32(), multi[1].i64()), (Some(-9), Some(-9)));
    assert_eq!(
        both("uses_host", &[Val::I32(21)]).unwrap()[0].i32(),
        Some(42)
    );
    assert_eq!(
        both("calls_host_user", &[Val::I32(4)]).unwrap()[0].i32(),
        Some(9)
    );
    assert_eq!(both("calls_fill", &[]).unwrap()[0].i32(), Some(0x07070707));
    assert_eq!(
        both("indirect", &[Val::I32(0), Val::I32(10)]).unwrap()[0].i32(),
        Some(55)
    );
    assert_eq!(
        both("indirect", &[Val::I32(1), Val::I32(10)]).unwrap()[0].i32(),
        Some(20)
    );
    assert_eq!(
        both("host_traps", &[Val::I32(3)]).unwrap()[0].i32(),
        Some(3)
    );
    assert_eq!(
        both("calls_tail", &[Val::I32(12)]).unwrap()[0].i32(),
        Some(144)
    );
    assert_eq!(both("refs", &[Val::I32(7)]).unwrap()[0].i32(), Some(18));
    // Recursion through a table stays in compiled code: as deep as direct recursion goes.
    assert_eq!(
        both("down_indirect", &[Val::I32(1000)]).unwrap()[0].i32(),
        Some(1000)
    );
    // Tail calls through a table and a reference stay in constant stack too.
    assert_eq!(
        both("even_indirect", &[Val::I32(1_000_001)]).unwrap()[0].i32(),
        Some(0)
    );
    assert_eq!(
        both("down_ref", &[Val::I32(1_000_000)]).unwrap()[0].i32(),
        Some(7)
    );
    // To a host function: an ordinary call, then a return.
    assert_eq!(
        both("tail_to_host", &[Val::I32(21)]).unwrap()[0].i32(),
        Some(42)
    );
    assert_eq!(
        both("tail_to_host_ref", &[Val::I32(4)]).unwrap()[0].i32(),
        Some(8)
    );
    assert_eq!(
        both("tail_to_host_indirect", &[Val::I32(5)]).unwrap()[0].i32(),
        Some(10)
    );
    assert_eq!(both("calls_relaxed", &[]).unwrap()[0].i32(), Some(0));
    // A million tail calls in constant stack.
    assert_eq!(
        both("count_down", &[Val::I32(1_000_000)]).unwrap()[0].i32(),
        Some(42)
    );
}

#[test]
fn traps_are_the_interpreters() {
    for (name, args, code) in [
        (
            "div",
            vec![Val::I32(1), Val::I32(0)],
            TrapCode::IntegerDivisionByZero,
        ),
        (
            "div",
            vec![Val::I32(i32::MIN), Val::I32(-1)],
            TrapCode::IntegerOverflow,
        ),
        (
            "trunc",
            vec![Val::from(f64::NAN)],
            TrapCode::BadConversionToInteger,
        ),
        (
            "trunc",
            vec![Val::from(2147483648.0_f64)],
            TrapCode::IntegerOverflow,
        ),
        (
            "trunc_u64",
            vec![Val::from(-1.0_f32)],
            TrapCode::IntegerOverflow,
        ),
        ("load", vec![Val::I32(65532)], TrapCode::MemoryOutOfBounds),
        ("load", vec![Val::I32(-1)], TrapCode::MemoryOutOfBounds),
        ("boom", vec![], TrapCode::Unreachable),
        ("forever", vec![Val::I32(1)], TrapCode::StackOverflow),
        (
            "indirect",
            vec![Val::I32(3), Val::I32(1)],
            TrapCode::IndirectCallToNull,
        ),
        (
            "indirect",
            vec![Val::I32(5), Val::I32(1)],
            TrapCode::TableOutOfBounds,
        ),
        (
            "indirect",
            vec![Val::I32(2), Val::I32(1)],
            TrapCode::StackOverflow,
        ),
        ("indirect_bad_type", vec![], TrapCode::BadSignature),
        ("down_indirect", vec![Val::I32(-1)], TrapCode::StackOverflow),
        ("tail_to_null", vec![Val::I32(1)], TrapCode::NullReference),
        ("tail_bad_type", vec![], TrapCode::BadSignature),
    ] {
        let err = both(name, &args).unwrap_err();
        assert_eq!(err, format!("trap {code:?}"), "{name}{args:?}");
    }
    // A host function's error passes through compiled code unchanged.
    let err = both("host_traps", &[Val::I32(0)]).unwrap_err();
    assert!(err.contains("the host says no"), "{err}");
}

#[test]
fn memory_grows_under_compiled_code() {
    let (mut store, instance, _) = instance(Strategy::Cranelift);
    let grow = instance
        .get_typed_func::<i32, i32>(&mut store, "grow")
        .unwrap();
    let size = instance
        .get_typed_func::<(), i32>(&mut store, "size")
        .unwrap();
    let load = instance
        .get_typed_func::<i32, i32>(&mut store, "load")
        .unwrap();
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    assert_eq!(size.call(&mut store, ()).unwrap(), 2);
    // The new page is reachable at once, and the maximum holds.
    assert_eq!(load.call(&mut store, 65532).unwrap(), 0);
    assert_eq!(grow.call(&mut store, 5).unwrap(), -1);
    let memory = instance.get_memory(&mut store, "memory");
    assert!(memory.is_none());
}

#[test]
fn compiled_code_updates_globals_the_api_sees() {
    let (mut store, instance, _) = instance(Strategy::Cranelift);
    let fib = instance
        .get_typed_func::<i32, i32>(&mut store, "fib")
        .unwrap();
    let counter = instance
        .get_typed_func::<(), i32>(&mut store, "counter")
        .unwrap();
    assert_eq!(fib.call(&mut store, 10).unwrap(), 55);
    assert_eq!(counter.call(&mut store, ()).unwrap(), 177);
}

#[test]
fn the_report_names_what_falls_back() {
    let (_, _, module) = instance(Strategy::Cranelift);
    let (compiled, refused) = module.cranelift_report().unwrap();
    let why = |f: u32| {
        refused
            .iter()
            .find(|(i, _)| *i == f)
            .map(|(_, w)| w.as_str())
    };
    // Functions 0 and 1 are imports; 39 uses relaxed SIMD, which the tier leaves to the
    // interpreter, and 40 calls 39; the 37 others are compiled.
    assert_eq!(why(39), Some("relaxed SIMD"));
    assert_eq!(
        why(40),
        Some("it calls function 39, which runs in the interpreter")
    );
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(compiled, 37);
    let (_, _, interpreted) = instance(Strategy::Interpreter);
    assert!(interpreted.cranelift_report().is_none());
}

const METERED: &str = r#"
(module
  (import "host" "spend" (func $spend (param i32)))
  (func $body (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc))
  (func (export "sum") (param i32) (result i32) (call $body (local.get 0)))
  (func (export "sum_then_spend") (param i32) (result i32)
    (call $spend (i32.const 0))
    (call $body (local.get 0)))
  (func (export "forever") (loop $l (br $l))))
"#;

fn metered(config: &Config) -> (Store<()>, Instance, Module) {
    let engine = Engine::new(config);
    let module = Module::new(&engine, METERED).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "spend",
            |mut caller: kestrel::Caller<'_, ()>, _: i32| {
                // The host sees the fuel compiled code has left, and takes some.
                let left = caller.get_fuel().unwrap();
                caller.set_fuel(left - 1000).unwrap();
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance, module)
}

fn call_i32(
    store: &mut Store<()>,
    instance: &Instance,
    name: &str,
    arg: Option<i32>,
) -> Result<i32, kestrel::Error> {
    let f = instance.get_func(&mut *store, name).unwrap();
    let args: Vec<Val> = arg.into_iter().map(Val::I32).collect();
    let mut out = vec![Val::I32(0); f.ty(&*store).results().len()];
    f.call(&mut *store, &args, &mut out)?;
    Ok(out.first().and_then(Val::i32).unwrap_or(0))
}

#[test]
fn compiled_code_meters_fuel() {
    let mut config = Config::new();
    config.strategy(Strategy::Cranelift).consume_fuel(true);
    let (mut store, instance, module) = metered(&config);
    let (compiled, refused) = module.cranelift_report().expect("compiled");
    assert_eq!((compiled, refused.len()), (4, 0), "{refused:?}");

    // Enough fuel: the result, and fuel spent in proportion to the work.
    store.set_fuel(1_000_000).unwrap();
    assert_eq!(
        call_i32(&mut store, &instance, "sum", Some(1000)).unwrap(),
        500500
    );
    let spent = 1_000_000 - store.get_fuel().unwrap();
    assert!((1000..20_000).contains(&spent), "spent {spent}");

    // Not enough: OutOfFuel, with the fuel that could not pay left unspent.
    store.set_fuel(5_000).unwrap();
    let e = call_i32(&mut store, &instance, "sum", Some(1_000_000)).unwrap_err();
    assert_eq!(e.trap_code(), Some(TrapCode::OutOfFuel), "{e}");
    assert!(store.get_fuel().unwrap() < 100);

    // An infinite loop ends.
    store.set_fuel(100_000).unwrap();
    let e = call_i32(&mut store, &instance, "forever", None).unwrap_err();
    assert_eq!(e.trap_code(), Some(TrapCode::OutOfFuel), "{e}");

    // A host function called from compiled code sees and changes the same fuel.
    store.set_fuel(1_500).unwrap();
    let e = call_i32(&mut store, &instance, "sum_then_spend", Some(100)).unwrap_err();
    assert_eq!(e.trap_code(), Some(TrapCode::OutOfFuel), "{e}");
    store.set_fuel(1_000_000).unwrap();
    assert_eq!(
        call_i32(&mut store, &instance, "sum_then_spend", Some(100)).unwrap(),
        5050
    );
    let spent = 1_000_000 - store.get_fuel().unwrap();
    assert!((1000..3000).contains(&spent), "spent {spent}");
}

#[test]
fn compiled_code_is_interrupted_by_the_epoch() {
    let mut config = Config::new();
    config
        .strategy(Strategy::Cranelift)
        .epoch_interruption(true);
    let (mut store, instance, module) = metered(&config);
    assert_eq!(module.cranelift_report().expect("compiled").0, 4);
    let engine = store.engine().clone();

    // Far from the deadline: runs to the end.
    store.set_epoch_deadline(5);
    assert_eq!(
        call_i32(&mut store, &instance, "sum", Some(1000)).unwrap(),
        500500
    );

    // An infinite loop in compiled code ends when another thread moves the epoch on.
    store.set_epoch_deadline(1);
    std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            engine.increment_epoch();
        });
        let e = call_i32(&mut store, &instance, "forever", None).unwrap_err();
        assert_eq!(e.trap_code(), Some(TrapCode::Interrupted), "{e}");
    });

    // Past the deadline already: the first function entry traps.
    let e = call_i32(&mut store, &instance, "sum", Some(10)).unwrap_err();
    assert_eq!(e.trap_code(), Some(TrapCode::Interrupted), "{e}");
}
