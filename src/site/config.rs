//! `pagefmt.toml`: where a project says what its settings file does not.
//!
//! ```toml
//! # Settings over the settings file's, by Pelican's names.
//! [settings]
//! PATH = "content"
//! PAGE_URL = "{slug}.html"
//!
//! # What the build writes besides what Pelican writes.
//! [outputs]
//! copy = ["redirects", "static-html"]   # folders whose files are copied to the output root
//! lists = ["static-paths.txt"]          # files listing output paths, one a line
//! paths = ["CNAME"]                     # output paths
//! ```
//!
//! Paths in `[outputs]` are relative to the project's folder (the settings
//! file's folder). Other tables (`[check]` ...) belong to the tools that
//! read them: [`Config::table`] gives them the parsed file.

use std::path::{Path, PathBuf};

use super::value::PyValue;
use super::Note;

/// The file name looked for.
pub const FILE_NAME: &str = "pagefmt.toml";

/// A `pagefmt.toml`: its path and its parsed tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Where the file is.
    pub path: PathBuf,
    /// The whole file, parsed.
    pub table: toml::Table,
}

impl Config {
    /// The `pagefmt.toml` that applies to `start` (a file or folder): in
    /// its folder or the nearest folder above it, as rustfmt finds
    /// `rustfmt.toml`.
    #[must_use]
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_file() {
            start.parent()?
        } else {
            start
        };
        let start = std::path::absolute(start).ok()?;
        start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// Reads the file at `path`.
    ///
    /// # Errors
    ///
    /// When it cannot be read, or is not TOML (the note gives the line).
    pub fn read(path: &Path) -> Result<Config, Note> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Note::new(path, None, format!("cannot read: {e}")))?;
        Config::parse(&text, path)
    }

    /// Reads `text` as the file at `path`.
    ///
    /// # Errors
    ///
    /// When it is not TOML.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Note> {
        match text.parse::<toml::Table>() {
            Ok(table) => Ok(Config {
                path: path.to_owned(),
                table,
            }),
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                Err(Note::new(path, line, e.message().to_owned()))
            }
        }
    }

    /// A table of the file, such as `check`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&toml::Table> {
        self.table.get(name).and_then(toml::Value::as_table)
    }

    /// The `[settings]` values, by name.
    #[must_use]
    pub fn settings(&self) -> Vec<(String, PyValue)> {
        self.get("settings")
            .map(|t| {
                t.iter()
                    .map(|(k, v)| (k.clone(), PyValue::from_toml(v)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The strings of `[outputs] key`, with a note for a value that is not
    /// a list of strings.
    pub(crate) fn outputs(&self, key: &str, notes: &mut Vec<Note>) -> Vec<String> {
        let Some(v) = self.get("outputs").and_then(|t| t.get(key)) else {
            return Vec::new();
        };
        let items = v.as_array().map(|a| {
            a.iter()
                .map(|x| x.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
        });
        match items {
            Some(Some(v)) => v,
            _ => {
                notes.push(Note::new(
                    &self.path,
                    None,
                    format!("[outputs] {key} is not a list of strings: left out"),
                ));
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tables_and_reports_lines() {
        let c = Config::parse(
            "[settings]\nPAGE_URL = \"{slug}.html\"\n[check]\nx = 1\n",
            Path::new("pagefmt.toml"),
        )
        .unwrap();
        assert_eq!(
            c.settings(),
            [("PAGE_URL".to_owned(), PyValue::Str("{slug}.html".into()))]
        );
        assert!(c.get("check").is_some());
        let e = Config::parse("[settings]\nA = \n", Path::new("pagefmt.toml")).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().starts_with("pagefmt.toml:2: "), "{e}");
    }
}
