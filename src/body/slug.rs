//! Heading ids: the slug dialects and their rules for making ids unique.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

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
    // NFKD, then keep ASCII only, and of that only `\w`, `\s` and `-`,
    // lowercased; trim white space; each run of `-` and white space becomes
    // one `-`. Done in one pass: a run is written when the next kept
    // character comes, and at either end only if it holds a `-` (the
    // trimmed white space around it is no part of it).
    let mut slug = PySlug {
        out: String::with_capacity(text.len()),
        started: false,
        in_run: false,
        dash: false,
    };
    if text.is_ascii() {
        // NFKD leaves ASCII as it is.
        text.bytes().for_each(|b| slug.push(b));
    } else {
        text.nfkd()
            .filter(char::is_ascii)
            .for_each(|c| slug.push(c as u8));
    }
    if slug.in_run && slug.dash {
        slug.out.push('-');
    }
    slug.out
}

/// The state of [`python_markdown_slug`]'s pass.
struct PySlug {
    out: String,
    /// Whether a character other than `-` and white space was written.
    started: bool,
    /// Whether a run of `-` and white space is pending, and whether it
    /// holds a `-`.
    in_run: bool,
    dash: bool,
}

impl PySlug {
    #[inline]
    fn push(&mut self, b: u8) {
        if b == b'-' || is_py_ascii_space(char::from(b)) {
            self.in_run = true;
            self.dash |= b == b'-';
        } else if b.is_ascii_alphanumeric() || b == b'_' {
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
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c == ' ' {
            out.push('-');
        } else if github_keeps(c) {
            out.push(c);
        }
    }
    out
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
/// `{#id}`, if any; `texts[i]` its plain text.
pub(crate) fn assign_ids(
    dialect: SlugDialect,
    texts: &[&str],
    explicit: &[Option<&str>],
) -> Vec<String> {
    match dialect {
        SlugDialect::PythonMarkdown if texts.len() <= FEW => {
            // Few headings (most pages): the ids taken are found by a scan
            // of the few there are, with no hashing and no copies.
            let mut out: Vec<String> = Vec::with_capacity(texts.len());
            for (text, id) in texts.iter().zip(explicit) {
                let id = match id {
                    Some(id) => (*id).to_owned(),
                    None => {
                        let taken = |id: &str| {
                            explicit.iter().flatten().any(|e| *e == id)
                                || out.iter().any(|o| o == id)
                        };
                        let mut id = python_markdown_slug(text);
                        while id.is_empty() || taken(&id) {
                            id = next_candidate(&id);
                        }
                        id
                    }
                };
                out.push(id);
            }
            out
        }
        SlugDialect::PythonMarkdown => {
            let mut used: HashSet<String> = HashSet::with_capacity(texts.len() * 2);
            used.extend(explicit.iter().flatten().map(|s| (*s).to_owned()));
            let mut ids = PyIds {
                used,
                runs: HashMap::new(),
                buf: String::new(),
            };
            texts
                .iter()
                .zip(explicit)
                .map(|(text, id)| match id {
                    Some(id) => (*id).to_owned(),
                    None => python_unique(python_markdown_slug(text), &mut ids),
                })
                .collect()
        }
        SlugDialect::GitHub => {
            let mut occurrences: HashMap<String, u64> = HashMap::new();
            texts
                .iter()
                .zip(explicit)
                .map(|(text, id)| match id {
                    Some(id) => (*id).to_owned(),
                    None => github_unique(github_slug(text), &mut occurrences),
                })
                .collect()
        }
    }
}

/// Up to how many headings ids are made unique by scanning the ids taken
/// (beyond, by hashing, so that the time stays linear).
const FEW: usize = 32;

/// The id `unique` of the toc extension tries after `id`: a trailing `_N`
/// bumped, or `_1` appended.
fn next_candidate(id: &str) -> String {
    match split_count(id) {
        Some((stem, digits)) => format!("{stem}_{}", increment_decimal(digits)),
        None => format!("{id}_1"),
    }
}

/// The ids taken so far, and for each stem a run `a..h` of counts known to
/// be taken (`stem_a` to `stem_{h-1}`), so that many equal headings do not
/// cost quadratic time.
struct PyIds {
    used: HashSet<String>,
    runs: HashMap<String, (u64, u64)>,
    /// Where candidates are written.
    buf: String,
}

/// `unique` of the toc extension: while the id is taken or empty, bump a
/// trailing `_N` or append `_1`.
fn python_unique(id: String, ids: &mut PyIds) -> String {
    if !id.is_empty() && !ids.used.contains(&id) {
        ids.used.insert(id.clone());
        return id;
    }
    // The candidates after `id` are `stem_n` for n = n0, n0 + 1, ...
    let (stem, n0) = match split_count(&id) {
        Some((stem, digits)) => {
            let n = digits.trim_start_matches('0');
            match n.parse::<u64>().ok().map_or(Some(1), |n| n.checked_add(1)) {
                Some(n0) if n.len() < 19 => (stem.to_owned(), n0),
                _ => return python_unique_slow(id, &mut ids.used),
            }
        }
        None => (id, 1),
    };
    let (from, mut n) = match ids.runs.get(&stem) {
        Some(&(a, h)) if a <= n0 && n0 <= h => (a, h),
        _ => (n0, n0),
    };
    loop {
        ids.buf.clear();
        ids.buf.push_str(&stem);
        ids.buf.push('_');
        push_decimal(&mut ids.buf, n);
        if !ids.used.contains(ids.buf.as_str()) {
            let candidate = ids.buf.clone();
            ids.used.insert(candidate.clone());
            match ids.runs.get_mut(&stem) {
                Some(run) => *run = (from, n + 1),
                None => {
                    ids.runs.insert(stem, (from, n + 1));
                }
            }
            return candidate;
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
fn python_unique_slow(mut id: String, used: &mut HashSet<String>) -> String {
    while id.is_empty() || used.contains(&id) {
        id = next_candidate(&id);
    }
    used.insert(id.clone());
    id
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

/// `BananaSlug.slug` of `github-slugger`.
fn github_unique(slug: String, occurrences: &mut HashMap<String, u64>) -> String {
    let mut result = slug.clone();
    while occurrences.contains_key(&result) {
        let n = occurrences.entry(slug.clone()).or_insert(0);
        *n += 1;
        result = format!("{slug}-{n}");
    }
    occurrences.insert(result.clone(), 0);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
                None => python_unique_slow(python_markdown_slug(text), &mut used),
            })
            .collect()
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
                assign_ids(SlugDialect::PythonMarkdown, &texts, &explicit),
                reference_ids(&texts, &explicit)
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
        ] {
            assert_eq!(github_slug(text), want, "{text:?}");
        }
    }

    #[test]
    fn python_markdown_duplicates_and_explicit_ids() {
        let texts = ["Intro", "Intro", "Intro", "Intro_1", "", "", "Setup", "x"];
        let explicit = [None, None, None, None, None, None, None, Some("setup")];
        assert_eq!(
            assign_ids(SlugDialect::PythonMarkdown, &texts, &explicit),
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
            assign_ids(SlugDialect::PythonMarkdown, &texts, &[None; 5]),
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
            assign_ids(SlugDialect::GitHub, &texts, &explicit),
            ["foo", "foo-1", "foo-1-1", "foo-2", "", "-1", "foo"]
        );
    }

    #[test]
    fn fast_unique_matches_the_step_by_step_rule() {
        let names = [
            "a", "a_1", "a_2", "a_01", "", "_1", "b_9", "b_10", "a_1_1", "a_3",
        ];
        let mut fast = PyIds {
            used: HashSet::new(),
            runs: HashMap::new(),
            buf: String::new(),
        };
        let mut slow = HashSet::new();
        // A deterministic mix of repeats.
        for i in 0..500usize {
            let id = names[(i * 7 + i / 3) % names.len()].to_owned();
            assert_eq!(
                python_unique(id.clone(), &mut fast),
                python_unique_slow(id.clone(), &mut slow),
                "step {i}, {id:?}"
            );
        }
        let mut many = PyIds {
            used: HashSet::new(),
            runs: HashMap::new(),
            buf: String::new(),
        };
        let ids: Vec<String> = (0..20_000)
            .map(|_| python_unique("x".to_owned(), &mut many))
            .collect();
        assert_eq!(ids[19_999], "x_19999");
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
