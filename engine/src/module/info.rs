//! `ModuleInfo`: everything a decoded module declares, in our own types.
//!
//! Produced by [`super::decode`] from the binary, checked by `validate`, then shared (behind an
//! `Arc`) by every instance. Index spaces follow the spec: imports come first in each of the
//! function, table, memory and global spaces.

use crate::error::CompileError;
use crate::value::{
    FuncType, GlobalType, HeapType, MemoryType, RefType, TableType, TypeIndex, ValType,
};
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
    /// An exception tag.
    Tag,
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
    /// An exception tag whose payload is the parameters of this function type (index into
    /// `ModuleInfo::types`).
    Tag(TypeIdx),
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
    /// `v128.const` (SIMD; the 16 bytes as a little-endian integer: lane 0's low byte is bit
    /// 0). The one constant wider than a cell: the value takes two cells, low half first.
    V128Const(u128),
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
    /// Element type (`(ref func)` for a list of function indices, as in Wasm 3.0).
    pub ty: RefType,
    /// Whether it is written as a list of function indices (its type is implied, and valid
    /// whatever proposals are on).
    pub func_indices: bool,
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
    /// The proposals the engine lets this module use (from its `Config`, set before
    /// validation).
    pub features: crate::engine::Features,
    /// The whole module binary (bodies and data segments point into it).
    pub bytes: std::sync::Arc<[u8]>,
    /// Type section, with every concrete reference made an engine [`TypeIndex`].
    pub types: Vec<FuncType>,
    /// The engine index of each type of the type section (equivalent types share one).
    pub type_ids: Vec<TypeIndex>,
    /// `[(ref null $t)]` and `[(ref $t)]` for every type of the type section, where a block
    /// type's single result lends its slice from ([`ModuleInfo::single_type`]).
    pub(crate) concrete_results: Vec<ValType>,
    /// Where each engine index's pair starts in `concrete_results`.
    pub(crate) concrete_result_at: HashMap<TypeIndex, usize>,
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
    /// Initialisers of the defined tables (`tables[num_imported_tables + i]`): `None` fills a
    /// table with null (typed function references allow any constant expression).
    pub table_inits: Vec<Option<ConstExpr>>,
    /// Every memory, imported ones first.
    pub memories: Vec<MemoryType>,
    /// How many of `memories` are imported.
    pub num_imported_memories: u32,
    /// Every global, imported ones first.
    pub globals: Vec<GlobalType>,
    /// How many of `globals` are imported.
    pub num_imported_globals: u32,
    /// Every exception tag, imported ones first: the type index of its payload signature.
    pub tags: Vec<TypeIdx>,
    /// How many of `tags` are imported.
    pub num_imported_tags: u32,
    /// Initialisers of the defined globals (`globals[num_imported_globals + i]`).
    pub global_inits: Vec<ConstExpr>,
    /// Export section.
    pub exports: Vec<Export>,
    /// Position in `exports` of each export name (of its first use: a repeated name makes the
    /// module invalid), so that instances look exports up without a map of their own.
    pub export_positions: HashMap<Box<str>, u32>,
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
}

impl ModuleInfo {
    /// The payload signature of tag `tag` (any tag index).
    pub fn tag_type(&self, tag: u32) -> &FuncType {
        &self.types[self.tags[tag as usize] as usize]
    }

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

    /// Appends the types of a recursion group (registered in the engine as `first` onward).
    pub(crate) fn push_types(
        &mut self,
        first: TypeIndex,
        types: impl IntoIterator<Item = FuncType>,
    ) {
        for (i, ty) in types.into_iter().enumerate() {
            let id = TypeIndex(first.0 + i as u32);
            self.types.push(ty);
            self.type_ids.push(id);
            self.concrete_result_at
                .entry(id)
                .or_insert(self.concrete_results.len());
            for nullable in [true, false] {
                self.concrete_results
                    .push(ValType::Ref(RefType::new(nullable, HeapType::Concrete(id))));
            }
        }
    }

    /// `[t]` as a slice that lives as long as the module: a block type's results.
    pub fn single_type(&self, t: ValType) -> &[ValType] {
        match t {
            ValType::Ref(RefType {
                nullable,
                heap: HeapType::Concrete(id),
            }) => {
                // Every concrete type in the module is one of its type section's.
                let at =
                    self.concrete_result_at.get(&id).map_or(0, |&at| at) + usize::from(!nullable);
                self.concrete_results
                    .get(at..=at)
                    .unwrap_or(crate::value::single_type(ValType::FUNCREF))
            }
            t => crate::value::single_type(t),
        }
    }

    /// Converts a value type read from this module: a concrete reference `(ref $i)` to type `i`
    /// of the type section becomes its engine index ("unknown type" if there is none).
    pub fn val_type(&self, t: wasmparser::ValType, offset: usize) -> Result<ValType, CompileError> {
        crate::module::decode::convert_val_type(t, offset, |i| self.type_id(i, offset))
    }

    /// Converts a reference type read from this module (see [`ModuleInfo::val_type`]).
    pub fn ref_type(&self, r: wasmparser::RefType, offset: usize) -> Result<RefType, CompileError> {
        crate::module::decode::convert_ref_type(r, offset, |i| self.type_id(i, offset))
    }

    /// The engine index of type `i` of the type section.
    pub fn type_id(&self, i: u32, offset: usize) -> Result<TypeIndex, CompileError> {
        self.type_ids
            .get(i as usize)
            .copied()
            .ok_or_else(|| CompileError::invalid(format!("unknown type {i}"), Some(offset)))
    }

    /// Value types of a block type given as wasmparser's `BlockType`: (params, results).
    pub fn block_type(&self, ty: wasmparser::BlockType) -> (&[ValType], &[ValType]) {
        match ty {
            wasmparser::BlockType::Empty => (&[], &[]),
            wasmparser::BlockType::Type(t) => {
                // Block types are validated before any is looked at here; i32 is a harmless
                // placeholder should an invalid one slip through.
                let t = self.val_type(t, 0).unwrap_or(ValType::I32);
                (&[], self.single_type(t))
            }
            wasmparser::BlockType::FuncType(idx) => {
                let ft = &self.types[idx as usize];
                (ft.params(), ft.results())
            }
        }
    }
}
