//! Value types and values as the embedder sees them.
//!
//! Inside the engine every value is an untyped 64-bit *cell* (`u64`): integers as their bits,
//! floats as their IEEE bits, references as `0` for null or `index + 1` into the store. A v128
//! (SIMD) takes two cells, its low 64 bits first. [`Val`] is the typed view used at the API boundary.

use std::fmt;

/// An engine-wide index of a function type, as a concrete heap type names it (`(ref $t)`).
///
/// Modules name types by their position in the type section; the engine canonicalises each
/// recursion group of a module when it is compiled, so two types have the same index exactly
/// when they are equivalent (iso-recursive equivalence, Wasm 3.0), in whatever module they
/// were written. An index is only meaningful with the [`Engine`](crate::Engine) that made it:
/// [`Engine::func_type_index`](crate::Engine::func_type_index) gives one for a function type,
/// [`Engine::func_type`](crate::Engine::func_type) the type behind one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeIndex(pub(crate) u32);

impl fmt::Display for TypeIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "$type{}", self.0)
    }
}

/// What a reference points to: the abstract heap types of Wasm 3.0 without GC (the function,
/// extern and exception hierarchies, each with its bottom type, which only null inhabits), and
/// concrete function types (typed function references).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HeapType {
    /// `func`: any function.
    Func,
    /// `$t`: a function of exactly this type (function types are final without GC, so a
    /// concrete type's only supertype is `func` and its only subtype `nofunc`).
    Concrete(TypeIndex),
    /// `extern`: host data.
    Extern,
    /// `exn`: a caught exception (exception handling).
    Exn,
    /// `nofunc`: the bottom of the function hierarchy.
    NoFunc,
    /// `noextern`: the bottom of the extern hierarchy.
    NoExtern,
    /// `noexn`: the bottom of the exception hierarchy.
    NoExn,
}

impl HeapType {
    /// The top of this type's hierarchy (`func`, `extern` or `exn`).
    pub fn top(self) -> HeapType {
        match self {
            HeapType::Func | HeapType::NoFunc | HeapType::Concrete(_) => HeapType::Func,
            HeapType::Extern | HeapType::NoExtern => HeapType::Extern,
            HeapType::Exn | HeapType::NoExn => HeapType::Exn,
        }
    }

    /// The bottom of this type's hierarchy (`nofunc`, `noextern` or `noexn`).
    pub fn bottom(self) -> HeapType {
        match self.top() {
            HeapType::Func => HeapType::NoFunc,
            HeapType::Extern => HeapType::NoExtern,
            _ => HeapType::NoExn,
        }
    }

    /// Whether `self` is a subtype of `other`: equal, the hierarchy's bottom below `other`, or a
    /// concrete function type below `func`.
    pub fn matches(self, other: HeapType) -> bool {
        self == other
            || (self.top() == other.top() && (self == self.bottom() || other == other.top()))
    }
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HeapType::Func => "func",
            HeapType::Extern => "extern",
            HeapType::Exn => "exn",
            HeapType::NoFunc => "nofunc",
            HeapType::NoExtern => "noextern",
            HeapType::NoExn => "noexn",
            HeapType::Concrete(t) => return t.fmt(f),
        })
    }
}

/// A reference type: a heap type, and whether null is a value of it (`(ref null ht)`) or not
/// (`(ref ht)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RefType {
    /// Whether null is a value of this type.
    pub nullable: bool,
    /// What the reference points to.
    pub heap: HeapType,
}

impl RefType {
    /// `funcref`, that is `(ref null func)`.
    pub const FUNCREF: RefType = RefType::new(true, HeapType::Func);
    /// `externref`, that is `(ref null extern)`.
    pub const EXTERNREF: RefType = RefType::new(true, HeapType::Extern);
    /// `exnref`, that is `(ref null exn)`.
    pub const EXNREF: RefType = RefType::new(true, HeapType::Exn);

    /// `(ref null heap)` when `nullable`, else `(ref heap)`.
    pub const fn new(nullable: bool, heap: HeapType) -> RefType {
        RefType { nullable, heap }
    }

    /// Whether `self` is a subtype of `other` (a value of `self` can stand where `other` is
    /// expected).
    pub fn matches(self, other: RefType) -> bool {
        (!self.nullable || other.nullable) && self.heap.matches(other.heap)
    }

    /// The same heap type, without null.
    pub fn as_non_null(self) -> RefType {
        RefType::new(false, self.heap)
    }
}

impl fmt::Display for RefType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.nullable, self.heap) {
            (true, HeapType::Func) => f.write_str("funcref"),
            (true, HeapType::Extern) => f.write_str("externref"),
            (true, HeapType::Exn) => f.write_str("exnref"),
            (true, HeapType::NoFunc) => f.write_str("nullfuncref"),
            (true, HeapType::NoExtern) => f.write_str("nullexternref"),
            (true, HeapType::NoExn) => f.write_str("nullexnref"),
            (true, heap) => write!(f, "(ref null {heap})"),
            (false, heap) => write!(f, "(ref {heap})"),
        }
    }
}

/// A WebAssembly value type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE float.
    F32,
    /// 64-bit IEEE float.
    F64,
    /// 128-bit vector (SIMD): two cells in a frame, the low half first.
    V128,
    /// A reference.
    Ref(RefType),
}

impl ValType {
    /// `funcref`
    pub const FUNCREF: ValType = ValType::Ref(RefType::FUNCREF);
    /// `externref`
    pub const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);
    /// `exnref`
    pub const EXNREF: ValType = ValType::Ref(RefType::EXNREF);

    /// Number of 64-bit cells a value of this type takes in a frame.
    pub fn cells(self) -> usize {
        match self {
            ValType::V128 => 2,
            _ => 1,
        }
    }

    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(self, ValType::Ref(_))
    }

    /// Whether `self` is a subtype of `other`: equal number types, or matching references.
    pub fn matches(self, other: ValType) -> bool {
        match (self, other) {
            (ValType::Ref(a), ValType::Ref(b)) => a.matches(b),
            _ => self == other,
        }
    }

    /// Whether locals of this type get a default value (zero or null). A local of a
    /// non-nullable reference type must be set before it is read.
    pub fn is_defaultable(self) -> bool {
        !matches!(self, ValType::Ref(r) if !r.nullable)
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValType::I32 => f.write_str("i32"),
            ValType::I64 => f.write_str("i64"),
            ValType::F32 => f.write_str("f32"),
            ValType::F64 => f.write_str("f64"),
            ValType::V128 => f.write_str("v128"),
            ValType::Ref(r) => r.fmt(f),
        }
    }
}

/// A function signature: parameter and result types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    params_results: Box<[ValType]>,
    len_params: usize,
    /// Cells the parameters and the results take (a v128 takes two).
    param_cells: u32,
    result_cells: u32,
}

/// Cells a sequence of values of `types` takes in a frame (a v128 takes two, any other one).
pub fn cells_of(types: &[ValType]) -> usize {
    types.iter().map(|t| t.cells()).sum()
}

impl FuncType {
    /// Creates a function type from its parameter and result types.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        let mut v: Vec<ValType> = params.into_iter().collect();
        let len_params = v.len();
        v.extend(results);
        let param_cells = cells_of(&v[..len_params]) as u32;
        let result_cells = cells_of(&v[len_params..]) as u32;
        Self {
            params_results: v.into_boxed_slice(),
            len_params,
            param_cells,
            result_cells,
        }
    }

    /// Cells the parameters take in a frame (the arguments' cells at a call).
    pub fn param_cells(&self) -> usize {
        self.param_cells as usize
    }

    /// Cells the results take (a function returns them in its frame's cells `0..`).
    pub fn result_cells(&self) -> usize {
        self.result_cells as usize
    }

    /// The parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.params_results[..self.len_params]
    }

    /// The result types.
    pub fn results(&self) -> &[ValType] {
        &self.params_results[self.len_params..]
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(func")?;
        if !self.params().is_empty() {
            write!(f, " (param")?;
            for p in self.params() {
                write!(f, " {p}")?;
            }
            write!(f, ")")?;
        }
        if !self.results().is_empty() {
            write!(f, " (result")?;
            for r in self.results() {
                write!(f, " {r}")?;
            }
            write!(f, ")")?;
        }
        write!(f, ")")
    }
}

/// Limits of a memory (in its pages) or a table (in elements).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Initial size.
    pub min: u64,
    /// Maximum size, if any.
    pub max: Option<u64>,
}

/// The type of a linear memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryType {
    /// Size limits in pages (of [`MemoryType::page_size`] bytes).
    pub limits: Limits,
    /// Whether the memory is shared (threads): usable by several threads at once, each in a
    /// store of its own ([`SharedMemory`](crate::SharedMemory)).
    pub shared: bool,
    /// Whether the memory is indexed by i64 (memory64; not supported yet).
    pub memory64: bool,
    /// The base-2 logarithm of its page size: 16 (64 KiB pages, the default) or, with the
    /// custom-page-sizes proposal (`Config::wasm_custom_page_sizes`), 0 (one-byte pages).
    /// `memory.size`, `memory.grow`, the limits and [`Memory::size`](crate::Memory::size)
    /// count in these pages.
    pub page_size_log2: u8,
}

impl MemoryType {
    /// The default page size's logarithm: 64 KiB pages.
    pub const DEFAULT_PAGE_SIZE_LOG2: u8 = 16;

    /// A 32-bit, unshared memory type of 64 KiB pages.
    pub fn new(min: u32, max: Option<u32>) -> Self {
        Self {
            limits: Limits {
                min: min.into(),
                max: max.map(Into::into),
            },
            shared: false,
            memory64: false,
            page_size_log2: Self::DEFAULT_PAGE_SIZE_LOG2,
        }
    }

    /// A 32-bit shared memory type of 64 KiB pages (threads: a shared memory must have a
    /// maximum). See [`SharedMemory`](crate::SharedMemory).
    pub fn shared(min: u32, max: u32) -> Self {
        Self {
            shared: true,
            ..Self::new(min, Some(max))
        }
    }

    /// The same type with pages of `2^log2` bytes (0 or 16 are valid; see
    /// [`MemoryType::page_size_log2`](MemoryType#structfield.page_size_log2)).
    pub fn with_page_size_log2(mut self, log2: u8) -> Self {
        self.page_size_log2 = log2;
        self
    }

    /// Bytes per page.
    pub fn page_size(&self) -> u64 {
        1u64 << self.page_size_log2.min(63)
    }

    /// The most pages a 32-bit memory of this page size can have: 4 GiB worth (65,536 pages
    /// of 64 KiB), or 2^32 - 1 one-byte pages (sizes are 32-bit numbers).
    pub fn max_pages(&self) -> u64 {
        ((1u64 << 32) >> self.page_size_log2.min(32)).min(u64::from(u32::MAX))
    }
}

/// The type of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableType {
    /// Element type.
    pub element: RefType,
    /// Size limits in elements.
    pub limits: Limits,
}

impl TableType {
    /// A table type.
    pub fn new(element: RefType, min: u32, max: Option<u32>) -> Self {
        Self {
            element,
            limits: Limits {
                min: min.into(),
                max: max.map(Into::into),
            },
        }
    }
}

/// Mutability of a global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// `const`
    Const,
    /// `var`
    Var,
}

/// The type of a global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalType {
    /// Value type.
    pub content: ValType,
    /// Mutability.
    pub mutability: Mutability,
}

impl GlobalType {
    /// A global type.
    pub fn new(content: ValType, mutability: Mutability) -> Self {
        Self {
            content,
            mutability,
        }
    }
}

/// Every value type, so that a block's single result type can be lent as a one-element slice
/// for as long as the module (block types are `[] -> [t]`, and the validator and translator
/// work on slices of types).
static EVERY_VAL_TYPE: [ValType; 17] = {
    use HeapType::*;
    const fn r(nullable: bool, heap: HeapType) -> ValType {
        ValType::Ref(RefType::new(nullable, heap))
    }
    [
        ValType::I32,
        ValType::I64,
        ValType::F32,
        ValType::F64,
        ValType::V128,
        r(true, Func),
        r(true, Extern),
        r(true, Exn),
        r(true, NoFunc),
        r(true, NoExtern),
        r(true, NoExn),
        r(false, Func),
        r(false, Extern),
        r(false, Exn),
        r(false, NoFunc),
        r(false, NoExtern),
        r(false, NoExn),
    ]
};

/// `[t]` as a slice that lives as long as the program.
pub(crate) fn single_type(t: ValType) -> &'static [ValType] {
    let i = EVERY_VAL_TYPE
        .iter()
        .position(|&u| u == t)
        .expect("every value type is listed");
    &EVERY_VAL_TYPE[i..=i]
}
