//! The state document of `kestrel state` and `kestrel list`, in runc's shape (what containerd's
//! shim parses): `ociVersion`, `id`, `pid` (0 once stopped), `status` in lower case, `bundle`,
//! `rootfs`, `created` (RFC 3339), `owner`, `annotations`; taken from libcontainer's state.

use libcontainer::container::{Container, ContainerStatus};
use serde_json::{Value, json};

use crate::bundle::Bundle;

/// runc's name for a status.
pub fn status_name(status: ContainerStatus) -> &'static str {
    match status {
        ContainerStatus::Creating => "creating",
        ContainerStatus::Created => "created",
        ContainerStatus::Running => "running",
        ContainerStatus::Stopped => "stopped",
        ContainerStatus::Paused => "paused",
    }
}

/// The state document of `c` (whose status the caller has refreshed).
pub fn document(c: &Container) -> Value {
    let state = &c.state;
    let status = c.status();
    let pid = match status {
        ContainerStatus::Stopped => 0,
        _ => state.pid.unwrap_or(0),
    };
    let rootfs = Bundle::load(&state.bundle)
        .and_then(|b| b.rootfs())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let owner = match state.creator {
        Some(0) | None => "root".to_string(),
        Some(uid) => uid.to_string(),
    };
    json!({
        "ociVersion": crate::OCI_VERSION,
        "id": state.id,
        "pid": pid,
        "status": status_name(status),
        "bundle": state.bundle,
        "rootfs": rootfs,
        "created": state
            .created
            .map(|t| humantime::format_rfc3339_nanos(t.into()).to_string()),
        "owner": owner,
        "annotations": state.annotations.clone().unwrap_or_default(),
    })
}
