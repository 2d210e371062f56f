//! Header parsing over the whole corpus, beside a baseline that only finds
//! the first blank line with memchr.
//!
//! Goals: entries >= 0.6x the baseline's throughput, typed `PageMeta`
//! conversion (parse included) >= 0.3x. After criterion's report,
//! `cargo bench --bench header` prints the ratios, timed in interleaved
//! rounds (see `common::ratios`).

#[path = "common/mod.rs"]
mod common;

use criterion::{Criterion, Throughput};
use pagefmt::Page;
use std::hint::black_box;

fn baseline(pages: &[String]) -> usize {
    pages
        .iter()
        .map(|p| common::first_blank_line(black_box(p.as_bytes())))
        .sum()
}

fn entries(pages: &[String]) -> usize {
    pages
        .iter()
        .map(|p| Page::parse(black_box(p)).body_offset())
        .sum()
}

fn typed(pages: &[String]) -> usize {
    pages
        .iter()
        .filter(|p| Page::parse(black_box(p)).meta().is_ok())
        .count()
}

fn main() {
    let pages = common::corpus_pages();
    let bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("header");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("baseline_memchr_blank_line", |b| {
        b.iter(|| baseline(&pages))
    });
    group.bench_function("entries", |b| b.iter(|| entries(&pages)));
    group.bench_function("typed", |b| b.iter(|| typed(&pages)));
    group.finish();
    c.final_summary();
    if common::measuring() {
        common::ratios(
            "header",
            bytes,
            &mut [
                ("baseline_memchr_blank_line", &mut || baseline(&pages)),
                ("entries", &mut || entries(&pages)),
                ("typed", &mut || typed(&pages)),
            ],
            &[Some(0.6), Some(0.3)],
        );
    }
}
