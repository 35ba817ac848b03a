//! Where `memory.atomic.wait32/64` sleeps and `memory.atomic.notify` wakes (the threads
//! proposal): one spot per shared memory, holding a queue of waiting threads per byte address.
//!
//! A waiter checks the memory (its `validate`, a `SeqCst` load compared with the expected
//! value) and enqueues itself under the lock every notifier takes, so a notify that follows a
//! store the waiter did not see cannot come between the check and the enqueue: no wake-up is
//! lost. It then sleeps in `thread::park_timeout`, which may return spuriously (or at once, on
//! an unpark meant for an earlier wait); the loop absorbs that. A notifier dequeues the waiters
//! it wakes, oldest first, and marks them, so each counts once in its result and a marked
//! waiter is never in a queue. A sleeping waiter wakes at least every [`POLL`] to ask
//! `interrupted` (how epoch interruption stops a thread blocked in `wait`) and to check its
//! deadline.
//!
//! Like wasmtime's `parking_spot` (itself a simplification of `parking_lot_core`), but the
//! queues hold reference-counted waiters rather than intrusive nodes, so there is no unsafe
//! code. Only `validate` runs under the lock, before the map is changed, and no code between
//! locking and unlocking leaves the map inconsistent, so a poisoned lock (a panicking
//! `validate`) is simply taken over.

use std::collections::VecDeque;
use std::collections::hash_map::{Entry, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

/// Longest a waiter sleeps before asking `interrupted` again.
pub(crate) const POLL: Duration = Duration::from_millis(50);

/// The threads waiting at each address of one shared memory.
#[derive(Debug, Default)]
pub(crate) struct ParkingSpot {
    /// Waiters by byte address, oldest first; an address without waiters has no entry.
    waiters: Mutex<HashMap<u64, VecDeque<Arc<Waiter>>>>,
}

/// One thread blocked in [`ParkingSpot::wait`].
#[derive(Debug)]
struct Waiter {
    /// The thread, to unpark.
    thread: Thread,
    /// Set (under the lock) by the notifier that dequeued this waiter.
    notified: AtomicBool,
}

/// How a [`ParkingSpot::wait`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WaitResult {
    /// A notify woke it (`memory.atomic.wait`'s 0, "ok").
    Woken,
    /// `validate` failed, so it did not wait (1, "not-equal").
    Mismatch,
    /// The deadline passed first (2, "timed-out").
    TimedOut,
    /// `interrupted` said to stop (the caller traps).
    Interrupted,
}

impl ParkingSpot {
    /// The waiters, whether or not a panicking `validate` poisoned the lock (see the module
    /// docs: the map is consistent at any panic).
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, VecDeque<Arc<Waiter>>>> {
        self.waiters.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Blocks the current thread at `addr` until a [`notify`](Self::notify) there wakes it,
    /// `deadline` passes (`None`: never), or `interrupted()` returns true (asked before
    /// sleeping and then at least every [`POLL`]).
    ///
    /// `validate` runs first, under the lock notifiers take: when it returns false the thread
    /// does not wait ([`WaitResult::Mismatch`]). It must not use this spot. `interrupted` runs
    /// without the lock.
    pub(crate) fn wait(
        &self,
        addr: u64,
        validate: impl FnOnce() -> bool,
        deadline: Option<Instant>,
        interrupted: impl Fn() -> bool,
    ) -> WaitResult {
        let mut waiters = self.lock();
        if !validate() {
            return WaitResult::Mismatch;
        }
        let waiter = Arc::new(Waiter {
            thread: thread::current(),
            notified: AtomicBool::new(false),
        });
        waiters
            .entry(addr)
            .or_default()
            .push_back(Arc::clone(&waiter));
        drop(waiters);
        let mut queued = Queued {
            spot: self,
            addr,
            waiter,
            left: false,
        };
        loop {
            // Marked only once dequeued: nothing to undo.
            if queued.waiter.notified.load(Ordering::Acquire) {
                queued.left = true;
                return WaitResult::Woken;
            }
            let now = Instant::now();
            let stop = if deadline.is_some_and(|d| now >= d) {
                Some(WaitResult::TimedOut)
            } else if interrupted() {
                Some(WaitResult::Interrupted)
            } else {
                None
            };
            if let Some(stop) = stop {
                // A notifier may have dequeued it meanwhile: then it counted as woken.
                return if queued.leave() {
                    WaitResult::Woken
                } else {
                    stop
                };
            }
            let sleep = deadline.map_or(POLL, |d| d.saturating_duration_since(now).min(POLL));
            thread::park_timeout(sleep);
        }
    }

    /// Wakes up to `count` threads waiting at `addr`, oldest first; how many it woke.
    pub(crate) fn notify(&self, addr: u64, count: u32) -> u32 {
        if count == 0 {
            return 0;
        }
        let mut waiters = self.lock();
        let Entry::Occupied(mut queue) = waiters.entry(addr) else {
            return 0;
        };
        let mut woken = 0;
        while woken < count {
            let Some(waiter) = queue.get_mut().pop_front() else {
                break;
            };
            waiter.notified.store(true, Ordering::Release);
            waiter.thread.unpark();
            woken += 1;
        }
        if queue.get().is_empty() {
            queue.remove();
        }
        woken
    }
}

/// A waiter's place in its queue: leaving it (explicitly, or by being dropped, as when
/// `interrupted` panics) takes the waiter out unless a notifier already has.
struct Queued<'a> {
    spot: &'a ParkingSpot,
    addr: u64,
    waiter: Arc<Waiter>,
    /// Whether it has left already.
    left: bool,
}

impl Queued<'_> {
    /// Leaves the queue; whether a notifier had dequeued (and woken) the waiter first.
    fn leave(&mut self) -> bool {
        self.left = true;
        let mut waiters = self.spot.lock();
        // Under the lock, so no notifier can dequeue it between this check and the removal.
        if self.waiter.notified.load(Ordering::Acquire) {
            return true;
        }
        if let Entry::Occupied(mut queue) = waiters.entry(self.addr) {
            queue
                .get_mut()
                .retain(|other| !Arc::ptr_eq(other, &self.waiter));
            if queue.get().is_empty() {
                queue.remove();
            }
        }
        false
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        if !self.left {
            self.leave();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;
    use std::thread::JoinHandle;

    /// Generous bound on anything that should happen promptly: a bug fails instead of hanging.
    const PATIENCE: Duration = Duration::from_secs(10);

    /// Waiters queued at `addr`.
    fn queued(spot: &ParkingSpot, addr: u64) -> usize {
        spot.lock().get(&addr).map_or(0, VecDeque::len)
    }

    /// Waits until `n` waiters are queued at `addr`.
    fn until_queued(spot: &ParkingSpot, addr: u64, n: usize) {
        let start = Instant::now();
        while queued(spot, addr) != n {
            assert!(start.elapsed() < PATIENCE, "never {n} waiters at {addr}");
            thread::sleep(Duration::from_millis(1));
        }
    }

    /// A thread waiting at `addr` (validation passes) until woken or `PATIENCE` passes.
    fn waiter(spot: &Arc<ParkingSpot>, addr: u64) -> JoinHandle<WaitResult> {
        let spot = Arc::clone(spot);
        thread::spawn(move || spot.wait(addr, || true, Some(Instant::now() + PATIENCE), || false))
    }

    #[test]
    fn mismatch_does_not_wait() {
        let spot = ParkingSpot::default();
        let start = Instant::now();
        assert_eq!(spot.wait(8, || false, None, || false), WaitResult::Mismatch);
        assert!(start.elapsed() < PATIENCE);
        assert!(spot.lock().is_empty());
    }

    #[test]
    fn deadline_times_out() {
        let spot = ParkingSpot::default();
        let start = Instant::now();
        let deadline = start + Duration::from_millis(10);
        assert_eq!(
            spot.wait(0, || true, Some(deadline), || false),
            WaitResult::TimedOut
        );
        assert!(Instant::now() >= deadline);
        assert!(spot.lock().is_empty());
        // A deadline already past: at once.
        assert_eq!(
            spot.wait(0, || true, Some(start), || false),
            WaitResult::TimedOut
        );
        assert!(spot.lock().is_empty());
    }

    #[test]
    fn notify_wakes_a_waiter() {
        let spot = Arc::new(ParkingSpot::default());
        let t = waiter(&spot, 16);
        let start = Instant::now();
        // Until the waiter has queued, there is nobody to wake.
        while spot.notify(16, 1) != 1 {
            assert!(start.elapsed() < PATIENCE, "the waiter never queued");
            thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(t.join().unwrap(), WaitResult::Woken);
        assert!(spot.lock().is_empty());
    }

    #[test]
    fn notify_wakes_at_most_count() {
        let spot = Arc::new(ParkingSpot::default());
        let threads: Vec<_> = (0..3).map(|_| waiter(&spot, 4)).collect();
        until_queued(&spot, 4, 3);
        assert_eq!(spot.notify(4, 0), 0);
        assert_eq!(spot.notify(5, 3), 0, "another address");
        assert_eq!(spot.notify(4, 2), 2);
        assert_eq!(queued(&spot, 4), 1);
        assert_eq!(spot.notify(4, 5), 1);
        assert!(spot.lock().is_empty());
        for t in threads {
            assert_eq!(t.join().unwrap(), WaitResult::Woken);
        }
    }

    #[test]
    fn notify_wakes_oldest_first() {
        let spot = Arc::new(ParkingSpot::default());
        let first = waiter(&spot, 0);
        until_queued(&spot, 0, 1);
        let second = waiter(&spot, 0);
        until_queued(&spot, 0, 2);
        assert_eq!(spot.notify(0, 1), 1);
        assert_eq!(first.join().unwrap(), WaitResult::Woken);
        assert_eq!(spot.lock()[&0][0].thread.id(), second.thread().id());
        assert_eq!(spot.notify(0, 1), 1);
        assert_eq!(second.join().unwrap(), WaitResult::Woken);
    }

    #[test]
    fn notify_without_waiters_wakes_none() {
        let spot = ParkingSpot::default();
        assert_eq!(spot.notify(0, 1), 0);
        assert_eq!(spot.notify(0, u32::MAX), 0);
        assert!(spot.lock().is_empty());
    }

    #[test]
    fn interrupted_stops_a_waiter() {
        let spot = Arc::new(ParkingSpot::default());
        // Already interrupted: it queues, then leaves at once.
        assert_eq!(
            spot.wait(0, || true, None, || true),
            WaitResult::Interrupted
        );
        assert!(spot.lock().is_empty());

        let stop = Arc::new(AtomicBool::new(false));
        let t = {
            let (spot, stop) = (Arc::clone(&spot), Arc::clone(&stop));
            thread::spawn(move || {
                let start = Instant::now();
                let result = spot.wait(0, || true, None, || stop.load(Ordering::Relaxed));
                (result, start.elapsed())
            })
        };
        until_queued(&spot, 0, 1);
        stop.store(true, Ordering::Relaxed);
        let (result, waited) = t.join().unwrap();
        assert_eq!(result, WaitResult::Interrupted);
        assert!(waited < PATIENCE);
        assert!(spot.lock().is_empty());
        assert_eq!(spot.notify(0, 1), 0);
    }

    #[test]
    fn panics_leave_the_spot_usable() {
        let spot = ParkingSpot::default();
        // A panicking `validate` poisons the lock, which is taken over.
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            spot.wait(0, || panic!("validate"), None, || false)
        }));
        assert!(panicked.is_err());
        assert!(spot.waiters.is_poisoned());
        // A panicking `interrupted` takes its waiter out of the queue.
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            spot.wait(0, || true, None, || panic!("interrupted"))
        }));
        assert!(panicked.is_err());
        assert!(spot.lock().is_empty());
        assert_eq!(spot.notify(0, 1), 0);
        assert_eq!(
            spot.wait(0, || true, Some(Instant::now()), || false),
            WaitResult::TimedOut
        );
    }

    /// Eight threads pass a turn round a ring: each waits until the counter names it, then
    /// advances it and notifies everyone. A lost wake-up stalls the ring, and the waiters' own
    /// deadlines then fail the test.
    #[test]
    fn ring_of_waiters_loses_no_wake_up() {
        const THREADS: u32 = 8;
        const MOST_TURNS: u32 = 20_000;
        const BUDGET: Duration = Duration::from_millis(700);
        const STOP: u32 = u32::MAX;
        let spot = Arc::new(ParkingSpot::default());
        let turn = Arc::new(AtomicU32::new(0));
        let last = Arc::new(AtomicU32::new(0));
        let start = Instant::now();
        let threads: Vec<_> = (0..THREADS)
            .map(|me| {
                let (spot, turn, last) = (Arc::clone(&spot), Arc::clone(&turn), Arc::clone(&last));
                thread::spawn(move || -> Result<u32, String> {
                    let mut mine = 0;
                    loop {
                        let t = turn.load(Ordering::SeqCst);
                        if t == STOP {
                            return Ok(mine);
                        }
                        if t % THREADS == me {
                            mine += 1;
                            let next = if t + 1 >= MOST_TURNS || start.elapsed() > BUDGET {
                                last.store(t, Ordering::SeqCst);
                                STOP
                            } else {
                                t + 1
                            };
                            turn.store(next, Ordering::SeqCst);
                            spot.notify(0, u32::MAX);
                            continue;
                        }
                        let deadline = Some(Instant::now() + PATIENCE);
                        let result =
                            spot.wait(0, || turn.load(Ordering::SeqCst) == t, deadline, || false);
                        if result == WaitResult::TimedOut {
                            turn.store(STOP, Ordering::SeqCst);
                            spot.notify(0, u32::MAX);
                            return Err(format!("thread {me} never woke at turn {t}"));
                        }
                    }
                })
            })
            .collect();
        let mut turns = 0;
        for t in threads {
            turns += t.join().unwrap().unwrap();
        }
        assert_eq!(turns, last.load(Ordering::SeqCst) + 1);
        assert!(turns >= THREADS, "only {turns} turns");
        assert!(spot.lock().is_empty());
    }

    /// Four pairs of threads, each pair at its own address, play ping-pong with `notify(.., 1)`:
    /// exactly one of a pair waits at a time, so one wake-up must do.
    #[test]
    fn pairs_ping_pong_at_their_own_addresses() {
        const ROUNDS: u32 = 2_000;
        const BUDGET: Duration = Duration::from_millis(300);
        let spot = Arc::new(ParkingSpot::default());
        let start = Instant::now();
        let mut threads = Vec::new();
        for pair in 0..4u64 {
            let addr = pair * 4;
            // The pair's counter: odd, side 1 plays; even, side 0.
            let ball = Arc::new(AtomicU32::new(0));
            for side in 0..2u32 {
                let (spot, ball) = (Arc::clone(&spot), Arc::clone(&ball));
                threads.push(thread::spawn(move || -> Result<(), String> {
                    loop {
                        let b = ball.load(Ordering::SeqCst);
                        if b >= ROUNDS {
                            return Ok(());
                        }
                        if b % 2 == side {
                            let next = if start.elapsed() > BUDGET {
                                ROUNDS
                            } else {
                                b + 1
                            };
                            ball.store(next, Ordering::SeqCst);
                            spot.notify(addr, 1);
                            continue;
                        }
                        let deadline = Some(Instant::now() + PATIENCE);
                        let validate = || ball.load(Ordering::SeqCst) == b;
                        if spot.wait(addr, validate, deadline, || false) == WaitResult::TimedOut {
                            ball.store(ROUNDS, Ordering::SeqCst);
                            spot.notify(addr, 1);
                            return Err(format!("side {side} at {addr} never woke"));
                        }
                    }
                }));
            }
        }
        for t in threads {
            t.join().unwrap().unwrap();
        }
        assert!(spot.lock().is_empty());
    }
}
