//! Arbitrary bytes (read lossily as UTF-8) as a `pagefmt.toml`: reading
//! the `[check]` table never panics, and an error is placed inside the
//! text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pagefmt_fuzz::outline_laws::check_config(&String::from_utf8_lossy(data));
});
