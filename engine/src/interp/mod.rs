//! The interpreter: runs register-IR code ([`crate::ir`]) on a value stack of 64-bit cells.
//!
//! - [`call()`] is the entry from the embedder (and from instantiation): it takes a [`Stack`] from
//!   the store's pool, runs the function and puts the stack back, so a warm call allocates
//!   nothing. Host functions may re-enter it; each entry uses its own stack.
//! - Wasm → wasm calls never recurse on the host stack: they push a call frame and continue
//!   in the same dispatch loop ([`executor`], or the opt-in tail-calling handlers of
//!   [`threaded`]); depth and value-stack limits from the `Config` end in a `StackOverflow`
//!   trap.
//! - Traps become `Error::Trap` with a wasm backtrace (innermost first); host errors pass
//!   through unchanged.
//! - Fuel (when `Config::consume_fuel` is on) is charged per executed instruction, by the cost
//!   in its table entry (1 for most, more for calls and bulk operations), and traps with
//!   `OutOfFuel` when the store's fuel cannot pay for the next instruction.

mod atomic;
mod call;
mod cell;
mod exception;
mod executor;
mod memory;
mod native;
mod num;
#[cfg(kestrel_pair_stats)]
mod pair_stats;
mod stack;
mod step;
mod table;
mod threaded;

pub use call::call;

/// The interpreter dispatch this build of the engine runs: `"threaded"` (the tail-calling
/// handlers of `interp/threaded.rs`, in optimised x86_64 and aarch64 builds) or `"loop"` (the
/// `match` loop of `interp/executor.rs`: other targets, unoptimised builds and
/// `KESTREL_DISPATCH=loop`). Chosen at build time by `engine/build.rs`; test drivers print it so
/// a run says which one it checked.
pub fn dispatch() -> &'static str {
    if cfg!(kestrel_threaded) {
        "threaded"
    } else {
        "loop"
    }
}

/// Prepares freshly translated code for this build's dispatch: threaded dispatch of unmetered,
/// uninterruptible code writes each instruction's handler address into its opcode field
/// (`threaded::link`); otherwise the code runs as translated. `handler_targets` are the code
/// positions exception handlers continue at (branch targets no superinstruction may span).
pub(crate) fn link(code: &mut [u8], handler_targets: &[usize], config: &crate::engine::Config) {
    if cfg!(kestrel_threaded)
        && !cfg!(kestrel_pair_stats)
        && !config.consume_fuel
        && !config.epoch_interruption
    {
        threaded::link(code, handler_targets);
    }
    #[cfg(not(kestrel_threaded))]
    let _ = handler_targets;
}
