//! Tables: growable vectors of references, stored as cells (`0` is null, else index + 1).

use crate::value::TableType;

/// Most elements a table may have (the spec allows 2^32 - 1; we cap it to stay clear of
/// exhausting host memory, which makes a larger `table.grow` fail with -1 as the spec allows).
pub const MAX_TABLE_ELEMENTS: u64 = 10_000_000;

/// A table owned by a store.
#[derive(Debug)]
pub struct TableEntity {
    ty: TableType,
    /// One reference cell per element.
    pub elements: Vec<u64>,
}

impl TableEntity {
    /// Creates a table of `ty.limits.min` elements, each `init`. `None` when too large.
    pub fn new(ty: TableType, init: u64) -> Option<Self> {
        if ty.limits.min > MAX_TABLE_ELEMENTS {
            return None;
        }
        Some(Self {
            ty,
            elements: vec![init; ty.limits.min as usize],
        })
    }

    /// The table's type with its current size as the minimum.
    pub fn ty(&self) -> TableType {
        let mut ty = self.ty;
        ty.limits.min = self.elements.len() as u64;
        ty
    }

    /// Current size.
    pub fn size(&self) -> u64 {
        self.elements.len() as u64
    }

    /// Grows by `delta` elements set to `init`, up to `limit` (embedder limit). Returns the old
    /// size, or `None` (wasm's `-1`).
    pub fn grow(&mut self, delta: u64, init: u64, limit: Option<u64>) -> Option<u64> {
        let old = self.size();
        let new = old.checked_add(delta)?;
        let max = self
            .ty
            .limits
            .max
            .unwrap_or(u32::MAX as u64)
            .min(MAX_TABLE_ELEMENTS)
            .min(limit.unwrap_or(u64::MAX));
        if new > max {
            return None;
        }
        self.elements.try_reserve(delta as usize).ok()?;
        self.elements.resize(new as usize, init);
        Some(old)
    }
}
