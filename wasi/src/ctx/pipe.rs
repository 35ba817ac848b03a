//! In-memory stdio for embedders and tests: an input the guest reads, an output that
//! captures what the guest writes. Handles are cheap clones sharing one buffer.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

/// Bytes the guest reads from (for example as stdin); end of file once drained.
#[derive(Debug, Clone, Default)]
pub struct ReadPipe {
    data: Arc<Mutex<VecDeque<u8>>>,
}

impl ReadPipe {
    /// A pipe holding `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            data: Arc::new(Mutex::new(VecDeque::from(bytes.into()))),
        }
    }

    /// Moves up to `buf.len()` bytes into `buf`; 0 at end of file.
    pub fn read(&self, buf: &mut [u8]) -> usize {
        let mut data = self.data.lock().unwrap_or_else(PoisonError::into_inner);
        let n = buf.len().min(data.len());
        for (dst, src) in buf.iter_mut().zip(data.drain(..n)) {
            *dst = src;
        }
        n
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.data
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// Captures what the guest writes (for example to stdout).
#[derive(Debug, Clone, Default)]
pub struct WritePipe {
    data: Arc<Mutex<Vec<u8>>>,
}

impl WritePipe {
    /// An empty capture.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `bytes`.
    pub fn write(&self, bytes: &[u8]) {
        self.data
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
    }

    /// Everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.data
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
