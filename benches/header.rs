//! Header parsing over the whole corpus, beside a baseline that only finds
//! the first blank line with memchr.
//!
//! Goals: entries >= 0.5x the baseline's throughput, typed `PageMeta`
//! conversion (parse included) >= 0.25x.

#[path = "common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pagefmt::Page;
use std::hint::black_box;

/// The baseline: where the first blank line ends, found line by line with
/// memchr (no key, fence or continuation is looked at).
fn first_blank_line(bytes: &[u8]) -> usize {
    let mut pos = 0;
    while let Some(i) = memchr::memchr(b'\n', &bytes[pos..]) {
        let next = pos + i + 1;
        if bytes.get(next) == Some(&b'\n') {
            return next + 1;
        }
        pos = next;
    }
    bytes.len()
}

fn header(c: &mut Criterion) {
    let pages = common::corpus_pages();
    let bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let ratios = common::Ratios::default();
    let mut group = c.benchmark_group("header");
    group.throughput(Throughput::Bytes(bytes));
    ratios.bench(&mut group, "baseline_memchr_blank_line", || {
        pages
            .iter()
            .map(|p| first_blank_line(black_box(p.as_bytes())))
            .sum::<usize>()
    });
    ratios.bench(&mut group, "entries", || {
        pages
            .iter()
            .map(|p| Page::parse(black_box(p)).body_offset())
            .sum::<usize>()
    });
    ratios.bench(&mut group, "typed", || {
        pages
            .iter()
            .filter(|p| Page::parse(black_box(p)).meta().is_ok())
            .count()
    });
    group.finish();
    ratios.report(
        "header",
        "baseline_memchr_blank_line",
        &[("entries", 0.5), ("typed", 0.25)],
        bytes,
    );
}

criterion_group!(benches, header);
criterion_main!(benches);
