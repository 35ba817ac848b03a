//! A tool for performance work, compiled only with `KESTREL_PAIR_STATS=1` in the environment
//! at build time (`cfg(kestrel_pair_stats)`): counts how often each instruction runs right
//! after each other one, to choose superinstructions from measurements rather than guesses.
//!
//! Code is then left unlinked, so threaded dispatch reads opcodes (with their accumulator
//! marks) and records each pair before dispatching. When a top-level call returns, the most
//! frequent pairs are appended to the file named by `KESTREL_PAIR_STATS_OUT`, if set.

use crate::ir::{ACC_OPCODES, Opcode, base_opcode, reads_acc};
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};

/// Opcodes as counted: each instruction, plain and marked as reading the accumulator (the
/// accumulator-only result mark is not told apart).
const OPS: usize = 2 * Opcode::ALL.len();

/// Executions of each (previous, next) opcode pair.
static COUNTS: [AtomicU64; OPS * OPS] = [const { AtomicU64::new(0) }; OPS * OPS];
/// The opcode dispatched last.
static PREVIOUS: AtomicU16 = AtomicU16::new(0);

/// Records that encoded opcode `raw` runs next.
#[inline(always)]
pub(crate) fn record(raw: u16) {
    let op = base_opcode(raw) + if reads_acc(raw) { ACC_OPCODES } else { 0 };
    let prev = PREVIOUS.swap(op, Ordering::Relaxed);
    let count = &COUNTS[prev as usize * OPS + op as usize];
    count.store(count.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
}

/// An opcode's name, with `+acc` when it is marked as reading the accumulator.
fn name(op: usize) -> String {
    let base = Opcode::ALL[base_opcode(op as u16) as usize].name();
    if op as u16 >= ACC_OPCODES {
        format!("{base}+acc")
    } else {
        base.to_string()
    }
}

/// Appends the 200 most frequent pairs (and the total) to `KESTREL_PAIR_STATS_OUT`, then resets
/// the counts.
pub(crate) fn dump() {
    let Ok(path) = std::env::var("KESTREL_PAIR_STATS_OUT") else {
        return;
    };
    let mut pairs: Vec<(u64, usize)> = COUNTS
        .iter()
        .enumerate()
        .map(|(i, c)| (c.swap(0, Ordering::Relaxed), i))
        .filter(|&(n, _)| n > 0)
        .collect();
    let total: u64 = pairs.iter().map(|p| p.0).sum();
    pairs.sort_unstable_by(|a, b| b.cmp(a));
    let mut out = format!("total {total}\n");
    for (n, i) in pairs.iter().take(200) {
        let share = *n as f64 / total as f64 * 100.0;
        out += &format!("{share:6.2}% {n} {} {}\n", name(i / OPS), name(i % OPS));
    }
    use std::io::Write;
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(out.as_bytes());
    }
}
