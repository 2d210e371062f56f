//! What a site check keeps of each page once its own rules ran: its
//! findings, where it is written, its sort order, its anchors and its
//! links to other pages, all owned, so that the page's text can go.

use std::ops::Range;

use crate::body::Target;
use crate::meta::{Category, PageMeta};
use crate::page::Page;
use crate::span::{Location, Span};

use super::anchors::Anchors;
use super::header::{self, value_span};
use super::suppress::Suppressions;
use super::{Diagnostic, Report, Rule, ValidateOptions};

/// A value of a page's header and where it stands.
#[derive(Clone, Debug)]
pub(super) struct Located<T> {
    pub(super) value: T,
    pub(super) span: Span,
    pub(super) location: Location,
}

/// One page's own findings, and what the site rules need to know of it.
#[derive(Clone, Debug)]
pub(super) struct Facts {
    /// The page's findings so far.
    pub(super) found: Vec<Diagnostic>,
    /// The findings about a group of pages, with the group's other pages.
    pub(super) groups: Vec<GroupOf>,
    /// Where the page is written, with the span of the value that says so
    /// (the slug or `save_as`).
    pub(super) path: Option<Located<String>>,
    /// The slug as written, when it gives the path.
    pub(super) slug: Option<String>,
    /// The sort order.
    pub(super) sort_order: Option<Located<Order>>,
    /// Whether it is an article.
    pub(super) article: bool,
    /// The ids a `#fragment` can name.
    pub(super) anchors: Anchors,
    /// Its links to pages of the site (`/slug.html`, `/blog/slug.html`),
    /// in the body and in `choiceNurl` values.
    pub(super) links: Vec<Located<PageLink>>,
    /// The key of each `unknown-key` finding (ASCII lowercase), by the
    /// finding's start.
    pub(super) unknown_keys: Vec<(usize, String)>,
    /// Its suppression comments, when it has any.
    pub(super) suppressions: Option<Suppressions>,
}

/// A finding about a group of pages (`duplicate-slug`, ...), told at one
/// of them: the others, as many as are shown, and how many there are.
#[derive(Clone, Debug)]
pub(crate) struct GroupOf {
    /// The finding's code and span, which find it among the page's.
    pub(crate) code: &'static str,
    pub(crate) span: Span,
    /// The other pages shown.
    pub(crate) related: Vec<super::Related>,
    /// How many other pages the group has.
    pub(crate) count: usize,
}

/// A link to a page of the site.
#[derive(Clone, Debug)]
pub(super) struct PageLink {
    /// The destination as resolved.
    pub(super) dest: String,
    /// Where `/slug.html` or `/blog/slug.html` stands in it.
    path: Range<usize>,
    /// Where the part after `#` stands, when not empty.
    fragment: Option<Range<usize>>,
}

impl PageLink {
    /// The link to a page `dest` makes, if any; `page` says that
    /// [`classify`](crate::body::classify) already found it is
    /// [`Target::Page`].
    fn of(dest: &str, options: &ValidateOptions, page: bool) -> Option<PageLink> {
        let local = if page {
            dest
        } else {
            let local = site_path(dest, &options.site_hosts).unwrap_or(dest);
            // Only `/...` can be a page.
            if !local.starts_with('/')
                || !matches!(crate::body::classify(local), Target::Page { .. })
            {
                return None;
            }
            local
        };
        let base = dest.len() - local.len();
        let end = local.find(['?', '#']).unwrap_or(local.len());
        // As `classify` reads it: the fragment follows the first `#` after
        // the path.
        let fragment = local[end..]
            .find('#')
            .map(|h| base + end + h + 1..dest.len())
            .filter(|f| !f.is_empty());
        Some(PageLink {
            dest: dest.to_owned(),
            path: base..base + end,
            fragment,
        })
    }

    /// `/slug.html` or `/blog/slug.html`.
    pub(super) fn path(&self) -> &str {
        &self.dest[self.path.clone()]
    }

    /// The part after `#`, when not empty.
    pub(super) fn fragment(&self) -> Option<&str> {
        self.fragment.clone().map(|f| &self.dest[f])
    }
}

/// A page's place in its category.
#[derive(Clone, Debug)]
pub(super) struct Order {
    pub(super) category: Option<Category>,
    pub(super) value: u64,
    /// As written.
    pub(super) digits: String,
}

impl Facts {
    /// Runs the page rules on `page` and keeps what the site rules need.
    pub(super) fn of(page: &Page<'_>, options: &ValidateOptions) -> Facts {
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
        let mut anchors = None;
        super::body::check(
            &meta,
            &outline,
            &mut report,
            &mut anchors,
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
                if let Some(link) = PageLink::of(field.value().text, options, false) {
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
            if let Some(link) = PageLink::of(&l.dest, options, page_target) {
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
        let found = report.finish();
        let unknown = Rule::UnknownKey.code();
        let unknown_keys = found
            .iter()
            .filter(|d| d.code == unknown)
            .map(|d| {
                let key = page.text().get(d.span.range()).unwrap_or_default();
                (d.span.start, key.to_ascii_lowercase())
            })
            .collect();
        Facts {
            found,
            groups: Vec::new(),
            path,
            slug,
            sort_order,
            article,
            anchors: anchors.unwrap_or_else(|| Anchors::of(&outline)),
            links,
            unknown_keys,
            suppressions: Suppressions::read(page.text(), page.body_offset()),
        }
    }
}

/// Where the page is written on the site (see [`Site`](super::Site)).
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
