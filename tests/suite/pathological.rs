//! Pathological pages, generated in code: huge header values, long runs of
//! continuation lines, many keys, and (for the body) deep nesting and long
//! runs. Each must parse, write back losslessly, read its fields right and
//! take edits. Sizes are fixed: a size too slow here is a bug to fix, not a
//! size to shrink.

mod body;
pub mod shapes;

use pagefmt::Page;

use crate::law_checks::{check_edit, check_page, Edit, Key, Val};
use shapes::*;

fn set(key: &str, value: &str) -> Edit {
    Edit::Set(Key::Raw(key.to_owned()), Val::Raw(value.to_owned()))
}

#[test]
fn a_one_megabyte_header_value() {
    let value = words(1 << 20);
    let text = huge_value(1 << 20);
    check_page(&text);
    let page = Page::parse(&text);
    assert_eq!(page.header().len(), 3);
    assert_eq!(page.get("summary").unwrap().value().text, value);
    assert_eq!(page.get("slug").unwrap().value().text, "huge");
    assert_eq!(page.body(), "Body.\n");
    let mut page = page.into_owned();
    check_edit(&mut page, &set("summary", "short"));
    check_edit(&mut page, &set("slug", &value));
    assert_eq!(page.get("slug").unwrap().value().text.len(), 1 << 20);
}

#[test]
fn sixty_thousand_continuation_lines() {
    const N: usize = 60_000;
    let text = continuations(N);
    check_page(&text);
    let page = Page::parse(&text);
    assert_eq!(page.header().len(), 3);
    let summary = page.get("summary").unwrap();
    assert_eq!(summary.values().len(), N + 1);
    let mut want = String::from("first");
    for i in 0..N {
        want.push('\n');
        want.push_str(&continuation_value(i));
    }
    assert_eq!(summary.joined(), want);
    let meta = page.header().pymd_meta();
    assert_eq!(meta.get("summary").unwrap().len(), N + 1);
    assert_eq!(meta.get("summary").unwrap()[N], continuation_value(N - 1));
    let mut page = page.into_owned();
    check_edit(&mut page, &set("slug", "edited"));
    check_edit(&mut page, &set("summary", "one\ntwo"));
    assert_eq!(
        page.text(),
        "title: Continued\nsummary: one\n    two\nslug: edited\n\nBody.\n"
    );
}

#[test]
fn a_hundred_thousand_header_keys() {
    const N: usize = 100_000;
    let text = many_keys(N);
    check_page(&text);
    let page = Page::parse(&text);
    assert_eq!(page.header().len(), N);
    assert_eq!(page.header().pymd_meta().len(), N);
    let last = format!("key{}", N - 1);
    assert_eq!(
        page.get(&last).unwrap().value().text,
        format!("value {}", N - 1)
    );
    let mut page = page.into_owned();
    check_edit(&mut page, &set(&last, "changed"));
    let mut want = text.replace(
        &format!("{last}: value {}\n", N - 1),
        &format!("{last}: changed\n"),
    );
    assert_eq!(page.text(), want);
    // The other edits, checked against the text worked out by hand (the
    // full law check above costs seconds at this size in a debug build).
    page.insert(7, "inserted", "x").unwrap();
    want.insert_str(want.find("key7:").unwrap(), "inserted: x\n");
    assert_eq!(page.text(), want);
    assert_eq!(page.remove("key50000"), 1);
    want = want.replace("\nkey50000: value 50000\n", "\n");
    assert_eq!(page.text(), want);
    assert_eq!(page.rename("KEY0", "first").unwrap(), 1);
    want.replace_range(..4, "first");
    assert_eq!(page.text(), want);
    assert_eq!(page.get("first").unwrap().value().text, "value 0");
    assert_eq!(page.header().len(), N);
}

#[test]
fn a_hundred_thousand_fenced_header_keys() {
    const N: usize = 100_000;
    let text = fenced_keys(N);
    assert!(text.starts_with("---\nkey0: value 0\n"));
    // The laws are checked on the unfenced shape (they cost seconds at
    // this size in a debug build); here, the reading and the round trip.
    let page = Page::parse(&text);
    assert_eq!(page.to_string(), text);
    assert_eq!(page.header().len(), N);
    assert_eq!(page.body(), "Body.\n");
    let meta = page.header().pymd_meta();
    assert_eq!(meta.len(), N);
    assert_eq!(
        meta.get("KEY99999").map(|v| v[0].as_ref()),
        Some("value 99999")
    );
}

/// The body shapes at the sizes the body parser will be held to: under a
/// valid header, the header reads the same and the body is kept whole.
#[test]
fn body_shapes_keep_their_header_and_body() {
    let cases: &[(&str, String)] = &[
        ("nested_brackets", nested_brackets(50_000)),
        ("nested_emphasis", nested_emphasis(50_000)),
        ("nested_blockquotes", nested_blockquotes(50_000)),
        ("nested_list_items", nested_list_items(50_000)),
        ("reference_definitions", reference_definitions(5_000)),
        ("backtick_runs", backtick_runs(20_000)),
        ("lt_runs", lt_runs(100_000)),
        ("long_line", long_line(1 << 20)),
        ("headings", headings(100_000)),
        ("cycling_headings", cycling_headings(100_000)),
        ("identical_headings", identical_headings(100_000)),
        ("links", links(100_000)),
        ("definition_flood", definition_flood(5_000)),
        ("reference_collisions", reference_collisions(5_000)),
        ("image_brackets", image_brackets(10_000)),
        ("unclosed_comment", unclosed_comment(10_000)),
        ("quoted_destinations", quoted_destinations(100_000)),
    ];
    assert_eq!(cases.len(), BODY_SHAPES.len());
    for (name, body) in cases {
        let text = page(body);
        check_page(&text);
        let page = Page::parse(&text);
        assert_eq!(page.body(), body, "{name}");
        assert_eq!(page.body_offset(), HEADER.len(), "{name}");
        let keys: Vec<_> = page.header().fields().map(|f| f.key()).collect();
        assert_eq!(keys, ["title", "slug", "sort-order"], "{name}");
        // With no header, the body shape is the whole page.
        let bare = Page::parse(body);
        assert_eq!(bare.body(), body.as_str(), "{name}");
    }
}

#[test]
fn sized_shapes_come_near_their_size() {
    for &(name, shape) in BODY_SHAPES {
        let len = sized(shape, 100_000).len();
        assert!((90_000..=110_000).contains(&len), "{name}: {len}");
    }
    let len = ordinary(100_000).len();
    assert!((100_000..=100_500).contains(&len), "ordinary: {len}");
}

/// The pages the bench and the memory test read: each near its size, with
/// a body that pulldown-cmark reads to its end.
#[test]
fn every_page_shape_comes_near_its_size() {
    let pages = all_pages();
    assert_eq!(pages.len(), 4 + BODY_SHAPES.len());
    for (name, make) in pages {
        let text = make(100_000);
        assert!(
            (99_000..=115_000).contains(&text.len()),
            "{name}: {}",
            text.len()
        );
        let body = Page::parse(&text).body().len();
        assert!(raw_markdown(&text) >= body, "{name}: read to the end");
    }
}
