//! CSV bytes through the CSV reader, table recognition and the concept model.
#![no_main]

libfuzzer_sys::fuzz_target!(init: ratsvorlage_fuzz::init(), |data: &[u8]| {
    ratsvorlage_fuzz::csv(data)
});
