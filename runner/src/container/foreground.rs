//! `kestrel run` (and `exec`) in the foreground: forward the signals this process gets (Ctrl-C,
//! `kill`, terminal resize) to the container's process, as runc does (it is in its own session,
//! so otherwise it would never see them and would outlive `run`), and wait for it to exit.
//! libcontainer starts the process as a child of this one, so it can be waited for.

use std::sync::atomic::{AtomicI32, Ordering};

/// Signals passed on to the container.
const FORWARDED: &[i32] = &[
    libc::SIGINT,
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGWINCH,
];

/// The pid signals go to (0: none yet).
static TARGET: AtomicI32 = AtomicI32::new(0);

extern "C" fn forward(sig: libc::c_int) {
    let pid = TARGET.load(Ordering::Relaxed);
    if pid > 0 {
        // SAFETY: kill is async-signal-safe and has no memory-safety preconditions.
        unsafe { libc::kill(pid, sig) };
    }
}

/// From now on, the signals in [`FORWARDED`] this process receives go to `pid` instead.
pub fn forward_to(pid: i32) {
    TARGET.store(pid, Ordering::Relaxed);
    for &sig in FORWARDED {
        // SAFETY: an all-zero sigaction is valid; the handler only does async-signal-safe work
        // (an atomic load and kill); sa_mask is initialised with sigemptyset.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = forward as *const () as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

/// Waits for the child `pid` to end; its exit status, or 128 + the signal that killed it.
pub fn wait(pid: i32) -> std::io::Result<i32> {
    let mut status = 0;
    loop {
        // SAFETY: waitpid writes only to `status`, a valid c_int.
        let r = unsafe { libc::waitpid(pid, &mut status, 0) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
    Ok(if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else if libc::WIFSIGNALED(status) {
        128 + libc::WTERMSIG(status)
    } else {
        1
    })
}
