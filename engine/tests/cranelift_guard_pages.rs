//! The Cranelift tier's guard pages: accesses to memory 0 whose bounds check is left to the
//! processor trap exactly as the interpreter's explicit checks do, whatever compiled and
//! engine frames lie between the fault and the entry into compiled code, and the code keeps
//! running correctly afterwards.
#![cfg(all(
    feature = "cranelift",
    target_endian = "little",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use kestrel::{Config, Engine, Func, Instance, Linker, Module, Store, Strategy, Val};

const PROGRAM: &str = r#"
(module
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (memory (export "memory") 1 4)
  (table 1 funcref)
  (elem (i32.const 0) $inner)
  (type $t (func (param i32) (result i32)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load_off") (param i32) (result i32) (i32.load offset=65532 (local.get 0)))
  (func (export "load_far") (param i32) (result i32)
    (i32.load8_u offset=0x40000000 (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  ;; Compiled code reached through a table (same instance: no interpreter call between).
  (func $inner (param i32) (result i32) (i32.load (local.get 0)))
  ;; An indirect call that returns normally, then a fault in the caller: it must resume at
  ;; the outer entry, not the inner one that has returned.
  (func (export "after_indirect") (param i32 i32) (result i32)
    (drop (call_indirect (type $t) (local.get 0) (i32.const 0)))
    (i32.load (local.get 1)))
  ;; A host call that re-enters compiled code (another entry), then a fault here.
  (func (export "after_reentry") (param i32 i32) (result i32)
    (drop (call $reenter (local.get 0)))
    (i32.load (local.get 1)))
  ;; Deep compiled recursion, then a fault at the bottom.
  (func $deep (export "deep") (param i32 i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.load (local.get 1)))
      (else (i32.add (i32.const 1)
        (call $deep (i32.sub (local.get 0) (i32.const 1)) (local.get 1))))))
)
"#;

fn instance(config: &Config) -> (Store<()>, Instance) {
    let engine = Engine::new(config);
    let module = Module::new(&engine, PROGRAM).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "reenter",
            |mut caller: kestrel::Caller<'_, ()>, addr: i32| -> i32 {
                // A trap in the nested entry is an error here, which the host swallows.
                let load = caller
                    .get_export("load")
                    .and_then(|e| e.into_func())
                    .expect("load is exported");
                let mut out = [Val::I32(0)];
                match load.call(&mut caller, &[Val::I32(addr)], &mut out) {
                    Ok(()) => out[0].i32().unwrap(),
                    Err(e) => {
                        assert!(e.trap_code().is_some(), "{e}");
                        -1
                    }
                }
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

fn configs() -> Vec<(&'static str, Config)> {
    let mut interpreter = Config::new();
    interpreter.strategy(Strategy::Interpreter);
    let mut guarded = Config::new();
    guarded.strategy(Strategy::Cranelift);
    let mut checked = Config::new();
    checked.strategy(Strategy::Cranelift).memory_guard_size(0);
    let mut small = Config::new();
    small
        .strategy(Strategy::Cranelift)
        .memory_reservation(1 << 20);
    vec![
        ("interpreter", interpreter),
        ("guard pages", guarded),
        ("explicit checks", checked),
        ("small reservation", small),
    ]
}

/// Runs `calls` (export, arguments) in order on one instance per configuration, and checks
/// that every configuration gives the same outcomes and leaves the same memory.
fn agree(calls: &[(&str, Vec<Val>)]) {
    let mut seen: Vec<(&str, Vec<String>)> = Vec::new();
    for (label, config) in configs() {
        let (mut store, instance) = instance(&config);
        let mut outcomes = Vec::new();
        for (name, args) in calls {
            let f: Func = instance.get_func(&mut store, name).unwrap();
            let mut results = vec![Val::I32(0); f.ty(&store).results().len()];
            let outcome = match f.call(&mut store, args, &mut results) {
                Ok(()) => format!("{name}{args:?} = {results:?}"),
                Err(e) => format!("{name}{args:?} traps {:?}", e.trap_code()),
            };
            outcomes.push(outcome);
        }
        let memory = instance.get_memory(&mut store, "memory").unwrap();
        let data = memory.data(&store);
        let sum: u64 = data.iter().map(|&b| u64::from(b)).sum();
        outcomes.push(format!("memory of {} bytes summing to {sum}", data.len()));
        seen.push((label, outcomes));
    }
    for (label, outcomes) in &seen[1..] {
        assert_eq!(outcomes, &seen[0].1, "{label} differs from the interpreter");
    }
}

#[test]
fn accesses_at_every_edge_trap_as_the_interpreter() {
    let i = Val::I32;
    agree(&[
        ("store", vec![i(65532), i(0x0102_0304)]),
        ("load", vec![i(65532)]),
        ("load", vec![i(65533)]),
        ("load", vec![i(65536)]),
        ("load", vec![i(-1)]),
        ("load", vec![i(i32::MIN)]),
        ("load_off", vec![i(0)]),
        ("load_off", vec![i(1)]),
        ("load_off", vec![i(-1)]),
        ("load_far", vec![i(0)]),
        ("load64", vec![i(65528)]),
        ("load64", vec![i(65529)]),
        // A store straddling the end writes nothing.
        ("store", vec![i(65534), i(-1)]),
        ("store64", vec![i(65532), Val::I64(-1)]),
        ("load", vec![i(65532)]),
        // Growing makes the next page reachable, and the one after still faults.
        ("grow", vec![i(1)]),
        ("load", vec![i(65536)]),
        ("store", vec![i(131068), i(7)]),
        ("load", vec![i(131068)]),
        ("load", vec![i(131069)]),
        ("load", vec![i(131072)]),
    ]);
}

#[test]
fn a_fault_resumes_at_the_innermost_live_entry() {
    let i = Val::I32;
    agree(&[
        ("after_indirect", vec![i(0), i(0)]),
        ("after_indirect", vec![i(0), i(70000)]),
        ("after_indirect", vec![i(70000), i(0)]),
        ("after_reentry", vec![i(0), i(70000)]),
        ("after_reentry", vec![i(70000), i(4)]),
        ("after_reentry", vec![i(70000), i(70000)]),
        ("deep", vec![i(1000), i(8)]),
        ("deep", vec![i(1000), i(70000)]),
        // The instance still works after all that.
        ("load", vec![i(0)]),
        ("deep", vec![i(10), i(0)]),
    ]);
}

#[test]
fn faults_on_many_threads_stay_on_their_thread() {
    let mut config = Config::new();
    config.strategy(Strategy::Cranelift);
    std::thread::scope(|s| {
        for t in 0..4 {
            let config = &config;
            s.spawn(move || {
                let (mut store, instance) = instance(config);
                let load = instance.get_func(&mut store, "load").unwrap();
                for n in 0..200 {
                    let addr = if n % 2 == 0 { 100 + t } else { 70000 + t };
                    let mut out = [Val::I32(0)];
                    let r = load.call(&mut store, &[Val::I32(addr)], &mut out);
                    assert_eq!(r.is_err(), n % 2 == 1, "thread {t}, call {n}");
                }
            });
        }
    });
}

const NESTED: &str = r#"
(module $app
  (memory 1)
  (table 1 funcref)
  (elem (i32.const 0) $via_table)
  (type $t (func (param i32) (result i32)))
  (func $leaf (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (i32.load (local.get 0)))
  (func $middle (param i32) (result i32) (i32.add (call $leaf (local.get 0)) (i32.const 1)))
  (func $via_table (param i32) (result i32) (call $middle (local.get 0)))
  (func $outer (export "outer") (param i32) (result i32)
    (i32.add (call $middle (local.get 0)) (i32.const 2)))
  (func $indirect (export "indirect") (param i32) (result i32)
    (i32.add (call_indirect (type $t) (local.get 0) (i32.const 0)) (i32.const 3)))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (call $leaf (i32.const 0)))
      (else (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
)
"#;

/// The backtrace of a trap in `export`(`arg`), as function names, innermost first.
fn backtrace(config: &Config, export: &str, arg: i32) -> Vec<String> {
    let engine = Engine::new(config);
    let module = Module::new(&engine, NESTED).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = instance.get_func(&mut store, export).unwrap();
    let mut out = [Val::I32(0)];
    let e = f.call(&mut store, &[Val::I32(arg)], &mut out).unwrap_err();
    let trap = e.as_trap().expect("a trap");
    trap.backtrace()
        .iter()
        .map(|f| f.func_name.clone().unwrap_or_default())
        .collect()
}

#[test]
fn a_trap_in_compiled_code_has_every_frame_in_its_backtrace() {
    let mut interpreter = Config::new();
    interpreter.strategy(Strategy::Interpreter);
    let mut compiled = Config::new();
    compiled.strategy(Strategy::Cranelift);
    for (export, arg, want) in [
        ("outer", 0, vec!["leaf", "middle", "outer"]),
        ("outer", 70000, vec!["leaf", "middle", "outer"]),
        (
            "indirect",
            0,
            vec!["leaf", "middle", "via_table", "indirect"],
        ),
        (
            "indirect",
            70000,
            vec!["leaf", "middle", "via_table", "indirect"],
        ),
    ] {
        assert_eq!(backtrace(&interpreter, export, arg), want, "interpreter");
        assert_eq!(
            backtrace(&compiled, export, arg),
            want,
            "cranelift: {export}({arg})"
        );
    }
}

/// A trap deeper than the handler records ([`kestrel`]'s 32 compiled frames): the backtrace
/// keeps the innermost 32 and the outermost (the interpreter's own frame of the call), and
/// loses only frames in between.
#[test]
fn a_deep_trap_keeps_the_innermost_frames_and_the_outermost() {
    let mut interpreter = Config::new();
    interpreter.strategy(Strategy::Interpreter);
    let mut compiled = Config::new();
    compiled.strategy(Strategy::Cranelift);
    let mut want = vec!["leaf".to_string()];
    want.extend(std::iter::repeat_n("deep".to_string(), 41));
    assert_eq!(backtrace(&interpreter, "deep", 40), want);
    assert_eq!(backtrace(&compiled, "deep", 40), want[..33].to_vec());
}
