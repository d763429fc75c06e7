//! konzept.toml text through config parsing and the concept model (over fixed tables).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ratsvorlage_fuzz::konzept_toml(data));
