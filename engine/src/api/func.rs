//! `Func` and `TypedFunc`: calling functions (wasm or host) from the embedder, and creating host
//! functions from closures.

use crate::api::typed::{IntoFunc, WasmParams, WasmResults};
use crate::api::val::Val;
use crate::error::Error;
use crate::runtime::context::{AsContext, AsContextMut, Caller};
use crate::runtime::func::{HostFuncEntity, HostFuncFn};
use crate::runtime::store::{FuncIdx, Store, StoreId};
use crate::value::FuncType;
use std::marker::PhantomData;
use std::sync::Arc;

/// A function (wasm or host) in a store. A small `Copy` handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: StoreId,
    pub(crate) index: FuncIdx,
}

/// Cells needed to pass `ty`'s parameters in and its results out.
pub(crate) fn cell_count(ty: &FuncType) -> usize {
    ty.param_cells().max(ty.result_cells())
}

/// Makes a host function entity from a `Val`-based closure.
pub(crate) fn host_func_from_vals<T>(
    ty: FuncType,
    f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
) -> Arc<HostFuncFn<T>> {
    Arc::new(move |caller: Caller<'_, T>, cells: &mut [u64]| {
        let Caller { store, instance } = caller;
        let params = Val::read_all(&store.inner, ty.params(), cells);
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|t| Val::default_for(*t).unwrap_or(Val::I64(0)))
            .collect();
        f(
            Caller {
                store: &mut *store,
                instance,
            },
            &params,
            &mut results,
        )?;
        let mut at = 0;
        for (r, t) in results.iter().zip(ty.results()) {
            if !r.matches_in(&store.inner, *t) {
                return Err(Error::Usage(format!(
                    "host function returned a {} where its type says {t}",
                    r.ty()
                )));
            }
            at += r.write_cells(&store.inner, &mut cells[at..])?;
        }
        Ok(())
    })
}

impl Func {
    /// Wraps a closure as a host function; its signature comes from the closure's types.
    ///
    /// The closure may take a [`Caller`] first, then parameters of the wasm types (`i32`, `u32`,
    /// `i64`, `u64`, `f32`, `f64`, `Option<Func>`, `Option<ExternRef>`), and return `()`, one of
    /// those, a tuple of them, or a `Result` of any of these with [`Error`].
    pub fn wrap<T, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, func) = f.into_func();
        Self::from_host(store.as_context_mut().0, ty, func)
    }

    /// A host function of type `ty` taking and returning [`Val`]s.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Func {
        let func = host_func_from_vals(ty.clone(), f);
        Self::from_host(store.as_context_mut().0, ty, func)
    }

    pub(crate) fn from_host<T>(
        store: &mut Store<T>,
        ty: FuncType,
        func: Arc<HostFuncFn<T>>,
    ) -> Func {
        let entity = HostFuncEntity {
            ty: store.inner.engine.func_type_index(&ty),
            params: ty.param_cells() as u16,
            results: ty.result_cells() as u16,
            func,
        };
        let index = store.push_host_func(entity);
        Func {
            store: store.inner.id,
            index,
        }
    }

    /// The function's signature.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let inner = &store.as_context().0.inner;
        assert_eq!(inner.id, self.store, "Func used with another store");
        inner.engine.resolve_type(inner.func(self.index).type_id())
    }

    /// Calls the function with `params`, writing its results into `results`.
    ///
    /// The number and types of both must match the signature, or an `Error::Usage` comes back.
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<(), Error> {
        let store = store.as_context_mut().0;
        store.inner.check(self.store)?;
        let ty = store
            .inner
            .engine
            .resolve_type(store.inner.func(self.index).type_id());
        if params.len() != ty.params().len() || results.len() != ty.results().len() {
            return Err(Error::Usage(format!(
                "function of type {ty} called with {} arguments and {} result slots",
                params.len(),
                results.len()
            )));
        }
        let mut cells = vec![0u64; cell_count(&ty)];
        let mut at = 0;
        for (p, t) in params.iter().zip(ty.params()) {
            if !p.matches_in(&store.inner, *t) {
                return Err(Error::Usage(format!(
                    "argument of type {} where {t} was expected",
                    p.ty()
                )));
            }
            at += p.write_cells(&store.inner, &mut cells[at..])?;
        }
        crate::interp::call(store, self.index, &mut cells)?;
        let mut at = 0;
        for (r, t) in results.iter_mut().zip(ty.results()) {
            *r = Val::read_cells(&store.inner, *t, &cells[at..]);
            at += t.cells();
        }
        Ok(())
    }

    /// A typed view of the function, checking its signature once now.
    pub fn typed<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<P, R>, Error> {
        let ty = self.ty(&store);
        if !P::can_pass_as(ty.params()) || !R::can_receive(ty.results()) {
            return Err(Error::Usage(format!(
                "function of type {ty} does not match the requested typed signature"
            )));
        }
        Ok(TypedFunc {
            func: *self,
            _marker: PhantomData,
        })
    }
}

/// A function with a signature checked once, called without boxing values.
pub struct TypedFunc<P, R> {
    func: Func,
    _marker: PhantomData<fn(P) -> R>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, R> Copy for TypedFunc<P, R> {}

impl<P, R> std::fmt::Debug for TypedFunc<P, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedFunc")
            .field("func", &self.func)
            .finish()
    }
}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    /// Calls the function.
    pub fn call(&self, mut store: impl AsContextMut, params: P) -> Result<R, Error> {
        let store = store.as_context_mut().0;
        store.inner.check(self.func.store)?;
        let mut small = [0u64; 16];
        let mut large;
        let needed = P::CELLS.max(R::CELLS);
        let cells: &mut [u64] = if needed <= small.len() {
            &mut small[..needed]
        } else {
            large = vec![0u64; needed];
            &mut large
        };
        params.store_cells(&store.inner, cells)?;
        crate::interp::call(store, self.func.index, cells)?;
        Ok(R::load_cells(store.inner.id, cells))
    }

    /// The untyped function.
    pub fn func(&self) -> &Func {
        &self.func
    }
}
