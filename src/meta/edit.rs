//! Header edits that know the typed fields: [`Page::set`] and
//! [`Page::insert`] refuse a value a typed field cannot hold, the typed
//! setters write typed values, and [`Page::set_meta`] takes a page to a
//! whole [`PageMeta`] with the smallest lossless edit.

use std::collections::{HashMap, VecDeque};

use super::read::Slot;
use super::write::entry;
use super::{Date, PageMeta, SortOrder};
use crate::error::{Error, ErrorKind, Errors};
use crate::page::{write_value, Page};
use crate::span::{LineIndex, Span};

impl Page<'_> {
    /// Sets the value of the first field named `key` (any case), keeping the
    /// key and the spacing after its colon as written; its continuation lines
    /// are replaced. Without such a field, a `key: value` line is added after
    /// the last field (a header is created when the page has none).
    ///
    /// A value with `\n` is written as continuation lines indented 4 spaces.
    /// The value of a typed field (see the [`meta`](crate::meta) module) must
    /// be one that field can hold: `toc: maybe` is refused.
    ///
    /// ```
    /// use pagefmt::Page;
    ///
    /// let mut page = Page::parse("title: A\ntoc: True\n\nbody\n");
    /// page.set("Title", "B")?;
    /// assert_eq!(page.text(), "title: B\ntoc: True\n\nbody\n");
    /// let e = page.set("toc", "maybe").unwrap_err();
    /// assert_eq!(
    ///     e.to_string(),
    ///     "invalid value for `toc`: expected `True` or `False`, found 'maybe' at line 2, column 6"
    /// );
    /// # Ok::<(), pagefmt::Error>(())
    /// ```
    ///
    /// # Errors
    /// Nothing is changed, and the error points at the field's value (or,
    /// for a new field, where it would be written): [`ErrorKind::InvalidKey`]
    /// for a key outside `[A-Za-z0-9_-]+`, [`ErrorKind::Unrepresentable`]
    /// for a key starting with `---`, [`ErrorKind::UnwritableValue`] for a
    /// value that would not read back the same, and
    /// [`ErrorKind::InvalidValue`] for a value its typed field cannot hold.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), Error> {
        let Some(index) = self.header().fields().position(|f| f.is(key)) else {
            return self.insert(usize::MAX, key, value);
        };
        let at = self
            .field_value_span(index)
            .unwrap_or_else(|| self.insertion_point(index));
        let written = self.written_value(key, value, at)?;
        check_typed(self, key, value, at)?;
        self.set_field_value(index, &written);
        Ok(())
    }

    /// Inserts a `key: value` field before the field at position `at` (in
    /// [`Header::fields`](crate::Header::fields) order; `at` past the end
    /// appends after the last field). A page with no header gets one, ended
    /// by a blank line.
    ///
    /// # Errors
    /// As [`Page::set`], pointing at where the field would be written.
    pub fn insert(&mut self, at: usize, key: &str, value: &str) -> Result<(), Error> {
        let here = self.insertion_point(at);
        self.check_key(key, here)?;
        let written = self.written_value(key, value, here)?;
        check_typed(self, key, value, here)?;
        self.insert_checked(at, key, &written);
        Ok(())
    }

    /// Sets a boolean field (`toc`, `newsletter` or an extra key) to
    /// `True` or `False`, as [`Page::set`] does.
    ///
    /// # Errors
    /// As [`Page::set`]: a key whose typed field is not a boolean
    /// ([`ErrorKind::InvalidValue`] for `date`, ...).
    pub fn set_bool(&mut self, key: &str, value: bool) -> Result<(), Error> {
        self.set(key, if value { "True" } else { "False" })
    }

    /// Sets a date field (`date`, `modified` or an extra key) to the date's
    /// text, as [`Page::set`] does.
    ///
    /// ```
    /// use pagefmt::{Date, Page};
    ///
    /// let mut page = Page::parse("title: A\n\nbody\n");
    /// page.set_date("modified", &Date::parse("2024-05-01 09:30").unwrap())?;
    /// assert_eq!(page.text(), "title: A\nmodified: 2024-05-01 09:30\n\nbody\n");
    /// # Ok::<(), pagefmt::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Page::set`]: [`ErrorKind::InvalidValue`] for a date a header
    /// cannot hold (one with an offset or a fraction of a second: see
    /// [`Date::parse`]) or a key whose typed field is not a date.
    pub fn set_date(&mut self, key: &str, date: &Date) -> Result<(), Error> {
        self.set(key, date.as_str())
    }

    /// Sets the sort order, under its own key (`sortorder` or
    /// `sort-order`): an existing field written under the other spelling is
    /// renamed.
    ///
    /// # Errors
    /// As [`Page::set`]: [`ErrorKind::InvalidValue`] when the digits are
    /// not 1 to 19 ASCII digits.
    pub fn set_sort_order(&mut self, order: &SortOrder) -> Result<(), Error> {
        let key = order.key.as_str();
        let index = self
            .header()
            .fields()
            .position(|f| Slot::from_key(f.key()) == Some(Slot::SortOrder));
        let Some(index) = index else {
            return self.insert(usize::MAX, key, &order.digits);
        };
        let at = self
            .field_value_span(index)
            .unwrap_or_else(|| self.insertion_point(index));
        let written = self.written_value(key, &order.digits, at)?;
        check_typed(self, key, &order.digits, at)?;
        self.set_field_value(index, &written);
        if let Some(field) = self.header().fields().nth(index) {
            if !field.is(key) {
                self.rename_field(index, key);
            }
        }
        Ok(())
    }

    /// Makes the page's typed meta-data `meta` with the smallest lossless
    /// edit: a field whose typed value already equals the wanted one keeps
    /// its bytes (`2016-05-08 10:14` stays as written when the wanted date
    /// is the same); a changed field gets its new value in place (key and
    /// spacing kept; a sort order's key renamed when its spelling changes);
    /// a new field is appended after the last field, new fields in
    /// canonical order; a removed field goes with its line. A typed field
    /// given twice keeps only its first occurrence. Extra fields are
    /// matched by key and occurrence; when the page's order of extra keys
    /// differs from `meta`'s, every extra field is written again in
    /// `meta`'s order. The body and every byte outside the changed fields
    /// are kept.
    ///
    /// Afterwards `page.meta() == Ok(meta.clone())`.
    ///
    /// ```
    /// use pagefmt::Page;
    ///
    /// let mut page = Page::parse("Title:  Queues\nsort-order: 0311\nTOC: False\n\n# Queues\n");
    /// let mut meta = page.meta()?;
    /// meta.title = Some("Task Queues".into());
    /// meta.toc = None;
    /// meta.tags = vec!["python".into(), "queues".into()];
    /// page.set_meta(&meta)?;
    /// assert_eq!(page.text(), "Title:  Task Queues\nsort-order: 0311\ntags: python, queues\n\n# Queues\n");
    /// assert_eq!(page.meta()?, meta);
    /// # Ok::<(), pagefmt::Errors>(())
    /// ```
    ///
    /// # Errors
    /// The errors of [`PageMeta::check_writable`], each pointing at the
    /// page's field it is about (its value), or where a new field would be
    /// written; nothing is changed.
    pub fn set_meta(&mut self, meta: &PageMeta) -> Result<(), Errors> {
        if let Err(errors) = meta.check_writable() {
            return Err(self.relocate(errors));
        }
        let current = self.meta_lenient().0;
        let fields: Vec<(Option<Slot>, String, String)> = self
            .header()
            .fields()
            .map(|f| {
                (
                    Slot::from_key(f.key()),
                    f.name().into_owned(),
                    f.joined().into_owned(),
                )
            })
            .collect();
        let mut sets: Vec<(usize, String, String)> = Vec::new();
        let mut renames: Vec<(usize, String)> = Vec::new();
        let mut removes: Vec<usize> = Vec::new();
        let mut appends: Vec<(String, String)> = Vec::new();

        for slot in Slot::all() {
            let here: Vec<usize> = (0..fields.len())
                .filter(|&i| fields[i].0 == Some(slot))
                .collect();
            let want = entry(meta, slot);
            match (here.split_first(), want) {
                (None, None) => {}
                (None, Some((key, value))) => appends.push((key.into_owned(), value)),
                (Some((_, _)), None) => removes.extend(&here),
                (Some((&first, later)), Some((key, value))) => {
                    removes.extend(later);
                    if !same_value(&current, meta, slot) {
                        sets.push((first, key.clone().into_owned(), value));
                    }
                    if slot == Slot::SortOrder && fields[first].1 != key {
                        renames.push((first, key.into_owned()));
                    }
                }
            }
        }

        // Extra fields: the n-th occurrence of a key in the page pairs with
        // its n-th occurrence in `meta` (each key's places queued in page
        // order, so that pairing is one look-up per field).
        let extras: Vec<usize> = (0..fields.len())
            .filter(|&i| fields[i].0.is_none())
            .collect();
        let mut places: HashMap<&str, VecDeque<usize>> = HashMap::new();
        for &i in &extras {
            places.entry(fields[i].1.as_str()).or_default().push_back(i);
        }
        // The page place of each of `meta`'s extra fields (`usize::MAX`
        // for a new one).
        let order: Vec<usize> = meta
            .extra
            .iter()
            .map(|(key, _)| {
                (places.get_mut(key.as_str()))
                    .and_then(VecDeque::pop_front)
                    .unwrap_or(usize::MAX)
            })
            .collect();
        // The page's fields keep their places and new ones go last, so the
        // fields kept are those of `meta`'s longest first run that the page
        // has in the same order; the rest of `meta` is written after the
        // last field (a field of the page met later in `meta` than its
        // place allows is moved there), and the page's other extra fields
        // are removed.
        let mut run = 0;
        let mut last = None;
        for &i in &order {
            if i == usize::MAX || last.is_some_and(|l| i <= l) {
                break;
            }
            last = Some(i);
            run += 1;
        }
        let mut kept = vec![false; fields.len()];
        for (&i, (key, value)) in order[..run].iter().zip(&meta.extra) {
            kept[i] = true;
            if fields[i].2 != *value {
                sets.push((i, key.clone(), value.clone()));
            }
        }
        appends.extend(meta.extra[run..].iter().cloned());
        removes.extend(extras.iter().filter(|&&i| !kept[i]));

        // Values and keys in place first (the fields keep their places),
        // then new fields after the last, then removals (so that a header
        // losing every field to gain new ones is never left empty). Each
        // step is one edit of the text, whatever the number of fields.
        let mut page = self.clone();
        let value_spans: Vec<Span> = page
            .header()
            .fields()
            .map(|f| Span::new(f.value().span.start, f.span().end))
            .collect();
        let mut nl = page.newline();
        let mut batch = Vec::with_capacity(sets.len());
        for (i, key, value) in &sets {
            let at = value_spans.get(*i).copied().unwrap_or_default();
            batch.push((
                *i,
                write_value(key, value, nl, page.text(), at).map_err(one)?,
            ));
            // A new value for the first field can change the text's first
            // line ending (the page's newline), which the values after it
            // are written with.
            if *i == 0 {
                page.set_field_values(std::mem::take(&mut batch));
                nl = page.newline();
            }
        }
        page.set_field_values(batch);
        for (i, key) in &renames {
            page.rename_field(*i, key);
        }
        if let Some(((key, value), rest)) = appends.split_first() {
            let at = page.insertion_point(usize::MAX);
            let written = page.written_value(key, value, at).map_err(one)?;
            page.insert_checked(usize::MAX, key, &written);
            let (nl, at) = (page.newline(), page.insertion_point(usize::MAX));
            let mut lines = Vec::with_capacity(rest.len());
            for (key, value) in rest {
                let written = write_value(key, value, nl, page.text(), at).map_err(one)?;
                lines.push((key.clone(), written));
            }
            page.append_checked(&lines);
        }
        removes.sort_unstable();
        removes.dedup();
        page.remove_fields(&removes);
        *self = page;
        Ok(())
    }

    /// Errors of [`PageMeta::check_writable`] (located in the canonical
    /// text) located at the page's field of the same key, or where a new
    /// field would go.
    fn relocate(&self, errors: Errors) -> Errors {
        // The first field of each typed slot and of each key (lowercase),
        // looked up once per error.
        let mut by_slot: Vec<(Slot, Span)> = Vec::new();
        let mut by_key: HashMap<String, Span> = HashMap::new();
        for f in self.header().fields() {
            let span = Span::new(f.value().span.start, f.span().end);
            if let Some(slot) = Slot::from_key(f.key()) {
                if !by_slot.iter().any(|(s, _)| *s == slot) {
                    by_slot.push((slot, span));
                }
            }
            by_key.entry(f.name().into_owned()).or_insert(span);
        }
        let end = self.insertion_point(usize::MAX);
        let lines = LineIndex::new(self.text());
        Errors(
            errors
                .into_iter()
                .map(|e| {
                    let key = match e.kind() {
                        ErrorKind::InvalidValue { key, .. }
                        | ErrorKind::UnwritableValue { key }
                        | ErrorKind::Unrepresentable { key, .. } => Some(key.as_str()),
                        _ => None,
                    };
                    let span = match key.map(|k| (k, Slot::from_key(k))) {
                        Some((_, Some(slot))) => by_slot
                            .iter()
                            .find(|(s, _)| *s == slot)
                            .map(|(_, span)| *span),
                        Some((k, None)) => by_key.get(&k.to_ascii_lowercase()).copied(),
                        None => None,
                    };
                    let span = span.unwrap_or(end);
                    let location = lines.location(self.text(), span.start);
                    Error::at(e.kind().clone(), span, location, e.found())
                })
                .collect(),
        )
    }
}

fn one(e: Error) -> Errors {
    Errors(vec![e])
}

/// Refuses a value that the typed field of `key` cannot hold.
fn check_typed(page: &Page<'_>, key: &str, value: &str, at: Span) -> Result<(), Error> {
    let Some(expected) = Slot::from_key(key).and_then(|slot| slot.problem(value)) else {
        return Ok(());
    };
    let kind = ErrorKind::InvalidValue {
        key: key.to_owned(),
        expected,
    };
    Err(Error::new(kind, page.text(), at, value))
}

/// Whether `a` and `b` hold the same typed value in `slot` (the sort
/// order's digits only: its key is compared apart).
fn same_value(a: &PageMeta, b: &PageMeta, slot: Slot) -> bool {
    match slot {
        Slot::Date => a.date == b.date,
        Slot::Modified => a.modified == b.modified,
        Slot::SortOrder => {
            a.sort_order.as_ref().map(|o| &o.digits) == b.sort_order.as_ref().map(|o| &o.digits)
        }
        Slot::Tags => a.tags == b.tags,
        Slot::Authors => a.authors == b.authors,
        _ => entry(a, slot).map(|e| e.1) == entry(b, slot).map(|e| e.1),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Date, Page, PageMeta, SortOrder, SortOrderKey};

    fn edited(text: &str, change: impl FnOnce(&mut PageMeta)) -> String {
        let mut page = Page::parse(text);
        let mut meta = page.meta_lenient().0;
        change(&mut meta);
        page.set_meta(&meta).unwrap();
        assert_eq!(page.meta(), Ok(meta));
        page.text().to_owned()
    }

    #[test]
    fn equal_values_keep_their_bytes() {
        let text = "Date: 2016-05-08 10:14\r\nTags:  a ,b\r\nsort-order: 07\r\n\r\nbody";
        let same = edited(text, |m| {
            m.date = Date::parse_iso8601("2016-05-08T10:14:00");
            m.tags = vec!["a".into(), "b".into()];
        });
        assert_eq!(same, text);
        let renamed = edited(text, |m| {
            m.sort_order = Some(SortOrder {
                digits: "07".into(),
                key: SortOrderKey::Joined,
            });
        });
        assert_eq!(
            renamed,
            "Date: 2016-05-08 10:14\r\nTags:  a ,b\r\nsortorder: 07\r\n\r\nbody"
        );
    }

    #[test]
    fn bad_and_repeated_fields_give_way() {
        let text = "toc: maybe\ntitle: A\n    more\nTitle: B\nx: 1\n\nbody";
        let got = edited(text, |m| {
            m.toc = Some(true);
            m.extra.clear();
        });
        assert_eq!(got, "toc: True\ntitle: A\n    more\n\nbody");
    }

    #[test]
    fn extra_fields_pair_by_key_and_keep_their_order() {
        let text = "a: 1\nb: 2\na: 3\n\nbody";
        let got = edited(text, |m| m.extra[2].1 = "4".into());
        assert_eq!(got, "a: 1\nb: 2\na: 4\n\nbody");
        let got = edited(text, |m| m.extra.push(("c".into(), "5".into())));
        assert_eq!(got, "a: 1\nb: 2\na: 3\nc: 5\n\nbody");
        // Another order: the fields that start `meta` in the page's order
        // stay as written; the others move after the last.
        let got = edited(text, |m| m.extra.swap(0, 1));
        assert_eq!(got, "b: 2\na: 1\na: 3\n\nbody");
        let text = "a: 1 \nb:\t2\n\nbody";
        let got = edited(text, |m| m.extra.insert(1, ("n".into(), "x".into())));
        assert_eq!(got, "a: 1 \nn: x\nb: 2\n\nbody");
    }

    #[test]
    fn new_fields_come_last_in_canonical_order() {
        let got = edited("x: 1\n\nbody", |m| {
            m.tags = vec!["t".into()];
            m.title = Some("T".into());
        });
        assert_eq!(got, "x: 1\ntitle: T\ntags: t\n\nbody");
        let got = edited("# Just a body\n", |m| m.title = Some("T".into()));
        assert_eq!(got, "title: T\n\n# Just a body\n");
        let got = edited("title: T\n\nbody", |m| *m = PageMeta::default());
        assert_eq!(got, "\nbody");
    }

    #[test]
    fn errors_point_at_the_field() {
        let mut page = Page::parse("title: A\nslug: s\n\nbody\n");
        let meta = PageMeta {
            slug: Some("two\nlines".into()),
            tags: vec!["a;b".into()],
            ..PageMeta::default()
        };
        let errors = page.set_meta(&meta).unwrap_err();
        assert_eq!(
            errors.to_string(),
            "invalid value for `slug`: expected a single line, found 'two\\nlines' at line 2, column 7\n\
             value for `tags` would not read back the same: a list item holds `;`, found 'a;b' at line 3, column 1"
        );
        assert_eq!(page.text(), "title: A\nslug: s\n\nbody\n");
    }

    /// Edits of many fields at once stay linear in the number of fields:
    /// with 40,000 fields, an edit that looked up, rewrote or re-read the
    /// header once per field would do over a billion steps and not finish;
    /// done in one pass per kind of edit it takes well under a second in a
    /// debug build. The same for errors located in a large header, the
    /// later occurrences of a typed field, and the grouping of extra keys.
    #[test]
    fn many_fields_edit_in_linear_time() {
        const N: usize = 40_000;
        let mut text = String::from("title: T\n");
        for i in 0..N {
            text.push_str(&format!("k{}: v{i}\n", i % (N / 2)));
        }
        text.push_str("\nbody\n");
        let mut page = Page::parse(&text);
        let mut meta = page.meta().unwrap();
        assert_eq!(meta.extra.len(), N);
        assert_eq!(meta.extra_grouped().len(), N / 2);
        // Change every third value, drop every fifth field, add N new ones.
        for (i, (_, value)) in meta.extra.iter_mut().enumerate() {
            if i % 3 == 0 {
                value.push('x');
            }
        }
        let mut i = 0;
        meta.extra.retain(|_| {
            i += 1;
            i % 5 != 0
        });
        meta.extra
            .extend((0..N).map(|i| (format!("new{i}"), format!("w{i}"))));
        page.set_meta(&meta).unwrap();
        assert_eq!(page.meta(), Ok(meta.clone()));
        assert!(page.text().ends_with("new39999: w39999\n\nbody\n"));

        // Every extra key in capitals: one error per field, each located.
        for (key, _) in &mut meta.extra {
            key.make_ascii_uppercase();
        }
        let errors = page.clone().set_meta(&meta).unwrap_err();
        assert_eq!(errors.len(), meta.extra.len());

        // A typed field given N times: N - 1 errors, each pointing at the
        // first.
        let repeated = "title: T\n".repeat(N);
        let errors = Page::parse(&repeated).meta().unwrap_err();
        assert_eq!(errors.len(), N - 1);
        assert!(errors.iter().all(|e| matches!(
            e.kind(),
            crate::ErrorKind::DuplicateKey { first, .. } if first.line == 1
        )));
    }

    #[test]
    fn typed_setters() {
        let mut page = Page::parse("sort-order: 1\n\nbody");
        page.set_bool("toc", false).unwrap();
        assert!(page.set_bool("date", true).is_err());
        let order = SortOrder::parse("0719", SortOrderKey::Joined).unwrap();
        page.set_sort_order(&order).unwrap();
        assert_eq!(page.text(), "sortorder: 0719\ntoc: False\n\nbody");
        let with_offset = Date::parse_iso8601("2016-05-08T10:14:00Z").unwrap();
        let e = page.set_date("date", &with_offset).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid value for `date`: expected a date `YYYY-MM-DD`, optionally followed by ` HH:MM` or ` HH:MM:SS` (or `T` for the space), found '2016-05-08T10:14:00Z' at line 3, column 1"
        );
        let e = page.rename("nothing", "x").unwrap_err();
        assert_eq!(e.kind(), &crate::ErrorKind::KeyNotFound);
        assert_eq!(
            e.to_string(),
            "no key 'nothing' in the header at line 3, column 1"
        );
    }
}
