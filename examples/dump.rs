//! Prints what pagefmt reads from each page as one JSON object per line.
//!
//! ```text
//! cargo run --example dump -- PATH...
//! cargo run --example dump -- --stats PATH...
//! ```
//!
//! Each PATH is a page file or a folder (searched recursively for `*.md`
//! and `*.markdown`, in sorted order). Each object has the keys `path`,
//! `header` (lowercased key → list of values, as Python-Markdown's meta
//! extension reports them), `body_offset`, `meta` (the typed `PageMeta`, or
//! null when a value is invalid) and `meta_errors`; a file that cannot be
//! read or is not UTF-8 gives `{"path", "error"}`.
//!
//! Exit status: 0, or 1 when some file could not be read, 2 on a usage
//! error.

#[path = "common/mod.rs"]
mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use pagefmt::Page;
use serde_json::{json, Map, Value};

fn dump(path: &std::path::Path) -> Value {
    let bytes = match common::read(path) {
        Ok(b) => b,
        Err(e) => return json!({"path": path, "error": e}),
    };
    let page = match Page::from_bytes(&bytes) {
        Ok(p) => p,
        Err(e) => return json!({"path": path, "error": e.to_string()}),
    };
    let mut out = Map::new();
    out.insert("path".into(), json!(path));
    out.insert("header".into(), json!(page.header().pymd_meta()));
    out.insert("body_offset".into(), json!(page.body_offset()));
    let (meta, errors) = page.meta_lenient();
    let meta = if errors.is_empty() {
        json!(meta)
    } else {
        Value::Null
    };
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    out.insert("meta".into(), meta);
    out.insert("meta_errors".into(), json!(errors));
    Value::Object(out)
}

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if args.is_empty() {
        eprintln!("usage: dump PATH...");
        return ExitCode::from(2);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for arg in &args {
        // A path that does not exist is reported like an unreadable file.
        let files =
            common::page_files(std::slice::from_ref(arg)).unwrap_or_else(|_| vec![arg.clone()]);
        for path in &files {
            let line = dump(path);
            failed |= line.get("error").is_some();
            if writeln!(out, "{line}").is_err() {
                return ExitCode::from(2);
            }
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
