//! The `[check]` table of `pagefmt.toml`: rule levels, per-path
//! overrides, known keys, categories and paths (feature `config`).
//!
//! ```
//! use pagefmt::validate::CheckConfig;
//! use pagefmt::{Level, Rule, Site};
//!
//! let config: CheckConfig = r#"
//! [check]
//! known-keys = ["cover"]
//! rules = { multiple-h1 = "warn" }
//!
//! [[check.overrides]]
//! paths = ["drafts/**"]
//! rules = { multiple-h1 = "allow" }
//! "#
//! .parse()?;
//! assert_eq!(config.level_at("pages/a.md", Rule::MultipleH1), Level::Warn);
//! assert_eq!(config.level_at("drafts/b.md", Rule::MultipleH1), Level::Allow);
//!
//! let site: Site = [("pages/a.md", "title: A\ncover: a.png\n\n# A\n\n# B\n")].into_iter().collect();
//! let found = config.check(&site);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].diagnostic.code, "multiple-h1");
//! # Ok::<(), pagefmt::validate::ConfigError>(())
//! ```
//!
//! The table, every key optional:
//!
//! ```toml
//! [check]
//! rules = { unknown-key = "warn" }   # a level per rule code: allow, note, warn, deny
//! known-keys = ["cover"]             # keys besides Pelican's own
//! categories = ["page", "post"]      # the categories `unknown-category` accepts
//! known-paths = ["/blog.html", "/tag/*"]
//! site-hosts = ["www.example.com"]   # links to them are links into the site
//! https-hosts = ["github.com"]       # hosts whose `http://` links `--fix` makes `https://`
//! article-categories = ["post"]
//! required = ["title", "slug"]
//! required-by-category = { post = ["date"] }
//! strict-slugs = true
//! max-description = 160
//!
//! [[check.overrides]]                # later overrides win
//! paths = ["blog/**"]                # globs, from the folder of the file
//! rules = { orphan-page = "allow" }
//! ```
//!
//! Other tables of the file (such as `[settings]`) are not this module's
//! to read. An unknown key or a bad value is a [`ConfigError`] with its
//! line and column.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;
use toml::Spanned;

use crate::meta::Category;
use crate::span::LineIndex;

use super::{Level, Rule, Site, SiteDiagnostic, ValidateOptions};

/// A bad configuration: what and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, when read from one.
    pub path: Option<PathBuf>,
    /// Where the bad part starts (1-based), when known.
    pub line: usize,
    /// Its column (1-based, in characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    /// `path:line:column: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}:", p.display())?;
        }
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The whole file: the `[check]` table is read here, the others are
/// left to their readers.
#[derive(Debug, Deserialize)]
struct File {
    check: Option<Spanned<CheckTable>>,
}

/// Rule levels by code, as written.
type Levels = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CheckTable {
    #[serde(default)]
    rules: Levels,
    known_keys: Option<Vec<String>>,
    categories: Option<Vec<String>>,
    known_paths: Option<Vec<String>>,
    site_hosts: Option<Vec<String>>,
    https_hosts: Option<Vec<String>>,
    article_categories: Option<Vec<String>>,
    required: Option<Vec<String>>,
    required_by_category: Option<BTreeMap<String, Vec<String>>>,
    strict_slugs: Option<bool>,
    max_description: Option<usize>,
    #[serde(default)]
    overrides: Vec<OverrideTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideTable {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    rules: Levels,
}

/// Rule levels for the pages whose paths match some globs.
#[derive(Clone, Debug)]
struct Override {
    globs: globset::GlobSet,
    levels: Vec<(Rule, Level)>,
}

/// How to check a site: the [`ValidateOptions`], and rule levels that
/// differ by path. Read from the `[check]` table of a `pagefmt.toml`
/// ([`CheckConfig::from_file`], or `str::parse`); the default is
/// [`ValidateOptions::default`] everywhere.
#[derive(Clone, Debug, Default)]
pub struct CheckConfig {
    /// The options, with the levels of pages that no override matches.
    pub options: ValidateOptions,
    overrides: Vec<Override>,
    /// The folder override globs are relative to (the file's).
    base: Option<PathBuf>,
}

impl FromStr for CheckConfig {
    type Err = ConfigError;

    /// Reads a `pagefmt.toml` text; override globs match paths as given.
    fn from_str(text: &str) -> Result<Self, ConfigError> {
        CheckConfig::read(text, None)
    }
}

impl CheckConfig {
    /// Reads the configuration file at `path`; override globs match paths
    /// from its folder.
    ///
    /// # Errors
    ///
    /// When the file cannot be read, or holds a bad `[check]` table.
    pub fn from_file(path: &Path) -> Result<CheckConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_owned()),
            line: 1,
            column: 1,
            message: format!("cannot read it: {e}"),
        })?;
        CheckConfig::read(&text, Some(path))
    }

    fn read(text: &str, path: Option<&Path>) -> Result<CheckConfig, ConfigError> {
        let index = LineIndex::new(text);
        let error = |at: Option<std::ops::Range<usize>>, message: String| {
            let loc = index.location(text, at.map_or(0, |r| r.start));
            ConfigError {
                path: path.map(Path::to_owned),
                line: loc.line,
                column: loc.column,
                message,
            }
        };
        let file: File =
            toml::from_str(text).map_err(|e| error(e.span(), e.message().to_owned()))?;
        let mut config = CheckConfig {
            base: path.map(|p| {
                let dir = p.parent().unwrap_or(Path::new(""));
                std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned())
            }),
            ..CheckConfig::default()
        };
        let Some(table) = file.check else {
            return Ok(config);
        };
        let table = table.into_inner();
        let levels = |rules: &Levels| -> Result<Vec<(Rule, Level)>, ConfigError> {
            rules
                .iter()
                .map(|(code, level)| {
                    let rule = Rule::from_code(code.get_ref()).ok_or_else(|| {
                        error(Some(code.span()), format!("no rule `{}`", code.get_ref()))
                    })?;
                    let level = Level::from_name(level.get_ref()).ok_or_else(|| {
                        error(
                            Some(level.span()),
                            format!(
                                "invalid level `{}` for `{}`: expected `allow`, `note`, `warn` or `deny`",
                                level.get_ref(),
                                code.get_ref()
                            ),
                        )
                    })?;
                    Ok((rule, level))
                })
                .collect()
        };
        let o = &mut config.options;
        for (rule, level) in levels(&table.rules)? {
            o.set_level(rule, level);
        }
        let lower = |v: Vec<String>| v.into_iter().map(|k| k.to_ascii_lowercase());
        if let Some(k) = table.known_keys {
            o.known_keys.extend(lower(k));
        }
        if let Some(c) = table.categories {
            o.categories = c;
        }
        if let Some(p) = table.known_paths {
            o.known_paths.extend(p);
        }
        if let Some(h) = table.site_hosts {
            o.site_hosts.extend(h);
        }
        if let Some(h) = table.https_hosts {
            o.https_hosts.extend(h);
        }
        if let Some(c) = table.article_categories {
            o.article_categories = c.iter().map(|c| Category::parse(c)).collect();
        }
        if let Some(r) = table.required {
            o.required = lower(r).collect();
        }
        if let Some(r) = table.required_by_category {
            o.required_by_category = r
                .into_iter()
                .map(|(c, keys)| (Category::parse(&c), lower(keys).collect()))
                .collect();
        }
        if let Some(s) = table.strict_slugs {
            o.strict_slugs = s;
        }
        if let Some(m) = table.max_description {
            o.max_description = m;
        }
        for t in &table.overrides {
            let mut globs = globset::GlobSetBuilder::new();
            for p in &t.paths {
                let glob = globset::GlobBuilder::new(p.get_ref())
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        error(
                            Some(p.span()),
                            format!("invalid glob {:?}: {}", p.get_ref(), e.kind()),
                        )
                    })?;
                globs.add(glob);
            }
            let globs = globs
                .build()
                .map_err(|e| error(None, format!("invalid globs: {e}")))?;
            config.overrides.push(Override {
                globs,
                levels: levels(&t.rules)?,
            });
        }
        Ok(config)
    }

    /// The level of `rule` on the page at `path` (a path as given to the
    /// site, matched from the configuration file's folder when it is below
    /// it).
    #[must_use]
    pub fn level_at(&self, path: &str, rule: Rule) -> Level {
        let mut level = self.options.level(rule);
        if self.overrides.is_empty() {
            return level;
        }
        let given = Path::new(path);
        let relative = self.base.as_ref().and_then(|base| {
            let abs = std::path::absolute(given).ok()?;
            abs.strip_prefix(base).ok().map(Path::to_owned)
        });
        let path = relative.as_deref().unwrap_or(given);
        for o in &self.overrides {
            if o.globs.is_match(path) {
                if let Some(&(_, l)) = o.levels.iter().rev().find(|(r, _)| *r == rule) {
                    level = l;
                }
            }
        }
        level
    }

    /// Sets `rule` to `level` everywhere (as a command-line flag does):
    /// the overrides no longer change it.
    pub fn set_level(&mut self, rule: Rule, level: Level) -> &mut Self {
        self.options.set_level(rule, level);
        for o in &mut self.overrides {
            o.levels.retain(|(r, _)| *r != rule);
        }
        self
    }

    /// Makes every [`Level::Warn`] a [`Level::Deny`], in the overrides too.
    pub fn deny_warnings(&mut self) -> &mut Self {
        self.options.deny_warnings();
        for o in &mut self.overrides {
            for (_, l) in &mut o.levels {
                if *l == Level::Warn {
                    *l = Level::Deny;
                }
            }
        }
        self
    }

    /// Checks `site` as [`Site::check`] does, each page at its path's
    /// levels.
    #[must_use]
    pub fn check(&self, site: &Site<'_>) -> Vec<SiteDiagnostic> {
        let run = self.run_options();
        site.check_by_path(&run, &|path, rule| self.level_at(path, rule), Vec::new())
    }

    /// Whether some override enables `rule`.
    pub(crate) fn overrides_enable(&self, rule: Rule) -> bool {
        self.overrides.iter().any(|o| {
            o.levels
                .iter()
                .any(|&(r, l)| r == rule && l != Level::Allow)
        })
    }

    /// The options to run with: each rule that some path enables runs.
    pub(crate) fn run_options(&self) -> ValidateOptions {
        let mut run = self.options.clone();
        for &rule in Rule::ALL {
            if run.level(rule) == Level::Allow && self.overrides_enable(rule) {
                run.set_level(rule, Level::Warn);
            }
        }
        run
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        text.parse::<CheckConfig>().unwrap_err().to_string()
    }

    #[test]
    fn bad_keys_and_values_say_where() {
        assert_eq!(
            err("[check]\nrules = { multiple-h1 = \"loud\" }\n"),
            "2:25: invalid level `loud` for `multiple-h1`: expected `allow`, `note`, `warn` or `deny`"
        );
        assert_eq!(
            err("[check]\n\nrules = { no-such = \"warn\" }\n"),
            "3:11: no rule `no-such`"
        );
        let unknown = err("[check]\nknown_keys = []\n");
        assert!(
            unknown.starts_with("2:1: unknown field `known_keys`"),
            "{unknown}"
        );
        let bad = err("[check]\nstrict-slugs = \"yes\"\n");
        assert!(bad.starts_with("2:16: invalid type"), "{bad}");
        let glob = err("[[check.overrides]]\npaths = [\"a/[\"]\n");
        assert!(glob.starts_with("2:10: invalid glob"), "{glob}");
    }

    #[test]
    fn other_tables_are_left_alone() {
        let c: CheckConfig = "[settings]\nPATH = \"content\"\n".parse().unwrap();
        assert_eq!(c.options, ValidateOptions::default());
    }

    #[test]
    fn overrides_apply_in_order_and_flags_win() {
        let mut c: CheckConfig = "[check]\nrules = { orphan-page = \"warn\" }\n\
             [[check.overrides]]\npaths = [\"blog/**\"]\nrules = { orphan-page = \"allow\" }\n\
             [[check.overrides]]\npaths = [\"blog/keep/*.md\"]\nrules = { orphan-page = \"deny\" }\n"
            .parse()
            .unwrap();
        assert_eq!(c.level_at("pages/a.md", Rule::OrphanPage), Level::Warn);
        assert_eq!(c.level_at("blog/x/a.md", Rule::OrphanPage), Level::Allow);
        assert_eq!(c.level_at("blog/keep/a.md", Rule::OrphanPage), Level::Deny);
        assert_eq!(
            c.level_at("blog/keep/x/a.md", Rule::OrphanPage),
            Level::Allow
        );
        c.set_level(Rule::OrphanPage, Level::Note);
        assert_eq!(c.level_at("blog/keep/a.md", Rule::OrphanPage), Level::Note);
    }
}
