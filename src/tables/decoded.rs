//! What decoding one file yields: its sheets (read, not a worksheet, or failed) with the
//! messages about them, or why the file cannot be read at all. The readers return these and
//! `decode` dispatches to the readers, so the types live here, apart from both.

use super::sheet::Sheet;
use crate::report::{NonWorksheet, Problem};

/// Warnings and errors collected while decoding one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Messages {
    /// Problems that stop the build.
    pub errors: Vec<Problem>,
    /// Problems that do not.
    pub warnings: Vec<Problem>,
}

/// A file that could be opened: its sheets and the messages about them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct DecodedFile {
    /// Every sheet, in workbook order.
    pub sheets: Vec<DecodedSheet>,
    /// Messages about cells and sheets.
    pub messages: Messages,
}

/// One sheet of a file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DecodedSheet {
    /// Its name (`None` for CSV).
    pub name: Option<String>,
    /// Whether the workbook hides it.
    pub hidden: bool,
    /// What became of it.
    pub content: Content,
}

/// What became of one sheet.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Content {
    /// Read.
    Decoded(Sheet),
    /// A chart, dialog or macro sheet or a VBA module: no cells to read.
    NotAWorksheet(NonWorksheet),
    /// Could not be read; the error is among the messages.
    Error,
}

/// A sheet a pre-scan took out of a workbook's sheet list before calamine read it, because
/// calamine refuses the whole file for it (see [`super::xlsx_sheets`], [`super::xlsb_sheets`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SetAside {
    /// Its place in the workbook's sheet list, counted from 0 over all sheets.
    pub position: usize,
    /// Its name.
    pub name: String,
    /// Whether the workbook hides it.
    pub hidden: bool,
    /// What it is.
    pub kind: NonWorksheet,
}

/// A file that cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unreadable {
    /// A short reason for the file's report line.
    pub short: String,
    /// The message: what is wrong and what would fix it.
    pub message: String,
    /// The sheet concerned, if the problem is one sheet's.
    pub sheet: Option<String>,
    /// The reader's own words, kept apart from the German message.
    pub detail: Option<String>,
}

impl Unreadable {
    /// A file-wide problem.
    pub(crate) fn new(short: &str, message: impl Into<String>) -> Self {
        Self {
            short: short.to_owned(),
            message: message.into(),
            sheet: None,
            detail: None,
        }
    }

    /// A password-protected or encrypted file.
    pub(crate) fn password_protected() -> Self {
        Self::new(
            "mit Kennwort geschützt",
            "Die Datei ist mit einem Kennwort geschützt oder verschlüsselt (auch ein \
             Schreibschutz kann die Datei verschlüsseln) und kann nicht gelesen werden. \
             Speichern Sie die Datei ohne Kennwort: in Excel unter „Datei › Informationen › \
             Arbeitsmappe schützen › Mit Kennwort verschlüsseln“ das Kennwort löschen, in \
             LibreOffice mit „Speichern unter“ ohne „Mit Kennwort speichern“.",
        )
    }

    /// A damaged file, with the reader's words as the technical detail.
    pub(crate) fn damaged(kind: &str, detail: impl std::fmt::Display) -> Self {
        Self {
            detail: Some(detail.to_string()),
            ..Self::new(
                "beschädigt",
                format!(
                    "Die Datei ist beschädigt oder keine gültige {kind} und kann nicht gelesen \
                     werden. Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie neu."
                ),
            )
        }
    }

    /// A workbook in the format of Excel 2.x to 4.0, which no reader here understands.
    pub(crate) fn old_excel(version: &str) -> Self {
        Self::new(
            "sehr altes Excel-Format",
            format!(
                "Die Datei ist im sehr alten Format von Excel {version} gespeichert (aus der \
                 Zeit vor 1993), das ratsvorlage nicht lesen kann. Öffnen Sie sie in Excel oder \
                 LibreOffice und speichern Sie sie als .xlsx."
            ),
        )
    }

    /// A file in a form the reader does not understand although nothing in it is broken:
    /// written by a program whose files of this kind cannot be read (`program`, if the
    /// file names it), with the reader's words as the technical detail.
    pub(crate) fn unsupported_writer(
        program: Option<&str>,
        detail: impl std::fmt::Display,
    ) -> Self {
        let by = program.map_or_else(String::new, |p| format!(" („{p}“)"));
        Self {
            detail: Some(detail.to_string()),
            ..Self::new(
                "von einem nicht unterstützten Programm gespeichert",
                format!(
                    "Die Datei wurde mit einem Programm{by} gespeichert, dessen Dateien \
                     ratsvorlage in dieser Form nicht lesen kann. Öffnen Sie sie in Excel oder \
                     LibreOffice und speichern Sie sie als .xlsx."
                ),
            )
        }
    }

    /// A reader that failed unexpectedly (a panic inside it).
    pub(super) fn internal(detail: String) -> Self {
        Self {
            detail: Some(format!("interner Lesefehler: {detail}")),
            ..Self::new(
                "beschädigt",
                "Die Datei kann nicht gelesen werden: Sie ist vermutlich beschädigt. Öffnen Sie \
                 sie in Excel oder LibreOffice und speichern Sie sie neu.",
            )
        }
    }
}
