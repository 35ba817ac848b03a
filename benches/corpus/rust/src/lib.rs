//! Shared helpers of the Rust corpus programs: a deterministic PRNG (no WASI randomness,
//! so every engine sees the same work) and the scale argument.

/// xorshift64* generator: fast, deterministic, good enough to make benchmark data.
pub struct XorShift(u64);

impl XorShift {
    /// Seeds the generator; a zero seed is replaced so the sequence never sticks at zero.
    pub fn new(seed: u64) -> Self {
        XorShift(if seed == 0 { 0x9E37_79B9_7F4A_7C15 } else { seed })
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }
}

/// The first command-line argument as a number, or `default` when absent.
pub fn scale_arg(default: u64) -> u64 {
    std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("the scale argument must be a number"))
        .unwrap_or(default)
}
