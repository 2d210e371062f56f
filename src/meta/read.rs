//! Reading a page's header into a [`PageMeta`].

use std::borrow::Cow;
use std::collections::HashSet;

use super::{Category, Choice, Date, PageMeta, SortOrder, SortOrderKey, DATE_EXPECTED};
use crate::error::{Error, ErrorKind};
use crate::header::{py_trim, Field, Header};
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

/// A key of at most 16 bytes as one little-endian word, zero-padded, each
/// byte OR 0x20. Over key bytes (`[A-Za-z0-9_-]`) that OR only merges the
/// two cases of each letter (`_` becomes DEL, which no key holds), so two
/// keys fold alike exactly when they are equal ignoring ASCII case.
const fn fold(key: &[u8]) -> u128 {
    let mut word = 0u128;
    let mut i = 0;
    while i < key.len() && i < 16 {
        word |= ((key[i] | 0x20) as u128) << (8 * i);
        i += 1;
    }
    word
}

/// [`fold`] for a key of at most 12 bytes (`None` for a longer one), by a
/// few overlapping loads rather than byte by byte.
#[inline(always)]
fn fold_short(key: &[u8]) -> Option<u128> {
    let n = key.len();
    let u32_at = |at: usize| -> Option<u64> {
        Some(u64::from(u32::from_le_bytes(
            key.get(at..at + 4)?.try_into().ok()?,
        )))
    };
    let u64_at = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(key.get(at..at + 8)?.try_into().ok()?))
    };
    // The bytes, then 0x20 in each of them (`case(len)`: in the low `len`).
    let (low, high) = match n {
        0 => (0, 0),
        1..=3 => {
            let (a, b, c) = (key[0], key[n / 2], key[n - 1]);
            let low = u64::from(a) | u64::from(b) << (8 * (n / 2)) | u64::from(c) << (8 * (n - 1));
            (low, 0)
        }
        4..=7 => (u32_at(0)? | u32_at(n - 4)? << (8 * (n - 4)), 0),
        8 => (u64_at(0)?, 0),
        9..=12 => (u64_at(0)?, u64_at(n - 8)? >> (8 * (16 - n))),
        _ => return None,
    };
    let case = |len: usize| match len {
        0 => 0,
        _ => 0x2020_2020_2020_2020u64 >> (8 * (8 - len)),
    };
    let low = low | case(n.min(8));
    let high = high | case(n.saturating_sub(8));
    Some(u128::from(high) << 64 | u128::from(low))
}

const W_TITLE: u128 = fold(b"title");
const W_SLUG: u128 = fold(b"slug");
const W_CATEGORY: u128 = fold(b"category");
const W_SORT_ORDER: u128 = fold(b"sort-order");
const W_SORTORDER: u128 = fold(b"sortorder");
const W_DATE: u128 = fold(b"date");
const W_MODIFIED: u128 = fold(b"modified");
const W_META: u128 = fold(b"meta");
const W_TOC: u128 = fold(b"toc");
const W_NEWSLETTER: u128 = fold(b"newsletter");
const W_SIDEBARTITLE: u128 = fold(b"sidebartitle");
const W_HEADERIMAGE: u128 = fold(b"headerimage");
const W_HEADERALT: u128 = fold(b"headeralt");
const W_AUTHOR: u128 = fold(b"author");
const W_AUTHORLINK: u128 = fold(b"authorlink");
const W_AUTHORS: u128 = fold(b"authors");
const W_TAGS: u128 = fold(b"tags");
const W_SUMMARY: u128 = fold(b"summary");
const W_STATUS: u128 = fold(b"status");
const W_LANG: u128 = fold(b"lang");
const W_TEMPLATE: u128 = fold(b"template");
const W_SAVE_AS: u128 = fold(b"save_as");
const W_URL: u128 = fold(b"url");

/// The folded `choice1url` ... `choice4text`, group by group, parts in
/// [`Part::ALL`] order.
const W_CHOICES: [u128; 12] = {
    let keys: [&[u8]; 12] = [
        b"choice1url",
        b"choice1icon",
        b"choice1text",
        b"choice2url",
        b"choice2icon",
        b"choice2text",
        b"choice3url",
        b"choice3icon",
        b"choice3text",
        b"choice4url",
        b"choice4icon",
        b"choice4text",
    ];
    let mut words = [0u128; 12];
    let mut i = 0;
    while i < 12 {
        words[i] = fold(keys[i]);
        i += 1;
    }
    words
};

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

/// How many distinct slots there are: few enough for one bit each in a
/// `u64`.
const SLOTS: usize = 22 + 4 * 3;
const _: () = assert!(SLOTS <= 64);

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

    /// Every slot, in canonical order (choices 1 to 4, each url, icon,
    /// text, after the plain fields).
    pub(crate) fn all() -> impl Iterator<Item = Slot> {
        Slot::PLAIN
            .into_iter()
            .chain((0..4).flat_map(|i| Part::ALL.into_iter().map(move |p| Slot::Choice(i, p))))
    }

    /// What a value of this field must look like, when `value` does not.
    pub(crate) fn problem(self, value: &str) -> Option<&'static str> {
        match self {
            Slot::Toc | Slot::Newsletter => {
                (!matches!(value, "True" | "False")).then_some(BOOL_EXPECTED)
            }
            Slot::Date | Slot::Modified => Date::parse(value).is_none().then_some(DATE_EXPECTED),
            Slot::SortOrder => SortOrder::parse(value, SortOrderKey::Joined)
                .is_none()
                .then_some(SORT_ORDER_EXPECTED),
            _ => (self.one_line() && value.contains('\n')).then_some(ONE_LINE_EXPECTED),
        }
    }

    /// The slot of a lowercase key.
    pub(crate) fn from_name(name: &str) -> Option<Slot> {
        Slot::from_lowercase(name.as_bytes())
    }

    /// The slot of a key (`[A-Za-z0-9_-]+`, as the key grammar reads
    /// it) in any case, without allocating: the key, folded into one word
    /// in registers, is matched against the slot keys' words.
    #[inline(always)]
    pub(crate) fn from_key(key: &str) -> Option<Slot> {
        // None when longer than the longest slot key.
        Some(match fold_short(key.as_bytes())? {
            W_TITLE => Slot::Title,
            W_SLUG => Slot::Slug,
            W_CATEGORY => Slot::Category,
            W_SORT_ORDER | W_SORTORDER => Slot::SortOrder,
            W_DATE => Slot::Date,
            W_MODIFIED => Slot::Modified,
            W_META => Slot::Meta,
            W_TOC => Slot::Toc,
            W_NEWSLETTER => Slot::Newsletter,
            W_SIDEBARTITLE => Slot::SidebarTitle,
            W_HEADERIMAGE => Slot::HeaderImage,
            W_HEADERALT => Slot::HeaderAlt,
            W_AUTHOR => Slot::Author,
            W_AUTHORLINK => Slot::AuthorLink,
            W_AUTHORS => Slot::Authors,
            W_TAGS => Slot::Tags,
            W_SUMMARY => Slot::Summary,
            W_STATUS => Slot::Status,
            W_LANG => Slot::Lang,
            W_TEMPLATE => Slot::Template,
            W_SAVE_AS => Slot::SaveAs,
            W_URL => Slot::Url,
            word => {
                let i = W_CHOICES.iter().position(|&w| w == word)?;
                Slot::Choice(i / 3, *Part::ALL.get(i % 3)?)
            }
        })
    }

    fn from_lowercase(name: &[u8]) -> Option<Slot> {
        Some(match name {
            b"title" => Slot::Title,
            b"slug" => Slot::Slug,
            b"category" => Slot::Category,
            b"sort-order" | b"sortorder" => Slot::SortOrder,
            b"date" => Slot::Date,
            b"modified" => Slot::Modified,
            b"meta" => Slot::Meta,
            b"toc" => Slot::Toc,
            b"newsletter" => Slot::Newsletter,
            b"sidebartitle" => Slot::SidebarTitle,
            b"headerimage" => Slot::HeaderImage,
            b"headeralt" => Slot::HeaderAlt,
            b"author" => Slot::Author,
            b"authorlink" => Slot::AuthorLink,
            b"authors" => Slot::Authors,
            b"tags" => Slot::Tags,
            b"summary" => Slot::Summary,
            b"status" => Slot::Status,
            b"lang" => Slot::Lang,
            b"template" => Slot::Template,
            b"save_as" => Slot::SaveAs,
            b"url" => Slot::Url,
            _ => {
                let rest = name.strip_prefix(b"choice")?;
                let (&n, part) = rest.split_first()?;
                if !(b'1'..=b'4').contains(&n) {
                    return None;
                }
                let part = Part::ALL
                    .into_iter()
                    .find(|p| part == p.name().as_bytes())?;
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

    /// A distinct number below [`SLOTS`] for each slot.
    #[inline]
    fn index(self) -> usize {
        match self {
            Slot::Title => 0,
            Slot::Slug => 1,
            Slot::Category => 2,
            Slot::SortOrder => 3,
            Slot::Date => 4,
            Slot::Modified => 5,
            Slot::Meta => 6,
            Slot::Toc => 7,
            Slot::Newsletter => 8,
            Slot::SidebarTitle => 9,
            Slot::HeaderImage => 10,
            Slot::HeaderAlt => 11,
            Slot::Author => 12,
            Slot::AuthorLink => 13,
            Slot::Authors => 14,
            Slot::Tags => 15,
            Slot::Summary => 16,
            Slot::Status => 17,
            Slot::Lang => 18,
            Slot::Template => 19,
            Slot::SaveAs => 20,
            Slot::Url => 21,
            Slot::Choice(i, part) => Slot::PLAIN.len() + i.min(3) * 3 + part as usize,
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
        Slot::Meta => &meta.description,
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

pub(crate) fn text_field_mut(meta: &mut PageMeta, slot: Slot) -> Option<&mut Option<String>> {
    Some(match slot {
        Slot::Title => &mut meta.title,
        Slot::Slug => &mut meta.slug,
        Slot::Meta => &mut meta.description,
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
///
/// Borrowed all the way to the typed values: keys are matched without
/// lowercasing them into strings, a one-line value is never joined, and
/// only the values kept are copied.
pub(crate) fn read(page: &Page<'_>) -> (PageMeta, Vec<Error>) {
    let mut meta = PageMeta::default();
    let errors = read_into(page, &mut meta);
    (meta, errors)
}

/// [`read`] into `meta`, which must be empty (so that the caller can place
/// the large `PageMeta` where it is returned, with no copy); returns the
/// errors.
pub(crate) fn read_into(page: &Page<'_>, meta: &mut PageMeta) -> Vec<Error> {
    let mut errors = Vec::new();
    let mut at = Locator {
        text: page.text(),
        index: None,
    };
    // Which slots have been read, one bit each.
    let mut seen: u64 = 0;
    // Where each slot's first key stands, found on the first later
    // occurrence (rare) in one pass.
    let mut firsts: Option<Vec<Span>> = None;
    let header = page.header();
    for field in header.fields() {
        let Some(slot) = Slot::from_key(field.key()) else {
            meta.extra
                .push((field.name().into_owned(), field.joined().into_owned()));
            continue;
        };
        let bit = 1u64 << slot.index();
        if seen & bit != 0 {
            let firsts = firsts.get_or_insert_with(|| first_keys(header));
            errors.push(duplicate(&mut at, firsts[slot.index()], field));
            continue;
        }
        seen |= bit;

        let first = field.value();
        let lines = field.values().len();
        let (value, span) = if lines == 1 {
            (Cow::Borrowed(first.text), first.span)
        } else {
            let last = field.values().last().map_or(first.span, |v| v.span);
            (field.joined(), Span::new(first.span.start, last.end))
        };
        let mut invalid = |expected: &'static str| {
            let kind = ErrorKind::InvalidValue {
                key: field.key().to_owned(),
                expected,
            };
            errors.push(at.error(kind, span, value.as_ref()));
        };
        if slot.one_line() && lines > 1 {
            invalid(ONE_LINE_EXPECTED);
            continue;
        }
        match slot {
            Slot::Category => meta.category = Some(Category::parse(&value)),
            Slot::SortOrder => {
                let key = if field.key().eq_ignore_ascii_case("sort-order") {
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
                if let Some(f) = text_field_mut(meta, slot) {
                    *f = Some(value.into_owned());
                }
            }
        }
    }
    errors
}

/// The span of each slot's first key in `header` (indexed by
/// [`Slot::index`]; empty for a slot the header lacks).
#[cold]
fn first_keys(header: Header<'_>) -> Vec<Span> {
    let mut firsts = vec![None; SLOTS];
    for field in header.fields() {
        if let Some(slot) = Slot::from_key(field.key()) {
            firsts[slot.index()].get_or_insert(field.key_span());
        }
    }
    firsts.into_iter().map(Option::unwrap_or_default).collect()
}

/// The error for a later occurrence of a typed field whose first key
/// stands at `first`.
#[cold]
fn duplicate(at: &mut Locator<'_>, first: Span, field: Field<'_>) -> Error {
    let first = at.location(first.start);
    let kind = ErrorKind::DuplicateKey {
        key: field.key().to_owned(),
        first,
    };
    at.error(kind, field.key_span(), field.key())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_slot_key_is_found_in_any_case() {
        let mut keys: Vec<String> = Slot::PLAIN.iter().map(|s| s.key().into_owned()).collect();
        keys.push("sort-order".to_owned());
        for i in 1..=4 {
            for part in ["url", "icon", "text"] {
                keys.push(format!("choice{i}{part}"));
            }
        }
        for key in keys {
            let slot = Slot::from_name(&key);
            assert!(slot.is_some(), "{key}");
            assert_eq!(Slot::from_key(&key), slot, "{key}");
            assert_eq!(Slot::from_key(&key.to_ascii_uppercase()), slot, "{key}");
        }
        for other in [
            "",
            "titles",
            "titl",
            "choice5url",
            "choice0url",
            "choice1",
            "choice1urls",
        ] {
            assert_eq!(Slot::from_key(other), None, "{other}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn short_folding_is_folding(key in "[A-Za-z0-9_-]{0,16}") {
            let want = (key.len() <= 12).then(|| fold(key.as_bytes()));
            prop_assert_eq!(fold_short(key.as_bytes()), want);
        }

        #[test]
        fn from_key_is_from_name_of_the_lowercase_key(
            key in "(title|slug|sort|order|choice|[1-5]|url|icon|text|[A-Za-z0-9_-]){0,5}"
        ) {
            prop_assert_eq!(Slot::from_key(&key), Slot::from_name(&key.to_ascii_lowercase()));
        }
    }
}
