//! Reading dates as Pelican does (it hands them to `dateutil`): ISO forms,
//! `2019/06/26`, `24-05-2015`, `2018 Nov 22`, `Sunday 3 May 2020`, times
//! with `am`/`pm`, and offsets such as `+0100`, `-05:00` or `Z`.

use std::fmt;

use jiff::civil::{Date, DateTime, Time};

/// A date and time as a page or a setting writes it, read leniently, with
/// the UTC offset when one was written (no time zone is applied to a date
/// written without one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SiteDate {
    /// The local date and time (midnight when no time was written).
    pub datetime: DateTime,
    /// The offset from UTC in seconds, when one was written.
    pub offset: Option<i32>,
}

impl SiteDate {
    /// Reads `text` as `dateutil.parser.parse` reads it (month before day
    /// when both could be either), with the parts not written taken from
    /// `today` (as Pelican's default date). `None` when it is not a date.
    ///
    /// ```
    /// use pagefmt::site::SiteDate;
    /// use jiff::civil::date;
    ///
    /// let today = date(2026, 1, 1);
    /// let d = |s| SiteDate::parse(s, today).map(|d| d.to_string());
    /// assert_eq!(d("2017-01-03 9:00").as_deref(), Some("2017-01-03T09:00:00"));
    /// assert_eq!(d("24-05-2015").as_deref(), Some("2015-05-24T00:00:00"));
    /// assert_eq!(d("Sunday 3 May 2020").as_deref(), Some("2020-05-03T00:00:00"));
    /// assert_eq!(d("2020-03-25 14:00 +0100").as_deref(), Some("2020-03-25T14:00:00+01:00"));
    /// assert_eq!(d("not a date"), None);
    ///
    /// let typed = SiteDate::parse("2018 Nov 22 9:00 +0100", today).unwrap().to_meta_date().unwrap();
    /// assert_eq!(typed.to_iso8601(), "2018-11-22T09:00:00+01:00");
    /// ```
    #[must_use]
    pub fn parse(text: &str, today: Date) -> Option<SiteDate> {
        parse(text, today)
    }

    /// The same date as the typed layer's [`Date`](crate::meta::Date)
    /// (written in ISO 8601); `None` when that type cannot hold it (a year
    /// after 9999).
    #[must_use]
    pub fn to_meta_date(&self) -> Option<crate::meta::Date> {
        let d = self.datetime;
        let time = crate::meta::Time::new(
            u8::try_from(d.hour()).ok()?,
            u8::try_from(d.minute()).ok()?,
            u8::try_from(d.second()).ok()?,
        )?
        .with_nanosecond(u32::try_from(d.subsec_nanosecond()).ok()?)?;
        crate::meta::Date::new(
            u16::try_from(d.year()).ok()?,
            u8::try_from(d.month()).ok()?,
            u8::try_from(d.day()).ok()?,
            Some(time),
            self.offset,
        )
    }

    /// The date at midnight, with no offset.
    #[must_use]
    pub fn from_date(date: Date) -> SiteDate {
        SiteDate {
            datetime: date.to_datetime(Time::midnight()),
            offset: None,
        }
    }
}

/// ISO 8601 as Python's `isoformat()` writes it: `2017-01-03T09:00:00`,
/// microseconds when not zero, then the offset when there is one.
impl fmt::Display for SiteDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.datetime;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        )?;
        let micros = d.subsec_nanosecond() / 1000;
        if micros != 0 {
            write!(f, ".{micros:06}")?;
        }
        if let Some(off) = self.offset {
            let sign = if off < 0 { '-' } else { '+' };
            let off = off.unsigned_abs();
            write!(f, "{sign}{:02}:{:02}", off / 3600, off / 60 % 60)?;
            if off % 60 != 0 {
                write!(f, ":{:02}", off % 60)?;
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok<'a> {
    Num(&'a str),
    Word(String),
    Sep(char),
}

/// The most common form, `YYYY-MM-DD[( |T)HH:MM[:SS]]`, read directly (as
/// the general reading reads it); `None` for any other form or a date
/// that does not exist, which the general reading then looks at.
fn parse_iso(text: &str) -> Option<SiteDate> {
    let b = text.as_bytes();
    let digits = |at: usize, n: usize| -> Option<i8> {
        b.get(at..at + n)?.iter().try_fold(0i8, |acc, &c| {
            c.is_ascii_digit()
                .then(|| {
                    acc.checked_mul(10)?
                        .checked_add(i8::try_from(c - b'0').ok()?)
                })
                .flatten()
        })
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = [0, 2]
        .iter()
        .try_fold(0i16, |acc, &at| Some(acc * 100 + i16::from(digits(at, 2)?)))?;
    let date = Date::new(year, digits(5, 2)?, digits(8, 2)?).ok()?;
    let clock = |sep: usize| matches!(b[10], b' ' | b'T') && b[sep] == b':';
    let (hour, minute, second) = match b.len() {
        10 => (0, 0, 0),
        16 if clock(13) => (digits(11, 2)?, digits(14, 2)?, 0),
        19 if clock(13) && b[16] == b':' => (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?),
        _ => return None,
    };
    let time = Time::new(hour, minute, second, 0).ok()?;
    Some(SiteDate {
        datetime: date.to_datetime(time),
        offset: None,
    })
}

fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            out.push(Tok::Num(&rest[..end]));
            rest = &rest[end..];
        } else if c.is_alphabetic() {
            let end = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            out.push(Tok::Word(rest[..end].to_lowercase()));
            rest = &rest[end..];
        } else {
            if !c.is_whitespace() {
                out.push(Tok::Sep(c));
            } else if !matches!(out.last(), Some(Tok::Sep(' '))) {
                out.push(Tok::Sep(' '));
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
/// Words dateutil skips.
const JUMP: [&str; 10] = ["at", "on", "and", "ad", "m", "t", "of", "st", "nd", "rd"];

fn month_of(w: &str) -> Option<i64> {
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(w)))
        .map(|i| i as i64 + 1)
}

fn is_weekday(w: &str) -> bool {
    w.len() >= 3
        && WEEKDAYS
            .iter()
            .any(|d| *d == w || (w.len() == 3 && d.starts_with(w)) || (w == "tues" || w == "thurs"))
}

/// One date part as read: its value, and whether it was written as a
/// month name (`M`) or with more than two digits (`Y`).
#[derive(Clone, Copy, Debug)]
struct Part {
    value: i64,
    label: Option<char>,
}

#[derive(Default)]
struct Found {
    ymd: Vec<Part>,
    hour: Option<i64>,
    minute: Option<i64>,
    second: Option<i64>,
    micro: Option<i64>,
    ampm: Option<bool>,
    offset: Option<i32>,
}

fn num(s: &str) -> Option<i64> {
    s.parse().ok()
}

#[allow(
    clippy::too_many_lines,
    reason = "one pass over the tokens, as dateutil's"
)]
fn parse(text: &str, today: Date) -> Option<SiteDate> {
    parse_iso(text).or_else(|| parse_general(text, today))
}

/// dateutil's reading, token by token.
fn parse_general(text: &str, today: Date) -> Option<SiteDate> {
    let toks = tokens(text);
    let mut f = Found::default();
    let mut i = 0;
    let at = |i: usize| toks.get(i);
    while i < toks.len() {
        match &toks[i] {
            Tok::Num(n) => {
                let v = num(n)?;
                if at(i + 1) == Some(&Tok::Sep(':')) && f.hour.is_none() {
                    // HH:MM[:SS[.ffffff]]
                    f.hour = Some(v);
                    let Some(Tok::Num(m)) = at(i + 2) else {
                        return None;
                    };
                    f.minute = Some(num(m)?);
                    i += 3;
                    if at(i) == Some(&Tok::Sep(':')) {
                        let Some(Tok::Num(s)) = at(i + 1) else {
                            return None;
                        };
                        f.second = Some(num(s)?);
                        i += 2;
                        if let (Some(Tok::Sep('.' | ',')), Some(Tok::Num(frac))) =
                            (at(i), at(i + 1))
                        {
                            let digits: String =
                                frac.chars().chain("000000".chars()).take(6).collect();
                            f.micro = Some(num(&digits)?);
                            i += 2;
                        }
                    }
                    continue;
                }
                if f.ymd.is_empty() && matches!(n.len(), 8 | 12 | 14) {
                    // YYYYMMDD[hhmm[ss]]
                    f.ymd.push(Part {
                        value: num(&n[..4])?,
                        label: Some('Y'),
                    });
                    f.ymd.push(Part {
                        value: num(&n[4..6])?,
                        label: None,
                    });
                    f.ymd.push(Part {
                        value: num(&n[6..8])?,
                        label: None,
                    });
                    if n.len() >= 12 {
                        f.hour = Some(num(&n[8..10])?);
                        f.minute = Some(num(&n[10..12])?);
                    }
                    if n.len() == 14 {
                        f.second = Some(num(&n[12..14])?);
                    }
                    i += 1;
                    continue;
                }
                let next_word = match (at(i + 1), at(i + 2)) {
                    (Some(Tok::Word(w)), _) => Some(w.as_str()),
                    (Some(Tok::Sep(' ')), Some(Tok::Word(w))) => Some(w.as_str()),
                    _ => None,
                };
                if let Some(w @ ("am" | "pm" | "a" | "p")) = next_word {
                    if f.hour.is_none() && v <= 12 {
                        f.hour = Some(v);
                        f.minute.get_or_insert(0);
                        i += 1;
                        let _ = w;
                        continue;
                    }
                }
                if f.ymd.len() >= 3 {
                    return None;
                }
                let label = (n.len() > 2 || v > 100).then_some('Y');
                f.ymd.push(Part { value: v, label });
                i += 1;
            }
            Tok::Word(w) => {
                let w = w.as_str();
                if let Some(m) = month_of(w) {
                    if f.ymd.len() >= 3 || f.ymd.iter().any(|p| p.label == Some('M')) {
                        return None;
                    }
                    f.ymd.push(Part {
                        value: m,
                        label: Some('M'),
                    });
                } else if is_weekday(w) || JUMP.contains(&w) || w == "th" {
                } else if matches!(w, "am" | "a" | "pm" | "p") {
                    let h = f.hour?;
                    if h > 12 {
                        return None;
                    }
                    f.ampm = Some(matches!(w, "pm" | "p"));
                } else if matches!(w, "utc" | "gmt" | "z") {
                    f.offset = Some(0);
                } else {
                    return None;
                }
                i += 1;
            }
            Tok::Sep(c @ ('+' | '-')) if f.hour.is_some() => {
                let sign = if *c == '-' { -1 } else { 1 };
                let Some(Tok::Num(h)) = at(i + 1) else {
                    return None;
                };
                let (hours, mut minutes) = match h.len() {
                    4 => (num(&h[..2])?, num(&h[2..])?),
                    1 | 2 => (num(h)?, 0),
                    _ => return None,
                };
                i += 2;
                if h.len() <= 2 && at(i) == Some(&Tok::Sep(':')) {
                    if let Some(Tok::Num(m)) = at(i + 1) {
                        minutes = num(m)?;
                        i += 2;
                    }
                }
                f.offset = Some(i32::try_from(sign * (hours * 3600 + minutes * 60)).ok()?);
            }
            Tok::Sep(' ' | ',' | '-' | '/' | '.' | ';' | '\'') => i += 1,
            Tok::Sep(_) => return None,
        }
    }
    if f.ymd.is_empty() && f.hour.is_none() {
        return None;
    }
    let (year, month, day) = resolve(&f.ymd)?;
    let year = match year {
        Some(y) => y,
        None => i64::from(today.year()),
    };
    let month = month.unwrap_or(i64::from(today.month()));
    let day = day.unwrap_or(i64::from(today.day()));
    let mut hour = f.hour.unwrap_or(0);
    match f.ampm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    let date = Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    let time = Time::new(
        i8::try_from(hour).ok()?,
        i8::try_from(f.minute.unwrap_or(0)).ok()?,
        i8::try_from(f.second.unwrap_or(0)).ok()?,
        i32::try_from(f.micro.unwrap_or(0) * 1000).ok()?,
    )
    .ok()?;
    if year < 1 {
        return None;
    }
    Some(SiteDate {
        datetime: date.to_datetime(time),
        offset: f.offset,
    })
}

type Ymd = (Option<i64>, Option<i64>, Option<i64>);

/// Which part is the year, the month and the day, as dateutil decides
/// (month first, then day, when both could be either).
fn resolve(parts: &[Part]) -> Option<Ymd> {
    let v: Vec<i64> = parts.iter().map(|p| p.value).collect();
    let m = parts.iter().position(|p| p.label == Some('M'));
    let y = parts.iter().position(|p| p.label == Some('Y'));
    let labelled = usize::from(m.is_some()) + usize::from(y.is_some());
    if (labelled > 0 && parts.len() == labelled) || (parts.len() == 3 && labelled == 2) {
        // The written forms decide; a third part left over is the day.
        let day = (0..parts.len()).find(|i| Some(*i) != m && Some(*i) != y);
        return Some((y.map(|i| v[i]), m.map(|i| v[i]), day.map(|i| v[i])))
            .map(|(y, m, d)| (y.map(two_digit_year), m, d));
    }
    Some(match v.len() {
        0 => (None, None, None),
        1 => match m {
            Some(_) => (None, Some(v[0]), None),
            None if v[0] > 31 => (Some(v[0]), None, None),
            None => (None, None, Some(v[0])),
        },
        2 => match m {
            Some(mi) => {
                let other = v[1 - mi];
                if other > 31 {
                    (Some(other), Some(v[mi]), None)
                } else {
                    (None, Some(v[mi]), Some(other))
                }
            }
            None if v[0] > 31 => (Some(v[0]), Some(v[1]), None),
            None if v[1] > 31 => (Some(v[1]), Some(v[0]), None),
            None => (None, Some(v[0]), Some(v[1])),
        },
        3 => match m {
            Some(0) if v[1] > 31 => (Some(v[1]), Some(v[0]), Some(v[2])),
            Some(0) => (Some(v[2]), Some(v[0]), Some(v[1])),
            Some(1) if v[0] > 31 => (Some(v[0]), Some(v[1]), Some(v[2])),
            Some(1) => (Some(v[2]), Some(v[1]), Some(v[0])),
            Some(_) if v[1] > 31 => (Some(v[1]), Some(v[2]), Some(v[0])),
            Some(_) => (Some(v[0]), Some(v[2]), Some(v[1])),
            None if v[0] > 31 || y == Some(0) => (Some(v[0]), Some(v[1]), Some(v[2])),
            None if v[0] > 12 => (Some(v[2]), Some(v[1]), Some(v[0])),
            None => (Some(v[2]), Some(v[0]), Some(v[1])),
        },
        _ => return None,
    })
    .map(|(y, m, d)| (y.map(two_digit_year), m, d))
}

/// A two-digit year, as dateutil reads it: within 50 years of 2000.
fn two_digit_year(y: i64) -> i64 {
    if y < 100 {
        if y <= 50 {
            2000 + y
        } else {
            1900 + y
        }
    } else {
        y
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_direct_iso_reading_agrees_with_the_general_one() {
        let today = jiff::civil::date(2024, 6, 1);
        for text in [
            "2020-01-13",
            "2020-01-13 10:00",
            "2020-01-13T10:00:59",
            "1999-12-31 23:59:00",
        ] {
            let direct = super::parse_iso(text);
            assert!(direct.is_some(), "{text}");
            let toks = super::tokens(text);
            assert!(!toks.is_empty());
            // The general reading, without the direct one.
            assert_eq!(direct, super::parse_general(text, today), "{text}");
        }
        for text in [
            "2020-02-30",
            "2020-01-13 24:00",
            "2020-01-13 10:00 +0100",
            "2020-1-13",
            "20200113",
        ] {
            assert_eq!(super::parse_iso(text), None, "{text}");
        }
    }

    use super::*;
    use jiff::civil::date;

    fn d(s: &str) -> Option<String> {
        SiteDate::parse(s, date(2026, 12, 2)).map(|d| d.to_string())
    }

    #[test]
    fn dateutil_forms() {
        // Each as `dateutil.parser.parse` (python-dateutil) reads it.
        for (text, iso) in [
            ("2017-01-03 9:00", "2017-01-03T09:00:00"),
            ("2019/06/26", "2019-06-26T00:00:00"),
            ("24-05-2015", "2015-05-24T00:00:00"),
            ("05-04-2015", "2015-05-04T00:00:00"),
            ("2018 Nov 22", "2018-11-22T00:00:00"),
            ("Sunday 3 May 2020", "2020-05-03T00:00:00"),
            ("Nov 22, 2018", "2018-11-22T00:00:00"),
            ("22 November 2018 10:30 PM", "2018-11-22T22:30:00"),
            ("2020-03-25T14:00:00+01:00", "2020-03-25T14:00:00+01:00"),
            ("2020-03-25 14:00 -0500", "2020-03-25T14:00:00-05:00"),
            ("2020-03-25T14:00:00Z", "2020-03-25T14:00:00+00:00"),
            ("2012-11-30", "2012-11-30T00:00:00"),
            ("2010-12-02 10:14:15.123", "2010-12-02T10:14:15.123000"),
            ("20120202", "2012-02-02T00:00:00"),
            ("Nov 2018", "2018-11-02T00:00:00"),
        ] {
            assert_eq!(d(text).as_deref(), Some(iso), "{text}");
        }
    }

    #[test]
    fn not_dates() {
        for text in ["", "soon", "2020-13-45", "2023-02-30", "12:xx", "1/2/3/4"] {
            assert_eq!(d(text), None, "{text}");
        }
    }
}
