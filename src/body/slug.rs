//! Heading ids: the slug dialects and their rules for making ids unique.

use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashTable};

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

use super::shared::HeadingId;

/// How heading ids are made from heading text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum SlugDialect {
    /// Python-Markdown's `toc` extension (what Pelican renders with):
    /// NFKD, characters outside ASCII dropped, everything but word
    /// characters, white space and `-` removed, trimmed, lowercased, and
    /// each run of `-` and white space made one `-`. A repeated id gets
    /// `_1`, `_2`, ... (an id already ending in `_N` counts on from `N`), and
    /// an empty one becomes `_1`. Explicit `{#id}` ids are taken first, so a
    /// made-up id never repeats one of them.
    #[default]
    PythonMarkdown,
    /// GitHub's (the `github-slugger` package): lowercased; characters that
    /// are neither letters, marks, decimal or letter numbers, connector
    /// punctuation (`_`), space nor `-` are removed; each space becomes `-`
    /// (runs are not collapsed and nothing is trimmed). A repeated id gets
    /// `-1`, `-2`, ... Explicit `{#id}` ids are kept as written and do not
    /// take part in the counting. Character classes follow the Unicode
    /// version of the `unicode-properties` crate, not the one the JavaScript
    /// package was generated from.
    GitHub,
}

/// `slugify` of Python-Markdown's toc extension, separator `-`.
#[must_use]
pub fn python_markdown_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_python_markdown_slug(text, &mut out);
    out
}

/// [`python_markdown_slug`] of `text`, written at the end of `out`.
fn push_python_markdown_slug(text: &str, out: &mut String) {
    // NFKD, then keep ASCII only, and of that only `\w`, `\s` and `-`,
    // lowercased; trim white space; each run of `-` and white space becomes
    // one `-`. Done in one pass: a run is written when the next kept
    // character comes, and at either end only if it holds a `-` (the
    // trimmed white space around it is no part of it).
    let mut slug = PySlug {
        out,
        started: false,
        in_run: false,
        dash: false,
    };
    if text.is_ascii() {
        // NFKD leaves ASCII as it is. Words are copied whole.
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if is_word_byte(b) {
                let start = i;
                i += bytes[i..]
                    .iter()
                    .position(|&b| !is_word_byte(b))
                    .unwrap_or(bytes.len() - i);
                slug.push_word(&text[start..i]);
            } else {
                slug.push(b);
                i += 1;
            }
        }
    } else {
        text.nfkd()
            .filter(char::is_ascii)
            .for_each(|c| slug.push(c as u8));
    }
    if slug.in_run && slug.dash {
        slug.out.push('-');
    }
}

/// The state of [`python_markdown_slug`]'s pass.
struct PySlug<'o> {
    out: &'o mut String,
    /// Whether a character other than `-` and white space was written.
    started: bool,
    /// Whether a run of `-` and white space is pending, and whether it
    /// holds a `-`.
    in_run: bool,
    dash: bool,
}

impl PySlug<'_> {
    /// Writes a run of word characters (ASCII letters, digits, `_`).
    #[inline]
    fn push_word(&mut self, word: &str) {
        if self.in_run && (self.started || self.dash) {
            self.out.push('-');
        }
        self.in_run = false;
        self.dash = false;
        self.started = true;
        let at = self.out.len();
        self.out.push_str(word);
        self.out[at..].make_ascii_lowercase();
    }

    #[inline]
    fn push(&mut self, b: u8) {
        if b == b'-' || is_py_ascii_space(char::from(b)) {
            self.in_run = true;
            self.dash |= b == b'-';
        } else if is_word_byte(b) {
            if self.in_run && (self.started || self.dash) {
                self.out.push('-');
            }
            self.in_run = false;
            self.dash = false;
            self.started = true;
            self.out.push(char::from(b.to_ascii_lowercase()));
        }
    }
}

/// An ASCII character of regex `\w`: a letter, a digit or `_`.
#[inline]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Python's `str.isspace()` (and so regex `\s` on `str`) restricted to
/// ASCII: it includes the separators U+001C to U+001F.
fn is_py_ascii_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f'
    )
}

/// The stateless half of `github-slugger`.
#[must_use]
pub fn github_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_github_slug(text, &mut out);
    out
}

/// [`github_slug`] of `text`, written at the end of `out`.
fn push_github_slug(text: &str, out: &mut String) {
    let keep = |c: char| {
        if c == ' ' {
            out.push('-');
        } else if github_keeps(c) {
            out.push(c);
        }
    };
    if text.contains('\u{3a3}') {
        // `str::to_lowercase` knows that a final capital sigma is `ς`.
        text.to_lowercase().chars().for_each(keep);
    } else {
        text.chars().flat_map(char::to_lowercase).for_each(keep);
    }
}

fn github_keeps(c: char) -> bool {
    if c == '-' || c.is_alphabetic() {
        return true;
    }
    match c.general_category_group() {
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark => true,
        GeneralCategoryGroup::Number => matches!(
            c.general_category(),
            GeneralCategory::DecimalNumber | GeneralCategory::LetterNumber
        ),
        GeneralCategoryGroup::Punctuation => {
            c.general_category() == GeneralCategory::ConnectorPunctuation
        }
        _ => false,
    }
}

/// Gives every heading its id, in order. `explicit[i]` is heading `i`'s
/// `{#id}`, if any; `texts[i]` its plain text. The ids are written into
/// one shared text: nothing is allocated per heading.
pub(crate) fn assign_ids(
    dialect: SlugDialect,
    texts: &[&str],
    explicit: &[Option<&str>],
) -> Vec<HeadingId> {
    let mut ids = Ids::new(texts.len(), texts.iter().map(|t| t.len()).sum());
    match dialect {
        SlugDialect::PythonMarkdown => {
            // Explicit ids are taken first, so a made id never repeats one.
            for (i, id) in explicit.iter().enumerate() {
                if let Some(id) = id {
                    let r = ids.push(id);
                    ids.ranges[i] = r.clone();
                    ids.take(r);
                }
            }
            for (i, (text, id)) in texts.iter().zip(explicit).enumerate() {
                if id.is_none() {
                    let start = ids.buf.len();
                    push_python_markdown_slug(text, &mut ids.buf);
                    ids.ranges[i] = python_unique(start, &mut ids);
                }
            }
        }
        SlugDialect::GitHub => {
            for (i, (text, id)) in texts.iter().zip(explicit).enumerate() {
                ids.ranges[i] = match id {
                    Some(id) => ids.push(id),
                    None => {
                        let start = ids.buf.len();
                        push_github_slug(text, &mut ids.buf);
                        github_unique(start, &mut ids)
                    }
                };
            }
        }
    }
    let Ids { buf, ranges, .. } = ids;
    let all: Arc<str> = Arc::from(buf);
    ranges
        .into_iter()
        .map(|r| HeadingId::slice(&all, r))
        .collect()
}

/// Up to how many ids taken they are found by a scan (beyond, by hashing,
/// so that the time stays linear).
const FEW: usize = 32;

/// An id taken, as a range of [`Ids::buf`], with what its dialect counts
/// for it: for Python-Markdown, as a stem, a run `a..h` of counts known to
/// be taken (`stem_a` to `stem_{h-1}`), so that many equal headings do not
/// cost quadratic time; for GitHub, how many times the slug repeated.
#[derive(Clone)]
struct Taken {
    start: usize,
    end: usize,
    from: u64,
    upto: u64,
}

/// The ids being made: all written into one text.
struct Ids {
    /// Every id, one after the other (and candidates being tried at the
    /// end).
    buf: String,
    /// Each heading's id in `buf`.
    ranges: Vec<Range<usize>>,
    /// The ids taken, while few.
    few: Vec<Taken>,
    /// The ids taken, once many, by hash of their text.
    table: HashTable<Taken>,
    /// The runs of Python-Markdown's counts, by hash of the stem.
    runs: HashTable<Taken>,
    hasher: DefaultHashBuilder,
}

impl Ids {
    fn new(headings: usize, bytes: usize) -> Self {
        Ids {
            buf: String::with_capacity(bytes + headings * 2),
            ranges: vec![0..0; headings],
            few: Vec::with_capacity(headings.min(FEW)),
            table: HashTable::new(),
            runs: HashTable::new(),
            hasher: DefaultHashBuilder::default(),
        }
    }

    /// Writes `id` at the end of the text; returns where.
    fn push(&mut self, id: &str) -> Range<usize> {
        let start = self.buf.len();
        self.buf.push_str(id);
        start..self.buf.len()
    }

    fn hash(&self, s: &str) -> u64 {
        self.hasher.hash_one(s)
    }

    /// The entry of the id taken that reads `buf[r]`.
    fn find(&mut self, r: Range<usize>) -> Option<&mut Taken> {
        let Ids {
            buf, few, table, ..
        } = self;
        let s = &buf[r];
        if table.is_empty() {
            return few.iter_mut().find(|t| &buf[t.start..t.end] == s);
        }
        let hash = self.hasher.hash_one(s);
        table.find_mut(hash, |t| &buf[t.start..t.end] == s)
    }

    /// Marks `buf[r]` taken (if it is not already).
    fn take(&mut self, r: Range<usize>) {
        if self.find(r.clone()).is_some() {
            return;
        }
        let taken = Taken {
            start: r.start,
            end: r.end,
            from: 0,
            upto: 0,
        };
        if self.table.is_empty() && self.few.len() < FEW {
            self.few.push(taken);
            return;
        }
        let Ids {
            buf,
            few,
            table,
            hasher,
            ..
        } = self;
        let rehash = |t: &Taken| hasher.hash_one(&buf[t.start..t.end]);
        if table.is_empty() {
            table.reserve(FEW * 4, rehash);
            for t in few.drain(..) {
                let hash = rehash(&t);
                table.insert_unique(hash, t, rehash);
            }
        }
        let hash = rehash(&taken);
        table.insert_unique(hash, taken, rehash);
    }
}

/// `unique` of the toc extension for the slug written at `buf[start..]`:
/// while the id is taken or empty, bump a trailing `_N` or append `_1`.
/// Leaves the id taken at the end of the text; returns where.
fn python_unique(start: usize, ids: &mut Ids) -> Range<usize> {
    let end = ids.buf.len();
    if end > start && ids.find(start..end).is_none() {
        ids.take(start..end);
        return start..end;
    }
    // The candidates after the slug are `stem_n` for n = n0, n0 + 1, ...
    // (`stem` is a prefix of the slug: it stays where it is).
    let slug = &ids.buf[start..];
    let (stem_end, n0) = match split_count(slug) {
        Some((stem, digits)) => {
            let n = digits.trim_start_matches('0');
            match n.parse::<u64>().ok().map_or(Some(1), |n| n.checked_add(1)) {
                Some(n0) if n.len() < 19 => (start + stem.len(), n0),
                _ => return python_unique_slow(start, ids),
            }
        }
        None => (end, 1),
    };
    let hash = ids.hash(&ids.buf[start..stem_end]);
    let run = {
        let Ids { buf, runs, .. } = &*ids;
        let stem = &buf[start..stem_end];
        runs.find(hash, |t| &buf[t.start..t.end] == stem).cloned()
    };
    let (from, mut n) = match &run {
        Some(t) if t.from <= n0 && n0 <= t.upto => (t.from, t.upto),
        _ => (n0, n0),
    };
    loop {
        ids.buf.truncate(stem_end);
        ids.buf.push('_');
        push_decimal(&mut ids.buf, n);
        let end = ids.buf.len();
        if ids.find(start..end).is_none() {
            ids.take(start..end);
            let Ids {
                buf, runs, hasher, ..
            } = ids;
            let stem = &buf[start..stem_end];
            let rehash = |t: &Taken| hasher.hash_one(&buf[t.start..t.end]);
            match runs.find_mut(hash, |t| &buf[t.start..t.end] == stem) {
                Some(t) => (t.from, t.upto) = (from, n + 1),
                None => {
                    let t = Taken {
                        start,
                        end: stem_end,
                        from,
                        upto: n + 1,
                    };
                    runs.insert_unique(hash, t, rehash);
                }
            }
            return start..end;
        }
        n += 1;
    }
}

/// Writes `n` in decimal.
fn push_decimal(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

/// The same, step by step, for counts too long for `u64`.
fn python_unique_slow(start: usize, ids: &mut Ids) -> Range<usize> {
    loop {
        let end = ids.buf.len();
        if end > start && ids.find(start..end).is_none() {
            ids.take(start..end);
            return start..end;
        }
        let next = next_candidate(&ids.buf[start..]);
        ids.buf.truncate(start);
        ids.buf.push_str(&next);
    }
}

/// The id `unique` of the toc extension tries after `id`: a trailing `_N`
/// bumped, or `_1` appended.
fn next_candidate(id: &str) -> String {
    match split_count(id) {
        Some((stem, digits)) => format!("{stem}_{}", increment_decimal(digits)),
        None => format!("{id}_1"),
    }
}

/// `^(.*)_([0-9]+)$`: the stem and the digits of a trailing `_N`.
fn split_count(id: &str) -> Option<(&str, &str)> {
    let digits_len = id.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits_len == 0 {
        return None;
    }
    let (rest, digits) = id.split_at(id.len() - digits_len);
    rest.strip_suffix('_').map(|stem| (stem, digits))
}

/// `int(digits) + 1` written in decimal, for any number of digits.
fn increment_decimal(digits: &str) -> String {
    let digits = digits.trim_start_matches('0');
    let mut out: Vec<u8> = digits.bytes().collect();
    let mut i = out.len();
    loop {
        if i == 0 {
            out.insert(0, b'1');
            break;
        }
        i -= 1;
        if out[i] == b'9' {
            out[i] = b'0';
        } else {
            out[i] += 1;
            break;
        }
    }
    out.into_iter().map(char::from).collect()
}

/// `BananaSlug.slug` of `github-slugger`, for the slug written at
/// `buf[start..]`: while the id is taken, the slug's count goes up and
/// `-count` is tried. Leaves the id at the end of the text; returns where.
fn github_unique(start: usize, ids: &mut Ids) -> Range<usize> {
    let slug_end = ids.buf.len();
    let mut end = slug_end;
    loop {
        if ids.find(start..end).is_none() {
            ids.take(start..end);
            return start..end;
        }
        let Some(slug) = ids.find(start..slug_end) else {
            // Taken, so counted: the slug is the first thing tried.
            return start..end;
        };
        slug.upto += 1;
        let n = slug.upto;
        ids.buf.truncate(slug_end);
        ids.buf.push('-');
        push_decimal(&mut ids.buf, n);
        end = ids.buf.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{HashMap, HashSet};

    /// The two-pass slugify the one-pass one must agree with.
    fn python_markdown_slug_reference(text: &str) -> String {
        // NFKD, then keep ASCII only, and of that only `\w`, `\s` and `-`.
        let mut kept = String::with_capacity(text.len());
        let mut keep = |c: char| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' || is_py_ascii_space(c) {
                kept.push(c.to_ascii_lowercase());
            }
        };
        if text.is_ascii() {
            // NFKD leaves ASCII as it is.
            text.chars().for_each(&mut keep);
        } else {
            text.nfkd().for_each(&mut keep);
        }
        let trimmed = kept.trim_matches(is_py_ascii_space);
        let mut out = String::with_capacity(trimmed.len());
        let mut in_run = false;
        for c in trimmed.chars() {
            if c == '-' || is_py_ascii_space(c) {
                if !in_run {
                    out.push('-');
                    in_run = true;
                }
            } else {
                out.push(c);
                in_run = false;
            }
        }
        out
    }

    /// The ids by the step-by-step rule, for comparison.
    fn reference_ids(texts: &[&str], explicit: &[Option<&str>]) -> Vec<String> {
        let mut used: HashSet<String> =
            explicit.iter().flatten().map(|s| (*s).to_owned()).collect();
        texts
            .iter()
            .zip(explicit)
            .map(|(text, id)| match id {
                Some(id) => (*id).to_owned(),
                None => reference_unique(python_markdown_slug(text), &mut used),
            })
            .collect()
    }

    /// `unique` of the toc extension, step by step.
    fn reference_unique(mut id: String, used: &mut HashSet<String>) -> String {
        while id.is_empty() || used.contains(&id) {
            id = next_candidate(&id);
        }
        used.insert(id.clone());
        id
    }

    /// `BananaSlug.slug` of `github-slugger`, as written there.
    fn reference_github(texts: &[&str], explicit: &[Option<&str>]) -> Vec<String> {
        let mut occurrences: HashMap<String, u64> = HashMap::new();
        let mut unique = |slug: String| {
            let mut result = slug.clone();
            while occurrences.contains_key(&result) {
                let n = occurrences.entry(slug.clone()).or_insert(0);
                *n += 1;
                result = format!("{slug}-{n}");
            }
            occurrences.insert(result.clone(), 0);
            result
        };
        texts
            .iter()
            .zip(explicit)
            .map(|(text, id)| match id {
                Some(id) => (*id).to_owned(),
                None => unique(github_slug(text)),
            })
            .collect()
    }

    fn strings(ids: Vec<HeadingId>) -> Vec<String> {
        ids.into_iter().map(String::from).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn few_and_many_headings_get_the_step_by_step_ids(
            headings in prop::collection::vec(
                (
                    prop::sample::select(vec!["Intro", "intro_1", "Intro 2", "", "x_9", "x_10", "x"]),
                    prop::option::weighted(0.1, prop::sample::select(vec!["intro", "x_10", "y"])),
                ),
                0..(FEW * 2),
            )
        ) {
            let texts: Vec<&str> = headings.iter().map(|h| h.0).collect();
            let explicit: Vec<Option<&str>> = headings.iter().map(|h| h.1).collect();
            prop_assert_eq!(
                strings(assign_ids(SlugDialect::PythonMarkdown, &texts, &explicit)),
                reference_ids(&texts, &explicit)
            );
            let texts: Vec<&str> = headings.iter().map(|h| h.0.trim_end_matches(['_', '1', '9', '0'])).collect();
            prop_assert_eq!(
                strings(assign_ids(SlugDialect::GitHub, &texts, &explicit)),
                reference_github(&texts, &explicit)
            );
        }

        #[test]
        fn one_pass_slug_is_the_two_pass_slug(
            text in "([ \t\n\x0b\x1c_-]|[a-zA-Z0-9]|[éﬁ½Ž日&.]|\u{301}){0,24}"
        ) {
            prop_assert_eq!(python_markdown_slug(&text), python_markdown_slug_reference(&text));
        }
    }

    #[test]
    fn python_markdown_slugs() {
        for (text, want) in [
            ("Microservices", "microservices"),
            (
                "Why are microservices important?",
                "why-are-microservices-important",
            ),
            ("  Spaced  -  out  ", "spaced-out"),
            ("-lead and trail-", "-lead-and-trail-"),
            ("Žluťoučký kůň", "zlutoucky-kun"),
            ("ﬁle ½", "file-12"),
            ("snake_case & C++", "snake_case-c"),
            ("日本語", ""),
            ("tab\there", "tab-here"),
            ("a\u{1c}b", "a-b"),
        ] {
            assert_eq!(python_markdown_slug(text), want, "{text:?}");
        }
    }

    #[test]
    fn github_slugs() {
        for (text, want) in [
            ("Microservices", "microservices"),
            (
                "Why are microservices important?",
                "why-are-microservices-important",
            ),
            ("  Spaced  out ", "--spaced--out-"),
            ("Привет non-latin 你好", "привет-non-latin-你好"),
            ("😄 emoji", "-emoji"),
            ("snake_case & C++ — dash", "snake_case--c--dash"),
            ("Ⅻ ½ 3²", "ⅻ--3"),
            ("café\u{301}", "café\u{301}"),
            ("a\tb\u{a0}c", "abc"),
            ("ΟΔΟΣ ΣΑΣ", "οδος-σας"),
            ("İx", "i\u{307}x"),
        ] {
            assert_eq!(github_slug(text), want, "{text:?}");
        }
    }

    #[test]
    fn python_markdown_duplicates_and_explicit_ids() {
        let texts = ["Intro", "Intro", "Intro", "Intro_1", "", "", "Setup", "x"];
        let explicit = [None, None, None, None, None, None, None, Some("setup")];
        assert_eq!(
            strings(assign_ids(SlugDialect::PythonMarkdown, &texts, &explicit)),
            ["intro", "intro_1", "intro_2", "intro_3", "_1", "_2", "setup_1", "setup"]
        );
        let texts = [
            "a_09",
            "a_09",
            "a_9",
            "b_99999999999999999999",
            "b_99999999999999999999",
        ];
        assert_eq!(
            strings(assign_ids(SlugDialect::PythonMarkdown, &texts, &[None; 5])),
            [
                "a_09",
                "a_10",
                "a_9",
                "b_99999999999999999999",
                "b_100000000000000000000"
            ]
        );
    }

    #[test]
    fn github_duplicates() {
        let texts = ["foo", "foo", "foo-1", "foo", "", "", "Bar"];
        let explicit = [None, None, None, None, None, None, Some("foo")];
        assert_eq!(
            strings(assign_ids(SlugDialect::GitHub, &texts, &explicit)),
            ["foo", "foo-1", "foo-1-1", "foo-2", "", "-1", "foo"]
        );
    }

    #[test]
    fn many_repeats_match_the_step_by_step_rule() {
        let names = [
            "a", "a_1", "a_2", "a_01", "", "_1", "b_9", "b_10", "a_1_1", "a_3",
        ];
        // A deterministic mix of repeats, past the few found by a scan.
        let texts: Vec<&str> = (0..500usize)
            .map(|i| names[(i * 7 + i / 3) % names.len()])
            .collect();
        let explicit = vec![None; texts.len()];
        assert_eq!(
            strings(assign_ids(SlugDialect::PythonMarkdown, &texts, &explicit)),
            reference_ids(&texts, &explicit)
        );
        let texts: Vec<&str> = (0..500usize)
            .map(|i| ["a", "a-1", "a-1-1", "b", "", "-1"][(i * 7 + i / 3) % 6])
            .collect();
        assert_eq!(
            strings(assign_ids(SlugDialect::GitHub, &texts, &explicit)),
            reference_github(&texts, &explicit)
        );
        let same = vec!["x"; 20_000];
        let ids = assign_ids(SlugDialect::PythonMarkdown, &same, &vec![None; same.len()]);
        assert_eq!(ids[19_999], "x_19999");
        let ids = assign_ids(SlugDialect::GitHub, &same, &vec![None; same.len()]);
        assert_eq!(ids[19_999], "x-19999");
    }

    #[test]
    fn decimal_increment() {
        assert_eq!(increment_decimal("0"), "1");
        assert_eq!(increment_decimal("000"), "1");
        assert_eq!(increment_decimal("199"), "200");
        assert_eq!(split_count("a_b_12"), Some(("a_b", "12")));
        assert_eq!(split_count("_3"), Some(("", "3")));
        assert_eq!(split_count("a12"), None);
        assert_eq!(split_count("a_"), None);
    }
}
