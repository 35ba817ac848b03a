//! SIMD: the v128 operators (Wasm 2.0's fixed-width SIMD; relaxed SIMD is left to the
//! interpreter).
//!
//! A v128 is kept as an `i8x16` everywhere (locals, the operand stack, block parameters,
//! signatures). Each operator views its operands as its own lanes (a `bitcast`, which costs
//! nothing) and hands its result back as an `i8x16`, so values never disagree on their CLIF
//! type where control flow meets. Nearly every operator is one CLIF instruction whose
//! semantics are wasm's (shift counts taken modulo the lane width, `fmin`/`fmax` with wasm's
//! NaN and signed-zero rules, saturating conversions); the rest are short sequences.

use super::{FuncTranslator, Unsupported};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types;
use cranelift_codegen::ir::{ConstantData, Endianness, InstBuilder, MemFlagsData, Type, Value};
use cranelift_frontend::FunctionBuilder;
use types::{F32X4, F64X2, I8, I8X16, I16, I16X8, I32, I32X4, I64, I64X2};
use wasmparser::{MemArg, Operator};

/// A v128 constant (as an `i8x16`).
pub(super) fn v128_const(b: &mut FunctionBuilder<'_>, bits: u128) -> Value {
    let c = b
        .func
        .dfg
        .constants
        .insert(ConstantData::from(bits.to_le_bytes().to_vec()));
    b.ins().vconst(I8X16, c)
}

/// How a `v128.loadNxM` widens its lanes.
#[derive(Clone, Copy)]
enum Widen {
    S8x8,
    U8x8,
    S16x4,
    U16x4,
    S32x2,
    U32x2,
}

impl FuncTranslator<'_, '_> {
    /// `v` viewed as a vector of type `ty` (no code: the bits stay where they are).
    fn view(&mut self, v: Value, ty: Type) -> Value {
        if self.b.func.dfg.value_type(v) == ty {
            return v;
        }
        let flags = MemFlagsData::new().with_endianness(Endianness::Little);
        self.b.ins().bitcast(ty, flags, v)
    }

    /// The top value, viewed as lanes of `ty`.
    fn pop_as(&mut self, ty: Type) -> Value {
        let v = self.pop();
        self.view(v, ty)
    }

    /// The top two values (the deeper first), viewed as lanes of `ty`.
    fn pop2_as(&mut self, ty: Type) -> (Value, Value) {
        let b = self.pop_as(ty);
        let a = self.pop_as(ty);
        (a, b)
    }

    /// Pushes vector `v` as the v128 it is (an `i8x16`).
    fn push_v128(&mut self, v: Value) {
        let v = self.view(v, I8X16);
        self.push(v);
    }

    /// The v128 operators, then the atomic ones; anything else is not covered.
    pub(super) fn visit_simd(&mut self, op: &Operator<'_>) -> Result<(), Unsupported> {
        use Operator as O;
        macro_rules! un {
            ($ty:expr, $m:ident) => {{
                let a = self.pop_as($ty);
                let v = self.b.ins().$m(a);
                self.push_v128(v);
            }};
        }
        macro_rules! bin {
            ($ty:expr, $m:ident) => {{
                let (a, b) = self.pop2_as($ty);
                let v = self.b.ins().$m(a, b);
                self.push_v128(v);
            }};
        }
        macro_rules! icmp {
            ($ty:expr, $cc:ident) => {{
                let (a, b) = self.pop2_as($ty);
                let v = self.b.ins().icmp(IntCC::$cc, a, b);
                self.push_v128(v);
            }};
        }
        macro_rules! fcmp {
            ($ty:expr, $cc:ident) => {{
                let (a, b) = self.pop2_as($ty);
                let v = self.b.ins().fcmp(FloatCC::$cc, a, b);
                self.push_v128(v);
            }};
        }
        macro_rules! shift {
            ($ty:expr, $m:ident) => {{
                let n = self.pop();
                let a = self.pop_as($ty);
                let v = self.b.ins().$m(a, n);
                self.push_v128(v);
            }};
        }
        macro_rules! widen {
            ($from:expr, $m:ident) => {{
                let a = self.pop_as($from);
                let v = self.b.ins().$m(a);
                self.push_v128(v);
            }};
        }
        macro_rules! extmul {
            ($from:expr, $m:ident) => {{
                let (a, b) = self.pop2_as($from);
                let a = self.b.ins().$m(a);
                let b = self.b.ins().$m(b);
                let v = self.b.ins().imul(a, b);
                self.push_v128(v);
            }};
        }
        macro_rules! pairwise {
            ($from:expr, $low:ident, $high:ident) => {{
                let a = self.pop_as($from);
                let low = self.b.ins().$low(a);
                let high = self.b.ins().$high(a);
                let v = self.b.ins().iadd_pairwise(low, high);
                self.push_v128(v);
            }};
        }
        macro_rules! convert {
            ($from:expr, $m:ident, $to:expr) => {{
                let a = self.pop_as($from);
                let v = self.b.ins().$m($to, a);
                self.push_v128(v);
            }};
        }
        match *op {
            // Memory.
            O::V128Load { memarg } => {
                let index = self.pop();
                let (addr, flags) = self.address(index, memarg, 16)?;
                let v = self.b.ins().load(I8X16, flags, addr, 0);
                self.push(v);
            }
            O::V128Store { memarg } => {
                let v = self.pop();
                let index = self.pop();
                let (addr, flags) = self.address(index, memarg, 16)?;
                self.b.ins().store(flags, v, addr, 0);
            }
            O::V128Load8x8S { memarg } => self.load_widened(memarg, Widen::S8x8)?,
            O::V128Load8x8U { memarg } => self.load_widened(memarg, Widen::U8x8)?,
            O::V128Load16x4S { memarg } => self.load_widened(memarg, Widen::S16x4)?,
            O::V128Load16x4U { memarg } => self.load_widened(memarg, Widen::U16x4)?,
            O::V128Load32x2S { memarg } => self.load_widened(memarg, Widen::S32x2)?,
            O::V128Load32x2U { memarg } => self.load_widened(memarg, Widen::U32x2)?,
            O::V128Load8Splat { memarg } => self.load_scalar(memarg, I8X16, true)?,
            O::V128Load16Splat { memarg } => self.load_scalar(memarg, I16X8, true)?,
            O::V128Load32Splat { memarg } => self.load_scalar(memarg, I32X4, true)?,
            O::V128Load64Splat { memarg } => self.load_scalar(memarg, I64X2, true)?,
            O::V128Load32Zero { memarg } => self.load_scalar(memarg, I32X4, false)?,
            O::V128Load64Zero { memarg } => self.load_scalar(memarg, I64X2, false)?,
            O::V128Load8Lane { memarg, lane } => self.load_lane(memarg, I8X16, lane)?,
            O::V128Load16Lane { memarg, lane } => self.load_lane(memarg, I16X8, lane)?,
            O::V128Load32Lane { memarg, lane } => self.load_lane(memarg, I32X4, lane)?,
            O::V128Load64Lane { memarg, lane } => self.load_lane(memarg, I64X2, lane)?,
            O::V128Store8Lane { memarg, lane } => self.store_lane(memarg, I8X16, lane)?,
            O::V128Store16Lane { memarg, lane } => self.store_lane(memarg, I16X8, lane)?,
            O::V128Store32Lane { memarg, lane } => self.store_lane(memarg, I32X4, lane)?,
            O::V128Store64Lane { memarg, lane } => self.store_lane(memarg, I64X2, lane)?,

            // Constants, lanes, shuffles.
            O::V128Const { value } => {
                let v = v128_const(&mut self.b, u128::from_le_bytes(*value.bytes()));
                self.push(v);
            }
            O::I8x16Shuffle { lanes } => {
                let (a, b) = self.pop2_as(I8X16);
                let mask = self
                    .b
                    .func
                    .dfg
                    .immediates
                    .push(ConstantData::from(lanes.to_vec()));
                let v = self.b.ins().shuffle(a, b, mask);
                self.push(v);
            }
            O::I8x16Swizzle => bin!(I8X16, swizzle),
            O::I8x16Splat => self.splat(I8X16),
            O::I16x8Splat => self.splat(I16X8),
            O::I32x4Splat => self.splat(I32X4),
            O::I64x2Splat => self.splat(I64X2),
            O::F32x4Splat => self.splat(F32X4),
            O::F64x2Splat => self.splat(F64X2),
            O::I8x16ExtractLaneS { lane } => self.extract_lane(I8X16, lane, Some(true)),
            O::I8x16ExtractLaneU { lane } => self.extract_lane(I8X16, lane, Some(false)),
            O::I16x8ExtractLaneS { lane } => self.extract_lane(I16X8, lane, Some(true)),
            O::I16x8ExtractLaneU { lane } => self.extract_lane(I16X8, lane, Some(false)),
            O::I32x4ExtractLane { lane } => self.extract_lane(I32X4, lane, None),
            O::I64x2ExtractLane { lane } => self.extract_lane(I64X2, lane, None),
            O::F32x4ExtractLane { lane } => self.extract_lane(F32X4, lane, None),
            O::F64x2ExtractLane { lane } => self.extract_lane(F64X2, lane, None),
            O::I8x16ReplaceLane { lane } => self.replace_lane(I8X16, lane),
            O::I16x8ReplaceLane { lane } => self.replace_lane(I16X8, lane),
            O::I32x4ReplaceLane { lane } => self.replace_lane(I32X4, lane),
            O::I64x2ReplaceLane { lane } => self.replace_lane(I64X2, lane),
            O::F32x4ReplaceLane { lane } => self.replace_lane(F32X4, lane),
            O::F64x2ReplaceLane { lane } => self.replace_lane(F64X2, lane),

            // Bitwise.
            O::V128Not => un!(I8X16, bnot),
            O::V128And => bin!(I8X16, band),
            O::V128Or => bin!(I8X16, bor),
            O::V128Xor => bin!(I8X16, bxor),
            O::V128AndNot => {
                let (a, b) = self.pop2_as(I8X16);
                let not_b = self.b.ins().bnot(b);
                let v = self.b.ins().band(a, not_b);
                self.push(v);
            }
            O::V128Bitselect => {
                let c = self.pop_as(I8X16);
                let (a, b) = self.pop2_as(I8X16);
                let v = self.b.ins().bitselect(c, a, b);
                self.push(v);
            }
            O::V128AnyTrue => self.lanes_test(I8X16, false),
            O::I8x16AllTrue => self.lanes_test(I8X16, true),
            O::I16x8AllTrue => self.lanes_test(I16X8, true),
            O::I32x4AllTrue => self.lanes_test(I32X4, true),
            O::I64x2AllTrue => self.lanes_test(I64X2, true),
            O::I8x16Bitmask => self.bitmask(I8X16),
            O::I16x8Bitmask => self.bitmask(I16X8),
            O::I32x4Bitmask => self.bitmask(I32X4),
            O::I64x2Bitmask => self.bitmask(I64X2),

            // Integer comparisons.
            O::I8x16Eq => icmp!(I8X16, Equal),
            O::I8x16Ne => icmp!(I8X16, NotEqual),
            O::I8x16LtS => icmp!(I8X16, SignedLessThan),
            O::I8x16LtU => icmp!(I8X16, UnsignedLessThan),
            O::I8x16GtS => icmp!(I8X16, SignedGreaterThan),
            O::I8x16GtU => icmp!(I8X16, UnsignedGreaterThan),
            O::I8x16LeS => icmp!(I8X16, SignedLessThanOrEqual),
            O::I8x16LeU => icmp!(I8X16, UnsignedLessThanOrEqual),
            O::I8x16GeS => icmp!(I8X16, SignedGreaterThanOrEqual),
            O::I8x16GeU => icmp!(I8X16, UnsignedGreaterThanOrEqual),
            O::I16x8Eq => icmp!(I16X8, Equal),
            O::I16x8Ne => icmp!(I16X8, NotEqual),
            O::I16x8LtS => icmp!(I16X8, SignedLessThan),
            O::I16x8LtU => icmp!(I16X8, UnsignedLessThan),
            O::I16x8GtS => icmp!(I16X8, SignedGreaterThan),
            O::I16x8GtU => icmp!(I16X8, UnsignedGreaterThan),
            O::I16x8LeS => icmp!(I16X8, SignedLessThanOrEqual),
            O::I16x8LeU => icmp!(I16X8, UnsignedLessThanOrEqual),
            O::I16x8GeS => icmp!(I16X8, SignedGreaterThanOrEqual),
            O::I16x8GeU => icmp!(I16X8, UnsignedGreaterThanOrEqual),
            O::I32x4Eq => icmp!(I32X4, Equal),
            O::I32x4Ne => icmp!(I32X4, NotEqual),
            O::I32x4LtS => icmp!(I32X4, SignedLessThan),
            O::I32x4LtU => icmp!(I32X4, UnsignedLessThan),
            O::I32x4GtS => icmp!(I32X4, SignedGreaterThan),
            O::I32x4GtU => icmp!(I32X4, UnsignedGreaterThan),
            O::I32x4LeS => icmp!(I32X4, SignedLessThanOrEqual),
            O::I32x4LeU => icmp!(I32X4, UnsignedLessThanOrEqual),
            O::I32x4GeS => icmp!(I32X4, SignedGreaterThanOrEqual),
            O::I32x4GeU => icmp!(I32X4, UnsignedGreaterThanOrEqual),
            O::I64x2Eq => icmp!(I64X2, Equal),
            O::I64x2Ne => icmp!(I64X2, NotEqual),
            O::I64x2LtS => icmp!(I64X2, SignedLessThan),
            O::I64x2GtS => icmp!(I64X2, SignedGreaterThan),
            O::I64x2LeS => icmp!(I64X2, SignedLessThanOrEqual),
            O::I64x2GeS => icmp!(I64X2, SignedGreaterThanOrEqual),

            // Float comparisons (`ne` is true for unordered lanes, as CLIF's `ne` is).
            O::F32x4Eq => fcmp!(F32X4, Equal),
            O::F32x4Ne => fcmp!(F32X4, NotEqual),
            O::F32x4Lt => fcmp!(F32X4, LessThan),
            O::F32x4Gt => fcmp!(F32X4, GreaterThan),
            O::F32x4Le => fcmp!(F32X4, LessThanOrEqual),
            O::F32x4Ge => fcmp!(F32X4, GreaterThanOrEqual),
            O::F64x2Eq => fcmp!(F64X2, Equal),
            O::F64x2Ne => fcmp!(F64X2, NotEqual),
            O::F64x2Lt => fcmp!(F64X2, LessThan),
            O::F64x2Gt => fcmp!(F64X2, GreaterThan),
            O::F64x2Le => fcmp!(F64X2, LessThanOrEqual),
            O::F64x2Ge => fcmp!(F64X2, GreaterThanOrEqual),

            // Integer arithmetic.
            O::I8x16Abs => un!(I8X16, iabs),
            O::I16x8Abs => un!(I16X8, iabs),
            O::I32x4Abs => un!(I32X4, iabs),
            O::I64x2Abs => un!(I64X2, iabs),
            O::I8x16Neg => un!(I8X16, ineg),
            O::I16x8Neg => un!(I16X8, ineg),
            O::I32x4Neg => un!(I32X4, ineg),
            O::I64x2Neg => un!(I64X2, ineg),
            O::I8x16Popcnt => un!(I8X16, popcnt),
            O::I8x16Add => bin!(I8X16, iadd),
            O::I16x8Add => bin!(I16X8, iadd),
            O::I32x4Add => bin!(I32X4, iadd),
            O::I64x2Add => bin!(I64X2, iadd),
            O::I8x16Sub => bin!(I8X16, isub),
            O::I16x8Sub => bin!(I16X8, isub),
            O::I32x4Sub => bin!(I32X4, isub),
            O::I64x2Sub => bin!(I64X2, isub),
            O::I16x8Mul => bin!(I16X8, imul),
            O::I32x4Mul => bin!(I32X4, imul),
            O::I64x2Mul => bin!(I64X2, imul),
            O::I8x16AddSatS => bin!(I8X16, sadd_sat),
            O::I8x16AddSatU => bin!(I8X16, uadd_sat),
            O::I16x8AddSatS => bin!(I16X8, sadd_sat),
            O::I16x8AddSatU => bin!(I16X8, uadd_sat),
            O::I8x16SubSatS => bin!(I8X16, ssub_sat),
            O::I8x16SubSatU => bin!(I8X16, usub_sat),
            O::I16x8SubSatS => bin!(I16X8, ssub_sat),
            O::I16x8SubSatU => bin!(I16X8, usub_sat),
            O::I8x16MinS => bin!(I8X16, smin),
            O::I8x16MinU => bin!(I8X16, umin),
            O::I8x16MaxS => bin!(I8X16, smax),
            O::I8x16MaxU => bin!(I8X16, umax),
            O::I16x8MinS => bin!(I16X8, smin),
            O::I16x8MinU => bin!(I16X8, umin),
            O::I16x8MaxS => bin!(I16X8, smax),
            O::I16x8MaxU => bin!(I16X8, umax),
            O::I32x4MinS => bin!(I32X4, smin),
            O::I32x4MinU => bin!(I32X4, umin),
            O::I32x4MaxS => bin!(I32X4, smax),
            O::I32x4MaxU => bin!(I32X4, umax),
            O::I8x16AvgrU => bin!(I8X16, avg_round),
            O::I16x8AvgrU => bin!(I16X8, avg_round),
            O::I16x8Q15MulrSatS => bin!(I16X8, sqmul_round_sat),
            O::I8x16Shl => shift!(I8X16, ishl),
            O::I8x16ShrS => shift!(I8X16, sshr),
            O::I8x16ShrU => shift!(I8X16, ushr),
            O::I16x8Shl => shift!(I16X8, ishl),
            O::I16x8ShrS => shift!(I16X8, sshr),
            O::I16x8ShrU => shift!(I16X8, ushr),
            O::I32x4Shl => shift!(I32X4, ishl),
            O::I32x4ShrS => shift!(I32X4, sshr),
            O::I32x4ShrU => shift!(I32X4, ushr),
            O::I64x2Shl => shift!(I64X2, ishl),
            O::I64x2ShrS => shift!(I64X2, sshr),
            O::I64x2ShrU => shift!(I64X2, ushr),

            // Narrowing, widening, extended multiplication, pairwise additions, dot product.
            O::I8x16NarrowI16x8S => bin!(I16X8, snarrow),
            O::I8x16NarrowI16x8U => bin!(I16X8, unarrow),
            O::I16x8NarrowI32x4S => bin!(I32X4, snarrow),
            O::I16x8NarrowI32x4U => bin!(I32X4, unarrow),
            O::I16x8ExtendLowI8x16S => widen!(I8X16, swiden_low),
            O::I16x8ExtendHighI8x16S => widen!(I8X16, swiden_high),
            O::I16x8ExtendLowI8x16U => widen!(I8X16, uwiden_low),
            O::I16x8ExtendHighI8x16U => widen!(I8X16, uwiden_high),
            O::I32x4ExtendLowI16x8S => widen!(I16X8, swiden_low),
            O::I32x4ExtendHighI16x8S => widen!(I16X8, swiden_high),
            O::I32x4ExtendLowI16x8U => widen!(I16X8, uwiden_low),
            O::I32x4ExtendHighI16x8U => widen!(I16X8, uwiden_high),
            O::I64x2ExtendLowI32x4S => widen!(I32X4, swiden_low),
            O::I64x2ExtendHighI32x4S => widen!(I32X4, swiden_high),
            O::I64x2ExtendLowI32x4U => widen!(I32X4, uwiden_low),
            O::I64x2ExtendHighI32x4U => widen!(I32X4, uwiden_high),
            O::I16x8ExtMulLowI8x16S => extmul!(I8X16, swiden_low),
            O::I16x8ExtMulHighI8x16S => extmul!(I8X16, swiden_high),
            O::I16x8ExtMulLowI8x16U => extmul!(I8X16, uwiden_low),
            O::I16x8ExtMulHighI8x16U => extmul!(I8X16, uwiden_high),
            O::I32x4ExtMulLowI16x8S => extmul!(I16X8, swiden_low),
            O::I32x4ExtMulHighI16x8S => extmul!(I16X8, swiden_high),
            O::I32x4ExtMulLowI16x8U => extmul!(I16X8, uwiden_low),
            O::I32x4ExtMulHighI16x8U => extmul!(I16X8, uwiden_high),
            O::I64x2ExtMulLowI32x4S => extmul!(I32X4, swiden_low),
            O::I64x2ExtMulHighI32x4S => extmul!(I32X4, swiden_high),
            O::I64x2ExtMulLowI32x4U => extmul!(I32X4, uwiden_low),
            O::I64x2ExtMulHighI32x4U => extmul!(I32X4, uwiden_high),
            O::I16x8ExtAddPairwiseI8x16S => pairwise!(I8X16, swiden_low, swiden_high),
            O::I16x8ExtAddPairwiseI8x16U => pairwise!(I8X16, uwiden_low, uwiden_high),
            O::I32x4ExtAddPairwiseI16x8S => pairwise!(I16X8, swiden_low, swiden_high),
            O::I32x4ExtAddPairwiseI16x8U => pairwise!(I16X8, uwiden_low, uwiden_high),
            O::I32x4DotI16x8S => {
                let (a, b) = self.pop2_as(I16X8);
                let (a_low, b_low) = (self.b.ins().swiden_low(a), self.b.ins().swiden_low(b));
                let low = self.b.ins().imul(a_low, b_low);
                let (a_high, b_high) = (self.b.ins().swiden_high(a), self.b.ins().swiden_high(b));
                let high = self.b.ins().imul(a_high, b_high);
                let v = self.b.ins().iadd_pairwise(low, high);
                self.push_v128(v);
            }

            // Float arithmetic.
            O::F32x4Ceil => un!(F32X4, ceil),
            O::F32x4Floor => un!(F32X4, floor),
            O::F32x4Trunc => un!(F32X4, trunc),
            O::F32x4Nearest => un!(F32X4, nearest),
            O::F32x4Abs => un!(F32X4, fabs),
            O::F32x4Neg => un!(F32X4, fneg),
            O::F32x4Sqrt => un!(F32X4, sqrt),
            O::F32x4Add => bin!(F32X4, fadd),
            O::F32x4Sub => bin!(F32X4, fsub),
            O::F32x4Mul => bin!(F32X4, fmul),
            O::F32x4Div => bin!(F32X4, fdiv),
            O::F32x4Min => bin!(F32X4, fmin),
            O::F32x4Max => bin!(F32X4, fmax),
            O::F32x4PMin => self.pseudo_min_max(F32X4, true),
            O::F32x4PMax => self.pseudo_min_max(F32X4, false),
            O::F64x2Ceil => un!(F64X2, ceil),
            O::F64x2Floor => un!(F64X2, floor),
            O::F64x2Trunc => un!(F64X2, trunc),
            O::F64x2Nearest => un!(F64X2, nearest),
            O::F64x2Abs => un!(F64X2, fabs),
            O::F64x2Neg => un!(F64X2, fneg),
            O::F64x2Sqrt => un!(F64X2, sqrt),
            O::F64x2Add => bin!(F64X2, fadd),
            O::F64x2Sub => bin!(F64X2, fsub),
            O::F64x2Mul => bin!(F64X2, fmul),
            O::F64x2Div => bin!(F64X2, fdiv),
            O::F64x2Min => bin!(F64X2, fmin),
            O::F64x2Max => bin!(F64X2, fmax),
            O::F64x2PMin => self.pseudo_min_max(F64X2, true),
            O::F64x2PMax => self.pseudo_min_max(F64X2, false),

            // Conversions.
            O::I32x4TruncSatF32x4S => convert!(F32X4, fcvt_to_sint_sat, I32X4),
            O::I32x4TruncSatF32x4U => convert!(F32X4, fcvt_to_uint_sat, I32X4),
            O::F32x4ConvertI32x4S => convert!(I32X4, fcvt_from_sint, F32X4),
            O::F32x4ConvertI32x4U => convert!(I32X4, fcvt_from_uint, F32X4),
            O::I32x4TruncSatF64x2SZero | O::I32x4TruncSatF64x2UZero => {
                let signed = matches!(op, O::I32x4TruncSatF64x2SZero);
                let a = self.pop_as(F64X2);
                let wide = if signed {
                    self.b.ins().fcvt_to_sint_sat(I64X2, a)
                } else {
                    self.b.ins().fcvt_to_uint_sat(I64X2, a)
                };
                // A zero `vconst` of the wide type itself: the x86 backend lowers the narrowing
                // only in this exact shape (as wasmtime emits it).
                let zero = self
                    .b
                    .func
                    .dfg
                    .constants
                    .insert(ConstantData::from(vec![0u8; 16]));
                let zero = self.b.ins().vconst(I64X2, zero);
                let v = if signed {
                    self.b.ins().snarrow(wide, zero)
                } else {
                    self.b.ins().uunarrow(wide, zero)
                };
                self.push_v128(v);
            }
            O::F64x2ConvertLowI32x4S => {
                let a = self.pop_as(I32X4);
                let wide = self.b.ins().swiden_low(a);
                let v = self.b.ins().fcvt_from_sint(F64X2, wide);
                self.push_v128(v);
            }
            O::F64x2ConvertLowI32x4U => {
                let a = self.pop_as(I32X4);
                let wide = self.b.ins().uwiden_low(a);
                let v = self.b.ins().fcvt_from_uint(F64X2, wide);
                self.push_v128(v);
            }
            O::F32x4DemoteF64x2Zero => un!(F64X2, fvdemote),
            O::F64x2PromoteLowF32x4 => un!(F32X4, fvpromote_low),

            O::I8x16RelaxedSwizzle
            | O::I32x4RelaxedTruncF32x4S
            | O::I32x4RelaxedTruncF32x4U
            | O::I32x4RelaxedTruncF64x2SZero
            | O::I32x4RelaxedTruncF64x2UZero
            | O::F32x4RelaxedMadd
            | O::F32x4RelaxedNmadd
            | O::F64x2RelaxedMadd
            | O::F64x2RelaxedNmadd
            | O::I8x16RelaxedLaneselect
            | O::I16x8RelaxedLaneselect
            | O::I32x4RelaxedLaneselect
            | O::I64x2RelaxedLaneselect
            | O::F32x4RelaxedMin
            | O::F32x4RelaxedMax
            | O::F64x2RelaxedMin
            | O::F64x2RelaxedMax
            | O::I16x8RelaxedQ15mulrS
            | O::I16x8RelaxedDotI8x16I7x16S
            | O::I32x4RelaxedDotI8x16I7x16AddS => {
                return Err(Unsupported("relaxed SIMD".into()));
            }
            _ => {
                if !self.visit_atomic(op)? {
                    return Err(Unsupported(super::numeric::operator_name(op)));
                }
            }
        }
        Ok(())
    }

    /// `v128.loadNxM_s/u`: N-bit lanes widened to twice their width.
    fn load_widened(&mut self, memarg: MemArg, how: Widen) -> Result<(), Unsupported> {
        let index = self.pop();
        let (addr, flags) = self.address(index, memarg, 8)?;
        let ins = self.b.ins();
        let v = match how {
            Widen::S8x8 => ins.sload8x8(flags, addr, 0),
            Widen::U8x8 => ins.uload8x8(flags, addr, 0),
            Widen::S16x4 => ins.sload16x4(flags, addr, 0),
            Widen::U16x4 => ins.uload16x4(flags, addr, 0),
            Widen::S32x2 => ins.sload32x2(flags, addr, 0),
            Widen::U32x2 => ins.uload32x2(flags, addr, 0),
        };
        self.push_v128(v);
        Ok(())
    }

    /// `v128.loadN_splat` (`splat`: the value loaded in every lane of `ty`) or
    /// `v128.loadN_zero` (in lane 0, the others zero).
    fn load_scalar(&mut self, memarg: MemArg, ty: Type, splat: bool) -> Result<(), Unsupported> {
        let index = self.pop();
        let lane = ty.lane_type();
        let (addr, flags) = self.address(index, memarg, u64::from(lane.bytes()))?;
        let x = self.b.ins().load(lane, flags, addr, 0);
        let v = if splat {
            self.b.ins().splat(ty, x)
        } else {
            self.b.ins().scalar_to_vector(ty, x)
        };
        self.push_v128(v);
        Ok(())
    }

    /// `v128.loadN_lane`: lane `lane` of `ty` replaced by the value loaded.
    fn load_lane(&mut self, memarg: MemArg, ty: Type, lane: u8) -> Result<(), Unsupported> {
        let v = self.pop_as(ty);
        let index = self.pop();
        let lane_ty = ty.lane_type();
        let (addr, flags) = self.address(index, memarg, u64::from(lane_ty.bytes()))?;
        let x = self.b.ins().load(lane_ty, flags, addr, 0);
        let v = self.b.ins().insertlane(v, x, lane);
        self.push_v128(v);
        Ok(())
    }

    /// `v128.storeN_lane`: lane `lane` of `ty` stored.
    fn store_lane(&mut self, memarg: MemArg, ty: Type, lane: u8) -> Result<(), Unsupported> {
        let v = self.pop_as(ty);
        let index = self.pop();
        let lane_ty = ty.lane_type();
        let (addr, flags) = self.address(index, memarg, u64::from(lane_ty.bytes()))?;
        let x = self.b.ins().extractlane(v, lane);
        self.b.ins().store(flags, x, addr, 0);
        Ok(())
    }

    /// `T.splat`: the scalar on top (an i32 narrowed for 8- and 16-bit lanes) in every lane.
    fn splat(&mut self, ty: Type) {
        let x = self.pop();
        let x = self.narrow_lane(x, ty);
        let v = self.b.ins().splat(ty, x);
        self.push_v128(v);
    }

    /// An i32 operand for a lane of `ty`: narrowed to 8 or 16 bits where the lanes are.
    fn narrow_lane(&mut self, x: Value, ty: Type) -> Value {
        match ty.lane_type() {
            lane @ (I8 | I16) => self.b.ins().ireduce(lane, x),
            _ => x,
        }
    }

    /// `T.extract_lane[_s/_u]`: 8- and 16-bit lanes extended to i32 (`signed`).
    fn extract_lane(&mut self, ty: Type, lane: u8, signed: Option<bool>) {
        let v = self.pop_as(ty);
        let x = self.b.ins().extractlane(v, lane);
        let x = match signed {
            Some(true) => self.b.ins().sextend(I32, x),
            Some(false) => self.b.ins().uextend(I32, x),
            None => x,
        };
        self.push(x);
    }

    /// `T.replace_lane`.
    fn replace_lane(&mut self, ty: Type, lane: u8) {
        let x = self.pop();
        let x = self.narrow_lane(x, ty);
        let v = self.pop_as(ty);
        let v = self.b.ins().insertlane(v, x, lane);
        self.push_v128(v);
    }

    /// `v128.any_true` (`all` false) or `T.all_true`, as an i32.
    fn lanes_test(&mut self, ty: Type, all: bool) {
        let v = self.pop_as(ty);
        let t = if all {
            self.b.ins().vall_true(v)
        } else {
            self.b.ins().vany_true(v)
        };
        let t = self.b.ins().uextend(I32, t);
        self.push(t);
    }

    /// `T.bitmask`: the lanes' sign bits, as an i32.
    fn bitmask(&mut self, ty: Type) {
        let v = self.pop_as(ty);
        let m = self.b.ins().vhigh_bits(I32, v);
        self.push(m);
    }

    /// `pmin` (`b < a ? b : a`) or `pmax` (`a < b ? b : a`), lane by lane, exactly as wasm
    /// defines them (no NaN or signed-zero rules of their own).
    fn pseudo_min_max(&mut self, ty: Type, min: bool) {
        let (a, b) = self.pop2_as(ty);
        let take_b = if min {
            self.b.ins().fcmp(FloatCC::LessThan, b, a)
        } else {
            self.b.ins().fcmp(FloatCC::LessThan, a, b)
        };
        let take_b = self.view(take_b, ty);
        let v = self.b.ins().bitselect(take_b, b, a);
        self.push_v128(v);
    }

    /// A v128 global's value, from its two cells.
    pub(super) fn load_v128_global(&mut self, addr: Value) -> Value {
        use crate::jit::vmctx::{GLOBAL_HI, GLOBAL_VALUE};
        let low = self
            .b
            .ins()
            .load(I64, self.global_flags, addr, GLOBAL_VALUE);
        let high = self.b.ins().load(I64, self.global_flags, addr, GLOBAL_HI);
        let v = self.b.ins().scalar_to_vector(I64X2, low);
        let v = self.b.ins().insertlane(v, high, 1);
        self.view(v, I8X16)
    }

    /// Stores v128 `v` into a global's two cells.
    pub(super) fn store_v128_global(&mut self, v: Value, addr: Value) {
        use crate::jit::vmctx::{GLOBAL_HI, GLOBAL_VALUE};
        let v = self.view(v, I64X2);
        let low = self.b.ins().extractlane(v, 0);
        let high = self.b.ins().extractlane(v, 1);
        self.b
            .ins()
            .store(self.global_flags, low, addr, GLOBAL_VALUE);
        self.b.ins().store(self.global_flags, high, addr, GLOBAL_HI);
    }
}
