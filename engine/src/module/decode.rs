//! Decoding with wasmparser into `ModuleInfo`.
use crate::error::CompileError;
use crate::value::{RefType, ValType};

/// Converts a wasmparser value type to ours.
pub fn convert_val_type(t: wasmparser::ValType) -> Result<ValType, CompileError> {
    Ok(match t {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => ValType::Ref(convert_ref_type(r)?),
    })
}

/// Converts a wasmparser reference type to ours (only the Wasm 2.0 nullable abstract ones).
pub fn convert_ref_type(r: wasmparser::RefType) -> Result<RefType, CompileError> {
    if r == wasmparser::RefType::FUNCREF {
        Ok(RefType::FuncRef)
    } else if r == wasmparser::RefType::EXTERNREF {
        Ok(RefType::ExternRef)
    } else {
        Err(CompileError::unsupported(
            format!("reference type {r} (typed function references / GC)"),
            None,
        ))
    }
}

/// PLACEHOLDER until the decoder lands: decodes a module binary.
pub fn decode(_bytes: std::sync::Arc<[u8]>) -> Result<super::ModuleInfo, CompileError> {
    Err(CompileError::unsupported(
        "the decoder is not built yet",
        None,
    ))
}
