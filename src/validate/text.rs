//! Rules about the characters of a page rather than its fields: control
//! characters in header values and link destinations, and mixed line
//! endings.

use crate::body::Link;
use crate::page::Page;
use crate::span::Span;

use super::{quote, Report, Rule};

/// `control-character` in header values, and `mixed-line-endings`.
pub(crate) fn check(page: &Page<'_>, out: &mut Report<'_>) {
    if out.on(Rule::ControlCharacter) {
        for field in page.header().fields() {
            for value in field.values() {
                if let Some((at, c)) = first_control(value.text) {
                    let start = value.span.start + at;
                    out.emit(
                        Rule::ControlCharacter,
                        Span::new(start, start + c.len_utf8()),
                        format!(
                            "control character {} in the value of `{}`: {}",
                            name(c),
                            field.key(),
                            quote(value.text)
                        ),
                        Some("remove it: it is invisible, and XML (feeds) refuses it".to_owned()),
                    );
                }
            }
        }
    }
    if out.on(Rule::MixedLineEndings) {
        if let Some((span, count)) = page.mixed_newlines() {
            let first = ending(page.newline());
            let found = ending(&page.text()[span.range()]);
            let lines = if count == 1 {
                "line ending"
            } else {
                "line endings"
            };
            out.emit(
                Rule::MixedLineEndings,
                span,
                format!("mixed line endings: this line ends with {found}, the first with {first} ({count} {lines} differ)"),
                Some(format!("end every line with {first} (`Page::unify_newlines` does it)")),
            );
        }
    }
}

/// `control-character` in a link's destination (as read, after entity and
/// escape decoding), reported at `span`.
pub(crate) fn link(link: &Link<'_>, span: Span, out: &mut Report<'_>) {
    if !out.on(Rule::ControlCharacter) {
        return;
    }
    if let Some((_, c)) = first_control(&link.dest) {
        out.emit_near(
            Rule::ControlCharacter,
            span,
            (link.span.start, link.location),
            format!(
                "control character {} in the link destination {}",
                name(c),
                quote(&link.dest)
            ),
            Some("remove it: browsers drop some and keep others, so the link leads somewhere unexpected".to_owned()),
        );
    }
}

/// The first control character of `text` and its byte offset: C0 other
/// than tab, and U+2028/U+2029.
pub(crate) fn first_control(text: &str) -> Option<(usize, char)> {
    text.char_indices()
        .find(|&(_, c)| (c < ' ' && c != '\t') || c == '\u{2028}' || c == '\u{2029}')
}

/// `U+0000 NUL`, `U+2028 LINE SEPARATOR` ...
pub(crate) fn name(c: char) -> String {
    const C0: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
        "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
        "ESC", "FS", "GS", "RS", "US",
    ];
    let what = match c {
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{7f}' => "DEL",
        c => C0.get(c as usize).copied().unwrap_or(""),
    };
    let code = u32::from(c);
    if what.is_empty() {
        format!("U+{code:04X}")
    } else {
        format!("U+{code:04X} {what}")
    }
}

/// `` `\r\n` (CRLF) `` ...
fn ending(nl: &str) -> &'static str {
    match nl {
        "\r\n" => "`\\r\\n` (CRLF)",
        "\r" => "`\\r` (CR)",
        _ => "`\\n` (LF)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(name('\0'), "U+0000 NUL");
        assert_eq!(name('\u{1f}'), "U+001F US");
        assert_eq!(name('\u{2029}'), "U+2029 PARAGRAPH SEPARATOR");
        assert_eq!(first_control("a\tb\u{1}c"), Some((3, '\u{1}')));
        assert_eq!(first_control("a\tb é"), None);
    }
}
