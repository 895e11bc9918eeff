//! Smithy timestamps: an instant with nanosecond precision and the three wire formats
//! (`date-time` = RFC 3339, `http-date` = IMF-fixdate, `epoch-seconds`).
//!
//! Calendar arithmetic is done by hand (proleptic Gregorian, days-from-civil) so the runtime
//! needs no date crate. Text forms are limited to years 0000..=9999; the instant itself is not.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;
const MAX_TEXT_YEAR: i64 = 9999;

/// An instant: whole seconds since the Unix epoch (floor) plus a non-negative nanosecond offset.
/// `-1.5` seconds is `{ seconds: -2, subsec_nanos: 500_000_000 }`, so ordering is derived correctly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DateTime {
    seconds: i64,
    subsec_nanos: u32,
}

/// The Smithy `@timestampFormat` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 3339 `date-time`, e.g. `2014-04-29T18:30:38Z`.
    DateTime,
    /// IMF-fixdate, e.g. `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
    /// Seconds since the epoch, e.g. `1398796238` or `1398796238.123`.
    EpochSeconds,
}

/// Why a timestamp could not be parsed or formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeError {
    kind: DateTimeErrorKind,
    format: Format,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum DateTimeErrorKind {
    /// The text is not in the expected format (the reason is static).
    Invalid(&'static str),
    /// The instant's year cannot be written in the format.
    OutOfRange { year: i64 },
}

impl DateTimeError {
    fn invalid(format: Format, reason: &'static str) -> Self {
        DateTimeError {
            kind: DateTimeErrorKind::Invalid(reason),
            format,
        }
    }
}

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.format {
            Format::DateTime => "date-time",
            Format::HttpDate => "http-date",
            Format::EpochSeconds => "epoch-seconds",
        };
        match &self.kind {
            DateTimeErrorKind::Invalid(reason) => write!(f, "invalid {name} timestamp: {reason}"),
            DateTimeErrorKind::OutOfRange { year } => {
                write!(
                    f,
                    "year {year} cannot be written as an {name} timestamp (0000..=9999)"
                )
            }
        }
    }
}

impl std::error::Error for DateTimeError {}

impl DateTime {
    /// The Unix epoch.
    pub const UNIX_EPOCH: DateTime = DateTime {
        seconds: 0,
        subsec_nanos: 0,
    };

    /// Whole seconds since the epoch.
    pub const fn from_secs(seconds: i64) -> Self {
        DateTime {
            seconds,
            subsec_nanos: 0,
        }
    }

    /// Seconds plus a nanosecond offset; nanoseconds beyond one second carry into the seconds.
    pub const fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        DateTime {
            seconds: seconds.saturating_add((nanos / NANOS_PER_SEC) as i64),
            subsec_nanos: nanos % NANOS_PER_SEC,
        }
    }

    /// Milliseconds since the epoch (negative values are before 1970).
    pub const fn from_millis(millis: i64) -> Self {
        DateTime {
            seconds: millis.div_euclid(1000),
            subsec_nanos: (millis.rem_euclid(1000) as u32) * 1_000_000,
        }
    }

    /// Fractional seconds since the epoch. The fraction is taken from the shortest decimal form of
    /// the float, so `946845296.123` yields exactly 123 ms. NaN and infinities are rejected.
    pub fn from_secs_f64(value: f64) -> Result<Self, DateTimeError> {
        if !value.is_finite() || value.abs() >= 9.2e18 {
            return Err(DateTimeError::invalid(
                Format::EpochSeconds,
                "not a finite number of seconds",
            ));
        }
        let mut buf = StackText::new();
        // `{:?}` is the shortest round-trip form; it may use exponent notation (`1e-7`).
        let _ = fmt::Write::write_fmt(&mut buf, format_args!("{value:?}"));
        match buf.as_str() {
            Some(text) if !text.contains(['e', 'E']) => parse_epoch_seconds(text),
            _ => Ok(Self::from_secs_f64_lossy(value)),
        }
    }

    fn from_secs_f64_lossy(value: f64) -> Self {
        let floor = value.floor();
        let nanos = ((value - floor) * f64::from(NANOS_PER_SEC)).round() as u32;
        Self::from_secs_and_nanos(floor as i64, nanos)
    }

    /// The current time from the system clock.
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }

    /// Whole seconds since the epoch (floor: `-1.5 s` is `-2`).
    pub const fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds after [`DateTime::secs`], always below one second.
    pub const fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }

    /// Seconds since the epoch as a float (may lose precision far from the epoch).
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.subsec_nanos) / f64::from(NANOS_PER_SEC)
    }

    /// Milliseconds since the epoch, truncating sub-millisecond precision toward negative infinity;
    /// `None` on overflow.
    pub fn to_millis(&self) -> Option<i64> {
        self.seconds
            .checked_mul(1000)?
            .checked_add(i64::from(self.subsec_nanos / 1_000_000))
    }

    /// Writes the timestamp in `format`.
    pub fn fmt(&self, format: Format) -> Result<String, DateTimeError> {
        let mut out = String::with_capacity(32);
        self.write_to(&mut out, format)?;
        Ok(out)
    }

    /// Appends the timestamp in `format` to `out` (nothing is appended on error).
    pub fn write_to(&self, out: &mut String, format: Format) -> Result<(), DateTimeError> {
        match format {
            Format::EpochSeconds => {
                write_epoch_seconds(out, self.seconds, self.subsec_nanos);
                Ok(())
            }
            Format::DateTime => {
                let civil = self.civil(format)?;
                write_rfc3339(out, &civil, self.subsec_nanos);
                Ok(())
            }
            Format::HttpDate => {
                let civil = self.civil(format)?;
                write_http_date(out, &civil);
                Ok(())
            }
        }
    }

    /// Parses `text` in `format`.
    pub fn parse(text: &str, format: Format) -> Result<Self, DateTimeError> {
        match format {
            Format::DateTime => parse_rfc3339(text),
            Format::HttpDate => parse_http_date(text),
            Format::EpochSeconds => parse_epoch_seconds(text),
        }
    }

    fn civil(&self, format: Format) -> Result<Civil, DateTimeError> {
        let civil = Civil::from_epoch_secs(self.seconds);
        if (0..=MAX_TEXT_YEAR).contains(&civil.year) {
            Ok(civil)
        } else {
            Err(DateTimeError {
                kind: DateTimeErrorKind::OutOfRange { year: civil.year },
                format,
            })
        }
    }
}

/// RFC 3339 (`date-time`); instants outside years 0000..=9999 are shown as epoch seconds instead.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(32);
        if self.write_to(&mut out, Format::DateTime).is_err() {
            write_epoch_seconds(&mut out, self.seconds, self.subsec_nanos);
        }
        f.write_str(&out)
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => {
                let secs = i64::try_from(after.as_secs()).unwrap_or(i64::MAX);
                DateTime::from_secs_and_nanos(secs, after.subsec_nanos())
            }
            Err(before) => {
                let before = before.duration();
                let secs = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                match before.subsec_nanos() {
                    0 => DateTime::from_secs(-secs),
                    nanos => DateTime {
                        seconds: -secs - 1,
                        subsec_nanos: NANOS_PER_SEC - nanos,
                    },
                }
            }
        }
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeError;

    fn try_from(time: DateTime) -> Result<Self, Self::Error> {
        let overflow = || {
            DateTimeError::invalid(
                Format::EpochSeconds,
                "instant not representable as SystemTime",
            )
        };
        if time.seconds >= 0 {
            let after = Duration::new(time.seconds.unsigned_abs(), time.subsec_nanos);
            UNIX_EPOCH.checked_add(after).ok_or_else(overflow)
        } else {
            let before = Duration::from_secs(time.seconds.unsigned_abs());
            UNIX_EPOCH
                .checked_sub(before)
                .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(time.subsec_nanos))))
                .ok_or_else(overflow)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic

/// A broken-down UTC time.
#[derive(Debug, PartialEq, Eq)]
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// 0 = Sunday.
    weekday: u32,
}

impl Civil {
    fn from_epoch_secs(secs: i64) -> Civil {
        let days = secs.div_euclid(SECS_PER_DAY);
        let in_day = secs.rem_euclid(SECS_PER_DAY) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: in_day / 3600,
            minute: in_day / 60 % 60,
            second: in_day % 60,
            // 1970-01-01 was a Thursday (4).
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

// ---------------------------------------------------------------------------------------------
// Writers

fn push_digits(out: &mut String, value: u32, width: usize) {
    let mut buf = [b'0'; 10];
    let mut v = value;
    let mut i = buf.len();
    while v > 0 || i == buf.len() {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let start = i.min(buf.len() - width.min(buf.len()));
    out.extend(buf[start..].iter().map(|&b| b as char));
}

/// `.` plus the nanoseconds without trailing zeros; nothing when zero.
fn push_fraction(out: &mut String, nanos: u32) {
    if nanos == 0 {
        return;
    }
    let mut digits = 9;
    let mut trimmed = nanos;
    while trimmed.is_multiple_of(10) {
        trimmed /= 10;
        digits -= 1;
    }
    out.push('.');
    push_digits(out, trimmed, digits);
}

fn write_rfc3339(out: &mut String, c: &Civil, nanos: u32) {
    push_digits(out, c.year as u32, 4);
    out.push('-');
    push_digits(out, c.month, 2);
    out.push('-');
    push_digits(out, c.day, 2);
    out.push('T');
    push_digits(out, c.hour, 2);
    out.push(':');
    push_digits(out, c.minute, 2);
    out.push(':');
    push_digits(out, c.second, 2);
    push_fraction(out, nanos);
    out.push('Z');
}

/// IMF-fixdate has no fractional seconds; they are dropped.
fn write_http_date(out: &mut String, c: &Civil) {
    out.push_str(WEEKDAYS[c.weekday as usize % 7]);
    out.push_str(", ");
    push_digits(out, c.day, 2);
    out.push(' ');
    out.push_str(MONTHS[(c.month as usize + 11) % 12]);
    out.push(' ');
    push_digits(out, c.year as u32, 4);
    out.push(' ');
    push_digits(out, c.hour, 2);
    out.push(':');
    push_digits(out, c.minute, 2);
    out.push(':');
    push_digits(out, c.second, 2);
    out.push_str(" GMT");
}

fn write_epoch_seconds(out: &mut String, seconds: i64, nanos: u32) {
    use fmt::Write;
    if nanos == 0 || seconds >= 0 {
        let _ = write!(out, "{seconds}");
        push_fraction(out, nanos);
    } else {
        // seconds + nanos/1e9 with seconds < 0 is -( |seconds + 1| + (1e9 - nanos)/1e9 ).
        let whole = (seconds + 1).unsigned_abs();
        let _ = write!(out, "-{whole}");
        push_fraction(out, NANOS_PER_SEC - nanos);
    }
}

// ---------------------------------------------------------------------------------------------
// Parsers

/// A byte cursor over ASCII timestamp text.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    format: Format,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, format: Format) -> Self {
        Cursor {
            bytes: text.as_bytes(),
            pos: 0,
            format,
        }
    }

    fn err(&self, reason: &'static str) -> DateTimeError {
        DateTimeError::invalid(self.format, reason)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, expected: u8) -> bool {
        if self.peek() == Some(expected) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, expected: u8, reason: &'static str) -> Result<(), DateTimeError> {
        if self.eat(expected) {
            Ok(())
        } else {
            Err(self.err(reason))
        }
    }

    /// Exactly `count` ASCII digits.
    fn digits(&mut self, count: usize, reason: &'static str) -> Result<u32, DateTimeError> {
        let end = self.pos + count;
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| self.err(reason))?;
        let mut value = 0u32;
        for &b in slice {
            if !b.is_ascii_digit() {
                return Err(self.err(reason));
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.pos = end;
        Ok(value)
    }

    /// `.` followed by one or more digits; digits beyond nanoseconds are ignored.
    fn optional_fraction(&mut self) -> Result<u32, DateTimeError> {
        if !self.eat(b'.') {
            return Ok(0);
        }
        let start = self.pos;
        let mut nanos = 0u32;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            let index = self.pos - start;
            if index < 9 {
                nanos += u32::from(b - b'0') * 10u32.pow(8 - index as u32);
            }
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.err("expected digits after '.'"));
        }
        Ok(nanos)
    }

    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

fn to_instant(
    cursor: &Cursor<'_>,
    (year, month, day): (i64, u32, u32),
    (hour, minute, second): (u32, u32, u32),
) -> Result<i64, DateTimeError> {
    if !(1..=12).contains(&month) {
        return Err(cursor.err("month out of range"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(cursor.err("day out of range for the month"));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(cursor.err("time of day out of range"));
    }
    let secs_in_day = i64::from(hour * 3600 + minute * 60 + second);
    Ok(days_from_civil(year, month, day) * SECS_PER_DAY + secs_in_day)
}

fn parse_rfc3339(text: &str) -> Result<DateTime, DateTimeError> {
    let mut c = Cursor::new(text, Format::DateTime);
    let year = c.digits(4, "expected a 4-digit year")?;
    c.expect(b'-', "expected '-' after the year")?;
    let month = c.digits(2, "expected a 2-digit month")?;
    c.expect(b'-', "expected '-' after the month")?;
    let day = c.digits(2, "expected a 2-digit day")?;
    if !(c.eat(b'T') || c.eat(b't')) {
        return Err(c.err("expected 'T' between date and time"));
    }
    let hour = c.digits(2, "expected a 2-digit hour")?;
    c.expect(b':', "expected ':' after the hour")?;
    let minute = c.digits(2, "expected 2-digit minutes")?;
    c.expect(b':', "expected ':' after the minutes")?;
    let second = c.digits(2, "expected 2-digit seconds")?;
    let nanos = c.optional_fraction()?;
    let offset_secs = match c.peek() {
        Some(b'Z' | b'z') => {
            c.pos += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let hours = c.digits(2, "expected 2-digit offset hours")?;
            c.expect(b':', "expected ':' in the offset")?;
            let minutes = c.digits(2, "expected 2-digit offset minutes")?;
            if hours > 23 || minutes > 59 {
                return Err(c.err("offset out of range"));
            }
            let secs = i64::from(hours * 3600 + minutes * 60);
            if sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return Err(c.err("expected 'Z' or a UTC offset")),
    };
    if !c.at_end() {
        return Err(c.err("unexpected text after the timestamp"));
    }
    let local = to_instant(&c, (i64::from(year), month, day), (hour, minute, second))?;
    Ok(DateTime {
        seconds: local - offset_secs,
        subsec_nanos: nanos,
    })
}

fn parse_http_date(text: &str) -> Result<DateTime, DateTimeError> {
    let mut c = Cursor::new(text, Format::HttpDate);
    let weekday = c
        .bytes
        .get(..3)
        .ok_or_else(|| c.err("expected a weekday name"))?;
    if !WEEKDAYS.iter().any(|w| w.as_bytes() == weekday) {
        return Err(c.err("expected a weekday name"));
    }
    c.pos = 3;
    c.expect(b',', "expected ',' after the weekday")?;
    c.expect(b' ', "expected ' ' after the weekday")?;
    let day = c.digits(2, "expected a 2-digit day")?;
    c.expect(b' ', "expected ' ' after the day")?;
    let month_name = c
        .bytes
        .get(c.pos..c.pos + 3)
        .ok_or_else(|| c.err("expected a month name"))?;
    let month = MONTHS
        .iter()
        .position(|m| m.as_bytes() == month_name)
        .ok_or_else(|| c.err("expected a month name"))? as u32
        + 1;
    c.pos += 3;
    c.expect(b' ', "expected ' ' after the month")?;
    let year = c.digits(4, "expected a 4-digit year")?;
    c.expect(b' ', "expected ' ' after the year")?;
    let hour = c.digits(2, "expected a 2-digit hour")?;
    c.expect(b':', "expected ':' after the hour")?;
    let minute = c.digits(2, "expected 2-digit minutes")?;
    c.expect(b':', "expected ':' after the minutes")?;
    let second = c.digits(2, "expected 2-digit seconds")?;
    let nanos = c.optional_fraction()?;
    if c.rest() != b" GMT" {
        return Err(c.err("expected ' GMT' at the end"));
    }
    let seconds = to_instant(&c, (i64::from(year), month, day), (hour, minute, second))?;
    Ok(DateTime {
        seconds,
        subsec_nanos: nanos,
    })
}

fn parse_epoch_seconds(text: &str) -> Result<DateTime, DateTimeError> {
    let mut c = Cursor::new(text, Format::EpochSeconds);
    let negative = c.eat(b'-');
    if !negative {
        c.eat(b'+');
    }
    let start = c.pos;
    let mut whole: i64 = 0;
    while let Some(b) = c.peek().filter(u8::is_ascii_digit) {
        whole = whole
            .checked_mul(10)
            .and_then(|w| w.checked_add(i64::from(b - b'0')))
            .ok_or_else(|| c.err("too many seconds"))?;
        c.pos += 1;
    }
    if c.pos == start {
        return Err(c.err("expected digits"));
    }
    let nanos = c.optional_fraction()?;
    if !c.at_end() {
        // Exponent notation and the like: fall back to float parsing.
        return text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && v.abs() < 9.2e18)
            .map(DateTime::from_secs_f64_lossy)
            .ok_or_else(|| c.err("not a number of seconds"));
    }
    Ok(match (negative, nanos) {
        (false, _) => DateTime {
            seconds: whole,
            subsec_nanos: nanos,
        },
        (true, 0) => DateTime::from_secs(-whole),
        (true, _) => DateTime {
            seconds: -whole - 1,
            subsec_nanos: NANOS_PER_SEC - nanos,
        },
    })
}

/// A fixed-size `fmt::Write` target, so formatting a float does not allocate.
struct StackText {
    buf: [u8; 40],
    len: usize,
    overflow: bool,
}

impl StackText {
    fn new() -> Self {
        StackText {
            buf: [0; 40],
            len: 0,
            overflow: false,
        }
    }

    fn as_str(&self) -> Option<&str> {
        if self.overflow {
            return None;
        }
        std::str::from_utf8(self.buf.get(..self.len)?).ok()
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        match self.buf.get_mut(self.len..end) {
            Some(slot) => {
                slot.copy_from_slice(s.as_bytes());
                self.len = end;
                Ok(())
            }
            None => {
                self.overflow = true;
                Err(fmt::Error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, format: Format) -> DateTime {
        DateTime::parse(text, format).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn protocol_test_wire_forms() {
        let t = DateTime::from_secs(1398796238);
        assert_eq!(t.fmt(Format::DateTime).unwrap(), "2014-04-29T18:30:38Z");
        assert_eq!(
            t.fmt(Format::HttpDate).unwrap(),
            "Tue, 29 Apr 2014 18:30:38 GMT"
        );
        assert_eq!(t.fmt(Format::EpochSeconds).unwrap(), "1398796238");
        let t = DateTime::from_secs(1576540098);
        assert_eq!(
            t.fmt(Format::HttpDate).unwrap(),
            "Mon, 16 Dec 2019 23:48:18 GMT"
        );
        assert_eq!(t.fmt(Format::DateTime).unwrap(), "2019-12-16T23:48:18Z");
        let t = DateTime::from_secs(946845296);
        assert_eq!(
            t.fmt(Format::HttpDate).unwrap(),
            "Sun, 02 Jan 2000 20:34:56 GMT"
        );
        assert_eq!(
            DateTime::from_secs(1).fmt(Format::DateTime).unwrap(),
            "1970-01-01T00:00:01Z"
        );
    }

    #[test]
    fn rfc3339_offsets_and_fractions() {
        let expected = DateTime::from_secs(1576540098);
        assert_eq!(
            parse("2019-12-16T22:48:18-01:00", Format::DateTime),
            expected
        );
        assert_eq!(
            parse("2019-12-17T00:48:18+01:00", Format::DateTime),
            expected
        );
        assert_eq!(parse("2019-12-16t23:48:18z", Format::DateTime), expected);
        let frac = parse("2000-01-02T20:34:56.123Z", Format::DateTime);
        assert_eq!(frac, DateTime::from_secs_and_nanos(946845296, 123_000_000));
        assert_eq!(
            frac.fmt(Format::DateTime).unwrap(),
            "2000-01-02T20:34:56.123Z"
        );
        assert_eq!(frac, DateTime::from_secs_f64(946845296.123).unwrap());
        let long = parse("2000-01-02T20:34:56.1234567891234Z", Format::DateTime);
        assert_eq!(long.subsec_nanos(), 123_456_789);
        assert_eq!(
            long.fmt(Format::DateTime).unwrap(),
            "2000-01-02T20:34:56.123456789Z"
        );
    }

    #[test]
    fn rfc3339_rejects_invalid() {
        for bad in [
            "",
            "2019-12-16",
            "2019-12-16T23:48:18",
            "2019-02-29T00:00:00Z",
            "2019-13-01T00:00:00Z",
            "2019-00-01T00:00:00Z",
            "2019-04-31T00:00:00Z",
            "2019-12-16T24:00:00Z",
            "2019-12-16T23:60:00Z",
            "2019-12-16T23:48:18.Z",
            "2019-12-16T23:48:18Zjunk",
            "2019-12-16T23:48:18+0100",
            "19-12-16T23:48:18Z",
            "2019-12-16 23:48:18Z",
            "２019-12-16T23:48:18Z",
        ] {
            assert!(
                DateTime::parse(bad, Format::DateTime).is_err(),
                "{bad:?} should be rejected"
            );
        }
        assert!(DateTime::parse("2020-02-29T00:00:00Z", Format::DateTime).is_ok());
        assert!(DateTime::parse("2000-02-29T00:00:00Z", Format::DateTime).is_ok());
        assert!(DateTime::parse("1900-02-29T00:00:00Z", Format::DateTime).is_err());
    }

    #[test]
    fn http_date_parsing() {
        let t = parse("Tue, 29 Apr 2014 18:30:38 GMT", Format::HttpDate);
        assert_eq!(t, DateTime::from_secs(1398796238));
        let frac = parse("Tue, 29 Apr 2014 18:30:38.25 GMT", Format::HttpDate);
        assert_eq!(frac, DateTime::from_secs_and_nanos(1398796238, 250_000_000));
        // Fractions are not part of IMF-fixdate output.
        assert_eq!(
            frac.fmt(Format::HttpDate).unwrap(),
            "Tue, 29 Apr 2014 18:30:38 GMT"
        );
        for bad in [
            "Tue, 29 Apr 2014 18:30:38",
            "Tue 29 Apr 2014 18:30:38 GMT",
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 Foo 2014 18:30:38 GMT",
            "Tue, 31 Apr 2014 18:30:38 GMT",
            "Tue, 9 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38 UTC",
            "Tue, 29 Apr 2014 18:30:38 GMT ",
        ] {
            assert!(
                DateTime::parse(bad, Format::HttpDate).is_err(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn epoch_seconds_text() {
        let t = parse("1515531081.1234", Format::EpochSeconds);
        assert_eq!(t, DateTime::from_secs_and_nanos(1515531081, 123_400_000));
        assert_eq!(t.fmt(Format::EpochSeconds).unwrap(), "1515531081.1234");
        assert_eq!(
            parse("-1.5", Format::EpochSeconds),
            DateTime::from_secs_and_nanos(-2, 500_000_000)
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(-2, 500_000_000)
                .fmt(Format::EpochSeconds)
                .unwrap(),
            "-1.5"
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(-1, 250_000_000)
                .fmt(Format::EpochSeconds)
                .unwrap(),
            "-0.75"
        );
        assert_eq!(
            parse("-0.75", Format::EpochSeconds),
            DateTime::from_secs_and_nanos(-1, 250_000_000)
        );
        assert_eq!(
            DateTime::from_secs(-5).fmt(Format::EpochSeconds).unwrap(),
            "-5"
        );
        assert_eq!(
            parse("1.5e3", Format::EpochSeconds),
            DateTime::from_secs(1500)
        );
        for bad in ["", "-", "abc", "1.", "1..2", "NaN", "99999999999999999999"] {
            assert!(
                DateTime::parse(bad, Format::EpochSeconds).is_err(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn negative_epochs_and_extreme_years() {
        let t = DateTime::from_secs(-1);
        assert_eq!(t.fmt(Format::DateTime).unwrap(), "1969-12-31T23:59:59Z");
        assert_eq!(
            t.fmt(Format::HttpDate).unwrap(),
            "Wed, 31 Dec 1969 23:59:59 GMT"
        );
        let first = parse("0001-01-01T00:00:00Z", Format::DateTime);
        assert_eq!(first.secs(), -62135596800);
        assert_eq!(
            first.fmt(Format::HttpDate).unwrap(),
            "Mon, 01 Jan 0001 00:00:00 GMT"
        );
        let last = parse("9999-12-31T23:59:59.999999999Z", Format::DateTime);
        assert_eq!(last.secs(), 253402300799);
        assert_eq!(
            last.fmt(Format::DateTime).unwrap(),
            "9999-12-31T23:59:59.999999999Z"
        );
        let beyond = DateTime::from_secs(253402300800);
        assert!(beyond.fmt(Format::DateTime).is_err());
        assert!(beyond.fmt(Format::HttpDate).is_err());
        assert_eq!(beyond.to_string(), "253402300800");
        assert_eq!(
            DateTime::from_secs(i64::MIN)
                .fmt(Format::EpochSeconds)
                .unwrap(),
            i64::MIN.to_string()
        );
    }

    #[test]
    fn every_day_round_trips() {
        // Every day from 1600 to 2400, plus the weekday of each, checked against a running counter.
        let mut days = days_from_civil(1600, 1, 1);
        let mut weekday = Civil::from_epoch_secs(days * SECS_PER_DAY).weekday;
        assert_eq!(weekday, 6, "1600-01-01 was a Saturday");
        for year in 1600..2400 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(days_from_civil(year, month, day), days);
                    let c = Civil::from_epoch_secs(days * SECS_PER_DAY + 3661);
                    assert_eq!(
                        (c.year, c.month, c.day, c.hour, c.minute, c.second),
                        (year, month, day, 1, 1, 1)
                    );
                    assert_eq!(c.weekday, weekday);
                    days += 1;
                    weekday = (weekday + 1) % 7;
                }
            }
        }
    }

    #[test]
    fn constructors() {
        assert_eq!(
            DateTime::from_millis(-1500),
            DateTime::from_secs_and_nanos(-2, 500_000_000)
        );
        assert_eq!(DateTime::from_millis(1500).to_millis(), Some(1500));
        assert_eq!(DateTime::from_millis(-1500).to_millis(), Some(-1500));
        assert_eq!(
            DateTime::from_secs_and_nanos(1, 2_500_000_000),
            DateTime::from_secs_and_nanos(3, 500_000_000)
        );
        assert_eq!(
            DateTime::from_secs_f64(-1.5).unwrap(),
            DateTime::from_secs_and_nanos(-2, 500_000_000)
        );
        assert_eq!(
            DateTime::from_secs_f64(1e-7).unwrap(),
            DateTime::from_secs_and_nanos(0, 100)
        );
        assert!(DateTime::from_secs_f64(f64::NAN).is_err());
        assert!(DateTime::from_secs_f64(f64::INFINITY).is_err());
        assert_eq!(
            DateTime::from_secs_and_nanos(1, 500_000_000).as_secs_f64(),
            1.5
        );
        assert!(DateTime::from_secs(1) < DateTime::from_secs_and_nanos(1, 1));
        assert!(DateTime::from_secs_and_nanos(-2, 999_999_999) < DateTime::from_secs(-1));
    }

    #[test]
    fn system_time_round_trip() {
        for t in [
            DateTime::from_secs_and_nanos(1398796238, 123),
            DateTime::from_secs_and_nanos(-2, 500_000_000),
            DateTime::from_secs(-10),
            DateTime::UNIX_EPOCH,
        ] {
            let system = SystemTime::try_from(t).unwrap();
            assert_eq!(DateTime::from(system), t);
        }
        let now = DateTime::now();
        assert!(now.secs() > 1_700_000_000);
    }

    #[test]
    fn display_and_errors() {
        assert_eq!(
            DateTime::from_secs_and_nanos(0, 10_000_000).to_string(),
            "1970-01-01T00:00:00.01Z"
        );
        let err = DateTime::parse("nope", Format::HttpDate).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid http-date timestamp: expected a weekday name"
        );
    }
}
