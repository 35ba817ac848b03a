//! `events [--stats] [--interval SECONDS] ID`: the container's resource usage from its cgroup, in
//! runc's event shape (`{"type":"stats","id":...,"data":{...}}`); once with `--stats`, otherwise
//! every interval until the container stops.

use std::time::Duration;

use super::Context;
use crate::cgroup::stats;
use crate::cli::EventsArgs;
use crate::error::{Result, RunnerError};
use crate::state::status::Status;

/// Runs `events`.
pub fn run(ctx: &Context, args: &EventsArgs) -> Result<i32> {
    let c = ctx.container(&args.id)?;
    let interval = humantime::parse_duration(&args.interval)
        .or_else(|_| args.interval.parse::<u64>().map(Duration::from_secs))
        .map_err(|_| RunnerError::Usage(format!("invalid --interval \"{}\"", args.interval)))?;
    if interval.is_zero() {
        return Err(RunnerError::Usage("--interval must be above zero".into()));
    }
    loop {
        if c.status() == Status::Stopped {
            if args.stats {
                return Err(RunnerError::WrongStatus {
                    id: args.id.clone(),
                    action: "get stats of",
                    status: "stopped".into(),
                });
            }
            return Ok(0);
        }
        let event =
            serde_json::json!({ "type": "stats", "id": args.id, "data": stats::read(&c.cgroup()) });
        println!("{event}");
        if args.stats {
            return Ok(0);
        }
        std::thread::sleep(interval);
    }
}
