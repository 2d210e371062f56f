//! The body shapes under a valid header, at 100 KB to 2 MB: each is
//! outlined (with the outline laws of `outline_laws`), rewritten, validated
//! and written back, with the headings, links and definitions it holds
//! counted exactly.

use pagefmt::{validate, BodyOptions, LinkKind, Page, ValidateOptions};

use super::shapes::*;
use crate::outline_laws::{check_outline, check_rewrite, check_span};

/// What a shape's outline must hold.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    headings: usize,
    links: usize,
    definitions: usize,
    broken: usize,
}

/// Outlines, rewrites and validates `body` under the header; returns the
/// counts of its outline.
fn check(name: &str, body: &str) -> Counts {
    let text = page(body);
    assert!(text.len() >= 100_000, "{name}: {} bytes", text.len());
    let page = Page::parse(&text);
    assert_eq!(page.to_string(), text, "{name}: lossless");
    assert_eq!(page.body(), body, "{name}: body");
    let options = BodyOptions::default();
    check_outline(&text, &options);
    check_rewrite(&text, &options);
    let outline = page.outline(&options);
    for d in validate(&page, &ValidateOptions::default()) {
        check_span(&text, d.span, &format!("{name}: {}", d.message));
    }
    Counts {
        headings: outline.headings.len(),
        links: outline.links.len(),
        definitions: outline.definitions.len(),
        broken: outline.broken_references.len(),
    }
}

#[test]
fn nested_brackets_make_one_link() {
    // Links cannot hold links: the innermost `[x](u)` is the one link and
    // every outer bracket stays text.
    let counts = check("nested_brackets", &nested_brackets(50_000));
    assert_eq!(
        counts,
        Counts {
            links: 1,
            ..Counts::default()
        }
    );
}

#[test]
fn unclosed_quoted_destinations_make_no_link() {
    // Python-Markdown reads each of these destinations to the end of the
    // paragraph and finds no link; the dialect finds the same (the work
    // it does on them is counted in `body::pymd`'s tests).
    let text = page(&quoted_destinations(20_000));
    let options = BodyOptions::pelican();
    let page = Page::parse(&text);
    let outline = page.outline(&options);
    assert_eq!(outline.links.len() + outline.broken_references.len(), 0);
    check_outline(&text, &options);
}

#[test]
fn nested_emphasis_has_no_links() {
    let counts = check("nested_emphasis", &nested_emphasis(50_000));
    assert_eq!(counts, Counts::default());
}

#[test]
fn fifty_thousand_nested_quotes_and_list_items() {
    for (name, body) in [
        ("nested_blockquotes", nested_blockquotes(50_000)),
        ("nested_list_items", nested_list_items(50_000)),
    ] {
        assert_eq!(check(name, &body), Counts::default(), "{name}");
    }
    // With a heading and a link at the bottom.
    let body = format!("{}# Deep [link](/deep.html)\n", "> ".repeat(50_000));
    let text = page(&body);
    let page = Page::parse(&text);
    let outline = page.outline(&BodyOptions::default());
    assert_eq!(outline.headings.len(), 1);
    assert_eq!(outline.headings[0].text, "Deep link");
    assert_eq!(outline.links.len(), 1);
    assert_eq!(outline.links[0].dest, "/deep.html");
    assert_eq!(outline.links[0].raw_dest, Some("/deep.html"));
    check_outline(&text, &BodyOptions::default());
}

#[test]
fn five_thousand_reference_definitions_all_used() {
    const N: usize = 5_000;
    let text = page(&reference_definitions(N));
    let counts = check("reference_definitions", &reference_definitions(N));
    assert_eq!(
        counts,
        Counts {
            links: N,
            definitions: N,
            ..Counts::default()
        }
    );
    let page = Page::parse(&text);
    let outline = page.outline(&BodyOptions::default());
    assert!(outline.definitions.iter().all(|d| d.used));
    let last = &outline.links[N - 1];
    assert_eq!(last.kind, LinkKind::Reference);
    assert_eq!(last.dest, format!("https://example.com/{}", N - 1));
    assert_eq!(last.text, format!("use {}", N - 1));
    assert_eq!(last.definition, Some(N - 1));
}

#[test]
fn backtick_and_lt_runs_have_no_links() {
    assert_eq!(
        check("backtick_runs", &backtick_runs(20_000)),
        Counts::default()
    );
    assert_eq!(check("lt_runs", &lt_runs(100_000)), Counts::default());
}

#[test]
fn a_one_megabyte_line() {
    let body = long_line(1 << 20);
    assert_eq!(check("long_line", &body), Counts::default());
    let text = page(&body);
    let page = Page::parse(&text);
    let outline = page.outline(&BodyOptions::default());
    assert_eq!(outline.sections.len(), 1);
    assert_eq!(outline.section_content(0), Some(body.as_str()));
}

#[test]
fn a_hundred_thousand_headings() {
    const N: usize = 100_000;
    let body = headings(N);
    assert_eq!(
        check("headings", &body),
        Counts {
            headings: N,
            ..Counts::default()
        }
    );
    let text = page(&body);
    let page = Page::parse(&text);
    let outline = page.outline(&BodyOptions::default());
    assert_eq!(outline.sections.len(), N + 1);
    let last = &outline.headings[N - 1];
    assert_eq!(
        (last.level, &*last.text),
        (2, &*format!("Heading {}", N - 1))
    );
    assert_eq!(last.id, format!("heading-{}", N - 1));
    assert_eq!(last.location.line, 4 * (N - 1) + 5);
    assert!(outline.sections[1..].iter().all(|s| s.parent.is_none()));
    assert_eq!(
        outline.section_text(N),
        Some(format!("## Heading {}\n\nText {}.\n\n", N - 1, N - 1).as_str())
    );
}

#[test]
fn a_hundred_thousand_links() {
    const N: usize = 100_000;
    let body = links(N);
    assert_eq!(
        check("links", &body),
        Counts {
            links: N,
            ..Counts::default()
        }
    );
    let text = page(&body);
    let mut page = Page::parse(&text);
    let done = page.rewrite_links(&BodyOptions::default(), |l| {
        Some(l.dest.replace("example.com", "example.org"))
    });
    assert_eq!(done.changed, N);
    assert_eq!(page.text(), text.replace("example.com", "example.org"));
}

/// Among thousands of links, the one rewrite that would make the page read
/// differently is singled out (`rewrite_links` halves the rewrites until it
/// finds it) and the others are made; a page of nothing but such links is
/// left as it was, in a bounded number of readings.
#[test]
fn a_rewrite_that_changes_the_page_is_singled_out_among_thousands() {
    const N: usize = 10_000;
    // The NUL keeps the line from being a definition; written back as
    // U+FFFD, it would make it one.
    let bad = "[x <a href=y]:z\0>\n";
    let text = page(&format!("{}\n{bad}", links(N)));
    let mut page = Page::parse(&text);
    let done = page.rewrite_links(&BodyOptions::default(), |l| Some(format!("{}#x", l.dest)));
    assert_eq!(done.changed, N);
    assert_eq!(done.unwritable.len(), 1);
    let html = text.find("<a href").unwrap();
    assert_eq!(done.unwritable[0].start, html);
    // Every `)` closes one of the links.
    assert_eq!(page.text(), text.replace(")", "#x)"));

    let text = page_of_bad(N / 10, bad);
    let mut page = Page::parse(&text);
    let done = page.rewrite_links(&BodyOptions::default(), |l| Some(format!("{}#x", l.dest)));
    assert_eq!((done.changed, done.unwritable.len()), (0, N / 10));
    assert_eq!(page.text(), text);
}

/// `n` paragraphs of `bad` under the header.
fn page_of_bad(n: usize, bad: &str) -> String {
    page(&format!("{bad}\n").repeat(n))
}
