//! Peak resident set size of a whole child process (`wait4`'s `ru_maxrss`), for the
//! memory comparison of `kestrel wasm hello.wasm` with the wasmtime CLI equivalent.

use std::process::{Command, Stdio};

/// Outcome of one measured process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeakRss {
    /// Peak resident set size in KiB.
    pub kib: u64,
    /// Everything the process printed on stdout.
    pub stdout: String,
}

/// Runs `command` to completion with stdout captured and returns its peak RSS.
/// Fails when it cannot start, is killed by a signal, or exits non-zero.
pub fn measure(command: &mut Command) -> Result<PeakRss, String> {
    let program = format!("{:?}", command.get_program());
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    let mut stdout = child.stdout.take().expect("stdout was piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).map(|_| text)
    });
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own unreaped child; `status` and `usage` are valid for writes.
    // Reaping it here means `child` must not be waited on again (it is dropped unwaited).
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if reaped != pid {
        return Err(format!(
            "wait4 on {program}: {}",
            std::io::Error::last_os_error()
        ));
    }
    drop(child);
    let stdout = reader
        .join()
        .map_err(|_| "stdout reader panicked".to_string())?
        .map_err(|e| format!("reading stdout of {program}: {e}"))?;
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(format!(
            "{program} did not exit cleanly (wait status {status:#x})"
        ));
    }
    // Linux reports ru_maxrss in KiB.
    Ok(PeakRss {
        kib: usage.ru_maxrss as u64,
        stdout,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_a_real_process() {
        let r = measure(Command::new("sh").args(["-c", "echo hi"])).unwrap();
        assert_eq!(r.stdout, "hi\n");
        assert!(r.kib > 100, "{r:?}");
    }

    #[test]
    fn a_failing_process_is_an_error() {
        assert!(measure(Command::new("sh").args(["-c", "exit 3"])).is_err());
        assert!(measure(&mut Command::new("/nonexistent/binary")).is_err());
    }
}
