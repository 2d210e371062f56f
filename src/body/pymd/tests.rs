//! Tests of the Python-Markdown dialect's inline reading: the destination
//! reader against the character by character reading it replaces, and
//! the work done on shapes that made a reading start over (counted, not
//! timed).

use std::collections::HashMap;
use std::ops::Range;

use super::inline::{self, link_dest, ESCAPED};
use super::marks::{Marks, Spare, STEPS};

/// Python-Markdown's reading of an inline destination holding a quote,
/// character by character from `start` (the reader `link_dest` used
/// before its tables; it reads to the end of the run for each link).
/// Destinations as read, not stripped.
fn scanned_dest(
    t: &str,
    open: usize,
    start: usize,
    marks: &Marks<'_>,
) -> Option<(Range<usize>, Option<Range<usize>>, usize)> {
    let b = t.as_bytes();
    // Without a quote before the `)` that closes the `(` (or before the
    // end), the destination runs to that `)`: the parentheses balance.
    let close = marks.paren_close(open);
    if marks
        .next_quote(start)
        .is_none_or(|q| q >= close.unwrap_or(b.len()))
    {
        let close = close?;
        return Some((start..close, None, close + 1));
    }
    let mut depth: i64 = 1;
    let mut backtrack: i64 = 1;
    let mut last_bracket: Option<usize> = None;
    let (mut quote, mut start_quote, mut exit_quote) = (None, 0, None);
    let (mut alt, mut start_alt, mut exit_alt) = (None, 0, None);
    let mut ignore = false;
    let mut last = 0u8;
    let mut index = start;
    let mut result = None;
    let mut escaped = false;
    let mut code_end = 0;
    for (pos, &c) in b.iter().enumerate().skip(start) {
        if let Some(e) = marks.code_at(pos) {
            code_end = e;
        }
        // An escaped character, or one in a code span, is no bracket or
        // quote.
        let c = if escaped || pos < code_end {
            escaped = false;
            b'a'
        } else if c == b'\\' && b.get(pos + 1).is_some_and(|n| ESCAPED.contains(n)) {
            escaped = true;
            c
        } else {
            c
        };
        match c {
            b'(' => {
                if !ignore {
                    depth += 1;
                } else if backtrack > 0 {
                    backtrack -= 1;
                }
            }
            b')' => {
                if (exit_quote.is_some() && quote == Some(last))
                    || (exit_alt.is_some() && alt == Some(last))
                {
                    depth = 0;
                } else if !ignore {
                    depth -= 1;
                } else if backtrack > 0 {
                    backtrack -= 1;
                    if backtrack == 0 {
                        last_bracket = Some(index + 1);
                    }
                }
            }
            b'\'' | b'"' => {
                if quote.is_none() {
                    ignore = true;
                    backtrack = depth;
                    depth = 1;
                    start_quote = index + 1;
                    quote = Some(c);
                } else if Some(c) != quote && alt.is_none() {
                    start_alt = index + 1;
                    alt = Some(c);
                } else if Some(c) == quote {
                    exit_quote = Some(index + 1);
                } else if alt == Some(c) {
                    exit_alt = Some(index + 1);
                }
            }
            _ => {}
        }
        index += 1;
        if depth == 0 {
            result = Some(match (exit_quote, exit_alt) {
                (Some(e), _) if quote == Some(last) => {
                    (start..start_quote - 1, Some(start_quote..e - 1), index)
                }
                (_, Some(e)) if alt == Some(last) => {
                    (start..start_alt - 1, Some(start_alt..e - 1), index)
                }
                _ => (start..index - 1, None, index),
            });
            break;
        }
        if c != b' ' {
            last = c;
        }
        let _ = pos;
    }
    if result.is_none() && depth != 0 && backtrack == 0 {
        let lb = last_bracket?;
        result = Some((start..lb - 1, None, lb));
    }
    result
}

/// Where the text of `t` after the `(` at `open` starts (white space
/// skipped), when it is no `<...>` destination.
fn dest_start(t: &str, open: usize) -> Option<usize> {
    let b = t.as_bytes();
    let mut k = open + 1;
    while b.get(k).is_some_and(u8::is_ascii_whitespace) {
        k += 1;
    }
    (b.get(k) != Some(&b'<')).then_some(k)
}

fn strip(t: &str, r: Range<usize>) -> Range<usize> {
    let s = &t[r.clone()];
    let lead = s.len()
        - s.trim_start_matches(|c: char| c.is_ascii_whitespace())
            .len();
    let s2 = s.trim_matches(|c: char| c.is_ascii_whitespace());
    r.start + lead..r.start + lead + s2.len()
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

#[test]
fn destinations_with_quotes_read_as_the_character_reading_does() {
    const PIECES: &[&str] = &[
        "[", "]", "(", ")", "'", "\"", " ", "a", "\\", "`", "](", "\\'", "``", "\n", ") ", "' ",
        "[a](", "[a](", "'", ")",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut ways = [0; 4];
    for _ in 0..40_000 {
        let n = 1 + rng.below(30);
        let t: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        let marks = Marks::new(&t, Spare::default());
        // Each `(` right after a `]` that closes a `[`, as the reader
        // meets them.
        let opens = t
            .match_indices('[')
            .filter_map(|(i, _)| marks.bracket_end(i))
            .filter(|&e| t.as_bytes().get(e) == Some(&b'('));
        for open in opens {
            let Some(start) = dest_start(&t, open) else {
                continue;
            };
            let want = scanned_dest(&t, open, start, &marks)
                .map(|(d, title, end)| (strip(&t, d), title, end));
            let got = link_dest(&t, open, &marks);
            assert_eq!(got, want, "destination after {open} in {t:?}");
            // Each way the reading can end, seen often enough.
            let way = match &want {
                None => 0,
                Some((_, None, _)) => 1,
                Some((d, Some(title), _))
                    if t.as_bytes()[title.start - 1] == t.as_bytes()[d.end] =>
                {
                    2
                }
                Some(_) => 3,
            };
            ways[way] += 1;
        }
    }
    assert!(ways.iter().all(|&n| n > 200), "{ways:?}");
}

/// The steps counted while reading `text` as a body.
fn steps(text: &str) -> usize {
    STEPS.with(|s| s.set(0));
    std::hint::black_box(super::read(text, 0));
    STEPS.with(std::cell::Cell::get)
}

/// Reads each shape at two sizes: the work must grow as the text does
/// (at most a few steps a byte). A reading that starts over for each
/// link, bracket or line would take steps in proportion to the square.
#[test]
fn shapes_that_could_start_over_are_read_in_linear_work() {
    type Shape = (&'static str, fn(usize) -> String);
    let shapes: &[Shape] = &[
        // Destinations holding a quote and no `)`: each is read to the
        // end of the paragraph by Python-Markdown.
        ("quoted destinations", |n| "[a](b'c ".repeat(n)),
        ("quoted destinations of both kinds", |n| {
            "[a](b'c \"d ".repeat(n)
        }),
        ("quoted titles", |n| "[a](b 'c' (d) ".repeat(n)),
        ("angle destinations", |n| "[a](<b> 'c ".repeat(n)),
        // Nested brackets, each text looked up as a reference.
        ("nested brackets", |n| {
            format!("[x]: /x\n\n{}x{}", "[".repeat(n), "]".repeat(n))
        }),
        // Anchors with no end tag: their text runs to the end.
        ("open anchors", |n| "<a href=\"x\">a ".repeat(n)),
        // Reference definitions, one a line, in one block.
        ("definitions", |n| {
            (0..n).map(|i| format!("[r{i}]: /u{i}\n")).collect()
        }),
        ("definitions and text", |n| {
            (0..n).map(|i| format!("t{i}\n[r{i}]: /u{i}\n")).collect()
        }),
        // Nested containers on one line: each level offers the rest of
        // the line to the block tests again.
        ("nested list items", |n| format!("{}deep", "- ".repeat(n))),
        ("nested star items", |n| format!("{}deep", "* ".repeat(n))),
        ("nested numbered items", |n| {
            format!("{}deep", "1. ".repeat(n))
        }),
        ("nested quotes", |n| format!("{}deep", "> ".repeat(n))),
        ("nested quotes and items", |n| {
            format!("{}deep", "> - ".repeat(n))
        }),
        ("nested items ending in a rule", |n| {
            format!("{}- - -", "- ".repeat(n))
        }),
        // Nested containers on the first line of a block, the other lines
        // carried from level to level.
        ("nested items and lazy lines", |n| {
            format!("{}deep\n{}", "- ".repeat(n), "lazy\n".repeat(n))
        }),
        ("nested quotes and lazy lines", |n| {
            format!("{}deep\n{}", "> ".repeat(n), "> lazy\n".repeat(n))
        }),
        ("nested quotes and items, lazy lines", |n| {
            format!("{}deep\n{}", "> - ".repeat(n), "lazy\n".repeat(n))
        }),
        ("nested items over a long second line", |n| {
            format!("{}a\n{}x\n", "- ".repeat(n), "-".repeat(2 * n))
        }),
        ("nested items over a separator row", |n| {
            format!("{}a | b | c\n{}\n", "- ".repeat(n), "|---".repeat(n))
        }),
    ];
    for (name, shape) in shapes {
        let (small, large) = (shape(1_000), shape(4_000));
        let (a, b) = (steps(&small), steps(&large));
        assert!(a > 0, "{name}: nothing counted");
        let per_byte = b as f64 / large.len() as f64;
        assert!(per_byte < 8.0, "{name}: {per_byte:.1} steps a byte");
        let growth = (b as f64 / a as f64) / (large.len() as f64 / small.len() as f64);
        assert!(
            growth < 1.3,
            "{name}: work grows {growth:.2}x faster than the text"
        );
    }
}

#[test]
fn labels_with_brackets_find_no_definition() {
    let mut defs = HashMap::new();
    defs.insert("a".to_owned(), 0);
    let (mut links, mut broken) = (Vec::new(), Vec::new());
    let mut spare = Spare::default();
    inline::scan(
        "[[a]] x [x][a]",
        &defs,
        &mut links,
        &mut broken,
        None,
        &mut spare,
    );
    let found: Vec<_> = links.iter().map(|l| l.span.clone()).collect();
    assert_eq!(found, [1..4, 8..14]);
    let missing: Vec<_> = broken.iter().map(|b| (b.span.start, b.span.end)).collect();
    assert_eq!(missing, [(0, 5)]);
}

/// What the block reader finds in `body`, in order, comparable.
fn blocks_of(body: &str) -> Vec<String> {
    let b = body.as_bytes();
    let lines = super::lines::lines(b);
    let top = super::html_blocks::top_level(b, &lines);
    let found = super::blocks::read(b, top);
    let mut out: Vec<String> = found
        .headings
        .iter()
        .map(|h| {
            format!(
                "h{} {}..{} {:?} {:?}",
                h.level, h.start, h.end, h.content, h.id
            )
        })
        .chain(
            found
                .inlines
                .iter()
                .map(|r| format!("p {:?}", &found.pool[r.clone()])),
        )
        .chain(found.defs.iter().map(|d| {
            format!(
                "d {:?} {:?} {:?} {}..{}",
                d.label, d.dest, d.title, d.start, d.end
            )
        }))
        .chain(found.raw.iter().map(|r| format!("r {r:?}")))
        .collect();
    out.sort();
    out
}

/// Nested list items and quotes opening blocks, with lines of every kind
/// after them: read with the levels opened at once (`open_nesting`) and
/// level by level, the same blocks.
#[test]
fn nesting_opened_at_once_reads_as_level_by_level() {
    const OPENERS: &[&str] = &[
        "- ", "* ", "> ", "1. ", "+ ", ">", "-  ", "> - ", "\t", "  ", "- \t", ">  ",
    ];
    const ENDS: &[&str] = &[
        "deep",
        "[n](/n)",
        "a | b",
        "a | b | c",
        "| a | b |",
        "# h",
        "x",
        "- - -",
        "***",
        "[r]: /u",
        "[^1]: f",
        ": d",
        "`a|b` | c",
        "a \\| b | c",
        "|x",
        "",
    ];
    const AFTER: &[&str] = &[
        "lazy",
        "> q",
        ">",
        "- i",
        "* i",
        "1. i",
        "    - ind",
        "     x",
        "\tx",
        "# h",
        "---",
        "===",
        "- - -",
        "|---|---|",
        "| --- | --- |",
        "|---|---|---|",
        ": def",
        "[r]: /r",
        "[^2]: n",
        "",
        "  ",
        "Term",
        "<div>",
        "</div>",
        "```",
        "-----x",
        "a|b",
    ];
    let mut rng = Rng(0x5851_f42d_4c95_7f2d);
    let mut opened = 0;
    for _ in 0..4_000 {
        let mut body = String::new();
        for _ in 0..1 + rng.below(3) {
            for _ in 0..1 + rng.below(12) {
                body.push_str(OPENERS[rng.below(OPENERS.len())]);
            }
            body.push_str(ENDS[rng.below(ENDS.len())]);
            body.push('\n');
            for _ in 0..rng.below(6) {
                if rng.below(3) == 0 {
                    body.push_str(OPENERS[rng.below(OPENERS.len())]);
                }
                body.push_str(AFTER[rng.below(AFTER.len())]);
                body.push('\n');
            }
            if rng.below(2) == 0 {
                body.push('\n');
            }
        }
        super::blocks::LEVEL_BY_LEVEL.with(|d| d.set(true));
        STEPS.with(|s| s.set(0));
        let direct = blocks_of(&body);
        let levels = STEPS.with(std::cell::Cell::get);
        super::blocks::LEVEL_BY_LEVEL.with(|d| d.set(false));
        STEPS.with(|s| s.set(0));
        assert_eq!(blocks_of(&body), direct, "{body:?}");
        if STEPS.with(std::cell::Cell::get) < levels {
            opened += 1;
        }
    }
    assert!(
        opened > 1_000,
        "{opened} bodies read with levels opened at once"
    );
}
