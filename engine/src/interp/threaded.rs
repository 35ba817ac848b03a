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
//! A handler must keep no stack slot whose address escapes (for instance a large value returned
//! from a call it makes), or the optimiser cannot turn its final call into a jump; such work
//! lives out of line (`compiled_code`, `Ctx` methods). `tests::long_loop_on_a_small_stack`
//! guards this: with a handler that stopped tail-calling, every executed instruction would take
//! stack space and the test would overflow its small stack.

use crate::error::TrapCode;
use crate::interp::executor::{Ctx, Exec, Exit, trap_exit};
use crate::interp::step::{Step, steps};
use crate::ir::isa::for_each_instruction;
use crate::ir::{
    ENCODED_OPCODES, Instr, OPCODE_SIZE, Opcode, Operand, base_opcode, pairs, reads_acc,
    writes_acc_only,
};

/// A handler: runs the instruction whose fields start at `ip`, then the rest of the code.
/// Arguments: instruction pointer, frame pointer, memory base, memory length, accumulator, the
/// cold state; all in registers on x86_64 and aarch64.
type Handler = for<'c, 'a> fn(*const u8, *mut u64, *mut u8, usize, u64, &'c mut Ctx<'a>) -> Exit;

/// Bytes of each instruction's fields (after its opcode field; a `BrTable`'s offsets not
/// included), by opcode.
#[cfg(kestrel_pair_stats)]
const FIELD_SIZES: [usize; Opcode::ALL.len()] = {
    macro_rules! field_sizes {
        ($( $(#[doc = $doc:literal])* $name:ident { $($field:ident : $fty:ident),* $(,)? } cost($cost:literal) $([$($relation:tt)*])? |$x:ident| $body:block )*) => {
            [$(<steps::$name as Step>::SIZE,)*]
        };
    }
    for_each_instruction!(field_sizes)
};

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
    let handler = if FUEL || EPOCH || cfg!(kestrel_pair_stats) {
        // Metered or interruptible code is not linked: its opcode field holds the opcode.
        // SAFETY: `ip` is at an instruction of code our encoder produced: an opcode that indexes
        // the handler table, followed by its fields.
        let op = unsafe { <u16 as Operand>::read(ip) };
        #[cfg(kestrel_pair_stats)]
        crate::interp::pair_stats::record(op, ip, FIELD_SIZES[base_opcode(op) as usize]);
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

/// The instruction an encoded (maybe accumulator-marked) opcode stands for.
fn opcode(raw: u16) -> Opcode {
    Opcode::from_u16(base_opcode(raw)).expect("the translator emits valid opcodes")
}

/// Links `code` for unmetered, uninterruptible threaded dispatch: writes the address of each
/// instruction's handler over its opcode field, so dispatching is one load and one jump. Where
/// an instruction and the next form a superinstruction ([`pairs`]) and nothing else leads to
/// the next one, the first gets the pair's handler.
pub(crate) fn link(code: &mut [u8], handler_targets: &[usize]) {
    let Layout {
        starts,
        raws,
        mut entered,
        branches,
    } = layout(code);
    for &target in handler_targets {
        if let Some(e) = entered.get_mut(target) {
            *e = true;
        }
    }
    let mut branch_at = branches.iter().copied().peekable();
    let raw_at = |index: usize| raws.get(index).copied();
    // How many instructions the handler linked at each instruction (by index) runs when none
    // branches away.
    let mut covers = vec![1u8; starts.len()];
    for (index, &pos) in starts.iter().enumerate() {
        let op = raws[index];
        let end = starts.get(index + 1).copied().unwrap_or(code.len());
        let mut handler = Handlers::<false, false>::TABLE[op as usize];
        // Jump superinstructions: this branch and the one or two instructions at its target.
        let mut jumps = Vec::new();
        let mut backward_target = None;
        if let Some((_, target)) = branch_at.next_if(|b| b.0 == index) {
            let raw = raws[target];
            if let Some(run) =
                raw_at(target + 1).and_then(|after| pairs::jump_triple_index(op, raw, after))
            {
                jumps.push((Handlers::<false, false>::JUMP_TRIPLES[run], 2));
            }
            let jump = pairs::jump_index(opcode(op), opcode(raw)).filter(|_| !reads_acc(raw));
            if let Some(jump) = jump {
                let variant = usize::from(reads_acc(op));
                jumps.push((Handlers::<false, false>::JUMPS[jump][variant], 1));
            }
            if target <= index {
                backward_target = Some(target);
            }
            // Unless a better one is found below (a forward branch is as likely to fall
            // through as not).
            if let Some(&(jump, _)) = jumps.first() {
                handler = jump;
            }
        }
        if let Some(target) = backward_target {
            // A loop's back edge: whichever handler makes the fewest dispatches per iteration
            // with the loop's handlers linked so far (the jumps first on a tie). Long loops
            // gain little from it: there the jumps are taken as they are.
            let plain = Handlers::<false, false>::TABLE[op as usize];
            let best = if index - target > MAX_SIMULATED_LOOP {
                jumps.first().copied()
            } else {
                jumps
                    .iter()
                    .copied()
                    .chain(std::iter::once((plain, 0)))
                    .min_by_key(|&(_, extra)| loop_dispatches(&covers, target, index, extra))
            };
            if let Some((best, _)) = best {
                handler = best;
            }
        } else if opcode(op) != Opcode::Br {
            let second = (end < code.len() && !entered[end]).then(|| raws[index + 1]);
            let third = starts
                .get(index + 2)
                .filter(|&&third| second.is_some() && !entered[third])
                .map(|_| raws[index + 2]);
            let triple = second
                .zip(third)
                .and_then(|(second, third)| pairs::triple_index(op, second, third));
            if let Some(triple) = triple {
                handler = Handlers::<false, false>::TRIPLES[triple];
                covers[index] = 3;
            } else if let Some(second) = second
                && let Some(pair) = pairs::pair_index(opcode(op), opcode(second))
            {
                let variant = usize::from(reads_acc(op))
                    | usize::from(writes_acc_only(op)) << 1
                    | usize::from(reads_acc(second)) << 2;
                handler = Handlers::<false, false>::PAIRS[pair][variant];
                covers[index] = 2;
            }
        }
        write_handler(code, pos, handler);
    }
    // Listed small loops whose only way in is their head run whole in its handler.
    for &(branch, target) in &branches {
        let len = (branch + 1).saturating_sub(target);
        if !(3..=pairs::MAX_LISTED_LOOP).contains(&len)
            || (target + 1..=branch).any(|k| entered[starts[k]])
        {
            continue;
        }
        let Some(index) = pairs::loop_index(&raws[target..=branch]) else {
            continue;
        };
        let handler = Handlers::<false, false>::LOOPS[index];
        let pos = starts[target];
        write_handler(code, pos, handler);
    }
}

/// Writes `handler`'s address over the whole opcode field at `pos` (all 8 bytes, also where
/// addresses are narrower, as `next` reads the field as a `u64`).
fn write_handler(code: &mut [u8], pos: usize, handler: Handler) {
    let addr = (handler as *const ()).expose_provenance() as u64;
    code[pos..pos + OPCODE_SIZE].copy_from_slice(&addr.to_le_bytes());
}

/// Loops longer than this (in instructions) are not simulated by [`loop_dispatches`].
const MAX_SIMULATED_LOOP: usize = 64;

/// What linking needs to know of unlinked code, read in one pass before linking overwrites
/// the opcodes.
struct Layout {
    /// Every instruction's position, in order.
    starts: Vec<usize>,
    /// Every instruction's encoded opcode.
    raws: Vec<u16>,
    /// For each position, whether control can arrive there other than by falling through
    /// from the instruction before: branch targets and the return address after each call.
    entered: Vec<bool>,
    /// Each `Br` or conditional branch (a branch table has several targets and is left out),
    /// in order: its index and its target's.
    branches: Vec<(usize, usize)>,
}

/// Reads `code`'s [`Layout`].
fn layout(code: &[u8]) -> Layout {
    let mut layout = Layout {
        starts: Vec::new(),
        raws: Vec::new(),
        entered: vec![false; code.len() + 1],
        branches: Vec::new(),
    };
    let mut branch_positions = Vec::new();
    let mark = |entered: &mut Vec<bool>, end: usize, offset: i32| {
        let target = end.checked_add_signed(offset as isize);
        if let Some(target) = target
            && let Some(e) = entered.get_mut(target)
        {
            *e = true;
        }
        target
    };
    let mut pos = 0;
    while pos < code.len() {
        let (instr, end, next) = decode_at(code, pos);
        layout.starts.push(pos);
        layout
            .raws
            .push(u16::from_le_bytes([code[pos], code[pos + 1]]));
        match instr {
            Instr::BrTable { len, .. } => {
                for i in 0..=len as usize {
                    let at = end + 4 * i;
                    let offset = i32::from_le_bytes(code[at..at + 4].try_into().expect("4 bytes"));
                    mark(&mut layout.entered, next, offset);
                }
            }
            Instr::Call { .. }
            | Instr::CallInternal { .. }
            | Instr::CallIndirect { .. }
            | Instr::CallRef { .. } => {
                mark(&mut layout.entered, next, 0);
            }
            _ => {
                if let Some(offset) = instr.branch_offset()
                    && let Some(target) = mark(&mut layout.entered, end, offset.0)
                {
                    branch_positions.push((layout.starts.len() - 1, target));
                }
            }
        }
        pos = next;
    }
    layout.branches = branch_positions
        .into_iter()
        .filter_map(|(index, target)| {
            let target = layout.starts.binary_search(&target).ok()?;
            Some((index, target))
        })
        .collect();
    layout
}

/// Dispatches over a few iterations of the loop from instruction `target` to the branch back
/// to it at instruction `branch` (indices), when the branch's handler also runs `extra`
/// instructions at the target and the loop's other handlers run `covers` instructions each.
/// Branches inside the loop are taken to fall through.
fn loop_dispatches(covers: &[u8], target: usize, branch: usize, extra: usize) -> usize {
    let (mut at, mut dispatches) = (target, 0);
    for _ in 0..8 {
        loop {
            dispatches += 1;
            if at == branch {
                at = target + extra;
                break;
            }
            let next = at + usize::from(covers[at]);
            if next > branch {
                // The branch ran inside this handler, whose dispatch is of the target.
                at = target;
                break;
            }
            at = next;
        }
        if at > branch {
            // The branch's handler ran the branch again at the end (a loop of one or two
            // instructions): it dispatches the target.
            at = target;
        }
    }
    dispatches
}

/// The instruction at `pos`, where its fields end, and where it ends (after its offset table,
/// for a `BrTable`).
fn decode_at(code: &[u8], pos: usize) -> (Instr, usize, usize) {
    let (instr, end) = Instr::decode(code, pos).expect("the translator emits whole instructions");
    match instr {
        Instr::BrTable { len, .. } => (instr, end, end + 4 * (len as usize + 1)),
        _ => (instr, end, end),
    }
}

/// The hot state for running one instruction: `ACC` says whether it reads the accumulator,
/// `store_result` whether it also stores its result to the frame.
#[inline(always)]
fn state<'c, 'a, const FUEL: bool, const EPOCH: bool, const ACC: bool>(
    (ip, fp, mem_base, mem_len, acc): (*const u8, *mut u64, *mut u8, usize, u64),
    store_result: bool,
    ctx: &'c mut Ctx<'a>,
) -> Exec<'c, 'a, FUEL, EPOCH, ACC> {
    Exec {
        ip,
        fp,
        mem_base,
        mem_len,
        acc,
        store_result,
        ctx,
    }
}

/// Dispatches the instruction at `exec.ip` with `exec`'s state (a tail call).
#[inline(always)]
fn continue_with<const FUEL: bool, const EPOCH: bool, const ACC: bool>(
    exec: Exec<'_, '_, FUEL, EPOCH, ACC>,
) -> Exit {
    let Exec {
        ip,
        fp,
        mem_base,
        mem_len,
        acc,
        ctx,
        ..
    } = exec;
    next::<FUEL, EPOCH>(ip, fp, mem_base, mem_len, acc, ctx)
}

impl<const FUEL: bool, const EPOCH: bool> Handlers<FUEL, EPOCH> {
    /// The handler of one instruction: its step (reading the accumulator if `ACC`, storing its
    /// result only there if `ACC_ONLY`), then the next instruction's handler.
    fn handler<S: Step, const ACC: bool, const ACC_ONLY: bool>(
        ip: *const u8,
        fp: *mut u64,
        mem_base: *mut u8,
        mem_len: usize,
        acc: u64,
        ctx: &mut Ctx<'_>,
    ) -> Exit {
        let exec = state::<FUEL, EPOCH, ACC>((ip, fp, mem_base, mem_len, acc), !ACC_ONLY, ctx);
        run_last::<S, FUEL, EPOCH, _>(exec)
    }

    /// The handler of a superinstruction: instruction `A` (reading the accumulator if `ACC_A`,
    /// storing its result only there if `ONLY_A`), then, unless `A` branched away, `B` (reading
    /// the accumulator if `ACC_B`; it always stores its result), which follows it, with no
    /// dispatch in between; `B`'s opcode field is skipped. For an `A` that never branches the
    /// check folds away.
    fn pair<A: Step, B: Step, const ACC_A: bool, const ONLY_A: bool, const ACC_B: bool>(
        ip: *const u8,
        fp: *mut u64,
        mem_base: *mut u8,
        mem_len: usize,
        acc: u64,
        ctx: &mut Ctx<'_>,
    ) -> Exit {
        let first = match step_through::<A, FUEL, EPOCH, ACC_A>(state(
            (ip, fp, mem_base, mem_len, acc),
            !ONLY_A,
            ctx,
        )) {
            Ok(first) => first,
            Err(exit) => return exit,
        };
        let second = following::<FUEL, EPOCH, _, ACC_B>(first, true);
        run_last::<B, FUEL, EPOCH, _>(second)
    }

    /// The handler of a three-instruction superinstruction: `A`, `B` and `C` in order, each
    /// reading the accumulator if its `ACC_` says so and `A` and `B` storing their results
    /// only there if their `ONLY_` does (`C` always stores); a branch taken by `A` or `B`
    /// leaves the rest to dispatch. `B`'s and `C`'s opcode fields are skipped.
    #[allow(clippy::too_many_arguments)]
    fn triple<
        A: Step,
        B: Step,
        C: Step,
        const ACC_A: bool,
        const ONLY_A: bool,
        const ACC_B: bool,
        const ONLY_B: bool,
        const ACC_C: bool,
    >(
        ip: *const u8,
        fp: *mut u64,
        mem_base: *mut u8,
        mem_len: usize,
        acc: u64,
        ctx: &mut Ctx<'_>,
    ) -> Exit {
        let first = match step_through::<A, FUEL, EPOCH, ACC_A>(state(
            (ip, fp, mem_base, mem_len, acc),
            !ONLY_A,
            ctx,
        )) {
            Ok(first) => first,
            Err(exit) => return exit,
        };
        let second = following::<FUEL, EPOCH, _, ACC_B>(first, !ONLY_B);
        let second = match step_through::<B, FUEL, EPOCH, ACC_B>(second) {
            Ok(second) => second,
            Err(exit) => return exit,
        };
        let third = following::<FUEL, EPOCH, _, ACC_C>(second, true);
        run_last::<C, FUEL, EPOCH, _>(third)
    }

    /// Where a `call_internal` continues when it ended with `Exit::SlowCall` (`ip` after its
    /// fields, the return address): makes the call of `ctx.pending_call` with every case
    /// handled, then runs the callee.
    fn call_out_of_line(
        ip: *const u8,
        fp: *mut u64,
        mem_base: *mut u8,
        mem_len: usize,
        acc: u64,
        ctx: &mut Ctx<'_>,
    ) -> Exit {
        let (def, base) = ctx.pending_call;
        let mut exec = state::<FUEL, EPOCH, false>((ip, fp, mem_base, mem_len, acc), true, ctx);
        match exec.call_internal_out_of_line(def, base) {
            Ok(()) => continue_with(exec),
            Err(exit) => exit,
        }
    }

    /// The handler of a jump superinstruction: branch `A` (reading the accumulator if `ACC_A`);
    /// if it is taken, the instruction `Z` at its target runs in the same handler (it never
    /// reads the accumulator; it always stores its result) and the one after `Z` is
    /// dispatched; if not, the next instruction is.
    fn jump<A: Step, Z: Step, const ACC_A: bool>(
        ip: *const u8,
        fp: *mut u64,
        mem_base: *mut u8,
        mem_len: usize,
        acc: u64,
        ctx: &mut Ctx<'_>,
    ) -> Exit {
        let exec = state::<FUEL, EPOCH, ACC_A>((ip, fp, mem_base, mem_len, acc), true, ctx);
        let exec = match taken::<A, FUEL, EPOCH, ACC_A>(exec) {
            Ok(exec) => exec,
            Err(exit) => return exit,
        };
        // `exec.ip` is now at the target's opcode field, `following` moves past it.
        run_last::<Z, FUEL, EPOCH, _>(following::<FUEL, EPOCH, _, false>(exec, true))
    }

    /// The handler of a jump superinstruction of three: as [`Self::jump`], and when the branch
    /// is taken the instruction after `Z` (`N`) runs too, unless `Z` branched away. `Z`
    /// stores its result only to the accumulator if `ONLY_Z`, and `N` reads it if `ACC_N`.
    fn jump_triple<
        A: Step,
        Z: Step,
        N: Step,
        const ACC_A: bool,
        const ONLY_Z: bool,
        const ACC_N: bool,
    >(
        ip: *const u8,
        fp: *mut u64,
        mem_base: *mut u8,
        mem_len: usize,
        acc: u64,
        ctx: &mut Ctx<'_>,
    ) -> Exit {
        let exec = state::<FUEL, EPOCH, ACC_A>((ip, fp, mem_base, mem_len, acc), true, ctx);
        let exec = match taken::<A, FUEL, EPOCH, ACC_A>(exec) {
            Ok(exec) => exec,
            Err(exit) => return exit,
        };
        let target = following::<FUEL, EPOCH, _, false>(exec, !ONLY_Z);
        let target = match step_through::<Z, FUEL, EPOCH, false>(target) {
            Ok(target) => target,
            Err(exit) => return exit,
        };
        run_last::<N, FUEL, EPOCH, _>(following::<FUEL, EPOCH, _, ACC_N>(target, true))
    }

    /// The handler of a listed small loop ([`crate::ir::pairs::LOOPS`]): its head `A` (storing
    /// its result only to the accumulator if `ONLY_A`), then `REST`, the other instructions and
    /// the branch back to `A`, all in this handler for as long as the branch is taken, with no
    /// dispatch per iteration. A branch out of the loop, the fall-through of the branch back or
    /// a trap ends it as in any superinstruction.
    fn small_loop<A: Step, const ONLY_A: bool, REST: LoopRest>(
        ip: *const u8,
        fp: *mut u64,
        mem_base: *mut u8,
        mem_len: usize,
        acc: u64,
        ctx: &mut Ctx<'_>,
    ) -> Exit {
        // The loop's head is a branch target: it never reads the accumulator.
        let mut exec = state::<FUEL, EPOCH, false>((ip, fp, mem_base, mem_len, acc), !ONLY_A, ctx);
        loop {
            let a = match step_through::<A, FUEL, EPOCH, false>(exec) {
                Ok(a) => a,
                Err(exit) => return exit,
            };
            let head = match REST::run(a) {
                Ok(head) => head,
                Err(exit) => return exit,
            };
            // Taken: `head.ip` is at `A`'s opcode field again.
            exec = following::<FUEL, EPOCH, _, false>(head, !ONLY_A);
        }
    }
}

/// The instructions of a listed small loop after its head, as a type: [`Then`] each one, then
/// [`Back`], the branch back to the head.
trait LoopRest {
    /// Runs the instructions from the one after `prev`'s, which just ran: the state at the
    /// loop's head if the branch back was taken; otherwise what the handler returns (a trap,
    /// or the dispatch of where the loop left to, in tail position once inlined).
    fn run<'c, 'a, const FUEL: bool, const EPOCH: bool, const FROM: bool>(
        prev: Exec<'c, 'a, FUEL, EPOCH, FROM>,
    ) -> Result<Exec<'c, 'a, FUEL, EPOCH, false>, Exit>;
}

/// Instruction `S` of a loop's body (reading the accumulator if `ACC`, storing its result only
/// there if `ONLY`), then `REST`.
struct Then<S, const ACC: bool, const ONLY: bool, REST>(std::marker::PhantomData<(S, REST)>);

/// The conditional branch `BR` back to a loop's head (reading the accumulator if `ACC`).
struct Back<BR, const ACC: bool>(std::marker::PhantomData<BR>);

impl<S: Step, const ACC: bool, const ONLY: bool, REST: LoopRest> LoopRest
    for Then<S, ACC, ONLY, REST>
{
    #[inline(always)]
    fn run<'c, 'a, const FUEL: bool, const EPOCH: bool, const FROM: bool>(
        prev: Exec<'c, 'a, FUEL, EPOCH, FROM>,
    ) -> Result<Exec<'c, 'a, FUEL, EPOCH, false>, Exit> {
        let exec = following::<FUEL, EPOCH, FROM, ACC>(prev, !ONLY);
        REST::run(step_through::<S, FUEL, EPOCH, ACC>(exec)?)
    }
}

impl<BR: Step, const ACC: bool> LoopRest for Back<BR, ACC> {
    #[inline(always)]
    fn run<'c, 'a, const FUEL: bool, const EPOCH: bool, const FROM: bool>(
        prev: Exec<'c, 'a, FUEL, EPOCH, FROM>,
    ) -> Result<Exec<'c, 'a, FUEL, EPOCH, false>, Exit> {
        let exec = following::<FUEL, EPOCH, FROM, ACC>(prev, true);
        let head = taken::<BR, FUEL, EPOCH, ACC>(exec)?;
        // At the head's opcode field, as `following` expects; the head reads no accumulator.
        Ok(state(
            (head.ip, head.fp, head.mem_base, head.mem_len, head.acc),
            true,
            head.ctx,
        ))
    }
}

/// Runs step `S` (the first or middle instruction of a superinstruction) on `exec`: its state
/// afterwards if it fell through to the next instruction; otherwise what the handler returns
/// (a trap, or the dispatch of the branch target, in tail position once inlined).
#[inline(always)]
fn step_through<'c, 'a, S: Step, const FUEL: bool, const EPOCH: bool, const ACC: bool>(
    mut exec: Exec<'c, 'a, FUEL, EPOCH, ACC>,
) -> Result<Exec<'c, 'a, FUEL, EPOCH, ACC>, Exit> {
    // SAFETY: `S`'s fields start at `exec.ip`.
    let fall_through = unsafe { exec.ip.add(S::SIZE) };
    S::step(&mut exec)?;
    if exec.ip != fall_through {
        return Err(continue_with(exec));
    }
    Ok(exec)
}

/// Runs branch `S` (the first instruction of a jump superinstruction) on `exec`: its state
/// afterwards, at the target's opcode field, if the branch was taken; otherwise what the
/// handler returns (a trap, or the dispatch of the next instruction, in tail position once
/// inlined).
#[inline(always)]
fn taken<'c, 'a, S: Step, const FUEL: bool, const EPOCH: bool, const ACC: bool>(
    mut exec: Exec<'c, 'a, FUEL, EPOCH, ACC>,
) -> Result<Exec<'c, 'a, FUEL, EPOCH, ACC>, Exit> {
    // SAFETY: `S`'s fields start at `exec.ip`.
    let fall_through = unsafe { exec.ip.add(S::SIZE) };
    S::step(&mut exec)?;
    if exec.ip == fall_through {
        return Err(continue_with(exec));
    }
    Ok(exec)
}

/// Runs step `S` (a handler's only or last instruction) on `exec`, then dispatches the next
/// instruction in tail position; a trap ends the handler instead.
#[inline(always)]
fn run_last<S: Step, const FUEL: bool, const EPOCH: bool, const ACC: bool>(
    mut exec: Exec<'_, '_, FUEL, EPOCH, ACC>,
) -> Exit {
    match S::step(&mut exec) {
        Ok(()) => continue_with(exec),
        Err(Exit::SlowCall) => {
            let Exec {
                ip,
                fp,
                mem_base,
                mem_len,
                acc,
                ctx,
                ..
            } = exec;
            Handlers::<FUEL, EPOCH>::call_out_of_line(ip, fp, mem_base, mem_len, acc, ctx)
        }
        Err(exit) => exit,
    }
}

/// The state for the instruction after the one `exec` just ran (or, in a jump
/// superinstruction, the one its branch arrived at), inside a superinstruction: past its
/// opcode field (which the superinstruction's handler stands in for).
#[inline(always)]
fn following<'c, 'a, const FUEL: bool, const EPOCH: bool, const FROM: bool, const ACC: bool>(
    exec: Exec<'c, 'a, FUEL, EPOCH, FROM>,
    store_result: bool,
) -> Exec<'c, 'a, FUEL, EPOCH, ACC> {
    // SAFETY: `exec.ip` is at the next instruction's opcode field (linked only where it
    // follows, or the branch target just reached); its fields come after it.
    let ip = unsafe { exec.ip.add(OPCODE_SIZE) };
    state(
        (ip, exec.fp, exec.mem_base, exec.mem_len, exec.acc),
        store_result,
        exec.ctx,
    )
}

macro_rules! define_handlers {
    ($( $(#[doc = $doc:literal])* $name:ident { $($field:ident : $fty:ident),* $(,)? } cost($cost:literal) $([$($relation:tt)*])? |$x:ident| $body:block )*) => {
        impl<const FUEL: bool, const EPOCH: bool> Handlers<FUEL, EPOCH> {
            /// Handlers by encoded opcode: each instruction, then each instruction reading the
            /// accumulator ([`crate::ir::ACC_OPCODES`]), then both again writing their result
            /// only to the accumulator ([`crate::ir::ACC_ONLY_OPCODES`]). Instructions without
            /// a single result never carry the second mark, nor those reading no `Slot` the
            /// first (the v128 ones), so their plain handlers stand there and no copy of them
            /// is compiled.
            const TABLE: [Handler; ENCODED_OPCODES] = [
                $(Self::handler::<steps::$name, false, false>,)*
                $(if Opcode::$name.reads_slot() {
                    Self::handler::<steps::$name, true, false>
                } else {
                    Self::handler::<steps::$name, false, false>
                },)*
                $(match (Opcode::$name.reads_slot(), Opcode::$name.single_result()) {
                    (_, true) => Self::handler::<steps::$name, false, true>,
                    _ => Self::handler::<steps::$name, false, false>,
                },)*
                $(match (Opcode::$name.reads_slot(), Opcode::$name.single_result()) {
                    (true, true) => Self::handler::<steps::$name, true, true>,
                    (true, false) => Self::handler::<steps::$name, true, false>,
                    (false, true) => Self::handler::<steps::$name, false, true>,
                    (false, false) => Self::handler::<steps::$name, false, false>,
                },)*
            ];
        }
    };
}

for_each_instruction!(define_handlers);

macro_rules! define_pair_handlers {
    ($( ($a:ident, $b:ident) )*) => {
        impl<const FUEL: bool, const EPOCH: bool> Handlers<FUEL, EPOCH> {
            /// Superinstruction handlers in [`crate::ir::pairs::PAIRS`] order, each in eight
            /// versions: index bit 0 set if the first instruction reads the accumulator, bit 1
            /// if it writes its result only there (for a first instruction without a single
            /// result that mark never occurs, and the storing version stands there), bit 2 if
            /// the second reads the accumulator.
            // Read only by `link`, which indexes it; the optimiser keeps it in read-only data.
            #[allow(clippy::large_const_arrays)]
            const PAIRS: [[Handler; 8]; crate::ir::pairs::PAIRS.len()] = [
                $([
                    Self::pair::<steps::$a, steps::$b, false, false, false>,
                    Self::pair::<steps::$a, steps::$b, true, false, false>,
                    Self::pair::<steps::$a, steps::$b, false, { Opcode::$a.single_result() }, false>,
                    Self::pair::<steps::$a, steps::$b, true, { Opcode::$a.single_result() }, false>,
                    Self::pair::<steps::$a, steps::$b, false, false, true>,
                    Self::pair::<steps::$a, steps::$b, true, false, true>,
                    Self::pair::<steps::$a, steps::$b, false, { Opcode::$a.single_result() }, true>,
                    Self::pair::<steps::$a, steps::$b, true, { Opcode::$a.single_result() }, true>,
                ],)*
            ];
        }
    };
}

crate::ir::pairs::for_each_pair!(define_pair_handlers);

macro_rules! define_triple_handlers {
    ($( ($a:ident / $fa:literal, $b:ident / $fb:literal, $c:ident / $fc:literal) )*) => {
        impl<const FUEL: bool, const EPOCH: bool> Handlers<FUEL, EPOCH> {
            /// Three-instruction superinstruction handlers in [`crate::ir::pairs::TRIPLES`]
            /// order, each for its exact encoded forms.
            const TRIPLES: [Handler; crate::ir::pairs::TRIPLES.len()] = [$(
                Self::triple::<
                    steps::$a,
                    steps::$b,
                    steps::$c,
                    { $fa & 1 != 0 },
                    { $fa & 2 != 0 },
                    { $fb & 1 != 0 },
                    { $fb & 2 != 0 },
                    { $fc & 1 != 0 },
                >,
            )*];
        }
    };
}

crate::ir::pairs::for_each_triple!(define_triple_handlers);

macro_rules! define_jump_handlers {
    ($( ($a:ident, $b:ident) )*) => {
        impl<const FUEL: bool, const EPOCH: bool> Handlers<FUEL, EPOCH> {
            /// Jump superinstruction handlers in [`crate::ir::pairs::JUMPS`] order, each in two
            /// versions: index 1 if the branch reads the accumulator.
            const JUMPS: [[Handler; 2]; crate::ir::pairs::JUMPS.len()] = [
                $([Self::jump::<steps::$a, steps::$b, false>, Self::jump::<steps::$a, steps::$b, true>],)*
            ];
        }
    };
}

crate::ir::pairs::for_each_jump!(define_jump_handlers);

macro_rules! define_jump_triple_handlers {
    ($( ($a:ident / $fa:literal, $b:ident / $fb:literal, $c:ident / $fc:literal) )*) => {
        impl<const FUEL: bool, const EPOCH: bool> Handlers<FUEL, EPOCH> {
            /// Jump superinstruction handlers of three in
            /// [`crate::ir::pairs::JUMP_TRIPLES`] order, each for its exact encoded forms.
            const JUMP_TRIPLES: [Handler; crate::ir::pairs::JUMP_TRIPLES.len()] = [$(
                Self::jump_triple::<
                    steps::$a,
                    steps::$b,
                    steps::$c,
                    { $fa & 1 != 0 },
                    { $fb & 2 != 0 },
                    { $fc & 1 != 0 },
                >,
            )*];
        }
    };
}

crate::ir::pairs::for_each_jump_triple!(define_jump_triple_handlers);

/// The type of a listed loop's instructions after its head ([`LoopRest`]).
macro_rules! loop_rest {
    ($br:ident / $fbr:literal) => {
        Back<steps::$br, { $fbr & 1 != 0 }>
    };
    ($op:ident / $form:literal, $($rest:tt)*) => {
        Then<steps::$op, { $form & 1 != 0 }, { $form & 2 != 0 }, loop_rest!($($rest)*)>
    };
}

macro_rules! define_loop_handlers {
    ($( ($head:ident / $fhead:literal, $($rest:tt)*) )*) => {
        impl<const FUEL: bool, const EPOCH: bool> Handlers<FUEL, EPOCH> {
            /// Loop handlers in [`crate::ir::pairs::LOOPS`] order.
            const LOOPS: [Handler; crate::ir::pairs::LOOPS.len()] = [$(
                Self::small_loop::<steps::$head, { $fhead & 2 != 0 }, loop_rest!($($rest)*)>,
            )*];
        }
    };
}

crate::ir::pairs::for_each_loop!(define_loop_handlers);

#[cfg(test)]
mod tests {
    use super::{Handlers, link};
    use crate::ir::{Instr, Opcode, pairs};

    /// A store with `wat` instantiated, and its export `name`.
    fn typed_func<P: crate::WasmParams, R: crate::WasmResults>(
        wat: &str,
        name: &str,
    ) -> (crate::Store<()>, crate::TypedFunc<P, R>) {
        let (mut store, instance) = instantiate(wat);
        let func = instance
            .get_typed_func::<P, R>(&mut store, name)
            .expect("exported");
        (store, func)
    }

    /// A store with `wat` instantiated in it.
    fn instantiate(wat: &str) -> (crate::Store<()>, crate::Instance) {
        let engine = crate::Engine::default();
        let module = crate::Module::new(&engine, wat).expect("compiles");
        let mut store = crate::Store::new(&engine, ());
        let instance = crate::Linker::new(&engine)
            .instantiate(&mut store, &module)
            .expect("instantiates");
        (store, instance)
    }

    /// Checks that linking `wat` gave the instruction at field index `head` the handler of the
    /// listed loop made of it and the `len - 1` instructions after it.
    fn assert_loop_linked(wat: &str, head: usize, len: usize) {
        let (fields, listing) = linked(wat);
        let func = unlinked(wat);
        let raw = |pos: usize| u16::from_le_bytes([func.code[pos], func.code[pos + 1]]);
        let body: Vec<u16> = fields[head..head + len].iter().map(|f| raw(f.1)).collect();
        let index = pairs::loop_index(&body)
            .unwrap_or_else(|| panic!("not a listed loop of {len}:\n{listing}"));
        let expected = Handlers::<false, false>::LOOPS[index] as *const () as usize;
        assert_eq!(fields[head].2, expected, "{listing}");
    }

    /// `wat`'s first function, translated and not linked.
    fn unlinked(wat: &str) -> crate::ir::CompiledFunc {
        let info = crate::module::decode::decode(
            wat::parse_str(wat).expect("wat").into(),
            &crate::Engine::default(),
        )
        .expect("decodes");
        crate::translate::translate_unlinked(&info, 0).expect("translates")
    }

    /// The linked opcode fields of `wat`'s first function, with its disassembly: each
    /// instruction's opcode, where it starts and the handler address linking wrote there.
    fn linked(wat: &str) -> (Vec<(Opcode, usize, usize)>, String) {
        let func = unlinked(wat);
        let mut linked = func.code.to_vec();
        link(&mut linked, &[]);
        let mut fields = Vec::new();
        let mut pos = 0;
        while let Some((instr, end)) = Instr::decode(&func.code, pos) {
            let field: [u8; 8] = linked[pos..pos + 8].try_into().expect("8 bytes");
            fields.push((instr.opcode(), pos, u64::from_le_bytes(field) as usize));
            pos = end;
        }
        (fields, func.disassemble())
    }

    /// Linking gives the first of three instructions listed as a triple (in their exact
    /// forms) the triple's handler, and the triple runs all three.
    #[test]
    fn link_fuses_a_listed_triple() {
        let wat = r#"(module (func (export "sum") (param i32 i32) (result i32) (local i32)
            (loop
              (local.set 2 (i32.add (local.get 2) (local.get 1)))
              (local.set 0 (i32.add (local.get 0) (i32.const -2)))
              (br_if 0 (i32.gt_u (local.get 0) (i32.const 1))))
            (local.get 2)))"#;
        let (fields, listing) = linked(wat);
        let add = fields
            .iter()
            .position(|f| f.0 == Opcode::I32Add)
            .expect("an add");
        let raw = |op: Opcode, reads_acc| crate::ir::marked_opcode(op, reads_acc, false);
        let triple = pairs::triple_index(
            raw(Opcode::I32Add, false),
            raw(Opcode::I32AddImm, false),
            raw(Opcode::BrIfI32GtUImm, true),
        )
        .expect("a listed triple");
        let expected = Handlers::<false, false>::TRIPLES[triple] as *const () as usize;
        assert_eq!(fields[add].2, expected, "{listing}");

        let (mut store, sum) = typed_func::<(i32, i32), i32>(wat, "sum");
        // 100 → 98 → ... → 2 → 0: the loop body runs 50 times.
        assert_eq!(sum.call(&mut store, (100, 3)).expect("runs"), 150);
    }

    /// A listed pair whose second instruction is a branch target (here a loop's first
    /// instruction) is not fused: the loop's back edge must find the second's own handler.
    #[test]
    fn link_does_not_fuse_into_a_branch_target() {
        let (fields, listing) = linked(
            r#"(module (memory 1) (func (param i32) (result i32)
                (local.set 0 (i32.add (local.get 0) (i32.const 4)))
                (loop (br_if 0 (i32.load (local.get 0))))
                (local.get 0)))"#,
        );
        assert!(pairs::pair_index(Opcode::I32AddImm, Opcode::I32Load).is_some());
        let (op, _, handler) = fields[0];
        assert_eq!(
            (op, fields[1].0),
            (Opcode::I32AddImm, Opcode::I32Load),
            "{listing}"
        );
        let plain = Handlers::<false, false>::TABLE[Opcode::I32AddImm as usize];
        assert_eq!(handler, plain as *const () as usize, "{listing}");
    }

    /// Linking gives an instruction followed by one reading its result the pair's handler
    /// (here the loop counter's increment and the loop's compare-and-branch), and the pair runs
    /// both.
    #[test]
    fn link_fuses_a_listed_pair() {
        let wat = r#"(module (func (export "count") (param i32) (result i32) (local i32)
            (loop (br_if 0 (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 1)))
                                   (local.get 0))))
            (local.get 1)))"#;
        let func = unlinked(wat);
        let mut linked = func.code.to_vec();
        link(&mut linked, &[]);
        let (mut pos, mut found) = (0, false);
        while let Some((instr, end)) = Instr::decode(&func.code, pos) {
            if instr.opcode() == Opcode::I32AddImm {
                let pair =
                    pairs::pair_index(Opcode::I32AddImm, Opcode::BrIfI32Ne).expect("a listed pair");
                // The branch reads the counter from the accumulator: variant 4.
                let expected = Handlers::<false, false>::PAIRS[pair][4] as *const () as usize;
                let field: [u8; 8] = linked[pos..pos + 8].try_into().expect("8 bytes");
                assert_eq!(
                    u64::from_le_bytes(field) as usize,
                    expected,
                    "{}",
                    func.disassemble()
                );
                found = true;
            }
            pos = end;
        }
        assert!(found, "{}", func.disassemble());

        let (mut store, count) = typed_func::<i32, i32>(wat, "count");
        assert_eq!(count.call(&mut store, 1000).expect("runs"), 1000);
    }
    /// Linking gives an unconditional branch and a backward conditional branch whose target
    /// starts with a listed instruction the jump superinstruction's handler, and both loops
    /// run to the right count through them.
    #[test]
    fn link_fuses_a_branch_with_its_target() {
        let wat = r#"(module (func (export "count") (param i32) (result i32) (local i32)
            (block (loop
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br_if 1 (i32.eq (local.get 1) (local.get 0)))
              (br 0)))
            (loop
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br_if 0 (i32.ne (local.get 1) (i32.mul (local.get 0) (i32.const 3)))))
            (local.get 1)))"#;
        let (fields, listing) = linked(wat);
        let func = unlinked(wat);
        let mut fused = Vec::new();
        for &(op, pos, handler) in &fields {
            let (instr, end) = Instr::decode(&func.code, pos).expect("decodes");
            let Some(offset) = instr.branch_offset() else {
                continue;
            };
            let target = end
                .checked_add_signed(offset.0 as isize)
                .expect("in the code");
            let target_op = fields
                .iter()
                .find(|f| f.1 == target)
                .expect("an instruction")
                .0;
            let Some(jump) = pairs::jump_index(op, target_op) else {
                continue;
            };
            let raw = u16::from_le_bytes([func.code[pos], func.code[pos + 1]]);
            let acc = usize::from(crate::ir::reads_acc(raw));
            let expected = Handlers::<false, false>::JUMPS[jump][acc] as *const () as usize;
            assert_eq!(handler, expected, "{op:?} at {pos}\n{listing}");
            fused.push(op);
        }
        assert!(fused.contains(&Opcode::Br), "{listing}");
        assert!(fused.contains(&Opcode::BrIfI32Ne), "{listing}");

        let (mut store, count) = typed_func::<i32, i32>(wat, "count");
        assert_eq!(count.call(&mut store, 1000).expect("runs"), 3000);
    }

    /// At a loop's back edge, link counts dispatches per iteration: a branch that also runs
    /// instructions at its target saves them only where the loop's handlers land on it.
    #[test]
    fn loop_dispatches_follow_the_linked_handlers() {
        // Four single handlers, the branch last: 4 dispatches an iteration, fewer when the
        // branch runs one or two of them at its target (after a first full iteration).
        assert_eq!(super::loop_dispatches(&[1, 1, 1, 1], 0, 3, 0), 8 * 4);
        assert_eq!(super::loop_dispatches(&[1, 1, 1, 1], 0, 3, 1), 4 + 7 * 3);
        assert_eq!(super::loop_dispatches(&[1, 1, 1, 1], 0, 3, 2), 4 + 7 * 2);
        // A triple at the loop's head leads straight to the branch: 2 an iteration; running the
        // head at the branch would break that chain (3 an iteration).
        assert_eq!(super::loop_dispatches(&[3, 1, 1, 1], 0, 3, 0), 8 * 2);
        assert_eq!(super::loop_dispatches(&[3, 1, 1, 1], 0, 3, 1), 2 + 7 * 3);
        // A pair ending in the branch: the branch's own handler never runs.
        assert_eq!(super::loop_dispatches(&[1, 1, 2, 1], 0, 3, 0), 8 * 3);
        assert_eq!(super::loop_dispatches(&[1, 1, 2, 1], 0, 3, 1), 8 * 3);
    }

    /// A listed jump superinstruction of three at a loop's back edge: the branch, and the two
    /// instructions at the loop's head, run in one handler, and the loop gets the right result.
    #[test]
    fn link_fuses_a_branch_with_two_target_instructions() {
        let wat = r#"(module (func (export "f") (param i32) (result i32) (local i32 i32)
            (loop
              (local.set 2 (i32.add (local.get 2) (i32.const 3)))
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (local.set 2 (i32.and (local.get 2) (i32.const 255)))
              (br_if 0 (i32.ne (i32.mul (local.get 1) (i32.const 2)) (local.get 0))))
            (local.get 2)))"#;
        let (fields, listing) = linked(wat);
        let func = unlinked(wat);
        let raw = |pos: usize| u16::from_le_bytes([func.code[pos], func.code[pos + 1]]);
        let branch = fields
            .iter()
            .find(|f| f.0 == Opcode::BrIfI32Ne)
            .expect("a branch");
        let run = pairs::jump_triple_index(raw(branch.1), raw(fields[0].1), raw(fields[1].1))
            .unwrap_or_else(|| panic!("not a listed jump superinstruction of three:\n{listing}"));
        let expected = Handlers::<false, false>::JUMP_TRIPLES[run] as *const () as usize;
        assert_eq!(branch.2, expected, "{listing}");

        let (mut store, f) = typed_func::<i32, i32>(wat, "f");
        let expected = (0..1000).fold(0, |x, _| (x + 3) & 255);
        assert_eq!(f.call(&mut store, 2000).expect("runs"), expected);
    }

    /// Calls leave the inline path (`Exit::SlowCall`) for a callee's first translation, for
    /// more locals than are zeroed inline and when the stacks must grow (deep recursion); the
    /// results are the same either way, and locals start at zero on every call.
    /// A listed loop of four (the sieve's inner loop) gets the loop handler at its head, runs
    /// every iteration in it, leaves through the branch's fall-through, and a trap inside it
    /// ends the call with the stores before it done.
    #[test]
    fn link_runs_a_listed_loop_in_one_handler() {
        let wat = r#"(module (memory (export "m") 1)
          (func (export "f") (param $p i32) (param $step i32) (param $stepl i64) (param $n i64)
            (result i64) (local $j i64)
            (loop $l
              (i32.store8 (local.get $p) (i32.const 1))
              (local.set $p (i32.add (local.get $p) (local.get $step)))
              (br_if $l (i64.le_u (local.tee $j (i64.add (local.get $j) (local.get $stepl)))
                (local.get $n))))
            (local.get $j)))"#;
        let (fields, _) = linked(wat);
        let head = fields
            .iter()
            .position(|f| f.0 == Opcode::Store8Imm)
            .expect("the store");
        assert_loop_linked(wat, head, 4);

        let (mut store, instance) = instantiate(wat);
        let f = instance
            .get_typed_func::<(i32, i32, i64, i64), i64>(&mut store, "f")
            .expect("exported");
        let memory = instance.get_memory(&mut store, "m").expect("memory");
        // Stores at 10, 13, ...; the branch back is taken while j = 3, 6, ... is at most 30:
        // eleven iterations, the last leaving with j = 33.
        assert_eq!(f.call(&mut store, (10, 3, 3, 30)).expect("runs"), 33);
        let data = memory.data(&store);
        assert!((0..11).all(|k| data[10 + 3 * k] == 1) && data[43] == 0 && data[11] == 0);
        // From 65530 in steps of 4 the third store is out of bounds.
        let err = f.call(&mut store, (65_530, 4, 1, 1000)).expect_err("traps");
        assert_eq!(err.trap_code(), Some(crate::TrapCode::MemoryOutOfBounds));
        let data = memory.data(&store);
        assert_eq!((data[65_530], data[65_534]), (1, 1));
    }

    /// A loop of five (coremark's list reversal): linked as listed, it reverses the list, and a
    /// load out of bounds in mid-loop traps with the earlier iterations' stores done.
    #[test]
    fn link_runs_a_listed_loop_of_five() {
        let wat = r#"(module (memory (export "m") 1)
          (func (export "reverse") (param $cur i32) (result i32) (local $node i32) (local $rev i32)
            (loop $l
              (local.set $node (local.get $cur))
              (local.set $cur (i32.load (local.get $node)))
              (i32.store (local.get $node) (local.get $rev))
              (local.set $rev (local.get $node))
              (br_if $l (local.get $cur)))
            (local.get $rev)))"#;
        assert_loop_linked(wat, 0, 5);

        let (mut store, instance) = instantiate(wat);
        let reverse = instance
            .get_typed_func::<i32, i32>(&mut store, "reverse")
            .expect("exported");
        let memory = instance.get_memory(&mut store, "m").expect("memory");
        let next = |store: &crate::Store<()>, at: usize| {
            let data = memory.data(store);
            u32::from_le_bytes(data[at..at + 4].try_into().expect("four bytes"))
        };
        // The list 100 -> 200 -> 300 becomes 300 -> 200 -> 100.
        for (node, to) in [(100u32, 200u32), (200, 300), (300, 0)] {
            memory
                .write(&mut store, node as usize, &to.to_le_bytes())
                .expect("in bounds");
        }
        assert_eq!(reverse.call(&mut store, 100).expect("runs"), 300);
        let links: Vec<u32> = [100, 200, 300].iter().map(|&n| next(&store, n)).collect();
        assert_eq!(links, [0, 100, 200]);
        // 300 -> 200 -> 100 -> 70000: the load at 70000 traps in the fourth iteration, after
        // the third stored 200 at 100.
        memory
            .write(&mut store, 100, &70_000u32.to_le_bytes())
            .expect("in bounds");
        let err = reverse.call(&mut store, 300).expect_err("traps");
        assert_eq!(err.trap_code(), Some(crate::TrapCode::MemoryOutOfBounds));
        let links: Vec<u32> = [100, 200, 300].iter().map(|&n| next(&store, n)).collect();
        assert_eq!(links, [200, 300, 0]);
    }

    #[test]
    fn calls_out_of_line_and_inline_agree() {
        let wat = r#"(module
            (func $many (param i32) (result i32)
                (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
              ;; Every local must read zero, even where the last call left values.
              (local.set 0 (i32.add (local.get 0)
                (i32.add (i32.add (local.get 1) (local.get 5)) (local.get 10))))
              (local.set 1 (i32.const 7)) (local.set 5 (i32.const 7)) (local.set 10 (i32.const 7))
              (local.get 0))
            (func $few (param i32) (result i32) (local i32)
              (local.set 0 (i32.add (local.get 0) (local.get 1)))
              (local.set 1 (i32.const 9))
              (local.get 0))
            (func $deep (param i32) (result i32)
              (if (result i32) (i32.eqz (local.get 0))
                (then (i32.const 0))
                (else (i32.add (i32.const 1)
                  (call $deep (i32.sub (local.get 0) (i32.const 1)))))))
            (func (export "run") (param i32) (result i32)
              (i32.add
                (i32.add (call $many (local.get 0)) (call $many (local.get 0)))
                (i32.add (i32.add (call $few (local.get 0)) (call $few (local.get 0)))
                  (call $deep (local.get 0))))))"#;
        let (mut store, run) = typed_func::<i32, i32>(wat, "run");
        for n in [1, 3, 2000, 5] {
            assert_eq!(run.call(&mut store, n).expect("runs"), 5 * n, "n = {n}");
        }
    }

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
