//! Cross-check of the body outline against markdown-it-py over the real
//! pages: `tests/expected/crosscheck.tsv` (written by
//! `scripts/mdit_crosscheck.py`) holds, per page, the number of headings
//! and links markdown-it-py finds and FNV-1a hashes of their canonical
//! strings; this test computes the same from [`pagefmt::Page::outline`].
//!
//! Canonical strings: per heading `"{level}\t{line}\t{text}\n"` (text with
//! white space runs collapsed to one space and trimmed; line = 1-based file
//! line where the heading starts); per link `"{kind}\t{line}\t{dest}\n"`
//! with kind `link` (inline, reference, collapsed, shortcut), `image`,
//! `autolink`, `email`, `html` or `html-img`, and dest the resolved
//! destination. Definitions and broken references are not included.
//!
//! Set `PAGEFMT_CROSSCHECK_DUMP` to a directory (outside the repository)
//! to get this side's canonical strings per page for investigating a
//! mismatch.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pagefmt::{BodyOptions, Dialect, LinkKind, Page};

use crate::common::{corpus, fnv1a64};

const FOLDERS: [&str; 2] = ["fullstackpython-2016", "fullstackpython-2023"];

/// Every `*.md` and `*.markdown` file under the two site folders, with its
/// path relative to the corpus root.
fn pages(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for folder in FOLDERS {
        for entry in walkdir::WalkDir::new(root.join(folder)) {
            let entry = entry.expect("walking the corpus");
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str());
            if entry.file_type().is_file() && matches!(ext, Some("md" | "markdown")) {
                let rel = path.strip_prefix(root).expect("under the root");
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push((rel.join("/"), path.to_path_buf()));
            }
        }
    }
    out.sort();
    out
}

/// White space runs made one space, trimmed, as Python's `" ".join(s.split())`.
fn collapse(s: &str) -> String {
    let is_space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    s.split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

struct Canonical {
    headings: usize,
    headings_text: String,
    links: usize,
    links_text: String,
}

fn canonical(text: &str) -> Canonical {
    let page = Page::parse(text);
    let body = page.outline(&BodyOptions::default().with_dialect(Dialect::CommonMark));
    let mut headings_text = String::new();
    for h in &body.headings {
        let _ = writeln!(
            headings_text,
            "{}\t{}\t{}",
            h.level,
            h.location.line,
            collapse(&h.text)
        );
    }
    let mut links_text = String::new();
    for l in &body.links {
        let kind = match l.kind {
            LinkKind::Image => "image",
            LinkKind::Autolink => "autolink",
            LinkKind::Email => "email",
            LinkKind::Html => "html",
            LinkKind::HtmlImg => "html-img",
            _ => "link",
        };
        let _ = writeln!(links_text, "{kind}\t{}\t{}", l.location.line, l.dest);
    }
    Canonical {
        headings: body.headings.len(),
        headings_text,
        links: body.links.len(),
        links_text,
    }
}

#[test]
fn fnv_matches_the_scripts() {
    assert_eq!(format!("{:016x}", fnv1a64(b"")), "cbf29ce484222325");
    assert_eq!(format!("{:016x}", fnv1a64(b"a")), "af63dc4c8601ec8c");
}

#[test]
fn headings_and_links_match_markdown_it() {
    let Some(root) = corpus() else {
        return;
    };
    let tsv_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/crosscheck.tsv");
    let tsv = std::fs::read_to_string(&tsv_path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; it is written by scripts/mdit_crosscheck.py",
            tsv_path.display()
        )
    });
    let mut expected: BTreeMap<&str, [&str; 4]> = BTreeMap::new();
    for (n, line) in tsv.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "crosscheck.tsv line {}: {line:?}", n + 1);
        expected.insert(f[0], [f[1], f[2], f[3], f[4]]);
    }
    let dump = std::env::var_os("PAGEFMT_CROSSCHECK_DUMP").map(PathBuf::from);

    let files = pages(&root);
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let listed: Vec<&str> = expected.keys().copied().collect();
    assert_eq!(
        paths, listed,
        "the corpus and crosscheck.tsv list different files"
    );

    let mut heading_mismatches = Vec::new();
    let mut link_mismatches = Vec::new();
    for (rel, path) in &files {
        let bytes = std::fs::read(path).expect("reading a corpus file");
        let text = std::str::from_utf8(&bytes).expect("corpus files are UTF-8");
        let c = canonical(text);
        let [hc, hf, lc, lf] = expected[rel.as_str()];
        let ours_h = [
            c.headings.to_string(),
            format!("{:016x}", fnv1a64(c.headings_text.as_bytes())),
        ];
        let ours_l = [
            c.links.to_string(),
            format!("{:016x}", fnv1a64(c.links_text.as_bytes())),
        ];
        if ours_h != [hc, hf] {
            heading_mismatches.push(format!("{rel}: {} headings here, {hc} there", c.headings));
        }
        if ours_l != [lc, lf] {
            link_mismatches.push(format!("{rel}: {} links here, {lc} there", c.links));
        }
        if let Some(dir) = &dump {
            let out = dir.join(format!("{rel}.txt"));
            std::fs::create_dir_all(out.parent().expect("a parent")).expect("dump dir");
            std::fs::write(out, format!("{}\n{}", c.headings_text, c.links_text)).expect("dump");
        }
    }
    assert!(
        heading_mismatches.is_empty(),
        "headings differ from markdown-it-py in {} files:\n{}",
        heading_mismatches.len(),
        heading_mismatches.join("\n")
    );
    let total = files.len();
    let matching = total - link_mismatches.len();
    assert!(
        matching * 1000 >= total * 998,
        "links match markdown-it-py in {matching} of {total} files (need 99.8%); differing:\n{}",
        link_mismatches.join("\n")
    );
    if !link_mismatches.is_empty() {
        eprintln!(
            "links differ (within the allowance) in:\n{}",
            link_mismatches.join("\n")
        );
    }
}

/// Rewriting every destination of every page (appending `#rw`) changes
/// only destination bytes, and reading the page again gives the new
/// destinations.
/// Every corpus page, its links given the destinations of
/// [`DESTS`](crate::outline_laws::DESTS) (what must be escaped, encoded or
/// kept from starting a block), two mappings a page, all of them across the
/// corpus: the rewrite laws hold (only destination bytes change, the same
/// links, each reading back as written).
#[test]
fn corpus_rewritten_to_hard_destinations_obeys_the_laws() {
    let Some(root) = corpus() else { return };
    let files = pages(&root);
    assert!(files.len() > 800, "{} corpus pages", files.len());
    let mappings = 2 * crate::outline_laws::DESTS.len();
    for (n, (rel, path)) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
        for seed in [n % mappings, (n + mappings / 2 + 1) % mappings] {
            let checked = std::panic::catch_unwind(|| {
                crate::outline_laws::check_rewrite_picked(&text, seed);
            });
            assert!(checked.is_ok(), "{rel}: mapping {seed}");
        }
    }
}

#[test]
fn rewriting_every_corpus_link_round_trips() {
    let Some(root) = corpus() else {
        return;
    };
    let options = BodyOptions::default();
    let mut total = 0;
    for (rel, path) in pages(&root) {
        let bytes = std::fs::read(&path).expect("reading a corpus file");
        let text = std::str::from_utf8(&bytes).expect("corpus files are UTF-8");
        let mut page = Page::parse(text);
        let before = page.outline(&options);
        let located: Vec<_> = before
            .links
            .iter()
            .filter(|l| l.dest_span.is_none())
            .collect();
        assert!(
            located.is_empty(),
            "{rel}: destinations not located: {located:?}"
        );
        let old: Vec<(LinkKind, String)> = before
            .links
            .iter()
            .map(|l| (l.kind, l.dest.to_string()))
            .collect();
        let mut old_spans: Vec<_> = before.links.iter().filter_map(|l| l.dest_span).collect();
        old_spans.sort();
        old_spans.dedup();
        let done = page.rewrite_links(&options, |l| Some(format!("{}#rw", l.dest)));
        assert!(done.unwritable.is_empty(), "{rel}: {done:?}");
        assert_eq!(done.changed, old_spans.len(), "{rel}");
        total += done.changed;
        let after = page.outline(&options);
        let new: Vec<(LinkKind, String)> = after
            .links
            .iter()
            .map(|l| (l.kind, l.dest.to_string()))
            .collect();
        let want: Vec<(LinkKind, String)> = old
            .iter()
            .map(|(k, d)| {
                // `mailto:x#rw` is no email address: it is written as a URL.
                let k = if *k == LinkKind::Email {
                    LinkKind::Autolink
                } else {
                    *k
                };
                (k, format!("{d}#rw"))
            })
            .collect();
        assert_eq!(new, want, "{rel}");
        let mut new_spans: Vec<_> = after.links.iter().filter_map(|l| l.dest_span).collect();
        new_spans.sort();
        new_spans.dedup();
        let outside = |t: &str, spans: &[pagefmt::Span]| {
            let mut out = String::new();
            let mut pos = 0;
            for s in spans {
                out.push_str(&t[pos..s.start]);
                out.push('\u{0}');
                pos = s.end;
            }
            out.push_str(&t[pos..]);
            out
        };
        assert_eq!(
            outside(page.text(), &new_spans),
            outside(text, &old_spans),
            "{rel}"
        );
    }
    assert!(total > 10_000, "only {total} destinations rewritten");
}
