//! Generators of pathological pages, made in code (never committed data).
//! The test module `pathological` and the bench `benches/pathological.rs`
//! (which includes this file by path) share them.
//!
//! Header shapes return a whole page; body shapes return only a body, to be
//! put under [`HEADER`] with [`page`].

/// A small valid header that the body shapes stand under.
pub const HEADER: &str = "title: Pathological shapes\nslug: pathological\nsort-order: 0001\n\n";

/// `body` under [`HEADER`].
pub fn page(body: &str) -> String {
    format!("{HEADER}{body}")
}

/// Words, `bytes` long, with no white space at either end and no line
/// break.
pub fn words(bytes: usize) -> String {
    const WORDS: &[&str] = &[
        "deploy", "python", "web", "server", "queue", "cache", "wsgi",
    ];
    let mut out = String::with_capacity(bytes + 8);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(WORDS[i % WORDS.len()]);
        out.push(' ');
        i += 1;
    }
    out.truncate(bytes);
    if out.ends_with(' ') {
        out.pop();
        out.push('x');
    }
    out
}

/// A page whose `summary:` value is `bytes` long.
pub fn huge_value(bytes: usize) -> String {
    format!(
        "title: Huge value\nsummary: {}\nslug: huge\n\nBody.\n",
        words(bytes)
    )
}

/// The value of line `i` of [`continuations`].
pub fn continuation_value(i: usize) -> String {
    format!("line {i} of the summary")
}

/// A page whose `summary:` field has `n` continuation lines (alternately
/// indented by spaces and by a tab).
pub fn continuations(n: usize) -> String {
    let mut out = String::from("title: Continued\nsummary: first\n");
    for i in 0..n {
        let indent = if i % 2 == 0 { "    " } else { "\t" };
        out.push_str(indent);
        out.push_str(&continuation_value(i));
        out.push('\n');
    }
    out.push_str("slug: continued\n\nBody.\n");
    out
}

/// A page with `n` header keys `key0` .. `key{n-1}`, valued `value {i}`.
pub fn many_keys(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&format!("key{i}: value {i}\n"));
    }
    out.push_str("\nBody.\n");
    out
}

/// [`many_keys`] between `---` fences: the `n` keys, a closing `---`, then
/// the body.
pub fn fenced_keys(n: usize) -> String {
    let keys = many_keys(n);
    let keys = keys.strip_suffix("\nBody.\n").unwrap_or(&keys);
    format!("---\n{keys}---\nBody.\n")
}

/// `n` nested link brackets: `[[[...x](u)](u)...`.
pub fn nested_brackets(n: usize) -> String {
    format!("{}x{}\n", "[".repeat(n), "](u)".repeat(n))
}

/// `n` nested emphasis openers and closers: `*_*_ x _*_*`.
pub fn nested_emphasis(n: usize) -> String {
    format!("{}x{}\n", "*_".repeat(n), "_*".repeat(n))
}

/// `n` nested block quotes on one line.
pub fn nested_blockquotes(n: usize) -> String {
    format!("{}deep\n", "> ".repeat(n))
}

/// `n` nested list items on one line.
pub fn nested_list_items(n: usize) -> String {
    format!("{}deep\n", "- ".repeat(n))
}

/// `n` reference definitions, then a paragraph that uses each.
pub fn reference_definitions(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&format!(
            "[ref{i}]: https://example.com/{i} \"Title {i}\"\n"
        ));
    }
    out.push('\n');
    for i in 0..n {
        out.push_str(&format!("[use {i}][ref{i}] "));
    }
    out.push('\n');
    out
}

/// `n` backtick runs of lengths 1 to 64 in turn, then one run of `n`.
pub fn backtick_runs(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&"`".repeat(i % 64 + 1));
        out.push_str(" x ");
    }
    out.push_str(&"`".repeat(n));
    out.push('\n');
    out
}

/// A run of `n` `<`, then `n` unclosed `<a ` tags.
pub fn lt_runs(n: usize) -> String {
    format!("{} and {}\n", "<".repeat(n), "<a href=\"x\" ".repeat(n))
}

/// `n` inline links whose destination holds a quote and is never closed,
/// in one paragraph: Python-Markdown reads each of them to the end of the
/// paragraph.
pub fn quoted_destinations(n: usize) -> String {
    format!("{}\n", "[a](b'c ".repeat(n))
}

/// One line of words, `bytes` long, with no line break at all.
pub fn long_line(bytes: usize) -> String {
    words(bytes)
}

/// `n` headings, each with a short paragraph.
pub fn headings(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&format!("## Heading {i}\n\nText {i}.\n\n"));
    }
    out
}

/// `n` ATX headings of levels 1 to 6 in turn, one to a line, nothing
/// between them.
pub fn cycling_headings(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&"#".repeat(i % 6 + 1));
        out.push_str(&format!(" Heading {i}\n"));
    }
    out
}

/// `n` headings of the same text: every id after the first is made
/// unique with a count.
pub fn identical_headings(n: usize) -> String {
    "## Frequently asked\n\n".repeat(n)
}

/// `n` reference definitions, none used, then one line of text.
pub fn definition_flood(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&format!("[def {i}]: /page/{i}.html 'Page {i}'\n"));
    }
    out.push_str("\nThe end.\n");
    out
}

/// `n` definitions of one label (as Markdown folds it: case and spaces
/// differ), of which only the first counts, and `n` uses of it.
pub fn reference_collisions(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let label = if i % 2 == 0 {
            "Same  Label"
        } else {
            "same label"
        };
        out.push_str(&format!("[{label}]: /dest/{i}\n"));
    }
    out.push('\n');
    for _ in 0..n {
        out.push_str("[use][SAME LABEL] ");
    }
    out.push('\n');
    out
}

/// `n` images whose text holds brackets, links and images, ten to a
/// paragraph.
pub fn image_brackets(n: usize) -> String {
    let mut out = String::from("[r]: /ref.png\n\n");
    for i in 0..n {
        out.push_str(match i % 3 {
            0 => "![![inner](/a.png)](/b.png) ",
            1 => "[![alt][r]](/c.html) ",
            _ => "![[x] [y]](/d.png) ![a [b] c][r] ",
        });
        if i % 10 == 9 {
            out.push_str("\n\n");
        }
    }
    out
}

/// An HTML comment that is never closed, then `n` lines of Markdown and
/// HTML links (the HTML ones hidden by it).
pub fn unclosed_comment(n: usize) -> String {
    let mut out = String::from("<!-- never closed\n\n");
    for i in 0..n {
        out.push_str(&format!(
            "A [link](/l/{i}) and <a href=\"/h/{i}\">html</a> <!-- x\n\n"
        ));
    }
    out
}

/// `n` inline links, ten to a line.
pub fn links(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&format!("[link {i}](https://example.com/{i})"));
        out.push(if i % 10 == 9 { '\n' } else { ' ' });
    }
    out
}

/// An ordinary page about `bytes` long: a header of the usual keys, then
/// sections of headings, paragraphs with links and code, lists and code
/// blocks. The yardstick the shapes are measured against.
pub fn ordinary(bytes: usize) -> String {
    let mut out = String::from(
        "title: Deploying Python web applications\ncategory: page\nslug: deployment\n\
         sortorder: 0501\ntoc: False\nsidebartitle: Deployment\n\
         meta: How to deploy a Python web application to a server.\n\n",
    );
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&format!(
            "## Section {i}\n\nA paragraph with [a link](https://example.com/{i}), `inline code`, \
             *emphasis* and **strong** words about servers, queues and caches.\n\n\
             ```python\nprint({i})\n```\n\n- first item\n- second item with [ref][r{i}]\n\n\
             [r{i}]: https://example.com/ref/{i}\n\n"
        ));
        i += 1;
    }
    out
}

/// A body shape: its name and its generator (from a count).
pub type BodyShape = (&'static str, fn(usize) -> String);

/// Every body shape.
pub const BODY_SHAPES: &[BodyShape] = &[
    ("nested_brackets", nested_brackets),
    ("nested_emphasis", nested_emphasis),
    ("nested_blockquotes", nested_blockquotes),
    ("nested_list_items", nested_list_items),
    ("reference_definitions", reference_definitions),
    ("backtick_runs", backtick_runs),
    ("lt_runs", lt_runs),
    ("long_line", long_line),
    ("headings", headings),
    ("cycling_headings", cycling_headings),
    ("identical_headings", identical_headings),
    ("links", links),
    ("definition_flood", definition_flood),
    ("reference_collisions", reference_collisions),
    ("image_brackets", image_brackets),
    ("unclosed_comment", unclosed_comment),
    ("quoted_destinations", quoted_destinations),
];

/// `shape` at about `bytes` long (every generator grows linearly with its
/// count).
pub fn sized(shape: fn(usize) -> String, bytes: usize) -> String {
    let sample = shape(1000).len().max(1);
    shape((bytes * 1000 / sample).max(1))
}

/// Makes a page of about the given size.
pub type MakePage = Box<dyn Fn(usize) -> String>;

/// Every shape as a whole page of about a given size, by name: the
/// ordinary page first, then the header shapes, then the body shapes under
/// [`HEADER`].
pub fn all_pages() -> Vec<(&'static str, MakePage)> {
    let mut out: Vec<(&'static str, MakePage)> = vec![
        ("ordinary", Box::new(ordinary)),
        ("huge_value", Box::new(huge_value)),
        ("continuations", Box::new(|b| sized(continuations, b))),
        ("many_keys", Box::new(|b| sized(many_keys, b))),
    ];
    for &(name, shape) in BODY_SHAPES {
        out.push((name, Box::new(move |b| page(&sized(shape, b)))));
    }
    out
}

/// pulldown-cmark alone reading a page's body with the options of
/// `BodyOptions::default()`: the floor under the outline, in time and
/// memory. Returns a count of the events' ends so that nothing is
/// optimized away.
pub fn raw_markdown(text: &str) -> usize {
    use pulldown_cmark::{Options, Parser};
    let body = text
        .get(pagefmt::Page::parse(text).body_offset()..)
        .unwrap_or_default();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    Parser::new_ext(body, options)
        .into_offset_iter()
        .map(|(event, range)| {
            std::hint::black_box(&event);
            range.end
        })
        .fold(0, usize::wrapping_add)
}
