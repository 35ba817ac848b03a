//! Binds the preview1 functions to a `kestrel::Linker`.
//!
//! Each import is a closure that finds the calling instance's exported `memory`, borrows it
//! together with the store data (`Memory::data_and_store_mut`) or, when it is shared (a
//! `wasm32-wasip1-threads` program's), wraps the [`kestrel::SharedMemory`] to access it by
//! copies; gets the [`WasiCtx`] through the embedder's accessor (directly, or by locking the
//! mutex of a context shared between threads); and calls the engine-independent
//! implementation in [`crate::funcs`]. Errnos go back to the guest as the function's `i32`
//! result; `proc_exit` and a terminating `proc_raise` end the call with an error value
//! instead.

use std::sync::{Mutex, PoisonError};

use kestrel::{Caller, Error, Extern, Linker};

use crate::WasiCtx;
use crate::abi::Errno;
use crate::exit::I32Exit;
use crate::funcs::{self, WasiResult, proc::RaiseOutcome};
use crate::memory::GuestMemory;

/// The import module name of preview1.
pub const MODULE: &str = "wasi_snapshot_preview1";

fn errno_result(r: WasiResult) -> i32 {
    match r {
        Ok(()) => 0,
        Err(e) => i32::from(e.raw()),
    }
}

/// How the host functions reach the [`WasiCtx`] in the store's data: directly
/// ([`add_to_linker`]) or behind a mutex shared between threads ([`add_to_linker_shared`]).
trait CtxAccess<T>: Copy + Send + Sync + 'static {
    /// Whether other threads use the context too (so a call that may block should release it
    /// while it waits).
    const SHARED: bool;

    /// Runs `f` on the context in `data`.
    fn with<R>(&self, data: &mut T, f: impl FnOnce(&mut WasiCtx) -> R) -> R;
}

/// The context is a field of the store's data.
#[derive(Clone, Copy)]
struct Direct<G>(G);

impl<T, G> CtxAccess<T> for Direct<G>
where
    G: Fn(&mut T) -> &mut WasiCtx + Copy + Send + Sync + 'static,
{
    const SHARED: bool = false;

    fn with<R>(&self, data: &mut T, f: impl FnOnce(&mut WasiCtx) -> R) -> R {
        f((self.0)(data))
    }
}

/// The context is shared by the stores of several threads, behind a mutex locked for each call
/// (a poisoned lock is taken over: the context holds no invariant a panic could break halfway).
#[derive(Clone, Copy)]
struct Locked<G>(G);

impl<T, G> CtxAccess<T> for Locked<G>
where
    G: Fn(&mut T) -> &Mutex<WasiCtx> + Copy + Send + Sync + 'static,
{
    const SHARED: bool = true;

    fn with<R>(&self, data: &mut T, f: impl FnOnce(&mut WasiCtx) -> R) -> R {
        let mut cx = (self.0)(data)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        f(&mut cx)
    }
}

/// Runs `f` with the context and the caller's memory (a shared memory, a threads program's, is
/// accessed by copies).
fn with_memory<T, A: CtxAccess<T>>(
    caller: &mut Caller<'_, T>,
    access: &A,
    f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> WasiResult,
) -> Result<i32, Error> {
    with_memory_then(caller, access, f, |(), _| Ok(()))
}

/// [`with_memory`] for a call in two steps: `f` with the context, then `then` with the memory
/// only, the context released (a shared one unlocked) in between: for the part of a call
/// that blocks without needing the context.
fn with_memory_then<T, A: CtxAccess<T>, R>(
    caller: &mut Caller<'_, T>,
    access: &A,
    f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> Result<R, Errno>,
    then: impl FnOnce(R, &mut GuestMemory<'_>) -> WasiResult,
) -> Result<i32, Error> {
    let memory = caller
        .get_export("memory")
        .and_then(Extern::into_memory)
        .ok_or_else(|| {
            Error::msg("WASI: the module calls wasi_snapshot_preview1 but exports no memory named `memory`")
        })?;
    let run = |data: &mut T, mem: &mut GuestMemory<'_>| {
        access
            .with(data, |cx| f(cx, mem))
            .and_then(|r| then(r, mem))
    };
    if let Some(shared) = memory.as_shared(&*caller) {
        let mut mem = GuestMemory::shared(shared);
        return Ok(errno_result(run(caller.data_mut(), &mut mem)));
    }
    let (bytes, data) = memory.data_and_store_mut(caller);
    Ok(errno_result(run(data, &mut GuestMemory::new(bytes))))
}

/// For a call that needs the context again after it waits: `f` with the context, `wait` with
/// nothing (a shared context unlocked), then `finish` with the context and memory.
fn with_memory_around<T, A: CtxAccess<T>, R, S>(
    caller: &mut Caller<'_, T>,
    access: &A,
    f: impl FnOnce(&mut WasiCtx) -> Result<R, Errno>,
    wait: impl FnOnce(R) -> Result<S, Errno>,
    finish: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>, S) -> WasiResult,
) -> Result<i32, Error> {
    match access.with(caller.data_mut(), f).and_then(wait) {
        Ok(s) => with_memory(caller, access, |cx, mem| finish(cx, mem, s)),
        Err(e) => Ok(errno_result(Err(e))),
    }
}

/// Runs `f` with the context only (functions that take no pointers).
fn with_ctx<T, A: CtxAccess<T>>(
    caller: &mut Caller<'_, T>,
    access: &A,
    f: impl FnOnce(&mut WasiCtx) -> WasiResult,
) -> Result<i32, Error> {
    Ok(errno_result(access.with(caller.data_mut(), f)))
}

/// Defines every `wasi_snapshot_preview1` function in `linker`. `get` returns the
/// [`WasiCtx`] from the store's data, e.g. `|data: &mut MyState| &mut data.wasi`.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get: impl Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
) -> Result<(), Error> {
    define(linker, Direct(get))
}

/// [`add_to_linker`] for a context shared by several stores, one per thread of a
/// `wasm32-wasip1-threads` program (wasi-threads): `get` returns the mutex around it from the
/// store's data, e.g. `|data: &mut MyState| &*data.wasi` for an `Arc<Mutex<WasiCtx>>`.
///
/// Each call holds the lock while it runs, so calls from different threads take turns. The
/// calls that wait on something outside the context wait with the lock released:
/// `poll_oneoff` (sleeping on clocks, as `std::thread::sleep` on `wasm32-wasip1-threads` does,
/// or polling host descriptors); `fd_read`/`fd_write` on a host stream or socket (a terminal
/// or pipe inherited or handed over as stdio, an accepted connection), `sock_recv`/`sock_send`
/// and WasmEdge's `sock_connect`, `sock_recv_from` and `sock_send_to`; and `sock_accept` (both
/// forms) waiting for a connection. They hold the host descriptor by a count of their own
/// meanwhile, so a concurrent `fd_close` can neither pull it from under them nor let its
/// number be reused under them.
///
/// These still hold the lock while they block, keeping every other thread's WASI calls waiting
/// until they return:
/// - the name lookup of WasmEdge's `sock_getaddrinfo`;
/// - `fd_read` and `fd_write` on a FIFO or device opened as a file (`path_open`): a file's
///   descriptor is not counted and its calls run in one step, so regular files cost what
///   they do unshared;
/// - `path_open` of a FIFO without `NONBLOCK`, which waits in the host's `open` for the other
///   end;
/// - the calls that wait on a file system rather than a peer: reads and writes of regular
///   files, `fd_sync`, `fd_datasync`, `fd_allocate`, `fd_readdir` and the `path_*` calls
///   (brief on a local disk; as long as the server takes on a network file system).
///
/// The guest's memory is the caller's exported `memory`, shared or not. A lock poisoned by a
/// panic in another thread is taken over, never a panic here.
pub fn add_to_linker_shared<T: 'static>(
    linker: &mut Linker<T>,
    get: impl Fn(&mut T) -> &Mutex<WasiCtx> + Send + Sync + Copy + 'static,
) -> Result<(), Error> {
    define(linker, Locked(get))
}

fn define<T: 'static, A: CtxAccess<T>>(linker: &mut Linker<T>, get: A) -> Result<(), Error> {
    macro_rules! mem_fn {
        ($import:literal = $name:ident ( $($arg:ident : $ty:ty),* )) => {
            linker.func_wrap(MODULE, $import, move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> Result<i32, Error> {
                with_memory(&mut caller, &get, |cx, mem| funcs::$name(cx, mem, $($arg),*))
            })?;
        };
        ($module:ident :: $name:ident ( $($arg:ident : $ty:ty),* )) => {
            linker.func_wrap(MODULE, stringify!($name), move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> Result<i32, Error> {
                with_memory(&mut caller, &get, |cx, mem| funcs::$module::$name(cx, mem, $($arg),*))
            })?;
        };
    }
    macro_rules! ctx_fn {
        ($module:ident :: $name:ident ( $($arg:ident : $ty:ty),* )) => {
            linker.func_wrap(MODULE, stringify!($name), move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> Result<i32, Error> {
                with_ctx(&mut caller, &get, |cx| funcs::$module::$name(cx, $($arg),*))
            })?;
        };
    }

    mem_fn!(args_env::args_get(argv: u32, buf: u32));
    mem_fn!(args_env::args_sizes_get(argc: u32, size: u32));
    mem_fn!(args_env::environ_get(environ: u32, buf: u32));
    mem_fn!(args_env::environ_sizes_get(count: u32, size: u32));
    mem_fn!(clock::clock_res_get(id: u32, out: u32));
    mem_fn!(clock::clock_time_get(id: u32, precision: u64, out: u32));
    ctx_fn!(fd_state::fd_advise(fd: u32, offset: u64, len: u64, advice: u32));
    ctx_fn!(fd_state::fd_allocate(fd: u32, offset: u64, len: u64));
    ctx_fn!(fd_state::fd_close(fd: u32));
    ctx_fn!(fd_state::fd_datasync(fd: u32));
    mem_fn!(fd_state::fd_fdstat_get(fd: u32, out: u32));
    ctx_fn!(fd_state::fd_fdstat_set_flags(fd: u32, flags: u32));
    ctx_fn!(fd_state::fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64));
    mem_fn!(fd_state::fd_filestat_get(fd: u32, out: u32));
    ctx_fn!(fd_state::fd_filestat_set_size(fd: u32, size: u64));
    ctx_fn!(fd_state::fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u32));
    mem_fn!(fd_io::fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, out: u32));
    mem_fn!(fd_state::fd_prestat_get(fd: u32, out: u32));
    mem_fn!(fd_state::fd_prestat_dir_name(fd: u32, path: u32, len: u32));
    mem_fn!(fd_io::fd_pwrite(fd: u32, iovs: u32, iovs_len: u32, offset: u64, out: u32));
    // With a shared context, reads and writes on host streams and sockets wait released.
    if A::SHARED {
        linker.func_wrap(
            MODULE,
            "fd_read",
            move |mut caller: Caller<'_, T>, fd: u32, iovs: u32, iovs_len: u32, out: u32| {
                with_memory_then(
                    &mut caller,
                    &get,
                    |cx, mem| funcs::fd_io::fd_read_start(cx, mem, fd, iovs, iovs_len, out),
                    |transfer, mem| transfer.map_or(Ok(()), |t| t.read(mem)),
                )
            },
        )?;
        linker.func_wrap(
            MODULE,
            "fd_write",
            move |mut caller: Caller<'_, T>, fd: u32, iovs: u32, iovs_len: u32, out: u32| {
                with_memory_then(
                    &mut caller,
                    &get,
                    |cx, mem| funcs::fd_io::fd_write_start(cx, mem, fd, iovs, iovs_len, out),
                    |transfer, mem| transfer.map_or(Ok(()), |t| t.write(mem)),
                )
            },
        )?;
    } else {
        mem_fn!(fd_io::fd_read(fd: u32, iovs: u32, iovs_len: u32, out: u32));
        mem_fn!(fd_io::fd_write(fd: u32, iovs: u32, iovs_len: u32, out: u32));
    }
    mem_fn!(fd_readdir::fd_readdir(fd: u32, buf: u32, len: u32, cookie: u64, out: u32));
    ctx_fn!(fd_state::fd_renumber(from: u32, to: u32));
    mem_fn!(fd_state::fd_seek(fd: u32, offset: i64, whence: u32, out: u32));
    ctx_fn!(fd_state::fd_sync(fd: u32));
    mem_fn!(fd_state::fd_tell(fd: u32, out: u32));
    mem_fn!(path::path_create_directory(fd: u32, path: u32, len: u32));
    mem_fn!(path::path_filestat_get(fd: u32, flags: u32, path: u32, len: u32, out: u32));
    mem_fn!(path::path_filestat_set_times(fd: u32, flags: u32, path: u32, len: u32, atim: u64, mtim: u64, fst: u32));
    mem_fn!(path::path_link(old_fd: u32, old_flags: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32));
    mem_fn!(path_open::path_open(fd: u32, dirflags: u32, path: u32, path_len: u32, oflags: u32, base: u64, inheriting: u64, fdflags: u32, out: u32));
    mem_fn!(path::path_readlink(fd: u32, path: u32, len: u32, buf: u32, buf_len: u32, out: u32));
    mem_fn!(path::path_remove_directory(fd: u32, path: u32, len: u32));
    mem_fn!(path::path_rename(old_fd: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32));
    mem_fn!(path::path_symlink(old_path: u32, old_len: u32, fd: u32, new_path: u32, new_len: u32));
    mem_fn!(path::path_unlink_file(fd: u32, path: u32, len: u32));
    // Waits (sleeps, or polls host descriptors) with the context released.
    linker.func_wrap(
        MODULE,
        "poll_oneoff",
        move |mut caller: Caller<'_, T>, in_ptr: u32, out_ptr: u32, nsubs: u32, nevents: u32| {
            with_memory_then(
                &mut caller,
                &get,
                |cx, mem| funcs::poll::poll_oneoff_start(cx, mem, in_ptr, out_ptr, nsubs, nevents),
                |wait, mem| wait.finish(mem),
            )
        },
    )?;
    mem_fn!(random::random_get(buf: u32, len: u32));
    // Accepts wait for a connection with the context released.
    linker.func_wrap(
        MODULE,
        "sock_accept",
        move |mut caller: Caller<'_, T>, fd: u32, flags: u32, out: u32| {
            with_memory_around(
                &mut caller,
                &get,
                |cx| funcs::sock::sock_accept_start(cx, fd, flags),
                funcs::sock::PendingAccept::wait,
                |cx, mem, conn| conn.finish(cx, mem, out),
            )
        },
    )?;
    // Socket transfers wait with the context released.
    linker.func_wrap(
        MODULE,
        "sock_recv",
        move |mut caller: Caller<'_, T>,
              fd: u32,
              iovs: u32,
              iovs_len: u32,
              flags: u32,
              out_len: u32,
              out_flags: u32| {
            with_memory_then(
                &mut caller,
                &get,
                |cx, mem| {
                    funcs::sock::sock_recv_start(
                        cx, mem, fd, iovs, iovs_len, flags, out_len, out_flags,
                    )
                },
                |transfer, mem| transfer.recv(mem),
            )
        },
    )?;
    linker.func_wrap(
        MODULE,
        "sock_send",
        move |mut caller: Caller<'_, T>,
              fd: u32,
              iovs: u32,
              iovs_len: u32,
              flags: u32,
              out: u32| {
            with_memory_then(
                &mut caller,
                &get,
                |cx, mem| funcs::sock::sock_send_start(cx, mem, fd, iovs, iovs_len, flags, out),
                |transfer, mem| transfer.send(mem),
            )
        },
    )?;
    ctx_fn!(sock::sock_shutdown(fd: u32, how: u32));

    // WasmEdge's socket extension (sockets the guest opens itself; the context's network
    // policy decides where they may go). Its `sock_accept` has two parameters, preview1's
    // three: an overload, picked by the import's type.
    mem_fn!(wasmedge_sock::sock_open(af: u32, ty: u32, out: u32));
    mem_fn!(wasmedge_sock::sock_bind(fd: u32, addr: u32, port: u32));
    ctx_fn!(wasmedge_sock::sock_listen(fd: u32, backlog: u32));
    // The calls that wait on the network do it with the context released.
    macro_rules! released_fn {
        ($import:literal = $name:ident ( $($arg:ident : $ty:ty),* )) => {
            linker.func_wrap(MODULE, $import, move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> Result<i32, Error> {
                with_memory_then(
                    &mut caller,
                    &get,
                    |cx, mem| funcs::wasmedge_sock::$name(cx, mem, $($arg),*),
                    |wait, mem| wait(mem),
                )
            })?;
        };
    }
    released_fn!("sock_connect" = sock_connect_start(fd: u32, addr: u32, port: u32));
    released_fn!("sock_recv_from" = sock_recv_from_start(fd: u32, iovs: u32, iovs_len: u32, addr: u32, flags: u32, port: u32, out_len: u32, out_flags: u32));
    released_fn!("sock_send_to" = sock_send_to_start(fd: u32, iovs: u32, iovs_len: u32, addr: u32, port: u32, flags: u32, out: u32));
    mem_fn!(wasmedge_sock::sock_getlocaladdr(fd: u32, addr: u32, ty: u32, port: u32));
    mem_fn!(wasmedge_sock::sock_getpeeraddr(fd: u32, addr: u32, ty: u32, port: u32));
    mem_fn!(wasmedge_sock::sock_getsockopt(fd: u32, level: u32, name: u32, value: u32, size: u32));
    mem_fn!(wasmedge_sock::sock_setsockopt(fd: u32, level: u32, name: u32, value: u32, size: u32));
    mem_fn!(wasmedge_sock::sock_getaddrinfo(node: u32, node_len: u32, service: u32, service_len: u32, hints: u32, res: u32, max_len: u32, res_len: u32));
    linker.func_wrap_overload(
        MODULE,
        "sock_accept",
        move |mut caller: Caller<'_, T>, fd: u32, out: u32| -> Result<i32, Error> {
            with_memory_around(
                &mut caller,
                &get,
                |cx| funcs::wasmedge_sock::sock_accept_start(cx, fd),
                funcs::sock::PendingAccept::wait,
                |cx, mem, conn| conn.finish(cx, mem, out),
            )
        },
    )?;

    linker.func_wrap(MODULE, "proc_exit", |code: u32| -> Result<(), Error> {
        Err(Error::host(I32Exit(code as i32)))
    })?;
    linker.func_wrap(MODULE, "proc_raise", |sig: u32| -> Result<i32, Error> {
        match funcs::proc::proc_raise(sig) {
            RaiseOutcome::Continue => Ok(0),
            RaiseOutcome::Error(e) => Ok(i32::from(e.raw())),
            RaiseOutcome::Terminate(exit) => Err(Error::host(exit)),
        }
    })?;
    linker.func_wrap(MODULE, "sched_yield", || -> Result<i32, Error> {
        Ok(errno_result(funcs::proc::sched_yield()))
    })?;
    let _: Option<Errno> = None;
    Ok(())
}
