//! Prints what pagefmt reads from each page as one JSON object per line.
//!
//! ```text
//! cargo run --example dump -- PATH...
//! cargo run --example dump -- --stats PATH...
//! cargo run --example dump -- --dialect commonmark PATH...
//! ```
//!
//! Bodies are read as Pelican renders them (the Python-Markdown dialect);
//! `--dialect commonmark` reads them as CommonMark.
//!
//! Each PATH is a page file or a folder (searched recursively for `*.md`
//! and `*.markdown`, in sorted order; see `pagefmt::fs::walk`). A path that
//! is not UTF-8 is written with each bad byte as `\xNN`. Files bigger
//! than `--max-size` (256 MiB by default) are not read. Each object has the keys `path`,
//! `header` (lowercased key → list of values, as Python-Markdown's meta
//! extension reports them), `body_offset`, `meta` (the typed `PageMeta`, or
//! null when a value is invalid) and `meta_errors`; a file that cannot be
//! read or is not UTF-8 gives `{"path", "error"}`. From the body:
//!
//! - `headings`: `[{"level", "text", "id", "line", "column", "start", "end"}]`
//! - `sections`: `[{"heading", "level", "start", "end", "children"}]`, the
//!   preamble first (`heading` null, level 0); `heading` indexes
//!   `headings` and `children` indexes `sections`;
//! - `links`: `[{"kind", "dest", "title", "text", "line", "column", "start",
//!   "end", "section", "target"}]`;
//! - `definitions` (`label`, `dest`, `title`, `used`, position, `dest_start`,
//!   `dest_end`) and `broken_references` (`label`, `kind`, `image`,
//!   position).
//!
//! `start`/`end` are byte offsets into the file, `line`/`column` where the
//! item starts (1-based, columns in characters).
//!
//! `--stats` does all the same reading (header, typed meta, headings,
//! sections, links) and prints one line of totals instead:
//! `files N bytes B headings H sections S links L`.
//!
//! Exit status: 0, or 1 when some file could not be read, 2 on a usage
//! error.

#[path = "common/mod.rs"]
mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use pagefmt::{Body, BodyOptions, Page, PageMeta, PyMeta};
use serde_json::json;

/// Prints what pagefmt reads from each page.
#[derive(Debug, Parser)]
#[command(name = "dump")]
struct Args {
    /// One line of totals instead of the objects.
    #[arg(long)]
    stats: bool,
    #[command(flatten)]
    read: common::ReadArgs,
    #[command(flatten)]
    body: common::BodyArgs,
    /// Page files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// One page's object, written as it is serialized (never built whole in
/// memory: on a large page the JSON tree would take many times the text).
#[derive(serde::Serialize)]
struct Dumped<'p> {
    path: &'p str,
    header: PyMeta<'p>,
    body_offset: usize,
    /// Null when a value is invalid.
    meta: Option<&'p PageMeta>,
    meta_errors: Vec<String>,
    #[serde(flatten)]
    body: &'p Body<'p>,
}

/// Writes the JSON line of the page at `path` to `out`; `Ok(false)` when
/// the file could not be read (its line is `{"path", "error"}`), `Err`
/// when `out` could not be written.
fn dump(
    path: &Path,
    limit: u64,
    options: &BodyOptions,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let shown = common::path_text(path);
    let failure = |out: &mut dyn Write, error: String| {
        writeln!(out, "{}", json!({"path": shown, "error": error})).map(|()| false)
    };
    let bytes = match common::read(path, limit) {
        Ok(b) => b,
        Err(e) => return failure(out, e),
    };
    let page = match Page::from_bytes(&bytes) {
        Ok(p) => p,
        Err(e) => return failure(out, e.to_string()),
    };
    let (meta, errors) = page.meta_lenient();
    let body = page.outline(options);
    let dumped = Dumped {
        path: &shown,
        header: page.header().pymd_meta(),
        body_offset: page.body_offset(),
        meta: errors.is_empty().then_some(&meta),
        meta_errors: errors.iter().map(ToString::to_string).collect(),
        body: &body,
    };
    serde_json::to_writer(&mut *out, &dumped)?;
    writeln!(out)?;
    Ok(true)
}

/// Totals for `--stats`.
#[derive(Default)]
struct Totals {
    files: usize,
    bytes: usize,
    headings: usize,
    sections: usize,
    links: usize,
}

/// The same reading as [`dump`], counted instead of printed. Returns false
/// when the file could not be read.
fn count(path: &Path, limit: u64, options: &BodyOptions, totals: &mut Totals) -> bool {
    let Ok(bytes) = common::read(path, limit) else {
        return false;
    };
    let Ok(page) = Page::from_bytes(&bytes) else {
        return false;
    };
    let (meta, _errors) = page.meta_lenient();
    std::hint::black_box(meta);
    let body = page.outline(options);
    totals.files += 1;
    totals.bytes += bytes.len();
    totals.headings += body.headings.len();
    totals.sections += body.sections.len();
    totals.links += body.links.len();
    true
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (stats, limit) = (args.stats, args.read.max_size);
    let options = args.body.options();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut totals = Totals::default();
    for arg in &args.paths {
        // What cannot be walked or read gives `{"path", "error"}`.
        let walked = pagefmt::fs::walk(
            std::slice::from_ref(arg),
            &pagefmt::fs::WalkOptions::default(),
        );
        for error in &walked.errors {
            failed = true;
            if !stats {
                let line =
                    json!({"path": common::path_text(error.path()), "error": error.to_string()});
                if writeln!(out, "{line}").is_err() {
                    return ExitCode::from(2);
                }
            }
        }
        for path in &walked.files {
            if stats {
                failed |= !count(path, limit, &options, &mut totals);
                continue;
            }
            match dump(path, limit, &options, &mut out) {
                Ok(read) => failed |= !read,
                Err(_) => return ExitCode::from(2),
            }
        }
    }
    if stats {
        let Totals {
            files,
            bytes,
            headings,
            sections,
            links,
        } = totals;
        let line = format!(
            "files {files} bytes {bytes} headings {headings} sections {sections} links {links}"
        );
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    if failed {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
