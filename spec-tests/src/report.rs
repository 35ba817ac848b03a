//! The run's printed report: optionally every failure with its reason, then a table with one
//! row per script (passed and failed directives), then the summary line `N passed, N failed`.

use std::fmt::Write;

use crate::outcome::FileReport;

/// Totals over all scripts: (passed, failed).
pub fn totals(reports: &[FileReport]) -> (usize, usize) {
    reports
        .iter()
        .fold((0, 0), |(p, f), r| (p + r.passed(), f + r.failed()))
}

/// Every failure, one per line: `file:line: directive: reason`.
pub fn failure_list(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for result in &report.results {
            if let Some(reason) = &result.failure {
                let _ = writeln!(
                    out,
                    "{}:{}: {}: {}",
                    report.name,
                    result.line,
                    result.kind,
                    one_line(reason)
                );
            }
        }
        if let Some(reason) = &report.aborted {
            let _ = writeln!(out, "{}: script aborted: {}", report.name, one_line(reason));
        }
    }
    out
}

/// `text` on one printable line: newlines become ` | `, other control characters escapes
/// (engine and parser messages may quote raw module bytes).
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim_end().chars() {
        match c {
            '\n' => out.push_str(" | "),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// The table, one row per script, and the summary line.
pub fn table(suite: &str, reports: &[FileReport]) -> String {
    let width = reports
        .iter()
        .map(|r| r.name.len())
        .chain([suite.len()])
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let _ = writeln!(out, "{suite:<width$}  {:>7}  {:>7}", "passed", "failed");
    for report in reports {
        let mark = if report.aborted.is_some() {
            "  (aborted)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:>7}  {:>7}{mark}",
            report.name,
            report.passed(),
            report.failed()
        );
    }
    let (passed, failed) = totals(reports);
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{DirectiveResult, ScriptEvent};

    #[test]
    fn table_ends_with_the_summary_line() {
        let mut a = FileReport::new("a.wast");
        a.record(ScriptEvent::Total(2));
        a.record(ScriptEvent::Done(DirectiveResult {
            line: 1,
            kind: "module".into(),
            failure: None,
        }));
        a.record(ScriptEvent::Done(DirectiveResult {
            line: 4,
            kind: "assert_return".into(),
            failure: Some("expected [i32.const 1], got [i32.const 2]".into()),
        }));
        let reports = [a];
        let table = table("wasm-v2", &reports);
        assert_eq!(table.lines().last(), Some("1 passed, 1 failed"));
        assert!(table.contains("a.wast"));
        assert_eq!(
            failure_list(&reports),
            "a.wast:4: assert_return: expected [i32.const 1], got [i32.const 2]\n"
        );
    }

    #[test]
    fn failure_lines_have_no_control_characters() {
        assert_eq!(one_line("bad\u{0}byte\nat 1:1\n"), "bad\\u{0}byte | at 1:1");
    }
}
