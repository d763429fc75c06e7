//! A decoded sheet: the sparse grid of cell values every reader (CSV, workbook) produces and
//! recognition reads. It names no other part of `tables`, so the readers and the
//! dispatch in `decode` can all use it without depending on one another.

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
