//! YAML front matter: read with serde_norway (numbers kept as written),
//! written so that YAML 1.1 readers (PyYAML, Jekyll's Psych) and YAML 1.2
//! readers (serde_norway, Hugo's) read the same values.
//!
//! **Writing.** A string is written plain only when no reader could take it
//! for anything else: it starts with a letter, ends with no white space,
//! holds no `: `, ` #`, tab or character that needs an escape, and is not
//! one of the words YAML 1.1 reads as a boolean or null (`yes`, `no`, `on`,
//! `off`, `y`, `n`, `true`, `false`, `null`, in any case). Any other string
//! is single-quoted; one of several lines is a literal block (`|-`), and
//! one holding a character that must be escaped is double-quoted with
//! escapes. So numbers (`'1.10'`,
//! `'0x1F'`, `'1:20'`, a sexagesimal in YAML 1.1), `'~'`, `'='` (a value
//! key to PyYAML), `'<<'` (a merge key), dates written as text and
//! values starting with an indicator (`'- a'`, `'&a'`, `'*a'`, `'!a'`,
//! `'%a'`, `'@a'`, `` '`a' ``) are quoted. Keys follow the same rule. A
//! date field is written plain (`2016-05-08` is a date to YAML 1.1 readers
//! and a string to YAML 1.2 ones, both the same day; `2016-05-08 10:14`
//! is a string to both).
//!
//! **Reading.** Types come from serde_norway (YAML 1.2: `yes` is a string);
//! numbers keep the text they were written with (`1.10`, `1e3`, `0x1F`,
//! `+12`), and an integer too big for any number type (29 digits) is kept
//! as its digits rather than failing the file.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Entries, Fm};

// ---- reading ------------------------------------------------------------

/// A value's shape and type, as a YAML 1.2 reader types it.
#[derive(Debug)]
enum Y {
    Null,
    Bool(bool),
    Number,
    Text(String),
    Seq(Vec<Y>),
    Nested,
}

impl<'de> serde::Deserialize<'de> for Y {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Y, D::Error> {
        d.deserialize_any(YVisitor)
    }
}

struct YVisitor;

impl<'de> Visitor<'de> for YVisitor {
    type Value = Y;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Y, E> {
        Ok(Y::Null)
    }
    fn visit_none<E>(self) -> Result<Y, E> {
        Ok(Y::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Y, E> {
        Ok(Y::Bool(b))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Y, E> {
        Ok(Y::Number)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Y, E> {
        Ok(Y::Number)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Y, E> {
        Ok(Y::Number)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Y, E> {
        Ok(Y::Number)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Y, E> {
        Ok(Y::Number)
    }
    fn visit_str<E>(self, s: &str) -> Result<Y, E> {
        Ok(Y::Text(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Y, E> {
        Ok(Y::Text(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Y, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Y>()? {
            items.push(item);
        }
        Ok(Y::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Y, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Y::Nested)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Y, A::Error> {
        // A tagged value (`!tag value`).
        use de::VariantAccess;
        let (IgnoredAny, variant) = data.variant::<IgnoredAny>()?;
        variant.newtype_variant::<IgnoredAny>()?;
        Ok(Y::Nested)
    }
}

/// The top-level mapping as `(key, value)` pairs, in order.
struct Top(Vec<(Y, Y)>);

impl<'de> serde::Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Top, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of keys to values")
            }
            fn visit_unit<E>(self) -> Result<Top, E> {
                Ok(Top(Vec::new()))
            }
            fn visit_none<E>(self) -> Result<Top, E> {
                Ok(Top(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<Y, Y>()? {
                    out.push(entry);
                }
                Ok(Top(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// The text of every scalar as written, read again with the shapes of a
/// first reading (a scalar is asked for as a string, which gives its text).
struct Texts<'s>(&'s [(Y, Y)]);

impl<'de> DeserializeSeed<'de> for Texts<'_> {
    type Value = Vec<Vec<Option<String>>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Texts<'_> {
    type Value = Vec<Vec<Option<String>>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping of keys to values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        for (_, value) in self.0 {
            if map.next_key::<IgnoredAny>()?.is_none() {
                break;
            }
            out.push(map.next_value_seed(Text(value))?);
        }
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(out)
    }
}

/// The texts of one value: one for a scalar, one per item for a list
/// (`None` where there is no scalar text to keep).
struct Text<'s>(&'s Y);

impl<'de> DeserializeSeed<'de> for Text<'_> {
    type Value = Vec<Option<String>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        match self.0 {
            Y::Number => Ok(vec![Some(String::deserialize(d)?)]),
            Y::Seq(items) => d.deserialize_seq(Items(items)),
            _ => {
                IgnoredAny::deserialize(d)?;
                Ok(vec![None])
            }
        }
    }
}

struct Items<'s>(&'s [Y]);

impl<'de> Visitor<'de> for Items<'_> {
    type Value = Vec<Option<String>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        for item in self.0 {
            let text = match item {
                Y::Number => seq.next_element::<String>()?,
                _ => seq.next_element::<IgnoredAny>()?.map(|_| String::new()),
            };
            out.push(text.filter(|_| matches!(item, Y::Number)));
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(out)
    }
}

use serde::Deserialize as _;

/// Reads YAML front matter.
pub fn read_yaml(fm: &str) -> Result<Entries, String> {
    let error = |e: serde_norway::Error| format!("YAML front matter: {e}");
    let Top(pairs) = serde_norway::from_str(fm).map_err(error)?;
    let texts = if pairs.iter().any(|(_, v)| has_number(v)) {
        Texts(&pairs)
            .deserialize(serde_norway::Deserializer::from_str(fm))
            .map_err(error)?
    } else {
        Vec::new()
    };
    let text_of = |i: usize, j: usize| {
        texts
            .get(i)
            .and_then(|t| t.get(j))
            .cloned()
            .flatten()
            .unwrap_or_default()
    };
    let scalar = |y: &Y, i: usize, j: usize| match y {
        Y::Null => Fm::Null,
        Y::Bool(b) => Fm::Bool(*b),
        Y::Number => Fm::Number(text_of(i, j)),
        Y::Text(s) => Fm::Text(s.clone()),
        Y::Seq(_) | Y::Nested => Fm::Nested,
    };
    let mut out = Entries::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        let key = match key {
            Y::Text(k) => k.clone(),
            Y::Bool(_) | Y::Number => match scalar(key, usize::MAX, 0).scalar_text() {
                Some(k) => k,
                None => return Err("YAML front matter: a key is not a single value".to_owned()),
            },
            _ => return Err("YAML front matter: a key is not a single value".to_owned()),
        };
        let value = match value {
            Y::Seq(items) => Fm::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(j, item)| scalar(item, i, j))
                    .collect(),
            ),
            other => scalar(other, i, 0),
        };
        out.push((key, value));
    }
    Ok(out)
}

fn has_number(y: &Y) -> bool {
    match y {
        Y::Number => true,
        Y::Seq(items) => items.iter().any(has_number),
        _ => false,
    }
}

// ---- writing ------------------------------------------------------------

/// Writes YAML front matter (fences included).
pub fn write_yaml(entries: &Entries) -> String {
    let mut out = String::from("---\n");
    for (key, value) in entries {
        out.push_str(&string(key));
        out.push(':');
        match value {
            Fm::List(items) if items.is_empty() => out.push_str(" []\n"),
            Fm::List(items) => {
                out.push('\n');
                for item in items {
                    out.push_str("- ");
                    out.push_str(&scalar(item));
                    out.push('\n');
                }
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
    out.push_str("---\n");
    out
}

/// A single value.
fn scalar(v: &Fm) -> String {
    match v {
        Fm::Null | Fm::List(_) | Fm::Nested => "null".to_owned(),
        Fm::Bool(b) => b.to_string(),
        Fm::Date(s) if is_plain_date(s) => s.clone(),
        Fm::Number(s) | Fm::Text(s) | Fm::Date(s) => string(s),
    }
}

/// `YYYY-MM-DD` with an optional ` HH:MM[:SS]`.
fn is_plain_date(s: &str) -> bool {
    let shape = |s: &str, pattern: &str| {
        s.len() == pattern.len()
            && s.bytes().zip(pattern.bytes()).all(|(c, p)| {
                if p == b'9' {
                    c.is_ascii_digit()
                } else {
                    c == p
                }
            })
    };
    ["9999-99-99", "9999-99-99 99:99", "9999-99-99 99:99:99"]
        .iter()
        .any(|p| shape(s, p))
}

/// The words YAML 1.1 reads as booleans or null (compared in lowercase).
const RETYPED_WORDS: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

/// Whether a character must be escaped in YAML (outside the printable set,
/// or a line break YAML 1.1 knows: U+0085, U+2028, U+2029), or is a BOM.
fn needs_escape(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Whether `s` reads as this same string, plainly written, to YAML 1.1 and
/// 1.2 readers alike.
fn is_plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    first.is_alphabetic()
        && !s.ends_with(char::is_whitespace)
        && !s.ends_with(':')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(|c| c == '\t' || needs_escape(c))
        && !RETYPED_WORDS.contains(&s.to_ascii_lowercase().as_str())
}

/// Whether `s`, of several lines, can be written as a literal block
/// (`|-` and the lines indented): no character needing an escape but the
/// line breaks, no `\r`, no white space first (it would read as
/// indentation) and no line break last (`|-` drops it).
fn is_literal(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && !s.ends_with('\n')
        && !s.chars().any(|c| c != '\n' && needs_escape(c))
}

/// A string scalar: plain when [`is_plain`], a literal block when
/// [`is_literal`], otherwise quoted.
fn string(s: &str) -> String {
    if is_plain(s) {
        return s.to_owned();
    }
    if is_literal(s) {
        let mut out = String::from("|-");
        for line in s.split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str("  ");
                out.push_str(line);
            }
        }
        return out;
    }
    if !s.chars().any(needs_escape) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if needs_escape(c) && u32::from(c) <= 0xff => {
                out.push_str(&format!("\\x{:02X}", u32::from(c)));
            }
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
