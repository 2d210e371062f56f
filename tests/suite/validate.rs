//! Validation: each rule on pages of our own that trigger it (at the right
//! line and column, with the whole message) and pages that do not; the
//! site rules over tests/fixtures/validate/site; rendering; the corpus.

use pagefmt::validate::render::Renderer;
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
    validate(&Page::parse(text), &ValidateOptions::default())
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
    let mut options = ValidateOptions::default();
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
    let mut options = ValidateOptions::default();
    options.known_keys.push("series".into());
    assert_eq!(validate(&Page::parse(&extra), &options), []);
}

#[test]
fn unknown_key() {
    let text = format!("{GOOD}Dlug: x\nnewsletters: True\ncolour: red\n\nB");
    assert_eq!(
        of(&text, "unknown-key"),
        [
            f("unknown-key", Warning, 5, 1, "unknown key `Dlug`"),
            f("unknown-key", Warning, 6, 1, "unknown key `newsletters`"),
            f("unknown-key", Warning, 7, 1, "unknown key `colour`"),
        ]
    );
    let helps: Vec<_> = check(&text).into_iter().map(|d| d.help).collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `slug`?".to_owned()),
            Some("did you mean `newsletter`?".to_owned()),
            Some("the page's templates will not read it; remove it, or add it to the known keys if they do".to_owned()),
        ]
    );
    let mut options = ValidateOptions::default();
    options.known_keys.push("colour".into());
    let page = Page::parse("title: A\nslug: a\ncategory: page\ncolour: red\nColor: blue\n\nB");
    let found: Vec<Found> = validate(&page, &options).iter().map(brief).collect();
    assert_eq!(
        found,
        [f("unknown-key", Warning, 5, 1, "unknown key `Color`")]
    );
    assert_eq!(
        validate(&page, &options)[0].help.as_deref(),
        Some("did you mean `colour`?")
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
    let mut options = ValidateOptions::default();
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
    let found: Vec<(String, Found)> = site
        .check(&ValidateOptions::default())
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
            (
                "b.md".into(),
                f(
                    "duplicate-slug",
                    Error,
                    2,
                    7,
                    "slug 'same' is also used by a.md (line 2): both are written to /same.html"
                )
            ),
            (
                "b.md".into(),
                f(
                    "duplicate-sort-order",
                    Warning,
                    4,
                    12,
                    "sort order '101' is also used by a.md (line 4), in category `page`"
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
    let mut one = ValidateOptions::default();
    one.threads = 1;
    let mut four = ValidateOptions::default();
    four.threads = 4;
    let serial = site.check(&one);
    assert!(serial.len() > 100);
    assert_eq!(serial, site.check(&four));
}
