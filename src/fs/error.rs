//! The error of a file-system operation, naming its path.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// What went wrong with a file or folder.
#[derive(Debug)]
#[non_exhaustive]
pub enum FsErrorKind {
    /// The operating system refused (`action` says what was tried, e.g.
    /// `read`, `write`, `rename over`).
    Io {
        /// What was being done: `read`, `open`, `write`, `walk` ...
        action: &'static str,
        /// The operating system's error.
        source: io::Error,
    },
    /// The path names no file or folder.
    NotFound,
    /// The path names something that is not a regular file nor a folder:
    /// a FIFO, a socket or a device. Its bytes are never read.
    NotRegular {
        /// `a FIFO`, `a socket`, `a character device`, `a block device` or
        /// `not a regular file`.
        what: &'static str,
    },
    /// The file is bigger than the limit it was read with.
    TooLarge {
        /// Its size in bytes (at least `limit + 1` when it grew while
        /// being read).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A symlink under a root leads outside every root; it is not
    /// followed.
    SymlinkOutside {
        /// Where it leads (resolved).
        target: PathBuf,
    },
    /// A symlink that cannot be resolved: it leads round in a loop, or to
    /// its own folder or one above it, or to nothing.
    SymlinkLoop {
        /// Why, e.g. `leads back to a folder above it`.
        why: String,
    },
}

/// A file-system error, with the path it is about.
///
/// The message starts with the path (shown lossily when it is not UTF-8),
/// e.g. `site/pages/x.md: a FIFO, not a regular file: not read`.
#[derive(Debug)]
pub struct FsError {
    path: PathBuf,
    kind: FsErrorKind,
}

impl FsError {
    pub(crate) fn new(path: impl Into<PathBuf>, kind: FsErrorKind) -> Self {
        FsError {
            path: path.into(),
            kind,
        }
    }

    /// An operating-system error while doing `action` on `path`; a missing
    /// file becomes [`FsErrorKind::NotFound`].
    pub(crate) fn io(path: impl Into<PathBuf>, action: &'static str, source: io::Error) -> Self {
        let kind = if source.kind() == io::ErrorKind::NotFound {
            FsErrorKind::NotFound
        } else {
            FsErrorKind::Io { action, source }
        };
        FsError::new(path, kind)
    }

    /// The path the error is about.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &FsErrorKind {
        &self.kind
    }

    /// The message without the path, e.g. `a FIFO, not a regular file:
    /// not read` (for output that shows the path apart, as JSON does).
    #[must_use]
    pub fn reason(&self) -> String {
        match &self.kind {
            FsErrorKind::Io { action, source } => format!("cannot {action}: {source}"),
            FsErrorKind::NotFound => "no such file or folder".to_owned(),
            FsErrorKind::NotRegular { what } => format!("{what}, not a regular file: not read"),
            FsErrorKind::TooLarge { size, limit } => {
                format!("{size} bytes, more than the limit of {limit} bytes: not read")
            }
            FsErrorKind::SymlinkOutside { target } => format!(
                "a symlink leading outside the folders given (to {}): not followed",
                target.display()
            ),
            FsErrorKind::SymlinkLoop { why } => format!("a symlink that {why}: not followed"),
        }
    }
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason())
    }
}

impl std::error::Error for FsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            FsErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// An error naming `path` unless `kind` is a regular file (a folder, a
/// FIFO, a socket or a device is named as such).
pub(crate) fn require_regular(path: &Path, kind: std::fs::FileType) -> Result<(), FsError> {
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        describe(kind)
    };
    Err(FsError::new(path, FsErrorKind::NotRegular { what }))
}

/// How a non-regular, non-folder file type is named in messages.
pub(crate) fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    let _ = kind;
    "not a regular file"
}
