//! The example tools, run as the binaries `cargo test` builds, on a small
//! site of our own (`tests/fixtures/tools/site`) and on the corpus.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The crate root: every tool runs there, so paths print as given.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const SITE: &str = "tests/fixtures/tools/site";

/// The built example binary `name`: `target/debug/deps/suite-*` is this
/// test, and examples sit in `target/debug/examples/`.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary sits in <target>/<profile>/deps");
    let bin = profile
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "example binary {} not found: `cargo test` builds it, `cargo test --test suite` alone does not \
         (run `cargo build --examples` first)",
        bin.display()
    );
    bin
}

/// What a tool run gave.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs example `name` with `args` in the crate root.
fn run(name: &str, args: &[&str]) -> Run {
    let out = Command::new(example(name))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the example runs");
    Run {
        code: out.status.code().expect("the example exits with a code"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn ok(stdout: &str) -> Run {
    Run {
        code: 0,
        stdout: stdout.to_owned(),
        stderr: String::new(),
    }
}

/// The text of an expected-output file.
fn expected(name: &str) -> String {
    let path = root().join("tests/fixtures/tools/expected").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fresh folder under the system's temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("pagefmt-tools-{}-{n}-{name}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn str(&self) -> &str {
        self.0
            .to_str()
            .expect("the temporary folder's path is UTF-8")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies every file under `from` to the same place under `to`.
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// `convert` (it needs the `serde` feature for `--to json`).
#[cfg(feature = "serde")]
mod convert {
    use pagefmt::{Page, PageMeta};

    use super::*;
    use crate::common;

    #[test]
    fn writes_yaml_toml_and_json() {
        assert_eq!(
            run(
                "convert",
                &["--to", "yaml", &format!("{SITE}/pages/tools.md")]
            ),
            ok(&expected("convert-tools.yaml"))
        );
        assert_eq!(
            run(
                "convert",
                &["--to", "toml", &format!("{SITE}/posts/a-first-steps.md")]
            ),
            ok(&expected("convert-first-steps.toml"))
        );
        assert_eq!(
            run("convert", &["--to", "json", &format!("{SITE}/posts")]),
            ok(&expected("convert-posts.jsonl"))
        );
    }

    #[test]
    fn reads_front_matter_back() {
        let canonical = expected("fmt-tools.md");
        for file in ["convert-tools.yaml", "convert-first-steps.toml"] {
            let path = format!("tests/fixtures/tools/expected/{file}");
            let back = run("convert", &["--to", "pagefmt", &path]);
            assert_eq!(back.code, 0, "{file}: {}", back.stderr);
            let original = if file.ends_with("yaml") {
                canonical.clone()
            } else {
                std::fs::read_to_string(root().join(SITE).join("posts/a-first-steps.md")).unwrap()
            };
            assert_eq!(back.stdout, original, "{file}");
        }
    }

    #[test]
    fn usage_and_front_matter_errors() {
        assert_eq!(
            run("convert", &["--to", "yaml", SITE]),
            Run {
                code: 2,
                stdout: String::new(),
                stderr: "convert: 5 files: give --in-place or --out DIR to convert more than one\n"
                    .to_owned(),
            }
        );
        assert_eq!(
            run("convert", &["--to", "json", "--in-place", SITE]),
            Run {
                code: 2,
                stdout: String::new(),
                stderr: "convert: --to json prints to stdout: leave out --in-place and --out\n"
                    .to_owned(),
            }
        );
        assert_eq!(
            run("convert", &["--to", "yaml", "no/such/page.md"]),
            Run {
                code: 2,
                stdout: String::new(),
                stderr: "convert: no/such/page.md: no such file or folder\n".to_owned(),
            }
        );

        let tmp = TempDir::new("convert-errors");
        let write = |name: &str, text: &str| {
            std::fs::write(tmp.path().join(name), text).unwrap();
            tmp.path().join(name).display().to_string()
        };
        let bad_yaml = write(
            "bad.md",
            "---\ntitle: [a, b]\ntoc: maybe\ndate: 2024-01-02T03:04:05Z\nsortorder: 7x\nextra: {a: 1}\n---\nBody\n",
        );
        let bad_toml = write(
            "bad-toml.md",
            "+++\ntoc = \"yes\"\ntags = [[1]]\n+++\nBody\n",
        );
        let open = write("open.md", "---\ntitle: no end\n");
        let unwritable = write("unwritable.md", "---\ntags: [\"a;b\", c]\n---\nBody\n");
        let out = run(
            "convert",
            &[
                "--to",
                "pagefmt",
                "--out",
                &format!("{}/out", tmp.str()),
                tmp.str(),
            ],
        );
        let dir = tmp.str();
        assert_eq!(
            out,
            Run {
                code: 1,
                stdout: String::new(),
                stderr: format!(
                    "{bad_toml}: front matter key `toc`: expected a boolean, found \"yes\"\n\
                     {bad_toml}: front matter key `tags`: expected a list of single values, found a list\n\
                     {bad_yaml}: front matter key `title`: expected a single value, found a list\n\
                     {bad_yaml}: front matter key `toc`: expected a boolean, found \"maybe\"\n\
                     {bad_yaml}: front matter key `date`: expected a date `YYYY-MM-DD` with an optional time `HH:MM[:SS]`, found \"2024-01-02T03:04:05Z\"\n\
                     {bad_yaml}: front matter key `sortorder`: expected 1 to 19 ASCII digits, found \"7x\"\n\
                     {bad_yaml}: front matter key `extra`: expected a single value or a list of them, found a table or nested list\n\
                     {open}: the `---` front matter is not closed\n\
                     {unwritable}: value for `tags` would not read back the same: a list item holds `;`, found 'a;b' at line 1, column 7 (in the header written)\n"
                ),
            },
            "in {dir}"
        );
        assert!(!tmp.path().join("out").exists(), "nothing was written");
    }

    /// The file's meta and body as the page format reads them.
    fn meta_and_body(path: &Path) -> (Result<PageMeta, String>, String) {
        let text = std::fs::read_to_string(path).unwrap();
        let page = Page::parse(&text);
        (
            page.meta().map_err(|e| e.to_string()),
            page.body().to_owned(),
        )
    }

    /// Converts every page under `dir` to `format` and back with the tool,
    /// and checks each page whose meta reads comes back with the same meta and
    /// body, and each other page is reported and not written.
    fn round_trip(dir: &Path, format: &str) -> usize {
        let tmp = TempDir::new(&format!("round-trip-{format}"));
        let there = tmp.path().join(format);
        let back = tmp.path().join("back");
        let dir_s = dir.to_str().unwrap();
        let forth = run(
            "convert",
            &[
                "--to",
                format,
                "--from",
                "pagefmt",
                "--out",
                there.to_str().unwrap(),
                dir_s,
            ],
        );
        let home = run(
            "convert",
            &[
                "--to",
                "pagefmt",
                "--out",
                back.to_str().unwrap(),
                there.to_str().unwrap(),
            ],
        );
        assert_eq!(
            (home.code, home.stderr.as_str()),
            (0, ""),
            "back from {format}"
        );
        let mut stderr = String::new();
        let mut checked = 0;
        for (rel, path) in common::pages(dir) {
            let (meta, body) = meta_and_body(&path);
            let converted = back.join(&rel);
            match meta {
                Ok(meta) => {
                    let (back_meta, back_body) = meta_and_body(&converted);
                    assert_eq!(back_meta, Ok(meta), "{rel} via {format}");
                    assert_eq!(back_body, body, "{rel} via {format}");
                    checked += 1;
                }
                Err(errors) => {
                    for e in errors.lines() {
                        stderr.push_str(&format!("{}: {e}\n", path.display()));
                    }
                    assert!(!converted.exists(), "{rel} was written");
                }
            }
        }
        let code = i32::from(!stderr.is_empty());
        assert_eq!((forth.code, forth.stderr), (code, stderr), "to {format}");
        checked
    }

    #[test]
    fn round_trips_our_pages() {
        for format in ["yaml", "toml"] {
            assert_eq!(round_trip(&root().join(SITE), format), 5);
            assert_eq!(round_trip(&root().join("examples/pages"), format), 5);
        }
    }

    #[test]
    fn round_trips_awkward_values() {
        let tmp = TempDir::new("awkward");
        let page = "title: \"Quoted\" 'title' \\ with: colon # and hash\n\
                    slug: - dash\n\
                    category: Page\n\
                    sortorder: 0000\n\
                    date: 2024-02-29T23:59\n\
                    modified: 2024-03-01 00:00:00\n\
                    meta: first line\n    +++\n    ---\n    last line\n\
                    toc: True\n\
                    summary:\n\
                    tags: a, b; c, d\n\
                    authors: null, true, 12\n\
                    choice3text: [brackets] {braces}\n\
                    x-extra: one\n\
                    x-extra: two\n\
                    other: ~\n\
                    \n\
                    +++\nBody with a fence line\n---\n";
        std::fs::write(tmp.path().join("awkward.md"), page).unwrap();
        let meta = Page::parse(page).meta().unwrap();
        assert_eq!(meta.tags, ["a, b", "c, d"]);
        assert_eq!(meta.extra.len(), 3);
        for format in ["yaml", "toml"] {
            assert_eq!(round_trip(tmp.path(), format), 1, "{format}");
        }
    }

    #[test]
    fn round_trips_the_corpus() {
        let Some(corpus) = common::corpus() else {
            return;
        };
        let pages = common::pages(&corpus).len();
        for format in ["yaml", "toml"] {
            let checked = round_trip(&corpus, format);
            // Three peer-case pages hold values the typed meta rejects.
            assert_eq!(checked, pages - 3, "{format}");
        }
    }
}

/// `fmt`.
mod fmt {
    use super::*;

    #[test]
    fn check_lists_the_page_that_would_change() {
        assert_eq!(
            run("fmt", &["--check", SITE]),
            Run {
                code: 1,
                stdout: format!("{SITE}/pages/tools.md\n"),
                stderr: String::new(),
            }
        );
        assert_eq!(run("fmt", &["--check", &format!("{SITE}/posts")]), ok(""));
    }

    #[test]
    fn rewrites_headers_in_place() {
        let tmp = TempDir::new("fmt");
        copy_tree(&root().join(SITE), tmp.path());
        let bad = tmp.path().join("pages/bad.md");
        let bad_text = "title: Bad\ntoc: maybe\n\nBody [link](/intro.html)\n";
        std::fs::write(&bad, bad_text).unwrap();
        let bad_error = format!(
            "{}: invalid value for `toc`: expected `True` or `False`, found 'maybe' at line 2, column 6\n",
            bad.display()
        );
        let failed = |stdout: String| Run {
            code: 1,
            stdout,
            stderr: bad_error.clone(),
        };

        let dir = tmp.str();
        assert_eq!(
            run("fmt", &["--check", dir]),
            failed(format!("{dir}/pages/tools.md\n"))
        );
        assert_eq!(run("fmt", &[dir]), failed(String::new()));
        let read = |rel: &str| std::fs::read_to_string(tmp.path().join(rel)).unwrap();
        assert_eq!(read("pages/tools.md"), expected("fmt-tools.md"));
        assert_eq!(read("pages/bad.md"), bad_text, "left alone");
        for rel in [
            "pages/0101-intro.md",
            "pages/0102-setup.md",
            "posts/a-first-steps.md",
        ] {
            let original = std::fs::read_to_string(root().join(SITE).join(rel)).unwrap();
            assert_eq!(read(rel), original, "{rel} was canonical already");
        }
        assert_eq!(run("fmt", &["--check", dir]), failed(String::new()));
        std::fs::remove_file(&bad).unwrap();
        assert_eq!(run("fmt", &["--check", dir]), ok(""));
    }
}
