//! The prefilled AG workbook (`vorlage-ag --mit-daten`): the blank workbook's layout with
//! the AG's goals, measures, situation items and sessions, the rows that were not used, and
//! every problem of the AG's files as a fill and a note at its cell. Values are written so
//! that the reader reads them back to the same concept model: numbers as numbers, dates as
//! dates, every text as text (a text starting with `=` is no formula), formula errors as
//! formula errors.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatPattern, Formula, Note,
    Workbook, Worksheet, XlsxError,
};

use crate::commands::blank_workbook::layout::{
    EXTRA_WIDTH, SHEETS, SheetSpec, ag_sheet, cell_format, fit_row, heading, instructions, lines,
    paragraph, table_sheet,
};
use crate::commands::blank_workbook::marks;
use crate::commands::blank_workbook::plan::{self, FILLED, Mark, MarkKind, Plan};
use crate::german;
use crate::model::ags::AgIndex;
use crate::model::trace::RowOutcome;
use crate::project::Ingested;
use crate::report::{Problem, cell_name};
use crate::tables::{TableKind, Value};

/// One AG's prefilled workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrefilledWorkbook {
    /// The AG's name (its Handlungsfeld).
    pub ag: String,
    /// A file name for it: `AG-PR-Politik-und-Recht.xlsx`.
    pub file_name: String,
    /// The xlsx file.
    pub bytes: Vec<u8>,
    /// Goals, measures, situation items and sessions written.
    pub items: [usize; 4],
    /// Rows written that were not used, marked.
    pub unused_rows: usize,
    /// Cells that carry a note with a problem.
    pub marked_cells: usize,
}

/// The prefilled workbook of the AG named `ag` (name, short name or number of its
/// Handlungsfeld), made from an ingest — also one with errors, which is when an AG needs
/// it most. Fails when konzept.toml could not be read or names no such AG.
pub fn prefilled(ingested: &Ingested, ag: &str) -> Result<PrefilledWorkbook, Problem> {
    let konzept = konzept(ingested)?;
    let handlungsfelder = &konzept.konzept.handlungsfelder;
    let index = AgIndex::new(handlungsfelder);
    let Some(number) = index.by_value(ag) else {
        return Err(Problem::general(format!(
            "Die AG „{ag}“ gibt es nicht. Nennen Sie eines der Handlungsfelder aus konzept.toml \
             (Name, Kurzname oder Nummer): {}.",
            index.names()
        )));
    };
    workbook(ingested, konzept, &index, number)
}

/// The prefilled workbooks of all AGs, in konzept.toml order.
pub fn prefilled_all(ingested: &Ingested) -> Result<Vec<PrefilledWorkbook>, Problem> {
    let konzept = konzept(ingested)?;
    let index = AgIndex::new(&konzept.konzept.handlungsfelder);
    let mut workbooks: Vec<PrefilledWorkbook> = Vec::new();
    for number in 0..konzept.arbeitsgruppen.len() {
        let mut workbook = workbook(ingested, konzept, &index, number)?;
        // Two Handlungsfelder whose names differ only in punctuation get two files.
        while workbooks.iter().any(|w| w.file_name == workbook.file_name) {
            let stem = workbook.file_name.trim_end_matches(".xlsx");
            workbook.file_name = format!("{stem}-{}.xlsx", number + 1);
        }
        workbooks.push(workbook);
    }
    Ok(workbooks)
}

/// Rows not used that belong to no AG (their AG could not be decided): they are in no
/// prefilled workbook, only in the report.
pub fn rows_without_ag(ingested: &Ingested) -> usize {
    ingested
        .trace
        .rows
        .iter()
        .filter(|r| r.ag.is_none() && matches!(r.outcome, RowOutcome::Unused { .. }))
        .count()
}

fn konzept(ingested: &Ingested) -> Result<&crate::model::Konzept, Problem> {
    ingested.konzept.as_ref().ok_or_else(|| {
        Problem::general(
            "Ohne lesbare konzept.toml mit Handlungsfeldern sind die AGs unbekannt, und es gibt \
             keine Mappe mit Daten. Beheben Sie die Fehler in konzept.toml.",
        )
    })
}

/// The file name of an AG's workbook: `AG-<Kurzname>-<Name>.xlsx`, with every run of
/// characters other than letters and digits as one `-`.
pub fn file_name(short: &str, name: &str) -> String {
    let mut out = String::from("AG");
    for part in [short, name] {
        let mut dash = true;
        for c in part.chars() {
            if c.is_alphanumeric() {
                if dash {
                    out.push('-');
                }
                out.push(c);
                dash = false;
            } else {
                dash = true;
            }
        }
    }
    out + ".xlsx"
}

fn workbook(
    ingested: &Ingested,
    konzept: &crate::model::Konzept,
    index: &AgIndex<'_>,
    number: usize,
) -> Result<PrefilledWorkbook, Problem> {
    let ag = &konzept.arbeitsgruppen[number];
    // The `AG` sheet names the AG so that it reads back as this one: by name, else by
    // short name or number where two names fold into one.
    let declared = [
        ag.name.clone(),
        ag.short.clone(),
        format!("AG {}", number + 1),
    ]
    .into_iter()
    .find(|value| index.by_value(value) == Some(number))
    .ok_or_else(|| {
        Problem::general(format!(
            "Die AG „{}“ lässt sich in einer Mappe nicht eindeutig benennen: Name, Kurzname \
                 und Nummer passen auch zu anderen Handlungsfeldern in konzept.toml.",
            ag.name
        ))
    })?;
    let plan = plan::plan(konzept, &ingested.trace, &ingested.report, number);
    let (mut found, elsewhere) = marks::problems(&plan, &ingested.trace, &ingested.report);
    let mut all = plan.marks.clone();
    all.append(&mut found);
    let cells = merge(all);
    let bytes =
        write(&plan, &declared, &cells, &elsewhere, konzept.vorlage.date).map_err(|err| {
            Problem::general(format!(
                "Die Arbeitsmappe der AG „{}“ kann nicht erzeugt werden.",
                ag.name
            ))
            .with_detail(err.to_string())
        })?;
    Ok(PrefilledWorkbook {
        ag: ag.name.clone(),
        file_name: file_name(&ag.short, &ag.name),
        bytes,
        items: [
            ag.ziele.len(),
            ag.ziele.iter().map(|z| z.massnahmen.len()).sum(),
            ag.ausgangslage.len(),
            ag.sitzungen.len(),
        ],
        unused_rows: plan
            .sheets
            .iter()
            .flat_map(|s| &s.rows)
            .filter(|r| r.unused)
            .count(),
        marked_cells: cells.len(),
    })
}

/// The marks of one cell, put together: the strongest decides the fill; a message said by
/// two marks (the reason of an unused row and the same error from the report) is said once.
#[derive(Debug)]
struct CellMarks {
    kind: MarkKind,
    texts: Vec<String>,
    messages: Vec<String>,
}

/// (sheet, data row, column) → its marks.
type Marked = BTreeMap<(usize, u32, u16), CellMarks>;

fn merge(marks: Vec<Mark>) -> Marked {
    let mut cells: Marked = BTreeMap::new();
    for mark in marks {
        let entry = cells
            .entry((mark.sheet, mark.row, mark.col))
            .or_insert(CellMarks {
                kind: mark.kind,
                texts: Vec::new(),
                messages: Vec::new(),
            });
        if entry.messages.contains(&mark.message) {
            continue;
        }
        entry.kind = entry.kind.min(mark.kind);
        entry.texts.push(mark.text);
        entry.messages.push(mark.message);
    }
    cells
}

/// The fills of marked cells. The note says what the colour means, so nothing depends on
/// seeing it; the rows not used are hatched as well as tinted.
struct Fills {
    error: Color,
    warning: Color,
    unused: Color,
}

const FILLS: Fills = Fills {
    error: Color::RGB(0xFF_C7_CE),
    warning: Color::RGB(0xFF_EB_9C),
    unused: Color::RGB(0xD9_D9_D9),
};

/// A cell's format: its column's, with the fill of its mark.
fn format(base: &Format, mark: Option<MarkKind>) -> Format {
    match mark {
        None => base.clone(),
        Some(MarkKind::Error) => base.clone().set_background_color(FILLS.error),
        Some(MarkKind::Warning) => base.clone().set_background_color(FILLS.warning),
        Some(MarkKind::UnusedRow) => base
            .clone()
            .set_pattern(FormatPattern::LightUp)
            .set_foreground_color(FILLS.unused)
            .set_background_color(Color::White),
    }
}

fn write(
    plan: &Plan<'_>,
    declared: &str,
    cells: &Marked,
    elsewhere: &[String],
    date: crate::date::Date,
) -> Result<Vec<u8>, XlsxError> {
    let ag = plan.arbeitsgruppe;
    let mut workbook = Workbook::new();
    // Dated by the Vorlage, not the clock: the same project gives the same bytes, so a
    // workbook made twice (folder and single file, or a day apart) can be compared.
    let created = ExcelDateTime::from_ymd(date.year as u16, date.month, date.day)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = workbook.add_worksheet();
    let [ziele, massnahmen, ausgangslage, sitzungen] = [
        ag.ziele.len(),
        ag.ziele.iter().map(|z| z.massnahmen.len()).sum(),
        ag.ausgangslage.len(),
        ag.sitzungen.len(),
    ]
    .map(|n| german::count_text(n as u64));
    let intro = vec![
        format!(
            "Diese Mappe enthält, was zurzeit von Ihrer AG im Konzept steht: {ziele} Ziele, \
             {massnahmen} Maßnahmen, {ausgangslage} Punkte der Ausgangslage und {sitzungen} \
             Sitzungen, dazu die Zeilen, die nicht übernommen werden konnten. Ändern und \
             ergänzen Sie sie hier und schicken Sie die Mappe zurück: Sie ersetzt die bisherigen \
             Dateien Ihrer AG."
        ),
        "Markierte Zellen: Eine Zelle mit einem Fehler ist rot hinterlegt, eine mit einer \
         Warnung gelb; sie trägt eine Notiz mit der Meldung (ein Dreieck in der Ecke; zeigen \
         Sie mit der Maus darauf). Zeilen, die nicht ins Konzept übernommen wurden, sind grau \
         schraffiert, und eine Notiz nennt den Grund. Alle Meldungen stehen außerdem unten auf \
         diesem Blatt."
            .to_owned(),
        "Anwesenheitslisten stehen nicht in dieser Mappe: Sie enthalten Namen und bleiben beim \
         Büro."
            .to_owned(),
    ];
    let (formats, mut row) = instructions(sheet, &heading(Some(&ag.name)), &intro)?;
    sheet.set_active(true);
    row += 1;
    let count = german::count_text(cells.len() as u64);
    let heading = format!("Meldungen in dieser Mappe ({count} Zellen)");
    paragraph(sheet, row, &heading, &formats.bold)?;
    row += 1;
    if cells.is_empty() {
        paragraph(sheet, row, "keine", &formats.paragraph)?;
        row += 1;
    }
    for (&(s, r, c), marks) in cells {
        let place = format!("{} › {}", FILLED[s].name(), cell_name(r + 1, u32::from(c)));
        for text in &marks.texts {
            let first = text.lines().next().unwrap_or_default();
            let line = format!("{place}: {first}");
            paragraph(sheet, row, plan::fit_note(&line), &formats.paragraph)?;
            row += 1;
        }
    }
    if !elsewhere.is_empty() {
        row += 1;
        let heading = "Weitere Meldungen zu den Dateien Ihrer AG (ohne Zeile in dieser Mappe)";
        paragraph(sheet, row, heading, &formats.bold)?;
        row += 1;
        for text in elsewhere {
            paragraph(sheet, row, plan::fit_note(text), &formats.paragraph)?;
            row += 1;
        }
    }
    ag_sheet(workbook.add_worksheet(), Some(declared))?;
    for (s, planned) in plan.sheets.iter().enumerate() {
        let spec = SheetSpec::of(FILLED[s]);
        let sheet = workbook.add_worksheet();
        table_sheet(sheet, spec, &planned.extra, planned.rows.len() as u32)?;
        table_rows(sheet, s, spec, planned, cells)?;
    }
    let attendance = SHEETS
        .iter()
        .find(|spec| spec.kind == TableKind::Teilnehmende)
        .unwrap_or(&SHEETS[0]);
    table_sheet(workbook.add_worksheet(), attendance, &[], 0)?;
    workbook.save_to_buffer()
}

/// The data rows of one sheet with their marks.
fn table_rows(
    sheet: &mut Worksheet,
    s: usize,
    spec: &SheetSpec,
    planned: &plan::PlannedSheet,
    cells: &Marked,
) -> Result<(), XlsxError> {
    let width = spec.columns.len() + planned.extra.len();
    let extra = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let base = |col: u16| match spec.columns.get(usize::from(col)) {
        Some(column) => cell_format(column),
        None => extra.clone(),
    };
    let widths: Vec<f64> = spec
        .columns
        .iter()
        .map(|s| s.width)
        .chain(planned.extra.iter().map(|_| EXTRA_WIDTH))
        .collect();
    for (r, row) in planned.rows.iter().enumerate() {
        let r = r as u32;
        let at = r + 1;
        let height = row
            .cells
            .iter()
            .filter_map(|(col, value)| match value {
                Value::Text(text) => {
                    let width = widths.get(usize::from(*col)).copied();
                    Some(lines(text, width.unwrap_or(EXTRA_WIDTH)))
                }
                _ => None,
            })
            .max()
            .unwrap_or(1);
        fit_row(sheet, at, height)?;
        for col in 0..width as u16 {
            let value = row.cells.iter().find(|(c, _)| *c == col).map(|(_, v)| v);
            let marks = cells.get(&(s, r, col));
            let kind = marks
                .map(|m| m.kind)
                .or(row.unused.then_some(MarkKind::UnusedRow));
            let format = format(&base(col), kind);
            match value {
                Some(value) => write_value(sheet, at, col, value, &format)?,
                None if kind.is_some() => {
                    sheet.write_blank(at, col, &format)?;
                }
                None => {}
            }
            if let Some(marks) = marks {
                sheet.insert_note(at, col, &note(&marks.texts.join("\n\n")))?;
            }
        }
    }
    Ok(())
}

/// A note in the size its text needs.
fn note(text: &str) -> Note {
    let text = plan::fit_note(text);
    let lines: usize = text.lines().map(|line| line.chars().count() / 48 + 1).sum();
    let height = (lines as u32 * 14 + 24).clamp(60, 400);
    Note::new(text)
        .set_author("ratsvorlage")
        .set_width(340)
        .set_height(height)
}

/// One value, as the reader will read it back.
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Value::Text(text) => sheet.write_string_with_format(row, col, text, format)?,
        Value::Number(n) => sheet.write_number_with_format(row, col, *n, format)?,
        Value::Bool(b) => sheet.write_boolean_with_format(row, col, *b, format)?,
        Value::Date(d) => {
            // Excel's calendar starts in 1900 (with a 29 February that never was): other
            // dates as text, which reads back as the same date.
            let date = u16::try_from(d.year)
                .ok()
                .filter(|year| *year > 1900)
                .and_then(|year| ExcelDateTime::from_ymd(year, d.month, d.day).ok());
            match date {
                Some(date) => {
                    let format = format.clone().set_num_format("dd.mm.yyyy");
                    sheet.write_date_with_format(row, col, &date, &format)?
                }
                None => sheet.write_string_with_format(row, col, german::date_text(*d), format)?,
            }
        }
        Value::Error(code) => {
            // A formula that gives the same error, with it as its result: the reader reads
            // the result, Excel recalculates the same.
            let formula = match code.as_str() {
                "#DIV/0!" => "=1/0",
                "#NAME?" | "#NULL!" | "#NUM!" | "#REF!" | "#VALUE!" => code.as_str(),
                _ => "=NA()",
            };
            let formula = if formula.starts_with('=') {
                formula.to_owned()
            } else {
                format!("={formula}")
            };
            sheet.write_formula_with_format(
                row,
                col,
                Formula::new(formula).set_result(code.as_str()),
                format,
            )?
        }
    };
    Ok(())
}
