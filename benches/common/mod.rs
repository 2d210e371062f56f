//! What the benches share: the corpus, and ratio reports.
//!
//! Criterion reports each function's time; after it, [`ratios`] times the
//! same routines again in interleaved rounds and prints each one's
//! throughput as a ratio to the baseline's, measured side by side (on a
//! shared machine, separate criterion runs minutes apart see different
//! loads).

#![allow(dead_code, reason = "each bench uses a different subset")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// A named routine for [`ratios`].
pub type Routine<'r> = (&'r str, &'r mut dyn FnMut() -> usize);

/// Mean time of one call of `routine`, over calls filling about `budget`
/// (at least 3).
fn mean(budget: Duration, routine: &mut dyn FnMut() -> usize) -> Duration {
    std::hint::black_box(routine());
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < budget || calls < 3 {
        std::hint::black_box(routine());
        calls += 1;
    }
    start.elapsed() / calls
}

/// Times the routines in interleaved short rounds (so that load from other
/// processes hits them all alike), takes each one's median time per call
/// over the rounds, and prints `ratio <group>: <name> ... = X x baseline`
/// (and the ratio of the fastest rounds, the least disturbed) for every
/// routine after the first, which is the baseline (`ratio =
/// baseline time / time`: 1.0 is as fast as the baseline, 0.5 half as
/// fast). Returns the ratios.
///
/// `goals[i]` is the goal of routine `i + 1`; `None` reports the ratio
/// with no goal. Timing `ROUNDS` rounds of about 100 ms per routine (and
/// at least 3 calls) each.
pub fn ratios(
    group: &str,
    bytes: u64,
    routines: &mut [Routine<'_>],
    goals: &[Option<f64>],
) -> Vec<f64> {
    const ROUNDS: usize = 15;
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(ROUNDS); routines.len()];
    for _ in 0..ROUNDS {
        for (i, (_, routine)) in routines.iter_mut().enumerate() {
            times[i].push(mean(Duration::from_millis(100), *routine));
        }
    }
    for t in &mut times {
        t.sort();
    }
    let medians: Vec<Duration> = times.iter().map(|t| t[t.len() / 2]).collect();
    // The fastest rounds, the least disturbed by other processes.
    let bests: Vec<Duration> = times.iter().map(|t| t[0]).collect();
    let mb_s = |d: Duration| bytes as f64 / d.as_secs_f64() / 1e6;
    let base = medians[0];
    println!(
        "ratio {group}: baseline {} {:.1} MB/s ({:?} per iteration, median of {ROUNDS} interleaved rounds)",
        routines[0].0,
        mb_s(base),
        base
    );
    let mut out = Vec::new();
    let rows = routines.iter().zip(medians.iter().zip(&bests));
    for (((name, _), (t, best)), goal) in rows.skip(1).zip(goals) {
        let ratio = base.as_secs_f64() / t.as_secs_f64();
        let best_ratio = bests[0].as_secs_f64() / best.as_secs_f64();
        let verdict = match goal {
            Some(goal) if ratio >= *goal => format!(" (meets goal >= {goal}x)"),
            Some(goal) => format!(" (MISSES goal >= {goal}x)"),
            None => String::new(),
        };
        println!(
            "ratio {group}: {name} {:.1} MB/s ({t:?}) = {ratio:.3}x {}{verdict}; fastest rounds: {best_ratio:.3}x",
            mb_s(*t),
            routines[0].0,
        );
        out.push(ratio);
    }
    out
}

/// Whether the bench runs for measurements (`cargo bench` passes
/// `--bench`; `cargo test --benches` does not) and not for a profiler.
pub fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--profile-time")
}

/// The header baseline: where the first blank line ends, found line by line with
/// memchr (no key, fence or continuation is looked at).
pub fn first_blank_line(bytes: &[u8]) -> usize {
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
