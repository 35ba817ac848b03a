//! Globals: a type and a value, one cell (two for a v128).

use crate::value::GlobalType;

/// A global owned by a store.
#[derive(Debug, Clone)]
pub struct GlobalEntity {
    /// Its type.
    pub ty: GlobalType,
    /// Its value as a cell (a v128's low half).
    pub value: u64,
    /// A v128's high half (zero for any other type).
    pub hi: u64,
}

impl GlobalEntity {
    /// Reads the value's cells (one; two for a v128).
    pub fn cells(&self) -> [u64; 2] {
        [self.value, self.hi]
    }
}
