//! Instantiation: resolving imports (checked against the module's import types), allocating
//! the module's own entities, evaluating constant expressions and running the active segments.
//! The start function is the caller's to run (`api/instance.rs`), since running code is a
//! tier's business, not the runtime's.

use crate::error::{Error, TrapCode};
use crate::module::{ConstExpr, ConstOp, DataMode, ElemMode, ImportType, ModuleInfo, ModuleInner};
use crate::runtime::exception::TagEntity;
use crate::runtime::func::FuncEntity;
use crate::runtime::global::GlobalEntity;
use crate::runtime::instance::{ExternIdx, InstanceEntity};
use crate::runtime::memory::{DEFAULT_RESERVATION, MemoryEntity};
use crate::runtime::segment::{DataEntity, ElemEntity};
use crate::runtime::store::{
    DataIdx, ElemIdx, FuncIdx, GlobalIdx, InstanceIdx, MemoryIdx, Store, TableIdx,
};
use crate::runtime::table::TableEntity;
use crate::value::{Limits, TableType};
use std::sync::Arc;

fn limits_match(actual: Limits, expected: Limits) -> bool {
    actual.min >= expected.min
        && match expected.max {
            None => true,
            Some(em) => matches!(actual.max, Some(am) if am <= em),
        }
}

fn incompatible(imp: &crate::module::Import, why: &str) -> Error {
    Error::Link(format!(
        "incompatible import type for `{}::{}`: {why}",
        imp.module, imp.name
    ))
}

/// Creates a memory in `store`, asking the resource limiter first.
pub(crate) fn alloc_memory<T>(
    store: &mut Store<T>,
    ty: crate::value::MemoryType,
) -> Result<MemoryIdx, Error> {
    if ty.memory64 {
        return Err(Error::Usage("64-bit memories are not supported".into()));
    }
    if ty.shared && ty.limits.max.is_none() {
        return Err(Error::Usage("a shared memory must have a maximum".into()));
    }
    if ty.page_size_log2 != 0
        && ty.page_size_log2 != crate::value::MemoryType::DEFAULT_PAGE_SIZE_LOG2
    {
        return Err(Error::Usage(format!(
            "invalid memory page size 2^{} bytes: only 1 and 65536 are supported",
            ty.page_size_log2
        )));
    }
    let count = store.inner.memories.len();
    if let Some(limiter) = store.resource_limiter() {
        if count >= limiter.memories() {
            return Err(Error::Usage(
                "resource limit exceeded: too many memories".into(),
            ));
        }
        let in_bytes = |pages: u64| {
            pages
                .checked_mul(ty.page_size())
                .map_or(usize::MAX, |b| usize::try_from(b).unwrap_or(usize::MAX))
        };
        let desired = in_bytes(ty.limits.min);
        let max = ty.limits.max.map(in_bytes);
        if !limiter.memory_growing(0, desired, max)? {
            return Err(Error::Usage(format!(
                "resource limit exceeded: memory of {} pages",
                ty.limits.min
            )));
        }
    }
    let reservation = store
        .inner
        .engine
        .config()
        .memory_reservation
        .map_or(DEFAULT_RESERVATION, |bytes| {
            usize::try_from(bytes).unwrap_or(usize::MAX)
        });
    let guard = store.inner.engine.config().memory_guard();
    let mem = MemoryEntity::new(ty, reservation, guard).map_err(|e| Error::Usage(e.to_string()))?;
    Ok(store.inner.push_memory(mem))
}

/// Creates a table in `store`, asking the resource limiter first.
pub(crate) fn alloc_table<T>(
    store: &mut Store<T>,
    ty: TableType,
    init: u64,
) -> Result<TableIdx, Error> {
    let count = store.inner.tables.len();
    if let Some(limiter) = store.resource_limiter() {
        if count >= limiter.tables() {
            return Err(Error::Usage(
                "resource limit exceeded: too many tables".into(),
            ));
        }
        if !limiter.table_growing(0, ty.limits.min as usize, ty.limits.max.map(|m| m as usize))? {
            return Err(Error::Usage(format!(
                "resource limit exceeded: table of {} elements",
                ty.limits.min
            )));
        }
    }
    let table = TableEntity::new(ty, init)
        .ok_or_else(|| Error::Usage(format!("table of {} elements is too large", ty.limits.min)))?;
    Ok(store.inner.push_table(table))
}

/// Evaluates a constant expression of a one-cell type (numbers and references) to its cell.
fn eval_const(
    expr: &ConstExpr,
    globals: &[GlobalIdx],
    funcs: &[FuncIdx],
    store: &crate::runtime::store::StoreInner,
) -> u64 {
    eval_const_wide(expr, globals, funcs, store) as u64
}

/// Evaluates a constant expression of any type: a one-cell value zero-extended, or a `v128`'s
/// 128 bits (its two cells, the low one in the low bits).
fn eval_const_wide(
    expr: &ConstExpr,
    globals: &[GlobalIdx],
    funcs: &[FuncIdx],
    store: &crate::runtime::store::StoreInner,
) -> u128 {
    let mut stack: Vec<u128> = Vec::with_capacity(2);
    for op in &expr.ops {
        let v = match *op {
            ConstOp::I32Const(v) => u128::from(v as u32),
            ConstOp::I64Const(v) => u128::from(v as u64),
            ConstOp::F32Const(v) => u128::from(v),
            ConstOp::F64Const(v) => u128::from(v),
            ConstOp::V128Const(v) => v,
            ConstOp::RefNull(_) => 0,
            ConstOp::RefFunc(f) => u128::from(funcs[f as usize].0) + 1,
            ConstOp::GlobalGet(g) => {
                let [lo, hi] = store.globals[globals[g as usize].index()].cells();
                u128::from(lo) | (u128::from(hi) << 64)
            }
            ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul => {
                let b = stack.pop().unwrap_or(0) as u32;
                let a = stack.pop().unwrap_or(0) as u32;
                u128::from(match op {
                    ConstOp::I32Add => a.wrapping_add(b),
                    ConstOp::I32Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                })
            }
            ConstOp::I64Add | ConstOp::I64Sub | ConstOp::I64Mul => {
                let b = stack.pop().unwrap_or(0) as u64;
                let a = stack.pop().unwrap_or(0) as u64;
                u128::from(match op {
                    ConstOp::I64Add => a.wrapping_add(b),
                    ConstOp::I64Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                })
            }
        };
        stack.push(v);
    }
    stack.pop().unwrap_or(0)
}

/// Checks one import against the module's expectation.
fn check_import<T>(
    store: &Store<T>,
    info: &ModuleInfo,
    imp: &crate::module::Import,
    ext: ExternIdx,
) -> Result<(), Error> {
    let inner = &store.inner;
    match (&imp.ty, ext) {
        (ImportType::Func(t), ExternIdx::Func(f)) => {
            let expected = info.type_ids[*t as usize];
            if inner.func(f).type_id() != expected {
                return Err(incompatible(imp, "function types differ"));
            }
        }
        (ImportType::Table(t), ExternIdx::Table(tab)) => {
            let actual = inner.tables[tab.index()].ty();
            if actual.element != t.element || !limits_match(actual.limits, t.limits) {
                return Err(incompatible(imp, "table types differ"));
            }
        }
        (ImportType::Memory(m), ExternIdx::Memory(mem)) => {
            let actual = inner.memories[mem.index()].ty();
            if actual.page_size_log2 != m.page_size_log2 {
                return Err(incompatible(
                    imp,
                    &format!(
                        "memory page sizes differ ({} and {} bytes)",
                        actual.page_size(),
                        m.page_size()
                    ),
                ));
            }
            if actual.shared != m.shared {
                return Err(incompatible(
                    imp,
                    if m.shared {
                        "a shared memory is expected, an unshared one was given"
                    } else {
                        "an unshared memory is expected, a shared one was given"
                    },
                ));
            }
            if !limits_match(actual.limits, m.limits) {
                return Err(incompatible(imp, "memory limits differ"));
            }
        }
        (ImportType::Global(g), ExternIdx::Global(glob)) => {
            let actual = inner.globals[glob.index()].ty;
            let matches = actual.mutability == g.mutability
                && match g.mutability {
                    crate::value::Mutability::Const => actual.content.matches(g.content),
                    crate::value::Mutability::Var => actual.content == g.content,
                };
            if !matches {
                return Err(incompatible(imp, "global types differ"));
            }
        }
        (ImportType::Tag(t), ExternIdx::Tag(tag)) => {
            if inner.tags[tag.index()].type_index != info.type_ids[*t as usize] {
                return Err(incompatible(imp, "tag types differ"));
            }
        }
        _ => return Err(incompatible(imp, "it is a different kind of item")),
    }
    Ok(())
}

/// Instantiates `module` in `store` with `imports` (entities of `store`) in import order and
/// runs its active segments. The caller runs the start function, if any.
pub(crate) fn instantiate<T>(
    store: &mut Store<T>,
    module: &Arc<ModuleInner>,
    imports: &[ExternIdx],
) -> Result<InstanceIdx, Error> {
    let minner = module.clone();
    let info = &minner.info;
    if !crate::engine::Engine::same(&minner.engine, &store.inner.engine) {
        return Err(Error::Usage(
            "the module was compiled for another engine than the store's".into(),
        ));
    }
    if imports.len() != info.imports.len() {
        return Err(Error::Link(format!(
            "the module has {} imports but {} were given",
            info.imports.len(),
            imports.len()
        )));
    }
    let count = store.inner.instances.len();
    if let Some(limiter) = store.resource_limiter()
        && count >= limiter.instances()
    {
        return Err(Error::Usage(
            "resource limit exceeded: too many instances".into(),
        ));
    }

    let mut funcs = Vec::with_capacity(info.funcs.len());
    let mut tables = Vec::with_capacity(info.tables.len());
    let mut memories = Vec::with_capacity(info.memories.len());
    let mut globals = Vec::with_capacity(info.globals.len());
    let mut tags = Vec::with_capacity(info.tags.len());
    for (imp, &ext) in info.imports.iter().zip(imports) {
        check_import(store, info, imp, ext)?;
        match ext {
            ExternIdx::Func(f) => funcs.push(f),
            ExternIdx::Table(t) => tables.push(t),
            ExternIdx::Memory(m) => memories.push(m),
            ExternIdx::Global(g) => globals.push(g),
            ExternIdx::Tag(t) => tags.push(t),
        }
    }
    for &ty in &info.tags[info.num_imported_tags as usize..] {
        let entity = TagEntity {
            ty: info.types[ty as usize].clone(),
            type_index: info.type_ids[ty as usize],
        };
        tags.push(store.inner.push_tag(entity));
    }

    let instance_idx = InstanceIdx(store.inner.instances.len() as u32);
    for def in 0..info.num_defined_funcs() as u32 {
        let type_idx = info.funcs[(info.num_imported_funcs + def) as usize];
        let entity = FuncEntity::Wasm {
            ty: minner.type_ids[type_idx as usize],
            instance: instance_idx,
            module: minner.clone(),
            def_index: def,
        };
        funcs.push(store.inner.push_func(entity));
    }
    for (ty, init) in info.tables[info.num_imported_tables as usize..]
        .iter()
        .zip(&info.table_inits)
    {
        // Table initialisers see the imported globals only (they come before the defined).
        let fill = init
            .as_ref()
            .map_or(0, |e| eval_const(e, &globals, &funcs, &store.inner));
        tables.push(alloc_table(store, *ty, fill)?);
    }
    for ty in &info.memories[info.num_imported_memories as usize..] {
        memories.push(alloc_memory(store, *ty)?);
    }
    if let (Some(need), Some(&m0)) = (minner.memory_guard_needed(), memories.first()) {
        let have = store.inner.memories[m0.index()].guard();
        if have < need {
            return Err(Error::Usage(format!(
                "the module's compiled code needs memory 0 reserved whole with {need} bytes of \
                 guard pages after it, and it has {have}: the host refused that much address \
                 space (a `ulimit -v`?); \
                 Config::memory_guard_size(0) compiles explicit bounds checks instead"
            )));
        }
    }
    for (ty, init) in info.globals[info.num_imported_globals as usize..]
        .iter()
        .zip(&info.global_inits)
    {
        let value = eval_const_wide(init, &globals, &funcs, &store.inner);
        globals.push(store.inner.push_global(GlobalEntity {
            ty: *ty,
            value: value as u64,
            hi: (value >> 64) as u64,
        }));
    }
    let mut elems = Vec::with_capacity(info.elems.len());
    for seg in &info.elems {
        let items: Box<[u64]> = seg
            .items
            .iter()
            .map(|e| eval_const(e, &globals, &funcs, &store.inner))
            .collect();
        store.inner.elems.push(ElemEntity { items });
        elems.push(ElemIdx(store.inner.elems.len() as u32 - 1));
    }
    let mut datas = Vec::with_capacity(info.datas.len());
    for i in 0..info.datas.len() {
        store.inner.datas.push(DataEntity::new(info, i));
        datas.push(DataIdx(store.inner.datas.len() as u32 - 1));
    }

    store.inner.instances.push(InstanceEntity {
        module: minner.clone(),
        types: minner.type_ids.clone(),
        funcs: funcs.into(),
        tables: tables.into(),
        memories: memories.into(),
        globals: globals.into(),
        tags: tags.into(),
        elems: elems.into(),
        datas: datas.into(),
    });
    initialize_segments(store, instance_idx)?;
    Ok(instance_idx)
}

/// Runs the active element and data segments in order (as `table.init` / `memory.init`
/// followed by a drop), and drops the declarative element segments.
fn initialize_segments<T>(store: &mut Store<T>, instance: InstanceIdx) -> Result<(), Error> {
    let inst = &store.inner.instances[instance.index()];
    let module = inst.module.clone();
    let info = &module.info;
    let (elems, datas, tables, memories, globals, funcs) = (
        inst.elems.clone(),
        inst.datas.clone(),
        inst.tables.clone(),
        inst.memories.clone(),
        inst.globals.clone(),
        inst.funcs.clone(),
    );
    for (i, seg) in info.elems.iter().enumerate() {
        match &seg.mode {
            ElemMode::Active { table, offset } => {
                let offset = eval_const(offset, &globals, &funcs, &store.inner) as u32 as usize;
                let inner = &mut store.inner;
                let items = std::mem::take(&mut inner.elems[elems[i].index()].items);
                let dst = &mut inner.tables[tables[*table as usize].index()].elements;
                let end = offset.checked_add(items.len()).filter(|e| *e <= dst.len());
                match end {
                    Some(end) => dst[offset..end].copy_from_slice(&items),
                    None => return Err(TrapCode::TableOutOfBounds.into()),
                }
            }
            ElemMode::Declared => {
                store.inner.elems[elems[i].index()].items = Box::new([]);
            }
            ElemMode::Passive => {}
        }
    }
    for (i, seg) in info.datas.iter().enumerate() {
        if let DataMode::Active { memory, offset } = &seg.mode {
            let offset = eval_const(offset, &globals, &funcs, &store.inner) as u32 as usize;
            let inner = &mut store.inner;
            let data = &mut inner.datas[datas[i].index()];
            let bytes = data.data();
            let mem = &mut inner.memories[memories[*memory as usize].index()];
            if mem.write(offset, bytes).is_none() {
                return Err(TrapCode::MemoryOutOfBounds.into());
            }
            data.drop_bytes();
        }
    }
    Ok(())
}
