//! `poll_oneoff` on a FIFO opened as a file (`path_open`), which the host's `poll` watches:
//! the whole call (an unshared context, which lends the wait its descriptor) and the two steps
//! of a shared context (whose wait holds a duplicate, so it holds no borrow of the context and
//! outlives an `fd_close` in between). Checked through the functions directly.

use std::io::Write;

use kestrel_wasi::abi::{FdFlags, Rights};
use kestrel_wasi::funcs::{fd_state, path_open, poll};
use kestrel_wasi::memory::GuestMemory;
use kestrel_wasi::{WasiCtx, WasiCtxBuilder};

/// Where the test puts things in guest memory.
const PATH: u32 = 0;
const FD_OUT: u32 = 64;
const SUB: u32 = 128;
const EVENT: u32 = 256;
const NEVENTS: u32 = 320;

/// A context with `dir` preopened as descriptor 3, `fifo` in it opened for reading (without
/// blocking for a writer), the FIFO's host write end, and the guest descriptor.
fn fifo_open(dir: &std::path::Path, mem: &mut [u8]) -> (WasiCtx, std::fs::File, u32) {
    rustix::fs::mkfifoat(rustix::fs::CWD, dir.join("fifo"), 0o600.into()).unwrap();
    let mut cx = WasiCtxBuilder::new()
        .preopened_dir(dir, "/", false)
        .unwrap()
        .build()
        .unwrap();
    mem[PATH as usize..][..4].copy_from_slice(b"fifo");
    let rights = Rights::FD_READ.0 | Rights::POLL_FD_READWRITE.0;
    let errno = path_open::path_open(
        &mut cx,
        &mut GuestMemory::new(mem),
        3,
        0,
        PATH,
        4,
        0,
        rights,
        0,
        u32::from(FdFlags::NONBLOCK),
        FD_OUT,
    );
    assert_eq!(errno, Ok(()), "path_open of the FIFO");
    let fd = u32::from_le_bytes(mem[FD_OUT as usize..][..4].try_into().unwrap());
    let writer = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("fifo"))
        .unwrap();
    (cx, writer, fd)
}

/// Writes an `fd_read` subscription on `fd` at [`SUB`].
fn subscribe(mem: &mut [u8], fd: u32) {
    let s = &mut mem[SUB as usize..][..48];
    s.fill(0);
    s[0..8].copy_from_slice(&9u64.to_le_bytes());
    s[8] = 1; // fd_read
    s[16..20].copy_from_slice(&fd.to_le_bytes());
}

/// Checks that [`EVENT`] holds one `fd_read` event with `nbytes` ready and no error.
fn assert_readable(mem: &[u8], nbytes: u64) {
    assert_eq!(
        u32::from_le_bytes(mem[NEVENTS as usize..][..4].try_into().unwrap()),
        1
    );
    let ev = &mem[EVENT as usize..][..32];
    assert_eq!(
        u64::from_le_bytes(ev[0..8].try_into().unwrap()),
        9,
        "userdata"
    );
    assert_eq!(u16::from_le_bytes([ev[8], ev[9]]), 0, "no error");
    assert_eq!(ev[10], 1, "an fd_read event");
    assert_eq!(u64::from_le_bytes(ev[16..24].try_into().unwrap()), nbytes);
}

#[test]
fn the_whole_call_polls_a_fifo_opened_as_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let mut mem = vec![0u8; 1024];
    let (mut cx, mut writer, fd) = fifo_open(tmp.path(), &mut mem);
    writer.write_all(b"abc").unwrap();
    subscribe(&mut mem, fd);
    let errno = poll::poll_oneoff(
        &mut cx,
        &mut GuestMemory::new(&mut mem),
        SUB,
        EVENT,
        1,
        NEVENTS,
    );
    assert_eq!(errno, Ok(()));
    assert_readable(&mem, 3);
}

#[test]
fn the_two_steps_poll_a_fifo_closed_in_between() {
    let tmp = tempfile::tempdir().unwrap();
    let mut mem = vec![0u8; 1024];
    let (mut cx, mut writer, fd) = fifo_open(tmp.path(), &mut mem);
    subscribe(&mut mem, fd);
    let wait = poll::poll_oneoff_start(
        &mut cx,
        &mut GuestMemory::new(&mut mem),
        SUB,
        EVENT,
        1,
        NEVENTS,
    )
    .unwrap();
    // Another thread of a shared context could do this while the wait waits.
    assert_eq!(fd_state::fd_close(&mut cx, fd), Ok(()));
    writer.write_all(b"de").unwrap();
    assert_eq!(wait.finish(&mut GuestMemory::new(&mut mem)), Ok(()));
    assert_readable(&mem, 2);
}
