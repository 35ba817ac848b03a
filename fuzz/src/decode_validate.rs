//! `decode_validate`: arbitrary bytes given to `Module::new` (lazy and eager) and
//! `Module::from_binary` come back as a module or an error, never a panic, and the error kind is
//! one of the documented ones.

use kestrel::{CompilationMode, Config, Engine, Error, Module};

/// Runs one input.
pub fn run(data: &[u8]) {
    for mode in [CompilationMode::Lazy, CompilationMode::Eager] {
        let mut config = Config::new();
        config.compilation_mode(mode);
        let engine = Engine::new(&config);
        match Module::from_binary(&engine, data) {
            Ok(module) => {
                // Walking the module's imports and exports must not panic either.
                let _ = module.imports().count();
                let _ = module.exports().count();
            }
            Err(Error::Compile(e)) => {
                // The message is what a user sees: it must render.
                assert!(!e.to_string().is_empty());
            }
            Err(other) => panic!("Module::from_binary returned a non-compile error: {other}"),
        }
    }
}
