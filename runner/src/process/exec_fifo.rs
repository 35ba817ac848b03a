//! The exec FIFO that holds a created container's init until `start`, as in runc.
//!
//! `create` makes `<state>/exec.fifo`; the init, once set up, opens it for writing, which blocks
//! until `start` opens it for reading; the init then writes one byte and goes on to run the
//! workload. `start` reads the byte and removes the FIFO, so "the FIFO exists and the init is
//! alive" means `created`.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, poll};
use rustix::fs::{Mode, OFlags, mkfifoat, open};

use crate::error::{Result, RunnerError};
use crate::process::proc_stat::is_alive;

/// How long `start` waits for the init to write its byte once the FIFO is open.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// Creates the FIFO at `path`, writable by everyone (mode 0622, whatever the umask), so an init
/// that has already switched to the container's user can still open it.
pub fn create(path: &Path) -> Result<()> {
    let err =
        |e: std::io::Error| RunnerError::io(format!("create exec fifo {}", path.display()), e);
    mkfifoat(rustix::fs::CWD, path, Mode::from_raw_mode(0o622)).map_err(|e| err(e.into()))?;
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o622)).map_err(err)
}

/// Init side: blocks until `start` opens the FIFO, then tells it we are going.
pub fn wait_for_start(path: &Path) -> Result<()> {
    let fd = open(path, OFlags::WRONLY | OFlags::CLOEXEC, Mode::empty())
        .map_err(|e| RunnerError::io(format!("open exec fifo {}", path.display()), e))?;
    let mut f = File::from(fd);
    f.write_all(b"0")
        .map_err(|e| RunnerError::io("write exec fifo", e))
}

/// `start` side: releases the init (`pid` started at `start_time`) waiting on the FIFO and removes
/// the FIFO. Fails if the init dies or does not answer.
pub fn release(path: &Path, pid: i32, start_time: u64) -> Result<()> {
    let fd = open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| RunnerError::io(format!("open exec fifo {}", path.display()), e))?;
    let deadline = Instant::now() + START_TIMEOUT;
    let mut file = File::from(fd);
    loop {
        let mut fds = [PollFd::new(&file, PollFlags::IN)];
        let timeout = rustix::time::Timespec {
            tv_sec: 0,
            tv_nsec: 50_000_000,
        };
        let ready = poll(&mut fds, Some(&timeout)).unwrap_or(0);
        if ready > 0 {
            let mut byte = [0u8; 1];
            match file.read(&mut byte) {
                Ok(1) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(RunnerError::io("read exec fifo", e)),
            }
        }
        if !is_alive(pid, start_time) {
            return Err(RunnerError::InitFailed(
                "the container's init exited before it could be started".into(),
            ));
        }
        if Instant::now() > deadline {
            return Err(RunnerError::InitFailed(format!(
                "the container's init (pid {pid}) did not answer on the exec fifo within {}s",
                START_TIMEOUT.as_secs()
            )));
        }
        if ready > 0 {
            // Readable but empty (writer not there yet or went away): do not spin.
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    std::fs::remove_file(path)
        .map_err(|e| RunnerError::io(format!("remove exec fifo {}", path.display()), e))
}
