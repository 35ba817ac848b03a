//! OCI lifecycle hooks (`hooks` in config.json): programs the runtime runs at fixed points with
//! the container's state JSON on stdin. `prestart`, `createRuntime` and `createContainer` run in
//! `create` once the init is set up (a failure fails `create`); `startContainer` runs in the init
//! just before the module (a failure ends the container); `poststart` after `start` and
//! `poststop` after `delete` (failures are warnings, as the spec says). Wasm containers have no
//! namespaces, so every hook runs in the runtime's own.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use oci_spec::runtime::{Hook, Spec};

use crate::error::{Result, RunnerError};

/// The points in a container's life where hooks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookPoint {
    /// Deprecated alias of createRuntime, run first.
    Prestart,
    /// After the runtime environment is created.
    CreateRuntime,
    /// After the container is created.
    CreateContainer,
    /// In the init, before the module runs.
    StartContainer,
    /// After `start`.
    Poststart,
    /// After `delete`.
    Poststop,
}

impl HookPoint {
    /// The OCI name of the point.
    pub fn name(self) -> &'static str {
        match self {
            HookPoint::Prestart => "prestart",
            HookPoint::CreateRuntime => "createRuntime",
            HookPoint::CreateContainer => "createContainer",
            HookPoint::StartContainer => "startContainer",
            HookPoint::Poststart => "poststart",
            HookPoint::Poststop => "poststop",
        }
    }

    /// The hooks `spec` asks for at this point.
    pub fn hooks(self, spec: &Spec) -> Vec<Hook> {
        let Some(h) = spec.hooks().as_ref() else {
            return Vec::new();
        };
        #[allow(deprecated)]
        let list = match self {
            HookPoint::Prestart => h.prestart(),
            HookPoint::CreateRuntime => h.create_runtime(),
            HookPoint::CreateContainer => h.create_container(),
            HookPoint::StartContainer => h.start_container(),
            HookPoint::Poststart => h.poststart(),
            HookPoint::Poststop => h.poststop(),
        };
        list.clone().unwrap_or_default()
    }
}

/// Every point's name, for `features`.
pub const ALL_POINTS: [HookPoint; 6] = [
    HookPoint::Prestart,
    HookPoint::CreateRuntime,
    HookPoint::CreateContainer,
    HookPoint::StartContainer,
    HookPoint::Poststart,
    HookPoint::Poststop,
];

/// Runs `hooks` in order with `state` on their stdin; stops at the first that fails.
pub fn run(point: HookPoint, hooks: &[Hook], state: &serde_json::Value) -> Result<()> {
    for hook in hooks {
        run_one(point, hook, state)?;
    }
    Ok(())
}

fn run_one(point: HookPoint, hook: &Hook, state: &serde_json::Value) -> Result<()> {
    let fail = |message: String| {
        RunnerError::InitFailed(format!(
            "{} hook {}: {message}",
            point.name(),
            hook.path().display()
        ))
    };
    let mut cmd = Command::new(hook.path());
    let args = hook.args().clone().unwrap_or_default();
    if let Some((arg0, rest)) = args.split_first() {
        cmd.arg0(arg0).args(rest);
    }
    cmd.env_clear();
    for kv in hook.env().iter().flatten() {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(format!("cannot run it: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A hook that does not read its stdin is fine.
        let _ = stdin.write_all(state.to_string().as_bytes());
    }
    let timeout = hook
        .timeout()
        .filter(|&t| t > 0)
        .map(|t| Duration::from_secs(t as u64));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| fail(e.to_string()))? {
            break status;
        }
        if timeout.is_some_and(|t| started.elapsed() > t) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(fail(format!(
                "timed out after {}s",
                timeout.unwrap_or_default().as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    if !status.success() {
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        return Err(fail(format!("{status}: {}", stderr.trim())));
    }
    Ok(())
}
