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
        stderr: untimed(&String::from_utf8(out.stderr).expect("UTF-8 stderr")),
    }
}

/// `stderr` with the time taken (` in 0.01 s` at the end of the summary)
/// left out, after checking it is there.
fn untimed(stderr: &str) -> String {
    let mut out = String::new();
    for line in stderr.lines() {
        let cut = line.rfind(" in ").filter(|&at| {
            let t = &line[at + 4..];
            t.strip_suffix(" s")
                .is_some_and(|n| n.parse::<f64>().is_ok_and(|n| n >= 0.0))
        });
        out.push_str(cut.map_or(line, |at| &line[..at]));
        out.push('\n');
    }
    out
}

/// Full Stack Python's house rules, as shipped.
const HOUSE: &str = "--config=examples/fullstackpython.toml";

const SITE: &str = "tests/fixtures/validate/site";

#[test]
fn human_output_on_the_fixture_site() {
    let r = run(&[HOUSE, "--known-path", "/blog.html", SITE]);
    insta::assert_snapshot!(r.stdout);
    assert_eq!(r.stderr, "5 pages, 2 errors, 3 warnings, 1 note\n");
    assert_eq!(r.code, Some(1));
}

#[test]
fn json_output_on_the_fixture_site() {
    let r = run(&[
        HOUSE,
        "--format",
        "json",
        "--known-path",
        "/blog.html",
        SITE,
    ]);
    let mut groups = 0;
    for line in r.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want = vec![
            "path", "code", "severity", "line", "column", "start", "end", "message", "help",
        ];
        // A finding about a group of pages names the others.
        if v["code"].as_str().unwrap().starts_with("duplicate-") {
            want.extend(["related", "related_count"]);
            groups += 1;
            assert_eq!(v["related_count"], 1);
            assert_eq!(
                v["related"][0]["path"],
                "tests/fixtures/validate/site/03-guide-copy.md"
            );
        }
        assert_eq!(keys, want);
    }
    assert_eq!(groups, 2);
    insta::assert_snapshot!(r.stdout);
    assert_eq!(r.stderr, "5 pages, 2 errors, 3 warnings, 1 note\n");
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
    let r = run(&[HOUSE, "--format", "json", page]);
    assert_eq!(
        r.stdout,
        "{\"path\":\"tests/fixtures/validate/pages/warnings-only.md\",\"code\":\"unknown-key\",\"severity\":\"warning\",\"line\":4,\"column\":1,\"start\":56,\"end\":62,\"message\":\"unknown key `colour`\",\"help\":\"Pelican keeps it as page metadata, but only a theme or plugin that reads it uses it; add it to the known keys if yours does\"}\n"
    );
    assert_eq!(r.stderr, "1 page, 0 errors, 1 warning, 0 notes\n");
    assert_eq!(r.code, Some(0));

    let r = run(&[HOUSE, "--format", "json", "--deny", "warnings", page]);
    assert!(r.stdout.contains("\"severity\":\"error\""), "{}", r.stdout);
    assert_eq!(r.stderr, "1 page, 1 error, 0 warnings, 0 notes\n");
    assert_eq!(r.code, Some(1));

    let r = run(&[HOUSE, "--deny", "warnings", "--allow", "unknown-key", page]);
    assert_eq!((r.stdout.as_str(), r.code), ("", Some(0)));
    let r = run(&[HOUSE, "--known-key", "Colour", page]);
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
         1 page, 0 errors, 0 warnings, 1 note\n"
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

/// Runs `check` with `args` from `dir`, with `env` set.
fn run_in(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(crate::common::example("check"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
        .output()
        .expect("the check example runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: untimed(&String::from_utf8(out.stderr).expect("UTF-8 stderr")),
    }
}

/// A new empty folder under the system's temporary folder.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pagefmt-check-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn concise_output_on_the_fixture_site() {
    let r = run(&[
        HOUSE,
        "--format",
        "concise",
        "--known-path",
        "/blog.html",
        SITE,
    ]);
    insta::assert_snapshot!(r.stdout);
    for line in r.stdout.lines() {
        // path:line:col: severity[code] message
        let (place, rest) = line.split_once(": ").unwrap();
        let parts: Vec<&str> = place.rsplitn(3, ':').collect();
        assert!(
            parts[0].parse::<usize>().is_ok() && parts[1].parse::<usize>().is_ok(),
            "{line}"
        );
        assert!(
            rest.starts_with("error[") || rest.starts_with("warning[") || rest.starts_with("note["),
            "{line}"
        );
    }
    assert_eq!(r.stderr, "5 pages, 2 errors, 3 warnings, 1 note\n");
}

/// One GitHub workflow command, read back: command, properties, message
/// (with the escapes undone).
fn parse_github(line: &str) -> (String, Vec<(String, String)>, String) {
    let unescape = |s: &str| {
        s.replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let rest = line.strip_prefix("::").expect("a workflow command");
    let (head, message) = rest.split_once("::").expect("`::` before the message");
    let (command, props) = head.split_once(' ').expect("properties");
    let props = props
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_owned(), unescape(v))
        })
        .collect();
    (command.to_owned(), props, unescape(message))
}

#[test]
fn github_lines_parse_back_to_the_findings() {
    let args = [HOUSE, "--known-path", "/blog.html", SITE];
    let json = run(&[&["--format", "json"], &args[..]].concat());
    let github = run(&[&["--format", "github"], &args[..]].concat());
    insta::assert_snapshot!(github.stdout);
    let lines: Vec<&str> = github.stdout.lines().collect();
    let objects: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), objects.len());
    for (line, o) in lines.iter().zip(&objects) {
        let (command, props, message) = parse_github(line);
        let want = match o["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert_eq!(command, want);
        let get = |k: &str| {
            props
                .iter()
                .find(|p| p.0 == k)
                .map(|p| p.1.clone())
                .unwrap()
        };
        assert_eq!(get("file"), o["path"].as_str().unwrap());
        assert_eq!(get("line"), o["line"].to_string());
        assert_eq!(get("col"), o["column"].to_string());
        assert_eq!(get("title"), o["code"].as_str().unwrap());
        let mut want = o["message"].as_str().unwrap().to_owned();
        if let Some(h) = o["help"].as_str() {
            want = format!("{want}\nhelp: {h}");
        }
        assert_eq!(message, want);
    }
}

#[test]
fn sarif_log_has_the_required_properties() {
    let r = run(&[
        HOUSE,
        "--format",
        "sarif",
        "--known-path",
        "/blog.html",
        SITE,
    ]);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).expect("one JSON document");
    // Required by the SARIF 2.1.0 schema: log.version and runs; run.tool;
    // tool.driver; driver.name; rule (reportingDescriptor).id;
    // result.message (with text); message.text; a region's startLine >= 1.
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "pagefmt");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), pagefmt::Rule::ALL.len());
    for rule in rules {
        assert!(pagefmt::Rule::from_code(rule["id"].as_str().unwrap()).is_some());
        assert!(!rule["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
    }
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    // The other page of each group, as a related location.
    let related: Vec<&serde_json::Value> = results
        .iter()
        .filter_map(|r| r.get("relatedLocations"))
        .collect();
    assert_eq!(related.len(), 2);
    for r in related {
        assert_eq!(
            r[0]["physicalLocation"]["artifactLocation"]["uri"],
            "tests/fixtures/validate/site/03-guide-copy.md"
        );
    }
    for result in results {
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        assert!(location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with(SITE));
        let region = &location["region"];
        let (start, end) = (
            region["startLine"].as_u64().unwrap(),
            region["endLine"].as_u64().unwrap(),
        );
        assert!(start >= 1 && end >= start);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
    }
    assert_eq!(r.code, Some(1));
}

#[test]
fn statistics_count_each_code() {
    let r = run(&[HOUSE, "--statistics", "--known-path", "/blog.html", SITE]);
    assert_eq!(
        r.stdout,
        "     1  broken-fragment\n     1  broken-internal-link\n     1  duplicate-slug\n     1  duplicate-sort-order\n     1  fragment-not-found\n     1  orphan-page\n"
    );
    assert_eq!(r.stderr, "5 pages, 2 errors, 3 warnings, 1 note\n");
    assert_eq!(r.code, Some(1));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let page = "tests/fixtures/validate/pages/warnings-only.md";
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let always = run_in(root, &["--color", "always", page], &[]);
    assert!(always.stdout.contains('\u{1b}'), "{}", always.stdout);
    let never = run_in(root, &["--color", "never", page], &[]);
    assert!(!never.stdout.is_empty() && !never.stdout.contains('\u{1b}'));
    // Not a terminal: no colour on `auto`, with or without NO_COLOR.
    let auto = run_in(root, &[page], &[("NO_COLOR", "1")]);
    assert!(!auto.stdout.contains('\u{1b}'));
}

#[test]
fn a_config_file_is_found_by_walking_up() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("content/deep")).unwrap();
    std::fs::write(
        dir.join("pagefmt.toml"),
        "[settings]\nPATH = \"content\"\n\n[check]\nknown-keys = [\"cover\"]\nrules = { multiple-h1 = \"deny\" }\n\n[[check.overrides]]\npaths = [\"content/drafts/**\"]\nrules = { multiple-h1 = \"allow\" }\n",
    )
    .unwrap();
    let text = "title: A\ncover: a.png\nsubtitel: x\n\n# A\n\n# B\n";
    std::fs::write(dir.join("content/deep/a.md"), text).unwrap();
    std::fs::create_dir_all(dir.join("content/drafts")).unwrap();
    std::fs::write(dir.join("content/drafts/b.md"), text).unwrap();
    let r = run_in(
        &dir.join("content/deep"),
        &["--format", "concise", "."],
        &[],
    );
    assert_eq!(
        r.stdout,
        "./a.md:3:1: note[unknown-key] unknown key `subtitel`\n./a.md:7:1: error[multiple-h1] another level-1 heading, 'B': the first is at line 5\n"
    );
    assert_eq!(r.code, Some(1));
    // From the root, the override: no multiple-h1 under drafts/.
    let r = run_in(&dir, &["--format", "concise", "content"], &[]);
    let codes: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(codes.len(), 2, "{}", r.stdout);
    assert!(!r.stdout.contains("drafts/b.md:7:1"), "{}", r.stdout);
    // The flags win over the file; --no-config leaves it out.
    let r = run_in(
        &dir,
        &["--format", "concise", "--allow", "multiple-h1", "content"],
        &[],
    );
    assert!(!r.stdout.contains("multiple-h1"), "{}", r.stdout);
    assert_eq!(r.code, Some(0));
    let r = run_in(
        &dir,
        &["--format", "concise", "--no-config", "content"],
        &[],
    );
    assert!(
        r.stdout.contains("unknown key `cover`") && !r.stdout.contains("multiple-h1"),
        "{}",
        r.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_config_is_an_error_with_its_place() {
    let dir = scratch("bad-config");
    std::fs::write(
        dir.join("pagefmt.toml"),
        "[check]\nrules = { multiple-h1 = \"loud\" }\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.md"), "title: A\n\nB\n").unwrap();
    let r = run_in(&dir, &["a.md"], &[]);
    assert_eq!(
        (r.stdout.as_str(), r.stderr.as_str(), r.code),
        (
            "",
            format!(
                "check: {}:2:25: invalid level `loud` for `multiple-h1`: expected `allow`, `note`, `warn` or `deny`\n",
                dir.join("pagefmt.toml").display()
            )
            .as_str(),
            Some(2)
        )
    );
    let r = run_in(&dir, &["--config", "nope.toml", "a.md"], &[]);
    assert!(
        r.stderr.starts_with("check: nope.toml:1:1: cannot read it"),
        "{}",
        r.stderr
    );
    assert_eq!(r.code, Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fix_changes_only_the_fixed_bytes_and_rechecks_clean() {
    let dir = scratch("fix");
    std::fs::write(
        dir.join("pagefmt.toml"),
        "[check]\nhttps-hosts = [\"docs.python.org\"]\nrules = { insecure-link = \"warn\", trailing-whitespace = \"warn\" }\n",
    )
    .unwrap();
    let text = "title: Queues  \nSlgu: queues\n\nSee [usage](#Usage), [docs](http://docs.python.org/3/) and [other](http://other.org/).\n\n## Usage\n";
    std::fs::write(dir.join("a.md"), text).unwrap();
    let dry = run_in(&dir, &["--fix", "--dry-run", "a.md"], &[]);
    insta::assert_snapshot!(dry.stdout);
    assert_eq!(dry.stderr, "1 page, would fix 4 findings in 1 file\n");
    assert_eq!(dry.code, Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.join("a.md")).unwrap(),
        text,
        "a dry run changes nothing"
    );

    let r = run_in(&dir, &["--fix", "--format", "concise", "a.md"], &[]);
    let fixed = std::fs::read_to_string(dir.join("a.md")).unwrap();
    assert_eq!(
        fixed,
        "title: Queues\nslug: queues\n\nSee [usage](#usage), [docs](https://docs.python.org/3/) and [other](http://other.org/).\n\n## Usage\n"
    );
    // What is left: the host not known to serve https.
    assert_eq!(
        r.stdout,
        "a.md:4:69: warning[insecure-link] insecure link to 'http://other.org/': `http://` to the external host `other.org`\n"
    );
    assert_eq!(
        r.stderr,
        "1 page, 0 errors, 1 warning, 0 notes, 4 findings fixed\n"
    );
    assert_eq!(r.code, Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_pelican_project_is_checked_as_pelican_builds_it() {
    let dir = scratch("pelican");
    std::fs::create_dir_all(dir.join("content/pages")).unwrap();
    std::fs::write(
        dir.join("pelicanconf.py"),
        "PATH = 'content'\nARTICLE_URL = '{slug}.html'\n",
    )
    .unwrap();
    let article = "Title: First Post\nDate: 2024-01-02\nTags: a, b\nCover: c.png\n\nSee [the page]({filename}/pages/about.md#team), [nothing]({filename}/nope.md),\n[a section]({filename}/pages/about.md#tema) and [the feed](/feeds/all.atom.xml).\n";
    std::fs::write(dir.join("content/first.md"), article).unwrap();
    std::fs::write(
        dir.join("content/second.md"),
        "Title: Second\nDate: 2024-01-03\nSlug: first-post\n\nText.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/pages/about.md"),
        "Title: About\n\n## Team\n",
    )
    .unwrap();
    std::fs::write(dir.join("content/undated.md"), "Title: Undated\n\nText.\n").unwrap();
    let r = run_in(&dir, &["--format", "concise", "."], &[]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "content/first.md:1:8: error[duplicate-slug] first.md is also written to first-post.html by second.md: Pelican's build stops there",
            "content/first.md:4:1: note[unknown-key] unknown key `Cover`",
            "content/first.md:6:59: error[broken-internal-link] link to '{filename}/nope.md': no file {filename}/nope.md in the content",
            "content/first.md:7:13: warning[broken-fragment] link to '{filename}/pages/about.md#tema': pages/about.md has no heading or anchor with the id `tema`",
            "content/undated.md:1:1: error[missing-field] missing `date`: Pelican skips an article without one",
        ],
    );
    assert_eq!(r.code, Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}
