//! What the example tools share: finding page files under the paths given.

#![allow(dead_code, reason = "each example uses a different subset")]

use std::path::{Path, PathBuf};

/// Whether `path` names a page file (`*.md` or `*.markdown`).
pub fn is_page(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|x| x.to_str()),
        Some("md" | "markdown")
    )
}

/// The page files named by `args`: a file as given, a folder walked
/// recursively for `*.md` and `*.markdown`, each folder's files sorted by
/// path. Each path is joined onto its argument as given (`dir` gives
/// `dir/sub/a.md`). A path that does not exist, or a folder that cannot be
/// walked, is an error.
pub fn page_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let mut found = Vec::new();
            for entry in walkdir::WalkDir::new(arg).follow_links(true) {
                let entry = entry.map_err(|e| format!("cannot read {}: {e}", arg.display()))?;
                if entry.file_type().is_file() && is_page(entry.path()) {
                    found.push(entry.into_path());
                }
            }
            found.sort();
            out.extend(found);
        } else if arg.exists() {
            out.push(arg.clone());
        } else {
            return Err(format!("{}: no such file or folder", arg.display()));
        }
    }
    Ok(out)
}

/// A file's bytes, or a one-line message saying why they could not be read.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// A file's text, or a one-line message saying why it could not be read
/// as UTF-8 text (for bytes that are not UTF-8, the path and pagefmt's
/// message, which locates the first bad byte).
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| match pagefmt::Page::from_bytes(e.as_bytes()) {
        Err(error) => format!("{}: {error}", path.display()),
        Ok(_) => format!("{}: {e}", path.display()),
    })
}
