//! Loading a site: finding its settings, walking its content folder as
//! Pelican does, and reading its pages in parallel.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::config::Config;
use super::index::KeyIndex;
use super::items::{link_translations, Item, Kind, Rules};
use super::resolve::{content_path, intrasite, read_links, split_url, static_links};
use super::value::PyValue;
use super::{pyconf, FileRole, Note, Settings, Site, SiteFile};
use crate::page::Page;

/// How to load a site beyond its folder: the settings file, the
/// `pagefmt.toml`, and settings given on the command line.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// The settings file (`--settings`); by default `pelicanconf.py` in
    /// the root, when there is one.
    pub settings_file: Option<PathBuf>,
    /// The `pagefmt.toml`; by default the one found from the root
    /// upwards ([`Config::discover`]).
    pub config: Option<PathBuf>,
    /// Settings over all others (`--setting NAME=VALUE`), in order.
    pub overrides: Vec<(String, PyValue)>,
}

impl LoadOptions {
    /// Adds `NAME=VALUE` as given on a command line: the value is JSON
    /// (as Pelican's `-e`) or a Python literal.
    ///
    /// # Errors
    ///
    /// When there is no `=` or the value is neither.
    pub fn add_setting(&mut self, arg: &str) -> Result<(), String> {
        let (name, value) = arg
            .split_once('=')
            .ok_or_else(|| format!("--setting {arg}: expected NAME=VALUE"))?;
        let value = pyconf::read_value(value).map_err(|e| format!("--setting {name}: {e}"))?;
        self.overrides.push((name.trim().to_owned(), value));
        Ok(())
    }
}

/// Markdown file extensions (Pelican's Markdown reader).
const MARKDOWN: [&str; 4] = ["md", "markdown", "mkd", "mdown"];
/// The other formats Pelican reads by default.
const OTHER_READERS: [&str; 3] = ["rst", "html", "htm"];

/// One file of the content folder, as listed.
#[derive(Clone, Debug)]
struct Listed {
    /// Relative to the content folder, `/`-separated.
    rel: String,
    full: PathBuf,
}

/// Lists every regular file under `root`, sorted by path, with
/// [`crate::fs::walk`]: symlinks are not followed out of the folder (one
/// leading out, or round a loop, is a note), FIFOs and devices are never
/// opened.
fn list_files(root: &Path, notes: &mut Vec<Note>) -> Vec<Listed> {
    let found = crate::fs::walk(&[root], &crate::fs::WalkOptions::all_files());
    // The walk names each file by the root's path and the file's below it.
    let root_text = root.to_str().filter(|r| !r.is_empty());
    for e in &found.errors {
        notes.push(Note::new(e.path(), None, e.reason()));
    }
    let mut out: Vec<Listed> = found
        .files
        .into_iter()
        .filter_map(|full| {
            // A UTF-8 path of plain parts below a UTF-8 root: its
            // `/`-separated form is the text after the root's.
            let plain = root_text.and_then(|root| {
                let rel = full.to_str()?.strip_prefix(root)?;
                let rel = if root.ends_with('/') {
                    rel
                } else {
                    rel.strip_prefix('/')?
                };
                let parts_plain = rel.split('/').all(|p| !matches!(p, "" | "." | ".."));
                (std::path::MAIN_SEPARATOR == '/' && parts_plain).then(|| rel.to_owned())
            });
            let rel = match plain {
                Some(r) => r,
                None => full
                    .strip_prefix(root)
                    .ok()?
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            };
            Some(Listed { rel, full })
        })
        .collect();
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// A shell pattern as Python's `fnmatch` reads it (`*` matches `/` too).
pub(crate) fn fnmatch_regex(pattern: &str) -> Option<regex::Regex> {
    let mut re = String::from("(?s)\\A(?:");
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            '[' => {
                let close = chars[i + 1..]
                    .iter()
                    .enumerate()
                    .skip(usize::from(matches!(chars.get(i + 1), Some('!' | ']'))))
                    .find(|(_, c)| **c == ']')
                    .map(|(j, _)| i + 1 + j);
                match close {
                    Some(end) => {
                        let mut class: String = chars[i + 1..end].iter().collect();
                        if let Some(rest) = class.strip_prefix('!') {
                            class = format!("^{rest}");
                        }
                        re.push('[');
                        re.push_str(&class.replace('\\', "\\\\").replace('[', "\\["));
                        re.push(']');
                        i = end;
                    }
                    None => re.push_str("\\["),
                }
            }
            c => re.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    re.push_str(")\\z");
    regex::Regex::new(&re).ok()
}

/// Which files one of Pelican's generators takes: under `paths`, not in
/// an excluded folder or an ignored one, with an allowed extension.
struct Selector {
    paths: Vec<String>,
    excludes: HashSet<String>,
}

impl Selector {
    fn new(paths: Vec<String>, excludes: &[String]) -> Selector {
        Selector {
            paths: paths.iter().map(|p| normalize(p)).collect(),
            excludes: excludes
                .iter()
                .filter(|e| !e.ends_with('/') && !e.is_empty())
                .map(|e| normalize(e))
                .collect(),
        }
    }

    /// Whether the generator's walk reaches `rel`.
    fn reaches(&self, rel: &str, ignores: &[regex::Regex]) -> bool {
        self.paths.iter().any(|root| {
            let below = if root.is_empty() {
                Some(rel)
            } else if rel == root {
                // A file named directly.
                return true;
            } else {
                rel.strip_prefix(root.as_str())
                    .and_then(|r| r.strip_prefix('/'))
            };
            let Some(below) = below else {
                return false;
            };
            // Each folder between the root and the file: not excluded, not
            // ignored. `below` ends `rel`, so each folder's path is a
            // prefix of `rel`.
            let base = rel.len() - below.len();
            let mut start = 0;
            for end in memchr::memchr_iter(b'/', below.as_bytes()) {
                let (dir, part) = (&rel[..base + end], &below[start..end]);
                start = end + 1;
                if self.excludes.contains(dir) || ignores.iter().any(|re| re.is_match(part)) {
                    return false;
                }
            }
            true
        })
    }
}

/// `a/./b/` as `a/b`.
fn normalize(p: &str) -> String {
    p.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn extension(rel: &str) -> &str {
    let base = rel.rsplit('/').next().unwrap_or(rel);
    match base.rfind('.') {
        Some(i) if i > 0 => &base[i + 1..],
        _ => "",
    }
}

impl Site {
    /// Loads the Pelican project in `root`: `pelicanconf.py` there (when
    /// there is one), the `pagefmt.toml` found from `root` upwards, and the
    /// content folder they name (`PATH`, by default the root itself).
    ///
    /// # Errors
    ///
    /// When the settings file or `pagefmt.toml` cannot be read, or the
    /// content folder does not exist. Everything else is a note.
    pub fn load(root: &Path) -> Result<Site, Note> {
        Site::load_with(root, &LoadOptions::default())
    }

    /// [`Site::load`] with a settings file, a `pagefmt.toml` and settings
    /// given by the caller.
    ///
    /// # Errors
    ///
    /// As [`Site::load`].
    pub fn load_with(root: &Path, options: &LoadOptions) -> Result<Site, Note> {
        let mut notes = Vec::new();
        let settings_file = options.settings_file.clone().or_else(|| {
            let p = root.join("pelicanconf.py");
            p.is_file().then_some(p)
        });
        let mut settings = match &settings_file {
            Some(file) => {
                let (s, n) = Settings::from_file(file)?;
                notes.extend(n);
                s
            }
            None => {
                let mut s = Settings::default();
                root.clone_into(&mut s.base);
                s
            }
        };
        let config_path = options.config.clone().or_else(|| Config::discover(root));
        let config = match config_path {
            Some(p) => Some(Config::read(&p)?),
            None => None,
        };
        if let Some(c) = &config {
            for (k, v) in c.settings() {
                settings.set(&k, v);
            }
        }
        for (k, v) in &options.overrides {
            settings.set(k, v.clone());
        }
        let content = settings.content_path();
        if !content.is_dir() {
            return Err(Note::new(
                &content,
                None,
                "the content folder (PATH) does not exist".to_owned(),
            ));
        }
        let mut site = Site::from_dir(&content, &settings);
        notes.append(&mut site.notes);
        site.notes = notes;
        site.config = config;
        Ok(site)
    }

    /// Reads the content folder `content` with `settings` (its `PATH` is
    /// not used): every Markdown page under the article and page paths
    /// becomes an [`Item`] (pages read in parallel), every other file is
    /// known by its path. A file that cannot be read is a note.
    #[must_use]
    pub fn from_dir(content: &Path, settings: &Settings) -> Site {
        let mut notes = Vec::new();
        let today = jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date();
        let rules = Rules::new(settings, today, &mut notes);
        let listed = list_files(content, &mut notes);
        let ignores: Vec<regex::Regex> = settings
            .strings("IGNORE_FILES")
            .iter()
            .filter_map(|p| fnmatch_regex(p))
            .collect();
        let ignored = |rel: &str| {
            ignores
                .iter()
                .any(|re| re.is_match(rel.rsplit('/').next().unwrap_or(rel)))
        };
        let disabled: HashSet<String> = settings
            .get("READERS")
            .and_then(PyValue::as_dict)
            .unwrap_or_default()
            .iter()
            .filter(|(_, v)| *v == PyValue::None)
            .filter_map(|(k, _)| k.as_str().map(str::to_owned))
            .collect();
        let readable = |ext: &str| {
            (MARKDOWN.contains(&ext) || OTHER_READERS.contains(&ext)) && !disabled.contains(ext)
        };
        let articles = Selector::new(
            settings.strings("ARTICLE_PATHS"),
            &settings.excludes("ARTICLE"),
        );
        let pages = Selector::new(settings.strings("PAGE_PATHS"), &settings.excludes("PAGE"));
        let statics = Selector::new(
            settings.strings("STATIC_PATHS"),
            &settings.strings("STATIC_EXCLUDES"),
        );

        // Which generator takes each file: articles first, then pages
        // (Pelican's order; a file both reach is read by both).
        let mut sources: Vec<(usize, Kind)> = Vec::new();
        let mut taken = vec![false; listed.len()];
        for (kind, sel) in [(Kind::Article, &articles), (Kind::Page, &pages)] {
            for (i, f) in listed.iter().enumerate() {
                let ext = extension(&f.rel);
                if readable(ext) && !ignored(&f.rel) && sel.reaches(&f.rel, &ignores) {
                    sources.push((i, kind));
                    taken[i] = true;
                }
            }
        }
        // In source order (a file read twice: as an article, then a page).
        // (`listed` is sorted by path, each path once.)
        sources.sort_unstable();
        // Read and compute the Markdown items in parallel (an indexed
        // iterator: the results are written in place, in source order).
        let markdown: Vec<(usize, Kind)> = sources
            .iter()
            .copied()
            .filter(|(i, _)| MARKDOWN.contains(&extension(&listed[*i].rel)))
            .collect();
        let results: Vec<Result<Item, Note>> = markdown
            .par_iter()
            .map(|&(i, kind)| {
                let f = &listed[i];
                let result = read_page(&f.full).and_then(|page| {
                    rules
                        .item(&f.rel, &f.full, kind, page)
                        .map_err(|why| Note::new(&f.full, None, format!("not an item: {why}")))
                });
                result.map(|mut item| {
                    (item.anchors, item.link_dests) = read_links(&item.page);
                    item
                })
            })
            .collect();
        let mut items = Vec::with_capacity(results.len());
        // By listed file: read as an item; failed to read.
        let mut is_item = vec![false; listed.len()];
        let mut failed = vec![false; listed.len()];
        for (&(i, _), r) in markdown.iter().zip(results) {
            match r {
                Ok(item) => {
                    is_item[i] = true;
                    items.push(item);
                }
                Err(n) => {
                    if !n.message.ends_with("status: skip") {
                        failed[i] = true;
                    }
                    notes.push(n);
                }
            }
        }
        link_translations(&mut items);

        // Static files: under STATIC_PATHS, or linked with {static} and
        // {attach}; not a source read by the generators
        // (STATIC_EXCLUDE_SOURCES).
        let linked: HashSet<String> = items
            .iter()
            .flat_map(|item| static_links(item, settings.str("INTRASITE_LINK_REGEX")))
            .collect();
        let exclude_sources = settings.flag("STATIC_EXCLUDE_SOURCES");
        // By listed file: a source one of the generators read.
        let mut is_source = vec![false; listed.len()];
        for &(i, _) in &sources {
            let md = MARKDOWN.contains(&extension(&listed[i].rel));
            is_source[i] |= !md || is_item[i] || failed[i];
        }
        let mut files = Vec::new();
        let epm: BTreeMap<String, String> = settings
            .get("EXTRA_PATH_METADATA")
            .and_then(PyValue::as_dict)
            .unwrap_or_default()
            .iter()
            .filter_map(|(k, v)| {
                let path = v
                    .as_dict()?
                    .iter()
                    .find(|(k, _)| k.as_str() == Some("path"))?;
                Some((k.as_str()?.to_owned(), path.1.as_str()?.to_owned()))
            })
            .collect();
        for (i, f) in listed.iter().enumerate() {
            if is_item[i] {
                continue;
            }
            let is_source = is_source[i];
            let is_static = (linked.contains(&f.rel)
                || (!ignored(&f.rel) && statics.reaches(&f.rel, &ignores)))
                && !(exclude_sources && is_source);
            let role = if is_static {
                FileRole::Static
            } else if taken[i] && is_source {
                FileRole::Source
            } else {
                FileRole::Other
            };
            let (url, save_as) = if is_static {
                let path = epm.get(&f.rel).cloned().unwrap_or_else(|| f.rel.clone());
                let lookup = |name: &str| match name {
                    "path" => Some(super::url::FieldValue::Text(path.as_str())),
                    _ => None,
                };
                let mut fill = |name: &str| match super::url::fill(settings.str(name), &lookup) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        notes.push(Note::new(Path::new(name), None, e.to_string()));
                        None
                    }
                };
                (fill("STATIC_URL"), fill("STATIC_SAVE_AS"))
            } else {
                (None, None)
            };
            files.push(SiteFile {
                source: f.rel.clone(),
                role,
                url,
                save_as,
            });
        }
        // Paths linked with {static} or {attach} that are not files:
        // Pelican makes static files of them too (and copies nothing).
        let listed_paths: hashbrown::HashSet<&str> = if linked.is_empty() {
            hashbrown::HashSet::new()
        } else {
            listed.iter().map(|f| f.rel.as_str()).collect()
        };
        let mut missing: Vec<&String> = linked
            .iter()
            .filter(|p| !listed_paths.contains(p.as_str()))
            .collect();
        missing.sort();
        for p in missing {
            let lookup =
                |name: &str| (name == "path").then_some(super::url::FieldValue::Text(p.as_str()));
            files.push(SiteFile {
                source: p.clone(),
                role: FileRole::MissingStatic,
                url: super::url::fill(settings.str("STATIC_URL"), &lookup).ok(),
                save_as: None,
            });
        }
        attach(
            &items,
            &mut files,
            &epm,
            settings.str("INTRASITE_LINK_REGEX"),
        );
        let mut site = Site {
            settings: settings.clone(),
            content: content.to_owned(),
            config: None,
            items,
            files,
            notes,
            by_source: KeyIndex::default(),
            by_url: KeyIndex::default(),
            by_slug: KeyIndex::default(),
            by_save_as: KeyIndex::default(),
            by_static: KeyIndex::default(),
            outputs_cache: std::sync::OnceLock::new(),
            intrasite_pattern: settings.str("INTRASITE_LINK_REGEX").to_owned(),
            site_host: super::resolve::host_of(settings.site_url())
                .map(|(host, path)| (host, path.to_owned())),
        };
        site.index();
        site
    }

    /// Builds the look-up tables (side by side: each is a pass over ten
    /// thousand strings on a large site).
    fn index(&mut self) {
        let (items, files) = (&self.items, &self.files);
        let by_source = || {
            let n = items.len();
            let items = items
                .iter()
                .enumerate()
                .map(|(i, it)| (it.source.as_str(), i));
            let files = files
                .iter()
                .enumerate()
                .map(|(i, f)| (f.source.as_str(), n + i));
            KeyIndex::new(items.chain(files))
        };
        let by_item = |key: fn(&Item) -> &str| {
            KeyIndex::new(items.iter().enumerate().map(|(i, item)| (key(item), i)))
        };
        let by_static = || {
            let statics = files
                .iter()
                .enumerate()
                .filter(|(_, f)| f.role == FileRole::Static);
            KeyIndex::new(statics.flat_map(|(i, f)| {
                let url = f.url.as_deref().map(|u| (u, 2 * i));
                let save_as = f.save_as.as_deref().map(|s| (s, 2 * i + 1));
                url.into_iter().chain(save_as)
            }))
        };
        let ((by_source, by_url), (by_save_as, (by_slug, by_static))) = rayon::join(
            || rayon::join(by_source, || by_item(|i| &i.url)),
            || {
                rayon::join(
                    || by_item(|i| &i.save_as),
                    || rayon::join(|| by_item(|i| &i.slug), by_static),
                )
            },
        );
        self.by_source = by_source;
        self.by_url = by_url;
        self.by_save_as = by_save_as;
        self.by_slug = by_slug;
        self.by_static = by_static;
    }
}

impl Drop for Site {
    /// Drops the items side by side: a site of ten thousand pages holds
    /// some hundred thousand allocations.
    fn drop(&mut self) {
        let items = std::mem::take(&mut self.items);
        if items.len() > 64 {
            items.into_par_iter().for_each(drop);
        }
    }
}

/// `{attach}`: a static file is written beside the first item (in
/// source order) that links to it so, keeping its place below the item's
/// folder (or its bare name when it is not below it), unless
/// `EXTRA_PATH_METADATA` placed it.
fn attach(
    items: &[Item],
    files: &mut [SiteFile],
    placed: &BTreeMap<String, String>,
    pattern: &str,
) {
    let at: HashMap<String, usize> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.role == FileRole::Static)
        .map(|(i, f)| (f.source.clone(), i))
        .collect();
    let mut moved: HashSet<String> = HashSet::new();
    for item in items {
        let dir = item.source.rsplit_once('/').map_or("", |(d, _)| d);
        for dest in &item.link_dests {
            let Some(("attach", value)) = intrasite(dest, pattern) else {
                continue;
            };
            let Some(path) = content_path(dir, split_url(value).0) else {
                continue;
            };
            let path = path.replace("%20", " ");
            let Some(&i) = at.get(&path) else { continue };
            if placed.contains_key(&path) || !moved.insert(path.clone()) {
                continue;
            }
            let tail = match path.strip_prefix(dir) {
                Some(rest) if dir.is_empty() => rest,
                Some(rest) if rest.starts_with('/') => &rest[1..],
                _ => path.rsplit('/').next().unwrap_or(&path),
            };
            let out = match item.save_as.rsplit_once('/') {
                Some((d, _)) => format!("{d}/{tail}"),
                None => tail.to_owned(),
            };
            files[i].url = Some(out.clone());
            files[i].save_as = Some(out);
        }
    }
}

/// Reads a page file: UTF-8 (a BOM is kept and skipped by the reader).
fn read_page(path: &Path) -> Result<Page<'static>, Note> {
    let bytes = crate::fs::read_file(path, crate::fs::DEFAULT_MAX_SIZE)
        .map_err(|e| Note::new(path, None, e.reason()))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Page::from_string(text)),
        Err(e) => {
            let err = Page::from_bytes(e.as_bytes()).err();
            let message = err.map_or_else(|| e.to_string(), |err| err.to_string());
            Err(Note::new(path, None, message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnmatch_as_python() {
        let m = |p: &str, s: &str| fnmatch_regex(p).unwrap().is_match(s);
        assert!(!m("**/.*", ".hidden"));
        assert!(m("**/.*", "a/.hidden"));
        assert!(m(".*", ".git"));
        assert!(m("*.py[co]", "x.pyc"));
        assert!(m("[!a]b", "cb"));
        assert!(!m("[!a]b", "ab"));
        assert!(m("a?c", "abc"));
        assert!(!m("*.md", "a.md.bak"));
    }

    #[test]
    fn selectors_follow_pelicans_walk() {
        let none: Vec<regex::Regex> = Vec::new();
        let articles = Selector::new(vec![String::new()], &["pages".to_owned()]);
        assert!(articles.reaches("a.md", &none));
        assert!(articles.reaches("posts/a.md", &none));
        assert!(!articles.reaches("pages/a.md", &none));
        assert!(articles.reaches("x/pages/a.md", &none));
        let pages = Selector::new(vec!["pages".to_owned()], &[String::new()]);
        assert!(pages.reaches("pages/a/b.md", &none));
        assert!(!pages.reaches("a.md", &none));
        let statics = Selector::new(vec!["extra/robots.txt".to_owned()], &[]);
        assert!(statics.reaches("extra/robots.txt", &none));
        let dots = vec![fnmatch_regex(".*").unwrap()];
        assert!(!articles.reaches(".git/a.md", &dots));
    }
}
