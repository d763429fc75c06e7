//! `vorlage-ag --mit-daten`: the prefilled AG workbooks. The round trip — a project made of
//! nothing but the prefilled workbooks of all its AGs, its `teilnehmende/` and its
//! konzept.toml yields the same concept model, `quelle` aside — for the example and for
//! generated projects (merged goal cells, synonyms, CSV, long texts, markup characters,
//! German amounts, years as time frames, rows that are not used); marked problems read back
//! from the workbook; what the command writes and refuses; no personal data in a workbook.
//!
//! 16 generated projects by default; more with `PROPTEST_CASES=200 cargo test --test it
//! prefill::`.

use std::io::Read;
use std::path::Path;

use proptest::prelude::*;
use ratsvorlage::commands::blank_workbook::{PrefilledWorkbook, prefilled, prefilled_all};
use ratsvorlage::project::Ingested;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};
use serde_json::Value as Json;

use crate::support::{Fixture, KONZEPT_TOML, TestDir, assert_rows_accounted, cp1252, errors};

// ---------------------------------------------------------------------------------------
// The round trip

/// The concept as JSON with every `quelle` removed, at any depth.
fn without_quelle(json: Json) -> Json {
    match json {
        Json::Object(map) => Json::Object(
            map.into_iter()
                .filter(|(key, _)| key != "quelle")
                .map(|(key, value)| (key, without_quelle(value)))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.into_iter().map(without_quelle).collect()),
        other => other,
    }
}

fn model(ingested: &Ingested) -> Json {
    let konzept = ingested.konzept.as_ref().expect("konzept.toml is valid");
    without_quelle(serde_json::to_value(konzept).expect("json"))
}

/// Rows not used, over every sheet of the report.
fn unused_rows(ingested: &Ingested) -> usize {
    ingested
        .report
        .files
        .iter()
        .flat_map(|f| &f.sheets)
        .map(|s| s.rows_unused.len())
        .sum()
}

/// Rows not used in the files below `folder`.
fn unused_rows_in(ingested: &Ingested, folder: &str) -> usize {
    ingested
        .report
        .files
        .iter()
        .filter(|f| f.file.starts_with(folder))
        .flat_map(|f| &f.sheets)
        .map(|s| s.rows_unused.len())
        .sum()
}

/// The project made of the prefilled workbooks of every AG of `original` (in `ag/`), the
/// attendance lists and konzept.toml of the project folder `root`.
fn rebuilt(root: &Path, original: &Ingested) -> (TestDir, Vec<PrefilledWorkbook>) {
    let workbooks = prefilled_all(original).expect("prefilled workbooks");
    let dir = TestDir::new();
    dir.write(
        "konzept.toml",
        std::fs::read(root.join("konzept.toml")).expect("konzept.toml"),
    );
    if root.join("teilnehmende").is_dir() {
        crate::support::fixture::copy_tree(&root.join("teilnehmende"), &dir.join("teilnehmende"));
    }
    for workbook in &workbooks {
        dir.write(&format!("ag/{}", workbook.file_name), &workbook.bytes);
    }
    (dir, workbooks)
}

fn ingest(root: &Path) -> Ingested {
    let project = ratsvorlage::project::Project::locate(Some(root), Some(&root.join("out")));
    ratsvorlage::project::ingest(&project, &ratsvorlage::limits::Limits::default())
}

/// Asserts the round trip for the project at `root`; returns both ingests.
fn assert_round_trip(root: &Path) -> (Ingested, Ingested) {
    let original = ingest(root);
    let (dir, _) = rebuilt(root, &original);
    let again = ingest(dir.path());
    assert_rows_accounted(&again);
    let (a, b) = (model(&original), model(&again));
    if a != b {
        let a = serde_json::to_string_pretty(&a).expect("json");
        let b = serde_json::to_string_pretty(&b).expect("json");
        let first = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        let context = |text: &str| {
            text.lines()
                .skip(first.saturating_sub(12))
                .take(24)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "the model differs from line {first}:\n--- original\n{}\n--- rebuilt\n{}\n\
             original errors: {:#?}\nrebuilt errors: {:#?}",
            context(&a),
            context(&b),
            errors(&original),
            errors(&again)
        );
    }
    (original, again)
}

#[test]
fn the_example_round_trips() {
    let dir = TestDir::new();
    let root = dir.example("input");
    let (original, again) = assert_round_trip(&root);
    assert!(
        original.report.ok() && again.report.ok(),
        "{:?}",
        errors(&again)
    );
    // The remarks column of AG 1 comes back as a column the reader does not use.
    let remarks: Vec<String> = again
        .report
        .files
        .iter()
        .flat_map(|f| &f.sheets)
        .flat_map(|s| &s.unknown_columns)
        .map(|c| format!("{} {}", c.column, c.name))
        .collect();
    assert_eq!(remarks, ["H Bemerkung"]);
}

// ---------------------------------------------------------------------------------------
// Generated projects

/// The Handlungsfelder of the fixtures' konzept.toml: name, short name.
const AGS: [(&str, &str); 4] = [
    ("Sprache und Bildung", "SB"),
    ("Arbeit und Soziales", "AS"),
    ("Freizeit, Kultur und Religion", "FKR"),
    ("Politik und Recht", "PR"),
];

/// A cell as a generated table holds it.
#[derive(Clone, Debug, PartialEq)]
enum Gen {
    Text(String),
    Number(f64),
    /// Day of 2008 from 0 (xlsx: a date cell; CSV: `d.m.2008`), or a day of 1899 (text).
    Date(u16),
    Old,
    /// A formula error (xlsx only; CSV: `#REF!` as text would be a valid text, so empty).
    Error,
    Empty,
}

/// One table as generated: headers (None: no header, data only) and rows.
#[derive(Clone, Debug)]
struct GenTable {
    /// The sheet's name, or the end of the CSV file's name.
    name: &'static str,
    headers: Vec<String>,
    rows: Vec<Vec<Gen>>,
    /// Ranges of rows (first, last) whose cells in column 0 are merged (a goal over its
    /// measures).
    merged: Vec<(usize, usize)>,
}

/// How a generated AG's files name their AG.
#[derive(Clone, Copy, Debug)]
enum AgBy {
    FileName,
    AgSheet,
    AgColumn,
}

#[derive(Clone, Debug)]
struct GenAg {
    goals: Vec<GenGoal>,
    measures: Vec<GenMeasure>,
    situation: Vec<(Gen, Gen)>,
    sessions: Vec<(Gen, Gen, Gen, Gen)>,
    xlsx: bool,
    ag_by: AgBy,
    synonyms: bool,
    title_row: bool,
    merged: bool,
    remarks: bool,
    first_measure_without_goal: bool,
    attendance: Vec<(u8, Gen)>,
    /// A second goals and measures table of the AG (a later addition), whose first
    /// measure names no goal when `first_measure_without_goal`.
    later: (Vec<GenGoal>, Vec<GenMeasure>),
}

/// A goal: its number (none: by position), text (empty: none), priority, Leitziel.
type GenGoal = (Option<u8>, String, Gen, Gen);

#[derive(Clone, Debug)]
struct GenMeasure {
    /// Index into the goals (modulo their count), or 99: a goal that does not exist.
    goal: u8,
    by_text: bool,
    number: Gen,
    text: Gen,
    umsetzung: Gen,
    contacts: Vec<String>,
    zeitrahmen: Gen,
    finanzierung: Gen,
}

/// Words of the texts, with characters that mean something to Typst, XML, CSV or Excel.
const WORDS: [&str; 24] = [
    "Sprachkurse",
    "für",
    "Eltern",
    "Kitas",
    "Ausländerbehörde",
    "Ehrenamt",
    "Stadtteil",
    "Beratung",
    "#Hashtag",
    "$Kosten",
    "*betont*",
    "<b>fett</b>",
    "@stadt",
    "a & b",
    "\"Zitat\"",
    "50 %",
    "_x0041_",
    "[Link](x)",
    "Über",
    "Straße",
    "ﬁ",
    "1.",
    "\\n",
    "€",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => (prop::sample::select(&WORDS[..]), prop::collection::vec(prop::sample::select(&WORDS[..]), 0..7))
            .prop_map(|(first, rest)| std::iter::once(first).chain(rest).collect::<Vec<_>>().join(" ")),
        // Texts Excel would take for a formula, and texts over several lines.
        1 => Just("=SUMME(A1:A3) oder @Verweis".to_owned()),
        1 => Just("Erste Zeile\nzweite Zeile; mit Semikolon".to_owned()),
        // Long texts, up to Excel's limit for a cell.
        1 => (1000usize..4500).prop_map(|n| "Lange Beschreibung ".repeat(n).chars().take(32_000).collect()),
    ]
}

fn text_gen() -> impl Strategy<Value = Gen> {
    text().prop_map(Gen::Text)
}

fn maybe_text() -> impl Strategy<Value = Gen> {
    prop_oneof![2 => Just(Gen::Empty), 3 => text_gen()]
}

fn prio() -> impl Strategy<Value = Gen> {
    prop_oneof![
        Just(Gen::Empty),
        (1u8..6).prop_map(|n| Gen::Number(f64::from(n))),
        (1u8..6).prop_map(|n| Gen::Text(format!("Prio {n}"))),
        Just(Gen::Text("hoch".to_owned())),
    ]
}

fn leitziel() -> impl Strategy<Value = Gen> {
    prop_oneof![
        3 => Just(Gen::Empty),
        1 => (1u8..4).prop_map(|n| Gen::Number(f64::from(n))),
        1 => Just(Gen::Text("Teilhabe".to_owned())),
        1 => Just(Gen::Text("Ein eigenes Leitziel".to_owned())),
    ]
}

fn zeitrahmen() -> impl Strategy<Value = Gen> {
    prop_oneof![
        Just(Gen::Empty),
        Just(Gen::Text("kurzfristig".to_owned())),
        Just(Gen::Text("Mittelfristig".to_owned())),
        Just(Gen::Text("laufend".to_owned())),
        (2009u16..2015).prop_map(|y| Gen::Number(f64::from(y))),
        (2009u16..2015).prop_map(|y| Gen::Text(y.to_string())),
        (0u16..360).prop_map(Gen::Date),
        Just(Gen::Text("bis Ende 2012".to_owned())),
    ]
}

fn finanzierung() -> impl Strategy<Value = Gen> {
    prop_oneof![
        Just(Gen::Empty),
        Just(Gen::Text("Haushalt".to_owned())),
        Just(Gen::Text("kostenneutral".to_owned())),
        Just(Gen::Text("1.234,50 €".to_owned())),
        Just(Gen::Text("12500".to_owned())),
        Just(Gen::Text("0,5".to_owned())),
        Just(Gen::Text("€ 1.000".to_owned())),
        (1u32..2_000_000).prop_map(|n| Gen::Number(f64::from(n) / 4.0)),
        Just(Gen::Text("ca. 5.000 € jährlich".to_owned())),
    ]
}

fn measure() -> impl Strategy<Value = GenMeasure> {
    (
        prop_oneof![9 => 0u8..4, 1 => Just(99u8)],
        any::<bool>(),
        prop_oneof![
            Just(Gen::Empty),
            (1u8..5).prop_map(|n| Gen::Number(f64::from(n))),
            (1u8..5).prop_map(|n| Gen::Text(format!("M-{n}"))),
        ],
        prop_oneof![12 => text_gen(), 1 => Just(Gen::Empty), 1 => Just(Gen::Error)],
        maybe_text(),
        prop::collection::vec(prop::sample::select(&WORDS[..8]), 0..3),
        zeitrahmen(),
        finanzierung(),
    )
        .prop_map(
            |(goal, by_text, number, text, umsetzung, contacts, zeitrahmen, finanzierung)| {
                GenMeasure {
                    goal,
                    by_text,
                    number,
                    text,
                    umsetzung,
                    contacts: contacts.into_iter().map(str::to_owned).collect(),
                    zeitrahmen,
                    finanzierung,
                }
            },
        )
}

fn session() -> impl Strategy<Value = (Gen, Gen, Gen, Gen)> {
    (
        prop_oneof![
            Just(Gen::Empty),
            (1u8..6).prop_map(|n| Gen::Number(f64::from(n)))
        ],
        prop_oneof![
            12 => (0u16..360).prop_map(Gen::Date),
            1 => Just(Gen::Old),
            1 => Just(Gen::Text("bald".to_owned())),
            1 => Just(Gen::Empty),
        ],
        maybe_text(),
        maybe_text(),
    )
}

fn goal() -> impl Strategy<Value = GenGoal> {
    (
        prop_oneof![2 => (1u8..7).prop_map(Some), 1 => Just(None)],
        prop_oneof![9 => text(), 1 => Just(String::new())],
        prio(),
        leitziel(),
    )
}

fn ag() -> impl Strategy<Value = GenAg> {
    (
        prop::collection::vec(goal(), 0..5),
        prop::collection::vec(measure(), 0..7),
        prop::collection::vec(
            (
                prop_oneof![
                    Just(Gen::Text("Defizit".to_owned())),
                    Just(Gen::Text("Potenziale".to_owned())),
                    Just(Gen::Text("Bestand".to_owned())),
                    Just(Gen::Text("Stärke".to_owned())),
                    Just(Gen::Text("Wunsch".to_owned())),
                    Just(Gen::Empty),
                ],
                prop_oneof![9 => text_gen(), 1 => Just(Gen::Empty)],
            ),
            0..4,
        ),
        prop::collection::vec(session(), 0..4),
        (
            any::<bool>(),
            prop_oneof![
                Just(AgBy::FileName),
                Just(AgBy::AgSheet),
                Just(AgBy::AgColumn)
            ],
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop_oneof![3 => Just(false), 1 => Just(true)],
        ),
        prop::collection::vec(
            (
                0u8..6,
                prop_oneof![
                    3 => (1u8..6).prop_map(|n| Gen::Number(f64::from(n))),
                    1 => (0u16..360).prop_map(Gen::Date),
                ],
            ),
            0..5,
        ),
        (
            prop::collection::vec(goal(), 0..3),
            prop::collection::vec(measure(), 0..3),
        ),
    )
        .prop_map(
            |(
                goals,
                measures,
                situation,
                sessions,
                (xlsx, ag_by, synonyms, title_row, merged, remarks, first_without),
                attendance,
                later,
            )| GenAg {
                goals,
                measures,
                situation,
                sessions,
                xlsx,
                ag_by,
                synonyms,
                title_row,
                merged,
                remarks,
                first_measure_without_goal: first_without,
                attendance,
                later,
            },
        )
}

/// A day of 2008 as `d.m.2008`, and as (month, day).
fn day(day: u16) -> (u8, u8) {
    const MONTHS: [u16; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut rest = day;
    for (i, length) in MONTHS.iter().enumerate() {
        if rest < *length {
            return (i as u8 + 1, rest as u8 + 1);
        }
        rest -= length;
    }
    (12, 31)
}

fn date_text(d: u16) -> String {
    let (month, day) = day(d);
    format!("{day}.{month}.2008")
}

/// The tables of one AG: goals, measures, situation, sessions, and a later goals and
/// measures table.
fn tables(ag: &GenAg, number: usize) -> Vec<GenTable> {
    let (name, short) = AGS[number];
    let ag_value = match number {
        0 => name.to_owned(),
        1 => short.to_owned(),
        _ => format!("AG {}", number + 1),
    };
    let with_ag = matches!(ag.ag_by, AgBy::AgColumn);
    let header = |canonical: &[&str], synonyms: &[&str]| -> Vec<String> {
        let names = if ag.synonyms { synonyms } else { canonical };
        let mut names: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        if ag.remarks {
            names.push("Bemerkung".to_owned());
        }
        if with_ag {
            names.insert(0, "AG".to_owned());
        }
        names
    };
    let row = |mut cells: Vec<Gen>, remark: usize| -> Vec<Gen> {
        if ag.remarks {
            cells.push(if remark.is_multiple_of(2) {
                Gen::Text(format!("Anmerkung {remark}"))
            } else {
                Gen::Empty
            });
        }
        if with_ag {
            cells.insert(0, Gen::Text(ag_value.clone()));
        }
        cells
    };
    let all_goals: Vec<&GenGoal> = ag.goals.iter().chain(&ag.later.0).collect();
    let goal_rows = |goals: &[GenGoal]| -> Vec<Vec<Gen>> {
        goals
            .iter()
            .enumerate()
            .map(|(i, (n, text, prio, leitziel))| {
                let number = n.map_or(Gen::Empty, |n| Gen::Number(f64::from(n)));
                let text = if text.is_empty() {
                    Gen::Empty
                } else {
                    Gen::Text(text.clone())
                };
                row(vec![number, text, prio.clone(), leitziel.clone()], i)
            })
            .collect()
    };
    let measure_rows = |measures: &[GenMeasure]| -> (Vec<Vec<Gen>>, Vec<(usize, usize)>) {
        let mut rows: Vec<Vec<Gen>> = Vec::new();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        let mut previous: Option<(Gen, usize)> = None;
        for (i, m) in measures.iter().enumerate() {
            let goal = if m.goal == 99 || all_goals.is_empty() {
                Gen::Text("99".to_owned())
            } else {
                let (n, text, ..) = all_goals[usize::from(m.goal) % all_goals.len()];
                match (n, m.by_text) {
                    (Some(n), false) => Gen::Text(n.to_string()),
                    _ if text.is_empty() => Gen::Text("77".to_owned()),
                    _ => Gen::Text(text.clone()),
                }
            };
            let goal = if i == 0 && ag.first_measure_without_goal {
                Gen::Empty
            } else {
                goal
            };
            let contacts = if m.contacts.is_empty() {
                Gen::Empty
            } else {
                Gen::Text(
                    m.contacts
                        .join(if i.is_multiple_of(2) { "; " } else { "\n" }),
                )
            };
            // The same goal as the row above: merged with it, or left blank (fill-down).
            let same = previous.as_ref().is_some_and(|(g, _)| *g == goal) && goal != Gen::Empty;
            let cell = if same && !ag.merged {
                Gen::Empty
            } else {
                goal.clone()
            };
            if same && ag.merged {
                let first = previous.as_ref().map_or(i, |(_, first)| *first);
                match merged.last_mut() {
                    Some((start, end)) if *start == first => *end = i,
                    _ => merged.push((first, i)),
                }
            } else {
                previous = Some((goal.clone(), i));
            }
            rows.push(row(
                vec![
                    cell,
                    m.number.clone(),
                    m.text.clone(),
                    m.umsetzung.clone(),
                    contacts,
                    m.zeitrahmen.clone(),
                    m.finanzierung.clone(),
                ],
                i,
            ));
        }
        (rows, merged)
    };
    let situation = ag
        .situation
        .iter()
        .enumerate()
        .map(|(i, (kind, text))| row(vec![kind.clone(), text.clone()], i))
        .collect();
    let sessions = ag
        .sessions
        .iter()
        .enumerate()
        .map(|(i, (n, d, place, topic))| {
            row(vec![n.clone(), d.clone(), place.clone(), topic.clone()], i)
        })
        .collect();
    let goal_header = header(
        &["Nr", "Ziel", "Priorität", "Leitziel"],
        &["Ziel-Nr.", "Zielformulierung", "Rangfolge", "Leitziele"],
    );
    let measure_header = header(
        &[
            "Ziel",
            "Nr",
            "Maßnahme",
            "Umsetzung",
            "Ansprechpartner",
            "Zeitrahmen",
            "Finanzierung",
        ],
        &[
            "Ziel-Nr",
            "Maßnahmen-Nr",
            "Maßnahmenvorschlag",
            "Umsetzungsschritte",
            "Ansprechpartner/innen",
            "Umsetzungszeitraum",
            "Kosten",
        ],
    );
    let (measures, merged) = measure_rows(&ag.measures);
    let (later_measures, later_merged) = measure_rows(&ag.later.1);
    vec![
        GenTable {
            name: "Ziele",
            headers: goal_header.clone(),
            rows: goal_rows(&ag.goals),
            merged: Vec::new(),
        },
        GenTable {
            name: "Maßnahmen",
            headers: measure_header.clone(),
            rows: measures,
            merged,
        },
        GenTable {
            name: "Ausgangslage",
            headers: header(&["Art", "Beschreibung"], &["Kategorie", "Inhalt"]),
            rows: situation,
            merged: Vec::new(),
        },
        GenTable {
            name: "Sitzungen",
            headers: header(
                &["Nr", "Datum", "Ort", "Thema"],
                &["Termin-Nr", "Termin", "Raum", "Schwerpunkt"],
            ),
            rows: sessions,
            merged: Vec::new(),
        },
        GenTable {
            name: "Nachtrag Ziele",
            headers: goal_header,
            rows: goal_rows(&ag.later.0),
            merged: Vec::new(),
        },
        GenTable {
            name: "Nachtrag Maßnahmen",
            headers: measure_header,
            rows: later_measures,
            merged: later_merged,
        },
    ]
}

fn csv_field(value: &Gen) -> String {
    let text = match value {
        Gen::Text(t) => t.clone(),
        Gen::Number(n) => n.to_string().replace('.', ","),
        Gen::Date(d) => date_text(*d),
        Gen::Old => "3.4.1899".to_owned(),
        Gen::Error | Gen::Empty => String::new(),
    };
    if text.contains([';', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn csv(table: &GenTable) -> String {
    let mut out = table.headers.join(";") + "\n";
    for row in &table.rows {
        out += &row.iter().map(csv_field).collect::<Vec<_>>().join(";");
        out.push('\n');
    }
    out
}

fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, value: &Gen) {
    let date = Format::new().set_num_format("dd.mm.yyyy");
    match value {
        Gen::Text(t) => sheet.write_string(row, col, t).map(|_| ()),
        Gen::Number(n) => sheet.write_number(row, col, *n).map(|_| ()),
        Gen::Date(d) => {
            let (month, day) = day(*d);
            let value = ExcelDateTime::from_ymd(2008, month, day).expect("date");
            sheet
                .write_date_with_format(row, col, &value, &date)
                .map(|_| ())
        }
        Gen::Old => sheet.write_string(row, col, "3.4.1899").map(|_| ()),
        Gen::Error => sheet
            .write_formula(row, col, Formula::new("=#REF!").set_result("#REF!"))
            .map(|_| ()),
        Gen::Empty => Ok(()),
    }
    .expect("cell");
}

fn xlsx(ag: &GenAg, number: usize, tables: &[GenTable]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    if matches!(ag.ag_by, AgBy::AgSheet) {
        let sheet = workbook.add_worksheet();
        sheet.set_name("AG").expect("name");
        sheet.write_string(0, 0, "Arbeitsgruppe").expect("cell");
        sheet.write_string(0, 1, AGS[number].1).expect("cell");
    }
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name).expect("name");
        let top = u32::from(ag.title_row) * 2;
        if ag.title_row {
            sheet
                .write_string(
                    0,
                    0,
                    format!("Arbeitsgruppe {} – {}", AGS[number].0, table.name),
                )
                .expect("title");
        }
        for (c, name) in table.headers.iter().enumerate() {
            sheet.write_string(top, c as u16, name).expect("header");
        }
        let goal_col = u16::from(matches!(ag.ag_by, AgBy::AgColumn));
        for (r, row) in table.rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                write_cell(sheet, top + 1 + r as u32, c as u16, value);
            }
        }
        for &(first, last) in &table.merged {
            let (first, last) = (top + 1 + first as u32, top + 1 + last as u32);
            let value = table.rows[(first - top - 1) as usize][usize::from(goal_col)].clone();
            sheet
                .merge_range(first, goal_col, last, goal_col, "", &Format::new())
                .expect("merge");
            write_cell(sheet, first, goal_col, &value);
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

/// Rows of the tables that the reader sees with nothing but their `AG` cell: not used, and
/// with nothing to give back in a workbook. (A measure's blank goal cell below another is
/// filled in by the reader, so only a first row can be one.)
fn ag_only_rows(ag: &GenAg, tables: &[GenTable]) -> usize {
    if !matches!(ag.ag_by, AgBy::AgColumn) {
        return 0;
    }
    let blank = |value: &Gen| match value {
        Gen::Empty => true,
        Gen::Error => !ag.xlsx,
        _ => false,
    };
    tables
        .iter()
        .map(|table| {
            let measures = table.name.ends_with("Maßnahmen");
            table
                .rows
                .iter()
                .enumerate()
                .filter(|(i, row)| (!measures || *i == 0) && row.iter().skip(1).all(blank))
                .count()
        })
        .sum()
}

/// Writes the generated project into `fixture`; returns the rows with nothing but their
/// `AG` cell.
fn write_project(fixture: &Fixture, ags: &[GenAg]) -> usize {
    let mut ag_only = 0;
    let mut attendance = String::from("AG;Name;Organisation;Bereich;Sitzung\n");
    for (number, ag) in ags.iter().enumerate() {
        let (name, short) = AGS[number];
        let tables = tables(ag, number);
        ag_only += ag_only_rows(ag, &tables);
        let stem = match ag.ag_by {
            AgBy::FileName => format!("AG {} {name}", number + 1),
            // CSV files have no AG sheet: their names say `ag-<n>`.
            AgBy::AgSheet if !ag.xlsx => format!("ag-{}_daten", number + 1),
            _ => format!("daten-{number}"),
        };
        if ag.xlsx {
            fixture.write(&format!("ag/{stem}.xlsx"), &xlsx(ag, number, &tables));
        } else {
            for table in &tables {
                let path = format!("ag/{stem} {}.csv", table.name.replace('ß', "ss"));
                let text = csv(table);
                // Windows-1252 where the text allows it, as offices save CSV.
                let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
                if unmappable || number.is_multiple_of(2) {
                    fixture.text(&path, &text);
                } else {
                    fixture.write(&path, &bytes);
                }
            }
        }
        for (person, session) in &ag.attendance {
            attendance += &format!(
                "{short};Person {person};Verein {person};Kita;{}\n",
                csv_field(session)
            );
        }
    }
    fixture.write("teilnehmende/anwesenheit.csv", &cp1252(&attendance));
    ag_only
}

/// Cases of the round-trip property: `PROPTEST_CASES` or 16.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(16);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_projects_round_trip(ags in prop::collection::vec(ag(), 4)) {
        let fixture = Fixture::new();
        let ag_only = write_project(&fixture, &ags);
        let (original, again) = assert_round_trip(fixture.root());
        // Every row not used that belongs to an AG and has more than its AG cell is in its
        // workbook, and is not used there either; sessions known only by number come as
        // rows without a date.
        let dateless: usize = original
            .konzept
            .as_ref()
            .expect("model")
            .arbeitsgruppen
            .iter()
            .flat_map(|ag| &ag.sitzungen)
            .filter(|s| s.date.is_none())
            .count();
        let (written, workbooks) = {
            let workbooks = prefilled_all(&original).expect("workbooks");
            (workbooks.iter().map(|w| w.unused_rows).sum::<usize>(), workbooks.len())
        };
        prop_assert_eq!(workbooks, 4);
        let without_ag = ratsvorlage::commands::blank_workbook::rows_without_ag(&original);
        let attendance = unused_rows_in(&again, "teilnehmende/");
        prop_assert_eq!(attendance, unused_rows_in(&original, "teilnehmende/"));
        prop_assert_eq!(
            written + ag_only,
            unused_rows(&original) - attendance - without_ag
        );
        prop_assert_eq!(
            unused_rows(&again),
            written + attendance + dateless,
            "{:?}",
            errors(&again)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Marks read back

/// The parts of an xlsx file by name.
fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let name = entry.name().expect("name").into_owned();
            let mut text = String::new();
            let _ = entry.read_to_string(&mut text);
            (name, text)
        })
        .collect()
}

/// The notes of the sheet named `sheet`: cell reference → text.
fn notes(bytes: &[u8], sheet: &str) -> Vec<(String, String)> {
    let parts = parts(bytes);
    let workbook = &parts["xl/workbook.xml"];
    let position = workbook
        .split("<sheet ")
        .skip(1)
        .position(|s| s.starts_with(&format!("name=\"{sheet}\"")))
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    let rels = &parts[&format!("xl/worksheets/_rels/sheet{}.xml.rels", position + 1)];
    let target = rels
        .split("Target=\"")
        .skip(1)
        .map(|t| t.split('"').next().unwrap_or_default())
        .find(|t| t.contains("comments"))
        .expect("the sheet has notes");
    let comments = &parts[&format!("xl/{}", target.trim_start_matches("../"))];
    comments
        .split("<comment ref=\"")
        .skip(1)
        .map(|c| {
            let cell = c.split('"').next().unwrap_or_default().to_owned();
            let text: String = c
                .split("</t>")
                .filter_map(|t| {
                    let start = t.rfind("<t>").map(|i| i + 3).or_else(|| {
                        let i = t.rfind("<t xml:space=\"preserve\">")?;
                        Some(i + "<t xml:space=\"preserve\">".len())
                    })?;
                    Some(&t[start..])
                })
                .collect();
            (cell, text.replace("&quot;", "\"").replace("&amp;", "&"))
        })
        .collect()
}

/// The value of a cell of a sheet, as calamine reads it.
fn cell(bytes: &[u8], sheet: &str, cell: (u32, u32)) -> calamine::Data {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = workbook.worksheet_range(sheet).expect("sheet");
    range
        .get_value(cell)
        .cloned()
        .unwrap_or(calamine::Data::Empty)
}

/// The fill colour (`FFC7CE`) of a cell, from the sheet's XML and the styles.
fn fill(bytes: &[u8], sheet_part: &str, reference: &str) -> Option<String> {
    let parts = parts(bytes);
    let xml = &parts[sheet_part];
    let cell = xml.split(&format!("<c r=\"{reference}\"")).nth(1)?;
    let style: usize = cell
        .split_once(" s=\"")?
        .1
        .split('"')
        .next()?
        .parse()
        .ok()?;
    let styles = &parts["xl/styles.xml"];
    let xfs = styles.split("<cellXfs").nth(1)?;
    let xf = xfs.split("<xf ").nth(style + 1)?;
    let fill_id: usize = xf
        .split_once("fillId=\"")?
        .1
        .split('"')
        .next()?
        .parse()
        .ok()?;
    let fills = styles.split("<fills").nth(1)?;
    let fill = fills.split("<fill>").nth(fill_id + 1)?;
    Some(fill.split_once("rgb=\"FF")?.1.split('"').next()?.to_owned())
}

/// A project whose AG Politik und Recht has a measure naming a goal that does not exist,
/// a goal whose number is taken, a text with a control character, and a remark column.
fn project_with_problems() -> Fixture {
    let f = Fixture::new();
    let mut workbook = Workbook::new();
    let ziele = workbook.add_worksheet();
    ziele.set_name("Ziele").unwrap();
    for (c, h) in ["Nr", "Ziel", "Priorität"].iter().enumerate() {
        ziele.write_string(0, c as u16, *h).unwrap();
    }
    ziele.write_number(1, 0, 1.0).unwrap();
    ziele.write_string(1, 1, "Mehr Beteiligung").unwrap();
    ziele.write_number(1, 2, 1.0).unwrap();
    ziele.write_number(2, 0, 1.0).unwrap();
    ziele.write_string(2, 1, "Doppelt nummeriert").unwrap();
    let massnahmen = workbook.add_worksheet();
    massnahmen.set_name("Maßnahmen").unwrap();
    for (c, h) in ["Ziel", "Maßnahme", "Umsetzung", "Bemerkung"]
        .iter()
        .enumerate()
    {
        massnahmen.write_string(0, c as u16, *h).unwrap();
    }
    massnahmen.write_number(1, 0, 1.0).unwrap();
    massnahmen.write_string(1, 1, "Wahlinformation").unwrap();
    massnahmen
        .write_string(1, 2, "mehrsprachig\u{7} verteilen")
        .unwrap();
    massnahmen
        .write_string(1, 3, "mit dem Integrationsrat")
        .unwrap();
    massnahmen.write_number(2, 0, 9.0).unwrap();
    massnahmen.write_string(2, 1, "Seminarreihe").unwrap();
    f.write(
        "ag/AG 4 Politik und Recht.xlsx",
        &workbook.save_to_buffer().unwrap(),
    );
    f
}

#[test]
fn a_marked_problem_cell_carries_its_note() {
    let f = project_with_problems();
    let original = f.ingest();
    assert_eq!(original.report.errors.len(), 2, "{:?}", errors(&original));
    let workbook = prefilled(&original, "PR").expect("workbook");
    assert_eq!(workbook.file_name, "AG-PR-Politik-und-Recht.xlsx");
    assert_eq!(workbook.unused_rows, 2);
    let bytes = &workbook.bytes;

    // The measure naming goal 9: its row comes back at its place (row 3), its goal cell
    // marked red with the error in a note.
    let massnahmen = notes(bytes, "Maßnahmen");
    let (_, note) = massnahmen
        .iter()
        .find(|(cell, _)| cell == "A3")
        .unwrap_or_else(|| panic!("no note at A3: {massnahmen:?}"));
    assert!(
        note.contains("Diese Zeile wurde nicht ins Konzept übernommen")
            && note.contains("Das Ziel „9“ gibt es in der AG „Politik und Recht“ nicht"),
        "{note}"
    );
    assert_eq!(cell(bytes, "Maßnahmen", (2, 0)), calamine::Data::Float(9.0));
    assert_eq!(
        cell(bytes, "Maßnahmen", (2, 2)),
        calamine::Data::String("Seminarreihe".into())
    );
    assert_eq!(
        fill(bytes, "xl/worksheets/sheet4.xml", "A3").as_deref(),
        Some("FFC7CE")
    );
    // The warning about the control character sits at the Umsetzung cell (C2 → D2: the
    // canonical sheet has Nr before Maßnahme), yellow.
    let (_, warning) = massnahmen
        .iter()
        .find(|(cell, _)| cell == "D2")
        .unwrap_or_else(|| panic!("no note at D2: {massnahmen:?}"));
    assert!(
        warning.starts_with("ratsvorlage:")
            && warning.contains("Warnung: Unsichtbare Steuerzeichen"),
        "{warning}"
    );
    assert!(warning.contains("(gemeldet für ag/AG 4 Politik und Recht.xlsx › Maßnahmen › C2)"));
    assert_eq!(
        fill(bytes, "xl/worksheets/sheet4.xml", "D2").as_deref(),
        Some("FFEB9C")
    );
    // The remark is kept in a column after the canonical ones.
    assert_eq!(
        cell(bytes, "Maßnahmen", (0, 7)),
        calamine::Data::String("Bemerkung".into())
    );
    assert_eq!(
        cell(bytes, "Maßnahmen", (1, 7)),
        calamine::Data::String("mit dem Integrationsrat".into())
    );
    // The goal whose number is taken: its number cell, after the goal that has it.
    let ziele = notes(bytes, "Ziele");
    assert!(
        ziele
            .iter()
            .any(|(cell, note)| cell == "A3" && note.contains("Die Zielnummer „1“ kommt")),
        "{ziele:?}"
    );
    // The instructions list every mark, so no message depends on hovering or colour.
    let strings = &parts(bytes)["xl/sharedStrings.xml"];
    assert!(
        strings.contains("Meldungen in dieser Mappe (3 Zellen)"),
        "{strings}"
    );
    assert!(strings.contains("Maßnahmen › A3: Diese Zeile wurde nicht ins Konzept übernommen"));

    // Read back, the workbook gives the same model, and the same problems.
    let dir = TestDir::new();
    dir.write("konzept.toml", KONZEPT_TOML);
    dir.write("ag/AG-PR.xlsx", bytes);
    let again = ingest(dir.path());
    assert_eq!(model(&again), model(&original));
    assert_eq!(again.report.errors.len(), 2, "{:?}", errors(&again));
}

#[test]
fn a_text_too_long_for_excel_is_cut_and_marked() {
    let f = Fixture::new();
    let long = "Wort ".repeat(8000);
    f.text(
        "ag/ag-4_ausgangslage.csv",
        &format!("Art;Beschreibung\nDefizit;{long}\n"),
    );
    let ingested = f.ingest();
    let workbook = prefilled(&ingested, "4").expect("workbook");
    let calamine::Data::String(text) = cell(&workbook.bytes, "Ausgangslage", (1, 1)) else {
        panic!("no text");
    };
    assert_eq!(text.chars().count(), 32_767);
    let (cell, note) = &notes(&workbook.bytes, "Ausgangslage")[0];
    assert_eq!(cell, "B2");
    assert!(
        note.contains("Dieser Text hat 39.999 Zeichen; eine Excel-Zelle fasst höchstens 32.767."),
        "{note}"
    );
}

// ---------------------------------------------------------------------------------------
// Personal data

#[test]
fn no_names_reach_a_workbook() {
    let f = Fixture::new();
    // Attendance inside an AG workbook, and a name column in a goals table.
    let mut workbook = Workbook::new();
    let ziele = workbook.add_worksheet();
    ziele.set_name("Ziele").unwrap();
    for (c, h) in ["Nr", "Ziel", "Name", "Notiz"].iter().enumerate() {
        ziele.write_string(0, c as u16, *h).unwrap();
    }
    ziele.write_number(1, 0, 1.0).unwrap();
    ziele.write_string(1, 1, "Mehr Sprachkurse").unwrap();
    ziele.write_string(1, 2, "Erika Geheimnis").unwrap();
    ziele.write_string(1, 3, "erste Notiz").unwrap();
    let liste = workbook.add_worksheet();
    liste.set_name("Anwesenheit").unwrap();
    for (c, h) in ["Name", "Organisation", "Sitzung"].iter().enumerate() {
        liste.write_string(0, c as u16, *h).unwrap();
    }
    liste.write_string(1, 0, "Max Verborgen").unwrap();
    liste.write_string(1, 1, "Verein").unwrap();
    liste.write_number(1, 2, 1.0).unwrap();
    liste.write_string(2, 0, "Ohne Organisation").unwrap();
    // A name in the session column: the message about it quotes the name.
    liste.write_string(3, 0, "Eva Zitiert").unwrap();
    liste.write_string(3, 1, "Verein").unwrap();
    liste.write_string(3, 2, "Eva Zitiert").unwrap();
    f.write(
        "ag/AG 1 Sprache und Bildung.xlsx",
        &workbook.save_to_buffer().unwrap(),
    );
    let ingested = f.ingest();
    assert!(
        errors(&ingested)
            .iter()
            .any(|e| e.contains("„Eva Zitiert“ nennt keine Sitzung")),
        "{:?}",
        errors(&ingested)
    );
    let workbook = prefilled(&ingested, "Sprache und Bildung").expect("workbook");
    for (part, text) in parts(&workbook.bytes) {
        for name in ["Geheimnis", "Verborgen", "Ohne Organisation", "Zitiert"] {
            assert!(!text.contains(name), "{name} in {part}");
        }
    }
    // The other column without a meaning is kept.
    assert_eq!(
        cell(&workbook.bytes, "Ziele", (1, 4)),
        calamine::Data::String("erste Notiz".into())
    );
}

// ---------------------------------------------------------------------------------------
// The command

fn run(args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
        .args(args)
        .output()
        .expect("run ratsvorlage");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

#[test]
fn vorlage_ag_mit_daten_writes_one_workbook_per_ag_into_a_folder() {
    let dir = TestDir::new();
    let project = dir.example("input");
    let out = dir.join("mappen");
    let (code, stdout, stderr) = run(&["vorlage-ag", "--mit-daten", "-o", s(&out), s(&project)]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "AG-AS-Arbeit-und-Soziales.xlsx",
            "AG-FKR-Freizeit-Kultur-und-Religion.xlsx",
            "AG-PR-Politik-und-Recht.xlsx",
            "AG-SB-Sprache-und-Bildung.xlsx"
        ]
    );
    assert!(
        stdout.starts_with("4 AG-Arbeitsmappen mit Daten geschrieben:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("AG-PR-Politik-und-Recht.xlsx: 5 Ziele, 12 Maßnahmen, 7 Punkte der Ausgangslage, 3 Sitzungen; 0 nicht übernommene Zeilen, 0 markierte Zellen"),
        "{stdout}"
    );

    // One AG by its short name into a file; the same bytes as in the folder.
    let file = dir.join("pr.xlsx");
    let (code, stdout, stderr) = run(&[
        "vorlage-ag",
        s(&project),
        "--mit-daten",
        "--ag",
        "PR",
        "-o",
        s(&file),
    ]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(
        std::fs::read(&file).expect("file"),
        std::fs::read(out.join("AG-PR-Politik-und-Recht.xlsx")).expect("file")
    );
}

#[test]
fn vorlage_ag_refuses_wrong_combinations_in_german() {
    let dir = TestDir::new();
    let project = dir.example("input");
    let file = dir.join("a.xlsx");
    let (code, _, stderr) = run(&["vorlage-ag", "--mit-daten", "-o", s(&file), s(&project)]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "Fehler: Ohne --ag schreibt --mit-daten eine Mappe je AG; -o nennt dann einen Ordner"
        ),
        "{stderr}"
    );
    assert!(!file.exists());
    let (code, _, stderr) = run(&["vorlage-ag", s(&project), "-o", s(&file)]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("Fehler: Ein Projektordner gilt nur mit --mit-daten"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&[
        "vorlage-ag",
        "--mit-daten",
        "--ag",
        "Sport",
        "-o",
        s(&file),
        s(&project),
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("Die AG „Sport“ gibt es nicht."), "{stderr}");
    assert!(!file.exists());
    // Without a readable konzept.toml: its error, then why there is no workbook.
    let empty = dir.mkdir("leer");
    let (code, _, stderr) = run(&[
        "vorlage-ag",
        "--mit-daten",
        "--ag",
        "1",
        "-o",
        s(&file),
        s(&empty),
    ]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("konzept.toml kann nicht gelesen werden"),
        "{stderr}"
    );
    assert!(stderr.contains("Ohne lesbare konzept.toml"), "{stderr}");
}

#[test]
fn the_same_project_gives_the_same_workbook_at_any_time() {
    // The workbook is dated by the Vorlage, not the clock: made again a second later (as the
    // folder and the single file are, or the workplace on a later click), it is the same.
    let dir = TestDir::new();
    let project = dir.example("input");
    let ingested = ratsvorlage::project::ingest(
        &ratsvorlage::project::Project::locate(Some(&project), None),
        &ratsvorlage::limits::Limits::default(),
    );
    let first = prefilled(&ingested, "PR").expect("workbook").bytes;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let again = prefilled(&ingested, "PR").expect("workbook").bytes;
    assert!(first == again, "the two workbooks differ");
}
