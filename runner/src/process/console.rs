//! The container's terminal: with `--console-socket`, the init makes a pseudo-terminal, sends its
//! master end to the socket with SCM_RIGHTS (containerd's shim then copies between it and the
//! user), and makes the slave end its controlling terminal and stdin/stdout/stderr, so the
//! workload keeps none of `create`'s own pipes.

use std::io::IoSlice;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;

use rustix::fs::{Mode, OFlags, open};
use rustix::net::{
    AddressFamily, SendAncillaryBuffer, SendAncillaryMessage, SendFlags, SocketAddrUnix,
    SocketType, connect, sendmsg, socket,
};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};

use crate::error::{Result, RunnerError};

/// A pty whose master has been handed over; the slave is what the workload gets.
pub struct ConsoleSlave(OwnedFd);

/// Makes a pty, sends the master to `socket_path`, returns the slave.
pub fn send_console(socket_path: &Path, size: Option<(u16, u16)>) -> Result<ConsoleSlave> {
    let err = |what: &str, e: rustix::io::Errno| RunnerError::io(what.to_string(), e);
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
        .map_err(|e| err("open pty master", e))?;
    grantpt(&master).map_err(|e| err("grantpt", e))?;
    unlockpt(&master).map_err(|e| err("unlockpt", e))?;
    let name = ptsname(&master, Vec::new()).map_err(|e| err("ptsname", e))?;
    let slave = open(
        name.as_c_str(),
        OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| err("open pty slave", e))?;
    if let Some((height, width)) = size {
        let ws = rustix::termios::Winsize {
            ws_row: height,
            ws_col: width,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        rustix::termios::tcsetwinsize(&slave, ws).map_err(|e| err("set console size", e))?;
    }
    let sock = socket(AddressFamily::UNIX, SocketType::STREAM, None)
        .map_err(|e| err("create console socket", e))?;
    let addr = SocketAddrUnix::new(socket_path).map_err(|e| err("console socket path", e))?;
    connect(&sock, &addr).map_err(|e| {
        RunnerError::io(
            format!("connect to console socket {}", socket_path.display()),
            e,
        )
    })?;
    let mut space = [MaybeUninit::<u8>::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    let fds = [master.as_fd()];
    control.push(SendAncillaryMessage::ScmRights(&fds));
    let payload = name.to_bytes();
    sendmsg(
        &sock,
        &[IoSlice::new(payload)],
        &mut control,
        SendFlags::empty(),
    )
    .map_err(|e| err("send pty master over console socket", e))?;
    Ok(ConsoleSlave(slave))
}

impl ConsoleSlave {
    /// Makes the slave this process's controlling terminal and its stdin/stdout/stderr. The
    /// process must be a session leader (call `setsid` first).
    pub fn attach(self) -> Result<()> {
        let err = |what: &str, e: rustix::io::Errno| RunnerError::io(what.to_string(), e);
        rustix::process::ioctl_tiocsctty(&self.0).map_err(|e| err("make pty controlling", e))?;
        rustix::stdio::dup2_stdin(&self.0).map_err(|e| err("dup pty to stdin", e))?;
        rustix::stdio::dup2_stdout(&self.0).map_err(|e| err("dup pty to stdout", e))?;
        rustix::stdio::dup2_stderr(&self.0).map_err(|e| err("dup pty to stderr", e))?;
        Ok(())
    }
}
