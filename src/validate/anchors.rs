//! The ids a `#fragment` can name on a page: its headings' ids and the
//! `id`/`name` attributes of its raw HTML, read once per page into one
//! buffer and sorted, so that each fragment is one binary search however
//! many links there are.

use crate::body::Body;

/// A page's anchors: heading ids first (in page order, for suggestions),
/// then raw-HTML anchors, all in one buffer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Anchors {
    /// Every id, one after the other.
    text: String,
    /// Where each id ends in `text` (it starts where the previous ends).
    ends: Vec<usize>,
    /// How many of them are heading ids.
    headings: usize,
    /// The positions of the ids (in `ends`), sorted by id.
    sorted: Vec<usize>,
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
        let mut a = Anchors::default();
        for h in &body.headings {
            a.push(&h.id);
        }
        a.headings = a.ends.len();
        for id in html_ids(html) {
            a.push(id);
        }
        let mut sorted: Vec<usize> = (0..a.ends.len()).collect();
        sorted.sort_by(|&x, &y| a.id(x).cmp(a.id(y)));
        sorted.dedup_by(|x, y| a.id(*x) == a.id(*y));
        a.sorted = sorted;
        a
    }

    fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    /// The id at position `i`.
    fn id(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.text[start..self.ends[i]]
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
    pub(crate) fn headings(&self) -> impl Iterator<Item = &str> {
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
