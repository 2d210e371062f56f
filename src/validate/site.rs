//! A [`Site`]: a set of pages checked together.

use std::borrow::Cow;

use crate::meta::{Category, PageMeta};
use crate::page::Page;
use crate::span::{Location, Span};

use crate::body::Target;

use super::body::{html_has_id, percent_decode};
use super::header::{self, value_span};
use super::{closest, quote, Diagnostic, HashMap, Level, Report, Rule, ValidateOptions};

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
/// assert_eq!(codes, [("a.md", "duplicate-slug"), ("b.md", "duplicate-slug")]);
/// assert_eq!(
///     found[0].diagnostic.message,
///     "slug 'same' is also used by b.md (line 2): both are written to /same.html"
/// );
/// ```
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
}

#[cfg(feature = "serde")]
impl serde::Serialize for SiteDiagnostic {
    /// An object `{"path", "code", "severity", "line", "column", "start",
    /// "end", "message", "help"}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("SiteDiagnostic", 9)?;
        st.serialize_field("path", &self.path)?;
        super::write_fields::<S>(&mut st, &self.diagnostic)?;
        st.end()
    }
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
        self.check_by_path(options, &|_, rule| options.level(rule), Vec::new())
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
        extra: Vec<Vec<Diagnostic>>,
    ) -> Vec<SiteDiagnostic> {
        let mut facts = self.page_facts(options);
        cross_check(&self.pages, &mut facts, options);
        for (f, more) in facts.iter_mut().zip(extra) {
            f.found.extend(more);
        }
        let mut out = Vec::new();
        for (i, (f, (path, page))) in facts.into_iter().zip(&self.pages).enumerate() {
            let mut found = f.found;
            let here = |rule: Rule| level(path, rule);
            found.retain_mut(|d| {
                let severity = d.rule().map_or(Some(d.severity), |r| here(r).severity());
                if let Some(s) = severity {
                    d.severity = s;
                }
                severity.is_some()
            });
            found.sort_by_key(|d| d.span.start);
            super::suppress::apply(page.text(), page.body_offset(), &mut found, &here);
            out.extend(found.into_iter().map(|diagnostic| SiteDiagnostic {
                path: path.clone(),
                page: i,
                diagnostic,
            }));
        }
        self.unknown_keys_once(&mut out);
        out
    }

    /// Keeps one `unknown-key` finding per key (ASCII case ignored), at
    /// its first page, saying how many pages have it: a key a theme reads
    /// is on most pages, and one note says what a thousand would.
    fn unknown_keys_once(&self, found: &mut Vec<SiteDiagnostic>) {
        let code = Rule::UnknownKey.code();
        let key = |d: &SiteDiagnostic| -> String {
            self.pages
                .get(d.page)
                .and_then(|(_, p)| p.text().get(d.diagnostic.span.range()))
                .unwrap_or_default()
                .to_ascii_lowercase()
        };
        // Per key: its first finding, how many pages, the last page seen.
        let mut pages: HashMap<String, (usize, usize, usize)> = HashMap::default();
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

    /// Each page's own findings and what the site rules need from it, on as
    /// many threads as the options allow.
    fn page_facts(&self, options: &ValidateOptions) -> Vec<Facts<'_>> {
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            n => n,
        };
        // Below this many pages per thread, a thread costs more than it saves.
        const MIN_PER_THREAD: usize = 16;
        let threads = threads.min(self.pages.len() / MIN_PER_THREAD).max(1);
        if threads == 1 {
            return self
                .pages
                .iter()
                .map(|(_, p)| Facts::of(p, options))
                .collect();
        }
        let chunk = self.pages.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = self
                .pages
                .chunks(chunk)
                .map(|pages| {
                    s.spawn(move || {
                        pages
                            .iter()
                            .map(|(_, p)| Facts::of(p, options))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| match h.join() {
                    Ok(facts) => facts,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        })
    }
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

/// A value of a page's header and where it stands.
#[derive(Debug)]
struct Located<T> {
    value: T,
    span: Span,
    location: Location,
}

/// One page's own findings, and what the site rules need to know of it
/// (borrowing from the page's text).
#[derive(Debug)]
struct Facts<'t> {
    /// The page's findings so far.
    found: Vec<Diagnostic>,
    /// Where the page is written, with the span of the value that says so
    /// (the slug or `save_as`).
    path: Option<Located<String>>,
    /// The slug as written, when it gives the path.
    slug: Option<String>,
    /// The sort order.
    sort_order: Option<Located<Order>>,
    /// Whether it is an article.
    article: bool,
    /// The ids of its headings.
    ids: Vec<String>,
    /// Its links to pages of the site (`/slug.html`, `/blog/slug.html`),
    /// in the body and in `choiceNurl` values.
    links: Vec<Located<PageLink<'t>>>,
}

/// A link to a page of the site.
#[derive(Debug)]
struct PageLink<'t> {
    /// `/slug.html` or `/blog/slug.html`.
    path: Cow<'t, str>,
    /// The part after `#`, when not empty.
    fragment: Option<Cow<'t, str>>,
    /// The destination as resolved.
    dest: Cow<'t, str>,
}

impl<'t> PageLink<'t> {
    /// The link to a page `dest` makes, if any; `page` says that
    /// [`classify`](crate::body::classify) already found it is
    /// [`Target::Page`].
    fn of(dest: Cow<'t, str>, options: &ValidateOptions, page: bool) -> Option<PageLink<'t>> {
        // Where the path and the fragment stand in `dest`.
        let (path, fragment) = {
            let d: &str = &dest;
            let local = if page {
                d
            } else {
                let local = site_path(d, &options.site_hosts).unwrap_or(d);
                // Only `/...` can be a page.
                if !local.starts_with('/')
                    || !matches!(crate::body::classify(local), Target::Page { .. })
                {
                    return None;
                }
                local
            };
            let base = d.len() - local.len();
            let end = local.find(['?', '#']).unwrap_or(local.len());
            // As `classify` reads it: the fragment follows the first `#`
            // after the path.
            let fragment = local[end..]
                .find('#')
                .map(|h| base + end + h + 1..d.len())
                .filter(|f| !f.is_empty());
            (base..base + end, fragment)
        };
        let (path, fragment) = match &dest {
            Cow::Borrowed(d) => (
                Cow::Borrowed(&d[path]),
                fragment.map(|f| Cow::Borrowed(&d[f])),
            ),
            Cow::Owned(d) => (
                Cow::Owned(d[path].to_owned()),
                fragment.map(|f| Cow::Owned(d[f].to_owned())),
            ),
        };
        Some(PageLink {
            path,
            fragment,
            dest,
        })
    }
}

/// A page's place in its category.
#[derive(Debug)]
struct Order {
    category: Option<Category>,
    value: u64,
    /// As written.
    digits: String,
}

impl<'t> Facts<'t> {
    fn of(page: &'t Page<'_>, options: &ValidateOptions) -> Facts<'t> {
        let mut report = Report::new(page.text(), options);
        let meta = header::check(page, &mut report);
        let path = page_path(page, &meta, options, &mut report);
        let article = meta
            .category
            .as_ref()
            .is_some_and(|c| options.article_categories.contains(c));
        let slug = match (&meta.save_as, &meta.slug) {
            (None, Some(slug)) => Some(slug.clone()),
            _ => None,
        };
        let sort_order = meta.sort_order.as_ref().and_then(|s| {
            let value = s.value()?;
            let field = page.get(s.key.as_str())?;
            let span = value_span(&field);
            let location = report.locate(span.start);
            Some(Located {
                value: Order {
                    category: meta.category.clone(),
                    value,
                    digits: s.digits.clone(),
                },
                span,
                location,
            })
        });
        let outline = page.outline(&options.body);
        // The links that may be to pages: `/...`, or to one of the site's
        // hosts.
        let mut maybe: Vec<(usize, bool)> = Vec::new();
        let hosts = !options.site_hosts.is_empty();
        super::body::check(
            &meta,
            &outline,
            &mut report,
            &mut |i, target| match target {
                Target::Page { .. } => maybe.push((i, true)),
                Target::Http | Target::Https if hosts => maybe.push((i, false)),
                _ => {}
            },
        );
        let mut links = Vec::with_capacity(maybe.len());
        for field in page.header().fields() {
            let name = field.name();
            let is_choice_url = name.len() == "choice1url".len()
                && name.starts_with("choice")
                && name.ends_with("url");
            if is_choice_url {
                if let Some(link) = PageLink::of(Cow::Borrowed(field.value().text), options, false)
                {
                    let span = field.value().span;
                    let location = report.locate(span.start);
                    links.push(Located {
                        value: link,
                        span,
                        location,
                    });
                }
            }
        }
        for &(i, page_target) in &maybe {
            let Some(l) = outline.links.get(i) else {
                continue;
            };
            if let Some(link) = PageLink::of(l.dest.clone(), options, page_target) {
                let span = l.dest_span.unwrap_or(l.span);
                let location =
                    super::location_after(page.text(), l.span.start, l.location, span.start)
                        .unwrap_or_else(|| report.locate(span.start));
                links.push(Located {
                    value: link,
                    span,
                    location,
                });
            }
        }
        Facts {
            found: report.finish(),
            path,
            slug,
            sort_order,
            article,
            ids: outline.headings.into_iter().map(|h| h.id.into()).collect(),
            links,
        }
    }
}

/// Where the page is written on the site (see [`Site`]).
fn page_path(
    page: &Page<'_>,
    meta: &PageMeta,
    options: &ValidateOptions,
    report: &mut Report<'_>,
) -> Option<Located<String>> {
    let (value, field) = if let Some(save_as) = &meta.save_as {
        let path = if save_as.starts_with('/') {
            save_as.clone()
        } else {
            format!("/{save_as}")
        };
        (path, page.get("save_as")?)
    } else {
        let slug = meta.slug.as_ref().filter(|s| !s.is_empty())?;
        let article = meta
            .category
            .as_ref()
            .is_some_and(|c| options.article_categories.contains(c));
        let path = if article {
            format!("/blog/{slug}.html")
        } else {
            format!("/{slug}.html")
        };
        (path, page.get("slug")?)
    };
    let span = value_span(&field);
    Some(Located {
        value,
        span,
        location: report.locate(span.start),
    })
}

/// Runs the rules across pages, adding their findings to each page's.
fn cross_check(pages: &[(String, Page<'_>)], facts: &mut [Facts], options: &ValidateOptions) {
    let emit = |facts: &mut [Facts],
                i: usize,
                rule: Rule,
                span: Span,
                location: Location,
                message: String,
                help: Option<String>| {
        if let (Some(d), Some(f)) = (
            options.finding(rule, span, location, message, help),
            facts.get_mut(i),
        ) {
            f.found.push(d);
        }
    };

    if options.on(Rule::DuplicateSlug) {
        let mut by_path: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, f) in facts.iter().enumerate() {
            if let Some(p) = &f.path {
                by_path.entry(p.value.as_str()).or_default().push(i);
            }
        }
        let mut found = Vec::new();
        for (path, users) in by_path.iter().filter(|(_, u)| u.len() > 1) {
            for &i in users {
                let others = others(pages, facts, users, i, |f| {
                    f.path.as_ref().map(|p| p.location.line)
                });
                let f = &facts[i];
                let Some(p) = &f.path else { continue };
                let what = match &f.slug {
                    Some(slug) => format!("slug {}", quote(slug)),
                    None => format!("`save_as` {}", quote(&p.value)),
                };
                found.push((
                    i,
                    p.span,
                    p.location,
                    format!("{what} is also used by {others}: both are written to {path}"),
                ));
            }
        }
        for (i, span, location, message) in found {
            let help = Some("give each page its own slug".to_owned());
            emit(facts, i, Rule::DuplicateSlug, span, location, message, help);
        }
    }

    if options.on(Rule::DuplicateSortOrder) {
        let mut by_order: HashMap<(Option<&Category>, u64), Vec<usize>> = HashMap::default();
        for (i, f) in facts.iter().enumerate() {
            if let Some(s) = &f.sort_order {
                by_order
                    .entry((s.value.category.as_ref(), s.value.value))
                    .or_default()
                    .push(i);
            }
        }
        let mut found = Vec::new();
        for ((category, _), users) in by_order.iter().filter(|(_, u)| u.len() > 1) {
            for &i in users {
                let others = others(pages, facts, users, i, |f| {
                    f.sort_order.as_ref().map(|s| s.location.line)
                });
                let Some(s) = &facts[i].sort_order else {
                    continue;
                };
                let within = match category {
                    Some(c) => format!("category `{c}`"),
                    None => "pages with no category".to_owned(),
                };
                found.push((
                    i,
                    s.span,
                    s.location,
                    format!(
                        "sort order {} is also used by {others}, in {within}",
                        quote(&s.value.digits)
                    ),
                ));
            }
        }
        for (i, span, location, message) in found {
            let help = Some("give each page of a category its own sort order, so that their order is not left to chance".to_owned());
            emit(
                facts,
                i,
                Rule::DuplicateSortOrder,
                span,
                location,
                message,
                help,
            );
        }
    }
    check_links(pages, facts, options);
}

/// The path of `dest` when it is an `http:` or `https:` URL on one of
/// `hosts`.
fn site_path<'d>(dest: &'d str, hosts: &[String]) -> Option<&'d str> {
    let colon = dest.find("://")?;
    let scheme = &dest[..colon];
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = &dest[colon + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(host))
        .then(|| &rest[end..])
        .filter(|path| path.starts_with('/'))
}

/// The page path a broken `path` likely meant: the same slug as a page
/// where it names an article or the other way round, else the path whose
/// slug is closest.
fn suggest_path<'p>(path: &str, paths: &HashMap<&'p str, Vec<usize>>) -> Option<&'p str> {
    let other = match path.strip_prefix("/blog") {
        Some(page) => page.to_owned(),
        None => format!("/blog{path}"),
    };
    if let Some((&p, _)) = paths.get_key_value(other.as_str()) {
        return Some(p);
    }
    let slug = |p: &'p str| -> &'p str {
        let p = p.strip_prefix("/blog/").unwrap_or(p);
        let p = p.strip_prefix('/').unwrap_or(p);
        p.strip_suffix(".html").unwrap_or(p)
    };
    let article = path.starts_with("/blog/");
    let wanted = {
        let p = path.strip_prefix("/blog/").unwrap_or(path);
        let p = p.strip_prefix('/').unwrap_or(p);
        p.strip_suffix(".html").unwrap_or(p)
    };
    let near = closest(
        wanted,
        paths
            .keys()
            .filter(|p| p.starts_with("/blog/") == article)
            .map(|p| slug(p)),
    )?;
    paths
        .keys()
        .copied()
        .find(|p| p.starts_with("/blog/") == article && slug(p) == near)
}

/// `broken-internal-link`, `broken-fragment` and `orphan-page`.
fn check_links(pages: &[(String, Page<'_>)], facts: &mut [Facts], options: &ValidateOptions) {
    // Each path's pages.
    let mut by_path: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, f) in facts.iter().enumerate() {
        if let Some(p) = &f.path {
            by_path.entry(p.value.as_str()).or_default().push(i);
        }
    }
    let mut linked = vec![false; facts.len()];
    // The suggestion for each broken path (many pages share one).
    let mut suggestions: HashMap<&str, Option<&str>> = HashMap::default();
    let mut found: Vec<(usize, Rule, Span, Location, String, Option<String>)> = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        for link in &f.links {
            let PageLink {
                path,
                fragment,
                dest,
            } = &link.value;
            let Some(targets) = by_path.get(path.as_ref()) else {
                if !options.is_known_path(path) && options.on(Rule::BrokenInternalLink) {
                    let near = *suggestions
                        .entry(path.as_ref())
                        .or_insert_with(|| suggest_path(path, &by_path));
                    found.push((
                        i,
                        Rule::BrokenInternalLink,
                        link.span,
                        link.location,
                        format!("link to {}: no page of the site is written to {path}", quote(dest)),
                        Some(match near {
                            Some(near) => format!("did you mean `{near}`?"),
                            None => "link to a page's slug, or add the path to the known paths if the site makes it".to_owned(),
                        }),
                    ));
                }
                continue;
            };
            for &t in targets {
                if t != i {
                    linked[t] = true;
                }
            }
            let (Some(fragment), Some(&t)) = (fragment, targets.first()) else {
                continue;
            };
            if !options.on(Rule::BrokenFragment) {
                continue;
            }
            let id = percent_decode(fragment);
            let ids = &facts[t].ids;
            let body = pages.get(t).map_or("", |p| p.1.body());
            if ids.iter().any(|h| *h == id) || html_has_id(body, &id) {
                continue;
            }
            let target = pages.get(t).map_or("", |p| p.0.as_str());
            found.push((
                i,
                Rule::BrokenFragment,
                link.span,
                link.location,
                format!(
                    "link to {}: {target} has no heading with the id `{id}`",
                    quote(dest)
                ),
                Some(match closest(&id, ids.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{path}#{near}`?"),
                    None => format!("link to the id of one of the headings of {path}"),
                }),
            ));
        }
    }
    // In a site of one page, that page has nobody to link to it.
    if options.on(Rule::OrphanPage) && facts.len() > 1 {
        for (i, f) in facts.iter().enumerate() {
            let Some(p) = &f.path else { continue };
            if !linked[i] && !f.article {
                found.push((
                    i,
                    Rule::OrphanPage,
                    p.span,
                    p.location,
                    format!("no other page links to {}", p.value),
                    Some("link to it from a page on a related topic".to_owned()),
                ));
            }
        }
    }
    for (i, rule, span, location, message, help) in found {
        if let (Some(d), Some(f)) = (
            options.finding(rule, span, location, message, help),
            facts.get_mut(i),
        ) {
            f.found.push(d);
        }
    }
}

/// The other pages of `users` than `me`, as `path (line N)` joined with
/// commas, `line` saying where in each the clash stands.
fn others(
    pages: &[(String, Page<'_>)],
    facts: &[Facts],
    users: &[usize],
    me: usize,
    line: impl Fn(&Facts) -> Option<usize>,
) -> String {
    users
        .iter()
        .filter(|&&j| j != me)
        .map(|&j| {
            let path = pages.get(j).map_or("", |p| p.0.as_str());
            match facts.get(j).and_then(&line) {
                Some(l) => format!("{path} (line {l})"),
                None => path.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
