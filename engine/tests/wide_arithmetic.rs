//! Wide arithmetic (`i64.add128`, `i64.sub128`, `i64.mul_wide_s`, `i64.mul_wide_u`) end to
//! end: against Rust's `u128`/`i128` on operands from locals, constants and the results of
//! earlier instructions (the accumulator), results kept on the stack, stored to locals and
//! chained; and `Config::wasm_wide_arithmetic`, off by default.

use kestrel::{CompilationMode, CompileErrorKind, Config, Engine, Error, Linker, Module, Store};

const WAT: &str = r#"(module
  (func (export "add") (param i64 i64 i64 i64) (result i64 i64)
    (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "sub") (param i64 i64 i64 i64) (result i64 i64)
    (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "mul_s") (param i64 i64) (result i64 i64)
    (i64.mul_wide_s (local.get 0) (local.get 1)))
  (func (export "mul_u") (param i64 i64) (result i64 i64)
    (i64.mul_wide_u (local.get 0) (local.get 1)))
  ;; Operands computed just before (from the accumulator) and constants.
  (func (export "add_computed") (param i64 i64) (result i64 i64)
    (i64.add128 (i64.add (local.get 0) (i64.const 1)) (i64.const -1)
                (i64.const 1) (i64.mul (local.get 1) (i64.const 3))))
  ;; The high half of a product feeding the next instruction; the low half kept below it.
  (func (export "mul_hi_plus") (param i64 i64) (result i64 i64)
    (i64.add (i64.mul_wide_u (local.get 0) (local.get 1)) (i64.const 7)))
  ;; sum of i * x for i in 1..=n, as a 128-bit value, with both halves in locals.
  (func (export "dot") (param $x i64) (param $n i64) (result i64 i64)
    (local $lo i64) (local $hi i64) (local $i i64)
    (loop $l
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (i64.mul_wide_u (local.get $i) (local.get $x))
      (local.set $lo (local.set $hi (i64.add128 (local.get $lo) (local.get $hi))))
      (br_if $l (i64.lt_u (local.get $i) (local.get $n))))
    (local.get $lo) (local.get $hi))
)"#;

fn split(v: u128) -> (i64, i64) {
    (v as u64 as i64, (v >> 64) as u64 as i64)
}

fn join(lo: i64, hi: i64) -> u128 {
    u128::from(lo as u64) | (u128::from(hi as u64) << 64)
}

fn engine(mode: CompilationMode) -> Engine {
    let mut config = Config::new();
    config.wasm_wide_arithmetic(true).compilation_mode(mode);
    Engine::new(&config)
}

#[test]
fn results_match_128_bit_arithmetic() {
    let samples: [i64; 8] = [0, 1, -1, 2, i64::MAX, i64::MIN, 0x1234_5678_9abc_def0, -77];
    for mode in [CompilationMode::Lazy, CompilationMode::Eager] {
        let engine = engine(mode);
        let module = Module::new(&engine, WAT).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        type Quad = (i64, i64, i64, i64);
        let add = instance
            .get_typed_func::<Quad, (i64, i64)>(&mut store, "add")
            .unwrap();
        let sub = instance
            .get_typed_func::<Quad, (i64, i64)>(&mut store, "sub")
            .unwrap();
        let mul_s = instance
            .get_typed_func::<(i64, i64), (i64, i64)>(&mut store, "mul_s")
            .unwrap();
        let mul_u = instance
            .get_typed_func::<(i64, i64), (i64, i64)>(&mut store, "mul_u")
            .unwrap();
        for &a in &samples {
            for &b in &samples {
                for (&c, &d) in samples.iter().zip(samples.iter().rev()) {
                    let (x, y) = (join(a, b), join(c, d));
                    assert_eq!(
                        add.call(&mut store, (a, b, c, d)).unwrap(),
                        split(x.wrapping_add(y))
                    );
                    assert_eq!(
                        sub.call(&mut store, (a, b, c, d)).unwrap(),
                        split(x.wrapping_sub(y))
                    );
                }
                let signed = i128::from(a) * i128::from(b);
                assert_eq!(
                    mul_s.call(&mut store, (a, b)).unwrap(),
                    split(signed as u128)
                );
                let unsigned = u128::from(a as u64) * u128::from(b as u64);
                assert_eq!(mul_u.call(&mut store, (a, b)).unwrap(), split(unsigned));
            }
        }
        let computed = instance
            .get_typed_func::<(i64, i64), (i64, i64)>(&mut store, "add_computed")
            .unwrap();
        let (a, b): (i64, i64) = (41, 1 << 62);
        let expected = join(a + 1, -1).wrapping_add(join(1, b.wrapping_mul(3)));
        assert_eq!(computed.call(&mut store, (a, b)).unwrap(), split(expected));
        let hi_plus = instance
            .get_typed_func::<(i64, i64), (i64, i64)>(&mut store, "mul_hi_plus")
            .unwrap();
        let (lo, hi) = split(u128::from(u64::MAX) * 3);
        assert_eq!(
            hi_plus.call(&mut store, (-1, 3)).unwrap(),
            (lo, hi.wrapping_add(7))
        );
        let dot = instance
            .get_typed_func::<(i64, i64), (i64, i64)>(&mut store, "dot")
            .unwrap();
        let x = u64::MAX - 5;
        let expected: u128 = (1..=1000u128).map(|i| i * u128::from(x)).sum();
        assert_eq!(
            dot.call(&mut store, (x as i64, 1000)).unwrap(),
            split(expected)
        );
    }
}

#[test]
fn off_by_default_as_an_unsupported_feature() {
    let err = Module::new(&Engine::default(), WAT).unwrap_err();
    let Error::Compile(err) = err else {
        panic!("not a compile error: {err}");
    };
    assert_eq!(err.kind, CompileErrorKind::Unsupported);
    assert_eq!(err.message, "wide arithmetic (operator I64Add128)");
}

#[test]
fn operand_types_are_checked() {
    let err = Module::new(
        &engine(CompilationMode::Lazy),
        r#"(module (func (result i64 i64)
             (i64.mul_wide_s (i32.const 1) (i64.const 2))))"#,
    )
    .unwrap_err();
    let Error::Compile(err) = err else {
        panic!("not a compile error: {err}");
    };
    assert_eq!(err.kind, CompileErrorKind::Invalid, "{err}");
}
