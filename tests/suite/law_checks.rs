//! The laws every page must obey, written once and checked by three users:
//! the fuzz targets (fuzz/, which include this file by path), the replay of
//! their findings (`fuzz_regressions.rs`) and the property tests
//! (`laws.rs`). Each check panics with a message naming the broken law.
//!
//! It also holds a reference model of the header rules, written straight
//! from the rules (line by line, with its own line splitting, trimming, tab
//! expansion and key matching, none of it shared with the crate), that the
//! parser is compared against.

use std::collections::HashMap;

use arbitrary::{Arbitrary, Unstructured};
use pagefmt::{locate, ErrorKind, HeaderEnd, LineIndex, Location, Page, PageMeta, Span};

// ---------------------------------------------------------------------------
// Reference model of the header rules
// ---------------------------------------------------------------------------

/// What the rules say about a text's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// Whether there is a header (a key line or an opening fence first; a
    /// blank or `...` first line is an empty header that does not count).
    pub header: bool,
    /// The fields in source order: key as written, raw trimmed values.
    pub fields: Vec<(String, Vec<String>)>,
    /// Python-Markdown's `Meta`: lowercase keys in first-seen order, values
    /// with tabs expanded.
    pub meta: Vec<(String, Vec<String>)>,
    /// Where the body starts.
    pub body_offset: usize,
}

/// Python's `str.isspace()`.
pub fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(py_space)
}

/// The lines of `text[from..]`: (start, end without line ending, end with
/// it). `\n`, `\r\n` and a lone `\r` end lines; a final line ending opens no
/// new line.
pub fn model_lines(text: &str, from: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut chars = text[from..].char_indices().peekable();
    let mut start = from;
    std::iter::from_fn(move || {
        while let Some((i, c)) = chars.next() {
            let at = from + i;
            let end = match c {
                '\n' => at + 1,
                '\r' if chars.peek().map(|&(_, n)| n) == Some('\n') => {
                    chars.next();
                    at + 2
                }
                '\r' => at + 1,
                _ => continue,
            };
            let line = (start, at, end);
            start = end;
            return Some(line);
        }
        (start < text.len()).then(|| {
            let line = (start, text.len(), text.len());
            start = text.len();
            line
        })
    })
}

/// Tabs expanded to 4-column stops, a column per character.
fn expand_tabs(line: &str) -> String {
    let mut out = String::new();
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            loop {
                out.push(' ');
                column += 1;
                if column % 4 == 0 {
                    break;
                }
            }
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// Whether `c` may stand in a key.
fn key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// A key line's key, as a byte range of the line: up to 3 spaces, then
/// `[A-Za-z0-9_-]+`, then `:`.
fn key_of(line: &str) -> Option<(usize, usize)> {
    let lead = line.len() - line.trim_start_matches(' ').len();
    if lead > 3 {
        return None;
    }
    let rest = &line[lead..];
    let key = rest.len() - rest.trim_start_matches(key_char).len();
    (key > 0 && rest[key..].starts_with(':')).then_some((lead, lead + key))
}

/// Reads `text`'s header by the rules.
pub fn model(text: &str) -> Model {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut m = Model {
        header: false,
        fields: Vec::new(),
        meta: Vec::new(),
        body_offset: start,
    };
    if strip(&text[start..]).is_empty() {
        return m;
    }
    let mut lines = model_lines(text, start).peekable();
    let Some(&(s0, e0, _)) = lines.peek() else {
        return m;
    };
    let first = &text[s0..e0];
    if first.starts_with("---") {
        lines.next();
    } else if strip(first).is_empty() {
        // A blank first line ends an empty header (the text is not blank).
        if let Some((_, _, eol)) = lines.next() {
            m.body_offset = eol;
        }
        return m;
    } else if first.starts_with("...") {
        // A closing fence first ends an empty header.
        if let Some((_, _, eol)) = lines.next() {
            m.body_offset = eol;
        }
        return m;
    } else if key_of(first).is_none() {
        return m;
    }
    m.header = true;
    m.body_offset = text.len();
    let mut slots: HashMap<String, usize> = HashMap::new();
    let mut current: Option<usize> = None;
    for (s, e, eol) in lines {
        let line = &text[s..e];
        let wide = expand_tabs(line);
        if strip(line).is_empty() || line.starts_with("---") || line.starts_with("...") {
            m.body_offset = eol;
            break;
        }
        if let Some((ks, ke)) = key_of(line) {
            let key = &line[ks..ke];
            m.fields
                .push((key.to_owned(), vec![strip(&line[ke + 1..]).to_owned()]));
            // Nothing but spaces and key characters stands before the colon,
            // so it is at the same byte in the expanded line.
            let value = strip(&wide[ke + 1..]).to_owned();
            let name = key.to_ascii_lowercase();
            let slot = *slots.entry(name.clone()).or_insert_with(|| {
                m.meta.push((name, Vec::new()));
                m.meta.len() - 1
            });
            m.meta[slot].1.push(value);
            current = Some(slot);
        } else if let (Some(slot), true) = (current, wide.starts_with("    ")) {
            if let Some(field) = m.fields.last_mut() {
                field.1.push(strip(line).to_owned());
            }
            m.meta[slot].1.push(strip(&wide).to_owned());
        } else {
            m.body_offset = s;
            break;
        }
    }
    m
}

/// The line and column of byte `offset`, by the model's own line split
/// (columns count characters; a leading BOM is not a column).
pub fn model_location(text: &str, offset: usize) -> Location {
    let offset = offset.min(text.len());
    let mut line = 1;
    let mut start = 0;
    // Only line endings that end at or before the offset count: one byte
    // more is read so that a `\r` just before it is seen with its `\n`.
    let upto = text.get(..offset + 1).unwrap_or(&text[..offset]);
    for (_, end, next) in model_lines(upto, 0) {
        if end < next && next <= offset {
            line += 1;
            start = next;
        }
    }
    if line == 1 && text.starts_with('\u{feff}') && offset >= 3 {
        start = 3;
    }
    // Characters that start before the offset.
    let column = text[start..]
        .char_indices()
        .take_while(|&(i, _)| start + i < offset)
        .count()
        + 1;
    Location { line, column }
}

// ---------------------------------------------------------------------------
// Laws of a parsed page
// ---------------------------------------------------------------------------

/// Every law of a parsed text: lossless, spans in bounds and in order, and
/// the header equal to the model's.
pub fn check_page(text: &str) {
    let page = Page::parse(text);
    assert_eq!(
        page.to_string(),
        text,
        "lossless: writing gives back the text"
    );
    assert_eq!(page.text(), text);
    match Page::from_bytes(text.as_bytes()) {
        Ok(p) => assert_eq!(p, page, "from_bytes reads UTF-8 as parse does"),
        Err(e) => panic!("from_bytes failed on UTF-8 text: {e}"),
    }
    check_spans(&page);
    check_model(&page);
}

/// The header and body offset agree with the reference model.
pub fn check_model(page: &Page<'_>) {
    let text = page.text();
    let m = model(text);
    let header = page.header();
    assert_eq!(page.body_offset(), m.body_offset, "body offset of {text:?}");
    assert_eq!(header.exists(), m.header, "header exists, for {text:?}");
    let fields: Vec<(String, Vec<String>)> = header
        .fields()
        .map(|f| {
            (
                f.key().to_owned(),
                f.values().map(|v| v.text.to_owned()).collect(),
            )
        })
        .collect();
    assert_eq!(fields, m.fields, "fields of {text:?}");
    let meta: Vec<(String, Vec<String>)> = header
        .pymd_meta()
        .iter()
        .map(|(k, v)| (k.to_owned(), v.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(meta, m.meta, "Python-Markdown view of {text:?}");
}

/// Every span is in bounds, on character boundaries and in order; the
/// fields, their lines and the header's end follow each other without gaps.
pub fn check_spans(page: &Page<'_>) {
    let text = page.text();
    let len = text.len();
    let in_bounds = |s: Span, what: &str| {
        assert!(
            s.start <= s.end && s.end <= len,
            "{what} {s:?} out of bounds (len {len}) in {text:?}"
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{what} {s:?} not on char boundaries in {text:?}"
        );
    };
    let is_eol = |s: &str| matches!(s, "\n" | "\r\n" | "\r");
    let bo = page.body_offset();
    in_bounds(Span::new(bo, len), "body");
    assert_eq!(page.body(), &text[bo..]);
    let header = page.header();
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    assert_eq!(page.has_bom(), start == 3);
    assert_eq!(header.span(), Span::new(start, bo), "header span");
    assert_eq!(header.body_offset(), bo);
    let mut pos = start;
    if let Some(open) = header.opening_fence() {
        in_bounds(open, "opening fence");
        assert_eq!(open.start, start, "the opening fence is the first line");
        assert!(text[open.range()].starts_with("---"));
        pos = open.end;
    }
    let mut count = 0;
    for field in header.fields() {
        count += 1;
        let span = field.span();
        let with_eol = field.span_with_eol();
        in_bounds(span, "field");
        in_bounds(with_eol, "field with line ending");
        assert_eq!(span.start, pos, "fields follow each other in {text:?}");
        assert_eq!(with_eol.start, span.start);
        let eol = &text[span.end..with_eol.end];
        assert!(
            eol.is_empty() && with_eol.end == len || is_eol(eol),
            "field line ending {eol:?}"
        );
        let key = field.key_span();
        in_bounds(key, "key");
        assert_eq!(field.key(), &text[key.range()]);
        assert!(!field.key().is_empty() && field.key().chars().all(key_char));
        assert_eq!(field.name(), field.key().to_ascii_lowercase());
        assert!(field.is(&field.key().to_ascii_uppercase()));
        let lines: Vec<Span> = field.line_spans().collect();
        let values: Vec<_> = field.values().collect();
        assert_eq!(lines.len(), values.len(), "a value per line");
        assert_eq!(lines[0].start, span.start);
        assert_eq!(lines[lines.len() - 1].end, span.end);
        assert!(lines[0].contains(key), "the key is on the key line");
        assert!(text[lines[0].start..key.start].bytes().all(|b| b == b' '));
        assert_eq!(text.as_bytes().get(key.end), Some(&b':'));
        for (i, (line, value)) in lines.iter().zip(&values).enumerate() {
            in_bounds(*line, "line");
            in_bounds(value.span, "value");
            let l = &text[line.range()];
            assert!(!l.contains(['\n', '\r']), "a line holds no line break");
            assert!(line.contains(value.span), "the value is on its line");
            assert_eq!(value.text, &text[value.span.range()]);
            assert_eq!(strip(value.text), value.text, "values are trimmed");
            if i == 0 {
                assert!(value.span.start > key.end);
            }
            if let Some(next) = lines.get(i + 1) {
                assert!(is_eol(&text[line.end..next.start]), "lines are adjacent");
            }
        }
        assert_eq!(field.value(), values[0]);
        let joined: Vec<&str> = values.iter().map(|v| v.text).collect();
        assert_eq!(field.joined(), joined.join("\n"));
        pos = with_eol.end;
        assert!(pos <= bo, "fields lie before the body");
    }
    assert_eq!(header.len(), count);
    assert_eq!(header.is_empty(), count == 0);
    let mut not_terminated = None;
    match header.end() {
        HeaderEnd::Absent => {
            assert_eq!(count, 0);
            assert_eq!(header.opening_fence(), None);
            assert!(!header.exists());
            assert_eq!(bo, start);
        }
        HeaderEnd::Blank(s) | HeaderEnd::Fence(s) => {
            in_bounds(s, "header end");
            assert_eq!(
                (s.start, s.end),
                (pos, bo),
                "the end line closes the header"
            );
            let line = text[s.range()].trim_end_matches(['\n', '\r']);
            if matches!(header.end(), HeaderEnd::Blank(_)) {
                assert!(strip(line).is_empty(), "a blank end line is blank");
            } else {
                assert!(line.starts_with("---") || line.starts_with("..."));
            }
        }
        HeaderEnd::BodyLine(s) => {
            in_bounds(s, "first body line");
            assert_eq!((s.start, pos), (bo, bo), "the body line starts the body");
            assert!(!text[s.range()].contains(['\n', '\r']));
            assert!(s.end == len || text[s.end..].starts_with(['\n', '\r']));
            not_terminated = Some(s);
        }
        HeaderEnd::Eof => assert_eq!((pos, bo), (len, len), "the text ends the header"),
    }
    assert_eq!(page.header_not_terminated(), not_terminated);
    // Locations, at a bounded number of offsets (each look-up by `locate`
    // and by the model scans the text).
    let index = LineIndex::new(text);
    let mut offsets = vec![0, start, bo, len, pos];
    offsets.extend(header.fields().take(4).map(|f| f.key_span().start));
    offsets.extend(header.fields().take(4).map(|f| f.span().end));
    for offset in offsets {
        let want = model_location(text, offset);
        assert_eq!(index.location(text, offset), want, "location of {offset}");
        assert_eq!(locate(text, offset), want, "locate {offset}");
    }
}

/// Invalid UTF-8 is an [`ErrorKind::InvalidUtf8`] error at the first bad
/// byte; valid UTF-8 is a page that obeys every law.
pub fn check_bytes(data: &[u8]) {
    match (std::str::from_utf8(data), Page::from_bytes(data)) {
        (Ok(text), Ok(page)) => {
            assert_eq!(page.text(), text);
            check_page(text);
        }
        (Err(want), Err(e)) => {
            assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
            let at = want.valid_up_to();
            let bad = want.error_len().unwrap_or(data.len() - at);
            assert_eq!(e.span(), Span::new(at, at + bad), "the first bad bytes");
            let found: String = data[at..at + bad]
                .iter()
                .map(|b| format!("\\x{b:02x}"))
                .collect();
            assert_eq!(e.found(), found);
            let valid = std::str::from_utf8(&data[..at]).expect("valid prefix");
            let location = model_location(valid, at);
            assert_eq!(e.location(), location);
            assert_eq!(
                e.to_string(),
                format!(
                    "invalid UTF-8: found byte {} at {location} (byte offset {at})",
                    quoted(&found)
                )
            );
        }
        (Ok(_), Err(e)) => panic!("UTF-8 input rejected: {e}"),
        (Err(e), Ok(_)) => panic!("invalid UTF-8 accepted: {e}"),
    }
}

/// `s` quoted as error messages quote what they found.
pub fn quoted(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            c if c.is_control() || c == '\u{feff}' => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

// ---------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------

/// Keys the edit scripts draw from: valid, oddly cased and invalid ones.
pub const KEYS: &[&str] = &[
    "title",
    "Title",
    "TITLE",
    "slug",
    "sort-order",
    "sortorder",
    "toc",
    "date",
    "a",
    "A",
    "b",
    "x_y",
    "-",
    "_",
    "9",
    "--",
    "---",
    "---x",
    "",
    "a b",
    "a:b",
    " a",
    "a\n",
    "tïtle",
    "...",
    "a.b",
    "\u{feff}a",
];

/// Values the edit scripts draw from: plain, multi-line, and ones that
/// cannot be written (white space at an end, blank lines, `\r`).
pub const VALUES: &[&str] = &[
    "",
    "x",
    "Hello World",
    "0719",
    "True",
    "False",
    "a\nb",
    "a\nb\nc",
    "\nb",
    " x",
    "x ",
    "a\n\nb",
    "a\r\nb",
    "a\rb",
    "a\n",
    "x\ty",
    "\t",
    "\u{3000}x",
    "x\u{1f}",
    "a\u{1f}b",
    "é",
    "---",
    "...",
    "a\n---",
    "a\n...",
    "k: v",
    "a\n    b",
    "\u{feff}",
    "a\nb: c",
    "[x](y)",
    "<!-- x -->",
];

/// A key: one of [`KEYS`] or any string.
#[derive(Arbitrary, Clone, Debug)]
pub enum Key {
    /// `KEYS[i % KEYS.len()]`.
    Pick(u8),
    /// This string.
    Raw(String),
}

impl Key {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Pick(i) => KEYS[usize::from(*i) % KEYS.len()],
            Key::Raw(s) => s,
        }
    }
}

/// A value: one of [`VALUES`] or any string.
#[derive(Arbitrary, Clone, Debug)]
pub enum Val {
    /// `VALUES[i % VALUES.len()]`.
    Pick(u8),
    /// This string.
    Raw(String),
}

impl Val {
    /// The value's text.
    pub fn as_str(&self) -> &str {
        match self {
            Val::Pick(i) => VALUES[usize::from(*i) % VALUES.len()],
            Val::Raw(s) => s,
        }
    }
}

/// One edit of a page.
#[derive(Arbitrary, Clone, Debug)]
pub enum Edit {
    /// `page.set(key, value)`.
    Set(Key, Val),
    /// `page.insert(at, key, value)`.
    Insert(u8, Key, Val),
    /// `page.rename(from, to)`.
    Rename(Key, Key),
    /// `page.remove(key)`.
    Remove(Key),
}

/// Splits a fuzz input into a text and an edit script: the bytes before the
/// first `0xff` (never in UTF-8) are the text, read lossily; the bytes after
/// it decode the script. Without `0xff`, the whole input serves as both.
pub fn edit_input(data: &[u8]) -> (String, Vec<Edit>) {
    let (text, script) = match data.iter().position(|&b| b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    let text = String::from_utf8_lossy(text).into_owned();
    let mut u = Unstructured::new(script);
    let mut edits = Vec::new();
    while edits.len() < 16 && !u.is_empty() {
        match Edit::arbitrary(&mut u) {
            Ok(edit) => edits.push(edit),
            Err(_) => break,
        }
    }
    (text, edits)
}

/// What an edit must do, worked out from the page before it.
#[derive(Debug, PartialEq, Eq)]
enum Expect {
    /// Succeed and give this text.
    Text(String),
    /// Fail with this message, leaving the text as it was.
    Error(String),
}

/// Whether `key` can be written: key characters only, and not starting
/// with `---` (such a line would be read as a fence).
pub fn writable_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(key_char) && !key.starts_with("---")
}

/// Whether `value` reads back the same once written: every line trimmed and
/// free of `\r`, and no empty line after the first.
pub fn writable_value(value: &str) -> bool {
    value
        .split('\n')
        .enumerate()
        .all(|(i, l)| !l.contains('\r') && strip(l) == l && (i == 0 || !l.is_empty()))
}

/// The line ending of the text's first line, `\n` for a text of one line.
fn newline_of(text: &str) -> &'static str {
    match model_lines(text, 0).next() {
        Some((_, e, end)) => match &text[e..end] {
            "\r\n" => "\r\n",
            "\r" => "\r",
            _ => "\n",
        },
        None => "\n",
    }
}

/// Where a field inserted at `at` would start, where errors about it
/// point: the field at `at`, else the line after the last field, else
/// after the opening fence, else the start of the header.
fn insertion_offset(page: &Page<'_>, at: usize) -> usize {
    let fields: Vec<_> = page.header().fields().collect();
    if let Some(f) = fields.get(at) {
        f.span().start
    } else if let Some(last) = fields.last() {
        last.span_with_eol().end
    } else if let Some(open) = page.header().opening_fence() {
        open.end
    } else {
        page.header().span().start
    }
}

/// What the typed field of `key` needs, when `value` is not that.
fn typed_expectation(key: &str, value: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    let one_line = matches!(
        key.as_str(),
        "slug"
            | "category"
            | "headerimage"
            | "author"
            | "authorlink"
            | "status"
            | "lang"
            | "template"
            | "save_as"
            | "url"
    ) || (key.len() == 10 || key.len() == 11)
        && key.starts_with("choice")
        && (b'1'..=b'4').contains(&key.as_bytes()[6])
        && (key.ends_with("url") || key.ends_with("icon"));
    match key.as_str() {
        "toc" | "newsletter" => (value != "True" && value != "False").then_some("`True` or `False`"),
        "date" | "modified" => pagefmt::Date::parse(value).is_none().then_some(
            "a date `YYYY-MM-DD`, optionally followed by ` HH:MM` or ` HH:MM:SS` (or `T` for the space)",
        ),
        "sort-order" | "sortorder" => {
            let digits = (1..=19).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
            (!digits).then_some("1 to 19 ASCII digits")
        }
        _ => (one_line && value.contains('\n')).then_some("a single line"),
    }
}

fn typed_error(page: &Page<'_>, at: usize, key: &str, value: &str) -> Option<Expect> {
    let expected = typed_expectation(key, value)?;
    let at = model_location(page.text(), at);
    Some(Expect::Error(format!(
        "invalid value for `{key}`: expected {expected}, found {} at {at}",
        quoted(value)
    )))
}

fn key_error(page: &Page<'_>, at: usize, key: &str) -> Expect {
    let at = model_location(page.text(), at);
    Expect::Error(if key.starts_with("---") && key.chars().all(key_char) {
        format!(
            "value for `{key}` would not read back the same: a key line starting with `---` reads as a fence, found {} at {at}",
            quoted(key)
        )
    } else {
        format!(
            "invalid key: expected ASCII letters, digits, `_` or `-`, found {} at {at}",
            quoted(key)
        )
    })
}

fn value_error(page: &Page<'_>, at: usize, key: &str, value: &str) -> Expect {
    let at = model_location(page.text(), at);
    Expect::Error(format!(
        "value for `{key}` cannot be written: it starts or ends with white space or holds a blank line, found {} at {at}",
        quoted(value)
    ))
}

fn splice(text: &str, at: Span, with: &str) -> String {
    format!("{}{with}{}", &text[..at.start], &text[at.end..])
}

/// The expected text after `insert(at, key, value)`.
fn expect_insert(page: &Page<'_>, at: usize, key: &str, value: &str) -> Expect {
    let here = insertion_offset(page, at);
    if !writable_key(key) {
        return key_error(page, here, key);
    }
    if !writable_value(value) {
        return value_error(page, here, key, value);
    }
    if let Some(e) = typed_error(page, here, key, value) {
        return e;
    }
    let text = page.text();
    let nl = newline_of(text);
    let written = value.replace('\n', &format!("{nl}    "));
    let line = if written.is_empty() {
        format!("{key}:")
    } else {
        format!("{key}: {written}")
    };
    let fields: Vec<_> = page.header().fields().collect();
    let out = if let Some(f) = fields.get(at) {
        splice(text, Span::empty(f.span().start), &format!("{line}{nl}"))
    } else if let Some(last) = fields.last() {
        let end = last.span_with_eol().end;
        if end == last.span().end {
            splice(text, Span::empty(end), &format!("{nl}{line}"))
        } else {
            // The new line ends like the line before it, so that a `\r`
            // cannot join a `\n` after it into one line ending.
            let eol = &text[last.span().end..end];
            splice(text, Span::empty(end), &format!("{line}{eol}"))
        }
    } else if let Some(open) = page.header().opening_fence() {
        let fence = &text[open.range()];
        let gap = if fence.ends_with(['\n', '\r']) {
            ""
        } else {
            nl
        };
        // A first body line indented 4 columns would continue the new
        // field: a blank line goes between.
        let blank = match page.header().end() {
            HeaderEnd::BodyLine(s) if expand_tabs(&text[s.range()]).starts_with("    ") => nl,
            _ => "",
        };
        splice(
            text,
            Span::empty(open.end),
            &format!("{gap}{line}{nl}{blank}"),
        )
    } else {
        let start = page.header().span().start;
        let body = &text[start..];
        let blank_first = matches!(
            page.header().end(),
            HeaderEnd::Blank(_) | HeaderEnd::Fence(_)
        );
        let blank = if blank_first || body.is_empty() || body.starts_with(['\n', '\r']) {
            ""
        } else {
            nl
        };
        splice(text, Span::empty(start), &format!("{line}{nl}{blank}"))
    };
    Expect::Text(out)
}

/// The expected text after `set(key, value)`.
fn expect_set(page: &Page<'_>, key: &str, value: &str) -> Expect {
    let text = page.text();
    let Some(field) = page
        .header()
        .fields()
        .find(|f| f.key().eq_ignore_ascii_case(key))
    else {
        return expect_insert(page, usize::MAX, key, value);
    };
    // A field's key is a writable key; errors point at its value.
    let here = field.value().span.start;
    if !writable_value(value) {
        return value_error(page, here, key, value);
    }
    if let Some(e) = typed_error(page, here, key, value) {
        return e;
    }
    let nl = newline_of(text);
    let written = value.replace('\n', &format!("{nl}    "));
    let colon = field.key_span().end + 1;
    let old = field.value().span.start;
    // The spacing after the colon is kept; with none, one space goes in
    // front of a non-empty value.
    let gap = if old == colon && !written.is_empty() {
        " "
    } else {
        ""
    };
    Expect::Text(splice(
        text,
        Span::new(old, field.span().end),
        &format!("{gap}{written}"),
    ))
}

/// The fields as (key, joined value) pairs.
fn field_list(page: &Page<'_>) -> Vec<(String, String)> {
    page.header()
        .fields()
        .map(|f| (f.key().to_owned(), f.joined().into_owned()))
        .collect()
}

/// The body without its leading blank lines and fence lines.
fn settled(body: &str) -> &str {
    let mut rest = body;
    for (s, _, end) in model_lines(body, 0) {
        let line = &body[s..end];
        let line = line.trim_end_matches(['\n', '\r']);
        if strip(line).is_empty() || line.starts_with("---") || line.starts_with("...") {
            rest = &body[end..];
        } else {
            break;
        }
    }
    rest
}

/// Applies `edits` one after another to `text`, checking each.
pub fn check_edits(text: &str, edits: &[Edit]) -> String {
    let mut page = Page::from(text.to_owned());
    for edit in edits {
        check_edit(&mut page, edit);
    }
    page.text().to_owned()
}

/// Applies one edit and checks that it changed exactly what it should: the
/// bytes outside the touched fields are unchanged (the whole expected text
/// is worked out beforehand from the old spans), the fields read back as
/// edited, the other fields and the body are as they were, and a failed
/// edit changes nothing.
pub fn check_edit(page: &mut Page<'static>, edit: &Edit) {
    let old = page.clone();
    let old_fields = field_list(&old);
    let (expect, got) = match edit {
        Edit::Set(k, v) => (
            expect_set(&old, k.as_str(), v.as_str()),
            page.set(k.as_str(), v.as_str()).map(|()| None),
        ),
        Edit::Insert(at, k, v) => (
            expect_insert(&old, usize::from(*at), k.as_str(), v.as_str()),
            page.insert(usize::from(*at), k.as_str(), v.as_str())
                .map(|()| None),
        ),
        Edit::Rename(a, b) => {
            let spans: Vec<Span> = old
                .header()
                .fields()
                .filter(|f| f.key().eq_ignore_ascii_case(a.as_str()))
                .map(|f| f.key_span())
                .collect();
            let expect = if spans.is_empty() {
                let at = model_location(old.text(), insertion_offset(&old, usize::MAX));
                Expect::Error(format!(
                    "no key {} in the header at {at}",
                    quoted(a.as_str())
                ))
            } else if writable_key(b.as_str()) {
                let mut out = old.text().to_owned();
                for s in spans.iter().rev() {
                    out = splice(&out, *s, b.as_str());
                }
                Expect::Text(out)
            } else {
                key_error(&old, spans[0].start, b.as_str())
            };
            (expect, page.rename(a.as_str(), b.as_str()).map(Some))
        }
        Edit::Remove(k) => {
            let mut out = old.text().to_owned();
            let spans: Vec<Span> = old
                .header()
                .fields()
                .filter(|f| f.key().eq_ignore_ascii_case(k.as_str()))
                .map(|f| f.span_with_eol())
                .collect();
            // With every field gone from a header with no opening fence, a
            // closing `---` line would open a new header: only its line
            // ending stays.
            // A first body line starting with U+FEFF would become the BOM:
            // a blank line goes before it.
            let all = !spans.is_empty() && spans.len() == old_fields.len();
            if all && old.header().opening_fence().is_none() {
                match old.header().end() {
                    HeaderEnd::Fence(fence) if old.text()[fence.range()].starts_with("---") => {
                        let line = &old.text()[fence.range()];
                        let eol = line.len() - line.trim_end_matches(['\n', '\r']).len();
                        out = splice(&out, Span::new(fence.start, fence.end - eol), "");
                    }
                    HeaderEnd::BodyLine(line)
                        if !old.has_bom() && old.text()[line.range()].starts_with('\u{feff}') =>
                    {
                        out = splice(&out, Span::empty(line.start), newline_of(old.text()));
                    }
                    _ => {}
                }
            }
            // Each field goes with its line ending, except that a run of
            // removed fields between a lone `\r` and a `\n` keeps its last
            // `\n`: the `\r` and the `\n` after it must not join into one
            // line ending.
            let text = old.text();
            let mut i = 0;
            let mut cuts = Vec::new();
            while i < spans.len() {
                let start = spans[i].start;
                let mut end = spans[i].end;
                while i + 1 < spans.len() && spans[i + 1].start == end {
                    i += 1;
                    end = spans[i].end;
                }
                let joins = text[..start].ends_with('\r')
                    && text[end..].starts_with('\n')
                    && text[..end].ends_with('\n');
                cuts.push(Span::new(start, if joins { end - 1 } else { end }));
                i += 1;
            }
            for s in cuts.iter().rev() {
                out = splice(&out, *s, "");
            }
            (Expect::Text(out), Ok(Some(page.remove(k.as_str()))))
        }
    };
    let context = format!("{edit:?} on {:?}", old.text());
    match (expect, got) {
        (Expect::Error(want), Err(e)) => {
            assert_eq!(e.to_string(), want, "error of {context}");
            assert!(matches!(
                e.kind(),
                ErrorKind::InvalidKey
                    | ErrorKind::UnwritableValue { .. }
                    | ErrorKind::Unrepresentable { .. }
                    | ErrorKind::InvalidValue { .. }
                    | ErrorKind::KeyNotFound
            ));
            assert_eq!(*page, old, "a failed edit changes nothing: {context}");
            return;
        }
        (Expect::Error(want), Ok(_)) => panic!("{context} should fail with {want}"),
        (Expect::Text(_), Err(e)) => panic!("{context} failed: {e}"),
        (Expect::Text(want), Ok(count)) => {
            assert_eq!(page.text(), want, "bytes after {context}");
            if let Some(n) = count {
                let (Edit::Rename(k, _) | Edit::Remove(k)) = edit else {
                    unreachable!("only rename and remove count")
                };
                let had = old_fields
                    .iter()
                    .filter(|(key, _)| key.eq_ignore_ascii_case(k.as_str()))
                    .count();
                assert_eq!(n, had, "count of {context}");
            }
        }
    }
    assert_eq!(
        *page,
        Page::parse(page.text()),
        "the index is that of the new text"
    );
    check_page(page.text());

    // The fields read back as edited.
    let new_fields = field_list(page);
    let mut want_fields = old_fields.clone();
    match edit {
        Edit::Set(k, v) => {
            let (k, v) = (k.as_str(), v.as_str());
            match want_fields
                .iter_mut()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
            {
                Some(field) => field.1 = v.to_owned(),
                None => want_fields.push((k.to_owned(), v.to_owned())),
            }
            let got = page.get(k).map(|f| f.joined().into_owned());
            assert_eq!(got.as_deref(), Some(v), "get after {context}");
        }
        Edit::Insert(at, k, v) => {
            let at = usize::from(*at).min(want_fields.len());
            want_fields.insert(at, (k.as_str().to_owned(), v.as_str().to_owned()));
        }
        Edit::Rename(a, b) => {
            for field in &mut want_fields {
                if field.0.eq_ignore_ascii_case(a.as_str()) {
                    field.0 = b.as_str().to_owned();
                }
            }
        }
        Edit::Remove(k) => want_fields.retain(|(key, _)| !key.eq_ignore_ascii_case(k.as_str())),
    }
    assert_eq!(new_fields, want_fields, "fields after {context}");

    // The body, and how the header ends, are as they were.
    let kind = |p: &Page<'_>| std::mem::discriminant(&p.header().end());
    if old.header().exists() && (!new_fields.is_empty() || old.header().opening_fence().is_some()) {
        assert_eq!(page.body(), old.body(), "body after {context}");
        // The one change of ending: a blank line that keeps an indented
        // body line out of the first field written under a fence.
        let fenced_first = old_fields.is_empty()
            && matches!(old.header().end(), HeaderEnd::BodyLine(_))
            && matches!(page.header().end(), HeaderEnd::Blank(_));
        assert!(
            kind(page) == kind(&old) || fenced_first,
            "header end after {context}"
        );
    } else if old.header().exists() {
        // Every field went: what ended the header now starts the text.
        assert_eq!(
            settled(page.body()),
            settled(old.body()),
            "body after {context}"
        );
    } else if !new_fields.is_empty() {
        // A new header in front of a page that had none: a blank first
        // line now ends the header.
        let body = old.body();
        let after_blank = model_lines(body, 0)
            .next()
            .filter(|&(s, e, _)| s == e)
            .map_or(body, |(_, _, end)| &body[end..]);
        assert!(
            page.body() == body || page.body() == after_blank,
            "body after {context}"
        );
    }
}

/// The law of typed edits: `set_meta(meta)` on any page gives a page whose
/// typed meta is `meta` (a meta that cannot be written is refused and
/// changes nothing); the page's fields stay in their order, each kept byte
/// for byte, given a new value under the same key (a sort order's key may
/// change spelling) or removed, with new fields only after them; the text
/// before the first field and the body are kept; and a second `set_meta`
/// changes nothing. Returns the edited text.
pub fn check_set_meta(text: &str, meta: &PageMeta) -> String {
    let old = Page::from(text.to_owned());
    let mut page = old.clone();
    let context = format!("set_meta({meta:?}) on {text:?}");
    if meta.check_writable().is_err() {
        let errors = page.set_meta(meta).expect_err(&context);
        assert!(!errors.is_empty(), "{context}");
        for e in &errors {
            assert!(e.span().end <= text.len(), "{context}: {e}");
            assert_eq!(e.location(), locate(text, e.span().start), "{context}: {e}");
        }
        assert_eq!(page, old, "a refused set_meta changes nothing: {context}");
        return text.to_owned();
    }
    page.set_meta(meta)
        .unwrap_or_else(|e| panic!("{context}: {e}"));
    assert_eq!(
        page.meta().as_ref(),
        Ok(meta),
        "{context} gives {:?}",
        page.text()
    );
    assert_eq!(
        page,
        Page::parse(page.text()),
        "the index is that of the new text"
    );
    check_page(page.text());
    if old.meta().as_ref() == Ok(meta) {
        assert_eq!(page.text(), old.text(), "nothing to change: {context}");
    }
    let mut again = page.clone();
    again.set_meta(meta).unwrap();
    assert_eq!(again.text(), page.text(), "set_meta twice: {context}");

    let sort = |k: &str| {
        let k = k.to_ascii_lowercase();
        if k == "sort-order" {
            "sortorder".to_owned()
        } else {
            k
        }
    };
    let old_fields: Vec<_> = old.header().fields().collect();
    let new_fields: Vec<_> = page.header().fields().collect();
    let mut j = 0;
    for f in &old_fields {
        let Some(n) = new_fields.get(j) else { break };
        let same_key =
            n.key() == f.key() || (sort(n.key()) == "sortorder" && sort(f.key()) == "sortorder");
        if !same_key {
            continue; // removed
        }
        let (old_raw, new_raw) = (
            &old.text()[f.span().range()],
            &page.text()[n.span().range()],
        );
        if old_raw != new_raw {
            assert!(
                f.joined() != n.joined() || n.key() != f.key(),
                "{context}: {old_raw:?} rewritten as {new_raw:?} with the same value"
            );
        }
        j += 1;
    }
    // The rest are new fields, in canonical lowercase.
    for n in &new_fields[j..] {
        assert_eq!(
            n.key(),
            n.key().to_ascii_lowercase(),
            "{context}: new field {:?}",
            n.key()
        );
    }
    if !old_fields.is_empty() && !new_fields.is_empty() {
        let before = |p: &Page<'_>, f: &pagefmt::Field<'_>| p.text()[..f.span().start].to_owned();
        assert_eq!(
            before(&old, &old_fields[0]),
            before(&page, &new_fields[0]),
            "{context}: text before the fields"
        );
        assert_eq!(page.body(), old.body(), "{context}: body");
    }
    page.text().to_owned()
}
