//! Chooses the interpreter's dispatch. Direct threading by tail calls (`kestrel_threaded`,
//! `src/interp/threaded.rs`) is used in optimised builds (opt-level 2 or 3, where the sibling
//! calls become jumps) for x86_64 and aarch64; everything else uses the portable `match` loop
//! (`src/interp/executor.rs`). `KESTREL_DISPATCH=loop` at build time forces the loop (to compare
//! the two, or on a toolchain that stops turning the tail calls into jumps).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(kestrel_threaded)");
    println!("cargo::rerun-if-env-changed=KESTREL_DISPATCH");
    let opt = std::env::var("OPT_LEVEL").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let forced_loop = std::env::var("KESTREL_DISPATCH").is_ok_and(|v| v == "loop");
    let optimised = matches!(opt.as_str(), "2" | "3");
    let tail_calls_reliable = matches!(arch.as_str(), "x86_64" | "aarch64");
    if !forced_loop && optimised && tail_calls_reliable {
        println!("cargo::rustc-cfg=kestrel_threaded");
    }
}
