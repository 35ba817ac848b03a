//! Byte layouts of the structs preview1 passes through linear memory (all little-endian,
//! offsets and sizes from the witx), with encoders and decoders.

use super::{Errno, EventType, Filetype};

/// `filestat` (64 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(missing_docs)]
pub struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

impl Filestat {
    /// Size in guest memory.
    pub const SIZE: usize = 64;

    /// From a host `stat`. Its field types differ by target (`st_nlink` is a `u32` on aarch64,
    /// armv7 and riscv64, the times are 32-bit on some), so every field is cast, even where
    /// that is a no-op.
    #[allow(clippy::unnecessary_cast)]
    pub fn from_host(st: &rustix::fs::Stat) -> Filestat {
        let ns = |s: i64, n: i64| {
            (s as u64)
                .wrapping_mul(1_000_000_000)
                .wrapping_add(n as u64)
        };
        Filestat {
            dev: st.st_dev as u64,
            ino: st.st_ino as u64,
            filetype: Filetype::from_host(rustix::fs::FileType::from_raw_mode(st.st_mode)) as u8,
            nlink: st.st_nlink as u64,
            size: st.st_size as u64,
            atim: ns(st.st_atime as i64, st.st_atime_nsec as i64),
            mtim: ns(st.st_mtime as i64, st.st_mtime_nsec as i64),
            ctim: ns(st.st_ctime as i64, st.st_ctime_nsec as i64),
        }
    }

    /// Encodes the struct.
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..8].copy_from_slice(&self.dev.to_le_bytes());
        b[8..16].copy_from_slice(&self.ino.to_le_bytes());
        b[16] = self.filetype;
        b[24..32].copy_from_slice(&self.nlink.to_le_bytes());
        b[32..40].copy_from_slice(&self.size.to_le_bytes());
        b[40..48].copy_from_slice(&self.atim.to_le_bytes());
        b[48..56].copy_from_slice(&self.mtim.to_le_bytes());
        b[56..64].copy_from_slice(&self.ctim.to_le_bytes());
        b
    }
}

/// `fdstat` (24 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Fdstat {
    pub filetype: u8,
    pub flags: u16,
    pub rights_base: u64,
    pub rights_inheriting: u64,
}

impl Fdstat {
    /// Size in guest memory.
    pub const SIZE: usize = 24;

    /// Encodes the struct.
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0] = self.filetype;
        b[2..4].copy_from_slice(&self.flags.to_le_bytes());
        b[8..16].copy_from_slice(&self.rights_base.to_le_bytes());
        b[16..24].copy_from_slice(&self.rights_inheriting.to_le_bytes());
        b
    }
}

/// `dirent` header (24 bytes), followed in the buffer by the name bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Dirent {
    pub next: u64,
    pub ino: u64,
    pub namlen: u32,
    pub filetype: u8,
}

impl Dirent {
    /// Size of the header in guest memory.
    pub const SIZE: usize = 24;

    /// Encodes the header.
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..8].copy_from_slice(&self.next.to_le_bytes());
        b[8..16].copy_from_slice(&self.ino.to_le_bytes());
        b[16..20].copy_from_slice(&self.namlen.to_le_bytes());
        b[20] = self.filetype;
        b
    }
}

/// What a poll subscription waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionKind {
    /// A clock reaching a time.
    Clock {
        /// Raw `clockid`.
        id: u32,
        /// Timeout in nanoseconds, relative unless `abstime`.
        timeout: u64,
        /// Whether `timeout` is an absolute time of the clock.
        abstime: bool,
    },
    /// A descriptor becoming readable.
    FdRead(u32),
    /// A descriptor becoming writable.
    FdWrite(u32),
}

/// `subscription` (48 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subscription {
    /// Copied into the event.
    pub userdata: u64,
    /// What it waits for.
    pub kind: SubscriptionKind,
}

impl Subscription {
    /// Size in guest memory.
    pub const SIZE: usize = 48;

    /// Decodes one subscription; an unknown tag is `EINVAL`.
    pub fn decode(b: &[u8]) -> Result<Subscription, Errno> {
        let u64_at = |o: usize| u64::from_le_bytes(b[o..o + 8].try_into().expect("8 bytes"));
        let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().expect("4 bytes"));
        let userdata = u64_at(0);
        let kind = match b[8] {
            0 => {
                let flags = u16::from_le_bytes([b[40], b[41]]);
                SubscriptionKind::Clock {
                    id: u32_at(16),
                    timeout: u64_at(24),
                    abstime: flags & super::SubclockFlags::ABSTIME != 0,
                }
            }
            1 => SubscriptionKind::FdRead(u32_at(16)),
            2 => SubscriptionKind::FdWrite(u32_at(16)),
            _ => return Err(Errno::Inval),
        };
        Ok(Subscription { userdata, kind })
    }
}

/// `event` (32 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// From the subscription.
    pub userdata: u64,
    /// Error of this subscription (0 for none).
    pub error: u16,
    /// Which kind of subscription fired.
    pub kind: EventType,
    /// Bytes available (read) or writable (write), where known.
    pub nbytes: u64,
    /// `eventrwflags`.
    pub flags: u16,
}

impl Event {
    /// Size in guest memory.
    pub const SIZE: usize = 32;

    /// Encodes the struct.
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..8].copy_from_slice(&self.userdata.to_le_bytes());
        b[8..10].copy_from_slice(&self.error.to_le_bytes());
        b[10] = self.kind as u8;
        b[16..24].copy_from_slice(&self.nbytes.to_le_bytes());
        b[24..26].copy_from_slice(&self.flags.to_le_bytes());
        b
    }
}
