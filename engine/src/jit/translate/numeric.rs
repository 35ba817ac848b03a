//! Constants, integer and float arithmetic, comparisons and conversions.
//!
//! Wasm's trapping operators are guarded before the CLIF instruction that would fault:
//! division by zero, `INT_MIN / -1`, and float-to-int truncation of NaN or of a value out of
//! range.

use super::{FuncTranslator, Unsupported};
use crate::error::TrapCode;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::immediates::{Ieee32, Ieee64};
use cranelift_codegen::ir::{InstBuilder, MemFlagsData, Type, types};
use wasmparser::Operator;

impl FuncTranslator<'_, '_> {
    pub(super) fn visit_numeric(&mut self, op: &Operator<'_>) -> Result<(), Unsupported> {
        use Operator as O;
        use types::{F32, F64, I32, I64};
        macro_rules! bin {
            ($m:ident) => {{
                let (a, b) = self.pop2();
                let v = self.b.ins().$m(a, b);
                self.push(v);
            }};
        }
        macro_rules! un {
            ($m:ident) => {{
                let a = self.pop();
                let v = self.b.ins().$m(a);
                self.push(v);
            }};
        }
        macro_rules! icmp {
            ($cc:ident) => {{
                let (a, b) = self.pop2();
                let c = self.b.ins().icmp(IntCC::$cc, a, b);
                let v = self.b.ins().uextend(I32, c);
                self.push(v);
            }};
        }
        macro_rules! fcmp {
            ($cc:ident) => {{
                let (a, b) = self.pop2();
                let c = self.b.ins().fcmp(FloatCC::$cc, a, b);
                let v = self.b.ins().uextend(I32, c);
                self.push(v);
            }};
        }
        macro_rules! conv {
            ($m:ident, $t:expr) => {{
                let a = self.pop();
                let v = self.b.ins().$m($t, a);
                self.push(v);
            }};
        }
        match *op {
            O::I32Const { value } => {
                let v = self.b.ins().iconst(I32, i64::from(value));
                self.push(v);
            }
            O::I64Const { value } => {
                let v = self.b.ins().iconst(I64, value);
                self.push(v);
            }
            O::F32Const { value } => {
                let v = self.b.ins().f32const(Ieee32::with_bits(value.bits()));
                self.push(v);
            }
            O::F64Const { value } => {
                let v = self.b.ins().f64const(Ieee64::with_bits(value.bits()));
                self.push(v);
            }

            O::I32Eqz | O::I64Eqz => {
                let a = self.pop();
                let c = self.b.ins().icmp_imm_s(IntCC::Equal, a, 0);
                let v = self.b.ins().uextend(I32, c);
                self.push(v);
            }
            O::I32Eq | O::I64Eq => icmp!(Equal),
            O::I32Ne | O::I64Ne => icmp!(NotEqual),
            O::I32LtS | O::I64LtS => icmp!(SignedLessThan),
            O::I32LtU | O::I64LtU => icmp!(UnsignedLessThan),
            O::I32GtS | O::I64GtS => icmp!(SignedGreaterThan),
            O::I32GtU | O::I64GtU => icmp!(UnsignedGreaterThan),
            O::I32LeS | O::I64LeS => icmp!(SignedLessThanOrEqual),
            O::I32LeU | O::I64LeU => icmp!(UnsignedLessThanOrEqual),
            O::I32GeS | O::I64GeS => icmp!(SignedGreaterThanOrEqual),
            O::I32GeU | O::I64GeU => icmp!(UnsignedGreaterThanOrEqual),

            O::F32Eq | O::F64Eq => fcmp!(Equal),
            O::F32Ne | O::F64Ne => fcmp!(NotEqual),
            O::F32Lt | O::F64Lt => fcmp!(LessThan),
            O::F32Gt | O::F64Gt => fcmp!(GreaterThan),
            O::F32Le | O::F64Le => fcmp!(LessThanOrEqual),
            O::F32Ge | O::F64Ge => fcmp!(GreaterThanOrEqual),

            O::I32Clz | O::I64Clz => un!(clz),
            O::I32Ctz | O::I64Ctz => un!(ctz),
            O::I32Popcnt | O::I64Popcnt => un!(popcnt),
            O::I32Add | O::I64Add => bin!(iadd),
            O::I32Sub | O::I64Sub => bin!(isub),
            O::I32Mul | O::I64Mul => bin!(imul),
            O::I32DivS | O::I64DivS => self.div(true, false),
            O::I32DivU | O::I64DivU => self.div(false, false),
            O::I32RemS | O::I64RemS => self.div(true, true),
            O::I32RemU | O::I64RemU => self.div(false, true),
            O::I32And | O::I64And => bin!(band),
            O::I32Or | O::I64Or => bin!(bor),
            O::I32Xor | O::I64Xor => bin!(bxor),
            O::I32Shl | O::I64Shl => bin!(ishl),
            O::I32ShrS | O::I64ShrS => bin!(sshr),
            O::I32ShrU | O::I64ShrU => bin!(ushr),
            O::I32Rotl | O::I64Rotl => bin!(rotl),
            O::I32Rotr | O::I64Rotr => bin!(rotr),

            O::F32Abs | O::F64Abs => un!(fabs),
            O::F32Neg | O::F64Neg => un!(fneg),
            O::F32Ceil | O::F64Ceil => un!(ceil),
            O::F32Floor | O::F64Floor => un!(floor),
            O::F32Trunc | O::F64Trunc => un!(trunc),
            O::F32Nearest | O::F64Nearest => un!(nearest),
            O::F32Sqrt | O::F64Sqrt => un!(sqrt),
            O::F32Add | O::F64Add => bin!(fadd),
            O::F32Sub | O::F64Sub => bin!(fsub),
            O::F32Mul | O::F64Mul => bin!(fmul),
            O::F32Div | O::F64Div => bin!(fdiv),
            O::F32Min | O::F64Min => bin!(fmin),
            O::F32Max | O::F64Max => bin!(fmax),
            O::F32Copysign | O::F64Copysign => bin!(fcopysign),

            O::I32WrapI64 => conv!(ireduce, I32),
            O::I64ExtendI32S => conv!(sextend, I64),
            O::I64ExtendI32U => conv!(uextend, I64),
            O::I32Extend8S => self.extend_from(I8, I32),
            O::I32Extend16S => self.extend_from(I16, I32),
            O::I64Extend8S => self.extend_from(I8, I64),
            O::I64Extend16S => self.extend_from(I16, I64),
            O::I64Extend32S => self.extend_from(I32, I64),

            O::I32TruncF32S | O::I32TruncF64S => self.trunc(I32, true),
            O::I32TruncF32U | O::I32TruncF64U => self.trunc(I32, false),
            O::I64TruncF32S | O::I64TruncF64S => self.trunc(I64, true),
            O::I64TruncF32U | O::I64TruncF64U => self.trunc(I64, false),
            O::I32TruncSatF32S | O::I32TruncSatF64S => conv!(fcvt_to_sint_sat, I32),
            O::I32TruncSatF32U | O::I32TruncSatF64U => conv!(fcvt_to_uint_sat, I32),
            O::I64TruncSatF32S | O::I64TruncSatF64S => conv!(fcvt_to_sint_sat, I64),
            O::I64TruncSatF32U | O::I64TruncSatF64U => conv!(fcvt_to_uint_sat, I64),

            O::F32ConvertI32S | O::F32ConvertI64S => conv!(fcvt_from_sint, F32),
            O::F32ConvertI32U | O::F32ConvertI64U => conv!(fcvt_from_uint, F32),
            O::F64ConvertI32S | O::F64ConvertI64S => conv!(fcvt_from_sint, F64),
            O::F64ConvertI32U | O::F64ConvertI64U => conv!(fcvt_from_uint, F64),
            O::F32DemoteF64 => conv!(fdemote, F32),
            O::F64PromoteF32 => conv!(fpromote, F64),
            O::I32ReinterpretF32 => self.reinterpret(I32),
            O::I64ReinterpretF64 => self.reinterpret(I64),
            O::F32ReinterpretI32 => self.reinterpret(F32),
            O::F64ReinterpretI64 => self.reinterpret(F64),

            _ => return self.visit_simd(op),
        }
        Ok(())
    }

    /// Sign-extends the low `from` bits of the top value (of type `to`).
    fn extend_from(&mut self, from: Type, to: Type) {
        let a = self.pop();
        let narrow = self.b.ins().ireduce(from, a);
        let v = self.b.ins().sextend(to, narrow);
        self.push(v);
    }

    fn reinterpret(&mut self, to: Type) {
        let a = self.pop();
        let v = self.b.ins().bitcast(to, MemFlagsData::new(), a);
        self.push(v);
    }

    /// Integer division or remainder, trapping as wasm does.
    fn div(&mut self, signed: bool, rem: bool) {
        let (a, b) = self.pop2();
        let ty = self.b.func.dfg.value_type(b);
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        self.trap_if(zero, TrapCode::IntegerDivisionByZero);
        let v = match (signed, rem) {
            (false, false) => self.b.ins().udiv(a, b),
            (false, true) => self.b.ins().urem(a, b),
            (true, false) => {
                // INT_MIN / -1 overflows.
                let min = if ty == types::I32 {
                    i64::from(i32::MIN)
                } else {
                    i64::MIN
                };
                let is_min = self.b.ins().icmp_imm_s(IntCC::Equal, a, min);
                let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
                let overflow = self.b.ins().band(is_min, minus_one);
                self.trap_if(overflow, TrapCode::IntegerOverflow);
                self.b.ins().sdiv(a, b)
            }
            (true, true) => {
                // x rem -1 is 0 (and INT_MIN rem -1 must not reach the divider, which faults).
                let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
                let one = self.b.ins().iconst(ty, 1);
                let divisor = self.b.ins().select(minus_one, one, b);
                self.b.ins().srem(a, divisor)
            }
        };
        self.push(v);
    }

    /// A trapping float-to-integer truncation to `to`.
    fn trunc(&mut self, to: Type, signed: bool) {
        let x = self.pop();
        let from = self.b.func.dfg.value_type(x);
        let nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
        self.trap_if(nan, TrapCode::BadConversionToInteger);
        // Exclusive bounds: the truncation fits exactly when lower < x < upper.
        let (lower, upper): (f64, f64) = match (from, to, signed) {
            (types::F32, types::I32, true) => (-2147483904.0, 2147483648.0),
            (types::F64, types::I32, true) => (-2147483649.0, 2147483648.0),
            (_, types::I32, false) => (-1.0, 4294967296.0),
            (types::F32, _, true) => (-9223373136366403584.0, 9223372036854775808.0),
            (_, _, true) => (-9223372036854777856.0, 9223372036854775808.0),
            (_, _, false) => (-1.0, 18446744073709551616.0),
        };
        let (lo, hi) = if from == types::F32 {
            (
                self.b.ins().f32const(lower as f32),
                self.b.ins().f32const(upper as f32),
            )
        } else {
            (self.b.ins().f64const(lower), self.b.ins().f64const(upper))
        };
        let too_low = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, lo);
        let too_high = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, hi);
        let out = self.b.ins().bor(too_low, too_high);
        self.trap_if(out, TrapCode::IntegerOverflow);
        let v = if signed {
            self.b.ins().fcvt_to_sint(to, x)
        } else {
            self.b.ins().fcvt_to_uint(to, x)
        };
        self.push(v);
    }
}

use types::{I8, I16};

/// The name of an operator, for the reason a function is left to the interpreter.
pub(super) fn operator_name(op: &Operator<'_>) -> String {
    let full = format!("{op:?}");
    let end = full.find([' ', '{', '(']).unwrap_or(full.len());
    format!("the operator {}", &full[..end])
}
