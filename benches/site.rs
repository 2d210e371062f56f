//! Loading a 10,000-page site and resolving every link
//! (`pagefmt::site`), beside reading the same pages alone (the folder
//! walked and each file read with `pagefmt::fs`, parsed, its header typed
//! and its body outlined, on the same threads).
//!
//! The baseline reads the bodies in the dialect the site reads them in
//! (Python-Markdown's, as Pelican renders them); the ratio to a CommonMark
//! read of the same pages is printed too.
//!
//! The site is written to a temporary folder: 10,000 Markdown pages in
//! ten category folders under `posts/` and `pages/`, each with a header,
//! three sections and five links (`{filename}`, root-absolute, relative,
//! a fragment, an external URL). Goal: loading and resolving costs at
//! most 1.2x the pages alone (ratio >= 0.83).

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput};
use pagefmt::site::{Settings, Site};
use pagefmt::{BodyOptions, Page};
use rayon::prelude::*;

const PAGES: usize = 10_000;

/// Writes the site; returns its folder and the total size of its pages.
fn write_site() -> (PathBuf, u64) {
    let dir = std::env::temp_dir().join(format!("pagefmt-bench-site-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut bytes = 0;
    for i in 0..PAGES {
        let kind = if i.is_multiple_of(5) {
            "pages"
        } else {
            "posts"
        };
        let category = format!("topic-{}", i % 10);
        let sub = dir.join(kind).join(&category);
        std::fs::create_dir_all(&sub).unwrap();
        let other = (i * 7 + 3) % PAGES;
        let other_kind = if other.is_multiple_of(5) {
            "pages"
        } else {
            "posts"
        };
        let text = format!(
            "title: Page number {i} about things\ndate: 2020-0{m}-1{d} 10:00\n\
             tags: one, two\nsummary: A page to time a site.\n\n\
             # Page {i}\n\nSome text with [a link]({{filename}}/{other_kind}/topic-{oc}/page-{other}.md#section-two)\n\
             and [another](/page-number-{other}-about-things.html) and [a relative one](page-number-{other}-about-things.html),\n\
             [a fragment](#section-three) and [the outside](https://example.com/x).\n\n\
             ## Section two\n\n{filler}\n\n## Section three\n\n{filler}\n",
            m = i % 9 + 1,
            d = i % 9,
            oc = other % 10,
            filler = "Words that fill a paragraph as real pages do, more or less. ".repeat(12),
        );
        let path = sub.join(format!("page-{i}.md"));
        bytes += text.len() as u64;
        std::fs::write(&path, text).unwrap();
    }
    (dir, bytes)
}

/// Every page of the folder read alone, as the crate's tools read pages:
/// the folder walked and each file read with `pagefmt::fs`, parsed, its
/// header typed and its body outlined with `options`.
fn pages_alone(dir: &Path, options: &BodyOptions) -> usize {
    let found = pagefmt::fs::walk(&[dir], &pagefmt::fs::WalkOptions::default());
    found
        .files
        .par_iter()
        .map(|p| {
            let bytes = pagefmt::fs::read_file(p, pagefmt::fs::DEFAULT_MAX_SIZE).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let page = Page::from_string(text);
            let (meta, _) = page.meta_lenient();
            let body = page.outline(options);
            black_box(meta.title.is_some()) as usize + body.links.len() + body.headings.len()
        })
        .sum()
}

/// The site loaded, and every link of every item (body and formatted
/// header fields) resolved.
fn site_and_links(dir: &Path, settings: &Settings) -> usize {
    let site = Site::from_dir(dir, settings);
    site.items()
        .par_iter()
        .map(|item| {
            let fields = item.field_links().iter().map(|l| &l.dest);
            item.link_dests()
                .iter()
                .chain(fields)
                .filter(|d| site.resolve_dest(&item.source, d).target.is_some())
                .count()
        })
        .sum()
}

fn main() {
    let (dir, bytes) = write_site();
    let settings = Settings::default();
    // Every page is an item and every intrasite link resolves.
    let site = Site::from_dir(&dir, &settings);
    assert_eq!(
        site.items().len(),
        PAGES,
        "{:?}",
        &site.notes()[..site.notes().len().min(3)]
    );

    let mut c = Criterion::default().configure_from_args().sample_size(10);
    let mut group = c.benchmark_group("site");
    group.throughput(Throughput::Bytes(bytes));
    let pymd = BodyOptions::pelican();
    let commonmark = BodyOptions::default();
    group.bench_function("pages_alone", |b| b.iter(|| pages_alone(&dir, &pymd)));
    group.bench_function("pages_alone_commonmark", |b| {
        b.iter(|| pages_alone(&dir, &commonmark))
    });
    group.bench_function("site_load_resolve", |b| {
        b.iter(|| site_and_links(&dir, &settings))
    });
    group.finish();
    c.final_summary();
    if common::measuring() {
        let r = common::ratios(
            "site",
            bytes,
            &mut [
                ("pages_alone", &mut || pages_alone(&dir, &pymd)),
                ("pages_alone_commonmark", &mut || {
                    pages_alone(&dir, &commonmark)
                }),
                ("site_load_resolve", &mut || site_and_links(&dir, &settings)),
            ],
            &[None, Some(1.0 / 1.2)],
        );
        // The same medians, against the CommonMark read.
        println!(
            "ratio site: site_load_resolve = {:.3}x pages_alone_commonmark",
            r[1] / r[0]
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
