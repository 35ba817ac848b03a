//! One container's state directory, `<root>/<id>/`: `state.json` (written atomically), the exec
//! FIFO while the container is `created`, and `execs/<pid>` for each process started by `exec`.
//! The status is not stored: it is derived from the init's liveness (pid + start time), the
//! FIFO and the freezer, so a crashed init is simply `stopped`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::status::Status;
use crate::atomic_file::write_atomic;
use crate::cgroup::Cgroup;
use crate::error::{Result, RunnerError};
use crate::process::hooks::HookPoint;
use crate::process::proc_stat::{ProcStat, is_alive};

/// What `state.json` records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerState {
    /// Container ID.
    pub id: String,
    /// Bundle directory.
    pub bundle: PathBuf,
    /// Rootfs on the host.
    pub rootfs: PathBuf,
    /// The init's pid.
    pub pid: i32,
    /// The init's start time (clock ticks since boot), to tell it from a later process that got
    /// the same pid.
    pub pid_start_time: u64,
    /// When `create` ran, RFC 3339.
    pub created: String,
    /// Who created it.
    pub owner: String,
    /// The bundle's annotations.
    pub annotations: BTreeMap<String, String>,
    /// `linux.cgroupsPath` as given.
    pub cgroups_path: Option<String>,
    /// True while paused by SIGSTOP because no freezer was available.
    #[serde(default)]
    pub paused_by_signal: bool,
}

/// A container known to kestrel, with its state directory.
#[derive(Debug, Clone)]
pub struct Container {
    /// `<root>/<id>`.
    pub dir: PathBuf,
    /// Its recorded state.
    pub state: ContainerState,
}

/// File name of the state record.
pub const STATE_FILE: &str = "state.json";
/// File name of the exec FIFO.
pub const FIFO_FILE: &str = "exec.fifo";
/// Directory of exec records.
pub const EXECS_DIR: &str = "execs";

impl Container {
    /// Loads the container in `dir`.
    pub fn load(dir: &Path) -> Result<Container> {
        let file = dir.join(STATE_FILE);
        let text = std::fs::read(&file)
            .map_err(|e| RunnerError::io(format!("read {}", file.display()), e))?;
        let state = serde_json::from_slice(&text)
            .map_err(|e| RunnerError::json(format!("parse {}", file.display()), e))?;
        Ok(Container {
            dir: dir.to_path_buf(),
            state,
        })
    }

    /// Writes `state.json` atomically.
    pub fn save(&self) -> Result<()> {
        let json = serde_json::to_vec_pretty(&self.state)
            .map_err(|e| RunnerError::json("serialize container state", e))?;
        write_atomic(&self.dir.join(STATE_FILE), &json)
    }

    /// The exec FIFO path.
    pub fn fifo(&self) -> PathBuf {
        self.dir.join(FIFO_FILE)
    }

    /// The container's cgroup.
    pub fn cgroup(&self) -> Cgroup {
        Cgroup::for_container(self.state.cgroups_path.as_deref(), &self.state.id)
    }

    /// True while the init process is alive.
    pub fn init_alive(&self) -> bool {
        is_alive(self.state.pid, self.state.pid_start_time)
    }

    /// The current status.
    pub fn status(&self) -> Status {
        if !self.init_alive() {
            Status::Stopped
        } else if self.fifo().exists() {
            Status::Created
        } else if self.state.paused_by_signal || self.cgroup().is_frozen() {
            Status::Paused
        } else {
            Status::Running
        }
    }

    /// Records a process started by `exec`.
    pub fn add_exec(&self, pid: i32) -> Result<()> {
        let dir = self.dir.join(EXECS_DIR);
        std::fs::create_dir_all(&dir)
            .map_err(|e| RunnerError::io(format!("create {}", dir.display()), e))?;
        let start = ProcStat::read(pid).map(|s| s.start_time).unwrap_or(0);
        write_atomic(&dir.join(pid.to_string()), start.to_string().as_bytes())
    }

    /// Live processes of the container: the init and the execs still running, plus anything
    /// else in its cgroup.
    pub fn live_pids(&self) -> Vec<i32> {
        let mut pids = Vec::new();
        if self.init_alive() {
            pids.push(self.state.pid);
        }
        if let Ok(entries) = std::fs::read_dir(self.dir.join(EXECS_DIR)) {
            for entry in entries.flatten() {
                let pid: i32 = entry.file_name().to_string_lossy().parse().unwrap_or(0);
                let start: u64 = std::fs::read_to_string(entry.path())
                    .ok()
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(0);
                if is_alive(pid, start) {
                    pids.push(pid);
                }
            }
        }
        for pid in self.cgroup().pids() {
            if !pids.contains(&pid) && ProcStat::read(pid).is_some_and(|s| s.is_running()) {
                pids.push(pid);
            }
        }
        pids
    }

    /// The state document hooks get on stdin, with `status` as given.
    pub fn hook_state(&self, status: &str) -> serde_json::Value {
        serde_json::json!({
            "ociVersion": crate::OCI_VERSION,
            "id": self.state.id,
            "status": status,
            "pid": self.state.pid,
            "bundle": self.state.bundle,
            "annotations": self.state.annotations,
        })
    }

    /// Runs the bundle's hooks at `point` (poststart, poststop), logging failures as warnings,
    /// as the OCI spec asks for those points.
    pub fn run_hooks_warning(&self, point: HookPoint, status: &str) {
        let Ok(bundle) = crate::bundle::Bundle::load(&self.state.bundle) else {
            return;
        };
        let hooks = point.hooks(&bundle.spec);
        if hooks.is_empty() {
            return;
        }
        if let Err(e) = crate::process::hooks::run(point, &hooks, &self.hook_state(status)) {
            crate::logging::warn(&format!("container {}: {e}", self.state.id));
        }
    }

    /// The OCI state document (`kestrel state`), shaped like runc's.
    pub fn oci_state(&self) -> serde_json::Value {
        let status = self.status();
        let pid = if status == Status::Stopped {
            0
        } else {
            self.state.pid
        };
        serde_json::json!({
            "ociVersion": crate::OCI_VERSION,
            "id": self.state.id,
            "pid": pid,
            "status": status,
            "bundle": self.state.bundle,
            "rootfs": self.state.rootfs,
            "created": self.state.created,
            "owner": self.state.owner,
            "annotations": self.state.annotations,
        })
    }
}
