//! Byte spans and line/column lookup.
//!
//! Every position this crate reports is a byte range into the text the page
//! was parsed from (BOM included). Lines end at `\n`, `\r\n` or a lone `\r`;
//! lines and columns are 1-based and a column counts characters (Unicode
//! scalar values), not bytes. A leading BOM is not counted as a column.

use std::ops::Range;

/// A half-open byte range `start..end` into the text of a page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `at`.
    #[must_use]
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// Length in bytes.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range`, for slicing.
    #[must_use]
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The span moved `by` bytes to the right: how spans found in a slice are
    /// rebased onto the whole file.
    #[must_use]
    pub const fn shift(&self, by: usize) -> Self {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }

    /// Whether `other` lies inside this span.
    #[must_use]
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Self {
        s.range()
    }
}

/// A 1-based line and column; the column counts characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// The start offsets of every line of a text, for many offset → location
/// look-ups (each is a binary search plus a count of the characters before
/// the offset on its line).
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    bom: bool,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut pos = 0;
        while let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
            let at = pos + i;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            pos = next;
        }
        LineIndex {
            starts,
            bom: text.starts_with('\u{feff}'),
        }
    }

    /// Number of lines (a text with no line break has one).
    #[must_use]
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where line `line` (1-based) starts, if it exists.
    #[must_use]
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.starts.get(i).copied())
    }

    /// The location of byte `offset` in `text` (the text this index was
    /// built from). An offset past the end is clamped to the end, and one
    /// inside a character counts as that character.
    #[must_use]
    pub fn location(&self, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let mut start = self.starts[line - 1];
        if line == 1 && self.bom && offset >= 3 {
            start = 3;
        }
        let column = count_chars(&text.as_bytes()[start..offset]) + 1;
        Location { line, column }
    }
}

/// The location of byte `offset` in `text`, without building an index (a
/// scan of the text up to `offset`). Use [`LineIndex`] for many look-ups.
#[must_use]
pub fn locate(text: &str, offset: usize) -> Location {
    let offset = offset.min(text.len());
    let bytes = &text.as_bytes()[..offset];
    let mut line = 1;
    let mut start = 0;
    let mut pos = 0;
    while let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
        let at = pos + i;
        let next = if bytes[at] == b'\r' && text.as_bytes().get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        if next > offset {
            break;
        }
        line += 1;
        start = next;
        pos = next;
    }
    if line == 1 && text.starts_with('\u{feff}') && offset >= 3 {
        start = 3;
    }
    Location {
        line,
        column: count_chars(&bytes[start..offset]) + 1,
    }
}

/// Characters in a byte slice of UTF-8 text, counting a partial trailing
/// character as none (leading bytes only).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_with_all_line_endings() {
        let text = "ab\r\ncd\ref\ngé h";
        let idx = LineIndex::new(text);
        assert_eq!(idx.lines(), 4);
        for (offset, line, column) in [
            (0, 1, 1),
            (2, 1, 3),
            (4, 2, 1),
            (7, 3, 1),
            (10, 4, 1),
            (11, 4, 2),
            (13, 4, 3),
            (15, 4, 5),
        ] {
            let want = Location { line, column };
            assert_eq!(idx.location(text, offset), want, "offset {offset}");
            assert_eq!(locate(text, offset), want, "offset {offset}");
        }
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}title: x";
        assert_eq!(locate(text, 3), Location { line: 1, column: 1 });
        assert_eq!(
            LineIndex::new(text).location(text, 10),
            Location { line: 1, column: 8 }
        );
    }

    #[test]
    fn crlf_counts_once() {
        let text = "a\r\n\r\nb";
        assert_eq!(locate(text, 5), Location { line: 3, column: 1 });
        assert_eq!(
            LineIndex::new(text).location(text, 5),
            Location { line: 3, column: 1 }
        );
    }
}
