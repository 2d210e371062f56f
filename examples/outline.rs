//! Prints the heading tree of each page, with the id of each heading.
//!
//! ```text
//! cargo run --example outline -- [--format text|json] [--dialect pymd|commonmark] PATH...
//! ```
//!
//! Each PATH is a page file or a folder (searched recursively for `*.md`
//! and `*.markdown`, in sorted order). Headings are read from the body as
//! Pelican renders it (the Python-Markdown dialect; `--dialect commonmark`
//! reads CommonMark), ids made as Python-Markdown's table of contents makes
//! them, `{#id}` attributes honoured.
//!
//! The text format (the default) gives each page's path on a line of its
//! own, then one line per heading, indented two spaces per level, with its
//! id and line; a blank line separates pages:
//!
//! ```text
//! site/pages/setup.md
//!   # Setting Up {#setting-up} (line 8)
//!     ## Install Python {#install-python} (line 11)
//!       ### On Linux {#on-linux} (line 14)
//! ```
//!
//! `--format json` prints one JSON object per page, one per line:
//! `{"path": ..., "headings": [{"level", "text", "id", "line"}, ...],
//! "sections": [...]}`, where `sections` is the tree of the sections that
//! have a heading (the text before the first heading is left out), each
//! `{"id", "level", "lines": [first, last], "children": [...]}`.
//!
//! Errors go to stderr. Exit status: 0 when every page was read, 2 on a
//! usage error or a file that cannot be read as UTF-8 text.

#[path = "common/mod.rs"]
mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use pagefmt::{Body, LineIndex, Page};
use serde_json::{json, Value};

/// Prints the heading tree of each page.
#[derive(Debug, Parser)]
#[command(name = "outline")]
struct Args {
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
    Json,
}

/// The text outline of one page.
fn text_outline(path: &Path, body: &Body<'_>) -> String {
    let mut out = format!("{}\n", path.display());
    for h in &body.headings {
        let indent = "  ".repeat(usize::from(h.level));
        let hashes = "#".repeat(usize::from(h.level));
        out.push_str(&format!(
            "{indent}{hashes} {} {{#{}}} (line {})\n",
            h.text, h.id, h.location.line
        ));
    }
    out
}

/// The JSON outline of one page.
fn json_outline(path: &Path, body: &Body<'_>) -> Value {
    let headings: Vec<Value> = body
        .headings
        .iter()
        .map(|h| json!({"level": h.level, "text": h.text, "id": h.id, "line": h.location.line}))
        .collect();
    // Sections nest at most 6 deep, and each child comes after its parent:
    // build the nodes from the last to the first, children first.
    let text = body.file_text();
    let index = LineIndex::new(text);
    let line = |offset: usize| index.location(text, offset).line;
    let mut nodes: Vec<Option<Value>> = vec![None; body.sections.len()];
    for (i, s) in body.sections.iter().enumerate().rev() {
        let Some(h) = s.heading.and_then(|h| body.headings.get(h)) else {
            continue;
        };
        let children: Vec<Value> = s
            .children
            .iter()
            .filter_map(|&c| nodes.get_mut(c).and_then(Option::take))
            .collect();
        let last = line(s.span.end.saturating_sub(1).max(s.span.start));
        nodes[i] = Some(json!({
            "id": h.id,
            "level": s.level,
            "lines": [line(s.span.start), last],
            "children": children,
        }));
    }
    let roots: Vec<Value> = body
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.parent.is_none())
        .filter_map(|(i, _)| nodes.get_mut(i).and_then(Option::take))
        .collect();
    json!({"path": common::path_text(path), "headings": headings, "sections": roots})
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (files, walk_failed) = common::page_files("outline", &args.paths);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = if walk_failed { 2 } else { 0 };
    let mut first = true;
    for path in &files {
        let text = match common::read_text(path, args.read.max_size) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("outline: {e}");
                status = 2;
                continue;
            }
        };
        let page = Page::parse(&text);
        let body = page.outline(&args.body.options());
        let written = match args.format {
            Format::Text => {
                let sep = if first { "" } else { "\n" };
                write!(out, "{sep}{}", text_outline(path, &body))
            }
            Format::Json => writeln!(out, "{}", json_outline(path, &body)),
        };
        first = false;
        if written.is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(status)
}
