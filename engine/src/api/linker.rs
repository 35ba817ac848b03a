//! `Linker<T>`: resolves a module's imports by name, from host functions defined once for any
//! store and from items (and whole instances) of a particular store.

use crate::api::externals::Extern;
use crate::api::func::{Func, host_func_from_vals};
use crate::api::instance::{Instance, instantiate};
use crate::api::module::Module;
use crate::api::shared_memory::SharedMemory;
use crate::api::typed::IntoFunc;
use crate::api::val::Val;
use crate::engine::Engine;
use crate::error::Error;
use crate::module::info::ImportType;
use crate::runtime::context::{AsContext, AsContextMut, Caller};
use crate::runtime::func::HostFuncFn;
use crate::value::FuncType;
use std::collections::HashMap;
use std::sync::Arc;

/// The host functions defined for one name beside its ordinary definition, with their types.
type Overloads<T> = Vec<(FuncType, Arc<HostFuncFn<T>>)>;

enum Definition<T> {
    /// An item of one store.
    Extern(Extern),
    /// A host function not yet placed in any store.
    HostFunc(FuncType, Arc<HostFuncFn<T>>),
    /// A shared memory, placed in each store that uses it.
    SharedMemory(SharedMemory),
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(*e),
            Definition::HostFunc(t, f) => Definition::HostFunc(t.clone(), f.clone()),
            Definition::SharedMemory(m) => Definition::SharedMemory(m.clone()),
        }
    }
}

/// Defines imports by `module::name` and instantiates modules with them.
///
/// ```
/// use kestrel::{Caller, Engine, Linker, Module, Store};
///
/// let engine = Engine::default();
/// let module = Module::new(&engine, r#"
///     (module
///       (import "host" "double" (func $double (param i32) (result i32)))
///       (func (export "quadruple") (param i32) (result i32)
///         (call $double (call $double (local.get 0)))))
/// "#)?;
/// let mut linker = Linker::new(&engine);
/// linker.func_wrap("host", "double", |mut caller: Caller<'_, u32>, x: i32| {
///     *caller.data_mut() += 1; // count the calls
///     x * 2
/// })?;
/// let mut store = Store::new(&engine, 0u32);
/// let instance = linker.instantiate(&mut store, &module)?;
/// let quadruple = instance.get_typed_func::<i32, i32>(&mut store, "quadruple")?;
/// assert_eq!(quadruple.call(&mut store, 5)?, 20);
/// assert_eq!(*store.data(), 2);
/// # Ok::<(), kestrel::Error>(())
/// ```
pub struct Linker<T> {
    engine: Engine,
    defs: HashMap<(String, String), Definition<T>>,
    /// More host functions under a name, each chosen for an import of its type
    /// ([`Linker::func_wrap_overload`]).
    overloads: HashMap<(String, String), Overloads<T>>,
    allow_shadowing: bool,
}

impl<T> Clone for Linker<T> {
    fn clone(&self) -> Self {
        Self {
            engine: self.engine.clone(),
            defs: self.defs.clone(),
            overloads: self.overloads.clone(),
            allow_shadowing: self.allow_shadowing,
        }
    }
}

impl<T> std::fmt::Debug for Linker<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<_> = self.defs.keys().collect();
        names.sort();
        f.debug_struct("Linker").field("defs", &names).finish()
    }
}

impl<T: 'static> Linker<T> {
    /// An empty linker for `engine`.
    pub fn new(engine: &Engine) -> Self {
        Self {
            engine: engine.clone(),
            defs: HashMap::new(),
            overloads: HashMap::new(),
            allow_shadowing: false,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether a later definition of the same name replaces an earlier one (default: error).
    pub fn allow_shadowing(&mut self, yes: bool) -> &mut Self {
        self.allow_shadowing = yes;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<&mut Self, Error> {
        let key = (module.to_string(), name.to_string());
        if !self.allow_shadowing && self.defs.contains_key(&key) {
            return Err(Error::Usage(format!(
                "`{module}::{name}` is already defined in this linker"
            )));
        }
        self.defs.insert(key, def);
        Ok(self)
    }

    /// Defines a host function from a closure (see [`Func::wrap`] for the closure shapes).
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self, Error> {
        let (ty, func) = f.into_func();
        self.insert(module, name, Definition::HostFunc(ty, func))
    }

    /// Adds a host function under `module::name` that is chosen only for imports of its type,
    /// beside the name's ordinary definition (which serves every other import of the name).
    /// For host interfaces that give one name two signatures: WasmEdge's socket extension
    /// defines `wasi_snapshot_preview1::sock_accept` with two parameters, preview1 with three.
    /// Two overloads of one name with the same type are an error.
    pub fn func_wrap_overload<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self, Error> {
        let (ty, func) = f.into_func();
        let alternatives = self
            .overloads
            .entry((module.to_string(), name.to_string()))
            .or_default();
        if alternatives.iter().any(|(t, _)| *t == ty) {
            return Err(Error::Usage(format!(
                "`{module}::{name}` already has an overload of type {ty:?}"
            )));
        }
        alternatives.push((ty, func));
        Ok(self)
    }

    /// The host function for an import of `module::name` of type `ty`: an overload of that
    /// type when the name's definition has another.
    fn overload_for(&self, module: &str, name: &str, ty: &FuncType) -> Option<&Arc<HostFuncFn<T>>> {
        let alternatives = self
            .overloads
            .get(&(module.to_string(), name.to_string()))?;
        if let Some(Definition::HostFunc(t, _)) =
            self.defs.get(&(module.to_string(), name.to_string()))
            && t == ty
        {
            return None;
        }
        alternatives.iter().find(|(t, _)| t == ty).map(|(_, f)| f)
    }

    /// Defines a host function of type `ty` working on [`Val`]s.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Result<&mut Self, Error> {
        let func = host_func_from_vals(ty.clone(), f);
        self.insert(module, name, Definition::HostFunc(ty, func))
    }

    /// Defines `module::name` as an item of a store.
    pub fn define(
        &mut self,
        _store: impl AsContext<Data = T>,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self, Error> {
        self.insert(module, name, Definition::Extern(item.into()))
    }

    /// Defines `module::name` as a shared memory, for any store: each store that instantiates
    /// through this linker uses that one memory (the way threads share a memory, each in a
    /// store of its own).
    pub fn define_shared_memory(
        &mut self,
        module: &str,
        name: &str,
        memory: SharedMemory,
    ) -> Result<&mut Self, Error> {
        self.insert(module, name, Definition::SharedMemory(memory))
    }

    /// Defines every export of `instance` under `module_name`.
    pub fn instance(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module_name: &str,
        instance: Instance,
    ) -> Result<&mut Self, Error> {
        for (name, ext) in instance.exports(&mut store) {
            self.insert(module_name, &name, Definition::Extern(ext))?;
        }
        Ok(self)
    }

    /// The item defined as `module::name`, placing a host function in the store if needed.
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        let def = self.defs.get(&(module.to_string(), name.to_string()))?;
        Some(match def {
            Definition::Extern(e) => *e,
            Definition::HostFunc(ty, f) => Extern::Func(Func::from_host(
                store.as_context_mut().0,
                ty.clone(),
                f.clone(),
            )),
            Definition::SharedMemory(m) => Extern::Memory(m.memory(store)),
        })
    }

    /// Instantiates `module`, resolving each import by name, then runs its start function.
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance, Error> {
        let store = store.as_context_mut().0;
        let mut imports = Vec::with_capacity(module.inner.info.imports.len());
        let info = &module.inner.info;
        for imp in &info.imports {
            if let ImportType::Func(idx) = imp.ty {
                let ty = &info.types[idx as usize];
                if let Some(f) = self.overload_for(&imp.module, &imp.name, ty) {
                    imports.push(Extern::Func(Func::from_host(
                        &mut *store,
                        ty.clone(),
                        f.clone(),
                    )));
                    continue;
                }
            }
            let ext = self
                .get(&mut *store, &imp.module, &imp.name)
                .ok_or_else(|| {
                    Error::Link(format!(
                        "unknown import: `{}::{}` has not been defined",
                        imp.module, imp.name
                    ))
                })?;
            imports.push(ext);
        }
        instantiate(store, module, &imports)
    }
}
