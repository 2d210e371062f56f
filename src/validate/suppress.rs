//! Suppressions written in a page, for the one page where a rule is wrong:
//! `<!-- pagefmt: allow CODE[, CODE] -->` for the whole page and
//! `<!-- pagefmt: allow-next-line CODE[, CODE] -->` for the line after the
//! comment. An HTML comment, because a browser never shows it (a header
//! key would become page metadata).
//!
//! The comments are found in the body's text as written, wherever they
//! stand (a comment shown inside a code block counts too).

use crate::span::{LineIndex, Location, Span};

use super::{Diagnostic, Level, Rule};

/// One code named by a suppression.
#[derive(Clone, Debug)]
struct Named {
    code: String,
    span: Span,
    location: Location,
    rule: Option<Rule>,
    used: bool,
}

/// One suppression comment.
#[derive(Clone, Debug)]
struct Suppression {
    /// The line it applies to; `None` for the whole page.
    line: Option<usize>,
    codes: Vec<Named>,
}

/// A page's suppression comments, read from its text once and kept without
/// it (a site check applies them after the rules across pages ran).
#[derive(Clone, Debug, Default)]
pub(crate) struct Suppressions {
    list: Vec<Suppression>,
    /// The directives that are not `allow` or `allow-next-line`: span,
    /// location, word.
    unknown: Vec<(Span, Location, String)>,
}

impl Suppressions {
    /// The suppression comments of a page's body (`text[body..]`), if it
    /// has any.
    pub(crate) fn read(text: &str, body: usize) -> Option<Suppressions> {
        let b = text.get(body..)?;
        memchr::memmem::find(b.as_bytes(), b"pagefmt:")?;
        let found = find(text, body, &LineIndex::new(text));
        (!found.list.is_empty() || !found.unknown.is_empty()).then_some(found)
    }
}

/// The suppression comments of a page's body (`text[body..]`), with the
/// directives that are not `allow` or `allow-next-line`.
fn find(text: &str, body: usize, index: &LineIndex) -> Suppressions {
    let mut found = Suppressions::default();
    let Some(b) = text.get(body..) else {
        return found;
    };
    for (at, _) in b.match_indices("<!--") {
        let start = body + at + 4;
        let rest = &text[start..];
        let Some(close) = rest.find("-->") else {
            continue;
        };
        let inner = &rest[..close];
        let lead = inner.len() - inner.trim_start().len();
        let Some(after) = inner[lead..].strip_prefix("pagefmt:") else {
            continue;
        };
        let after_at = start + lead + "pagefmt:".len();
        let words = after.trim_start();
        let word_at = after_at + (after.len() - words.len());
        let word_len = words
            .find(|c: char| c.is_whitespace())
            .unwrap_or(words.len());
        let word = &words[..word_len];
        let line = match word {
            "allow" => None,
            "allow-next-line" => {
                let end = start + close + 3;
                Some(index.location(text, end).line + 1)
            }
            _ => {
                let span = Span::new(word_at, word_at + word_len);
                let location = index.location(text, span.start);
                found.unknown.push((span, location, word.to_owned()));
                continue;
            }
        };
        let list_at = word_at + word_len;
        let list = &text[list_at..start + close];
        let mut codes = Vec::new();
        let mut offset = 0;
        for part in list.split(',') {
            let code = part.trim();
            if !code.is_empty() {
                let lead = part.len() - part.trim_start().len();
                let s = list_at + offset + lead;
                codes.push(Named {
                    code: code.to_owned(),
                    span: Span::new(s, s + code.len()),
                    location: index.location(text, s),
                    rule: Rule::from_code(code),
                    used: false,
                });
            }
            offset += part.len() + 1;
        }
        found.list.push(Suppression { line, codes });
    }
    found
}

/// Removes from `found` (one page's findings) those its suppression
/// comments suppress, and adds an `unfulfilled-suppression` finding for
/// each code that suppressed nothing although its rule ran, names no rule,
/// or stands in an unknown directive. `level` gives each rule's level on
/// this page. The findings stay in source order.
pub(crate) fn apply(
    suppressions: Suppressions,
    found: &mut Vec<Diagnostic>,
    level: &dyn Fn(Rule) -> Level,
) {
    let Suppressions {
        list: mut suppressions,
        unknown,
    } = suppressions;
    found.retain(|d| {
        let mut keep = true;
        for s in &mut suppressions {
            if s.line.is_some_and(|l| l != d.location.line) {
                continue;
            }
            for n in &mut s.codes {
                if n.code == d.code {
                    n.used = true;
                    keep = false;
                }
            }
        }
        keep
    });
    let mut add = |span: Span, location: Location, message: String, help: &str| {
        let rule = Rule::UnfulfilledSuppression;
        if let Some(severity) = level(rule).severity() {
            found.push(Diagnostic {
                code: rule.code(),
                severity,
                message,
                span,
                location,
                help: Some(help.to_owned()),
            });
        }
    };
    for (span, location, word) in unknown {
        add(
            span,
            location,
            format!("unknown suppression `{word}`"),
            "write `pagefmt: allow CODE` or `pagefmt: allow-next-line CODE`",
        );
    }
    for s in &suppressions {
        for n in &s.codes {
            match n.rule {
                None => add(
                    n.span,
                    n.location,
                    format!("suppression of `{}`: no rule has this code", n.code),
                    "write the code of a rule, as findings show it between brackets",
                ),
                Some(rule) if !n.used && level(rule) != Level::Allow => add(
                    n.span,
                    n.location,
                    match s.line {
                        Some(line) => format!(
                            "suppression of `{}` suppresses nothing: line {line} has no such finding",
                            n.code
                        ),
                        None => format!(
                            "suppression of `{}` suppresses nothing: the page has no such finding",
                            n.code
                        ),
                    },
                    "remove it",
                ),
                Some(_) => {}
            }
        }
    }
    found.sort_by_key(|d| d.span.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_read_with_their_codes() {
        let text = "t: x\n\n<!-- pagefmt: allow a-b, c -->\n<!--pagefmt:allow-next-line d-->\nx <!-- other -->\n<!-- pagefmt: deny e -->\n";
        let index = LineIndex::new(text);
        let Suppressions {
            list: found,
            unknown,
        } = find(text, 6, &index);
        let codes: Vec<Vec<&str>> = found
            .iter()
            .map(|s| s.codes.iter().map(|n| n.code.as_str()).collect())
            .collect();
        assert_eq!(codes, [vec!["a-b", "c"], vec!["d"]]);
        assert_eq!(found[0].line, None);
        assert_eq!(found[1].line, Some(5));
        let n = &found[0].codes[1];
        assert_eq!(&text[n.span.range()], "c");
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].2, "deny");
        assert_eq!(&text[unknown[0].0.range()], "deny");
    }
}
