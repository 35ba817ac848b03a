//! The translator's compile-time operand stack: what each wasm operand is, instead of a value
//! on a run-time stack.
//!
//! An operand is a *provider*: a local (`local.get` emits nothing), a constant (`*.const`
//! emits nothing), or a temporary. Temporaries are positional: the operand at stack index `i`
//! that is a temporary always lives in slot `first_temp + i`, so block results, branch values
//! and call arguments have fixed homes and a call's frame can start where its arguments are.

use crate::value::ValType;

/// Where an operand's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// In local (or parameter) slot `n`.
    Local(u16),
    /// In the positional temporary slot of its stack index.
    Temp,
    /// A constant, as cell bits.
    Imm(u64),
}

/// One operand: its provider and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operand {
    /// Where the value is.
    pub provider: Provider,
    /// Its type.
    pub ty: ValType,
}

impl Operand {
    /// A temporary of type `ty`.
    pub fn temp(ty: ValType) -> Self {
        Operand {
            provider: Provider::Temp,
            ty,
        }
    }
}
