//! Runs one `.wast` script against the engine, judging every directive.
//!
//! The engine is used only through its public embedding API: modules are compiled with
//! [`Module::from_binary`] (the script's text modules are encoded by the `wast` crate first, so
//! the engine's own WAT front end is not what is tested), instantiated by a [`Linker`] that
//! holds the `spectest` module and every `register`ed instance, and called with [`Func::call`].
//! All modules of a script share one [`Store`], as the scripts' cross-module tests require.
//!
//! Directives: `module` (text, `binary`, `quote`, named `$m`), `module definition` /
//! `module instance`, `register`, `invoke`, `get`, `assert_return` (NaN patterns, `ref.null`,
//! `ref.extern N`, `ref.func`, `either`), `assert_trap` (on a call, or on instantiating a module
//! — the form the testsuite now uses for what was `assert_uninstantiable`), `assert_exhaustion`,
//! `assert_invalid`, `assert_malformed` (a text module the `wast` crate refuses counts as
//! rejected; a binary one must be rejected by the engine as malformed), `assert_unlinkable`.
//! `assert_exception`: the call must end in an uncaught wasm exception (`Error::Exception`).
//! `thread $t (shared (module $m)) ...` runs its directives on a host thread, in a store of
//! its own over the same engine, where `$m` names the shared memories of the script's `$m`
//! (for `register`; a store cannot use another's functions); `wait $t` joins it and reports its
//! directives at their lines. Proposal-only directives (`assert_suspension`, custom section
//! assertions) are reported as failures naming what is unsupported.
//!
//! Scripts first go through [`unfold_legacy_exceptions`], which rewrites the folded legacy
//! `try` (that `wast` no longer parses) into its flat form without moving any line.
//!
//! A directive that panics inside the engine is a failure with the panic's message; the run
//! goes on with the next directive. A module that failed to compile or instantiate makes the
//! directives that use it fail with a reason naming that module's line, so one root cause is
//! easy to tell from its consequences.

use std::collections::HashMap;
use std::thread::{Scope, ScopedJoinHandle};

use kestrel::{
    CompilationMode, CompileErrorKind, Config, Engine, Error, Extern, Func, Instance, Linker,
    Module, SharedMemory, Store, Strategy, Val,
};
use wast::core::{Module as WatModule, ModuleKind};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::token::{Id, Span};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastInvoke, WastRet, WastThread, Wat};

use crate::legacy_unfold::unfold_legacy_exceptions;
use crate::outcome::{DirectiveResult, ScriptEvent};
use crate::panic_capture::catch_panic;
use crate::spectest_module::define_spectest;
use crate::trap_expectation::trap_matches;
use crate::wast_values::{arg_to_val, describe_expected, describe_val, matches, placeholder};

/// How the engine is configured for a run.
#[derive(Debug, Clone, Copy)]
pub struct EngineSettings {
    /// Lazy (default) or eager translation of function bodies.
    pub compilation: CompilationMode,
    /// The interpreter (default) or the Cranelift tier.
    pub strategy: Strategy,
    /// Wasm 2.0's binary format: multi-memory off (at most one memory; `memory.size` and
    /// `memory.grow` carry a reserved zero byte), for the testsuites written before Wasm 3.0
    /// ([`crate::suite::Suite::predates_multi_memory`]).
    pub wasm2_binary: bool,
    /// Wasm 1.0's tables: reference types off (at most one table, of `funcref`; no reference
    /// values), for the testsuites written before reference types, which expect a second
    /// table to be invalid ([`crate::suite::Suite::predates_reference_types`]: the threads
    /// proposal's).
    pub wasm1_tables: bool,
}

impl EngineSettings {
    fn engine(&self) -> Engine {
        let mut config = Config::new();
        config.compilation_mode(self.compilation);
        config.strategy(self.strategy);
        // The legacy exception files and the proposals beyond Wasm 3.0 that the engine
        // implements run too (the engine's default leaves them off).
        config.legacy_exceptions(true);
        config.wasm_wide_arithmetic(true);
        config.wasm_custom_page_sizes(true);
        config.wasm_multi_memory(!self.wasm2_binary);
        config.wasm_reference_types(!self.wasm1_tables);
        Engine::new(&config)
    }
}

/// An instantiated module of the script, or the line of the module that failed to be one.
#[derive(Clone, Copy)]
enum InstanceSlot {
    Ready(Instance),
    Failed { line: usize },
}

/// A compiled `module definition`, or the line of the one that failed to compile.
#[derive(Clone)]
enum DefinitionSlot {
    Ready(Module),
    Failed { line: usize },
}

/// The state of one script's run: the engine, the shared store and linker, and the modules
/// defined so far.
struct ScriptState<'t> {
    text: &'t str,
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// The most recently instantiated module, the target of directives naming none.
    current: Option<InstanceSlot>,
    /// Instances by their `$name`.
    named: HashMap<String, InstanceSlot>,
    /// The most recent `module definition`.
    last_definition: Option<DefinitionSlot>,
    /// `module definition`s by their `$name`.
    definitions: HashMap<String, DefinitionSlot>,
    /// In a `thread` block, the modules it shares with the script that started it (`(shared
    /// (module $m))`), by name: their shared memories, the only exports a store of another
    /// thread can use.
    shared_modules: HashMap<String, Vec<(String, SharedMemory)>>,
}

/// Why a directive failed (the text of its failure).
type Failure = String;

/// How the failure of an `assert_return` whose call returned other values starts (followed by
/// the export or global, e.g. `wrong result from "add": expected [...], got [...]`).
pub const WRONG_RESULT: &str = "wrong result from ";

/// Runs the script `text`, reporting each step to `on_event` as it happens.
pub fn run_script(text: &str, settings: EngineSettings, on_event: &mut dyn FnMut(ScriptEvent)) {
    // Keeps every line where it was, so reported lines are the original file's.
    let unfolded = unfold_legacy_exceptions(text);
    let text: &str = &unfolded;
    let mut lexer = Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buffer = match ParseBuffer::new_with_lexer(lexer) {
        Ok(buffer) => buffer,
        Err(e) => {
            return on_event(ScriptEvent::ScriptError(format!(
                "script does not lex: {e}"
            )));
        }
    };
    let wast = match parser::parse::<Wast<'_>>(&buffer) {
        Ok(wast) => wast,
        Err(e) => {
            return on_event(ScriptEvent::ScriptError(format!(
                "script does not parse: {e}"
            )));
        }
    };
    on_event(ScriptEvent::Total(count_directives(&wast.directives)));

    let engine = settings.engine();
    let mut state = match catch_panic(|| ScriptState::new(text, engine.clone())) {
        Ok(Ok(state)) => state,
        Ok(Err(e)) => {
            return on_event(ScriptEvent::ScriptError(format!(
                "could not set up the spectest module: {e}"
            )));
        }
        Err(panic) => {
            return on_event(ScriptEvent::ScriptError(format!(
                "setting up the spectest module: {panic}"
            )));
        }
    };
    std::thread::scope(|scope| {
        run_directives(&mut state, wast.directives, scope, on_event);
    });
}

/// How many directives `directives` holds, those inside `thread` blocks included: each is
/// judged (and counted) on its own.
fn count_directives(directives: &[WastDirective<'_>]) -> usize {
    directives
        .iter()
        .map(|d| match d {
            WastDirective::Thread(thread) => 1 + count_directives(&thread.directives),
            _ => 1,
        })
        .sum()
}

/// A `thread` block running on its own host thread: the events of its directives, replayed
/// when a `wait` joins it.
type ScriptThread<'scope> = ScopedJoinHandle<'scope, Vec<ScriptEvent>>;

/// Runs `directives` in `state`, reporting each to `on_event`. A `thread` block starts a host
/// thread (in `scope`) that runs its directives in a store of its own; `wait` joins it and
/// reports its directives' verdicts, at their own lines. Threads nobody waits for are joined
/// and reported at the end, so every directive is accounted for.
fn run_directives<'scope, 'a: 'scope>(
    state: &mut ScriptState<'a>,
    directives: Vec<WastDirective<'a>>,
    scope: &'scope Scope<'scope, '_>,
    on_event: &mut dyn FnMut(ScriptEvent),
) {
    let mut threads: HashMap<String, ScriptThread<'scope>> = HashMap::new();
    let join =
        |handle: ScriptThread<'scope>, on_event: &mut dyn FnMut(ScriptEvent)| match handle.join() {
            Ok(events) => {
                events.into_iter().for_each(&mut *on_event);
                None
            }
            Err(_) => Some("the thread panicked outside any directive".to_string()),
        };
    for directive in directives {
        let line = state.line(directive.span());
        let kind = directive_keyword(&directive).to_string();
        on_event(ScriptEvent::Start {
            line,
            kind: kind.clone(),
        });
        let failure = match directive {
            WastDirective::Thread(thread) => {
                let name = thread.name.name().to_string();
                match state.spawn_thread(thread, scope) {
                    Ok(handle) => threads.insert(name.clone(), handle).map(|_| {
                        format!("thread ${name} started again before a `wait` for the first")
                    }),
                    Err(failure) => Some(failure),
                }
            }
            WastDirective::Wait { thread, .. } => match threads.remove(thread.name()) {
                Some(handle) => join(handle, on_event),
                None => Some(format!("no running thread named ${}", thread.name())),
            },
            directive => match catch_panic(|| state.run(directive)) {
                Ok(Ok(())) => None,
                Ok(Err(failure)) => Some(failure),
                Err(panic) => Some(panic),
            },
        };
        on_event(ScriptEvent::Done(DirectiveResult {
            line,
            kind,
            failure,
        }));
    }
    let mut rest: Vec<_> = threads.into_iter().collect();
    rest.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, handle) in rest {
        if let Some(failure) = join(handle, on_event) {
            on_event(ScriptEvent::ScriptError(failure));
        }
    }
}

/// The keyword a directive is written with.
fn directive_keyword(directive: &WastDirective<'_>) -> &'static str {
    match directive {
        WastDirective::Module(QuoteWat::Wat(Wat::Module(WatModule {
            kind: ModuleKind::Binary(_),
            ..
        }))) => "module binary",
        WastDirective::Module(QuoteWat::QuoteModule(..)) => "module quote",
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}

/// Whether a module is written as text (including `module quote`) rather than as bytes.
fn is_text(module: &QuoteWat<'_>) -> bool {
    !matches!(
        module,
        QuoteWat::Wat(Wat::Module(WatModule {
            kind: ModuleKind::Binary(_),
            ..
        }))
    )
}

fn id_name(id: Option<Id<'_>>) -> Option<String> {
    id.map(|id| id.name().to_string())
}

impl<'t> ScriptState<'t> {
    fn new(text: &'t str, engine: Engine) -> Result<Self, Error> {
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        // Like the reference interpreter, a later `register` of a name replaces the earlier one.
        linker.allow_shadowing(true);
        define_spectest(&mut linker, &mut store)?;
        Ok(Self {
            text,
            engine,
            store,
            linker,
            current: None,
            named: HashMap::new(),
            last_definition: None,
            definitions: HashMap::new(),
            shared_modules: HashMap::new(),
        })
    }

    /// Starts the `thread` block `thread` on a host thread of `scope`, in a state of its own
    /// (a new store over the same engine) that sees the shared memories of the module it names
    /// as shared, under the module's name (for `register`).
    fn spawn_thread<'scope>(
        &mut self,
        thread: WastThread<'t>,
        scope: &'scope Scope<'scope, '_>,
    ) -> Result<ScriptThread<'scope>, Failure>
    where
        't: 'scope,
    {
        let mut shared = HashMap::new();
        if let Some(id) = thread.shared_module {
            let exports = match self.shared_modules.get(id.name()) {
                Some(exports) => exports.clone(),
                None => {
                    let instance = self.instance(Some(id))?;
                    instance
                        .exports(&mut self.store)
                        .into_iter()
                        .filter_map(|(name, ext)| {
                            let memory = ext.into_memory()?.as_shared(&self.store)?;
                            Some((name, memory))
                        })
                        .collect()
                }
            };
            shared.insert(id.name().to_string(), exports);
        }
        let (text, engine) = (self.text, self.engine.clone());
        let name = thread.name.name().to_string();
        let thread_name = name.clone();
        std::thread::Builder::new()
            .name(format!("wast thread ${name}"))
            .spawn_scoped(scope, move || {
                let name = thread_name;
                let mut events = Vec::new();
                let mut on_event = |e| events.push(e);
                match catch_panic(|| ScriptState::new(text, engine)) {
                    Ok(Ok(mut state)) => {
                        state.shared_modules = shared;
                        run_directives(&mut state, thread.directives, scope, &mut on_event);
                    }
                    Ok(Err(e)) => on_event(ScriptEvent::ScriptError(format!(
                        "thread ${name}: could not set up the spectest module: {e}"
                    ))),
                    Err(panic) => on_event(ScriptEvent::ScriptError(format!(
                        "thread ${name}: setting up the spectest module: {panic}"
                    ))),
                }
                events
            })
            .map_err(|e| format!("could not start thread ${name}: {e}"))
    }

    fn line(&self, span: Span) -> usize {
        span.linecol_in(self.text).0 + 1
    }

    /// Runs one directive; `Err` says why it failed.
    fn run(&mut self, directive: WastDirective<'_>) -> Result<(), Failure> {
        let line = self.line(directive.span());
        match directive {
            WastDirective::Module(mut module) => {
                let name = id_name(module.name());
                let slot = match self
                    .compile(&mut module)
                    .and_then(|m| self.instantiate_ok(&m))
                {
                    Ok(instance) => Ok(InstanceSlot::Ready(instance)),
                    Err(failure) => Err(failure),
                };
                let (slot, result) = match slot {
                    Ok(slot) => (slot, Ok(())),
                    Err(failure) => (InstanceSlot::Failed { line }, Err(failure)),
                };
                self.current = Some(slot);
                if let Some(name) = name {
                    self.named.insert(name, slot);
                }
                result
            }
            WastDirective::ModuleDefinition(mut module) => {
                let name = id_name(module.name());
                let (slot, result) = match self.compile(&mut module) {
                    Ok(m) => (DefinitionSlot::Ready(m), Ok(())),
                    Err(failure) => (DefinitionSlot::Failed { line }, Err(failure)),
                };
                if let Some(name) = name {
                    self.definitions.insert(name, slot.clone());
                }
                self.last_definition = Some(slot);
                result
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let definition = match id_name(module) {
                    Some(name) => self.definitions.get(&name).cloned(),
                    None => self.last_definition.clone(),
                };
                let result = match definition {
                    Some(DefinitionSlot::Ready(m)) => self.instantiate_ok(&m),
                    Some(DefinitionSlot::Failed { line }) => Err(format!(
                        "the module definition at line {line} did not compile"
                    )),
                    None => Err("no such module definition".to_string()),
                };
                let slot = match &result {
                    Ok(instance) => InstanceSlot::Ready(*instance),
                    Err(_) => InstanceSlot::Failed { line },
                };
                self.current = Some(slot);
                if let Some(name) = id_name(instance) {
                    self.named.insert(name, slot);
                }
                result.map(|_| ())
            }
            WastDirective::Register {
                name,
                module: Some(id),
                ..
            } if self.shared_modules.contains_key(id.name()) => {
                for (export, memory) in &self.shared_modules[id.name()] {
                    self.linker
                        .define_shared_memory(name, export, memory.clone())
                        .map_err(|e| format!("register {name:?} failed: {e}"))?;
                }
                Ok(())
            }
            WastDirective::Register { name, module, .. } => {
                let instance = self.instance(module)?;
                self.linker
                    .instance(&mut self.store, name, instance)
                    .map(|_| ())
                    .map_err(|e| format!("register {name:?} failed: {e}"))
            }
            WastDirective::Invoke(invoke) => self
                .invoke(&invoke)?
                .map(|_| ())
                .map_err(|e| format!("{:?} got error: {}", invoke.name, error_text(&e))),
            WastDirective::AssertReturn { exec, results, .. } => self.assert_return(exec, &results),
            WastDirective::AssertTrap { exec, message, .. } => self.assert_trap(exec, message),
            WastDirective::AssertExhaustion { call, message, .. } => {
                let outcome = self.invoke(&call)?;
                expect_trap(outcome.map(|_| ()), message)
            }
            WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            } => self.assert_rejected(&mut module, CompileErrorKind::Invalid, message),
            WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            } => self.assert_rejected(&mut module, CompileErrorKind::Malformed, message),
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => {
                let bytes = module
                    .encode()
                    .map_err(|e| format!("the `wast` crate cannot encode the module: {e}"))?;
                let module = self.compile_bytes(&bytes)?;
                match self.linker.instantiate(&mut self.store, &module) {
                    Err(Error::Link(_)) => Ok(()),
                    Ok(_) => Err(format!("instantiated, expected unlinkable ({message:?})")),
                    Err(e) => Err(format!(
                        "expected a link error ({message:?}), got: {}",
                        error_text(&e)
                    )),
                }
            }
            WastDirective::AssertException { exec, .. } => self.assert_exception(exec),
            WastDirective::AssertSuspension { .. } => {
                Err(unsupported("assert_suspension (stack-switching proposal)"))
            }
            WastDirective::AssertInvalidCustom { .. }
            | WastDirective::AssertMalformedCustom { .. } => Err(unsupported(
                "custom-section assertions (annotations proposal)",
            )),
            WastDirective::Thread(_) | WastDirective::Wait { .. } => {
                Err("thread/wait reached a single directive's runner".to_string())
            }
        }
    }

    /// Encodes a script module to bytes and compiles it.
    fn compile(&self, module: &mut QuoteWat<'_>) -> Result<Module, Failure> {
        let bytes = module
            .encode()
            .map_err(|e| format!("the `wast` crate cannot encode the module: {e}"))?;
        self.compile_bytes(&bytes)
    }

    fn compile_bytes(&self, bytes: &[u8]) -> Result<Module, Failure> {
        let module = Module::from_binary(&self.engine, bytes)
            .map_err(|e| format!("compiling failed: {}", error_text(&e)))?;
        crate::jit_report::record(&module);
        Ok(module)
    }

    fn instantiate_ok(&mut self, module: &Module) -> Result<Instance, Failure> {
        self.linker
            .instantiate(&mut self.store, module)
            .map_err(|e| format!("instantiation failed: {}", error_text(&e)))
    }

    /// The instance `id` names, or the current one.
    fn instance(&self, id: Option<Id<'_>>) -> Result<Instance, Failure> {
        let slot = match id {
            Some(id) if self.shared_modules.contains_key(id.name()) => {
                return Err(format!(
                    "${} belongs to the thread that shared it: only its shared memories are \
                     reachable here (through `register`)",
                    id.name()
                ));
            }
            Some(id) => self
                .named
                .get(id.name())
                .copied()
                .ok_or_else(|| format!("no module named ${}", id.name()))?,
            None => self
                .current
                .ok_or_else(|| "no module has been defined yet".to_string())?,
        };
        match slot {
            InstanceSlot::Ready(instance) => Ok(instance),
            InstanceSlot::Failed { line } => Err(format!(
                "not run: the module at line {line} did not instantiate"
            )),
        }
    }

    /// Calls the export an `invoke` names. The outer `Err` is a failure to even make the call.
    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Result<Vec<Val>, Error>, Failure> {
        let instance = self.instance(invoke.module)?;
        let func: Func = instance
            .get_func(&mut self.store, invoke.name)
            .ok_or_else(|| format!("no exported function {:?}", invoke.name))?;
        let params = invoke
            .args
            .iter()
            .map(|arg| arg_to_val(&mut self.store, arg))
            .collect::<Result<Vec<Val>, String>>()?;
        let ty = func.ty(&self.store);
        let mut results = ty
            .results()
            .iter()
            .map(|&t| placeholder(t))
            .collect::<Result<Vec<Val>, String>>()?;
        Ok(func
            .call(&mut self.store, &params, &mut results)
            .map(|()| results))
    }

    /// The value of the global a `get` names.
    fn get(&mut self, module: Option<Id<'_>>, name: &str) -> Result<Val, Failure> {
        let instance = self.instance(module)?;
        match instance.get_export(&mut self.store, name) {
            Some(Extern::Global(global)) => Ok(global.get(&mut self.store)),
            Some(_) => Err(format!("export {name:?} is not a global")),
            None => Err(format!("no exported global {name:?}")),
        }
    }

    fn assert_return(
        &mut self,
        exec: WastExecute<'_>,
        expected: &[WastRet<'_>],
    ) -> Result<(), Failure> {
        let source = match &exec {
            WastExecute::Invoke(invoke) => format!("{:?}", invoke.name),
            WastExecute::Get { global, .. } => format!("global {global:?}"),
            WastExecute::Wat(_) => "module".to_string(),
        };
        let actual = match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke)?.map_err(|e| {
                format!(
                    "expected {}, got error: {}",
                    describe_all_expected(expected),
                    error_text(&e)
                )
            })?,
            WastExecute::Get { module, global, .. } => vec![self.get(module, global)?],
            WastExecute::Wat(mut wat) => {
                let bytes = wat
                    .encode()
                    .map_err(|e| format!("the `wast` crate cannot encode the module: {e}"))?;
                let module = self.compile_bytes(&bytes)?;
                self.instantiate_ok(&module)?;
                Vec::new()
            }
        };
        let all_match = actual.len() == expected.len()
            && expected
                .iter()
                .zip(&actual)
                .all(|(e, a)| matches(&self.store, e, a));
        if all_match {
            Ok(())
        } else {
            let got: Vec<String> = actual
                .iter()
                .map(|v| describe_val(&self.store, v))
                .collect();
            Err(format!(
                "{WRONG_RESULT}{source}: expected {}, got [{}]",
                describe_all_expected(expected),
                got.join(", ")
            ))
        }
    }

    fn assert_trap(&mut self, exec: WastExecute<'_>, message: &str) -> Result<(), Failure> {
        let outcome = self.call_or_instantiate(exec, "trap")?;
        expect_trap(outcome, message)
    }

    /// `assert_exception`: the call (or instantiation) must end with an exception no handler
    /// caught. The engine's API at the time of writing has no such outcome, so this always
    /// fails, saying what happened instead; once the API has one, this is where it is matched.
    fn assert_exception(&mut self, exec: WastExecute<'_>) -> Result<(), Failure> {
        match self.call_or_instantiate(exec, "throw")? {
            Err(Error::Exception(_)) => Ok(()),
            Ok(()) => Err("expected an uncaught exception, returned normally".to_string()),
            Err(e) => Err(format!(
                "expected an uncaught exception, got error: {}",
                error_text(&e)
            )),
        }
    }

    /// Runs what an `assert_trap` or `assert_exception` expects to `fail` (trap or throw): a
    /// call, or instantiating a module. The outer `Err` is a failure to even start it.
    fn call_or_instantiate(
        &mut self,
        exec: WastExecute<'_>,
        fail: &str,
    ) -> Result<Result<(), Error>, Failure> {
        match exec {
            WastExecute::Invoke(invoke) => Ok(self.invoke(&invoke)?.map(|_| ())),
            WastExecute::Wat(mut wat) => {
                let bytes = wat
                    .encode()
                    .map_err(|e| format!("the `wast` crate cannot encode the module: {e}"))?;
                let module = self.compile_bytes(&bytes)?;
                Ok(self
                    .linker
                    .instantiate(&mut self.store, &module)
                    .map(|_| ()))
            }
            WastExecute::Get { .. } => Err(format!("`get` cannot {fail}")),
        }
    }

    /// `assert_invalid` / `assert_malformed`: the module must be rejected as `kind`. A text
    /// module the `wast` crate already refuses to encode counts as rejected.
    fn assert_rejected(
        &mut self,
        module: &mut QuoteWat<'_>,
        kind: CompileErrorKind,
        message: &str,
    ) -> Result<(), Failure> {
        let text = is_text(module);
        let bytes = match module.encode() {
            Ok(bytes) => bytes,
            Err(_) if text => return Ok(()),
            Err(e) => {
                return Err(format!(
                    "the `wast` crate cannot encode the binary module: {e}"
                ));
            }
        };
        let expected = match kind {
            CompileErrorKind::Malformed => "malformed",
            CompileErrorKind::Invalid => "invalid",
            CompileErrorKind::Unsupported => "unsupported",
        };
        match Module::from_binary(&self.engine, &bytes) {
            Err(Error::Compile(e)) if e.kind == kind => Ok(()),
            Err(e) => Err(format!(
                "expected {expected} ({message:?}), got: {}",
                error_text(&e)
            )),
            Ok(_) => Err(format!(
                "module compiled, expected {expected} ({message:?})"
            )),
        }
    }
}

/// `assert_trap` / `assert_exhaustion`: `outcome` must be a trap matching `message`.
fn expect_trap(outcome: Result<(), Error>, message: &str) -> Result<(), Failure> {
    match outcome {
        Err(Error::Trap(trap)) if trap_matches(message, trap.code()) => Ok(()),
        Err(Error::Trap(trap)) => Err(format!(
            "expected trap {message:?}, got trap {:?}",
            trap.code().message()
        )),
        Err(e) => Err(format!(
            "expected trap {message:?}, got error: {}",
            error_text(&e)
        )),
        Ok(()) => Err(format!("expected trap {message:?}, returned normally")),
    }
}

fn describe_all_expected(expected: &[WastRet<'_>]) -> String {
    let expected: Vec<String> = expected.iter().map(describe_expected).collect();
    format!("[{}]", expected.join(", "))
}

/// An engine error on one line (a trap's backtrace is dropped: the line number says where).
fn error_text(e: &Error) -> String {
    match e {
        Error::Trap(trap) => format!("trap {:?}", trap.code().message()),
        other => other.to_string().replace('\n', " | "),
    }
}

fn unsupported(what: &str) -> Failure {
    format!("the harness does not support {what}")
}
