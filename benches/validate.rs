//! Validation over the two site generations of the corpus, beside parsing
//! alone: the cost of the rules and the site checks on top of reading.
//!
//! - `parse`: each page's header, typed meta-data and body outline.
//! - `parse_validate_site`: the same pages made into their two sites and
//!   checked (every page rule and every site rule) on one thread.
//! - `parse_validate_site_threads`: the same on as many threads as the
//!   machine has.
//!
//! Goal: `parse_validate_site` >= 0.8x `parse` (validation and site checks
//! add at most 25% to the time of parsing).

#[path = "common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput};
use pagefmt::{BodyOptions, Page, Site, ValidateOptions};

/// The text of every page of one site generation, in path order.
fn site_pages(dir: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && matches!(
                    e.path().extension().and_then(|x| x.to_str()),
                    Some("md" | "markdown")
                )
        })
        .filter_map(|e| {
            let text = String::from_utf8(std::fs::read(e.path()).ok()?).ok()?;
            Some((e.path().display().to_string(), text))
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "no pages under {}", dir.display());
    pages
}

/// Both sites with the paths their templates generate.
type Sites = Vec<(Vec<(String, String)>, Vec<&'static str>)>;

/// Reads each page: header, typed meta-data and body outline.
fn parse(sites: &Sites, body: &BodyOptions) -> usize {
    let mut n = 0;
    for (pages, _) in sites {
        for (_, text) in pages {
            let page = Page::parse(black_box(text));
            let (meta, errors) = page.meta_lenient();
            let outline = page.outline(body);
            n += usize::from(meta.title.is_some())
                + errors.len()
                + outline.headings.len()
                + outline.links.len();
        }
    }
    n
}

/// Builds each site from its pages and checks it (every page and site rule).
fn check(sites: &Sites, options: &[ValidateOptions]) -> usize {
    let mut n = 0;
    for ((pages, _), o) in sites.iter().zip(options) {
        let site: Site = pages
            .iter()
            .map(|(p, t)| (p.as_str(), black_box(t.as_str())))
            .collect();
        n += site.check(o).len();
    }
    n
}

fn main() {
    let dir = common::corpus_dir();
    let sites: Sites = vec![
        (
            site_pages(&dir.join("fullstackpython-2016")),
            vec!["/table-of-contents.html", "/blog.html", "/email.html"],
        ),
        (
            site_pages(&dir.join("fullstackpython-2023")),
            vec!["/table-of-contents.html", "/blog.html"],
        ),
    ];
    let bytes: u64 = sites
        .iter()
        .flat_map(|(pages, _)| pages)
        .map(|(_, t)| t.len() as u64)
        .sum();
    let options = |known: &[&str], threads: usize| {
        let mut o = ValidateOptions::default();
        o.known_paths(known.iter().copied());
        o.site_hosts.push("www.fullstackpython.com".into());
        o.threads = threads;
        o
    };
    let serial: Vec<ValidateOptions> = sites.iter().map(|(_, k)| options(k, 1)).collect();
    let parallel: Vec<ValidateOptions> = sites.iter().map(|(_, k)| options(k, 0)).collect();
    let body = BodyOptions::default();

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("validate");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("parse", |b| b.iter(|| parse(&sites, &body)));
    group.bench_function("parse_validate_site", |b| b.iter(|| check(&sites, &serial)));
    group.bench_function("parse_validate_site_threads", |b| {
        b.iter(|| check(&sites, &parallel))
    });
    group.finish();
    c.final_summary();
    if common::measuring() {
        common::ratios(
            "validate",
            bytes,
            &mut [
                ("parse", &mut || parse(&sites, &body)),
                ("parse_validate_site", &mut || check(&sites, &serial)),
                ("parse_validate_site_threads", &mut || {
                    check(&sites, &parallel)
                }),
            ],
            &[Some(0.8), Some(0.8)],
        );
    }
}
