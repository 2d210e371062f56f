//! Sites as Pelican builds them: settings, items with their slugs, URLs and
//! output paths, the files a build writes, and what intrasite links point
//! at.
//!
//! ```no_run
//! use pagefmt::site::Site;
//!
//! // A Pelican project: pelicanconf.py (and pagefmt.toml) in the folder.
//! let site = Site::load("my-blog".as_ref())?;
//! for item in site.items() {
//!     println!("{} -> /{}", item.source, item.url);
//! }
//! for note in site.notes() {
//!     eprintln!("{note}");
//! }
//! # Ok::<(), pagefmt::site::Note>(())
//! ```
//!
//! # What is read
//!
//! - The settings: Pelican's defaults ([`Settings::default`]), then the
//!   settings file (`pelicanconf.py`, read without running it: see
//!   [`Settings::from_file`]), then the `[settings]` table of a
//!   `pagefmt.toml` ([`Config`]), then values given on the command line
//!   ([`LoadOptions::overrides`]).
//! - The content folder (`PATH`), walked as Pelican walks it: articles
//!   under `ARTICLE_PATHS` but not `ARTICLE_EXCLUDES` or `PAGE_PATHS`,
//!   pages under `PAGE_PATHS` but not `PAGE_EXCLUDES` or `ARTICLE_PATHS`,
//!   static files under `STATIC_PATHS`, `IGNORE_FILES` skipped. Markdown
//!   pages (`.md`, `.markdown`, `.mkd`, `.mdown`) are read, in parallel;
//!   every other file is known by its path.
//! - For each page, what Pelican computes ([`Item`]): kind, status, slug,
//!   category, date, lang, translations, `url` and `save_as`; the
//!   destinations of its links ([`Item::link_dests`]) and those of the
//!   header values Pelican renders as Markdown ([`Item::field_links`],
//!   `FORMATTED_FIELDS`), for [`Site::resolve_dest`].
//!
//! # Limitations
//!
//! - Pages in other formats (reStructuredText, HTML) are not read: links
//!   to them resolve to the file, but they are not items.
//! - A date written without an offset keeps none (`TIMEZONE` is not
//!   applied); `DEFAULT_DATE = 'fs'` uses the file's modification time in
//!   UTC.
//! - Plugins, themes and Jinja templates are not run: outputs a plugin or
//!   theme adds are unknown unless `pagefmt.toml` lists them.

mod config;
mod date;
mod index;
mod items;
mod load;
mod outputs;
mod pyconf;
mod resolve;
mod settings;
mod slug;
mod url;
mod value;

use std::fmt;
use std::path::{Path, PathBuf};

use index::KeyIndex;

pub use config::Config;
pub use date::SiteDate;
pub use items::{FieldLink, Item, Kind, Status};
pub use load::LoadOptions;
pub use resolve::{Resolved, ResolvedKind};
pub use settings::Settings;
pub use slug::Slugifier;
pub use url::{fill, FieldValue, PatternError};
pub use value::PyValue;

/// A note on something a site holds that could not be read or used: the
/// file, the line when known, and what happened. The rest of the site is
/// read all the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The file (a settings file, `pagefmt.toml`, or a content file).
    pub path: PathBuf,
    /// The 1-based line, when the note is about one.
    pub line: Option<usize>,
    /// What happened.
    pub message: String,
}

impl Note {
    /// A note about `path` (at `line`).
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Note {
        Note {
            path: path.to_owned(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Note {}

/// What a file of the content folder is to the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileRole {
    /// A Markdown page read as an [`Item`].
    Item,
    /// A page in a format not read here (`.rst`, `.html`), or a Markdown
    /// page Pelican skips (no title, `status: skip`, a bad date ...).
    Source,
    /// A static file, copied to the output.
    Static,
    /// A path linked with `{static}` or `{attach}` that is not in the
    /// content folder: Pelican resolves the link to it all the same, and
    /// copies nothing.
    MissingStatic,
    /// Any other file: not part of the output.
    Other,
}

/// A file of the content folder that is not an item: its path and, for a
/// static file, where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFile {
    /// The path relative to the content folder, `/`-separated.
    pub source: String,
    /// What it is to the site.
    pub role: FileRole,
    /// For a static file, its URL (`STATIC_URL`).
    pub url: Option<String>,
    /// For a static file, where it is written (`STATIC_SAVE_AS`).
    pub save_as: Option<String>,
}

/// A site: its settings, items, other files and notes.
#[derive(Debug)]
pub struct Site {
    settings: Settings,
    content: PathBuf,
    config: Option<Config>,
    items: Vec<Item>,
    files: Vec<SiteFile>,
    notes: Vec<Note>,
    /// Items (positions `0..items.len()`) then files (after them) by
    /// source path.
    by_source: KeyIndex,
    by_url: KeyIndex,
    by_slug: KeyIndex,
    by_save_as: KeyIndex,
    /// Static files by URL (position `2 * i`) and output path (`2 * i +
    /// 1`).
    by_static: KeyIndex,
    outputs_cache: std::sync::OnceLock<hashbrown::HashSet<String>>,
    /// `INTRASITE_LINK_REGEX`, read once.
    intrasite_pattern: String,
    /// The host of `SITEURL` and the path after it, read once.
    site_host: Option<(String, String)>,
}

/// Where a source path's item or file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ref {
    Item(usize),
    File(usize),
}

impl Site {
    /// The settings the site was read with.
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The content folder.
    #[must_use]
    pub fn content_path(&self) -> &Path {
        &self.content
    }

    /// The `pagefmt.toml` read, if any.
    #[must_use]
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// Every item (article or page Pelican publishes, hides or drafts), in
    /// source path order.
    #[must_use]
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Every other file of the content folder, in path order.
    #[must_use]
    pub fn files(&self) -> &[SiteFile] {
        &self.files
    }

    /// The notes: what could not be read or used.
    #[must_use]
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    /// The item read from `source` (relative to the content folder).
    #[must_use]
    pub fn item(&self, source: &str) -> Option<&Item> {
        match self.ref_of(source)? {
            Ref::Item(i) => self.items.get(i),
            Ref::File(_) => None,
        }
    }

    /// The file (not an item) at `source`.
    #[must_use]
    pub fn file(&self, source: &str) -> Option<&SiteFile> {
        match self.ref_of(source)? {
            Ref::File(i) => self.files.get(i),
            Ref::Item(_) => None,
        }
    }

    /// The items with slug `slug`.
    pub fn items_by_slug<'s>(&'s self, slug: &str) -> impl Iterator<Item = &'s Item> + 's {
        let found: Vec<usize> = self.by_slug.find(slug, |i| &self.items[i].slug).collect();
        found.into_iter().map(|i| &self.items[i])
    }

    /// The item whose URL is `url` (relative to the site's root, without
    /// a leading `/`, as Pelican writes it).
    #[must_use]
    pub fn item_by_url(&self, url: &str) -> Option<&Item> {
        let i = self.by_url.first(url, |i| &self.items[i].url)?;
        Some(&self.items[i])
    }

    /// The item written to `save_as`.
    #[must_use]
    pub fn item_by_save_as(&self, save_as: &str) -> Option<&Item> {
        let i = self.by_save_as.first(save_as, |i| &self.items[i].save_as)?;
        Some(&self.items[i])
    }

    /// The URL of the item or static file read from `source`.
    #[must_use]
    pub fn url_of(&self, source: &str) -> Option<&str> {
        match self.ref_of(source)? {
            Ref::Item(i) => Some(&self.items[i].url),
            Ref::File(i) => self.files[i].url.as_deref(),
        }
    }

    /// The item or file read from `source`.
    fn ref_of(&self, source: &str) -> Option<Ref> {
        let n = self.items.len();
        let source_of = |p: usize| match p.checked_sub(n) {
            None => self.items[p].source.as_str(),
            Some(f) => self.files[f].source.as_str(),
        };
        let p = self.by_source.first(source, source_of)?;
        Some(if p < n {
            Ref::Item(p)
        } else {
            Ref::File(p - n)
        })
    }

    /// The static file whose URL or output path is `path`.
    fn static_at(&self, path: &str) -> Option<usize> {
        let path_of = |p: usize| {
            let f = &self.files[p / 2];
            let path = if p.is_multiple_of(2) {
                &f.url
            } else {
                &f.save_as
            };
            path.as_deref().unwrap_or_default()
        };
        self.by_static.first(path, path_of).map(|p| p / 2)
    }
}
