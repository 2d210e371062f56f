use proptest::prelude::*;

use super::*;
use crate::error::ErrorKind;
use crate::span::Span;

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_owned()).collect()
}

fn messages(errors: &[crate::Error]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// A header in the style of the 2016 pages (our own text).
const OLD_PAGE: &str = "\
title: Message Queues
category: page
slug: message-queues
sort-order: 0715
meta: Message queues pass work between processes; learn the Python options.
toc: True
sidebartitle: 7. Deployment

# Message queues
";

/// A header in the style of the 2023 posts (our own text).
const NEW_POST: &str = "\
title: Shipping Logs with Python
slug: shipping-logs-python
meta: How to ship application logs
    from many servers to one place.
category: post
date: 2021-03-04
modified: 2021-03-05 14:30
newsletter: False
headerimage: /img/210304-logs/header.jpg
headeralt: A truck loaded with log files.
author: Ada Example
authorlink: https://example.com/ada
sortorder: 0300
toc: False
sidebartitle: 3. Logs

Body text.
";

#[test]
fn old_page_fields() {
    let meta = Page::parse(OLD_PAGE).meta().unwrap();
    let want = PageMeta {
        title: s("Message Queues"),
        category: Some(Category::Page),
        slug: s("message-queues"),
        sort_order: Some(SortOrder {
            digits: "0715".into(),
            key: SortOrderKey::Hyphenated,
        }),
        description: s("Message queues pass work between processes; learn the Python options."),
        toc: Some(true),
        sidebar_title: s("7. Deployment"),
        ..PageMeta::default()
    };
    assert_eq!(meta, want);
    assert_eq!(meta.sort_order.unwrap().value(), Some(715));
}

#[test]
fn new_post_fields() {
    let meta = Page::parse(NEW_POST).meta().unwrap();
    let want = PageMeta {
        title: s("Shipping Logs with Python"),
        slug: s("shipping-logs-python"),
        description: s("How to ship application logs\nfrom many servers to one place."),
        category: Some(Category::Post),
        date: Some(date("2021-03-04")),
        modified: Some(date("2021-03-05 14:30")),
        newsletter: Some(false),
        header_image: s("/img/210304-logs/header.jpg"),
        header_alt: s("A truck loaded with log files."),
        author: s("Ada Example"),
        author_link: s("https://example.com/ada"),
        sort_order: Some(SortOrder {
            digits: "0300".into(),
            key: SortOrderKey::Joined,
        }),
        toc: Some(false),
        sidebar_title: s("3. Logs"),
        ..PageMeta::default()
    };
    assert_eq!(meta, want);
    let modified = meta.modified.unwrap();
    assert_eq!(modified.as_str(), "2021-03-05 14:30");
    assert_eq!(
        (modified.year(), modified.month(), modified.day()),
        (2021, 3, 5)
    );
    assert_eq!(modified.time(), Time::new(14, 30, 0));
    assert_eq!(meta.date.unwrap().time(), None);
}

#[test]
fn pelican_fields_choices_and_extra() {
    let text = "\
Title: Notes
Tags: python, web,, python , ops
Authors: Doe, Jane; Roe, Rick
summary: First line
    second line
status: draft
lang: en
template: notes
save_as: notes/index.html
url: notes/
choice1url: /queues.html
choice1icon: fa-inbox
choice1text: Read about queues.
choice3text: Or about logs.
newsletters: False
Custom_Key: one
    two
custom_key: again
x-y:
";
    let meta: PageMeta = text.parse().unwrap();
    assert_eq!(meta.title, s("Notes"));
    assert_eq!(meta.tags, strings(&["python", "web", "ops"]));
    assert_eq!(meta.authors, strings(&["Doe, Jane", "Roe, Rick"]));
    assert_eq!(meta.summary, s("First line\nsecond line"));
    assert_eq!(meta.status, s("draft"));
    assert_eq!(meta.lang, s("en"));
    assert_eq!(meta.template, s("notes"));
    assert_eq!(meta.save_as, s("notes/index.html"));
    assert_eq!(meta.url, s("notes/"));
    assert_eq!(
        meta.choices,
        [
            Choice {
                url: s("/queues.html"),
                icon: s("fa-inbox"),
                text: s("Read about queues."),
            },
            Choice::default(),
            Choice {
                text: s("Or about logs."),
                ..Choice::default()
            },
            Choice::default(),
        ]
    );
    assert!(meta.choices[1].is_empty() && !meta.choices[2].is_empty());
    assert_eq!(
        meta.extra,
        vec![
            ("newsletters".to_owned(), "False".to_owned()),
            ("custom_key".to_owned(), "one\ntwo".to_owned()),
            ("custom_key".to_owned(), "again".to_owned()),
            ("x-y".to_owned(), String::new()),
        ]
    );
    assert_eq!(
        meta.to_string(),
        "\
title: Notes
authors: Doe, Jane; Roe, Rick
tags: python, web, ops
summary: First line
    second line
status: draft
lang: en
template: notes
save_as: notes/index.html
url: notes/
choice1url: /queues.html
choice1icon: fa-inbox
choice1text: Read about queues.
choice3text: Or about logs.
newsletters: False
custom_key: one
    two
custom_key: again
x-y:
"
    );
}

#[test]
fn lists_split_like_pelican() {
    let read = |v: &str| super::read::split_list(v);
    assert_eq!(read("a, b ,c"), strings(&["a", "b", "c"]));
    assert_eq!(
        read("Doe, Jane; Roe, Rick;"),
        strings(&["Doe, Jane", "Roe, Rick"])
    );
    assert_eq!(read(" , ,"), Vec::<String>::new());
    assert_eq!(read("a, b, a, B"), strings(&["a", "b", "B"]));
    assert_eq!(read("a, b\nc, d"), strings(&["a", "b", "c", "d"]));
    assert_eq!(read("a\u{3000}b, c"), strings(&["a\u{3000}b", "c"]));
    let meta: PageMeta = "tags:\nauthors: One".parse().unwrap();
    assert!(meta.tags.is_empty());
    assert_eq!(meta.authors, strings(&["One"]));
    assert_eq!(meta.to_string(), "authors: One\n");
}

#[test]
fn case_insensitive_keys_and_sort_order_spellings() {
    let meta: PageMeta = "TITLE: T\nSort-Order: 01\nTOC: True".parse().unwrap();
    assert_eq!(meta.title, s("T"));
    assert_eq!(meta.toc, Some(true));
    assert_eq!(
        meta.sort_order,
        Some(SortOrder {
            digits: "01".into(),
            key: SortOrderKey::Hyphenated
        })
    );
    assert_eq!(meta.to_string(), "title: T\nsort-order: 01\ntoc: True\n");
    let meta: PageMeta = "SortOrder: 9999999999999999999".parse().unwrap();
    let order = meta.sort_order.unwrap();
    assert_eq!(order.key, SortOrderKey::Joined);
    assert_eq!(order.value(), Some(9_999_999_999_999_999_999));
}

#[test]
fn bad_values_are_all_reported() {
    let text = "\
title: Bad
toc: maybe
sort-order: 12a
date: yesterday
modified: 2023-02-30
newsletter: true
slug: one
    two
sortorder:
category: Page

body
";
    let page = Page::parse(text);
    let (meta, errors) = page.meta_lenient();
    assert_eq!(
        messages(&errors),
        [
            "invalid value for `toc`: expected `True` or `False`, found 'maybe' at line 2, column 6",
            "invalid value for `sort-order`: expected 1 to 19 ASCII digits, found '12a' at line 3, column 13",
            "invalid value for `date`: expected a date `YYYY-MM-DD`, optionally followed by ` HH:MM` or ` HH:MM:SS` (or `T` for the space), found 'yesterday' at line 4, column 7",
            "invalid value for `modified`: expected a date `YYYY-MM-DD`, optionally followed by ` HH:MM` or ` HH:MM:SS` (or `T` for the space), found '2023-02-30' at line 5, column 11",
            "invalid value for `newsletter`: expected `True` or `False`, found 'true' at line 6, column 13",
            "invalid value for `slug`: expected a single line, found 'one\\ntwo' at line 7, column 7",
            "duplicate key `sortorder`: found 'sortorder' at line 9, column 1; the first value, at line 3, is kept",
        ]
    );
    let e = &errors[5];
    assert_eq!(
        e.span(),
        Span::new(text.find("one").unwrap(), text.find("two").unwrap() + 3)
    );
    assert_eq!(e.found(), "one\ntwo");
    assert_eq!(
        e.kind(),
        &ErrorKind::InvalidValue {
            key: "slug".into(),
            expected: super::read::ONE_LINE_EXPECTED
        }
    );
    // Bad values are left out; the rest is read.
    assert_eq!(
        meta,
        PageMeta {
            title: s("Bad"),
            category: Some(Category::Other("Page".into())),
            ..PageMeta::default()
        }
    );
    assert_eq!(page.meta().unwrap_err().0, errors);
    assert_eq!(PageMeta::from_page(&page).unwrap_err().0, errors);
}

#[test]
fn empty_values_of_parsed_fields_are_errors() {
    let page = Page::parse("toc:\ndate:  \n");
    let (_, errors) = page.meta_lenient();
    assert_eq!(
        messages(&errors),
        [
            "invalid value for `toc`: expected `True` or `False`, found '' at line 1, column 5",
            "invalid value for `date`: expected a date `YYYY-MM-DD`, optionally followed by ` HH:MM` or ` HH:MM:SS` (or `T` for the space), found '' at line 2, column 8",
        ]
    );
}

#[test]
fn duplicates_keep_the_first() {
    let text = "title: One\r\nTitle: Two\r\ntags: a\r\ntags: b\r\nx: 1\r\nx: 2\r\n";
    let page = Page::parse(text);
    let (meta, errors) = page.meta_lenient();
    assert_eq!(meta.title, s("One"));
    assert_eq!(meta.tags, strings(&["a"]));
    assert_eq!(
        meta.extra,
        vec![("x".into(), "1".into()), ("x".into(), "2".into())]
    );
    assert_eq!(
        messages(&errors),
        [
            "duplicate key `Title`: found 'Title' at line 2, column 1; the first value, at line 1, is kept",
            "duplicate key `tags`: found 'tags' at line 4, column 1; the first value, at line 3, is kept",
        ]
    );
    assert_eq!(errors[0].span(), Span::new(12, 17));
    assert_eq!(
        errors[0].kind(),
        &ErrorKind::DuplicateKey {
            key: "Title".into(),
            first: crate::Location { line: 1, column: 1 }
        }
    );
    // A bad first value still wins over a good later one.
    let (meta, errors) = Page::parse("toc: yes\ntoc: True\n").meta_lenient();
    assert_eq!(meta.toc, None);
    assert_eq!(errors.len(), 2);
}

#[test]
fn missing_header_fields_still_convert() {
    assert_eq!(Page::parse("").meta(), Ok(PageMeta::default()));
    assert_eq!(
        Page::parse("# Just a body\n").meta(),
        Ok(PageMeta::default())
    );
    let meta = Page::parse("meta: only this\n\nbody").meta().unwrap();
    assert_eq!(meta.description, s("only this"));
    assert_eq!(meta.title, None);
}

#[test]
fn dates() {
    for (text, y, m, d, time) in [
        ("2016-05-08", 2016, 5, 8, None),
        ("2012-10-30 10:14", 2012, 10, 30, Some((10, 14, 0))),
        ("2024-02-29T23:59:59", 2024, 2, 29, Some((23, 59, 59))),
        ("0001-01-01 00:00:00", 1, 1, 1, Some((0, 0, 0))),
    ] {
        let got = Date::parse(text).unwrap();
        assert_eq!(got.as_str(), text);
        assert_eq!(got.to_string(), text);
        assert_eq!((got.year(), got.month(), got.day()), (y, m, d));
        assert_eq!(
            got.time(),
            time.map(|(h, mi, s)| Time::new(h, mi, s).unwrap())
        );
    }
    for bad in [
        "",
        "2023-02-30",
        "2023-13-01",
        "0000-01-01",
        "2023-1-01",
        "2023/01/01",
        "2023-01-01 24:00",
        "2023-01-01 12:60",
        "2023-01-01 12:00:60",
        "2023-01-01_12:00",
        "2023-01-01 12:00:0",
        "2023-01-01 1:00:00",
        "+023-01-01",
        "2023-01-01 12:00Z",
        "２０２３-01-01",
        "October 2, 2007",
    ] {
        assert_eq!(Date::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn sort_orders() {
    assert_eq!(
        SortOrder::parse("0719", SortOrderKey::Joined).and_then(|s| s.value()),
        Some(719)
    );
    assert_eq!(SortOrder::parse("", SortOrderKey::Joined), None);
    assert_eq!(SortOrder::parse("+1", SortOrderKey::Joined), None);
    assert_eq!(SortOrder::parse("٣", SortOrderKey::Joined), None);
    assert_eq!(
        SortOrder::parse("12345678901234567890", SortOrderKey::Joined),
        None
    );
    let hand = SortOrder {
        digits: "99999999999999999999".into(),
        key: SortOrderKey::Hyphenated,
    };
    assert_eq!(hand.value(), None);
    assert_eq!(SortOrderKey::Hyphenated.as_str(), "sort-order");
}

#[test]
fn categories() {
    for (text, want) in [
        ("page", Category::Page),
        ("post", Category::Post),
        ("talk", Category::Talk),
        ("Post", Category::Other("Post".into())),
        ("", Category::Other(String::new())),
    ] {
        let got = Category::parse(text);
        assert_eq!(got, want);
        assert_eq!(got.as_str(), text);
        assert_eq!(got.to_string(), text);
    }
}

#[test]
fn display_writes_the_canonical_header() {
    let meta = Page::parse(NEW_POST).meta().unwrap();
    assert_eq!(
        meta.to_string(),
        "\
title: Shipping Logs with Python
slug: shipping-logs-python
category: post
sortorder: 0300
date: 2021-03-04
modified: 2021-03-05 14:30
meta: How to ship application logs
    from many servers to one place.
toc: False
newsletter: False
sidebartitle: 3. Logs
headerimage: /img/210304-logs/header.jpg
headeralt: A truck loaded with log files.
author: Ada Example
authorlink: https://example.com/ada
"
    );
    assert_eq!(meta.to_canonical().unwrap(), meta.to_string());
    assert_eq!(meta.check_writable(), Ok(()));
    assert_eq!(PageMeta::default().to_string(), "");
    let empty = PageMeta {
        title: s(""),
        description: s("\nsecond"),
        ..PageMeta::default()
    };
    assert_eq!(empty.to_string(), "title:\nmeta:\n    second\n");
    assert_eq!(empty.to_string().parse::<PageMeta>(), Ok(empty));
}

#[test]
fn from_str_reads_a_header_with_or_without_body() {
    let meta: PageMeta = "title: A\n\ntitle: not a header line\n".parse().unwrap();
    assert_eq!(meta.title, s("A"));
    let err = "title: A\ntoc: 1\n".parse::<PageMeta>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid value for `toc`: expected `True` or `False`, found '1' at line 2, column 6"
    );
    assert_eq!(
        Page::parse(OLD_PAGE).meta().unwrap().to_string().parse(),
        Page::parse(OLD_PAGE).meta()
    );
}

#[test]
fn unwritable_values_are_reported_where_they_would_stand() {
    let meta = PageMeta {
        title: s(" padded"),
        slug: s("one\ntwo"),
        category: Some(Category::Other("talk".into())),
        sort_order: Some(SortOrder {
            digits: "7b".into(),
            key: SortOrderKey::Hyphenated,
        }),
        description: s("a\n\nb"),
        tags: strings(&["x, y"]),
        authors: strings(&["A", "B;C", "A", ""]),
        extra: vec![
            ("bad key".into(), "v".into()),
            ("Upper".into(), "v".into()),
            ("SLUG".into(), "v".into()),
            ("ok".into(), "tail\r".into()),
        ],
        ..PageMeta::default()
    };
    let text = meta.to_string();
    assert_eq!(
        text,
        "\
title: padded
slug: one
    two
category: talk
sort-order: 7b
meta: a
    b
authors: A, B;C, A, 
tags: x, y
upper: v
ok: tail
"
    );
    let errors = meta.check_writable().unwrap_err();
    assert_eq!(meta.to_canonical().unwrap_err(), errors);
    assert_eq!(
        errors.to_string(),
        "\
value for `title` cannot be written: it starts or ends with white space or holds a blank line, found ' padded' at line 1, column 8
invalid value for `slug`: expected a single line, found 'one\\ntwo' at line 2, column 7
value for `category` would not read back the same: it reads back as the known category of that name, found 'talk' at line 4, column 11
invalid value for `sort-order`: expected 1 to 19 ASCII digits, found '7b' at line 5, column 13
value for `meta` cannot be written: it starts or ends with white space or holds a blank line, found 'a\\n\\nb' at line 6, column 7
value for `authors` would not read back the same: a list item holds `;`, found 'B;C' at line 8, column 13
value for `authors` would not read back the same: a list item repeats an earlier one, found 'A' at line 8, column 18
value for `authors` would not read back the same: a list item is empty, found '' at line 8, column 21
value for `tags` would not read back the same: a lone list item holds `,`, found 'x, y' at line 9, column 7
invalid key: expected ASCII letters, digits, `_` or `-`, found 'bad key' at line 10, column 1
value for `Upper` would not read back the same: keys are read in lowercase, found 'Upper' at line 10, column 1
value for `SLUG` would not read back the same: the key belongs to a typed field, found 'SLUG' at line 11, column 1
value for `ok` cannot be written: it starts or ends with white space or holds a blank line, found 'tail\\r' at line 11, column 5"
    );
    assert_ne!(text.parse::<PageMeta>(), Ok(meta.clone()));
    assert_eq!(Page::parse(&text).body(), "");
    assert_eq!(Page::from_meta(&meta, "body").unwrap_err(), errors);
}

#[test]
fn extra_keys_that_read_as_fences_are_left_out() {
    let meta = PageMeta {
        title: s("T"),
        extra: vec![("---".into(), "v".into()), ("---x".into(), String::new())],
        ..PageMeta::default()
    };
    assert_eq!(meta.to_string(), "title: T\n");
    assert_eq!(
        meta.check_writable().unwrap_err().to_string(),
        "\
value for `---` would not read back the same: a key line starting with `---` reads as a fence, found '---' at line 2, column 1
value for `---x` would not read back the same: a key line starting with `---` reads as a fence, found '---x' at line 2, column 1"
    );
    // A key starting with `--` is fine.
    let meta = PageMeta {
        extra: vec![("--x".into(), "v".into())],
        ..PageMeta::default()
    };
    assert_eq!(meta.to_canonical().unwrap(), "--x: v\n");
    assert_eq!(meta.to_string().parse(), Ok(meta));
}

#[test]
fn lists_with_commas_are_written_with_semicolons() {
    let meta = PageMeta {
        authors: strings(&["Doe, Jane", "Roe"]),
        tags: strings(&["a b", "c"]),
        ..PageMeta::default()
    };
    assert_eq!(
        meta.to_canonical().unwrap(),
        "authors: Doe, Jane; Roe\ntags: a b, c\n"
    );
    assert_eq!(meta.to_string().parse(), Ok(meta));
}

#[test]
fn pages_from_meta_and_canonical_pages() {
    let meta = PageMeta {
        title: s("T"),
        toc: Some(true),
        ..PageMeta::default()
    };
    let page = Page::from_meta(&meta, "\n# Body\r\n").unwrap();
    assert_eq!(page.text(), "title: T\ntoc: True\n\n\n# Body\r\n");
    assert_eq!(page.body(), "\n# Body\r\n");
    assert_eq!(page.meta(), Ok(meta));

    let empty = PageMeta::default();
    for (body, text) in [
        ("", ""),
        ("# Body\n", "# Body\n"),
        ("\n \n", "\n \n"),
        ("\nx", "---\n---\n\nx"),
        ("a: b\n", "---\n---\na: b\n"),
        ("---\n", "---\n---\n---\n"),
        ("\u{feff}x", "---\n---\n\u{feff}x"),
    ] {
        let page = Page::from_meta(&empty, body).unwrap();
        assert_eq!(page.text(), text, "{body:?}");
        assert_eq!(page.body(), body);
        assert_eq!(page.meta(), Ok(PageMeta::default()));
    }

    // The canonical page keeps the BOM and the first line ending.
    let page = Page::parse("\u{feff}Sort-Order:  0719\r\nTitle: Micro\nbody line\r\n");
    assert_eq!(
        page.to_canonical().unwrap(),
        "\u{feff}title: Micro\r\nsort-order: 0719\r\n\r\nbody line\r\n"
    );
    let page = Page::parse("Title: Micro\rSlug: m\r\rbody\r");
    assert_eq!(
        page.to_canonical().unwrap(),
        "title: Micro\rslug: m\r\rbody\r"
    );
    // ... unless that would change what the page reads as: a header ended
    // by `\r` and a body starting with `\n` would make one `\r\n`.
    let meta = PageMeta {
        title: s("T"),
        ..PageMeta::default()
    };
    let page = Page::from_meta_with(&meta, "\nx", "\r", true).unwrap();
    assert_eq!(page.text(), "\u{feff}title: T\n\n\nx");
    let page = Page::from_meta_with(&PageMeta::default(), "a: b\n", "\r\n", true).unwrap();
    assert_eq!(page.text(), "\u{feff}---\r\n---\r\na: b\n");
    assert_eq!(page.body(), "a: b\n");
    let bad = Page::parse("toc: no\n\nbody");
    assert_eq!(
        bad.to_canonical().unwrap_err().to_string(),
        "invalid value for `toc`: expected `True` or `False`, found 'no' at line 1, column 6"
    );
}

#[cfg(feature = "serde")]
#[test]
fn serde_shape_reads_like_the_page() {
    let meta = Page::parse(NEW_POST).meta().unwrap();
    let json = serde_json::to_value(&meta).unwrap();
    assert_eq!(json["category"], "post");
    assert_eq!(json["date"], "2021-03-04");
    assert_eq!(json["modified"], "2021-03-05T14:30:00");
    assert_eq!(json["sortorder"], "0300");
    assert_eq!(
        json["meta"],
        "How to ship application logs\nfrom many servers to one place."
    );
    assert_eq!(json["sidebartitle"], "3. Logs");
    assert_eq!(json.get("tags"), None, "absent fields are omitted");
    assert_eq!(json.get("extra"), None);
    let back: PageMeta = serde_json::from_value(json).unwrap();
    assert_eq!(back, meta);
    let partial: PageMeta =
        serde_json::from_str(r#"{"title": "T", "category": "Guide", "sort-order": "07"}"#).unwrap();
    assert_eq!(partial.category, Some(Category::Other("Guide".into())));
    assert_eq!(partial.sort_order.unwrap().key, SortOrderKey::Hyphenated);
    for (json, message) in [
        (
            r#"{"date": "2023-02-30"}"#,
            "invalid date \"2023-02-30\": expected an ISO 8601 date",
        ),
        (
            r#"{"sortorder": "7a"}"#,
            "invalid value for `sortorder`: expected 1 to 19 ASCII digits, found \"7a\"",
        ),
        (r#"{"sort_order": "7"}"#, "unknown key `sort_order`"),
        (
            r#"{"sortorder": "7", "sort-order": "8"}"#,
            "key `sort-order`: the field is given more than once",
        ),
        (
            r#"{"toc": "True"}"#,
            "invalid type: string \"True\", expected a boolean",
        ),
        (r#"{"extra": {"k": 1}}"#, "data did not match any variant"),
    ] {
        let err = serde_json::from_str::<PageMeta>(json)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(message), "{json}: {err}");
    }
}

/// `extra` with each repeated key's values moved to its first place, as
/// the serde shape groups them.
#[cfg(feature = "serde")]
fn grouped(extra: &[(String, String)]) -> Vec<(String, String)> {
    let mut keys: Vec<&str> = Vec::new();
    for (k, _) in extra {
        if !keys.contains(&k.as_str()) {
            keys.push(k);
        }
    }
    keys.iter()
        .flat_map(|k| extra.iter().filter(move |(key, _)| key == k).cloned())
        .collect()
}

// ---- property tests ----

/// A trimmed, non-empty line of text.
fn line() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9é☃]([a-zA-Z0-9 .,;:'!?é☃\t\u{a0}-]{0,10}[a-zA-Z0-9.!?é☃])?"
}

/// A one-line value, possibly empty.
fn one_line() -> impl Strategy<Value = String> {
    prop_oneof![1 => Just(String::new()), 4 => line()]
}

/// A value of one or more lines: the first may be empty, the rest may not.
fn text() -> impl Strategy<Value = String> {
    (one_line(), prop::collection::vec(line(), 0..3)).prop_map(|(first, rest)| {
        let mut v = first;
        for l in rest {
            v.push('\n');
            v.push_str(&l);
        }
        v
    })
}

fn list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-zA-Z0-9é]([a-zA-Z0-9 ,.é-]{0,8}[a-zA-Z0-9é])?", 0..4).prop_map(
        |items| {
            let mut out: Vec<String> = Vec::new();
            for item in items {
                if !out.contains(&item) {
                    out.push(item);
                }
            }
            if let [only] = out.as_mut_slice() {
                *only = only.replace(',', "");
            }
            out
        },
    )
}

fn category() -> impl Strategy<Value = Category> {
    prop_oneof![
        Just(Category::Page),
        Just(Category::Post),
        Just(Category::Talk),
        one_line()
            .prop_filter("not a known word", |s| !matches!(
                s.as_str(),
                "page" | "post" | "talk"
            ))
            .prop_map(Category::Other),
    ]
}

fn sort_order() -> impl Strategy<Value = SortOrder> {
    ("[0-9]{1,19}", any::<bool>()).prop_map(|(digits, hyphen)| SortOrder {
        digits,
        key: if hyphen {
            SortOrderKey::Hyphenated
        } else {
            SortOrderKey::Joined
        },
    })
}

fn date_value() -> impl Strategy<Value = Date> {
    (
        1..=9999i32,
        1..=12u32,
        1..=31u32,
        prop::option::of((0..24u32, 0..60u32, prop::option::of(0..60u32))),
        any::<bool>(),
    )
        .prop_filter_map("a real date", |(y, m, d, time, t)| {
            let mut text = format!("{y:04}-{m:02}-{d:02}");
            if let Some((h, mi, sec)) = time {
                text.push(if t { 'T' } else { ' ' });
                text.push_str(&format!("{h:02}:{mi:02}"));
                if let Some(sec) = sec {
                    text.push_str(&format!(":{sec:02}"));
                }
            }
            Date::parse(&text)
        })
}

fn choice() -> impl Strategy<Value = Choice> {
    (
        prop::option::of(one_line()),
        prop::option::of(one_line()),
        prop::option::of(text()),
    )
        .prop_map(|(url, icon, text)| Choice { url, icon, text })
}

fn extra() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (
            "[a-z0-9_-]{1,12}".prop_filter("not a typed key nor a fence", |k| {
                super::read::Slot::from_name(k).is_none() && !k.starts_with("---")
            }),
            text(),
        ),
        0..4,
    )
}

/// Any meta whose values are all writable.
fn writable_meta() -> impl Strategy<Value = PageMeta> {
    use prop::option::of;
    let a = (
        of(text()),
        of(one_line()),
        of(category()),
        of(sort_order()),
        of(date_value()),
        of(date_value()),
        of(text()),
        of(any::<bool>()),
        of(any::<bool>()),
        of(text()),
        of(one_line()),
        of(text()),
    );
    let b = (
        of(one_line()),
        of(one_line()),
        list(),
        list(),
        of(text()),
        of(one_line()),
        of(one_line()),
        of(one_line()),
        of(one_line()),
        of(one_line()),
        [choice(), choice(), choice(), choice()],
        extra(),
    );
    (a, b).prop_map(|(a, b)| PageMeta {
        title: a.0,
        slug: a.1,
        category: a.2,
        sort_order: a.3,
        date: a.4,
        modified: a.5,
        description: a.6,
        toc: a.7,
        newsletter: a.8,
        sidebar_title: a.9,
        header_image: a.10,
        header_alt: a.11,
        author: b.0,
        author_link: b.1,
        authors: b.2,
        tags: b.3,
        summary: b.4,
        status: b.5,
        lang: b.6,
        template: b.7,
        save_as: b.8,
        url: b.9,
        choices: b.10,
        extra: b.11,
    })
}

/// Short strings from an alphabet full of trouble: separators, line
/// breaks, white space Python strips, key words.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a ,;\n\r\t\u{a0}\u{1c}é:-]{0,5}",
        Just("page".to_owned()),
        Just("True".to_owned()),
        Just("0012".to_owned()),
        line(),
    ]
}

/// Any meta, writable or not.
fn any_meta() -> impl Strategy<Value = PageMeta> {
    let key = prop_oneof![
        "[a-zA-Z _-]{0,6}",
        Just("title".to_owned()),
        Just("Sortorder".to_owned()),
        Just("choice2icon".to_owned()),
    ];
    (
        writable_meta(),
        prop::option::of(nasty()),
        prop::option::of(nasty()),
        prop::option::of(nasty().prop_map(Category::Other)),
        prop::option::of("[0-9a ]{0,21}"),
        prop::collection::vec(nasty(), 0..3),
        prop::collection::vec((key, nasty()), 0..3),
        prop::option::of(nasty()),
    )
        .prop_map(|(mut m, title, slug, cat, digits, tags, extra, text)| {
            if title.is_some() {
                m.title = title;
            }
            if slug.is_some() {
                m.slug = slug;
            }
            if cat.is_some() {
                m.category = cat;
            }
            if let Some(digits) = digits {
                m.sort_order = Some(SortOrder {
                    digits,
                    key: SortOrderKey::Joined,
                });
            }
            if !tags.is_empty() {
                m.tags = tags;
            }
            m.extra.extend(extra);
            if text.is_some() {
                m.choices[1].text = text;
            }
            m
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn writable_metas_round_trip(m in writable_meta()) {
        prop_assert_eq!(m.check_writable(), Ok(()));
        let text = m.to_canonical().unwrap();
        prop_assert_eq!(&text, &m.to_string());
        prop_assert_eq!(PageMeta::from_str(&text), Ok(m.clone()));
        let page = Page::from_meta(&m, "body\n").unwrap();
        prop_assert_eq!(page.body(), "body\n");
        prop_assert_eq!(page.meta(), Ok(m));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trips(mut m in writable_meta(), offset in prop::option::of(-86_399..86_400i32)) {
        // Dates with an offset occur in the serde shape only.
        if let (Some(d), Some(o)) = (&m.date, offset) {
            let time = d.time().or(Time::new(12, 0, 0));
            m.date = Date::new(d.year(), d.month(), d.day(), time, Some(o));
        }
        let json = serde_json::to_string(&m).unwrap();
        let back: PageMeta = serde_json::from_str(&json).unwrap();
        let want = PageMeta { extra: grouped(&m.extra), ..m.clone() };
        prop_assert_eq!(&back, &want, "{}", json);
        let toml = toml::to_string(&m).unwrap();
        prop_assert_eq!(toml::from_str::<PageMeta>(&toml).unwrap(), want);
    }

    #[test]
    fn check_writable_says_exactly_what_round_trips(m in any_meta()) {
        let text = m.to_string();
        let round_trips = PageMeta::from_str(&text).as_ref() == Ok(&m);
        prop_assert_eq!(m.check_writable().is_ok(), round_trips, "{:?}\n{}", m.check_writable(), text);
        prop_assert_eq!(m.to_canonical().is_ok(), round_trips);
        // Best effort or not, every written line stays in the header.
        let page = Page::parse(&text);
        prop_assert_eq!(page.body(), "");
    }

    #[test]
    fn reading_never_panics_and_strict_equals_lenient(text in "[a-zA-Z:;, \n\r\t-]{0,40}|(title|toc|date|tags|sortorder|choice1url): [ -~\n]{0,12}") {
        let page = Page::parse(&text);
        let (meta, errors) = page.meta_lenient();
        match page.meta() {
            Ok(m) => {
                prop_assert!(errors.is_empty());
                prop_assert_eq!(&m, &meta);
            }
            Err(e) => prop_assert_eq!(e.0, errors),
        }
    }
}

// ---- the corpus ----

fn corpus_dir() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("PAGEFMT_CORPUS").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        std::path::PathBuf::from,
    );
    if dir.is_dir() {
        Some(dir)
    } else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "corpus not found at {}",
            dir.display()
        );
        None
    }
}

#[test]
fn corpus_converts_and_round_trips() {
    let Some(dir) = corpus_dir() else { return };
    let (mut files, mut strict, mut posts) = (0, 0, 0);
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        let is_page = path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        if !entry.file_type().is_file() || !is_page {
            continue;
        }
        let bytes = std::fs::read(path).unwrap();
        let Ok(page) = Page::from_bytes(&bytes) else {
            continue;
        };
        files += 1;
        let (lenient, errors) = page.meta_lenient();
        if let Ok(meta) = page.meta() {
            strict += 1;
            assert!(errors.is_empty());
            assert_eq!(meta, lenient, "{}", path.display());
            assert_eq!(meta.check_writable(), Ok(()), "{}", path.display());
            assert_eq!(
                meta.to_string().parse(),
                Ok(meta.clone()),
                "{}",
                path.display()
            );
            let canonical = page.to_canonical().unwrap();
            let again = Page::parse(&canonical);
            assert_eq!(again.meta(), Ok(meta.clone()), "{}", path.display());
            assert_eq!(again.body(), page.body(), "{}", path.display());
            if meta.category == Some(Category::Post) {
                posts += 1;
                assert!(meta.date.is_some(), "{}", path.display());
            }
        } else {
            assert!(!errors.is_empty());
        }
    }
    assert!(files >= 800, "only {files} pages read");
    assert!(
        strict >= 830,
        "only {strict} of {files} pages convert strictly"
    );
    assert!(posts >= 60, "only {posts} posts");
}
