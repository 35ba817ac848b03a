//! `proc_exit`, `proc_raise`, `sched_yield`.
//!
//! `proc_exit` and a terminating `proc_raise` do not return to the guest: the linker turns
//! them into an error value ([`crate::I32Exit`], [`crate::SignalExit`]) that ends the call.

use super::WasiResult;
use crate::abi::{Errno, Signal};
use crate::exit::SignalExit;

/// What `proc_raise` does with a signal, following each signal's default action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaiseOutcome {
    /// Ignored by default (or "no signal"): the program continues.
    Continue,
    /// Not a valid request: the guest gets this errno.
    Error(Errno),
    /// Terminates the program.
    Terminate(SignalExit),
}

/// `proc_raise(sig)`.
pub fn proc_raise(sig: u32) -> RaiseOutcome {
    match Signal::from_raw(sig) {
        Err(e) => RaiseOutcome::Error(e),
        Ok(s) if s.default_is_ignore() => RaiseOutcome::Continue,
        // A WASI program has no job control: it cannot be stopped and resumed.
        Ok(s) if s.default_is_stop() => RaiseOutcome::Error(Errno::NotSup),
        Ok(s) => RaiseOutcome::Terminate(SignalExit(s)),
    }
}

/// `sched_yield()`.
pub fn sched_yield() -> WasiResult {
    rustix::thread::sched_yield();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raise_follows_default_actions() {
        assert_eq!(proc_raise(0), RaiseOutcome::Continue);
        assert_eq!(proc_raise(16), RaiseOutcome::Continue); // SIGCHLD
        assert_eq!(proc_raise(18), RaiseOutcome::Error(Errno::NotSup)); // SIGSTOP
        assert_eq!(proc_raise(99), RaiseOutcome::Error(Errno::Inval));
        match proc_raise(15) {
            RaiseOutcome::Terminate(e) => assert_eq!(e.exit_status(), 143),
            other => panic!("SIGTERM gave {other:?}"),
        }
    }
}
