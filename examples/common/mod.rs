//! What the example tools share: finding page files under the paths given
//! (through `pagefmt::fs`, which never leaves them), reading a file with a
//! size limit, and showing a path that is not UTF-8.

#![allow(dead_code, reason = "each example uses a different subset")]

use std::path::{Path, PathBuf};

use pagefmt::fs::{FsError, WalkOptions, DEFAULT_MAX_SIZE};
use pagefmt::{BodyOptions, Dialect};

/// The `--max-size` option every example takes.
#[derive(Clone, Copy, Debug, clap::Args)]
pub struct ReadArgs {
    /// Files bigger than this are reported and not read (bytes, or with a
    /// K, M or G suffix for KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub max_size: u64,
}

impl Default for ReadArgs {
    fn default() -> Self {
        ReadArgs {
            max_size: DEFAULT_MAX_SIZE,
        }
    }
}

/// The `--dialect` option of the examples that read bodies.
#[derive(Clone, Copy, Debug, clap::Args)]
pub struct BodyArgs {
    /// How bodies are read: `pymd` (as Pelican renders them, with
    /// Python-Markdown) or `commonmark`.
    #[arg(long, value_name = "pymd|commonmark", default_value = "pymd", value_parser = |s: &str| s.parse::<Dialect>())]
    pub dialect: Dialect,
}

impl BodyArgs {
    /// The body options the tools read with.
    pub fn options(&self) -> BodyOptions {
        BodyOptions::default().with_dialect(self.dialect)
    }
}

/// A size like `1000`, `64K`, `256M` or `1G`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let (digits, unit) = match text.char_indices().last() {
        Some((i, 'K' | 'k')) => (&text[..i], 1 << 10),
        Some((i, 'M' | 'm')) => (&text[..i], 1 << 20),
        Some((i, 'G' | 'g')) => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| format!("expected a size such as 1000, 64K, 256M or 1G, found {text:?}"))
}

/// The page files named by `args`: a file as given, a folder walked
/// recursively for `*.md` and `*.markdown` (sorted, never following a
/// symlink out of the folders given, see `pagefmt::fs::walk`). Each
/// problem met (a path that does not exist, a FIFO, a symlink leading
/// outside ...) is printed on stderr as `TOOL: message`; the second value
/// says whether there was any.
pub fn page_files(tool: &str, args: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let walked = pagefmt::fs::walk(args, &WalkOptions::default());
    for error in &walked.errors {
        eprintln!("{tool}: {error}");
    }
    (walked.files, !walked.errors.is_empty())
}

/// A file's bytes (a regular file of at most `limit` bytes), or a one-line
/// message naming it and saying why they could not be read.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    pagefmt::fs::read_file(path, limit).map_err(|e| e.to_string())
}

/// A file's text, or a one-line message saying why it could not be read
/// as UTF-8 text (for bytes that are not UTF-8, the path and pagefmt's
/// message, which locates the first bad byte).
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = read(path, limit)?;
    String::from_utf8(bytes).map_err(|e| match pagefmt::Page::from_bytes(e.as_bytes()) {
        Err(error) => format!("{}: {error}", path.display()),
        Ok(_) => format!("{}: {e}", path.display()),
    })
}

/// Writes `bytes` to `path` atomically (see `pagefmt::fs::write_atomic`):
/// on any error the file keeps its old bytes.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    pagefmt::fs::write_atomic(path, bytes)
}

/// A path as JSON text: itself when it is UTF-8; otherwise its UTF-8 parts
/// with each byte that is not UTF-8 written `\xNN` (so `x\xff.md` shows as
/// `x\xFF.md`), where a lossy conversion would make two names one.
pub fn path_text(path: &Path) -> String {
    if let Some(text) = path.to_str() {
        return text.to_owned();
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}
