//! The harness itself: every directive of `harness/passing.wast` must pass, and every assertion
//! of `harness/failing.wast` (each one deliberately wrong) must be reported as failed, so a
//! harness that judges too leniently (or too strictly) is caught here, not in the spec run.

use kestrel::CompilationMode;
use kestrel_spec_tests::outcome::{DirectiveResult, FileReport};
use kestrel_spec_tests::panic_capture::install_hook;
use kestrel_spec_tests::script_runner::{EngineSettings, run_script};

fn run(text: &str) -> FileReport {
    install_hook();
    let mut report = FileReport::new("fixture.wast");
    let settings = EngineSettings {
        compilation: CompilationMode::Lazy,
        strategy: kestrel::Strategy::Interpreter,
        wasm2_binary: false,
        wasm1_tables: false,
    };
    run_script(text, settings, &mut |event| report.record(event));
    assert!(report.aborted.is_none(), "{:?}", report.aborted);
    assert_eq!(report.total, Some(report.results.len()));
    report
}

fn show(results: &[&DirectiveResult]) -> String {
    results
        .iter()
        .map(|r| format!("line {}: {} {:?}\n", r.line, r.kind, r.failure))
        .collect()
}

#[test]
fn every_directive_kind_passes_on_a_correct_engine() {
    let report = run(include_str!("harness/passing.wast"));
    let failed: Vec<_> = report.results.iter().filter(|r| !r.passed()).collect();
    assert!(failed.is_empty(), "{}", show(&failed));
    assert!(report.results.len() > 30);
}

#[test]
fn wrong_expectations_are_reported_as_failures() {
    let report = run(include_str!("harness/failing.wast"));
    let wrong: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.kind.starts_with("assert_") == r.passed())
        .collect();
    assert!(wrong.is_empty(), "misjudged:\n{}", show(&wrong));
    let assertions = report
        .results
        .iter()
        .filter(|r| r.kind.starts_with("assert_"))
        .count();
    assert_eq!(assertions, 25);
}

#[test]
fn thread_directives_are_judged_at_their_own_lines() {
    let text = include_str!("harness/threads_misused.wast");
    let report = run(text);
    let line_of = |needle: &str| 1 + text.lines().position(|l| l.contains(needle)).unwrap();
    let failed: Vec<(usize, &str)> = report
        .results
        .iter()
        .filter(|r| !r.passed())
        .map(|r| (r.line, r.kind.as_str()))
        .collect();
    assert_eq!(
        failed,
        [
            (line_of("(i32.const 3)"), "assert_return"),
            (line_of("(invoke $Mem \"f\")"), "assert_return"),
            (line_of("(wait $T)") + 1, "wait"),
        ],
        "{}",
        show(&report.results.iter().collect::<Vec<_>>())
    );
    // Every directive counted once, those inside threads included, the unwaited one too.
    assert_eq!(report.results.len(), 11);
    assert!(
        report
            .results
            .iter()
            .any(|r| r.kind == "assert_trap" && r.passed())
    );
}
