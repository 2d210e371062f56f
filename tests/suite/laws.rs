//! Property laws: lossless writing, spans in bounds, the header read as the
//! rules say (checked against the reference model in `law_checks`), and
//! edits that touch only their span; on arbitrary strings, on generated
//! header-like texts, and on the corpus.

use proptest::prelude::*;
use proptest::sample::select;

use crate::common;
use crate::law_checks::{
    check_bytes, check_edits, check_page, check_set_meta, model, Edit, Key, Model, Val,
};
use pagefmt::Page;

const INDENTS: &[&str] = &["", " ", "   ", "    ", "\t", "  \t", " \u{3000}"];
const KEYS: &[&str] = &[
    "title",
    "Title",
    "slug",
    "sort-order",
    "sortorder",
    "a",
    "A",
    "x_y",
    "9",
    "-",
    "---",
    "a b",
    "tïtle",
    "",
];
const SEPS: &[&str] = &[":", ": ", ":\t", ":   ", " :", ":\u{3000}", "=", ":\u{1f}"];
const PIECES: &[&str] = &[
    "x", "Hello", "\t", "  ", "é", "\u{3000}", "\u{1f}", "\u{1c}", "a:b", "---", "...", "[x](y)",
    "\u{feff}", "\u{a0}", "日本",
];
const TRAILS: &[&str] = &["", " ", "\t", "\u{3000}", "\u{1f}", " \u{85}"];
const CONT_INDENTS: &[&str] = &[
    "    ",
    "\t",
    " \t",
    "  \t  ",
    "   ",
    "     ",
    "\t\t",
    "   \t",
    "\u{3000}    ",
];
const BLANKS: &[&str] = &[
    "",
    " ",
    "\t",
    "    ",
    "\u{3000}",
    "\u{1f}",
    " \u{3000} \t",
    "\u{a0}",
    "\u{b}\u{c}",
];
const FENCES: &[&str] = &["---", "...", "--- x", "----", "... y", "--", "..", " ---"];
const BODY: &[&str] = &[
    "# Title",
    "text here",
    "key without colon",
    "  - item",
    "<!-- c -->",
    "    code",
    "[x]: y",
    "",
];
const EOLS: &[&str] = &["\n", "\n", "\r\n", "\r"];

/// A line that looks like a key line, a continuation, a blank line, a
/// fence or body text.
fn line() -> impl Strategy<Value = String> {
    let value = prop::collection::vec(select(PIECES), 0..4).prop_map(|v| v.concat());
    let key = (
        select(INDENTS),
        select(KEYS),
        select(SEPS),
        value.clone(),
        select(TRAILS),
    )
        .prop_map(|(i, k, s, v, t)| format!("{i}{k}{s}{v}{t}"));
    let continuation =
        (select(CONT_INDENTS), value, select(TRAILS)).prop_map(|(i, v, t)| format!("{i}{v}{t}"));
    prop_oneof![
        6 => key,
        3 => continuation,
        1 => select(BLANKS).prop_map(str::to_owned),
        1 => select(FENCES).prop_map(str::to_owned),
        1 => select(BODY).prop_map(str::to_owned),
    ]
}

/// A header-like text: maybe a BOM, maybe an opening fence, lines with
/// mixed line endings, maybe a final line ending, then body text.
fn headerish() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::option::of(select(&["---", "--- yaml", "----"][..])),
        prop::collection::vec((line(), select(EOLS)), 0..10),
        prop::option::of(select(EOLS)),
        select(BODY),
    )
        .prop_map(|(bom, open, lines, last_eol, body)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            if let Some(open) = open {
                text.push_str(open);
                text.push('\n');
            }
            let n = lines.len();
            for (i, (line, eol)) in lines.into_iter().enumerate() {
                text.push_str(&line);
                if i + 1 < n {
                    text.push_str(eol);
                } else if let Some(eol) = last_eol {
                    text.push_str(eol);
                    text.push_str(body);
                }
            }
            text
        })
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        4 => any::<u8>().prop_map(Key::Pick),
        1 => "[a-zA-Z_ :-]{0,4}".prop_map(Key::Raw),
    ]
}

fn val() -> impl Strategy<Value = Val> {
    prop_oneof![
        4 => any::<u8>().prop_map(Val::Pick),
        1 => "[a-z \t\n\r\u{3000}]{0,6}".prop_map(Val::Raw),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (key(), val()).prop_map(|(k, v)| Edit::Set(k, v)),
        2 => (0u8..6, key(), val()).prop_map(|(i, k, v)| Edit::Insert(i, k, v)),
        1 => (key(), key()).prop_map(|(a, b)| Edit::Rename(a, b)),
        1 => key().prop_map(Edit::Remove),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_string_is_lossless_with_spans_in_bounds(text in any::<String>()) {
        check_page(&text);
    }

    #[test]
    fn headerish_text_is_lossless_with_spans_in_bounds(text in headerish()) {
        check_page(&text);
    }

    #[test]
    fn header_is_read_as_python_markdown_reads_it(text in headerish()) {
        let page = Page::parse(&text);
        let m = model(&text);
        let meta: Vec<(String, Vec<String>)> = page
            .header()
            .pymd_meta()
            .iter()
            .map(|(k, v)| (k.to_owned(), v.iter().map(|s| s.to_string()).collect()))
            .collect();
        prop_assert_eq!(meta, m.meta);
        prop_assert_eq!(page.body_offset(), m.body_offset);
    }

    #[test]
    fn edits_touch_only_their_span(
        text in headerish(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        check_edits(&text, &edits);
    }

    #[test]
    fn edits_on_any_string(text in any::<String>(), edits in prop::collection::vec(edit(), 1..4)) {
        check_edits(&text, &edits);
    }

    #[test]
    fn set_meta_gives_the_meta_and_keeps_the_rest(
        text in headerish(),
        data in prop::collection::vec(any::<u8>(), 0..256),
        edits in prop::collection::vec(edit(), 0..3),
    ) {
        // The wanted meta: sometimes any, sometimes the page's own edited.
        let (mut meta, _) = crate::outline_laws::typed_input(&data);
        if data.first().is_some_and(|b| b % 2 == 0) {
            let edited = check_edits(&text, &edits);
            let (mut own, _) = Page::parse(&edited).meta_lenient();
            own.title = meta.title.take().or(own.title);
            own.extra.extend(meta.extra.drain(..1.min(meta.extra.len())));
            meta = own;
        }
        check_set_meta(&text, &meta);
    }

    #[test]
    fn bytes_are_utf8_checked(
        mut data in prop::collection::vec(any::<u8>(), 0..48),
        prefix in headerish(),
    ) {
        check_bytes(&data);
        let mut with_prefix = prefix.into_bytes();
        with_prefix.append(&mut data);
        check_bytes(&with_prefix);
    }
}

/// Keys with their values, as written in a test.
type Pairs<'a> = &'a [(&'a str, &'a [&'a str])];

fn fields(pairs: Pairs) -> Vec<(String, Vec<String>)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
        .collect()
}

/// The model itself, on texts whose reading is worked out by hand from the
/// rules: the property tests are only as good as it is.
#[test]
fn the_model_follows_the_rules() {
    // Text, whether it has a header, fields, Python-Markdown view, body
    // offset.
    type Case<'a> = (&'a str, bool, Pairs<'a>, Pairs<'a>, usize);
    let cases: &[Case] = &[
        // Key lines, a continuation by tab, a repeated key; blank line ends.
        (
            "Title: A \n   b:c\n\tmore\tx\nTITLE:\t\n\nbody",
            true,
            &[
                ("Title", &["A"]),
                ("b", &["c", "more\tx"]),
                ("TITLE", &[""]),
            ],
            &[("title", &["A", ""]), ("b", &["c", "more    x"])],
            34,
        ),
        // Four spaces before a first key: no header.
        ("    a: 1\n\nx", false, &[], &[], 0),
        // BOM, fence, CR and CRLF endings, closing `...`.
        (
            "\u{feff}---\ra: 1\r\n    \u{1f}x\u{3000}\n... end\nbody",
            true,
            &[("a", &["1", "x"])],
            &[("a", &["1", "x"])],
            31,
        ),
        // A U+3000-only line is blank; U+001F trims.
        (
            "a:\u{1f}x\u{1f}\n\u{3000}\nb: 2",
            true,
            &[("a", &["x"])],
            &[("a", &["x"])],
            10,
        ),
        // A non-key line ends the header and is the body.
        (
            "a: 1\nnot key\n",
            true,
            &[("a", &["1"])],
            &[("a", &["1"])],
            5,
        ),
        // Whitespace only: no header, the body starts after the BOM.
        ("\u{feff} \n\t", false, &[], &[], 3),
        // A blank first line ends an empty header: it is consumed.
        ("\n\ntitle: x", false, &[], &[], 1),
        ("\u{feff}\u{3000}\r\nbody", false, &[], &[], 8),
        // A first line that is `...` closes an empty header: it is consumed
        // (Python-Markdown's end pattern is tried on every line).
        ("...\na: 1", false, &[], &[], 4),
        // An opening fence alone.
        ("---", true, &[], &[], 3),
        // A tab after a key line's value expands by its column.
        (
            "ab: c\td",
            true,
            &[("ab", &["c\td"])],
            &[("ab", &["c   d"])],
            7,
        ),
    ];
    for &(text, header, raw, meta, body_offset) in cases {
        assert_eq!(
            model(text),
            Model {
                header,
                fields: fields(raw),
                meta: fields(meta),
                body_offset,
            },
            "{text:?}"
        );
        check_page(text);
    }
}

/// The model agrees with what Python-Markdown's own tests assert.
#[test]
fn the_model_agrees_with_upstream_expectations() {
    let Some(dir) = common::corpus() else { return };
    let dir = dir.join("peer-cases/python-markdown");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("EXPECTED_META.json")).expect("EXPECTED_META.json"),
    )
    .expect("valid JSON");
    let cases = expected.as_object().expect("an object of cases");
    assert!(cases.len() >= 6, "{} cases", cases.len());
    for (file, meta) in cases {
        let text = std::fs::read_to_string(dir.join(file)).expect(file);
        let want: Vec<(String, Vec<String>)> = meta
            .as_object()
            .expect("an object of keys")
            .iter()
            .map(|(k, v)| {
                let values = v.as_array().expect("a list of values");
                let values = values.iter().map(|s| s.as_str().expect("text").to_owned());
                (k.clone(), values.collect())
            })
            .collect();
        let mut got = model(&text).meta;
        got.sort();
        let mut want = want;
        want.sort();
        assert_eq!(got, want, "{file}");
        check_page(&text);
    }
}

/// Every page of the corpus obeys the laws, and survives a fixed script of
/// edits.
#[test]
fn corpus_pages_obey_the_laws() {
    let Some(dir) = common::corpus() else { return };
    let pages = common::pages(&dir);
    assert!(pages.len() > 800, "{} pages", pages.len());
    let script = [
        Edit::Set(Key::Raw("title".into()), Val::Raw("New title".into())),
        Edit::Set(Key::Raw("summary".into()), Val::Raw("one\ntwo".into())),
        Edit::Insert(1, Key::Raw("draft".into()), Val::Raw("True".into())),
        Edit::Rename(Key::Raw("sort-order".into()), Key::Raw("sortorder".into())),
        Edit::Remove(Key::Raw("slug".into())),
        Edit::Set(Key::Raw("---x".into()), Val::Raw("x".into())),
        Edit::Set(Key::Raw("toc".into()), Val::Raw(" x".into())),
    ];
    for (name, path) in &pages {
        let bytes = std::fs::read(path).expect(name);
        check_bytes(&bytes);
        let text = String::from_utf8(bytes).expect(name);
        check_edits(&text, &script);
    }
}
