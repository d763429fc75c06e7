//! The row account: every row of a recognised table is either used or reported with its
//! reason, so that rows read = rows used + rows reported.

use crate::report::{IngestReport, UnusedRow};
use crate::tables::{Table, TableRow};

/// Counts a row as used.
pub(crate) fn used(report: &mut IngestReport, table: &Table) {
    if let Some(entry) = report.sheet_mut(&table.place.file, table.place.sheet.as_deref()) {
        entry.rows_used += 1;
    }
}

/// Reports a row as not used, with the reason.
pub(crate) fn unused(
    report: &mut IngestReport,
    table: &Table,
    row: &TableRow,
    reason: impl Into<String>,
) {
    if let Some(entry) = report.sheet_mut(&table.place.file, table.place.sheet.as_deref()) {
        entry.rows_unused.push(UnusedRow {
            place: row.place.clone(),
            reason: reason.into(),
        });
    }
}
