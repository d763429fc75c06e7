//! Writing helpers shared by the example generators (`beispiel_goettingen`, `synth`): the
//! cell formats, a workbook with fixed properties (reproducible bytes), title rows and
//! header rows.

use ratsvorlage::date::Date;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// The header of a measures sheet (name, column width) as the generators write it.
pub(crate) const MASSNAHMEN_COLUMNS: [(&str, f64); 7] = [
    ("Ziel", 6.0),
    ("Nr.", 6.0),
    ("Maßnahme", 40.0),
    ("Umsetzungsvorschlag", 50.0),
    ("Ansprechpartner/in", 30.0),
    ("Zeitrahmen", 14.0),
    ("Finanzierung", 14.0),
];

/// The cell formats every workbook uses.
pub(crate) struct Formats {
    /// A sheet's title row.
    pub title: Format,
    /// Column headers.
    pub header: Format,
    /// Body cells (wrapped, top-aligned, bordered).
    pub text: Format,
    /// Date cells.
    pub date: Format,
    /// Amounts in euros.
    pub euro: Format,
}

impl Formats {
    /// The formats.
    pub(crate) fn new() -> Self {
        let text = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Self {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xDD_E6_F0)),
            date: text.clone().set_num_format("dd.mm.yyyy"),
            euro: text.clone().set_num_format("#,##0 \"€\""),
            text,
        }
    }
}

/// A workbook whose properties carry a fixed date, so that a rerun writes the same bytes.
pub(crate) fn workbook(
    title: &str,
    author: &str,
    stadt: &str,
    as_of: Date,
) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_title(title)
        .set_author(author)
        .set_company(stadt)
        .set_creation_datetime(&excel_date(as_of)?.and_hms(18, 0, 0)?);
    workbook.set_properties(&properties);
    Ok(workbook)
}

/// A date as rust_xlsxwriter takes it.
pub(crate) fn excel_date(date: Date) -> Result<ExcelDateTime, XlsxError> {
    let year =
        u16::try_from(date.year).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    ExcelDateTime::from_ymd(year, date.month, date.day)
}

/// A sheet with a title row and a date line above the header (rows 1, 2; header in row 4).
pub(crate) fn sheet_with_title<'a>(
    workbook: &'a mut Workbook,
    name: &str,
    title: &str,
    as_of: &str,
    formats: &Formats,
) -> Result<&'a mut Worksheet, XlsxError> {
    let sheet = workbook.add_worksheet().set_name(name)?;
    sheet.write_string_with_format(0, 0, title, &formats.title)?;
    sheet.write_string(1, 0, as_of)?;
    Ok(sheet)
}

/// The header row; `columns` are the names and widths of the columns.
pub(crate) fn header_row(
    sheet: &mut Worksheet,
    row: u32,
    columns: &[(&str, f64)],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (column, (name, width)) in (0u16..).zip(columns) {
        sheet.write_string_with_format(row, column, *name, &formats.header)?;
        sheet.set_column_width(column, *width)?;
    }
    Ok(())
}
