//! Arbitrary bytes split on `0xff` into 1 to 4 pages (each read lossily as
//! UTF-8): validating each page and the site never panics, and every
//! diagnostic's span is in bounds, on char boundaries and located right,
//! with bodies read in either dialect; the character rules
//! (`control-character`, `mixed-line-endings`) and the script rules
//! (`script-in-page`, `dangerous-link`) report exactly what each page holds.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pagefmt_fuzz::outline_laws::check_validate(&pagefmt_fuzz::outline_laws::site_input(data));
});
