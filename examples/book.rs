//! Joins the pages of a site into one Markdown document, with links
//! between them turned into links within the document.
//!
//! ```text
//! cargo run --example book -- PATH... > book.md
//! ```
//!
//! Each PATH is a page file or a folder (searched recursively for `*.md`
//! and `*.markdown`). The book is printed on stdout.
//!
//! **Order.** Pages (any category but `post`, or none) come first, then
//! posts (`category: post`). Pages are
//! ordered by sort order as a number (`sortorder: 0719` is 719; pages with
//! none come after those with one), then by slug; posts by date and time
//! (posts with none last), then by slug; files that still tie keep the
//! order of their paths.
//!
//! **Each page** is written as an anchor line `<a id="SLUG"></a>`, a blank
//! line, and its body with the leading blank lines left out; pages are
//! separated by a blank line. The header is dropped. A page's slug is its
//! `slug` value, or its file name without extension when it has none. The
//! anchor is raw HTML so that it works whatever Markdown converter reads
//! the book. A heading may get the same id as some anchor (`# Microservices`
//! on the page `microservices`); browsers go to the first element with the
//! id, which is the anchor unless the heading comes earlier in the book.
//!
//! **Links.** A link to `/SLUG.html` (a page) or `/blog/SLUG.html` (a
//! post) of the book becomes `#SLUG`, or `#ID` when it names a `#ID`
//! fragment that is a heading id of that page, of no other page of the book
//! and no page's slug (so the id stays the same, and unique, once the pages
//! are joined). Other links
//! (external, assets, same-page fragments, pages not in the book) are left
//! as they are. Only the destination bytes change (`Page::rewrite_links`).
//!
//! Problems go to stderr: a header value that does not read (the page is
//! placed with the fields that do) or a link that could not be rewritten.
//! Exit status: 0 when there was none, 1 when there was some (the book is
//! still written), 2 on a usage error or a file that cannot be read as
//! UTF-8 text.

#[path = "common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use pagefmt::{BodyOptions, Category, LineIndex, Page, Target};

/// Joins the pages of a site into one Markdown document.
#[derive(Debug, Parser)]
#[command(name = "book")]
struct Args {
    #[command(flatten)]
    read: common::ReadArgs,
    /// Page files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// A page of the book.
struct Chapter {
    path: PathBuf,
    text: String,
    slug: String,
    post: bool,
    /// Pages: the sort order's value; posts: nothing.
    order: Option<u64>,
    /// Posts: the date and time (midnight when none is written).
    date: Option<(u16, u8, u8, pagefmt::Time)>,
    ids: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (files, walk_failed) = common::page_files("book", &args.paths);
    let options = BodyOptions::default();
    let mut status = if walk_failed { 2 } else { 0 };
    let mut chapters = Vec::new();
    for path in files {
        let text = match common::read_text(&path, args.read.max_size) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("book: {e}");
                status = 2;
                continue;
            }
        };
        let page = Page::parse(&text);
        let (meta, errors) = page.meta_lenient();
        for e in &errors {
            eprintln!("{}: {e}", path.display());
            status = status.max(1);
        }
        let ids = page
            .outline(&options)
            .headings
            .into_iter()
            .map(|h| h.id.into())
            .collect();
        let slug = meta.slug.clone().unwrap_or_else(|| {
            let stem = path.file_stem().unwrap_or_default();
            stem.to_string_lossy().into_owned()
        });
        let post = meta.category == Some(Category::Post);
        chapters.push(Chapter {
            order: meta
                .sort_order
                .as_ref()
                .and_then(|s| s.value())
                .filter(|_| !post),
            date: meta
                .date
                .as_ref()
                .map(|d| (d.year(), d.month(), d.day(), d.time().unwrap_or_default()))
                .filter(|_| post),
            path,
            text,
            slug,
            post,
            ids,
        });
    }
    // The documented order; `None` sorts last.
    chapters.sort_by_cached_key(|c| {
        let order = (c.order.is_none(), c.order);
        let date = (c.date.is_none(), c.date);
        (c.post, order, date, c.slug.clone(), c.path.clone())
    });

    // Where each (slug, is a post) goes, and how many pages hold each id.
    let in_book: HashMap<(&str, bool), usize> = chapters
        .iter()
        .enumerate()
        .map(|(i, c)| ((c.slug.as_str(), c.post), i))
        .collect();
    // Each page's ids: its headings' and its anchor's.
    let mut id_count: HashMap<&str, usize> = HashMap::new();
    for c in &chapters {
        let mut ids: Vec<&str> = c.ids.iter().map(String::as_str).collect();
        ids.push(&c.slug);
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            *id_count.entry(id).or_default() += 1;
        }
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (n, chapter) in chapters.iter().enumerate() {
        let mut page = Page::parse(&chapter.text);
        let done = page.rewrite_links(&options, |link| {
            let Target::Page {
                slug,
                fragment,
                post,
            } = link.target()
            else {
                return None;
            };
            let &i = in_book.get(&(slug, post))?;
            let target = chapters.get(i)?;
            let anchor = match fragment {
                Some(f)
                    if target.ids.iter().any(|id| id == f)
                        && id_count.get(f).copied() == Some(1) =>
                {
                    f
                }
                _ => slug,
            };
            Some(format!("#{anchor}"))
        });
        if !done.unwritable.is_empty() {
            let index = LineIndex::new(&chapter.text);
            for span in &done.unwritable {
                let at = index.location(&chapter.text, span.start);
                eprintln!(
                    "{}:{}:{}: this link could not be rewritten",
                    chapter.path.display(),
                    at.line,
                    at.column
                );
            }
            status = status.max(1);
        }
        let body = page.body().trim_start_matches(['\n', '\r']);
        let sep = if n == 0 { "" } else { "\n" };
        let end = if body.is_empty() || body.ends_with(['\n', '\r']) {
            ""
        } else {
            "\n"
        };
        let slug = chapter.slug.replace('&', "&amp;").replace('"', "&quot;");
        if write!(out, "{sep}<a id=\"{slug}\"></a>\n\n{body}{end}").is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(status)
}
