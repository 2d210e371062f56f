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

use pagefmt::{BodyOptions, Dialect, LinkKind, Page};

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

/// The canonical strings of a page read in the CommonMark dialect.
fn commonmark(text: &str) -> (String, String) {
    let page = Page::parse(text);
    let body = page.outline(&BodyOptions::default().with_dialect(Dialect::CommonMark));
    let h: String = body
        .headings
        .iter()
        .map(|x| format!("{}\t{}\t{}\n", x.level, x.id, collapse(&x.text)))
        .collect();
    let l: String = body
        .links
        .iter()
        .map(|x| {
            let tag = if matches!(x.kind, LinkKind::Image | LinkKind::HtmlImg) {
                "img"
            } else {
                "a"
            };
            format!("{tag}\t{}\n", x.dest)
        })
        .collect();
    (h, l)
}

/// `tests/fixtures/pymd/NAME.md`, one per difference between the dialects
/// (the HTML Python-Markdown makes of each beside it, `NAME.html`), read
/// with the Python-Markdown dialect, give the headings and links of
/// `NAME.expected.json` (written by `scripts/pymd_body.py --fixtures`), and
/// the CommonMark dialect reads each differently.
#[test]
fn fixtures_match_python_markdown() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pymd");
    let mut n = 0;
    for (rel, path) in pages(&dir) {
        let text = std::fs::read_to_string(&path).expect("fixture");
        let json = std::fs::read_to_string(path.with_extension("expected.json")).expect("expected");
        let html = path.with_extension("html");
        assert!(html.is_file(), "{rel}: its HTML is missing");
        let want: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let mut h = String::new();
        for x in want["headings"].as_array().expect("headings") {
            let _ = writeln!(
                h,
                "{}\t{}\t{}",
                x[0],
                x[1].as_str().unwrap_or(""),
                x[2].as_str().unwrap_or("")
            );
        }
        let mut l = String::new();
        for x in want["links"].as_array().expect("links") {
            let _ = writeln!(
                l,
                "{}\t{}",
                x[0].as_str().unwrap_or(""),
                x[1].as_str().unwrap_or("")
            );
        }
        let (_, ours_h, _, ours_l) = canonical(&text);
        assert_eq!((&ours_h, &ours_l), (&h, &l), "{rel}");
        assert_ne!(
            commonmark(&text),
            (h, l),
            "{rel}: CommonMark reads it the same"
        );
        n += 1;
    }
    assert_eq!(n, 8, "one fixture per difference");
}

/// Python-Markdown's own legacy test pairs, when `PAGEFMT_PYMD_PAIRS`
/// names the file `scripts/pymd_body.py --pairs` writes from its source
/// distribution (kept outside the repository: it holds their text). Each
/// input is read with the Python-Markdown dialect; its headings (level and
/// text, and ids for pairs made with `toc`) and links are compared with
/// those of the HTML Python-Markdown makes with that pair's extensions.
/// The pairs made with extensions the dialect does not have, or without
/// some it always has, are counted apart. The figures are printed; every
/// pair must agree except those listed in `PAIRS_KNOWN`.
#[test]
fn python_markdown_test_pairs() {
    let Some(path) = std::env::var_os("PAGEFMT_PYMD_PAIRS") else {
        eprintln!("PAGEFMT_PYMD_PAIRS not set: Python-Markdown's test pairs not compared");
        return;
    };
    let all = std::fs::read_to_string(path).expect("the pairs file");
    let supported = [
        "extra",
        "toc",
        "attr_list",
        "def_list",
        "footnotes",
        "fenced_code",
        "tables",
        "abbr",
        "md_in_html",
    ];
    let (mut total, mut same, mut other_total, mut other_same) = (0, 0, 0, 0);
    let mut failed = Vec::new();
    for line in all.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let name = v["path"].as_str().unwrap_or_default();
        let exts: Vec<&str> = v["extensions"]
            .as_array()
            .expect("extensions")
            .iter()
            .filter_map(|e| e.as_str())
            .collect();
        let toc = exts.contains(&"toc");
        let input = v["input"].as_str().expect("input");
        let body = pagefmt::parse_body(input, 0, &BodyOptions::pelican());
        let ours_h: Vec<String> = body
            .headings
            .iter()
            .map(|h| {
                let id = if toc { h.id.as_str() } else { "" };
                format!("{} {id} {}", h.level, collapse(&h.text))
            })
            .collect();
        let theirs_h: Vec<String> = v["headings"]
            .as_array()
            .expect("headings")
            .iter()
            .map(|h| {
                let id = if toc { h[1].as_str().unwrap_or("") } else { "" };
                format!("{} {id} {}", h[0], h[2].as_str().unwrap_or(""))
            })
            .collect();
        let ours_l: Vec<String> = body
            .links
            .iter()
            .map(|l| {
                let tag = if matches!(l.kind, LinkKind::Image | LinkKind::HtmlImg) {
                    "img"
                } else {
                    "a"
                };
                format!("{tag} {}", l.dest)
            })
            .collect();
        let theirs_l: Vec<String> = v["links"]
            .as_array()
            .expect("links")
            .iter()
            .map(|l| {
                format!(
                    "{} {}",
                    l[0].as_str().unwrap_or(""),
                    l[1].as_str().unwrap_or("")
                )
            })
            .collect();
        let agree = ours_h == theirs_h && ours_l == theirs_l;
        let ours = exts.iter().all(|e| supported.contains(e)) && exts.contains(&"extra");
        if ours {
            total += 1;
            same += usize::from(agree);
            if !agree && !PAIRS_KNOWN.iter().any(|(k, _)| *k == name) {
                failed.push(format!(
                    "{name}\n  ours   {ours_h:?} {ours_l:?}\n  theirs {theirs_h:?} {theirs_l:?}"
                ));
            }
        } else {
            other_total += 1;
            other_same += usize::from(agree);
            if !agree {
                eprintln!(
                    "differs (extensions {exts:?}): {name}\n  ours   {ours_h:?} {ours_l:?}\n  theirs {theirs_h:?} {theirs_l:?}"
                );
            }
        }
    }
    eprintln!(
        "Python-Markdown's test pairs: {same} of {total} made with `extra` agree; \
         {other_same} of {other_total} made with other extensions agree"
    );
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Pairs made with `extra` that are known to differ, with the reason.
const PAIRS_KNOWN: &[(&str, &str)] = &[];

/// Every corpus page in the Python-Markdown dialect: the outline laws
/// hold, and rewriting every destination (appending `#rw`, and to the
/// hard destinations of the rewrite laws) keeps the rewrite laws; appending
/// `#rw` leaves no link unwritable.
#[test]
fn corpus_laws_in_the_python_markdown_dialect() {
    let Some(root) = corpus() else {
        return;
    };
    let options = BodyOptions::pelican();
    let mut n = 0;
    let mut changed = 0;
    for folder in FOLDERS {
        for (rel, path) in pages(&root.join(folder)) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            crate::outline_laws::check_outline(&text, &options);
            crate::outline_laws::check_rewrite_picked_with(&text, n, &options);
            let mut page = Page::parse(&text);
            let done = page.rewrite_links(&options, |l| Some(format!("{}#rw", l.dest)));
            assert!(done.unwritable.is_empty(), "{folder}/{rel}: {done:?}");
            changed += done.changed;
            n += 1;
        }
    }
    assert!(
        n > 800 && changed > 10_000,
        "{n} pages, {changed} rewritten"
    );
}

/// Our own small bodies, each on a rule of Python-Markdown's (raw HTML
/// blocks, lists, code, references, titles, attribute lists, ids ...):
/// `tests/fixtures/pymd/cases.txt`, with the headings and links Markdown
/// 3.11.3 renders of each in `cases.expected.json` (written by
/// `scripts/pymd_body.py --fixtures`).
#[test]
fn small_cases_match_python_markdown() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pymd");
    let json = std::fs::read_to_string(dir.join("cases.expected.json")).expect("cases");
    let cases: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let cases = cases.as_array().expect("a list");
    let mut failed = Vec::new();
    for case in cases {
        let input = case["input"].as_str().expect("input");
        let want_h: Vec<String> = case["headings"]
            .as_array()
            .expect("headings")
            .iter()
            .map(|h| {
                format!(
                    "{}\t{}\t{}",
                    h[0],
                    h[1].as_str().unwrap_or(""),
                    h[2].as_str().unwrap_or("")
                )
            })
            .collect();
        let want_l: Vec<String> = case["links"]
            .as_array()
            .expect("links")
            .iter()
            .map(|l| {
                format!(
                    "{}\t{}",
                    l[0].as_str().unwrap_or(""),
                    l[1].as_str().unwrap_or("")
                )
            })
            .collect();
        let (_, h, _, l) = canonical(input);
        let ours_h: Vec<String> = h.lines().map(str::to_owned).collect();
        let ours_l: Vec<String> = l.lines().map(str::to_owned).collect();
        if (&ours_h, &ours_l) != (&want_h, &want_l) {
            failed.push(format!(
                "{input:?}\n  ours   {ours_h:?} {ours_l:?}\n  theirs {want_h:?} {want_l:?}"
            ));
        }
    }
    assert!(cases.len() >= 60, "{} cases", cases.len());
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
