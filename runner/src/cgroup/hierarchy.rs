//! Finding the cgroup hierarchies mounted on this machine, v1 (one per controller group, e.g.
//! `/sys/fs/cgroup/memory`) and v2 (unified), from `/proc/self/mountinfo`.

use std::path::PathBuf;

/// One mounted cgroup hierarchy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hierarchy {
    /// Where it is mounted.
    pub mount_point: PathBuf,
    /// Its controllers (v1: from the mount options, e.g. `cpu`, `cpuacct`; v2: from
    /// `cgroup.controllers`), or `name=systemd` for a named hierarchy.
    pub controllers: Vec<String>,
    /// True for cgroup2.
    pub unified: bool,
}

impl Hierarchy {
    /// True when this hierarchy carries `controller`.
    pub fn has(&self, controller: &str) -> bool {
        self.controllers.iter().any(|c| c == controller)
    }
}

/// All cgroup hierarchies mounted in this mount namespace.
pub fn mounted() -> Vec<Hierarchy> {
    std::fs::read_to_string("/proc/self/mountinfo")
        .map(|text| parse_mountinfo(&text))
        .unwrap_or_default()
}

/// Parses mountinfo text into the cgroup hierarchies it lists (each mount point once).
pub fn parse_mountinfo(text: &str) -> Vec<Hierarchy> {
    let mut out: Vec<Hierarchy> = Vec::new();
    for line in text.lines() {
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let left: Vec<&str> = left.split(' ').collect();
        let right: Vec<&str> = right.split(' ').collect();
        let (Some(mount_point), Some(fstype)) = (left.get(4), right.first()) else {
            continue;
        };
        let mount_point = PathBuf::from(mount_point);
        if out.iter().any(|h| h.mount_point == mount_point) {
            continue;
        }
        match *fstype {
            "cgroup" => {
                let options = right.get(2).copied().unwrap_or("");
                let controllers = options
                    .split(',')
                    .filter(|o| {
                        !matches!(
                            *o,
                            "rw" | "ro"
                                | "relatime"
                                | "noatime"
                                | "nosuid"
                                | "nodev"
                                | "noexec"
                                | "clone_children"
                                | "xattr"
                        ) && !o.starts_with("release_agent=")
                    })
                    .map(str::to_string)
                    .collect();
                out.push(Hierarchy {
                    mount_point,
                    controllers,
                    unified: false,
                });
            }
            "cgroup2" => {
                let controllers = std::fs::read_to_string(mount_point.join("cgroup.controllers"))
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                out.push(Hierarchy {
                    mount_point,
                    controllers,
                    unified: true,
                });
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_v1_controllers_and_skips_other_mounts() {
        let text = "\
30 25 0:26 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
31 30 0:27 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
32 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
33 30 0:29 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
";
        let h = parse_mountinfo(text);
        assert_eq!(h.len(), 3);
        assert_eq!(h[0].controllers, ["memory"]);
        assert!(h[1].has("cpu") && h[1].has("cpuacct"));
        assert!(h[2].has("name=systemd"));
        assert!(h.iter().all(|h| !h.unified));
    }
}
