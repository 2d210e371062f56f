//! Checking a site as Pelican builds it ([`crate::site::Site`]): every page
//! with its own rules, and the site rules asked of the site model — links
//! and fragments through [`Site::resolve`](crate::site::Site::resolve),
//! two items written to one file — instead of the fixed
//! `/slug.html`-`/blog/slug.html` layout of [`Site::check`](super::Site).

use std::collections::HashMap;

use crate::page::Page;
use crate::site::{self, FileRole, ResolvedKind};
use crate::span::{locate, LineIndex, Location, Span};

use super::cross::{and_more, NAMED};
use super::facts::GroupOf;
use super::header::value_span;
use super::site::Extra;
use super::{
    location_after, quote, CheckConfig, Diagnostic, Level, Related, Rule, Site, SiteDiagnostic,
    RELATED_MAX,
};

/// The site rules of the fixed layout, which the site model answers
/// instead.
const LAYOUT_RULES: [Rule; 4] = [
    Rule::BrokenInternalLink,
    Rule::BrokenFragment,
    Rule::DuplicateSlug,
    Rule::OrphanPage,
];

impl CheckConfig {
    /// Checks a site loaded as Pelican builds it: each Markdown page of
    /// its content folder (its items, and the pages Pelican skips) with
    /// the page rules, then across the site:
    ///
    /// - `broken-internal-link`: a link [`Site::resolve`] finds nothing
    ///   for (an intrasite `{filename}` link Pelican cannot resolve, a path
    ///   the build does not write), unless it is a known path;
    /// - `broken-fragment`: a `#fragment` on a link to another item that
    ///   has no such heading id or anchor;
    /// - `duplicate-slug`: two items written to one file (Pelican's build
    ///   stops there);
    /// - `orphan-page`: a page (not an article) no other item links to.
    ///
    /// `invalid-date` is not reported on a page whose dates Pelican read.
    /// Paths are the content folder joined with each page's source path.
    ///
    /// [`Site::resolve`]: crate::site::Site::resolve
    ///
    /// Returns the pages checked (the findings' `page` indexes them) and
    /// the findings.
    #[must_use]
    pub fn check_pelican(&self, site: &site::Site) -> (Site<'static>, Vec<SiteDiagnostic>) {
        let options = &self.options;
        let content = site.content_path();
        let shown = |source: &str| content.join(source).to_string_lossy().into_owned();

        // The pages: the items, then the Markdown pages Pelican skips.
        let mut pages = Site::new();
        let mut items: Vec<Option<&site::Item>> = Vec::new();
        for item in site.items() {
            pages.add_page(shown(&item.source), item.page.clone());
            items.push(Some(item));
        }
        // Why Pelican skips a page, as the site's notes say it.
        let skipped_why: HashMap<std::path::PathBuf, &str> = site
            .notes()
            .iter()
            .filter_map(|n| Some((n.path.clone(), n.message.strip_prefix("not an item: ")?)))
            .collect();
        let mut no_date = Vec::new();
        for f in site.files() {
            let markdown = f
                .source
                .rsplit_once('.')
                .is_some_and(|(_, x)| matches!(x, "md" | "markdown" | "mkd" | "mdown"));
            if f.role == FileRole::Source && markdown {
                let path = content.join(&f.source);
                if let Ok(text) = std::fs::read_to_string(&path) {
                    if skipped_why.get(&path) == Some(&"no date") {
                        no_date.push(pages.len());
                    }
                    pages.add_page(shown(&f.source), Page::from(text));
                    items.push(None);
                }
            }
        }

        let mut extra: Vec<Extra> = vec![Extra::default(); pages.len()];
        let level = |path: &str, rule: Rule| self.level_at(path, rule);
        let on =
            |rule: Rule| self.options.level(rule) != Level::Allow || self.overrides_enable(rule);
        let by_source: HashMap<&str, usize> = items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| it.map(|it| (it.source.as_str(), i)))
            .collect();
        let mut linked = vec![false; pages.len()];
        let push = |extra: &mut Vec<Extra>,
                    i: usize,
                    rule: Rule,
                    span: Span,
                    location: Location,
                    message: String,
                    help: Option<String>| {
            if let Some(e) = extra.get_mut(i) {
                e.found.push(Diagnostic {
                    code: rule.code(),
                    // Set by the path's level afterwards.
                    severity: super::Severity::Error,
                    message,
                    span,
                    location,
                    help,
                });
            }
        };

        // An article Pelican skips for want of a date (and of
        // `DEFAULT_DATE`).
        if on(Rule::MissingField) {
            for &i in &no_date {
                let Some((_, page)) = pages.page(i) else {
                    continue;
                };
                let start = page.header().span().start;
                let location = LineIndex::new(page.text()).location(page.text(), start);
                push(
                    &mut extra,
                    i,
                    Rule::MissingField,
                    Span::empty(start),
                    location,
                    "missing `date`: Pelican skips an article without one".to_owned(),
                    Some("add a `date: ...` line to the header, or set `DEFAULT_DATE`".to_owned()),
                );
            }
        }

        // Links: the body's, and those of the header fields Pelican
        // renders as Markdown (`FORMATTED_FIELDS`, `summary` by default).
        let links_on =
            on(Rule::BrokenInternalLink) || on(Rule::BrokenFragment) || on(Rule::OrphanPage);
        if links_on {
            for (i, item) in items.iter().enumerate() {
                let Some(item) = item else { continue };
                let page = &item.page;
                let mut judge = |dest: &str, span: Span, location: Location| {
                    if dest.is_empty() || dest.starts_with('#') {
                        return;
                    }
                    let r = site.resolve_dest(&item.source, dest);
                    match r.kind {
                        ResolvedKind::Unresolved => {
                            let path = dest.split(['#', '?']).next().unwrap_or(dest);
                            if options.is_known_path(path) {
                                return;
                            }
                            let why = r.note.unwrap_or_else(|| "nothing on the site".to_owned());
                            push(
                                &mut extra,
                                i,
                                Rule::BrokenInternalLink,
                                span,
                                location,
                                format!("link to {}: {why}", quote(dest)),
                                Some("link to a page's source with `{filename}`, or to a path the build writes; add the path to the known paths if the build makes it".to_owned()),
                            );
                        }
                        ResolvedKind::Static
                            if r.target
                                .as_deref()
                                .and_then(|t| site.file(t))
                                .is_some_and(|f| f.role == FileRole::MissingStatic) =>
                        {
                            push(
                                &mut extra,
                                i,
                                Rule::BrokenInternalLink,
                                span,
                                location,
                                format!(
                                    "link to {}: {} is not in the content folder, so the build copies nothing there",
                                    quote(dest),
                                    r.target.as_deref().unwrap_or("")
                                ),
                                Some("add the file, or fix the path".to_owned()),
                            );
                        }
                        ResolvedKind::Item => {
                            let target =
                                r.target.as_deref().and_then(|t| by_source.get(t)).copied();
                            if let Some(t) = target.filter(|&t| t != i) {
                                linked[t] = true;
                            }
                            if r.fragment_found == Some(false) {
                                let fragment = dest.rsplit_once('#').map_or("", |(_, f)| f);
                                let target = r.target.as_deref().unwrap_or("");
                                push(
                                    &mut extra,
                                    i,
                                    Rule::BrokenFragment,
                                    span,
                                    location,
                                    format!("link to {}: {target} has no heading or anchor with the id `{fragment}`", quote(dest)),
                                    Some(format!("link to the id of one of the headings of {target}")),
                                );
                            }
                        }
                        _ => {}
                    }
                };
                let text = page.text();
                // Field links are few, and in the header: each located by
                // a scan from the top.
                for link in item.field_links() {
                    judge(&link.dest, link.span, locate(text, link.span.start));
                }
                let outline = page.outline(&options.body);
                for link in &outline.links {
                    let span = link.dest_span.unwrap_or(link.span);
                    let location = location_after(text, link.span.start, link.location, span.start)
                        .unwrap_or_else(|| LineIndex::new(text).location(text, span.start));
                    judge(&link.dest, span, location);
                }
            }
        }

        // Two items written to one file, told once per file.
        if on(Rule::DuplicateSlug) {
            let mut by_save_as: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, item) in items.iter().enumerate() {
                if let Some(item) = item.filter(|it| !it.save_as.is_empty()) {
                    by_save_as.entry(item.save_as.as_str()).or_default().push(i);
                }
            }
            let mut clashes: Vec<(&str, &Vec<usize>)> = by_save_as
                .iter()
                .filter(|(_, u)| u.len() > 1)
                .map(|(k, v)| (*k, v))
                .collect();
            clashes.sort();
            // Where an item says where it is written.
            let at = |i: usize| -> Option<(&site::Item, Span, Location)> {
                let item = items.get(i).copied().flatten()?;
                let page = &item.page;
                let field = page
                    .get("save_as")
                    .or_else(|| page.get("slug"))
                    .or_else(|| page.get("title"));
                let span =
                    field.map_or(Span::empty(page.header().span().start), |f| value_span(&f));
                let location = LineIndex::new(page.text()).location(page.text(), span.start);
                Some((item, span, location))
            };
            for (save_as, users) in clashes {
                let host = users.iter().copied().find(|&i| {
                    pages
                        .page(i)
                        .is_some_and(|(p, _)| level(p, Rule::DuplicateSlug) != Level::Allow)
                });
                let Some((i, (item, span, location))) = host.and_then(|i| Some((i, at(i)?))) else {
                    continue;
                };
                let count = users.len() - 1;
                let mut names = Vec::new();
                let mut related = Vec::new();
                for &j in users.iter().filter(|&&j| j != i).take(RELATED_MAX) {
                    let Some((other, span, location)) = at(j) else {
                        continue;
                    };
                    if names.len() < NAMED {
                        names.push(other.source.clone());
                    }
                    related.push(Related {
                        path: shown(&other.source),
                        page: j,
                        span,
                        location,
                    });
                }
                let others = and_more(&names, count, "item");
                push(
                    &mut extra,
                    i,
                    Rule::DuplicateSlug,
                    span,
                    location,
                    format!(
                        "{} is also written to {save_as} by {others}: Pelican's build stops there",
                        item.source,
                    ),
                    Some("give each item its own slug (or `save_as`)".to_owned()),
                );
                if let Some(e) = extra.get_mut(i) {
                    e.groups.push(GroupOf {
                        code: Rule::DuplicateSlug.code(),
                        span,
                        related,
                        count,
                    });
                }
            }
        }

        // Pages nobody links to.
        if on(Rule::OrphanPage) && site.items().len() > 1 {
            for (i, item) in items.iter().enumerate() {
                let Some(item) = item else { continue };
                if linked[i] || item.kind != site::Kind::Page {
                    continue;
                }
                let page = &item.page;
                let field = page.get("slug").or_else(|| page.get("title"));
                let span =
                    field.map_or(Span::empty(page.header().span().start), |f| value_span(&f));
                let location = LineIndex::new(page.text()).location(page.text(), span.start);
                push(
                    &mut extra,
                    i,
                    Rule::OrphanPage,
                    span,
                    location,
                    format!("no other page links to /{}", item.url),
                    Some("link to it from a page on a related topic".to_owned()),
                );
            }
        }

        let mut run = self.run_options();
        for rule in LAYOUT_RULES {
            run.set_level(rule, Level::Allow);
        }
        let mut found = pages.check_by_path(&run, &level, extra);
        // Dates Pelican read are not invalid.
        found.retain(|d| {
            d.diagnostic.code != Rule::InvalidDate.code()
                || !d.diagnostic.message.starts_with("invalid value")
                || items
                    .get(d.page)
                    .copied()
                    .flatten()
                    .is_none_or(|it| it.date.is_none() && it.modified.is_none())
        });
        (pages, found)
    }
}
