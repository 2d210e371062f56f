//! Changing link destinations in place: only the destination bytes change.

use std::fmt::Write as _;
use std::ops::Range;

use super::html::{self, char_ref};
use super::links::md_entity;
use super::{Body, BodyOptions, Dialect, Link, LinkKind};
use crate::page::Page;
use crate::span::Span;

/// What [`Page::rewrite_links`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Rewritten {
    /// How many destinations were changed.
    pub changed: usize,
    /// The spans (in the text before the rewrite) of links that were given
    /// a new destination that could not be written: a destination whose
    /// bytes could not be located, an HTML attribute value that spans
    /// lines, an autolink given one that is not an absolute URL or email
    /// address, or a rewrite that would make the page read differently
    /// (see [`Page::rewrite_links`]).
    pub unwritable: Vec<Span>,
}

impl Page<'_> {
    /// Gives links new destinations. `f` sees each link of
    /// [`Page::outline`] in source order and returns its new (resolved)
    /// destination, or `None` to keep it. Only the destination bytes change;
    /// the header and everything else stay byte for byte.
    ///
    /// - Links by reference change their definition; several links may
    ///   share one, and the first `Some` for a definition wins (later links
    ///   using it are not offered). Unused definitions are not offered.
    /// - An HTML attribute value that spans lines is unwritable: rewriting it
    ///   must not change which lines the page has.
    /// - Markdown destinations are written so that they read back as given,
    ///   except that spaces, `<` and `>` are percent-encoded (`%20`, `%3C`,
    ///   `%3E`; a destination already written `<like this>` keeps its
    ///   spaces): no bracket is ever added, as one could close raw HTML
    ///   opened earlier in the paragraph. `\` and `&` that would start an
    ///   escape or entity are escaped, control characters other than NUL
    ///   written as character references, unbalanced parentheses escaped,
    ///   `|` escaped in table cells, and a destination that starts a line
    ///   gets its first character escaped (or, for a letter after `<`,
    ///   written as a character reference) so that the line cannot start a
    ///   block. An empty destination of a definition is written `<>`.
    /// - Autolinks keep their `<...>`; spaces, `<`, `>` and control
    ///   characters are percent-encoded, and a destination that is not an
    ///   absolute URL (or, for an email autolink, `mailto:` and an address)
    ///   is unwritable.
    /// - HTML attribute values keep their quoting (an attribute written
    ///   without a value, `<a href>`, gets one: `href="..."`); the quote character,
    ///   `&` where it would start a character reference, line breaks and
    ///   control characters (and, unquoted, white space and ``"'=<>` ``) are
    ///   written as character references.
    /// - The result is read again before it is kept: a rewrite that would
    ///   make the page read differently (a link, heading or definition
    ///   appearing or going, another destination changing) is left out and
    ///   reported unwritable. A link inside the text of a shortcut or
    ///   collapsed reference (`[<a href="x">label</a>]`) is one: that text
    ///   is the label, and changing it unlinks the reference. That costs
    ///   one more reading of the page, and a few more (64 in all at most)
    ///   when such rewrites must be singled out.
    pub fn rewrite_links(
        &mut self,
        options: &BodyOptions,
        mut f: impl FnMut(&Link<'_>) -> Option<String>,
    ) -> Rewritten {
        let mut plan: Vec<Planned> = Vec::new();
        let mut unwritable = Vec::new();
        let keep = {
            let body = self.outline(options);
            let text = self.text();
            let mut defs_done = vec![false; body.definitions.len()];
            for link in &body.links {
                if let Some(d) = link.definition {
                    if defs_done.get(d).copied().unwrap_or(true) {
                        continue;
                    }
                }
                let Some(new) = f(link) else {
                    continue;
                };
                if let Some(d) = link.definition {
                    defs_done[d] = true;
                }
                if new == link.dest {
                    continue;
                }
                let Some(span) = link.dest_span else {
                    unwritable.push(link.span);
                    continue;
                };
                // A value that spans lines keeps them: writing it on one line
                // would change which lines the blocks around it are made of
                // (a table's header row, for one).
                let breaks = text
                    .get(span.start..span.end)
                    .is_none_or(|raw| raw.contains(['\n', '\r']));
                if breaks {
                    unwritable.push(link.span);
                    continue;
                }
                match encode(link, &new, text, span, options.dialect) {
                    Some((written, value)) => plan.push(Planned {
                        span,
                        written,
                        value,
                        link: link.span,
                        want: (options.dialect == Dialect::PythonMarkdown)
                            .then(|| reads_as(link, &new, text, span)),
                    }),
                    None => unwritable.push(link.span),
                }
            }
            plan.sort_by_key(|p| p.span.start);
            plan.dedup_by_key(|p| p.span.start);
            // Two destinations whose bytes overlap (one read inside the
            // other's) cannot both be written: the later one is left out.
            let mut end = 0;
            plan.retain(|p| {
                if p.span.start < end {
                    unwritable.push(p.link);
                    return false;
                }
                end = p.span.end;
                true
            });
            settle(text, &body, &plan, options)
        };
        let mut spans = Vec::with_capacity(plan.len());
        let mut written = Vec::with_capacity(plan.len());
        for (p, keep) in plan.into_iter().zip(keep) {
            if keep {
                spans.push(p.span);
                written.push(p.written);
            } else {
                unwritable.push(p.link);
            }
        }
        self.replace_all(&spans, |i| std::mem::take(&mut written[i]));
        unwritable.sort_by_key(|s| s.start);
        Rewritten {
            changed: spans.len(),
            unwritable,
        }
    }
}

/// One destination to write.
struct Planned {
    /// Where the old destination is.
    span: Span,
    /// What goes there.
    written: String,
    /// The part of `written` that reads back as the destination's raw
    /// bytes (all of it but for added quotes or brackets).
    value: Range<usize>,
    /// The link that asked for it.
    link: Span,
    /// In the Python-Markdown dialect, the destination it must read back
    /// as (its escapes are checked by reading, not trusted).
    want: Option<String>,
}

/// How many times [`settle`] may read the page again: enough to single out
/// a few rewrites that would change the page among thousands; past it,
/// the rewrites not yet settled are left out (reported unwritable), so a
/// rewrite costs at most this many more readings of the page.
const MAX_CHECKS: usize = 64;

/// Which planned rewrites to make: all of them, if the page they give
/// reads as `before` does but for the new destinations (the same links of
/// the same kinds in order, each rewritten one with exactly the bytes
/// written, the others as they were, the same headings by level, and as
/// many definitions and broken references). Otherwise the rewrites are halved until each
/// half reads right, and the one rewrite that does not is left out. The
/// encoding rules make this rare: it catches what they miss, such as a
/// value whose new characters let a line read as a link reference
/// definition.
fn settle(text: &str, before: &Body<'_>, plan: &[Planned], options: &BodyOptions) -> Vec<bool> {
    let mut keep = vec![false; plan.len()];
    let mut checks = 0;
    // Ranges of the plan still to decide, leftmost on top: everything kept
    // so far lies left of the range being tried.
    let mut todo: Vec<Range<usize>> = Vec::new();
    todo.push(0..plan.len());
    while let Some(range) = todo.pop() {
        if range.is_empty() {
            continue;
        }
        if checks == MAX_CHECKS {
            continue;
        }
        checks += 1;
        for k in range.clone() {
            keep[k] = true;
        }
        if reads_as_planned(text, before, plan, &keep, options) {
            continue;
        }
        for k in range.clone() {
            keep[k] = false;
        }
        if range.len() > 1 {
            let mid = range.start + range.len() / 2;
            todo.push(mid..range.end);
            todo.push(range.start..mid);
        }
    }
    keep
}

/// Whether the page with the kept rewrites made reads as `before` but for
/// the new destinations.
fn reads_as_planned(
    text: &str,
    before: &Body<'_>,
    plan: &[Planned],
    keep: &[bool],
    options: &BodyOptions,
) -> bool {
    let kept: Vec<&Planned> = plan
        .iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect();
    let spans: Vec<Span> = kept.iter().map(|p| p.span).collect();
    let mut page = Page::parse(text);
    page.replace_all(&spans, |i| kept[i].written.clone());
    let after = page.outline(options);
    let same_shape = after.links.len() == before.links.len()
        && after.definitions.len() == before.definitions.len()
        && after.broken_references.len() == before.broken_references.len()
        && after.headings.len() == before.headings.len()
        // Not their text: an autolink's text is its destination.
        && after
            .headings
            .iter()
            .zip(&before.headings)
            .all(|(a, b)| a.level == b.level);
    if !same_shape {
        return false;
    }
    after.links.iter().zip(&before.links).all(|(a, b)| {
        let planned = b.dest_span.and_then(|d| {
            let k = plan.binary_search_by_key(&d.start, |p| p.span.start).ok()?;
            let p = &plan[k];
            (keep[k] && p.span == d).then(|| (&p.written[p.value.clone()], p.want.as_deref()))
        });
        match planned {
            // An email autolink given a URL becomes a URL autolink.
            Some((value, want)) => {
                (a.kind == b.kind || (b.kind, a.kind) == (LinkKind::Email, LinkKind::Autolink))
                    && a.raw_dest == Some(value)
                    && want.is_none_or(|w| a.dest == w)
            }
            None => a.kind == b.kind && a.dest == b.dest,
        }
    })
}

/// The bytes to put at `span` (the link's destination) so that it reads
/// back as `new`, and the part of them that will be the destination's raw
/// bytes (without the quotes or brackets some values need).
pub(super) fn encode(
    link: &Link<'_>,
    new: &str,
    text: &str,
    span: Span,
    dialect: Dialect,
) -> Option<(String, Range<usize>)> {
    let before = span
        .start
        .checked_sub(1)
        .and_then(|i| text.as_bytes().get(i))
        .copied();
    let written = match link.kind {
        LinkKind::Html | LinkKind::HtmlImg => return Some(attribute_value(new, before)),
        LinkKind::Autolink | LinkKind::Email => autolink(new)?,
        _ => {
            let bracketed = before == Some(b'<');
            let start = if bracketed {
                span.start - 1
            } else {
                span.start
            };
            let written = markdown_dest(
                new,
                bracketed,
                link.in_table,
                at_line_start(text, start),
                link.definition.is_some(),
            );
            match dialect {
                Dialect::PythonMarkdown => pymd_dest(&written, link.definition.is_some()),
                Dialect::CommonMark => written,
            }
        }
    };
    // An empty destination of a definition is written `<>` (no other
    // destination is: `<` and `>` are percent-encoded).
    let value = if written == "<>" {
        1..1
    } else {
        0..written.len()
    };
    Some((written, value))
}

/// A destination written for CommonMark, rewritten for Python-Markdown:
/// a backslash escape of a character Python-Markdown does not escape (or,
/// in a definition, where it reads no escapes at all) and quotes (which
/// would start a title) are written as character references, which the
/// HTML it makes decodes.
fn pymd_dest(written: &str, definition: bool) -> String {
    const ESCAPED: &[char] = &[
        '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '>', '#', '+', '-', '.', '!',
    ];
    let mut out = String::with_capacity(written.len());
    let mut chars = written.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek().copied() {
                Some(n) if n.is_ascii_punctuation() && (definition || !ESCAPED.contains(&n)) => {
                    chars.next();
                    let _ = write!(out, "&#{};", u32::from(n));
                }
                Some(n) => {
                    chars.next();
                    out.push(c);
                    out.push(n);
                }
                None => out.push(c),
            },
            '"' | '\'' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    out
}

/// What `new` reads back as once written at `span` for `link`: what
/// Markdown and autolinks cannot hold is percent-encoded (spaces, `<`,
/// `>` and, in autolinks, control characters; a destination written
/// `<like this>` keeps its spaces); a NUL in an HTML attribute reads as
/// U+FFFD.
fn reads_as(link: &Link<'_>, new: &str, text: &str, span: Span) -> String {
    let bracketed = span
        .start
        .checked_sub(1)
        .and_then(|i| text.as_bytes().get(i))
        == Some(&b'<');
    let mut out = String::with_capacity(new.len());
    for c in new.chars() {
        let encode = match link.kind {
            LinkKind::Html | LinkKind::HtmlImg => {
                out.push(if c == '\0' { '\u{fffd}' } else { c });
                continue;
            }
            LinkKind::Autolink | LinkKind::Email => {
                matches!(c, ' ' | '<' | '>') || c.is_ascii_control()
            }
            _ => matches!(c, '<' | '>') || (matches!(c, ' ' | '\0') && !bracketed),
        };
        if encode {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether only container marks and indentation (`>`, spaces, tabs) stand
/// between `at` and the start of its line.
fn at_line_start(text: &str, at: usize) -> bool {
    let before = text.as_bytes().get(..at).unwrap_or_default();
    let last = before
        .iter()
        .rev()
        .find(|b| !matches!(b, b' ' | b'\t' | b'>'));
    matches!(last, None | Some(b'\n' | b'\r'))
}

/// A Markdown link destination; `bracketed` when the old one was written
/// `<...>` (the span then excludes the brackets); `line_start` when it
/// starts a line, where its first character could otherwise start a block
/// (a fence, a heading, a list...) and is escaped (punctuation) or
/// written as a character reference (a letter after `<`); `definition`
/// when it is a definition's (which cannot be empty unless bracketed).
///
/// No `<` or `>` is ever added: they could close raw HTML opened earlier
/// in the paragraph. So `<` and `>` in `new` are percent-encoded, and so
/// are spaces (and NUL) unless the destination is already bracketed.
pub(crate) fn markdown_dest(
    new: &str,
    bracketed: bool,
    in_table: bool,
    line_start: bool,
    definition: bool,
) -> String {
    let mut body = String::with_capacity(new.len() + 8);
    let balanced = parens_balanced(new);
    for (i, c) in new.char_indices() {
        let rest = &new[i + c.len_utf8()..];
        if i == 0 && line_start && !matches!(c, '<' | '>') {
            // What can open a block at the start of a line.
            if matches!(
                c,
                '#' | '>' | '-' | '+' | '*' | '=' | '_' | '`' | '~' | '|' | '[' | ':' | '!'
            ) {
                body.push('\\');
                body.push(c);
                continue;
            }
            if bracketed && c.is_ascii_alphabetic() {
                let _ = write!(body, "&#{};", u32::from(c));
                continue;
            }
        }
        match c {
            // A `\` before punctuation would escape it, and so would one
            // before what is written with punctuation (a space as `%20`, a
            // control character as a character reference): only before a
            // letter or digit is it kept as it is.
            '\\' if !rest.chars().next().is_some_and(|c| c.is_alphanumeric()) => {
                body.push_str("\\\\");
            }
            '&' if md_entity(&new[i..]).is_some() => body.push_str("\\&"),
            '<' | '>' => percent(&mut body, c),
            ' ' | '\0' if !bracketed => percent(&mut body, c),
            '(' | ')' if !bracketed && !balanced => {
                body.push('\\');
                body.push(c);
            }
            '|' if in_table => body.push_str("\\|"),
            // NUL has no character reference that reads back as NUL.
            '\0' => body.push('\0'),
            c if c.is_ascii_control() => {
                let _ = write!(body, "&#{};", u32::from(c));
            }
            c => body.push(c),
        }
    }
    if body.is_empty() && definition && !bracketed {
        body.push_str("<>");
    }
    body
}

/// Whether the parentheses of a plain destination nest properly (and not
/// too deep for pulldown-cmark).
fn parens_balanced(s: &str) -> bool {
    let mut depth = 0usize;
    for b in s.bytes() {
        match b {
            b'(' => {
                depth += 1;
                if depth > 32 {
                    return false;
                }
            }
            b')' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0
}

fn percent(out: &mut String, c: char) {
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        let _ = write!(out, "%{b:02X}");
    }
}

/// The inside of an autolink, or `None` when `new` cannot be one.
fn autolink(new: &str) -> Option<String> {
    if let Some(addr) = new.strip_prefix("mailto:") {
        if is_email(addr) {
            return Some(addr.to_owned());
        }
    }
    let colon = new.find(':')?;
    let scheme = &new[..colon];
    let valid = (2..=32).contains(&scheme.len())
        && scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'));
    if !valid {
        return None;
    }
    let mut out = String::with_capacity(new.len());
    for c in new.chars() {
        match c {
            ' ' | '<' | '>' => percent(&mut out, c),
            c if c.is_ascii_control() => percent(&mut out, c),
            c => out.push(c),
        }
    }
    Some(out)
}

/// CommonMark's email autolink address.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b));
    let domain_ok = domain.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    });
    local_ok && domain_ok
}

/// An HTML attribute value; `before` is the byte before the old value (its
/// opening quote, if quoted). With it, the part that will read back as the
/// value's raw bytes: all of it, but for the quotes added to an empty
/// unquoted value or to an attribute that had no value.
fn attribute_value(new: &str, before: Option<u8>) -> (String, Range<usize>) {
    // After the name of an attribute written without a value (`<a href>`)
    // the value is written whole: `="..."`.
    let valueless = !matches!(before, Some(b'"' | b'\'' | b'=') | None)
        && !before.is_some_and(html::is_html_space);
    let quote = match before {
        Some(q @ (b'"' | b'\'')) => Some(q),
        _ if valueless => Some(b'"'),
        _ => None,
    };
    let mut out = String::with_capacity(new.len() + 8);
    if valueless {
        out.push_str("=\"");
    }
    for (i, c) in new.char_indices() {
        let unsafe_unquoted = quote.is_none()
            && (matches!(c, '"' | '\'' | '=' | '<' | '>' | '`') || c.is_ascii_whitespace());
        match c {
            '&' if char_ref(&new[i..], true).is_some() => out.push_str("&amp;"),
            '"' if quote == Some(b'"') => out.push_str("&quot;"),
            '\'' if quote == Some(b'\'') => out.push_str("&#39;"),
            c if unsafe_unquoted || c.is_ascii_control() => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    if quote.is_none() && out.is_empty() {
        out.push_str("\"\"");
        return (out, 1..1);
    }
    if valueless {
        out.push('"');
        let end = out.len() - 1;
        return (out, 2..end);
    }
    let all = 0..out.len();
    (out, all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::links::md_unescape;

    /// `new` as it reads back: spaces (unless bracketed), `<` and `>`
    /// percent-encoded.
    fn encoded(new: &str, bracketed: bool) -> String {
        new.replace('<', "%3C")
            .replace('>', "%3E")
            .replace(' ', if bracketed { " " } else { "%20" })
    }

    #[test]
    fn markdown_destinations_read_back() {
        for (new, bracketed, table, want) in [
            ("/a.html", false, false, "/a.html"),
            ("/a b.html", false, false, "/a%20b.html"),
            ("/a b.html", true, false, "/a b.html"),
            ("", false, false, ""),
            ("x(y)z", false, false, "x(y)z"),
            ("x)y(", false, false, "x\\)y\\("),
            ("a\\b\\(c\\", false, false, "a\\b\\\\\\(c\\\\"),
            ("a&amp;b&c", false, false, "a\\&amp;b&c"),
            ("<x>", false, false, "%3Cx%3E"),
            ("<x y>", true, false, "%3Cx y%3E"),
            ("a|b", false, true, "a\\|b"),
            ("a\nb\tc\u{7f}", false, false, "a&#10;b&#9;c&#127;"),
            ("\\\t", false, false, "\\\\&#9;"),
            // Before what is written with punctuation (found by the `body`
            // fuzz target).
            ("a\\ b", false, false, "a\\\\%20b"),
            ("a\\é", false, false, "a\\é"),
            ("\0", true, false, "\0"),
        ] {
            let got = markdown_dest(new, bracketed, table, false, false);
            assert_eq!(got, want, "{new:?}");
            assert_eq!(
                md_unescape(&got, table),
                encoded(new, bracketed),
                "{new:?} read back"
            );
        }
        assert_eq!(markdown_dest("", false, false, false, true), "<>");
    }

    #[test]
    fn line_starts_are_guarded() {
        for (new, bracketed, want) in [
            ("!a b", false, "\\!a%20b"),
            ("p x", true, "&#112; x"),
            ("===", false, "\\==="),
            ("```x", false, "\\```x"),
            ("/a.html", false, "/a.html"),
            ("(x)", false, "(x)"),
            ("<a", false, "%3Ca"),
            ("\\x", false, "\\x"),
            ("&amp;", false, "\\&amp;"),
            ("é", true, "é"),
        ] {
            assert_eq!(
                markdown_dest(new, bracketed, false, true, false),
                want,
                "{new:?}"
            );
        }
        assert!(at_line_start("a\n> \tb", 5));
        assert!(at_line_start("b", 0));
        assert!(!at_line_start("a b", 2));
    }

    /// The written value alone.
    fn attr(new: &str, before: Option<u8>) -> String {
        attribute_value(new, before).0
    }

    #[test]
    fn attribute_values() {
        // The part that reads back as the value's raw bytes.
        assert_eq!(attribute_value("", Some(b'=')), ("\"\"".into(), 1..1));
        assert_eq!(attribute_value("ab", Some(b'f')), ("=\"ab\"".into(), 2..4));
        assert_eq!(attribute_value("a", Some(b'"')), ("a".into(), 0..1));
        assert_eq!(attr("a\"b'c&amp;d&e", Some(b'"')), "a&quot;b'c&amp;amp;d&e");
        assert_eq!(attr("a\"b'c", Some(b'\'')), "a\"b&#39;c");
        assert_eq!(attr("a b=c", Some(b'=')), "a&#32;b&#61;c");
        assert_eq!(attr("", Some(b'=')), "\"\"");
        assert_eq!(attr("a\"b c", Some(b'f')), "=\"a&quot;b c\"");
        assert_eq!(attr("", Some(b'f')), "=\"\"");
        assert_eq!(attr("a b", Some(b' ')), "a&#32;b");
        assert_eq!(attr("x\ny", Some(b'"')), "x&#10;y");
    }

    #[test]
    fn autolinks() {
        assert_eq!(
            autolink("https://a.b/c d").as_deref(),
            Some("https://a.b/c%20d")
        );
        assert_eq!(autolink("mailto:me@x.org").as_deref(), Some("me@x.org"));
        assert_eq!(
            autolink("mailto:not an address").as_deref(),
            Some("mailto:not%20an%20address")
        );
        assert_eq!(autolink("/relative.html"), None);
        assert_eq!(autolink("x:y"), None);
    }
}
