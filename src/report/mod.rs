//! Places in the input, messages about them, and the import report that lists every file,
//! sheet and row not used — the account behind "nothing silently dropped".

pub mod text;

use std::{fmt, io};

use serde::{Serialize, Serializer};

/// Where something stands in the input, as a person finds it in their program:
/// `ag/AG Sprache.xlsx › Maßnahmen › C14` or `teilnehmende/liste.csv › Zeile 37`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ort {
    /// Path relative to the project folder; entries of a zip as `archiv.zip › innen/datei.xlsx`.
    pub datei: String,
    /// Sheet name; `None` for CSV files and for places that are a whole file.
    pub blatt: Option<String>,
    /// Cell or line within the sheet or file.
    pub stelle: Stelle,
}

/// A position within a sheet or text file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stelle {
    /// The whole file or sheet.
    Ganz,
    /// A spreadsheet cell.
    Zelle {
        /// Zero-based row.
        zeile: u32,
        /// Zero-based column.
        spalte: u32,
    },
    /// A line of a text file (one-based), e.g. a CSV record or a konzept.toml key.
    Zeile(u64),
}

impl Ort {
    /// A whole file.
    pub fn datei(datei: impl Into<String>) -> Self {
        Self {
            datei: datei.into(),
            blatt: None,
            stelle: Stelle::Ganz,
        }
    }

    /// The same file and sheet at another position.
    pub fn mit_stelle(&self, stelle: Stelle) -> Self {
        Self {
            stelle,
            ..self.clone()
        }
    }

    /// The cell reference (`C14`) when the place is a cell.
    pub fn zelle(&self) -> Option<String> {
        match self.stelle {
            Stelle::Zelle { zeile, spalte } => Some(cell_name(zeile, spalte)),
            _ => None,
        }
    }
}

impl fmt::Display for Ort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.datei)?;
        if let Some(blatt) = &self.blatt {
            write!(f, " › {blatt}")?;
        }
        match self.stelle {
            Stelle::Ganz => Ok(()),
            Stelle::Zelle { zeile, spalte } => write!(f, " › {}", cell_name(zeile, spalte)),
            Stelle::Zeile(zeile) => write!(f, " › Zeile {zeile}"),
        }
    }
}

impl Serialize for Ort {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Column letters as spreadsheets show them: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(spalte: u32) -> String {
    let mut n = u64::from(spalte) + 1;
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
pub fn cell_name(zeile: u32, spalte: u32) -> String {
    format!("{}{}", column_name(spalte), u64::from(zeile) + 1)
}

/// One message about one place: what is wrong and how to fix it, in German.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Meldung {
    /// Where.
    pub ort: Ort,
    /// What, and what would fix it.
    pub meldung: String,
}

impl fmt::Display for Meldung {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.ort, self.meldung)
    }
}

/// What a sheet (or CSV file) became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ergebnis {
    /// A recognised table of this kind (`Ziele`, `Maßnahmen`, …).
    Tabelle(String),
    /// No recognisable header row: a cover or notes sheet.
    KeineTabelle,
    /// The `AG` key/value sheet of a workbook.
    AgAngaben,
    /// Could not be read; the reason is among the errors.
    Fehler,
}

/// A row that was read but not used, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NichtVerwendet {
    /// The row (its first cell, or the CSV line).
    pub ort: Ort,
    /// Why it was not used.
    pub grund: String,
}

/// A column whose header matches no known column name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnbekannteSpalte {
    /// Column letter (`F`), or the number for CSV files as a letter too.
    pub spalte: String,
    /// Its header text.
    pub name: String,
}

/// The account of one sheet or CSV file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BlattBericht {
    /// Sheet name; `None` for a CSV file.
    pub blatt: Option<String>,
    /// Whether the workbook hides this sheet (it is read all the same).
    pub versteckt: bool,
    /// What the sheet became.
    pub ergebnis: Ergebnis,
    /// One-based row of the header, when a table was recognised.
    pub kopfzeile: Option<u32>,
    /// Non-empty rows below the header.
    pub zeilen_gelesen: usize,
    /// Rows that became part of the concept.
    pub zeilen_verwendet: usize,
    /// Rows read but not used, with the reason; `gelesen = verwendet + nicht_verwendet`.
    pub zeilen_nicht_verwendet: Vec<NichtVerwendet>,
    /// Columns that belong to no known name.
    pub unbekannte_spalten: Vec<UnbekannteSpalte>,
}

impl BlattBericht {
    /// A sheet that holds no table or could not be read: no rows to account for.
    pub fn ohne_tabelle(blatt: Option<String>, versteckt: bool, ergebnis: Ergebnis) -> Self {
        Self {
            blatt,
            versteckt,
            ergebnis,
            kopfzeile: None,
            zeilen_gelesen: 0,
            zeilen_verwendet: 0,
            zeilen_nicht_verwendet: Vec::new(),
            unbekannte_spalten: Vec::new(),
        }
    }
}

/// What happened to one file of the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateiStatus {
    /// Read; see the sheets.
    Gelesen,
    /// Deliberately not read (lock file, `__MACOSX/`, unknown kind); see `grund`.
    Ignoriert,
    /// Could not be read; see the errors.
    Fehler,
}

/// The account of one file (or zip entry).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DateiBericht {
    /// Path relative to the project, zip entries as `archiv.zip › pfad`.
    pub datei: String,
    /// What happened to it.
    pub status: DateiStatus,
    /// Why it was ignored or failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grund: Option<String>,
    /// Its sheets, in workbook order (one entry for a CSV file).
    pub blaetter: Vec<BlattBericht>,
}

/// The import report: every file and sheet read, every row not used, warnings and errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportBericht {
    /// Every file and zip entry seen, in path order.
    pub dateien: Vec<DateiBericht>,
    /// Problems that stop the build.
    pub fehler: Vec<Meldung>,
    /// Problems that do not stop it.
    pub warnungen: Vec<Meldung>,
}

impl ImportBericht {
    /// The sheets that break "rows read = rows used + rows reported", one line each
    /// (`datei › blatt: gelesen ≠ verwendet + gemeldet`); empty when nothing was dropped.
    pub fn unaccounted_rows(&self) -> Vec<String> {
        self.dateien
            .iter()
            .flat_map(|datei| datei.blaetter.iter().map(move |blatt| (datei, blatt)))
            .filter(|(_, b)| {
                b.zeilen_gelesen != b.zeilen_verwendet + b.zeilen_nicht_verwendet.len()
            })
            .map(|(datei, b)| {
                format!(
                    "{} › {}: {} gelesen ≠ {} verwendet + {} gemeldet",
                    datei.datei,
                    b.blatt.as_deref().unwrap_or("-"),
                    b.zeilen_gelesen,
                    b.zeilen_verwendet,
                    b.zeilen_nicht_verwendet.len()
                )
            })
            .collect()
    }

    /// Records an error.
    pub fn fehler(&mut self, ort: Ort, meldung: impl Into<String>) {
        self.fehler.push(Meldung {
            ort,
            meldung: meldung.into(),
        });
    }

    /// Records a warning.
    pub fn warnung(&mut self, ort: Ort, meldung: impl Into<String>) {
        self.warnungen.push(Meldung {
            ort,
            meldung: meldung.into(),
        });
    }

    /// Whether the input is good enough to build from.
    pub fn ok(&self) -> bool {
        self.fehler.is_empty()
    }

    /// The sheet account for `datei`/`blatt`, if that sheet was reported.
    pub fn blatt_mut(&mut self, datei: &str, blatt: Option<&str>) -> Option<&mut BlattBericht> {
        self.dateien
            .iter_mut()
            .find(|d| d.datei == datei)?
            .blaetter
            .iter_mut()
            .find(|b| b.blatt.as_deref() == blatt)
    }
}

/// A file or folder that could not be written, with the operating system's reason.
#[derive(Debug)]
pub struct Schreibfehler {
    /// What was to be written.
    pub pfad: std::path::PathBuf,
    /// Why not.
    pub err: io::Error,
}

impl fmt::Display for Schreibfehler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} kann nicht geschrieben werden: {}.",
            self.pfad.display(),
            io_grund(&self.err)
        )
    }
}

/// The operating system's error in German, with its own text for the details.
pub fn io_grund(err: &io::Error) -> String {
    let deutsch = match err.kind() {
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
    format!("{deutsch} ({err})")
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
        let ort = Ort {
            datei: "ag/AG Sprache und Bildung.xlsx".into(),
            blatt: Some("Maßnahmen".into()),
            stelle: Stelle::Zelle {
                zeile: 13,
                spalte: 2,
            },
        };
        assert_eq!(
            ort.to_string(),
            "ag/AG Sprache und Bildung.xlsx › Maßnahmen › C14"
        );
        let csv = Ort {
            datei: "teilnehmende/liste.csv".into(),
            blatt: None,
            stelle: Stelle::Zeile(37),
        };
        assert_eq!(csv.to_string(), "teilnehmende/liste.csv › Zeile 37");
    }
}
