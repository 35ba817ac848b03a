//! The line format a worker process uses to stream a script's [`ScriptEvent`]s to its parent.
//!
//! One event per line, fields separated by tabs; free text (failure reasons) has `\`, tab and
//! newline escaped, so every event is exactly one line and a partial stream (the worker
//! crashed) is still readable up to its last complete line.
//!
//! ```text
//! total   <n>
//! start   <line>  <kind>
//! pass    <line>  <kind>
//! fail    <line>  <kind>  <reason>
//! error   <reason>
//! ```

use crate::outcome::{DirectiveResult, ScriptEvent};

/// The line for `event` (without the trailing newline).
pub fn encode(event: &ScriptEvent) -> String {
    match event {
        ScriptEvent::Total(n) => format!("total\t{n}"),
        ScriptEvent::Start { line, kind } => format!("start\t{line}\t{}", escape(kind)),
        ScriptEvent::Done(DirectiveResult {
            line,
            kind,
            failure: None,
        }) => format!("pass\t{line}\t{}", escape(kind)),
        ScriptEvent::Done(DirectiveResult {
            line,
            kind,
            failure: Some(reason),
        }) => format!("fail\t{line}\t{}\t{}", escape(kind), escape(reason)),
        ScriptEvent::ScriptError(reason) => format!("error\t{}", escape(reason)),
    }
}

/// The event a line encodes, or `None` for a line that is not one (e.g. stray output).
pub fn decode(line: &str) -> Option<ScriptEvent> {
    let mut fields = line.splitn(4, '\t');
    let tag = fields.next()?;
    let mut next = || fields.next();
    Some(match tag {
        "total" => ScriptEvent::Total(next()?.parse().ok()?),
        "start" => ScriptEvent::Start {
            line: next()?.parse().ok()?,
            kind: unescape(next()?),
        },
        "pass" => ScriptEvent::Done(DirectiveResult {
            line: next()?.parse().ok()?,
            kind: unescape(next()?),
            failure: None,
        }),
        "fail" => ScriptEvent::Done(DirectiveResult {
            line: next()?.parse().ok()?,
            kind: unescape(next()?),
            failure: Some(unescape(next()?)),
        }),
        "error" => {
            let rest = line.strip_prefix("error\t")?;
            ScriptEvent::ScriptError(unescape(rest))
        }
        _ => return None,
    })
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_round_trips() {
        let events = [
            ScriptEvent::Total(12),
            ScriptEvent::Start {
                line: 3,
                kind: "module binary".into(),
            },
            ScriptEvent::Done(DirectiveResult {
                line: 3,
                kind: "assert_return".into(),
                failure: None,
            }),
            ScriptEvent::Done(DirectiveResult {
                line: 9,
                kind: "assert_trap".into(),
                failure: Some("expected \"x\"\tgot\nback\\slash".into()),
            }),
            ScriptEvent::ScriptError("does not\tparse\n".into()),
        ];
        for event in events {
            let line = encode(&event);
            assert!(!line.contains('\n'), "{line}");
            assert_eq!(decode(&line), Some(event));
        }
    }

    #[test]
    fn stray_lines_are_ignored() {
        assert_eq!(decode("hello"), None);
        assert_eq!(decode("total\tmany"), None);
        assert_eq!(decode(""), None);
    }
}
