//! `Module`: a validated (and, eagerly or lazily, translated) WebAssembly module.

use crate::engine::Engine;
use crate::error::Error;
use crate::module::source_format::{SourceFormat, source_format};
use crate::module::{ExternKind, ImportType as ImportDesc, ModuleInner};
use crate::value::{FuncType, GlobalType, MemoryType, TableType};
use std::path::Path;
use std::sync::Arc;

/// The type of an import or export.
#[derive(Debug, Clone, PartialEq)]
pub enum ExternType {
    /// A function of this signature.
    Func(FuncType),
    /// A table.
    Table(TableType),
    /// A memory.
    Memory(MemoryType),
    /// A global.
    Global(GlobalType),
    /// An exception tag.
    Tag(crate::api::exception::TagType),
}

/// One import of a module.
#[derive(Debug, Clone)]
pub struct ImportType<'a> {
    module: &'a str,
    name: &'a str,
    ty: ExternType,
}

impl<'a> ImportType<'a> {
    /// The module name.
    pub fn module(&self) -> &'a str {
        self.module
    }
    /// The field name.
    pub fn name(&self) -> &'a str {
        self.name
    }
    /// What is imported.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// One export of a module.
#[derive(Debug, Clone)]
pub struct ExportType<'a> {
    name: &'a str,
    ty: ExternType,
}

impl<'a> ExportType<'a> {
    /// The export name.
    pub fn name(&self) -> &'a str {
        self.name
    }
    /// What is exported.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// A compiled WebAssembly module, ready to be instantiated any number of times. Cheap to clone.
///
/// Creating one decodes and validates the whole module (so an invalid module is rejected at
/// once); function bodies are translated to the interpreter's IR on their first call, or all
/// up front with [`CompilationMode::Eager`](crate::CompilationMode::Eager). With
/// [`CompilationMode::LazyValidation`](crate::CompilationMode::LazyValidation) a body's
/// validation is deferred to its first call too.
#[derive(Debug, Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

impl Module {
    /// Compiles a module from its binary, or from WebAssembly text (with the `wat` feature, on
    /// by default).
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module, Error> {
        let bytes = bytes.as_ref();
        match source_format(bytes)? {
            SourceFormat::Binary => Self::from_binary(engine, bytes),
            #[cfg(feature = "wat")]
            SourceFormat::Text => {
                let binary = wat::parse_bytes(bytes).map_err(|e| {
                    crate::error::CompileError::malformed(format!("invalid text format: {e}"), None)
                })?;
                Self::from_binary(engine, &binary)
            }
            #[cfg(not(feature = "wat"))]
            SourceFormat::Text => Err(crate::error::CompileError::unsupported(
                "WAT text (the engine was built without its `wat` feature)",
                None,
            )
            .into()),
        }
    }

    /// Compiles a module from its binary.
    pub fn from_binary(engine: &Engine, bytes: &[u8]) -> Result<Module, Error> {
        let info = crate::module::decode::decode(Arc::from(bytes), engine)?;
        let inner = ModuleInner::new(engine, info)?;
        Ok(Module {
            inner: Arc::new(inner),
        })
    }

    /// Reads and compiles a module file (binary or text).
    pub fn from_file(engine: &Engine, path: impl AsRef<Path>) -> Result<Module, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
        Self::new(engine, bytes)
    }

    /// The engine the module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// With [`Strategy::Cranelift`](crate::Strategy::Cranelift): how many of the module's
    /// defined functions were compiled, and each function left to the interpreter (its index
    /// in the module's function index space) with the reason. `None` when nothing was
    /// compiled for the module (the interpreter strategy, or fuel or epochs on).
    pub fn cranelift_report(&self) -> Option<(usize, Vec<(u32, String)>)> {
        #[cfg(kestrel_jit)]
        if let Some(native) = &self.inner.native {
            let imported = self.inner.info.num_imported_funcs;
            let refused = native
                .refused()
                .iter()
                .map(|(def, why)| (imported + def, why.clone()))
                .collect();
            return Some((native.compiled(), refused));
        }
        None
    }

    /// The module's name from its name section, if any.
    pub fn name(&self) -> Option<&str> {
        self.inner.info.name.as_deref()
    }

    /// The module's imports, in order.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = ImportType<'_>> {
        let info = &self.inner.info;
        info.imports.iter().map(move |imp| ImportType {
            module: &imp.module,
            name: &imp.name,
            ty: match &imp.ty {
                ImportDesc::Func(t) => ExternType::Func(info.types[*t as usize].clone()),
                ImportDesc::Table(t) => ExternType::Table(*t),
                ImportDesc::Memory(m) => ExternType::Memory(*m),
                ImportDesc::Global(g) => ExternType::Global(*g),
                ImportDesc::Tag(t) => ExternType::Tag(
                    crate::api::exception::TagType::from_func_type(info.types[*t as usize].clone()),
                ),
            },
        })
    }

    /// The module's exports, in order.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType<'_>> {
        let info = &self.inner.info;
        info.exports.iter().map(move |exp| ExportType {
            name: &exp.name,
            ty: match exp.kind {
                ExternKind::Func => ExternType::Func(info.func_type(exp.index).clone()),
                ExternKind::Table => ExternType::Table(info.tables[exp.index as usize]),
                ExternKind::Memory => ExternType::Memory(info.memories[exp.index as usize]),
                ExternKind::Global => ExternType::Global(info.globals[exp.index as usize]),
                ExternKind::Tag => ExternType::Tag(crate::api::exception::TagType::from_func_type(
                    info.tag_type(exp.index).clone(),
                )),
            },
        })
    }
}
