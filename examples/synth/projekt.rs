//! The synthetic project: Handlungsfelder, their goals, measures, situation and sessions,
//! and the people on the attendance lists, drawn from a seeded generator; then written as
//! `konzept.toml`, one xlsx workbook per AG and one attendance workbook.

use ratsvorlage::date::Date;
use ratsvorlage::german::date_text;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::text::{self, Zufall};
use crate::xlsx::{
    Formate, MASSNAHMEN_SPALTEN, arbeitsmappe, blatt_mit_titel, excel_datum, header_row,
};

/// How large a project to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Groesse {
    /// Working groups (Handlungsfelder).
    pub ags: usize,
    /// Goals per AG.
    pub ziele: usize,
    /// Measures per goal.
    pub massnahmen: usize,
}

const THEMEN: [&str; 15] = [
    "Sprache",
    "Bildung",
    "Arbeit",
    "Wohnen",
    "Gesundheit",
    "Kultur",
    "Sport",
    "Religion",
    "Politik",
    "Alter",
    "Jugend",
    "Familie",
    "Mobilität",
    "Umwelt",
    "Digitales",
];

const STADTTEILE: [&str; 7] = [
    "Nordstadt",
    "Südstadt",
    "Weststadt",
    "Oststadt",
    "Altstadt",
    "Neustadt",
    "Innenstadt",
];

/// The most AGs: every Handlungsfeld name must be distinct and contain no other.
pub(crate) const MAX_AGS: usize = THEMEN.len() * STADTTEILE.len();

const ORGANISATIONEN: [&str; 24] = [
    "Amt für Schule",
    "Fachbereich Soziales",
    "Jugendamt",
    "Gesundheitsamt",
    "Volkshochschule",
    "Stadtbibliothek",
    "Jobcenter",
    "Agentur für Arbeit",
    "Integrationsrat",
    "Migrationsberatung der Caritas",
    "Diakonisches Werk",
    "Deutsch-Türkischer Kulturverein",
    "Afrikanischer Elternverein",
    "Stadtsportbund",
    "Evangelische Kirchengemeinde",
    "Moscheegemeinde",
    "Seniorenbeirat",
    "Kreishandwerkerschaft",
    "Industrie- und Handelskammer",
    "Wohnungsbaugenossenschaft",
    "Quartiersmanagement",
    "Familienzentrum",
    "Kita-Verbund",
    "Gesamtschule",
];

/// Categories of konzept.toml `[teilnehmende.bereiche]` with the spellings the lists use.
const BEREICHE: [(&str, &[&str]); 6] = [
    (
        "Migrantenselbstorganisationen",
        &["MSO", "Migrantenverein", "Kulturverein"],
    ),
    ("Schulen", &["Schule", "Gesamtschule"]),
    ("Kitas", &["Kita", "Kindertagesstätte"]),
    ("Verwaltung", &["Verwaltung", "Stadtverwaltung"]),
    ("Kirchen", &["Kirchengemeinde", "Moscheegemeinde"]),
    ("Beratung", &["Beratungsstelle", "Bildungsträger"]),
];

const VORNAMEN: [&str; 12] = [
    "Anna", "Mehmet", "Julia", "Olena", "Thomas", "Fatma", "Jonas", "Amina", "Lukas", "Sofia",
    "Karim", "Petra",
];
const NACHNAMEN: [&str; 12] = [
    "Meyer", "Yılmaz", "Schulz", "Kowalski", "Nguyen", "Becker", "Haddad", "Wagner", "Öztürk",
    "Fischer", "Popescu", "Braun",
];

const ZEITRAHMEN: [&str; 5] = [
    "kurzfristig",
    "mittelfristig",
    "langfristig",
    "laufend",
    "2028",
];

/// Sessions per AG, people per attendance list, situation items per AG.
const SITZUNGEN: usize = 6;
const PERSONEN: usize = 20;
const BEFUNDE: usize = 8;

/// The year of the concept; sessions run from January to September.
const JAHR: i32 = 2026;

/// The name and short name of Handlungsfeld `i` (from 0).
pub(crate) fn handlungsfeld(i: usize) -> (String, String) {
    let topic = THEMEN[i % THEMEN.len()];
    let stadtteil = STADTTEILE[i / THEMEN.len() % STADTTEILE.len()];
    (
        format!("{topic} in der {stadtteil}"),
        format!("HF{:02}", i + 1),
    )
}

/// Session `s` (from 0) of AG `a`: spread over January to September.
fn sitzungsdatum(a: usize, s: usize) -> Date {
    let day = (s * 45 + a % 20) as u32;
    Date {
        year: JAHR,
        month: (1 + day / 30).min(9) as u8,
        day: (1 + day % 28) as u8,
    }
}

/// `konzept.toml` for a project of `ags` Handlungsfelder.
pub(crate) fn konzept_toml(ags: usize) -> String {
    let felder: Vec<String> = (0..ags)
        .map(|i| {
            let (name, short) = handlungsfeld(i);
            format!("  {{ name = \"{name}\", kurz = \"{short}\" }},\n")
        })
        .collect();
    let bereiche: Vec<String> = BEREICHE
        .iter()
        .map(|(name, schreibweisen)| {
            let list: Vec<String> = schreibweisen.iter().map(|s| format!("\"{s}\"")).collect();
            format!("\"{name}\" = [{}]\n", list.join(", "))
        })
        .collect();
    format!(
        r#"# Synthetisches Projekt (cargo run --release --example synth), {ags} Arbeitsgruppen.
[stadt]
name = "Musterstadt"

[vorlage]
nummer = "FB 50/0815/{jahr_kurz}"
datum = {JAHR}-10-15
art = "Beschlussvorlage"
betreff = "Kommunales Integrationskonzept der Stadt Musterstadt"
federfuehrend = "Büro für Integration"
dezernat = "Dezernat III"
beschlussvorschlag = "Der Rat stimmt dem anliegenden Integrationskonzept zu."
finanzielle_auswirkungen = "Die Maßnahmen werden im Rahmen bestehender Budgets umgesetzt."
beratungsfolge = [
  {{ gremium = "Integrationsrat", datum = {JAHR}-10-27, rolle = "Vorberatung" }},
  {{ gremium = "Rat der Stadt Musterstadt", datum = {JAHR}-11-12, rolle = "Entscheidung" }},
]

[konzept]
titel = "Kommunales Integrationskonzept"
kurztitel = "Integrationskonzept"
koordination = "Büro für Integration"
moderation = {{ name = "Institut für Beteiligung", ort = "Kassel" }}
beirat = ["Dezernat III", "Integrationsrat", "Wohlfahrtsverbände"]
leitziele = [
  "Sprache als Schlüssel zur Teilhabe",
  "Chancengleichheit in Bildung und Beruf",
  "Teilhabe am gesellschaftlichen Leben",
  "Anerkennung und Dialog",
  "Stärkung des Ehrenamts",
]
querschnittsaufgaben = ["Interkulturelle Öffnung der Verwaltung", "Antidiskriminierung"]
konferenzen = [
  {{ titel = "Auftaktkonferenz", datum = {JAHR}-01-10 }},
  {{ titel = "Abschlusskonferenz", datum = {JAHR}-09-30 }},
]
handlungsfelder = [
{felder}]

[teilnehmende]
namen_veroeffentlichen = false

[teilnehmende.bereiche]
{bereiche}"#,
        jahr_kurz = JAHR % 100,
        felder = felder.concat(),
        bereiche = bereiche.concat(),
    )
}

/// The workbook of AG `a` (from 0): sheets Ziele, Maßnahmen (goal numbers merged over their
/// measures), Ausgangslage and Sitzungen, each with a title row above the header.
pub(crate) fn ag_arbeitsmappe(
    a: usize,
    size_text: Groesse,
    zufall: &mut Zufall,
) -> Result<Vec<u8>, XlsxError> {
    let (name, _) = handlungsfeld(a);
    let formate = Formate::new();
    let stand = sitzungsdatum(a, SITZUNGEN - 1);
    let mut workbook = arbeitsmappe(
        &format!("Arbeitsgruppe {name}"),
        "Büro für Integration",
        "Stadt Musterstadt",
        stand,
    )?;
    let stand = format!("Stand: {}", date_text(stand));
    let title = |sheet: &str| format!("Arbeitsgruppe {name} – {sheet}");

    let sheet = blatt_mit_titel(&mut workbook, "Ziele", &title("Ziele"), &stand, &formate)?;
    let columns = [
        ("Nr.", 6.0),
        ("Ziel", 70.0),
        ("Priorität", 10.0),
        ("Leitziel", 10.0),
    ];
    header_row(sheet, 3, &columns, &formate)?;
    let mut rang: Vec<usize> = (1..=size_text.ziele).collect();
    for i in (1..rang.len()).rev() {
        rang.swap(i, zufall.zahl(0, i));
    }
    for (row, z) in (4u32..).zip(0..size_text.ziele) {
        sheet.write_number_with_format(row, 0, (z + 1) as f64, &formate.text)?;
        sheet.write_string_with_format(row, 1, text::ziel(zufall), &formate.text)?;
        sheet.write_number_with_format(row, 2, rang[z] as f64, &formate.text)?;
        sheet.write_number_with_format(row, 3, zufall.zahl(1, 5) as f64, &formate.text)?;
    }

    let sheet = blatt_mit_titel(
        &mut workbook,
        "Maßnahmen",
        &title("Maßnahmen"),
        &stand,
        &formate,
    )?;
    massnahmen(sheet, size_text, &formate, zufall)?;

    let sheet = blatt_mit_titel(
        &mut workbook,
        "Ausgangslage",
        &title("Ausgangslage"),
        &stand,
        &formate,
    )?;
    header_row(sheet, 3, &[("Art", 12.0), ("Beschreibung", 90.0)], &formate)?;
    for (row, i) in (4u32..).zip(0..BEFUNDE) {
        let kind = ["Defizit", "Potenzial", "Angebot"][i % 3];
        sheet.write_string_with_format(row, 0, kind, &formate.text)?;
        sheet.write_string_with_format(row, 1, text::absatz(zufall, 80, 300), &formate.text)?;
    }

    let sheet = blatt_mit_titel(
        &mut workbook,
        "Sitzungen",
        &title("Sitzungen"),
        &stand,
        &formate,
    )?;
    let columns = [("Nr", 6.0), ("Datum", 12.0), ("Ort", 32.0), ("Thema", 50.0)];
    header_row(sheet, 3, &columns, &formate)?;
    for (row, s) in (4u32..).zip(0..SITZUNGEN) {
        sheet.write_number_with_format(row, 0, (s + 1) as f64, &formate.text)?;
        sheet.write_datetime_with_format(
            row,
            1,
            excel_datum(sitzungsdatum(a, s))?,
            &formate.date,
        )?;
        sheet.write_string_with_format(
            row,
            2,
            format!("Stadtteilzentrum, Raum {}", s + 1),
            &formate.text,
        )?;
        sheet.write_string_with_format(row, 3, zufall.wahl(&THEMEN).to_string(), &formate.text)?;
    }
    workbook.save_to_buffer()
}

/// The measures sheet: header in row 4, each goal's number merged over its measures.
fn massnahmen(
    sheet: &mut Worksheet,
    size_text: Groesse,
    formate: &Formate,
    zufall: &mut Zufall,
) -> Result<(), XlsxError> {
    header_row(sheet, 3, &MASSNAHMEN_SPALTEN, formate)?;
    let mut row = 4u32;
    for z in 1..=size_text.ziele {
        let erste = row;
        for m in 1..=size_text.massnahmen {
            sheet.write_string_with_format(row, 1, format!("{z}.{m}"), &formate.text)?;
            sheet.write_string_with_format(row, 2, text::absatz(zufall, 80, 400), &formate.text)?;
            sheet.write_string_with_format(row, 3, text::umsetzung(zufall), &formate.text)?;
            // Two to four contacts, three on average.
            let count_text = zufall.zahl(2, 4);
            let kontakte: Vec<&str> = zufall
                .verschiedene(count_text, ORGANISATIONEN.len())
                .into_iter()
                .map(|i| ORGANISATIONEN[i])
                .collect();
            sheet.write_string_with_format(row, 4, kontakte.join("\n"), &formate.text)?;
            let zeitrahmen = zufall.wahl(&ZEITRAHMEN);
            match zeitrahmen.parse::<u32>() {
                Ok(year) => {
                    sheet.write_number_with_format(row, 5, f64::from(year), &formate.text)?
                }
                Err(_) => sheet.write_string_with_format(row, 5, *zeitrahmen, &formate.text)?,
            };
            match zufall.zahl(0, 3) {
                0 => sheet.write_number_with_format(
                    row,
                    6,
                    (zufall.zahl(1, 80) * 500) as f64,
                    &formate.euro,
                )?,
                k => sheet.write_string_with_format(
                    row,
                    6,
                    ["Haushalt", "Drittmittel", "kostenneutral"][k - 1],
                    &formate.text,
                )?,
            };
            row += 1;
        }
        if row - 1 > erste {
            sheet.merge_range(erste, 0, row - 1, 0, "", &formate.text)?;
        }
        sheet.write_number_with_format(erste, 0, z as f64, &formate.text)?;
    }
    Ok(())
}

/// The attendance workbook: one sheet per AG in the wide shape (`Name`, `FirstName`,
/// `Organisation`, `Bereich`, `AG`, one column per session marked `x`).
pub(crate) fn teilnehmerliste(ags: usize, zufall: &mut Zufall) -> Result<Vec<u8>, XlsxError> {
    let formate = Formate::new();
    let mut workbook = arbeitsmappe(
        "Teilnehmerlisten der Arbeitsgruppen",
        "Büro für Integration",
        "Stadt Musterstadt",
        sitzungsdatum(0, SITZUNGEN - 1),
    )?;
    for a in 0..ags {
        let (name, _) = handlungsfeld(a);
        anwesenheit(&mut workbook, a, &name, &formate, zufall)?;
    }
    workbook.save_to_buffer()
}

/// The attendance sheet of AG `a`.
fn anwesenheit(
    workbook: &mut Workbook,
    a: usize,
    name: &str,
    formate: &Formate,
    zufall: &mut Zufall,
) -> Result<(), XlsxError> {
    let sheet = blatt_mit_titel(
        workbook,
        &format!("AG {}", a + 1),
        &format!("Teilnehmerliste – Arbeitsgruppe {name}"),
        "Anwesenheit bitte ankreuzen",
        formate,
    )?;
    let mut columns = vec![
        ("Name".to_owned(), 16.0),
        ("Vorname".to_owned(), 12.0),
        ("Organisation".to_owned(), 40.0),
        ("Bereich".to_owned(), 24.0),
        ("AG".to_owned(), 22.0),
    ];
    columns.extend((1..=SITZUNGEN).map(|s| (format!("{s}. Sitzung"), 11.0)));
    let columns: Vec<(&str, f64)> = columns.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    header_row(sheet, 3, &columns, formate)?;
    for (row, p) in (4u32..).zip(0..PERSONEN) {
        sheet.write_string(row, 0, NACHNAMEN[(a + p) % NACHNAMEN.len()])?;
        // Distinct within a list: the first name shifts once the surnames wrap around.
        sheet.write_string(row, 1, VORNAMEN[(a + p + p / 12 * 5) % VORNAMEN.len()])?;
        sheet.write_string(row, 2, *zufall.wahl(&ORGANISATIONEN))?;
        let (_, schreibweisen) = zufall.wahl(&BEREICHE);
        sheet.write_string(row, 3, *zufall.wahl(schreibweisen))?;
        sheet.write_string(row, 4, name)?;
        for column in 5..(5 + SITZUNGEN as u16) {
            if zufall.prozent(70) {
                sheet.write_string(row, column, "x")?;
            }
        }
    }
    Ok(())
}
