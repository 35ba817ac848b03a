//! `Val`, the typed values of the API, and `ExternRef`, host data that wasm can hold by
//! reference; with their conversion to and from the engine's 64-bit cells.

use crate::api::exception::ExnRef;
use crate::api::func::Func;
use crate::error::Error;
use crate::runtime::context::{AsContext, AsContextMut};
use crate::runtime::store::{FuncIdx, StoreId, StoreInner};
use crate::value::{HeapType, RefType, ValType};
use std::any::Any;

/// A reference to host data owned by a store (`externref`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl ExternRef {
    /// Moves `data` into the store and returns a reference to it.
    pub fn new<T: Any + Send + Sync>(mut store: impl AsContextMut, data: T) -> ExternRef {
        let inner = &mut store.as_context_mut().0.inner;
        let cell = inner.push_externref(Box::new(data));
        ExternRef {
            store: inner.id,
            index: (cell - 1) as u32,
        }
    }

    /// The host data. Panics if used with another store than the one that created it.
    pub fn data<'a, C: AsContext + 'a>(&self, store: &'a C) -> &'a (dyn Any + Send + Sync) {
        let inner = &store.as_context().0.inner;
        assert_eq!(inner.id, self.store, "ExternRef used with another store");
        &*inner.externrefs[self.index as usize]
    }

    pub(crate) fn to_cell(self) -> u64 {
        u64::from(self.index) + 1
    }

    pub(crate) fn from_cell(store: StoreId, cell: u64) -> Option<ExternRef> {
        (cell != 0).then(|| ExternRef {
            store,
            index: (cell - 1) as u32,
        })
    }
}

/// A 128-bit SIMD vector (`v128`) as its bits: lane 0 of any lane shape is in the lowest
/// bits, as Wasm stores it in memory (little-endian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct V128(u128);

impl V128 {
    /// The vector's 128 bits.
    pub fn as_u128(self) -> u128 {
        self.0
    }
}

impl From<u128> for V128 {
    fn from(bits: u128) -> V128 {
        V128(bits)
    }
}

impl From<V128> for u128 {
    fn from(v: V128) -> u128 {
        v.0
    }
}

/// A WebAssembly value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`, as its bits (so NaN payloads are kept).
    F32(u32),
    /// An `f64`, as its bits.
    F64(u64),
    /// A `v128`.
    V128(V128),
    /// A `funcref`.
    FuncRef(Option<Func>),
    /// An `externref`.
    ExternRef(Option<ExternRef>),
    /// An `exnref`: a caught exception.
    ExnRef(Option<ExnRef>),
}

impl Val {
    /// The value's type: a reference that is not null has its non-nullable type (so it can
    /// stand where `(ref func)` is expected), a null one the nullable top of its hierarchy.
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(f) => ref_of(f.is_none(), HeapType::Func),
            Val::ExternRef(e) => ref_of(e.is_none(), HeapType::Extern),
            Val::ExnRef(e) => ref_of(e.is_none(), HeapType::Exn),
        }
    }

    /// Whether this value can stand where `ty` is expected, in `store`: as
    /// `self.ty().matches(ty)`, and where `ty` names a concrete function type (`(ref $t)`),
    /// the function must be of exactly that type.
    pub fn matches_ty(&self, store: impl AsContext, ty: ValType) -> bool {
        self.matches_in(&store.as_context().0.inner, ty)
    }

    /// [`Val::matches_ty`] on the store's entities.
    pub(crate) fn matches_in(&self, store: &StoreInner, ty: ValType) -> bool {
        match (self, ty) {
            (
                Val::FuncRef(Some(f)),
                ValType::Ref(RefType {
                    heap: HeapType::Concrete(t),
                    ..
                }),
            ) => f.store == store.id && store.func(f.index).type_id() == t,
            _ => self.ty().matches(ty),
        }
    }

    /// The null reference of a reference type.
    pub fn null(ty: RefType) -> Val {
        match ty.heap.top() {
            HeapType::Extern => Val::ExternRef(None),
            HeapType::Exn => Val::ExnRef(None),
            _ => Val::FuncRef(None),
        }
    }

    /// The default (zero or null) value of a type. `None` for non-nullable references, which
    /// have none.
    pub fn default_for(ty: ValType) -> Option<Val> {
        Some(match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(V128(0)),
            ValType::Ref(r) if r.nullable => Val::null(r),
            ValType::Ref(_) => return None,
        })
    }

    /// The `i32`, if it is one.
    pub fn i32(&self) -> Option<i32> {
        match self {
            Val::I32(v) => Some(*v),
            _ => None,
        }
    }

    /// The `i64`, if it is one.
    pub fn i64(&self) -> Option<i64> {
        match self {
            Val::I64(v) => Some(*v),
            _ => None,
        }
    }

    /// The `f32`, if it is one.
    pub fn f32(&self) -> Option<f32> {
        match self {
            Val::F32(v) => Some(f32::from_bits(*v)),
            _ => None,
        }
    }

    /// The `f64`, if it is one.
    pub fn f64(&self) -> Option<f64> {
        match self {
            Val::F64(v) => Some(f64::from_bits(*v)),
            _ => None,
        }
    }

    /// The `v128`, if it is one.
    pub fn v128(&self) -> Option<V128> {
        match self {
            Val::V128(v) => Some(*v),
            _ => None,
        }
    }

    /// The `funcref`, if it is one.
    pub fn funcref(&self) -> Option<Option<Func>> {
        match self {
            Val::FuncRef(f) => Some(*f),
            _ => None,
        }
    }

    /// The `exnref`, if it is one.
    pub fn exnref(&self) -> Option<Option<ExnRef>> {
        match self {
            Val::ExnRef(e) => Some(*e),
            _ => None,
        }
    }

    /// The `externref`, if it is one.
    pub fn externref(&self) -> Option<Option<ExternRef>> {
        match self {
            Val::ExternRef(e) => Some(*e),
            _ => None,
        }
    }

    /// Writes the value's cells (one; two for a v128, low half first) to the front of `cells`,
    /// checking that any reference belongs to `store`; returns how many it wrote.
    pub(crate) fn write_cells(self, store: &StoreInner, cells: &mut [u64]) -> Result<usize, Error> {
        if let Val::V128(v) = self {
            cells[0] = v.0 as u64;
            cells[1] = (v.0 >> 64) as u64;
            return Ok(2);
        }
        cells[0] = self.to_cell(store)?;
        Ok(1)
    }

    /// The value of type `ty` whose cells start `cells` (see [`Val::write_cells`]).
    pub(crate) fn read_cells(inner: &StoreInner, ty: ValType, cells: &[u64]) -> Val {
        match ty {
            ValType::V128 => Val::V128(V128(u128::from(cells[0]) | (u128::from(cells[1]) << 64))),
            _ => Val::from_cell(inner, ty, cells[0]),
        }
    }

    /// Values of `types` from consecutive cells.
    pub(crate) fn read_all(inner: &StoreInner, types: &[ValType], cells: &[u64]) -> Vec<Val> {
        let mut at = 0;
        types
            .iter()
            .map(|t| {
                let v = Val::read_cells(inner, *t, &cells[at..]);
                at += t.cells();
                v
            })
            .collect()
    }

    /// The value as one cell (a scalar or a reference; a v128 takes two: see
    /// [`Val::write_cells`], this gives its low half), checking that any reference belongs to
    /// `store`.
    pub(crate) fn to_cell(self, store: &StoreInner) -> Result<u64, Error> {
        Ok(match self {
            Val::I32(v) => v as u32 as u64,
            Val::I64(v) => v as u64,
            Val::F32(v) => v as u64,
            Val::F64(v) => v,
            Val::V128(v) => v.0 as u64,
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) => 0,
            Val::ExnRef(Some(e)) => {
                store.check(e.store)?;
                e.cell
            }
            Val::FuncRef(Some(f)) => {
                store.check(f.store)?;
                f.index.0 as u64 + 1
            }
            Val::ExternRef(Some(e)) => {
                store.check(e.store)?;
                e.to_cell()
            }
        })
    }

    /// The value of type `ty` held in `cell` (a scalar or a reference; for a v128, use
    /// [`Val::read_cells`]: this gives the vector of the low half).
    /// An exception reference read this way is pinned: the embedder may keep it.
    pub(crate) fn from_cell(inner: &StoreInner, ty: ValType, cell: u64) -> Val {
        let store = inner.id;
        match ty {
            ValType::I32 => Val::I32(cell as u32 as i32),
            ValType::I64 => Val::I64(cell as i64),
            ValType::F32 => Val::F32(cell as u32),
            ValType::F64 => Val::F64(cell),
            ValType::V128 => Val::V128(V128(u128::from(cell))),
            ValType::Ref(r) => match r.heap.top() {
                HeapType::Extern => Val::ExternRef(ExternRef::from_cell(store, cell)),
                HeapType::Exn => Val::ExnRef((cell != 0).then(|| {
                    inner.exceptions.pin(cell);
                    ExnRef { store, cell }
                })),
                _ => Val::FuncRef(Func::from_cell(store, cell)),
            },
        }
    }
}

impl Func {
    pub(crate) fn from_cell(store: StoreId, cell: u64) -> Option<Func> {
        (cell != 0).then(|| Func {
            store,
            index: FuncIdx((cell - 1) as u32),
        })
    }
}

/// `(ref null heap)` for a null reference, `(ref heap)` otherwise.
fn ref_of(null: bool, heap: HeapType) -> ValType {
    ValType::Ref(RefType::new(null, heap))
}

impl std::fmt::Display for Val {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::I32(v) => write!(f, "i32 {v}"),
            Val::I64(v) => write!(f, "i64 {v}"),
            Val::F32(v) => write!(f, "f32 {}", f32::from_bits(*v)),
            Val::F64(v) => write!(f, "f64 {}", f64::from_bits(*v)),
            Val::V128(v) => write!(f, "v128 {:#034x}", v.0),
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) => {
                write!(f, "null {}", self.ty())
            }
            Val::FuncRef(Some(func)) => write!(f, "funcref #{}", func.index.0),
            Val::ExternRef(Some(e)) => write!(f, "externref #{}", e.index),
            Val::ExnRef(Some(_)) => f.write_str("exnref"),
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}

impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
}

impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}

impl From<V128> for Val {
    fn from(v: V128) -> Val {
        Val::V128(v)
    }
}

impl From<Func> for Val {
    fn from(f: Func) -> Val {
        Val::FuncRef(Some(f))
    }
}

impl From<ExternRef> for Val {
    fn from(e: ExternRef) -> Val {
        Val::ExternRef(Some(e))
    }
}
