//! Two things for the link of the `kestrel` binary:
//!
//! - A symbol ordering when `KESTREL_SYMBOL_ORDER` names one (an lld `--symbol-ordering-file`;
//!   `dist/release-build.sh` sets it, with lld as the linker, to lay the start-up functions out
//!   together). The file is watched, so a new ordering relinks the binary without rebuilding
//!   anything else, as an embedded crate's linker script does.
//! - Where libseccomp is (libcontainer applies seccomp profiles with it, on every target but
//!   riscv64; the container runtime exists on 64-bit targets only). `libseccomp-sys` links `-lseccomp` and searches only where
//!   `LIBSECCOMP_LIB_PATH` says; this adds the target's Debian multiarch directory (what a cross
//!   linker does not search by itself) and, where only the runtime library is installed
//!   (`libseccomp.so.2`, in every Debian system; the `.so` link comes with libseccomp-dev), a
//!   link to it in OUT_DIR, so a plain `cargo build` needs no -dev package. Static release
//!   builds set `LIBSECCOMP_LINK_TYPE=static` and name the directory of `libseccomp.a`.

use std::path::PathBuf;

fn main() {
    symbol_order();
    libseccomp();
}

fn symbol_order() {
    println!("cargo::rerun-if-env-changed=KESTREL_SYMBOL_ORDER");
    if let Some(order) = std::env::var_os("KESTREL_SYMBOL_ORDER") {
        let order = PathBuf::from(order);
        println!("cargo::rerun-if-changed={}", order.display());
        println!(
            "cargo::rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo::rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

fn libseccomp() {
    println!("cargo::rerun-if-env-changed=LIBSECCOMP_LIB_PATH");
    println!("cargo::rerun-if-env-changed=LIBSECCOMP_LINK_TYPE");
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    if env("CARGO_CFG_TARGET_OS") != "linux"
        || env("CARGO_CFG_TARGET_POINTER_WIDTH") != "64"
        || env("CARGO_CFG_TARGET_ARCH") == "riscv64"
        || !env("LIBSECCOMP_LIB_PATH").is_empty()
    {
        return;
    }
    let multiarch = match env("CARGO_CFG_TARGET_ARCH").as_str() {
        "x86_64" => "x86_64-linux-gnu",
        "aarch64" => "aarch64-linux-gnu",
        _ => return,
    };
    let dirs = [
        PathBuf::from(format!("/usr/lib/{multiarch}")),
        PathBuf::from(format!("/lib/{multiarch}")),
    ];
    let static_link = env("LIBSECCOMP_LINK_TYPE") == "static";
    let wanted = if static_link {
        "libseccomp.a"
    } else {
        "libseccomp.so"
    };
    if let Some(dir) = dirs.iter().find(|d| d.join(wanted).exists()) {
        println!("cargo::rustc-link-search=native={}", dir.display());
        return;
    }
    let runtime = dirs
        .iter()
        .map(|d| d.join("libseccomp.so.2"))
        .find(|p| p.exists());
    match runtime {
        Some(lib) if !static_link => {
            let out = PathBuf::from(env("OUT_DIR"));
            let link = out.join("libseccomp.so");
            let _ = std::fs::remove_file(&link);
            if std::os::unix::fs::symlink(&lib, &link).is_ok() {
                println!("cargo::rustc-link-search=native={}", out.display());
            }
        }
        _ => println!(
            "cargo::warning=libseccomp for {multiarch} not found in {}: install libseccomp2 \
             (libseccomp-dev for a static build), or set LIBSECCOMP_LIB_PATH",
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}
