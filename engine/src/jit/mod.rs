//! The Cranelift tier: a module's functions compiled to host machine code when its engine's
//! [`Strategy`](crate::Strategy) is `Cranelift`.
//!
//! The path, at `Module::new` (after validation):
//! 1. every defined function is translated to CLIF ([`translate`]) and compiled by
//!    `cranelift-codegen` for the host, with an entry trampoline ([`trampoline`]) that the
//!    interpreter calls with the frame's cells, in one pass on all cores; a function using
//!    what the tier does not cover yet is left to the interpreter, with the reason;
//! 2. so is every function that calls one left to the interpreter (compiled code calls only
//!    compiled code, directly), until nothing changes, its code dropped;
//! 3. [`code_memory`] lays the rest out in one allocation, resolves the calls between them
//!    (relocations) and makes it executable (never writable and executable at once).
//!
//! The interpreter then runs a compiled function as one instruction, `CallNative`, which
//! fills a [`vmctx::VmCtx`] and calls the trampoline: so an instance mixes compiled and
//! interpreted functions, and everything else (instantiation, host calls, the embedding API)
//! is the interpreter's, unchanged.

mod code_memory;
pub(crate) mod signals;
mod trampoline;
mod translate;
pub(crate) mod vmctx;

use crate::error::CompileError;
use crate::module::ModuleInfo;
use code_memory::CodeMemory;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{ExternalName, UserExternalName};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::{Context, FinalizedMachExceptionHandler, FinalizedRelocTarget};
use cranelift_frontend::FunctionBuilderContext;
use std::sync::{Mutex, OnceLock};

/// How the interpreter enters a compiled function: its `VmCtx`, and the frame's cells (the
/// arguments on the way in, the results on the way out).
pub type EntryFn = unsafe extern "C" fn(*mut vmctx::VmCtx, *mut u64);

/// A module's compiled code.
pub struct ModuleCode {
    memory: CodeMemory,
    /// Where each defined function is entered, if it was compiled.
    entries: Box<[Option<code_memory::EntryOffsets>]>,
    /// Where the processor may trap, in order of offset, and what the trap is (see
    /// `CompiledBody::trap_sites`).
    trap_sites: Box<[(u32, u32)]>,
    /// The guard after memory 0 that the code relies on, if it relies on one.
    memory_guard: Option<usize>,
    /// Each compiled body's code, `(start, end, defined index)`, in order.
    bodies: Box<[(u32, u32, u32)]>,
    /// The functions left to the interpreter and why.
    refused: Vec<(u32, String)>,
}

/// How the engine enters a compiled function (see `vmctx::VmCtx::entry_fp`).
#[derive(Clone, Copy)]
pub struct Entry {
    /// Its entry trampoline.
    pub func: EntryFn,
    /// The trampoline's landing pad.
    pub resume_pc: usize,
    /// Bytes from the trampoline's frame pointer down to its stack pointer at the call.
    pub resume_sp_offset: usize,
    /// The compiled body, for a tail call from compiled code of the same instance.
    pub body: usize,
}

impl std::fmt::Debug for ModuleCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModuleCode")
            .field("bytes", &self.memory.len())
            .field("compiled", &self.compiled())
            .field("refused", &self.refused.len())
            .finish()
    }
}

impl ModuleCode {
    /// The entry of defined function `def`, if it was compiled.
    pub fn entry(&self, def: u32) -> Option<Entry> {
        let offsets = (*self.entries.get(def as usize)?)?;
        // `offsets.trampoline` is the start of a trampoline compiled with the host's C calling
        // convention and the signature `EntryFn` names, inside the executable allocation this
        // `ModuleCode` owns (which outlives every call through it: the module holds it).
        // SAFETY: as above.
        let func = unsafe {
            std::mem::transmute::<*const u8, EntryFn>(self.memory.at(offsets.trampoline))
        };
        Some(Entry {
            func,
            resume_pc: self.memory.at(offsets.landing) as usize,
            resume_sp_offset: offsets.sp_offset,
            body: self.memory.at(offsets.body) as usize,
        })
    }

    /// The guard (bytes) after memory 0 that the code leaves bounds checks to, if any: the
    /// instance's memory 0 must have at least that much (`MemoryEntity::guard`).
    pub fn memory_guard(&self) -> Option<usize> {
        self.memory_guard
    }

    /// The defined function whose compiled body holds `pc`, if any.
    pub fn function_at(&self, pc: usize) -> Option<u32> {
        let offset = u32::try_from(self.memory.offset_of(pc)?).ok()?;
        let i = self
            .bodies
            .partition_point(|&(start, _, _)| start <= offset);
        let &(start, end, def) = self.bodies.get(i.checked_sub(1)?)?;
        (start..end).contains(&offset).then_some(def)
    }

    /// If `pc` is where this code may trap, what the trap is: the value for `VmCtx::trap`, or
    /// 0 to keep the one there.
    pub fn trap_at(&self, pc: usize) -> Option<u32> {
        let offset = u32::try_from(self.memory.offset_of(pc)?).ok()?;
        let i = self
            .trap_sites
            .binary_search_by_key(&offset, |&(o, _)| o)
            .ok()?;
        Some(self.trap_sites[i].1)
    }

    /// How many defined functions were compiled.
    pub fn compiled(&self) -> usize {
        self.entries.iter().flatten().count()
    }

    /// The defined functions left to the interpreter, with the reason for each.
    pub fn refused(&self) -> &[(u32, String)] {
        &self.refused
    }
}

/// The host's Cranelift target, built once per process.
fn host_isa() -> Result<&'static OwnedTargetIsa, CompileError> {
    static ISA: OnceLock<Result<OwnedTargetIsa, String>> = OnceLock::new();
    let isa = ISA.get_or_init(|| {
        let mut flags = settings::builder();
        let verify = if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        };
        for (name, value) in [
            ("opt_level", "speed"),
            ("enable_verifier", verify),
            ("enable_probestack", "false"),
            // Cranelift's tail calls (`return_call`) need frame pointers.
            ("preserve_frame_pointers", "true"),
        ] {
            flags.set(name, value).map_err(|e| e.to_string())?;
        }
        let builder = cranelift_native::builder().map_err(str::to_string)?;
        builder
            .finish(settings::Flags::new(flags))
            .map_err(|e| e.to_string())
    });
    isa.as_ref().map_err(|e| {
        CompileError::unsupported(
            format!("the Cranelift tier cannot target this host: {e}"),
            None,
        )
    })
}

/// Bytes of function bodies from which a module is compiled on several threads.
const PARALLEL_FROM: usize = 4 * 1024;

/// Per-thread buffers reused from function to function.
#[derive(Default)]
struct Scratch {
    builder: FunctionBuilderContext,
    context: Option<Context>,
}

/// One compiled function: its machine code and the calls in it to resolve.
pub(crate) struct CompiledBody {
    code: Vec<u8>,
    /// (offset in `code`, relocation kind, callee, addend): each call to another compiled
    /// function, the callee by its defined index.
    relocs: Vec<(u32, cranelift_codegen::binemit::Reloc, u32, i64)>,
    /// Where the processor may trap in `code`: each site's offset and the value the signal
    /// handler stores in `VmCtx::trap` for it (0: keep the one there).
    trap_sites: Vec<(u32, u32)>,
    /// For a trampoline: its landing pad's offset and the bytes from its frame pointer down to
    /// its stack pointer at the call (see `trampoline`).
    landing: Option<(u32, u32)>,
}

/// A compiled function and its entry trampoline.
type BodyAndTrampoline = (CompiledBody, CompiledBody);

/// Compiles what the tier covers of `info` (validated already) for an engine configured with
/// `config`. With a memory guard (`Config::memory_guard`), accesses to memory 0 whose static
/// offset fits the guard are not checked: the instance's memory 0 must then be guarded
/// (`ModuleCode::memory_guard`).
pub fn compile_module(
    info: &ModuleInfo,
    config: &crate::engine::Config,
) -> Result<ModuleCode, CompileError> {
    let memory_guard = config.memory_guard();
    let isa = host_isa()?;
    let memory_ok = memory_ok(info);
    // Guard pages only where a fault can be caught: the handler is installed first.
    let signals = signals::install();
    // A shared memory reserves its own maximum, without guard pages: checks are explicit.
    let memory_shared = memory_shared(info);
    let memory_guard = memory_guard.filter(|_| memory_ok && signals && !memory_shared);
    let env = translate::ModuleEnv {
        info,
        memory_ok,
        memory_shared,
        memory_guard: memory_guard.map(|g| g as u64),
        signals,
        fuel: config.consume_fuel,
        epoch: config.epoch_interruption,
        host_call_conv: CallConv::triple_default(isa.triple()),
        frontend: isa.frontend_config(),
    };
    let count = info.bodies.len();
    let code_bytes: usize = info.bodies.iter().map(|b| b.range.len()).sum();
    // Compiling costs some 50 times what validating does: threads pay off much sooner. The
    // largest bodies go first, so that one large function (a `printf`) taken last does not
    // leave the other threads idle at the end.
    let threads = if code_bytes >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    };

    // 1. Translate and compile every body, with its trampoline, in one pass (so the threads
    //    never wait for each other between two).
    type Outcome = Result<(Vec<u32>, BodyAndTrampoline), String>;
    let outcomes: Vec<Mutex<Option<Outcome>>> = (0..count).map(|_| Mutex::new(None)).collect();
    crate::module::body_workers::for_each_body_largest_first(
        info,
        threads,
        |s: &mut Scratch, def| {
            let result = translate::translate(&env, def, &mut s.builder)
                .map_err(|e| e.0)
                .and_then(|t| {
                    let body = compile_body(isa, s, t.func)?;
                    let ty = info.func_type(info.num_imported_funcs + def);
                    let tramp = trampoline::build(def, ty, env.host_call_conv, env.frontend)
                        .map_err(|e| e.0)
                        .and_then(|f| compile_body(isa, s, f))?;
                    Ok((t.callees, (body, tramp)))
                });
            *lock(&outcomes[def as usize]) = Some(result);
        },
    );
    let mut refused: Vec<Option<String>> = Vec::with_capacity(count);
    let mut callees: Vec<Vec<u32>> = Vec::with_capacity(count);
    let mut compiled: Vec<Option<BodyAndTrampoline>> = Vec::with_capacity(count);
    for slot in &outcomes {
        match lock(slot).take() {
            Some(Ok((calls, pair))) => {
                refused.push(None);
                callees.push(calls);
                compiled.push(Some(pair));
            }
            Some(Err(why)) => {
                refused.push(Some(why));
                callees.push(Vec::new());
                compiled.push(None);
            }
            None => {
                refused.push(Some("not translated".into()));
                callees.push(Vec::new());
                compiled.push(None);
            }
        }
    }

    // 2. Leave to the interpreter whatever calls a function left to it (its code, compiled
    //    for nothing, is dropped: compiled code calls only compiled code directly).
    leave_callers_to_interpreter(info, &callees, &mut refused);
    for (slot, why) in compiled.iter_mut().zip(&refused) {
        if why.is_some() {
            *slot = None;
        }
    }

    // 3. Lay out, link and map.
    let code_memory::Linked {
        memory,
        entries,
        trap_sites,
        bodies,
    } = code_memory::link(isa, &compiled)?;
    let out_of_bounds = vmctx::encode_trap(crate::error::TrapCode::MemoryOutOfBounds);
    let guarded = trap_sites.iter().any(|&(_, v)| v == out_of_bounds);
    let refused = refused
        .into_iter()
        .enumerate()
        .filter_map(|(def, why)| Some((def as u32, why?)))
        .collect();
    Ok(ModuleCode {
        memory,
        entries,
        // (Conservative: an explicit check's `trapnz` has the same value as a guarded access.)
        memory_guard: memory_guard.filter(|_| guarded),
        trap_sites,
        bodies,
        refused,
    })
}

/// Marks every function that calls (directly: `callees`, by defined index) one marked in
/// `refused` as refused too, until nothing changes: compiled code calls only compiled code
/// directly.
fn leave_callers_to_interpreter(
    info: &ModuleInfo,
    callees: &[Vec<u32>],
    refused: &mut [Option<String>],
) {
    loop {
        let mut changed = false;
        for def in 0..refused.len() {
            if refused[def].is_some() {
                continue;
            }
            if let Some(&c) = callees[def]
                .iter()
                .find(|&&c| refused[c as usize].is_some())
            {
                refused[def] = Some(format!(
                    "it calls function {}, which runs in the interpreter",
                    info.num_imported_funcs + c
                ));
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether memory 0 is one compiled code reaches through `VmCtx::mem_base`: the module's only
/// memory, 32-bit, with 64 KiB pages (shared or not).
fn memory_ok(info: &ModuleInfo) -> bool {
    match info.memories.as_slice() {
        [m] => !m.memory64 && m.page_size_log2 == 16,
        _ => false,
    }
}

/// Whether memory 0 is shared (its length then changes under compiled code's feet).
fn memory_shared(info: &ModuleInfo) -> bool {
    info.memories.first().is_some_and(|m| m.shared)
}

/// Compiles one CLIF function, keeping its code and its calls to other functions.
fn compile_body(
    isa: &OwnedTargetIsa,
    scratch: &mut Scratch,
    func: cranelift_codegen::ir::Function,
) -> Result<CompiledBody, String> {
    let mut context = scratch.context.take().unwrap_or_else(Context::new);
    context.clear();
    context.func = func;
    let names = context.func.params.user_named_funcs().clone();
    // A Cranelift bug must not take the host down: it leaves the function interpreted.
    let compiled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        context
            .compile(&**isa, &mut ControlPlane::default())
            .map(|code| {
                let sites: Vec<(u32, u32)> = code
                    .buffer
                    .traps()
                    .iter()
                    .map(|t| (t.offset, vmctx::trap_value(t.code).unwrap_or(0)))
                    .collect();
                let landing = code.buffer.call_sites().find_map(|site| {
                    site.exception_handlers.iter().find_map(|h| match h {
                        FinalizedMachExceptionHandler::Default(at) => {
                            Some((*at, site.frame_offset))
                        }
                        _ => None,
                    })
                });
                (
                    code.code_buffer().to_vec(),
                    code.buffer.relocs().to_vec(),
                    sites,
                    landing,
                )
            })
            .map_err(|e| format!("Cranelift could not compile it: {:?}", e.inner))
    }))
    .unwrap_or_else(|_| Err("Cranelift panicked compiling it".into()));
    let result = match compiled {
        Ok((bytes, code_relocs, trap_sites, landing)) => {
            let mut relocs = Vec::new();
            let mut error = None;
            for r in &code_relocs {
                match &r.target {
                    FinalizedRelocTarget::ExternalName(ExternalName::User(name)) => {
                        let UserExternalName { index, .. } = names[*name];
                        relocs.push((r.offset, r.kind, index, r.addend));
                    }
                    other => {
                        error = Some(format!(
                            "Cranelift emitted a relocation the tier does not resolve: {:?} to {other:?}",
                            r.kind
                        ));
                    }
                }
            }
            let landing = match landing {
                None => None,
                Some((at, Some(sp_offset))) => Some((at, sp_offset)),
                Some((_, None)) => {
                    error = Some("Cranelift did not report the entry frame's size".into());
                    None
                }
            };
            match error {
                Some(e) => Err(e),
                None => Ok(CompiledBody {
                    code: bytes,
                    relocs,
                    trap_sites,
                    landing,
                }),
            }
        }
        Err(e) => Err(e),
    };
    scratch.context = Some(context);
    result
}
