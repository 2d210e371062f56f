//! The header block: a nom grammar for its lines and borrowed views of its
//! fields.
//!
//! [`Header`] is a view into a page's text: the fields in source order, each
//! with its key as written, its values and their byte spans. The header is
//! read the way Python-Markdown's meta extension (and so Pelican) reads it;
//! see the crate docs for the rules.

pub(crate) mod grammar;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::span::Span;
use grammar::LineClass;

pub use grammar::{is_py_space, is_valid_key, py_trim};

/// One key line or continuation line of the header (offsets only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawLine {
    /// The line, without its line ending.
    pub line: Span,
    /// The line ending (`\n`, `\r\n`, `\r`, or empty at the end of input).
    pub eol: Span,
    /// The key, for a key line; `None` for a continuation line.
    pub key: Option<Span>,
    /// The value: the rest of the line after the colon (key line) or the
    /// indentation (continuation), trimmed.
    pub value: Span,
}

/// How the header block ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderEnd {
    /// There is no header: the text is blank, or its first line is not a
    /// key line, a `---` fence or a blank line.
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

/// Where everything of a header stands in the text (offsets only, so that an
/// owned page can keep it beside its text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HeaderIndex {
    /// Where the header starts: after the BOM, if any.
    pub start: usize,
    /// The opening `---` line, with its line ending.
    pub open: Option<Span>,
    pub lines: Vec<RawLine>,
    pub end: HeaderEnd,
    /// Where the body starts.
    pub body_offset: usize,
}

/// Splits `text` at `pos` into the next line and its line ending.
fn next_line(text: &str, pos: usize) -> (Span, Span) {
    let bytes = text.as_bytes();
    match memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
        Some(i) => {
            let at = pos + i;
            let end = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            (Span::new(pos, at), Span::new(at, end))
        }
        None => (Span::new(pos, text.len()), Span::empty(text.len())),
    }
}

impl HeaderIndex {
    /// Reads the header at the start of `text`. Never fails: a text with no
    /// header gives an empty index whose body starts after the BOM.
    pub fn parse(text: &str) -> HeaderIndex {
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut index = HeaderIndex {
            start,
            open: None,
            lines: Vec::new(),
            end: HeaderEnd::Absent,
            body_offset: start,
        };
        if start == text.len() {
            return index;
        }
        let mut pos = start;
        let (first, first_eol) = next_line(text, pos);
        let first_text = &text[first.range()];
        if grammar::is_open_fence(first_text) {
            index.open = Some(Span::new(first.start, first_eol.end));
            pos = first_eol.end;
        } else if grammar::is_blank(first_text) {
            // Python-Markdown consumes a blank first line as the end of an
            // empty header, unless the whole text is blank.
            if !text[start..].chars().all(grammar::is_py_space) {
                index.end = HeaderEnd::Blank(Span::new(first.start, first_eol.end));
                index.body_offset = first_eol.end;
            }
            return index;
        } else if grammar::key_line(first_text).is_none() {
            return index;
        }
        // Most pages have fewer than 16 fields: one allocation.
        index.lines.reserve(16);
        let mut has_key = false;
        index.end = loop {
            if pos == text.len() {
                break HeaderEnd::Eof;
            }
            let (line, eol) = next_line(text, pos);
            let whole = Span::new(line.start, eol.end);
            match grammar::classify(&text[line.range()]) {
                LineClass::Blank => break HeaderEnd::Blank(whole),
                LineClass::Fence => break HeaderEnd::Fence(whole),
                LineClass::Key(k) => {
                    index.lines.push(RawLine {
                        line,
                        eol,
                        key: Some(Span::new(line.start + k.key_start, line.start + k.key_end)),
                        value: trimmed(text, Span::new(line.start + k.key_end + 1, line.end)),
                    });
                    has_key = true;
                }
                LineClass::Continuation if has_key => index.lines.push(RawLine {
                    line,
                    eol,
                    key: None,
                    value: trimmed(text, line),
                }),
                LineClass::Continuation | LineClass::Other => break HeaderEnd::BodyLine(line),
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
}

/// The span of `span`'s text trimmed as Python trims.
fn trimmed(text: &str, span: Span) -> Span {
    // Fast path: ASCII spaces and tabs at both ends, then a byte that is
    // plainly not white space.
    let bytes = text.as_bytes();
    let (mut start, mut end) = (span.start, span.end);
    while start < end && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    while end > start && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    let plain = |b: u8| b < 0x80 && !matches!(b, 0x0b | 0x0c | 0x1c..=0x1f);
    if start == end || (plain(bytes[start]) && plain(bytes[end - 1])) {
        return Span::new(start, end);
    }
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
        self.index.lines.iter().filter(|l| l.key.is_some()).count()
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
        let mut meta = PyMeta::default();
        let mut current = 0;
        for raw in &self.index.lines {
            let value = pymd_value(self.text, raw);
            if let Some(key) = raw.key {
                current = meta.slot(&self.text[key.range()]);
            }
            meta.entries[current].1.push(value);
        }
        meta
    }
}

/// A value as Python-Markdown reports it: tabs expanded across the whole
/// line, then the value taken and trimmed.
fn pymd_value<'t>(text: &'t str, raw: &RawLine) -> Cow<'t, str> {
    let value = &text[raw.value.range()];
    if !value.contains('\t') {
        return Cow::Borrowed(value);
    }
    let expanded = grammar::expand_tabs(&text[raw.line.range()]);
    let rest = match raw.key {
        Some(key) => &expanded[key.end - raw.line.start + 1..],
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
        let n = 1 + self.rest[1..]
            .iter()
            .take_while(|l| l.key.is_none())
            .count();
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
        self.lines[0].key.unwrap_or_default()
    }

    /// The span of the field's lines, from the start of the key line to the
    /// end of its last continuation line (line ending excluded).
    #[must_use]
    pub fn span(&self) -> Span {
        Span::new(
            self.lines[0].line.start,
            self.lines[self.lines.len() - 1].line.end,
        )
    }

    /// Like [`Field::span`], with the last line ending included.
    #[must_use]
    pub fn span_with_eol(&self) -> Span {
        Span::new(
            self.lines[0].line.start,
            self.lines[self.lines.len() - 1].eol.end,
        )
    }

    /// The values: the key line's, then one for each continuation line.
    pub fn values(&self) -> impl ExactSizeIterator<Item = Value<'p>> + 'p {
        let text = self.text;
        self.lines.iter().map(move |l| Value {
            text: &text[l.value.range()],
            span: l.value,
        })
    }

    /// The key line's value.
    #[must_use]
    pub fn value(&self) -> Value<'p> {
        let l = &self.lines[0];
        Value {
            text: &self.text[l.value.range()],
            span: l.value,
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
        self.lines.iter().map(|l| l.line)
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PyMeta<'p> {
    entries: Vec<(String, Vec<Cow<'p, str>>)>,
    by_key: HashMap<String, usize>,
}

impl<'p> PyMeta<'p> {
    fn slot(&mut self, key: &str) -> usize {
        let key = key.to_ascii_lowercase();
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        self.entries.push((key.clone(), Vec::new()));
        self.by_key.insert(key, self.entries.len() - 1);
        self.entries.len() - 1
    }

    /// The values of `key` (compared in lowercase).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&[Cow<'p, str>]> {
        let i = *self.by_key.get(&key.to_ascii_lowercase())?;
        Some(&self.entries[i].1)
    }

    /// The keys and their values in first-seen order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &[Cow<'p, str>])> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Number of distinct keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no keys.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for PyMeta<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
