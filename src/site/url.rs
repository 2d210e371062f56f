//! Filling URL and save-as patterns (`{slug}.html`,
//! `{date:%Y}/{date:%m}/{slug}/`) as Python's `str.format` does.

use std::fmt::Write as _;

use super::date::SiteDate;

/// A value a pattern's field can take.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue<'a> {
    /// Text (`{slug}`, `{lang}`, `{category}` ...).
    Text(&'a str),
    /// A date (`{date}`, `{date:%Y}`).
    Date(SiteDate),
}

/// Why a pattern could not be filled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    /// The pattern.
    pub pattern: String,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pattern '{}': {}", self.pattern, self.message)
    }
}

impl std::error::Error for PatternError {}

/// Fills `pattern`: `{{` and `}}` are braces, `{name}` and `{name:spec}`
/// are replaced by `lookup(name)`. A date field's spec is a `strftime`
/// format; a text field takes no spec but the empty one. An unknown field,
/// an unclosed brace, or a spec the value cannot take is an error naming
/// the pattern.
///
/// ```
/// use pagefmt::site::{fill, FieldValue, SiteDate};
///
/// let date = SiteDate::parse("2021-03-04 10:00", jiff::civil::date(2026, 1, 1)).unwrap();
/// let lookup = |name: &str| match name {
///     "slug" => Some(FieldValue::Text("hello")),
///     "date" => Some(FieldValue::Date(date)),
///     _ => None,
/// };
/// assert_eq!(fill("{date:%Y}/{date:%m}/{slug}/", &lookup).unwrap(), "2021/03/hello/");
/// assert_eq!(
///     fill("{title}.html", &lookup).unwrap_err().to_string(),
///     "pattern '{title}.html': unknown field `title`"
/// );
/// ```
///
/// # Errors
///
/// See above.
pub fn fill<'a>(
    pattern: &str,
    lookup: &dyn Fn(&str) -> Option<FieldValue<'a>>,
) -> Result<String, PatternError> {
    let err = |message: String| PatternError {
        pattern: pattern.to_owned(),
        message,
    };
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(i) = memchr::memchr2(b'{', b'}', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        let c = rest.as_bytes()[i];
        let after = &rest[i + 1..];
        if after.as_bytes().first() == Some(&c) {
            out.push(c as char);
            rest = &after[1..];
            continue;
        }
        if c == b'}' {
            return Err(err("single '}' encountered".to_owned()));
        }
        let Some(end) = after.find('}') else {
            return Err(err("'{' is not closed".to_owned()));
        };
        let field = &after[..end];
        rest = &after[end + 1..];
        let (name, spec) = field.split_once(':').unwrap_or((field, ""));
        let (name, conversion) = name.split_once('!').unwrap_or((name, ""));
        if !conversion.is_empty() {
            return Err(err(format!("conversion `!{conversion}` is not supported")));
        }
        let value = lookup(name).ok_or_else(|| err(format!("unknown field `{name}`")))?;
        match value {
            FieldValue::Text(t) if spec.is_empty() => out.push_str(t),
            FieldValue::Text(_) => {
                return Err(err(format!(
                    "field `{name}` is text: spec `{spec}` is not supported"
                )))
            }
            FieldValue::Date(d) if spec.is_empty() => {
                // str(datetime): a space between date and time.
                out.push_str(&d.to_string().replacen('T', " ", 1));
            }
            FieldValue::Date(d) => strftime(&d, spec, &mut out).map_err(err)?,
        }
    }
    out.push_str(rest);
    Ok(out)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `strftime` in the C locale, as Python on Linux gives it (`%-d`, glibc's
/// no-padding flag, included).
fn strftime(d: &SiteDate, spec: &str, out: &mut String) -> Result<(), String> {
    let dt = d.datetime;
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut directive = chars.next().ok_or("a lone '%' ends the format")?;
        let pad = if directive == '-' {
            directive = chars.next().ok_or("a lone '%-' ends the format")?;
            false
        } else {
            true
        };
        let num = |out: &mut String, v: i64, width: usize| {
            if pad {
                let _ = write!(out, "{v:0width$}");
            } else {
                let _ = write!(out, "{v}");
            }
        };
        let weekday = dt.weekday().to_monday_zero_offset() as usize;
        match directive {
            'Y' => {
                let _ = write!(out, "{}", dt.year());
            }
            'y' => num(out, i64::from(dt.year() % 100), 2),
            'm' => num(out, i64::from(dt.month()), 2),
            'd' => num(out, i64::from(dt.day()), 2),
            'H' => num(out, i64::from(dt.hour()), 2),
            'I' => num(out, i64::from((dt.hour() + 11) % 12 + 1), 2),
            'M' => num(out, i64::from(dt.minute()), 2),
            'S' => num(out, i64::from(dt.second()), 2),
            'f' => {
                let _ = write!(out, "{:06}", dt.subsec_nanosecond() / 1000);
            }
            'j' => num(out, i64::from(dt.day_of_year()), 3),
            'p' => out.push_str(if dt.hour() < 12 { "AM" } else { "PM" }),
            'B' => out.push_str(MONTHS[usize::from(dt.month().unsigned_abs()) - 1]),
            'b' | 'h' => out.push_str(&MONTHS[usize::from(dt.month().unsigned_abs()) - 1][..3]),
            'A' => out.push_str(DAYS[weekday]),
            'a' => out.push_str(&DAYS[weekday][..3]),
            'u' => num(out, weekday as i64 + 1, 1),
            'w' => num(out, (weekday as i64 + 1) % 7, 1),
            'F' => {
                let _ = write!(out, "{:04}-{:02}-{:02}", dt.year(), dt.month(), dt.day());
            }
            'z' => {
                if let Some(off) = d.offset {
                    let sign = if off < 0 { '-' } else { '+' };
                    let off = off.unsigned_abs();
                    let _ = write!(out, "{sign}{:02}{:02}", off / 3600, off / 60 % 60);
                }
            }
            '%' => out.push('%'),
            other => return Err(format!("strftime directive `%{other}` is not supported")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_formats() {
        let date = SiteDate::parse("2021-03-04 09:05", jiff::civil::date(2026, 1, 1)).unwrap();
        let lookup = |name: &str| match name {
            "slug" => Some(FieldValue::Text("a-b")),
            "date" => Some(FieldValue::Date(date)),
            _ => None,
        };
        let f = |p: &str| fill(p, &lookup);
        assert_eq!(f("{slug}.html").unwrap(), "a-b.html");
        assert_eq!(f("{{{slug}}}").unwrap(), "{a-b}");
        assert_eq!(
            f("{date:%Y/%m/%d/%-d/%b/%B/%a/%A/%H%M%S/%j/%y}").unwrap(),
            "2021/03/04/4/Mar/March/Thu/Thursday/090500/063/21"
        );
        assert_eq!(f("{date}").unwrap(), "2021-03-04 09:05:00");
        assert_eq!(
            f("{slug:>5}").unwrap_err().to_string(),
            "pattern '{slug:>5}': field `slug` is text: spec `>5` is not supported"
        );
        assert_eq!(
            f("{slug").unwrap_err().to_string(),
            "pattern '{slug': '{' is not closed"
        );
        assert_eq!(
            f("a}b").unwrap_err().to_string(),
            "pattern 'a}b': single '}' encountered"
        );
    }
}
