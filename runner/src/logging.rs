//! The runtime's log: where runc-style `--log FILE --log-format text|json` lines go.
//!
//! containerd's shim passes `--log <bundle>/log.json --log-format json` and, when a command
//! fails, shows the user the `msg` of the last `{"level":"error"}` line, so every failure must
//! end up here. Lines are appended (the shim reuses one file for all calls) and written in one
//! `write` each, so lines from concurrent calls do not interleave. Without `--log`, lines go to
//! stderr, as runc's do.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// logrus text: `time="..." level=error msg="..."`.
    Text,
    /// One JSON object per line: `{"level":"error","msg":"...","time":"..."}`.
    Json,
}

/// How important a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Only with `--debug`.
    Debug,
    /// Something went wrong but we carried on (e.g. a cgroup controller that is missing).
    Warn,
    /// The command failed.
    Error,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Warn => "warning",
            Level::Error => "error",
        }
    }
}

/// The process-wide log sink, set once by `main`.
struct Logger {
    file: Mutex<Option<File>>,
    format: LogFormat,
    debug: bool,
}

static LOGGER: OnceLock<Logger> = OnceLock::new();

/// Sets up logging from the global flags. A log file that cannot be opened is reported on
/// stderr and logging falls back to stderr: losing the log must not fail the command.
pub fn init(path: Option<&Path>, format: LogFormat, debug: bool) {
    let file = path.and_then(
        |p| match OpenOptions::new().create(true).append(true).open(p) {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("kestrel: cannot open log file {}: {e}", p.display());
                None
            }
        },
    );
    let _ = LOGGER.set(Logger {
        file: Mutex::new(file),
        format,
        debug,
    });
}

/// True when the log goes to a file (so errors are also worth printing on stderr).
pub fn has_file() -> bool {
    LOGGER
        .get()
        .is_some_and(|l| l.file.lock().is_ok_and(|f| f.is_some()))
}

/// Closes the log file; later lines go to stderr. A container process calls this before running
/// the module, which must inherit no fd but its stdio.
pub fn close_file() {
    if let Some(l) = LOGGER.get()
        && let Ok(mut f) = l.file.lock()
    {
        *f = None;
    }
}

/// Formats one log line (with its trailing newline).
pub fn format_line(format: LogFormat, level: Level, msg: &str, time: SystemTime) -> String {
    let time = humantime::format_rfc3339_nanos(time).to_string();
    match format {
        LogFormat::Json => {
            let obj = serde_json::json!({ "level": level.name(), "msg": msg, "time": time });
            format!("{obj}\n")
        }
        LogFormat::Text => {
            let quoted = serde_json::to_string(msg).unwrap_or_else(|_| format!("{msg:?}"));
            format!("time=\"{time}\" level={} msg={quoted}\n", level.name())
        }
    }
}

/// Writes one line at `level`.
pub fn log(level: Level, msg: &str) {
    let Some(logger) = LOGGER.get() else {
        if level >= Level::Warn {
            eprintln!("kestrel: {msg}");
        }
        return;
    };
    if level == Level::Debug && !logger.debug {
        return;
    }
    let line = format_line(logger.format, level, msg, SystemTime::now());
    let file = logger.file.lock();
    match file.as_ref().ok().and_then(|f| f.as_ref()) {
        Some(f) => {
            let mut f: &File = f;
            let _ = f.write_all(line.as_bytes());
        }
        None => {
            let _ = std::io::stderr().write_all(line.as_bytes());
        }
    }
}

/// Logs at error level.
pub fn error(msg: &str) {
    log(Level::Error, msg);
}

/// Logs at warning level.
pub fn warn(msg: &str) {
    log(Level::Warn, msg);
}

/// Logs at debug level (shown only with `--debug`).
pub fn debug(msg: &str) {
    log(Level::Debug, msg);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn json_line_is_what_the_shim_parses() {
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let line = format_line(LogFormat::Json, Level::Error, "bad \"thing\"", t);
        assert!(line.ends_with('\n'));
        let v: serde_json::Value = serde_json::from_str(line.trim_end()).unwrap();
        assert_eq!(v["level"], "error");
        assert_eq!(v["msg"], "bad \"thing\"");
        assert_eq!(v["time"], "2023-11-14T22:13:20.000000000Z");
    }

    #[test]
    fn text_line_is_logrus_style() {
        let t = UNIX_EPOCH;
        let line = format_line(LogFormat::Text, Level::Warn, "a b", t);
        assert_eq!(
            line,
            "time=\"1970-01-01T00:00:00.000000000Z\" level=warning msg=\"a b\"\n"
        );
    }
}
