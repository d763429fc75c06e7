//! Cell values read as what their column means: ids, priorities, dates, amounts, lists.
//! Every function returns the German reason when a value does not fit.

use std::borrow::Cow;

use crate::date::Date;
use crate::german;
use crate::tables::Value;

/// The message for a formula error cell in a used column.
pub(crate) fn formula_error(code: &str) -> String {
    format!(
        "Die Zelle enthält den Formelfehler {code}. Korrigieren Sie die Formel oder tragen Sie \
         den Wert direkt ein."
    )
}

/// Text of a cell as a person reads it (numbers without a trailing `.0`, dates as `15.2.2008`).
pub(crate) fn text(value: &Value) -> Result<String, String> {
    borrowed_text(value).map(Cow::into_owned)
}

/// [`text`] without copying a text cell: for values that are looked at, not kept.
pub(crate) fn borrowed_text(value: &Value) -> Result<Cow<'_, str>, String> {
    match value {
        Value::Text(text) => Ok(Cow::Borrowed(text)),
        Value::Number(n) => Ok(Cow::Owned(number_text(*n))),
        Value::Bool(b) => Ok(Cow::Borrowed(if *b { "ja" } else { "nein" })),
        Value::Date(d) => Ok(Cow::Owned(german::date_text(*d))),
        Value::Error(code) => Err(formula_error(code)),
    }
}

/// An id: `3`, `3.0` → `3`; `3.1`, `SB-3` as written.
pub(crate) fn id(value: &Value) -> Result<String, String> {
    let text = borrowed_text(value)?;
    let id = text.trim().trim_end_matches('.');
    Ok(if id.len() == text.len() {
        text.into_owned()
    } else {
        id.to_owned()
    })
}

/// Shortest decimal form of a number: `3.0` → `3`, `3.1` → `3.1`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        // `to_string` of an integer writes its digits directly, not through `format!`.
        (n as i64).to_string()
    } else {
        format!("{n}")
    }
}

/// A priority ≥ 1: `1`, `1.`, `Prio 1`, `Rang 1`, `1. Priorität`.
pub(crate) fn prioritaet(value: &Value) -> Result<u32, String> {
    let reason = || {
        "Die Priorität muss eine ganze Zahl ab 1 sein (1 = am wichtigsten), z. B. „1“, „1.“ oder „Prio 1“.".to_owned()
    };
    match value {
        Value::Number(n) if n.fract() == 0.0 && *n >= 1.0 && *n <= f64::from(u32::MAX) => {
            Ok(*n as u32)
        }
        Value::Text(text) => {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let rest = text.replace(|c: char| c.is_ascii_digit(), "");
            let words_ok = crate::tables::columns::normalise(&rest)
                .replace("prioritaet", "")
                .replace("prio", "")
                .replace("rang", "")
                .is_empty();
            match digits.parse::<u32>() {
                Ok(n) if n >= 1 && words_ok => Ok(n),
                _ => Err(reason()),
            }
        }
        Value::Error(code) => Err(formula_error(code)),
        _ => Err(reason()),
    }
}

/// A date: a date cell, an Excel serial number, or text such as `15.2.2008`.
pub(crate) fn date(value: &Value, referenzjahr: i32) -> Result<Date, String> {
    let reason = |shown: &str| {
        format!(
            "„{shown}“ ist kein Datum. Schreiben Sie es als Datum, z. B. 15.2.2008 oder 2008-02-15."
        )
    };
    match value {
        Value::Date(d) => Ok(*d),
        Value::Number(n) => {
            Date::from_excel_serial(*n, false).ok_or_else(|| reason(&number_text(*n)))
        }
        Value::Text(t) => Date::parse_text(t, referenzjahr).ok_or_else(|| reason(t)),
        Value::Bool(_) => Err(reason(&text(value)?)),
        Value::Error(code) => Err(formula_error(code)),
    }
}

/// A time frame: the four words in lower case, a year, a date, or the text as written.
pub(crate) fn zeitrahmen(value: &Value) -> Result<String, String> {
    const TERMS: [&str; 4] = ["kurzfristig", "mittelfristig", "langfristig", "laufend"];
    let raw = borrowed_text(value)?;
    if raw.is_ascii() {
        // The same as below without lower-casing a copy of every text.
        let term = TERMS.iter().find(|term| raw.eq_ignore_ascii_case(term));
        return Ok(term.map_or_else(|| raw.into_owned(), |term| (*term).to_owned()));
    }
    let lower = raw.to_lowercase();
    Ok(if TERMS.contains(&lower.as_str()) {
        lower
    } else {
        raw.into_owned()
    })
}

/// Funding: an amount in German form (`12.500 €`, `12.500,50 €`), or the text as written
/// (`Haushalt`, `Drittmittel`, `kostenneutral`).
pub(crate) fn finanzierung(value: &Value) -> Result<String, String> {
    match value {
        Value::Number(n) => Ok(german::euro_text(*n)),
        _ => {
            let raw = text(value)?;
            Ok(parse_amount(&raw).map_or(raw, german::euro_text))
        }
    }
}

/// `12.500,50 €`, `12500`, `12.500 EUR`, `€ 1.000` → the amount; anything with words → `None`.
fn parse_amount(text: &str) -> Option<f64> {
    let core = text
        .trim()
        .trim_start_matches('€')
        .trim_end_matches("EUR")
        .trim_end_matches("Euro")
        .trim_end_matches('€')
        .trim();
    if core.is_empty()
        || !core
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == ' ')
    {
        return None;
    }
    let german = core.replace([' ', '.'], "").replace(',', ".");
    german
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite() && *n >= 0.0)
}

/// Contacts: one or more, separated by `;` or line breaks.
pub(crate) fn list(value: &Value) -> Result<Vec<String>, String> {
    let text = borrowed_text(value)?;
    let mut items = Vec::new();
    let mut start = 0;
    for end in memchr::memchr2_iter(b';', b'\n', text.as_bytes()).chain([text.len()]) {
        // `;` and the line feed are ASCII, so both ends lie on character boundaries.
        let item = text[start..end].trim();
        if !item.is_empty() {
            items.push(item.to_owned());
        }
        start = end + 1;
    }
    Ok(items)
}

/// A wide attendance mark: `x`, `X`, `✓`, `1`, `ja` → present; `-`, `0`, `nein` → absent;
/// `None` for a mark that means neither.
pub(crate) fn present(value: &Value) -> Option<bool> {
    match value {
        Value::Number(n) => Some(*n >= 1.0),
        Value::Bool(b) => Some(*b),
        Value::Text(t) => {
            let t = t.trim();
            // Most marks are already lower-case ASCII (`x`, `1`, `-`): not copied.
            let lower = if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                Cow::Borrowed(t)
            } else {
                Cow::Owned(t.to_lowercase())
            };
            match lower.as_ref() {
                "x" | "✓" | "✔" | "☑" | "1" | "ja" | "j" | "yes" | "anwesend" => Some(true),
                "" | "-" | "–" | "0" | "nein" | "n" | "no" | "e" | "entschuldigt" | "abwesend" => {
                    Some(false)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::Text(s.to_owned())
    }

    #[test]
    fn time_frames_of_the_four_terms_are_written_in_lower_case() {
        for (raw, expected) in [
            ("Kurzfristig", "kurzfristig"),
            ("LAUFEND", "laufend"),
            ("\u{212A}urzfristig", "kurzfristig"),
            ("Mittelfristig (2 Jahre)", "Mittelfristig (2 Jahre)"),
            ("bis Ende 2009", "bis Ende 2009"),
            ("Ab Frühjahr", "Ab Frühjahr"),
        ] {
            assert_eq!(zeitrahmen(&t(raw)).as_deref(), Ok(expected), "{raw}");
        }
        assert_eq!(zeitrahmen(&Value::Number(2009.0)).as_deref(), Ok("2009"));
    }

    #[test]
    fn ids_lose_excels_trailing_zero() {
        assert_eq!(id(&Value::Number(3.0)).unwrap(), "3");
        assert_eq!(id(&Value::Number(3.1)).unwrap(), "3.1");
        assert_eq!(id(&t(" SB-3 ")).unwrap(), "SB-3");
        assert_eq!(id(&t("3.")).unwrap(), "3");
    }

    #[test]
    fn priorities_as_people_write_them() {
        for (input, want) in [
            ("1", 1),
            ("1.", 1),
            ("Prio 1", 1),
            ("Rang 2", 2),
            ("3. Priorität", 3),
        ] {
            assert_eq!(prioritaet(&t(input)), Ok(want), "{input}");
        }
        assert_eq!(prioritaet(&Value::Number(2.0)), Ok(2));
        assert!(prioritaet(&Value::Number(0.0)).is_err());
        assert!(prioritaet(&Value::Number(1.5)).is_err());
        assert!(prioritaet(&t("hoch")).is_err());
        assert!(
            prioritaet(&Value::Error("#DIV/0!".into()))
                .unwrap_err()
                .contains("#DIV/0!")
        );
    }

    #[test]
    fn amounts_in_german_form() {
        assert_eq!(finanzierung(&t("12.500 €")).unwrap(), "12.500 €");
        assert_eq!(finanzierung(&t("12500")).unwrap(), "12.500 €");
        assert_eq!(finanzierung(&t("12.500,50 €")).unwrap(), "12.500,50 €");
        assert_eq!(
            finanzierung(&Value::Number(1_250_000.0)).unwrap(),
            "1.250.000 €"
        );
        assert_eq!(finanzierung(&t("Drittmittel")).unwrap(), "Drittmittel");
        assert_eq!(
            finanzierung(&t("ca. 5.000 € jährlich")).unwrap(),
            "ca. 5.000 € jährlich"
        );
    }

    #[test]
    fn dates_from_cells_serials_and_text() {
        let want = Date::new(2008, 2, 15).unwrap();
        assert_eq!(date(&Value::Date(want), 2008), Ok(want));
        assert_eq!(date(&Value::Number(39493.0), 2008), Ok(want));
        assert_eq!(date(&t("15.02.08"), 2008), Ok(want));
        assert!(
            date(&t("bald"), 2008)
                .unwrap_err()
                .contains("„bald“ ist kein Datum")
        );
    }

    #[test]
    fn contact_lists_split_on_semicolons_and_lines() {
        assert_eq!(
            list(&t("VHS; Jobcenter\nAWO ;")).unwrap(),
            vec!["VHS", "Jobcenter", "AWO"]
        );
        assert_eq!(
            list(&t(";Stadtteilbüro – Frau Öz;;\n Caritas ")).unwrap(),
            vec!["Stadtteilbüro – Frau Öz", "Caritas"]
        );
        assert!(list(&t(" ; \n")).unwrap().is_empty());
        assert_eq!(list(&Value::Number(3.0)).unwrap(), vec!["3"]);
    }

    #[test]
    fn attendance_marks() {
        for mark in ["x", "X", "✓", "1", "ja", " JA ", "Anwesend"] {
            assert_eq!(present(&t(mark)), Some(true), "{mark}");
        }
        for mark in ["-", "–", "NEIN", " e", "Entschuldigt"] {
            assert_eq!(present(&t(mark)), Some(false), "{mark}");
        }
        assert_eq!(present(&t("vielleicht")), None);
    }
}
