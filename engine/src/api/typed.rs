//! Static typing of host functions and typed calls: the Rust types that stand for wasm values
//! ([`WasmTy`]), parameter and result lists ([`WasmParams`], [`WasmResults`]), what a host
//! closure may return ([`WasmRet`]), and closures usable as host functions ([`IntoFunc`]).

use crate::api::func::Func;
use crate::api::val::ExternRef;
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
}

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
    /// Writes the values into `cells[..LEN]`.
    #[doc(hidden)]
    fn store_cells(self, store: &StoreInner, cells: &mut [u64]) -> Result<(), Error>;
    /// Reads the values from `cells[..LEN]`.
    #[doc(hidden)]
    fn load_cells(store: StoreId, cells: &[u64]) -> Self;
}

/// A list of results: the same shapes as [`WasmParams`].
pub trait WasmResults: WasmParams {}
impl<T: WasmParams> WasmResults for T {}

impl<T: WasmTy> WasmParams for T {
    const LEN: usize = 1;
    fn types() -> Vec<ValType> {
        vec![T::valtype()]
    }
    fn store_cells(self, store: &StoreInner, cells: &mut [u64]) -> Result<(), Error> {
        cells[0] = self.into_cell(store)?;
        Ok(())
    }
    fn load_cells(store: StoreId, cells: &[u64]) -> Self {
        T::from_cell(store, cells[0])
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
            fn types() -> Vec<ValType> {
                vec![$($t::valtype()),*]
            }
            fn store_cells(self, store: &StoreInner, cells: &mut [u64]) -> Result<(), Error> {
                let ($($t,)*) = self;
                let mut i = 0;
                $( cells[i] = $t.into_cell(store)?; i += 1; )*
                Ok(())
            }
            fn load_cells(store: StoreId, cells: &[u64]) -> Self {
                let mut i = 0;
                ($({ let v = $t::from_cell(store, cells[i]); i += 1; v },)*)
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
                    $( let $t = { let v = $t::from_cell(id, cells[i]); i += 1; v }; )*
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
                    $( let $t = { let v = $t::from_cell(id, cells[i]); i += 1; v }; )*
                    let results = self($($t),*).into_result()?;
                    results.store_cells(&caller.store.inner, cells)
                };
                (ty, Arc::new(func))
            }
        }
    };
}

for_each_arity!(into_func);
