//! `validate_vs_reference`: on wasm-smith output (Wasm 2.0 with SIMD and relaxed SIMD, sometimes
//! with invalid function bodies, sometimes with one byte changed), Kestrel's verdict (valid or
//! not) equals wasmparser's validator's. Kestrel validates eagerly here so every body is checked.

use arbitrary::{Result, Unstructured};
use kestrel::{CompilationMode, Config, Engine, Error, Module};

/// Runs one input.
pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(bytes) = generate(&mut u) else {
        return;
    };
    check(&bytes);
}

fn generate(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    let mut config = crate::smith_config::wasm2_simd();
    config.allow_invalid_funcs = u.arbitrary()?;
    let module = wasm_smith::Module::new(config, u)?;
    let mut bytes = module.to_bytes();
    // Sometimes change one byte, to reach the decoder's and validator's rejection paths.
    if u.arbitrary::<u8>()? < 64 && !bytes.is_empty() {
        let at = u.choose_index(bytes.len())?;
        bytes[at] = u.arbitrary()?;
    }
    Ok(bytes)
}

/// Compares the two verdicts on `bytes`, panicking on a difference.
pub fn check(bytes: &[u8]) {
    let reference =
        wasmparser::Validator::new_with_features(crate::smith_config::wasm2_simd_features())
            .validate_all(bytes);
    let mut config = Config::new();
    // The reference validates Wasm 2.0 and relaxed SIMD: the other 3.0 proposals (on by default
    // here) are off on both sides, or a byte changed into `return_call` or `try_table` would
    // split the verdicts. SIMD and relaxed SIMD are on on both sides (Kestrel's default).
    config
        .compilation_mode(CompilationMode::Eager)
        .wasm_tail_call(false)
        .wasm_exceptions(false)
        .wasm_function_references(false)
        .wasm_extended_const(false)
        .wasm_multi_memory(false)
        .wasm_threads(false)
        .wasm_simd(true)
        .wasm_relaxed_simd(true);
    let engine = Engine::new(&config);
    let ours = Module::from_binary(&engine, bytes);
    match (&reference, &ours) {
        (Ok(_), Ok(_)) | (Err(_), Err(Error::Compile(_))) => {}
        (Ok(_), Err(e)) => panic!(
            "wasmparser accepts, Kestrel rejects: {e}\nmodule: {}",
            hex(bytes)
        ),
        (Err(e), Ok(_)) => panic!(
            "wasmparser rejects ({e}), Kestrel accepts\nmodule: {}",
            hex(bytes)
        ),
        (Err(_), Err(e)) => panic!("Kestrel rejected with a non-compile error: {e}"),
    }
}

/// The module as hex, for the panic message (so a divergence can be turned into a test).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
