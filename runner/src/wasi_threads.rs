//! wasi-threads for `kestrel wasm` (the `wasm32-wasip1-threads` target's ABI): the import
//! `wasi::thread-spawn(arg) -> tid`, which runs the module's export
//! `wasi_thread_start(tid, arg)` on a new host thread.
//!
//! Each thread is an instance of the same module in a store of its own. All of them import
//! the same shared memories (made here, one per shared-memory import of the module) and use
//! one WASI context behind a mutex, so a file opened by one thread is there for the others.
//! As in wasmtime, the program is one process: `proc_exit(n)` in any thread ends it with `n`,
//! and a trap in any thread ends it with the trap's status (134); a thread that returns from
//! `wasi_thread_start` just ends. The main thread returning from `_start` ends the program.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use kestrel::{
    Caller, Engine, ExternType, Linker, Module, SharedMemory, Store, StoreLimits,
    StoreLimitsBuilder,
};
use kestrel_wasi::WasiCtx;

use crate::wasm_exec::{WasmExecError, exit_status};

/// The store's data of every thread of a run: the shared WASI state and this store's limits.
pub(crate) struct RunState {
    pub(crate) wasi: Arc<Mutex<WasiCtx>>,
    pub(crate) limits: StoreLimits,
}

/// Per-store settings every thread's store gets: the memory cap, fuel and the epoch
/// deadline for `--timeout`.
#[derive(Clone, Copy)]
pub(crate) struct StoreSettings {
    pub(crate) max_memory: Option<u64>,
    pub(crate) fuel: Option<u64>,
    pub(crate) timeout: bool,
}

impl StoreSettings {
    /// A store for one thread of the run.
    pub(crate) fn store(
        &self,
        engine: &Engine,
        wasi: Arc<Mutex<WasiCtx>>,
    ) -> Result<Store<RunState>, kestrel::Error> {
        let mut limits = StoreLimitsBuilder::new();
        if let Some(max) = self.max_memory {
            limits = limits.memory_size(usize::try_from(max).unwrap_or(usize::MAX));
        }
        let mut store = Store::new(
            engine,
            RunState {
                wasi,
                limits: limits.build(),
            },
        );
        store.limiter(|s: &mut RunState| &mut s.limits);
        if let Some(fuel) = self.fuel {
            store.set_fuel(fuel)?;
        }
        if self.timeout {
            store.set_epoch_deadline(1);
        }
        Ok(store)
    }
}

/// Most thread ids wasi-threads allows (ids are 1..=0x1FFF_FFFF).
const MAX_TID: i32 = 0x1FFF_FFFF;

/// What `thread-spawn` needs: the finished linker and the module (set once the linker that
/// holds `thread-spawn` itself is complete), the shared WASI state and the store settings.
pub(crate) struct Threads {
    program: OnceLock<(Linker<RunState>, Module)>,
    wasi: Arc<Mutex<WasiCtx>>,
    settings: StoreSettings,
    next_tid: AtomicI32,
    name: String,
}

impl Threads {
    /// Whether `module` is a wasi-threads program: it imports `wasi::thread-spawn` or a shared
    /// memory.
    pub(crate) fn wanted_by(module: &Module) -> bool {
        module.imports().any(|imp| {
            (imp.module() == "wasi" && imp.name() == "thread-spawn")
                || matches!(imp.ty(), ExternType::Memory(m) if m.shared)
        })
    }

    /// Defines `wasi::thread-spawn` and one shared memory for each shared-memory import of
    /// `module` in `linker`; call [`Threads::finish`] once the linker is complete.
    pub(crate) fn define(
        linker: &mut Linker<RunState>,
        module: &Module,
        wasi: Arc<Mutex<WasiCtx>>,
        settings: StoreSettings,
        name: &str,
    ) -> Result<Arc<Threads>, WasmExecError> {
        let engine = linker.engine().clone();
        for imp in module.imports() {
            let ExternType::Memory(ty) = imp.ty() else {
                continue;
            };
            if !ty.shared {
                continue;
            }
            let bytes = ty.limits.min.saturating_mul(ty.page_size());
            if settings.max_memory.is_some_and(|max| bytes > max) {
                return Err(WasmExecError::Engine(format!(
                    "cannot instantiate {name}: its shared memory `{}::{}` starts at {bytes} \
                     bytes, over the memory limit",
                    imp.module(),
                    imp.name()
                )));
            }
            let memory = SharedMemory::new(&engine, ty).map_err(|e| {
                WasmExecError::Engine(format!(
                    "cannot create the shared memory `{}::{}` of {name}: {e}",
                    imp.module(),
                    imp.name()
                ))
            })?;
            linker
                .define_shared_memory(imp.module(), imp.name(), memory)
                .map_err(|e| WasmExecError::Engine(e.to_string()))?;
        }
        let threads = Arc::new(Threads {
            program: OnceLock::new(),
            wasi,
            settings,
            next_tid: AtomicI32::new(1),
            name: name.to_string(),
        });
        let spawner = Arc::downgrade(&threads);
        linker
            .func_wrap(
                "wasi",
                "thread-spawn",
                move |_caller: Caller<'_, RunState>, arg: i32| -> i32 {
                    spawner.upgrade().map_or(-1, |threads| threads.spawn(arg))
                },
            )
            .map_err(|e| WasmExecError::Engine(e.to_string()))?;
        Ok(threads)
    }

    /// Records the complete linker and the module, for the threads to come.
    pub(crate) fn finish(&self, linker: Linker<RunState>, module: Module) {
        let _ = self.program.set((linker, module));
    }

    /// `thread-spawn(arg)`: the new thread's id, or a negative number when none could be
    /// started (no `wasi_thread_start(i32, i32)` export, ids or host threads exhausted).
    fn spawn(self: Arc<Self>, arg: i32) -> i32 {
        let Some((_, module)) = self.program.get() else {
            return -1;
        };
        let starts = module.exports().any(|e| {
            e.name() == "wasi_thread_start"
                && matches!(e.ty(), ExternType::Func(f)
                    if f.params() == [kestrel::ValType::I32, kestrel::ValType::I32]
                        && f.results().is_empty())
        });
        if !starts {
            return -1;
        }
        let tid = self.next_tid.fetch_add(1, Ordering::Relaxed);
        if !(1..=MAX_TID).contains(&tid) {
            return -1;
        }
        let threads = self.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("wasi-thread-{tid}"))
            .spawn(move || {
                if let Some((linker, module)) = threads.program.get() {
                    threads.run_thread(linker, module, tid, arg);
                }
            });
        match spawned {
            Ok(_) => tid,
            Err(_) => -1,
        }
    }

    /// The body of thread `tid`: instantiate, run `wasi_thread_start(tid, arg)`, and end the
    /// whole process if the thread exits or traps.
    fn run_thread(&self, linker: &Linker<RunState>, module: &Module, tid: i32, arg: i32) {
        let result = self
            .settings
            .store(linker.engine(), self.wasi.clone())
            .and_then(|mut store| {
                let instance = linker.instantiate(&mut store, module)?;
                let start =
                    instance.get_typed_func::<(i32, i32), ()>(&mut store, "wasi_thread_start")?;
                start.call(&mut store, (tid, arg))
            });
        if let Err(e) = result {
            let status = exit_status(e, &self.name).unwrap_or_else(|e| {
                eprintln!("Error: {e}");
                crate::wasm_exec::EXIT_TRAP
            });
            std::process::exit(status);
        }
    }
}
