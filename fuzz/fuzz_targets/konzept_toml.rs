//! konzept.toml text through config parsing and the concept model (over fixed tables).
#![no_main]

libfuzzer_sys::fuzz_target!(init: ratsvorlage_fuzz::init(), |data: &[u8]| {
    ratsvorlage_fuzz::konzept_toml(data)
});
