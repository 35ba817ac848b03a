//! OCI bundles: a directory with `config.json` (read with the `oci-spec` crate) and a rootfs.
//!
//! This module answers the questions the runtime asks of a bundle: where is the rootfs, is this a
//! wasm container or a native one ([`workload`]), and how does its `process` become a WASI run
//! ([`wasm_plan`]).

pub mod module_check;
pub mod secure_join;
pub mod wasm_plan;
pub mod workload;

use std::path::{Path, PathBuf};

use oci_spec::runtime::Spec;

use crate::error::{Result, RunnerError};

/// A loaded bundle.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The bundle directory, absolute.
    pub dir: PathBuf,
    /// Its parsed `config.json`.
    pub spec: Spec,
}

impl Bundle {
    /// Reads `<dir>/config.json`. `dir` is made absolute against the current directory.
    pub fn load(dir: &Path) -> Result<Bundle> {
        let dir = absolute(dir)?;
        let config = dir.join("config.json");
        if !config.is_file() {
            return Err(RunnerError::Bundle {
                path: dir,
                message: "no config.json in the bundle directory".into(),
            });
        }
        let spec = Spec::load(&config).map_err(|e| RunnerError::Bundle {
            path: config.clone(),
            message: format!("cannot parse OCI runtime config: {e}"),
        })?;
        Ok(Bundle { dir, spec })
    }

    /// The container's root filesystem on the host (`root.path`, relative to the bundle).
    pub fn rootfs(&self) -> Result<PathBuf> {
        let root = self
            .spec
            .root()
            .as_ref()
            .ok_or_else(|| RunnerError::Bundle {
                path: self.dir.join("config.json"),
                message: "no `root` in config.json".into(),
            })?;
        Ok(self.dir.join(root.path()))
    }

    /// An annotation of the bundle, if set.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.spec
            .annotations()
            .as_ref()
            .and_then(|a| a.get(key))
            .map(String::as_str)
    }
}

/// `path` made absolute against the current directory (without resolving symlinks).
pub fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path)
        .map_err(|e| RunnerError::io(format!("resolve path {}", path.display()), e))
}
