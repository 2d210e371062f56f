//! Horizontal rules: 3 or more `-`, `_` or `*` (one kind), at most two
//! spaces between, at most 3 spaces before, spaces after.
//!
//! Nested containers offer the same line again and again, each time with
//! its container marks taken off the front (`- - - - x` is a list item
//! holding a list item holding ...): the line's end stays where it was.
//! Whether a piece is a rule depends on its start only through where the
//! line's tail of marks and spaces begins, so for long pieces that tail is
//! found once per line end and each offer costs a few steps.

use std::collections::HashMap;

use super::lines::Seg;
use super::marks::count;

/// Pieces at most this long are read directly (a search in the table
/// costs more than reading them).
const SHORT: usize = 64;

/// The tail of marks and spaces that ends a line.
#[derive(Clone, Copy)]
struct Tail {
    /// The mark (`-`, `_` or `*`) of the tail, or 0 when the line ends
    /// with no mark.
    mark: u8,
    /// The first mark of the longest run of marks and short gaps that
    /// ends the line.
    first: usize,
    /// The third mark from the end: a rule starting after it has fewer
    /// than three.
    third_last: Option<usize>,
    /// Where the trailing spaces start.
    end: usize,
}

/// Rule tests with the tails of the long lines they have read.
#[derive(Default)]
pub(super) struct Rules {
    tails: HashMap<usize, Tail>,
}

impl Rules {
    /// Whether `seg` is a rule.
    pub fn is_rule(&mut self, body: &[u8], seg: &Seg) -> bool {
        let l = seg.bytes(body);
        if l.len() <= SHORT {
            return is_rule(l);
        }
        let lead = l.iter().take(4).take_while(|&&c| c == b' ').count();
        let last = l[l.len() - 1];
        if lead > 3 || !matches!(l[lead], b'-' | b'_' | b'*') || (last != b' ' && last != l[lead]) {
            return false;
        }
        self.tails
            .entry(seg.end)
            .or_insert_with(|| tail(body, seg.end))
            .starts_rule(body, seg.start + lead)
    }
}

impl Tail {
    /// Whether a rule starts at `at` (after at most 3 spaces of its
    /// piece) and runs to the end of the line.
    fn starts_rule(&self, body: &[u8], at: usize) -> bool {
        at < self.end
            && body[at] == self.mark
            && at >= self.first
            && self.third_last.is_some_and(|t| at <= t)
    }
}

/// The tail of marks and spaces of the line ending at `end`, read from
/// the end back.
fn tail(body: &[u8], end: usize) -> Tail {
    let mut at = end;
    while at > 0 && body[at - 1] == b' ' {
        at -= 1;
    }
    let trimmed = at;
    let mark = at
        .checked_sub(1)
        .map(|k| body[k])
        .filter(|c| matches!(c, b'-' | b'_' | b'*'))
        .unwrap_or(0);
    let (mut first, mut marks, mut third_last, mut gap) = (trimmed, 0, None, 0);
    while mark != 0 && at > 0 {
        let c = body[at - 1];
        if c == mark {
            at -= 1;
            first = at;
            marks += 1;
            if marks == 3 {
                third_last = Some(at);
            }
            gap = 0;
        } else if c == b' ' && gap < 2 {
            at -= 1;
            gap += 1;
        } else {
            break;
        }
    }
    count(end - at + 1);
    Tail {
        mark,
        first,
        third_last,
        end: trimmed,
    }
}

/// Whether the line `l` is a rule, read from its start.
pub(super) fn is_rule(l: &[u8]) -> bool {
    let lead = l.iter().take_while(|&&c| c == b' ').count();
    if lead > 3 {
        return false;
    }
    let l = &l[lead..];
    let Some(&c) = l.first().filter(|c| matches!(c, b'-' | b'_' | b'*')) else {
        return false;
    };
    count(l.len());
    let body_end = l.len() - l.iter().rev().take_while(|&&x| x == b' ').count();
    let mut marks = 0;
    let mut gap = 0;
    for &x in &l[..body_end] {
        if x == c {
            marks += 1;
            gap = 0;
        } else if x == b' ' {
            gap += 1;
            if gap > 2 {
                return false;
            }
        } else {
            return false;
        }
    }
    marks >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every piece of many lines, read through the tails (short pieces
    /// too) and directly: the same answers.
    #[test]
    fn tails_answer_as_the_direct_reading_does() {
        // Mostly one kind of mark a line, sometimes another byte.
        const PIECES: &[&[u8]] = &[
            b"m", b"m", b"m", b"m ", b" ", b"  ", b"   ", b"-", b"*", b"x",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap_or(0)
        };
        let (mut rules, mut others) = (0, 0);
        for _ in 0..3_000 {
            let mut body = b"a\n".to_vec();
            let start = body.len();
            let mark = [b'-', b'*', b'_'][next(3)];
            for _ in 0..1 + next(16) {
                let piece = PIECES[next(PIECES.len())];
                body.extend(piece.iter().map(|&c| if c == b'm' { mark } else { c }));
            }
            let end = body.len();
            let t = tail(&body, end);
            for s in start..=end {
                let direct = is_rule(&body[s..end]);
                let lead = body[s..end]
                    .iter()
                    .take(4)
                    .take_while(|&&c| c == b' ')
                    .count();
                let by_tail = lead <= 3 && t.starts_rule(&body, s + lead);
                assert_eq!(
                    by_tail,
                    direct,
                    "{:?}",
                    String::from_utf8_lossy(&body[s..end])
                );
                if direct {
                    rules += 1;
                } else {
                    others += 1;
                }
            }
        }
        assert!(rules > 1_000 && others > 1_000, "{rules} {others}");
    }
}
