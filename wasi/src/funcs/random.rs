//! `random_get`.

use super::WasiResult;
use crate::WasiCtx;
use crate::memory::GuestMemory;

/// `random_get(buf, buf_len)`.
pub fn random_get(cx: &mut WasiCtx, mem: &mut GuestMemory<'_>, buf: u32, len: u32) -> WasiResult {
    let len_bytes = len as usize;
    mem.fill_with(buf, len, |out| cx.random.fill(out).map(|()| len_bytes))?
        .map(|_| ())
}
