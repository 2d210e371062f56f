//! Checks the round-trip laws on every page given.
//!
//! ```text
//! cargo run --example roundtrip -- PATH...
//! ```
//!
//! For each page: the lossless law (the page written back gives the input
//! bytes) and, where the header converts to a `PageMeta`, the typed law
//! (`PageMeta` → canonical text → `PageMeta` gives the same value). Prints
//! one line per failure, then `checked N files: N lossless, M typed, F
//! failures`; exits 1 when F > 0, 2 on a usage error.

#[path = "common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use pagefmt::{Page, PageMeta};

/// Checks the round-trip laws on every page given.
#[derive(Debug, Parser)]
#[command(name = "roundtrip")]
struct Args {
    #[command(flatten)]
    read: common::ReadArgs,
    /// Page files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (files, walk_failed) = common::page_files("roundtrip", &args.paths);
    let (mut lossless, mut typed) = (0usize, 0usize);
    let mut failures = usize::from(walk_failed);
    for path in &files {
        let shown = path.display();
        let bytes = match common::read(path, args.read.max_size) {
            Ok(b) => b,
            Err(e) => {
                println!("{e}");
                failures += 1;
                continue;
            }
        };
        let page = match Page::from_bytes(&bytes) {
            Ok(p) => p,
            Err(e) => {
                println!("{shown}: {e}");
                failures += 1;
                continue;
            }
        };
        if page.to_string().as_bytes() == bytes.as_slice() {
            lossless += 1;
        } else {
            println!("{shown}: lossless: the page written back differs from the input");
            failures += 1;
        }
        // The typed law, where the header converts.
        if let Ok(meta) = page.meta() {
            match meta.to_canonical() {
                Ok(text) => match text.parse::<PageMeta>() {
                    Ok(back) if back == meta => typed += 1,
                    Ok(_) => {
                        println!(
                            "{shown}: typed: the canonical header reads back as another PageMeta"
                        );
                        failures += 1;
                    }
                    Err(e) => {
                        println!("{shown}: typed: the canonical header does not read back: {e}");
                        failures += 1;
                    }
                },
                Err(e) => {
                    println!("{shown}: typed: the PageMeta cannot be written: {e}");
                    failures += 1;
                }
            }
        }
    }
    println!(
        "checked {} files: {lossless} lossless, {typed} typed, {failures} failures",
        files.len()
    );
    if failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
