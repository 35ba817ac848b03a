//! A tool for performance work, compiled only with `KESTREL_PAIR_STATS=1` in the environment
//! at build time (`cfg(kestrel_pair_stats)`): counts how often each instruction runs right
//! after each other one it follows in the code, and each such run of three encoded opcodes
//! (marks included), to choose superinstructions from measurements rather than guesses.
//!
//! Code is then left unlinked, so threaded dispatch reads opcodes (with their accumulator
//! marks) and records each pair before dispatching. Transfers of control (a branch taken, a
//! call, a return) are counted apart too, as (instruction, instruction arrived at): they are
//! the candidates for jump superinstructions (`ir::pairs::for_each_jump!`). When a top-level
//! call returns, the most frequent of each are appended to the file named by
//! `KESTREL_PAIR_STATS_OUT`, if set.

use crate::ir::{ACC_OPCODES, OPCODE_SIZE, Opcode, base_opcode, reads_acc};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU16, AtomicU64, AtomicUsize, Ordering};

/// A multiplicative hasher for the packed triple keys (the default hasher would dominate the
/// run time of a counting build).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

thread_local! {
    /// The last two encoded opcodes and the executions of each run of three, keyed by the three
    /// encoded opcodes packed 16 bits apart.
    static TRIPLES: RefCell<(u64, HashMap<u64, u64, BuildHasherDefault<KeyHasher>>)> =
        RefCell::default();
    /// A transfer of control just made (the instruction it left and the one it arrived at,
    /// packed, with bit 63 set; 0 for none) and the executions of each such pair with the
    /// instruction after the one arrived at: the runs a jump superinstruction of three would run.
    static JUMP_RUNS: RefCell<(u64, HashMap<u64, u64, BuildHasherDefault<KeyHasher>>)> =
        RefCell::default();
}

/// Opcodes as counted: each instruction, plain and marked as reading the accumulator (the
/// accumulator-only result mark is not told apart).
const OPS: usize = 2 * Opcode::ALL.len();

/// Not an opcode: marks an empty place in a packed run of three.
const NONE: u64 = 0xFFFF;

/// Executions of each (previous, next) opcode pair where the next followed the previous in the
/// code.
static COUNTS: [AtomicU64; OPS * OPS] = [const { AtomicU64::new(0) }; OPS * OPS];
/// Executions of each (previous, next) opcode pair where the next did not follow the previous
/// in the code: a taken branch, a call or a return.
static JUMPS: [AtomicU64; OPS * OPS] = [const { AtomicU64::new(0) }; OPS * OPS];
/// The opcode dispatched last.
static PREVIOUS: AtomicU16 = AtomicU16::new(0);
/// Where the instruction dispatched last ends (its fall-through), as an address.
static PREVIOUS_END: AtomicUsize = AtomicUsize::new(0);

/// Records that encoded opcode `raw`, at `at` and with `field_size` bytes of fields, runs next.
#[inline(always)]
pub(crate) fn record(raw: u16, at: *const u8, field_size: usize) {
    let at = at as usize;
    let jumped = PREVIOUS_END.swap(at + OPCODE_SIZE + field_size, Ordering::Relaxed) != at;
    JUMP_RUNS.with_borrow_mut(|(pending, counts)| {
        if *pending != 0 && !jumped {
            *counts
                .entry((*pending << 16 | u64::from(raw)) & 0xFFFF_FFFF_FFFF)
                .or_default() += 1;
        }
        *pending = 0;
        if jumped {
            let left = TRIPLES.with_borrow(|(last_two, _)| *last_two & 0xFFFF);
            *pending = 1 << 63 | left << 16 | u64::from(raw);
        }
    });
    TRIPLES.with_borrow_mut(|(last_two, counts)| {
        if jumped {
            // Only runs of three that fall through count: a superinstruction never spans a
            // transfer of control (`NONE` marks the two places before this one as empty).
            *last_two = NONE << 32 | NONE << 16 | u64::from(raw);
            return;
        }
        *last_two = (*last_two << 16 | u64::from(raw)) & 0xFFFF_FFFF_FFFF;
        if *last_two >> 16 & NONE != NONE && *last_two >> 32 != NONE {
            *counts.entry(*last_two).or_default() += 1;
        }
    });
    let op = base_opcode(raw) + if reads_acc(raw) { ACC_OPCODES } else { 0 };
    let prev = PREVIOUS.swap(op, Ordering::Relaxed);
    let counts = if jumped { &JUMPS } else { &COUNTS };
    let count = &counts[prev as usize * OPS + op as usize];
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
    let total: u64 = pairs.iter().map(|p| p.0).sum::<u64>()
        + JUMPS.iter().map(|c| c.load(Ordering::Relaxed)).sum::<u64>();
    pairs.sort_unstable_by(|a, b| b.cmp(a));
    let mut out = format!("total {total}\n");
    for (n, i) in pairs.iter().take(200) {
        let share = *n as f64 / total as f64 * 100.0;
        out += &format!("{share:6.2}% {n} {} {}\n", name(i / OPS), name(i % OPS));
    }
    let mut jumps: Vec<(u64, usize)> = JUMPS
        .iter()
        .enumerate()
        .map(|(i, c)| (c.swap(0, Ordering::Relaxed), i))
        .filter(|&(n, _)| n > 0)
        .collect();
    jumps.sort_unstable_by(|a, b| b.cmp(a));
    out += "jumps (instruction, instruction arrived at by a taken branch, call or return)\n";
    for (n, i) in jumps.iter().take(60) {
        let share = *n as f64 / total as f64 * 100.0;
        out += &format!("{share:6.2}% {n} {} {}\n", name(i / OPS), name(i % OPS));
    }
    let runs = |of: &'static std::thread::LocalKey<
        RefCell<(u64, HashMap<u64, u64, BuildHasherDefault<KeyHasher>>)>,
    >| {
        let mut runs: Vec<(u64, u64)> = of.with_borrow_mut(|(_, counts)| {
            let all = counts.drain().map(|(k, n)| (n, k)).collect();
            all
        });
        runs.sort_unstable_by(|a, b| b.cmp(a));
        runs
    };
    let jump_runs = runs(&JUMP_RUNS);
    let triples = runs(&TRIPLES);
    let mut write_runs = |title: &str, runs: &[(u64, u64)]| {
        out += title;
        for (n, key) in runs.iter().take(60) {
            let share = *n as f64 / total as f64 * 100.0;
            let forms = [key >> 32, key >> 16 & 0xFFFF, key & 0xFFFF].map(|raw| {
                let raw = raw as u16;
                let base = Opcode::ALL[base_opcode(raw) as usize].name();
                format!("{base}/{}", raw / ACC_OPCODES)
            });
            out += &format!("{share:6.2}% {n} {}\n", forms.join(" "));
        }
    };
    write_runs(
        "jump runs (a transfer of control, the instruction arrived at and the one after it)\n",
        &jump_runs,
    );
    write_runs(
        "triples (name/form: form bit 0 reads the accumulator, bit 1 writes only to it)\n",
        &triples,
    );
    use std::io::Write;
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(out.as_bytes());
    }
}
