//! Child side of a container process (`kestrel init`, hidden): read the plan from fd 3, close
//! every other inherited fd, become a session leader, take the terminal, join the cgroup, apply
//! rlimits, take on the container's user, report ready on fd 4, wait for `start` on the exec FIFO (init only), then run the
//! wasm module in this very process and exit with its exit code.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};

use super::hooks::{self, HookPoint};
use super::init_plan::{InitPlan, InitReport};
use super::spawn::{PLAN_FD, REPORT_FD};
use super::{console, exec_fifo, fds, rlimits};
use crate::bundle::module_check;
use crate::cgroup::{Cgroup, resources};
use crate::error::{Result, RunnerError};
use crate::logging;
use crate::wasm_exec::run_wasm;

/// Exit code when the module could not be run (compile or link error, trap).
pub const EXIT_WASM_FAILED: i32 = 1;

/// Runs the init; returns the process exit code.
pub fn main_init() -> i32 {
    // SAFETY: fd 3 and fd 4 were set up for us by `spawn` (dup2 in pre_exec); nothing else in
    // this process owns them.
    let mut plan_file = unsafe { std::fs::File::from_raw_fd(PLAN_FD) };
    // SAFETY: as above.
    let mut report = unsafe { std::fs::File::from_raw_fd(REPORT_FD) };
    let _ = rustix::io::fcntl_setfd(&report, rustix::io::FdFlags::CLOEXEC);

    let plan = read_plan(&mut plan_file);
    drop(plan_file);
    let plan = match plan {
        Ok(p) => p,
        Err(e) => return fail(&mut report, &e),
    };
    let mut keep = vec![report.as_raw_fd()];
    keep.extend(logging::file_fd());
    fds::close_fds_above_stdio(&keep);

    if let Err(e) = set_up(&plan) {
        return fail(&mut report, &e);
    }
    let ready = serde_json::to_vec(&InitReport::Ready).unwrap_or_default();
    let _ = report.write_all(&ready);
    drop(report);
    // From here on the process holds only its stdio; failures go to the container's stderr,
    // where the user of the container sees them.
    logging::close_file();

    if let Some(fifo) = &plan.exec_fifo
        && let Err(e) = exec_fifo::wait_for_start(fifo)
    {
        let _ = writeln!(std::io::stderr(), "kestrel: {e}");
        return EXIT_WASM_FAILED;
    }
    if !plan.start_hooks.is_empty() {
        let mut state = plan.hook_state.clone();
        state["pid"] = std::process::id().into();
        if let Err(e) = hooks::run(HookPoint::StartContainer, &plan.start_hooks, &state) {
            let _ = writeln!(std::io::stderr(), "kestrel: {e}");
            return EXIT_WASM_FAILED;
        }
    }
    match run_wasm(&plan.run) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "kestrel: {e}");
            EXIT_WASM_FAILED
        }
    }
}

fn read_plan(file: &mut std::fs::File) -> Result<InitPlan> {
    let mut json = Vec::new();
    file.read_to_end(&mut json)
        .map_err(|e| RunnerError::io("read init plan", e))?;
    serde_json::from_slice(&json).map_err(|e| RunnerError::json("parse init plan", e))
}

fn fail(report: &mut std::fs::File, e: &RunnerError) -> i32 {
    let msg = serde_json::to_vec(&InitReport::Error(e.to_string())).unwrap_or_default();
    let _ = report.write_all(&msg);
    EXIT_WASM_FAILED
}

/// Everything before "ready".
fn set_up(plan: &InitPlan) -> Result<()> {
    // Already a session leader is fine; anything else means setsid failed for real.
    let _ = rustix::process::setsid();
    if let Some(socket) = &plan.console_socket {
        console::send_console(socket, plan.console_size)?.attach()?;
    }
    let cgroup = Cgroup::for_container(plan.cgroups_path.as_deref(), &plan.container_id);
    let warnings = if plan.create_cgroup {
        let mut w = cgroup.create_and_join(0);
        if let Some(res) = &plan.resources {
            w.extend(resources::apply(&cgroup, res)?);
        }
        w
    } else {
        cgroup.join(0)
    };
    for w in warnings {
        logging::warn(&format!("container {}: {w}", plan.container_id));
    }
    if let Some(adj) = plan.oom_score_adj
        && let Err(e) = std::fs::write("/proc/self/oom_score_adj", adj.to_string())
    {
        // Lowering the score needs CAP_SYS_RESOURCE, which root in a container may lack.
        logging::warn(&format!(
            "container {}: cannot set oom_score_adj to {adj}: {e}",
            plan.container_id
        ));
    }
    rlimits::apply(&plan.rlimits)?;
    plan.user.assume()?;
    if plan.no_new_privileges {
        rustix::thread::set_no_new_privs(true)
            .map_err(|e| RunnerError::io("set no_new_privs", e))?;
    }
    module_check::check(&plan.run.module)
}
