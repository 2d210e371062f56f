//! What a line opens, as the block reader tests it: list item marks,
//! quote marks, definition and footnote marks, reference definition
//! labels, and the two rows that start a table.

use std::ops::Range;

use super::lines::{trim, Seg};
use super::marks::count;

/// A list item mark at most 3 spaces in (`1.`, `*`, `+`, `-`, then
/// spaces): where the item's text starts.
pub(super) fn list_item(l: &[u8]) -> Option<usize> {
    let lead = l.iter().take_while(|&&c| c == b' ').count();
    if lead > 3 {
        return None;
    }
    item_after(l, lead)
}

fn item_after(l: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    match l.get(i)? {
        b'*' | b'+' | b'-' => i += 1,
        c if c.is_ascii_digit() => {
            while l.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if l.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    let spaces = l[i..].iter().take_while(|&&c| c == b' ').count();
    (spaces > 0).then_some(i + spaces)
}

/// A nested item: 4 to 7 spaces, then an item mark.
pub(super) fn indented_item(l: &[u8]) -> bool {
    let lead = l.iter().take_while(|&&c| c == b' ').count();
    (4..=7).contains(&lead) && item_after(l, lead).is_some()
}

/// `: ` at most 3 spaces in, 1 to 3 spaces after: where the definition
/// starts.
pub(super) fn def_mark(l: &[u8]) -> Option<usize> {
    let lead = l.iter().take_while(|&&c| c == b' ').count();
    if lead > 3 || l.get(lead) != Some(&b':') {
        return None;
    }
    let spaces = l[lead + 1..].iter().take_while(|&&c| c == b' ').count();
    (1..=3)
        .contains(&spaces)
        .then_some(lead + 1 + spaces)
        .or_else(|| (spaces > 3).then_some(lead + 4))
}

/// `>` at most 3 spaces in, and one optional space: where the quoted text
/// starts.
pub(super) fn quote_mark(l: &[u8]) -> Option<usize> {
    let lead = l.iter().take_while(|&&c| c == b' ').count();
    if lead > 3 || l.get(lead) != Some(&b'>') {
        return None;
    }
    Some(lead + 1 + usize::from(l.get(lead + 1) == Some(&b' ')))
}

/// `[^label]:` at most 3 spaces in: where the footnote's text starts.
pub(super) fn footnote_mark(l: &[u8]) -> Option<usize> {
    let lead = l.iter().take_while(|&&c| c == b' ').count();
    if lead > 3 || !l[lead..].starts_with(b"[^") {
        return None;
    }
    let close = l[lead..].iter().position(|&c| c == b']')? + lead;
    if l.get(close + 1) != Some(&b':') {
        return None;
    }
    Some(close + 2 + l[close + 2..].iter().take_while(|&&c| c == b' ').count())
}

/// `[label]:` at most 3 spaces in (a label without brackets): where the
/// label is.
pub(super) fn ref_start(l: &[u8]) -> Option<Range<usize>> {
    let lead = l.iter().take_while(|&&c| c == b' ').count();
    if lead > 3 || l.get(lead) != Some(&b'[') {
        return None;
    }
    let close = l[lead + 1..].iter().position(|&c| c == b']' || c == b'[')? + lead + 1;
    (l[close] == b']' && l.get(close + 1) == Some(&b':')).then_some(lead + 1..close)
}

/// Whether a block is a table: a header row with a `|`, then a separator
/// row of `|`, `:`, `-` and spaces with as many cells.
pub(super) fn is_table(body: &[u8], segs: &[Seg]) -> bool {
    separator_cells(body, segs[1])
        .is_some_and(|n| n > 1 && head_cells(trim(body, segs[0]).bytes(body)) == Some(n))
}

/// The cells of a separator row, when the line is one.
pub(super) fn separator_cells(body: &[u8], line: Seg) -> Option<usize> {
    let sep = trim(body, line).bytes(body);
    count(sep.len());
    // Most lines fail at their first byte.
    (sep.iter().all(|c| matches!(c, b'|' | b':' | b'-' | b' ')) && sep.contains(&b'-'))
        .then(|| cells(sep))
}

/// The cells of a header row (trimmed), when it holds a `|`.
pub(super) fn head_cells(head: &[u8]) -> Option<usize> {
    head.contains(&b'|').then(|| cells(head))
}

fn cells(row: &[u8]) -> usize {
    count(row.len());
    let mut r = row;
    if r.first() == Some(&b'|') {
        r = &r[1..];
    }
    if r.last() == Some(&b'|') && !r.ends_with(b"\\|") {
        r = &r[..r.len() - 1];
    }
    let mut n = 1;
    let mut i = 0;
    let mut code = false;
    while i < r.len() {
        match r[i] {
            b'\\' => i += 1,
            b'`' => code = !code,
            b'|' if !code => n += 1,
            _ => {}
        }
        i += 1;
    }
    n
}
