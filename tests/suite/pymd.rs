//! The Python-Markdown dialect against Python-Markdown itself:
//! `tests/expected/pymd_body.tsv` (written by `scripts/pymd_body.py` with
//! Markdown 3.x, `extra`, `toc` and `meta`) holds, per page of both Full
//! Stack Python corpora and the peer cases, the number of headings and
//! links in the HTML Python-Markdown makes and FNV-1a hashes of their
//! canonical strings; this test computes the same from
//! [`pagefmt::Page::outline`] with [`BodyOptions::pelican`].
//!
//! Canonical strings: per heading `"{level}\t{id}\t{text}\n"` (headings
//! written as raw HTML left out; text with white space runs collapsed);
//! per link `"{tag}\t{dest}\n"`, tag `img` for images and `<img src>`,
//! `a` for every other link, in document order.
//!
//! Set `PAGEFMT_PYMD_DUMP` to a directory (outside the repository) to get
//! this side's canonical strings per page.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pagefmt::{BodyOptions, LinkKind, Page};

use crate::common::{corpus, fnv1a64, pages};

const FOLDERS: [&str; 3] = ["fullstackpython-2016", "fullstackpython-2023", "peer-cases"];

/// Files known to differ from Python-Markdown, with the reason.
const KNOWN: &[(&str, &str)] = &[];

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical heading and link strings of a page read in the
/// Python-Markdown dialect.
pub fn canonical(text: &str) -> (usize, String, usize, String) {
    let page = Page::parse(text);
    let body = page.outline(&BodyOptions::pelican());
    let mut h = String::new();
    for x in &body.headings {
        let _ = writeln!(h, "{}\t{}\t{}", x.level, x.id, collapse(&x.text));
    }
    let mut l = String::new();
    for x in &body.links {
        let tag = match x.kind {
            LinkKind::Image | LinkKind::HtmlImg => "img",
            _ => "a",
        };
        let _ = writeln!(l, "{tag}\t{}", x.dest);
    }
    (body.headings.len(), h, body.links.len(), l)
}

#[test]
fn headings_and_links_match_python_markdown() {
    let Some(root) = corpus() else {
        return;
    };
    let tsv_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/pymd_body.tsv");
    let tsv = std::fs::read_to_string(&tsv_path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; it is written by scripts/pymd_body.py",
            tsv_path.display()
        )
    });
    let mut expected: BTreeMap<&str, [&str; 4]> = BTreeMap::new();
    for (n, line) in tsv.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "pymd_body.tsv line {}: {line:?}", n + 1);
        expected.insert(f[0], [f[1], f[2], f[3], f[4]]);
    }
    let dump = std::env::var_os("PAGEFMT_PYMD_DUMP").map(PathBuf::from);
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for folder in FOLDERS {
        for (rel, path) in pages(&root.join(folder)) {
            files.push((format!("{folder}/{rel}"), path));
        }
    }
    files.sort();
    let listed: Vec<&str> = expected.keys().copied().collect();
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths, listed,
        "the corpus and pymd_body.tsv list different files"
    );

    let mut differing = Vec::new();
    let (mut corpus_files, mut corpus_same, mut peers, mut peers_same) = (0, 0, 0, 0);
    for (rel, path) in &files {
        let bytes = std::fs::read(path).expect("reading a corpus file");
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let (hn, h, ln, l) = canonical(text);
        let [hc, hf, lc, lf] = expected[rel.as_str()];
        let same = hn.to_string() == hc
            && format!("{:016x}", fnv1a64(h.as_bytes())) == hf
            && ln.to_string() == lc
            && format!("{:016x}", fnv1a64(l.as_bytes())) == lf;
        let peer = rel.starts_with("peer-cases/");
        if peer {
            peers += 1;
            peers_same += usize::from(same);
        } else {
            corpus_files += 1;
            corpus_same += usize::from(same);
        }
        if !same {
            differing.push(format!(
                "{rel}: {hn}/{hc} headings, {ln}/{lc} links (here/there)"
            ));
        }
        if let Some(dir) = &dump {
            let out = dir.join(format!("{rel}.txt"));
            std::fs::create_dir_all(out.parent().expect("a parent")).expect("dump dir");
            std::fs::write(out, format!("{h}\n{l}")).expect("dump");
        }
    }
    eprintln!(
        "Python-Markdown dialect: {corpus_same} of {corpus_files} corpus files, {peers_same} of {peers} peer cases identical"
    );
    let known: Vec<&str> = KNOWN.iter().map(|(p, _)| *p).collect();
    let unexpected: Vec<&String> = differing
        .iter()
        .filter(|d| !known.iter().any(|k| d.starts_with(&format!("{k}:"))))
        .collect();
    assert!(
        unexpected.is_empty(),
        "{} files differ from Python-Markdown beyond the known ones:\n{}",
        unexpected.len(),
        differing.join("\n")
    );
    assert_eq!(peers_same, peers, "every peer case agrees");
    assert_eq!(
        corpus_same + known.len(),
        corpus_files,
        "the known differences still differ"
    );
}
