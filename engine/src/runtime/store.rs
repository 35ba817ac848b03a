//! `Store<T>`: owns every runtime entity (functions, memories, tables, globals, instances,
//! segments, extern references) and the embedder's data `T`.
//!
//! Handles given to the embedder (`Func`, `Memory`, ...) are indices into these vectors stamped
//! with the store's id, so using a handle with the wrong store is a clean error, and entities live
//! exactly as long as their store. `StoreInner` is the part that does not depend on `T`, so that
//! most of the engine is not generic.

use crate::engine::Engine;
use crate::error::Error;
use crate::runtime::exception::{ExnHeap, TagEntity};
use crate::runtime::func::{FuncEntity, HostFuncEntity};
use crate::runtime::global::GlobalEntity;
use crate::runtime::instance::InstanceEntity;
use crate::runtime::limits::ResourceLimiter;
use crate::runtime::memory::MemoryEntity;
use crate::runtime::segment::{DataEntity, ElemEntity};
use crate::runtime::table::TableEntity;
use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};

macro_rules! entity_index {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(transparent)]
        pub struct $name(pub u32);
        impl $name {
            /// As a `usize` for indexing.
            #[inline(always)]
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}

entity_index! {
    /// Index of a function in its store.
    FuncIdx;
    /// Index of a memory in its store.
    MemoryIdx;
    /// Index of a table in its store.
    TableIdx;
    /// Index of a global in its store.
    GlobalIdx;
    /// Index of an instance in its store.
    InstanceIdx;
    /// Index of an element segment in its store.
    ElemIdx;
    /// Index of a data segment in its store.
    DataIdx;
    /// Index of an exception tag in its store.
    TagIdx;
}

/// A store's unique id, stamped on every handle it gives out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StoreId(u64);

impl StoreId {
    fn fresh() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        StoreId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// The part of a store that does not depend on the embedder's data type.
pub struct StoreInner {
    pub(crate) id: StoreId,
    pub(crate) engine: Engine,
    pub(crate) funcs: Vec<FuncEntity>,
    pub(crate) memories: Vec<MemoryEntity>,
    pub(crate) tables: Vec<TableEntity>,
    pub(crate) globals: Vec<GlobalEntity>,
    pub(crate) instances: Vec<InstanceEntity>,
    pub(crate) elems: Vec<ElemEntity>,
    pub(crate) datas: Vec<DataEntity>,
    pub(crate) externrefs: Vec<Box<dyn Any + Send + Sync>>,
    pub(crate) tags: Vec<TagEntity>,
    pub(crate) exceptions: ExnHeap,
    /// Fuel left, when the engine meters fuel.
    pub(crate) fuel: u64,
    /// The epoch at which running wasm traps with `Interrupted`, when the engine has epoch
    /// interruption on.
    pub(crate) epoch_deadline: u64,
    /// What an execution tier keeps between calls so that a call allocates nothing once warm
    /// (the interpreter's value stacks), dropped with the store. Type-erased: `runtime/` does
    /// not depend on the tiers; each takes back only what is its own.
    pub(crate) scratch: Vec<Box<dyn Any + Send + Sync>>,
}

impl std::fmt::Debug for StoreInner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreInner")
            .field("id", &self.id)
            .field("funcs", &self.funcs.len())
            .field("memories", &self.memories.len())
            .field("tables", &self.tables.len())
            .field("globals", &self.globals.len())
            .field("instances", &self.instances.len())
            .finish_non_exhaustive()
    }
}

impl StoreInner {
    /// Checks that a handle stamped `id` belongs to this store.
    pub(crate) fn check(&self, id: StoreId) -> Result<(), Error> {
        if id == self.id {
            Ok(())
        } else {
            Err(Error::Usage(
                "an object was used with a store other than the one that created it".into(),
            ))
        }
    }

    /// The entity a function index refers to.
    #[inline(always)]
    pub(crate) fn func(&self, f: FuncIdx) -> &FuncEntity {
        &self.funcs[f.index()]
    }

    /// Adds a function.
    pub(crate) fn push_func(&mut self, f: FuncEntity) -> FuncIdx {
        self.funcs.push(f);
        FuncIdx(self.funcs.len() as u32 - 1)
    }

    /// Adds a memory.
    pub(crate) fn push_memory(&mut self, m: MemoryEntity) -> MemoryIdx {
        self.memories.push(m);
        MemoryIdx(self.memories.len() as u32 - 1)
    }

    /// This store's entry for shared memory `shared`, added on first use (so one shared
    /// memory is one `Memory` of the store, however it got there).
    pub(crate) fn shared_memory_index(
        &mut self,
        shared: &std::sync::Arc<crate::runtime::shared_memory::SharedMemoryInner>,
    ) -> MemoryIdx {
        let known = self.memories.iter().position(|m| {
            m.shared()
                .is_some_and(|s| std::sync::Arc::ptr_eq(s, shared))
        });
        match known {
            Some(i) => MemoryIdx(i as u32),
            None => self.push_memory(MemoryEntity::from_shared(shared.clone())),
        }
    }

    /// Adds a table.
    pub(crate) fn push_table(&mut self, t: TableEntity) -> TableIdx {
        self.tables.push(t);
        TableIdx(self.tables.len() as u32 - 1)
    }

    /// Adds a global.
    pub(crate) fn push_global(&mut self, g: GlobalEntity) -> GlobalIdx {
        self.globals.push(g);
        GlobalIdx(self.globals.len() as u32 - 1)
    }

    /// Adds a tag.
    pub(crate) fn push_tag(&mut self, t: TagEntity) -> TagIdx {
        self.tags.push(t);
        TagIdx(self.tags.len() as u32 - 1)
    }

    /// Adds an extern reference's data, returning its cell (`index + 1`).
    pub(crate) fn push_externref(&mut self, data: Box<dyn Any + Send + Sync>) -> u64 {
        self.externrefs.push(data);
        self.externrefs.len() as u64
    }
}

/// The embedder's limiter callback: from the store data to its limiter.
pub(crate) type LimiterFn<T> = dyn (FnMut(&mut T) -> &mut (dyn ResourceLimiter)) + Send + Sync;

/// Owns every runtime object and the embedder's data `T`.
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    pub(crate) host_funcs: Vec<HostFuncEntity<T>>,
    pub(crate) limiter: Option<Box<LimiterFn<T>>>,
    pub(crate) data: T,
}

impl<T: std::fmt::Debug> std::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("inner", &self.inner)
            .field("data", &self.data)
            .finish_non_exhaustive()
    }
}

impl<T> Store<T> {
    /// Creates a store holding `data`.
    pub fn new(engine: &Engine, data: T) -> Self {
        Self {
            inner: StoreInner {
                id: StoreId::fresh(),
                engine: engine.clone(),
                funcs: Vec::new(),
                memories: Vec::new(),
                tables: Vec::new(),
                globals: Vec::new(),
                instances: Vec::new(),
                elems: Vec::new(),
                datas: Vec::new(),
                externrefs: Vec::new(),
                tags: Vec::new(),
                exceptions: ExnHeap::default(),
                fuel: 0,
                epoch_deadline: 0,
                scratch: Vec::new(),
            },
            host_funcs: Vec::new(),
            limiter: None,
            data,
        }
    }

    /// The engine this store belongs to.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// How many exception objects the store holds: those that an `exnref` may still refer to
    /// (caught with `catch_ref`, by a legacy `catch`, handed to the embedder) stay for the
    /// store's lifetime; one caught without a reference is freed at once. For diagnostics.
    pub fn live_exceptions(&self) -> usize {
        self.inner.exceptions.live()
    }

    /// The embedder's data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }

    /// Consumes the store, returning the embedder's data.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Sets the fuel left. Errors unless the engine was configured with `consume_fuel(true)`.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<(), Error> {
        self.fuel_enabled()?;
        self.inner.fuel = fuel;
        Ok(())
    }

    /// The fuel left. Errors unless the engine was configured with `consume_fuel(true)`.
    pub fn get_fuel(&self) -> Result<u64, Error> {
        self.fuel_enabled()?;
        Ok(self.inner.fuel)
    }

    /// Sets the deadline `ticks` epochs from now: once [`Engine::increment_epoch`] has been
    /// called `ticks` more times, running wasm in this store traps with
    /// [`TrapCode::Interrupted`](crate::TrapCode::Interrupted) at its next loop back-edge or
    /// call. Only has an effect with [`Config::epoch_interruption`](crate::Config::epoch_interruption)
    /// on; a store's deadline starts at 0, i.e. already reached.
    pub fn set_epoch_deadline(&mut self, ticks: u64) {
        self.inner.epoch_deadline = self.inner.engine.current_epoch().saturating_add(ticks);
    }

    fn fuel_enabled(&self) -> Result<(), Error> {
        if self.inner.engine.config().consume_fuel {
            Ok(())
        } else {
            Err(Error::Usage(
                "fuel is not enabled: use Config::consume_fuel(true)".into(),
            ))
        }
    }

    /// Installs a resource limiter, consulted whenever a memory or table grows or is created
    /// and whenever an instance is created.
    pub fn limiter(
        &mut self,
        limiter: impl FnMut(&mut T) -> &mut (dyn ResourceLimiter) + Send + Sync + 'static,
    ) {
        self.limiter = Some(Box::new(limiter));
    }

    /// Adds a host function, returning its store index.
    pub(crate) fn push_host_func(
        &mut self,
        f: HostFuncEntity<T>,
    ) -> crate::runtime::store::FuncIdx {
        let index = self.host_funcs.len() as u32;
        let ty = f.ty;
        self.host_funcs.push(f);
        self.inner.push_func(FuncEntity::Host { ty, index })
    }

    /// The resource limiter, if one is installed.
    pub(crate) fn resource_limiter(&mut self) -> Option<&mut dyn ResourceLimiter> {
        let data = &mut self.data;
        match self.limiter.as_mut() {
            Some(l) => Some(l(data)),
            None => None,
        }
    }
}
