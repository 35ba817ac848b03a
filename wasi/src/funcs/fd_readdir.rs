//! `fd_readdir`: directory listing with stable cookies.
//!
//! The cookie of an entry is its position in the listing (`.` is 0, `..` is 1, then the
//! host's order). Each call lists the directory afresh from a new host descriptor, so
//! cookies stay valid across calls and never depend on a shared host offset; the last
//! entry may be cut off at the end of the buffer, which tells the guest to call again.

use std::os::fd::OwnedFd;

use rustix::fs::{AtFlags, FileType};

use super::WasiResult;
use crate::WasiCtx;
use crate::abi::{Dirent, Errno, Filetype, Rights};
use crate::memory::GuestMemory;

struct Listed {
    name: Vec<u8>,
    ino: u64,
    filetype: Filetype,
}

fn list(dir: &OwnedFd) -> Result<Vec<Listed>, Errno> {
    let mut out = vec![
        Listed {
            name: b".".to_vec(),
            ino: rustix::fs::fstat(dir)?.st_ino,
            filetype: Filetype::Directory,
        },
        Listed {
            name: b"..".to_vec(),
            ino: rustix::fs::statat(dir, "..", AtFlags::empty())
                .map(|s| s.st_ino)
                .unwrap_or(0),
            filetype: Filetype::Directory,
        },
    ];
    let mut host = rustix::fs::Dir::read_from(dir)?;
    while let Some(ent) = host.read() {
        let ent = ent?;
        let name = ent.file_name().to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        let filetype = match ent.file_type() {
            FileType::Unknown => {
                rustix::fs::statat(dir, ent.file_name(), AtFlags::SYMLINK_NOFOLLOW)
                    .map(|s| Filetype::from_host(FileType::from_raw_mode(s.st_mode)))
                    .unwrap_or(Filetype::Unknown)
            }
            ft => Filetype::from_host(ft),
        };
        out.push(Listed {
            name: name.to_vec(),
            ino: ent.ino(),
            filetype,
        });
    }
    Ok(out)
}

/// Encodes entries from position `cookie` into at most `cap` bytes.
fn encode(entries: &[Listed], cookie: u64, cap: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    let start = usize::try_from(cookie).unwrap_or(usize::MAX);
    for (i, e) in entries.iter().enumerate().skip(start) {
        if bytes.len() >= cap {
            break;
        }
        let header = Dirent {
            next: i as u64 + 1,
            ino: e.ino,
            namlen: e.name.len() as u32,
            filetype: e.filetype as u8,
        };
        bytes.extend_from_slice(&header.encode());
        bytes.extend_from_slice(&e.name);
    }
    bytes.truncate(cap);
    bytes
}

/// `fd_readdir(fd, buf, buf_len, cookie, bufused_ptr)`.
pub fn fd_readdir(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    buf: u32,
    len: u32,
    cookie: u64,
    out: u32,
) -> WasiResult {
    let entry = cx.table.get(fd)?.require(Rights::FD_READDIR)?;
    let dir = entry.dir()?;
    mem.slice(buf, len)?;
    let bytes = encode(&list(dir)?, cookie, len as usize);
    mem.write(buf, &bytes)?;
    mem.write_u32(out, bytes.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Listed {
        Listed {
            name: name.as_bytes().to_vec(),
            ino: 7,
            filetype: Filetype::RegularFile,
        }
    }

    #[test]
    fn cookies_are_positions_and_buffer_is_filled() {
        let entries = [entry("."), entry(".."), entry("abc")];
        let all = encode(&entries, 0, 1024);
        assert_eq!(all.len(), 3 * 24 + 1 + 2 + 3);
        assert_eq!(u64::from_le_bytes(all[0..8].try_into().unwrap()), 1);
        let from2 = encode(&entries, 2, 1024);
        assert_eq!(&from2[24..], b"abc");
        assert_eq!(u64::from_le_bytes(from2[0..8].try_into().unwrap()), 3);
        assert_eq!(encode(&entries, 0, 30).len(), 30);
        assert!(encode(&entries, 9, 1024).is_empty());
    }
}
