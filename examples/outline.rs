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
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

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

/// Writes the text outline of one page.
fn text_outline(out: &mut impl Write, path: &Path, body: &Body<'_>) -> std::io::Result<()> {
    writeln!(out, "{}", path.display())?;
    for h in &body.headings {
        let indent = "  ".repeat(usize::from(h.level));
        let hashes = "#".repeat(usize::from(h.level));
        writeln!(
            out,
            "{indent}{hashes} {} {{#{}}} (line {})",
            h.text, h.id, h.location.line
        )?;
    }
    Ok(())
}

/// One heading of the JSON outline.
#[derive(Serialize)]
struct HeadingOut<'b> {
    level: u8,
    text: &'b str,
    id: &'b str,
    line: usize,
}

/// The JSON outline of one page, written as it is serialized (never built
/// whole in memory).
#[derive(Serialize)]
struct JsonOutline<'b> {
    path: String,
    headings: Headings<'b>,
    sections: Sections<'b>,
}

/// The headings of a body, as a list of [`HeadingOut`].
struct Headings<'b>(&'b Body<'b>);

impl Serialize for Headings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.headings.iter().map(|h| HeadingOut {
            level: h.level,
            text: &h.text,
            id: &h.id,
            line: h.location.line,
        }))
    }
}

/// The sections of a body under a heading, nested: the top-level ones
/// (`within` is `None`) or the children of section `within`.
#[derive(Clone, Copy)]
struct Sections<'b> {
    body: &'b Body<'b>,
    lines: &'b LineIndex,
    within: Option<usize>,
}

impl Serialize for Sections<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sections = &self.body.sections;
        let top: Vec<usize>;
        let indices: &[usize] = match self.within {
            Some(i) => &sections[i].children,
            None => {
                top = (0..sections.len())
                    .filter(|&i| sections[i].parent.is_none())
                    .collect();
                &top
            }
        };
        let nodes = indices
            .iter()
            .filter(|&&i| sections[i].heading.is_some())
            .map(|&i| Section {
                at: *self,
                index: i,
            });
        s.collect_seq(nodes)
    }
}

/// One section with a heading: `{"id", "level", "lines", "children"}`.
struct Section<'b> {
    at: Sections<'b>,
    index: usize,
}

impl Serialize for Section<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let body = self.at.body;
        let section = &body.sections[self.index];
        let id = section
            .heading
            .and_then(|h| body.headings.get(h))
            .map_or("", |h| h.id.as_ref());
        let text = body.file_text();
        let line = |offset: usize| self.at.lines.location(text, offset).line;
        let last = line(section.span.end.saturating_sub(1).max(section.span.start));
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("id", id)?;
        map.serialize_entry("level", &section.level)?;
        map.serialize_entry("lines", &[line(section.span.start), last])?;
        let children = Sections {
            within: Some(self.index),
            ..self.at
        };
        map.serialize_entry("children", &children)?;
        map.end()
    }
}

/// Writes the JSON outline of one page, on one line.
fn json_outline(out: &mut impl Write, path: &Path, body: &Body<'_>) -> std::io::Result<()> {
    let lines = LineIndex::new(body.file_text());
    let outline = JsonOutline {
        path: common::path_text(path),
        headings: Headings(body),
        sections: Sections {
            body,
            lines: &lines,
            within: None,
        },
    };
    serde_json::to_writer(&mut *out, &outline)?;
    writeln!(out)
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
                write!(out, "{sep}").and_then(|()| text_outline(&mut out, path, &body))
            }
            Format::Json => json_outline(&mut out, path, &body),
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
