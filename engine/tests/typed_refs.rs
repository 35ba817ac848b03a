//! Typed function references (Wasm 3.0) end to end: `call_ref` and `return_call_ref`,
//! concrete reference types `(ref $t)` in tables, globals and signatures, type equivalence
//! across modules (recursion groups), and the embedding API: `Engine::func_type_index`,
//! `Val::matches_ty`, host functions and typed calls with concrete and non-null types.

use kestrel::{
    CompileErrorKind, Config, Engine, Error, Extern, Func, FuncType, HeapType, Linker, Module,
    RefType, Store, TrapCode, Val, ValType,
};

fn setup(wat: &str) -> (Store<()>, kestrel::Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    (store, instance)
}

const CALLS: &str = r#"(module
  (type $binop (func (param i32 i32) (result i32)))
  (type $unop (func (param i32) (result i32)))
  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))
  (func $neg (type $unop) (i32.sub (i32.const 0) (local.get 0)))
  (elem declare func $add $mul $neg)
  (global $op (mut (ref null $binop)) (ref.func $add))
  (table $ops 2 (ref $binop) (ref.func $add))

  ;; Calls the function in the global, or in the table after `set_op`.
  (func (export "apply") (param i32 i32) (result i32)
    (call_ref $binop (local.get 0) (local.get 1) (global.get $op)))
  (func (export "apply_table") (param i32 i32 i32) (result i32)
    (call_ref $binop (local.get 0) (local.get 1) (table.get $ops (local.get 2))))
  (func (export "use_mul") (global.set $op (ref.func $mul)) (table.set $ops (i32.const 1) (ref.func $mul)))
  (func (export "clear") (global.set $op (ref.null $binop)))

  ;; A counted loop of tail calls through a reference.
  (func $count (export "count") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call_ref $count_t
              (i64.sub (local.get $n) (i64.const 1))
              (i64.add (local.get $acc) (i64.const 1))
              (ref.func $count)))))
  (type $count_t (func (param i64 i64) (result i64)))
  (elem declare func $count)

  ;; br_on_null / br_on_non_null / ref.as_non_null around a possibly null reference.
  (func (export "or_default") (param i32) (result i32)
    (block $null
      (return (call_ref $unop (local.get 0) (br_on_null $null (global.get $maybe_neg)))))
    (i32.const -1))
  (global $maybe_neg (mut (ref null $unop)) (ref.null $unop))
  (func (export "arm") (global.set $maybe_neg (ref.func $neg)))
  (func (export "force") (param i32) (result i32)
    (call_ref $unop (local.get 0) (ref.as_non_null (global.get $maybe_neg))))
  (func (export "get_op") (result (ref null $binop)) (global.get $op))
  (func (export "get_add") (result (ref $binop)) (ref.func $add))
  (func (export "take_op") (param (ref $binop)) (result i32)
    (call_ref $binop (i32.const 6) (i32.const 7) (local.get 0)))
)"#;

fn call_i32(store: &mut Store<()>, f: &Func, args: &[Val]) -> Result<i32, Error> {
    let mut out = [Val::I32(0)];
    f.call(&mut *store, args, &mut out)?;
    Ok(out[0].i32().expect("i32 result"))
}

fn export(store: &mut Store<()>, instance: &kestrel::Instance, name: &str) -> Func {
    instance
        .get_func(&mut *store, name)
        .unwrap_or_else(|| panic!("export {name}"))
}

#[test]
fn call_ref_calls_through_globals_and_tables_and_traps_on_null() {
    let (mut store, instance) = setup(CALLS);
    let apply = export(&mut store, &instance, "apply");
    let apply_table = export(&mut store, &instance, "apply_table");
    let two_three = [Val::I32(2), Val::I32(3)];
    assert_eq!(call_i32(&mut store, &apply, &two_three).unwrap(), 5);
    let use_mul = export(&mut store, &instance, "use_mul");
    use_mul.call(&mut store, &[], &mut []).unwrap();
    assert_eq!(call_i32(&mut store, &apply, &two_three).unwrap(), 6);
    let args = |i| [Val::I32(4), Val::I32(5), Val::I32(i)];
    assert_eq!(call_i32(&mut store, &apply_table, &args(0)).unwrap(), 9);
    assert_eq!(call_i32(&mut store, &apply_table, &args(1)).unwrap(), 20);
    let err = call_i32(&mut store, &apply_table, &args(2)).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::TableOutOfBounds));

    let clear = export(&mut store, &instance, "clear");
    clear.call(&mut store, &[], &mut []).unwrap();
    let err = call_i32(&mut store, &apply, &two_three).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::NullReference));
}

#[test]
fn return_call_ref_runs_in_constant_call_depth() {
    let mut config = Config::new();
    config.max_call_depth(100);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, CALLS).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let count = export(&mut store, &instance, "count");
    let mut out = [Val::I64(0)];
    count
        .call(&mut store, &[Val::I64(1_000_000), Val::I64(0)], &mut out)
        .unwrap();
    assert_eq!(out[0].i64(), Some(1_000_000));
}

#[test]
fn null_checks_branch_or_trap() {
    let (mut store, instance) = setup(CALLS);
    let or_default = export(&mut store, &instance, "or_default");
    let force = export(&mut store, &instance, "force");
    assert_eq!(
        call_i32(&mut store, &or_default, &[Val::I32(7)]).unwrap(),
        -1
    );
    let err = call_i32(&mut store, &force, &[Val::I32(7)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::NullReference));
    let arm = export(&mut store, &instance, "arm");
    arm.call(&mut store, &[], &mut []).unwrap();
    assert_eq!(
        call_i32(&mut store, &or_default, &[Val::I32(7)]).unwrap(),
        -7
    );
    assert_eq!(call_i32(&mut store, &force, &[Val::I32(7)]).unwrap(), -7);
}

#[test]
fn concrete_types_are_engine_type_indices_visible_to_the_embedder() {
    let (mut store, instance) = setup(CALLS);
    let engine = store.engine().clone();
    let binop = FuncType::new([ValType::I32, ValType::I32], [ValType::I32]);
    let binop_index = engine.func_type_index(&binop);
    assert_eq!(engine.func_type(binop_index), Some(binop.clone()));
    let get_op = export(&mut store, &instance, "get_op");
    let result = get_op.ty(&store).results()[0];
    assert_eq!(
        result,
        ValType::Ref(RefType::new(true, HeapType::Concrete(binop_index)))
    );

    // A function of that type matches `(ref $binop)`; another does not.
    let mut out = [Val::I32(0)];
    get_op.call(&mut store, &[], &mut out).unwrap();
    let add = out[0].funcref().unwrap().unwrap();
    assert!(out[0].matches_ty(&store, result));
    let neg_like = Func::wrap(&mut store, |x: i32| -x);
    assert!(!Val::from(neg_like).matches_ty(&store, result));
    assert!(Val::from(neg_like).matches_ty(&store, ValType::FUNCREF));

    // Passing arguments of a concrete type through `Func::call` is checked.
    let take_op = export(&mut store, &instance, "take_op");
    assert_eq!(
        call_i32(&mut store, &take_op, &[Val::from(add)]).unwrap(),
        13
    );
    let err = call_i32(&mut store, &take_op, &[Val::from(neg_like)]).unwrap_err();
    assert!(matches!(err, Error::Usage(_)), "{err}");
    let err = call_i32(&mut store, &take_op, &[Val::FuncRef(None)]).unwrap_err();
    assert!(matches!(err, Error::Usage(_)), "{err}");
}

#[test]
fn host_functions_take_and_return_typed_references() {
    let engine = Engine::default();
    let unop = FuncType::new([ValType::I32], [ValType::I32]);
    let unop_ref = ValType::Ref(RefType::new(
        false,
        HeapType::Concrete(engine.func_type_index(&unop)),
    ));
    let mut store = Store::new(&engine, ());
    // `(func (param (ref $unop)) (result i32))`: the host calls what wasm hands it.
    let apply = Func::new(
        &mut store,
        FuncType::new([unop_ref], [ValType::I32]),
        |mut caller, params, results| {
            let f = params[0].funcref().flatten().expect("non-null by its type");
            let mut out = [Val::I32(0)];
            f.call(&mut caller, &[Val::I32(20)], &mut out)?;
            results[0] = out[0];
            Ok(())
        },
    );
    let module = Module::new(
        &engine,
        r#"(module
          (type $unop (func (param i32) (result i32)))
          (import "host" "apply" (func $apply (param (ref $unop)) (result i32)))
          (func $double (type $unop) (i32.mul (local.get 0) (i32.const 2)))
          (elem declare func $double)
          (func (export "run") (result i32) (call $apply (ref.func $double))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .define(&store, "host", "apply", Extern::Func(apply))
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_func(&mut store, "run").unwrap();
    assert_eq!(call_i32(&mut store, &run, &[]).unwrap(), 40);

    // The import's type must be the module's: `(ref null $unop)` is another type.
    let other = Func::new(
        &mut store,
        FuncType::new([ValType::FUNCREF], [ValType::I32]),
        |_, _, results| {
            results[0] = Val::I32(0);
            Ok(())
        },
    );
    let mut linker = Linker::new(&engine);
    linker
        .define(&store, "host", "apply", Extern::Func(other))
        .unwrap();
    assert!(linker.instantiate(&mut store, &module).is_err());
}

#[test]
fn typed_calls_accept_subtypes_where_they_are_sound() {
    let (mut store, instance) = setup(CALLS);
    let get_add = export(&mut store, &instance, "get_add");
    // `(ref $binop)` results can be received as `Func` or `Option<Func>`.
    let typed = get_add.typed::<(), Func>(&store).unwrap();
    let add = typed.call(&mut store, ()).unwrap();
    let sum = add.typed::<(i32, i32), i32>(&store).unwrap();
    assert_eq!(sum.call(&mut store, (2, 40)).unwrap(), 42);
    assert!(get_add.typed::<(), Option<Func>>(&store).is_ok());
    // A `(ref $binop)` parameter cannot take any `Func` statically.
    let take_op = export(&mut store, &instance, "take_op");
    assert!(take_op.typed::<Func, i32>(&store).is_err());
    assert!(take_op.typed::<Option<Func>, i32>(&store).is_err());
}

#[test]
fn recursion_groups_decide_type_identity_across_modules() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let exporter = Module::new(
        &engine,
        r#"(module
          (rec (type $a (func)) (type $b (func (param (ref $a)))))
          (func (export "a") (type $a))
          (func (export "plain") (type $plain))
          (type $plain (func)))"#,
    )
    .unwrap();
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &exporter)
        .unwrap();
    let a = instance.get_export(&mut store, "a").unwrap();
    let plain = instance.get_export(&mut store, "plain").unwrap();

    let same_group = Module::new(
        &engine,
        r#"(module (rec (type $x (func)) (type $y (func (param (ref $x)))))
                   (import "m" "f" (func (type $x))))"#,
    )
    .unwrap();
    let lone = Module::new(&engine, r#"(module (import "m" "f" (func)))"#).unwrap();
    let link = |store: &mut Store<()>, module: &Module, ext: &Extern| {
        let mut linker = Linker::new(&engine);
        linker.define(&*store, "m", "f", *ext).unwrap();
        linker.instantiate(store, module).map(|_| ())
    };
    // Structurally equal, but only the same position of an equal group is the same type.
    link(&mut store, &same_group, &a).expect("same recursion group");
    assert!(link(&mut store, &lone, &a).is_err());
    link(&mut store, &lone, &plain).expect("both lone `(func)`");
    assert!(link(&mut store, &same_group, &plain).is_err());
}

#[test]
fn function_references_switched_off_are_an_unsupported_feature() {
    let mut config = Config::new();
    config.wasm_function_references(false);
    let engine = Engine::new(&config);
    for wat in [
        "(module (type $t (func)) (func (param (ref null $t))))",
        "(module (type $t (func)) (func (param funcref) (call_ref $t (local.get 0))))",
        "(module (func (param funcref) (drop (select (result (ref func)) (ref.as_non_null (local.get 0)) (ref.as_non_null (local.get 0)) (i32.const 1)))))",
    ] {
        let err = Module::new(&engine, wat).unwrap_err();
        let Error::Compile(err) = err else {
            panic!("{err}")
        };
        assert_eq!(err.kind, CompileErrorKind::Unsupported, "{wat}: {err}");
    }
}
