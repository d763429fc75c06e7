//! Workbooks through calamine, from the bytes in memory. xlsx/xlsm and xlsb are read cell by
//! cell (calamine's dense `worksheet_range` would allocate the whole used range, which a tiny
//! file can make astronomically large); xls and ods only offer dense ranges, so they are
//! opened only after a pre-scan has measured those ranges. Hidden sheets are read and
//! marked; chart, dialog and macro sheets are listed as no worksheet. A package the check
//! found a repair for is rebuilt first and read as rebuilt.

use std::io::Cursor;

use calamine::{
    CellErrorType, Data, DataRef, Dimensions, ExcelDateTime, Ods, Range, Reader, SheetType,
    SheetVisible, Xls, Xlsb, Xlsx,
};

use super::biff_scan;
use super::compound::Compound;
use super::decoded::{Content, DecodedFile, DecodedSheet, Messages, SetAside, Unreadable};
use super::grid::{Grid, LimitExceeded};
use super::ods_scan;
use super::repack::{self, RepackError};
use super::sheet::{Region, Value};
use super::xlsx_merged::PartReader;
use super::zip_package::{self, CheckedPackage, Counter, CountingReader, PackageKind};
use crate::date::Date;
use crate::german;
use crate::limits::Limits;
use crate::report::{NonWorksheet, Place, Position, Problem};
use crate::sources::Source;

/// A workbook that is a zip package: checked, rebuilt if the check found a repair (and
/// checked again), then read as what it is.
pub(super) fn zip_package(source: &Source, limits: &Limits) -> Result<DecodedFile, Unreadable> {
    let mut checked =
        zip_package::check(&source.bytes, limits).map_err(|b| package_error(b, limits))?;
    let mut repair = std::mem::take(&mut checked.repair);
    if repair.changes.is_empty() {
        let read = read_package(&source.bytes, &checked, Vec::new(), source, limits);
        match read {
            Err(refused) if checked.package == PackageKind::Xlsx => {
                match zip_package::xlsx_sheet_list_repair(&source.bytes, limits) {
                    Some(sheet_list) => repair = sheet_list,
                    None => return Err(refused),
                }
            }
            read => return read,
        }
    }
    // The rebuilt package may hold a file's worth more than the file: room for a part that
    // deflates worse when written anew, never more.
    let bound = (source.bytes.len() as u64).saturating_add(limits.file_bytes);
    let repaired = repack::repack(&source.bytes, repair.changes, bound).map_err(|e| match e {
        RepackError::TooLarge => Unreadable::new(
            "zu groß",
            format!(
                "Die Arbeitsmappe wird beim Einlesen größer als {} und wird nicht gelesen. \
                 Teilen Sie die Daten auf mehrere Dateien auf.",
                german::size_text(bound)
            ),
        ),
        RepackError::Failed(detail) => Unreadable::damaged("Arbeitsmappe", detail),
    })?;
    let checked = zip_package::check(&repaired, limits).map_err(|b| package_error(b, limits))?;
    read_package(&repaired, &checked, repair.set_aside, source, limits)
}

/// Reads a checked package (`bytes`: the file's, or as rebuilt); `set_aside` are the sheets
/// the rebuild left out of its sheet list.
fn read_package(
    bytes: &[u8],
    checked: &CheckedPackage,
    set_aside: Vec<SetAside>,
    source: &Source,
    limits: &Limits,
) -> Result<DecodedFile, Unreadable> {
    let counter = Counter::new(checked);
    let reader = CountingReader::new(bytes, checked, &counter);
    let book = Book::new(source, limits, set_aside);
    let program = || zip_package::program(bytes);
    let loaded = match checked.package {
        PackageKind::Xlsx => {
            let parts = PartReader::new(bytes, checked, &counter);
            xlsx(reader, parts, &counter, book, program)
        }
        PackageKind::Xlsb => xlsb(reader, book, program),
        PackageKind::Ods => ods(reader, book, &checked.merged, program),
    };
    if counter.exhausted.get() {
        return Err(Unreadable::damaged(
            "Arbeitsmappe",
            "Blätter teilen sich ihre Daten; sie würden immer wieder gelesen",
        ));
    }
    loaded
}

/// A workbook that is a compound file: an xls workbook, or an encrypted xlsx/xlsb.
pub(super) fn compound_file(source: &Source, limits: &Limits) -> Result<DecodedFile, Unreadable> {
    let cfb = Compound::open(&source.bytes).map_err(|d| Unreadable::damaged("Excel-Datei", d.0))?;
    if cfb.has("EncryptionInfo") || cfb.has("EncryptedPackage") {
        return Err(Unreadable::password_protected());
    }
    let stream = match cfb.stream("Workbook") {
        Ok(Some(stream)) => stream,
        Ok(None) => cfb
            .stream("Book")
            .map_err(|d| Unreadable::damaged("Excel-Datei", d.0))?
            .ok_or_else(|| {
                Unreadable::new(
                    "keine Arbeitsmappe",
                    "Die Datei ist keine Excel-Arbeitsmappe (vielleicht ein Word-Dokument mit \
                     falscher Endung). Speichern Sie die Tabelle in Excel als .xlsx.",
                )
            })?,
        Err(d) => return Err(Unreadable::damaged("Excel-Datei", d.0)),
    };
    biff_scan::scan(&stream, limits).map_err(|b| biff_error(b, limits))?;
    xls(source, limits, &cfb)
}

/// An xlsx/xlsm workbook; `parts` reads a sheet's part again for its merged regions.
fn xlsx(
    reader: CountingReader<'_>,
    mut parts: PartReader<'_>,
    counter: &Counter,
    mut book: Book<'_>,
    program: impl FnOnce() -> Option<String>,
) -> Result<DecodedFile, Unreadable> {
    let mut wb = Xlsx::new(reader).map_err(|e| {
        use calamine::XlsxError as E;
        open_error(
            &e,
            "Excel-Arbeitsmappe",
            program,
            match e {
                E::Password => Failure::Password,
                E::Unrecognized { .. } => Failure::Unknown,
                _ => Failure::Damage,
            },
        )
    })?;
    let is_1904 = wb.has_1904_epoch();
    for meta in wb.sheets_metadata().to_vec() {
        book.sheet(&meta, |grid, messages| {
            counter.last_opened.set(None);
            let part = {
                let mut cells = wb
                    .worksheet_cells_reader(&meta.name)
                    .map_err(reader_error)?;
                let part = counter.last_opened.get();
                streamed(grid, || cells.next_cell(), is_1904, messages)?;
                part
            };
            if !grid.has_gap() {
                // No region could show its value anywhere: the part is not read again.
                return Ok(Vec::new());
            }
            let merged = match part.and_then(|start| parts.regions(start)) {
                Some(merged) => merged,
                None => wb
                    .merge_cells_by_sheet_name(&meta.name)
                    .map_err(reader_error)?,
            };
            Ok(to_regions(&merged))
        });
    }
    Ok(book.finish())
}

fn xlsb(
    reader: CountingReader<'_>,
    mut book: Book<'_>,
    program: impl FnOnce() -> Option<String>,
) -> Result<DecodedFile, Unreadable> {
    let mut wb = Xlsb::new(reader).map_err(|e| {
        use calamine::XlsbError as E;
        open_error(
            &e,
            "Excel-Binärarbeitsmappe",
            program,
            match e {
                E::Password => Failure::Password,
                E::Unrecognized { .. } | E::UnsupportedType(_) => Failure::Unknown,
                _ => Failure::Damage,
            },
        )
    })?;
    let is_1904 = wb.has_1904_epoch();
    for meta in wb.sheets_metadata().to_vec() {
        book.sheet(&meta, |grid, messages| {
            let mut cells = wb
                .worksheet_cells_reader(&meta.name)
                .map_err(reader_error)?;
            streamed(grid, || cells.next_cell(), is_1904, messages)?;
            Ok(Vec::new())
        });
    }
    Ok(book.finish())
}

/// An xls workbook; `cfb` is its compound file, which may name the program that wrote it.
fn xls(source: &Source, limits: &Limits, cfb: &Compound<'_>) -> Result<DecodedFile, Unreadable> {
    let mut wb = Xls::new(Cursor::new(source.bytes.as_slice())).map_err(|e| {
        // A compound file written by another program than Excel (Microsoft Graph, …) holds
        // a workbook stream of that program's own, which calamine cannot make sense of.
        let program = cfb.program();
        let failure = match e {
            calamine::XlsError::Password => Failure::Password,
            _ if program.as_deref().is_some_and(|p| !p.contains("Excel")) => Failure::Unknown,
            _ => Failure::Damage,
        };
        open_error(&e, "Excel-97-2003-Arbeitsmappe", || program, failure)
    })?;
    let is_1904 = wb.has_1904_epoch();
    let mut book = Book::new(source, limits, Vec::new());
    for meta in wb.sheets_metadata().to_vec() {
        book.sheet(&meta, |grid, messages| {
            let range = wb.worksheet_range(&meta.name).map_err(reader_error)?;
            dense(grid, &range, is_1904, messages)?;
            let merged = wb
                .merge_cells_by_sheet_name(&meta.name)
                .map_err(reader_error)?;
            Ok(to_regions(&merged))
        });
    }
    Ok(book.finish())
}

fn ods(
    reader: CountingReader<'_>,
    mut book: Book<'_>,
    merged: &ods_scan::MergedRegions,
    program: impl FnOnce() -> Option<String>,
) -> Result<DecodedFile, Unreadable> {
    let mut wb: Ods<_> = Ods::new(reader).map_err(|e| {
        use calamine::OdsError as E;
        open_error(
            &e,
            "OpenDocument-Tabelle",
            program,
            match e {
                E::Password => Failure::Password,
                E::Mismatch { .. } => Failure::Unknown,
                _ => Failure::Damage,
            },
        )
    })?;
    for meta in wb.sheets_metadata().to_vec() {
        book.sheet(&meta, |grid, messages| {
            let range = wb.worksheet_range(&meta.name).map_err(reader_error)?;
            dense(grid, &range, false, messages)?;
            let regions = merged
                .iter()
                .find(|(name, _)| *name == meta.name)
                .map(|(_, r)| r.clone());
            Ok(regions.unwrap_or_default())
        });
    }
    Ok(book.finish())
}

/// The cells of a cell-by-cell reader into the grid (`next` is the reader's `next_cell`).
fn streamed<'a, E: std::fmt::Display>(
    grid: &mut Grid<'_>,
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
    is_1904: bool,
    messages: &mut Messages,
) -> Result<(), ReadStop> {
    while let Some(cell) = next().map_err(reader_error)? {
        let (row, column) = cell.get_position();
        add_cell(
            grid,
            row,
            column,
            raw_ref(cell.get_value()),
            is_1904,
            messages,
        )?;
    }
    Ok(())
}

/// The cells of a dense calamine range into the grid.
fn dense(
    grid: &mut Grid<'_>,
    range: &Range<Data>,
    is_1904: bool,
    messages: &mut Messages,
) -> Result<(), ReadStop> {
    let (top, left) = range.start().unwrap_or_default();
    for (r, c, value) in range.used_cells() {
        let row = top.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
        let column = left.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
        add_cell(grid, row, column, raw(value), is_1904, messages)?;
    }
    Ok(())
}

/// Why reading a sheet stopped.
enum ReadStop {
    /// A limit: the sheet is too large.
    Limit(LimitExceeded),
    /// calamine failed on the sheet (technical detail).
    ReaderFailed(String),
}

impl From<LimitExceeded> for ReadStop {
    fn from(u: LimitExceeded) -> Self {
        Self::Limit(u)
    }
}

fn reader_error(err: impl std::fmt::Display) -> ReadStop {
    ReadStop::ReaderFailed(err.to_string())
}

/// The sheets of one workbook being read, sharing the file's cell budget.
struct Book<'a> {
    source: &'a Source,
    limits: &'a Limits,
    budget: usize,
    loaded: DecodedFile,
    /// Sheets left out of the sheet list calamine reads, by their place in the whole list.
    set_aside: std::iter::Peekable<std::vec::IntoIter<SetAside>>,
}

impl<'a> Book<'a> {
    fn new(source: &'a Source, limits: &'a Limits, set_aside: Vec<SetAside>) -> Self {
        Self {
            source,
            limits,
            budget: limits.cells_per_file,
            loaded: DecodedFile::default(),
            set_aside: set_aside.into_iter().peekable(),
        }
    }

    /// The sheets read, each left-out sheet in its place.
    fn finish(mut self) -> DecodedFile {
        while let Some(sheet) = self.set_aside.next() {
            self.push_set_aside(sheet);
        }
        self.loaded
    }

    /// Lists the left-out sheets whose place in the whole list comes now.
    fn list_set_aside(&mut self) {
        while let Some(sheet) = self
            .set_aside
            .next_if(|s| s.position <= self.loaded.sheets.len())
        {
            self.push_set_aside(sheet);
        }
    }

    fn push_set_aside(&mut self, sheet: SetAside) {
        self.loaded.sheets.push(DecodedSheet {
            name: Some(sheet.name),
            hidden: sheet.hidden,
            content: Content::NotAWorksheet(sheet.kind),
        });
    }

    /// Reads one sheet with `read`, which fills the grid and returns the merged regions.
    fn sheet(
        &mut self,
        meta: &calamine::Sheet,
        read: impl FnOnce(&mut Grid<'_>, &mut Messages) -> Result<Vec<Region>, ReadStop>,
    ) {
        self.list_set_aside();
        let hidden = meta.visible != SheetVisible::Visible;
        let name = Some(meta.name.clone());
        let other = match meta.typ {
            SheetType::WorkSheet => None,
            SheetType::ChartSheet => Some(NonWorksheet::Chart),
            SheetType::DialogSheet => Some(NonWorksheet::Dialog),
            SheetType::MacroSheet => Some(NonWorksheet::Macro),
            SheetType::Vba => Some(NonWorksheet::Module),
        };
        if let Some(kind) = other {
            self.loaded.sheets.push(DecodedSheet {
                name,
                hidden,
                content: Content::NotAWorksheet(kind),
            });
            return;
        }
        let place = Place {
            file: self.source.path.as_str().into(),
            sheet: name.as_deref().map(Into::into),
            position: Position::Whole,
        };
        let mut grid = Grid::new(place.clone(), self.limits, &mut self.budget);
        let content = match read(&mut grid, &mut self.loaded.messages) {
            Ok(merged) => Content::Decoded(grid.finish(hidden, &merged)),
            Err(stop) => {
                let problem = match stop {
                    ReadStop::Limit(LimitExceeded(text)) => Problem::error(place, text),
                    ReadStop::ReaderFailed(detail) => Problem::error(
                        place,
                        "Das Blatt kann nicht gelesen werden, es ist vermutlich beschädigt. Öffnen \
                         Sie die Datei in Excel oder LibreOffice und speichern Sie sie neu.",
                    )
                    .with_detail(detail),
                };
                self.loaded.messages.errors.push(problem);
                Content::Error
            }
        };
        self.loaded.sheets.push(DecodedSheet {
            name,
            hidden,
            content,
        });
    }
}

/// A cell value as calamine delivers it, borrowed.
enum Raw<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Serial(ExcelDateTime),
    Iso(&'a str),
    Duration(&'a str),
    Error(&'a CellErrorType),
}

fn raw_ref<'a>(value: &'a DataRef<'_>) -> Raw<'a> {
    match value {
        DataRef::Empty => Raw::Empty,
        DataRef::String(s) => Raw::Text(s),
        DataRef::SharedString(s) => Raw::Text(s),
        DataRef::Int(i) => Raw::Number(*i as f64),
        DataRef::Float(f) => Raw::Number(*f),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(dt) => Raw::Serial(*dt),
        DataRef::DateTimeIso(s) => Raw::Iso(s),
        DataRef::DurationIso(s) => Raw::Duration(s),
        DataRef::Error(e) => Raw::Error(e),
    }
}

fn raw(value: &Data) -> Raw<'_> {
    match value {
        Data::Empty => Raw::Empty,
        Data::String(s) => Raw::Text(s),
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Float(f) => Raw::Number(*f),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(dt) => Raw::Serial(*dt),
        Data::DateTimeIso(s) => Raw::Iso(s),
        Data::DurationIso(s) => Raw::Duration(s),
        Data::Error(e) => Raw::Error(e),
    }
}

/// Puts one value into the grid.
fn add_cell(
    grid: &mut Grid<'_>,
    row: u32,
    column: u32,
    raw: Raw<'_>,
    is_1904: bool,
    messages: &mut Messages,
) -> Result<(), LimitExceeded> {
    let position = Position::Cell { row, column };
    let value = match raw {
        Raw::Empty => return Ok(()),
        Raw::Text(text) => return grid.text(row, column, position, text, messages),
        Raw::Number(v) if v.is_finite() => Value::Number(v),
        Raw::Number(_) => Value::Error("#NUM!".to_owned()),
        Raw::Bool(b) => Value::Bool(b),
        Raw::Serial(dt) => serial_value(&dt, is_1904),
        Raw::Iso(text) => match Date::parse_iso(text) {
            Some(date) => Value::Date(date),
            None => return grid.text(row, column, position, text, messages),
        },
        Raw::Duration(text) => match iso_duration(text) {
            Some(duration) => Value::Text(duration),
            None => return grid.text(row, column, position, text, messages),
        },
        Raw::Error(e) => Value::Error(error_value(e).to_owned()),
    };
    grid.value(row, column, value)
}

/// A cell with a date or time format. A date (serial ≥ 1) becomes a [`Date`] (a time of
/// day on it is cut off); a pure time of day or a duration becomes the text Excel shows
/// for it (`14:30`, `36:15`, with seconds only when there are any); anything else stays
/// a number.
fn serial_value(dt: &ExcelDateTime, is_1904: bool) -> Value {
    let v = dt.as_f64();
    if dt.is_datetime() && v >= 1.0 {
        return Date::from_excel_serial(v, is_1904).map_or(Value::Number(v), Value::Date);
    }
    if v.is_finite() && v >= 0.0 {
        Value::Text(hours_minutes(v * 86_400.0))
    } else {
        Value::Number(v)
    }
}

/// Seconds as `H:MM` or `H:MM:SS` (hours not wrapped at 24).
fn hours_minutes(seconds: f64) -> String {
    let total = seconds.round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if s == 0 {
        format!("{h}:{m:02}")
    } else {
        format!("{h}:{m:02}:{s:02}")
    }
}

/// An ISO 8601 duration of an ODS time cell (`PT14H30M00S`) as `14:30`.
fn iso_duration(text: &str) -> Option<String> {
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
    number.is_empty().then(|| hours_minutes(seconds))
}

/// Excel's (English) spelling of an error value.
fn error_value(e: &CellErrorType) -> &'static str {
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
fn to_regions(merged: &[Dimensions]) -> Vec<Region> {
    merged
        .iter()
        .map(|d| Region {
            start: (d.start.0.min(d.end.0), d.start.1.min(d.end.1)),
            end: (d.start.0.max(d.end.0), d.start.1.max(d.end.1)),
        })
        .collect()
}

/// What made calamine fail to open a workbook.
enum Failure {
    /// The file is encrypted.
    Password,
    /// A structure calamine does not know, in a file that is not broken: the way a program
    /// other than those calamine knows writes it.
    Unknown,
    /// Anything else: the file is damaged, or no workbook.
    Damage,
}

/// The error for a workbook calamine cannot open; `program` names the program that wrote
/// the file, where the file says.
fn open_error(
    err: &dyn std::fmt::Display,
    kind: &str,
    program: impl FnOnce() -> Option<String>,
    failure: Failure,
) -> Unreadable {
    match failure {
        Failure::Password => Unreadable::password_protected(),
        Failure::Unknown => Unreadable::unsupported_writer(program().as_deref(), err),
        Failure::Damage => Unreadable::damaged(kind, err),
    }
}

/// The error for a zip package the check refused.
fn package_error(finding: zip_package::PackageRefusal, limits: &Limits) -> Unreadable {
    match finding {
        zip_package::PackageRefusal::Encrypted => Unreadable::password_protected(),
        zip_package::PackageRefusal::TooLarge { bytes } => Unreadable::new(
            "zu groß",
            format!(
                "Die Arbeitsmappe entpackt sich auf {} (erlaubt sind höchstens {}) und wird nicht \
                 gelesen. Entfernen Sie Bilder und nicht benötigte Blätter oder teilen Sie die \
                 Daten auf mehrere Dateien auf.",
                german::size_text(bytes),
                german::size_text(limits.archive_bytes)
            ),
        ),
        zip_package::PackageRefusal::TooManyParts { parts } => Unreadable::damaged(
            "Arbeitsmappe",
            format!("{} Teile im Zip-Paket", german::count_text(parts as u64)),
        ),
        zip_package::PackageRefusal::NotAPackage => Unreadable::new(
            "keine Arbeitsmappe",
            "Die Datei ist ein Zip-Archiv, aber keine Arbeitsmappe. Geben Sie einem Zip-Archiv \
             die Endung .zip oder speichern Sie die Tabelle in Excel als .xlsx.",
        ),
        zip_package::PackageRefusal::Ods(finding) => ods_error(finding, limits),
        zip_package::PackageRefusal::Defect(detail) => Unreadable::damaged("Arbeitsmappe", detail),
    }
}

fn ods_error(finding: ods_scan::OdsRefusal, limits: &Limits) -> Unreadable {
    match finding {
        ods_scan::OdsRefusal::SheetTooLarge { sheet, cells } => {
            too_large(Some(sheet), cells, limits.cells)
        }
        ods_scan::OdsRefusal::FileTooLarge { cells } => {
            too_large(None, cells, limits.cells_per_file)
        }
        ods_scan::OdsRefusal::TextTooLong { sheet, row, column } => Unreadable {
            short: "Text zu lang".to_owned(),
            message: format!(
                "Eine Zelle (Zeile {}, Spalte {}) enthält einen Text von über {} Zeichen; die \
                 Datei wird nicht gelesen. Kürzen Sie den Text.",
                german::count_text(row + 1),
                german::count_text(column + 1),
                german::count_text(limits.chars_per_cell as u64)
            ),
            sheet: Some(sheet),
            detail: None,
        },
        ods_scan::OdsRefusal::TooMuchText { bytes } => Unreadable::new(
            "zu groß",
            format!(
                "Die Texte der Tabelle ergeben zusammen über {} und werden nicht gelesen. Teilen \
                 Sie die Daten auf mehrere Dateien auf.",
                german::size_text(bytes)
            ),
        ),
        ods_scan::OdsRefusal::Defect(detail) => Unreadable::damaged("OpenDocument-Tabelle", detail),
    }
}

fn biff_error(finding: biff_scan::XlsRefusal, limits: &Limits) -> Unreadable {
    match finding {
        biff_scan::XlsRefusal::Encrypted => Unreadable::password_protected(),
        biff_scan::XlsRefusal::SheetTooLarge { sheet, cells } => {
            too_large(Some(sheet), cells, limits.cells)
        }
        biff_scan::XlsRefusal::FileTooLarge { cells } => {
            too_large(None, cells, limits.cells_per_file)
        }
        biff_scan::XlsRefusal::Defect(detail) => {
            Unreadable::damaged("Excel-97-2003-Arbeitsmappe", detail)
        }
    }
}

/// A workbook whose used range would need more cells than allowed.
fn too_large(sheet: Option<String>, cells: u64, limit: usize) -> Unreadable {
    let subject = if sheet.is_some() {
        "Der benutzte Bereich des Blatts"
    } else {
        "Die benutzten Bereiche aller Blätter"
    };
    Unreadable {
        short: "benutzter Bereich zu groß".to_owned(),
        message: format!(
            "{subject} umfasst {} Zellen (erlaubt sind höchstens {}); die Datei wird nicht gelesen. \
             Meist stehen weit unterhalb oder rechts der Tabelle vergessene Inhalte: Löschen Sie \
             dort alle Zeilen und Spalten und speichern Sie die Datei erneut.",
            german::count_text(cells),
            german::count_text(limit as u64)
        ),
        sheet,
        detail: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_times_and_durations_from_serials() {
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        let date = ExcelDateTime::new(39_493.0, DateTime, false);
        assert_eq!(
            serial_value(&date, false),
            Value::Date(Date::new(2008, 2, 15).unwrap())
        );
        let mac = ExcelDateTime::new(38_031.75, DateTime, true);
        assert_eq!(
            serial_value(&mac, true),
            Value::Date(Date::new(2008, 2, 15).unwrap())
        );
        let time = ExcelDateTime::new(0.604_166_666_7, DateTime, false);
        assert_eq!(serial_value(&time, false), Value::Text("14:30".into()));
        let duration = ExcelDateTime::new(10.632_060_185_185_2, TimeDelta, false);
        assert_eq!(
            serial_value(&duration, false),
            Value::Text("255:10:10".into())
        );
        let negative = ExcelDateTime::new(-3.0, DateTime, false);
        assert_eq!(serial_value(&negative, false), Value::Number(-3.0));
    }

    #[test]
    fn ods_durations() {
        assert_eq!(iso_duration("PT14H30M00S"), Some("14:30".into()));
        assert_eq!(iso_duration("PT36H15M10.4S"), Some("36:15:10".into()));
        assert_eq!(iso_duration("P1DT2H"), None);
    }

    #[test]
    fn error_values_in_excel_spelling() {
        assert_eq!(error_value(&CellErrorType::Div0), "#DIV/0!");
        assert_eq!(error_value(&CellErrorType::NA), "#N/A");
        assert_eq!(error_value(&CellErrorType::GettingData), "#GETTING_DATA");
    }
}
