//! The exception-handling kernels (`benches/corpus/wat/*.wat`): small WAT modules in the
//! standard form (`try_table`, `throw`, `throw_ref`, `exnref`) that isolate the cost of a throw
//! and its catch, and of a `try_table` on the straight path. Each exports `run: (i64) -> i64`,
//! which loops `n` times and returns a checksum; [`ExnKernel::checksum`] computes the same
//! checksum in Rust, the reference every engine's result is checked against.
//!
//! `compare` runs them on the engines that implement exception handling (Kestrel and
//! wasmtime; wasmi and wasm3 have none) and times the call of `run` alone.

use crate::corpus::corpus_dir;
use std::path::PathBuf;

/// One kernel: `corpus/wat/<name>.wat`.
#[derive(Clone, Copy, Debug)]
pub struct ExnKernel {
    /// File stem, and the name `--only` knows it by.
    pub name: &'static str,
    /// One line on what it measures.
    pub about: &'static str,
    /// Iterations of a measured run (sized for ~0.1-0.5 s on the slower engine).
    pub n: i64,
    /// `run(n)`'s result, computed in Rust.
    pub checksum: fn(i64) -> i64,
}

/// Iterations in `compare --quick` (a check that every engine computes the checksum, not a
/// measurement).
pub const QUICK_N: i64 = 1000;

/// The payload every throwing kernel derives from its loop counter.
const MIX: i64 = 0x5bd1e995;

/// Every kernel, in report order.
pub const EXN_KERNELS: &[ExnKernel] = &[
    ExnKernel {
        name: "exn_throw_local",
        about: "throw and catch in the same function",
        n: 2_000_000,
        checksum: throw_local,
    },
    ExnKernel {
        name: "exn_throw_deep",
        about: "throw through 10 frames, caught at the top",
        n: 1_000_000,
        checksum: throw_deep,
    },
    ExnKernel {
        name: "exn_rethrow",
        about: "catch_ref, throw_ref, caught one frame up",
        n: 1_000_000,
        checksum: rethrow,
    },
    ExnKernel {
        name: "happy_try_table",
        about: "loop body (a call, arithmetic) in a try_table never thrown through",
        n: 20_000_000,
        checksum: happy,
    },
    ExnKernel {
        name: "happy_plain",
        about: "the same loop without the try_table",
        n: 20_000_000,
        checksum: happy,
    },
];

/// The happy-path pair: the loop in a `try_table`, and the same loop without it.
pub const HAPPY_PAIR: (&str, &str) = ("happy_try_table", "happy_plain");

impl ExnKernel {
    /// Looks a kernel up by name.
    pub fn by_name(name: &str) -> Option<&'static ExnKernel> {
        EXN_KERNELS.iter().find(|k| k.name == name)
    }

    /// The kernel's source.
    pub fn wat_path(&self) -> PathBuf {
        corpus_dir().join("wat").join(format!("{}.wat", self.name))
    }
}

fn for_each_payload(n: i64, mut f: impl FnMut(i64)) {
    for i in 0..n.max(1) {
        f(i ^ MIX);
    }
}

fn throw_local(n: i64) -> i64 {
    let mut acc = 0i64;
    for_each_payload(n, |v| acc = acc.wrapping_mul(31).wrapping_add(v));
    acc
}

fn throw_deep(n: i64) -> i64 {
    let mut acc = 0i64;
    for_each_payload(n, |v| acc = acc.wrapping_mul(31).wrapping_add(v + 45));
    acc
}

fn rethrow(n: i64) -> i64 {
    let (mut acc, mut seen) = (0i64, 0i64);
    for_each_payload(n, |v| {
        seen = seen.wrapping_add(v);
        acc = acc.wrapping_mul(31).wrapping_add(v);
    });
    acc ^ seen
}

fn happy(n: i64) -> i64 {
    let mut acc = 0i64;
    for i in 0..n.max(1) {
        acc = acc.wrapping_mul(31).wrapping_add(i ^ (i >> 3));
        acc = acc.rotate_left(5).wrapping_add(i);
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kernel_has_its_source() {
        for k in EXN_KERNELS {
            let wat =
                std::fs::read_to_string(k.wat_path()).unwrap_or_else(|e| panic!("{}: {e}", k.name));
            assert!(wat.contains("(export \"run\")"), "{}", k.name);
        }
        assert!(ExnKernel::by_name(HAPPY_PAIR.0).is_some());
        assert!(ExnKernel::by_name(HAPPY_PAIR.1).is_some());
    }

    #[test]
    fn checksums_of_small_n() {
        assert_eq!(throw_local(1), MIX);
        assert_eq!(throw_deep(2), (MIX + 45) * 31 + (1 ^ MIX) + 45);
        assert_eq!(rethrow(1), MIX ^ MIX);
        // i = 0: acc = 0; i = 1: acc = rotl(0 * 31 + 1, 5) + 1 = 33.
        assert_eq!(happy(2), 33);
    }
}
