//! What a prefilled AG workbook holds, row by row: the AG's goals, measures, situation items
//! and sessions as the concept model has them, written so that they read back to the same
//! model, and the rows that were not used with their original cells, all in the order the
//! AG wrote them. Rows keep that order because a row's meaning can depend on the rows above
//! it: a goal without a number is numbered by its position, a session or goal number seen
//! twice is an error at its second place, and a measure's empty `Ziel` cell takes the goal
//! above it.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::date::Date;
use crate::german;
use crate::model::trace::{RowOutcome, RowTrace, TracedRow};
use crate::model::{Arbeitsgruppe, AusgangslageKind, Konzept, Massnahme, Sitzung, Ziel};
use crate::report::{IngestReport, Place, column_name};
use crate::tables::columns::{HeaderCell, match_header, normalise};
use crate::tables::recognise::{Recognised, analyse};
use crate::tables::{Column, Sheet, SheetRow, TableKind, Value};

use crate::commands::blank_workbook::layout::{SheetSpec, header};

/// The most UTF-16 code units Excel keeps in one cell.
pub(crate) const EXCEL_CELL_CHARS: usize = 32_767;

/// The most UTF-16 code units of a note (a cell's, less room for the author's name).
const NOTE_CHARS: usize = EXCEL_CELL_CHARS - 54;

/// The longest start of `text` with at most `units` UTF-16 code units (what Excel counts),
/// or `None` when all of it fits.
fn cut(text: &str, units: usize) -> Option<&str> {
    let mut counted = 0;
    let (end, _) = text.char_indices().find(|(_, c)| {
        counted += c.len_utf16();
        counted > units
    })?;
    Some(&text[..end])
}

/// A note's or paragraph's text, cut to what Excel keeps (a message may quote a long cell).
pub(crate) fn fit_note(text: &str) -> &str {
    match cut(text, NOTE_CHARS) {
        Some(start) => start,
        None => text,
    }
}

/// The table kinds a prefilled workbook fills, in sheet order (attendance lists stay out:
/// they hold personal data).
pub(crate) const FILLED: [TableKind; 4] = [
    TableKind::Ziele,
    TableKind::Massnahmen,
    TableKind::Ausgangslage,
    TableKind::Sitzungen,
];

/// What the cells of a workbook are marked for, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MarkKind {
    /// An error at this cell.
    Error,
    /// A warning at this cell, or something the AG should look at.
    Warning,
    /// The row was not used; its other cells.
    UnusedRow,
}

/// A message at one cell of the workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    /// Index into [`Plan::sheets`].
    pub sheet: usize,
    /// Data row, from 0 (the sheet's row 2).
    pub row: u32,
    /// Column of the sheet.
    pub col: u16,
    /// How it is marked.
    pub kind: MarkKind,
    /// What the note says, whole.
    pub text: String,
    /// The message itself (to put two notes about one problem into one).
    pub message: String,
}

/// The rows of one table sheet.
#[derive(Debug, Default)]
pub(crate) struct PlannedSheet {
    /// Headers of the columns after the canonical ones: what the AG had besides (`Bemerkung`).
    pub extra: Vec<String>,
    /// The data rows.
    pub rows: Vec<PlannedRow>,
}

/// One data row.
#[derive(Debug, Default)]
pub(crate) struct PlannedRow {
    /// Values by column of the sheet.
    pub cells: Vec<(u16, Value)>,
    /// The traced row it stands for (index into [`RowTrace::rows`]).
    pub origin: Option<usize>,
    /// Not used: the whole row is marked.
    pub unused: bool,
}

/// The prefilled workbook of one AG, planned.
#[derive(Debug)]
pub(crate) struct Plan<'a> {
    /// The AG's content in the model.
    pub arbeitsgruppe: &'a Arbeitsgruppe,
    /// One per kind of [`FILLED`].
    pub sheets: Vec<PlannedSheet>,
    /// Traced row → (sheet, data row) where it was written.
    pub written: HashMap<usize, (usize, u32)>,
    /// (traced table, column without a meaning) → column of its sheet.
    pub extra_columns: HashMap<(usize, u32), u16>,
    /// Marks the planning itself makes (texts too long for Excel, sessions without a date,
    /// rows not used).
    pub marks: Vec<Mark>,
}

/// Plans the workbook of AG `ag` (index into the Handlungsfelder of `konzept`).
pub(crate) fn plan<'a>(
    konzept: &'a Konzept,
    trace: &'a RowTrace,
    report: &IngestReport,
    ag: usize,
) -> Plan<'a> {
    let arbeitsgruppe = &konzept.arbeitsgruppen[ag];
    let mut plan = Plan {
        arbeitsgruppe,
        sheets: Vec::new(),
        written: HashMap::new(),
        extra_columns: HashMap::new(),
        marks: Vec::new(),
    };
    let leitziele = &konzept.konzept.leitziele;
    for (index, kind) in FILLED.into_iter().enumerate() {
        let traced: Vec<(usize, &TracedRow)> = trace
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.ag == Some(ag) && trace.tables[r.table].kind == kind)
            .collect();
        let extra = extra_columns(&mut plan, trace, report, kind, &traced);
        let mut filler = Filler {
            spec: SheetSpec::of(kind),
            sheet: index,
            marks: &mut plan.marks,
            extra_columns: &plan.extra_columns,
            trace,
        };
        let rows = match kind {
            TableKind::Ziele => goal_rows(&mut filler, arbeitsgruppe, leitziele, &traced),
            TableKind::Massnahmen => measure_rows(&mut filler, arbeitsgruppe, &traced),
            TableKind::Ausgangslage => situation_rows(&mut filler, arbeitsgruppe, &traced),
            _ => session_rows(&mut filler, arbeitsgruppe, &traced),
        };
        for (at, row) in rows.iter().enumerate() {
            if let Some(origin) = row.origin {
                plan.written.insert(origin, (index, at as u32));
            }
        }
        plan.sheets.push(PlannedSheet { extra, rows });
    }
    plan
}

/// Writes values into planned rows: texts too long for a cell are cut and marked.
struct Filler<'m> {
    spec: &'static SheetSpec,
    sheet: usize,
    marks: &'m mut Vec<Mark>,
    extra_columns: &'m HashMap<(usize, u32), u16>,
    trace: &'m RowTrace,
}

impl Filler<'_> {
    /// Data row `row` of these values, and of the values the traced row `origin` had in
    /// columns without a meaning.
    fn row(&mut self, row: u32, values: Vec<(Column, Value)>, origin: Option<usize>) -> PlannedRow {
        let mut cells: Vec<(u16, Value)> = values
            .into_iter()
            .filter_map(|(column, value)| Some((self.spec.position(column)?, value)))
            .collect();
        if let Some(traced) = origin.map(|o| &self.trace.rows[o]) {
            cells.extend(traced.extra.iter().filter_map(|(col, value)| {
                let col = *self.extra_columns.get(&(traced.table, *col))?;
                Some((col, value.clone()))
            }));
        }
        for (col, value) in &mut cells {
            if let Value::Text(text) = value {
                *text = self.fit(std::mem::take(text), row, *col);
            }
        }
        PlannedRow {
            cells,
            origin,
            unused: false,
        }
    }

    /// `text`, cut to what an Excel cell holds; a cut text is marked.
    fn fit(&mut self, text: String, row: u32, col: u16) -> String {
        let Some(start) = cut(&text, EXCEL_CELL_CHARS) else {
            return text;
        };
        let start = start.to_owned();
        let message = format!(
            "Dieser Text hat {} Zeichen; eine Excel-Zelle fasst höchstens {}. Hier steht nur \
             sein Anfang, der Rest fehlt in dieser Mappe. Kürzen Sie den Text oder verteilen Sie \
             ihn auf mehrere Einträge; die Mappe so zurückzuschicken kürzt ihn im Konzept.",
            german::count_text(text.chars().count() as u64),
            german::count_text(EXCEL_CELL_CHARS as u64)
        );
        self.mark(
            row,
            col,
            MarkKind::Warning,
            format!("Warnung: {message}"),
            message,
        );
        start
    }

    fn mark(&mut self, row: u32, col: u16, kind: MarkKind, text: String, message: String) {
        self.marks.push(Mark {
            sheet: self.sheet,
            row,
            col,
            kind,
            text,
            message,
        });
    }

    /// An unused row: its original cells, marked as not used with the reason at the cell
    /// the error names (else its first cell).
    fn unused(&mut self, row: u32, origin: usize, traced: &TracedRow) -> Option<PlannedRow> {
        let RowOutcome::Unused {
            reason,
            error,
            cause,
            cells,
        } = &traced.outcome
        else {
            return None;
        };
        let values = cells
            .iter()
            .map(|(column, cell)| (*column, cell.value.clone()))
            .collect();
        let mut planned = self.row(row, values, Some(origin));
        if planned.cells.is_empty() {
            // Nothing but its `AG` cell: nothing to give back.
            return None;
        }
        planned.unused = true;
        let message = reason.strip_prefix("Fehler: ").unwrap_or(reason).to_owned();
        // Where the error points within the row: its cell; a CSV line names no column, but
        // the message quotes the value it is about („bald“ ist kein Datum).
        let exact = cause
            .as_ref()
            .filter(|place| place.cell().is_some())
            .and_then(|place| cells.iter().find(|(_, cell)| cell.place == *place));
        let quoted = || {
            cells.iter().find(|(_, cell)| {
                crate::model::values::text(&cell.value)
                    .is_ok_and(|text| message.contains(&format!("„{text}“")))
            })
        };
        let col = exact
            .or_else(|| cause.as_ref().and_then(|_| quoted()))
            .and_then(|(column, _)| self.spec.position(*column))
            .unwrap_or(0);
        let kind = if *error {
            MarkKind::Error
        } else {
            MarkKind::Warning
        };
        let text = format!(
            "Diese Zeile wurde nicht ins Konzept übernommen ({reason}).\n(Zeile aus {})",
            traced.place
        );
        self.mark(row, col, kind, text, message);
        Some(planned)
    }
}

/// The columns without a meaning that the AG's rows of this kind have values in, one per
/// header name (first seen first): those that keep the sheet's header recognised as it is
/// and are no name columns (names are personal data).
fn extra_columns(
    plan: &mut Plan<'_>,
    trace: &RowTrace,
    report: &IngestReport,
    kind: TableKind,
    traced: &[(usize, &TracedRow)],
) -> Vec<String> {
    let spec = SheetSpec::of(kind);
    let mut names: Vec<String> = Vec::new();
    let mut by_name: HashMap<String, Option<u16>> = HashMap::new();
    let mut seen: HashSet<(usize, u32)> = HashSet::new();
    for (_, row) in traced {
        for (col, _) in &row.extra {
            if !seen.insert((row.table, *col)) {
                continue;
            }
            let name = unknown_name(report, &trace.tables[row.table].place, *col);
            let key = normalise(&name);
            let position = match by_name.get(&key) {
                Some(position) => *position,
                None => {
                    let fits = !is_name_column(&name) && {
                        let mut candidate = names.clone();
                        candidate.push(name.clone());
                        header_is_recognised(spec, &candidate)
                    };
                    let position = fits.then(|| {
                        names.push(name.clone());
                        (spec.columns.len() + names.len() - 1) as u16
                    });
                    by_name.insert(key, position);
                    position
                }
            };
            if let Some(position) = position {
                plan.extra_columns.insert((row.table, *col), position);
            }
        }
    }
    names
}

/// The header of a column without a meaning, as the report lists it.
fn unknown_name(report: &IngestReport, table: &Place, col: u32) -> String {
    let letter = column_name(col);
    report
        .files
        .iter()
        .filter(|f| *f.file == *table.file)
        .flat_map(|f| &f.sheets)
        .filter(|s| s.sheet.as_deref() == table.sheet.as_deref())
        .flat_map(|s| &s.unknown_columns)
        .find(|u| u.column == letter)
        .map_or_else(|| "(ohne Überschrift)".to_owned(), |u| u.name.clone())
}

/// Whether a header names people (`Name`, `Vorname`, `Teilnehmer/in`, …).
fn is_name_column(name: &str) -> bool {
    let value = Value::Text(name.to_owned());
    matches!(
        match_header(TableKind::Teilnehmende, &HeaderCell::new(&value), 2000),
        Some(Column::Name | Column::FirstName | Column::LastName)
    )
}

/// Whether a header row of the sheet's canonical columns and then `extra` is recognised as
/// the sheet's kind with exactly its canonical columns: an extra column must not turn the
/// sheet into another kind, tie two kinds, or take a meaning.
fn header_is_recognised(spec: &SheetSpec, extra: &[String]) -> bool {
    let cells: Vec<(u32, Value)> = spec
        .columns
        .iter()
        .map(|s| Value::Text(header(spec.kind, s.column).to_owned()))
        .chain(extra.iter().map(|name| Value::Text(name.clone())))
        .enumerate()
        .map(|(i, value)| (i as u32, value))
        .collect();
    let mut sheet = Sheet {
        place: Place::file("prüfung"),
        hidden: false,
        rows: vec![SheetRow {
            row: 0,
            line: None,
            cells,
        }],
        merged: Vec::new(),
    };
    let wanted: Vec<(u32, Column)> = spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, s)| (i as u32, s.column))
        .collect();
    let mut scratch = IngestReport::default();
    match analyse(&mut sheet, 2000).record(&mut scratch) {
        Recognised::Table(table) => {
            let mut found = table.columns;
            found.sort_unstable();
            table.kind == spec.kind && found == wanted
        }
        _ => false,
    }
}

/// An id as the reader reads it back: a whole number as a number (Excel shows no warning
/// triangle), anything else (`1.10`, `SB-3`, `03`) as text.
fn id_value(id: &str) -> Value {
    let whole = !id.is_empty()
        && id.len() <= 15
        && id.bytes().all(|b| b.is_ascii_digit())
        && (id == "0" || !id.starts_with('0'));
    match id.parse::<u64>() {
        Ok(n) if whole => Value::Number(n as f64),
        _ => Value::Text(id.to_owned()),
    }
}

/// A text cell, if there is a text.
fn text(column: Column, text: Option<&String>) -> Option<(Column, Value)> {
    text.filter(|t| !t.is_empty())
        .map(|t| (column, Value::Text(t.clone())))
}

fn goal_values(ziel: &Ziel, leitziele: &[String]) -> Vec<(Column, Value)> {
    let leitziel = ziel.leitziel.as_ref().map(|l| {
        // A Leitziel of konzept.toml by its number: the reader trims a final dot off a text.
        let value = match leitziele.iter().position(|known| known == l) {
            Some(i) => Value::Number((i + 1) as f64),
            None => Value::Text(l.clone()),
        };
        (Column::Leitziel, value)
    });
    [
        Some((Column::Number, id_value(&ziel.number))),
        text(Column::Ziel, Some(&ziel.text)),
        Some((
            Column::Prioritaet,
            Value::Number(f64::from(ziel.prioritaet)),
        )),
        leitziel,
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn goal_rows(
    filler: &mut Filler<'_>,
    ag: &Arbeitsgruppe,
    leitziele: &[String],
    traced: &[(usize, &TracedRow)],
) -> Vec<PlannedRow> {
    let mut rows: Vec<PlannedRow> = Vec::new();
    let mut written = HashSet::new();
    for &(origin, row) in traced {
        let at = rows.len() as u32;
        match &row.outcome {
            RowOutcome::Ziel(number) => {
                let Some(i) = ag.ziele.iter().position(|z| &z.number == number) else {
                    continue;
                };
                written.insert(i);
                let values = goal_values(&ag.ziele[i], leitziele);
                rows.push(filler.row(at, values, Some(origin)));
            }
            _ => rows.extend(filler.unused(at, origin, row)),
        }
    }
    for (i, ziel) in ag.ziele.iter().enumerate() {
        if !written.contains(&i) {
            let at = rows.len() as u32;
            rows.push(filler.row(at, goal_values(ziel, leitziele), None));
        }
    }
    rows
}

fn measure_values(ziel: &Ziel, m: &Massnahme) -> Vec<(Column, Value)> {
    let contacts = (!m.ansprechpartner.is_empty()).then(|| m.ansprechpartner.join("\n"));
    [
        Some((Column::Ziel, id_value(&ziel.number))),
        // Always text: a measure number such as `1.10` would lose its zero as a number.
        text(Column::Number, Some(&m.number)),
        text(Column::Massnahme, Some(&m.text)),
        text(Column::Umsetzung, m.umsetzung.as_ref()),
        text(Column::Ansprechpartner, contacts.as_ref()),
        m.zeitrahmen
            .as_ref()
            .map(|z| (Column::Zeitrahmen, id_value(z))),
        text(Column::Finanzierung, m.finanzierung.as_ref()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn measure_rows(
    filler: &mut Filler<'_>,
    ag: &Arbeitsgruppe,
    traced: &[(usize, &TracedRow)],
) -> Vec<PlannedRow> {
    // Unused rows without any goal come first: further down, the `Ziel` cell of the row
    // above would fill them in and could make a measure of them.
    let without_goal = |row: &TracedRow| match &row.outcome {
        RowOutcome::Unused { cells, .. } => !cells.iter().any(|(c, _)| *c == Column::Ziel),
        _ => false,
    };
    let ordered: Vec<(usize, &TracedRow)> = traced
        .iter()
        .filter(|(_, row)| without_goal(row))
        .chain(traced.iter().filter(|(_, row)| !without_goal(row)))
        .copied()
        .collect();
    let mut rows: Vec<PlannedRow> = Vec::new();
    let mut written = HashSet::new();
    for (origin, row) in ordered {
        let at = rows.len() as u32;
        match &row.outcome {
            RowOutcome::Massnahme { goal, index } => {
                let found = ag.ziele.iter().enumerate().find(|(_, z)| &z.number == goal);
                let Some((g, ziel)) = found else {
                    continue;
                };
                let Some(m) = ziel.massnahmen.get(*index) else {
                    continue;
                };
                written.insert((g, *index));
                let values = measure_values(ziel, m);
                rows.push(filler.row(at, values, Some(origin)));
            }
            _ => rows.extend(filler.unused(at, origin, row)),
        }
    }
    for (g, ziel) in ag.ziele.iter().enumerate() {
        for (i, m) in ziel.massnahmen.iter().enumerate() {
            if !written.contains(&(g, i)) {
                let at = rows.len() as u32;
                rows.push(filler.row(at, measure_values(ziel, m), None));
            }
        }
    }
    rows
}

fn kind_word(kind: AusgangslageKind) -> &'static str {
    match kind {
        AusgangslageKind::Defizit => "Defizit",
        AusgangslageKind::Potenzial => "Potenzial",
        AusgangslageKind::Angebot => "Angebot",
    }
}

fn situation_rows(
    filler: &mut Filler<'_>,
    ag: &Arbeitsgruppe,
    traced: &[(usize, &TracedRow)],
) -> Vec<PlannedRow> {
    let values = |i: usize| {
        let item = &ag.ausgangslage[i];
        vec![
            (Column::Kind, Value::Text(kind_word(item.kind).to_owned())),
            (Column::Description, Value::Text(item.text.clone())),
        ]
    };
    let mut rows: Vec<PlannedRow> = Vec::new();
    let mut written = HashSet::new();
    for &(origin, row) in traced {
        let at = rows.len() as u32;
        match &row.outcome {
            RowOutcome::Ausgangslage(i) if *i < ag.ausgangslage.len() => {
                written.insert(*i);
                rows.push(filler.row(at, values(*i), Some(origin)));
            }
            RowOutcome::Unused { .. } => rows.extend(filler.unused(at, origin, row)),
            _ => {}
        }
    }
    for i in 0..ag.ausgangslage.len() {
        if !written.contains(&i) {
            let at = rows.len() as u32;
            rows.push(filler.row(at, values(i), None));
        }
    }
    rows
}

fn session_values(s: &Sitzung) -> Vec<(Column, Value)> {
    [
        Some((Column::Number, Value::Number(f64::from(s.number)))),
        s.date.map(|d| (Column::Date, Value::Date(d))),
        text(Column::Place, s.place.as_ref()),
        text(Column::Topic, s.topic.as_ref()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn session_rows(
    filler: &mut Filler<'_>,
    ag: &Arbeitsgruppe,
    traced: &[(usize, &TracedRow)],
) -> Vec<PlannedRow> {
    let by_date: BTreeMap<Date, usize> = ag
        .sitzungen
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((s.date?, i)))
        .collect();
    let mut rows: Vec<PlannedRow> = Vec::new();
    let mut written = HashSet::new();
    for &(origin, row) in traced {
        let at = rows.len() as u32;
        match &row.outcome {
            RowOutcome::Sitzung(date) => {
                let Some(&i) = by_date.get(date) else {
                    continue;
                };
                written.insert(i);
                let values = session_values(&ag.sitzungen[i]);
                rows.push(filler.row(at, values, Some(origin)));
            }
            _ => rows.extend(filler.unused(at, origin, row)),
        }
    }
    // Sessions only the attendance lists name: with their date they read back as they are;
    // without one the row is not read, and the AG is asked for the date.
    for (i, sitzung) in ag.sitzungen.iter().enumerate() {
        if written.contains(&i) {
            continue;
        }
        let at = rows.len() as u32;
        if sitzung.date.is_none() {
            let message = format!(
                "Sitzung {} nennt nur eine Teilnehmerliste, ohne Datum. Tragen Sie das Datum \
                 ein; ohne Datum wird diese Zeile nicht gelesen.",
                sitzung.number
            );
            let col = filler.spec.position(Column::Date).unwrap_or(0);
            filler.mark(
                at,
                col,
                MarkKind::Warning,
                format!("Hinweis: {message}"),
                message,
            );
        }
        rows.push(filler.row(at, session_values(sitzung), None));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_are_whole_numbers_are_numbers() {
        assert_eq!(id_value("3"), Value::Number(3.0));
        assert_eq!(id_value("2011"), Value::Number(2011.0));
        assert_eq!(id_value("0"), Value::Number(0.0));
        for text in ["03", "1.10", "SB-3", "", "1234567890123456"] {
            assert_eq!(id_value(text), Value::Text(text.to_owned()), "{text}");
        }
    }

    #[test]
    fn extra_columns_that_would_change_the_header_are_left_out() {
        let ausgangslage = SheetSpec::of(TableKind::Ausgangslage);
        assert!(header_is_recognised(ausgangslage, &[]));
        assert!(header_is_recognised(
            ausgangslage,
            &["Bemerkung".to_owned()]
        ));
        // Datum and Ort would tie the sheet with a sessions table.
        assert!(!header_is_recognised(
            ausgangslage,
            &["Datum".to_owned(), "Ort".to_owned()]
        ));
        // A second Ziel column is an unknown column, as it was.
        assert!(header_is_recognised(
            SheetSpec::of(TableKind::Ziele),
            &["Ziel".to_owned()]
        ));
        assert!(is_name_column("Teilnehmer/in"));
        assert!(is_name_column("Vorname"));
        assert!(!is_name_column("Bemerkung"));
    }
}
