//! Changing link destinations in place: only the destination bytes change.

use std::fmt::Write as _;

use super::html::char_ref;
use super::links::md_entity;
use super::{BodyOptions, Link, LinkKind};
use crate::page::Page;
use crate::span::Span;

/// What [`Page::rewrite_links`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rewritten {
    /// How many destinations were changed.
    pub changed: usize,
    /// The spans (in the text before the rewrite) of links that were given
    /// a new destination that could not be written: a destination whose
    /// bytes could not be located, or an autolink given one that is not an
    /// absolute URL or email address.
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
    /// - Markdown destinations are written so that they read back as given:
    ///   `\` and `&` that would start an escape or entity are escaped,
    ///   control characters percent-encoded, unbalanced parentheses escaped,
    ///   `|` escaped in table cells; a destination with a space is written
    ///   `<like this>` (a bracketed one stays bracketed, with `<` and `>`
    ///   escaped). Spaces are not percent-encoded.
    /// - Autolinks keep their `<...>`; spaces, `<`, `>` and control
    ///   characters are percent-encoded, and a destination that is not an
    ///   absolute URL (or, for an email autolink, `mailto:` and an address)
    ///   is unwritable.
    /// - HTML attribute values keep their quoting; the quote character,
    ///   `&` where it would start a character reference, line breaks and
    ///   control characters (and, unquoted, white space and ``"'=<>` ``) are
    ///   written as character references.
    pub fn rewrite_links(
        &mut self,
        options: &BodyOptions,
        mut f: impl FnMut(&Link<'_>) -> Option<String>,
    ) -> Rewritten {
        let mut edits: Vec<(Span, String)> = Vec::new();
        let mut unwritable = Vec::new();
        {
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
                match encode(link, &new, text, span) {
                    Some(written) => edits.push((span, written)),
                    None => unwritable.push(link.span),
                }
            }
        }
        edits.sort_by_key(|(s, _)| s.start);
        edits.dedup_by_key(|(s, _)| s.start);
        let spans: Vec<Span> = edits.iter().map(|(s, _)| *s).collect();
        let mut written: Vec<String> = edits.into_iter().map(|(_, w)| w).collect();
        self.replace_all(&spans, |i| std::mem::take(&mut written[i]));
        Rewritten {
            changed: spans.len(),
            unwritable,
        }
    }
}

/// The bytes to put at `span` (the link's destination) so that it reads
/// back as `new`.
fn encode(link: &Link<'_>, new: &str, text: &str, span: Span) -> Option<String> {
    let before = span
        .start
        .checked_sub(1)
        .and_then(|i| text.as_bytes().get(i))
        .copied();
    match link.kind {
        LinkKind::Html | LinkKind::HtmlImg => Some(attribute_value(new, before)),
        LinkKind::Autolink | LinkKind::Email => autolink(new),
        _ => Some(markdown_dest(new, before == Some(b'<'), link.in_table)),
    }
}

/// A Markdown link destination; `bracketed` when the old one was written
/// `<...>` (the span then excludes the brackets).
pub(crate) fn markdown_dest(new: &str, bracketed: bool, in_table: bool) -> String {
    let mut body = String::with_capacity(new.len() + 8);
    let balanced = parens_balanced(new);
    let needs_brackets = new.is_empty() || new.contains(' ');
    let angle = bracketed || needs_brackets;
    for (i, c) in new.char_indices() {
        let rest = &new[i + c.len_utf8()..];
        match c {
            '\\' if rest.is_empty() || rest.as_bytes()[0].is_ascii_punctuation() => {
                body.push_str("\\\\");
            }
            '&' if md_entity(&new[i..]).is_some() => body.push_str("\\&"),
            '<' | '>' if angle => {
                body.push('\\');
                body.push(c);
            }
            '<' if i == 0 => body.push_str("\\<"),
            '(' | ')' if !angle && !balanced => {
                body.push('\\');
                body.push(c);
            }
            '|' if in_table => body.push_str("\\|"),
            c if c.is_ascii_control() => percent(&mut body, c),
            c => body.push(c),
        }
    }
    if angle && !bracketed {
        format!("<{body}>")
    } else {
        body
    }
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
/// opening quote, if quoted).
fn attribute_value(new: &str, before: Option<u8>) -> String {
    let quote = match before {
        Some(q @ (b'"' | b'\'')) => Some(q),
        _ => None,
    };
    let mut out = String::with_capacity(new.len() + 8);
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
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::links::md_unescape;

    #[test]
    fn markdown_destinations_read_back() {
        for (new, bracketed, table, want) in [
            ("/a.html", false, false, "/a.html"),
            ("/a b.html", false, false, "</a b.html>"),
            ("/a b.html", true, false, "/a b.html"),
            ("", false, false, "<>"),
            ("x(y)z", false, false, "x(y)z"),
            ("x)y(", false, false, "x\\)y\\("),
            ("a\\b\\(c\\", false, false, "a\\b\\\\\\(c\\\\"),
            ("a&amp;b&c", false, false, "a\\&amp;b&c"),
            ("<x>", false, false, "\\<x>"),
            ("<x y>", false, false, "<\\<x y\\>>"),
            ("a|b", false, true, "a\\|b"),
            ("a\nb", false, false, "a%0Ab"),
        ] {
            let got = markdown_dest(new, bracketed, table);
            assert_eq!(got, want, "{new:?}");
            let inner = if !bracketed && got.starts_with('<') && got.ends_with('>') && got.len() > 1
            {
                &got[1..got.len() - 1]
            } else {
                &got
            };
            if !new.contains('\n') {
                assert_eq!(md_unescape(inner, table), new, "{new:?} read back");
            }
        }
    }

    #[test]
    fn attribute_values() {
        assert_eq!(
            attribute_value("a\"b'c&amp;d&e", Some(b'"')),
            "a&quot;b'c&amp;amp;d&e"
        );
        assert_eq!(attribute_value("a\"b'c", Some(b'\'')), "a\"b&#39;c");
        assert_eq!(attribute_value("a b=c", Some(b'=')), "a&#32;b&#61;c");
        assert_eq!(attribute_value("", Some(b'=')), "\"\"");
        assert_eq!(attribute_value("x\ny", Some(b'"')), "x&#10;y");
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
