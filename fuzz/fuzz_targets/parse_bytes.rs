//! Arbitrary bytes: `Page::from_bytes` never panics; invalid UTF-8 is an
//! `InvalidUtf8` error at the first bad byte; valid UTF-8 obeys every page
//! law.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pagefmt_fuzz::laws::check_bytes(data));
