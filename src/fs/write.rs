//! Replacing a file's bytes all at once: a temporary file beside it,
//! synced, then renamed over it.

use std::fs::{File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::error::{require_regular, FsError, FsErrorKind};

/// Writes `bytes` to `path` so that `path` holds either its old bytes or
/// all of the new ones, never a part: after a full disk, a crash, or any
/// other error the old file is untouched.
///
/// The bytes go to a new temporary file in the same folder (named
/// `.NAME.XXXXXX.tmp`), which is flushed, synced to disk, given the
/// original's permissions and renamed over `path`; the folder is then
/// synced too. On an error the temporary file is removed and `path` is
/// left as it was. A file that does not exist yet is created with the
/// permissions a new file gets (`0666` less the umask on Unix).
///
/// What this means for the file's identity:
///
/// - **Hard links**: the rename gives `path` a new file. Other names
///   (hard links) of the old file keep naming the old file and its old
///   bytes; they are not updated.
/// - **Symlinks**: when `path` is a symlink, the file it leads to is
///   replaced and the symlink kept.
/// - **Owner and extended attributes** are those of a new file made by
///   the current user; only the permission bits are copied.
/// - A **read-only** file (no write permission bit) is not replaced: the
///   call fails as a plain write would.
///
/// # Errors
///
/// An [`FsError`] naming `path` (or the folder, when the temporary file
/// cannot be made there): `path` is a folder, FIFO, socket or device, is
/// read-only, or a write, sync or rename failed.
pub fn write_atomic(path: impl AsRef<Path>, bytes: &[u8]) -> Result<(), FsError> {
    write_atomic_through(path.as_ref(), bytes, |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`], with the bytes written to the temporary file by
/// `write` (the seam the tests use to fail a write part-way).
pub(crate) fn write_atomic_through(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut dyn Write, &[u8]) -> io::Result<()>,
) -> Result<(), FsError> {
    let target = resolve(path)?;
    let existing = existing(&target)?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(target.file_name().unwrap_or_default());
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As a file created by `File::create`: 0666 less the umask.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|e| FsError::io(dir, "create a temporary file in", e))?;
    let file: &mut File = temp.as_file_mut();
    write(file, bytes)
        .and_then(|()| file.flush())
        .map_err(|e| FsError::io(&target, "write", e))?;
    if let Some(meta) = &existing {
        file.set_permissions(meta.permissions())
            .map_err(|e| FsError::io(&target, "keep the permissions of", e))?;
    }
    file.sync_all()
        .map_err(|e| FsError::io(&target, "sync", e))?;
    // On an error `persist` hands the temporary file back; dropping it
    // removes it.
    temp.persist(&target)
        .map_err(|e| FsError::io(&target, "rename over", e.error))?;
    sync_dir(dir);
    Ok(())
}

/// The file `path` leads to: `path` itself, or the end of its symlinks.
fn resolve(path: &Path) -> Result<PathBuf, FsError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|source| {
                let action = "follow the symlink";
                FsError::new(path, FsErrorKind::Io { action, source })
            })
        }
        _ => Ok(path.to_path_buf()),
    }
}

/// The metadata of the file being replaced, if there is one; an error when
/// it is not a regular file or is read-only.
fn existing(target: &Path) -> Result<Option<Metadata>, FsError> {
    let meta = match std::fs::metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(FsError::io(target, "write", e)),
    };
    require_regular(target, meta.file_type())?;
    if meta.permissions().readonly() {
        let source = io::Error::new(io::ErrorKind::PermissionDenied, "the file is read-only");
        return Err(FsError::io(target, "write", source));
    }
    Ok(Some(meta))
}

/// Syncs a folder so that a rename in it is on disk (Unix; elsewhere
/// nothing). A failure is ignored: the file is already in place.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes `left` bytes and then fails as a full disk does.
    struct FullAfter<'w> {
        inner: &'w mut dyn Write,
        left: usize,
    }

    impl Write for FullAfter<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "No space left on device",
                ));
            }
            let n = buf.len().min(self.left);
            let n = self.inner.write(&buf[..n])?;
            self.left -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            self.inner.flush()
        }
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_bytes_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        std::fs::write(&path, "title: old\n\nold body, longer than the new one\n").unwrap();
        write_atomic(&path, b"title: new\n\nnew\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"title: new\n\nnew\n");
        assert_eq!(entries(dir.path()), ["page.md"]);
        // A new file is made too.
        write_atomic(dir.path().join("fresh.md"), b"x").unwrap();
        assert_eq!(entries(dir.path()), ["fresh.md", "page.md"]);
    }

    #[test]
    fn a_full_disk_leaves_the_original_whole_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        let old = "title: old\n\n".to_owned() + &"a paragraph.\n\n".repeat(400);
        std::fs::write(&path, &old).unwrap();
        let new = "title: new\n\n".to_owned() + &"another one.\n\n".repeat(400);
        for left in [0, 1, 4096, new.len() - 1] {
            let error = write_atomic_through(&path, new.as_bytes(), |file, bytes| {
                FullAfter { inner: file, left }.write_all(bytes)
            })
            .unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("{}: cannot write: No space left on device", path.display())
            );
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                old,
                "after {left} bytes"
            );
            assert_eq!(entries(dir.path()), ["page.md"], "after {left} bytes");
        }
        // Given room for every byte, the same seam writes the page.
        write_atomic_through(&path, new.as_bytes(), |file, bytes| {
            FullAfter {
                inner: file,
                left: bytes.len(),
            }
            .write_all(bytes)
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), new);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_permissions_and_follows_a_symlink() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.md");
        symlink("page.md", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_link_keeps_the_old_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        let other = dir.path().join("other.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::hard_link(&path, &other).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read(&other).unwrap(), b"old");
    }

    #[test]
    fn a_folder_or_a_read_only_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(matches!(
            error.kind(),
            FsErrorKind::NotRegular { what: "a folder" }
        ));
        let path = dir.path().join("page.md");
        std::fs::write(&path, "old").unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        let error = write_atomic(&path, b"new").unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{}: cannot write: the file is read-only", path.display())
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(entries(dir.path()), ["page.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let error = write_atomic(&fifo, b"x").unwrap_err();
        assert!(matches!(
            error.kind(),
            FsErrorKind::NotRegular { what: "a FIFO" }
        ));
    }
}
