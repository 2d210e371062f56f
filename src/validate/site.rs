//! A [`Site`]: a set of pages checked together.

use std::borrow::Cow;

use crate::page::Page;
use crate::span::{Location, Span};

use super::cross::{self, Pages};
use super::facts::{Facts, GroupOf};
#[cfg(feature = "config")]
use super::CheckConfig;
use super::{Diagnostic, HashMap, Level, Rule, ValidateOptions};

/// A set of pages, each with its path, checked as one site: every page's
/// own rules, then the rules across pages.
///
/// ```
/// use pagefmt::{Rule, Site, ValidateOptions};
///
/// let site: Site = [
///     ("a.md", "title: A\nslug: same\ncategory: page\n\nBody.\n"),
///     ("b.md", "title: B\nslug: same\ncategory: page\n\nBody.\n"),
/// ]
/// .into_iter()
/// .collect();
/// let mut options = ValidateOptions::default();
/// options.allow(Rule::OrphanPage); // nothing links to them
/// let found = site.check(&options);
/// let codes: Vec<_> = found.iter().map(|d| (d.path.as_str(), d.diagnostic.code)).collect();
/// assert_eq!(codes, [("a.md", "duplicate-slug")]);
/// assert_eq!(
///     found[0].diagnostic.message,
///     "slug 'same' is also used by b.md (line 2): both are written to /same.html"
/// );
/// assert_eq!(found[0].related[0].path, "b.md");
/// ```
///
/// A finding about a group of pages (`duplicate-slug`,
/// `duplicate-sort-order`) is told once, at the first page of the group
/// where its rule is not allowed, and names the others in its message
/// and in [`SiteDiagnostic::related`] (at most [`RELATED_MAX`](super::RELATED_MAX) of
/// them; [`SiteDiagnostic::related_count`] counts them all).
///
/// [`SiteCheck`] checks the same without holding the pages: each page is
/// checked as it is added, and only what the rules across pages need is
/// kept.
///
/// # Paths on the site
///
/// An article (a page of one of the
/// [`ValidateOptions::article_categories`], by default `post` and `talk`)
/// is written to `/blog/SLUG.html`, any other page to `/SLUG.html`, unless it has a `save_as`, which gives its path
/// (from the site's root). A page with neither a slug nor a `save_as` has
/// no path.
#[derive(Clone, Debug, Default)]
pub struct Site<'a> {
    pages: Vec<(String, Page<'a>)>,
}

/// A [`Diagnostic`] with the page it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteDiagnostic {
    /// The page's path, as it was added to the site.
    pub path: String,
    /// The page's position in the site (see [`Site::page`]).
    pub page: usize,
    /// The finding.
    pub diagnostic: Diagnostic,
    /// For a finding about a group of pages (`duplicate-slug`,
    /// `duplicate-sort-order`), the group's other pages, in site order, at
    /// most [`RELATED_MAX`](super::RELATED_MAX) of them; empty otherwise.
    pub related: Vec<Related>,
    /// How many other pages the group has (`related` names the first
    /// ones); 0 for a finding about one page.
    pub related_count: usize,
}

/// Another page that a [`SiteDiagnostic`] is about, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The page's path, as it was added to the site.
    pub path: String,
    /// The page's position in the site.
    pub page: usize,
    /// The bytes of that page's text the finding is about there.
    pub span: Span,
    /// Where the span starts.
    pub location: Location,
}

#[cfg(feature = "serde")]
impl serde::Serialize for SiteDiagnostic {
    /// An object `{"path", "code", "severity", "line", "column", "start",
    /// "end", "message", "help"}`, and for a finding about a group of
    /// pages `"related"` (a list of `{"path", "line", "column", "start",
    /// "end"}`) and `"related_count"`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let group = self.related_count > 0;
        let mut st = s.serialize_struct("SiteDiagnostic", if group { 11 } else { 9 })?;
        st.serialize_field("path", &self.path)?;
        super::write_fields::<S>(&mut st, &self.diagnostic)?;
        if group {
            st.serialize_field("related", &self.related)?;
            st.serialize_field("related_count", &self.related_count)?;
        }
        st.end()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Related {
    /// An object `{"path", "line", "column", "start", "end"}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Related", 5)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("line", &self.location.line)?;
        st.serialize_field("column", &self.location.column)?;
        st.serialize_field("start", &self.span.start)?;
        st.serialize_field("end", &self.span.end)?;
        st.end()
    }
}

/// More findings for a page of a site check, beside its rules' own.
#[derive(Clone, Debug, Default)]
pub(crate) struct Extra {
    pub(crate) found: Vec<Diagnostic>,
    pub(crate) groups: Vec<GroupOf>,
}

impl<'a> Site<'a> {
    /// An empty site.
    #[must_use]
    pub fn new() -> Self {
        Site::default()
    }

    /// Adds a page read from `text`, under `path` (the name diagnostics
    /// give it).
    pub fn add(&mut self, path: impl Into<String>, text: &'a str) -> &mut Self {
        self.add_page(path, Page::parse(text))
    }

    /// Adds a page already read.
    pub fn add_page(&mut self, path: impl Into<String>, page: Page<'a>) -> &mut Self {
        self.pages.push((path.into(), page));
        self
    }

    /// How many pages there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// The page at position `index` and its path.
    #[must_use]
    pub fn page(&self, index: usize) -> Option<(&str, &Page<'a>)> {
        self.pages.get(index).map(|(p, page)| (p.as_str(), page))
    }

    /// The pages and their paths, in the order they were added.
    pub fn pages(&self) -> impl ExactSizeIterator<Item = (&str, &Page<'a>)> {
        self.pages.iter().map(|(p, page)| (p.as_str(), page))
    }

    /// Checks every page and the site: returns every finding, grouped by
    /// page in the order the pages were added, each page's in source order.
    ///
    /// The pages are checked on up to [`ValidateOptions::threads`]
    /// threads; the result does not depend on how many.
    #[must_use]
    pub fn check(&self, options: &ValidateOptions) -> Vec<SiteDiagnostic> {
        let mut check = SiteCheck::new(options);
        check.add_pages(
            &self.pages,
            |(path, _)| path,
            |(_, page)| Cow::Borrowed(page),
        );
        check.finish()
    }

    /// As [`Site::check`], with each rule's level on a page given by
    /// `level` (the page's path, the rule) instead of by `options`, whose
    /// levels say which rules run: a rule must run there wherever `level`
    /// does not allow it. `extra` holds more findings for each page (by
    /// position), whose severity `level` sets.
    pub(crate) fn check_by_path(
        &self,
        options: &ValidateOptions,
        level: &dyn Fn(&str, Rule) -> Level,
        extra: Vec<Extra>,
    ) -> Vec<SiteDiagnostic> {
        let mut check = SiteCheck::new(options);
        check.add_pages(
            &self.pages,
            |(path, _)| path,
            |(_, page)| Cow::Borrowed(page),
        );
        check.finish_by_path(level, extra)
    }
}

/// A site checked one page at a time, without holding the pages: each
/// page's own rules run when it is added, and only what the rules across
/// pages need is kept (where it is written, its sort order, its heading
/// ids and anchors, its links to other pages, its findings). The findings
/// are those [`Site::check`] gives for the same pages.
///
/// ```
/// use pagefmt::{SiteCheck, ValidateOptions};
///
/// let options = ValidateOptions::default();
/// let mut check = SiteCheck::new(&options);
/// for (path, text) in [
///     ("a.md", "title: A\nslug: a\n\n[B](/b.html#nowhere)\n".to_owned()),
///     ("b.md", "title: B\nslug: b\n\n# Somewhere\n\n[A](/a.html)\n".to_owned()),
/// ] {
///     check.add(path, &text); // the text can go now
/// }
/// let found = check.finish();
/// assert_eq!(found.len(), 1);
/// assert_eq!(
///     found[0].diagnostic.message,
///     "link to '/b.html#nowhere': b.md has no heading with the id `nowhere`"
/// );
/// ```
#[derive(Debug)]
pub struct SiteCheck<'o> {
    options: Cow<'o, ValidateOptions>,
    /// The levels by path, for a check with a configuration.
    #[cfg(feature = "config")]
    config: Option<&'o CheckConfig>,
    paths: Vec<String>,
    facts: Vec<Facts>,
}

impl<'o> SiteCheck<'o> {
    /// A check with `options` and no page yet.
    #[must_use]
    pub fn new(options: &'o ValidateOptions) -> Self {
        SiteCheck {
            options: Cow::Borrowed(options),
            #[cfg(feature = "config")]
            config: None,
            paths: Vec::new(),
            facts: Vec::new(),
        }
    }

    /// A check with the rules and levels of `config` (each rule's level
    /// on a page set by its path).
    #[cfg(feature = "config")]
    #[cfg_attr(docsrs, doc(cfg(feature = "config")))]
    #[must_use]
    pub fn with_config(config: &'o CheckConfig) -> Self {
        SiteCheck {
            options: Cow::Owned(config.run_options()),
            config: Some(config),
            paths: Vec::new(),
            facts: Vec::new(),
        }
    }

    /// Checks the page read from `text`, under `path` (the name
    /// diagnostics give it).
    pub fn add(&mut self, path: impl Into<String>, text: &str) -> &mut Self {
        self.add_page(path, &Page::parse(text))
    }

    /// Checks a page already read.
    pub fn add_page(&mut self, path: impl Into<String>, page: &Page<'_>) -> &mut Self {
        self.facts.push(Facts::of(page, &self.options));
        self.paths.push(path.into());
        self
    }

    /// Checks each page of `pages` (path, text), on up to
    /// [`ValidateOptions::threads`] threads, in order.
    pub fn add_all<P, T>(&mut self, pages: &[(P, T)]) -> &mut Self
    where
        P: AsRef<str> + Sync,
        T: AsRef<str> + Sync,
    {
        self.add_pages(
            pages,
            |(path, _)| path.as_ref(),
            |(_, text)| Cow::Owned(Page::parse(text.as_ref())),
        )
    }

    /// Checks each of `pages`, which `path` and `page` give the path and
    /// page of, on as many threads as the options allow.
    fn add_pages<'p, X: Sync>(
        &mut self,
        pages: &'p [X],
        path: impl Fn(&'p X) -> &'p str,
        page: impl Fn(&'p X) -> Cow<'p, Page<'p>> + Sync,
    ) -> &mut Self {
        let options: &ValidateOptions = &self.options;
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            n => n,
        };
        // Below this many pages per thread, a thread costs more than it saves.
        const MIN_PER_THREAD: usize = 16;
        let threads = threads.min(pages.len() / MIN_PER_THREAD).max(1);
        let facts = |x: &'p X| Facts::of(&page(x), options);
        if threads == 1 {
            self.facts.extend(pages.iter().map(facts));
        } else {
            let chunk = pages.len().div_ceil(threads);
            let facts = &facts;
            let found: Vec<Facts> = std::thread::scope(|s| {
                let handles: Vec<_> = pages
                    .chunks(chunk)
                    .map(|pages| s.spawn(move || pages.iter().map(facts).collect::<Vec<_>>()))
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| match h.join() {
                        Ok(facts) => facts,
                        Err(panic) => std::panic::resume_unwind(panic),
                    })
                    .collect()
            });
            self.facts.extend(found);
        }
        self.paths.extend(pages.iter().map(|x| path(x).to_owned()));
        self
    }

    /// How many pages were checked.
    #[must_use]
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// Whether none was.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Runs the rules across the pages: returns every finding, grouped by
    /// page in the order the pages were added, each page's in source
    /// order.
    #[must_use]
    pub fn finish(self) -> Vec<SiteDiagnostic> {
        #[cfg(feature = "config")]
        if let Some(config) = self.config {
            return self.finish_by_path(&|path, rule| config.level_at(path, rule), Vec::new());
        }
        let options = self.options.clone().into_owned();
        self.finish_by_path(&|_, rule| options.level(rule), Vec::new())
    }

    /// As [`SiteCheck::finish`], with each rule's level on a page given by
    /// `level` (see [`Site::check_by_path`]) and `extra` findings.
    fn finish_by_path(
        self,
        level: &dyn Fn(&str, Rule) -> Level,
        extra: Vec<Extra>,
    ) -> Vec<SiteDiagnostic> {
        let SiteCheck {
            options,
            paths,
            mut facts,
            ..
        } = self;
        cross::check(
            &mut Pages {
                paths: &paths,
                facts: &mut facts,
                level,
            },
            &options,
        );
        for (f, more) in facts.iter_mut().zip(extra) {
            f.found.extend(more.found);
            f.groups.extend(more.groups);
        }
        let mut keys: Vec<Vec<(usize, String)>> = Vec::with_capacity(facts.len());
        let mut out = Vec::new();
        for (i, (f, path)) in facts.into_iter().zip(paths).enumerate() {
            let mut found = f.found;
            let here = |rule: Rule| level(&path, rule);
            found.retain_mut(|d| {
                let severity = d.rule().map_or(Some(d.severity), |r| here(r).severity());
                if let Some(s) = severity {
                    d.severity = s;
                }
                severity.is_some()
            });
            found.sort_by_key(|d| d.span.start);
            if let Some(s) = f.suppressions {
                super::suppress::apply(s, &mut found, &here);
            }
            let mut groups = f.groups;
            out.extend(found.into_iter().map(|diagnostic| {
                let group = groups
                    .iter()
                    .position(|g| g.code == diagnostic.code && g.span == diagnostic.span)
                    .map(|g| groups.swap_remove(g));
                let (related, related_count) =
                    group.map_or((Vec::new(), 0), |g| (g.related, g.count));
                SiteDiagnostic {
                    path: path.clone(),
                    page: i,
                    diagnostic,
                    related,
                    related_count,
                }
            }));
            keys.push(f.unknown_keys);
        }
        unknown_keys_once(&keys, &mut out);
        out
    }
}

/// Keeps one `unknown-key` finding per key (ASCII case ignored), at its
/// first page, saying how many pages have it: a key a theme reads is on
/// most pages, and one note says what a thousand would. `keys` holds each
/// page's unknown keys by the start of their findings.
fn unknown_keys_once(keys: &[Vec<(usize, String)>], found: &mut Vec<SiteDiagnostic>) {
    let code = Rule::UnknownKey.code();
    let key = |d: &SiteDiagnostic| -> &str {
        keys.get(d.page)
            .and_then(|k| k.iter().find(|(at, _)| *at == d.diagnostic.span.start))
            .map_or("", |(_, k)| k.as_str())
    };
    // Per key: its first finding, how many pages, the last page seen.
    let mut pages: HashMap<&str, (usize, usize, usize)> = HashMap::default();
    for (i, d) in found.iter().enumerate() {
        if d.diagnostic.code == code {
            let e = pages.entry(key(d)).or_insert((i, 0, usize::MAX));
            if e.2 != d.page {
                e.1 += 1;
                e.2 = d.page;
            }
        }
    }
    if pages.len() == found.iter().filter(|d| d.diagnostic.code == code).count() {
        return;
    }
    let firsts: HashMap<usize, usize> = pages.into_values().map(|(i, n, _)| (i, n)).collect();
    let mut i = 0;
    found.retain_mut(|d| {
        let at = i;
        i += 1;
        if d.diagnostic.code != code {
            return true;
        }
        match firsts.get(&at) {
            Some(&n) if n > 1 => {
                d.diagnostic
                    .message
                    .push_str(&format!(" (on {n} pages; shown once)"));
                true
            }
            Some(_) => true,
            None => false,
        }
    });
}

impl<'a, P: Into<String>> FromIterator<(P, &'a str)> for Site<'a> {
    fn from_iter<I: IntoIterator<Item = (P, &'a str)>>(iter: I) -> Self {
        let mut site = Site::new();
        for (path, text) in iter {
            site.add(path, text);
        }
        site
    }
}

impl<'a, P: Into<String>> Extend<(P, &'a str)> for Site<'a> {
    fn extend<I: IntoIterator<Item = (P, &'a str)>>(&mut self, iter: I) {
        for (path, text) in iter {
            self.add(path, text);
        }
    }
}
