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

use std::borrow::Cow;
use std::collections::HashMap;

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
    for h in &found.headings {
        let run = run_of(body, std::slice::from_ref(&h.content));
        let mut plain = String::new();
        found_links.clear();
        found_broken.clear();
        inline::scan(
            &run.text,
            &by_label,
            &mut found_links,
            &mut found_broken,
            Some(&mut plain),
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
        let plain = html::decode_attribute(&plain);
        let text = html::html_text(&plain);
        let text = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        drafts.push(Draft {
            level: h.level,
            text: Cow::Owned(text),
            id: h.id.clone().map(|r| Cow::Borrowed(&body[r])),
            span: span(h.start, h.end),
            location: Location::default(),
        });
    }
    for r in &found.inlines {
        let run = run_of(body, &found.pool[r.clone()]);
        found_links.clear();
        found_broken.clear();
        inline::scan(
            &run.text,
            &by_label,
            &mut found_links,
            &mut found_broken,
            None,
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

/// The run of inline text made of `segs`, joined by line breaks.
fn run_of(body: &str, segs: &[Seg]) -> Run {
    let mut text = String::new();
    let mut map = Vec::with_capacity(segs.len());
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
    Run { text, map }
}

/// Turns the links found in a run into [`Link`]s (body offsets shifted by
/// `base`).
#[allow(clippy::too_many_arguments, reason = "one call site per kind of run")]
fn convert<'a>(
    body: &'a str,
    base: usize,
    run: &Run,
    found: &[inline::InlineLink],
    missing: &[inline::Broken],
    definitions: &mut [Definition<'a>],
    links: &mut Vec<Link<'a>>,
    broken: &mut Vec<BrokenReference<'a>>,
    active: &mut Vec<ActiveHtml<'a>>,
) {
    let t = run.text.as_str();
    let at = |p: usize| run.source(p).0 + base;
    for l in found {
        let start = at(l.span.start);
        let end = at(l.span.end.saturating_sub(1)) + 1;
        if l.kind == Found::Html {
            inline_tag(body, base, run, l.span.clone(), links, active);
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
                .map(|r| Cow::Owned(inline::unescape(&t[r.clone()]).into_owned())),
            text: Cow::Owned(inline::unescape(&t[l.text.clone()]).into_owned()),
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
            let raw = &t[r.clone()];
            let resolved = html::decode_attribute(&inline::unescape(raw)).into_owned();
            link.dest = if kind == LinkKind::Email {
                let addr = resolved.strip_prefix("mailto:").unwrap_or(&resolved);
                Cow::Owned(format!("mailto:{addr}"))
            } else {
                Cow::Owned(resolved)
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
    run: &Run,
    tag_span: std::ops::Range<usize>,
    links: &mut Vec<Link<'a>>,
    active: &mut Vec<ActiveHtml<'a>>,
) {
    let from = tag_span.start;
    // Read up to the next `<`: the tag as a browser reads it ends there
    // at the latest (but for a `<` in a quoted value).
    let limit = memchr::memchr(b'<', &run.text.as_bytes()[tag_span.end..])
        .map_or(run.text.len(), |k| tag_span.end + k);
    let t = &run.text[from..limit];
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
        let after = &run.text[from + tag.tag.end..];
        let close = memchr::memmem::find_iter(after.as_bytes(), b"</")
            .find(|&k| matches!(after.as_bytes().get(k + 2), Some(b'a' | b'A')))
            .unwrap_or(0);
        own(html::collapse_spaces(&html::html_text(&after[..close])))
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
