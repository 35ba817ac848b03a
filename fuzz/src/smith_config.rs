//! The wasm-smith configuration shared by the targets: Wasm 2.0 without SIMD, which is exactly
//! what Kestrel runs (mutable globals, sign extension, saturating conversions, multi-value, bulk
//! memory, reference types), and the matching wasmparser feature set for the reference
//! validator; [`wasm2_simd`] adds SIMD and relaxed SIMD, which Kestrel validates, for the
//! validator target.

use wasmparser::WasmFeatures;

/// A wasm-smith configuration generating Wasm 2.0 modules without SIMD.
pub fn wasm2() -> wasm_smith::Config {
    wasm_smith::Config {
        simd_enabled: false,
        relaxed_simd_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        tail_call_enabled: false,
        exceptions_enabled: false,
        gc_enabled: false,
        memory64_enabled: false,
        custom_page_sizes_enabled: false,
        wide_arithmetic_enabled: false,
        extended_const_enabled: false,
        custom_descriptors_enabled: false,
        compact_imports_enabled: false,
        multibyte_array_access_enabled: false,
        bulk_memory_enabled: true,
        reference_types_enabled: true,
        multi_value_enabled: true,
        saturating_float_to_int_enabled: true,
        sign_extension_ops_enabled: true,
        max_memories: 1,
        max_tables: 3,
        ..wasm_smith::Config::default()
    }
}

/// [`wasm2`] with SIMD and relaxed SIMD, for the validator target (Kestrel validates them).
pub fn wasm2_simd() -> wasm_smith::Config {
    wasm_smith::Config {
        simd_enabled: true,
        relaxed_simd_enabled: true,
        ..wasm2()
    }
}

/// The wasmparser features of [`wasm2_simd`]: Wasm 2.0 (SIMD included) and relaxed SIMD.
pub fn wasm2_simd_features() -> WasmFeatures {
    WasmFeatures::WASM2.union(WasmFeatures::RELAXED_SIMD)
}

/// The wasmparser features of Wasm 2.0 without SIMD (`WASM2` includes `GC_TYPES`, which
/// wasmparser needs for any reference type at all, funcref and externref included).
pub fn wasm2_features() -> WasmFeatures {
    WasmFeatures::WASM2.difference(WasmFeatures::SIMD)
}

/// What both differential targets run: `config` without relaxed SIMD (engines may pick
/// different relaxed results), with no imports, everything exported, NaNs canonicalised,
/// memories and tables capped at `memory_limit` bytes and `table_limit` elements, and loops
/// and calls bounded to `iterations` per instance (`ensure_termination`).
pub fn differential_module(
    mut config: wasm_smith::Config,
    u: &mut arbitrary::Unstructured<'_>,
    memory_limit: usize,
    table_limit: usize,
    iterations: u32,
) -> arbitrary::Result<Vec<u8>> {
    config.relaxed_simd_enabled = false;
    config.max_imports = 0;
    config.export_everything = true;
    config.canonicalize_nans = true;
    config.max_memory32_bytes = memory_limit as u64;
    config.max_table_elements = table_limit as u64;
    let mut module = wasm_smith::Module::new(config, u)?;
    module
        .ensure_termination(iterations)
        .map_err(|_| arbitrary::Error::IncorrectFormat)?;
    let bytes = module.to_bytes();
    if has_unpinned_nans(&bytes) {
        return Err(arbitrary::Error::IncorrectFormat);
    }
    Ok(bytes)
}

/// Whether `bytes` uses `f32x4.demote_f64x2_zero` or `f64x2.promote_low_f32x4`: wasm-smith's
/// NaN canonicalisation leaves their results alone, and for a NaN lane the spec lets each
/// engine pick any arithmetic NaN (Kestrel the canonical one on every host, wasmi the host's
/// conversion, which keeps the payload), so the bits differ legitimately once an integer
/// operator reads them. Such modules are not compared. (The scalar `f32.demote_f64` and
/// `f64.promote_f32` are left in: the two engines have not been seen to differ on them.)
pub fn has_unpinned_nans(bytes: &[u8]) -> bool {
    use wasmparser::{Operator, Parser, Payload};
    for payload in Parser::new(0).parse_all(bytes) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let Ok(mut ops) = body.get_operators_reader() else {
            return false;
        };
        while !ops.eof() {
            match ops.read() {
                Ok(Operator::F32x4DemoteF64x2Zero | Operator::F64x2PromoteLowF32x4) => {
                    return true;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    false
}
