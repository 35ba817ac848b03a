//! Running a command with a time limit, so a hung runtime fails a test instead of hanging CI.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long output is still collected after the command exits. A container init started by
/// `create` keeps the command's stdout/stderr open (they are the container's), so waiting for
/// end-of-file would wait for the container.
const OUTPUT_GRACE: Duration = Duration::from_millis(300);

/// What a finished command left.
#[derive(Debug)]
pub struct Finished {
    /// Exit status.
    pub status: ExitStatus,
    /// Its stdout.
    pub stdout: String,
    /// Its stderr.
    pub stderr: String,
}

impl Finished {
    /// The exit code (-1 when killed by a signal).
    pub fn code(&self) -> i32 {
        self.status.code().unwrap_or(-1)
    }

    /// Panics with both outputs unless the command succeeded.
    pub fn ok(self, what: &str) -> Finished {
        assert!(
            self.status.success(),
            "{what} failed ({}):\nstdout: {}\nstderr: {}",
            self.status,
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Runs `cmd` (stdin closed) and waits at most `limit`; panics on timeout.
pub fn run(cmd: &mut Command, limit: Duration) -> Finished {
    let desc = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {desc}: {e}"));
    let out = collect(child.stdout.take().unwrap());
    let err = collect(child.stderr.take().unwrap());
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{desc} did not finish within {}s", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let grace = Instant::now() + OUTPUT_GRACE;
    while Instant::now() < grace && !(out.lock().unwrap().1 && err.lock().unwrap().1) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let text = |c: &Collected| String::from_utf8_lossy(&c.lock().unwrap().0).into_owned();
    Finished {
        status,
        stdout: text(&out),
        stderr: text(&err),
    }
}

/// Bytes read so far from a pipe, and whether it reached end-of-file.
type Collected = Arc<Mutex<(Vec<u8>, bool)>>;

/// Reads `pipe` on a thread (left running if the pipe stays open).
fn collect(mut pipe: impl Read + Send + 'static) -> Collected {
    let buf = Arc::new(Mutex::new((Vec::new(), false)));
    let shared = Arc::clone(&buf);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        loop {
            match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => shared.lock().unwrap().0.extend_from_slice(&chunk[..n]),
            }
        }
        shared.lock().unwrap().1 = true;
    });
    buf
}
