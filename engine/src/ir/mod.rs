//! The register IR: the instruction set (defined once, in [`isa`]), its byte-stream encoding,
//! and [`CompiledFunc`], a function translated to it.
//!
//! Code is a packed byte stream shared by every instance of a module: an opcode field
//! ([`OPCODE_SIZE`] bytes: the 16-bit opcode, or once linked for threaded dispatch the handler's
//! address) followed
//! by the instruction's operand fields (see [`operand`]). A frame is a window of 64-bit cells
//! `[params | locals | temporaries]` addressed by 16-bit [`Slot`]s. Immediates of any width are
//! stored inline in the stream, so no separate constant pool is needed.

pub mod disasm;
pub mod isa;
pub mod operand;
pub mod pairs;
#[cfg(test)]
mod tests;

pub use operand::{Base, BranchOffset, Dst, Operand, Slot, VDst, VSlot};

/// Set in the `mem` field of a memory instruction (a `...Mem` form, a SIMD or an atomic access)
/// whose memory is shared: the interpreter then reaches its bytes through atomics only, as
/// other threads may access them at the same time. The rest of the field is the memory index.
/// A shared memory is never accessed through the memory-0 forms, which read the hot state.
pub const SHARED_MEMORY: u32 = 1 << 31;

/// What code derived from the instruction table does with a field, by its type in the table:
/// `Dst` is a result, `Slot` a value read, anything else neither.
macro_rules! field_kind {
    (Dst, result, $v:expr) => {
        Some($v)
    };
    ($other:ident, result, $v:expr) => {
        None::<Slot>
    };
    (BranchOffset, branch, $v:expr) => {
        Some($v)
    };
    ($other:ident, branch, $v:expr) => {
        None::<BranchOffset>
    };
    (Slot, map_read, $v:expr, $f:ident) => {
        *$v = $f(*$v)
    };
    ($other:ident, map_read, $v:expr, $f:ident) => {
        ()
    };
    (Dst, count) => {
        1
    };
    ($other:ident, count) => {
        0
    };
    (VSlot, vector) => {
        1
    };
    (VDst, vector) => {
        1
    };
    ($other:ident, vector) => {
        0
    };
    (Slot, reads) => {
        1
    };
    ($other:ident, reads) => {
        0
    };
    (Dst, listing, $v:expr, $acc_only:expr, $end:expr) => {
        if $acc_only {
            format!("acc-only({:?})", $v)
        } else {
            $v.listing($end)
        }
    };
    ($other:ident, listing, $v:expr, $acc_only:expr, $end:expr) => {
        $v.listing($end)
    };
}

/// Reads an entry's relations (the bracketed list after its cost, see [`isa`]):
/// `relation!(kind Self [build]; list)` finds the first relation of `kind` (`swap`:
/// `commutative`, `mirror` or `reverse`; `imm`; `value_first`; `mem`; `negate`; `branch`) and
/// expands to `Some(..)` of what `build` makes from its target (the `Opcode`, or the `Instr`
/// with the entry's fields carried over), or to `None`; `relation!(@check ...)` rejects
/// anything that is not a relation.
macro_rules! relation {
    (@check commutative) => {};
    (@check mirror($t:ident)) => {};
    (@check reverse($t:ident)) => {};
    (@check imm($t:ident)) => {};
    (@check value_first($t:ident)) => {};
    (@check mem($t:ident)) => {};
    (@check negate($t:ident)) => {};
    (@check branch($t:ident)) => {};
    (@check $($other:tt)*) => {
        compile_error!(concat!("not a relation of the instruction table: ", stringify!($($other)*)));
    };
    // What to make of the target `$t` of the relation found.
    (@build [opcode] $t:ident) => {
        Some(Opcode::$t)
    };
    (@build [swap $($f:ident),*] $t:ident) => {{
        // Same fields; then `lhs` and `rhs` trade places (both must be there, both slots).
        let mut swapped = Instr::$t { $($f),* };
        if let Instr::$t { lhs, rhs, .. } = &mut swapped {
            let (l, r): (&mut Slot, &mut Slot) = (lhs, rhs);
            std::mem::swap(l, r);
        }
        Some(swapped)
    }};
    (@build [imm $imm:ident; $($f:ident),*] $t:ident) => {
        Some(Instr::$t { $($f: IntoField::into_field($f, $imm)),* })
    };
    (@build [same $($f:ident),*] $t:ident) => {
        Some(Instr::$t { $($f),* })
    };
    (@build [branch $($f:ident),*] $t:ident) => {
        relation!(@branch $t []; $($f)*)
    };
    // The fields but `dst`, then an offset of 0.
    (@branch $t:ident [$($kept:ident)*]; dst $($rest:ident)*) => {
        relation!(@branch $t [$($kept)*]; $($rest)*)
    };
    (@branch $t:ident [$($kept:ident)*]; $f:ident $($rest:ident)*) => {
        relation!(@branch $t [$($kept)* $f]; $($rest)*)
    };
    (@branch $t:ident [$($kept:ident)*];) => {
        Some(Instr::$t { $($kept,)* offset: BranchOffset(0) })
    };
    (@build [mem $mem:ident; $($f:ident),*] $t:ident) => {
        Some(Instr::$t { $($f,)* mem: $mem })
    };
    // The search, one relation at a time.
    ($kind:ident $self:ident $build:tt;) => {
        None
    };
    (swap $self:ident $build:tt; commutative $($rest:tt)*) => {
        relation!(@build $build $self)
    };
    (swap $self:ident $build:tt; mirror($t:ident) $($rest:tt)*) => {
        relation!(@build $build $t)
    };
    (swap $self:ident $build:tt; reverse($t:ident) $($rest:tt)*) => {
        relation!(@build $build $t)
    };
    (imm $self:ident $build:tt; imm($t:ident) $($rest:tt)*) => {
        relation!(@build $build $t)
    };
    (value_first $self:ident $build:tt; value_first($t:ident) $($rest:tt)*) => {
        relation!(@build $build $t)
    };
    (mem $self:ident $build:tt; mem($t:ident) $($rest:tt)*) => {
        relation!(@build $build $t)
    };
    (negate $self:ident $build:tt; negate($t:ident) $($rest:tt)*) => {
        relation!(@build $build $t)
    };
    (branch $self:ident $build:tt; branch($t:ident) $($rest:tt)*) => {
        relation!(@build $build $t)
    };
    ($kind:ident $self:ident $build:tt; $other:ident($t:ident) $($rest:tt)*) => {
        relation!($kind $self $build; $($rest)*)
    };
    ($kind:ident $self:ident $build:tt; $other:ident $($rest:tt)*) => {
        relation!($kind $self $build; $($rest)*)
    };
}

/// A field of an instruction carried over to a related form: unchanged, or (a slot becoming an
/// immediate of the `imm(..)` form) the constant, truncated to the immediate's width.
trait IntoField<T> {
    fn into_field(self, imm: u64) -> T;
}

impl<T> IntoField<T> for T {
    fn into_field(self, _imm: u64) -> T {
        self
    }
}

macro_rules! slot_into_immediate {
    ($($t:ty),*) => {$(
        impl IntoField<$t> for Slot {
            fn into_field(self, imm: u64) -> $t {
                imm as $t
            }
        }
    )*};
}
slot_into_immediate!(i32, u32, i64, u64);

macro_rules! define_ir {
    ($( $(#[doc = $doc:literal])* $name:ident { $($field:ident : $fty:ident),* $(,)? } cost($cost:literal) $([$($rel:ident $(($target:ident))?),* $(,)?])? |$x:ident| $body:block )*) => {
        // Every relation is one the table knows, with a target when it needs one.
        const _: () = { $($($( relation!(@check $rel $(($target))?); )*)?)* };

        /// The opcode of an instruction: the first two bytes of its encoding.
        #[repr(u16)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Opcode {
            $( $(#[doc = $doc])* $name, )*
        }

        impl Opcode {
            /// Every opcode, in encoding order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name),*];

            /// The opcode with this encoding, if any.
            #[cfg_attr(not(test), allow(dead_code))] // decoding is for the disassembler
            #[inline]
            pub fn from_u16(v: u16) -> Option<Opcode> {
                Self::ALL.get(v as usize).copied()
            }

            /// The instruction's name.
            pub fn name(self) -> &'static str {
                match self { $( Opcode::$name => stringify!($name), )* }
            }

            /// The instruction's doc line.
            #[cfg_attr(not(test), allow(dead_code))] // for listings of the instruction set
            pub fn doc(self) -> &'static str {
                match self { $( Opcode::$name => concat!($($doc),*), )* }
            }

            /// Fuel charged for executing the instruction once.
            #[inline(always)]
            pub const fn fuel_cost(self) -> u64 {
                match self { $( Opcode::$name => $cost, )* }
            }

            /// The form with the operands `lhs` and `rhs` swapped that computes the same thing:
            /// itself if `commutative`, else its `mirror(..)` (a comparison) or `reverse(..)`
            /// (an operation reading its operands the other way round).
            pub fn swapped(self) -> Option<Opcode> {
                match self { $( Opcode::$name => relation!(swap $name [opcode]; $($($rel $(($target))?)*)?), )* }
            }

            /// Whether swapping `lhs` and `rhs` computes the same thing (`commutative`).
            #[cfg_attr(not(test), allow(dead_code))] // for the table's checks
            pub fn commutative(self) -> bool {
                self.swapped() == Some(self)
            }

            /// The form taking a constant in place of a slot operand (`imm(..)`).
            pub fn imm_form(self) -> Option<Opcode> {
                match self { $( Opcode::$name => relation!(imm $name [opcode]; $($($rel $(($target))?)*)?), )* }
            }

            /// The store with its fields value-first (`value_first(..)`).
            #[cfg_attr(not(test), allow(dead_code))] // for the table's checks
            pub fn value_first_form(self) -> Option<Opcode> {
                match self { $( Opcode::$name => relation!(value_first $name [opcode]; $($($rel $(($target))?)*)?), )* }
            }

            /// The same access of a memory named by a `mem` field (`mem(..)`), for any memory
            /// but 0.
            #[cfg_attr(not(test), allow(dead_code))] // for the table's checks
            pub fn mem_form(self) -> Option<Opcode> {
                match self { $( Opcode::$name => relation!(mem $name [opcode]; $($($rel $(($target))?)*)?), )* }
            }

            /// The conditional branch taken exactly when this one is not (`negate(..)`).
            #[cfg_attr(not(test), allow(dead_code))] // for the table's checks
            pub fn negated(self) -> Option<Opcode> {
                match self { $( Opcode::$name => relation!(negate $name [opcode]; $($($rel $(($target))?)*)?), )* }
            }

            /// The conditional branch taken when this comparison is true (`branch(..)`).
            #[cfg_attr(not(test), allow(dead_code))] // for the table's checks
            pub fn branch_form(self) -> Option<Opcode> {
                match self { $( Opcode::$name => relation!(branch $name [opcode]; $($($rel $(($target))?)*)?), )* }
            }

            /// Whether the instruction writes exactly one result (one `Dst` field): only such
            /// an instruction may be marked as writing it to the accumulator alone
            /// ([`ACC_ONLY_OPCODES`]), since the mark drops every frame store it makes.
            pub const fn single_result(self) -> bool {
                match self { $( Opcode::$name => 0 $(+ field_kind!($fty, count))* == 1, )* }
            }

            /// Whether the instruction reads a `Slot` operand: only such an instruction may be
            /// marked as reading the accumulator ([`ACC_OPCODES`]).
            pub const fn reads_slot(self) -> bool {
                match self { $( Opcode::$name => 0 $(+ field_kind!($fty, reads))* > 0, )* }
            }

            /// Whether the instruction reads or writes a v128 (a `VSlot` or `VDst` field): a
            /// SIMD instruction. The `match` loop runs these out of line.
            pub const fn is_v128(self) -> bool {
                match self { $( Opcode::$name => 0 $(+ field_kind!($fty, vector))* > 0, )* }
            }

            /// Whether the `match` loop runs the instruction out of line: the v128
            /// instructions and the atomic ones (rare in hot loops, and each a call anyway).
            pub const fn runs_out_of_line(self) -> bool {
                self.is_v128()
                    || matches!(
                        self,
                        Opcode::AtomicLoad
                            | Opcode::AtomicStore
                            | Opcode::AtomicRmw
                            | Opcode::AtomicCmpxchg
                            | Opcode::MemoryAtomicNotify
                            | Opcode::MemoryAtomicWait
                            | Opcode::AtomicFence
                    )
            }
        }

        /// One decoded instruction with its operands (the encoder's input and the
        /// disassembler's output; code itself is stored as bytes).
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum Instr {
            $( $(#[doc = $doc])* $name { $( #[allow(missing_docs)] $field: $fty ),* }, )*
        }

        impl Instr {
            /// The instruction's opcode.
            pub fn opcode(&self) -> Opcode {
                match self { $( Instr::$name { .. } => Opcode::$name, )* }
            }

            /// Appends the encoding to `out`.
            pub fn encode(&self, out: &mut Vec<u8>) {
                (self.opcode() as u16).encode(out);
                out.extend_from_slice(&[0; OPCODE_SIZE - 2]);
                match *self {
                    $( Instr::$name { $($field),* } => { $( $field.encode(out); )* } )*
                }
            }

            #[cfg_attr(not(test), allow(dead_code))] // for the disassembler
            /// `Name field=value ...`, with branch targets as absolute positions (`end` is the
            /// position after the instruction); with `acc_only` (the instruction is marked as
            /// writing its result only to the accumulator) the result shows as `acc-only(s3)`.
            pub fn listing(&self, end: usize, acc_only: bool) -> String {
                #[allow(unused_mut)]
                match *self {
                    $( Instr::$name { $($field),* } => {
                        let mut s = String::from(self.opcode().name());
                        $( s.push(' '); s.push_str(stringify!($field)); s.push('=');
                           s.push_str(&field_kind!($fty, listing, $field, acc_only, end)); )*
                        s
                    } )*
                }
            }

            /// The instruction with its operands `lhs` and `rhs` swapped, in the form that
            /// computes the same thing ([`Opcode::swapped`]), if it has one.
            pub fn with_operands_swapped(self) -> Option<Instr> {
                #[allow(unused_variables)]
                match self {
                    $( Instr::$name { $($field),* } => relation!(swap $name [swap $($field),*]; $($($rel $(($target))?)*)?), )*
                }
            }

            /// The store with its fields value-first ([`Opcode::value_first_form`]), if it has
            /// such a form.
            pub fn value_first(self) -> Option<Instr> {
                #[allow(unused_variables)]
                match self {
                    $( Instr::$name { $($field),* } => relation!(value_first $name [same $($field),*]; $($($rel $(($target))?)*)?), )*
                }
            }

            /// The immediate form ([`Opcode::imm_form`]), if any, with the constant `imm` (its
            /// low bits, for a narrower immediate) in place of the slot operand that form takes
            /// as an immediate; the slot `self` has there is dropped.
            pub fn with_imm(self, imm: u64) -> Option<Instr> {
                #[allow(unused_variables)]
                match self {
                    $( Instr::$name { $($field),* } => relation!(imm $name [imm imm; $($field),*]; $($($rel $(($target))?)*)?), )*
                }
            }

            /// The same access of memory `mem` ([`Opcode::mem_form`]), if the instruction has
            /// such a form.
            pub fn with_mem(self, mem: u32) -> Option<Instr> {
                #[allow(unused_variables)]
                match self {
                    $( Instr::$name { $($field),* } => relation!(mem $name [mem mem; $($field),*]; $($($rel $(($target))?)*)?), )*
                }
            }

            /// The conditional branch taken exactly when this one is not
            /// ([`Opcode::negated`]), with the same operands.
            pub fn negated(self) -> Option<Instr> {
                #[allow(unused_variables)]
                match self {
                    $( Instr::$name { $($field),* } => relation!(negate $name [same $($field),*]; $($($rel $(($target))?)*)?), )*
                }
            }

            /// The conditional branch taken when this comparison is true
            /// ([`Opcode::branch_form`]): its operands, no result, and an offset of 0 for the
            /// translator to patch.
            pub fn branch_form(self) -> Option<Instr> {
                #[allow(unused_variables)]
                match self {
                    $( Instr::$name { $($field),* } => relation!(branch $name [branch $($field),*]; $($($rel $(($target))?)*)?), )*
                }
            }

            /// The slot the instruction writes its result to (its `Dst` field), if it has one;
            /// its handler also leaves that value in the accumulator.
            pub fn result_slot(&self) -> Option<Slot> {
                #[allow(unused_variables)]
                match *self {
                    $( Instr::$name { $($field),* } => {
                        $( if let Some(s) = field_kind!($fty, result, $field) { return Some(s); } )*
                        None
                    } )*
                }
            }

            /// The instruction's branch offset (relative to its end), if it has one. `BrTable`'s
            /// offsets follow it in the code instead.
            pub fn branch_offset(&self) -> Option<BranchOffset> {
                #[allow(unused_variables)]
                match *self {
                    $( Instr::$name { $($field),* } => {
                        $( if let Some(o) = field_kind!($fty, branch, $field) { return Some(o); } )*
                        None
                    } )*
                }
            }

            /// Applies `f` to every slot the instruction reads as a value (not its result, not
            /// a call's frame base).
            pub fn map_read_slots(&mut self, mut f: impl FnMut(Slot) -> Slot) {
                #[allow(unused_variables)]
                match self {
                    $( Instr::$name { $($field),* } => {
                        $( field_kind!($fty, map_read, $field, f); )*
                    } )*
                }
            }

            #[cfg_attr(not(test), allow(dead_code))] // for the disassembler
            /// Decodes the instruction at `pos`; returns it and the position after it (without
            /// any trailing data, such as a `BrTable`'s targets). `None` if the bytes are not a
            /// whole instruction.
            pub fn decode(code: &[u8], pos: usize) -> Option<(Instr, usize)> {
                code.get(pos..pos + OPCODE_SIZE)?;
                let raw = u16::decode(code.get(pos..pos + 2)?);
                if usize::from(raw) >= ENCODED_OPCODES {
                    return None;
                }
                let op = Opcode::from_u16(base_opcode(raw))?;
                #[allow(unused_mut)]
                let mut p = pos + OPCODE_SIZE;
                let instr = match op {
                    $( Opcode::$name => {
                        $( let $field = <$fty as Operand>::decode(code.get(p..p + <$fty as Operand>::SIZE)?);
                           p += <$fty as Operand>::SIZE; )*
                        Instr::$name { $($field),* }
                    } )*
                };
                Some((instr, p))
            }
        }
    };
}

isa::for_each_instruction!(define_ir);

/// Bytes an instruction's opcode takes in the code: the 16-bit opcode, then room for the
/// address of its handler, which threaded dispatch writes over the whole field when it links
/// the code (`interp::threaded::link`), so dispatching is one load and one jump.
pub const OPCODE_SIZE: usize = 8;

/// An encoded opcode is an instruction of the table in one of four forms, each a range of
/// [`Opcode::ALL`]`.len()` opcodes: plain; marked as reading the accumulator
/// ([`ACC_OPCODES`]); marked as writing its result only to the accumulator
/// ([`ACC_ONLY_OPCODES`]); both. Threaded dispatch runs each form in its own copy of the
/// handler, so only the copies that need it check operands for the accumulator or skip the
/// frame store.
pub const ENCODED_OPCODES: usize = 4 * Opcode::ALL.len();

/// Opcode `ACC_OPCODES + n` (and `ACC_ONLY_OPCODES + ACC_OPCODES + n`) is instruction `n`
/// with its first operand read replaced by [`Slot::ACC`]: threaded dispatch runs it in a copy
/// of the handler that checks its operands for the accumulator, so the plain handlers never do.
pub const ACC_OPCODES: u16 = Opcode::ALL.len() as u16;

/// Opcodes from `ACC_ONLY_OPCODES + n` on are instruction `n` (plain or reading the
/// accumulator) whose result goes only to the accumulator: its `Dst` is a temporary that only
/// the next instruction reads, from the accumulator, and nothing else ever reads (the
/// translator checks this, `Translator::emit`), so the frame store is dead and threaded
/// handlers skip it. The `Dst` field stays encoded (the `match` loop, which ignores the mark,
/// still stores there). Only instructions with a [single result](Opcode::single_result) carry
/// this mark.
pub const ACC_ONLY_OPCODES: u16 = 2 * ACC_OPCODES;

/// The instruction an encoded opcode stands for, whatever its marks.
#[inline(always)]
pub fn base_opcode(raw: u16) -> u16 {
    let r = if raw >= ACC_ONLY_OPCODES {
        raw - ACC_ONLY_OPCODES
    } else {
        raw
    };
    if r >= ACC_OPCODES { r - ACC_OPCODES } else { r }
}

/// Whether an encoded opcode is marked as reading the accumulator.
#[inline(always)]
pub fn reads_acc(raw: u16) -> bool {
    let r = if raw >= ACC_ONLY_OPCODES {
        raw - ACC_ONLY_OPCODES
    } else {
        raw
    };
    r >= ACC_OPCODES
}

/// Whether an encoded opcode is marked as writing its result only to the accumulator.
#[inline(always)]
pub fn writes_acc_only(raw: u16) -> bool {
    raw >= ACC_ONLY_OPCODES
}

/// Fuel charged for the instruction an encoded opcode stands for, whatever its marks: one
/// load from a table of every encoded form, so metered dispatch does not decode the marks.
#[inline(always)]
pub fn encoded_fuel_cost(raw: u16) -> u64 {
    /// The fuel cost of each encoded opcode.
    static COSTS: [u64; ENCODED_OPCODES] = {
        let mut costs = [0; ENCODED_OPCODES];
        let mut i = 0;
        while i < ENCODED_OPCODES {
            costs[i] = Opcode::ALL[i % Opcode::ALL.len()].fuel_cost();
            i += 1;
        }
        costs
    };
    COSTS[usize::from(raw)]
}

/// The encoding of `op` with the given marks.
#[inline(always)]
pub const fn marked_opcode(op: Opcode, reads_acc: bool, acc_only: bool) -> u16 {
    op as u16
        + if reads_acc { ACC_OPCODES } else { 0 }
        + if acc_only { ACC_ONLY_OPCODES } else { 0 }
}

/// A function translated to the register IR, shared by every instance of its module.
#[derive(Debug)]
pub struct CompiledFunc {
    /// The packed instruction stream.
    pub code: Box<[u8]>,
    /// Cells the frame needs: parameters, locals and temporaries (at least the result count).
    pub frame_size: u16,
    /// Cells of the parameters (cells `0..params`; a v128 takes two).
    pub params: u16,
    /// Cells of the declared and hidden locals (cells `params..params + locals`, zeroed on
    /// entry).
    pub locals: u16,
    /// Cells of the results (written to cells `0..results` on return).
    pub results: u16,
    /// Exception handlers (the catch clauses of `try_table`s), innermost first: an exception
    /// thrown at a code position takes the first whose range holds it and whose clause matches.
    /// Empty for most functions; nothing on the straight path reads it.
    pub handlers: Box<[Handler]>,
}

/// What a catch clause catches, and whether it hands the label the exception too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchKind {
    /// `catch tag`: the tag's payload.
    Tag,
    /// `catch_ref tag`: the payload, then the exception.
    TagRef,
    /// `catch_all`: nothing.
    All,
    /// `catch_all_ref`: the exception.
    AllRef,
    /// A legacy `catch tag` handler: the exception (for `rethrow`), then the payload.
    LegacyTag,
    /// A legacy `catch_all` handler: the exception (for `rethrow`).
    LegacyAll,
    /// A legacy `delegate`: the search goes on with the handlers of the try constructs at or
    /// outside control depth [`Handler::tag`] only (0, the function's own depth, means the
    /// caller's).
    Delegate,
}

/// One catch clause of a `try_table`, where it applies and where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handler {
    /// The code range (byte positions `start..end`) it covers: the `try_table`'s body.
    pub start: u32,
    /// End of the range.
    pub end: u32,
    /// What it catches.
    pub kind: CatchKind,
    /// The module's tag index, for the clauses that name a tag; for [`CatchKind::Delegate`],
    /// the control depth delegated to.
    pub tag: u32,
    /// Control depth of the construct the handler belongs to (the function body is 0), so a
    /// `delegate` can pass over the constructs nested inside its target.
    pub depth: u32,
    /// The first slot of the label's values: the payload goes there, then the exception.
    pub dst: Slot,
    /// Code position to continue at: the label's target.
    pub target: u32,
}

impl CompiledFunc {
    /// A readable listing of the code (for tests and debugging).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn disassemble(&self) -> String {
        disasm::disassemble(&self.code)
    }
}
