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
use crate::module::decode::{malformed, reader_at};
use crate::validate::FuncValidator;
use crate::validate::func::read_locals;
use crate::value::cells_of;
use translator::Translator;

/// Most cells a frame may have: slots are 16-bit.
const MAX_FRAME_CELLS: usize = u16::MAX as usize;

/// Translates defined function `def_index` (validating it in the same pass), ready to run.
pub fn translate_func(
    info: &ModuleInfo,
    def_index: u32,
    config: &Config,
) -> Result<CompiledFunc, CompileError> {
    let mut func = translate_unlinked(info, def_index)?;
    let targets: Vec<usize> = func.handlers.iter().map(|h| h.target as usize).collect();
    crate::interp::link(&mut func.code, &targets, config);
    Ok(func)
}

/// The interpreter code of defined function `def_index` when the Cranelift tier compiled it:
/// `CallNative` (which runs it and leaves its results in cells `0..`), then `Return`.
#[cfg(kestrel_jit)]
pub fn native_stub(info: &ModuleInfo, def_index: u32, config: &Config) -> CompiledFunc {
    let func_index = info.num_imported_funcs + def_index;
    let ty = info.func_type(func_index);
    let mut code = Vec::new();
    crate::ir::Instr::CallNative { def: def_index }.encode(&mut code);
    crate::ir::Instr::Return {}.encode(&mut code);
    crate::interp::link(&mut code, &[], config);
    let (params, results) = (ty.param_cells() as u16, ty.result_cells() as u16);
    CompiledFunc {
        code: code.into_boxed_slice(),
        frame_size: params.max(results).max(1),
        params,
        locals: 0,
        results,
        handlers: Box::new([]),
    }
}

/// Most v128 constants of a function kept in frame cells written once on entry.
const MAX_POOLED_V128: usize = 32;

/// The distinct `v128.const` values of a body (the first [`MAX_POOLED_V128`]), which the
/// translator keeps in cells written once on entry, so a loop using a constant vector does not
/// write it on each iteration. Bodies without the opcode's bytes (`0xfd 0x0c`) are not read.
/// The operators after `reader` are read again by the translation, which reports any error.
fn v128_constants(body: &[u8], reader: wasmparser::BinaryReader<'_>) -> Vec<u128> {
    let mut pool = Vec::new();
    if !body.windows(2).any(|w| w == [0xfd, 0x0c]) {
        return pool;
    }
    let mut ops = wasmparser::OperatorsReader::new(reader);
    while !ops.eof() && pool.len() < MAX_POOLED_V128 {
        match ops.read() {
            Ok(wasmparser::Operator::V128Const { value }) => {
                let bits = u128::from_le_bytes(*value.bytes());
                if !pool.contains(&bits) {
                    pool.push(bits);
                }
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    pool
}

/// Translates defined function `def_index` to the IR as the disassembler reads it (opcode
/// fields not yet linked for the interpreter's dispatch).
pub(crate) fn translate_unlinked(
    info: &ModuleInfo,
    def_index: u32,
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
    let mut reader = reader_at(info, bytes, offset);
    let groups = read_locals(info, &mut reader)?;
    let mut validator = FuncValidator::new(
        info,
        func_index,
        &groups,
        reader.original_position() as usize,
    )?;
    let locals = validator.local_types().to_vec();
    let local_cells = cells_of(&locals);
    if local_cells > MAX_FRAME_CELLS {
        return Err(CompileError::unsupported(
            format!(
                "function {func_index} has {local_cells} cells of parameters and locals; at most {MAX_FRAME_CELLS} are supported"
            ),
            Some(offset),
        ));
    }
    let param_cells = ty.param_cells();
    let declared = local_cells - param_cells;
    let pool = v128_constants(bytes, reader.clone());
    let mut t = Translator::new(info, ty.params().len(), locals, ty.results(), &pool);

    let mut ops = wasmparser::OperatorsReader::new(reader);
    while !ops.eof() {
        let (op, pos) = ops.read_with_offset().map_err(malformed)?;
        let pos = pos as usize;
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
    }
    let end_offset = ops.original_position() as usize;
    validator.finish(end_offset)?;
    ops.finish().map_err(malformed)?;
    if !t.finished {
        return Err(CompileError::malformed(
            "function body does not end with `end`",
            Some(end_offset),
        ));
    }
    let frame_size = t.frame_size();
    let locals = declared + t.hidden_locals();
    if frame_size > MAX_FRAME_CELLS {
        return Err(CompileError::unsupported(
            format!(
                "function {func_index} needs {frame_size} frame cells; at most {MAX_FRAME_CELLS} are supported"
            ),
            Some(offset),
        ));
    }
    Ok(CompiledFunc {
        code: t.code.into_boxed_slice(),
        frame_size: frame_size as u16,
        params: param_cells as u16,
        locals: locals as u16,
        results: ty.result_cells() as u16,
        handlers: t.handlers.into_boxed_slice(),
    })
}
