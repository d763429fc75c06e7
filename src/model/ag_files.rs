//! Which AG each file of the project belongs to — the one answer for everything that sorts
//! files or problems by AG (the Rueckmeldung of each AG, the workplace's cards). Decided from
//! the report's file list, so a file that could not be read at all still has its AG.

use std::collections::HashMap;

use crate::model::ags::{AgIndex, PathAg};
use crate::model::config::Handlungsfeld;
use crate::model::values;
use crate::report::{FileStatus, IngestReport, Problem};
use crate::tables::{Column, Tables};

/// The AG of every file that belongs to exactly one: file path (as the report names it) →
/// index into the Handlungsfelder of konzept.toml (= into `Konzept::arbeitsgruppen`).
///
/// A file belongs to the AG its workbook's `AG` sheet names, else the one its path names
/// (as the concept model decides a table's AG when its rows name none), else the one AG
/// its rows name in a column `AG`. A file whose rows name another AG than that, or several,
/// is shared (a session table of all AGs, an attendance list of two) and belongs to none;
/// so does a file that names no AG at all, `konzept.toml`, and ignored junk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgFiles {
    /// In the report's file order.
    files: Vec<(String, usize)>,
    /// The same by path, for looking up the AG of each of many problems.
    by_path: HashMap<String, usize>,
}

impl AgFiles {
    /// Assigns the files of `report` (see [`AgFiles`]). An ignored file counts only when a
    /// warning was given about it (a spreadsheet format that cannot be read: its data is
    /// missing); lock files and the like do not.
    pub(crate) fn assign(
        handlungsfelder: &[Handlungsfeld],
        tables: &Tables,
        report: &IngestReport,
    ) -> Self {
        let index = AgIndex::new(handlungsfelder);
        let files = report
            .files
            .iter()
            .filter(|file| {
                file.status != FileStatus::Ignored
                    || report.warnings.iter().any(|w| w.is_in(&file.file))
            })
            .filter_map(|file| Some((file.file.clone(), ag_of_file(&index, tables, &file.file)?)))
            .collect::<Vec<_>>();
        let by_path = files.iter().cloned().collect();
        Self { files, by_path }
    }

    /// The AG (index into the Handlungsfelder) of a file, by its path as the report names it.
    pub fn ag_of(&self, file: &str) -> Option<usize> {
        self.by_path.get(file).copied()
    }

    /// The AG a problem belongs to: the AG of the file it is in; `None` for a problem
    /// without a place or in a file of no AG.
    pub fn ag_of_problem(&self, problem: &Problem) -> Option<usize> {
        self.ag_of(&problem.place.as_ref()?.file)
    }

    /// The files of one AG, in the report's order.
    pub fn files_of(&self, ag: usize) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .filter(move |(_, a)| *a == ag)
            .map(|(f, _)| f.as_str())
    }
}

/// The one AG a file belongs to, if there is one (see [`AgFiles`]).
fn ag_of_file(index: &AgIndex<'_>, tables: &Tables, file: &str) -> Option<usize> {
    let named = |value| index.by_value(&values::text(value).ok()?);
    let declared = tables
        .ag_declarations
        .iter()
        .filter(|d| d.file == file)
        .find_map(|d| named(&d.ag.value));
    let own = declared.or(match index.by_path(file) {
        PathAg::Unique(ag) => Some(ag),
        PathAg::Missing | PathAg::Ambiguous(_) => None,
    });
    let mut in_rows = tables
        .tables
        .iter()
        .filter(|t| *t.place.file == *file)
        .flat_map(|t| &t.rows)
        .filter_map(|row| named(&row.get(Column::Ag)?.value));
    let first = own.or_else(|| in_rows.next())?;
    in_rows.all(|ag| ag == first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FileReport, Place, Position};
    use crate::tables::{AgDeclaration, Cell, Table, TableKind, TableRow, Value};

    fn handlungsfelder() -> Vec<Handlungsfeld> {
        [("Sprache und Bildung", "SB"), ("Politik und Recht", "PR")]
            .into_iter()
            .map(|(name, short)| Handlungsfeld {
                name: name.into(),
                short: short.into(),
                contact: None,
            })
            .collect()
    }

    fn cell(file: &str, row: u32, text: &str) -> Cell {
        Cell {
            value: Value::Text(text.into()),
            place: Place::file(file).with_position(Position::Cell { row, column: 0 }),
        }
    }

    /// A table of `file` whose rows name these AGs in a column `AG`.
    fn table(file: &str, ags: &[&str]) -> Table {
        Table {
            kind: TableKind::Sitzungen,
            place: Place::file(file),
            columns: vec![(0, Column::Ag)],
            rows: ags
                .iter()
                .zip(1..)
                .map(|(ag, row)| TableRow {
                    extra: Vec::new(),
                    place: cell(file, row, ag).place,
                    values: vec![(Column::Ag, cell(file, row, ag))],
                })
                .collect(),
        }
    }

    #[test]
    fn files_belong_to_the_ag_their_sheet_path_or_rows_name_and_unreadable_ones_too() {
        let mut report = IngestReport::default();
        for (path, status) in [
            ("ag/AG 1 Sprache.xlsx", FileStatus::Read),
            ("ag/kaputt-pr.xlsx", FileStatus::Error),
            ("ag/Mappe.xlsx", FileStatus::Read),
            ("ag/Mappe-SB.xlsx", FileStatus::Read),
            ("ag/ziele.csv", FileStatus::Read),
            ("ag/sitzungen.csv", FileStatus::Read),
            ("ag/notizen.csv", FileStatus::Read),
            ("teilnehmende/Liste AG 1 und 2.xlsx", FileStatus::Read),
            ("ag/~$AG 1 Sprache.xlsx", FileStatus::Ignored),
            ("ag/ag-2.numbers", FileStatus::Ignored),
        ] {
            report.files.push(FileReport {
                file: path.into(),
                status,
                reason: None,
                sheets: Vec::new(),
            });
        }
        report.warning(Place::file("ag/ag-2.numbers"), "kann nicht gelesen werden");
        let declaration = |file: &str, text: &str| AgDeclaration {
            file: file.into(),
            ag: cell(file, 0, text),
        };
        let tables = Tables {
            tables: vec![
                table("ag/AG 1 Sprache.xlsx", &["SB", "Sprache und Bildung"]),
                table("ag/ziele.csv", &["PR", "2"]),
                table("ag/sitzungen.csv", &["SB", "PR"]),
                // The file name says AG 1, but the rows are of both AGs.
                table("teilnehmende/Liste AG 1 und 2.xlsx", &["1", "2"]),
            ],
            // The sheet decides over the file name; one naming no AG leaves the file name.
            ag_declarations: vec![
                declaration("ag/Mappe.xlsx", "Politik und Recht"),
                declaration("ag/Mappe-SB.xlsx", "Sport"),
            ],
        };
        let files = AgFiles::assign(&handlungsfelder(), &tables, &report);
        let ag_of = |file| files.ag_of(file);
        assert_eq!(ag_of("ag/AG 1 Sprache.xlsx"), Some(0));
        assert_eq!(ag_of("ag/kaputt-pr.xlsx"), Some(1));
        assert_eq!(ag_of("ag/Mappe.xlsx"), Some(1));
        assert_eq!(ag_of("ag/Mappe-SB.xlsx"), Some(0));
        assert_eq!(ag_of("ag/ziele.csv"), Some(1));
        assert_eq!(ag_of("ag/sitzungen.csv"), None);
        assert_eq!(ag_of("ag/notizen.csv"), None);
        assert_eq!(ag_of("teilnehmende/Liste AG 1 und 2.xlsx"), None);
        assert_eq!(ag_of("ag/~$AG 1 Sprache.xlsx"), None);
        assert_eq!(ag_of("ag/ag-2.numbers"), Some(1));
        assert_eq!(
            files.files_of(1).collect::<Vec<_>>(),
            [
                "ag/kaputt-pr.xlsx",
                "ag/Mappe.xlsx",
                "ag/ziele.csv",
                "ag/ag-2.numbers"
            ]
        );
        let problem = Problem::error(Place::file("ag/kaputt-pr.xlsx"), "beschädigt");
        assert_eq!(files.ag_of_problem(&problem), Some(1));
        assert_eq!(files.ag_of_problem(&Problem::general("ohne Ort")), None);
    }
}
