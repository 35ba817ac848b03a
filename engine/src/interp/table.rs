//! Table instructions: `table.get/set/size/grow/fill/copy/init` and `elem.drop`. Elements are
//! reference cells; every range is checked in full before anything is written.

use crate::error::TrapCode;
use crate::interp::executor::{Exec, Exit};
use crate::interp::memory::in_bounds;
use crate::ir::Slot;
use crate::runtime::store::TableIdx;

impl<T, const FUEL: bool> Exec<'_, T, FUEL> {
    /// Store index of table `table` of the current instance.
    #[inline(always)]
    fn table_idx(&self, table: u32) -> TableIdx {
        self.store.inner.instances[self.instance.index()].tables[table as usize]
    }

    /// `table.get`.
    pub fn table_get(&mut self, table: u32, index: Slot) -> Result<u64, Exit> {
        let i = self.get::<u32>(index) as usize;
        let t = self.table_idx(table);
        match self.store.inner.tables[t.index()].elements.get(i) {
            Some(v) => Ok(*v),
            None => Err(self.trap(TrapCode::TableOutOfBounds)),
        }
    }

    /// `table.set`.
    pub fn table_set(&mut self, table: u32, index: Slot, value: Slot) -> Result<(), Exit> {
        let i = self.get::<u32>(index) as usize;
        let v = self.get::<u64>(value);
        let t = self.table_idx(table);
        match self.store.inner.tables[t.index()].elements.get_mut(i) {
            Some(e) => {
                *e = v;
                Ok(())
            }
            None => Err(self.trap(TrapCode::TableOutOfBounds)),
        }
    }

    /// `table.size`.
    pub fn table_size(&self, table: u32) -> u32 {
        let t = self.table_idx(table);
        self.store.inner.tables[t.index()].elements.len() as u32
    }

    /// `table.grow`: the old size, or `u32::MAX` (-1).
    pub fn table_grow(&mut self, table: u32, init: Slot, delta: Slot) -> Result<u32, Exit> {
        let init = self.get::<u64>(init);
        let delta = u64::from(self.get::<u32>(delta));
        let t = self.table_idx(table);
        match self.store.grow_table(t, delta, init) {
            Ok(Some(old)) => Ok(old as u32),
            Ok(None) => Ok(u32::MAX),
            Err(e) => {
                self.error = Some(e);
                Err(Exit::Error)
            }
        }
    }

    /// `table.fill`.
    pub fn table_fill(
        &mut self,
        table: u32,
        index: Slot,
        value: Slot,
        len: Slot,
    ) -> Result<(), Exit> {
        let i = u64::from(self.get::<u32>(index));
        let v = self.get::<u64>(value);
        let n = u64::from(self.get::<u32>(len));
        let t = self.table_idx(table);
        let elements = &mut self.store.inner.tables[t.index()].elements;
        if !in_bounds(i, n, elements.len() as u64) {
            return Err(self.trap(TrapCode::TableOutOfBounds));
        }
        elements[i as usize..(i + n) as usize].fill(v);
        Ok(())
    }

    /// `table.copy` (ranges may overlap when both tables are the same).
    pub fn table_copy(
        &mut self,
        dst_table: u32,
        src_table: u32,
        dst: Slot,
        src: Slot,
        len: Slot,
    ) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let s = u64::from(self.get::<u32>(src));
        let n = u64::from(self.get::<u32>(len));
        let dt = self.table_idx(dst_table);
        let st = self.table_idx(src_table);
        let tables = &mut self.store.inner.tables;
        let dst_len = tables[dt.index()].elements.len() as u64;
        let src_len = tables[st.index()].elements.len() as u64;
        if !in_bounds(d, n, dst_len) || !in_bounds(s, n, src_len) {
            return Err(self.trap(TrapCode::TableOutOfBounds));
        }
        let (d, s, n) = (d as usize, s as usize, n as usize);
        if dt == st {
            tables[dt.index()].elements.copy_within(s..s + n, d);
        } else if dt.index() < st.index() {
            let (lo, hi) = tables.split_at_mut(st.index());
            lo[dt.index()].elements[d..d + n].copy_from_slice(&hi[0].elements[s..s + n]);
        } else {
            let (lo, hi) = tables.split_at_mut(dt.index());
            hi[0].elements[d..d + n].copy_from_slice(&lo[st.index()].elements[s..s + n]);
        }
        Ok(())
    }

    /// `table.init(table, elem)`.
    pub fn table_init(
        &mut self,
        table: u32,
        elem: u32,
        dst: Slot,
        src: Slot,
        len: Slot,
    ) -> Result<(), Exit> {
        let d = u64::from(self.get::<u32>(dst));
        let s = u64::from(self.get::<u32>(src));
        let n = u64::from(self.get::<u32>(len));
        let t = self.table_idx(table);
        let inner = &mut self.store.inner;
        let e = inner.instances[self.instance.index()].elems[elem as usize];
        let items = &inner.elems[e.index()].items;
        let elements = &mut inner.tables[t.index()].elements;
        if !in_bounds(s, n, items.len() as u64) || !in_bounds(d, n, elements.len() as u64) {
            return Err(self.trap(TrapCode::TableOutOfBounds));
        }
        let (d, s, n) = (d as usize, s as usize, n as usize);
        elements[d..d + n].copy_from_slice(&items[s..s + n]);
        Ok(())
    }

    /// `elem.drop`.
    pub fn elem_drop(&mut self, elem: u32) {
        let inner = &mut self.store.inner;
        let e = inner.instances[self.instance.index()].elems[elem as usize];
        inner.elems[e.index()].items = Box::new([]);
    }
}
