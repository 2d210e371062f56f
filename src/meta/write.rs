//! Writing a [`PageMeta`] as its canonical header.

use std::collections::HashSet;

use super::read::{text_field, Part, Slot, ONE_LINE_EXPECTED, SORT_ORDER_EXPECTED};
use super::{valid_digits, Category, Date, PageMeta, DATE_EXPECTED};
use crate::error::{Error, ErrorKind, Errors};
use crate::header::grammar::is_close_fence;
use crate::header::{is_valid_key, py_trim};
use crate::page::writable;
use crate::span::{LineIndex, Span};

/// A value that does not read back the same, located in the written text.
#[derive(Debug)]
pub(crate) struct Problem {
    kind: ErrorKind,
    span: Span,
    found: String,
}

/// Turns problems into errors located in `text`, the written header.
pub(crate) fn errors(text: &str, problems: Vec<Problem>) -> Errors {
    let index = LineIndex::new(text);
    Errors(
        problems
            .into_iter()
            .map(|p| Error::at(p.kind, p.span, index.location(text, p.span.start), p.found))
            .collect(),
    )
}

/// Writes the canonical header of `meta` (best effort), with every value
/// that would not read back the same.
pub(crate) fn render(meta: &PageMeta) -> (String, Vec<Problem>) {
    let mut w = Writer {
        out: String::new(),
        problems: Vec::new(),
    };
    for slot in Slot::PLAIN {
        w.slot(meta, slot);
    }
    for i in 0..meta.choices.len() {
        for part in Part::ALL {
            w.slot(meta, Slot::Choice(i, part));
        }
    }
    for (key, value) in &meta.extra {
        w.extra(key, value);
    }
    (w.out, w.problems)
}

/// How a list is joined: `, `, or `; ` when an item holds `,`.
fn list_separator(items: &[String]) -> &'static str {
    if items.len() > 1 && items.iter().any(|i| i.contains(',')) {
        "; "
    } else {
        ", "
    }
}

/// The key and value text of `slot` as the canonical header writes them
/// (before continuation lines are indented), or `None` when the field is
/// absent or an empty list.
pub(crate) fn entry(
    meta: &PageMeta,
    slot: Slot,
) -> Option<(std::borrow::Cow<'static, str>, String)> {
    let value = match slot {
        Slot::Category => meta.category.as_ref()?.as_str().to_owned(),
        Slot::SortOrder => {
            let order = meta.sort_order.as_ref()?;
            return Some((order.key.as_str().into(), order.digits.clone()));
        }
        Slot::Date => meta.date.as_ref()?.as_str().to_owned(),
        Slot::Modified => meta.modified.as_ref()?.as_str().to_owned(),
        Slot::Toc | Slot::Newsletter => {
            let b = if slot == Slot::Toc {
                meta.toc
            } else {
                meta.newsletter
            };
            if b? { "True" } else { "False" }.to_owned()
        }
        Slot::Tags | Slot::Authors => {
            let items = if slot == Slot::Tags {
                &meta.tags
            } else {
                &meta.authors
            };
            if items.is_empty() {
                return None;
            }
            items.join(list_separator(items))
        }
        _ => text_field(meta, slot)?.clone()?,
    };
    Some((slot.key(), value))
}

struct Writer {
    out: String,
    problems: Vec<Problem>,
}

impl Writer {
    fn problem(&mut self, kind: ErrorKind, span: Span, found: &str) {
        self.problems.push(Problem {
            kind,
            span,
            found: found.to_owned(),
        });
    }

    fn slot(&mut self, meta: &PageMeta, slot: Slot) {
        let key = slot.key();
        match slot {
            Slot::Category => {
                let Some(category) = &meta.category else {
                    return;
                };
                let value = category.as_str();
                let span = self.line(&key, value);
                if !self.check(&key, value, span, true)
                    && matches!(category, Category::Other(_))
                    && !matches!(Category::parse(value), Category::Other(_))
                {
                    let kind = ErrorKind::Unrepresentable {
                        key: key.into_owned(),
                        reason: "it reads back as the known category of that name",
                    };
                    self.problem(kind, span, value);
                }
            }
            Slot::SortOrder => {
                let Some(order) = &meta.sort_order else {
                    return;
                };
                let key = order.key.as_str();
                let span = self.line(key, &order.digits);
                if !self.check(key, &order.digits, span, true) && !valid_digits(&order.digits) {
                    let kind = ErrorKind::InvalidValue {
                        key: key.to_owned(),
                        expected: SORT_ORDER_EXPECTED,
                    };
                    self.problem(kind, span, &order.digits);
                }
            }
            Slot::Date | Slot::Modified => {
                let date = if slot == Slot::Date {
                    &meta.date
                } else {
                    &meta.modified
                };
                if let Some(date) = date {
                    let span = self.line(&key, date.as_str());
                    // A date built from parts may be one a header cannot
                    // hold (an offset, a fraction of a second).
                    if !self.check(&key, date.as_str(), span, true)
                        && Date::parse(date.as_str()).as_ref() != Some(date)
                    {
                        let kind = ErrorKind::InvalidValue {
                            key: key.into_owned(),
                            expected: DATE_EXPECTED,
                        };
                        self.problem(kind, span, date.as_str());
                    }
                }
            }
            Slot::Toc | Slot::Newsletter => {
                let b = if slot == Slot::Toc {
                    meta.toc
                } else {
                    meta.newsletter
                };
                if let Some(b) = b {
                    self.line(&key, if b { "True" } else { "False" });
                }
            }
            Slot::Tags => self.list(&key, &meta.tags),
            Slot::Authors => self.list(&key, &meta.authors),
            _ => {
                if let Some(Some(value)) = text_field(meta, slot) {
                    let span = self.line(&key, value);
                    self.check(&key, value, span, slot.one_line());
                }
            }
        }
    }

    /// Writes `key: value` and its continuation lines, best effort: each
    /// line trimmed, `\r` read as a line break, empty lines after the first
    /// left out. Returns the span of the value as written.
    fn line(&mut self, key: &str, value: &str) -> Span {
        self.out.push_str(key);
        self.out.push(':');
        let mut lines = value.split(['\n', '\r']).map(py_trim);
        let first = lines.next().unwrap_or_default();
        if !first.is_empty() {
            self.out.push(' ');
        }
        let start = self.out.len();
        self.out.push_str(first);
        for line in lines.filter(|l| !l.is_empty()) {
            self.out.push_str("\n    ");
            self.out.push_str(line);
        }
        let end = self.out.len();
        self.out.push('\n');
        Span::new(start, end)
    }

    /// Records the problem of a text value written at `span`, if it has
    /// one; returns whether it had.
    fn check(&mut self, key: &str, value: &str, span: Span, one_line: bool) -> bool {
        let kind = if !writable(value) {
            ErrorKind::UnwritableValue {
                key: key.to_owned(),
            }
        } else if one_line && value.contains('\n') {
            ErrorKind::InvalidValue {
                key: key.to_owned(),
                expected: ONE_LINE_EXPECTED,
            }
        } else {
            return false;
        };
        self.problem(kind, span, value);
        true
    }

    /// Writes a list on one line, joined with `, `, or `; ` when an item
    /// holds `,` (line breaks inside items written as spaces).
    fn list(&mut self, key: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        let sep = list_separator(items);
        self.out.push_str(key);
        self.out.push_str(": ");
        let mut seen = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(sep);
            }
            let start = self.out.len();
            self.out.push_str(&item.replace(['\n', '\r'], " "));
            let span = Span::new(start, self.out.len());
            let reason = if item.is_empty() {
                "a list item is empty"
            } else if py_trim(item) != item {
                "a list item starts or ends with white space"
            } else if item.contains(['\n', '\r']) {
                "a list item holds a line break"
            } else if item.contains(';') {
                "a list item holds `;`"
            } else if items.len() == 1 && item.contains(',') {
                "a lone list item holds `,`"
            } else if !seen.insert(item.as_str()) {
                "a list item repeats an earlier one"
            } else {
                continue;
            };
            let kind = ErrorKind::Unrepresentable {
                key: key.to_owned(),
                reason,
            };
            self.problem(kind, span, item);
        }
        self.out.push('\n');
    }

    /// Writes an extra field, unless its key cannot be written.
    fn extra(&mut self, key: &str, value: &str) {
        let here = Span::empty(self.out.len());
        if !is_valid_key(key) {
            self.problem(ErrorKind::InvalidKey, here, key);
            return;
        }
        let lower = key.to_ascii_lowercase();
        let clash = if Slot::from_name(&lower).is_some() {
            Some("the key belongs to a typed field")
        } else if is_close_fence(key) {
            // A line starting with `---` (or `...`, which no key holds) ends
            // the header, and opens one when first.
            Some("a key line starting with `---` reads as a fence")
        } else {
            None
        };
        if let Some(reason) = clash {
            let kind = ErrorKind::Unrepresentable {
                key: key.to_owned(),
                reason,
            };
            self.problem(kind, here, key);
            return;
        }
        let key_span = Span::new(here.start, here.start + key.len());
        let span = self.line(&lower, value);
        if lower != key {
            let kind = ErrorKind::Unrepresentable {
                key: key.to_owned(),
                reason: "keys are read in lowercase",
            };
            self.problem(kind, key_span, key);
        }
        self.check(&lower, value, span, false);
    }
}
