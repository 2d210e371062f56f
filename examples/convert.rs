//! Converts page headers to YAML or TOML front matter (for Hugo, Zola or
//! Jekyll), to JSON, or back to the page format.
//!
//! ```text
//! cargo run --example convert -- --to yaml|toml|json|pagefmt [--from auto|pagefmt|yaml|toml]
//!                                [--in-place | --out DIR] PATH...
//! ```
//!
//! Each PATH is a page file or a folder (searched recursively for `*.md`
//! and `*.markdown`, in sorted order).
//!
//! **Input.** With `--from auto` (the default) a file whose first line is
//! `+++` holds TOML front matter, one whose first line is `---` holds YAML
//! front matter (each ended by the same fence on a line of its own, the
//! body after it), and any other file is a page with a page-format header.
//! A page-format header fenced with `---` is read as YAML unless `--from
//! pagefmt` is given.
//!
//! **Output.** A single file is written to stdout. For several files give
//! `--in-place` (each file rewritten) or `--out DIR` (each file written
//! under DIR at its path relative to the folder argument it was found in,
//! or under its file name when named directly; the extension is kept).
//! `--out DIR` must not lie inside a folder being read, nor name a file
//! being read: converting into the source folder is refused, since it
//! would mix the output with the originals or overwrite them (`--in-place`
//! is the way to rewrite them). Every file is written atomically (a
//! temporary file beside it, synced, then renamed over it), so an error
//! never leaves a file cut or empty.
//! `--to json` always prints to stdout, one line per file:
//! `{"path": ..., "meta": ...}` with the typed `PageMeta` as pagefmt
//! serializes it.
//!
//! ```text
//! $ convert --to yaml pages/0719-microservices.markdown
//! ---
//! title: Microservices
//! category: page
//! sort-order: '0719'
//! toc: false
//! ---
//! <the body, byte for byte>
//! ```
//!
//! **Keys and types.** Front matter uses the page's own keys (lowercase, in
//! the canonical order of `PageMeta`: `sort-order` or `sortorder` as the
//! page spells it). Sort orders stay strings (`'0719'`), `toc` and
//! `newsletter` become booleans, `date` and `modified` become dates (YAML:
//! an unquoted ISO date as written, e.g. `2016-05-08` or `2016-05-08
//! 10:14`; TOML: a local date or date-time, which TOML 1.1 allows without
//! seconds), `tags` and `authors` become lists of strings, and every other
//! value is a string. An extra key that occurs several times becomes a
//! list.
//!
//! YAML is written so that YAML 1.1 readers (PyYAML, Jekyll) and YAML 1.2
//! readers (Hugo, serde_norway) read the same strings: a string any of
//! them could take for a boolean, null, number, date, merge key or
//! indicator (`'yes'`, `'on'`, `'~'`, `'1.10'`, `'1:20'`, `'='`, `'- a'`)
//! is quoted, a value of several lines is a literal block (`|-`), and
//! characters YAML must escape are escaped (see `convert/yaml.rs`).
//!
//! Reading front matter back: keys are lowercased; a boolean is written
//! `True`/`False`; numbers and dates as written (`1.10`, `0x1F`, `+12`,
//! and an integer too big for 64 bits, stay as they are); a list under `tags` or
//! `authors` gives its items and a string is split as a header value is
//! (on `;` if it holds one, else on `,`); a list under any other extra key
//! gives that key once per item; a null is an empty value (an empty list
//! for `tags`/`authors`). Tables, nested lists and dates with a time zone
//! are errors. Converting a page to YAML or TOML and back gives the same
//! `PageMeta`, except that an extra key repeated apart from its first
//! occurrence comes back with its values together.
//!
//! Problems go to stderr as `PATH: message`, and that file is left alone
//! (not written). Exit status: 0 when every file converted, 1 when some
//! did not, 2 on a usage or I/O error.

#[path = "common/mod.rs"]
mod common;
#[path = "convert/yaml.rs"]
mod yaml;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use pagefmt::{Category, Date, Page, PageMeta, SortOrder, SortOrderKey};

/// Converts page headers to and from YAML or TOML front matter.
#[derive(Debug, Parser)]
#[command(name = "convert")]
struct Args {
    /// What to write.
    #[arg(long, value_enum)]
    to: To,
    /// How to read the input files.
    #[arg(long, value_enum, default_value = "auto")]
    from: Source,
    /// Rewrite each file in place.
    #[arg(long, conflicts_with = "out")]
    in_place: bool,
    /// Write the converted files under this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    read: common::ReadArgs,
    /// Page files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum To {
    Yaml,
    Toml,
    Json,
    Pagefmt,
}

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Source {
    Auto,
    Pagefmt,
    Yaml,
    Toml,
}

/// A front matter value, as far as page headers need: lists hold no lists.
#[derive(Clone, Debug, PartialEq)]
enum Fm {
    Null,
    Bool(bool),
    /// A number, as written.
    Number(String),
    Text(String),
    /// A date or date-time, as written.
    Date(String),
    List(Vec<Fm>),
    /// A table, a nested list or anything else no header value maps to.
    Nested,
}

impl Fm {
    /// The value as header text, when it is a single value.
    fn scalar_text(&self) -> Option<String> {
        match self {
            Fm::Null => Some(String::new()),
            Fm::Bool(b) => Some(if *b { "True" } else { "False" }.to_owned()),
            Fm::Number(s) | Fm::Text(s) | Fm::Date(s) => Some(s.clone()),
            Fm::List(_) | Fm::Nested => None,
        }
    }

    /// How an error message names the value.
    fn describe(&self) -> String {
        match self {
            Fm::Null => "nothing".to_owned(),
            Fm::Bool(b) => b.to_string(),
            Fm::Number(s) | Fm::Date(s) => s.clone(),
            Fm::Text(s) => format!("{s:?}"),
            Fm::List(_) => "a list".to_owned(),
            Fm::Nested => "a table or nested list".to_owned(),
        }
    }
}

/// Front matter as ordered `(key, value)` entries.
type Entries = Vec<(String, Fm)>;

// ---- PageMeta -> entries ------------------------------------------------

/// The entries of `meta`, in canonical order.
fn entries(meta: &PageMeta) -> Entries {
    let mut out = Entries::new();
    let text = |out: &mut Entries, key: &str, v: &Option<String>| {
        if let Some(v) = v {
            out.push((key.to_owned(), Fm::Text(v.clone())));
        }
    };
    let list = |out: &mut Entries, key: &str, items: &[String]| {
        if !items.is_empty() {
            let items = items.iter().cloned().map(Fm::Text).collect();
            out.push((key.to_owned(), Fm::List(items)));
        }
    };
    let date = |out: &mut Entries, key: &str, d: &Option<Date>| {
        if let Some(d) = d {
            out.push((key.to_owned(), Fm::Date(d.as_str().to_owned())));
        }
    };
    let boolean = |out: &mut Entries, key: &str, b: Option<bool>| {
        if let Some(b) = b {
            out.push((key.to_owned(), Fm::Bool(b)));
        }
    };
    text(&mut out, "title", &meta.title);
    text(&mut out, "slug", &meta.slug);
    if let Some(c) = &meta.category {
        out.push(("category".to_owned(), Fm::Text(c.as_str().to_owned())));
    }
    if let Some(s) = &meta.sort_order {
        out.push((s.key.as_str().to_owned(), Fm::Text(s.digits.clone())));
    }
    date(&mut out, "date", &meta.date);
    date(&mut out, "modified", &meta.modified);
    text(&mut out, "meta", &meta.description);
    boolean(&mut out, "toc", meta.toc);
    boolean(&mut out, "newsletter", meta.newsletter);
    text(&mut out, "sidebartitle", &meta.sidebar_title);
    text(&mut out, "headerimage", &meta.header_image);
    text(&mut out, "headeralt", &meta.header_alt);
    text(&mut out, "author", &meta.author);
    text(&mut out, "authorlink", &meta.author_link);
    list(&mut out, "authors", &meta.authors);
    list(&mut out, "tags", &meta.tags);
    text(&mut out, "summary", &meta.summary);
    text(&mut out, "status", &meta.status);
    text(&mut out, "lang", &meta.lang);
    text(&mut out, "template", &meta.template);
    text(&mut out, "save_as", &meta.save_as);
    text(&mut out, "url", &meta.url);
    for (i, c) in meta.choices.iter().enumerate() {
        let n = i + 1;
        text(&mut out, &format!("choice{n}url"), &c.url);
        text(&mut out, &format!("choice{n}icon"), &c.icon);
        text(&mut out, &format!("choice{n}text"), &c.text);
    }
    // Extra keys: a repeated key becomes one list, at its first place.
    for (key, values) in meta.extra_grouped() {
        let value = match values.as_slice() {
            [one] => Fm::Text((*one).to_owned()),
            many => Fm::List(many.iter().map(|v| Fm::Text((*v).to_owned())).collect()),
        };
        out.push((key.to_owned(), value));
    }
    out
}

// ---- entries -> PageMeta ------------------------------------------------

/// The typed fields a front matter key can name, besides plain text ones.
fn text_slot<'m>(meta: &'m mut PageMeta, name: &str) -> Option<&'m mut Option<String>> {
    Some(match name {
        "title" => &mut meta.title,
        "slug" => &mut meta.slug,
        "meta" => &mut meta.description,
        "sidebartitle" => &mut meta.sidebar_title,
        "headerimage" => &mut meta.header_image,
        "headeralt" => &mut meta.header_alt,
        "author" => &mut meta.author,
        "authorlink" => &mut meta.author_link,
        "summary" => &mut meta.summary,
        "status" => &mut meta.status,
        "lang" => &mut meta.lang,
        "template" => &mut meta.template,
        "save_as" => &mut meta.save_as,
        "url" => &mut meta.url,
        _ => {
            let rest = name.strip_prefix("choice")?;
            let n = usize::from(rest.as_bytes().first()?.checked_sub(b'1')?);
            let choice = meta.choices.get_mut(n)?;
            match rest.get(1..)? {
                "url" => &mut choice.url,
                "icon" => &mut choice.icon,
                "text" => &mut choice.text,
                _ => return None,
            }
        }
    })
}

/// Splits a list written as one string the way a header value is split:
/// on `;` when it holds one, otherwise on `,`; items trimmed, empty and
/// repeated items dropped.
fn split_list(text: &str) -> Vec<String> {
    let sep = if text.contains(';') { ';' } else { ',' };
    let mut seen = HashSet::new();
    text.split([sep, '\n'])
        .map(str::trim)
        .filter(|item| !item.is_empty() && seen.insert(*item))
        .map(str::to_owned)
        .collect()
}

/// Reads front matter entries into a `PageMeta`; errors are messages.
fn to_meta(entries: Entries) -> Result<PageMeta, Vec<String>> {
    let mut meta = PageMeta::default();
    let mut errors = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (key, value) in entries {
        let name = key.to_ascii_lowercase();
        let typed = matches!(
            name.as_str(),
            "category"
                | "sort-order"
                | "sortorder"
                | "date"
                | "modified"
                | "toc"
                | "newsletter"
                | "tags"
                | "authors"
        ) || text_slot(&mut PageMeta::default(), &name).is_some();
        if typed {
            let field = if name == "sort-order" {
                "sortorder".to_owned()
            } else {
                name.clone()
            };
            if !seen.insert(field) {
                errors.push(format!(
                    "front matter key `{key}`: the field is given more than once"
                ));
                continue;
            }
        }
        let mut expected = |what: &str| {
            errors.push(format!(
                "front matter key `{key}`: expected {what}, found {}",
                value.describe()
            ));
        };
        match name.as_str() {
            "category" => match value.scalar_text() {
                Some(t) => meta.category = Some(Category::parse(&t)),
                None => expected("a single value"),
            },
            "sort-order" | "sortorder" => {
                let key = if name == "sort-order" {
                    SortOrderKey::Hyphenated
                } else {
                    SortOrderKey::Joined
                };
                match value.scalar_text().and_then(|t| SortOrder::parse(&t, key)) {
                    Some(s) => meta.sort_order = Some(s),
                    None => expected("1 to 19 ASCII digits"),
                }
            }
            "date" | "modified" => {
                let date = match &value {
                    Fm::Text(t) | Fm::Date(t) => Date::parse(t),
                    _ => None,
                };
                match date {
                    Some(d) if name == "date" => meta.date = Some(d),
                    Some(d) => meta.modified = Some(d),
                    None => expected("a date `YYYY-MM-DD` with an optional time `HH:MM[:SS]`"),
                }
            }
            "toc" | "newsletter" => {
                let b = match &value {
                    Fm::Bool(b) => Some(*b),
                    Fm::Text(t) if t == "True" => Some(true),
                    Fm::Text(t) if t == "False" => Some(false),
                    _ => None,
                };
                match b {
                    Some(b) if name == "toc" => meta.toc = Some(b),
                    Some(b) => meta.newsletter = Some(b),
                    None => expected("a boolean"),
                }
            }
            "tags" | "authors" => {
                let items = match &value {
                    Fm::Text(t) => Some(split_list(t)),
                    Fm::List(items) => items.iter().map(Fm::scalar_text).collect(),
                    Fm::Nested => None,
                    single => single.scalar_text().map(|t| split_list(&t)),
                };
                match items {
                    Some(items) if name == "tags" => meta.tags = items,
                    Some(items) => meta.authors = items,
                    None => expected("a list of single values"),
                }
            }
            _ => {
                if let Some(slot) = text_slot(&mut meta, &name) {
                    match value.scalar_text() {
                        Some(t) => *slot = Some(t),
                        None => expected("a single value"),
                    }
                    continue;
                }
                let values: Option<Vec<String>> = match &value {
                    Fm::List(items) => items.iter().map(Fm::scalar_text).collect(),
                    single => single.scalar_text().map(|t| vec![t]),
                };
                match values {
                    Some(values) => meta
                        .extra
                        .extend(values.into_iter().map(|v| (name.clone(), v))),
                    None => expected("a single value or a list of them"),
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(meta)
    } else {
        Err(errors)
    }
}

// ---- front matter text --------------------------------------------------

/// Splits `text` (BOM removed) into the front matter between two `fence`
/// lines and the body after the second. `None` when the first line is not
/// the fence.
fn split_front_matter<'t>(
    text: &'t str,
    fence: &str,
) -> Option<Result<(&'t str, &'t str), String>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != fence {
        return None;
    }
    let start = first.len();
    let mut at = start;
    for line in lines {
        if line.trim_end() == fence {
            let fm = text.get(start..at).unwrap_or_default();
            let body = text.get(at + line.len()..).unwrap_or_default();
            return Some(Ok((fm, body)));
        }
        at += line.len();
    }
    Some(Err(format!("the `{fence}` front matter is not closed")))
}

/// Reads TOML front matter; dates keep the text they were written with.
fn read_toml(fm: &str) -> Result<Entries, String> {
    use toml::de::{DeTable, DeValue};
    let table = DeTable::parse(fm).map_err(|e| format!("TOML front matter: {e}"))?;
    let scalar = |v: &toml::Spanned<DeValue<'_>>| match v.get_ref() {
        DeValue::String(s) => Fm::Text(s.to_string()),
        // Numbers as written (`1.10`, `0x1F`, `+12`, and an integer too
        // big for 64 bits).
        DeValue::Integer(_) | DeValue::Float(_) => {
            Fm::Number(fm.get(v.span()).unwrap_or_default().to_owned())
        }
        DeValue::Boolean(b) => Fm::Bool(*b),
        DeValue::Datetime(_) => Fm::Date(fm.get(v.span()).unwrap_or_default().to_owned()),
        DeValue::Array(_) | DeValue::Table(_) => Fm::Nested,
    };
    let mut out = Entries::new();
    for (key, value) in table.get_ref() {
        let value = match value.get_ref() {
            DeValue::Array(items) => Fm::List(items.iter().map(scalar).collect()),
            _ => scalar(value),
        };
        out.push((key.get_ref().to_string(), value));
    }
    Ok(out)
}

/// A TOML basic string on one line (so no line of it can read as the
/// closing `+++`).
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes TOML front matter (fences included).
fn write_toml(entries: &Entries) -> String {
    let string = toml_string;
    let value = |v: &Fm| match v {
        Fm::Bool(b) => b.to_string(),
        // Every accepted page date is a TOML 1.1 local date or date-time.
        Fm::Date(s) => s.clone(),
        Fm::Number(s) | Fm::Text(s) => string(s),
        Fm::Null | Fm::List(_) | Fm::Nested => string(""),
    };
    let mut out = String::from("+++\n");
    for (key, v) in entries {
        let bare = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if bare {
            out.push_str(key);
        } else {
            out.push_str(&string(key));
        }
        out.push_str(" = ");
        match v {
            Fm::List(items) => {
                let items: Vec<String> = items.iter().map(value).collect();
                out.push('[');
                out.push_str(&items.join(", "));
                out.push(']');
            }
            other => out.push_str(&value(other)),
        }
        out.push('\n');
    }
    out.push_str("+++\n");
    out
}

// ---- one file -----------------------------------------------------------

/// Why a file was not converted.
enum Failure {
    /// Messages about the file's content.
    Content(Vec<String>),
    /// It could not be read or written.
    Io(String),
}

/// Reads a file into its meta and body.
fn read_page(text: &str, from: Source) -> Result<(PageMeta, String), Vec<String>> {
    let plain = text.strip_prefix('\u{feff}').unwrap_or(text);
    let front = |fence: &str| split_front_matter(plain, fence);
    let (format, split) = match from {
        Source::Pagefmt => (Source::Pagefmt, None),
        Source::Yaml => (Source::Yaml, front("---")),
        Source::Toml => (Source::Toml, front("+++")),
        Source::Auto => match (front("+++"), front("---")) {
            (Some(s), _) => (Source::Toml, Some(s)),
            (None, Some(s)) => (Source::Yaml, Some(s)),
            (None, None) => (Source::Pagefmt, None),
        },
    };
    if format == Source::Pagefmt {
        let page = Page::parse(text);
        return match page.meta() {
            Ok(meta) => Ok((meta, page.body().to_owned())),
            Err(errors) => Err(errors.iter().map(ToString::to_string).collect()),
        };
    }
    let fence = if format == Source::Toml { "+++" } else { "---" };
    let (fm, body) = match split {
        Some(Ok(parts)) => parts,
        Some(Err(e)) => return Err(vec![e]),
        None => return Err(vec![format!("the first line is not `{fence}`")]),
    };
    let entries = if format == Source::Toml {
        read_toml(fm)
    } else {
        yaml::read_yaml(fm)
    };
    let meta = to_meta(entries.map_err(|e| vec![e])?)?;
    Ok((meta, body.to_owned()))
}

/// The converted text of a file (not for JSON), with the file's BOM and
/// line ending (its first one; front matter keeps `\n` after a lone `\r`,
/// which its fences are not read with).
fn convert(text: &str, args: &Args) -> Result<String, Vec<String>> {
    let (meta, body) = read_page(text, args.from)?;
    let source = Page::parse(text);
    let (newline, bom) = (source.newline(), source.has_bom());
    let head = match args.to {
        To::Yaml => yaml::write_yaml(&entries(&meta)),
        To::Toml => write_toml(&entries(&meta)),
        To::Json | To::Pagefmt => {
            return Page::from_meta_with(&meta, &body, newline, bom)
                .map(|p| p.to_string())
                .map_err(|errors| {
                    errors
                        .iter()
                        .map(|e| format!("{e} (in the header written)"))
                        .collect()
                });
        }
    };
    let head = if newline == "\r\n" {
        head.replace('\n', "\r\n")
    } else {
        head
    };
    let bom = if bom { "\u{feff}" } else { "" };
    Ok(format!("{bom}{head}{body}"))
}

/// Reads a file as UTF-8 text.
fn read_text(path: &Path, limit: u64) -> Result<String, Failure> {
    let bytes = common::read(path, limit).map_err(Failure::Io)?;
    String::from_utf8(bytes).map_err(|e| {
        let msg = Page::from_bytes(e.as_bytes())
            .err()
            .map_or_else(|| e.to_string(), |e| e.to_string());
        Failure::Content(vec![msg])
    })
}

/// Converts one file and writes it where `args` says (`dest`: the output
/// path, or `None` for stdout).
fn run_one(
    path: &Path,
    dest: Option<&Path>,
    args: &Args,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let text = read_text(path, args.read.max_size)?;
    if args.to == To::Json {
        let (meta, _) = read_page(&text, args.from).map_err(Failure::Content)?;
        let line = serde_json::json!({"path": common::path_text(path), "meta": meta});
        return writeln!(out, "{line}").map_err(|e| Failure::Io(format!("stdout: {e}")));
    }
    let converted = convert(&text, args).map_err(Failure::Content)?;
    match dest {
        None => out
            .write_all(converted.as_bytes())
            .map_err(|e| Failure::Io(format!("stdout: {e}"))),
        Some(dest) if dest == path && converted == text => Ok(()),
        Some(dest) => {
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Failure::Io(format!("cannot create {}: {e}", dir.display())))?;
            }
            common::write(dest, converted.as_bytes()).map_err(|e| Failure::Io(e.to_string()))
        }
    }
}

/// `path` made absolute with its symlinks resolved, as far as it exists
/// (the rest joined on as written).
fn resolved(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                at = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// An error when `--out DIR` lies in a folder being read (or is one): the
/// converted files would land among, or over, the originals.
fn check_out_dir(args: &Args) -> Result<(), String> {
    let Some(out) = &args.out else {
        return Ok(());
    };
    let out_real = resolved(out);
    for arg in args.paths.iter().filter(|a| a.is_dir()) {
        let read = resolved(arg);
        if out_real.starts_with(&read) {
            return Err(format!(
                "--out {} is inside {}, which is being read: give another folder, or --in-place to rewrite the files",
                out.display(),
                arg.display()
            ));
        }
    }
    Ok(())
}

/// Each page file with the path it is written to (`None`: stdout).
type Jobs = Vec<(PathBuf, Option<PathBuf>)>;

/// The [`Jobs`], and whether walking the paths met a problem (printed on
/// stderr).
fn plan(args: &Args) -> Result<(Jobs, bool), String> {
    check_out_dir(args)?;
    let mut jobs = Vec::new();
    let mut walk_failed = false;
    for arg in &args.paths {
        let (files, failed) = common::page_files("convert", std::slice::from_ref(arg));
        walk_failed |= failed;
        for file in files {
            let dest = if args.to == To::Json {
                None
            } else if args.in_place {
                Some(file.clone())
            } else if let Some(dir) = &args.out {
                let rel = if arg.is_dir() {
                    file.strip_prefix(arg).unwrap_or(&file).to_path_buf()
                } else {
                    file.file_name().map(PathBuf::from).unwrap_or_default()
                };
                Some(dir.join(rel))
            } else {
                None
            };
            jobs.push((file, dest));
        }
    }
    if args.to == To::Json && (args.in_place || args.out.is_some()) {
        return Err("--to json prints to stdout: leave out --in-place and --out".to_owned());
    }
    if args.to != To::Json && jobs.len() > 1 && !args.in_place && args.out.is_none() {
        return Err(format!(
            "{} files: give --in-place or --out DIR to convert more than one",
            jobs.len()
        ));
    }
    let mut seen = HashSet::new();
    let sources: HashSet<PathBuf> = jobs.iter().map(|(file, _)| resolved(file)).collect();
    for (file, dest) in &jobs {
        if let Some(dest) = dest {
            if !seen.insert(dest) {
                return Err(format!("two files would be written to {}", dest.display()));
            }
            if !args.in_place && sources.contains(&resolved(dest)) {
                return Err(format!(
                    "{} would be written over {}, which is being read: give another folder, or --in-place",
                    file.display(),
                    dest.display()
                ));
            }
        }
    }
    Ok((jobs, walk_failed))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (jobs, walk_failed) = match plan(&args) {
        Ok(planned) => planned,
        Err(e) => {
            eprintln!("convert: {e}");
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = if walk_failed { 2 } else { 0u8 };
    for (path, dest) in &jobs {
        match run_one(path, dest.as_deref(), &args, &mut out) {
            Ok(()) => {}
            Err(Failure::Content(messages)) => {
                for m in messages {
                    eprintln!("{}: {m}", path.display());
                }
                status = status.max(1);
            }
            Err(Failure::Io(m)) => {
                eprintln!("convert: {m}");
                status = 2;
            }
        }
    }
    if out.flush().is_err() {
        status = 2;
    }
    ExitCode::from(status)
}
