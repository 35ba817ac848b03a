//! `args_get`, `args_sizes_get`, `environ_get`, `environ_sizes_get`.

use super::WasiResult;
use crate::WasiCtx;
use crate::abi::Errno;
use crate::memory::GuestMemory;

/// Writes NUL-terminated strings to `buf` and their addresses to the array at `ptrs`.
fn write_strings(mem: &mut GuestMemory<'_>, list: &[Vec<u8>], ptrs: u32, buf: u32) -> WasiResult {
    let mut cursor = buf;
    for (i, s) in list.iter().enumerate() {
        let slot = ptrs
            .checked_add(u32::try_from(i * 4).map_err(|_| Errno::Fault)?)
            .ok_or(Errno::Fault)?;
        mem.write_u32(slot, cursor)?;
        mem.write(cursor, s)?;
        let end = cursor
            .checked_add(u32::try_from(s.len()).map_err(|_| Errno::Fault)?)
            .ok_or(Errno::Fault)?;
        mem.write(end, &[0])?;
        cursor = end.checked_add(1).ok_or(Errno::Fault)?;
    }
    Ok(())
}

fn write_sizes(
    mem: &mut GuestMemory<'_>,
    list: &[Vec<u8>],
    count_ptr: u32,
    size_ptr: u32,
) -> WasiResult {
    let total: usize = list.iter().map(|s| s.len() + 1).sum();
    mem.write_u32(
        count_ptr,
        u32::try_from(list.len()).map_err(|_| Errno::TooBig)?,
    )?;
    mem.write_u32(size_ptr, u32::try_from(total).map_err(|_| Errno::TooBig)?)
}

/// `args_get(argv, argv_buf)`.
pub fn args_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    argv: u32,
    argv_buf: u32,
) -> WasiResult {
    write_strings(mem, &cx.args, argv, argv_buf)
}

/// `args_sizes_get(argc_ptr, argv_buf_size_ptr)`.
pub fn args_sizes_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    argc: u32,
    size: u32,
) -> WasiResult {
    write_sizes(mem, &cx.args, argc, size)
}

/// `environ_get(environ, environ_buf)`.
pub fn environ_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    environ: u32,
    buf: u32,
) -> WasiResult {
    write_strings(mem, &cx.env, environ, buf)
}

/// `environ_sizes_get(count_ptr, buf_size_ptr)`.
pub fn environ_sizes_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    count: u32,
    size: u32,
) -> WasiResult {
    write_sizes(mem, &cx.env, count, size)
}
