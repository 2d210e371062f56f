//! The nom grammar of one header line.
//!
//! The header is read line by line (lines end at `\n`, `\r\n` or `\r`); each
//! line is classified by the small parsers here, following the rules of
//! Python-Markdown's meta extension:
//!
//! - a key line is up to 3 spaces, a key `[A-Za-z0-9_-]+`, then `:`;
//! - a continuation line is indented 4 or more columns, tabs expanding to
//!   4-column stops;
//! - a fence starts with `---` (opening or closing) or `...` (closing);
//! - a blank line holds nothing but white space as Python's `str.strip()`
//!   sees it.

use nom::bytes::complete::{tag, take_while};
use nom::bytes::take_while_m_n;
use nom::character::char as one_char;
use nom::combinator::recognize;
use nom::sequence::terminated;
use nom::{IResult, Input, Needed, Parser};

/// Python's `str.isspace()`: Unicode white space plus the ASCII information
/// separators U+001C..U+001F, which Rust's `char::is_whitespace` leaves out.
#[must_use]
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `text` trimmed the way Python's `str.strip()` trims.
#[must_use]
pub fn py_trim(text: &str) -> &str {
    text.trim_matches(is_py_space)
}

/// Whether a character may stand in a key.
#[must_use]
pub fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Whether `key` is a key that can be written in a header.
#[must_use]
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(is_key_char)
}

/// A key line: the byte range of the key within the line and where the text
/// after the colon starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyLine {
    /// Offset of the key's first byte in the line.
    pub key_start: usize,
    /// Offset one past the key's last byte (the colon's offset).
    pub key_end: usize,
}

/// The input of the key line parsers: a byte slice. It is `&[u8]` for nom
/// in all but one way: every input method is inlined (nom's own `&[u8]`
/// leaves `take_from` out of line, a call per parsed colon).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Bytes<'a>(&'a [u8]);

impl<'a> Input for Bytes<'a> {
    type Item = u8;
    type Iter = std::iter::Copied<std::slice::Iter<'a, u8>>;
    type IterIndices = std::iter::Enumerate<Self::Iter>;

    #[inline(always)]
    fn input_len(&self) -> usize {
        self.0.len()
    }

    #[inline(always)]
    fn take(&self, index: usize) -> Self {
        Bytes(&self.0[..index])
    }

    #[inline(always)]
    fn take_from(&self, index: usize) -> Self {
        Bytes(&self.0[index..])
    }

    #[inline(always)]
    fn take_split(&self, index: usize) -> (Self, Self) {
        let (prefix, suffix) = self.0.split_at(index);
        (Bytes(suffix), Bytes(prefix))
    }

    #[inline(always)]
    fn position<P: Fn(u8) -> bool>(&self, predicate: P) -> Option<usize> {
        self.0.iter().position(|&b| predicate(b))
    }

    #[inline(always)]
    fn iter_elements(&self) -> Self::Iter {
        self.0.iter().copied()
    }

    #[inline(always)]
    fn iter_indices(&self) -> Self::IterIndices {
        self.iter_elements().enumerate()
    }

    #[inline(always)]
    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.0.len() >= count {
            Ok(count)
        } else {
            Err(Needed::new(count - self.0.len()))
        }
    }
}

/// Whether each byte may stand in a key: `[A-Za-z0-9_-]`.
const KEY_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    table
};

/// Whether `b` may stand in a key: `[A-Za-z0-9_-]`.
#[inline(always)]
pub(crate) fn is_key_byte(b: u8) -> bool {
    KEY_BYTES[usize::from(b)]
}

/// Eight bytes, one per lane of a `u64`.
const LANES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each lane.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The lanes of `word` that hold a key byte (`[A-Za-z0-9_-]`), as the high
/// bit of each lane. Lane arithmetic on the low 7 bits never carries into
/// the next lane; bytes of 0x80 and above are never key bytes.
#[inline(always)]
fn key_lanes(word: u64) -> u64 {
    let ascii = !word & HIGH;
    let low = word & !HIGH;
    // The lanes whose value is at least `c` (1 ..= 0x80).
    let at_least = |x: u64, c: u8| (x + u64::from(0x80 - c) * LANES) & HIGH;
    // The lanes equal to `c`.
    let equal = |c: u8| {
        let y = low ^ (u64::from(c) * LANES);
        !((y + (!HIGH)) | y) & HIGH
    };
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    // OR 0x20 takes `A-Z` to `a-z` and no other byte into `a-z`.
    let folded = low | (0x20 * LANES);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    (digit | letter | equal(b'_') | equal(b'-')) & ascii
}

/// How many bytes at the start of `bytes` are key bytes: eight at a time
/// (keys are short, and a byte-at-a-time loop pays for a mispredicted exit
/// on every line), then one at a time for the last few.
#[inline(always)]
fn key_run_len(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let other = !key_lanes(word) & HIGH;
        if other != 0 {
            return n + (other.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|&&b| is_key_byte(b)).count()
}

/// `[A-Za-z0-9_-]+`: nom's `take_while1(is_key_byte)`, the run found by
/// [`key_run_len`].
#[inline(always)]
fn key_bytes(input: Bytes<'_>) -> IResult<Bytes<'_>, Bytes<'_>, ()> {
    match key_run_len(input.0) {
        0 => Err(nom::Err::Error(())),
        n => Ok((input.take_from(n), input.take(n))),
    }
}

/// `[A-Za-z0-9_-]+:`, the key and its colon, run in complete mode; the
/// error type is `()` because a line that is not a key line is no error,
/// only another kind of line.
#[inline(always)]
fn key_and_colon(input: Bytes<'_>) -> IResult<Bytes<'_>, Bytes<'_>, ()> {
    terminated(key_bytes, one_char(':')).parse_complete(input)
}

/// `^ {0,3}[A-Za-z0-9_-]+:`: the indentation and the key.
#[inline(always)]
fn key_line_parser(line: Bytes<'_>) -> IResult<Bytes<'_>, (Bytes<'_>, Bytes<'_>), ()> {
    (take_while_m_n(0, 3, |b| b == b' '), key_and_colon).parse_complete(line)
}

/// Parses `line` as a key line. `line` may go on past the line's end: the
/// grammar never reads a line ending.
#[must_use]
#[inline(always)]
pub fn key_line(line: &str) -> Option<KeyLine> {
    let (_, (indent, key)) = key_line_parser(Bytes(line.as_bytes())).ok()?;
    Some(KeyLine {
        key_start: indent.0.len(),
        key_end: indent.0.len() + key.0.len(),
    })
}

/// Where the key ends (its colon's offset) when `line` is a key line with
/// no indentation: the key line grammar after its (empty) indentation.
#[must_use]
#[inline(always)]
pub(crate) fn unindented_key(line: &[u8]) -> Option<usize> {
    let (_, key) = key_and_colon(Bytes(line)).ok()?;
    Some(key.0.len())
}

/// What a header line is, in the order Python-Markdown asks: blank, then
/// fence, then key, then continuation (which the caller accepts only after
/// a key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineClass {
    /// Nothing but white space.
    Blank,
    /// Starts with `---` or `...`.
    Fence,
    /// A key line.
    Key(KeyLine),
    /// Indented 4 or more columns.
    Continuation,
    /// Anything else: the first body line.
    Other,
}

/// Classifies one line (without its line ending), looking at its first
/// byte first so that the common cases take one test.
#[must_use]
pub fn classify(line: &str) -> LineClass {
    let key_or_other = |line: &str| key_line(line).map_or(LineClass::Other, LineClass::Key);
    match line.as_bytes().first() {
        None => LineClass::Blank,
        Some(b'-') if line.starts_with("---") => LineClass::Fence,
        Some(b'.') if line.starts_with("...") => LineClass::Fence,
        Some(&b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => key_or_other(line),
        Some(b' ' | b'\t') => {
            if is_blank(line) {
                LineClass::Blank
            } else if let Some(k) = key_line(line) {
                LineClass::Key(k)
            } else if is_continuation(line) {
                LineClass::Continuation
            } else {
                LineClass::Other
            }
        }
        Some(_) if is_blank(line) => LineClass::Blank,
        Some(_) => LineClass::Other,
    }
}

/// Whether `line` starts with `---` (an opening fence when first).
#[must_use]
pub fn is_open_fence(line: &str) -> bool {
    tag::<_, _, nom::error::Error<&str>>("---")
        .parse(line)
        .is_ok()
}

/// Whether `line` starts with `---` or `...` (a closing fence).
#[must_use]
pub fn is_close_fence(line: &str) -> bool {
    if !line.starts_with(['-', '.']) {
        return false;
    }
    nom::branch::alt((tag::<_, _, nom::error::Error<&str>>("---"), tag("...")))
        .parse(line)
        .is_ok()
}

/// The width in columns of the leading run of spaces and tabs, tabs
/// expanding to the next multiple of 4, and its length in bytes.
#[must_use]
pub fn indent_width(line: &str) -> (usize, usize) {
    let lead: IResult<&str, &str> = recognize(take_while(|c| c == ' ' || c == '\t')).parse(line);
    let lead = lead.map(|(_, l)| l).unwrap_or("");
    let width = lead.bytes().fold(
        0,
        |col, b| if b == b'\t' { col / 4 * 4 + 4 } else { col + 1 },
    );
    (width, lead.len())
}

/// Whether `line` is a continuation line (indented 4 or more columns).
#[must_use]
pub fn is_continuation(line: &str) -> bool {
    indent_width(line).0 >= 4
}

/// Whether `line` is blank as Python sees it.
#[must_use]
pub fn is_blank(line: &str) -> bool {
    // Fast path: a line starting with a visible ASCII character.
    if let Some(&b) = line.as_bytes().first() {
        if b.is_ascii_graphic() {
            return false;
        }
    }
    line.chars().all(is_py_space)
}

/// `line` with tabs expanded to 4-column stops, as Python-Markdown does to
/// the whole text before it reads the header (columns count characters).
#[must_use]
pub fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = 4 - col % 4;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The eight-at-a-time run is the byte-at-a-time one.
        #[test]
        fn key_run_is_the_run_of_key_bytes(bytes in prop::collection::vec(any::<u8>(), 0..40)) {
            let want = bytes.iter().take_while(|&&b| is_key_byte(b)).count();
            prop_assert_eq!(key_run_len(&bytes), want);
        }

        #[test]
        fn key_run_over_key_like_bytes(text in "[A-Za-z0-9_:@`{\\[\\-]{0,30}") {
            let want = text.bytes().take_while(|&b| is_key_byte(b)).count();
            prop_assert_eq!(key_run_len(text.as_bytes()), want);
        }
    }

    #[test]
    fn every_byte_is_classified_in_every_lane() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut bytes = [b'a'; 9];
                bytes[lane] = b;
                let want = if is_key_byte(b) { 9 } else { lane };
                assert_eq!(key_run_len(&bytes), want, "byte {b:#x} in lane {lane}");
            }
        }
    }

    #[test]
    fn key_lines() {
        assert_eq!(
            key_line("title: x"),
            Some(KeyLine {
                key_start: 0,
                key_end: 5
            })
        );
        assert_eq!(
            key_line("   Sort-Order:0719"),
            Some(KeyLine {
                key_start: 3,
                key_end: 13
            })
        );
        assert_eq!(
            key_line("a_b-9:"),
            Some(KeyLine {
                key_start: 0,
                key_end: 5
            })
        );
        assert_eq!(key_line("    title: x"), None, "4 spaces is a continuation");
        assert_eq!(key_line("\ttitle: x"), None);
        assert_eq!(key_line("ti tle: x"), None);
        assert_eq!(key_line("title x"), None);
        assert_eq!(key_line(": x"), None);
        assert_eq!(key_line("tïtle: x"), None);
    }

    #[test]
    fn classes() {
        use LineClass::*;
        assert_eq!(
            classify("title: x"),
            Key(KeyLine {
                key_start: 0,
                key_end: 5
            })
        );
        assert_eq!(classify("---x: y"), Fence);
        assert_eq!(
            classify("--x: y"),
            Key(KeyLine {
                key_start: 0,
                key_end: 3
            })
        );
        assert_eq!(classify("...: y"), Fence);
        assert_eq!(classify(".x: y"), Other);
        assert_eq!(
            classify("  k: v"),
            Key(KeyLine {
                key_start: 2,
                key_end: 3
            })
        );
        assert_eq!(classify("    k: v"), Continuation);
        assert_eq!(classify(" \t "), Blank);
        assert_eq!(classify("\u{3000}"), Blank);
        assert_eq!(classify("\u{b}x"), Other);
        assert_eq!(classify("   x"), Other);
        assert_eq!(classify("é: x"), Other);
        assert_eq!(classify(""), Blank);
    }

    #[test]
    fn fences() {
        assert!(is_open_fence("---"));
        assert!(is_open_fence("----- yaml"));
        assert!(!is_open_fence("..."));
        assert!(is_close_fence("..."));
        assert!(is_close_fence("---x"));
        assert!(!is_close_fence("--"));
        assert!(!is_close_fence(" ---"));
    }

    #[test]
    fn indentation_and_blanks() {
        assert_eq!(indent_width("    a"), (4, 4));
        assert_eq!(indent_width("\ta"), (4, 1));
        assert_eq!(indent_width(" \ta"), (4, 2));
        assert_eq!(indent_width("   a"), (3, 3));
        assert_eq!(indent_width("  \t  a"), (6, 5));
        assert!(is_continuation("\tx"));
        assert!(!is_continuation("   x"));
        assert!(is_blank(""));
        assert!(is_blank(" \t\u{a0}\u{3000}\u{1f}"));
        assert!(!is_blank(" x "));
        assert_eq!(py_trim("\u{1c} a b\u{2003}"), "a b");
        assert_eq!(expand_tabs("a\tb\t\tc"), "a   b       c");
    }
}
