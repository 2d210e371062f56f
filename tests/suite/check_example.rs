//! The `check` example, run as a program on our fixtures: its output and
//! exit status. `cargo test` builds the examples beside the test binary.

use std::process::Command;

/// What a run gave: exit status, stdout, stderr.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `check` with `args` from the crate's root.
fn run(args: &[&str]) -> Run {
    let out = Command::new(crate::common::example("check"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("the check example runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

const SITE: &str = "tests/fixtures/validate/site";

#[test]
fn human_output_on_the_fixture_site() {
    let r = run(&["--known-path", "/blog.html", SITE]);
    insta::assert_snapshot!(r.stdout);
    assert_eq!(r.stderr, "5 pages, 3 errors, 4 warnings, 1 note\n");
    assert_eq!(r.code, Some(1));
}

#[test]
fn json_output_on_the_fixture_site() {
    let r = run(&["--format", "json", "--known-path", "/blog.html", SITE]);
    for line in r.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["path", "code", "severity", "line", "column", "start", "end", "message", "help"]
        );
    }
    insta::assert_snapshot!(r.stdout);
    assert_eq!(r.stderr, "5 pages, 3 errors, 4 warnings, 1 note\n");
    assert_eq!(r.code, Some(1));
}

#[test]
fn the_sample_site_checks_clean() {
    let r = run(&["--deny", "warnings", "examples/pages"]);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "5 pages, 0 errors, 0 warnings, 0 notes\n");
    assert_eq!(r.code, Some(0));
}

#[test]
fn deny_warnings_and_allow_change_the_exit_status() {
    let page = "tests/fixtures/validate/pages/warnings-only.md";
    let r = run(&["--format", "json", page]);
    assert_eq!(
        r.stdout,
        "{\"path\":\"tests/fixtures/validate/pages/warnings-only.md\",\"code\":\"unknown-key\",\"severity\":\"warning\",\"line\":4,\"column\":1,\"start\":56,\"end\":62,\"message\":\"unknown key `colour`\",\"help\":\"the page's templates will not read it; remove it, or add it to the known keys if they do\"}\n"
    );
    assert_eq!(r.stderr, "1 page, 0 errors, 1 warning, 0 notes\n");
    assert_eq!(r.code, Some(0));

    let r = run(&["--format", "json", "--deny", "warnings", page]);
    assert!(r.stdout.contains("\"severity\":\"error\""), "{}", r.stdout);
    assert_eq!(r.stderr, "1 page, 1 error, 0 warnings, 0 notes\n");
    assert_eq!(r.code, Some(1));

    let r = run(&["--deny", "warnings", "--allow", "unknown-key", page]);
    assert_eq!((r.stdout.as_str(), r.code), ("", Some(0)));
    let r = run(&["--known-key", "Colour", page]);
    assert_eq!((r.stdout.as_str(), r.code), ("", Some(0)));
    let r = run(&["--deny", "unknown-key", page]);
    assert_eq!(r.code, Some(1));
}

#[test]
fn unreadable_files_are_reported_and_the_rest_checked() {
    let r = run(&["--format", "json", "tests/fixtures/validate/bad-utf8"]);
    assert_eq!(
        r.stderr,
        "check: tests/fixtures/validate/bad-utf8/latin1.md: invalid UTF-8: found byte '\\xe9' at line 1, column 11 (byte offset 10)\n\
         1 page, 0 errors, 1 warning, 0 notes\n"
    );
    assert!(r.stdout.contains("bad-utf8/fine.md"), "{}", r.stdout);
    assert_eq!(r.code, Some(2));
}

#[test]
fn usage_errors_exit_2() {
    let r = run(&["tests/fixtures/validate/no-such-folder"]);
    assert_eq!(
        (r.stdout.as_str(), r.stderr.as_str(), r.code),
        (
            "",
            "check: tests/fixtures/validate/no-such-folder: no such file or folder\n",
            Some(2)
        )
    );
    let r = run(&["--allow", "no-such-rule", SITE]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("no rule `no-such-rule`"), "{}", r.stderr);
    let r = run(&[]);
    assert_eq!(r.code, Some(2));
}
