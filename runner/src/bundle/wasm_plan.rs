//! Turning an OCI `process` of a wasm container into a [`WasmRun`]: `args` become WASI args,
//! `env` the WASI environment, the rootfs the guest's `/`, directory bind mounts more preopens,
//! `cwd` the guest working directory, and `linux.resources.memory.limit` the cap on linear memory.
//!
//! Three kestrel annotations tune a run: `io.kestrel.fuel` (a fuel budget), `io.kestrel.invoke`
//! (an export to call in place of `_start`) and `io.kestrel.memory-reservation` (the most address
//! space, in bytes, a linear memory reserves up front: small boards running many containers).

use std::path::{Path, PathBuf};

use oci_spec::runtime::{Mount, Process};

use super::Bundle;
use crate::error::{Result, RunnerError};
use crate::wasm_exec::{RunStrategy, WasmRun};

/// Annotation: fuel budget for the module.
pub const ANNOTATION_FUEL: &str = "io.kestrel.fuel";
/// Annotation: export to invoke instead of `_start`.
pub const ANNOTATION_INVOKE: &str = "io.kestrel.invoke";

/// Annotation: cap on each linear memory's up-front address-space reservation, in bytes.
pub const ANNOTATION_MEMORY_RESERVATION: &str = "io.kestrel.memory-reservation";

/// Annotation: `cranelift` to compile the module to machine code, `interpreter` (default).
pub const ANNOTATION_STRATEGY: &str = "io.kestrel.strategy";

/// Builds the WASI run of `process` (whose module is at `module` on the host) in `bundle`.
pub fn plan(bundle: &Bundle, process: &Process, module: &Path) -> Result<WasmRun> {
    let rootfs = bundle.rootfs()?;
    let read_only_root = bundle
        .spec
        .root()
        .as_ref()
        .and_then(|r| r.readonly())
        .unwrap_or(false);
    let mut preopens = vec![(rootfs, "/".to_string(), read_only_root)];
    for mount in bundle.spec.mounts().iter().flatten() {
        if let Some(preopen) = mount_preopen(&bundle.dir, mount) {
            preopens.push(preopen);
        }
    }
    let env = process
        .env()
        .iter()
        .flatten()
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.clone(), String::new()),
        })
        .collect();
    let max_memory = bundle
        .spec
        .linux()
        .as_ref()
        .and_then(|l| l.resources().as_ref())
        .and_then(|r| r.memory().as_ref())
        .and_then(|m| m.limit())
        .filter(|&l| l > 0)
        .map(|l| l as u64);
    let fuel = whole_number_annotation(bundle, ANNOTATION_FUEL)?;
    let memory_reservation = whole_number_annotation(bundle, ANNOTATION_MEMORY_RESERVATION)?;
    let cwd = process.cwd().to_string_lossy().into_owned();
    let strategy = match bundle.annotation(ANNOTATION_STRATEGY) {
        None => RunStrategy::Interpreter,
        Some(v) => RunStrategy::parse(v).ok_or_else(|| RunnerError::Bundle {
            path: bundle.dir.join("config.json"),
            message: format!(
                "annotation {ANNOTATION_STRATEGY}={v:?} is neither \"interpreter\" nor \"cranelift\""
            ),
        })?,
    };
    Ok(WasmRun {
        module: module.to_path_buf(),
        args: process.args().clone().unwrap_or_default(),
        env,
        preopens,
        cwd: if cwd.is_empty() { None } else { Some(cwd) },
        max_memory,
        memory_reservation,
        fuel,
        // A wall-clock limit for containers is the runtime's (kill on timeout), not set here.
        timeout: None,
        invoke: bundle.annotation(ANNOTATION_INVOKE).map(str::to_string),
        strategy,
        // The container's network namespace is the boundary: every address.
        allow_net: vec!["0.0.0.0/0".into(), "::/0".into()],
    })
}

/// The value of annotation `name` as a whole number, if it is set.
fn whole_number_annotation(bundle: &Bundle, name: &str) -> Result<Option<u64>> {
    let Some(v) = bundle.annotation(name) else {
        return Ok(None);
    };
    v.parse::<u64>().map(Some).map_err(|_| RunnerError::Bundle {
        path: bundle.dir.join("config.json"),
        message: format!("annotation {name}={v:?} is not a whole number"),
    })
}

/// A bind mount of a host directory becomes a preopen at its destination; anything else (proc,
/// tmpfs, devpts, single-file binds such as /etc/hosts) has no WASI meaning and is left out.
fn mount_preopen(bundle_dir: &Path, mount: &Mount) -> Option<(PathBuf, String, bool)> {
    let options = mount.options().clone().unwrap_or_default();
    let is_bind = mount.typ().as_deref() == Some("bind")
        || options.iter().any(|o| o == "bind" || o == "rbind");
    if !is_bind {
        return None;
    }
    let source = mount.source().as_ref()?;
    let source = if source.is_absolute() {
        source.clone()
    } else {
        bundle_dir.join(source)
    };
    if !source.is_dir() {
        return None;
    }
    let read_only = options.iter().any(|o| o == "ro");
    let dest = mount.destination().to_string_lossy().into_owned();
    Some((source, dest, read_only))
}

#[cfg(test)]
mod tests {
    //! Data-driven: every `tests/plan_cases/*.json` (see the README there).

    use std::path::{Path, PathBuf};

    use serde_json::Value;

    use super::plan;
    use crate::bundle::Bundle;
    use crate::bundle::workload::{WASM_MAGIC, Workload, classify};

    fn make_bundle(case: &Value, dir: &Path) {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir.join("rootfs")).unwrap();
        std::fs::write(dir.join("config.json"), case["config"].to_string()).unwrap();
        let write = |base: &Path, files: &Value| {
            for (name, content) in files.as_object().into_iter().flatten() {
                let path = base.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                let bytes = match content.as_str().unwrap() {
                    "<wasm>" => [&WASM_MAGIC[..], &[1, 0, 0, 0]].concat(),
                    text => text.as_bytes().to_vec(),
                };
                std::fs::write(path, bytes).unwrap();
            }
        };
        write(&dir.join("rootfs"), &case["rootfs"]);
        write(dir, &case["files"]);
        for d in case["dirs"].as_array().into_iter().flatten() {
            std::fs::create_dir_all(dir.join(d.as_str().unwrap())).unwrap();
        }
        for (link, target) in case["symlinks"].as_object().into_iter().flatten() {
            let link = dir.join(link);
            std::fs::create_dir_all(link.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(target.as_str().unwrap(), link).unwrap();
        }
    }

    fn relative(p: &Path, dir: &Path) -> String {
        p.strip_prefix(dir).unwrap_or(p).display().to_string()
    }

    #[test]
    fn plan_cases() {
        let cases = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/plan_cases");
        let mut n = 0;
        for entry in std::fs::read_dir(&cases).unwrap().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let dir =
                std::env::temp_dir().join(format!("kestrel-plan-{name}-{}", std::process::id()));
            make_bundle(&case, &dir);
            let bundle = Bundle::load(&dir).unwrap();
            let expect = &case["expect"];
            match classify(&bundle).unwrap_or_else(|e| panic!("{name}: {e}")) {
                Workload::Native => assert_eq!(expect["workload"], "native", "{name}"),
                Workload::Wasm { module } => {
                    assert_eq!(expect["workload"], "wasm", "{name}");
                    let process = bundle.spec.process().as_ref().unwrap();
                    let run = plan(&bundle, process, &module).unwrap();
                    assert_eq!(run.allow_net, ["0.0.0.0/0", "::/0"], "{name}");
                    let preopens: Vec<Value> = run
                        .preopens
                        .iter()
                        .map(|(h, g, ro)| serde_json::json!([relative(h, &dir), g, ro]))
                        .collect();
                    let got = serde_json::json!({
                        "workload": "wasm",
                        "module": relative(&run.module, &dir),
                        "args": run.args,
                        "env": run.env,
                        "preopens": preopens,
                        "cwd": run.cwd,
                        "max_memory": run.max_memory,
                        "memory_reservation": run.memory_reservation,
                        "fuel": run.fuel,
                        "invoke": run.invoke,
                        "strategy": run.strategy,
                    });
                    assert_eq!(&got, expect, "{name}");
                }
            }
            std::fs::remove_dir_all(&dir).unwrap();
            n += 1;
        }
        assert!(n >= 6, "expected the cases in {}", cases.display());
    }
}
