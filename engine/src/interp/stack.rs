//! The interpreter's stacks: one contiguous value stack of cells shared by every frame, and a
//! separate call-frame stack, so a wasm → wasm call never recurses on the host stack.
//!
//! A [`Stack`] is taken from the store's pool for each top-level call and returned afterwards,
//! so a warm call allocates nothing.

use crate::runtime::store::InstanceIdx;

/// One active wasm function.
#[derive(Debug, Clone, Copy)]
pub struct CallFrame {
    /// The function's index in its module (with `instance`, for backtraces).
    pub func_index: u32,
    /// Its instance.
    pub instance: InstanceIdx,
    /// Where its frame starts in the value stack.
    pub fp_offset: usize,
    /// Where the caller continues when it returns (null for the entry frame).
    pub return_ip: *const u8,
}

/// A value stack and call-frame stack, reused across calls.
#[derive(Debug, Default)]
pub struct Stack {
    /// Cells of every frame, the entry frame at offset 0. Grows on demand, never shrinks.
    pub(crate) values: Vec<u64>,
    /// Active functions, innermost last. Empty while the stack is pooled.
    pub(crate) frames: Vec<CallFrame>,
}

// SAFETY: the only non-`Send` part is `CallFrame::return_ip`, a pointer into code owned by a
// module that the store keeps alive; frames exist only during a call, which holds the store
// exclusively, and are cleared before the stack goes back to the pool.
unsafe impl Send for Stack {}
// SAFETY: as above; a pooled stack is never read through a shared reference.
unsafe impl Sync for Stack {}
