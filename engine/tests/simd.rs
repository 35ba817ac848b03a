//! SIMD through the embedding API: v128 values crossing every boundary a value can (typed and
//! untyped calls, host functions, globals, exceptions), the translator's handling of two-cell
//! values (locals, blocks, branches, `select`, calls with mixed arguments, constants folded at
//! translation against the same operations run), and v128 memory accesses.

use kestrel::{
    Config, Engine, Error, Func, FuncType, Global, GlobalType, Instance, Linker, Module,
    Mutability, Store, V128, Val, ValType,
};

fn instance(wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

const A: u128 = 0x0f0e_0d0c_0b0a_0908_0706_0504_0302_0100;
const B: u128 = 0xf0f1_f2f3_f4f5_f6f7_f8f9_fafb_fcfd_feff;

#[test]
fn v128_values_pass_through_typed_and_untyped_calls() {
    let (mut store, instance) = instance(
        r#"(module
            (func (export "swap") (param i32 v128 i64 v128) (result v128 i32 v128 i64)
                local.get 3 local.get 0 local.get 1 local.get 2)
            (func (export "add") (param v128 v128) (result v128)
                (i32x4.add (local.get 0) (local.get 1))))"#,
    );
    let swap = instance.get_func(&mut store, "swap").unwrap();
    let mut results = [Val::I32(0), Val::I32(0), Val::I32(0), Val::I32(0)];
    swap.call(
        &mut store,
        &[
            Val::I32(7),
            Val::V128(V128::from(A)),
            Val::I64(-3),
            Val::V128(V128::from(B)),
        ],
        &mut results,
    )
    .unwrap();
    assert_eq!(results[0], Val::V128(V128::from(B)));
    assert_eq!(results[1], Val::I32(7));
    assert_eq!(results[2], Val::V128(V128::from(A)));
    assert_eq!(results[3], Val::I64(-3));

    let typed = swap
        .typed::<(i32, u128, i64, V128), (V128, i32, u128, i64)>(&store)
        .unwrap();
    let (b, seven, a, m3) = typed.call(&mut store, (7, A, -3, V128::from(B))).unwrap();
    assert_eq!((b.as_u128(), seven, a, m3), (B, 7, A, -3));

    let add = instance
        .get_typed_func::<(u128, u128), u128>(&mut store, "add")
        .unwrap();
    let lanes = |v: u128| -> [u32; 4] { std::array::from_fn(|i| (v >> (32 * i)) as u32) };
    let sum = add.call(&mut store, (A, B)).unwrap();
    let expected: [u32; 4] = std::array::from_fn(|i| lanes(A)[i].wrapping_add(lanes(B)[i]));
    assert_eq!(lanes(sum), expected);
}

#[test]
fn v128_locals_blocks_branches_and_select_keep_both_halves() {
    let (mut store, instance) = instance(
        r#"(module
            (func (export "pick") (param $c i32) (param $a v128) (param $b v128) (result v128)
                (local $t v128) (local $n i32)
                ;; a block with a v128 parameter and result, left by br_if with its value
                (local.get $a)
                (block (param v128) (result v128)
                    (br_if 0 (local.get $c))
                    (drop)
                    (local.get $b))
                (local.set $t)
                ;; a loop carrying a v128 through its parameter
                (local.set $n (i32.const 3))
                (local.get $t)
                (loop (param v128) (result v128)
                    (i8x16.add (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
                    (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
                    (br_if 0))
                ;; select between it and the original, on the condition
                (local.get $a)
                (local.get $c)
                (select))
            (func (export "swap_via_tee") (param v128 v128) (result v128 v128)
                (local v128)
                ;; a local.set that must not change an older operand reading the local
                (local.get 0)
                (local.set 2 (local.get 1))
                (local.get 2)
                (local.set 0 (local.tee 2 (local.get 0)))))"#,
    );
    let pick = instance
        .get_typed_func::<(i32, u128, u128), u128>(&mut store, "pick")
        .unwrap();
    let plus3 =
        |v: u128| -> u128 { u128::from_le_bytes(v.to_le_bytes().map(|b| b.wrapping_add(3))) };
    // c = 1: the block keeps $a, the loop adds 3 to each byte, select takes that.
    assert_eq!(pick.call(&mut store, (1, A, B)).unwrap(), plus3(A));
    // c = 0: the block gives $b, select takes the original $a.
    assert_eq!(pick.call(&mut store, (0, A, B)).unwrap(), A);

    let swap = instance
        .get_typed_func::<(u128, u128), (u128, u128)>(&mut store, "swap_via_tee")
        .unwrap();
    assert_eq!(swap.call(&mut store, (A, B)).unwrap(), (A, B));
}

#[test]
fn constants_folded_at_translation_match_the_same_operations_run() {
    // Each operation once on constants (folded by the translator) and once on parameters
    // (run by the interpreter); both must agree.
    let ops = [
        "i8x16.add",
        "i16x8.sub_sat_s",
        "i32x4.mul",
        "i64x2.sub",
        "f32x4.min",
        "f64x2.max",
        "i8x16.swizzle",
        "i16x8.q15mulr_sat_s",
        "i32x4.dot_i16x8_s",
        "i8x16.narrow_i16x8_s",
        "v128.andnot",
        "f32x4.pmin",
    ];
    for op in ops {
        let wat = format!(
            r#"(module
                (func (export "folded") (result v128)
                    ({op} (v128.const i64x2 {a_lo} {a_hi}) (v128.const i64x2 {b_lo} {b_hi})))
                (func (export "run") (param v128 v128) (result v128)
                    ({op} (local.get 0) (local.get 1))))"#,
            a_lo = A as u64 as i64,
            a_hi = (A >> 64) as u64 as i64,
            b_lo = B as u64 as i64,
            b_hi = (B >> 64) as u64 as i64,
        );
        let (mut store, instance) = instance(&wat);
        let folded = instance
            .get_typed_func::<(), u128>(&mut store, "folded")
            .unwrap()
            .call(&mut store, ())
            .unwrap();
        let run = instance
            .get_typed_func::<(u128, u128), u128>(&mut store, "run")
            .unwrap()
            .call(&mut store, (A, B))
            .unwrap();
        assert_eq!(folded, run, "{op}");
    }
}

#[test]
fn v128_globals_host_functions_and_exceptions_carry_128_bits() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "twice" (func $twice (param v128 i32) (result i32 v128)))
            (import "host" "g" (global $imported (mut v128)))
            (global $own (export "own") (mut v128) (v128.const i64x2 1 2))
            (tag $t (param i32 v128))
            (func (export "run") (param v128) (result v128)
                (local v128)
                (global.set $own (local.get 0))
                (call $twice (global.get $own) (i32.const 5))
                (local.set 1)
                (drop)
                (global.set $imported (local.get 1))
                (block (result i32 v128)
                    (try_table (catch $t 0)
                        (throw $t (i32.const 9) (global.get $imported)))
                    (unreachable))
                (local.set 1)
                (drop)
                (local.get 1)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let twice = Func::new(
        &mut store,
        FuncType::new([ValType::V128, ValType::I32], [ValType::I32, ValType::V128]),
        |_, params, results| {
            let v = params[0].v128().unwrap().as_u128();
            results[0] = Val::I32(params[1].i32().unwrap());
            results[1] = Val::V128(V128::from(v.wrapping_mul(2)));
            Ok(())
        },
    );
    let global = Global::new(
        &mut store,
        GlobalType::new(ValType::V128, Mutability::Var),
        Val::V128(V128::from(0)),
    )
    .unwrap();
    linker.define(&mut store, "host", "twice", twice).unwrap();
    linker.define(&mut store, "host", "g", global).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let own = instance.get_global(&mut store, "own").unwrap();
    assert_eq!(
        own.get(&store),
        Val::V128(V128::from(1u128 | (2u128 << 64)))
    );
    let run = instance
        .get_typed_func::<u128, u128>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, A).unwrap(), A.wrapping_mul(2));
    assert_eq!(own.get(&store), Val::V128(V128::from(A)));
    assert_eq!(global.get(&store), Val::V128(V128::from(A.wrapping_mul(2))));
    own.set(&mut store, Val::V128(V128::from(B))).unwrap();
    assert_eq!(own.get(&store).v128().map(V128::as_u128), Some(B));
}

#[test]
fn v128_memory_accesses_check_bounds_and_lanes() {
    let (mut store, instance) = instance(
        r#"(module
            (memory 1)
            (func (export "store") (param i32 v128) (v128.store (local.get 0) (local.get 1)))
            (func (export "load") (param i32) (result v128) (v128.load offset=0 (local.get 0)))
            (func (export "lane") (param i32) (result i32)
                (i32x4.extract_lane 2 (v128.load32_zero (local.get 0))))
            (func (export "splat") (param i32) (result v128) (v128.load16_splat (local.get 0)))
            (func (export "store_lane") (param i32 v128) (v128.store8_lane 15 (local.get 0) (local.get 1))))"#,
    );
    let store_fn = instance
        .get_typed_func::<(i32, u128), ()>(&mut store, "store")
        .unwrap();
    let load = instance
        .get_typed_func::<i32, u128>(&mut store, "load")
        .unwrap();
    store_fn.call(&mut store, (100, A)).unwrap();
    assert_eq!(load.call(&mut store, 100).unwrap(), A);
    assert_eq!(load.call(&mut store, 101).unwrap(), A >> 8);
    // The last 16 bytes fit; one more byte does not.
    assert!(load.call(&mut store, 65536 - 16).is_ok());
    let err = load.call(&mut store, 65536 - 15).unwrap_err();
    assert!(matches!(err, Error::Trap(_)), "{err}");
    let lane = instance
        .get_typed_func::<i32, i32>(&mut store, "lane")
        .unwrap();
    assert_eq!(lane.call(&mut store, 100).unwrap(), 0);
    let splat = instance
        .get_typed_func::<i32, u128>(&mut store, "splat")
        .unwrap();
    assert_eq!(
        splat.call(&mut store, 100).unwrap(),
        u128::from_le_bytes([0, 1].repeat(8).try_into().unwrap())
    );
    let store_lane = instance
        .get_typed_func::<(i32, u128), ()>(&mut store, "store_lane")
        .unwrap();
    store_lane.call(&mut store, (0, B)).unwrap();
    assert_eq!(load.call(&mut store, 0).unwrap() & 0xff, B >> 120);
}

#[test]
fn simd_can_be_switched_off() {
    let mut config = Config::new();
    config.wasm_simd(false);
    let engine = Engine::new(&config);
    let err = Module::new(
        &engine,
        r#"(module (func (result v128) (v128.const i64x2 0 0)))"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("SIMD"), "{err}");
}

/// A SIMD loop long enough that handlers which did not tail-call would overflow the host stack
/// (test threads have 2 MiB): under threaded dispatch every instruction's handler must end in a
/// jump to the next, in test builds too (optimised, with debug assertions). The fuzz build once
/// lost that for every v128 instruction (a debug check took a stack temporary's address).
#[test]
fn a_long_simd_loop_runs_in_constant_host_stack() {
    let (mut store, instance) = instance(
        r#"(module
            (memory 1)
            (func (export "run") (param $n i32) (result i32)
                (local $acc v128) (local $f v128)
                (local.set $f (f32x4.splat (f32.const 1.5)))
                (loop $top
                    (local.set $acc
                        (i32x4.add (local.get $acc) (v128.const i32x4 1 2 3 4)))
                    (local.set $f (f32x4.mul (local.get $f) (v128.const f32x4 1 1 1 1)))
                    (local.set $acc
                        (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                            (local.get $acc) (local.get $f)))
                    (v128.store (i32.const 16) (local.get $acc))
                    (local.set $acc (v128.load (i32.const 16)))
                    (br_if $top (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                (i32x4.extract_lane 3 (local.get $acc))))"#,
    );
    let run = instance
        .get_typed_func::<i32, i32>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, 300_000).unwrap(), 1_200_000);
}

/// As above, over one of each family of SIMD instructions (lanes, predicates, widening and
/// narrowing, float rounding and min/max, conversions, lane loads and stores, relaxed).
#[test]
fn every_simd_family_runs_in_constant_host_stack() {
    let (mut store, instance) = instance(
        r#"(module
            (memory 1)
            (func (export "run") (param $n i32) (result i32)
                (local $v v128) (local $w v128) (local $sum i32)
                (local.set $w (v128.const i16x8 1 -2 3 -4 5 -6 7 -8))
                (loop $top
                    (local.set $v (i32x4.replace_lane 1 (local.get $w) (local.get $n)))
                    (local.set $sum (i32.add (local.get $sum)
                        (i32x4.extract_lane 1 (local.get $v))))
                    (local.set $sum (i32.add (local.get $sum) (i8x16.bitmask (local.get $v))))
                    (local.set $sum (i32.add (local.get $sum) (i32x4.all_true (local.get $v))))
                    (local.set $sum (i32.add (local.get $sum) (v128.any_true (local.get $v))))
                    (local.set $v (i8x16.swizzle (local.get $v) (local.get $w)))
                    (local.set $v (i16x8.extend_low_i8x16_s (local.get $v)))
                    (local.set $v (i8x16.narrow_i16x8_s (local.get $v) (local.get $w)))
                    (local.set $v (i32x4.dot_i16x8_s (local.get $v) (local.get $w)))
                    (local.set $v (i64x2.extmul_low_i32x4_u (local.get $v) (local.get $w)))
                    (local.set $v (f32x4.ceil (f32x4.convert_i32x4_s (local.get $v))))
                    (local.set $v (f32x4.min (local.get $v) (f32x4.nearest (local.get $v))))
                    (local.set $v (f64x2.promote_low_f32x4 (local.get $v)))
                    (local.set $v (i32x4.trunc_sat_f64x2_s_zero (f64x2.sqrt (local.get $v))))
                    (local.set $v (f32x4.relaxed_madd (local.get $v) (local.get $w) (local.get $v)))
                    (local.set $v (i16x8.q15mulr_sat_s (local.get $v) (local.get $w)))
                    (local.set $v (v128.load32_splat (i32.const 4)))
                    (local.set $v (v128.load8_lane 3 (i32.const 7) (local.get $v)))
                    (v128.store16_lane 2 (i32.const 32) (local.get $v))
                    (local.set $v (i64x2.shl (local.get $v) (local.get $n)))
                    (local.set $v (i16x8.shr_s (local.get $v) (i32.const 3)))
                    (local.set $v (v128.bitselect (local.get $v) (local.get $w) (local.get $v)))
                    (br_if $top (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                (local.get $sum)))"#,
    );
    let run = instance
        .get_typed_func::<i32, i32>(&mut store, "run")
        .unwrap();
    run.call(&mut store, 100_000).unwrap();
}
