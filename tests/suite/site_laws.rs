//! The laws of the site readers, shared by `cargo test` and the
//! `site_settings` fuzz target (`fuzz/src/lib.rs` includes this file).
//!
//! For any text: reading it as a settings file, a setting value, a date, a
//! URL pattern or a title to slugify never panics, and
//!
//! - every value read writes back (`Display`, Python's `repr`) to a text
//!   that reads as the same value (values holding a float that is not
//!   finite, or the integer `-2**63`, are left out: Python writes them as
//!   names or an expression);
//! - a date read writes (ISO 8601) to a text that reads as the same date;
//! - a slug made with Pelican's default substitutions is its own slug.

use std::path::Path;

use pagefmt::site::{fill, FieldValue, PyValue, Settings, SiteDate, Slugifier};

/// Whether `v` is written by `Display` in a form the reader reads back.
fn writable(v: &PyValue) -> bool {
    match v {
        PyValue::Float(f) => f.is_finite(),
        PyValue::Int(i) => *i != i64::MIN,
        PyValue::List(x) | PyValue::Tuple(x) | PyValue::Set(x) => x.iter().all(writable),
        PyValue::Dict(x) => x.iter().all(|(k, v)| writable(k) && writable(v)),
        _ => true,
    }
}

fn round_trip(v: &PyValue) {
    if writable(v) {
        let text = v.to_string();
        assert_eq!(
            text.parse::<PyValue>().as_ref(),
            Ok(v),
            "written as {text:?}"
        );
    }
}

/// Checks every law on `text`.
pub fn check_site_text(text: &str) {
    // A settings file (its star imports name files that do not exist).
    let (settings, _notes) =
        Settings::from_text(text, Path::new("/nonexistent-pagefmt-dir/pelicanconf.py"));
    for (_, v) in settings.iter() {
        round_trip(v);
    }
    if let Ok(v) = text.parse::<PyValue>() {
        round_trip(&v);
    }
    let today = jiff::civil::date(2026, 12, 2);
    if let Some(d) = SiteDate::parse(text, today) {
        let written = d.to_string();
        assert_eq!(
            SiteDate::parse(&written, today),
            Some(d),
            "written as {written}"
        );
    }
    let date = SiteDate::from_date(today);
    let lookup = |name: &str| match name {
        "slug" => Some(FieldValue::Text("s")),
        "date" => Some(FieldValue::Date(date)),
        _ => None,
    };
    let _ = fill(text, &lookup);
    let (slugify, _) = Slugifier::new(
        &Settings::default().substitutions("SLUG_REGEX_SUBSTITUTIONS"),
        false,
        false,
    );
    let slug = slugify.slugify(text);
    assert_eq!(slugify.slugify(&slug), slug, "slug of {text:?}");
}
