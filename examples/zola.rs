//! Migrates Pelican pages (such as Full Stack Python's) to Zola: TOML front
//! matter with Zola's keys, and links between pages made Zola's internal
//! links (`@/slug.md`), with the public API alone.
//!
//! ```text
//! cargo run --example zola -- [--out DIR] PATH...
//! ```
//!
//! Each PATH is a page file or a folder (searched recursively for `*.md`
//! and `*.markdown`). A page goes to `SLUG.md`, an article (category `post`
//! or `talk`) to `blog/SLUG.md`: under DIR with `--out`, else printed to
//! stdout, each file after a `==> NAME <==` line.
//!
//! **Front matter.** `title`; `description` from `meta`; `date` and
//! `updated` (from `modified`) as native TOML dates; `slug` (the header's,
//! else the file's name); `weight` from the sort order's value; `draft =
//! true` for a `draft` status; `taxonomies.tags`; every other field of the
//! page under `[extra]`, as pagefmt serializes it (`sidebartitle`,
//! `headerimage`, `toc`, `choice1url` ..., and the page's own extra keys
//! under `extra.extra`).
//!
//! **Links.** `/SLUG.html` becomes `@/SLUG.md`, `/blog/SLUG.html` becomes
//! `@/blog/SLUG.md`, each keeping its `#fragment`; nothing else in the body
//! changes (see `Page::rewrite_links`). A link that cannot be written is
//! reported on stderr as `PATH:LINE:COLUMN: ...` and left as it was.
//!
//! Problems go to stderr; the exit status is 1 when a page could not be
//! read or has an invalid header (it is not written), 2 on a usage error.

#[path = "common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use pagefmt::{locate, BodyOptions, Category, Date, Page, PageMeta, Target};
use serde::Serialize;

/// Migrates Pelican pages to Zola.
#[derive(Debug, Parser)]
#[command(name = "zola")]
struct Args {
    /// Write the files under this folder (Zola's `content/`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    read: common::ReadArgs,
    /// Page files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// Zola's front matter.
#[derive(Debug, Serialize)]
struct Front {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<toml::value::Datetime>,
    slug: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<u64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    #[serde(skip_serializing_if = "Taxonomies::is_empty")]
    taxonomies: Taxonomies,
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    extra: toml::Table,
}

#[derive(Debug, Serialize)]
struct Taxonomies {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
}

impl Taxonomies {
    fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }
}

/// A date as TOML's own date (a local date, or a date-time with its
/// offset when it has one).
fn toml_date(d: &Date) -> toml::value::Datetime {
    use toml::value::{Date as TDate, Offset, Time as TTime};
    toml::value::Datetime {
        date: Some(TDate {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }),
        time: d.time().map(|t| TTime {
            hour: t.hour(),
            minute: t.minute(),
            second: Some(t.second()),
            nanosecond: (t.nanosecond() > 0).then_some(t.nanosecond()),
        }),
        offset: d.offset_seconds().map(|s| match s {
            0 => Offset::Z,
            s => Offset::Custom {
                minutes: i16::try_from(s / 60).unwrap_or_default(),
            },
        }),
    }
}

/// Whether a page of `category` is an article (under `blog/`).
fn is_article(category: Option<&Category>) -> bool {
    matches!(category, Some(Category::Post | Category::Talk))
}

/// The Zola front matter of `meta`, for a page whose slug is `slug`.
fn front(meta: &PageMeta, slug: &str) -> Result<Front, String> {
    // Every field pagefmt serializes, minus those Zola has keys for.
    let mut extra = toml::Table::try_from(meta).map_err(|e| e.to_string())?;
    for key in [
        "title",
        "meta",
        "date",
        "modified",
        "slug",
        "sortorder",
        "sort-order",
        "tags",
        "status",
    ] {
        extra.remove(key);
    }
    Ok(Front {
        title: meta.title.clone(),
        description: meta.description.clone(),
        date: meta.date.as_ref().map(toml_date),
        updated: meta.modified.as_ref().map(toml_date),
        slug: slug.to_owned(),
        weight: meta.sort_order.as_ref().and_then(|s| s.value()),
        draft: meta.status.as_deref() == Some("draft"),
        taxonomies: Taxonomies {
            tags: meta.tags.clone(),
        },
        extra,
    })
}

/// The Zola file of one page: its name under `content/` and its text.
fn migrate(path: &Path, text: &str) -> Result<(String, String), Vec<String>> {
    let shown = path.display();
    let mut page = Page::parse(text);
    let meta = page.meta().map_err(|errors| {
        errors
            .iter()
            .map(|e| format!("{shown}: {e}"))
            .collect::<Vec<_>>()
    })?;
    let slug = meta.slug.clone().unwrap_or_else(|| {
        let stem = path.file_stem().unwrap_or_default();
        stem.to_string_lossy().into_owned()
    });
    let front = front(&meta, &slug).map_err(|e| vec![format!("{shown}: {e}")])?;
    let front = toml::to_string(&front).map_err(|e| vec![format!("{shown}: {e}")])?;

    let before = page.text().to_owned();
    let done = page.rewrite_links(&BodyOptions::default(), |link| match link.target() {
        Target::Page {
            slug,
            fragment,
            post,
        } => {
            let folder = if post { "blog/" } else { "" };
            let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            Some(format!("@/{folder}{slug}.md{fragment}"))
        }
        _ => None,
    });
    for span in &done.unwritable {
        let at = locate(&before, span.start);
        eprintln!("{shown}:{at}: this link could not be rewritten; it is left as it was");
    }
    let folder = if is_article(meta.category.as_ref()) {
        "blog/"
    } else {
        ""
    };
    let out = format!("+++\n{front}+++\n{}", page.body());
    Ok((format!("{folder}{slug}.md"), out))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (files, walk_failed) = common::page_files("zola", &args.paths);
    let mut status = u8::from(walk_failed);
    for path in files {
        let text = match common::read_text(&path, args.read.max_size) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("zola: {e}");
                status = 1;
                continue;
            }
        };
        let (name, out) = match migrate(&path, &text) {
            Ok(done) => done,
            Err(errors) => {
                for e in errors {
                    eprintln!("{e}");
                }
                status = 1;
                continue;
            }
        };
        match &args.out {
            Some(dir) => {
                let target = dir.join(&name);
                let written = target
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .map_err(|e| e.to_string())
                    .and_then(|()| {
                        common::write(&target, out.as_bytes()).map_err(|e| e.to_string())
                    });
                if let Err(e) = written {
                    eprintln!("zola: {}: {e}", target.display());
                    status = 1;
                }
            }
            None => print!("==> {name} <==\n{out}"),
        }
    }
    ExitCode::from(status)
}
