//! The header block: a nom grammar for its lines and borrowed views of its
//! fields.
//!
//! [`Header`] is a view into a page's text: the fields in source order, each
//! with its key as written, its values and their byte spans. The header is
//! read the way Python-Markdown's meta extension (and so Pelican) reads it;
//! see the crate docs for the rules.

pub(crate) mod grammar;

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::ops::Range;

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};

use crate::span::Span;
use grammar::LineClass;

pub use grammar::{is_py_space, is_valid_key, py_trim};

/// One key line or continuation line of the header (offsets only, kept
/// small: most pages' lines fit one 768-byte allocation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawLine {
    /// Where the line starts.
    start: usize,
    /// Where the line ends, before its line ending.
    end: usize,
    /// The key's end (its colon), for a key line; 0 for a continuation
    /// line (a key is never empty, so a key line's is at least 1).
    key_end: usize,
    /// The value: the rest of the line after the colon (key line) or the
    /// indentation (continuation), trimmed.
    value_start: usize,
    value_end: usize,
    /// The key's indentation (0 to 3 spaces).
    indent: u8,
    /// The line ending's length: 0 (end of input), 1 or 2 (`\r\n`).
    eol_len: u8,
}

impl RawLine {
    /// The line, without its line ending.
    pub(crate) fn line(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The line ending (`\n`, `\r\n`, `\r`, or empty at the end of input).
    pub(crate) fn eol(&self) -> Span {
        Span::new(self.end, self.end + usize::from(self.eol_len))
    }

    /// The key, for a key line; `None` for a continuation line.
    pub(crate) fn key(&self) -> Option<Span> {
        self.is_key()
            .then(|| Span::new(self.start + usize::from(self.indent), self.key_end))
    }

    /// Whether this is a key line.
    pub(crate) fn is_key(&self) -> bool {
        self.key_end != 0
    }

    /// The value, trimmed.
    pub(crate) fn value(&self) -> Span {
        Span::new(self.value_start, self.value_end)
    }
}

/// How the header block ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderEnd {
    /// There is no header: the text is blank, or its first line is not a
    /// key line, a fence or a blank line.
    Absent,
    /// A blank (or white-space-only) line ended it; that line, with its line
    /// ending, belongs to the header.
    Blank(Span),
    /// A closing `---` or `...` line ended it; that line, with its line
    /// ending, belongs to the header.
    Fence(Span),
    /// A line that is neither a key, a continuation, blank nor a fence ended
    /// it; that line is the first line of the body.
    BodyLine(Span),
    /// The text ended inside the header.
    Eof,
}

/// The lines of a header: up to 8 in place (most pages' headers have 7
/// lines or fewer, so reading one allocates nothing), more on the heap.
pub(crate) type Lines = smallvec::SmallVec<[RawLine; 8]>;

/// Where everything of a header stands in the text (offsets only, so that an
/// owned page can keep it beside its text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HeaderIndex {
    /// Where the header starts: after the BOM, if any.
    pub start: usize,
    /// The opening `---` line, with its line ending.
    pub open: Option<Span>,
    pub lines: Lines,
    pub end: HeaderEnd,
    /// Where the body starts.
    pub body_offset: usize,
}

/// Where the line holding `from` ends: the offset of its line ending and
/// the length of that ending (0 at the end of input).
#[inline(always)]
fn line_end(bytes: &[u8], from: usize) -> (usize, u8) {
    let rest = bytes.get(from..).unwrap_or_default();
    match find_eol(rest) {
        Some(i) => {
            let at = from + i;
            let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
            (at, if crlf { 2 } else { 1 })
        }
        None => (bytes.len(), 0),
    }
}

/// The first `\n` or `\r` in `bytes`. On x86-64, memchr's SSE2 searcher
/// called directly, which inlines: header lines are short, and for them
/// the call and dispatch of `memchr2` cost more than the search.
#[inline(always)]
fn find_eol(bytes: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(sse2) = memchr::arch::x86_64::sse2::memchr::Two::new(b'\n', b'\r') {
        return sse2.find(bytes);
    }
    memchr::memchr2(b'\n', b'\r', bytes)
}

/// One line of the header, read.
enum Line {
    /// Blank; the span has the line ending.
    Blank(Span),
    /// A `---` or `...` line; the span has the line ending.
    Fence(Span),
    /// A key line.
    Key(RawLine),
    /// An indented line (a continuation after a key).
    Continuation(RawLine),
    /// Anything else (the line, without its line ending).
    Other(Span),
}

/// Reads the line starting at `pos` (`pos < text.len()`, at a character
/// boundary). Key lines, the common case, take one nom parse from the
/// line's start (the key grammar never reads a line ending) and one memchr
/// from the colon for the line's end; other lines are found first and then
/// classified.
#[inline(always)]
fn read_line(text: &str, pos: usize) -> Line {
    let bytes = text.as_bytes();
    let rest = bytes.get(pos..).unwrap_or_default();
    let first = rest.first().copied().unwrap_or(b'\n');
    if grammar::is_key_byte(first) && !(first == b'-' && rest.starts_with(b"---")) {
        let Some(key_end) = grammar::unindented_key(rest) else {
            let (end, _) = line_end(bytes, pos);
            return Line::Other(Span::new(pos, end));
        };
        let key_end = pos + key_end;
        let (end, eol_len) = line_end(bytes, key_end + 1);
        let value = trimmed(text, Span::new(key_end + 1, end));
        return Line::Key(RawLine {
            start: pos,
            end,
            key_end,
            value_start: value.start,
            value_end: value.end,
            indent: 0,
            eol_len,
        });
    }
    if first == b'\n' || first == b'\r' {
        // An empty line (what ends most headers): no search needed.
        let crlf = first == b'\r' && bytes.get(pos + 1) == Some(&b'\n');
        return Line::Blank(Span::new(pos, pos + 1 + usize::from(crlf)));
    }
    let (end, eol_len) = line_end(bytes, pos);
    let line = Span::new(pos, end);
    let whole = Span::new(pos, end + usize::from(eol_len));
    match grammar::classify(text.get(line.range()).unwrap_or_default()) {
        LineClass::Blank => Line::Blank(whole),
        LineClass::Fence => Line::Fence(whole),
        LineClass::Key(k) => {
            let key_end = pos + k.key_end;
            let value = trimmed(text, Span::new(key_end + 1, end));
            Line::Key(RawLine {
                start: pos,
                end,
                key_end,
                value_start: value.start,
                value_end: value.end,
                // At most 3 spaces.
                indent: k.key_start as u8,
                eol_len,
            })
        }
        LineClass::Continuation => {
            let value = trimmed(text, line);
            Line::Continuation(RawLine {
                start: pos,
                end,
                key_end: 0,
                value_start: value.start,
                value_end: value.end,
                indent: 0,
                eol_len,
            })
        }
        LineClass::Other => Line::Other(line),
    }
}

impl HeaderIndex {
    /// Reads the header at the start of `text`. Never fails: a text with no
    /// header gives an empty index whose body starts after the BOM.
    #[inline]
    pub fn parse(text: &str) -> HeaderIndex {
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut index = HeaderIndex {
            start,
            open: None,
            lines: Lines::new(),
            end: HeaderEnd::Absent,
            body_offset: start,
        };
        // Read in place: the index holds its first lines, and moving it
        // out of a function would copy them.
        index.read(text);
        index
    }

    /// [`HeaderIndex::parse`] into `self`, an empty index.
    fn read(&mut self, text: &str) {
        let index = self;
        let start = index.start;
        if start == text.len() {
            return;
        }
        // The first line: a key line, an opening `---` fence or a blank
        // line starts a header; anything else means there is none.
        let mut pos = match read_line(text, start) {
            Line::Key(raw) => {
                index.lines.push(raw);
                raw.eol().end
            }
            Line::Fence(whole) if grammar::is_open_fence(&text[start..]) => {
                index.open = Some(whole);
                whole.end
            }
            Line::Blank(whole) => {
                // Python-Markdown consumes a blank first line as the end of
                // an empty header, unless the whole text is blank.
                if !text[start..].chars().all(grammar::is_py_space) {
                    index.end = HeaderEnd::Blank(whole);
                    index.body_offset = whole.end;
                }
                return;
            }
            Line::Fence(whole) => {
                // A first line starting with `...` closes an empty header.
                index.end = HeaderEnd::Fence(whole);
                index.body_offset = whole.end;
                return;
            }
            _ => return,
        };
        index.end = loop {
            if pos == text.len() {
                break HeaderEnd::Eof;
            }
            match read_line(text, pos) {
                Line::Key(raw) => {
                    index.lines.push(raw);
                    pos = raw.eol().end;
                }
                Line::Continuation(raw) if !index.lines.is_empty() => {
                    index.lines.push(raw);
                    pos = raw.eol().end;
                }
                Line::Blank(whole) => break HeaderEnd::Blank(whole),
                Line::Fence(whole) => break HeaderEnd::Fence(whole),
                Line::Continuation(raw) => break HeaderEnd::BodyLine(raw.line()),
                Line::Other(line) => break HeaderEnd::BodyLine(line),
            }
        };
        index.body_offset = match index.end {
            HeaderEnd::Blank(s) | HeaderEnd::Fence(s) => s.end,
            HeaderEnd::BodyLine(s) => s.start,
            HeaderEnd::Eof => text.len(),
            HeaderEnd::Absent => start,
        };
    }
}

/// The span of `span`'s text trimmed as Python trims.
#[inline(always)]
fn trimmed(text: &str, span: Span) -> Span {
    // Fast path: ASCII spaces and tabs at both ends, then a byte that is
    // plainly not white space.
    let value = text.as_bytes().get(span.range()).unwrap_or_default();
    let space = |b: &u8| matches!(b, b' ' | b'\t');
    let lead = value.iter().take_while(|b| space(b)).count();
    let kept = &value[lead..];
    let tail = kept.iter().rev().take_while(|b| space(b)).count();
    let kept = &kept[..kept.len() - tail];
    let plain = |b: &u8| *b < 0x80 && !matches!(b, 0x0b | 0x0c | 0x1c..=0x1f);
    match (kept.first(), kept.last()) {
        (Some(a), Some(z)) if !(plain(a) && plain(z)) => trimmed_slow(text, span),
        _ => Span::new(span.start + lead, span.start + lead + kept.len()),
    }
}

/// [`trimmed`] for values with other white space or non-ASCII at an end.
#[cold]
fn trimmed_slow(text: &str, span: Span) -> Span {
    let s = &text[span.range()];
    let t = s.trim_start_matches(grammar::is_py_space);
    let start = span.start + (s.len() - t.len());
    let t = t.trim_end_matches(grammar::is_py_space);
    Span::new(start, start + t.len())
}

/// A view of a page's header: its fields in source order.
#[derive(Clone, Copy, Debug)]
pub struct Header<'p> {
    pub(crate) text: &'p str,
    pub(crate) index: &'p HeaderIndex,
}

impl<'p> Header<'p> {
    /// Whether the page has a header at all: a key line or an opening fence.
    #[must_use]
    pub fn exists(&self) -> bool {
        self.index.open.is_some() || !self.index.lines.is_empty()
    }

    /// The whole header block, from after the BOM to the start of the body
    /// (fences and the ending blank line included).
    #[must_use]
    pub fn span(&self) -> Span {
        Span::new(self.index.start, self.index.body_offset)
    }

    /// Byte offset where the body starts.
    #[must_use]
    pub fn body_offset(&self) -> usize {
        self.index.body_offset
    }

    /// The opening `---` line with its line ending, if the header has one.
    #[must_use]
    pub fn opening_fence(&self) -> Option<Span> {
        self.index.open
    }

    /// How the header ended.
    #[must_use]
    pub fn end(&self) -> HeaderEnd {
        self.index.end
    }

    /// The fields, in source order: each key line with the continuation
    /// lines after it.
    #[must_use]
    pub fn fields(&self) -> Fields<'p> {
        Fields {
            text: self.text,
            rest: &self.index.lines,
        }
    }

    /// Number of fields (key lines).
    #[must_use]
    pub fn len(&self) -> usize {
        self.index.lines.iter().filter(|l| l.is_key()).count()
    }

    /// Whether there are no fields.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.index.lines.is_empty()
    }

    /// The first field whose key equals `key`, ignoring ASCII case.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Field<'p>> {
        self.fields().find(|f| f.is(key))
    }

    /// Every field whose key equals `key`, ignoring ASCII case.
    pub fn get_all<'k>(&self, key: &'k str) -> impl Iterator<Item = Field<'p>> + 'k
    where
        'p: 'k,
    {
        self.fields().filter(move |f| f.is(key))
    }

    /// The header as Python-Markdown's meta extension sees it: lowercased
    /// keys in first-seen order, each with the list of its values (a
    /// repeated key and each continuation line add a value; tabs inside a
    /// value are expanded to 4-column stops, as Python-Markdown does).
    #[must_use]
    pub fn pymd_meta(&self) -> PyMeta<'p> {
        let lines = &self.index.lines;
        let keys = lines.iter().filter(|l| l.is_key()).count();
        let mut meta = PyMeta {
            keys: Vec::with_capacity(keys),
            values: Vec::with_capacity(lines.len()),
            lookup: None,
        };
        // First the keys, each with its number of values (held in its
        // range's end for now), and whether a key comes back.
        let mut repeated = false;
        let mut current = 0;
        for raw in lines {
            if let Some(key) = raw.key() {
                let (slot, new) = meta.slot(&self.text[key.range()], keys);
                repeated |= !new;
                current = slot;
            }
            meta.keys[current].1.end += 1;
        }
        // Then each key's place in `values`.
        let mut at = 0;
        for (_, range) in &mut meta.keys {
            let n = range.end;
            *range = at..at + n;
            at += n;
        }
        if !repeated {
            // Each key's values follow one another in the text: they are
            // already in key order.
            meta.values
                .extend(lines.iter().map(|raw| pymd_value(self.text, raw)));
            return meta;
        }
        // A key given again: each value goes to its key's next place.
        meta.values.resize(lines.len(), Cow::Borrowed(""));
        let mut next: Vec<usize> = meta.keys.iter().map(|(_, r)| r.start).collect();
        for raw in lines {
            if let Some(key) = raw.key() {
                current = meta.slot(&self.text[key.range()], keys).0;
            }
            meta.values[next[current]] = pymd_value(self.text, raw);
            next[current] += 1;
        }
        meta
    }
}

/// A value as Python-Markdown reports it: tabs expanded across the whole
/// line, then the value taken and trimmed.
fn pymd_value<'t>(text: &'t str, raw: &RawLine) -> Cow<'t, str> {
    let value = &text[raw.value().range()];
    if !value.contains('\t') {
        return Cow::Borrowed(value);
    }
    let expanded = grammar::expand_tabs(&text[raw.line().range()]);
    let rest = match raw.key() {
        Some(key) => &expanded[key.end - raw.line().start + 1..],
        None => expanded.as_str(),
    };
    Cow::Owned(py_trim(rest).to_owned())
}

/// Iterator over the fields of a header.
#[derive(Clone, Debug)]
pub struct Fields<'p> {
    text: &'p str,
    rest: &'p [RawLine],
}

impl<'p> Iterator for Fields<'p> {
    type Item = Field<'p>;

    fn next(&mut self) -> Option<Field<'p>> {
        if self.rest.is_empty() {
            return None;
        }
        let n = 1 + self.rest[1..].iter().take_while(|l| !l.is_key()).count();
        let (lines, rest) = self.rest.split_at(n);
        self.rest = rest;
        Some(Field {
            text: self.text,
            lines,
        })
    }
}

/// One field: a key line and the continuation lines after it.
#[derive(Clone, Copy, Debug)]
pub struct Field<'p> {
    text: &'p str,
    lines: &'p [RawLine],
}

impl<'p> Field<'p> {
    /// The key as written.
    #[must_use]
    pub fn key(&self) -> &'p str {
        &self.text[self.key_span().range()]
    }

    /// The key in lowercase (keys compare case-insensitively).
    #[must_use]
    pub fn name(&self) -> Cow<'p, str> {
        let key = self.key();
        if key.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(key.to_ascii_lowercase())
        } else {
            Cow::Borrowed(key)
        }
    }

    /// Whether the key equals `key`, ignoring ASCII case.
    #[must_use]
    pub fn is(&self, key: &str) -> bool {
        self.key().eq_ignore_ascii_case(key)
    }

    /// The span of the key.
    #[must_use]
    pub fn key_span(&self) -> Span {
        self.lines[0].key().unwrap_or_default()
    }

    /// The span of the field's lines, from the start of the key line to the
    /// end of its last continuation line (line ending excluded).
    #[must_use]
    pub fn span(&self) -> Span {
        Span::new(self.lines[0].start, self.lines[self.lines.len() - 1].end)
    }

    /// Like [`Field::span`], with the last line ending included.
    #[must_use]
    pub fn span_with_eol(&self) -> Span {
        Span::new(
            self.lines[0].start,
            self.lines[self.lines.len() - 1].eol().end,
        )
    }

    /// The values: the key line's, then one for each continuation line.
    pub fn values(&self) -> impl ExactSizeIterator<Item = Value<'p>> + 'p {
        let text = self.text;
        self.lines.iter().map(move |l| Value {
            text: &text[l.value().range()],
            span: l.value(),
        })
    }

    /// The key line's value.
    #[must_use]
    pub fn value(&self) -> Value<'p> {
        let l = &self.lines[0];
        Value {
            text: &self.text[l.value().range()],
            span: l.value(),
        }
    }

    /// The whole value: the key line's value and each continuation line's,
    /// joined with `\n` (borrowed when there is no continuation line).
    #[must_use]
    pub fn joined(&self) -> Cow<'p, str> {
        if self.lines.len() == 1 {
            return Cow::Borrowed(self.value().text);
        }
        let mut out = String::new();
        for (i, v) in self.values().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(v.text);
        }
        Cow::Owned(out)
    }

    /// The span of every line of the field, each without its line ending.
    pub fn line_spans(&self) -> impl ExactSizeIterator<Item = Span> + 'p {
        self.lines.iter().map(RawLine::line)
    }
}

/// One value of a field, borrowed from the page's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Value<'p> {
    /// The value, trimmed.
    pub text: &'p str,
    /// Where it stands.
    pub span: Span,
}

/// The header as Python-Markdown's meta extension reports it (its `Meta`
/// attribute): lowercased keys in first-seen order, each with its values.
#[derive(Clone, Debug, Default)]
pub struct PyMeta<'p> {
    /// Each key, lowercased, with where its values stand in `values`.
    keys: Vec<(Cow<'p, str>, Range<usize>)>,
    /// The values, key by key.
    values: Vec<Cow<'p, str>>,
    /// Once there are more than [`FEW_KEYS`] keys, the place of each key
    /// in `keys` by hash of the key (fewer are searched in turn).
    lookup: Option<(HashTable<usize>, DefaultHashBuilder)>,
}

/// Up to this many keys, [`PyMeta`] finds a key by comparing it with each
/// (most headers have fewer than ten keys).
const FEW_KEYS: usize = 16;

impl<'p> PyMeta<'p> {
    /// The place of `key` (lowercased) in `keys`, added if new, and
    /// whether it was. `expected` is how many keys there will be at most.
    fn slot(&mut self, key: &'p str, expected: usize) -> (usize, bool) {
        // Keys are nearly always written in lowercase: borrowed, not copied.
        let key = if key.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(key.to_ascii_lowercase())
        } else {
            Cow::Borrowed(key)
        };
        let PyMeta { keys, lookup, .. } = self;
        let place = keys.len();
        match lookup {
            None => {
                if let Some(i) = keys.iter().position(|(k, _)| *k == key) {
                    return (i, false);
                }
                keys.push((key, 0..0));
                if keys.len() > FEW_KEYS {
                    let hasher = DefaultHashBuilder::default();
                    let mut table = HashTable::with_capacity(expected.max(keys.len()));
                    for (i, (k, _)) in keys.iter().enumerate() {
                        let hash = hasher.hash_one(k.as_ref());
                        table.insert_unique(hash, i, |&j: &usize| {
                            hasher.hash_one(keys[j].0.as_ref())
                        });
                    }
                    *lookup = Some((table, hasher));
                }
            }
            Some((table, hasher)) => {
                let hash = hasher.hash_one(key.as_ref());
                let eq = |&j: &usize| keys[j].0 == key;
                match table.entry(hash, eq, |&j| hasher.hash_one(keys[j].0.as_ref())) {
                    Entry::Occupied(found) => return (*found.get(), false),
                    Entry::Vacant(slot) => {
                        slot.insert(place);
                    }
                }
                keys.push((key, 0..0));
            }
        }
        (place, true)
    }

    /// The values of `key` (compared in lowercase).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&[Cow<'p, str>]> {
        let lower;
        let key = if key.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = key.to_ascii_lowercase();
            lower.as_str()
        } else {
            key
        };
        let i = match &self.lookup {
            None => self.keys.iter().position(|(k, _)| k == key)?,
            Some((table, hasher)) => {
                *table.find(hasher.hash_one(key), |&j| self.keys[j].0 == key)?
            }
        };
        Some(&self.values[self.keys[i].1.clone()])
    }

    /// The keys and their values in first-seen order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &[Cow<'p, str>])> {
        self.keys
            .iter()
            .map(|(k, r)| (k.as_ref(), &self.values[r.clone()]))
    }

    /// Number of distinct keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no keys.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Two views are equal when they hold the same keys in the same order with
/// the same values (how keys are looked up does not count).
impl PartialEq for PyMeta<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for PyMeta<'_> {}

#[cfg(feature = "serde")]
impl serde::Serialize for PyMeta<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The header read the plain way, line by line: each line found first,
    /// then classified. [`HeaderIndex::parse`] must agree with it.
    fn reference(text: &str) -> HeaderIndex {
        fn next_line(text: &str, pos: usize) -> (Span, Span) {
            let rest = &text[pos..];
            match rest.find(['\n', '\r']) {
                Some(i) => {
                    let at = pos + i;
                    let len = if text[at..].starts_with("\r\n") { 2 } else { 1 };
                    (Span::new(pos, at), Span::new(at, at + len))
                }
                None => (Span::new(pos, text.len()), Span::empty(text.len())),
            }
        }
        let raw = |line: Span, eol: Span, key: Option<Span>, value: Span| RawLine {
            start: line.start,
            end: line.end,
            key_end: key.map_or(0, |k| k.end),
            value_start: value.start,
            value_end: value.end,
            indent: key.map_or(0, |k| (k.start - line.start) as u8),
            eol_len: eol.len() as u8,
        };
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut index = HeaderIndex {
            start,
            open: None,
            lines: Lines::new(),
            end: HeaderEnd::Absent,
            body_offset: start,
        };
        if start == text.len() {
            return index;
        }
        let mut pos = start;
        let (first, first_eol) = next_line(text, pos);
        let first_text = &text[first.range()];
        if first_text.starts_with("---") {
            index.open = Some(Span::new(first.start, first_eol.end));
            pos = first_eol.end;
        } else if first_text.chars().all(grammar::is_py_space) {
            if !text[start..].chars().all(grammar::is_py_space) {
                index.end = HeaderEnd::Blank(Span::new(first.start, first_eol.end));
                index.body_offset = first_eol.end;
            }
            return index;
        } else if first_text.starts_with("...") {
            index.end = HeaderEnd::Fence(Span::new(first.start, first_eol.end));
            index.body_offset = first_eol.end;
            return index;
        } else if grammar::key_line(first_text).is_none() {
            return index;
        }
        let mut has_key = false;
        index.end = loop {
            if pos == text.len() {
                break HeaderEnd::Eof;
            }
            let (line, eol) = next_line(text, pos);
            let whole = Span::new(line.start, eol.end);
            let t = &text[line.range()];
            let trim = |s: Span| {
                let v = &text[s.range()];
                let lead = v.len() - v.trim_start_matches(grammar::is_py_space).len();
                let kept = py_trim(v).len();
                Span::new(s.start + lead, s.start + lead + kept)
            };
            if t.chars().all(grammar::is_py_space) {
                break HeaderEnd::Blank(whole);
            } else if t.starts_with("---") || t.starts_with("...") {
                break HeaderEnd::Fence(whole);
            } else if let Some(k) = grammar::key_line(t) {
                let key = Span::new(line.start + k.key_start, line.start + k.key_end);
                let value = trim(Span::new(key.end + 1, line.end));
                index.lines.push(raw(line, eol, Some(key), value));
                has_key = true;
            } else if has_key && grammar::is_continuation(t) {
                index.lines.push(raw(line, eol, None, trim(line)));
            } else {
                break HeaderEnd::BodyLine(line);
            }
            pos = eol.end;
        };
        index.body_offset = match index.end {
            HeaderEnd::Blank(s) | HeaderEnd::Fence(s) => s.end,
            HeaderEnd::BodyLine(s) => s.start,
            HeaderEnd::Eof => text.len(),
            HeaderEnd::Absent => start,
        };
        index
    }

    /// Texts made of the pieces that matter to the header grammar.
    fn header_like() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "",
            " ",
            "   ",
            "    ",
            "\t",
            "title",
            "Sort-Order",
            "a_b",
            "-",
            ":",
            ": ",
            " value ",
            "x",
            "---",
            "...",
            "\u{3000}",
            "\u{a0}",
            "\u{b}",
            "\u{1c}",
            "é",
            "\n",
            "\n",
            "\r",
            "\r\n",
            "\n\n",
            "\u{feff}",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn parse_agrees_with_the_line_by_line_reading(text in header_like()) {
            prop_assert_eq!(HeaderIndex::parse(&text), reference(&text));
        }

        #[test]
        fn parse_agrees_after_a_bom(text in header_like()) {
            let text = format!("\u{feff}{text}");
            prop_assert_eq!(HeaderIndex::parse(&text), reference(&text));
        }
    }

    /// The Python-Markdown view built the plain way: each key looked up
    /// by a search through the keys before it.
    fn pymd_reference(text: &str) -> Vec<(String, Vec<String>)> {
        let index = HeaderIndex::parse(text);
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        let mut current = 0;
        for raw in &index.lines {
            if let Some(key) = raw.key() {
                let key = text[key.range()].to_ascii_lowercase();
                current = match out.iter().position(|(k, _)| *k == key) {
                    Some(i) => i,
                    None => {
                        out.push((key, Vec::new()));
                        out.len() - 1
                    }
                };
            }
            out[current].1.push(pymd_value(text, raw).into_owned());
        }
        out
    }

    /// Headers of up to 60 lines whose keys are drawn from a few dozen, in
    /// both cases, so that keys come back and pass the number kept in a
    /// list.
    fn many_keyed() -> impl Strategy<Value = String> {
        let line = (
            "[a-cA-C][a-e]?",
            "[a-z \t]{0,4}",
            prop::option::of("[a-z]{1,3}"),
        )
            .prop_map(|(k, v, more)| match more {
                Some(m) => format!("{k}:{v}\n    {m}\n"),
                None => format!("{k}:{v}\n"),
            });
        prop::collection::vec(line, 0..60).prop_map(|v| v.concat() + "\nbody")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn pymd_meta_agrees_with_a_plain_search(text in many_keyed()) {
            let (_, got) = view(&text);
            let want = pymd_reference(&text);
            prop_assert_eq!(&got, &want);
            let index = HeaderIndex::parse(&text);
            let meta = Header { text: &text, index: &index }.pymd_meta();
            for (key, values) in &want {
                let upper = key.to_ascii_uppercase();
                for k in [key.as_str(), upper.as_str()] {
                    let found: Option<Vec<String>> =
                        meta.get(k).map(|v| v.iter().map(|s| s.to_string()).collect());
                    prop_assert_eq!(found.as_ref(), Some(values));
                }
            }
            prop_assert!(meta.get("zz").is_none());
            prop_assert_eq!(meta.clone(), meta);
        }
    }

    fn view(text: &str) -> (HeaderIndex, Vec<(String, Vec<String>)>) {
        let index = HeaderIndex::parse(text);
        let meta = Header {
            text,
            index: &index,
        }
        .pymd_meta()
        .iter()
        .map(|(k, v)| (k.to_owned(), v.iter().map(|s| s.to_string()).collect()))
        .collect();
        (index, meta)
    }

    fn kv(pairs: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn basic_header_and_body_offset() {
        let text = "Title: A\nslug:  a-b  \n\n# A\n";
        let (index, meta) = view(text);
        assert_eq!(meta, kv(&[("title", &["A"]), ("slug", &["a-b"])]));
        assert_eq!(index.body_offset, 23);
        assert_eq!(index.end, HeaderEnd::Blank(Span::new(22, 23)));
    }

    #[test]
    fn continuation_and_repeats() {
        let text = "a: 1\n    two\n\tthree\nA: 4\n\nbody";
        let (index, meta) = view(text);
        assert_eq!(meta, kv(&[("a", &["1", "two", "three", "4"])]));
        let header = Header {
            text,
            index: &index,
        };
        let fields: Vec<_> = header.fields().collect();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].joined(), "1\ntwo\nthree");
        assert_eq!(fields[1].key(), "A");
        assert_eq!(fields[1].name(), "a");
    }

    #[test]
    fn first_line_indented_means_no_header() {
        let (index, meta) = view("    a: 1\n\nx");
        assert!(meta.is_empty());
        assert_eq!(index.end, HeaderEnd::Absent);
        assert_eq!(index.body_offset, 0);
    }

    #[test]
    fn fences() {
        let text = "---\r\ntitle: x\r\n...\r\nbody";
        let (index, meta) = view(text);
        assert_eq!(meta, kv(&[("title", &["x"])]));
        assert_eq!(index.open, Some(Span::new(0, 5)));
        assert_eq!(index.body_offset, text.len() - 4);
        let (index, meta) = view("---\nbody text\n");
        assert!(meta.is_empty());
        assert_eq!(index.body_offset, 4);
        assert_eq!(index.end, HeaderEnd::BodyLine(Span::new(4, 13)));
    }

    #[test]
    fn non_key_line_is_the_body() {
        let text = "title: x\nNot a key\n";
        let (index, _) = view(text);
        assert_eq!(index.body_offset, 9);
        assert_eq!(index.end, HeaderEnd::BodyLine(Span::new(9, 18)));
    }

    #[test]
    fn bom_cr_and_no_final_newline() {
        let text = "\u{feff}title: x\rslug: y";
        let (index, meta) = view(text);
        assert_eq!(meta, kv(&[("title", &["x"]), ("slug", &["y"])]));
        assert_eq!(index.end, HeaderEnd::Eof);
        assert_eq!(index.body_offset, text.len());
    }

    #[test]
    fn tabs_inside_values_expand_in_the_python_view() {
        let (_, meta) = view("k:\ta\tb\n\n");
        assert_eq!(meta, kv(&[("k", &["a   b"])]));
    }

    #[test]
    fn empty_and_blank_texts_have_no_header() {
        for text in ["", "\u{feff}", "  \n", " \r\n\u{3000}"] {
            let (index, meta) = view(text);
            assert!(meta.is_empty(), "{text:?}");
            assert_eq!(index.end, HeaderEnd::Absent, "{text:?}");
            assert_eq!(index.body_offset, index.start, "{text:?}");
        }
    }

    #[test]
    fn blank_first_line_is_an_empty_header() {
        let (index, meta) = view("\n\ntitle: x");
        assert!(meta.is_empty());
        assert_eq!(index.end, HeaderEnd::Blank(Span::new(0, 1)));
        assert_eq!(index.body_offset, 1);
    }
}
