//! Finding page files under some roots, without leaving them.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use super::error::{describe, FsError, FsErrorKind};

/// What [`walk`] looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WalkOptions {
    /// The file name extensions of page files, without the dot, compared
    /// exactly (default `md` and `markdown`). A file named as a root is
    /// taken whatever its extension.
    pub extensions: Vec<String>,
    /// Take every regular file, whatever its extension (as a site's
    /// loader needs, for static files).
    pub all_files: bool,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions::with_extensions(["md", "markdown"])
    }
}

impl WalkOptions {
    /// Options looking for files with these extensions (without the dot).
    pub fn with_extensions<S: Into<String>>(extensions: impl IntoIterator<Item = S>) -> Self {
        WalkOptions {
            extensions: extensions.into_iter().map(Into::into).collect(),
            all_files: false,
        }
    }

    /// Options taking every regular file.
    #[must_use]
    pub fn all_files() -> Self {
        WalkOptions {
            extensions: Vec::new(),
            all_files: true,
        }
    }

    /// Whether `path`'s extension is one looked for.
    #[must_use]
    pub fn is_page(&self, path: &Path) -> bool {
        self.all_files
            || path
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| self.extensions.iter().any(|e| e == x))
    }
}

/// What [`walk`] found: the page files, and every problem met on the way.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Walk {
    /// Regular page files, each once: the roots in the order given, each
    /// folder's files sorted by path (components compared as bytes), each
    /// path joined onto its root as given (`dir` gives `dir/sub/a.md`).
    pub files: Vec<PathBuf>,
    /// The problems, in the order met; the walk went on after each.
    pub errors: Vec<FsError>,
}

/// The page files under `roots`: a root that is a file is taken as it is
/// (it must be a regular file, or a symlink to one); a root that is a
/// folder is walked recursively for files with one of the
/// [`WalkOptions::extensions`].
///
/// The walk never leaves the roots and never reads a file:
///
/// - A symlink under a root is never followed. One leading to a file or
///   folder inside the roots is skipped quietly (that file or folder is
///   walked under its own name); one leading outside every root is an
///   [`FsErrorKind::SymlinkOutside`] error (for a file, only when its name
///   has a page extension); one leading to its own folder or a folder
///   above it, or round a loop of symlinks, is an
///   [`FsErrorKind::SymlinkLoop`] error, reported once.
/// - A FIFO, socket or device with a page extension, or named as a root,
///   is an [`FsErrorKind::NotRegular`] error; it is never opened.
/// - A root that does not exist, and a folder that cannot be read, are
///   errors; the walk goes on with the rest.
///
/// A file reached from two roots (`site` and `site/pages/a.md`) is given
/// once, at its first place. Hard links are different files to the walk.
pub fn walk<P: AsRef<Path>>(roots: &[P], options: &WalkOptions) -> Walk {
    let canonical: Vec<PathBuf> = roots
        .iter()
        .filter_map(|root| std::fs::canonicalize(root).ok())
        .collect();
    let mut found = Walk::default();
    let mut seen = HashSet::new();
    for root in roots {
        let root = root.as_ref();
        let mut files = Vec::new();
        walk_root(root, &canonical, options, &mut files, &mut found.errors);
        files.sort();
        for file in files {
            // Only overlapping roots can give a file twice.
            let key = if roots.len() > 1 {
                std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone())
            } else {
                file.clone()
            };
            if seen.insert(key) {
                found.files.push(file);
            }
        }
    }
    found
}

/// Walks one root into `files` and `errors`.
fn walk_root(
    root: &Path,
    roots: &[PathBuf],
    options: &WalkOptions,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<FsError>,
) {
    let meta = match std::fs::metadata(root) {
        Ok(meta) => meta,
        Err(e) => return errors.push(FsError::io(root, "read", e)),
    };
    if meta.is_file() {
        return files.push(root.to_path_buf());
    }
    if !meta.is_dir() {
        let what = describe(meta.file_type());
        return errors.push(FsError::new(root, FsErrorKind::NotRegular { what }));
    }
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let source = e
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("cannot walk"));
                errors.push(FsError::io(path, "read the folder", source));
                continue;
            }
        };
        let kind = entry.file_type();
        let path = entry.path();
        if kind.is_dir() {
            continue;
        }
        if kind.is_file() {
            if options.is_page(path) {
                files.push(entry.into_path());
            }
        } else if kind.is_symlink() {
            if let Some(error) = symlink_problem(path, roots, options) {
                errors.push(error);
            }
        } else if options.is_page(path) {
            let what = describe(kind);
            errors.push(FsError::new(path, FsErrorKind::NotRegular { what }));
        }
    }
}

/// What is wrong with the symlink at `path` found under a root, if
/// anything (it is never followed either way).
fn symlink_problem(path: &Path, roots: &[PathBuf], options: &WalkOptions) -> Option<FsError> {
    let target = match std::fs::canonicalize(path) {
        Ok(target) => target,
        Err(source) => {
            let dangling = std::fs::symlink_metadata(path).is_ok()
                && std::fs::metadata(path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound);
            if dangling && !options.is_page(path) {
                return None;
            }
            let kind = if dangling {
                let action = "follow the symlink";
                FsErrorKind::Io { action, source }
            } else {
                FsErrorKind::SymlinkLoop {
                    why: format!("cannot be resolved ({source})"),
                }
            };
            return Some(FsError::new(path, kind));
        }
    };
    let is_dir = target.is_dir();
    if !is_dir && !options.is_page(path) {
        return None;
    }
    let inside = roots.iter().any(|root| target.starts_with(root));
    if !inside {
        return Some(FsError::new(path, FsErrorKind::SymlinkOutside { target }));
    }
    if is_dir {
        let parent = path.parent().and_then(|p| std::fs::canonicalize(p).ok());
        if parent.is_some_and(|parent| parent.starts_with(&target)) {
            let why = "leads back to its own folder or one above it".to_owned();
            return Some(FsError::new(path, FsErrorKind::SymlinkLoop { why }));
        }
    }
    None
}
