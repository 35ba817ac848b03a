//! `threads-demo sum N THREADS`: sums a function over 0..N split between THREADS threads
//! (std::thread::scope), printing the total, which does not depend on THREADS.
//! `threads-demo queue ITEMS CONSUMERS`: one producer and CONSUMERS consumers pass ITEMS
//! numbers through a bounded queue guarded by a Mutex and two Condvars; prints what each
//! consumer saw in total and the overall sum and count, checked against the expected ones.
//! `threads-demo spin THREADS ROUNDS`: THREADS threads each add 1 to one AtomicU64 ROUNDS times.
//! Exits 1 with a message on a wrong result.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread;

fn term(i: u64) -> u64 {
    let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x ^ (x >> 29)) % 1000
}

fn sum(n: u64, threads: u64) -> u64 {
    let per = n / threads;
    thread::scope(|s| {
        let parts: Vec<_> = (0..threads)
            .map(|k| {
                let start = k * per;
                let end = if k == threads - 1 { n } else { start + per };
                s.spawn(move || (start..end).map(term).sum::<u64>())
            })
            .collect();
        parts.into_iter().map(|p| p.join().unwrap()).sum()
    })
}

struct Queue {
    items: Mutex<(VecDeque<u64>, bool)>,
    not_empty: Condvar,
    not_full: Condvar,
}

const CAPACITY: usize = 16;

fn queue(items: u64, consumers: usize) -> Vec<(u64, u64)> {
    let q = Queue {
        items: Mutex::new((VecDeque::new(), false)),
        not_empty: Condvar::new(),
        not_full: Condvar::new(),
    };
    thread::scope(|s| {
        let workers: Vec<_> = (0..consumers)
            .map(|_| {
                let q = &q;
                s.spawn(move || {
                    let (mut total, mut count) = (0u64, 0u64);
                    loop {
                        let mut guard = q.items.lock().unwrap();
                        while guard.0.is_empty() && !guard.1 {
                            guard = q.not_empty.wait(guard).unwrap();
                        }
                        let Some(v) = guard.0.pop_front() else { break };
                        drop(guard);
                        q.not_full.notify_one();
                        total += v;
                        count += 1;
                    }
                    (total, count)
                })
            })
            .collect();
        for v in 1..=items {
            let mut guard = q.items.lock().unwrap();
            while guard.0.len() >= CAPACITY {
                guard = q.not_full.wait(guard).unwrap();
            }
            guard.0.push_back(v);
            drop(guard);
            q.not_empty.notify_one();
        }
        q.items.lock().unwrap().1 = true;
        q.not_empty.notify_all();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    })
}

fn spin(threads: u64, rounds: u64) -> u64 {
    let counter = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..rounds {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
    });
    counter.into_inner()
}

fn fail(msg: String) -> ! {
    eprintln!("threads-demo: {msg}");
    std::process::exit(1)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let num = |i: usize| -> u64 {
        args.get(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| fail(format!("argument {i} must be a number")))
    };
    match args.get(1).map(String::as_str) {
        Some("sum") => {
            let (n, threads) = (num(2), num(3).max(1));
            let total = sum(n, threads);
            let expected: u64 = (0..n).map(term).sum();
            if total != expected {
                fail(format!("sum {total}, expected {expected}"));
            }
            println!("sum of {n} terms on {threads} threads: {total}");
        }
        Some("queue") => {
            let (items, consumers) = (num(2), num(3).max(1) as usize);
            let seen = queue(items, consumers);
            let total: u64 = seen.iter().map(|s| s.0).sum();
            let count: u64 = seen.iter().map(|s| s.1).sum();
            if total != items * (items + 1) / 2 || count != items {
                fail(format!("consumers saw {count} items summing to {total}"));
            }
            println!("{consumers} consumers took {count} items summing to {total}");
        }
        Some("spin") => {
            let (threads, rounds) = (num(2), num(3));
            let total = spin(threads, rounds);
            if total != threads * rounds {
                fail(format!("counter {total}, expected {}", threads * rounds));
            }
            println!("{threads} threads counted to {total}");
        }
        _ => fail("usage: threads-demo sum N THREADS | queue ITEMS CONSUMERS | spin THREADS ROUNDS".into()),
    }
}
