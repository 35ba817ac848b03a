//! Descriptor state and metadata: `fd_advise`, `fd_allocate`, `fd_close`, `fd_datasync`,
//! `fd_sync`, `fd_fdstat_get`, `fd_fdstat_set_flags`, `fd_fdstat_set_rights`,
//! `fd_filestat_get`, `fd_filestat_set_size`, `fd_filestat_set_times`, `fd_prestat_get`,
//! `fd_prestat_dir_name`, `fd_renumber`, `fd_seek`, `fd_tell`.

use std::num::NonZeroU64;

use rustix::fs::{SeekFrom, Timestamps};
use rustix::time::Timespec;

use super::WasiResult;
use crate::WasiCtx;
use crate::abi::{
    Advice, Errno, FdFlags, Fdstat, Filestat, FstFlags, PREOPENTYPE_DIR, Rights, Whence,
};
use crate::fd::{FdEntry, FdKind};
use crate::memory::GuestMemory;

/// The host file behind a descriptor that supports file operations (files only; `EBADF`
/// for directories and `ESPIPE` for streams, sockets and pipes).
fn file_fd(entry: &FdEntry) -> Result<&std::os::fd::OwnedFd, Errno> {
    match &entry.kind {
        FdKind::File(fd) => Ok(fd),
        FdKind::Dir(_) => Err(Errno::IsDir),
        _ => Err(Errno::Spipe),
    }
}

/// `fd_advise(fd, offset, len, advice)`.
pub fn fd_advise(cx: &mut WasiCtx, fd: u32, offset: u64, len: u64, advice: u32) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_ADVISE)?;
    let advice = match Advice::from_raw(advice)? {
        Advice::Normal => rustix::fs::Advice::Normal,
        Advice::Sequential => rustix::fs::Advice::Sequential,
        Advice::Random => rustix::fs::Advice::Random,
        Advice::WillNeed => rustix::fs::Advice::WillNeed,
        Advice::DontNeed => rustix::fs::Advice::DontNeed,
        Advice::NoReuse => rustix::fs::Advice::NoReuse,
    };
    rustix::fs::fadvise(file_fd(entry)?, offset, NonZeroU64::new(len), advice)?;
    Ok(())
}

/// `fd_allocate(fd, offset, len)`: makes sure `[offset, offset+len)` is allocated, growing
/// the file if needed.
pub fn fd_allocate(cx: &mut WasiCtx, fd: u32, offset: u64, len: u64) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_ALLOCATE)?;
    let file = file_fd(entry)?;
    if len == 0 {
        return Err(Errno::Inval);
    }
    let end = offset.checked_add(len).ok_or(Errno::Fbig)?;
    if end > i64::MAX as u64 {
        return Err(Errno::Fbig);
    }
    match rustix::fs::fallocate(file, rustix::fs::FallocateFlags::empty(), offset, len) {
        Ok(()) => Ok(()),
        // File systems without fallocate: extend the file the portable way.
        Err(rustix::io::Errno::OPNOTSUPP) => {
            let size = rustix::fs::fstat(file)?.st_size as u64;
            if end > size {
                rustix::fs::ftruncate(file, end)?;
            }
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// `fd_close(fd)`. Preopens can be closed too.
pub fn fd_close(cx: &mut WasiCtx, fd: u32) -> WasiResult {
    cx.table.remove(fd).map(drop)
}

/// `fd_datasync(fd)`.
pub fn fd_datasync(cx: &mut WasiCtx, fd: u32) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_DATASYNC)?;
    match entry.host_fd() {
        Some(h) => Ok(rustix::fs::fdatasync(h)?),
        None => Err(Errno::Inval),
    }
}

/// `fd_sync(fd)`.
pub fn fd_sync(cx: &mut WasiCtx, fd: u32) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_SYNC)?;
    match entry.host_fd() {
        Some(h) => Ok(rustix::fs::fsync(h)?),
        None => Err(Errno::Inval),
    }
}

/// The `fdflags` of a descriptor as the host has them.
pub(crate) fn current_fdflags(entry: &FdEntry) -> Result<u16, Errno> {
    let Some(h) = entry.host_fd() else {
        return Ok(0);
    };
    if matches!(entry.kind, FdKind::Dir(_)) {
        return Ok(0);
    }
    let fl = rustix::fs::fcntl_getfl(h)?;
    let mut flags = 0;
    if fl.contains(rustix::fs::OFlags::APPEND) {
        flags |= FdFlags::APPEND;
    }
    if fl.contains(rustix::fs::OFlags::NONBLOCK) {
        flags |= FdFlags::NONBLOCK;
    }
    if fl.contains(rustix::fs::OFlags::SYNC) {
        flags |= FdFlags::SYNC;
    } else if fl.contains(rustix::fs::OFlags::DSYNC) {
        flags |= FdFlags::DSYNC;
    }
    Ok(flags)
}

/// `fd_fdstat_get(fd, stat_ptr)`.
pub fn fd_fdstat_get(cx: &mut WasiCtx, mem: &mut GuestMemory<'_>, fd: u32, out: u32) -> WasiResult {
    let entry = cx.table.get(fd)?;
    let stat = Fdstat {
        filetype: entry.filetype() as u8,
        flags: current_fdflags(entry)?,
        rights_base: entry.rights_base.0,
        rights_inheriting: entry.rights_inheriting.0,
    };
    mem.write(out, &stat.encode())
}

/// `fd_fdstat_set_flags(fd, flags)`: `APPEND` and `NONBLOCK` can be changed; the sync flags
/// only at open time (`ENOTSUP` here, as the host cannot change them either).
pub fn fd_fdstat_set_flags(cx: &mut WasiCtx, fd: u32, flags: u32) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_FDSTAT_SET_FLAGS)?;
    if flags > u32::from(FdFlags::ALL) {
        return Err(Errno::Inval);
    }
    let flags = FdFlags(flags as u16);
    if flags.has(FdFlags::DSYNC) || flags.has(FdFlags::RSYNC) || flags.has(FdFlags::SYNC) {
        return Err(Errno::NotSup);
    }
    let host = match &entry.kind {
        FdKind::File(h) => h,
        FdKind::HostStream(h) | FdKind::Socket(h) | FdKind::Listener(h) => &**h,
        // In-memory streams never block and have no position.
        FdKind::Null | FdKind::ReadPipe(_) | FdKind::WritePipe(_) => return Ok(()),
        FdKind::Dir(_) => return Err(Errno::Badf),
    };
    let mut fl = rustix::fs::fcntl_getfl(host)?;
    fl.set(rustix::fs::OFlags::APPEND, flags.has(FdFlags::APPEND));
    fl.set(rustix::fs::OFlags::NONBLOCK, flags.has(FdFlags::NONBLOCK));
    rustix::fs::fcntl_setfl(host, fl)?;
    Ok(())
}

/// `fd_fdstat_set_rights(fd, base, inheriting)`: rights can only be dropped.
pub fn fd_fdstat_set_rights(cx: &mut WasiCtx, fd: u32, base: u64, inheriting: u64) -> WasiResult {
    let entry = cx.table.get_mut(fd)?;
    let (base, inheriting) = (Rights(base), Rights(inheriting));
    if !entry.rights_base.contains(base) || !entry.rights_inheriting.contains(inheriting) {
        return Err(Errno::NotCapable);
    }
    entry.rights_base = base;
    entry.rights_inheriting = inheriting;
    Ok(())
}

/// The filestat of a descriptor; in-memory streams report a zeroed stat with their type.
pub(crate) fn entry_filestat(entry: &FdEntry) -> Result<Filestat, Errno> {
    match entry.host_fd() {
        Some(h) => Ok(Filestat::from_host(&rustix::fs::fstat(h)?)),
        None => Ok(Filestat {
            filetype: entry.filetype() as u8,
            nlink: 1,
            ..Filestat::default()
        }),
    }
}

/// `fd_filestat_get(fd, buf)`.
pub fn fd_filestat_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    out: u32,
) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_FILESTAT_GET)?;
    let stat = entry_filestat(entry)?;
    mem.write(out, &stat.encode())
}

/// `fd_filestat_set_size(fd, size)`.
pub fn fd_filestat_set_size(cx: &mut WasiCtx, fd: u32, size: u64) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_FILESTAT_SET_SIZE)?;
    let file = file_fd(entry)?;
    if size > i64::MAX as u64 {
        return Err(Errno::Fbig);
    }
    Ok(rustix::fs::ftruncate(file, size)?)
}

/// The host timestamps for a `*_set_times` call.
pub(crate) fn timestamps(atim: u64, mtim: u64, flags: FstFlags) -> Timestamps {
    let one = |set: u16, now: u16, t: u64| {
        if flags.0 & now != 0 {
            Timespec {
                tv_sec: 0,
                tv_nsec: rustix::fs::UTIME_NOW,
            }
        } else if flags.0 & set != 0 {
            Timespec {
                tv_sec: (t / 1_000_000_000) as i64,
                tv_nsec: (t % 1_000_000_000) as _,
            }
        } else {
            Timespec {
                tv_sec: 0,
                tv_nsec: rustix::fs::UTIME_OMIT,
            }
        }
    };
    Timestamps {
        last_access: one(FstFlags::ATIM, FstFlags::ATIM_NOW, atim),
        last_modification: one(FstFlags::MTIM, FstFlags::MTIM_NOW, mtim),
    }
}

/// `fd_filestat_set_times(fd, atim, mtim, fst_flags)`.
pub fn fd_filestat_set_times(
    cx: &mut WasiCtx,
    fd: u32,
    atim: u64,
    mtim: u64,
    flags: u32,
) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_FILESTAT_SET_TIMES)?;
    let flags = FstFlags::validate(flags)?;
    let host = entry.host_fd().ok_or(Errno::Inval)?;
    Ok(rustix::fs::futimens(host, &timestamps(atim, mtim, flags))?)
}

/// `fd_prestat_get(fd, buf)`.
pub fn fd_prestat_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    out: u32,
) -> WasiResult {
    let entry = cx.table.get(fd)?;
    let name = entry.preopen.as_ref().ok_or(Errno::Badf)?;
    let mut b = [0u8; 8];
    b[0] = PREOPENTYPE_DIR;
    b[4..8].copy_from_slice(&(name.len() as u32).to_le_bytes());
    mem.write(out, &b)
}

/// `fd_prestat_dir_name(fd, path, path_len)`.
pub fn fd_prestat_dir_name(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult {
    let entry = cx.table.get(fd)?;
    let name = entry.preopen.as_ref().ok_or(Errno::Badf)?;
    if (len as usize) < name.len() {
        return Err(Errno::NameTooLong);
    }
    mem.write(path, name.as_bytes())
}

/// `fd_renumber(from, to)`.
pub fn fd_renumber(cx: &mut WasiCtx, from: u32, to: u32) -> WasiResult {
    cx.table.renumber(from, to)
}

/// `fd_seek(fd, offset, whence, newoffset_ptr)`.
pub fn fd_seek(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    offset: i64,
    whence: u32,
    out: u32,
) -> WasiResult {
    let entry = cx.table.get(fd)?;
    let whence = Whence::from_raw(whence)?;
    if offset == 0 && whence == Whence::Cur {
        if !entry
            .rights_base
            .intersects(Rights::FD_TELL | Rights::FD_SEEK)
        {
            return Err(Errno::NotCapable);
        }
    } else {
        entry.require(Rights::FD_SEEK)?;
    }
    let host = match &entry.kind {
        FdKind::File(h) => h,
        FdKind::HostStream(h) => &**h,
        FdKind::Dir(_) => return Err(Errno::IsDir),
        _ => return Err(Errno::Spipe),
    };
    let pos = match whence {
        Whence::Set => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::Inval)?),
        Whence::Cur => SeekFrom::Current(offset),
        Whence::End => SeekFrom::End(offset),
    };
    let new = rustix::fs::seek(host, pos)?;
    mem.write_u64(out, new)
}

/// `fd_tell(fd, offset_ptr)`.
pub fn fd_tell(cx: &mut WasiCtx, mem: &mut GuestMemory<'_>, fd: u32, out: u32) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_TELL)?;
    let host = match &entry.kind {
        FdKind::File(h) => h,
        FdKind::HostStream(h) => &**h,
        FdKind::Dir(_) => return Err(Errno::IsDir),
        _ => return Err(Errno::Spipe),
    };
    let pos = rustix::fs::tell(host)?;
    mem.write_u64(out, pos)
}
