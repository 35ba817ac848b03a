//! `wasi_paths`: a random sequence of WASI path and descriptor operations, called through
//! kestrel-wasi's engine-independent functions on a guest memory, against a fresh temporary
//! preopen. The preopen holds a file, a directory and hostile symlinks (`..` out of the preopen,
//! an absolute path to a sibling directory, a self loop); beside it sits `outside/` with a
//! secret file.
//!
//! After every operation: `outside/` and the temporary root are unchanged (same entries, same
//! secret), no read ever returned the secret's bytes, and no stat or directory entry the guest
//! saw names the inode of anything outside the preopen. Errors are fine; escapes and panics are
//! not.

use arbitrary::{Arbitrary, Result, Unstructured};
use kestrel_wasi::funcs::{fd_io, fd_readdir, fd_state, path, path_open};
use kestrel_wasi::memory::GuestMemory;
use kestrel_wasi::{WasiCtx, WasiCtxBuilder};
use std::collections::BTreeSet;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The secret outside the preopen. Guest writes only use lowercase letters, so the guest can
/// never put these bytes into a file itself.
const SECRET: &[u8] = b"SECRET-0123456789-OUTSIDE-THE-PREOPEN";
/// The preopen's descriptor number.
const PREOPEN_FD: u32 = 3;
/// Guest memory layout: two path strings, scratch for results, then a data buffer.
const PATH_A: u32 = 0;
const PATH_B: u32 = 4096;
const OUT: u32 = 8192;
const IOVEC: u32 = 8448;
const BUF: u32 = 16384;
const BUF_LEN: u32 = 4096;
const MEMORY_SIZE: usize = 65536;

/// Path components the fuzzer combines.
const COMPONENTS: &[&str] = &[
    "..",
    ".",
    "",
    "file",
    "dir",
    "up",
    "abs",
    "loop",
    "outside",
    "secret",
    "new",
    "x",
    "dir/..",
    "up/secret",
    "abs/secret",
];

/// A guest path built from [`COMPONENTS`].
#[derive(Debug)]
struct GuestPath(String);

impl<'a> Arbitrary<'a> for GuestPath {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let n = u.int_in_range(0..=5)?;
        let mut parts = Vec::with_capacity(n);
        for _ in 0..n {
            parts.push(*u.choose(COMPONENTS)?);
        }
        let mut s = parts.join("/");
        if u.ratio(1, 8)? {
            s.insert(0, '/');
        }
        if u.ratio(1, 8)? {
            s.push('/');
        }
        Ok(GuestPath(s))
    }
}

/// One operation; `fd` picks among the descriptors opened so far (the preopen first).
#[derive(Debug, Arbitrary)]
enum Op {
    Open {
        fd: u8,
        follow: bool,
        path: GuestPath,
        oflags: u8,
        rights: u32,
        inheriting: u32,
        append: bool,
    },
    CreateDirectory {
        fd: u8,
        path: GuestPath,
    },
    RemoveDirectory {
        fd: u8,
        path: GuestPath,
    },
    Unlink {
        fd: u8,
        path: GuestPath,
    },
    Symlink {
        target: GuestPath,
        fd: u8,
        path: GuestPath,
    },
    Link {
        old_fd: u8,
        follow: bool,
        old: GuestPath,
        new_fd: u8,
        new: GuestPath,
    },
    Rename {
        old_fd: u8,
        old: GuestPath,
        new_fd: u8,
        new: GuestPath,
    },
    Readlink {
        fd: u8,
        path: GuestPath,
    },
    Stat {
        fd: u8,
        follow: bool,
        path: GuestPath,
    },
    SetTimes {
        fd: u8,
        follow: bool,
        path: GuestPath,
    },
    Write {
        fd: u8,
        data: Vec<u8>,
    },
    Pwrite {
        fd: u8,
        data: Vec<u8>,
        offset: u16,
    },
    Read {
        fd: u8,
    },
    Pread {
        fd: u8,
        offset: u16,
    },
    Readdir {
        fd: u8,
        cookie: u8,
    },
    FdStat {
        fd: u8,
    },
    SetSize {
        fd: u8,
        size: u16,
    },
    Close {
        fd: u8,
    },
    Renumber {
        from: u8,
        to: u8,
    },
}

/// The temporary tree: `root/{sandbox, outside}`.
struct Tree {
    _root: tempfile::TempDir,
    root: std::path::PathBuf,
    outside: std::path::PathBuf,
    /// Inodes the guest must never see.
    forbidden: BTreeSet<u64>,
}

impl Tree {
    fn new() -> Tree {
        let dir = tempfile::tempdir().expect("temporary directory");
        let root = dir.path().to_path_buf();
        let sandbox = root.join("sandbox");
        let outside = root.join("outside");
        std::fs::create_dir(&sandbox).unwrap();
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("secret"), SECRET).unwrap();
        std::fs::write(sandbox.join("file"), b"inside").unwrap();
        std::fs::create_dir(sandbox.join("dir")).unwrap();
        std::os::unix::fs::symlink("../outside", sandbox.join("up")).unwrap();
        std::os::unix::fs::symlink(&outside, sandbox.join("abs")).unwrap();
        std::os::unix::fs::symlink("loop", sandbox.join("loop")).unwrap();
        let forbidden = [&root, &outside, &outside.join("secret")]
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().ino())
            .collect();
        Tree {
            _root: dir,
            root,
            outside,
            forbidden,
        }
    }

    /// Panics unless everything outside the preopen is as it was created.
    fn check_untouched(&self, after: &Op) {
        assert_eq!(
            names(&self.root),
            ["outside", "sandbox"],
            "the temporary root changed after {after:?}"
        );
        assert_eq!(
            names(&self.outside),
            ["secret"],
            "outside/ changed after {after:?}"
        );
        assert_eq!(
            std::fs::read(self.outside.join("secret")).unwrap(),
            SECRET,
            "the secret changed after {after:?}"
        );
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(ops) = u
        .arbitrary_iter::<Op>()
        .and_then(|it| it.take(32).collect::<Result<Vec<Op>>>())
    else {
        return;
    };
    let tree = Tree::new();
    let mut cx = WasiCtxBuilder::new()
        .preopened_dir(tree.root.join("sandbox"), "/sandbox", false)
        .expect("preopen")
        .build()
        .expect("context");
    let mut memory = vec![0u8; MEMORY_SIZE];
    let mut fds = vec![PREOPEN_FD];
    for op in &ops {
        apply(&mut cx, &mut memory, &mut fds, op, &tree);
        tree.check_untouched(op);
    }
}

fn pick(fds: &[u32], i: u8) -> u32 {
    // Mostly a live descriptor; sometimes a raw number (stdio, closed, never opened).
    if i >= 240 {
        u32::from(i - 240)
    } else {
        fds[usize::from(i) % fds.len()]
    }
}

fn put_path(mem: &mut [u8], at: u32, p: &GuestPath) -> u32 {
    let bytes = p.0.as_bytes();
    mem[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
    bytes.len() as u32
}

/// Lowercase letters only (see [`SECRET`]), at most `BUF_LEN` bytes, placed at `BUF` with an
/// iovec at `IOVEC` pointing to it.
fn put_data(mem: &mut [u8], data: &[u8]) {
    let n = data.len().min(BUF_LEN as usize);
    for (dst, b) in mem[BUF as usize..BUF as usize + n].iter_mut().zip(data) {
        *dst = b'a' + b % 26;
    }
    put_iovec(mem, n as u32);
}

fn put_iovec(mem: &mut [u8], len: u32) {
    mem[IOVEC as usize..IOVEC as usize + 4].copy_from_slice(&BUF.to_le_bytes());
    mem[IOVEC as usize + 4..IOVEC as usize + 8].copy_from_slice(&len.to_le_bytes());
}

fn u64_at(mem: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(mem[at..at + 8].try_into().unwrap())
}

fn apply(cx: &mut WasiCtx, memory: &mut [u8], fds: &mut Vec<u32>, op: &Op, tree: &Tree) {
    memory[OUT as usize..BUF as usize + BUF_LEN as usize].fill(0);
    let (la, lb) = match op {
        Op::Symlink { target, path, .. } => (
            put_path(memory, PATH_A, target),
            put_path(memory, PATH_B, path),
        ),
        Op::Link { old, new, .. } | Op::Rename { old, new, .. } => {
            (put_path(memory, PATH_A, old), put_path(memory, PATH_B, new))
        }
        Op::Open { path, .. }
        | Op::CreateDirectory { path, .. }
        | Op::RemoveDirectory { path, .. }
        | Op::Unlink { path, .. }
        | Op::Readlink { path, .. }
        | Op::Stat { path, .. }
        | Op::SetTimes { path, .. } => (put_path(memory, PATH_A, path), 0),
        Op::Write { data, .. } | Op::Pwrite { data, .. } => {
            put_data(memory, data);
            (0, 0)
        }
        _ => {
            put_iovec(memory, BUF_LEN);
            (0, 0)
        }
    };
    let mut mem = GuestMemory::new(memory);
    let m = &mut mem;
    let result = match *op {
        Op::Open {
            fd,
            follow,
            oflags,
            rights,
            inheriting,
            append,
            ..
        } => {
            let r = path_open::path_open(
                cx,
                m,
                pick(fds, fd),
                u32::from(follow),
                PATH_A,
                la,
                u32::from(oflags % 16),
                u64::from(rights),
                u64::from(inheriting),
                if append { 1 } else { 0 },
                OUT,
            );
            if r.is_ok() {
                fds.push(m.read_u32(OUT).unwrap());
            }
            r
        }
        Op::CreateDirectory { fd, .. } => {
            path::path_create_directory(cx, m, pick(fds, fd), PATH_A, la)
        }
        Op::RemoveDirectory { fd, .. } => {
            path::path_remove_directory(cx, m, pick(fds, fd), PATH_A, la)
        }
        Op::Unlink { fd, .. } => path::path_unlink_file(cx, m, pick(fds, fd), PATH_A, la),
        Op::Symlink { fd, .. } => path::path_symlink(cx, m, PATH_A, la, pick(fds, fd), PATH_B, lb),
        Op::Link {
            old_fd,
            follow,
            new_fd,
            ..
        } => path::path_link(
            cx,
            m,
            pick(fds, old_fd),
            u32::from(follow),
            PATH_A,
            la,
            pick(fds, new_fd),
            PATH_B,
            lb,
        ),
        Op::Rename { old_fd, new_fd, .. } => path::path_rename(
            cx,
            m,
            pick(fds, old_fd),
            PATH_A,
            la,
            pick(fds, new_fd),
            PATH_B,
            lb,
        ),
        Op::Readlink { fd, .. } => {
            path::path_readlink(cx, m, pick(fds, fd), PATH_A, la, BUF, BUF_LEN, OUT)
        }
        Op::Stat { fd, follow, .. } => {
            let r =
                path::path_filestat_get(cx, m, pick(fds, fd), u32::from(follow), PATH_A, la, OUT);
            if r.is_ok() {
                let ino = u64_at(&m.slice(OUT, 16).unwrap(), 8);
                assert!(
                    !tree.forbidden.contains(&ino),
                    "{op:?} stat an inode outside the preopen"
                );
            }
            r
        }
        Op::SetTimes { fd, follow, .. } => path::path_filestat_set_times(
            cx,
            m,
            pick(fds, fd),
            u32::from(follow),
            PATH_A,
            la,
            0,
            0,
            2 | 8,
        ),
        Op::Write { fd, .. } => fd_io::fd_write(cx, m, pick(fds, fd), IOVEC, 1, OUT),
        Op::Pwrite { fd, offset, .. } => {
            fd_io::fd_pwrite(cx, m, pick(fds, fd), IOVEC, 1, u64::from(offset), OUT)
        }
        Op::Read { fd } => fd_io::fd_read(cx, m, pick(fds, fd), IOVEC, 1, OUT),
        Op::Pread { fd, offset } => {
            fd_io::fd_pread(cx, m, pick(fds, fd), IOVEC, 1, u64::from(offset), OUT)
        }
        Op::Readdir { fd, cookie } => {
            let r =
                fd_readdir::fd_readdir(cx, m, pick(fds, fd), BUF, BUF_LEN, u64::from(cookie), OUT);
            if r.is_ok() {
                check_dirents(m, tree, op);
            }
            r
        }
        Op::FdStat { fd } => {
            let r = fd_state::fd_filestat_get(cx, m, pick(fds, fd), OUT);
            if r.is_ok() {
                let ino = u64_at(&m.slice(OUT, 16).unwrap(), 8);
                assert!(
                    !tree.forbidden.contains(&ino),
                    "{op:?} stat an inode outside the preopen"
                );
            }
            r
        }
        Op::SetSize { fd, size } => {
            fd_state::fd_filestat_set_size(cx, pick(fds, fd), u64::from(size))
        }
        Op::Close { fd } => {
            let fd = pick(fds, fd);
            let r = fd_state::fd_close(cx, fd);
            if r.is_ok() {
                fds.retain(|&f| f != fd);
                if fds.is_empty() {
                    fds.push(PREOPEN_FD);
                }
            }
            r
        }
        Op::Renumber { from, to } => {
            let (from, to) = (pick(fds, from), pick(fds, to));
            let r = fd_state::fd_renumber(cx, from, to);
            if r.is_ok() && from != to {
                fds.retain(|&f| f != from);
                if fds.is_empty() {
                    fds.push(PREOPEN_FD);
                }
            }
            r
        }
    };
    // Whatever a read put in the buffer must not be the secret.
    if result.is_ok() && matches!(op, Op::Read { .. } | Op::Pread { .. } | Op::Readlink { .. }) {
        let buf = mem.slice(BUF, BUF_LEN).unwrap();
        assert!(
            !buf.windows(SECRET.len()).any(|w| w == SECRET),
            "{op:?} read the secret from outside the preopen"
        );
    }
}

/// Panics if a directory entry in the buffer names an inode outside the preopen.
fn check_dirents(m: &GuestMemory<'_>, tree: &Tree, op: &Op) {
    let used = m.read_u32(OUT).unwrap().min(BUF_LEN) as usize;
    let buf = m.slice(BUF, BUF_LEN).unwrap();
    let mut at = 0;
    while at + 24 <= used {
        let ino = u64_at(&buf, at + 8);
        let namlen = u32::from_le_bytes(buf[at + 16..at + 20].try_into().unwrap()) as usize;
        let name = &buf[(at + 24).min(used)..(at + 24 + namlen).min(used)];
        // The preopen's own `..` entry is its real parent (the temporary root), as in any
        // directory listing; it names the entry, it does not open it.
        if name != b".." {
            assert!(
                !tree.forbidden.contains(&ino),
                "{op:?} listed an inode outside the preopen"
            );
        }
        at += 24 + namlen;
    }
}
