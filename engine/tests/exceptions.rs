//! Exception handling through the embedding API: exceptions crossing host frames both ways,
//! an uncaught exception reaching the embedder with its tag and payload, tags as imports and
//! exports, the switches that turn the proposals off, and exceptions thrown and caught in a loop
//! running in constant memory.

use kestrel::{
    CompileErrorKind, Config, Engine, Error, ExnRef, Extern, Func, FuncType, Instance, Linker,
    Module, Store, Tag, TagType, Val, ValType,
};

fn engine() -> Engine {
    let mut config = Config::new();
    config.legacy_exceptions(true);
    Engine::new(&config)
}

#[test]
fn an_uncaught_exception_names_its_tag_and_payload() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (tag $boom (export "boom") (param i32 f64))
            (func $inner (throw $boom (i32.const 7) (f64.const 2.5)))
            (func (export "run") (call $inner)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let run = instance.get_func(&mut store, "run").unwrap();
    let err = run.call(&mut store, &[], &mut []).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("uncaught wasm exception"), "{text}");
    assert!(text.contains("tag `boom`"), "{text}");
    let exn = err.as_exception().expect("an exception").exn();
    let tag = instance
        .get_export(&mut store, "boom")
        .and_then(Extern::into_tag)
        .unwrap();
    assert_eq!(exn.tag(&store).unwrap(), tag);
    assert_eq!(
        exn.payload(&store).unwrap(),
        vec![Val::I32(7), Val::F64(2.5f64.to_bits())]
    );
}

#[test]
fn a_host_function_throws_into_wasm_and_wasm_catches_it() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let tag = Tag::new(&mut store, &TagType::new([ValType::I32]));
    let thrower = Func::new(
        &mut store,
        FuncType::new([ValType::I32], []),
        move |mut caller, args, _| {
            let exn = ExnRef::new(&mut caller, tag, &[args[0]])?;
            Err(Error::throw(&caller, exn))
        },
    );
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "tag" (tag $t (param i32)))
            (import "host" "throw" (func $throw (param i32)))
            (func (export "standard") (param i32) (result i32)
              (block $caught (result i32)
                (try_table (catch $t $caught) (call $throw (local.get 0)))
                (i32.const -1)))
            (func (export "legacy") (param i32) (result i32)
              try (result i32)
                (call $throw (local.get 0))
                (i32.const -1)
              catch $t
                (i32.add (i32.const 1000))
              end))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "tag", tag).unwrap();
    linker.define(&store, "host", "throw", thrower).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let standard = instance
        .get_typed_func::<i32, i32>(&mut store, "standard")
        .unwrap();
    assert_eq!(standard.call(&mut store, 41).unwrap(), 41);
    let legacy = instance
        .get_typed_func::<i32, i32>(&mut store, "legacy")
        .unwrap();
    assert_eq!(legacy.call(&mut store, 5).unwrap(), 1005);
}

#[test]
fn a_wasm_exception_passes_through_a_host_frame() {
    // wasm (outer) -> host -> wasm (inner, throws): the host lets the error through and the
    // outer wasm catches it.
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let inner = Module::new(
        &engine,
        r#"(module
            (tag $t (export "t") (param i64))
            (func (export "throw") (throw $t (i64.const 99))))"#,
    )
    .unwrap();
    let inner = Instance::new(&mut store, &inner, &[]).unwrap();
    let throw = inner.get_func(&mut store, "throw").unwrap();
    let tag = inner.get_export(&mut store, "t").unwrap();
    let host = Func::new(
        &mut store,
        FuncType::new([], []),
        move |mut caller, _, _| throw.call(&mut caller, &[], &mut []),
    );
    let outer = Module::new(
        &engine,
        r#"(module
            (import "i" "t" (tag $t (param i64)))
            (import "i" "host" (func $host))
            (func (export "run") (result i64)
              (block $c (result i64)
                (try_table (catch $t $c) (call $host))
                (i64.const 0))))"#,
    )
    .unwrap();
    let outer = Instance::new(&mut store, &outer, &[tag, host.into()]).unwrap();
    let run = outer.get_typed_func::<(), i64>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 99);
}

#[test]
fn tags_are_matched_by_identity_and_type_on_import() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let wrong = Tag::new(&mut store, &TagType::new([ValType::F32]));
    let module = Module::new(&engine, r#"(module (import "m" "t" (tag (param i32))))"#).unwrap();
    let err = Instance::new(&mut store, &module, &[wrong.into()]).unwrap_err();
    assert!(err.to_string().contains("tag types differ"), "{err}");
    // Two tags of one type are different tags: a catch of one lets the other through.
    let a = Tag::new(&mut store, &TagType::new([]));
    let b = Tag::new(&mut store, &TagType::new([]));
    let module = Module::new(
        &engine,
        r#"(module
            (import "m" "a" (tag $a))
            (import "m" "b" (tag $b))
            (func (export "run") (result i32)
              (block $c
                (try_table (catch $a $c) (throw $b))
                (return (i32.const 0)))
              (i32.const 1)))"#,
    )
    .unwrap();
    let instance = Instance::new(&mut store, &module, &[a.into(), b.into()]).unwrap();
    let run = instance
        .get_typed_func::<(), i32>(&mut store, "run")
        .unwrap();
    let err = run.call(&mut store, ()).unwrap_err();
    assert_eq!(
        err.as_exception().unwrap().exn().tag(&store).unwrap(),
        b,
        "the exception of tag b is not caught by a catch of tag a"
    );
}

#[test]
fn switched_off_proposals_are_unsupported_features() {
    let cases = [
        (
            "(module (tag))",
            Config::new().wasm_exceptions(false).clone(),
            "exception handling",
        ),
        (
            "(module (func try end))",
            Config::new(),
            "exception handling",
        ),
        (
            "(module (func (return_call 0)))",
            Config::new().wasm_tail_call(false).clone(),
            "tail calls",
        ),
        (
            "(module (global i32 (i32.add (i32.const 1) (i32.const 2))))",
            Config::new().wasm_extended_const(false).clone(),
            "extended constant",
        ),
        (
            "(module (func (param (ref func))))",
            Config::new().wasm_function_references(false).clone(),
            "typed function references",
        ),
    ];
    for (wat, config, feature) in cases {
        let engine = Engine::new(&config);
        let err = Module::new(&engine, wat).unwrap_err();
        let Error::Compile(e) = &err else {
            panic!("{wat}: {err}")
        };
        assert_eq!(e.kind, CompileErrorKind::Unsupported, "{wat}: {err}");
        assert!(e.message.contains(feature), "{wat}: {err}");
    }
}

#[test]
fn throw_and_catch_in_a_loop_runs_in_constant_memory() {
    // A million exceptions thrown and caught by a clause that keeps no reference: each gives
    // its slot back, so the store's exception heap stays at one.
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (tag $t (param i32))
            (func $thrower (param i32) (throw $t (local.get 0)))
            (func (export "run") (param $n i32) (result i32)
              (local $sum i32)
              (loop $again
                (block $c (result i32)
                  (try_table (catch $t $c) (call $thrower (local.get $n)))
                  (i32.const 0))
                (local.set $sum (i32.add (local.get $sum)))
                (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
              (local.get $sum)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let run = instance
        .get_typed_func::<i32, i32>(&mut store, "run")
        .unwrap();
    let n = 1_000_000i32;
    let expected = (1..=n as i64).sum::<i64>() as i32;
    assert_eq!(run.call(&mut store, n).unwrap(), expected);
    assert_eq!(store.live_exceptions(), 0);
}

#[test]
fn exceptions_kept_for_rethrow_or_as_exnref_are_collected_once_unreachable() {
    // A legacy `catch` keeps its exception for `rethrow`, and `catch_all_ref` hands out an
    // `exnref`: neither can give the slot back at once. The collection reclaims those no
    // value reaches any more, keeps the one a global holds (thrown again at the end), and never
    // the one the embedder was handed.
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (tag $t (export "t") (param i32))
            (global $kept (mut exnref) (ref.null exn))
            (func $thrower (param i32) (throw $t (local.get 0)))
            (func (export "legacy") (param $n i32) (result i32)
              (local $sum i32)
              (loop $again
                try
                  (call $thrower (local.get $n))
                catch $t
                  (local.set $sum (i32.add (local.get $sum)))
                end
                (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
              (local.get $sum))
            (func (export "by_ref") (param $n i32)
              (local $e exnref)
              (loop $again
                (local.set $e
                  (block $c (result exnref)
                    (try_table (catch_all_ref $c) (call $thrower (local.get $n)))
                    (unreachable)))
                ;; Keep the first one (n = its starting value) in the global.
                (if (ref.is_null (global.get $kept))
                  (then (global.set $kept (local.get $e))))
                (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
            (func (export "kept") (result exnref) (global.get $kept))
            (func (export "rethrow_kept") (param exnref) (throw_ref (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let legacy = instance
        .get_typed_func::<i32, i32>(&mut store, "legacy")
        .unwrap();
    let n = 200_000i32;
    let expected = (1..=n as i64).sum::<i64>() as i32;
    assert_eq!(legacy.call(&mut store, n).unwrap(), expected);
    assert!(
        store.live_exceptions() <= 2048,
        "{} exceptions live after {n} legacy catches",
        store.live_exceptions()
    );

    let by_ref = instance
        .get_typed_func::<i32, ()>(&mut store, "by_ref")
        .unwrap();
    by_ref.call(&mut store, n).unwrap();
    assert!(store.live_exceptions() <= 2048);

    // The one the global kept survived every collection and is still the first thrown.
    let kept = instance.get_func(&mut store, "kept").unwrap();
    let mut out = [Val::I32(0)];
    kept.call(&mut store, &[], &mut out).unwrap();
    let Val::ExnRef(Some(exn)) = out[0] else {
        panic!("an exnref: {:?}", out[0])
    };
    assert_eq!(exn.payload(&store).unwrap()[0].i32(), Some(n));
    // Now the embedder holds it too: more collections must not take it.
    by_ref.call(&mut store, n).unwrap();
    legacy.call(&mut store, n).unwrap();
    let rethrow = instance.get_func(&mut store, "rethrow_kept").unwrap();
    let err = rethrow
        .call(&mut store, &[Val::ExnRef(Some(exn))], &mut [])
        .unwrap_err();
    let thrown = err.as_exception().expect("the exception");
    assert_eq!(thrown.exn().payload(&store).unwrap()[0].i32(), Some(n));
}
