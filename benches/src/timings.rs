//! The phases of one measured run and the one-line protocol that carries them from a
//! measuring child process back to `compare`.
//!
//! `compare` runs every measurement in a fresh child process (itself, with `--run-one`), so a
//! crash, panic or hang of one engine cannot take the comparison down, every engine starts
//! cold, and the program's stdout is the child's stdout. The child reports its timings on
//! stderr as one line starting with [`TIMINGS_TAG`].

use std::time::Duration;

/// Prefix of the timings line a measuring child writes on stderr.
pub const TIMINGS_TAG: &str = "@kestrel-bench-timings";

/// Wall-clock time of each phase of one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timings {
    /// Decoding, validation and (for eager engines) compilation of the module.
    pub compile: Duration,
    /// Linking WASI and instantiating (memory, data and element segments).
    pub instantiate: Duration,
    /// Running `_start` to its end (zero when only start-up was measured).
    pub run: Duration,
}

impl Timings {
    /// Compile + instantiate: the start-up cost.
    pub fn startup(&self) -> Duration {
        self.compile + self.instantiate
    }

    /// Everything: from bytes in memory to the program's exit.
    pub fn total(&self) -> Duration {
        self.compile + self.instantiate + self.run
    }

    /// The protocol line (without newline).
    pub fn to_line(&self) -> String {
        format!(
            "{TIMINGS_TAG} compile_ns={} instantiate_ns={} run_ns={}",
            self.compile.as_nanos(),
            self.instantiate.as_nanos(),
            self.run.as_nanos()
        )
    }

    /// Finds and parses the protocol line in a child's stderr.
    pub fn from_stderr(stderr: &str) -> Option<Timings> {
        let line = stderr.lines().rev().find(|l| l.starts_with(TIMINGS_TAG))?;
        let mut timings = Timings::default();
        let mut seen = 0;
        for field in line[TIMINGS_TAG.len()..].split_whitespace() {
            let (key, value) = field.split_once('=')?;
            let value = Duration::from_nanos(value.parse().ok()?);
            match key {
                "compile_ns" => timings.compile = value,
                "instantiate_ns" => timings.instantiate = value,
                "run_ns" => timings.run = value,
                _ => return None,
            }
            seen += 1;
        }
        (seen == 3).then_some(timings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_round_trips_among_other_stderr() {
        let t = Timings {
            compile: Duration::from_nanos(12),
            instantiate: Duration::from_micros(3),
            run: Duration::from_secs(2),
        };
        let stderr = format!("warning: something\n{}\n", t.to_line());
        assert_eq!(Timings::from_stderr(&stderr), Some(t));
        assert_eq!(t.total(), Duration::from_nanos(2_000_003_012));
        assert_eq!(t.startup(), Duration::from_nanos(3012));
    }

    #[test]
    fn malformed_lines_are_rejected() {
        assert_eq!(Timings::from_stderr("no timings here"), None);
        assert_eq!(
            Timings::from_stderr(&format!("{TIMINGS_TAG} compile_ns=1")),
            None
        );
        assert_eq!(
            Timings::from_stderr(&format!(
                "{TIMINGS_TAG} compile_ns=x instantiate_ns=1 run_ns=1"
            )),
            None
        );
    }
}
