//! The translator's control frames: one per enclosing block, loop, if/else and the function
//! body, with where its label is (a loop's start, or forward branches still to patch), the
//! stack height it started at and the types its label carries.

use crate::value::ValType;

/// What opened a control frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// The function body: a branch to it is a return.
    Function,
    /// `block`
    Block,
    /// `loop`: branches go back to its start.
    Loop,
    /// `if` before `else`.
    If,
    /// The `else` half.
    Else,
    /// `try_table`: a block whose catch clauses become the function's exception handlers.
    TryTable,
    /// The body of a legacy `try`.
    LegacyTry,
    /// A legacy `catch` or `catch_all` handler: its first operand (at `height`, under the
    /// payload) is the caught exception, for `rethrow`.
    LegacyCatch,
}

/// A branch offset field to fill in once its target is known.
#[derive(Debug, Clone, Copy)]
pub struct Patch {
    /// Position of the 4-byte offset field.
    pub field: usize,
    /// Position the offset is relative to (the end of the branch instruction or table).
    pub base: usize,
}

/// One control frame.
#[derive(Debug)]
pub struct ControlFrame<'a> {
    /// What opened it.
    pub kind: FrameKind,
    /// Parameter types.
    pub params: &'a [ValType],
    /// Result types.
    pub results: &'a [ValType],
    /// Operand stack height below its parameters.
    pub height: usize,
    /// For a loop, the code position of its start.
    pub loop_start: usize,
    /// Forward branches to its end.
    pub patches: Vec<Patch>,
    /// For an `if`, the branch to its `else` (or end) when the condition is false.
    pub else_patch: Option<Patch>,
    /// Whether anything branches to its end.
    pub end_reachable: bool,
    /// Whether it was opened in unreachable code (nothing inside is translated).
    pub dead: bool,
    /// For a `try_table`, its catch clauses and where its body starts.
    pub catches: Vec<wasmparser::Catch>,
    /// Where a `try_table`'s or legacy `try`'s body starts.
    pub try_start: usize,
    /// Where a legacy `try`'s body ends (set at its first `catch`).
    pub try_end: usize,
    /// Exception handlers (indices into the translator's list) that continue at its end.
    pub handler_patches: Vec<usize>,
}

impl<'a> ControlFrame<'a> {
    /// A frame of `kind` starting at operand height `height`.
    pub fn new(
        kind: FrameKind,
        params: &'a [ValType],
        results: &'a [ValType],
        height: usize,
    ) -> Self {
        ControlFrame {
            kind,
            params,
            results,
            height,
            loop_start: 0,
            patches: Vec::new(),
            else_patch: None,
            end_reachable: false,
            dead: false,
            catches: Vec::new(),
            try_start: 0,
            try_end: 0,
            handler_patches: Vec::new(),
        }
    }

    /// The types a branch to this frame's label carries.
    pub fn label_types(&self) -> &'a [ValType] {
        if self.kind == FrameKind::Loop {
            self.params
        } else {
            self.results
        }
    }
}
