//! `convert --to yaml` writes front matter that YAML 1.1 readers (PyYAML,
//! Jekyll) and YAML 1.2 readers (serde_norway, Hugo) read alike, and
//! reading front matter keeps numbers as written.
//!
//! tests/fixtures/yaml/awkward.md holds values that a careless writer lets
//! a reader retype; tests/expected/yaml/awkward.yaml is what convert
//! writes of it (checked here), and awkward.pyyaml.tsv what PyYAML reads
//! from that (scripts/yaml11_read.py).

use std::path::Path;
use std::process::Command;

use pagefmt::Page;

use crate::common;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn convert(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(common::example("convert"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The page's header as `(key, value)` pairs in PageMeta's order, each
/// value as the text a YAML reader should give back (lists joined).
fn page_values() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/yaml/awkward.md")).unwrap();
    let meta = Page::parse(&text).meta().unwrap();
    let mut out = vec![
        ("title".to_owned(), meta.title.clone().unwrap()),
        ("slug".to_owned(), meta.slug.clone().unwrap()),
    ];
    for (key, value) in &meta.extra {
        out.push((key.clone(), value.clone()));
    }
    out
}

fn written() -> String {
    std::fs::read_to_string(root().join("tests/expected/yaml/awkward.yaml")).unwrap()
}

#[test]
fn convert_writes_the_committed_yaml() {
    let (code, stdout, stderr) =
        convert(&["--to", "yaml", "tests/fixtures/yaml/awkward.md"], root());
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        written(),
        "regenerate tests/expected/yaml and the PyYAML reading"
    );
}

#[test]
fn pyyaml_reads_every_value_as_written() {
    let tsv =
        std::fs::read_to_string(root().join("tests/expected/yaml/awkward.pyyaml.tsv")).unwrap();
    let read: Vec<(String, String, String, serde_json::Value)> = tsv
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let key: String = serde_json::from_str(f[1]).unwrap();
            (
                f[0].to_owned(),
                key,
                f[2].to_owned(),
                serde_json::from_str(f[3]).unwrap(),
            )
        })
        .collect();
    // The typed fields: a date with a time is a string to YAML 1.1, a date
    // alone a date; the boolean a boolean; tags a list of strings.
    let typed: Vec<(&str, &str, String)> = read[2..6]
        .iter()
        .map(|(_, k, t, v)| (k.as_str(), t.as_str(), v.to_string()))
        .collect();
    assert_eq!(
        typed,
        [
            ("date", "str", "\"2016-05-08 10:14\"".to_owned()),
            ("modified", "date", "\"2016-05-09\"".to_owned()),
            ("toc", "bool", "true".to_owned()),
            (
                "tags",
                "list[str]",
                "[\"yes\",\"1.10\",\"~\",\"on\"]".to_owned()
            ),
        ]
    );
    // Every other key and value is the string the page holds.
    let others: Vec<(String, String)> = read
        .iter()
        .enumerate()
        .filter(|(i, _)| !(2..6).contains(i))
        .map(|(_, (kt, k, vt, v))| {
            assert_eq!((kt.as_str(), vt.as_str()), ("str", "str"), "{k}: {v}");
            (k.clone(), v.as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(others, page_values());
}

#[test]
fn serde_norway_reads_every_value_as_written() {
    let yaml = written();
    let fm = yaml
        .strip_prefix("---\n")
        .unwrap()
        .split("\n---\n")
        .next()
        .unwrap();
    let value: serde_norway::Value = serde_norway::from_str(fm).unwrap();
    let serde_norway::Value::Mapping(map) = value else {
        panic!("not a mapping");
    };
    let mut strings = Vec::new();
    for (key, value) in &map {
        let key = key.as_str().unwrap().to_owned();
        match (key.as_str(), value) {
            ("date" | "modified", v) => assert!(v.is_string(), "{v:?}"),
            ("toc", v) => assert_eq!(v.as_bool(), Some(true)),
            ("tags", v) => {
                let items: Vec<&str> = v
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .map(|i| i.as_str().unwrap())
                    .collect();
                assert_eq!(items, ["yes", "1.10", "~", "on"]);
            }
            (_, v) => strings.push((key.clone(), v.as_str().unwrap().to_owned())),
        }
    }
    assert_eq!(strings, page_values());
    // And back to the page format: the same meta.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), &yaml).unwrap();
    let (code, back, stderr) = convert(&["--to", "pagefmt", "a.md"], tmp.path());
    assert_eq!((code, stderr.as_str()), (0, ""));
    let original = std::fs::read_to_string(root().join("tests/fixtures/yaml/awkward.md")).unwrap();
    assert_eq!(Page::parse(&back).meta(), Page::parse(&original).meta());
}

#[test]
fn numbers_are_read_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let numbers = [
        "1.10",
        "1e3",
        "0x1F",
        "+12",
        "-0.0",
        "12345678901234567890123456789",
    ];
    let mut yaml = String::from("---\ntitle: N\n");
    let mut toml = String::from("+++\ntitle = \"N\"\n");
    for (i, n) in numbers.iter().enumerate() {
        yaml.push_str(&format!("n{i}: {n}\n"));
        toml.push_str(&format!("n{i} = {n}\n"));
    }
    yaml.push_str("list: [1.10, 0x1F, x, 1e3]\nblock:\n- +12\n- 0o17\n---\nBody\n");
    toml.push_str("list = [1.10, 0x1F, \"x\", 1e3]\n+++\nBody\n");
    std::fs::write(tmp.path().join("y.md"), yaml).unwrap();
    std::fs::write(tmp.path().join("t.md"), toml).unwrap();
    let mut header = String::from("title: N\n");
    for (i, n) in numbers.iter().enumerate() {
        header.push_str(&format!("n{i}: {n}\n"));
    }
    let list = "list: 1.10\nlist: 0x1F\nlist: x\nlist: 1e3\n";
    for (file, tail) in [
        ("y.md", format!("{list}block: +12\nblock: 0o17\n")),
        ("t.md", list.to_owned()),
    ] {
        let (code, out, stderr) = convert(&["--to", "pagefmt", file], tmp.path());
        assert_eq!((code, stderr.as_str()), (0, ""), "{file}");
        assert_eq!(out, format!("{header}{tail}\nBody\n"), "{file}");
    }
}
