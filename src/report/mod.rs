//! Places in the input, messages about them, and the import report that lists every file,
//! sheet and row not used — the account behind "nothing silently dropped".

pub mod text;

use std::{fmt, io};

use serde::{Serialize, Serializer};

/// Where something stands in the input, as a person finds it in their program:
/// `ag/AG Sprache.xlsx › Maßnahmen › C14` or `teilnehmende/liste.csv › Zeile 37`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// Path relative to the project folder; entries of a zip as `archiv.zip › innen/datei.xlsx`.
    pub file: String,
    /// Sheet name; `None` for CSV files and for places that are a whole file.
    pub sheet: Option<String>,
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
}

impl Place {
    /// A whole file.
    pub fn file(file: impl Into<String>) -> Self {
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
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A1 reference of a zero-based cell position: (13, 2) → `C14`.
pub fn cell_name(row: u32, column: u32) -> String {
    format!("{}{}", column_name(column), u64::from(row) + 1)
}

/// One message about one place: what is wrong and how to fix it, in German.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Where.
    #[serde(rename = "ort")]
    pub place: Place,
    /// What, and what would fix it.
    #[serde(rename = "meldung")]
    pub message: String,
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// What a sheet (or CSV file) became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A recognised table of this kind (`Ziele`, `Maßnahmen`, …).
    #[serde(rename = "tabelle")]
    Table(String),
    /// No recognisable header row: a cover or notes sheet.
    #[serde(rename = "keine_tabelle")]
    NoTable,
    /// The `AG` key/value sheet of a workbook.
    #[serde(rename = "ag_angaben")]
    AgDetails,
    /// Could not be read; the reason is among the errors.
    #[serde(rename = "fehler")]
    Error,
}

/// A row that was read but not used, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnusedRow {
    /// The row (its first cell, or the CSV line).
    #[serde(rename = "ort")]
    pub place: Place,
    /// Why it was not used.
    #[serde(rename = "grund")]
    pub reason: String,
}

/// A column whose header matches no known column name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnknownColumn {
    /// Column letter (`F`), or the number for CSV files as a letter too.
    #[serde(rename = "spalte")]
    pub column: String,
    /// Its header text.
    pub name: String,
}

/// The account of one sheet or CSV file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SheetReport {
    /// Sheet name; `None` for a CSV file.
    #[serde(rename = "blatt")]
    pub sheet: Option<String>,
    /// Whether the workbook hides this sheet (it is read all the same).
    #[serde(rename = "versteckt")]
    pub hidden: bool,
    /// What the sheet became.
    #[serde(rename = "ergebnis")]
    pub outcome: Outcome,
    /// One-based row of the header, when a table was recognised.
    #[serde(rename = "kopfzeile")]
    pub header_row: Option<u32>,
    /// Non-empty rows below the header.
    #[serde(rename = "zeilen_gelesen")]
    pub rows_read: usize,
    /// Rows that became part of the concept.
    #[serde(rename = "zeilen_verwendet")]
    pub rows_used: usize,
    /// Rows read but not used, with the reason; `gelesen = verwendet + nicht_verwendet`.
    #[serde(rename = "zeilen_nicht_verwendet")]
    pub rows_unused: Vec<UnusedRow>,
    /// Columns that belong to no known name.
    #[serde(rename = "unbekannte_spalten")]
    pub unknown_columns: Vec<UnknownColumn>,
}

impl SheetReport {
    /// A sheet that holds no table or could not be read: no rows to account for.
    pub fn without_table(sheet: Option<String>, hidden: bool, outcome: Outcome) -> Self {
        Self {
            sheet,
            hidden,
            outcome,
            header_row: None,
            rows_read: 0,
            rows_used: 0,
            rows_unused: Vec::new(),
            unknown_columns: Vec::new(),
        }
    }
}

/// What happened to one file of the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Read; see the sheets.
    #[serde(rename = "gelesen")]
    Read,
    /// Deliberately not read (lock file, `__MACOSX/`, unknown kind); see `grund`.
    #[serde(rename = "ignoriert")]
    Ignored,
    /// Could not be read; see the errors.
    #[serde(rename = "fehler")]
    Error,
}

/// The account of one file (or zip entry).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// Path relative to the project, zip entries as `archiv.zip › pfad`.
    #[serde(rename = "datei")]
    pub file: String,
    /// What happened to it.
    pub status: FileStatus,
    /// Why it was ignored or failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "grund")]
    pub reason: Option<String>,
    /// Its sheets, in workbook order (one entry for a CSV file).
    #[serde(rename = "blaetter")]
    pub sheets: Vec<SheetReport>,
}

/// The import report: every file and sheet read, every row not used, warnings and errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Every file and zip entry seen, in path order.
    #[serde(rename = "dateien")]
    pub files: Vec<FileReport>,
    /// Problems that stop the build.
    #[serde(rename = "fehler")]
    pub errors: Vec<Message>,
    /// Problems that do not stop it.
    #[serde(rename = "warnungen")]
    pub warnings: Vec<Message>,
}

impl ImportReport {
    /// The sheets that break "rows read = rows used + rows reported", one line each
    /// (`datei › blatt: gelesen ≠ verwendet + gemeldet`); empty when nothing was dropped.
    pub fn unaccounted_rows(&self) -> Vec<String> {
        self.files
            .iter()
            .flat_map(|file| file.sheets.iter().map(move |sheet| (file, sheet)))
            .filter(|(_, b)| b.rows_read != b.rows_used + b.rows_unused.len())
            .map(|(file, b)| {
                format!(
                    "{} › {}: {} gelesen ≠ {} verwendet + {} gemeldet",
                    file.file,
                    b.sheet.as_deref().unwrap_or("-"),
                    b.rows_read,
                    b.rows_used,
                    b.rows_unused.len()
                )
            })
            .collect()
    }

    /// Records an error.
    pub fn errors(&mut self, place: Place, message: impl Into<String>) {
        self.errors.push(Message {
            place,
            message: message.into(),
        });
    }

    /// Records a warning.
    pub fn warning(&mut self, place: Place, message: impl Into<String>) {
        self.warnings.push(Message {
            place,
            message: message.into(),
        });
    }

    /// Whether the input is good enough to build from.
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The sheet account for `datei`/`blatt`, if that sheet was reported.
    pub fn sheet_mut(&mut self, file: &str, sheet: Option<&str>) -> Option<&mut SheetReport> {
        self.files
            .iter_mut()
            .find(|d| d.file == file)?
            .sheets
            .iter_mut()
            .find(|b| b.sheet.as_deref() == sheet)
    }
}

/// A file or folder that could not be written, with the operating system's reason.
#[derive(Debug)]
pub struct WriteError {
    /// What was to be written.
    pub path: std::path::PathBuf,
    /// Why not.
    pub err: io::Error,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} kann nicht geschrieben werden: {}.",
            self.path.display(),
            io_reason(&self.err)
        )
    }
}

/// The operating system's error in German, with its own text for the details.
pub fn io_reason(err: &io::Error) -> String {
    let german = match err.kind() {
        io::ErrorKind::PermissionDenied => "keine Berechtigung",
        io::ErrorKind::ReadOnlyFilesystem => "das Dateisystem ist schreibgeschützt",
        io::ErrorKind::StorageFull => "der Datenträger ist voll",
        io::ErrorKind::QuotaExceeded => "das Speicherkontingent ist erschöpft",
        io::ErrorKind::FileTooLarge => "die Datei überschreitet die zulässige Dateigröße",
        io::ErrorKind::NotFound => "nicht gefunden",
        io::ErrorKind::AlreadyExists => "existiert bereits",
        io::ErrorKind::NotADirectory => "ein Teil des Pfades ist kein Ordner",
        io::ErrorKind::IsADirectory => "dort steht ein Ordner",
        io::ErrorKind::DirectoryNotEmpty => "der Ordner ist nicht leer",
        io::ErrorKind::CrossesDevices => "die Pfade liegen auf verschiedenen Dateisystemen",
        _ => "Fehler des Betriebssystems",
    };
    format!("{german} ({err})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_like_excel() {
        assert_eq!(cell_name(13, 2), "C14");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn places_read_like_the_spec() {
        let place = Place {
            file: "ag/AG Sprache und Bildung.xlsx".into(),
            sheet: Some("Maßnahmen".into()),
            position: Position::Cell { row: 13, column: 2 },
        };
        assert_eq!(
            place.to_string(),
            "ag/AG Sprache und Bildung.xlsx › Maßnahmen › C14"
        );
        let csv = Place {
            file: "teilnehmende/liste.csv".into(),
            sheet: None,
            position: Position::Line(37),
        };
        assert_eq!(csv.to_string(), "teilnehmende/liste.csv › Zeile 37");
    }
}
