//! Applying the OCI `process.rlimits` to the container's process (containerd always sets
//! `RLIMIT_NOFILE`).

use oci_spec::runtime::{PosixRlimit, PosixRlimitType};
use rustix::process::{Resource, Rlimit, setrlimit};

use crate::error::{Result, RunnerError};

/// The rustix resource for an OCI rlimit type.
pub fn resource(typ: PosixRlimitType) -> Resource {
    match typ {
        PosixRlimitType::RlimitCpu => Resource::Cpu,
        PosixRlimitType::RlimitFsize => Resource::Fsize,
        PosixRlimitType::RlimitData => Resource::Data,
        PosixRlimitType::RlimitStack => Resource::Stack,
        PosixRlimitType::RlimitCore => Resource::Core,
        PosixRlimitType::RlimitRss => Resource::Rss,
        PosixRlimitType::RlimitNproc => Resource::Nproc,
        PosixRlimitType::RlimitNofile => Resource::Nofile,
        PosixRlimitType::RlimitMemlock => Resource::Memlock,
        PosixRlimitType::RlimitAs => Resource::As,
        PosixRlimitType::RlimitLocks => Resource::Locks,
        PosixRlimitType::RlimitSigpending => Resource::Sigpending,
        PosixRlimitType::RlimitMsgqueue => Resource::Msgqueue,
        PosixRlimitType::RlimitNice => Resource::Nice,
        PosixRlimitType::RlimitRtprio => Resource::Rtprio,
        PosixRlimitType::RlimitRttime => Resource::Rttime,
    }
}

/// Sets every limit in `limits` on this process.
pub fn apply(limits: &[PosixRlimit]) -> Result<()> {
    for limit in limits {
        let value = Rlimit {
            current: Some(limit.soft()),
            maximum: Some(limit.hard()),
        };
        setrlimit(resource(limit.typ()), value).map_err(|e| {
            RunnerError::io(
                format!(
                    "set rlimit {:?} to soft {} hard {}",
                    limit.typ(),
                    limit.soft(),
                    limit.hard()
                ),
                e,
            )
        })?;
    }
    Ok(())
}
