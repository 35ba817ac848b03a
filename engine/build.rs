//! Chooses the interpreter's dispatch. The portable `match` loop is the default. Setting
//! `KESTREL_DISPATCH=threaded` when building selects direct threading by tail calls
//! (`kestrel_threaded`), but only for an optimised build (where the sibling calls become jumps)
//! on x86_64 or aarch64; see `src/interp/threaded.rs` for why it is not the default yet.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(kestrel_threaded)");
    println!("cargo::rerun-if-env-changed=KESTREL_DISPATCH");
    let opt = std::env::var("OPT_LEVEL").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let wanted = std::env::var("KESTREL_DISPATCH").is_ok_and(|v| v == "threaded");
    let optimised = matches!(opt.as_str(), "2" | "3");
    let tail_calls_reliable = matches!(arch.as_str(), "x86_64" | "aarch64");
    if wanted && optimised && tail_calls_reliable {
        println!("cargo::rustc-cfg=kestrel_threaded");
    }
}
