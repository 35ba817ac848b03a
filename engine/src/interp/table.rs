//! Table instructions: `table.get/set/size/grow/fill/copy/init` and `elem.drop`. Elements are
//! reference cells; every range is checked in full before anything is written. The work is
//! done out of line by [`Ctx`] methods taking plain values.

use crate::error::TrapCode;
use crate::interp::executor::{Ctx, Exec, Exit, trap_exit};
use crate::interp::memory::in_bounds;
use crate::ir::Slot;
use crate::runtime::store::TableIdx;

impl Ctx<'_> {
    /// Store index of table `table` of the current instance.
    #[inline(always)]
    fn table_idx(&self, table: u32) -> TableIdx {
        self.inner().instances[self.instance.index()].tables[table as usize]
    }

    #[inline(never)]
    pub(super) fn table_get(&self, table: u32, i: u32) -> Result<u64, Exit> {
        let t = self.table_idx(table);
        match self.inner().tables[t.index()].elements.get(i as usize) {
            Some(v) => Ok(*v),
            None => Err(trap_exit(TrapCode::TableOutOfBounds)),
        }
    }

    #[inline(never)]
    pub(super) fn table_set(&mut self, table: u32, i: u32, v: u64) -> Result<(), Exit> {
        let t = self.table_idx(table);
        match self.inner_mut().tables[t.index()]
            .elements
            .get_mut(i as usize)
        {
            Some(e) => {
                *e = v;
                Ok(())
            }
            None => Err(trap_exit(TrapCode::TableOutOfBounds)),
        }
    }

    #[inline(never)]
    pub(super) fn table_size(&self, table: u32) -> u32 {
        let t = self.table_idx(table);
        self.inner().tables[t.index()].elements.len() as u32
    }

    #[inline(never)]
    pub(super) fn table_grow(&mut self, table: u32, init: u64, delta: u32) -> Result<u32, Exit> {
        let t = self.table_idx(table);
        match self.hooks().grow_table(t, u64::from(delta), init) {
            Ok(Some(old)) => Ok(old as u32),
            Ok(None) => Ok(u32::MAX),
            Err(e) => {
                self.error = Some(e);
                Err(Exit::Error)
            }
        }
    }

    #[inline(never)]
    pub(super) fn table_fill(&mut self, table: u32, i: u64, v: u64, n: u64) -> Result<(), Exit> {
        let t = self.table_idx(table);
        let elements = &mut self.inner_mut().tables[t.index()].elements;
        if !in_bounds(i, n, elements.len() as u64) {
            return Err(trap_exit(TrapCode::TableOutOfBounds));
        }
        elements[i as usize..(i + n) as usize].fill(v);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn table_copy(
        &mut self,
        dst_table: u32,
        src_table: u32,
        d: u64,
        s: u64,
        n: u64,
    ) -> Result<(), Exit> {
        let dt = self.table_idx(dst_table);
        let st = self.table_idx(src_table);
        let tables = &mut self.inner_mut().tables;
        let dst_len = tables[dt.index()].elements.len() as u64;
        let src_len = tables[st.index()].elements.len() as u64;
        if !in_bounds(d, n, dst_len) || !in_bounds(s, n, src_len) {
            return Err(trap_exit(TrapCode::TableOutOfBounds));
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

    #[inline(never)]
    pub(super) fn table_init(
        &mut self,
        table: u32,
        elem: u32,
        d: u64,
        s: u64,
        n: u64,
    ) -> Result<(), Exit> {
        let t = self.table_idx(table);
        let instance = self.instance;
        let inner = self.inner_mut();
        let e = inner.instances[instance.index()].elems[elem as usize];
        let items = &inner.elems[e.index()].items;
        let elements = &mut inner.tables[t.index()].elements;
        if !in_bounds(s, n, items.len() as u64) || !in_bounds(d, n, elements.len() as u64) {
            return Err(trap_exit(TrapCode::TableOutOfBounds));
        }
        let (d, s, n) = (d as usize, s as usize, n as usize);
        elements[d..d + n].copy_from_slice(&items[s..s + n]);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn elem_drop(&mut self, elem: u32) {
        let instance = self.instance;
        let inner = self.inner_mut();
        let e = inner.instances[instance.index()].elems[elem as usize];
        inner.elems[e.index()].items = Box::new([]);
    }
}

impl<const FUEL: bool, const EPOCH: bool, const ACC: bool> Exec<'_, '_, FUEL, EPOCH, ACC> {
    /// `table.get`.
    #[inline(always)]
    pub fn table_get(&mut self, table: u32, index: Slot) -> Result<u64, Exit> {
        let i = self.get::<u32>(index);
        self.ctx.table_get(table, i)
    }

    /// `table.set`.
    #[inline(always)]
    pub fn table_set(&mut self, table: u32, index: Slot, value: Slot) -> Result<(), Exit> {
        let i = self.get::<u32>(index);
        let v = self.get::<u64>(value);
        self.ctx.table_set(table, i, v)
    }

    /// `table.size`.
    #[inline(always)]
    pub fn table_size(&self, table: u32) -> u32 {
        self.ctx.table_size(table)
    }

    /// `table.grow`: the old size, or `u32::MAX` (-1).
    #[inline(always)]
    pub fn table_grow(&mut self, table: u32, init: Slot, delta: Slot) -> Result<u32, Exit> {
        let init = self.get::<u64>(init);
        let delta = self.get::<u32>(delta);
        self.ctx.table_grow(table, init, delta)
    }

    /// `table.fill`.
    #[inline(always)]
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
        self.ctx.table_fill(table, i, v, n)
    }

    /// `table.copy`.
    #[inline(always)]
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
        self.ctx.table_copy(dst_table, src_table, d, s, n)
    }

    /// `table.init(table, elem)`.
    #[inline(always)]
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
        self.ctx.table_init(table, elem, d, s, n)
    }

    /// `elem.drop`.
    #[inline(always)]
    pub fn elem_drop(&mut self, elem: u32) {
        self.ctx.elem_drop(elem);
    }
}
