//! The descriptor table: guest numbers to entries, lowest free number first (as POSIX).

use std::collections::BTreeMap;

use super::FdEntry;
use crate::abi::Errno;

/// Most descriptors a guest may hold at once.
pub const MAX_FDS: usize = 1 << 14;

/// The guest's open descriptors.
#[derive(Debug, Default)]
pub struct FdTable {
    entries: BTreeMap<u32, FdEntry>,
}

impl FdTable {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an entry at the lowest free number.
    pub fn push(&mut self, entry: FdEntry) -> Result<u32, Errno> {
        if self.entries.len() >= MAX_FDS {
            return Err(Errno::Mfile);
        }
        let mut fd = 0u32;
        for &used in self.entries.keys() {
            if used != fd {
                break;
            }
            fd += 1;
        }
        self.entries.insert(fd, entry);
        Ok(fd)
    }

    /// The entry for `fd` (`EBADF` if none).
    pub fn get(&self, fd: u32) -> Result<&FdEntry, Errno> {
        self.entries.get(&fd).ok_or(Errno::Badf)
    }

    /// The entry for `fd`, mutable (`EBADF` if none).
    pub fn get_mut(&mut self, fd: u32) -> Result<&mut FdEntry, Errno> {
        self.entries.get_mut(&fd).ok_or(Errno::Badf)
    }

    /// Removes and returns the entry for `fd` (`EBADF` if none).
    pub fn remove(&mut self, fd: u32) -> Result<FdEntry, Errno> {
        self.entries.remove(&fd).ok_or(Errno::Badf)
    }

    /// Moves `from` to `to`, closing what `to` was; both must be open.
    pub fn renumber(&mut self, from: u32, to: u32) -> Result<(), Errno> {
        if !self.entries.contains_key(&from) || !self.entries.contains_key(&to) {
            return Err(Errno::Badf);
        }
        if from == to {
            return Ok(());
        }
        let entry = self.entries.remove(&from).ok_or(Errno::Badf)?;
        self.entries.insert(to, entry);
        Ok(())
    }

    /// Inserts at a given number (used by the builder for stdio).
    pub fn insert_at(&mut self, fd: u32, entry: FdEntry) {
        self.entries.insert(fd, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::Rights;
    use crate::fd::FdKind;

    fn null() -> FdEntry {
        FdEntry {
            kind: FdKind::Null,
            rights_base: Rights::NONE,
            rights_inheriting: Rights::NONE,
            preopen: None,
        }
    }

    #[test]
    fn lowest_free_number_is_reused() {
        let mut t = FdTable::new();
        assert_eq!(t.push(null()), Ok(0));
        assert_eq!(t.push(null()), Ok(1));
        assert_eq!(t.push(null()), Ok(2));
        t.remove(1).unwrap();
        assert_eq!(t.push(null()), Ok(1));
        assert_eq!(t.push(null()), Ok(3));
    }

    #[test]
    fn renumber_needs_both_open() {
        let mut t = FdTable::new();
        t.push(null()).unwrap();
        t.push(null()).unwrap();
        assert_eq!(t.renumber(0, 5), Err(Errno::Badf));
        assert_eq!(t.renumber(0, 1), Ok(()));
        assert_eq!(t.get(0).err(), Some(Errno::Badf));
        assert!(t.get(1).is_ok());
    }
}
