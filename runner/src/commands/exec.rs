//! `exec`: run another process in a running container. In a wasm container that process must
//! be a wasm module too: it runs against the container's rootfs and mounts, in its cgroup; a
//! native command gets a clear error. runc containers get runc's exec.

use std::os::unix::process::ExitStatusExt;

use oci_spec::runtime::Process;

use super::Context;
use crate::atomic_file::write_atomic;
use crate::bundle::workload::{Workload, classify_process, marked_wasm};
use crate::bundle::{Bundle, absolute, wasm_plan};
use crate::cli::ExecArgs;
use crate::error::{Result, RunnerError};
use crate::process::identity::Identity;
use crate::process::init_plan::InitPlan;
use crate::process::spawn;
use crate::state::status::Status;

/// Runs `exec`.
pub fn run(ctx: &Context, args: &ExecArgs) -> Result<i32> {
    let c = ctx.container(&args.id)?;
    match c.status() {
        Status::Running | Status::Created => {}
        status => {
            return Err(RunnerError::WrongStatus {
                id: args.id.clone(),
                action: "exec in",
                status: status.to_string(),
            });
        }
    }
    if args.preserve_fds > 0 {
        return Err(RunnerError::Unsupported(
            "--preserve-fds is not supported for wasm containers".into(),
        ));
    }
    let bundle = Bundle::load(&c.state.bundle)?;
    let process = exec_process(&bundle, args)?;
    let terminal = process.terminal().unwrap_or(false);
    if terminal && args.console_socket.is_none() {
        return Err(RunnerError::Usage(
            "a terminal was requested but no --console-socket was given".into(),
        ));
    }
    let module = match classify_process(&bundle, &process, marked_wasm(&bundle)) {
        Ok(Workload::Wasm { module }) => module,
        Ok(Workload::Native) | Err(_) => {
            let arg0 = process
                .args()
                .as_ref()
                .and_then(|a| a.first().cloned())
                .unwrap_or_default();
            return Err(RunnerError::Unsupported(format!(
                "cannot exec \"{arg0}\" in wasm container \"{}\": it is not a wasm module in the \
                 container's rootfs; a wasm container can only exec wasm modules",
                args.id
            )));
        }
    };
    let pid_file = args.pid_file.as_deref().map(absolute).transpose()?;
    let plan = InitPlan {
        container_id: args.id.clone(),
        run: wasm_plan::plan(&bundle, &process, &module)?,
        exec_fifo: None,
        console_socket: if terminal {
            args.console_socket.as_deref().map(absolute).transpose()?
        } else {
            None
        },
        console_size: process
            .console_size()
            .map(|b| (b.height() as u16, b.width() as u16)),
        cgroups_path: c.state.cgroups_path.clone(),
        create_cgroup: false,
        resources: None,
        rlimits: process.rlimits().clone().unwrap_or_default(),
        oom_score_adj: None,
        user: Identity::from_oci(process.user()),
        start_hooks: Vec::new(),
        hook_state: serde_json::Value::Null,
        no_new_privileges: process.no_new_privileges().unwrap_or(false) || args.no_new_privs,
    };
    let mut child = spawn::spawn(&ctx.global, &plan)?;
    let pid = child.id() as i32;
    c.add_exec(pid)?;
    if let Some(f) = &pid_file {
        write_atomic(f, pid.to_string().as_bytes())?;
    }
    if args.detach {
        return Ok(0);
    }
    let status = child
        .wait()
        .map_err(|e| RunnerError::io("wait for the exec process", e))?;
    Ok(status
        .code()
        .or_else(|| status.signal().map(|s| 128 + s))
        .unwrap_or(1))
}

/// The process to run: the `--process` file, or the container's process with the command line,
/// `--env`, `--cwd` and `--tty` applied.
fn exec_process(bundle: &Bundle, args: &ExecArgs) -> Result<Process> {
    if let Some(file) = &args.process {
        let text = std::fs::read(file)
            .map_err(|e| RunnerError::io(format!("read process file {}", file.display()), e))?;
        return serde_json::from_slice(&text)
            .map_err(|e| RunnerError::json(format!("parse process file {}", file.display()), e));
    }
    if args.command.is_empty() {
        return Err(RunnerError::Usage(
            "exec needs a command, or --process FILE".into(),
        ));
    }
    let mut process = bundle.spec.process().clone().unwrap_or_default();
    process.set_args(Some(args.command.clone()));
    let mut env = process.env().clone().unwrap_or_default();
    env.extend(args.env.iter().cloned());
    process.set_env(Some(env));
    if let Some(cwd) = &args.cwd {
        process.set_cwd(cwd.into());
    }
    process.set_terminal(Some(args.tty));
    Ok(process)
}
