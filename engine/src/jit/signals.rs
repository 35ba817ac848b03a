//! Turning a processor trap in compiled code into the wasm trap (Linux, x86_64 and aarch64).
//!
//! Where this handler is installed, compiled code traps through the processor: a failed check
//! (division by zero, a null reference, stack overflow, `unreachable`, an engine call that
//! failed) executes a trap instruction (SIGILL), and most accesses to a guarded memory 0 leave
//! the bounds check to the guard pages (`runtime::memory`'s guarded reservations), so an access
//! past the memory's length faults (SIGSEGV, or SIGBUS). So no call between compiled functions
//! is followed by a check. The handler decides whether the signal is ours: the thread is
//! running compiled code (the innermost [`VmCtx`] entered on it, kept in a thread-local by
//! [`Activation`]), and the instruction is one of that code's trap sites (which Cranelift
//! reported, each with its trap code). If so it stores the trap in the `VmCtx` and resumes at the landing pad of the entry trampoline that
//! called into the faulting code (`super::trampoline`), with that trampoline's frame and stack
//! pointers: the compiled frames in between, which own nothing, are simply dropped, and the
//! trampoline returns to the engine as after any other trap. Any other fault goes to the
//! handler that was installed before ours (Rust's own stack-overflow report, or the default
//! action), so a bug in the host still crashes as it would have.

use super::vmctx::VmCtx;
use std::cell::Cell;

thread_local! {
    /// The `VmCtx` of the innermost entry into compiled code on this thread, or null.
    /// Constant-initialised with no destructor, so reading it from a signal handler is a plain
    /// load of thread-local memory.
    static CURRENT: Cell<*mut VmCtx> = const { Cell::new(std::ptr::null_mut()) };
}

/// The innermost entry into compiled code on this thread, from `enter` until dropped (entries
/// nest: the engine may run compiled code of another instance from a call out of compiled
/// code).
pub struct Activation {
    previous: *mut VmCtx,
}

impl Activation {
    /// Makes `vm` the thread's innermost entry until the result is dropped. `vm` must stay in
    /// place (not move) and alive for that long.
    pub fn enter(vm: *mut VmCtx) -> Self {
        Self {
            previous: CURRENT.with(|c| c.replace(vm)),
        }
    }
}

impl Drop for Activation {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.previous));
    }
}

/// Installs the handler (once per process). Whether processor traps in compiled code can be
/// caught here: without that, compiled code checks every access explicitly, and a trap
/// returns through every compiled frame, each checking `VmCtx::trap` after its calls.
pub fn install() -> bool {
    #[cfg(target_os = "linux")]
    {
        static INSTALLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *INSTALLED.get_or_init(linux::install)
    }
    #[cfg(not(target_os = "linux"))]
    false
}

#[cfg(target_os = "linux")]
mod linux {
    use super::{CURRENT, VmCtx};
    use crate::error::TrapCode;
    use std::cell::UnsafeCell;

    /// The handlers that were installed before ours, for each of [`SIGNALS`].
    struct Previous(UnsafeCell<[libc::sigaction; SIGNALS.len()]>);
    // SAFETY: written once, by `install`, before our handler is installed (under the
    // `OnceLock` that runs `install` once); only read afterwards.
    unsafe impl Sync for Previous {}

    static PREVIOUS: Previous = Previous(UnsafeCell::new(
        // SAFETY: `sigaction` is plain data, for which all zeroes is a valid value (SIG_DFL).
        unsafe { std::mem::zeroed() },
    ));

    /// Guard-page faults, trap instructions, and (never expected: every division is checked
    /// first) a hardware division fault.
    const SIGNALS: [libc::c_int; 4] = [libc::SIGSEGV, libc::SIGBUS, libc::SIGILL, libc::SIGFPE];

    pub(super) fn install() -> bool {
        for (i, &signal) in SIGNALS.iter().enumerate() {
            // SAFETY: `sigaction` with a null new action only reads the current one into our
            // static, which nothing reads until our handler is installed below.
            let read = unsafe {
                libc::sigaction(signal, std::ptr::null(), &raw mut (*PREVIOUS.0.get())[i])
            };
            if read != 0 {
                return false;
            }
        }
        for &signal in &SIGNALS {
            // SAFETY: a zeroed `sigaction` is valid; we fill in the handler, its flags and an
            // empty mask before handing it to the kernel.
            let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
            action.sa_sigaction = handler as *const () as usize;
            // On the alternate signal stack where the thread has one (Rust's threads do):
            // the handler may run for a fault that is a host stack overflow.
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
            // SAFETY: as above; `sa_mask` is a valid set to empty.
            unsafe { libc::sigemptyset(&mut action.sa_mask) };
            // SAFETY: installing a handler for a synchronous signal; `handler` is
            // async-signal-safe (below).
            if unsafe { libc::sigaction(signal, &action, std::ptr::null_mut()) } != 0 {
                return false;
            }
        }
        true
    }

    /// The handler. Async-signal-safe: it reads a thread-local and immutable code metadata,
    /// writes the `VmCtx` of the faulting thread and the signal context, and allocates nothing.
    extern "C" fn handler(
        signal: libc::c_int,
        info: *mut libc::siginfo_t,
        context: *mut libc::c_void,
    ) {
        let vm = CURRENT.with(|c| c.get());
        // Only a fault the kernel raised for an instruction (not a signal sent by a process,
        // whose `si_code` is 0 or negative) can be a trap.
        // SAFETY: the kernel hands a valid `siginfo_t` to an SA_SIGINFO handler.
        let from_kernel = !info.is_null() && unsafe { (*info).si_code } > 0;
        if !vm.is_null() && from_kernel {
            // SAFETY: the kernel hands a valid `ucontext_t` to an SA_SIGINFO handler.
            let pc = unsafe { pc(context) };
            // SAFETY: `vm` is the live `VmCtx` of the innermost entry on this thread
            // (`Activation`), whose `code` is the module code it runs, alive for the call. It is
            // only read and written through the raw pointer: the engine call that a pending
            // trap comes from may still hold a reference to it up the stack.
            let code = unsafe { (*vm).code };
            let mut trap = None;
            if !code.is_null() {
                // SAFETY: as above: `code` is alive for the call.
                let code = unsafe { &*code };
                if let Some(site) = code.trap_at(pc) {
                    // SAFETY: `info` is valid (above); `pc`, one of the code's trap sites, is
                    // in its mapped (readable) instructions.
                    if unsafe { fits_site(signal, info, pc, vm, code) } {
                        trap = Some(site);
                    }
                }
            }
            if let Some(trap) = trap {
                // SAFETY: `vm` as above; `context` is the kernel's `ucontext_t`, and `pc` and
                // the frame it gives are the faulting compiled code's (see `record_frames` and
                // `resume`).
                unsafe {
                    // A trap passed on from a call (pending) continues the frames recorded so
                    // far: those of compiled code the engine entered directly, below this one.
                    let first = if trap == 0 { (*vm).trap_pc_count } else { 0 };
                    if trap != 0 {
                        (*vm).trap = trap;
                    } else if (*vm).trap == 0 {
                        // A pending trap that is not there: never expected; still a trap.
                        (*vm).trap = super::super::vmctx::encode_trap(TrapCode::Unreachable);
                    }
                    // `frame` is the faulting compiled function's frame, below `entry_fp` on
                    // this thread's stack.
                    let frame = fp(context);
                    record_frames(vm, first, pc, frame);
                    let fp = (*vm).entry_fp;
                    // Resuming at the landing pad of the trampoline that owns frame `fp`, with
                    // the stack pointer it had at the call (see the module's doc).
                    resume(context, (*vm).resume_pc, fp - (*vm).resume_sp_offset, fp);
                }
                return;
            }
        }
        // Not ours.
        // SAFETY: the previous handler's own contract; see `chain`.
        unsafe { chain(signal, info, context) }
    }

    /// Whether `signal` is what trap site `pc` of `code` raises: a trap instruction raises
    /// SIGILL; a guarded memory access SIGSEGV or SIGBUS, at an address inside memory 0's
    /// guarded reservation (`vm.mem_base`, 4 GiB and the guard: it never moves); SIGFPE only
    /// a division (never expected: every one is checked first). Anything else at a trap
    /// site (an engine bug: a wild access from a trap site) is not a wasm trap.
    ///
    /// # Safety
    /// `info` must be the kernel's `siginfo_t`, `pc` an instruction of `code`, and `vm` the
    /// live `VmCtx` running it.
    unsafe fn fits_site(
        signal: libc::c_int,
        info: *mut libc::siginfo_t,
        pc: usize,
        vm: *mut VmCtx,
        code: &super::super::ModuleCode,
    ) -> bool {
        // SAFETY: `pc` is in the code's instructions (the caller's guarantee), mapped
        // readable and executable for as long as the code lives.
        let trap_instruction = unsafe { is_trap_instruction(pc) };
        match signal {
            libc::SIGILL => trap_instruction,
            libc::SIGFPE => !trap_instruction,
            libc::SIGSEGV | libc::SIGBUS => {
                let Some(guard) = code.memory_guard() else {
                    return false;
                };
                // SAFETY: the caller's guarantees.
                let (addr, base) = unsafe { ((*info).si_addr() as usize, (*vm).mem_base as usize) };
                let end = base.saturating_add((1usize << 32).saturating_add(guard));
                !trap_instruction && (base..end).contains(&addr)
            }
            _ => false,
        }
    }

    /// Whether the instruction at `pc` is the one Cranelift emits for a trap (x86_64 `ud2`,
    /// aarch64 `udf`).
    ///
    /// # Safety
    /// `pc` must point to readable code.
    unsafe fn is_trap_instruction(pc: usize) -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: the caller's guarantee; an instruction is at least 2 bytes here, or the
            // code buffer's padding follows it.
            let bytes = unsafe { std::ptr::read_unaligned(pc as *const [u8; 2]) };
            bytes == [0x0f, 0x0b]
        }
        #[cfg(target_arch = "aarch64")]
        {
            // SAFETY: the caller's guarantee (instructions are 4 bytes, aligned).
            let word = unsafe { std::ptr::read(pc as *const u32) };
            word >> 16 == 0
        }
    }

    /// Hands the signal to the handler installed before ours. One that is the default action
    /// (or ignored) is put back, so the faulting instruction faults again on return and takes
    /// that action (a crash with the right signal, or Rust's stack-overflow report).
    unsafe fn chain(signal: libc::c_int, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
        let i = SIGNALS.iter().position(|&s| s == signal).unwrap_or(0);
        // SAFETY: written once before our handler was installed; only read since.
        let previous = unsafe { &(*PREVIOUS.0.get())[i] };
        let action = previous.sa_sigaction;
        if action == libc::SIG_DFL || action == libc::SIG_IGN {
            // SAFETY: restoring the action that was in place before ours.
            unsafe { libc::sigaction(signal, previous, std::ptr::null_mut()) };
        } else if previous.sa_flags & libc::SA_SIGINFO != 0 {
            type SigInfoHandler =
                extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void);
            // SAFETY: an SA_SIGINFO handler takes these three arguments.
            let f: SigInfoHandler = unsafe { std::mem::transmute(action) };
            f(signal, info, context);
        } else {
            // SAFETY: a plain handler takes the signal number.
            let f: extern "C" fn(libc::c_int) = unsafe { std::mem::transmute(action) };
            f(signal);
        }
    }

    /// The faulting instruction's address.
    ///
    /// # Safety
    /// `context` must be the `ucontext_t` the kernel passed to the handler.
    unsafe fn pc(context: *mut libc::c_void) -> usize {
        // SAFETY: the caller's guarantee.
        let cx = unsafe { &*context.cast::<libc::ucontext_t>() };
        // A trap instruction's and a fault's address are the instruction's own.
        #[cfg(target_arch = "x86_64")]
        return cx.uc_mcontext.gregs[libc::REG_RIP as usize] as usize;
        #[cfg(target_arch = "aarch64")]
        return cx.uc_mcontext.pc as usize;
    }

    /// Records in `vm`, from index `first`, the compiled frames active at the trap (see
    /// `VmCtx::trap_pcs`): `pc`,
    /// then the return address of each frame from `fp` up, until the frame whose caller is the
    /// entry trampoline (whose frame pointer is `vm.entry_fp`). Every compiled function keeps a
    /// frame pointer (`preserve_frame_pointers`), and its frame record is the saved frame
    /// pointer then the return address; a chain that does not climb towards `entry_fp` ends
    /// the walk.
    ///
    /// # Safety
    /// `fp` must be the frame pointer of the compiled function that trapped, called (through
    /// compiled frames only) by the trampoline whose frame pointer is `vm.entry_fp`.
    /// `vm` must be the live `VmCtx` of the thread's innermost entry (written through the
    /// raw pointer only).
    unsafe fn record_frames(vm: *mut VmCtx, first: usize, pc: usize, mut fp: usize) {
        // SAFETY: the caller's guarantee on `vm`.
        let (entry, pcs) = unsafe { ((*vm).entry_fp, &raw mut (*vm).trap_pcs) };
        let cap = super::super::vmctx::TRAP_FRAMES;
        let mut complete = false;
        let mut n = first;
        if n < cap {
            // SAFETY: `n` is within the array.
            unsafe { (*pcs)[n] = std::mem::MaybeUninit::new(pc) };
            n += 1;
            while fp != 0 && fp < entry && fp.is_multiple_of(8) {
                // SAFETY: `fp` lies between the faulting frame and the trampoline's, on this
                // thread's stack: a frame record of a compiled function (the caller's
                // guarantee).
                let (saved, ret) = unsafe { (*(fp as *const usize), *((fp + 8) as *const usize)) };
                if saved == entry {
                    complete = true;
                    break;
                }
                if saved <= fp || saved > entry || n == cap {
                    break;
                }
                // SAFETY: `n` is within the array.
                unsafe { (*pcs)[n] = std::mem::MaybeUninit::new(ret) };
                n += 1;
                fp = saved;
            }
        }
        // SAFETY: the caller's guarantee on `vm`.
        unsafe {
            (*vm).trap_pc_count = n;
            (*vm).trap_pcs_complete = complete;
        }
    }

    /// The frame pointer at the trap.
    ///
    /// # Safety
    /// As [`pc`].
    unsafe fn fp(context: *mut libc::c_void) -> usize {
        // SAFETY: the caller's guarantee.
        let cx = unsafe { &*context.cast::<libc::ucontext_t>() };
        #[cfg(target_arch = "x86_64")]
        return cx.uc_mcontext.gregs[libc::REG_RBP as usize] as usize;
        #[cfg(target_arch = "aarch64")]
        return cx.uc_mcontext.regs[29] as usize;
    }

    /// Makes the interrupted thread continue at `pc` with stack pointer `sp` and frame
    /// pointer `fp` when the handler returns.
    ///
    /// # Safety
    /// As [`pc`]; the three must describe a point the code may resume at with every other
    /// register clobbered (an exception landing pad: `super::super::trampoline`).
    unsafe fn resume(context: *mut libc::c_void, pc: usize, sp: usize, fp: usize) {
        // SAFETY: the caller's guarantee.
        let cx = unsafe { &mut *context.cast::<libc::ucontext_t>() };
        #[cfg(target_arch = "x86_64")]
        {
            cx.uc_mcontext.gregs[libc::REG_RIP as usize] = pc as i64;
            cx.uc_mcontext.gregs[libc::REG_RSP as usize] = sp as i64;
            cx.uc_mcontext.gregs[libc::REG_RBP as usize] = fp as i64;
        }
        #[cfg(target_arch = "aarch64")]
        {
            cx.uc_mcontext.pc = pc as u64;
            cx.uc_mcontext.sp = sp as u64;
            cx.uc_mcontext.regs[29] = fp as u64;
        }
    }

    #[cfg(test)]
    mod tests {
        /// The handler tells a trap instruction from a memory access by its encoding.
        #[test]
        fn trap_instructions_are_recognised() {
            #[cfg(target_arch = "x86_64")]
            let (trap, access): ([u8; 4], [u8; 4]) =
                ([0x0f, 0x0b, 0x90, 0x90], [0x8b, 0x04, 0x08, 0x90]);
            #[cfg(target_arch = "aarch64")]
            let (trap, access) = (0x0000_c11f_u32.to_le_bytes(), 0xb940_0000_u32.to_le_bytes());
            let (trap, access) = (u32::from_le_bytes(trap), u32::from_le_bytes(access));
            // SAFETY: both point to four readable bytes.
            unsafe {
                assert!(super::is_trap_instruction(&trap as *const u32 as usize));
                assert!(!super::is_trap_instruction(&access as *const u32 as usize));
            }
        }
    }
}
