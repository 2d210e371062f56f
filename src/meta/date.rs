//! [`Date`]: a `date` or `modified` value, the crate's own calendar type.

use std::fmt;
use std::hash::{Hash, Hasher};

/// A `date` or `modified` value: a calendar date, an optional time of day
/// and an optional offset from UTC, with the text it was written as.
///
/// [`Date::parse`] reads the forms a page header may hold:
/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` and `YYYY-MM-DD HH:MM:SS`, with `T` in
/// place of the space allowed. The date must exist (`2023-02-30` does not)
/// and the year be 1 to 9999 (as Python's `datetime` needs); hours are
/// 00–23, minutes and seconds 00–59. [`Date::parse_iso8601`] reads those
/// and the ISO 8601 forms [`Date::to_iso8601`] writes (fractions of a
/// second, an offset `Z`, `+HH:MM` or `-HH:MM`); [`Date::new`] builds a
/// date from its parts.
///
/// Two dates are equal when they name the same date, time and offset,
/// however they were written (`2016-05-08 10:14` equals
/// `2016-05-08T10:14:00`); [`Date::as_str`] and `to_string()` give the
/// text as written, which the canonical header writes back.
///
/// ```
/// use pagefmt::{Date, Time};
///
/// let d = Date::parse("2016-05-08 10:14").unwrap();
/// assert_eq!((d.year(), d.month(), d.day()), (2016, 5, 8));
/// assert_eq!(d.time(), Time::new(10, 14, 0));
/// assert_eq!(d.offset_seconds(), None);
/// assert_eq!(d.as_str(), "2016-05-08 10:14");
/// assert_eq!(d.to_iso8601(), "2016-05-08T10:14:00");
///
/// let utc = Date::new(2016, 5, 8, Time::new(10, 14, 0), Some(7200)).unwrap();
/// assert_eq!(utc.to_iso8601(), "2016-05-08T10:14:00+02:00");
/// assert_eq!(Date::parse_iso8601(&utc.to_iso8601()), Some(utc));
/// ```
#[derive(Clone, Debug)]
pub struct Date {
    text: String,
    year: u16,
    month: u8,
    day: u8,
    time: Option<Time>,
    offset: Option<i32>,
}

/// A time of day: hour 0–23, minute and second 0–59, and nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Time {
    hour: u8,
    minute: u8,
    second: u8,
    nanosecond: u32,
}

impl Time {
    /// The time `hour:minute:second`, or `None` when a part is out of range.
    #[must_use]
    pub fn new(hour: u8, minute: u8, second: u8) -> Option<Time> {
        (hour < 24 && minute < 60 && second < 60).then_some(Time {
            hour,
            minute,
            second,
            nanosecond: 0,
        })
    }

    /// The same time with a fraction of a second (`None` when
    /// `nanosecond` is one second or more).
    #[must_use]
    pub fn with_nanosecond(self, nanosecond: u32) -> Option<Time> {
        (nanosecond < 1_000_000_000).then_some(Time { nanosecond, ..self })
    }

    /// The hour, 0–23.
    #[must_use]
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// The minute, 0–59.
    #[must_use]
    pub fn minute(self) -> u8 {
        self.minute
    }

    /// The second, 0–59.
    #[must_use]
    pub fn second(self) -> u8 {
        self.second
    }

    /// The fraction of the second, in nanoseconds.
    #[must_use]
    pub fn nanosecond(self) -> u32 {
        self.nanosecond
    }
}

impl fmt::Display for Time {
    /// `HH:MM:SS`, with the fraction when there is one (`.5`, `.000001`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.hour, self.minute, self.second)?;
        if self.nanosecond > 0 {
            let digits = format!("{:09}", self.nanosecond);
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        Ok(())
    }
}

/// The largest offset from UTC a date may carry: just under a day.
const MAX_OFFSET: i32 = 24 * 3600 - 1;

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 0001-01-01 to the date (proleptic Gregorian calendar).
fn days_from_civil(year: u16, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - 1;
    let before_year = y * 365 + y / 4 - y / 100 + y / 400;
    let before_month: i64 = (1..month).map(|m| i64::from(days_in_month(year, m))).sum();
    before_year + before_month + i64::from(day) - 1
}

impl Date {
    /// A date from its parts, written in ISO 8601 (see
    /// [`Date::to_iso8601`]); `None` when the date does not exist, the year
    /// is not 1 to 9999, an offset is given without a time, or the offset
    /// (in seconds east of UTC) is a day or more.
    #[must_use]
    pub fn new(
        year: u16,
        month: u8,
        day: u8,
        time: Option<Time>,
        offset_seconds: Option<i32>,
    ) -> Option<Date> {
        let mut date = Date::from_parts(year, month, day, time, offset_seconds)?;
        date.text = date.to_iso8601();
        Some(date)
    }

    /// The parts checked, with no text yet.
    fn from_parts(
        year: u16,
        month: u8,
        day: u8,
        time: Option<Time>,
        offset: Option<i32>,
    ) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && offset.is_none_or(|o| time.is_some() && (-MAX_OFFSET..=MAX_OFFSET).contains(&o));
        valid.then(|| Date {
            text: String::new(),
            year,
            month,
            day,
            time,
            offset,
        })
    }

    /// Reads a date in one of the forms a page header may hold (see the
    /// type's docs); the text is kept as written.
    #[must_use]
    pub fn parse(text: &str) -> Option<Date> {
        let mut r = Reader::new(text);
        let date = r.date(false)?;
        r.at_end().then(|| Date {
            text: text.to_owned(),
            ..date
        })
    }

    /// Reads a date in the forms [`Date::parse`] reads, or in ISO 8601 with
    /// seconds' fractions (`.5`, up to 9 digits) and an offset (`Z`,
    /// `+HH:MM`, `-HH:MM`) after a time; the text is kept as written. This
    /// reads everything [`Date::to_iso8601`] writes.
    #[must_use]
    pub fn parse_iso8601(text: &str) -> Option<Date> {
        let mut r = Reader::new(text);
        let date = r.date(true)?;
        r.at_end().then(|| Date {
            text: text.to_owned(),
            ..date
        })
    }

    /// The text as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The year, 1 to 9999.
    #[must_use]
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    #[must_use]
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    #[must_use]
    pub fn day(&self) -> u8 {
        self.day
    }

    /// The time of day, when one was written.
    #[must_use]
    pub fn time(&self) -> Option<Time> {
        self.time
    }

    /// The offset from UTC in seconds east (`+02:00` is 7200), when one was
    /// written; a date without one is in the site's time zone.
    #[must_use]
    pub fn offset_seconds(&self) -> Option<i32> {
        self.offset
    }

    /// The date in ISO 8601: `2016-05-08` without a time,
    /// `2016-05-08T10:14:00` with one (a fraction of a second when there
    /// is one), followed by the offset when there is one (`+02:00`,
    /// `-05:30`, `+00:00`; seconds of an offset as `+HH:MM:SS`).
    #[must_use]
    pub fn to_iso8601(&self) -> String {
        let mut out = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        if let Some(time) = self.time {
            out.push('T');
            out.push_str(&time.to_string());
        }
        if let Some(offset) = self.offset {
            let sign = if offset < 0 { '-' } else { '+' };
            let a = offset.unsigned_abs();
            out.push_str(&format!("{sign}{:02}:{:02}", a / 3600, a / 60 % 60));
            if a % 60 != 0 {
                out.push_str(&format!(":{:02}", a % 60));
            }
        }
        out
    }

    /// Which of two dates comes first: as instants when both have an
    /// offset, otherwise by their date and time as written (midnight when
    /// no time is written), each in its own time zone.
    ///
    /// ```
    /// use pagefmt::Date;
    /// use std::cmp::Ordering;
    ///
    /// let d = |s| Date::parse_iso8601(s).unwrap();
    /// assert_eq!(d("2016-05-08").chronological_cmp(&d("2016-05-08 00:00")), Ordering::Equal);
    /// assert_eq!(d("2016-05-08 09:00").chronological_cmp(&d("2016-05-08 10:00")), Ordering::Less);
    /// // 10:00 at +02:00 is 08:00 UTC, before 09:00 UTC.
    /// assert_eq!(
    ///     d("2016-05-08T10:00:00+02:00").chronological_cmp(&d("2016-05-08T09:00:00Z")),
    ///     Ordering::Less
    /// );
    /// ```
    #[must_use]
    pub fn chronological_cmp(&self, other: &Date) -> std::cmp::Ordering {
        let both = self.offset.is_some() && other.offset.is_some();
        let at = |d: &Date| {
            let t = d.time.unwrap_or_default();
            let secs = days_from_civil(d.year, d.month, d.day) * 86_400
                + i64::from(t.hour) * 3600
                + i64::from(t.minute) * 60
                + i64::from(t.second)
                - if both {
                    i64::from(d.offset.unwrap_or(0))
                } else {
                    0
                };
            (secs, t.nanosecond)
        };
        at(self).cmp(&at(other))
    }

    /// The value compared, hashed: everything but the text.
    fn key(&self) -> (u16, u8, u8, Option<Time>, Option<i32>) {
        (self.year, self.month, self.day, self.time, self.offset)
    }
}

impl PartialEq for Date {
    fn eq(&self, other: &Date) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Date {}

impl Hash for Date {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Display for Date {
    /// The text as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// What a date value must look like, as error messages say it.
pub(crate) const DATE_EXPECTED: &str =
    "a date `YYYY-MM-DD`, optionally followed by ` HH:MM` or ` HH:MM:SS` (or `T` for the space)";

/// A cursor over a date's bytes.
struct Reader<'t> {
    b: &'t [u8],
    at: usize,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        Reader {
            b: text.as_bytes(),
            at: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.at == self.b.len()
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.b.get(self.at) == Some(&c);
        self.at += usize::from(hit);
        hit
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let digits = self.b.get(self.at..self.at + n)?;
        let v = digits.iter().try_fold(0u32, |v, &d| {
            d.is_ascii_digit().then(|| v * 10 + u32::from(d - b'0'))
        })?;
        self.at += n;
        Some(v)
    }

    fn two(&mut self) -> Option<u8> {
        self.digits(2).and_then(|v| u8::try_from(v).ok())
    }

    fn date(&mut self, iso: bool) -> Option<Date> {
        let year = u16::try_from(self.digits(4)?).ok()?;
        if !self.eat(b'-') {
            return None;
        }
        let month = self.two()?;
        if !self.eat(b'-') {
            return None;
        }
        let day = self.two()?;
        let mut time = None;
        let mut offset = None;
        if !self.at_end() {
            if !(self.eat(b' ') || self.eat(b'T')) {
                return None;
            }
            let hour = self.two()?;
            if !self.eat(b':') {
                return None;
            }
            let minute = self.two()?;
            let seconds = self.eat(b':');
            let second = if seconds { self.two()? } else { 0 };
            let mut t = Time::new(hour, minute, second)?;
            if iso && seconds && self.eat(b'.') {
                let start = self.at;
                while self.at - start < 9 && self.b.get(self.at).is_some_and(u8::is_ascii_digit) {
                    self.at += 1;
                }
                let n = self.at - start;
                if n == 0 {
                    return None;
                }
                let frac = self.b[start..self.at]
                    .iter()
                    .fold(0u32, |v, &d| v * 10 + u32::from(d - b'0'));
                t = t.with_nanosecond(frac * 10u32.pow(9 - n as u32))?;
            }
            time = Some(t);
            if iso && !self.at_end() {
                offset = Some(self.offset()?);
            }
        }
        Date::from_parts(year, month, day, time, offset)
    }

    /// `Z`, `+HH:MM` or `-HH:MM` (`:SS` after it allowed).
    fn offset(&mut self) -> Option<i32> {
        if self.eat(b'Z') {
            return Some(0);
        }
        let sign = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return None;
        };
        let hours = self.two()?;
        if !self.eat(b':') {
            return None;
        }
        let minutes = self.two()?;
        let seconds = if self.eat(b':') { self.two()? } else { 0 };
        if hours > 23 || minutes > 59 || seconds > 59 {
            return None;
        }
        Some(sign * (i32::from(hours) * 3600 + i32::from(minutes) * 60 + i32::from(seconds)))
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for Date {
    /// The date as [`Date::to_iso8601`] writes it.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_iso8601())
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for Date {
    /// A string that [`Date::parse_iso8601`] reads.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse_iso8601(&s).ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "invalid date {s:?}: expected an ISO 8601 date `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fraction]]` and an offset `Z` or `+HH:MM`"
            ))
        })
    }
}

#[cfg(feature = "jiff")]
mod jiff_conversions {
    use super::{Date, Time};

    #[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
    impl From<Time> for jiff::civil::Time {
        fn from(t: Time) -> Self {
            // Every part is in range by construction.
            jiff::civil::Time::constant(
                t.hour as i8,
                t.minute as i8,
                t.second as i8,
                t.nanosecond as i32,
            )
        }
    }

    #[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
    impl From<&Date> for jiff::civil::Date {
        fn from(d: &Date) -> Self {
            jiff::civil::Date::constant(d.year as i16, d.month as i8, d.day as i8)
        }
    }

    #[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
    impl From<&Date> for jiff::civil::DateTime {
        /// The date at its time, midnight when it has none (the offset is
        /// dropped: see [`Date::offset_seconds`]).
        fn from(d: &Date) -> Self {
            jiff::civil::Date::from(d)
                .to_datetime(d.time.map_or(jiff::civil::Time::midnight(), Into::into))
        }
    }

    #[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
    impl Date {
        /// The offset as jiff's type, when there is one.
        #[must_use]
        pub fn jiff_offset(&self) -> Option<jiff::tz::Offset> {
            self.offset
                .and_then(|s| jiff::tz::Offset::from_seconds(s).ok())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_forms() {
        for (text, y, m, d, time) in [
            ("2016-05-08", 2016, 5, 8, None),
            ("2012-10-30 10:14", 2012, 10, 30, Some((10, 14, 0))),
            ("2024-02-29T23:59:59", 2024, 2, 29, Some((23, 59, 59))),
            ("0001-01-01 00:00:00", 1, 1, 1, Some((0, 0, 0))),
        ] {
            let got = Date::parse(text).unwrap();
            assert_eq!(got.as_str(), text);
            assert_eq!(got.to_string(), text);
            assert_eq!((got.year(), got.month(), got.day()), (y, m, d));
            assert_eq!(
                got.time(),
                time.map(|(h, mi, s)| Time::new(h, mi, s).unwrap())
            );
            assert_eq!(got.offset_seconds(), None);
            assert_eq!(Date::parse_iso8601(&got.to_iso8601()), Some(got));
        }
        assert_eq!(
            Date::parse("2012-10-30 10:14").map(|d| d.to_iso8601()),
            Some("2012-10-30T10:14:00".to_owned())
        );
    }

    #[test]
    fn iso_forms() {
        for (text, iso, offset) in [
            ("2016-05-08T10:14:00Z", "2016-05-08T10:14:00+00:00", Some(0)),
            (
                "2016-05-08T10:14+02:00",
                "2016-05-08T10:14:00+02:00",
                Some(7200),
            ),
            (
                "2016-05-08 10:14:00-05:30",
                "2016-05-08T10:14:00-05:30",
                Some(-19800),
            ),
            ("2016-05-08T10:14:00.5", "2016-05-08T10:14:00.5", None),
            (
                "2016-05-08T10:14:00.000001+01:00:30",
                "2016-05-08T10:14:00.000001+01:00:30",
                Some(3630),
            ),
        ] {
            let d = Date::parse_iso8601(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(d.to_iso8601(), iso);
            assert_eq!(d.offset_seconds(), offset);
            assert_eq!(Date::parse(text), None, "{text} is no page form");
            assert_eq!(Date::parse_iso8601(iso), Some(d));
        }
        for bad in [
            "2016-05-08Z",
            "2016-05-08T10:14.5",
            "2016-05-08T10:14:00.",
            "2016-05-08T10:14:00+0200",
            "2016-05-08T10:14:00+24:00",
            "2016-05-08T10:14:00.1234567890",
        ] {
            assert_eq!(Date::parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn equality_is_by_value() {
        let a = Date::parse("2016-05-08 10:14").unwrap();
        let b = Date::parse("2016-05-08T10:14:00").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, Date::parse("2016-05-08").unwrap());
        assert_ne!(
            Date::parse_iso8601("2016-05-08T10:14:00Z").unwrap(),
            b,
            "an offset is part of the value"
        );
    }

    #[test]
    fn new_checks_its_parts() {
        assert!(Date::new(2023, 2, 29, None, None).is_none());
        assert!(Date::new(2024, 2, 29, None, None).is_some());
        assert!(Date::new(1900, 2, 29, None, None).is_none());
        assert!(Date::new(2000, 2, 29, None, None).is_some());
        assert!(Date::new(0, 1, 1, None, None).is_none());
        assert!(Date::new(10000, 1, 1, None, None).is_none());
        assert!(Date::new(2023, 4, 31, None, None).is_none());
        assert!(
            Date::new(2023, 1, 1, None, Some(0)).is_none(),
            "offset without a time"
        );
        assert!(Date::new(2023, 1, 1, Time::new(0, 0, 0), Some(86_400)).is_none());
        assert_eq!(
            Date::new(2023, 1, 1, None, None).unwrap().as_str(),
            "2023-01-01"
        );
        assert!(Time::new(24, 0, 0).is_none());
        assert!(Time::new(0, 0, 0)
            .unwrap()
            .with_nanosecond(1_000_000_000)
            .is_none());
    }
}
