//! Workbooks through calamine, from the bytes in memory. xlsx/xlsm and xlsb are read cell by
//! cell (calamine's dense `worksheet_range` would allocate the whole used range, which a tiny
//! file can make astronomically large); xls and ods only offer dense ranges, so they are
//! opened only after a pre-scan has measured those ranges. Hidden sheets are read and
//! marked; chart, dialog and macro sheets are listed as no table.

use std::io::Cursor;

use calamine::{
    CellErrorType, Data, DataRef, Dimensions, ExcelDateTime, Ods, Range, Reader, SheetType,
    SheetVisible, Xls, Xlsb, Xlsx,
};

use super::biff_scan;
use super::compound::Compound;
use super::decode::{Blatt, Gelesen, Inhalt, Meldungen, Unlesbar};
use super::grid::{Raster, Ueberschritten};
use super::ods_scan;
use super::xlsx_merged::Teile;
use super::zip_package::{self, Gezaehlt, Paket, Zaehler};
use super::{Bereich, Wert};
use crate::datum::Datum;
use crate::limits::{self, Limits};
use crate::report::{Meldung, Ort, Stelle};
use crate::sources::Source;

/// A workbook that is a zip package: checked, then read as what it is.
pub fn zip_package(source: &Source, limits: &Limits) -> Result<Gelesen, Unlesbar> {
    let geprueft =
        zip_package::pruefen(&source.bytes, limits).map_err(|b| paket_befund(b, limits))?;
    let zaehler = Zaehler::new(&geprueft);
    let reader = Gezaehlt::new(&source.bytes, &geprueft, &zaehler);
    let gelesen = match geprueft.paket {
        Paket::Xlsx => {
            let teile = Teile::new(&source.bytes, &geprueft, &zaehler);
            xlsx(reader, teile, &zaehler, source, limits)
        }
        Paket::Xlsb => xlsb(reader, source, limits),
        Paket::Ods => ods(reader, source, limits, &geprueft.verbunden),
    };
    if zaehler.erschoepft.get() {
        return Err(Unlesbar::beschaedigt(
            "Arbeitsmappe",
            "Blätter teilen sich ihre Daten; sie würden immer wieder gelesen",
        ));
    }
    gelesen
}

/// A workbook that is a compound file: an xls workbook, or an encrypted xlsx/xlsb.
pub fn compound_file(source: &Source, limits: &Limits) -> Result<Gelesen, Unlesbar> {
    let cfb =
        Compound::open(&source.bytes).map_err(|d| Unlesbar::beschaedigt("Excel-Datei", d.0))?;
    if cfb.hat("EncryptionInfo") || cfb.hat("EncryptedPackage") {
        return Err(Unlesbar::kennwort());
    }
    let stream = match cfb.stream("Workbook") {
        Ok(Some(stream)) => stream,
        Ok(None) => cfb
            .stream("Book")
            .map_err(|d| Unlesbar::beschaedigt("Excel-Datei", d.0))?
            .ok_or_else(|| {
                Unlesbar::new(
                    "keine Arbeitsmappe",
                    "Die Datei ist keine Excel-Arbeitsmappe (vielleicht ein Word-Dokument mit \
                     falscher Endung). Speichern Sie die Tabelle in Excel als .xlsx.",
                )
            })?,
        Err(d) => return Err(Unlesbar::beschaedigt("Excel-Datei", d.0)),
    };
    biff_scan::scan(&stream, limits).map_err(|b| biff_befund(b, limits))?;
    xls(source, limits)
}

/// An xlsx/xlsm workbook; `teile` reads a sheet's part again for its merged regions.
fn xlsx(
    reader: Gezaehlt<'_>,
    mut teile: Teile<'_>,
    zaehler: &Zaehler,
    source: &Source,
    limits: &Limits,
) -> Result<Gelesen, Unlesbar> {
    let mut wb = Xlsx::new(reader).map_err(|e| {
        oeffnen(
            &e,
            matches!(e, calamine::XlsxError::Password),
            "Excel-Arbeitsmappe",
        )
    })?;
    let is_1904 = wb.has_1904_epoch();
    let mut mappe = Mappe::new(source, limits);
    for meta in wb.sheets_metadata().to_vec() {
        mappe.blatt(&meta, |raster, meldungen| {
            zaehler.zuletzt.set(None);
            let part = {
                let mut cells = wb.worksheet_cells_reader(&meta.name).map_err(leser)?;
                let part = zaehler.zuletzt.get();
                streamed(raster, || cells.next_cell(), is_1904, meldungen)?;
                part
            };
            let merged = match part.and_then(|start| teile.regions(start)) {
                Some(merged) => merged,
                None => wb.merge_cells_by_sheet_name(&meta.name).map_err(leser)?,
            };
            Ok(bereiche(&merged))
        });
    }
    Ok(mappe.gelesen)
}

fn xlsb(reader: Gezaehlt<'_>, source: &Source, limits: &Limits) -> Result<Gelesen, Unlesbar> {
    let mut wb = Xlsb::new(reader).map_err(|e| {
        oeffnen(
            &e,
            matches!(e, calamine::XlsbError::Password),
            "Excel-Binärarbeitsmappe",
        )
    })?;
    let is_1904 = wb.has_1904_epoch();
    let mut mappe = Mappe::new(source, limits);
    for meta in wb.sheets_metadata().to_vec() {
        mappe.blatt(&meta, |raster, meldungen| {
            let mut cells = wb.worksheet_cells_reader(&meta.name).map_err(leser)?;
            streamed(raster, || cells.next_cell(), is_1904, meldungen)?;
            Ok(Vec::new())
        });
    }
    Ok(mappe.gelesen)
}

fn xls(source: &Source, limits: &Limits) -> Result<Gelesen, Unlesbar> {
    let mut wb = Xls::new(Cursor::new(source.bytes.as_slice())).map_err(|e| {
        oeffnen(
            &e,
            matches!(e, calamine::XlsError::Password),
            "Excel-97-2003-Arbeitsmappe",
        )
    })?;
    let is_1904 = wb.has_1904_epoch();
    let mut mappe = Mappe::new(source, limits);
    for meta in wb.sheets_metadata().to_vec() {
        mappe.blatt(&meta, |raster, meldungen| {
            let range = wb.worksheet_range(&meta.name).map_err(leser)?;
            dense(raster, &range, is_1904, meldungen)?;
            let merged = wb.merge_cells_by_sheet_name(&meta.name).map_err(leser)?;
            Ok(bereiche(&merged))
        });
    }
    Ok(mappe.gelesen)
}

fn ods(
    reader: Gezaehlt<'_>,
    source: &Source,
    limits: &Limits,
    verbunden: &ods_scan::Verbunden,
) -> Result<Gelesen, Unlesbar> {
    let mut wb: Ods<_> = Ods::new(reader).map_err(|e| {
        oeffnen(
            &e,
            matches!(e, calamine::OdsError::Password),
            "OpenDocument-Tabelle",
        )
    })?;
    let mut mappe = Mappe::new(source, limits);
    for meta in wb.sheets_metadata().to_vec() {
        mappe.blatt(&meta, |raster, meldungen| {
            let range = wb.worksheet_range(&meta.name).map_err(leser)?;
            dense(raster, &range, false, meldungen)?;
            let regions = verbunden
                .iter()
                .find(|(name, _)| *name == meta.name)
                .map(|(_, r)| r.clone());
            Ok(regions.unwrap_or_default())
        });
    }
    Ok(mappe.gelesen)
}

/// The cells of a cell-by-cell reader into the grid (`next` is the reader's `next_cell`).
fn streamed<'a, E: std::fmt::Display>(
    raster: &mut Raster<'_>,
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
    is_1904: bool,
    meldungen: &mut Meldungen,
) -> Result<(), Abbruch> {
    while let Some(cell) = next().map_err(leser)? {
        let (zeile, spalte) = cell.get_position();
        zelle(
            raster,
            zeile,
            spalte,
            roh_ref(cell.get_value()),
            is_1904,
            meldungen,
        )?;
    }
    Ok(())
}

/// The cells of a dense calamine range into the grid.
fn dense(
    raster: &mut Raster<'_>,
    range: &Range<Data>,
    is_1904: bool,
    meldungen: &mut Meldungen,
) -> Result<(), Abbruch> {
    let (top, left) = range.start().unwrap_or_default();
    for (r, c, value) in range.used_cells() {
        let zeile = top.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
        let spalte = left.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
        zelle(raster, zeile, spalte, roh(value), is_1904, meldungen)?;
    }
    Ok(())
}

/// Why reading a sheet stopped.
enum Abbruch {
    /// A limit: the sheet is too large.
    Grenze(Ueberschritten),
    /// calamine failed on the sheet (technical detail).
    Leser(String),
}

impl From<Ueberschritten> for Abbruch {
    fn from(u: Ueberschritten) -> Self {
        Self::Grenze(u)
    }
}

fn leser(err: impl std::fmt::Display) -> Abbruch {
    Abbruch::Leser(err.to_string())
}

/// The sheets of one workbook being read, sharing the file's cell budget.
struct Mappe<'a> {
    source: &'a Source,
    limits: &'a Limits,
    budget: usize,
    gelesen: Gelesen,
}

impl<'a> Mappe<'a> {
    fn new(source: &'a Source, limits: &'a Limits) -> Self {
        Self {
            source,
            limits,
            budget: limits.zellen_je_datei,
            gelesen: Gelesen::default(),
        }
    }

    /// Reads one sheet with `read`, which fills the grid and returns the merged regions.
    fn blatt(
        &mut self,
        meta: &calamine::Sheet,
        read: impl FnOnce(&mut Raster<'_>, &mut Meldungen) -> Result<Vec<Bereich>, Abbruch>,
    ) {
        let versteckt = meta.visible != SheetVisible::Visible;
        let name = Some(meta.name.clone());
        if meta.typ != SheetType::WorkSheet {
            self.gelesen.blaetter.push(Blatt {
                name,
                versteckt,
                inhalt: Inhalt::KeinArbeitsblatt,
            });
            return;
        }
        let ort = Ort {
            datei: self.source.pfad.clone(),
            blatt: name.clone(),
            stelle: Stelle::Ganz,
        };
        let mut raster = Raster::new(ort.clone(), self.limits, &mut self.budget);
        let inhalt = match read(&mut raster, &mut self.gelesen.meldungen) {
            Ok(verbunden) => Inhalt::Gelesen(raster.fertig(versteckt, &verbunden)),
            Err(abbruch) => {
                let meldung = match abbruch {
                    Abbruch::Grenze(Ueberschritten(text)) => text,
                    Abbruch::Leser(detail) => format!(
                        "Das Blatt kann nicht gelesen werden, es ist vermutlich beschädigt \
                         ({detail}). Öffnen Sie die Datei in Excel oder LibreOffice und speichern \
                         Sie sie neu."
                    ),
                };
                self.gelesen.meldungen.fehler.push(Meldung { ort, meldung });
                Inhalt::Fehler
            }
        };
        self.gelesen.blaetter.push(Blatt {
            name,
            versteckt,
            inhalt,
        });
    }
}

/// A cell value as calamine delivers it, borrowed.
enum Roh<'a> {
    Leer,
    Text(&'a str),
    Zahl(f64),
    Wahrheit(bool),
    Serie(ExcelDateTime),
    Iso(&'a str),
    Dauer(&'a str),
    Fehler(&'a CellErrorType),
}

fn roh_ref<'a>(value: &'a DataRef<'_>) -> Roh<'a> {
    match value {
        DataRef::Empty => Roh::Leer,
        DataRef::String(s) => Roh::Text(s),
        DataRef::SharedString(s) => Roh::Text(s),
        DataRef::Int(i) => Roh::Zahl(*i as f64),
        DataRef::Float(f) => Roh::Zahl(*f),
        DataRef::Bool(b) => Roh::Wahrheit(*b),
        DataRef::DateTime(dt) => Roh::Serie(*dt),
        DataRef::DateTimeIso(s) => Roh::Iso(s),
        DataRef::DurationIso(s) => Roh::Dauer(s),
        DataRef::Error(e) => Roh::Fehler(e),
    }
}

fn roh(value: &Data) -> Roh<'_> {
    match value {
        Data::Empty => Roh::Leer,
        Data::String(s) => Roh::Text(s),
        Data::Int(i) => Roh::Zahl(*i as f64),
        Data::Float(f) => Roh::Zahl(*f),
        Data::Bool(b) => Roh::Wahrheit(*b),
        Data::DateTime(dt) => Roh::Serie(*dt),
        Data::DateTimeIso(s) => Roh::Iso(s),
        Data::DurationIso(s) => Roh::Dauer(s),
        Data::Error(e) => Roh::Fehler(e),
    }
}

/// Puts one value into the grid.
fn zelle(
    raster: &mut Raster<'_>,
    zeile: u32,
    spalte: u32,
    roh: Roh<'_>,
    is_1904: bool,
    meldungen: &mut Meldungen,
) -> Result<(), Ueberschritten> {
    let stelle = Stelle::Zelle { zeile, spalte };
    let wert = match roh {
        Roh::Leer => return Ok(()),
        Roh::Text(text) => return raster.text(zeile, spalte, stelle, text, meldungen),
        Roh::Zahl(v) if v.is_finite() => Wert::Zahl(v),
        Roh::Zahl(_) => Wert::Fehler("#NUM!".to_owned()),
        Roh::Wahrheit(b) => Wert::Wahrheit(b),
        Roh::Serie(dt) => serienwert(&dt, is_1904),
        Roh::Iso(text) => match Datum::parse_iso(text) {
            Some(datum) => Wert::Datum(datum),
            None => return raster.text(zeile, spalte, stelle, text, meldungen),
        },
        Roh::Dauer(text) => match iso_dauer(text) {
            Some(dauer) => Wert::Text(dauer),
            None => return raster.text(zeile, spalte, stelle, text, meldungen),
        },
        Roh::Fehler(e) => Wert::Fehler(fehlerwert(e).to_owned()),
    };
    raster.wert(zeile, spalte, wert)
}

/// A cell with a date or time format. A date (serial ≥ 1) becomes a [`Datum`] (a time of
/// day on it is cut off); a pure time of day or a duration becomes the text Excel shows
/// for it (`14:30`, `36:15`, with seconds only when there are any); anything else stays
/// a number.
fn serienwert(dt: &ExcelDateTime, is_1904: bool) -> Wert {
    let v = dt.as_f64();
    if dt.is_datetime() && v >= 1.0 {
        return Datum::from_excel_serial(v, is_1904).map_or(Wert::Zahl(v), Wert::Datum);
    }
    if v.is_finite() && v >= 0.0 {
        Wert::Text(uhrzeit(v * 86_400.0))
    } else {
        Wert::Zahl(v)
    }
}

/// Seconds as `H:MM` or `H:MM:SS` (hours not wrapped at 24).
fn uhrzeit(seconds: f64) -> String {
    let total = seconds.round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if s == 0 {
        format!("{h}:{m:02}")
    } else {
        format!("{h}:{m:02}:{s:02}")
    }
}

/// An ISO 8601 duration of an ODS time cell (`PT14H30M00S`) as `14:30`.
fn iso_dauer(text: &str) -> Option<String> {
    let rest = text.strip_prefix("PT")?;
    let mut seconds = 0.0;
    let mut number = String::new();
    for ch in rest.chars() {
        match ch {
            '0'..='9' | '.' | ',' => number.push(if ch == ',' { '.' } else { ch }),
            'H' | 'M' | 'S' => {
                let value: f64 = number.parse().ok()?;
                seconds += value
                    * match ch {
                        'H' => 3600.0,
                        'M' => 60.0,
                        _ => 1.0,
                    };
                number.clear();
            }
            _ => return None,
        }
    }
    number.is_empty().then(|| uhrzeit(seconds))
}

/// Excel's (English) spelling of an error value.
fn fehlerwert(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#GETTING_DATA",
    }
}

/// Merged regions from calamine's dimensions.
fn bereiche(merged: &[Dimensions]) -> Vec<Bereich> {
    merged
        .iter()
        .map(|d| Bereich {
            start: (d.start.0.min(d.end.0), d.start.1.min(d.end.1)),
            ende: (d.start.0.max(d.end.0), d.start.1.max(d.end.1)),
        })
        .collect()
}

/// The error for a workbook calamine cannot open.
fn oeffnen(err: &dyn std::fmt::Display, kennwort: bool, art: &str) -> Unlesbar {
    if kennwort {
        Unlesbar::kennwort()
    } else {
        Unlesbar::beschaedigt(art, err)
    }
}

/// The error for a zip package the check refused.
fn paket_befund(befund: zip_package::Befund, limits: &Limits) -> Unlesbar {
    match befund {
        zip_package::Befund::Verschluesselt => Unlesbar::kennwort(),
        zip_package::Befund::ZuGross { bytes } => Unlesbar::new(
            "zu groß",
            format!(
                "Die Arbeitsmappe entpackt sich auf {} (erlaubt sind höchstens {}) und wird nicht \
                 gelesen. Entfernen Sie Bilder und nicht benötigte Blätter oder teilen Sie die \
                 Daten auf mehrere Dateien auf.",
                limits::groesse(bytes),
                limits::groesse(limits.archiv_bytes)
            ),
        ),
        zip_package::Befund::ZuVieleTeile { teile } => Unlesbar::beschaedigt(
            "Arbeitsmappe",
            format!("{} Teile im Zip-Paket", limits::anzahl(teile as u64)),
        ),
        zip_package::Befund::KeinPaket => Unlesbar::new(
            "keine Arbeitsmappe",
            "Die Datei ist ein Zip-Archiv, aber keine Arbeitsmappe. Geben Sie einem Zip-Archiv \
             die Endung .zip oder speichern Sie die Tabelle in Excel als .xlsx.",
        ),
        zip_package::Befund::Ods(befund) => ods_befund(befund, limits),
        zip_package::Befund::Defekt(detail) => Unlesbar::beschaedigt("Arbeitsmappe", detail),
    }
}

fn ods_befund(befund: ods_scan::Befund, limits: &Limits) -> Unlesbar {
    match befund {
        ods_scan::Befund::BlattZuGross { blatt, zellen } => {
            zu_gross(Some(blatt), zellen, limits.zellen)
        }
        ods_scan::Befund::DateiZuGross { zellen } => zu_gross(None, zellen, limits.zellen_je_datei),
        ods_scan::Befund::TextZuLang {
            blatt,
            zeile,
            spalte,
        } => Unlesbar {
            kurz: "Text zu lang".to_owned(),
            meldung: format!(
                "Eine Zelle (Zeile {}, Spalte {}) enthält einen Text von über {} Zeichen; die \
                 Datei wird nicht gelesen. Kürzen Sie den Text.",
                limits::anzahl(zeile + 1),
                limits::anzahl(spalte + 1),
                limits::anzahl(limits.zeichen_je_zelle as u64)
            ),
            blatt: Some(blatt),
        },
        ods_scan::Befund::TextMenge { bytes } => Unlesbar::new(
            "zu groß",
            format!(
                "Die Texte der Tabelle ergeben zusammen über {} und werden nicht gelesen. Teilen \
                 Sie die Daten auf mehrere Dateien auf.",
                limits::groesse(bytes)
            ),
        ),
        ods_scan::Befund::Defekt(detail) => Unlesbar::beschaedigt("OpenDocument-Tabelle", detail),
    }
}

fn biff_befund(befund: biff_scan::Befund, limits: &Limits) -> Unlesbar {
    match befund {
        biff_scan::Befund::Verschluesselt => Unlesbar::kennwort(),
        biff_scan::Befund::BlattZuGross { blatt, zellen } => {
            zu_gross(Some(blatt), zellen, limits.zellen)
        }
        biff_scan::Befund::DateiZuGross { zellen } => {
            zu_gross(None, zellen, limits.zellen_je_datei)
        }
        biff_scan::Befund::Defekt(detail) => {
            Unlesbar::beschaedigt("Excel-97-2003-Arbeitsmappe", detail)
        }
    }
}

/// A workbook whose used range would need more cells than allowed.
fn zu_gross(blatt: Option<String>, zellen: u64, grenze: usize) -> Unlesbar {
    let wo = if blatt.is_some() {
        "Der benutzte Bereich des Blatts"
    } else {
        "Die benutzten Bereiche aller Blätter"
    };
    Unlesbar {
        kurz: "benutzter Bereich zu groß".to_owned(),
        meldung: format!(
            "{wo} umfasst {} Zellen (erlaubt sind höchstens {}); die Datei wird nicht gelesen. \
             Meist stehen weit unterhalb oder rechts der Tabelle vergessene Inhalte: Löschen Sie \
             dort alle Zeilen und Spalten und speichern Sie die Datei erneut.",
            limits::anzahl(zellen),
            limits::anzahl(grenze as u64)
        ),
        blatt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_times_and_durations_from_serials() {
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        let datum = ExcelDateTime::new(39_493.0, DateTime, false);
        assert_eq!(
            serienwert(&datum, false),
            Wert::Datum(Datum::new(2008, 2, 15).unwrap())
        );
        let mac = ExcelDateTime::new(38_031.75, DateTime, true);
        assert_eq!(
            serienwert(&mac, true),
            Wert::Datum(Datum::new(2008, 2, 15).unwrap())
        );
        let zeit = ExcelDateTime::new(0.604_166_666_7, DateTime, false);
        assert_eq!(serienwert(&zeit, false), Wert::Text("14:30".into()));
        let dauer = ExcelDateTime::new(10.632_060_185_185_2, TimeDelta, false);
        assert_eq!(serienwert(&dauer, false), Wert::Text("255:10:10".into()));
        let negativ = ExcelDateTime::new(-3.0, DateTime, false);
        assert_eq!(serienwert(&negativ, false), Wert::Zahl(-3.0));
    }

    #[test]
    fn ods_durations() {
        assert_eq!(iso_dauer("PT14H30M00S"), Some("14:30".into()));
        assert_eq!(iso_dauer("PT36H15M10.4S"), Some("36:15:10".into()));
        assert_eq!(iso_dauer("P1DT2H"), None);
    }

    #[test]
    fn error_values_in_excel_spelling() {
        assert_eq!(fehlerwert(&CellErrorType::Div0), "#DIV/0!");
        assert_eq!(fehlerwert(&CellErrorType::NA), "#N/A");
        assert_eq!(fehlerwert(&CellErrorType::GettingData), "#GETTING_DATA");
    }
}
