//! Writing `linux.resources` (from config.json at `create`, or `update --resources`) into the
//! container's cgroup files: memory, swap, CPU shares/quota/period, cpuset, pids. v1 file names
//! where the v1 controller is mounted, v2 names otherwise.

use std::path::Path;

use oci_spec::runtime::LinuxResources;

use super::Cgroup;
use crate::error::{Result, RunnerError};

/// One cgroup file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// Controller (v1) that carries the file.
    pub controller: &'static str,
    /// v1 file name.
    pub v1_file: &'static str,
    /// v2 file name and value, where v2 has an equivalent.
    pub v2: Option<(&'static str, String)>,
    /// v1 value.
    pub value: String,
}

/// The settings `resources` asks for, in the order they must be written.
pub fn settings(resources: &LinuxResources) -> Vec<Setting> {
    let mut out = Vec::new();
    let mut push = |controller, v1_file, value: String, v2: Option<(&'static str, String)>| {
        out.push(Setting {
            controller,
            v1_file,
            v2,
            value,
        })
    };
    if let Some(mem) = resources.memory() {
        if let Some(limit) = mem.limit() {
            let v2 = if limit > 0 {
                limit.to_string()
            } else {
                "max".into()
            };
            push(
                "memory",
                "memory.limit_in_bytes",
                limit.to_string(),
                Some(("memory.max", v2)),
            );
        }
        if let Some(swap) = mem.swap() {
            // v1 memsw is memory+swap; v2 swap.max is swap alone.
            let v2 = match (swap, mem.limit()) {
                (s, _) if s <= 0 => "max".to_string(),
                (s, Some(l)) if l > 0 => (s - l).max(0).to_string(),
                (s, _) => s.to_string(),
            };
            push(
                "memory",
                "memory.memsw.limit_in_bytes",
                swap.to_string(),
                Some(("memory.swap.max", v2)),
            );
        }
        if let Some(res) = mem.reservation() {
            push(
                "memory",
                "memory.soft_limit_in_bytes",
                res.to_string(),
                Some(("memory.low", res.to_string())),
            );
        }
    }
    if let Some(cpu) = resources.cpu() {
        if let Some(shares) = cpu.shares() {
            // The kernel's conversion of shares [2, 262144] to weight [1, 10000].
            let weight = 1 + ((shares.clamp(2, 262_144) - 2) * 9999) / 262_142;
            push(
                "cpu",
                "cpu.shares",
                shares.to_string(),
                Some(("cpu.weight", weight.to_string())),
            );
        }
        if let Some(period) = cpu.period() {
            push("cpu", "cpu.cfs_period_us", period.to_string(), None);
        }
        if let Some(quota) = cpu.quota() {
            let period = cpu.period().unwrap_or(100_000);
            let v2 = if quota > 0 {
                format!("{quota} {period}")
            } else {
                format!("max {period}")
            };
            push(
                "cpu",
                "cpu.cfs_quota_us",
                quota.to_string(),
                Some(("cpu.max", v2)),
            );
        }
        if let Some(cpus) = cpu.cpus().as_ref().filter(|c| !c.is_empty()) {
            push(
                "cpuset",
                "cpuset.cpus",
                cpus.clone(),
                Some(("cpuset.cpus", cpus.clone())),
            );
        }
        if let Some(mems) = cpu.mems().as_ref().filter(|m| !m.is_empty()) {
            push(
                "cpuset",
                "cpuset.mems",
                mems.clone(),
                Some(("cpuset.mems", mems.clone())),
            );
        }
    }
    if let Some(pids) = resources.pids() {
        let value = if pids.limit() > 0 {
            pids.limit().to_string()
        } else {
            "max".into()
        };
        push("pids", "pids.max", value.clone(), Some(("pids.max", value)));
    }
    out
}

/// Applies `resources` to `cgroup`. Settings whose controller is not mounted are returned as
/// warnings; a write the kernel refuses is an error.
pub fn apply(cgroup: &Cgroup, resources: &LinuxResources) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    for s in settings(resources) {
        if let Some(dir) = cgroup.controller_dir(s.controller) {
            let file = dir.join(s.v1_file);
            if !file.exists() {
                warnings.push(format!("{} is not supported here, skipped", file.display()));
                continue;
            }
            write_memory_aware(&dir, s.v1_file, &s.value)?;
        } else if let Some((name, value)) = s.v2.as_ref().and_then(|v2| {
            cgroup
                .unified_dir()
                .filter(|d| d.join(v2.0).exists())
                .map(|d| (d.join(v2.0), v2.1.clone()))
        }) {
            std::fs::write(&name, &value)
                .map_err(|e| RunnerError::io(format!("write {value} to {}", name.display()), e))?;
        } else {
            warnings.push(format!(
                "cgroup controller {} is not available: {} not applied",
                s.controller, s.v1_file
            ));
        }
    }
    Ok(warnings)
}

/// Writes a v1 file; for the memory limit, retries after raising memsw when the kernel refuses
/// a limit above the current memory+swap limit (the order matters when both grow).
fn write_memory_aware(dir: &Path, file: &str, value: &str) -> Result<()> {
    let path = dir.join(file);
    match std::fs::write(&path, value) {
        Ok(()) => Ok(()),
        Err(e) if file == "memory.limit_in_bytes" && e.raw_os_error() == Some(libc::EINVAL) => {
            let memsw = dir.join("memory.memsw.limit_in_bytes");
            std::fs::write(&memsw, value)
                .and_then(|()| std::fs::write(&path, value))
                .map_err(|e| RunnerError::io(format!("write {value} to {}", path.display()), e))
        }
        Err(e) => Err(RunnerError::io(
            format!("write {value} to {}", path.display()),
            e,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cri_update_becomes_v1_and_v2_settings() {
        let json = r#"{"memory":{"limit":134217728,"swap":134217728},"cpu":{"shares":512},"pids":{"limit":0}}"#;
        let r: LinuxResources = serde_json::from_str(json).unwrap();
        let s = settings(&r);
        let files: Vec<_> = s.iter().map(|s| (s.v1_file, s.value.as_str())).collect();
        assert_eq!(
            files,
            [
                ("memory.limit_in_bytes", "134217728"),
                ("memory.memsw.limit_in_bytes", "134217728"),
                ("cpu.shares", "512"),
                ("pids.max", "max"),
            ]
        );
        assert_eq!(s[1].v2, Some(("memory.swap.max", "0".to_string())));
        assert_eq!(s[2].v2.as_ref().unwrap().1, "20");
    }
}
