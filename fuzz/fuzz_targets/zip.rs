//! Zip bytes through the archive reader (nested archives, limits) and everything behind it.
#![no_main]

libfuzzer_sys::fuzz_target!(init: ratsvorlage_fuzz::init(), |data: &[u8]| {
    ratsvorlage_fuzz::zip(data)
});
