//! The problems of the ingest report that concern an AG's workbook: each one placed at the
//! cell of the prefilled workbook that stands for the cell of the input it names, or, where
//! no row of the workbook stands for it (a whole file, a header), listed on its own.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::commands::blank_workbook::layout::SheetSpec;
use crate::commands::blank_workbook::plan::{FILLED, Mark, MarkKind, Plan};
use crate::model::trace::{RowOutcome, RowTrace};
use crate::report::{IngestReport, Place, Position, Problem, Severity, SheetOutcome};
use crate::tables::TableKind;

/// Where a row of an input table stands: a sheet's row or a CSV line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum RowKey {
    Row(u32),
    Line(u64),
}

/// The marks for the report's problems in the AG's files, and the problems in those files
/// that no row of the workbook stands for (as text, with their place).
pub(crate) fn problems(
    plan: &Plan<'_>,
    trace: &RowTrace,
    report: &IngestReport,
) -> (Vec<Mark>, Vec<String>) {
    let files: HashSet<&str> = plan
        .written
        .keys()
        .map(|&r| trace.tables[trace.rows[r].table].place.file.as_ref())
        .collect();
    let tables: HashMap<(&str, Option<&str>), usize> = trace
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| ((t.place.file.as_ref(), t.place.sheet.as_deref()), i))
        .collect();
    let mut rows: HashMap<usize, BTreeMap<RowKey, usize>> = HashMap::new();
    for (i, row) in trace.rows.iter().enumerate() {
        if let Some(key) = row_key(&row.place) {
            rows.entry(row.table).or_default().insert(key, i);
        }
    }
    // A message about an attendance list may quote what it holds: personal data.
    let attendance: HashSet<(&str, Option<&str>)> = report
        .files
        .iter()
        .flat_map(|f| f.sheets.iter().map(move |s| (f, s)))
        .filter(|(_, s)| s.outcome == SheetOutcome::Table(TableKind::Teilnehmende.name().into()))
        .map(|(f, s)| (f.file.as_str(), s.sheet.as_deref()))
        .collect();
    let mut marks = Vec::new();
    let mut elsewhere = Vec::new();
    let problems = report.errors.iter().chain(&report.warnings);
    for problem in problems {
        let Some(place) = problem.place.as_ref().filter(|p| {
            files.contains(p.file.as_ref())
                && !attendance.contains(&(p.file.as_ref(), p.sheet.as_deref()))
        }) else {
            continue;
        };
        let table = tables.get(&(place.file.as_ref(), place.sheet.as_deref()));
        let found = table.and_then(|&t| Some((t, row_of(rows.get(&t)?, place)?)));
        match found {
            Some((t, r)) => {
                // The error that made a row unused is the row's own mark already.
                let said = match &trace.rows[r].outcome {
                    RowOutcome::Unused { reason, .. } => reason.contains(&problem.message),
                    _ => false,
                };
                // A row of another AG of a shared table is that AG's business.
                if let Some(&(sheet, row)) = plan.written.get(&r).filter(|_| !said) {
                    marks.push(mark(plan, trace, t, sheet, row, problem, place));
                }
            }
            None => elsewhere.push(format!(
                "{}: {}",
                place,
                labelled(problem, &problem.message)
            )),
        }
    }
    (marks, elsewhere)
}

/// The row key of a place in a table, if it is a cell or line.
fn row_key(place: &Place) -> Option<RowKey> {
    match place.position {
        Position::Cell { row, .. } => Some(RowKey::Row(row)),
        Position::Line(line) => Some(RowKey::Line(line)),
        _ => None,
    }
}

/// The traced row a place lies in: the row of its cell, or the CSV record its line lies
/// in (a record with line breaks in quotes spans several lines).
fn row_of(rows: &BTreeMap<RowKey, usize>, place: &Place) -> Option<usize> {
    match row_key(place)? {
        RowKey::Row(row) => rows.get(&RowKey::Row(row)).copied(),
        RowKey::Line(line) => rows
            .range(RowKey::Line(0)..=RowKey::Line(line))
            .next_back()
            .map(|(_, &r)| r),
    }
}

/// The mark of a problem at data row `row` of sheet `sheet`: at the column the problem's
/// cell stands in now (a CSV warning names its column in its text, `Spalte E: …`), else at
/// the row's first cell.
fn mark(
    plan: &Plan<'_>,
    trace: &RowTrace,
    table: usize,
    sheet: usize,
    row: u32,
    problem: &Problem,
    place: &Place,
) -> Mark {
    let (column, message) = match place.position {
        Position::Cell { column, .. } => (Some(column), problem.message.as_str()),
        _ => match csv_column(&problem.message) {
            Some((column, rest)) => (Some(column), rest),
            None => (None, problem.message.as_str()),
        },
    };
    let spec = SheetSpec::of(FILLED[sheet]);
    let col = column.and_then(|column| {
        let meaning = trace.tables[table]
            .columns
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, m)| *m);
        match meaning {
            Some(meaning) => spec.position(meaning),
            None => plan.extra_columns.get(&(table, column)).copied(),
        }
    });
    let kind = match problem.severity {
        Severity::Error => MarkKind::Error,
        Severity::Warning => MarkKind::Warning,
    };
    Mark {
        sheet,
        row,
        col: col.unwrap_or(0),
        kind,
        text: format!("{}\n(gemeldet für {place})", labelled(problem, message)),
        message: message.to_owned(),
    }
}

/// `Fehler: …` or `Warnung: …`.
fn labelled(problem: &Problem, message: &str) -> String {
    format!("{}: {message}", problem.severity.label())
}

/// A CSV cell's column from the start of its message, `Spalte E: …`, and the rest.
fn csv_column(message: &str) -> Option<(u32, &str)> {
    let rest = message.strip_prefix("Spalte ")?;
    let (letters, rest) = rest.split_once(": ")?;
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let number = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1);
    Some((number - 1, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_messages_name_their_column() {
        assert_eq!(
            csv_column("Spalte C: Unsichtbare …"),
            Some((2, "Unsichtbare …"))
        );
        assert_eq!(csv_column("Spalte AA: x"), Some((26, "x")));
        assert_eq!(csv_column("Die Spalte C: x"), None);
        assert_eq!(csv_column("Spalte c: x"), None);
    }

    #[test]
    fn a_line_lies_in_the_record_that_starts_at_or_before_it() {
        let rows = BTreeMap::from([(RowKey::Line(2), 0), (RowKey::Line(5), 1)]);
        let at = |line| {
            row_of(
                &rows,
                &Place::file("a.csv").with_position(Position::Line(line)),
            )
        };
        assert_eq!(at(2), Some(0));
        assert_eq!(at(4), Some(0));
        assert_eq!(at(7), Some(1));
        assert_eq!(at(1), None);
    }
}
