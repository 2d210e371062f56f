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
//! The header is read exactly as Python-Markdown's meta extension (which
//! Pelican uses) reads it:
//!
//! - a key line is up to 3 spaces, a key `[A-Za-z0-9_-]+`, `:`, then the
//!   value, trimmed; keys compare case-insensitively;
//! - a line indented 4 or more columns (tabs expand to 4-column stops)
//!   continues the previous key with another value;
//! - a first line starting with `---` opens the header; a line starting with
//!   `---` or `...` closes it;
//! - the first blank line ends the header; any other line that is neither a
//!   key nor a continuation ends it too and is the first body line;
//! - a UTF-8 BOM is skipped, and `\n`, `\r\n` and `\r` all end lines.
//!
//! A blank text, or one whose first line is neither a key line, a `---`
//! fence nor a blank line, has no header: its body is the whole text after
//! the BOM. (A blank first line is an empty header, as in Python-Markdown.)
//!
//! # Limitations
//!
//! Python-Markdown deletes the control characters U+0002 and U+0003 from the
//! whole text before reading the header; this crate keeps them, so a header
//! holding them may be read differently.

#![forbid(unsafe_code)]

pub mod body;
mod error;
pub mod header;
pub mod meta;
mod page;
pub mod span;

pub use body::{
    parse_body, Body, BodyOptions, BrokenReference, Definition, Heading, Link, LinkKind, Rewritten,
    Section, SlugDialect, Target,
};
pub use error::{Error, ErrorKind, Errors};
pub use header::{Field, Fields, Header, HeaderEnd, PyMeta, Value};
pub use meta::{Category, Choice, Date, PageMeta, SortOrder, SortOrderKey};
pub use page::Page;
pub use span::{LineIndex, Location, Span};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
