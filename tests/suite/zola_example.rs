//! The `zola` example: a migration written with the public API alone, its
//! output checked file by file (`tests/fixtures/zola/expected`), and run
//! over the 2023 corpus.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, as (path relative to `dir`, text).
fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn migrate(out: &Path, input: &Path) -> std::process::Output {
    Command::new(common::example("zola"))
        .arg("--out")
        .arg(out)
        .arg(input)
        .current_dir(root())
        .output()
        .unwrap()
}

#[test]
fn the_fixture_site_migrates_as_expected() {
    let tmp = tempfile::tempdir().unwrap();
    let r = migrate(tmp.path(), Path::new("tests/fixtures/tools/site"));
    assert_eq!(
        (r.status.code(), String::from_utf8_lossy(&r.stderr).as_ref()),
        (Some(0), "")
    );
    let got = files(tmp.path());
    let want = files(&root().join("tests/fixtures/zola/expected"));
    let names = |v: &[(String, String)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want));
    for ((name, got), (_, want)) in got.iter().zip(&want) {
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn the_2023_corpus_migrates() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let input: PathBuf = corpus.join("fullstackpython-2023");
    let tmp = tempfile::tempdir().unwrap();
    let r = migrate(tmp.path(), &input);
    let stderr = String::from_utf8_lossy(&r.stderr);
    let out = files(tmp.path());
    let (mut internal, mut dates) = (0, 0);
    for (name, text) in &out {
        let rest = text
            .strip_prefix("+++\n")
            .unwrap_or_else(|| panic!("{name}"));
        let (front, body) = rest.split_once("+++\n").unwrap_or_else(|| panic!("{name}"));
        let front: toml::Table = toml::from_str(front).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(front.contains_key("slug"), "{name}");
        dates += usize::from(matches!(front.get("date"), Some(toml::Value::Datetime(_))));
        internal += body.matches("](@/").count() + body.matches("\"@/").count();
    }
    assert!(
        out.len() >= 760,
        "only {} pages migrated; stderr:\n{stderr}",
        out.len()
    );
    assert!(internal >= 6000, "only {internal} internal links");
    assert!(dates >= 60, "only {dates} native dates");
    eprintln!(
        "zola: {} pages migrated, {internal} `@/` links, {dates} dates; exit {:?}, {} stderr lines",
        out.len(),
        r.status.code(),
        stderr.lines().count()
    );
}
