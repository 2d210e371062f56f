//! Replays every input under `tests/fuzz_regressions/<target>/`: the
//! minimized findings of the fuzz targets and hand-made nasty inputs, each
//! checked against the laws its target checks (see `law_checks`).

use std::path::Path;

use crate::law_checks::{check_bytes, check_edits, check_page, check_set_meta, edit_input};
use crate::outline_laws::{
    check_body, check_config, check_rewrite_picked_dialects, check_typed, check_validate,
    rewrite_seed, site_input, typed_input,
};

/// What a fuzz target checks for one input.
type Check = fn(&[u8]);

/// Each target's folder and what its fuzz target checks for one input.
const TARGETS: &[(&str, Check)] = &[
    ("parse_bytes", check_bytes),
    ("lossless", |data| {
        check_page(&String::from_utf8_lossy(data))
    }),
    ("edit", |data| {
        let (text, edits) = edit_input(data);
        assert!(!edits.is_empty(), "an edit input holds a script");
        let edited = check_edits(&text, &edits);
        check_rewrite_picked_dialects(&edited, rewrite_seed(data));
        check_set_meta(&edited, &typed_input(data).0);
    }),
    ("typed_roundtrip", |data| {
        let (meta, body) = typed_input(data);
        check_typed(&meta, &body);
    }),
    ("body", |data| check_body(&String::from_utf8_lossy(data))),
    ("validate", |data| check_validate(&site_input(data))),
    ("site_settings", |data| {
        crate::site_laws::check_site_text(&String::from_utf8_lossy(data));
    }),
    ("config", |data| {
        check_config(&String::from_utf8_lossy(data))
    }),
];

#[test]
fn fuzz_findings_still_obey_the_laws() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut failures = Vec::new();
    for &(target, check) in TARGETS {
        let dir = root.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("directory entry").path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(files.len() >= 3, "{target}: {} inputs", files.len());
        for file in files {
            let data = std::fs::read(&file).expect("readable input");
            if std::panic::catch_unwind(|| check(&data)).is_err() {
                let name = file.file_name().unwrap_or_default().to_string_lossy();
                failures.push(format!("{target}/{name}"));
            }
        }
    }
    assert!(failures.is_empty(), "laws broken by: {failures:#?}");
}
