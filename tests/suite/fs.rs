//! The file-system layer: walking without leaving the roots, and the
//! errors it reports (reading and atomic writing are tested beside their
//! code, where the write can be failed part-way).

use std::path::{Path, PathBuf};

use pagefmt::fs::{walk, FsErrorKind, WalkOptions};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The files found, relative to `base`, and each error's message with
/// `base` left out.
fn found(roots: &[PathBuf], base: &Path, options: &WalkOptions) -> (Vec<String>, Vec<String>) {
    let walked = walk(roots, options);
    let rel = |p: &Path| {
        p.strip_prefix(base)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    };
    let files = walked.files.iter().map(|p| rel(p)).collect();
    let base = format!("{}/", base.display());
    let errors = walked
        .errors
        .iter()
        .map(|e| e.to_string().replace(&base, ""))
        .collect();
    (files, errors)
}

#[test]
fn walks_page_files_sorted_and_filters_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    for name in [
        "site/b.md",
        "site/a/z.markdown",
        "site/a-b.md",
        "site/a/c.txt",
        "site/c.MD",
    ] {
        write(&base.join(name), "title: x\n");
    }
    let root = base.join("site");
    let (files, errors) = found(std::slice::from_ref(&root), base, &WalkOptions::default());
    assert_eq!(files, ["site/a/z.markdown", "site/a-b.md", "site/b.md"]);
    assert!(errors.is_empty(), "{errors:?}");
    let (files, _) = found(
        std::slice::from_ref(&root),
        base,
        &WalkOptions::with_extensions(["txt", "MD"]),
    );
    assert_eq!(files, ["site/a/c.txt", "site/c.MD"]);
    // A file named as a root is taken whatever its extension, and a file
    // reached from two roots is given once.
    let roots = [
        base.join("site/a/c.txt"),
        root.clone(),
        base.join("site/b.md"),
    ];
    let (files, _) = found(&roots, base, &WalkOptions::default());
    assert_eq!(
        files,
        [
            "site/a/c.txt",
            "site/a/z.markdown",
            "site/a-b.md",
            "site/b.md"
        ]
    );
}

#[test]
fn a_missing_root_is_an_error_and_the_others_are_walked() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    write(&base.join("site/a.md"), "");
    let roots = [base.join("none"), base.join("site")];
    let (files, errors) = found(&roots, base, &WalkOptions::default());
    assert_eq!(files, ["site/a.md"]);
    assert_eq!(errors, ["none: no such file or folder"]);
}

#[cfg(unix)]
#[test]
fn never_follows_a_symlink_out_of_the_roots() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let canonical = std::fs::canonicalize(dir.path()).unwrap();
    let base = canonical.as_path();
    write(&base.join("outside/o.md"), "title: outside\n");
    write(&base.join("site/a.md"), "title: a\n");
    write(&base.join("site/sub/b.md"), "title: b\n");
    symlink("../outside/o.md", base.join("site/o.md")).unwrap();
    symlink("../outside", base.join("site/out")).unwrap();
    // Inside the roots: skipped quietly (walked under their own names).
    symlink("sub", base.join("site/again")).unwrap();
    symlink("a.md", base.join("site/alias.md")).unwrap();
    // A link that is not a page and leads outside is nobody's business.
    symlink("../outside/o.md", base.join("site/o.txt")).unwrap();
    let (files, errors) = found(&[base.join("site")], base, &WalkOptions::default());
    assert_eq!(files, ["site/a.md", "site/sub/b.md"]);
    // Messages name the resolved target; `found` leaves out the base.
    assert_eq!(
        errors,
        [
            "site/o.md: a symlink leading outside the folders given (to outside/o.md): not followed",
            "site/out: a symlink leading outside the folders given (to outside): not followed",
        ]
    );
    // Named as a root too, the outside folder is inside the roots.
    let roots = [base.join("site"), base.join("outside")];
    let (files, errors) = found(&roots, base, &WalkOptions::default());
    assert_eq!(files, ["site/a.md", "site/sub/b.md", "outside/o.md"]);
    assert!(errors.is_empty(), "{errors:?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_once_and_the_walk_goes_on() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    write(&base.join("site/a.md"), "");
    write(&base.join("site/sub/z.md"), "");
    symlink("..", base.join("site/sub/up")).unwrap();
    symlink("loop2.md", base.join("site/loop1.md")).unwrap();
    symlink("loop1.md", base.join("site/loop2.md")).unwrap();
    let walked = walk(&[base.join("site")], &WalkOptions::default());
    let names: Vec<String> = walked
        .files
        .iter()
        .map(|p| p.strip_prefix(base).unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["site/a.md", "site/sub/z.md"]);
    let loops: Vec<(String, String)> = walked
        .errors
        .iter()
        .map(|e| {
            assert!(matches!(e.kind(), FsErrorKind::SymlinkLoop { .. }), "{e}");
            let name = e
                .path()
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, e.reason())
        })
        .collect();
    assert_eq!(loops.len(), 3, "{loops:?}");
    assert_eq!(loops[0].0, "site/loop1.md");
    assert!(
        loops[0]
            .1
            .starts_with("a symlink that cannot be resolved ("),
        "{}",
        loops[0].1
    );
    assert_eq!(loops[1].0, "site/loop2.md");
    assert_eq!(
        loops[2],
        (
            "site/sub/up".to_owned(),
            "a symlink that leads back to its own folder or one above it: not followed".to_owned()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_found_or_named_is_an_error_and_the_rest_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    write(&base.join("site/a.md"), "");
    write(&base.join("site/c.md"), "");
    for name in ["site/b.md", "site/fifo.txt"] {
        let made = std::process::Command::new("mkfifo")
            .arg(base.join(name))
            .status()
            .unwrap();
        assert!(made.success());
    }
    let (files, errors) = found(&[base.join("site")], base, &WalkOptions::default());
    assert_eq!(files, ["site/a.md", "site/c.md"]);
    assert_eq!(errors, ["site/b.md: a FIFO, not a regular file: not read"]);
    let roots = [base.join("site/fifo.txt"), base.join("site/a.md")];
    let (files, errors) = found(&roots, base, &WalkOptions::default());
    assert_eq!(files, ["site/a.md"]);
    assert_eq!(
        errors,
        ["site/fifo.txt: a FIFO, not a regular file: not read"]
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_walked() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"x\xff.md");
    let path = dir.path().join(name);
    if std::fs::write(&path, "title: a\n").is_err() {
        // A file system that only takes UTF-8 names (none on Linux).
        return;
    }
    let walked = walk(&[dir.path()], &WalkOptions::default());
    assert_eq!(walked.files, [path]);
}
