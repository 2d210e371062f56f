//! The laws of the typed header, the body outline and validation, written
//! once and checked by the fuzz targets `typed_roundtrip`, `body` and
//! `validate` (fuzz/, which include this file by path), by the replay of
//! their findings (`fuzz_regressions.rs`) and by the pathological pages.
//! Each check panics with a message naming the broken law.

use std::collections::{HashMap, HashSet};

use arbitrary::{Arbitrary, Unstructured};
use pagefmt::body::ActiveKind;
use pagefmt::{
    locate, validate, BodyOptions, Category, Choice, Date, LineIndex, LinkKind, Page, PageMeta,
    Site, SlugDialect, SortOrder, SortOrderKey, Span, ValidateOptions,
};

// ---------------------------------------------------------------------------
// Spans
// ---------------------------------------------------------------------------

/// A span of `text` is in bounds, ordered and on char boundaries, and
/// `location` (when given) is where it starts.
pub fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: {span:?} out of bounds of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: {span:?} not on char boundaries"
    );
}

/// Where offsets are: [`locate`] itself for a small text, a
/// [`LineIndex`] (the same reading, without a scan from the start for each
/// offset) for a large one.
pub struct Locator<'t> {
    text: &'t str,
    index: Option<LineIndex>,
}

impl<'t> Locator<'t> {
    /// A locator for `text`.
    pub fn new(text: &'t str) -> Self {
        let index = (text.len() > 1 << 16).then(|| LineIndex::new(text));
        Locator { text, index }
    }

    /// Checks a span of the text and the location given for its start.
    pub fn check(&self, span: Span, location: pagefmt::Location, what: &str) {
        check_span(self.text, span, what);
        let want = match &self.index {
            Some(index) => index.location(self.text, span.start),
            None => locate(self.text, span.start),
        };
        assert_eq!(location, want, "{what}: location of {span:?}");
    }
}

fn check_located(text: &str, span: Span, location: pagefmt::Location, what: &str) {
    Locator::new(text).check(span, location, what);
}

fn inside(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

// ---------------------------------------------------------------------------
// Typed header
// ---------------------------------------------------------------------------

/// Pieces of values: what makes a value hard to write (white space of every
/// kind, line breaks, fences, separators of lists and keys) and plain words.
const PIECES: &[&str] = &[
    "a", "word", "x y", "é", "日本", " ", "  ", "\t", "\n", "\r", "\r\n", "\n    ", "\n\n", "---",
    ":", ": ", ",", ", ", ";", "#", "-", "0", "7", "True", "page", "post", "talk", "\u{a0}",
    "\u{3000}", "\u{85}", "\u{2028}", "\u{1c}", "\u{feff}", "\u{b}", "\u{c}", "\\",
];

/// Words that write cleanly, and what may join them.
const WORDS: &[&str] = &[
    "a",
    "word",
    "é",
    "x:y",
    "a,b",
    "a;b",
    "---",
    "True",
    "0",
    "#",
    "http://x.y/z",
];
const JOINS: &[&str] = &[" ", "\n", ", ", "; ", ": "];

const SORT_DIGITS: &[&str] = &[
    "0",
    "0719",
    "311",
    "1234567890123456789",
    "12345678901234567890",
    "",
    "1a",
    " 1",
    "١",
];

const DATES: &[&str] = &[
    "2023-01-02",
    "2023-01-02 10:11",
    "2023-01-02T10:11:12",
    "0001-01-01",
    "9999-12-31 23:59:59",
    "2024-02-29",
];

const EXTRA_KEYS: &[&str] = &[
    "x",
    "note",
    "a-b",
    "a_b",
    "Key",
    "title",
    "TITLE",
    "sortorder",
    "sort-order",
    "---x",
    "--",
    "-",
    "k k",
    "é",
    "choice1url",
    "choice5url",
    "9",
    "",
    "x:",
    " x",
];

fn value(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    match u.int_in_range(0..=7)? {
        // Any string, now and then.
        0 => String::arbitrary(u),
        // Clean words.
        1..=3 => {
            let mut s = String::from(*u.choose(WORDS)?);
            for _ in 0..u.int_in_range(0..=3)? {
                s.push_str(u.choose(JOINS)?);
                s.push_str(u.choose(WORDS)?);
            }
            Ok(s)
        }
        _ => {
            let mut s = String::new();
            for _ in 0..u.int_in_range(0..=5)? {
                s.push_str(u.choose(PIECES)?);
            }
            Ok(s)
        }
    }
}

fn opt_value(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<String>> {
    Ok(if u.arbitrary()? {
        Some(value(u)?)
    } else {
        None
    })
}

fn list(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<String>> {
    let mut items = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        items.push(value(u)?);
    }
    Ok(items)
}

fn date(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<Date>> {
    Ok(match u.int_in_range(0..=2)? {
        0 => None,
        1 => Date::parse(u.choose(DATES)?),
        _ => {
            let (y, m, d): (u16, u8, u8) = (u.arbitrary()?, u.arbitrary()?, u.arbitrary()?);
            let time = if u.arbitrary()? {
                let (h, min): (u8, u8) = (u.arbitrary()?, u.arbitrary()?);
                format!(" {:02}:{:02}", h % 25, min % 61)
            } else {
                String::new()
            };
            Date::parse(&format!(
                "{:04}-{:02}-{:02}{time}",
                y % 10000,
                m % 14,
                d % 33
            ))
        }
    })
}

/// A [`PageMeta`] built from arbitrary parts: values from a small alphabet
/// (or any string now and then), extra keys from a list of valid and
/// invalid ones (or any string).
#[derive(Debug)]
pub struct ArbMeta(pub PageMeta);

impl<'a> Arbitrary<'a> for ArbMeta {
    #[allow(
        clippy::field_reassign_with_default,
        reason = "each field is drawn in turn from the input"
    )]
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut m = PageMeta::default();
        m.title = opt_value(u)?;
        m.slug = opt_value(u)?;
        m.category = match u.int_in_range(0..=4)? {
            0 => None,
            1 => Some(Category::Page),
            2 => Some(Category::Post),
            3 => Some(Category::Talk),
            _ => Some(Category::Other(value(u)?)),
        };
        if u.arbitrary()? {
            let digits = if u.arbitrary()? {
                (*u.choose(SORT_DIGITS)?).to_owned()
            } else {
                value(u)?
            };
            let key = if u.arbitrary()? {
                SortOrderKey::Hyphenated
            } else {
                SortOrderKey::Joined
            };
            m.sort_order = Some(SortOrder { digits, key });
        }
        m.date = date(u)?;
        m.modified = date(u)?;
        m.description = opt_value(u)?;
        m.toc = u.arbitrary()?;
        m.newsletter = u.arbitrary()?;
        m.sidebar_title = opt_value(u)?;
        m.header_image = opt_value(u)?;
        m.header_alt = opt_value(u)?;
        m.author = opt_value(u)?;
        m.author_link = opt_value(u)?;
        m.authors = list(u)?;
        m.tags = list(u)?;
        m.summary = opt_value(u)?;
        m.status = opt_value(u)?;
        m.lang = opt_value(u)?;
        m.template = opt_value(u)?;
        m.save_as = opt_value(u)?;
        m.url = opt_value(u)?;
        for choice in &mut m.choices {
            if u.arbitrary()? {
                *choice = Choice {
                    url: opt_value(u)?,
                    icon: opt_value(u)?,
                    text: opt_value(u)?,
                };
            }
        }
        for _ in 0..u.int_in_range(0..=3)? {
            let key = if u.ratio(1, 8)? {
                String::arbitrary(u)?
            } else {
                (*u.choose(EXTRA_KEYS)?).to_owned()
            };
            m.extra.push((key, value(u)?));
        }
        Ok(ArbMeta(m))
    }
}

/// The `typed_roundtrip` input: a meta decoded from the bytes, and the rest
/// of them (read lossily as UTF-8) as a body.
pub fn typed_input(data: &[u8]) -> (PageMeta, String) {
    let mut u = Unstructured::new(data);
    let meta = ArbMeta::arbitrary(&mut u).map_or_else(|_| PageMeta::default(), |m| m.0);
    let body = String::from_utf8_lossy(u.take_rest()).into_owned();
    (meta, body)
}

/// The laws of writing a typed header: a writable meta reads back as
/// itself, alone and as a page with `body`; an unwritable one is refused
/// with errors located in its best-effort text, which still reads as a
/// whole header and not as `meta`.
pub fn check_typed(meta: &PageMeta, body: &str) {
    let text = meta.to_string();
    let page = Page::parse(&text);
    assert_eq!(
        page.body_offset(),
        text.len(),
        "the canonical header {text:?} is read whole as a header"
    );
    match meta.check_writable() {
        Ok(()) => {
            assert_eq!(meta.to_canonical().as_ref(), Ok(&text), "to_canonical");
            let back = text.parse::<PageMeta>();
            assert_eq!(back.as_ref(), Ok(meta), "{text:?} reads back");
            let page = Page::from_meta(meta, body).expect("a writable meta writes a page");
            assert_eq!(page.meta().as_ref(), Ok(meta), "page {:?}", page.text());
            assert_eq!(page.body(), body, "page {:?} keeps its body", page.text());
            assert_eq!(
                page.to_canonical().as_deref(),
                Ok(page.text()),
                "a page from meta is canonical"
            );
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "check_writable: Err with no errors");
            let canonical = meta.to_canonical().expect_err("to_canonical of unwritable");
            assert_eq!(canonical, errors, "to_canonical and check_writable agree");
            let page = Page::from_meta(meta, body).expect_err("from_meta of unwritable");
            assert_eq!(page, errors, "from_meta and check_writable agree");
            for e in errors.iter() {
                check_located(&text, e.span(), e.location(), &format!("error {e}"));
            }
            assert_ne!(
                text.parse::<PageMeta>().as_ref(),
                Ok(meta),
                "unwritable, yet {text:?} reads back: {errors}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Body outline
// ---------------------------------------------------------------------------

/// The option sets the body laws are checked under.
pub fn body_options() -> [BodyOptions; 4] {
    [
        BodyOptions::default(),
        BodyOptions::commonmark(),
        BodyOptions::default().with_slugs(SlugDialect::GitHub),
        BodyOptions::pelican(),
    ]
}

/// The laws of a page's outline under `options`: every span in bounds, on
/// char boundaries and located right; headings and links in source order;
/// sections a proper tree over the headings.
pub fn check_outline(text: &str, options: &BodyOptions) {
    let page = Page::parse(text);
    let body = page.outline(options);
    let base = page.body_offset();
    let at = Locator::new(text);
    let check_located = |span, location, what: &str| at.check(span, location, what);
    let mut last = base;
    for (i, h) in body.headings.iter().enumerate() {
        check_located(h.span, h.location, &format!("heading {i}"));
        assert!((1..=6).contains(&h.level), "heading {i}: level {}", h.level);
        assert!(h.span.start >= last, "heading {i} out of order");
        last = h.span.end;
    }
    let mut last = base;
    for (i, l) in body.links.iter().enumerate() {
        let what = format!("link {i} ({:?})", l.kind);
        check_located(l.span, l.location, &what);
        assert!(l.span.start >= last, "{what} out of order");
        last = l.span.start;
        if let Some(d) = l.dest_span {
            check_span(text, d, &format!("{what} dest"));
            assert_eq!(l.raw_dest, Some(&text[d.range()]), "{what} raw_dest");
            match l.definition {
                Some(def) => {
                    let def = body.definitions.get(def).expect("link's definition");
                    assert_eq!(def.dest_span, Some(d), "{what} dest is its definition's");
                    assert!(def.used, "{what}: its definition is used");
                }
                None => assert!(inside(l.span, d), "{what} dest inside the link"),
            }
        }
        let s = body.sections.get(l.section).expect("link's section");
        assert!(
            s.span.start <= l.span.start && l.span.start <= s.span.end,
            "{what} in its section {}",
            l.section
        );
    }
    for (i, d) in body.definitions.iter().enumerate() {
        check_located(d.span, d.location, &format!("definition {i}"));
        if let Some(ds) = d.dest_span {
            check_span(text, ds, &format!("definition {i} dest"));
            assert!(inside(d.span, ds), "definition {i} dest inside it");
            assert_eq!(
                d.raw_dest,
                Some(&text[ds.range()]),
                "definition {i} raw_dest"
            );
        }
    }
    for (i, b) in body.broken_references.iter().enumerate() {
        check_located(b.span, b.location, &format!("broken reference {i}"));
    }
    check_active(&body, &at);
    // Sections: the preamble, then one per heading, nested properly.
    assert_eq!(
        body.sections.len(),
        body.headings.len() + 1,
        "one section per heading"
    );
    let mut open: Vec<usize> = Vec::new();
    for (i, s) in body.sections.iter().enumerate() {
        check_span(text, s.span, &format!("section {i}"));
        check_span(text, s.content, &format!("section {i} content"));
        assert!(inside(s.span, s.content), "section {i} content inside it");
        assert!(s.span.start >= base, "section {i} in the body");
        if i == 0 {
            assert_eq!((s.heading, s.level, s.parent), (None, 0, None), "preamble");
            assert_eq!(s.span.start, base, "the preamble starts the body");
        } else {
            let h = &body.headings[i - 1];
            assert_eq!(s.heading, Some(i - 1), "section {i} heading");
            assert_eq!(s.level, h.level, "section {i} level");
            assert_eq!(
                s.span.start, h.span.start,
                "section {i} starts at its heading"
            );
            assert!(
                s.content.start >= h.span.end,
                "section {i} content after heading"
            );
        }
        // The parent is the nearest earlier section of a lower level that
        // is still open (kept on a stack: linear in the number of headings).
        if i > 0 {
            while open
                .last()
                .is_some_and(|&o| body.sections[o].level >= s.level)
            {
                open.pop();
            }
            assert_eq!(s.parent, open.last().copied(), "section {i} parent");
            open.push(i);
        }
        if let Some(p) = s.parent {
            let parent = &body.sections[p];
            assert!(inside(parent.span, s.span), "section {i} inside parent {p}");
            assert!(
                inside(parent.content, s.span),
                "section {i} inside parent content"
            );
        }
        for &c in &s.children {
            assert_eq!(
                body.sections.get(c).and_then(|c| c.parent),
                Some(i),
                "child {c} of {i}"
            );
        }
        for w in s.children.windows(2) {
            assert!(w[0] < w[1], "section {i} children in order");
            assert!(
                body.sections[w[0]].span.end <= body.sections[w[1]].span.start,
                "section {i} children {w:?} do not overlap"
            );
        }
    }
    let children: usize = body.sections.iter().map(|s| s.children.len()).sum();
    let parented = body.sections.iter().filter(|s| s.parent.is_some()).count();
    assert_eq!(
        children, parented,
        "every section with a parent is its child"
    );
}

/// The laws of [`Page::rewrite_links`] with a deterministic mapping (each
/// destination gets `#x` appended; email autolinks are kept): see
/// [`check_rewrite_to`].
pub fn check_rewrite(text: &str, options: &BodyOptions) {
    check_rewrite_to(text, options, |_, l| {
        (l.kind != LinkKind::Email).then(|| format!("{}#x", l.dest))
    });
}

/// Destinations the rewrite laws write: what Markdown, autolinks and HTML
/// attributes must escape or encode, what could open a block at the start
/// of a line, and ordinary ones.
pub const DESTS: &[&str] = &[
    "/a.html",
    "",
    "/a b.html",
    "<x>",
    "a(b",
    "a)b",
    "(a)",
    "a\\b",
    "a\\",
    "\\(",
    "&amp;",
    "a&b",
    "&#1;",
    "a|b",
    "\"q\"",
    "'q'",
    "`",
    "a\nb",
    "a\rb",
    "\t",
    "\0",
    "a\0b",
    "\u{7f}",
    "\u{1}",
    "#x",
    "mailto:a@b.co",
    "mailto:x",
    "https://e.com/?a=1&b=2#f",
    "JaVaScRiPt:alert(1)",
    "é",
    "\u{3000}",
    "\u{85}",
    "\u{a0}x",
    "[x]",
    "*a*",
    "# h",
    "- x",
    "> q",
    "=",
    "---",
    "<!--",
    "-->",
    "%20",
    " ",
    "  lead",
    "trail  ",
    "p q",
    "1. x",
    "]: y",
    "a\u{b}b",
    "a\u{c}",
    "\u{fffd}",
];

/// The `edit` target's choice of rewrite for an input: from its length and
/// last byte, so that the fuzzer can vary it without changing the text or
/// the edit script much.
pub fn rewrite_seed(data: &[u8]) -> usize {
    data.len() ^ usize::from(data.last().copied().unwrap_or(0)) << 3
}

/// The laws of [`Page::rewrite_links`] with destinations from [`DESTS`]:
/// the `i`-th link offered gets `DESTS[(seed / 2 + i) % len]`, or that
/// appended to its destination when `seed` is odd.
pub fn check_rewrite_picked(text: &str, seed: usize) {
    check_rewrite_picked_with(text, seed, &BodyOptions::default());
}

/// [`check_rewrite_picked`] in both dialects (the `edit` target's laws
/// after its header edits).
pub fn check_rewrite_picked_dialects(text: &str, seed: usize) {
    for options in [BodyOptions::default(), BodyOptions::pelican()] {
        check_rewrite_picked_with(text, seed, &options);
    }
}

/// [`check_rewrite_picked`] under `options`.
pub fn check_rewrite_picked_with(text: &str, seed: usize, options: &BodyOptions) {
    check_rewrite_to(text, options, |i, l| {
        let pick = DESTS[(seed / 2 + i) % DESTS.len()];
        Some(if seed % 2 == 1 {
            format!("{}{pick}", l.dest)
        } else {
            pick.to_owned()
        })
    });
}

/// The laws of [`Page::rewrite_links`] with the new destinations `to`
/// gives (it sees each link offered and how many were offered before):
/// only the bytes inside destination spans change, the page has the same
/// links of the same kinds, every rewritten link reads back with its new
/// destination (as the encoding rules say: what Markdown and autolinks
/// cannot hold percent-encoded) and every other link as it was.
pub fn check_rewrite_to(
    text: &str,
    options: &BodyOptions,
    mut to: impl FnMut(usize, &pagefmt::Link<'_>) -> Option<String>,
) {
    let before_page = Page::parse(text);
    let before = before_page.outline(options);
    let mut page = Page::parse(text);
    // The new destination asked for each link (by its span), and for each
    // definition by the first link offered that uses it.
    // (Links by reference are offered once per definition; the first
    // stands for all: it is the one reported if the rewrite is left out.)
    let mut by_link: HashMap<Span, String> = HashMap::new();
    let mut by_definition: HashMap<usize, (Span, String)> = HashMap::new();
    let mut offered = 0;
    let done = page.rewrite_links(options, |l| {
        let new = to(offered, l);
        offered += 1;
        if let Some(new) = &new {
            match l.definition {
                Some(d) => {
                    by_definition
                        .entry(d)
                        .or_insert_with(|| (l.span, new.clone()));
                }
                None => {
                    by_link.entry(l.span).or_insert_with(|| new.clone());
                }
            }
        }
        new
    });
    // The new destination asked for a link, and the link that asked.
    let asked = |l: &pagefmt::Link<'_>| -> Option<(Span, &str)> {
        match l.definition {
            Some(d) => by_definition.get(&d).map(|(s, n)| (*s, n.as_str())),
            None => by_link.get(&l.span).map(|n| (l.span, n.as_str())),
        }
    };
    let new_dest = |l: &pagefmt::Link<'_>| asked(l).map(|(_, n)| n);
    let after_text = page.text().to_owned();
    // Unwritable: a link whose destination was not located, one inside the
    // text of a shortcut or collapsed reference (or of an image by
    // reference), whose text may be the label, one whose destination spans
    // lines, and one whose rewrite would make the page read differently
    // (which `rewrite_links` finds by reading the result; the laws below
    // check that nothing it wrote does). Every unwritable span is a link's.
    for s in &done.unwritable {
        assert!(
            before.links.iter().any(|l| l.span == *s),
            "unwritable {s:?} is not a link"
        );
    }
    // A link given a new destination that was written.
    let unwritable: HashSet<Span> = done.unwritable.iter().copied().collect();
    let rewritten = |l: &pagefmt::Link<'_>| {
        l.dest_span.is_some()
            && asked(l).is_some_and(|(by, n)| n != l.dest && !unwritable.contains(&by))
    };
    let after_page = Page::parse(&after_text);
    let after = after_page.outline(options);
    // The same links, but that an email autolink given a URL is a URL
    // autolink.
    let kinds = |b: &pagefmt::Body<'_>| {
        b.links
            .iter()
            .zip(&before.links)
            .map(|(l, old)| match (old.kind, l.kind) {
                (LinkKind::Email, LinkKind::Autolink) if rewritten(old) => LinkKind::Email,
                (_, kind) => kind,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kinds(&before),
        kinds(&after),
        "the links are the same after rewriting {text:?} to {after_text:?}"
    );
    // The old and new destination spans, and what lies between them.
    let spans = |b: &pagefmt::Body<'_>, written: bool| {
        let mut v: Vec<Span> = b
            .links
            .iter()
            .zip(&before.links)
            .filter(|(_, old)| !written || rewritten(old))
            .filter_map(|(l, _)| l.dest_span)
            .collect();
        v.sort_by_key(|s| s.start);
        v.dedup();
        v
    };
    let (old, new) = (spans(&before, true), spans(&after, true));
    assert_eq!(
        old.len(),
        new.len(),
        "destinations located after rewriting {text:?} to {after_text:?}"
    );
    assert_eq!(done.changed, old.len(), "changed count");
    // The new text is the old one with each old destination span replaced
    // by text that holds the new destination span.
    let mut pos = 0; // in the new text
    let mut from = 0; // in the old text
    for (i, (o, n)) in old.iter().zip(&new).enumerate() {
        let gap = &text[from..o.start];
        // An empty destination reads the same anywhere in the white space
        // (and block quote marks after a line break) around it: take it
        // where it was written.
        let at = pos + gap.len();
        let n = &match after_text.get(n.start.min(at)..n.start.max(at)) {
            Some(between)
                if n.is_empty() && between.chars().all(|c| c.is_whitespace() || c == '>') =>
            {
                Span::new(at, at)
            }
            _ => *n,
        };
        assert!(
            after_text.get(pos..pos + gap.len()) == Some(gap) && pos + gap.len() <= n.start,
            "only destination bytes change (before destination {i} at {o:?}): {text:?} -> {after_text:?}"
        );
        from = o.end;
        let next = old.get(i + 1).map_or(text.len(), |s| s.start);
        let gap = &text[from..next];
        // Right after the new destination, but for the mark that closes
        // one written `<>` or `="..."`.
        let rest = after_text.get(n.end..).unwrap_or_default();
        let mark = rest.chars().next().filter(|c| matches!(c, '>' | '"'));
        let skip = if mark.is_some_and(|m| !gap.starts_with(m) && rest[1..].starts_with(gap)) {
            1
        } else if rest.starts_with(gap) {
            0
        } else if mark.is_some() && rest[1..].starts_with(gap) {
            // The written mark, then a gap that starts with the same mark
            // (`<>` written before a `>` the reader strips).
            1
        } else {
            panic!("only destination bytes change (after destination {i} at {o:?}): {text:?} -> {after_text:?}")
        };
        pos = n.end + skip;
    }
    assert_eq!(
        after_text.get(pos..),
        text.get(from..),
        "only destination bytes change (the end): {text:?} -> {after_text:?}"
    );
    // Each rewritten link reads back with its new destination.
    for (i, (b, a)) in before.links.iter().zip(&after.links).enumerate() {
        let want = match new_dest(b) {
            Some(new) if rewritten(b) => expected_dest(text, b, new),
            _ => b.dest.to_string(),
        };
        assert_eq!(
            a.dest, want,
            "link {i} ({:?}) after rewriting {text:?} to {after_text:?}",
            b.kind
        );
    }
}

/// What `new` reads back as once written where `link` was: Markdown and
/// autolinks percent-encode what they cannot hold; a NUL in an HTML
/// attribute reads as U+FFFD.
fn expected_dest(text: &str, link: &pagefmt::Link<'_>, new: &str) -> String {
    let bracketed = link
        .dest_span
        .and_then(|d| d.start.checked_sub(1))
        .and_then(|i| text.as_bytes().get(i))
        == Some(&b'<');
    let mut out = String::with_capacity(new.len());
    for c in new.chars() {
        let encode = match link.kind {
            LinkKind::Html | LinkKind::HtmlImg => {
                out.push(if c == '\0' { '\u{fffd}' } else { c });
                continue;
            }
            LinkKind::Autolink | LinkKind::Email => {
                matches!(c, ' ' | '<' | '>') || c.is_ascii_control()
            }
            _ => matches!(c, '<' | '>') || (matches!(c, ' ' | '\0') && !bracketed),
        };
        if encode {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The raw HTML that runs script or loads a URL: located right, in source
/// order, each of a shape its kind allows.
fn check_active(body: &pagefmt::Body<'_>, at: &Locator<'_>) {
    let mut last = 0;
    for (i, a) in body.active.iter().enumerate() {
        let what = format!("active HTML {i} ({:?} {} {})", a.kind, a.tag, a.attribute);
        at.check(a.span, a.location, &what);
        assert!(a.span.start >= last, "{what} out of order");
        last = a.span.start;
        assert!(
            !a.tag.is_empty() && a.tag.bytes().all(|c| !c.is_ascii_uppercase()),
            "{what}: tag name"
        );
        match a.kind {
            ActiveKind::Script => {
                assert_eq!(
                    (a.tag.as_str(), a.attribute.as_str()),
                    ("script", ""),
                    "{what}"
                );
                assert_eq!(a.value, "", "{what}");
            }
            ActiveKind::EventHandler => {
                assert!(
                    a.attribute.starts_with("on") && a.attribute.len() > 2,
                    "{what}"
                );
            }
            _ => {
                let url_attribute = matches!(
                    (a.tag.as_str(), a.attribute.as_str()),
                    ("iframe" | "frame" | "embed", "src")
                        | ("object", "data")
                        | ("area" | "base", "href")
                        | ("form", "action")
                        | ("button" | "input", "formaction")
                        | ("meta", "content")
                        | (_, "xlink:href")
                );
                assert!(url_attribute, "{what}");
                assert!(a.target().is_some(), "{what}: a URL has a target");
            }
        }
    }
}

/// Writing every line ending as the first one changes no line: the header
/// reads the same, and no mixed line ending is left.
fn check_unify_newlines(text: &str) {
    let before = Page::parse(text);
    let mut after = before.clone();
    let changed = after.unify_newlines();
    assert_eq!(
        changed,
        before.mixed_newlines().map_or(0, |(_, n)| n),
        "unify_newlines changes every mixed line ending of {text:?}"
    );
    assert_eq!(after.mixed_newlines(), None, "no mixed line ending left");
    assert_eq!(
        after.newline(),
        before.newline(),
        "the first line ending kept"
    );
    assert_eq!(
        after.header().pymd_meta(),
        before.header().pymd_meta(),
        "the header reads the same after unify_newlines of {text:?}"
    );
    // The same meta and errors (kind, line, column, text found); byte
    // offsets after a shortened line ending move.
    let read = |page: &Page<'_>| {
        let (meta, errors) = page.meta_lenient();
        let errors: Vec<_> = errors
            .iter()
            .map(|e| (e.kind().clone(), e.location(), e.found().to_owned()))
            .collect();
        (meta, errors)
    };
    assert_eq!(
        read(&after),
        read(&before),
        "the same meta after unify_newlines of {text:?}"
    );
    // The body is not compared: Python-Markdown (and so Pelican) turns
    // every line ending into `\n` before reading, so it reads the body the
    // same; pulldown-cmark reads a lone `\r` differently in places, and a
    // line ending inside an HTML attribute is part of its value.
}

/// Every law of the `body` target for one text.
pub fn check_body(text: &str) {
    for options in &body_options() {
        check_outline(text, options);
    }
    check_unify_newlines(text);
    for options in [BodyOptions::default(), BodyOptions::pelican()] {
        check_rewrite(text, &options);
        check_rewrite_picked_with(text, rewrite_seed(text.as_bytes()), &options);
    }
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/// The first control character of `text` (C0 but tab, U+2028, U+2029).
fn first_control(text: &str) -> Option<(usize, char)> {
    text.char_indices()
        .find(|&(_, c)| (c < ' ' && c != '\t') || c == '\u{2028}' || c == '\u{2029}')
}

/// `control-character`, `mixed-line-endings`, `script-in-page` and the
/// `dangerous-link`s of raw HTML attributes report exactly what the page
/// holds: one finding per header value and per link destination holding a
/// control character (at the character, or at the destination), one for
/// mixed line endings (at the first that differs), one per `<script>` and
/// event-handler attribute, one per dangerous URL attribute (at its tag).
fn check_character_rules(page: &Page<'_>, body: &BodyOptions, found: &[pagefmt::Diagnostic]) {
    let spans = |code: &str| -> Vec<Span> {
        let mut v: Vec<Span> = found
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.span)
            .collect();
        v.sort_by_key(|s| (s.start, s.end));
        v
    };
    // The body as the validation read it (its dialect decides which
    // destinations are links).
    let body = page.outline(body);
    let mut want = Vec::new();
    for field in page.header().fields() {
        for value in field.values() {
            if let Some((at, c)) = first_control(value.text) {
                let start = value.span.start + at;
                want.push(Span::new(start, start + c.len_utf8()));
            }
        }
    }
    for link in &body.links {
        if first_control(&link.dest).is_some() {
            want.push(link.dest_span.unwrap_or(link.span));
        }
    }
    want.sort_by_key(|s| (s.start, s.end));
    assert_eq!(
        spans("control-character"),
        want,
        "control-character findings"
    );
    let mixed: Vec<Span> = page.mixed_newlines().map(|(s, _)| s).into_iter().collect();
    assert_eq!(
        spans("mixed-line-endings"),
        mixed,
        "mixed-line-endings findings"
    );
    let scripts: Vec<Span> = body
        .active
        .iter()
        .filter(|a| matches!(a.kind, ActiveKind::Script | ActiveKind::EventHandler))
        .map(|a| a.span)
        .collect();
    let mut scripts_sorted = scripts.clone();
    scripts_sorted.sort_by_key(|s| (s.start, s.end));
    assert_eq!(
        spans("script-in-page"),
        scripts_sorted,
        "script-in-page findings"
    );
    let mut dangerous: Vec<Span> = body
        .active
        .iter()
        .filter(|a| matches!(a.target(), Some(pagefmt::Target::Dangerous(_))))
        .map(|a| a.span)
        .chain(
            body.links
                .iter()
                .filter(|l| matches!(l.target(), pagefmt::Target::Dangerous(_)))
                .map(|l| l.dest_span.unwrap_or(l.span)),
        )
        .collect();
    dangerous.sort_by_key(|s| (s.start, s.end));
    assert_eq!(
        spans("dangerous-link"),
        dangerous,
        "dangerous-link findings"
    );
}

/// The `validate` input: the bytes split on `0xff` into 1 to 4 pages, each
/// read lossily as UTF-8.
pub fn site_input(data: &[u8]) -> Vec<String> {
    data.splitn(4, |&b| b == 0xff)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect()
}

/// Validating never panics; every diagnostic's span is in bounds, on char
/// boundaries and located right, for each page alone and for the site
/// (whose result does not depend on the number of threads).
pub fn check_validate(pages: &[String]) {
    // Every rule runs, house rules too.
    let mut options = ValidateOptions::default();
    for &rule in pagefmt::Rule::ALL {
        if options.level(rule) == pagefmt::Level::Allow {
            options.set_level(rule, pagefmt::Level::Warn);
        }
    }
    options.categories = vec!["page".into(), "post".into()];
    options.strict_slugs = true;
    options.https_hosts = vec!["example.org".into()];
    for body in [BodyOptions::default(), BodyOptions::pelican()] {
        options.body = body;
        check_validate_with(pages, &options);
    }
}

/// [`check_validate`] under `options`.
fn check_validate_with(pages: &[String], options: &ValidateOptions) {
    for (i, text) in pages.iter().enumerate() {
        let page = Page::parse(text);
        let at = Locator::new(text);
        let found = validate(&page, options);
        for d in &found {
            at.check(d.span, d.location, &format!("page {i}: {}", d.message));
        }
        // A fix that is reported changes the page, and never panics.
        let mut fixed = Page::parse(text);
        let codes = pagefmt::validate::fix(&mut fixed, &found, options);
        if !codes.is_empty() {
            assert_ne!(
                fixed.text(),
                text,
                "page {i}: fixes {codes:?} changed nothing"
            );
            let reread = Page::parse(fixed.text());
            assert_eq!(reread.text(), fixed.text());
        }
        check_character_rules(&page, &options.body, &found);
    }
    let mut site = Site::new();
    for (i, text) in pages.iter().enumerate() {
        site.add(format!("p{i}.md"), text);
    }
    let found = site.check(options);
    let locators: Vec<Locator<'_>> = pages.iter().map(|t| Locator::new(t)).collect();
    let mut last = (0, 0);
    for d in &found {
        assert_eq!(d.path, format!("p{}.md", d.page), "site diagnostic path");
        let what = format!("site, page {}: {}", d.page, d.diagnostic.message);
        locators[d.page].check(d.diagnostic.span, d.diagnostic.location, &what);
        assert!(
            (d.page, d.diagnostic.span.start) >= last,
            "{what}: out of order"
        );
        last = (d.page, d.diagnostic.span.start);
    }
    if pages.len() > 1 {
        let mut one = options.clone();
        one.threads = 1;
        assert_eq!(site.check(&one), found, "one thread finds the same");
    }
}

/// A `pagefmt.toml` text: reading its `[check]` table never panics; an
/// error names a line and column inside the text; a configuration read
/// gives every rule a level on any path.
pub fn check_config(text: &str) {
    match text.parse::<pagefmt::validate::CheckConfig>() {
        Ok(config) => {
            for &rule in pagefmt::Rule::ALL {
                let _ = config.level_at("content/a.md", rule);
            }
        }
        Err(e) => {
            let lines = text.split(['\n', '\r']).count().max(1);
            assert!(
                (1..=lines).contains(&e.line) && e.column >= 1,
                "error outside the text: {e}"
            );
            assert!(!e.message.is_empty());
        }
    }
}
