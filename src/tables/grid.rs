//! The sparse grid one sheet is decoded into: cells are added one by one while their
//! number and the sheet's bounding box are checked against the limits, so a sheet that is
//! too large stops early instead of filling memory.

use super::cell_text;
use super::decoded::Messages;
use super::sheet::{Region, Sheet, SheetRow, Value};
use crate::german;
use crate::limits::Limits;
use crate::report::{Place, Position, cell_name, column_name};

/// A sheet being filled, with its limits.
pub(super) struct Grid<'a> {
    place: Place,
    limits: &'a Limits,
    /// Cells the whole file may still add.
    budget: &'a mut usize,
    cells: usize,
    /// Rows as the cells arrive; readers give them top to bottom, so a cell belongs to the
    /// last row or starts a new one. Rows that arrive out of order are put in order (and
    /// joined) by `finish`.
    rows: Vec<SheetRow>,
    in_order: bool,
    bounding_box: Option<BoundingBox>,
}

/// The bounding box of the non-empty cells, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct BoundingBox {
    top: u32,
    bottom: u32,
    left: u32,
    right: u32,
}

impl BoundingBox {
    fn rows(self) -> u64 {
        u64::from(self.bottom - self.top) + 1
    }

    fn cols(self) -> u64 {
        u64::from(self.right - self.left) + 1
    }
}

/// A limit a sheet ran into: the sheet is not read, and this is the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct LimitExceeded(pub String);

impl<'a> Grid<'a> {
    /// An empty grid for the sheet at `ort` (file and sheet, `Position::Whole`). `budget` is
    /// shared by all sheets of one file.
    pub(super) fn new(place: Place, limits: &'a Limits, budget: &'a mut usize) -> Self {
        Self {
            place,
            limits,
            budget,
            cells: 0,
            rows: Vec::new(),
            in_order: true,
            bounding_box: None,
        }
    }

    /// Adds a text cell: cleaned, control characters reported as a warning, a text longer
    /// than the limit reported as an error and dropped, blank text not stored. `stelle` is
    /// where messages point (the cell, or the line of a CSV file).
    pub(super) fn text(
        &mut self,
        row: u32,
        column: u32,
        position: Position,
        raw: &str,
        messages: &mut Messages,
    ) -> Result<(), LimitExceeded> {
        let cleaned = cell_text::clean(raw);
        let prefix = match position {
            Position::Line(_) => format!("Spalte {}: ", column_name(column)),
            _ => String::new(),
        };
        if !cleaned.removed.is_empty() {
            messages.warnings.push(crate::report::Problem::warning(
                self.place.with_position(position),
                format!(
                    "{prefix}Unsichtbare Steuerzeichen ({}) wurden entfernt. Sie stammen meist \
                     aus eingefügtem Text; prüfen Sie den Inhalt der Zelle.",
                    cell_text::codepoints(&cleaned.removed)
                ),
            ));
        }
        if cleaned.text.is_empty() {
            return Ok(());
        }
        if too_long(&cleaned.text, self.limits.chars_per_cell) {
            messages.errors.push(crate::report::Problem::error(
                self.place.with_position(position),
                format!(
                    "{prefix}Der Text ist mit über {} Zeichen zu lang (erlaubt sind höchstens \
                     {}) und wurde nicht gelesen. Kürzen Sie ihn oder verteilen Sie ihn auf \
                     mehrere Zellen.",
                    german::count_text(self.limits.chars_per_cell as u64),
                    german::count_text(self.limits.chars_per_cell as u64)
                ),
            ));
            return Ok(());
        }
        self.value(row, column, Value::Text(cleaned.text))
    }

    /// Adds a non-empty value at (zeile, spalte), zero-based.
    pub(super) fn value(
        &mut self,
        row: u32,
        column: u32,
        value: Value,
    ) -> Result<(), LimitExceeded> {
        self.count_cell()?;
        self.extend_box(row, column)?;
        match self.rows.last_mut() {
            Some(last) if last.row == row => last.cells.push((column, value)),
            last => {
                self.in_order &= last.as_ref().is_none_or(|last| last.row < row);
                // Rows of a table are about as long as the one before.
                let mut cells = Vec::with_capacity(last.map_or(1, |last| last.cells.len()));
                cells.push((column, value));
                self.rows.push(SheetRow {
                    row,
                    line: None,
                    cells,
                });
            }
        }
        Ok(())
    }

    /// Records the text line a CSV record starts on (for rows that hold cells).
    pub(super) fn line(&mut self, row: u32, line: u64) {
        if let Some(filled) = self.rows.iter_mut().rev().find(|r| r.row == row) {
            filled.line = Some(line);
        }
    }

    /// Whether a row lacks a cell in a column some row above it has. Only then can a merged
    /// region change what is read: a region shows its top-left value in cells that are
    /// empty, and a table's columns are those of its header row, which lies above its data.
    /// Without such a gap the regions need not be read at all. Rows or cells that arrived
    /// out of order count as a gap (the answer may be "yes" too often, never "no").
    pub(super) fn has_gap(&self) -> bool {
        if !self.in_order {
            return true;
        }
        // The columns of the row above; a row without a gap has them all, so its own
        // columns are then all the columns of the rows above it.
        let mut above: &[(u32, Value)] = &[];
        for row in &self.rows {
            if !row.cells.is_sorted_by(|a, b| a.0 < b.0) {
                return true;
            }
            let has_all = above
                .iter()
                .all(|(column, _)| row.cells.binary_search_by_key(column, |(c, _)| *c).is_ok());
            if !has_all {
                return true;
            }
            above = &row.cells;
        }
        false
    }

    /// The finished sheet. Merged regions whose top-left cell lies outside the filled area
    /// show nothing and are dropped; the others are cut to the filled area.
    pub(super) fn finish(self, hidden: bool, merged: &[Region]) -> Sheet {
        let merged = match self.bounding_box {
            Some(b) => merged.iter().filter_map(|r| clip(*r, b)).collect(),
            None => Vec::new(),
        };
        let mut rows = self.rows;
        if !self.in_order {
            // Stable: within a row the cells keep the order they arrived in, so that
            // `last_per_column` still keeps the later of two cells in one column.
            rows.sort_by_key(|r| r.row);
            rows.dedup_by(|later, earlier| {
                let same = later.row == earlier.row;
                if same {
                    earlier.cells.append(&mut later.cells);
                    earlier.line = later.line.or(earlier.line);
                }
                same
            });
        }
        for row in &mut rows {
            last_per_column(&mut row.cells);
        }
        Sheet {
            place: self.place,
            hidden,
            rows,
            merged,
        }
    }

    fn count_cell(&mut self) -> Result<(), LimitExceeded> {
        if self.cells >= self.limits.cells {
            return Err(LimitExceeded(format!(
                "Das Blatt hat mehr als {} gefüllte Zellen und wird nicht gelesen. Teilen Sie die \
                 Daten auf mehrere Blätter oder Dateien auf.",
                german::count_text(self.limits.cells as u64)
            )));
        }
        if *self.budget == 0 {
            return Err(LimitExceeded(format!(
                "Die Datei hat in allen Blättern zusammen mehr als {} gefüllte Zellen; dieses \
                 Blatt wird nicht mehr gelesen. Teilen Sie die Daten auf mehrere Dateien auf.",
                german::count_text(self.limits.cells_per_file as u64)
            )));
        }
        self.cells += 1;
        *self.budget -= 1;
        Ok(())
    }

    fn extend_box(&mut self, row: u32, column: u32) -> Result<(), LimitExceeded> {
        let b = match self.bounding_box {
            None => BoundingBox {
                top: row,
                bottom: row,
                left: column,
                right: column,
            },
            Some(b) => BoundingBox {
                top: b.top.min(row),
                bottom: b.bottom.max(row),
                left: b.left.min(column),
                right: b.right.max(column),
            },
        };
        if b.rows() > u64::from(self.limits.rows) || b.cols() > u64::from(self.limits.columns) {
            return Err(LimitExceeded(too_large(b, row, column, self.limits)));
        }
        self.bounding_box = Some(b);
        Ok(())
    }
}

/// The message for a sheet whose filled area is too large, naming the cell that made it so.
fn too_large(b: BoundingBox, row: u32, column: u32, limits: &Limits) -> String {
    format!(
        "Das Blatt ist zu groß: Gefüllte Zellen reichen von {} bis {} ({} Zeilen, {} Spalten; \
         erlaubt sind höchstens {} Zeilen und {} Spalten), zuletzt gelesen {}. Meist stehen weit \
         unterhalb oder rechts der Tabelle vergessene Inhalte: Löschen Sie dort alle Zeilen und \
         Spalten und speichern Sie die Datei erneut.",
        cell_name(b.top, b.left),
        cell_name(b.bottom, b.right),
        german::count_text(b.rows()),
        german::count_text(b.cols()),
        german::count_text(u64::from(limits.rows)),
        german::count_text(u64::from(limits.columns)),
        cell_name(row, column)
    )
}

/// Whether `text` has more than `limit` characters (counted only as far as needed).
fn too_long(text: &str, limit: usize) -> bool {
    text.len() > limit && text.chars().nth(limit).is_some()
}

/// Cells sorted by column; where a column appears twice (a malformed file), the later wins.
fn last_per_column(cells: &mut Vec<(u32, Value)>) {
    if cells.is_sorted_by(|a, b| a.0 < b.0) {
        return;
    }
    cells.reverse();
    cells.sort_by_key(|(column, _)| *column);
    cells.dedup_by_key(|(column, _)| *column);
}

/// A merged region cut to the filled area, if its top-left cell lies inside it.
fn clip(r: Region, b: BoundingBox) -> Option<Region> {
    let (top, left) = r.start;
    let inside = (b.top..=b.bottom).contains(&top) && (b.left..=b.right).contains(&left);
    inside.then(|| Region {
        start: r.start,
        end: (r.end.0.min(b.bottom), r.end.1.min(b.right)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> Place {
        Place {
            file: "ag/x.xlsx".into(),
            sheet: Some("Ziele".into()),
            position: Position::Whole,
        }
    }

    #[test]
    fn cells_come_out_sorted_by_row_and_column() {
        let limits = Limits::default();
        let mut budget = 100;
        let mut grid = Grid::new(place(), &limits, &mut budget);
        grid.value(3, 2, Value::Number(2.0)).unwrap();
        grid.value(3, 0, Value::Number(1.0)).unwrap();
        grid.value(1, 5, Value::Bool(true)).unwrap();
        grid.value(3, 2, Value::Number(3.0)).unwrap();
        let sheet = grid.finish(false, &[]);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].row, 1);
        assert_eq!(
            sheet.rows[1].cells,
            vec![(0, Value::Number(1.0)), (2, Value::Number(3.0))]
        );
        assert_eq!(budget, 96);
    }

    #[test]
    fn a_gap_is_a_cell_missing_below_a_filled_one() {
        let limits = Limits::default();
        let grid_of = |cells: &[(u32, u32)]| {
            let mut budget = 100;
            let mut grid = Grid::new(place(), &limits, &mut budget);
            for &(row, column) in cells {
                grid.value(row, column, Value::Number(1.0)).unwrap();
            }
            grid.has_gap()
        };
        // A title, a header, complete rows: no gap.
        assert!(!grid_of(&[
            (0, 0),
            (2, 0),
            (2, 1),
            (2, 2),
            (3, 0),
            (3, 1),
            (3, 2)
        ]));
        // A title wider than nothing above it, a row wider than the header: no gap.
        assert!(!grid_of(&[(0, 1), (1, 0), (1, 1), (2, 0), (2, 1), (2, 4)]));
        // A goal column left empty below the first measure (a merged goal): a gap.
        assert!(grid_of(&[(2, 0), (2, 1), (3, 0), (3, 1), (4, 1)]));
        // A cell missing in the middle of a row.
        assert!(grid_of(&[(0, 0), (0, 1), (0, 2), (1, 0), (1, 2)]));
        // Rows or cells out of order: counted as a gap.
        assert!(grid_of(&[(3, 0), (1, 0)]));
        assert!(grid_of(&[(1, 1), (1, 0)]));
        assert!(!grid_of(&[]));
    }

    #[test]
    fn a_far_cell_stops_the_sheet_and_names_the_area() {
        let limits = Limits::default();
        let mut budget = 100;
        let mut grid = Grid::new(place(), &limits, &mut budget);
        grid.value(0, 0, Value::Number(1.0)).unwrap();
        let err = grid
            .value(1_048_575, 16_383, Value::Number(2.0))
            .unwrap_err();
        assert!(
            err.0.starts_with(
                "Das Blatt ist zu groß: Gefüllte Zellen reichen von A1 bis XFD1048576 \
                 (1.048.576 Zeilen, 16.384 Spalten; erlaubt sind höchstens 200.000 Zeilen und \
                 1.000 Spalten), zuletzt gelesen XFD1048576."
            ),
            "{}",
            err.0
        );
    }

    #[test]
    fn the_cell_limits_count_per_sheet_and_per_file() {
        let limits = Limits {
            cells: 2,
            ..Limits::default()
        };
        let mut budget = 3;
        let mut grid = Grid::new(place(), &limits, &mut budget);
        grid.value(0, 0, Value::Number(1.0)).unwrap();
        grid.value(0, 1, Value::Number(1.0)).unwrap();
        let err = grid.value(0, 2, Value::Number(1.0)).unwrap_err();
        assert!(
            err.0
                .starts_with("Das Blatt hat mehr als 2 gefüllte Zellen"),
            "{}",
            err.0
        );
        let mut second = Grid::new(place(), &limits, &mut budget);
        second.value(0, 0, Value::Number(1.0)).unwrap();
        let err = second.value(0, 1, Value::Number(1.0)).unwrap_err();
        assert!(
            err.0
                .starts_with("Die Datei hat in allen Blättern zusammen mehr als 4.000.000"),
            "{}",
            err.0
        );
    }

    #[test]
    fn texts_are_cleaned_with_warnings_and_too_long_ones_dropped() {
        let limits = Limits {
            chars_per_cell: 5,
            ..Limits::default()
        };
        let mut budget = 100;
        let mut messages = Messages::default();
        let mut grid = Grid::new(place(), &limits, &mut budget);
        let c3 = Position::Cell { row: 2, column: 2 };
        grid.text(2, 2, c3, " Ki\u{7}ta ", &mut messages).unwrap();
        grid.text(
            3,
            2,
            Position::Cell { row: 3, column: 2 },
            "Sprachkurs",
            &mut messages,
        )
        .unwrap();
        grid.text(
            4,
            2,
            Position::Cell { row: 4, column: 2 },
            " \u{A0} ",
            &mut messages,
        )
        .unwrap();
        let sheet = grid.finish(false, &[]);
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0].cells, vec![(2, Value::Text("Kita".into()))]);
        assert_eq!(messages.warnings.len(), 1);
        assert_eq!(
            messages.warnings[0].to_string(),
            "ag/x.xlsx › Ziele › C3: Unsichtbare Steuerzeichen (U+0007) wurden entfernt. Sie \
             stammen meist aus eingefügtem Text; prüfen Sie den Inhalt der Zelle."
        );
        assert_eq!(
            messages.errors[0].to_string(),
            "ag/x.xlsx › Ziele › C4: Der Text ist mit über 5 Zeichen zu lang (erlaubt sind \
             höchstens 5) und wurde nicht gelesen. Kürzen Sie ihn oder verteilen Sie ihn auf \
             mehrere Zellen."
        );
    }

    #[test]
    fn merged_regions_are_cut_to_the_filled_area() {
        let limits = Limits::default();
        let mut budget = 100;
        let mut grid = Grid::new(place(), &limits, &mut budget);
        grid.value(1, 0, Value::Number(1.0)).unwrap();
        grid.value(9, 3, Value::Number(1.0)).unwrap();
        let regions = [
            Region {
                start: (1, 0),
                end: (1_048_575, 0),
            },
            Region {
                start: (0, 0),
                end: (5, 0),
            },
            Region {
                start: (2, 1),
                end: (3, 2),
            },
        ];
        let sheet = grid.finish(false, &regions);
        assert_eq!(
            sheet.merged,
            vec![
                Region {
                    start: (1, 0),
                    end: (9, 0)
                },
                Region {
                    start: (2, 1),
                    end: (3, 2)
                }
            ]
        );
    }
}
