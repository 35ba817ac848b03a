//! Globals: one cell and a type.

use crate::value::GlobalType;

/// A global owned by a store.
#[derive(Debug, Clone)]
pub struct GlobalEntity {
    /// Its type.
    pub ty: GlobalType,
    /// Its value as a cell.
    pub value: u64,
}
