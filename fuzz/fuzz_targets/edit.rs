//! Arbitrary text and an edit script of set / insert / rename / remove (the
//! text before the first 0xff byte, the script decoded from the bytes after
//! it): each edit changes exactly the bytes of the fields it touches, reads
//! back as made, and a failed edit changes nothing; then the rewrite laws
//! hold for the edited page in both body dialects. Then a typed edit:
//! `set_meta` with a meta decoded from the same bytes gives that meta and
//! keeps every field it does not change.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, edits) = pagefmt_fuzz::laws::edit_input(data);
    let edited = pagefmt_fuzz::laws::check_edits(&text, &edits);
    pagefmt_fuzz::outline_laws::check_rewrite_picked_dialects(
        &edited,
        pagefmt_fuzz::outline_laws::rewrite_seed(data),
    );
    let (meta, _) = pagefmt_fuzz::outline_laws::typed_input(data);
    pagefmt_fuzz::laws::check_set_meta(&edited, &meta);
});
