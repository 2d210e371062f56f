//! [`Item`]: an article or page with what Pelican computes for it (kind,
//! status, slug, category, dates, lang, `url`, `save_as`), and the rules
//! that compute it from the settings.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use jiff::civil::Date;

use super::date::SiteDate;
use super::slug::{python_regex, Slugifier};
use super::url::{fill, FieldValue};
use super::value::PyValue;
use super::{Note, Settings};
use crate::body::{parse_body, BodyOptions, LinkKind};
use crate::meta::PageMeta;
use crate::page::Page;
use crate::span::{locate, Location};

/// Which of Pelican's generators reads an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An article (under `ARTICLE_PATHS`): dated, listed in feeds and
    /// archives, in categories, tags and authors.
    Article,
    /// A page (under `PAGE_PATHS`).
    Page,
}

impl Kind {
    /// `article` or `page`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Page => "page",
        }
    }
}

/// An item's `status`. Pelican skips items with `status: skip` and reports
/// any other value as an error and skips the item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Written and listed (the default).
    Published,
    /// Written, not listed.
    Hidden,
    /// Written under the draft URLs, not listed.
    Draft,
}

impl Status {
    /// `published`, `hidden` or `draft`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Published => "published",
            Status::Hidden => "hidden",
            Status::Draft => "draft",
        }
    }
}

/// An article or page of a site, with what Pelican computes for it and the
/// page it was read from.
#[derive(Clone, Debug)]
pub struct Item {
    /// The source path, relative to the content folder, `/`-separated.
    pub source: String,
    /// Article or page.
    pub kind: Kind,
    /// Published, hidden or draft.
    pub status: Status,
    /// The title.
    pub title: String,
    /// The slug: the header's, else made from the title or file name
    /// (`SLUGIFY_SOURCE`).
    pub slug: String,
    /// The category's name: the header's, else the folder's
    /// (`USE_FOLDER_AS_CATEGORY`), else `DEFAULT_CATEGORY`.
    pub category: Option<String>,
    /// The category's slug.
    pub category_slug: Option<String>,
    /// The authors' names (`author`, `authors`, or the `AUTHOR` setting).
    pub authors: Vec<String>,
    /// The tags.
    pub tags: Vec<String>,
    /// `date`: from the header, the file name or path
    /// (`FILENAME_METADATA`, `PATH_METADATA`) or `DEFAULT_DATE`. A draft
    /// article without one has none (Pelican gives it the largest date).
    pub date: Option<SiteDate>,
    /// `modified`.
    pub modified: Option<SiteDate>,
    /// The language: the header's `lang` as written, else `DEFAULT_LANG` in
    /// lowercase.
    pub lang: String,
    /// Whether `lang` is the default language.
    pub in_default_lang: bool,
    /// The URL, relative to the site root (no leading `/`).
    pub url: String,
    /// The output path, relative to the output folder.
    pub save_as: String,
    /// For a translation, the index (in [`Site::items`](super::Site::items))
    /// of its original.
    pub translation_of: Option<usize>,
    /// The typed header (read leniently).
    pub meta: PageMeta,
    /// The page.
    pub page: Page<'static>,
    /// Heading ids and raw-HTML `id`/`name` anchors of the page, sorted,
    /// each once.
    pub(crate) anchors: Vec<String>,
    /// The destinations of the page's links, in order.
    pub(crate) link_dests: Vec<String>,
    /// The links of the header values Pelican renders as Markdown.
    pub(crate) field_links: Vec<FieldLink>,
    /// The translation id's value, for grouping.
    pub(crate) translation_key: Option<String>,
    /// Whether the header says `translation: true`.
    pub(crate) marked_translation: bool,
}

impl Item {
    /// Whether `id` is a heading id or a raw-HTML anchor of the page.
    #[must_use]
    pub fn has_anchor(&self, id: &str) -> bool {
        self.anchors
            .binary_search_by(|a| a.as_str().cmp(id))
            .is_ok()
    }

    /// The destinations of the page's links (those of
    /// [`Page::outline`](crate::Page::outline) with the default options),
    /// in order, as read when the site was loaded.
    #[must_use]
    pub fn link_dests(&self) -> &[String] {
        &self.link_dests
    }

    /// The links in the header values Pelican renders as Markdown
    /// (`FORMATTED_FIELDS`, by default `summary`), in header order. Pelican
    /// replaces their intrasite links as it does the body's; resolve them
    /// with [`Site::resolve_dest`](super::Site::resolve_dest).
    #[must_use]
    pub fn field_links(&self) -> &[FieldLink] {
        &self.field_links
    }
}

/// A link in a header value that Pelican renders as Markdown (a field of
/// `FORMATTED_FIELDS`, such as `summary`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldLink {
    /// The field, in lowercase (`summary`).
    pub field: String,
    /// What kind of link it is.
    pub kind: LinkKind,
    /// The destination, as the rendered value gives it.
    pub dest: String,
    /// Where the link starts in the page.
    pub location: Location,
}

/// The links of a formatted field's value (its lines joined with `\n`, as
/// Pelican renders them), read in the Python-Markdown dialect; each placed
/// at its line of the field in the page.
fn field_links(page: &Page<'_>, field: &str, joined: &str) -> Vec<FieldLink> {
    // No link without one of these (inline or reference link, raw HTML,
    // autolink).
    if !joined.contains(['[', '<']) {
        return Vec::new();
    }
    let body = parse_body(joined, 0, &BodyOptions::pelican());
    if body.links.is_empty() {
        return Vec::new();
    }
    // The value of each line of the field, in order (a key given twice
    // continues the values, as Python-Markdown reads it).
    let header = page.header();
    let values: Vec<crate::header::Value<'_>> = header
        .get_all(field)
        .flat_map(|f| f.values().collect::<Vec<_>>())
        .collect();
    body.links
        .iter()
        .map(|link| {
            let at = link.span.start.min(joined.len());
            let line = joined[..at].matches('\n').count();
            let column = at - joined[..at].rfind('\n').map_or(0, |i| i + 1);
            let offset = values.get(line).map_or(header.span().start, |v| {
                v.span.start + column.min(v.text.len())
            });
            FieldLink {
                field: field.to_owned(),
                kind: link.kind,
                dest: link.dest.to_string(),
                location: locate(page.text(), offset),
            }
        })
        .collect()
}

/// A metadata value as Pelican's readers leave it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Meta {
    Text(String),
    Date(SiteDate),
    List(Vec<String>),
}

/// The settings compiled for computing items.
#[derive(Debug)]
pub(crate) struct Rules {
    pub slug: Slugifier,
    pub category: Slugifier,
    pub author: Slugifier,
    filename_re: Option<regex::Regex>,
    path_re: Option<regex::Regex>,
    folder_category: bool,
    default_lang: String,
    today: Date,
    defaults: BTreeMap<String, Meta>,
    default_date_fs: bool,
    extra_path: Vec<(String, Vec<(String, PyValue)>)>,
    formatted: Vec<String>,
    slugify_basename: bool,
    with_future_dates: bool,
    author_setting: Option<String>,
    article_translation_id: Vec<String>,
    page_translation_id: Vec<String>,
    pub settings: Settings,
}

/// Keys that keep only their first value (Pelican's
/// `DUPLICATES_DEFINITIONS_ALLOWED`).
const SINGLE: [&str; 10] = [
    "tags", "date", "modified", "status", "category", "author", "save_as", "url", "authors", "slug",
];

fn translation_ids(v: Option<&PyValue>) -> Vec<String> {
    match v {
        Some(PyValue::Str(s)) if !s.is_empty() => vec![s.clone()],
        Some(v) => v
            .as_seq()
            .map(|x| {
                x.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    }
}

impl Rules {
    /// Compiles `settings`; what cannot be used is a note.
    pub fn new(settings: &Settings, today: Date, notes: &mut Vec<Note>) -> Rules {
        let setting_note = |name: &str, m: String| Note::new(Path::new(name), None, m);
        let preserve = settings.flag("SLUGIFY_PRESERVE_CASE");
        let unicode = settings.flag("SLUGIFY_USE_UNICODE");
        let mut slugifier = |name: &str| {
            let (s, msgs) = Slugifier::new(&settings.substitutions(name), preserve, unicode);
            notes.extend(msgs.into_iter().map(|m| setting_note(name, m)));
            s
        };
        let slug = slugifier("SLUG_REGEX_SUBSTITUTIONS");
        let category = slugifier("CATEGORY_REGEX_SUBSTITUTIONS");
        let author = slugifier("AUTHOR_REGEX_SUBSTITUTIONS");
        let mut regex_setting = |name: &str| {
            let pattern = settings.str(name);
            if pattern.is_empty() {
                return None;
            }
            match python_regex(&format!("\\A(?:{pattern})"), false) {
                Ok(re) => Some(re),
                Err(e) => {
                    notes.push(setting_note(
                        name,
                        format!("pattern `{pattern}` not used: {e}"),
                    ));
                    None
                }
            }
        };
        let filename_re = regex_setting("FILENAME_METADATA");
        let path_re = regex_setting("PATH_METADATA");
        let category_save_as = settings.flag("CATEGORY_SAVE_AS");
        let mut rules = Rules {
            slug,
            category,
            author,
            filename_re,
            path_re,
            folder_category: settings.flag("USE_FOLDER_AS_CATEGORY") && category_save_as,
            default_lang: settings.default_lang(),
            today,
            defaults: BTreeMap::new(),
            default_date_fs: settings.str("DEFAULT_DATE") == "fs",
            extra_path: Vec::new(),
            formatted: settings.strings("FORMATTED_FIELDS"),
            slugify_basename: settings.str("SLUGIFY_SOURCE") == "basename",
            with_future_dates: settings
                .get("WITH_FUTURE_DATES")
                .is_none_or(PyValue::truthy),
            author_setting: settings
                .get("AUTHOR")
                .and_then(PyValue::as_str)
                .map(str::to_owned),
            article_translation_id: translation_ids(settings.get("ARTICLE_TRANSLATION_ID")),
            page_translation_id: translation_ids(settings.get("PAGE_TRANSLATION_ID")),
            settings: settings.clone(),
        };
        // DEFAULT_METADATA, DEFAULT_CATEGORY, DEFAULT_DATE.
        let mut defaults = BTreeMap::new();
        for (k, v) in settings
            .get("DEFAULT_METADATA")
            .and_then(PyValue::as_dict)
            .unwrap_or_default()
        {
            let (Some(k), Some(v)) = (k.as_str(), v.as_str()) else {
                continue;
            };
            match rules.process(k, v) {
                Ok(Some(m)) => {
                    defaults.insert(k.to_owned(), m);
                }
                Ok(None) => {}
                Err(e) => notes.push(setting_note("DEFAULT_METADATA", e)),
            }
        }
        if category_save_as {
            if let Some(c) = settings.get("DEFAULT_CATEGORY").and_then(PyValue::as_str) {
                if let Ok(Some(m)) = rules.process("category", c) {
                    defaults.insert("category".to_owned(), m);
                }
            }
        }
        match settings.get("DEFAULT_DATE") {
            Some(PyValue::Str(s)) if s != "fs" => match SiteDate::parse(s, today) {
                Some(d) => {
                    defaults.insert("date".to_owned(), Meta::Date(d));
                }
                None => notes.push(setting_note("DEFAULT_DATE", format!("'{s}' is not a date"))),
            },
            Some(v @ (PyValue::Tuple(_) | PyValue::List(_))) => {
                let n: Vec<i64> = v
                    .as_seq()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|x| match x {
                        PyValue::Int(i) => Some(*i),
                        _ => None,
                    })
                    .collect();
                let d = (n.len() >= 3)
                    .then(|| {
                        let date = Date::new(
                            i16::try_from(n[0]).ok()?,
                            i8::try_from(n[1]).ok()?,
                            i8::try_from(n[2]).ok()?,
                        )
                        .ok()?;
                        let part =
                            |i: usize| n.get(i).and_then(|x| i8::try_from(*x).ok()).unwrap_or(0);
                        let time = jiff::civil::Time::new(part(3), part(4), part(5), 0).ok()?;
                        Some(SiteDate {
                            datetime: date.to_datetime(time),
                            offset: None,
                        })
                    })
                    .flatten();
                match d {
                    Some(d) => {
                        defaults.insert("date".to_owned(), Meta::Date(d));
                    }
                    None => notes.push(setting_note("DEFAULT_DATE", format!("{v} is not a date"))),
                }
            }
            _ => {}
        }
        rules.defaults = defaults;
        let mut epm: Vec<(String, Vec<(String, PyValue)>)> = settings
            .get("EXTRA_PATH_METADATA")
            .and_then(PyValue::as_dict)
            .unwrap_or_default()
            .iter()
            .filter_map(|(k, v)| {
                let entries = v
                    .as_dict()?
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.clone())))
                    .collect();
                Some((k.as_str()?.to_owned(), entries))
            })
            .collect();
        epm.sort_by(|a, b| a.0.cmp(&b.0));
        rules.extra_path = epm;
        rules
    }

    /// Pelican's processing of one metadata value: `Ok(None)` when it is
    /// discarded (an empty slug, status, category or author), an error
    /// when a date is not a date.
    pub fn process(&self, key: &str, value: &str) -> Result<Option<Meta>, String> {
        let split = |v: &str| -> Vec<String> {
            let sep = if v.contains(';') { ';' } else { ',' };
            let mut out: Vec<String> = Vec::new();
            for item in v.split(sep).map(str::trim).filter(|s| !s.is_empty()) {
                if !out.iter().any(|o| o == item) {
                    out.push(item.to_owned());
                }
            }
            out
        };
        Ok(Some(match key {
            "date" | "modified" => {
                let text = if key == "date" {
                    value.replace('_', " ")
                } else {
                    value.to_owned()
                };
                match SiteDate::parse(&text, self.today) {
                    Some(d) => Meta::Date(d),
                    None => return Err(format!("'{value}' is not a valid date")),
                }
            }
            "status" | "slug" | "category" | "author" => {
                let t = value.trim();
                if t.is_empty() {
                    return Ok(None);
                }
                Meta::Text(if matches!(key, "category" | "author") {
                    t.to_owned()
                } else {
                    py_strip(value).to_owned()
                })
            }
            "tags" | "authors" => {
                let v = split(value);
                if v.is_empty() {
                    return Ok(None);
                }
                Meta::List(v)
            }
            _ => Meta::Text(value.to_owned()),
        }))
    }

    /// What Pelican computes for the page at `source` (relative to the
    /// content folder; `full` is its path on disk) read as `kind`. `Err`
    /// with the reason when Pelican would not make it an item.
    pub fn item(
        &self,
        source: &str,
        full: &Path,
        kind: Kind,
        page: Page<'static>,
    ) -> Result<Item, String> {
        let mut md: BTreeMap<String, Meta> = self.defaults.clone();
        if self.default_date_fs {
            if let Some(d) = mtime(full) {
                md.insert("date".to_owned(), Meta::Date(d));
                md.insert("modified".to_owned(), Meta::Date(d));
            }
        }
        for (path, entries) in &self.extra_path {
            let dir = if path.ends_with('/') || path.is_empty() {
                path.clone()
            } else {
                format!("{path}/")
            };
            if source == path || source.starts_with(&dir) {
                for (k, v) in entries {
                    let m = match v {
                        PyValue::Str(s) => Meta::Text(s.clone()),
                        other => Meta::Text(other.to_string()),
                    };
                    md.insert(k.clone(), m);
                }
            }
        }
        // FILENAME_METADATA, PATH_METADATA and the folder's category: the
        // first to give a key wins.
        let (dir, base) = source.rsplit_once('/').unwrap_or(("", source));
        let stem = match base.rfind('.') {
            Some(i) if i > 0 => &base[..i],
            _ => base,
        };
        let subdir = dir.rsplit('/').next().unwrap_or("");
        let mut from_path: BTreeMap<String, Meta> = BTreeMap::new();
        let checks = [
            (self.filename_re.as_ref(), stem),
            (self.path_re.as_ref(), source),
        ];
        for (re, data) in checks {
            let (Some(re), false) = (re, data.is_empty()) else {
                continue;
            };
            let Some(caps) = re.captures(data) else {
                continue;
            };
            for name in re.capture_names().flatten() {
                let Some(v) = caps.name(name) else { continue };
                let k = name.to_lowercase();
                if from_path.contains_key(&k) {
                    continue;
                }
                if let Some(m) = self.process(&k, v.as_str())? {
                    from_path.insert(k, m);
                }
            }
        }
        // The folder as the category (Pelican matches `(?P<category>.*)`
        // on the folder's name).
        if self.folder_category && !subdir.is_empty() && !from_path.contains_key("category") {
            let name = subdir.split('\n').next().unwrap_or_default();
            if let Some(m) = self.process("category", name)? {
                from_path.insert("category".to_owned(), m);
            }
        }
        md.extend(from_path);
        // The header, as Pelican's Markdown reader gives it.
        let pymd = page.header().pymd_meta();
        let mut links = Vec::new();
        for (key, values) in pymd.iter() {
            let name = key.to_lowercase();
            let value: Option<Meta> = if self.formatted.contains(&name) {
                let joined = values.join("\n");
                links.extend(field_links(&page, &name, &joined));
                Some(Meta::Text(joined))
            } else if SINGLE.contains(&name.as_str()) || values.len() == 1 {
                self.process(&name, values.first().map_or("", |v| v))?
            } else {
                Some(Meta::List(values.iter().map(|v| v.to_string()).collect()))
            };
            if let Some(v) = value {
                md.insert(name, v);
            }
        }
        let text = |k: &str| match md.get(k) {
            Some(Meta::Text(t)) => Some(t.as_str()),
            _ => None,
        };
        let status = text("status").unwrap_or("published").to_owned();
        if status == "skip" {
            return Err("status: skip".to_owned());
        }
        let lang = text("lang").map_or_else(|| self.default_lang.clone(), str::to_owned);
        let in_default_lang = lang == self.default_lang;
        let title = match md.get("title") {
            Some(Meta::Text(t)) => Some(t.clone()),
            Some(Meta::List(_)) => return Err("the title has more than one line".to_owned()),
            _ => None,
        };
        let slug = match text("slug") {
            Some(s) => Some(s.to_owned()),
            None if !self.slugify_basename => title.as_deref().map(|t| self.slug.slugify(t)),
            None => Some(self.slug.slugify(stem)),
        };
        let mut date = match md.get("date") {
            Some(Meta::Date(d)) => Some(*d),
            _ => None,
        };
        let modified = match md.get("modified") {
            Some(Meta::Date(d)) => Some(*d),
            _ => None,
        };
        let mut status = match status.as_str() {
            "published" => Status::Published,
            "hidden" => Status::Hidden,
            "draft" => Status::Draft,
            other => return Err(format!("unknown status '{other}'")),
        };
        if kind == Kind::Article && !self.with_future_dates {
            if let Some(d) = date {
                if d.datetime.date() > self.today {
                    status = Status::Draft;
                }
            }
        }
        let Some(title) = title else {
            return Err("no title".to_owned());
        };
        if kind == Kind::Article && date.is_none() && status != Status::Draft {
            return Err("no date".to_owned());
        }
        if kind == Kind::Article && status == Status::Draft && date.is_none() {
            date = None;
        }
        let category = text("category").map(str::to_owned);
        let category_slug = category.as_deref().map(|c| self.category.slugify(c));
        let mut authors = match md.get("authors") {
            Some(Meta::List(v)) => v.clone(),
            _ => Vec::new(),
        };
        let author = text("author")
            .map(str::to_owned)
            .or_else(|| authors.first().cloned())
            .or_else(|| self.author_setting.clone());
        if authors.is_empty() {
            authors.extend(author.clone());
        }
        let author_slug = author.as_deref().map(|a| self.author.slugify(a));
        let tags = match md.get("tags") {
            Some(Meta::List(v)) => v.clone(),
            _ => Vec::new(),
        };
        let slug_text = slug.clone().unwrap_or_default();
        let path = text("path").map_or_else(|| source.to_owned(), str::to_owned);
        let now = SiteDate::from_date(self.today);
        let lookup = |name: &str| -> Option<FieldValue<'_>> {
            Some(match name {
                "path" => FieldValue::Text(&path),
                "slug" => FieldValue::Text(&slug_text),
                "lang" => FieldValue::Text(&lang),
                "date" => FieldValue::Date(date.unwrap_or(now)),
                "author" => FieldValue::Text(author_slug.as_deref().unwrap_or("")),
                "category" => FieldValue::Text(category_slug.as_deref().unwrap_or("")),
                _ => match md.get(name)? {
                    Meta::Text(t) => FieldValue::Text(t),
                    Meta::Date(d) => FieldValue::Date(*d),
                    Meta::List(_) => return None,
                },
            })
        };
        let class = match (kind, status) {
            (Kind::Article, Status::Draft) => "DRAFT",
            (Kind::Article, _) => "ARTICLE",
            (Kind::Page, Status::Draft) => "DRAFT_PAGE",
            (Kind::Page, _) => "PAGE",
        };
        let lang_part = if in_default_lang { "" } else { "LANG_" };
        let expand = |key: &str| -> Result<String, String> {
            if let Some(v) = text(&key.to_lowercase()) {
                return Ok(v.to_owned());
            }
            let name = format!("{class}_{lang_part}{key}");
            let pattern = self.settings.str(&name);
            fill(pattern, &lookup).map_err(|e| format!("{name}: {e}"))
        };
        let url = expand("URL")?;
        let save_as = expand("SAVE_AS")?;
        if save_as.starts_with('/') || escapes(&save_as) {
            return Err(format!(
                "save_as '{save_as}' would be written outside the output folder"
            ));
        }
        let translation_ids = match kind {
            Kind::Article => &self.article_translation_id,
            Kind::Page => &self.page_translation_id,
        };
        let translation_key = if translation_ids.is_empty() {
            None
        } else {
            let parts: Vec<String> = translation_ids
                .iter()
                .map(|id| match id.as_str() {
                    "slug" => slug_text.clone(),
                    "lang" => lang.clone(),
                    "category" => category.clone().unwrap_or_default(),
                    other => match md.get(other) {
                        Some(Meta::Text(t)) => t.clone(),
                        Some(Meta::Date(d)) => d.to_string(),
                        Some(Meta::List(v)) => v.join("\u{1f}"),
                        None => String::new(),
                    },
                })
                .collect();
            Some(parts.join("\u{1e}"))
        };
        let marked_translation =
            text("translation").is_some_and(|t| !t.eq_ignore_ascii_case("false"));
        let (meta, _) = page.meta_lenient();
        Ok(Item {
            source: source.to_owned(),
            kind,
            status,
            title,
            slug: slug_text,
            category,
            category_slug,
            authors,
            tags,
            date,
            modified,
            lang,
            in_default_lang,
            url,
            save_as,
            translation_of: None,
            meta,
            page,
            anchors: Vec::new(),
            link_dests: Vec::new(),
            field_links: links,
            translation_key,
            marked_translation,
        })
    }
}

/// Python's `str.strip()`: Unicode white space at both ends.
fn py_strip(s: &str) -> &str {
    s.trim()
}

/// Whether a relative path climbs out of its folder with `..`.
fn escapes(path: &str) -> bool {
    let mut depth = 0i32;
    for part in path.split('/') {
        match part {
            ".." => depth -= 1,
            "" | "." => {}
            _ => depth += 1,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// A file's modification time as a date in UTC (`DEFAULT_DATE = 'fs'`).
fn mtime(path: &Path) -> Option<SiteDate> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let ts = jiff::Timestamp::try_from(t).ok()?;
    Some(SiteDate {
        datetime: jiff::tz::Offset::UTC.to_datetime(ts),
        offset: None,
    })
}

/// Groups items into translations as Pelican does, within each kind and
/// status: items sharing the translation id; the original is the one in
/// the default language (or all of them when none is), leaving out those
/// marked `translation: true` unless every one is.
pub(crate) fn link_translations(items: &mut [Item]) {
    let mut groups: HashMap<(Kind, Status, &str), Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(key) = &item.translation_key {
            groups
                .entry((item.kind, item.status, key.as_str()))
                .or_default()
                .push(i);
        }
    }
    // Each translation and its original, found first: the groups borrow
    // the items.
    let mut links: Vec<(usize, usize)> = Vec::new();
    for members in groups.values() {
        if members.len() < 2 {
            continue;
        }
        let mut candidates: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| !items[i].marked_translation)
            .collect();
        if candidates.is_empty() {
            candidates.clone_from(members);
        }
        let mut originals: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| items[i].in_default_lang)
            .collect();
        if originals.is_empty() {
            originals = candidates;
        }
        let first = originals[0];
        for &i in members {
            if !originals.contains(&i) {
                links.push((i, first));
            }
        }
    }
    for (i, original) in links {
        items[i].translation_of = Some(original);
    }
}
