//! The header as Python-Markdown reads it: our fixtures with expectations
//! written by Python-Markdown itself, the upstream peer cases, and every
//! page of the corpus.

use std::collections::BTreeMap;
use std::path::Path;

use pagefmt::Page;
use serde_json::Value;

use crate::common;

/// The header view as ordered (key, values) pairs.
fn pymd_pairs(page: &Page<'_>) -> Vec<(String, Vec<String>)> {
    page.header()
        .pymd_meta()
        .iter()
        .map(|(k, v)| (k.to_owned(), v.iter().map(|s| s.to_string()).collect()))
        .collect()
}

/// The body as Python-Markdown holds it after its whitespace
/// normalization: `\n` line endings, tabs expanded to 4-column stops, lines
/// of spaces emptied (except the text's first line), trailing newlines
/// removed.
fn python_body(page: &Page<'_>) -> String {
    let body = page.body().replace("\r\n", "\n").replace('\r', "\n");
    let first_of_text = page.body_offset() == usize::from(page.has_bom()) * 3;
    let lines: Vec<String> = body
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            let mut out = String::new();
            let mut col = 0;
            for c in line.chars() {
                if c == '\t' {
                    let n = 4 - col % 4;
                    out.extend(std::iter::repeat_n(' ', n));
                    col += n;
                } else {
                    out.push(c);
                    col += 1;
                }
            }
            if (i > 0 || !first_of_text) && !out.is_empty() && out.bytes().all(|b| b == b' ') {
                out.clear();
            }
            out
        })
        .collect();
    lines.join("\n").trim_end_matches('\n').to_owned()
}

#[test]
fn fixtures_match_python_markdown() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/header");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let expected_path = path.with_extension("expected.json");
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
        let page = Page::from_bytes(&bytes).unwrap();
        let want: Vec<(String, Vec<String>)> =
            serde_json::from_value(expected["meta"].clone()).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        assert_eq!(pymd_pairs(&page), want, "meta of {name}");
        assert_eq!(
            python_body(&page),
            expected["body"].as_str().unwrap(),
            "body of {name}"
        );
        assert_eq!(page.to_string().as_bytes(), &bytes[..], "lossless {name}");
        checked += 1;
    }
    assert!(
        checked >= 24,
        "only {checked} fixtures found in {}",
        dir.display()
    );
}

#[test]
fn peer_cases_match_upstream_expectations() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("peer-cases/python-markdown");
    let expected: BTreeMap<String, BTreeMap<String, Vec<String>>> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("EXPECTED_META.json")).unwrap())
            .unwrap();
    assert_eq!(expected.len(), 6);
    for (file, want) in &expected {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let page = Page::from_bytes(&bytes).unwrap();
        let got: BTreeMap<String, Vec<String>> = pymd_pairs(&page).into_iter().collect();
        assert_eq!(&got, want, "{file}");
    }
}

#[test]
fn every_corpus_page_round_trips_and_reads_like_python_markdown() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let tsv = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/pymd_meta.tsv"),
    )
    .unwrap();
    let expected: BTreeMap<&str, (&str, &str)> = tsv
        .lines()
        .map(|l| {
            let mut f = l.split('\t');
            (f.next().unwrap(), (f.next().unwrap(), f.next().unwrap()))
        })
        .collect();
    let pages = common::pages(&corpus);
    let mut mismatches = Vec::new();
    for (rel, path) in &pages {
        let bytes = std::fs::read(path).unwrap();
        let page = Page::from_bytes(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(page.to_string().as_bytes(), &bytes[..], "lossless {rel}");
        let meta = page.header().pymd_meta();
        let canonical: String = meta
            .iter()
            .map(|(k, v)| {
                let v: Vec<&str> = v.iter().map(|s| s.as_ref()).collect();
                format!("{k}\u{1f}{}\u{1d}", v.join("\u{1e}"))
            })
            .collect();
        let got = (
            meta.len().to_string(),
            format!("{:016x}", common::fnv1a64(canonical.as_bytes())),
        );
        match expected.get(rel.as_str()) {
            Some(&(keys, hash)) if keys == got.0 && hash == got.1 => {}
            other => mismatches.push(format!("{rel}: expected {other:?}, got {got:?}")),
        }
    }
    assert_eq!(
        pages.len(),
        expected.len(),
        "the corpus and tests/expected/pymd_meta.tsv list different files"
    );
    assert!(
        pages.len() >= 880,
        "only {} pages in the corpus",
        pages.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} pages differ from Python-Markdown:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
