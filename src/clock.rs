//! The local wall clock: the time of day `watch` prints and the moments the workplace and
//! the project's history stamp. Everything else in the crate works with calendar dates only.

use std::time::{SystemTime, UNIX_EPOCH};

/// A moment in the local time zone (UTC where the zone is not known), to the millisecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct LocalTime {
    pub(crate) year: i32,
    pub(crate) month: u8,
    pub(crate) day: u8,
    pub(crate) hour: u8,
    pub(crate) minute: u8,
    pub(crate) second: u8,
    pub(crate) millis: u16,
}

impl LocalTime {
    /// Now.
    pub(crate) fn now() -> Self {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let mut time = local(since.as_secs());
        time.millis = since.subsec_millis() as u16;
        time
    }

    /// `22:15:01`.
    pub(crate) fn time_of_day(self) -> String {
        format!("{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }

    /// `6.12.2026, 22:15:01`, as people read it.
    pub(crate) fn text(self) -> String {
        format!(
            "{}.{}.{}, {}",
            self.day,
            self.month,
            self.year,
            self.time_of_day()
        )
    }

    /// `2026-12-06_22-15-01-123`: a folder name that sorts by time.
    pub(crate) fn stamp(self) -> String {
        format!(
            "{:04}-{:02}-{:02}_{:02}-{:02}-{:02}-{:03}",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.millis
        )
    }

    /// The moment a [`stamp`](Self::stamp) names.
    pub(crate) fn from_stamp(stamp: &str) -> Option<Self> {
        let digits: Vec<&str> = stamp.split(['-', '_']).collect();
        let [year, month, day, hour, minute, second, millis] = digits.as_slice() else {
            return None;
        };
        let time = Self {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
            day: day.parse().ok()?,
            hour: hour.parse().ok()?,
            minute: minute.parse().ok()?,
            second: second.parse().ok()?,
            millis: millis.parse().ok()?,
        };
        (time.stamp() == stamp).then_some(time)
    }
}

/// The local time of a Unix time in seconds.
#[cfg(unix)]
fn local(seconds: u64) -> LocalTime {
    let time = seconds as libc::time_t;
    // SAFETY: `tm` is a plain C struct for which all-zero bytes are a valid value;
    // localtime_r writes only into it and is thread-safe.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the duration of the call.
    let ok = unsafe { !libc::localtime_r(&time, &mut tm).is_null() };
    if !ok {
        return utc(seconds);
    }
    LocalTime {
        year: tm.tm_year + 1900,
        month: (tm.tm_mon + 1) as u8,
        day: tm.tm_mday as u8,
        hour: tm.tm_hour as u8,
        minute: tm.tm_min as u8,
        second: tm.tm_sec as u8,
        millis: 0,
    }
}

/// UTC where the local time zone is not known.
#[cfg(not(unix))]
fn local(seconds: u64) -> LocalTime {
    utc(seconds)
}

fn utc(seconds: u64) -> LocalTime {
    let days = (seconds / 86_400) as i64;
    let in_day = seconds % 86_400;
    let date = crate::date::Date::from_days_since_epoch(days);
    LocalTime {
        year: date.year,
        month: date.month,
        day: date.day,
        hour: (in_day / 3600) as u8,
        minute: (in_day % 3600 / 60) as u8,
        second: (in_day % 60) as u8,
        millis: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_moments() {
        let time = utc(1_223_296_496);
        assert_eq!(time.time_of_day(), "12:34:56");
        assert_eq!(time.text(), "6.10.2008, 12:34:56");
        assert_eq!(time.stamp(), "2008-10-06_12-34-56-000");
    }

    #[test]
    fn stamps_are_read_back_and_nothing_else_is() {
        let time = LocalTime::now();
        assert_eq!(LocalTime::from_stamp(&time.stamp()), Some(time));
        for junk in [
            "",
            "2008-10-06",
            "../2008-10-06_12-34-56-000",
            "2008-10-06_12-34-56-0001",
        ] {
            assert_eq!(LocalTime::from_stamp(junk), None, "{junk}");
        }
    }
}
