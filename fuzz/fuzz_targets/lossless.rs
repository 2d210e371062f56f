//! Arbitrary text (the input read lossily as UTF-8): written back byte for
//! byte, spans in bounds, on char boundaries and in order, and the header
//! equal to the reference model of the rules.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pagefmt_fuzz::laws::check_page(&String::from_utf8_lossy(data));
});
