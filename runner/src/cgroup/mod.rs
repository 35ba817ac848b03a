//! The container's cgroup: created from `linux.cgroupsPath` in every mounted hierarchy (v1 per
//! controller, or v2), joined by the container's processes, limited by `linux.resources`, frozen
//! for `pause`, listed for `ps` and `kill --all`, removed by `delete`.
//!
//! A controller that is not mounted is skipped with a warning, never an error: containerd's
//! metrics come from whatever the pid is in, and machines differ (this one has v1 plus a v2
//! hierarchy with only hugetlb).

pub mod hierarchy;
pub mod resources;
pub mod stats;

use std::path::{Path, PathBuf};
use std::time::Duration;

use hierarchy::Hierarchy;

use crate::error::{Result, RunnerError};

/// A container's cgroup, at the same relative path in every hierarchy.
#[derive(Debug, Clone)]
pub struct Cgroup {
    /// The path below each hierarchy's root, without a leading `/`.
    pub relative: PathBuf,
    hierarchies: Vec<Hierarchy>,
}

impl Cgroup {
    /// The cgroup for `cgroups_path` (from config.json) or, when unset, `kestrel/<id>`.
    /// A systemd-style path `slice:prefix:name` maps to `slice/prefix-name.scope`.
    pub fn for_container(cgroups_path: Option<&str>, id: &str) -> Cgroup {
        Cgroup {
            relative: relative_path(cgroups_path, id),
            hierarchies: hierarchy::mounted(),
        }
    }

    /// This cgroup's directory in each hierarchy.
    fn dirs(&self) -> impl Iterator<Item = (&Hierarchy, PathBuf)> {
        self.hierarchies
            .iter()
            .map(|h| (h, h.mount_point.join(&self.relative)))
    }

    /// Creates the cgroup in every hierarchy (copying cpuset's cpus/mems down, as a new v1
    /// cpuset cgroup starts empty) and moves `pid` (0: this process) into it. Returns warnings
    /// for hierarchies that could not be used.
    pub fn create_and_join(&self, pid: i32) -> Vec<String> {
        let mut warnings = Vec::new();
        for (h, dir) in self.dirs() {
            if let Err(e) = create_dirs(h, &dir) {
                warnings.push(format!("cgroup {}: {e}", dir.display()));
                continue;
            }
            if let Err(e) = std::fs::write(dir.join("cgroup.procs"), pid.to_string()) {
                warnings.push(format!("join cgroup {}: {e}", dir.display()));
            }
        }
        warnings
    }

    /// Moves `pid` into the cgroup wherever it already exists (for `exec`).
    pub fn join(&self, pid: i32) -> Vec<String> {
        let mut warnings = Vec::new();
        for (_, dir) in self.dirs() {
            if !dir.is_dir() {
                continue;
            }
            if let Err(e) = std::fs::write(dir.join("cgroup.procs"), pid.to_string()) {
                warnings.push(format!("join cgroup {}: {e}", dir.display()));
            }
        }
        warnings
    }

    /// The directory of the hierarchy carrying `controller`, if it exists for this cgroup.
    pub fn controller_dir(&self, controller: &str) -> Option<PathBuf> {
        self.dirs()
            .find(|(h, d)| h.has(controller) && d.is_dir())
            .map(|(_, d)| d)
    }

    /// The v2 directory of this cgroup, if the unified hierarchy is mounted and has it.
    pub fn unified_dir(&self) -> Option<PathBuf> {
        self.dirs()
            .find(|(h, d)| h.unified && d.is_dir())
            .map(|(_, d)| d)
    }

    /// Every pid in the cgroup (from the first hierarchy where it exists).
    pub fn pids(&self) -> Vec<i32> {
        for (_, dir) in self.dirs() {
            if let Ok(text) = std::fs::read_to_string(dir.join("cgroup.procs")) {
                return text.lines().filter_map(|l| l.trim().parse().ok()).collect();
            }
        }
        Vec::new()
    }

    /// Freezes (or thaws) the cgroup. `Ok(false)` when there is no freezer to do it with.
    pub fn set_frozen(&self, frozen: bool) -> Result<bool> {
        if let Some(dir) = self.controller_dir("freezer") {
            let want = if frozen { "FROZEN" } else { "THAWED" };
            let file = dir.join("freezer.state");
            std::fs::write(&file, want)
                .map_err(|e| RunnerError::io(format!("write {}", file.display()), e))?;
            for _ in 0..200 {
                if std::fs::read_to_string(&file).is_ok_and(|s| s.trim() == want) {
                    return Ok(true);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            return Err(RunnerError::io(
                format!("{} did not become {want}", file.display()),
                std::io::Error::from(std::io::ErrorKind::TimedOut),
            ));
        }
        if let Some(dir) = self
            .unified_dir()
            .filter(|d| d.join("cgroup.freeze").exists())
        {
            let file = dir.join("cgroup.freeze");
            std::fs::write(&file, if frozen { "1" } else { "0" })
                .map_err(|e| RunnerError::io(format!("write {}", file.display()), e))?;
            return Ok(true);
        }
        Ok(false)
    }

    /// True when the cgroup's freezer says it is frozen.
    pub fn is_frozen(&self) -> bool {
        if let Some(dir) = self.controller_dir("freezer") {
            return std::fs::read_to_string(dir.join("freezer.state"))
                .is_ok_and(|s| s.trim() == "FROZEN");
        }
        if let Some(dir) = self.unified_dir() {
            return std::fs::read_to_string(dir.join("cgroup.freeze"))
                .is_ok_and(|s| s.trim() == "1");
        }
        false
    }

    /// Removes the cgroup from every hierarchy. The processes must have exited; a cgroup that
    /// is still busy is retried for a while (an exiting process leaves it shortly after).
    pub fn remove(&self) -> Result<()> {
        for (_, dir) in self.dirs() {
            if !dir.is_dir() {
                continue;
            }
            let mut last = None;
            for _ in 0..100 {
                match std::fs::remove_dir(&dir) {
                    Ok(()) => {
                        last = None;
                        break;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        last = None;
                        break;
                    }
                    Err(e) => last = Some(e),
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            if let Some(e) = last {
                return Err(RunnerError::io(
                    format!("remove cgroup {}", dir.display()),
                    e,
                ));
            }
        }
        Ok(())
    }
}

/// Creates `dir` and its missing parents inside hierarchy `h`.
fn create_dirs(h: &Hierarchy, dir: &Path) -> std::io::Result<()> {
    let rel = dir.strip_prefix(&h.mount_point).unwrap_or(dir);
    let mut current = h.mount_point.clone();
    for part in rel.components() {
        let parent = current.clone();
        current.push(part);
        if current.is_dir() {
            continue;
        }
        match std::fs::create_dir(&current) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        if h.has("cpuset") {
            for file in ["cpuset.cpus", "cpuset.mems"] {
                let mine = std::fs::read_to_string(current.join(file)).unwrap_or_default();
                if mine.trim().is_empty() {
                    let theirs = std::fs::read_to_string(parent.join(file))?;
                    std::fs::write(current.join(file), theirs.trim())?;
                }
            }
        }
    }
    Ok(())
}

/// The relative cgroup path for a config's `cgroupsPath`.
pub fn relative_path(cgroups_path: Option<&str>, id: &str) -> PathBuf {
    let path = match cgroups_path.map(str::trim).filter(|p| !p.is_empty()) {
        None => format!("kestrel/{id}"),
        Some(p) if !p.starts_with('/') && p.split(':').count() == 3 => {
            let parts: Vec<&str> = p.split(':').collect();
            format!("{}/{}-{}.scope", parts[0], parts[1], parts[2])
        }
        Some(p) => p.to_string(),
    };
    // Never let `..` climb out of the hierarchy.
    path.split('/')
        .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cgroups_path_forms() {
        assert_eq!(
            relative_path(Some("/default/abc"), "abc"),
            Path::new("default/abc")
        );
        assert_eq!(relative_path(None, "abc"), Path::new("kestrel/abc"));
        assert_eq!(relative_path(Some(""), "abc"), Path::new("kestrel/abc"));
        assert_eq!(
            relative_path(Some("system.slice:cri:abc"), "abc"),
            Path::new("system.slice/cri-abc.scope")
        );
        assert_eq!(relative_path(Some("/../../etc"), "x"), Path::new("etc"));
    }
}
