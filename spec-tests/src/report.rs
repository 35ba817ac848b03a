//! The run's printed report: optionally every failure with its reason, or the failures grouped
//! by cause, then a table with one row per script (passed and failed directives), then the
//! summary line `N passed, N failed`.

use std::collections::HashMap;
use std::fmt::Write;

use crate::outcome::FileReport;
use crate::script_runner::WRONG_RESULT;

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

/// The prefix of failures that are consequences of an earlier one (their module failed).
const CONSEQUENCE: &str = "not run: ";

/// Failures grouped by cause, most frequent first, each with a count and its first example
/// (`file:line`); directives not run because their module failed are summed up apart.
///
/// A cause is the directive kind and the part of its reason that says what went wrong, with
/// numbers blanked out: the error the engine returned (whatever was expected instead), or for
/// wrong results the function and script that returned them.
pub fn cause_list(reports: &[FileReport], limit: usize) -> String {
    let mut causes: HashMap<String, (usize, String)> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut consequences = 0;
    for report in reports {
        let failures = report
            .results
            .iter()
            .filter_map(|r| Some((r.line, r.kind.as_str(), r.failure.as_deref()?)));
        let aborted = report
            .aborted
            .as_deref()
            .map(|reason| (0, "script aborted", reason));
        for (line, kind, reason) in failures.chain(aborted) {
            if reason.starts_with(CONSEQUENCE) {
                consequences += 1;
                continue;
            }
            let cause = blank_numbers(&cause_of(&report.name, kind, &one_line(reason)));
            let entry = causes.entry(cause.clone()).or_insert_with(|| {
                order.push(cause);
                (0, format!("{}:{line}", report.name))
            });
            entry.0 += 1;
        }
    }
    // Most frequent first; ties in order of first appearance.
    order.sort_by_key(|cause| std::cmp::Reverse(causes[cause].0));
    let mut out = String::new();
    for cause in order.iter().take(limit) {
        let (count, example) = &causes[cause];
        let _ = writeln!(out, "{count:>6}  {cause}  (e.g. {example})");
    }
    if order.len() > limit {
        let _ = writeln!(out, "        ... {} more causes", order.len() - limit);
    }
    if consequences > 0 {
        let _ = writeln!(
            out,
            "{consequences:>6}  (directives not run because their module failed)"
        );
    }
    out
}

/// The cause of one failure (before numbers are blanked).
fn cause_of(file: &str, kind: &str, reason: &str) -> String {
    if let Some(at) = reason.find("got error: ") {
        return format!("{kind}: {}", &reason[at..]);
    }
    if let Some(rest) = reason.strip_prefix(WRONG_RESULT) {
        let source = rest.split(": expected ").next().unwrap_or(rest);
        return format!("{kind}: {WRONG_RESULT}{source} in {file}");
    }
    if let Some(at) = reason.find("), got: ") {
        return format!("{kind}: {}", &reason[at + 3..]);
    }
    format!("{kind}: {reason}")
}

/// `text` with every number (decimal or `0x` hex) replaced by `N`; digits that are part of a
/// word (`i32`, `UTF-8`) stay.
fn blank_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(mut c) = chars.next() {
        let negative = c == '-' && chars.peek().is_some_and(char::is_ascii_digit);
        if !(c.is_ascii_digit() || negative) || in_word(&out) {
            out.push(c);
            continue;
        }
        if negative {
            c = chars.next().unwrap_or('0');
        }
        let hex = c == '0' && chars.peek() == Some(&'x');
        if hex {
            chars.next();
        }
        while chars
            .peek()
            .is_some_and(|d| d.is_ascii_digit() || (hex && d.is_ascii_hexdigit()))
        {
            chars.next();
        }
        out.push('N');
    }
    out
}

/// Whether a digit written after `before` continues a word rather than starting a number.
fn in_word(before: &str) -> bool {
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut rev = before.chars().rev();
    match rev.next() {
        Some(c) if word_char(c) => true,
        Some('-') => rev.next().is_some_and(word_char),
        _ => false,
    }
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
    fn causes_group_failures_that_differ_only_in_numbers() {
        let mut a = FileReport::new("a.wast");
        for (line, reason) in [
            (
                3,
                "wrong result from \"f\": expected [i32.const 1], got [i32.const 2]",
            ),
            (4, "expected trap \"unreachable\", returned normally"),
            (
                5,
                "wrong result from \"f\": expected [i32.const -7], got [i32.const 0x10]",
            ),
            (6, "not run: the module at line 2 did not instantiate"),
            (
                7,
                "expected [i64.const 1], got error: unsupported: x at 0x12",
            ),
            (
                8,
                "expected [f32.const 2], got error: unsupported: x at 0x34",
            ),
            (
                9,
                "expected invalid (\"type mismatch\"), got: malformed module: eof",
            ),
        ] {
            a.record(ScriptEvent::Done(DirectiveResult {
                line,
                kind: "assert_return".into(),
                failure: Some(reason.into()),
            }));
        }
        let causes = cause_list(&[a], 10);
        let lines: Vec<&str> = causes.lines().collect();
        assert_eq!(
            lines,
            [
                "     2  assert_return: wrong result from \"f\" in a.wast  (e.g. a.wast:3)",
                "     2  assert_return: got error: unsupported: x at N  (e.g. a.wast:7)",
                "     1  assert_return: expected trap \"unreachable\", returned normally  (e.g. a.wast:4)",
                "     1  assert_return: got: malformed module: eof  (e.g. a.wast:9)",
                "     1  (directives not run because their module failed)",
            ]
        );
    }

    #[test]
    fn failure_lines_have_no_control_characters() {
        assert_eq!(one_line("bad\u{0}byte\nat 1:1\n"), "bad\\u{0}byte | at 1:1");
    }
}
