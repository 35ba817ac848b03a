//! `differential_jit`: a wasm-smith module (Wasm 2.0 with SIMD, tail calls and exceptions; no
//! relaxed SIMD, no imports, everything exported, NaNs canonicalised, loops and calls bounded
//! by `ensure_termination`) is instantiated twice in Kestrel, once interpreted and once with
//! the Cranelift tier; every exported function is called in turn with arguments drawn from
//! the input, and after each call the results or trap, every exported memory's bytes and
//! every exported global must be identical.
//!
//! Neither side meters fuel (the tiers count it differently: the interpreter by its own
//! instructions, compiled code by wasm operators): `ensure_termination` bounds the work. The two tiers' stack limits differ (the interpreter counts frames, the
//! tier bytes of host stack), so once either overflows the comparison of that module stops
//! there (not a divergence). Both stores cap memory at [`MEMORY_LIMIT`] and tables at
//! [`TABLE_LIMIT`].

use arbitrary::{Result, Unstructured};
use kestrel::{Config, Engine, Instance, Linker, Module, Store, StoreLimits, Strategy, Val};

pub use crate::differential_interp::{MEMORY_LIMIT, TABLE_LIMIT};
/// Loop iterations and calls allowed by `ensure_termination` per instance.
const ITERATIONS: u32 = 2_000;

/// What one input exercised.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Both tiers instantiated the module.
    pub instantiated: bool,
    /// Functions the tier compiled.
    pub compiled: usize,
    /// Calls whose results were compared and equal.
    pub returns: usize,
    /// Calls whose traps were compared and equal.
    pub traps: usize,
}

/// Runs one input.
pub fn run(data: &[u8]) -> Summary {
    let mut u = Unstructured::new(data);
    let Ok(bytes) = generate(&mut u) else {
        return Summary::default();
    };
    check(&bytes, &mut u)
}

fn generate(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    let mut config = crate::smith_config::wasm2_simd();
    config.tail_call_enabled = true;
    config.exceptions_enabled = true;
    crate::smith_config::differential_module(config, u, MEMORY_LIMIT, TABLE_LIMIT, ITERATIONS)
}

/// How one call ended: results by their bits (references by null-ness), a trap, or a stop
/// (stack overflow, or an error that is not a trap).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Returned(Vec<String>),
    Trapped(String),
    Stopped(String),
}

struct Side {
    store: Store<StoreLimits>,
    instance: Instance,
}

fn instantiate(bytes: &[u8], strategy: Strategy) -> (std::result::Result<Side, Outcome>, usize) {
    let mut config = Config::new();
    config.strategy(strategy);
    let engine = Engine::new(&config);
    let module = Module::from_binary(&engine, bytes).unwrap_or_else(|e| {
        panic!("wasm-smith produced a module Kestrel rejects ({strategy:?}): {e}")
    });
    let compiled = module.cranelift_report().map_or(0, |(n, _)| n);
    let limits = kestrel::StoreLimitsBuilder::new()
        .memory_size(MEMORY_LIMIT)
        .table_elements(TABLE_LIMIT)
        .build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l| l);
    let side = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .map(|instance| Side { store, instance })
        .map_err(outcome_of);
    (side, compiled)
}

fn outcome_of(e: kestrel::Error) -> Outcome {
    match e.trap_code() {
        Some(kestrel::TrapCode::StackOverflow) | None => Outcome::Stopped(e.to_string()),
        Some(code) => Outcome::Trapped(format!("{code:?}")),
    }
}

fn show(v: &Val) -> String {
    match v {
        Val::I32(x) => format!("i32 {x}"),
        Val::I64(x) => format!("i64 {x}"),
        Val::F32(x) => format!("f32 {x:#x}"),
        Val::F64(x) => format!("f64 {x:#x}"),
        Val::V128(x) => format!("v128 {:#x}", x.as_u128()),
        Val::FuncRef(f) => format!("funcref null={}", f.is_none()),
        Val::ExternRef(r) => format!("externref null={}", r.is_none()),
        Val::ExnRef(e) => format!("exnref null={}", e.is_none()),
    }
}

fn arbitrary_val(u: &mut Unstructured<'_>, ty: kestrel::ValType) -> Result<Val> {
    use kestrel::ValType as T;
    Ok(match ty {
        T::I32 => Val::I32(u.arbitrary()?),
        T::I64 => Val::I64(u.arbitrary()?),
        T::F32 => Val::F32(u.arbitrary()?),
        T::F64 => Val::F64(u.arbitrary()?),
        T::V128 => Val::V128(u.arbitrary::<u128>()?.into()),
        t => Val::default_for(t).expect("a reference type has a null default"),
    })
}

fn call(side: &mut Side, name: &str, args: &[Val]) -> Outcome {
    let func = side.instance.get_func(&mut side.store, name).unwrap();
    let ty = func.ty(&side.store);
    let mut results: Vec<Val> = ty
        .results()
        .iter()
        .map(|t| Val::default_for(*t).unwrap())
        .collect();
    match func.call(&mut side.store, args, &mut results) {
        Ok(()) => Outcome::Returned(results.iter().map(show).collect()),
        Err(e) => outcome_of(e),
    }
}

/// Runs `bytes` under both tiers with arguments from `u`, panicking on a divergence.
pub fn check(bytes: &[u8], u: &mut Unstructured<'_>) -> Summary {
    let mut summary = Summary::default();
    let (interp, _) = instantiate(bytes, Strategy::Interpreter);
    let (jit, compiled) = instantiate(bytes, Strategy::Cranelift);
    summary.compiled = compiled;
    let (mut a, mut b) = match (interp, jit) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(x), Err(y)) => {
            // A start function that overflows one tier's stack may trap otherwise, deeper,
            // in the other: only two traps compare.
            if let (Outcome::Trapped(_), Outcome::Trapped(_)) = (&x, &y) {
                assert_eq!(x, y, "instantiation traps differ");
                summary.traps += 1;
            }
            return summary;
        }
        (Ok(_), Err(e)) | (Err(e), Ok(_)) => {
            if matches!(e, Outcome::Stopped(_)) {
                return summary;
            }
            panic!("only one tier fails to instantiate: {e:?}");
        }
    };
    compare_state(&mut a, &mut b, "after instantiation");
    summary.instantiated = true;
    let funcs: Vec<(String, kestrel::FuncType)> = a
        .instance
        .exports(&mut a.store)
        .into_iter()
        .filter_map(|(name, e)| {
            let f = e.into_func()?;
            Some((name, f.ty(&a.store)))
        })
        .collect();
    for (name, ty) in funcs {
        let Ok(args) = ty
            .params()
            .iter()
            .map(|&t| arbitrary_val(u, t))
            .collect::<Result<Vec<Val>>>()
        else {
            break;
        };
        let x = call(&mut a, &name, &args);
        let y = call(&mut b, &name, &args);
        if matches!(x, Outcome::Stopped(_)) || matches!(y, Outcome::Stopped(_)) {
            break;
        }
        assert_eq!(x, y, "calling {name:?}: interpreter vs Cranelift");
        match x {
            Outcome::Returned(_) => summary.returns += 1,
            _ => summary.traps += 1,
        }
        compare_state(&mut a, &mut b, &format!("after calling {name:?}"));
    }
    summary
}

/// Compares every exported memory and global of the two instances.
fn compare_state(a: &mut Side, b: &mut Side, when: &str) {
    let exports = a.instance.exports(&mut a.store);
    for (name, export) in exports {
        if let Some(mem) = export.clone().into_memory() {
            let other = b.instance.get_memory(&mut b.store, &name).unwrap();
            let (x, y) = (mem.data(&a.store), other.data(&b.store));
            assert_eq!(x.len(), y.len(), "memory {name:?} size {when}");
            if x != y {
                let at = x.iter().zip(y).position(|(p, q)| p != q).unwrap();
                panic!(
                    "memory {name:?} differs {when} at byte {at}: interpreter {} Cranelift {}",
                    x[at], y[at]
                );
            }
        } else if let Some(global) = export.into_global() {
            let other = b.instance.get_global(&mut b.store, &name).unwrap();
            assert_eq!(
                show(&global.get(&a.store)),
                show(&other.get(&b.store)),
                "global {name:?} {when}"
            );
        }
    }
}
