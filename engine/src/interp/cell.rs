//! Values in frame cells and in linear memory.
//!
//! Every wasm value lives in a 64-bit cell: integers as their bits (an i32 in the low half; the
//! high half is ignored on reads), floats as their IEEE bits (so NaN payloads survive), references
//! as `0` for null or store index + 1. [`Cell`] converts a Rust value to and from a cell;
//! [`MemValue`] reads and writes a value of a given width little-endian in linear memory.

/// A Rust value that fits in a cell.
pub trait Cell: Copy {
    /// The value held by `cell`.
    fn from_cell(cell: u64) -> Self;
    /// The cell holding `self`.
    fn into_cell(self) -> u64;
}

macro_rules! int_cell {
    ($($t:ty => $via:ty),*) => {$(
        impl Cell for $t {
            #[inline(always)]
            fn from_cell(cell: u64) -> Self { cell as $t }
            #[inline(always)]
            fn into_cell(self) -> u64 { self as $via as u64 }
        }
    )*};
}

int_cell!(i32 => u32, u32 => u32, i64 => u64, u64 => u64);

impl Cell for f32 {
    #[inline(always)]
    fn from_cell(cell: u64) -> Self {
        f32::from_bits(cell as u32)
    }
    #[inline(always)]
    fn into_cell(self) -> u64 {
        u64::from(self.to_bits())
    }
}

impl Cell for f64 {
    #[inline(always)]
    fn from_cell(cell: u64) -> Self {
        f64::from_bits(cell)
    }
    #[inline(always)]
    fn into_cell(self) -> u64 {
        self.to_bits()
    }
}

impl Cell for bool {
    #[inline(always)]
    fn from_cell(cell: u64) -> Self {
        cell != 0
    }
    #[inline(always)]
    fn into_cell(self) -> u64 {
        u64::from(self)
    }
}

/// A value of a fixed width in linear memory (little-endian, unaligned).
pub trait MemValue: Copy {
    /// Width in bytes.
    const SIZE: usize;
    /// Reads from `p`.
    ///
    /// # Safety
    /// `p` must point to `SIZE` readable bytes.
    unsafe fn read(p: *const u8) -> Self;
    /// Writes to `p`.
    ///
    /// # Safety
    /// `p` must point to `SIZE` writable bytes.
    unsafe fn write(p: *mut u8, v: Self);
}

macro_rules! mem_value {
    ($($t:ty),*) => {$(
        impl MemValue for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            #[inline(always)]
            unsafe fn read(p: *const u8) -> Self {
                // With debug assertions, `read_unaligned`'s precondition check takes the address
                // of a stack temporary, which stops threaded handlers from tail-calling (tests
                // run the engine optimised with debug assertions): byte by byte there, which the
                // optimiser turns into the same single load.
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
                // SAFETY: the caller guarantees SIZE readable bytes; the read is unaligned.
                <$t>::from_le(unsafe { std::ptr::read_unaligned(p as *const $t) })
            }
            #[inline(always)]
            unsafe fn write(p: *mut u8, v: Self) {
                // Byte by byte with debug assertions, as in `read`.
                #[cfg(debug_assertions)]
                for (i, byte) in v.to_le_bytes().into_iter().enumerate() {
                    // SAFETY: the caller guarantees SIZE writable bytes at `p`.
                    unsafe { *p.add(i) = byte };
                }
                #[cfg(not(debug_assertions))]
                // SAFETY: the caller guarantees SIZE writable bytes; the write is unaligned.
                unsafe { std::ptr::write_unaligned(p as *mut $t, v.to_le()) }
            }
        }
    )*};
}

mem_value!(u8, i8, u16, i16, u32, i32, u64, u128);
