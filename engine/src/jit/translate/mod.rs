//! Wasm function bodies → Cranelift IR (CLIF), one function at a time.
//!
//! The body has been validated already, so the translation trusts its types and stack shapes.
//! Wasm values are CLIF values on a stack ([`FuncTranslator::stack`]); locals are
//! `cranelift-frontend` variables; each `block`, `loop` and `if` is a control frame whose exit
//! (or, for a loop, header) is a CLIF block taking the label's values as parameters.
//!
//! Traps take one of two forms ([`ModuleEnv::signals`]). Where the signal handler is
//! installed (`super::signals`), a failed check is a trap instruction carrying the trap's
//! code, and the handler unwinds to the entry trampoline; calls between compiled functions are
//! then not followed by any check. Elsewhere every check branches to a block that stores the
//! trap's code in the `VmCtx` and returns, and every call is followed by a check of that field
//! (see [`super::vmctx`]). Either way, operators whose CLIF instruction could fault by itself
//! (division, float-to-int truncation) are checked first, so that it never does; only
//! accesses to a guarded memory fault on purpose (`memory.rs`).
//!
//! What the tier does not cover yet is refused with [`Unsupported`], naming it; the function
//! then runs in the interpreter (as does any function calling it).

use crate::error::TrapCode;
use crate::jit::vmctx;
use crate::module::ModuleInfo;
use crate::value::{FuncType, ValType};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::immediates::{Ieee32, Ieee64};
use cranelift_codegen::ir::{
    self, AbiParam, Block, FuncRef, InstBuilder, MemFlagsData, SigRef, Signature, Type,
    UserExternalName, UserFuncName, Value, types,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use std::collections::HashMap;

mod atomic;
mod control;
mod memory;
mod numeric;
mod simd;

/// Why a function is left to the interpreter: the first construct the tier does not cover.
#[derive(Debug, Clone)]
pub struct Unsupported(pub String);

/// A body translated to CLIF, with the defined functions it calls.
pub struct Translated {
    /// The CLIF function, named `u0:def`.
    pub func: ir::Function,
    /// Defined-function indices it calls directly (each must be compiled too).
    pub callees: Vec<u32>,
}

/// What the translation needs to know about the module beyond the body.
pub struct ModuleEnv<'a> {
    /// The module.
    pub info: &'a ModuleInfo,
    /// Whether memory 0 is one compiled code can reach through `VmCtx::mem_base`: the only
    /// memory, 32-bit, with 64 KiB pages.
    pub memory_ok: bool,
    /// Whether memory 0 is shared: its base never moves, but other threads may grow it at
    /// any time, so every bounds check reads its length afresh (through
    /// `VmCtx::shared_len`).
    pub memory_shared: bool,
    /// Bytes of guard pages after memory 0's 4 GiB reservation, when compiled code may leave
    /// bounds checks to them (accesses whose offset and size fit).
    pub memory_guard: Option<u64>,
    /// Whether traps are raised by the processor (a `trap` instruction, or a guard-page
    /// fault) and caught by the signal handler (`jit::signals`), which unwinds to the entry
    /// trampoline: then a call to another compiled function needs no check afterwards.
    /// Otherwise a trap stores its code in the `VmCtx` and returns, and every call is
    /// followed by a check.
    pub signals: bool,
    /// Fuel metering (`Config::consume_fuel`): each straight run of operators charges
    /// `VmCtx::fuel` before it ends (one unit per operator but `nop`, `drop`, `block`, `loop`,
    /// `unreachable`, `return`, `else` and `end`, as wasmtime counts), trapping with
    /// `OutOfFuel` when it cannot pay.
    pub fuel: bool,
    /// Epoch interruption: every function entry and loop header traps with `Interrupted` once
    /// the engine's epoch has reached `VmCtx::epoch_deadline`.
    pub epoch: bool,
    /// The calling convention of calls back into the engine (the host's C convention).
    pub host_call_conv: CallConv,
    /// What the frontend needs to know of the target.
    pub frontend: cranelift_codegen::isa::TargetFrontendConfig,
}

/// The CLIF type of a wasm value type the tier covers.
pub fn clif_type(t: ValType) -> Result<Type, Unsupported> {
    match t {
        ValType::I32 => Ok(types::I32),
        ValType::I64 => Ok(types::I64),
        ValType::F32 => Ok(types::F32),
        ValType::F64 => Ok(types::F64),
        // Whatever its lanes, a v128 is an `i8x16` wherever it is kept (locals, the operand
        // stack, block parameters, signatures); `simd.rs` views it as its operator's lanes.
        ValType::V128 => Ok(types::I8X16),
        // A reference is a cell, as in the interpreter: 0 for null, else a store index + 1.
        ValType::Ref(_) => Ok(types::I64),
    }
}

/// The CLIF signature of a wasm function: the `VmCtx` pointer, then its parameters; its
/// results. Wasm functions call each other in Cranelift's `tail` convention (any number of
/// results).
pub fn wasm_signature(ty: &FuncType) -> Result<Signature, Unsupported> {
    let mut sig = Signature::new(CallConv::Tail);
    sig.params.push(AbiParam::new(types::I64));
    for &p in ty.params() {
        sig.params.push(AbiParam::new(clif_type(p)?));
    }
    for &r in ty.results() {
        sig.returns.push(AbiParam::new(clif_type(r)?));
    }
    Ok(sig)
}

/// The name compiled code uses for defined function `def`.
pub fn func_name(def: u32) -> UserExternalName {
    UserExternalName::new(0, def)
}

/// Translates defined function `def` of `env.info`.
pub fn translate(
    env: &ModuleEnv<'_>,
    def: u32,
    fb: &mut FunctionBuilderContext,
) -> Result<Translated, Unsupported> {
    let result = translate_in(env, def, fb);
    if result.is_err() {
        // A translation given up half-way leaves the builder's state behind.
        *fb = FunctionBuilderContext::new();
    }
    result
}

fn translate_in(
    env: &ModuleEnv<'_>,
    def: u32,
    fb: &mut FunctionBuilderContext,
) -> Result<Translated, Unsupported> {
    let info = env.info;
    let func_index = info.num_imported_funcs + def;
    let ty = info.func_type(func_index);
    let sig = wasm_signature(ty)?;
    let mut func = ir::Function::with_name_signature(UserFuncName::User(func_name(def)), sig);
    let body = &info.bodies[def as usize];
    let bytes = &info.bytes[body.range.clone()];
    let mut reader = crate::module::decode::reader_at(info, bytes, body.range.start);
    let groups = crate::validate::func::read_locals(info, &mut reader)
        .map_err(|e| Unsupported(format!("unreadable locals: {e}")))?;

    let mut b = FunctionBuilder::new(&mut func, fb);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let params: Vec<Value> = b.block_params(entry).to_vec();
    let vmctx = params[0];

    let mut locals = Vec::new();
    for (i, &p) in ty.params().iter().enumerate() {
        let t = clif_type(p)?;
        let var = b.declare_var(t);
        b.def_var(var, params[i + 1]);
        locals.push(var);
    }
    for &(count, t) in &groups {
        let t = clif_type(t)?;
        if locals.len() + count as usize > 50_000 {
            return Err(Unsupported("more than 50,000 locals".into()));
        }
        for _ in 0..count {
            let var = b.declare_var(t);
            let zero = zero_of(&mut b, t);
            b.def_var(var, zero);
            locals.push(var);
        }
    }

    let results: Vec<Type> = ty
        .results()
        .iter()
        .map(|&r| clif_type(r))
        .collect::<Result<_, _>>()?;
    let exit = b.create_block();
    for &r in &results {
        b.append_block_param(exit, r);
    }

    let mut region = |user_id: u32, description: &'static str| {
        let data = ir::AliasRegionData {
            user_id,
            description: description.into(),
        };
        Some(b.func.dfg.alias_regions.insert(data))
    };
    let vm_flags = MemFlagsData::trusted().with_alias_region(region(0, "vmctx"));
    let heap_flags = MemFlagsData::new()
        .with_notrap()
        .with_alias_region(region(1, "linear memory"));
    let global_flags = MemFlagsData::trusted().with_alias_region(region(2, "globals"));
    let mut t = FuncTranslator {
        env,
        b,
        vmctx,
        locals,
        stack: Vec::new(),
        control: vec![Frame {
            kind: Kind::Block,
            dest: exit,
            params: Vec::new(),
            results: results.clone(),
            height: 0,
            exit_reached: false,
        }],
        reachable: true,
        dead_depth: 0,
        results,
        trap_blocks: Vec::new(),
        unwind_block: None,
        callees: Vec::new(),
        func_refs: HashMap::new(),
        grow_sig: None,
        vm_flags,
        heap_flags,
        global_flags,
        engine_sigs: Vec::new(),
        pending_fuel: 0,
    };
    t.stack_check();
    t.epoch_check();

    let mut ops = wasmparser::OperatorsReader::new(reader);
    while !ops.eof() {
        let op = ops
            .read()
            .map_err(|e| Unsupported(format!("unreadable operator: {e}")))?;
        if env.fuel {
            t.meter(&op);
        }
        t.visit(&op)?;
        if t.control.is_empty() {
            break;
        }
    }
    t.finish();
    let callees = std::mem::take(&mut t.callees);
    t.b.seal_all_blocks();
    t.b.finalize(env.frontend);
    Ok(Translated { func, callees })
}

/// The zero of CLIF type `t`.
fn zero_of(b: &mut FunctionBuilder<'_>, t: Type) -> Value {
    match t {
        types::F32 => b.ins().f32const(Ieee32::with_bits(0)),
        types::F64 => b.ins().f64const(Ieee64::with_bits(0)),
        types::I8X16 => simd::v128_const(b, 0),
        _ => b.ins().iconst(t, 0),
    }
}

/// Byte offsets of values of `types` laid out in 64-bit cells as the interpreter keeps them
/// in a frame (a v128 takes two).
pub fn cell_offsets(types: &[ValType]) -> Vec<i32> {
    let mut at = 0;
    types
        .iter()
        .map(|t| {
            let offset = at;
            at += 8 * t.cells() as i32;
            offset
        })
        .collect()
}

/// Flags of accesses to 64-bit cells (a frame's, a stack slot's): no trap, and a v128 there
/// is only 8-byte aligned.
pub fn cell_flags() -> MemFlagsData {
    MemFlagsData::new()
        .with_notrap()
        .with_endianness(ir::Endianness::Little)
}

#[derive(Debug)]
enum Kind {
    Block,
    Loop {
        /// Where a branch to the loop goes, with the loop's parameters.
        header: Block,
    },
    If {
        /// Where the false branch starts (the `else` arm, or straight to `dest`).
        else_block: Block,
        /// Whether `else` has been seen.
        else_seen: bool,
        /// Whether the `if` itself was reachable (so its false branch is).
        entry_reachable: bool,
    },
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    /// The block after the construct (a loop's label is its header instead).
    dest: Block,
    params: Vec<Type>,
    results: Vec<Type>,
    /// Stack height below the construct's parameters.
    height: usize,
    /// Whether a branch targets `dest`.
    exit_reached: bool,
}

struct FuncTranslator<'a, 'f> {
    env: &'a ModuleEnv<'a>,
    b: FunctionBuilder<'f>,
    vmctx: Value,
    locals: Vec<Variable>,
    stack: Vec<Value>,
    control: Vec<Frame>,
    /// Whether the current position can run.
    reachable: bool,
    /// Constructs opened in unreachable code, skipped whole.
    dead_depth: usize,
    results: Vec<Type>,
    /// The block raising each trap, made on first use and filled at the end.
    trap_blocks: Vec<(TrapCode, Block)>,
    /// The block returning (with zeros) because a callee trapped.
    unwind_block: Option<Block>,
    callees: Vec<u32>,
    func_refs: HashMap<u32, FuncRef>,
    grow_sig: Option<SigRef>,
    /// Flags of the accesses to the `VmCtx`, to linear memory and to globals: three alias
    /// regions, so Cranelift knows a store to memory leaves the `VmCtx` fields it loaded (the
    /// memory's base and length) unchanged, and can reuse them until the next call.
    vm_flags: MemFlagsData,
    heap_flags: MemFlagsData,
    global_flags: MemFlagsData,
    /// Signatures of the calls into the engine, by (`VmCtx` field, leading operands).
    engine_sigs: Vec<((i32, usize), SigRef)>,
    /// Fuel of the operators since the last charge (see [`ModuleEnv::fuel`]).
    pending_fuel: u64,
}

impl FuncTranslator<'_, '_> {
    fn pop(&mut self) -> Value {
        self.stack
            .pop()
            .expect("validated: operand stack underflow")
    }

    fn pop2(&mut self) -> (Value, Value) {
        let b = self.pop();
        let a = self.pop();
        (a, b)
    }

    fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    fn top(&self, n: usize) -> Vec<Value> {
        self.stack[self.stack.len() - n..].to_vec()
    }

    fn trap_block(&mut self, code: TrapCode) -> Block {
        if let Some(&(_, block)) = self.trap_blocks.iter().find(|(c, _)| *c == code) {
            return block;
        }
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        self.trap_blocks.push((code, block));
        block
    }

    /// Continues only if `cond` is zero; otherwise traps with `code`.
    fn trap_if(&mut self, cond: Value, code: TrapCode) {
        if self.env.signals {
            self.b.ins().trapnz(cond, vmctx::clif_trap(code));
            return;
        }
        let trap = self.trap_block(code);
        let cont = self.b.create_block();
        self.b.ins().brif(cond, trap, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// The function's results as zeros (what a trapping function returns; the caller looks
    /// at `VmCtx::trap` instead).
    fn zero_results(&mut self) -> Vec<Value> {
        let results = self.results.clone();
        results.iter().map(|&t| zero_of(&mut self.b, t)).collect()
    }

    /// After a call to another compiled function: returns at once if the callee trapped
    /// (nothing to do when traps unwind by themselves).
    fn check_compiled_callee(&mut self) {
        if !self.env.signals {
            self.check_trap();
        }
    }

    /// After a call into the engine: traps (with the reason it left in the `VmCtx`), or
    /// returns at once, if it failed.
    fn check_trap(&mut self) {
        let trap = self
            .b
            .ins()
            .load(types::I32, self.vm_flags, self.vmctx, vmctx::TRAP);
        if self.env.signals {
            self.b.ins().trapnz(trap, vmctx::PENDING_TRAP);
            return;
        }
        let unwind = match self.unwind_block {
            Some(b) => b,
            None => {
                let b = self.b.create_block();
                self.b.set_cold_block(b);
                self.unwind_block = Some(b);
                b
            }
        };
        let cont = self.b.create_block();
        self.b.ins().brif(trap, unwind, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Traps with `StackOverflow` when the stack pointer is below the limit.
    fn stack_check(&mut self) {
        let sp = self.b.ins().get_stack_pointer(types::I64);
        let limit = self
            .b
            .ins()
            .load(types::I64, self.vm_flags, self.vmctx, vmctx::STACK_LIMIT);
        let low = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        self.trap_if(low, TrapCode::StackOverflow);
    }

    /// Counts `op`'s fuel, and charges what has been counted when `op` ends the straight run
    /// (a branch, the end or start of a construct, a call, a call into the engine).
    fn meter(&mut self, op: &wasmparser::Operator<'_>) {
        use wasmparser::Operator as O;
        if !self.reachable {
            return;
        }
        let cost = match op {
            O::Nop
            | O::Drop
            | O::Block { .. }
            | O::Loop { .. }
            | O::Unreachable
            | O::Return
            | O::Else
            | O::End => 0,
            _ => 1,
        };
        self.pending_fuel += cost;
        let ends_run = matches!(
            op,
            O::Block { .. }
                | O::Loop { .. }
                | O::If { .. }
                | O::Else
                | O::End
                | O::Br { .. }
                | O::BrIf { .. }
                | O::BrTable { .. }
                | O::BrOnNull { .. }
                | O::BrOnNonNull { .. }
                | O::Return
                | O::Unreachable
                | O::Call { .. }
                | O::CallIndirect { .. }
                | O::CallRef { .. }
                | O::ReturnCall { .. }
                | O::ReturnCallIndirect { .. }
                | O::ReturnCallRef { .. }
                | O::MemoryGrow { .. }
                | O::MemoryFill { .. }
                | O::MemoryCopy { .. }
                | O::MemoryInit { .. }
                | O::TableGrow { .. }
                | O::TableFill { .. }
                | O::TableCopy { .. }
                | O::TableInit { .. }
                | O::MemoryAtomicWait32 { .. }
                | O::MemoryAtomicWait64 { .. }
                | O::MemoryAtomicNotify { .. }
        );
        if ends_run {
            self.charge_fuel();
        }
    }

    /// Charges the fuel counted so far, trapping with `OutOfFuel` when there is not enough.
    fn charge_fuel(&mut self) {
        let cost = std::mem::take(&mut self.pending_fuel);
        if cost == 0 {
            return;
        }
        let fuel = self
            .b
            .ins()
            .load(types::I64, self.vm_flags, self.vmctx, vmctx::FUEL);
        let short = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedLessThan, fuel, cost as i64);
        self.trap_if(short, TrapCode::OutOfFuel);
        let left = self.b.ins().iadd_imm_s(fuel, -(cost as i64));
        self.b
            .ins()
            .store(self.vm_flags, left, self.vmctx, vmctx::FUEL);
    }

    /// With epoch interruption: traps with `Interrupted` once the engine's epoch has reached
    /// the deadline. The counter is read atomically, so that no load of it is ever reused.
    pub(super) fn epoch_check(&mut self) {
        if !self.env.epoch {
            return;
        }
        let counter = self
            .b
            .ins()
            .load(types::I64, self.vm_flags, self.vmctx, vmctx::EPOCH);
        let now = self
            .b
            .ins()
            .atomic_load(types::I64, MemFlagsData::trusted(), counter);
        let deadline =
            self.b
                .ins()
                .load(types::I64, self.vm_flags, self.vmctx, vmctx::EPOCH_DEADLINE);
        let reached = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, now, deadline);
        self.trap_if(reached, TrapCode::Interrupted);
    }

    /// Fills the trap and unwind blocks.
    fn finish(&mut self) {
        for (code, block) in std::mem::take(&mut self.trap_blocks) {
            self.b.switch_to_block(block);
            let value = self
                .b
                .ins()
                .iconst(types::I32, i64::from(vmctx::encode_trap(code)));
            self.b
                .ins()
                .store(self.vm_flags, value, self.vmctx, vmctx::TRAP);
            let zeros = self.zero_results();
            self.b.ins().return_(&zeros);
        }
        if let Some(block) = self.unwind_block {
            self.b.switch_to_block(block);
            let zeros = self.zero_results();
            self.b.ins().return_(&zeros);
        }
    }

    /// The label of control frame `depth` (0 innermost): its CLIF block and how many values
    /// a branch carries.
    fn label(&mut self, depth: u32) -> (Block, usize) {
        let i = self.control.len() - 1 - depth as usize;
        let frame = &mut self.control[i];
        match frame.kind {
            Kind::Loop { header } => (header, frame.params.len()),
            _ => {
                frame.exit_reached = true;
                (frame.dest, frame.results.len())
            }
        }
    }
}
