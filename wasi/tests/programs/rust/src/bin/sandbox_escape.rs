//! Tries every way out of a preopened directory and checks each is refused with the right
//! errno. The host test lays out `outside/secret` beside the preopen `sandbox` (with a file
//! `existing` and a host-made absolute symlink `hostabs` to `outside/secret`), and a
//! read-only preopen `ro` holding `existing`; afterwards it checks nothing outside changed.

use kestrel_wasi_programs::{errno, exit, oflags, open, preopen, read, rights, stat, sys, write, Checker, FOLLOW};

fn symlink(dir: u32, target: &str, link: &str) -> i32 {
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    unsafe { sys::path_symlink(target.as_ptr(), target.len() as u32, dir, link.as_ptr(), link.len() as u32) }
}

fn main() {
    let mut c = Checker::default();
    let dir = preopen("sandbox").expect("preopen sandbox");
    let ro = preopen("ro").expect("preopen ro");
    let rw = rights::FD_READ | rights::FD_WRITE;

    // `..` and absolute paths.
    c.errno("dotdot open", open(dir, 0, "../outside/secret", 0, rights::FD_READ, 0).0, errno::PERM);
    c.errno("dotdot after descending", open(dir, 0, "sub/../../outside/secret", 0, rights::FD_READ, 0).0, errno::PERM);
    c.errno("absolute open", open(dir, 0, "/etc/passwd", 0, rights::FD_READ, 0).0, errno::PERM);
    c.errno("dotdot create", open(dir, 0, "../created", oflags::CREAT, rw, 0).0, errno::PERM);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("dotdot mkdir", unsafe { sys::path_create_directory(dir, b"../newdir".as_ptr(), 9) }, errno::PERM);
    let victim = "../outside/secret";
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("dotdot unlink", unsafe { sys::path_unlink_file(dir, victim.as_ptr(), victim.len() as u32) }, errno::PERM);
    c.errno("dotdot stat", stat(dir, 0, victim).0, errno::PERM);

    // Symlinks pointing out, relative and absolute.
    c.errno("make relative escape link", symlink(dir, "../outside", "esc"), 0);
    c.errno("relative symlink dir escape", open(dir, 0, "esc/secret", 0, rights::FD_READ, 0).0, errno::PERM);
    c.errno("relative symlink followed", open(dir, FOLLOW, "esc", oflags::DIRECTORY, rights::FD_READ, 0).0, errno::PERM);
    c.errno("stat through escape link", stat(dir, 0, "esc/secret").0, errno::PERM);
    c.errno("absolute symlink refused", symlink(dir, "/etc/passwd", "abs"), errno::PERM);
    c.errno("host absolute symlink followed", open(dir, FOLLOW, "hostabs", 0, rights::FD_READ, 0).0, errno::PERM);
    c.errno("host absolute symlink as dir", stat(dir, 0, "hostabs/x").0, errno::PERM);
    c.errno("dangling link out", symlink(dir, "../outside/created-through-link", "dangle"), 0);
    c.errno("create through dangling link", open(dir, FOLLOW, "dangle", oflags::CREAT, rw, 0).0, errno::PERM);
    c.errno("link to parent", symlink(dir, "..", "up"), 0);
    c.errno("symlink to parent", open(dir, 0, "up/outside/secret", 0, rights::FD_READ, 0).0, errno::PERM);
    let mut buf = [0u8; 64];
    let mut n = 0u32;
    c.errno(
        "readlink through escape",
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        unsafe { sys::path_readlink(dir, b"esc/x".as_ptr(), 5, buf.as_mut_ptr(), 64, &mut n) },
        errno::PERM,
    );

    // Loops.
    symlink(dir, "loop_b", "loop_a");
    symlink(dir, "loop_a", "loop_b");
    c.errno("symlink loop", open(dir, FOLLOW, "loop_a", 0, rights::FD_READ, 0).0, errno::LOOP);
    c.errno("self loop", symlink(dir, "self/x", "self"), 0);
    c.errno("self loop through", open(dir, 0, "self/y", 0, rights::FD_READ, 0).0, errno::LOOP);

    // Rename and link across the boundary.
    let (old, out) = ("existing", "../moved");
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("rename out", unsafe { sys::path_rename(dir, old.as_ptr(), 8, dir, out.as_ptr(), 8) }, errno::PERM);
    let out = "esc/moved";
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("rename out via link", unsafe { sys::path_rename(dir, old.as_ptr(), 8, dir, out.as_ptr(), 9) }, errno::PERM);
    let inside = "../outside/secret";
    c.errno(
        "rename in from outside",
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        unsafe { sys::path_rename(dir, inside.as_ptr(), inside.len() as u32, dir, b"stolen".as_ptr(), 6) },
        errno::PERM,
    );
    let out = "../linked";
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("link out", unsafe { sys::path_link(dir, 0, old.as_ptr(), 8, dir, out.as_ptr(), 9) }, errno::PERM);
    let src = "esc/secret";
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("link in from outside", unsafe { sys::path_link(dir, FOLLOW, src.as_ptr(), 10, dir, b"stolen".as_ptr(), 6) }, errno::PERM);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("link in via host link", unsafe { sys::path_link(dir, FOLLOW, b"hostabs".as_ptr(), 7, dir, b"stolen".as_ptr(), 6) }, errno::PERM);
    let times = "esc/secret";
    c.errno(
        "set times through escape",
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        unsafe { sys::path_filestat_set_times(dir, 0, times.as_ptr(), 10, 0, 0, 2 | 8) },
        errno::PERM,
    );

    // Inside is fine.
    let (e, fd) = open(dir, 0, "existing", 0, rights::FD_READ, 0);
    c.check("inside read", e == 0 && read(fd, 64).1 == b"inside", e);

    // Rights: a read-only descriptor cannot write, and rights only shrink.
    c.errno("write on read-only fd", write(fd, b"x").0, errno::NOTCAPABLE);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("rights cannot grow", unsafe { sys::fd_fdstat_set_rights(fd, rw, 0) }, errno::NOTCAPABLE);

    // A read-only preopen.
    let (e, rfd) = open(ro, 0, "existing", 0, rights::FD_READ, 0);
    c.check("read-only preopen readable", e == 0 && read(rfd, 64).1 == b"read-only", e);
    c.errno("read-only preopen: fd_write", write(rfd, b"x").0, errno::NOTCAPABLE);
    c.errno("read-only preopen: open for write", open(ro, 0, "existing", 0, rw, 0).0, errno::NOTCAPABLE);
    c.errno("read-only preopen: truncate", open(ro, 0, "existing", oflags::TRUNC, rights::FD_READ, 0).0, errno::NOTCAPABLE);
    c.errno("read-only preopen: create", open(ro, 0, "new", oflags::CREAT, rights::FD_READ, 0).0, errno::NOTCAPABLE);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("read-only preopen: mkdir", unsafe { sys::path_create_directory(ro, b"d".as_ptr(), 1) }, errno::NOTCAPABLE);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("read-only preopen: unlink", unsafe { sys::path_unlink_file(ro, b"existing".as_ptr(), 8) }, errno::NOTCAPABLE);
    c.errno("read-only preopen: symlink", symlink(ro, "existing", "l"), errno::NOTCAPABLE);
    c.errno(
        "read-only preopen: rename",
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        unsafe { sys::path_rename(ro, b"existing".as_ptr(), 8, dir, b"taken".as_ptr(), 5) },
        errno::NOTCAPABLE,
    );
    let dir_rights = rights::FD_READDIR | (1 << 9) | (1 << 10) | (1 << 13);
    let (e, rodir) = open(ro, 0, ".", oflags::DIRECTORY, dir_rights, 0);
    c.check("read-only preopen: reopened dir", e == 0, e);
    c.errno("read-only preopen: reopened dir stays read-only", open(rodir, 0, "new", oflags::CREAT, rw, 0).0, errno::NOTCAPABLE);

    println!("{} failures", c.failures);
    exit(if c.failures == 0 { 0 } else { 1 });
}
