//! PLACEHOLDER (owned by the interpreter developer): the register IR.
/// A translated function.
#[derive(Debug)]
pub struct CompiledFunc;
