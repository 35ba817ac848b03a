//! Running a command with a time limit, so a hung runtime fails a test instead of hanging CI.

use std::io::{Read, Write};
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
    run_with_input(cmd, None, limit)
}

/// Runs `cmd` as [`run`] does, but with its stdin a pipe: once its stdout contains `prompt`,
/// writes `answer` there (the pipe stays open until the command ends). For a program that waits
/// for its input before it exits: its output up to `prompt` has then arrived before it exits.
pub fn run_answering(cmd: &mut Command, prompt: &str, answer: &[u8], limit: Duration) -> Finished {
    run_with_input(cmd, Some((prompt, answer)), limit)
}

fn run_with_input(
    cmd: &mut Command,
    mut reply: Option<(&str, &[u8])>,
    limit: Duration,
) -> Finished {
    let desc = format!("{cmd:?}");
    let stdin = if reply.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    };
    let mut child = cmd
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {desc}: {e}"));
    let mut input = child.stdin.take();
    let out = collect(child.stdout.take().unwrap());
    let err = collect(child.stderr.take().unwrap());
    let text = |c: &Collected| String::from_utf8_lossy(&c.lock().unwrap().0).into_owned();
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some((prompt, answer)) = reply
            && text(&out).contains(prompt)
        {
            // A command that has already ended gets nothing (the caller's checks then say why).
            let _ = input.as_mut().unwrap().write_all(answer);
            reply = None;
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{desc} did not finish within {}s\nstdout so far: {:?}\nstderr so far: {:?}",
                limit.as_secs(),
                text(&out),
                text(&err)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    drop(input);
    let grace = Instant::now() + OUTPUT_GRACE;
    while Instant::now() < grace && !(out.lock().unwrap().1 && err.lock().unwrap().1) {
        std::thread::sleep(Duration::from_millis(5));
    }
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
