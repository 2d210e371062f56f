//! Reading a file whole, with a size limit, and only when it is a regular
//! file.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::error::{require_regular, FsError, FsErrorKind};

/// The size limit the examples read pages with: 256 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 256 * 1024 * 1024;

/// The bytes of the regular file at `path` (a symlink is followed), at most
/// `limit` of them.
///
/// A FIFO, socket, device or folder is an error and is never read (the
/// file is opened non-blocking and its type checked again on the opened
/// handle, so a file swapped for a FIFO in between does not hang the
/// call). A file bigger than `limit` is an error too
/// ([`FsErrorKind::TooLarge`]), found from its size before reading, or,
/// if it grows while being read, after `limit + 1` bytes: memory use stays
/// below the limit.
///
/// # Errors
///
/// An [`FsError`] naming `path`: it does not exist, is not a regular file,
/// is bigger than `limit`, or cannot be read.
pub fn read_file(path: impl AsRef<Path>, limit: u64) -> Result<Vec<u8>, FsError> {
    let path = path.as_ref();
    let meta = std::fs::metadata(path).map_err(|e| FsError::io(path, "read", e))?;
    check_file(path, &meta, limit)?;
    let file = open_nonblocking(path).map_err(|e| FsError::io(path, "open", e))?;
    let meta = file.metadata().map_err(|e| FsError::io(path, "read", e))?;
    check_file(path, &meta, limit)?;
    let capacity = usize::try_from(meta.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| FsError::io(path, "read", e))?;
    let read = bytes.len() as u64;
    if read > limit {
        let kind = FsErrorKind::TooLarge {
            size: read.max(meta.len()),
            limit,
        };
        return Err(FsError::new(path, kind));
    }
    Ok(bytes)
}

/// An error unless `meta` is that of a regular file of at most `limit`
/// bytes.
fn check_file(path: &Path, meta: &std::fs::Metadata, limit: u64) -> Result<(), FsError> {
    require_regular(path, meta.file_type())?;
    if meta.len() > limit {
        let kind = FsErrorKind::TooLarge {
            size: meta.len(),
            limit,
        };
        return Err(FsError::new(path, kind));
    }
    Ok(())
}

/// Opens `path` for reading without waiting for a writer (`O_NONBLOCK`;
/// it changes nothing for a regular file).
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, b"title: a\n\nbody\n").unwrap();
        assert_eq!(read_file(&path, 15).unwrap(), b"title: a\n\nbody\n");
        let error = read_file(&path, 14).unwrap_err();
        assert!(matches!(
            error.kind(),
            FsErrorKind::TooLarge {
                size: 15,
                limit: 14
            }
        ));
        assert_eq!(
            error.to_string(),
            format!(
                "{}: 15 bytes, more than the limit of 14 bytes: not read",
                path.display()
            )
        );
    }

    #[test]
    fn a_missing_file_and_a_folder_are_errors_naming_them() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.md");
        let error = read_file(&missing, 10).unwrap_err();
        assert!(matches!(error.kind(), FsErrorKind::NotFound));
        assert_eq!(error.path(), missing);
        let error = read_file(dir.path(), 10).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}: a folder, not a regular file: not read",
                dir.path().display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_and_a_device_are_errors_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Without the type check this call would wait forever for a writer.
        let error = read_file(&fifo, DEFAULT_MAX_SIZE).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{}: a FIFO, not a regular file: not read", fifo.display())
        );
        // /dev/zero would otherwise be read until memory runs out.
        let error = read_file("/dev/zero", DEFAULT_MAX_SIZE).unwrap_err();
        assert!(matches!(
            error.kind(),
            FsErrorKind::NotRegular {
                what: "a character device"
            }
        ));
    }
}
