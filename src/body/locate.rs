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
    let bytes = text.as_bytes();
    let has_cr = memchr::memchr(b'\r', bytes).is_some();
    let bom = text.starts_with('\u{feff}');
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut out = vec![Location::default(); offsets.len()];
    // Where counting stopped, the line there, and the character column at
    // `col_at` (on the same line).
    let mut pos = 0;
    let mut line = 1;
    let mut col_at = 0;
    let mut col = 1;
    for i in order {
        let offset = offsets[i].min(bytes.len());
        let chunk = &bytes[pos..offset];
        let (breaks, last_start) = if has_cr {
            count_breaks_cr(bytes, pos, offset)
        } else {
            let n = memchr::memchr_iter(b'\n', chunk).count();
            let last = if n > 0 {
                memchr::memrchr(b'\n', chunk).map(|k| pos + k + 1)
            } else {
                None
            };
            (n, last)
        };
        if let Some(start) = last_start {
            line += breaks;
            col_at = start;
            col = 1;
        }
        if line == 1 && bom && offset >= 3 && col_at < 3 {
            col_at = 3;
            col = 1;
        }
        col += count_chars(&bytes[col_at.min(offset)..offset]);
        col_at = offset.max(col_at);
        out[i] = Location { line, column: col };
        pos = offset;
    }
    out
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
        }
    }
}
