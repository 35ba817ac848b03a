//! The validator's operand stack: the value type of every operand a function body has pushed.
//!
//! An entry is `None` when its type is *unknown*: after `unreachable`, `br`, `return` ... the
//! rest of the block is stack-polymorphic, and popping below the current frame's height yields
//! an unknown operand that matches any type (the spec's `Unknown`/bottom type).

use crate::value::ValType;

/// An operand's type, `None` when unknown (popped from the polymorphic stack of unreachable
/// code, or pushed by `select` on two unknowns).
pub type OperandType = Option<ValType>;

/// The types of the operands currently on the wasm operand stack.
#[derive(Debug, Default)]
pub struct OperandStack {
    types: Vec<OperandType>,
}

impl OperandStack {
    /// Empties the stack, keeping its allocation.
    pub fn clear(&mut self) {
        self.types.clear();
    }

    /// Number of operands.
    #[inline]
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// Pushes an operand of a known type.
    #[inline]
    pub fn push(&mut self, ty: ValType) {
        self.types.push(Some(ty));
    }

    /// Pushes an operand that may be of unknown type.
    #[inline]
    pub fn push_operand(&mut self, ty: OperandType) {
        self.types.push(ty);
    }

    /// Pops the top operand; the caller has checked that it is above the frame's height.
    #[inline]
    pub fn pop(&mut self) -> OperandType {
        self.types.pop().flatten()
    }

    /// Drops every operand above `height`.
    #[inline]
    pub fn truncate(&mut self, height: usize) {
        self.types.truncate(height);
    }

    /// The operand `depth` places below the top (0 is the top), if there is one.
    #[inline]
    pub fn peek(&self, depth: usize) -> Option<OperandType> {
        let len = self.types.len();
        if depth < len {
            Some(self.types[len - 1 - depth])
        } else {
            None
        }
    }
}
