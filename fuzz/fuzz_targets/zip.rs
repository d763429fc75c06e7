//! Zip bytes through the archive reader (nested archives, limits) and everything behind it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ratsvorlage_fuzz::zip(data));
