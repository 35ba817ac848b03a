//! Converting between the script's values (`wast` arguments and expected results) and the
//! engine's [`Val`], and judging a result against its expectation.
//!
//! Floats are compared bit for bit, except for the script's NaN patterns: `nan:canonical`
//! accepts only the canonical NaN (either sign), `nan:arithmetic` any NaN whose payload has its
//! top bit set (quiet). `ref.extern N` arguments become host references carrying the number
//! `N`, and an expected `ref.extern N` matches a non-null externref carrying `N`; `ref.func`
//! matches any non-null funcref (the script cannot name a function of another instance). An
//! expected `ref.null H` matches the null of `H`'s hierarchy (func, extern, exn or any: a
//! hierarchy has one null), and a bare `ref.null` any null. A `v128` pattern is judged lane by
//! lane in its shape, float lanes with the same NaN rules. Values the engine does not have (GC
//! references) are failures that say so, never a match.

use kestrel::{ExternRef, Store, V128, Val, ValType};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::token::Index;
use wast::{WastArg, WastRet};

/// The data an externref created by the harness carries: the `N` of `ref.extern N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostRefId(pub u32);

const F32_SIGN: u32 = 0x8000_0000;
const F32_CANONICAL_NAN: u32 = 0x7fc0_0000;
const F64_SIGN: u64 = 0x8000_0000_0000_0000;
const F64_CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

/// The engine value for a script argument.
pub fn arg_to_val<T>(store: &mut Store<T>, arg: &WastArg<'_>) -> Result<Val, String> {
    let WastArg::Core(arg) = arg else {
        return Err("component-model arguments are not supported".to_string());
    };
    Ok(match arg {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::RefNull(heap) => match Hierarchy::of(heap)? {
            Hierarchy::Func => null(ValType::FUNCREF),
            Hierarchy::Extern => null(ValType::EXTERNREF),
            Hierarchy::Exn => null(ValType::EXNREF),
            other => {
                return Err(format!(
                    "`ref.null {}` arguments are not supported (the engine has no {} references)",
                    heap_name(heap),
                    other.name()
                ));
            }
        },
        WastArgCore::RefExtern(n) => {
            Val::ExternRef(Some(ExternRef::new(&mut *store, HostRefId(*n))))
        }
        WastArgCore::V128(v) => Val::V128(V128::from(u128::from_le_bytes(v.to_le_bytes()))),
        WastArgCore::RefHost(_) => {
            return Err("ref.host arguments (GC proposal) are not supported".to_string());
        }
    })
}

/// A hierarchy of reference types: all of a hierarchy's types share one null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hierarchy {
    Func,
    Extern,
    Exn,
    /// `any` and the GC types below it (`eq`, `struct`, `array`, `i31`, `none`).
    Any,
}

impl Hierarchy {
    /// The hierarchy of a script's heap type; concrete (indexed) and shared types are not
    /// supported, since the script cannot say what their index means.
    fn of(heap: &HeapType<'_>) -> Result<Hierarchy, String> {
        use AbstractHeapType as A;
        match heap {
            HeapType::Abstract { shared: false, ty } => match ty {
                A::Func | A::NoFunc => Ok(Hierarchy::Func),
                A::Extern | A::NoExtern => Ok(Hierarchy::Extern),
                A::Exn | A::NoExn => Ok(Hierarchy::Exn),
                A::Any | A::Eq | A::Struct | A::Array | A::I31 | A::None => Ok(Hierarchy::Any),
                _ => Err(format!("heap type `{}` is not supported", heap_name(heap))),
            },
            _ => Err(format!("heap type `{}` is not supported", heap_name(heap))),
        }
    }

    /// The hierarchy an engine value belongs to, if it is a reference.
    fn of_val(val: &Val) -> Option<Hierarchy> {
        match val {
            Val::FuncRef(_) => Some(Hierarchy::Func),
            Val::ExternRef(_) => Some(Hierarchy::Extern),
            Val::ExnRef(_) => Some(Hierarchy::Exn),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Hierarchy::Func => "function",
            Hierarchy::Extern => "extern",
            Hierarchy::Exn => "exception",
            Hierarchy::Any => "GC",
        }
    }
}

/// A heap type as a script writes it (`func`, `noexn`, `$t`, ...).
fn heap_name(heap: &HeapType<'_>) -> String {
    use AbstractHeapType as A;
    match heap {
        HeapType::Abstract { shared, ty } => {
            let name = match ty {
                A::Func => "func",
                A::Extern => "extern",
                A::Exn => "exn",
                A::Any => "any",
                A::Eq => "eq",
                A::Struct => "struct",
                A::Array => "array",
                A::I31 => "i31",
                A::None => "none",
                A::NoFunc => "nofunc",
                A::NoExtern => "noextern",
                A::NoExn => "noexn",
                other => return format!("{other:?}").to_lowercase(),
            };
            if *shared {
                format!("(shared {name})")
            } else {
                name.to_string()
            }
        }
        HeapType::Concrete(index) => index_name(index),
        HeapType::Exact(index) => format!("(exact {})", index_name(index)),
    }
}

fn index_name(index: &Index<'_>) -> String {
    match index {
        Index::Num(n, _) => n.to_string(),
        Index::Id(id) => format!("${}", id.name()),
    }
}

/// The null reference of a reference type.
fn null(ty: ValType) -> Val {
    match ty {
        ValType::Ref(r) => Val::null(r),
        other => unreachable!("{other:?} is not a reference type"),
    }
}

/// A placeholder of type `ty` for a result slot, to be overwritten by the call.
pub fn placeholder(ty: ValType) -> Result<Val, String> {
    Ok(match ty {
        ValType::I32 => Val::I32(0),
        ValType::I64 => Val::I64(0),
        ValType::F32 => Val::F32(0),
        ValType::F64 => Val::F64(0),
        ValType::Ref(r) => Val::null(r),
        ValType::V128 => Val::V128(V128::default()),
    })
}

/// Whether `actual` is what `expected` describes.
pub fn matches<T>(store: &Store<T>, expected: &WastRet<'_>, actual: &Val) -> bool {
    match expected {
        WastRet::Core(core) => matches_core(store, core, actual),
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

fn matches_core<T>(store: &Store<T>, expected: &WastRetCore<'_>, actual: &Val) -> bool {
    match (expected, actual) {
        (WastRetCore::I32(e), Val::I32(a)) => e == a,
        (WastRetCore::I64(e), Val::I64(a)) => e == a,
        (WastRetCore::F32(e), Val::F32(a)) => f32_matches(e, *a),
        (WastRetCore::F64(e), Val::F64(a)) => f64_matches(e, *a),
        (WastRetCore::V128(e), Val::V128(a)) => v128_matches(e, a.as_u128()),
        (
            WastRetCore::RefNull(heap),
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None),
        ) => match heap {
            None => true,
            Some(heap) => Hierarchy::of(heap).ok() == Hierarchy::of_val(actual),
        },
        (WastRetCore::RefFunc(_), Val::FuncRef(Some(_))) => true,
        (WastRetCore::RefExtern(None), Val::ExternRef(Some(_))) => true,
        (WastRetCore::RefExtern(Some(n)), Val::ExternRef(Some(r))) => {
            r.data(store).downcast_ref::<HostRefId>() == Some(&HostRefId(*n))
        }
        (WastRetCore::Either(options), actual) => {
            options.iter().any(|o| matches_core(store, o, actual))
        }
        _ => false,
    }
}

/// Whether the bits of a v128 match a pattern, lane by lane in the pattern's shape.
fn v128_matches(expected: &V128Pattern, bits: u128) -> bool {
    let bytes = bits.to_le_bytes();
    let lane = |i: usize, width: usize| {
        let mut b = [0u8; 8];
        b[..width].copy_from_slice(&bytes[i * width..(i + 1) * width]);
        u64::from_le_bytes(b)
    };
    match expected {
        V128Pattern::I8x16(v) => v
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 1) == u64::from(*e as u8)),
        V128Pattern::I16x8(v) => v
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 2) == u64::from(*e as u16)),
        V128Pattern::I32x4(v) => v
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 4) == u64::from(*e as u32)),
        V128Pattern::I64x2(v) => v.iter().enumerate().all(|(i, e)| lane(i, 8) == *e as u64),
        V128Pattern::F32x4(v) => v
            .iter()
            .enumerate()
            .all(|(i, e)| f32_matches(e, lane(i, 4) as u32)),
        V128Pattern::F64x2(v) => v
            .iter()
            .enumerate()
            .all(|(i, e)| f64_matches(e, lane(i, 8))),
    }
}

fn f32_matches(expected: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match expected {
        NanPattern::Value(v) => v.bits == bits,
        NanPattern::CanonicalNan => bits & !F32_SIGN == F32_CANONICAL_NAN,
        NanPattern::ArithmeticNan => {
            f32::from_bits(bits).is_nan() && bits & F32_CANONICAL_NAN == F32_CANONICAL_NAN
        }
    }
}

fn f64_matches(expected: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match expected {
        NanPattern::Value(v) => v.bits == bits,
        NanPattern::CanonicalNan => bits & !F64_SIGN == F64_CANONICAL_NAN,
        NanPattern::ArithmeticNan => {
            f64::from_bits(bits).is_nan() && bits & F64_CANONICAL_NAN == F64_CANONICAL_NAN
        }
    }
}

/// The expected result, written the way the script writes it.
pub fn describe_expected(expected: &WastRet<'_>) -> String {
    match expected {
        WastRet::Core(core) => describe_expected_core(core),
        #[allow(unreachable_patterns)]
        _ => "<component value>".to_string(),
    }
}

fn describe_expected_core(expected: &WastRetCore<'_>) -> String {
    fn nan<T>(p: &NanPattern<T>, ty: &str, value: impl Fn(&T) -> String) -> String {
        match p {
            NanPattern::CanonicalNan => format!("{ty}.const nan:canonical"),
            NanPattern::ArithmeticNan => format!("{ty}.const nan:arithmetic"),
            NanPattern::Value(v) => value(v),
        }
    }
    match expected {
        WastRetCore::I32(v) => describe_val_plain(&Val::I32(*v)),
        WastRetCore::I64(v) => describe_val_plain(&Val::I64(*v)),
        WastRetCore::F32(p) => nan(p, "f32", |v| describe_val_plain(&Val::F32(v.bits))),
        WastRetCore::F64(p) => nan(p, "f64", |v| describe_val_plain(&Val::F64(v.bits))),
        WastRetCore::V128(p) => format!("v128.const {p:?}"),
        WastRetCore::RefNull(None) => "ref.null".to_string(),
        WastRetCore::RefNull(Some(heap)) => format!("ref.null {}", heap_name(heap)),
        WastRetCore::RefExtern(None) => "ref.extern".to_string(),
        WastRetCore::RefExtern(Some(n)) => format!("ref.extern {n}"),
        WastRetCore::RefFunc(_) => "ref.func".to_string(),
        WastRetCore::RefHost(n) => format!("ref.host {n}"),
        WastRetCore::RefAny => "ref.any".to_string(),
        WastRetCore::RefEq => "ref.eq".to_string(),
        WastRetCore::RefArray => "ref.array".to_string(),
        WastRetCore::RefStruct => "ref.struct".to_string(),
        WastRetCore::RefI31 => "ref.i31".to_string(),
        WastRetCore::RefI31Shared => "ref.i31_shared".to_string(),
        WastRetCore::Either(options) => {
            let options: Vec<String> = options.iter().map(describe_expected_core).collect();
            format!("either({})", options.join(" | "))
        }
    }
}

/// A value, written the way a script would write it (floats also as their bits).
pub fn describe_val<T>(store: &Store<T>, val: &Val) -> String {
    match val {
        Val::ExternRef(Some(r)) => match r.data(store).downcast_ref::<HostRefId>() {
            Some(HostRefId(n)) => format!("ref.extern {n}"),
            None => "ref.extern <foreign host data>".to_string(),
        },
        other => describe_val_plain(other),
    }
}

fn describe_val_plain(val: &Val) -> String {
    match val {
        Val::I32(v) => format!("i32.const {v}"),
        Val::I64(v) => format!("i64.const {v}"),
        Val::F32(bits) => format!("f32.const {} (0x{bits:08x})", f32::from_bits(*bits)),
        Val::F64(bits) => format!("f64.const {} (0x{bits:016x})", f64::from_bits(*bits)),
        Val::FuncRef(None) => "ref.null func".to_string(),
        Val::FuncRef(Some(_)) => "ref.func".to_string(),
        Val::ExternRef(None) => "ref.null extern".to_string(),
        Val::ExternRef(Some(_)) => "ref.extern".to_string(),
        Val::V128(v) => format!("v128.const i32x4 {:?}", {
            let b = v.as_u128().to_le_bytes();
            [0, 1, 2, 3].map(|i| {
                format!(
                    "0x{:08x}",
                    u32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]])
                )
            })
        }),
        #[allow(unreachable_patterns)]
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wast::token::{F32, F64};

    fn f32p(p: NanPattern<F32>, bits: u32) -> bool {
        f32_matches(&p, bits)
    }

    #[test]
    fn canonical_nan_accepts_both_signs_only() {
        assert!(f32p(NanPattern::CanonicalNan, 0x7fc0_0000));
        assert!(f32p(NanPattern::CanonicalNan, 0xffc0_0000));
        assert!(!f32p(NanPattern::CanonicalNan, 0x7fc0_0001));
        assert!(!f32p(NanPattern::CanonicalNan, 0x7fa0_0000));
        assert!(!f32p(NanPattern::CanonicalNan, 0x7f80_0000));
        assert!(f64_matches(
            &NanPattern::CanonicalNan,
            0xfff8_0000_0000_0000
        ));
        assert!(!f64_matches(
            &NanPattern::CanonicalNan,
            0x7ff8_0000_0000_0001
        ));
    }

    #[test]
    fn arithmetic_nan_needs_the_quiet_bit() {
        assert!(f32p(NanPattern::ArithmeticNan, 0x7fc0_0000));
        assert!(f32p(NanPattern::ArithmeticNan, 0xffc0_1234));
        assert!(!f32p(NanPattern::ArithmeticNan, 0x7fa0_0000));
        assert!(!f32p(NanPattern::ArithmeticNan, 0x7f80_0000));
        assert!(!f32p(NanPattern::ArithmeticNan, 0x3f80_0000));
        assert!(f64_matches(
            &NanPattern::ArithmeticNan,
            0x7ffc_0000_0000_0000
        ));
        assert!(!f64_matches(
            &NanPattern::ArithmeticNan,
            0x7ff4_0000_0000_0000
        ));
    }

    #[test]
    fn v128_patterns_compare_lane_by_lane() {
        let bits = u128::from_le_bytes([
            1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0xc0, 0x7f, 0, 0, 0x80, 0x3f,
        ]);
        assert!(v128_matches(
            &V128Pattern::I32x4([1, -1, 0x7fc0_0000, 0x3f80_0000]),
            bits
        ));
        assert!(!v128_matches(
            &V128Pattern::I32x4([1, -1, 0x7fc0_0000, 0]),
            bits
        ));
        assert!(v128_matches(
            &V128Pattern::F32x4([
                NanPattern::Value(F32 { bits: 1 }),
                NanPattern::ArithmeticNan,
                NanPattern::CanonicalNan,
                NanPattern::Value(F32 { bits: 0x3f80_0000 }),
            ]),
            bits
        ));
        assert!(!v128_matches(
            &V128Pattern::F32x4([
                NanPattern::CanonicalNan,
                NanPattern::ArithmeticNan,
                NanPattern::CanonicalNan,
                NanPattern::Value(F32 { bits: 0x3f80_0000 }),
            ]),
            bits
        ));
        assert!(v128_matches(
            &V128Pattern::I8x16([1, 0, 0, 0, -1, -1, -1, -1, 0, 0, -64, 127, 0, 0, -128, 63]),
            bits
        ));
        assert!(v128_matches(
            &V128Pattern::I64x2([0xffff_ffff_0000_0001u64 as i64, 0x3f80_0000_7fc0_0000]),
            bits
        ));
    }

    #[test]
    fn float_values_compare_bits() {
        assert!(f32p(
            NanPattern::Value(F32 { bits: 0x8000_0000 }),
            0x8000_0000
        ));
        assert!(!f32p(NanPattern::Value(F32 { bits: 0x8000_0000 }), 0));
        assert!(f64_matches(
            &NanPattern::Value(F64 {
                bits: 0x7ff8_0000_0000_0001
            }),
            0x7ff8_0000_0000_0001
        ));
    }
}
