//! `clock_res_get`, `clock_time_get`.

use super::WasiResult;
use crate::WasiCtx;
use crate::abi::ClockId;
use crate::memory::GuestMemory;

/// `clock_res_get(id, resolution_ptr)`.
pub fn clock_res_get(cx: &mut WasiCtx, mem: &mut GuestMemory<'_>, id: u32, out: u32) -> WasiResult {
    let res = cx.clocks.resolution(ClockId::from_raw(id)?)?;
    mem.write_u64(out, res)
}

/// `clock_time_get(id, precision, time_ptr)`. The precision is a hint; the clock's own
/// resolution is used.
pub fn clock_time_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    id: u32,
    _precision: u64,
    out: u32,
) -> WasiResult {
    let now = cx.clocks.now(ClockId::from_raw(id)?)?;
    mem.write_u64(out, now)
}
