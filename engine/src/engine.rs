//! `Engine` and `Config`: settings shared by every module and store, and the engine-wide registry
//! of function types (`type_registry`: equivalent types get one index, so `call_indirect`
//! compares two small indices instead of two signatures).

use crate::error::CompileError;
use crate::type_registry::TypeRegistry;
use crate::value::{FuncType, TypeIndex};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// When function bodies are validated and translated to the interpreter's register IR.
///
/// | mode | at `Module::new` | at a function's first call | wasmi's name |
/// |---|---|---|---|
/// | [`Lazy`](Self::Lazy) (default) | validate every body | translate | `LazyTranslation` |
/// | [`Eager`](Self::Eager) | validate and translate every body | – | `Eager` |
/// | [`LazyValidation`](Self::LazyValidation) | module-level checks only | validate and translate | `Lazy` |
///
/// Module-level rules (types, imports, exports, segments, constant expressions ...) are always
/// checked at `Module::new`. Large code sections are validated or translated on every core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompilationMode {
    /// Validate every body at `Module::new`, translate a function on its first call (default).
    /// An invalid module is rejected at once, as the spec requires.
    #[default]
    Lazy,
    /// Validate and translate every body at `Module::new`.
    Eager,
    /// Defer the validation of each function body, with its translation, to the function's
    /// first call: the fastest start-up for large modules of which little code runs.
    ///
    /// This departs from the spec: a module with an invalid (or malformed) function body is
    /// accepted by `Module::new`, and the error comes when that function is first called (or
    /// is the start function of an instance being created), as an
    /// [`Error::Compile`](crate::Error::Compile) from the call, never a panic or a trap. A body
    /// that is never called is never checked. Use it only for modules you trust to be valid,
    /// e.g. ones validated when they were deployed.
    LazyValidation,
}

/// How an engine runs wasm code ([`Config::strategy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// The register-IR interpreter (default): every host, the fastest start-up.
    #[default]
    Interpreter,
    /// Compile each module's functions to host machine code with Cranelift at `Module::new`
    /// (the engine's `cranelift` cargo feature, on x86_64 and aarch64 hosts; elsewhere
    /// `Module::new` fails, naming why). A function using what the tier does not cover yet,
    /// or calling one that does, runs in the interpreter, transparently: the same results,
    /// traps and limits, with two exceptions. Where the spec leaves a NaN's sign or payload
    /// to the engine, the tiers may pick differently (SIMD `min` and `max` on x86_64 and
    /// aarch64). And a `return_call_indirect`/`return_call_ref` from compiled code is a tail
    /// call only to compiled code of the same instance; to anything else (a host function,
    /// another instance, a function left to the interpreter) it is an ordinary call and a
    /// return, so a loop of such tail calls that never ends in the interpreter exhausts the
    /// stack (`StackOverflow`) under this strategy. Compiled code meters fuel and checks the epoch too: fuel by straight
    /// runs of wasm operators (one unit per operator but `nop`, `drop`, `block`, `loop`,
    /// `unreachable`, `return`, `else` and `end`, as wasmtime counts; the interpreter counts
    /// its own instructions, so the fuel a call uses differs between the strategies), the
    /// epoch at every function entry and loop header. Compiled code trusts its
    /// input, so every body is validated at `Module::new` whatever the
    /// [`CompilationMode`] (`LazyValidation` then validates up front like `Lazy`).
    ///
    /// On Linux the tier installs handlers for SIGSEGV, SIGBUS, SIGILL and SIGFPE at its first
    /// compile (chaining to those installed before): compiled code traps through the
    /// processor, and leaves most bounds checks to guard pages after memory 0
    /// ([`Config::memory_guard_size`]). An embedder that installs its own handlers for these
    /// signals afterwards must chain to the previous ones, as wasmtime requires too.
    Cranelift,
}

/// The WebAssembly features a module may use beyond the rest of the Wasm 2.0 core (two of
/// Wasm 2.0's own, SIMD and reference types, included), each switched by a `Config::wasm_*`
/// method. A module that uses one that is off is refused with the same "unsupported feature"
/// error as a feature the engine does not implement (or, where the testsuites written before
/// the feature expect it, as invalid: a second memory or table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Features {
    /// `return_call` and `return_call_indirect` ([`Config::wasm_tail_call`]).
    pub tail_call: bool,
    /// Exception handling, standard form (`try_table`, `throw`, `throw_ref`, `exnref`, tags).
    pub exceptions: bool,
    /// Exception handling, legacy form (`try`, `catch`, `catch_all`, `rethrow`, `delegate`).
    pub legacy_exceptions: bool,
    /// Reference types (Wasm 2.0): `funcref` and `externref` as value types, `ref.null`,
    /// `ref.is_null`, `ref.func`, `table.get`/`set`/`size`/`grow`/`fill`, typed `select` and
    /// any number of tables ([`Config::wasm_reference_types`]).
    pub reference_types: bool,
    /// Typed function references (non-nullable references, `ref.as_non_null`, `br_on_null`,
    /// table initialisers).
    pub function_references: bool,
    /// Arithmetic in constant expressions.
    pub extended_const: bool,
    /// 128-bit arithmetic on pairs of i64: `i64.add128`, `i64.sub128`, `i64.mul_wide_s`,
    /// `i64.mul_wide_u` ([`Config::wasm_wide_arithmetic`]).
    pub wide_arithmetic: bool,
    /// Memories with a page size other than 64 KiB (`(pagesize 1)`;
    /// [`Config::wasm_custom_page_sizes`]).
    pub custom_page_sizes: bool,
    /// Any number of memories, a memory index on every memory instruction
    /// ([`Config::wasm_multi_memory`]).
    pub multi_memory: bool,
    /// Fixed-width 128-bit SIMD (Wasm 2.0): the `v128` type and its operators
    /// ([`Config::wasm_simd`]).
    pub simd: bool,
    /// Relaxed SIMD (Wasm 3.0): the `relaxed_*` operators on `v128`, whose results may depend
    /// on the host ([`Config::wasm_relaxed_simd`]; needs `simd`).
    pub relaxed_simd: bool,
    /// Threads: shared memories, the atomic operators, `memory.atomic.wait`/`notify`
    /// ([`Config::wasm_threads`]).
    pub threads: bool,
}

impl Default for Features {
    fn default() -> Self {
        Self {
            tail_call: true,
            exceptions: true,
            legacy_exceptions: false,
            reference_types: true,
            function_references: true,
            extended_const: true,
            wide_arithmetic: false,
            custom_page_sizes: false,
            multi_memory: true,
            simd: true,
            relaxed_simd: true,
            threads: true,
        }
    }
}

/// Default [`Config::memory_guard_size`]: 32 MiB.
pub const DEFAULT_GUARD_SIZE: u64 = 32 << 20;

/// Engine settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) features: Features,
    pub(crate) compilation_mode: CompilationMode,
    pub(crate) strategy: Strategy,
    pub(crate) consume_fuel: bool,
    pub(crate) epoch_interruption: bool,
    pub(crate) max_call_depth: usize,
    pub(crate) max_value_stack: usize,
    pub(crate) max_wasm_stack: usize,
    pub(crate) memory_reservation: Option<u64>,
    pub(crate) memory_guard_size: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            features: Features::default(),
            compilation_mode: CompilationMode::Lazy,
            strategy: Strategy::Interpreter,
            consume_fuel: false,
            epoch_interruption: false,
            max_call_depth: 100_000,
            max_value_stack: 1 << 22,
            max_wasm_stack: 512 << 10,
            memory_reservation: None,
            memory_guard_size: DEFAULT_GUARD_SIZE,
        }
    }
}

impl Config {
    /// The default configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Chooses when function bodies are validated and translated (default
    /// [`CompilationMode::Lazy`]: validated at `Module::new`, translated on first call).
    ///
    /// [`CompilationMode::LazyValidation`] defers validation to first call too (wasmi's `Lazy`
    /// mode): faster start-up, but an invalid body is only reported when its function is first
    /// called, as an [`Error::Compile`](crate::Error::Compile) from that call, not by
    /// `Module::new` as the spec requires.
    pub fn compilation_mode(&mut self, mode: CompilationMode) -> &mut Self {
        self.compilation_mode = mode;
        self
    }

    /// How wasm code runs: interpreted (default) or compiled by Cranelift; see [`Strategy`].
    pub fn strategy(&mut self, strategy: Strategy) -> &mut Self {
        self.strategy = strategy;
        self
    }

    /// Allows exception handling in its standard (Wasm 3.0) form: tags, `try_table`, `throw`,
    /// `throw_ref` and `exnref` (default on).
    pub fn wasm_exceptions(&mut self, on: bool) -> &mut Self {
        self.features.exceptions = on;
        self
    }

    /// Allows exception handling in its legacy form: `try`, `catch`, `catch_all`, `rethrow`
    /// and `delegate`, which LLVM (up to 21) and Emscripten emit for `-fwasm-exceptions`
    /// (default off, as in wasmtime; `kestrel wasm` turns it on). Tags are shared with the
    /// standard form, so it needs [`Config::wasm_exceptions`] too.
    pub fn legacy_exceptions(&mut self, on: bool) -> &mut Self {
        self.features.legacy_exceptions = on;
        self
    }

    /// Accepts reference types (Wasm 2.0): `funcref` and `externref` as the types of
    /// parameters, results, locals, globals and blocks; the operators `ref.null`,
    /// `ref.is_null`, `ref.func`, `table.get`, `table.set`, `table.size`, `table.grow`,
    /// `table.fill` and `select` with a type; `ref.null` and `ref.func` in global initialisers;
    /// and any number of tables. On by default.
    ///
    /// When off, a module is held to Wasm 1.0's tables and values, as with wasmtime's
    /// `wasm_reference_types(false)`: at most one table, imported or defined (a module with
    /// more is rejected as invalid, "multiple tables", as the testsuites written before
    /// reference types expect), whose elements are `funcref`; a module using any of the rest is
    /// rejected as an unsupported feature. Element segments keep working (their function
    /// indices, or `ref.func`/`ref.null` items, fill the one table), as do `call_indirect` and
    /// bulk memory's `table.copy`, `table.init` and `elem.drop` on that table.
    ///
    /// Typed function references, GC and exception handling (`exnref`) build on reference
    /// types. Turning this off while they are on is the embedder's business: `Engine::new`
    /// accepts it, and every reference value type (`(ref $t)`, `exnref` ...) is then refused as
    /// unsupported, so of those proposals only what needs no reference value works (e.g.
    /// `throw` and `try_table` without `catch_ref`).
    pub fn wasm_reference_types(&mut self, on: bool) -> &mut Self {
        self.features.reference_types = on;
        self
    }

    /// Allows typed function references: non-nullable reference types, `ref.as_non_null`,
    /// `br_on_null`, `br_on_non_null` and table initialisers (default on).
    pub fn wasm_function_references(&mut self, on: bool) -> &mut Self {
        self.features.function_references = on;
        self
    }

    /// Allows `i32`/`i64` `add`, `sub` and `mul` in constant expressions (default on).
    pub fn wasm_extended_const(&mut self, on: bool) -> &mut Self {
        self.features.extended_const = on;
        self
    }

    /// Accepts the wide-arithmetic proposal: `i64.add128`, `i64.sub128`, `i64.mul_wide_s` and
    /// `i64.mul_wide_u`, which compute 128-bit sums, differences and products of i64 pairs
    /// (low half first). Off by default (a proposal beyond Wasm 3.0, as in wasmtime); when off,
    /// a module using them is rejected as an unsupported feature.
    pub fn wasm_wide_arithmetic(&mut self, on: bool) -> &mut Self {
        self.features.wide_arithmetic = on;
        self
    }

    /// Accepts the custom-page-sizes proposal: a memory type may set its page size with
    /// `(pagesize 1)` or `(pagesize 65536)`, and that memory's limits, `memory.size`,
    /// `memory.grow` and [`Memory::size`](crate::Memory::size) count in its pages (see
    /// [`MemoryType::page_size_log2`](crate::MemoryType#structfield.page_size_log2)). Off by
    /// default (a proposal beyond Wasm 3.0, as in wasmtime); when off, a module declaring a
    /// page size is rejected as an unsupported feature.
    pub fn wasm_custom_page_sizes(&mut self, on: bool) -> &mut Self {
        self.features.custom_page_sizes = on;
        self
    }

    /// Accepts multi-memory (Wasm 3.0): a module may define and import any number of
    /// memories, and every load, store, `memory.size`, `memory.grow` and bulk memory
    /// instruction names one by index. On by default, with the rest of Wasm 3.0's binary
    /// format (limits and memory offsets as u64 LEB128s, those past 32 bits invalid). When off,
    /// the binary format is Wasm 2.0's: at most one memory, `memory.size`/`memory.grow` carry
    /// a reserved zero byte rather than a memory index, and limits and offsets are u32
    /// LEB128s (a module beyond that is rejected as invalid or malformed, as the Wasm 2.0
    /// testsuite expects).
    pub fn wasm_multi_memory(&mut self, on: bool) -> &mut Self {
        self.features.multi_memory = on;
        self
    }

    /// Accepts fixed-width SIMD (Wasm 2.0): the `v128` type (in parameters, results, locals,
    /// globals, blocks and tags), `v128.const` in constant expressions and the 128-bit vector
    /// operators. On by default. When off, a module using them is rejected as an unsupported
    /// feature.
    pub fn wasm_simd(&mut self, on: bool) -> &mut Self {
        self.features.simd = on;
        self
    }

    /// Accepts relaxed SIMD (Wasm 3.0): `i8x16.relaxed_swizzle`, the `relaxed_trunc`,
    /// `relaxed_madd`/`relaxed_nmadd`, `relaxed_laneselect`, `relaxed_min`/`relaxed_max`,
    /// `relaxed_q15mulr_s` and `relaxed_dot` operators. On by default; it needs
    /// [`Config::wasm_simd`] too. When off, a module using them is rejected as an unsupported
    /// feature.
    pub fn wasm_relaxed_simd(&mut self, on: bool) -> &mut Self {
        self.features.relaxed_simd = on;
        self
    }

    /// Turns fuel metering on: every store then starts with no fuel and traps with
    /// [`TrapCode::OutOfFuel`](crate::TrapCode::OutOfFuel) when it runs out.
    pub fn consume_fuel(&mut self, on: bool) -> &mut Self {
        self.consume_fuel = on;
        self
    }

    /// Accepts the threads proposal: shared memories (`(memory 1 10 shared)`, which must have
    /// a maximum), the atomic loads, stores, read-modify-writes and compare-exchanges,
    /// `memory.atomic.wait32/64`, `memory.atomic.notify` and `atomic.fence`. On by default (as
    /// in wasmtime). When off, a module using them is rejected as an unsupported feature.
    ///
    /// A store runs on one thread at a time; threads share a memory by each instantiating
    /// the module in a store of its own, with the same [`SharedMemory`](crate::SharedMemory)
    /// imported ([`Linker::define_shared_memory`](crate::Linker::define_shared_memory)).
    pub fn wasm_threads(&mut self, on: bool) -> &mut Self {
        self.features.threads = on;
        self
    }

    /// Turns epoch-based interruption on: running wasm checks, at every loop back-edge and every
    /// call, whether the engine's epoch ([`Engine::increment_epoch`], callable from any thread)
    /// has reached the store's deadline ([`Store::set_epoch_deadline`](crate::Store::set_epoch_deadline)),
    /// and traps with [`TrapCode::Interrupted`](crate::TrapCode::Interrupted) if so.
    ///
    /// A store's deadline starts at 0, so with this on a store must set a deadline before it
    /// runs anything (as in wasmtime). Off by default; when off the checks are not compiled
    /// into the interpreter loop that runs.
    pub fn epoch_interruption(&mut self, on: bool) -> &mut Self {
        self.epoch_interruption = on;
        self
    }

    /// Maximum number of nested wasm call frames before a `StackOverflow` trap (default 100,000).
    pub fn max_call_depth(&mut self, frames: usize) -> &mut Self {
        self.max_call_depth = frames;
        self
    }

    /// Maximum number of 64-bit cells on the value stack before a `StackOverflow` trap
    /// (default 4 Mi cells, 32 MiB).
    pub fn max_value_stack(&mut self, cells: usize) -> &mut Self {
        self.max_value_stack = cells;
        self
    }

    /// The most host stack, in bytes, that calls into wasm may use on one thread before a
    /// `StackOverflow` trap (default 512 KiB, as in wasmtime).
    ///
    /// The interpreter keeps wasm frames on its own stacks, so wasm calling wasm takes no host
    /// stack; what does is re-entry: wasm calls a host function that calls into wasm again, and
    /// each such level holds an interpreter loop and the host function's frames on the thread's
    /// stack. Every entry into wasm measures how far the stack has grown since the outermost
    /// one and traps past this budget, so unbounded re-entry ends in a trap, not a crash. How
    /// many levels fit depends on the target and build (a level is a few KiB); the thread's
    /// stack must be larger than the budget plus what its code uses before the outermost call
    /// (Rust's spawned threads have 2 MiB).
    ///
    /// The measure assumes that the nested calls of one thread run on one stack. A host
    /// function that switches to another stack (a fiber or coroutine) and calls into wasm from
    /// there may see that call trap at once: the distance between the two stacks counts as used.
    pub fn max_wasm_stack(&mut self, bytes: usize) -> &mut Self {
        self.max_wasm_stack = bytes;
        self
    }

    /// The most address space a linear memory reserves when it is created, in bytes (rounded
    /// up to whole wasm pages; at least one page). A memory reserves its maximum up front, so
    /// that it grows in place; one that grows past its reservation moves to a new one of at
    /// least twice the size, which is still correct (the engine reloads a memory's base after
    /// every grow and call) but copies the memory. Default: 4 GiB on 64-bit hosts (the most a
    /// 32-bit memory can have), 64 MiB on 32-bit hosts. A small device running many instances
    /// side by side sets a lower cap, as with wasmtime's `memory_reservation`.
    ///
    /// Reservations are address space, not memory: only the pages a memory has grown to are
    /// ever backed. The cap matters where address space is limited (32-bit hosts, `ulimit -v`,
    /// overcommit accounting).
    pub fn memory_reservation(&mut self, bytes: u64) -> &mut Self {
        self.memory_reservation = Some(bytes);
        self
    }

    /// With [`Strategy::Cranelift`]: the bytes of inaccessible guard pages after a 32-bit
    /// memory's 4 GiB reservation (rounded up to whole wasm pages). Such a memory is reserved
    /// whole, and compiled code leaves the bounds check of an access whose static offset fits
    /// the guard to the processor: the fault is caught and becomes the wasm trap. Default
    /// 32 MiB (as wasmtime's `memory_guard_size` on 64-bit hosts). 0 turns guard pages off:
    /// every access is checked explicitly. Used only on 64-bit Linux hosts, and only when
    /// [`Config::memory_reservation`] allows 4 GiB; elsewhere accesses are checked explicitly.
    ///
    /// A module compiled this way needs its memory 0 guarded: instantiating it fails, naming
    /// why, where the host refuses that much address space (a small `ulimit -v`).
    pub fn memory_guard_size(&mut self, bytes: u64) -> &mut Self {
        self.memory_guard_size = bytes;
        self
    }

    /// The guard, in bytes, that compiled code may rely on after a 32-bit memory's 4 GiB, if
    /// this configuration uses guard pages at all (see [`Config::memory_guard_size`]).
    pub(crate) fn memory_guard(&self) -> Option<usize> {
        let full = 1u64 << 32;
        let on = cfg!(all(kestrel_jit, target_os = "linux"))
            && usize::BITS >= 64
            && self.strategy == Strategy::Cranelift
            && self.memory_guard_size > 0
            && self.memory_reservation.is_none_or(|r| r >= full);
        let page = crate::runtime::memory::PAGE_SIZE as u64;
        let guard = self.memory_guard_size.checked_next_multiple_of(page)?;
        // A guard larger than 4 GiB buys nothing (offsets are 32-bit) and costs address space.
        on.then(|| usize::try_from(guard.min(full)).ok()).flatten()
    }

    /// Accepts the tail-call proposal (Wasm 3.0): `return_call` and `return_call_indirect`,
    /// which replace the calling function's frame by the callee's, so tail recursion runs in
    /// constant stack space and never reaches [`Config::max_call_depth`]. On by default (as in
    /// wasmtime); when off, a module using them is rejected as an unsupported feature.
    pub fn wasm_tail_call(&mut self, on: bool) -> &mut Self {
        self.features.tail_call = on;
        self
    }
}

#[derive(Debug)]
pub(crate) struct EngineInner {
    pub(crate) config: Config,
    /// The epoch counter, advanced by [`Engine::increment_epoch`].
    pub(crate) epoch: AtomicU64,
    types: RwLock<TypeRegistry>,
}

/// The compilation and execution environment shared by modules and stores. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) inner: Arc<EngineInner>,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(&Config::default())
    }
}

impl Engine {
    /// Creates an engine with the given settings.
    pub fn new(config: &Config) -> Engine {
        Engine {
            inner: Arc::new(EngineInner {
                config: config.clone(),
                epoch: AtomicU64::new(0),
                types: RwLock::new(TypeRegistry::default()),
            }),
        }
    }

    /// The engine's settings.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Whether two handles are the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// Advances the engine's epoch by one. Safe to call from any thread (a timer thread, a
    /// signal-driven watchdog) while wasm runs; every store whose epoch deadline is reached then
    /// traps with [`TrapCode::Interrupted`](crate::TrapCode::Interrupted) at its next loop
    /// back-edge or call. Does nothing visible unless [`Config::epoch_interruption`] is on.
    pub fn increment_epoch(&self) {
        self.inner.epoch.fetch_add(1, Ordering::Relaxed);
    }

    /// The current epoch.
    pub(crate) fn current_epoch(&self) -> u64 {
        self.inner.epoch.load(Ordering::Relaxed)
    }

    /// The engine-wide index of function type `ty`, a type of its own (a recursion group of
    /// one), as a host function or an embedder's `(ref $t)` names it. A module's
    /// `(type (func ...))` with the same parameters and results has the same index.
    pub fn func_type_index(&self, ty: &FuncType) -> TypeIndex {
        let group = std::slice::from_ref(ty);
        if let Some(index) = self.read_types().lookup(group) {
            return index;
        }
        let mut reg = self.inner.types.write().unwrap_or_else(|e| e.into_inner());
        // 2^31 distinct types would take far more memory than a process has.
        reg.register(group)
            .expect("fewer than 2^31 distinct function types")
    }

    /// The function type with this index, if the index is this engine's.
    pub fn func_type(&self, index: TypeIndex) -> Option<FuncType> {
        self.read_types().get(index).cloned()
    }

    /// Registers a module's recursion group (references inside it made with
    /// `TypeIndex::group_relative`) and returns the index of its first type.
    pub(crate) fn register_rec_group(&self, group: &[FuncType]) -> Result<TypeIndex, CompileError> {
        if let Some(index) = self.read_types().lookup(group) {
            return Ok(index);
        }
        let mut reg = self.inner.types.write().unwrap_or_else(|e| e.into_inner());
        reg.register(group).map_err(|_| {
            CompileError::unsupported("more than 2^31 distinct function types in one engine", None)
        })
    }

    /// The function type with this index, which the engine handed out.
    pub(crate) fn resolve_type(&self, index: TypeIndex) -> FuncType {
        self.func_type(index)
            .expect("type indices in the engine's entities are the engine's")
    }

    fn read_types(&self) -> std::sync::RwLockReadGuard<'_, TypeRegistry> {
        self.inner.types.read().unwrap_or_else(|e| e.into_inner())
    }
}
