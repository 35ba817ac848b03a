//! Byte I/O on descriptors: `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`.
//!
//! Scatter/gather lists are served one buffer at a time, stopping at the first short
//! transfer, so the guest sees the same counts a host `readv`/`writev` would give.
//!
//! With a context shared by threads, `fd_read` and `fd_write` come in two steps
//! ([`fd_read_start`], [`fd_write_start`], then [`StreamTransfer`]): what needs the context
//! (the descriptor, its rights, the guest's buffer list), then the transfer on a host stream or
//! socket, which may block, with the context released.

use std::os::fd::OwnedFd;
use std::sync::Arc;

use super::WasiResult;
use crate::WasiCtx;
use crate::abi::{Errno, Rights};
use crate::fd::FdKind;
use crate::memory::{GuestBuf, GuestMemory};

fn retry<T>(mut op: impl FnMut() -> rustix::io::Result<T>) -> rustix::io::Result<T> {
    loop {
        match op() {
            Err(rustix::io::Errno::INTR) => continue,
            other => return other,
        }
    }
}

/// Runs `step` on each buffer in turn (with the bytes moved so far) until one transfers less
/// than its length. An error after some bytes moved ends the call with the count so far, as
/// POSIX does. The outer error (a bad buffer) ends it at once.
fn each_buf(
    mem: &mut GuestMemory<'_>,
    bufs: &[GuestBuf],
    mut step: impl FnMut(&mut GuestMemory<'_>, GuestBuf, u64) -> Result<Result<usize, Errno>, Errno>,
) -> Result<usize, Errno> {
    let mut total = 0usize;
    for &b in bufs {
        if b.len == 0 {
            continue;
        }
        match step(mem, b, total as u64)? {
            Ok(n) => {
                total += n;
                if n < b.len as usize {
                    break;
                }
            }
            Err(e) if total == 0 => return Err(e),
            Err(_) => break,
        }
    }
    Ok(total)
}

/// [`each_buf`] where `op` fills the buffers (reads into the guest).
fn each_buf_in(
    mem: &mut GuestMemory<'_>,
    bufs: &[GuestBuf],
    mut op: impl FnMut(&mut [u8], u64) -> Result<usize, Errno>,
) -> Result<usize, Errno> {
    each_buf(mem, bufs, |mem, b, done| {
        mem.fill_with(b.ptr, b.len, |slice| op(slice, done))
    })
}

/// [`each_buf`] where `op` only reads the buffers (writes from the guest).
fn each_buf_out(
    mem: &mut GuestMemory<'_>,
    bufs: &[GuestBuf],
    mut op: impl FnMut(&[u8], u64) -> Result<usize, Errno>,
) -> Result<usize, Errno> {
    each_buf(mem, bufs, |mem, b, done| {
        Ok(op(&mem.slice(b.ptr, b.len)?, done))
    })
}

fn read_host(h: &OwnedFd, buf: &mut [u8]) -> Result<usize, Errno> {
    Ok(retry(|| rustix::io::read(h, &mut *buf))?)
}

fn write_host(h: &OwnedFd, buf: &[u8]) -> Result<usize, Errno> {
    Ok(retry(|| rustix::io::write(h, buf))?)
}

/// `fd_read(fd, iovs, iovs_len, nread_ptr)`.
pub fn fd_read(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    out: u32,
) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_READ)?;
    let bufs = mem.read_iovecs(iovs, iovs_len)?;
    let n = match &entry.kind {
        FdKind::File(_) | FdKind::HostStream(_) | FdKind::Socket(_) => {
            let h = entry.host_fd().ok_or(Errno::Badf)?;
            each_buf_in(mem, &bufs, |b, _| read_host(h, b))?
        }
        FdKind::Null => 0,
        FdKind::ReadPipe(p) => each_buf_in(mem, &bufs, |b, _| Ok(p.read(b)))?,
        FdKind::Dir(_) => return Err(Errno::IsDir),
        FdKind::WritePipe(_) => return Err(Errno::Badf),
        FdKind::Listener(_) => return Err(Errno::NotConn),
    };
    mem.write_u32(out, n as u32)
}

/// `fd_write(fd, iovs, iovs_len, nwritten_ptr)`.
pub fn fd_write(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    out: u32,
) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_WRITE)?;
    let bufs = mem.read_iovecs(iovs, iovs_len)?;
    let n = match &entry.kind {
        FdKind::File(_) | FdKind::HostStream(_) | FdKind::Socket(_) => {
            let h = entry.host_fd().ok_or(Errno::Badf)?;
            each_buf_out(mem, &bufs, |b, _| write_host(h, b))?
        }
        FdKind::Null => bufs.iter().map(|b| b.len as usize).sum(),
        FdKind::WritePipe(p) => each_buf_out(mem, &bufs, |b, _| {
            p.write(b);
            Ok(b.len())
        })?,
        FdKind::Dir(_) => return Err(Errno::IsDir),
        FdKind::ReadPipe(_) => return Err(Errno::Badf),
        FdKind::Listener(_) => return Err(Errno::NotConn),
    };
    mem.write_u32(out, n as u32)
}

/// The part of an `fd_read` or `fd_write` on a host stream or socket that may block, done with
/// the context released: the host descriptor, held by a count of its own (so that an `fd_close`
/// or `fd_renumber` by another thread meanwhile cannot close it and let the number be reused
/// under the transfer), and the guest's buffers.
#[derive(Debug)]
pub struct StreamTransfer {
    fd: Arc<OwnedFd>,
    bufs: Vec<GuestBuf>,
    out: u32,
}

impl StreamTransfer {
    /// The transfer for `fd_*_start`, when `kind` is a host stream or socket: `None` for any
    /// other kind of descriptor (whose call does not wait on a peer, and runs whole in the first
    /// step).
    fn of(
        kind: &FdKind,
        mem: &mut GuestMemory<'_>,
        iovs: u32,
        iovs_len: u32,
        out: u32,
    ) -> Result<Option<Self>, Errno> {
        let (FdKind::HostStream(h) | FdKind::Socket(h)) = kind else {
            return Ok(None);
        };
        let bufs = mem.read_iovecs(iovs, iovs_len)?;
        Ok(Some(Self {
            fd: Arc::clone(h),
            bufs,
            out,
        }))
    }

    /// Reads into the guest's buffers (the second step of [`fd_read_start`]).
    pub fn read(self, mem: &mut GuestMemory<'_>) -> WasiResult {
        let n = each_buf_in(mem, &self.bufs, |b, _| read_host(&self.fd, b))?;
        mem.write_u32(self.out, n as u32)
    }

    /// Writes the guest's buffers (the second step of [`fd_write_start`]).
    pub fn write(self, mem: &mut GuestMemory<'_>) -> WasiResult {
        let n = each_buf_out(mem, &self.bufs, |b, _| write_host(&self.fd, b))?;
        mem.write_u32(self.out, n as u32)
    }
}

/// The first step of `fd_read` for a context shared by threads: on a host stream or socket,
/// checks the descriptor and returns the [`StreamTransfer`] to finish with the context
/// released; on anything else does the whole call and returns `None`.
pub fn fd_read_start(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    out: u32,
) -> Result<Option<StreamTransfer>, Errno> {
    transfer_start(cx, mem, [fd, iovs, iovs_len, out], Rights::FD_READ, fd_read)
}

/// [`fd_read_start`] for `fd_write`.
pub fn fd_write_start(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    out: u32,
) -> Result<Option<StreamTransfer>, Errno> {
    transfer_start(
        cx,
        mem,
        [fd, iovs, iovs_len, out],
        Rights::FD_WRITE,
        fd_write,
    )
}

/// [`fd_read_start`] and [`fd_write_start`]: `right` is the one the call needs, `whole` the
/// call done in one step.
fn transfer_start(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    [fd, iovs, iovs_len, out]: [u32; 4],
    right: Rights,
    whole: fn(&mut WasiCtx, &mut GuestMemory<'_>, u32, u32, u32, u32) -> WasiResult,
) -> Result<Option<StreamTransfer>, Errno> {
    let entry = cx.table.get(fd)?.require(right)?;
    match StreamTransfer::of(&entry.kind, mem, iovs, iovs_len, out)? {
        Some(transfer) => Ok(Some(transfer)),
        None => whole(cx, mem, fd, iovs, iovs_len, out).map(|()| None),
    }
}

fn positional_file(kind: &FdKind) -> Result<&OwnedFd, Errno> {
    match kind {
        FdKind::File(h) => Ok(h),
        FdKind::Dir(_) => Err(Errno::IsDir),
        _ => Err(Errno::Spipe),
    }
}

/// `fd_pread(fd, iovs, iovs_len, offset, nread_ptr)`: reads at `offset` without moving the
/// file position.
pub fn fd_pread(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    out: u32,
) -> WasiResult {
    let entry = cx
        .table
        .get(fd)?
        .require(Rights::FD_READ | Rights::FD_SEEK)?;
    let h = positional_file(&entry.kind)?;
    let bufs = mem.read_iovecs(iovs, iovs_len)?;
    let n = each_buf_in(mem, &bufs, |b, done| {
        Ok(retry(|| rustix::io::pread(h, &mut *b, offset + done))?)
    })?;
    mem.write_u32(out, n as u32)
}

/// `fd_pwrite(fd, iovs, iovs_len, offset, nwritten_ptr)`: writes at `offset` without moving
/// the file position. On a descriptor in append mode the data goes to the end, as on Linux.
pub fn fd_pwrite(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    out: u32,
) -> WasiResult {
    let entry = cx
        .table
        .get(fd)?
        .require(Rights::FD_WRITE | Rights::FD_SEEK)?;
    let h = positional_file(&entry.kind)?;
    let bufs = mem.read_iovecs(iovs, iovs_len)?;
    let n = each_buf_out(mem, &bufs, |b, done| {
        Ok(retry(|| rustix::io::pwrite(h, b, offset + done))?)
    })?;
    mem.write_u32(out, n as u32)
}
