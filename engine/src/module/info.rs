//! `ModuleInfo`: everything a decoded module declares, in our own types.
//!
//! Produced by [`super::decode`] from the binary, checked by `validate`, then shared (behind an
//! `Arc`) by every instance. Index spaces follow the spec: imports come first in each of the
//! function, table, memory and global spaces.

use crate::engine::Features;
use crate::value::{FuncType, GlobalType, MemoryType, RefType, TableType, ValType};
use std::collections::HashMap;
use std::ops::Range;

/// Index of a type in the type section.
pub type TypeIdx = u32;

/// What an import or export refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExternKind {
    /// A function.
    Func,
    /// A table.
    Table,
    /// A memory.
    Memory,
    /// A global.
    Global,
}

/// The type an import asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportType {
    /// A function with this signature (index into `ModuleInfo::types`).
    Func(TypeIdx),
    /// A table.
    Table(TableType),
    /// A memory.
    Memory(MemoryType),
    /// A global.
    Global(GlobalType),
}

/// One import.
#[derive(Debug, Clone)]
pub struct Import {
    /// Module name.
    pub module: String,
    /// Field name.
    pub name: String,
    /// What is imported.
    pub ty: ImportType,
}

/// One export: a name and an index in the index space of its kind.
#[derive(Debug, Clone)]
pub struct Export {
    /// Export name (unique within a module).
    pub name: String,
    /// Kind of the exported item.
    pub kind: ExternKind,
    /// Index in that kind's index space.
    pub index: u32,
}

/// One instruction of a constant expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConstOp {
    /// `i32.const`
    I32Const(i32),
    /// `i64.const`
    I64Const(i64),
    /// `f32.const` (bits)
    F32Const(u32),
    /// `f64.const` (bits)
    F64Const(u64),
    /// `ref.null t`
    RefNull(RefType),
    /// `ref.func f`
    RefFunc(u32),
    /// `global.get g`
    GlobalGet(u32),
    /// `i32.add` (extended-const)
    I32Add,
    /// `i32.sub` (extended-const)
    I32Sub,
    /// `i32.mul` (extended-const)
    I32Mul,
    /// `i64.add` (extended-const)
    I64Add,
    /// `i64.sub` (extended-const)
    I64Sub,
    /// `i64.mul` (extended-const)
    I64Mul,
}

/// A constant expression (without its final `end`), with the offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstExpr {
    /// The instructions, in order.
    pub ops: Vec<ConstOp>,
    /// Byte offset of the expression in the module, for error messages.
    pub offset: usize,
}

/// Where an element segment goes.
#[derive(Debug, Clone, PartialEq)]
pub enum ElemMode {
    /// Copied with `table.init`.
    Passive,
    /// Copied into `table` at `offset` on instantiation, then dropped.
    Active {
        /// Table index.
        table: u32,
        /// Offset expression (i32).
        offset: ConstExpr,
    },
    /// Only declares functions for `ref.func`; dropped on instantiation.
    Declared,
}

/// An element segment.
#[derive(Debug, Clone, PartialEq)]
pub struct ElemSegment {
    /// Where it goes.
    pub mode: ElemMode,
    /// Element type.
    pub ty: RefType,
    /// One constant expression per element (a function index list is decoded as `ref.func`s).
    pub items: Vec<ConstExpr>,
}

/// Where a data segment goes.
#[derive(Debug, Clone, PartialEq)]
pub enum DataMode {
    /// Copied with `memory.init`.
    Passive,
    /// Copied into `memory` at `offset` on instantiation, then dropped.
    Active {
        /// Memory index.
        memory: u32,
        /// Offset expression (i32).
        offset: ConstExpr,
    },
}

/// A data segment; its bytes are `ModuleInfo::bytes[range]`.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSegment {
    /// Where it goes.
    pub mode: DataMode,
    /// Byte range of the contents in the module binary.
    pub range: Range<usize>,
}

/// A defined function's body: where it lies in the module binary.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncBody {
    /// Byte range of the body (locals and code, without the size prefix) in the module binary.
    pub range: Range<usize>,
}

/// Everything a module declares.
#[derive(Debug, Default)]
pub struct ModuleInfo {
    /// The whole module binary (bodies and data segments point into it).
    pub bytes: std::sync::Arc<[u8]>,
    /// Type section.
    pub types: Vec<FuncType>,
    /// Import section, in order.
    pub imports: Vec<Import>,
    /// Type index of every function, imported ones first.
    pub funcs: Vec<TypeIdx>,
    /// How many of `funcs` are imported.
    pub num_imported_funcs: u32,
    /// Every table, imported ones first.
    pub tables: Vec<TableType>,
    /// How many of `tables` are imported.
    pub num_imported_tables: u32,
    /// Every memory, imported ones first.
    pub memories: Vec<MemoryType>,
    /// How many of `memories` are imported.
    pub num_imported_memories: u32,
    /// Every global, imported ones first.
    pub globals: Vec<GlobalType>,
    /// How many of `globals` are imported.
    pub num_imported_globals: u32,
    /// Initialisers of the defined globals (`globals[num_imported_globals + i]`).
    pub global_inits: Vec<ConstExpr>,
    /// Export section.
    pub exports: Vec<Export>,
    /// Start function.
    pub start: Option<u32>,
    /// Element segments.
    pub elems: Vec<ElemSegment>,
    /// Data segments.
    pub datas: Vec<DataSegment>,
    /// The data count section, if present.
    pub data_count: Option<u32>,
    /// Bodies of the defined functions (`funcs[num_imported_funcs + i]`).
    pub bodies: Vec<FuncBody>,
    /// Function names from the `name` custom section.
    pub func_names: HashMap<u32, String>,
    /// Module name from the `name` custom section.
    pub name: Option<String>,
    /// `declared_func_refs[f]`: whether function `f` may be referenced by `ref.func` in a
    /// function body (the spec's `C.refs`: named in an element segment, an export or a global
    /// initialiser).
    pub declared_func_refs: Vec<bool>,
    /// The proposals beyond Wasm 2.0 the validator accepts in this module's bodies: the
    /// compiling engine's (`Config`), set by `ModuleInner::new` before validation; the
    /// default's when decoded on its own.
    pub features: Features,
}

impl ModuleInfo {
    /// The signature of function `func` (any function index).
    pub fn func_type(&self, func: u32) -> &FuncType {
        &self.types[self.funcs[func as usize] as usize]
    }

    /// Number of defined (not imported) functions.
    pub fn num_defined_funcs(&self) -> usize {
        self.funcs.len() - self.num_imported_funcs as usize
    }

    /// The name of a function for backtraces, if the name section gives one.
    pub fn func_name(&self, func: u32) -> Option<&str> {
        self.func_names.get(&func).map(String::as_str)
    }

    /// Value types of a block type given as wasmparser's `BlockType`: (params, results).
    pub fn block_type(&self, ty: wasmparser::BlockType) -> (&[ValType], &[ValType]) {
        match ty {
            wasmparser::BlockType::Empty => (&[], &[]),
            wasmparser::BlockType::Type(t) => (&[], std::slice::from_ref(single_val_type(t))),
            wasmparser::BlockType::FuncType(idx) => {
                let ft = &self.types[idx as usize];
                (ft.params(), ft.results())
            }
        }
    }
}

/// Maps a single-result block type to a `'static` slice element.
fn single_val_type(t: wasmparser::ValType) -> &'static ValType {
    match crate::module::decode::convert_val_type(t) {
        Ok(ValType::I32) => &ValType::I32,
        Ok(ValType::I64) => &ValType::I64,
        Ok(ValType::F32) => &ValType::F32,
        Ok(ValType::F64) => &ValType::F64,
        Ok(ValType::V128) => &ValType::V128,
        Ok(ValType::Ref(RefType::FuncRef)) => &ValType::FUNCREF,
        Ok(ValType::Ref(RefType::ExternRef)) => &ValType::EXTERNREF,
        // Unsupported reference types are rejected by the decoder before any block type is
        // looked at; externref is a harmless placeholder should one slip through.
        Err(_) => &ValType::EXTERNREF,
    }
}
