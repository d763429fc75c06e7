//! Column names: the synonyms of every table kind (`input-format.md` §3) and the
//! normalisation that makes `Ansprechpartner/innen`, `ansprechpartner:in` and
//! `Ansprechpartner.` the same name.

use std::sync::LazyLock;

use crate::datum::Datum;
use crate::tables::{SitzungsBezug, Spalte, TabellenArt, Wert};

/// The names of one column within one table kind.
struct Column {
    spalte: Spalte,
    names: &'static [&'static str],
}

/// One table kind: its columns and which of them are key columns.
struct Kind {
    art: TabellenArt,
    keys: &'static [Spalte],
    columns: &'static [Column],
}

const AG: Column = Column {
    spalte: Spalte::Ag,
    names: &["AG", "Arbeitsgruppe", "Handlungsfeld"],
};

const KINDS: &[Kind] = &[
    Kind {
        art: TabellenArt::Ziele,
        keys: &[Spalte::Ziel],
        columns: &[
            Column {
                spalte: Spalte::Nr,
                names: &["Nr", "Ziel-Nr", "Zielnummer", "Nummer", "lfd. Nr"],
            },
            Column {
                spalte: Spalte::Ziel,
                names: &["Ziel", "Ziele", "Zielformulierung", "Zielbeschreibung"],
            },
            Column {
                spalte: Spalte::Prioritaet,
                names: &["Priorität", "Prio", "Rang", "Rangfolge", "Rangplatz"],
            },
            Column {
                spalte: Spalte::Leitziel,
                names: &["Leitziel", "Leitziele"],
            },
            AG,
        ],
    },
    Kind {
        art: TabellenArt::Massnahmen,
        keys: &[Spalte::Massnahme],
        columns: &[
            Column {
                spalte: Spalte::Ziel,
                names: &["Ziel", "Ziel-Nr", "Zu Ziel", "Bezug"],
            },
            Column {
                spalte: Spalte::Nr,
                names: &["Nr", "Maßnahme-Nr", "Maßnahmen-Nr"],
            },
            Column {
                spalte: Spalte::Massnahme,
                names: &[
                    "Maßnahme",
                    "Maßnahmen",
                    "Massnahme(n)",
                    "Maßnahmenvorschlag",
                    "Maßnahmenvorschläge",
                    "Vorschlag",
                ],
            },
            Column {
                spalte: Spalte::Umsetzung,
                names: &[
                    "Umsetzung",
                    "Umsetzungsvorschlag",
                    "Umsetzungsvorschläge",
                    "Umsetzungsschritte",
                ],
            },
            Column {
                spalte: Spalte::Ansprechpartner,
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
            Column {
                spalte: Spalte::Zeitrahmen,
                names: &[
                    "Zeitrahmen",
                    "Zeitraum",
                    "Zeitplan",
                    "Umsetzungszeitraum",
                    "Termin",
                ],
            },
            Column {
                spalte: Spalte::Finanzierung,
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
    Kind {
        art: TabellenArt::Ausgangslage,
        keys: &[Spalte::Beschreibung],
        columns: &[
            Column {
                spalte: Spalte::Art,
                names: &["Art", "Typ", "Kategorie"],
            },
            Column {
                spalte: Spalte::Beschreibung,
                names: &["Beschreibung", "Text", "Inhalt"],
            },
            AG,
        ],
    },
    Kind {
        art: TabellenArt::Sitzungen,
        keys: &[Spalte::Datum],
        columns: &[
            Column {
                spalte: Spalte::Nr,
                names: &["Nr", "Sitzung", "Termin-Nr"],
            },
            Column {
                spalte: Spalte::Datum,
                names: &["Datum", "Termin"],
            },
            Column {
                spalte: Spalte::Ort,
                names: &["Ort", "Raum"],
            },
            Column {
                spalte: Spalte::Thema,
                names: &["Thema", "Schwerpunkt", "Tagesordnung"],
            },
            AG,
        ],
    },
    Kind {
        art: TabellenArt::Teilnehmende,
        keys: &[Spalte::Organisation, Spalte::Name, Spalte::Nachname],
        columns: &[
            Column {
                spalte: Spalte::Name,
                names: &["Name", "Teilnehmer", "Teilnehmende"],
            },
            Column {
                spalte: Spalte::Vorname,
                names: &["Vorname"],
            },
            Column {
                spalte: Spalte::Nachname,
                names: &["Nachname"],
            },
            Column {
                spalte: Spalte::Organisation,
                names: &[
                    "Organisation",
                    "Institution",
                    "Einrichtung",
                    "Verein",
                    "Träger",
                ],
            },
            Column {
                spalte: Spalte::Bereich,
                names: &["Bereich", "Organisationstyp", "Typ", "Gruppe", "Sektor"],
            },
            Column {
                spalte: Spalte::Sitzung,
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
        .map(|kind| {
            kind.columns
                .iter()
                .map(|column| column.names.iter().map(|name| normalise(name)).collect())
                .collect()
        })
        .collect()
});

/// Every table kind, in the order ties are listed.
pub fn kinds() -> impl Iterator<Item = TabellenArt> {
    KINDS.iter().map(|kind| kind.art)
}

/// The first (canonical) name of `spalte` in tables of kind `art`, e.g. `Maßnahme`; what a
/// blank workbook writes as its header.
pub fn canonical_name(art: TabellenArt, spalte: Spalte) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|kind| kind.art == art)?
        .columns
        .iter()
        .find(|column| column.spalte == spalte)?
        .names
        .first()
        .copied()
}

/// Whether `spalte` is a key column of `art`.
pub fn is_key(art: TabellenArt, spalte: Spalte) -> bool {
    KINDS
        .iter()
        .any(|kind| kind.art == art && kind.keys.contains(&spalte))
}

/// A header candidate: a cell's value with its text folded by [`normalise`] once, since
/// header search matches every cell of the first rows against every table kind.
pub struct Kopfzelle<'a> {
    wert: &'a Wert,
    gefaltet: Option<String>,
}

impl<'a> Kopfzelle<'a> {
    /// The candidate for one cell.
    pub fn new(wert: &'a Wert) -> Self {
        let gefaltet = match wert {
            Wert::Text(text) => Some(normalise(text)),
            _ => None,
        };
        Self { wert, gefaltet }
    }
}

/// The meaning of a header cell in a table of kind `art`, if it has one.
pub fn match_header(art: TabellenArt, header: &Kopfzelle<'_>, referenzjahr: i32) -> Option<Spalte> {
    let (text, wanted) = match (header.wert, &header.gefaltet) {
        (Wert::Text(text), Some(wanted)) => (text, wanted),
        (Wert::Datum(datum), _) if art == TabellenArt::Teilnehmende => {
            return Some(Spalte::Anwesenheit(SitzungsBezug::Datum(*datum)));
        }
        _ => return None,
    };
    let (index, kind) = KINDS.iter().enumerate().find(|(_, kind)| kind.art == art)?;
    let named = kind
        .columns
        .iter()
        .zip(&FOLDED[index])
        .find(|(_, names)| names.contains(wanted))
        .map(|(column, _)| column.spalte);
    named.or_else(|| {
        (art == TabellenArt::Teilnehmende)
            .then(|| session_column(text, wanted, referenzjahr))
            .flatten()
            .map(Spalte::Anwesenheit)
    })
}

/// A wide attendance list's session column: `Sitzung 1`, `1. Sitzung`, `S1`, `Termin 2`, or a
/// date; `folded` is the text folded by [`normalise`].
fn session_column(text: &str, folded: &str, referenzjahr: i32) -> Option<SitzungsBezug> {
    if let Some(datum) = Datum::parse_text(text, referenzjahr) {
        return Some(SitzungsBezug::Datum(datum));
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
    (number > 0).then_some(SitzungsBezug::Nr(number))
}

/// Folds a column name for comparison: case, `ß`/`ss` and umlauts, the gender forms `/in`,
/// `/innen`, `*in`, `:in`, `_in`, `(in)`, `(innen)` and the Binnen-I, then keeps only letters
/// and digits (so `Ziel-Nr.`, `Ziel Nr` and `ZielNr` agree). Runs for every header candidate
/// and many model cells, so it allocates once for ASCII names without gender marks.
pub fn normalise(name: &str) -> String {
    let stem = strip_binnen_i(name.trim());
    let marked = stem.contains(GENDER_MARKS);
    if stem.is_ascii() && !marked {
        return stem
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
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
fn strip_binnen_i(name: &str) -> &str {
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

    fn text(s: &str) -> Wert {
        Wert::Text(s.to_owned())
    }

    fn match_header(art: TabellenArt, wert: &Wert, referenzjahr: i32) -> Option<Spalte> {
        super::match_header(art, &Kopfzelle::new(wert), referenzjahr)
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
        use TabellenArt::*;
        assert_eq!(
            match_header(Massnahmen, &text("Ziel-Nr."), 2008),
            Some(Spalte::Ziel)
        );
        assert_eq!(
            match_header(Ziele, &text("Ziel-Nr."), 2008),
            Some(Spalte::Nr)
        );
        assert_eq!(
            match_header(Massnahmen, &text("Massnahme(n)"), 2008),
            Some(Spalte::Massnahme)
        );
        assert_eq!(
            match_header(Ziele, &text("Prio"), 2008),
            Some(Spalte::Prioritaet)
        );
        assert_eq!(
            match_header(Teilnehmende, &text("Teilnehmer(in)"), 2008),
            Some(Spalte::Name)
        );
        assert_eq!(
            match_header(Teilnehmende, &text("Typ"), 2008),
            Some(Spalte::Bereich)
        );
        assert_eq!(
            match_header(Ausgangslage, &text("Typ"), 2008),
            Some(Spalte::Art)
        );
        assert_eq!(match_header(Ziele, &text("Bemerkung"), 2008), None);
    }

    #[test]
    fn wide_attendance_session_columns() {
        let nr = |n| Some(Spalte::Anwesenheit(SitzungsBezug::Nr(n)));
        let t = TabellenArt::Teilnehmende;
        assert_eq!(match_header(t, &text("Sitzung 1"), 2008), nr(1));
        assert_eq!(match_header(t, &text("2. Sitzung"), 2008), nr(2));
        assert_eq!(match_header(t, &text("S3"), 2008), nr(3));
        assert_eq!(
            match_header(t, &text("Sitzung"), 2008),
            Some(Spalte::Sitzung)
        );
        let datum = Datum::new(2008, 3, 4).unwrap();
        let by_date = Some(Spalte::Anwesenheit(SitzungsBezug::Datum(datum)));
        assert_eq!(match_header(t, &text("4.3.08"), 2008), by_date);
        assert_eq!(match_header(t, &Wert::Datum(datum), 2008), by_date);
        assert_eq!(match_header(TabellenArt::Ziele, &text("S3"), 2008), None);
        assert_eq!(match_header(t, &text("Schule"), 2008), None);
    }
}
