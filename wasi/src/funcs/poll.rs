//! `poll_oneoff`: waiting on clocks and on descriptors becoming readable or writable.
//!
//! Regular files, in-memory pipes and null streams are always ready. Host streams (inherited
//! stdio, sockets, devices) are polled with the host's `poll`, with the earliest clock
//! deadline as its timeout. Without descriptors to watch, the call sleeps until the earliest
//! deadline. A subscription on a bad descriptor yields an event carrying the error, not a
//! failed call.
//!
//! [`poll_oneoff_start`] does the part that needs the context (reading the subscriptions,
//! resolving descriptors, reading clocks) and returns the [`PollWait`] left to do: sleeping
//! until the earliest deadline, or waiting in the host's `poll` on the host descriptors
//! watched, which it holds by counts of their own (a duplicate, for a FIFO or device opened
//! as a file), then writing the events. So a context shared between threads is not held while
//! the call waits, and an `fd_close` meanwhile cannot pull a descriptor from under it.
//! [`poll_oneoff`], the whole call for an unshared context, borrows a FIFO's or device's
//! descriptor from the context it holds throughout instead: no `dup` per call.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::Arc;
use std::time::Duration;

use rustix::event::{PollFd, PollFlags};

use super::WasiResult;
use crate::WasiCtx;
use crate::abi::{
    ClockId, EVENTRWFLAGS_FD_READWRITE_HANGUP, Errno, Event, EventType, Rights, Subscription,
    SubscriptionKind,
};
use crate::fd::FdKind;
use crate::memory::GuestMemory;

/// A descriptor subscription waiting on the host.
#[derive(Debug)]
struct HostWait<'c> {
    index: usize,
    fd: Watched<'c>,
    write: bool,
}

/// How a [`PollWait`] holds a host descriptor it watches.
#[derive(Debug)]
enum Watched<'c> {
    /// A host stream, socket or listener, by its count (an atomic increment).
    Counted(Arc<OwnedFd>),
    /// A FIFO or device opened as a file, by a duplicate: files are not counted (their
    /// `fd_read`/`fd_write` run whole with the context), so a released wait pays a `dup`.
    Duplicate(OwnedFd),
    /// A FIFO or device opened as a file, borrowed from a context the call holds throughout.
    Borrowed(&'c OwnedFd),
}

impl AsFd for Watched<'_> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        match self {
            Self::Counted(fd) => fd.as_fd(),
            Self::Duplicate(fd) => fd.as_fd(),
            Self::Borrowed(fd) => fd.as_fd(),
        }
    }
}

fn fd_event(sub: &Subscription, write: bool, error: Errno) -> Event {
    Event {
        userdata: sub.userdata,
        error: error.raw(),
        kind: if write {
            EventType::FdWrite
        } else {
            EventType::FdRead
        },
        nbytes: 0,
        flags: 0,
    }
}

fn ready(sub: &Subscription, write: bool, nbytes: u64) -> Event {
    Event {
        userdata: sub.userdata,
        error: 0,
        kind: if write {
            EventType::FdWrite
        } else {
            EventType::FdRead
        },
        nbytes,
        flags: 0,
    }
}

/// `poll_oneoff(in, out, nsubscriptions, nevents_ptr)`.
pub fn poll_oneoff(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    in_ptr: u32,
    out_ptr: u32,
    nsubs: u32,
    nevents_ptr: u32,
) -> WasiResult {
    start(cx, mem, [in_ptr, out_ptr, nsubs, nevents_ptr], |h| {
        Ok(Watched::Borrowed(h))
    })?
    .finish(mem)
}

/// What is left of a `poll_oneoff` once the context has been read: waiting (in the host's
/// `poll` on the host descriptors watched, with the earliest clock deadline as its timeout, or,
/// with none, sleeping until that deadline unless an event is ready already), then writing the
/// events. It needs the guest memory but not the context.
#[must_use = "the call is not complete until `finish` writes its events"]
#[derive(Debug)]
pub struct PollWait<'c> {
    subs: Vec<Subscription>,
    events: Vec<Event>,
    clocks: Vec<(usize, u64)>,
    waits: Vec<HostWait<'c>>,
    out_ptr: u32,
    nevents_ptr: u32,
}

impl PollWait<'_> {
    /// Waits, then writes the events and their count.
    pub fn finish(mut self, mem: &mut GuestMemory<'_>) -> WasiResult {
        let earliest = self.clocks.iter().map(|&(_, r)| r).min();
        if self.waits.is_empty() {
            if let (true, Some(ns)) = (self.events.is_empty(), earliest) {
                std::thread::sleep(Duration::from_nanos(ns));
            }
        } else {
            self.poll_host(earliest)?;
        }
        add_clock_events(&mut self.events, &self.clocks, &self.subs, earliest);
        write_events(mem, self.out_ptr, self.nevents_ptr, &self.events)
    }

    /// Waits in the host's `poll` for the watched descriptors (not at all when an event is
    /// ready already, else at most until the earliest deadline) and adds their events.
    fn poll_host(&mut self, earliest: Option<u64>) -> Result<(), Errno> {
        let timeout_ns = if !self.events.is_empty() {
            Some(0)
        } else {
            earliest
        };
        let mut pollfds: Vec<PollFd<'_>> = self
            .waits
            .iter()
            .map(|w| {
                let flags = if w.write {
                    PollFlags::OUT
                } else {
                    PollFlags::IN
                };
                PollFd::new(&w.fd, flags)
            })
            .collect();
        let timeout = timeout_ns.map(|ns| rustix::time::Timespec {
            tv_sec: (ns / 1_000_000_000) as i64,
            tv_nsec: (ns % 1_000_000_000) as _,
        });
        loop {
            match rustix::event::poll(&mut pollfds, timeout.as_ref()) {
                Ok(_) => break,
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        for (w, p) in self.waits.iter().zip(&pollfds) {
            let revents = p.revents();
            if revents.is_empty() {
                continue;
            }
            let sub = &self.subs[w.index];
            let mut ev = ready(sub, w.write, 0);
            if revents.intersects(PollFlags::HUP) {
                ev.flags |= EVENTRWFLAGS_FD_READWRITE_HANGUP;
            }
            if revents.intersects(PollFlags::NVAL) {
                ev.error = Errno::Badf.raw();
            } else if revents.intersects(PollFlags::ERR)
                && !revents.intersects(PollFlags::IN | PollFlags::OUT)
            {
                ev.error = Errno::Io.raw();
            }
            if !w.write {
                ev.nbytes = rustix::io::ioctl_fionread(w.fd.as_fd()).unwrap_or(0);
            }
            self.events.push(ev);
        }
        Ok(())
    }
}

fn write_events(
    mem: &mut GuestMemory<'_>,
    out_ptr: u32,
    nevents_ptr: u32,
    events: &[Event],
) -> WasiResult {
    for (i, ev) in events.iter().enumerate() {
        mem.write(out_ptr + (i * Event::SIZE) as u32, &ev.encode())?;
    }
    mem.write_u32(nevents_ptr, events.len() as u32)
}

/// The part of `poll_oneoff` that needs the context; the [`PollWait`] it returns completes the
/// call with the context released (see [`poll_oneoff`]), so it holds no borrow of it.
pub fn poll_oneoff_start(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    in_ptr: u32,
    out_ptr: u32,
    nsubs: u32,
    nevents_ptr: u32,
) -> Result<PollWait<'static>, Errno> {
    start(cx, mem, [in_ptr, out_ptr, nsubs, nevents_ptr], |h| {
        Ok(Watched::Duplicate(rustix::io::fcntl_dupfd_cloexec(h, 0)?))
    })
}

/// [`poll_oneoff_start`] and [`poll_oneoff`]: `hold_file` is how the wait holds a FIFO or
/// device opened as a file.
fn start<'c, 'w>(
    cx: &'c WasiCtx,
    mem: &mut GuestMemory<'_>,
    [in_ptr, out_ptr, nsubs, nevents_ptr]: [u32; 4],
    hold_file: impl Fn(&'c OwnedFd) -> rustix::io::Result<Watched<'w>>,
) -> Result<PollWait<'w>, Errno> {
    if nsubs == 0 {
        return Err(Errno::Inval);
    }
    let size = (nsubs as usize)
        .checked_mul(Subscription::SIZE)
        .and_then(|s| u32::try_from(s).ok())
        .ok_or(Errno::Fault)?;
    let raw = mem.slice(in_ptr, size)?;
    let subs = raw
        .chunks_exact(Subscription::SIZE)
        .map(Subscription::decode)
        .collect::<Result<Vec<_>, _>>()?;
    let out_size = (nsubs as usize) * Event::SIZE;
    mem.slice(out_ptr, u32::try_from(out_size).map_err(|_| Errno::Fault)?)?;

    let mut events = Vec::new();
    // Earliest clock deadline: (remaining ns, subscription indices with that deadline).
    let mut clocks: Vec<(usize, u64)> = Vec::new();
    let mut waits: Vec<HostWait> = Vec::new();
    for (index, sub) in subs.iter().enumerate() {
        match sub.kind {
            SubscriptionKind::Clock {
                id,
                timeout,
                abstime,
            } => {
                let remaining = ClockId::from_raw(id).and_then(|id| {
                    if abstime {
                        Ok(timeout.saturating_sub(cx.clocks.now(id)?))
                    } else {
                        Ok(timeout)
                    }
                });
                match remaining {
                    Ok(r) => clocks.push((index, r)),
                    Err(e) => events.push(Event {
                        userdata: sub.userdata,
                        error: e.raw(),
                        kind: EventType::Clock,
                        nbytes: 0,
                        flags: 0,
                    }),
                }
            }
            SubscriptionKind::FdRead(fd) | SubscriptionKind::FdWrite(fd) => {
                let write = matches!(sub.kind, SubscriptionKind::FdWrite(_));
                let entry = match cx.table.get(fd) {
                    Ok(e) => e,
                    Err(e) => {
                        events.push(fd_event(sub, write, e));
                        continue;
                    }
                };
                if !entry.rights_base.contains(Rights::POLL_FD_READWRITE) {
                    events.push(fd_event(sub, write, Errno::NotCapable));
                    continue;
                }
                match &entry.kind {
                    FdKind::File(h) => {
                        let st = rustix::fs::fstat(h).map_err(Errno::from);
                        let regular = matches!(&st, Ok(s) if rustix::fs::FileType::from_raw_mode(s.st_mode) == rustix::fs::FileType::RegularFile);
                        if regular {
                            let nbytes = if write {
                                0
                            } else {
                                let pos = rustix::fs::tell(h).unwrap_or(0);
                                (st.map(|s| s.st_size as u64).unwrap_or(0)).saturating_sub(pos)
                            };
                            events.push(ready(sub, write, nbytes));
                        } else {
                            // A FIFO or device opened as a file.
                            match hold_file(h) {
                                Ok(fd) => waits.push(HostWait { index, fd, write }),
                                Err(e) => events.push(fd_event(sub, write, e.into())),
                            }
                        }
                    }
                    FdKind::HostStream(h) | FdKind::Socket(h) | FdKind::Listener(h) => {
                        waits.push(HostWait {
                            index,
                            fd: Watched::Counted(Arc::clone(h)),
                            write,
                        })
                    }
                    FdKind::Null => events.push(ready(sub, write, 0)),
                    FdKind::ReadPipe(p) if !write => {
                        events.push(ready(sub, write, p.remaining() as u64))
                    }
                    FdKind::WritePipe(_) if write => events.push(ready(sub, write, 0)),
                    FdKind::ReadPipe(_) | FdKind::WritePipe(_) | FdKind::Dir(_) => {
                        events.push(fd_event(sub, write, Errno::Badf))
                    }
                }
            }
        }
    }

    Ok(PollWait {
        subs,
        events,
        clocks,
        waits,
        out_ptr,
        nevents_ptr,
    })
}

/// Adds the events of the clocks that fired, once the wait is over: with no other event the
/// earliest clock(s) (the wait ran until their deadline), otherwise those already due.
fn add_clock_events(
    events: &mut Vec<Event>,
    clocks: &[(usize, u64)],
    subs: &[Subscription],
    earliest: Option<u64>,
) {
    if events.is_empty() {
        // Nothing became ready: the earliest clock(s) fired.
        if let Some(min) = earliest {
            for &(index, r) in clocks {
                if r == min {
                    events.push(Event {
                        userdata: subs[index].userdata,
                        error: 0,
                        kind: EventType::Clock,
                        nbytes: 0,
                        flags: 0,
                    });
                }
            }
        }
    } else {
        for &(index, r) in clocks {
            if r == 0 {
                events.push(Event {
                    userdata: subs[index].userdata,
                    error: 0,
                    kind: EventType::Clock,
                    nbytes: 0,
                    flags: 0,
                });
            }
        }
    }
}
