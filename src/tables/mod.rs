//! Stage 2, tables: decode every source into sheets of cell values, then recognise each
//! sheet's table kind by its header row. The result is a list of typed tables whose cells
//! still carry their place.

use crate::date::Date;
use crate::report::Place;

/// A cell value as the spreadsheet holds it (formulas by their cached result).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Text, trimmed, control characters removed, line breaks kept.
    Text(String),
    /// A number (integers too).
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date cell (Excel date format or ODS date value).
    Date(Date),
    /// A formula error such as `#REF!` or `#DIV/0!`.
    Error(String),
}

/// One non-empty row of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetRow {
    /// Zero-based row in the grid (CSV: record index).
    pub row: u32,
    /// For CSV: the one-based line the record starts on.
    pub line: Option<u64>,
    /// Non-empty cells by zero-based column, ascending.
    pub cells: Vec<(u32, Value)>,
}

/// A merged region, zero-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    /// Top-left (row, column).
    pub start: (u32, u32),
    /// Bottom-right (row, column).
    pub end: (u32, u32),
}

/// One sheet of a workbook, or one CSV file, as a sparse grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// File and sheet (CSV: no sheet).
    pub place: Place,
    /// Whether the workbook hides the sheet.
    pub hidden: bool,
    /// Non-empty rows in ascending order.
    pub rows: Vec<SheetRow>,
    /// Merged regions (none for ODS and CSV).
    pub merged: Vec<Region>,
}

/// The table kinds of `input-format.md` §3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableKind {
    /// Goals.
    Ziele,
    /// Measures.
    Massnahmen,
    /// Situation: deficits, potentials, offers.
    Ausgangslage,
    /// AG sessions.
    Sitzungen,
    /// Attendance lists.
    Teilnehmende,
}

impl TableKind {
    /// The German name used in the report.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ziele => "Ziele",
            Self::Massnahmen => "Maßnahmen",
            Self::Ausgangslage => "Ausgangslage",
            Self::Sitzungen => "Sitzungen",
            Self::Teilnehmende => "Teilnehmende",
        }
    }
}

/// Reference to a session in a wide attendance list's column header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SitzungRef {
    /// `Sitzung 1`, `1. Sitzung`, `S1`.
    Number(u32),
    /// A date as the header.
    Date(Date),
}

/// A recognised column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// `AG` (any table).
    Ag,
    /// `Nr` (goal, measure or session number).
    Number,
    /// `Ziel`: goal text, or in a measures table the goal reference.
    Ziel,
    /// `Priorität`.
    Prioritaet,
    /// `Leitziel`.
    Leitziel,
    /// `Maßnahme`.
    Massnahme,
    /// `Umsetzung`.
    Umsetzung,
    /// `Ansprechpartner`.
    Ansprechpartner,
    /// `Zeitrahmen`.
    Zeitrahmen,
    /// `Finanzierung`.
    Finanzierung,
    /// `Art` of a situation item.
    Kind,
    /// `Beschreibung` of a situation item.
    Description,
    /// `Datum` of a session.
    Date,
    /// `Ort` of a session.
    Place,
    /// `Thema` of a session.
    Topic,
    /// `Name` of a participant (whole name).
    Name,
    /// `Vorname` (joined with `Nachname`).
    FirstName,
    /// `Nachname`.
    LastName,
    /// `Organisation`.
    Organisation,
    /// `Bereich`.
    Bereich,
    /// `Sitzung` in the long attendance shape.
    Sitzung,
    /// A session column in the wide attendance shape.
    Anwesenheit(SitzungRef),
}

/// A cell of a table row with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The value (after fill-down and merged regions).
    pub value: Value,
    /// Where it stands (for filled-down values: the cell it was taken from).
    pub place: Place,
}

/// One data row of a recognised table.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// The row itself (its first column), for messages about the whole row.
    pub place: Place,
    /// Values by recognised column, sorted by column meaning, each meaning once (a sorted
    /// list rather than a map: a row has a handful of values, and a map node would hold room
    /// for eleven).
    pub values: Vec<(Column, Cell)>,
}

impl TableRow {
    /// The value of a column, if the row has one.
    pub fn get(&self, column: Column) -> Option<&Cell> {
        let index = self
            .values
            .binary_search_by_key(&column, |(s, _)| *s)
            .ok()?;
        Some(&self.values[index].1)
    }
}

/// A sheet recognised as a table of one kind.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Its kind.
    pub kind: TableKind,
    /// File and sheet.
    pub place: Place,
    /// Recognised columns: zero-based column index → meaning.
    pub columns: Vec<(u32, Column)>,
    /// Data rows below the header, non-empty only.
    pub rows: Vec<TableRow>,
}

/// Key/value rows of a workbook's `AG` metadata sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct AgDeclaration {
    /// The file (the sheet's AG applies to every table of that file).
    pub file: String,
    /// The AG named there, with the cell it stands in.
    pub ag: Cell,
}

/// All tables of a project.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tables {
    /// Recognised tables in file and sheet order.
    pub tables: Vec<Table>,
    /// AG metadata sheets.
    pub ag_declarations: Vec<AgDeclaration>,
}

mod biff_scan;
mod cell_text;
pub mod columns;
mod compound;
mod csv_text;
pub mod decode;
mod grid;
mod ods_scan;
pub mod recognise;
#[cfg(test)]
mod test_files;
mod workbook;
mod xlsx_merged;
mod zip_package;

/// Decodes every source into sheets and recognises the tables among them. `referenzjahr`
/// (the concept's year) decides the century of two-digit years in header dates. Each file
/// is decoded and its sheets recognised on one of several threads; the report is written
/// afterwards in file order.
pub fn read(
    sources: &crate::sources::Sources,
    limits: &crate::limits::Limits,
    referenzjahr: i32,
    report: &mut crate::report::ImportReport,
) -> Tables {
    let mut tables = Tables::default();
    let done = in_parallel(&sources.files, |source| {
        let mut decoded = decode::decode(source, limits);
        let analyses: Vec<recognise::Analysis> = decode::sheets_mut(&mut decoded)
            .map(|sheet| {
                let analysis = recognise::analyse(sheet, referenzjahr);
                // Only the sheet's place is needed from here on; its other cells can go now.
                sheet.rows = Vec::new();
                sheet.merged = Vec::new();
                analysis
            })
            .collect();
        (decoded, analyses)
    });
    for (source, (decoded, analyses)) in sources.files.iter().zip(done) {
        decode::report(source, decoded, report);
        for analysis in analyses {
            match analysis.record(report) {
                recognise::Recognised::Table(table) => tables.tables.push(table),
                recognise::Recognised::AgDeclaration(declaration) => {
                    tables.ag_declarations.push(declaration)
                }
                recognise::Recognised::NoTable => {}
            }
        }
    }
    tables
}

/// Stack of a decoding thread: as large as the main thread's, where decoding used to run.
const DECODE_STACK_BYTES: usize = 8 << 20;

/// `f` over every item, on as many threads as there are cores, results in item order (so
/// the report stays the same whatever thread finishes first). Falls back to the calling
/// thread for what no thread could be started for.
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(DECODE_STACK_BYTES)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        for (i, result) in handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
        {
            results[i] = Some(result);
        }
    });
    items
        .iter()
        .zip(results)
        .map(|(item, result)| result.unwrap_or_else(|| f(item)))
        .collect()
}
