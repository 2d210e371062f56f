//! Read, check, edit and write the Markdown pages of Pelican-style sites: a
//! header block of `key: value` lines with no fences, then a Markdown body.
//!
//! # A tour, layer by layer
//!
//! **The lossless page.** [`Page`] keeps the text and where every header
//! field stands: an unedited page writes back byte for byte, and an edit
//! changes only the bytes of the field it touches.
//!
//! ```
//! use pagefmt::Page;
//!
//! let text = "Title: Microservices\nslug: microservices\nsort-order: 0719\n\n# Microservices\n";
//! let mut page = Page::parse(text);
//! assert_eq!(page.get("title").unwrap().value().text, "Microservices");
//! assert_eq!(page.to_string(), text);
//!
//! page.set("slug", "micro-services")?;
//! assert_eq!(
//!     page.to_string(),
//!     "Title: Microservices\nslug: micro-services\nsort-order: 0719\n\n# Microservices\n"
//! );
//! // A typed field refuses what it cannot hold, pointing at the field.
//! let e = page.set("sort-order", "soon").unwrap_err();
//! assert_eq!(e.to_string(), "invalid value for `sort-order`: expected 1 to 19 ASCII digits, found 'soon' at line 3, column 13");
//! # Ok::<(), pagefmt::Error>(())
//! ```
//!
//! **The typed meta.** [`PageMeta`] holds the header as typed, owned
//! values; [`Page::set_meta`] writes a changed `PageMeta` back with the
//! smallest lossless edit; with the `serde` feature it serializes under the
//! page's own keys (see [`meta`](mod@meta#serde)).
//!
//! ```
//! use pagefmt::{Date, Page};
//!
//! let mut page = Page::parse("title: Queues\nsortorder: 0311\ndate: 2016-05-08 10:14\n\nBody\n");
//! let mut meta = page.meta()?;
//! assert_eq!(meta.sort_order.as_ref().and_then(|s| s.value()), Some(311));
//! assert_eq!(meta.date.as_ref().map(|d| (d.year(), d.month(), d.day())), Some((2016, 5, 8)));
//!
//! meta.title = Some("Task Queues".into());
//! meta.modified = Date::parse("2024-01-02");
//! page.set_meta(&meta)?;
//! assert_eq!(
//!     page.text(),
//!     "title: Task Queues\nsortorder: 0311\ndate: 2016-05-08 10:14\nmodified: 2024-01-02\n\nBody\n"
//! );
//! assert_eq!(
//!     serde_json::to_string(&meta).unwrap(),
//!     r#"{"title":"Task Queues","sortorder":"0311","date":"2016-05-08T10:14:00","modified":"2024-01-02"}"#
//! );
//! # Ok::<(), pagefmt::Errors>(())
//! ```
//!
//! **The body outline.** [`Page::outline`] reads the body's headings
//! (with Python-Markdown's ids), sections and links, each with its place in
//! the whole file; [`Body::heading_tree`] nests the headings for a table of
//! contents.
//!
//! ```
//! use pagefmt::{BodyOptions, LinkKind, Page, Target};
//!
//! let page = Page::parse("title: T\n\n# Why?\nSee [WSGI](/wsgi-servers.html).\n## More\n[docs](https://docs.python.org/3/)\n");
//! let body = page.outline(&BodyOptions::default());
//! let tree = body.heading_tree();
//! assert_eq!((tree[0].heading.id.as_str(), tree[0].children[0].heading.id.as_str()), ("why", "more"));
//!
//! let link = &body.links[0];
//! assert_eq!(link.kind, LinkKind::Inline);
//! assert_eq!(link.target(), Target::Page { slug: "wsgi-servers", fragment: None, post: false });
//! assert_eq!((link.location.line, link.location.column), (4, 5));
//! assert_eq!(body.links[1].host(), Some("docs.python.org"));
//! ```
//!
//! **Link rewriting.** [`Page::rewrite_links`] gives links new
//! destinations, changing only their destination bytes.
//!
//! ```
//! use pagefmt::{BodyOptions, Page, Target};
//!
//! let mut page = Page::parse("title: T\n\nSee [WSGI](/wsgi-servers.html) and [x](https://x.org).\n");
//! let done = page.rewrite_links(&BodyOptions::default(), |link| match link.target() {
//!     Target::Page { slug, .. } => Some(format!("@/{slug}.md")),
//!     _ => None,
//! });
//! assert_eq!(done.changed, 1);
//! assert_eq!(page.text(), "title: T\n\nSee [WSGI](@/wsgi-servers.md) and [x](https://x.org).\n");
//! ```
//!
//! **Validation.** [`validate()`] checks a page and [`Site::check`] a whole
//! site, giving [`Diagnostic`]s with stable codes, places and help;
//! [`ValidateOptions`] picks the rules.
//!
//! ```
//! use pagefmt::{validate, Page, Rule, Site, ValidateOptions};
//!
//! let page = Page::parse("title: T\nslug: t\ncategory: page\ndate: yesterday\n\nBody\n");
//! let found = validate(&page, &ValidateOptions::default());
//! assert_eq!(found[0].code, "invalid-date");
//! assert_eq!((found[0].location.line, found[0].location.column), (4, 7));
//!
//! let mut site = Site::new();
//! site.add("a.md", "title: A\nslug: a\ncategory: page\n\n[B](/b.html)\n");
//! let only_links = ValidateOptions::only(&[Rule::BrokenInternalLink]);
//! let found = site.check(&only_links);
//! assert_eq!((found.len(), found[0].path.as_str(), found[0].diagnostic.code), (1, "a.md", "broken-internal-link"));
//! ```
//!
//! # Scope
//!
//! - [`Page`]: the lossless layer. The text and where every header field
//!   stands; edits ([`Page::set`], [`Page::insert`], [`Page::rename`],
//!   [`Page::remove`], the typed [`Page::set_meta`], [`Page::set_date`],
//!   [`Page::set_bool`], [`Page::set_sort_order`], and
//!   [`Page::rewrite_links`]) change only the bytes they touch, and refuse
//!   a value a typed field cannot hold with an error pointing at the field.
//! - [`PageMeta`]: the typed layer, with canonical writing
//!   (`Display`/`FromStr`, and `parse(&m.to_string()) == m`); see [`meta`](mod@meta).
//! - [`body`](mod@body): headings with ids, sections and links from pulldown-cmark,
//!   every position a byte span into the whole file.
//! - [`site`](mod@site) (feature `site`, on by default): a Pelican project
//!   as Pelican builds it (settings, items with slugs, dates and URLs, the
//!   files a build writes, where intrasite links point); its module docs
//!   show loading a project folder.
//! - [`fs`](mod@fs) (feature `fs`, on by default): walking page folders
//!   without leaving them, reading with a size limit, and writing a file
//!   atomically, so that no error leaves a page cut.
//! - [`validate`](mod@validate): rules over a page and over a [`Site`], giving
//!   [`Diagnostic`]s with codes, spans and help.
//!
//! The header is read as Python-Markdown's meta extension (which Pelican
//! uses) reads it: a key line is up to 3 spaces, a key `[A-Za-z0-9_-]+`,
//! `:` and the value, trimmed (keys compare case-insensitively); a line
//! indented 4 or more columns (tabs expand to 4-column stops) continues the
//! previous key with another value; a first line starting with `---` opens
//! the header and a line starting with `---` or `...` closes it; the first
//! blank line ends it, and any other line that is not a key or a
//! continuation ends it too and is the first body line. A UTF-8 BOM is
//! skipped; `\n`, `\r\n` and `\r` all end lines. A blank text, or one whose
//! first line is neither a key line, a fence nor a blank line, has no
//! header. Parsing a `&str` never fails; [`Page::from_bytes`] rejects
//! invalid UTF-8 with the byte's line and column.
//!
//! # Limitations
//!
//! - Python-Markdown deletes the control characters U+0002 and U+0003 from
//!   the whole text before reading the header; this crate keeps them, so a
//!   header holding them may be read differently.
//! - Where Python-Markdown and CommonMark disagree on the body, the body
//!   module follows CommonMark (pulldown-cmark).
//! - Pelican's lenient date guessing and time zones are not modelled: dates
//!   are `YYYY-MM-DD` with an optional time.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod body;
mod error;
#[cfg(feature = "fs")]
#[cfg_attr(docsrs, doc(cfg(feature = "fs")))]
pub mod fs;
mod header;
pub mod meta;
mod page;
#[cfg(feature = "site")]
#[cfg_attr(docsrs, doc(cfg(feature = "site")))]
pub mod site;
mod span;
pub mod validate;

pub use body::{
    classify, github_slug, parse_body, python_markdown_slug, Body, BodyOptions, BrokenReference,
    DangerousScheme, Definition, Dialect, Heading, HeadingNode, Link, LinkKind, Rewritten, Section,
    SlugDialect, Target,
};
pub use error::{Error, ErrorKind, Errors};
pub use header::{
    is_py_space, is_valid_key, py_trim, Field, Fields, Header, HeaderEnd, PyMeta, Value,
};
pub use meta::{
    Category, Choice, Date, PageMeta, SortOrder, SortOrderKey, Time, SORT_ORDER_MAX_DIGITS,
};
pub use page::Page;
pub use span::{locate, LineIndex, Location, Span};
pub use validate::{
    validate, Diagnostic, Level, Related, Rule, Severity, Site, SiteCheck, SiteDiagnostic,
    ValidateOptions, PELICAN_KEYS,
};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
