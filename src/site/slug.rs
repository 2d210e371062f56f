//! Pelican's `slugify`: the slug of a title, a file name, a category, tag
//! or author name.

use unicode_normalization::UnicodeNormalization;

/// How to make slugs: the settings `SLUG_REGEX_SUBSTITUTIONS` (or the
/// category, tag or author ones), `SLUGIFY_PRESERVE_CASE` and
/// `SLUGIFY_USE_UNICODE`, compiled once.
#[derive(Clone, Debug)]
pub struct Slugifier {
    subs: Vec<(regex::Regex, String)>,
    /// Whether the substitutions are Pelican's default ones, done by hand
    /// (the same result, without running four regular expressions).
    default_subs: bool,
    preserve_case: bool,
    use_unicode: bool,
}

impl Slugifier {
    /// Compiles the substitutions (Python regular expressions, applied
    /// case-insensitively, in order). A pattern this crate's regex engine
    /// cannot read is left out with a note naming it.
    #[must_use]
    pub fn new(
        subs: &[(String, String)],
        preserve_case: bool,
        use_unicode: bool,
    ) -> (Slugifier, Vec<String>) {
        let default_subs = subs
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .eq(DEFAULT_SUBSTITUTIONS.iter().copied());
        let mut notes = Vec::new();
        let mut compiled = Vec::new();
        // The default substitutions are done by hand: nothing to compile.
        let subs = if default_subs { &[] } else { subs };
        for (pattern, replacement) in subs {
            let pattern: String = pattern.nfkc().collect();
            let replacement: String = replacement.nfkc().collect();
            match python_regex(&pattern, true) {
                Ok(re) => compiled.push((re, python_replacement(&replacement))),
                Err(e) => notes.push(format!("substitution `{pattern}` left out: {e}")),
            }
        }
        (
            Slugifier {
                subs: compiled,
                default_subs,
                preserve_case,
                use_unicode,
            },
            notes,
        )
    }

    /// The slug of `value`, as Pelican makes it: tags stripped and
    /// entities decoded, white space collapsed, NFKC normalization,
    /// transliteration to ASCII (unless `SLUGIFY_USE_UNICODE`), the
    /// substitutions, lowercase (unless `SLUGIFY_PRESERVE_CASE`), trimmed.
    ///
    /// ```
    /// use pagefmt::site::{Settings, Slugifier};
    ///
    /// let settings = Settings::default();
    /// let (slugify, _) = Slugifier::new(&settings.substitutions("SLUG_REGEX_SUBSTITUTIONS"), false, false);
    /// assert_eq!(slugify.slugify("Как читать архитектуру"), "kak-chitat-arkhitekturu");
    /// assert_eq!(slugify.slugify("  Flask <em>&amp;</em> Django!  "), "flask-django");
    /// ```
    #[must_use]
    pub fn slugify(&self, value: &str) -> String {
        // ASCII with no tag or entity: the collapsing of white space
        // that `striptags` does changes nothing the substitutions see.
        if self.default_subs
            && value
                .bytes()
                .all(|b| b.is_ascii() && b != b'<' && b != b'&')
        {
            return default_ascii_slug(value, self.preserve_case);
        }
        let value = strip_tags(value);
        if self.default_subs && value.is_ascii() {
            return default_ascii_slug(&value, self.preserve_case);
        }
        // ASCII is its own NFKC form and its own transliteration.
        let mut value: String = if value.is_ascii() {
            value.into_owned()
        } else {
            let value: String = value.nfkc().collect();
            if self.use_unicode {
                value
            } else {
                deunicode::deunicode_with_tofu(&value, "")
            }
        };
        if self.default_subs {
            value = default_substitutions(&value);
        } else {
            for (re, replacement) in &self.subs {
                if let std::borrow::Cow::Owned(s) = re.replace_all(&value, replacement.as_str()) {
                    value = s;
                }
            }
        }
        if !self.preserve_case {
            value = value.to_lowercase();
        }
        value.trim().to_owned()
    }
}

/// Pelican's default `SLUG_REGEX_SUBSTITUTIONS`.
pub(crate) const DEFAULT_SUBSTITUTIONS: [(&str, &str); 4] = [
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
];

/// The default substitutions by hand: characters other than word
/// characters (`\w`: alphanumerics and `_`), white space and `-` removed,
/// the ends trimmed of white space, and each run of `-` and white space
/// made one `-`.
fn default_substitutions(value: &str) -> String {
    let kept: String = value
        .chars()
        .filter(|&c| is_word(c) || c.is_whitespace() || c == '-')
        .collect();
    let mut out = String::with_capacity(kept.len());
    let mut run = false;
    for c in kept.trim_matches(char::is_whitespace).chars() {
        if c == '-' || c.is_whitespace() {
            run = true;
        } else {
            if run {
                out.push('-');
                run = false;
            }
            out.push(c);
        }
    }
    if run {
        out.push('-');
    }
    out
}

/// [`default_substitutions`], then lowercase unless `preserve_case`, for
/// ASCII text, in one pass: kept characters are ASCII word characters,
/// white space and `-`; runs of `-` and white space become one `-`, except
/// at the ends, where white space is trimmed first (a run there stays a
/// `-` only when it holds one).
fn default_ascii_slug(value: &str, preserve_case: bool) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(value.len());
    let (mut started, mut run, mut run_dash) = (false, false, false);
    for b in value.bytes() {
        // `char::is_whitespace` on ASCII (vertical tab included).
        if b == b'-' || matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            run = true;
            run_dash |= b == b'-';
        } else if b == b'_' || b.is_ascii_alphanumeric() {
            if run && (started || run_dash) {
                out.push(b'-');
            }
            (run, run_dash, started) = (false, false, true);
            out.push(if preserve_case {
                b
            } else {
                b.to_ascii_lowercase()
            });
        }
    }
    if run && run_dash {
        out.push(b'-');
    }
    // ASCII bytes only.
    String::from_utf8(out).unwrap_or_default()
}

/// Python's `\w` in a Unicode pattern: a letter, digit or `_` (the
/// regular expression engine's Unicode word class).
fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric() || regex_syntax_word(c)
}

/// Marks and connector punctuation that Unicode's word class holds beyond
/// letters and digits.
fn regex_syntax_word(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    matches!(
        c.general_category(),
        GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark
            | GeneralCategory::ConnectorPunctuation
    )
}

/// markupsafe's `striptags`: comments and tags removed, white space runs
/// made one space, entities decoded.
fn strip_tags(value: &str) -> std::borrow::Cow<'_, str> {
    // Most titles hold no tag, entity or run of white space.
    let plain = !value.contains(['<', '&'])
        && !value.starts_with(char::is_whitespace)
        && !value.ends_with(char::is_whitespace)
        && !value
            .split(' ')
            .any(|w| w.is_empty() || w.contains(char::is_whitespace));
    if plain {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut s = value.to_owned();
    while let Some(start) = s.find("<!--") {
        match s[start..].find("-->") {
            Some(end) => s.replace_range(start..start + end + 3, ""),
            None => break,
        }
    }
    while let Some(start) = s.find('<') {
        match s[start..].find('>') {
            Some(end) => s.replace_range(start..=start + end, ""),
            None => break,
        }
    }
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    std::borrow::Cow::Owned(html_escape::decode_html_entities(&collapsed).into_owned())
}

/// A Python regular expression as this crate's engine reads it: `\Z` is
/// `\z`; with `ignore_case`, matching ignores case.
pub(crate) fn python_regex(pattern: &str, ignore_case: bool) -> Result<regex::Regex, String> {
    let mut out = String::with_capacity(pattern.len() + 8);
    if ignore_case {
        out.push_str("(?i)");
    }
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('Z') => out.push_str("\\z"),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    regex::Regex::new(&out).map_err(|e| e.to_string().lines().last().unwrap_or("").to_owned())
}

/// A Python replacement template (`\1`, `\g<name>`, `\\`) in this crate's
/// engine's syntax (`${1}`, `${name}`, `$$`).
fn python_replacement(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => out.push_str("$$"),
            '\\' => match chars.next() {
                Some(d @ '0'..='9') => {
                    out.push_str("${");
                    out.push(d);
                    while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                        out.push(d);
                        chars.next();
                    }
                    out.push('}');
                }
                Some('g') if chars.peek() == Some(&'<') => {
                    chars.next();
                    out.push_str("${");
                    for d in chars.by_ref() {
                        if d == '>' {
                            break;
                        }
                        out.push(d);
                    }
                    out.push('}');
                }
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Settings;

    fn slugify(s: &str) -> String {
        let settings = Settings::default();
        let (sl, notes) = Slugifier::new(
            &settings.substitutions("SLUG_REGEX_SUBSTITUTIONS"),
            false,
            false,
        );
        assert!(notes.is_empty());
        sl.slugify(s)
    }

    #[test]
    fn pelican_slugs() {
        // Each pair as Pelican 4.12's slugify gives it.
        for (title, slug) in [
            ("Как-читать-архитектуру", "kak-chitat-arkhitekturu"),
            ("This is a test", "this-is-a-test"),
            ("C++ & Python: a -- guide", "c-python-a-guide"),
            ("Héllo Wörld", "hello-world"),
            ("ﬁle", "file"),
            ("<b>Bold</b> move", "bold-move"),
            ("  spaces\tand_underscores  ", "spaces-and_underscores"),
        ] {
            assert_eq!(slugify(title), slug, "{title}");
        }
    }

    proptest::proptest! {
        /// The one-pass ASCII slug is the substitutions, the lowercase
        /// and the trim done one after the other.
        #[test]
        fn ascii_slug_is_the_substitutions(s in "[ -~\t\n\r\x0b\x0c\x1c-]{0,24}", keep: bool) {
            let mut slow = default_substitutions(&strip_tags(&s));
            if !keep {
                slow = slow.to_lowercase();
            }
            if !s.contains(['<', '&']) {
                proptest::prop_assert_eq!(default_ascii_slug(&s, keep), slow.trim());
            }
            let (slugify, _) = Slugifier::new(&Settings::default().substitutions("SLUG_REGEX_SUBSTITUTIONS"), keep, false);
            proptest::prop_assert_eq!(slugify.slugify(&s), slow.trim());
        }
    }

    #[test]
    fn options() {
        let subs = Settings::default().substitutions("SLUG_REGEX_SUBSTITUTIONS");
        let (keep, _) = Slugifier::new(&subs, true, true);
        assert_eq!(keep.slugify("Über Café"), "Über-Café");
        let custom = vec![("c\\+\\+".to_owned(), "cpp".to_owned())];
        let (cpp, _) = Slugifier::new(&custom, false, false);
        assert_eq!(cpp.slugify("C++ Tips"), "cpp tips");
        let bad = vec![("(?P<x".to_owned(), String::new())];
        let (_, notes) = Slugifier::new(&bad, false, false);
        assert_eq!(notes.len(), 1);
    }
}
