//! Errors: what went wrong, where, and the text that was found there.

use std::fmt;

use crate::span::{Location, Span};

/// What kind of problem an [`Error`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input bytes are not UTF-8.
    InvalidUtf8,
    /// A header value does not have the form its key needs.
    InvalidValue {
        /// The key as written.
        key: String,
        /// What the value should look like, e.g. "`True` or `False`".
        expected: &'static str,
    },
    /// A single-valued key occurs again; the first value is kept.
    DuplicateKey {
        /// The key as written at this occurrence.
        key: String,
        /// Where the occurrence whose value is kept stands.
        first: Location,
    },
    /// A key that cannot be written in a header (keys are ASCII letters,
    /// digits, `_` and `-`).
    InvalidKey,
    /// A value that cannot be written so that it reads back the same (it
    /// starts or ends with white space, or holds a blank line).
    UnwritableValue {
        /// The key the value was meant for.
        key: String,
    },
    /// A value of a typed page meta-data field that can be written, but
    /// would read back as something else (a list item holding the list's
    /// separator, a category spelled like a known one, an extra key in
    /// capitals ...).
    Unrepresentable {
        /// The key the value was meant for.
        key: String,
        /// Why it would not read back the same, e.g. "a list item holds `;`".
        reason: &'static str,
    },
    /// An edit named a key the header does not have.
    KeyNotFound,
}

/// An error with its kind, byte span, line and column, and the offending
/// text.
///
/// The message reads like `invalid value for \`toc\`: expected \`True\` or
/// \`False\`, found 'maybe' at line 3, column 6`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    span: Span,
    location: Location,
    found: String,
}

impl Error {
    /// An error of `kind` at `span` of `text` (the text the span points
    /// into), quoting `found`.
    pub(crate) fn new(kind: ErrorKind, text: &str, span: Span, found: impl Into<String>) -> Self {
        Error {
            kind,
            span,
            location: crate::span::locate(text, span.start),
            found: found.into(),
        }
    }

    /// An error whose location is already known.
    pub(crate) fn at(
        kind: ErrorKind,
        span: Span,
        location: Location,
        found: impl Into<String>,
    ) -> Self {
        Error {
            kind,
            span,
            location,
            found: found.into(),
        }
    }

    /// The kind of problem.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The bytes of the input the error is about.
    #[must_use]
    pub fn span(&self) -> Span {
        self.span
    }

    /// Line and column where the span starts.
    #[must_use]
    pub fn location(&self) -> Location {
        self.location
    }

    /// Line where the span starts (1-based).
    #[must_use]
    pub fn line(&self) -> usize {
        self.location.line
    }

    /// Column where the span starts (1-based, in characters).
    #[must_use]
    pub fn column(&self) -> usize {
        self.location.column
    }

    /// The text found at the span, as quoted in the message (invalid bytes
    /// are written as `\xNN`).
    #[must_use]
    pub fn found(&self) -> &str {
        &self.found
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = Quoted(&self.found);
        let at = self.location;
        match &self.kind {
            ErrorKind::InvalidUtf8 => write!(
                f,
                "invalid UTF-8: found byte {found} at {at} (byte offset {})",
                self.span.start
            ),
            ErrorKind::InvalidValue { key, expected } => write!(
                f,
                "invalid value for `{key}`: expected {expected}, found {found} at {at}"
            ),
            ErrorKind::DuplicateKey { key, first } => write!(
                f,
                "duplicate key `{key}`: found {found} at {at}; the first value, at line {}, is kept",
                first.line
            ),
            ErrorKind::InvalidKey => write!(
                f,
                "invalid key: expected ASCII letters, digits, `_` or `-`, found {found} at {at}"
            ),
            ErrorKind::UnwritableValue { key } => write!(
                f,
                "value for `{key}` cannot be written: it starts or ends with white space or holds a blank line, found {found} at {at}"
            ),
            ErrorKind::Unrepresentable { key, reason } => write!(
                f,
                "value for `{key}` would not read back the same: {reason}, found {found} at {at}"
            ),
            ErrorKind::KeyNotFound => write!(f, "no key {found} in the header at {at}"),
        }
    }
}

impl std::error::Error for Error {}

/// Writes text in single quotes, escaping control characters so that a
/// message stays on one line (validation messages quote the same way).
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("'")?;
        // Fast path: nothing to escape.
        if !self
            .0
            .bytes()
            .any(|b| b == b'\'' || b.is_ascii_control() || b >= 0x80)
        {
            f.write_str(self.0)?;
            return f.write_str("'");
        }
        for c in self.0.chars() {
            match c {
                '\'' => f.write_str("\\'")?,
                c if c.is_control() || c == '\u{feff}' => write!(f, "{}", c.escape_default())?,
                c => write!(f, "{c}")?,
            }
        }
        f.write_str("'")
    }
}

/// Every error found in one pass (typed conversion reports all bad values,
/// not only the first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    /// The errors, in source order.
    pub fn iter(&self) -> std::slice::Iter<'_, Error> {
        self.0.iter()
    }

    /// How many errors there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Errors {
    type Item = &'a Error;
    type IntoIter = std::slice::Iter<'a, Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for Errors {
    type Item = Error;
    type IntoIter = std::vec::IntoIter<Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// Converts invalid UTF-8 into an [`Error`] pointing at the first bad byte.
pub(crate) fn utf8_error(bytes: &[u8], e: std::str::Utf8Error) -> Error {
    let at = e.valid_up_to();
    let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let len = e.error_len().unwrap_or(bytes.len() - at).max(1);
    let end = (at + len).min(bytes.len());
    let found: String = bytes[at..end]
        .iter()
        .map(|b| format!("\\x{b:02x}"))
        .collect();
    Error::new(ErrorKind::InvalidUtf8, valid, Span::new(at, end), found)
}
