//! Where a link's destination stands in the source, how Markdown resolves
//! it, and what it points at ([`Target`]).

use std::borrow::Cow;
use std::ops::Range;

use super::html::{char_ref, Decoded};

/// What a link's resolved destination points at.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target<'a> {
    /// A page of the site: `/slug.html`, or a post, `/blog/slug.html`.
    Page {
        /// The slug: the file name without `.html`.
        slug: &'a str,
        /// The part after `#`, if any.
        fragment: Option<&'a str>,
        /// Whether the page is a post (under `/blog/`).
        post: bool,
    },
    /// A place on the same page: `#id` (the id without `#`).
    Fragment(&'a str),
    /// Any other absolute path on the site: `/img/...`, `/static/...`,
    /// `/feeds/all.atom.xml`, `/`.
    Asset,
    /// A path relative to the page (including the empty destination and
    /// one that starts with `?`).
    Relative,
    /// A protocol-relative URL, `//host/path`.
    ProtocolRelative,
    /// An `https:` URL.
    Https,
    /// An `http:` URL.
    Http,
    /// A `mailto:` URL.
    Mailto,
    /// A URL with another scheme, lowercased (`ftp`, `tel`, ...).
    OtherScheme(String),
    /// A URL a browser would run or could abuse: `javascript:`, `vbscript:`,
    /// or `data:` other than `data:image/...`.
    Dangerous(DangerousScheme),
}

/// The schemes [`Target::Dangerous`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DangerousScheme {
    /// `javascript:`.
    Javascript,
    /// `vbscript:`.
    Vbscript,
    /// `data:` with a media type other than `image/...`.
    Data,
}

impl Target<'_> {
    /// The class as a short string: `page`, `fragment`, `asset`,
    /// `relative`, `protocol-relative`, `https`, `http`, `mailto`,
    /// `other-scheme` or `dangerous`.
    #[must_use]
    pub fn class(&self) -> &'static str {
        match self {
            Target::Page { .. } => "page",
            Target::Fragment(_) => "fragment",
            Target::Asset => "asset",
            Target::Relative => "relative",
            Target::ProtocolRelative => "protocol-relative",
            Target::Https => "https",
            Target::Http => "http",
            Target::Mailto => "mailto",
            Target::OtherScheme(_) => "other-scheme",
            Target::Dangerous(_) => "dangerous",
        }
    }
}

/// Classifies a resolved destination (entities and escapes already
/// decoded).
///
/// The scheme is read the way a browser's URL parser reads it: leading C0
/// control characters and spaces are skipped, tabs and line breaks anywhere
/// are ignored, and case does not matter. So `" JaVa\tScRiPt:alert(1)"` is
/// [`Target::Dangerous`].
#[must_use]
pub fn classify(dest: &str) -> Target<'_> {
    let trimmed = dest.trim_start_matches(|c: char| c <= ' ');
    if let Some(scheme) = scheme_of(trimmed) {
        return match scheme.as_str() {
            "https" => Target::Https,
            "http" => Target::Http,
            "mailto" => Target::Mailto,
            "javascript" => Target::Dangerous(DangerousScheme::Javascript),
            "vbscript" => Target::Dangerous(DangerousScheme::Vbscript),
            "data" => {
                if is_data_image(trimmed) {
                    Target::OtherScheme(scheme)
                } else {
                    Target::Dangerous(DangerousScheme::Data)
                }
            }
            _ => Target::OtherScheme(scheme),
        };
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return Target::Fragment(fragment);
    }
    if dest.starts_with("//") {
        return Target::ProtocolRelative;
    }
    if dest.starts_with('/') {
        let end = dest.find(['?', '#']).unwrap_or(dest.len());
        let path = &dest[..end];
        let fragment = dest[end..].split_once('#').map(|(_, f)| f);
        let (rest, post) = match path.strip_prefix("/blog/") {
            Some(rest) => (rest, true),
            None => (&path[1..], false),
        };
        if let Some(slug) = rest.strip_suffix(".html") {
            if !slug.is_empty() && !slug.contains('/') {
                return Target::Page {
                    slug,
                    fragment,
                    post,
                };
            }
        }
        return Target::Asset;
    }
    Target::Relative
}

/// The scheme of `s` (lowercased, tabs and line breaks dropped) if it
/// starts with `letter (letter | digit | + | - | .)* :`.
fn scheme_of(s: &str) -> Option<String> {
    let mut scheme = String::new();
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => {}
            ':' => {
                return if scheme.is_empty() {
                    None
                } else {
                    Some(scheme)
                }
            }
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c);
            }
            _ => return None,
        }
    }
    None
}

/// Whether a `data:` URL's media type is `image/...`.
fn is_data_image(s: &str) -> bool {
    let after = s.split_once(':').map_or("", |(_, r)| r);
    let media: String = after
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .skip_while(|&c| c == ' ')
        .take(6)
        .collect();
    media.eq_ignore_ascii_case("image/")
}

/// Markdown's resolution of a link destination or title as written:
/// backslash escapes of ASCII punctuation and entity references decoded,
/// carriage returns dropped, and in table cells `\|` read as `|` first.
pub(crate) fn md_unescape(raw: &str, in_table: bool) -> Cow<'_, str> {
    let b = raw.as_bytes();
    if !b.iter().any(|&c| matches!(c, b'\\' | b'&' | b'\r')) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut mark = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i..] {
            [b'\\', b'\\', b'|', ..] if in_table => {
                out.push_str(&raw[mark..i]);
                mark = i + 2;
                i += 3;
            }
            [b'\\', c, ..] if c.is_ascii_punctuation() => {
                out.push_str(&raw[mark..i]);
                mark = i + 1;
                i += 2;
            }
            [b'&', ..] => match md_entity(&raw[i..]) {
                Some((d, len)) => {
                    out.push_str(&raw[mark..i]);
                    match d {
                        Decoded::Char(c) => out.push(c),
                        Decoded::Str(s) => out.push_str(s),
                    }
                    i += len;
                    mark = i;
                }
                None => i += 1,
            },
            [b'\r', ..] => {
                out.push_str(&raw[mark..i]);
                i += 1;
                mark = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&raw[mark..]);
    Cow::Owned(out)
}

/// How many (hex, if `hex`) digits, at most `limit`, `b` starts with: the
/// digits of a numeric character reference.
pub(crate) fn ref_digits(b: &[u8], hex: bool, limit: usize) -> usize {
    b.iter()
        .take(limit)
        .take_while(|c| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        })
        .count()
}

/// A CommonMark entity reference at the start of `s`: `&name;` for a
/// known name, `&#` 1 to 7 digits `;`, `&#x` 1 to 6 hex digits `;`; code
/// point zero and invalid ones become U+FFFD.
pub(crate) fn md_entity(s: &str) -> Option<(Decoded, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, start, limit) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3, 6),
            _ => (false, 2, 7),
        };
        let digits = ref_digits(&b[start..], hex, limit);
        if digits == 0 || b.get(start + digits) != Some(&b';') {
            return None;
        }
        let n = b[start..start + digits].iter().fold(0u32, |n, &c| {
            n * if hex { 16 } else { 10 } + char::from(c).to_digit(16).unwrap_or(0)
        });
        let c = if n == 0 {
            '\u{FFFD}'
        } else {
            char::from_u32(n).unwrap_or('\u{FFFD}')
        };
        return Some((Decoded::Char(c), start + digits + 1));
    }
    let name_len = b[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || b.get(1 + name_len) != Some(&b';') {
        return None;
    }
    // With the `;` present, the HTML reading of a named reference is the
    // Markdown one.
    match char_ref(&s[..name_len + 2], true) {
        Some((d, len)) if len == name_len + 2 => Some((d, len)),
        _ => None,
    }
}

/// Spaces and tabs (and U+000B, U+000C, which pulldown-cmark skips there
/// too), then at most one line ending followed by indentation and, with
/// `quotes`, the `>` marks of block quotes.
fn skip_separator(b: &[u8], mut i: usize, end: usize, quotes: bool) -> usize {
    while i < end && matches!(b[i], b' ' | b'\t' | b'\x0b' | b'\x0c') {
        i += 1;
    }
    if i < end && matches!(b[i], b'\n' | b'\r') {
        i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        while i < end
            && (matches!(b[i], b' ' | b'\t' | b'\x0b' | b'\x0c') || (quotes && b[i] == b'>'))
        {
            i += 1;
        }
    }
    i
}

/// A destination at `i`: `<...>` or a run with balanced parentheses.
/// Returns the range of the destination text (inside the brackets) and
/// where scanning stopped.
fn scan_dest(b: &[u8], i: usize, end: usize) -> Option<(Range<usize>, usize)> {
    if b.get(i) == Some(&b'<') {
        let mut j = i + 1;
        while j < end {
            match b[j] {
                b'\n' | b'\r' | b'<' => return None,
                b'>' => return Some((i + 1..j, j + 1)),
                b'\\' if j + 1 < end && b[j + 1].is_ascii_punctuation() => j += 1,
                _ => {}
            }
            j += 1;
        }
        return None;
    }
    let mut depth = 0usize;
    let mut j = i;
    while j < end {
        match b[j] {
            0..=0x20 => break,
            b'(' => depth += 1,
            b')' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            b'\\' if j + 1 < end && b[j + 1].is_ascii_punctuation() => j += 1,
            _ => {}
        }
        j += 1;
    }
    (depth == 0).then_some((i..j.min(end), j.min(end)))
}

/// A title at `i` (`"..."`, `'...'` or `(...)`); returns where it ends.
fn scan_title(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let open = *b.get(i)?;
    let close = match open {
        b'"' | b'\'' => open,
        b'(' => b')',
        _ => return None,
    };
    let mut j = i + 1;
    while j < end {
        match b[j] {
            b'\\' if j + 1 < end => j += 1,
            c if c == close => return Some(j + 1),
            c if c == open => return None,
            _ => {}
        }
        j += 1;
    }
    None
}

/// The destination of an inline link or image `[text](dest "title")`
/// spanning `link` in `src`, whose text ends at or after `text_end`;
/// `dest` is the destination pulldown-cmark resolved, which the one found
/// must resolve to.
pub(crate) fn inline_dest(
    src: &str,
    link: Range<usize>,
    text_end: usize,
    dest: &str,
    in_table: bool,
) -> Option<Range<usize>> {
    let b = src.as_bytes();
    let end = link.end.min(b.len());
    if end == 0 || b[end - 1] != b')' {
        return None;
    }
    let mut pos = text_end.max(link.start).min(end);
    while let Some(k) = memchr::memmem::find(&b[pos..end], b"](") {
        let open = pos + k + 2;
        pos += k + 1;
        // Whether a line break is followed by block quote marks is not
        // known here: try without, then with.
        for quotes in [false, true] {
            if let Some(range) = inline_dest_at(src, open, end, dest, in_table, quotes) {
                return Some(range);
            }
        }
    }
    None
}

/// The destination of an inline link whose `(` ends at `open`, if the rest
/// up to the final `)` at `end - 1` reads as destination and title, and the
/// destination resolves to `dest`.
fn inline_dest_at(
    src: &str,
    open: usize,
    end: usize,
    dest: &str,
    in_table: bool,
    quotes: bool,
) -> Option<Range<usize>> {
    let b = src.as_bytes();
    let i = skip_separator(b, open, end, quotes);
    let (range, after) = scan_dest(b, i, end)?;
    let mut j = skip_separator(b, after, end, quotes);
    if j < end - 1 {
        j = skip_separator(b, scan_title(b, j, end)?, end, quotes);
    }
    if j != end - 1 {
        return None;
    }
    let raw = src.get(range.clone())?;
    if md_unescape(raw, in_table) != dest {
        return None;
    }
    // An empty destination (not `<>`) stands right after the `(`, where a
    // new one is written: after the white space (and line break) that may
    // follow, it would read the same but not stand where it was written.
    if range.is_empty() && b.get(range.start.wrapping_sub(1)) != Some(&b'<') {
        return Some(open..open);
    }
    Some(range)
}

/// The label and destination of a link reference definition spanning
/// `def` in `src`, whose destination resolves to `dest`.
pub(crate) fn definition_parts(
    src: &str,
    def: Range<usize>,
    dest: &str,
) -> Option<(Range<usize>, Range<usize>)> {
    let b = src.as_bytes();
    let end = def.end.min(b.len());
    let open = def.start + memchr::memchr(b'[', b.get(def.start..end)?)?;
    let mut j = open + 1;
    while j < end {
        match b[j] {
            b'\\' if j + 1 < end => j += 1,
            b']' => break,
            _ => {}
        }
        j += 1;
    }
    if b.get(j + 1) != Some(&b':') {
        return None;
    }
    let label = open + 1..j;
    [false, true].into_iter().find_map(|quotes| {
        let i = skip_separator(b, j + 2, end, quotes);
        let (range, _) = scan_dest(b, i, end)?;
        let raw = src.get(range.clone())?;
        (md_unescape(raw, false) == dest).then_some((label.clone(), range))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let cases: &[(&str, Target<'_>)] = &[
            (
                "/microservices.html",
                Target::Page {
                    slug: "microservices",
                    fragment: None,
                    post: false,
                },
            ),
            (
                "/blog/my-post.html#part-2",
                Target::Page {
                    slug: "my-post",
                    fragment: Some("part-2"),
                    post: true,
                },
            ),
            (
                "/x.html?a=1#f",
                Target::Page {
                    slug: "x",
                    fragment: Some("f"),
                    post: false,
                },
            ),
            ("/img/logo.png", Target::Asset),
            ("/static/a.css", Target::Asset),
            ("/blog/a/b.html", Target::Asset),
            ("/.html", Target::Asset),
            ("/", Target::Asset),
            ("#why", Target::Fragment("why")),
            ("#", Target::Fragment("")),
            ("other.html", Target::Relative),
            ("", Target::Relative),
            ("?q=1", Target::Relative),
            ("//cdn.example/x.js", Target::ProtocolRelative),
            ("https://www.fullstackpython.com/", Target::Https),
            ("HTTP://x", Target::Http),
            ("mailto:a@b.c", Target::Mailto),
            ("ftp://x", Target::OtherScheme("ftp".into())),
            ("c:\\x", Target::OtherScheme("c".into())),
            (
                "data:image/png;base64,AAA",
                Target::OtherScheme("data".into()),
            ),
            ("DATA: Image/svg+xml,x", Target::OtherScheme("data".into())),
            ("1http://x", Target::Relative),
            ("a b:c", Target::Relative),
        ];
        for (dest, want) in cases {
            assert_eq!(&classify(dest), want, "{dest:?}");
        }
    }

    #[test]
    fn dangerous_obfuscations() {
        for (dest, scheme) in [
            ("javascript:alert(1)", DangerousScheme::Javascript),
            ("JaVaScRiPt:alert(1)", DangerousScheme::Javascript),
            ("  javascript:x", DangerousScheme::Javascript),
            ("\u{1}\u{8}\u{1f}javascript:x", DangerousScheme::Javascript),
            ("java\tscript:x", DangerousScheme::Javascript),
            ("java\nscr\ript:x", DangerousScheme::Javascript),
            ("vbscript:msgbox", DangerousScheme::Vbscript),
            ("data:text/html,<script>", DangerousScheme::Data),
            ("data:,x", DangerousScheme::Data),
            ("data:imag/png,x", DangerousScheme::Data),
        ] {
            assert_eq!(classify(dest), Target::Dangerous(scheme), "{dest:?}");
        }
        assert_eq!(classify("javascript-tutorial.html"), Target::Relative);
        assert_eq!(classify("/javascript:x"), Target::Asset);
    }

    #[test]
    fn markdown_unescaping() {
        assert_eq!(md_unescape("a\\(b\\)\\q", false), "a(b)\\q");
        assert_eq!(
            md_unescape("&amp;&#106;&#x6a;&#0;&#12345678;&bogus;&copy", false),
            "&jj\u{FFFD}&#12345678;&bogus;&copy"
        );
        assert_eq!(md_unescape("a\\\\|b\\|c", true), "a|b|c");
        assert_eq!(md_unescape("a\\\\|b", false), "a\\|b");
        assert_eq!(md_unescape("a\r\nb", false), "a\nb");
        assert!(matches!(
            md_unescape("plain", false),
            Cow::Borrowed("plain")
        ));
    }

    fn dest_of<'a>(src: &'a str, text_end: usize, dest: &str) -> Option<&'a str> {
        inline_dest(src, 0..src.len(), text_end, dest, false).map(|r| &src[r])
    }

    #[test]
    fn inline_destinations() {
        assert_eq!(dest_of("[a](b)", 1, "b"), Some("b"));
        assert_eq!(dest_of("[a](<b c> 'd')", 1, "b c"), Some("b c"));
        assert_eq!(dest_of("[a](b(c)d \"t\")", 1, "b(c)d"), Some("b(c)d"));
        assert_eq!(dest_of("[a](b\\)c)", 1, "b)c"), Some("b\\)c"));
        assert_eq!(dest_of("[a](b (t))", 1, "b"), Some("b"));
        assert_eq!(dest_of("[a](\n  b\n  \"t\"\n)", 1, "b"), Some("b"));
        assert_eq!(dest_of("[a](\n> b)", 1, "b"), Some("b"));
        assert_eq!(dest_of("[a](\n    >)", 1, ">"), Some(">"));
        assert_eq!(dest_of("[a](<>)", 1, ""), Some(""));
        assert_eq!(dest_of("[a]()", 1, ""), Some(""));
        assert_eq!(dest_of("[x](y) ](z)", 1, "y"), None);
        // The first `](` belongs to a nested bracket in the text.
        assert_eq!(dest_of("[a [b](c) d](e)", 1, "e"), Some("e"));
        assert_eq!(dest_of("![a](&#106;s)", 2, "js"), Some("&#106;s"));
        assert_eq!(dest_of("[a](b", 1, "b"), None);
        assert_eq!(dest_of("", 0, ""), None);
        assert_eq!(dest_of("[é](ü)", 1, "ü"), Some("ü"));
    }

    #[test]
    fn definitions() {
        let src = "[Foo\\]bar]: \n  <a b> \"t\"";
        let (label, dest) = definition_parts(src, 0..src.len(), "a b").unwrap();
        assert_eq!((&src[label], &src[dest]), ("Foo\\]bar", "a b"));
        let src = "  [x]:/y";
        let (label, dest) = definition_parts(src, 0..src.len(), "/y").unwrap();
        assert_eq!((&src[label], &src[dest]), ("x", "/y"));
        assert_eq!(definition_parts(src, 0..src.len(), "/z"), None);
        assert_eq!(definition_parts("[x]", 0..3, "/z"), None);
    }
}
