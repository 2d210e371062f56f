//! Lists every link of each page, with where it is, what it points at,
//! and whether an internal link is broken.
//!
//! ```text
//! cargo run --example links -- [--internal | --external | --broken]
//!     [--known-path PATH]... [--format text|tsv|json] [--dialect pymd|commonmark] PATH...
//! ```
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
//! json: {"path", "line", "column", "kind", "class", "dest", "broken": null or the reason}
//! ```
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
use pagefmt::{Body, Category, Link, LinkKind, Page, Target};
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
    #[command(flatten)]
    read: common::ReadArgs,
    #[command(flatten)]
    body: common::BodyArgs,
    /// Page files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
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

fn main() -> ExitCode {
    let args = Args::parse();
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
        .map(|b| b.headings.iter().map(|h| h.id.clone()).collect())
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

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.format == Format::Tsv
        && writeln!(out, "path\tline\tcolumn\tkind\tclass\tdest\tbroken").is_err()
    {
        return ExitCode::from(2);
    }
    for (((path, _), body), own) in texts.iter().zip(&bodies).zip(&ids) {
        for link in &body.links {
            let target = link.target();
            let broken = known.broken(link, own);
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
                status = status.max(1);
            }
            let (line, column) = (link.location.line, link.location.column);
            let kind = kind_name(link.kind);
            let class = target.class();
            let path_buf = path;
            let path = path.display();
            let written = match args.format {
                Format::Text => {
                    let note = broken
                        .as_deref()
                        .map(|b| format!(" (broken: {})", escape(b)))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{}:{line}:{column}: {kind} {class} {}{note}",
                        escape(&path.to_string()),
                        escape(&link.dest)
                    )
                }
                Format::Tsv => writeln!(
                    out,
                    "{}\t{line}\t{column}\t{kind}\t{class}\t{}\t{}",
                    escape(&path.to_string()),
                    escape(&link.dest),
                    broken.as_deref().map(escape).unwrap_or_default()
                ),
                Format::Json => {
                    let v = json!({
                        "path": common::path_text(path_buf), "line": line, "column": column,
                        "kind": kind, "class": class, "dest": link.dest, "broken": broken,
                    });
                    writeln!(out, "{v}")
                }
            };
            if written.is_err() {
                return ExitCode::from(2);
            }
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(status)
}
