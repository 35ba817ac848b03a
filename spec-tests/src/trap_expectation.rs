//! Whether a trap the engine raised is the one a script's `assert_trap` / `assert_exhaustion`
//! expects.
//!
//! Scripts name traps by the reference interpreter's message ("integer divide by zero",
//! "undefined element", "uninitialized element 2" ...). [`TrapCode::message`] uses the same
//! texts, so a trap matches when one message starts with the other; the reference
//! interpreter's "undefined element" (a `call_indirect` index past the table's end) is our
//! [`TrapCode::TableOutOfBounds`].

use kestrel::TrapCode;

/// Spec messages (as prefixes) that name a trap code by another text.
const ALIASES: &[(&str, TrapCode)] = &[
    ("undefined", TrapCode::TableOutOfBounds),
    ("uninitialized", TrapCode::IndirectCallToNull),
    ("null function reference", TrapCode::IndirectCallToNull),
];

/// Whether a trap with `code` satisfies a script expecting the message `expected`.
pub fn trap_matches(expected: &str, code: TrapCode) -> bool {
    let ours = code.message();
    if expected.starts_with(ours) || ours.starts_with(expected) {
        return true;
    }
    if ALIASES
        .iter()
        .any(|&(text, alias)| alias == code && expected.starts_with(text))
    {
        return true;
    }
    match code {
        // Proposals' scripts say just "out of bounds" where memory or table may be meant.
        TrapCode::MemoryOutOfBounds | TrapCode::TableOutOfBounds => expected == "out of bounds",
        // "null function reference", "null structure reference", ...
        TrapCode::NullReference => {
            expected.starts_with("null ") && expected.ends_with(" reference")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_messages_match_their_codes() {
        let cases = [
            ("unreachable", TrapCode::Unreachable),
            ("integer divide by zero", TrapCode::IntegerDivisionByZero),
            ("integer overflow", TrapCode::IntegerOverflow),
            (
                "invalid conversion to integer",
                TrapCode::BadConversionToInteger,
            ),
            ("out of bounds memory access", TrapCode::MemoryOutOfBounds),
            ("out of bounds table access", TrapCode::TableOutOfBounds),
            ("undefined element", TrapCode::TableOutOfBounds),
            ("uninitialized element", TrapCode::IndirectCallToNull),
            ("uninitialized element 2", TrapCode::IndirectCallToNull),
            ("indirect call type mismatch", TrapCode::BadSignature),
            ("call stack exhausted", TrapCode::StackOverflow),
            ("out of bounds", TrapCode::TableOutOfBounds),
            ("null function reference", TrapCode::NullReference),
            ("null reference", TrapCode::NullReference),
        ];
        for (message, code) in cases {
            assert!(trap_matches(message, code), "{message} vs {code:?}");
        }
    }

    #[test]
    fn other_codes_do_not_match() {
        assert!(!trap_matches(
            "integer overflow",
            TrapCode::IntegerDivisionByZero
        ));
        assert!(!trap_matches(
            "undefined element",
            TrapCode::IndirectCallToNull
        ));
        assert!(!trap_matches(
            "out of bounds memory access",
            TrapCode::TableOutOfBounds
        ));
        assert!(!trap_matches("unreachable", TrapCode::StackOverflow));
    }
}
