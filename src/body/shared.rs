//! Slices of one buffer that a whole body shares, so that reading a body
//! allocates once for all its headings rather than once per heading:
//! [`HeadingId`] (a slice of the text of all the ids) and [`Children`] (a
//! slice of the list of every section's children).

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, Range};
use std::sync::Arc;

/// A heading's id (see [`crate::Heading::id`]). It reads as a `&str`
/// (`Deref`, [`HeadingId::as_str`], comparisons with `str` and `String`,
/// `Display`); cloning it is cheap.
///
/// The ids of one body are written into one shared text, so that reading a
/// body allocates once for all its ids rather than once per heading. An id
/// keeps that text alive: [`String::from`] makes an independent copy.
///
/// ```
/// use pagefmt::{BodyOptions, Page};
///
/// let page = Page::parse("# Why?\n\n## How {#how-to}\n");
/// let body = page.outline(&BodyOptions::default());
/// let ids: Vec<&str> = body.headings.iter().map(|h| h.id.as_str()).collect();
/// assert_eq!(ids, ["why", "how-to"]);
/// assert_eq!(body.headings[0].id, "why");
/// let owned: String = body.headings[1].id.clone().into();
/// assert_eq!(owned, "how-to");
/// ```
#[derive(Clone)]
pub struct HeadingId {
    all: Arc<str>,
    start: usize,
    end: usize,
}

impl HeadingId {
    /// The slice `range` of `all` (a range inside it, on character
    /// boundaries).
    pub(crate) fn slice(all: &Arc<str>, range: Range<usize>) -> Self {
        debug_assert!(all.get(range.clone()).is_some());
        HeadingId {
            all: Arc::clone(all),
            start: range.start,
            end: range.end,
        }
    }

    /// The id as a string slice.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.all.get(self.start..self.end).unwrap_or_default()
    }
}

impl Deref for HeadingId {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for HeadingId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for HeadingId {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for HeadingId {
    fn from(id: &str) -> Self {
        let all: Arc<str> = Arc::from(id);
        HeadingId {
            start: 0,
            end: all.len(),
            all,
        }
    }
}

impl From<String> for HeadingId {
    fn from(id: String) -> Self {
        HeadingId::from(id.as_str())
    }
}

impl From<HeadingId> for String {
    fn from(id: HeadingId) -> Self {
        id.as_str().to_owned()
    }
}

impl fmt::Display for HeadingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for HeadingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for HeadingId {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for HeadingId {}

impl PartialOrd for HeadingId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for HeadingId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for HeadingId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As a `str`, so that `Borrow<str>` look-ups agree.
        self.as_str().hash(state);
    }
}

macro_rules! eq_str {
    ($($t:ty),*) => {$(
        impl PartialEq<$t> for HeadingId {
            fn eq(&self, other: &$t) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<HeadingId> for $t {
            fn eq(&self, other: &HeadingId) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}

eq_str!(str, &str, String, Cow<'_, str>);

#[cfg(feature = "serde")]
impl serde::Serialize for HeadingId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The indices of a section's children in [`crate::Body::sections`] (see
/// [`crate::Section::children`]), in order. It reads as a `&[usize]`
/// (`Deref`, comparisons with slices and vectors, iteration by reference);
/// cloning it is cheap.
///
/// The children of every section of a body are one list, of which each
/// section holds its part: [`Vec::from`] makes an independent copy.
///
/// ```
/// use pagefmt::{BodyOptions, Page};
///
/// let page = Page::parse("# A\n## A.1\n## A.2\n# B\n");
/// let body = page.outline(&BodyOptions::default());
/// assert_eq!(body.sections[1].children, [2, 3]);
/// assert!(body.sections[4].children.is_empty());
/// let titles: Vec<&str> = (body.sections[1].children.iter())
///     .map(|&c| &*body.headings[c - 1].text)
///     .collect();
/// assert_eq!(titles, ["A.1", "A.2"]);
/// ```
#[derive(Clone)]
pub struct Children {
    all: Arc<[usize]>,
    start: usize,
    end: usize,
}

impl Children {
    /// The slice `range` of `all`.
    pub(crate) fn slice(all: &Arc<[usize]>, range: Range<usize>) -> Self {
        debug_assert!(all.get(range.clone()).is_some());
        Children {
            all: Arc::clone(all),
            start: range.start,
            end: range.end,
        }
    }

    /// The indices as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[usize] {
        self.all.get(self.start..self.end).unwrap_or_default()
    }
}

impl Default for Children {
    fn default() -> Self {
        Children::from(Vec::new())
    }
}

impl Deref for Children {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        self.as_slice()
    }
}

impl AsRef<[usize]> for Children {
    fn as_ref(&self) -> &[usize] {
        self.as_slice()
    }
}

impl<'c> IntoIterator for &'c Children {
    type Item = &'c usize;
    type IntoIter = std::slice::Iter<'c, usize>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl From<Vec<usize>> for Children {
    fn from(children: Vec<usize>) -> Self {
        Children {
            start: 0,
            end: children.len(),
            all: Arc::from(children),
        }
    }
}

impl From<Children> for Vec<usize> {
    fn from(children: Children) -> Self {
        children.as_slice().to_vec()
    }
}

impl fmt::Debug for Children {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl PartialEq for Children {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Children {}

impl Hash for Children {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl PartialEq<[usize]> for Children {
    fn eq(&self, other: &[usize]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<&[usize]> for Children {
    fn eq(&self, other: &&[usize]) -> bool {
        self.as_slice() == *other
    }
}

impl PartialEq<Vec<usize>> for Children {
    fn eq(&self, other: &Vec<usize>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<const N: usize> PartialEq<[usize; N]> for Children {
    fn eq(&self, other: &[usize; N]) -> bool {
        self.as_slice() == other.as_slice()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Children {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn reads_as_its_slice() {
        let all: Arc<str> = Arc::from("introsetup_1");
        let a = HeadingId::slice(&all, 0..5);
        let b = HeadingId::slice(&all, 5..12);
        assert_eq!((a.as_str(), &*b), ("intro", "setup_1"));
        assert_eq!(a, "intro");
        assert_eq!("setup_1", b);
        assert_eq!(b, String::from("setup_1"));
        assert_eq!(a, HeadingId::from("intro"));
        assert_ne!(a, b);
        assert_eq!(format!("{a} {b:?}"), "intro \"setup_1\"");
        let set: HashSet<HeadingId> = [a.clone(), b].into_iter().collect();
        assert!(set.contains("intro"));
        assert_eq!(String::from(a), "intro");
    }

    #[test]
    fn children_read_as_their_slice() {
        let all: Arc<[usize]> = Arc::from(vec![2, 3, 5]);
        let (a, b) = (Children::slice(&all, 0..2), Children::slice(&all, 2..3));
        assert_eq!((a.as_slice(), &*b), (&[2, 3][..], &[5][..]));
        assert_eq!(a, vec![2, 3]);
        assert_eq!(a, Children::from(vec![2, 3]));
        assert_ne!(a, b);
        assert_eq!(format!("{b:?}"), "[5]");
        assert_eq!((&a).into_iter().sum::<usize>(), 5);
        assert!(Children::default().is_empty());
        assert_eq!(Vec::from(b), [5]);
    }
}
