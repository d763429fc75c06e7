//! German number, size, duration, date and amount formatting for messages and documents:
//! the one place for the decimal comma, the thousands dot and the German unit words.
//!
//! Small pure functions, no dependency besides [`Date`], so that every stage and command
//! can use them without a module cycle.

use std::time::Duration;

use crate::date::Date;

/// A count with thousands separators: `1048576` → `1.048.576`.
pub fn count_text(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// A number with `places` decimals and a decimal comma, without thousands separators:
/// `(6.25, 1)` → `6,3`, `(1.5, 2)` → `1,50`.
pub fn decimal_text(value: f64, places: usize) -> String {
    format!("{value:.places$}").replace('.', ",")
}

/// A size in bytes in binary units, one decimal below 100 and none at or above (a trailing
/// `,0` dropped): `67108864` → `64 MiB`, `1536` → `1,5 KiB`, `12` → `12 Byte`.
pub fn size_text(bytes: u64) -> String {
    let mut value = bytes as f64;
    let mut unit = "Byte";
    for next in ["KiB", "MiB", "GiB", "TiB"] {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    let text = if unit == "Byte" {
        bytes.to_string()
    } else if value >= 100.0 {
        format!("{value:.0}")
    } else {
        let text = decimal_text(value, 1);
        text.strip_suffix(",0").unwrap_or(&text).to_owned()
    };
    format!("{text} {unit}")
}

/// A file size in whole kilobytes, rounded up so that no written file shows as `0 KB`:
/// `1` → `1 KB`, `2048` → `2 KB`, `2049` → `3 KB`. The build summary's column of sizes.
pub fn kilobytes_text(bytes: u64) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

/// A time limit in whole minutes when it is one, else in seconds: `5 Minuten`, `1 Minute`,
/// `90 Sekunden`, `1 Sekunde`.
pub fn duration_text(limit: Duration) -> String {
    match limit.as_secs() {
        60 => "1 Minute".to_owned(),
        s if s % 60 == 0 => format!("{} Minuten", s / 60),
        1 => "1 Sekunde".to_owned(),
        s => format!("{s} Sekunden"),
    }
}

/// A measured time in seconds with two decimals: `1.234 s` → `1,23 s`.
pub fn seconds_text(elapsed: Duration) -> String {
    format!("{} s", decimal_text(elapsed.as_secs_f64(), 2))
}

/// A date in the short form the seed writes: `15.2.2008` (no leading zeros).
pub fn date_text(date: Date) -> String {
    format!("{}.{}.{}", date.day, date.month, date.year)
}

/// An amount of money rounded to cents, with thousands separators, cents only when there
/// are any: `12500.0` → `12.500 €`, `12500.5` → `12.500,50 €`.
pub fn euro_text(amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let (whole, rest) = (count_text(cents / 100), cents % 100);
    if rest == 0 {
        format!("{sign}{whole} €")
    } else {
        format!("{sign}{whole},{rest:02} €")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_dots() {
        assert_eq!(count_text(0), "0");
        assert_eq!(count_text(999), "999");
        assert_eq!(count_text(1000), "1.000");
        assert_eq!(count_text(1_048_576), "1.048.576");
        assert_eq!(count_text(u64::MAX), "18.446.744.073.709.551.615");
    }

    #[test]
    fn decimals_have_a_comma() {
        assert_eq!(decimal_text(6.24, 1), "6,2");
        assert_eq!(decimal_text(6.26, 1), "6,3");
        assert_eq!(decimal_text(1.5, 2), "1,50");
        assert_eq!(decimal_text(12345.678, 1), "12345,7");
        assert_eq!(decimal_text(0.0, 1), "0,0");
    }

    #[test]
    fn sizes_in_binary_units() {
        assert_eq!(size_text(12), "12 Byte");
        assert_eq!(size_text(1023), "1023 Byte");
        assert_eq!(size_text(1024), "1 KiB");
        assert_eq!(size_text(1536), "1,5 KiB");
        assert_eq!(size_text(64 << 20), "64 MiB");
        assert_eq!(size_text(3 << 30), "3 GiB");
        assert_eq!(size_text((3 << 20) - 1000), "3 MiB");
        assert_eq!(size_text(150 << 20), "150 MiB");
        assert_eq!(size_text(5 << 40), "5 TiB");
    }

    #[test]
    fn kilobytes_round_up() {
        assert_eq!(kilobytes_text(0), "0 KB");
        assert_eq!(kilobytes_text(1), "1 KB");
        assert_eq!(kilobytes_text(2048), "2 KB");
        assert_eq!(kilobytes_text(2049), "3 KB");
    }

    #[test]
    fn durations_in_minutes_or_seconds() {
        assert_eq!(duration_text(Duration::from_secs(300)), "5 Minuten");
        assert_eq!(duration_text(Duration::from_secs(60)), "1 Minute");
        assert_eq!(duration_text(Duration::from_secs(1)), "1 Sekunde");
        assert_eq!(duration_text(Duration::from_secs(90)), "90 Sekunden");
        assert_eq!(seconds_text(Duration::from_millis(1234)), "1,23 s");
        assert_eq!(seconds_text(Duration::ZERO), "0,00 s");
    }

    #[test]
    fn dates_without_leading_zeros() {
        assert_eq!(date_text(Date::new(2008, 2, 15).unwrap()), "15.2.2008");
        assert_eq!(date_text(Date::new(2008, 10, 6).unwrap()), "6.10.2008");
    }

    #[test]
    fn amounts_in_euro() {
        assert_eq!(euro_text(12_500.0), "12.500 €");
        assert_eq!(euro_text(12_500.5), "12.500,50 €");
        assert_eq!(euro_text(1_250_000.0), "1.250.000 €");
        assert_eq!(euro_text(0.05), "0,05 €");
        assert_eq!(euro_text(999.999), "1.000 €");
        // The earlier rule grouped the sign with the digits (`-.100 €`, `-1.234,-50 €`).
        assert_eq!(euro_text(-100.0), "-100 €");
        assert_eq!(euro_text(-1234.5), "-1.234,50 €");
    }
}
