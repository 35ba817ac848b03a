//! Throwing and catching exceptions in the interpreter.
//!
//! Nothing runs for a `try_table` on the straight path: its catch clauses are entries of the
//! function's handler table ([`CompiledFunc::handlers`]). A throw walks the call frames from the
//! innermost out; in each it takes the first handler whose code range holds the position the
//! frame is at (the throw itself, or the call it is waiting on) and whose clause matches the
//! exception's tag, writes the label's values (payload, then the exception for the `_ref`
//! clauses) to the handler's slots and continues at its target. An exception that reaches the
//! entry frame leaves the interpreter as [`Error::Exception`]; one a host function returns
//! (`Error::throw`) is thrown from the call that made it.
//!
//! The unwinding is out of line, in [`Ctx`] methods that take and return plain values, so the
//! threaded handlers of `throw`, `throw_ref` and the calls keep tail-calling (an `Exec` whose
//! address escaped into an out-of-line call would stop that).

use crate::api::exception::{Exception, ExnRef};
use crate::error::{Error, Trap, TrapCode};
use crate::interp::executor::{Ctx, Exec, Exit, trap_exit};
use crate::ir::{CatchKind, CompiledFunc, Handler, Slot};
use crate::runtime::exception::ExnEntity;

impl<const FUEL: bool, const EPOCH: bool, const ACC: bool> Exec<'_, '_, FUEL, EPOCH, ACC> {
    /// `throw tag`: a new exception of the current instance's tag `tag`, with the payload in
    /// the slots from `base`.
    #[inline(always)]
    pub fn throw(&mut self, tag: u32, base: Slot) -> Result<(), Exit> {
        // SAFETY: `base` is a slot of the current frame.
        let payload = unsafe { self.fp.add(base.0 as usize) };
        let ip = self.ctx.throw_new(tag, payload, self.ip);
        self.resume_at(ip)
    }

    /// `throw_ref`: throws the exception `cell` refers to again (traps on null).
    #[inline(always)]
    pub fn throw_ref(&mut self, cell: u64) -> Result<(), Exit> {
        if cell == 0 {
            return Err(trap_exit(TrapCode::NullReference));
        }
        let ip = self.ctx.unwind(cell, self.ip);
        self.resume_at(ip)
    }

    /// After a host call failed with the error in `Ctx::error`: an exception of this store
    /// that the host threw (or let through from wasm it called) is thrown on from the call.
    #[inline(always)]
    pub fn host_error(&mut self) -> Result<(), Exit> {
        let ip = self.ctx.throw_host_error(self.ip);
        self.resume_at(ip)
    }

    /// Continues at `ip`, a handler found by unwinding in the (now) innermost frame, whose
    /// instance is already current; null means none was found and `Ctx::error` says why.
    ///
    /// The out-of-line part returns one pointer (in a register): a larger result would be
    /// returned through memory, and a stack slot whose address escapes stops the threaded
    /// handlers from tail-calling.
    #[inline(always)]
    fn resume_at(&mut self, ip: *const u8) -> Result<(), Exit> {
        if ip.is_null() {
            return Err(Exit::Error);
        }
        let frame = self.ctx.stack.frames.last().map_or(0, |f| f.fp_offset);
        self.ip = ip;
        // SAFETY: the handler's frame is an active one, within the value stack.
        self.fp = unsafe { self.ctx.stack.values.as_mut_ptr().add(frame) };
        self.acc = 0;
        (self.mem_base, self.mem_len) = self.ctx.memory();
        Ok(())
    }
}

impl Ctx<'_> {
    /// A new exception of the current instance's tag `tag` with its payload at `payload`,
    /// thrown from `ip`.
    #[cold]
    #[inline(never)]
    fn throw_new(&mut self, tag: u32, payload: *const u64, ip: *const u8) -> *const u8 {
        let instance = self.instance;
        let inner = self.inner_mut();
        let store_tag = inner.instances[instance.index()].tags[tag as usize];
        let n = inner.tags[store_tag.index()].ty.param_cells();
        // SAFETY: the translator put the tag's `n` payload values in the frame from `payload`.
        let payload: Box<[u64]> = unsafe { std::slice::from_raw_parts(payload, n) }.into();
        if inner.exceptions.collection_due() && super::call::outermost_call() {
            self.collect_exceptions();
        }
        let inner = self.inner_mut();
        let cell = inner.exceptions.alloc(ExnEntity::new(store_tag.0, payload));
        self.unwind(cell, ip)
    }

    /// Collects the store's exceptions that no wasm value can reach. Only in the outermost
    /// call: a nested one's callers keep cells in stacks out of this one's sight.
    fn collect_exceptions(&mut self) {
        use crate::value::{HeapType, ValType};
        // SAFETY: `self.inner` is valid and not otherwise borrowed (the stack is not part of
        // the store while a call runs).
        let inner = unsafe { &mut *self.inner_ptr() };
        let is_exn = |t: ValType| matches!(t, ValType::Ref(r) if r.heap.top() == HeapType::Exn);
        let globals = inner
            .globals
            .iter()
            .filter(|g| is_exn(g.ty.content))
            .map(|g| std::slice::from_ref(&g.value));
        let tables = inner
            .tables
            .iter()
            .filter(|t| is_exn(ValType::Ref(t.ty().element)))
            .map(|t| t.elements.as_slice());
        let stack = std::iter::once(self.stack.values.as_slice());
        inner.exceptions.collect(stack.chain(globals).chain(tables));
    }

    /// See [`Exec::host_error`].
    #[cold]
    #[inline(never)]
    fn throw_host_error(&mut self, ip: *const u8) -> *const u8 {
        let store = self.inner().id;
        let cell = match &self.error {
            Some(Error::Exception(e)) if e.exn().store == store => e.exn().cell,
            _ => return std::ptr::null(),
        };
        self.error = None;
        self.unwind(cell, ip)
    }

    /// Throws the exception in `cell` from `ip` in the innermost frame: the innermost matching
    /// handler's position (its frame made the innermost and its instance current), or null
    /// with `Error::Exception` in `error` if no frame has one.
    #[cold]
    #[inline(never)]
    fn unwind(&mut self, cell: u64, ip: *const u8) -> *const u8 {
        let Some(exn_tag) = self.inner().exceptions.get(cell).map(|e| e.tag) else {
            self.error = Some(Trap::new(TrapCode::NullReference).into());
            return std::ptr::null();
        };
        // The innermost frame is just before `ip` (past the throw or the call); each caller is
        // just before the return address its callee's frame keeps.
        let mut resume = ip;
        while let Some(frame) = self.stack.frames.last().copied() {
            let inner = self.inner();
            let instance = &inner.instances[frame.instance.index()];
            let module = &instance.module;
            let def = frame.func_index - module.info.num_imported_funcs;
            if let Some(code) = module.translated(def) {
                let code: *const CompiledFunc = code;
                // SAFETY: the instance keeps its module (and its code) alive for the store's
                // lifetime, which outlives this execution.
                let code = unsafe { &*code };
                let start = code.code.as_ptr();
                let pos = (resume as usize)
                    .wrapping_sub(start as usize)
                    .wrapping_sub(1);
                let tags = &instance.tags;
                // A `delegate` passes over the constructs nested inside its target.
                let mut limit = u32::MAX;
                let mut found = None;
                for h in code.handlers.iter() {
                    if h.depth > limit || !(h.start as usize..h.end as usize).contains(&pos) {
                        continue;
                    }
                    match h.kind {
                        CatchKind::Delegate => limit = h.tag,
                        CatchKind::Tag | CatchKind::TagRef | CatchKind::LegacyTag
                            if tags[h.tag as usize].0 != exn_tag => {}
                        _ => {
                            found = Some(h);
                            break;
                        }
                    }
                }
                if let Some(handler) = found.copied() {
                    let module: *const crate::module::ModuleInner = &**module;
                    self.instance = frame.instance;
                    self.module = module;
                    return self.catch(frame.fp_offset, start, handler, cell);
                }
            }
            resume = frame.return_ip;
            self.stack.frames.pop();
            if self.stack.frames.is_empty() || resume.is_null() {
                break;
            }
        }
        let inner = self.inner_mut();
        inner.exceptions.pin(cell);
        let exn = ExnRef {
            store: inner.id,
            cell,
        };
        self.error = Some(Error::Exception(Box::new(Exception::describe(inner, exn))));
        std::ptr::null()
    }

    /// Hands `handler` (of the function whose frame starts at `fp_offset`, now the innermost,
    /// whose code starts at `code`) the exception in `cell`: its label's values go to the
    /// handler's slots. Returns where to continue.
    fn catch(
        &mut self,
        fp_offset: usize,
        code: *const u8,
        handler: Handler,
        cell: u64,
    ) -> *const u8 {
        // SAFETY: `self.inner` is valid and not otherwise borrowed (the stack is not part of
        // the store while a call runs).
        let inner = unsafe { &mut *self.inner_ptr() };
        let values = &mut self.stack.values;
        let dst = fp_offset + handler.dst.0 as usize;
        let payload_at = match handler.kind {
            CatchKind::Tag | CatchKind::TagRef => Some(dst),
            CatchKind::LegacyTag => Some(dst + 1),
            _ => None,
        };
        let mut n = 0;
        if let Some(at) = payload_at
            && let Some(exn) = inner.exceptions.get(cell)
        {
            n = exn.payload.len();
            values[at..at + n].copy_from_slice(&exn.payload);
        }
        let exn_at = match handler.kind {
            CatchKind::TagRef | CatchKind::AllRef => Some(dst + n),
            CatchKind::LegacyTag | CatchKind::LegacyAll => Some(dst),
            _ => None,
        };
        match exn_at {
            Some(at) => {
                if let Some(exn) = inner.exceptions.get_mut(cell) {
                    exn.escaped = true;
                }
                values[at] = cell;
            }
            // Nothing can refer to it any more, unless an `exnref` to it was ever seen.
            None => inner.exceptions.release(cell),
        }
        // SAFETY: the translator's handler targets are instruction starts of this code.
        unsafe { code.add(handler.target as usize) }
    }
}
