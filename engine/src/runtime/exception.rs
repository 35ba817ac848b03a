//! Exception handling's runtime entities: tags (what an exception is an instance of; each
//! defined tag is unique to its instance, an imported one is the exporter's) and exception
//! objects (a thrown tag with its payload, what an `exnref` points to).
//!
//! An `exnref` cell is `0` for null, else the exception's index + 1 in the low 32 bits and the
//! slot's generation in the high 32 (so a stale cell never names a reused slot). Exceptions
//! live in the store; an exception that no wasm value can hold any more (caught by a `catch` or
//! `catch_all` clause that does not keep a reference, and never seen as an `exnref`) gives its
//! slot back at once, so code that throws and catches in a loop runs in constant memory.

use crate::value::{FuncType, TypeIndex};

/// A tag in a store: its payload signature.
#[derive(Debug, Clone)]
pub struct TagEntity {
    /// The payload types are its parameters; it has no results.
    pub ty: FuncType,
    /// The engine index of `ty` (a tag import matches an equivalent type).
    pub type_index: TypeIndex,
}

/// A thrown exception: its tag (store index) and payload cells.
#[derive(Debug)]
pub struct ExnEntity {
    /// The store index of its tag.
    pub tag: u32,
    /// The payload, one cell per value (the tag's parameter types).
    pub payload: Box<[u64]>,
    /// Whether a wasm value or the embedder may hold a reference to it: then it is never
    /// reclaimed.
    pub escaped: bool,
}

/// The store's exception objects, with slots reused once their exception is unreachable.
#[derive(Debug, Default)]
pub struct ExnHeap {
    slots: Vec<(u32, Option<ExnEntity>)>,
    free: Vec<u32>,
}

impl ExnHeap {
    /// Stores `exn`, returning its cell.
    pub fn alloc(&mut self, exn: ExnEntity) -> u64 {
        match self.free.pop() {
            Some(i) => {
                let slot = &mut self.slots[i as usize];
                slot.0 = slot.0.wrapping_add(1);
                slot.1 = Some(exn);
                cell(i, slot.0)
            }
            None => {
                let i = self.slots.len() as u32;
                self.slots.push((1, Some(exn)));
                cell(i, 1)
            }
        }
    }

    /// The exception `cell` refers to, if it is live.
    pub fn get(&self, cell: u64) -> Option<&ExnEntity> {
        let (index, generation) = split(cell)?;
        match self.slots.get(index as usize) {
            Some((g, Some(exn))) if *g == generation => Some(exn),
            _ => None,
        }
    }

    /// The exception `cell` refers to, mutably.
    pub fn get_mut(&mut self, cell: u64) -> Option<&mut ExnEntity> {
        let (index, generation) = split(cell)?;
        match self.slots.get_mut(index as usize) {
            Some((g, Some(exn))) if *g == generation => Some(exn),
            _ => None,
        }
    }

    /// Gives back the slot of the exception `cell` refers to, unless it escaped.
    pub fn release(&mut self, cell: u64) {
        if let Some((index, generation)) = split(cell)
            && let Some((g, slot)) = self.slots.get_mut(index as usize)
            && *g == generation
            && slot.as_ref().is_some_and(|e| !e.escaped)
        {
            *slot = None;
            self.free.push(index);
        }
    }

    /// Number of live exceptions.
    pub fn live(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

fn cell(index: u32, generation: u32) -> u64 {
    (u64::from(generation) << 32) | (u64::from(index) + 1)
}

fn split(cell: u64) -> Option<(u32, u32)> {
    let low = cell as u32;
    (low != 0).then(|| (low - 1, (cell >> 32) as u32))
}
