//! What running a script produces: one verdict per directive, and per-file totals.
//!
//! Every directive of a script is judged on its own: it passed, or it failed with a reason a
//! person can act on (what was expected, what the engine did). A script that could not be run
//! to its end (its worker crashed or hung) still accounts for every directive, so totals do not
//! change from run to run.

/// The verdict on one directive of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveResult {
    /// 1-based line of the directive in its script.
    pub line: usize,
    /// The directive's keyword, e.g. `assert_return`.
    pub kind: String,
    /// `None` if it passed, otherwise why it failed.
    pub failure: Option<String>,
}

impl DirectiveResult {
    /// Whether the directive passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// Something that happened while running one script, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptEvent {
    /// The script has this many directives (sent first).
    Total(usize),
    /// The directive at this line starts running (so a crash or hang can be attributed).
    Start {
        /// 1-based line of the directive.
        line: usize,
        /// The directive's keyword.
        kind: String,
    },
    /// A directive finished with this verdict.
    Done(DirectiveResult),
    /// The script itself could not be read (it does not parse as `.wast`).
    ScriptError(String),
}

/// The results of one script.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    /// The script's file name, e.g. `i32.wast`.
    pub name: String,
    /// Verdicts of the directives that ran, in order.
    pub results: Vec<DirectiveResult>,
    /// How many directives the script has, once known.
    pub total: Option<usize>,
    /// Why the script stopped early (parse error, crash, timeout), if it did.
    pub aborted: Option<String>,
}

impl FileReport {
    /// A report for `name` with nothing run yet.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Folds one event into the report.
    pub fn record(&mut self, event: ScriptEvent) {
        match event {
            ScriptEvent::Total(n) => self.total = Some(n),
            ScriptEvent::Start { .. } => {}
            ScriptEvent::Done(result) => self.results.push(result),
            ScriptEvent::ScriptError(message) => self.aborted = Some(message),
        }
    }

    /// Directives that passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    /// Directives that failed, plus those never run because the script stopped early (at least
    /// one if it stopped early).
    pub fn failed(&self) -> usize {
        let failed = self.results.len() - self.passed();
        match &self.aborted {
            None => failed,
            Some(_) => {
                let not_run = self
                    .total
                    .map_or(0, |t| t.saturating_sub(self.results.len()));
                failed + not_run.max(1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(line: usize, failure: Option<&str>) -> ScriptEvent {
        ScriptEvent::Done(DirectiveResult {
            line,
            kind: "assert_return".into(),
            failure: failure.map(str::to_string),
        })
    }

    #[test]
    fn counts_passed_and_failed() {
        let mut report = FileReport::new("x.wast");
        report.record(ScriptEvent::Total(3));
        report.record(result(1, None));
        report.record(result(2, Some("wrong")));
        report.record(result(3, None));
        assert_eq!((report.passed(), report.failed()), (2, 1));
    }

    #[test]
    fn an_aborted_script_counts_what_did_not_run() {
        let mut report = FileReport::new("x.wast");
        report.record(ScriptEvent::Total(5));
        report.record(result(1, None));
        report.aborted = Some("worker crashed".into());
        assert_eq!((report.passed(), report.failed()), (1, 4));

        let mut unparsable = FileReport::new("y.wast");
        unparsable.record(ScriptEvent::ScriptError("bad".into()));
        assert_eq!((unparsable.passed(), unparsable.failed()), (0, 1));
    }
}
