//! One open descriptor: the host object behind it, its rights, and its preopen name.

use std::os::fd::OwnedFd;
use std::sync::Arc;

use crate::abi::{Errno, Filetype, Rights};
use crate::ctx::{ReadPipe, WritePipe};

/// What a guest descriptor refers to.
#[derive(Debug)]
pub enum FdKind {
    /// A host file opened through `path_open` (regular file, device, FIFO...).
    File(OwnedFd),
    /// A host directory.
    Dir(OwnedFd),
    /// A host stream for stdio (the embedder's own stdin, stdout or stderr, or a descriptor it
    /// handed over). Counted, so that a thread can finish a blocking transfer on it with the
    /// context released while another closes the guest's descriptor
    /// (`funcs::fd_io::StreamTransfer`). A count rather than a `dup` per call: cloning the
    /// `Arc` is an atomic increment, where a duplicate costs two syscalls and a host
    /// descriptor slot (and fails at `EMFILE`); the unshared path borrows the descriptor and
    /// pays neither.
    HostStream(Arc<OwnedFd>),
    /// Reads end of file, writes are discarded.
    Null,
    /// An in-memory input (stdin for embedders and tests).
    ReadPipe(ReadPipe),
    /// An in-memory output that captures what the guest writes.
    WritePipe(WritePipe),
    /// A listening TCP socket handed to the guest (`--tcplisten`). Counted, as a `HostStream`
    /// is (a shared context's `sock_accept` waits with the context released).
    Listener(Arc<OwnedFd>),
    /// A socket from `sock_accept`, or one the guest opened (WasmEdge's `sock_open`: TCP or
    /// UDP, in any state). Counted, as a `HostStream` is.
    Socket(Arc<OwnedFd>),
}

/// An entry of the descriptor table.
#[derive(Debug)]
pub struct FdEntry {
    /// The object.
    pub kind: FdKind,
    /// What this descriptor may be used for.
    pub rights_base: Rights,
    /// What descriptors opened through it may receive.
    pub rights_inheriting: Rights,
    /// The guest name, for preopened directories.
    pub preopen: Option<String>,
}

impl FdEntry {
    /// Checks that the descriptor has `needed` rights (`ENOTCAPABLE` otherwise).
    pub fn require(&self, needed: Rights) -> Result<&Self, Errno> {
        if self.rights_base.contains(needed) {
            Ok(self)
        } else {
            Err(Errno::NotCapable)
        }
    }

    /// The WASI file type of the descriptor.
    pub fn filetype(&self) -> Filetype {
        match &self.kind {
            FdKind::File(_) | FdKind::HostStream(_) => {
                match self.host_fd().map(rustix::fs::fstat) {
                    Some(Ok(st)) => {
                        Filetype::from_host(rustix::fs::FileType::from_raw_mode(st.st_mode))
                    }
                    _ => Filetype::Unknown,
                }
            }
            FdKind::Dir(_) => Filetype::Directory,
            FdKind::Null => Filetype::CharacterDevice,
            FdKind::ReadPipe(_) | FdKind::WritePipe(_) => Filetype::Unknown,
            FdKind::Listener(_) => Filetype::SocketStream,
            FdKind::Socket(fd) => match rustix::net::sockopt::socket_type(fd) {
                Ok(rustix::net::SocketType::DGRAM) => Filetype::SocketDgram,
                _ => Filetype::SocketStream,
            },
        }
    }

    /// The directory descriptor, or `ENOTDIR` for anything else.
    pub fn dir(&self) -> Result<&OwnedFd, Errno> {
        match &self.kind {
            FdKind::Dir(fd) => Ok(fd),
            _ => Err(Errno::NotDir),
        }
    }

    /// The host descriptor for byte I/O on files, streams and sockets.
    pub fn host_fd(&self) -> Option<&OwnedFd> {
        match &self.kind {
            FdKind::File(fd) => Some(fd),
            FdKind::HostStream(fd) | FdKind::Socket(fd) | FdKind::Listener(fd) => Some(fd),
            FdKind::Dir(fd) => Some(fd),
            _ => None,
        }
    }
}
