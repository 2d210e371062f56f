//! Line and column of many offsets at once, in one forward sweep.
//!
//! Gives exactly what [`crate::span::LineIndex::location`] gives, without
//! storing every line start: the offsets are sorted and the text between
//! consecutive ones is counted (for text without `\r`, memchr's count of
//! `\n`; columns counted on from the previous offset on the same line).

use crate::span::Location;

/// The locations of `offsets` (any order; each clamped to the text) in
/// `text`, in the order given.
pub(crate) fn locate_all(text: &str, offsets: &[usize]) -> Vec<Location> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut sweep = Sweep::new(text);
    let mut out = vec![Location::default(); offsets.len()];
    for i in order {
        out[i] = sweep.locate(offsets[i]);
    }
    out
}

/// Gaps shorter than this are scanned inline rather than by memchr calls.
const SHORT: usize = 64;

/// How far ahead the text is checked for `\r` at a time.
const CR_STEP: usize = 8192;

/// Locations of offsets met in increasing order, each found by counting on
/// from the previous one (or from a checkpoint: any offset already
/// located).
#[derive(Clone, Debug)]
pub(crate) struct Sweep<'t> {
    bytes: &'t [u8],
    bom: bool,
    /// Whether `bytes[..cr_checked]` holds a `\r` (then line breaks are
    /// counted the slow way). Checked ahead in large steps, so that the
    /// check is one memchr call per few kilobytes, not one per offset.
    has_cr: bool,
    cr_checked: usize,
    /// Where counting stopped, the line there, and the character column at
    /// `col_at` (on the same line).
    pos: usize,
    line: usize,
    col_at: usize,
    col: usize,
}

impl<'t> Sweep<'t> {
    /// A sweep from the start of `text`.
    pub(crate) fn new(text: &'t str) -> Self {
        Sweep {
            bytes: text.as_bytes(),
            bom: text.starts_with('\u{feff}'),
            has_cr: false,
            cr_checked: 0,
            pos: 0,
            line: 1,
            col_at: 0,
            col: 1,
        }
    }

    /// Where the sweep stands.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Moves the sweep to `offset`, which was located at `location` (by
    /// this sweep or another over the same text).
    pub(crate) fn resume(&mut self, offset: usize, location: Location) {
        let offset = offset.min(self.bytes.len());
        (self.pos, self.line, self.col_at, self.col) =
            (offset, location.line, offset, location.column);
    }

    /// The location of `offset` (clamped to the text). Offsets should come
    /// in increasing order; an earlier one restarts the count from the top.
    pub(crate) fn locate(&mut self, offset: usize) -> Location {
        let bytes = self.bytes;
        let offset = offset.min(bytes.len());
        if offset < self.pos {
            (self.pos, self.line, self.col_at, self.col) = (0, 1, 0, 1);
        }
        if offset > self.cr_checked {
            let to = offset.max(self.cr_checked + CR_STEP).min(bytes.len());
            self.has_cr |= memchr::memchr(b'\r', &bytes[self.cr_checked..to]).is_some();
            self.cr_checked = to;
        }
        let pos = self.pos;
        let chunk = &bytes[pos..offset];
        let (breaks, last_start) = if self.has_cr {
            count_breaks_cr(bytes, pos, offset)
        } else {
            match last_newline(chunk) {
                Some(k) => (count_newlines(&chunk[..k]) + 1, Some(pos + k + 1)),
                None => (0, None),
            }
        };
        if let Some(start) = last_start {
            self.line += breaks;
            self.col_at = start;
            self.col = 1;
        }
        if self.line == 1 && self.bom && offset >= 3 && self.col_at < 3 {
            self.col_at = 3;
            self.col = 1;
        }
        self.col += count_chars(&bytes[self.col_at.min(offset)..offset]);
        self.col_at = offset.max(self.col_at);
        self.pos = offset;
        Location {
            line: self.line,
            column: self.col,
        }
    }
}

/// The offset of the last `\n` in `chunk`.
#[inline]
fn last_newline(chunk: &[u8]) -> Option<usize> {
    // Lines are short: the last break is nearly always found by a short
    // backward scan, with no call.
    let near = chunk.len().saturating_sub(2 * SHORT);
    match chunk[near..].iter().rposition(|&b| b == b'\n') {
        Some(k) => Some(near + k),
        None => memchr::memrchr(b'\n', &chunk[..near]),
    }
}

/// How many `\n` are in `chunk`.
#[inline]
fn count_newlines(chunk: &[u8]) -> usize {
    if chunk.len() < SHORT {
        chunk.iter().filter(|&&b| b == b'\n').count()
    } else {
        memchr::memchr_iter(b'\n', chunk).count()
    }
}

/// Line breaks whose next line starts in `(from, to]` (`\n`, `\r\n` or a
/// lone `\r`), and where the last such line starts.
fn count_breaks_cr(bytes: &[u8], from: usize, to: usize) -> (usize, Option<usize>) {
    let mut n = 0;
    let mut last = None;
    for i in from..to {
        let starts_line = match bytes[i] {
            b'\n' => true,
            b'\r' => bytes.get(i + 1) != Some(&b'\n'),
            _ => false,
        };
        if starts_line {
            n += 1;
            last = Some(i + 1);
        }
    }
    (n, last)
}

/// Characters in UTF-8 bytes (leading bytes only).
fn count_chars(bytes: &[u8]) -> usize {
    if bytes.is_ascii() {
        return bytes.len();
    }
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::LineIndex;

    #[test]
    fn same_as_line_index() {
        for text in [
            "",
            "abc",
            "a\nb\n\nc",
            "a\r\nb\rc\n\r\n",
            "\u{feff}é\nü\r",
            "\u{feff}",
            "\u{feff}\n",
            "日本語\n\tx",
        ] {
            let idx = LineIndex::new(text);
            let offsets: Vec<usize> = (0..=text.len() + 2).rev().chain(0..=text.len()).collect();
            let got = locate_all(text, &offsets);
            for (o, g) in offsets.iter().zip(got) {
                assert_eq!(g, idx.location(text, *o), "{text:?} at {o}");
            }
            // Unsorted, straight into a sweep: restarts give the same; and
            // a sweep resumed at any located offset goes on the same.
            let mut sweep = Sweep::new(text);
            for &o in &offsets {
                assert_eq!(sweep.locate(o), idx.location(text, o), "{text:?} at {o}");
                let mut resumed = Sweep::new(text);
                resumed.resume(o, idx.location(text, o));
                for later in o..=text.len() + 1 {
                    assert_eq!(
                        resumed.locate(later),
                        idx.location(text, later),
                        "{text:?} at {later} from {o}"
                    );
                }
            }
        }
        // Long gaps (memchr) and short ones (inline), with and without `\r`.
        for nl in ["\n", "\r\n", "\r"] {
            let line = format!("{}{nl}", "é".repeat(30) + &"x".repeat(50));
            let text = format!("{}{}", line.repeat(20), "x\n".repeat(20));
            let idx = LineIndex::new(&text);
            for step in [7, 150, 1000] {
                let mut sweep = Sweep::new(&text);
                for o in (0..text.len()).step_by(step) {
                    assert_eq!(sweep.locate(o), idx.location(&text, o), "{nl:?} at {o}");
                }
            }
        }
    }
}
