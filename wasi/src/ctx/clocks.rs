//! Clocks seen by the guest, injectable so tests can fix time.

use crate::abi::{ClockId, Errno};
use rustix::time::{ClockId as HostClockId, clock_getres, clock_gettime};

/// The clocks behind `clock_time_get`, `clock_res_get` and `poll_oneoff` timeouts.
pub trait WasiClocks: Send + Sync {
    /// The current time of `id` in nanoseconds.
    fn now(&self, id: ClockId) -> Result<u64, Errno>;
    /// The resolution of `id` in nanoseconds.
    fn resolution(&self, id: ClockId) -> Result<u64, Errno>;
}

/// The host's clocks.
#[derive(Debug, Default, Clone, Copy)]
pub struct HostClocks;

fn host_id(id: ClockId) -> HostClockId {
    match id {
        ClockId::Realtime => HostClockId::Realtime,
        ClockId::Monotonic => HostClockId::Monotonic,
        ClockId::ProcessCpuTime => HostClockId::ProcessCPUTime,
        ClockId::ThreadCpuTime => HostClockId::ThreadCPUTime,
    }
}

fn ns(t: rustix::time::Timespec) -> u64 {
    (t.tv_sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(t.tv_nsec as u64)
}

impl WasiClocks for HostClocks {
    fn now(&self, id: ClockId) -> Result<u64, Errno> {
        Ok(ns(clock_gettime(host_id(id))))
    }

    fn resolution(&self, id: ClockId) -> Result<u64, Errno> {
        Ok(ns(clock_getres(host_id(id))).max(1))
    }
}
