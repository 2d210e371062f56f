//! Where the code spans, brackets and parentheses of an inline run close,
//! found once per run (a few passes, a stack, no search that starts over),
//! so that reading a run stays linear however its marks are arranged.
//! Each table is made the first time it is asked for: most runs hold no
//! bracket, tag or quoted destination, and pay for none of them.

use std::cell::{OnceCell, RefCell};

use super::inline::ESCAPED;

/// Buffers lent from one run's marks to the next (most runs are short:
/// allocating the tables afresh for each cost more than filling them).
#[derive(Default)]
pub(super) struct Spare {
    positions: Vec<Vec<usize>>,
    pairs: Vec<Vec<(usize, usize)>>,
}

impl Spare {
    fn positions(&mut self) -> Vec<usize> {
        let mut v = self.positions.pop().unwrap_or_default();
        v.clear();
        v
    }

    fn pairs(&mut self) -> Vec<(usize, usize)> {
        let mut v = self.pairs.pop().unwrap_or_default();
        v.clear();
        v
    }
}

/// The marks of one run of inline text.
pub(super) struct Marks<'t> {
    b: &'t [u8],
    spare: RefCell<Spare>,
    /// Code spans: (start, end after the closing backticks), in order.
    code: Vec<(usize, usize)>,
    /// (`[`, its `]`), (`(`, its `)`), by opener; every `'` and `"`: all
    /// outside code spans and escapes.
    brackets: OnceCell<Vec<(usize, usize)>>,
    parens: OnceCell<Vec<(usize, usize)>>,
    quotes: OnceCell<Vec<usize>>,
    /// Every `<` and `>`.
    angles: OnceCell<Vec<usize>>,
    /// Every `[`, and every `]`.
    opens: OnceCell<Vec<usize>>,
    closes: OnceCell<Vec<usize>>,
    /// Where each `-->` starts.
    comment_ends: OnceCell<Vec<usize>>,
    quoted: OnceCell<Quoted>,
}

/// What the reading of a destination that holds a quote needs (see
/// [`Marks::quoted_dest`]).
struct Quoted {
    /// Every `(` and `)`, in order, and the depth before each (`(` counts
    /// one up, `)` one down, from the start of the run).
    parens: Vec<(usize, bool)>,
    depth: Vec<i64>,
    /// The positions of `'` and of `"`.
    singles: Vec<usize>,
    doubles: Vec<usize>,
    /// For each quote of `Marks::quotes`: the `)` that ends a
    /// destination whose first quote it is, and the quote just before
    /// that `)`.
    ends: Vec<Option<(usize, usize)>>,
}

/// Counts `n` steps of reading. The linearity tests count the work done
/// on a shape rather than time it; outside tests this is nothing.
#[inline]
pub(super) fn count(n: usize) {
    #[cfg(test)]
    STEPS.with(|s| s.set(s.get() + n));
    #[cfg(not(test))]
    let _ = n;
}

#[cfg(test)]
thread_local! {
    /// The steps [`count`]ed on this thread.
    pub(super) static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A table of the bytes in `set`.
pub(super) const fn table(set: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < set.len() {
        t[set[i] as usize] = true;
        i += 1;
    }
    t
}

/// One character of a run as the destination reader sees it: code spans
/// and escaped characters are plain text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Open,
    Close,
    Quote(u8),
    Space,
    Other,
}

impl<'t> Marks<'t> {
    pub fn new(t: &'t str, mut spare: Spare) -> Self {
        let b = t.as_bytes();
        Marks {
            b,
            code: code_spans(b, &mut spare),
            spare: RefCell::new(spare),
            brackets: OnceCell::new(),
            parens: OnceCell::new(),
            quotes: OnceCell::new(),
            angles: OnceCell::new(),
            opens: OnceCell::new(),
            closes: OnceCell::new(),
            comment_ends: OnceCell::new(),
            quoted: OnceCell::new(),
        }
    }

    /// The end of the code span that starts at `i`.
    pub fn code_at(&self, i: usize) -> Option<usize> {
        let k = self.code.partition_point(|&(s, _)| s < i);
        self.code.get(k).filter(|&&(s, _)| s == i).map(|&(_, e)| e)
    }

    /// Calls `f` with each character of the run that is neither in a code
    /// span nor escaped (a backslash that escapes is `Other`, the
    /// character after it skipped), and where it is.
    fn classes(&self, mut f: impl FnMut(usize, Class)) {
        let b = self.b;
        let mut code = self.code.iter().peekable();
        let mut i = 0;
        while i < b.len() {
            count(1);
            let c = b[i];
            match c {
                b'`' => {
                    while code.next_if(|&&(s, _)| s < i).is_some() {}
                    if let Some(&&(s, e)) = code.peek() {
                        if s == i {
                            f(e - 1, Class::Other);
                            i = e;
                            continue;
                        }
                    }
                    f(i, Class::Other);
                }
                b'\\' if b.get(i + 1).is_some_and(|n| ESCAPED.contains(n)) => {
                    f(i, Class::Other);
                    f(i + 1, Class::Other);
                    i += 1;
                }
                b'(' => f(i, Class::Open),
                b')' => f(i, Class::Close),
                b'\'' | b'"' => f(i, Class::Quote(c)),
                b' ' => f(i, Class::Space),
                _ => f(i, Class::Other),
            }
            i += 1;
        }
    }

    /// Calls `f` with each `x` and `y` of the run that is neither in a
    /// code span nor escaped.
    fn each(&self, x: u8, y: u8, mut f: impl FnMut(usize, u8)) {
        let b = self.b;
        let mut code = self.code.iter().peekable();
        let mut i = 0;
        while let Some(k) = memchr::memchr3(x, y, b'\\', &b[i.min(b.len())..]) {
            let p = i + k;
            count(k + 1);
            while code.next_if(|&&(_, e)| e <= p).is_some() {}
            if let Some(&&(s, e)) = code.peek() {
                if s <= p {
                    i = e;
                    continue;
                }
            }
            match b[p] {
                b'\\' if b.get(p + 1).is_some_and(|c| ESCAPED.contains(c)) => i = p + 2,
                b'\\' => i = p + 1,
                c => {
                    f(p, c);
                    i = p + 1;
                }
            }
        }
    }

    /// The (opener, closer) pairs of `x` and `y`, matched with a stack,
    /// by opener.
    fn pairs_of(&self, x: u8, y: u8) -> Vec<(usize, usize)> {
        let (mut pairs, mut open) = {
            let mut spare = self.spare.borrow_mut();
            (spare.pairs(), spare.positions())
        };
        self.each(x, y, |p, c| {
            if c == x {
                open.push(p);
            } else if let Some(o) = open.pop() {
                pairs.push((o, p));
            }
        });
        self.spare.borrow_mut().positions.push(open);
        pairs.sort_unstable();
        pairs
    }

    /// The run's buffers, for the next run.
    pub fn into_spare(self) -> Spare {
        let mut spare = self.spare.into_inner();
        let positions = [
            self.quotes,
            self.angles,
            self.opens,
            self.closes,
            self.comment_ends,
        ];
        spare
            .positions
            .extend(positions.into_iter().filter_map(OnceCell::into_inner));
        spare.pairs.push(self.code);
        let pairs = [self.brackets, self.parens];
        spare
            .pairs
            .extend(pairs.into_iter().filter_map(OnceCell::into_inner));
        spare
    }

    /// A buffer of positions filled from `found`.
    fn positions(&self, found: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut v = self.spare.borrow_mut().positions();
        v.extend(found);
        v
    }

    fn quotes(&self) -> &[usize] {
        self.quotes.get_or_init(|| {
            let mut quotes = self.spare.borrow_mut().positions();
            self.each(b'\'', b'"', |p, _| quotes.push(p));
            quotes
        })
    }

    /// The first code span that starts at or after `i`.
    pub fn next_code(&self, i: usize) -> Option<usize> {
        let k = self.code.partition_point(|&(s, _)| s < i);
        self.code.get(k).map(|&(s, _)| s)
    }

    /// The position after the `]` that closes the `[` at `i`.
    pub fn bracket_end(&self, i: usize) -> Option<usize> {
        let brackets = self.brackets.get_or_init(|| self.pairs_of(b'[', b']'));
        lookup(brackets, i).map(|c| c + 1)
    }

    /// The `)` that closes the `(` at `i`.
    pub fn paren_close(&self, i: usize) -> Option<usize> {
        lookup(self.parens.get_or_init(|| self.pairs_of(b'(', b')')), i)
    }

    /// The first quote at or after `from`.
    pub fn next_quote(&self, from: usize) -> Option<usize> {
        next(self.quotes(), from)
    }

    /// The first `<` or `>` at or after `from`.
    pub fn next_angle(&self, from: usize) -> Option<usize> {
        let b = self.b;
        next(
            self.angles
                .get_or_init(|| self.positions(memchr::memchr2_iter(b'<', b'>', b))),
            from,
        )
    }

    /// The first `]` at or after `from`.
    pub fn next_close(&self, from: usize) -> Option<usize> {
        let b = self.b;
        next(
            self.closes
                .get_or_init(|| self.positions(memchr::memchr_iter(b']', b))),
            from,
        )
    }

    /// Whether `r` holds a `[` or a `]` (escaped or not).
    pub fn has_bracket(&self, r: std::ops::Range<usize>) -> bool {
        let b = self.b;
        let opens = self
            .opens
            .get_or_init(|| self.positions(memchr::memchr_iter(b'[', b)));
        next(opens, r.start).is_some_and(|p| p < r.end)
            || self.next_close(r.start).is_some_and(|p| p < r.end)
    }

    /// The first `-->` at or after `from`.
    pub fn next_comment_end(&self, from: usize) -> Option<usize> {
        let b = self.b;
        next(
            self.comment_ends
                .get_or_init(|| self.positions(memchr::memmem::find_iter(b, b"-->"))),
            from,
        )
    }

    /// An inline destination that starts at `start`, after the `(` at
    /// `open`, and holds a quote at `first` before the `)` that balances
    /// that `(` (or with no such `)`): its destination, title and end, as
    /// Python-Markdown's character by character reading finds them (see
    /// `inline::link_dest`), from tables made once per run.
    ///
    /// That reading takes the first quote as the start of a title and
    /// then ends the link at the first `)` whose last character before it
    /// (spaces aside) is a quote after `first`: one like `first`, or one of
    /// the other kind seen at least twice since `first`. With no such `)`
    /// it falls back to the `)` that is the n-th parenthesis after
    /// `first` (either kind; n: how many parentheses were open at
    /// `first`), or finds no link.
    pub fn quoted_dest(&self, open: usize, start: usize, first: usize) -> Option<QuotedDest> {
        let q = self.quoted();
        let k = self.quotes().partition_point(|&p| p < first);
        if let Some((r, last)) = q.ends[k] {
            let b = self.b;
            if b[last] == b[first] {
                return Some(QuotedDest {
                    dest: start..first,
                    title: Some(first + 1..last),
                    end: r + 1,
                });
            }
            let same = if b[last] == b'\'' {
                &q.singles
            } else {
                &q.doubles
            };
            let alt = next(same, first + 1)?;
            return Some(QuotedDest {
                dest: start..alt,
                title: Some(alt + 1..last),
                end: r + 1,
            });
        }
        let depth_at = |p: usize| {
            let k = q.parens.partition_point(|&(x, _)| x < p);
            q.depth[k]
        };
        let open_at_first = depth_at(first) - depth_at(open);
        let from = q.parens.partition_point(|&(x, _)| x < first);
        let n = usize::try_from(open_at_first).ok()?;
        let &(p, is_open) = q.parens.get(from + n.checked_sub(1)?)?;
        (!is_open).then_some(QuotedDest {
            dest: start..p,
            title: None,
            end: p + 1,
        })
    }

    fn quoted(&self) -> &Quoted {
        self.quoted.get_or_init(|| {
            let b = self.b;
            let mut parens = Vec::new();
            let mut depth = vec![0];
            let (mut singles, mut doubles) = (Vec::new(), Vec::new());
            // `)`s whose last character before them is a quote: (the `)`,
            // the quote, the quote of the same kind before that one).
            let mut candidates: Vec<(usize, usize, Option<usize>)> = Vec::new();
            let mut last: Option<(usize, Class)> = None;
            let mut d = 0;
            self.classes(|i, class| {
                match class {
                    Class::Open | Class::Close => {
                        if class == Class::Close {
                            if let Some((l, Class::Quote(c))) = last {
                                let same = if c == b'\'' { &singles } else { &doubles };
                                let before = same.len().checked_sub(2).map(|k| same[k]);
                                candidates.push((i, l, before));
                            }
                        }
                        d += if class == Class::Open { 1 } else { -1 };
                        parens.push((i, class == Class::Open));
                        depth.push(d);
                    }
                    Class::Quote(c) => {
                        if c == b'\'' {
                            singles.push(i);
                        } else {
                            doubles.push(i);
                        }
                    }
                    Class::Space | Class::Other => {}
                }
                if class != Class::Space {
                    last = Some((i, class));
                }
            });
            let quotes = self.quotes();
            let mut ends = vec![None; quotes.len()];
            for kind in [b'\'', b'"'] {
                // A `)` ends the destination of a first quote of this kind
                // before `until`: the quote before it when that is of this
                // kind, the one before that of the same (other) kind
                // otherwise.
                let mut reach: Vec<(usize, usize, usize)> = candidates
                    .iter()
                    .filter_map(|&(r, l, before)| {
                        let until = if b[l] == kind { Some(l) } else { before };
                        until.map(|u| (u, r, l))
                    })
                    .collect();
                reach.sort_unstable_by_key(|x| std::cmp::Reverse(x.0));
                let mut reach = reach.into_iter().peekable();
                let mut best: Option<(usize, usize)> = None;
                for (k, &p) in quotes.iter().enumerate().rev() {
                    count(1);
                    while let Some((_, r, l)) = reach.next_if(|&(u, ..)| u > p) {
                        count(1);
                        if best.is_none_or(|(br, _)| r < br) {
                            best = Some((r, l));
                        }
                    }
                    if b[p] == kind {
                        ends[k] = best;
                    }
                }
            }
            Quoted {
                parens,
                depth,
                singles,
                doubles,
                ends,
            }
        })
    }
}

/// A destination read by [`Marks::quoted_dest`] (offsets into the run).
pub(super) struct QuotedDest {
    pub dest: std::ops::Range<usize>,
    pub title: Option<std::ops::Range<usize>>,
    pub end: usize,
}

fn lookup(sorted: &[(usize, usize)], key: usize) -> Option<usize> {
    let k = sorted.partition_point(|&(p, _)| p < key);
    sorted.get(k).filter(|&&(p, _)| p == key).map(|&(_, v)| v)
}

fn next(sorted: &[usize], from: usize) -> Option<usize> {
    sorted.get(sorted.partition_point(|&p| p < from)).copied()
}

/// Code spans as Python-Markdown finds them: a run of backticks not after
/// a backslash, closed by the next run of as many.
fn code_spans(b: &[u8], spare: &mut Spare) -> Vec<(usize, usize)> {
    let mut out = spare.pairs();
    if memchr::memchr(b'`', b).is_none() {
        return out;
    }
    let mut runs: Vec<(usize, usize)> = spare.pairs();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'`', &b[i..]) {
        let p = i + k;
        count(1);
        let n = b[p..].iter().take_while(|&&c| c == b'`').count();
        runs.push((p, n));
        i = p + n;
    }
    // The next run of the same length, from the right.
    let mut next_same = vec![None; runs.len()];
    let mut seen: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
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
                out.push((p, runs[j].0 + n));
                k = j + 1;
            }
            _ => k += 1,
        }
    }
    spare.pairs.push(runs);
    out
}
