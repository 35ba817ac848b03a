//! Kestrel's demo WASI program: randomness, stdout, environment, arguments, files in a
//! preopened directory, and (with a number N as its argument) N rounds of integer work, so
//! the same program doubles as a small benchmark:
//!
//! ```text
//! kestrel wasm --dir .::. examples/wasi_example_main.wasm 50000000
//! ```

use std::env;
use std::fs;
use std::io::{Read, Write};

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn random_get(buf: *mut u8, len: usize) -> u16;
}

/// Fills `buf` from the host's random source through WASI's `random_get`.
fn fill_random(buf: &mut [u8]) {
    // SAFETY: `buf` is a valid, writable buffer of `buf.len()` bytes.
    let errno = unsafe { random_get(buf.as_mut_ptr(), buf.len()) };
    assert_eq!(errno, 0, "random_get failed with errno {errno}");
}

fn random_i32() -> i32 {
    let mut b = [0u8; 4];
    fill_random(&mut b);
    i32::from_le_bytes(b)
}

fn random_bytes() -> Vec<u8> {
    let mut b = vec![0u8; 128];
    fill_random(&mut b);
    b
}

fn echo(content: &str) -> String {
    println!("Printed from wasi: {content}");
    content.to_string()
}

fn print_env() {
    println!("The env vars are as follows.");
    for (key, value) in env::vars() {
        println!("{key}: {value}");
    }
    println!("The args are as follows.");
    for argument in env::args() {
        println!("{argument}");
    }
}

fn create_file(path: &str, content: &str) {
    let mut output = fs::File::create(path).expect("create file");
    output.write_all(content.as_bytes()).expect("write file");
}

fn read_file(path: &str) -> String {
    let mut f = fs::File::open(path).expect("open file");
    let mut s = String::new();
    f.read_to_string(&mut s).expect("read file");
    s
}

/// `rounds` iterations of a 64-bit mixing function: deterministic integer work.
fn compute(rounds: u64) -> u64 {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut acc: u64 = 0;
    for i in 0..rounds {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let y = (x ^ (x >> 29)).rotate_left((i & 63) as u32);
        acc = acc.wrapping_add(y) ^ (acc >> 7);
    }
    acc
}

fn main() {
    println!("Random number: {}", random_i32());
    println!("Random bytes: {:?}", random_bytes());
    println!("{}", echo("This is from a main function"));
    print_env();
    create_file("tmp.txt", "This is in a file");
    println!("File content is {}", read_file("tmp.txt"));
    fs::remove_file("tmp.txt").expect("remove file");
    if let Some(rounds) = env::args().nth(1).and_then(|a| a.parse::<u64>().ok()) {
        println!("Computed {rounds} rounds: checksum {:016x}", compute(rounds));
    }
}
