//! Every path a build writes: items, direct templates, template pages,
//! category, tag, author and period archive pages, feeds, pagination,
//! static files, and what `pagefmt.toml` adds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::date::SiteDate;
use super::items::{Item, Kind, Status};
use super::url::{fill, FieldValue};
use super::value::PyValue;
use super::{FileRole, Note, Site};

/// One taxonomy page (a category, tag or author): its slug and how many
/// published articles it lists.
type Taxonomy = BTreeMap<String, usize>;

impl Site {
    /// Every output path the build writes (relative to the output folder,
    /// `/`-separated), sorted, without duplicates; and notes for patterns
    /// that cannot be filled. Theme files (`THEME_STATIC_DIR`) are not
    /// included: the theme is not read.
    #[must_use]
    pub fn outputs(&self) -> (Vec<String>, Vec<Note>) {
        self.outputs_with(true)
    }

    /// [`Site::outputs`], with the items' own output paths or without
    /// them.
    pub(crate) fn outputs_with(&self, with_items: bool) -> (Vec<String>, Vec<Note>) {
        let s = &self.settings;
        let mut out: BTreeSet<String> = BTreeSet::new();
        let mut notes = Vec::new();
        let mut put = |p: String| {
            if p.starts_with('/') {
                out.insert(p.trim_start_matches('/').to_owned());
            } else if !p.is_empty() {
                out.insert(p);
            }
        };
        if with_items {
            for item in &self.items {
                put(item.save_as.clone());
            }
        }
        for f in &self.files {
            if f.role == FileRole::Static {
                put(f.save_as.clone().unwrap_or_default());
            }
        }
        let listed: Vec<&Item> = self
            .items
            .iter()
            .filter(|i| i.kind == Kind::Article && i.status == Status::Published)
            .collect();
        let originals: Vec<&Item> = listed
            .iter()
            .copied()
            .filter(|i| i.translation_of.is_none())
            .collect();
        let per_page = |template: &str| -> Option<i64> {
            let paginated = s.get("PAGINATED_TEMPLATES").and_then(PyValue::as_dict)?;
            let (_, v) = paginated
                .iter()
                .find(|(k, _)| k.as_str() == Some(template))?;
            match v {
                PyValue::Int(n) if *n > 0 => Some(*n),
                PyValue::None => match s.get("DEFAULT_PAGINATION") {
                    Some(PyValue::Int(n)) if *n > 0 => Some(*n),
                    _ => None,
                },
                _ => None,
            }
        };
        let orphans = match s.get("DEFAULT_ORPHANS") {
            Some(PyValue::Int(n)) => *n,
            _ => 0,
        };
        let paginate =
            |put: &mut dyn FnMut(String), template: &str, save_as: &str, count: usize| {
                put(save_as.to_owned());
                let Some(per) = per_page(template) else {
                    return;
                };
                let count = i64::try_from(count).unwrap_or(i64::MAX);
                let hits = (count - orphans).max(1);
                let pages = (hits + per - 1) / per;
                let (name, ext) = match save_as.rfind('.') {
                    Some(i) if !save_as[i..].contains('/') => (&save_as[..i], &save_as[i..]),
                    _ => (save_as, ""),
                };
                for n in 2..=pages {
                    put(format!("{name}{n}{ext}"));
                }
            };
        // Direct templates.
        for t in s.strings("DIRECT_TEMPLATES") {
            let key = format!("{}_SAVE_AS", t.to_uppercase());
            let save_as = match s.get(&key) {
                Some(PyValue::Str(v)) => v.clone(),
                Some(v) if !v.truthy() => continue,
                _ => format!("{t}.html"),
            };
            if save_as.is_empty() {
                continue;
            }
            paginate(&mut put, &t, &save_as, originals.len());
        }
        // Template pages.
        for (_, dest) in s
            .get("TEMPLATE_PAGES")
            .and_then(PyValue::as_dict)
            .unwrap_or_default()
        {
            if let Some(d) = dest.as_str() {
                put(d.to_owned());
            }
        }
        // Categories, tags, authors of the published original articles.
        let mut categories = Taxonomy::new();
        let mut tags = Taxonomy::new();
        let mut authors = Taxonomy::new();
        let tag_slugs = self.slugifier("TAG_REGEX_SUBSTITUTIONS");
        let author_slugs = self.slugifier("AUTHOR_REGEX_SUBSTITUTIONS");
        let mut memo: BTreeMap<(bool, &str), String> = BTreeMap::new();
        for a in &originals {
            if let Some(slug) = &a.category_slug {
                *categories.entry(slug.clone()).or_default() += 1;
            }
            for t in &a.tags {
                let slug = memo
                    .entry((true, t))
                    .or_insert_with(|| tag_slugs.slugify(t));
                *tags.entry(slug.clone()).or_default() += 1;
            }
            for au in &a.authors {
                let slug = memo
                    .entry((false, au))
                    .or_insert_with(|| author_slugs.slugify(au));
                *authors.entry(slug.clone()).or_default() += 1;
            }
        }
        let mut by_pattern =
            |put: &mut dyn FnMut(String), key: &str, slug: &str| -> Option<String> {
                let pattern = s.str(key);
                if pattern.is_empty() {
                    return None;
                }
                let lookup = |n: &str| match n {
                    "slug" => Some(FieldValue::Text(slug)),
                    "name" => Some(FieldValue::Text(slug)),
                    _ => None,
                };
                match fill(pattern, &lookup) {
                    Ok(p) => {
                        put(p.clone());
                        Some(p)
                    }
                    Err(e) => {
                        notes.push(Note::new(Path::new(key), None, e.to_string()));
                        None
                    }
                }
            };
        let mut discard = |_: String| {};
        for (set, prefix, template) in [
            (&categories, "CATEGORY", "category"),
            (&tags, "TAG", "tag"),
            (&authors, "AUTHOR", "author"),
        ] {
            for (slug, count) in set {
                if let Some(save_as) = by_pattern(&mut discard, &format!("{prefix}_SAVE_AS"), slug)
                {
                    paginate(&mut put, template, &save_as, *count);
                }
                for feed in ["FEED_ATOM", "FEED_RSS"] {
                    if prefix == "TAG" || prefix == "CATEGORY" || prefix == "AUTHOR" {
                        by_pattern(&mut put, &format!("{prefix}_{feed}"), slug);
                    }
                }
            }
        }
        // Feeds.
        for key in ["FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS"] {
            if s.flag(key) {
                put(s.str(key).to_owned());
            }
        }
        let langs: BTreeSet<&str> = listed.iter().map(|a| a.lang.as_str()).collect();
        for lang in langs {
            for key in ["TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS"] {
                let pattern = s.str(key);
                if pattern.is_empty() {
                    continue;
                }
                let lookup = |n: &str| (n == "lang").then_some(FieldValue::Text(lang));
                match fill(pattern, &lookup) {
                    Ok(p) => put(p),
                    Err(e) => notes.push(Note::new(Path::new(key), None, e.to_string())),
                }
            }
        }
        // Period archives: one per year, month or day with articles.
        let dates: Vec<SiteDate> = originals.iter().filter_map(|a| a.date).collect();
        for (key, width) in [
            ("YEAR_ARCHIVE_SAVE_AS", 1),
            ("MONTH_ARCHIVE_SAVE_AS", 2),
            ("DAY_ARCHIVE_SAVE_AS", 3),
        ] {
            let pattern = s.str(key);
            if pattern.is_empty() {
                continue;
            }
            let mut seen = BTreeSet::new();
            for d in &dates {
                let dt = d.datetime;
                let period = (
                    dt.year(),
                    if width > 1 { dt.month() } else { 0 },
                    if width > 2 { dt.day() } else { 0 },
                );
                if !seen.insert(period) {
                    continue;
                }
                let lookup = |n: &str| (n == "date").then_some(FieldValue::Date(*d));
                match fill(pattern, &lookup) {
                    Ok(p) => put(p),
                    Err(e) => notes.push(Note::new(Path::new(key), None, e.to_string())),
                }
            }
        }
        // What pagefmt.toml adds.
        if let Some(c) = &self.config {
            let base = &s.base;
            for folder in c.outputs("copy", &mut notes) {
                let root = base.join(&folder);
                let found = crate::fs::walk(&[&root], &crate::fs::WalkOptions::all_files());
                for e in &found.errors {
                    notes.push(Note::new(
                        e.path(),
                        None,
                        format!("[outputs] copy: {}", e.reason()),
                    ));
                }
                for file in found.files {
                    if let Ok(rel) = file.strip_prefix(&root) {
                        let rel: Vec<_> = rel
                            .components()
                            .map(|c| c.as_os_str().to_string_lossy().into_owned())
                            .collect();
                        put(rel.join("/"));
                    }
                }
            }
            for list in c.outputs("lists", &mut notes) {
                match std::fs::read_to_string(base.join(&list)) {
                    Ok(text) => {
                        for line in text.lines() {
                            put(line.trim().to_owned());
                        }
                    }
                    Err(e) => notes.push(Note::new(
                        &base.join(&list),
                        None,
                        format!("[outputs] lists: cannot read: {e}"),
                    )),
                }
            }
            for p in c.outputs("paths", &mut notes) {
                put(p);
            }
        }
        (out.into_iter().collect(), notes)
    }

    /// The slugifier of a regex substitutions setting (the category, tag
    /// or author one, or the slug one they fall back to).
    pub(crate) fn slugifier(&self, key: &str) -> super::Slugifier {
        let s = &self.settings;
        super::Slugifier::new(
            &s.substitutions(key),
            s.flag("SLUGIFY_PRESERVE_CASE"),
            s.flag("SLUGIFY_USE_UNICODE"),
        )
        .0
    }
}
