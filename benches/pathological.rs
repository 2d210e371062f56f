//! Reading pathological pages against an ordinary page of the same size.
//!
//! Each shape (the generators of `tests/suite/pathological/shapes.rs`, and
//! `fenced_keys`: `many_keys` between `---` fences) is read at 100 KB, 1 MB
//! and 2 MB, with `Throughput::Bytes`. After the criterion
//! runs (`cargo bench --bench pathological`), a table gives each input's
//! time per byte, its ratio to the ordinary page of the same size (goal:
//! within 3x), its ratio to the ordinary page's time per *header* byte
//! (while only the header is parsed, the fair yardstick for the header
//! shapes) and its ratio to the next smaller size (goal: about 1, i.e.
//! linear).
//!
//! "Reading" is what a reader of the page does today: parse it and walk the
//! header (fields, values and the Python-Markdown view). A second table
//! times parse + body outline for the ordinary page and the body shapes,
//! each against the ordinary page of its size (goal: within 3x), beside
//! raw pulldown-cmark on the same bodies: the same ratio for it alone (the
//! floor: shapes that make an event of every byte or two cost that much
//! per byte in the Markdown reading itself) and the outline's time over
//! its own; then the same outline in the Python-Markdown dialect (its own
//! reader) over raw pulldown-cmark (goal: at most 1.5x) and over its next
//! smaller size (about 1: linear).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use pagefmt::{BodyOptions, Page};

#[allow(dead_code, reason = "the tests use more of the generators")]
#[path = "../tests/suite/pathological/shapes.rs"]
mod shapes;

const SIZES: [(&str, usize); 3] = [("100KB", 100_000), ("1MB", 1_000_000), ("2MB", 2_000_000)];

/// Time per byte over that of the next smaller size of the same shape
/// (about 1 when the cost is linear), or nothing for the smallest.
fn scaling(inputs: &[&Input], per_byte: &[f64], n: usize) -> String {
    match n.checked_sub(1) {
        Some(p) if inputs[p].shape == inputs[n].shape => {
            format!("{:.2}", per_byte[n] / per_byte[p])
        }
        _ => String::new(),
    }
}

/// One input: shape name, size label, text.
struct Input {
    shape: &'static str,
    size: &'static str,
    text: String,
}

/// Every shape at every size, the ordinary page first.
fn inputs() -> Vec<Input> {
    let mut shapes = shapes::all_pages();
    // The fenced header shape, beside the other header shapes (the memory
    // tests read the others).
    let header_shapes = shapes
        .iter()
        .position(|(name, _)| *name == "many_keys")
        .map_or(shapes.len(), |i| i + 1);
    shapes.insert(
        header_shapes,
        (
            "fenced_keys",
            Box::new(|b| shapes::sized(shapes::fenced_keys, b)),
        ),
    );
    let mut out = Vec::new();
    for (shape, make) in &shapes {
        for (size, bytes) in SIZES {
            out.push(Input {
                shape,
                size,
                text: make(bytes),
            });
        }
    }
    out
}

/// Reads a page as its readers do; returns a count so that nothing is
/// optimized away.
fn read(text: &str) -> usize {
    let page = Page::parse(text);
    let header = page.header();
    let values: usize = header.fields().map(|f| f.values().len()).sum();
    header.pymd_meta().len() + values + page.body().len()
}

fn bench(c: &mut Criterion, inputs: &[Input]) {
    let mut i = 0;
    while i < inputs.len() {
        let shape = inputs[i].shape;
        let mut group = c.benchmark_group(format!("pathological/{shape}"));
        group
            .sample_size(20)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        while i < inputs.len() && inputs[i].shape == shape {
            let input = &inputs[i];
            group.throughput(Throughput::Bytes(input.text.len() as u64));
            group.bench_with_input(
                BenchmarkId::new("read", input.size),
                &input.text,
                |b, text| b.iter(|| read(black_box(text))),
            );
            i += 1;
        }
        group.finish();
    }
}

/// Seconds per byte of reading `text`: the best of 5 batches of at least
/// 20 ms.
fn time_per_byte(text: &str) -> f64 {
    time_per_byte_of(read, text)
}

/// Seconds per byte of `f(text)`: the best of 5 batches of at least 20 ms.
fn time_per_byte_of(f: fn(&str) -> usize, text: &str) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let mut runs = 0u32;
        while runs < 3 || start.elapsed() < Duration::from_millis(20) {
            black_box(f(black_box(text)));
            runs += 1;
        }
        best = best.min(start.elapsed().as_secs_f64() / f64::from(runs));
    }
    best / text.len() as f64
}

fn print_ratios(inputs: &[Input]) {
    let per_byte: Vec<f64> = inputs.iter().map(|i| time_per_byte(&i.text)).collect();
    // The ordinary page's time per byte of the whole page, and per byte of
    // its header alone (today only the header is parsed, so the second is
    // the fair yardstick for the header shapes).
    let ordinary = |size: &str| {
        inputs
            .iter()
            .zip(&per_byte)
            .find(|(i, _)| i.shape == "ordinary" && i.size == size)
            .map_or((f64::NAN, f64::NAN), |(i, t)| {
                let header = Page::parse(&i.text).body_offset().max(1) as f64;
                (*t, t * i.text.len() as f64 / header)
            })
    };
    println!();
    println!(
        "{:<22} {:>6} {:>9} {:>10} {:>11} {:>11} {:>10}",
        "shape", "size", "bytes", "ns/byte", "x ordinary", "x ord.hdr", "x smaller"
    );
    let all: Vec<&Input> = inputs.iter().collect();
    for (n, (input, t)) in inputs.iter().zip(&per_byte).enumerate() {
        let scaling = scaling(&all, &per_byte, n);
        let (page, header) = ordinary(input.size);
        println!(
            "{:<22} {:>6} {:>9} {:>10.4} {:>11.2} {:>11.2} {:>10}",
            input.shape,
            input.size,
            input.text.len(),
            t * 1e9,
            t / page,
            t / header,
            scaling
        );
    }
}

/// Parses a page and outlines its body, as the body's readers (and the
/// validator) do; returns a count so that nothing is optimized away.
fn outline(text: &str) -> usize {
    let page = Page::parse(text);
    let body = page.outline(&BodyOptions::default());
    body.headings.len() + body.links.len() + body.definitions.len() + body.sections.len()
}

/// [`outline`] in the Python-Markdown dialect.
fn outline_pymd(text: &str) -> usize {
    let page = Page::parse(text);
    let body = page.outline(&BodyOptions::pelican());
    body.headings.len() + body.links.len() + body.definitions.len() + body.sections.len()
}

/// What the outline's Markdown reading costs by itself (pulldown-cmark
/// alone on the same body).
fn raw(text: &str) -> usize {
    shapes::raw_markdown(text)
}

/// The ordinary page and the body shapes: what [`outline`] is timed on.
fn outlined(inputs: &[Input]) -> impl Iterator<Item = &Input> {
    inputs
        .iter()
        .filter(|i| i.shape == "ordinary" || shapes::BODY_SHAPES.iter().any(|(n, _)| *n == i.shape))
}

fn bench_outline(c: &mut Criterion, inputs: &[Input]) {
    let mut group = c.benchmark_group("pathological-outline");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    for input in outlined(inputs) {
        group.throughput(Throughput::Bytes(input.text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new(input.shape, input.size),
            &input.text,
            |b, text| b.iter(|| outline(black_box(text))),
        );
    }
    group.finish();
}

/// Parse + outline time per byte of each body shape against the ordinary
/// page of the same size (goal: within 3x), beside the same ratio for raw
/// pulldown-cmark on the same bodies (the floor: what the Markdown reading
/// alone costs on that shape) and the outline's time over raw
/// pulldown-cmark's on the same input (what is ours).
fn print_outline_ratios(inputs: &[Input]) {
    let timed: Vec<(&Input, f64, f64, f64)> = outlined(inputs)
        .map(|i| {
            (
                i,
                time_per_byte_of(outline, &i.text),
                time_per_byte_of(raw, &i.text),
                time_per_byte_of(outline_pymd, &i.text),
            )
        })
        .collect();
    let ordinary = |size: &str| {
        timed
            .iter()
            .find(|(i, ..)| i.shape == "ordinary" && i.size == size)
            .map_or((f64::NAN, f64::NAN), |(_, t, r, _)| (*t, *r))
    };
    println!();
    println!(
        "{:<22} {:>6} {:>9} {:>10} {:>11} {:>10} {:>10} {:>11} {:>10} {:>10} {:>10}",
        "parse+outline",
        "size",
        "bytes",
        "ns/byte",
        "x ordinary",
        "x smaller",
        "raw ns/B",
        "raw x ord.",
        "x raw",
        "pymd x raw",
        "pymd x sm."
    );
    let shown: Vec<&Input> = timed.iter().map(|(i, ..)| *i).collect();
    let per_byte: Vec<f64> = timed.iter().map(|(_, t, ..)| *t).collect();
    let pymd_per_byte: Vec<f64> = timed.iter().map(|(.., p)| *p).collect();
    for (n, (input, t, r, p)) in timed.iter().enumerate() {
        let (ord, ord_raw) = ordinary(input.size);
        println!(
            "{:<22} {:>6} {:>9} {:>10.4} {:>11.2} {:>10} {:>10.4} {:>11.2} {:>10.2} {:>10.2} {:>10}",
            input.shape,
            input.size,
            input.text.len(),
            t * 1e9,
            t / ord,
            scaling(&shown, &per_byte, n),
            r * 1e9,
            r / ord_raw,
            t / r,
            p / r,
            scaling(&shown, &pymd_per_byte, n)
        );
    }
}

fn main() {
    let inputs = inputs();
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &inputs);
    bench_outline(&mut criterion, &inputs);
    criterion.final_summary();
    // Only in a real benchmark run: `cargo test --benches` runs each bench
    // once, without `--bench`.
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list") {
        print_ratios(&inputs);
        print_outline_ratios(&inputs);
    }
}
