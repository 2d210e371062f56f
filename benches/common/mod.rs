//! What the benches share: the corpus, and ratio reports.
//!
//! Every bench function runs through [`Ratios::bench`], which times the
//! routine with `iter_custom` and keeps the totals, so that after a group
//! the bench can print each function's throughput as a ratio to the
//! baseline measured in the same run (`ratio = baseline time / time`:
//! 1.0 is as fast as the baseline, 0.5 half as fast).

#![allow(dead_code, reason = "each bench uses a different subset")]

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::BenchmarkGroup;

/// The corpus folder: `$PAGEFMT_CORPUS` or `../shared/corpus`.
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("PAGEFMT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
}

/// The text of every page of the corpus (both site generations and the
/// peer cases), in path order. Panics when the corpus is missing: a bench
/// over nothing would report nothing true.
pub fn corpus_pages() -> Vec<String> {
    let dir = corpus_dir();
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("md" | "markdown")
            )
        })
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no pages under {} (set PAGEFMT_CORPUS)",
        dir.display()
    );
    paths
        .iter()
        .filter_map(|p| String::from_utf8(std::fs::read(p).ok()?).ok())
        .collect()
}

/// Time totals per bench function, for ratio reports.
#[derive(Default)]
pub struct Ratios {
    totals: RefCell<Vec<(String, Duration, u64)>>,
}

impl Ratios {
    /// Benchmarks `routine` as `name` in `group`, recording its time.
    pub fn bench<R>(
        &self,
        group: &mut BenchmarkGroup<'_, WallTime>,
        name: &str,
        mut routine: impl FnMut() -> R,
    ) {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                for _ in 0..iters {
                    std::hint::black_box(routine());
                }
                let took = start.elapsed();
                let mut totals = self.totals.borrow_mut();
                match totals.iter_mut().find(|(n, _, _)| n == name) {
                    Some(entry) => {
                        entry.1 += took;
                        entry.2 += iters;
                    }
                    None => totals.push((name.to_owned(), took, iters)),
                }
                took
            });
        });
    }

    /// Mean time per iteration of `name`, if it ran.
    pub fn mean(&self, name: &str) -> Option<Duration> {
        let totals = self.totals.borrow();
        let (_, total, iters) = totals.iter().find(|(n, _, _)| n == name)?;
        Some(total.div_f64(*iters as f64))
    }

    /// Prints `group: name = ratio x baseline (goal)` for each name, and
    /// returns the ratios.
    pub fn report(
        &self,
        group: &str,
        baseline: &str,
        names: &[(&str, f64)],
        bytes: u64,
    ) -> Vec<f64> {
        let Some(base) = self.mean(baseline) else {
            return Vec::new();
        };
        let mb_s = |d: Duration| bytes as f64 / d.as_secs_f64() / 1e6;
        println!(
            "ratio {group}: baseline {baseline} {:.1} MB/s ({:?} per iteration)",
            mb_s(base),
            base
        );
        let mut out = Vec::new();
        for &(name, goal) in names {
            if let Some(t) = self.mean(name) {
                let ratio = base.as_secs_f64() / t.as_secs_f64();
                let verdict = if ratio >= goal { "meets" } else { "MISSES" };
                println!(
                    "ratio {group}: {name} {:.1} MB/s = {ratio:.3}x {baseline} ({verdict} goal >= {goal}x)",
                    mb_s(t)
                );
                out.push(ratio);
            }
        }
        out
    }
}
