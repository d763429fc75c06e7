//! Recognition: finds a sheet's header row, decides its table kind by the column names,
//! and turns the rows below into table rows (merged regions, fill-down of `Ziel` and `AG`).

use std::collections::BTreeMap;

use crate::german;
use crate::report::{IngestReport, Place, Position, SheetOutcome, UnknownColumn, column_name};
use crate::tables::columns::{self, HeaderCell, normalise};
use crate::tables::sheet::{Region, Sheet, SheetRow, Value};
use crate::tables::table::{AgDeclaration, Cell, Column, SitzungRef, Table, TableKind, TableRow};

/// How many non-empty rows from the top may hold the header.
const HEADER_SEARCH_ROWS: usize = 20;

/// What a sheet turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Recognised {
    /// A table of one kind.
    Table(Table),
    /// The key/value sheet naming the workbook's AG.
    AgDeclaration(AgDeclaration),
    /// Neither (a cover or notes sheet), or a header that fits two kinds equally (an error).
    NoTable,
}

/// What a sheet turned out to be and what its report entry will say, found without the
/// report (so sheets can be recognised on the decoding threads); [`Analysis::record`]
/// records it.
pub(crate) struct Analysis {
    /// File and sheet.
    place: Place,
    finding: Verdict,
}

enum Verdict {
    Table {
        table: Table,
        /// The header's row (CSV: line), one-based.
        header_row: u32,
        unknown_columns: Vec<UnknownColumn>,
    },
    AgDeclaration(AgDeclaration),
    Nothing,
    Error(crate::report::Problem),
}

/// Recognises one sheet. A table's values are moved out of the sheet's rows below the
/// header (those a merged region also shows elsewhere are copied), so the sheet is of no
/// further use but for its place.
pub(crate) fn analyse(sheet: &mut Sheet, referenzjahr: i32) -> Analysis {
    let finding = match find_header(sheet, referenzjahr) {
        Ok(Some(header)) => {
            let mut unknown_columns = header.unknown.clone();
            unknown_columns.extend(headerless_columns(sheet, &header));
            let header_row = header
                .row
                .line
                .map_or(header.row.row.saturating_add(1), |l| {
                    u32::try_from(l).unwrap_or(u32::MAX)
                });
            let (kind, index, columns) = (header.kind, header.index, header.columns);
            Verdict::Table {
                table: build_table(sheet, kind, index, columns),
                header_row,
                unknown_columns,
            }
        }
        Ok(None) => ag_sheet(sheet).map_or(Verdict::Nothing, Verdict::AgDeclaration),
        Err(message) => Verdict::Error(message),
    };
    Analysis {
        place: sheet.place.clone(),
        finding,
    }
}

impl Analysis {
    /// Records the outcome in the sheet's report entry (errors among the report's errors).
    pub(crate) fn record(self, report: &mut IngestReport) -> Recognised {
        let entry = report.sheet_mut(&self.place.file, self.place.sheet.as_deref());
        match self.finding {
            Verdict::Table {
                table,
                header_row,
                unknown_columns,
            } => {
                if let Some(entry) = entry {
                    entry.outcome = SheetOutcome::Table(table.kind.name().to_owned());
                    entry.header_row = Some(header_row);
                    entry.rows_read = table.rows.len();
                    entry.unknown_columns = unknown_columns;
                }
                Recognised::Table(table)
            }
            Verdict::AgDeclaration(declaration) => {
                if let Some(entry) = entry {
                    entry.outcome = SheetOutcome::AgDetails;
                }
                Recognised::AgDeclaration(declaration)
            }
            Verdict::Nothing => Recognised::NoTable,
            Verdict::Error(message) => {
                report.errors.push(message);
                Recognised::NoTable
            }
        }
    }
}

/// The header row of a sheet and what its columns mean.
struct Header<'a> {
    kind: TableKind,
    row: &'a SheetRow,
    /// Position of the header row among the sheet's non-empty rows.
    index: usize,
    columns: Vec<(u32, Column)>,
    unknown: Vec<UnknownColumn>,
}

fn find_header(
    sheet: &Sheet,
    referenzjahr: i32,
) -> Result<Option<Header<'_>>, crate::report::Problem> {
    for (index, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let header_cells: Vec<(u32, HeaderCell<'_>)> = row
            .cells
            .iter()
            .map(|(col, value)| (*col, HeaderCell::new(value)))
            .collect();
        let mut candidates: Vec<(TableKind, Vec<(u32, Column)>)> = columns::kinds()
            .map(|kind| {
                let mut found = match_row(kind, &header_cells, referenzjahr);
                if kind == TableKind::Teilnehmende {
                    drop_dated_figure_columns(sheet, index, &mut found);
                }
                (kind, found)
            })
            .filter(|(kind, found)| {
                found.len() >= 2 && found.iter().any(|(_, s)| columns::is_key(*kind, *s))
            })
            .collect();
        candidates.sort_by_key(|(_, found)| std::cmp::Reverse(found.len()));
        match candidates.as_slice() {
            [] => continue,
            [(first, a), (second, b), ..] if a.len() == b.len() => {
                return Err(crate::report::Problem::error(
                    cell_place(sheet, row, first_column(row)),
                    format!(
                        "Die Kopfzeile passt gleich gut zu den Tabellenarten „{}“ und „{}“ ({} Spalten \
                         erkannt). Benennen Sie die Spalten eindeutig, z. B. „Maßnahme“ für eine \
                         Maßnahmentabelle, oder teilen Sie das Blatt.",
                        first.name(),
                        second.name(),
                        a.len()
                    ),
                ));
            }
            [(kind, found), ..] => {
                let (columns, unknown) = split_columns(row, found);
                return Ok(Some(Header {
                    kind: *kind,
                    row,
                    index,
                    columns,
                    unknown,
                }));
            }
        }
    }
    Ok(None)
}

/// The recognised columns of a row for one kind; a meaning seen twice counts once.
fn match_row(
    kind: TableKind,
    header_cells: &[(u32, HeaderCell<'_>)],
    referenzjahr: i32,
) -> Vec<(u32, Column)> {
    let mut found: Vec<(u32, Column)> = Vec::new();
    for (col, cell) in header_cells {
        if let Some(column) = columns::match_header(kind, cell, referenzjahr)
            && !found.iter().any(|(_, s)| *s == column)
        {
            found.push((*col, column));
        }
    }
    found
}

/// A date in the header row names a session of a wide attendance list, but dates head the
/// columns of financial and statistical reports too (`Name | 31.12.2023`), which would then
/// count as attendance lists and stop the build asking for their AG. So a column headed by a
/// date counts as a session only when the cells below the header (the `header`-th non-empty
/// row) could be attendance marks: it loses its meaning as soon as one holds a date or a
/// number other than 0 and 1 (also as text, as in CSV files): an amount or a date is a
/// figure, not a mark. Other text is left to the attendance check, which warns about marks
/// it does not know. A column that loses its meaning is listed as an unknown column.
fn drop_dated_figure_columns(sheet: &Sheet, header: usize, found: &mut Vec<(u32, Column)>) {
    let mut dated: Vec<u32> = found
        .iter()
        .filter(|(_, column)| matches!(column, Column::Anwesenheit(SitzungRef::Date(_))))
        .map(|(col, _)| *col)
        .collect();
    if dated.is_empty() {
        return;
    }
    dated.sort_unstable();
    let mut figures: Vec<u32> = Vec::new();
    for row in sheet.rows.iter().skip(header + 1) {
        for (col, value) in &row.cells {
            if dated.binary_search(col).is_ok() && !figures.contains(col) && is_figure(value) {
                figures.push(*col);
            }
        }
        if figures.len() == dated.len() {
            break;
        }
    }
    found.retain(|(col, _)| !figures.contains(col));
}

/// Whether a cell below a dated header holds a figure (an amount, a count, a date) rather
/// than something that may be an attendance mark (`x`, `1`, `0`, `ja`, `-`, empty).
fn is_figure(value: &Value) -> bool {
    match value {
        Value::Number(n) => *n != 0.0 && *n != 1.0,
        Value::Date(_) => true,
        Value::Text(text) => {
            let text = text.trim();
            text.chars().any(|c| c.is_ascii_digit())
                && text.chars().all(|c| {
                    c.is_ascii_digit()
                        || matches!(c, '.' | ',' | '-' | '+' | '/' | ' ' | '€' | '%' | '\u{a0}')
                })
                && !matches!(text, "0" | "1")
        }
        Value::Bool(_) | Value::Error(_) => false,
    }
}

/// Header cells that got no meaning (or a meaning already taken) become unknown columns.
fn split_columns(
    row: &SheetRow,
    found: &[(u32, Column)],
) -> (Vec<(u32, Column)>, Vec<UnknownColumn>) {
    let unknown = row
        .cells
        .iter()
        .filter(|(col, _)| !found.iter().any(|(c, _)| c == col))
        .map(|(col, value)| UnknownColumn {
            column: column_name(*col),
            name: display(value),
        })
        .collect();
    (found.to_vec(), unknown)
}

/// Columns with data below the header but no header cell at all.
fn headerless_columns(sheet: &Sheet, header: &Header<'_>) -> Vec<UnknownColumn> {
    let mut columns: Vec<u32> = sheet.rows[header.index + 1..]
        .iter()
        .flat_map(|row| row.cells.iter().map(|(col, _)| *col))
        .filter(|col| !header.row.cells.iter().any(|(c, _)| c == col))
        .collect();
    columns.sort_unstable();
    columns.dedup();
    columns
        .into_iter()
        .map(|col| UnknownColumn {
            column: column_name(col),
            name: "(ohne Überschrift)".to_owned(),
        })
        .collect()
}

fn display(value: &Value) -> String {
    match value {
        Value::Text(text) => text.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => german::date_text(*d),
        Value::Error(e) => e.clone(),
    }
}

fn first_column(row: &SheetRow) -> u32 {
    row.cells.first().map_or(0, |(col, _)| *col)
}

/// The place of a cell: the cell for workbooks, the line for CSV.
fn cell_place(sheet: &Sheet, row: &SheetRow, col: u32) -> Place {
    let position = match row.line {
        Some(line) => Position::Line(line),
        None => Position::Cell {
            row: row.row,
            column: col,
        },
    };
    sheet.place.with_position(position)
}

/// The table below the header row (the `index`-th non-empty row) with the columns `spalten`.
fn build_table(
    sheet: &mut Sheet,
    kind: TableKind,
    index: usize,
    columns: Vec<(u32, Column)>,
) -> Table {
    let merged = MergeIndex::new(&sheet.merged, &columns, sheet.rows[index].row);
    // Cells a merged region shows in other rows too: copied, not moved.
    let shown: Vec<(u32, u32)> = sheet.merged.iter().map(|r| r.start).collect();
    let fill_down: Vec<Column> = match kind {
        TableKind::Massnahmen => vec![Column::Ziel, Column::Ag],
        _ => vec![Column::Ag],
    };
    // The row (index into `zeilen`) holding the last value of each fill-down column.
    let mut last: BTreeMap<Column, usize> = BTreeMap::new();
    let mut rows: Vec<TableRow> = Vec::new();
    for i in index + 1..sheet.rows.len() {
        let row = &sheet.rows[i];
        let (place, row) = (cell_place(sheet, row, first_column(row)), row.row);
        let mut values = Vec::with_capacity(columns.len());
        for &(col, column) in &columns {
            let cell = take_cell(sheet, i, col, &shown).or_else(|| merged.value(sheet, row, col));
            let cell = cell.or_else(|| {
                fill_down
                    .contains(&column)
                    .then(|| last.get(&column))
                    .flatten()
                    .and_then(|&i| rows[i].get(column).cloned())
            });
            if let Some(cell) = cell {
                if fill_down.contains(&column) {
                    last.insert(column, rows.len());
                }
                values.push((column, cell));
            }
        }
        values.sort_unstable_by_key(|(column, _)| *column);
        let extra = if kind == TableKind::Teilnehmende {
            Vec::new()
        } else {
            take_extra(&mut sheet.rows[i], &columns, &shown)
        };
        rows.push(TableRow {
            place,
            values,
            extra,
        });
    }
    Table {
        kind,
        place: sheet.place.clone(),
        columns,
        rows,
    }
}

/// The cell in column `col` of the `i`-th non-empty row with its place: moved out of the
/// row, or copied when it is the top-left cell of a merged region (in `shown`).
fn take_cell(sheet: &mut Sheet, i: usize, col: u32, shown: &[(u32, u32)]) -> Option<Cell> {
    let row = &mut sheet.rows[i];
    let position = row.cells.iter().position(|(c, _)| *c == col)?;
    let value = if shown.contains(&(row.row, col)) {
        row.cells[position].1.clone()
    } else {
        row.cells.remove(position).1
    };
    Some(Cell {
        value,
        place: cell_place(sheet, &sheet.rows[i], col),
    })
}

/// The cells of a row in columns without a meaning: moved out of the row, or copied where a
/// merged region shows them in other rows too (in `shown`).
fn take_extra(
    row: &mut SheetRow,
    columns: &[(u32, Column)],
    shown: &[(u32, u32)],
) -> Vec<(u32, Value)> {
    let mut extra = Vec::new();
    row.cells.retain(|(col, value)| {
        if columns.iter().any(|(c, _)| c == col) {
            return true;
        }
        let copied = shown.contains(&(row.row, *col));
        extra.push((*col, value.clone()));
        copied
    });
    extra
}

fn own_cell(sheet: &Sheet, row: &SheetRow, col: u32) -> Option<Cell> {
    let (_, value) = row.cells.iter().find(|(c, _)| *c == col)?;
    Some(Cell {
        value: value.clone(),
        place: cell_place(sheet, row, col),
    })
}

/// Merged regions that cover recognised columns below the header, per column, sorted by row.
struct MergeIndex {
    by_column: BTreeMap<u32, Vec<Region>>,
}

impl MergeIndex {
    fn new(regions: &[Region], columns: &[(u32, Column)], header_row: u32) -> Self {
        let mut by_column: BTreeMap<u32, Vec<Region>> = BTreeMap::new();
        for &(col, _) in columns {
            let mut covering: Vec<Region> = regions
                .iter()
                .filter(|r| r.start.1 <= col && col <= r.end.1 && r.end.0 > header_row)
                .copied()
                .collect();
            covering.sort_by_key(|r| r.start.0);
            by_column.insert(col, covering);
        }
        Self { by_column }
    }

    /// The value a merged region shows at (row, col): its top-left cell's.
    fn value(&self, sheet: &Sheet, row: u32, col: u32) -> Option<Cell> {
        let regions = self.by_column.get(&col)?;
        let after = regions.partition_point(|r| r.start.0 <= row);
        let region = regions[..after].iter().rev().find(|r| r.end.0 >= row)?;
        let top = sheet
            .rows
            .binary_search_by_key(&region.start.0, |r| r.row)
            .ok()?;
        let top_row = &sheet.rows[top];
        own_cell(sheet, top_row, region.start.1)
    }
}

/// A sheet of key/value rows whose key is `Arbeitsgruppe`, `Handlungsfeld` or `AG`.
fn ag_sheet(sheet: &Sheet) -> Option<AgDeclaration> {
    sheet.rows.iter().take(HEADER_SEARCH_ROWS).find_map(|row| {
        let [(_, Value::Text(key)), (col, value), ..] = row.cells.as_slice() else {
            return None;
        };
        let key = normalise(key);
        (key == "arbeitsgruppe" || key == "handlungsfeld" || key == "ag").then(|| AgDeclaration {
            file: sheet.place.file.to_string(),
            ag: Cell {
                value: value.clone(),
                place: cell_place(sheet, row, *col),
            },
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn t(text: &str) -> Value {
        Value::Text(text.to_owned())
    }

    fn date(day: u8, month: u8, year: i32) -> Value {
        Value::Date(Date::new(year, month, day).unwrap())
    }

    /// A sheet whose rows hold these cells from column A on.
    fn sheet(rows: Vec<Vec<Value>>) -> Sheet {
        Sheet {
            place: Place::file("ag/liste.xlsx"),
            hidden: false,
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(row, cells)| SheetRow {
                    row: row as u32,
                    line: None,
                    cells: (0..).zip(cells).collect(),
                })
                .collect(),
            merged: Vec::new(),
        }
    }

    /// The kind and the columns recognised, or `None` for no table.
    fn recognised(mut sheet: Sheet) -> Option<(TableKind, Vec<Column>)> {
        match analyse(&mut sheet, 2008).finding {
            Verdict::Table { table, .. } => Some((
                table.kind,
                table.columns.iter().map(|(_, column)| *column).collect(),
            )),
            _ => None,
        }
    }

    fn on(day: u8, month: u8) -> Column {
        Column::Anwesenheit(SitzungRef::Date(Date::new(2008, month, day).unwrap()))
    }

    fn number(n: u32) -> Column {
        Column::Anwesenheit(SitzungRef::Number(n))
    }

    #[test]
    fn a_financial_report_with_a_name_and_a_date_is_no_table() {
        // A name column and the figures of a reporting day, as in a balance sheet.
        let report = sheet(vec![
            vec![t("Bilanz zum Jahresende")],
            vec![t("Name"), date(31, 12, 2023)],
            vec![t("Kasse"), Value::Number(1_234.5)],
            vec![t("Bank"), Value::Number(98_765.0)],
        ]);
        assert_eq!(recognised(report), None);
        // The same with two reporting days, written as text (as a CSV file has them).
        let csv = sheet(vec![
            vec![t("Name"), t("31.12.2022"), t("31.12.2023")],
            vec![t("Kasse"), t("1.234,50"), t("1.300,00")],
            vec![t("Bank"), t("-"), t("98.765")],
        ]);
        assert_eq!(recognised(csv), None);
        // Dates below a dated header are a report's too.
        let dated = sheet(vec![
            vec![t("Name"), date(3, 1, 2008)],
            vec![t("Lieferung"), date(4, 1, 2008)],
        ]);
        assert_eq!(recognised(dated), None);
    }

    #[test]
    fn every_attendance_shape_of_the_contract_is_still_recognised() {
        use TableKind::Teilnehmende;
        // Wide, sessions by number.
        let wide_numbers = sheet(vec![
            vec![t("Name"), t("Sitzung 1"), t("2. Sitzung"), t("S3")],
            vec![t("Anna Meyer"), t("x"), t(""), t("✓")],
            vec![
                t("Ali Yilmaz"),
                Value::Number(1.0),
                Value::Number(0.0),
                t("ja"),
            ],
        ]);
        assert_eq!(
            recognised(wide_numbers),
            Some((
                Teilnehmende,
                vec![Column::Name, number(1), number(2), number(3)]
            ))
        );
        // Wide, sessions by date: date cells and dates as text, marks as text and 0/1.
        let wide_dates = sheet(vec![
            vec![t("Teilnehmerliste AG Sprache und Bildung")],
            vec![t("Name"), date(4, 3, 2008), t("15.4.2008")],
            vec![t("Anna Meyer"), t("x"), Value::Number(1.0)],
            vec![t("Ali Yilmaz"), t("-"), Value::Number(0.0)],
            vec![t("Tom Berg"), Value::Bool(true), t("entschuldigt")],
        ]);
        assert_eq!(
            recognised(wide_dates),
            Some((Teilnehmende, vec![Column::Name, on(4, 3), on(15, 4)]))
        );
        // Wide by date with a single session, marks not yet filled in.
        let first_session = sheet(vec![
            vec![t("Name"), date(15, 2, 2008)],
            vec![t("Anna Meyer")],
        ]);
        assert_eq!(
            recognised(first_session),
            Some((Teilnehmende, vec![Column::Name, on(15, 2)]))
        );
        // Long, with a `Sitzung` column holding numbers and dates.
        let long = sheet(vec![
            vec![t("Name"), t("Organisation"), t("Sitzung")],
            vec![t("Anna Meyer"), t("Kita Nord"), Value::Number(2.0)],
            vec![t("Ali Yilmaz"), t("VHS"), date(15, 4, 2008)],
        ]);
        assert_eq!(
            recognised(long),
            Some((
                Teilnehmende,
                vec![Column::Name, Column::Organisation, Column::Sitzung]
            ))
        );
    }

    #[test]
    fn a_dated_column_of_figures_in_an_attendance_list_is_an_unknown_column() {
        let mut list = sheet(vec![
            vec![
                t("Name"),
                t("Organisation"),
                date(4, 3, 2008),
                date(31, 12, 2008),
            ],
            vec![
                t("Anna Meyer"),
                t("Kita Nord"),
                t("x"),
                Value::Number(250.0),
            ],
        ]);
        let analysis = analyse(&mut list, 2008);
        let Verdict::Table {
            table,
            unknown_columns,
            ..
        } = analysis.finding
        else {
            panic!("no table");
        };
        assert_eq!(table.kind, TableKind::Teilnehmende);
        let columns: Vec<Column> = table.columns.iter().map(|(_, c)| *c).collect();
        assert_eq!(columns, [Column::Name, Column::Organisation, on(4, 3)]);
        assert_eq!(
            unknown_columns,
            [UnknownColumn {
                column: "D".to_owned(),
                name: "31.12.2008".to_owned()
            }]
        );
    }
}
