//! The rules across the pages of a [`Site`](super::Site), run on what each
//! page left ([`Facts`]): `duplicate-slug`, `duplicate-sort-order`,
//! `broken-internal-link`, `broken-fragment`, `orphan-page`. Each page's
//! paths, orders and anchors are indexed once, so the rules cost one
//! look-up per page and per link; a finding about a group of pages is told
//! once, at one of them, with the others listed (at most [`RELATED_MAX`]).

use crate::meta::Category;
use crate::span::{Location, Span};

use super::facts::{Facts, GroupOf, PageLink};
use super::{closest, quote, HashMap, Level, Related, Rule, ValidateOptions};

/// At most this many other pages of a group are given with its finding
/// (as [`SiteDiagnostic::related`](super::SiteDiagnostic::related)); the
/// rest are counted.
pub const RELATED_MAX: usize = 10;

/// At most this many other pages of a group are named in its message.
pub(super) const NAMED: usize = 3;

/// `names` joined with commas, then `and N more NOUNs` for what is left of
/// `count`.
pub(super) fn and_more(names: &[String], count: usize, noun: &str) -> String {
    let mut text = names.join(", ");
    if count > names.len() {
        let more = count - names.len();
        let s = if more == 1 { "" } else { "s" };
        text.push_str(&format!(" and {more} more {noun}{s}"));
    }
    text
}

/// The pages of a site as the cross rules see them.
pub(super) struct Pages<'f> {
    pub(super) paths: &'f [String],
    pub(super) facts: &'f mut [Facts],
    /// Each rule's level on a page (by its path).
    pub(super) level: &'f dyn Fn(&str, Rule) -> Level,
}

/// A group of pages that clash, in site order.
struct Clash<'g> {
    users: &'g [usize],
    /// Where in each page the clash stands.
    at: &'g dyn Fn(&Facts) -> Option<(Span, Location)>,
}

/// A duplicate group's finding: the page it goes to, where, its message,
/// and the group's related pages with their count.
type GroupFinding = (usize, (Span, Location), String, (Vec<Related>, usize));

impl Pages<'_> {
    /// The page of `users` that tells a group's finding: the first where
    /// `rule` is not allowed.
    fn host(&self, users: &[usize], rule: Rule) -> Option<usize> {
        users.iter().copied().find(|&i| {
            self.paths
                .get(i)
                .is_some_and(|p| (self.level)(p, rule) != Level::Allow)
        })
    }

    /// The pages of `clash` other than `me`: the first [`RELATED_MAX`] as
    /// related locations, the first [`NAMED`] as `path (line N)` joined
    /// with commas, then `and N more pages`.
    fn others(&self, clash: &Clash<'_>, me: usize) -> (String, Vec<Related>, usize) {
        let count = clash.users.len() - 1;
        let mut related = Vec::new();
        let mut names = Vec::new();
        for &j in clash.users.iter().filter(|&&j| j != me).take(RELATED_MAX) {
            let path = self.paths.get(j).map_or("", String::as_str);
            let at = self.facts.get(j).and_then(clash.at);
            if names.len() < NAMED {
                names.push(match at {
                    Some((_, l)) => format!("{path} (line {})", l.line),
                    None => path.to_owned(),
                });
            }
            if let Some((span, location)) = at {
                related.push(Related {
                    path: path.to_owned(),
                    page: j,
                    span,
                    location,
                });
            }
        }
        (and_more(&names, count, "page"), related, count)
    }

    /// Adds a finding of `rule` to page `i`, about the group `related`
    /// (`count` other pages) when there is one.
    #[allow(clippy::too_many_arguments, reason = "one finding's parts")]
    fn emit(
        &mut self,
        options: &ValidateOptions,
        i: usize,
        rule: Rule,
        (span, location): (Span, Location),
        message: String,
        help: Option<String>,
        group: Option<(Vec<Related>, usize)>,
    ) {
        let Some(f) = self.facts.get_mut(i) else {
            return;
        };
        if let Some(d) = options.finding(rule, span, location, message, help) {
            if let Some((related, count)) = group {
                f.rare_mut().groups.push(GroupOf {
                    code: d.code,
                    span: d.span,
                    related,
                    count,
                });
            }
            f.found.push(d);
        }
    }

    /// Emits one finding per duplicate group (page, where, message, the
    /// group's related pages and count), each with the same `help`.
    fn emit_groups(
        &mut self,
        options: &ValidateOptions,
        rule: Rule,
        help: &str,
        found: Vec<GroupFinding>,
    ) {
        for (i, at, message, group) in found {
            let help = Some(help.to_owned());
            self.emit(options, i, rule, at, message, help, Some(group));
        }
    }
}

/// Runs the rules across pages, adding their findings to each page's.
pub(super) fn check(pages: &mut Pages<'_>, options: &ValidateOptions) {
    if options.on(Rule::DuplicateSlug) {
        duplicate_paths(pages, options);
    }
    if options.on(Rule::DuplicateSortOrder) {
        duplicate_orders(pages, options);
    }
    check_links(pages, options);
}

/// Each path's pages, in site order.
fn by_path(facts: &[Facts]) -> HashMap<&str, Vec<usize>> {
    let mut by_path: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, f) in facts.iter().enumerate() {
        if let Some(p) = &f.path {
            by_path.entry(&p.value).or_default().push(i);
        }
    }
    by_path
}

/// `duplicate-slug`: pages written to one path, told once per path.
fn duplicate_paths(pages: &mut Pages<'_>, options: &ValidateOptions) {
    let mut found = Vec::new();
    {
        let mut groups: Vec<(&str, Vec<usize>)> = by_path(pages.facts)
            .into_iter()
            .filter(|(_, u)| u.len() > 1)
            .collect();
        groups.sort_unstable_by_key(|(_, u)| u[0]);
        let at = |f: &Facts| f.path.as_ref().map(|p| (p.span, p.location));
        for (path, users) in &groups {
            let users = users.as_slice();
            let Some(i) = pages.host(users, Rule::DuplicateSlug) else {
                continue;
            };
            let clash = Clash { users, at: &at };
            let (others, related, count) = pages.others(&clash, i);
            let f = &pages.facts[i];
            let Some(p) = &f.path else { continue };
            let what = match f.slug() {
                Some(slug) => format!("slug {}", quote(slug)),
                None => format!("`save_as` {}", quote(&p.value)),
            };
            let all = if count == 1 {
                "both are".to_owned()
            } else {
                format!("all {} are", count + 1)
            };
            found.push((
                i,
                (p.span, p.location),
                format!("{what} is also used by {others}: {all} written to {path}"),
                (related, count),
            ));
        }
    }
    pages.emit_groups(
        options,
        Rule::DuplicateSlug,
        "give each page its own slug",
        found,
    );
}

/// `duplicate-sort-order`: pages of one category with one sort order,
/// told once per order.
fn duplicate_orders(pages: &mut Pages<'_>, options: &ValidateOptions) {
    let mut found = Vec::new();
    {
        let mut by_order: HashMap<(Option<&Category>, u64), Vec<usize>> = HashMap::default();
        for (i, f) in pages.facts.iter().enumerate() {
            if let Some(s) = f.sort_order() {
                by_order
                    .entry((s.value.category.as_ref(), s.value.value))
                    .or_default()
                    .push(i);
            }
        }
        let mut groups: Vec<(Option<&Category>, &Vec<usize>)> = by_order
            .iter()
            .filter(|(_, u)| u.len() > 1)
            .map(|((c, _), u)| (*c, u))
            .collect();
        groups.sort_unstable_by_key(|(_, u)| u[0]);
        let at = |f: &Facts| f.sort_order().map(|s| (s.span, s.location));
        for (category, users) in groups {
            let Some(i) = pages.host(users, Rule::DuplicateSortOrder) else {
                continue;
            };
            let clash = Clash { users, at: &at };
            let (others, related, count) = pages.others(&clash, i);
            let Some(s) = pages.facts[i].sort_order() else {
                continue;
            };
            let within = match category {
                Some(c) => format!("category `{c}`"),
                None => "pages with no category".to_owned(),
            };
            found.push((
                i,
                (s.span, s.location),
                format!(
                    "sort order {} is also used by {others}, in {within}",
                    quote(&s.value.digits)
                ),
                (related, count),
            ));
        }
    }
    pages.emit_groups(
        options,
        Rule::DuplicateSortOrder,
        "give each page of a category its own sort order, so that their order is not left to chance",
        found,
    );
}

/// How many candidates the suggestions of one site check may weigh, per
/// page and link: a "did you mean" compares a broken path with every page,
/// a broken fragment with every heading of its target, so without a bound
/// a site of many broken links to many pages costs their product. Past it,
/// the help says what to do without a guess.
const SUGGESTIONS_PER_ITEM: usize = 16;

/// What is left of a check's suggestion work.
struct Budget(usize);

impl Budget {
    /// Takes `n` candidates' worth, if there is that much left.
    fn take(&mut self, n: usize) -> bool {
        let ok = n <= self.0;
        if ok {
            self.0 -= n;
        }
        ok
    }
}

/// The page path a broken `path` likely meant: the same slug as a page
/// where it names an article or the other way round, else (when `budget`
/// allows weighing every path) the path whose slug is closest.
fn suggest_path<'p>(
    path: &str,
    paths: &HashMap<&'p str, Vec<usize>>,
    budget: &mut Budget,
) -> Option<&'p str> {
    let other = match path.strip_prefix("/blog") {
        Some(page) => page.to_owned(),
        None => format!("/blog{path}"),
    };
    if let Some((&p, _)) = paths.get_key_value(other.as_str()) {
        return Some(p);
    }
    if !budget.take(paths.len()) {
        return None;
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
fn check_links(pages: &mut Pages<'_>, options: &ValidateOptions) {
    type Found = (usize, Rule, (Span, Location), String, Option<String>);
    let mut found: Vec<Found> = Vec::new();
    let facts: &[Facts] = pages.facts;
    let by_path = by_path(facts);
    let links: usize = facts.iter().map(|f| f.links.len()).sum();
    let mut budget = Budget(SUGGESTIONS_PER_ITEM * (facts.len() + links).max(1000));
    let mut linked = vec![false; facts.len()];
    // The suggestion for each broken path (many pages share one).
    let mut suggestions: HashMap<&str, Option<&str>> = HashMap::default();
    for (i, f) in facts.iter().enumerate() {
        for link in &*f.links {
            let l: &PageLink = &link.value;
            let (path, dest) = (l.path(), &*l.dest);
            let at = (link.span, link.location);
            let Some(targets) = by_path.get(path) else {
                if !options.is_known_path(path) && options.on(Rule::BrokenInternalLink) {
                    let near = *suggestions
                        .entry(path)
                        .or_insert_with(|| suggest_path(path, &by_path, &mut budget));
                    found.push((
                        i,
                        Rule::BrokenInternalLink,
                        at,
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
            let (Some(fragment), Some(&t)) = (l.fragment(), targets.first()) else {
                continue;
            };
            if !options.on(Rule::BrokenFragment) {
                continue;
            }
            let id = super::body::percent_decode(fragment);
            let anchors = &facts[t].anchors;
            if anchors.contains(&id) {
                continue;
            }
            let target = pages.paths.get(t).map_or("", String::as_str);
            let near = budget
                .take(anchors.headings().len())
                .then(|| closest(&id, anchors.headings()))
                .flatten();
            found.push((
                i,
                Rule::BrokenFragment,
                at,
                format!(
                    "link to {}: {target} has no heading with the id `{id}`",
                    quote(dest)
                ),
                Some(match near {
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
                    (p.span, p.location),
                    format!("no other page links to {}", p.value),
                    Some("link to it from a page on a related topic".to_owned()),
                ));
            }
        }
    }
    for (i, rule, at, message, help) in found {
        pages.emit(options, i, rule, at, message, help, None);
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::anchors::BUILT;
    use crate::{Site, ValidateOptions};

    /// A site of `texts`, named `0.md`, `1.md`, ...
    fn numbered(texts: &[String]) -> Site<'_> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{i}.md"), t.as_str()))
            .collect()
    }

    #[test]
    fn each_page_is_indexed_once_however_many_fragments_name_it() {
        let n = 40;
        let texts: Vec<String> = (0..n)
            .map(|i| {
                let mut t =
                    format!("title: P{i}\nslug: p{i}\n\n# P{i}\n\n<a id=\"raw{i}\"></a>\n\n");
                for j in (0..n).filter(|&j| j != i) {
                    t.push_str(&format!(
                        "[a](/p{j}.html#nope) [b](/p{j}.html#p{j}) [c](/p{j}.html#raw{j}) "
                    ));
                }
                t.push_str("[here](#gone) [there](#also-gone)\n");
                t
            })
            .collect();
        let site = numbered(&texts);
        // On this thread, which counts the indexes it builds.
        let options = ValidateOptions {
            threads: 1,
            ..ValidateOptions::default()
        };
        let before = BUILT.with(std::cell::Cell::get);
        let found = site.check(&options);
        let built = BUILT.with(std::cell::Cell::get) - before;
        assert_eq!(built, n, "one index per page");
        let count = |code: &str| found.iter().filter(|d| d.diagnostic.code == code).count();
        // Every `#nope` is broken, every heading id and raw anchor found.
        assert_eq!(count("broken-fragment"), n * (n - 1));
        assert_eq!(count("fragment-not-found"), 2 * n);
    }

    #[test]
    fn suggestions_weigh_a_bounded_number_of_candidates() {
        // Every page links to pages that are not there: the first broken
        // paths get a guess, the rest the help without one, so the work
        // stays linear in pages and links.
        let n = 300;
        let texts: Vec<String> = (0..n)
            .map(|i| {
                let mut t = format!("title: P{i}\nslug: page-{i}\n\n");
                for j in 0..20 {
                    t.push_str(&format!("[x](/page-{}.html) ", n + i * 20 + j));
                }
                t.push_str(&format!("[y](/page-{}.html)\n", (i + 1) % n));
                t
            })
            .collect();
        let site = numbered(&texts);
        let found = site.check(&ValidateOptions::default());
        let broken: Vec<_> = found
            .iter()
            .filter(|d| d.diagnostic.code == "broken-internal-link")
            .collect();
        assert_eq!(broken.len(), n * 20);
        let guessed = broken
            .iter()
            .filter(|d| {
                d.diagnostic
                    .help
                    .as_deref()
                    .is_some_and(|h| h.starts_with("did you mean"))
            })
            .count();
        // The budget: 16 candidates per page and link, each guess weighing
        // every page.
        let links = n * 21;
        assert_eq!(guessed, super::SUGGESTIONS_PER_ITEM * (n + links) / n);
    }
}
