//! Instance entities: what an instance's index spaces resolve to in its store.

use crate::module::{Export, ExternKind, ModuleInner};
use crate::runtime::store::{DataIdx, ElemIdx, FuncIdx, GlobalIdx, MemoryIdx, TableIdx, TagIdx};
use crate::value::TypeIndex;
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
}

/// What an export resolves to in the store: an entity's index (the API's `Extern` is this with
/// the store's id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExternIdx {
    /// A function.
    Func(FuncIdx),
    /// A table.
    Table(TableIdx),
    /// A memory.
    Memory(MemoryIdx),
    /// A global.
    Global(GlobalIdx),
    /// An exception tag.
    Tag(TagIdx),
}

impl InstanceEntity {
    /// What `export` of this instance's module resolves to.
    pub fn resolve(&self, export: &Export) -> ExternIdx {
        let i = export.index as usize;
        match export.kind {
            ExternKind::Func => ExternIdx::Func(self.funcs[i]),
            ExternKind::Table => ExternIdx::Table(self.tables[i]),
            ExternKind::Memory => ExternIdx::Memory(self.memories[i]),
            ExternKind::Global => ExternIdx::Global(self.globals[i]),
            ExternKind::Tag => ExternIdx::Tag(self.tags[i]),
        }
    }

    /// The export called `name`, if any.
    pub fn export(&self, name: &str) -> Option<ExternIdx> {
        let info = &self.module.info;
        let position = *info.export_positions.get(name)?;
        Some(self.resolve(&info.exports[position as usize]))
    }

    /// Every export with what it resolves to, in the module's order.
    pub fn exports(&self) -> impl Iterator<Item = (&str, ExternIdx)> {
        let info = &self.module.info;
        info.exports
            .iter()
            .map(|e| (e.name.as_str(), self.resolve(e)))
    }
}
