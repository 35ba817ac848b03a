//! Clocks and randomness are injectable (tests fix them), and in-memory stdio captures and
//! feeds the guest: checked through the functions directly, without the engine.

use kestrel_wasi::abi::{ClockId, Errno};
use kestrel_wasi::funcs::{clock, fd_io, random};
use kestrel_wasi::memory::GuestMemory;
use kestrel_wasi::{RandomSource, ReadPipe, WasiClocks, WasiCtxBuilder, WritePipe};

struct FixedClocks;

impl WasiClocks for FixedClocks {
    fn now(&self, id: ClockId) -> Result<u64, Errno> {
        match id {
            ClockId::Realtime => Ok(1_700_000_000_000_000_000),
            ClockId::Monotonic => Ok(42),
            _ => Err(Errno::NotSup),
        }
    }
    fn resolution(&self, _: ClockId) -> Result<u64, Errno> {
        Ok(1000)
    }
}

struct Counting(u8);

impl RandomSource for Counting {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), Errno> {
        for b in buf {
            *b = self.0;
            self.0 = self.0.wrapping_add(1);
        }
        Ok(())
    }
}

#[test]
fn injected_clocks_and_random() {
    let mut cx = WasiCtxBuilder::new()
        .clocks(Box::new(FixedClocks))
        .random(Box::new(Counting(7)))
        .build()
        .unwrap();
    let mut bytes = vec![0u8; 64];
    let mut mem = GuestMemory::new(&mut bytes);
    clock::clock_time_get(&mut cx, &mut mem, 0, 0, 0).unwrap();
    clock::clock_time_get(&mut cx, &mut mem, 1, 0, 8).unwrap();
    clock::clock_res_get(&mut cx, &mut mem, 1, 16).unwrap();
    assert_eq!(
        clock::clock_time_get(&mut cx, &mut mem, 2, 0, 0),
        Err(Errno::NotSup)
    );
    assert_eq!(
        clock::clock_time_get(&mut cx, &mut mem, 9, 0, 0),
        Err(Errno::Inval)
    );
    random::random_get(&mut cx, &mut mem, 24, 4).unwrap();
    assert_eq!(
        &mem.slice(0, 8).unwrap()[..],
        1_700_000_000_000_000_000u64.to_le_bytes()
    );
    assert_eq!(&mem.slice(8, 8).unwrap()[..], 42u64.to_le_bytes());
    assert_eq!(&mem.slice(16, 8).unwrap()[..], 1000u64.to_le_bytes());
    assert_eq!(&mem.slice(24, 4).unwrap()[..], [7, 8, 9, 10]);
    assert_eq!(
        random::random_get(&mut cx, &mut mem, 60, 8),
        Err(Errno::Fault)
    );
}

#[test]
fn in_memory_stdio() {
    let out = WritePipe::new();
    let mut cx = WasiCtxBuilder::new()
        .stdin(ReadPipe::new("hello"))
        .stdout(out.clone())
        .build()
        .unwrap();
    let mut bytes = vec![0u8; 128];
    // iovec at 0: buffer 64, length 3.
    bytes[0..4].copy_from_slice(&64u32.to_le_bytes());
    bytes[4..8].copy_from_slice(&3u32.to_le_bytes());
    let mut mem = GuestMemory::new(&mut bytes);
    fd_io::fd_read(&mut cx, &mut mem, 0, 0, 1, 16).unwrap();
    assert_eq!(mem.read_u32(16), Ok(3));
    assert_eq!(&mem.slice(64, 3).unwrap()[..], b"hel");
    fd_io::fd_write(&mut cx, &mut mem, 1, 0, 1, 16).unwrap();
    assert_eq!(out.contents(), b"hel");
    // stdin cannot be written, stdout cannot be read, stderr (null) swallows.
    assert_eq!(
        fd_io::fd_write(&mut cx, &mut mem, 0, 0, 1, 16),
        Err(Errno::NotCapable)
    );
    assert_eq!(
        fd_io::fd_read(&mut cx, &mut mem, 1, 0, 1, 16),
        Err(Errno::NotCapable)
    );
    fd_io::fd_write(&mut cx, &mut mem, 2, 0, 1, 16).unwrap();
    assert_eq!(mem.read_u32(16), Ok(3));
    // The rest of stdin, then end of file.
    fd_io::fd_read(&mut cx, &mut mem, 0, 0, 1, 16).unwrap();
    assert_eq!(&mem.slice(64, 2).unwrap()[..], b"lo");
    fd_io::fd_read(&mut cx, &mut mem, 0, 0, 1, 16).unwrap();
    assert_eq!(mem.read_u32(16), Ok(0));
}

/// A guest that makes an inherited stream non-blocking does not leave it so for the host.
#[test]
fn inherited_stream_flags_are_restored() {
    use kestrel_wasi::funcs::fd_state;
    use std::os::fd::AsFd;
    let flags_of = || rustix::fs::fcntl_getfl(std::io::stderr().as_fd()).unwrap();
    let before = flags_of();
    let mut cx = WasiCtxBuilder::new().inherit_stderr().build().unwrap();
    fd_state::fd_fdstat_set_flags(&mut cx, 2, 4 /* NONBLOCK */).unwrap();
    assert!(flags_of().contains(rustix::fs::OFlags::NONBLOCK));
    drop(cx);
    assert_eq!(flags_of(), before);
}
