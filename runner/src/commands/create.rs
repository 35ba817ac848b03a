//! `create`: build a container and hold it until `start`. Native containers go to runc; a wasm
//! container is built by libcontainer ([`crate::container`]): its init is created in the
//! namespaces, mounts, cgroup and privileges the config asks for, checks the module from inside
//! the container's root, reports ready and waits on the notify socket; the pid file is written
//! and this command returns. An error in any step fails `create` with the step and its cause.

use std::path::Path;

use libcgroups::common::CgroupSetup;
use libcontainer::container::Container;
use libcontainer::container::builder::ContainerBuilder;
use libcontainer::syscall::syscall::SyscallType;
use oci_spec::runtime::LinuxNamespaceType;

use super::{Context, failed};
use crate::bundle::workload::{Workload, classify};
use crate::bundle::{Bundle, absolute, wasm_plan};
use crate::cli::CreateArgs;
use crate::container::executor::WasmExecutor;
use crate::container::{loopback, reroot};
use crate::error::{Result, RunnerError};
use crate::state::Location;

/// Runs `create`.
pub fn run(ctx: &Context, args: &CreateArgs) -> Result<i32> {
    create(ctx, args, true)?;
    Ok(0)
}

/// Creates the container. `detach: false` (a foreground `run`) keeps the init a child of this
/// process, to be waited for.
pub fn create(ctx: &Context, args: &CreateArgs, detach: bool) -> Result<Container> {
    crate::state::container_id::validate(&args.id)?;
    if !matches!(ctx.root.locate(&args.id)?, Location::Missing) {
        return Err(RunnerError::AlreadyExists(args.id.clone()));
    }
    let bundle = Bundle::load(&args.bundle)?;
    let module = match classify(&bundle)? {
        Workload::Native => return Err(ctx.delegate()),
        Workload::Wasm { module } => module,
    };
    create_wasm(ctx, args, &bundle, &module, detach)
}

fn create_wasm(
    ctx: &Context,
    args: &CreateArgs,
    bundle: &Bundle,
    module: &Path,
    detach: bool,
) -> Result<Container> {
    if args.preserve_fds > 0 {
        return Err(RunnerError::Unsupported(
            "--preserve-fds is not supported for wasm containers: WASI modules see only \
             stdio and preopened directories"
                .into(),
        ));
    }
    let process = bundle
        .spec
        .process()
        .as_ref()
        .ok_or_else(|| RunnerError::Bundle {
            path: bundle.dir.join("config.json"),
            message: "no `process` in config.json".into(),
        })?;
    if !crate::container::SECCOMP
        && bundle
            .spec
            .linux()
            .as_ref()
            .is_some_and(|l| l.seccomp().is_some())
    {
        return Err(RunnerError::Unsupported(format!(
            "linux.seccomp: this build of kestrel ({}) has no libseccomp, so it cannot apply a \
             seccomp profile; remove the profile or use a build that has it",
            std::env::consts::ARCH
        )));
    }
    refuse_shared_pid_namespace_on_cgroup_v1(bundle)?;
    let terminal = process.terminal().unwrap_or(false);
    match (terminal, &args.console_socket) {
        (true, None) if detach => {
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
    let pid_file = args.pid_file.as_deref().map(absolute).transpose()?;
    let run = wasm_plan::plan(bundle, process, module)?;
    if bundle.spec.linux().is_none() {
        return Err(RunnerError::Bundle {
            path: bundle.dir.join("config.json"),
            message: "no `linux` in config.json: a container needs its namespaces and mounts \
                      (`kestrel spec` writes a template)"
                .into(),
        });
    }
    let run = reroot::inside(run, &bundle.rootfs()?);

    std::fs::create_dir_all(&ctx.root.path).map_err(|e| {
        RunnerError::io(format!("create state root {}", ctx.root.path.display()), e)
    })?;
    let fail = |e: &dyn std::error::Error| failed(&args.id, "create", e);
    let mut container = ContainerBuilder::new(args.id.clone(), SyscallType::default())
        .with_executor(WasmExecutor::new(run))
        .with_root_path(&ctx.root.path)
        .map_err(|e| fail(&e))?
        .with_pid_file(pid_file)
        .map_err(|e| fail(&e))?
        .with_console_socket(console_socket)
        .as_init(&bundle.dir)
        .with_systemd(ctx.global.systemd_cgroup)
        .with_detach(detach)
        .with_no_pivot(args.no_pivot)
        .build()
        .map_err(|e| fail(&e))?;
    if loopback::creates_network_namespace(&bundle.spec)
        && let Some(pid) = container.pid()
        && let Err(e) = loopback::bring_up(pid.as_raw())
    {
        let _ = container.delete(true);
        return Err(e);
    }
    Ok(container)
}

/// libcontainer 0.7 mounts a cgroup v1 hierarchy into a container that joins an existing pid
/// namespace (a Kubernetes pod with `shareProcessNamespace`) from the cgroups of whatever host
/// process has the container's pid number: another process's, or none, and then `create` fails
/// at random. Refused up front, with the reason, until the library is fixed; cgroup v2 hosts
/// and containers with a pid namespace of their own are not affected.
fn refuse_shared_pid_namespace_on_cgroup_v1(bundle: &Bundle) -> Result<()> {
    let joins_pid_namespace = bundle
        .spec
        .linux()
        .as_ref()
        .and_then(|l| l.namespaces().as_ref())
        .into_iter()
        .flatten()
        .any(|ns| ns.typ() == LinuxNamespaceType::Pid && ns.path().is_some());
    let mounts_cgroup = bundle
        .spec
        .mounts()
        .iter()
        .flatten()
        .any(|m| m.typ().as_deref() == Some("cgroup"));
    if !(joins_pid_namespace && mounts_cgroup) {
        return Ok(());
    }
    match libcgroups::common::get_cgroup_setup() {
        Ok(CgroupSetup::Unified) | Err(_) => Ok(()),
        Ok(_) => Err(RunnerError::Unsupported(
            "a wasm container that joins another container's pid namespace (a shared process \
             namespace) and mounts the cgroup filesystem is not supported on cgroup v1 hosts: \
             libcontainer 0.7 would mount another process's cgroups; use cgroup v2, or give the \
             container its own pid namespace"
                .into(),
        )),
    }
}
