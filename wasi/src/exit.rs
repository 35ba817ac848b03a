//! How a WASI program ends other than by returning: `proc_exit` and `proc_raise` stop
//! execution with one of these errors, which the embedder gets back from the call and
//! downcasts. The library never exits or signals the host process.

use crate::abi::Signal;

/// The program called `proc_exit` with this status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("exit status {0}")]
pub struct I32Exit(pub i32);

/// The program raised a signal whose default action ends it (`proc_raise`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the program raised {} and was terminated", .0.name())]
pub struct SignalExit(pub Signal);

impl SignalExit {
    /// The conventional shell status of a process killed by this signal: 128 + its number.
    pub fn exit_status(&self) -> i32 {
        128 + self.0.host_number()
    }
}
