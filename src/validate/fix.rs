//! Fixes for the findings that can be fixed without guessing, made with
//! the page's lossless edits: nothing but the fixed bytes changes.

use crate::page::Page;
use crate::span::Span;

use super::body::external_http_host;
use super::{closest, edit_distance, Diagnostic, Rule, ValidateOptions};

/// Fixes on `page` what the findings `found` (of this page's current text,
/// as [`validate`](super::validate) or a site check gives them) say can be
/// fixed without guessing, and returns the codes of the findings fixed, in
/// source order:
///
/// - `misspelled-key`: the key becomes the known key it is closest to,
///   when no other known key is as close;
/// - `trailing-whitespace`: the white space after a value is removed;
/// - `insecure-link`: `http://` becomes `https://` for the hosts of
///   [`ValidateOptions::https_hosts`];
/// - `fragment-not-found`: a fragment that differs only by letter case
///   from the id of one heading of the page takes that id's spelling;
/// - `mixed-line-endings`: every line ending is written as the first
///   line's ([`Page::unify_newlines`]), last.
///
/// ```
/// use pagefmt::{validate, validate::fix, Page, ValidateOptions};
///
/// let mut page = Page::parse("title: A\nSlgu: a\n\nSee [below](#Usage).\n\n## Usage\n");
/// let options = ValidateOptions::default();
/// let found = validate(&page, &options);
/// assert_eq!(fix(&mut page, &found, &options), ["misspelled-key", "fragment-not-found"]);
/// assert_eq!(page.to_string(), "title: A\nslug: a\n\nSee [below](#usage).\n\n## Usage\n");
/// ```
pub fn fix(
    page: &mut Page<'_>,
    found: &[Diagnostic],
    options: &ValidateOptions,
) -> Vec<&'static str> {
    let text = page.text();
    let mut edits: Vec<(Span, String, &'static str)> = Vec::new();
    let mut ids: Option<Vec<String>> = None;
    for d in found {
        let Some(src) = text.get(d.span.range()) else {
            continue;
        };
        let edit = match d.code {
            "misspelled-key" => misspelled_key(src, options).map(|k| (d.span, k)),
            "trailing-whitespace" if src.chars().all(char::is_whitespace) => {
                Some((d.span, String::new()))
            }
            "insecure-link" => {
                let https = src
                    .get(..7)
                    .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
                    && external_http_host(src).is_some_and(|host| {
                        options
                            .https_hosts
                            .iter()
                            .any(|h| h.eq_ignore_ascii_case(&host))
                    });
                https.then(|| {
                    (
                        Span::new(d.span.start, d.span.start + 4),
                        "https".to_owned(),
                    )
                })
            }
            "fragment-not-found" => {
                let ids = ids.get_or_insert_with(|| {
                    let outline = page.outline(&options.body);
                    outline.headings.into_iter().map(|h| h.id.into()).collect()
                });
                src.find('#').and_then(|hash| {
                    let fragment = &src[hash + 1..];
                    let mut same = ids
                        .iter()
                        .filter(|id| id.eq_ignore_ascii_case(fragment) && *id != fragment);
                    match (same.next(), same.next()) {
                        (Some(id), None) => {
                            let start = d.span.start + hash + 1;
                            Some((Span::new(start, start + fragment.len()), id.clone()))
                        }
                        _ => None,
                    }
                })
            }
            _ => None,
        };
        if let Some((span, with)) = edit {
            edits.push((span, with, d.code));
        }
    }
    edits.sort_by_key(|e| (e.0.start, e.0.end));
    // No two edits may touch: keep the first of overlapping ones.
    let mut end = 0;
    edits.retain(|e| {
        let keep = e.0.start >= end;
        if keep {
            end = e.0.end.max(e.0.start + 1);
        }
        keep
    });
    let spans: Vec<Span> = edits.iter().map(|e| e.0).collect();
    let mut with: Vec<String> = edits.iter().map(|e| e.1.clone()).collect();
    page.replace_all(&spans, |i| std::mem::take(&mut with[i]));
    let mut fixed: Vec<&'static str> = edits.into_iter().map(|e| e.2).collect();
    // Line endings last: no edit above touches one.
    let mixed = Rule::MixedLineEndings.code();
    if found.iter().any(|d| d.code == mixed) && page.unify_newlines() > 0 {
        fixed.push(mixed);
    }
    fixed
}

/// The known key `key` is a misspelling of, when exactly one known key is
/// the closest.
fn misspelled_key(key: &str, options: &ValidateOptions) -> Option<String> {
    let known = || {
        crate::PELICAN_KEYS
            .iter()
            .copied()
            .chain(options.known_keys.iter().map(String::as_str))
    };
    let near = closest(key, known())?;
    let lower = key.to_ascii_lowercase();
    let d = edit_distance(&lower, near);
    let rivals = known()
        .filter(|k| *k != near && edit_distance(&lower, k) == d)
        .count();
    (rivals == 0).then(|| near.to_owned())
}
