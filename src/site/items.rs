//! [`Item`]: an article or page with what Pelican computes for it (kind,
//! status, slug, category, dates, lang, `url`, `save_as`), and the rules
//! that compute it from the settings.

use std::borrow::Cow;
use std::collections::BTreeMap;
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
use crate::span::{locate, Location, Span};

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
    /// The destination as written in the page; when it is not written on
    /// one line of the field (or the link has none, as an autolink), an
    /// empty span where the link starts.
    pub span: Span,
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
    // A place in `joined` as a place in the page: the values are slices
    // of the page, one per line of `joined`; the line of the place too.
    let in_page = |at: usize| {
        let at = at.min(joined.len());
        let line = joined[..at].matches('\n').count();
        let column = at - joined[..at].rfind('\n').map_or(0, |i| i + 1);
        let offset = values.get(line).map_or(header.span().start, |v| {
            v.span.start + column.min(v.text.len())
        });
        (offset, line)
    };
    body.links
        .iter()
        .map(|link| {
            let (start, _) = in_page(link.span.start);
            let span = link
                .dest_span
                .and_then(|d| {
                    let ((from, a), (to, b)) = (in_page(d.start), in_page(d.end));
                    (a == b).then_some(Span::new(from, to))
                })
                .unwrap_or(Span::empty(start));
            FieldLink {
                field: field.to_owned(),
                kind: link.kind,
                dest: link.dest.to_string(),
                location: locate(page.text(), start),
                span,
            }
        })
        .collect()
}

/// A metadata value as Pelican's readers leave it, borrowing the text it
/// was read from where it can.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Meta<'a> {
    Text(Cow<'a, str>),
    Date(SiteDate),
    List(Vec<Cow<'a, str>>),
}

impl Meta<'_> {
    fn into_owned(self) -> Meta<'static> {
        match self {
            Meta::Text(t) => Meta::Text(Cow::Owned(t.into_owned())),
            Meta::Date(d) => Meta::Date(d),
            Meta::List(v) => {
                Meta::List(v.into_iter().map(|t| Cow::Owned(t.into_owned())).collect())
            }
        }
    }
}

/// An item's metadata as Pelican layers it (the defaults, then the path's,
/// then the header's: a later value of a key replaces an earlier one): a
/// few keys, looked up by a scan, each value borrowed from the settings or
/// the page where it can.
struct MetaMap<'a> {
    entries: Vec<(&'a str, Cow<'a, Meta<'a>>)>,
}

impl<'a> MetaMap<'a> {
    fn get(&self, key: &str) -> Option<&Meta<'a>> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_ref())
    }

    fn insert(&mut self, key: &'a str, value: Cow<'a, Meta<'a>>) {
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    fn text(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Meta::Text(t)) => Some(t),
            _ => None,
        }
    }

    fn date(&self, key: &str) -> Option<SiteDate> {
        match self.get(key) {
            Some(Meta::Date(d)) => Some(*d),
            _ => None,
        }
    }

    fn list(&self, key: &str) -> Vec<String> {
        match self.get(key) {
            Some(Meta::List(v)) => v.iter().map(|t| t.to_string()).collect(),
            _ => Vec::new(),
        }
    }
}

/// An `EXTRA_PATH_METADATA` entry: the path, the path as a folder (with
/// a trailing `/`), and its values.
type ExtraPath = (String, String, Vec<(String, Meta<'static>)>);

/// `CLASS_[LANG_]URL` and `CLASS_[LANG_]SAVE_AS`: the setting's name and
/// pattern, for each class (article, draft, page, draft page), language
/// (default or other) and path (URL, save-as), by [`pattern_slot`].
type Patterns = Vec<(String, String)>;

fn pattern_slot(class: usize, other_lang: bool, save_as: bool) -> usize {
    class * 4 + usize::from(other_lang) * 2 + usize::from(save_as)
}

/// The settings compiled for computing items.
#[derive(Debug)]
pub(crate) struct Rules {
    pub slug: Slugifier,
    pub category: Slugifier,
    pub author: Slugifier,
    filename_re: Option<(regex::Regex, Vec<(String, String)>)>,
    path_re: Option<(regex::Regex, Vec<(String, String)>)>,
    folder_category: bool,
    default_lang: String,
    today: Date,
    defaults: Vec<(String, Meta<'static>)>,
    default_date_fs: bool,
    /// `EXTRA_PATH_METADATA`, sorted by path.
    extra_path: Vec<ExtraPath>,
    patterns: Patterns,
    formatted: Vec<String>,
    slugify_basename: bool,
    with_future_dates: bool,
    author_setting: Option<String>,
    article_translation_id: Vec<String>,
    page_translation_id: Vec<String>,
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
        // Each pattern with its group names, as given and in lowercase.
        let with_names = |re: regex::Regex| {
            let names = re
                .capture_names()
                .flatten()
                .map(|n| (n.to_owned(), n.to_lowercase()))
                .collect();
            (re, names)
        };
        let filename_re = regex_setting("FILENAME_METADATA").map(with_names);
        let path_re = regex_setting("PATH_METADATA").map(with_names);
        let mut patterns = Patterns::new();
        for class in ["ARTICLE", "DRAFT", "PAGE", "DRAFT_PAGE"] {
            for lang in ["", "LANG_"] {
                for key in ["URL", "SAVE_AS"] {
                    let name = format!("{class}_{lang}{key}");
                    let pattern = settings.str(&name).to_owned();
                    patterns.push((name, pattern));
                }
            }
        }
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
            defaults: Vec::new(),
            default_date_fs: settings.str("DEFAULT_DATE") == "fs",
            extra_path: Vec::new(),
            patterns,
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
                    defaults.insert(k.to_owned(), m.into_owned());
                }
                Ok(None) => {}
                Err(e) => notes.push(setting_note("DEFAULT_METADATA", e)),
            }
        }
        if category_save_as {
            if let Some(c) = settings.get("DEFAULT_CATEGORY").and_then(PyValue::as_str) {
                if let Ok(Some(m)) = rules.process("category", c) {
                    defaults.insert("category".to_owned(), m.into_owned());
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
        rules.defaults = defaults.into_iter().collect();
        let mut epm: Vec<ExtraPath> = settings
            .get("EXTRA_PATH_METADATA")
            .and_then(PyValue::as_dict)
            .unwrap_or_default()
            .iter()
            .filter_map(|(k, v)| {
                let entries = v
                    .as_dict()?
                    .iter()
                    .filter_map(|(k, v)| {
                        let text = match v {
                            PyValue::Str(s) => s.clone(),
                            other => other.to_string(),
                        };
                        Some((k.as_str()?.to_owned(), Meta::Text(Cow::Owned(text))))
                    })
                    .collect();
                let path = k.as_str()?.to_owned();
                let dir = if path.ends_with('/') || path.is_empty() {
                    path.clone()
                } else {
                    format!("{path}/")
                };
                Some((path, dir, entries))
            })
            .collect();
        epm.sort_by(|a, b| a.0.cmp(&b.0));
        rules.extra_path = epm;
        rules
    }

    /// Pelican's processing of one metadata value: `Ok(None)` when it is
    /// discarded (an empty slug, status, category or author), an error
    /// when a date is not a date.
    pub fn process<'v>(&self, key: &str, value: &'v str) -> Result<Option<Meta<'v>>, String> {
        Ok(Some(match key {
            "date" | "modified" => {
                let text = if key == "date" && value.contains('_') {
                    Cow::Owned(value.replace('_', " "))
                } else {
                    Cow::Borrowed(value)
                };
                match SiteDate::parse(&text, self.today) {
                    Some(d) => Meta::Date(d),
                    None => return Err(format!("'{value}' is not a valid date")),
                }
            }
            "status" | "slug" | "category" | "author" => {
                let t = py_strip(value);
                if t.is_empty() {
                    return Ok(None);
                }
                Meta::Text(Cow::Borrowed(t))
            }
            "tags" | "authors" => {
                let sep = if value.contains(';') { ';' } else { ',' };
                let mut out: Vec<Cow<'v, str>> = Vec::new();
                for item in value.split(sep).map(str::trim).filter(|s| !s.is_empty()) {
                    if !out.iter().any(|o| o == item) {
                        out.push(Cow::Borrowed(item));
                    }
                }
                if out.is_empty() {
                    return Ok(None);
                }
                Meta::List(out)
            }
            _ => Meta::Text(Cow::Borrowed(value)),
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
        let computed = self.compute(source, full, kind, &page)?;
        let (meta, _) = page.meta_lenient();
        Ok(Item {
            source: source.to_owned(),
            kind,
            status: computed.status,
            title: computed.title,
            slug: computed.slug,
            category: computed.category,
            category_slug: computed.category_slug,
            authors: computed.authors,
            tags: computed.tags,
            date: computed.date,
            modified: computed.modified,
            lang: computed.lang,
            in_default_lang: computed.in_default_lang,
            url: computed.url,
            save_as: computed.save_as,
            translation_of: None,
            meta,
            page,
            anchors: Vec::new(),
            link_dests: Vec::new(),
            field_links: computed.field_links,
            translation_key: computed.translation_key,
            marked_translation: computed.marked_translation,
        })
    }

    /// The item's fields, from its metadata layered as Pelican does.
    fn compute(
        &self,
        source: &str,
        full: &Path,
        kind: Kind,
        page: &Page<'_>,
    ) -> Result<Computed, String> {
        let mut md = MetaMap {
            entries: Vec::with_capacity(self.defaults.len() + 6),
        };
        for (k, v) in &self.defaults {
            md.insert(k, Cow::Borrowed(v));
        }
        if self.default_date_fs {
            if let Some(d) = mtime(full) {
                md.insert("date", Cow::Owned(Meta::Date(d)));
                md.insert("modified", Cow::Owned(Meta::Date(d)));
            }
        }
        for (path, dir, entries) in &self.extra_path {
            if source == path || source.starts_with(dir.as_str()) {
                for (k, v) in entries {
                    md.insert(k, Cow::Borrowed(v));
                }
            }
        }
        // FILENAME_METADATA, PATH_METADATA and the folder's category: the
        // first to give a key wins over the later ones, and over the
        // values above.
        let (dir, base) = source.rsplit_once('/').unwrap_or(("", source));
        let stem = match base.rfind('.') {
            Some(i) if i > 0 => &base[..i],
            _ => base,
        };
        let subdir = dir.rsplit('/').next().unwrap_or("");
        let mut from_path: Vec<(&str, Meta<'_>)> = Vec::new();
        let checks = [
            (self.filename_re.as_ref(), stem),
            (self.path_re.as_ref(), source),
        ];
        for (re, data) in checks {
            let (Some((re, names)), false) = (re, data.is_empty()) else {
                continue;
            };
            let Some(caps) = re.captures(data) else {
                continue;
            };
            for (name, k) in names {
                let Some(v) = caps.name(name) else { continue };
                if from_path.iter().any(|(f, _)| f == k) {
                    continue;
                }
                if let Some(m) = self.process(k, v.as_str())? {
                    from_path.push((k, m));
                }
            }
        }
        // The folder as the category (Pelican matches `(?P<category>.*)`
        // on the folder's name).
        let has_category = from_path.iter().any(|(k, _)| *k == "category");
        if self.folder_category && !subdir.is_empty() && !has_category {
            let name = subdir.split('\n').next().unwrap_or_default();
            if let Some(m) = self.process("category", name)? {
                from_path.push(("category", m));
            }
        }
        for (k, m) in from_path {
            md.insert(k, Cow::Owned(m));
        }
        // The header, as Pelican's Markdown reader gives it (keys in
        // lowercase, each with its values).
        let header = page.header();
        let pymd;
        let mut fields: Vec<(Cow<'_, str>, Values<'_>)> = Vec::new();
        if plain_header(page, &header) {
            // Each key once, no tab: the fields are the reader's view.
            for f in header.fields() {
                let values = match f.values().len() {
                    1 => Values::One(f.value().text),
                    _ => Values::Many(f.values().map(|v| Cow::Borrowed(v.text)).collect()),
                };
                fields.push((f.name(), values));
            }
        } else {
            pymd = header.pymd_meta();
            for (name, values) in pymd.iter() {
                let values = match values {
                    [one] => Values::One(one),
                    _ => Values::Many(values.iter().map(|v| Cow::Borrowed(v.as_ref())).collect()),
                };
                fields.push((Cow::Borrowed(name), values));
            }
        }
        let mut links = Vec::new();
        for (name, values) in &fields {
            let name: &str = name;
            let value: Option<Meta<'_>> = if self.formatted.iter().any(|f| f == name) {
                let joined: Cow<'_, str> = match values {
                    Values::One(one) => Cow::Borrowed(one),
                    Values::Many(all) => Cow::Owned(all.join("\n")),
                };
                links.extend(field_links(page, name, &joined));
                Some(Meta::Text(joined))
            } else {
                match values {
                    Values::One(one) => self.process(name, one)?,
                    Values::Many(all) if SINGLE.contains(&name) => {
                        self.process(name, all.first().map_or("", |v| v))?
                    }
                    Values::Many(all) => Some(Meta::List(all.clone())),
                }
            };
            if let Some(v) = value {
                md.insert(name, Cow::Owned(v));
            }
        }
        let status = md.text("status").unwrap_or("published");
        if status == "skip" {
            return Err("status: skip".to_owned());
        }
        let lang = md.text("lang").unwrap_or(&self.default_lang);
        let in_default_lang = lang == self.default_lang;
        let title = match md.get("title") {
            Some(Meta::Text(t)) => Some(t.as_ref()),
            Some(Meta::List(_)) => return Err("the title has more than one line".to_owned()),
            _ => None,
        };
        let slug = match md.text("slug") {
            Some(s) => s.to_owned(),
            None if !self.slugify_basename => {
                title.map(|t| self.slug.slugify(t)).unwrap_or_default()
            }
            None => self.slug.slugify(stem),
        };
        let mut date = md.date("date");
        let modified = md.date("modified");
        let mut status = match status {
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
        let category = md.text("category");
        let category_slug = category.map(|c| self.category.slugify(c));
        let mut authors = md.list("authors");
        let author = md
            .text("author")
            .map(str::to_owned)
            .or_else(|| authors.first().cloned())
            .or_else(|| self.author_setting.clone());
        let author_slug = author.as_deref().map(|a| self.author.slugify(a));
        if authors.is_empty() {
            authors.extend(author);
        }
        let path = md.text("path").unwrap_or(source);
        let now = SiteDate::from_date(self.today);
        let lookup = |name: &str| -> Option<FieldValue<'_>> {
            Some(match name {
                "path" => FieldValue::Text(path),
                "slug" => FieldValue::Text(&slug),
                "lang" => FieldValue::Text(lang),
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
            (Kind::Article, Status::Draft) => 1,
            (Kind::Article, _) => 0,
            (Kind::Page, Status::Draft) => 3,
            (Kind::Page, _) => 2,
        };
        let expand = |key: &str, save_as: bool| -> Result<String, String> {
            if let Some(v) = md.text(key) {
                return Ok(v.to_owned());
            }
            let (name, pattern) = &self.patterns[pattern_slot(class, !in_default_lang, save_as)];
            fill(pattern, &lookup).map_err(|e| format!("{name}: {e}"))
        };
        let url = expand("url", false)?;
        let save_as = expand("save_as", true)?;
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
            let mut key = String::new();
            for (i, id) in translation_ids.iter().enumerate() {
                if i > 0 {
                    key.push('\u{1e}');
                }
                match id.as_str() {
                    "slug" => key.push_str(&slug),
                    "lang" => key.push_str(lang),
                    "category" => key.push_str(category.unwrap_or_default()),
                    other => match md.get(other) {
                        Some(Meta::Text(t)) => key.push_str(t),
                        Some(Meta::Date(d)) => key.push_str(&d.to_string()),
                        Some(Meta::List(v)) => key.push_str(&v.join("\u{1f}")),
                        None => {}
                    },
                }
            }
            Some(key)
        };
        let marked_translation = md
            .text("translation")
            .is_some_and(|t| !t.eq_ignore_ascii_case("false"));
        Ok(Computed {
            status,
            title: title.to_owned(),
            category: category.map(str::to_owned),
            category_slug,
            authors,
            tags: md.list("tags"),
            date,
            modified,
            lang: lang.to_owned(),
            in_default_lang,
            url,
            save_as,
            field_links: links,
            translation_key,
            marked_translation,
            slug,
        })
    }
}

/// A header key's values.
enum Values<'v> {
    One(&'v str),
    Many(Vec<Cow<'v, str>>),
}

/// Whether the header's fields are Python-Markdown's view of it as they
/// are: no key given twice (which would merge their values) and no tab
/// (which it expands). A few keys: compared pairwise.
fn plain_header(page: &Page<'_>, header: &crate::header::Header<'_>) -> bool {
    if page.text()[header.span().range()].contains('\t') || header.len() > 32 {
        return false;
    }
    header.fields().enumerate().all(|(i, f)| {
        let key = f.key();
        header
            .fields()
            .take(i)
            .all(|o| !o.key().eq_ignore_ascii_case(key))
    })
}

/// What [`Rules::compute`] gives: the item's owned fields.
struct Computed {
    status: Status,
    title: String,
    slug: String,
    category: Option<String>,
    category_slug: Option<String>,
    authors: Vec<String>,
    tags: Vec<String>,
    date: Option<SiteDate>,
    modified: Option<SiteDate>,
    lang: String,
    in_default_lang: bool,
    url: String,
    save_as: String,
    field_links: Vec<FieldLink>,
    translation_key: Option<String>,
    marked_translation: bool,
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
    // The keyed items sorted by group, each group in item order.
    let mut keyed: Vec<(Kind, Status, &str, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| Some((item.kind, item.status, item.translation_key.as_deref()?, i)))
        .collect();
    keyed.sort_unstable();
    // Each translation and its original, found first: the groups borrow
    // the items.
    let mut links: Vec<(usize, usize)> = Vec::new();
    let mut members: Vec<usize> = Vec::new();
    for group in keyed.chunk_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2)) {
        if group.len() < 2 {
            continue;
        }
        members.clear();
        members.extend(group.iter().map(|g| g.3));
        let mut candidates: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| !items[i].marked_translation)
            .collect();
        if candidates.is_empty() {
            candidates.clone_from(&members);
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
        for &i in &members {
            if !originals.contains(&i) {
                links.push((i, first));
            }
        }
    }
    for (i, original) in links {
        items[i].translation_of = Some(original);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where [`plain_header`] holds, the fields are Python-Markdown's
    /// view of the header; where it does not, they may not be.
    #[test]
    fn plain_headers_read_as_python_markdown() {
        for (text, plain) in [
            ("Title: A\nsummary: one\n  two\ntags: x\n\nbody", true),
            ("title: A\nTitle: B\n\nbody", false),
            ("title: A\tB\n\nbody", false),
            ("title: A\n\tcontinued\n\nbody", false),
            ("\nbody", true),
        ] {
            let page = Page::parse(text);
            let header = page.header();
            assert_eq!(plain_header(&page, &header), plain, "{text:?}");
            if plain {
                let pymd = header.pymd_meta();
                let ours: Vec<(String, Vec<&str>)> = header
                    .fields()
                    .map(|f| (f.name().into_owned(), f.values().map(|v| v.text).collect()))
                    .collect();
                let theirs: Vec<(String, Vec<&str>)> = pymd
                    .iter()
                    .map(|(k, v)| (k.to_owned(), v.iter().map(|v| v.as_ref()).collect()))
                    .collect();
                assert_eq!(ours, theirs, "{text:?}");
            }
        }
    }
}
