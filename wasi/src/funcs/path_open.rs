//! `path_open`: opening files and directories beneath a directory descriptor.
//!
//! The new descriptor's rights are what was asked for, limited to what the directory may
//! pass on (its inheriting rights) and to what makes sense for the kind of object opened.
//! Whether the host file is opened for reading and/or writing follows from those rights.

use std::os::fd::AsFd;

use rustix::fs::{FileType, Mode, OFlags as HostOFlags};

use super::WasiResult;
use super::path::dir_of;
use crate::WasiCtx;
use crate::abi::{Errno, FdFlags, LookupFlags, OFlags, Rights};
use crate::fd::{FdEntry, FdKind};
use crate::memory::GuestMemory;
use crate::sandbox::resolve;

/// Rights that need the host file opened for writing. (`FD_DATASYNC` is not one: a
/// directory's rights include it, and syncing works on a read-only descriptor.)
const WRITE_RIGHTS: Rights =
    Rights(Rights::FD_WRITE.0 | Rights::FD_ALLOCATE.0 | Rights::FD_FILESTAT_SET_SIZE.0);

/// `path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting,
/// fdflags, fd_ptr)`.
#[allow(clippy::too_many_arguments)]
pub fn path_open(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    dirflags: u32,
    path: u32,
    path_len: u32,
    oflags: u32,
    rights_base: u64,
    rights_inheriting: u64,
    fdflags: u32,
    out: u32,
) -> WasiResult {
    let dir = dir_of(cx, fd, Rights::PATH_OPEN)?;
    let parent_inheriting = cx.table.get(fd)?.rights_inheriting;
    let parent_base = cx.table.get(fd)?.rights_base;
    if oflags > u32::from(OFlags::ALL) || fdflags > u32::from(FdFlags::ALL) {
        return Err(Errno::Inval);
    }
    let oflags = OFlags(oflags as u16);
    let fdflags = FdFlags(fdflags as u16);
    if oflags.has(OFlags::CREAT) && !parent_base.contains(Rights::PATH_CREATE_FILE) {
        return Err(Errno::NotCapable);
    }
    let requested = Rights(rights_base);
    let wants_write = requested.intersects(WRITE_RIGHTS)
        || oflags.has(OFlags::TRUNC)
        || fdflags.has(FdFlags::APPEND);
    if wants_write && !parent_inheriting.contains(Rights::FD_WRITE) {
        return Err(Errno::NotCapable);
    }
    let base = requested & parent_inheriting;
    let inheriting = Rights(rights_inheriting) & parent_inheriting;
    let read = base.intersects(Rights::FD_READ | Rights::FD_READDIR);
    let write = base.intersects(WRITE_RIGHTS);

    let path = mem.read_str(path, path_len)?;
    let follow = LookupFlags(dirflags).follow() || path.ends_with('/');
    let r = resolve(dir.as_fd(), &path, follow)?;

    let mut flags = HostOFlags::CLOEXEC | HostOFlags::NOFOLLOW | HostOFlags::NOCTTY;
    flags |= match (read, write) {
        (_, false) => HostOFlags::RDONLY,
        (false, true) => HostOFlags::WRONLY,
        (true, true) => HostOFlags::RDWR,
    };
    if oflags.has(OFlags::CREAT) {
        flags |= HostOFlags::CREATE;
    }
    if oflags.has(OFlags::EXCL) {
        flags |= HostOFlags::EXCL;
    }
    if oflags.has(OFlags::TRUNC) {
        flags |= HostOFlags::TRUNC;
    }
    if oflags.has(OFlags::DIRECTORY) || r.must_be_dir {
        flags |= HostOFlags::DIRECTORY;
    }
    if fdflags.has(FdFlags::APPEND) {
        flags |= HostOFlags::APPEND;
    }
    if fdflags.has(FdFlags::NONBLOCK) {
        flags |= HostOFlags::NONBLOCK;
    }
    if fdflags.has(FdFlags::DSYNC) {
        flags |= HostOFlags::DSYNC;
    }
    if fdflags.has(FdFlags::SYNC) || fdflags.has(FdFlags::RSYNC) {
        flags |= HostOFlags::SYNC;
    }
    if oflags.has(OFlags::DIRECTORY) && (oflags.has(OFlags::CREAT) || oflags.has(OFlags::TRUNC)) {
        return Err(Errno::Inval);
    }
    let host = rustix::fs::openat(r.parent(), &*r.name, flags, Mode::from_raw_mode(0o666))?;
    let st = rustix::fs::fstat(&host)?;
    let entry = if FileType::from_raw_mode(st.st_mode) == FileType::Directory {
        FdEntry {
            kind: FdKind::Dir(host),
            rights_base: base & Rights::DIRECTORY_BASE,
            rights_inheriting: inheriting,
            preopen: None,
        }
    } else {
        FdEntry {
            kind: FdKind::File(host),
            rights_base: base & Rights::REGULAR_FILE_BASE,
            rights_inheriting: inheriting & Rights::REGULAR_FILE_BASE,
            preopen: None,
        }
    };
    let new_fd = cx.table.push(entry)?;
    mem.write_u32(out, new_fd)
}
