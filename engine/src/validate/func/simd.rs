//! The typing rules of the SIMD operators (fixed-width 128-bit SIMD, Wasm 2.0) and the relaxed
//! SIMD operators (Wasm 3.0), each family by its shape: `v128` in and out, a scalar lane in or
//! out, a lane index immediate, a memory argument.
//!
//! wasmparser reads the memory argument with the access's natural alignment as `max_align`
//! (16 bytes for `v128.load`, 8 for `v128.load8x8_s`, 4 for `v128.load32_zero` ...), so the
//! shared memory-argument check applies. Lane indices are read as bytes; their range per shape
//! is checked here.

use super::{F32, F64, FuncValidator, I32, I64};
use crate::error::CompileError;
use crate::value::ValType;
use wasmparser::{MemArg, Operator};

const V128: ValType = ValType::V128;

impl FuncValidator<'_> {
    /// The rule of a SIMD or relaxed SIMD operator, or of an atomic one
    /// ([`Self::visit_atomic_operator`], which gives an "unsupported feature" error for any other
    /// operator the main `match` did not handle); that error too for a SIMD operator whose
    /// proposal is off.
    /// Out of line: the common operators' `match` stays small.
    #[inline(never)]
    pub(super) fn visit_simd_operator(
        &mut self,
        op: &Operator<'_>,
        offset: usize,
    ) -> Result<(), CompileError> {
        let features = self.module.features;
        match op {
            // Memory.
            Operator::V128Load { memarg }
            | Operator::V128Load8x8S { memarg }
            | Operator::V128Load8x8U { memarg }
            | Operator::V128Load16x4S { memarg }
            | Operator::V128Load16x4U { memarg }
            | Operator::V128Load32x2S { memarg }
            | Operator::V128Load32x2U { memarg }
            | Operator::V128Load8Splat { memarg }
            | Operator::V128Load16Splat { memarg }
            | Operator::V128Load32Splat { memarg }
            | Operator::V128Load64Splat { memarg }
            | Operator::V128Load32Zero { memarg }
            | Operator::V128Load64Zero { memarg } => {
                self.simd(features.simd, op, offset)?;
                self.load(memarg, V128, offset)?;
            }
            Operator::V128Store { memarg } => {
                self.simd(features.simd, op, offset)?;
                self.store(memarg, V128, offset)?;
            }
            Operator::V128Load8Lane { memarg, lane } => {
                self.load_lane(memarg, *lane, 16, op, offset)?
            }
            Operator::V128Load16Lane { memarg, lane } => {
                self.load_lane(memarg, *lane, 8, op, offset)?
            }
            Operator::V128Load32Lane { memarg, lane } => {
                self.load_lane(memarg, *lane, 4, op, offset)?
            }
            Operator::V128Load64Lane { memarg, lane } => {
                self.load_lane(memarg, *lane, 2, op, offset)?
            }
            Operator::V128Store8Lane { memarg, lane } => {
                self.store_lane(memarg, *lane, 16, op, offset)?
            }
            Operator::V128Store16Lane { memarg, lane } => {
                self.store_lane(memarg, *lane, 8, op, offset)?
            }
            Operator::V128Store32Lane { memarg, lane } => {
                self.store_lane(memarg, *lane, 4, op, offset)?
            }
            Operator::V128Store64Lane { memarg, lane } => {
                self.store_lane(memarg, *lane, 2, op, offset)?
            }

            // Constants and lane shuffling.
            Operator::V128Const { .. } => {
                self.simd(features.simd, op, offset)?;
                self.operands.push(V128);
            }
            Operator::I8x16Shuffle { lanes } => {
                self.simd(features.simd, op, offset)?;
                for &lane in lanes {
                    check_lane(lane, 32, offset)?;
                }
                self.binary(V128, V128, offset)?;
            }

            // Lanes to and from scalars.
            Operator::I8x16ExtractLaneS { lane } | Operator::I8x16ExtractLaneU { lane } => {
                self.extract_lane(*lane, 16, I32, op, offset)?
            }
            Operator::I16x8ExtractLaneS { lane } | Operator::I16x8ExtractLaneU { lane } => {
                self.extract_lane(*lane, 8, I32, op, offset)?
            }
            Operator::I32x4ExtractLane { lane } => self.extract_lane(*lane, 4, I32, op, offset)?,
            Operator::I64x2ExtractLane { lane } => self.extract_lane(*lane, 2, I64, op, offset)?,
            Operator::F32x4ExtractLane { lane } => self.extract_lane(*lane, 4, F32, op, offset)?,
            Operator::F64x2ExtractLane { lane } => self.extract_lane(*lane, 2, F64, op, offset)?,
            Operator::I8x16ReplaceLane { lane } => self.replace_lane(*lane, 16, I32, op, offset)?,
            Operator::I16x8ReplaceLane { lane } => self.replace_lane(*lane, 8, I32, op, offset)?,
            Operator::I32x4ReplaceLane { lane } => self.replace_lane(*lane, 4, I32, op, offset)?,
            Operator::I64x2ReplaceLane { lane } => self.replace_lane(*lane, 2, I64, op, offset)?,
            Operator::F32x4ReplaceLane { lane } => self.replace_lane(*lane, 4, F32, op, offset)?,
            Operator::F64x2ReplaceLane { lane } => self.replace_lane(*lane, 2, F64, op, offset)?,
            Operator::I8x16Splat | Operator::I16x8Splat | Operator::I32x4Splat => {
                self.simd(features.simd, op, offset)?;
                self.unary(I32, V128, offset)?;
            }
            Operator::I64x2Splat => {
                self.simd(features.simd, op, offset)?;
                self.unary(I64, V128, offset)?;
            }
            Operator::F32x4Splat => {
                self.simd(features.simd, op, offset)?;
                self.unary(F32, V128, offset)?;
            }
            Operator::F64x2Splat => {
                self.simd(features.simd, op, offset)?;
                self.unary(F64, V128, offset)?;
            }

            // v128 → i32: tests and bitmasks.
            Operator::V128AnyTrue
            | Operator::I8x16AllTrue
            | Operator::I16x8AllTrue
            | Operator::I32x4AllTrue
            | Operator::I64x2AllTrue
            | Operator::I8x16Bitmask
            | Operator::I16x8Bitmask
            | Operator::I32x4Bitmask
            | Operator::I64x2Bitmask => {
                self.simd(features.simd, op, offset)?;
                self.unary(V128, I32, offset)?;
            }

            // Shifts: a v128 by an i32 count.
            Operator::I8x16Shl
            | Operator::I8x16ShrS
            | Operator::I8x16ShrU
            | Operator::I16x8Shl
            | Operator::I16x8ShrS
            | Operator::I16x8ShrU
            | Operator::I32x4Shl
            | Operator::I32x4ShrS
            | Operator::I32x4ShrU
            | Operator::I64x2Shl
            | Operator::I64x2ShrS
            | Operator::I64x2ShrU => {
                self.simd(features.simd, op, offset)?;
                self.pop(I32, offset)?;
                self.unary(V128, V128, offset)?;
            }

            // v128 → v128.
            Operator::V128Not
            | Operator::I8x16Abs
            | Operator::I8x16Neg
            | Operator::I8x16Popcnt
            | Operator::I16x8Abs
            | Operator::I16x8Neg
            | Operator::I32x4Abs
            | Operator::I32x4Neg
            | Operator::I64x2Abs
            | Operator::I64x2Neg
            | Operator::I16x8ExtAddPairwiseI8x16S
            | Operator::I16x8ExtAddPairwiseI8x16U
            | Operator::I32x4ExtAddPairwiseI16x8S
            | Operator::I32x4ExtAddPairwiseI16x8U
            | Operator::I16x8ExtendLowI8x16S
            | Operator::I16x8ExtendHighI8x16S
            | Operator::I16x8ExtendLowI8x16U
            | Operator::I16x8ExtendHighI8x16U
            | Operator::I32x4ExtendLowI16x8S
            | Operator::I32x4ExtendHighI16x8S
            | Operator::I32x4ExtendLowI16x8U
            | Operator::I32x4ExtendHighI16x8U
            | Operator::I64x2ExtendLowI32x4S
            | Operator::I64x2ExtendHighI32x4S
            | Operator::I64x2ExtendLowI32x4U
            | Operator::I64x2ExtendHighI32x4U
            | Operator::F32x4Ceil
            | Operator::F32x4Floor
            | Operator::F32x4Trunc
            | Operator::F32x4Nearest
            | Operator::F32x4Abs
            | Operator::F32x4Neg
            | Operator::F32x4Sqrt
            | Operator::F64x2Ceil
            | Operator::F64x2Floor
            | Operator::F64x2Trunc
            | Operator::F64x2Nearest
            | Operator::F64x2Abs
            | Operator::F64x2Neg
            | Operator::F64x2Sqrt
            | Operator::I32x4TruncSatF32x4S
            | Operator::I32x4TruncSatF32x4U
            | Operator::F32x4ConvertI32x4S
            | Operator::F32x4ConvertI32x4U
            | Operator::I32x4TruncSatF64x2SZero
            | Operator::I32x4TruncSatF64x2UZero
            | Operator::F64x2ConvertLowI32x4S
            | Operator::F64x2ConvertLowI32x4U
            | Operator::F32x4DemoteF64x2Zero
            | Operator::F64x2PromoteLowF32x4 => {
                self.simd(features.simd, op, offset)?;
                self.unary(V128, V128, offset)?;
            }

            // v128 v128 → v128.
            Operator::I8x16Swizzle
            | Operator::I8x16Eq
            | Operator::I8x16Ne
            | Operator::I8x16LtS
            | Operator::I8x16LtU
            | Operator::I8x16GtS
            | Operator::I8x16GtU
            | Operator::I8x16LeS
            | Operator::I8x16LeU
            | Operator::I8x16GeS
            | Operator::I8x16GeU
            | Operator::I16x8Eq
            | Operator::I16x8Ne
            | Operator::I16x8LtS
            | Operator::I16x8LtU
            | Operator::I16x8GtS
            | Operator::I16x8GtU
            | Operator::I16x8LeS
            | Operator::I16x8LeU
            | Operator::I16x8GeS
            | Operator::I16x8GeU
            | Operator::I32x4Eq
            | Operator::I32x4Ne
            | Operator::I32x4LtS
            | Operator::I32x4LtU
            | Operator::I32x4GtS
            | Operator::I32x4GtU
            | Operator::I32x4LeS
            | Operator::I32x4LeU
            | Operator::I32x4GeS
            | Operator::I32x4GeU
            | Operator::I64x2Eq
            | Operator::I64x2Ne
            | Operator::I64x2LtS
            | Operator::I64x2GtS
            | Operator::I64x2LeS
            | Operator::I64x2GeS
            | Operator::F32x4Eq
            | Operator::F32x4Ne
            | Operator::F32x4Lt
            | Operator::F32x4Gt
            | Operator::F32x4Le
            | Operator::F32x4Ge
            | Operator::F64x2Eq
            | Operator::F64x2Ne
            | Operator::F64x2Lt
            | Operator::F64x2Gt
            | Operator::F64x2Le
            | Operator::F64x2Ge
            | Operator::V128And
            | Operator::V128AndNot
            | Operator::V128Or
            | Operator::V128Xor
            | Operator::I8x16NarrowI16x8S
            | Operator::I8x16NarrowI16x8U
            | Operator::I8x16Add
            | Operator::I8x16AddSatS
            | Operator::I8x16AddSatU
            | Operator::I8x16Sub
            | Operator::I8x16SubSatS
            | Operator::I8x16SubSatU
            | Operator::I8x16MinS
            | Operator::I8x16MinU
            | Operator::I8x16MaxS
            | Operator::I8x16MaxU
            | Operator::I8x16AvgrU
            | Operator::I16x8Q15MulrSatS
            | Operator::I16x8NarrowI32x4S
            | Operator::I16x8NarrowI32x4U
            | Operator::I16x8Add
            | Operator::I16x8AddSatS
            | Operator::I16x8AddSatU
            | Operator::I16x8Sub
            | Operator::I16x8SubSatS
            | Operator::I16x8SubSatU
            | Operator::I16x8Mul
            | Operator::I16x8MinS
            | Operator::I16x8MinU
            | Operator::I16x8MaxS
            | Operator::I16x8MaxU
            | Operator::I16x8AvgrU
            | Operator::I16x8ExtMulLowI8x16S
            | Operator::I16x8ExtMulHighI8x16S
            | Operator::I16x8ExtMulLowI8x16U
            | Operator::I16x8ExtMulHighI8x16U
            | Operator::I32x4Add
            | Operator::I32x4Sub
            | Operator::I32x4Mul
            | Operator::I32x4MinS
            | Operator::I32x4MinU
            | Operator::I32x4MaxS
            | Operator::I32x4MaxU
            | Operator::I32x4DotI16x8S
            | Operator::I32x4ExtMulLowI16x8S
            | Operator::I32x4ExtMulHighI16x8S
            | Operator::I32x4ExtMulLowI16x8U
            | Operator::I32x4ExtMulHighI16x8U
            | Operator::I64x2Add
            | Operator::I64x2Sub
            | Operator::I64x2Mul
            | Operator::I64x2ExtMulLowI32x4S
            | Operator::I64x2ExtMulHighI32x4S
            | Operator::I64x2ExtMulLowI32x4U
            | Operator::I64x2ExtMulHighI32x4U
            | Operator::F32x4Add
            | Operator::F32x4Sub
            | Operator::F32x4Mul
            | Operator::F32x4Div
            | Operator::F32x4Min
            | Operator::F32x4Max
            | Operator::F32x4PMin
            | Operator::F32x4PMax
            | Operator::F64x2Add
            | Operator::F64x2Sub
            | Operator::F64x2Mul
            | Operator::F64x2Div
            | Operator::F64x2Min
            | Operator::F64x2Max
            | Operator::F64x2PMin
            | Operator::F64x2PMax => {
                self.simd(features.simd, op, offset)?;
                self.binary(V128, V128, offset)?;
            }

            // v128 v128 v128 → v128.
            Operator::V128Bitselect => {
                self.simd(features.simd, op, offset)?;
                self.pop_n(V128, 3, offset)?;
                self.operands.push(V128);
            }

            // Relaxed SIMD (Wasm 3.0).
            Operator::I32x4RelaxedTruncF32x4S
            | Operator::I32x4RelaxedTruncF32x4U
            | Operator::I32x4RelaxedTruncF64x2SZero
            | Operator::I32x4RelaxedTruncF64x2UZero => {
                self.relaxed(op, offset)?;
                self.unary(V128, V128, offset)?;
            }
            Operator::I8x16RelaxedSwizzle
            | Operator::F32x4RelaxedMin
            | Operator::F32x4RelaxedMax
            | Operator::F64x2RelaxedMin
            | Operator::F64x2RelaxedMax
            | Operator::I16x8RelaxedQ15mulrS
            | Operator::I16x8RelaxedDotI8x16I7x16S => {
                self.relaxed(op, offset)?;
                self.binary(V128, V128, offset)?;
            }
            Operator::F32x4RelaxedMadd
            | Operator::F32x4RelaxedNmadd
            | Operator::F64x2RelaxedMadd
            | Operator::F64x2RelaxedNmadd
            | Operator::I8x16RelaxedLaneselect
            | Operator::I16x8RelaxedLaneselect
            | Operator::I32x4RelaxedLaneselect
            | Operator::I64x2RelaxedLaneselect
            | Operator::I32x4RelaxedDotI8x16I7x16AddS => {
                self.relaxed(op, offset)?;
                self.pop_n(V128, 3, offset)?;
                self.operands.push(V128);
            }

            other => return self.visit_atomic_operator(other, offset),
        }
        Ok(())
    }

    /// Requires the proposal of SIMD operator `op` (`on`).
    fn simd(&mut self, on: bool, op: &Operator<'_>, offset: usize) -> Result<(), CompileError> {
        self.require(on, op, offset)
    }

    /// Requires relaxed SIMD (which needs SIMD too) for `op`.
    fn relaxed(&mut self, op: &Operator<'_>, offset: usize) -> Result<(), CompileError> {
        let features = self.module.features;
        self.simd(features.simd && features.relaxed_simd, op, offset)
    }

    /// `*.extract_lane`: `v128 → scalar`, lane index below `lanes`.
    fn extract_lane(
        &mut self,
        lane: u8,
        lanes: u8,
        scalar: ValType,
        op: &Operator<'_>,
        offset: usize,
    ) -> Result<(), CompileError> {
        self.simd(self.module.features.simd, op, offset)?;
        check_lane(lane, lanes, offset)?;
        self.unary(V128, scalar, offset)
    }

    /// `*.replace_lane`: `v128 scalar → v128`, lane index below `lanes`.
    fn replace_lane(
        &mut self,
        lane: u8,
        lanes: u8,
        scalar: ValType,
        op: &Operator<'_>,
        offset: usize,
    ) -> Result<(), CompileError> {
        self.simd(self.module.features.simd, op, offset)?;
        check_lane(lane, lanes, offset)?;
        self.pop(scalar, offset)?;
        self.unary(V128, V128, offset)
    }

    /// `v128.loadN_lane`: `i32 v128 → v128`, lane index below `lanes` (128 / N).
    fn load_lane(
        &mut self,
        memarg: &MemArg,
        lane: u8,
        lanes: u8,
        op: &Operator<'_>,
        offset: usize,
    ) -> Result<(), CompileError> {
        self.simd(self.module.features.simd, op, offset)?;
        self.memarg(memarg, offset)?;
        check_lane(lane, lanes, offset)?;
        self.pop(V128, offset)?;
        self.unary(I32, V128, offset)
    }

    /// `v128.storeN_lane`: `i32 v128 → []`, lane index below `lanes` (128 / N).
    fn store_lane(
        &mut self,
        memarg: &MemArg,
        lane: u8,
        lanes: u8,
        op: &Operator<'_>,
        offset: usize,
    ) -> Result<(), CompileError> {
        self.simd(self.module.features.simd, op, offset)?;
        self.memarg(memarg, offset)?;
        check_lane(lane, lanes, offset)?;
        self.pop(V128, offset)?;
        self.pop(I32, offset)
    }
}

/// A lane index immediate must name one of the `lanes` lanes.
fn check_lane(lane: u8, lanes: u8, offset: usize) -> Result<(), CompileError> {
    if lane < lanes {
        Ok(())
    } else {
        Err(CompileError::invalid(
            format!("invalid lane index: {lane} (the operator has {lanes} lanes)"),
            Some(offset),
        ))
    }
}

/// The memory argument of a SIMD load or store.
pub(super) fn simd_memarg_of<'a>(op: &'a Operator<'_>) -> Option<&'a MemArg> {
    match op {
        Operator::V128Load { memarg }
        | Operator::V128Load8x8S { memarg }
        | Operator::V128Load8x8U { memarg }
        | Operator::V128Load16x4S { memarg }
        | Operator::V128Load16x4U { memarg }
        | Operator::V128Load32x2S { memarg }
        | Operator::V128Load32x2U { memarg }
        | Operator::V128Load8Splat { memarg }
        | Operator::V128Load16Splat { memarg }
        | Operator::V128Load32Splat { memarg }
        | Operator::V128Load64Splat { memarg }
        | Operator::V128Load32Zero { memarg }
        | Operator::V128Load64Zero { memarg }
        | Operator::V128Store { memarg }
        | Operator::V128Load8Lane { memarg, .. }
        | Operator::V128Load16Lane { memarg, .. }
        | Operator::V128Load32Lane { memarg, .. }
        | Operator::V128Load64Lane { memarg, .. }
        | Operator::V128Store8Lane { memarg, .. }
        | Operator::V128Store16Lane { memarg, .. }
        | Operator::V128Store32Lane { memarg, .. }
        | Operator::V128Store64Lane { memarg, .. } => Some(memarg),
        _ => None,
    }
}
