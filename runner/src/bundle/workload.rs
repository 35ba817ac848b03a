//! Deciding whether a container is a wasm workload (run in-process by kestrel) or a native one
//! (handed to runc), the way crun and runwasi decide it.
//!
//! A container is wasm when an annotation says so (`module.wasm.image/variant=compat` or
//! `compat-smart`, `run.oci.handler=wasm`), or when `process.args[0]` names a `.wasm` file or a
//! file that starts with the wasm magic `\0asm`. Everything else (the pod's pause container
//! above all) is native.

use std::io::Read;
use std::path::{Path, PathBuf};

use oci_spec::runtime::Process;

use super::Bundle;
use super::secure_join::secure_join;
use crate::error::{Result, RunnerError};

/// Annotation set by wasm OCI images (and copied by containerd into the config).
pub const ANNOTATION_WASM_VARIANT: &str = "module.wasm.image/variant";
/// crun's annotation for choosing a handler.
pub const ANNOTATION_OCI_HANDLER: &str = "run.oci.handler";

/// The 4 bytes every binary wasm module starts with.
pub const WASM_MAGIC: [u8; 4] = *b"\0asm";

/// What kind of workload a container runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Workload {
    /// A wasm module, at this host path (inside the rootfs).
    Wasm {
        /// The module file on the host.
        module: PathBuf,
    },
    /// A native program: runc's job.
    Native,
}

/// Classifies the container of `bundle` by its `process`.
pub fn classify(bundle: &Bundle) -> Result<Workload> {
    let Some(process) = bundle.spec.process().as_ref() else {
        return Err(RunnerError::Bundle {
            path: bundle.dir.join("config.json"),
            message: "no `process` in config.json".into(),
        });
    };
    let marked = marked_wasm(bundle);
    classify_process(bundle, process, marked)
}

/// Classifies one process (the init's, or an exec's) against the bundle's rootfs. `marked` says
/// an annotation declared the container wasm, which turns "not a module" into an error.
pub fn classify_process(bundle: &Bundle, process: &Process, marked: bool) -> Result<Workload> {
    let arg0 = process
        .args()
        .as_ref()
        .and_then(|a| a.first())
        .ok_or_else(|| RunnerError::Bundle {
            path: bundle.dir.join("config.json"),
            message: "process.args is empty: nothing to run".into(),
        })?;
    let rootfs = bundle.rootfs()?;
    let module = module_host_path(&rootfs, &process.cwd().to_string_lossy(), arg0)?;
    let by_name = arg0.ends_with(".wasm");
    let by_magic = starts_with_wasm_magic(&module);
    if by_magic {
        return Ok(Workload::Wasm { module });
    }
    if marked || by_name {
        let why = if module.exists() {
            "is not a wasm module"
        } else {
            "does not exist in the rootfs"
        };
        return Err(RunnerError::Bundle {
            path: bundle.dir.clone(),
            message: format!(
                "the container is a wasm container but its entrypoint {arg0} ({}) {why}",
                module.display()
            ),
        });
    }
    Ok(Workload::Native)
}

/// True when the bundle's annotations declare a wasm container.
pub fn marked_wasm(bundle: &Bundle) -> bool {
    let variant = bundle.annotation(ANNOTATION_WASM_VARIANT);
    let handler = bundle.annotation(ANNOTATION_OCI_HANDLER);
    matches!(variant, Some("compat") | Some("compat-smart")) || handler == Some("wasm")
}

/// Where `arg0` (absolute, or relative to the guest `cwd`) is on the host, inside `rootfs`.
pub fn module_host_path(rootfs: &Path, cwd: &str, arg0: &str) -> Result<PathBuf> {
    let guest = if arg0.starts_with('/') {
        arg0.to_string()
    } else {
        format!("{}/{arg0}", cwd.trim_end_matches('/'))
    };
    secure_join(rootfs, &guest).map_err(|e| RunnerError::Bundle {
        path: rootfs.to_path_buf(),
        message: e.to_string(),
    })
}

/// True when `path` is a regular file starting with `\0asm`.
pub fn starts_with_wasm_magic(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    if !f.metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut magic = [0u8; 4];
    f.read_exact(&mut magic).is_ok() && magic == WASM_MAGIC
}
