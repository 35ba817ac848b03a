//! Entering code compiled by the Cranelift tier: the `CallNative` instruction.
//!
//! A compiled function's interpreter code is `CallNative` then `Return`, in a frame like any
//! other (so backtraces, call depth and the value stack work as for interpreted functions).
//! `CallNative` fills a [`VmCtx`](crate::jit::vmctx::VmCtx) on the host stack from the
//! current instance, calls the function's entry trampoline on the frame's cells, and turns a
//! trap it reports into the interpreter's.

use crate::interp::executor::{Exec, Exit};
#[cfg(kestrel_jit)]
use crate::{
    error::Error,
    interp::executor::Ctx,
    jit::vmctx::{self, EngineOp, VmCtx},
    runtime::{func::FuncEntity, store::FuncIdx},
};

impl<const FUEL: bool, const EPOCH: bool, const ACC: bool> Exec<'_, '_, FUEL, EPOCH, ACC> {
    /// Runs compiled defined function `def` of the current module on the current frame.
    #[cfg(kestrel_jit)]
    #[inline(never)]
    pub fn call_native(&mut self, def: u32) -> Result<(), Exit> {
        // SAFETY: the current instance keeps its module alive; the store never drops one.
        let module = unsafe { &*self.ctx.module };
        let Some(entry) = module.native_entry(def) else {
            self.ctx.error = Some(crate::error::Error::Usage(format!(
                "internal error: function {def} has no compiled code"
            )));
            return Err(Exit::Error);
        };
        let (mem_base, mem_len, shared_len) = memory0(self.ctx);
        let max_wasm_stack = self.ctx.inner().engine.config().max_wasm_stack;
        let inner = self.ctx.inner_ptr();
        // The instance's index maps are boxed slices that never change; the global vector may
        // move when a host function called from compiled code instantiates a module, so every
        // call into the engine re-reads its address (`refresh`).
        // SAFETY: the store outlives the call and nothing else borrows it now.
        let store = unsafe { &mut *inner };
        let global_map = store.instances[self.ctx.instance.index()]
            .globals
            .as_ptr()
            .cast::<u32>();
        let globals = store.globals.as_mut_ptr();
        let func_map = store.instances[self.ctx.instance.index()]
            .funcs
            .as_ptr()
            .cast::<u32>();
        let ctx: *mut crate::interp::executor::Ctx<'_> = &mut *self.ctx;
        let mut vm = VmCtx {
            mem_base,
            mem_len: mem_len as u64,
            globals,
            global_map,
            stack_limit: crate::interp::call::native_stack_limit(max_wasm_stack),
            trap: 0,
            host: ctx.cast(),
            memory_grow: native_memory_grow,
            func_map,
            call: native_call,
            call_indirect: native_call_indirect,
            op: native_op,
            entry_fp: 0,
            resume_pc: entry.resume_pc,
            resume_sp_offset: entry.resume_sp_offset,
            code: module
                .native
                .as_ref()
                .map_or(std::ptr::null(), |c| c as *const _),
            fuel: self.ctx.fuel,
            epoch: self.ctx.epoch,
            epoch_deadline: self.ctx.epoch_deadline,
            trap_pcs: [std::mem::MaybeUninit::uninit(); vmctx::TRAP_FRAMES],
            trap_pc_count: 0,
            trap_pcs_complete: false,
            shared_len,
        };
        let vm_ptr: *mut VmCtx = &mut vm;
        let active = crate::jit::signals::Activation::enter(vm_ptr);
        // `entry` was compiled for this function's signature from its validated body, and
        // `vm` describes the current instance and lives across the call.
        // SAFETY: as above; the frame has at least max(params, results) cells.
        unsafe { (entry.func)(vm_ptr, self.fp) };
        drop(active);
        // Compiled code charges fuel only when metering (otherwise it is what it was).
        self.ctx.fuel = vm.fuel;
        (self.mem_base, self.mem_len) = self.ctx.memory();
        match vm.trap {
            0 => Ok(()),
            // An error from a function the engine called (a host function's, or a wasm
            // exception nobody caught): as from a host call, so a handler may catch it.
            vmctx::HOST_ERROR => self.host_error(),
            code => {
                self.record_native_frames(module, &vm);
                Err(self
                    .trap(vmctx::decode_trap(code).unwrap_or(crate::error::TrapCode::Unreachable)))
            }
        }
    }

    /// Keeps, for the trap's backtrace, the compiled frames `vm` recorded below this
    /// `CallNative`'s function (whose own frame is the interpreter's).
    #[cfg(kestrel_jit)]
    fn record_native_frames(&mut self, module: &crate::module::ModuleInner, vm: &VmCtx) {
        let Some(code) = module.native.as_ref() else {
            return;
        };
        let info = &module.info;
        let pcs = vm.trap_pcs();
        // The last recorded frame is this function's own, unless the walk stopped early.
        let below = if vm.trap_pcs_complete {
            &pcs[..pcs.len().saturating_sub(1)]
        } else {
            pcs
        };
        self.ctx.native_backtrace = below
            .iter()
            .filter_map(|&pc| code.function_at(pc))
            .map(|def| {
                let index = info.num_imported_funcs + def;
                crate::error::FrameInfo {
                    module_name: info.name.clone(),
                    func_index: index,
                    func_name: info.func_name(index).map(str::to_string),
                }
            })
            .collect();
    }

    /// Without the tier no `CallNative` is ever emitted.
    #[cfg(not(kestrel_jit))]
    #[inline(never)]
    pub fn call_native(&mut self, def: u32) -> Result<(), Exit> {
        self.ctx.error = Some(crate::error::Error::Usage(format!(
            "internal error: function {def} is marked compiled in a build without the Cranelift tier"
        )));
        Err(Exit::Error)
    }
}

/// `memory.grow` of memory 0 for compiled code (see `VmCtx::memory_grow`).
///
/// # Safety
/// `vm` must be the `VmCtx` of a running `CallNative`, whose `host` is its `Ctx`.
#[cfg(kestrel_jit)]
unsafe extern "C" fn native_memory_grow(vm: *mut VmCtx, delta: u32) -> u32 {
    // The `Exec` that made `vm` does not touch its `Ctx` until compiled code returns.
    // SAFETY: the caller's guarantee.
    let vm = unsafe { &mut *vm };
    // SAFETY: as above.
    let ctx = unsafe { &mut *vm.host.cast::<Ctx<'_>>() };
    let result = ctx.memory_grow(0, delta);
    refresh(vm, ctx);
    result.unwrap_or_else(|exit| {
        raise(vm, exit);
        0
    })
}

/// Reports in `vm` why the engine's part of an operator stopped: its trap, or an error the
/// interpreter's context keeps.
#[cfg(kestrel_jit)]
fn raise(vm: &mut VmCtx, exit: Exit) {
    vm.trap = match exit {
        Exit::Trap(code) => vmctx::encode_trap(code),
        _ => vmctx::HOST_ERROR,
    };
}

/// Re-reads what a call into the engine may have moved: memory 0 (grown) and the store's
/// globals (a host function may have instantiated a module, adding globals).
#[cfg(kestrel_jit)]
fn refresh(vm: &mut VmCtx, ctx: &Ctx<'_>) {
    let (base, len, _) = memory0(ctx);
    vm.mem_base = base;
    vm.mem_len = len as u64;
    // SAFETY: the store outlives the running call; nothing else borrows it now.
    vm.globals = unsafe { (*ctx.inner_ptr()).globals.as_mut_ptr() };
}

/// Memory 0 as compiled code sees it: its base and length, and where its length lives when it
/// is shared (null otherwise; see `VmCtx::shared_len`).
#[cfg(kestrel_jit)]
fn memory0(ctx: &Ctx<'_>) -> (*mut u8, usize, *const std::sync::atomic::AtomicUsize) {
    match ctx.shared_memory0() {
        Some(shared) => (shared.base, shared.len(), shared.len_cell()),
        None => {
            let (base, len) = ctx.memory();
            (base, len, std::ptr::null())
        }
    }
}

/// Calls store function `func` on `cells` (see `VmCtx::call`).
///
/// # Safety
/// As [`native_memory_grow`]; `cells` must hold as many cells as the function's type has
/// parameters or results, whichever is more.
#[cfg(kestrel_jit)]
unsafe extern "C" fn native_call(vm: *mut VmCtx, func: u32, cells: *mut u64) {
    // SAFETY: the caller's guarantee (see `native_memory_grow`).
    let vm = unsafe { &mut *vm };
    // SAFETY: as above.
    let ctx = unsafe { &mut *vm.host.cast::<Ctx<'_>>() };
    // SAFETY: the caller's guarantee on `cells`.
    if unsafe { call_compiled(vm, ctx, FuncIdx(func), cells) } {
        return;
    }
    // SAFETY: as above.
    let result = unsafe { call_store_func(vm, ctx, FuncIdx(func), cells) };
    finish_call(vm, ctx, result);
}

/// Calls store function `f` on `cells` directly when it is compiled code of the running
/// instance, with the same `VmCtx` (a trap stays in it): no interpreter call in between, so
/// recursion through tables costs the host stack it would with direct calls. Returns whether
/// it did.
///
/// # Safety
/// As [`native_call`].
#[cfg(kestrel_jit)]
unsafe fn call_compiled(vm: &mut VmCtx, ctx: &Ctx<'_>, f: FuncIdx, cells: *mut u64) -> bool {
    let Some(entry) = same_instance_entry(ctx, f) else {
        return false;
    };
    let here = 0u8;
    if (std::hint::black_box(&here) as *const u8 as usize) < vm.stack_limit {
        vm.trap = vmctx::encode_trap(crate::error::TrapCode::StackOverflow);
        return true;
    }
    // A fault resumes at this entry's trampoline until it returns, then at the outer one's.
    let outer = (vm.entry_fp, vm.resume_pc, vm.resume_sp_offset);
    (vm.resume_pc, vm.resume_sp_offset) = (entry.resume_pc, entry.resume_sp_offset);
    // `entry` is the compiled function `f` of the running instance, whose `VmCtx` `vm` is.
    // SAFETY: as above; `cells` fits its type (the caller's guarantee).
    unsafe { (entry.func)(vm, cells) };
    (vm.entry_fp, vm.resume_pc, vm.resume_sp_offset) = outer;
    true
}

/// The entry of store function `f` when it is compiled code of the running instance.
#[cfg(kestrel_jit)]
fn same_instance_entry(ctx: &Ctx<'_>, f: FuncIdx) -> Option<crate::jit::Entry> {
    // SAFETY: the store outlives the call; nothing else uses it now.
    let entity = &unsafe { &*ctx.inner_ptr() }.funcs[f.index()];
    let FuncEntity::Wasm {
        module,
        def_index,
        instance,
        ..
    } = entity
    else {
        return None;
    };
    if *instance != ctx.instance {
        return None;
    }
    module.native_entry(*def_index)
}

/// The compiled body a tail call from compiled code goes to (see `EngineOp::TailCallee`): the
/// address of `f`'s when it is compiled code of the running instance, else 0.
#[cfg(kestrel_jit)]
fn tail_callee(ctx: &Ctx<'_>, f: FuncIdx) -> u64 {
    same_instance_entry(ctx, f).map_or(0, |entry| entry.body as u64)
}

/// `call_indirect` for compiled code (see `VmCtx::call_indirect`).
///
/// # Safety
/// As [`native_call`], for the type `type_index` names.
#[cfg(kestrel_jit)]
unsafe extern "C" fn native_call_indirect(
    vm: *mut VmCtx,
    type_index: u32,
    table: u32,
    elem: u32,
    cells: *mut u64,
) {
    // SAFETY: the caller's guarantee (see `native_memory_grow`).
    let vm = unsafe { &mut *vm };
    // SAFETY: as above.
    let ctx = unsafe { &mut *vm.host.cast::<Ctx<'_>>() };
    match ctx.indirect_callee(type_index, table, elem as usize) {
        Ok(f) => {
            // SAFETY: the callee has type `type_index` (just checked), which `cells` fits.
            if unsafe { call_compiled(vm, ctx, f, cells) } {
                return;
            }
            // SAFETY: as above.
            let result = unsafe { call_store_func(vm, ctx, f, cells) };
            finish_call(vm, ctx, result);
        }
        Err(exit) => raise(vm, exit),
    }
}

/// After a call into the engine: refreshes `vm`, and reports a failure through it.
#[cfg(kestrel_jit)]
fn finish_call(vm: &mut VmCtx, ctx: &mut Ctx<'_>, result: Result<(), Error>) {
    refresh(vm, ctx);
    if let Err(e) = result {
        ctx.error = Some(e);
        vm.trap = vmctx::HOST_ERROR;
    }
}

/// Runs store function `f` on `cells`: a host function directly, a wasm function in a
/// nested interpreter call (which enters compiled code again if it has any). With fuel
/// metering, the store holds the fuel left meanwhile (as around the interpreter's host calls).
///
/// # Safety
/// `cells` must hold as many cells as `f`'s type has parameters or results, whichever is
/// more; `ctx` must be the context of the running call.
#[cfg(kestrel_jit)]
unsafe fn call_store_func(
    vm: &mut VmCtx,
    ctx: &mut Ctx<'_>,
    f: FuncIdx,
    cells: *mut u64,
) -> Result<(), Error> {
    let inner = ctx.inner_ptr();
    // SAFETY: the store outlives the call; no other reference to it is in use.
    let metered = unsafe { (*inner).engine.config().consume_fuel };
    if metered {
        // SAFETY: as above.
        unsafe { (*inner).fuel = vm.fuel };
    }
    // SAFETY: the caller's guarantees.
    let result = unsafe { call_store_func_unmetered(ctx, f, cells) };
    if metered {
        // Fuel spent by the callee stays spent, even on error.
        // SAFETY: as above.
        vm.fuel = unsafe { (*inner).fuel };
    }
    result
}

/// [`call_store_func`] without the fuel's round trip.
///
/// # Safety
/// As [`call_store_func`].
#[cfg(kestrel_jit)]
unsafe fn call_store_func_unmetered(
    ctx: &mut Ctx<'_>,
    f: FuncIdx,
    cells: *mut u64,
) -> Result<(), Error> {
    let inner = ctx.inner_ptr();
    let hooks = ctx.hooks_ptr();
    let instance = ctx.instance;
    // SAFETY: the store outlives the call; no other reference to it is in use.
    let entity = unsafe { &*inner }.funcs[f.index()].clone();
    match entity {
        FuncEntity::Host { index, .. } => {
            // SAFETY: as above.
            let hooks = unsafe { &mut *hooks };
            let n = hooks.host_cells(index);
            // SAFETY: the caller's guarantee: the host function's type is the call's.
            let cells = unsafe { std::slice::from_raw_parts_mut(cells, n) };
            hooks.call_host(index, Some(instance), cells)
        }
        FuncEntity::Wasm {
            module, def_index, ..
        } => {
            let ty = module
                .info
                .func_type(module.info.num_imported_funcs + def_index);
            let n = ty.param_cells().max(ty.result_cells());
            // SAFETY: as above.
            let cells = unsafe { std::slice::from_raw_parts_mut(cells, n) };
            crate::interp::call::call_wasm(inner, hooks, f, cells)
        }
    }
}

/// Runs an operator compiled code leaves to the engine (see `VmCtx::op`).
///
/// # Safety
/// As [`native_memory_grow`]; the operator's immediates are valid for the current instance
/// (its body was validated).
#[cfg(kestrel_jit)]
unsafe extern "C" fn native_op(
    vm: *mut VmCtx,
    op: u32,
    imm: u32,
    imm2: u32,
    a: u64,
    b: u64,
    c: u64,
) -> u64 {
    use crate::interp::memory::{copy_between, fill};
    // SAFETY: the caller's guarantee (see `native_memory_grow`).
    let vm = unsafe { &mut *vm };
    // SAFETY: as above.
    let ctx = unsafe { &mut *vm.host.cast::<Ctx<'_>>() };
    let Some(op) = EngineOp::from_u32(op) else {
        vm.trap = vmctx::HOST_ERROR;
        ctx.error = Some(Error::Usage(format!(
            "internal error: engine operator {op}"
        )));
        return 0;
    };
    // Memory 0 for the bulk operators (only they look it up): a shared one's live length.
    let memory = |vm: &VmCtx, ctx: &Ctx<'_>| match ctx.shared_memory0() {
        Some(memory) => (memory.base, memory.len(), true),
        None => (vm.mem_base, vm.mem_len as usize, false),
    };
    let result: Result<u64, Exit> = match op {
        EngineOp::MemoryFill => {
            let (base, len, shared) = memory(vm, ctx);
            fill(base, len, shared, a, b as u8, c).map(|()| 0)
        }
        EngineOp::MemoryCopy => {
            let (base, len, shared) = memory(vm, ctx);
            copy_between(shared, base, len, base, len, a, b, c).map(|()| 0)
        }
        EngineOp::MemoryInit => {
            let (base, len, shared) = memory(vm, ctx);
            ctx.memory_init(base, len, shared, imm, a, b, c).map(|()| 0)
        }
        EngineOp::DataDrop => {
            ctx.data_drop(imm);
            Ok(0)
        }
        EngineOp::TableGet => ctx.table_get(imm, a as u32),
        EngineOp::TableSet => ctx.table_set(imm, a as u32, b).map(|()| 0),
        EngineOp::TableSize => Ok(u64::from(ctx.table_size(imm))),
        EngineOp::TableGrow => ctx.table_grow(imm, a, b as u32).map(u64::from),
        EngineOp::TableFill => ctx.table_fill(imm, a, b, c).map(|()| 0),
        EngineOp::TableCopy => ctx.table_copy(imm, imm2, a, b, c).map(|()| 0),
        EngineOp::TableInit => ctx.table_init(imm, imm2, a, b, c).map(|()| 0),
        EngineOp::ElemDrop => {
            ctx.elem_drop(imm);
            Ok(0)
        }
        EngineOp::TailCallee => ctx
            .indirect_callee(imm, imm2, a as usize)
            .map(|f| tail_callee(ctx, f)),
        EngineOp::TailCalleeRef => Ok(tail_callee(ctx, FuncIdx(a as u32))),
        EngineOp::AtomicNotify => {
            crate::interp::atomic::notify_for_native(ctx, a + u64::from(imm), b as u32)
        }
        EngineOp::AtomicWait => crate::interp::atomic::wait_for_native(
            ctx,
            a + u64::from(imm),
            imm2 as u8,
            b,
            c as i64,
            imm2 & 256 != 0,
        ),
    };
    result.unwrap_or_else(|exit| {
        raise(vm, exit);
        0
    })
}
