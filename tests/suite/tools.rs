//! The example tools, run as the binaries `cargo test` builds, on a small
//! site of our own (`tests/fixtures/tools/site`) and on the corpus.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common;

/// The crate root: every tool runs there, so paths print as given.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const SITE: &str = "tests/fixtures/tools/site";

/// What a tool run gave.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs example `name` with `args` in the crate root.
fn run(name: &str, args: &[&str]) -> Run {
    let out = Command::new(common::example(name))
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
        // Writing into the folder being read is refused before anything.
        let inside = format!("{}/out", tmp.str());
        let refused = run("convert", &["--to", "pagefmt", "--out", &inside, tmp.str()]);
        assert_eq!(
            refused,
            Run {
                code: 2,
                stdout: String::new(),
                stderr: format!(
                    "convert: --out {inside} is inside {}, which is being read: give another folder, or --in-place to rewrite the files\n",
                    tmp.str()
                ),
            }
        );
        let out_dir = TempDir::new("convert-errors-out");
        let out = run(
            "convert",
            &["--to", "pagefmt", "--out", out_dir.str(), tmp.str()],
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
        assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 0);
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
    fn leaves_a_file_that_is_not_utf8_alone() {
        let tmp = TempDir::new("fmt-utf8");
        let path = tmp.path().join("a.md");
        let bytes = b"Title: A\n\n\xff\n";
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(
            run("fmt", &[tmp.str()]),
            Run {
                code: 1,
                stdout: String::new(),
                stderr: format!(
                    "{}: invalid UTF-8: found byte '\\xff' at line 3, column 1 (byte offset 10)\n",
                    path.display()
                ),
            }
        );
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
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
/// `outline`.
mod outline {
    use super::*;

    #[test]
    fn prints_the_heading_tree_as_text_and_json() {
        assert_eq!(run("outline", &[SITE]), ok(&expected("outline.txt")));
        assert_eq!(
            run("outline", &["--format", "json", SITE]),
            ok(&expected("outline.jsonl"))
        );
    }

    #[test]
    fn usage_errors() {
        let missing = run("outline", &["no/such/folder"]);
        assert_eq!(
            missing,
            Run {
                code: 2,
                stdout: String::new(),
                stderr: "outline: no/such/folder: no such file or folder\n".to_owned(),
            }
        );
        let bad = run("outline", &["--format", "xml", SITE]);
        assert_eq!((bad.code, bad.stdout.as_str()), (2, ""));
        assert!(bad.stderr.contains("invalid value 'xml'"), "{}", bad.stderr);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_an_error() {
        let tmp = TempDir::new("outline-utf8");
        std::fs::write(tmp.path().join("a.md"), b"title: A\n\n\xff\n").unwrap();
        std::fs::write(tmp.path().join("b.md"), "title: B\n\n# B\n").unwrap();
        let dir = tmp.str();
        assert_eq!(
            run("outline", &[dir]),
            Run {
                code: 2,
                stdout: format!("{dir}/b.md\n  # B {{#b}} (line 3)\n"),
                stderr: format!(
                    "outline: {dir}/a.md: invalid UTF-8: found byte '\\xff' at line 3, column 1 (byte offset 10)\n"
                ),
            }
        );
    }

    #[test]
    fn reads_every_corpus_page() {
        let Some(corpus) = common::corpus() else {
            return;
        };
        let dir = corpus.to_str().unwrap();
        let text = run("outline", &[dir]);
        assert_eq!((text.code, text.stderr.as_str()), (0, ""));
        let json = run("outline", &["--format", "json", dir]);
        assert_eq!((json.code, json.stderr.as_str()), (0, ""));
        let pages = common::pages(&corpus);
        assert_eq!(json.stdout.lines().count(), pages.len());
        // Every heading shows in the tree once, under a parent of a lower
        // level.
        for line in json.stdout.lines() {
            let page: serde_json::Value = serde_json::from_str(line).unwrap();
            let headings = page["headings"].as_array().unwrap().len();
            let mut seen = 0;
            let mut stack: Vec<(&serde_json::Value, u64)> = page["sections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (s, 0))
                .collect();
            while let Some((node, parent_level)) = stack.pop() {
                let level = node["level"].as_u64().unwrap();
                assert!(level > parent_level, "{}", page["path"]);
                seen += 1;
                stack.extend(
                    node["children"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| (c, level)),
                );
            }
            assert_eq!(seen, headings, "{}", page["path"]);
        }
    }
}

/// `links`.
mod links {
    use super::*;

    #[test]
    fn lists_every_link() {
        assert_eq!(
            run("links", &[SITE]),
            Run {
                code: 1,
                stdout: expected("links.txt"),
                stderr: String::new(),
            }
        );
    }

    #[test]
    fn lists_broken_links() {
        let tsv = format!(
            "path\tline\tcolumn\tkind\tclass\tdest\tbroken\n\
             {SITE}/pages/0102-setup.md\t27\t43\tinline\tpage\t/troubleshooting.html\tno page has the slug `troubleshooting`\n\
             {SITE}/pages/0102-setup.md\t28\t8\tinline\tpage\t/intro.html#history\tno heading has the id `history`\n"
        );
        assert_eq!(
            run(
                "links",
                &[
                    "--broken",
                    "--known-path",
                    "/table-of-contents.html",
                    "--format",
                    "tsv",
                    SITE
                ]
            ),
            Run {
                code: 1,
                stdout: tsv,
                stderr: String::new(),
            }
        );
        // A post slug is not a page slug, and a fragment on the page itself
        // is checked against its own headings.
        let tmp = TempDir::new("links-broken");
        let page =
            "title: A\nslug: a\n\n# Top\n[post as page](/older.html) [page as post](/blog/a.html) \
                    [own](#top) [own missing](#bottom) [empty](#)\n\n<a href=\"/x&#9;y.html\">tab</a>\n";
        std::fs::write(tmp.path().join("a.md"), page).unwrap();
        std::fs::write(
            tmp.path().join("older.md"),
            "title: Older\nslug: older\ncategory: post\n\nText.\n",
        )
        .unwrap();
        let a = tmp.path().join("a.md").display().to_string();
        assert_eq!(
            run("links", &["--broken", tmp.str()]),
            Run {
                code: 1,
                stdout: format!(
                    "{a}:5:1: inline page /older.html (broken: no page has the slug `older`)\n\
                     {a}:5:29: inline page /blog/a.html (broken: no post has the slug `a`)\n\
                     {a}:5:70: inline fragment #bottom (broken: no heading has the id `bottom`)\n\
                     {a}:7:1: html page /x\\ty.html (broken: no page has the slug `x\\ty`)\n"
                ),
                stderr: String::new(),
            }
        );
    }

    #[test]
    fn filters_internal_and_external_links() {
        assert_eq!(
            run("links", &["--internal", "--format", "json", SITE]),
            Run {
                code: 1,
                stdout: expected("links-internal.jsonl"),
                stderr: String::new(),
            }
        );
        assert_eq!(
            run("links", &["--external", SITE]),
            ok(&format!(
                "{SITE}/pages/0101-intro.md:16:12: inline https https://www.python.org/\n\
                 {SITE}/pages/0102-setup.md:21:24: inline https https://www.python.org/downloads/\n"
            ))
        );
        let both = run("links", &["--internal", "--external", SITE]);
        assert_eq!((both.code, both.stdout.as_str()), (2, ""));
        assert!(
            both.stderr.contains("cannot be used with"),
            "{}",
            both.stderr
        );
    }
}

/// `book`.
mod book {
    use std::collections::{HashMap, HashSet};

    use pagefmt::{BodyOptions, Category, Page, Target};

    use super::*;

    #[test]
    fn joins_the_site_in_order_with_links_made_local() {
        assert_eq!(run("book", &[SITE]), ok(&expected("book.md")));
    }

    #[test]
    fn reports_header_errors_and_still_writes_the_book() {
        let tmp = TempDir::new("book");
        let bad = tmp.path().join("bad.md");
        std::fs::write(
            &bad,
            "title: Bad\nslug: bad\ntoc: maybe\n\n\nSee [me](/bad.html#top).\n",
        )
        .unwrap();
        assert_eq!(
            run("book", &[tmp.str()]),
            Run {
                code: 1,
                stdout: "<a id=\"bad\"></a>\n\nSee [me](#bad).\n".to_owned(),
                stderr: format!(
                    "{}: invalid value for `toc`: expected `True` or `False`, found 'maybe' at line 3, column 6\n",
                    bad.display()
                ),
            }
        );
    }

    #[test]
    fn a_fragment_that_would_not_stay_unique_points_at_the_page() {
        let tmp = TempDir::new("book-ids");
        let write = |name: &str, text: &str| std::fs::write(tmp.path().join(name), text).unwrap();
        write("a.md", "slug: a\nsortorder: 2\n\n## Notes\n## b\n[1](/b.html#notes) [2](/b.html#only-b) [3](/b.html#b) [4](/blog/b.html)\n");
        write("b.md", "slug: b\nsortorder: 10\n\n## Notes\n## Only B\n");
        assert_eq!(
            run("book", &[tmp.str()]),
            ok("<a id=\"a\"></a>\n\n## Notes\n## b\n[1](#b) [2](#only-b) [3](#b) [4](/blog/b.html)\n\n\
                <a id=\"b\"></a>\n\n## Notes\n## Only B\n")
        );
    }

    /// The book of a corpus folder: every link is still there, links to
    /// pages of the book now point at an anchor or heading id of the book,
    /// and every other destination is unchanged.
    fn check_book(dir: &Path) {
        let out = run("book", &[dir.to_str().unwrap()]);
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (0, ""),
            "{}",
            dir.display()
        );
        let options = BodyOptions::default();
        let texts: Vec<String> = common::pages(dir)
            .into_iter()
            .map(|(_, path)| std::fs::read_to_string(path).unwrap())
            .collect();
        let pages: Vec<Page<'_>> = texts.iter().map(|t| Page::parse(t)).collect();
        let mut in_book = HashSet::new();
        for page in &pages {
            let meta = page.meta().unwrap();
            in_book.insert((meta.slug.unwrap(), meta.category == Some(Category::Post)));
        }
        let points_in = |target: &Target<'_>| matches!(target, Target::Page { slug, post, .. } if in_book.contains(&((*slug).to_owned(), *post)));
        // Every destination but those to pages of the book, with its count.
        let mut kept: HashMap<String, usize> = HashMap::new();
        let mut links = 0;
        for page in &pages {
            let body = page.outline(&options);
            links += body.links.len();
            for link in body.links.iter().filter(|l| !points_in(&l.target())) {
                *kept.entry(link.dest.to_string()).or_default() += 1;
            }
        }
        let book = Page::parse(&out.stdout);
        assert_eq!(book.body_offset(), 0, "the book has no header");
        let body = book.outline(&options);
        assert_eq!(body.links.len(), links);
        let mut anchors: HashSet<&str> = body.headings.iter().map(|h| h.id.as_str()).collect();
        for line in out.stdout.lines() {
            if let Some(id) = line
                .strip_prefix("<a id=\"")
                .and_then(|l| l.strip_suffix("\"></a>"))
            {
                anchors.insert(id);
            }
        }
        let mut rewritten = 0;
        for link in &body.links {
            let target = link.target();
            assert!(
                !points_in(&target),
                "{} points at a page of the book",
                link.dest
            );
            match kept.get_mut(&*link.dest) {
                Some(n) if *n > 0 => *n -= 1,
                _ => {
                    let Target::Fragment(id) = target else {
                        panic!("{} is new, and not a fragment", link.dest);
                    };
                    assert!(anchors.contains(id), "#{id} is no anchor of the book");
                    rewritten += 1;
                }
            }
        }
        assert!(
            kept.values().all(|&n| n == 0),
            "some destinations were lost"
        );
        assert!(rewritten > 0);
    }

    #[test]
    fn joins_corpus_sites() {
        let Some(corpus) = common::corpus() else {
            return;
        };
        check_book(&corpus.join("fullstackpython-2016"));
        check_book(&corpus.join("fullstackpython-2023"));
    }
}

/// `site`, and `links` in site mode, on a small Pelican project (its
/// answers checked against Pelican's in `site::agrees_with_pelican`).
mod site {
    use super::{expected, run, Run};

    const BLOG: &str = "tests/fixtures/sites/blog";
    const NOTE: &str =
        "tests/fixtures/sites/blog/pelicanconf.py:17: setting STATIC_PATHS not read: \
         `STATIC_PATHS = [os.path.join('images')]` is not a literal value\n";

    #[test]
    fn lists_items_and_outputs() {
        let note = |tool: &str| format!("{tool}: {NOTE}");
        let statement =
            "tests/fixtures/sites/blog/pelicanconf.py:2: statement not read: `import os`\n";
        let notes = |tool: &str| format!("{tool}: {statement}{}", note(tool));
        assert_eq!(
            run("site", &[BLOG]),
            Run {
                code: 0,
                stdout: expected("site-blog.jsonl"),
                stderr: notes("site"),
            }
        );
        assert_eq!(
            run("site", &["--outputs", BLOG]),
            Run {
                code: 0,
                stdout: expected("site-blog-outputs.txt"),
                stderr: notes("site"),
            }
        );
        // --setting over the settings file.
        let moved = run("site", &["--setting", "PAGE_URL=\"p/{slug}/\"", BLOG]);
        assert!(
            moved.stdout.contains("\"url\":\"p/about-us/\""),
            "{}",
            moved.stdout
        );
        assert_eq!(
            run("links", &["--format", "json", BLOG]),
            Run {
                code: 1,
                stdout: expected("links-site-blog.jsonl"),
                stderr: notes("links"),
            }
        );
    }

    #[test]
    fn bad_site_arguments() {
        let r = run("site", &["--setting", "NOPE", BLOG]);
        assert_eq!((r.code, r.stdout.as_str()), (2, ""));
        assert_eq!(r.stderr, "site: --setting NOPE: expected NAME=VALUE\n");
        let r = run("site", &["tests/fixtures/sites/nowhere"]);
        assert_eq!(r.code, 2);
        assert!(
            r.stderr
                .contains("the content folder (PATH) does not exist"),
            "{}",
            r.stderr
        );
    }
}
