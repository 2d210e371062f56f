//! Where the code spans, brackets and parentheses of an inline run close,
//! found once per run (a few passes, a stack, no search that starts over),
//! so that reading a run stays linear however its marks are arranged.

use std::collections::HashMap;

use super::inline::ESCAPED;

/// The marks of one run of inline text.
pub(super) struct Marks {
    /// Code spans: start -> end (after the closing backticks).
    code: HashMap<usize, usize>,
    /// `[` -> the position after its `]`.
    brackets: HashMap<usize, usize>,
    /// `(` -> the position of its `)`.
    parens: HashMap<usize, usize>,
    /// `'` and `"` outside code spans and escapes.
    quotes: Vec<usize>,
    /// Every `<`, `>` and `]`.
    angles: Vec<usize>,
    closes: Vec<usize>,
    /// Where each `-->` starts.
    comment_ends: Vec<usize>,
}

impl Marks {
    pub fn new(t: &str) -> Self {
        let b = t.as_bytes();
        let code = code_spans(b);
        let mut brackets = HashMap::new();
        let mut parens = HashMap::new();
        let (mut open_brackets, mut open_parens) = (Vec::new(), Vec::new());
        let mut quotes = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if let Some(&end) = code.get(&i) {
                i = end;
                continue;
            }
            match b[i] {
                b'\\' if b.get(i + 1).is_some_and(|c| ESCAPED.contains(c)) => i += 1,
                b'[' => open_brackets.push(i),
                b']' => {
                    if let Some(o) = open_brackets.pop() {
                        brackets.insert(o, i + 1);
                    }
                }
                b'(' => open_parens.push(i),
                b')' => {
                    if let Some(o) = open_parens.pop() {
                        parens.insert(o, i);
                    }
                }
                b'\'' | b'"' => quotes.push(i),
                _ => {}
            }
            i += 1;
        }
        let positions = |c1: u8, c2: u8| memchr::memchr2_iter(c1, c2, b).collect::<Vec<_>>();
        Marks {
            code,
            brackets,
            parens,
            quotes,
            angles: positions(b'<', b'>'),
            closes: memchr::memchr_iter(b']', b).collect(),
            comment_ends: memchr::memmem::find_iter(b, b"-->").collect(),
        }
    }

    /// The end of the code span that starts at `i`.
    pub fn code_at(&self, i: usize) -> Option<usize> {
        self.code.get(&i).copied()
    }

    /// The position after the `]` that closes the `[` at `i`.
    pub fn bracket_end(&self, i: usize) -> Option<usize> {
        self.brackets.get(&i).copied()
    }

    /// The `)` that closes the `(` at `i`.
    pub fn paren_close(&self, i: usize) -> Option<usize> {
        self.parens.get(&i).copied()
    }

    /// Whether a quote lies in `from..to`.
    pub fn quote_between(&self, from: usize, to: usize) -> bool {
        next(&self.quotes, from).is_some_and(|q| q < to)
    }

    /// The first `<` or `>` at or after `from`.
    pub fn next_angle(&self, from: usize) -> Option<usize> {
        next(&self.angles, from)
    }

    /// The first `]` at or after `from`.
    pub fn next_close(&self, from: usize) -> Option<usize> {
        next(&self.closes, from)
    }

    /// The first `-->` at or after `from`.
    pub fn next_comment_end(&self, from: usize) -> Option<usize> {
        next(&self.comment_ends, from)
    }
}

fn next(sorted: &[usize], from: usize) -> Option<usize> {
    sorted.get(sorted.partition_point(|&p| p < from)).copied()
}

/// Code spans as Python-Markdown finds them: a run of backticks not after
/// a backslash, closed by the next run of as many.
fn code_spans(b: &[u8]) -> HashMap<usize, usize> {
    let mut out = HashMap::new();
    if memchr::memchr(b'`', b).is_none() {
        return out;
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'`', &b[i..]) {
        let p = i + k;
        let n = b[p..].iter().take_while(|&&c| c == b'`').count();
        runs.push((p, n));
        i = p + n;
    }
    // The next run of the same length, from the right.
    let mut next_same = vec![None; runs.len()];
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for k in (0..runs.len()).rev() {
        next_same[k] = seen.get(&runs[k].1).copied();
        seen.insert(runs[k].1, k);
    }
    let mut k = 0;
    while k < runs.len() {
        let (p, n) = runs[k];
        let escaped = p > 0 && b[p - 1] == b'\\';
        match next_same[k] {
            Some(j) if !escaped => {
                out.insert(p, runs[j].0 + n);
                k = j + 1;
            }
            _ => k += 1,
        }
    }
    out
}
