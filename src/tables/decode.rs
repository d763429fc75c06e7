//! Decoding: one source's bytes into sheets of cell values, within the limits. The content
//! decides how a file is read (a `.xls` that is really an xlsx is read as xlsx); every
//! workbook is checked before calamine opens it (see [`super::zip_package`],
//! [`super::compound`], [`super::biff_scan`]), and a panic inside a reader becomes an error
//! for that file. Each sheet gets a line in the file's report entry.

use std::panic::{self, AssertUnwindSafe};

use super::{Sheet, csv_text, workbook};
use crate::limits::Limits;
use crate::report::{
    BlattBericht, DateiBericht, DateiStatus, Ergebnis, ImportBericht, Meldung, Ort,
};
use crate::sources::{Format, Source};

/// The sheets of one source; problems are reported and the sheets that could be read returned.
pub fn sheets(source: &Source, limits: &Limits, bericht: &mut ImportBericht) -> Vec<Sheet> {
    let gelesen = panic::catch_unwind(AssertUnwindSafe(|| read(source, limits)))
        .unwrap_or_else(|panic| Err(Unlesbar::intern(panic_text(&panic))));
    let datei = datei_bericht(bericht, &source.pfad);
    match gelesen {
        Ok(gelesen) => {
            let mut sheets = Vec::new();
            for blatt in gelesen.blaetter {
                let ergebnis = match blatt.inhalt {
                    Inhalt::Gelesen(sheet) => {
                        sheets.push(sheet);
                        Ergebnis::KeineTabelle
                    }
                    Inhalt::KeinArbeitsblatt => Ergebnis::KeineTabelle,
                    Inhalt::Fehler => Ergebnis::Fehler,
                };
                datei.blaetter.push(BlattBericht::ohne_tabelle(
                    blatt.name,
                    blatt.versteckt,
                    ergebnis,
                ));
            }
            bericht.fehler.extend(gelesen.meldungen.fehler);
            bericht.warnungen.extend(gelesen.meldungen.warnungen);
            sheets
        }
        Err(unlesbar) => {
            datei.status = DateiStatus::Fehler;
            datei.grund = Some(unlesbar.kurz);
            let ort = Ort {
                datei: source.pfad.clone(),
                blatt: unlesbar.blatt,
                stelle: crate::report::Stelle::Ganz,
            };
            bericht.fehler(ort, unlesbar.meldung);
            Vec::new()
        }
    }
}

/// Warnings and errors collected while decoding one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Meldungen {
    /// Problems that stop the build.
    pub fehler: Vec<Meldung>,
    /// Problems that do not.
    pub warnungen: Vec<Meldung>,
}

/// A file that could be opened: its sheets and the messages about them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Gelesen {
    /// Every sheet, in workbook order.
    pub blaetter: Vec<Blatt>,
    /// Messages about cells and sheets.
    pub meldungen: Meldungen,
}

/// One sheet of a file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Blatt {
    /// Its name (`None` for CSV).
    pub name: Option<String>,
    /// Whether the workbook hides it.
    pub versteckt: bool,
    /// What became of it.
    pub inhalt: Inhalt,
}

/// What became of one sheet.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Inhalt {
    /// Read.
    Gelesen(Sheet),
    /// A chart, dialog or macro sheet or a VBA module: no cells to read, reported as no table.
    KeinArbeitsblatt,
    /// Could not be read; the error is among the messages.
    Fehler,
}

/// A file that cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unlesbar {
    /// A short reason for the file's report line.
    pub kurz: String,
    /// The message: what is wrong and what would fix it.
    pub meldung: String,
    /// The sheet concerned, if the problem is one sheet's.
    pub blatt: Option<String>,
}

impl Unlesbar {
    /// A file-wide problem.
    pub(crate) fn new(kurz: &str, meldung: impl Into<String>) -> Self {
        Self {
            kurz: kurz.to_owned(),
            meldung: meldung.into(),
            blatt: None,
        }
    }

    /// A password-protected or encrypted file.
    pub(crate) fn kennwort() -> Self {
        Self::new(
            "mit Kennwort geschützt",
            "Die Datei ist mit einem Kennwort geschützt oder verschlüsselt (auch ein \
             Schreibschutz kann die Datei verschlüsseln) und kann nicht gelesen werden. \
             Speichern Sie die Datei ohne Kennwort: in Excel unter „Datei › Informationen › \
             Arbeitsmappe schützen › Mit Kennwort verschlüsseln“ das Kennwort löschen, in \
             LibreOffice mit „Speichern unter“ ohne „Mit Kennwort speichern“.",
        )
    }

    /// A damaged file, with the technical detail in parentheses.
    pub(crate) fn beschaedigt(art: &str, detail: impl std::fmt::Display) -> Self {
        Self::new(
            "beschädigt",
            format!(
                "Die Datei ist beschädigt oder keine gültige {art} und kann nicht gelesen werden \
                 ({detail}). Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie neu."
            ),
        )
    }

    /// A reader that failed unexpectedly (a panic inside it).
    fn intern(detail: String) -> Self {
        Self::new(
            "beschädigt",
            format!(
                "Die Datei kann nicht gelesen werden: Sie ist vermutlich beschädigt (interner \
                 Lesefehler: {detail}). Öffnen Sie sie in Excel oder LibreOffice und speichern \
                 Sie sie neu."
            ),
        )
    }
}

/// Decodes one source by what its content is.
fn read(source: &Source, limits: &Limits) -> Result<Gelesen, Unlesbar> {
    let bytes = source.bytes.as_slice();
    if bytes.is_empty() {
        return Err(Unlesbar::new(
            "leer",
            "Die Datei ist leer (0 Byte). Speichern Sie sie erneut oder entfernen Sie sie.",
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return workbook::zip_package(source, limits);
    }
    if bytes.starts_with(&super::compound::SIGNATUR) {
        return workbook::compound_file(source, limits);
    }
    if source.format == Format::Csv {
        return csv_text::read(source, limits);
    }
    text_as_csv(source, limits)
}

/// A workbook extension on content that is neither a zip package nor a compound file:
/// plain text (some programs export tab-separated text as `.xls`) is read as CSV with a
/// warning; a web or XML page, or binary content, cannot be read.
fn text_as_csv(source: &Source, limits: &Limits) -> Result<Gelesen, Unlesbar> {
    let head = source.bytes.get(..8192).unwrap_or(&source.bytes);
    let start = String::from_utf8_lossy(head)
        .trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n'])
        .to_lowercase();
    if start.starts_with('<') {
        return Err(Unlesbar::new(
            "keine echte Arbeitsmappe",
            "Die Datei ist eine Web- oder XML-Seite mit der Endung einer Arbeitsmappe. Öffnen \
             Sie sie in Excel oder LibreOffice und speichern Sie sie als .xlsx.",
        ));
    }
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    let binary = control * 100 > head.len();
    if binary && !head.starts_with(&[0xFF, 0xFE]) && !head.starts_with(&[0xFE, 0xFF]) {
        return Err(Unlesbar::beschaedigt(
            "Arbeitsmappe",
            "unbekanntes Dateiformat",
        ));
    }
    let mut gelesen = csv_text::read(source, limits)?;
    gelesen.meldungen.warnungen.push(Meldung {
        ort: Ort::datei(source.pfad.clone()),
        meldung: "Die Datei hat die Endung einer Arbeitsmappe, enthält aber Text mit \
                  Trennzeichen; sie wird als CSV gelesen. Speichern Sie sie besser als .xlsx \
                  oder .csv."
            .to_owned(),
    });
    Ok(gelesen)
}

/// The report entry of a file, created if decoding runs without `sources::collect`.
fn datei_bericht<'a>(bericht: &'a mut ImportBericht, pfad: &str) -> &'a mut DateiBericht {
    let index = match bericht.dateien.iter().position(|d| d.datei == pfad) {
        Some(index) => index,
        None => {
            bericht.dateien.push(DateiBericht {
                datei: pfad.to_owned(),
                status: DateiStatus::Gelesen,
                grund: None,
                blaetter: Vec::new(),
            });
            bericht.dateien.len() - 1
        }
    };
    &mut bericht.dateien[index]
}

/// The message of a caught panic.
fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unbekannt".to_owned())
}
