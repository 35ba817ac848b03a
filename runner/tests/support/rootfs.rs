//! Building container root filesystems for the tests: a wasm rootfs holding the fixtures and a
//! data file, and a busybox rootfs for native containers.

use std::path::{Path, PathBuf};

/// Text of `data/msg.txt` in the wasm rootfs (printed by the `cat` fixture).
pub const MESSAGE: &str = "a file in the container rootfs\n";

/// Makes `dir` a wasm rootfs: `/hello.wasm`, `/hello_wait.wasm`, `/sleep.wasm`, `/cat.wasm`,
/// `/data/msg.txt`.
pub fn wasm_rootfs(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("data")).unwrap();
    for name in ["hello", "hello_wait", "sleep", "cat"] {
        std::fs::copy(super::fixture(name), dir.join(format!("{name}.wasm"))).unwrap();
    }
    std::fs::write(dir.join("data/msg.txt"), MESSAGE).unwrap();
    dir.to_path_buf()
}

/// Path of a static busybox, if installed.
pub fn busybox() -> Option<PathBuf> {
    ["/usr/bin/busybox", "/bin/busybox"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// Makes `dir` a busybox rootfs (`/bin/busybox`, `/bin/sh`, `/bin/sleep`, `/bin/echo`).
pub fn busybox_rootfs(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for d in ["proc", "dev", "sys", "tmp", "etc", "run"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    std::fs::copy(
        busybox().expect("busybox-static is installed"),
        bin.join("busybox"),
    )
    .unwrap();
    for applet in ["sh", "sleep", "echo", "cat", "true"] {
        let _ = std::os::unix::fs::symlink("busybox", bin.join(applet));
    }
    dir.to_path_buf()
}
