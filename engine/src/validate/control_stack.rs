//! The validator's control stack: one frame per enclosing block, loop, if/else and the function
//! itself, with the block's signature, the operand stack height at its start and whether the
//! rest of it is unreachable.

use crate::module::ModuleInfo;
use crate::value::ValType;

/// What opened a control frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// The function body itself (the outermost frame).
    Function,
    /// `block`
    Block,
    /// `loop` (its label's types are its parameters).
    Loop,
    /// `if` (before any `else`).
    If,
    /// The `else` half of an `if`.
    Else,
    /// `try_table` (exception handling; its catch clauses branch to enclosing labels).
    TryTable,
    /// The body of a legacy `try`.
    LegacyTry,
    /// A legacy `catch` handler (its tag's payload is on the stack when it starts).
    LegacyCatch,
    /// A legacy `catch_all` handler.
    LegacyCatchAll,
}

/// The signature of a block: a function type index, a single result or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockSig {
    /// `[] -> []`
    Empty,
    /// `[] -> [t]`
    Single(ValType),
    /// The function type at this index of the type section (checked to exist).
    Type(u32),
}

impl BlockSig {
    /// Parameter types.
    #[inline]
    pub fn params(self, module: &ModuleInfo) -> &[ValType] {
        match self {
            BlockSig::Type(idx) => module.types[idx as usize].params(),
            _ => &[],
        }
    }

    /// Result types.
    #[inline]
    pub fn results(self, module: &ModuleInfo) -> &[ValType] {
        match self {
            BlockSig::Empty => &[],
            BlockSig::Single(t) => module.single_type(t),
            BlockSig::Type(idx) => module.types[idx as usize].results(),
        }
    }
}

/// One entry of the control stack.
#[derive(Debug, Clone, Copy)]
pub struct ControlFrame {
    /// What opened it.
    pub kind: FrameKind,
    /// Its signature.
    pub sig: BlockSig,
    /// Operand stack height when it was entered (its parameters are above this).
    pub height: usize,
    /// Whether an unconditional branch (or `unreachable`) made the rest of it unreachable.
    pub unreachable: bool,
    /// Length of the validator's log of initialised locals when it was entered: locals that
    /// a `local.set` inside it initialised are uninitialised again after its `end`.
    pub init_height: usize,
}

impl ControlFrame {
    /// The types a branch to this frame's label carries.
    #[inline]
    pub fn label_types(self, module: &ModuleInfo) -> &[ValType] {
        if self.kind == FrameKind::Loop {
            self.sig.params(module)
        } else {
            self.sig.results(module)
        }
    }
}

/// The stack of control frames.
#[derive(Debug, Default)]
pub struct ControlStack {
    frames: Vec<ControlFrame>,
}

impl ControlStack {
    /// Empties the stack, keeping its allocation.
    pub fn clear(&mut self) {
        self.frames.clear();
    }

    /// Number of open frames.
    #[inline]
    #[allow(dead_code)] // used by `FuncValidator::control_depth`, for the translator
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// Whether every frame (the function's included) is closed.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// Opens a frame.
    #[inline]
    pub fn push(&mut self, frame: ControlFrame) {
        self.frames.push(frame);
    }

    /// Closes the innermost frame.
    #[inline]
    pub fn pop(&mut self) -> Option<ControlFrame> {
        self.frames.pop()
    }

    /// The innermost frame.
    #[inline]
    pub fn top(&self) -> Option<&ControlFrame> {
        self.frames.last()
    }

    /// The innermost frame, mutably.
    #[inline]
    pub fn top_mut(&mut self) -> Option<&mut ControlFrame> {
        self.frames.last_mut()
    }

    /// The frame a branch of relative depth `depth` targets (0 is the innermost).
    #[inline]
    pub fn label(&self, depth: u32) -> Option<&ControlFrame> {
        let len = self.frames.len();
        let depth = depth as usize;
        if depth < len {
            Some(&self.frames[len - 1 - depth])
        } else {
            None
        }
    }
}
