//! Static typing of host functions and typed calls: the Rust types that stand for wasm values
//! ([`WasmTy`]), parameter and result lists ([`WasmParams`], [`WasmResults`]), what a host
//! closure may return ([`WasmRet`]), and closures usable as host functions ([`IntoFunc`]).

use crate::api::func::Func;
use crate::api::val::{ExternRef, V128};
use crate::error::Error;
use crate::runtime::context::Caller;
use crate::runtime::func::HostFuncFn;
use crate::runtime::store::{FuncIdx, StoreId, StoreInner};
use crate::value::{FuncType, HeapType, RefType, ValType};
use std::sync::Arc;

/// A Rust type that stands for one wasm value.
pub trait WasmTy: Sized + 'static {
    /// The wasm type.
    fn valtype() -> ValType;
    /// Into a cell (checking references belong to `store`).
    #[doc(hidden)]
    fn into_cell(self, store: &StoreInner) -> Result<u64, Error>;
    /// From a cell.
    #[doc(hidden)]
    fn from_cell(store: StoreId, cell: u64) -> Self;
    /// Cells the value takes (two for a v128).
    #[doc(hidden)]
    const CELLS: usize = 1;
    /// Writes the value's cells at `cells[*at..]` and moves `at` past them.
    #[doc(hidden)]
    #[inline]
    fn write_at(self, store: &StoreInner, cells: &mut [u64], at: &mut usize) -> Result<(), Error> {
        cells[*at] = self.into_cell(store)?;
        *at += 1;
        Ok(())
    }
    /// Reads a value from the cells at `cells[*at..]` and moves `at` past them.
    #[doc(hidden)]
    #[inline]
    fn read_at(store: StoreId, cells: &[u64], at: &mut usize) -> Self {
        let v = Self::from_cell(store, cells[*at]);
        *at += 1;
        v
    }
}

/// A `v128` as the Rust types `u128` and [`V128`]: two cells, low half first.
macro_rules! wasm_ty_v128 {
    ($($t:ty),*) => {$(
        impl WasmTy for $t {
            fn valtype() -> ValType {
                ValType::V128
            }
            /// The low half (a v128 is written with `write_at`).
            fn into_cell(self, _: &StoreInner) -> Result<u64, Error> {
                Ok(u128::from(self) as u64)
            }
            /// A vector of the low half (a v128 is read with `read_at`).
            fn from_cell(_: StoreId, cell: u64) -> Self {
                <$t>::from(u128::from(cell))
            }
            const CELLS: usize = 2;
            #[inline]
            fn write_at(self, _: &StoreInner, cells: &mut [u64], at: &mut usize) -> Result<(), Error> {
                let bits = u128::from(self);
                cells[*at] = bits as u64;
                cells[*at + 1] = (bits >> 64) as u64;
                *at += 2;
                Ok(())
            }
            #[inline]
            fn read_at(_: StoreId, cells: &[u64], at: &mut usize) -> Self {
                let bits = u128::from(cells[*at]) | (u128::from(cells[*at + 1]) << 64);
                *at += 2;
                <$t>::from(bits)
            }
        }
    )*};
}

wasm_ty_v128!(u128, V128);

macro_rules! wasm_ty_num {
    ($($t:ty => $vt:ident, |$v:ident| $into:expr, |$c:ident| $from:expr;)*) => {$(
        impl WasmTy for $t {
            fn valtype() -> ValType { ValType::$vt }
            #[inline]
            fn into_cell(self, _: &StoreInner) -> Result<u64, Error> { let $v = self; Ok($into) }
            #[inline]
            fn from_cell(_: StoreId, $c: u64) -> Self { $from }
        }
    )*};
}

wasm_ty_num! {
    i32 => I32, |v| v as u32 as u64, |c| c as u32 as i32;
    u32 => I32, |v| v as u64, |c| c as u32;
    i64 => I64, |v| v as u64, |c| c as i64;
    u64 => I64, |v| v, |c| c;
    f32 => F32, |v| v.to_bits() as u64, |c| f32::from_bits(c as u32);
    f64 => F64, |v| v.to_bits(), |c| f64::from_bits(c);
}

impl WasmTy for Option<Func> {
    fn valtype() -> ValType {
        ValType::FUNCREF
    }
    fn into_cell(self, store: &StoreInner) -> Result<u64, Error> {
        match self {
            None => Ok(0),
            Some(f) => {
                store.check(f.store)?;
                Ok(f.index.0 as u64 + 1)
            }
        }
    }
    fn from_cell(store: StoreId, cell: u64) -> Self {
        Func::from_cell(store, cell)
    }
}

/// A function reference that is never null: `(ref func)`. A typed call can return it where the
/// function's result is any non-null function reference (`(ref $t)` too).
impl WasmTy for Func {
    fn valtype() -> ValType {
        ValType::Ref(RefType::new(false, HeapType::Func))
    }
    fn into_cell(self, store: &StoreInner) -> Result<u64, Error> {
        store.check(self.store)?;
        Ok(self.index.0 as u64 + 1)
    }
    fn from_cell(store: StoreId, cell: u64) -> Self {
        // Only reached for values of a non-null type (`WasmParams::can_receive`), never 0.
        Func {
            store,
            index: FuncIdx(cell.wrapping_sub(1) as u32),
        }
    }
}

impl WasmTy for Option<ExternRef> {
    fn valtype() -> ValType {
        ValType::EXTERNREF
    }
    fn into_cell(self, store: &StoreInner) -> Result<u64, Error> {
        match self {
            None => Ok(0),
            Some(e) => {
                store.check(e.store)?;
                Ok(e.to_cell())
            }
        }
    }
    fn from_cell(store: StoreId, cell: u64) -> Self {
        ExternRef::from_cell(store, cell)
    }
}

/// A list of parameters: `()`, one [`WasmTy`], or a tuple of them.
pub trait WasmParams: Sized {
    /// Number of values.
    const LEN: usize;
    /// Cells the values take (a v128 takes two).
    #[doc(hidden)]
    const CELLS: usize;
    /// The wasm types.
    fn types() -> Vec<ValType>;
    /// Whether values of these Rust types can be passed where `types` are expected (each of
    /// this list's types a subtype of the expected one).
    fn can_pass_as(types: &[ValType]) -> bool {
        let ours = Self::types();
        ours.len() == types.len() && ours.iter().zip(types).all(|(o, t)| o.matches(*t))
    }
    /// Whether values of `types` can be received as these Rust types (each of `types` a
    /// subtype of this list's).
    fn can_receive(types: &[ValType]) -> bool {
        let ours = Self::types();
        ours.len() == types.len() && types.iter().zip(&ours).all(|(t, o)| t.matches(*o))
    }
    /// Writes the values into `cells[..CELLS]`.
    #[doc(hidden)]
    fn store_cells(self, store: &StoreInner, cells: &mut [u64]) -> Result<(), Error>;
    /// Reads the values from `cells[..CELLS]`.
    #[doc(hidden)]
    fn load_cells(store: StoreId, cells: &[u64]) -> Self;
}

/// A list of results: the same shapes as [`WasmParams`].
pub trait WasmResults: WasmParams {}
impl<T: WasmParams> WasmResults for T {}

impl<T: WasmTy> WasmParams for T {
    const LEN: usize = 1;
    const CELLS: usize = T::CELLS;
    fn types() -> Vec<ValType> {
        vec![T::valtype()]
    }
    fn store_cells(self, store: &StoreInner, cells: &mut [u64]) -> Result<(), Error> {
        self.write_at(store, cells, &mut 0)
    }
    fn load_cells(store: StoreId, cells: &[u64]) -> Self {
        T::read_at(store, cells, &mut 0)
    }
}

macro_rules! count {
    () => { 0 };
    ($head:ident $($tail:ident)*) => { 1 + count!($($tail)*) };
}

macro_rules! tuple_params {
    ($($t:ident)*) => {
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments, clippy::unused_unit)]
        impl<$($t: WasmTy),*> WasmParams for ($($t,)*) {
            const LEN: usize = count!($($t)*);
            const CELLS: usize = 0 $(+ $t::CELLS)*;
            fn types() -> Vec<ValType> {
                vec![$($t::valtype()),*]
            }
            fn store_cells(self, store: &StoreInner, cells: &mut [u64]) -> Result<(), Error> {
                let ($($t,)*) = self;
                let mut i = 0;
                $( $t.write_at(store, cells, &mut i)?; )*
                Ok(())
            }
            fn load_cells(store: StoreId, cells: &[u64]) -> Self {
                let mut i = 0;
                ($($t::read_at(store, cells, &mut i),)*)
            }
        }
    };
}

macro_rules! for_each_arity {
    ($m:ident) => {
        $m!();
        $m!(A1);
        $m!(A1 A2);
        $m!(A1 A2 A3);
        $m!(A1 A2 A3 A4);
        $m!(A1 A2 A3 A4 A5);
        $m!(A1 A2 A3 A4 A5 A6);
        $m!(A1 A2 A3 A4 A5 A6 A7);
        $m!(A1 A2 A3 A4 A5 A6 A7 A8);
        $m!(A1 A2 A3 A4 A5 A6 A7 A8 A9);
        $m!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10);
        $m!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11);
        $m!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12);
        $m!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13);
        $m!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14);
        $m!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15);
        $m!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15 A16);
    };
}

for_each_arity!(tuple_params);

/// What a host closure may return: results, or a `Result` of results.
pub trait WasmRet {
    /// The result list.
    type Results: WasmResults;
    /// Into results or an error.
    fn into_result(self) -> Result<Self::Results, Error>;
}

impl<R: WasmResults> WasmRet for R {
    type Results = R;
    fn into_result(self) -> Result<R, Error> {
        Ok(self)
    }
}

impl<R: WasmResults> WasmRet for Result<R, Error> {
    type Results = R;
    fn into_result(self) -> Result<R, Error> {
        self
    }
}

/// A closure usable as a host function of store data `T`.
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    /// The signature and the cell-level function.
    #[doc(hidden)]
    fn into_func(self) -> (FuncType, Arc<HostFuncFn<T>>);
}

macro_rules! into_func {
    ($($t:ident)*) => {
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
        impl<T: 'static, F, $($t: WasmTy,)* R: WasmRet> IntoFunc<T, (Caller<'_, T>, $($t,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($t),*) -> R + Send + Sync + 'static,
        {
            fn into_func(self) -> (FuncType, Arc<HostFuncFn<T>>) {
                let ty = FuncType::new(<($($t,)*) as WasmParams>::types(), R::Results::types());
                let func = move |caller: Caller<'_, T>, cells: &mut [u64]| -> Result<(), Error> {
                    let Caller { store, instance } = caller;
                    let id = store.inner.id;
                    let mut i = 0;
                    $( let $t = $t::read_at(id, cells, &mut i); )*
                    let results = self(Caller { store: &mut *store, instance }, $($t),*).into_result()?;
                    results.store_cells(&store.inner, cells)
                };
                (ty, Arc::new(func))
            }
        }

        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
        impl<T: 'static, F, $($t: WasmTy,)* R: WasmRet> IntoFunc<T, ($($t,)*), R> for F
        where
            F: Fn($($t),*) -> R + Send + Sync + 'static,
        {
            fn into_func(self) -> (FuncType, Arc<HostFuncFn<T>>) {
                let ty = FuncType::new(<($($t,)*) as WasmParams>::types(), R::Results::types());
                let func = move |caller: Caller<'_, T>, cells: &mut [u64]| -> Result<(), Error> {
                    let id = caller.store.inner.id;
                    let mut i = 0;
                    $( let $t = $t::read_at(id, cells, &mut i); )*
                    let results = self($($t),*).into_result()?;
                    results.store_cells(&caller.store.inner, cells)
                };
                (ty, Arc::new(func))
            }
        }
    };
}

for_each_arity!(into_func);
