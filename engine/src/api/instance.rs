//! `Instance` and instantiation: resolving imports, allocating the module's own entities,
//! evaluating constant expressions, running active segments and the start function.

use crate::api::externals::{Extern, Global, Memory, Table};
use crate::api::func::{Func, TypedFunc};
use crate::api::module::Module;
use crate::api::typed::{WasmParams, WasmResults};
use crate::error::{Error, TrapCode};
use crate::module::{ConstExpr, ConstOp, DataMode, ElemMode, ImportType, ModuleInfo};
use crate::runtime::context::{AsContextMut, Caller};
use crate::runtime::func::FuncEntity;
use crate::runtime::global::GlobalEntity;
use crate::runtime::instance::InstanceEntity;
use crate::runtime::memory::{DEFAULT_RESERVATION, MemoryEntity};
use crate::runtime::segment::{DataEntity, ElemEntity};
use crate::runtime::store::{
    DataIdx, ElemIdx, FuncIdx, GlobalIdx, InstanceIdx, MemoryIdx, Store, StoreId, TableIdx,
};
use crate::runtime::table::TableEntity;
use crate::value::{Limits, TableType};

/// An instantiated module in a store. A small `Copy` handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: StoreId,
    pub(crate) index: InstanceIdx,
}

impl Instance {
    pub(crate) fn from_idx(store: StoreId, index: InstanceIdx) -> Self {
        Self { store, index }
    }

    /// Instantiates `module` with `imports` given in the order of the module's imports, then
    /// runs its start function.
    pub fn new(
        mut store: impl AsContextMut,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance, Error> {
        instantiate(store.as_context_mut().0, module, imports)
    }

    /// The export called `name`, if any.
    pub fn get_export(&self, mut store: impl AsContextMut, name: &str) -> Option<Extern> {
        let store = store.as_context_mut().0;
        if store.inner.id != self.store {
            return None;
        }
        let export = store.inner.instances[self.index.index()].export(name)?;
        Some(Extern::from_idx(self.store, export))
    }

    /// The exported function called `name`, if any.
    pub fn get_func(&self, store: impl AsContextMut, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported function called `name`, typed.
    pub fn get_typed_func<P: WasmParams, R: WasmResults>(
        &self,
        mut store: impl AsContextMut,
        name: &str,
    ) -> Result<TypedFunc<P, R>, Error> {
        let func = self
            .get_func(&mut store, name)
            .ok_or_else(|| Error::Usage(format!("no exported function named `{name}`")))?;
        func.typed(&store)
    }

    /// The exported memory called `name`, if any.
    pub fn get_memory(&self, store: impl AsContextMut, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported table called `name`, if any.
    pub fn get_table(&self, store: impl AsContextMut, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The exported global called `name`, if any.
    pub fn get_global(&self, store: impl AsContextMut, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// Every export, in the module's order.
    pub fn exports(&self, mut store: impl AsContextMut) -> Vec<(String, Extern)> {
        let store = store.as_context_mut().0;
        if store.inner.id != self.store {
            return Vec::new();
        }
        store.inner.instances[self.index.index()]
            .exports()
            .map(|(name, export)| (name.to_owned(), Extern::from_idx(self.store, export)))
            .collect()
    }
}

// Here rather than with `Caller` (`runtime/context.rs`): it hands out API handles, and
// `runtime/` does not depend on the API.
impl<T> Caller<'_, T> {
    /// An export of the calling instance (e.g. its `"memory"`), if it has one by that name.
    pub fn get_export(&mut self, name: &str) -> Option<Extern> {
        let instance = self.instance?;
        let export = self.store.inner.instances[instance.index()].export(name)?;
        Some(Extern::from_idx(self.store.inner.id, export))
    }
}

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
    let mem = MemoryEntity::new(ty, reservation).map_err(|e| Error::Usage(e.to_string()))?;
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
    ext: &Extern,
) -> Result<(), Error> {
    let inner = &store.inner;
    if ext.store_id() != inner.id {
        return Err(Error::Usage(format!(
            "import `{}::{}` comes from another store",
            imp.module, imp.name
        )));
    }
    match (&imp.ty, ext) {
        (ImportType::Func(t), Extern::Func(f)) => {
            let expected = info.type_ids[*t as usize];
            if inner.func(f.index).type_id() != expected {
                return Err(incompatible(imp, "function types differ"));
            }
        }
        (ImportType::Table(t), Extern::Table(tab)) => {
            let actual = inner.tables[tab.index.index()].ty();
            if actual.element != t.element || !limits_match(actual.limits, t.limits) {
                return Err(incompatible(imp, "table types differ"));
            }
        }
        (ImportType::Memory(m), Extern::Memory(mem)) => {
            let actual = inner.memories[mem.index.index()].ty();
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
        (ImportType::Global(g), Extern::Global(glob)) => {
            let actual = inner.globals[glob.index.index()].ty;
            let matches = actual.mutability == g.mutability
                && match g.mutability {
                    crate::value::Mutability::Const => actual.content.matches(g.content),
                    crate::value::Mutability::Var => actual.content == g.content,
                };
            if !matches {
                return Err(incompatible(imp, "global types differ"));
            }
        }
        (ImportType::Tag(t), Extern::Tag(tag)) => {
            if inner.tags[tag.index.index()].type_index != info.type_ids[*t as usize] {
                return Err(incompatible(imp, "tag types differ"));
            }
        }
        _ => return Err(incompatible(imp, "it is a different kind of item")),
    }
    Ok(())
}

/// Instantiates `module` in `store` with `imports` in import order, runs active segments and
/// the start function.
pub(crate) fn instantiate<T>(
    store: &mut Store<T>,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance, Error> {
    let minner = module.inner.clone();
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
    for (imp, ext) in info.imports.iter().zip(imports) {
        check_import(store, info, imp, ext)?;
        match ext {
            Extern::Func(f) => funcs.push(f.index),
            Extern::Table(t) => tables.push(t.index),
            Extern::Memory(m) => memories.push(m.index),
            Extern::Global(g) => globals.push(g.index),
            Extern::Tag(t) => tags.push(t.index),
        }
    }
    for &ty in &info.tags[info.num_imported_tags as usize..] {
        let entity = crate::runtime::exception::TagEntity {
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

    let id = store.inner.id;

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
    let instance = Instance::from_idx(id, instance_idx);
    initialize_segments(store, instance_idx)?;
    if let Some(start) = info.start {
        let f = store.inner.instances[instance_idx.index()].funcs[start as usize];
        crate::interp::call(store, f, &mut [])?;
    }
    Ok(instance)
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
