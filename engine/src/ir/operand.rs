//! Operand field types of the instruction set and how each is laid out in the byte stream.
//!
//! Every field is stored little-endian and unaligned right after the 16-bit opcode, in the order
//! the instruction's table entry lists them. Reading is unchecked in the interpreter (the code was
//! produced by our own encoder) and checked in the disassembler.

use std::fmt;

/// A frame slot: index of a 64-bit cell in the current function's frame
/// (`[params | locals | temporaries]`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot(pub u16);

impl Slot {
    /// Not a cell: the accumulator, which holds the value the previous instruction wrote to its
    /// result slot. The translator puts it in place of an operand that the immediately preceding
    /// instruction produced (with no branch target in between), so the value does not make a
    /// round trip through memory. Frames are smaller than this index.
    pub const ACC: Slot = Slot(u16::MAX);
}

/// A result slot: a [`Slot`] the instruction writes (and, in passing, the accumulator). A
/// distinct name in the instruction table so that code derived from it knows which slots are
/// read and which written.
pub type Dst = Slot;

/// A frame base: the slot where a callee's frame starts (not a value that is read).
pub type Base = Slot;

/// A v128 operand: the first of the two consecutive cells holding it (low half first). Never
/// the accumulator, which holds 64 bits: code derived from the table treats it as neither a
/// read [`Slot`] nor a [`Dst`].
pub type VSlot = Slot;

/// A v128 result: the first of the two cells the instruction writes. It does not set the
/// accumulator.
pub type VDst = Slot;

impl fmt::Debug for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Slot::ACC {
            return f.write_str("acc");
        }
        write!(f, "s{}", self.0)
    }
}

/// A branch displacement in bytes, relative to the end of the branch instruction (for
/// `br_table`, the end of its target table).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct BranchOffset(pub i32);

impl fmt::Debug for BranchOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:+}", self.0)
    }
}

/// A field type that can be encoded into and decoded from the code stream.
pub trait Operand: Copy + fmt::Debug {
    /// Encoded size in bytes.
    const SIZE: usize;
    /// Appends the encoding.
    fn encode(self, out: &mut Vec<u8>);
    /// Decodes from exactly `SIZE` bytes.
    #[cfg_attr(not(test), allow(dead_code))] // for the disassembler
    fn decode(bytes: &[u8]) -> Self;
    /// Decodes from a raw pointer without bounds checks.
    ///
    /// # Safety
    /// `p` must point to `SIZE` readable bytes.
    unsafe fn read(p: *const u8) -> Self;
    /// The field as the disassembler shows it; `end` is where the instruction ends (branch
    /// offsets are shown as the absolute position they lead to).
    #[cfg_attr(not(test), allow(dead_code))] // for the disassembler
    fn listing(self, end: usize) -> String {
        let _ = end;
        format!("{self:?}")
    }
}

macro_rules! int_operand {
    ($($t:ty),*) => {$(
        impl Operand for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            #[inline(always)]
            fn encode(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            #[inline(always)]
            fn decode(bytes: &[u8]) -> Self {
                let mut b = [0u8; std::mem::size_of::<$t>()];
                b.copy_from_slice(&bytes[..Self::SIZE]);
                <$t>::from_le_bytes(b)
            }
            #[inline(always)]
            unsafe fn read(p: *const u8) -> Self {
                // With debug assertions, `read_unaligned`'s precondition check takes the address
                // of a stack temporary, which would stop threaded handlers from tail-calling
                // (tests run the engine optimised but with debug assertions); read byte by byte
                // there, which the optimiser turns into the same single load.
                #[cfg(debug_assertions)]
                {
                    let mut b = [0u8; std::mem::size_of::<$t>()];
                    for (i, byte) in b.iter_mut().enumerate() {
                        // SAFETY: the caller guarantees SIZE readable bytes at `p`.
                        *byte = unsafe { *p.add(i) };
                    }
                    <$t>::from_le_bytes(b)
                }
                #[cfg(not(debug_assertions))]
                // SAFETY: the caller guarantees SIZE readable bytes at `p`; unaligned read.
                <$t>::from_le(unsafe { std::ptr::read_unaligned(p as *const $t) })
            }
        }
    )*};
}

int_operand!(u8, u16, u32, i32, u64, i64, u128);

impl Operand for Slot {
    const SIZE: usize = 2;
    #[inline(always)]
    fn encode(self, out: &mut Vec<u8>) {
        self.0.encode(out)
    }
    #[inline(always)]
    fn decode(bytes: &[u8]) -> Self {
        Slot(u16::decode(bytes))
    }
    #[inline(always)]
    unsafe fn read(p: *const u8) -> Self {
        // SAFETY: forwarded from the caller.
        Slot(unsafe { u16::read(p) })
    }
}

impl Operand for BranchOffset {
    const SIZE: usize = 4;
    #[inline(always)]
    fn encode(self, out: &mut Vec<u8>) {
        self.0.encode(out)
    }
    #[inline(always)]
    fn decode(bytes: &[u8]) -> Self {
        BranchOffset(i32::decode(bytes))
    }
    #[inline(always)]
    unsafe fn read(p: *const u8) -> Self {
        // SAFETY: forwarded from the caller.
        BranchOffset(unsafe { i32::read(p) })
    }
    fn listing(self, end: usize) -> String {
        format!("@{}", end as i64 + self.0 as i64)
    }
}
