//! Instance entities: what an instance's index spaces resolve to in its store.

use crate::Extern;
use crate::module::ModuleInner;
use crate::runtime::store::{DataIdx, ElemIdx, FuncIdx, GlobalIdx, MemoryIdx, TableIdx, TagIdx};
use crate::value::TypeIndex;
use std::collections::HashMap;
use std::sync::Arc;

/// An instance owned by a store: every module-level index mapped to a store entity.
#[derive(Debug)]
pub struct InstanceEntity {
    /// The module it instantiates.
    pub module: Arc<ModuleInner>,
    /// Engine type id of each entry of the module's type section.
    pub types: Arc<[TypeIndex]>,
    /// Function index space.
    pub funcs: Box<[FuncIdx]>,
    /// Table index space.
    pub tables: Box<[TableIdx]>,
    /// Memory index space.
    pub memories: Box<[MemoryIdx]>,
    /// Global index space.
    pub globals: Box<[GlobalIdx]>,
    /// Tag index space.
    pub tags: Box<[TagIdx]>,
    /// Element segments.
    pub elems: Box<[ElemIdx]>,
    /// Data segments.
    pub datas: Box<[DataIdx]>,
    /// Exports by name.
    pub exports: HashMap<Box<str>, Extern>,
}
