//! Handing native containers to runc. Under Kubernetes the pod's pause container and any
//! non-wasm container of a kestrel RuntimeClass come through this binary, so kestrel passes the
//! whole call to runc unchanged except for `--root`, which becomes `<root>/.runc`: that directory
//! is how later calls (`start`, `kill`, `delete` ...) find that the ID belongs to runc.
//!
//! The call `exec`s runc in place of this process, so runc gets the same pid, stdio, fds and
//! parent (containerd's shim), exactly as if the shim had called it.

use std::ffi::{OsStr, OsString};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cli::GlobalArgs;
use crate::error::{Result, RunnerError};

/// Global flags that take a value (so the token after them is not the subcommand).
const VALUE_FLAGS: &[&str] = &[
    "--root",
    "--log",
    "--log-format",
    "--criu",
    "--rootless",
    "--runc",
];

/// Directories searched for runc after PATH.
const FALLBACK_DIRS: &[&str] = &[
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];

/// Index in `argv` of the subcommand token (after the program name and global flags).
pub fn subcommand_index(argv: &[OsString]) -> Option<usize> {
    let mut i = 1;
    while i < argv.len() {
        let tok = argv[i].to_string_lossy();
        if !tok.starts_with('-') {
            return Some(i);
        }
        if VALUE_FLAGS.contains(&tok.as_ref()) {
            i += 1;
        }
        i += 1;
    }
    None
}

/// The runc binary to use: `--runc`/`KESTREL_RUNC`, else `runc` on PATH or in the usual places.
pub fn runc_binary(global: &GlobalArgs) -> Result<PathBuf> {
    if let Some(p) = &global.runc {
        return Ok(p.clone());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::env::split_paths(&path).chain(FALLBACK_DIRS.iter().map(PathBuf::from));
    for dir in dirs {
        let candidate = dir.join("runc");
        if is_executable(&candidate) {
            return Ok(candidate);
        }
    }
    Err(RunnerError::Delegate {
        runtime: "runc".into(),
        message: "runc was not found on PATH; install runc or pass --runc PATH \
                  (or set KESTREL_RUNC)"
            .into(),
    })
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The argv for runc: our global flags (with `--root` moved to `runc_root`), then the
/// subcommand and everything after it, as we received them.
pub fn runc_args(global: &GlobalArgs, runc_root: &Path, argv: &[OsString]) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec!["--root".into(), runc_root.into()];
    if let Some(log) = &global.log {
        args.push("--log".into());
        args.push(log.into());
    }
    args.push("--log-format".into());
    args.push(match global.log_format {
        crate::logging::LogFormat::Json => "json".into(),
        crate::logging::LogFormat::Text => "text".into(),
    });
    if global.systemd_cgroup {
        args.push("--systemd-cgroup".into());
    }
    if global.debug {
        args.push("--debug".into());
    }
    if let Some(r) = &global.rootless {
        args.push(OsString::from(format!("--rootless={r}")));
    }
    if let Some(i) = subcommand_index(argv) {
        args.extend(argv[i..].iter().cloned());
    }
    args
}

/// Replaces this process with runc running the same call. Returns only on failure.
pub fn exec_runc(global: &GlobalArgs, runc_root: &Path, argv: &[OsString]) -> RunnerError {
    let runc = match runc_binary(global) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let args = runc_args(global, runc_root, argv);
    crate::logging::debug(&format!(
        "native container: handing over to {} {:?}",
        runc.display(),
        args
    ));
    let err = Command::new(&runc)
        .arg0(OsStr::new("runc"))
        .args(&args)
        .exec();
    RunnerError::Delegate {
        runtime: runc.display().to_string(),
        message: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn argv(s: &str) -> Vec<OsString> {
        s.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn finds_subcommand_after_value_flags() {
        let a = argv("kestrel --root /r --log /b/log.json --log-format json create --bundle /b x");
        assert_eq!(subcommand_index(&a), Some(7));
        let a = argv("kestrel --root=/r --systemd-cgroup start x");
        assert_eq!(subcommand_index(&a), Some(3));
    }

    #[test]
    fn runc_gets_same_call_with_its_own_root() {
        let a = argv(
            "kestrel --root /r --log /b/log.json --log-format json create --bundle /b --pid-file /b/init.pid x",
        );
        let cli = crate::cli::Cli::try_parse_from(&a).unwrap();
        let got = runc_args(&cli.global, Path::new("/r/.runc"), &a);
        let got: Vec<String> = got
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            got.join(" "),
            "--root /r/.runc --log /b/log.json --log-format json create --bundle /b --pid-file /b/init.pid x"
        );
    }
}
