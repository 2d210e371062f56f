//! Body outline throughput against pulldown-cmark alone.
//!
//! `raw_pulldown_cmark` iterates pulldown-cmark's offset events over each
//! body (same extensions, nothing kept); `pagefmt_full` reads the header
//! and builds the whole outline (headings with ids, sections, links,
//! definitions). Groups: every corpus page, and generated Markdown of 1 KB,
//! 100 KB and 10 MB (our own text repeated) for linearity.
//!
//! After criterion's report, `cargo bench --bench body` prints one line per
//! group, `ratio <group>: pagefmt_full runs at X of raw_pulldown_cmark
//! throughput`, from a separate timing loop (the goal is >= 0.9).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use pagefmt::{BodyOptions, Page};
use pulldown_cmark::{Options, Parser};

const SAMPLE: &str = r#"## Why does this matter?

A *page* has [inline links](/why.html), [reference links][ref], bare
<https://www.example.com/path?q=1> autolinks, `code with [brackets](x)` and
**strong text** with an ![image](/img/logo.png "Logo").

<div class="well">
  <a href="/blog/post.html">A post</a> and <img src='/static/a.png' alt="A">
  <!-- <a href="/hidden.html">hidden</a> -->
</div>

### Resources

* [Flask](/flask.html) is a *microframework*.
* [Django &amp; friends](/django.html#orm) &mdash; with entities.
* See <a href=https://example.org/a>this</a> inline.

| Framework | Link |
|-----------|------|
| Flask | [docs](https://flask.palletsprojects.com/) |

```python
def hello():
    return "[not a link](x)"
```

> Quoted [text](/quote.html) and a [broken one][nowhere].

[ref]: /reference.html "Reference"

"#;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PAGEFMT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn corpus_pages(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("md" | "markdown")
            )
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| String::from_utf8(std::fs::read(p).ok()?).ok())
        .collect()
}

/// Our own sample repeated to about `size` bytes, after a header.
fn generated(size: usize) -> String {
    let mut text = String::from("title: Generated\nslug: generated\n\n# Generated page\n\n");
    while text.len() < size {
        text.push_str(SAMPLE);
    }
    let mut cut = size.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn raw(bodies: &[&str]) -> usize {
    let mut n = 0;
    for body in bodies {
        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            black_box(&event);
            n += range.end;
        }
    }
    n
}

fn full(pages: &[String], options: &BodyOptions) -> usize {
    let mut n = 0;
    for text in pages {
        let page = Page::parse(text);
        let body = page.outline(options);
        n += body.headings.len() + body.links.len() + body.sections.len();
        black_box(&body);
    }
    n
}

fn bodies(pages: &[String]) -> Vec<&str> {
    pages
        .iter()
        .map(|t| {
            let page = Page::parse(t);
            let at = page.body_offset();
            &t[at..]
        })
        .collect()
}

fn groups() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    match corpus() {
        Some(dir) => out.push(("corpus".to_owned(), corpus_pages(&dir))),
        None => eprintln!("corpus not found (set PAGEFMT_CORPUS): corpus group left out"),
    }
    for (name, size) in [("1KB", 1 << 10), ("100KB", 100 << 10), ("10MB", 10 << 20)] {
        out.push((name.to_owned(), vec![generated(size)]));
    }
    out
}

fn bench(c: &mut Criterion, groups: &[(String, Vec<String>)]) {
    let options = BodyOptions::default();
    for (name, pages) in groups {
        let bytes: usize = pages.iter().map(String::len).sum();
        let bodies = bodies(pages);
        let mut g = c.benchmark_group(format!("body/{name}"));
        g.throughput(Throughput::Bytes(bytes as u64));
        if bytes > 1 << 20 {
            g.sample_size(10);
        }
        g.bench_function(BenchmarkId::from_parameter("raw_pulldown_cmark"), |b| {
            b.iter(|| raw(black_box(&bodies)))
        });
        g.bench_function(BenchmarkId::from_parameter("pagefmt_full"), |b| {
            b.iter(|| full(black_box(pages), &options))
        });
        g.finish();
    }
}

/// Mean time of one call of `f`, over calls filling about `budget`.
fn mean(budget: Duration, mut f: impl FnMut()) -> Duration {
    f();
    let start = Instant::now();
    let mut rounds = 0u32;
    while start.elapsed() < budget || rounds < 3 {
        f();
        rounds += 1;
    }
    start.elapsed() / rounds
}

fn ratios(groups: &[(String, Vec<String>)]) {
    let options = BodyOptions::default();
    for (name, pages) in groups {
        let bodies = bodies(pages);
        // Interleave short runs of both so that machine noise hits both.
        let (mut r, mut f) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..5 {
            r += mean(Duration::from_millis(300), || {
                black_box(raw(&bodies));
            });
            f += mean(Duration::from_millis(300), || {
                black_box(full(pages, &options));
            });
        }
        let ratio = r.as_secs_f64() / f.as_secs_f64();
        let bytes: usize = pages.iter().map(String::len).sum();
        let mib_s = |d: Duration| bytes as f64 / d.as_secs_f64() / f64::from(1 << 20);
        println!(
            "ratio {name}: pagefmt_full runs at {ratio:.3} of raw_pulldown_cmark throughput \
             ({:.1} MiB/s vs {:.1} MiB/s)",
            mib_s(f / 5),
            mib_s(r / 5),
        );
    }
}

fn main() {
    let groups = groups();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &groups);
    c.final_summary();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not.
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--profile-time") {
        ratios(&groups);
    }
}
