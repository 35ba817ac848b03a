//! Parent side of starting a container process: re-execute this binary as `kestrel init` with
//! the plan on fd 3 and a report pipe on fd 4, and wait until the child says it is ready.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};

use rustix::io::fcntl_dupfd_cloexec;
use rustix::pipe::{PipeFlags, pipe_with};

use super::init_plan::{InitPlan, InitReport};
use crate::cli::GlobalArgs;
use crate::error::{Result, RunnerError};
use crate::logging::LogFormat;

/// fd on which the child reads its plan.
pub const PLAN_FD: i32 = 3;
/// fd on which the child writes its report.
pub const REPORT_FD: i32 = 4;

/// Starts `kestrel init` for `plan` and waits for it to be ready. On failure the child has
/// exited (and been reaped) and its message is returned.
pub fn spawn(global: &GlobalArgs, plan: &InitPlan) -> Result<Child> {
    let err = |what: &str, e: rustix::io::Errno| RunnerError::io(what.to_string(), e);
    let (plan_r, plan_w) = pipe_with(PipeFlags::CLOEXEC).map_err(|e| err("create plan pipe", e))?;
    let (report_r, report_w) =
        pipe_with(PipeFlags::CLOEXEC).map_err(|e| err("create report pipe", e))?;
    // Move the child's ends above any fd number they will be dup'ed to, so neither dup2 in the
    // child can clobber the other's source.
    let plan_child: OwnedFd = fcntl_dupfd_cloexec(&plan_r, 10).map_err(|e| err("dup fd", e))?;
    let report_child: OwnedFd = fcntl_dupfd_cloexec(&report_w, 10).map_err(|e| err("dup fd", e))?;
    drop((plan_r, report_w));
    let (plan_src, report_src) = (plan_child.as_raw_fd(), report_child.as_raw_fd());

    let mut cmd = Command::new("/proc/self/exe");
    cmd.arg0("kestrel");
    cmd.arg("--root").arg(&global.root);
    if let Some(log) = &global.log {
        cmd.arg("--log").arg(log);
    }
    cmd.arg("--log-format").arg(match global.log_format {
        LogFormat::Json => "json",
        LogFormat::Text => "text",
    });
    if global.debug {
        cmd.arg("--debug");
    }
    cmd.arg("init").arg(&plan.container_id);
    // SAFETY: between fork and exec only async-signal-safe calls are made (dup2), on fds this
    // function owns; dup2 clears FD_CLOEXEC on the targets so exactly these two are inherited.
    unsafe {
        cmd.pre_exec(move || {
            if libc::dup2(plan_src, PLAN_FD) < 0 || libc::dup2(report_src, REPORT_FD) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| RunnerError::io("start the container init (kestrel init)", e))?;
    drop((plan_child, report_child));

    let json = serde_json::to_vec(plan).map_err(|e| RunnerError::json("serialize init plan", e))?;
    let mut plan_w = std::fs::File::from(plan_w);
    // A child that died early closes its end: the write fails and the report says why.
    let _ = plan_w.write_all(&json);
    drop(plan_w);

    let mut report = Vec::new();
    let _ = std::fs::File::from(report_r).read_to_end(&mut report);
    match serde_json::from_slice::<InitReport>(&report) {
        Ok(InitReport::Ready) => Ok(child),
        Ok(InitReport::Error(msg)) => {
            let _ = child.wait();
            Err(RunnerError::InitFailed(msg))
        }
        Err(_) => {
            let status = child.wait().map(|s| s.to_string()).unwrap_or_default();
            Err(RunnerError::InitFailed(format!(
                "the init process exited ({status}) before reporting it was ready"
            )))
        }
    }
}
