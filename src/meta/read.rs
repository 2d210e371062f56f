//! Reading a page's header into a [`PageMeta`].

use std::collections::HashSet;

use super::{Category, Choice, Date, PageMeta, SortOrder, SortOrderKey, DATE_EXPECTED};
use crate::error::{Error, ErrorKind};
use crate::header::py_trim;
use crate::page::Page;
use crate::span::{LineIndex, Location, Span};

/// What a boolean value must look like.
pub(crate) const BOOL_EXPECTED: &str = "`True` or `False`";
/// What a sort order value must look like.
pub(crate) const SORT_ORDER_EXPECTED: &str = "1 to 19 ASCII digits";
/// What the value of a one-line field must look like.
pub(crate) const ONE_LINE_EXPECTED: &str = "a single line";

/// A part of a `choiceN` group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Url,
    Icon,
    Text,
}

impl Part {
    pub(crate) const ALL: [Part; 3] = [Part::Url, Part::Icon, Part::Text];

    fn name(self) -> &'static str {
        match self {
            Part::Url => "url",
            Part::Icon => "icon",
            Part::Text => "text",
        }
    }
}

/// A typed field of [`PageMeta`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    Title,
    Slug,
    Category,
    SortOrder,
    Date,
    Modified,
    Meta,
    Toc,
    Newsletter,
    SidebarTitle,
    HeaderImage,
    HeaderAlt,
    Author,
    AuthorLink,
    Authors,
    Tags,
    Summary,
    Status,
    Lang,
    Template,
    SaveAs,
    Url,
    /// Choice group 0..4 and its part.
    Choice(usize, Part),
}

/// How many distinct slots there are.
const SLOTS: usize = 22 + 4 * 3;

impl Slot {
    /// Every field except the choices, in canonical order.
    pub(crate) const PLAIN: [Slot; 22] = [
        Slot::Title,
        Slot::Slug,
        Slot::Category,
        Slot::SortOrder,
        Slot::Date,
        Slot::Modified,
        Slot::Meta,
        Slot::Toc,
        Slot::Newsletter,
        Slot::SidebarTitle,
        Slot::HeaderImage,
        Slot::HeaderAlt,
        Slot::Author,
        Slot::AuthorLink,
        Slot::Authors,
        Slot::Tags,
        Slot::Summary,
        Slot::Status,
        Slot::Lang,
        Slot::Template,
        Slot::SaveAs,
        Slot::Url,
    ];

    /// The slot of a lowercase key.
    pub(crate) fn from_name(name: &str) -> Option<Slot> {
        Some(match name {
            "title" => Slot::Title,
            "slug" => Slot::Slug,
            "category" => Slot::Category,
            "sort-order" | "sortorder" => Slot::SortOrder,
            "date" => Slot::Date,
            "modified" => Slot::Modified,
            "meta" => Slot::Meta,
            "toc" => Slot::Toc,
            "newsletter" => Slot::Newsletter,
            "sidebartitle" => Slot::SidebarTitle,
            "headerimage" => Slot::HeaderImage,
            "headeralt" => Slot::HeaderAlt,
            "author" => Slot::Author,
            "authorlink" => Slot::AuthorLink,
            "authors" => Slot::Authors,
            "tags" => Slot::Tags,
            "summary" => Slot::Summary,
            "status" => Slot::Status,
            "lang" => Slot::Lang,
            "template" => Slot::Template,
            "save_as" => Slot::SaveAs,
            "url" => Slot::Url,
            _ => {
                let rest = name.strip_prefix("choice")?;
                let n = rest.as_bytes().first()?;
                if !(b'1'..=b'4').contains(n) {
                    return None;
                }
                let part = Part::ALL
                    .into_iter()
                    .find(|p| rest.get(1..) == Some(p.name()))?;
                Slot::Choice(usize::from(n - b'1'), part)
            }
        })
    }

    /// The canonical key (sort order: see [`SortOrderKey`]).
    pub(crate) fn key(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            Slot::Title => "title",
            Slot::Slug => "slug",
            Slot::Category => "category",
            Slot::SortOrder => "sortorder",
            Slot::Date => "date",
            Slot::Modified => "modified",
            Slot::Meta => "meta",
            Slot::Toc => "toc",
            Slot::Newsletter => "newsletter",
            Slot::SidebarTitle => "sidebartitle",
            Slot::HeaderImage => "headerimage",
            Slot::HeaderAlt => "headeralt",
            Slot::Author => "author",
            Slot::AuthorLink => "authorlink",
            Slot::Authors => "authors",
            Slot::Tags => "tags",
            Slot::Summary => "summary",
            Slot::Status => "status",
            Slot::Lang => "lang",
            Slot::Template => "template",
            Slot::SaveAs => "save_as",
            Slot::Url => "url",
            Slot::Choice(i, part) => {
                return std::borrow::Cow::Owned(format!("choice{}{}", i + 1, part.name()))
            }
        })
    }

    fn index(self) -> usize {
        match self {
            Slot::Choice(i, part) => Slot::PLAIN.len() + i * 3 + part as usize,
            plain => Slot::PLAIN
                .iter()
                .position(|&s| s == plain)
                .unwrap_or_default(),
        }
    }

    /// Whether the field takes one line only (its value with continuation
    /// lines is an error).
    pub(crate) fn one_line(self) -> bool {
        !matches!(
            self,
            Slot::Title
                | Slot::Meta
                | Slot::SidebarTitle
                | Slot::HeaderAlt
                | Slot::Summary
                | Slot::Authors
                | Slot::Tags
                | Slot::Choice(_, Part::Text)
        )
    }
}

/// The string field of `slot`, for the fields that are plain strings.
pub(crate) fn text_field(meta: &PageMeta, slot: Slot) -> Option<&Option<String>> {
    Some(match slot {
        Slot::Title => &meta.title,
        Slot::Slug => &meta.slug,
        Slot::Meta => &meta.meta,
        Slot::SidebarTitle => &meta.sidebar_title,
        Slot::HeaderImage => &meta.header_image,
        Slot::HeaderAlt => &meta.header_alt,
        Slot::Author => &meta.author,
        Slot::AuthorLink => &meta.author_link,
        Slot::Summary => &meta.summary,
        Slot::Status => &meta.status,
        Slot::Lang => &meta.lang,
        Slot::Template => &meta.template,
        Slot::SaveAs => &meta.save_as,
        Slot::Url => &meta.url,
        Slot::Choice(i, part) => choice_part(meta.choices.get(i)?, part),
        _ => return None,
    })
}

fn text_field_mut(meta: &mut PageMeta, slot: Slot) -> Option<&mut Option<String>> {
    Some(match slot {
        Slot::Title => &mut meta.title,
        Slot::Slug => &mut meta.slug,
        Slot::Meta => &mut meta.meta,
        Slot::SidebarTitle => &mut meta.sidebar_title,
        Slot::HeaderImage => &mut meta.header_image,
        Slot::HeaderAlt => &mut meta.header_alt,
        Slot::Author => &mut meta.author,
        Slot::AuthorLink => &mut meta.author_link,
        Slot::Summary => &mut meta.summary,
        Slot::Status => &mut meta.status,
        Slot::Lang => &mut meta.lang,
        Slot::Template => &mut meta.template,
        Slot::SaveAs => &mut meta.save_as,
        Slot::Url => &mut meta.url,
        Slot::Choice(i, part) => {
            let c = meta.choices.get_mut(i)?;
            match part {
                Part::Url => &mut c.url,
                Part::Icon => &mut c.icon,
                Part::Text => &mut c.text,
            }
        }
        _ => return None,
    })
}

fn choice_part(c: &Choice, part: Part) -> &Option<String> {
    match part {
        Part::Url => &c.url,
        Part::Icon => &c.icon,
        Part::Text => &c.text,
    }
}

/// Splits a list value as Pelican does (on `;` when there is one, else on
/// `,`), and on line breaks; items trimmed, empty and repeated items
/// dropped.
pub(crate) fn split_list(value: &str) -> Vec<String> {
    let sep = if value.contains(';') { ';' } else { ',' };
    let mut seen = HashSet::new();
    value
        .split([sep, '\n'])
        .map(py_trim)
        .filter(|item| !item.is_empty() && seen.insert(*item))
        .map(str::to_owned)
        .collect()
}

/// Locations for errors, the line index built on first use.
struct Locator<'t> {
    text: &'t str,
    index: Option<LineIndex>,
}

impl Locator<'_> {
    fn location(&mut self, offset: usize) -> Location {
        let text = self.text;
        let index = self.index.get_or_insert_with(|| LineIndex::new(text));
        index.location(text, offset)
    }

    fn error(&mut self, kind: ErrorKind, span: Span, found: impl Into<String>) -> Error {
        let location = self.location(span.start);
        Error::at(kind, span, location, found)
    }
}

/// Reads every field of `page`'s header.
pub(crate) fn read(page: &Page<'_>) -> (PageMeta, Vec<Error>) {
    let mut meta = PageMeta::default();
    let mut errors = Vec::new();
    let mut at = Locator {
        text: page.text(),
        index: None,
    };
    let mut seen: [Option<Span>; SLOTS] = [None; SLOTS];
    for field in page.header().fields() {
        let name = field.name();
        let Some(slot) = Slot::from_name(&name) else {
            meta.extra
                .push((name.into_owned(), field.joined().into_owned()));
            continue;
        };
        let key_span = field.key_span();
        if let Some(first) = seen[slot.index()] {
            let first = at.location(first.start);
            let kind = ErrorKind::DuplicateKey {
                key: field.key().to_owned(),
                first,
            };
            errors.push(at.error(kind, key_span, field.key()));
            continue;
        }
        seen[slot.index()] = Some(key_span);

        let value = field.joined();
        let mut values = field.values();
        let start = values.next().map_or(key_span.end, |v| v.span.start);
        let end = values.last().map_or(field.value().span.end, |v| v.span.end);
        let span = Span::new(start, end);
        let mut invalid = |expected: &'static str| {
            let kind = ErrorKind::InvalidValue {
                key: field.key().to_owned(),
                expected,
            };
            errors.push(at.error(kind, span, value.as_ref()));
        };
        if slot.one_line() && value.contains('\n') {
            invalid(ONE_LINE_EXPECTED);
            continue;
        }
        match slot {
            Slot::Category => meta.category = Some(Category::parse(&value)),
            Slot::SortOrder => {
                let key = if name == "sort-order" {
                    SortOrderKey::Hyphenated
                } else {
                    SortOrderKey::Joined
                };
                match SortOrder::parse(&value, key) {
                    Some(s) => meta.sort_order = Some(s),
                    None => invalid(SORT_ORDER_EXPECTED),
                }
            }
            Slot::Date | Slot::Modified => match Date::parse(&value) {
                Some(d) if slot == Slot::Date => meta.date = Some(d),
                Some(d) => meta.modified = Some(d),
                None => invalid(DATE_EXPECTED),
            },
            Slot::Toc | Slot::Newsletter => {
                let b = match value.as_ref() {
                    "True" => true,
                    "False" => false,
                    _ => {
                        invalid(BOOL_EXPECTED);
                        continue;
                    }
                };
                if slot == Slot::Toc {
                    meta.toc = Some(b);
                } else {
                    meta.newsletter = Some(b);
                }
            }
            Slot::Tags => meta.tags = split_list(&value),
            Slot::Authors => meta.authors = split_list(&value),
            _ => {
                if let Some(f) = text_field_mut(&mut meta, slot) {
                    *f = Some(value.into_owned());
                }
            }
        }
    }
    (meta, errors)
}
