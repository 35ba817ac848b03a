//! `ps [--format table|json] ID [PS_ARGS]`: the container's processes. JSON is the list of pids
//! (what containerd's shim reads); the table is ps(1)'s output (default `-ef`) for those pids.

use std::process::Command;

use libcgroups::common::CgroupManager;

use super::{Context, failed};
use crate::cli::{ListFormat, PsArgs};
use crate::container::cgroup;
use crate::error::{Result, RunnerError};

/// Runs `ps`.
pub fn run(ctx: &Context, args: &PsArgs) -> Result<i32> {
    let c = ctx.container(&args.id)?;
    let pids: Vec<i32> = cgroup::manager(&c)?
        .get_all_pids()
        .map_err(|e| failed(&args.id, "list the processes of", &e))?
        .into_iter()
        .map(|p| p.as_raw())
        .collect();
    match args.format {
        ListFormat::Json => {
            println!("{}", serde_json::Value::from(pids));
        }
        ListFormat::Table => {
            let ps_args = if args.ps_args.is_empty() {
                vec!["-ef".to_string()]
            } else {
                args.ps_args.clone()
            };
            let out = Command::new("ps")
                .args(&ps_args)
                .output()
                .map_err(|e| RunnerError::io("run ps", e))?;
            if !out.status.success() {
                return Err(RunnerError::Usage(format!(
                    "ps {}: {}",
                    ps_args.join(" "),
                    String::from_utf8_lossy(&out.stderr).trim()
                )));
            }
            print!(
                "{}",
                filter_ps_table(&String::from_utf8_lossy(&out.stdout), &pids)?
            );
        }
    }
    Ok(0)
}

/// Keeps the header and the rows whose PID column is one of `pids`.
pub fn filter_ps_table(table: &str, pids: &[i32]) -> Result<String> {
    let mut lines = table.lines();
    let header = lines.next().unwrap_or_default();
    let column = header
        .split_whitespace()
        .position(|h| h == "PID")
        .ok_or_else(|| RunnerError::Usage("ps output has no PID column".into()))?;
    let mut out = format!("{header}\n");
    for line in lines {
        let pid: Option<i32> = line
            .split_whitespace()
            .nth(column)
            .and_then(|p| p.parse().ok());
        if pid.is_some_and(|p| pids.contains(&p)) {
            out.push_str(line);
            out.push('\n');
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::filter_ps_table;

    #[test]
    fn keeps_header_and_container_rows() {
        let t = "UID PID PPID C STIME TTY TIME CMD\nroot 1 0 0 10:00 ? 00:00:00 init\nroot 42 1 0 10:00 ? 00:00:00 kestrel init x\n";
        assert_eq!(
            filter_ps_table(t, &[42]).unwrap(),
            "UID PID PPID C STIME TTY TIME CMD\nroot 42 1 0 10:00 ? 00:00:00 kestrel init x\n"
        );
    }
}
