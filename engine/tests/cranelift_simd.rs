//! SIMD under the Cranelift tier: v128 values crossing every boundary between compiled code,
//! the interpreter and the host (arguments and results in two cells, globals, calls to
//! imports and through tables, block parameters, `select`), and a sample of every kind of
//! operator, each compared with the interpreter. The spec suite's `simd_*.wast` files cover
//! the operators' edge cases (`kestrel-spec-tests --strategy cranelift`).
#![cfg(all(
    feature = "cranelift",
    target_endian = "little",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use kestrel::{
    Config, Engine, Func, FuncType, Instance, Linker, Module, Store, Strategy, V128, Val, ValType,
};

const PROGRAM: &str = r#"
(module
  (import "host" "swap" (func $swap (param v128 i32 v128) (result v128 i32 v128)))
  (memory 1)
  (global $acc (export "acc") (mut v128) (v128.const i64x2 7 9))
  (type $vv (func (param v128 v128) (result v128)))
  (table 2 funcref)
  (elem (i32.const 0) $add32 $mulf)
  (func $add32 (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
  (func $mulf (param v128 v128) (result v128) (f32x4.mul (local.get 0) (local.get 1)))

  ;; Arguments and results around the other types, through the host and back.
  (func (export "through_host") (param i64 v128 i32 v128) (result v128 i32 v128 i64)
    (call $swap (local.get 1) (local.get 2) (local.get 3))
    (local.get 0))
  ;; A table call with v128 arguments and result (an interpreted caller's cells too).
  (func (export "indirect") (param v128 v128 i32) (result v128)
    (call_indirect (type $vv) (local.get 0) (local.get 1) (local.get 2)))
  ;; The global, read and written.
  (func (export "accumulate") (param v128) (result v128)
    (global.set $acc (i64x2.add (global.get $acc) (local.get 0)))
    (global.get $acc))
  ;; Block parameters and results, a loop carrying a v128, select.
  (func (export "loop_sum") (param $n i32) (result v128)
    (v128.const i32x4 0 0 0 0)
    (loop $l (param v128) (result v128)
      (i32x4.add (i32x4.splat (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n))))
  (func (export "pick") (param v128 v128 i32) (result v128)
    (select (local.get 0) (local.get 1) (local.get 2)))
  ;; Memory: a load, a lane store, a widening load, a splat load; out of bounds traps.
  (func (export "memory") (param $at i32) (result v128)
    (v128.store offset=16 (local.get $at) (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16))
    (v128.store32_lane 1 (local.get $at) (v128.const i32x4 10 20 30 40))
    (i16x8.add
      (v128.load16x4_s offset=16 (local.get $at))
      (i16x8.add (v128.load8_splat (local.get $at)) (v128.load offset=16 (local.get $at)))))
  ;; Lanes, shuffles, comparisons, masks, conversions, narrowing.
  (func (export "mix") (param v128 v128) (result v128 i32 i32 i64 f64)
    (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
      (i8x16.swizzle (local.get 0) (local.get 1))
      (i16x8.narrow_i32x4_s (local.get 0) (local.get 1)))
    (i8x16.bitmask (i8x16.lt_s (local.get 0) (local.get 1)))
    (i16x8.extract_lane_s 3 (i16x8.q15mulr_sat_s (local.get 0) (local.get 1)))
    (i64x2.extract_lane 1 (i64x2.extmul_high_i32x4_u (local.get 0) (local.get 1)))
    (f64x2.extract_lane 0 (f64x2.convert_low_i32x4_s (i32x4.dot_i16x8_s (local.get 0) (local.get 1)))))
  (func (export "floats") (param v128 v128) (result v128 v128 v128 v128)
    (f32x4.pmin (local.get 0) (local.get 1))
    (f32x4.min (local.get 0) (local.get 1))
    (i32x4.trunc_sat_f64x2_u_zero (f64x2.promote_low_f32x4 (f32x4.nearest (local.get 0))))
    (v128.bitselect (local.get 0) (local.get 1) (f32x4.ne (local.get 0) (local.get 1))))
  (func (export "shifts") (param v128 i32) (result v128 v128 i32)
    (i8x16.shr_s (local.get 0) (local.get 1))
    (i64x2.shl (i64x2.replace_lane 0 (local.get 0) (i64.const -1)) (local.get 1))
    (i32x4.all_true (i8x16.popcnt (local.get 0))))
  ;; Relaxed SIMD stays in the interpreter.
  (func (export "relaxed") (param v128 v128) (result v128)
    (f32x4.relaxed_min (local.get 0) (local.get 1)))
)
"#;

fn instance(strategy: Strategy) -> (Store<()>, Instance, Module) {
    let mut config = Config::new();
    config.strategy(strategy);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, PROGRAM).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let swap = FuncType::new(
        [ValType::V128, ValType::I32, ValType::V128],
        [ValType::V128, ValType::I32, ValType::V128],
    );
    linker
        .func_new("host", "swap", swap, |_, args, results| {
            results[0] = args[2];
            results[1] = Val::I32(args[1].i32().unwrap() + 1);
            results[2] = args[0];
            Ok(())
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance, module)
}

fn v(bits: u128) -> Val {
    Val::V128(V128::from(bits))
}

const A: u128 = 0x8000_7fff_0102_0304_ff00_1234_4000_0000;
const B: u128 = 0x3f80_0000_7fc0_0000_c000_0000_0000_ffff;

/// Calls `name` with `args` under both strategies and checks they agree; returns the
/// outcome (results, or the trap).
fn both(name: &str, args: &[Val]) -> Result<Vec<Val>, String> {
    both_up_to_nans(name, args, &[])
}

/// [`both`], where results `nan_lanes` (f32x4 results of arithmetic) may differ in a NaN
/// lane's sign and payload: the spec lets each engine pick them (x86's `minps` gives a
/// negative NaN, aarch64's `fmin` passes an operand's payload on, the interpreter gives the
/// canonical NaN).
fn both_up_to_nans(name: &str, args: &[Val], nan_lanes: &[usize]) -> Result<Vec<Val>, String> {
    let mut outcomes = Vec::new();
    for strategy in [Strategy::Interpreter, Strategy::Cranelift] {
        let (mut store, instance, _) = instance(strategy);
        let f: Func = instance.get_func(&mut store, name).unwrap();
        let ty = f.ty(&store);
        let mut results: Vec<Val> = ty.results().iter().map(|_| Val::I32(0)).collect();
        let outcome = f
            .call(&mut store, args, &mut results)
            .map(|()| {
                for &i in nan_lanes {
                    results[i] = v(canonical_nans(results[i].v128().unwrap().as_u128()));
                }
                results
            })
            .map_err(|e| format!("{:?}", e.trap_code()));
        outcomes.push(outcome);
    }
    assert_eq!(
        format!("{:?}", outcomes[0]),
        format!("{:?}", outcomes[1]),
        "{name}{args:?}"
    );
    outcomes.pop().unwrap()
}

/// `bits` as f32x4, with every NaN lane made the canonical NaN.
fn canonical_nans(bits: u128) -> u128 {
    (0..4)
        .map(|i| {
            let lane = (bits >> (32 * i)) as u32;
            let lane = if f32::from_bits(lane).is_nan() {
                0x7fc0_0000
            } else {
                lane
            };
            u128::from(lane) << (32 * i)
        })
        .sum()
}

#[test]
fn every_simd_function_but_the_relaxed_one_is_compiled() {
    let (_, _, module) = instance(Strategy::Cranelift);
    let (compiled, refused) = module.cranelift_report().unwrap();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].1, "relaxed SIMD");
    assert_eq!(compiled, 11, "{refused:?}");
}

#[test]
fn v128_values_cross_the_host_boundary() {
    let r = both("through_host", &[Val::I64(-3), v(A), Val::I32(41), v(B)]).unwrap();
    assert_eq!(r[0].v128(), Some(V128::from(B)));
    assert_eq!(r[1].i32(), Some(42));
    assert_eq!(r[2].v128(), Some(V128::from(A)));
    assert_eq!(r[3].i64(), Some(-3));
}

#[test]
fn v128_values_cross_tables_and_globals() {
    let sum = both("indirect", &[v(A), v(B), Val::I32(0)]).unwrap();
    let expected: u128 = (0..4)
        .map(|i| {
            let lane = |x: u128| (x >> (32 * i)) as u32;
            u128::from(lane(A).wrapping_add(lane(B))) << (32 * i)
        })
        .sum();
    assert_eq!(sum[0].v128(), Some(V128::from(expected)));
    both("indirect", &[v(A), v(B), Val::I32(1)]).unwrap();
    assert_eq!(
        both("indirect", &[v(A), v(B), Val::I32(2)]).unwrap_err(),
        "Some(TableOutOfBounds)"
    );

    let (mut store, instance, _) = instance(Strategy::Cranelift);
    let f = instance.get_func(&mut store, "accumulate").unwrap();
    let mut out = [Val::I32(0)];
    f.call(&mut store, &[v(1 | (2 << 64))], &mut out).unwrap();
    assert_eq!(out[0].v128(), Some(V128::from(8 | (11 << 64))));
    // The global holds what compiled code wrote, as the API sees it, and back.
    let acc = instance.get_global(&mut store, "acc").unwrap();
    assert_eq!(acc.get(&store).v128(), Some(V128::from(8 | (11 << 64))));
    acc.set(&mut store, v(u128::MAX)).unwrap();
    f.call(&mut store, &[v(1)], &mut out).unwrap();
    assert_eq!(out[0].v128(), Some(V128::from(u128::MAX << 64)));
}

#[test]
fn v128_values_flow_through_blocks_loops_and_select() {
    let r = both("loop_sum", &[Val::I32(100)]).unwrap();
    assert_eq!(
        r[0].v128(),
        Some(V128::from(5050 * 0x1_0000_0001_0000_0001_0000_0001))
    );
    assert_eq!(
        both("pick", &[v(A), v(B), Val::I32(1)]).unwrap()[0].v128(),
        Some(V128::from(A))
    );
    assert_eq!(
        both("pick", &[v(A), v(B), Val::I32(0)]).unwrap()[0].v128(),
        Some(V128::from(B))
    );
}

#[test]
fn simd_memory_accesses_and_their_traps() {
    both("memory", &[Val::I32(0)]).unwrap();
    both("memory", &[Val::I32(65536 - 32)]).unwrap();
    for at in [65536 - 31, 65536 - 16, -1] {
        assert_eq!(
            both("memory", &[Val::I32(at)]).unwrap_err(),
            "Some(MemoryOutOfBounds)"
        );
    }
}

#[test]
fn simd_operators_agree_with_the_interpreter() {
    let values = [
        0,
        A,
        B,
        u128::MAX,
        1 << 127,
        0x7fc0_0000_ff80_0000_8000_0000_3f00_0000,
    ];
    for &a in &values {
        for &b in &values {
            both("mix", &[v(a), v(b)]).unwrap();
            both_up_to_nans("floats", &[v(a), v(b)], &[1]).unwrap();
            both("relaxed", &[v(a), v(b)]).unwrap();
        }
        for n in [0, 1, 7, 8, 9, 63, 64, 65, -1] {
            both("shifts", &[v(a), Val::I32(n)]).unwrap();
        }
    }
}
