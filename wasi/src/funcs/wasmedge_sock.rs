//! WasmEdge's socket extension to `wasi_snapshot_preview1`: the guest opens, binds, listens,
//! accepts and connects its own TCP and UDP sockets, IPv4 and IPv6 (`sock_open`, `sock_bind`,
//! `sock_listen`, `sock_accept` with two parameters, `sock_connect`, `sock_recv_from`,
//! `sock_send_to`, `sock_getlocaladdr`, `sock_getpeeraddr`, `sock_getsockopt`,
//! `sock_setsockopt`, `sock_getaddrinfo`). The ABI is the one the published
//! `wasmedge_wasi_socket` crate (0.5) imports: addresses as `{buf, size}` pairs of raw IP bytes
//! (4 or 16) with the port apart, enum values as its `AddressFamily` (1 IPv4, 2 IPv6),
//! `SocketType` (1 datagram, 2 stream), `SocketOptName`, errors as WASI errnos.
//! `sock_recv`, `sock_send` and `sock_shutdown` are preview1's own functions (same
//! signatures), and sockets take part in `fd_read`, `fd_write`, `fd_fdstat_set_flags`
//! (non-blocking) and `poll_oneoff` as every socket does.
//!
//! Every call is checked against the context's [`crate::NetworkPolicy`]: no socket at all
//! without an allowed range, and `EACCES` for an address outside them.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::os::fd::OwnedFd;
use std::sync::Arc;
use std::time::Duration;

use rustix::net::sockopt;
use rustix::net::{AddressFamily, RecvFlags, SendFlags, SocketFlags, SocketType};

use super::WasiResult;
use super::sock::PendingAccept;
use crate::WasiCtx;
use crate::abi::{Errno, RiFlags, Rights};
use crate::fd::{FdEntry, FdKind};
use crate::memory::{GuestBuf, GuestMemory};

/// `AddressFamily` values of the crate.
const FAMILY_INET4: u32 = 1;
const FAMILY_INET6: u32 = 2;
/// `SocketType` values of the crate.
const TYPE_ANY: u32 = 0;
const TYPE_DATAGRAM: u32 = 1;
const TYPE_STREAM: u32 = 2;

/// The socket behind a descriptor (an opened, accepted or preopened one).
fn socket(cx: &WasiCtx, fd: u32) -> Result<&OwnedFd, Errno> {
    match &cx.table.get(fd)?.kind {
        FdKind::Socket(h) | FdKind::Listener(h) => Ok(h),
        _ => Err(Errno::NotSock),
    }
}

/// [`socket`], counted: for the part of a call that waits with a shared context released (an
/// `fd_close` meanwhile cannot close the socket under it).
fn counted_socket(cx: &WasiCtx, fd: u32) -> Result<Arc<OwnedFd>, Errno> {
    match &cx.table.get(fd)?.kind {
        FdKind::Socket(h) | FdKind::Listener(h) => Ok(Arc::clone(h)),
        _ => Err(Errno::NotSock),
    }
}

/// What is left of a call once the context has been read: the part that may wait on the
/// network, with only the guest memory (a shared context released meanwhile).
pub type SocketWait = Box<dyn FnOnce(&mut GuestMemory<'_>) -> WasiResult + Send>;

fn retry<R>(mut f: impl FnMut() -> rustix::io::Result<R>) -> Result<R, Errno> {
    loop {
        match f() {
            Err(rustix::io::Errno::INTR) => continue,
            other => return Ok(other?),
        }
    }
}

/// Reads a `WasiAddress {buf, size}` at `ptr`: the IP address's raw bytes (4 or 16).
fn read_ip(mem: &GuestMemory<'_>, ptr: u32) -> Result<IpAddr, Errno> {
    let buf = mem.read_u32(ptr)?;
    let size = mem.read_u32(ptr.checked_add(4).ok_or(Errno::Fault)?)?;
    let bytes = mem.slice(buf, size)?;
    match size {
        4 => Ok(IpAddr::from(
            <[u8; 4]>::try_from(&bytes[..]).map_err(|_| Errno::Inval)?,
        )),
        16 => Ok(IpAddr::from(
            <[u8; 16]>::try_from(&bytes[..]).map_err(|_| Errno::Inval)?,
        )),
        _ => Err(Errno::Inval),
    }
}

/// The guest's address and port, if its policy allows the address.
fn allowed_addr(
    cx: &WasiCtx,
    mem: &GuestMemory<'_>,
    addr: u32,
    port: u32,
) -> Result<SocketAddr, Errno> {
    let ip = read_ip(mem, addr)?;
    let port = u16::try_from(port).map_err(|_| Errno::Inval)?;
    if !cx.network.allows(ip) {
        return Err(Errno::Acces);
    }
    Ok(SocketAddr::new(ip, port))
}

fn ip_bytes(ip: IpAddr) -> Vec<u8> {
    match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    }
}

fn std_addr(addr: rustix::net::SocketAddrAny) -> Result<SocketAddr, Errno> {
    SocketAddr::try_from(addr).map_err(|_| Errno::AfNoSupport)
}

/// `sock_open(af, type, fd_ptr)`.
pub fn sock_open(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    af: u32,
    ty: u32,
    out: u32,
) -> WasiResult {
    let family = match af {
        FAMILY_INET4 => AddressFamily::INET,
        FAMILY_INET6 => AddressFamily::INET6,
        _ => return Err(Errno::AfNoSupport),
    };
    let ty = match ty {
        TYPE_DATAGRAM => SocketType::DGRAM,
        TYPE_STREAM | TYPE_ANY => SocketType::STREAM,
        _ => return Err(Errno::Inval),
    };
    if !cx.network.enabled() {
        return Err(Errno::Acces);
    }
    let sock = rustix::net::socket_with(family, ty, SocketFlags::CLOEXEC, None)?;
    let fd = cx.table.push(FdEntry {
        kind: FdKind::Socket(Arc::new(sock)),
        rights_base: Rights::SOCKET_BASE | Rights::FD_FDSTAT_SET_FLAGS,
        rights_inheriting: Rights::SOCKET_BASE,
        preopen: None,
    })?;
    mem.write_u32(out, fd)
}

/// `sock_bind(fd, addr_ptr, port)`.
pub fn sock_bind(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    addr: u32,
    port: u32,
) -> WasiResult {
    let addr = allowed_addr(cx, mem, addr, port)?;
    let sock = socket(cx, fd)?;
    Ok(rustix::net::bind(sock, &addr)?)
}

/// `sock_listen(fd, backlog)`.
pub fn sock_listen(cx: &mut WasiCtx, fd: u32, backlog: u32) -> WasiResult {
    let backlog = i32::try_from(backlog).unwrap_or(i32::MAX);
    Ok(rustix::net::listen(socket(cx, fd)?, backlog)?)
}

/// The checks of `sock_accept(fd, fd_ptr)` (WasmEdge's form; preview1's has a flags
/// parameter), and the accept they allow: the new connection is blocking, whatever the
/// listener.
pub fn sock_accept_start(cx: &mut WasiCtx, fd: u32) -> Result<PendingAccept, Errno> {
    let listener = match &cx.table.get(fd)?.kind {
        FdKind::Socket(h) | FdKind::Listener(h) => h,
        _ => return Err(Errno::NotSock),
    };
    Ok(PendingAccept::new(
        listener,
        SocketFlags::CLOEXEC,
        Rights::SOCKET_BASE | Rights::FD_FDSTAT_SET_FLAGS,
        Rights::SOCKET_BASE,
    ))
}

/// `sock_accept(fd, fd_ptr)` (WasmEdge's form; preview1's has a flags parameter): the new
/// connection is blocking, whatever the listener.
pub fn sock_accept(cx: &mut WasiCtx, mem: &mut GuestMemory<'_>, fd: u32, out: u32) -> WasiResult {
    sock_accept_start(cx, fd)?.wait()?.finish(cx, mem, out)
}

/// `sock_connect(fd, addr_ptr, port)`: `EINPROGRESS` on a non-blocking socket, as the host.
pub fn sock_connect(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    addr: u32,
    port: u32,
) -> WasiResult {
    sock_connect_start(cx, mem, fd, addr, port)?(mem)
}

/// The checks of [`sock_connect`], and the connect they allow.
pub fn sock_connect_start(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    addr: u32,
    port: u32,
) -> Result<SocketWait, Errno> {
    let addr = allowed_addr(cx, mem, addr, port)?;
    let sock = counted_socket(cx, fd)?;
    Ok(Box::new(move |_| {
        retry(|| rustix::net::connect(&*sock, &addr))
    }))
}

/// Writes `addr` for `sock_getlocaladdr`/`sock_getpeeraddr`: the IP bytes into the guest's
/// `{buf, size}`, 4 or 6 as the address type, and the port.
fn write_addr(
    mem: &mut GuestMemory<'_>,
    addr: SocketAddr,
    addr_ptr: u32,
    ty_ptr: u32,
    port_ptr: u32,
) -> WasiResult {
    let buf = mem.read_u32(addr_ptr)?;
    let size = mem.read_u32(addr_ptr.checked_add(4).ok_or(Errno::Fault)?)?;
    let bytes = ip_bytes(addr.ip());
    if (size as usize) < bytes.len() {
        return Err(Errno::Inval);
    }
    mem.write(buf, &bytes)?;
    mem.write_u32(ty_ptr, if addr.is_ipv4() { 4 } else { 6 })?;
    mem.write_u32(port_ptr, u32::from(addr.port()))
}

/// `sock_getlocaladdr(fd, addr_ptr, addr_type_ptr, port_ptr)`.
pub fn sock_getlocaladdr(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    addr: u32,
    ty: u32,
    port: u32,
) -> WasiResult {
    let local = std_addr(rustix::net::getsockname(socket(cx, fd)?)?)?;
    write_addr(mem, local, addr, ty, port)
}

/// `sock_getpeeraddr(fd, addr_ptr, addr_type_ptr, port_ptr)`.
pub fn sock_getpeeraddr(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    addr: u32,
    ty: u32,
    port: u32,
) -> WasiResult {
    let peer = rustix::net::getpeername(socket(cx, fd)?)?.ok_or(Errno::NotConn)?;
    write_addr(mem, std_addr(peer)?, addr, ty, port)
}

fn recv_flags(ri_flags: u32) -> Result<RecvFlags, Errno> {
    if ri_flags & !u32::from(RiFlags::RECV_PEEK | RiFlags::RECV_WAITALL) != 0 {
        return Err(Errno::Inval);
    }
    let mut flags = RecvFlags::empty();
    if ri_flags & u32::from(RiFlags::RECV_PEEK) != 0 {
        flags |= RecvFlags::PEEK;
    }
    if ri_flags & u32::from(RiFlags::RECV_WAITALL) != 0 {
        flags |= RecvFlags::WAITALL;
    }
    Ok(flags)
}

/// `sock_recv_from(fd, iovs, iovs_len, addr_ptr, flags, port_ptr, len_ptr, oflags_ptr)`: one
/// datagram (or what a stream has) scattered over the buffers; the sender as the family (u16,
/// 1 or 2) followed by its IP bytes in the guest's `{buf, size}`, its port apart.
#[allow(clippy::too_many_arguments)]
pub fn sock_recv_from(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    addr: u32,
    ri_flags: u32,
    port: u32,
    out_len: u32,
    out_flags: u32,
) -> WasiResult {
    sock_recv_from_start(
        cx, mem, fd, iovs, iovs_len, addr, ri_flags, port, out_len, out_flags,
    )?(mem)
}

/// The checks of [`sock_recv_from`], and the receive they allow.
#[allow(clippy::too_many_arguments)]
pub fn sock_recv_from_start(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    addr: u32,
    ri_flags: u32,
    port: u32,
    out_len: u32,
    out_flags: u32,
) -> Result<SocketWait, Errno> {
    let flags = recv_flags(ri_flags)?;
    let sock = counted_socket(cx, fd)?;
    let bufs = mem.read_iovecs(iovs, iovs_len)?;
    Ok(Box::new(move |mem| {
        recv_from(&sock, mem, &bufs, flags, addr, port, out_len, out_flags)
    }))
}

/// The receive of [`sock_recv_from`].
#[allow(clippy::too_many_arguments)]
fn recv_from(
    sock: &OwnedFd,
    mem: &mut GuestMemory<'_>,
    bufs: &[GuestBuf],
    flags: RecvFlags,
    addr: u32,
    port: u32,
    out_len: u32,
    out_flags: u32,
) -> WasiResult {
    let capacity: usize = bufs.iter().map(|b| b.len as usize).sum();
    let mut data = vec![0u8; capacity];
    let (got, full, from) = retry(|| rustix::net::recvfrom(sock, &mut data[..], flags))?;
    let mut written = 0;
    for b in bufs {
        if written == got {
            break;
        }
        let n = (b.len as usize).min(got - written);
        mem.write(b.ptr, &data[written..written + n])?;
        written += n;
    }
    if let Some(from) = from.map(std_addr).transpose()? {
        let buf = mem.read_u32(addr)?;
        let size = mem.read_u32(addr.checked_add(4).ok_or(Errno::Fault)?)?;
        let family = if from.is_ipv4() {
            FAMILY_INET4
        } else {
            FAMILY_INET6
        } as u16;
        let mut encoded = family.to_le_bytes().to_vec();
        encoded.extend(ip_bytes(from.ip()));
        if (size as usize) < encoded.len() {
            return Err(Errno::Inval);
        }
        mem.write(buf, &encoded)?;
        mem.write_u32(port, u32::from(from.port()))?;
    }
    mem.write_u32(out_len, got as u32)?;
    // RECV_DATA_TRUNCATED when the datagram was longer than the buffers.
    mem.write_u32(out_flags, u32::from(full > got))
}

/// `sock_send_to(fd, iovs, iovs_len, addr_ptr, port, flags, len_ptr)`: the buffers as one
/// datagram to the address, which the policy must allow.
#[allow(clippy::too_many_arguments)]
pub fn sock_send_to(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    addr: u32,
    port: u32,
    si_flags: u32,
    out: u32,
) -> WasiResult {
    sock_send_to_start(cx, mem, fd, iovs, iovs_len, addr, port, si_flags, out)?(mem)
}

/// The checks of [`sock_send_to`], and the send they allow (the data is gathered first).
#[allow(clippy::too_many_arguments)]
pub fn sock_send_to_start(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    addr: u32,
    port: u32,
    si_flags: u32,
    out: u32,
) -> Result<SocketWait, Errno> {
    if si_flags != 0 {
        return Err(Errno::Inval);
    }
    let to = allowed_addr(cx, mem, addr, port)?;
    let sock = counted_socket(cx, fd)?;
    let mut data = Vec::new();
    for b in mem.read_iovecs(iovs, iovs_len)? {
        data.extend_from_slice(&mem.slice(b.ptr, b.len)?);
    }
    Ok(Box::new(move |mem| {
        let sent = retry(|| rustix::net::sendto(&*sock, &data, SendFlags::NOSIGNAL, &to))?;
        mem.write_u32(out, sent as u32)
    }))
}

/// The crate's `SocketOptName` values this supports (level 0, `SolSocket`, only).
mod opt {
    pub const REUSEADDR: u32 = 0;
    pub const TYPE: u32 = 1;
    pub const ERROR: u32 = 2;
    pub const BROADCAST: u32 = 4;
    pub const SNDBUF: u32 = 5;
    pub const RCVBUF: u32 = 6;
    pub const KEEPALIVE: u32 = 7;
    pub const RCVTIMEO: u32 = 11;
    pub const SNDTIMEO: u32 = 12;
    pub const ACCEPTCONN: u32 = 13;
}

/// A timeout as the guest's `struct timeval` (wasi-libc: two 64-bit fields), zero = none.
const TIMEVAL_SIZE: u32 = 16;

fn timeout_of(name: u32) -> Option<sockopt::Timeout> {
    match name {
        opt::RCVTIMEO => Some(sockopt::Timeout::Recv),
        opt::SNDTIMEO => Some(sockopt::Timeout::Send),
        _ => None,
    }
}

/// `sock_getsockopt(fd, level, name, value_ptr, size_ptr)`: integer options as an `i32`,
/// timeouts as a `timeval`.
pub fn sock_getsockopt(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    level: u32,
    name: u32,
    value: u32,
    size_ptr: u32,
) -> WasiResult {
    if level != 0 {
        return Err(Errno::NoProtoOpt);
    }
    let sock = socket(cx, fd)?;
    if let Some(which) = timeout_of(name) {
        let t = sockopt::socket_timeout(sock, which)?.unwrap_or_default();
        let mut tv = (t.as_secs() as i64).to_le_bytes().to_vec();
        tv.extend(i64::from(t.subsec_micros()).to_le_bytes());
        mem.write(value, &tv)?;
        return mem.write_u32(size_ptr, TIMEVAL_SIZE);
    }
    let v: i32 = match name {
        opt::REUSEADDR => sockopt::socket_reuseaddr(sock)?.into(),
        opt::TYPE => match sockopt::socket_type(sock)? {
            SocketType::DGRAM => TYPE_DATAGRAM as i32,
            _ => TYPE_STREAM as i32,
        },
        opt::ERROR => match sockopt::socket_error(sock)? {
            Ok(()) => 0,
            Err(e) => i32::from(Errno::from(e).raw()),
        },
        opt::BROADCAST => sockopt::socket_broadcast(sock)?.into(),
        opt::SNDBUF => sockopt::socket_send_buffer_size(sock)? as i32,
        opt::RCVBUF => sockopt::socket_recv_buffer_size(sock)? as i32,
        opt::KEEPALIVE => sockopt::socket_keepalive(sock)?.into(),
        opt::ACCEPTCONN => sockopt::socket_acceptconn(sock)?.into(),
        _ => return Err(Errno::NoProtoOpt),
    };
    mem.write(value, &v.to_le_bytes())?;
    mem.write_u32(size_ptr, 4)
}

/// `sock_setsockopt(fd, level, name, value_ptr, size)`.
pub fn sock_setsockopt(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    level: u32,
    name: u32,
    value: u32,
    size: u32,
) -> WasiResult {
    if level != 0 {
        return Err(Errno::NoProtoOpt);
    }
    let sock = socket(cx, fd)?;
    if let Some(which) = timeout_of(name) {
        if size < TIMEVAL_SIZE {
            return Err(Errno::Inval);
        }
        let tv = mem.slice(value, TIMEVAL_SIZE)?;
        let secs = i64::from_le_bytes(tv[..8].try_into().expect("8 bytes"));
        let micros = i64::from_le_bytes(tv[8..].try_into().expect("8 bytes"));
        if secs < 0 || !(0..1_000_000).contains(&micros) {
            return Err(Errno::Inval);
        }
        let t = Duration::from_secs(secs as u64) + Duration::from_micros(micros as u64);
        return Ok(sockopt::set_socket_timeout(
            sock,
            which,
            (!t.is_zero()).then_some(t),
        )?);
    }
    if size < 4 {
        return Err(Errno::Inval);
    }
    let v = i32::from_le_bytes(mem.slice(value, 4)?[..].try_into().expect("4 bytes"));
    match name {
        opt::REUSEADDR => sockopt::set_socket_reuseaddr(sock, v != 0)?,
        opt::BROADCAST => sockopt::set_socket_broadcast(sock, v != 0)?,
        opt::SNDBUF => sockopt::set_socket_send_buffer_size(sock, v.max(0) as usize)?,
        opt::RCVBUF => sockopt::set_socket_recv_buffer_size(sock, v.max(0) as usize)?,
        opt::KEEPALIVE => sockopt::set_socket_keepalive(sock, v != 0)?,
        opt::TYPE | opt::ERROR | opt::ACCEPTCONN => return Err(Errno::Inval),
        _ => return Err(Errno::NoProtoOpt),
    }
    Ok(())
}

/// Offsets in the crate's `WasiAddrinfo` (`repr(C, packed(4))`, 28 bytes on wasm32) and
/// `WasiSockaddr` (12 bytes).
mod addrinfo {
    pub const FAMILY: u32 = 2;
    pub const SOCKTYPE: u32 = 3;
    pub const PROTOCOL: u32 = 4;
    pub const ADDRLEN: u32 = 8;
    pub const ADDR: u32 = 12;
    pub const NEXT: u32 = 24;
    pub const SA_FAMILY: u32 = 0;
    pub const SA_DATA_LEN: u32 = 4;
    pub const SA_DATA: u32 = 8;
}

/// `sock_getaddrinfo(node, node_len, service, service_len, hints, res_ptr, max_len,
/// res_len_ptr)`: resolves `node` (the host's resolver) and a numeric `service` into the
/// guest's chain of `WasiAddrinfo` records (`*res_ptr` is the first; each record's `ai_addr`
/// and its `sa_data` are the guest's), filtered by the hints' family; at most `max_len`.
#[allow(clippy::too_many_arguments)]
pub fn sock_getaddrinfo(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    node: u32,
    node_len: u32,
    service: u32,
    service_len: u32,
    hints: u32,
    res_ptr: u32,
    max_len: u32,
    res_len: u32,
) -> WasiResult {
    if !cx.network.enabled() {
        return Err(Errno::Acces);
    }
    let text = |ptr, len| -> Result<String, Errno> {
        let s = mem.read_str(ptr, len)?;
        Ok(s.trim_end_matches('\0').to_owned())
    };
    let node = text(node, node_len)?;
    let service = text(service, service_len)?;
    let port = if service.is_empty() {
        0
    } else {
        service
            .parse()
            .ok()
            .or_else(|| service_port(&service))
            .ok_or(Errno::Inval)?
    };
    let hint = mem.slice(hints, 8)?;
    let (want_family, socktype, protocol) = (
        u32::from(hint[addrinfo::FAMILY as usize]),
        hint[addrinfo::SOCKTYPE as usize],
        hint[addrinfo::PROTOCOL as usize],
    );
    let resolved = match localhost_addrs(&node, port) {
        Some(addrs) => addrs,
        None => match (node.as_str(), port).to_socket_addrs() {
            Ok(addrs) => addrs.collect(),
            Err(_) => return Err(Errno::NoEnt),
        },
    };
    let found: Vec<SocketAddr> = resolved
        .into_iter()
        .filter(|a| match want_family {
            FAMILY_INET4 => a.is_ipv4(),
            FAMILY_INET6 => a.is_ipv6(),
            _ => true,
        })
        .collect();
    let mut record = mem.read_u32(res_ptr)?;
    let mut count = 0u32;
    for addr in found.iter().take(max_len as usize) {
        if record == 0 {
            break;
        }
        let family = if addr.is_ipv4() {
            FAMILY_INET4
        } else {
            FAMILY_INET6
        };
        mem.write(
            record + addrinfo::FAMILY,
            &[family as u8, socktype, protocol],
        )?;
        let sockaddr = mem.read_u32(record + addrinfo::ADDR)?;
        // sa_data as the host's sockaddr data: the port (big-endian), then the address
        // (IPv6: flow info, address, scope id).
        let mut sa_data = addr.port().to_be_bytes().to_vec();
        match addr.ip() {
            IpAddr::V4(v4) => sa_data.extend(v4.octets()),
            IpAddr::V6(v6) => {
                sa_data.extend([0; 4]);
                sa_data.extend(v6.octets());
                sa_data.extend([0; 4]);
            }
        }
        let room = mem.read_u32(sockaddr + addrinfo::SA_DATA_LEN)?;
        let data_ptr = mem.read_u32(sockaddr + addrinfo::SA_DATA)?;
        let n = sa_data.len().min(room as usize);
        mem.write(data_ptr, &sa_data[..n])?;
        mem.write(sockaddr + addrinfo::SA_FAMILY, &[family as u8])?;
        mem.write_u32(sockaddr + addrinfo::SA_DATA_LEN, n as u32)?;
        mem.write_u32(record + addrinfo::ADDRLEN, n as u32 + 2)?;
        count += 1;
        record = mem.read_u32(record + addrinfo::NEXT)?;
    }
    if count == 0 {
        return Err(Errno::NoEnt);
    }
    mem.write_u32(res_len, count)
}

/// `localhost` and names under `.localhost` are the loopback addresses without asking the
/// resolver (RFC 6761, section 6.3; as musl and systemd-resolved answer them): a container's
/// root often has no `/etc/hosts`, and the guest's `localhost` must still work.
fn localhost_addrs(node: &str, port: u16) -> Option<Vec<SocketAddr>> {
    let name = node.trim_end_matches('.').to_ascii_lowercase();
    (name == "localhost" || name.ends_with(".localhost")).then(|| {
        vec![
            SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, port)),
            SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, port)),
        ]
    })
}

/// The TCP port of a service name (`http`), from the host's `/etc/services`, as the C
/// library's `getaddrinfo` finds it.
fn service_port(name: &str) -> Option<u16> {
    let services = std::fs::read_to_string("/etc/services").ok()?;
    services.lines().find_map(|line| {
        let mut fields = line.split('#').next()?.split_whitespace();
        let official = fields.next()?;
        let (port, proto) = fields.next()?.split_once('/')?;
        let named = official == name || fields.any(|alias| alias == name);
        (named && proto == "tcp")
            .then(|| port.parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    #[test]
    fn addresses_read_as_four_or_sixteen_bytes() {
        let mut bytes = vec![0u8; 64];
        bytes[0..4].copy_from_slice(&16u32.to_le_bytes());
        bytes[4..8].copy_from_slice(&4u32.to_le_bytes());
        bytes[16..20].copy_from_slice(&[127, 0, 0, 1]);
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(read_ip(&mem, 0), Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        let mut bytes = vec![0u8; 64];
        bytes[0..4].copy_from_slice(&16u32.to_le_bytes());
        bytes[4..8].copy_from_slice(&16u32.to_le_bytes());
        bytes[31] = 1;
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(read_ip(&mem, 0), Ok(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        let mut bytes = vec![0u8; 64];
        bytes[4..8].copy_from_slice(&5u32.to_le_bytes());
        assert_eq!(read_ip(&GuestMemory::new(&mut bytes), 0), Err(Errno::Inval));
    }

    #[test]
    fn localhost_names_are_loopback_without_a_resolver() {
        let both = |port| {
            vec![
                SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                SocketAddr::from((Ipv6Addr::LOCALHOST, port)),
            ]
        };
        assert_eq!(localhost_addrs("localhost", 80), Some(both(80)));
        assert_eq!(localhost_addrs("LocalHost.", 8), Some(both(8)));
        assert_eq!(localhost_addrs("pod.localhost", 1), Some(both(1)));
        assert_eq!(localhost_addrs("localhost.example", 1), None);
        assert_eq!(localhost_addrs("example.org", 1), None);
    }
}
