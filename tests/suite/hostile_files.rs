//! The examples against hostile file-system states: a FIFO, a device, a
//! symlink out of the tree, a name that is not UTF-8, a file over the size
//! limit, an output folder inside the input. None may hang, panic, or
//! write outside what it was asked to write.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;

/// What an example did: exit code, stdout, stderr.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs example `name` in `dir`; a run that takes more than 60 seconds is
/// killed and fails the test (a hang, e.g. on a FIFO).
fn run(name: &str, dir: &Path, args: &[&OsStr]) -> Run {
    let mut child = Command::new(common::example(name))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example runs");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("{name} {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exits with a code, not a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const UNFORMATTED: &str = "Title: Outside\nSlug: outside\n\nBody.\n";

#[cfg(unix)]
#[test]
fn fmt_never_rewrites_a_page_outside_its_folder() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(&dir.join("outside/o.md"), UNFORMATTED);
    write(&dir.join("site/a.md"), UNFORMATTED);
    symlink("../outside/o.md", dir.join("site/o.md")).unwrap();
    symlink("../outside", dir.join("site/more")).unwrap();
    let r = run("fmt", dir, &[os("site")]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stdout, "");
    let outside = std::fs::canonicalize(dir.join("outside")).unwrap();
    assert_eq!(
        r.stderr,
        format!(
            "fmt: site/more: a symlink leading outside the folders given (to {0}): not followed\n\
             fmt: site/o.md: a symlink leading outside the folders given (to {0}/o.md): not followed\n",
            outside.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("outside/o.md")).unwrap(),
        UNFORMATTED
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("site/a.md")).unwrap(),
        "title: Outside\nslug: outside\n\nBody.\n"
    );
}

#[cfg(unix)]
#[test]
fn no_example_hangs_on_a_fifo_or_a_device() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(&dir.join("site/a.md"), "title: A\n\nBody.\n");
    let made = Command::new("mkfifo")
        .arg(dir.join("site/x.md"))
        .status()
        .unwrap();
    assert!(made.success());
    let fifo = "site/x.md: a FIFO, not a regular file: not read";
    // `check` needs the `render` feature (on in this repository through
    // the dev-dependency; off in the packaged crate unless asked for).
    let tools = ["check", "fmt", "links", "outline", "book", "roundtrip"];
    for name in tools
        .into_iter()
        .filter(|&t| t != "check" || cfg!(feature = "render"))
    {
        for args in [&[os("site/x.md")][..], &[os("site")], &[os("/dev/zero")]] {
            let r = run(name, dir, args);
            // roundtrip counts a file it cannot read as a failure (1).
            let code = if name == "roundtrip" { 1 } else { 2 };
            assert_eq!(r.code, code, "{name} {args:?}: {r:?}");
            let expected = if args[0] == "/dev/zero" {
                "/dev/zero: a character device, not a regular file: not read"
            } else {
                fifo
            };
            assert!(r.stderr.contains(expected), "{name} {args:?}: {r:?}");
        }
    }
    let r = run("dump", dir, &[os("site")]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout
            .contains(&format!("{{\"path\":\"site/x.md\",\"error\":\"{fifo}\"}}")),
        "{r:?}"
    );
    assert!(r.stdout.contains("\"path\":\"site/a.md\""), "{r:?}");
    let r = run("convert", dir, &[os("--to"), os("yaml"), os("site/x.md")]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stderr, format!("convert: {fifo}\n"));
}

#[cfg(feature = "render")]
#[test]
fn a_file_over_the_size_limit_is_reported_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(&dir.join("a.md"), "title: A\n\nBody.\n");
    let r = run("check", dir, &[os("--max-size"), os("10"), os("a.md")]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .starts_with("check: a.md: 16 bytes, more than the limit of 10 bytes: not read\n"),
        "{r:?}"
    );
    let r = run("check", dir, &[os("--max-size"), os("1K"), os("a.md")]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = run("fmt", dir, &[os("--max-size"), os("lots"), os("a.md")]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("expected a size such as 1000, 64K, 256M or 1G"),
        "{r:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_never_panics() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("t")).unwrap();
    let name = Path::new("t").join(OsStr::from_bytes(b"x\xff.md"));
    if std::fs::write(dir.join(&name), "Title: a\n\nb\n").is_err() {
        // A file system that takes only UTF-8 names (none on Linux).
        return;
    }
    let r = run("dump", dir, &[os("t")]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.starts_with(r#"{"path":"t/x\\xFF.md","header""#),
        "{r:?}"
    );
    for (tool, args) in [
        ("check", &[os("--format"), os("json"), os("t")][..]),
        ("links", &[os("--format"), os("json"), os("t")]),
        ("outline", &[os("--format"), os("json"), os("t")]),
        ("convert", &[os("--to"), os("json"), os("t")]),
        ("roundtrip", &[os("t")]),
        ("book", &[os("t")]),
        ("fmt", &[os("--check"), os("t")]),
    ]
    .into_iter()
    .filter(|&(t, _)| t != "check" || cfg!(feature = "render"))
    {
        let r = run(tool, dir, args);
        assert!(r.code <= 1, "{tool}: {r:?}");
        assert!(
            r.stderr.is_empty() || !r.stderr.contains("panicked"),
            "{tool}: {r:?}"
        );
    }
    let r = run("fmt", dir, &[os("--check"), os("t")]);
    assert_eq!(r.stdout, "t/x\u{FFFD}.md\n", "lossy in text");
    let r = run("outline", dir, &[os("--format"), os("json"), os("t")]);
    assert!(r.stdout.starts_with(r#"{"path":"t/x\\xFF.md""#), "{r:?}");
    let r = run("fmt", dir, &[os("t")]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(std::fs::read(dir.join(&name)).unwrap(), b"title: a\n\nb\n");
}

#[test]
fn convert_refuses_to_write_over_what_it_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(&dir.join("site/a.md"), "title: A\n\nBody.\n");
    write(&dir.join("site/b.md"), "title: B\n\nBody.\n");
    // The folder itself, a folder inside it, or one of its files by name.
    for args in [
        &[os("--to"), os("yaml"), os("--out"), os("site"), os("site")][..],
        &[
            os("--to"),
            os("yaml"),
            os("--out"),
            os("site/./new/"),
            os("site"),
        ],
        &[
            os("--to"),
            os("yaml"),
            os("--out"),
            os("site"),
            os("site/a.md"),
            os("site/b.md"),
        ],
    ] {
        let r = run("convert", dir, args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("which is being read"), "{args:?}: {r:?}");
        assert_eq!(
            std::fs::read_to_string(dir.join("site/a.md")).unwrap(),
            "title: A\n\nBody.\n"
        );
        assert!(!dir.join("site/new").exists());
    }
    let r = run(
        "convert",
        dir,
        &[os("--to"), os("yaml"), os("--out"), os("out"), os("site")],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join("out/a.md")).unwrap(),
        "---\ntitle: A\n---\nBody.\n"
    );
    // In place was asked: allowed, and atomic (no temporary file left).
    let r = run(
        "convert",
        dir,
        &[os("--to"), os("yaml"), os("--in-place"), os("site")],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let mut names: Vec<_> = std::fs::read_dir(dir.join("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["a.md", "b.md"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("site/b.md")).unwrap(),
        "---\ntitle: B\n---\nBody.\n"
    );
}

#[test]
fn writers_keep_the_line_ending_and_the_bom() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let page = "\u{feff}Title: A\r\nSlug: a\r\n\r\nBody\r\n";
    write(&dir.join("a.md"), page);
    let r = run("fmt", dir, &[os("a.md")]);
    assert_eq!(r.code, 0, "{r:?}");
    let formatted = "\u{feff}title: A\r\nslug: a\r\n\r\nBody\r\n";
    assert_eq!(
        std::fs::read_to_string(dir.join("a.md")).unwrap(),
        formatted
    );
    let r = run("convert", dir, &[os("--to"), os("yaml"), os("a.md")]);
    assert_eq!(
        r.stdout,
        "\u{feff}---\r\ntitle: A\r\nslug: a\r\n---\r\nBody\r\n"
    );
    let r = run("convert", dir, &[os("--to"), os("toml"), os("a.md")]);
    assert_eq!(
        r.stdout,
        "\u{feff}+++\r\ntitle = \"A\"\r\nslug = \"a\"\r\n+++\r\nBody\r\n"
    );
    write(&dir.join("b.md"), &r.stdout);
    let r = run("convert", dir, &[os("--to"), os("pagefmt"), os("b.md")]);
    assert_eq!(r.stdout, formatted);
}
