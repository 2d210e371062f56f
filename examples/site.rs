//! Lists a Pelican site's items with what Pelican computes for them, or
//! every path its build writes.
//!
//! ```text
//! cargo run --release --example site -- [--settings FILE] [--config FILE]
//!     [--setting NAME=VALUE]... [--outputs] ROOT
//! ```
//!
//! ROOT is the project folder: its `pelicanconf.py` (or `--settings
//! FILE`) and the `pagefmt.toml` found from ROOT upwards (or `--config
//! FILE`) are read, then `--setting` values (JSON, as Pelican's `-e`, or
//! Python literals), and the content folder they name (`PATH`) is walked
//! as Pelican walks it.
//!
//! Prints one JSON object per item, in source order:
//! `{"source", "kind", "status", "slug", "url", "save_as", "lang",
//! "category", "date", "modified", "translation_of", "title"}`; `source` is
//! relative to the content folder, `date` and `modified` are ISO 8601 (with
//! the offset when one was written) or null, `translation_of` is the
//! source of the original or null. With `--outputs` it prints instead
//! every output path, sorted, one per line.
//!
//! Notes (settings not read, pages Pelican would skip, files that cannot
//! be read) go to stderr. Exit status: 0; 1 when there are notes about
//! files that could not be read; 2 when the site cannot be loaded.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use pagefmt::site::{LoadOptions, Site};
use serde_json::json;

/// Lists a Pelican site's items or outputs.
#[derive(Debug, Parser)]
#[command(name = "site")]
struct Args {
    /// The Pelican settings file (default: ROOT/pelicanconf.py).
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// The pagefmt.toml (default: found from ROOT upwards).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// A setting over all others, NAME=VALUE with a JSON value (repeatable).
    #[arg(long = "setting", value_name = "NAME=VALUE")]
    settings_given: Vec<String>,
    /// Print every output path instead of the items.
    #[arg(long)]
    outputs: bool,
    /// The project folder.
    root: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut options = LoadOptions {
        settings_file: args.settings,
        config: args.config,
        overrides: Vec::new(),
    };
    for s in &args.settings_given {
        if let Err(e) = options.add_setting(s) {
            eprintln!("site: {e}");
            return ExitCode::from(2);
        }
    }
    let site = match Site::load_with(&args.root, &options) {
        Ok(site) => site,
        Err(e) => {
            eprintln!("site: {e}");
            return ExitCode::from(2);
        }
    };
    for note in site.notes() {
        eprintln!("site: {note}");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if args.outputs {
        let (paths, notes) = site.outputs();
        for note in notes {
            eprintln!("site: {note}");
        }
        paths.iter().try_for_each(|p| writeln!(out, "{p}"))
    } else {
        site.items().iter().try_for_each(|item| {
            let original = item.translation_of.map(|i| site.items()[i].source.as_str());
            let v = json!({
                "source": item.source,
                "kind": item.kind.as_str(),
                "status": item.status.as_str(),
                "slug": item.slug,
                "url": item.url,
                "save_as": item.save_as,
                "lang": item.lang,
                "category": item.category,
                "date": item.date.map(|d| d.to_string()),
                "modified": item.modified.map(|d| d.to_string()),
                "translation_of": original,
                "title": item.title,
            });
            writeln!(out, "{v}")
        })
    };
    if written.and_then(|()| out.flush()).is_err() {
        return ExitCode::from(2);
    }
    let unreadable = site
        .notes()
        .iter()
        .any(|n| n.message.starts_with("cannot read"));
    ExitCode::from(u8::from(unreadable))
}
