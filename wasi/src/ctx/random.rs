//! The source behind `random_get`, injectable so tests can be deterministic.

use crate::abi::Errno;

/// Fills guest buffers with random bytes.
pub trait RandomSource: Send {
    /// Fills `buf` entirely.
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), Errno>;
}

/// The host's CSPRNG (`getrandom`).
#[derive(Debug, Default, Clone, Copy)]
pub struct HostRandom;

impl RandomSource for HostRandom {
    fn fill(&mut self, mut buf: &mut [u8]) -> Result<(), Errno> {
        while !buf.is_empty() {
            match rustix::rand::getrandom(&mut *buf, rustix::rand::GetRandomFlags::empty()) {
                Ok(n) => buf = &mut buf[n..],
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}
