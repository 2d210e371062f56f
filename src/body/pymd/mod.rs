//! The Python-Markdown dialect: the body read as Pelican renders it with
//! Python-Markdown and its `extra` and `toc` extensions. Blocks are found
//! by Python-Markdown's block rules (see `blocks`), raw HTML and fenced
//! code first (see `html_blocks`), then the inline text of each block is
//! read for links (see `inline`). pulldown-cmark is not used here.

mod blocks;
mod html_blocks;
mod inline;
mod lines;
mod marks;
mod rules;
mod starts;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use super::html::{self, ScanState, TagKind};
use super::{ActiveHtml, BrokenReference, Definition, Draft, Link, LinkKind, Reading};
use crate::span::{Location, Span};

use inline::{Found, Run};
use lines::{Kind, Seg};

/// Reads the body `text[base..]`.
pub(super) fn read(text: &str, base: usize) -> Reading<'_> {
    let body = &text[base..];
    let b = body.as_bytes();
    let lines = lines::lines(b);
    let top = html_blocks::top_level(b, &lines);
    let mut found = blocks::read(b, top);
    found.headings.sort_by_key(|h| h.start);
    let span = |s: usize, e: usize| Span::new(s + base, e + base);

    // Definitions, in source order; a label defined again takes the later
    // definition.
    let mut defs: Vec<&blocks::DefDraft> = found.defs.iter().collect();
    defs.sort_by_key(|d| d.start);
    let mut by_label: HashMap<String, usize> = HashMap::new();
    let mut definitions: Vec<Definition<'_>> = Vec::with_capacity(defs.len());
    for (i, d) in defs.iter().enumerate() {
        let label = &body[d.label.clone()];
        by_label.insert(inline::definition_key(label), i);
        let raw = &body[d.dest.clone()];
        definitions.push(Definition {
            label: Cow::Borrowed(label),
            dest: own(html::decode_attribute(raw)),
            raw_dest: Some(raw),
            dest_span: Some(span(d.dest.start, d.dest.end)),
            title: d
                .title
                .as_ref()
                .filter(|t| !t.is_empty())
                .map(|t| Cow::Borrowed(&body[t.clone()])),
            span: span(d.start, d.end),
            location: Location::default(),
            used: false,
        });
    }

    let mut links = Vec::new();
    let mut broken = Vec::new();
    let mut active = Vec::new();
    let mut drafts = Vec::with_capacity(found.headings.len());
    let mut found_links = Vec::new();
    let mut found_broken = Vec::new();
    // The map and the marks' tables of the last run, kept for the next.
    let mut spare = Vec::new();
    let mut marks = marks::Spare::default();
    let mut plain = String::new();
    for h in &found.headings {
        let content = &body[h.content.start..h.content.end];
        if h.content.kind == Kind::Text && !content.bytes().any(|c| inline::PLAIN[usize::from(c)]) {
            // Nothing inline: no link, the text as written (its
            // entities decoded, its tags dropped, its spaces collapsed).
            let decoded = html::decode_attribute(content);
            let text = match (&decoded, html::html_text(&decoded)) {
                (Cow::Borrowed(_), Cow::Borrowed(_)) => Cow::Borrowed(content),
                (_, text) => Cow::Owned(text.into_owned()),
            };
            drafts.push(Draft {
                level: h.level,
                text,
                id: h.id.clone().map(|r| Cow::Borrowed(&body[r])),
                span: span(h.start, h.end),
                location: Location::default(),
            });
            continue;
        }
        let run = run_of(
            body,
            std::slice::from_ref(&h.content),
            std::mem::take(&mut spare),
        );
        plain.clear();
        found_links.clear();
        found_broken.clear();
        inline::scan(
            &run.text,
            &by_label,
            &mut found_links,
            &mut found_broken,
            Some(&mut plain),
            &mut marks,
        );
        convert(
            body,
            base,
            &run,
            &found_links,
            &found_broken,
            &mut definitions,
            &mut links,
            &mut broken,
            &mut active,
        );
        spare = run.map;
        // `html_text` collapses the spaces.
        let text = html::html_text(&html::decode_attribute(&plain)).into_owned();
        drafts.push(Draft {
            level: h.level,
            text: Cow::Owned(text),
            id: h.id.clone().map(|r| Cow::Borrowed(&body[r])),
            span: span(h.start, h.end),
            location: Location::default(),
        });
    }
    for r in &found.inlines {
        let run = run_of(body, &found.pool[r.clone()], std::mem::take(&mut spare));
        found_links.clear();
        found_broken.clear();
        inline::scan(
            &run.text,
            &by_label,
            &mut found_links,
            &mut found_broken,
            None,
            &mut marks,
        );
        convert(
            body,
            base,
            &run,
            &found_links,
            &found_broken,
            &mut definitions,
            &mut links,
            &mut broken,
            &mut active,
        );
        spare = run.map;
    }
    for r in &found.raw {
        html_links(
            body,
            base,
            r.start,
            &body[r.clone()],
            &mut links,
            &mut active,
        );
    }
    links.sort_by_key(|l| l.span.start);
    broken.sort_by_key(|l| l.span.start);
    Reading {
        drafts,
        links,
        definitions,
        broken,
        active,
    }
}

fn own<'a>(c: Cow<'_, str>) -> Cow<'a, str> {
    Cow::Owned(c.into_owned())
}

/// The run of inline text made of `segs`, joined by line breaks: a slice
/// of the body when its pieces are whole lines one after the other, ended
/// by `\n` (most paragraphs).
fn run_of<'a>(body: &'a str, segs: &[Seg], mut map: Vec<(usize, usize)>) -> Run<'a> {
    map.clear();
    let b = body.as_bytes();
    let whole = segs.iter().all(|s| s.kind == Kind::Text)
        && segs
            .windows(2)
            .all(|w| w[1].start == w[0].end + 1 && b[w[0].end] == b'\n');
    if let (true, Some(first), Some(last)) = (whole, segs.first(), segs.last()) {
        map.extend(segs.iter().map(|s| (s.start - first.start, s.start)));
        return Run {
            text: Cow::Borrowed(&body[first.start..last.end]),
            map,
        };
    }
    let mut text = String::new();
    for (i, s) in segs.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        map.push((text.len(), s.start));
        if s.kind == Kind::Text {
            text.push_str(&body[s.start..s.end]);
        }
    }
    if map.is_empty() {
        map.push((0, 0));
    }
    Run {
        text: Cow::Owned(text),
        map,
    }
}

/// `run.text[r]` with its escapes taken out, borrowed from the body when
/// it can be.
fn unescaped<'a>(run: &Run<'a>, r: Range<usize>) -> Cow<'a, str> {
    match run.borrowed(r.clone()) {
        Some(s) => inline::unescape(s),
        None => Cow::Owned(inline::unescape(&run.text[r]).into_owned()),
    }
}

/// Turns the links found in a run into [`Link`]s (body offsets shifted by
/// `base`).
#[allow(clippy::too_many_arguments, reason = "one call site per kind of run")]
fn convert<'a>(
    body: &'a str,
    base: usize,
    run: &Run<'a>,
    found: &[inline::InlineLink],
    missing: &[inline::Broken],
    definitions: &mut [Definition<'a>],
    links: &mut Vec<Link<'a>>,
    broken: &mut Vec<BrokenReference<'a>>,
    active: &mut Vec<ActiveHtml<'a>>,
) {
    let t: &str = &run.text;
    // Where each `</a` of the run starts, found once for its anchors.
    let anchor_ends = std::cell::OnceCell::new();
    let at = |p: usize| run.source(p).0 + base;
    for l in found {
        let start = at(l.span.start);
        let end = at(l.span.end.saturating_sub(1)) + 1;
        if l.kind == Found::Html {
            inline_tag(body, base, run, l.span.clone(), &anchor_ends, links, active);
            continue;
        }
        let kind = match l.kind {
            Found::Inline => LinkKind::Inline,
            Found::Reference => LinkKind::Reference,
            Found::Collapsed => LinkKind::Collapsed,
            Found::Shortcut => LinkKind::Shortcut,
            Found::Image | Found::ImageReference => LinkKind::Image,
            Found::Autolink => LinkKind::Autolink,
            Found::Email | Found::Html => LinkKind::Email,
        };
        let mut link = Link {
            kind,
            dest: Cow::Borrowed(""),
            raw_dest: None,
            dest_span: None,
            title: l
                .title
                .as_ref()
                .filter(|r| !r.is_empty())
                .map(|r| unescaped(run, r.clone())),
            text: unescaped(run, l.text.clone()),
            span: Span::new(start, end.max(start)),
            location: Location::default(),
            section: 0,
            definition: l.definition,
            in_table: false,
        };
        if let Some(d) = l.definition.and_then(|d| definitions.get_mut(d)) {
            d.used = true;
            link.dest = d.dest.clone();
            link.raw_dest = d.raw_dest;
            link.dest_span = d.dest_span;
            if link.title.is_none() {
                link.title = d.title.clone();
            }
        } else if let Some(r) = &l.dest {
            let resolved = match unescaped(run, r.clone()) {
                Cow::Borrowed(s) => html::decode_attribute(s),
                Cow::Owned(s) => own(html::decode_attribute(&s)),
            };
            link.dest = if kind == LinkKind::Email {
                let addr = resolved.strip_prefix("mailto:").unwrap_or(&resolved);
                Cow::Owned(format!("mailto:{addr}"))
            } else {
                resolved
            };
            if let Some(src) = run.source_range(r) {
                link.raw_dest = Some(&body[src.clone()]);
                link.dest_span = Some(Span::new(src.start + base, src.end + base));
            }
        }
        links.push(link);
    }
    for m in missing {
        let start = at(m.span.start);
        let end = at(m.span.end.saturating_sub(1)) + 1;
        broken.push(BrokenReference {
            label: Cow::Owned(inline::normalize(&t[m.label.clone()])),
            kind: if m.kind == Found::Reference {
                LinkKind::Reference
            } else {
                LinkKind::Shortcut
            },
            image: body.as_bytes().get(start - base) == Some(&b'!'),
            span: Span::new(start, end.max(start)),
            location: Location::default(),
        });
    }
}

/// The `<a href>` or `<img src>` tag at `from` in a run: read from there
/// on (a `>` inside a quoted value does not end it, for the browser).
fn inline_tag<'a>(
    body: &'a str,
    base: usize,
    run: &Run<'_>,
    tag_span: std::ops::Range<usize>,
    anchor_ends: &std::cell::OnceCell<Vec<usize>>,
    links: &mut Vec<Link<'a>>,
    active: &mut Vec<ActiveHtml<'a>>,
) {
    let from = tag_span.start;
    // Read up to the next `<`: the tag as a browser reads it ends there
    // at the latest (but for a `<` in a quoted value).
    let limit = memchr::memchr(b'<', &run.text.as_bytes()[tag_span.end..])
        .map_or(run.text.len(), |k| tag_span.end + k);
    let t = &run.text[from..limit];
    marks::count(t.len());
    let mut first = None;
    let mut state = ScanState::Data;
    html::scan_all(
        t,
        &mut state,
        |tag| {
            if first.is_none() {
                first = Some(tag);
            }
        },
        |a| {
            if a.tag.start == 0 {
                let start = run.source(from).0 + base;
                let end = run.source(from + a.tag.end).0 + base;
                active.push(ActiveHtml::found(
                    t,
                    &a,
                    Span::new(start, end.max(start)),
                    body,
                ));
            }
        },
    );
    let Some(tag) = first.filter(|tag| tag.tag.start == 0) else {
        return;
    };
    let kind = match tag.kind {
        TagKind::A => LinkKind::Html,
        TagKind::Img => LinkKind::HtmlImg,
        TagKind::CloseA => return,
    };
    let Some(value) = tag.value.clone() else {
        return;
    };
    let raw = &t[value.clone()];
    let label = tag
        .label
        .as_ref()
        .map(|l| own(html::decode_attribute(&t[l.clone()])));
    let (title, text) = match kind {
        LinkKind::HtmlImg => (None, label.unwrap_or_default()),
        _ => (label.filter(|t| !t.is_empty()), Cow::Borrowed("")),
    };
    let text = if kind == LinkKind::Html {
        // The text up to `</a>`, read as HTML.
        let after = from + tag.tag.end;
        let ends = anchor_ends.get_or_init(|| {
            let b = run.text.as_bytes();
            memchr::memmem::find_iter(b, b"</")
                .filter(|&k| matches!(b.get(k + 2), Some(b'a' | b'A')))
                .collect()
        });
        let close = ends
            .get(ends.partition_point(|&k| k < after))
            .map_or(after, |&k| k);
        marks::count(close - after);
        own(html::collapse_spaces(&html::html_text(
            &run.text[after..close],
        )))
    } else {
        text
    };
    let value = from + value.start..from + value.end;
    let src = run
        .source_range(&value)
        .filter(|r| body.get(r.clone()) == Some(raw));
    let start = run.source(from).0 + base;
    let end = run.source(from + tag.tag.end).0 + base;
    links.push(Link {
        kind,
        dest: own(html::decode_attribute(raw)),
        raw_dest: src.clone().map(|r| &body[r]),
        dest_span: src.map(|r| Span::new(r.start + base, r.end + base)),
        title,
        text,
        span: Span::new(start, end.max(start)),
        location: Location::default(),
        section: 0,
        definition: None,
        in_table: false,
    });
}

/// The `<a href>` and `<img src>` tags of the raw HTML block `s`, which
/// starts at body offset `at`. Each block is scanned on its own: a comment
/// left open in one does not hide the next.
fn html_links<'a>(
    body: &'a str,
    base: usize,
    at: usize,
    s: &'a str,
    links: &mut Vec<Link<'a>>,
    active: &mut Vec<ActiveHtml<'a>>,
) {
    let mut tags = Vec::new();
    html::scan_all(
        s,
        &mut ScanState::Data,
        |t| tags.push(t),
        |a| {
            let span = Span::new(at + a.tag.start + base, at + a.tag.end + base);
            active.push(ActiveHtml::found(s, &a, span, body));
        },
    );
    // The `<a>` whose text runs to the next `</a>`: its link and where its
    // text starts.
    let mut anchor: Option<(usize, usize)> = None;
    for tag in tags {
        let kind = match tag.kind {
            TagKind::A => LinkKind::Html,
            TagKind::Img => LinkKind::HtmlImg,
            TagKind::CloseA => {
                if let Some((index, from)) = anchor.take() {
                    let inner = s.get(from..tag.tag.start).unwrap_or_default();
                    if let Some(link) = links.get_mut(index) {
                        link.text = own(html::collapse_spaces(&html::html_text(inner)));
                    }
                }
                continue;
            }
        };
        let Some(value) = tag.value.clone() else {
            continue;
        };
        let raw = &s[value.clone()];
        let label = tag
            .label
            .as_ref()
            .map(|l| own(html::decode_attribute(&s[l.clone()])));
        let (title, text) = match kind {
            LinkKind::HtmlImg => (None, label.unwrap_or_default()),
            _ => (label.filter(|t| !t.is_empty()), Cow::Borrowed("")),
        };
        if kind == LinkKind::Html {
            anchor = Some((links.len(), tag.tag.end));
        }
        links.push(Link {
            kind,
            dest: own(html::decode_attribute(raw)),
            raw_dest: Some(raw),
            dest_span: Some(Span::new(at + value.start + base, at + value.end + base)),
            title,
            text,
            span: Span::new(at + tag.tag.start + base, at + tag.tag.end + base),
            location: Location::default(),
            section: 0,
            definition: None,
            in_table: false,
        });
    }
}
