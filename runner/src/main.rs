//! `kestrel`: run WebAssembly modules directly (`kestrel wasm`) or as an OCI runtime.

mod wasm_cmd;
mod wasm_exec;

use std::ffi::OsString;

fn main() {
    let argv: Vec<OsString> = std::env::args_os().collect();
    if argv.get(1).is_some_and(|a| a == "wasm") {
        std::process::exit(wasm_cmd::main(&argv[2..]));
    }
    eprintln!("usage: kestrel wasm [OPTIONS] MODULE [ARGS]...");
    std::process::exit(2);
}
