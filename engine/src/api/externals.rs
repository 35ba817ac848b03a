//! `Extern` and the handles for memories, tables and globals, as the embedder uses them.

use crate::api::exception::Tag;

use crate::api::func::Func;
use crate::api::module::ExternType;
use crate::api::shared_memory::SharedMemory;
use crate::api::val::Val;
use crate::error::Error;
use crate::runtime::context::{AsContext, AsContextMut, StoreContext, StoreContextMut};
use crate::runtime::global::GlobalEntity;
use crate::runtime::instance::ExternIdx;
use crate::runtime::memory::{MemoryEntity, PAGE_SIZE};
use crate::runtime::store::{GlobalIdx, MemoryIdx, Store, StoreId, TableIdx};
use crate::runtime::table::TableEntity;
use crate::value::{GlobalType, MemoryType, Mutability, TableType};

/// Anything an instance can import or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A table.
    Table(Table),
    /// A memory.
    Memory(Memory),
    /// A global.
    Global(Global),
    /// An exception tag.
    Tag(Tag),
}

impl Extern {
    /// The store entity it is a handle of.
    pub(crate) fn idx(&self) -> ExternIdx {
        match self {
            Extern::Func(f) => ExternIdx::Func(f.index),
            Extern::Table(t) => ExternIdx::Table(t.index),
            Extern::Memory(m) => ExternIdx::Memory(m.index),
            Extern::Global(g) => ExternIdx::Global(g.index),
            Extern::Tag(t) => ExternIdx::Tag(t.index),
        }
    }

    /// The handle of store `store`'s entity `export`.
    pub(crate) fn from_idx(store: StoreId, export: ExternIdx) -> Self {
        match export {
            ExternIdx::Func(index) => Extern::Func(Func { store, index }),
            ExternIdx::Table(index) => Extern::Table(Table { store, index }),
            ExternIdx::Memory(index) => Extern::Memory(Memory { store, index }),
            ExternIdx::Global(index) => Extern::Global(Global { store, index }),
            ExternIdx::Tag(index) => Extern::Tag(Tag { store, index }),
        }
    }

    /// The function, if it is one.
    pub fn into_func(self) -> Option<Func> {
        match self {
            Extern::Func(f) => Some(f),
            _ => None,
        }
    }

    /// The tag, if it is one.
    pub fn into_tag(self) -> Option<Tag> {
        match self {
            Extern::Tag(t) => Some(t),
            _ => None,
        }
    }

    /// The table, if it is one.
    pub fn into_table(self) -> Option<Table> {
        match self {
            Extern::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The memory, if it is one.
    pub fn into_memory(self) -> Option<Memory> {
        match self {
            Extern::Memory(m) => Some(m),
            _ => None,
        }
    }

    /// The global, if it is one.
    pub fn into_global(self) -> Option<Global> {
        match self {
            Extern::Global(g) => Some(g),
            _ => None,
        }
    }

    /// Its type.
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        match self {
            Extern::Func(f) => ExternType::Func(f.ty(&store)),
            Extern::Table(t) => ExternType::Table(t.ty(&store)),
            Extern::Memory(m) => ExternType::Memory(m.ty(&store)),
            Extern::Global(g) => ExternType::Global(g.ty(&store)),
            Extern::Tag(t) => ExternType::Tag(t.ty(&store)),
        }
    }

    pub(crate) fn store_id(&self) -> StoreId {
        match self {
            Extern::Func(f) => f.store,
            Extern::Table(t) => t.store,
            Extern::Memory(m) => m.store,
            Extern::Global(g) => g.store,
            Extern::Tag(t) => t.store,
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Self {
        Extern::Func(f)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Self {
        Extern::Table(t)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Self {
        Extern::Memory(m)
    }
}
impl From<Tag> for Extern {
    fn from(t: Tag) -> Self {
        Extern::Tag(t)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Self {
        Extern::Global(g)
    }
}

fn check_store<T>(store: &Store<T>, id: StoreId, what: &str) {
    assert!(
        store.inner.id == id,
        "{what} used with a store other than the one that created it"
    );
}

/// An out-of-bounds `Memory::read` or `Memory::write`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("out of bounds memory access")]
pub struct MemoryAccessError;

/// A linear memory in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: StoreId,
    pub(crate) index: MemoryIdx,
}

impl Memory {
    /// Creates a memory of type `ty`.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory, Error> {
        let store = store.as_context_mut().0;
        let index = crate::runtime::instantiate::alloc_memory(store, ty)?;
        Ok(Memory {
            store: store.inner.id,
            index,
        })
    }

    fn entity<'a, T>(&self, store: &'a Store<T>) -> &'a MemoryEntity {
        check_store(store, self.store, "Memory");
        &store.inner.memories[self.index.index()]
    }

    /// Its type (the minimum is the current size).
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        self.entity(store.as_context().0).ty()
    }

    /// Current size in pages (of [`Memory::page_size`] bytes).
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.entity(store.as_context().0).pages()
    }

    /// Bytes per page: 65,536, or another size its type declares
    /// ([`MemoryType::page_size_log2`](crate::MemoryType#structfield.page_size_log2)).
    pub fn page_size(&self, store: impl AsContext) -> u64 {
        1 << self.entity(store.as_context().0).page_size_log2()
    }

    /// Current size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        self.entity(store.as_context().0).len()
    }

    /// Grows by `delta` pages (of [`Memory::page_size`] bytes), returning the old size in
    /// pages.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64, Error> {
        let store = store.as_context_mut().0;
        check_store(store, self.store, "Memory");
        store
            .grow_memory(self.index, delta)?
            .ok_or_else(|| Error::Usage(format!("failed to grow memory by {delta} pages")))
    }

    /// Whether this is a shared memory (threads): one that other stores, on other threads,
    /// may be using at the same time.
    pub fn is_shared(&self, store: impl AsContext) -> bool {
        self.entity(store.as_context().0).is_shared()
    }

    /// The shared memory this is, as a handle any store and thread can use; `None` for an
    /// unshared memory.
    pub fn as_shared(&self, store: impl AsContext) -> Option<SharedMemory> {
        self.entity(store.as_context().0)
            .shared()
            .map(|inner| SharedMemory {
                inner: inner.clone(),
            })
    }

    /// The memory's bytes.
    ///
    /// # Panics
    /// On a shared memory ([`Memory::is_shared`]): other threads may write its bytes while the
    /// slice lives, which Rust does not allow. Use [`Memory::read`] and [`Memory::write`], or
    /// [`SharedMemory`]'s methods, which copy.
    pub fn data<'a, T: 'a>(&self, store: impl Into<StoreContext<'a, T>>) -> &'a [u8] {
        let store = store.into().0;
        check_store(store, self.store, "Memory");
        store.inner.memories[self.index.index()].data()
    }

    /// The memory's bytes, mutably.
    ///
    /// # Panics
    /// On a shared memory, as [`Memory::data`].
    pub fn data_mut<'a, T: 'a>(&self, store: impl Into<StoreContextMut<'a, T>>) -> &'a mut [u8] {
        let store = store.into().0;
        check_store(store, self.store, "Memory");
        store.inner.memories[self.index.index()].data_mut()
    }

    /// The memory's bytes and the store's data at once (for host functions like WASI's).
    ///
    /// # Panics
    /// On a shared memory, as [`Memory::data`].
    pub fn data_and_store_mut<'a, T: 'a>(
        &self,
        store: impl Into<StoreContextMut<'a, T>>,
    ) -> (&'a mut [u8], &'a mut T) {
        let store = store.into().0;
        check_store(store, self.store, "Memory");
        let mem = store.inner.memories[self.index.index()].data_mut();
        (mem, &mut store.data)
    }

    /// Copies `buf.len()` bytes at `offset` into `buf` (from a shared memory, byte copies that
    /// may see other threads' concurrent writes in part).
    pub fn read(
        &self,
        store: impl AsContext,
        offset: usize,
        buf: &mut [u8],
    ) -> Result<(), MemoryAccessError> {
        self.entity(store.as_context().0)
            .read(offset, buf)
            .ok_or(MemoryAccessError)
    }

    /// Copies `buf` into the memory at `offset`.
    pub fn write(
        &self,
        mut store: impl AsContextMut,
        offset: usize,
        buf: &[u8],
    ) -> Result<(), MemoryAccessError> {
        let store = store.as_context_mut().0;
        check_store(store, self.store, "Memory");
        store.inner.memories[self.index.index()]
            .write(offset, buf)
            .ok_or(MemoryAccessError)
    }

    /// Bytes per page of a memory of the default page size.
    pub const PAGE_SIZE: usize = PAGE_SIZE;
}

/// A table in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: StoreId,
    pub(crate) index: TableIdx,
}

impl Table {
    /// Creates a table of type `ty` with every element `init`.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table, Error> {
        let store = store.as_context_mut().0;
        if !init.matches_in(&store.inner, crate::ValType::Ref(ty.element)) {
            return Err(Error::Usage(format!(
                "table of {} initialised with a {}",
                ty.element,
                init.ty()
            )));
        }
        let cell = init.to_cell(&store.inner)?;
        let index = crate::runtime::instantiate::alloc_table(store, ty, cell)?;
        Ok(Table {
            store: store.inner.id,
            index,
        })
    }

    fn entity<'a, T>(&self, store: &'a Store<T>) -> &'a TableEntity {
        check_store(store, self.store, "Table");
        &store.inner.tables[self.index.index()]
    }

    /// Its type (the minimum is the current size).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        self.entity(store.as_context().0).ty()
    }

    /// Current size in elements.
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.entity(store.as_context().0).size()
    }

    /// The element at `index`, or `None` past the end.
    pub fn get(&self, store: impl AsContext, index: u64) -> Option<Val> {
        let store = store.as_context().0;
        let t = self.entity(store);
        let cell = *t.elements.get(usize::try_from(index).ok()?)?;
        Some(Val::from_cell(
            &store.inner,
            crate::ValType::Ref(t.ty().element),
            cell,
        ))
    }

    /// Sets the element at `index`.
    pub fn set(&self, mut store: impl AsContextMut, index: u64, val: Val) -> Result<(), Error> {
        let store = store.as_context_mut().0;
        let elem = self.entity(store).ty().element;
        if !val.matches_in(&store.inner, crate::ValType::Ref(elem)) {
            return Err(Error::Usage(format!(
                "a {} cannot be stored in a table of {elem}",
                val.ty()
            )));
        }
        let cell = val.to_cell(&store.inner)?;
        let slot = usize::try_from(index)
            .ok()
            .and_then(|i| store.inner.tables[self.index.index()].elements.get_mut(i))
            .ok_or_else(|| Error::from(crate::TrapCode::TableOutOfBounds))?;
        *slot = cell;
        Ok(())
    }

    /// Grows by `delta` elements set to `init`, returning the old size.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Val) -> Result<u64, Error> {
        let store = store.as_context_mut().0;
        let elem = self.entity(store).ty().element;
        if !init.matches_in(&store.inner, crate::ValType::Ref(elem)) {
            return Err(Error::Usage(format!(
                "a {} cannot be stored in a table of {elem}",
                init.ty()
            )));
        }
        let cell = init.to_cell(&store.inner)?;
        store
            .grow_table(self.index, delta, cell)?
            .ok_or_else(|| Error::Usage(format!("failed to grow table by {delta}")))
    }
}

/// A global in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: StoreId,
    pub(crate) index: GlobalIdx,
}

impl Global {
    /// Creates a global of type `ty` holding `val`.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, val: Val) -> Result<Global, Error> {
        let store = store.as_context_mut().0;
        if !val.matches_in(&store.inner, ty.content) {
            return Err(Error::Usage(format!(
                "global of type {} initialised with a {}",
                ty.content,
                val.ty()
            )));
        }
        let mut cells = [0u64; 2];
        val.write_cells(&store.inner, &mut cells)?;
        let [value, hi] = cells;
        let index = store.inner.push_global(GlobalEntity { ty, value, hi });
        Ok(Global {
            store: store.inner.id,
            index,
        })
    }

    fn entity<'a, T>(&self, store: &'a Store<T>) -> &'a GlobalEntity {
        check_store(store, self.store, "Global");
        &store.inner.globals[self.index.index()]
    }

    /// Its type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        self.entity(store.as_context().0).ty
    }

    /// Its value.
    pub fn get(&self, store: impl AsContext) -> Val {
        let store = store.as_context().0;
        let g = self.entity(store);
        Val::read_cells(&store.inner, g.ty.content, &g.cells())
    }

    /// Sets its value (it must be mutable and the value of its type).
    pub fn set(&self, mut store: impl AsContextMut, val: Val) -> Result<(), Error> {
        let store = store.as_context_mut().0;
        let ty = self.entity(store).ty;
        if ty.mutability != Mutability::Var {
            return Err(Error::Usage("cannot set an immutable global".into()));
        }
        if !val.matches_in(&store.inner, ty.content) {
            return Err(Error::Usage(format!(
                "global of type {} set to a {}",
                ty.content,
                val.ty()
            )));
        }
        let mut cells = [0u64; 2];
        val.write_cells(&store.inner, &mut cells)?;
        let g = &mut store.inner.globals[self.index.index()];
        [g.value, g.hi] = cells;
        Ok(())
    }
}
