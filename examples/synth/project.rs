//! The synthetic project: Handlungsfelder, their goals, measures, situation and sessions,
//! and the people on the attendance lists, drawn from a seeded generator; then written as
//! `konzept.toml`, one xlsx workbook per AG and one attendance workbook.

use ratsvorlage::date::Date;
use ratsvorlage::german::date_text;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::text::{self, Random};
use crate::xlsx::{
    Formats, MASSNAHMEN_COLUMNS, excel_date, header_row, sheet_with_title, workbook,
};

/// How large a project to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Size {
    /// Working groups (Handlungsfelder).
    pub ags: usize,
    /// Goals per AG.
    pub ziele: usize,
    /// Measures per goal.
    pub massnahmen: usize,
}

const TOPICS: [&str; 15] = [
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

const DISTRICTS: [&str; 7] = [
    "Nordstadt",
    "Südstadt",
    "Weststadt",
    "Oststadt",
    "Altstadt",
    "Neustadt",
    "Innenstadt",
];

/// The most AGs: every Handlungsfeld name must be distinct and contain no other.
pub(crate) const MAX_AGS: usize = TOPICS.len() * DISTRICTS.len();

const ORGANISATIONS: [&str; 24] = [
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

const FIRST_NAMES: [&str; 12] = [
    "Anna", "Mehmet", "Julia", "Olena", "Thomas", "Fatma", "Jonas", "Amina", "Lukas", "Sofia",
    "Karim", "Petra",
];
const SURNAMES: [&str; 12] = [
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
const PERSONS: usize = 20;
const AUSGANGSLAGE_ITEMS: usize = 8;

/// The year of the concept; sessions run from January to September.
const YEAR: i32 = 2026;

/// The name and short name of Handlungsfeld `i` (from 0).
pub(crate) fn handlungsfeld(i: usize) -> (String, String) {
    let topic = TOPICS[i % TOPICS.len()];
    let district = DISTRICTS[i / TOPICS.len() % DISTRICTS.len()];
    (
        format!("{topic} in der {district}"),
        format!("HF{:02}", i + 1),
    )
}

/// Session `s` (from 0) of AG `a`: spread over January to September.
fn sitzung_date(a: usize, s: usize) -> Date {
    let day = (s * 45 + a % 20) as u32;
    Date {
        year: YEAR,
        month: (1 + day / 30).min(9) as u8,
        day: (1 + day % 28) as u8,
    }
}

/// `konzept.toml` for a project of `ags` Handlungsfelder.
pub(crate) fn konzept_toml(ags: usize) -> String {
    let handlungsfelder: Vec<String> = (0..ags)
        .map(|i| {
            let (name, short) = handlungsfeld(i);
            format!("  {{ name = \"{name}\", kurz = \"{short}\" }},\n")
        })
        .collect();
    let bereiche: Vec<String> = BEREICHE
        .iter()
        .map(|(name, spellings)| {
            let list: Vec<String> = spellings.iter().map(|s| format!("\"{s}\"")).collect();
            format!("\"{name}\" = [{}]\n", list.join(", "))
        })
        .collect();
    format!(
        r#"# Synthetisches Projekt (cargo run --release --example synth), {ags} Arbeitsgruppen.
[stadt]
name = "Musterstadt"

[vorlage]
nummer = "FB 50/0815/{year_short}"
datum = {YEAR}-10-15
art = "Beschlussvorlage"
betreff = "Kommunales Integrationskonzept der Stadt Musterstadt"
federfuehrend = "Büro für Integration"
dezernat = "Dezernat III"
beschlussvorschlag = "Der Rat stimmt dem anliegenden Integrationskonzept zu."
finanzielle_auswirkungen = "Die Maßnahmen werden im Rahmen bestehender Budgets umgesetzt."
beratungsfolge = [
  {{ gremium = "Integrationsrat", datum = {YEAR}-10-27, rolle = "Vorberatung" }},
  {{ gremium = "Rat der Stadt Musterstadt", datum = {YEAR}-11-12, rolle = "Entscheidung" }},
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
  {{ titel = "Auftaktkonferenz", datum = {YEAR}-01-10 }},
  {{ titel = "Abschlusskonferenz", datum = {YEAR}-09-30 }},
]
handlungsfelder = [
{handlungsfelder}]

[teilnehmende]
namen_veroeffentlichen = false

[teilnehmende.bereiche]
{bereiche}"#,
        year_short = YEAR % 100,
        handlungsfelder = handlungsfelder.concat(),
        bereiche = bereiche.concat(),
    )
}

/// The workbook of AG `a` (from 0): sheets Ziele, Maßnahmen (goal numbers merged over their
/// measures), Ausgangslage and Sitzungen, each with a title row above the header.
pub(crate) fn ag_workbook(a: usize, size: Size, random: &mut Random) -> Result<Vec<u8>, XlsxError> {
    let (name, _) = handlungsfeld(a);
    let formats = Formats::new();
    let as_of = sitzung_date(a, SITZUNGEN - 1);
    let mut workbook = workbook(
        &format!("Arbeitsgruppe {name}"),
        "Büro für Integration",
        "Stadt Musterstadt",
        as_of,
    )?;
    let as_of = format!("Stand: {}", date_text(as_of));
    let title = |sheet: &str| format!("Arbeitsgruppe {name} – {sheet}");

    let sheet = sheet_with_title(&mut workbook, "Ziele", &title("Ziele"), &as_of, &formats)?;
    let columns = [
        ("Nr.", 6.0),
        ("Ziel", 70.0),
        ("Priorität", 10.0),
        ("Leitziel", 10.0),
    ];
    header_row(sheet, 3, &columns, &formats)?;
    let mut ranks: Vec<usize> = (1..=size.ziele).collect();
    for i in (1..ranks.len()).rev() {
        ranks.swap(i, random.number(0, i));
    }
    for (row, z) in (4u32..).zip(0..size.ziele) {
        sheet.write_number_with_format(row, 0, (z + 1) as f64, &formats.text)?;
        sheet.write_string_with_format(row, 1, text::ziel(random), &formats.text)?;
        sheet.write_number_with_format(row, 2, ranks[z] as f64, &formats.text)?;
        sheet.write_number_with_format(row, 3, random.number(1, 5) as f64, &formats.text)?;
    }

    let sheet = sheet_with_title(
        &mut workbook,
        "Maßnahmen",
        &title("Maßnahmen"),
        &as_of,
        &formats,
    )?;
    massnahmen(sheet, size, &formats, random)?;

    let sheet = sheet_with_title(
        &mut workbook,
        "Ausgangslage",
        &title("Ausgangslage"),
        &as_of,
        &formats,
    )?;
    header_row(sheet, 3, &[("Art", 12.0), ("Beschreibung", 90.0)], &formats)?;
    for (row, i) in (4u32..).zip(0..AUSGANGSLAGE_ITEMS) {
        let kind = ["Defizit", "Potenzial", "Angebot"][i % 3];
        sheet.write_string_with_format(row, 0, kind, &formats.text)?;
        sheet.write_string_with_format(row, 1, text::paragraph(random, 80, 300), &formats.text)?;
    }

    let sheet = sheet_with_title(
        &mut workbook,
        "Sitzungen",
        &title("Sitzungen"),
        &as_of,
        &formats,
    )?;
    let columns = [("Nr", 6.0), ("Datum", 12.0), ("Ort", 32.0), ("Thema", 50.0)];
    header_row(sheet, 3, &columns, &formats)?;
    for (row, s) in (4u32..).zip(0..SITZUNGEN) {
        sheet.write_number_with_format(row, 0, (s + 1) as f64, &formats.text)?;
        sheet.write_datetime_with_format(row, 1, excel_date(sitzung_date(a, s))?, &formats.date)?;
        sheet.write_string_with_format(
            row,
            2,
            format!("Stadtteilzentrum, Raum {}", s + 1),
            &formats.text,
        )?;
        sheet.write_string_with_format(
            row,
            3,
            random.choose(&TOPICS).to_string(),
            &formats.text,
        )?;
    }
    workbook.save_to_buffer()
}

/// The measures sheet: header in row 4, each goal's number merged over its measures.
fn massnahmen(
    sheet: &mut Worksheet,
    size: Size,
    formats: &Formats,
    random: &mut Random,
) -> Result<(), XlsxError> {
    header_row(sheet, 3, &MASSNAHMEN_COLUMNS, formats)?;
    let mut row = 4u32;
    for z in 1..=size.ziele {
        let first_row = row;
        for m in 1..=size.massnahmen {
            sheet.write_string_with_format(row, 1, format!("{z}.{m}"), &formats.text)?;
            sheet.write_string_with_format(
                row,
                2,
                text::paragraph(random, 80, 400),
                &formats.text,
            )?;
            sheet.write_string_with_format(row, 3, text::umsetzung(random), &formats.text)?;
            // Two to four contacts, three on average.
            let count = random.number(2, 4);
            let contacts: Vec<&str> = random
                .distinct(count, ORGANISATIONS.len())
                .into_iter()
                .map(|i| ORGANISATIONS[i])
                .collect();
            sheet.write_string_with_format(row, 4, contacts.join("\n"), &formats.text)?;
            let zeitrahmen = random.choose(&ZEITRAHMEN);
            match zeitrahmen.parse::<u32>() {
                Ok(year) => {
                    sheet.write_number_with_format(row, 5, f64::from(year), &formats.text)?
                }
                Err(_) => sheet.write_string_with_format(row, 5, *zeitrahmen, &formats.text)?,
            };
            match random.number(0, 3) {
                0 => sheet.write_number_with_format(
                    row,
                    6,
                    (random.number(1, 80) * 500) as f64,
                    &formats.euro,
                )?,
                k => sheet.write_string_with_format(
                    row,
                    6,
                    ["Haushalt", "Drittmittel", "kostenneutral"][k - 1],
                    &formats.text,
                )?,
            };
            row += 1;
        }
        if row - 1 > first_row {
            sheet.merge_range(first_row, 0, row - 1, 0, "", &formats.text)?;
        }
        sheet.write_number_with_format(first_row, 0, z as f64, &formats.text)?;
    }
    Ok(())
}

/// The attendance workbook: one sheet per AG in the wide shape (`Name`, `Vorname`,
/// `Organisation`, `Bereich`, `AG`, one column per session marked `x`).
pub(crate) fn teilnehmende_workbook(ags: usize, random: &mut Random) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = workbook(
        "Teilnehmerlisten der Arbeitsgruppen",
        "Büro für Integration",
        "Stadt Musterstadt",
        sitzung_date(0, SITZUNGEN - 1),
    )?;
    for a in 0..ags {
        let (name, _) = handlungsfeld(a);
        attendance_sheet(&mut workbook, a, &name, &formats, random)?;
    }
    workbook.save_to_buffer()
}

/// The attendance sheet of AG `a`.
fn attendance_sheet(
    workbook: &mut Workbook,
    a: usize,
    name: &str,
    formats: &Formats,
    random: &mut Random,
) -> Result<(), XlsxError> {
    let sheet = sheet_with_title(
        workbook,
        &format!("AG {}", a + 1),
        &format!("Teilnehmerliste – Arbeitsgruppe {name}"),
        "Anwesenheit bitte ankreuzen",
        formats,
    )?;
    let mut columns = vec![
        ("Name".to_owned(), 16.0),
        ("Vorname".to_owned(), 12.0),
        ("Organisation".to_owned(), 40.0),
        ("Bereich".to_owned(), 24.0),
        ("AG".to_owned(), 22.0),
    ];
    columns.extend((1..=SITZUNGEN).map(|s| (format!("{s}. Sitzung"), 11.0)));
    let columns: Vec<(&str, f64)> = columns.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    header_row(sheet, 3, &columns, formats)?;
    for (row, p) in (4u32..).zip(0..PERSONS) {
        sheet.write_string(row, 0, SURNAMES[(a + p) % SURNAMES.len()])?;
        // Distinct within a list: the first name shifts once the surnames wrap around.
        sheet.write_string(
            row,
            1,
            FIRST_NAMES[(a + p + p / 12 * 5) % FIRST_NAMES.len()],
        )?;
        sheet.write_string(row, 2, *random.choose(&ORGANISATIONS))?;
        let (_, spellings) = random.choose(&BEREICHE);
        sheet.write_string(row, 3, *random.choose(spellings))?;
        sheet.write_string(row, 4, name)?;
        for column in 5..(5 + SITZUNGEN as u16) {
            if random.percent(70) {
                sheet.write_string(row, column, "x")?;
            }
        }
    }
    Ok(())
}
