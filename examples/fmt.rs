//! Rewrites page headers in their canonical form, in place; bodies are
//! left byte for byte.
//!
//! ```text
//! cargo run --example fmt -- [--check] PATH...
//! ```
//!
//! Each PATH is a page file or a folder (searched recursively for `*.md`
//! and `*.markdown`, in sorted order, never following a symlink out of the
//! folders given; a FIFO, socket or device is reported, not read; a file
//! bigger than `--max-size`, 256 MiB by default, is reported, not read). The canonical form is that of
//! `Page::to_canonical`: the typed `PageMeta` written back with lowercase
//! keys in a fixed order, one space after each colon, and one blank line
//! before the body; the header's lines end as the page's first line does
//! (`\n` when it has none) and a BOM is kept.
//!
//! Without `--check` each file whose header is not canonical is rewritten,
//! and nothing is printed. A file is rewritten atomically: the new text
//! goes to a temporary file beside it, which is synced and renamed over it,
//! so a full disk or any other error leaves the page as it was (other hard
//! links to the page keep the old text; see `pagefmt::fs::write_atomic`). With `--check` no file is written; the path of
//! each file that would change is printed on stdout, one per line:
//!
//! ```text
//! $ fmt --check site/
//! site/pages/0012-tools.md
//! ```
//!
//! A page whose header does not convert (an invalid value, a repeated key,
//! a value that would not read back the same, bytes that are not UTF-8) is
//! reported on stderr as `PATH: message`, one line per problem, and left
//! alone.
//!
//! Exit status: 0 when every page is (or now is) canonical; 1 when some page
//! could not be formatted, or with `--check` when some file would change; 2
//! on a usage or I/O error.

#[path = "common/mod.rs"]
mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use pagefmt::Page;

/// Rewrites page headers in canonical form.
#[derive(Debug, Parser)]
#[command(name = "fmt")]
struct Args {
    /// Write nothing; list the files that would change and exit 1 if any.
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    read: common::ReadArgs,
    /// Page files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// What happened to one file.
enum Outcome {
    /// Already canonical.
    Same,
    /// Not canonical: rewritten, or with `--check` reported.
    Changed,
    /// Not formatted: one message per problem.
    Failed(Vec<String>),
}

fn format_file(path: &Path, args: &Args) -> Result<Outcome, String> {
    let bytes = common::read(path, args.read.max_size)?;
    let page = match Page::from_bytes(&bytes) {
        Ok(page) => page,
        Err(e) => return Ok(Outcome::Failed(vec![e.to_string()])),
    };
    let canonical = match page.to_canonical() {
        Ok(text) => text,
        Err(errors) => {
            return Ok(Outcome::Failed(
                errors.iter().map(ToString::to_string).collect(),
            ))
        }
    };
    if canonical.as_bytes() == bytes.as_slice() {
        return Ok(Outcome::Same);
    }
    if !args.check {
        common::write(path, canonical.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(Outcome::Changed)
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (files, walk_failed) = common::page_files("fmt", &args.paths);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = if walk_failed { 2 } else { 0u8 };
    for path in &files {
        match format_file(path, &args) {
            Ok(Outcome::Same) => {}
            Ok(Outcome::Changed) => {
                if args.check {
                    if writeln!(out, "{}", path.display()).is_err() {
                        return ExitCode::from(2);
                    }
                    status = status.max(1);
                }
            }
            Ok(Outcome::Failed(messages)) => {
                for m in messages {
                    eprintln!("{}: {m}", path.display());
                }
                status = status.max(1);
            }
            Err(e) => {
                eprintln!("fmt: {e}");
                status = 2;
            }
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(status)
}
