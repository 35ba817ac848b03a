//! The guest's file descriptor table and what each descriptor refers to.

mod entry;
mod table;

pub use entry::{FdEntry, FdKind};
pub use table::FdTable;
