//! Places in the input as a person finds them in their program: file › sheet › cell, or
//! file › line.

use std::fmt;

use serde::{Serialize, Serializer};
use std::sync::Arc;

/// Where something stands in the input, as a person finds it in their program:
/// `ag/AG Sprache.xlsx › Maßnahmen › C14` or `teilnehmende/liste.csv › Zeile 37`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// Path relative to the project folder; entries of a zip as `archiv.zip › innen/datei.xlsx`.
    /// Shared, not owned: every cell of a table carries its place, and a copy of a place
    /// must not copy the file's and the sheet's names (at 60 AGs that was one allocation
    /// per cell, an eighth of reading the input).
    pub file: Arc<str>,
    /// Sheet name; `None` for CSV files and for places that are a whole file.
    pub sheet: Option<Arc<str>>,
    /// Cell or line within the sheet or file.
    pub position: Position,
}

/// A position within a sheet or text file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Position {
    /// The whole file or sheet.
    Whole,
    /// A spreadsheet cell.
    Cell {
        /// Zero-based row.
        row: u32,
        /// Zero-based column.
        column: u32,
    },
    /// A line of a text file (one-based), e.g. a CSV record or a konzept.toml key.
    Line(u64),
    /// A character in a text file (both one-based), e.g. in a template.
    LineColumn {
        /// One-based line.
        line: u64,
        /// The column, in characters.
        column: u64,
    },
}

impl Place {
    /// A whole file.
    pub fn file(file: impl Into<Arc<str>>) -> Self {
        Self {
            file: file.into(),
            sheet: None,
            position: Position::Whole,
        }
    }

    /// The same file and sheet at another position.
    pub fn with_position(&self, position: Position) -> Self {
        Self {
            position,
            ..self.clone()
        }
    }

    /// The cell reference (`C14`) when the place is a cell.
    pub fn cell(&self) -> Option<String> {
        match self.position {
            Position::Cell { row, column } => Some(cell_name(row, column)),
            _ => None,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, " › {sheet}")?;
        }
        match self.position {
            Position::Whole => Ok(()),
            Position::Cell { row, column } => write!(f, " › {}", cell_name(row, column)),
            Position::Line(row) => write!(f, " › Zeile {row}"),
            Position::LineColumn { line, column } => write!(f, " › Zeile {line}, Spalte {column}"),
        }
    }
}

impl Serialize for Place {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Column letters as spreadsheets show them: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(column: u32) -> String {
    let mut name = String::with_capacity(8);
    push_column_name(&mut name, column);
    name
}

/// A1 reference of a zero-based cell position: (13, 2) → `C14`.
pub fn cell_name(row: u32, column: u32) -> String {
    let mut name = String::with_capacity(18);
    push_column_name(&mut name, column);
    // The row's digits, written here rather than through `format!` (a place per cell).
    let mut digits = [0u8; 10];
    let mut first = digits.len();
    let mut n = u64::from(row) + 1;
    while n > 0 {
        first -= 1;
        digits[first] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    name.extend(digits[first..].iter().map(|&b| char::from(b)));
    name
}

/// Appends the letters of a column (at most seven for a `u32`), most significant first.
fn push_column_name(out: &mut String, column: u32) {
    let mut n = u64::from(column) + 1;
    let mut letters = [0u8; 8];
    let mut first = letters.len();
    while n > 0 {
        first -= 1;
        letters[first] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    out.extend(letters[first..].iter().map(|&b| char::from(b)));
}
