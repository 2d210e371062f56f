//! Memory of a site check, measured under a heap profiler (dhat's, in
//! testing mode, as tests/memory.rs does for reading a page):
//!
//! - one page of every pathological shape, of 1 MB, checked as a site
//!   ([`SiteCheck`]) and each finding rendered as `check` prints it: the
//!   peak is at most 4 times the input beyond what pulldown-cmark alone
//!   holds reading the same body, but for the shapes in [`OVER`];
//! - a site of many pages checked one page at a time ([`SiteCheck::add`],
//!   each text dropped after): the peak stays a small part of the site's
//!   size, since only what the rules across pages need is kept of a page.
//!
//! The input texts are made before profiling starts, so the peak counts
//! only what pagefmt (and pulldown-cmark under it) allocate.

use pagefmt::validate::render::Renderer;
use pagefmt::{SiteCheck, ValidateOptions};

#[allow(dead_code, reason = "the suite uses more of the generators")]
#[path = "suite/pathological/shapes.rs"]
mod shapes;

#[allow(dead_code, reason = "each test binary uses what it needs")]
#[path = "support/heap.rs"]
mod heap;
use heap::peak;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// At most this many bytes held at once per byte of a page beyond what
/// pulldown-cmark alone holds reading its body.
const MAX_PER_BYTE: f64 = 4.0;

/// The shapes that take more, with the most they may take (the figures
/// measured, rounded up): there the check holds no more than checking the
/// page alone ([`pagefmt::validate`]) does, which holds
///
/// - for `many_keys`, a finding per unknown key (100,000 `unknown-key`
///   notes of about 190 bytes each for 1.2 MB of header);
/// - for the others, the body outline (a heading, link or definition of
///   about 100 bytes for every 12-20 bytes of input; for the heading floods
///   and the image brackets, a heading and its section, or a link, for
///   every 8-21 bytes).
const OVER: [(&str, f64); 10] = [
    ("many_keys", 21.5),
    ("reference_definitions", 5.5),
    ("headings", 5.5),
    ("links", 5.5),
    ("cycling_headings", 10.5),
    ("identical_headings", 8.5),
    ("definition_flood", 7.5),
    ("reference_collisions", 6.0),
    ("image_brackets", 26.5),
    ("quoted_destinations", 6.5),
];

/// Checks `text` as a site of one page and renders every finding; returns
/// a count so that nothing is skipped.
fn check_and_render(text: &str) -> usize {
    let options = ValidateOptions::default();
    let mut check = SiteCheck::new(&options);
    check.add("page.md", text);
    let found = check.finish();
    let renderer = Renderer::plain();
    found
        .iter()
        .map(|d| renderer.render_site(d, text).len())
        .sum()
}

/// One test, so that the profiler (one at a time per process) measures
/// each part alone.
#[test]
fn a_site_check_holds_little_more_than_its_input() {
    one_page_of_each_shape();
    many_pages_one_at_a_time();
}

fn one_page_of_each_shape() {
    println!(
        "{:<22} {:>9} {:>8} {:>8} {:>8}",
        "shape", "input", "check x", "page x", "raw x"
    );
    let mut failures = Vec::new();
    for (name, make) in shapes::all_pages() {
        let text = make(1_000_000);
        let n = text.len() as f64;
        let ours = peak(check_and_render, &text) as f64 / n;
        let alone = peak(validate_alone, &text) as f64 / n;
        let raw = peak(shapes::raw_markdown, &text) as f64 / n;
        println!(
            "{name:<22} {:>9} {ours:>8.2} {alone:>8.2} {raw:>8.2}",
            text.len()
        );
        let max = OVER
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(MAX_PER_BYTE, |&(_, max)| max);
        if ours - raw > max {
            failures.push(format!(
                "{name}: {:.2} bytes per input byte beyond pulldown-cmark's",
                ours - raw
            ));
        }
        // The site check keeps nothing a page's own check does not.
        if ours > alone + 0.1 {
            failures.push(format!(
                "{name}: the site check holds {ours:.2} bytes per input byte, the page's own {alone:.2}"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The page's own rules alone, its findings rendered.
fn validate_alone(text: &str) -> usize {
    let found = pagefmt::validate(&pagefmt::Page::parse(text), &ValidateOptions::default());
    let renderer = Renderer::plain();
    found
        .iter()
        .map(|d| renderer.render(d, "page.md", text).len())
        .sum()
}

/// Page `i` of a site of `n`: about 1.5 KB, linking to three others.
fn site_page(i: usize, n: usize) -> String {
    let (a, b) = ((i + 1) % n, (i * 7 + 3) % n);
    let mut text = format!(
        "title: Page {i}\nslug: page-{i}\ncategory: page\n\n# Page {i}\n\n\
         A paragraph linking to [the next page](/page-{a}.html) and to\n\
         [another](/page-{b}.html#more), then [outside](https://www.python.org/).\n\n\
         ## More\n\n"
    );
    while text.len() < 1500 {
        text.push_str("Words that make the page as long as an ordinary one. ");
    }
    text.push('\n');
    text
}

fn many_pages_one_at_a_time() {
    let n = 2000;
    let texts: Vec<String> = (0..n).map(|i| site_page(i, n)).collect();
    let total: usize = texts.iter().map(String::len).sum();
    let texts = std::cell::RefCell::new(Some(texts));
    // The texts are handed over and each dropped once checked.
    let run = |_: &str| -> usize {
        let options = ValidateOptions::default();
        let mut check = SiteCheck::new(&options);
        check.reserve(n);
        for (i, text) in texts.borrow_mut().take().into_iter().flatten().enumerate() {
            check.add(format!("p{i}.md"), &text);
        }
        check.finish().len()
    };
    let held = peak(run, "") as f64;
    println!(
        "{n} pages, {total} bytes: peak {held:.0} bytes, {:.0} per page, {:.3}x the site",
        held / n as f64,
        held / total as f64
    );
    // What a page leaves (where it is written, anchors, links, findings)
    // is about 550 bytes for these 1.5 KB pages (0.36x measured); its
    // text is gone (held, it alone would be 1x).
    assert!(
        held < total as f64 * 0.4,
        "{held} bytes held for {total} bytes of pages"
    );
}
