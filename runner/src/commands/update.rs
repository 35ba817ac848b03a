//! `update [--resources FILE|-] [--memory ...] ID`: change the cgroup limits of a container
//! (CRI sends the resources JSON on stdin). Flags override the file.

use std::io::Read;

use oci_spec::runtime::{LinuxCpu, LinuxMemory, LinuxPids, LinuxResources};

use libcgroups::common::{CgroupManager, ControllerOpt};

use super::{Context, failed};
use crate::cli::UpdateArgs;
use crate::container::cgroup;
use crate::error::{Result, RunnerError};

/// Runs `update`.
pub fn run(ctx: &Context, args: &UpdateArgs) -> Result<i32> {
    let c = ctx.container(&args.id)?;
    let res = requested(args)?;
    let manager = cgroup::manager(&c)?;
    manager
        .apply(&ControllerOpt {
            resources: &res,
            disable_oom_killer: false,
            oom_score_adj: None,
            freezer_state: None,
        })
        .map_err(|e| failed(&args.id, "update the cgroup of", &e))?;
    Ok(0)
}

/// The resources asked for by `--resources` and the flags.
pub fn requested(args: &UpdateArgs) -> Result<LinuxResources> {
    let mut res: LinuxResources = match args.resources.as_deref() {
        None => LinuxResources::default(),
        Some(src) => {
            let mut text = Vec::new();
            if src == "-" {
                std::io::stdin()
                    .read_to_end(&mut text)
                    .map_err(|e| RunnerError::io("read resources from stdin", e))?;
            } else {
                text = std::fs::read(src)
                    .map_err(|e| RunnerError::io(format!("read resources file {src}"), e))?;
            }
            serde_json::from_slice(&text)
                .map_err(|e| RunnerError::json("parse resources JSON", e))?
        }
    };
    let mut memory: LinuxMemory = (*res.memory()).unwrap_or_default();
    if let Some(m) = &args.memory {
        memory.set_limit(Some(parse_bytes(m)?));
    }
    if let Some(m) = &args.memory_swap {
        memory.set_swap(Some(parse_bytes(m)?));
    }
    if let Some(m) = &args.memory_reservation {
        memory.set_reservation(Some(parse_bytes(m)?));
    }
    if memory != LinuxMemory::default() {
        res.set_memory(Some(memory));
    }
    let mut cpu: LinuxCpu = res.cpu().clone().unwrap_or_default();
    if args.cpu_shares.is_some() {
        cpu.set_shares(args.cpu_shares);
    }
    if args.cpu_quota.is_some() {
        cpu.set_quota(args.cpu_quota);
    }
    if args.cpu_period.is_some() {
        cpu.set_period(args.cpu_period);
    }
    if args.cpuset_cpus.is_some() {
        cpu.set_cpus(args.cpuset_cpus.clone());
    }
    if args.cpuset_mems.is_some() {
        cpu.set_mems(args.cpuset_mems.clone());
    }
    if cpu != LinuxCpu::default() {
        res.set_cpu(Some(cpu));
    }
    if let Some(limit) = args.pids_limit {
        let mut pids = LinuxPids::default();
        pids.set_limit(limit);
        res.set_pids(Some(pids));
    }
    Ok(res)
}

/// Parses `1048576`, `512k`, `128m`, `1g` (binary units), or `-1`.
pub fn parse_bytes(text: &str) -> Result<i64> {
    let t = text.trim().to_ascii_lowercase();
    if t == "-1" {
        return Ok(-1);
    }
    let t = t.strip_suffix('b').unwrap_or(&t);
    let (num, mult) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1i64 << 10),
        Some('m') => (&t[..t.len() - 1], 1 << 20),
        Some('g') => (&t[..t.len() - 1], 1 << 30),
        Some('t') => (&t[..t.len() - 1], 1 << 40),
        _ => (t, 1),
    };
    num.parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .filter(|&n| n >= 0)
        .ok_or_else(|| RunnerError::Usage(format!("invalid size \"{text}\"")))
}

#[cfg(test)]
mod tests {
    use super::parse_bytes;

    #[test]
    fn sizes() {
        assert_eq!(parse_bytes("1048576").unwrap(), 1 << 20);
        assert_eq!(parse_bytes("128m").unwrap(), 128 << 20);
        assert_eq!(parse_bytes("1G").unwrap(), 1 << 30);
        assert_eq!(parse_bytes("-1").unwrap(), -1);
        assert!(parse_bytes("lots").is_err());
        assert!(parse_bytes("-5").is_err());
    }
}
