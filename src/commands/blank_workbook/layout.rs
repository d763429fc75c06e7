//! The layout of the AG workbook: its sheets (`Anleitung`, `AG`, one per table kind), the
//! reader's canonical column names, formatted headers, frozen header row, column widths and
//! validation lists; the blank workbook of `vorlage-ag` is this layout and nothing else.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

use crate::tables::columns::canonical_name;
use crate::tables::{Column, TableKind};

/// Rows (below the header) that carry the validation lists and formats, at least.
const DATA_ROWS: u32 = 1000;

/// What a column's cells may hold, as Excel checks it.
#[derive(Clone, Copy)]
enum Allowed {
    /// Any value.
    Any,
    /// One of the listed values; `true`: nothing else (else a hint, other values allowed).
    List(&'static [&'static str], bool),
    /// A whole number ≥ 1.
    WholeNumber,
    /// A date cell.
    Date,
}

/// One column of a table sheet.
pub(crate) struct SheetColumn {
    /// What the reader takes the column for.
    pub column: Column,
    /// Its width in characters.
    pub width: f64,
    required: bool,
    help: &'static str,
    allowed: Allowed,
}

impl SheetColumn {
    /// Whether the column holds dates.
    pub(crate) fn is_date(&self) -> bool {
        matches!(self.allowed, Allowed::Date)
    }
}

/// One table sheet.
pub(crate) struct SheetSpec {
    /// The table kind the sheet holds.
    pub kind: TableKind,
    purpose: &'static str,
    /// Its columns, left to right.
    pub columns: &'static [SheetColumn],
}

impl SheetSpec {
    /// The position of a column in the sheet, if the sheet has it.
    pub(crate) fn position(&self, column: Column) -> Option<u16> {
        let i = self.columns.iter().position(|s| s.column == column)?;
        u16::try_from(i).ok()
    }

    /// The sheet of a table kind.
    pub(crate) fn of(kind: TableKind) -> &'static SheetSpec {
        // SHEETS has one sheet per kind (the unit test checks it).
        SHEETS
            .iter()
            .find(|spec| spec.kind == kind)
            .unwrap_or(&SHEETS[0])
    }
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

pub(crate) const SHEETS: [SheetSpec; 5] = [
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
pub(crate) const AG_SHEET: &str = "AG";
const AG_KEY: &str = "Arbeitsgruppe";

/// The name of the instructions sheet.
pub(crate) const INSTRUCTIONS_SHEET: &str = "Anleitung";

/// The blank AG workbook as xlsx bytes, with the AG's name in the sheet `AG` where given.
pub(crate) fn blank(ag: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    instructions(sheet, &heading(ag), &[])?;
    sheet.set_active(true);
    ag_sheet(workbook.add_worksheet(), ag)?;
    for spec in &SHEETS {
        table_sheet(workbook.add_worksheet(), spec, &[], 0)?;
    }
    workbook.save_to_buffer()
}

/// The title of the instructions.
pub(crate) fn heading(ag: Option<&str>) -> String {
    match ag {
        Some(ag) => format!("Arbeitsmappe der AG „{ag}“"),
        None => "Arbeitsmappe einer Arbeitsgruppe (AG)".to_owned(),
    }
}

/// The formats of the instructions sheet.
pub(crate) struct InstructionFormats {
    /// The title.
    pub title: Format,
    /// A heading line.
    pub bold: Format,
    /// A paragraph.
    pub paragraph: Format,
}

impl InstructionFormats {
    fn new() -> Self {
        Self {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold().set_text_wrap(),
            paragraph: Format::new().set_text_wrap(),
        }
    }
}

/// The width of the instructions' one column, in characters.
const INSTRUCTIONS_WIDTH: f64 = 80.0;

/// Writes a paragraph of the instructions into row `row`, the row as high as its lines.
pub(crate) fn paragraph(
    sheet: &mut Worksheet,
    row: u32,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, text, format)?;
    fit_row(sheet, row, lines(text, INSTRUCTIONS_WIDTH))
}

/// How many lines a wrapped text takes in a column `width` characters wide, about: Excel
/// and LibreOffice keep the height a file gives a row, so the writer has to estimate it.
pub(crate) fn lines(text: &str, width: f64) -> usize {
    // A character of running text is narrower than the `0` a column width counts; lines
    // break between words.
    let per_line = (width * 1.2).max(1.0) as usize;
    text.split('\n')
        .map(|paragraph| {
            let (mut lines, mut used) = (1, 0);
            for word in paragraph.split(' ') {
                let length = word.chars().count();
                if used > 0 && used + 1 + length > per_line {
                    lines += 1;
                    used = 0;
                }
                used += if used > 0 { length + 1 } else { length };
                // A word longer than the line breaks where it must.
                while used > per_line {
                    lines += 1;
                    used -= per_line;
                }
            }
            lines
        })
        .sum()
}

/// Makes row `row` as high as `lines` lines of text (Excel's highest row: 409 points).
pub(crate) fn fit_row(sheet: &mut Worksheet, row: u32, lines: usize) -> Result<(), XlsxError> {
    if lines > 1 {
        let height = (lines as f64 * 15.0 + 3.0).min(409.0);
        sheet.set_row_height(row, height)?;
    }
    Ok(())
}

/// The instructions: one paragraph per row in column A, so the sheet is never taken for a
/// table. `intro` comes right after the title (a prefilled workbook says what it holds);
/// returns the formats and the next free row, for what a caller adds below.
pub(crate) fn instructions(
    sheet: &mut Worksheet,
    heading: &str,
    intro: &[String],
) -> Result<(InstructionFormats, u32), XlsxError> {
    sheet
        .set_name(INSTRUCTIONS_SHEET)?
        .set_column_width(0, INSTRUCTIONS_WIDTH)?
        .set_print_fit_to_pages(1, 0);
    let formats = InstructionFormats::new();
    sheet.write_string_with_format(0, 0, heading, &formats.title)?;
    let mut row = 2;
    for text in intro {
        paragraph(sheet, row, text, &formats.paragraph)?;
        row += 1;
    }
    if !intro.is_empty() {
        row += 1;
    }
    let first = row;
    for text in [
        "So füllen Sie die Mappe aus:",
        "1. Im Blatt „AG“ steht neben „Arbeitsgruppe“ der Name Ihrer AG. Ist das Feld leer, tragen Sie ihn dort ein.",
        "2. Jede Zeile eines Blattes ist ein Eintrag: ein Ziel, eine Maßnahme, ein Punkt der Ausgangslage, eine Sitzung, eine Anwesenheit. Text darf über mehrere Zeilen in einer Zelle gehen (Alt+Eingabe).",
        "3. Lassen Sie die Kopfzeile (Zeile 1) jedes Blattes unverändert: die Spalten werden an ihrem Namen erkannt. Zusätzliche Spalten sind erlaubt, werden aber nicht verwendet.",
        "4. Spalten mit Auswahlliste (Zeitrahmen, Finanzierung, Art) bieten die üblichen Werte an; bei Zeitrahmen und Finanzierung sind auch ein Jahr, ein Datum oder ein Betrag erlaubt.",
        "5. Ein Blatt, das Ihre AG nicht braucht, bleibt einfach leer.",
    ] {
        let format = if row == first {
            &formats.bold
        } else {
            &formats.paragraph
        };
        paragraph(sheet, row, text, format)?;
        row += 1;
    }
    for spec in &SHEETS {
        row += 1;
        let head = format!("Blatt „{}“: {}", spec.kind.name(), spec.purpose);
        paragraph(sheet, row, &head, &formats.bold)?;
        row += 1;
        for s in spec.columns {
            let required = if s.required { "Pflicht" } else { "freiwillig" };
            let text = format!("• {} ({required}): {}", header(spec.kind, s.column), s.help);
            paragraph(sheet, row, &text, &formats.paragraph)?;
            row += 1;
        }
    }
    paragraph(
        sheet,
        row + 1,
        "Schicken Sie die Mappe als .xlsx-Datei zurück. Namen von Teilnehmenden werden nur zum Zählen gelesen und nicht veröffentlicht.",
        &formats.paragraph,
    )?;
    Ok((formats, row + 3))
}

/// The `AG` sheet: `Arbeitsgruppe` and the AG's name (an empty, marked cell without one).
pub(crate) fn ag_sheet(sheet: &mut Worksheet, ag: Option<&str>) -> Result<(), XlsxError> {
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

/// The format of a column's cells: dates as `dd.mm.yyyy`, everything else wrapped; both
/// aligned to the top, so a row of long texts reads from its first line.
pub(crate) fn cell_format(s: &SheetColumn) -> Format {
    // Left-aligned whatever the value: a column mixes numbers and words (`2011`,
    // `kurzfristig`).
    let format = Format::new()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    if s.is_date() {
        format.set_num_format("dd.mm.yyyy")
    } else {
        format.set_text_wrap()
    }
}

/// The width of a column that holds no meaning for the reader (`Bemerkung`).
pub(crate) const EXTRA_WIDTH: f64 = 30.0;

/// One table sheet: the header row (the canonical columns, then `extra` headers of columns
/// the reader does not use), widths, frozen header, validations over at least `rows` rows.
pub(crate) fn table_sheet(
    sheet: &mut Worksheet,
    spec: &SheetSpec,
    extra: &[String],
    rows: u32,
) -> Result<(), XlsxError> {
    sheet
        .set_name(spec.kind.name())?
        .set_freeze_panes(1, 0)?
        .set_repeat_rows(0, 0)?
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xDD_EB_F7))
        .set_border_bottom(FormatBorder::Medium);
    let required = head.clone().set_font_color(Color::RGB(0x1F_3B_70));
    let last = rows.saturating_add(DATA_ROWS / 2).max(DATA_ROWS);
    for (i, s) in spec.columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        let format = if s.required { &required } else { &head };
        sheet.write_string_with_format(0, col, header(spec.kind, s.column), format)?;
        sheet
            .set_column_width(col, s.width)?
            .set_column_format(col, &cell_format(s))?;
        if let Some(validation) = validation(s)? {
            sheet.add_data_validation(1, col, last, col, &validation)?;
        }
    }
    let other = head.clone().set_italic();
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let note = Note::new(
        "Diese Spalte stand so in Ihrer Tabelle. ratsvorlage liest sie nicht ins Konzept; sie \
         steht hier, damit nichts verloren geht.",
    )
    .set_author("ratsvorlage")
    .set_width(300);
    for (i, name) in extra.iter().enumerate() {
        let col = u16::try_from(spec.columns.len() + i).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, name, &other)?;
        sheet.insert_note(0, col, &note)?;
        sheet
            .set_column_width(col, EXTRA_WIDTH)?
            .set_column_format(col, &text)?;
    }
    Ok(())
}

/// The header text of a column: the name the reader knows first.
pub(crate) fn header(kind: TableKind, column: Column) -> &'static str {
    // Every column in SHEETS belongs to its kind in columns.rs (the unit test checks it).
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
    fn wrapped_lines_are_counted_by_words() {
        assert_eq!(lines("kurz", 10.0), 1);
        assert_eq!(lines("", 10.0), 1);
        assert_eq!(lines("eins\nzwei", 10.0), 2);
        // 12 characters fit a line of width 10 (× 1.2); the thirteenth not.
        assert_eq!(lines("abcde fghijk", 10.0), 1);
        assert_eq!(lines("abcde fghijkl", 10.0), 2);
        assert_eq!(lines(&"x".repeat(25), 10.0), 3);
    }

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
