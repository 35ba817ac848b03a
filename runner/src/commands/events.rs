//! `events [--stats] [--interval DURATION] ID`: the container's resource usage from its cgroup
//! (libcgroups' statistics), in runc's event shape (`{"type":"stats","id":...,"data":{...}}`);
//! once with `--stats`, otherwise every interval until the container stops.

use std::time::Duration;

use libcgroups::common::CgroupManager;
use libcgroups::stats::{MemoryData, Stats};
use libcontainer::container::ContainerStatus;
use serde_json::{Value, json};

use super::{Context, failed};
use crate::cli::EventsArgs;
use crate::container::cgroup;
use crate::error::{Result, RunnerError};

/// Runs `events`.
pub fn run(ctx: &Context, args: &EventsArgs) -> Result<i32> {
    let mut c = ctx.container(&args.id)?;
    let interval = humantime::parse_duration(&args.interval)
        .or_else(|_| args.interval.parse::<u64>().map(Duration::from_secs))
        .map_err(|_| RunnerError::Usage(format!("invalid --interval \"{}\"", args.interval)))?;
    if interval.is_zero() {
        return Err(RunnerError::Usage("--interval must be above zero".into()));
    }
    let manager = cgroup::manager(&c)?;
    loop {
        c.refresh_status()
            .map_err(|e| failed(&args.id, "read the state of", &e))?;
        if c.status() == ContainerStatus::Stopped {
            if args.stats {
                return Err(RunnerError::WrongStatus {
                    id: args.id.clone(),
                    action: "get stats of",
                    status: "stopped".into(),
                });
            }
            return Ok(0);
        }
        let stats = manager
            .stats()
            .map_err(|e| failed(&args.id, "read the cgroup statistics of", &e))?;
        let event = json!({ "type": "stats", "id": args.id, "data": runc_stats(&stats) });
        println!("{event}");
        if args.stats {
            return Ok(0);
        }
        std::thread::sleep(interval);
    }
}

/// libcgroups' statistics under runc's names (`types.Stats` of runc's events).
fn runc_stats(s: &Stats) -> Value {
    let memory = |m: &MemoryData| json!({ "usage": m.usage, "max": m.max_usage, "failcnt": m.fail_count, "limit": m.limit });
    json!({
        "cpu": {
            "usage": {
                "total": s.cpu.usage.usage_total,
                "percpu": s.cpu.usage.per_core_usage_total,
                "kernel": s.cpu.usage.usage_kernel,
                "user": s.cpu.usage.usage_user,
            },
            "throttling": {
                "periods": s.cpu.throttling.periods,
                "throttledPeriods": s.cpu.throttling.throttled_periods,
                "throttledTime": s.cpu.throttling.throttled_time,
            },
        },
        "memory": {
            "cache": s.memory.cache,
            "usage": memory(&s.memory.memory),
            "swap": memory(&s.memory.memswap),
            "kernel": memory(&s.memory.kernel),
            "kernelTCP": memory(&s.memory.kernel_tcp),
            "raw": s.memory.stats,
        },
        "pids": { "current": s.pids.current, "limit": s.pids.limit },
        "hugetlb": s.hugetlb.iter().map(|(size, h)| {
            (size.clone(), json!({ "usage": h.usage, "max": h.max_usage, "failcnt": h.fail_count }))
        }).collect::<serde_json::Map<String, Value>>(),
    })
}
