//! Arbitrary text (read lossily as UTF-8): its outline under the default,
//! CommonMark-only, GitHub-slug and Python-Markdown options has every span in bounds, on
//! char boundaries and located right, headings and links in source order
//! and sections nested properly; rewriting every destination changes only
//! destination bytes and reads back as written, in both dialects; the raw
//! HTML that runs script or loads a URL is located right; unifying line
//! endings leaves the header reading the same.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pagefmt_fuzz::outline_laws::check_body(&String::from_utf8_lossy(data));
});
