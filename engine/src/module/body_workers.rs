//! Running one job (validation, or validation and translation) over every function body of a
//! module, on every available core when the code section is large enough to pay for threads.
//!
//! Bodies are independent once the module-level declarations are known, so `Module::new` can
//! check them in any order. The work is handed out in runs of consecutive bodies of about
//! [`CHUNK_BYTES`] each, from a shared counter, so a core slowed by other load simply takes fewer
//! runs. Small modules (a hello world) stay on the calling thread: spawning would cost more than
//! it saves.
//!
//! The result is the one a sequential pass would give: when bodies are invalid, the error of the
//! lowest-numbered one. Runs are taken in increasing order and every run taken is finished (or
//! stops at its own first error), so once an error is seen no later run is started, and every
//! run before it has been checked.

use super::ModuleInfo;
use crate::error::CompileError;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Code section size (bytes of bodies) from which bodies are checked on several threads: about
/// 1.5 ms of validation, against some 50 µs to start and join a thread.
pub const PARALLEL_MIN_CODE_BYTES: usize = 256 * 1024;

/// About how many bytes of bodies a worker takes at a time.
const CHUNK_BYTES: usize = 64 * 1024;

/// Calls `job(scratch, def_index)` for every defined function of `module`, in parallel when the
/// code is large; each thread has its own `scratch` (buffers reused from body to body).
/// Returns the error of the lowest-numbered body whose job failed.
pub fn for_each_body<S: Default>(
    module: &ModuleInfo,
    job: impl Fn(&mut S, u32) -> Result<(), CompileError> + Sync,
) -> Result<(), CompileError> {
    let code_bytes: usize = module.bodies.iter().map(|b| b.range.len()).sum();
    let threads = if code_bytes >= PARALLEL_MIN_CODE_BYTES {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    };
    for_each_body_on(module, threads, CHUNK_BYTES, job)
}

/// [`for_each_body`] on `threads` threads (the caller's included), handing out runs of about
/// `chunk_bytes` of bodies.
pub(crate) fn for_each_body_on<S: Default>(
    module: &ModuleInfo,
    threads: usize,
    chunk_bytes: usize,
    job: impl Fn(&mut S, u32) -> Result<(), CompileError> + Sync,
) -> Result<(), CompileError> {
    let count = module.bodies.len();
    if threads <= 1 {
        let mut scratch = S::default();
        return (0..count as u32).try_for_each(|def| job(&mut scratch, def));
    }

    let chunks = chunk_starts(module, chunk_bytes);
    let next_chunk = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    // (index of the failing body, its error), the lowest index kept.
    let first_error: Mutex<Option<(u32, CompileError)>> = Mutex::new(None);
    let worker = || {
        let mut scratch = S::default();
        while !failed.load(Ordering::Relaxed) {
            let chunk = next_chunk.fetch_add(1, Ordering::Relaxed);
            let Some(&start) = chunks.get(chunk) else {
                break;
            };
            let end = chunks.get(chunk + 1).copied().unwrap_or(count as u32);
            for def in start..end {
                if let Err(err) = job(&mut scratch, def) {
                    failed.store(true, Ordering::Relaxed);
                    let mut first = first_error.lock().unwrap_or_else(|e| e.into_inner());
                    if first.as_ref().is_none_or(|(at, _)| def < *at) {
                        *first = Some((def, err));
                    }
                    return;
                }
            }
        }
    };
    run_workers(threads.min(chunks.len()), worker);
    match first_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some((_, err)) => Err(err),
        None => Ok(()),
    }
}

/// Calls `job(scratch, def_index)` for every defined function of `module` on `threads` threads
/// (the caller's included), the largest bodies first, one body at a time: for jobs whose cost
/// grows quickly with a body's size (compiling), so that one large function taken last does not
/// keep one thread busy while the others are done.
#[cfg_attr(not(kestrel_jit), allow(dead_code))]
pub(crate) fn for_each_body_largest_first<S: Default>(
    module: &ModuleInfo,
    threads: usize,
    job: impl Fn(&mut S, u32) + Sync,
) {
    let mut order: Vec<u32> = (0..module.bodies.len() as u32).collect();
    order.sort_by_key(|&def| std::cmp::Reverse(module.bodies[def as usize].range.len()));
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut scratch = S::default();
        while let Some(&def) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            job(&mut scratch, def);
        }
    };
    run_workers(threads.min(order.len()), worker);
}

/// Runs `worker` on `threads` threads, the calling one included, until all return. A thread
/// that cannot be started (a process or cgroup thread limit) is simply not there: the others
/// take the work it would have taken.
fn run_workers(threads: usize, worker: impl Fn() + Sync) {
    std::thread::scope(|scope| {
        for _ in 1..threads {
            if std::thread::Builder::new()
                .name("kestrel-compile".into())
                .spawn_scoped(scope, &worker)
                .is_err()
            {
                break;
            }
        }
        worker();
    });
}

/// The first body of each run of consecutive bodies holding about `chunk_bytes`.
fn chunk_starts(module: &ModuleInfo, chunk_bytes: usize) -> Vec<u32> {
    let mut starts = vec![0];
    let mut bytes = 0;
    for (def, body) in module.bodies.iter().enumerate() {
        if bytes >= chunk_bytes {
            starts.push(def as u32);
            bytes = 0;
        }
        bytes += body.range.len();
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CompileErrorKind;
    use crate::module::decode::decode;
    use std::sync::atomic::AtomicU32;

    /// A module of `n` small functions.
    fn module(n: usize) -> ModuleInfo {
        let funcs = "(func (result i32) i32.const 1 i32.const 2 i32.add)".repeat(n);
        let bytes = wat::parse_str(format!("(module {funcs})")).unwrap();
        decode(bytes.into(), &crate::Engine::default()).unwrap()
    }

    #[test]
    fn every_body_runs_once_on_any_number_of_threads() {
        let info = module(97);
        for threads in [1, 2, 3, 8] {
            let runs: Vec<AtomicU32> = (0..97).map(|_| AtomicU32::new(0)).collect();
            for_each_body_on(&info, threads, 40, |(), def| {
                runs[def as usize].fetch_add(1, Ordering::Relaxed);
                Ok(())
            })
            .unwrap();
            assert!(
                runs.iter().all(|r| r.load(Ordering::Relaxed) == 1),
                "{threads} threads"
            );
        }
    }

    #[test]
    fn the_lowest_numbered_failure_is_reported_whatever_the_schedule() {
        let info = module(200);
        for threads in [1, 2, 4] {
            for _ in 0..20 {
                let err = for_each_body_on(&info, threads, 1, |(), def| {
                    if def % 50 == 37 {
                        Err(CompileError::invalid(format!("body {def}"), None))
                    } else {
                        Ok(())
                    }
                })
                .unwrap_err();
                assert_eq!(err.kind, CompileErrorKind::Invalid);
                assert_eq!(err.message, "body 37", "{threads} threads");
            }
        }
    }

    #[test]
    fn each_thread_keeps_its_scratch_between_bodies() {
        let info = module(64);
        let seen = AtomicU32::new(0);
        for_each_body_on(&info, 2, 1, |count: &mut u32, _| {
            *count += 1;
            seen.fetch_max(*count, Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
        assert!(seen.load(Ordering::Relaxed) > 1);
    }
}
