//! Bounds-checked access to the guest's linear memory.
//!
//! Every pointer a guest passes is untrusted: each access is checked against the memory's
//! length and an out-of-range access is `EFAULT`, never a host panic.

use crate::abi::Errno;

/// The guest's linear memory for the duration of one WASI call.
pub struct GuestMemory<'a> {
    bytes: &'a mut [u8],
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
        Self { bytes }
    }

    fn range(&self, ptr: u32, len: usize) -> Result<std::ops::Range<usize>, Errno> {
        let start = ptr as usize;
        let end = start.checked_add(len).ok_or(Errno::Fault)?;
        if end > self.bytes.len() {
            return Err(Errno::Fault);
        }
        Ok(start..end)
    }

    /// The guest bytes `[ptr, ptr+len)`.
    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], Errno> {
        let r = self.range(ptr, len as usize)?;
        Ok(&self.bytes[r])
    }

    /// The guest bytes `[ptr, ptr+len)`, writable.
    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], Errno> {
        let r = self.range(ptr, len as usize)?;
        Ok(&mut self.bytes[r])
    }

    /// Copies `data` to `ptr`.
    pub fn write(&mut self, ptr: u32, data: &[u8]) -> Result<(), Errno> {
        let r = self.range(ptr, data.len())?;
        self.bytes[r].copy_from_slice(data);
        Ok(())
    }

    /// Reads a little-endian `u32`.
    pub fn read_u32(&self, ptr: u32) -> Result<u32, Errno> {
        let s = self.slice(ptr, 4)?;
        Ok(u32::from_le_bytes(s.try_into().expect("4 bytes")))
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
    pub fn read_str(&self, ptr: u32, len: u32) -> Result<&str, Errno> {
        std::str::from_utf8(self.slice(ptr, len)?).map_err(|_| Errno::Ilseq)
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
    fn invalid_utf8_is_eilseq() {
        let mut bytes = vec![0xffu8; 4];
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(mem.read_str(0, 4), Err(Errno::Ilseq));
    }
}
