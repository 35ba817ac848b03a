//! The `filetype` enum and its derivation from host file modes.

use rustix::fs::FileType;

/// The type of a file descriptor or file (`filetype` in the witx).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum Filetype {
    Unknown = 0,
    BlockDevice = 1,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SocketDgram = 5,
    SocketStream = 6,
    SymbolicLink = 7,
}

impl Filetype {
    /// The WASI type of a host file type. Host FIFOs have no WASI type and report `Unknown`.
    pub fn from_host(ft: FileType) -> Filetype {
        match ft {
            FileType::RegularFile => Filetype::RegularFile,
            FileType::Directory => Filetype::Directory,
            FileType::Symlink => Filetype::SymbolicLink,
            FileType::CharacterDevice => Filetype::CharacterDevice,
            FileType::BlockDevice => Filetype::BlockDevice,
            FileType::Socket => Filetype::SocketStream,
            _ => Filetype::Unknown,
        }
    }
}
