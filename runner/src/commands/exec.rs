//! `exec`: run another process in a running container. In a wasm container that process must
//! be a wasm module too: libcontainer starts it in the container's namespaces, cgroup and
//! privileges, and it runs against the container's root; a native command gets a clear error.
//! runc containers get runc's exec.

use libcontainer::container::ContainerStatus;
use libcontainer::container::builder::ContainerBuilder;
use libcontainer::syscall::syscall::SyscallType;
use oci_spec::runtime::Process;

use super::{Context, failed};
use crate::bundle::workload::{Workload, classify_process, marked_wasm};
use crate::bundle::{Bundle, absolute, wasm_plan};
use crate::cli::ExecArgs;
use crate::container::executor::WasmExecutor;
use crate::container::{foreground, reroot};
use crate::error::{Result, RunnerError};

/// Runs `exec`; without `--detach`, waits and returns the process's exit status.
pub fn run(ctx: &Context, args: &ExecArgs) -> Result<i32> {
    let c = ctx.container(&args.id)?;
    match c.status() {
        ContainerStatus::Running | ContainerStatus::Created => {}
        status => {
            return Err(RunnerError::WrongStatus {
                id: args.id.clone(),
                action: "exec in",
                status: crate::container::oci_state::status_name(status).into(),
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
    let run = reroot::inside(
        wasm_plan::plan(&bundle, &process, &module)?,
        &bundle.rootfs()?,
    );
    let pid_file = args.pid_file.as_deref().map(absolute).transpose()?;
    let console_socket = if terminal {
        args.console_socket.as_deref().map(absolute).transpose()?
    } else {
        None
    };
    // libcontainer reads the process (args, env, cwd, user, terminal, capabilities) from a
    // file, as runc's `--process`; it lives in the container's state directory while it starts.
    let process_file = c.root.join(format!("exec-{}.json", std::process::id()));
    let text =
        serde_json::to_vec(&process).map_err(|e| RunnerError::json("serialize process", e))?;
    std::fs::write(&process_file, text)
        .map_err(|e| RunnerError::io(format!("write {}", process_file.display()), e))?;
    let fail = |e: &dyn std::error::Error| failed(&args.id, "exec in", e);
    let built = ContainerBuilder::new(args.id.clone(), SyscallType::default())
        .with_executor(WasmExecutor::new(run))
        .with_root_path(&ctx.root.path)
        .map_err(|e| fail(&e))
        .and_then(|b| b.with_pid_file(pid_file).map_err(|e| fail(&e)))
        .and_then(|b| {
            b.with_console_socket(console_socket)
                .as_tenant()
                .with_process(Some(&process_file))
                .with_no_new_privs(args.no_new_privs)
                .with_detach(args.detach)
                .build()
                .map_err(|e| fail(&e))
        });
    let _ = std::fs::remove_file(&process_file);
    let pid = built?.as_raw();
    if args.detach {
        return Ok(0);
    }
    foreground::wait(pid).map_err(|e| RunnerError::io("wait for the exec process", e))
}

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
