//! `create`: set a container up and hold it until `start`. Native containers go to runc; for a
//! wasm container the init is forked (see [`crate::process`]), the pid file written (decimal,
//! no newline, atomically) and the command returns while the init waits on the exec FIFO.

use std::path::Path;
use std::process::Child;
use std::time::SystemTime;

use super::Context;
use crate::atomic_file::write_atomic;
use crate::bundle::workload::{Workload, classify};
use crate::bundle::{Bundle, absolute, wasm_plan};
use crate::cgroup::Cgroup;
use crate::cli::CreateArgs;
use crate::error::{Result, RunnerError};
use crate::process::hooks::{self, HookPoint};
use crate::process::identity::Identity;
use crate::process::init_plan::InitPlan;
use crate::process::proc_stat::ProcStat;
use crate::process::{exec_fifo, spawn};
use crate::state::Location;
use crate::state::container::{Container, ContainerState};

/// Runs `create`.
pub fn run(ctx: &Context, args: &CreateArgs) -> Result<i32> {
    let (_container, _child) = create(ctx, args)?;
    Ok(0)
}

/// Creates the container; returns it and its init child (for `run`, which waits on it).
pub fn create(ctx: &Context, args: &CreateArgs) -> Result<(Container, Child)> {
    crate::state::container_id::validate(&args.id)?;
    if !matches!(ctx.root.locate(&args.id)?, Location::Missing) {
        return Err(RunnerError::AlreadyExists(args.id.clone()));
    }
    let bundle = Bundle::load(&args.bundle)?;
    let module = match classify(&bundle)? {
        Workload::Native => return Err(ctx.delegate()),
        Workload::Wasm { module } => module,
    };
    create_wasm(ctx, args, &bundle, &module)
}

fn create_wasm(
    ctx: &Context,
    args: &CreateArgs,
    bundle: &Bundle,
    module: &Path,
) -> Result<(Container, Child)> {
    if args.preserve_fds > 0 {
        return Err(RunnerError::Unsupported(
            "--preserve-fds is not supported for wasm containers: WASI modules see only \
             stdio and preopened directories"
                .into(),
        ));
    }
    let pid_file = args.pid_file.as_deref().map(absolute).transpose()?;
    let process = bundle
        .spec
        .process()
        .as_ref()
        .ok_or_else(|| RunnerError::Bundle {
            path: bundle.dir.join("config.json"),
            message: "no `process` in config.json".into(),
        })?;
    let terminal = process.terminal().unwrap_or(false);
    match (terminal, &args.console_socket) {
        (true, None) => {
            return Err(RunnerError::Usage(
                "process.terminal is true but no --console-socket was given".into(),
            ));
        }
        (false, Some(_)) => {
            return Err(RunnerError::Usage(
                "--console-socket was given but process.terminal is false".into(),
            ));
        }
        _ => {}
    }
    let console_socket = args.console_socket.as_deref().map(absolute).transpose()?;
    let run = wasm_plan::plan(bundle, process, module)?;

    std::fs::create_dir_all(&ctx.root.path).map_err(|e| {
        RunnerError::io(format!("create state root {}", ctx.root.path.display()), e)
    })?;
    let dir = ctx.root.container_dir(&args.id);
    std::fs::create_dir(&dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => RunnerError::AlreadyExists(args.id.clone()),
        _ => RunnerError::io(format!("create state directory {}", dir.display()), e),
    })?;
    let cleanup = |e: RunnerError| {
        let _ = std::fs::remove_dir_all(&dir);
        e
    };
    let fifo = dir.join(crate::state::container::FIFO_FILE);
    exec_fifo::create(&fifo).map_err(cleanup)?;

    let linux = bundle.spec.linux().as_ref();
    let plan = InitPlan {
        container_id: args.id.clone(),
        run,
        exec_fifo: Some(fifo),
        console_socket,
        console_size: process
            .console_size()
            .map(|b| (b.height() as u16, b.width() as u16)),
        cgroups_path: bundle.cgroups_path(),
        create_cgroup: true,
        resources: linux.and_then(|l| l.resources().clone()),
        rlimits: process.rlimits().clone().unwrap_or_default(),
        oom_score_adj: process.oom_score_adj(),
        user: Identity::from_oci(process.user()),
        start_hooks: HookPoint::StartContainer.hooks(&bundle.spec),
        hook_state: serde_json::json!({
            "ociVersion": crate::OCI_VERSION,
            "id": args.id,
            "status": "created",
            "bundle": bundle.dir,
            "annotations": bundle.spec.annotations().clone().unwrap_or_default(),
        }),
        no_new_privileges: process.no_new_privileges().unwrap_or(false),
    };
    let mut child = spawn::spawn(&ctx.global, &plan).map_err(|e| {
        // The init may have made the cgroup before it failed.
        let _ = Cgroup::for_container(plan.cgroups_path.as_deref(), &args.id).remove();
        cleanup(e)
    })?;
    let pid = child.id() as i32;
    let state = ContainerState {
        id: args.id.clone(),
        bundle: bundle.dir.clone(),
        rootfs: bundle.rootfs()?,
        pid,
        pid_start_time: ProcStat::read(pid).map(|s| s.start_time).unwrap_or(0),
        created: humantime::format_rfc3339_nanos(SystemTime::now()).to_string(),
        owner: owner_name(),
        annotations: bundle
            .spec
            .annotations()
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect(),
        cgroups_path: plan.cgroups_path.clone(),
        paused_by_signal: false,
    };
    let container = Container {
        dir: dir.clone(),
        state,
    };
    let creating = container.hook_state("creating");
    let saved = [
        HookPoint::Prestart,
        HookPoint::CreateRuntime,
        HookPoint::CreateContainer,
    ]
    .into_iter()
    .try_for_each(|point| hooks::run(point, &point.hooks(&bundle.spec), &creating))
    .and_then(|()| container.save())
    .and_then(|()| match &pid_file {
        Some(f) => write_atomic(f, pid.to_string().as_bytes()),
        None => Ok(()),
    });
    if let Err(e) = saved {
        let _ = child.kill();
        let _ = child.wait();
        let _ = container.cgroup().remove();
        return Err(cleanup(e));
    }
    Ok((container, child))
}

/// The name runc shows as a container's owner.
fn owner_name() -> String {
    let uid = rustix::process::getuid().as_raw();
    if uid == 0 {
        "root".into()
    } else {
        uid.to_string()
    }
}
