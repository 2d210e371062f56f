//! `dump --stats` over a folder of pages, as a whole process, against a raw
//! pass over the same files as a whole process: each file read, its header
//! skipped with memchr (up to the first blank line), its body iterated by
//! pulldown-cmark (offset events, the extensions of
//! `BodyOptions::default()`), nothing kept.
//!
//! Goal: `dump --stats` >= 0.9x the raw pass's throughput. Both processes
//! walk the corpus folder (given `PAGEFMT_WHOLE_REPEAT` times, 8 by
//! default, so that each run reads tens of megabytes and process start-up
//! is a small part); they are timed in interleaved rounds and the median
//! and the fastest round of each are compared. Rows: `dump --stats` in its
//! default dialect (Python-Markdown) and with `--dialect commonmark`.
//!
//! `cargo bench --bench whole_process` builds the `dump` example with the
//! bench profile (as `cargo bench` builds every example); the raw pass is
//! this bench's own binary, run again with `PAGEFMT_RAW_PASS` set. Also
//! prints pages per second per core of each, the figure the README's
//! "Scale" section quotes.

#[path = "common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use pulldown_cmark::{Options, Parser};

/// Rounds of the three runs.
const ROUNDS: usize = 7;

/// The raw pass over the files under `paths`: prints `files N bytes B
/// events E`.
fn raw_pass(paths: &[PathBuf]) {
    // Each path walked on its own, as `dump` walks them (one walk of all
    // would read a folder given twice once).
    let pages: Vec<PathBuf> = paths
        .iter()
        .flat_map(|p| {
            pagefmt::fs::walk(
                std::slice::from_ref(p),
                &pagefmt::fs::WalkOptions::default(),
            )
            .files
        })
        .collect();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let (mut files, mut bytes, mut events) = (0usize, 0usize, 0usize);
    for path in &pages {
        let Ok(data) = std::fs::read(path) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let body = &text[common::first_blank_line(data.as_slice())..];
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            std::hint::black_box((&event, range));
            events += 1;
        }
        files += 1;
        bytes += data.len();
    }
    println!("files {files} bytes {bytes} events {events}");
}

/// Runs `command` to its end; its wall time and its first line of output.
fn timed(command: &mut Command) -> (Duration, String) {
    let start = Instant::now();
    let out = command.output().expect("the process runs");
    let elapsed = start.elapsed();
    assert!(out.status.success(), "{command:?} failed: {out:?}");
    let line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    (elapsed, line)
}

/// The `dump` example built beside this bench.
fn dump_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the bench's path");
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .expect("the bench sits in <target>/<profile>/deps");
    let dump = profile
        .join("examples")
        .join(format!("dump{}", std::env::consts::EXE_SUFFIX));
    assert!(
        dump.is_file(),
        "{} not found: run `cargo bench --bench whole_process` (which builds the examples)",
        dump.display()
    );
    dump
}

fn main() {
    if std::env::var_os("PAGEFMT_RAW_PASS").is_some() {
        let paths: Vec<PathBuf> = std::env::args_os()
            .skip(1)
            .filter(|a| a != "--bench")
            .map(PathBuf::from)
            .collect();
        raw_pass(&paths);
        return;
    }
    if !common::measuring() {
        return;
    }
    let repeat: usize = std::env::var("PAGEFMT_WHOLE_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(8);
    let corpus = common::corpus_dir();
    let folders = vec![corpus.clone(); repeat];
    let dump = dump_binary();
    let me = std::env::current_exe().expect("the bench's path");
    let mut runs: [(&str, Command, Vec<Duration>); 3] = [
        ("raw pass", Command::new(&me), Vec::new()),
        ("dump --stats", Command::new(&dump), Vec::new()),
        (
            "dump --stats --dialect commonmark",
            Command::new(&dump),
            Vec::new(),
        ),
    ];
    runs[0].1.env("PAGEFMT_RAW_PASS", "1").args(&folders);
    runs[1].1.arg("--stats").args(&folders);
    runs[2]
        .1
        .args(["--stats", "--dialect", "commonmark"])
        .args(&folders);
    let mut totals = Vec::new();
    for _ in 0..ROUNDS {
        for (_, command, times) in &mut runs {
            let (time, line) = timed(command);
            times.push(time);
            totals.push(line);
        }
    }
    let (files, bytes) = parse_totals(&totals[0]);
    println!(
        "whole process: {} ({files} files, {:.1} MB, the corpus {repeat} times), {ROUNDS} interleaved rounds",
        corpus.display(),
        bytes as f64 / 1e6
    );
    for (_, _, times) in &mut runs {
        times.sort();
    }
    let median = |t: &[Duration]| t[t.len() / 2];
    let (base, base_best) = (median(&runs[0].2), runs[0].2[0]);
    for (i, (name, _, times)) in runs.iter().enumerate() {
        let (t, best) = (median(times), times[0]);
        let pages_per_s = files as f64 / t.as_secs_f64();
        let mut row = format!(
            "ratio whole_process: {name} {t:?} (fastest {best:?}), {pages_per_s:.0} pages/s, {:.1} MB/s",
            bytes as f64 / t.as_secs_f64() / 1e6
        );
        if i > 0 {
            let ratio = base.as_secs_f64() / t.as_secs_f64();
            let best_ratio = base_best.as_secs_f64() / best.as_secs_f64();
            let verdict = if ratio >= 0.9 { "meets" } else { "MISSES" };
            row.push_str(&format!(
                " = {ratio:.3}x raw pass ({verdict} goal >= 0.9x); fastest rounds: {best_ratio:.3}x"
            ));
        }
        println!("{row}");
    }
}

/// The files and bytes of a `files N bytes B ...` line.
fn parse_totals(line: &str) -> (usize, usize) {
    let mut words = line.split_whitespace();
    let mut get = |name: &str| {
        words
            .by_ref()
            .skip_while(|w| *w != name)
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (get("files"), get("bytes"))
}
