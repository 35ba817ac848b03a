//! The engine-wide registry of function types: canonicalisation of recursion groups, so that
//! equivalent types, from any module or from the embedder, get one [`TypeIndex`].
//!
//! Wasm 3.0 types are equivalent *iso-recursively*: two types are the same when they sit at the
//! same position of equal recursion groups (`rec ... end`), where a reference to a type of the
//! same group counts as equal by its position in the group, and a reference outside the group by
//! the (already canonical) type it names. A type written outside any `rec` is a group of one.
//! So a group's *key* is its types with every concrete reference either an engine index (outside
//! the group) or a group-relative marker; equal keys are equal groups. Registering a group looks
//! its key up and hands out consecutive indices for a new one. A `call_indirect` then checks a
//! callee's type with one comparison of indices (types are final without GC: no subtype chain).
//!
//! Types are never removed (as the function-type registry before it): an engine's registry
//! grows with the distinct types of the modules it compiles.

use crate::value::{FuncType, HeapType, RefType, TypeIndex, ValType};
use std::collections::HashMap;

/// Marks a [`TypeIndex`] in a group key as relative to the start of the group (never an
/// index handed out: the registry refuses to grow that far).
const GROUP_RELATIVE: u32 = 1 << 31;

impl TypeIndex {
    /// The marker for the `i`-th type of the recursion group being registered.
    pub(crate) fn group_relative(i: u32) -> TypeIndex {
        TypeIndex(GROUP_RELATIVE | i)
    }
}

/// The registry behind [`Engine`](crate::Engine)'s type methods.
#[derive(Debug, Default)]
pub(crate) struct TypeRegistry {
    /// Each group's key, to the index of its first type.
    groups: HashMap<Box<[FuncType]>, TypeIndex>,
    /// The types by index, with references inside their group resolved to indices.
    types: Vec<FuncType>,
}

/// Too many distinct types in one engine (more than 2^31).
#[derive(Debug)]
pub(crate) struct RegistryFull;

impl TypeRegistry {
    /// The index of the first type of `group` (its key: references inside it made with
    /// [`TypeIndex::group_relative`]), if it is registered already.
    pub(crate) fn lookup(&self, group: &[FuncType]) -> Option<TypeIndex> {
        self.groups.get(group).copied()
    }

    /// Registers `group` (a key, as for [`Self::lookup`]) and returns the index of its first
    /// type; the others follow it.
    pub(crate) fn register(&mut self, group: &[FuncType]) -> Result<TypeIndex, RegistryFull> {
        if let Some(first) = self.lookup(group) {
            return Ok(first);
        }
        let start = self.types.len();
        if start + group.len() >= GROUP_RELATIVE as usize {
            return Err(RegistryFull);
        }
        let first = TypeIndex(start as u32);
        for ty in group {
            let resolve = |t: &ValType| resolve_in_group(*t, first);
            self.types.push(FuncType::new(
                ty.params().iter().map(resolve),
                ty.results().iter().map(resolve),
            ));
        }
        self.groups.insert(group.into(), first);
        Ok(first)
    }

    /// The type with this index, if it is one of this registry's.
    pub(crate) fn get(&self, index: TypeIndex) -> Option<&FuncType> {
        self.types.get(index.0 as usize)
    }
}

/// `t` with a group-relative reference replaced by the index it gets when the group starts at
/// `first`.
fn resolve_in_group(t: ValType, first: TypeIndex) -> ValType {
    match t {
        ValType::Ref(RefType {
            nullable,
            heap: HeapType::Concrete(TypeIndex(i)),
        }) if i & GROUP_RELATIVE != 0 => ValType::Ref(RefType::new(
            nullable,
            HeapType::Concrete(TypeIndex(first.0 + (i & !GROUP_RELATIVE))),
        )),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(nullable: bool, t: TypeIndex) -> ValType {
        ValType::Ref(RefType::new(nullable, HeapType::Concrete(t)))
    }

    #[test]
    fn equal_groups_share_indices_and_groups_differ_from_their_members() {
        let mut reg = TypeRegistry::default();
        let empty = FuncType::new([], []);
        let single = reg.register(std::slice::from_ref(&empty)).unwrap();
        assert_eq!(reg.register(std::slice::from_ref(&empty)).unwrap(), single);
        // `(rec (type (func)) (type (func)))`: two new types, neither equal to `(type (func))`.
        let pair = reg.register(&[empty.clone(), empty.clone()]).unwrap();
        assert_ne!(pair, single);
        assert_eq!(reg.register(&[empty.clone(), empty]).unwrap(), pair);
        assert_eq!(reg.types.len(), 3);
    }

    #[test]
    fn group_relative_references_resolve_to_the_group_members() {
        let mut reg = TypeRegistry::default();
        // `(rec (type $a (func (param (ref $b)))) (type $b (func (result (ref null $a)))))`
        let a = FuncType::new([r(false, TypeIndex::group_relative(1))], []);
        let b = FuncType::new([], [r(true, TypeIndex::group_relative(0))]);
        let first = reg.register(&[a.clone(), b.clone()]).unwrap();
        let second = TypeIndex(first.0 + 1);
        assert_eq!(reg.get(first).unwrap().params(), &[r(false, second)]);
        assert_eq!(reg.get(second).unwrap().results(), &[r(true, first)]);
        // The same group again (as another module writes it) is the same types.
        assert_eq!(reg.register(&[a, b]).unwrap(), first);
        // A type naming the group's member from outside is not the member itself.
        let outside = FuncType::new([r(false, second)], []);
        assert_ne!(reg.register(&[outside]).unwrap(), first);
    }
}
