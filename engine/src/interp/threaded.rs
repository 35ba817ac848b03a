//! Dispatch, step 2: direct threading by tail calls.
//!
//! Every instruction of the table ([`crate::ir::isa`]) becomes a handler function taking the
//! hot state as arguments (instruction pointer, frame pointer, memory base and length, the
//! accumulator, and the cold [`Ctx`]). A handler runs its body, then looks up the next instruction's
//! handler and calls it in tail position; the optimiser turns that call into a jump, so each
//! handler ends in its own indirect jump (which predicts far better than the single one of the
//! `match` loop) and the hot state stays in argument registers.
//!
//! The tail calls only become jumps when optimising, so this is the dispatch of optimised builds
//! for x86_64 and aarch64 (`engine/build.rs`; the workspace builds the engine optimised even in
//! dev builds); elsewhere, or with `KESTREL_DISPATCH=loop` at build time, the `match` loop of
//! [`super::executor`] runs. Handlers are not generic over the store's data type (the store is
//! reached through [`crate::runtime::exec_hooks::StoreHooks`]), so they are compiled once, in
//! this crate, at its opt-level, whatever the embedder's profile.
//!
//! Each instruction has up to four handlers, one per form of its opcode
//! ([`crate::ir::ENCODED_OPCODES`]): `ACC` copies check their first operand for the
//! accumulator, `ACC_ONLY` copies leave their result in the accumulator without storing it to
//! the frame (the translator marks an instruction so only when the next one reads that result
//! from the accumulator and nothing else ever reads it).
//!
//! A handler must keep no stack slot whose address escapes (for instance a large value returned
//! from a call it makes), or the optimiser cannot turn its final call into a jump; such work
//! lives out of line (`compiled_code`, `Ctx` methods). `tests::long_loop_on_a_small_stack`
//! guards this: with a handler that stopped tail-calling, every executed instruction would take
//! stack space and the test would overflow its small stack.

use crate::error::TrapCode;
use crate::interp::executor::{Ctx, Exec, Exit, trap_exit};
use crate::interp::num;
use crate::ir::isa::for_each_instruction;
use crate::ir::{
    Base, BranchOffset, Dst, ENCODED_OPCODES, Instr, OPCODE_SIZE, Opcode, Operand, Slot,
};

/// A handler: runs the instruction whose fields start at `ip`, then the rest of the code.
/// Arguments: instruction pointer, frame pointer, memory base, memory length, accumulator, the
/// cold state; all in registers on x86_64 and aarch64.
type Handler = for<'c, 'a> fn(*const u8, *mut u64, *mut u8, usize, u64, &'c mut Ctx<'a>) -> Exit;

/// The handler tables of one fuel mode and epoch mode.
struct Handlers<const FUEL: bool, const EPOCH: bool>;

/// Runs from `ip` (at an opcode) until the entry function returns or something traps; the
/// fuel left is in `ctx.fuel`.
#[inline(never)]
pub(crate) fn run<const FUEL: bool, const EPOCH: bool>(
    ctx: &mut Ctx<'_>,
    ip: *const u8,
    fp: *mut u64,
    mem_base: *mut u8,
    mem_len: usize,
) -> Exit {
    next::<FUEL, EPOCH>(ip, fp, mem_base, mem_len, 0, ctx)
}

/// Dispatches the instruction at `ip`: charges its fuel and tail-calls its handler.
#[inline(always)]
fn next<const FUEL: bool, const EPOCH: bool>(
    ip: *const u8,
    fp: *mut u64,
    mem_base: *mut u8,
    mem_len: usize,
    acc: u64,
    ctx: &mut Ctx<'_>,
) -> Exit {
    let handler = if FUEL || EPOCH {
        // Metered or interruptible code is not linked: its opcode field holds the opcode.
        // SAFETY: `ip` is at an instruction of code our encoder produced: an opcode that indexes
        // the handler table, followed by its fields.
        let op = unsafe { <u16 as Operand>::read(ip) };
        if FUEL {
            // SAFETY: as above, the opcode is one of the `ENCODED_OPCODES` forms; telling the
            // optimiser so drops the bounds check of the cost table.
            unsafe { std::hint::assert_unchecked(usize::from(op) < ENCODED_OPCODES) };
            let cost = crate::ir::encoded_fuel_cost(op);
            match ctx.fuel.checked_sub(cost) {
                Some(left) => ctx.fuel = left,
                None => return trap_exit(TrapCode::OutOfFuel),
            }
        }
        // SAFETY: as above, `op` is below the table's length.
        unsafe { *Handlers::<FUEL, EPOCH>::TABLE.get_unchecked(op as usize) }
    } else {
        // SAFETY: code for this mode was linked (`link`): the opcode field holds the address of
        // a handler of this table.
        unsafe {
            let addr = <u64 as Operand>::read(ip) as usize;
            std::mem::transmute::<*const (), Handler>(std::ptr::with_exposed_provenance(addr))
        }
    };
    // SAFETY: the fields follow the opcode field.
    let ip = unsafe { ip.add(OPCODE_SIZE) };
    handler(ip, fp, mem_base, mem_len, acc, ctx)
}

/// Links `code` for unmetered, uninterruptible threaded dispatch: writes the address of each
/// instruction's handler over its opcode field, so dispatching is one load and one jump.
pub(crate) fn link(code: &mut [u8]) {
    let mut pos = 0;
    while pos < code.len() {
        let op = u16::from_le_bytes([code[pos], code[pos + 1]]);
        let (instr, mut end) =
            Instr::decode(code, pos).expect("the translator emits whole instructions");
        if let Instr::BrTable { len, .. } = instr {
            end += 4 * (len as usize + 1);
        }
        let handler =
            (Handlers::<false, false>::TABLE[op as usize] as *const ()).expose_provenance();
        code[pos..pos + std::mem::size_of::<usize>()].copy_from_slice(&handler.to_le_bytes());
        pos = end;
    }
}

/// In a handler marked as reading the accumulator: its first `Slot` operand is the accumulator
/// (the translator marks an instruction only then) and no other one is, which tells the
/// optimiser so every operand check in `Exec::get` folds away.
macro_rules! accumulator_operands {
    ($state:ident;) => {};
    (first; Slot $field:ident, $($rest:tt)*) => {
        $field = Slot::ACC;
        accumulator_operands!(rest; $($rest)*);
    };
    (rest; Slot $field:ident, $($rest:tt)*) => {
        // SAFETY: the translator replaces only an instruction's first operand read by the
        // accumulator (`Translator::emit`).
        unsafe { std::hint::assert_unchecked($field != Slot::ACC) };
        accumulator_operands!(rest; $($rest)*);
    };
    ($state:ident; $other:ident $field:ident, $($rest:tt)*) => {
        accumulator_operands!($state; $($rest)*);
    };
}

macro_rules! define_handlers {
    ($( $(#[doc = $doc:literal])* $name:ident { $($field:ident : $fty:ident),* $(,)? } cost($cost:literal) |$x:ident| $body:block )*) => {
        impl<const FUEL: bool, const EPOCH: bool> Handlers<FUEL, EPOCH> {
            /// Handlers by encoded opcode: each instruction, then each instruction reading the
            /// accumulator ([`crate::ir::ACC_OPCODES`]), then both again writing their result
            /// only to the accumulator ([`crate::ir::ACC_ONLY_OPCODES`]; instructions without
            /// a single result never carry that mark, so their plain handlers stand there and
            /// no copy of them is compiled).
            const TABLE: [Handler; ENCODED_OPCODES] = [
                $(Self::$name::<false, false>,)*
                $(Self::$name::<true, false>,)*
                $(if Opcode::$name.single_result() {
                    Self::$name::<false, true>
                } else {
                    Self::$name::<false, false>
                },)*
                $(if Opcode::$name.single_result() {
                    Self::$name::<true, true>
                } else {
                    Self::$name::<true, false>
                },)*
            ];

            $(
                $(#[doc = $doc])*
                #[allow(
                    non_snake_case,
                    unused_variables,
                    unreachable_code,
                    clippy::unnecessary_cast,
                    clippy::redundant_closure_call
                )]
                fn $name<const ACC: bool, const ACC_ONLY: bool>(
                    ip: *const u8,
                    fp: *mut u64,
                    mem_base: *mut u8,
                    mem_len: usize,
                    acc: u64,
                    ctx: &mut Ctx<'_>,
                ) -> Exit {
                    let mut exec = Exec::<FUEL, EPOCH, ACC> {
                        ip,
                        fp,
                        mem_base,
                        mem_len,
                        acc,
                        store_result: !ACC_ONLY,
                        ctx,
                    };
                    let result: Result<(), Exit> = (|| {
                        $(
                            // SAFETY: the field is encoded right here.
                            #[allow(unused_mut)]
                            let mut $field: $fty = unsafe { <$fty as Operand>::read(exec.ip) };
                            // SAFETY: still within the instruction.
                            exec.ip = unsafe { exec.ip.add(<$fty as Operand>::SIZE) };
                        )*
                        if ACC {
                            accumulator_operands!(first; $($fty $field,)*);
                        }
                        let $x = &mut exec;
                        $body
                        Ok(())
                    })();
                    match result {
                        Ok(()) => {
                            let Exec { ip, fp, mem_base, mem_len, acc, ctx, .. } = exec;
                            next::<FUEL, EPOCH>(ip, fp, mem_base, mem_len, acc, ctx)
                        }
                        Err(exit) => exit,
                    }
                }
            )*
        }
    };
}

for_each_instruction!(define_handlers);

#[cfg(test)]
mod tests {
    /// A long-running loop on a deliberately small thread stack: if a handler stopped calling
    /// the next one in tail position, every executed instruction would take stack space and
    /// this would overflow.
    #[test]
    fn long_loop_on_a_small_stack() {
        let result = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(|| {
                let engine = crate::Engine::default();
                // Arithmetic, memory loads and stores of every width, globals, a select, a
                // call and a branch table in the loop: each handler they use must tail-call.
                let module = crate::Module::new(
                    &engine,
                    r#"(module (memory 1) (global $g (mut i64) (i64.const 0))
                        (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
                        (func (export "spin") (param i32) (result i32) (local i32)
                        (loop
                          (local.set 1 (i32.add (local.get 1) (i32.const 3)))
                          (i32.store8 (i32.const 8) (local.get 1))
                          (i32.store16 (i32.const 16) (local.get 1))
                          (i64.store (i32.const 24) (i64.extend_i32_u (local.get 1)))
                          (f64.store (i32.const 32) (f64.convert_i32_u (local.get 1)))
                          (global.set $g (i64.add (global.get $g) (i64.load (i32.const 24))))
                          (local.set 1 (select (local.get 1) (i32.const 0)
                            (i32.load8_u (i32.const 8))))
                          (local.set 1 (call $inc (i32.sub (local.get 1) (i32.const 1))))
                          (block (block (br_table 0 1 (i32.and (local.get 0) (i32.const 1)))))
                          (drop (f64.load (i32.const 32)))
                          (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                        (local.get 1)))"#,
                )
                .expect("compiles");
                let mut store = crate::Store::new(&engine, ());
                let instance = crate::Linker::new(&engine)
                    .instantiate(&mut store, &module)
                    .expect("instantiates");
                let spin = instance
                    .get_typed_func::<i32, i32>(&mut store, "spin")
                    .expect("exported");
                spin.call(&mut store, 1_000_000).expect("runs")
            })
            .expect("thread starts")
            .join()
            .expect("no stack overflow");
        // The same loop in Rust: add 3, reset to 0 when the low byte is 0 (the select).
        let mut expected = 0i32;
        for _ in 0..1_000_000 {
            expected += 3;
            if expected & 0xff == 0 {
                expected = 0;
            }
        }
        assert_eq!(result, expected);
    }
}
