//! Where every row of the AGs' tables went: into which goal, measure, situation item or
//! session, or not used and why, with the cells of an unused row. A prefilled AG workbook
//! is written from it, so that rows keep their order and place and problems find their cell.
//! Attendance lists are not traced: they may hold personal data.

use crate::date::Date;
use crate::report::Place;
use crate::tables::{Cell, Column, Table, TableKind, Value};

/// The rows of the goals, measures, situation and sessions tables, in the order the model
/// read them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowTrace {
    /// The tables the rows stand in.
    pub(crate) tables: Vec<TracedTable>,
    /// The rows, in reading order: tables in file and sheet order, goals first, then
    /// measures, situation, sessions.
    pub(crate) rows: Vec<TracedRow>,
}

/// A table with rows in the trace.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TracedTable {
    /// File and sheet.
    pub place: Place,
    /// Its kind.
    pub kind: TableKind,
    /// Its recognised columns: zero-based column → meaning.
    pub columns: Vec<(u32, Column)>,
}

/// One row of a traced table.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TracedRow {
    /// Index into [`RowTrace::tables`].
    pub table: usize,
    /// The row (its first cell, or the CSV line).
    pub place: Place,
    /// The AG (index into the Handlungsfelder) the row belongs to, where that is known.
    pub ag: Option<usize>,
    /// The cells in columns without a meaning.
    pub extra: Vec<(u32, Value)>,
    /// What became of it.
    pub outcome: RowOutcome,
}

/// What became of a row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RowOutcome {
    /// The goal of its AG with this number.
    Ziel(String),
    /// The `index`-th measure of the goal numbered `goal`.
    Massnahme {
        /// The goal's number.
        goal: String,
        /// Position among the goal's measures.
        index: usize,
    },
    /// The `index`-th situation item of its AG.
    Ausgangslage(usize),
    /// The AG's session on this date.
    Sitzung(Date),
    /// Not used.
    Unused {
        /// Why, as the report says it.
        reason: String,
        /// Whether an error caused it.
        error: bool,
        /// Where that error points, if it does.
        cause: Option<Place>,
        /// The row's values by meaning (merged and filled-down ones included).
        cells: Vec<(Column, Cell)>,
    },
}

impl RowTrace {
    /// Records a row of `table`; attendance lists are left out.
    pub(crate) fn record(
        &mut self,
        table: &Table,
        row: &crate::tables::TableRow,
        ag: Option<usize>,
        outcome: RowOutcome,
    ) {
        if table.kind == TableKind::Teilnehmende {
            return;
        }
        // Rows arrive table by table, so the table is the last one or a new one.
        let index = match self.tables.last() {
            Some(last) if last.place == table.place => self.tables.len() - 1,
            _ => {
                self.tables.push(TracedTable {
                    place: table.place.clone(),
                    kind: table.kind,
                    columns: table.columns.clone(),
                });
                self.tables.len() - 1
            }
        };
        self.rows.push(TracedRow {
            table: index,
            place: row.place.clone(),
            ag,
            extra: row.extra.clone(),
            outcome,
        });
    }
}
