//! An arbitrary `PageMeta` (values from a small alphabet of white space,
//! line breaks, fences and separators; extra keys valid and invalid) and a
//! body: a writable meta reads back as itself, alone and as a page with the
//! body; an unwritable one is refused with located errors, and its
//! best-effort text reads as a whole header but not as the meta.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (meta, body) = pagefmt_fuzz::outline_laws::typed_input(data);
    pagefmt_fuzz::outline_laws::check_typed(&meta, &body);
});
