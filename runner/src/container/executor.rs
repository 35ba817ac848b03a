//! The workload of a wasm container: libcontainer calls [`WasmExecutor`] in the container's
//! init (or in a process `exec` adds) once namespaces, mounts, `pivot_root`, capabilities and
//! the seccomp profile are in place, so the module is read and run from inside the container's
//! root with the container's privileges, as crun's wasm handlers do.
//!
//! `validate` runs before the init reports itself ready, so a module that is missing or that the
//! engine refuses fails `create` (or `exec`) with the engine's message; `exec` runs the module and
//! ends the process with its exit status: it never returns to the library on success.
//!
//! libcontainer only marks the fds it leaves open close-on-exec (there is no exec here), so the
//! executor closes every fd above stdio itself: the module's process holds nothing of the shim's
//! or of the library's.
//!
//! In a new pid namespace the init is pid 1, and the kernel drops any signal pid 1 has no
//! handler for: `kill` (containerd's stop, `kubectl delete`) would do nothing until the grace
//! period ends in SIGKILL. A WASI module cannot install handlers, so the init does what a native
//! process's default action would: it ends, with status 128 + the signal.

use libcontainer::workload::{Executor, ExecutorError, ExecutorValidationError};
use oci_spec::runtime::Spec;

use crate::bundle::module_check;
use crate::wasm_exec::{WasmRun, run_wasm};

/// Exit status when the module could not be started (unreadable, invalid, unlinkable).
pub const EXIT_WASM_FAILED: i32 = 1;

/// Runs one planned module (paths as the container sees them).
#[derive(Clone)]
pub struct WasmExecutor {
    run: WasmRun,
}

impl WasmExecutor {
    /// An executor for `run`, whose paths are inside the container's root ([`super::reroot`]).
    pub fn new(run: WasmRun) -> WasmExecutor {
        WasmExecutor { run }
    }
}

impl Executor for WasmExecutor {
    fn validate(&self, _spec: &Spec) -> Result<(), ExecutorValidationError> {
        module_check::check(&self.run.module)
            .map_err(|e| ExecutorValidationError::ArgValidationError(e.to_string()))
    }

    fn exec(&self, _spec: &Spec) -> Result<(), ExecutorError> {
        terminate_on_signals_as_pid1();
        close_inherited_fds();
        let code = match run_wasm(&self.run) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("kestrel: {e}");
                EXIT_WASM_FAILED
            }
        };
        std::process::exit(code)
    }
}

/// Signals whose default action ends a process (those a stop or a terminal sends).
const TERMINATING: [i32; 6] = [
    libc::SIGTERM,
    libc::SIGINT,
    libc::SIGHUP,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
];

extern "C" fn exit_on_signal(signal: libc::c_int) {
    // SAFETY: _exit is async-signal-safe and ends the process at once.
    unsafe { libc::_exit(128 + signal) };
}

/// As pid 1 of a pid namespace, end on [`TERMINATING`] signals (see the module doc). Elsewhere
/// the default actions already do.
fn terminate_on_signals_as_pid1() {
    if std::process::id() != 1 {
        return;
    }
    for signal in TERMINATING {
        // SAFETY: an all-zero sigaction is valid; the handler only calls _exit; sa_mask is
        // initialised with sigemptyset.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = exit_on_signal as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// Closes every fd above stdio (the log file first, so nothing writes to a closed fd).
fn close_inherited_fds() {
    crate::logging::close_file();
    // SAFETY: close_range has no memory-safety preconditions; no Rust object of this process
    // uses these fds from here on (exec never returns, so no destructor closes them again).
    unsafe { libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 0u32) };
}
