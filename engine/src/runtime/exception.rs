//! Exception handling's runtime entities: tags (what an exception is an instance of; each
//! defined tag is unique to its instance, an imported one is the exporter's) and exception
//! objects (a thrown tag with its payload, what an `exnref` points to).
//!
//! An `exnref` cell is `0` for null, else the exception's index + 1 in the low 32 bits and the
//! slot's generation in the high 32 (so a stale cell never names a reused slot). Exceptions
//! live in the store; an exception that no wasm value can hold any more (caught by a `catch` or
//! `catch_all` clause that does not keep a reference, and never seen as an `exnref`) gives its
//! slot back at once, so code that throws and catches in a loop runs in constant memory.
//!
//! One that wasm code may still hold (kept by `catch_ref`, or by a legacy `catch` for
//! `rethrow`) is reclaimed by a collection ([`ExnHeap::collect`]) once enough of them pile up:
//! a mark from conservative roots (every cell of the value stack, the exception-typed globals
//! and tables, the payloads of what is marked) and a sweep. An exception the embedder has seen
//! (made by it, uncaught, or read as a [`Val`](crate::Val)) is *pinned*: its handle has no
//! owner to track, so it lives as long as the store.

use crate::value::{FuncType, TypeIndex};
use std::cell::Cell;

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
    /// The payload: the cells of the tag's parameter types (two for a v128).
    pub payload: Box<[u64]>,
    /// Whether a wasm value may hold a reference to it: then only a collection reclaims it.
    pub escaped: bool,
    /// Whether the embedder may hold a handle to it: then it is never reclaimed.
    pub pinned: Cell<bool>,
}

impl ExnEntity {
    /// A new exception, not yet referenced by any value.
    pub fn new(tag: u32, payload: Box<[u64]>) -> Self {
        ExnEntity {
            tag,
            payload,
            escaped: false,
            pinned: Cell::new(false),
        }
    }
}

/// The store's exception objects, with slots reused once their exception is unreachable.
#[derive(Debug, Default)]
pub struct ExnHeap {
    slots: Vec<(u32, Option<ExnEntity>)>,
    free: Vec<u32>,
    /// Live exceptions after the last collection (the next one comes when that doubles).
    survivors: usize,
}

/// Fewest live exceptions before a collection is worth its scan.
const MIN_COLLECTION: usize = 1024;

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

    /// Gives back the slot of the exception `cell` refers to, unless a value may refer to it.
    pub fn release(&mut self, cell: u64) {
        if let Some((index, generation)) = split(cell)
            && let Some((g, slot)) = self.slots.get_mut(index as usize)
            && *g == generation
            && slot.as_ref().is_some_and(|e| !e.escaped && !e.pinned.get())
        {
            *slot = None;
            self.free.push(index);
        }
    }

    /// Number of live exceptions.
    pub fn live(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Marks the exception `cell` refers to (if any) as seen by the embedder.
    pub fn pin(&self, cell: u64) {
        if let Some(exn) = self.get(cell) {
            exn.pinned.set(true);
        }
    }

    /// Whether enough exceptions are live for a collection to be due.
    pub fn collection_due(&self) -> bool {
        self.live() >= MIN_COLLECTION.max(2 * self.survivors)
    }

    /// Reclaims every exception that no cell of `roots` refers to, directly or through the
    /// payload of one that is kept, unless it is pinned. `roots` must hold every cell wasm code
    /// can still read (conservatively: a cell that only looks like a reference keeps its
    /// exception; the generation makes that rare).
    pub fn collect<'a>(&mut self, roots: impl IntoIterator<Item = &'a [u64]>) {
        let mut marked = vec![false; self.slots.len()];
        let mut work: Vec<u32> = Vec::new();
        let mut mark = |heap: &ExnHeap, cell: u64, work: &mut Vec<u32>| {
            if let Some((index, generation)) = split(cell)
                && let Some((g, Some(_))) = heap.slots.get(index as usize)
                && *g == generation
                && !marked[index as usize]
            {
                marked[index as usize] = true;
                work.push(index);
            }
        };
        for cells in roots {
            for &cell in cells {
                mark(self, cell, &mut work);
            }
        }
        while let Some(index) = work.pop() {
            if let (_, Some(exn)) = &self.slots[index as usize] {
                for &cell in exn.payload.iter() {
                    mark(self, cell, &mut work);
                }
            }
        }
        for (index, (_, slot)) in self.slots.iter_mut().enumerate() {
            if !marked[index] && slot.as_ref().is_some_and(|e| !e.pinned.get()) {
                *slot = None;
                self.free.push(index as u32);
            }
        }
        self.survivors = self.live();
    }
}

fn cell(index: u32, generation: u32) -> u64 {
    (u64::from(generation) << 32) | (u64::from(index) + 1)
}

fn split(cell: u64) -> Option<(u32, u32)> {
    let low = cell as u32;
    (low != 0).then(|| (low - 1, (cell >> 32) as u32))
}
