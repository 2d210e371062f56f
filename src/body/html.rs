//! A small scanner for raw HTML: the `href` of `<a>` and the `src` of
//! `<img>` tags, with comments, raw-text elements (`<script>`, `<style>`,
//! `<textarea>`) and declarations skipped, and character references in
//! attribute values decoded the way browsers decode them; and, for
//! [`scan_all`], what else in the HTML runs script or loads a URL
//! (`<script>`, `on...` attributes, `<iframe src>` and the like).

use std::borrow::Cow;
use std::ops::Range;

/// What an HTML tag found by [`scan`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TagKind {
    /// `<a ...>`.
    A,
    /// `<img ...>`.
    Img,
    /// `</a>`.
    CloseA,
}

/// What an [`Active`] piece of a tag is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ActiveTag {
    /// A `<script>` start tag.
    Script,
    /// An event-handler attribute (`onclick`, `onerror` ...).
    Handler,
    /// An attribute holding a URL a browser loads or follows, besides
    /// `<a href>` and `<img src>`: `<iframe src>`, `<frame src>`, `<embed
    /// src>`, `<object data>`, `<area href>`, `<form action>`, `<button
    /// formaction>`, `<input formaction>`, `<base href>`, and `xlink:href`
    /// on any element.
    Url,
    /// The `content` of `<meta http-equiv="refresh" content="...">` (the
    /// URL stands after `url=`).
    Refresh,
}

/// A part of a tag that runs script or loads a URL, with byte ranges into
/// the scanned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Active {
    pub kind: ActiveTag,
    /// The whole tag, `<` to `>`.
    pub tag: Range<usize>,
    /// The attribute's name and value (`None` for a `<script>` tag).
    pub attribute: Option<(Range<usize>, Range<usize>)>,
}

/// A tag of interest, with byte ranges into the scanned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FoundTag {
    pub kind: TagKind,
    /// The whole tag, `<` to `>`.
    pub tag: Range<usize>,
    /// The value of `href` (for `<a>`) or `src` (for `<img>`), without
    /// quotes.
    pub value: Option<Range<usize>>,
    /// The value of `title` (for `<a>`) or `alt` (for `<img>`).
    pub label: Option<Range<usize>>,
}

/// State carried from one piece of HTML to the next (a comment or a
/// `<script>` may go on across events and blocks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum ScanState {
    #[default]
    Data,
    /// Inside `<!-- ... -->`.
    Comment,
    /// Inside `<? ... ?>` (a processing instruction, as CommonMark reads
    /// raw HTML: one piece up to `?>`).
    Instruction,
    /// Inside `<![CDATA[ ... ]]>`.
    Cdata,
    /// Inside the raw text of `<script>`, `<style>` or `<textarea>`.
    RawText(RawText),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawText {
    Script,
    Style,
    Textarea,
}

impl RawText {
    fn name(self) -> &'static [u8] {
        match self {
            RawText::Script => b"script",
            RawText::Style => b"style",
            RawText::Textarea => b"textarea",
        }
    }
}

/// Scans `s`, calling `found` for each `<a>`, `</a>` and `<img>` tag outside
/// comments and raw text. A tag cut off by the end of `s` is not reported.
#[allow(
    dead_code,
    reason = "the entry for readers that want links only; the CommonMark walk uses scan_all"
)]
pub(crate) fn scan(s: &str, state: &mut ScanState, found: impl FnMut(FoundTag)) {
    scan_all(s, state, found, |_| {});
}

/// Where a comment's text ends in `b` (one past its end): at `-->`, or at
/// `--!>`, which the HTML tokenizer also takes as the end.
fn comment_end(b: &[u8]) -> Option<usize> {
    let plain = memchr::memmem::find(b, b"-->").map(|k| k + 3);
    let bang = memchr::memmem::find(b, b"--!>").map(|k| k + 4);
    match (plain, bang) {
        (Some(p), Some(q)) => Some(p.min(q)),
        (p, q) => p.or(q),
    }
}

/// Whether `name` is an event-handler attribute: `on` and a letter.
fn is_handler(name: &[u8]) -> bool {
    name.len() > 2 && name[..2].eq_ignore_ascii_case(b"on") && name[2].is_ascii_alphabetic()
}

/// Whether attribute `attr` of element `tag` holds a URL a browser loads or
/// follows (see [`TagKind::Url`]).
fn is_url_attribute(tag: &[u8], attr: &[u8]) -> bool {
    let is = |a: &[u8], b: &[u8]| a.eq_ignore_ascii_case(b);
    if is(attr, b"xlink:href") {
        return true;
    }
    let wanted: &[u8] = if is(tag, b"iframe") || is(tag, b"frame") || is(tag, b"embed") {
        b"src"
    } else if is(tag, b"object") {
        b"data"
    } else if is(tag, b"area") || is(tag, b"base") {
        b"href"
    } else if is(tag, b"form") {
        b"action"
    } else if is(tag, b"button") || is(tag, b"input") {
        b"formaction"
    } else {
        return false;
    };
    is(attr, wanted)
}

/// [`scan`], also giving `active` what runs script or loads a URL:
/// `<script>` start tags, event-handler attributes, the URL attributes of
/// [`ActiveTag::Url`] and meta refreshes (each after the tag's `<a>` or
/// `<img>` report, if any; of attributes written twice, the first).
pub(crate) fn scan_all(
    s: &str,
    state: &mut ScanState,
    mut found: impl FnMut(FoundTag),
    mut active_found: impl FnMut(Active),
) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match *state {
            ScanState::Comment | ScanState::Instruction | ScanState::Cdata => {
                let found = match *state {
                    ScanState::Comment => comment_end(&b[i..]),
                    ScanState::Instruction => memchr::memmem::find(&b[i..], b"?>").map(|k| k + 2),
                    _ => memchr::memmem::find(&b[i..], b"]]>").map(|k| k + 3),
                };
                match found {
                    Some(k) => {
                        i += k;
                        *state = ScanState::Data;
                    }
                    None => return,
                }
            }
            ScanState::RawText(raw) => {
                let name = raw.name();
                let mut j = i;
                loop {
                    let Some(k) = memchr::memmem::find(&b[j..], b"</") else {
                        return;
                    };
                    let at = j + k + 2;
                    let end = at + name.len();
                    if b.len() >= end
                        && b[at..end].eq_ignore_ascii_case(name)
                        && b.get(end).is_none_or(|&c| is_tag_end(c))
                    {
                        *state = ScanState::Data;
                        i = j + k;
                        break;
                    }
                    j = at;
                }
            }
            ScanState::Data => {
                let Some(k) = memchr::memchr(b'<', &b[i..]) else {
                    return;
                };
                let lt = i + k;
                i = lt + 1;
                match b.get(lt + 1) {
                    Some(b'!') => {
                        if b[lt..].starts_with(b"<!--") {
                            // `<!-->` and `<!--->` are empty comments.
                            let body = lt + 4;
                            if b[body..].starts_with(b">") {
                                i = body + 1;
                            } else if b[body..].starts_with(b"->") {
                                i = body + 2;
                            } else {
                                i = body;
                                *state = ScanState::Comment;
                            }
                        } else if b[lt..].starts_with(b"<![CDATA[") {
                            // Markdown reads CDATA as one piece up to `]]>`:
                            // a tag inside is not a tag.
                            i = lt + 9;
                            *state = ScanState::Cdata;
                        } else {
                            i = skip_to_gt(b, lt + 2);
                        }
                    }
                    Some(b'?') => {
                        // Markdown reads `<?` as one piece up to `?>` (a
                        // browser would stop at the first `>`); a tag inside
                        // is not a tag, so a rewrite never cuts that piece.
                        i = lt + 2;
                        *state = ScanState::Instruction;
                    }
                    Some(b'/') => {
                        let name_start = lt + 2;
                        if b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                            let name_end = tag_name_end(b, name_start);
                            let end = skip_to_gt(b, name_end);
                            if end > b.len() || b.get(end - 1) != Some(&b'>') {
                                return;
                            }
                            if b[name_start..name_end].eq_ignore_ascii_case(b"a") {
                                found(FoundTag {
                                    kind: TagKind::CloseA,
                                    tag: lt..end,
                                    value: None,
                                    label: None,
                                });
                            }
                            i = end;
                        }
                    }
                    Some(c) if c.is_ascii_alphabetic() => {
                        let name_start = lt + 1;
                        let name_end = tag_name_end(b, name_start);
                        let name = &b[name_start..name_end];
                        let kind = if name.eq_ignore_ascii_case(b"a") {
                            Some(TagKind::A)
                        } else if name.eq_ignore_ascii_case(b"img") {
                            Some(TagKind::Img)
                        } else {
                            None
                        };
                        // (kind, value, attribute name) of what else the tag
                        // holds that runs script or loads a URL.
                        let mut active: Vec<(ActiveTag, Range<usize>, Range<usize>)> = Vec::new();
                        let meta = name.eq_ignore_ascii_case(b"meta");
                        let mut refresh = false;
                        let mut on_attribute = |attr: Range<usize>, value: Range<usize>| {
                            let attr_name = &b[attr.clone()];
                            let kind = if is_handler(attr_name) {
                                ActiveTag::Handler
                            } else if is_url_attribute(name, attr_name) {
                                ActiveTag::Url
                            } else if meta && attr_name.eq_ignore_ascii_case(b"content") {
                                ActiveTag::Refresh
                            } else {
                                if meta && attr_name.eq_ignore_ascii_case(b"http-equiv") {
                                    refresh |= b[value].eq_ignore_ascii_case(b"refresh");
                                }
                                return;
                            };
                            let first = !active
                                .iter()
                                .any(|(_, _, a)| b[a.clone()].eq_ignore_ascii_case(attr_name));
                            if first {
                                active.push((kind, value, attr));
                            }
                        };
                        let Some(tag) = scan_attributes(b, name_end, kind, &mut on_attribute)
                        else {
                            return;
                        };
                        if let Some(kind) = kind {
                            found(FoundTag {
                                kind,
                                tag: lt..tag.end,
                                value: tag.value,
                                label: tag.label,
                            });
                        }
                        if name.eq_ignore_ascii_case(b"script") {
                            active_found(Active {
                                kind: ActiveTag::Script,
                                tag: lt..tag.end,
                                attribute: None,
                            });
                        }
                        for (kind, value, attr) in active {
                            if kind != ActiveTag::Refresh || refresh {
                                active_found(Active {
                                    kind,
                                    tag: lt..tag.end,
                                    attribute: Some((attr, value)),
                                });
                            }
                        }
                        for raw in [RawText::Script, RawText::Style, RawText::Textarea] {
                            if name.eq_ignore_ascii_case(raw.name()) && !tag.self_closing {
                                *state = ScanState::RawText(raw);
                            }
                        }
                        i = tag.end;
                    }
                    _ => {}
                }
            }
        }
    }
}

fn is_tag_end(c: u8) -> bool {
    matches!(c, b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

pub(super) fn is_html_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn tag_name_end(b: &[u8], from: usize) -> usize {
    from + b[from..].iter().take_while(|&&c| !is_tag_end(c)).count()
}

/// One past the next `>` at or after `from`, or the end of the text plus one
/// when there is none (so that callers see the tag as cut off).
fn skip_to_gt(b: &[u8], from: usize) -> usize {
    match memchr::memchr(b'>', b.get(from..).unwrap_or_default()) {
        Some(k) => from + k + 1,
        None => b.len() + 1,
    }
}

struct Attrs {
    end: usize,
    value: Option<Range<usize>>,
    label: Option<Range<usize>>,
    self_closing: bool,
}

/// Reads the attributes of a start tag from `i` (after the tag name) to its
/// `>`, following the HTML tokenizer's rules; `None` when the text ends
/// first. `each` is given every attribute's name and value.
fn scan_attributes(
    b: &[u8],
    mut i: usize,
    kind: Option<TagKind>,
    each: &mut dyn FnMut(Range<usize>, Range<usize>),
) -> Option<Attrs> {
    let (want, label_name): (&[u8], &[u8]) = match kind {
        Some(TagKind::A) => (b"href", b"title"),
        Some(TagKind::Img) => (b"src", b"alt"),
        _ => (b"", b""),
    };
    let mut out = Attrs {
        end: 0,
        value: None,
        label: None,
        self_closing: false,
    };
    let mut seen_value = false;
    let mut seen_label = false;
    loop {
        while i < b.len() && (is_html_space(b[i]) || b[i] == b'/') {
            out.self_closing = b[i] == b'/';
            i += 1;
        }
        match b.get(i) {
            None => return None,
            Some(b'>') => {
                out.end = i + 1;
                return Some(out);
            }
            Some(_) => {}
        }
        out.self_closing = false;
        // Attribute name: up to white space, `/`, `>` or `=` (a leading
        // `=` belongs to the name).
        let name_start = i;
        i += 1;
        while i < b.len() && !is_html_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &b[name_start..i];
        let name_end = i;
        let name_range = name_start..i;
        while i < b.len() && is_html_space(b[i]) {
            i += 1;
        }
        let mut value = None;
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && is_html_space(b[i]) {
                i += 1;
            }
            match b.get(i) {
                None => return None,
                Some(&q @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let len = memchr::memchr(q, b.get(start..).unwrap_or_default())?;
                    value = Some(start..start + len);
                    i = start + len + 1;
                }
                Some(b'>') => value = Some(i..i),
                Some(_) => {
                    let start = i;
                    while i < b.len() && !is_html_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    value = Some(start..i);
                }
            }
        }
        // The first of duplicate attributes wins; a name with no `=` has
        // the empty value, placed right after the name (so that a rewrite
        // writes `="..."` there, not in front of the next attribute).
        let value = value.unwrap_or(name_end..name_end);
        each(name_range, value.clone());
        if !want.is_empty() && name.eq_ignore_ascii_case(want) && !seen_value {
            seen_value = true;
            out.value = Some(value.clone());
        } else if !label_name.is_empty() && name.eq_ignore_ascii_case(label_name) && !seen_label {
            seen_label = true;
            out.label = Some(value);
        }
    }
}

/// Character references in an attribute value, decoded as a browser does:
/// named references need their `;`, except the legacy ones (`&amp`,
/// `&copy`, ...), which are decoded without it unless an `=` or a letter or
/// digit follows; numeric references need no `;`, and code points that are
/// zero, surrogates or past U+10FFFF become U+FFFD, and those in
/// 0x80..=0x9F are read as windows-1252. A NUL character becomes U+FFFD,
/// as the HTML tokenizer makes it.
pub(crate) fn decode_attribute(value: &str) -> Cow<'_, str> {
    let Some(first) = memchr::memchr2(b'&', b'\0', value.as_bytes()) else {
        return Cow::Borrowed(value);
    };
    let mut out = String::with_capacity(value.len());
    out.push_str(&value[..first]);
    let mut i = first;
    while i < value.len() {
        let rest = &value[i..];
        if rest.starts_with('\0') {
            out.push('\u{fffd}');
            i += 1;
            continue;
        }
        if rest.starts_with('&') {
            if let Some((decoded, len)) = char_ref(rest, true) {
                decoded.push_to(&mut out);
                i += len;
                continue;
            }
        }
        let next =
            memchr::memchr2(b'&', b'\0', &rest.as_bytes()[1..]).map_or(value.len(), |k| i + 1 + k);
        out.push_str(&value[i..next]);
        i = next;
    }
    Cow::Owned(out)
}

/// A decoded character reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decoded {
    Char(char),
    Str(&'static str),
}

impl Decoded {
    fn push_to(self, out: &mut String) {
        match self {
            Decoded::Char(c) => out.push(c),
            Decoded::Str(s) => out.push_str(s),
        }
    }
}

/// The character reference at the start of `s` (which starts with `&`) and
/// its length, as the HTML tokenizer reads it in an attribute value
/// (`attribute` true) or in text.
pub(crate) fn char_ref(s: &str, attribute: bool) -> Option<(Decoded, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let digits = super::links::ref_digits(&b[start..], hex, usize::MAX);
        if digits == 0 {
            return None;
        }
        let mut n: u32 = 0;
        for &c in &b[start..start + digits] {
            let d = char::from(c).to_digit(16).unwrap_or(0);
            n = n
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
        }
        let mut len = start + digits;
        if b.get(len) == Some(&b';') {
            len += 1;
        }
        return Some((Decoded::Char(numeric_char(n)), len));
    }
    let name_len = b[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &b[1..1 + name_len];
    let after = b.get(1 + name_len).copied();
    if after == Some(b';') {
        if let Some(v) = named(name) {
            return Some((Decoded::Str(v), name_len + 2));
        }
    }
    // Without `;`: only legacy names, and (in attributes) not when the
    // next character is `=` or alphanumeric. The whole alphanumeric run is
    // then the name, so a legacy prefix of a longer run is never taken in
    // attributes; in text, the longest legacy prefix is.
    if attribute {
        if after == Some(b'=') || !LEGACY.contains(&name) {
            return None;
        }
        return named(name).map(|v| (Decoded::Str(v), name_len + 1));
    }
    (1..=name_len).rev().find_map(|n| {
        let prefix = &name[..n];
        if LEGACY.contains(&prefix) {
            named(prefix).map(|v| (Decoded::Str(v), n + 1))
        } else {
            None
        }
    })
}

fn named(name: &[u8]) -> Option<&'static str> {
    let table = &html_escape::NAMED_ENTITIES;
    table
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| table[i].1)
}

/// What a numeric character reference to code point `n` stands for.
fn numeric_char(n: u32) -> char {
    const C1: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}',
        '\u{017D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}',
        '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}',
        '\u{9D}', '\u{017E}', '\u{0178}',
    ];
    match n {
        0 => '\u{FFFD}',
        0x80..=0x9F => C1[(n - 0x80) as usize],
        _ => char::from_u32(n).unwrap_or('\u{FFFD}'),
    }
}

/// The named references a browser decodes without a `;`.
const LEGACY: [&[u8]; 106] = [
    b"AElig", b"AMP", b"Aacute", b"Acirc", b"Agrave", b"Aring", b"Atilde", b"Auml", b"COPY",
    b"Ccedil", b"ETH", b"Eacute", b"Ecirc", b"Egrave", b"Euml", b"GT", b"Iacute", b"Icirc",
    b"Igrave", b"Iuml", b"LT", b"Ntilde", b"Oacute", b"Ocirc", b"Ograve", b"Oslash", b"Otilde",
    b"Ouml", b"QUOT", b"REG", b"THORN", b"Uacute", b"Ucirc", b"Ugrave", b"Uuml", b"Yacute",
    b"aacute", b"acirc", b"acute", b"aelig", b"agrave", b"amp", b"aring", b"atilde", b"auml",
    b"brvbar", b"ccedil", b"cedil", b"cent", b"copy", b"curren", b"deg", b"divide", b"eacute",
    b"ecirc", b"egrave", b"eth", b"euml", b"frac12", b"frac14", b"frac34", b"gt", b"iacute",
    b"icirc", b"iexcl", b"igrave", b"iquest", b"iuml", b"laquo", b"lt", b"macr", b"micro",
    b"middot", b"nbsp", b"not", b"ntilde", b"oacute", b"ocirc", b"ograve", b"ordf", b"ordm",
    b"oslash", b"otilde", b"ouml", b"para", b"plusmn", b"pound", b"quot", b"raquo", b"reg",
    b"sect", b"shy", b"sup1", b"sup2", b"sup3", b"szlig", b"thorn", b"times", b"uacute", b"ucirc",
    b"ugrave", b"uml", b"uuml", b"yacute", b"yen", b"yuml",
];

/// Plain text of an HTML fragment: tags and comments removed, character
/// references decoded, white space runs made one space, trimmed.
pub(crate) fn html_text(s: &str) -> Cow<'_, str> {
    if memchr::memchr2(b'<', b'&', s.as_bytes()).is_none() {
        return collapse_spaces(s);
    }
    let mut raw = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &b[i..]) {
        raw.push_str(&s[i..i + k]);
        let lt = i + k;
        let next = b.get(lt + 1).copied();
        i = if b[lt..].starts_with(b"<!--") {
            comment_end(&b[lt + 4..]).map_or(b.len(), |e| lt + 4 + e)
        } else if next.is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?')) {
            skip_to_gt(b, lt + 1).min(b.len())
        } else {
            raw.push('<');
            lt + 1
        };
    }
    raw.push_str(&s[i..]);
    let mut out = String::with_capacity(raw.len());
    let mut pos = 0;
    while pos < raw.len() {
        let rest = &raw[pos..];
        if rest.starts_with('&') {
            if let Some((d, len)) = char_ref(rest, false) {
                d.push_to(&mut out);
                pos += len;
                continue;
            }
        }
        let next = memchr::memchr(b'&', &rest.as_bytes()[1..]).map_or(raw.len(), |k| pos + 1 + k);
        out.push_str(&raw[pos..next]);
        pos = next;
    }
    Cow::Owned(collapse_spaces(&out).into_owned())
}

/// Whether `s` has no white space but single spaces between words.
fn is_collapsed(s: &str) -> bool {
    let b = s.as_bytes();
    let bad_end = |c: Option<&u8>| c.is_some_and(u8::is_ascii_whitespace);
    if bad_end(b.first()) || bad_end(b.last()) {
        return false;
    }
    b.windows(2)
        .all(|w| !w[1].is_ascii_whitespace() || (w[1] == b' ' && !w[0].is_ascii_whitespace()))
}

/// White space runs made one space, trimmed.
pub(crate) fn collapse_spaces(s: &str) -> Cow<'_, str> {
    if is_collapsed(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<(TagKind, &str, Option<&str>, Option<&str>)> {
        let mut state = ScanState::Data;
        let mut out = Vec::new();
        scan(s, &mut state, |t| {
            out.push((
                t.kind,
                &s[t.tag.clone()],
                t.value.map(|r| &s[r]),
                t.label.map(|r| &s[r]),
            ));
        });
        out
    }

    #[test]
    fn finds_hrefs_and_srcs() {
        let s = r#"<p><A HREF="/a.html" title='T'>x</A><img alt=pic src=/i.png />
<a
  href = 'b' href="second"><IMG SRC="c"><a name=x><a href>"#;
        assert_eq!(
            tags(s),
            [
                (
                    TagKind::A,
                    r#"<A HREF="/a.html" title='T'>"#,
                    Some("/a.html"),
                    Some("T")
                ),
                (TagKind::CloseA, "</A>", None, None),
                (
                    TagKind::Img,
                    "<img alt=pic src=/i.png />",
                    Some("/i.png"),
                    Some("pic")
                ),
                (
                    TagKind::A,
                    "<a\n  href = 'b' href=\"second\">",
                    Some("b"),
                    None
                ),
                (TagKind::Img, "<IMG SRC=\"c\">", Some("c"), None),
                (TagKind::A, "<a name=x>", None, None),
                (TagKind::A, "<a href>", Some(""), None),
            ]
        );
    }

    #[test]
    fn comments_raw_text_and_declarations_hide_tags() {
        let s = r#"<!-- <a href="1"> --><!--><a href="2"><!---><a href="3">
<!DOCTYPE html><?php <a href="4"> ?><script><a href="5"></script ><a href="6">
<style>x</style><textarea/><a href="7"><?x > <a href="8"> ?><![CDATA[ > <a href="9"> ]]><a href="10">"#;
        let got: Vec<_> = tags(s).into_iter().map(|t| t.2.unwrap()).collect();
        assert_eq!(got, ["2", "3", "6", "7", "10"]);
    }

    #[test]
    fn comment_state_carries_over() {
        let mut state = ScanState::Data;
        let mut n = 0;
        scan("<div><!-- open", &mut state, |_| n += 1);
        assert_eq!(state, ScanState::Comment);
        scan(r#"<a href="x">"#, &mut state, |_| n += 1);
        assert_eq!(n, 0);
        scan(r#"--> <a href="y">"#, &mut state, |_| n += 1);
        assert_eq!((n, state), (1, ScanState::Data));
    }

    #[test]
    fn cut_off_tags_are_not_reported() {
        assert!(tags(r#"<a href="x""#).is_empty());
        assert!(tags(r#"<a href="x"#).is_empty());
        assert!(tags("<a href=").is_empty());
        assert!(tags("</a").is_empty());
        assert!(tags("<").is_empty());
        assert!(tags("a < b").is_empty());
    }

    #[test]
    fn attribute_decoding() {
        for (raw, want) in [
            ("plain", "plain"),
            ("a&amp;b", "a&b"),
            ("&#106;avascript:", "javascript:"),
            ("&#106avascript:", "javascript:"),
            ("&#x6A;&#X61;va", "java"),
            ("&#0;&#x110000;&#xD800;", "\u{FFFD}\u{FFFD}\u{FFFD}"),
            ("&#128;&#x9f;", "\u{20AC}\u{0178}"),
            ("?a=1&copy=2", "?a=1&copy=2"),
            ("?a=1&copy;", "?a=1©"),
            ("&copy 2", "© 2"),
            ("&notit;", "&notit;"),
            ("&notin;", "∉"),
            ("&colon;&Tab;", ":\t"),
            ("&;&#;&#x;&", "&;&#;&#x;&"),
            ("&#99999999999999;", "\u{FFFD}"),
            ("a\0b\0&amp;\0", "a\u{FFFD}b\u{FFFD}&\u{FFFD}"),
            ("\0", "\u{FFFD}"),
        ] {
            assert_eq!(decode_attribute(raw), want, "{raw:?}");
        }
        assert!(matches!(decode_attribute("no refs"), Cow::Borrowed(_)));
    }

    #[test]
    fn collapsing() {
        for (s, want, borrowed) in [
            ("a b", "a b", true),
            ("", "", true),
            ("x", "x", true),
            (" a", "a", false),
            ("a ", "a", false),
            ("a  b", "a b", false),
            ("a\tb", "a b", false),
            ("a\nb", "a b", false),
        ] {
            let got = collapse_spaces(s);
            assert_eq!(got, want, "{s:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), borrowed, "{s:?}");
        }
    }

    #[test]
    fn text_of_fragments() {
        assert_eq!(
            html_text("  <b>Hi</b>\n&amp; <!-- c --> bye &lt;3 a < b "),
            "Hi & bye <3 a < b"
        );
        assert_eq!(html_text("&notit; &not"), "¬it; ¬");
    }
}
