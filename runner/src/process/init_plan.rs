//! What a container process must do, decided by `create` or `exec` and handed to the
//! `kestrel init` child as JSON: the WASI run, the exec FIFO to wait on, the console, the cgroup,
//! rlimits and privileges.

use std::path::PathBuf;

use oci_spec::runtime::{Hook, LinuxResources, PosixRlimit};
use serde::{Deserialize, Serialize};

use super::identity::Identity;
use crate::wasm_exec::WasmRun;

/// Instructions for one container process.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InitPlan {
    /// The container.
    pub container_id: String,
    /// The module to run.
    pub run: WasmRun,
    /// For the init: the FIFO to wait on until `start`. None for exec processes.
    pub exec_fifo: Option<PathBuf>,
    /// Where to send the pty master, when the process has a terminal.
    pub console_socket: Option<PathBuf>,
    /// Terminal size (rows, columns).
    pub console_size: Option<(u16, u16)>,
    /// The container's cgroup (`linux.cgroupsPath`).
    pub cgroups_path: Option<String>,
    /// True for the init: create the cgroup and apply `resources`; exec processes only join.
    pub create_cgroup: bool,
    /// Limits for a new cgroup.
    pub resources: Option<LinuxResources>,
    /// `process.rlimits`.
    pub rlimits: Vec<PosixRlimit>,
    /// `process.oomScoreAdj`.
    pub oom_score_adj: Option<i32>,
    /// `process.noNewPrivileges`.
    pub no_new_privileges: bool,
    /// `process.user`.
    pub user: Identity,
    /// `startContainer` hooks, run by the init just before the module.
    pub start_hooks: Vec<Hook>,
    /// The state document for those hooks (the init fills in its pid).
    pub hook_state: serde_json::Value,
}

/// What the child reports back over the sync pipe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InitReport {
    /// Set up; (init) now waiting for `start`.
    Ready,
    /// Set-up failed; the child exits.
    Error(String),
}
