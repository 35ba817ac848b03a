//! Exception handling in the embedding API: [`Tag`] (what an exception is an instance of, to
//! define, import and export), [`ExnRef`] (a thrown exception: its tag and payload) and
//! [`Error::Exception`], how an exception that no wasm handler caught reaches the embedder and
//! how a host function throws one into wasm.

use crate::api::val::Val;
use crate::error::Error;
use crate::runtime::context::{AsContext, AsContextMut};
use crate::runtime::exception::{ExnEntity, TagEntity};
use crate::runtime::store::{StoreId, StoreInner, TagIdx};
use crate::value::FuncType;
use std::fmt;

/// The type of a tag: the types of its payload (the parameters of a function type without
/// results).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagType {
    ty: FuncType,
}

impl TagType {
    /// A tag carrying values of `payload`.
    pub fn new(payload: impl IntoIterator<Item = crate::value::ValType>) -> TagType {
        TagType {
            ty: FuncType::new(payload, []),
        }
    }

    /// The payload types.
    pub fn payload(&self) -> &[crate::value::ValType] {
        self.ty.params()
    }

    /// As the function type the binary format uses (no results).
    pub fn func_type(&self) -> &FuncType {
        &self.ty
    }

    pub(crate) fn from_func_type(ty: FuncType) -> TagType {
        TagType { ty }
    }
}

/// An exception tag in a store. Two tags are the same only if they are the same definition
/// (an import is the exporter's tag); a `catch` matches by identity, not by type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    pub(crate) store: StoreId,
    pub(crate) index: TagIdx,
}

impl Tag {
    /// Defines a new tag of type `ty` (for a host to throw, or to import into modules).
    pub fn new(mut store: impl AsContextMut, ty: &TagType) -> Tag {
        let inner = &mut store.as_context_mut().0.inner;
        let type_index = inner.engine.func_type_index(&ty.ty);
        let index = inner.push_tag(TagEntity {
            ty: ty.ty.clone(),
            type_index,
        });
        Tag {
            store: inner.id,
            index,
        }
    }

    /// Its type.
    pub fn ty(&self, store: impl AsContext) -> TagType {
        let inner = &store.as_context().0.inner;
        assert_eq!(inner.id, self.store, "Tag used with another store");
        TagType::from_func_type(inner.tags[self.index.index()].ty.clone())
    }
}

/// A reference to an exception: a tag and its payload, thrown by wasm or by the host
/// (`exnref`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExnRef {
    pub(crate) store: StoreId,
    pub(crate) cell: u64,
}

impl ExnRef {
    /// An exception of `tag` carrying `payload` (which must match the tag's type), ready to be
    /// thrown by a host function with [`Error::throw`] or passed to wasm as an `exnref`.
    pub fn new(mut store: impl AsContextMut, tag: Tag, payload: &[Val]) -> Result<ExnRef, Error> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check(tag.store)?;
        let ty = inner.tags[tag.index.index()].ty.clone();
        if payload.len() != ty.params().len()
            || !payload
                .iter()
                .zip(ty.params())
                .all(|(v, t)| v.matches_in(inner, *t))
        {
            return Err(Error::Usage(format!(
                "exception payload does not match the tag's type {ty}"
            )));
        }
        let mut cells = vec![0u64; ty.param_cells()].into_boxed_slice();
        let mut at = 0;
        for v in payload {
            at += v.write_cells(inner, &mut cells[at..])?;
        }
        let exn = ExnEntity::new(tag.index.0, cells);
        exn.pinned.set(true);
        let cell = inner.exceptions.alloc(exn);
        Ok(ExnRef {
            store: inner.id,
            cell,
        })
    }

    /// Its tag.
    pub fn tag(&self, store: impl AsContext) -> Result<Tag, Error> {
        let inner = &store.as_context().0.inner;
        let exn = self.entity(inner)?;
        Ok(Tag {
            store: self.store,
            index: TagIdx(exn.tag),
        })
    }

    /// Its payload, typed by its tag.
    pub fn payload(&self, store: impl AsContext) -> Result<Vec<Val>, Error> {
        let inner = &store.as_context().0.inner;
        let exn = self.entity(inner)?;
        let ty = &inner.tags[exn.tag as usize].ty;
        Ok(Val::read_all(inner, ty.params(), &exn.payload))
    }

    fn entity<'a>(&self, inner: &'a StoreInner) -> Result<&'a ExnEntity, Error> {
        inner.check(self.store)?;
        inner
            .exceptions
            .get(self.cell)
            .ok_or_else(|| Error::Usage("exception reference is no longer valid".into()))
    }
}

/// An exception thrown by wasm that no wasm handler caught (in [`Error::Exception`]), or one a
/// host function throws into wasm: the exception, and a description of its tag and payload
/// taken when it was thrown.
#[derive(Debug, Clone)]
pub struct Exception {
    exn: ExnRef,
    description: String,
}

impl Exception {
    /// The exception (its tag and payload, read with the store).
    pub fn exn(&self) -> ExnRef {
        self.exn
    }

    /// An uncaught exception, described from the store (the tag's name where an export or
    /// import gives one, and the payload values).
    pub(crate) fn describe(inner: &StoreInner, exn: ExnRef) -> Exception {
        let description = match inner.exceptions.get(exn.cell) {
            Some(e) => {
                let ty = &inner.tags[e.tag as usize].ty;
                let values: Vec<String> = Val::read_all(inner, ty.params(), &e.payload)
                    .iter()
                    .map(Val::to_string)
                    .collect();
                format!(
                    "{} with payload ({})",
                    tag_name(inner, TagIdx(e.tag)),
                    values.join(", ")
                )
            }
            None => "an exception".to_string(),
        };
        Exception { exn, description }
    }
}

impl fmt::Display for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "uncaught wasm exception: {}", self.description)
    }
}

impl std::error::Error for Exception {}

/// How a tag is known: the first instance export of it (`tag "name"`), else its store index.
fn tag_name(inner: &StoreInner, tag: TagIdx) -> String {
    for instance in &inner.instances {
        for export in &instance.module.info.exports {
            if export.kind == crate::module::ExternKind::Tag
                && instance.tags.get(export.index as usize) == Some(&tag)
            {
                return format!("tag `{}`", export.name);
            }
        }
        let info = &instance.module.info;
        let mut tag_index = 0;
        for import in &info.imports {
            if let crate::module::ImportType::Tag(_) = import.ty {
                if instance.tags.get(tag_index) == Some(&tag) {
                    return format!("tag `{}::{}`", import.module, import.name);
                }
                tag_index += 1;
            }
        }
    }
    format!("tag #{}", tag.0)
}

impl Error {
    /// The error a host function returns to throw `exn` into the wasm code that called it
    /// (a wasm handler may catch it; if none does, the embedder gets it back as
    /// [`Error::Exception`]).
    pub fn throw(store: impl AsContext, exn: ExnRef) -> Error {
        Error::Exception(Box::new(Exception::describe(
            &store.as_context().0.inner,
            exn,
        )))
    }

    /// The uncaught exception, if this error is one.
    pub fn as_exception(&self) -> Option<&Exception> {
        match self {
            Error::Exception(e) => Some(e),
            _ => None,
        }
    }
}
