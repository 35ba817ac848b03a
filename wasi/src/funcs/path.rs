//! Path operations other than open: `path_create_directory`, `path_filestat_get`,
//! `path_filestat_set_times`, `path_link`, `path_readlink`, `path_remove_directory`,
//! `path_rename`, `path_symlink`, `path_unlink_file`.
//!
//! Every path is resolved beneath its directory descriptor by [`crate::sandbox::resolve`];
//! the operation then acts on `(parent, name)` without following a final symlink. Trailing
//! slashes follow POSIX: the object must be a directory.

use std::os::fd::{AsFd, OwnedFd};

use rustix::fs::{AtFlags, FileType, Mode};

use super::WasiResult;
use super::fd_state::timestamps;
use crate::WasiCtx;
use crate::abi::{Errno, Filestat, FstFlags, LookupFlags, Rights};
use crate::memory::GuestMemory;
use crate::sandbox::resolve;

/// The directory behind `fd`, which must have `needed` rights. A descriptor that is not a
/// directory is `ENOTDIR` before rights are looked at.
pub(crate) fn dir_of(cx: &WasiCtx, fd: u32, needed: Rights) -> Result<&OwnedFd, Errno> {
    let entry = cx.table.get(fd)?;
    let dir = entry.dir()?;
    entry.require(needed)?;
    Ok(dir)
}

fn is_dir(st: &rustix::fs::Stat) -> bool {
    FileType::from_raw_mode(st.st_mode) == FileType::Directory
}

/// `path_create_directory(fd, path, path_len)`.
pub fn path_create_directory(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult {
    let dir = dir_of(cx, fd, Rights::PATH_CREATE_DIRECTORY)?;
    let r = resolve(dir.as_fd(), &mem.read_str(path, len)?, false)?;
    if r.name == "." {
        return Err(Errno::Exist);
    }
    Ok(rustix::fs::mkdirat(
        r.parent(),
        &*r.name,
        Mode::from_raw_mode(0o777),
    )?)
}

/// `path_filestat_get(fd, flags, path, path_len, buf)`.
pub fn path_filestat_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    path: u32,
    len: u32,
    out: u32,
) -> WasiResult {
    let dir = dir_of(cx, fd, Rights::PATH_FILESTAT_GET)?;
    let path = mem.read_str(path, len)?;
    let follow = LookupFlags(flags).follow() || path.ends_with('/');
    let r = resolve(dir.as_fd(), &path, follow)?;
    let st = rustix::fs::statat(r.parent(), &*r.name, AtFlags::SYMLINK_NOFOLLOW)?;
    if r.must_be_dir && !is_dir(&st) {
        return Err(Errno::NotDir);
    }
    mem.write(out, &Filestat::from_host(&st).encode())
}

/// `path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)`.
#[allow(clippy::too_many_arguments)]
pub fn path_filestat_set_times(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    path: u32,
    len: u32,
    atim: u64,
    mtim: u64,
    fst: u32,
) -> WasiResult {
    let dir = dir_of(cx, fd, Rights::PATH_FILESTAT_SET_TIMES)?;
    let fst = FstFlags::validate(fst)?;
    let path = mem.read_str(path, len)?;
    let follow = LookupFlags(flags).follow() || path.ends_with('/');
    let r = resolve(dir.as_fd(), &path, follow)?;
    r.check_dir_requirement()?;
    Ok(rustix::fs::utimensat(
        r.parent(),
        &*r.name,
        &timestamps(atim, mtim, fst),
        AtFlags::SYMLINK_NOFOLLOW,
    )?)
}

/// `path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len)`.
#[allow(clippy::too_many_arguments)]
pub fn path_link(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    old_fd: u32,
    old_flags: u32,
    old_path: u32,
    old_len: u32,
    new_fd: u32,
    new_path: u32,
    new_len: u32,
) -> WasiResult {
    let old_dir = dir_of(cx, old_fd, Rights::PATH_LINK_SOURCE)?;
    let new_dir = dir_of(cx, new_fd, Rights::PATH_LINK_TARGET)?;
    let old_path = mem.read_str(old_path, old_len)?;
    let new_path = mem.read_str(new_path, new_len)?;
    let old = resolve(old_dir.as_fd(), &old_path, LookupFlags(old_flags).follow())?;
    let new = resolve(new_dir.as_fd(), &new_path, false)?;
    let st = rustix::fs::statat(old.parent(), &*old.name, AtFlags::SYMLINK_NOFOLLOW)?;
    if is_dir(&st) {
        return Err(Errno::Perm);
    }
    if old.must_be_dir {
        return Err(Errno::NotDir);
    }
    if new.must_be_dir {
        return Err(match new.check_dir_requirement() {
            Ok(true) => Errno::Exist,
            Ok(false) => Errno::NoEnt,
            Err(e) => e,
        });
    }
    Ok(rustix::fs::linkat(
        old.parent(),
        &*old.name,
        new.parent(),
        &*new.name,
        AtFlags::empty(),
    )?)
}

/// `path_readlink(fd, path, path_len, buf, buf_len, bufused_ptr)`: the target is cut to the
/// buffer's size.
#[allow(clippy::too_many_arguments)]
pub fn path_readlink(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    len: u32,
    buf: u32,
    buf_len: u32,
    out: u32,
) -> WasiResult {
    let dir = dir_of(cx, fd, Rights::PATH_READLINK)?;
    let r = resolve(dir.as_fd(), &mem.read_str(path, len)?, false)?;
    if r.must_be_dir {
        r.check_dir_requirement()?;
        return Err(Errno::Inval);
    }
    let target = rustix::fs::readlinkat(r.parent(), &*r.name, Vec::new())?;
    let bytes = target.as_bytes();
    let n = bytes.len().min(buf_len as usize);
    mem.slice(buf, buf_len)?;
    mem.write(buf, &bytes[..n])?;
    mem.write_u32(out, n as u32)
}

/// `path_remove_directory(fd, path, path_len)`.
pub fn path_remove_directory(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult {
    let dir = dir_of(cx, fd, Rights::PATH_REMOVE_DIRECTORY)?;
    let r = resolve(dir.as_fd(), &mem.read_str(path, len)?, false)?;
    if r.name == "." {
        return Err(if r.is_root() {
            Errno::Busy
        } else {
            Errno::Inval
        });
    }
    Ok(rustix::fs::unlinkat(
        r.parent(),
        &*r.name,
        AtFlags::REMOVEDIR,
    )?)
}

/// `path_rename(fd, old_path, old_len, new_fd, new_path, new_len)`.
#[allow(clippy::too_many_arguments)]
pub fn path_rename(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    old_fd: u32,
    old_path: u32,
    old_len: u32,
    new_fd: u32,
    new_path: u32,
    new_len: u32,
) -> WasiResult {
    let old_dir = dir_of(cx, old_fd, Rights::PATH_RENAME_SOURCE)?;
    let new_dir = dir_of(cx, new_fd, Rights::PATH_RENAME_TARGET)?;
    let old = resolve(old_dir.as_fd(), &mem.read_str(old_path, old_len)?, false)?;
    let new = resolve(new_dir.as_fd(), &mem.read_str(new_path, new_len)?, false)?;
    if old.name == "." || new.name == "." {
        return Err(Errno::Busy);
    }
    let st = rustix::fs::statat(old.parent(), &*old.name, AtFlags::SYMLINK_NOFOLLOW)?;
    if (old.must_be_dir || new.must_be_dir) && !is_dir(&st) {
        return Err(Errno::NotDir);
    }
    Ok(rustix::fs::renameat(
        old.parent(),
        &*old.name,
        new.parent(),
        &*new.name,
    )?)
}

/// `path_symlink(old_path, old_len, fd, new_path, new_len)`: creates `new_path` pointing to
/// `old_path`. Absolute targets are refused (`EPERM`): they could only ever lead outside.
pub fn path_symlink(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    old_path: u32,
    old_len: u32,
    fd: u32,
    new_path: u32,
    new_len: u32,
) -> WasiResult {
    let dir = dir_of(cx, fd, Rights::PATH_SYMLINK)?;
    let target = mem.read_str(old_path, old_len)?;
    if target.is_empty() {
        return Err(Errno::NoEnt);
    }
    if target.starts_with('/') {
        return Err(Errno::Perm);
    }
    if target.contains('\0') {
        return Err(Errno::Inval);
    }
    let r = resolve(dir.as_fd(), &mem.read_str(new_path, new_len)?, false)?;
    if r.name == "." {
        return Err(Errno::Exist);
    }
    if r.must_be_dir {
        return Err(match r.check_dir_requirement() {
            Ok(true) => Errno::Exist,
            Ok(false) => Errno::NoEnt,
            Err(e) => e,
        });
    }
    Ok(rustix::fs::symlinkat(target, r.parent(), &*r.name)?)
}

/// `path_unlink_file(fd, path, path_len)`.
pub fn path_unlink_file(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult {
    let dir = dir_of(cx, fd, Rights::PATH_UNLINK_FILE)?;
    let r = resolve(dir.as_fd(), &mem.read_str(path, len)?, false)?;
    if r.name == "." {
        return Err(Errno::IsDir);
    }
    if r.must_be_dir {
        let st = rustix::fs::statat(r.parent(), &*r.name, AtFlags::SYMLINK_NOFOLLOW)?;
        return Err(if is_dir(&st) {
            Errno::IsDir
        } else {
            Errno::NotDir
        });
    }
    Ok(rustix::fs::unlinkat(
        r.parent(),
        &*r.name,
        AtFlags::empty(),
    )?)
}
