//! What a problem's place holds now, as a Rueckmeldung shows it under „Inhalt jetzt“: looked
//! up in the recognised tables after the import, never in an attendance list or a name
//! column, whose cells hold participants' names.

use crate::german;
use crate::report::{Place, Position};
use crate::tables::columns::canonical_name;
use crate::tables::{Column, Table, TableKind, Tables, Value};

/// Longest cell text shown, in characters; the person has the file to see the rest.
const CELL_CHARS: usize = 160;
/// Longest value of one column when a whole CSV line is shown.
const LINE_VALUE_CHARS: usize = 60;

/// What the letter says a place holds now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// The cell's text (or a CSV line's recognised values), ready to show.
    Shown(String),
    /// The cell is empty.
    Empty,
    /// The file is an attendance list, or the cell a name: its content is not repeated.
    Withheld,
    /// The place is no cell of a recognised table (a whole file, a header, a column not
    /// read): nothing to show.
    Unknown,
}

impl Content {
    /// The line the letter shows after „Inhalt jetzt:“, if any.
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            Content::Shown(text) => Some(text.clone()),
            Content::Empty => Some("leer".to_owned()),
            Content::Withheld => {
                Some("wird hier nicht wiedergegeben (Teilnehmerliste mit Namen)".to_owned())
            }
            Content::Unknown => None,
        }
    }
}

/// The cells of the recognised tables, looked up by place.
pub(crate) struct Cells<'a> {
    tables: &'a Tables,
}

impl<'a> Cells<'a> {
    pub(crate) fn new(tables: &'a Tables) -> Self {
        Self { tables }
    }

    /// What `place` holds now.
    pub(crate) fn at(&self, place: &Place) -> Content {
        let mut tables = self
            .tables
            .tables
            .iter()
            .filter(|t| t.place.file == place.file)
            .peekable();
        if is_attendance_path(&place.file)
            || tables
                .clone()
                .any(|t| t.kind == TableKind::Teilnehmende || t.columns.iter().any(is_name))
        {
            return Content::Withheld;
        }
        if let Some(declaration) = self
            .tables
            .ag_declarations
            .iter()
            .find(|d| d.ag.place == *place)
        {
            return Content::Shown(quoted(&declaration.ag.value, CELL_CHARS));
        }
        if tables.peek().is_none() {
            return Content::Unknown;
        }
        let mut sheet = tables.filter(|t| t.place.sheet == place.sheet);
        match place.position {
            Position::Cell { row, column } => sheet
                .find_map(|t| cell(t, place, row, column))
                .unwrap_or(Content::Unknown),
            Position::Line(_) => sheet
                .find_map(|t| line(t, place))
                .unwrap_or(Content::Unknown),
            Position::Whole | Position::LineColumn { .. } => Content::Unknown,
        }
    }
}

/// The cell at (`row`, `column`) of a workbook table: its value (also where fill-down or a
/// merged region carried it into other rows), empty when the row was read and the column is
/// one the table reads, `None` when the table does not know the cell.
fn cell(table: &Table, place: &Place, row: u32, column: u32) -> Option<Content> {
    let value = table
        .rows
        .iter()
        .flat_map(|r| &r.values)
        .find(|(_, cell)| cell.place == *place);
    if let Some((_, cell)) = value {
        return Some(Content::Shown(quoted(&cell.value, CELL_CHARS)));
    }
    let read_column = table.columns.iter().any(|(c, _)| *c == column);
    let read_row = table
        .rows
        .iter()
        .any(|r| matches!(r.place.position, Position::Cell { row: r2, .. } if r2 == row));
    (read_column && read_row).then_some(Content::Empty)
}

/// A CSV line (a CSV place names the line, not the column): the values of the columns the
/// table reads, each with the column's name.
fn line(table: &Table, place: &Place) -> Option<Content> {
    let row = table.rows.iter().find(|r| r.place == *place)?;
    let parts: Vec<String> = row
        .values
        .iter()
        .map(|(column, cell)| {
            let name = canonical_name(table.kind, *column).unwrap_or("Spalte");
            format!("{name} {}", quoted(&cell.value, LINE_VALUE_CHARS))
        })
        .collect();
    Some(if parts.is_empty() {
        Content::Empty
    } else {
        Content::Shown(parts.join(", "))
    })
}

/// Whether a column holds people's names.
fn is_name((_, column): &(u32, Column)) -> bool {
    matches!(column, Column::Name | Column::FirstName | Column::LastName)
}

/// Whether a path lies in a folder `teilnehmende/` (also inside a zip archive), where the
/// attendance lists go.
fn is_attendance_path(file: &str) -> bool {
    let mut components: Vec<&str> = file.split(['/', '›']).map(str::trim).collect();
    components.pop();
    components
        .iter()
        .any(|c| c.eq_ignore_ascii_case("teilnehmende"))
}

/// A value as the person sees it in the cell, in German quotes, on one line and cut to
/// `max` characters.
fn quoted(value: &Value, max: usize) -> String {
    let text = match value {
        Value::Text(text) | Value::Error(text) => text.clone(),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Value::Number(n) => n.to_string().replace('.', ","),
        Value::Bool(b) => if *b { "WAHR" } else { "FALSCH" }.to_owned(),
        Value::Date(date) => german::date_text(*date),
    };
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = if one_line.chars().count() > max {
        let cut: String = one_line.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        one_line
    };
    format!("„{shown}“")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{AgDeclaration, Cell, TableRow};

    fn at(file: &str, sheet: Option<&str>, position: Position) -> Place {
        Place {
            file: file.into(),
            sheet: sheet.map(Into::into),
            position,
        }
    }

    fn table(kind: TableKind, place: Place, columns: Vec<(u32, Column)>) -> Table {
        Table {
            kind,
            place,
            columns,
            rows: Vec::new(),
        }
    }

    fn text(value: &str) -> Value {
        Value::Text(value.into())
    }

    #[test]
    fn cells_of_workbooks_are_shown_quoted_empty_or_unknown() {
        let file = "ag/AG 2.xlsx";
        let c = |row, column| at(file, Some("Ziele"), Position::Cell { row, column });
        let mut ziele = table(
            TableKind::Ziele,
            at(file, Some("Ziele"), Position::Whole),
            vec![
                (0, Column::Number),
                (1, Column::Ziel),
                (2, Column::Prioritaet),
            ],
        );
        ziele.rows.push(TableRow {
            extra: Vec::new(),
            place: c(1, 0),
            values: vec![
                (
                    Column::Number,
                    Cell {
                        value: Value::Number(1.0),
                        place: c(1, 0),
                    },
                ),
                (
                    Column::Ziel,
                    Cell {
                        value: text("Deutsch #lernen\nfür $alle"),
                        place: c(1, 1),
                    },
                ),
            ],
        });
        let tables = Tables {
            tables: vec![ziele],
            ag_declarations: vec![AgDeclaration {
                file: file.into(),
                ag: Cell {
                    value: text("Sport"),
                    place: at(file, Some("AG"), Position::Cell { row: 0, column: 1 }),
                },
            }],
        };
        let cells = Cells::new(&tables);
        assert_eq!(cells.at(&c(1, 0)), Content::Shown("„1“".into()));
        assert_eq!(
            cells.at(&c(1, 1)),
            Content::Shown("„Deutsch #lernen für $alle“".into())
        );
        assert_eq!(cells.at(&c(1, 2)), Content::Empty);
        assert_eq!(cells.at(&c(1, 7)), Content::Unknown);
        assert_eq!(cells.at(&c(0, 1)), Content::Unknown);
        assert_eq!(
            cells.at(&at(file, Some("AG"), Position::Cell { row: 0, column: 1 })),
            Content::Shown("„Sport“".into())
        );
        assert_eq!(cells.at(&Place::file(file)), Content::Unknown);
        assert_eq!(cells.at(&Place::file("ag/andere.xlsx")), Content::Unknown);
    }

    #[test]
    fn a_csv_line_shows_its_read_values_by_column_and_long_texts_are_cut() {
        let file = "ag/ag-4_massnahmen.csv";
        let line = at(file, None, Position::Line(5));
        let mut massnahmen = table(
            TableKind::Massnahmen,
            at(file, None, Position::Whole),
            vec![(0, Column::Ziel), (2, Column::Massnahme)],
        );
        massnahmen.rows.push(TableRow {
            extra: Vec::new(),
            place: line.clone(),
            values: vec![
                (
                    Column::Ziel,
                    Cell {
                        value: text("PR-9"),
                        place: line.clone(),
                    },
                ),
                (
                    Column::Massnahme,
                    Cell {
                        value: text(&"x".repeat(100)),
                        place: line.clone(),
                    },
                ),
            ],
        });
        let tables = Tables {
            tables: vec![massnahmen],
            ag_declarations: Vec::new(),
        };
        let Content::Shown(shown) = Cells::new(&tables).at(&line) else {
            panic!("the line is shown");
        };
        assert_eq!(
            shown,
            format!("Ziel „PR-9“, Maßnahme „{}…“", "x".repeat(59))
        );
    }

    #[test]
    fn attendance_lists_and_name_columns_are_never_shown() {
        let list = "ag/Liste AG 4.csv";
        let line = at(list, None, Position::Line(2));
        let mut teilnehmende = table(
            TableKind::Teilnehmende,
            at(list, None, Position::Whole),
            vec![(0, Column::Name)],
        );
        teilnehmende.rows.push(TableRow {
            extra: Vec::new(),
            place: line.clone(),
            values: vec![(
                Column::Name,
                Cell {
                    value: text("Anna Meyer"),
                    place: line.clone(),
                },
            )],
        });
        let tables = Tables {
            tables: vec![teilnehmende],
            ag_declarations: Vec::new(),
        };
        let cells = Cells::new(&tables);
        assert_eq!(cells.at(&line), Content::Withheld);
        for path in [
            "teilnehmende/AG 4.xlsx",
            "ag/eingang.zip › Teilnehmende/AG 4.csv",
        ] {
            assert_eq!(cells.at(&Place::file(path)), Content::Withheld, "{path}");
        }
        assert!(!Content::Withheld.text().unwrap().contains("Anna"));
    }
}
