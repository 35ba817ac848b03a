//! Wasm containers as youki's `libcontainer` builds them. The library owns everything a
//! container is made of (the state directory, the init and intermediate processes, namespaces
//! created or joined, the private mount namespace with the rootfs and `pivot_root`, masked and
//! read-only paths, sysctls, user and group mappings, capabilities, `noNewPrivileges`, the
//! seccomp profile, rlimits, the cgroup, the hooks, the console); Kestrel supplies the workload:
//! [`executor::WasmExecutor`] runs the module in the fully built container's init, in place of
//! the `execve` a native runtime would do.
//!
//! The rest is glue between runc's command line and the library: [`reroot`] turns the run planned
//! from the bundle (host paths) into the same run seen from inside the container's root,
//! [`oci_state`] prints runc's state document, [`cgroup`] reaches a container's cgroup for `ps`
//! and `update`, [`foreground`] waits for a process `run` or `exec` started in the foreground,
//! and [`describe`] turns the library's errors into one readable line.

pub mod cgroup;
pub mod executor;
pub mod foreground;
pub mod library_log;
pub mod loopback;
pub mod oci_state;
pub mod reroot;

use std::error::Error;

/// The error and every cause under it, joined by ": " (libcontainer's own messages name the
/// step that failed and leave the reason to their sources).
pub fn describe(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let line = e.to_string();
        if !text.ends_with(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        source = e.source();
    }
    text
}

/// Whether this build applies `linux.seccomp` (libcontainer with libseccomp: every target but
/// riscv64, for which Debian has no libseccomp to link). Without it a profile is refused at
/// `create`, never silently skipped.
pub const SECCOMP: bool = cfg!(not(target_arch = "riscv64"));
