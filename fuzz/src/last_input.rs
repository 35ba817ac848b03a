//! With `KESTREL_FUZZ_LAST_INPUT=FILE` set, each target writes its input to FILE before running
//! it. A crash that kills the process before libFuzzer can save the input (a fault on an
//! exhausted stack, where no signal handler can run) then still leaves the input behind.

use std::sync::OnceLock;

/// Records `data` as the input about to run, when `KESTREL_FUZZ_LAST_INPUT` is set.
pub fn record(data: &[u8]) {
    static PATH: OnceLock<Option<std::path::PathBuf>> = OnceLock::new();
    if let Some(path) =
        PATH.get_or_init(|| std::env::var_os("KESTREL_FUZZ_LAST_INPUT").map(Into::into))
    {
        let _ = std::fs::write(path, data);
    }
}
