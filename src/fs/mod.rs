//! Files on disk: finding page files under some roots, reading one with a
//! size limit, and replacing one without ever leaving it cut.
//!
//! ```no_run
//! use pagefmt::fs::{read_file, walk, write_atomic, WalkOptions, DEFAULT_MAX_SIZE};
//!
//! let found = walk(&["site/content"], &WalkOptions::default());
//! for error in &found.errors {
//!     eprintln!("{error}"); // a FIFO, a symlink out of the roots, a loop ...
//! }
//! for path in &found.files {
//!     let bytes = read_file(path, DEFAULT_MAX_SIZE)?;
//!     let text = String::from_utf8_lossy(&bytes).replace("Flask", "Quart");
//!     write_atomic(path, text.as_bytes())?; // all or nothing
//! }
//! # Ok::<(), pagefmt::fs::FsError>(())
//! ```
//!
//! - [`walk`] never leaves its roots: a symlink found under a root is not
//!   followed (one that leads inside the roots names a file or folder that
//!   is walked anyway; one that leads outside, or round in a loop, is
//!   reported once and skipped), and only regular files are given.
//! - [`read_file`] reads only regular files (a FIFO is never opened for
//!   reading in a way that waits for a writer) and stops at a size limit.
//! - [`write_atomic`] writes a temporary file beside the target, syncs it
//!   and renames it over the target: a reader, or the disk after a crash or
//!   a full disk, sees the old bytes or the new ones, never a mix.
//!
//! Every error is an [`FsError`] naming the path it is about.

mod error;
mod read;
mod walk;
mod write;

pub use error::{FsError, FsErrorKind};
pub use read::{read_file, DEFAULT_MAX_SIZE};
pub use walk::{walk, Walk, WalkOptions};
pub use write::write_atomic;
