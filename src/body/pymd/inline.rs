//! Python-Markdown's inline reading, for what makes links and plain text:
//! code spans and backslash escapes first, then reference links, inline
//! links (`[text](dest "title")`, the destination read as Python-Markdown
//! reads it: spaces allowed, parentheses counted, a quote starting a
//! title), images, short references, autolinks, e-mail autolinks and raw
//! HTML tags. A link's text may hold images but no links; an image's alt
//! text is not read for links.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use super::marks::{count, table, Marks, Spare};

/// Characters a backslash escapes.
pub(super) const ESCAPED: &[u8] = b"\\`*_{}[]()>#+-.!";

/// One run of inline text joined from its pieces (`\n` between them), with
/// the place of each piece in the body.
pub(super) struct Run<'a> {
    pub text: Cow<'a, str>,
    /// (offset in `text`, offset in the body) of each piece's start.
    pub map: Vec<(usize, usize)>,
}

impl<'a> Run<'a> {
    /// The body offset of `text` offset `p`, and the piece it is in.
    pub fn source(&self, p: usize) -> (usize, usize) {
        let i = self.map.partition_point(|&(t, _)| t <= p).saturating_sub(1);
        let (t, s) = self.map[i];
        (s + (p - t), i)
    }

    /// `text[r]` as a slice of the body, when the run is one.
    pub fn borrowed(&self, r: Range<usize>) -> Option<&'a str> {
        match self.text {
            Cow::Borrowed(s) => s.get(r),
            Cow::Owned(_) => None,
        }
    }

    /// The body range of a `text` range, if it lies in one piece.
    pub fn source_range(&self, r: &Range<usize>) -> Option<Range<usize>> {
        let (a, i) = self.source(r.start);
        let (b, j) = self.source(r.end);
        let same = i == j || (r.end == r.start);
        let next_piece = self.map.get(i + 1).map_or(usize::MAX, |&(t, _)| t);
        (same || r.end < next_piece)
            .then_some(a..a + (r.end - r.start))
            .filter(|_| b >= a)
    }
}

/// What a link found in a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Found {
    Inline,
    Reference,
    Collapsed,
    Shortcut,
    Image,
    ImageReference,
    Autolink,
    Email,
    /// A raw HTML tag: scanned for `href`/`src` by the caller.
    Html,
}

/// A link in a run (offsets into the run's text).
pub(super) struct InlineLink {
    pub kind: Found,
    pub span: Range<usize>,
    /// The destination as written (for inline links and autolinks).
    pub dest: Option<Range<usize>>,
    pub title: Option<Range<usize>>,
    /// The text between the brackets.
    pub text: Range<usize>,
    /// The definition used (reference kinds).
    pub definition: Option<usize>,
}

/// A reference with no definition.
pub(super) struct Broken {
    pub span: Range<usize>,
    pub label: Range<usize>,
    pub kind: Found,
}

/// The bytes [`scan`] stops at when it also gathers plain text (emphasis
/// marks): text with none of them reads as written.
pub(super) const PLAIN: [bool; 256] = table(b"\\`<[*_");

/// Where [`scan`] next has something to look at: a `[`, a `<`, a
/// backslash or the start of a code span (an image's `!` is seen from its
/// `[`); with plain text gathered, also `*`, `_` and every backtick.
struct Stops {
    plain: bool,
    /// The first backslash at or after the last place asked for.
    backslash: usize,
}

impl Stops {
    fn new(b: &[u8], plain: bool) -> Self {
        Stops {
            plain,
            backslash: memchr::memchr(b'\\', b).unwrap_or(b.len()),
        }
    }

    /// The first stop at or after `i`, or `limit`.
    fn next(&mut self, b: &[u8], marks: &Marks<'_>, i: usize, limit: usize) -> usize {
        if self.plain {
            let n = b[i..limit]
                .iter()
                .position(|&c| PLAIN[usize::from(c)])
                .unwrap_or(limit - i);
            count(n + 1);
            return i + n;
        }
        if self.backslash < i {
            self.backslash = memchr::memchr(b'\\', &b[i..]).map_or(b.len(), |k| i + k);
            count(self.backslash - i + 1);
        }
        let end = limit
            .min(self.backslash)
            .min(marks.next_code(i).unwrap_or(limit));
        let n = memchr::memchr2(b'[', b'<', &b[i..end]).unwrap_or(end - i);
        count(n + 1);
        i + n
    }
}

/// The definitions, by label as a definition files it.
pub(super) type Definitions = HashMap<String, usize>;

/// Scans `t` for links; with `plain`, also gathers its plain text.
pub(super) fn scan(
    t: &str,
    defs: &Definitions,
    links: &mut Vec<InlineLink>,
    broken: &mut Vec<Broken>,
    mut plain: Option<&mut String>,
    spare: &mut Spare,
) {
    let b = t.as_bytes();
    let marks = Marks::new(t, std::mem::take(spare));
    let mut i = 0;
    // An open link: (end of its text, end of the link).
    let mut open: Option<(usize, usize)> = None;
    let mut mark = 0;
    let mut emphasis: Vec<(usize, usize, u8, bool, bool)> = Vec::new();
    let flush = |plain: &mut Option<&mut String>, from: usize, to: usize| {
        if let Some(p) = plain.as_deref_mut() {
            if from < to {
                p.push_str(&t[from..to]);
            }
        }
    };
    let mut stops = Stops::new(b, plain.is_some());
    while i < b.len() {
        if let Some((text_end, end)) = open {
            if i >= text_end {
                flush(&mut plain, mark, text_end);
                i = end;
                mark = end;
                open = None;
                continue;
            }
        }
        // The bytes up to the next that can start something are text.
        let from = i;
        i = stops.next(b, &marks, i, open.map_or(b.len(), |(text_end, _)| text_end));
        if i >= b.len() || open.is_some_and(|(text_end, _)| i >= text_end) {
            continue;
        }
        match b[i] {
            b'\\' if b.get(i + 1).is_some_and(|c| ESCAPED.contains(c)) => {
                flush(&mut plain, mark, i);
                mark = i + 1;
                i += 2;
            }
            b'`' => {
                let n = run_len(b, i, b'`');
                match marks.code_at(i) {
                    Some(e) => {
                        flush(&mut plain, mark, i);
                        if let Some(p) = plain.as_deref_mut() {
                            p.push_str(t[i + n..e - n].trim());
                        }
                        i = e;
                        mark = e;
                    }
                    None => i += n,
                }
            }
            b'<' => match angle(b, i, &marks) {
                Some((kind, end)) => {
                    flush(&mut plain, mark, i);
                    let inner = i + 1..end - 1;
                    if kind != Found::Html {
                        if let Some(p) = plain.as_deref_mut() {
                            p.push_str(&t[inner.clone()]);
                        }
                    }
                    links.push(InlineLink {
                        kind,
                        span: i..end,
                        dest: (kind != Found::Html).then_some(inner.clone()),
                        title: None,
                        text: inner,
                        definition: None,
                    });
                    i = end;
                    mark = end;
                }
                None => i += 1,
            },
            // An image: `![`, the `!` read as text just before.
            b'[' if i > from && b[i - 1] == b'!' => match bracketed(t, i, defs, true, &marks) {
                Ok(link) => {
                    flush(&mut plain, mark, i - 1);
                    i = link.span.end;
                    mark = i;
                    links.push(link);
                }
                Err(miss) => {
                    if let Some(m) = miss {
                        broken.push(m);
                    }
                    i += 1;
                }
            },
            b'[' if open.is_none() => match bracketed(t, i, defs, false, &marks) {
                Ok(link) => {
                    flush(&mut plain, mark, i);
                    open = Some((link.text.end, link.span.end));
                    i = link.text.start;
                    mark = i;
                    links.push(link);
                }
                Err(miss) => {
                    if let Some(m) = miss {
                        broken.push(m);
                    }
                    i += 1;
                }
            },
            c @ (b'*' | b'_') if plain.is_some() => {
                let n = run_len(b, i, c);
                flush(&mut plain, mark, i);
                let before = t[..i].chars().next_back();
                let after = t[i + n..].chars().next();
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
                let (mut open_ok, mut close_ok) = (!space(after), !space(before));
                if c == b'_' {
                    open_ok &= !word(before);
                    close_ok &= !word(after);
                }
                if let Some(p) = plain.as_deref_mut() {
                    emphasis.push((p.len(), n, c, open_ok, close_ok));
                    p.push_str(&t[i..i + n]);
                }
                i += n;
                mark = i;
            }
            _ => i += 1,
        }
    }
    if let Some((text_end, _)) = open {
        flush(&mut plain, mark, text_end);
    } else {
        flush(&mut plain, mark, b.len());
    }
    if let Some(p) = plain {
        drop_emphasis(p, &emphasis);
    }
    *spare = marks.into_spare();
}

/// Takes the emphasis marks out of plain text: each run of `*` or `_`
/// that can close (white space does not come before it; for `_`, no
/// letter or digit after it) pairs with the latest open run of the same
/// character (white space does not follow it; for `_`, no letter or digit
/// before it); paired runs are removed, the others kept.
fn drop_emphasis(plain: &mut String, runs: &[(usize, usize, u8, bool, bool)]) {
    let mut stack: Vec<usize> = Vec::new();
    let mut remove = vec![false; runs.len()];
    for (k, &(_, _, c, open, close)) in runs.iter().enumerate() {
        if close {
            if let Some(at) = stack.iter().rposition(|&o| runs[o].2 == c) {
                remove[stack[at]] = true;
                remove[k] = true;
                stack.truncate(at);
                continue;
            }
        }
        if open {
            stack.push(k);
        }
    }
    for (k, &(pos, n, ..)) in runs.iter().enumerate().rev() {
        if remove[k] {
            plain.replace_range(pos..pos + n, "");
        }
    }
}

fn run_len(b: &[u8], i: usize, c: u8) -> usize {
    b[i..].iter().take_while(|&&x| x == c).count()
}

/// An autolink, e-mail autolink or raw HTML tag at `i`: its kind and end.
fn angle(b: &[u8], i: usize, marks: &Marks) -> Option<(Found, usize)> {
    let close = marks.next_angle(i + 1)?;
    if b[close] != b'>' {
        // A comment may hold `<`.
        if b[i..].starts_with(b"<!--") {
            let e = marks.next_comment_end(i + 4)?;
            return Some((Found::Html, e + 3));
        }
        return None;
    }
    let inner = &b[i + 1..close];
    let lower: Vec<u8> = inner.iter().take(8).map(u8::to_ascii_lowercase).collect();
    let url = ["http://", "https://", "ftp://", "ftps://"]
        .iter()
        .any(|p| lower.starts_with(p.as_bytes()));
    if url {
        return Some((Found::Autolink, close + 1));
    }
    if let Some(at) = inner.iter().position(|&c| c == b'@') {
        let (user, host) = (&inner[..at], &inner[at + 1..]);
        let ok_user =
            !user.is_empty() && !user.iter().any(|&c| matches!(c, b'<' | b'>' | b' ' | b'!'));
        let ok_host =
            !host.is_empty() && !host.iter().any(|&c| matches!(c, b'@' | b'<' | b'>' | b' '));
        if ok_user && ok_host {
            return Some((Found::Email, close + 1));
        }
    }
    if inner.starts_with(b"!--") && inner.ends_with(b"--") {
        return Some((Found::Html, close + 1));
    }
    let s = usize::from(inner.first() == Some(&b'/'));
    if !inner.get(s)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = inner.iter().position(|&c| c == b' ').unwrap_or(inner.len());
    if inner[..name_end].contains(&b'@') {
        return None;
    }
    Some((Found::Html, close + 1))
}

/// A link or image whose `[` is at `i`. `Err(Some(_))` for a reference
/// whose label has no definition.
fn bracketed(
    t: &str,
    i: usize,
    defs: &Definitions,
    image: bool,
    marks: &Marks,
) -> Result<InlineLink, Option<Broken>> {
    let b = t.as_bytes();
    let end = marks.bracket_end(i).ok_or(None)?;
    let text = i + 1..end - 1;
    let start = if image { i - 1 } else { i };
    // `[text][label]` or `[text] [label]`.
    let mut k = end;
    if b.get(k).is_some_and(u8::is_ascii_whitespace) {
        k += 1;
    }
    let mut missing = None;
    if b.get(k) == Some(&b'[') {
        if let Some(close) = marks.next_close(k + 1) {
            let label = k + 1..close;
            let key = if label.is_empty() {
                text.clone()
            } else {
                label.clone()
            };
            match lookup(t, key, defs, marks) {
                Some(d) => {
                    let kind = match (image, label.is_empty()) {
                        (true, _) => Found::ImageReference,
                        (false, true) => Found::Collapsed,
                        (false, false) => Found::Reference,
                    };
                    return Ok(InlineLink {
                        kind,
                        span: start..label.end + 1,
                        dest: None,
                        title: None,
                        text,
                        definition: Some(d),
                    });
                }
                None => {
                    missing = Some(Broken {
                        span: start..label.end + 1,
                        label: if label.is_empty() {
                            text.clone()
                        } else {
                            label
                        },
                        kind: Found::Reference,
                    });
                }
            }
        }
    }
    if b.get(end) == Some(&b'(') {
        if let Some((dest, title, link_end)) = link_dest(t, end, marks) {
            return Ok(InlineLink {
                kind: if image { Found::Image } else { Found::Inline },
                span: start..link_end,
                dest: Some(dest),
                title,
                text,
                definition: None,
            });
        }
    }
    if let Some(d) = lookup(t, text.clone(), defs, marks) {
        return Ok(InlineLink {
            kind: if image {
                Found::ImageReference
            } else {
                Found::Shortcut
            },
            span: start..end,
            dest: None,
            title: None,
            text,
            definition: Some(d),
        });
    }
    if missing.is_none() && !t[text.clone()].starts_with('^') && b.get(end) != Some(&b'(') {
        missing = Some(Broken {
            span: start..end,
            label: text,
            kind: Found::Shortcut,
        });
    }
    Err(missing)
}

/// The definition that the label `t[r]` names. A label holding a bracket
/// names none (a definition's label holds none), which keeps nested
/// brackets from looking up each of their texts.
fn lookup(t: &str, r: Range<usize>, defs: &Definitions, marks: &Marks) -> Option<usize> {
    if defs.is_empty() || marks.has_bracket(r.clone()) {
        return None;
    }
    count(r.len());
    defs.get(&normalize(&t[r])).copied()
}

/// A reference label as a link looks it up: lowercased, each white space
/// run made one space.
pub(super) fn normalize(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_ascii() {
        out.make_ascii_lowercase();
        out
    } else {
        out.to_lowercase()
    }
}

/// A reference label as a definition files it: trimmed and lowercased.
pub(super) fn definition_key(label: &str) -> String {
    label.trim().to_lowercase()
}

/// The destination (and title) of an inline link whose `(` is at `open`,
/// read as Python-Markdown reads it; the link's end.
pub(super) fn link_dest(
    t: &str,
    open: usize,
    marks: &Marks,
) -> Option<(Range<usize>, Option<Range<usize>>, usize)> {
    let b = t.as_bytes();
    let mut k = open + 1;
    while b.get(k).is_some_and(u8::is_ascii_whitespace) {
        k += 1;
    }
    // `(<dest> "title")`.
    if b.get(k) == Some(&b'<') {
        if let Some(gt) = marks.next_angle(k + 1) {
            if b[gt] == b'>' {
                let mut j = gt + 1;
                while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                let mut title = None;
                if let Some(&q) = b.get(j).filter(|q| matches!(q, b'"' | b'\'')) {
                    let e = b[j + 1..].iter().position(|&c| c == q);
                    count(e.unwrap_or(b.len() - j));
                    if let Some(e) = e {
                        title = Some(j + 1..j + 1 + e);
                        j = j + 1 + e + 1;
                        while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                            j += 1;
                        }
                    }
                }
                if b.get(j) == Some(&b')') {
                    return Some((strip(b, k + 1..gt), title, j + 1));
                }
            }
        }
    }
    let start = k;
    // Without a quote before the `)` that closes the `(` (or before the
    // end), the destination runs to that `)`: the parentheses balance.
    let close = marks.paren_close(open);
    let first = marks
        .next_quote(start)
        .filter(|&q| close.is_none_or(|c| q < c));
    let Some(first) = first else {
        let close = close?;
        return Some((strip(b, start..close), None, close + 1));
    };
    let found = marks.quoted_dest(open, start, first)?;
    Some((strip(b, found.dest), found.title, found.end))
}

/// `r` without white space at either end.
fn strip(b: &[u8], r: Range<usize>) -> Range<usize> {
    let (mut s, mut e) = (r.start, r.end.max(r.start));
    while s < e && b[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && b[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    s..e
}

/// Backslash escapes taken out, as Python-Markdown restores escaped
/// characters.
pub(super) fn unescape(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\\', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut mark = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1).is_some_and(|c| ESCAPED.contains(c)) {
            out.push_str(&s[mark..i]);
            mark = i + 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[mark..]);
    Cow::Owned(out)
}
