//! A run planned from the bundle names host paths (the module under the rootfs, the rootfs and
//! bind-mount sources as preopens); the module runs after `pivot_root`, where the same files are
//! at their container paths. [`inside`] rewrites the plan accordingly.

use std::path::{Path, PathBuf};

use crate::wasm_exec::WasmRun;

/// `run` as seen from inside a container whose root is `rootfs`: the module at its path under
/// `/`, and every preopen opened at its guest path (the rootfs is `/`; a bind mount is at its
/// destination).
pub fn inside(mut run: WasmRun, rootfs: &Path) -> WasmRun {
    run.module = container_path(&run.module, rootfs);
    for (host, guest, _) in &mut run.preopens {
        *host = PathBuf::from(&*guest);
    }
    run
}

/// `path` (under `rootfs` on the host) as the container sees it.
fn container_path(path: &Path, rootfs: &Path) -> PathBuf {
    match path.strip_prefix(rootfs) {
        Ok(rest) => Path::new("/").join(rest),
        Err(_) => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::inside;
    use crate::wasm_exec::WasmRun;

    #[test]
    fn module_and_preopens_take_their_container_paths() {
        let run = WasmRun {
            module: "/b/rootfs/app/hello.wasm".into(),
            preopens: vec![
                ("/b/rootfs".into(), "/".into(), true),
                ("/data/on/host".into(), "/data".into(), false),
            ],
            ..WasmRun::default()
        };
        let run = inside(run, Path::new("/b/rootfs"));
        assert_eq!(run.module, PathBuf::from("/app/hello.wasm"));
        assert_eq!(
            run.preopens,
            vec![
                (PathBuf::from("/"), "/".to_string(), true),
                (PathBuf::from("/data"), "/data".to_string(), false),
            ]
        );
    }
}
