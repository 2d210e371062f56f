//! Pages that hide something: control characters, mixed line endings,
//! links a browser reads as script, and script itself. Each rule on pages
//! that trigger it (with the whole message) and pages that must not.

use pagefmt::{validate, Diagnostic, Page, Severity, ValidateOptions};

use Severity::{Error, Note};

/// code, severity, line, column, message.
type Found = (&'static str, Severity, usize, usize, String);

fn of(text: &str, code: &str) -> Vec<Found> {
    validate(&Page::parse(text), &ValidateOptions::default())
        .iter()
        .filter(|d| d.code == code)
        .map(|d: &Diagnostic| {
            (
                d.code,
                d.severity,
                d.location.line,
                d.location.column,
                d.message.clone(),
            )
        })
        .collect()
}

fn f(code: &'static str, severity: Severity, line: usize, column: usize, message: &str) -> Found {
    (code, severity, line, column, message.to_owned())
}

const HEAD: &str = "title: T\nslug: t\ncategory: page\n";

#[test]
fn control_characters_in_header_values_are_named() {
    let text = "title: Nul\0here\nslug: t\ncategory: page\nmeta: a\tb\n    line\u{2028}two\n\nBody \u{1} is not checked.\n";
    assert_eq!(
        of(text, "control-character"),
        [
            f(
                "control-character",
                Error,
                1,
                11,
                "control character U+0000 NUL in the value of `title`: 'Nul\\u{0}here'"
            ),
            f(
                "control-character",
                Error,
                5,
                9,
                "control character U+2028 LINE SEPARATOR in the value of `meta`: 'line\u{2028}two'"
            ),
        ]
    );
    assert_eq!(
        of(
            &format!("{HEAD}meta: tab\there, é and ☃\n\nBody.\n"),
            "control-character"
        ),
        []
    );
}

#[test]
fn control_characters_in_link_destinations_are_named() {
    let text = format!(
        "{HEAD}\n[a](<a\u{1}b>) [b](x&#2;y) ![c](<\u{1b}img.png>)\n\n[r]: <x\u{2029}y>\n\n[r] [ok](/fine\tstill.html)\n"
    );
    assert_eq!(
        of(&text, "control-character"),
        [
            f(
                "control-character",
                Error,
                5,
                6,
                "control character U+0001 SOH in the link destination 'a\\u{1}b'"
            ),
            f(
                "control-character",
                Error,
                5,
                16,
                "control character U+0002 STX in the link destination 'x\\u{2}y'"
            ),
            f(
                "control-character",
                Error,
                5,
                30,
                "control character U+001B ESC in the link destination '\\u{1b}img.png'"
            ),
            f(
                "control-character",
                Error,
                7,
                7,
                "control character U+2029 PARAGRAPH SEPARATOR in the link destination 'x\u{2029}y'"
            ),
        ]
    );
}

#[test]
fn mixed_line_endings_are_a_note_and_unify_fixes_them() {
    let text = "title: T\r\nslug: t\ncategory: page\r\n\r\nBody\rmore\n";
    assert_eq!(
        of(text, "mixed-line-endings"),
        [f(
            "mixed-line-endings",
            Note,
            2,
            8,
            "mixed line endings: this line ends with `\\n` (LF), the first with `\\r\\n` (CRLF) (3 line endings differ)"
        )]
    );
    let mut page = Page::parse(text);
    assert_eq!(page.unify_newlines(), 3);
    assert_eq!(
        page.text(),
        "title: T\r\nslug: t\r\ncategory: page\r\n\r\nBody\r\nmore\r\n"
    );
    assert_eq!(page.mixed_newlines(), None);
    assert_eq!(page.unify_newlines(), 0);
    assert_eq!(page.meta(), Page::parse(text).meta());
    for alike in [
        "title: T\nslug: t\n\nx\n",
        "title: T\r\n\r\nx",
        "a: 1\rb: 2\r\rx\r",
        "no ending",
    ] {
        assert_eq!(of(alike, "mixed-line-endings"), [], "{alike:?}");
    }
}

#[test]
fn canonical_pages_keep_the_line_ending_and_bom() {
    for (text, canonical) in [
        (
            "\u{feff}Title: A\r\nSlug: a\r\n\r\nBody\r\n",
            "\u{feff}title: A\r\nslug: a\r\n\r\nBody\r\n",
        ),
        (
            "Title: A\nSlug: a\r\n\r\nBody\r\n",
            "title: A\nslug: a\n\nBody\r\n",
        ),
        ("Title: A\rSlug: a\r\rBody\r", "title: A\rslug: a\r\rBody\r"),
        ("\u{feff}Title: A", "\u{feff}title: A\n\n"),
    ] {
        let page = Page::parse(text);
        let written = page.to_canonical().unwrap();
        assert_eq!(written, canonical, "{text:?}");
        let back = Page::parse(&written);
        assert_eq!(back.meta(), page.meta());
        assert_eq!(back.body(), page.body());
        assert_eq!(
            back.to_canonical().unwrap(),
            written,
            "canonical is a fixed point"
        );
    }
}
