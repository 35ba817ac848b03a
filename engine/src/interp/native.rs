//! Entering code compiled by the Cranelift tier: the `CallNative` instruction.
//!
//! A compiled function's interpreter code is `CallNative` then `Return`, in a frame like any
//! other (so backtraces, call depth and the value stack work as for interpreted functions).
//! `CallNative` fills a [`VmCtx`](crate::jit::vmctx::VmCtx) on the host stack from the
//! current instance, calls the function's entry trampoline on the frame's cells, and turns a
//! trap it reports into the interpreter's.

use crate::interp::executor::{Exec, Exit};

impl<const FUEL: bool, const EPOCH: bool, const ACC: bool> Exec<'_, '_, FUEL, EPOCH, ACC> {
    /// Runs compiled defined function `def` of the current module on the current frame.
    #[cfg(kestrel_jit)]
    #[inline(never)]
    pub fn call_native(&mut self, def: u32) -> Result<(), Exit> {
        use crate::jit::vmctx::{self, VmCtx};
        // SAFETY: the current instance keeps its module alive; the store never drops one.
        let module = unsafe { &*self.ctx.module };
        let Some(entry) = module.native_entry(def) else {
            self.ctx.error = Some(crate::error::Error::Usage(format!(
                "internal error: function {def} has no compiled code"
            )));
            return Err(Exit::Error);
        };
        let (mem_base, mem_len) = self.ctx.memory();
        let max_wasm_stack = self.ctx.inner().engine.config().max_wasm_stack;
        let inner = self.ctx.inner_ptr();
        // SAFETY: the store outlives the call; its global vector and the instance's index
        // map do not change while wasm runs (compiled code calls no host function, and
        // `memory.grow` adds no global).
        let store = unsafe { &mut *inner };
        let global_map = store.instances[self.ctx.instance.index()]
            .globals
            .as_ptr()
            .cast::<u32>();
        let globals = store.globals.as_mut_ptr();
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
        };
        // SAFETY: `entry` was compiled for this function's signature from its validated
        // body; the frame has at least max(params, results) cells; `vm` describes the current
        // instance and lives across the call.
        unsafe { entry(&mut vm, self.fp) };
        (self.mem_base, self.mem_len) = self.ctx.memory();
        match vm.trap {
            0 => Ok(()),
            vmctx::HOST_ERROR => Err(Exit::Error),
            code => Err(self.trap(
                vmctx::decode_trap(code).unwrap_or(crate::error::TrapCode::Unreachable),
            )),
        }
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
unsafe extern "C" fn native_memory_grow(vm: *mut crate::jit::vmctx::VmCtx, delta: u32) -> u32 {
    use crate::jit::vmctx;
    // SAFETY: the caller's guarantee; the `Exec` that made `vm` does not touch its `Ctx`
    // until compiled code returns.
    let vm = unsafe { &mut *vm };
    // SAFETY: as above.
    let ctx = unsafe { &mut *vm.host.cast::<crate::interp::executor::Ctx<'_>>() };
    let result = ctx.memory_grow(0, delta);
    let (base, len) = ctx.memory();
    vm.mem_base = base;
    vm.mem_len = len as u64;
    match result {
        Ok(old) => old,
        Err(Exit::Trap(code)) => {
            vm.trap = vmctx::encode_trap(code);
            0
        }
        Err(_) => {
            vm.trap = vmctx::HOST_ERROR;
            0
        }
    }
}
