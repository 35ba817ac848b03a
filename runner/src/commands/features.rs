//! `features`: what this runtime supports, in the OCI runtime-features JSON shape that runc
//! prints (containerd 2.x asks for it).

use crate::error::Result;

/// The features document.
pub fn document() -> serde_json::Value {
    serde_json::json!({
        "ociVersionMin": "1.0.0",
        "ociVersionMax": crate::OCI_VERSION,
        "hooks": crate::process::hooks::ALL_POINTS.map(|p| p.name()),
        "mountOptions": ["bind", "rbind", "ro", "rw"],
        "linux": {
            "namespaces": [],
            "capabilities": [],
            "cgroup": { "v1": true, "v2": true, "systemd": false, "systemdUser": false },
        },
        "annotations": {
            "io.kestrel.wasm": "wasi_snapshot_preview1",
            "io.kestrel.native": "delegated to runc",
            "io.kestrel.version": env!("CARGO_PKG_VERSION"),
        },
        "potentiallyUnsafeConfigAnnotations": ["io.kestrel."],
    })
}

/// Runs `features`.
pub fn run() -> Result<i32> {
    println!(
        "{}",
        serde_json::to_string_pretty(&document()).unwrap_or_default()
    );
    Ok(0)
}
