//! Memory stays proportional to the input: every pathological shape (and
//! the ordinary page) is read whole, at 1 MB and at 2 MB, under a heap
//! profiler, and the peak of what the reading holds at once is measured.
//!
//! "Reading" is all a user can ask of a page: parse, the header's fields and
//! Python-Markdown view, the typed header, the body outline, validation,
//! writing it back, and (on a copy) rewriting every link. The input text itself is made before profiling starts,
//! so the peak counts only what pagefmt (and pulldown-cmark under it)
//! allocate.
//!
//! Beside it, the peak of pulldown-cmark alone reading the same body: the
//! floor, since the outline walks pulldown-cmark's events while its parse
//! tree is alive. What pagefmt adds is the difference.
//!
//! Memory, unlike time, is the same on every run of the same build, so it
//! is asserted here rather than in a bench. This test binary has its own
//! allocator (dhat's, in testing mode) so that the rest of the suite runs
//! on the system allocator.

use pagefmt::{validate, BodyOptions, Page, ValidateOptions};

#[allow(dead_code, reason = "the suite uses more of the generators")]
#[path = "suite/pathological/shapes.rs"]
mod shapes;

#[allow(dead_code, reason = "each test binary uses what it needs")]
#[path = "support/heap.rs"]
mod heap;
use heap::{allocations, alone, peak};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// At most this many bytes held at once per byte of input beyond what
/// pulldown-cmark alone holds. The figures measured (printed by the test
/// with `--nocapture`) stay below it; it catches a structure that grows
/// faster than the input, or a copy of each line per line.
const MAX_OURS_PER_BYTE: f64 = 32.0;

/// Shapes with a link or broken reference every 8 to 12 bytes: each is a
/// `Link` of 176 bytes (or a broken reference of 80) in the outline, and a
/// rewrite holds the outline of the page and of the rewritten page at once.
const LINK_DENSE: &[&str] = &["image_brackets"];

/// [`MAX_OURS_PER_BYTE`] for [`LINK_DENSE`] shapes (measured: 64).
const MAX_OURS_PER_BYTE_LINK_DENSE: f64 = 72.0;

/// At most this many bytes held at once per byte of input by the outline
/// alone (`Page::outline`) beyond what pulldown-cmark alone holds
/// (measured: at most 26, for the link-dense shape; 2.5 for the ordinary
/// page; 5 to 9 for heading, link and definition floods, whose output
/// structures take 100 to 200 bytes for every 10 to 25 bytes of input).
const MAX_OUTLINE_PER_BYTE: f64 = 32.0;

/// How much more twice the input may take at its peak: in proportion (2),
/// with room for a vector that doubled once more at the larger size.
const MAX_GROWTH: f64 = 2.5;

/// Reads `text` in every way a user can; returns a count so that nothing
/// is skipped.
fn read_whole(text: &str) -> usize {
    let page = Page::parse(text);
    let header = page.header();
    let values: usize = header.fields().map(|f| f.values().len()).sum();
    let meta = header.pymd_meta().len();
    let typed = page.meta_lenient().0.extra.len();
    let body = page.outline(&BodyOptions::default());
    let outline = body.headings.len() + body.links.len() + body.sections.len();
    let diagnostics = validate(&page, &ValidateOptions::default()).len();
    let written = page.to_string().len();
    assert_eq!(written, text.len(), "written back whole");
    drop(body);
    let mut copy = page.clone();
    let rewritten = copy
        .rewrite_links(&BodyOptions::default(), |l| Some(format!("{}#x", l.dest)))
        .changed;
    values + meta + typed + outline + diagnostics + written + rewritten
}

#[test]
fn peak_memory_is_proportional_to_the_input() {
    let _alone = alone();
    let inputs = shapes::all_pages();
    let mut failures = Vec::new();
    println!(
        "{:<22} {:>9} {:>11} {:>8} {:>8} {:>11} {:>8} {:>8} {:>7} {:>9}",
        "shape",
        "1MB input",
        "peak",
        "x input",
        "raw x",
        "2MB peak",
        "x input",
        "raw x",
        "growth",
        "outline x"
    );
    for (name, make) in &inputs {
        let (small, large) = (make(1_000_000), make(2_000_000));
        let per_byte =
            |f: fn(&str) -> usize, text: &String| peak(f, text) as f64 / text.len() as f64;
        let (r1, raw1) = (
            per_byte(read_whole, &small),
            per_byte(shapes::raw_markdown, &small),
        );
        let (r2, raw2) = (
            per_byte(read_whole, &large),
            per_byte(shapes::raw_markdown, &large),
        );
        let (p1, p2) = (r1 * small.len() as f64, r2 * large.len() as f64);
        let growth = p2 / p1.max(1.0);
        let outline1 = per_byte(outline, &small);
        println!(
            "{name:<22} {:>9} {p1:>11.0} {r1:>8.2} {raw1:>8.2} {p2:>11.0} {r2:>8.2} {raw2:>8.2} {growth:>7.2} {outline1:>9.2}",
            small.len()
        );
        let ours = (r1 - raw1).max(r2 - raw2);
        let limit = if LINK_DENSE.contains(name) {
            MAX_OURS_PER_BYTE_LINK_DENSE
        } else {
            MAX_OURS_PER_BYTE
        };
        if outline1 - raw1 > MAX_OUTLINE_PER_BYTE {
            failures.push(format!(
                "{name}: the outline alone holds {:.2} bytes per input byte beyond pulldown-cmark's",
                outline1 - raw1
            ));
        }
        if ours > limit || growth > MAX_GROWTH {
            failures.push(format!(
                "{name}: {ours:.2} bytes per input byte beyond pulldown-cmark's, growth {growth:.2}"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The outline alone, as `parse_body` makes it.
fn outline(text: &str) -> usize {
    let page = Page::parse(text);
    let body = page.outline(&BodyOptions::default());
    body.headings.len() + body.links.len() + body.definitions.len() + body.sections.len()
}

/// Pages of `n` headings, links, definitions or lines, in shapes that
/// repeat one item.
fn items() -> Vec<shapes::BodyShape> {
    vec![
        ("headings", shapes::headings),
        ("identical headings", shapes::identical_headings),
        ("cycling heading levels", shapes::cycling_headings),
        ("explicit ids", |n| {
            (0..n)
                .map(|i| format!("## Part {{#part-{i}}}\n\n"))
                .collect()
        }),
        ("links", shapes::links),
        ("reference definitions", shapes::reference_definitions),
        ("raw html links", |n| {
            (0..n)
                .map(|i| format!("<a href=\"/p/{i}.html\">page {i}</a> and text\n"))
                .collect()
        }),
        ("lines", |n| {
            shapes::words(n * 40).replace("wsgi ", "wsgi\n")
        }),
    ]
}

/// Reading ten times as many headings (links, definitions, lines) adds no
/// allocation of ours beyond the output vectors' growth (a few more
/// doublings each): nothing is allocated per item. What pulldown-cmark
/// allocates itself is measured apart and left out.
#[test]
fn allocations_do_not_grow_with_the_items() {
    let _alone = alone();
    /// More allocations for 10,000 items than for 1,000, at most: each
    /// vector that grows by doubling grows 3 or 4 more times.
    const MAX_MORE: i64 = 32;
    let mut failures = Vec::new();
    println!(
        "{:<24} {:>10} {:>10} {:>10} {:>10}",
        "shape", "ours 1k", "ours 10k", "raw 1k", "raw 10k"
    );
    for (name, make) in items() {
        let counts = |n: usize| {
            let text = shapes::page(&make(n));
            (
                allocations(outline, &text) as i64,
                allocations(shapes::raw_markdown, &text) as i64,
            )
        };
        let ((ours1, raw1), (ours10, raw10)) = (counts(1_000), counts(10_000));
        println!("{name:<24} {ours1:>10} {ours10:>10} {raw1:>10} {raw10:>10}");
        let more = (ours10 - raw10) - (ours1 - raw1);
        if more > MAX_MORE {
            failures.push(format!(
                "{name}: {more} more allocations of ours for 10,000 items than for 1,000"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
