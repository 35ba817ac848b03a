//! PLACEHOLDER (owned by the interpreter developer): the interpreter.
use crate::error::Error;
use crate::runtime::store::{FuncIdx, Store};

/// A value stack and call-frame stack, reused across calls.
#[derive(Debug, Default)]
pub struct Stack;

/// Calls function `func` of `store`; `cells[..params]` are the arguments on the way in,
/// `cells[..results]` the results on the way out.
pub fn call<T>(_store: &mut Store<T>, _func: FuncIdx, _cells: &mut [u64]) -> Result<(), Error> {
    Err(Error::Usage("the interpreter is not built yet".into()))
}
