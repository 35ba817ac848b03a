//! The `spectest` host module every testsuite script may import from, with the same items as
//! the reference interpreter's: the `print*` functions, the globals `global_i32`,
//! `global_i64` (666), `global_f32`, `global_f64` (666.6), `table` (10..20 funcref),
//! `memory` (1..2 pages) and `shared_memory` (1..2 pages, shared; the threads proposal's).
//!
//! The `print*` functions accept their arguments and print nothing, so a run's output stays a
//! report; scripts never assert on what they print.

use kestrel::{
    Error, Global, GlobalType, Linker, Memory, MemoryType, Mutability, Store, Table, TableType,
    Val, ValType,
};

/// The module name scripts import the host items from.
pub const SPECTEST: &str = "spectest";

/// Defines the `spectest` module's items in `linker`, creating its global, table and memory in
/// `store`.
pub fn define_spectest<T: 'static>(
    linker: &mut Linker<T>,
    store: &mut Store<T>,
) -> Result<(), Error> {
    linker.func_wrap(SPECTEST, "print", || {})?;
    linker.func_wrap(SPECTEST, "print_i32", |_: i32| {})?;
    linker.func_wrap(SPECTEST, "print_i64", |_: i64| {})?;
    linker.func_wrap(SPECTEST, "print_f32", |_: f32| {})?;
    linker.func_wrap(SPECTEST, "print_f64", |_: f64| {})?;
    linker.func_wrap(SPECTEST, "print_i32_f32", |_: i32, _: f32| {})?;
    linker.func_wrap(SPECTEST, "print_f64_f64", |_: f64, _: f64| {})?;

    let globals = [
        ("global_i32", ValType::I32, Val::I32(666)),
        ("global_i64", ValType::I64, Val::I64(666)),
        ("global_f32", ValType::F32, Val::F32(666.6f32.to_bits())),
        ("global_f64", ValType::F64, Val::F64(666.6f64.to_bits())),
    ];
    for (name, ty, value) in globals {
        let global = Global::new(&mut *store, GlobalType::new(ty, Mutability::Const), value)?;
        linker.define(&*store, SPECTEST, name, global)?;
    }

    let ValType::Ref(funcref) = ValType::FUNCREF else {
        unreachable!("funcref is a reference type");
    };
    let table = Table::new(
        &mut *store,
        TableType::new(funcref, 10, Some(20)),
        Val::null(funcref),
    )?;
    linker.define(&*store, SPECTEST, "table", table)?;

    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    linker.define(&*store, SPECTEST, "memory", memory)?;

    let shared_memory = Memory::new(&mut *store, MemoryType::shared(1, 2))?;
    linker.define(&*store, SPECTEST, "shared_memory", shared_memory)?;
    Ok(())
}
