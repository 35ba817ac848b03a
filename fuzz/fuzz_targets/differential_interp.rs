//! libFuzzer entry point for [`kestrel_fuzz::differential_interp`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kestrel_fuzz::last_input::record(data);
    kestrel_fuzz::differential_interp::run(data);
});
