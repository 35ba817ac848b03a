//! Element and data segments as instances see them at run time: a segment is dropped (emptied)
//! by `elem.drop` / `data.drop` and after active initialisation.

use crate::module::ModuleInfo;
use std::ops::Range;
use std::sync::Arc;

/// An instance's element segment: its references as cells.
#[derive(Debug, Default)]
pub struct ElemEntity {
    /// Reference cells (empty once dropped).
    pub items: Box<[u64]>,
}

/// An instance's data segment: a range of the module's bytes (empty once dropped).
#[derive(Debug)]
pub struct DataEntity {
    /// The module binary holding the bytes.
    pub bytes: Arc<[u8]>,
    /// Where they are; an empty range once dropped.
    pub range: Range<usize>,
}

impl DataEntity {
    /// The segment's bytes for module `info`, segment `index`.
    pub fn new(info: &ModuleInfo, index: usize) -> Self {
        Self {
            bytes: info.bytes.clone(),
            range: info.datas[index].range.clone(),
        }
    }

    /// The bytes.
    pub fn data(&self) -> &[u8] {
        &self.bytes[self.range.clone()]
    }

    /// Drops the contents.
    pub fn drop_bytes(&mut self) {
        self.range = 0..0;
    }
}
