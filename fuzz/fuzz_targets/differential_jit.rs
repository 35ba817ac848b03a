//! libFuzzer entry point for [`kestrel_fuzz::differential_jit`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kestrel_fuzz::last_input::record(data);
    kestrel_fuzz::differential_jit::run(data);
});
