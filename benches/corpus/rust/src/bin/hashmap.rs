//! Hash map workload: inserts, lookups, updates and removals on a `HashMap<u64, u64>` with a
//! deterministic hasher (FNV-1a over the key bytes), then an order-independent checksum.

use kestrel_bench_corpus::{XorShift, scale_arg};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: deterministic (no random seed from WASI), byte-at-a-time like many real hashers.
#[derive(Default)]
struct Fnv1a(u64);

impl Hasher for Fnv1a {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

fn main() {
    let ops = scale_arg(6_000_000);
    let mut map: HashMap<u64, u64, BuildHasherDefault<Fnv1a>> = HashMap::default();
    let mut rng = XorShift::new(42);
    let key_space = ops / 2;
    let (mut hits, mut misses, mut removed) = (0u64, 0u64, 0u64);
    for i in 0..ops {
        let key = rng.below(key_space);
        match i % 4 {
            0 | 1 => *map.entry(key).or_insert(0) += i,
            2 => match map.get(&key) {
                Some(v) => hits = hits.wrapping_add(*v),
                None => misses += 1,
            },
            _ => {
                if map.remove(&key).is_some() {
                    removed += 1;
                }
            }
        }
    }
    let checksum = map
        .iter()
        .fold(0u64, |acc, (k, v)| acc.wrapping_add(k.wrapping_mul(31) ^ v));
    println!(
        "hashmap {ops} ops: {} live, {hits} hit sum, {misses} misses, {removed} removed, checksum {checksum:016x}",
        map.len()
    );
}
