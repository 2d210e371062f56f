//! Read, check, edit and write the Markdown pages of Pelican-style sites: a
//! header block of `key: value` lines with no fences, then a Markdown body.
//!
//! ```
//! use pagefmt::Page;
//!
//! let text = "title: Microservices\nslug: microservices\nsort-order: 0719\n\n# Microservices\n";
//! let mut page = Page::parse(text);
//! assert_eq!(page.get("Title").unwrap().value().text, "Microservices");
//! assert_eq!(page.to_string(), text); // lossless
//!
//! page.set("slug", "micro-services")?;
//! assert_eq!(
//!     page.to_string(),
//!     "title: Microservices\nslug: micro-services\nsort-order: 0719\n\n# Microservices\n"
//! );
//! # Ok::<(), pagefmt::Error>(())
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

pub mod body;
mod error;
#[cfg(feature = "fs")]
pub mod fs;
mod header;
pub mod meta;
mod page;
mod span;
pub mod validate;

pub use body::{
    parse_body, Body, BodyOptions, BrokenReference, Definition, Dialect, Heading, Link, LinkKind,
    Rewritten, Section, SlugDialect, Target,
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
    validate, Diagnostic, Level, Rule, Severity, Site, SiteDiagnostic, ValidateOptions,
    PELICAN_KEYS,
};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
