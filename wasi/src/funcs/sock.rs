//! Sockets handed to the guest: `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown`.
//!
//! Preview1 cannot create or connect sockets; a guest serves connections on listeners the
//! embedder preopened (`WasiCtxBuilder::tcp_listen`). `sock_recv`, `sock_send` and
//! `sock_shutdown` also serve the sockets a guest opens with WasmEdge's extension
//! (`wasmedge_sock.rs`), which imports them with the same signatures.

use rustix::net::{RecvFlags, SendFlags, Shutdown, SocketFlags};
use std::os::fd::OwnedFd;
use std::sync::Arc;

use super::WasiResult;
use crate::WasiCtx;
use crate::abi::{Errno, FdFlags, RiFlags, Rights, SdFlags};
use crate::fd::{FdEntry, FdKind};
use crate::memory::{GuestBuf, GuestMemory};

fn socket_of(entry: &FdEntry) -> Result<&OwnedFd, Errno> {
    match &entry.kind {
        FdKind::Socket(h) => Ok(h),
        FdKind::Listener(_) => Err(Errno::NotConn),
        _ => Err(Errno::NotSock),
    }
}

/// A `sock_accept` between its checks and the new descriptor: the listening socket, held by a
/// count of its own (so that an `fd_close` by another thread meanwhile cannot close it under
/// the wait), and what the connection's descriptor gets. A shared context waits for the
/// connection ([`PendingAccept::wait`]) with the context released.
#[derive(Debug)]
pub struct PendingAccept {
    listener: Arc<OwnedFd>,
    flags: SocketFlags,
    rights_base: Rights,
    rights_inheriting: Rights,
}

impl PendingAccept {
    /// An accept on `listener` of a connection that gets `flags` and those rights.
    pub(crate) fn new(
        listener: &Arc<OwnedFd>,
        flags: SocketFlags,
        rights_base: Rights,
        rights_inheriting: Rights,
    ) -> Self {
        Self {
            listener: Arc::clone(listener),
            flags,
            rights_base,
            rights_inheriting,
        }
    }

    /// Waits for a connection (at once with `EAGAIN` on a non-blocking listener).
    pub fn wait(self) -> Result<AcceptedConn, Errno> {
        let conn = loop {
            match rustix::net::accept_with(&*self.listener, self.flags) {
                Err(rustix::io::Errno::INTR) => continue,
                other => break other?,
            }
        };
        Ok(AcceptedConn {
            conn,
            rights_base: self.rights_base,
            rights_inheriting: self.rights_inheriting,
        })
    }
}

/// A connection `sock_accept` took, not yet the guest's descriptor.
#[derive(Debug)]
pub struct AcceptedConn {
    conn: OwnedFd,
    rights_base: Rights,
    rights_inheriting: Rights,
}

impl AcceptedConn {
    /// Gives the connection a descriptor and writes its number at `out`.
    pub fn finish(self, cx: &mut WasiCtx, mem: &mut GuestMemory<'_>, out: u32) -> WasiResult {
        let new_fd = cx.table.push(FdEntry {
            kind: FdKind::Socket(Arc::new(self.conn)),
            rights_base: self.rights_base,
            rights_inheriting: self.rights_inheriting,
            preopen: None,
        })?;
        mem.write_u32(out, new_fd)
    }
}

/// The checks of `sock_accept(fd, flags, fd_ptr)` (only `NONBLOCK` is a valid flag), and the
/// accept they allow.
pub fn sock_accept_start(cx: &mut WasiCtx, fd: u32, flags: u32) -> Result<PendingAccept, Errno> {
    let entry = cx.table.get(fd)?;
    let listener = match &entry.kind {
        FdKind::Listener(h) => h,
        FdKind::Socket(_) => return Err(Errno::Inval),
        _ => return Err(Errno::NotSock),
    };
    entry.require(Rights::SOCK_ACCEPT)?;
    if flags & !u32::from(FdFlags::NONBLOCK) != 0 {
        return Err(Errno::Inval);
    }
    let mut host_flags = SocketFlags::CLOEXEC;
    if flags & u32::from(FdFlags::NONBLOCK) != 0 {
        host_flags |= SocketFlags::NONBLOCK;
    }
    let inheriting = entry.rights_inheriting;
    Ok(PendingAccept::new(
        listener,
        host_flags,
        Rights::SOCKET_BASE & (inheriting | Rights::SOCKET_BASE),
        Rights::NONE,
    ))
}

/// `sock_accept(fd, flags, fd_ptr)`: only `NONBLOCK` is a valid flag.
pub fn sock_accept(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    out: u32,
) -> WasiResult {
    sock_accept_start(cx, fd, flags)?
        .wait()?
        .finish(cx, mem, out)
}

/// The part of a `sock_recv` or `sock_send` that may block, done with a shared context
/// released: the socket, held by a count of its own (so that an `fd_close` by another thread
/// meanwhile cannot close it under the transfer), the guest's buffers and where the results go.
#[derive(Debug)]
pub struct SocketTransfer {
    sock: Arc<OwnedFd>,
    bufs: Vec<GuestBuf>,
    recv_flags: RecvFlags,
    out: u32,
    out_flags: u32,
}

/// The socket a `sock_recv`/`sock_send` on `fd` uses, with its rights checked, counted.
fn counted_socket(cx: &WasiCtx, fd: u32, right: Rights) -> Result<Arc<OwnedFd>, Errno> {
    let entry = cx.table.get(fd)?;
    let sock = match &entry.kind {
        FdKind::Socket(h) => Arc::clone(h),
        FdKind::Listener(_) => return Err(Errno::NotConn),
        _ => return Err(Errno::NotSock),
    };
    entry.require(right)?;
    Ok(sock)
}

/// The checks of `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen_ptr,
/// ro_flags_ptr)`, and the transfer they allow ([`SocketTransfer::recv`]).
#[allow(clippy::too_many_arguments)]
pub fn sock_recv_start(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    ri_flags: u32,
    out_len: u32,
    out_flags: u32,
) -> Result<SocketTransfer, Errno> {
    let sock = counted_socket(cx, fd, Rights::FD_READ)?;
    if ri_flags & !u32::from(RiFlags::RECV_PEEK | RiFlags::RECV_WAITALL) != 0 {
        return Err(Errno::Inval);
    }
    let mut recv_flags = RecvFlags::empty();
    if ri_flags & u32::from(RiFlags::RECV_PEEK) != 0 {
        recv_flags |= RecvFlags::PEEK;
    }
    if ri_flags & u32::from(RiFlags::RECV_WAITALL) != 0 {
        recv_flags |= RecvFlags::WAITALL;
    }
    let bufs = mem.read_iovecs(iovs, iovs_len)?;
    Ok(SocketTransfer {
        sock,
        bufs,
        recv_flags,
        out: out_len,
        out_flags,
    })
}

/// `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen_ptr, ro_flags_ptr)`.
#[allow(clippy::too_many_arguments)]
pub fn sock_recv(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    ri_flags: u32,
    out_len: u32,
    out_flags: u32,
) -> WasiResult {
    sock_recv_start(cx, mem, fd, iovs, iovs_len, ri_flags, out_len, out_flags)?.recv(mem)
}

/// The checks of `sock_send(fd, si_data, si_data_len, si_flags, so_datalen_ptr)` (no flags
/// are defined), and the transfer they allow ([`SocketTransfer::send`]).
pub fn sock_send_start(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    si_flags: u32,
    out: u32,
) -> Result<SocketTransfer, Errno> {
    let sock = counted_socket(cx, fd, Rights::FD_WRITE)?;
    if si_flags != 0 {
        return Err(Errno::Inval);
    }
    let bufs = mem.read_iovecs(iovs, iovs_len)?;
    Ok(SocketTransfer {
        sock,
        bufs,
        recv_flags: RecvFlags::empty(),
        out,
        out_flags: 0,
    })
}

/// `sock_send(fd, si_data, si_data_len, si_flags, so_datalen_ptr)`: no flags are defined.
pub fn sock_send(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    si_flags: u32,
    out: u32,
) -> WasiResult {
    sock_send_start(cx, mem, fd, iovs, iovs_len, si_flags, out)?.send(mem)
}

impl SocketTransfer {
    /// Receives into the guest's buffers, one at a time until one is not filled (only the
    /// first, when peeking), and writes the count and the (empty) output flags.
    pub fn recv(self, mem: &mut GuestMemory<'_>) -> WasiResult {
        let mut total = 0usize;
        for b in &self.bufs {
            if b.len == 0 {
                continue;
            }
            let got = mem.fill_with(b.ptr, b.len, |slice| {
                loop {
                    match rustix::net::recv(&*self.sock, &mut *slice, self.recv_flags) {
                        Err(rustix::io::Errno::INTR) => continue,
                        Ok((n, _)) => break Ok(n),
                        Err(e) => break Err(e),
                    }
                }
            })?;
            match got {
                Ok(n) => {
                    total += n;
                    if n < b.len as usize {
                        break;
                    }
                }
                Err(e) if total == 0 => return Err(e.into()),
                Err(_) => break,
            }
            if self.recv_flags.contains(RecvFlags::PEEK) {
                break;
            }
        }
        mem.write_u32(self.out, total as u32)?;
        mem.write_u16(self.out_flags, 0)
    }

    /// Sends the guest's buffers, one at a time until one is not sent whole, and writes the
    /// count.
    pub fn send(self, mem: &mut GuestMemory<'_>) -> WasiResult {
        let mut total = 0usize;
        for b in &self.bufs {
            if b.len == 0 {
                continue;
            }
            let slice = mem.slice(b.ptr, b.len)?;
            let sent = loop {
                match rustix::net::send(&*self.sock, &slice, SendFlags::NOSIGNAL) {
                    Err(rustix::io::Errno::INTR) => continue,
                    other => break other,
                }
            };
            match sent {
                Ok(n) => {
                    total += n;
                    if n < b.len as usize {
                        break;
                    }
                }
                Err(e) if total == 0 => return Err(e.into()),
                Err(_) => break,
            }
        }
        mem.write_u32(self.out, total as u32)
    }
}

/// `sock_shutdown(fd, how)`.
pub fn sock_shutdown(cx: &mut WasiCtx, fd: u32, how: u32) -> WasiResult {
    let entry = cx.table.get(fd)?;
    let sock = socket_of(entry)?;
    entry.require(Rights::SOCK_SHUTDOWN)?;
    let how = match how {
        x if x == u32::from(SdFlags::RD) => Shutdown::Read,
        x if x == u32::from(SdFlags::WR) => Shutdown::Write,
        x if x == u32::from(SdFlags::RD | SdFlags::WR) => Shutdown::Both,
        _ => return Err(Errno::Inval),
    };
    Ok(rustix::net::shutdown(sock, how)?)
}
