//! What the user is told: places in the input, problems about them, and the import report
//! that lists every file, sheet and row not used — the account behind "nothing silently
//! dropped".

mod place;
mod problem;
pub(crate) mod text;

use std::{fmt, io};

use serde::Serialize;

pub use place::{Place, Position, cell_name, column_name};
pub use problem::{Problem, Severity};

/// What a sheet (or CSV file) became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetOutcome {
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
    /// A sheet of another kind than a worksheet: it holds no cells to read.
    #[serde(rename = "kein_tabellenblatt")]
    NotAWorksheet(NonWorksheet),
}

/// The kinds of sheet that are no worksheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NonWorksheet {
    /// A chart sheet.
    #[serde(rename = "diagrammblatt")]
    Chart,
    /// A dialog sheet (Excel 5).
    #[serde(rename = "dialogblatt")]
    Dialog,
    /// An Excel 4 macro sheet.
    #[serde(rename = "makroblatt")]
    Macro,
    /// A VBA module.
    #[serde(rename = "vba_modul")]
    Module,
    /// A sheet the workbook lists without any content (Excel keeps old module sheets so).
    #[serde(rename = "ohne_inhalt")]
    WithoutContent,
}

impl SheetOutcome {
    /// What the sheet became, as the terminal and the workplace say it.
    pub fn label(&self) -> &str {
        match self {
            SheetOutcome::Table(kind) => kind,
            SheetOutcome::NoTable => "keine Tabelle (keine erkannte Kopfzeile)",
            SheetOutcome::AgDetails => "Angabe der AG",
            SheetOutcome::Error => "nicht lesbar (siehe Fehler)",
            SheetOutcome::NotAWorksheet(kind) => kind.label(),
        }
    }
}

impl NonWorksheet {
    /// What the sheet is, as the terminal and the workplace say it.
    pub fn label(self) -> &'static str {
        match self {
            NonWorksheet::Chart => "kein Tabellenblatt (Diagrammblatt)",
            NonWorksheet::Dialog => "kein Tabellenblatt (Dialogblatt)",
            NonWorksheet::Macro => "kein Tabellenblatt (Excel-4-Makroblatt)",
            NonWorksheet::Module => "kein Tabellenblatt (VBA-Modul)",
            NonWorksheet::WithoutContent => {
                "kein Tabellenblatt (ohne Inhalt in der Datei, meist ein altes Makromodul)"
            }
        }
    }
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
    pub outcome: SheetOutcome,
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
    /// The sheet's name, `(CSV)` for a CSV file.
    pub fn display_name(&self) -> &str {
        self.sheet.as_deref().unwrap_or("(CSV)")
    }

    /// A sheet that holds no table or could not be read: no rows to account for.
    pub fn without_table(sheet: Option<String>, hidden: bool, outcome: SheetOutcome) -> Self {
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

impl FileStatus {
    /// What happened to the file, as the terminal and the workplace say it.
    pub fn label(&self) -> &'static str {
        match self {
            FileStatus::Read => "gelesen",
            FileStatus::Ignored => "ignoriert",
            FileStatus::Error => "nicht lesbar",
        }
    }
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
pub struct IngestReport {
    /// Every file and zip entry seen, in path order.
    #[serde(rename = "dateien")]
    pub files: Vec<FileReport>,
    /// Problems that stop the build.
    #[serde(rename = "fehler")]
    pub errors: Vec<Problem>,
    /// Problems that do not stop it.
    #[serde(rename = "warnungen")]
    pub warnings: Vec<Problem>,
}

impl IngestReport {
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
    pub fn error(&mut self, place: Place, message: impl Into<String>) {
        self.errors.push(Problem::error(place, message));
    }

    /// Records a warning.
    pub fn warning(&mut self, place: Place, message: impl Into<String>) {
        self.warnings.push(Problem::warning(place, message));
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

impl WriteError {
    /// What the user is told: the German reason, the operating system's words apart.
    pub fn problem(&self) -> Problem {
        Problem::general(self.to_string()).with_detail(self.err.to_string())
    }
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

/// The operating system's error in German words, for a message; its own words (English,
/// with the error number) belong in the problem's technical detail.
pub fn io_reason(err: &io::Error) -> &'static str {
    match err.kind() {
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
    }
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
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(u32::MAX), "MWLQKWV");
        assert_eq!(cell_name(u32::MAX, 0), "A4294967296");
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
