//! `Instance`: the handle of an instantiated module, its exports, and instantiation as the API
//! sees it (imports from this store, then `runtime/instantiate.rs`, then the start function).

use crate::api::externals::{Extern, Global, Memory, Table};
use crate::api::func::{Func, TypedFunc};
use crate::api::module::Module;
use crate::api::typed::{WasmParams, WasmResults};
use crate::error::Error;
use crate::runtime::context::{AsContextMut, Caller};
use crate::runtime::store::{InstanceIdx, Store, StoreId};

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

/// Instantiates `module` in `store` with `imports` in import order (`runtime/instantiate.rs`:
/// imports checked, entities allocated, active segments run), then runs the start function.
pub(crate) fn instantiate<T>(
    store: &mut Store<T>,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance, Error> {
    let info = &module.inner.info;
    let mut resolved = Vec::with_capacity(imports.len());
    for (i, ext) in imports.iter().enumerate() {
        if ext.store_id() != store.inner.id {
            let what = info.imports.get(i).map_or_else(
                || format!("import {i}"),
                |imp| format!("import `{}::{}`", imp.module, imp.name),
            );
            return Err(Error::Usage(format!("{what} comes from another store")));
        }
        resolved.push(ext.idx());
    }
    let index = crate::runtime::instantiate::instantiate(store, &module.inner, &resolved)?;
    if let Some(start) = info.start {
        let f = store.inner.instances[index.index()].funcs[start as usize];
        crate::interp::call(store, f, &mut [])?;
    }
    Ok(Instance::from_idx(store.inner.id, index))
}
