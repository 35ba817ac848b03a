//! Runs each script in its own worker process (this same executable, with `--worker`), a few
//! at a time, so an engine bug that crashes the process (stack overflow, abort, segfault) or
//! hangs costs one script, not the run.
//!
//! The worker streams its events (see [`crate::worker_protocol`]); the parent folds them into a
//! [`FileReport`]. A worker that exits abnormally, or runs past the per-script timeout (then it
//! is killed), leaves its report aborted with the directive it was running and the end of its
//! stderr.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use crate::outcome::{FileReport, ScriptEvent};
use crate::suite::{SpecFile, Suite};
use crate::worker_protocol::decode;

/// How much of a crashed worker's stderr a report keeps (its end).
const STDERR_TAIL_BYTES: usize = 2000;

/// How to start workers.
#[derive(Debug, Clone)]
pub struct WorkerPool {
    /// The executable to run as worker (this program).
    pub exe: PathBuf,
    /// The suite the scripts belong to.
    pub suite: Suite,
    /// Extra arguments every worker gets (engine settings), before the suite name.
    pub worker_args: Vec<String>,
    /// How long one script may run before its worker is killed.
    pub timeout: Duration,
    /// How many workers run at once.
    pub jobs: usize,
}

impl WorkerPool {
    /// Runs every file, returning their reports in the order of `files`. `on_done` is called
    /// as each report completes (in completion order), e.g. for progress output.
    pub fn run(
        &self,
        files: &[SpecFile],
        on_done: &(dyn Fn(&FileReport) + Sync),
    ) -> Vec<FileReport> {
        let next = AtomicUsize::new(0);
        let reports: Mutex<Vec<Option<FileReport>>> = Mutex::new(vec![None; files.len()]);
        thread::scope(|scope| {
            for _ in 0..self.jobs.max(1) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(i) else { break };
                        let report = self.run_one(file);
                        on_done(&report);
                        reports.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(report);
                    }
                });
            }
        });
        reports
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .zip(files)
            .map(|(report, file)| report.unwrap_or_else(|| FileReport::new(&file.name)))
            .collect()
    }

    /// Runs one script in a worker and collects its report.
    fn run_one(&self, file: &SpecFile) -> FileReport {
        let mut report = FileReport::new(&file.name);
        let mut child = match Command::new(&self.exe)
            .arg("--worker")
            .args(&self.worker_args)
            .arg(self.suite.to_string())
            .arg(&file.name)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        {
            Ok(child) => child,
            Err(e) => {
                report.aborted = Some(format!(
                    "could not start a worker ({}): {e}",
                    self.exe.display()
                ));
                return report;
            }
        };

        let (events, received) = mpsc::channel();
        let stdout = child.stdout.take();
        let stdout_reader = thread::spawn(move || {
            let Some(stdout) = stdout else { return };
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(event) = decode(&line)
                    && events.send(event).is_err()
                {
                    break;
                }
            }
        });
        let stderr = child.stderr.take();
        let stderr_reader = thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut stderr) = stderr {
                let _ = stderr.read_to_end(&mut text);
            }
            text
        });

        let deadline = Instant::now() + self.timeout;
        let mut running: Option<(usize, String)> = None;
        let mut timed_out = false;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match received.recv_timeout(left) {
                Ok(event) => {
                    match &event {
                        ScriptEvent::Start { line, kind } => running = Some((*line, kind.clone())),
                        ScriptEvent::Done(_) => running = None,
                        _ => {}
                    }
                    report.record(event);
                }
                Err(RecvTimeoutError::Timeout) => {
                    timed_out = true;
                    break;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        if timed_out {
            kill(&mut child);
        }
        let status = child.wait();
        drop(received);
        // After a kill, a process the worker started could still hold its pipes open: do not
        // wait for the readers then (they end with the pipes).
        let stderr = if timed_out {
            Vec::new()
        } else {
            let _ = stdout_reader.join();
            stderr_reader.join().unwrap_or_default()
        };

        let at = match &running {
            Some((line, kind)) => format!("while running `{kind}` at line {line}"),
            None => "between directives".to_string(),
        };
        if timed_out {
            report.aborted = Some(format!(
                "timed out after {}s {at} (worker killed)",
                self.timeout.as_secs()
            ));
        } else {
            match status {
                Ok(status) if status.success() => {}
                Ok(status) => {
                    report.aborted = Some(format!(
                        "worker crashed ({status}) {at}; stderr: {}",
                        stderr_tail(&stderr)
                    ));
                }
                Err(e) => report.aborted = Some(format!("could not wait for the worker: {e}")),
            }
        }
        report
    }
}

fn kill(child: &mut Child) {
    // The worker is our own child process: end it by its handle.
    let _ = child.kill();
}

fn stderr_tail(stderr: &[u8]) -> String {
    let start = stderr.len().saturating_sub(STDERR_TAIL_BYTES);
    String::from_utf8_lossy(&stderr[start..])
        .trim()
        .replace('\n', " | ")
}
