//! Decoding memory types: the limits flags, the limits and the page size
//! (`(pagesize N)`, the custom-page-sizes proposal).
//!
//! The memory section is read here rather than with wasmparser's `MemorySectionReader`
//! because of one encoding detail: a 32-bit memory's limits are u32 LEB128s in Wasm 2.0 (whose
//! testsuite has malformed cases that depend on it), while a memory with a custom page size
//! takes u64 LEB128s, as every memory does in Wasm 3.0's binary format, so that a one-byte-page
//! memory of more than 2^32 - 1 pages is invalid ("memory size must be at most"), not
//! malformed, even when the module is read as Wasm 2.0 (`decode::reader_features`).
//! wasmparser chooses the width for the whole reader instead. Everything else (flags, error
//! messages, the page size's range) follows wasmparser's reader. Memory imports are read by
//! wasmparser (the reader's width).

use super::decode::{malformed, reader_at};
use super::info::ModuleInfo;
use crate::error::CompileError;
use crate::value::{Limits, MemoryType};
use wasmparser::{BinaryReader, MemorySectionReader, WasmFeatures};

/// Decodes every memory of the memory section into `info.memories`.
pub fn decode_memory_section(
    info: &mut ModuleInfo,
    section: MemorySectionReader<'_>,
) -> Result<(), CompileError> {
    let start = section.original_position() as usize;
    let end = section.range().end as usize;
    let bytes = info.bytes.clone();
    let mut reader = reader_at(info, &bytes[start..end], start);
    for _ in 0..section.count() {
        let offset = reader.original_position() as usize;
        let ty = read_memory_type(&mut reader)?;
        info.memories.push(memory_type(ty, offset)?);
    }
    if !reader.eof() {
        return Err(CompileError::malformed(
            "section size mismatch: unexpected data at the end of the section",
            Some(reader.original_position() as usize),
        ));
    }
    Ok(())
}

/// Reads one memory type as wasmparser does, except that a memory with a custom page size
/// has u64 limits (see the module doc).
fn read_memory_type(reader: &mut BinaryReader<'_>) -> Result<wasmparser::MemoryType, CompileError> {
    let pos = reader.original_position() as usize;
    let flags = reader.read_u8().map_err(malformed)?;
    if flags & !0b1111 != 0 {
        return Err(CompileError::malformed(
            "invalid memory limits flags",
            Some(pos),
        ));
    }
    let memory64 = flags & 0b0100 != 0;
    let shared = flags & 0b0010 != 0;
    let has_max = flags & 0b0001 != 0;
    let has_page_size = flags & 0b1000 != 0;
    // Wasm 3.0's u64 limits when the module is read as 3.0 (`reader_features`).
    let wide = reader.features().contains(WasmFeatures::MEMORY64) || memory64 || has_page_size;
    let limit = |reader: &mut BinaryReader<'_>| {
        if wide {
            reader.read_var_u64()
        } else {
            reader.read_var_u32().map(u64::from)
        }
    };
    let initial = limit(reader).map_err(malformed)?;
    let maximum = if has_max {
        Some(limit(reader).map_err(malformed)?)
    } else {
        None
    };
    let page_size_log2 = if has_page_size {
        let log2 = reader.read_var_u32().map_err(malformed)?;
        if log2 >= 64 {
            return Err(CompileError::malformed(
                "invalid custom page size",
                Some(pos),
            ));
        }
        Some(log2)
    } else {
        None
    };
    Ok(wasmparser::MemoryType {
        memory64,
        shared,
        initial,
        maximum,
        page_size_log2,
    })
}

/// Converts a memory type read by wasmparser (or [`read_memory_type`]) to ours: 64-bit
/// memories are unsupported; the page size and the `shared` flag are checked by the validator
/// (which knows the engine's features).
pub fn memory_type(m: wasmparser::MemoryType, offset: usize) -> Result<MemoryType, CompileError> {
    if m.memory64 {
        return Err(CompileError::unsupported(
            "memory64 (64-bit memory)",
            Some(offset),
        ));
    }
    Ok(MemoryType {
        limits: Limits {
            min: m.initial,
            max: m.maximum,
        },
        shared: m.shared,
        memory64: false,
        // Below 64 (the reader checks), so it fits.
        page_size_log2: m
            .page_size_log2
            .map_or(MemoryType::DEFAULT_PAGE_SIZE_LOG2, |log2| log2 as u8),
    })
}
