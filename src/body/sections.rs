//! The section tree, built with a stack (no recursion).

use std::sync::Arc;

use super::{Children, Section};
use crate::span::Span;

/// Builds the sections of a body spanning `body`: the preamble, then one
/// per heading. `headings` gives each heading's level and start;
/// `content_starts[i]` is where heading `i`'s content starts. Every
/// section's children are parts of one list.
pub(crate) fn build(
    headings: impl ExactSizeIterator<Item = (u8, usize)>,
    content_starts: &[usize],
    body: Span,
) -> Vec<Section> {
    let n = headings.len() + 1;
    // The children are filled in at the end, from the parents.
    let none = Children::slice(&Arc::from([]), 0..0);
    let mut sections = Vec::with_capacity(n);
    sections.push(Section {
        heading: None,
        level: 0,
        span: body,
        content: body,
        parent: None,
        children: none.clone(),
    });
    // Open sections, innermost last; their levels strictly increase.
    let mut stack: Vec<usize> = Vec::with_capacity(6);
    for (i, (level, start)) in headings.enumerate() {
        if i == 0 {
            sections[0].span.end = start;
            sections[0].content.end = start;
        }
        while let Some(&top) = stack.last() {
            if sections[top].level < level {
                break;
            }
            sections[top].span.end = start;
            sections[top].content.end = start;
            stack.pop();
        }
        let content_start = content_starts
            .get(i)
            .copied()
            .unwrap_or(start)
            .clamp(start, body.end);
        sections.push(Section {
            heading: Some(i),
            level,
            span: Span::new(start, body.end),
            content: Span::new(content_start, body.end),
            parent: stack.last().copied(),
            children: none.clone(),
        });
        stack.push(sections.len() - 1);
    }
    // Where each section's children start in the list (a counting sort by
    // parent: children come in index order).
    let mut starts = vec![0usize; n + 1];
    for p in sections.iter().filter_map(|s| s.parent) {
        starts[p + 1] += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    let mut list = vec![0usize; starts[n]];
    let mut next = starts.clone();
    for (i, p) in sections.iter().enumerate() {
        if let Some(p) = p.parent {
            list[next[p]] = i;
            next[p] += 1;
        }
    }
    let all: Arc<[usize]> = Arc::from(list);
    for (i, s) in sections.iter_mut().enumerate() {
        s.children = Children::slice(&all, starts[i]..starts[i + 1]);
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_by_level() {
        // Levels: 2, 3, 3, 1, 4, 2
        let heads = [(2u8, 10), (3, 20), (3, 30), (1, 40), (4, 50), (2, 60)];
        let starts: Vec<usize> = heads.iter().map(|h| h.1 + 5).collect();
        let s = build(heads.iter().copied(), &starts, Span::new(3, 100));
        let shape: Vec<_> = s
            .iter()
            .map(|s| {
                (
                    s.heading,
                    s.level,
                    s.span.start,
                    s.span.end,
                    s.content.start,
                    s.parent,
                    Vec::from(s.children.clone()),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                (None, 0, 3, 10, 3, None, vec![]),
                (Some(0), 2, 10, 40, 15, None, vec![2, 3]),
                (Some(1), 3, 20, 30, 25, Some(1), vec![]),
                (Some(2), 3, 30, 40, 35, Some(1), vec![]),
                (Some(3), 1, 40, 100, 45, None, vec![5, 6]),
                (Some(4), 4, 50, 60, 55, Some(4), vec![]),
                (Some(5), 2, 60, 100, 65, Some(4), vec![]),
            ]
        );
    }

    #[test]
    fn no_headings_is_all_preamble() {
        let s = build(std::iter::empty(), &[], Span::new(0, 7));
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].span, s[0].content),
            (Span::new(0, 7), Span::new(0, 7))
        );
    }
}
