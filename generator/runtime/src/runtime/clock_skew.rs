//! Clock skew between this host and the service, learned from the `Date` header of a response that rejected
//! the signature's time, and applied to later signing times.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Offset to add to the local clock, in milliseconds (shared by every call of a client).
#[derive(Debug, Default)]
pub struct ClockSkew {
    offset_ms: AtomicI64,
}

/// Skew changes smaller than this are noise, not a reason to retry.
const SIGNIFICANT_CHANGE_MS: i64 = 1000;

impl ClockSkew {
    /// Current offset in milliseconds: positive when the service's clock is ahead of ours; 0 until learned.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// The corrected current time.
    pub fn now(&self) -> SystemTime {
        apply_offset(SystemTime::now(), self.offset_ms())
    }

    /// Learns the skew from an HTTP `Date` header received at `received`; true when it changed enough that a
    /// retry with a corrected signing time can succeed.
    pub fn update_from_date(&self, date_header: &str, received: SystemTime) -> bool {
        let Some(server) = parse_http_date(date_header) else {
            return false;
        };
        let offset = match server.duration_since(received) {
            Ok(ahead) => i64::try_from(ahead.as_millis()).unwrap_or(i64::MAX),
            Err(behind) => -i64::try_from(behind.duration().as_millis()).unwrap_or(i64::MAX),
        };
        let previous = self.offset_ms.swap(offset, Ordering::Relaxed);
        (offset - previous).abs() >= SIGNIFICANT_CHANGE_MS
    }
}

fn apply_offset(time: SystemTime, offset_ms: i64) -> SystemTime {
    let delta = Duration::from_millis(offset_ms.unsigned_abs());
    let shifted = if offset_ms >= 0 {
        time.checked_add(delta)
    } else {
        time.checked_sub(delta)
    };
    shifted.unwrap_or(time)
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form services send in `Date`.
pub fn parse_http_date(value: &str) -> Option<SystemTime> {
    let rest = value.trim().split_once(", ")?.1;
    let mut fields = rest.split(' ');
    let day: u32 = fields.next()?.parse().ok()?;
    let month = month_number(fields.next()?)?;
    let year: i64 = fields.next()?.parse().ok()?;
    let mut clock = fields.next()?.split(':');
    let hour: u64 = clock.next()?.parse().ok()?;
    let minute: u64 = clock.next()?.parse().ok()?;
    let second: u64 = clock.next()?.parse().ok()?;
    if fields.next()? != "GMT"
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = u64::try_from(days).ok()? * 86_400 + hour * 3600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS.iter().position(|m| *m == name).map(|i| i as u32 + 1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_imf_fixdate() {
        let t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").expect("valid date");
        assert_eq!(
            t.duration_since(UNIX_EPOCH).expect("after epoch").as_secs(),
            784_111_777
        );
        let leap = parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT").expect("leap day");
        assert_eq!(
            leap.duration_since(UNIX_EPOCH)
                .expect("after epoch")
                .as_secs(),
            1_709_164_800
        );
        for bad in [
            "",
            "garbage",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 32 Nov 1994 1:2:3 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn learns_skew_and_reports_significant_changes() {
        let skew = ClockSkew::default();
        let received = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").expect("date");
        assert!(skew.update_from_date("Sun, 06 Nov 1994 09:49:37 GMT", received));
        assert_eq!(skew.offset_ms(), 3_600_000);
        assert!(!skew.update_from_date("Sun, 06 Nov 1994 09:49:37 GMT", received));
        assert!(skew.update_from_date("Sun, 06 Nov 1994 08:48:37 GMT", received));
        assert_eq!(skew.offset_ms(), -60_000);
        assert!(!skew.update_from_date("not a date", received));
        let now = SystemTime::now();
        let corrected = skew.now();
        assert!(corrected < now);
    }
}
