//! Arbitrary bytes (read lossily as UTF-8) as a Pelican settings file, a
//! setting value, a date, a URL pattern and a title: never a panic, and
//! values and dates written back read the same (`tests/suite/site_laws.rs`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pagefmt_fuzz::site_laws::check_site_text(&String::from_utf8_lossy(data));
});
