//! Rendering diagnostics the way rustc shows its own (feature `render`,
//! built on `annotate-snippets`).
//!
//! ```
//! use pagefmt::validate::render::Renderer;
//! use pagefmt::{validate, Page, ValidateOptions};
//!
//! let text = "title: Queues\nslug: queues\nSlgu: queue\n\nBody.\n";
//! let found = validate(&Page::parse(text), &ValidateOptions::default());
//! let shown = Renderer::plain().render(&found[0], "queues.md", text);
//! assert_eq!(
//!     shown,
//!     "\
//! warning[misspelled-key]: unknown key `Slgu`
//!  --> queues.md:3:1
//!   |
//! 3 | Slgu: queue
//!   | ^^^^
//!   |
//!   = help: did you mean `slug`?"
//! );
//! ```

use std::borrow::Cow;

use annotate_snippets::{AnnotationKind, Level, Snippet};

use super::{Diagnostic, Severity, SiteDiagnostic};

/// Renders diagnostics as text: the severity, code and message, the
/// `--> path:line:column` line, the source lines with the span underlined,
/// and the help.
#[derive(Clone, Debug)]
pub struct Renderer {
    inner: annotate_snippets::Renderer,
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::plain()
    }
}

impl Renderer {
    /// Plain text, no colours.
    #[must_use]
    pub fn plain() -> Self {
        Renderer {
            inner: annotate_snippets::Renderer::plain(),
        }
    }

    /// With ANSI colours, for a terminal.
    #[must_use]
    pub fn styled() -> Self {
        Renderer {
            inner: annotate_snippets::Renderer::styled(),
        }
    }

    /// Renders `diagnostic`, found in `text` (the page's whole text), for
    /// the page at `path`. The result has no final line break.
    #[must_use]
    pub fn render(&self, diagnostic: &Diagnostic, path: &str, text: &str) -> String {
        self.render_with(diagnostic, path, text, None)
    }

    /// Renders a finding of a site check, found in `text` (its page's
    /// whole text): as [`Renderer::render`], and for a finding about a
    /// group of pages larger than its message names, a note saying where
    /// the others are (`= note: also at b.md:2:7, c.md:2:7 and 8 more`).
    #[must_use]
    pub fn render_site(&self, found: &SiteDiagnostic, text: &str) -> String {
        let note = (found.related_count > super::cross::NAMED).then(|| {
            let at: Vec<String> = found
                .related
                .iter()
                .map(|r| format!("{}:{}:{}", r.path, r.location.line, r.location.column))
                .collect();
            let mut note = format!("also at {}", at.join(", "));
            let more = found.related_count.saturating_sub(at.len());
            if more > 0 {
                note.push_str(&format!(" and {more} more"));
            }
            note
        });
        self.render_with(&found.diagnostic, &found.path, text, note.as_deref())
    }

    fn render_with(
        &self,
        diagnostic: &Diagnostic,
        path: &str,
        text: &str,
        note: Option<&str>,
    ) -> String {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let (source, span) = excerpt(text, diagnostic.span.start, diagnostic.span.end);
        let snippet = Snippet::source(source)
            .line_start(diagnostic.location.line)
            .path(path)
            .annotation(AnnotationKind::Primary.span(span));
        let mut group = level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.code)
            .element(snippet);
        if let Some(help) = &diagnostic.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        if let Some(note) = note {
            group = group.element(Level::NOTE.message(note));
        }
        self.inner.render(&[group])
    }
}

/// The lines of `text` that `start..end` touches (a BOM left out, a lone
/// `\r` made `\n`), and the span within them.
fn excerpt(text: &str, start: usize, end: usize) -> (Cow<'_, str>, std::ops::Range<usize>) {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(start);
    let end = floor(end).max(start);
    let bytes = text.as_bytes();
    let mut from = bytes[..start]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    if from == 0 && text.starts_with('\u{feff}') {
        from = 3.min(start);
    }
    // A span that ends at a line's start (or is empty there) shows that line;
    // one that ends right after a line ending does not show the next line.
    let mut last = end;
    if end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
        last = end - 1;
        if last > start && bytes.get(last - 1) == Some(&b'\r') && bytes[last] == b'\n' {
            last -= 1;
        }
    }
    let to = bytes[last..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |i| last + i);
    let source = &text[from..to.max(from)];
    let source = if source.contains('\r') {
        let mut s = String::with_capacity(source.len());
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => s.push('\r'),
                '\r' => s.push('\n'),
                c => s.push(c),
            }
        }
        Cow::Owned(s)
    } else {
        Cow::Borrowed(source)
    };
    let len = source.len();
    (source, (start - from).min(len)..(end - from).min(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_takes_whole_lines() {
        let text = "a: 1\nbb: 22\ncc\n";
        assert_eq!(excerpt(text, 9, 11), (Cow::Borrowed("bb: 22"), 4..6));
        assert_eq!(excerpt(text, 0, 0), (Cow::Borrowed("a: 1"), 0..0));
        assert_eq!(excerpt(text, 5, 14), (Cow::Borrowed("bb: 22\ncc"), 0..9));
        assert_eq!(excerpt(text, 15, 15), (Cow::Borrowed(""), 0..0));
    }

    #[test]
    fn excerpt_skips_the_bom_and_mends_lone_cr() {
        let text = "\u{feff}a: 1\rb: 2\r\nc";
        assert_eq!(excerpt(text, 3, 4), (Cow::Borrowed("a: 1"), 0..1));
        let (s, r) = excerpt(text, 3, 15);
        assert_eq!((s.as_ref(), r), ("a: 1\nb: 2\r\nc", 0..12));
        let (s, r) = excerpt(text, 3, 14);
        assert_eq!((s.as_ref(), r), ("a: 1\nb: 2", 0..9));
    }

    #[test]
    fn excerpt_never_splits_a_character() {
        let text = "é: x";
        assert_eq!(excerpt(text, 1, 99), (Cow::Borrowed("é: x"), 0..5));
    }
}
