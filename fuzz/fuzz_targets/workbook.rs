//! Workbook bytes (the first byte picks xlsx, ods, xls or xlsb) through the workbook reader.
#![no_main]

libfuzzer_sys::fuzz_target!(init: ratsvorlage_fuzz::init(), |data: &[u8]| {
    ratsvorlage_fuzz::workbook(data)
});
