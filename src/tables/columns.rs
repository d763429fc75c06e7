//! Column names: the synonyms of every table kind (`input-format.md` §3) and the
//! normalisation that makes `Ansprechpartner/innen`, `ansprechpartner:in` and
//! `Ansprechpartner.` the same name.

use std::sync::LazyLock;

use crate::date::Date;
use crate::tables::sheet::Value;
use crate::tables::table::{Column, SitzungRef, TableKind};

/// The names of one column within one table kind.
struct ColumnSpec {
    column: Column,
    names: &'static [&'static str],
}

/// One table kind: its columns and which of them are key columns.
struct KindSpec {
    kind: TableKind,
    keys: &'static [Column],
    columns: &'static [ColumnSpec],
}

const AG: ColumnSpec = ColumnSpec {
    column: Column::Ag,
    names: &["AG", "Arbeitsgruppe", "Handlungsfeld"],
};

const KINDS: &[KindSpec] = &[
    KindSpec {
        kind: TableKind::Ziele,
        keys: &[Column::Ziel],
        columns: &[
            ColumnSpec {
                column: Column::Number,
                names: &["Nr", "Ziel-Nr", "Zielnummer", "Nummer", "lfd. Nr"],
            },
            ColumnSpec {
                column: Column::Ziel,
                names: &["Ziel", "Ziele", "Zielformulierung", "Zielbeschreibung"],
            },
            ColumnSpec {
                column: Column::Prioritaet,
                names: &["Priorität", "Prio", "Rang", "Rangfolge", "Rangplatz"],
            },
            ColumnSpec {
                column: Column::Leitziel,
                names: &["Leitziel", "Leitziele"],
            },
            AG,
        ],
    },
    KindSpec {
        kind: TableKind::Massnahmen,
        keys: &[Column::Massnahme],
        columns: &[
            ColumnSpec {
                column: Column::Ziel,
                names: &["Ziel", "Ziel-Nr", "Zu Ziel", "Bezug"],
            },
            ColumnSpec {
                column: Column::Number,
                names: &["Nr", "Maßnahme-Nr", "Maßnahmen-Nr"],
            },
            ColumnSpec {
                column: Column::Massnahme,
                names: &[
                    "Maßnahme",
                    "Maßnahmen",
                    "Massnahme(n)",
                    "Maßnahmenvorschlag",
                    "Maßnahmenvorschläge",
                    "Vorschlag",
                ],
            },
            ColumnSpec {
                column: Column::Umsetzung,
                names: &[
                    "Umsetzung",
                    "Umsetzungsvorschlag",
                    "Umsetzungsvorschläge",
                    "Umsetzungsschritte",
                ],
            },
            ColumnSpec {
                column: Column::Ansprechpartner,
                names: &[
                    "Ansprechpartner",
                    "Ansprechperson",
                    "Ansprechpersonen",
                    "Zuständigkeit",
                    "Zuständigkeiten",
                    "Zuständig",
                    "Verantwortlich",
                    "Verantwortliche",
                    "Träger",
                    "Beteiligte",
                ],
            },
            ColumnSpec {
                column: Column::Zeitrahmen,
                names: &[
                    "Zeitrahmen",
                    "Zeitraum",
                    "Zeitplan",
                    "Umsetzungszeitraum",
                    "Termin",
                ],
            },
            ColumnSpec {
                column: Column::Finanzierung,
                names: &[
                    "Finanzierung",
                    "Kosten",
                    "Mittel",
                    "Finanzbedarf",
                    "Ressourcen",
                ],
            },
            AG,
        ],
    },
    KindSpec {
        kind: TableKind::Ausgangslage,
        keys: &[Column::Description],
        columns: &[
            ColumnSpec {
                column: Column::Kind,
                names: &["Art", "Typ", "Kategorie"],
            },
            ColumnSpec {
                column: Column::Description,
                names: &["Beschreibung", "Text", "Inhalt"],
            },
            AG,
        ],
    },
    KindSpec {
        kind: TableKind::Sitzungen,
        keys: &[Column::Date],
        columns: &[
            ColumnSpec {
                column: Column::Number,
                names: &["Nr", "Sitzung", "Termin-Nr"],
            },
            ColumnSpec {
                column: Column::Date,
                names: &["Datum", "Termin"],
            },
            ColumnSpec {
                column: Column::Place,
                names: &["Ort", "Raum"],
            },
            ColumnSpec {
                column: Column::Topic,
                names: &["Thema", "Schwerpunkt", "Tagesordnung"],
            },
            AG,
        ],
    },
    KindSpec {
        kind: TableKind::Teilnehmende,
        keys: &[Column::Organisation, Column::Name, Column::LastName],
        columns: &[
            ColumnSpec {
                column: Column::Name,
                names: &["Name", "Teilnehmer", "Teilnehmende"],
            },
            ColumnSpec {
                column: Column::FirstName,
                names: &["Vorname"],
            },
            ColumnSpec {
                column: Column::LastName,
                names: &["Nachname"],
            },
            ColumnSpec {
                column: Column::Organisation,
                names: &[
                    "Organisation",
                    "Institution",
                    "Einrichtung",
                    "Verein",
                    "Träger",
                ],
            },
            ColumnSpec {
                column: Column::Bereich,
                names: &["Bereich", "Organisationstyp", "Typ", "Gruppe", "Sektor"],
            },
            ColumnSpec {
                column: Column::Sitzung,
                names: &["Sitzung", "Termin", "Datum"],
            },
            AG,
        ],
    },
];

/// The names of every column of every kind ([`KINDS`], same order), folded once with
/// [`normalise`]: header search compares every cell of the first rows with all of them.
static FOLDED: LazyLock<Vec<Vec<Vec<String>>>> = LazyLock::new(|| {
    KINDS
        .iter()
        .map(|spec| {
            spec.columns
                .iter()
                .map(|col_spec| col_spec.names.iter().map(|name| normalise(name)).collect())
                .collect()
        })
        .collect()
});

/// Every table kind, in the order ties are listed.
pub(crate) fn kinds() -> impl Iterator<Item = TableKind> {
    KINDS.iter().map(|spec| spec.kind)
}

/// The first (canonical) name of `spalte` in tables of kind `art`, e.g. `Maßnahme`; what a
/// blank workbook writes as its header.
pub(crate) fn canonical_name(kind: TableKind, column: Column) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|spec| spec.kind == kind)?
        .columns
        .iter()
        .find(|col_spec| col_spec.column == column)?
        .names
        .first()
        .copied()
}

/// Whether `spalte` is a key column of `art`.
pub(crate) fn is_key(kind: TableKind, column: Column) -> bool {
    KINDS
        .iter()
        .any(|spec| spec.kind == kind && spec.keys.contains(&column))
}

/// A header candidate: a cell's value with its text folded by [`normalise`] once, since
/// header search matches every cell of the first rows against every table kind.
pub(crate) struct HeaderCell<'a> {
    value: &'a Value,
    folded: Option<String>,
}

impl<'a> HeaderCell<'a> {
    /// The candidate for one cell.
    pub(crate) fn new(value: &'a Value) -> Self {
        let folded = match value {
            Value::Text(text) => Some(normalise(text)),
            _ => None,
        };
        Self { value, folded }
    }
}

/// The meaning of a header cell in a table of kind `art`, if it has one.
pub(crate) fn match_header(
    kind: TableKind,
    header: &HeaderCell<'_>,
    referenzjahr: i32,
) -> Option<Column> {
    let (text, wanted) = match (header.value, &header.folded) {
        (Value::Text(text), Some(wanted)) => (text, wanted),
        (Value::Date(date), _) if kind == TableKind::Teilnehmende => {
            return Some(Column::Anwesenheit(SitzungRef::Date(*date)));
        }
        _ => return None,
    };
    let (index, spec) = KINDS
        .iter()
        .enumerate()
        .find(|(_, spec)| spec.kind == kind)?;
    let named = spec
        .columns
        .iter()
        .zip(&FOLDED[index])
        .find(|(_, names)| names.contains(wanted))
        .map(|(col_spec, _)| col_spec.column);
    named.or_else(|| {
        (kind == TableKind::Teilnehmende)
            .then(|| session_column(text, wanted, referenzjahr))
            .flatten()
            .map(Column::Anwesenheit)
    })
}

/// A wide attendance list's session column: `Sitzung 1`, `1. Sitzung`, `S1`, `Termin 2`, or a
/// date; `folded` is the text folded by [`normalise`].
fn session_column(text: &str, folded: &str, referenzjahr: i32) -> Option<SitzungRef> {
    if let Some(date) = Date::parse_text(text, referenzjahr) {
        return Some(SitzungRef::Date(date));
    }
    let number = ["sitzung", "termin", "s"]
        .iter()
        .find_map(|word| {
            folded
                .strip_prefix(word)
                .or_else(|| folded.strip_suffix(word))
                .filter(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
        })?
        .parse()
        .ok()?;
    (number > 0).then_some(SitzungRef::Number(number))
}

/// Folds a column name for comparison: case, `ß`/`ss` and umlauts, the gender forms `/in`,
/// `/innen`, `*in`, `:in`, `_in`, `(in)`, `(innen)` and the Binnen-I, then keeps only letters
/// and digits (so `Ziel-Nr.`, `Ziel Nr` and `ZielNr` agree). Runs for every header candidate
/// and many model cells, so it allocates once for ASCII names without gender marks.
pub(crate) fn normalise(name: &str) -> String {
    let stem = strip_capital_i_suffix(name.trim());
    let marked = stem.contains(GENDER_MARKS);
    if stem.is_ascii() && !marked {
        let mut folded = String::with_capacity(stem.len());
        folded.extend(
            stem.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return folded;
    }
    let mut folded = stem.to_lowercase();
    if marked {
        for form in GENDER_FORMS {
            folded = folded.replace(form, "");
        }
    }
    let mut out = String::with_capacity(folded.len() + 4);
    for c in folded.chars() {
        match c {
            'ß' => out.push_str("ss"),
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// The gender forms removed by [`normalise`], in the order they are removed.
const GENDER_FORMS: [&str; 10] = [
    "(innen)", "(in)", "/innen", "/in", "*innen", "*in", ":innen", ":in", "_innen", "_in",
];

/// The characters that start a gender form: a name without any of them has none.
const GENDER_MARKS: [char; 5] = ['(', '/', '*', ':', '_'];

/// `AnsprechpartnerInnen` → `Ansprechpartner`, `TeilnehmerIn` → `Teilnehmer`.
fn strip_capital_i_suffix(name: &str) -> &str {
    for suffix in ["Innen", "In"] {
        if let Some(stem) = name.strip_suffix(suffix)
            && stem.chars().last().is_some_and(char::is_lowercase)
        {
            return stem;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.to_owned())
    }

    fn match_header(kind: TableKind, value: &Value, referenzjahr: i32) -> Option<Column> {
        super::match_header(kind, &HeaderCell::new(value), referenzjahr)
    }

    #[test]
    fn gender_forms_case_and_punctuation_fold_away() {
        let want = normalise("Ansprechpartner");
        for name in [
            "Ansprechpartner/in",
            "Ansprechpartner/innen",
            "Ansprechpartner*in",
            "ansprechpartner:innen",
            "Ansprechpartner(in)",
            "AnsprechpartnerInnen",
            " ANSPRECHPARTNER. ",
            "Ansprechpartner_innen",
        ] {
            assert_eq!(normalise(name), want, "{name}");
        }
        assert_eq!(normalise("Maßnahme"), normalise("Massnahme"));
        assert_eq!(normalise("Priorität"), normalise("Prioritaet"));
        assert_eq!(normalise("lfd. Nr."), "lfdnr");
    }

    #[test]
    fn headers_match_per_kind() {
        use TableKind::*;
        assert_eq!(
            match_header(Massnahmen, &text("Ziel-Nr."), 2008),
            Some(Column::Ziel)
        );
        assert_eq!(
            match_header(Ziele, &text("Ziel-Nr."), 2008),
            Some(Column::Number)
        );
        assert_eq!(
            match_header(Massnahmen, &text("Massnahme(n)"), 2008),
            Some(Column::Massnahme)
        );
        assert_eq!(
            match_header(Ziele, &text("Prio"), 2008),
            Some(Column::Prioritaet)
        );
        assert_eq!(
            match_header(Teilnehmende, &text("Teilnehmer(in)"), 2008),
            Some(Column::Name)
        );
        assert_eq!(
            match_header(Teilnehmende, &text("Typ"), 2008),
            Some(Column::Bereich)
        );
        assert_eq!(
            match_header(Ausgangslage, &text("Typ"), 2008),
            Some(Column::Kind)
        );
        assert_eq!(match_header(Ziele, &text("Bemerkung"), 2008), None);
    }

    #[test]
    fn wide_attendance_session_columns() {
        let by_number = |n| Some(Column::Anwesenheit(SitzungRef::Number(n)));
        let t = TableKind::Teilnehmende;
        assert_eq!(match_header(t, &text("Sitzung 1"), 2008), by_number(1));
        assert_eq!(match_header(t, &text("2. Sitzung"), 2008), by_number(2));
        assert_eq!(match_header(t, &text("S3"), 2008), by_number(3));
        assert_eq!(
            match_header(t, &text("Sitzung"), 2008),
            Some(Column::Sitzung)
        );
        let date = Date::new(2008, 3, 4).unwrap();
        let by_date = Some(Column::Anwesenheit(SitzungRef::Date(date)));
        assert_eq!(match_header(t, &text("4.3.08"), 2008), by_date);
        assert_eq!(match_header(t, &Value::Date(date), 2008), by_date);
        assert_eq!(match_header(TableKind::Ziele, &text("S3"), 2008), None);
        assert_eq!(match_header(t, &text("Schule"), 2008), None);
    }
}
