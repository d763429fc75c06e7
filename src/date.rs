//! Calendar dates without time or zone: the one date type of every stage.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day of the proleptic Gregorian calendar, serialised as `2008-02-15`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2008.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, 1–31.
    pub day: u8,
}

impl Date {
    /// A date if `jahr`, `monat` and `tag` name a real day (and the year lies in 1000–9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let valid = (1000..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// The date of an Excel serial number (1900 date system, with Excel's phantom
    /// 29 February 1900; `is_1904` selects the Mac date system). Fractions (times) are cut off.
    pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<Self> {
        if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
            return None;
        }
        let whole = serial.floor() as i64;
        let days_since_1970 = if is_1904 {
            whole + days_from_civil(1904, 1, 1)
        } else if whole < 60 {
            // Serial 1 is 1 January 1900; Excel counts a 29 February 1900 that never was.
            whole - 1 + days_from_civil(1900, 1, 1)
        } else {
            whole - 2 + days_from_civil(1900, 1, 1)
        };
        let (year, month, day) = civil_from_days(days_since_1970);
        Self::new(year, month, day)
    }

    /// Parses ISO `2008-02-15` (a time part after `T` or a space is ignored).
    pub fn parse_iso(text: &str) -> Option<Self> {
        let date_part = text.trim().split(['T', ' ']).next()?;
        let mut parts = date_part.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Self::new(year, month, day)
    }

    /// Parses a date as people write it: `15.2.2008`, `15.02.08`, `2008-02-15`, `15. Februar 2008`,
    /// `15. Feb. 2008`. A two-digit year goes to the century that puts it nearest to
    /// `referenzjahr` (the concept's year).
    pub fn parse_text(text: &str, referenzjahr: i32) -> Option<Self> {
        let text = text.trim();
        Self::parse_iso(text)
            .filter(|_| text.len() <= 10 && text.contains('-'))
            .or_else(|| parse_dotted(text, referenzjahr))
            .or_else(|| parse_month_name(text, referenzjahr))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The day that lies `days` after 1970-01-01 (the inverse of [`Self::days_since_epoch`]).
    pub(crate) fn from_days_since_epoch(days: i64) -> Self {
        let (year, month, day) = civil_from_days(days);
        Self { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    /// Accepts `"2008-02-15"` (JSON) and TOML's native local dates.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Toml(toml::value::Datetime),
        }
        let text = match Raw::deserialize(deserializer)? {
            Raw::Text(text) => text,
            Raw::Toml(datetime) => datetime.to_string(),
        };
        Self::parse_iso(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "„{text}“ ist kein gültiges Datum (erwartet: JJJJ-MM-TT, z. B. 2008-02-15)"
            ))
        })
    }
}

/// `15.2.2008`, `15.02.08`.
fn parse_dotted(text: &str, referenzjahr: i32) -> Option<Date> {
    let mut parts = text.split('.').map(str::trim);
    let day = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let year = parts.next()?;
    if parts.next().is_some_and(|rest| !rest.is_empty()) {
        return None;
    }
    Date::new(parse_year(year, referenzjahr)?, month, day)
}

/// `15. Februar 2008`, `15. Feb. 2008`, `15 Februar 08`.
fn parse_month_name(text: &str, referenzjahr: i32) -> Option<Date> {
    let words: Vec<&str> = text.split([' ', '.']).filter(|w| !w.is_empty()).collect();
    let [day, month, year] = words.as_slice() else {
        return None;
    };
    let month = month_number(month)?;
    Date::new(parse_year(year, referenzjahr)?, month, day.parse().ok()?)
}

/// The month of a German month name or its common abbreviation (`Feb`, `Sept`, `Mrz`).
fn month_number(name: &str) -> Option<u8> {
    const NAMES: [&str; 12] = [
        "januar",
        "februar",
        "maerz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ];
    let name = name.to_lowercase().replace('ä', "ae");
    if name == "mrz" || name == "jänner" || name == "jaenner" {
        return Some(if name == "mrz" { 3 } else { 1 });
    }
    let found = NAMES
        .iter()
        .position(|full| *full == name || (name.len() >= 3 && full.starts_with(&name)))?;
    u8::try_from(found + 1).ok()
}

/// A four-digit year as written, or a two-digit one in the century nearest to `referenzjahr`.
fn parse_year(text: &str, referenzjahr: i32) -> Option<i32> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i32 = text.parse().ok()?;
    match text.len() {
        4 => Some(value),
        2 => {
            let century = referenzjahr.div_euclid(100) * 100;
            [century - 100, century, century + 100]
                .into_iter()
                .map(|c| c + value)
                .min_by_key(|candidate| (candidate - referenzjahr).abs())
        }
        _ => None,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_match_excel() {
        assert_eq!(
            Date::from_excel_serial(39493.0, false),
            Date::new(2008, 2, 15)
        );
        assert_eq!(
            Date::from_excel_serial(39703.75, false),
            Date::new(2008, 9, 12)
        );
        assert_eq!(Date::from_excel_serial(1.0, false), Date::new(1900, 1, 1));
        assert_eq!(Date::from_excel_serial(61.0, false), Date::new(1900, 3, 1));
        assert_eq!(
            Date::from_excel_serial(38031.0, true),
            Date::new(2008, 2, 15)
        );
        assert_eq!(Date::from_excel_serial(f64::NAN, false), None);
        assert_eq!(Date::from_excel_serial(1e300, false), None);
    }

    #[test]
    fn dates_as_people_write_them() {
        let want = Date::new(2008, 2, 15);
        for text in [
            "15.2.2008",
            "15.02.08",
            "2008-02-15",
            "15. Februar 2008",
            "15. Feb. 2008",
            " 15.2.08 ",
        ] {
            assert_eq!(Date::parse_text(text, 2008), want, "{text}");
        }
        assert_eq!(Date::parse_text("1.3.99", 2008), Date::new(1999, 3, 1));
        assert_eq!(Date::parse_text("1.3.99", 1990), Date::new(1999, 3, 1));
        assert_eq!(Date::parse_text("1.3.10", 2008), Date::new(2010, 3, 1));
        assert_eq!(
            Date::parse_text("3. März 2008", 2008),
            Date::new(2008, 3, 3)
        );
        assert_eq!(Date::parse_text("31.2.2008", 2008), None);
        assert_eq!(Date::parse_text("Sitzung 1", 2008), None);
        assert_eq!(Date::parse_text("15.2.", 2008), None);
    }

    #[test]
    fn iso_round_trip() {
        let d = Date::parse_iso("2008-02-15").unwrap();
        assert_eq!(d.to_string(), "2008-02-15");
        assert_eq!(Date::parse_iso("2008-02-30"), None);
        assert_eq!(
            Date::parse_iso("2008-02-15T10:00:00"),
            Date::new(2008, 2, 15)
        );
    }
}
