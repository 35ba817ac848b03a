//! The threads proposal end to end under the Cranelift tier (the tests are in
//! `threads/body.rs`, which here also checks that every function is compiled): atomics, shared
//! memories whose length other threads change under compiled code, `wait`/`notify` between
//! compiled threads.
#![cfg(all(
    feature = "cranelift",
    target_endian = "little",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

/// The strategy `threads/body.rs` runs under.
const STRATEGY: kestrel::Strategy = kestrel::Strategy::Cranelift;

#[path = "threads/body.rs"]
mod body;
