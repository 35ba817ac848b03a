//! Chooses the interpreter's dispatch. Direct threading by tail calls (`kestrel_threaded`,
//! `src/interp/threaded.rs`) is used in optimised builds (opt-level 2 or 3, where the sibling
//! calls become jumps) for x86_64 and aarch64; everything else uses the portable `match` loop
//! (`src/interp/executor.rs`). `KESTREL_DISPATCH=loop` at build time forces the loop (to compare
//! the two, or on a toolchain that stops turning the tail calls into jumps).
//! `KESTREL_PAIR_STATS=1` builds the instruction-pair counter of `src/interp/pair_stats.rs`.
//! `KESTREL_SIMD=portable` makes the SIMD instructions use their portable lane functions on
//! every target (`src/simd/mod.rs`), instead of `core::arch` where there is a path for it.
//! Shared memory's accesses (`src/runtime/racy/`) are inline assembly (`kestrel_racy_asm`) on
//! x86_64, little-endian aarch64, little-endian Armv7 and riscv64 with atomics, and
//! `std::sync::atomic` elsewhere; `KESTREL_RACY=std` at build time forces the latter.
//! The Cranelift tier (`src/jit/`, `kestrel_jit`) is built with the `cranelift` feature on
//! little-endian x86_64 and aarch64 hosts; elsewhere `Strategy::Cranelift` is a clear error.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(kestrel_threaded)");
    println!("cargo::rustc-check-cfg=cfg(kestrel_pair_stats)");
    println!("cargo::rerun-if-env-changed=KESTREL_DISPATCH");
    println!("cargo::rustc-check-cfg=cfg(kestrel_simd_portable)");
    println!("cargo::rerun-if-env-changed=KESTREL_PAIR_STATS");
    println!("cargo::rerun-if-env-changed=KESTREL_SIMD");
    println!("cargo::rustc-check-cfg=cfg(kestrel_racy_asm)");
    println!("cargo::rerun-if-env-changed=KESTREL_RACY");
    println!("cargo::rustc-check-cfg=cfg(kestrel_jit)");
    if std::env::var("KESTREL_SIMD").is_ok_and(|v| v == "portable") {
        println!("cargo::rustc-cfg=kestrel_simd_portable");
    }
    if std::env::var("KESTREL_PAIR_STATS").is_ok_and(|v| v == "1") {
        // A measuring build (`src/interp/pair_stats.rs`).
        println!("cargo::rustc-cfg=kestrel_pair_stats");
    }
    let opt = std::env::var("OPT_LEVEL").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").unwrap_or_default();
    let racy_std = std::env::var("KESTREL_RACY").is_ok_and(|v| v == "std");
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let has = |f: &str| features.split(',').any(|x| x == f);
    let racy_asm = match arch.as_str() {
        "x86_64" => true,
        "aarch64" => endian == "little",
        // Armv7-A and later (LDREXD/STREXD and DMB): the feature, or the triple where a
        // toolchain does not list features.
        "arm" => {
            let target = std::env::var("TARGET").unwrap_or_default();
            let v7 = has("v7") || target.starts_with("armv7") || target.starts_with("thumbv7neon");
            endian == "little" && v7
        }
        "riscv64" => has("a"),
        _ => false,
    };
    if racy_asm && !racy_std {
        println!("cargo::rustc-cfg=kestrel_racy_asm");
    }
    let jit_host = matches!(arch.as_str(), "x86_64" | "aarch64") && endian == "little";
    if jit_host && std::env::var("CARGO_FEATURE_CRANELIFT").is_ok() {
        println!("cargo::rustc-cfg=kestrel_jit");
    }
    let forced_loop = std::env::var("KESTREL_DISPATCH").is_ok_and(|v| v == "loop");
    let optimised = matches!(opt.as_str(), "2" | "3");
    let tail_calls_reliable = matches!(arch.as_str(), "x86_64" | "aarch64");
    if !forced_loop && optimised && tail_calls_reliable {
        println!("cargo::rustc-cfg=kestrel_threaded");
    }
}
