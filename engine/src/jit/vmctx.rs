//! `VmCtx`: the block of memory compiled code reads its instance's state from, and the trap
//! codes it hands back.
//!
//! Compiled functions take a pointer to a `VmCtx` as their first argument and reach
//! everything outside their own frame through it, at the fixed offsets below (`#[repr(C)]`,
//! checked by a test): memory 0's base and length, the store's globals through the
//! instance's global index map, the instance's function index map, the native stack limit,
//! and the calls back into the engine (`memory.grow`, calling any function of the store,
//! `call_indirect`). The interpreter fills one in on the host stack when it enters
//! compiled code ([`crate::interp`]'s `CallNative`), so the store's own layout stays free to
//! change.
//!
//! A trap in compiled code reaches the interpreter as a value in [`VmCtx::trap`]. Where the
//! signal handler is installed ([`super::signals`]), the processor raises it (a trap
//! instruction, or an access to a guarded memory that its guard pages stop), and the handler
//! stores the trap and
//! resumes at the innermost entry trampoline's landing pad, skipping the compiled frames.
//! Elsewhere a trap stores its code in the field and returns, and every caller checks the
//! field after each call and returns in turn.

use crate::error::TrapCode;
use crate::runtime::global::GlobalEntity;

/// What compiled code reads and writes outside its frame. One per entry into compiled code.
#[repr(C)]
#[derive(Debug)]
pub struct VmCtx {
    /// Base address of the instance's memory 0 (dangling when it has none).
    pub mem_base: *mut u8,
    /// Its length in bytes.
    pub mem_len: u64,
    /// The store's globals (`StoreInner::globals`): `GlobalEntity`s, [`GLOBAL_SIZE`] apart.
    pub globals: *mut GlobalEntity,
    /// The instance's global index space: store index of each global (`u32`s).
    pub global_map: *const u32,
    /// The lowest stack address compiled code may reach; a function whose entry finds the
    /// stack pointer below it traps with `StackOverflow`.
    pub stack_limit: usize,
    /// 0, or the [`encode_trap`] of the trap being unwound.
    pub trap: u32,
    /// Whatever the engine's calls back ([`VmCtx::memory_grow`]) need: the interpreter's
    /// context of the running call.
    pub host: *mut std::ffi::c_void,
    /// `memory.grow` of memory 0: the old size in pages or `u32::MAX`; updates `mem_base` and
    /// `mem_len`, or sets `trap`.
    pub memory_grow: unsafe extern "C" fn(*mut VmCtx, u32) -> u32,
    /// The instance's function index space: store index of each function (`u32`s).
    pub func_map: *const u32,
    /// Calls store function `func` (a host function, or a wasm function of any instance, run
    /// by the engine) on the cells at the last argument: arguments in, results out. Sets
    /// `trap` when it traps or fails.
    pub call: unsafe extern "C" fn(*mut VmCtx, u32, *mut u64),
    /// `call_indirect` with type index `type_index` through element `elem` of table `table`
    /// (the arguments after the `VmCtx`, in that order), then as [`VmCtx::call`].
    pub call_indirect: unsafe extern "C" fn(*mut VmCtx, u32, u32, u32, *mut u64),
    /// The operators compiled code leaves to the engine ([`EngineOp`]): `(op, imm, imm2, a,
    /// b, c)`, the operator's two immediates and up to three operands; returns its result
    /// (if any), or sets `trap`.
    pub op: unsafe extern "C" fn(*mut VmCtx, u32, u32, u32, u64, u64, u64) -> u64,
    /// Where a fault in compiled code resumes (see [`super::signals`]): the innermost entry
    /// trampoline's frame pointer (the trampoline stores it), its landing pad's address and
    /// the distance from that frame pointer down to its stack pointer at the call. The
    /// engine sets the last two before each entry, from the module's [`super::Entry`].
    pub entry_fp: usize,
    /// See [`VmCtx::entry_fp`].
    pub resume_pc: usize,
    /// See [`VmCtx::entry_fp`].
    pub resume_sp_offset: usize,
    /// The module code running under this `VmCtx`, whose trap sites a fault is looked up in.
    pub code: *const super::ModuleCode,
    /// With fuel metering (`Config::consume_fuel`): the fuel left. Compiled code charges it
    /// block by block; the engine copies it to and from the store around every call out.
    pub fuel: u64,
    /// With epoch interruption: the engine's epoch counter, and the epoch at which compiled
    /// code traps with `Interrupted` (checked at every function entry and loop header).
    pub epoch: *const std::sync::atomic::AtomicU64,
    /// See [`VmCtx::epoch`].
    pub epoch_deadline: u64,
    /// After a processor trap (`super::signals`): the compiled frames that were active, as code
    /// addresses, innermost first: the faulting instruction, then each caller's return address,
    /// up to the function the entry trampoline called; a trap passed on through compiled code
    /// the engine entered directly (`call_indirect` within the instance) continues the list
    /// with the frames above that entry. At most [`TRAP_FRAMES`].
    /// Left uninitialised at entry (no fill on the way into compiled code): only the first
    /// [`VmCtx::trap_pc_count`] are ever read ([`VmCtx::trap_pcs`]).
    pub trap_pcs: [std::mem::MaybeUninit<usize>; TRAP_FRAMES],
    /// How many of [`VmCtx::trap_pcs`] are set.
    pub trap_pc_count: usize,
    /// Whether [`VmCtx::trap_pcs`] ends with the outermost compiled frame (the function the
    /// entry trampoline called), or the walk stopped early ([`TRAP_FRAMES`] reached).
    pub trap_pcs_complete: bool,
    /// When memory 0 is shared: its length, which other threads may grow at any time
    /// (compiled code reads it at every bounds check; `mem_len` is unused then). Null
    /// otherwise.
    pub shared_len: *const std::sync::atomic::AtomicUsize,
}

impl VmCtx {
    /// The compiled frames a trap recorded (see the field [`VmCtx::trap_pcs`]).
    pub fn trap_pcs(&self) -> &[usize] {
        let count = self.trap_pc_count.min(TRAP_FRAMES);
        // SAFETY: the signal handler writes entries `0..trap_pc_count` before setting the
        // count (which starts at 0), and `MaybeUninit<usize>` has `usize`'s layout.
        unsafe { std::slice::from_raw_parts(self.trap_pcs.as_ptr().cast::<usize>(), count) }
    }
}

/// Most compiled frames a trap's backtrace lists ([`VmCtx::trap_pcs`]).
pub const TRAP_FRAMES: usize = 32;

/// An operator compiled code has the engine run (`VmCtx::op`): bulk memory, tables,
/// segments. The immediates and operands of each, in order, are the wasm operator's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum EngineOp {
    /// `memory.fill` of memory 0: a = destination, b = byte, c = length.
    MemoryFill,
    /// `memory.copy` within memory 0: a = destination, b = source, c = length.
    MemoryCopy,
    /// `memory.init imm` into memory 0: a = destination, b = source, c = length.
    MemoryInit,
    /// `data.drop imm`.
    DataDrop,
    /// `table.get imm`: a = index.
    TableGet,
    /// `table.set imm`: a = index, b = value.
    TableSet,
    /// `table.size imm`.
    TableSize,
    /// `table.grow imm`: a = initial value, b = delta.
    TableGrow,
    /// `table.fill imm`: a = index, b = value, c = length.
    TableFill,
    /// `table.copy imm imm2` (destination, source): a, b, c as `memory.copy`.
    TableCopy,
    /// `table.init imm2 imm` (segment `imm2` into table `imm`): a, b, c as `memory.init`.
    TableInit,
    /// `elem.drop imm`.
    ElemDrop,
    /// The callee of `return_call_indirect imm2 imm` (type `imm`, table `imm2`): a = the
    /// element. Checked as `call_indirect` checks it; the result is the callee's compiled
    /// body when it is a compiled function of the running instance (a tail call in Cranelift's
    /// `tail` convention), else 0 (an ordinary call through the engine).
    TailCallee,
    /// As [`EngineOp::TailCallee`] for `return_call_ref`: a = the store index of the callee
    /// (not null).
    TailCalleeRef,
    /// `memory.atomic.notify` on memory 0: a = address, imm = offset, b = count.
    AtomicNotify,
    /// `memory.atomic.wait32/64` on memory 0: a = address, imm = offset, imm2 = the access's
    /// width (log2 of its bytes: 2 or 3) plus 256 with epoch interruption, b = expected value,
    /// c = timeout (ns, negative for none).
    AtomicWait,
}

impl EngineOp {
    /// The operator numbered `n`, if any.
    pub fn from_u32(n: u32) -> Option<Self> {
        use EngineOp::*;
        [
            MemoryFill,
            MemoryCopy,
            MemoryInit,
            DataDrop,
            TableGet,
            TableSet,
            TableSize,
            TableGrow,
            TableFill,
            TableCopy,
            TableInit,
            ElemDrop,
            TailCallee,
            TailCalleeRef,
            AtomicNotify,
            AtomicWait,
        ]
        .get(n as usize)
        .copied()
    }
}

/// Offset of [`VmCtx::mem_base`].
pub const MEM_BASE: i32 = std::mem::offset_of!(VmCtx, mem_base) as i32;
/// Offset of [`VmCtx::mem_len`].
pub const MEM_LEN: i32 = std::mem::offset_of!(VmCtx, mem_len) as i32;
/// Offset of [`VmCtx::globals`].
pub const GLOBALS: i32 = std::mem::offset_of!(VmCtx, globals) as i32;
/// Offset of [`VmCtx::global_map`].
pub const GLOBAL_MAP: i32 = std::mem::offset_of!(VmCtx, global_map) as i32;
/// Offset of [`VmCtx::stack_limit`].
pub const STACK_LIMIT: i32 = std::mem::offset_of!(VmCtx, stack_limit) as i32;
/// Offset of [`VmCtx::trap`].
pub const TRAP: i32 = std::mem::offset_of!(VmCtx, trap) as i32;
/// Offset of [`VmCtx::memory_grow`].
pub const MEMORY_GROW: i32 = std::mem::offset_of!(VmCtx, memory_grow) as i32;

/// Offset of [`VmCtx::func_map`].
pub const FUNC_MAP: i32 = std::mem::offset_of!(VmCtx, func_map) as i32;
/// Offset of [`VmCtx::call`].
pub const CALL: i32 = std::mem::offset_of!(VmCtx, call) as i32;
/// Offset of [`VmCtx::call_indirect`].
pub const CALL_INDIRECT: i32 = std::mem::offset_of!(VmCtx, call_indirect) as i32;

/// Offset of [`VmCtx::op`].
pub const OP: i32 = std::mem::offset_of!(VmCtx, op) as i32;
/// Offset of [`VmCtx::entry_fp`].
pub const ENTRY_FP: i32 = std::mem::offset_of!(VmCtx, entry_fp) as i32;
/// Offset of [`VmCtx::fuel`].
pub const FUEL: i32 = std::mem::offset_of!(VmCtx, fuel) as i32;
/// Offset of [`VmCtx::epoch`].
pub const EPOCH: i32 = std::mem::offset_of!(VmCtx, epoch) as i32;
/// Offset of [`VmCtx::shared_len`].
pub const SHARED_LEN: i32 = std::mem::offset_of!(VmCtx, shared_len) as i32;
/// Offset of [`VmCtx::epoch_deadline`].
pub const EPOCH_DEADLINE: i32 = std::mem::offset_of!(VmCtx, epoch_deadline) as i32;

/// Bytes between two globals of the store.
pub const GLOBAL_SIZE: i64 = std::mem::size_of::<GlobalEntity>() as i64;
/// Offset of a global's value cell in its `GlobalEntity`.
pub const GLOBAL_VALUE: i32 = std::mem::offset_of!(GlobalEntity, value) as i32;
/// Offset of a v128 global's high half in its `GlobalEntity`.
pub const GLOBAL_HI: i32 = std::mem::offset_of!(GlobalEntity, hi) as i32;

/// Every trap [`VmCtx::trap`] can carry, numbered from 1: those compiled code raises and those
/// the engine's calls back may report.
const TRAPS: [TrapCode; 15] = [
    TrapCode::Unreachable,
    TrapCode::MemoryOutOfBounds,
    TrapCode::IntegerOverflow,
    TrapCode::IntegerDivisionByZero,
    TrapCode::BadConversionToInteger,
    TrapCode::StackOverflow,
    TrapCode::TableOutOfBounds,
    TrapCode::IndirectCallToNull,
    TrapCode::BadSignature,
    TrapCode::NullReference,
    TrapCode::OutOfFuel,
    TrapCode::Interrupted,
    TrapCode::ResourceLimitExceeded,
    TrapCode::UnalignedAtomic,
    TrapCode::AtomicWaitOnUnsharedMemory,
];

/// The Cranelift trap code of `code`, for a trap the processor raises (`jit::signals`).
pub fn clif_trap(code: TrapCode) -> cranelift_codegen::ir::TrapCode {
    cranelift_codegen::ir::TrapCode::user(encode_trap(code) as u8)
        .expect("trap values are small and not zero")
}

/// The trap a call into the engine left in [`VmCtx::trap`], raised by the processor.
pub const PENDING_TRAP: cranelift_codegen::ir::TrapCode =
    cranelift_codegen::ir::TrapCode::user(200).expect("a user trap code");

/// What the signal handler stores in [`VmCtx::trap`] for a fault at a site of Cranelift trap
/// code `code`: `None` to keep what is there ([`PENDING_TRAP`]).
pub fn trap_value(code: cranelift_codegen::ir::TrapCode) -> Option<u32> {
    use cranelift_codegen::ir::TrapCode as C;
    let ours = match code {
        PENDING_TRAP => return None,
        C::HEAP_OUT_OF_BOUNDS => TrapCode::MemoryOutOfBounds,
        C::INTEGER_OVERFLOW => TrapCode::IntegerOverflow,
        C::INTEGER_DIVISION_BY_ZERO => TrapCode::IntegerDivisionByZero,
        C::BAD_CONVERSION_TO_INTEGER => TrapCode::BadConversionToInteger,
        C::STACK_OVERFLOW => TrapCode::StackOverflow,
        other => {
            let n = u32::from(other.as_raw().get());
            return Some(if decode_trap(n).is_some() {
                n
            } else {
                encode_trap(TrapCode::Unreachable)
            });
        }
    };
    Some(encode_trap(ours))
}

/// [`VmCtx::trap`] when a call back into the engine failed with an error the engine keeps
/// (a resource limiter's error on `memory.grow`), or with a trap not in the list above.
pub const HOST_ERROR: u32 = u32::MAX;

/// The [`VmCtx::trap`] value of `code`.
pub fn encode_trap(code: TrapCode) -> u32 {
    TRAPS
        .iter()
        .position(|&c| c == code)
        .map_or(HOST_ERROR, |i| i as u32 + 1)
}

/// What a [`VmCtx::trap`] value from [`encode_trap`] stands for (`None` for 0 and
/// [`HOST_ERROR`]).
pub fn decode_trap(value: u32) -> Option<TrapCode> {
    TRAPS.get(value.wrapping_sub(1) as usize).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trap_codes_round_trip() {
        for code in TRAPS {
            let v = encode_trap(code);
            assert!(v != 0 && v != HOST_ERROR);
            assert_eq!(decode_trap(v), Some(code));
        }
        assert_eq!(decode_trap(0), None);
        assert_eq!(decode_trap(HOST_ERROR), None);
    }

    #[test]
    fn layout_is_what_compiled_code_reads() {
        // Compiled code reads 8-byte fields at these offsets (64-bit hosts only).
        assert_eq!((MEM_BASE, MEM_LEN, GLOBALS, GLOBAL_MAP), (0, 8, 16, 24));
        assert_eq!((STACK_LIMIT, TRAP), (32, 40));
        assert_eq!(
            (MEMORY_GROW, FUNC_MAP, CALL, CALL_INDIRECT),
            (56, 64, 72, 80)
        );
        assert_eq!((OP, ENTRY_FP), (88, 96));
        assert_eq!((FUEL, EPOCH, EPOCH_DEADLINE), (128, 136, 144));
    }

    #[test]
    fn processor_traps_carry_their_code() {
        for code in TRAPS {
            assert_eq!(trap_value(clif_trap(code)), Some(encode_trap(code)));
        }
        assert_eq!(trap_value(PENDING_TRAP), None);
    }

    #[test]
    fn engine_ops_are_numbered_in_order() {
        for n in 0..16 {
            assert_eq!(EngineOp::from_u32(n).map(|op| op as u32), Some(n));
        }
        assert_eq!(EngineOp::from_u32(16), None);
    }
}
