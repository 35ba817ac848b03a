//! WASI over a shared linear memory, as a `wasm32-wasip1-threads` program has: the module
//! imports `(memory 1 1 shared)` and exports it as `memory`. The calls must behave as they do
//! on an unshared memory, and with [`kestrel_wasi::add_to_linker_shared`] several threads, each
//! with a store of its own, share one [`WasiCtx`]: their calls take turns, and a clock-only
//! `poll_oneoff` (how `std::thread::sleep` is built there), one watching a socket, and
//! `fd_read`, `sock_recv` and `sock_accept` waiting on a socket, and `fd_read` and `fd_write`
//! waiting on a host pipe, wait without holding the context.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kestrel::{Engine, Instance, Linker, MemoryType, Module, SharedMemory, Store};
use kestrel_wasi::abi::{ClockId, Errno};
use kestrel_wasi::{HostClocks, I32Exit, ReadPipe, WasiClocks, WasiCtx, WasiCtxBuilder, WritePipe};

/// The program of [`same_results_on_a_shared_memory`], with `MEMORY` standing for its memory
/// declaration. It records each call's errno as an `i32` from byte 400 on:
/// 400 fd_write to stdout, 404 the count written, 408 args_sizes_get, 412 args_get,
/// 416 path_open(`out.txt`, create), 420 fd_write of the argument bytes to it, 424 fd_read of
/// stdin into a 16-byte buffer at 480 (pre-filled with 0xAA), 428 the count read,
/// 432 path_open of invalid UTF-8, 436 path_open of a path past the end of memory,
/// 440 fd_write of an iovec past the end of memory.
const PROGRAM: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  MEMORY
  (data (i32.const 256) "hello from wasi\n")
  (data (i32.const 300) "out.txt")
  (data (i32.const 320) "\ff\fe")
  (data (i32.const 480) "\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa\aa")
  (func (export "_start")
    ;; stdout
    (i32.store (i32.const 0) (i32.const 256))
    (i32.store (i32.const 4) (i32.const 16))
    (i32.store (i32.const 400) (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.store (i32.const 404) (i32.load (i32.const 8)))
    ;; argv into [16, 32) and its bytes into [64, 128)
    (i32.store (i32.const 408) (call $args_sizes_get (i32.const 32) (i32.const 36)))
    (i32.store (i32.const 412) (call $args_get (i32.const 16) (i32.const 64)))
    ;; out.txt: create, then write the argument bytes read back from memory
    (i32.store (i32.const 416)
      (call $path_open (i32.const 3) (i32.const 0) (i32.const 300) (i32.const 7)
        (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 12)))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.load (i32.const 36)))
    (i32.store (i32.const 420) (call $fd_write (i32.load (i32.const 12)) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $fd_close (i32.load (i32.const 12))))
    ;; stdin into a buffer larger than what there is to read
    (i32.store (i32.const 0) (i32.const 480))
    (i32.store (i32.const 4) (i32.const 16))
    (i32.store (i32.const 424) (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.store (i32.const 428) (i32.load (i32.const 8)))
    ;; bad strings and pointers
    (i32.store (i32.const 432)
      (call $path_open (i32.const 3) (i32.const 0) (i32.const 320) (i32.const 2)
        (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 12)))
    (i32.store (i32.const 436)
      (call $path_open (i32.const 3) (i32.const 0) (i32.const 65530) (i32.const 100)
        (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 12)))
    (i32.store (i32.const 0) (i32.const 65530))
    (i32.store (i32.const 4) (i32.const 100))
    (i32.store (i32.const 440) (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
  )
)
"#;

/// Compiles a module from its text.
fn compile(engine: &Engine, wat: &str) -> Module {
    Module::new(engine, wat::parse_str(wat).unwrap()).unwrap()
}

const OWN_MEMORY: &str = r#"(memory (export "memory") 1 1)"#;
const SHARED_MEMORY: &str =
    r#"(import "env" "memory" (memory 1 1 shared)) (export "memory" (memory 0))"#;

/// What a run of [`PROGRAM`] leaves behind.
#[derive(Debug, PartialEq)]
struct Outcome {
    stdout: Vec<u8>,
    file: Vec<u8>,
    /// Bytes 400..444: the errnos and counts.
    results: Vec<u32>,
    /// Bytes 480..496: stdin's buffer.
    read_buffer: Vec<u8>,
}

fn run_program(shared: bool) -> Outcome {
    let tmp = tempfile::tempdir().unwrap();
    let stdout = WritePipe::new();
    let wasi = WasiCtxBuilder::new()
        .args(["prog", "alpha"])
        .stdin(ReadPipe::new("in!"))
        .stdout(stdout.clone())
        .preopened_dir(tmp.path(), "/", false)
        .unwrap()
        .build()
        .unwrap();
    let engine = Engine::default();
    let wat = PROGRAM.replace("MEMORY", if shared { SHARED_MEMORY } else { OWN_MEMORY });
    let module = compile(&engine, &wat);
    let mut linker = Linker::new(&engine);
    kestrel_wasi::add_to_linker(&mut linker, |cx: &mut WasiCtx| cx).unwrap();
    if shared {
        let memory = SharedMemory::new(&engine, MemoryType::shared(1, 1)).unwrap();
        linker
            .define_shared_memory("env", "memory", memory)
            .unwrap();
    }
    let mut store = Store::new(&engine, wasi);
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    assert_eq!(memory.is_shared(&store), shared);
    instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .unwrap()
        .call(&mut store, ())
        .unwrap();

    let mut results = [0u8; 44];
    memory.read(&store, 400, &mut results).unwrap();
    let mut read_buffer = vec![0u8; 16];
    memory.read(&store, 480, &mut read_buffer).unwrap();
    Outcome {
        stdout: stdout.contents(),
        file: std::fs::read(tmp.path().join("out.txt")).unwrap(),
        results: results
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
            .collect(),
        read_buffer,
    }
}

#[test]
fn same_results_on_a_shared_memory() {
    let plain = run_program(false);
    let shared = run_program(true);
    assert_eq!(shared, plain);

    let fault = u32::from(Errno::Fault.raw());
    let ilseq = u32::from(Errno::Ilseq.raw());
    assert_eq!(
        shared.results,
        [0, 16, 0, 0, 0, 0, 0, 3, ilseq, fault, fault],
        "errnos and counts"
    );
    assert_eq!(shared.stdout, b"hello from wasi\n");
    assert_eq!(shared.file, b"prog\0alpha\0");
    let mut expected = [0xaau8; 16];
    expected[..3].copy_from_slice(b"in!");
    assert_eq!(
        shared.read_buffer, expected,
        "fd_read writes back only the bytes it read"
    );
}

/// Thin wrappers for the threads tests: `say` writes `[ptr, ptr+len)` to stdout using the 16
/// bytes at `scratch` for its iovec and count, `tell` the same to `fd`; `hear` reads up to
/// `len` bytes from `fd` into `ptr` the same way (`fd_read`), `receive` too (`sock_recv`);
/// `poll` is `poll_oneoff`, `accept` is `sock_accept`, `close` is `fd_close`.
const THREAD_PROGRAM: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv" (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (export "memory" (memory 0))
  (func (export "say") (param $scratch i32) (param $ptr i32) (param $len i32) (result i32)
    (i32.store (local.get $scratch) (local.get $ptr))
    (i32.store offset=4 (local.get $scratch) (local.get $len))
    (call $fd_write (i32.const 1) (local.get $scratch) (i32.const 1)
      (i32.add (local.get $scratch) (i32.const 8))))
  (func (export "tell") (param $fd i32) (param $scratch i32) (param $ptr i32) (param $len i32) (result i32)
    (i32.store (local.get $scratch) (local.get $ptr))
    (i32.store offset=4 (local.get $scratch) (local.get $len))
    (call $fd_write (local.get $fd) (local.get $scratch) (i32.const 1)
      (i32.add (local.get $scratch) (i32.const 8))))
  (func (export "close") (param $fd i32) (result i32)
    (call $fd_close (local.get $fd)))
  (func (export "hear") (param $fd i32) (param $scratch i32) (param $ptr i32) (param $len i32) (result i32)
    (i32.store (local.get $scratch) (local.get $ptr))
    (i32.store offset=4 (local.get $scratch) (local.get $len))
    (call $fd_read (local.get $fd) (local.get $scratch) (i32.const 1)
      (i32.add (local.get $scratch) (i32.const 8))))
  (func (export "receive") (param $fd i32) (param $scratch i32) (param $ptr i32) (param $len i32) (result i32)
    (i32.store (local.get $scratch) (local.get $ptr))
    (i32.store offset=4 (local.get $scratch) (local.get $len))
    (call $sock_recv (local.get $fd) (local.get $scratch) (i32.const 1) (i32.const 0)
      (i32.add (local.get $scratch) (i32.const 8)) (i32.add (local.get $scratch) (i32.const 12))))
  (func (export "accept") (param $fd i32) (param $out i32) (result i32)
    (call $sock_accept (local.get $fd) (i32.const 0) (local.get $out)))
  (func (export "poll") (param $in i32) (param $out i32) (param $n i32) (param $count i32) (result i32)
    (call $poll_oneoff (local.get $in) (local.get $out) (local.get $n) (local.get $count)))
)
"#;

/// A store's data: the context every thread shares.
struct ThreadState {
    wasi: Arc<Mutex<WasiCtx>>,
}

/// One engine, module, shared memory and linker for several threads, each of which
/// instantiates the module in a store of its own.
struct Threads {
    engine: Engine,
    module: Module,
    linker: Linker<ThreadState>,
    memory: SharedMemory,
    wasi: Arc<Mutex<WasiCtx>>,
}

impl Threads {
    fn new(wasi: WasiCtx) -> Self {
        let engine = Engine::default();
        let module = compile(&engine, THREAD_PROGRAM);
        let memory = SharedMemory::new(&engine, MemoryType::shared(1, 1)).unwrap();
        let mut linker = Linker::new(&engine);
        kestrel_wasi::add_to_linker_shared(&mut linker, |s: &mut ThreadState| &*s.wasi).unwrap();
        linker
            .define_shared_memory("env", "memory", memory.clone())
            .unwrap();
        Self {
            engine,
            module,
            linker,
            memory,
            wasi: Arc::new(Mutex::new(wasi)),
        }
    }

    /// A store and instance for the calling thread.
    fn instantiate(&self) -> (Store<ThreadState>, Instance) {
        let mut store = Store::new(
            &self.engine,
            ThreadState {
                wasi: self.wasi.clone(),
            },
        );
        let instance = self.linker.instantiate(&mut store, &self.module).unwrap();
        (store, instance)
    }
}

/// Writes `line` to stdout from thread-private memory at `base` (16 bytes of scratch, then the
/// text).
fn say(
    store: &mut Store<ThreadState>,
    instance: &Instance,
    memory: &SharedMemory,
    base: u32,
    line: &str,
) {
    memory.write(base as usize + 16, line.as_bytes()).unwrap();
    let say = instance
        .get_typed_func::<(u32, u32, u32), i32>(&mut *store, "say")
        .unwrap();
    let errno = say
        .call(&mut *store, (base, base + 16, line.len() as u32))
        .unwrap();
    assert_eq!(errno, 0, "fd_write of {line:?}");
    let mut written = [0u8; 4];
    memory.read(base as usize + 8, &mut written).unwrap();
    assert_eq!(u32::from_le_bytes(written) as usize, line.len());
}

#[test]
fn two_threads_share_one_context() {
    const LINES: usize = 100;
    let stdout = WritePipe::new();
    let wasi = WasiCtxBuilder::new()
        .stdout(stdout.clone())
        .build()
        .unwrap();
    let threads = Arc::new(Threads::new(wasi));
    let workers: Vec<_> = (0..2u32)
        .map(|t| {
            let threads = threads.clone();
            std::thread::spawn(move || {
                let (mut store, instance) = threads.instantiate();
                let base = 1024 + t * 1024;
                for i in 0..LINES {
                    say(
                        &mut store,
                        &instance,
                        &threads.memory,
                        base,
                        &format!("thread {t} line {i:03}\n"),
                    );
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }

    let out = String::from_utf8(stdout.contents()).unwrap();
    let mut got: Vec<&str> = out.lines().collect();
    got.sort_unstable();
    let mut expected: Vec<String> = (0..2)
        .flat_map(|t| (0..LINES).map(move |i| format!("thread {t} line {i:03}")))
        .collect();
    expected.sort_unstable();
    assert_eq!(got, expected, "every line once, none torn");
}

/// The host's clocks, except that the monotonic clock stands still at [`FROZEN`] and tells
/// `reading` when it is read.
struct SignallingClock {
    reading: Mutex<SyncSender<Instant>>,
}

const FROZEN: u64 = 1_000_000_000;

impl WasiClocks for SignallingClock {
    fn now(&self, id: ClockId) -> Result<u64, Errno> {
        if id != ClockId::Monotonic {
            return HostClocks.now(id);
        }
        let _ = self.reading.lock().unwrap().try_send(Instant::now());
        Ok(FROZEN)
    }

    fn resolution(&self, id: ClockId) -> Result<u64, Errno> {
        HostClocks.resolution(id)
    }
}

/// A clock subscription (48 bytes): `timeout` as an absolute time of the monotonic clock.
fn clock_subscription(userdata: u64, timeout: u64) -> [u8; 48] {
    let mut s = [0u8; 48];
    s[0..8].copy_from_slice(&userdata.to_le_bytes());
    s[8] = 0; // clock
    s[16..20].copy_from_slice(&1u32.to_le_bytes()); // monotonic
    s[24..32].copy_from_slice(&timeout.to_le_bytes());
    s[40..42].copy_from_slice(&1u16.to_le_bytes()); // abstime
    s
}

/// An fd_read subscription (48 bytes) on `fd`.
fn fd_read_subscription(userdata: u64, fd: u32) -> [u8; 48] {
    let mut s = [0u8; 48];
    s[0..8].copy_from_slice(&userdata.to_le_bytes());
    s[8] = 1; // fd_read
    s[16..20].copy_from_slice(&fd.to_le_bytes());
    s
}

/// One thread sleeps in `poll_oneoff` until `SLEEP` after the time it reads from the clock;
/// another, told when that reading happens, writes to stdout. The sleeper cannot wake before
/// the reading plus `SLEEP`, so a write finished earlier went through while it slept: had
/// the sleeper kept the context locked, the write would have waited for it. `SLEEP` is the
/// margin the writer has, generous for a loaded machine.
#[test]
fn a_sleeping_thread_does_not_hold_the_context() {
    const SLEEP: Duration = Duration::from_secs(1);
    let (reading_tx, reading_rx) = mpsc::sync_channel(1);
    let stdout = WritePipe::new();
    let wasi = WasiCtxBuilder::new()
        .stdout(stdout.clone())
        .clocks(Box::new(SignallingClock {
            reading: Mutex::new(reading_tx),
        }))
        .build()
        .unwrap();
    let threads = Arc::new(Threads::new(wasi));

    let sleeper = {
        let threads = threads.clone();
        std::thread::spawn(move || {
            let (mut store, instance) = threads.instantiate();
            let (sub, out, count) = (1024u32, 1100u32, 1140u32);
            let deadline = FROZEN + SLEEP.as_nanos() as u64;
            threads
                .memory
                .write(sub as usize, &clock_subscription(77, deadline))
                .unwrap();
            let poll = instance
                .get_typed_func::<(u32, u32, u32, u32), i32>(&mut store, "poll")
                .unwrap();
            let start = Instant::now();
            let errno = poll.call(&mut store, (sub, out, 1, count)).unwrap();
            let slept = start.elapsed();
            assert_eq!(errno, 0);
            assert!(slept >= SLEEP, "slept only {slept:?}");
            let (mut event, mut nevents) = ([0u8; 32], [0u8; 4]);
            threads.memory.read(out as usize, &mut event).unwrap();
            threads.memory.read(count as usize, &mut nevents).unwrap();
            assert_eq!(u32::from_le_bytes(nevents), 1);
            assert_eq!(u64::from_le_bytes(event[0..8].try_into().unwrap()), 77);
            assert_eq!(u16::from_le_bytes([event[8], event[9]]), 0, "no error");
            assert_eq!(event[10], 0, "a clock event");
        })
    };

    let writer = {
        let threads = threads.clone();
        std::thread::spawn(move || {
            let (mut store, instance) = threads.instantiate();
            let read_at = reading_rx.recv().unwrap();
            let line = "while it sleeps\n";
            say(&mut store, &instance, &threads.memory, 4096, line);
            let written_at = Instant::now();
            assert!(
                written_at < read_at + SLEEP,
                "the write waited {:?} for the sleeper",
                written_at - read_at
            );
        })
    };

    writer.join().unwrap();
    sleeper.join().unwrap();
    assert_eq!(stdout.contents(), b"while it sleeps\n");
}

/// One thread blocks in `fd_read` on a socket with nothing to read yet; another then writes to
/// stdout, and must finish while the reader still waits: the data is sent only after the write,
/// so had the reader kept the context locked, the write would never have gone through (it is
/// given `STUCK` before the test calls it stuck). The reader then gets exactly what was sent.
#[test]
fn a_thread_blocked_in_fd_read_does_not_hold_the_context() {
    blocked_reader_does_not_hold_the_context("hear");
}

/// As [`a_thread_blocked_in_fd_read_does_not_hold_the_context`], in `sock_recv`.
#[test]
fn a_thread_blocked_in_sock_recv_does_not_hold_the_context() {
    blocked_reader_does_not_hold_the_context("receive");
}

/// As [`a_thread_blocked_in_fd_read_does_not_hold_the_context`], in a `poll_oneoff` watching
/// the socket for reading (then reading what it was told is there).
#[test]
fn a_thread_blocked_in_poll_oneoff_does_not_hold_the_context() {
    blocked_reader_does_not_hold_the_context("poll then hear");
}

/// The test of the three above, reading with the export `read` (`hear` or `receive`), or with
/// `poll` on the socket first and then `hear`.
fn blocked_reader_does_not_hold_the_context(read: &'static str) {
    const STUCK: Duration = Duration::from_secs(5);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let stdout = WritePipe::new();
    let wasi = WasiCtxBuilder::new()
        .stdout(stdout.clone())
        .preopened_listener(listener)
        .build()
        .unwrap();
    let threads = Arc::new(Threads::new(wasi));
    let mut client = TcpStream::connect(addr).unwrap();

    let (accepted_tx, accepted_rx) = mpsc::channel();
    let reader = {
        let threads = threads.clone();
        std::thread::spawn(move || {
            let (mut store, instance) = threads.instantiate();
            let accept = instance
                .get_typed_func::<(u32, u32), i32>(&mut store, "accept")
                .unwrap();
            // The listener is the first descriptor after stdio.
            assert_eq!(
                accept.call(&mut store, (3, 2048)).unwrap(),
                0,
                "sock_accept"
            );
            let mut conn = [0u8; 4];
            threads.memory.read(2048, &mut conn).unwrap();
            accepted_tx.send(()).unwrap();
            let conn_fd = u32::from_le_bytes(conn);
            let read = match read.strip_prefix("poll then ") {
                Some(then) => {
                    let poll = instance
                        .get_typed_func::<(u32, u32, u32, u32), i32>(&mut store, "poll")
                        .unwrap();
                    let (sub, out, count) = (3000u32, 3100u32, 3140u32);
                    threads
                        .memory
                        .write(sub as usize, &fd_read_subscription(5, conn_fd))
                        .unwrap();
                    assert_eq!(poll.call(&mut store, (sub, out, 1, count)).unwrap(), 0);
                    let mut event = [0u8; 32];
                    threads.memory.read(out as usize, &mut event).unwrap();
                    assert_eq!(u64::from_le_bytes(event[0..8].try_into().unwrap()), 5);
                    assert_eq!(event[10], 1, "an fd_read event");
                    then
                }
                None => read,
            };
            let read = instance
                .get_typed_func::<(u32, u32, u32, u32), i32>(&mut store, read)
                .unwrap();
            let (scratch, buf) = (2100u32, 2200u32);
            let errno = read.call(&mut store, (conn_fd, scratch, buf, 16)).unwrap();
            assert_eq!(errno, 0, "the read");
            let mut count = [0u8; 4];
            threads
                .memory
                .read(scratch as usize + 8, &mut count)
                .unwrap();
            let mut got = vec![0u8; u32::from_le_bytes(count) as usize];
            threads.memory.read(buf as usize, &mut got).unwrap();
            got
        })
    };
    accepted_rx
        .recv_timeout(STUCK)
        .expect("the reader accepted");
    let written = writes_while_another_waits(&threads, "while it reads\n", || {
        client.write_all(b"ping").unwrap();
    });
    assert!(written, "the write waited for the reader's {read} to end");
    assert_eq!(reader.join().unwrap(), b"ping");
    assert_eq!(stdout.contents(), b"while it reads\n");
}

/// Once another thread is (very likely) waiting in a WASI call, writes `line` to stdout from a
/// thread of its own, and says whether the write finished within `STUCK` (before `unblock`
/// ends the other thread's wait: had it held the context, the write could not have). The
/// other thread is given 200 ms to enter its call first; if it has not, the write passes
/// anyway: the test can miss the fault, never invent one.
fn writes_while_another_waits(
    threads: &Arc<Threads>,
    line: &'static str,
    unblock: impl FnOnce(),
) -> bool {
    const STUCK: Duration = Duration::from_secs(5);
    std::thread::sleep(Duration::from_millis(200));
    let (written_tx, written_rx) = mpsc::channel();
    let writer = {
        let threads = threads.clone();
        std::thread::spawn(move || {
            let (mut store, instance) = threads.instantiate();
            say(&mut store, &instance, &threads.memory, 4096, line);
            written_tx.send(()).unwrap();
        })
    };
    let written = written_rx.recv_timeout(STUCK);
    unblock();
    writer.join().unwrap();
    written.is_ok()
}

/// One thread waits in `sock_accept` for a connection nobody has made yet; another writes to
/// stdout meanwhile, which must finish before the test connects (as above, `STUCK` is how long
/// it is given). The accept then returns a working connection.
#[test]
fn a_thread_waiting_in_sock_accept_does_not_hold_the_context() {
    const STUCK: Duration = Duration::from_secs(5);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let stdout = WritePipe::new();
    let wasi = WasiCtxBuilder::new()
        .stdout(stdout.clone())
        .preopened_listener(listener)
        .build()
        .unwrap();
    let threads = Arc::new(Threads::new(wasi));
    let (started_tx, started_rx) = mpsc::channel();
    let acceptor = {
        let threads = threads.clone();
        std::thread::spawn(move || {
            let (mut store, instance) = threads.instantiate();
            let accept = instance
                .get_typed_func::<(u32, u32), i32>(&mut store, "accept")
                .unwrap();
            started_tx.send(()).unwrap();
            assert_eq!(
                accept.call(&mut store, (3, 2048)).unwrap(),
                0,
                "sock_accept"
            );
            let mut conn = [0u8; 4];
            threads.memory.read(2048, &mut conn).unwrap();
            let hear = instance
                .get_typed_func::<(u32, u32, u32, u32), i32>(&mut store, "hear")
                .unwrap();
            let errno = hear
                .call(&mut store, (u32::from_le_bytes(conn), 2100, 2200, 16))
                .unwrap();
            assert_eq!(errno, 0, "fd_read");
            let mut got = [0u8; 5];
            threads.memory.read(2200, &mut got).unwrap();
            got
        })
    };
    started_rx
        .recv_timeout(STUCK)
        .expect("the acceptor started");
    let written = writes_while_another_waits(&threads, "while it accepts\n", || {
        let mut client = TcpStream::connect(addr).unwrap();
        client.write_all(b"hello").unwrap();
    });
    assert!(
        written,
        "the write waited for the acceptor's sock_accept to end"
    );
    assert_eq!(&acceptor.join().unwrap(), b"hello");
    assert_eq!(stdout.contents(), b"while it accepts\n");
}

/// Runs `f` on a thread of its own and returns its result, or fails the test if it has not
/// returned within `limit` (the thread is left behind: the test binary exits without it).
fn within<R: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> R + Send + 'static,
) -> R {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(r) => {
            handle.join().unwrap();
            r
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // It panicked: report its panic.
            std::panic::resume_unwind(handle.join().unwrap_err())
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what} did not return within {limit:?}"),
    }
}

/// What a `hear` returned: its errno, then the 16 bytes of its buffer (pre-filled with 0xAA).
fn hear_into_marked_buffer(threads: &Threads, fd: u32, base: u32) -> (i32, Vec<u8>) {
    let (mut store, instance) = threads.instantiate();
    let (scratch, buf) = (base, base + 16);
    threads.memory.write(buf as usize, &[0xaa; 16]).unwrap();
    let hear = instance
        .get_typed_func::<(u32, u32, u32, u32), i32>(&mut store, "hear")
        .unwrap();
    let errno = hear.call(&mut store, (fd, scratch, buf, 16)).unwrap();
    let mut count = [0u8; 4];
    threads
        .memory
        .read(scratch as usize + 8, &mut count)
        .unwrap();
    let mut got = vec![0u8; 16];
    threads.memory.read(buf as usize, &mut got).unwrap();
    let n = u32::from_le_bytes(count) as usize;
    assert!(errno != 0 || n <= 16, "count {n}");
    (errno, got)
}

/// Stdin is a host pipe with nothing in it yet (as an interactive program's terminal or
/// pipe): one thread blocks in `fd_read` on it, another's write to stdout must go through
/// before the test writes to the pipe. The reader then gets the bytes written, and only they
/// reach its buffer.
#[test]
fn a_thread_blocked_in_fd_read_on_a_host_pipe_does_not_hold_the_context() {
    const STUCK: Duration = Duration::from_secs(5);
    let (pipe_in, mut pipe_out) = std::io::pipe().unwrap();
    let stdout = WritePipe::new();
    let wasi = WasiCtxBuilder::new()
        .stdin_host(pipe_in)
        .stdout(stdout.clone())
        .build()
        .unwrap();
    let threads = Arc::new(Threads::new(wasi));
    let (result_tx, result_rx) = mpsc::channel();
    let reader = {
        let threads = threads.clone();
        std::thread::spawn(move || {
            let _ = result_tx.send(hear_into_marked_buffer(&threads, 0, 2048));
        })
    };
    let written = writes_while_another_waits(&threads, "while it reads stdin\n", || {
        pipe_out.write_all(b"input").unwrap();
    });
    let (errno, got) = result_rx
        .recv_timeout(STUCK)
        .expect("the reader returned once its input came");
    reader.join().unwrap();
    assert!(written, "the write waited for the reader's fd_read to end");
    assert_eq!(errno, 0, "fd_read");
    let mut expected = vec![0xaau8; 16];
    expected[..5].copy_from_slice(b"input");
    assert_eq!(got, expected, "fd_read writes back only the bytes it read");
    assert_eq!(stdout.contents(), b"while it reads stdin\n");
}

/// Stderr is a host pipe already full: one thread blocks in `fd_write` to it, another's
/// write to stdout must go through before the test drains the pipe. The blocked write then
/// completes whole.
#[test]
fn a_thread_blocked_in_fd_write_on_a_host_pipe_does_not_hold_the_context() {
    const STUCK: Duration = Duration::from_secs(5);
    let (mut pipe_in, pipe_out) = std::io::pipe().unwrap();
    // Fill the pipe: non-blocking until it refuses, then blocking again for the guest.
    let flags = rustix::fs::fcntl_getfl(&pipe_out).unwrap();
    rustix::fs::fcntl_setfl(&pipe_out, flags | rustix::fs::OFlags::NONBLOCK).unwrap();
    let chunk = [b'.'; 4096];
    let mut filled = 0;
    loop {
        match rustix::io::write(&pipe_out, &chunk) {
            Ok(n) => filled += n,
            Err(rustix::io::Errno::AGAIN) => break,
            Err(e) => panic!("filling the pipe: {e}"),
        }
    }
    rustix::fs::fcntl_setfl(&pipe_out, flags).unwrap();
    let stdout = WritePipe::new();
    let wasi = WasiCtxBuilder::new()
        .stdout(stdout.clone())
        .stderr_host(pipe_out)
        .build()
        .unwrap();
    let threads = Arc::new(Threads::new(wasi));
    let (result_tx, result_rx) = mpsc::channel();
    let blocked = {
        let threads = threads.clone();
        std::thread::spawn(move || {
            let (mut store, instance) = threads.instantiate();
            let (scratch, text) = (2048u32, 2064u32);
            threads.memory.write(text as usize, b"complaint").unwrap();
            let tell = instance
                .get_typed_func::<(u32, u32, u32, u32), i32>(&mut store, "tell")
                .unwrap();
            let errno = tell.call(&mut store, (2, scratch, text, 9)).unwrap();
            let mut count = [0u8; 4];
            threads
                .memory
                .read(scratch as usize + 8, &mut count)
                .unwrap();
            let _ = result_tx.send((errno, u32::from_le_bytes(count)));
        })
    };
    let written = writes_while_another_waits(&threads, "while it writes stderr\n", || {
        let mut old = vec![0u8; filled];
        std::io::Read::read_exact(&mut pipe_in, &mut old).unwrap();
    });
    let (errno, count) = result_rx
        .recv_timeout(STUCK)
        .expect("the blocked write returned once the pipe had room");
    blocked.join().unwrap();
    assert!(
        written,
        "the write to stdout waited for the fd_write to stderr"
    );
    assert_eq!((errno, count), (0, 9), "fd_write's errno and count");
    let mut got = [0u8; 9];
    std::io::Read::read_exact(&mut pipe_in, &mut got).unwrap();
    assert_eq!(&got, b"complaint");
    assert_eq!(stdout.contents(), b"while it writes stderr\n");
}

/// One thread blocks in `fd_read` on stdin, a host pipe; another closes stdin meanwhile, which
/// must not wait for the read, and leaves the number closed (a read of it is `EBADF`). The
/// blocked read holds the pipe by a count of its own, so it goes on reading the same pipe and
/// gets what is written to it after the close.
#[test]
fn fd_close_while_another_thread_reads_the_descriptor() {
    const STUCK: Duration = Duration::from_secs(5);
    let (pipe_in, mut pipe_out) = std::io::pipe().unwrap();
    let wasi = WasiCtxBuilder::new().stdin_host(pipe_in).build().unwrap();
    let threads = Arc::new(Threads::new(wasi));
    let (result_tx, result_rx) = mpsc::channel();
    let reader = {
        let threads = threads.clone();
        std::thread::spawn(move || {
            let _ = result_tx.send(hear_into_marked_buffer(&threads, 0, 2048));
        })
    };
    // Give the reader time to block in its call. If it has not, it finds the descriptor closed
    // and the test checks nothing more: it can miss the fault, never invent one.
    std::thread::sleep(Duration::from_millis(200));
    let closer = threads.clone();
    let (closed, reread) = within(STUCK, "fd_close of the descriptor being read", move || {
        let (mut store, instance) = closer.instantiate();
        let close = instance
            .get_typed_func::<u32, i32>(&mut store, "close")
            .unwrap();
        let closed = close.call(&mut store, 0).unwrap();
        (closed, hear_into_marked_buffer(&closer, 0, 4096).0)
    });
    assert_eq!(closed, 0, "fd_close");
    assert_eq!(
        reread,
        i32::from(Errno::Badf.raw()),
        "fd_read after the close"
    );
    pipe_out.write_all(b"late").unwrap();
    let (errno, got) = result_rx
        .recv_timeout(STUCK)
        .expect("the reader returned once its input came");
    reader.join().unwrap();
    if errno == i32::from(Errno::Badf.raw()) {
        return;
    }
    assert_eq!(errno, 0, "the blocked fd_read");
    assert_eq!(&got[..4], b"late");
}

#[test]
fn the_shared_context_is_send() {
    fn send<T: Send>() {}
    send::<WasiCtx>();
}

#[test]
fn proc_exit_from_a_shared_memory_program() {
    let engine = Engine::default();
    let module = compile(
        &engine,
        r#"(module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (import "env" "memory" (memory 1 1 shared))
          (export "memory" (memory 0))
          (func (export "_start") (call $exit (i32.const 3))))"#,
    );
    let mut linker = Linker::new(&engine);
    kestrel_wasi::add_to_linker_shared(&mut linker, |s: &mut ThreadState| &*s.wasi).unwrap();
    linker
        .define_shared_memory(
            "env",
            "memory",
            SharedMemory::new(&engine, MemoryType::shared(1, 1)).unwrap(),
        )
        .unwrap();
    let mut store = Store::new(
        &engine,
        ThreadState {
            wasi: Arc::new(Mutex::new(WasiCtxBuilder::new().build().unwrap())),
        },
    );
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let err = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .unwrap()
        .call(&mut store, ())
        .unwrap_err();
    assert_eq!(err.downcast_ref::<I32Exit>().map(|e| e.0), Some(3));
}
