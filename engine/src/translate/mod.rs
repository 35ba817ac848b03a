//! Translation of wasm function bodies to the register IR, in one pass that also drives the
//! validator: each operator is validated first, then translated, so the translator may assume
//! valid input (it still returns errors rather than panicking on anything unexpected).
//!
//! See [`translator`] for how operands become slots and [`compare`] for fused branches.

mod compare;
mod control;
mod operand_stack;
mod translator;

#[cfg(test)]
mod tests;

use crate::engine::Config;
use crate::error::CompileError;
use crate::ir::CompiledFunc;
use crate::module::ModuleInfo;
use crate::validate::FuncValidator;
use crate::value::ValType;
use translator::Translator;

/// Most cells a frame may have: slots are 16-bit.
const MAX_FRAME_CELLS: usize = u16::MAX as usize;

pub(crate) fn reader_error(e: wasmparser::BinaryReaderError) -> CompileError {
    CompileError::malformed(e.message(), Some(e.offset() as usize))
}

/// Translates defined function `def_index` (validating it in the same pass).
pub fn translate_func(
    info: &ModuleInfo,
    def_index: u32,
    _config: &Config,
) -> Result<CompiledFunc, CompileError> {
    let body = info
        .bodies
        .get(def_index as usize)
        .ok_or_else(|| CompileError::invalid("function body index out of range", None))?;
    let func_index = info.num_imported_funcs + def_index;
    let ty = info
        .funcs
        .get(func_index as usize)
        .and_then(|t| info.types.get(*t as usize))
        .ok_or_else(|| CompileError::invalid("function of an unknown type", None))?;
    let bytes = info
        .bytes
        .get(body.range.clone())
        .ok_or_else(|| CompileError::malformed("function body out of range", None))?;
    let offset = body.range.start;
    let reader = wasmparser::BinaryReader::new(bytes, offset as u64);
    let body = wasmparser::FunctionBody::new(reader);

    // Locals: count them before expanding, so a huge declared count is an error, not an
    // allocation.
    let mut groups = Vec::new();
    let mut total: u64 = 0;
    let mut locals_reader = body.get_locals_reader().map_err(reader_error)?;
    for _ in 0..locals_reader.get_count() {
        let (count, ty) = locals_reader.read().map_err(reader_error)?;
        total += u64::from(count);
        groups.push((count, crate::module::decode::convert_val_type(ty)?));
    }
    let params = ty.params();
    if params.len() as u64 + total > MAX_FRAME_CELLS as u64 {
        return Err(CompileError::unsupported(
            format!(
                "function {func_index} has {} parameters and locals; at most {MAX_FRAME_CELLS} are supported",
                params.len() as u64 + total
            ),
            Some(offset),
        ));
    }
    let mut declared: Vec<ValType> = Vec::with_capacity(total as usize);
    for (count, ty) in groups {
        declared.extend(std::iter::repeat_n(ty, count as usize));
    }
    if declared.iter().chain(params).any(|t| *t == ValType::V128) {
        return Err(CompileError::unsupported("SIMD (v128 values)", Some(offset)));
    }

    let mut validator = FuncValidator::new(info, func_index, &declared, offset)?;
    let mut all_locals = params.to_vec();
    all_locals.extend_from_slice(&declared);
    let mut t = Translator::new(info, params.len(), all_locals, ty.results());

    let mut ops = body.get_operators_reader().map_err(reader_error)?;
    let mut end_offset = offset;
    while !ops.eof() {
        let pos = ops.original_position() as usize;
        let op = ops.read().map_err(reader_error)?;
        validator.visit(&op, pos)?;
        if t.finished {
            return Err(CompileError::malformed(
                "operators after the end of the function",
                Some(pos),
            ));
        }
        t.visit(&op).map_err(|mut e| {
            e.offset = e.offset.or(Some(pos));
            e
        })?;
        end_offset = ops.original_position() as usize;
    }
    validator.finish(end_offset)?;
    if !t.finished {
        return Err(CompileError::malformed(
            "function body does not end with `end`",
            Some(end_offset),
        ));
    }
    let frame_size = t.frame_size();
    if frame_size > MAX_FRAME_CELLS {
        return Err(CompileError::unsupported(
            format!("function {func_index} needs {frame_size} frame cells; at most {MAX_FRAME_CELLS} are supported"),
            Some(offset),
        ));
    }
    Ok(CompiledFunc {
        code: t.code.into_boxed_slice(),
        frame_size: frame_size as u16,
        params: params.len() as u16,
        locals: total as u16,
        results: ty.results().len() as u16,
        func_index,
    })
}
