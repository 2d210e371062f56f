//! Lines and line pieces: what the block reader works on.

/// What a piece of a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Markdown text.
    Text,
    /// A raw HTML block (kept as written; its links are read from it).
    Raw,
    /// A fenced code block.
    Code,
}

/// A line, or what is left of it once container marks and indentation
/// are taken off; raw HTML and code blocks are one piece each. Byte
/// offsets into the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Seg {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

impl Seg {
    pub fn text(start: usize, end: usize) -> Self {
        Seg {
            start,
            end,
            kind: Kind::Text,
        }
    }

    pub fn bytes<'b>(&self, body: &'b [u8]) -> &'b [u8] {
        &body[self.start..self.end]
    }

    /// Blank: only spaces and tabs (Python-Markdown empties such lines).
    pub fn is_blank(&self, body: &[u8]) -> bool {
        self.kind == Kind::Text && self.bytes(body).iter().all(|&c| c == b' ' || c == b'\t')
    }
}

/// The lines of `body` without their endings (`\r\n`, `\r` or `\n`).
pub(super) fn lines(body: &[u8]) -> Vec<(usize, usize)> {
    // Room for lines of 32 bytes on average (most are longer).
    let mut out = Vec::with_capacity(body.len() / 32 + 1);
    let mut start = 0;
    if memchr::memchr(b'\r', body).is_none() {
        for i in memchr::memchr_iter(b'\n', body) {
            out.push((start, i));
            start = i + 1;
        }
        if start < body.len() {
            out.push((start, body.len()));
        }
        return out;
    }
    for i in memchr::memchr2_iter(b'\n', b'\r', body) {
        // The `\n` of a `\r\n`, taken with the `\r`.
        if i < start {
            continue;
        }
        out.push((start, i));
        start = i + 1 + usize::from(body[i] == b'\r' && body.get(i + 1) == Some(&b'\n'));
    }
    if start < body.len() {
        out.push((start, body.len()));
    }
    out
}

/// Columns of leading white space, tabs stopping every 4 columns.
pub(super) fn indent(b: &[u8]) -> usize {
    let mut col = 0;
    for &c in b {
        match c {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// `seg` with up to `cols` columns of leading white space taken off.
pub(super) fn dedent(body: &[u8], seg: Seg, cols: usize) -> Seg {
    if seg.kind != Kind::Text {
        return seg;
    }
    let mut col = 0;
    let mut i = seg.start;
    while i < seg.end && col < cols {
        match body[i] {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => break,
        }
        i += 1;
    }
    Seg { start: i, ..seg }
}

/// `seg` with spaces and tabs trimmed off both ends.
pub(super) fn trim(body: &[u8], seg: Seg) -> Seg {
    let (mut s, mut e) = (seg.start, seg.end);
    while s < e && matches!(body[s], b' ' | b'\t') {
        s += 1;
    }
    while e > s && matches!(body[e - 1], b' ' | b'\t') {
        e -= 1;
    }
    Seg {
        start: s,
        end: e,
        ..seg
    }
}
