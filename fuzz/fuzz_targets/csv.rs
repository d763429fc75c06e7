//! CSV bytes through the CSV reader, table recognition and the concept model.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ratsvorlage_fuzz::csv(data));
