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

/// The `dangerous-link` and `script-in-page` findings on a body: (line in
/// the body, column, message) each, in source order. A link's finding
/// stands at its destination; a raw HTML attribute's, at its tag.
fn active(body: &str) -> Vec<(&'static str, usize, usize, String)> {
    let text = format!("{HEAD}\n{body}");
    validate(&Page::parse(&text), &ValidateOptions::default())
        .into_iter()
        .filter(|d| matches!(d.code, "dangerous-link" | "script-in-page"))
        .inspect(|d| assert_eq!(d.severity, Error, "{d:?}"))
        .map(|d| (d.code, d.location.line - 4, d.location.column, d.message))
        .collect()
}

fn dl(line: usize, column: usize, message: &str) -> (&'static str, usize, usize, String) {
    ("dangerous-link", line, column, message.to_owned())
}

fn sp(line: usize, column: usize, message: &str) -> (&'static str, usize, usize, String) {
    ("script-in-page", line, column, message.to_owned())
}

#[test]
fn a_comment_ends_where_a_browser_ends_it() {
    assert_eq!(
        active("<!-- a --!> <a href=\"javascript:alert(1)\">x</a>\n"),
        [dl(
            1,
            22,
            "dangerous link 'javascript:alert(1)': a `javascript:` URL runs script when followed"
        )]
    );
    assert_eq!(
        active("<!-- a\n--> <div onclick=\"go()\">x</div>\n\n<!-- <script>x</script> <a href=\"javascript:x\"> -->\n"),
        [sp(2, 5, "event-handler attribute `onclick` on `<div>` runs script: 'go()'")]
    );
    // `--!` not followed by `>` does not end it.
    assert_eq!(
        active("<!-- a --! <a href=\"javascript:alert(1)\">x</a>\n"),
        []
    );
}

#[test]
fn urls_are_read_as_a_browser_reads_them() {
    let js = |dest: &str| {
        format!("dangerous link '{dest}': a `javascript:` URL runs script when followed")
    };
    assert_eq!(
        active(concat!(
            "<a href=\"&#1;javascript:a\">1</a> <a href=\"java&#x09;script:b\">2</a>\n",
            "<a href=\" jav&Tab;a&NewLine;script:c\">3</a> [4](java&#9;script:d)\n",
            "[5](<java&#10;script:e>) [6](javascript:%61lert(1))\n",
        )),
        [
            dl(1, 10, &js("\\u{1}javascript:a")),
            dl(1, 43, &js("java\\tscript:b")),
            dl(2, 10, &js(" jav\\ta\\nscript:c")),
            dl(2, 49, &js("java\\tscript:d")),
            dl(3, 6, &js("java\\nscript:e")),
            dl(3, 30, &js("javascript:%61lert(1)")),
        ]
    );
    // Percent-encoding is not decoded before the scheme, and images stay
    // images.
    assert_eq!(
        active(concat!(
            "[a](%6Aavascript:x) <a href=\"%6Aavascript:x\">b</a> ![c](data:image/png;base64,AAAA)\n",
            "<img src=\"data:image/png;base64,AAAA\"> <iframe src=\"data:image/svg+xml,x\"></iframe>\n",
            "[d](/javascript-tutorial.html) <a href=\"javascript-tutorial.html\">e</a>\n",
        )),
        []
    );
}

#[test]
fn every_url_attribute_is_checked() {
    let body = concat!(
        "<iframe src=\"javascript:a\"></iframe>\n",
        "<frameset><frame src=\"JAVASCRIPT:b\"></frameset>\n",
        "<embed src=\"data:text/html,c\">\n",
        "<object data=\"vbscript:d\"></object>\n",
        "<map><area href=\"javascript:e\"></map>\n",
        "<form action=\"javascript:f\"><button formaction=\"javascript:g\">x</button><input formaction=\"javascript:h\"></form>\n",
        "<base href=\"javascript:i\">\n",
        "<svg><a xlink:href=\"javascript:j\"><text>x</text></a></svg>\n",
        "<meta http-equiv=\"Refresh\" content=\"0; url='javascript:k'\">\n",
    );
    let js = "a `javascript:` URL runs script when followed";
    assert_eq!(
        active(body),
        [
            dl(1, 1, &format!("dangerous link 'javascript:a' in `<iframe src>`: {js}")),
            dl(2, 11, &format!("dangerous link 'JAVASCRIPT:b' in `<frame src>`: {js}")),
            dl(3, 1, "dangerous link 'data:text/html,c' in `<embed src>`: a `data:` URL can carry a whole page or script"),
            dl(4, 1, "dangerous link 'vbscript:d' in `<object data>`: a `vbscript:` URL runs script when followed"),
            dl(5, 6, &format!("dangerous link 'javascript:e' in `<area href>`: {js}")),
            dl(6, 1, &format!("dangerous link 'javascript:f' in `<form action>`: {js}")),
            dl(6, 29, &format!("dangerous link 'javascript:g' in `<button formaction>`: {js}")),
            dl(6, 73, &format!("dangerous link 'javascript:h' in `<input formaction>`: {js}")),
            dl(7, 1, &format!("dangerous link 'javascript:i' in `<base href>`: {js}")),
            dl(8, 6, &format!("dangerous link 'javascript:j' in `<a xlink:href>`: {js}")),
            dl(9, 1, &format!("dangerous link 'javascript:k' in `<meta http-equiv=\"refresh\">`: {js}")),
        ]
    );
    // The same attributes with safe URLs, a refresh to a page, a `content`
    // that is no refresh, and URL attributes of other elements.
    let safe = concat!(
        "<iframe src=\"https://www.youtube.com/embed/x\"></iframe> <object data=\"/a.svg\"></object>\n",
        "<meta http-equiv=\"refresh\" content=\"5;url=/next.html\"> <meta name=\"x\" content=\"0;url=javascript:x\">\n",
        "<div src=\"javascript:x\" action=\"javascript:y\"></div> <svg><a xlink:href=\"/page.html\">x</a></svg>\n",
        "<iframe src=\"/first.html\" SRC=\"javascript:second\"></iframe>\n",
    );
    assert_eq!(active(safe), []);
}

#[test]
fn scripts_and_event_handlers_are_script_in_page() {
    let body = concat!(
        "<script>alert(1)</script>\n",
        "\n",
        "Text <img src=x onerror=\"alert(2)\"> and <b OnMouseOver='x()' onclick=y>b</b>\n",
        "\n",
        "<svg><script href=\"/x.js\"/></svg>\n",
    );
    assert_eq!(
        active(body),
        [
            sp(1, 1, "`<script>` element: the page runs script"),
            sp(
                3,
                6,
                "event-handler attribute `onerror` on `<img>` runs script: 'alert(2)'"
            ),
            sp(
                3,
                41,
                "event-handler attribute `onmouseover` on `<b>` runs script: 'x()'"
            ),
            sp(
                3,
                41,
                "event-handler attribute `onclick` on `<b>` runs script: 'y'"
            ),
            sp(5, 6, "`<script>` element: the page runs script"),
        ]
    );
    // Raw text, comments, and attributes that only look like handlers.
    let safe = concat!(
        "<textarea><script>x</script> <b onclick=x></textarea>\n",
        "\n",
        "<!-- <script>x</script> -->\n",
        "\n",
        "<div data-onclick=\"x\" on=\"y\" on-x=\"z\">a</div>\n",
        "\n",
        "Text with `<script>` in code.\n",
        "\n",
        "    <script>indented code</script>\n",
    );
    assert_eq!(active(safe), []);
}

/// Links only a Python-Markdown reading of the body sees. CommonMark (the
/// reader the rules use today) does not read these as links at all: a
/// destination cannot hold a control character, and a `<...>` destination
/// cannot hold a line break. Python-Markdown reads each as a live
/// `javascript:` link, and browsers strip the leading control character
/// and drop the line break. This test asserts the CommonMark reading (no
/// link, so no finding); the next one asserts that the Python-Markdown
/// dialect gives each line one `dangerous-link`:
///
/// - `[a](\u{1}javascript:x)`
/// - `![a](\u{1}javascript:x)`
/// - `[r]: \u{1}javascript:x` (used by `[b][r]`)
/// - `[a](<java\nscript:x>)`
#[test]
fn links_only_python_markdown_sees_are_no_links_in_commonmark() {
    for body in [
        "[a](\u{1}javascript:x)\n",
        "![a](\u{1}javascript:x)\n",
        "[b][r]\n\n[r]: \u{1}javascript:x\n",
        "[a](<java\nscript:x>)\n",
    ] {
        let text = format!("{HEAD}\n{body}");
        let page = Page::parse(&text);
        let links = page.outline(&pagefmt::BodyOptions::default()).links;
        assert!(
            links.iter().all(|l| !l.dest.contains("script:")),
            "CommonMark now reads a link in {body:?}: {links:?}"
        );
        assert_eq!(active(body), [], "{body:?}");
    }
}

/// The same four lines read in the Python-Markdown dialect (as Pelican
/// renders them): each is a link there, and each is a `dangerous-link`,
/// since a browser strips the leading control character and drops the
/// line break inside the scheme.
#[test]
fn links_only_python_markdown_sees_are_dangerous_in_its_dialect() {
    let mut options = ValidateOptions::default();
    options.body = pagefmt::BodyOptions::pelican();
    for body in [
        "[a](\u{1}javascript:x)\n",
        "![a](\u{1}javascript:x)\n",
        "[b][r]\n\n[r]: \u{1}javascript:x\n",
        "[a](<java\nscript:x>)\n",
    ] {
        let text = format!("{HEAD}\n{body}");
        let page = Page::parse(&text);
        let links = page.outline(&options.body).links;
        assert_eq!(links.len(), 1, "{body:?}: {links:?}");
        let found: Vec<Diagnostic> = validate(&page, &options)
            .into_iter()
            .filter(|d| d.code == "dangerous-link")
            .collect();
        assert_eq!(found.len(), 1, "{body:?}: {found:?}");
        assert_eq!(found[0].severity, Error, "{body:?}");
        assert!(
            found[0].message.contains("javascript"),
            "{body:?}: {}",
            found[0].message
        );
    }
}
