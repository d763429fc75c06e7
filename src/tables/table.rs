//! A recognised table: its kind, its columns' meanings and its rows of placed cells, the
//! stage's result. Kept apart from recognition so the column synonyms (`columns`) and the
//! model can name these types without depending on the code that produces them.

use super::sheet::Value;
use crate::date::Date;
use crate::report::Place;

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
    /// The row's cells in columns without a meaning (`Bemerkung`, no header), by zero-based
    /// column: not part of the concept, but what the AG wrote, which a prefilled workbook
    /// gives back. Always empty in attendance lists (they may hold personal data).
    pub extra: Vec<(u32, Value)>,
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
