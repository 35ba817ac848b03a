//! What the interpreter asks of the store beyond pure computation: calling host functions and
//! growing memories and tables (which consults the embedder's resource limiter).
//!
//! These are the only things the interpreter needs that depend on the store's data type `T`.
//! [`StoreHooks`] erases `T` behind a vtable, so the interpreter is compiled once, in this crate
//! and at its opt-level, rather than once per embedder type; its hot paths never go through it.

use crate::error::Error;
use crate::runtime::context::Caller;
use crate::runtime::store::{InstanceIdx, MemoryIdx, Store, TableIdx};

/// The store's `T`-dependent operations, as the interpreter sees them.
pub(crate) trait StoreHooks {
    /// Cells host function `index` needs: the larger of its parameter and result counts.
    fn host_cells(&self, index: u32) -> usize;
    /// See [`Store::call_host`].
    fn call_host(
        &mut self,
        index: u32,
        instance: Option<InstanceIdx>,
        cells: &mut [u64],
    ) -> Result<(), Error>;
    /// See [`Store::grow_memory`].
    fn grow_memory(&mut self, mem: MemoryIdx, delta: u64) -> Result<Option<u64>, Error>;
    /// See [`Store::grow_table`].
    fn grow_table(&mut self, table: TableIdx, delta: u64, init: u64) -> Result<Option<u64>, Error>;
}

impl<T> StoreHooks for Store<T> {
    fn host_cells(&self, index: u32) -> usize {
        let host = &self.host_funcs[index as usize];
        host.params.max(host.results) as usize
    }

    fn call_host(
        &mut self,
        index: u32,
        instance: Option<InstanceIdx>,
        cells: &mut [u64],
    ) -> Result<(), Error> {
        Store::call_host(self, index, instance, cells)
    }

    fn grow_memory(&mut self, mem: MemoryIdx, delta: u64) -> Result<Option<u64>, Error> {
        Store::grow_memory(self, mem, delta)
    }

    fn grow_table(&mut self, table: TableIdx, delta: u64, init: u64) -> Result<Option<u64>, Error> {
        Store::grow_table(self, table, delta, init)
    }
}

impl<T> Store<T> {
    /// Calls host function `index` (into `host_funcs`) with `cells` holding the arguments on the
    /// way in and the results on the way out. `instance` is the calling wasm instance, if any.
    pub(crate) fn call_host(
        &mut self,
        index: u32,
        instance: Option<InstanceIdx>,
        cells: &mut [u64],
    ) -> Result<(), Error> {
        let func = self.host_funcs[index as usize].func.clone();
        func(
            Caller {
                store: self,
                instance,
            },
            cells,
        )
    }

    /// `memory.grow`: returns the old size in pages, `None` for wasm's -1, or an error (a trap
    /// from the limiter).
    pub(crate) fn grow_memory(&mut self, mem: MemoryIdx, delta: u64) -> Result<Option<u64>, Error> {
        let (current, max, log2) = {
            let m = &self.inner.memories[mem.index()];
            (m.len(), m.declared_max(), m.page_size_log2())
        };
        let in_bytes = |pages: u64| pages.checked_shl(log2.into()).unwrap_or(u64::MAX);
        let desired = (current as u64).saturating_add(in_bytes(delta));
        if let Some(limiter) = self.resource_limiter() {
            let max_bytes = max.map(|p| in_bytes(p).min(usize::MAX as u64) as usize);
            if !limiter.memory_growing(
                current,
                desired.min(usize::MAX as u64) as usize,
                max_bytes,
            )? {
                return Ok(None);
            }
        }
        Ok(self.inner.memories[mem.index()].grow(delta, None))
    }

    /// `table.grow`: returns the old size, `None` for wasm's -1, or an error from the limiter.
    pub(crate) fn grow_table(
        &mut self,
        table: TableIdx,
        delta: u64,
        init: u64,
    ) -> Result<Option<u64>, Error> {
        let (current, max) = {
            let t = &self.inner.tables[table.index()];
            (t.size(), t.ty().limits.max)
        };
        if let Some(limiter) = self.resource_limiter() {
            let desired = current.saturating_add(delta).min(usize::MAX as u64) as usize;
            if !limiter.table_growing(current as usize, desired, max.map(|m| m as usize))? {
                return Ok(None);
            }
        }
        Ok(self.inner.tables[table.index()].grow(delta, init, None))
    }
}
