//! [`PageMeta`]: the header of a page as typed, owned values, and its
//! canonical text.
//!
//! ```
//! use pagefmt::{Category, Page, PageMeta};
//!
//! let page = Page::parse("Title: Queues\ncategory: page\nsortorder: 0311\ntoc: False\n\nBody\n");
//! let meta = page.meta()?;
//! assert_eq!(meta.title.as_deref(), Some("Queues"));
//! assert_eq!(meta.category, Some(Category::Page));
//! assert_eq!(meta.sort_order.as_ref().and_then(|s| s.value()), Some(311));
//! assert_eq!(meta.toc, Some(false));
//!
//! // The canonical header: fixed order, lowercase keys, one space after the colon.
//! assert_eq!(meta.to_string(), "title: Queues\ncategory: page\nsortorder: 0311\ntoc: False\n");
//! assert_eq!(meta.to_string().parse::<PageMeta>()?, meta);
//! # Ok::<(), pagefmt::Errors>(())
//! ```
//!
//! # Reading
//!
//! [`Page::meta`] (the same as [`PageMeta::from_page`]) reads every field of
//! the header; [`Page::meta_lenient`] does the same but never fails. Keys
//! compare case-insensitively. A value is the field's value lines joined
//! with `\n` ([`Field::joined`](crate::Field::joined)). The typed fields and
//! their keys, in canonical order:
//!
//! | field | key | value |
//! | --- | --- | --- |
//! | [`title`](PageMeta::title) | `title` | text |
//! | [`slug`](PageMeta::slug) | `slug` | one line |
//! | [`category`](PageMeta::category) | `category` | one line: `page`, `post`, `talk` or any other word, see [`Category`] |
//! | [`sort_order`](PageMeta::sort_order) | `sort-order` or `sortorder` | 1 to 19 ASCII digits, see [`SortOrder`] |
//! | [`date`](PageMeta::date) | `date` | see [`Date`] |
//! | [`modified`](PageMeta::modified) | `modified` | see [`Date`] |
//! | [`description`](PageMeta::description) | `meta` | text |
//! | [`toc`](PageMeta::toc) | `toc` | `True` or `False` |
//! | [`newsletter`](PageMeta::newsletter) | `newsletter` | `True` or `False` |
//! | [`sidebar_title`](PageMeta::sidebar_title) | `sidebartitle` | text |
//! | [`header_image`](PageMeta::header_image) | `headerimage` | one line |
//! | [`header_alt`](PageMeta::header_alt) | `headeralt` | text |
//! | [`author`](PageMeta::author) | `author` | one line |
//! | [`author_link`](PageMeta::author_link) | `authorlink` | one line |
//! | [`authors`](PageMeta::authors) | `authors` | list, see below |
//! | [`tags`](PageMeta::tags) | `tags` | list, see below |
//! | [`summary`](PageMeta::summary) | `summary` | text |
//! | [`status`](PageMeta::status) | `status` | one line |
//! | [`lang`](PageMeta::lang) | `lang` | one line |
//! | [`template`](PageMeta::template) | `template` | one line |
//! | [`save_as`](PageMeta::save_as) | `save_as` | one line |
//! | [`url`](PageMeta::url) | `url` | one line |
//! | [`choices`](PageMeta::choices) | `choice1url`, `choice1icon`, `choice1text` ... `choice4text` | url and icon one line, text text |
//! | [`extra`](PageMeta::extra) | any other key | text, kept in source order |
//!
//! "Text" may span several lines; a "one line" value with continuation lines
//! is an error (Pelican would keep only its first line).
//!
//! The booleans are Python's `True` and `False`, exactly: the site's
//! templates compare the text, so `true` or `yes` is reported as an invalid
//! value rather than guessed at.
//!
//! Lists (`tags`, `authors`) are split as Pelican splits them: on `;` when
//! the value holds one, otherwise on `,`; each item is trimmed, empty items
//! are dropped, and an item seen before is dropped. Pelican reads only the
//! first line of a list; here each continuation line is read as more items.
//!
//! Every bad value is reported as [`ErrorKind::InvalidValue`] and left out of
//! its field. A typed field is single-valued: as in Pelican the first
//! occurrence wins and each later one is reported as
//! [`ErrorKind::DuplicateKey`] (`sort-order` and `sortorder` are the same
//! field). A key of [`extra`](PageMeta::extra) may occur many times; every
//! occurrence is kept.
//!
//! [`ErrorKind::InvalidValue`]: crate::ErrorKind::InvalidValue
//! [`ErrorKind::DuplicateKey`]: crate::ErrorKind::DuplicateKey
//!
//! # Writing
//!
//! `to_string()` writes the *canonical header*: one `key: value` line for
//! each present field in the order of the table above (choices 1 to 4, each
//! url, icon, text; then the extra fields in their order), keys in lowercase
//! (`sort-order` or `sortorder` as the [`SortOrder`] says), LF line endings,
//! continuation lines indented 4 spaces, booleans as `True`/`False`, lists
//! joined with `, ` (or `; ` when an item holds `,`), an empty value as a
//! bare `key:`, and no blank line after the header. Empty lists and `None`
//! fields are not written.
//!
//! The canonical form rewrites spacing, key case and field order — that is
//! its point; [`Page`]'s own `to_string()` stays the lossless form.
//!
//! The law: for every `m` where [`PageMeta::check_writable`] is `Ok`,
//! `m.to_string().parse::<PageMeta>() == Ok(m)`; and when it is `Err` the
//! text reads back as something else. For such a meta `to_string()` writes
//! its best effort: it always writes a header that reads back with no line
//! lost to the body: value lines are trimmed, `\r` is taken as a line
//! break, empty continuation lines are dropped, line breaks inside list
//! items become spaces, and extra keys that cannot be written (not
//! `[A-Za-z0-9_-]+`, a typed field's key, or starting with `---`) are left
//! out. [`PageMeta::to_canonical`] gives the text only when it is exact.
//!
//! # Serde
//!
//! With the `serde` feature (on by default), a [`PageMeta`] serializes as a
//! map that reads like the page: each present field under its header key,
//! in canonical order (`sortorder` or `sort-order` as written, `meta` for
//! [`description`](PageMeta::description), `choice1url` ... for the
//! choices), absent fields and empty lists left out; booleans as booleans,
//! `tags` and `authors` as lists of strings, dates in ISO 8601 (see
//! [`Date::to_iso8601`]); then `extra`, a map of the other keys in source
//! order, where a key given several times holds the list of its values (as
//! Python-Markdown keeps them), at its first place.
//!
//! ```
//! use pagefmt::PageMeta;
//!
//! let text = "title: Queues\nsortorder: 0311\ndate: 2016-05-08 10:14\ntoc: False\n\
//!             tags: python, queues\nheaderimage: /img/q.png\nchoice1url: /q.html\nx-note: one\n";
//! let meta: PageMeta = text.parse()?;
//! assert_eq!(
//!     serde_json::to_string(&meta).unwrap(),
//!     r#"{"title":"Queues","sortorder":"0311","date":"2016-05-08T10:14:00","toc":false,"headerimage":"/img/q.png","tags":["python","queues"],"choice1url":"/q.html","extra":{"x-note":"one"}}"#
//! );
//! # Ok::<(), pagefmt::Errors>(())
//! ```
//!
//! Deserializing reads that map back (keys in any order and case); an
//! unknown key, a field given twice (`sortorder` and `sort-order` are one
//! field) or a bad value is an error. For every `m` whose
//! [`check_writable`](PageMeta::check_writable) is `Ok`, deserializing what
//! serializing `m` wrote gives `m` back, except that the values of an extra
//! key come back together at its first place.

mod date;
mod edit;
mod read;
#[cfg(feature = "serde")]
mod serde_shape;
mod write;

pub(crate) use date::DATE_EXPECTED;
pub use date::{Date, Time};

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crate::error::Errors;
use crate::page::Page;

/// The header of a page as typed, owned values (see the [module
/// docs](crate::meta) for the keys and how values are read and written).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PageMeta {
    /// `title`.
    pub title: Option<String>,
    /// `slug`.
    pub slug: Option<String>,
    /// `category`.
    pub category: Option<Category>,
    /// `sort-order` (2016 pages) or `sortorder` (2023 pages).
    pub sort_order: Option<SortOrder>,
    /// `date`: when a post was published.
    pub date: Option<Date>,
    /// `modified`: when a post was last changed.
    pub modified: Option<Date>,
    /// `meta`: the page's description (what the site's templates put in
    /// `<meta name="description">`).
    pub description: Option<String>,
    /// `toc`: whether the page shows a table of contents.
    pub toc: Option<bool>,
    /// `newsletter`: whether the page shows the newsletter sign-up.
    pub newsletter: Option<bool>,
    /// `sidebartitle`.
    pub sidebar_title: Option<String>,
    /// `headerimage`: the path of a post's header image.
    pub header_image: Option<String>,
    /// `headeralt`: the header image's alternative text.
    pub header_alt: Option<String>,
    /// `author`.
    pub author: Option<String>,
    /// `authorlink`: where the author's name links to.
    pub author_link: Option<String>,
    /// `authors`, split as Pelican splits it (empty when absent).
    pub authors: Vec<String>,
    /// `tags`, split as Pelican splits it (empty when absent).
    pub tags: Vec<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// `status` (Pelican: `draft`, `hidden`, `published` ...).
    pub status: Option<String>,
    /// `lang`.
    pub lang: Option<String>,
    /// `template`.
    pub template: Option<String>,
    /// `save_as`.
    pub save_as: Option<String>,
    /// `url`.
    pub url: Option<String>,
    /// `choice1url` ... `choice4text`: four "where next" links.
    pub choices: [Choice; 4],
    /// Every other field, as `(lowercase key, joined value)` in source order.
    pub extra: Vec<(String, String)>,
}

/// One of the four `choiceN` link groups.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(default, deny_unknown_fields)
)]
pub struct Choice {
    /// `choiceNurl`.
    pub url: Option<String>,
    /// `choiceNicon`.
    pub icon: Option<String>,
    /// `choiceNtext`.
    pub text: Option<String>,
}

impl Choice {
    /// Whether none of the three parts is present.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.url.is_none() && self.icon.is_none() && self.text.is_none()
    }
}

/// The `category` of a page. The words `page`, `post` and `talk` are matched
/// exactly (in lowercase, as the site writes them); anything else is kept as
/// written in [`Category::Other`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// `page`: a page of the guide.
    Page,
    /// `post`: a blog post.
    Post,
    /// `talk`: a talk's slides and notes.
    Talk,
    /// Any other value, as written (`Page` in capitals is one).
    Other(String),
}

impl Category {
    /// Reads a category value.
    #[must_use]
    pub fn parse(text: &str) -> Category {
        match text {
            "page" => Category::Page,
            "post" => Category::Post,
            "talk" => Category::Talk,
            other => Category::Other(other.to_owned()),
        }
    }

    /// The category as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Category::Page => "page",
            Category::Post => "post",
            Category::Talk => "talk",
            Category::Other(s) => s,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Category {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Category::parse(&s))
    }
}

/// Which key a sort order was written under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum SortOrderKey {
    /// `sort-order`, as the 2016 pages write it.
    Hyphenated,
    /// `sortorder`, as the 2023 pages write it.
    #[default]
    Joined,
}

impl SortOrderKey {
    /// The key: `sort-order` or `sortorder`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrderKey::Hyphenated => "sort-order",
            SortOrderKey::Joined => "sortorder",
        }
    }
}

/// The most digits a sort order may have: any 19 digits fit in a `u64`.
pub const SORT_ORDER_MAX_DIGITS: usize = 19;

/// A page's place in the guide: digits as written (leading zeros kept, as
/// in `0719`) and the key they were written under.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SortOrder {
    /// The digits as written: 1 to [`SORT_ORDER_MAX_DIGITS`] ASCII digits
    /// when read from a page.
    pub digits: String,
    /// The key's spelling.
    pub key: SortOrderKey,
}

impl SortOrder {
    /// Reads `text` as a sort order written under `key`: `None` unless it is
    /// 1 to [`SORT_ORDER_MAX_DIGITS`] ASCII digits.
    #[must_use]
    pub fn parse(text: &str, key: SortOrderKey) -> Option<SortOrder> {
        valid_digits(text).then(|| SortOrder {
            digits: text.to_owned(),
            key,
        })
    }

    /// The number (`0719` is 719), or `None` when [`SortOrder::digits`] is
    /// not 1 to 19 ASCII digits (only possible for a hand-built value).
    #[must_use]
    pub fn value(&self) -> Option<u64> {
        if valid_digits(&self.digits) {
            self.digits.parse().ok()
        } else {
            None
        }
    }
}

fn valid_digits(text: &str) -> bool {
    (1..=SORT_ORDER_MAX_DIGITS).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

impl PageMeta {
    /// Reads the typed meta-data of `page`; the same as [`Page::meta`].
    ///
    /// # Errors
    /// Every bad value and duplicate typed key, in source order (see
    /// [`Page::meta_lenient`] to get the rest anyway).
    pub fn from_page(page: &Page<'_>) -> Result<PageMeta, Errors> {
        page.meta()
    }

    /// The extra fields grouped by key, as Python-Markdown's meta
    /// extension and the serde map give them: each key once, at its first
    /// place, with its values in order.
    ///
    /// ```
    /// let meta: pagefmt::PageMeta = "a: 1\nb: 2\na: 3\n".parse()?;
    /// assert_eq!(meta.extra_grouped(), [("a", vec!["1", "3"]), ("b", vec!["2"])]);
    /// # Ok::<(), pagefmt::Errors>(())
    /// ```
    #[must_use]
    pub fn extra_grouped(&self) -> Vec<(&str, Vec<&str>)> {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        let mut places: HashMap<&str, usize> = HashMap::new();
        for (key, value) in &self.extra {
            let i = *places.entry(key).or_insert_with(|| {
                groups.push((key, Vec::with_capacity(1)));
                groups.len() - 1
            });
            groups[i].1.push(value);
        }
        groups
    }

    /// Whether every field is empty: a meta that writes no line.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == PageMeta::default()
    }

    /// Says which values cannot be written so that they read back the same:
    /// `Ok` exactly when `m.to_string().parse::<PageMeta>() == Ok(m)`.
    ///
    /// The errors' spans and locations point into the best-effort text that
    /// `to_string()` writes (a value left out gets an empty span where it
    /// would stand). Kinds: [`ErrorKind::UnwritableValue`] (a value line
    /// with leading or trailing white space, a `\r`, or an empty line after
    /// the first), [`ErrorKind::InvalidValue`] (a one-line field holding
    /// several lines, sort order digits that are not 1 to 19 ASCII digits),
    /// [`ErrorKind::InvalidKey`] (an extra key outside `[A-Za-z0-9_-]+`) and
    /// [`ErrorKind::Unrepresentable`] (a list item that is empty, untrimmed,
    /// holds a line break or `;`, is a lone item holding `,`, or repeats an
    /// earlier item; [`Category::Other`] holding `page`, `post` or `talk`;
    /// an extra key with capitals, one that is a typed field's key, or one
    /// starting with `---`, which reads as a fence).
    ///
    /// [`ErrorKind::UnwritableValue`]: crate::ErrorKind::UnwritableValue
    /// [`ErrorKind::InvalidValue`]: crate::ErrorKind::InvalidValue
    /// [`ErrorKind::InvalidKey`]: crate::ErrorKind::InvalidKey
    /// [`ErrorKind::Unrepresentable`]: crate::ErrorKind::Unrepresentable
    ///
    /// # Errors
    /// Every value that cannot be written, in the order they are written.
    pub fn check_writable(&self) -> Result<(), Errors> {
        self.to_canonical().map(drop)
    }

    /// The canonical header, when it reads back as this meta exactly.
    ///
    /// # Errors
    /// As [`PageMeta::check_writable`].
    pub fn to_canonical(&self) -> Result<String, Errors> {
        let (text, problems) = write::render(self);
        if problems.is_empty() {
            Ok(text)
        } else {
            Err(write::errors(&text, problems))
        }
    }
}

impl fmt::Display for PageMeta {
    /// Writes the canonical header, best effort for values that cannot be
    /// written exactly (see [`PageMeta::check_writable`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&write::render(self).0)
    }
}

impl FromStr for PageMeta {
    type Err = Errors;

    /// Reads a header text (it may go on with a blank line and a body,
    /// which is ignored), as [`Page::meta`] does.
    fn from_str(text: &str) -> Result<PageMeta, Errors> {
        Page::parse(text).meta()
    }
}

impl Page<'_> {
    /// Reads the typed meta-data of the page's header: the one entry point
    /// of this conversion ([`PageMeta::from_page`] is the same).
    ///
    /// ```
    /// use pagefmt::Page;
    ///
    /// let page = Page::parse("title: A\ntoc: maybe\nTitle: B\n\nbody");
    /// let errors = page.meta().unwrap_err();
    /// assert_eq!(
    ///     errors.to_string(),
    ///     "invalid value for `toc`: expected `True` or `False`, found 'maybe' at line 2, column 6\n\
    ///      duplicate key `Title`: found 'Title' at line 3, column 1; the first value, at line 1, is kept"
    /// );
    /// ```
    ///
    /// # Errors
    /// Every bad value ([`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue))
    /// and every later occurrence of a typed key
    /// ([`ErrorKind::DuplicateKey`](crate::ErrorKind::DuplicateKey)), in
    /// source order.
    pub fn meta(&self) -> Result<PageMeta, Errors> {
        // Read in place: a `PageMeta` is large, and moving it out of a
        // tuple and into the result cost two copies per page.
        let mut out = Ok(PageMeta::default());
        if let Ok(meta) = &mut out {
            let errors = read::read_into(self, meta);
            if !errors.is_empty() {
                out = Err(Errors(errors));
            }
        }
        out
    }

    /// Reads the typed meta-data as far as it goes: bad values are left out
    /// of their field, later occurrences of a typed key are ignored, and
    /// every problem is reported (the errors [`Page::meta`] would give).
    #[must_use]
    pub fn meta_lenient(&self) -> (PageMeta, Vec<crate::Error>) {
        read::read(self)
    }

    /// Writes a page from typed meta-data and a body: the canonical header,
    /// one blank line, then the body as is. With an empty meta the text is
    /// the body alone, or, when the body would then be read as a header
    /// (its first line is a key line, starts with `---` or is blank in a
    /// text that is not all blank, or it starts with a BOM), the body after
    /// an empty fenced header `---\n---\n`.
    ///
    /// The page reads back as `meta` and `body`.
    ///
    /// # Errors
    /// As [`PageMeta::check_writable`].
    pub fn from_meta(meta: &PageMeta, body: &str) -> Result<Page<'static>, Errors> {
        let header = meta.to_canonical()?;
        let text = if !header.is_empty() {
            format!("{header}\n{body}")
        } else if Page::parse(body).body_offset() == 0 {
            body.to_owned()
        } else {
            format!("---\n---\n{body}")
        };
        Ok(Page::from(text))
    }

    /// [`Page::from_meta`], with the header's lines ended by `newline`
    /// (`"\n"`, `"\r\n"` or `"\r"`) and the text started by a BOM when
    /// `bom` is true: the layout of the page the meta came from.
    ///
    /// The page reads back as `meta` and `body`: where the layout would
    /// change that (a header ended by `\r` before a body starting with
    /// `\n`, which would read as one `\r\n`), the header's lines end with
    /// `\n` instead.
    ///
    /// # Errors
    /// As [`PageMeta::check_writable`].
    pub fn from_meta_with(
        meta: &PageMeta,
        body: &str,
        newline: &str,
        bom: bool,
    ) -> Result<Page<'static>, Errors> {
        let plain = Page::from_meta(meta, body)?;
        if newline == "\n" && !bom {
            return Ok(plain);
        }
        let head = &plain.text()[..plain.body_offset()];
        for newline in [newline, "\n"] {
            let mut text = String::with_capacity(plain.text().len() + head.len() + 3);
            if bom {
                text.push('\u{feff}');
            }
            text.push_str(&head.replace('\n', newline));
            text.push_str(body);
            let page = Page::from(text);
            if page.body() == body && page.meta().as_ref() == Ok(meta) {
                return Ok(page);
            }
        }
        Ok(plain)
    }

    /// The page in canonical form: [`Page::meta`], then
    /// [`Page::from_meta_with`] with the body as is and the page's own
    /// [`newline`](Page::newline) and BOM. Unlike `to_string()` (which is
    /// lossless) this rewrites the header's spacing, key case and order,
    /// and the header's line endings to the page's first one; the body is
    /// kept byte for byte.
    ///
    /// # Errors
    /// The errors of [`Page::meta`], or of [`PageMeta::check_writable`].
    pub fn to_canonical(&self) -> Result<String, Errors> {
        let meta = self.meta()?;
        let page = Page::from_meta_with(&meta, self.body(), self.newline(), self.has_bom())?;
        Ok(page.to_string())
    }
}
