//! Validation: each rule on pages of our own that trigger it (at the right
//! line and column, with the whole message) and pages that do not; the
//! site rules over tests/fixtures/validate/site; rendering; the corpus.

#[cfg(feature = "render")]
use pagefmt::validate::render::Renderer;

/// A diagnostic as a reader sees it: rendered (with the `render` feature,
/// on in this repository), else its one-line `Display`.
fn shown(d: &pagefmt::Diagnostic, path: &str, text: &str) -> String {
    #[cfg(feature = "render")]
    return Renderer::plain().render(d, path, text);
    #[cfg(not(feature = "render"))]
    {
        let _ = (path, text);
        d.to_string()
    }
}
use pagefmt::{validate, Category, Diagnostic, Level, Page, Rule, Severity, Site, ValidateOptions};

use Severity::{Error, Note, Warning};

/// One finding as the tests compare it: code, severity, line, column,
/// message.
type Found = (&'static str, Severity, usize, usize, String);

fn brief(d: &Diagnostic) -> Found {
    (
        d.code,
        d.severity,
        d.location.line,
        d.location.column,
        d.message.clone(),
    )
}

/// Every finding on `text` with the default options.
fn check(text: &str) -> Vec<Diagnostic> {
    validate(&Page::parse(text), &crate::common::house())
}

/// The findings on `text` of rule `code`.
fn of(text: &str, code: &str) -> Vec<Found> {
    check(text)
        .iter()
        .filter(|d| d.code == code)
        .map(brief)
        .collect()
}

/// The help of the only finding of `code` on `text`.
fn help(text: &str, code: &str) -> Option<String> {
    let found: Vec<Diagnostic> = check(text).into_iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    found[0].help.clone()
}

fn f(code: &'static str, severity: Severity, line: usize, column: usize, message: &str) -> Found {
    (code, severity, line, column, message.to_owned())
}

/// A header with nothing wrong.
const GOOD: &str = "title: Task Queues\nslug: task-queues\ncategory: page\nsortorder: 0311\n";

#[test]
fn a_good_page_has_no_findings() {
    let text = format!("{GOOD}toc: True\nnewsletter: False\nmeta: Queues run work outside the request.\n\n# Task Queues\n\nBody.\n");
    assert_eq!(check(&text), []);
    let post = "title: Launch\nslug: launch\ncategory: post\ndate: 2026-11-01\nmodified: 2026-11-01 10:30\n\nBody.\n";
    assert_eq!(check(post), []);
}

#[test]
fn missing_title_slug_and_category() {
    let text = "sortorder: 0311\n\nBody.\n";
    assert_eq!(
        check(text).iter().map(brief).collect::<Vec<_>>(),
        [
            f(
                "missing-title",
                Error,
                1,
                1,
                "missing `title`: every page needs one"
            ),
            f(
                "missing-slug",
                Warning,
                1,
                1,
                "missing `slug`: every page needs one"
            ),
            f(
                "missing-category",
                Warning,
                1,
                1,
                "missing `category`: every page needs one"
            ),
        ]
    );
    assert_eq!(
        help(text, "missing-title").as_deref(),
        Some("add a `title: ...` line to the header")
    );
    // A page with no header at all, BOM first.
    assert_eq!(
        of("\u{feff}Just text.\n", "missing-title"),
        [f(
            "missing-title",
            Error,
            1,
            1,
            "missing `title`: every page needs one"
        )]
    );
    // Present with any case: found.
    assert_eq!(
        of("TITLE: A\nSlug: a\nCategory: page\n\nB", "missing-title"),
        []
    );
}

#[test]
fn missing_field_by_category() {
    let text = "title: Launch\nslug: launch\ncategory: post\n\nBody.\n";
    assert_eq!(
        of(text, "missing-field"),
        [f(
            "missing-field",
            Error,
            3,
            11,
            "missing `date`: a page of category `post` needs one"
        )]
    );
    assert_eq!(of(&format!("{GOOD}\nBody.\n"), "missing-field"), []);

    // Other requirements; `sort-order` counts as `sortorder`.
    let mut options = crate::common::house();
    options
        .required_by_category
        .push((Category::Page, vec!["sortorder".into(), "meta".into()]));
    let page = Page::parse("title: A\nslug: a\ncategory: page\nsort-order: 0101\n\nB");
    let found: Vec<Found> = validate(&page, &options).iter().map(brief).collect();
    assert_eq!(
        found,
        [f(
            "missing-field",
            Error,
            3,
            11,
            "missing `meta`: a page of category `page` needs one"
        )]
    );
}

#[test]
fn unknown_category() {
    let text = "title: A\nslug: a\ncategory: Pages\n\nB";
    assert_eq!(
        of(text, "unknown-category"),
        [f(
            "unknown-category",
            Warning,
            3,
            11,
            "unknown category 'Pages': expected `page`, `post` or `talk`"
        )]
    );
    assert_eq!(
        help(text, "unknown-category").as_deref(),
        Some("did you mean `page`?")
    );
    let far = "title: A\nslug: a\ncategory: recipes\n\nB";
    assert_eq!(
        help(far, "unknown-category").as_deref(),
        Some("write `page`, `post` or `talk`")
    );
    assert_eq!(
        of("title: A\nslug: a\ncategory: talk\n\nB", "unknown-category"),
        []
    );
    // On two lines: a bad value.
    assert_eq!(
        of(
            "title: A\nslug: a\ncategory: page\n    post\n\nB",
            "unknown-category"
        ),
        [f(
            "unknown-category",
            Warning,
            3,
            11,
            "invalid value for `category`: expected a single line, found 'page\\npost'"
        )]
    );
}

#[test]
fn invalid_slug() {
    let text = "title: A\nslug: Task--Queues\ncategory: page\n\nB";
    assert_eq!(
        of(text, "invalid-slug"),
        [f("invalid-slug", Warning, 2, 7, "invalid slug 'Task--Queues': expected lowercase ASCII letters, digits and single hyphens")]
    );
    assert_eq!(
        help(text, "invalid-slug").as_deref(),
        Some("write `task-queues`")
    );
    for good in ["a", "python-3", "wsgi-servers"] {
        assert_eq!(
            of(
                &format!("title: A\nslug: {good}\ncategory: page\n\nB"),
                "invalid-slug"
            ),
            []
        );
    }
    for bad in ["-a", "a-", "a_b", "héllo", "a b"] {
        assert_eq!(
            of(
                &format!("title: A\nslug: {bad}\ncategory: page\n\nB"),
                "invalid-slug"
            )
            .len(),
            1,
            "{bad}"
        );
    }
}

#[test]
fn invalid_sort_order() {
    let text = "title: A\nslug: a\ncategory: page\nsortorder: 07a\n\nB";
    assert_eq!(
        of(text, "invalid-sort-order"),
        [f(
            "invalid-sort-order",
            Error,
            4,
            12,
            "invalid value for `sortorder`: expected 1 to 19 ASCII digits, found '07a'"
        )]
    );
    assert_eq!(
        help(text, "invalid-sort-order").as_deref(),
        Some("a sort order is digits only, such as `0719`")
    );
    let hyphen = "title: A\nslug: a\ncategory: page\nSort-Order:   12345678901234567890\n\nB";
    assert_eq!(
        of(hyphen, "invalid-sort-order"),
        [f("invalid-sort-order", Error, 4, 15, "invalid value for `Sort-Order`: expected 1 to 19 ASCII digits, found '12345678901234567890'")]
    );
    assert_eq!(of(&format!("{GOOD}\nB"), "invalid-sort-order"), []);
}

#[test]
fn invalid_bool() {
    let text = format!("{GOOD}toc: maybe\nnewsletter: true\n\nB");
    assert_eq!(
        of(&text, "invalid-bool"),
        [
            f(
                "invalid-bool",
                Error,
                5,
                6,
                "invalid value for `toc`: expected `True` or `False`, found 'maybe'"
            ),
            f(
                "invalid-bool",
                Error,
                6,
                13,
                "invalid value for `newsletter`: expected `True` or `False`, found 'true'"
            ),
        ]
    );
    let found = check(&text);
    let helps: Vec<_> = found.iter().map(|d| d.help.as_deref()).collect();
    assert_eq!(
        helps,
        [
            Some("write `True` or `False`"),
            Some("write `True`: the templates compare the text exactly")
        ]
    );
    assert_eq!(
        of(
            &format!("{GOOD}toc: False\nnewsletter: True\n\nB"),
            "invalid-bool"
        ),
        []
    );
}

#[test]
fn invalid_date() {
    let text = "title: A\nslug: a\ncategory: post\ndate: 2023-02-30\nmodified: yesterday\n\nB";
    assert_eq!(
        of(text, "invalid-date"),
        [
            f("invalid-date", Error, 4, 7, "invalid value for `date`: expected a date `YYYY-MM-DD`, optionally followed by ` HH:MM` or ` HH:MM:SS` (or `T` for the space), found '2023-02-30'"),
            f("invalid-date", Error, 5, 11, "invalid value for `modified`: expected a date `YYYY-MM-DD`, optionally followed by ` HH:MM` or ` HH:MM:SS` (or `T` for the space), found 'yesterday'"),
        ]
    );
    let before = "title: A\nslug: a\ncategory: post\ndate: 2023-04-14 10:00\nmodified: 2023-04-14 09:59\n\nB";
    assert_eq!(
        of(before, "invalid-date"),
        [f("invalid-date", Error, 5, 11, "`modified` is before `date`: found '2023-04-14 09:59', but the page is dated '2023-04-14 10:00'")]
    );
    assert_eq!(
        help(before, "invalid-date").as_deref(),
        Some("a page is modified on or after the date it is published; fix one of the dates")
    );
    let same_day = "title: A\nslug: a\ncategory: post\ndate: 2023-04-14 10:00\nmodified: 2023-04-14 10:00\n\nB";
    assert_eq!(check(same_day), []);
}

#[test]
fn invalid_value_for_other_typed_keys() {
    let text = format!("{GOOD}headerimage: /img/a.png\n    /img/b.png\n\nB");
    assert_eq!(
        of(&text, "invalid-value"),
        [f("invalid-value", Error, 5, 14, "invalid value for `headerimage`: expected a single line, found '/img/a.png\\n/img/b.png'")]
    );
    assert_eq!(
        help(&text, "invalid-value").as_deref(),
        Some("write the value on one line: Pelican reads only the first")
    );
    // Text fields may go on over several lines.
    assert_eq!(
        check(&format!("{GOOD}meta: A long\n    description.\n\nB")),
        []
    );
}

#[test]
fn duplicate_key() {
    let text = "title: First\nslug: a\ncategory: page\nTitle: Second\nsort-order: 0101\nsortorder: 0102\n\nB";
    assert_eq!(
        of(text, "duplicate-key"),
        [
            f("duplicate-key", Warning, 4, 1, "duplicate key `Title`: found 'Second' here; the first value, 'First' at line 1, is kept"),
            f("duplicate-key", Warning, 6, 1, "duplicate key `sortorder`: found '0102' here; the first value, '0101' at line 5, is kept"),
        ]
    );
    let page = Page::parse(text);
    assert_eq!(page.meta_lenient().0.title.as_deref(), Some("First"));
    // A key that is no typed field may repeat (Pelican makes it a list).
    let extra = format!("{GOOD}series: one\nseries: two\n\nB");
    let mut options = crate::common::house();
    options.known_keys.push("series".into());
    assert_eq!(validate(&Page::parse(&extra), &options), []);
}

#[test]
fn unknown_key() {
    let text = format!("{GOOD}Dlug: x\nnewsletters: True\ncolour: red\n\nB");
    let found: Vec<Found> = check(&text).iter().map(brief).collect();
    assert_eq!(
        found,
        [
            f("misspelled-key", Warning, 5, 1, "unknown key `Dlug`"),
            f("misspelled-key", Warning, 6, 1, "unknown key `newsletters`"),
            f("unknown-key", Warning, 7, 1, "unknown key `colour`"),
        ]
    );
    let helps: Vec<_> = check(&text).into_iter().map(|d| d.help).collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `slug`?".to_owned()),
            Some("did you mean `newsletter`?".to_owned()),
            Some("Pelican keeps it as page metadata, but only a theme or plugin that reads it uses it; add it to the known keys if yours does".to_owned()),
        ]
    );
    let mut options = crate::common::house();
    options.known_keys.push("colour".into());
    let page = Page::parse("title: A\nslug: a\ncategory: page\ncolour: red\nColor: blue\n\nB");
    let found: Vec<Found> = validate(&page, &options).iter().map(brief).collect();
    assert_eq!(
        found,
        [f("misspelled-key", Warning, 5, 1, "unknown key `Color`")]
    );
    assert_eq!(
        validate(&page, &options)[0].help.as_deref(),
        Some("did you mean `colour`?")
    );
}

#[test]
fn unknown_keys_by_default_are_notes_and_pelican_keys_are_known() {
    let text =
        "Title: A\nKeywords: a, b\nTranslation: true\nSummary: s\ncover: c.png\nDlug: a\n\nB";
    let found: Vec<Found> = validate(&Page::parse(text), &ValidateOptions::default())
        .iter()
        .map(brief)
        .collect();
    assert_eq!(
        found,
        [
            f("unknown-key", Note, 5, 1, "unknown key `cover`"),
            f("misspelled-key", Warning, 6, 1, "unknown key `Dlug`"),
        ]
    );
}

#[test]
fn empty_value() {
    let text = format!("{GOOD}headerimage:\nauthor:   \n\nB");
    assert_eq!(
        of(&text, "empty-value"),
        [
            f(
                "empty-value",
                Warning,
                5,
                1,
                "empty value for `headerimage`"
            ),
            f("empty-value", Warning, 6, 1, "empty value for `author`"),
        ]
    );
    assert_eq!(
        check(&text)[0].help.as_deref(),
        Some("give it a value or remove the line")
    );
    // An empty value that must be something is reported as a bad value.
    let date = "title: A\nslug: a\ncategory: post\ndate:\n\nB";
    assert_eq!(
        check(date).iter().map(|d| d.code).collect::<Vec<_>>(),
        ["invalid-date"]
    );
    // An empty slug or category is only an empty value.
    let slug = "title: A\nslug:\ncategory:\n\nB";
    assert_eq!(
        check(slug).iter().map(brief).collect::<Vec<_>>(),
        [
            f("empty-value", Warning, 2, 1, "empty value for `slug`"),
            f("empty-value", Warning, 3, 1, "empty value for `category`"),
        ]
    );
}

#[test]
fn incomplete_choice() {
    let text = format!("{GOOD}choice1url: /a.html\nchoice1icon: fa-a\nchoice1text: A\nchoice2text: B\nchoice2url: /b.html\nchoice4icon: fa-d\n\nB");
    assert_eq!(
        of(&text, "incomplete-choice"),
        [
            f(
                "incomplete-choice",
                Warning,
                8,
                1,
                "incomplete choice 2: found `choice2url` and `choice2text` but no `choice2icon`"
            ),
            f(
                "incomplete-choice",
                Warning,
                10,
                1,
                "incomplete choice 4: found `choice4icon` but no `choice4url` or `choice4text`"
            ),
        ]
    );
    assert_eq!(
        help(
            &text
                .replace("choice4icon", "choice5icon")
                .replace("choice5icon: fa-d\n", ""),
            "incomplete-choice"
        )
        .as_deref(),
        Some("a choice needs `choice2url`, `choice2icon` and `choice2text`")
    );
}

#[test]
fn header_not_terminated() {
    let text = "title: A\nslug: a\ncategory: page\nBody starts here.\n";
    assert_eq!(
        of(text, "header-not-terminated"),
        [f(
            "header-not-terminated",
            Warning,
            4,
            1,
            "header not ended by a blank line: 'Body starts here.' is read as the first body line"
        )]
    );
    assert_eq!(
        of(
            "title: A\nslug: a\ncategory: page\n\nBody\n",
            "header-not-terminated"
        ),
        []
    );
    assert_eq!(
        of(
            "---\ntitle: A\nslug: a\ncategory: page\n---\nBody\n",
            "header-not-terminated"
        ),
        []
    );
}

#[test]
fn long_description() {
    // 161 characters, of which 20 take two bytes: characters are counted.
    let long = format!("{}{}", "é".repeat(20), "x".repeat(141));
    let text = format!("{GOOD}meta: {long}\n\nB");
    assert_eq!(
        of(&text, "long-description"),
        [f(
            "long-description",
            Warning,
            5,
            7,
            "description (`meta`) is 161 characters long, over 160"
        )]
    );
    assert_eq!(
        help(&text, "long-description").as_deref(),
        Some("search results show about 160 characters; shorten it")
    );
    let ok = format!("{GOOD}meta: {}\n\nB", &long[2..]);
    assert_eq!(of(&ok, "long-description"), []);
}

#[test]
fn every_finding_is_reported_in_source_order() {
    let text = "Slug: Bad Slug\ntoc: yes\ntoc: no\ncategory: blog\nmeta:\nBody line\n";
    let found: Vec<(&str, usize)> = check(text)
        .iter()
        .map(|d| (d.code, d.location.line))
        .collect();
    assert_eq!(
        found,
        [
            ("missing-title", 1),
            ("invalid-slug", 1),
            ("invalid-bool", 2),
            ("duplicate-key", 3),
            ("unknown-category", 4),
            ("empty-value", 5),
            ("header-not-terminated", 6),
        ]
    );
}

#[test]
fn levels_change_severity_or_silence_a_rule() {
    let page = Page::parse("title: A\nslug: A\ncategory: page\ncolour: red\n\nB");
    let mut options = crate::common::house();
    options
        .deny_warnings()
        .set_level(Rule::UnknownKey, Level::Note);
    let found: Vec<_> = validate(&page, &options)
        .iter()
        .map(|d| (d.code, d.severity))
        .collect();
    assert_eq!(found, [("invalid-slug", Error), ("unknown-key", Note)]);
    options.allow(Rule::InvalidSlug);
    assert_eq!(validate(&page, &options).len(), 1);
    assert_eq!(validate(&page, &options)[0].rule(), Some(Rule::UnknownKey));
}

#[test]
fn diagnostics_serialize_flat() {
    let found = check("title: A\nslug: a\ncategory: page\ntoc: maybe\n\nB");
    let json = serde_json::to_string(&found[0]).unwrap();
    assert_eq!(
        json,
        r#"{"code":"invalid-bool","severity":"error","line":4,"column":6,"start":37,"end":42,"message":"invalid value for `toc`: expected `True` or `False`, found 'maybe'","help":"write `True` or `False`"}"#
    );
    assert_eq!(
        found[0].to_string(),
        "error[invalid-bool]: invalid value for `toc`: expected `True` or `False`, found 'maybe' at line 4, column 6"
    );
}

#[cfg(feature = "render")]
#[test]
fn rendered_header_findings() {
    let text = "\u{feff}slug: Task Queues\r\ncategory: pgae\r\nnewsletters: True\r\nchoice1url: /a.html\r\nmeta: Queues.\r\nMeta: Where work goes\r\n    when it can wait.\r\nBody starts here.\r\n";
    let found = check(text);
    let renderer = Renderer::plain();
    let shown: Vec<String> = found
        .iter()
        .map(|d| renderer.render(d, "pages/queues.md", text))
        .collect();
    insta::assert_snapshot!(shown.join("\n\n"));
}

#[cfg(feature = "render")]
#[test]
fn rendering_in_colour_uses_ansi_escapes() {
    let text = "title: A\nslug: a\ncategory: page\ntoc: maybe\n\nB";
    let found = check(text);
    let shown = Renderer::styled().render(&found[0], "a.md", text);
    assert!(shown.contains("\u{1b}["), "{shown}");
    assert!(!Renderer::plain()
        .render(&found[0], "a.md", text)
        .contains('\u{1b}'));
}

#[cfg(feature = "render")]
#[test]
fn odd_spans_render_without_panic() {
    let texts = [
        "",
        "\u{feff}",
        "\r\r\r",
        "title:\rslug: É\r\ncategory: x\n",
        "toc: maybe",
        "a: 1\nb",
    ];
    for text in texts {
        for d in check(text) {
            let shown = Renderer::plain().render(&d, "x.md", text);
            assert!(shown.contains(d.code), "{shown}");
        }
    }
}

#[test]
fn site_of_two_pages_with_one_slug() {
    let a = "title: A\nslug: same\ncategory: page\nsortorder: 0101\n\nB";
    let b = "title: B\nslug: same\ncategory: page\nsortorder: 101\n\nB";
    let post = "title: C\nslug: same\ncategory: post\ndate: 2026-01-01\n\nB";
    let site: Site = [("a.md", a), ("b.md", b), ("c.md", post)]
        .into_iter()
        .collect();
    // Nothing links to them: not the point here.
    let mut options = crate::common::house();
    options.allow(Rule::OrphanPage);
    let found: Vec<(String, Found)> = site
        .check(&options)
        .iter()
        .map(|d| (d.path.clone(), brief(&d.diagnostic)))
        .collect();
    assert_eq!(
        found,
        [
            (
                "a.md".into(),
                f(
                    "duplicate-slug",
                    Error,
                    2,
                    7,
                    "slug 'same' is also used by b.md (line 2): both are written to /same.html"
                )
            ),
            (
                "a.md".into(),
                f(
                    "duplicate-sort-order",
                    Warning,
                    4,
                    12,
                    "sort order '0101' is also used by b.md (line 4), in category `page`"
                )
            ),
        ]
    );
}

#[test]
fn site_results_do_not_depend_on_threads() {
    let texts: Vec<String> = (0..100)
        .map(|i| {
            format!(
                "title: P{i}\nslug: p{}\ncategory: page\nsortorder: {}\n\nB",
                i % 7,
                i % 11
            )
        })
        .collect();
    let site: Site = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("{i}.md"), t.as_str()))
        .collect();
    let mut one = crate::common::house();
    one.threads = 1;
    let mut four = crate::common::house();
    four.threads = 4;
    let serial = site.check(&one);
    assert!(serial.len() > 100);
    assert_eq!(serial, site.check(&four));
}

/// `n` pages that all share one slug and one sort order.
fn one_slug(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let text = format!("title: P{i}\nslug: same\ncategory: page\nsortorder: 7\n\nB\n");
            (format!("p{i:04}.md"), text)
        })
        .collect()
}

#[test]
fn a_group_of_pages_is_one_finding_that_names_a_few() {
    let mut options = crate::common::house();
    options.allow(Rule::OrphanPage);
    for n in [3, 100, 1000] {
        let pages = one_slug(n);
        let site: Site = pages
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let found = site.check(&options);
        let codes: Vec<(&str, &str)> = found
            .iter()
            .map(|d| (d.path.as_str(), d.diagnostic.code))
            .collect();
        // One finding per group, at its first page, whatever its size.
        assert_eq!(
            codes,
            [
                ("p0000.md", "duplicate-slug"),
                ("p0000.md", "duplicate-sort-order")
            ],
            "{n} pages"
        );
        let slug = &found[0];
        let named: Vec<String> = (1..n.min(4))
            .map(|i| format!("p{i:04}.md (line 2)"))
            .collect();
        let more = match n.saturating_sub(4) {
            0 => String::new(),
            m => format!(" and {m} more pages"),
        };
        assert_eq!(
            slug.diagnostic.message,
            format!(
                "slug 'same' is also used by {}{more}: all {n} are written to /same.html",
                named.join(", ")
            )
        );
        // The others as related locations: the first ones, counted all.
        assert_eq!(slug.related_count, n - 1);
        let shown = (n - 1).min(pagefmt::validate::RELATED_MAX);
        let related: Vec<(&str, usize, usize)> = slug
            .related
            .iter()
            .map(|r| (r.path.as_str(), r.page, r.location.line))
            .collect();
        let want: Vec<(String, usize, usize)> =
            (1..=shown).map(|i| (format!("p{i:04}.md"), i, 2)).collect();
        let want: Vec<(&str, usize, usize)> =
            want.iter().map(|(p, i, l)| (p.as_str(), *i, *l)).collect();
        assert_eq!(related, want);
        let order = &found[1];
        assert_eq!(order.related_count, n - 1);
        assert_eq!(order.related.len(), shown);
        assert_eq!(order.related[0].location.line, 4);
    }
}

#[test]
fn a_group_finding_grows_no_longer_with_the_group() {
    let mut options = crate::common::house();
    options.allow(Rule::OrphanPage);
    let size = |n: usize| -> usize {
        let pages = one_slug(n);
        let site: Site = pages
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        site.check(&options)
            .iter()
            .map(|d| d.diagnostic.message.len() + d.related.len())
            .sum()
    };
    // Ten times the pages: a digit more in each count ("and 996 more
    // pages: all 1000" twice, "and 996 more pages" once), nothing else.
    assert_eq!(size(1000), size(100) + 3);
}

#[test]
fn a_group_is_told_at_its_first_page_where_the_rule_runs() {
    use pagefmt::validate::CheckConfig;
    let config: CheckConfig = r#"
[check]
rules = { orphan-page = "allow" }

[[check.overrides]]
paths = ["drafts/**"]
rules = { duplicate-slug = "allow" }
"#
    .parse()
    .expect("a valid table");
    let site: Site = [
        ("drafts/a.md", "title: A\nslug: same\n\nB\n"),
        ("pages/b.md", "title: B\nslug: same\n\nB\n"),
        ("pages/c.md", "title: C\nslug: same\n\nB\n"),
    ]
    .into_iter()
    .collect();
    let found = config.check(&site);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "pages/b.md");
    assert_eq!(
        found[0].diagnostic.message,
        "slug 'same' is also used by drafts/a.md (line 2), pages/c.md (line 2): all 3 are written to /same.html"
    );
    // Suppressed where it is told: the group is not told again elsewhere.
    let site: Site = [
        (
            "a.md",
            "title: A\nslug: same\n\n<!-- pagefmt: allow duplicate-slug -->\n",
        ),
        ("b.md", "title: B\nslug: same\n\nB\n"),
    ]
    .into_iter()
    .collect();
    let mut options = ValidateOptions::default();
    options.allow(Rule::OrphanPage);
    assert_eq!(site.check(&options), []);
}

#[test]
fn a_site_checked_page_by_page_finds_what_the_whole_site_does() {
    let mut options = crate::common::house();
    options.known_paths(["/blog.html"]);
    let mut pages = fixture_site_texts();
    pages.extend(one_slug(30));
    let site: Site = pages
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let whole = site.check(&options);
    assert!(whole.len() > 8);
    let mut check = pagefmt::SiteCheck::new(&options);
    for (path, text) in &pages {
        check.add(path.as_str(), text);
    }
    assert_eq!(check.len(), pages.len());
    assert_eq!(check.finish(), whole);
    // In batches, on threads.
    let mut check = pagefmt::SiteCheck::new(&options);
    for batch in pages.chunks(20) {
        check.add_all(batch);
    }
    assert_eq!(check.finish(), whole);
}

// ---------------------------------------------------------------- body rules

/// A header for body tests: title `Task Queues`.
fn page(body: &str) -> String {
    format!("{GOOD}\n{body}")
}

#[test]
fn multiple_h1() {
    let text = page("# Task Queues\n\nIntro.\n\nMore\n====\n\n# Again\n");
    assert_eq!(
        of(&text, "multiple-h1"),
        [
            f(
                "multiple-h1",
                Warning,
                10,
                1,
                "another level-1 heading, 'More': the first is at line 6"
            ),
            f(
                "multiple-h1",
                Warning,
                13,
                1,
                "another level-1 heading, 'Again': the first is at line 6"
            ),
        ]
    );
    assert_eq!(
        check(&text)[0].help.as_deref(),
        Some("a page has one level-1 heading; make this one `##`")
    );
    assert_eq!(
        of(
            &page("# Task Queues\n\n## Part\n\n```\n# not a heading\n```\n"),
            "multiple-h1"
        ),
        []
    );
}

#[test]
fn heading_level_skip() {
    let text = page("## Why\n\n#### How\n\n### What\n\n#### Then\n\n## Back\n\n###### Deep\n");
    assert_eq!(
        of(&text, "heading-level-skip"),
        [
            f(
                "heading-level-skip",
                Warning,
                8,
                1,
                "heading level skips from 2 to 4: 'How'"
            ),
            f(
                "heading-level-skip",
                Warning,
                16,
                1,
                "heading level skips from 2 to 6: 'Deep'"
            ),
        ]
    );
    assert_eq!(
        check(&text)[0].help.as_deref(),
        Some("make it a level-3 heading (`###`)")
    );
    // The first heading may start at any level; going back up is fine.
    assert_eq!(
        of(
            &page("### Start\n\n#### Next\n\n# Top\n\n## Two\n"),
            "heading-level-skip"
        ),
        []
    );
}

#[test]
fn title_h1_mismatch() {
    let text = page("Intro.\n\n# Queues of Tasks\n");
    assert_eq!(
        of(&text, "title-h1-mismatch"),
        [f(
            "title-h1-mismatch",
            Warning,
            8,
            1,
            "the first level-1 heading, 'Queues of Tasks', differs from the title, 'Task Queues'"
        )]
    );
    // Case and spacing aside, the same; no level-1 heading, nothing to say.
    assert_eq!(of(&page("# Task   queues\n"), "title-h1-mismatch"), []);
    assert_eq!(of(&page("## Something else\n"), "title-h1-mismatch"), []);
    assert_eq!(
        of("slug: a\ncategory: page\n\n# Any\n", "title-h1-mismatch"),
        []
    );
}

#[test]
fn duplicate_heading_id() {
    let text = page("## Setup {#setup}\n\n## Setting up again {#setup}\n");
    assert_eq!(
        of(&text, "duplicate-heading-id"),
        [f(
            "duplicate-heading-id",
            Warning,
            8,
            1,
            "heading id `setup` is already the id of the heading at line 6"
        )]
    );
    // The same text twice gets two ids (`repeat`, `repeat_1`).
    assert_eq!(
        of(&page("## Repeat\n\n## Repeat\n"), "duplicate-heading-id"),
        []
    );
}

#[test]
fn empty_link() {
    let text = page(
        "See [](/a.html) and [this]().\n\n<a href=\"/b.html\"></a>\n\n<a href=\"/c.html\"><img src=\"/c.png\"></a>\n\n![Chart]()\n",
    );
    assert_eq!(
        of(&text, "empty-link"),
        [
            f(
                "empty-link",
                Warning,
                6,
                5,
                "link with no text: '[](/a.html)'"
            ),
            f(
                "empty-link",
                Warning,
                6,
                21,
                "link with no destination: '[this]()'"
            ),
            f(
                "empty-link",
                Warning,
                8,
                1,
                "link with no text: '<a href=\"/b.html\">'"
            ),
            f(
                "empty-link",
                Warning,
                10,
                1,
                "link with no text: '<a href=\"/c.html\">' holds only an image with no alt text"
            ),
            f(
                "empty-link",
                Warning,
                12,
                1,
                "image with no destination: '![Chart]()'"
            ),
        ]
    );
    let fine = page(
        "[text](/a.html), [![Logo](/l.png)](/l.html), ![](/i.png),\n<a href=\"/c.html\">\n  <img src=\"/c.png\" alt=\"Chart\"></a>\n",
    );
    assert_eq!(of(&fine, "empty-link"), []);
}

#[test]
fn unresolved_reference() {
    let text =
        page("Read [the guide][guide] or [guide][] or ![chart][img].\nA lone [guide] is text.\n");
    assert_eq!(
        of(&text, "unresolved-reference"),
        [
            f(
                "unresolved-reference",
                Warning,
                6,
                6,
                "link reference '[guide]' has no definition"
            ),
            f(
                "unresolved-reference",
                Warning,
                6,
                28,
                "link reference '[guide]' has no definition"
            ),
            f(
                "unresolved-reference",
                Warning,
                6,
                41,
                "image reference '[img]' has no definition"
            ),
        ]
    );
    assert_eq!(
        check(&text)[0].help.as_deref(),
        Some("add a line `[guide]: /page.html` after the paragraph, or fix the label")
    );
    assert_eq!(
        of(
            &page("Read [the guide][guide].\n\n[guide]: /guide.html\n"),
            "unresolved-reference"
        ),
        []
    );
}

#[test]
fn unused_definition() {
    let text =
        page("Read [the guide][guide].\n\n[guide]: /guide.html\n[spare]: /spare.html \"Spare\"\n");
    assert_eq!(
        of(&text, "unused-definition"),
        [f(
            "unused-definition",
            Warning,
            9,
            1,
            "link reference definition '[spare]' is never used"
        )]
    );
    assert_eq!(
        help(&text, "unused-definition").as_deref(),
        Some("remove it, or link to it with `[text][spare]`")
    );
    assert_eq!(
        of(
            &page("[Guide] and [guide][].\n\n[guide]: /guide.html\n"),
            "unused-definition"
        ),
        []
    );
}

#[test]
fn insecure_link() {
    let text = page("[Python](http://www.python.org/), <http://pypi.org>,\n<a href=\"HTTP://Docs.Python.Org/3/\">docs</a>.\n");
    assert_eq!(
        of(&text, "insecure-link"),
        [
            f("insecure-link", Note, 6, 10, "insecure link to 'http://www.python.org/': `http://` to the external host `www.python.org`"),
            f("insecure-link", Note, 6, 36, "insecure link to 'http://pypi.org': `http://` to the external host `pypi.org`"),
            f("insecure-link", Note, 7, 10, "insecure link to 'HTTP://Docs.Python.Org/3/': `http://` to the external host `docs.python.org`"),
        ]
    );
    assert_eq!(
        check(&text)[0].help.as_deref(),
        Some("use `https://` if the host serves it")
    );
    let local = page("[dev server](http://localhost:8000/), [loopback](http://127.0.0.1:5000), [sample](http://example.com/), [safe](https://www.python.org/)\n");
    assert_eq!(of(&local, "insecure-link"), []);
}

#[test]
fn dangerous_link() {
    let text = page("[run](javascript:alert(1)) <a href=\" JaVa&#x09;ScRiPt:void(0)\">x</a>\n[page](data:text/html;base64,PGgxPg==) [vb](vbscript:msgbox)\n");
    assert_eq!(
        of(&text, "dangerous-link"),
        [
            f("dangerous-link", Error, 6, 7, "dangerous link 'javascript:alert(1)': a `javascript:` URL runs script when followed"),
            f("dangerous-link", Error, 6, 37, "dangerous link ' JaVa\\tScRiPt:void(0)': a `javascript:` URL runs script when followed"),
            f("dangerous-link", Error, 7, 8, "dangerous link 'data:text/html;base64,PGgxPg==': a `data:` URL can carry a whole page or script"),
            f("dangerous-link", Error, 7, 45, "dangerous link 'vbscript:msgbox': a `vbscript:` URL runs script when followed"),
        ]
    );
    assert_eq!(
        check(&text)[0].help.as_deref(),
        Some("link to a page or an `https://` address instead")
    );
    assert_eq!(
        of(
            &page("![dot](data:image/png;base64,iVBORw0KGgo=) [mail](mailto:a@b.c)\n"),
            "dangerous-link"
        ),
        []
    );
}

#[test]
fn fragment_not_found() {
    let text = page("## Setting up\n\nSee [setup](#seting-up), [top](#top) and [x](#nowhere).\n");
    assert_eq!(
        of(&text, "fragment-not-found"),
        [
            f(
                "fragment-not-found",
                Warning,
                8,
                13,
                "link to '#seting-up': no heading of this page has the id `seting-up`"
            ),
            f(
                "fragment-not-found",
                Warning,
                8,
                32,
                "link to '#top': no heading of this page has the id `top`"
            ),
            f(
                "fragment-not-found",
                Warning,
                8,
                46,
                "link to '#nowhere': no heading of this page has the id `nowhere`"
            ),
        ]
    );
    let helps: Vec<_> = check(&text).into_iter().map(|d| d.help).collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `#setting-up`?".to_owned()),
            Some("link to the id of a heading of this page".to_owned()),
            Some("link to the id of a heading of this page".to_owned()),
        ]
    );
    let fine = page("<div id=\"top\"></div>\n\n## Setting up\n\n[a](#setting-up) [b](#top) [c](#) [d](#Setting%2Dup)\n\n## Café {#caf%C3%A9}\n");
    let found = of(&fine, "fragment-not-found");
    assert_eq!(
        found,
        [f(
            "fragment-not-found",
            Warning,
            10,
            39,
            "link to '#Setting%2Dup': no heading of this page has the id `Setting%2Dup`"
        )]
    );
}

// ---------------------------------------------------------------- site rules

/// The pages of tests/fixtures/validate/site, with paths relative to it.
fn fixture_site_texts() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate/site");
    crate::common::pages(&dir)
        .into_iter()
        .map(|(rel, path)| (rel, std::fs::read_to_string(path).unwrap()))
        .collect()
}

#[test]
fn site_rules_on_the_fixture_site() {
    let texts = fixture_site_texts();
    let site: Site = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let mut options = crate::common::house();
    options.known_paths(["/blog.html"]);
    let found: Vec<(String, Found, Option<String>)> = site
        .check(&options)
        .into_iter()
        .map(|d| (d.path, brief(&d.diagnostic), d.diagnostic.help))
        .collect();
    let want = [
        ("01-start.md", f("broken-internal-link", Error, 13, 56, "link to '/guidde.html': no page of the site is written to /guidde.html"), "did you mean `/guide.html`?"),
        ("01-start.md", f("broken-fragment", Warning, 14, 19, "link to '/guide.html#tear-down': 02-guide.md has no heading with the id `tear-down`"), "link to the id of one of the headings of /guide.html"),
        ("02-guide.md", f("duplicate-slug", Error, 2, 7, "slug 'guide' is also used by 03-guide-copy.md (line 2): both are written to /guide.html"), "give each page its own slug"),
        ("02-guide.md", f("duplicate-sort-order", Warning, 4, 12, "sort order '0102' is also used by 03-guide-copy.md (line 4), in category `page`"), "give each page of a category its own sort order, so that their order is not left to chance"),
        ("02-guide.md", f("fragment-not-found", Warning, 15, 57, "link to '#no-such-place': no heading of this page has the id `no-such-place`"), "link to the id of a heading of this page"),
        ("04-lonely.md", f("orphan-page", Note, 2, 7, "no other page links to /lonely.html"), "link to it from a page on a related topic"),
    ];
    let want: Vec<(String, Found, Option<String>)> = want
        .into_iter()
        .map(|(p, found, help)| (p.to_owned(), found, Some(help.to_owned())))
        .collect();
    assert_eq!(found, want);

    // Without the known path, the link to the blog index is broken too.
    let found = site.check(&crate::common::house());
    let broken: Vec<&str> = found
        .iter()
        .filter(|d| d.diagnostic.code == "broken-internal-link")
        .map(|d| d.diagnostic.message.as_str())
        .collect();
    assert_eq!(
        broken,
        [
            "link to '/guidde.html': no page of the site is written to /guidde.html",
            "link to '/blog.html': no page of the site is written to /blog.html"
        ]
    );
}

/// The findings of the site made of `pages`, as (path, code, line, column,
/// message).
fn site_found(
    pages: &[(&str, &str)],
    options: &ValidateOptions,
) -> Vec<(String, &'static str, usize, usize, String)> {
    let site: Site = pages.iter().copied().collect();
    site.check(options)
        .into_iter()
        .map(|d| {
            (
                d.path,
                d.diagnostic.code,
                d.diagnostic.location.line,
                d.diagnostic.location.column,
                d.diagnostic.message,
            )
        })
        .collect()
}

#[test]
fn articles_live_under_blog_and_are_not_orphans() {
    let page = "title: Home\nslug: home\ncategory: page\nchoice1url: /blog/a-talk.html\nchoice1icon: fa-a\nchoice1text: A talk\n\n[post](/blog/a-post.html), [wrong](/a-talk.html)\n";
    let post =
        "title: A post\nslug: a-post\ncategory: post\ndate: 2026-01-01\n\n[home](/home.html)\n";
    let talk = "title: A talk\nslug: a-talk\ncategory: talk\ndate: 2026-01-02\n\nNo links.\n";
    let lonely =
        "title: Lonely post\nslug: lonely\ncategory: post\ndate: 2026-01-03\n\nNo links.\n";
    let found = site_found(
        &[
            ("home.md", page),
            ("post.md", post),
            ("talk.md", talk),
            ("lonely.md", lonely),
        ],
        &crate::common::house(),
    );
    assert_eq!(
        found,
        [(
            "home.md".to_owned(),
            "broken-internal-link",
            8,
            36,
            "link to '/a-talk.html': no page of the site is written to /a-talk.html".to_owned()
        )]
    );
    let site: Site = [("home.md", page), ("talk.md", talk)].into_iter().collect();
    let help = site
        .check(&crate::common::house())
        .into_iter()
        .find(|d| d.diagnostic.message.contains("'/a-talk.html'"))
        .and_then(|d| d.diagnostic.help);
    assert_eq!(help.as_deref(), Some("did you mean `/blog/a-talk.html`?"));
}

#[test]
fn header_choice_links_are_checked() {
    let a = "title: A\nslug: a\ncategory: page\nchoice1url: /b.html#part-two\nchoice1icon: fa-b\nchoice1text: B\nchoice2url: /c.html\nchoice2icon: fa-c\nchoice2text: C\n\nBody.\n";
    let b = "title: B\nslug: b\ncategory: page\n\n## Part one\n\n[a](/a.html)\n";
    let found = site_found(&[("a.md", a), ("b.md", b)], &crate::common::house());
    assert_eq!(
        found,
        [
            (
                "a.md".to_owned(),
                "broken-fragment",
                4,
                13,
                "link to '/b.html#part-two': b.md has no heading with the id `part-two`".to_owned()
            ),
            (
                "a.md".to_owned(),
                "broken-internal-link",
                7,
                13,
                "link to '/c.html': no page of the site is written to /c.html".to_owned()
            ),
        ]
    );
}

#[test]
fn fragments_on_other_pages() {
    let a = "title: A\nslug: a\ncategory: page\n\n[1](/b.html#part-one) [2](/b.html#top) [3](/b.html#Caf%C3%A9) [4](/b.html#) [5](/b.html#part-on)\n";
    let b = "title: B\nslug: b\ncategory: page\n\n<a name=\"top\"></a>\n\n## Part one\n\n## Café {#Café}\n\n[a](/a.html)\n";
    let found = site_found(&[("a.md", a), ("b.md", b)], &crate::common::house());
    assert_eq!(
        found,
        [(
            "a.md".to_owned(),
            "broken-fragment",
            5,
            81,
            "link to '/b.html#part-on': b.md has no heading with the id `part-on`".to_owned()
        )]
    );
    let site: Site = [("a.md", a), ("b.md", b)].into_iter().collect();
    let help = site.check(&crate::common::house())[0]
        .diagnostic
        .help
        .clone();
    assert_eq!(help.as_deref(), Some("did you mean `/b.html#part-one`?"));
}

#[test]
fn known_paths_and_site_hosts() {
    let a = "title: A\nslug: a\ncategory: page\n\n[toc](/table-of-contents.html) [tag](/tag/python.html) [b](https://WWW.example.org/b.html) [c](http://www.example.org/c.html#x) [elsewhere](https://other.example/d.html)\n";
    let b = "title: B\nslug: b\ncategory: page\n\n[a](/a.html)\n";
    let mut options = crate::common::house();
    options.known_paths(["/table-of-contents.html", "/tag/*"]);
    options.site_hosts.push("www.example.org".into());
    let found = site_found(&[("a.md", a), ("b.md", b)], &options);
    assert_eq!(
        found,
        [(
            "a.md".to_owned(),
            "broken-internal-link",
            5,
            96,
            "link to 'http://www.example.org/c.html#x': no page of the site is written to /c.html"
                .to_owned()
        )]
    );
}

#[test]
fn save_as_gives_the_path() {
    let a = "title: A\nslug: a\ncategory: page\nsave_as: special/index.html\n\n[b](/b.html)\n";
    let b = "title: B\nslug: b\ncategory: page\n\n[a](/a.html)\n";
    let found = site_found(&[("a.md", a), ("b.md", b)], &crate::common::house());
    assert_eq!(
        found,
        [
            (
                "a.md".to_owned(),
                "orphan-page",
                4,
                10,
                "no other page links to /special/index.html".to_owned()
            ),
            (
                "b.md".to_owned(),
                "broken-internal-link",
                5,
                5,
                "link to '/a.html': no page of the site is written to /a.html".to_owned()
            ),
        ]
    );
}

// ---------------------------------------------------------------- corpus

/// Paths the Full Stack Python site makes from templates, not pages: the
/// table of contents and the blog index (linked from many pages of both
/// generations). `/email.html`, the 2016 sign-up page, is linked from a
/// change-log entry written while it existed; the 2023 site keeps that old
/// entry, with no sign the page still exists, so it is reported there.
const GENERATED_2016: [&str; 3] = ["/table-of-contents.html", "/blog.html", "/email.html"];
const GENERATED_2023: [&str; 2] = ["/table-of-contents.html", "/blog.html"];

/// Checks one site generation of the corpus; returns the findings as
/// (path, code, message, help).
fn check_corpus_site(
    dir: &std::path::Path,
    known: &[&str],
) -> Vec<(String, &'static str, String, Option<String>)> {
    check_corpus_with(dir, known, crate::common::house())
}

/// Checks one site generation of the corpus with `options` (plus the
/// site's generated paths and host).
fn check_corpus_with(
    dir: &std::path::Path,
    known: &[&str],
    mut options: ValidateOptions,
) -> Vec<(String, &'static str, String, Option<String>)> {
    let texts: Vec<(String, String)> = crate::common::pages(dir)
        .into_iter()
        .map(|(rel, path)| (rel, std::fs::read_to_string(path).unwrap()))
        .collect();
    assert!(!texts.is_empty(), "no pages under {}", dir.display());
    let site: Site = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    options.known_paths(known.iter().copied());
    options.site_hosts.push("www.fullstackpython.com".into());
    let found = site.check(&options);
    for d in &found {
        let (path, page) = site.page(d.page).unwrap();
        assert_eq!(path, d.path);
        let shown = shown(&d.diagnostic, path, page.text());
        assert!(
            shown.contains(&format!("[{}]", d.diagnostic.code)),
            "{shown}"
        );
    }
    found
        .into_iter()
        .map(|d| {
            (
                d.path,
                d.diagnostic.code,
                d.diagnostic.message,
                d.diagnostic.help,
            )
        })
        .collect()
}

fn counts(found: &[(String, &'static str, String, Option<String>)]) -> Vec<(&'static str, usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for f in found {
        *counts.entry(f.1).or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

#[test]
fn corpus_2016_site() {
    let Some(corpus) = crate::common::corpus() else {
        return;
    };
    let found = check_corpus_site(&corpus.join("fullstackpython-2016"), &GENERATED_2016);
    let counts = counts(&found);
    println!("fullstackpython-2016: {counts:?}");
    assert_eq!(
        counts,
        [
            // One group of two pages.
            ("duplicate-sort-order", 1),
            ("heading-level-skip", 2),
            ("insecure-link", 844),
            ("orphan-page", 4),
            // An `onclick` that tracks an outbound link.
            ("script-in-page", 1),
            ("title-h1-mismatch", 2),
        ]
    );
    assert!(found.contains(&(
        "01-introduction/04-python-2-or-3.markdown".to_owned(),
        "heading-level-skip",
        "heading level skips from 1 to 3: 'Python 2 to 3 resources'".to_owned(),
        Some("make it a level-2 heading (`##`)".to_owned()),
    )));
}

#[test]
fn corpus_2023_site() {
    let Some(corpus) = crate::common::corpus() else {
        return;
    };
    let found = check_corpus_site(&corpus.join("fullstackpython-2023"), &GENERATED_2023);
    let counts = counts(&found);
    println!("fullstackpython-2023: {counts:?}");
    assert_eq!(
        counts,
        [
            ("broken-internal-link", 49),
            // Seven groups of two pages.
            ("duplicate-sort-order", 7),
            ("empty-link", 1),
            ("heading-level-skip", 1),
            ("insecure-link", 1239),
            ("invalid-slug", 1),
            ("misspelled-key", 1),
            ("orphan-page", 260),
            // The `<script>` of an embedded map.
            ("script-in-page", 1),
            ("title-h1-mismatch", 1),
        ]
    );
    // Misspelled slugs are caught, with the page that was meant.
    let misspelled: Vec<(&str, Option<&str>)> = found
        .iter()
        .filter(|f| {
            f.1 == "broken-internal-link"
                && f.3
                    .as_deref()
                    .is_some_and(|h| h.starts_with("did you mean"))
        })
        .map(|f| (f.2.as_str(), f.3.as_deref()))
        .collect();
    for (message, help) in [
        ("link to '/sqlachemy.html': no page of the site is written to /sqlachemy.html", "did you mean `/sqlalchemy.html`?"),
        ("link to '/web-framework.html': no page of the site is written to /web-framework.html", "did you mean `/web-frameworks.html`?"),
        ("link to '/deployments.html': no page of the site is written to /deployments.html", "did you mean `/deployment.html`?"),
        ("link to 'https://www.fullstackpython.com/deployments.html': no page of the site is written to /deployments.html", "did you mean `/deployment.html`?"),
        ("link to '/full-stack-python-pycon-us-2018.html': no page of the site is written to /full-stack-python-pycon-us-2018.html", "did you mean `/blog/full-stack-python-pycon-us-2018.html`?"),
    ] {
        assert!(misspelled.contains(&(message, Some(help))), "{message}");
    }
    assert!(found.contains(&(
        "posts/200630-report-errors-flask-web-apps-sentry.markdown".to_owned(),
        "misspelled-key",
        "unknown key `newsletters`".to_owned(),
        Some("did you mean `newsletter`?".to_owned()),
    )));
}

/// With no configuration, only what Pelican itself would object to (and
/// the links the hard-wired layout cannot find) is reported.
#[test]
fn corpus_default_runs() {
    let Some(corpus) = crate::common::corpus() else {
        return;
    };
    for (dir, known) in [
        ("fullstackpython-2016", &GENERATED_2016[..]),
        ("fullstackpython-2023", &GENERATED_2023[..]),
    ] {
        let found = check_corpus_with(&corpus.join(dir), known, ValidateOptions::default());
        let counts = counts(&found);
        println!("{dir} default: {counts:?}");
        let want: &[(&str, usize)] = if dir.ends_with("2016") {
            // script-in-page: an error by default (a page that runs
            // script), though Pelican builds it.
            &[("script-in-page", 1), ("unknown-key", 4)]
        } else {
            &[
                ("broken-internal-link", 49),
                ("empty-link", 1),
                ("script-in-page", 1),
                ("unknown-key", 9),
            ]
        };
        assert_eq!(counts, want, "{dir}");
    }
}

#[test]
fn corpus_peer_cases_check_without_panic() {
    let Some(corpus) = crate::common::corpus() else {
        return;
    };
    let dir = corpus.join("peer-cases");
    let texts: Vec<(String, Vec<u8>)> = crate::common::pages(&dir)
        .into_iter()
        .map(|(rel, path)| (rel, std::fs::read(path).unwrap()))
        .collect();
    assert!(!texts.is_empty());
    let mut site = Site::new();
    for (rel, bytes) in &texts {
        if let Ok(page) = Page::from_bytes(bytes) {
            site.add_page(rel.as_str(), page);
        }
    }
    let found = site.check(&crate::common::house());
    for d in &found {
        let (_, page) = site.page(d.page).unwrap();
        let shown = shown(&d.diagnostic, &d.path, page.text());
        assert!(shown.contains(d.diagnostic.code));
    }
    println!("peer-cases: {} pages, {} findings", site.len(), found.len());
}

#[test]
fn public_types_are_send_and_sync() {
    fn both<T: Send + Sync>() {}
    both::<Diagnostic>();
    both::<pagefmt::SiteDiagnostic>();
    both::<ValidateOptions>();
    both::<Site<'static>>();
    #[cfg(feature = "render")]
    both::<Renderer>();
}

// ------------------------------------------- defaults, config, suppressions

/// Every finding on `text` with the default options.
fn check_default(text: &str) -> Vec<Found> {
    validate(&Page::parse(text), &ValidateOptions::default())
        .iter()
        .map(brief)
        .collect()
}

#[test]
fn default_rules_accept_what_pelican_accepts() {
    // No slug, no category, odd category, capitals and `_` `.` `/` in a
    // slug, two h1s, a skipped level, http links: all fine for Pelican.
    let page = "Title: Notes\nCategory: Misc Things\n\n# One\n\n#### Two\n\n# Three\n\n[a](http://example.org/x)\n";
    assert_eq!(check_default(page), []);
    for slug in ["My_Page", "v1.2", "2020/notes", "Ünïcode"] {
        assert_eq!(
            check_default(&format!("title: A\nslug: {slug}\n\nB\n")),
            [],
            "{slug}"
        );
    }
}

#[test]
fn default_invalid_slug_is_what_pelican_cannot_use() {
    let cases = [
        ("a b", "invalid slug 'a b': white space in a URL must be escaped, and the file name keeps it"),
        ("what?", "invalid slug 'what?': the URL's path would end there"),
        ("a#b", "invalid slug 'a#b': the URL's path would end there"),
        ("50%", "invalid slug '50%': the character cannot stand bare in a URL"),
        ("/top", "invalid slug '/top': a leading `/` makes Pelican write outside the output folder"),
        ("a/../../b", "invalid slug 'a/../../b': a `..` segment makes Pelican write outside the output folder"),
    ];
    for (slug, message) in cases {
        let found = check_default(&format!("title: A\nslug: {slug}\n\nB\n"));
        assert_eq!(found, [f("invalid-slug", Warning, 2, 7, message)], "{slug}");
    }
}

#[test]
fn a_blank_first_line_is_named_as_the_reason_for_a_missing_title() {
    let text = "\nTitle: Queues\nslug: queues\n\nBody.\n";
    let found = validate(&Page::parse(text), &ValidateOptions::default());
    let title: Vec<&Diagnostic> = found.iter().filter(|d| d.code == "missing-title").collect();
    assert_eq!(title.len(), 1, "{found:#?}");
    assert_eq!((title[0].location.line, title[0].location.column), (1, 1));
    assert_eq!(
        title[0].help.as_deref(),
        Some("the page starts with a blank line, which ends the header before it starts: the `Title:` line (line 2) is read as body text; remove the blank first line")
    );
    // With no key below, the plain advice.
    let found = validate(
        &Page::parse("\n\nJust text.\n"),
        &ValidateOptions::default(),
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some("add a `title: ...` line to the header")
    );
}

#[test]
fn configured_categories() {
    let mut options = ValidateOptions::default();
    options.categories = vec!["guides".into(), "news".into()];
    assert_eq!(
        validate(&Page::parse("title: A\ncategory: gides\n\nB"), &options),
        [],
        "off unless its level is set"
    );
    options.set_level(Rule::UnknownCategory, Level::Deny);
    let found: Vec<Found> = validate(&Page::parse("title: A\ncategory: gides\n\nB"), &options)
        .iter()
        .map(brief)
        .collect();
    assert_eq!(
        found,
        [f(
            "unknown-category",
            Error,
            2,
            11,
            "unknown category 'gides': expected `guides` or `news`"
        )]
    );
}

#[test]
fn suppressions_for_the_page_and_the_next_line() {
    let page = "title: A\ncolour: red\nDlug: a\n\n<!-- pagefmt: allow unknown-key -->\n\n<!-- pagefmt: allow-next-line empty-link -->\n[](/x.html) and [](/y.html)\n\n[](/z.html)\n";
    let found: Vec<Found> = validate(&Page::parse(page), &ValidateOptions::default())
        .iter()
        .map(brief)
        .collect();
    assert_eq!(
        found,
        [
            f("misspelled-key", Warning, 3, 1, "unknown key `Dlug`"),
            f(
                "empty-link",
                Warning,
                10,
                1,
                "link with no text: '[](/z.html)'"
            ),
        ]
    );
}

#[test]
fn unfulfilled_suppressions_are_reported() {
    let page = "title: A\n\n<!-- pagefmt: allow empty-link, no-such-rule, multiple-h1 -->\n<!-- pagefmt: allow-next-line unknown-key -->\n\n<!-- pagefmt: forbid x -->\nText.\n";
    let found: Vec<Found> = validate(&Page::parse(page), &ValidateOptions::default())
        .iter()
        .map(brief)
        .collect();
    // `multiple-h1` does not run by default: nothing to say about it.
    assert_eq!(
        found,
        [
            f(
                "unfulfilled-suppression",
                Warning,
                3,
                21,
                "suppression of `empty-link` suppresses nothing: the page has no such finding"
            ),
            f(
                "unfulfilled-suppression",
                Warning,
                3,
                33,
                "suppression of `no-such-rule`: no rule has this code"
            ),
            f(
                "unfulfilled-suppression",
                Warning,
                4,
                31,
                "suppression of `unknown-key` suppresses nothing: line 5 has no such finding"
            ),
            f(
                "unfulfilled-suppression",
                Warning,
                6,
                15,
                "unknown suppression `forbid`"
            ),
        ]
    );
}

#[test]
fn config_overrides_change_levels_by_path() {
    let config: pagefmt::validate::CheckConfig = "[check]\nrules = { multiple-h1 = \"deny\" }\n[[check.overrides]]\npaths = [\"drafts/*.md\"]\nrules = { multiple-h1 = \"allow\", heading-level-skip = \"warn\" }\n"
        .parse()
        .unwrap();
    let text = "title: A\n\n# A\n\n### B\n\n# C\n";
    let site: Site = [("pages/a.md", text), ("drafts/b.md", text)]
        .into_iter()
        .collect();
    let checked = config.check(&site);
    let found: Vec<(&str, &str, Severity)> = checked
        .iter()
        .map(|d| (d.path.as_str(), d.diagnostic.code, d.diagnostic.severity))
        .collect();
    assert_eq!(
        found,
        [
            ("pages/a.md", "multiple-h1", Error),
            ("drafts/b.md", "heading-level-skip", Warning),
        ]
    );
}

#[test]
fn the_shipped_house_config_keeps_full_stack_pythons_rules() {
    let house = crate::common::house();
    for rule in [
        Rule::MultipleH1,
        Rule::TitleH1Mismatch,
        Rule::UnknownCategory,
        Rule::MissingSlug,
    ] {
        assert_eq!(house.level(rule), Level::Warn, "{rule:?}");
        assert_eq!(
            ValidateOptions::default().level(rule),
            Level::Allow,
            "{rule:?}"
        );
    }
    assert!(house.strict_slugs);
    assert_eq!(house.categories, ["page", "post", "talk"]);
}

#[test]
fn an_unknown_key_is_reported_once_per_site() {
    let site: Site = [
        ("a.md", "title: A\ncover: a.png\n\nA.\n"),
        ("b.md", "title: B\nCover: b.png\n<!-- x -->\n\nB.\n"),
        ("c.md", "title: C\nmood: calm\ncover: c.png\n\nC.\n"),
    ]
    .into_iter()
    .collect();
    let checked = site.check(&ValidateOptions::default());
    let found: Vec<(&str, String)> = checked
        .iter()
        .filter(|d| d.diagnostic.code == "unknown-key")
        .map(|d| (d.path.as_str(), d.diagnostic.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "a.md",
                "unknown key `cover` (on 3 pages; shown once)".to_owned()
            ),
            ("c.md", "unknown key `mood`".to_owned()),
        ]
    );
}

#[test]
fn fixes_leave_a_page_clean_of_what_they_fixed() {
    let mut options = ValidateOptions::default();
    options.set_level(Rule::TrailingWhitespace, Level::Warn);
    options.set_level(Rule::InsecureLink, Level::Warn);
    options.https_hosts.push("docs.python.org".into());
    let text = "title: A \r\nSlgu: a\n\nSee [b](#Usage) and [c](http://docs.python.org/3/).\r\n\n## Usage\n";
    let mut page = Page::parse(text);
    let found = validate(&page, &options);
    let fixed = pagefmt::validate::fix(&mut page, &found, &options);
    assert_eq!(
        fixed,
        [
            "trailing-whitespace",
            "misspelled-key",
            "fragment-not-found",
            "insecure-link",
            "mixed-line-endings"
        ]
    );
    assert_eq!(
        page.text(),
        "title: A\r\nslug: a\r\n\r\nSee [b](#usage) and [c](https://docs.python.org/3/).\r\n\r\n## Usage\r\n"
    );
    let again = validate(&page, &options);
    assert!(again.iter().all(|d| !fixed.contains(&d.code)), "{again:#?}");
    // Nothing left to fix: a second round changes nothing.
    let before = page.text().to_owned();
    assert_eq!(
        pagefmt::validate::fix(&mut page, &again, &options),
        Vec::<&str>::new()
    );
    assert_eq!(page.text(), before);
}
