//! Closing inherited file descriptors. containerd's shim hands `create` a stray fd 3 (its own
//! listening socket) and whatever else leaks; the container's workload must see only its stdio.

use std::os::fd::RawFd;

/// Closes every fd above 2 except those in `keep`.
pub fn close_fds_above_stdio(keep: &[RawFd]) {
    let mut first: RawFd = 3;
    let mut keep: Vec<RawFd> = keep.iter().copied().filter(|&fd| fd > 2).collect();
    keep.sort_unstable();
    for fd in keep {
        close_range(first, fd - 1);
        first = fd + 1;
    }
    close_range(first, RawFd::MAX);
}

fn close_range(first: RawFd, last: RawFd) {
    if first > last {
        return;
    }
    // SAFETY: close_range only closes descriptors; this process (a fresh container init or exec,
    // single-threaded) owns no Rust object for any fd in the range except those kept above.
    let rc = unsafe { libc::close_range(first as libc::c_uint, last as libc::c_uint, 0) };
    if rc != 0 {
        close_each_open_fd(first, last);
    }
}

/// Fallback for kernels without close_range: close what /proc/self/fd lists.
fn close_each_open_fd(first: RawFd, last: RawFd) {
    let Ok(dir) = std::fs::read_dir("/proc/self/fd") else {
        return;
    };
    let fds: Vec<RawFd> = dir
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .filter(|&fd| fd >= first && fd <= last)
        .collect();
    for fd in fds {
        // SAFETY: as above; closing an fd that the directory listing itself used is harmless
        // (it is closed already, the call fails with EBADF).
        unsafe { libc::close(fd) };
    }
}
