//! The pages a check read, and where their texts are when printing or
//! fixing needs them again: on disk (a folder's pages are checked one
//! batch at a time and not held), or held by the site model (a Pelican
//! project).

use std::borrow::Cow;
use std::path::PathBuf;

use pagefmt::Site;

/// The pages checked, by their position in the findings.
pub struct Pages {
    /// Each page's path as shown.
    pub shown: Vec<String>,
    source: Source,
}

/// Where the texts are.
enum Source {
    /// In the files: each page's path on disk, and the size limit.
    Disk(Vec<PathBuf>, u64),
    /// Held by the site checked.
    Held(Site<'static>),
}

impl Pages {
    /// Pages whose texts are read again from `paths` when needed.
    pub fn on_disk(shown: Vec<String>, paths: Vec<PathBuf>, limit: u64) -> Pages {
        Pages {
            shown,
            source: Source::Disk(paths, limit),
        }
    }

    /// The pages of `site`, which holds their texts.
    pub fn held(site: Site<'static>) -> Pages {
        Pages {
            shown: site.pages().map(|(p, _)| p.to_owned()).collect(),
            source: Source::Held(site),
        }
    }

    /// How many pages there are.
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    /// The path on disk of page `i`.
    pub fn path(&self, i: usize) -> Option<PathBuf> {
        match &self.source {
            Source::Disk(paths, _) => paths.get(i).cloned(),
            Source::Held(_) => self.shown.get(i).map(PathBuf::from),
        }
    }

    /// The text of page `i` (empty when it can no longer be read).
    pub fn text(&self, i: usize) -> Cow<'_, str> {
        match &self.source {
            Source::Disk(paths, limit) => paths
                .get(i)
                .and_then(|p| crate::common::read_text(p, *limit).ok())
                .map_or(Cow::Borrowed(""), Cow::Owned),
            Source::Held(site) => Cow::Borrowed(site.page(i).map_or("", |(_, p)| p.text())),
        }
    }
}

/// Calls `each` with every finding of `found` (grouped by page) and its
/// page's text, read once per page.
pub fn with_texts<D>(
    pages: &Pages,
    found: &[D],
    page: impl Fn(&D) -> usize,
    mut each: impl FnMut(usize, &D, &str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut text: Option<(usize, Cow<'_, str>)> = None;
    for (i, d) in found.iter().enumerate() {
        let p = page(d);
        if text.as_ref().is_none_or(|(at, _)| *at != p) {
            text = Some((p, pages.text(p)));
        }
        let t = text.as_ref().map_or("", |(_, t)| t);
        each(i, d, t)?;
    }
    Ok(())
}
