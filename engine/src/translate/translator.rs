//! The translator proper: one method per kind of wasm operator, turning the operand stack of
//! providers into three-address register instructions as it goes.
//!
//! Invariants:
//! - the operand stack holds cells: a v128 value is two entries (its low half first), each
//!   with type `V128`, always pushed, popped, copied and materialized together, so a value's
//!   entries are in consecutive slots whatever provides them; heights and counts of values
//!   (block parameters and results, call arguments) are counted in cells;
//! - a `Temp` operand at stack index `i` lives in slot `first_temp + i`;
//! - a block's parameters and results, a loop's parameters and a call's arguments are in their
//!   positional temporaries whenever control can reach them from elsewhere;
//! - at every block, loop and if entry no operand is a `Local` provider (they are copied to
//!   their temporaries first), so a `local.set` on one path cannot change what an older
//!   operand means on another;
//! - `local.set x` copies every older `Local(x)` operand to its temporary before writing `x`;
//! - code that only runs on one path (branch values, return sequences) never changes the
//!   providers, since the other path did not run it;
//! - unreachable code (after `br`, `br_table`, `return`, `unreachable`) emits nothing;
//! - in a module with a memory, the cell after the locals is a hidden local that is zeroed on
//!   entry and never written: a load or store at a constant address uses it as its address
//!   slot and carries the whole address in its offset.

use super::compare::{CONSTANT, Cond};
use super::control::{ControlFrame, FrameKind, Patch};
use super::operand_stack::{Operand, Provider};
use crate::error::CompileError;
use crate::ir::{
    ACC_ONLY_OPCODES, BranchOffset, CatchKind, Handler, Instr, OPCODE_SIZE, Opcode, Slot,
    marked_opcode, reads_acc, writes_acc_only,
};
use crate::module::ModuleInfo;
use crate::simd::{self, V128};
use crate::value::{ValType, cells_of};
use wasmparser::{BlockType, Operator};

mod atomic;

/// The last instruction emitted, if it produced the operand on top of the stack: its result
/// can be retargeted by a following `local.set`, and a comparison can be fused into a following
/// branch.
#[derive(Debug, Clone, Copy)]
struct LastResult {
    /// Where the instruction starts.
    start: usize,
    /// Where it ends (it is the last one only while the code still ends here).
    end: usize,
    /// Stack index of the operand it produced.
    index: usize,
    /// The condition it computes, if it is a comparison or `eqz`.
    cond: Option<Cond>,
}

/// What an instruction being emitted does to the operands it reads, as the operator
/// translating it knows: whether it is their last reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operands {
    /// The operator popped them (or the instruction leaves the function): no later
    /// instruction, on any path, reads their slots again before writing them. A temporary the
    /// previous instruction produced and this one reads from the accumulator then needs no
    /// frame store, and the previous instruction is marked so ([`ACC_ONLY_OPCODES`]).
    Popped,
    /// They stay on the operand stack, or are read outside of it (block results and branch
    /// values copied on one path, `local.tee`, materialization): their slots must hold them.
    Kept,
}

/// The last instruction emitted, as [`Translator::previous`] finds it.
#[derive(Clone, Copy)]
struct Previous {
    /// Where it starts.
    start: usize,
    /// Whether its opcode is marked as reading the accumulator.
    marked: bool,
    /// The instruction.
    instr: Instr,
}

/// Translation state of one function body.
pub struct Translator<'a> {
    info: &'a ModuleInfo,
    /// The code emitted so far.
    pub code: Vec<u8>,
    stack: Vec<Operand>,
    /// Types of the parameters and declared locals.
    locals: Vec<ValType>,
    /// The slot of each parameter and declared local (a v128 takes two cells).
    local_slots: Vec<u16>,
    /// Cells of the parameters.
    params: usize,
    /// First temporary slot (parameters + locals, + the zero slot).
    first_temp: usize,
    /// The hidden always-zero local, in modules with a memory.
    zero_slot: Option<Slot>,
    /// The function's pooled v128 constants and their first slots (after the zero slot),
    /// written once on entry.
    pool: Vec<(u128, Slot)>,
    /// Highest operand stack height seen.
    max_height: usize,
    control: Vec<ControlFrame<'a>>,
    /// Whether the current position can be reached.
    reachable: bool,
    last: Option<LastResult>,
    /// Where the last two instructions emitted start and end (the most recent last).
    recent: [Option<(usize, usize)>; 2],
    /// The last branch target bound; the accumulator holds nothing known there.
    acc_barrier: usize,
    /// Result types of the function.
    results: &'a [ValType],
    /// Number of `Local` operands on the stack (skips hazard scans when zero).
    local_operands: usize,
    /// Number of `Local(n)` operands on the stack, per local slot `n`.
    local_refs: Vec<u32>,
    /// Whether the final `end` was translated.
    pub finished: bool,
    /// Exception handlers: the catch clauses of the `try_table`s translated so far.
    pub handlers: Vec<Handler>,
    /// Handlers whose label is the function's: they continue at a `Return` emitted after the
    /// body (their values are written straight to the result cells).
    return_handlers: Vec<usize>,
}

fn invalid(msg: &str) -> CompileError {
    CompileError::invalid(msg, None)
}

/// A constant that fits in the low 32 bits is written with `Const32`.
fn const_instr(dst: Slot, bits: u64) -> Instr {
    if bits >> 32 == 0 {
        Instr::Const32 {
            dst,
            value: bits as u32,
        }
    } else {
        Instr::Const64 { dst, value: bits }
    }
}

impl<'a> Translator<'a> {
    /// A translator for a function of type `params -> results` with `locals` (parameters
    /// first).
    pub fn new(
        info: &'a ModuleInfo,
        params: usize,
        locals: Vec<ValType>,
        results: &'a [ValType],
        v128_pool: &[u128],
    ) -> Self {
        let mut local_slots = Vec::with_capacity(locals.len());
        let mut cells = 0;
        for ty in &locals {
            local_slots.push(cells as u16);
            cells += ty.cells();
        }
        let param_cells = cells_of(&locals[..params]);
        let zero_slot = (!info.memories.is_empty()).then_some(Slot(cells as u16));
        let pool_base = cells + usize::from(zero_slot.is_some());
        let pool: Vec<(u128, Slot)> = v128_pool
            .iter()
            .enumerate()
            .map(|(i, bits)| (*bits, Slot((pool_base + 2 * i) as u16)))
            .collect();
        let first_temp = pool_base + 2 * pool.len();
        let local_refs = vec![0; cells];
        let mut t = Translator {
            info,
            code: Vec::new(),
            stack: Vec::new(),
            locals,
            local_slots,
            params: param_cells,
            first_temp,
            zero_slot,
            pool,
            max_height: 0,
            control: Vec::new(),
            reachable: true,
            last: None,
            recent: [None; 2],
            acc_barrier: 0,
            results,
            local_operands: 0,
            local_refs,
            finished: false,
            handlers: Vec::new(),
            return_handlers: Vec::new(),
        };
        t.control
            .push(ControlFrame::new(FrameKind::Function, &[], results, 0));
        for (value, dst) in t.pool.clone() {
            t.emit(Instr::V128Const { dst, value }, Operands::Kept);
        }
        t
    }

    /// Hidden locals after the declared ones, zeroed on entry like them: the zero slot and the
    /// pooled v128 constants (written right after).
    pub fn hidden_locals(&self) -> usize {
        usize::from(self.zero_slot.is_some()) + 2 * self.pool.len()
    }

    /// The address slot and offset of a memory access whose address operand is at `index`:
    /// a constant address folds into the offset (with the zero slot) when the sum fits.
    fn address(&mut self, index: usize, offset: u32) -> (Slot, u32) {
        if let (Provider::Imm(c), Some(zero)) = (self.stack[index].provider, self.zero_slot)
            && let Ok(folded) = u32::try_from(u64::from(c as u32) + u64::from(offset))
        {
            return (zero, folded);
        }
        (self.read_slot(index), offset)
    }

    /// Cells the frame needs.
    pub fn frame_size(&self) -> usize {
        (self.first_temp + self.max_height)
            .max(cells_of(self.results))
            .max(self.params)
    }

    // ----- slots and operands -----

    fn temp_slot(&self, index: usize) -> Slot {
        Slot((self.first_temp + index) as u16)
    }

    /// The slot an operand is read from, if it is not a constant.
    fn slot_of(&self, index: usize) -> Option<Slot> {
        match self.stack[index].provider {
            Provider::Local(l) => Some(Slot(l)),
            Provider::Temp => Some(self.temp_slot(index)),
            Provider::Imm(_) => None,
        }
    }

    fn push(&mut self, op: Operand) {
        if let Provider::Local(l) = op.provider {
            self.count_local(l, true);
        }
        self.stack.push(op);
        self.max_height = self.max_height.max(self.stack.len());
    }

    /// Pushes a temporary of type `ty`: one entry, or two for a v128.
    fn push_temp(&mut self, ty: ValType) {
        for _ in 0..ty.cells() {
            self.push(Operand::temp(ty));
        }
    }

    /// Pushes temporaries of `types` (block results, call results).
    fn push_temps(&mut self, types: &[ValType]) {
        for ty in types {
            self.push_temp(*ty);
        }
    }

    /// Pops the value on top: one entry, or the two of a v128.
    fn pop_value(&mut self) -> Result<Operand, CompileError> {
        let op = self.pop()?;
        if op.ty.cells() == 2 {
            self.pop()?;
        }
        Ok(op)
    }

    fn pop(&mut self) -> Result<Operand, CompileError> {
        let frame_height = self.control.last().map_or(0, |f| f.height);
        if self.stack.len() <= frame_height {
            return Err(invalid("type mismatch: operand stack underflow"));
        }
        let op = self
            .stack
            .pop()
            .ok_or_else(|| invalid("operand stack underflow"))?;
        if let Provider::Local(l) = op.provider {
            self.count_local(l, false);
        }
        Ok(op)
    }

    fn pop_n(&mut self, n: usize) -> Result<(), CompileError> {
        for _ in 0..n {
            self.pop()?;
        }
        Ok(())
    }

    /// Index of the operand `depth` below the top (0 is the top).
    fn index_from_top(&self, depth: usize) -> Result<usize, CompileError> {
        let frame_height = self.control.last().map_or(0, |f| f.height);
        let len = self.stack.len();
        if len < frame_height + depth + 1 {
            return Err(invalid("type mismatch: operand stack underflow"));
        }
        Ok(len - 1 - depth)
    }

    /// Appends `instr`; an operand the previous instruction just produced is read from the
    /// accumulator ([`Slot::ACC`]) instead of its slot. When `operands` says `instr` is their
    /// last reader and that operand is a temporary, the previous instruction is marked as
    /// writing its result only to the accumulator ([`ACC_ONLY_OPCODES`]).
    fn emit(&mut self, mut instr: Instr, operands: Operands) -> usize {
        let previous = self.previous();
        if let Some(prev) = previous
            && let Some(start) = self.fuse_with_previous(prev, &instr)
        {
            return start;
        }
        // Only the first operand read may become the accumulator (a later one reading the same
        // slot still finds the value there): then every operand check in a handler marked as
        // reading the accumulator goes the same way each time, which predicts perfectly.
        let mut reads_acc = false;
        if let Some(acc) = previous.and_then(|p| p.instr.result_slot()) {
            instr = with_operand_first(instr, acc);
            let mut first = true;
            instr.map_read_slots(|s| {
                let is_first = std::mem::replace(&mut first, false);
                if is_first && s == acc {
                    reads_acc = true;
                    Slot::ACC
                } else {
                    s
                }
            });
        }
        if reads_acc
            && operands == Operands::Popped
            && let Some(prev) = previous
            && prev.instr.opcode().single_result()
            && prev
                .instr
                .result_slot()
                .is_some_and(|s| s.0 as usize >= self.first_temp)
        {
            // Only `instr` reads that temporary, from the accumulator, and it is popped: the
            // store to its slot is dead. (A local or parameter result always stays stored; a
            // branch target between the two would have made `previous` None.)
            self.set_acc_only(prev.start, true);
        }
        let start = self.code.len();
        instr.encode(&mut self.code);
        if reads_acc {
            let marked = marked_opcode(instr.opcode(), true, false);
            self.code[start..start + 2].copy_from_slice(&marked.to_le_bytes());
        }
        self.recent = [self.recent[1], Some((start, self.code.len()))];
        self.last = None;
        start
    }

    /// Fuses `instr` with the instruction just before it into one that does both in order
    /// (`I32AddImm2`, `Copy2`), or computes the second's result directly when the first's only
    /// fed it (`I32AddAddImm`, `I32AddShlImm`), when nothing can jump between them; returns
    /// where the fused instruction starts.
    fn fuse_with_previous(&mut self, prev: Previous, instr: &Instr) -> Option<usize> {
        let Previous {
            start,
            marked,
            instr: first,
        } = prev;
        // A temporary is read once, by the instruction that pops it: a result that went to a
        // temporary and feeds `instr` is dead afterwards and need not be written.
        let dead = |s: Slot| s.0 as usize >= self.first_temp;
        let fused = match (first, *instr) {
            // These keep the first instruction's first operand as their own first one, so a
            // first instruction reading the accumulator stays marked.
            (
                Instr::I32Add {
                    dst: d1,
                    lhs: a,
                    rhs: b,
                },
                Instr::I32AddImm { dst, lhs, rhs: imm },
            ) if lhs == d1 && dead(d1) => Instr::I32AddAddImm {
                dst,
                lhs: a,
                rhs: b,
                imm,
            },
            (
                Instr::I32ShlImm {
                    dst: d1,
                    lhs: index,
                    rhs: shift,
                },
                Instr::I32Add { dst, lhs, rhs },
            ) if (lhs == d1) != (rhs == d1) && dead(d1) => Instr::I32AddShlImm {
                dst,
                index,
                base: if lhs == d1 { rhs } else { lhs },
                shift,
            },
            _ if marked => return None,
            (
                Instr::I32AddImm {
                    dst: dst2,
                    lhs: lhs2,
                    rhs: rhs2,
                },
                Instr::I32AddImm { dst, lhs, rhs },
            ) => Instr::I32AddImm2 {
                dst,
                lhs,
                rhs,
                dst2,
                lhs2,
                rhs2,
            },
            (
                Instr::Copy {
                    dst: dst2,
                    src: src2,
                },
                Instr::Copy { dst, src },
            ) => Instr::Copy2 {
                dst,
                src,
                dst2,
                src2,
            },
            _ => return None,
        };
        self.code.truncate(start);
        fused.encode(&mut self.code);
        // The fused instruction is encoded afresh: it never carries the first one's
        // accumulator-only mark (the next emit decides that anew).
        if marked {
            let op = marked_opcode(fused.opcode(), true, false);
            self.code[start..start + 2].copy_from_slice(&op.to_le_bytes());
        }
        self.recent[1] = Some((start, self.code.len()));
        self.last = None;
        Some(start)
    }

    /// The last instruction emitted, if the code still ends with it and no branch target was
    /// bound after it: then control reaches the end of the code only through it, so the
    /// accumulator holds its result and the next instruction may fuse with it.
    fn previous(&self) -> Option<Previous> {
        let (start, end) = self.recent[1]?;
        if end != self.code.len() || start < self.acc_barrier {
            return None;
        }
        Some(Previous {
            start,
            marked: reads_acc(u16::from_le_bytes([self.code[start], self.code[start + 1]])),
            instr: Instr::decode(&self.code, start)?.0,
        })
    }

    /// Sets or clears the accumulator-only mark of the instruction at `start` (keeping its
    /// other mark).
    fn set_acc_only(&mut self, start: usize, acc_only: bool) {
        let raw = u16::from_le_bytes([self.code[start], self.code[start + 1]]);
        let raw = match (writes_acc_only(raw), acc_only) {
            (false, true) => raw + ACC_ONLY_OPCODES,
            (true, false) => raw - ACC_ONLY_OPCODES,
            _ => raw,
        };
        self.code[start..start + 2].copy_from_slice(&raw.to_le_bytes());
    }

    /// Emits an instruction whose `dst` is the temporary of a new operand of type `ty`
    /// (pushed here); remembers it for retargeting and branch fusion. The operands it reads
    /// were popped by the caller.
    fn emit_result(&mut self, instr: Instr, ty: ValType, cond: Option<Cond>) {
        let start = self.emit(instr, Operands::Popped);
        self.push_temp(ty);
        self.last = Some(LastResult {
            start,
            end: self.code.len(),
            index: self.stack.len() - 1,
            cond,
        });
    }

    /// The last instruction, if it produced the top operand and nothing came after it.
    fn last_result(&self) -> Option<LastResult> {
        let last = self.last?;
        let top = self.stack.len().checked_sub(1)?;
        (last.end == self.code.len()
            && last.index == top
            && self.stack[top].provider == Provider::Temp)
            .then_some(last)
    }

    /// Writes the operand at `index` to `dst` (emits nothing if it is already there);
    /// `operands` says whether the copy is the operand's last reader.
    fn emit_copy(&mut self, index: usize, dst: Slot, operands: Operands) {
        match self.stack[index].provider {
            Provider::Imm(bits) => {
                self.emit(const_instr(dst, bits), operands);
            }
            _ => {
                let Some(src) = self.slot_of(index) else {
                    return;
                };
                if src != dst {
                    self.emit(Instr::Copy { dst, src }, operands);
                }
            }
        }
    }

    /// Moves the operand at `index` into its positional temporary.
    fn materialize(&mut self, index: usize) {
        let op = self.stack[index];
        if op.provider == Provider::Temp {
            return;
        }
        let dst = self.temp_slot(index);
        self.emit_copy(index, dst, Operands::Kept);
        if let Provider::Local(l) = op.provider {
            self.count_local(l, false);
        }
        self.stack[index].provider = Provider::Temp;
    }

    /// The slot holding the operand at `index`, materializing a constant.
    fn read_slot(&mut self, index: usize) -> Slot {
        match self.slot_of(index) {
            Some(s) => s,
            None => {
                self.materialize(index);
                self.temp_slot(index)
            }
        }
    }

    /// Tracks `Local(local)` operands entering (`added`) or leaving the stack.
    fn count_local(&mut self, local: u16, added: bool) {
        if let Some(n) = self.local_refs.get_mut(local as usize) {
            if added {
                *n += 1;
                self.local_operands += 1;
            } else {
                *n -= 1;
                self.local_operands -= 1;
            }
        }
    }

    /// Copies every `Local` operand to its temporary (at control-flow joins). Scans from the
    /// top and stops at the last one, so repeated joins cost what they materialize.
    fn preserve_all_locals(&mut self) {
        let mut i = self.stack.len();
        while self.local_operands > 0 && i > 0 {
            i -= 1;
            if let Provider::Local(_) = self.stack[i].provider {
                self.materialize(i);
            }
        }
    }

    /// Copies the `Local(local)` operands below stack index `below` to their temporaries,
    /// scanning from the top and stopping at the last one.
    fn preserve_local(&mut self, local: u16, below: usize) {
        let mut left = self.local_refs.get(local as usize).copied().unwrap_or(0);
        if below < self.stack.len() && self.stack[below].provider == Provider::Local(local) {
            left -= 1;
        }
        let mut i = below;
        while left > 0 && i > 0 {
            i -= 1;
            if self.stack[i].provider == Provider::Local(local) {
                self.materialize(i);
                left -= 1;
            }
        }
    }

    /// Materializes the top `n` operands (block parameters, call arguments).
    fn materialize_top(&mut self, n: usize) -> Result<usize, CompileError> {
        let len = self.stack.len();
        let frame_height = self.control.last().map_or(0, |f| f.height);
        if len < frame_height + n {
            return Err(invalid("type mismatch: operand stack underflow"));
        }
        for i in len - n..len {
            self.materialize(i);
        }
        Ok(len - n)
    }

    /// The first slot and the type of local `index`.
    fn local(&self, index: u32) -> Result<(u16, ValType), CompileError> {
        match self.locals.get(index as usize) {
            Some(ty) => Ok((self.local_slots[index as usize], *ty)),
            None => Err(invalid("unknown local")),
        }
    }

    // ----- branches -----

    /// Emits a branch (`operands`: whether it is the last reader of its condition's operands)
    /// and returns where to patch its offset.
    fn emit_branch(&mut self, instr: Instr, operands: Operands) -> Patch {
        self.emit(instr, operands);
        let end = self.code.len();
        Patch {
            field: end - 4,
            base: end,
        }
    }

    fn patch(&mut self, patch: Patch, target: usize) {
        if target == self.code.len() {
            // A branch target here: control may arrive with any accumulator.
            self.acc_barrier = target;
        }
        let off = (target as i64 - patch.base as i64) as i32;
        self.code[patch.field..patch.field + 4].copy_from_slice(&off.to_le_bytes());
    }

    /// Points `patch` at the label of the frame `depth` levels out.
    fn link(&mut self, patch: Patch, depth: usize) {
        let idx = self.control.len() - 1 - depth;
        let frame = &mut self.control[idx];
        if frame.kind == FrameKind::Loop {
            let target = frame.loop_start;
            self.patch(patch, target);
        } else {
            frame.end_reachable = true;
            frame.patches.push(patch);
        }
    }

    fn frame_at(&self, depth: u32) -> Result<&ControlFrame<'a>, CompileError> {
        let depth = depth as usize;
        if depth >= self.control.len() {
            return Err(invalid("unknown label"));
        }
        Ok(&self.control[self.control.len() - 1 - depth])
    }

    /// Whether the top operands are already where a branch to the frame `depth` out wants
    /// them.
    fn values_in_place(&self, depth: u32) -> Result<bool, CompileError> {
        let frame = self.frame_at(depth)?;
        if frame.kind == FrameKind::Function {
            return Ok(false);
        }
        let n = cells_of(frame.label_types());
        let height = frame.height;
        let len = self.stack.len();
        if len < n {
            return Err(invalid("type mismatch: operand stack underflow"));
        }
        Ok((0..n).all(|i| {
            let idx = len - n + i;
            idx == height + i && self.stack[idx].provider == Provider::Temp
        }))
    }

    /// Copies the top `n` operands to the temporaries at `height..` without changing the
    /// providers (the copies may run on one path only).
    fn copy_values_to(&mut self, height: usize, n: usize) -> Result<(), CompileError> {
        let len = self.stack.len();
        if len < n || height + n > len {
            return Err(invalid("type mismatch: operand stack underflow"));
        }
        for i in 0..n {
            let dst = self.temp_slot(height + i);
            self.emit_copy(len - n + i, dst, Operands::Kept);
        }
        Ok(())
    }

    /// Emits the return sequence for the top operands, without changing providers.
    fn emit_return(&mut self) -> Result<(), CompileError> {
        let n = cells_of(self.results);
        let len = self.stack.len();
        if len < n {
            return Err(invalid("type mismatch: operand stack underflow"));
        }
        match n {
            0 => {
                self.emit(Instr::Return {}, Operands::Kept);
            }
            1 => match self.stack[len - 1].provider {
                Provider::Imm(value) => {
                    self.emit(Instr::ReturnImm { value }, Operands::Kept);
                }
                _ => {
                    // Nothing of this frame runs after it: its last reader.
                    let src = self.slot_of(len - 1).unwrap_or(Slot(0));
                    self.emit(Instr::ReturnSlot { src }, Operands::Popped);
                }
            },
            _ => {
                // Gather in the positional temporaries first, then move down to 0..n in
                // ascending order (each destination is at or below its source).
                for i in len - n..len {
                    let dst = self.temp_slot(i);
                    self.emit_copy(i, dst, Operands::Kept);
                }
                for i in 0..n {
                    let src = self.temp_slot(len - n + i);
                    if src != Slot(i as u16) {
                        self.emit(
                            Instr::Copy {
                                dst: Slot(i as u16),
                                src,
                            },
                            Operands::Kept,
                        );
                    }
                }
                self.emit(Instr::Return {}, Operands::Kept);
            }
        }
        Ok(())
    }

    /// An unconditional branch to the frame `depth` out, with its values.
    fn branch(&mut self, depth: u32) -> Result<(), CompileError> {
        let frame = self.frame_at(depth)?;
        if frame.kind == FrameKind::Function {
            return self.emit_return();
        }
        let (height, n) = (frame.height, cells_of(frame.label_types()));
        self.copy_values_to(height, n)?;
        let patch = self.emit_branch(
            Instr::Br {
                offset: BranchOffset(0),
            },
            Operands::Kept,
        );
        self.link(patch, depth as usize);
        Ok(())
    }

    /// Pops an i32 condition, fusing the comparison that produced it when possible.
    fn pop_cond(&mut self) -> Result<Cond, CompileError> {
        if let Some(last) = self.last_result()
            && let Some(cond) = last.cond
        {
            self.code.truncate(last.start);
            if self.recent[1].is_some_and(|(start, _)| start == last.start) {
                self.recent = [None, self.recent[0]];
            }
            // The comparison may have marked the instruction before it as writing only the
            // accumulator; the branch that replaces it decides that anew.
            if let Some((start, end)) = self.recent[1]
                && end == self.code.len()
            {
                self.set_acc_only(start, false);
            }
            self.last = None;
            self.pop()?;
            return Ok(cond);
        }
        let idx = self.index_from_top(0)?;
        let slot = self.read_slot(idx);
        self.pop()?;
        Ok(Cond::nez32(slot))
    }

    // ----- operators -----

    /// A binary operator, `make` its instruction from the result and operand slots: a constant
    /// right operand selects the instruction's immediate form, and so does a constant left one
    /// when the instruction swapped (commutative, or a comparison mirrored) has one. A
    /// comparison is remembered as the condition of a branch that may follow.
    fn binop(
        &mut self,
        ty: ValType,
        make: fn(Slot, Slot, Slot) -> Instr,
    ) -> Result<(), CompileError> {
        let r = self.index_from_top(0)?;
        let l = r - 1;
        if r == 0 || l < self.control.last().map_or(0, |f| f.height) {
            return Err(invalid("type mismatch: operand stack underflow"));
        }
        let dst = self.temp_slot(l);
        let op = make(dst, CONSTANT, CONSTANT).opcode();
        let swapped_imm = op.swapped().and_then(Opcode::imm_form);
        let with_imm = match (self.stack[l].provider, self.stack[r].provider) {
            (Provider::Local(_) | Provider::Temp, Provider::Imm(b)) if op.imm_form().is_some() => {
                let lhs = self.read_slot(l);
                make(dst, lhs, CONSTANT).with_imm(b)
            }
            (Provider::Imm(a), Provider::Local(_) | Provider::Temp) if swapped_imm.is_some() => {
                let rhs = self.read_slot(r);
                make(dst, CONSTANT, rhs)
                    .with_operands_swapped()
                    .and_then(|i| i.with_imm(a))
            }
            _ => None,
        };
        let instr = match with_imm {
            Some(instr) => instr,
            None => {
                let lhs = self.read_slot(l);
                let rhs = self.read_slot(r);
                make(dst, lhs, rhs)
            }
        };
        self.pop_n(2)?;
        self.emit_result(instr, ty, Cond::of_comparison(instr));
        Ok(())
    }

    fn unop(&mut self, ty: ValType, f: fn(Slot, Slot) -> Instr) -> Result<(), CompileError> {
        let i = self.index_from_top(0)?;
        let src = self.read_slot(i);
        let dst = self.temp_slot(i);
        self.pop()?;
        self.emit_result(f(dst, src), ty, None);
        Ok(())
    }

    /// `i32.eqz` or `i64.eqz`: `make` the instruction from the result and operand slots; `cond`
    /// is the same test as the condition of a branch that may follow.
    fn eqz(
        &mut self,
        make: fn(Slot, Slot) -> Instr,
        cond: fn(Slot) -> Cond,
    ) -> Result<(), CompileError> {
        let i = self.index_from_top(0)?;
        let src = self.read_slot(i);
        let dst = self.temp_slot(i);
        self.pop()?;
        self.emit_result(make(dst, src), ValType::I32, Some(cond(src)));
        Ok(())
    }

    fn reinterpret(&mut self, ty: ValType) -> Result<(), CompileError> {
        let i = self.index_from_top(0)?;
        self.stack[i].ty = ty;
        if let Some(last) = &mut self.last {
            last.cond = None;
        }
        Ok(())
    }

    fn load(
        &mut self,
        ty: ValType,
        memarg: &wasmparser::MemArg,
        f: fn(Slot, Slot, u32) -> Instr,
    ) -> Result<(), CompileError> {
        let (mem, offset) = self.mem_offset(memarg)?;
        let i = self.index_from_top(0)?;
        let (addr, offset) = self.address(i, offset);
        let dst = self.temp_slot(i);
        self.pop()?;
        self.emit_result(on_memory(f(dst, addr, offset), mem)?, ty, None);
        Ok(())
    }

    /// A store; a constant value selects its immediate form (`Store{8,16,32,64}Imm`).
    fn store(
        &mut self,
        memarg: &wasmparser::MemArg,
        f: fn(Slot, u32, Slot) -> Instr,
    ) -> Result<(), CompileError> {
        let (mem, offset) = self.mem_offset(memarg)?;
        let v = self.index_from_top(0)?;
        let a = self.index_from_top(1)?;
        let (addr, offset) = self.address(a, offset);
        let with_imm = match self.stack[v].provider {
            Provider::Imm(bits) if mem == 0 => f(addr, offset, CONSTANT).with_imm(bits),
            _ => None,
        };
        let instr = match with_imm {
            Some(instr) => instr,
            None => {
                let value = self.read_slot(v);
                on_memory(f(addr, offset, value), mem)?
            }
        };
        self.pop_n(2)?;
        self.emit(instr, Operands::Popped);
        Ok(())
    }

    /// A wide-arithmetic operator: pops `N` i64 operands and pushes the two halves of its
    /// 128-bit result (low, then high) in consecutive temporaries; `f` makes the instruction
    /// from the high and low result slots and the operands' slots.
    fn wide<const N: usize>(
        &mut self,
        f: impl FnOnce(Slot, Slot, [Slot; N]) -> Instr,
    ) -> Result<(), CompileError> {
        let operands = self.pop_slots::<N>()?;
        let base = self.stack.len();
        let (lo, hi) = (self.temp_slot(base), self.temp_slot(base + 1));
        self.emit(f(hi, lo, operands), Operands::Popped);
        self.push_temp(ValType::I64);
        self.push_temp(ValType::I64);
        Ok(())
    }

    /// Reads the top `n` operands' slots (materializing constants) and pops them; the first
    /// slot is the deepest operand.
    fn pop_slots<const N: usize>(&mut self) -> Result<[Slot; N], CompileError> {
        let mut slots = [Slot(0); N];
        for (k, slot) in slots.iter_mut().enumerate() {
            let idx = self.index_from_top(N - 1 - k)?;
            *slot = self.read_slot(idx);
        }
        self.pop_n(N)?;
        Ok(slots)
    }

    fn call(&mut self, func: u32) -> Result<(), CompileError> {
        if func as usize >= self.info.funcs.len() {
            return Err(invalid("unknown function"));
        }
        let ty = self.info.func_type(func);
        let (n, results) = (ty.param_cells(), ty.results());
        let base_index = self.materialize_top(n)?;
        let base = self.temp_slot(base_index);
        self.pop_n(n)?;
        match func.checked_sub(self.info.num_imported_funcs) {
            Some(def) => self.emit(Instr::CallInternal { def, base }, Operands::Popped),
            None => self.emit(Instr::Call { func, base }, Operands::Popped),
        };
        self.push_temps(results);
        Ok(())
    }

    /// Pops the operands of a call through a table or a reference to a function of type
    /// `type_index`: the callee's operand (a table index or the reference) on top, the
    /// arguments, which move to consecutive temporaries. Returns the callee's slot, the
    /// frame base and the callee's results.
    fn pop_indirect_call(
        &mut self,
        type_index: u32,
    ) -> Result<(Slot, Slot, &'a [ValType]), CompileError> {
        let info: &'a ModuleInfo = self.info;
        let Some(ty) = info.types.get(type_index as usize) else {
            return Err(invalid("unknown type"));
        };
        let n = ty.param_cells();
        let [callee] = self.pop_slots::<1>()?;
        let base_index = self.materialize_top(n)?;
        let base = self.temp_slot(base_index);
        self.pop_n(n)?;
        Ok((callee, base, ty.results()))
    }

    fn call_indirect(&mut self, type_index: u32, table: u32) -> Result<(), CompileError> {
        let (index, base, results) = self.pop_indirect_call(type_index)?;
        self.emit(
            Instr::CallIndirect {
                type_index,
                table,
                index,
                base,
            },
            Operands::Popped,
        );
        self.push_temps(results);
        Ok(())
    }

    /// `call_ref`: as `call_indirect`, the callee a function reference.
    fn call_ref(&mut self, type_index: u32) -> Result<(), CompileError> {
        let (callee, base, results) = self.pop_indirect_call(type_index)?;
        self.emit(Instr::CallRef { callee, base }, Operands::Popped);
        self.push_temps(results);
        Ok(())
    }

    /// `return_call func`: the arguments go to consecutive temporaries, as for a call, and
    /// the instruction moves them down to the frame's start when it replaces this function's
    /// frame by the callee's (`interp::call`); nothing of this frame runs after it.
    fn return_call(&mut self, func: u32) -> Result<(), CompileError> {
        if func as usize >= self.info.funcs.len() {
            return Err(invalid("unknown function"));
        }
        let n = self.info.func_type(func).param_cells();
        let base_index = self.materialize_top(n)?;
        let base = self.temp_slot(base_index);
        self.pop_n(n)?;
        match func.checked_sub(self.info.num_imported_funcs) {
            Some(def) => self.emit(Instr::ReturnCallInternal { def, base }, Operands::Popped),
            None => self.emit(Instr::ReturnCall { func, base }, Operands::Popped),
        };
        self.reachable = false;
        Ok(())
    }

    /// `return_call_indirect`: as [`Self::return_call`], with the callee taken from a table.
    fn return_call_indirect(&mut self, type_index: u32, table: u32) -> Result<(), CompileError> {
        let (index, base, _) = self.pop_indirect_call(type_index)?;
        self.emit(
            Instr::ReturnCallIndirect {
                type_index,
                table,
                index,
                base,
            },
            Operands::Popped,
        );
        self.reachable = false;
        Ok(())
    }

    /// `return_call_ref`: as [`Self::return_call`], the callee a function reference.
    fn return_call_ref(&mut self, type_index: u32) -> Result<(), CompileError> {
        let (callee, base, _) = self.pop_indirect_call(type_index)?;
        self.emit(Instr::ReturnCallRef { callee, base }, Operands::Popped);
        self.reachable = false;
        Ok(())
    }

    fn local_set(&mut self, index: u32, tee: bool) -> Result<(), CompileError> {
        let (local, ty) = self.local(index)?;
        if ty.cells() == 2 {
            return self.local_set_v128(local, tee);
        }
        let top = self.index_from_top(0)?;
        let refs = self.local_refs.get(local as usize).copied().unwrap_or(0);
        let top_is_local = self.stack[top].provider == Provider::Local(local);
        let hazard = refs > u32::from(top_is_local);
        match self.last_result() {
            Some(last) if !hazard => {
                // Retarget: the producing instruction writes the local directly (its `dst`
                // field follows the opcode).
                let pos = last.start + OPCODE_SIZE;
                self.code[pos..pos + 2].copy_from_slice(&local.to_le_bytes());
                // A local's value is read later from its slot: it must be stored.
                self.set_acc_only(last.start, false);
                self.last = None;
            }
            _ => {
                if hazard {
                    self.preserve_local(local, top);
                }
                // `local.set` is the value's last reader; `local.tee` leaves it on the stack
                // (as the local, but stay on the safe side).
                let operands = if tee {
                    Operands::Kept
                } else {
                    Operands::Popped
                };
                self.emit_copy(top, Slot(local), operands);
            }
        }
        self.pop()?;
        if tee {
            self.push(Operand {
                provider: Provider::Local(local),
                ty,
            });
        }
        Ok(())
    }

    /// `local.set`/`local.tee` of the v128 local in slots `local`, `local + 1`: the two
    /// halves are copied (older operands reading the local are preserved first).
    fn local_set_v128(&mut self, local: u16, tee: bool) -> Result<(), CompileError> {
        let hi = self.index_from_top(0)?;
        let lo = self.index_from_top(1)?;
        let unread = |t: &Self, cell: u16| t.local_refs.get(cell as usize).is_none_or(|n| *n == 0);
        if let Some(last) = self.last_result()
            && unread(self, local)
            && unread(self, local + 1)
        {
            // Retarget: the instruction that produced the value writes the local directly
            // (its `dst` field follows the opcode).
            let pos = last.start + OPCODE_SIZE;
            self.code[pos..pos + 2].copy_from_slice(&local.to_le_bytes());
            self.last = None;
            self.pop_value()?;
            if tee {
                for cell in [local, local + 1] {
                    self.push(Operand {
                        provider: Provider::Local(cell),
                        ty: ValType::V128,
                    });
                }
            }
            return Ok(());
        }
        let in_place = self.stack[lo].provider == Provider::Local(local)
            && self.stack[hi].provider == Provider::Local(local + 1);
        for (cell, index) in [(local, lo), (local + 1, hi)] {
            let refs = self.local_refs.get(cell as usize).copied().unwrap_or(0);
            let own = self.stack[index].provider == Provider::Local(cell);
            if refs > u32::from(own) {
                self.preserve_local(cell, index);
            }
        }
        if let Some(v) = self.v128_imm(lo) {
            // A constant: one instruction for both halves.
            let (dst, value) = (Slot(local), v.0);
            self.emit(Instr::V128Const { dst, value }, Operands::Kept);
        } else if !in_place {
            let operands = if tee {
                Operands::Kept
            } else {
                Operands::Popped
            };
            self.emit_copy(lo, Slot(local), operands);
            self.emit_copy(hi, Slot(local + 1), operands);
        }
        self.pop_value()?;
        if tee {
            for cell in [local, local + 1] {
                self.push(Operand {
                    provider: Provider::Local(cell),
                    ty: ValType::V128,
                });
            }
        }
        Ok(())
    }

    /// The first slot of the v128 whose low half is at stack index `lo`: its two entries are
    /// a local's two cells or two temporaries; a constant is written to its temporaries by one
    /// `V128Const`.
    fn read_v128(&mut self, lo: usize) -> Slot {
        match (self.stack[lo].provider, self.stack[lo + 1].provider) {
            (Provider::Local(s), Provider::Local(_)) => Slot(s),
            (Provider::Temp, Provider::Temp) => self.temp_slot(lo),
            (Provider::Imm(l), Provider::Imm(h)) => {
                let value = V128::from_cells(l, h).0;
                if let Some(&(_, slot)) = self.pool.iter().find(|(bits, _)| *bits == value) {
                    return slot;
                }
                let dst = self.temp_slot(lo);
                self.emit(Instr::V128Const { dst, value }, Operands::Kept);
                self.stack[lo].provider = Provider::Temp;
                self.stack[lo + 1].provider = Provider::Temp;
                dst
            }
            _ => {
                self.materialize(lo);
                self.materialize(lo + 1);
                self.temp_slot(lo)
            }
        }
    }

    // ----- SIMD: v128 operands are pairs of entries; results go to the first operand's
    // temporaries. An operation on constants is computed here, by the same lane functions
    // the interpreter runs, and pushed as a constant. -----

    /// The v128 whose low half is at stack index `lo`, if it is a constant.
    fn v128_imm(&self, lo: usize) -> Option<V128> {
        match (self.stack[lo].provider, self.stack[lo + 1].provider) {
            (Provider::Imm(l), Provider::Imm(h)) => Some(V128::from_cells(l, h)),
            _ => None,
        }
    }

    /// `v128.const`: a constant, emitting nothing.
    fn v128_const(&mut self, bits: u128) {
        let (lo, hi) = V128(bits).to_cells();
        for half in [lo, hi] {
            self.push(Operand {
                provider: Provider::Imm(half),
                ty: ValType::V128,
            });
        }
    }

    /// Emits a v128-producing instruction whose operands were popped (its result slot its
    /// first field), and pushes its result; a `local.set` right after it retargets it.
    fn emit_v128(&mut self, instr: Instr) {
        let start = self.emit(instr, Operands::Popped);
        self.push_temp(ValType::V128);
        self.last = Some(LastResult {
            start,
            end: self.code.len(),
            index: self.stack.len() - 1,
            cond: None,
        });
    }

    /// A v128 operation of one v128 operand.
    fn v_unop(
        &mut self,
        f: fn(Slot, Slot) -> Instr,
        fold: fn(V128) -> V128,
    ) -> Result<(), CompileError> {
        let a = self.index_from_top(1)?;
        if let Some(v) = self.v128_imm(a) {
            self.pop_value()?;
            self.v128_const(fold(v).0);
            return Ok(());
        }
        let src = self.read_v128(a);
        self.pop_value()?;
        self.emit_v128(f(self.temp_slot(a), src));
        Ok(())
    }

    /// A v128 operation of two v128 operands.
    fn v_binop(
        &mut self,
        f: fn(Slot, Slot, Slot) -> Instr,
        fold: fn(V128, V128) -> V128,
    ) -> Result<(), CompileError> {
        let b = self.index_from_top(1)?;
        let a = self.index_from_top(3)?;
        if let (Some(x), Some(y)) = (self.v128_imm(a), self.v128_imm(b)) {
            self.pop_value()?;
            self.pop_value()?;
            self.v128_const(fold(x, y).0);
            return Ok(());
        }
        let (lhs, rhs) = (self.read_v128(a), self.read_v128(b));
        self.pop_value()?;
        self.pop_value()?;
        self.emit_v128(f(self.temp_slot(a), lhs, rhs));
        Ok(())
    }

    /// A v128 operation of three v128 operands.
    fn v_ternop(
        &mut self,
        f: fn(Slot, Slot, Slot, Slot) -> Instr,
        fold: fn(V128, V128, V128) -> V128,
    ) -> Result<(), CompileError> {
        let c = self.index_from_top(1)?;
        let b = self.index_from_top(3)?;
        let a = self.index_from_top(5)?;
        if let (Some(x), Some(y), Some(z)) = (self.v128_imm(a), self.v128_imm(b), self.v128_imm(c))
        {
            self.pop_n(6)?;
            self.v128_const(fold(x, y, z).0);
            return Ok(());
        }
        let (sa, sb, sc) = (self.read_v128(a), self.read_v128(b), self.read_v128(c));
        self.pop_n(6)?;
        self.emit_v128(f(self.temp_slot(a), sa, sb, sc));
        Ok(())
    }

    /// A lane-wise shift of a v128 by an i32 count (`imm`: the form with a constant count).
    fn v_shift(
        &mut self,
        f: fn(Slot, Slot, Slot) -> Instr,
        imm: fn(Slot, Slot, u32) -> Instr,
        fold: fn(V128, i32) -> V128,
    ) -> Result<(), CompileError> {
        let count = self.index_from_top(0)?;
        let a = self.index_from_top(2)?;
        if let Provider::Imm(n) = self.stack[count].provider {
            if let Some(v) = self.v128_imm(a) {
                self.pop_n(3)?;
                self.v128_const(fold(v, n as i32).0);
                return Ok(());
            }
            let lhs = self.read_v128(a);
            self.pop_n(3)?;
            self.emit_v128(imm(self.temp_slot(a), lhs, n as u32));
            return Ok(());
        }
        let lhs = self.read_v128(a);
        let rhs = self.read_slot(count);
        self.pop_n(3)?;
        self.emit_v128(f(self.temp_slot(a), lhs, rhs));
        Ok(())
    }

    /// A v128 with every lane the scalar on top.
    fn v_splat(
        &mut self,
        f: fn(Slot, Slot) -> Instr,
        fold: fn(u64) -> V128,
    ) -> Result<(), CompileError> {
        let i = self.index_from_top(0)?;
        if let Provider::Imm(c) = self.stack[i].provider {
            self.pop()?;
            self.v128_const(fold(c).0);
            return Ok(());
        }
        let src = self.read_slot(i);
        self.pop()?;
        self.emit_v128(f(self.temp_slot(i), src));
        Ok(())
    }

    /// A scalar of type `ty` computed from a v128 (`extract_lane`, `any_true`, `bitmask`...):
    /// an ordinary result, which the accumulator holds.
    fn v_scalar(
        &mut self,
        ty: ValType,
        instr: impl FnOnce(Slot, Slot) -> Instr,
    ) -> Result<(), CompileError> {
        let a = self.index_from_top(1)?;
        let src = self.read_v128(a);
        self.pop_value()?;
        self.emit_result(instr(self.temp_slot(a), src), ty, None);
        Ok(())
    }

    /// `*.extract_lane lane`.
    fn v_extract(
        &mut self,
        ty: ValType,
        lane: u8,
        f: fn(Slot, Slot, u8) -> Instr,
    ) -> Result<(), CompileError> {
        self.v_scalar(ty, |dst, src| f(dst, src, lane))
    }

    /// `v128.any_true`, `*.all_true`, `*.bitmask`.
    fn v_test(&mut self, f: fn(Slot, Slot) -> Instr) -> Result<(), CompileError> {
        self.v_scalar(ValType::I32, f)
    }

    /// `*.replace_lane lane`: the scalar on top, the v128 below it.
    fn v_replace(
        &mut self,
        lane: u8,
        f: fn(Slot, Slot, u8, Slot) -> Instr,
    ) -> Result<(), CompileError> {
        let value = self.index_from_top(0)?;
        let a = self.index_from_top(2)?;
        let src = self.read_v128(a);
        let value = self.read_slot(value);
        self.pop_n(3)?;
        self.emit_v128(f(self.temp_slot(a), src, lane, value));
        Ok(())
    }

    /// `i8x16.shuffle lanes`.
    fn v_shuffle(&mut self, lanes: [u8; 16]) -> Result<(), CompileError> {
        let b = self.index_from_top(1)?;
        let a = self.index_from_top(3)?;
        if let (Some(x), Some(y)) = (self.v128_imm(a), self.v128_imm(b)) {
            self.pop_n(4)?;
            self.v128_const(simd::i8x16_shuffle(x, y, lanes).0);
            return Ok(());
        }
        let (lhs, rhs) = (self.read_v128(a), self.read_v128(b));
        self.pop_n(4)?;
        let lanes = u128::from_le_bytes(lanes);
        self.emit_v128(Instr::I8x16Shuffle {
            dst: self.temp_slot(a),
            lhs,
            rhs,
            lanes,
        });
        Ok(())
    }

    /// A SIMD load (its address on top); `f` makes the instruction from the result slot, the
    /// address slot, the offset and the memory.
    fn v128_load(
        &mut self,
        memarg: &wasmparser::MemArg,
        f: fn(Slot, Slot, u32, u32) -> Instr,
    ) -> Result<(), CompileError> {
        let (mem, offset) = self.mem_offset(memarg)?;
        let i = self.index_from_top(0)?;
        let (addr, offset) = self.address(i, offset);
        self.pop()?;
        self.emit_v128(f(self.temp_slot(i), addr, offset, mem));
        Ok(())
    }

    /// `v128.store` (the address, then the v128).
    fn v128_store(
        &mut self,
        memarg: &wasmparser::MemArg,
        f: fn(Slot, u32, u32, Slot) -> Instr,
    ) -> Result<(), CompileError> {
        let (mem, offset) = self.mem_offset(memarg)?;
        let v = self.index_from_top(1)?;
        let a = self.index_from_top(2)?;
        let (addr, offset) = self.address(a, offset);
        let value = self.read_v128(v);
        self.pop_n(3)?;
        self.emit(f(addr, offset, mem, value), Operands::Popped);
        Ok(())
    }

    /// `v128.loadN_lane` (the address, then the v128 whose lane is replaced).
    fn v128_load_lane(
        &mut self,
        memarg: &wasmparser::MemArg,
        lane: u8,
        f: fn(Slot, Slot, u32, u32, Slot, u8) -> Instr,
    ) -> Result<(), CompileError> {
        let (mem, offset) = self.mem_offset(memarg)?;
        let v = self.index_from_top(1)?;
        let a = self.index_from_top(2)?;
        let (addr, offset) = self.address(a, offset);
        let src = self.read_v128(v);
        self.pop_n(3)?;
        self.emit_v128(f(self.temp_slot(a), addr, offset, mem, src, lane));
        Ok(())
    }

    /// `v128.storeN_lane` (the address, then the v128 whose lane is stored).
    fn v128_store_lane(
        &mut self,
        memarg: &wasmparser::MemArg,
        lane: u8,
        f: fn(Slot, u32, u32, Slot, u8) -> Instr,
    ) -> Result<(), CompileError> {
        let (mem, offset) = self.mem_offset(memarg)?;
        let v = self.index_from_top(1)?;
        let a = self.index_from_top(2)?;
        let (addr, offset) = self.address(a, offset);
        let value = self.read_v128(v);
        self.pop_n(3)?;
        self.emit(f(addr, offset, mem, value, lane), Operands::Popped);
        Ok(())
    }

    /// `select` of two v128 values: a `Select` per half, into the temporaries of the first.
    /// The first writes only the first value's low cell, which the second does not read.
    fn select_v128(&mut self) -> Result<(), CompileError> {
        let top = self.index_from_top(0)?;
        let b = self.index_from_top(2)?;
        let a = self.index_from_top(4)?;
        let cond = self.read_slot(top);
        let (a, b) = (self.read_v128(a), self.read_v128(b));
        self.pop()?;
        self.pop_value()?;
        self.pop_value()?;
        let dst = self.temp_slot(self.stack.len());
        let hi = |s: Slot| Slot(s.0 + 1);
        // The second reads `cond` again: the first is not its last reader.
        self.emit(Instr::Select { dst, cond, a, b }, Operands::Kept);
        let (dst, a, b) = (hi(dst), hi(a), hi(b));
        self.emit(Instr::Select { dst, cond, a, b }, Operands::Popped);
        self.push_temp(ValType::V128);
        Ok(())
    }

    fn block_types(&self, bt: BlockType) -> Result<(&'a [ValType], &'a [ValType]), CompileError> {
        if let BlockType::FuncType(idx) = bt
            && idx as usize >= self.info.types.len()
        {
            return Err(invalid("unknown type"));
        }
        let info: &'a ModuleInfo = self.info;
        Ok(info.block_type(bt))
    }

    fn push_dead_frame(&mut self) {
        let height = self.stack.len();
        let mut frame = ControlFrame::new(FrameKind::Block, &[], &[], height);
        frame.dead = true;
        self.control.push(frame);
    }

    /// Opens a block, loop or if whose parameters are the top operands.
    fn enter_block(
        &mut self,
        kind: FrameKind,
        bt: BlockType,
        else_patch: Option<Patch>,
    ) -> Result<(), CompileError> {
        let (params, results) = self.block_types(bt)?;
        let height = self.materialize_top(cells_of(params))?;
        let mut frame = ControlFrame::new(kind, params, results, height);
        frame.loop_start = self.code.len();
        if kind == FrameKind::Loop {
            // The loop's start is a branch target.
            self.acc_barrier = self.code.len();
        }
        frame.else_patch = else_patch;
        self.control.push(frame);
        self.last = None;
        Ok(())
    }

    /// Ends the current arm of the innermost frame (an `if`'s then-arm, a `try` body or one of
    /// its handlers): if it falls through, its results go to their temporaries and a branch
    /// goes to the frame's end.
    fn close_arm(&mut self) -> Result<(), CompileError> {
        let Some(frame) = self.control.last() else {
            return Err(invalid("no block to close"));
        };
        let (height, n) = (frame.height, cells_of(frame.results));
        if self.reachable {
            self.copy_values_to(height, n)?;
            let patch = self.emit_branch(
                Instr::Br {
                    offset: BranchOffset(0),
                },
                Operands::Kept,
            );
            self.link(patch, 0);
        }
        Ok(())
    }

    fn visit_else(&mut self) -> Result<(), CompileError> {
        let Some(frame) = self.control.last() else {
            return Err(invalid("else without if"));
        };
        if frame.dead {
            return Ok(());
        }
        if frame.kind != FrameKind::If {
            return Err(invalid("else without if"));
        }
        let height = frame.height;
        self.close_arm()?;
        let here = self.code.len();
        let frame = self
            .control
            .last_mut()
            .ok_or_else(|| invalid("else without if"))?;
        let else_patch = frame.else_patch.take();
        frame.kind = FrameKind::Else;
        let params = frame.params;
        if let Some(p) = else_patch {
            self.patch(p, here);
        }
        self.truncate_stack(height);
        self.push_temps(params);
        self.reachable = true;
        self.last = None;
        Ok(())
    }

    fn truncate_stack(&mut self, height: usize) {
        while self.stack.len() > height {
            if let Some(op) = self.stack.pop()
                && let Provider::Local(l) = op.provider
            {
                self.count_local(l, false);
            }
        }
    }

    fn visit_end(&mut self) -> Result<(), CompileError> {
        let Some(frame) = self.control.pop() else {
            return Err(invalid("end without block"));
        };
        if frame.dead {
            return Ok(());
        }
        let n = cells_of(frame.results);
        if frame.kind == FrameKind::Function {
            if self.reachable {
                self.emit_return()?;
            }
            if !self.return_handlers.is_empty() {
                // Catch clauses that return from the function: their values are already in
                // the result cells.
                let here = self.code.len() as u32;
                self.emit(Instr::Return {}, Operands::Kept);
                for &h in &self.return_handlers {
                    self.handlers[h].target = here;
                }
            }
            self.finished = true;
            self.reachable = false;
            return Ok(());
        }
        if frame.kind == FrameKind::TryTable {
            self.add_handlers(&frame)?;
        }
        let mut end_reachable = frame.end_reachable;
        if self.reachable {
            // Fallthrough: the top operands become the results.
            self.copy_values_to(frame.height, n)?;
            end_reachable = true;
        }
        self.finish_end(frame, end_reachable)
    }

    fn finish_end(
        &mut self,
        frame: ControlFrame<'a>,
        mut end_reachable: bool,
    ) -> Result<(), CompileError> {
        let here = self.code.len();
        if let Some(p) = frame.else_patch {
            // An `if` without `else`: its parameters are its results, already in place.
            self.patch(p, here);
            end_reachable = true;
        }
        for p in &frame.patches {
            self.patch(*p, here);
        }
        if !frame.handler_patches.is_empty() {
            // Exception handlers continue here: a branch target.
            self.acc_barrier = here;
            for &h in &frame.handler_patches {
                self.handlers[h].target = here as u32;
            }
        }
        self.truncate_stack(frame.height);
        self.push_temps(frame.results);
        self.reachable = end_reachable;
        self.last = None;
        Ok(())
    }

    /// Records the catch clauses of the `try_table` `frame` (just closed) as exception
    /// handlers over its body: each writes its values to its label's positional temporaries
    /// (or the result cells, for the function's label) and continues at the label's target.
    fn add_handlers(&mut self, frame: &ControlFrame<'a>) -> Result<(), CompileError> {
        let (start, end) = (frame.try_start as u32, self.code.len() as u32);
        for catch in &frame.catches {
            let (kind, tag, label) = match *catch {
                wasmparser::Catch::One { tag, label } => (CatchKind::Tag, tag, label),
                wasmparser::Catch::OneRef { tag, label } => (CatchKind::TagRef, tag, label),
                wasmparser::Catch::All { label } => (CatchKind::All, 0, label),
                wasmparser::Catch::AllRef { label } => (CatchKind::AllRef, 0, label),
            };
            let depth = label as usize;
            if depth >= self.control.len() {
                return Err(invalid("unknown label"));
            }
            let index = self.control.len() - 1 - depth;
            let h = self.handlers.len();
            let (kind_of_label, height, loop_start) = {
                let f = &self.control[index];
                (f.kind, f.height, f.loop_start)
            };
            let (dst, target) = match kind_of_label {
                FrameKind::Function => {
                    self.return_handlers.push(h);
                    (Slot(0), 0)
                }
                FrameKind::Loop => (self.temp_slot(height), loop_start as u32),
                _ => {
                    let f = &mut self.control[index];
                    f.end_reachable = true;
                    f.handler_patches.push(h);
                    (self.temp_slot(height), 0)
                }
            };
            self.handlers.push(Handler {
                start,
                end,
                kind,
                tag,
                depth: self.control.len() as u32,
                dst,
                target,
            });
        }
        Ok(())
    }

    /// A legacy `catch tag` (`Some`) or `catch_all` (`None`): closes the `try` body (or the
    /// previous handler) with a branch to the end, and starts a handler whose exception and
    /// payload the unwinder writes to the positional temporaries from the frame's height.
    fn legacy_catch(&mut self, tag: Option<u32>) -> Result<(), CompileError> {
        let Some(frame) = self.control.last() else {
            return Err(invalid("catch without try"));
        };
        if frame.dead {
            return Ok(());
        }
        if !matches!(frame.kind, FrameKind::LegacyTry | FrameKind::LegacyCatch) {
            return Err(invalid("catch without try"));
        }
        let height = frame.height;
        self.close_arm()?;
        let here = self.code.len();
        let depth = self.control.len() as u32 - 1;
        let frame = self
            .control
            .last_mut()
            .ok_or_else(|| invalid("catch without try"))?;
        if frame.kind == FrameKind::LegacyTry {
            frame.try_end = here;
            frame.kind = FrameKind::LegacyCatch;
        }
        let (start, end) = (frame.try_start as u32, frame.try_end as u32);
        let payload: &[ValType] = match tag {
            Some(tag) => {
                let Some(&ty) = self.info.tags.get(tag as usize) else {
                    return Err(invalid("unknown tag"));
                };
                self.info.types[ty as usize].params()
            }
            None => &[],
        };
        self.handlers.push(Handler {
            start,
            end,
            kind: if tag.is_some() {
                CatchKind::LegacyTag
            } else {
                CatchKind::LegacyAll
            },
            tag: tag.unwrap_or(0),
            depth,
            dst: self.temp_slot(height),
            target: here as u32,
        });
        // Control arrives here only from the unwinder.
        self.acc_barrier = here;
        self.truncate_stack(height);
        self.push_temp(ValType::EXNREF);
        self.push_temps(payload);
        self.reachable = true;
        self.last = None;
        Ok(())
    }

    /// A legacy `delegate depth`: ends the `try` (which has no handlers) and records that an
    /// exception from its body is handled as if thrown in the frame `depth` out.
    fn legacy_delegate(&mut self, depth: u32) -> Result<(), CompileError> {
        let Some(frame) = self.control.pop() else {
            return Err(invalid("delegate without try"));
        };
        if frame.dead {
            return Ok(());
        }
        let label = depth as usize;
        if label >= self.control.len() {
            return Err(invalid("unknown label"));
        }
        let (start, end) = (frame.try_start as u32, self.code.len() as u32);
        self.handlers.push(Handler {
            start,
            end,
            kind: CatchKind::Delegate,
            tag: (self.control.len() - 1 - label) as u32,
            depth: self.control.len() as u32,
            dst: Slot(0),
            target: 0,
        });
        let mut end_reachable = frame.end_reachable;
        if self.reachable {
            self.copy_values_to(frame.height, cells_of(frame.results))?;
            end_reachable = true;
        }
        self.finish_end(frame, end_reachable)
    }

    fn br_if(&mut self, depth: u32) -> Result<(), CompileError> {
        let cond = self.pop_cond()?;
        self.branch_if(cond, depth, Operands::Popped)
    }

    /// Branches to the label `depth` out when `cond` holds, with the label's values on top of
    /// the stack; `reads` says whether the condition's operand was popped.
    fn branch_if(&mut self, cond: Cond, depth: u32, reads: Operands) -> Result<(), CompileError> {
        let frame = self.frame_at(depth)?;
        let in_place = self.values_in_place(depth)?;
        if frame.kind != FrameKind::Function && in_place {
            // The condition was popped (`pop_cond`); the branch values stay in place.
            let patch = self.emit_branch(cond.branch(), reads);
            self.link(patch, depth as usize);
        } else {
            let skip = self.emit_branch(cond.negate().branch(), reads);
            self.branch(depth)?;
            let here = self.code.len();
            self.patch(skip, here);
            self.last = None;
        }
        Ok(())
    }

    /// `br_on_null depth`: branches with the label's values (below the reference) when the
    /// reference on top is null; otherwise it stays, known to be non-null.
    fn br_on_null(&mut self, depth: u32) -> Result<(), CompileError> {
        let top = self.index_from_top(0)?;
        let slot = self.read_slot(top);
        let reference = self.pop()?;
        self.branch_if(Cond::eqz64(slot), depth, Operands::Kept)?;
        self.push(Operand {
            ty: non_null(reference.ty),
            ..reference
        });
        Ok(())
    }

    /// `br_on_non_null depth`: branches with the label's values, the reference on top last,
    /// when it is not null; otherwise drops it.
    fn br_on_non_null(&mut self, depth: u32) -> Result<(), CompileError> {
        let top = self.index_from_top(0)?;
        let slot = self.read_slot(top);
        self.branch_if(Cond::nez64(slot), depth, Operands::Kept)?;
        self.pop()?;
        Ok(())
    }

    /// `ref.as_non_null`: a check that traps on null; the reference stays where it is.
    fn ref_as_non_null(&mut self) -> Result<(), CompileError> {
        let top = self.index_from_top(0)?;
        let value = self.read_slot(top);
        self.emit(Instr::RefAsNonNull { value }, Operands::Kept);
        self.stack[top].ty = non_null(self.stack[top].ty);
        Ok(())
    }

    fn br_table(&mut self, targets: &wasmparser::BrTable<'_>) -> Result<(), CompileError> {
        let [index] = self.pop_slots::<1>()?;
        let mut depths = Vec::with_capacity(targets.len() as usize + 1);
        for t in targets.targets() {
            depths.push(
                t.map_err(|e| CompileError::malformed(e.message(), Some(e.offset() as usize)))?,
            );
        }
        depths.push(targets.default());
        let len = (depths.len() - 1) as u32;
        self.emit(Instr::BrTable { index, len }, Operands::Popped);
        let table_start = self.code.len();
        self.code.resize(table_start + 4 * depths.len(), 0);
        let table_end = self.code.len();
        let mut stubs = Vec::new();
        for (i, depth) in depths.iter().enumerate() {
            let patch = Patch {
                field: table_start + 4 * i,
                base: table_end,
            };
            if self.values_in_place(*depth)? {
                self.link(patch, *depth as usize);
            } else {
                stubs.push((patch, *depth));
            }
        }
        for (patch, depth) in stubs {
            let here = self.code.len();
            self.patch(patch, here);
            self.branch(depth)?;
        }
        self.last = None;
        Ok(())
    }

    /// Translates one operator (already validated).
    pub fn visit(&mut self, op: &Operator<'_>) -> Result<(), CompileError> {
        use ValType::{F32, F64, I32, I64};
        if !self.reachable {
            match op {
                Operator::Block { .. }
                | Operator::Loop { .. }
                | Operator::If { .. }
                | Operator::TryTable { .. } => {
                    self.push_dead_frame();
                }
                Operator::Try { .. } => self.push_dead_frame(),
                Operator::Else => self.visit_else()?,
                Operator::End => self.visit_end()?,
                Operator::Catch { tag_index } => self.legacy_catch(Some(*tag_index))?,
                Operator::CatchAll => self.legacy_catch(None)?,
                Operator::Delegate { relative_depth } => self.legacy_delegate(*relative_depth)?,
                _ => {}
            }
            return Ok(());
        }
        macro_rules! bin {
            ($ty:expr, $name:ident) => {
                self.binop($ty, |dst, lhs, rhs| Instr::$name { dst, lhs, rhs })?
            };
        }
        macro_rules! un {
            ($ty:expr, $name:ident) => {
                self.unop($ty, |dst, src| Instr::$name { dst, src })?
            };
        }
        macro_rules! load {
            ($ty:expr, $name:ident, $memarg:expr) => {
                self.load($ty, $memarg, |dst, addr, offset| Instr::$name {
                    dst,
                    addr,
                    offset,
                })?
            };
        }
        macro_rules! store {
            ($name:ident, $memarg:expr) => {
                self.store($memarg, |addr, offset, value| Instr::$name {
                    addr,
                    offset,
                    value,
                })?
            };
        }
        match op {
            Operator::Unreachable => {
                self.emit(Instr::Unreachable {}, Operands::Kept);
                self.reachable = false;
            }
            Operator::Nop => {}
            Operator::Block { blockty } => {
                self.preserve_all_locals();
                self.enter_block(FrameKind::Block, *blockty, None)?;
            }
            Operator::Loop { blockty } => {
                self.preserve_all_locals();
                self.enter_block(FrameKind::Loop, *blockty, None)?;
            }
            Operator::If { blockty } => {
                let cond = self.pop_cond()?;
                self.preserve_all_locals();
                let (params, _) = self.block_types(*blockty)?;
                self.materialize_top(cells_of(params))?;
                let patch = self.emit_branch(cond.negate().branch(), Operands::Popped);
                self.enter_block(FrameKind::If, *blockty, Some(patch))?;
            }
            Operator::Else => self.visit_else()?,
            Operator::End => self.visit_end()?,
            Operator::TryTable { try_table } => {
                self.preserve_all_locals();
                self.enter_block(FrameKind::TryTable, try_table.ty, None)?;
                let here = self.code.len();
                let frame = self
                    .control
                    .last_mut()
                    .ok_or_else(|| invalid("try_table without a frame"))?;
                frame.catches = try_table.catches.clone();
                frame.try_start = here;
            }
            Operator::Try { blockty } => {
                self.preserve_all_locals();
                self.enter_block(FrameKind::LegacyTry, *blockty, None)?;
                let here = self.code.len();
                if let Some(frame) = self.control.last_mut() {
                    frame.try_start = here;
                }
            }
            Operator::Catch { tag_index } => self.legacy_catch(Some(*tag_index))?,
            Operator::CatchAll => self.legacy_catch(None)?,
            Operator::Delegate { relative_depth } => self.legacy_delegate(*relative_depth)?,
            Operator::Rethrow { relative_depth } => {
                let frame = self.frame_at(*relative_depth)?;
                if frame.kind != FrameKind::LegacyCatch {
                    return Err(invalid("rethrow outside of a catch"));
                }
                let exn = self.temp_slot(frame.height);
                self.emit(Instr::ThrowRef { exn }, Operands::Kept);
                self.reachable = false;
            }
            Operator::Throw { tag_index } => {
                let Some(&ty) = self.info.tags.get(*tag_index as usize) else {
                    return Err(invalid("unknown tag"));
                };
                let n = self.info.types[ty as usize].param_cells();
                let base_index = self.materialize_top(n)?;
                let base = self.temp_slot(base_index);
                self.pop_n(n)?;
                self.emit(
                    Instr::Throw {
                        tag: *tag_index,
                        base,
                    },
                    Operands::Popped,
                );
                self.reachable = false;
            }
            Operator::ThrowRef => {
                let [exn] = self.pop_slots::<1>()?;
                self.emit(Instr::ThrowRef { exn }, Operands::Popped);
                self.reachable = false;
            }
            Operator::Br { relative_depth } => {
                self.branch(*relative_depth)?;
                self.reachable = false;
            }
            Operator::BrIf { relative_depth } => self.br_if(*relative_depth)?,
            Operator::BrOnNull { relative_depth } => self.br_on_null(*relative_depth)?,
            Operator::BrOnNonNull { relative_depth } => self.br_on_non_null(*relative_depth)?,
            Operator::RefAsNonNull => self.ref_as_non_null()?,
            Operator::BrTable { targets } => {
                self.br_table(targets)?;
                self.reachable = false;
            }
            Operator::Return => {
                self.emit_return()?;
                self.reachable = false;
            }
            Operator::Call { function_index } => self.call(*function_index)?,
            Operator::CallIndirect {
                type_index,
                table_index,
            } => self.call_indirect(*type_index, *table_index)?,
            Operator::ReturnCall { function_index } => self.return_call(*function_index)?,
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => self.return_call_indirect(*type_index, *table_index)?,
            Operator::CallRef { type_index } => self.call_ref(*type_index)?,
            Operator::ReturnCallRef { type_index } => self.return_call_ref(*type_index)?,
            Operator::Drop => {
                self.pop_value()?;
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                let b = self.index_from_top(1)?;
                if self.stack[b].ty.cells() == 2 {
                    return self.select_v128();
                }
                let a = self.index_from_top(2)?;
                let ty = self.stack[a].ty;
                // Two constants that `Const32` would write select between immediates.
                let imm32 = |op: &Operand| match op.provider {
                    Provider::Imm(bits) => u32::try_from(bits).ok(),
                    _ => None,
                };
                if let (Some(a), Some(b)) = (imm32(&self.stack[a]), imm32(&self.stack[a + 1])) {
                    let [cond] = self.pop_slots::<1>()?;
                    self.pop_n(2)?;
                    let dst = self.temp_slot(self.stack.len());
                    self.emit_result(Instr::SelectImm { dst, cond, a, b }, ty, None);
                    return Ok(());
                }
                let [a, b, cond] = self.pop_slots::<3>()?;
                let dst = self.temp_slot(self.stack.len());
                self.emit_result(Instr::Select { dst, cond, a, b }, ty, None);
            }
            Operator::LocalGet { local_index } => {
                let (local, ty) = self.local(*local_index)?;
                for cell in 0..ty.cells() as u16 {
                    self.push(Operand {
                        provider: Provider::Local(local + cell),
                        ty,
                    });
                }
            }
            Operator::LocalSet { local_index } => self.local_set(*local_index, false)?,
            Operator::LocalTee { local_index } => self.local_set(*local_index, true)?,
            Operator::GlobalGet { global_index } => {
                let Some(g) = self.info.globals.get(*global_index as usize) else {
                    return Err(invalid("unknown global"));
                };
                let dst = self.temp_slot(self.stack.len());
                let ty = g.content;
                if ty == ValType::V128 {
                    let global = *global_index;
                    self.emit(Instr::GlobalGetV128 { dst, global }, Operands::Popped);
                    self.push_temp(ty);
                    return Ok(());
                }
                self.emit_result(
                    Instr::GlobalGet {
                        dst,
                        global: *global_index,
                    },
                    ty,
                    None,
                );
            }
            Operator::GlobalSet { global_index } => {
                let top = self.index_from_top(0)?;
                if self.stack[top].ty == ValType::V128 {
                    let src = self.read_v128(top - 1);
                    self.pop_value()?;
                    let global = *global_index;
                    self.emit(Instr::GlobalSetV128 { global, src }, Operands::Popped);
                    return Ok(());
                }
                let [src] = self.pop_slots::<1>()?;
                self.emit(
                    Instr::GlobalSet {
                        global: *global_index,
                        src,
                    },
                    Operands::Popped,
                );
            }
            Operator::I32Load { memarg } => load!(I32, I32Load, memarg),
            Operator::I64Load { memarg } => load!(I64, I64Load, memarg),
            Operator::F32Load { memarg } => load!(F32, F32Load, memarg),
            Operator::F64Load { memarg } => load!(F64, F64Load, memarg),
            Operator::I32Load8S { memarg } => load!(I32, I32Load8S, memarg),
            Operator::I32Load8U { memarg } => load!(I32, I32Load8U, memarg),
            Operator::I32Load16S { memarg } => load!(I32, I32Load16S, memarg),
            Operator::I32Load16U { memarg } => load!(I32, I32Load16U, memarg),
            Operator::I64Load8S { memarg } => load!(I64, I64Load8S, memarg),
            Operator::I64Load8U { memarg } => load!(I64, I64Load8U, memarg),
            Operator::I64Load16S { memarg } => load!(I64, I64Load16S, memarg),
            Operator::I64Load16U { memarg } => load!(I64, I64Load16U, memarg),
            Operator::I64Load32S { memarg } => load!(I64, I64Load32S, memarg),
            Operator::I64Load32U { memarg } => load!(I64, I64Load32U, memarg),
            Operator::I32Store { memarg } => store!(I32Store, memarg),
            Operator::I64Store { memarg } => store!(I64Store, memarg),
            Operator::F32Store { memarg } => store!(F32Store, memarg),
            Operator::F64Store { memarg } => store!(F64Store, memarg),
            Operator::I32Store8 { memarg } => store!(I32Store8, memarg),
            Operator::I32Store16 { memarg } => store!(I32Store16, memarg),
            Operator::I64Store8 { memarg } => store!(I64Store8, memarg),
            Operator::I64Store16 { memarg } => store!(I64Store16, memarg),
            Operator::I64Store32 { memarg } => store!(I64Store32, memarg),
            Operator::V128Load { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load8x8S { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load8x8S {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load8x8U { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load8x8U {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load16x4S { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load16x4S {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load16x4U { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load16x4U {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load32x2S { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load32x2S {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load32x2U { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load32x2U {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load8Splat { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load8Splat {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load16Splat { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load16Splat {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load32Splat { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load32Splat {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load64Splat { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load64Splat {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load32Zero { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load32Zero {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Load64Zero { memarg } => {
                self.v128_load(memarg, |dst, addr, offset, mem| Instr::V128Load64Zero {
                    dst,
                    addr,
                    offset,
                    mem,
                })?
            }
            Operator::V128Store { memarg } => {
                self.v128_store(memarg, |addr, offset, mem, value| Instr::V128Store {
                    addr,
                    offset,
                    mem,
                    value,
                })?
            }
            Operator::V128Load8Lane { memarg, lane } => {
                self.v128_load_lane(memarg, *lane, |dst, addr, offset, mem, src, lane| {
                    Instr::V128Load8Lane {
                        dst,
                        addr,
                        offset,
                        mem,
                        src,
                        lane,
                    }
                })?
            }
            Operator::V128Load16Lane { memarg, lane } => {
                self.v128_load_lane(memarg, *lane, |dst, addr, offset, mem, src, lane| {
                    Instr::V128Load16Lane {
                        dst,
                        addr,
                        offset,
                        mem,
                        src,
                        lane,
                    }
                })?
            }
            Operator::V128Load32Lane { memarg, lane } => {
                self.v128_load_lane(memarg, *lane, |dst, addr, offset, mem, src, lane| {
                    Instr::V128Load32Lane {
                        dst,
                        addr,
                        offset,
                        mem,
                        src,
                        lane,
                    }
                })?
            }
            Operator::V128Load64Lane { memarg, lane } => {
                self.v128_load_lane(memarg, *lane, |dst, addr, offset, mem, src, lane| {
                    Instr::V128Load64Lane {
                        dst,
                        addr,
                        offset,
                        mem,
                        src,
                        lane,
                    }
                })?
            }
            Operator::V128Store8Lane { memarg, lane } => {
                self.v128_store_lane(memarg, *lane, |addr, offset, mem, value, lane| {
                    Instr::V128Store8Lane {
                        addr,
                        offset,
                        mem,
                        value,
                        lane,
                    }
                })?
            }
            Operator::V128Store16Lane { memarg, lane } => {
                self.v128_store_lane(memarg, *lane, |addr, offset, mem, value, lane| {
                    Instr::V128Store16Lane {
                        addr,
                        offset,
                        mem,
                        value,
                        lane,
                    }
                })?
            }
            Operator::V128Store32Lane { memarg, lane } => {
                self.v128_store_lane(memarg, *lane, |addr, offset, mem, value, lane| {
                    Instr::V128Store32Lane {
                        addr,
                        offset,
                        mem,
                        value,
                        lane,
                    }
                })?
            }
            Operator::V128Store64Lane { memarg, lane } => {
                self.v128_store_lane(memarg, *lane, |addr, offset, mem, value, lane| {
                    Instr::V128Store64Lane {
                        addr,
                        offset,
                        mem,
                        value,
                        lane,
                    }
                })?
            }
            Operator::V128Const { value } => self.v128_const(u128::from_le_bytes(*value.bytes())),
            Operator::I8x16Shuffle { lanes } => self.v_shuffle(*lanes)?,
            Operator::I8x16ExtractLaneS { lane } => {
                self.v_extract(ValType::I32, *lane, |dst, src, lane| {
                    Instr::I8x16ExtractLaneS { dst, src, lane }
                })?
            }
            Operator::I8x16ExtractLaneU { lane } => {
                self.v_extract(ValType::I32, *lane, |dst, src, lane| {
                    Instr::I8x16ExtractLaneU { dst, src, lane }
                })?
            }
            Operator::I8x16ReplaceLane { lane } => {
                self.v_replace(*lane, |dst, src, lane, value| Instr::I8x16ReplaceLane {
                    dst,
                    src,
                    lane,
                    value,
                })?
            }
            Operator::I16x8ExtractLaneS { lane } => {
                self.v_extract(ValType::I32, *lane, |dst, src, lane| {
                    Instr::I16x8ExtractLaneS { dst, src, lane }
                })?
            }
            Operator::I16x8ExtractLaneU { lane } => {
                self.v_extract(ValType::I32, *lane, |dst, src, lane| {
                    Instr::I16x8ExtractLaneU { dst, src, lane }
                })?
            }
            Operator::I16x8ReplaceLane { lane } => {
                self.v_replace(*lane, |dst, src, lane, value| Instr::I16x8ReplaceLane {
                    dst,
                    src,
                    lane,
                    value,
                })?
            }
            Operator::I32x4ExtractLane { lane } => {
                self.v_extract(ValType::I32, *lane, |dst, src, lane| {
                    Instr::I32x4ExtractLane { dst, src, lane }
                })?
            }
            Operator::I32x4ReplaceLane { lane } => {
                self.v_replace(*lane, |dst, src, lane, value| Instr::I32x4ReplaceLane {
                    dst,
                    src,
                    lane,
                    value,
                })?
            }
            Operator::I64x2ExtractLane { lane } => {
                self.v_extract(ValType::I64, *lane, |dst, src, lane| {
                    Instr::I64x2ExtractLane { dst, src, lane }
                })?
            }
            Operator::I64x2ReplaceLane { lane } => {
                self.v_replace(*lane, |dst, src, lane, value| Instr::I64x2ReplaceLane {
                    dst,
                    src,
                    lane,
                    value,
                })?
            }
            Operator::F32x4ExtractLane { lane } => {
                self.v_extract(ValType::F32, *lane, |dst, src, lane| {
                    Instr::F32x4ExtractLane { dst, src, lane }
                })?
            }
            Operator::F32x4ReplaceLane { lane } => {
                self.v_replace(*lane, |dst, src, lane, value| Instr::F32x4ReplaceLane {
                    dst,
                    src,
                    lane,
                    value,
                })?
            }
            Operator::F64x2ExtractLane { lane } => {
                self.v_extract(ValType::F64, *lane, |dst, src, lane| {
                    Instr::F64x2ExtractLane { dst, src, lane }
                })?
            }
            Operator::F64x2ReplaceLane { lane } => {
                self.v_replace(*lane, |dst, src, lane, value| Instr::F64x2ReplaceLane {
                    dst,
                    src,
                    lane,
                    value,
                })?
            }
            Operator::I8x16Swizzle => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16Swizzle { dst, lhs, rhs },
                simd::i8x16_swizzle,
            )?,
            Operator::I8x16Splat => self.v_splat(
                |dst, src| Instr::I8x16Splat { dst, src },
                |c| simd::i8x16_splat(c as i32),
            )?,
            Operator::I16x8Splat => self.v_splat(
                |dst, src| Instr::I16x8Splat { dst, src },
                |c| simd::i16x8_splat(c as i32),
            )?,
            Operator::I32x4Splat => self.v_splat(
                |dst, src| Instr::I32x4Splat { dst, src },
                |c| simd::i32x4_splat(c as i32),
            )?,
            Operator::I64x2Splat => self.v_splat(
                |dst, src| Instr::I64x2Splat { dst, src },
                |c| simd::i64x2_splat(c as i64),
            )?,
            Operator::F32x4Splat => self.v_splat(
                |dst, src| Instr::F32x4Splat { dst, src },
                |c| simd::f32x4_splat(f32::from_bits(c as u32)),
            )?,
            Operator::F64x2Splat => self.v_splat(
                |dst, src| Instr::F64x2Splat { dst, src },
                |c| simd::f64x2_splat(f64::from_bits(c)),
            )?,
            Operator::I8x16Eq => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16Eq { dst, lhs, rhs },
                simd::i8x16_eq,
            )?,
            Operator::I8x16Ne => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16Ne { dst, lhs, rhs },
                simd::i8x16_ne,
            )?,
            Operator::I8x16LtS => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16LtS { dst, lhs, rhs },
                simd::i8x16_lt_s,
            )?,
            Operator::I8x16LtU => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16LtU { dst, lhs, rhs },
                simd::i8x16_lt_u,
            )?,
            Operator::I8x16GtS => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16GtS { dst, lhs, rhs },
                simd::i8x16_gt_s,
            )?,
            Operator::I8x16GtU => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16GtU { dst, lhs, rhs },
                simd::i8x16_gt_u,
            )?,
            Operator::I8x16LeS => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16LeS { dst, lhs, rhs },
                simd::i8x16_le_s,
            )?,
            Operator::I8x16LeU => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16LeU { dst, lhs, rhs },
                simd::i8x16_le_u,
            )?,
            Operator::I8x16GeS => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16GeS { dst, lhs, rhs },
                simd::i8x16_ge_s,
            )?,
            Operator::I8x16GeU => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16GeU { dst, lhs, rhs },
                simd::i8x16_ge_u,
            )?,
            Operator::I16x8Eq => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8Eq { dst, lhs, rhs },
                simd::i16x8_eq,
            )?,
            Operator::I16x8Ne => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8Ne { dst, lhs, rhs },
                simd::i16x8_ne,
            )?,
            Operator::I16x8LtS => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8LtS { dst, lhs, rhs },
                simd::i16x8_lt_s,
            )?,
            Operator::I16x8LtU => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8LtU { dst, lhs, rhs },
                simd::i16x8_lt_u,
            )?,
            Operator::I16x8GtS => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8GtS { dst, lhs, rhs },
                simd::i16x8_gt_s,
            )?,
            Operator::I16x8GtU => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8GtU { dst, lhs, rhs },
                simd::i16x8_gt_u,
            )?,
            Operator::I16x8LeS => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8LeS { dst, lhs, rhs },
                simd::i16x8_le_s,
            )?,
            Operator::I16x8LeU => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8LeU { dst, lhs, rhs },
                simd::i16x8_le_u,
            )?,
            Operator::I16x8GeS => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8GeS { dst, lhs, rhs },
                simd::i16x8_ge_s,
            )?,
            Operator::I16x8GeU => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8GeU { dst, lhs, rhs },
                simd::i16x8_ge_u,
            )?,
            Operator::I32x4Eq => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4Eq { dst, lhs, rhs },
                simd::i32x4_eq,
            )?,
            Operator::I32x4Ne => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4Ne { dst, lhs, rhs },
                simd::i32x4_ne,
            )?,
            Operator::I32x4LtS => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4LtS { dst, lhs, rhs },
                simd::i32x4_lt_s,
            )?,
            Operator::I32x4LtU => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4LtU { dst, lhs, rhs },
                simd::i32x4_lt_u,
            )?,
            Operator::I32x4GtS => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4GtS { dst, lhs, rhs },
                simd::i32x4_gt_s,
            )?,
            Operator::I32x4GtU => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4GtU { dst, lhs, rhs },
                simd::i32x4_gt_u,
            )?,
            Operator::I32x4LeS => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4LeS { dst, lhs, rhs },
                simd::i32x4_le_s,
            )?,
            Operator::I32x4LeU => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4LeU { dst, lhs, rhs },
                simd::i32x4_le_u,
            )?,
            Operator::I32x4GeS => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4GeS { dst, lhs, rhs },
                simd::i32x4_ge_s,
            )?,
            Operator::I32x4GeU => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4GeU { dst, lhs, rhs },
                simd::i32x4_ge_u,
            )?,
            Operator::I64x2Eq => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2Eq { dst, lhs, rhs },
                simd::i64x2_eq,
            )?,
            Operator::I64x2Ne => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2Ne { dst, lhs, rhs },
                simd::i64x2_ne,
            )?,
            Operator::I64x2LtS => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2LtS { dst, lhs, rhs },
                simd::i64x2_lt_s,
            )?,
            Operator::I64x2GtS => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2GtS { dst, lhs, rhs },
                simd::i64x2_gt_s,
            )?,
            Operator::I64x2LeS => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2LeS { dst, lhs, rhs },
                simd::i64x2_le_s,
            )?,
            Operator::I64x2GeS => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2GeS { dst, lhs, rhs },
                simd::i64x2_ge_s,
            )?,
            Operator::F32x4Eq => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Eq { dst, lhs, rhs },
                simd::f32x4_eq,
            )?,
            Operator::F32x4Ne => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Ne { dst, lhs, rhs },
                simd::f32x4_ne,
            )?,
            Operator::F32x4Lt => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Lt { dst, lhs, rhs },
                simd::f32x4_lt,
            )?,
            Operator::F32x4Gt => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Gt { dst, lhs, rhs },
                simd::f32x4_gt,
            )?,
            Operator::F32x4Le => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Le { dst, lhs, rhs },
                simd::f32x4_le,
            )?,
            Operator::F32x4Ge => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Ge { dst, lhs, rhs },
                simd::f32x4_ge,
            )?,
            Operator::F64x2Eq => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Eq { dst, lhs, rhs },
                simd::f64x2_eq,
            )?,
            Operator::F64x2Ne => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Ne { dst, lhs, rhs },
                simd::f64x2_ne,
            )?,
            Operator::F64x2Lt => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Lt { dst, lhs, rhs },
                simd::f64x2_lt,
            )?,
            Operator::F64x2Gt => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Gt { dst, lhs, rhs },
                simd::f64x2_gt,
            )?,
            Operator::F64x2Le => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Le { dst, lhs, rhs },
                simd::f64x2_le,
            )?,
            Operator::F64x2Ge => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Ge { dst, lhs, rhs },
                simd::f64x2_ge,
            )?,
            Operator::V128Not => {
                self.v_unop(|dst, src| Instr::V128Not { dst, src }, simd::v128_not)?
            }
            Operator::V128And => self.v_binop(
                |dst, lhs, rhs| Instr::V128And { dst, lhs, rhs },
                simd::v128_and,
            )?,
            Operator::V128AndNot => self.v_binop(
                |dst, lhs, rhs| Instr::V128AndNot { dst, lhs, rhs },
                simd::v128_andnot,
            )?,
            Operator::V128Or => self.v_binop(
                |dst, lhs, rhs| Instr::V128Or { dst, lhs, rhs },
                simd::v128_or,
            )?,
            Operator::V128Xor => self.v_binop(
                |dst, lhs, rhs| Instr::V128Xor { dst, lhs, rhs },
                simd::v128_xor,
            )?,
            Operator::V128Bitselect => self.v_ternop(
                |dst, a, b, c| Instr::V128Bitselect { dst, a, b, c },
                simd::v128_bitselect,
            )?,
            Operator::V128AnyTrue => self.v_test(|dst, src| Instr::V128AnyTrue { dst, src })?,
            Operator::I8x16Abs => {
                self.v_unop(|dst, src| Instr::I8x16Abs { dst, src }, simd::i8x16_abs)?
            }
            Operator::I8x16Neg => {
                self.v_unop(|dst, src| Instr::I8x16Neg { dst, src }, simd::i8x16_neg)?
            }
            Operator::I8x16Popcnt => self.v_unop(
                |dst, src| Instr::I8x16Popcnt { dst, src },
                simd::i8x16_popcnt,
            )?,
            Operator::I8x16AllTrue => self.v_test(|dst, src| Instr::I8x16AllTrue { dst, src })?,
            Operator::I8x16Bitmask => self.v_test(|dst, src| Instr::I8x16Bitmask { dst, src })?,
            Operator::I8x16NarrowI16x8S => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16NarrowI16x8S { dst, lhs, rhs },
                simd::i8x16_narrow_i16x8_s,
            )?,
            Operator::I8x16NarrowI16x8U => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16NarrowI16x8U { dst, lhs, rhs },
                simd::i8x16_narrow_i16x8_u,
            )?,
            Operator::I8x16Shl => self.v_shift(
                |dst, lhs, rhs| Instr::I8x16Shl { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I8x16ShlImm { dst, lhs, rhs },
                simd::i8x16_shl,
            )?,
            Operator::I8x16ShrS => self.v_shift(
                |dst, lhs, rhs| Instr::I8x16ShrS { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I8x16ShrSImm { dst, lhs, rhs },
                simd::i8x16_shr_s,
            )?,
            Operator::I8x16ShrU => self.v_shift(
                |dst, lhs, rhs| Instr::I8x16ShrU { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I8x16ShrUImm { dst, lhs, rhs },
                simd::i8x16_shr_u,
            )?,
            Operator::I8x16Add => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16Add { dst, lhs, rhs },
                simd::i8x16_add,
            )?,
            Operator::I8x16AddSatS => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16AddSatS { dst, lhs, rhs },
                simd::i8x16_add_sat_s,
            )?,
            Operator::I8x16AddSatU => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16AddSatU { dst, lhs, rhs },
                simd::i8x16_add_sat_u,
            )?,
            Operator::I8x16Sub => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16Sub { dst, lhs, rhs },
                simd::i8x16_sub,
            )?,
            Operator::I8x16SubSatS => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16SubSatS { dst, lhs, rhs },
                simd::i8x16_sub_sat_s,
            )?,
            Operator::I8x16SubSatU => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16SubSatU { dst, lhs, rhs },
                simd::i8x16_sub_sat_u,
            )?,
            Operator::I8x16MinS => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16MinS { dst, lhs, rhs },
                simd::i8x16_min_s,
            )?,
            Operator::I8x16MinU => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16MinU { dst, lhs, rhs },
                simd::i8x16_min_u,
            )?,
            Operator::I8x16MaxS => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16MaxS { dst, lhs, rhs },
                simd::i8x16_max_s,
            )?,
            Operator::I8x16MaxU => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16MaxU { dst, lhs, rhs },
                simd::i8x16_max_u,
            )?,
            Operator::I8x16AvgrU => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16AvgrU { dst, lhs, rhs },
                simd::i8x16_avgr_u,
            )?,
            Operator::I16x8ExtAddPairwiseI8x16S => self.v_unop(
                |dst, src| Instr::I16x8ExtAddPairwiseI8x16S { dst, src },
                simd::i16x8_extadd_pairwise_i8x16_s,
            )?,
            Operator::I16x8ExtAddPairwiseI8x16U => self.v_unop(
                |dst, src| Instr::I16x8ExtAddPairwiseI8x16U { dst, src },
                simd::i16x8_extadd_pairwise_i8x16_u,
            )?,
            Operator::I16x8Abs => {
                self.v_unop(|dst, src| Instr::I16x8Abs { dst, src }, simd::i16x8_abs)?
            }
            Operator::I16x8Neg => {
                self.v_unop(|dst, src| Instr::I16x8Neg { dst, src }, simd::i16x8_neg)?
            }
            Operator::I16x8Q15MulrSatS => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8Q15MulrSatS { dst, lhs, rhs },
                simd::i16x8_q15mulr_sat_s,
            )?,
            Operator::I16x8AllTrue => self.v_test(|dst, src| Instr::I16x8AllTrue { dst, src })?,
            Operator::I16x8Bitmask => self.v_test(|dst, src| Instr::I16x8Bitmask { dst, src })?,
            Operator::I16x8NarrowI32x4S => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8NarrowI32x4S { dst, lhs, rhs },
                simd::i16x8_narrow_i32x4_s,
            )?,
            Operator::I16x8NarrowI32x4U => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8NarrowI32x4U { dst, lhs, rhs },
                simd::i16x8_narrow_i32x4_u,
            )?,
            Operator::I16x8ExtendLowI8x16S => self.v_unop(
                |dst, src| Instr::I16x8ExtendLowI8x16S { dst, src },
                simd::i16x8_extend_low_i8x16_s,
            )?,
            Operator::I16x8ExtendHighI8x16S => self.v_unop(
                |dst, src| Instr::I16x8ExtendHighI8x16S { dst, src },
                simd::i16x8_extend_high_i8x16_s,
            )?,
            Operator::I16x8ExtendLowI8x16U => self.v_unop(
                |dst, src| Instr::I16x8ExtendLowI8x16U { dst, src },
                simd::i16x8_extend_low_i8x16_u,
            )?,
            Operator::I16x8ExtendHighI8x16U => self.v_unop(
                |dst, src| Instr::I16x8ExtendHighI8x16U { dst, src },
                simd::i16x8_extend_high_i8x16_u,
            )?,
            Operator::I16x8Shl => self.v_shift(
                |dst, lhs, rhs| Instr::I16x8Shl { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I16x8ShlImm { dst, lhs, rhs },
                simd::i16x8_shl,
            )?,
            Operator::I16x8ShrS => self.v_shift(
                |dst, lhs, rhs| Instr::I16x8ShrS { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I16x8ShrSImm { dst, lhs, rhs },
                simd::i16x8_shr_s,
            )?,
            Operator::I16x8ShrU => self.v_shift(
                |dst, lhs, rhs| Instr::I16x8ShrU { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I16x8ShrUImm { dst, lhs, rhs },
                simd::i16x8_shr_u,
            )?,
            Operator::I16x8Add => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8Add { dst, lhs, rhs },
                simd::i16x8_add,
            )?,
            Operator::I16x8AddSatS => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8AddSatS { dst, lhs, rhs },
                simd::i16x8_add_sat_s,
            )?,
            Operator::I16x8AddSatU => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8AddSatU { dst, lhs, rhs },
                simd::i16x8_add_sat_u,
            )?,
            Operator::I16x8Sub => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8Sub { dst, lhs, rhs },
                simd::i16x8_sub,
            )?,
            Operator::I16x8SubSatS => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8SubSatS { dst, lhs, rhs },
                simd::i16x8_sub_sat_s,
            )?,
            Operator::I16x8SubSatU => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8SubSatU { dst, lhs, rhs },
                simd::i16x8_sub_sat_u,
            )?,
            Operator::I16x8Mul => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8Mul { dst, lhs, rhs },
                simd::i16x8_mul,
            )?,
            Operator::I16x8MinS => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8MinS { dst, lhs, rhs },
                simd::i16x8_min_s,
            )?,
            Operator::I16x8MinU => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8MinU { dst, lhs, rhs },
                simd::i16x8_min_u,
            )?,
            Operator::I16x8MaxS => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8MaxS { dst, lhs, rhs },
                simd::i16x8_max_s,
            )?,
            Operator::I16x8MaxU => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8MaxU { dst, lhs, rhs },
                simd::i16x8_max_u,
            )?,
            Operator::I16x8AvgrU => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8AvgrU { dst, lhs, rhs },
                simd::i16x8_avgr_u,
            )?,
            Operator::I16x8ExtMulLowI8x16S => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8ExtMulLowI8x16S { dst, lhs, rhs },
                simd::i16x8_extmul_low_i8x16_s,
            )?,
            Operator::I16x8ExtMulHighI8x16S => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8ExtMulHighI8x16S { dst, lhs, rhs },
                simd::i16x8_extmul_high_i8x16_s,
            )?,
            Operator::I16x8ExtMulLowI8x16U => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8ExtMulLowI8x16U { dst, lhs, rhs },
                simd::i16x8_extmul_low_i8x16_u,
            )?,
            Operator::I16x8ExtMulHighI8x16U => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8ExtMulHighI8x16U { dst, lhs, rhs },
                simd::i16x8_extmul_high_i8x16_u,
            )?,
            Operator::I32x4ExtAddPairwiseI16x8S => self.v_unop(
                |dst, src| Instr::I32x4ExtAddPairwiseI16x8S { dst, src },
                simd::i32x4_extadd_pairwise_i16x8_s,
            )?,
            Operator::I32x4ExtAddPairwiseI16x8U => self.v_unop(
                |dst, src| Instr::I32x4ExtAddPairwiseI16x8U { dst, src },
                simd::i32x4_extadd_pairwise_i16x8_u,
            )?,
            Operator::I32x4Abs => {
                self.v_unop(|dst, src| Instr::I32x4Abs { dst, src }, simd::i32x4_abs)?
            }
            Operator::I32x4Neg => {
                self.v_unop(|dst, src| Instr::I32x4Neg { dst, src }, simd::i32x4_neg)?
            }
            Operator::I32x4AllTrue => self.v_test(|dst, src| Instr::I32x4AllTrue { dst, src })?,
            Operator::I32x4Bitmask => self.v_test(|dst, src| Instr::I32x4Bitmask { dst, src })?,
            Operator::I32x4ExtendLowI16x8S => self.v_unop(
                |dst, src| Instr::I32x4ExtendLowI16x8S { dst, src },
                simd::i32x4_extend_low_i16x8_s,
            )?,
            Operator::I32x4ExtendHighI16x8S => self.v_unop(
                |dst, src| Instr::I32x4ExtendHighI16x8S { dst, src },
                simd::i32x4_extend_high_i16x8_s,
            )?,
            Operator::I32x4ExtendLowI16x8U => self.v_unop(
                |dst, src| Instr::I32x4ExtendLowI16x8U { dst, src },
                simd::i32x4_extend_low_i16x8_u,
            )?,
            Operator::I32x4ExtendHighI16x8U => self.v_unop(
                |dst, src| Instr::I32x4ExtendHighI16x8U { dst, src },
                simd::i32x4_extend_high_i16x8_u,
            )?,
            Operator::I32x4Shl => self.v_shift(
                |dst, lhs, rhs| Instr::I32x4Shl { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I32x4ShlImm { dst, lhs, rhs },
                simd::i32x4_shl,
            )?,
            Operator::I32x4ShrS => self.v_shift(
                |dst, lhs, rhs| Instr::I32x4ShrS { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I32x4ShrSImm { dst, lhs, rhs },
                simd::i32x4_shr_s,
            )?,
            Operator::I32x4ShrU => self.v_shift(
                |dst, lhs, rhs| Instr::I32x4ShrU { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I32x4ShrUImm { dst, lhs, rhs },
                simd::i32x4_shr_u,
            )?,
            Operator::I32x4Add => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4Add { dst, lhs, rhs },
                simd::i32x4_add,
            )?,
            Operator::I32x4Sub => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4Sub { dst, lhs, rhs },
                simd::i32x4_sub,
            )?,
            Operator::I32x4Mul => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4Mul { dst, lhs, rhs },
                simd::i32x4_mul,
            )?,
            Operator::I32x4MinS => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4MinS { dst, lhs, rhs },
                simd::i32x4_min_s,
            )?,
            Operator::I32x4MinU => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4MinU { dst, lhs, rhs },
                simd::i32x4_min_u,
            )?,
            Operator::I32x4MaxS => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4MaxS { dst, lhs, rhs },
                simd::i32x4_max_s,
            )?,
            Operator::I32x4MaxU => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4MaxU { dst, lhs, rhs },
                simd::i32x4_max_u,
            )?,
            Operator::I32x4DotI16x8S => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4DotI16x8S { dst, lhs, rhs },
                simd::i32x4_dot_i16x8_s,
            )?,
            Operator::I32x4ExtMulLowI16x8S => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4ExtMulLowI16x8S { dst, lhs, rhs },
                simd::i32x4_extmul_low_i16x8_s,
            )?,
            Operator::I32x4ExtMulHighI16x8S => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4ExtMulHighI16x8S { dst, lhs, rhs },
                simd::i32x4_extmul_high_i16x8_s,
            )?,
            Operator::I32x4ExtMulLowI16x8U => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4ExtMulLowI16x8U { dst, lhs, rhs },
                simd::i32x4_extmul_low_i16x8_u,
            )?,
            Operator::I32x4ExtMulHighI16x8U => self.v_binop(
                |dst, lhs, rhs| Instr::I32x4ExtMulHighI16x8U { dst, lhs, rhs },
                simd::i32x4_extmul_high_i16x8_u,
            )?,
            Operator::I64x2Abs => {
                self.v_unop(|dst, src| Instr::I64x2Abs { dst, src }, simd::i64x2_abs)?
            }
            Operator::I64x2Neg => {
                self.v_unop(|dst, src| Instr::I64x2Neg { dst, src }, simd::i64x2_neg)?
            }
            Operator::I64x2AllTrue => self.v_test(|dst, src| Instr::I64x2AllTrue { dst, src })?,
            Operator::I64x2Bitmask => self.v_test(|dst, src| Instr::I64x2Bitmask { dst, src })?,
            Operator::I64x2ExtendLowI32x4S => self.v_unop(
                |dst, src| Instr::I64x2ExtendLowI32x4S { dst, src },
                simd::i64x2_extend_low_i32x4_s,
            )?,
            Operator::I64x2ExtendHighI32x4S => self.v_unop(
                |dst, src| Instr::I64x2ExtendHighI32x4S { dst, src },
                simd::i64x2_extend_high_i32x4_s,
            )?,
            Operator::I64x2ExtendLowI32x4U => self.v_unop(
                |dst, src| Instr::I64x2ExtendLowI32x4U { dst, src },
                simd::i64x2_extend_low_i32x4_u,
            )?,
            Operator::I64x2ExtendHighI32x4U => self.v_unop(
                |dst, src| Instr::I64x2ExtendHighI32x4U { dst, src },
                simd::i64x2_extend_high_i32x4_u,
            )?,
            Operator::I64x2Shl => self.v_shift(
                |dst, lhs, rhs| Instr::I64x2Shl { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I64x2ShlImm { dst, lhs, rhs },
                simd::i64x2_shl,
            )?,
            Operator::I64x2ShrS => self.v_shift(
                |dst, lhs, rhs| Instr::I64x2ShrS { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I64x2ShrSImm { dst, lhs, rhs },
                simd::i64x2_shr_s,
            )?,
            Operator::I64x2ShrU => self.v_shift(
                |dst, lhs, rhs| Instr::I64x2ShrU { dst, lhs, rhs },
                |dst, lhs, rhs| Instr::I64x2ShrUImm { dst, lhs, rhs },
                simd::i64x2_shr_u,
            )?,
            Operator::I64x2Add => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2Add { dst, lhs, rhs },
                simd::i64x2_add,
            )?,
            Operator::I64x2Sub => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2Sub { dst, lhs, rhs },
                simd::i64x2_sub,
            )?,
            Operator::I64x2Mul => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2Mul { dst, lhs, rhs },
                simd::i64x2_mul,
            )?,
            Operator::I64x2ExtMulLowI32x4S => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2ExtMulLowI32x4S { dst, lhs, rhs },
                simd::i64x2_extmul_low_i32x4_s,
            )?,
            Operator::I64x2ExtMulHighI32x4S => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2ExtMulHighI32x4S { dst, lhs, rhs },
                simd::i64x2_extmul_high_i32x4_s,
            )?,
            Operator::I64x2ExtMulLowI32x4U => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2ExtMulLowI32x4U { dst, lhs, rhs },
                simd::i64x2_extmul_low_i32x4_u,
            )?,
            Operator::I64x2ExtMulHighI32x4U => self.v_binop(
                |dst, lhs, rhs| Instr::I64x2ExtMulHighI32x4U { dst, lhs, rhs },
                simd::i64x2_extmul_high_i32x4_u,
            )?,
            Operator::F32x4Ceil => {
                self.v_unop(|dst, src| Instr::F32x4Ceil { dst, src }, simd::f32x4_ceil)?
            }
            Operator::F32x4Floor => {
                self.v_unop(|dst, src| Instr::F32x4Floor { dst, src }, simd::f32x4_floor)?
            }
            Operator::F32x4Trunc => {
                self.v_unop(|dst, src| Instr::F32x4Trunc { dst, src }, simd::f32x4_trunc)?
            }
            Operator::F32x4Nearest => self.v_unop(
                |dst, src| Instr::F32x4Nearest { dst, src },
                simd::f32x4_nearest,
            )?,
            Operator::F32x4Abs => {
                self.v_unop(|dst, src| Instr::F32x4Abs { dst, src }, simd::f32x4_abs)?
            }
            Operator::F32x4Neg => {
                self.v_unop(|dst, src| Instr::F32x4Neg { dst, src }, simd::f32x4_neg)?
            }
            Operator::F32x4Sqrt => {
                self.v_unop(|dst, src| Instr::F32x4Sqrt { dst, src }, simd::f32x4_sqrt)?
            }
            Operator::F32x4Add => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Add { dst, lhs, rhs },
                simd::f32x4_add,
            )?,
            Operator::F32x4Sub => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Sub { dst, lhs, rhs },
                simd::f32x4_sub,
            )?,
            Operator::F32x4Mul => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Mul { dst, lhs, rhs },
                simd::f32x4_mul,
            )?,
            Operator::F32x4Div => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Div { dst, lhs, rhs },
                simd::f32x4_div,
            )?,
            Operator::F32x4Min => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Min { dst, lhs, rhs },
                simd::f32x4_min,
            )?,
            Operator::F32x4Max => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4Max { dst, lhs, rhs },
                simd::f32x4_max,
            )?,
            Operator::F32x4PMin => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4PMin { dst, lhs, rhs },
                simd::f32x4_pmin,
            )?,
            Operator::F32x4PMax => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4PMax { dst, lhs, rhs },
                simd::f32x4_pmax,
            )?,
            Operator::F64x2Ceil => {
                self.v_unop(|dst, src| Instr::F64x2Ceil { dst, src }, simd::f64x2_ceil)?
            }
            Operator::F64x2Floor => {
                self.v_unop(|dst, src| Instr::F64x2Floor { dst, src }, simd::f64x2_floor)?
            }
            Operator::F64x2Trunc => {
                self.v_unop(|dst, src| Instr::F64x2Trunc { dst, src }, simd::f64x2_trunc)?
            }
            Operator::F64x2Nearest => self.v_unop(
                |dst, src| Instr::F64x2Nearest { dst, src },
                simd::f64x2_nearest,
            )?,
            Operator::F64x2Abs => {
                self.v_unop(|dst, src| Instr::F64x2Abs { dst, src }, simd::f64x2_abs)?
            }
            Operator::F64x2Neg => {
                self.v_unop(|dst, src| Instr::F64x2Neg { dst, src }, simd::f64x2_neg)?
            }
            Operator::F64x2Sqrt => {
                self.v_unop(|dst, src| Instr::F64x2Sqrt { dst, src }, simd::f64x2_sqrt)?
            }
            Operator::F64x2Add => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Add { dst, lhs, rhs },
                simd::f64x2_add,
            )?,
            Operator::F64x2Sub => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Sub { dst, lhs, rhs },
                simd::f64x2_sub,
            )?,
            Operator::F64x2Mul => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Mul { dst, lhs, rhs },
                simd::f64x2_mul,
            )?,
            Operator::F64x2Div => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Div { dst, lhs, rhs },
                simd::f64x2_div,
            )?,
            Operator::F64x2Min => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Min { dst, lhs, rhs },
                simd::f64x2_min,
            )?,
            Operator::F64x2Max => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2Max { dst, lhs, rhs },
                simd::f64x2_max,
            )?,
            Operator::F64x2PMin => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2PMin { dst, lhs, rhs },
                simd::f64x2_pmin,
            )?,
            Operator::F64x2PMax => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2PMax { dst, lhs, rhs },
                simd::f64x2_pmax,
            )?,
            Operator::I32x4TruncSatF32x4S => self.v_unop(
                |dst, src| Instr::I32x4TruncSatF32x4S { dst, src },
                simd::i32x4_trunc_sat_f32x4_s,
            )?,
            Operator::I32x4TruncSatF32x4U => self.v_unop(
                |dst, src| Instr::I32x4TruncSatF32x4U { dst, src },
                simd::i32x4_trunc_sat_f32x4_u,
            )?,
            Operator::F32x4ConvertI32x4S => self.v_unop(
                |dst, src| Instr::F32x4ConvertI32x4S { dst, src },
                simd::f32x4_convert_i32x4_s,
            )?,
            Operator::F32x4ConvertI32x4U => self.v_unop(
                |dst, src| Instr::F32x4ConvertI32x4U { dst, src },
                simd::f32x4_convert_i32x4_u,
            )?,
            Operator::I32x4TruncSatF64x2SZero => self.v_unop(
                |dst, src| Instr::I32x4TruncSatF64x2SZero { dst, src },
                simd::i32x4_trunc_sat_f64x2_s_zero,
            )?,
            Operator::I32x4TruncSatF64x2UZero => self.v_unop(
                |dst, src| Instr::I32x4TruncSatF64x2UZero { dst, src },
                simd::i32x4_trunc_sat_f64x2_u_zero,
            )?,
            Operator::F64x2ConvertLowI32x4S => self.v_unop(
                |dst, src| Instr::F64x2ConvertLowI32x4S { dst, src },
                simd::f64x2_convert_low_i32x4_s,
            )?,
            Operator::F64x2ConvertLowI32x4U => self.v_unop(
                |dst, src| Instr::F64x2ConvertLowI32x4U { dst, src },
                simd::f64x2_convert_low_i32x4_u,
            )?,
            Operator::F32x4DemoteF64x2Zero => self.v_unop(
                |dst, src| Instr::F32x4DemoteF64x2Zero { dst, src },
                simd::f32x4_demote_f64x2_zero,
            )?,
            Operator::F64x2PromoteLowF32x4 => self.v_unop(
                |dst, src| Instr::F64x2PromoteLowF32x4 { dst, src },
                simd::f64x2_promote_low_f32x4,
            )?,
            Operator::I8x16RelaxedSwizzle => self.v_binop(
                |dst, lhs, rhs| Instr::I8x16RelaxedSwizzle { dst, lhs, rhs },
                simd::i8x16_relaxed_swizzle,
            )?,
            Operator::I32x4RelaxedTruncF32x4S => self.v_unop(
                |dst, src| Instr::I32x4RelaxedTruncF32x4S { dst, src },
                simd::i32x4_relaxed_trunc_f32x4_s,
            )?,
            Operator::I32x4RelaxedTruncF32x4U => self.v_unop(
                |dst, src| Instr::I32x4RelaxedTruncF32x4U { dst, src },
                simd::i32x4_relaxed_trunc_f32x4_u,
            )?,
            Operator::I32x4RelaxedTruncF64x2SZero => self.v_unop(
                |dst, src| Instr::I32x4RelaxedTruncF64x2SZero { dst, src },
                simd::i32x4_relaxed_trunc_f64x2_s_zero,
            )?,
            Operator::I32x4RelaxedTruncF64x2UZero => self.v_unop(
                |dst, src| Instr::I32x4RelaxedTruncF64x2UZero { dst, src },
                simd::i32x4_relaxed_trunc_f64x2_u_zero,
            )?,
            Operator::F32x4RelaxedMadd => self.v_ternop(
                |dst, a, b, c| Instr::F32x4RelaxedMadd { dst, a, b, c },
                simd::f32x4_relaxed_madd,
            )?,
            Operator::F32x4RelaxedNmadd => self.v_ternop(
                |dst, a, b, c| Instr::F32x4RelaxedNmadd { dst, a, b, c },
                simd::f32x4_relaxed_nmadd,
            )?,
            Operator::F64x2RelaxedMadd => self.v_ternop(
                |dst, a, b, c| Instr::F64x2RelaxedMadd { dst, a, b, c },
                simd::f64x2_relaxed_madd,
            )?,
            Operator::F64x2RelaxedNmadd => self.v_ternop(
                |dst, a, b, c| Instr::F64x2RelaxedNmadd { dst, a, b, c },
                simd::f64x2_relaxed_nmadd,
            )?,
            Operator::I8x16RelaxedLaneselect => self.v_ternop(
                |dst, a, b, c| Instr::I8x16RelaxedLaneselect { dst, a, b, c },
                simd::i8x16_relaxed_laneselect,
            )?,
            Operator::I16x8RelaxedLaneselect => self.v_ternop(
                |dst, a, b, c| Instr::I16x8RelaxedLaneselect { dst, a, b, c },
                simd::i16x8_relaxed_laneselect,
            )?,
            Operator::I32x4RelaxedLaneselect => self.v_ternop(
                |dst, a, b, c| Instr::I32x4RelaxedLaneselect { dst, a, b, c },
                simd::i32x4_relaxed_laneselect,
            )?,
            Operator::I64x2RelaxedLaneselect => self.v_ternop(
                |dst, a, b, c| Instr::I64x2RelaxedLaneselect { dst, a, b, c },
                simd::i64x2_relaxed_laneselect,
            )?,
            Operator::F32x4RelaxedMin => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4RelaxedMin { dst, lhs, rhs },
                simd::f32x4_relaxed_min,
            )?,
            Operator::F32x4RelaxedMax => self.v_binop(
                |dst, lhs, rhs| Instr::F32x4RelaxedMax { dst, lhs, rhs },
                simd::f32x4_relaxed_max,
            )?,
            Operator::F64x2RelaxedMin => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2RelaxedMin { dst, lhs, rhs },
                simd::f64x2_relaxed_min,
            )?,
            Operator::F64x2RelaxedMax => self.v_binop(
                |dst, lhs, rhs| Instr::F64x2RelaxedMax { dst, lhs, rhs },
                simd::f64x2_relaxed_max,
            )?,
            Operator::I16x8RelaxedQ15mulrS => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8RelaxedQ15mulrS { dst, lhs, rhs },
                simd::i16x8_relaxed_q15mulr_s,
            )?,
            Operator::I16x8RelaxedDotI8x16I7x16S => self.v_binop(
                |dst, lhs, rhs| Instr::I16x8RelaxedDotI8x16I7x16S { dst, lhs, rhs },
                simd::i16x8_relaxed_dot_i8x16_i7x16_s,
            )?,
            Operator::I32x4RelaxedDotI8x16I7x16AddS => self.v_ternop(
                |dst, a, b, c| Instr::I32x4RelaxedDotI8x16I7x16AddS { dst, a, b, c },
                simd::i32x4_relaxed_dot_i8x16_i7x16_add_s,
            )?,
            Operator::MemorySize { mem } => {
                let dst = self.temp_slot(self.stack.len());
                self.emit_result(Instr::MemorySize { dst, mem: *mem }, I32, None);
            }
            Operator::MemoryGrow { mem } => {
                let [delta] = self.pop_slots::<1>()?;
                let dst = self.temp_slot(self.stack.len());
                self.emit_result(
                    Instr::MemoryGrow {
                        dst,
                        delta,
                        mem: *mem,
                    },
                    I32,
                    None,
                );
            }
            Operator::MemoryFill { mem } => {
                let [dst, value, len] = self.pop_slots::<3>()?;
                let instr = on_memory(Instr::MemoryFill { dst, value, len }, self.mem_field(*mem))?;
                self.emit(instr, Operands::Popped);
            }
            Operator::MemoryCopy { dst_mem, src_mem } => {
                let [dst, src, len] = self.pop_slots::<3>()?;
                let instr = match (self.mem_field(*dst_mem), self.mem_field(*src_mem)) {
                    (0, 0) => Instr::MemoryCopy { dst, src, len },
                    (dst_mem, src_mem) => Instr::MemoryCopyMem {
                        dst,
                        src,
                        len,
                        dst_mem,
                        src_mem,
                    },
                };
                self.emit(instr, Operands::Popped);
            }
            Operator::MemoryInit { data_index, mem } => {
                let [dst, src, len] = self.pop_slots::<3>()?;
                let data = *data_index;
                let mem = self.mem_field(*mem);
                let instr = on_memory(
                    Instr::MemoryInit {
                        data,
                        dst,
                        src,
                        len,
                    },
                    mem,
                )?;
                self.emit(instr, Operands::Popped);
            }
            Operator::DataDrop { data_index } => {
                self.emit(Instr::DataDrop { data: *data_index }, Operands::Kept);
            }
            Operator::TableGet { table } => {
                let ty = self.table_type(*table)?;
                let [index] = self.pop_slots::<1>()?;
                let dst = self.temp_slot(self.stack.len());
                self.emit_result(
                    Instr::TableGet {
                        dst,
                        table: *table,
                        index,
                    },
                    ty,
                    None,
                );
            }
            Operator::TableSet { table } => {
                let [index, value] = self.pop_slots::<2>()?;
                self.emit(
                    Instr::TableSet {
                        table: *table,
                        index,
                        value,
                    },
                    Operands::Popped,
                );
            }
            Operator::TableSize { table } => {
                let dst = self.temp_slot(self.stack.len());
                self.emit_result(Instr::TableSize { dst, table: *table }, I32, None);
            }
            Operator::TableGrow { table } => {
                let [init, delta] = self.pop_slots::<2>()?;
                let dst = self.temp_slot(self.stack.len());
                self.emit_result(
                    Instr::TableGrow {
                        dst,
                        table: *table,
                        init,
                        delta,
                    },
                    I32,
                    None,
                );
            }
            Operator::TableFill { table } => {
                let [index, value, len] = self.pop_slots::<3>()?;
                self.emit(
                    Instr::TableFill {
                        table: *table,
                        index,
                        value,
                        len,
                    },
                    Operands::Popped,
                );
            }
            Operator::TableCopy {
                dst_table,
                src_table,
            } => {
                let [dst, src, len] = self.pop_slots::<3>()?;
                self.emit(
                    Instr::TableCopy {
                        dst_table: *dst_table,
                        src_table: *src_table,
                        dst,
                        src,
                        len,
                    },
                    Operands::Popped,
                );
            }
            Operator::TableInit { elem_index, table } => {
                let [dst, src, len] = self.pop_slots::<3>()?;
                self.emit(
                    Instr::TableInit {
                        table: *table,
                        elem: *elem_index,
                        dst,
                        src,
                        len,
                    },
                    Operands::Popped,
                );
            }
            Operator::ElemDrop { elem_index } => {
                self.emit(Instr::ElemDrop { elem: *elem_index }, Operands::Kept);
            }
            Operator::I32Const { value } => self.push(Operand {
                provider: Provider::Imm(*value as u32 as u64),
                ty: I32,
            }),
            Operator::I64Const { value } => self.push(Operand {
                provider: Provider::Imm(*value as u64),
                ty: I64,
            }),
            Operator::F32Const { value } => self.push(Operand {
                provider: Provider::Imm(u64::from(value.bits())),
                ty: F32,
            }),
            Operator::F64Const { value } => self.push(Operand {
                provider: Provider::Imm(value.bits()),
                ty: F64,
            }),
            Operator::RefNull { hty } => {
                let ty = match hty {
                    wasmparser::HeapType::Abstract {
                        ty: wasmparser::AbstractHeapType::Extern,
                        ..
                    } => ValType::EXTERNREF,
                    _ => ValType::FUNCREF,
                };
                self.push(Operand {
                    provider: Provider::Imm(0),
                    ty,
                });
            }
            Operator::RefIsNull => un!(I32, I64Eqz),
            Operator::RefFunc { function_index } => {
                let dst = self.temp_slot(self.stack.len());
                self.emit_result(
                    Instr::RefFunc {
                        dst,
                        func: *function_index,
                    },
                    ValType::FUNCREF,
                    None,
                );
            }
            Operator::I32Eqz => self.eqz(|dst, src| Instr::I32Eqz { dst, src }, Cond::eqz32)?,
            Operator::I64Eqz => self.eqz(|dst, src| Instr::I64Eqz { dst, src }, Cond::eqz64)?,
            Operator::I32Eq => bin!(I32, I32Eq),
            Operator::I32Ne => bin!(I32, I32Ne),
            Operator::I32LtS => bin!(I32, I32LtS),
            Operator::I32LtU => bin!(I32, I32LtU),
            Operator::I32GtS => bin!(I32, I32GtS),
            Operator::I32GtU => bin!(I32, I32GtU),
            Operator::I32LeS => bin!(I32, I32LeS),
            Operator::I32LeU => bin!(I32, I32LeU),
            Operator::I32GeS => bin!(I32, I32GeS),
            Operator::I32GeU => bin!(I32, I32GeU),
            Operator::I64Eq => bin!(I32, I64Eq),
            Operator::I64Ne => bin!(I32, I64Ne),
            Operator::I64LtS => bin!(I32, I64LtS),
            Operator::I64LtU => bin!(I32, I64LtU),
            Operator::I64GtS => bin!(I32, I64GtS),
            Operator::I64GtU => bin!(I32, I64GtU),
            Operator::I64LeS => bin!(I32, I64LeS),
            Operator::I64LeU => bin!(I32, I64LeU),
            Operator::I64GeS => bin!(I32, I64GeS),
            Operator::I64GeU => bin!(I32, I64GeU),
            Operator::F32Eq => bin!(I32, F32Eq),
            Operator::F32Ne => bin!(I32, F32Ne),
            Operator::F32Lt => bin!(I32, F32Lt),
            Operator::F32Gt => bin!(I32, F32Gt),
            Operator::F32Le => bin!(I32, F32Le),
            Operator::F32Ge => bin!(I32, F32Ge),
            Operator::F64Eq => bin!(I32, F64Eq),
            Operator::F64Ne => bin!(I32, F64Ne),
            Operator::F64Lt => bin!(I32, F64Lt),
            Operator::F64Gt => bin!(I32, F64Gt),
            Operator::F64Le => bin!(I32, F64Le),
            Operator::F64Ge => bin!(I32, F64Ge),
            Operator::I32Clz => un!(I32, I32Clz),
            Operator::I32Ctz => un!(I32, I32Ctz),
            Operator::I32Popcnt => un!(I32, I32Popcnt),
            Operator::I32Add => bin!(I32, I32Add),
            Operator::I32Sub => bin!(I32, I32Sub),
            Operator::I32Mul => bin!(I32, I32Mul),
            Operator::I32DivS => bin!(I32, I32DivS),
            Operator::I32DivU => bin!(I32, I32DivU),
            Operator::I32RemS => bin!(I32, I32RemS),
            Operator::I32RemU => bin!(I32, I32RemU),
            Operator::I32And => bin!(I32, I32And),
            Operator::I32Or => bin!(I32, I32Or),
            Operator::I32Xor => bin!(I32, I32Xor),
            Operator::I32Shl => bin!(I32, I32Shl),
            Operator::I32ShrS => bin!(I32, I32ShrS),
            Operator::I32ShrU => bin!(I32, I32ShrU),
            Operator::I32Rotl => bin!(I32, I32Rotl),
            Operator::I32Rotr => bin!(I32, I32Rotr),
            Operator::I64Clz => un!(I64, I64Clz),
            Operator::I64Ctz => un!(I64, I64Ctz),
            Operator::I64Popcnt => un!(I64, I64Popcnt),
            Operator::I64Add => bin!(I64, I64Add),
            Operator::I64Sub => bin!(I64, I64Sub),
            Operator::I64Mul => bin!(I64, I64Mul),
            Operator::I64DivS => bin!(I64, I64DivS),
            Operator::I64DivU => bin!(I64, I64DivU),
            Operator::I64RemS => bin!(I64, I64RemS),
            Operator::I64RemU => bin!(I64, I64RemU),
            Operator::I64And => bin!(I64, I64And),
            Operator::I64Or => bin!(I64, I64Or),
            Operator::I64Xor => bin!(I64, I64Xor),
            Operator::I64Shl => bin!(I64, I64Shl),
            Operator::I64ShrS => bin!(I64, I64ShrS),
            Operator::I64ShrU => bin!(I64, I64ShrU),
            Operator::I64Rotl => bin!(I64, I64Rotl),
            Operator::I64Rotr => bin!(I64, I64Rotr),
            Operator::I64Add128 => {
                self.wide(
                    |hi, lo, [lhs_lo, lhs_hi, rhs_lo, rhs_hi]| Instr::I64Add128 {
                        hi,
                        lo,
                        lhs_lo,
                        lhs_hi,
                        rhs_lo,
                        rhs_hi,
                    },
                )?
            }
            Operator::I64Sub128 => {
                self.wide(
                    |hi, lo, [lhs_lo, lhs_hi, rhs_lo, rhs_hi]| Instr::I64Sub128 {
                        hi,
                        lo,
                        lhs_lo,
                        lhs_hi,
                        rhs_lo,
                        rhs_hi,
                    },
                )?
            }
            Operator::I64MulWideS => {
                self.wide(|hi, lo, [lhs, rhs]| Instr::I64MulWideS { hi, lo, lhs, rhs })?
            }
            Operator::I64MulWideU => {
                self.wide(|hi, lo, [lhs, rhs]| Instr::I64MulWideU { hi, lo, lhs, rhs })?
            }
            Operator::F32Abs => un!(F32, F32Abs),
            Operator::F32Neg => un!(F32, F32Neg),
            Operator::F32Ceil => un!(F32, F32Ceil),
            Operator::F32Floor => un!(F32, F32Floor),
            Operator::F32Trunc => un!(F32, F32Trunc),
            Operator::F32Nearest => un!(F32, F32Nearest),
            Operator::F32Sqrt => un!(F32, F32Sqrt),
            Operator::F32Add => bin!(F32, F32Add),
            Operator::F32Sub => bin!(F32, F32Sub),
            Operator::F32Mul => bin!(F32, F32Mul),
            Operator::F32Div => bin!(F32, F32Div),
            Operator::F32Min => bin!(F32, F32Min),
            Operator::F32Max => bin!(F32, F32Max),
            Operator::F32Copysign => bin!(F32, F32Copysign),
            Operator::F64Abs => un!(F64, F64Abs),
            Operator::F64Neg => un!(F64, F64Neg),
            Operator::F64Ceil => un!(F64, F64Ceil),
            Operator::F64Floor => un!(F64, F64Floor),
            Operator::F64Trunc => un!(F64, F64Trunc),
            Operator::F64Nearest => un!(F64, F64Nearest),
            Operator::F64Sqrt => un!(F64, F64Sqrt),
            Operator::F64Add => bin!(F64, F64Add),
            Operator::F64Sub => bin!(F64, F64Sub),
            Operator::F64Mul => bin!(F64, F64Mul),
            Operator::F64Div => bin!(F64, F64Div),
            Operator::F64Min => bin!(F64, F64Min),
            Operator::F64Max => bin!(F64, F64Max),
            Operator::F64Copysign => bin!(F64, F64Copysign),
            Operator::I32WrapI64 => un!(I32, I32WrapI64),
            Operator::I32TruncF32S => un!(I32, I32TruncF32S),
            Operator::I32TruncF32U => un!(I32, I32TruncF32U),
            Operator::I32TruncF64S => un!(I32, I32TruncF64S),
            Operator::I32TruncF64U => un!(I32, I32TruncF64U),
            Operator::I64ExtendI32S => un!(I64, I64ExtendI32S),
            Operator::I64ExtendI32U => un!(I64, I64ExtendI32U),
            Operator::I64TruncF32S => un!(I64, I64TruncF32S),
            Operator::I64TruncF32U => un!(I64, I64TruncF32U),
            Operator::I64TruncF64S => un!(I64, I64TruncF64S),
            Operator::I64TruncF64U => un!(I64, I64TruncF64U),
            Operator::F32ConvertI32S => un!(F32, F32ConvertI32S),
            Operator::F32ConvertI32U => un!(F32, F32ConvertI32U),
            Operator::F32ConvertI64S => un!(F32, F32ConvertI64S),
            Operator::F32ConvertI64U => un!(F32, F32ConvertI64U),
            Operator::F32DemoteF64 => un!(F32, F32DemoteF64),
            Operator::F64ConvertI32S => un!(F64, F64ConvertI32S),
            Operator::F64ConvertI32U => un!(F64, F64ConvertI32U),
            Operator::F64ConvertI64S => un!(F64, F64ConvertI64S),
            Operator::F64ConvertI64U => un!(F64, F64ConvertI64U),
            Operator::F64PromoteF32 => un!(F64, F64PromoteF32),
            Operator::I32ReinterpretF32 => self.reinterpret(I32)?,
            Operator::I64ReinterpretF64 => self.reinterpret(I64)?,
            Operator::F32ReinterpretI32 => self.reinterpret(F32)?,
            Operator::F64ReinterpretI64 => self.reinterpret(F64)?,
            Operator::I32Extend8S => un!(I32, I32Extend8S),
            Operator::I32Extend16S => un!(I32, I32Extend16S),
            Operator::I64Extend8S => un!(I64, I64Extend8S),
            Operator::I64Extend16S => un!(I64, I64Extend16S),
            Operator::I64Extend32S => un!(I64, I64Extend32S),
            Operator::I32TruncSatF32S => un!(I32, I32TruncSatF32S),
            Operator::I32TruncSatF32U => un!(I32, I32TruncSatF32U),
            Operator::I32TruncSatF64S => un!(I32, I32TruncSatF64S),
            Operator::I32TruncSatF64U => un!(I32, I32TruncSatF64U),
            Operator::I64TruncSatF32S => un!(I64, I64TruncSatF32S),
            Operator::I64TruncSatF32U => un!(I64, I64TruncSatF32U),
            Operator::I64TruncSatF64S => un!(I64, I64TruncSatF64S),
            Operator::I64TruncSatF64U => un!(I64, I64TruncSatF64U),
            other => {
                if !self.atomic(other)? {
                    return Err(CompileError::unsupported(
                        format!("the operator {other:?} (its proposal is not supported)"),
                        None,
                    ));
                }
            }
        }
        Ok(())
    }

    /// The memory field of an access of memory `mem`: its index, with
    /// [`SHARED_MEMORY`](crate::ir::SHARED_MEMORY) set for a shared memory (whose accesses
    /// then all take the `...Mem` forms, even for memory 0).
    fn mem_field(&self, mem: u32) -> u32 {
        match self.info.memories.get(mem as usize) {
            Some(m) if m.shared => mem | crate::ir::SHARED_MEMORY,
            _ => mem,
        }
    }

    /// The memory field ([`Translator::mem_field`]) and static offset of a memory access
    /// (32-bit memories only).
    fn mem_offset(&self, memarg: &wasmparser::MemArg) -> Result<(u32, u32), CompileError> {
        let wasmparser::MemArgTarget::Memory(mem) = memarg.target else {
            return Err(CompileError::unsupported(
                "multibyte array access (memarg with an array index)",
                None,
            ));
        };
        let offset = u32::try_from(memarg.offset).map_err(|_| invalid("offset out of range"))?;
        Ok((self.mem_field(mem), offset))
    }

    fn table_type(&self, table: u32) -> Result<ValType, CompileError> {
        match self.info.tables.get(table as usize) {
            Some(t) => Ok(ValType::Ref(t.element)),
            None => Err(invalid("unknown table")),
        }
    }
}

/// `instr` with its two operands swapped when that puts `first` first and means the same (the
/// form [`Instr::with_operands_swapped`] or [`Instr::value_first`] gives: commutative operations,
/// comparisons mirrored, subtractions reversed, stores taking their fields value-first), so the
/// accumulator can stand for it; otherwise `instr` unchanged. Float addition and multiplication
/// are commutative in the table: they differ only in which NaN payload a result with two NaN
/// operands carries, and Wasm leaves that choice open (`nans` in the spec's float operations).
fn with_operand_first(instr: Instr, first: Slot) -> Instr {
    // The slots it reads, in order; each swapped form reads its two the other way round.
    let mut reads = [None; 2];
    let mut n = 0;
    let mut probe = instr;
    probe.map_read_slots(|s| {
        if let Some(r) = reads.get_mut(n) {
            *r = Some(s);
        }
        n += 1;
        s
    });
    match reads {
        [Some(a), Some(b)] if b == first && a != first && n == 2 => instr
            .value_first()
            .or_else(|| instr.with_operands_swapped())
            .unwrap_or(instr),
        _ => instr,
    }
}

/// An access of memory 0 as the same access of memory `mem`: itself for memory 0, its `...Mem`
/// form (`mem(..)` in the table; it looks the memory up when it runs) for any other.
fn on_memory(instr: Instr, mem: u32) -> Result<Instr, CompileError> {
    if mem == 0 {
        return Ok(instr);
    }
    instr.with_mem(mem).ok_or_else(|| {
        CompileError::unsupported(
            format!("{} of a memory other than 0", instr.opcode().name()),
            None,
        )
    })
}

/// `t` without null (a reference type; any other type as it is).
fn non_null(t: ValType) -> ValType {
    match t {
        ValType::Ref(r) => ValType::Ref(r.as_non_null()),
        other => other,
    }
}
