//! `differential_interp`: a wasm-smith module (Wasm 2.0 with SIMD, no relaxed SIMD, no imports, everything
//! exported, NaNs canonicalised, loops and calls bounded by `ensure_termination`) is
//! instantiated in Kestrel and in wasmi; every exported function is called in turn with
//! arguments drawn from the input, and after each call the results or trap, every exported
//! memory's bytes and every exported global must be identical.
//!
//! wasmi meters fuel as a backstop, and so does Kestrel for half of the modules (chosen by the
//! module's bytes): Kestrel runs unmetered code through its fastest path (direct-threaded,
//! linked code) and metered code through its handler table, and both must agree with wasmi.
//! Both stores cap memory at [`MEMORY_LIMIT`] and tables at [`TABLE_LIMIT`]. Fuel costs and
//! stack limits differ between the engines, so once either runs out of fuel or stack the
//! comparison of that module stops there (not a divergence).

use arbitrary::{Result, Unstructured};

/// Bytes a linear memory may grow to in either engine.
pub const MEMORY_LIMIT: usize = 16 << 20;
/// Elements a table may grow to in either engine.
pub const TABLE_LIMIT: usize = 10_000;
/// Fuel given to each engine (a backstop: `ensure_termination` bounds loops and calls).
const FUEL: u64 = 2_000_000;
/// Loop iterations and calls allowed by `ensure_termination` per instance.
const ITERATIONS: u32 = 2_000;

/// What one input exercised (so tests can tell the harness compares something).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Both engines instantiated the module.
    pub instantiated: bool,
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
    // SIMD included, relaxed SIMD not (`differential_module` turns it off).
    let config = crate::smith_config::wasm2_simd();
    crate::smith_config::differential_module(config, u, MEMORY_LIMIT, TABLE_LIMIT, ITERATIONS)
}

/// A value as both engines can show it: numbers by their bits, references by null-ness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Value {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    V128(u128),
    Ref { null: bool },
}

/// How one call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Returned(Vec<Value>),
    Trapped(&'static str),
    /// Out of fuel or stack, or an error that is not a trap: stop comparing.
    Stopped(String),
}

struct Kestrel {
    store: kestrel::Store<kestrel::StoreLimits>,
    instance: kestrel::Instance,
}

struct Wasmi {
    store: wasmi::Store<wasmi::StoreLimits>,
    instance: wasmi::Instance,
}

/// Runs `bytes` in both engines with arguments from `u`, panicking on a divergence.
pub fn check(bytes: &[u8], u: &mut Unstructured<'_>) -> Summary {
    let mut summary = Summary::default();
    let ours = instantiate_kestrel(bytes);
    let theirs = instantiate_wasmi(bytes);
    let (mut ours, mut theirs) = match (ours, theirs) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(a), Err(b)) => {
            if let (Outcome::Trapped(x), Outcome::Trapped(y)) = (&a, &b) {
                assert_eq!(x, y, "instantiation traps differ");
                summary.traps += 1;
            }
            return summary;
        }
        (Ok(_), Err(e)) => {
            if matches!(e, Outcome::Stopped(_)) {
                return summary;
            }
            panic!("wasmi fails to instantiate ({e:?}), Kestrel succeeds")
        }
        (Err(e), Ok(_)) => {
            if matches!(e, Outcome::Stopped(_)) {
                return summary;
            }
            panic!("Kestrel fails to instantiate ({e:?}), wasmi succeeds")
        }
    };
    compare_state(&mut ours, &mut theirs, "after instantiation");
    summary.instantiated = true;

    let mut names: Vec<String> = ours
        .instance
        .exports(&mut ours.store)
        .into_iter()
        .filter(|(_, e)| e.into_func().is_some())
        .map(|(n, _)| n)
        .collect();
    names.sort();
    for name in names {
        let func = ours.instance.get_func(&mut ours.store, &name).unwrap();
        let ty = func.ty(&ours.store);
        let Ok(args) = ty
            .params()
            .iter()
            .map(|t| arbitrary_value(u, *t))
            .collect::<Result<Vec<Value>>>()
        else {
            return summary;
        };
        let a = call_kestrel(&mut ours, &name, &args);
        let b = call_wasmi(&mut theirs, &name, &args);
        if matches!(a, Outcome::Stopped(_)) || matches!(b, Outcome::Stopped(_)) {
            return summary;
        }
        assert_eq!(a, b, "calling export {name:?} with {args:?}");
        match a {
            Outcome::Returned(_) => summary.returns += 1,
            _ => summary.traps += 1,
        }
        compare_state(&mut ours, &mut theirs, &format!("after calling {name:?}"));
    }
    summary
}

fn arbitrary_value(u: &mut Unstructured<'_>, ty: kestrel::ValType) -> Result<Value> {
    use kestrel::ValType as T;
    Ok(match ty {
        T::I32 => Value::I32(u.arbitrary()?),
        T::I64 => Value::I64(u.arbitrary()?),
        T::F32 => Value::F32(u.arbitrary()?),
        T::F64 => Value::F64(u.arbitrary()?),
        T::V128 => Value::V128(u.arbitrary()?),
        _ => Value::Ref { null: true },
    })
}

fn kestrel_outcome(e: kestrel::Error) -> Outcome {
    use kestrel::TrapCode as K;
    match e.trap_code() {
        Some(K::OutOfFuel | K::StackOverflow) => Outcome::Stopped(e.to_string()),
        Some(K::Unreachable) => Outcome::Trapped("unreachable"),
        Some(K::MemoryOutOfBounds) => Outcome::Trapped("memory out of bounds"),
        Some(K::TableOutOfBounds) => Outcome::Trapped("table out of bounds"),
        Some(K::IndirectCallToNull) => Outcome::Trapped("indirect call to null"),
        Some(K::BadSignature) => Outcome::Trapped("bad signature"),
        Some(K::IntegerOverflow) => Outcome::Trapped("integer overflow"),
        Some(K::IntegerDivisionByZero) => Outcome::Trapped("integer division by zero"),
        Some(K::BadConversionToInteger) => Outcome::Trapped("bad conversion to integer"),
        Some(K::NullReference) => Outcome::Trapped("null reference"),
        Some(_) | None => Outcome::Stopped(format!("Kestrel: {e}")),
    }
}

fn wasmi_outcome(e: wasmi::Error) -> Outcome {
    use wasmi::TrapCode as W;
    match e.as_trap_code() {
        Some(W::OutOfFuel | W::StackOverflow | W::OutOfSystemMemory) => {
            Outcome::Stopped(e.to_string())
        }
        Some(W::UnreachableCodeReached) => Outcome::Trapped("unreachable"),
        Some(W::MemoryOutOfBounds) => Outcome::Trapped("memory out of bounds"),
        Some(W::TableOutOfBounds) => Outcome::Trapped("table out of bounds"),
        Some(W::IndirectCallToNull) => Outcome::Trapped("indirect call to null"),
        Some(W::BadSignature) => Outcome::Trapped("bad signature"),
        Some(W::IntegerOverflow) => Outcome::Trapped("integer overflow"),
        Some(W::IntegerDivisionByZero) => Outcome::Trapped("integer division by zero"),
        Some(W::BadConversionToInteger) => Outcome::Trapped("bad conversion to integer"),
        Some(_) | None => Outcome::Stopped(format!("wasmi: {e}")),
    }
}

fn instantiate_kestrel(bytes: &[u8]) -> std::result::Result<Kestrel, Outcome> {
    let metered = bytes.iter().fold(0u8, |a, b| a ^ b) & 1 == 0;
    let mut config = kestrel::Config::new();
    config.consume_fuel(metered);
    let engine = kestrel::Engine::new(&config);
    let module = kestrel::Module::from_binary(&engine, bytes)
        .unwrap_or_else(|e| panic!("wasm-smith produced a module Kestrel rejects: {e}"));
    let limits = kestrel::StoreLimitsBuilder::new()
        .memory_size(MEMORY_LIMIT)
        .table_elements(TABLE_LIMIT)
        .build();
    let mut store = kestrel::Store::new(&engine, limits);
    store.limiter(|l| l);
    if metered {
        store.set_fuel(FUEL).unwrap();
    }
    let instance = kestrel::Linker::new(&engine)
        .instantiate(&mut store, &module)
        .map_err(kestrel_outcome)?;
    Ok(Kestrel { store, instance })
}

fn instantiate_wasmi(bytes: &[u8]) -> std::result::Result<Wasmi, Outcome> {
    let mut config = wasmi::Config::default();
    config.consume_fuel(true);
    let engine = wasmi::Engine::new(&config);
    let module = wasmi::Module::new(&engine, bytes)
        .unwrap_or_else(|e| panic!("wasm-smith produced a module wasmi rejects: {e}"));
    let limits = wasmi::StoreLimitsBuilder::new()
        .memory_size(MEMORY_LIMIT)
        .table_elements(TABLE_LIMIT)
        .build();
    let mut store = wasmi::Store::new(&engine, limits);
    store.limiter(|l| l);
    store.set_fuel(FUEL).unwrap();
    let instance = wasmi::Linker::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .map_err(wasmi_outcome)?;
    Ok(Wasmi { store, instance })
}

fn call_kestrel(k: &mut Kestrel, name: &str, args: &[Value]) -> Outcome {
    let func = k.instance.get_func(&mut k.store, name).unwrap();
    let ty = func.ty(&k.store);
    let params: Vec<kestrel::Val> = args
        .iter()
        .zip(ty.params())
        .map(|(v, t)| match *v {
            Value::I32(x) => kestrel::Val::I32(x),
            Value::I64(x) => kestrel::Val::I64(x),
            Value::F32(x) => kestrel::Val::F32(x),
            Value::F64(x) => kestrel::Val::F64(x),
            Value::V128(x) => kestrel::Val::V128(x.into()),
            Value::Ref { .. } => kestrel::Val::default_for(*t).unwrap(),
        })
        .collect();
    let mut results: Vec<kestrel::Val> = ty
        .results()
        .iter()
        .map(|t| kestrel::Val::default_for(*t).unwrap())
        .collect();
    match func.call(&mut k.store, &params, &mut results) {
        Ok(()) => Outcome::Returned(results.iter().map(kestrel_value).collect()),
        Err(e) => kestrel_outcome(e),
    }
}

fn call_wasmi(w: &mut Wasmi, name: &str, args: &[Value]) -> Outcome {
    let func = w.instance.get_func(&w.store, name).unwrap();
    let ty = func.ty(&w.store);
    let params: Vec<wasmi::Val> = args
        .iter()
        .zip(ty.params())
        .map(|(v, t)| match *v {
            Value::I32(x) => wasmi::Val::I32(x),
            Value::I64(x) => wasmi::Val::I64(x),
            Value::F32(x) => wasmi::Val::F32(wasmi::F32::from_bits(x)),
            Value::F64(x) => wasmi::Val::F64(wasmi::F64::from_bits(x)),
            Value::V128(x) => wasmi::Val::V128(x.into()),
            Value::Ref { .. } => wasmi::Val::default_for_ty(*t),
        })
        .collect();
    let mut results: Vec<wasmi::Val> = ty
        .results()
        .iter()
        .map(|t| wasmi::Val::default_for_ty(*t))
        .collect();
    match func.call(&mut w.store, &params, &mut results) {
        Ok(()) => Outcome::Returned(results.iter().map(wasmi_value).collect()),
        Err(e) => wasmi_outcome(e),
    }
}

fn kestrel_value(v: &kestrel::Val) -> Value {
    match v {
        kestrel::Val::I32(x) => Value::I32(*x),
        kestrel::Val::I64(x) => Value::I64(*x),
        kestrel::Val::F32(x) => Value::F32(*x),
        kestrel::Val::F64(x) => Value::F64(*x),
        kestrel::Val::FuncRef(f) => Value::Ref { null: f.is_none() },
        kestrel::Val::ExternRef(r) => Value::Ref { null: r.is_none() },
        kestrel::Val::ExnRef(e) => Value::Ref { null: e.is_none() },
        kestrel::Val::V128(x) => Value::V128(x.as_u128()),
    }
}

fn wasmi_value(v: &wasmi::Val) -> Value {
    match v {
        wasmi::Val::I32(x) => Value::I32(*x),
        wasmi::Val::I64(x) => Value::I64(*x),
        wasmi::Val::F32(x) => Value::F32(x.to_bits()),
        wasmi::Val::F64(x) => Value::F64(x.to_bits()),
        wasmi::Val::FuncRef(f) => Value::Ref { null: f.is_null() },
        wasmi::Val::ExternRef(r) => Value::Ref { null: r.is_null() },
        wasmi::Val::V128(x) => Value::V128(x.as_u128()),
    }
}

/// Compares every exported memory and global of the two instances.
fn compare_state(k: &mut Kestrel, w: &mut Wasmi, when: &str) {
    for (name, export) in k.instance.exports(&mut k.store) {
        if let Some(mem) = export.into_memory() {
            let theirs = w
                .instance
                .get_memory(&w.store, &name)
                .unwrap_or_else(|| panic!("wasmi has no memory export {name:?}"));
            let a = mem.data(&k.store);
            let b = theirs.data(&w.store);
            assert_eq!(a.len(), b.len(), "memory {name:?} size {when}");
            if a != b {
                let at = a.iter().zip(b).position(|(x, y)| x != y).unwrap();
                panic!(
                    "memory {name:?} differs {when} at byte {at}: Kestrel {} wasmi {}",
                    a[at], b[at]
                );
            }
        } else if let Some(global) = export.into_global() {
            let a = kestrel_value(&global.get(&k.store));
            let theirs = w
                .instance
                .get_global(&w.store, &name)
                .unwrap_or_else(|| panic!("wasmi has no global export {name:?}"));
            let b = wasmi_value(&theirs.get(&w.store));
            assert_eq!(a, b, "global {name:?} {when}");
        }
    }
}
