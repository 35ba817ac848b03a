//! Calls every one of the 46 `wasi_snapshot_preview1` functions directly and checks each
//! result, printing `ok NAME` per check. Run with args `alpha beta`, env `FIXTURE=yes`,
//! stdin `ping`, and a writable preopen named `sandbox`. Ends with `proc_exit(42)`.

use kestrel_wasi_programs::{Aligned, errno, exit, filestat, fstat, oflags, open, preopen, read, rights, stat, sys, u64_at, write, Checker, Iovec};

fn strings(count: u32, size: u32, get: unsafe extern "C" fn(*mut *mut u8, *mut u8) -> i32) -> (i32, Vec<String>) {
    let mut ptrs = vec![std::ptr::null_mut::<u8>(); count as usize];
    let mut buf = vec![0u8; size as usize];
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { get(ptrs.as_mut_ptr(), buf.as_mut_ptr()) };
    let base = buf.as_ptr() as usize;
    let list = ptrs
        .iter()
        .map(|&p| {
            let start = p as usize - base;
            let end = start + buf[start..].iter().position(|&b| b == 0).unwrap();
            String::from_utf8_lossy(&buf[start..end]).into_owned()
        })
        .collect();
    (e, list)
}

fn main() {
    let mut c = Checker::default();

    // Arguments and environment.
    let (mut argc, mut argsz) = (0u32, 0u32);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("args_sizes_get", unsafe { sys::args_sizes_get(&mut argc, &mut argsz) }, 0);
    let (e, args) = strings(argc, argsz, sys::args_get);
    c.check("args_get", e == 0 && args.len() == 3 && args[1] == "alpha" && args[2] == "beta", format_args!("{args:?}"));
    let (mut envc, mut envsz) = (0u32, 0u32);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("environ_sizes_get", unsafe { sys::environ_sizes_get(&mut envc, &mut envsz) }, 0);
    let (e, env) = strings(envc, envsz, sys::environ_get);
    c.check("environ_get", e == 0 && env.first().map(String::as_str) == Some("FIXTURE=yes"), format_args!("{env:?}"));

    // Clocks, randomness, scheduling, signals.
    let mut res = 0u64;
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.check("clock_res_get", unsafe { sys::clock_res_get(1, &mut res) } == 0 && res > 0, res);
    let (mut t0, mut t1, mut wall) = (0u64, 0u64, 0u64);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    unsafe {
        sys::clock_time_get(1, 0, &mut t0);
        sys::clock_time_get(1, 0, &mut t1);
    }
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::clock_time_get(0, 1, &mut wall) };
    c.check("clock_time_get", e == 0 && t1 >= t0 && wall > 1_600_000_000_000_000_000, format_args!("{t0} {t1} {wall}"));
    let mut rnd = [0u8; 64];
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::random_get(rnd.as_mut_ptr(), 64) };
    c.check("random_get", e == 0 && rnd.iter().any(|&b| b != 0), format_args!("{e}"));
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("sched_yield", unsafe { sys::sched_yield() }, 0);
    if std::env::var_os("SKIP_PROC_RAISE").is_none() {
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        c.errno("proc_raise", unsafe { sys::proc_raise(16) }, 0);
    }

    // Preopens.
    let mut pre = Aligned([0u8; 8]);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::fd_prestat_get(3, pre.0.as_mut_ptr()) };
    let pre = pre.0;
    c.check("fd_prestat_get", e == 0 && pre[0] == 0 && pre[4] == 7, format_args!("{e} {pre:?}"));
    let mut name = [0u8; 7];
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::fd_prestat_dir_name(3, name.as_mut_ptr(), 7) };
    c.check("fd_prestat_dir_name", e == 0 && &name == b"sandbox", format_args!("{e}"));
    let dir = preopen("sandbox").unwrap_or(3);

    // A file: create, write, positional I/O, seek, metadata.
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("path_create_directory", unsafe { sys::path_create_directory(dir, b"d".as_ptr(), 1) }, 0);
    let (e, fd) = open(dir, 0, "d/f.txt", oflags::CREAT | oflags::TRUNC, rights::FILE_ALL, 0);
    c.errno("path_open", e, 0);
    c.check("fd_write", write(fd, b"hello world") == (0, 11), "short write");
    let iov = Iovec { buf: b"HE".as_ptr(), len: 2 };
    let mut n = 0;
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.check("fd_pwrite", unsafe { sys::fd_pwrite(fd, &iov, 1, 0, &mut n) } == 0 && n == 2, n);
    let mut pos = 0u64;
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.check("fd_tell", unsafe { sys::fd_tell(fd, &mut pos) } == 0 && pos == 11, pos);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.check("fd_seek", unsafe { sys::fd_seek(fd, 0, 0, &mut pos) } == 0 && pos == 0, pos);
    let (e, got) = read(fd, 64);
    c.check("fd_read", e == 0 && got == b"HEllo world", String::from_utf8_lossy(&got));
    let mut five = [0u8; 5];
    let iov = Iovec { buf: five.as_mut_ptr(), len: 5 };
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.check("fd_pread", unsafe { sys::fd_pread(fd, &iov, 1, 6, &mut n) } == 0 && &five == b"world", n);
    let mut fdstat = Aligned([0u8; 24]);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let fdstat_errno = unsafe { sys::fd_fdstat_get(fd, fdstat.0.as_mut_ptr()) };
    c.check("fd_fdstat_get", fdstat_errno == 0 && fdstat.0[0] == 4, fdstat.0[0]);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let set_flags = unsafe { sys::fd_fdstat_set_flags(fd, 1) };
    c.errno("fd_fdstat_set_flags", set_flags, 0);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    unsafe { sys::fd_seek(fd, 0, 0, &mut pos) };
    write(fd, b"!");
    let (_, st) = fstat(fd);
    c.check("fd_filestat_get", u64_at(&st, filestat::SIZE) == 12 && st[filestat::FILETYPE] == 4, u64_at(&st, filestat::SIZE));
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    unsafe { sys::fd_fdstat_set_flags(fd, 0) };
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("fd_filestat_set_size", unsafe { sys::fd_filestat_set_size(fd, 5) }, 0);
    c.check("fd_filestat_set_size took effect", u64_at(&fstat(fd).1, filestat::SIZE) == 5, "size");
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::fd_filestat_set_times(fd, 1_000_000_000_000_000_000, 2_000_000_000_000_000_000, 1 | 4) };
    c.check("fd_filestat_set_times", e == 0 && u64_at(&fstat(fd).1, filestat::MTIM) == 2_000_000_000_000_000_000, e);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let advised = unsafe { sys::fd_advise(fd, 0, 0, 1) };
    c.errno("fd_advise", advised, 0);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::fd_allocate(fd, 0, 4096) };
    c.check("fd_allocate", e == 0 && u64_at(&fstat(fd).1, filestat::SIZE) == 4096, e);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("fd_datasync", unsafe { sys::fd_datasync(fd) }, 0);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("fd_sync", unsafe { sys::fd_sync(fd) }, 0);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("fd_fdstat_set_rights", unsafe { sys::fd_fdstat_set_rights(fd, rights::FILE_ALL & !rights::FD_WRITE, 0) }, 0);
    c.errno("fd_write without the right", write(fd, b"x").0, errno::NOTCAPABLE);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("fd_fdstat_set_rights cannot add", unsafe { sys::fd_fdstat_set_rights(fd, rights::FILE_ALL, 0) }, errno::NOTCAPABLE);
    let (_, other) = open(dir, 0, "d/f.txt", 0, rights::FD_READ, 0);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("fd_renumber", unsafe { sys::fd_renumber(fd, other) }, 0);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("fd_renumber closed the source", unsafe { sys::fd_close(fd) }, errno::BADF);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("fd_close", unsafe { sys::fd_close(other) }, 0);

    // Paths.
    let (e, st) = stat(dir, 0, "d/f.txt");
    c.check("path_filestat_get", e == 0 && u64_at(&st, filestat::SIZE) == 4096, e);
    let p = "d/f.txt";
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::path_filestat_set_times(dir, 0, p.as_ptr(), p.len() as u32, 0, 3_000_000_000_000_000_000, 4) };
    c.check("path_filestat_set_times", e == 0 && u64_at(&stat(dir, 0, p).1, filestat::MTIM) == 3_000_000_000_000_000_000, e);
    let (target, link) = ("f.txt", "d/link");
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("path_symlink", unsafe { sys::path_symlink(target.as_ptr(), 5, dir, link.as_ptr(), 6) }, 0);
    let mut buf = [0u8; 32];
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::path_readlink(dir, link.as_ptr(), 6, buf.as_mut_ptr(), 32, &mut n) };
    c.check("path_readlink", e == 0 && &buf[..n as usize] == b"f.txt", n);
    let (e, st) = stat(dir, 1, link);
    c.check("path_filestat_get follows symlinks", e == 0 && st[filestat::FILETYPE] == 4, st[filestat::FILETYPE]);
    let hard = "d/hard";
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("path_link", unsafe { sys::path_link(dir, 0, p.as_ptr(), p.len() as u32, dir, hard.as_ptr(), 6) }, 0);
    c.check("path_link took effect", u64_at(&stat(dir, 0, p).1, filestat::NLINK) == 2, "nlink");
    let hard2 = "d/hard2";
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("path_rename", unsafe { sys::path_rename(dir, hard.as_ptr(), 6, dir, hard2.as_ptr(), 7) }, 0);
    let (e, dfd) = open(dir, 0, "d", oflags::DIRECTORY, rights::FD_READDIR, 0);
    let mut listing = Aligned([0u8; 1024]);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e2 = unsafe { sys::fd_readdir(dfd, listing.0.as_mut_ptr(), 1024, 0, &mut n) };
    let listing = listing.0;
    let mut names = Vec::new();
    let mut off = 0usize;
    while off + 24 <= n as usize {
        let len = u32::from_le_bytes(listing[off + 16..off + 20].try_into().unwrap()) as usize;
        names.push(String::from_utf8_lossy(&listing[off + 24..off + 24 + len]).into_owned());
        off += 24 + len;
    }
    names.sort();
    c.check("fd_readdir", e == 0 && e2 == 0 && names == [".", "..", "f.txt", "hard2", "link"], format_args!("{names:?}"));
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    unsafe { sys::fd_close(dfd) };
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("path_remove_directory of a non-empty directory", unsafe { sys::path_remove_directory(dir, b"d".as_ptr(), 1) }, errno::NOTEMPTY);
    for f in ["d/f.txt", "d/hard2", "d/link"] {
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        c.errno("path_unlink_file", unsafe { sys::path_unlink_file(dir, f.as_ptr(), f.len() as u32) }, 0);
    }
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("path_remove_directory", unsafe { sys::path_remove_directory(dir, b"d".as_ptr(), 1) }, 0);

    // Polling: a 1 ms clock and stdout writability.
    let mut aligned_subs = Aligned([0u8; 96]);
    let subs = &mut aligned_subs.0;
    subs[0..8].copy_from_slice(&7u64.to_le_bytes());
    subs[8] = 0; // clock
    subs[16..20].copy_from_slice(&1u32.to_le_bytes());
    subs[24..32].copy_from_slice(&1_000_000u64.to_le_bytes());
    subs[48..56].copy_from_slice(&9u64.to_le_bytes());
    subs[56] = 2; // fd_write
    subs[64..68].copy_from_slice(&1u32.to_le_bytes());
    let mut aligned_events = Aligned([0u8; 64]);
    let events = &mut aligned_events.0;
    let mut nev = 0u32;
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), 2, &mut nev) };
    let first = u64::from_le_bytes(events[0..8].try_into().unwrap());
    c.check("poll_oneoff", e == 0 && nev >= 1 && (first == 7 || first == 9), format_args!("{e} {nev} {first}"));
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), 1, &mut nev) };
    c.check("poll_oneoff clock", e == 0 && nev == 1 && events[10] == 0, format_args!("{e} {nev}"));

    // Standard input.
    let (e, got) = read(0, 16);
    c.check("fd_read stdin", e == 0 && got == b"ping", String::from_utf8_lossy(&got));

    // Sockets: no socket here, so each says so.
    let mut sock = 0u32;
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("sock_accept", unsafe { sys::sock_accept(dir, 0, &mut sock) }, errno::NOTSOCK);
    let iov = Iovec { buf: buf.as_mut_ptr(), len: 4 };
    let mut flags = 0u16;
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("sock_recv", unsafe { sys::sock_recv(1, &iov, 1, 0, &mut n, &mut flags) }, errno::NOTSOCK);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("sock_send", unsafe { sys::sock_send(1, &iov, 1, 0, &mut n) }, errno::NOTSOCK);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    c.errno("sock_shutdown", unsafe { sys::sock_shutdown(1, 2) }, errno::NOTSOCK);

    println!("{} failures", c.failures);
    exit(if c.failures == 0 { 42 } else { 1 });
}
