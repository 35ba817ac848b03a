//! The loopback interface of a container's new network namespace. A new network namespace
//! starts with `lo` down; runc brings it up for every network namespace it creates (its
//! "loopback" network), so `127.0.0.1` works in a container without a CNI. libcontainer does not,
//! so `create` does it from outside, once the init exists and before its module runs: a thread
//! joins the init's network namespace and sets `lo` up (the runtime still has every capability
//! there, the container's init may not).

use std::os::fd::AsFd;

use oci_spec::runtime::{LinuxNamespaceType, Spec};

use crate::error::{Result, RunnerError};

/// True when `spec` asks for a new network namespace (listed, without a path to join).
pub fn creates_network_namespace(spec: &Spec) -> bool {
    spec.linux()
        .as_ref()
        .and_then(|l| l.namespaces().as_ref())
        .into_iter()
        .flatten()
        .any(|ns| ns.typ() == LinuxNamespaceType::Network && ns.path().is_none())
}

/// Sets `lo` up in the network namespace of process `pid`.
pub fn bring_up(pid: i32) -> Result<()> {
    let path = format!("/proc/{pid}/ns/net");
    let netns =
        std::fs::File::open(&path).map_err(|e| RunnerError::io(format!("open {path}"), e))?;
    // A thread of its own joins the namespace, so this process's other threads stay put.
    std::thread::spawn(move || -> std::io::Result<()> {
        rustix::thread::move_into_link_name_space(
            netns.as_fd(),
            Some(rustix::thread::LinkNameSpaceType::Network),
        )?;
        set_up("lo")
    })
    .join()
    .map_err(|_| RunnerError::Container("bring up lo: the thread panicked".into()))?
    .map_err(|e| RunnerError::io(format!("bring up lo in the network namespace of {pid}"), e))
}

/// `ip link set NAME up`, through the SIOCGIFFLAGS/SIOCSIFFLAGS ioctls of a datagram socket.
fn set_up(name: &str) -> std::io::Result<()> {
    // SAFETY: socket has no memory-safety preconditions; the fd is closed below.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: an all-zero ifreq is valid; the name fits (checked) and stays NUL-terminated;
    // both ioctls read and write only this ifreq.
    let result = unsafe {
        let mut req: libc::ifreq = std::mem::zeroed();
        let bytes = name.as_bytes();
        if bytes.len() >= req.ifr_name.len() {
            libc::close(fd);
            return Err(std::io::Error::from(std::io::ErrorKind::InvalidInput));
        }
        for (slot, &b) in req.ifr_name.iter_mut().zip(bytes) {
            *slot = b as libc::c_char;
        }
        if libc::ioctl(fd, libc::SIOCGIFFLAGS as _, &mut req) < 0 {
            Err(std::io::Error::last_os_error())
        } else {
            req.ifr_ifru.ifru_flags |= (libc::IFF_UP | libc::IFF_RUNNING) as libc::c_short;
            if libc::ioctl(fd, libc::SIOCSIFFLAGS as _, &req) < 0 {
                Err(std::io::Error::last_os_error())
            } else {
                Ok(())
            }
        }
    };
    // SAFETY: fd is ours and closed once.
    unsafe { libc::close(fd) };
    result
}
