//! [`Page`]: the lossless view of a page, and header edits that touch only
//! the bytes they change.

use std::borrow::Cow;
use std::fmt;

use crate::error::{utf8_error, Error, ErrorKind};
use crate::header::grammar::{is_close_fence, is_continuation, is_valid_key, py_trim};
use crate::header::{Field, Header, HeaderEnd, HeaderIndex};
use crate::span::Span;

/// Calls `f` with the span of each line ending of `text` (`\r\n` as one).
fn for_each_newline(text: &str, mut f: impl FnMut(Span)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[at..]) {
        let start = at + i;
        let crlf = bytes[start] == b'\r' && bytes.get(start + 1) == Some(&b'\n');
        let end = start + if crlf { 2 } else { 1 };
        f(Span::new(start, end));
        at = end;
    }
}

/// A page: its text (borrowed until the first edit) and where its header
/// fields and body stand.
///
/// Writing a page (`to_string()`) gives back its text byte for byte: the
/// BOM, line endings, spacing, fences and body are kept as they were. The
/// edit methods change only the bytes of the fields they touch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<'a> {
    text: Cow<'a, str>,
    index: HeaderIndex,
}

impl<'a> Page<'a> {
    /// Reads a page. Every text is a page (one with no header has an empty
    /// header and a body that is the whole text), so this never fails.
    #[must_use]
    pub fn parse(text: &'a str) -> Page<'a> {
        Page {
            index: HeaderIndex::parse(text),
            text: Cow::Borrowed(text),
        }
    }

    /// Reads a page from bytes, which must be UTF-8.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidUtf8`], pointing at the first invalid byte.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Page<'a>, Error> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Page::parse(text)),
            Err(e) => Err(utf8_error(bytes, e)),
        }
    }

    /// Reads a page from text it takes ownership of (no copy).
    #[must_use]
    pub fn from_string(text: String) -> Page<'static> {
        Page {
            index: HeaderIndex::parse(&text),
            text: Cow::Owned(text),
        }
    }

    /// The page with its text owned, free of the input's lifetime.
    #[must_use]
    pub fn into_owned(self) -> Page<'static> {
        Page {
            text: Cow::Owned(self.text.into_owned()),
            index: self.index,
        }
    }

    /// The whole text of the page, as it will be written.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The header.
    #[must_use]
    pub fn header(&self) -> Header<'_> {
        Header {
            text: &self.text,
            index: &self.index,
        }
    }

    /// The Markdown body: everything after the header.
    #[must_use]
    pub fn body(&self) -> &str {
        &self.text[self.index.body_offset..]
    }

    /// Byte offset where the body starts.
    #[must_use]
    pub fn body_offset(&self) -> usize {
        self.index.body_offset
    }

    /// Whether the text starts with a UTF-8 byte order mark.
    #[must_use]
    pub fn has_bom(&self) -> bool {
        self.index.start == 3
    }

    /// The line ending the page uses: that of its first line, or `\n` for a
    /// text of one line. New lines written by edits use it.
    #[must_use]
    pub fn newline(&self) -> &'static str {
        let bytes = self.text.as_bytes();
        match memchr::memchr2(b'\n', b'\r', bytes) {
            Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => "\r\n",
            Some(i) if bytes[i] == b'\r' => "\r",
            _ => "\n",
        }
    }

    /// The first line ending that differs from the page's
    /// [`newline`](Page::newline) (`\n`, `\r\n` or a lone `\r`), as a span,
    /// with how many line endings differ; `None` when all are alike.
    #[must_use]
    pub fn mixed_newlines(&self) -> Option<(Span, usize)> {
        let nl = self.newline();
        let mut first = None;
        let mut count = 0;
        for_each_newline(&self.text, |span| {
            if &self.text[span.range()] != nl {
                first.get_or_insert(span);
                count += 1;
            }
        });
        first.map(|span| (span, count))
    }

    /// Writes every line ending as the page's [`newline`](Page::newline)
    /// (that of its first line), and returns how many were changed. Lines
    /// stay the same lines, so the header and the body read as before.
    pub fn unify_newlines(&mut self) -> usize {
        let nl = self.newline();
        let text: &str = &self.text;
        let mut out = String::new();
        let (mut last, mut changed) = (0, 0);
        for_each_newline(text, |span| {
            if &text[span.range()] != nl {
                if changed == 0 {
                    out.reserve(text.len() + 64);
                }
                out.push_str(&text[last..span.start]);
                out.push_str(nl);
                last = span.end;
                changed += 1;
            }
        });
        if changed > 0 {
            out.push_str(&text[last..]);
            self.index = HeaderIndex::parse(&out);
            self.text = Cow::Owned(out);
        }
        changed
    }

    /// Replaces the bytes of `span` with `with` and reads the header again.
    fn splice(&mut self, span: Span, with: &str) {
        let text = self.text.to_mut();
        text.replace_range(span.range(), with);
        self.index = HeaderIndex::parse(text);
    }

    /// Where a field inserted at position `at` (in [`Header::fields`]
    /// order; past the end appends) would start: before that field, else
    /// after the last field's line, else after the opening fence, else
    /// at the start of the text (after a BOM). Errors about a new field
    /// point here.
    pub(crate) fn insertion_point(&self, at: usize) -> Span {
        let header = self.header();
        let pos = if let Some(f) = header.fields().nth(at) {
            f.span().start
        } else if let Some(last) = header.fields().last() {
            last.span_with_eol().end
        } else if let Some(open) = self.index.open {
            open.end
        } else {
            self.index.start
        };
        Span::empty(pos)
    }

    /// Checks that `key` can be written as a key; errors point at `at`.
    pub(crate) fn check_key(&self, key: &str, at: Span) -> Result<(), Error> {
        check_key(key, self.text(), at)
    }

    /// The value as written in this page's header (continuation lines
    /// indented 4 spaces, the page's line ending), or an error pointing at
    /// `at` when it would not read back the same.
    pub(crate) fn written_value(&self, key: &str, value: &str, at: Span) -> Result<String, Error> {
        write_value(key, value, self.newline(), self.text(), at)
    }

    /// The bytes [`Page::set_field_value`] replaces: from the first value
    /// to the end of the field.
    pub(crate) fn field_value_span(&self, index: usize) -> Option<Span> {
        let field = self.header().fields().nth(index)?;
        Some(Span::new(field.value().span.start, field.span().end))
    }

    /// Sets the value of the field at `index` (in [`Header::fields`]
    /// order) to `written` (from [`Page::written_value`]), keeping its key
    /// and the spacing after its colon; its continuation lines are
    /// replaced.
    pub(crate) fn set_field_value(&mut self, index: usize, written: &str) {
        let Some(field) = self.header().fields().nth(index) else {
            return;
        };
        let (span, with) = value_edit(&field, written);
        self.splice(span, &with);
    }

    /// [`Page::set_field_value`] for several fields in one pass over the
    /// text (the header read once): `sets` holds distinct field indices,
    /// each with its written value.
    pub(crate) fn set_field_values(&mut self, mut sets: Vec<(usize, String)>) {
        sets.sort_unstable_by_key(|s| s.0);
        let header = self.header();
        let mut fields = header.fields().enumerate();
        let mut edits: Vec<(Span, String)> = Vec::with_capacity(sets.len());
        for (index, written) in &sets {
            let Some((_, field)) = fields.find(|(i, _)| i == index) else {
                break;
            };
            edits.push(value_edit(&field, written));
        }
        let spans: Vec<Span> = edits.iter().map(|e| e.0).collect();
        self.replace_all(&spans, |i| std::mem::take(&mut edits[i].1));
    }

    /// Renames the field at `index` to `to` (already checked).
    pub(crate) fn rename_field(&mut self, index: usize, to: &str) {
        if let Some(field) = self.header().fields().nth(index) {
            self.splice(field.key_span(), to);
        }
    }

    /// Inserts a `key: written` field before the field at `at` (past the
    /// end: after the last field); key and value already checked.
    pub(crate) fn insert_checked(&mut self, at: usize, key: &str, written: &str) {
        let nl = self.newline();
        let sep = if written.is_empty() { "" } else { " " };
        let line = format!("{key}:{sep}{written}");
        let header = self.header();
        if let Some(field) = header.fields().nth(at) {
            let pos = field.span().start;
            self.splice(Span::empty(pos), &format!("{line}{nl}"));
            return;
        }
        if let Some(last) = header.fields().last() {
            let s = last.span_with_eol();
            if s.end == last.span().end {
                // The last field ends the text without a line ending.
                self.splice(Span::empty(s.end), &format!("{nl}{line}"));
            } else {
                // The new line ends as the line before it does: the page's
                // newline could be a `\r` that joins a `\n` after it into
                // one line ending, swallowing a blank line.
                let eol = self.text[last.span().end..s.end].to_owned();
                self.splice(Span::empty(s.end), &format!("{line}{eol}"));
            }
            return;
        }
        if let Some(open) = self.index.open {
            let gap = if open.end == self.text.len() && !self.text.ends_with(['\n', '\r']) {
                nl
            } else {
                ""
            };
            // An indented first body line would continue the new field:
            // a blank line keeps it in the body.
            let blank = match self.index.end {
                HeaderEnd::BodyLine(s) if is_continuation(&self.text[s.range()]) => nl,
                _ => "",
            };
            self.splice(Span::empty(open.end), &format!("{gap}{line}{nl}{blank}"));
            return;
        }
        // No header: write one, ended by a blank line unless the text already
        // starts with one (a blank first line, even of spaces, or a `...`
        // line ends the empty header and goes on ending the new one).
        let start = self.index.start;
        let body = &self.text[start..];
        let blank = body.is_empty()
            || body.starts_with(['\n', '\r'])
            || matches!(self.index.end, HeaderEnd::Blank(_) | HeaderEnd::Fence(_));
        let end = if blank { "" } else { nl };
        self.splice(Span::empty(start), &format!("{line}{nl}{end}"));
    }

    /// Appends `key: written` fields (keys and values already checked)
    /// after the last field in one edit, as [`Page::insert_checked`] past
    /// the end would one by one: each new line ends as the last field's
    /// line does, or, when the last field ends the text, comes after the
    /// page's newline. Without a field, the first is inserted on its own.
    pub(crate) fn append_checked(&mut self, lines: &[(String, String)]) {
        let mut lines = lines;
        if self.header().is_empty() {
            let Some(((key, written), rest)) = lines.split_first() else {
                return;
            };
            self.insert_checked(usize::MAX, key, written);
            lines = rest;
        }
        let Some(last) = self.header().fields().last() else {
            return;
        };
        if lines.is_empty() {
            return;
        }
        let (end, at) = (last.span().end, last.span_with_eol().end);
        let eol = &self.text[end..at];
        let nl = self.newline();
        let mut with = String::new();
        for (key, written) in lines {
            let sep = if written.is_empty() { "" } else { " " };
            if eol.is_empty() {
                with.push_str(nl);
            }
            with.push_str(key);
            with.push(':');
            with.push_str(sep);
            with.push_str(written);
            with.push_str(eol);
        }
        self.splice(Span::empty(at), &with);
    }

    /// [`ErrorKind::KeyNotFound`] for `key`, pointing at the end of the
    /// header's fields.
    pub(crate) fn not_found(&self, key: &str) -> Error {
        let at = self.insertion_point(usize::MAX);
        Error::new(ErrorKind::KeyNotFound, self.text(), at, key)
    }

    /// Renames every field named `from` (any case) to `to`; only the keys'
    /// bytes change. Returns how many fields were renamed (at least one).
    ///
    /// # Errors
    /// [`ErrorKind::KeyNotFound`] when no field is named `from` (pointing
    /// at the end of the header's fields), and [`ErrorKind::InvalidKey`] or
    /// [`ErrorKind::Unrepresentable`] when `to` cannot be written as a key
    /// (pointing at the first key to rename).
    pub fn rename(&mut self, from: &str, to: &str) -> Result<usize, Error> {
        let spans: Vec<Span> = self.header().get_all(from).map(|f| f.key_span()).collect();
        let Some(first) = spans.first() else {
            return Err(self.not_found(from));
        };
        check_key(to, self.text(), *first)?;
        self.replace_all(&spans, |_| to.to_owned());
        Ok(spans.len())
    }

    /// Removes every field named `key` (any case) with its continuation lines
    /// and line endings. Returns how many fields were removed.
    ///
    /// When that leaves no field in a header with no opening fence, what
    /// ended the header must not start a new one: a closing `---` line
    /// (which would open a header) loses its text, leaving its line ending
    /// as a blank first line; a first body line starting with U+FEFF (which
    /// would become the BOM) gets a blank line before it.
    pub fn remove(&mut self, key: &str) -> usize {
        let fields: Vec<Span> = self
            .header()
            .get_all(key)
            .map(|f| f.span_with_eol())
            .collect();
        self.remove_spans(fields)
    }

    /// Removes the fields at `indices` (in [`Header::fields`] order,
    /// ascending), as [`Page::remove`] removes fields.
    pub(crate) fn remove_fields(&mut self, indices: &[usize]) -> usize {
        let fields: Vec<Span> = self
            .header()
            .fields()
            .enumerate()
            .filter(|(i, _)| indices.binary_search(i).is_ok())
            .map(|(_, f)| f.span_with_eol())
            .collect();
        self.remove_spans(fields)
    }

    /// Removes fields given by their spans with line endings (in source
    /// order).
    fn remove_spans(&mut self, fields: Vec<Span>) -> usize {
        let removed = fields.len();
        // Adjacent fields go as one span. A span between a lone `\r` and a
        // `\n` keeps its last byte (the `\n` of its own line ending): the
        // `\r` and the `\n` after the span would otherwise join into one
        // line ending and swallow a line.
        let bytes = self.text.as_bytes();
        let mut spans: Vec<Span> = Vec::with_capacity(removed + 1);
        for f in fields {
            match spans.last_mut() {
                Some(last) if last.end == f.start => last.end = f.end,
                _ => spans.push(f),
            }
        }
        for s in &mut spans {
            let after_cr = s.start > 0 && bytes[s.start - 1] == b'\r';
            if after_cr && bytes.get(s.end) == Some(&b'\n') && bytes[s.end - 1] == b'\n' {
                s.end -= 1;
            }
        }
        let mut with = vec![String::new(); spans.len()];
        let all = removed > 0 && removed == self.header().len();
        if all && self.index.open.is_none() {
            match self.index.end {
                HeaderEnd::Fence(fence) if self.text[fence.range()].starts_with("---") => {
                    let line = &self.text[fence.range()];
                    spans.push(fence);
                    with.push(
                        line.trim_start_matches(|c| c != '\n' && c != '\r')
                            .to_owned(),
                    );
                }
                // A first body line starting with U+FEFF would become the
                // text's BOM, and what follows it could read as a header.
                HeaderEnd::BodyLine(line)
                    if self.index.start == 0 && self.text[line.range()].starts_with('\u{feff}') =>
                {
                    spans.push(Span::empty(line.start));
                    with.push(self.newline().to_owned());
                }
                _ => {}
            }
        }
        self.replace_all(&spans, |i| std::mem::take(&mut with[i]));
        removed
    }

    /// Replaces each span (in source order, not overlapping) in one pass.
    pub(crate) fn replace_all(&mut self, spans: &[Span], mut with: impl FnMut(usize) -> String) {
        if spans.is_empty() {
            return;
        }
        let old = self.text.as_ref();
        let mut out = String::with_capacity(old.len());
        let mut pos = 0;
        for (i, s) in spans.iter().enumerate() {
            out.push_str(&old[pos..s.start]);
            out.push_str(&with(i));
            pos = s.end;
        }
        out.push_str(&old[pos..]);
        self.index = HeaderIndex::parse(&out);
        self.text = Cow::Owned(out);
    }

    /// The first field named `key` (any case).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Field<'_>> {
        self.header().get(key)
    }

    /// Whether the header ended at a line that is neither blank nor a fence,
    /// so that line was read as the first body line.
    #[must_use]
    pub fn header_not_terminated(&self) -> Option<Span> {
        match self.index.end {
            HeaderEnd::BodyLine(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for Page<'_> {
    /// Writes the page's text, byte for byte.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<String> for Page<'static> {
    fn from(text: String) -> Self {
        let index = HeaderIndex::parse(&text);
        Page {
            text: Cow::Owned(text),
            index,
        }
    }
}

/// The edit that sets `field`'s value to `written`: the bytes from its
/// first value to its end, and what replaces them (the value, after a
/// space when the colon had none).
fn value_edit(field: &Field<'_>, written: &str) -> (Span, String) {
    let first = field.value().span;
    let end = field.span().end;
    let colon = field.key_span().end + 1;
    let gap = if first.start == colon && !written.is_empty() {
        " "
    } else {
        ""
    };
    let mut with = String::with_capacity(written.len() + 1);
    with.push_str(gap);
    with.push_str(written);
    // An empty old value starts at the end of the trimmed text; keep any
    // spaces between the colon and it.
    (Span::new(first.start, end), with)
}

fn check_key(key: &str, text: &str, at: Span) -> Result<(), Error> {
    let kind = if !is_valid_key(key) {
        ErrorKind::InvalidKey
    } else if is_close_fence(key) {
        // The line would end the header (or open one, when first) before
        // its key is read.
        ErrorKind::Unrepresentable {
            key: key.to_owned(),
            reason: "a key line starting with `---` reads as a fence",
        }
    } else {
        return Ok(());
    };
    Err(Error::new(kind, text, at, key))
}

/// Whether `value` reads back as itself when written after `key: `: each
/// line trimmed, no `\r`, and no empty line after the first.
pub(crate) fn writable(value: &str) -> bool {
    value.split('\n').enumerate().all(|(i, line)| {
        !line.contains('\r') && py_trim(line) == line && (i == 0 || !line.is_empty())
    })
}

/// The value as written in a header: lines after the first become
/// continuation lines indented 4 spaces.
pub(crate) fn write_value(
    key: &str,
    value: &str,
    nl: &str,
    text: &str,
    at: Span,
) -> Result<String, Error> {
    if !writable(value) {
        return Err(Error::new(
            ErrorKind::UnwritableValue {
                key: key.to_owned(),
            },
            text,
            at,
            value,
        ));
    }
    Ok(value.replace('\n', &format!("{nl}    ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(page: &Page<'_>) -> Vec<(String, String)> {
        page.header()
            .fields()
            .map(|f| (f.key().to_owned(), f.joined().into_owned()))
            .collect()
    }

    #[test]
    fn unedited_page_writes_back_its_bytes() {
        for text in [
            "",
            "\u{feff}a: 1\r\n\r\nbody",
            "---\nx: y\n...\n",
            "x:   \t\n    more\n\nb",
        ] {
            assert_eq!(Page::parse(text).to_string(), text);
        }
    }

    #[test]
    fn set_replaces_only_the_value() {
        let mut page = Page::parse("Title:   Old\r\nslug: s\r\n\r\nbody\r\n");
        page.set("title", "New").unwrap();
        assert_eq!(page.text(), "Title:   New\r\nslug: s\r\n\r\nbody\r\n");
        page.set("meta", "a\nb").unwrap();
        assert_eq!(
            page.text(),
            "Title:   New\r\nslug: s\r\nmeta: a\r\n    b\r\n\r\nbody\r\n"
        );
        page.set("META", "c").unwrap();
        assert_eq!(
            page.text(),
            "Title:   New\r\nslug: s\r\nmeta: c\r\n\r\nbody\r\n"
        );
        page.set("slug", "").unwrap();
        assert_eq!(values(&page)[1], ("slug".into(), "".into()));
    }

    #[test]
    fn set_on_empty_value_adds_a_space() {
        let mut page = Page::parse("k:\n\nb");
        page.set("k", "v").unwrap();
        assert_eq!(page.text(), "k: v\n\nb");
    }

    #[test]
    fn set_creates_a_header() {
        let mut page = Page::parse("# Body\n");
        page.set("title", "T").unwrap();
        assert_eq!(page.text(), "title: T\n\n# Body\n");
        let mut page = Page::parse("\u{feff}\nbody");
        page.set("title", "T").unwrap();
        assert_eq!(page.text(), "\u{feff}title: T\n\nbody");
        let mut page = Page::parse("a: 1");
        page.set("b", "2").unwrap();
        assert_eq!(page.text(), "a: 1\nb: 2");
        let mut page = Page::parse("---\n---\nbody");
        page.set("b", "2").unwrap();
        assert_eq!(page.text(), "---\nb: 2\n---\nbody");
    }

    #[test]
    fn insert_rename_remove() {
        let mut page = Page::parse("a: 1\nb: 2\n    more\nB: 3\n\nbody");
        page.insert(1, "z", "0").unwrap();
        assert_eq!(page.text(), "a: 1\nz: 0\nb: 2\n    more\nB: 3\n\nbody");
        assert_eq!(page.rename("b", "c").unwrap(), 2);
        assert_eq!(page.text(), "a: 1\nz: 0\nc: 2\n    more\nc: 3\n\nbody");
        assert_eq!(page.remove("C"), 2);
        assert_eq!(page.text(), "a: 1\nz: 0\n\nbody");
        assert_eq!(page.remove("nothing"), 0);
    }

    #[test]
    fn bad_edits_are_errors() {
        let mut page = Page::parse("a: 1\n\nbody");
        let e = page.set("a b", "x").unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidKey);
        assert_eq!(
            e.to_string(),
            "invalid key: expected ASCII letters, digits, `_` or `-`, found 'a b' at line 2, column 1"
        );
        for bad in [" x", "x ", "a\n\nb", "a\r\nb", "a\n   "] {
            let e = page.set("a", bad).unwrap_err();
            assert!(
                matches!(e.kind(), ErrorKind::UnwritableValue { .. }),
                "{bad:?}"
            );
        }
        assert_eq!(page.text(), "a: 1\n\nbody");
    }

    #[test]
    fn edits_keep_the_header_readable() {
        // A key starting with `---` would be read as a fence.
        let mut page = Page::parse("a: 1\n\nbody");
        let e = page.set("---x", "y").unwrap_err();
        assert_eq!(
            e.to_string(),
            "value for `---x` would not read back the same: a key line starting with `---` reads as a fence, found '---x' at line 2, column 1"
        );
        assert!(page.rename("a", "---").is_err());
        // The new line ends like the one before it: a `\r` before the
        // blank `\n` would join it into one line ending.
        let mut page = Page::parse("a: 1\rb: 2\n\nbody");
        page.set("c", "3").unwrap();
        assert_eq!(page.text(), "a: 1\rb: 2\nc: 3\n\nbody");
        assert_eq!(page.body(), "body");
        // An indented first body line under a fence stays in the body.
        let mut page = Page::parse("---\n    code\n");
        page.set("title", "T").unwrap();
        assert_eq!(page.text(), "---\ntitle: T\n\n    code\n");
        assert_eq!(page.body(), "    code\n");
        // A blank first line of spaces ends the new header as it ended the
        // empty one.
        let mut page = Page::parse("  \n# T\n");
        page.set("title", "T").unwrap();
        assert_eq!(page.text(), "title: T\n  \n# T\n");
        assert_eq!(page.body(), "# T\n");
        // With its last field gone, a closing `---` would open a header.
        let mut page = Page::parse("a: 1\n--- end\nb: 2\n");
        assert_eq!(page.remove("a"), 1);
        assert_eq!(page.text(), "\nb: 2\n");
        assert!(!page.header().exists());
        // A lone `\r` before the removed field and a `\n` after it do not
        // join into one line ending.
        let mut page = Page::parse("a: 1\rb: 2\n\nbody");
        assert_eq!(page.remove("b"), 1);
        assert_eq!(page.text(), "a: 1\r\n\nbody");
        assert_eq!(page.body(), "body");
        // ... and a body line starting with U+FEFF would become the BOM.
        let mut page = Page::parse("a: 1\n\u{feff}b: 2\n");
        assert_eq!(page.remove("a"), 1);
        assert_eq!(page.text(), "\n\u{feff}b: 2\n");
        assert_eq!(page.body(), "\u{feff}b: 2\n");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = Page::from_bytes(b"title: a\nslug: b\xffc\n").unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
        assert_eq!((e.line(), e.column(), e.span().start), (2, 8, 16));
        assert_eq!(
            e.to_string(),
            "invalid UTF-8: found byte '\\xff' at line 2, column 8 (byte offset 16)"
        );
    }
}
