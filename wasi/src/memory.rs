//! Bounds-checked access to the guest's linear memory.
//!
//! Every pointer a guest passes is untrusted: each access is checked against the memory's
//! length and an out-of-range access is `EFAULT`, never a host panic.
//!
//! The memory is either a plain one, borrowed as a slice for the call, or a shared one (a
//! `wasm32-wasip1-threads` program's), which other threads may write at any time: that one is
//! never borrowed, every access copies through [`kestrel::SharedMemory`], so reads hand out
//! owned bytes (`Cow::Owned`) and writes copy in.

use std::borrow::Cow;

use kestrel::SharedMemory;

use crate::abi::Errno;

/// The guest's linear memory for the duration of one WASI call.
pub struct GuestMemory<'a> {
    bytes: Bytes<'a>,
}

enum Bytes<'a> {
    Local(&'a mut [u8]),
    Shared(SharedMemory),
}

/// One `iovec`/`ciovec`: a guest buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuestBuf {
    /// Guest address.
    pub ptr: u32,
    /// Length in bytes.
    pub len: u32,
}

impl<'a> GuestMemory<'a> {
    /// Wraps the bytes of a linear memory.
    pub fn new(bytes: &'a mut [u8]) -> Self {
        Self {
            bytes: Bytes::Local(bytes),
        }
    }

    /// Wraps a shared linear memory (threads): every access copies.
    pub fn shared(memory: SharedMemory) -> Self {
        Self {
            bytes: Bytes::Shared(memory),
        }
    }

    /// Current size in bytes.
    fn len(&self) -> usize {
        match &self.bytes {
            Bytes::Local(b) => b.len(),
            Bytes::Shared(m) => m.data_size(),
        }
    }

    fn range(&self, ptr: u32, len: usize) -> Result<std::ops::Range<usize>, Errno> {
        let start = ptr as usize;
        let end = start.checked_add(len).ok_or(Errno::Fault)?;
        if end > self.len() {
            return Err(Errno::Fault);
        }
        Ok(start..end)
    }

    /// The guest bytes `[ptr, ptr+len)` (borrowed from a plain memory, copied from a shared
    /// one).
    pub fn slice(&self, ptr: u32, len: u32) -> Result<Cow<'_, [u8]>, Errno> {
        let r = self.range(ptr, len as usize)?;
        match &self.bytes {
            Bytes::Local(b) => Ok(Cow::Borrowed(&b[r])),
            Bytes::Shared(m) => {
                let mut out = vec![0; r.len()];
                m.read(r.start, &mut out).map_err(|_| Errno::Fault)?;
                Ok(Cow::Owned(out))
            }
        }
    }

    /// Lets `fill` write into the guest bytes `[ptr, ptr+len)` and keeps the first `n` bytes
    /// it reports (`Ok(n)`): in place in a plain memory; in a shared one through a buffer, of
    /// which only those `n` bytes are copied in (the rest of the range is left as it was).
    pub fn fill_with<E>(
        &mut self,
        ptr: u32,
        len: u32,
        fill: impl FnOnce(&mut [u8]) -> Result<usize, E>,
    ) -> Result<Result<usize, E>, Errno> {
        let r = self.range(ptr, len as usize)?;
        match &mut self.bytes {
            Bytes::Local(b) => Ok(fill(&mut b[r])),
            Bytes::Shared(m) => {
                let mut buf = vec![0; r.len()];
                let got = fill(&mut buf);
                if let Ok(n) = got {
                    let n = n.min(buf.len());
                    m.write(r.start, &buf[..n]).map_err(|_| Errno::Fault)?;
                }
                Ok(got)
            }
        }
    }

    /// Copies `data` to `ptr`.
    pub fn write(&mut self, ptr: u32, data: &[u8]) -> Result<(), Errno> {
        let r = self.range(ptr, data.len())?;
        match &mut self.bytes {
            Bytes::Local(b) => b[r].copy_from_slice(data),
            Bytes::Shared(m) => m.write(r.start, data).map_err(|_| Errno::Fault)?,
        }
        Ok(())
    }

    /// Reads a little-endian `u32`.
    pub fn read_u32(&self, ptr: u32) -> Result<u32, Errno> {
        let s = self.slice(ptr, 4)?;
        Ok(u32::from_le_bytes(s[..].try_into().expect("4 bytes")))
    }

    /// Writes a little-endian `u32`.
    pub fn write_u32(&mut self, ptr: u32, v: u32) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// Writes a little-endian `u64`.
    pub fn write_u64(&mut self, ptr: u32, v: u64) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// Writes a little-endian `u16`.
    pub fn write_u16(&mut self, ptr: u32, v: u16) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// Reads a path or other string argument: must be valid UTF-8 (`EILSEQ` otherwise).
    pub fn read_str(&self, ptr: u32, len: u32) -> Result<Cow<'_, str>, Errno> {
        match self.slice(ptr, len)? {
            Cow::Borrowed(b) => std::str::from_utf8(b)
                .map(Cow::Borrowed)
                .map_err(|_| Errno::Ilseq),
            Cow::Owned(v) => String::from_utf8(v)
                .map(Cow::Owned)
                .map_err(|_| Errno::Ilseq),
        }
    }

    /// Reads an array of `count` iovecs at `ptr`.
    pub fn read_iovecs(&self, ptr: u32, count: u32) -> Result<Vec<GuestBuf>, Errno> {
        let total = (count as usize).checked_mul(8).ok_or(Errno::Fault)?;
        let raw = self.slice(ptr, u32::try_from(total).map_err(|_| Errno::Fault)?)?;
        let bufs = raw
            .chunks_exact(8)
            .map(|c| GuestBuf {
                ptr: u32::from_le_bytes(c[0..4].try_into().expect("4 bytes")),
                len: u32::from_le_bytes(c[4..8].try_into().expect("4 bytes")),
            })
            .collect::<Vec<_>>();
        for b in &bufs {
            self.range(b.ptr, b.len as usize)?;
        }
        Ok(bufs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_bounds_is_efault() {
        let mut bytes = vec![0u8; 16];
        let mut mem = GuestMemory::new(&mut bytes);
        assert_eq!(mem.read_u32(13), Err(Errno::Fault));
        assert_eq!(mem.write_u64(9, 1), Err(Errno::Fault));
        assert_eq!(mem.slice(u32::MAX, 2).err(), Some(Errno::Fault));
        mem.write_u32(12, 0xdead_beef).unwrap();
        assert_eq!(mem.read_u32(12), Ok(0xdead_beef));
    }

    #[test]
    fn iovecs_are_checked_against_memory() {
        let mut bytes = vec![0u8; 64];
        bytes[0..4].copy_from_slice(&32u32.to_le_bytes());
        bytes[4..8].copy_from_slice(&40u32.to_le_bytes());
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(mem.read_iovecs(0, 1), Err(Errno::Fault));
    }

    #[test]
    fn a_shared_memory_is_read_and_written_by_copies() {
        let engine = kestrel::Engine::default();
        let shared = SharedMemory::new(&engine, kestrel::MemoryType::shared(1, 1)).unwrap();
        let mut mem = GuestMemory::shared(shared.clone());
        mem.write_u32(8, 0xdead_beef).unwrap();
        assert_eq!(mem.read_u32(8), Ok(0xdead_beef));
        mem.write(100, b"path").unwrap();
        assert_eq!(mem.read_str(100, 4).unwrap(), "path");
        assert_eq!(mem.read_u32(65534), Err(Errno::Fault));
        shared.write(200, &[0xaa; 8]).unwrap();
        let got = mem.fill_with(200, 8, |buf| {
            buf[..3].copy_from_slice(b"abc");
            Ok::<_, ()>(3)
        });
        assert_eq!(got, Ok(Ok(3)));
        let mut back = [0u8; 8];
        shared.read(200, &mut back).unwrap();
        assert_eq!(
            &back, b"abc\xaa\xaa\xaa\xaa\xaa",
            "only the bytes received are written"
        );
        mem.write(300, &[0xff, 0xfe]).unwrap();
        assert_eq!(mem.read_str(300, 2), Err(Errno::Ilseq));
    }

    #[test]
    fn a_shared_memory_is_bounds_checked() {
        let engine = kestrel::Engine::default();
        let shared = SharedMemory::new(&engine, kestrel::MemoryType::shared(1, 1)).unwrap();
        let mut mem = GuestMemory::shared(shared.clone());
        assert_eq!(mem.slice(65535, 2).err(), Some(Errno::Fault));
        assert_eq!(mem.slice(u32::MAX, 2).err(), Some(Errno::Fault));
        assert_eq!(mem.read_str(65530, 7).err(), Some(Errno::Fault));
        assert_eq!(mem.write_u64(65532, 1), Err(Errno::Fault));
        assert_eq!(mem.slice(65535, 1).map(|b| b.len()), Ok(1));
        let called = mem.fill_with(65530, 7, |_| Ok::<_, ()>(0));
        assert_eq!(called, Err(Errno::Fault));
        // An iovec at the end of memory, pointing past it.
        mem.write_u32(65528, 65530).unwrap();
        mem.write_u32(65532, 7).unwrap();
        assert_eq!(mem.read_iovecs(65528, 1), Err(Errno::Fault));
        assert_eq!(mem.read_iovecs(65528, 2), Err(Errno::Fault));
        // A failed fill writes nothing; a count past the buffer is cut to it.
        shared.write(0, &[0xaa; 8]).unwrap();
        let failed = mem.fill_with(0, 4, |buf| {
            buf.fill(1);
            Err::<usize, _>("refused")
        });
        assert_eq!(failed, Ok(Err("refused")));
        assert_eq!(mem.read_u32(0), Ok(0xaaaa_aaaa));
        assert_eq!(
            mem.fill_with(0, 4, |buf| Ok::<_, ()>(buf.len() + 10)),
            Ok(Ok(14))
        );
        assert_eq!(
            &mem.slice(0, 8).unwrap()[..],
            [0, 0, 0, 0, 0xaa, 0xaa, 0xaa, 0xaa]
        );
    }

    #[test]
    fn invalid_utf8_is_eilseq() {
        let mut bytes = vec![0xffu8; 4];
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(mem.read_str(0, 4), Err(Errno::Ilseq));
    }
}
