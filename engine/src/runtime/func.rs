//! Function entities: a wasm function of an instance, or a host function.

use crate::error::Error;
use crate::module::ModuleInner;
use crate::runtime::context::Caller;
use crate::runtime::store::InstanceIdx;
use crate::value::TypeIndex;
use std::sync::Arc;

/// A function owned by a store.
#[derive(Debug, Clone)]
pub enum FuncEntity {
    /// A function defined by a module and instantiated in `instance`.
    Wasm {
        /// Engine-wide signature id.
        ty: TypeIndex,
        /// The instance it belongs to.
        instance: InstanceIdx,
        /// Its module (shared code).
        module: Arc<ModuleInner>,
        /// Index among the module's *defined* functions.
        def_index: u32,
    },
    /// A host function: `Store<T>::host_funcs[index]`.
    Host {
        /// Engine-wide signature id.
        ty: TypeIndex,
        /// Index into the store's host function list.
        index: u32,
    },
}

impl FuncEntity {
    /// The engine-wide signature id.
    pub fn type_id(&self) -> TypeIndex {
        match self {
            FuncEntity::Wasm { ty, .. } | FuncEntity::Host { ty, .. } => *ty,
        }
    }
}

/// The calling convention of host functions inside the engine: arguments come in as cells in
/// `cells[..params]`, results go out in `cells[..results]` (`cells.len()` is the larger of the
/// two counts).
pub type HostFuncFn<T> =
    dyn Fn(Caller<'_, T>, &mut [u64]) -> Result<(), Error> + Send + Sync + 'static;

/// A host function as a store holds it.
pub struct HostFuncEntity<T> {
    /// Engine-wide signature id.
    pub ty: TypeIndex,
    /// Number of parameters and results (cells).
    pub params: u16,
    /// Number of results.
    pub results: u16,
    /// The function.
    pub func: Arc<HostFuncFn<T>>,
}

impl<T> Clone for HostFuncEntity<T> {
    fn clone(&self) -> Self {
        Self {
            ty: self.ty,
            params: self.params,
            results: self.results,
            func: self.func.clone(),
        }
    }
}
