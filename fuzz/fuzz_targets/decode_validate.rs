//! libFuzzer entry point for [`kestrel_fuzz::decode_validate`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kestrel_fuzz::last_input::record(data);
    kestrel_fuzz::decode_validate::run(data);
});
