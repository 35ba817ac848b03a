//! Decoding a module binary into [`ModuleInfo`] with `wasmparser`'s section readers.
//!
//! wasmparser only *reads* here (its `validate` feature is off): it checks the binary grammar,
//! LEB128 encodings, UTF-8 of names, section order and sizes, and the function/code and data
//! count consistency. Everything else a binary can get wrong is either checked here (things the
//! reader lets through because it knows later proposals) or left to `crate::validate` (index
//! spaces, types, and whether the engine's `Config` allows each proposal). Features the engine
//! does not implement are rejected with [`CompileError::unsupported`] naming the feature.
//!
//! Function bodies are not read here: only their byte ranges are recorded; the validator and the
//! translator read them with [`body_reader`].

use super::const_expr::decode_const_expr;
use super::info::{
    ConstExpr, ConstOp, DataMode, DataSegment, ElemMode, ElemSegment, Export, ExternKind, FuncBody,
    Import, ImportType, ModuleInfo, TypeIdx,
};
use super::memory_type::{decode_memory_section, memory_type};
use super::name_section::decode_names;
use crate::engine::{Engine, Features};
use crate::error::CompileError;
use crate::value::{
    FuncType, GlobalType, HeapType, Limits, Mutability, RefType, TableType, TypeIndex, ValType,
};
use std::sync::Arc;
use wasmparser::{BinaryReader, BinaryReaderError, Parser, Payload, WasmFeatures};

/// The proposals the reader interprets bytes for: Wasm 2.0 (SIMD included), relaxed SIMD,
/// exception handling in both forms, typed function references, tail calls, extended constants and wide arithmetic.
/// Whether a module may use each of them is the engine's `Config` (checked by the validator),
/// not the reader's. Multi-memory changes the binary format (memory indices in memory
/// arguments and after `memory.size`/`memory.grow`), so it is read only when the engine
/// accepts it ([`reader_features`]).
pub const READER_FEATURES: WasmFeatures = WasmFeatures::WASM2
    .union(WasmFeatures::RELAXED_SIMD)
    .union(WasmFeatures::EXCEPTIONS)
    .union(WasmFeatures::LEGACY_EXCEPTIONS)
    .union(WasmFeatures::FUNCTION_REFERENCES)
    .union(WasmFeatures::TAIL_CALL)
    .union(WasmFeatures::EXTENDED_CONST)
    .union(WasmFeatures::WIDE_ARITHMETIC);

/// The features a module's bytes are read with: [`READER_FEATURES`], and with multi-memory on
/// Wasm 3.0's binary format: multi-memory's memory indices, and limits and memory offsets as
/// u64 LEB128s (wasmparser's `MEMORY64` reading; a 64-bit memory or table itself is still
/// unsupported, and a 32-bit one's limits and offsets beyond 32 bits are invalid). With it off,
/// Wasm 2.0's: u32 LEB128s, whose overlong and overflowing forms are malformed.
pub fn reader_features(features: &Features) -> WasmFeatures {
    if features.multi_memory {
        READER_FEATURES
            .union(WasmFeatures::MULTI_MEMORY)
            .union(WasmFeatures::MEMORY64)
    } else {
        READER_FEATURES
    }
}

/// A binary reader over `bytes` (which start at `offset` in `module`'s binary), configured with
/// the feature set the engine reads that module with. The translator must read bodies through
/// this (or [`body_reader`]) so it decodes operators exactly as the validator does.
pub fn reader_at<'a>(module: &ModuleInfo, bytes: &'a [u8], offset: usize) -> BinaryReader<'a> {
    BinaryReader::new_features(bytes, offset as u64, reader_features(&module.features))
}

#[allow(dead_code)] // for the translator (translate/)
/// A binary reader over the body of defined function `defined_index` (locals, then code).
pub fn body_reader(module: &ModuleInfo, defined_index: usize) -> BinaryReader<'_> {
    let range = module.bodies[defined_index].range.clone();
    reader_at(module, &module.bytes[range.clone()], range.start)
}

/// Converts a wasmparser reading error (always a malformed binary).
pub fn malformed(err: BinaryReaderError) -> CompileError {
    CompileError::malformed(err.message().to_string(), Some(err.offset() as usize))
}

/// Decodes a module binary into a [`ModuleInfo`], registering its types in `engine` (so that
/// every concrete reference in it is an engine [`TypeIndex`]).
///
/// Bodies are only located, not read; call `crate::validate` next.
pub fn decode(bytes: Arc<[u8]>, engine: &Engine) -> Result<ModuleInfo, CompileError> {
    let mut info = ModuleInfo {
        bytes: bytes.clone(),
        features: engine.config().features,
        ..ModuleInfo::default()
    };
    let mut parser = Parser::new(0);
    parser.set_features(reader_features(&info.features));
    let mut code_count: Option<u32> = None;
    for payload in parser.parse_all(&bytes) {
        let payload = payload.map_err(malformed)?;
        decode_payload(&mut info, payload, &mut code_count, engine)?;
    }
    if info.bodies.len() != info.num_defined_funcs() {
        // wasmparser checks the counts too; kept as a guard for the invariant the engine relies on.
        return Err(CompileError::malformed(
            "function and code section have inconsistent lengths",
            None,
        ));
    }
    info.declared_func_refs = collect_declared_func_refs(&info);
    Ok(info)
}

fn decode_payload(
    info: &mut ModuleInfo,
    payload: Payload<'_>,
    code_count: &mut Option<u32>,
    engine: &Engine,
) -> Result<(), CompileError> {
    match payload {
        Payload::Version {
            encoding, range, ..
        } => {
            if encoding != wasmparser::Encoding::Module {
                return Err(CompileError::unsupported(
                    "component model (this is a component, not a core module)",
                    Some(range.start as usize),
                ));
            }
        }
        Payload::TypeSection(reader) => decode_types(info, reader, engine)?,
        Payload::ImportSection(reader) => decode_imports(info, reader)?,
        Payload::FunctionSection(reader) => {
            for ty in reader {
                info.funcs.push(ty.map_err(malformed)?);
            }
        }
        Payload::TableSection(reader) => {
            for table in reader.into_iter_with_offsets() {
                let (offset, table) = table.map_err(malformed)?;
                let offset = offset as usize;
                info.table_inits.push(match &table.init {
                    wasmparser::TableInit::RefNull => None,
                    wasmparser::TableInit::Expr(expr) => Some(decode_const_expr(info, expr)?),
                });
                let ty = table_type(info, table.ty, offset)?;
                info.tables.push(ty);
            }
        }
        Payload::MemorySection(reader) => decode_memory_section(info, reader)?,
        Payload::TagSection(reader) => {
            for tag in reader.into_iter_with_offsets() {
                let (offset, tag) = tag.map_err(malformed)?;
                info.tags.push(tag_type(tag, offset as usize)?);
            }
        }
        Payload::GlobalSection(reader) => {
            for global in reader.into_iter_with_offsets() {
                let (offset, global) = global.map_err(malformed)?;
                let offset = offset as usize;
                let ty = global_type(info, global.ty, offset)?;
                info.globals.push(ty);
                let init = decode_const_expr(info, &global.init_expr)?;
                info.global_inits.push(init);
            }
        }
        Payload::ExportSection(reader) => {
            for export in reader.into_iter_with_offsets() {
                let (offset, export) = export.map_err(malformed)?;
                let offset = offset as usize;
                let kind = match export.kind {
                    wasmparser::ExternalKind::Func => ExternKind::Func,
                    wasmparser::ExternalKind::Table => ExternKind::Table,
                    wasmparser::ExternalKind::Memory => ExternKind::Memory,
                    wasmparser::ExternalKind::Global => ExternKind::Global,
                    wasmparser::ExternalKind::Tag => ExternKind::Tag,
                    wasmparser::ExternalKind::FuncExact => {
                        return Err(CompileError::unsupported(
                            "exact function exports (custom descriptors proposal)",
                            Some(offset),
                        ));
                    }
                };
                let position = info.exports.len() as u32;
                info.export_positions
                    .entry(export.name.into())
                    .or_insert(position);
                info.exports.push(Export {
                    name: export.name.to_string(),
                    kind,
                    index: export.index,
                });
            }
        }
        Payload::StartSection { func, .. } => info.start = Some(func),
        Payload::ElementSection(reader) => decode_elems(info, reader)?,
        Payload::DataCountSection { count, .. } => info.data_count = Some(count),
        Payload::DataSection(reader) => {
            for data in reader {
                let data = data.map_err(malformed)?;
                let end = data.range.end as usize;
                let mode = match data.kind {
                    wasmparser::DataKind::Passive => DataMode::Passive,
                    wasmparser::DataKind::Active {
                        memory_index,
                        offset_expr,
                    } => DataMode::Active {
                        memory: memory_index,
                        offset: decode_const_expr(info, &offset_expr)?,
                    },
                };
                info.datas.push(DataSegment {
                    mode,
                    range: end - data.data.len()..end,
                });
            }
        }
        Payload::CodeSectionStart { count, .. } => {
            *code_count = Some(count);
            info.bodies.reserve(preallocation(count));
        }
        Payload::CodeSectionEntry(body) => {
            let range = body.range();
            info.bodies.push(FuncBody {
                range: range.start as usize..range.end as usize,
            });
        }
        Payload::CustomSection(reader) => {
            if reader.name() == "name" {
                decode_names(info, &reader);
            }
        }
        Payload::UnknownSection { id, range, .. } => {
            return Err(CompileError::malformed(
                format!("malformed section id {id}"),
                Some(range.start as usize),
            ));
        }
        Payload::End(_) => {}
        // Component-model payloads only occur inside components, rejected at `Version`.
        other => {
            let offset = other.as_section().map(|(_, r)| r.start as usize);
            return Err(CompileError::unsupported("component model section", offset));
        }
    }
    Ok(())
}

fn decode_types(
    info: &mut ModuleInfo,
    reader: wasmparser::TypeSectionReader<'_>,
    engine: &Engine,
) -> Result<(), CompileError> {
    for group in reader.into_iter_with_offsets() {
        let (offset, group) = group.map_err(malformed)?;
        let offset = offset as usize;
        // The group's key: a reference to one of its own types (including later ones) by its
        // position in the group, to an earlier type by its engine index, to a later one is
        // invalid.
        let start = info.types.len() as u32;
        let types: Vec<_> = group.into_types().collect();
        let end = start.saturating_add(types.len() as u32);
        let concrete = |i: u32| {
            if i >= start && i < end {
                Ok(TypeIndex::group_relative(i - start))
            } else {
                info.type_id(i, offset)
            }
        };
        let mut key = Vec::with_capacity(types.len());
        for sub in &types {
            let func = match &sub.composite_type.inner {
                wasmparser::CompositeInnerType::Func(f)
                    if sub.is_final
                        && sub.supertype_idxs.is_empty()
                        && !sub.composite_type.shared
                        && sub.composite_type.descriptor_idx.is_none()
                        && sub.composite_type.describes_idx.is_none() =>
                {
                    f
                }
                _ => {
                    return Err(CompileError::unsupported(
                        "struct, array, sub or shared types (GC proposal)",
                        Some(offset),
                    ));
                }
            };
            let convert = |t: &wasmparser::ValType| convert_val_type(*t, offset, concrete);
            let params = func.params().iter().map(convert);
            let results = func.results().iter().map(convert);
            key.push(FuncType::new(
                params.collect::<Result<Vec<_>, _>>()?,
                results.collect::<Result<Vec<_>, _>>()?,
            ));
        }
        let first = engine.register_rec_group(&key)?;
        let resolved = (0..key.len() as u32).map(|i| engine.resolve_type(TypeIndex(first.0 + i)));
        info.push_types(first, resolved.collect::<Vec<_>>());
    }
    Ok(())
}

fn decode_imports(
    info: &mut ModuleInfo,
    reader: wasmparser::ImportSectionReader<'_>,
) -> Result<(), CompileError> {
    for import in reader.into_imports_with_offsets() {
        let (offset, import) = import.map_err(malformed)?;
        let offset = offset as usize;
        let ty = match import.ty {
            wasmparser::TypeRef::Func(ty) => {
                info.funcs.push(ty);
                info.num_imported_funcs += 1;
                ImportType::Func(ty)
            }
            wasmparser::TypeRef::Table(t) => {
                let t = table_type(info, t, offset)?;
                info.tables.push(t);
                info.num_imported_tables += 1;
                ImportType::Table(t)
            }
            wasmparser::TypeRef::Memory(m) => {
                let m = memory_type(m, offset)?;
                info.memories.push(m);
                info.num_imported_memories += 1;
                ImportType::Memory(m)
            }
            wasmparser::TypeRef::Global(g) => {
                let g = global_type(info, g, offset)?;
                info.globals.push(g);
                info.num_imported_globals += 1;
                ImportType::Global(g)
            }
            wasmparser::TypeRef::Tag(tag) => {
                let ty = tag_type(tag, offset)?;
                info.tags.push(ty);
                info.num_imported_tags += 1;
                ImportType::Tag(ty)
            }
            wasmparser::TypeRef::FuncExact(_) => {
                return Err(CompileError::unsupported(
                    "exact function imports (custom descriptors proposal)",
                    Some(offset),
                ));
            }
        };
        info.imports.push(Import {
            module: import.module.to_string(),
            name: import.name.to_string(),
            ty,
        });
    }
    Ok(())
}

fn decode_elems(
    info: &mut ModuleInfo,
    reader: wasmparser::ElementSectionReader<'_>,
) -> Result<(), CompileError> {
    for elem in reader {
        let elem = elem.map_err(malformed)?;
        let offset = elem.range.start as usize;
        let mode = match elem.kind {
            wasmparser::ElementKind::Passive => ElemMode::Passive,
            wasmparser::ElementKind::Declared => ElemMode::Declared,
            wasmparser::ElementKind::Active {
                table_index,
                offset_expr,
            } => ElemMode::Active {
                table: table_index.unwrap_or(0),
                offset: decode_const_expr(info, &offset_expr)?,
            },
        };
        let (ty, items, func_indices) = match elem.items {
            wasmparser::ElementItems::Functions(funcs) => {
                let mut items = Vec::with_capacity(preallocation(funcs.count()));
                for func in funcs.into_iter_with_offsets() {
                    let (offset, func) = func.map_err(malformed)?;
                    let offset = offset as usize;
                    items.push(ConstExpr {
                        ops: vec![ConstOp::RefFunc(func)],
                        offset,
                    });
                }
                (RefType::new(false, HeapType::Func), items, true)
            }
            wasmparser::ElementItems::Expressions(ty, exprs) => {
                let ty = info.ref_type(ty, offset)?;
                let mut items = Vec::with_capacity(preallocation(exprs.count()));
                for expr in exprs {
                    items.push(decode_const_expr(info, &expr.map_err(malformed)?)?);
                }
                (ty, items, false)
            }
        };
        info.elems.push(ElemSegment {
            mode,
            ty,
            items,
            func_indices,
        });
    }
    Ok(())
}

/// How many entries to reserve for a count read from the binary: a hostile count must not
/// make the decoder allocate more than the bytes could hold.
fn preallocation(count: u32) -> usize {
    (count as usize).min(4096)
}

/// Every function a body may take a reference to with `ref.func` (the spec's `C.refs`): those
/// named in element segments, exports and global initialisers.
fn collect_declared_func_refs(info: &ModuleInfo) -> Vec<bool> {
    let mut declared = vec![false; info.funcs.len()];
    let mut mark = |func: u32| {
        if let Some(slot) = declared.get_mut(func as usize) {
            *slot = true;
        }
    };
    let exprs = info
        .global_inits
        .iter()
        .chain(info.elems.iter().flat_map(|e| e.items.iter()));
    for expr in exprs {
        for op in &expr.ops {
            if let ConstOp::RefFunc(f) = op {
                mark(*f);
            }
        }
    }
    for export in &info.exports {
        if export.kind == ExternKind::Func {
            mark(export.index);
        }
    }
    declared
}

fn limits(initial: u64, maximum: Option<u64>) -> Limits {
    Limits {
        min: initial,
        max: maximum,
    }
}

fn table_type(
    info: &ModuleInfo,
    t: wasmparser::TableType,
    offset: usize,
) -> Result<TableType, CompileError> {
    if t.table64 {
        return Err(CompileError::unsupported(
            "memory64 (64-bit table)",
            Some(offset),
        ));
    }
    if t.shared {
        // Flag 0x02 is a shared table only in the early shared-everything-threads proposal;
        // for Wasm 2.0 (and its testsuite) it is a malformed limits flag.
        return Err(CompileError::malformed(
            "malformed table limits flags (shared tables are not part of Wasm 2.0)",
            Some(offset),
        ));
    }
    Ok(TableType {
        element: info.ref_type(t.element_type, offset)?,
        limits: limits(t.initial, t.maximum),
    })
}

fn global_type(
    info: &ModuleInfo,
    g: wasmparser::GlobalType,
    offset: usize,
) -> Result<GlobalType, CompileError> {
    if g.shared {
        // Mutability bytes 0x02/0x03 mean shared only in the early shared-everything-threads
        // proposal; for Wasm 2.0 (and its testsuite) they are malformed.
        return Err(CompileError::malformed(
            "malformed mutability (shared globals are not part of Wasm 2.0)",
            Some(offset),
        ));
    }
    Ok(GlobalType {
        content: info.val_type(g.content_type, offset)?,
        mutability: if g.mutable {
            Mutability::Var
        } else {
            Mutability::Const
        },
    })
}

/// Converts a wasmparser value type to ours (`v128` included: whether the engine accepts SIMD
/// is checked by the validator, `validate::module::check_val_type`); `concrete(i)` gives the engine index for a reference to type `i` of the type section.
pub fn convert_val_type(
    t: wasmparser::ValType,
    offset: usize,
    concrete: impl Fn(u32) -> Result<TypeIndex, CompileError>,
) -> Result<ValType, CompileError> {
    Ok(match t {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => ValType::Ref(convert_ref_type(r, offset, concrete)?),
    })
}

/// Converts a wasmparser reference type to ours: the abstract function, extern and exception
/// types and their bottoms, and concrete function types (`concrete(i)` gives the engine index
/// of type `i`), nullable or not. GC's types are unsupported, by name.
pub fn convert_ref_type(
    r: wasmparser::RefType,
    offset: usize,
    concrete: impl Fn(u32) -> Result<TypeIndex, CompileError>,
) -> Result<RefType, CompileError> {
    use wasmparser::AbstractHeapType as A;
    let unsupported = |what: &str| {
        Err(CompileError::unsupported(
            format!("reference type {r} ({what})"),
            Some(offset),
        ))
    };
    let heap = match r.heap_type() {
        wasmparser::HeapType::Abstract { shared: false, ty } => match ty {
            A::Func => HeapType::Func,
            A::Extern => HeapType::Extern,
            A::Exn => HeapType::Exn,
            A::NoFunc => HeapType::NoFunc,
            A::NoExtern => HeapType::NoExtern,
            A::NoExn => HeapType::NoExn,
            _ => return unsupported("garbage collection, GC proposal"),
        },
        wasmparser::HeapType::Abstract { shared: true, .. } => {
            return unsupported("shared-everything threads");
        }
        wasmparser::HeapType::Concrete(index) => match index.as_module_index() {
            Some(i) => HeapType::Concrete(concrete(i)?),
            // The reader without validation gives module indices only.
            None => return unsupported("canonicalised type index"),
        },
        _ => return unsupported("exact reference types, custom descriptors proposal"),
    };
    Ok(RefType::new(r.is_nullable(), heap))
}

/// A tag's type: the type index of its payload signature (checked by the validator).
fn tag_type(tag: wasmparser::TagType, offset: usize) -> Result<TypeIdx, CompileError> {
    match tag.kind {
        wasmparser::TagKind::Exception => Ok(tag.func_type_idx),
        #[allow(unreachable_patterns)]
        _ => Err(CompileError::unsupported(
            "tags other than exceptions",
            Some(offset),
        )),
    }
}
