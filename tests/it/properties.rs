//! Property tests over generated projects: random AGs with goals, measures, sessions and
//! attendance, blank rows and bad rows, written as CSV or xlsx. For every project: rows read
//! = rows used + rows reported; the concept survives a JSON round trip; the figures agree
//! with a naive recount of the generated data.
//!
//! 24 cases per property by default; more with `PROPTEST_CASES=1000 cargo test --test it
//! properties::`.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{Fixture, assert_rows_accounted};
use proptest::prelude::*;
use ratsvorlage::model::Konzept;
use rust_xlsxwriter::Workbook;

/// The short names of the Handlungsfelder in the fixtures' konzept.toml, in order.
const AGS: [&str; 4] = ["SB", "AS", "FKR", "PR"];

/// Bereich values and the category each maps to in the fixtures' konzept.toml (`None`: no
/// category).
const BEREICHE: [(&str, Option<&str>); 4] = [
    ("MSO", Some("Migrantenselbstorganisationen")),
    ("Kita", Some("Kitas")),
    ("Schule", Some("Schulen")),
    ("", None),
];

/// The categories in konzept.toml order (ties in the figures keep this order).
const KATEGORIEN: [&str; 3] = ["Migrantenselbstorganisationen", "Kitas", "Schulen"];

/// The conferences of the fixtures' konzept.toml, as (year, month, day).
const KONFERENZEN: [(i32, u8, u8); 2] = [(2008, 2, 15), (2008, 9, 12)];

/// One AG's generated content.
#[derive(Clone, Debug)]
struct AgDaten {
    /// Goals, each with its measures.
    ziele: Vec<Vec<String>>,
    /// Measures naming a goal that does not exist: each an error, reported as not used.
    falsche_massnahmen: usize,
    /// Session dates as day of 2008 (distinct), in session-number order.
    sitzungen: Vec<u16>,
    /// Attendance: (person, session index), distinct.
    anwesenheit: BTreeSet<(usize, usize)>,
    /// Blank rows go before the data rows at these positions (taken modulo the row count).
    leerzeilen: Vec<usize>,
    /// Written as one xlsx workbook (else as CSV files).
    xlsx: bool,
}

/// A generated project: the four AGs and the Bereich of each person of the pool.
#[derive(Clone, Debug)]
struct Projekt {
    ags: Vec<AgDaten>,
    persons: Vec<usize>,
}

/// Text without separators, quotes or line breaks, never empty, never a number.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß ]{0,30}[a-z]"
}

fn ag_daten(persons: usize) -> impl Strategy<Value = AgDaten> {
    (
        prop::collection::vec(prop::collection::vec(text(), 0..4), 0..4),
        0..3usize,
        prop::collection::btree_set(1u16..360, 0..4),
        prop::collection::vec(0..20usize, 0..3),
        any::<bool>(),
        prop::collection::vec((0..persons, 0..4usize), 0..10),
    )
        .prop_map(
            |(ziele, falsche_massnahmen, tage, leerzeilen, xlsx, anwesenheit)| {
                let sitzungen: Vec<u16> = tage.into_iter().collect();
                let anwesenheit = anwesenheit
                    .into_iter()
                    .filter(|&(_, s)| s < sitzungen.len())
                    .collect();
                AgDaten {
                    ziele,
                    falsche_massnahmen,
                    sitzungen,
                    anwesenheit,
                    leerzeilen,
                    xlsx,
                }
            },
        )
}

fn projekt() -> impl Strategy<Value = Projekt> {
    prop::collection::vec(0..BEREICHE.len(), 1..8).prop_flat_map(|persons| {
        let n = persons.len();
        (prop::collection::vec(ag_daten(n), 4), Just(persons))
            .prop_map(|(ags, persons)| Projekt { ags, persons })
    })
}

/// A day of 2008 as `d.m.2008`.
fn date(day: u16) -> String {
    const MONATE: [u16; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut rest = day;
    for (i, length) in MONATE.iter().enumerate() {
        if rest < *length {
            return format!("{}.{}.2008", rest + 1, i + 1);
        }
        rest -= length;
    }
    unreachable!("days are below 360")
}

/// A table: header and data rows, each cell as text.
struct Table {
    name: &'static str,
    kopf: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// The four tables of one AG.
fn tables(projekt: &Projekt, number: usize) -> Vec<Table> {
    let ag = &projekt.ags[number];
    let short = AGS[number].to_owned();
    let mut ziele = Vec::new();
    let mut massnahmen = Vec::new();
    for (z, texte) in ag.ziele.iter().enumerate() {
        let goal = (z + 1).to_string();
        ziele.push(vec![
            short.clone(),
            goal.clone(),
            format!("Ziel {short} {z}"),
        ]);
        for text in texte {
            massnahmen.push(vec![short.clone(), goal.clone(), text.clone()]);
        }
    }
    for f in 0..ag.falsche_massnahmen {
        massnahmen.push(vec![
            short.clone(),
            "99".to_owned(),
            format!("Ohne Ziel {f}"),
        ]);
    }
    let sitzungen = ag
        .sitzungen
        .iter()
        .enumerate()
        .map(|(s, &day)| vec![short.clone(), (s + 1).to_string(), date(day)])
        .collect();
    let teilnehmende = ag
        .anwesenheit
        .iter()
        .map(|&(p, s)| {
            vec![
                short.clone(),
                format!("Anna Person{}", buchstaben(p)),
                format!("Verein {}", buchstaben(p)),
                BEREICHE[projekt.persons[p]].0.to_owned(),
                (s + 1).to_string(),
            ]
        })
        .collect();
    vec![
        Table {
            name: "Ziele",
            kopf: vec!["AG", "Nr", "Ziel"],
            rows: ziele,
        },
        Table {
            name: "Maßnahmen",
            kopf: vec!["AG", "Ziel", "Maßnahme"],
            rows: massnahmen,
        },
        Table {
            name: "Sitzungen",
            kopf: vec!["AG", "Nr", "Datum"],
            rows: sitzungen,
        },
        Table {
            name: "Teilnehmende",
            kopf: vec!["AG", "Name", "Organisation", "Bereich", "Sitzung"],
            rows: teilnehmende,
        },
    ]
}

/// A person's index as letters (`0` → `a`, `27` → `bb`): names and organisations that
/// never fold into each other.
fn buchstaben(i: usize) -> String {
    let letter = char::from(b'a' + (i % 26) as u8);
    std::iter::repeat_n(letter, i / 26 + 1).collect()
}

/// The rows of a table with blank rows put in; `None` is a blank row.
fn mit_leerzeilen<'a>(tabelle: &'a Table, empty: &[usize]) -> Vec<Option<&'a Vec<String>>> {
    let mut rows: Vec<Option<&Vec<String>>> = tabelle.rows.iter().map(Some).collect();
    for &at in empty {
        rows.insert(at % (rows.len() + 1), None);
    }
    rows
}

/// Writes the project into `fixture`: per AG one xlsx workbook or four CSV files.
fn write(fixture: &Fixture, projekt: &Projekt) {
    for number in 0..AGS.len() {
        let ag = &projekt.ags[number];
        let tables = tables(projekt, number);
        if ag.xlsx {
            fixture.write(
                &format!("ag/daten-{number}.xlsx"),
                &xlsx(&tables, &ag.leerzeilen),
            );
        } else {
            for tabelle in &tables {
                fixture.text(
                    &format!("ag/daten-{number}-{}.csv", tabelle.name),
                    &csv(tabelle, &ag.leerzeilen),
                );
            }
        }
    }
}

fn csv(tabelle: &Table, empty: &[usize]) -> String {
    let mut out = tabelle.kopf.join(";") + "\n";
    for row in mit_leerzeilen(tabelle, empty) {
        match row {
            Some(cells) => out += &cells.join(";"),
            None => out += &";".repeat(tabelle.kopf.len() - 1),
        }
        out.push('\n');
    }
    out
}

fn xlsx(tables: &[Table], empty: &[usize]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    for tabelle in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(tabelle.name).expect("sheet name");
        for (c, kopf) in tabelle.kopf.iter().enumerate() {
            sheet.write_string(0, c as u16, *kopf).expect("cell");
        }
        for (r, row) in mit_leerzeilen(tabelle, empty).into_iter().enumerate() {
            for (c, cell) in row.into_iter().flatten().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                // Numbers as numbers, as Excel users type them (3 is read as 3, not 3.0).
                match cell.parse::<f64>() {
                    Ok(n) => sheet.write_number(r, c, n),
                    Err(_) => sheet.write_string(r, c, cell),
                }
                .expect("cell");
            }
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

/// The figures recounted from the generated data.
#[derive(Debug, PartialEq)]
struct Recount {
    ziele: u32,
    massnahmen: u32,
    sitzungen_per_ag: Vec<u32>,
    persons: u32,
    anwesenheiten: u32,
    average_rounded: u32,
    bereiche: Vec<(String, u32)>,
    without_bereich: u32,
    period: (String, String),
}

fn recount(projekt: &Projekt) -> Recount {
    let ags = &projekt.ags;
    let persons: BTreeSet<usize> = ags
        .iter()
        .flat_map(|ag| ag.anwesenheit.iter().map(|&(p, _)| p))
        .collect();
    let anwesenheiten: usize = ags.iter().map(|ag| ag.anwesenheit.len()).sum();
    let mit_liste: usize = ags
        .iter()
        .map(|ag| {
            let s: BTreeSet<usize> = ag.anwesenheit.iter().map(|&(_, s)| s).collect();
            s.len()
        })
        .sum();
    let mut je_kategorie: BTreeMap<&str, u32> = BTreeMap::new();
    let mut without_bereich = 0;
    for &p in &persons {
        match BEREICHE[projekt.persons[p]].1 {
            Some(kategorie) => *je_kategorie.entry(kategorie).or_default() += 1,
            None => without_bereich += 1,
        }
    }
    let mut bereiche: Vec<(String, u32)> = KATEGORIEN
        .iter()
        .filter_map(|k| je_kategorie.get(k).map(|&n| ((*k).to_owned(), n)))
        .collect();
    bereiche.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let mut tage: Vec<(i32, u8, u8)> = KONFERENZEN.to_vec();
    for day in ags.iter().flat_map(|ag| &ag.sitzungen) {
        let text = date(*day);
        let mut parts = text.split('.').map(|p| p.parse::<u32>().expect("number"));
        let (d, m, y) = (
            parts.next().expect("day"),
            parts.next().expect("month"),
            parts.next().expect("year"),
        );
        tage.push((y as i32, m as u8, d as u8));
    }
    let iso = |(y, m, d): (i32, u8, u8)| format!("{y:04}-{m:02}-{d:02}");
    let (first, last) = (
        *tage.iter().min().expect("conferences"),
        *tage.iter().max().expect("conferences"),
    );
    Recount {
        ziele: ags.iter().map(|ag| ag.ziele.len() as u32).sum(),
        massnahmen: ags
            .iter()
            .flat_map(|ag| &ag.ziele)
            .map(|m| m.len() as u32)
            .sum(),
        sitzungen_per_ag: ags.iter().map(|ag| ag.sitzungen.len() as u32).collect(),
        persons: persons.len() as u32,
        anwesenheiten: anwesenheiten as u32,
        average_rounded: if mit_liste == 0 {
            0
        } else {
            ((2 * anwesenheiten + mit_liste) / (2 * mit_liste)) as u32
        },
        bereiche,
        without_bereich,
        period: (iso(first), iso(last)),
    }
}

/// The same figures as the concept states them.
fn stated(konzept: &Konzept) -> Recount {
    let k = serde_json::to_value(&konzept.kennzahlen).expect("json");
    let u = |v: &serde_json::Value| v.as_u64().expect("count") as u32;
    Recount {
        ziele: u(&k["ziele"]),
        massnahmen: u(&k["massnahmen"]),
        sitzungen_per_ag: k["sitzungen_je_ag"]
            .as_array()
            .expect("array")
            .iter()
            .map(u)
            .collect(),
        persons: u(&k["teilnehmende_personen"]),
        anwesenheiten: u(&k["anwesenheiten"]),
        average_rounded: u(&k["durchschnitt_gerundet"]),
        bereiche: k["bereiche"]
            .as_array()
            .expect("array")
            .iter()
            .map(|b| {
                (
                    b["name"].as_str().expect("name").to_owned(),
                    u(&b["personen"]),
                )
            })
            .collect(),
        without_bereich: u(&k["personen_ohne_bereich"]),
        period: (
            k["zeitraum"]["von"].as_str().unwrap_or("").to_owned(),
            k["zeitraum"]["bis"].as_str().unwrap_or("").to_owned(),
        ),
    }
}

/// Cases per property: `PROPTEST_CASES` or 24.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_row_read_is_used_or_reported(projekt in projekt()) {
        let fixture = Fixture::new();
        write(&fixture, &projekt);
        let import = fixture.ingest();
        assert_rows_accounted(&import);
        let gelesen: usize = import
            .report
            .files
            .iter()
            .flat_map(|d| &d.sheets)
            .map(|b| b.rows_read)
            .sum();
        let generated: usize = (0..AGS.len())
            .flat_map(|number| tables(&projekt, number))
            .map(|t| t.rows.len())
            .sum();
        prop_assert_eq!(gelesen, generated, "blank rows are not read, every other row is");
        let falsch: usize = projekt.ags.iter().map(|ag| ag.falsche_massnahmen).sum();
        prop_assert_eq!(import.report.errors.len(), falsch, "{:?}", import.report.errors);
    }

    #[test]
    fn the_concept_survives_a_json_round_trip(projekt in projekt()) {
        let fixture = Fixture::new();
        write(&fixture, &projekt);
        let konzept = fixture.ingest().konzept.expect("konzept.toml is valid");
        let json = serde_json::to_string(&konzept).expect("serialise");
        let back: Konzept = serde_json::from_str(&json).expect("deserialise");
        prop_assert_eq!(&back, &konzept);
        prop_assert_eq!(serde_json::to_string(&back).expect("serialise"), json);
    }

    #[test]
    fn the_figures_agree_with_a_naive_recount(projekt in projekt()) {
        let fixture = Fixture::new();
        write(&fixture, &projekt);
        let konzept = fixture.ingest().konzept.expect("konzept.toml is valid");
        prop_assert_eq!(stated(&konzept), recount(&projekt));
    }
}
