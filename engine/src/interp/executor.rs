//! The executor: the dispatch loop over the code stream and the small helpers instruction
//! bodies use.
//!
//! Performance invariants (step 1 of the design):
//! - the hot state — instruction pointer `ip`, frame pointer `fp`, memory base and length, the
//!   accumulator `acc` — lives in [`Exec`], a local of [`run`] whose address never escapes: every `Exec` method is
//!   `#[inline(always)]` and anything out of line (calls, growth, bulk operations, traps) is a
//!   method of [`Ctx`] or a free function taking plain values, so the compiler keeps the hot
//!   state in registers;
//! - the memory base and length are reloaded only after calls, returns to another instance,
//!   `memory.grow` and host calls;
//! - `run` is a loop over a `match` on the opcode, generated from the instruction table
//!   ([`crate::ir::isa`]); every body reads its operands before writing its result;
//! - traps leave through `Err(Exit::Trap)`, the cold path; nothing allocates per instruction;
//! - fuel (in [`Ctx`]) is charged per instruction (its table cost) only in the `FUEL = true`
//!   instantiation, so the unmetered loop has no fuel check at all;
//! - `Exec::set` also leaves each result in the accumulator, and `Exec::get` reads it for
//!   [`Slot::ACC`] (checked only in the copies of the bodies that may see it, `ACC = true`);
//!   threaded dispatch skips the frame store of a result that only the next instruction reads,
//!   from the accumulator (`Exec::store_result`, [`crate::ir::ACC_ONLY_OPCODES`]); the loop
//!   always stores;
//! - the epoch deadline (`Config::epoch_interruption`) is checked only in the `EPOCH = true`
//!   instantiation, with one relaxed atomic load at each backward branch (every loop back-edge)
//!   and each wasm call. A branch cannot return a trap, so one that finds the deadline reached
//!   jumps to [`INTERRUPT_CODE`], a lone `Interrupt` instruction, which traps (in both dispatch
//!   backends). Metered code runs in the `FUEL = true, EPOCH = true` instantiation even
//!   without epoch interruption (with a deadline it never reaches), so there are three
//!   instantiations, not four;
//! - the v128 instructions run out of line ([`crate::interp::step::step_out_of_line`]): the
//!   loop is one function, which the optimiser's time grows faster than linearly with.

use crate::error::{Error, TrapCode};
use crate::interp::cell::{Cell, MemValue};
use crate::interp::num;
use crate::interp::stack::Stack;
use crate::ir::isa::for_each_instruction;
use crate::ir::{Base, BranchOffset, Dst, OPCODE_SIZE, Opcode, Operand, Slot, VDst, VSlot};
use crate::module::ModuleInner;
use crate::runtime::exec_hooks::StoreHooks;
use crate::runtime::store::{InstanceIdx, StoreInner};
use crate::simd::{self, V128};
use std::sync::atomic::{AtomicU64, Ordering};

/// Code a branch jumps to when it finds the epoch deadline reached: one `Interrupt`
/// instruction, which traps with `Interrupted` (the call frames stay for the backtrace).
static INTERRUPT_CODE: [u8; OPCODE_SIZE] = {
    let op = (Opcode::Interrupt as u16).to_le_bytes();
    let mut code = [0; OPCODE_SIZE];
    code[0] = op[0];
    code[1] = op[1];
    code
};

/// Why the dispatch loop stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// A trap; the call frames are still in place for the backtrace.
    Trap(TrapCode),
    /// An error stored in `Exec::error` (host error, lazy compilation failure).
    Error,
    /// The entry function returned.
    Done,
    /// Threaded dispatch only: a `call_internal` needs work out of line (the callee's first
    /// translation, a larger stack, many locals to zero); its operands are in
    /// `Ctx::pending_call`, and the handler continues in one that makes the call out of line
    /// (so the call handlers themselves make no calls and save no registers).
    SlowCall,
}

/// The cold part of the interpreter's state during one top-level call. It does not depend on
/// the store's data type `T`: what does (host calls, the resource limiter) is reached through
/// [`StoreHooks`], so the interpreter is compiled once, in this crate, at its own opt-level.
pub(crate) struct Ctx<'a> {
    /// The store's `T`-independent part. Raw, because [`Ctx::hooks`] reaches the whole store
    /// (this part included) while no reference from here is alive.
    inner: *mut StoreInner,
    /// The whole store, for what depends on `T`.
    hooks: *mut (dyn StoreHooks + 'a),
    /// The value and call-frame stacks.
    pub stack: &'a mut Stack,
    /// The current instance.
    pub instance: InstanceIdx,
    /// The current instance's module (kept alive by the instance, which the store never drops).
    pub module: *const ModuleInner,
    /// `Config::max_call_depth`.
    pub max_depth: usize,
    /// `Config::max_value_stack`.
    pub max_cells: usize,
    /// The error behind `Exit::Error`.
    pub error: Option<Error>,
    /// Fuel left (only maintained when `FUEL`; kept here rather than in a register, so the
    /// unmetered handlers have a register free for the accumulator).
    pub fuel: u64,
    /// The engine's epoch counter (only read when `EPOCH`).
    pub epoch: &'a AtomicU64,
    /// The store's epoch deadline (only read when `EPOCH`).
    pub epoch_deadline: u64,
    /// The operands (function, frame base) of the call behind `Exit::SlowCall`.
    pub pending_call: (u32, Slot),
    /// Compiled frames below the innermost interpreter frame at a trap, innermost first
    /// (`interp/native.rs`): the start of the trap's backtrace.
    pub native_backtrace: Vec<crate::error::FrameInfo>,
}

impl<'a> Ctx<'a> {
    /// A context for running in `store` (whose `T`-independent part is `inner`) on `stack`.
    ///
    /// # Safety
    /// `inner` must point to the `StoreInner` inside the store `hooks` points to, both derived
    /// from one exclusive borrow of that store that outlives `'a`.
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn new(
        inner: *mut StoreInner,
        hooks: *mut (dyn StoreHooks + 'a),
        stack: &'a mut Stack,
        instance: InstanceIdx,
        module: *const ModuleInner,
        fuel: u64,
        epoch: &'a AtomicU64,
    ) -> Self {
        // SAFETY: the caller guarantees `inner` is valid and exclusively ours for `'a`.
        let config = unsafe { (*inner).engine.config() };
        let (max_depth, max_cells) = (config.max_call_depth, config.max_value_stack);
        // SAFETY: as above.
        let epoch_deadline = unsafe { (*inner).epoch_deadline };
        Ctx {
            inner,
            hooks,
            stack,
            instance,
            module,
            max_depth,
            max_cells,
            error: None,
            fuel,
            epoch,
            epoch_deadline,
            pending_call: (0, Slot(0)),
            native_backtrace: Vec::new(),
        }
    }

    /// The store's `T`-independent part.
    #[inline(always)]
    pub fn inner(&self) -> &StoreInner {
        // SAFETY: valid for `'a` (see `new`); no `&mut` to the store is alive while `self` is
        // borrowed, because `hooks()` borrows `self` mutably.
        unsafe { &*self.inner }
    }

    /// The store's `T`-independent part, mutably.
    #[inline(always)]
    pub fn inner_mut(&mut self) -> &mut StoreInner {
        // SAFETY: as in `inner`, and `&mut self` makes this the only reference.
        unsafe { &mut *self.inner }
    }

    /// The store's `T`-independent part as a raw pointer, for code that also borrows the
    /// stack (which the store does not own while a call runs).
    #[inline(always)]
    pub fn inner_ptr(&self) -> *mut StoreInner {
        self.inner
    }

    /// The whole store as a raw pointer, for a host call that also lends out the value stack.
    #[inline(always)]
    pub fn hooks_ptr(&self) -> *mut (dyn StoreHooks + 'a) {
        self.hooks
    }

    /// The whole store, for host calls and growth (which may consult the embedder's limiter).
    #[inline(always)]
    pub fn hooks(&mut self) -> &mut (dyn StoreHooks + 'a) {
        // SAFETY: valid for `'a` (see `new`); `&mut self` ends every reference obtained through
        // `inner`/`inner_mut` before this one is used.
        unsafe { &mut *self.hooks }
    }
}

/// The hot state, kept in registers by the dispatch loop.
pub(crate) struct Exec<'c, 'a, const FUEL: bool, const EPOCH: bool, const ACC: bool> {
    /// Next instruction.
    pub ip: *const u8,
    /// Current frame's first cell.
    pub fp: *mut u64,
    /// Base of the current instance's memory 0.
    pub mem_base: *mut u8,
    /// Length in bytes of the current instance's memory 0.
    pub mem_len: usize,
    /// The accumulator: the value the last instruction wrote to its result slot (see
    /// [`Slot::ACC`]), so the next instruction can take it without a memory round trip.
    pub acc: u64,
    /// Whether [`Exec::set`] writes the frame cell as well as the accumulator: `false` only in
    /// the threaded handlers of instructions marked as writing their result to the accumulator
    /// alone ([`crate::ir::ACC_ONLY_OPCODES`]). A constant in every handler, so the check
    /// folds away.
    pub store_result: bool,
    /// Everything else.
    pub ctx: &'c mut Ctx<'a>,
}

/// Marks the code it is placed in as not speculatable (see [`Exec::branch`]); emits nothing.
#[inline(always)]
fn keep_branch() {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    // SAFETY: an empty assembly block: it reads and writes nothing, not even the stack or flags.
    unsafe {
        std::arch::asm!("", options(nomem, nostack, preserves_flags))
    };
}

/// A trap exit, marked as the cold path. Inline and calling nothing, so a handler's trap path
/// just returns the value: an out-of-line call there made the optimiser save and restore every
/// callee-saved register in handlers whose result fits a register together with the error
/// (measured: the 4-byte load handlers pushed and popped seven registers per run).
#[inline(always)]
pub(crate) fn trap_exit(code: TrapCode) -> Exit {
    std::hint::cold_path();
    Exit::Trap(code)
}

/// Runs `ctx`'s current function from `ip` with frame `fp` until the entry function returns or
/// something traps (the fuel left is in `ctx.fuel`).
pub(crate) fn run<const FUEL: bool, const EPOCH: bool>(
    ctx: &mut Ctx<'_>,
    ip: *const u8,
    fp: *mut u64,
) -> Exit {
    let (mem_base, mem_len) = ctx.memory();
    if cfg!(kestrel_threaded) {
        return crate::interp::threaded::run::<FUEL, EPOCH>(ctx, ip, fp, mem_base, mem_len);
    }
    // The loop checks every operand for the accumulator (`ACC = true`): one copy of each body.
    let mut x = Exec::<FUEL, EPOCH, true> {
        ip,
        fp,
        mem_base,
        mem_len,
        acc: 0,
        // The loop ignores the accumulator-only mark: every result is stored.
        store_result: true,
        ctx,
    };
    match x.dispatch() {
        Err(exit) => exit,
        Ok(()) => Exit::Done,
    }
}

impl<const FUEL: bool, const EPOCH: bool, const ACC: bool> Exec<'_, '_, FUEL, EPOCH, ACC> {
    /// Reads slot `s` of the current frame, or the accumulator for [`Slot::ACC`] in an
    /// instruction marked as reading it (`ACC`; see [`crate::ir::ACC_OPCODES`]).
    #[inline(always)]
    pub fn get<V: Cell>(&self, s: Slot) -> V {
        if ACC && s == Slot::ACC {
            return V::from_cell(self.acc);
        }
        // SAFETY: the translator only emits slots below the function's `frame_size` (which is
        // below `Slot::ACC`), and a call makes `frame_size` cells available from `fp` before
        // running the function.
        V::from_cell(unsafe { *self.fp.add(s.0 as usize) })
    }

    /// Writes the accumulator, and slot `s` of the current frame unless the instruction is
    /// marked as writing its result only to the accumulator (`store_result` is false).
    #[inline(always)]
    pub fn set<V: Cell>(&mut self, s: Slot, v: V) {
        let cell = v.into_cell();
        self.acc = cell;
        if self.store_result {
            // SAFETY: as in `get` (the translator never writes to `Slot::ACC`).
            unsafe { *self.fp.add(s.0 as usize) = cell }
        }
    }

    /// Writes the two halves of a 128-bit result (wide arithmetic), low then high, so the
    /// accumulator holds the high half, the value on top of the operand stack.
    #[inline(always)]
    pub fn set_wide(&mut self, lo: Slot, hi: Slot, v: u128) {
        self.set(lo, v as u64);
        self.set(hi, (v >> 64) as u64);
    }

    /// Reads the v128 in slots `s`, `s + 1` (low half first).
    #[inline(always)]
    pub fn get_v128(&self, s: Slot) -> V128 {
        // SAFETY: as in `get`: the translator gives a v128 two consecutive cells of the frame.
        // Read as one 16-byte value, the two cells as an 8-aligned `[u64; 2]`: on little-endian
        // targets that is the vector's bytes in order, and it lands in a vector register. (Not
        // `read_unaligned`: with debug assertions its precondition check takes the address of a
        // stack temporary, which stops threaded handlers from tail-calling; the fuzz build,
        // optimised with debug assertions, overflowed its stack so on a long SIMD loop.)
        #[cfg(target_endian = "little")]
        // SAFETY: the two cells are in the frame (above) and 8-aligned; both types are 16 bytes
        // of plain bits.
        return V128(unsafe {
            std::mem::transmute::<[u64; 2], u128>(*self.fp.add(s.0 as usize).cast::<[u64; 2]>())
        });
        #[cfg(target_endian = "big")]
        {
            // SAFETY: as above.
            let (lo, hi) = unsafe { (*self.fp.add(s.0 as usize), *self.fp.add(s.0 as usize + 1)) };
            V128::from_cells(lo, hi)
        }
    }

    /// Writes the v128 `v` to slots `s`, `s + 1` (low half first); the accumulator keeps
    /// what it held (no v128 instruction's result is read from it).
    #[inline(always)]
    pub fn set_v128(&mut self, s: Slot, v: V128) {
        #[cfg(target_endian = "little")]
        // SAFETY: as in `get_v128`.
        unsafe {
            *self.fp.add(s.0 as usize).cast::<[u64; 2]>() =
                std::mem::transmute::<u128, [u64; 2]>(v.0)
        };
        #[cfg(target_endian = "big")]
        {
            let (lo, hi) = v.to_cells();
            // SAFETY: as in `get_v128`.
            unsafe {
                *self.fp.add(s.0 as usize) = lo;
                *self.fp.add(s.0 as usize + 1) = hi;
            }
        }
    }

    /// A trap exit (the cold path).
    #[inline(always)]
    pub fn trap(&self, code: TrapCode) -> Exit {
        trap_exit(code)
    }

    /// Jumps by `offset` from the end of the current instruction.
    ///
    /// Conditional branches call this only on their taken path, and it starts with an empty
    /// `asm!` that the optimiser cannot move or speculate: that keeps the branch a real,
    /// predicted jump. Without it LLVM turns `if cond { ip += offset }` into a conditional
    /// move, which makes the next instruction's address depend on the compared values and
    /// serialises every loop iteration on that comparison (measured: 1.6 s against 1.2 s for
    /// the sieve kernel).
    #[inline(always)]
    pub fn branch(&mut self, offset: BranchOffset) {
        keep_branch();
        if EPOCH && offset.0 < 0 && self.epoch_reached() {
            self.ip = INTERRUPT_CODE.as_ptr();
            return;
        }
        // SAFETY: the translator only emits offsets that land on an instruction of this code.
        self.ip = unsafe { self.ip.offset(offset.0 as isize) };
    }

    /// `br_table`: picks target `min(index, len)` from the table after the instruction.
    #[inline(always)]
    pub fn branch_table(&mut self, index: Slot, len: u32) {
        let i = self.get::<u32>(index).min(len) as usize;
        // SAFETY: the translator writes `len + 1` offsets after a `BrTable`, each landing on an
        // instruction of this code relative to the table's end.
        unsafe {
            let off = <i32 as Operand>::read(self.ip.add(4 * i));
            if EPOCH && off < 0 && self.epoch_reached() {
                self.ip = INTERRUPT_CODE.as_ptr();
                return;
            }
            self.ip = self.ip.add(4 * (len as usize + 1)).offset(off as isize);
        }
    }

    /// Whether the engine's epoch has reached the store's deadline (one relaxed atomic load).
    #[inline(always)]
    pub fn epoch_reached(&self) -> bool {
        self.ctx.epoch.load(Ordering::Relaxed) >= self.ctx.epoch_deadline
    }

    /// `dst = f(src)`.
    #[inline(always)]
    pub fn unop<A: Cell, R: Cell>(&mut self, dst: Slot, src: Slot, f: impl FnOnce(A) -> R) {
        let v = f(self.get(src));
        self.set(dst, v);
    }

    /// `dst = f(src)?`.
    #[inline(always)]
    pub fn unop_try<A: Cell, R: Cell>(
        &mut self,
        dst: Slot,
        src: Slot,
        f: impl FnOnce(A) -> Result<R, TrapCode>,
    ) -> Result<(), Exit> {
        match f(self.get(src)) {
            Ok(v) => {
                self.set(dst, v);
                Ok(())
            }
            Err(code) => Err(self.trap(code)),
        }
    }

    /// `dst = f(lhs, rhs)`.
    #[inline(always)]
    pub fn binop<A: Cell, R: Cell>(
        &mut self,
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
        f: impl FnOnce(A, A) -> R,
    ) {
        let v = f(self.get(lhs), self.get(rhs));
        self.set(dst, v);
    }

    /// `dst = f(lhs, imm)`.
    #[inline(always)]
    pub fn binop_imm<A: Cell, I: Cell, R: Cell>(
        &mut self,
        dst: Slot,
        lhs: Slot,
        rhs: I,
        f: impl FnOnce(A, A) -> R,
    ) {
        let v = f(self.get(lhs), A::from_cell(rhs.into_cell()));
        self.set(dst, v);
    }

    /// `dst = f(lhs, rhs)?`.
    #[inline(always)]
    pub fn binop_try<A: Cell, R: Cell>(
        &mut self,
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
        f: impl FnOnce(A, A) -> Result<R, TrapCode>,
    ) -> Result<(), Exit> {
        match f(self.get(lhs), self.get(rhs)) {
            Ok(v) => {
                self.set(dst, v);
                Ok(())
            }
            Err(code) => Err(self.trap(code)),
        }
    }

    /// `dst = f(lhs, imm)?`.
    #[inline(always)]
    pub fn binop_try_imm<A: Cell, I: Cell, R: Cell>(
        &mut self,
        dst: Slot,
        lhs: Slot,
        rhs: I,
        f: impl FnOnce(A, A) -> Result<R, TrapCode>,
    ) -> Result<(), Exit> {
        match f(self.get(lhs), A::from_cell(rhs.into_cell())) {
            Ok(v) => {
                self.set(dst, v);
                Ok(())
            }
            Err(code) => Err(self.trap(code)),
        }
    }

    /// Loads a value from memory 0 at `addr + offset`, trapping when out of bounds.
    #[inline(always)]
    pub fn load<M: MemValue>(&mut self, addr: Slot, offset: u32) -> Result<M, Exit> {
        let ea = u64::from(self.get::<u32>(addr)) + u64::from(offset);
        if ea + M::SIZE as u64 > self.mem_len as u64 {
            return Err(self.trap(TrapCode::MemoryOutOfBounds));
        }
        // SAFETY: `ea + SIZE <= mem_len`, and `mem_base` is valid for `mem_len` bytes until the
        // next grow (after which both are reloaded).
        Ok(unsafe { M::read(self.mem_base.add(ea as usize)) })
    }

    /// Stores a value to memory 0 at `addr + offset`, trapping when out of bounds.
    #[inline(always)]
    pub fn store<M: MemValue>(&mut self, addr: Slot, offset: u32, v: M) -> Result<(), Exit> {
        let ea = u64::from(self.get::<u32>(addr)) + u64::from(offset);
        if ea + M::SIZE as u64 > self.mem_len as u64 {
            return Err(self.trap(TrapCode::MemoryOutOfBounds));
        }
        // SAFETY: as in `load`.
        unsafe { M::write(self.mem_base.add(ea as usize), v) };
        Ok(())
    }

    /// Loads from memory `mem` at `addr + offset` (the SIMD memory instructions, which carry
    /// their memory's index: memory 0 from the hot state, another looked up).
    #[inline(always)]
    pub fn load_on<M: MemValue>(&mut self, mem: u32, addr: Slot, offset: u32) -> Result<M, Exit> {
        if mem == 0 {
            self.load(addr, offset)
        } else {
            self.load_mem(mem, addr, offset)
        }
    }

    /// Stores to memory `mem` at `addr + offset` (see [`Exec::load_on`]).
    #[inline(always)]
    pub fn store_on<M: MemValue>(
        &mut self,
        mem: u32,
        addr: Slot,
        offset: u32,
        v: M,
    ) -> Result<(), Exit> {
        if mem == 0 {
            self.store(addr, offset, v)
        } else {
            self.store_mem(mem, addr, offset, v)
        }
    }

    /// Charges `cost` fuel, trapping when there is not enough.
    #[inline(always)]
    fn charge(&mut self, cost: u64) -> Result<(), Exit> {
        match self.ctx.fuel.checked_sub(cost) {
            Some(left) => {
                self.ctx.fuel = left;
                Ok(())
            }
            None => Err(self.trap(TrapCode::OutOfFuel)),
        }
    }
}

macro_rules! define_dispatch {
    ($( $(#[doc = $doc:literal])* $name:ident { $($field:ident : $fty:ident),* $(,)? } cost($cost:literal) $([$($relation:tt)*])? |$x:ident| $body:block )*) => {
        impl<const FUEL: bool, const EPOCH: bool, const ACC: bool> Exec<'_, '_, FUEL, EPOCH, ACC> {
            /// The dispatch loop; leaves only through `Err` (a trap, an error or the entry
            /// function's return).
            #[inline(always)]
            #[allow(unused_variables, clippy::unnecessary_cast)]
            fn dispatch(&mut self) -> Result<(), Exit> {
                loop {
                    // SAFETY: `ip` is at an opcode field our encoder wrote (unlinked: a valid,
                    // maybe accumulator-marked `Opcode` in its first two bytes), then fields.
                    let raw = unsafe { <u16 as Operand>::read(self.ip) };
                    // SAFETY: as above, the opcode's base is an `Opcode`.
                    let op: Opcode = unsafe {
                        std::mem::transmute::<u16, Opcode>(crate::ir::base_opcode(raw))
                    };
                    // SAFETY: the opcode is followed by its fields (see above).
                    self.ip = unsafe { self.ip.add(OPCODE_SIZE) };
                    if FUEL {
                        self.charge(op.fuel_cost())?;
                    }
                    match op {
                        // The v128 instructions run out of line: inlined, their bodies were
                        // most of this function, which the optimiser takes as a whole (and in
                        // each of its three instantiations); on the targets that run this loop
                        // they made the engine's build several times longer. The atomic ones
                        // join them (`Opcode::runs_out_of_line`).
                        $( Opcode::$name if const { Opcode::$name.runs_out_of_line() } => {
                            let reads_acc = crate::ir::reads_acc(raw);
                            let hot = (self.ip, self.fp, self.mem_base, self.mem_len, self.acc);
                            let after = crate::interp::step::step_out_of_line::<
                                crate::interp::step::steps::$name,
                                FUEL,
                                EPOCH,
                                { Opcode::$name.reads_slot() },
                            >(hot, reads_acc, &mut *self.ctx)?;
                            (self.ip, self.fp, self.mem_base, self.mem_len, self.acc) = after;
                        } )*
                        $( Opcode::$name => {
                            $(
                                // SAFETY: the field is encoded right here.
                                let $field: $fty = unsafe { <$fty as Operand>::read(self.ip) };
                                // SAFETY: still within the instruction.
                                self.ip = unsafe { self.ip.add(<$fty as Operand>::SIZE) };
                            )*
                            let $x = &mut *self;
                            $body
                        } )*
                    }
                }
            }
        }
    };
}

for_each_instruction!(define_dispatch);
