//! [`Settings`]: Pelican's settings that decide what a site holds and
//! where each file is written, with Pelican's defaults.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::value::PyValue;
use super::{pyconf, Note};

/// Pelican's settings, by Pelican's names (`ARTICLE_URL`, `PAGE_PATHS`,
/// ...), starting from Pelican's defaults (as of Pelican 4.12).
///
/// Every name read from a settings file is kept, also those this crate
/// does not use, so a tool can read its own (`SITENAME`, `GITHUB_URL`).
/// The typed getters read a setting with Pelican's default when it is
/// missing or of the wrong type.
///
/// ```
/// use pagefmt::site::{PyValue, Settings};
///
/// let mut settings = Settings::default();
/// assert_eq!(settings.str("PAGE_URL"), "pages/{slug}.html");
/// settings.set("PAGE_URL", PyValue::Str("{slug}.html".into()));
/// assert_eq!(settings.str("PAGE_URL"), "{slug}.html");
/// assert_eq!(settings.strings("PAGE_PATHS"), ["pages"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    values: BTreeMap<String, PyValue>,
    /// The folder relative paths in the settings are read from (the
    /// settings file's folder; the current folder by default).
    pub base: PathBuf,
}

fn s(v: &str) -> PyValue {
    PyValue::Str(v.to_owned())
}

fn list(v: &[&str]) -> PyValue {
    PyValue::List(v.iter().map(|x| s(x)).collect())
}

/// Pelican's defaults for the settings this crate reads.
fn defaults() -> BTreeMap<String, PyValue> {
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: PyValue| {
        m.insert(k.to_owned(), v);
    };
    put("PATH", s("."));
    put("ARTICLE_PATHS", list(&[""]));
    put("ARTICLE_EXCLUDES", list(&[]));
    put("PAGE_PATHS", list(&["pages"]));
    put("PAGE_EXCLUDES", list(&[]));
    put("STATIC_PATHS", list(&["images"]));
    put("STATIC_EXCLUDES", list(&[]));
    put("STATIC_EXCLUDE_SOURCES", PyValue::Bool(true));
    put("IGNORE_FILES", list(&["**/.*"]));
    put("OUTPUT_PATH", s("output"));
    put("THEME_STATIC_DIR", s("theme"));
    put("FEED_ALL_ATOM", s("feeds/all.atom.xml"));
    put("CATEGORY_FEED_ATOM", s("feeds/{slug}.atom.xml"));
    put("AUTHOR_FEED_ATOM", s("feeds/{slug}.atom.xml"));
    put("AUTHOR_FEED_RSS", s("feeds/{slug}.rss.xml"));
    put("TRANSLATION_FEED_ATOM", s("feeds/all-{lang}.atom.xml"));
    put("SITEURL", s(""));
    put("USE_FOLDER_AS_CATEGORY", PyValue::Bool(true));
    put("DEFAULT_CATEGORY", s("misc"));
    put("WITH_FUTURE_DATES", PyValue::Bool(true));
    put("INDEX_SAVE_AS", s("index.html"));
    put("ARTICLE_URL", s("{slug}.html"));
    put("ARTICLE_SAVE_AS", s("{slug}.html"));
    put("ARTICLE_LANG_URL", s("{slug}-{lang}.html"));
    put("ARTICLE_LANG_SAVE_AS", s("{slug}-{lang}.html"));
    put("DRAFT_URL", s("drafts/{slug}.html"));
    put("DRAFT_SAVE_AS", s("drafts/{slug}.html"));
    put("DRAFT_LANG_URL", s("drafts/{slug}-{lang}.html"));
    put("DRAFT_LANG_SAVE_AS", s("drafts/{slug}-{lang}.html"));
    put("PAGE_URL", s("pages/{slug}.html"));
    put("PAGE_SAVE_AS", s("pages/{slug}.html"));
    put("PAGE_LANG_URL", s("pages/{slug}-{lang}.html"));
    put("PAGE_LANG_SAVE_AS", s("pages/{slug}-{lang}.html"));
    put("DRAFT_PAGE_URL", s("drafts/pages/{slug}.html"));
    put("DRAFT_PAGE_SAVE_AS", s("drafts/pages/{slug}.html"));
    put("DRAFT_PAGE_LANG_URL", s("drafts/pages/{slug}-{lang}.html"));
    put(
        "DRAFT_PAGE_LANG_SAVE_AS",
        s("drafts/pages/{slug}-{lang}.html"),
    );
    put("STATIC_URL", s("{path}"));
    put("STATIC_SAVE_AS", s("{path}"));
    put("CATEGORY_URL", s("category/{slug}.html"));
    put("CATEGORY_SAVE_AS", s("category/{slug}.html"));
    put("TAG_URL", s("tag/{slug}.html"));
    put("TAG_SAVE_AS", s("tag/{slug}.html"));
    put("AUTHOR_URL", s("author/{slug}.html"));
    put("AUTHOR_SAVE_AS", s("author/{slug}.html"));
    for k in [
        "YEAR_ARCHIVE_URL",
        "YEAR_ARCHIVE_SAVE_AS",
        "MONTH_ARCHIVE_URL",
        "MONTH_ARCHIVE_SAVE_AS",
        "DAY_ARCHIVE_URL",
        "DAY_ARCHIVE_SAVE_AS",
    ] {
        put(k, s(""));
    }
    put("RELATIVE_URLS", PyValue::Bool(false));
    put("DEFAULT_LANG", s("en"));
    put("ARTICLE_TRANSLATION_ID", s("slug"));
    put("PAGE_TRANSLATION_ID", s("slug"));
    put(
        "DIRECT_TEMPLATES",
        list(&["index", "tags", "categories", "authors", "archives"]),
    );
    put("DEFAULT_PAGINATION", PyValue::Bool(false));
    put("DEFAULT_ORPHANS", PyValue::Int(0));
    put("DEFAULT_METADATA", PyValue::Dict(Vec::new()));
    put("FILENAME_METADATA", s(r"(?P<date>\d{4}-\d{2}-\d{2}).*"));
    put("PATH_METADATA", s(""));
    put("EXTRA_PATH_METADATA", PyValue::Dict(Vec::new()));
    put("TEMPLATE_PAGES", PyValue::Dict(Vec::new()));
    put(
        "SLUG_REGEX_SUBSTITUTIONS",
        PyValue::List(
            super::slug::DEFAULT_SUBSTITUTIONS
                .iter()
                .map(|(a, b)| PyValue::Tuple(vec![s(a), s(b)]))
                .collect(),
        ),
    );
    put("INTRASITE_LINK_REGEX", s("[{|](?P<what>.*?)[|}]"));
    put("SLUGIFY_SOURCE", s("title"));
    put("SLUGIFY_USE_UNICODE", PyValue::Bool(false));
    put("SLUGIFY_PRESERVE_CASE", PyValue::Bool(false));
    put("FORMATTED_FIELDS", list(&["summary"]));
    put(
        "PAGINATED_TEMPLATES",
        PyValue::Dict(
            ["index", "tag", "category", "author"]
                .iter()
                .map(|k| (s(k), PyValue::None))
                .collect(),
        ),
    );
    put("READERS", PyValue::Dict(Vec::new()));
    m
}

/// The settings that name lists of paths: a string there is a
/// misconfiguration, and Pelican falls back to the default.
const LIST_SETTINGS: [&str; 7] = [
    "ARTICLE_EXCLUDES",
    "DIRECT_TEMPLATES",
    "IGNORE_FILES",
    "STATIC_EXCLUDES",
    "STATIC_PATHS",
    "ARTICLE_PATHS",
    "PAGE_PATHS",
];

impl Default for Settings {
    fn default() -> Self {
        Settings {
            values: defaults(),
            base: PathBuf::from("."),
        }
    }
}

impl Settings {
    /// Pelican's defaults with the values of the settings file at `path`
    /// over them; relative paths are then read from the file's folder.
    /// Returns the notes on what the file holds that could not be read.
    ///
    /// The file is read, never run. Understood: top-level `NAME = value`
    /// (and `A = B = value`), where a value is a string (any quotes,
    /// implicit concatenation of adjacent strings, prefixes `u`, `r`, `b`),
    /// an integer or float, `True`, `False`, `None`, a list, tuple, dict or
    /// set (trailing commas allowed), a name assigned earlier, or `+`
    /// between values of one kind; and `from NAME import *`, which reads
    /// `NAME.py` beside the file. Anything else (a call, an attribute, an
    /// f-string, `import`, a block) is a note naming the setting and the
    /// line, and the setting keeps its earlier value (Pelican's default).
    ///
    /// # Errors
    ///
    /// When the file cannot be read.
    pub fn from_file(path: &Path) -> Result<(Settings, Vec<Note>), Note> {
        let conf = pyconf::read_file(path)?;
        let (mut settings, _) = Settings::from_text("", path);
        for (k, v) in conf.values {
            settings.set(&k, v);
        }
        Ok((settings, conf.notes))
    }

    /// Pelican's defaults with the settings read from `text`, the text of
    /// the settings file at `path` (used in notes, to find star-imported
    /// siblings, and as [`Settings::base`]); the notes on what was not
    /// read.
    #[must_use]
    pub fn from_text(text: &str, path: &Path) -> (Settings, Vec<Note>) {
        let mut conf = pyconf::PyConf::default();
        pyconf::read_text(text, path, &mut conf, 0);
        let base = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let mut settings = Settings {
            base,
            ..Settings::default()
        };
        for (k, v) in conf.values {
            settings.set(&k, v);
        }
        (settings, conf.notes)
    }

    /// Sets `name` to `value`.
    pub fn set(&mut self, name: &str, value: PyValue) {
        self.values.insert(name.to_owned(), value);
    }

    /// The value of `name`, if it has one (by default or set).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&PyValue> {
        self.values.get(name)
    }

    /// Every setting and its value, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &PyValue)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The text of `name`; `""` when it is missing or not a string.
    #[must_use]
    pub fn str(&self, name: &str) -> &str {
        self.get(name).and_then(PyValue::as_str).unwrap_or("")
    }

    /// Whether `name` is set to a true value (Python's truth).
    #[must_use]
    pub fn flag(&self, name: &str) -> bool {
        self.get(name).is_some_and(PyValue::truthy)
    }

    /// The strings of a list setting. A plain string where a list belongs is
    /// Pelican's "misconfiguration": the default list is used.
    #[must_use]
    pub fn strings(&self, name: &str) -> Vec<String> {
        let value = match self.get(name) {
            Some(PyValue::Str(_)) if LIST_SETTINGS.contains(&name) => defaults().remove(name),
            Some(PyValue::Str(s)) => return vec![s.clone()],
            other => other.cloned(),
        };
        value
            .as_ref()
            .and_then(PyValue::as_seq)
            .map(|v| {
                v.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The content folder: `PATH` read from [`Settings::base`].
    #[must_use]
    pub fn content_path(&self) -> PathBuf {
        let path = Path::new(self.str("PATH"));
        let joined = if path.is_absolute() {
            path.to_owned()
        } else {
            self.base.join(path)
        };
        // `a/./b` as `a/b` (`..` is kept: the folder may be a link).
        joined
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    }

    /// `DEFAULT_LANG` in lowercase, as Pelican uses it.
    #[must_use]
    pub fn default_lang(&self) -> String {
        self.str("DEFAULT_LANG").to_lowercase()
    }

    /// `SITEURL` without its trailing `/` (Pelican removes it).
    #[must_use]
    pub fn site_url(&self) -> &str {
        let url = self.str("SITEURL");
        url.strip_suffix('/').unwrap_or(url)
    }

    /// The article paths' excludes: `ARTICLE_EXCLUDES` plus `PAGE_PATHS`
    /// (Pelican keeps the two apart this way), and the same for pages.
    #[must_use]
    pub fn excludes(&self, kind: &str) -> Vec<String> {
        let (own, other) = match kind {
            "ARTICLE" => ("ARTICLE_EXCLUDES", "PAGE_PATHS"),
            _ => ("PAGE_EXCLUDES", "ARTICLE_PATHS"),
        };
        let mut out = self.strings(own);
        for p in self.strings(other) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    /// The `(pattern, replacement)` pairs of a regex substitutions setting
    /// (`SLUG_REGEX_SUBSTITUTIONS`, `CATEGORY_REGEX_SUBSTITUTIONS`, ...);
    /// the category, tag and author ones fall back to the slug ones.
    #[must_use]
    pub fn substitutions(&self, name: &str) -> Vec<(String, String)> {
        let value = self
            .get(name)
            .or_else(|| self.get("SLUG_REGEX_SUBSTITUTIONS"));
        value
            .and_then(PyValue::as_seq)
            .map(|v| {
                v.iter()
                    .filter_map(|pair| match pair.as_seq() {
                        Some([PyValue::Str(a), PyValue::Str(b)]) => Some((a.clone(), b.clone())),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}
