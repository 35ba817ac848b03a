//! A larger real program: a DEFLATE compressor built on the `miniz_oxide` and `crc32fast`
//! crates. Usage: `deflate_tool DIR`. Generates a deterministic corpus (text-like and
//! binary-like), writes it to `DIR/corpus.bin`, reads it back, compresses it at levels 1, 6
//! and 9 into `DIR/corpus.L.deflate`, decompresses each file from disk, checks the round
//! trip, and prints sizes and CRC-32s. Output is deterministic, so a test can compare it.

use std::fs;
use std::io::{Read, Write};

/// A small xorshift generator: the corpus must be the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn corpus() -> Vec<u8> {
    const WORDS: &[&str] = &[
        "kestrel", "wasm", "interpreter", "register", "sandbox", "preopen", "edge", "module",
        "linear", "memory", "trap", "fuel", "the", "a", "of", "and", "to", "runs", "fast",
    ];
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    let mut out = Vec::new();
    // Text-like: compresses well.
    for i in 0..8_000 {
        let w = WORDS[(rng.next() % WORDS.len() as u64) as usize];
        out.extend_from_slice(w.as_bytes());
        out.push(if i % 13 == 12 { b'\n' } else { b' ' });
    }
    // Binary-like: barely compresses.
    for _ in 0..4_096 {
        out.extend_from_slice(&rng.next().to_le_bytes()[..4]);
    }
    out
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let data = corpus();
    let input = format!("{dir}/corpus.bin");
    fs::File::create(&input).and_then(|mut f| f.write_all(&data)).expect("write corpus");
    let mut read_back = Vec::new();
    fs::File::open(&input).and_then(|mut f| f.read_to_end(&mut read_back)).expect("read corpus");
    assert_eq!(read_back, data, "corpus read back differs");
    println!("input {} bytes crc32 {:08x}", data.len(), crc32fast::hash(&data));
    for level in [1u8, 6, 9] {
        let packed = miniz_oxide::deflate::compress_to_vec(&read_back, level);
        let path = format!("{dir}/corpus.{level}.deflate");
        fs::write(&path, &packed).expect("write compressed");
        let from_disk = fs::read(&path).expect("read compressed");
        let unpacked = miniz_oxide::inflate::decompress_to_vec(&from_disk).expect("inflate");
        let ok = unpacked == data;
        println!(
            "level {level}: {} bytes ({:.1}%) crc32 {:08x} round trip {}",
            packed.len(),
            packed.len() as f64 * 100.0 / data.len() as f64,
            crc32fast::hash(&packed),
            if ok { "ok" } else { "MISMATCH" }
        );
        assert!(ok);
        fs::remove_file(&path).expect("remove compressed");
    }
    fs::remove_file(&input).expect("remove corpus");
    println!("done");
}
