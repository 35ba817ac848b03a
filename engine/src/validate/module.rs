//! Module-level validation: everything but function bodies.
//!
//! Index spaces (types, functions, tables, memories, globals, segments), limits, constant
//! expressions, exports, the start function. The body algorithm lives in `func.rs`.

use super::const_expr::check_const_expr;
use super::func::check_body_well_formed;
use crate::error::{CompileError, CompileErrorKind};
use crate::module::{DataMode, ElemMode, ExternKind, ImportType, ModuleInfo};
use crate::value::{HeapType, Limits, MemoryType, RefType, ValType};
use std::collections::HashSet;

/// Returns `err`, unless it is a validation error and some function body is malformed, in
/// which case that body's error: the spec decodes the whole module (and so rejects malformed
/// binaries) before it validates. Only runs on the error path.
#[cold]
pub(crate) fn with_malformed_precedence(module: &ModuleInfo, err: CompileError) -> CompileError {
    if err.kind != CompileErrorKind::Invalid {
        return err;
    }
    for body in &module.bodies {
        let bytes = &module.bytes[body.range.clone()];
        if let Err(e) = check_body_well_formed(module, bytes, body.range.start)
            && e.kind == CompileErrorKind::Malformed
        {
            return e;
        }
    }
    err
}

/// Validates everything but the function bodies (those are checked by [`FuncValidator`], driven
/// by the translator or by `validate_func_body`).
///
/// [`FuncValidator`]: super::FuncValidator
pub(crate) fn validate_module(module: &ModuleInfo) -> Result<(), CompileError> {
    check_module(module).map_err(|err| with_malformed_precedence(module, err))
}

/// Checks that the engine lets this module use value type `ty`: `v128` needs SIMD, a
/// reference type needs reference types and then what [`check_ref_type`] says (the reader
/// reads them all).
pub(crate) fn check_val_type(
    module: &ModuleInfo,
    ty: ValType,
    offset: Option<usize>,
) -> Result<(), CompileError> {
    if ty == ValType::V128 && !module.features.simd {
        return Err(CompileError::unsupported("SIMD (the v128 type)", offset));
    }
    let ValType::Ref(r) = ty else {
        return Ok(());
    };
    if !module.features.reference_types {
        return Err(CompileError::unsupported(
            format!("reference types (the {r} type)"),
            offset,
        ));
    }
    check_ref_type(module, r, offset)
}

/// Checks that the engine lets this module use `r` as the element type of a table or an
/// element segment: without reference types only `funcref` (Wasm 1.0's tables), and then as
/// [`check_ref_type`] says.
fn check_elem_type(module: &ModuleInfo, r: RefType) -> Result<(), CompileError> {
    if !module.features.reference_types && r != RefType::FUNCREF {
        return Err(CompileError::unsupported(
            format!("reference types (a table or element segment of {r})"),
            None,
        ));
    }
    check_ref_type(module, r, None)
}

/// Checks that the engine lets this module use reference type `r`: `exnref` and its bottom
/// need exception handling, non-nullable references and the bottom types typed function
/// references.
fn check_ref_type(
    module: &ModuleInfo,
    r: RefType,
    offset: Option<usize>,
) -> Result<(), CompileError> {
    if r.heap.top() == HeapType::Exn && !module.features.exceptions {
        return Err(CompileError::unsupported(
            format!("exception handling (the {r} type)"),
            offset,
        ));
    }
    let typed = !r.nullable || r.heap == r.heap.bottom() || matches!(r.heap, HeapType::Concrete(_));
    if typed && !module.features.function_references {
        return Err(CompileError::unsupported(
            format!("typed function references (the {r} type)"),
            offset,
        ));
    }
    Ok(())
}

fn check_module(module: &ModuleInfo) -> Result<(), CompileError> {
    for ty in &module.types {
        for &t in ty.params().iter().chain(ty.results()) {
            check_val_type(module, t, None)?;
        }
    }
    for g in &module.globals {
        check_val_type(module, g.content, None)?;
    }
    for t in &module.tables {
        check_elem_type(module, t.element)?;
    }
    for e in module.elems.iter().filter(|e| !e.func_indices) {
        check_elem_type(module, e.ty)?;
    }
    let unknown_type = |ty: u32| {
        if (ty as usize) < module.types.len() {
            Ok(())
        } else {
            Err(CompileError::invalid(format!("unknown type {ty}"), None))
        }
    };
    for import in &module.imports {
        if let ImportType::Func(ty) = import.ty {
            unknown_type(ty)?;
        }
    }
    if !module.tags.is_empty() && !module.features.exceptions {
        return Err(CompileError::unsupported("exception handling (tags)", None));
    }
    for &ty in &module.tags {
        unknown_type(ty)?;
        let sig = &module.types[ty as usize];
        if !sig.results().is_empty() {
            return Err(CompileError::invalid(
                format!("non-empty tag result type: a tag's type {sig} must return nothing"),
                None,
            ));
        }
    }
    for &ty in &module.funcs[module.num_imported_funcs as usize..] {
        unknown_type(ty)?;
    }
    for table in &module.tables {
        check_limits(
            table.limits,
            u64::from(u32::MAX),
            "table size must be at most 2^32-1",
        )?;
    }
    if module.memories.len() > 1 && !module.features.multi_memory {
        return Err(CompileError::invalid(
            format!(
                "multiple memories: {} declared, at most one is allowed (multi-memory is off)",
                module.memories.len()
            ),
            None,
        ));
    }
    if module.tables.len() > 1 && !module.features.reference_types {
        return Err(CompileError::invalid(
            format!(
                "multiple tables: {} declared, at most one is allowed (reference types are off)",
                module.tables.len()
            ),
            None,
        ));
    }
    for (i, init) in module.table_inits.iter().enumerate() {
        let table = &module.tables[module.num_imported_tables as usize + i];
        match init {
            Some(init) => {
                if !module.features.function_references {
                    return Err(CompileError::unsupported(
                        "table initialiser expressions (typed function references)",
                        Some(init.offset),
                    ));
                }
                check_const_expr(
                    module,
                    init,
                    ValType::Ref(table.element),
                    module.num_imported_globals as usize,
                )?;
            }
            None if !table.element.nullable => {
                return Err(CompileError::invalid(
                    format!(
                        "type mismatch: a table of {} needs an initialiser (null is not a value of it)",
                        table.element
                    ),
                    None,
                ));
            }
            None => {}
        }
    }
    for memory in &module.memories {
        check_memory_type(module, memory)?;
    }
    for (i, init) in module.global_inits.iter().enumerate() {
        let index = module.num_imported_globals as usize + i;
        check_const_expr(module, init, module.globals[index].content, index)?;
    }
    check_exports(module)?;
    if let Some(start) = module.start {
        let Some(&ty) = module.funcs.get(start as usize) else {
            return Err(CompileError::invalid(
                format!("unknown function {start}"),
                None,
            ));
        };
        let sig = &module.types[ty as usize];
        if !sig.params().is_empty() || !sig.results().is_empty() {
            return Err(CompileError::invalid(
                format!("start function must take and return nothing, function {start} is {sig}"),
                None,
            ));
        }
    }
    let all_globals = module.globals.len();
    for elem in &module.elems {
        if let ElemMode::Active { table, offset } = &elem.mode {
            let Some(t) = module.tables.get(*table as usize) else {
                return Err(CompileError::invalid(
                    format!("unknown table {table}"),
                    Some(offset.offset),
                ));
            };
            check_const_expr(module, offset, ValType::I32, all_globals)?;
            if !elem.ty.matches(t.element) {
                return Err(CompileError::invalid(
                    format!(
                        "type mismatch: element segment of {} for a table of {}",
                        elem.ty, t.element
                    ),
                    Some(offset.offset),
                ));
            }
        }
        for item in &elem.items {
            check_const_expr(module, item, ValType::Ref(elem.ty), all_globals)?;
        }
    }
    for data in &module.datas {
        if let DataMode::Active { memory, offset } = &data.mode {
            if *memory as usize >= module.memories.len() {
                return Err(CompileError::invalid(
                    format!("unknown memory {memory}"),
                    Some(offset.offset),
                ));
            }
            check_const_expr(module, offset, ValType::I32, all_globals)?;
        }
    }
    Ok(())
}

/// A memory type's page size (64 KiB, or with the custom-page-sizes proposal one byte), limits
/// (at most 4 GiB worth of its pages) and sharing (threads; a shared memory has a maximum).
fn check_memory_type(module: &ModuleInfo, memory: &MemoryType) -> Result<(), CompileError> {
    if memory.shared {
        if !module.features.threads {
            return Err(CompileError::unsupported("threads (shared memory)", None));
        }
        if memory.limits.max.is_none() {
            return Err(CompileError::invalid(
                "shared memory must have maximum",
                None,
            ));
        }
    }
    if memory.page_size_log2 != MemoryType::DEFAULT_PAGE_SIZE_LOG2 {
        if !module.features.custom_page_sizes {
            return Err(CompileError::unsupported("custom page sizes", None));
        }
        if memory.page_size_log2 != 0 {
            return Err(CompileError::invalid(
                format!(
                    "invalid custom page size: 2^{} bytes (only 1 and 65536 are valid)",
                    memory.page_size_log2
                ),
                None,
            ));
        }
    }
    let max = memory.max_pages();
    let too_large = if memory.page_size_log2 == MemoryType::DEFAULT_PAGE_SIZE_LOG2 {
        "memory size must be at most 65536 pages (4GiB)".to_string()
    } else {
        format!(
            "memory size must be at most {max} pages of {} bytes (4GiB)",
            memory.page_size()
        )
    };
    check_limits(memory.limits, max, &too_large)
}

fn check_limits(limits: Limits, bound: u64, too_large: &str) -> Result<(), CompileError> {
    if limits.min > bound || limits.max.is_some_and(|max| max > bound) {
        return Err(CompileError::invalid(too_large, None));
    }
    if let Some(max) = limits.max
        && limits.min > max
    {
        return Err(CompileError::invalid(
            format!(
                "size minimum must not be greater than maximum ({} > {max})",
                limits.min
            ),
            None,
        ));
    }
    Ok(())
}

fn check_exports(module: &ModuleInfo) -> Result<(), CompileError> {
    let mut names = HashSet::with_capacity(module.exports.len());
    for export in &module.exports {
        if !names.insert(export.name.as_str()) {
            return Err(CompileError::invalid(
                format!("duplicate export name {:?}", export.name),
                None,
            ));
        }
        let (len, what) = match export.kind {
            ExternKind::Func => (module.funcs.len(), "function"),
            ExternKind::Table => (module.tables.len(), "table"),
            ExternKind::Memory => (module.memories.len(), "memory"),
            ExternKind::Global => (module.globals.len(), "global"),
            ExternKind::Tag => (module.tags.len(), "tag"),
        };
        if export.index as usize >= len {
            return Err(CompileError::invalid(
                format!("unknown {what} {}", export.index),
                None,
            ));
        }
    }
    Ok(())
}
