//! `--jit-report`: what the Cranelift tier compiled of the modules a run loaded, and why it
//! left the rest to the interpreter (reasons counted, most frequent first). Collected in this
//! process, so only for `--in-process` runs.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
struct Totals {
    modules: usize,
    compiled: usize,
    reasons: HashMap<String, usize>,
}

static TOTALS: Mutex<Option<Totals>> = Mutex::new(None);

/// Starts collecting.
pub fn enable() {
    *TOTALS.lock().unwrap_or_else(|e| e.into_inner()) = Some(Totals::default());
}

/// Adds `module`'s report, when collecting.
pub fn record(module: &kestrel::Module) {
    let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    let (Some(totals), Some((compiled, refused))) = (totals.as_mut(), module.cranelift_report())
    else {
        return;
    };
    totals.modules += 1;
    totals.compiled += compiled;
    for (_, why) in refused {
        *totals.reasons.entry(generic(&why)).or_default() += 1;
    }
}

/// A reason with function numbers taken out (`function 12` → `function N`), so equal reasons
/// count together.
fn generic(why: &str) -> String {
    let mut out = String::with_capacity(why.len());
    let mut rest = why;
    while let Some(at) = rest.find("function ") {
        let (head, tail) = rest.split_at(at + "function ".len());
        out.push_str(head);
        let digits = tail.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            out.push('N');
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// The report: totals, then each reason with its count.
pub fn summary() -> String {
    let totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(t) = totals.as_ref() else {
        return String::new();
    };
    let left: usize = t.reasons.values().sum();
    let mut reasons: Vec<_> = t.reasons.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut out = format!(
        "cranelift: {} modules, {} functions compiled, {} left to the interpreter\n",
        t.modules, t.compiled, left
    );
    for (why, n) in reasons {
        out.push_str(&format!("  {n:6}  {why}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn reasons_count_together_whatever_the_function() {
        assert_eq!(
            super::generic("it calls function 12, which runs in the interpreter"),
            "it calls function N, which runs in the interpreter"
        );
        assert_eq!(super::generic("v128 values"), "v128 values");
    }
}
