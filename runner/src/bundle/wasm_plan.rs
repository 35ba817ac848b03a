//! Turning an OCI `process` of a wasm container into a [`WasmRun`]: `args` become WASI args,
//! `env` the WASI environment, the rootfs the guest's `/`, directory bind mounts more preopens,
//! `cwd` the guest working directory, and `linux.resources.memory.limit` the cap on linear memory.
//!
//! Two kestrel annotations tune a run: `io.kestrel.fuel` (a fuel budget) and `io.kestrel.invoke`
//! (an export to call in place of `_start`).

use std::path::{Path, PathBuf};

use oci_spec::runtime::{Mount, Process};

use super::Bundle;
use crate::error::{Result, RunnerError};
use crate::wasm_exec::WasmRun;

/// Annotation: fuel budget for the module.
pub const ANNOTATION_FUEL: &str = "io.kestrel.fuel";
/// Annotation: export to invoke instead of `_start`.
pub const ANNOTATION_INVOKE: &str = "io.kestrel.invoke";

/// Builds the WASI run of `process` (whose module is at `module` on the host) in `bundle`.
pub fn plan(bundle: &Bundle, process: &Process, module: &Path) -> Result<WasmRun> {
    let rootfs = bundle.rootfs()?;
    let read_only_root = bundle
        .spec
        .root()
        .as_ref()
        .and_then(|r| r.readonly())
        .unwrap_or(false);
    let mut preopens = vec![(rootfs, "/".to_string(), read_only_root)];
    for mount in bundle.spec.mounts().iter().flatten() {
        if let Some(preopen) = mount_preopen(&bundle.dir, mount) {
            preopens.push(preopen);
        }
    }
    let env = process
        .env()
        .iter()
        .flatten()
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.clone(), String::new()),
        })
        .collect();
    let max_memory = bundle
        .spec
        .linux()
        .as_ref()
        .and_then(|l| l.resources().as_ref())
        .and_then(|r| r.memory().as_ref())
        .and_then(|m| m.limit())
        .filter(|&l| l > 0)
        .map(|l| l as u64);
    let fuel = match bundle.annotation(ANNOTATION_FUEL) {
        Some(v) => Some(v.parse::<u64>().map_err(|_| RunnerError::Bundle {
            path: bundle.dir.join("config.json"),
            message: format!("annotation {ANNOTATION_FUEL}={v:?} is not a whole number"),
        })?),
        None => None,
    };
    let cwd = process.cwd().to_string_lossy().into_owned();
    Ok(WasmRun {
        module: module.to_path_buf(),
        args: process.args().clone().unwrap_or_default(),
        env,
        preopens,
        cwd: if cwd.is_empty() { None } else { Some(cwd) },
        max_memory,
        fuel,
        invoke: bundle.annotation(ANNOTATION_INVOKE).map(str::to_string),
    })
}

/// A bind mount of a host directory becomes a preopen at its destination; anything else (proc,
/// tmpfs, devpts, single-file binds such as /etc/hosts) has no WASI meaning and is left out.
fn mount_preopen(bundle_dir: &Path, mount: &Mount) -> Option<(PathBuf, String, bool)> {
    let options = mount.options().clone().unwrap_or_default();
    let is_bind = mount.typ().as_deref() == Some("bind")
        || options.iter().any(|o| o == "bind" || o == "rbind");
    if !is_bind {
        return None;
    }
    let source = mount.source().as_ref()?;
    let source = if source.is_absolute() {
        source.clone()
    } else {
        bundle_dir.join(source)
    };
    if !source.is_dir() {
        return None;
    }
    let read_only = options.iter().any(|o| o == "ro");
    let dest = mount.destination().to_string_lossy().into_owned();
    Some((source, dest, read_only))
}
