//! The threads proposal end to end in the interpreter (the tests are in `threads/body.rs`).

/// The strategy `threads/body.rs` runs under.
const STRATEGY: kestrel::Strategy = kestrel::Strategy::Interpreter;

#[path = "threads/body.rs"]
mod body;
