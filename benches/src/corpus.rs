//! The benchmark corpus on disk (`benches/corpus/`): which programs exist, where their
//! committed `.wasm` and reference output are, and where `build.sh` puts native builds.

use std::path::{Path, PathBuf};

/// What a program is measured for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgramKind {
    /// A compute kernel: timed from compile to exit; prints a checksum.
    Kernel,
    /// A SIMD kernel (`corpus/simd/`): timed like a kernel, built twice, with 128-bit SIMD
    /// (`wasm/<name>.wasm`) and without (`wasm/<name>_scalar.wasm`, the same source's plain C);
    /// both print the native build's output.
    Simd,
    /// A start-up case: the hello world (time to first output, peak RSS).
    Hello,
    /// A start-up case: the large module (compile + instantiate only).
    Large,
}

/// One program of the corpus.
#[derive(Clone, Copy, Debug)]
pub struct Program {
    /// File stem: `wasm/<name>.wasm`, `expected/<name>.txt`, `native/<name>`.
    pub name: &'static str,
    /// What it measures.
    pub kind: ProgramKind,
    /// Source language (for the report).
    pub language: &'static str,
    /// One line on what the program stresses.
    pub about: &'static str,
}

/// Every program, kernels first, then the SIMD kernels (the tuned set, then the held-out ones),
/// in report order.
pub const PROGRAMS: &[Program] = &[
    kernel("fib", "C", "recursive calls"),
    kernel("sieve", "C", "byte stores in strided loops"),
    kernel("sha256", "C", "32-bit rotates, shifts and adds"),
    kernel("matmul", "C", "f64 multiply-add, linear loads"),
    kernel("nbody", "C", "f64 arithmetic and sqrt"),
    kernel("quicksort", "C", "branchy compares and swaps"),
    kernel("crc32", "C", "byte loads and table lookups"),
    kernel("bytecode_vm", "C", "switch dispatch (br_table)"),
    kernel("memops", "C", "memory.copy / memory.fill"),
    kernel("hashmap", "Rust", "hashing, probing, allocation"),
    kernel("strings", "Rust", "tokenize, lowercase, count"),
    kernel("coremark_like", "C", "lists, int matrix, state machine"),
    simd("simd_dot", "f32x4 dot products and matrix multiply"),
    simd("simd_blur", "3x3 Gaussian blur, u8 -> u16 lanes and back"),
    simd("simd_memchr", "byte search: i8x16.eq + bitmask"),
    simd(
        "simd_checksum",
        "Adler-32 (widening sums) and xxHash32 (i32x4)",
    ),
    simd("simd_autovec", "plain C loops clang vectorises"),
    // Held out (SIMD_HELD_OUT): written after the SIMD tuning.
    simd(
        "simd_utf8",
        "UTF-8 validation (swizzle nibble lookups) and character counts",
    ),
    simd(
        "simd_fir",
        "Q15 FIR filter (extmul), mix (dot), volume (q15mulr_sat)",
    ),
    simd(
        "simd_rgb",
        "RGBA alpha blend and greyscale: u8 <-> u16, shuffles",
    ),
    simd(
        "simd_autovec2",
        "other loops clang vectorises: f32 polynomial, saturating i16, u8 max",
    ),
    Program {
        name: "hello",
        kind: ProgramKind::Hello,
        language: "C",
        about: "time to first output",
    },
    Program {
        name: "large",
        kind: ProgramKind::Large,
        language: "Rust",
        about: "compile + instantiate of a ~5 MB-code module",
    },
];

const fn kernel(name: &'static str, language: &'static str, about: &'static str) -> Program {
    Program {
        name,
        kind: ProgramKind::Kernel,
        language,
        about,
    }
}

const fn simd(name: &'static str, about: &'static str) -> Program {
    Program {
        name,
        kind: ProgramKind::Simd,
        language: "C",
        about,
    }
}

/// The name `--only` accepts for the whole SIMD set (tuned and held out).
pub const SIMD_SET: &str = "simd";

/// The held-out SIMD kernels: chosen and written after the interpreter's SIMD work was tuned
/// (on the other SIMD kernels), and not used to choose its fast paths, so that their figures
/// say how the work does on programs it was not tuned on. `compare` reports them apart from
/// the tuned set: their own rows and geomean, no target.
pub const SIMD_HELD_OUT: &[&str] = &["simd_utf8", "simd_fir", "simd_rgb", "simd_autovec2"];

/// The name `--only` accepts for the held-out SIMD kernels alone.
pub const SIMD_HELD_OUT_SET: &str = "simd_held_out";

/// `benches/corpus`, found from this crate's manifest directory (or `KESTREL_BENCH_CORPUS`).
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("KESTREL_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
}

impl Program {
    /// Looks a program up by name.
    pub fn by_name(name: &str) -> Option<&'static Program> {
        PROGRAMS.iter().find(|p| p.name == name)
    }

    /// Whether this is a held-out SIMD kernel (`SIMD_HELD_OUT`).
    pub fn held_out(&self) -> bool {
        SIMD_HELD_OUT.contains(&self.name)
    }

    /// The committed wasm module.
    pub fn wasm_path(&self) -> PathBuf {
        corpus_dir()
            .join("wasm")
            .join(format!("{}.wasm", self.name))
    }

    /// The build without SIMD of a SIMD kernel (`wasm/<name>_scalar.wasm`), if it is one.
    pub fn scalar_wasm_path(&self) -> Option<PathBuf> {
        (self.kind == ProgramKind::Simd).then(|| {
            corpus_dir()
                .join("wasm")
                .join(format!("{}_scalar.wasm", self.name))
        })
    }

    /// The native build made by `build.sh` (absent until it has run).
    pub fn native_path(&self) -> PathBuf {
        corpus_dir().join("native").join(self.name)
    }

    /// The reference output (recorded from the native build), if the program has one.
    pub fn expected_output(&self) -> Option<String> {
        std::fs::read_to_string(
            corpus_dir()
                .join("expected")
                .join(format!("{}.txt", self.name)),
        )
        .ok()
    }
}
