//! Lists every link of each page, with where it is, what it points at,
//! and whether an internal link is broken.
//!
//! ```text
//! cargo run --example links -- [--internal | --external | --broken]
//!     [--known-path PATH]... [--format text|tsv|json] [--dialect pymd|commonmark] PATH...
//! cargo run --example links -- [--settings FILE] [--config FILE]
//!     [--setting NAME=VALUE]... [filters and format as above] ROOT
//! ```
//!
//! **Site mode.** Given one folder ROOT holding `pelicanconf.py` or
//! `pagefmt.toml`, or any of `--settings`, `--config`, `--setting`, the
//! whole site is read as the `site` example reads it (Pelican's settings,
//! its content folder, every item's URL), and each link of each item is
//! resolved as Pelican resolves it (`Site::resolve`): `{filename}`,
//! `|filename|`, `{static}`, `{attach}`, `{tag}`, `{category}`,
//! `{author}`, `{index}`, root-absolute paths, URLs on `SITEURL`'s host,
//! and relative URLs from the page's own URL. The links of the header
//! values Pelican renders as Markdown (`FORMATTED_FIELDS`, by default
//! `summary`) are listed too, before the body's, at their header line. A
//! link is then broken when it resolves to nothing or its `#fragment` is
//! not an id of the item it points at; the rules below are not used.
//!
//! Each PATH is a page file or a folder (searched recursively for `*.md`
//! and `*.markdown`, in sorted order). Links are those of `Page::outline`,
//! the body read as Pelican renders it (the Python-Markdown dialect;
//! `--dialect commonmark` reads CommonMark): Markdown links and images,
//! autolinks, and `href`/`src` in raw HTML, in source order.
//!
//! Each link has a kind (`inline`, `reference`, `collapsed`, `shortcut`,
//! `autolink`, `email`, `image`, `html`, `html-img`) and a target class
//! (`page`, `fragment`, `asset`, `relative`, `protocol-relative`, `https`,
//! `http`, `mailto`, `other-scheme`, `dangerous`). Links of class `page`,
//! `fragment`, `asset` and `relative` are *internal*; the others are
//! *external*.
//!
//! A link is *broken* when it points at `/slug.html` and no page given has
//! that slug, or at `/blog/slug.html` and no post (`category: post`) has
//! it, or its `#fragment` is not the id of a heading of the page it points
//! at (a bare `#fragment` points at its own page; an empty one, `#`, at
//! its top, and is never broken). Ids are made as Python-Markdown's table
//! of contents makes them. A page's slug is its
//! `slug` value, or its file name without extension when it has none. A
//! destination whose path (before `#` or `?`) is a `--known-path`, such as
//! `/table-of-contents.html` or `/blog.html` for pages the site generates,
//! is never broken. Assets are not checked.
//!
//! Filters: `--internal`, `--external`, `--broken` (at most one).
//!
//! Formats, one link per line:
//!
//! ```text
//! text: site/pages/setup.md:20:1: inline page /missing.html (broken: no page has the slug `missing`)
//! tsv:  path, line, column, kind, class, dest, broken (the reason, or empty), tab-separated,
//!       after a header line naming them
//! json: {"path", "line", "column", "kind", "class", "dest", "broken": null or the reason,
//!        "resolved": {"kind", "target", "fragment_found"} or null,
//!        "field" (site mode): the header field holding the link, or null}
//! ```
//!
//! `resolved` is given in site mode (null otherwise): `kind` is `item`,
//! `static`, `output`, `fragment`, `external` or `unresolved`; `target`
//! the source path of the item or static file, the output path, or the
//! host of an external URL (null when unresolved); `fragment_found` true
//! or false when the link has a fragment into a page read, else null.
//!
//! The line and column are where the link starts (1-based, columns in
//! characters). In the text and TSV formats `\`, tabs and line breaks in
//! a path, destination or reason are written `\\`, `\t`, `\n` and `\r`.
//!
//! Errors go to stderr. Exit status: 0 when no listed link is broken, 1 when
//! one is, 2 on a usage error or a file that cannot be read as UTF-8 text.

#[path = "common/mod.rs"]
mod common;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Parser, ValueEnum};
use pagefmt::site::{LoadOptions, Resolved, ResolvedKind, Site};
use pagefmt::{Body, Category, Link, LinkKind, Location, Page, Target};
use serde_json::json;

/// Lists the links of pages.
#[derive(Debug, Parser)]
#[command(name = "links")]
#[command(group(ArgGroup::new("filter").args(["internal", "external", "broken"])))]
struct Args {
    /// Only internal links (page, fragment, asset, relative).
    #[arg(long)]
    internal: bool,
    /// Only external links.
    #[arg(long)]
    external: bool,
    /// Only broken links.
    #[arg(long)]
    broken: bool,
    /// A path the site generates, never broken (repeatable).
    #[arg(long = "known-path", value_name = "PATH")]
    known_paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The Pelican settings file (site mode).
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// The pagefmt.toml (site mode).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// A setting over all others, NAME=VALUE with a JSON value (site mode; repeatable).
    #[arg(long = "setting", value_name = "NAME=VALUE")]
    settings_given: Vec<String>,
    #[command(flatten)]
    read: common::ReadArgs,
    #[command(flatten)]
    body: common::BodyArgs,
    /// Page files or folders, or the site's root folder.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

impl Args {
    /// Whether the paths name a whole site (see the module docs).
    fn site_mode(&self) -> bool {
        let flags =
            self.settings.is_some() || self.config.is_some() || !self.settings_given.is_empty();
        let root = match self.paths.as_slice() {
            [one] if one.is_dir() => {
                one.join("pelicanconf.py").is_file() || one.join("pagefmt.toml").is_file()
            }
            _ => false,
        };
        flags || root
    }
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Tsv,
    Json,
}

/// The name of a link kind.
fn kind_name(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Inline => "inline",
        LinkKind::Reference => "reference",
        LinkKind::Collapsed => "collapsed",
        LinkKind::Shortcut => "shortcut",
        LinkKind::Autolink => "autolink",
        LinkKind::Email => "email",
        LinkKind::Image => "image",
        LinkKind::Html => "html",
        LinkKind::HtmlImg => "html-img",
        _ => "other",
    }
}

/// Whether a target stays on the site.
fn internal(target: &Target<'_>) -> bool {
    matches!(
        target,
        Target::Page { .. } | Target::Fragment(_) | Target::Asset | Target::Relative
    )
}

/// A page as links point at it.
struct Known {
    /// `(slug, is a post)` of every page given, with its heading ids.
    pages: HashMap<(String, bool), HashSet<String>>,
    /// `--known-path` values.
    paths: HashSet<String>,
}

impl Known {
    /// Why `link` on a page with heading ids `own` is broken, if it is.
    fn broken(&self, link: &Link<'_>, own: &HashSet<String>) -> Option<String> {
        let path = link.dest.split(['#', '?']).next().unwrap_or_default();
        if self.paths.contains(path) {
            return None;
        }
        let (ids, fragment) = match link.target() {
            Target::Fragment(id) => (own, id),
            Target::Page {
                slug,
                fragment,
                post,
            } => {
                let Some(ids) = self.pages.get(&(slug.to_owned(), post)) else {
                    let what = if post { "post" } else { "page" };
                    return Some(format!("no {what} has the slug `{slug}`"));
                };
                match fragment {
                    Some(f) => (ids, f),
                    None => return None,
                }
            }
            _ => return None,
        };
        if fragment.is_empty() || ids.contains(fragment) {
            None
        } else {
            Some(format!("no heading has the id `{fragment}`"))
        }
    }
}

/// Escapes `\`, tabs and line breaks, so that a field stays on its line.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// One link as listed: where it is, and why it is broken.
struct Listed<'a> {
    path: PathBuf,
    kind: LinkKind,
    dest: &'a str,
    location: Location,
    /// The header field the link is in (site mode), or none for the body.
    field: Option<&'a str>,
    broken: Option<String>,
    resolved: Option<Resolved>,
}

impl<'a> Listed<'a> {
    fn body(path: PathBuf, link: &'a Link<'a>) -> Listed<'a> {
        Listed {
            path,
            kind: link.kind,
            dest: &link.dest,
            location: link.location,
            field: None,
            broken: None,
            resolved: None,
        }
    }
}

/// Writes the links kept by the filters; returns the exit status.
fn write_links(args: &Args, listed: &[Listed<'_>]) -> Result<u8, std::io::Error> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = 0;
    if args.format == Format::Tsv {
        writeln!(out, "path\tline\tcolumn\tkind\tclass\tdest\tbroken")?;
    }
    for l in listed {
        let broken = &l.broken;
        let target = pagefmt::classify(l.dest);
        let keep = if args.internal {
            internal(&target)
        } else if args.external {
            !internal(&target)
        } else if args.broken {
            broken.is_some()
        } else {
            true
        };
        if !keep {
            continue;
        }
        if broken.is_some() {
            status = 1;
        }
        let (line, column) = (l.location.line, l.location.column);
        let kind = kind_name(l.kind);
        let class = target.class();
        let path = &l.path.display().to_string();
        match args.format {
            Format::Text => {
                let note = broken
                    .as_deref()
                    .map(|b| format!(" (broken: {})", escape(b)))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}:{line}:{column}: {kind} {class} {}{note}",
                    escape(path),
                    escape(l.dest)
                )?;
            }
            Format::Tsv => writeln!(
                out,
                "{}\t{line}\t{column}\t{kind}\t{class}\t{}\t{}",
                escape(path),
                escape(l.dest),
                broken.as_deref().map(escape).unwrap_or_default()
            )?,
            Format::Json => {
                let resolved = l.resolved.as_ref().map(|r| {
                    json!({"kind": r.kind.as_str(), "target": r.target, "fragment_found": r.fragment_found})
                });
                let mut v = json!({
                    "path": common::path_text(&l.path), "line": line, "column": column,
                    "kind": kind, "class": class, "dest": l.dest, "broken": broken,
                    "resolved": resolved,
                });
                if l.resolved.is_some() {
                    v["field"] = json!(l.field);
                }
                writeln!(out, "{v}")?;
            }
        }
    }
    out.flush()?;
    Ok(status)
}

/// Site mode: every link of every item, resolved as Pelican resolves it.
fn site_links(args: &Args) -> ExitCode {
    let mut options = LoadOptions {
        settings_file: args.settings.clone(),
        config: args.config.clone(),
        overrides: Vec::new(),
    };
    for s in &args.settings_given {
        if let Err(e) = options.add_setting(s) {
            eprintln!("links: {e}");
            return ExitCode::from(2);
        }
    }
    let [root] = args.paths.as_slice() else {
        eprintln!("links: site mode takes one ROOT folder");
        return ExitCode::from(2);
    };
    let site = match Site::load_with(root, &options) {
        Ok(site) => site,
        Err(e) => {
            eprintln!("links: {e}");
            return ExitCode::from(2);
        }
    };
    for note in site.notes() {
        eprintln!("links: {note}");
    }
    let options = args.body.options();
    let bodies: Vec<Body<'_>> = site
        .items()
        .iter()
        .map(|i| i.page.outline(&options))
        .collect();
    let mut listed = Vec::new();
    for (item, body) in site.items().iter().zip(&bodies) {
        let path = site.content_path().join(&item.source);
        let fields = item.field_links().iter().map(|l| Listed {
            path: path.clone(),
            kind: l.kind,
            dest: &l.dest,
            location: l.location,
            field: Some(&l.field),
            broken: None,
            resolved: None,
        });
        let links = body.links.iter().map(|l| Listed::body(path.clone(), l));
        for mut l in fields.chain(links) {
            let r = site.resolve_dest(&item.source, l.dest);
            l.broken = match (r.kind, r.fragment_found) {
                (ResolvedKind::Unresolved, _) => Some(
                    r.note
                        .clone()
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| "points at nothing the site has".to_owned()),
                ),
                (_, Some(false)) => Some(format!(
                    "no heading or anchor has the id `{}`",
                    l.dest.split_once('#').map_or("", |(_, f)| f)
                )),
                _ => None,
            };
            l.resolved = Some(r);
            listed.push(l);
        }
    }
    match write_links(args, &listed) {
        Ok(status) => ExitCode::from(status),
        Err(_) => ExitCode::from(2),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.site_mode() {
        return site_links(&args);
    }
    let (files, walk_failed) = common::page_files("links", &args.paths);
    let mut status = if walk_failed { 2 } else { 0 };
    let mut texts = Vec::new();
    for path in files {
        let text = common::read_text(&path, args.read.max_size);
        match text {
            Ok(text) => texts.push((path, text)),
            Err(e) => {
                eprintln!("links: {e}");
                status = 2;
            }
        }
    }
    let options = args.body.options();
    let pages: Vec<Page<'_>> = texts.iter().map(|(_, t)| Page::parse(t)).collect();
    let bodies: Vec<Body<'_>> = pages.iter().map(|p| p.outline(&options)).collect();
    let ids: Vec<HashSet<String>> = bodies
        .iter()
        .map(|b| b.headings.iter().map(|h| h.id.to_string()).collect())
        .collect();
    let mut known = Known {
        pages: HashMap::new(),
        paths: args.known_paths.iter().cloned().collect(),
    };
    for (((path, _), page), ids) in texts.iter().zip(&pages).zip(&ids) {
        let (meta, _) = page.meta_lenient();
        let slug = meta.slug.unwrap_or_else(|| {
            let stem = path.file_stem().unwrap_or_default();
            stem.to_string_lossy().into_owned()
        });
        let post = meta.category == Some(Category::Post);
        known
            .pages
            .entry((slug, post))
            .or_default()
            .extend(ids.iter().cloned());
    }

    let mut listed = Vec::new();
    for (((path, _), body), own) in texts.iter().zip(&bodies).zip(&ids) {
        for link in &body.links {
            listed.push(Listed {
                broken: known.broken(link, own),
                ..Listed::body(path.clone(), link)
            });
        }
    }
    match write_links(&args, &listed) {
        Ok(found) => status = status.max(found),
        Err(_) => return ExitCode::from(2),
    }
    ExitCode::from(status)
}
