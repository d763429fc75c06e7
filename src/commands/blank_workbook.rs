//! `ratsvorlage vorlage-ag`: the blank workbook the office sends to a working group — an
//! instructions sheet, the `AG` sheet with the AG's name, and one sheet per table kind with
//! the reader's canonical column names, formatted headers, frozen header row, column widths
//! and validation lists.

use std::fmt;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

use crate::report::{Problem, WriteError};
use crate::tables::columns::canonical_name;
use crate::tables::{Column, TableKind};

/// Rows (below the header) that carry the validation lists and formats.
const DATA_ROWS: u32 = 1000;

/// What a column's cells may hold, as Excel checks it.
#[derive(Clone, Copy)]
enum Allowed {
    /// Any value.
    Any,
    /// One of the listed values; `streng`: nothing else (else a hint, other values allowed).
    List(&'static [&'static str], bool),
    /// A whole number ≥ 1.
    WholeNumber,
    /// A date cell.
    Date,
}

/// One column of a table sheet.
struct SheetColumn {
    column: Column,
    width: f64,
    required: bool,
    help: &'static str,
    allowed: Allowed,
}

/// One table sheet.
struct SheetSpec {
    kind: TableKind,
    purpose: &'static str,
    columns: &'static [SheetColumn],
}

const fn column(
    column: Column,
    width: f64,
    required: bool,
    help: &'static str,
    allowed: Allowed,
) -> SheetColumn {
    SheetColumn {
        column,
        width,
        required,
        help,
        allowed,
    }
}

/// The values of `input-format.md` §3 that the reader recognises.
const ZEITRAHMEN: &[&str] = &["kurzfristig", "mittelfristig", "langfristig", "laufend"];
const FINANZIERUNG: &[&str] = &["Haushalt", "Drittmittel", "kostenneutral"];
const AUSGANGSLAGE_KINDS: &[&str] = &["Defizit", "Potenzial", "Angebot"];

const SHEETS: [SheetSpec; 5] = [
    SheetSpec {
        kind: TableKind::Ziele,
        purpose: "eine Zeile je Ziel der AG",
        columns: &[
            column(
                Column::Number,
                8.0,
                false,
                "Nummer des Ziels in der AG, z. B. 1, 2, 3 (leer: Zeilenreihenfolge)",
                Allowed::Any,
            ),
            column(
                Column::Ziel,
                60.0,
                true,
                "die Formulierung des Ziels",
                Allowed::Any,
            ),
            column(
                Column::Prioritaet,
                11.0,
                false,
                "ganze Zahl ab 1, 1 = höchste Priorität (leer: Zeilenreihenfolge)",
                Allowed::WholeNumber,
            ),
            column(
                Column::Leitziel,
                30.0,
                false,
                "Nummer oder Text eines Leitziels aus konzept.toml",
                Allowed::Any,
            ),
        ],
    },
    SheetSpec {
        kind: TableKind::Massnahmen,
        purpose: "eine Zeile je Maßnahme",
        columns: &[
            column(
                Column::Ziel,
                8.0,
                true,
                "Nummer des Ziels aus dem Blatt „Ziele“ oder sein genauer Text; leer: wie die Zeile darüber",
                Allowed::Any,
            ),
            column(
                Column::Number,
                8.0,
                false,
                "Nummer der Maßnahme im Ziel, z. B. 1 oder 1.2 (leer: Zeilenreihenfolge)",
                Allowed::Any,
            ),
            column(Column::Massnahme, 50.0, true, "die Maßnahme", Allowed::Any),
            column(
                Column::Umsetzung,
                40.0,
                false,
                "wie die Maßnahme umgesetzt wird",
                Allowed::Any,
            ),
            column(
                Column::Ansprechpartner,
                30.0,
                false,
                "eine oder mehrere Stellen, getrennt durch ; oder Zeilenumbruch",
                Allowed::Any,
            ),
            column(
                Column::Zeitrahmen,
                15.0,
                false,
                "kurzfristig, mittelfristig, langfristig, laufend, ein Jahr oder ein Datum",
                Allowed::List(ZEITRAHMEN, false),
            ),
            column(
                Column::Finanzierung,
                16.0,
                false,
                "Haushalt, Drittmittel, kostenneutral oder ein Betrag (12.500 €)",
                Allowed::List(FINANZIERUNG, false),
            ),
        ],
    },
    SheetSpec {
        kind: TableKind::Ausgangslage,
        purpose: "eine Zeile je Defizit, Potenzial oder Angebot im Handlungsfeld",
        columns: &[
            column(
                Column::Kind,
                14.0,
                true,
                "Defizit, Potenzial oder Angebot",
                Allowed::List(AUSGANGSLAGE_KINDS, true),
            ),
            column(
                Column::Description,
                80.0,
                true,
                "die Beschreibung",
                Allowed::Any,
            ),
        ],
    },
    SheetSpec {
        kind: TableKind::Sitzungen,
        purpose: "eine Zeile je Sitzung der AG",
        columns: &[
            column(
                Column::Number,
                8.0,
                false,
                "Nummer der Sitzung (leer: nach Datum)",
                Allowed::WholeNumber,
            ),
            column(
                Column::Date,
                12.0,
                true,
                "Datum der Sitzung, z. B. 15.02.2026",
                Allowed::Date,
            ),
            column(Column::Place, 25.0, false, "Ort oder Raum", Allowed::Any),
            column(
                Column::Topic,
                50.0,
                false,
                "Thema oder Schwerpunkt",
                Allowed::Any,
            ),
        ],
    },
    SheetSpec {
        kind: TableKind::Teilnehmende,
        purpose: "eine Zeile je Person und Sitzung (Anwesenheit); Namen werden nur gezählt, nicht veröffentlicht",
        columns: &[
            column(
                Column::Name,
                25.0,
                false,
                "Name der Person (wird nicht veröffentlicht)",
                Allowed::Any,
            ),
            column(
                Column::Organisation,
                35.0,
                true,
                "Organisation oder Einrichtung (Pflicht, wenn kein Name)",
                Allowed::Any,
            ),
            column(
                Column::Bereich,
                25.0,
                false,
                "Art der Organisation, z. B. Schule, Kita, Verwaltung",
                Allowed::Any,
            ),
            column(
                Column::Sitzung,
                10.0,
                true,
                "Nummer oder Datum der Sitzung",
                Allowed::Any,
            ),
        ],
    },
];

/// The key and name of the `AG` metadata sheet.
const AG_SHEET: &str = "AG";
const AG_KEY: &str = "Arbeitsgruppe";

/// Why the workbook was not written.
#[derive(Debug)]
pub enum WorkbookError {
    /// The workbook library refused something.
    Xlsx(XlsxError),
    /// The file could not be written.
    Write(WriteError),
}

impl WorkbookError {
    /// What the user is told.
    pub fn problem(&self) -> Problem {
        match self {
            Self::Xlsx(err) => Problem::general("Die Arbeitsmappe kann nicht erzeugt werden.")
                .with_detail(err.to_string()),
            Self::Write(error) => error.problem(),
        }
    }
}

impl fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fehler: {}", self.problem())
    }
}

impl From<XlsxError> for WorkbookError {
    fn from(err: XlsxError) -> Self {
        Self::Xlsx(err)
    }
}

/// What `vorlage-ag` is asked to do.
#[derive(Clone, Debug)]
pub struct BlankWorkbookOptions {
    /// The AG's name, entered in the sheet `AG`.
    pub ag: Option<String>,
    /// The xlsx file to write.
    pub output: PathBuf,
}

/// Writes the blank AG workbook the options ask for.
pub fn run(options: &BlankWorkbookOptions) -> Result<(), WorkbookError> {
    write(&options.output, options.ag.as_deref())
}

/// What `vorlage-ag` says once the workbook is written.
pub fn text(options: &BlankWorkbookOptions) -> String {
    format!(
        "Leere AG-Arbeitsmappe geschrieben: {}",
        options.output.display()
    )
}

/// Writes the blank AG workbook to `path`, with `ag` filled in where given.
pub fn write(path: &Path, ag: Option<&str>) -> Result<(), WorkbookError> {
    let bytes = blank(ag)?;
    std::fs::write(path, bytes).map_err(|err| {
        WorkbookError::Write(WriteError {
            path: path.to_path_buf(),
            err,
        })
    })
}

/// The blank AG workbook as xlsx bytes.
pub fn blank(ag: Option<&str>) -> Result<Vec<u8>, WorkbookError> {
    let mut workbook = Workbook::new();
    instructions(workbook.add_worksheet(), ag)?;
    ag_sheet(workbook.add_worksheet(), ag)?;
    for spec in &SHEETS {
        table_sheet(workbook.add_worksheet(), spec)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// The instructions: one paragraph per row in column A, so the sheet is never taken for a
/// table.
fn instructions(sheet: &mut Worksheet, ag: Option<&str>) -> Result<(), XlsxError> {
    sheet.set_name("Anleitung")?.set_column_width(0, 110)?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let paragraph = Format::new().set_text_wrap();
    let heading = match ag {
        Some(ag) => format!("Arbeitsmappe der AG „{ag}“"),
        None => "Arbeitsmappe einer Arbeitsgruppe (AG)".to_owned(),
    };
    sheet.write_string_with_format(0, 0, heading, &title)?;
    let mut row = 2;
    for text in [
        "So füllen Sie die Mappe aus:",
        "1. Im Blatt „AG“ steht neben „Arbeitsgruppe“ der Name Ihrer AG. Ist das Feld leer, tragen Sie ihn dort ein.",
        "2. Jede Zeile eines Blattes ist ein Eintrag: ein Ziel, eine Maßnahme, ein Punkt der Ausgangslage, eine Sitzung, eine Anwesenheit. Text darf über mehrere Zeilen in einer Zelle gehen (Alt+Eingabe).",
        "3. Lassen Sie die Kopfzeile (Zeile 1) jedes Blattes unverändert: die Spalten werden an ihrem Namen erkannt. Zusätzliche Spalten sind erlaubt, werden aber nicht verwendet.",
        "4. Spalten mit Auswahlliste (Zeitrahmen, Finanzierung, Art) bieten die üblichen Werte an; bei Zeitrahmen und Finanzierung sind auch ein Jahr, ein Datum oder ein Betrag erlaubt.",
        "5. Ein Blatt, das Ihre AG nicht braucht, bleibt einfach leer.",
    ] {
        let format = if row == 2 { &bold } else { &paragraph };
        sheet.write_string_with_format(row, 0, text, format)?;
        row += 1;
    }
    for spec in &SHEETS {
        row += 1;
        let head = format!("Blatt „{}“: {}", spec.kind.name(), spec.purpose);
        sheet.write_string_with_format(row, 0, head, &bold)?;
        row += 1;
        for s in spec.columns {
            let required = if s.required { "Pflicht" } else { "freiwillig" };
            let text = format!("• {} ({required}): {}", header(spec.kind, s.column), s.help);
            sheet.write_string_with_format(row, 0, text, &paragraph)?;
            row += 1;
        }
    }
    sheet.write_string_with_format(
        row + 1,
        0,
        "Schicken Sie die Mappe als .xlsx-Datei zurück. Namen von Teilnehmenden werden nur zum Zählen gelesen und nicht veröffentlicht.",
        &paragraph,
    )?;
    sheet.set_active(true);
    Ok(())
}

/// The `AG` sheet: `Arbeitsgruppe` and the AG's name (an empty, marked cell without one).
fn ag_sheet(sheet: &mut Worksheet, ag: Option<&str>) -> Result<(), XlsxError> {
    sheet
        .set_name(AG_SHEET)?
        .set_column_width(0, 16)?
        .set_column_width(1, 45)?;
    sheet.write_string_with_format(0, 0, AG_KEY, &Format::new().set_bold())?;
    let field = Format::new()
        .set_background_color(Color::RGB(0xFF_F2_CC))
        .set_border(FormatBorder::Thin);
    match ag {
        Some(ag) => sheet.write_string_with_format(0, 1, ag, &field)?,
        None => sheet.write_blank(0, 1, &field)?,
    };
    sheet.write_string(
        2,
        0,
        "Name der Arbeitsgruppe (Handlungsfeld), wie er im Konzept steht; er gilt für jedes Blatt dieser Mappe.",
    )?;
    Ok(())
}

/// One table sheet: the header row, widths, frozen header, validations.
fn table_sheet(sheet: &mut Worksheet, spec: &SheetSpec) -> Result<(), XlsxError> {
    sheet.set_name(spec.kind.name())?.set_freeze_panes(1, 0)?;
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xDD_EB_F7))
        .set_border_bottom(FormatBorder::Medium);
    let required = head.clone().set_font_color(Color::RGB(0x1F_3B_70));
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let text = Format::new().set_text_wrap();
    for (i, s) in spec.columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        let format = if s.required { &required } else { &head };
        sheet.write_string_with_format(0, col, header(spec.kind, s.column), format)?;
        let cells = if matches!(s.allowed, Allowed::Date) {
            &date
        } else {
            &text
        };
        sheet
            .set_column_width(col, s.width)?
            .set_column_format(col, cells)?;
        if let Some(validation) = validation(s)? {
            sheet.add_data_validation(1, col, DATA_ROWS, col, &validation)?;
        }
    }
    Ok(())
}

/// The header text of a column: the name the reader knows first.
fn header(kind: TableKind, column: Column) -> &'static str {
    // Every column in BLAETTER belongs to its kind in columns.rs (the unit test checks it).
    canonical_name(kind, column).unwrap_or("?")
}

/// The data validation of a column, if it has one.
fn validation(s: &SheetColumn) -> Result<Option<DataValidation>, XlsxError> {
    let validation = match s.allowed {
        Allowed::Any => return Ok(None),
        Allowed::List(values, true) => DataValidation::new()
            .allow_list_strings(values)?
            .set_error_title("Ungültiger Wert")?
            .set_error_message(format!("Bitte wählen Sie: {}.", values.join(", ")))?,
        Allowed::List(values, false) => DataValidation::new()
            .allow_list_strings(values)?
            .set_error_style(DataValidationErrorStyle::Information)
            .set_error_title("Anderer Wert")?
            .set_error_message(format!("Üblich sind: {}. {}", values.join(", "), s.help))?,
        Allowed::WholeNumber => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1))
            .set_error_message("Bitte eine ganze Zahl ab 1 eintragen.")?,
        Allowed::Date => DataValidation::new()
            .allow_date(DataValidationRule::GreaterThan(
                rust_xlsxwriter::ExcelDateTime::from_ymd(1990, 1, 1)?,
            ))
            .set_error_message("Bitte ein Datum eintragen, z. B. 15.02.2026.")?,
    };
    Ok(Some(validation.set_input_message(s.help)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::IngestReport;
    use crate::sources::{Format as FileFormat, Source};
    use crate::tables::decode;
    use crate::tables::recognise::{Recognised, analyse};

    #[test]
    fn every_column_has_its_canonical_name() {
        for spec in &SHEETS {
            for s in spec.columns {
                assert!(
                    canonical_name(spec.kind, s.column).is_some(),
                    "{:?}",
                    s.column
                );
            }
        }
    }

    #[test]
    fn the_reader_recognises_every_sheet_of_the_blank_workbook() {
        let source = Source {
            path: "ag/blank.xlsx".to_owned(),
            format: FileFormat::Xlsx,
            bytes: blank(Some("Sprache und Bildung")).unwrap(),
        };
        let mut report = IngestReport::default();
        let mut sheets = decode::sheets(&source, &crate::limits::Limits::default(), &mut report);
        let kinds: Vec<String> = sheets
            .iter_mut()
            .map(|sheet| match analyse(sheet, 2026).record(&mut report) {
                Recognised::Table(t) => t.kind.name().to_owned(),
                Recognised::AgDeclaration(a) => format!("AG = {:?}", a.ag.value),
                Recognised::NoTable => "keine".to_owned(),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "keine",
                "AG = Text(\"Sprache und Bildung\")",
                "Ziele",
                "Maßnahmen",
                "Ausgangslage",
                "Sitzungen",
                "Teilnehmende"
            ]
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
    }
}
