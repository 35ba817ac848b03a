//! Shared pieces of the runner's integration tests: a private containerd ([`containerd`]),
//! hand-built OCI images ([`oci_image`]), bundles and rootfs trees ([`rootfs`]), and running
//! commands with a time limit ([`command`]).
#![allow(dead_code)] // each test binary uses its own subset

pub mod command;
pub mod containerd;
pub mod oci_image;
pub mod rootfs;

use std::path::PathBuf;

/// The `kestrel` binary under test: `$KESTREL_BIN` (the benchmark points it at a release
/// build), else the one cargo built for these tests.
pub fn kestrel_bin() -> PathBuf {
    std::env::var_os("KESTREL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_kestrel")))
}

/// A wasm fixture built from `tests/fixtures/wasm/<name>.wat`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/wasm/{name}.wasm"))
}

/// True when running as root (containers need it).
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}
