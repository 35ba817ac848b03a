//! Taking on the container process's user (`process.user`: uid, gid, additional gids, umask)
//! once the steps that need root (cgroup, oom score, rlimits) are done, so the module's file
//! access through its preopens is checked as that user, as runc does for native processes.

use serde::{Deserialize, Serialize};

use crate::error::{Result, RunnerError};

/// Who the process runs as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// User ID.
    pub uid: u32,
    /// Group ID.
    pub gid: u32,
    /// Supplementary groups.
    pub additional_gids: Vec<u32>,
    /// File mode creation mask, if set.
    pub umask: Option<u32>,
}

impl Identity {
    /// The identity of an OCI `process.user`.
    pub fn from_oci(user: &oci_spec::runtime::User) -> Identity {
        Identity {
            uid: user.uid(),
            gid: user.gid(),
            additional_gids: user.additional_gids().clone().unwrap_or_default(),
            umask: user.umask(),
        }
    }

    /// Switches this (single-threaded) process to the identity: groups first, then gid, then uid.
    pub fn assume(&self) -> Result<()> {
        let fail = |what: String| RunnerError::io(what, std::io::Error::last_os_error());
        if let Some(mask) = self.umask {
            // SAFETY: umask has no memory-safety preconditions.
            unsafe { libc::umask(mask as libc::mode_t) };
        }
        // SAFETY: the pointer and length describe a live slice of gid_t.
        let rc =
            unsafe { libc::setgroups(self.additional_gids.len(), self.additional_gids.as_ptr()) };
        if rc != 0 {
            return Err(fail(format!(
                "set supplementary groups {:?}",
                self.additional_gids
            )));
        }
        // SAFETY: setgid/setuid have no memory-safety preconditions.
        if unsafe { libc::setgid(self.gid) } != 0 {
            return Err(fail(format!("set gid {}", self.gid)));
        }
        // SAFETY: as above.
        if unsafe { libc::setuid(self.uid) } != 0 {
            return Err(fail(format!("set uid {}", self.uid)));
        }
        Ok(())
    }
}
