//! Calls and returns inside the interpreter, and entering it from the embedder.
//!
//! A callee's frame starts at the caller's slot `base`, where the translator put the arguments,
//! so a call copies nothing; results come back in the callee's cells `0..n`, which are the
//! caller's `base..base + n`. Wasm → wasm calls push a [`CallFrame`] and keep looping (no host
//! recursion); wasm → host calls go through `Store::call_host` with the argument cells.
//!
//! A tail call (`return_call*`) pushes nothing: it moves the arguments from `base` down to the
//! current frame's start and rewrites the innermost [`CallFrame`] to the callee (its function
//! and instance; the frame offset and return address stay), so the caller is gone from the
//! backtrace, as in wasmtime. A tail call of a host function calls it, then returns its results
//! as the current function's.

use crate::error::{Error, FrameInfo, Trap, TrapCode};
use crate::interp::executor::{Ctx, Exec, Exit, run, trap_exit};
use crate::interp::stack::{CallFrame, Stack};
use crate::ir::{CompiledFunc, Slot};
use crate::module::ModuleInner;
use crate::runtime::exec_hooks::StoreHooks;
use crate::runtime::func::FuncEntity;
use crate::runtime::store::{FuncIdx, InstanceIdx, Store, StoreInner};
use std::sync::atomic::{AtomicU64, Ordering};

/// The code of defined function `def` of `module` (translating it on first use), or null with
/// the error stored in `error`. The translated case is inline (one load and compare); the first
/// call's translation is out of line and returns a pointer, so callers keep no stack slot whose
/// address escapes (which would stop threaded handlers from tail-calling).
#[inline(always)]
fn compiled_code(module: &ModuleInner, def: u32, error: &mut Option<Error>) -> *const CompiledFunc {
    match module.translated(def) {
        Some(code) => code,
        None => translate_code(module, def, error),
    }
}

/// [`compiled_code`]'s slow path: translates `def` (or finds its translation error).
#[cold]
#[inline(never)]
fn translate_code(
    module: &ModuleInner,
    def: u32,
    error: &mut Option<Error>,
) -> *const CompiledFunc {
    match module.code(def) {
        Ok(code) => code,
        Err(e) => {
            *error = Some(e.into());
            std::ptr::null()
        }
    }
}

/// Locals zeroed inline on entry; larger counts call `memset`.
const INLINE_ZEROED_LOCALS: usize = 8;

/// The store function a funcref cell refers to (`index + 1`; null traps, as `call_ref` must).
#[inline(always)]
fn func_of_ref(cell: u64) -> Result<FuncIdx, Exit> {
    match cell.checked_sub(1) {
        Some(index) => Ok(FuncIdx(index as u32)),
        None => Err(trap_exit(TrapCode::NullReference)),
    }
}

/// Zeroes the `n` cells from `p` (a callee's declared locals).
///
/// # Safety
/// `p..p + n` must be cells of the value stack.
#[inline(always)]
unsafe fn zero_locals(p: *mut u64, n: usize) {
    if n <= INLINE_ZEROED_LOCALS {
        for i in 0..n {
            // Volatile so the optimiser keeps these few stores rather than turning the loop
            // into a `memset` call, whose register saves would cost more in every call.
            // SAFETY: `i < n`, within the caller's range.
            unsafe { std::ptr::write_volatile(p.add(i), 0) };
        }
    } else {
        // SAFETY: as above.
        unsafe { zero_many(p, n) };
    }
}

/// [`zero_locals`] for many locals, out of line.
///
/// # Safety
/// As [`zero_locals`].
#[cold]
#[inline(never)]
unsafe fn zero_many(p: *mut u64, n: usize) {
    // SAFETY: the caller's guarantee.
    unsafe { std::ptr::write_bytes(p, 0, n) };
}

impl Ctx<'_> {
    /// Base and length of the current instance's memory 0 (for the hot state). A shared
    /// memory 0 gives length 0: its accesses never use the hot state (they carry
    /// [`SHARED_MEMORY`](crate::ir::SHARED_MEMORY) and look it up), so one that did by mistake
    /// would trap rather than race.
    #[inline]
    pub fn memory(&self) -> (*mut u8, usize) {
        let inner = self.inner();
        match inner.instances[self.instance.index()].memories.first() {
            Some(m) => {
                let mem = &inner.memories[m.index()];
                if mem.is_shared() {
                    return (std::ptr::NonNull::dangling().as_ptr(), 0);
                }
                (mem.base(), mem.len())
            }
            None => (std::ptr::NonNull::dangling().as_ptr(), 0),
        }
    }

    /// The current instance's memory 0 when it is shared.
    #[cfg(kestrel_jit)]
    pub fn shared_memory0(&self) -> Option<&crate::runtime::shared_memory::SharedMemoryInner> {
        let inner = self.inner();
        let m = inner.instances[self.instance.index()].memories.first()?;
        inner.memories[m.index()].shared().map(|s| &**s)
    }

    /// Base and length of the current instance's memory `mem` (multi-memory; memory 0's stay
    /// in the hot state instead), ignoring the [`SHARED_MEMORY`](crate::ir::SHARED_MEMORY)
    /// bit. Validation proved the memory exists.
    #[inline]
    pub fn memory_at(&self, mem: u32) -> (*mut u8, usize) {
        let mem = self.memory_entity(mem);
        (mem.base(), mem.len())
    }

    /// The current instance's memory `mem` (the [`SHARED_MEMORY`](crate::ir::SHARED_MEMORY)
    /// bit ignored).
    #[inline]
    pub fn memory_entity(&self, mem: u32) -> &crate::runtime::memory::MemoryEntity {
        let inner = self.inner();
        let mem = mem & !crate::ir::SHARED_MEMORY;
        let m = inner.instances[self.instance.index()].memories[mem as usize];
        &inner.memories[m.index()]
    }

    /// Offset of frame pointer `fp` in the value stack.
    #[inline(always)]
    fn offset_of(&self, fp: *mut u64) -> usize {
        // SAFETY: frame pointers always point into `stack.values`.
        unsafe { fp.offset_from(self.stack.values.as_ptr()) as usize }
    }

    /// Makes the value stack at least `end` cells long.
    #[cold]
    #[inline(never)]
    fn grow_values(&mut self, end: usize) -> Result<(), Exit> {
        if end > self.max_cells {
            return Err(trap_exit(TrapCode::StackOverflow));
        }
        let new_len = end.max(self.stack.values.len() * 2).min(self.max_cells);
        self.stack.values.resize(new_len, 0);
        Ok(())
    }

    /// Pushes a frame for wasm function `f` starting at value-stack offset `fp_offset`;
    /// returns its frame pointer.
    #[inline(always)]
    fn enter(
        &mut self,
        func_index: u32,
        code: &CompiledFunc,
        instance: InstanceIdx,
        fp_offset: usize,
        return_ip: *const u8,
    ) -> Result<*mut u64, Exit> {
        if self.stack.frames.len() >= self.max_depth {
            return Err(trap_exit(TrapCode::StackOverflow));
        }
        let end = fp_offset + code.frame_size as usize;
        if end > self.stack.values.len() {
            self.grow_values(end)?;
        }
        // SAFETY: `end <= values.len()`, so the callee's `frame_size` cells are in bounds.
        let fp = unsafe { self.stack.values.as_mut_ptr().add(fp_offset) };
        // SAFETY: the locals are within the frame; wasm requires them zeroed.
        unsafe { zero_locals(fp.add(code.params as usize), code.locals as usize) };
        self.stack.frames.push(CallFrame {
            func_index,
            instance,
            fp_offset,
            return_ip,
        });
        Ok(fp)
    }

    /// Replaces the innermost frame, which starts at value-stack offset `fp_offset`, by one for
    /// wasm function `func_index` of `instance` (a tail call): moves the arguments from its slot
    /// `base` down to its start and zeroes the callee's locals. The frame keeps its place and
    /// return address, so neither stack grows with a chain of tail calls (the value stack only
    /// if the callee's frame is larger). Returns the frame pointer: the same offset, but the
    /// value stack may have moved.
    #[inline(always)]
    fn replace_frame(
        &mut self,
        func_index: u32,
        code: &CompiledFunc,
        instance: InstanceIdx,
        fp_offset: usize,
        base: usize,
    ) -> Result<*mut u64, Exit> {
        let end = fp_offset + code.frame_size as usize;
        if end > self.stack.values.len() {
            self.grow_values(end)?;
        }
        // SAFETY: `end <= values.len()`, so the callee's `frame_size` cells are in bounds.
        let fp = unsafe { self.stack.values.as_mut_ptr().add(fp_offset) };
        let params = code.params as usize;
        // The arguments `base..base + params` (caller's temporaries) move down to `0..params`
        // (the callee's frame); `copy` allows the two to overlap.
        // SAFETY: both ranges lie within the value stack (the frames checked above).
        unsafe { std::ptr::copy(fp.add(base), fp, params) };
        // SAFETY: the locals are within the frame; wasm requires them zeroed.
        unsafe { zero_locals(fp.add(params), code.locals as usize) };
        if let Some(frame) = self.stack.frames.last_mut() {
            frame.func_index = func_index;
            frame.instance = instance;
        }
        Ok(fp)
    }

    /// A tail call of host function `index`: calls it with its arguments at slot `base` of the
    /// innermost frame (at value-stack offset `fp_offset`), then moves its results down to the
    /// frame's start, where the current function returns them (validation made the callee's
    /// results the current function's).
    #[cold]
    #[inline(never)]
    fn return_call_host<const FUEL: bool>(
        &mut self,
        index: u32,
        fp_offset: usize,
        base: usize,
    ) -> Result<(), Exit> {
        self.call_host::<FUEL>(index, fp_offset + base)?;
        let results = self.stack.frames.last().map_or(0, |frame| {
            let info = &self.inner().instances[frame.instance.index()].module.info;
            info.func_type(frame.func_index).result_cells()
        });
        let from = fp_offset + base;
        self.stack
            .values
            .copy_within(from..from + results, fp_offset);
        Ok(())
    }

    /// Calls host function `index` with its argument cells at value-stack offset `start`.
    #[cold]
    #[inline(never)]
    fn call_host<const FUEL: bool>(&mut self, index: u32, start: usize) -> Result<(), Exit> {
        let n = self.hooks().host_cells(index);
        if start + n > self.stack.values.len() {
            self.grow_values(start + n)?;
        }
        if FUEL {
            let fuel = self.fuel;
            self.inner_mut().fuel = fuel;
        }
        let instance = self.instance;
        // SAFETY: `hooks` is valid for the whole execution (see `Ctx::new`); the cells are in
        // the interpreter's own stack, which the store does not own while a call runs.
        let hooks = unsafe { &mut *self.hooks_ptr() };
        let result = hooks.call_host(
            index,
            Some(instance),
            &mut self.stack.values[start..start + n],
        );
        if FUEL {
            // Fuel spent by wasm the host function called stays spent, even on error.
            self.fuel = self.inner().fuel;
        }
        result.map_err(|e| {
            self.error = Some(e);
            Exit::Error
        })
    }

    /// The function behind element `i` of table `table`, checked against type `type_index`.
    #[inline(always)]
    pub(super) fn indirect_callee(
        &self,
        type_index: u32,
        table: u32,
        i: usize,
    ) -> Result<FuncIdx, Exit> {
        let inner = self.inner();
        let instance = &inner.instances[self.instance.index()];
        let expected = instance.types[type_index as usize];
        let table = &inner.tables[instance.tables[table as usize].index()];
        let cell = match table.elements.get(i) {
            Some(c) => *c,
            None => return Err(trap_exit(TrapCode::TableOutOfBounds)),
        };
        if cell == 0 {
            return Err(trap_exit(TrapCode::IndirectCallToNull));
        }
        let f = FuncIdx((cell - 1) as u32);
        if inner.funcs[f.index()].type_id() != expected {
            return Err(trap_exit(TrapCode::BadSignature));
        }
        Ok(f)
    }

    /// The wasm backtrace of the active frames, innermost first (compiled frames below the
    /// innermost interpreter frame first, if a trap recorded any).
    fn backtrace(&self) -> Vec<FrameInfo> {
        let interpreted = self.stack.frames.iter().rev().map(|frame| {
            let info = &self.inner().instances[frame.instance.index()].module.info;
            FrameInfo {
                module_name: info.name.clone(),
                func_index: frame.func_index,
                func_name: info.func_name(frame.func_index).map(str::to_string),
            }
        });
        self.native_backtrace
            .iter()
            .cloned()
            .chain(interpreted)
            .collect()
    }
}

impl<const FUEL: bool, const EPOCH: bool, const ACC: bool> Exec<'_, '_, FUEL, EPOCH, ACC> {
    /// Switches to `instance`, reloading the cached module and memory if it changes.
    #[inline(always)]
    fn switch_instance(&mut self, instance: InstanceIdx) {
        if instance != self.ctx.instance {
            self.ctx.instance = instance;
            self.ctx.module = &*self.ctx.inner().instances[instance.index()].module;
            (self.mem_base, self.mem_len) = self.ctx.memory();
        }
    }

    /// `call_internal def`: defined function `def` of the current module. With threaded
    /// dispatch, only the common case runs here, with no calls out of line: an already
    /// translated callee whose frame fits the stacks and has few locals. Anything else ends
    /// with `Exit::SlowCall`, and the handler continues in one that runs
    /// [`Self::call_internal_out_of_line`].
    #[inline(always)]
    pub fn call_internal(&mut self, def: u32, base: Slot) -> Result<(), Exit> {
        if !cfg!(kestrel_threaded) {
            return self.call_internal_out_of_line(def, base);
        }
        if EPOCH && self.epoch_reached() {
            return Err(trap_exit(TrapCode::Interrupted));
        }
        // SAFETY: the module is kept alive by the current instance, which the store never
        // drops while this execution holds it.
        let module = unsafe { &*self.ctx.module };
        let Some(code) = module.translated(def) else {
            return Err(self.slow_call(def, base));
        };
        let fp_offset = self.ctx.offset_of(self.fp) + base.0 as usize;
        let end = fp_offset + code.frame_size as usize;
        let frames = &mut self.ctx.stack.frames;
        if end > self.ctx.stack.values.len()
            || code.locals as usize > INLINE_ZEROED_LOCALS
            || frames.len() == frames.capacity()
        {
            return Err(self.slow_call(def, base));
        }
        if frames.len() >= self.ctx.max_depth {
            return Err(trap_exit(TrapCode::StackOverflow));
        }
        let frame = CallFrame {
            func_index: module.info.num_imported_funcs + def,
            instance: self.ctx.instance,
            fp_offset,
            return_ip: self.ip,
        };
        // A push without the growth path (a call): `len < capacity` was checked above.
        // SAFETY: the slot at `len` is within the capacity, and written before `len` covers it.
        unsafe {
            frames.as_mut_ptr().add(frames.len()).write(frame);
            frames.set_len(frames.len() + 1);
        }
        // SAFETY: `end <= values.len()`, so the callee's `frame_size` cells are in bounds.
        let fp = unsafe { self.ctx.stack.values.as_mut_ptr().add(fp_offset) };
        // SAFETY: the locals are within the frame; wasm requires them zeroed.
        unsafe { zero_locals(fp.add(code.params as usize), code.locals as usize) };
        self.fp = fp;
        self.ip = code.code.as_ptr();
        // Nothing reads the accumulator at a function's start: a known value frees its
        // register here.
        self.acc = 0;
        Ok(())
    }

    /// Records a call for [`Self::call_internal_out_of_line`] (see `Exit::SlowCall`).
    #[inline(always)]
    fn slow_call(&mut self, def: u32, base: Slot) -> Exit {
        std::hint::cold_path();
        self.ctx.pending_call = (def, base);
        Exit::SlowCall
    }

    /// `call_internal def`, every case: translates the callee on its first call and grows
    /// the stacks as needed.
    #[inline(always)]
    pub fn call_internal_out_of_line(&mut self, def: u32, base: Slot) -> Result<(), Exit> {
        if EPOCH && self.epoch_reached() {
            return Err(trap_exit(TrapCode::Interrupted));
        }
        // SAFETY: the module is kept alive by the current instance, which the store never
        // drops while this execution holds it.
        let module = unsafe { &*self.ctx.module };
        let code = compiled_code(module, def, &mut self.ctx.error);
        if code.is_null() {
            return Err(Exit::Error);
        }
        // SAFETY: not null, and owned by the module (see above).
        let code = unsafe { &*code };
        let fp_offset = self.ctx.offset_of(self.fp) + base.0 as usize;
        let func_index = module.info.num_imported_funcs + def;
        let instance = self.ctx.instance;
        self.fp = self
            .ctx
            .enter(func_index, code, instance, fp_offset, self.ip)?;
        self.ip = code.code.as_ptr();
        Ok(())
    }

    /// `call func`: function `func` of the current instance.
    #[inline(always)]
    pub fn call(&mut self, func: u32, base: Slot) -> Result<(), Exit> {
        let f = self.ctx.inner().instances[self.ctx.instance.index()].funcs[func as usize];
        self.call_func(f, base)
    }

    /// `call_indirect`.
    #[inline(always)]
    pub fn call_indirect(
        &mut self,
        type_index: u32,
        table: u32,
        index: Slot,
        base: Slot,
    ) -> Result<(), Exit> {
        let i = self.get::<u32>(index) as usize;
        let f = self.ctx.indirect_callee(type_index, table, i)?;
        self.call_func(f, base)
    }

    /// `call_ref`: the callee's type is the instruction's (the validator proved it), so only
    /// null is checked.
    #[inline(always)]
    pub fn call_ref(&mut self, callee: Slot, base: Slot) -> Result<(), Exit> {
        let f = func_of_ref(self.get::<u64>(callee))?;
        self.call_func(f, base)
    }

    /// Calls store function `f` with its frame at slot `base`.
    #[inline(always)]
    fn call_func(&mut self, f: FuncIdx, base: Slot) -> Result<(), Exit> {
        let fp_offset = self.ctx.offset_of(self.fp) + base.0 as usize;
        match self.ctx.inner().funcs[f.index()] {
            FuncEntity::Wasm {
                ref module,
                def_index,
                instance,
                ..
            } => {
                if EPOCH && self.epoch_reached() {
                    return Err(trap_exit(TrapCode::Interrupted));
                }
                let module: *const ModuleInner = &**module;
                // SAFETY: the store's function entity keeps the module alive, and the store
                // outlives this execution and never removes entities.
                let module = unsafe { &*module };
                let func_index = module.info.num_imported_funcs + def_index;
                let code = compiled_code(module, def_index, &mut self.ctx.error);
                if code.is_null() {
                    return Err(Exit::Error);
                }
                // SAFETY: the code belongs to the module (see above).
                let code = unsafe { &*code };
                self.fp = self
                    .ctx
                    .enter(func_index, code, instance, fp_offset, self.ip)?;
                self.ip = code.code.as_ptr();
                self.switch_instance(instance);
                Ok(())
            }
            FuncEntity::Host { index, .. } => {
                let result = self.ctx.call_host::<FUEL>(index, fp_offset);
                // The value stack may have grown and the host may have grown memory.
                // SAFETY: the caller's frame is still within the value stack.
                self.fp = unsafe {
                    self.ctx
                        .stack
                        .values
                        .as_mut_ptr()
                        .add(fp_offset - base.0 as usize)
                };
                (self.mem_base, self.mem_len) = self.ctx.memory();
                match result {
                    Err(Exit::Error) => self.host_error(),
                    other => other,
                }
            }
        }
    }

    /// `return_call_internal def`: replaces the current frame by one for defined function
    /// `def` of the current module ([`Ctx::replace_frame`]).
    #[inline(always)]
    pub fn return_call_internal(&mut self, def: u32, base: Slot) -> Result<(), Exit> {
        if EPOCH && self.epoch_reached() {
            return Err(trap_exit(TrapCode::Interrupted));
        }
        // SAFETY: the module is kept alive by the current instance, which the store never
        // drops while this execution holds it.
        let module = unsafe { &*self.ctx.module };
        let code = compiled_code(module, def, &mut self.ctx.error);
        if code.is_null() {
            return Err(Exit::Error);
        }
        // SAFETY: not null, and owned by the module (see above).
        let code = unsafe { &*code };
        let fp_offset = self.ctx.offset_of(self.fp);
        let func_index = module.info.num_imported_funcs + def;
        let instance = self.ctx.instance;
        self.fp = self
            .ctx
            .replace_frame(func_index, code, instance, fp_offset, base.0 as usize)?;
        self.ip = code.code.as_ptr();
        Ok(())
    }

    /// `return_call func`: a tail call of function `func` of the current instance.
    #[inline(always)]
    pub fn return_call(&mut self, func: u32, base: Slot) -> Result<(), Exit> {
        let f = self.ctx.inner().instances[self.ctx.instance.index()].funcs[func as usize];
        self.return_call_func(f, base)
    }

    /// `return_call_indirect`.
    #[inline(always)]
    pub fn return_call_indirect(
        &mut self,
        type_index: u32,
        table: u32,
        index: Slot,
        base: Slot,
    ) -> Result<(), Exit> {
        let i = self.get::<u32>(index) as usize;
        let f = self.ctx.indirect_callee(type_index, table, i)?;
        self.return_call_func(f, base)
    }

    /// `return_call_ref`.
    #[inline(always)]
    pub fn return_call_ref(&mut self, callee: Slot, base: Slot) -> Result<(), Exit> {
        let f = func_of_ref(self.get::<u64>(callee))?;
        self.return_call_func(f, base)
    }

    /// Tail-calls store function `f` with its arguments at slot `base`: a wasm function's
    /// frame replaces the current one (in its own instance, which may be another); a host
    /// function is called and the current function returns its results.
    #[inline(always)]
    fn return_call_func(&mut self, f: FuncIdx, base: Slot) -> Result<(), Exit> {
        let fp_offset = self.ctx.offset_of(self.fp);
        match self.ctx.inner().funcs[f.index()] {
            FuncEntity::Wasm {
                ref module,
                def_index,
                instance,
                ..
            } => {
                if EPOCH && self.epoch_reached() {
                    return Err(trap_exit(TrapCode::Interrupted));
                }
                let module: *const ModuleInner = &**module;
                // SAFETY: the store's function entity keeps the module alive, and the store
                // outlives this execution and never removes entities.
                let module = unsafe { &*module };
                let func_index = module.info.num_imported_funcs + def_index;
                let code = compiled_code(module, def_index, &mut self.ctx.error);
                if code.is_null() {
                    return Err(Exit::Error);
                }
                // SAFETY: the code belongs to the module (see above).
                let code = unsafe { &*code };
                self.fp = self.ctx.replace_frame(
                    func_index,
                    code,
                    instance,
                    fp_offset,
                    base.0 as usize,
                )?;
                self.ip = code.code.as_ptr();
                self.switch_instance(instance);
                Ok(())
            }
            FuncEntity::Host { index, .. } => {
                self.ctx
                    .return_call_host::<FUEL>(index, fp_offset, base.0 as usize)?;
                self.ret()?;
                // The host may have grown memory; `ret` reloads it only when the instance
                // changes.
                (self.mem_base, self.mem_len) = self.ctx.memory();
                Ok(())
            }
        }
    }

    /// Returns from the current function (results already in its cells `0..n`).
    #[inline(always)]
    pub fn ret(&mut self) -> Result<(), Exit> {
        let frames = &mut self.ctx.stack.frames;
        let Some(frame) = frames.pop() else {
            return Err(Exit::Done);
        };
        let Some(caller) = frames.last() else {
            return Err(Exit::Done);
        };
        let (caller_instance, caller_fp) = (caller.instance, caller.fp_offset);
        self.ip = frame.return_ip;
        // SAFETY: the caller's frame is within the value stack.
        self.fp = unsafe { self.ctx.stack.values.as_mut_ptr().add(caller_fp) };
        self.switch_instance(caller_instance);
        Ok(())
    }

    /// Reads global `global` of the current instance.
    #[inline(always)]
    pub fn global_get(&self, global: u32) -> u64 {
        let inner = self.ctx.inner();
        let g = inner.instances[self.ctx.instance.index()].globals[global as usize];
        inner.globals[g.index()].value
    }

    /// Writes global `global` of the current instance.
    #[inline(always)]
    pub fn global_set(&mut self, global: u32, value: u64) {
        let instance = self.ctx.instance.index();
        let inner = self.ctx.inner_mut();
        let g = inner.instances[instance].globals[global as usize];
        inner.globals[g.index()].value = value;
    }

    /// Reads the v128 global `global` of the current instance.
    #[inline(always)]
    pub fn global_get_v128(&self, global: u32) -> crate::simd::V128 {
        let inner = self.ctx.inner();
        let g = inner.instances[self.ctx.instance.index()].globals[global as usize];
        let g = &inner.globals[g.index()];
        crate::simd::V128::from_cells(g.value, g.hi)
    }

    /// Writes the v128 global `global` of the current instance.
    #[inline(always)]
    pub fn global_set_v128(&mut self, global: u32, value: crate::simd::V128) {
        let instance = self.ctx.instance.index();
        let inner = self.ctx.inner_mut();
        let g = inner.instances[instance].globals[global as usize];
        let g = &mut inner.globals[g.index()];
        (g.value, g.hi) = value.to_cells();
    }

    /// A reference cell to function `func` of the current instance.
    #[inline(always)]
    pub fn ref_func(&self, func: u32) -> u64 {
        let f = self.ctx.inner().instances[self.ctx.instance.index()].funcs[func as usize];
        u64::from(f.0) + 1
    }
}

thread_local! {
    /// How many top-level interpreter calls are active on this thread (host functions may call
    /// back into wasm), and where the host stack stood at the outermost one: re-entry is
    /// bounded by the stack it uses (`Config::max_wasm_stack`), so it cannot overflow it.
    static NESTING: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// Whether the running call is the outermost on this thread (no host function below it
/// called into wasm): then its stack is the only one with live frames.
pub(crate) fn outermost_call() -> bool {
    NESTING.with(|n| n.get().0) <= 1
}

/// The lowest host stack address compiled code may use: `max_wasm_stack` below where the
/// outermost running call on this thread started.
#[cfg(kestrel_jit)]
pub(crate) fn native_stack_limit(max_wasm_stack: usize) -> usize {
    let (depth, top) = NESTING.with(|n| n.get());
    let top = if depth == 0 { stack_position() } else { top };
    top.saturating_sub(max_wasm_stack)
}

/// An address in the current host stack frame: where the stack stands, to within a frame.
#[inline(always)]
fn stack_position() -> usize {
    let here = 0u8;
    std::hint::black_box(&here) as *const u8 as usize
}

/// Calls function `func` of `store`; `cells[..params]` are the arguments on the way in,
/// `cells[..results]` the results on the way out.
pub fn call<T>(store: &mut Store<T>, func: FuncIdx, cells: &mut [u64]) -> Result<(), Error> {
    if let Some(FuncEntity::Host { index, .. }) = store.inner.funcs.get(func.index()) {
        let index = *index;
        return store.call_host(index, None, cells);
    }
    let store: *mut Store<T> = store;
    // SAFETY: both pointers come from the one exclusive borrow `store`, which outlives the call.
    let inner = unsafe { &raw mut (*store).inner };
    call_wasm(inner, store, func, cells)
}

/// [`call`] for a wasm function, not generic over the store's data: `inner` is the store's
/// `T`-independent part and `hooks` the whole store, both from one exclusive borrow.
pub(super) fn call_wasm<'a>(
    inner: *mut StoreInner,
    hooks: *mut (dyn StoreHooks + 'a),
    func: FuncIdx,
    cells: &mut [u64],
) -> Result<(), Error> {
    // SAFETY: the caller's exclusive borrow of the store; no other reference to it is alive.
    let store = unsafe { &mut *inner };
    let (module, def_index, instance) = match store.funcs.get(func.index()) {
        Some(FuncEntity::Wasm {
            module,
            def_index,
            instance,
            ..
        }) => (module.clone(), *def_index, *instance),
        Some(FuncEntity::Host { .. }) | None => {
            return Err(Error::Usage("function index out of range".into()));
        }
    };
    let code = module.code(def_index)?;
    let config = store.engine.config();
    let (depth, top) = NESTING.with(|n| n.get());
    let here = stack_position();
    // Stacks grow down on every host Kestrel runs on. The measure assumes that nested calls on
    // one thread run on the outermost call's stack: one made on another stack (a fiber the
    // host switched to) measures as 0 used if that stack lies above, and as the distance
    // between the two if below, which traps at once (see `Config::max_wasm_stack`).
    let top = if depth == 0 { here } else { top };
    if top.saturating_sub(here) > config.max_wasm_stack {
        return Err(Trap::new(TrapCode::StackOverflow).into());
    }
    NESTING.with(|n| n.set((depth + 1, top)));
    let mut stack: Box<Stack> = match store.scratch.pop_if(|b| b.is::<Stack>()) {
        Some(b) => b.downcast().unwrap_or_default(),
        None => Box::default(),
    };
    let (s, k) = (&mut *stack, cells);
    // Three instantiations of the interpreter, not four: metered code without an epoch
    // deadline runs in the metered and interruptible one, whose deadline is then never reached
    // (`run_entry`). It costs that code one load and compare per loop back-edge and call, and
    // saves a whole copy of the interpreter (a quarter of the engine's build time, and of its
    // handlers in the binary).
    let result = match (config.consume_fuel, config.epoch_interruption) {
        (false, false) => run_entry::<false, false>(inner, hooks, s, def_index, code, instance, k),
        (false, true) => run_entry::<false, true>(inner, hooks, s, def_index, code, instance, k),
        (true, _) => run_entry::<true, true>(inner, hooks, s, def_index, code, instance, k),
    };
    stack.frames.clear();
    #[cfg(kestrel_pair_stats)]
    crate::interp::pair_stats::dump();
    // SAFETY: as above; the execution that used the store through `hooks` has ended.
    unsafe { (*inner).scratch.push(stack) };
    NESTING.with(|n| n.set((depth, top)));
    result
}

/// Runs defined function `def_index` of `instance` (compiled as `code`) as the entry frame of
/// `stack`.
fn run_entry<'a, const FUEL: bool, const EPOCH: bool>(
    inner: *mut StoreInner,
    hooks: *mut (dyn StoreHooks + 'a),
    stack: &mut Stack,
    def_index: u32,
    code: &CompiledFunc,
    instance: InstanceIdx,
    cells: &mut [u64],
) -> Result<(), Error> {
    // SAFETY: the caller's exclusive borrow of the store; dropped before `Ctx` is made.
    let store = unsafe { &mut *inner };
    let config = store.engine.config();
    let (max_depth, max_cells) = (config.max_call_depth, config.max_value_stack);
    let params = code.params as usize;
    let results = code.results as usize;
    if cells.len() < params.max(results) {
        return Err(Error::Usage("too few cells for the call".into()));
    }
    let frame = code.frame_size as usize;
    if frame > max_cells || max_depth == 0 {
        return Err(Trap::new(TrapCode::StackOverflow).into());
    }
    if stack.values.len() < frame {
        stack.values.resize(frame.max(1024).min(max_cells), 0);
    }
    stack.values[..params].copy_from_slice(&cells[..params]);
    stack.values[params..params + code.locals as usize].fill(0);
    stack.frames.clear();
    let module: *const ModuleInner = &*store.instances[instance.index()].module;
    stack.frames.push(CallFrame {
        // SAFETY: the instance (kept by the store) keeps its module alive.
        func_index: unsafe { (*module).info.num_imported_funcs } + def_index,
        instance,
        fp_offset: 0,
        return_ip: std::ptr::null(),
    });
    let fuel = store.fuel;
    // The engine's epoch counter, borrowed from a clone of the engine so the store can be
    // borrowed mutably beside it (cloned only when the epoch is checked).
    // Without epoch interruption (fuel alone, run with `EPOCH`) the counter is `NO_EPOCH`, 0,
    // and the deadline below is unreachable.
    static NO_EPOCH: AtomicU64 = AtomicU64::new(0);
    let epoch_on = config.epoch_interruption;
    let engine = (EPOCH && epoch_on).then(|| store.engine.clone());
    let epoch = engine.as_ref().map_or(&NO_EPOCH, |e| &e.inner.epoch);
    let fp = stack.values.as_mut_ptr();
    // SAFETY: `inner` and `hooks` come from one exclusive borrow of the store (see `call`), and
    // `store` is not used again.
    let mut ctx = unsafe { Ctx::new(inner, hooks, stack, instance, module, fuel, epoch) };
    if !epoch_on {
        ctx.epoch_deadline = u64::MAX;
    }
    let exit = if EPOCH && epoch.load(Ordering::Relaxed) >= ctx.epoch_deadline {
        Exit::Trap(TrapCode::Interrupted)
    } else {
        run::<FUEL, EPOCH>(&mut ctx, code.code.as_ptr(), fp)
    };
    if FUEL {
        ctx.inner_mut().fuel = ctx.fuel;
    }
    match exit {
        Exit::Done => {
            cells[..results].copy_from_slice(&ctx.stack.values[..results]);
            Ok(())
        }
        Exit::Trap(code) => Err(Trap::with_backtrace(code, ctx.backtrace()).into()),
        Exit::Error => Err(ctx
            .error
            .take()
            .unwrap_or_else(|| Error::Usage("interpreter stopped without an error".into()))),
        // Handled by the handler it ends (`threaded::run_last`); it never leaves dispatch.
        Exit::SlowCall => Err(Error::Usage(
            "interpreter stopped at a call it should have made out of line".into(),
        )),
    }
}
