//! Links the `kestrel` binary with a symbol ordering when `KESTREL_SYMBOL_ORDER` names one (an
//! lld `--symbol-ordering-file`; `dist/release-build.sh` sets it, with lld as the linker, to lay
//! the start-up functions out together). The file is watched, so a new ordering relinks the
//! binary without rebuilding anything else, as an embedded crate's linker script does.

fn main() {
    println!("cargo::rerun-if-env-changed=KESTREL_SYMBOL_ORDER");
    if let Some(order) = std::env::var_os("KESTREL_SYMBOL_ORDER") {
        let order = std::path::PathBuf::from(order);
        println!("cargo::rerun-if-changed={}", order.display());
        println!(
            "cargo::rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo::rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}
