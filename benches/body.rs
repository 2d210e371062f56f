//! Body outline throughput against pulldown-cmark alone.
//!
//! `raw_pulldown_cmark` iterates pulldown-cmark's offset events over each
//! body (same extensions, nothing kept); `pagefmt_full` reads the header
//! and builds the whole outline (headings with ids, sections, links,
//! definitions); `pagefmt_pymd` does the same in the Python-Markdown
//! dialect (its own reader, no pulldown-cmark). Groups: every corpus page,
//! and generated Markdown of 1 KB,
//! 100 KB and 10 MB (our own text repeated) for linearity.
//!
//! After criterion's report, `cargo bench --bench body` prints, per group,
//! the throughput of `pagefmt_full` and `pagefmt_pymd` (and, for
//! reference, of the raw
//! iteration with a broken-link callback, which the outline needs) as a
//! ratio to `raw_pulldown_cmark`'s, timed in interleaved rounds (see
//! `common::ratios`; the goals: >= 0.95 for `pagefmt_full`, >= 0.9 for
//! `pagefmt_pymd`).
//!
//! The baseline is the same parser with the same options, consuming every
//! offset event (`black_box`) and dropping it; it has no broken-link
//! callback, since pulldown-cmark alone needs none.

#[path = "common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput};
use pagefmt::{BodyOptions, Page};
use pulldown_cmark::{BrokenLink, Options, Parser};

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

/// `raw` with a broken-link callback that records nothing and resolves
/// nothing (the outline needs the callback to see broken references, and
/// pulldown-cmark does some work for it): how much of the gap is the
/// callback's.
fn raw_callback(bodies: &[&str]) -> usize {
    let mut n = 0;
    for body in bodies {
        let mut callback = |b: BrokenLink<'_>| {
            black_box(&b);
            None
        };
        let parser = Parser::new_with_broken_link_callback(body, options(), Some(&mut callback));
        for (event, range) in parser.into_offset_iter() {
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
    if common::corpus_dir().is_dir() {
        out.push(("corpus".to_owned(), common::corpus_pages()));
    } else {
        eprintln!("corpus not found (set PAGEFMT_CORPUS): corpus group left out");
    }
    for (name, size) in [("1KB", 1 << 10), ("100KB", 100 << 10), ("10MB", 10 << 20)] {
        out.push((name.to_owned(), vec![generated(size)]));
    }
    out
}

fn bench(c: &mut Criterion, groups: &[(String, Vec<String>)]) {
    let options = BodyOptions::default();
    let pymd = BodyOptions::pelican();
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
        g.bench_function(BenchmarkId::from_parameter("pagefmt_pymd"), |b| {
            b.iter(|| full(black_box(pages), &pymd))
        });
        g.finish();
    }
}

/// The ratio lines, from `common::ratios` (interleaved rounds, medians).
/// `PAGEFMT_BENCH_GROUPS=corpus,100KB` limits them to some groups.
fn ratios(groups: &[(String, Vec<String>)]) {
    let only = std::env::var("PAGEFMT_BENCH_GROUPS").ok();
    let options = BodyOptions::default();
    let pymd = BodyOptions::pelican();
    for (name, pages) in groups {
        if only
            .as_deref()
            .is_some_and(|only| !only.split(',').any(|g| g == name))
        {
            continue;
        }
        let bodies = bodies(pages);
        let bytes: usize = pages.iter().map(String::len).sum();
        common::ratios(
            name,
            bytes as u64,
            &mut [
                ("raw_pulldown_cmark", &mut || raw(&bodies)),
                ("raw_pulldown_cmark_with_callback", &mut || {
                    raw_callback(&bodies)
                }),
                ("pagefmt_full", &mut || full(pages, &options)),
                ("pagefmt_pymd", &mut || full(pages, &pymd)),
            ],
            &[None, Some(0.95), Some(0.9)],
        );
    }
}

fn main() {
    let groups = groups();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &groups);
    c.final_summary();
    if common::measuring() {
        ratios(&groups);
    }
}
