//! The ids a `#fragment` can name on a page: its headings' ids and the
//! `id`/`name` attributes of its raw HTML, read once per page into one
//! buffer and sorted, so that each fragment is one binary search however
//! many links there are.

use crate::body::Body;

/// A page's anchors: heading ids first (in page order, for suggestions),
/// then raw-HTML anchors, all in one buffer (a site check keeps one per
/// page, so it is kept small).
#[derive(Clone, Debug, Default)]
pub(crate) struct Anchors {
    /// Every id, one after the other.
    text: Box<str>,
    /// Where each id ends in `text` (it starts where the previous ends).
    ends: Box<[u32]>,
    /// How many of them are heading ids.
    headings: u32,
    /// The positions of the ids (in `ends`), sorted by id.
    sorted: Box<[u32]>,
}

#[cfg(test)]
thread_local! {
    /// How many indexes this thread built: the tests count them.
    pub(crate) static BUILT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Anchors {
    /// The anchors of `body`.
    pub(crate) fn of(body: &Body<'_>) -> Anchors {
        #[cfg(test)]
        BUILT.with(|n| n.set(n.get() + 1));
        let start = body.sections.first().map_or(0, |s| s.span.start);
        let html = body.file_text().get(start..).unwrap_or_default();
        let mut text = String::new();
        let mut ends = Vec::new();
        let mut push = |id: &str| {
            text.push_str(id);
            // A page's text, and so its ids, is far below 4 GB.
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        };
        for h in &body.headings {
            push(&h.id);
        }
        let headings = u32::try_from(body.headings.len()).unwrap_or(u32::MAX);
        for id in html_ids(html) {
            push(id);
        }
        let mut a = Anchors {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
            headings,
            sorted: Box::default(),
        };
        let mut sorted: Vec<u32> = (0..u32::try_from(a.ends.len()).unwrap_or(0)).collect();
        sorted.sort_by(|&x, &y| a.id(x).cmp(a.id(y)));
        sorted.dedup_by(|x, y| a.id(*x) == a.id(*y));
        a.sorted = sorted.into_boxed_slice();
        a
    }

    /// The id at position `i`.
    fn id(&self, i: u32) -> &str {
        let at = |i: usize| self.ends.get(i).map_or(0, |&e| e as usize);
        let i = i as usize;
        let start = i.checked_sub(1).map_or(0, at);
        self.text.get(start..at(i)).unwrap_or_default()
    }

    /// Whether `id` (decoded) is one of them; the empty id never is.
    pub(crate) fn contains(&self, id: &str) -> bool {
        !id.is_empty()
            && self
                .sorted
                .binary_search_by(|&i| self.id(i).cmp(id))
                .is_ok()
    }

    /// The heading ids, in page order.
    pub(crate) fn headings(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.headings).map(|i| self.id(i))
    }
}

/// The values of the `id` and `name` attributes in `text`, read as the
/// text stands (a fallback for anchors written in raw HTML): an attribute
/// follows white space, its value is quoted or ends at white space, `>`
/// or `/`.
pub(crate) fn html_ids(text: &str) -> impl Iterator<Item = &str> {
    ["id=", "name="].into_iter().flat_map(move |attr| {
        text.match_indices(attr).filter_map(move |(at, _)| {
            let before = text.as_bytes().get(at.wrapping_sub(1)).copied();
            if !matches!(before, Some(b' ' | b'\t' | b'\n' | b'\r')) {
                return None;
            }
            let rest = &text[at + attr.len()..];
            let value = match rest.as_bytes().first() {
                Some(&q @ (b'"' | b'\'')) => rest[1..].split(char::from(q)).next(),
                _ => rest.split([' ', '\t', '\n', '\r', '>', '/']).next(),
            };
            value.filter(|v| !v.is_empty())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BodyOptions, Page};

    #[test]
    fn html_ids_are_read_from_attributes() {
        let t = "<div id=\"top\"></div>\n<a name='old-anchor'></a> <p data-id=\"no\" id=bare>";
        let ids: Vec<&str> = html_ids(t).collect();
        assert_eq!(ids, ["top", "bare", "old-anchor"]);
        assert_eq!(html_ids("id=\"start-of-text\" id=\"\"").count(), 0);
    }

    #[test]
    fn headings_and_html_anchors_are_found_by_one_lookup() {
        let text = "title: T\n\n# Zeta\n\n## Alpha\n\n<a id=\"raw\"></a> <b name=zeta>\n";
        let page = Page::parse(text);
        let a = Anchors::of(&page.outline(&BodyOptions::default()));
        for id in ["zeta", "alpha", "raw"] {
            assert!(a.contains(id), "{id}");
        }
        for id in ["", "Zeta", "ra", "rawx", "beta"] {
            assert!(!a.contains(id), "{id}");
        }
        assert_eq!(a.headings().collect::<Vec<_>>(), ["zeta", "alpha"]);
    }
}
