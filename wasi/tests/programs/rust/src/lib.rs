//! Raw `wasi_snapshot_preview1` imports and small helpers shared by the test programs, so
//! each program can call every function directly and check the exact errno.
#![allow(clippy::missing_safety_doc)]

pub mod sys {
    //! The preview1 imports, with their core wasm signatures.
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn args_get(argv: *mut *mut u8, buf: *mut u8) -> i32;
        pub fn args_sizes_get(argc: *mut u32, size: *mut u32) -> i32;
        pub fn environ_get(environ: *mut *mut u8, buf: *mut u8) -> i32;
        pub fn environ_sizes_get(count: *mut u32, size: *mut u32) -> i32;
        pub fn clock_res_get(id: u32, out: *mut u64) -> i32;
        pub fn clock_time_get(id: u32, precision: u64, out: *mut u64) -> i32;
        pub fn fd_advise(fd: u32, offset: u64, len: u64, advice: u32) -> i32;
        pub fn fd_allocate(fd: u32, offset: u64, len: u64) -> i32;
        pub fn fd_close(fd: u32) -> i32;
        pub fn fd_datasync(fd: u32) -> i32;
        pub fn fd_fdstat_get(fd: u32, out: *mut u8) -> i32;
        pub fn fd_fdstat_set_flags(fd: u32, flags: u32) -> i32;
        pub fn fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64) -> i32;
        pub fn fd_filestat_get(fd: u32, out: *mut u8) -> i32;
        pub fn fd_filestat_set_size(fd: u32, size: u64) -> i32;
        pub fn fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u32) -> i32;
        pub fn fd_pread(fd: u32, iovs: *const Iovec, n: u32, offset: u64, out: *mut u32) -> i32;
        pub fn fd_prestat_get(fd: u32, out: *mut u8) -> i32;
        pub fn fd_prestat_dir_name(fd: u32, path: *mut u8, len: u32) -> i32;
        pub fn fd_pwrite(fd: u32, iovs: *const Iovec, n: u32, offset: u64, out: *mut u32) -> i32;
        pub fn fd_read(fd: u32, iovs: *const Iovec, n: u32, out: *mut u32) -> i32;
        pub fn fd_readdir(fd: u32, buf: *mut u8, len: u32, cookie: u64, out: *mut u32) -> i32;
        pub fn fd_renumber(from: u32, to: u32) -> i32;
        pub fn fd_seek(fd: u32, offset: i64, whence: u32, out: *mut u64) -> i32;
        pub fn fd_sync(fd: u32) -> i32;
        pub fn fd_tell(fd: u32, out: *mut u64) -> i32;
        pub fn fd_write(fd: u32, iovs: *const Iovec, n: u32, out: *mut u32) -> i32;
        pub fn path_create_directory(fd: u32, path: *const u8, len: u32) -> i32;
        pub fn path_filestat_get(fd: u32, flags: u32, path: *const u8, len: u32, out: *mut u8) -> i32;
        pub fn path_filestat_set_times(fd: u32, flags: u32, path: *const u8, len: u32, atim: u64, mtim: u64, fst: u32) -> i32;
        pub fn path_link(old_fd: u32, old_flags: u32, old: *const u8, old_len: u32, new_fd: u32, new: *const u8, new_len: u32) -> i32;
        pub fn path_open(fd: u32, dirflags: u32, path: *const u8, len: u32, oflags: u32, base: u64, inheriting: u64, fdflags: u32, out: *mut u32) -> i32;
        pub fn path_readlink(fd: u32, path: *const u8, len: u32, buf: *mut u8, buf_len: u32, out: *mut u32) -> i32;
        pub fn path_remove_directory(fd: u32, path: *const u8, len: u32) -> i32;
        pub fn path_rename(fd: u32, old: *const u8, old_len: u32, new_fd: u32, new: *const u8, new_len: u32) -> i32;
        pub fn path_symlink(old: *const u8, old_len: u32, fd: u32, new: *const u8, new_len: u32) -> i32;
        pub fn path_unlink_file(fd: u32, path: *const u8, len: u32) -> i32;
        pub fn poll_oneoff(subs: *const u8, events: *mut u8, n: u32, out: *mut u32) -> i32;
        pub fn proc_exit(code: u32) -> !;
        pub fn proc_raise(sig: u32) -> i32;
        pub fn sched_yield() -> i32;
        pub fn random_get(buf: *mut u8, len: u32) -> i32;
        pub fn sock_accept(fd: u32, flags: u32, out: *mut u32) -> i32;
        pub fn sock_recv(fd: u32, iovs: *const Iovec, n: u32, flags: u32, out_len: *mut u32, out_flags: *mut u16) -> i32;
        pub fn sock_send(fd: u32, iovs: *const Iovec, n: u32, flags: u32, out: *mut u32) -> i32;
        pub fn sock_shutdown(fd: u32, how: u32) -> i32;
    }

    /// An `iovec`/`ciovec`.
    #[repr(C)]
    pub struct Iovec {
        pub buf: *const u8,
        pub len: u32,
    }
}

pub use sys::Iovec;

/// Errno values the programs check.
pub mod errno {
    pub const SUCCESS: i32 = 0;
    pub const BADF: i32 = 8;
    pub const EXIST: i32 = 20;
    pub const INVAL: i32 = 28;
    pub const ISDIR: i32 = 31;
    pub const LOOP: i32 = 32;
    pub const NOENT: i32 = 44;
    pub const NOTDIR: i32 = 54;
    pub const NOTEMPTY: i32 = 55;
    pub const NOTSOCK: i32 = 57;
    pub const PERM: i32 = 63;
    pub const NOTCAPABLE: i32 = 76;
}

/// Rights bits.
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    /// Everything a regular file can use.
    pub const FILE_ALL: u64 = FD_DATASYNC
        | FD_READ
        | FD_SEEK
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_TELL
        | FD_WRITE
        | FD_ADVISE
        | FD_ALLOCATE
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_SIZE
        | FD_FILESTAT_SET_TIMES
        | POLL_FD_READWRITE;
}

/// `oflags`.
pub mod oflags {
    pub const CREAT: u32 = 1;
    pub const DIRECTORY: u32 = 2;
    pub const EXCL: u32 = 4;
    pub const TRUNC: u32 = 8;
}

/// `lookupflags::symlink_follow`.
pub const FOLLOW: u32 = 1;

/// Counts checks and prints one line per check: `ok NAME` or `FAIL NAME: detail`.
#[derive(Default)]
pub struct Checker {
    pub failures: u32,
}

impl Checker {
    pub fn check(&mut self, name: &str, ok: bool, detail: impl std::fmt::Display) {
        if ok {
            println!("ok {name}");
        } else {
            self.failures += 1;
            println!("FAIL {name}: {detail}");
        }
    }

    /// Checks that a call returned `want` as its errno.
    pub fn errno(&mut self, name: &str, got: i32, want: i32) {
        self.check(name, got == want, format_args!("errno {got}, expected {want}"));
    }
}

/// `path_open` with a Rust string; returns (errno, fd).
pub fn open(dir: u32, follow: u32, path: &str, oflags: u32, base: u64, fdflags: u32) -> (i32, u32) {
    let mut fd = u32::MAX;
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::path_open(dir, follow, path.as_ptr(), path.len() as u32, oflags, base, base, fdflags, &mut fd) };
    (e, fd)
}

/// Writes `data` with `fd_write`; returns (errno, count).
pub fn write(fd: u32, data: &[u8]) -> (i32, u32) {
    let iov = Iovec { buf: data.as_ptr(), len: data.len() as u32 };
    let mut n = 0;
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::fd_write(fd, &iov, 1, &mut n) };
    (e, n)
}

/// Reads up to `len` bytes with `fd_read`; returns (errno, bytes).
pub fn read(fd: u32, len: usize) -> (i32, Vec<u8>) {
    let mut buf = vec![0u8; len];
    let iov = Iovec { buf: buf.as_mut_ptr(), len: len as u32 };
    let mut n = 0;
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::fd_read(fd, &iov, 1, &mut n) };
    buf.truncate(n as usize);
    (e, buf)
}

/// `path_filestat_get`; returns (errno, raw 64-byte filestat).
pub fn stat(dir: u32, follow: u32, path: &str) -> (i32, [u8; 64]) {
    let mut st = Aligned([0u8; 64]);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::path_filestat_get(dir, follow, path.as_ptr(), path.len() as u32, st.0.as_mut_ptr()) };
    (e, st.0)
}

/// A buffer aligned for the structs WASI writes (8-byte fields).
#[repr(C, align(8))]
pub struct Aligned<const N: usize>(pub [u8; N]);

/// `fd_filestat_get`; returns (errno, raw filestat).
pub fn fstat(fd: u32) -> (i32, [u8; 64]) {
    let mut st = Aligned([0u8; 64]);
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    let e = unsafe { sys::fd_filestat_get(fd, st.0.as_mut_ptr()) };
    (e, st.0)
}

/// Little-endian u64 at `off` of a raw struct.
pub fn u64_at(b: &[u8], off: usize) -> u64 {
    u64::from_le_bytes(b[off..off + 8].try_into().unwrap())
}

/// Filestat field offsets.
pub mod filestat {
    pub const FILETYPE: usize = 16;
    pub const NLINK: usize = 24;
    pub const SIZE: usize = 32;
    pub const MTIM: usize = 48;
}

/// Finds the preopened directory with guest name `name`.
pub fn preopen(name: &str) -> Option<u32> {
    for fd in 3..64u32 {
        let mut pre = Aligned([0u8; 8]);
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        if unsafe { sys::fd_prestat_get(fd, pre.0.as_mut_ptr()) } != 0 {
            continue;
        }
        let len = u32::from_le_bytes(pre.0[4..8].try_into().unwrap());
        let mut buf = vec![0u8; len as usize];
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        if unsafe { sys::fd_prestat_dir_name(fd, buf.as_mut_ptr(), len) } == 0 && buf == name.as_bytes() {
            return Some(fd);
        }
    }
    None
}

/// Ends the program with `code`.
pub fn exit(code: u32) -> ! {
    // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
    unsafe { sys::proc_exit(code) }
}
