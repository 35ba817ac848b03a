//! A container's cgroup, through libcgroups (libcontainer's cgroup library, v1 and v2): the
//! manager for the path libcontainer recorded when it created the container. `ps` lists its
//! processes and `update` applies new limits through it.

use libcgroups::common::{AnyCgroupManager, CgroupConfig, create_cgroup_manager};
use libcontainer::config::YoukiConfig;
use libcontainer::container::Container;

use crate::container::describe;
use crate::error::{Result, RunnerError};

/// The cgroup manager of `c`.
pub fn manager(c: &Container) -> Result<AnyCgroupManager> {
    let config = YoukiConfig::load(&c.root)
        .map_err(|e| RunnerError::Container(format!("container {}: {}", c.id(), describe(&e))))?;
    create_cgroup_manager(CgroupConfig {
        cgroup_path: config.cgroup_path,
        systemd_cgroup: c.systemd(),
        container_name: c.id().to_string(),
    })
    .map_err(|e| {
        RunnerError::Container(format!("cgroup of container {}: {}", c.id(), describe(&e)))
    })
}
