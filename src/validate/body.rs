//! The body rules: headings, links, reference definitions.

use std::borrow::Cow;

use crate::body::{Body, DangerousScheme, Link, LinkKind, Target};
use crate::meta::PageMeta;

use super::anchors::Anchors;
use super::{quote, HashMap, Report, Rule};

/// Runs the body rules on the outline `body` of a page whose typed header
/// is `meta`; `seen` is given each link's index and target. `anchors` is
/// the page's anchor index, built here on the first `#fragment` link when
/// it is not yet.
pub(crate) fn check(
    meta: &PageMeta,
    body: &Body<'_>,
    out: &mut Report<'_>,
    anchors: &mut Option<Anchors>,
    seen: &mut dyn FnMut(usize, &Target<'_>),
) {
    headings(meta, body, out);
    super::active::check(body, out);
    for (i, link) in body.links.iter().enumerate() {
        let target = link.target();
        one_link(body, link, &target, body.links.get(i + 1), out, anchors);
        seen(i, &target);
    }
    if out.on(Rule::UnresolvedReference) {
        for r in &body.broken_references {
            // `[text]` alone is plain text as often as it is a link: only the
            // forms that can only be links are reported.
            if r.kind == LinkKind::Shortcut {
                continue;
            }
            let what = if r.image { "image" } else { "link" };
            out.emit_at(
                Rule::UnresolvedReference,
                r.span,
                r.location,
                format!(
                    "{what} reference {} has no definition",
                    quote(&format!("[{}]", r.label))
                ),
                Some(format!(
                    "add a line `[{}]: /page.html` after the paragraph, or fix the label",
                    r.label
                )),
            );
        }
    }
    if out.on(Rule::UnusedDefinition) {
        for d in body.definitions.iter().filter(|d| !d.used) {
            out.emit_at(
                Rule::UnusedDefinition,
                d.span,
                d.location,
                format!(
                    "link reference definition {} is never used",
                    quote(&format!("[{}]", d.label))
                ),
                Some(format!(
                    "remove it, or link to it with `[text][{}]`",
                    d.label
                )),
            );
        }
    }
}

/// `multiple-h1`, `heading-level-skip`, `title-h1-mismatch`,
/// `duplicate-heading-id`.
fn headings(meta: &PageMeta, body: &Body<'_>, out: &mut Report<'_>) {
    let mut first_h1: Option<usize> = None;
    let mut previous: Option<u8> = None;
    // Each id's first heading, and the headings whose text alone would
    // have given an id already taken.
    let mut ids: HashMap<&str, usize> = HashMap::default();
    for (i, h) in body.headings.iter().enumerate() {
        if h.level == 1 {
            match first_h1 {
                None => {
                    first_h1 = Some(i);
                    if let Some(title) = &meta.title {
                        if !same_text(&h.text, title) {
                            out.emit_at(
                                Rule::TitleH1Mismatch,
                                h.span,
                                h.location,
                                format!(
                                    "the first level-1 heading, {}, differs from the title, {}",
                                    quote(&h.text),
                                    quote(title)
                                ),
                                Some("make them the same: the heading is the page's title as readers see it".to_owned()),
                            );
                        }
                    }
                }
                Some(first) => {
                    let line = body.headings.get(first).map_or(0, |f| f.location.line);
                    out.emit_at(
                        Rule::MultipleH1,
                        h.span,
                        h.location,
                        format!(
                            "another level-1 heading, {}: the first is at line {line}",
                            quote(&h.text)
                        ),
                        Some("a page has one level-1 heading; make this one `##`".to_owned()),
                    );
                }
            }
        }
        if let Some(prev) = previous {
            if h.level > prev + 1 {
                out.emit_at(
                    Rule::HeadingLevelSkip,
                    h.span,
                    h.location,
                    format!(
                        "heading level skips from {prev} to {}: {}",
                        h.level,
                        quote(&h.text)
                    ),
                    Some(format!(
                        "make it a level-{} heading (`{}`)",
                        prev + 1,
                        "#".repeat(usize::from(prev) + 1)
                    )),
                );
            }
        }
        previous = Some(h.level);
        if let Some(&first) = ids.get(h.id.as_str()) {
            let line = body.headings.get(first).map_or(0, |f| f.location.line);
            out.emit_at(
                Rule::DuplicateHeadingId,
                h.span,
                h.location,
                format!(
                    "heading id `{}` is already the id of the heading at line {line}",
                    h.id
                ),
                Some("links to this id reach only the first heading; give one of them another `{#id}`".to_owned()),
            );
        } else {
            ids.insert(&h.id, i);
        }
    }
}

/// Whether a heading's text and a title say the same: letter case aside
/// (`Task queues` is `Task Queues`), white space runs counted as one space.
fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .map(str::to_lowercase)
        .eq(b.split_whitespace().map(str::to_lowercase))
}

/// The rules about one link on its own.
fn one_link(
    body: &Body<'_>,
    link: &Link<'_>,
    target: &Target<'_>,
    next: Option<&Link<'_>>,
    out: &mut Report<'_>,
    anchors: &mut Option<Anchors>,
) {
    let dest_span = link.dest_span.unwrap_or(link.span);
    let image = matches!(link.kind, LinkKind::Image | LinkKind::HtmlImg);
    super::text::link(link, dest_span, out);
    let source = || {
        body.file_text()
            .get(link.span.range())
            .unwrap_or_default()
            .to_owned()
    };
    if link.dest.trim().is_empty() {
        let what = if image { "image" } else { "link" };
        out.emit_at(
            Rule::EmptyLink,
            link.span,
            link.location,
            format!("{what} with no destination: {}", quote(&source())),
            Some("give it the address it should point at".to_owned()),
        );
        return;
    } else if !image && link.text.trim().is_empty() {
        // `<a href="..."><img alt="..."></a>`: the image is the text.
        let wrapped = next.filter(|n| {
            link.kind == LinkKind::Html
                && matches!(n.kind, LinkKind::Image | LinkKind::HtmlImg)
                && body
                    .file_text()
                    .get(link.span.end..n.span.start)
                    .is_some_and(|between| between.trim().is_empty())
        });
        let (message, help) = match wrapped {
            Some(img) if !img.text.trim().is_empty() => (None, ""),
            Some(_) => (
                Some(format!(
                    "link with no text: {} holds only an image with no alt text",
                    quote(&source())
                )),
                "give the image an `alt` text that says where the link leads",
            ),
            None => (
                Some(format!("link with no text: {}", quote(&source()))),
                "give it text that says where it leads",
            ),
        };
        if let Some(message) = message {
            out.emit_at(
                Rule::EmptyLink,
                link.span,
                link.location,
                message,
                Some(help.to_owned()),
            );
        }
    }
    match *target {
        Target::Http if out.on(Rule::InsecureLink) => {
            if let Some(host) = external_http_host(&link.dest) {
                out.emit_near(
                    Rule::InsecureLink,
                    dest_span,
                    (link.span.start, link.location),
                    format!(
                        "insecure link to {}: `http://` to the external host `{host}`",
                        quote(&link.dest)
                    ),
                    Some("use `https://` if the host serves it".to_owned()),
                );
            }
        }
        Target::Dangerous(scheme) => {
            let (name, why) = dangerous_words(scheme);
            out.emit_near(
                Rule::DangerousLink,
                dest_span,
                (link.span.start, link.location),
                format!("dangerous link {}: a `{name}` URL {why}", quote(&link.dest)),
                Some("link to a page or an `https://` address instead".to_owned()),
            );
        }
        Target::Fragment(id)
            if !id.is_empty()
                && out.on(Rule::FragmentNotFound)
                && !anchors
                    .get_or_insert_with(|| Anchors::of(body))
                    .contains(&percent_decode(id)) =>
        {
            let help = match super::closest(id, body.headings.iter().map(|h| h.id.as_str())) {
                Some(near) => format!("did you mean `#{near}`?"),
                None => "link to the id of a heading of this page".to_owned(),
            };
            out.emit_near(
                Rule::FragmentNotFound,
                dest_span,
                (link.span.start, link.location),
                format!(
                    "link to {}: no heading of this page has the id `{id}`",
                    quote(&link.dest)
                ),
                Some(help),
            );
        }
        _ => {}
    }
}

/// The scheme of a dangerous URL as written in messages, and why it is
/// dangerous.
pub(super) fn dangerous_words(scheme: DangerousScheme) -> (&'static str, &'static str) {
    match scheme {
        DangerousScheme::Javascript => ("javascript:", "runs script when followed"),
        DangerousScheme::Vbscript => ("vbscript:", "runs script when followed"),
        _ => ("data:", "can carry a whole page or script"),
    }
}

/// The host of an `http:` URL, when it is an external one: not a loopback
/// address, not `localhost`, and not a name reserved for examples and
/// tests (`example.com`, `*.test`, `*.example`, `*.invalid`, `*.local`,
/// `*.localhost`).
pub(crate) fn external_http_host(url: &str) -> Option<String> {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let rest = url.get(5..).filter(|_| {
        url.get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("http:"))
    })?;
    let rest = rest.trim_start_matches(['/', '\\']);
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let local = host.is_empty()
        || host == "localhost"
        || host == "0.0.0.0"
        || host == "::1"
        || host.starts_with("127.")
        || ["example.com", "example.org", "example.net"]
            .iter()
            .any(|e| {
                host.strip_suffix(e)
                    .is_some_and(|sub| sub.is_empty() || sub.ends_with('.'))
            })
        || [".test", ".example", ".invalid", ".local", ".localhost"]
            .iter()
            .any(|t| host.ends_with(t));
    (!local).then_some(host)
}

/// `%XX` escapes decoded (invalid UTF-8 replaced); the text as is when it
/// has none.
pub(crate) fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| char::from(c).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_hosts() {
        for (url, host) in [
            ("http://www.python.org/", Some("www.python.org")),
            (
                "HTTP://User@Example.NET.evil.com:80/x",
                Some("example.net.evil.com"),
            ),
            ("http://localhost:8000/", None),
            ("http://127.0.0.1:5000", None),
            ("http://[::1]:80/", None),
            ("http://0.0.0.0:8000/", None),
            ("http://example.com/a", None),
            ("http://www.example.org", None),
            ("http://app.test/", None),
            ("http://", None),
            ("https://www.python.org/", None),
        ] {
            assert_eq!(external_http_host(url).as_deref(), host, "{url}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{fffd}");
    }
}
