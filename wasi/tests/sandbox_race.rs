//! Races between a check and an open must not escape the sandbox. While another thread keeps
//! swapping a directory (or a file) beneath the preopen for a symlink that points outside,
//! the guest-side functions open and read through that path over and over: they may fail,
//! but must never see the outside file. The WASI functions are called directly (no engine),
//! with a plain byte vector as guest memory.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use kestrel_wasi::abi::Rights;
use kestrel_wasi::funcs::{fd_io, fd_state, path_open};
use kestrel_wasi::memory::GuestMemory;
use kestrel_wasi::{WasiCtx, WasiCtxBuilder};

const PATH_AT: u32 = 0;
const FD_AT: u32 = 256;
const IOV_AT: u32 = 264;
const NREAD_AT: u32 = 272;
const BUF_AT: u32 = 512;

/// Opens `path` beneath preopen 3 (following symlinks) and reads it; `None` if either failed.
fn open_and_read(cx: &mut WasiCtx, mem: &mut [u8], path: &str) -> Option<Vec<u8>> {
    mem[..path.len()].copy_from_slice(path.as_bytes());
    let mut g = GuestMemory::new(mem);
    let rights = (Rights::FD_READ).0;
    path_open::path_open(
        cx,
        &mut g,
        3,
        1,
        PATH_AT,
        path.len() as u32,
        0,
        rights,
        0,
        0,
        FD_AT,
    )
    .ok()?;
    let fd = g.read_u32(FD_AT).ok()?;
    g.write_u32(IOV_AT, BUF_AT).unwrap();
    g.write_u32(IOV_AT + 4, 64).unwrap();
    let r = fd_io::fd_read(cx, &mut g, fd, IOV_AT, 1, NREAD_AT);
    fd_state::fd_close(cx, fd).unwrap();
    r.ok()?;
    let n = g.read_u32(NREAD_AT).unwrap();
    Some(g.slice(BUF_AT, n).unwrap().to_vec())
}

fn race(swap_in: impl Fn(&Path) + Send + Sync, path: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    std::fs::create_dir_all(tmp.path().join("outside")).unwrap();
    std::fs::write(tmp.path().join("outside/secret"), "outside").unwrap();
    std::fs::create_dir_all(&root).unwrap();
    let mut cx = WasiCtxBuilder::new()
        .preopened_dir(&root, "root", false)
        .unwrap()
        .build()
        .unwrap();
    let mut mem = vec![0u8; 4096];
    let stop = AtomicBool::new(false);
    let (mut inside, mut failed) = (0u32, 0u32);
    let mut escaped = false;
    std::thread::scope(|s| {
        s.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                swap_in(&root);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            match open_and_read(&mut cx, &mut mem, path) {
                Some(data) if data == b"outside" => {
                    escaped = true;
                    break;
                }
                Some(_) => inside += 1,
                None => failed += 1,
            }
        }
        stop.store(true, Ordering::Relaxed);
    });
    assert!(!escaped, "read the outside file through {path}");
    assert!(inside + failed > 100, "the race barely ran");
}

/// `root/swap` is, in turn, a real directory holding `secret` and a symlink to `../outside`.
#[test]
fn swapping_an_intermediate_directory_for_an_escaping_symlink() {
    race(
        |root| {
            let _ = std::fs::create_dir(root.join("real"));
            let _ = std::fs::write(root.join("real/secret"), "inside");
            let _ = std::fs::rename(root.join("real"), root.join("swap"));
            let _ = std::os::unix::fs::symlink("../outside", root.join("link"));
            let _ = std::fs::rename(root.join("swap"), root.join("real"));
            let _ = std::fs::rename(root.join("link"), root.join("swap"));
            let _ = std::fs::remove_file(root.join("swap"));
        },
        "swap/secret",
    );
}

/// `root/f` is, in turn, a regular file and a symlink to `../outside/secret`.
#[test]
fn swapping_the_final_file_for_an_escaping_symlink() {
    race(
        |root| {
            let _ = std::fs::write(root.join("file"), "inside");
            let _ = std::fs::rename(root.join("file"), root.join("f"));
            let _ = std::os::unix::fs::symlink("../outside/secret", root.join("link"));
            let _ = std::fs::rename(root.join("link"), root.join("f"));
        },
        "f",
    );
}

/// `root/d` is, in turn, a directory and a symlink to `..` (one level up, outside).
#[test]
fn swapping_a_directory_for_a_parent_symlink() {
    race(
        |root| {
            let _ = std::fs::create_dir_all(root.join("real/outside"));
            let _ = std::fs::write(root.join("real/outside/secret"), "inside");
            let _ = std::fs::rename(root.join("real"), root.join("d"));
            let _ = std::os::unix::fs::symlink("..", root.join("link"));
            let _ = std::fs::rename(root.join("d"), root.join("real"));
            let _ = std::fs::rename(root.join("link"), root.join("d"));
            let _ = std::fs::remove_file(root.join("d"));
        },
        "d/outside/secret",
    );
}
