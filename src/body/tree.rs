//! [`Body::heading_tree`]: the headings as a tree, for a table of contents.

use super::{Body, Heading};

/// A heading and the headings below it, borrowed from a [`Body`].
///
/// With the `serde` feature it serializes as the heading's own fields
/// (`level`, `text`, `id`, `line`, `column`, `start`, `end`) and
/// `children`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadingNode<'b, 'a> {
    /// The heading.
    pub heading: &'b Heading<'a>,
    /// Its index in [`Body::headings`] (its section is `index + 1` in
    /// [`Body::sections`]).
    pub index: usize,
    /// The headings directly below it, in order.
    pub children: Vec<HeadingNode<'b, 'a>>,
}

impl<'a> Body<'a> {
    /// The headings as a tree: each heading holds the headings of its
    /// section (the next headings of a deeper level, up to one of the same
    /// or a higher level), as [`Body::sections`] nests them. Built without
    /// recursion, so any input is safe (and headings go only 6 deep).
    ///
    /// ```
    /// use pagefmt::{BodyOptions, Page};
    ///
    /// let page = Page::parse("# A\n## A.1\n### A.1.a\n## A.2\n# B\n");
    /// let body = page.outline(&BodyOptions::default());
    /// let tree = body.heading_tree();
    /// let titles: Vec<(&str, usize)> =
    ///     tree.iter().map(|n| (&*n.heading.text, n.children.len())).collect();
    /// assert_eq!(titles, [("A", 2), ("B", 0)]);
    /// assert_eq!(tree[0].children[0].children[0].heading.id, "a1a");
    /// ```
    #[must_use]
    pub fn heading_tree(&self) -> Vec<HeadingNode<'_, 'a>> {
        // Children have higher section indices than their parent: build
        // from the last section back, each node taking its finished
        // children.
        let mut nodes: Vec<Option<HeadingNode<'_, 'a>>> = vec![None; self.sections.len()];
        let mut roots = Vec::new();
        for (i, section) in self.sections.iter().enumerate().rev() {
            let Some(index) = section.heading else {
                continue;
            };
            let Some(heading) = self.headings.get(index) else {
                continue;
            };
            let children = section
                .children
                .iter()
                .filter_map(|&c| nodes.get_mut(c).and_then(Option::take))
                .collect();
            let node = HeadingNode {
                heading,
                index,
                children,
            };
            if section.parent.is_some() {
                nodes[i] = Some(node);
            } else {
                roots.push(node);
            }
        }
        roots.reverse();
        roots
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for HeadingNode<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let h = self.heading;
        let mut map = s.serialize_map(Some(8))?;
        map.serialize_entry("level", &h.level)?;
        map.serialize_entry("text", &h.text)?;
        map.serialize_entry("id", &h.id)?;
        map.serialize_entry("line", &h.location.line)?;
        map.serialize_entry("column", &h.location.column)?;
        map.serialize_entry("start", &h.span.start)?;
        map.serialize_entry("end", &h.span.end)?;
        map.serialize_entry("children", &self.children)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use crate::{BodyOptions, Page};

    #[test]
    fn levels_that_skip_and_climb() {
        let page = Page::parse("intro\n### deep first\n# A\n### A.x\n## A.1\n# B\n###### B.x\n");
        let body = page.outline(&BodyOptions::default());
        let tree = body.heading_tree();
        let shape: Vec<(usize, Vec<usize>)> = tree
            .iter()
            .map(|n| (n.index, n.children.iter().map(|c| c.index).collect()))
            .collect();
        assert_eq!(shape, [(0, vec![]), (1, vec![2, 3]), (4, vec![5])]);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn json_shape() {
        let page = Page::parse("# A\n## B\n");
        let body = page.outline(&BodyOptions::default());
        assert_eq!(
            serde_json::to_string(&body.heading_tree()).unwrap(),
            r#"[{"level":1,"text":"A","id":"a","line":1,"column":1,"start":0,"end":3,"children":[{"level":2,"text":"B","id":"b","line":2,"column":1,"start":4,"end":8,"children":[]}]}]"#
        );
    }
}
