//! The three Excel workbooks of the example: AG 1 (title rows, cover sheet, merged goal cells,
//! goal numbers), AG 2 (synonyms and gender forms, priorities and amounts as text, goal texts
//! merged, an `AG` metadata sheet, a hidden validation sheet), and the wide attendance list of
//! AG 1 and 2. Bytes are reproducible: the document date is fixed.

use ratsvorlage::date::Date;
use ratsvorlage::german::date_text;
use ratsvorlage::model::Config;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Workbook, Worksheet, XlsxError,
};

use crate::content::{Ag, Finanzierung, Kind};
use crate::teilnehmende::{List, Name};
use crate::xlsx::{Formats, MASSNAHMEN_COLUMNS, excel_date, header_row, sheet_with_title};

/// Writes a goal reference over all rows of its measures: merged where there are several.
fn ziel_cell(
    sheet: &mut Worksheet,
    first: u32,
    last: u32,
    value: ZielRef<'_>,
    format: &Format,
) -> Result<(), XlsxError> {
    if last > first {
        sheet.merge_range(first, 0, last, 0, "", format)?;
    }
    match value {
        ZielRef::Number(number) => {
            sheet.write_number_with_format(first, 0, f64::from(number), format)?
        }
        ZielRef::Text(text) => sheet.write_string_with_format(first, 0, text, format)?,
    };
    Ok(())
}

/// How a measures sheet names the goal: by number (AG 1) or by its exact text (AG 2).
#[derive(Clone, Copy)]
enum ZielRef<'a> {
    Number(u32),
    Text(&'a str),
}

/// A year like `2009` is typed as a number in Excel; the words stay text.
fn zeitrahmen(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    match text.parse::<u32>() {
        Ok(year) => sheet.write_number_with_format(row, column, f64::from(year), format)?,
        Err(_) => sheet.write_string_with_format(row, column, text, format)?,
    };
    Ok(())
}

fn sitzung_date(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    date: Date,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_datetime_with_format(row, column, excel_date(date)?, &formats.date)?;
    Ok(())
}

/// `AG 1 Sprache und Bildung.xlsx`.
pub(crate) fn ag1(ag: &Ag, config: &Config) -> Result<Vec<u8>, XlsxError> {
    let name = handlungsfeld(config, ag.number);
    let as_of = last_sitzung(ag);
    let formats = Formats::new();
    let mut workbook = workbook(&format!("Arbeitsgruppe {name}"), as_of)?;
    let as_of_row = format!("Stand: {} (nach der 3. Sitzung)", date_text(as_of));

    let notes = workbook.add_worksheet().set_name("Hinweise")?;
    notes.set_column_width(0, 100)?;
    let texts = [
        format!("Integrationskonzept der Stadt Göttingen – Arbeitsgruppe {name}"),
        String::new(),
        "Hinweise zum Ausfüllen".to_owned(),
        "Bitte tragen Sie auf dem Blatt „Ziele“ die Ziele der Arbeitsgruppe mit ihrer Rangfolge ein \
         (1 = wichtigstes Ziel)."
            .to_owned(),
        "Auf dem Blatt „Maßnahmen“ steht links die Nummer des Ziels; sie gilt für alle Maßnahmen \
         daneben."
            .to_owned(),
        "Mehrere Ansprechpartner bitte untereinander in dieselbe Zelle schreiben (Alt+Eingabe)."
            .to_owned(),
        "Rückfragen: Büro für Integration, Neues Rathaus.".to_owned(),
    ];
    for (row, text) in (0u32..).zip(&texts) {
        notes.write_string(row, 0, text)?;
    }
    notes.write_string_with_format(0, 0, &texts[0], &formats.title)?;

    let sheet = sheet_with_title(
        &mut workbook,
        "Ziele",
        &format!("Arbeitsgruppe {name} – Ziele"),
        &as_of_row,
        &formats,
    )?;
    header_row(
        sheet,
        3,
        &[
            ("Nr.", 6.0),
            ("Ziel", 70.0),
            ("Priorität", 10.0),
            ("Leitziel", 10.0),
        ],
        &formats,
    )?;
    for (row, ziel) in (4u32..).zip(ag.ziele) {
        sheet.write_number_with_format(row, 0, f64::from(ziel.number), &formats.text)?;
        sheet.write_string_with_format(row, 1, ziel.text, &formats.text)?;
        sheet.write_number_with_format(row, 2, f64::from(ziel.prioritaet), &formats.text)?;
        sheet.write_number_with_format(row, 3, ziel.leitziel as f64, &formats.text)?;
    }

    let sheet = sheet_with_title(
        &mut workbook,
        "Maßnahmen",
        &format!("Arbeitsgruppe {name} – Maßnahmen"),
        &as_of_row,
        &formats,
    )?;
    let mut columns = MASSNAHMEN_COLUMNS.to_vec();
    columns.push(("Bemerkung", 24.0));
    header_row(sheet, 3, &columns, &formats)?;
    let mut row = 4u32;
    for ziel in ag.ziele {
        let first = row;
        for (i, massnahme) in (1u32..).zip(ziel.massnahmen) {
            sheet.write_string_with_format(
                row,
                1,
                format!("{}.{i}", ziel.number),
                &formats.text,
            )?;
            sheet.write_string_with_format(row, 2, massnahme.text, &formats.text)?;
            sheet.write_string_with_format(row, 3, massnahme.umsetzung, &formats.text)?;
            sheet.write_string_with_format(
                row,
                4,
                massnahme.ansprechpartner.join("\n"),
                &formats.text,
            )?;
            zeitrahmen(sheet, row, 5, massnahme.zeitrahmen, &formats.text)?;
            match massnahme.finanzierung {
                Finanzierung::Amount(euro) => {
                    sheet.write_number_with_format(row, 6, f64::from(euro), &formats.euro)?
                }
                word => sheet.write_string_with_format(
                    row,
                    6,
                    word.word().unwrap_or_default(),
                    &formats.text,
                )?,
            };
            row += 1;
        }
        ziel_cell(
            sheet,
            first,
            row - 1,
            ZielRef::Number(ziel.number),
            &formats.text,
        )?;
    }
    // A remark column that the pipeline does not know: reported as "unknown column, not used".
    sheet.write_string_with_format(4, 7, "in der 3. Sitzung ergänzt", &formats.text)?;

    let sheet = sheet_with_title(
        &mut workbook,
        "Ausgangslage",
        &format!("Arbeitsgruppe {name} – Ausgangslage"),
        &as_of_row,
        &formats,
    )?;
    header_row(sheet, 3, &[("Art", 12.0), ("Beschreibung", 90.0)], &formats)?;
    for (row, finding) in (4u32..).zip(ag.ausgangslage) {
        let kind = match finding.kind {
            Kind::Defizit => "Defizit",
            Kind::Potenzial => "Potenzial",
            Kind::Angebot => "Angebot",
        };
        sheet.write_string_with_format(row, 0, kind, &formats.text)?;
        sheet.write_string_with_format(row, 1, finding.text, &formats.text)?;
    }

    let sheet = sheet_with_title(
        &mut workbook,
        "Sitzungen",
        &format!("Arbeitsgruppe {name} – Sitzungen"),
        &as_of_row,
        &formats,
    )?;
    header_row(
        sheet,
        3,
        &[("Nr", 6.0), ("Datum", 12.0), ("Ort", 32.0), ("Thema", 50.0)],
        &formats,
    )?;
    for (row, (number, sitzung)) in (4u32..).zip((1u32..).zip(ag.sitzungen)) {
        sheet.write_number_with_format(row, 0, f64::from(number), &formats.text)?;
        sitzung_date(sheet, row, 1, sitzung.date, &formats)?;
        sheet.write_string_with_format(row, 2, sitzung.place, &formats.text)?;
        sheet.write_string_with_format(row, 3, sitzung.topic, &formats.text)?;
    }
    workbook.save_to_buffer()
}

/// `AG 2 Arbeit und Soziales.xlsx`.
pub(crate) fn ag2(ag: &Ag, config: &Config) -> Result<Vec<u8>, XlsxError> {
    let name = handlungsfeld(config, ag.number);
    let as_of = last_sitzung(ag);
    let formats = Formats::new();
    let mut workbook = workbook(&format!("AG {name}"), as_of)?;

    // The AG is named here, not by a column: key/value rows.
    let meta = workbook.add_worksheet().set_name("AG")?;
    meta.set_column_width(0, 16)?;
    meta.set_column_width(1, 40)?;
    meta.write_string_with_format(0, 0, "Arbeitsgruppe", &formats.header)?;
    meta.write_string(0, 1, name)?;
    meta.write_string_with_format(1, 0, "Moderation", &formats.header)?;
    meta.write_string(1, 1, "imap Institut, Leverkusen")?;
    meta.write_string_with_format(2, 0, "Stand", &formats.header)?;
    sitzung_date(meta, 2, 1, as_of, &formats)?;

    let sheet = workbook.add_worksheet().set_name("Ziele")?;
    header_row(
        sheet,
        0,
        &[
            ("Nr", 6.0),
            ("Zielformulierung", 70.0),
            ("Rang", 10.0),
            ("Leitziel", 50.0),
        ],
        &formats,
    )?;
    for (row, ziel) in (1u32..).zip(ag.ziele) {
        let rank = if ziel.prioritaet % 2 == 1 {
            format!("Prio {}", ziel.prioritaet)
        } else {
            format!("{}.", ziel.prioritaet)
        };
        let leitziel = ziel
            .leitziel
            .checked_sub(1)
            .and_then(|i| config.konzept.leitziele.get(i));
        sheet.write_number_with_format(row, 0, f64::from(ziel.number), &formats.text)?;
        sheet.write_string_with_format(row, 1, ziel.text, &formats.text)?;
        sheet.write_string_with_format(row, 2, rank, &formats.text)?;
        sheet.write_string_with_format(
            row,
            3,
            leitziel.map_or("", String::as_str),
            &formats.text,
        )?;
    }

    let sheet = workbook.add_worksheet().set_name("Maßnahmen")?;
    let columns = [
        ("Ziel", 40.0),
        ("Maßnahmenvorschlag", 40.0),
        ("Umsetzungsschritte", 50.0),
        ("Ansprechpartner*innen", 34.0),
        ("Zeitraum", 14.0),
        ("Kosten", 12.0),
    ];
    header_row(sheet, 0, &columns, &formats)?;
    let mut row = 1u32;
    for ziel in ag.ziele {
        let first = row;
        for massnahme in ziel.massnahmen {
            let cost = match massnahme.finanzierung {
                Finanzierung::Amount(euro) => format!("{} €", crate::content::thousands(euro)),
                word => word.word().unwrap_or_default().to_owned(),
            };
            sheet.write_string_with_format(row, 1, massnahme.text, &formats.text)?;
            sheet.write_string_with_format(row, 2, massnahme.umsetzung, &formats.text)?;
            sheet.write_string_with_format(
                row,
                3,
                massnahme.ansprechpartner.join("; "),
                &formats.text,
            )?;
            sheet.write_string_with_format(row, 4, massnahme.zeitrahmen, &formats.text)?;
            sheet.write_string_with_format(row, 5, cost, &formats.text)?;
            row += 1;
        }
        ziel_cell(
            sheet,
            first,
            row - 1,
            ZielRef::Text(ziel.text),
            &formats.text,
        )?;
    }
    let dropdown = DataValidation::new()
        .allow_list_formula(Formula::new("=Listen!$A$1:$A$4"))
        .set_error_style(DataValidationErrorStyle::Information);
    sheet.add_data_validation(1, 4, 200, 4, &dropdown)?;

    let sheet = workbook.add_worksheet().set_name("Ausgangslage")?;
    header_row(sheet, 0, &[("Kategorie", 16.0), ("Inhalt", 90.0)], &formats)?;
    for (row, finding) in (1u32..).zip(ag.ausgangslage) {
        // The AG uses the synonyms, alternating between two spellings of the same kind.
        let kind = match (finding.kind, row % 2) {
            (Kind::Defizit, 0) => "Handlungsbedarf",
            (Kind::Defizit, _) => "Defizit",
            (Kind::Potenzial, 0) => "Stärke",
            (Kind::Potenzial, _) => "Potential",
            (Kind::Angebot, _) => "Angebot",
        };
        sheet.write_string_with_format(row, 0, kind, &formats.text)?;
        sheet.write_string_with_format(row, 1, finding.text, &formats.text)?;
    }

    let sheet = workbook.add_worksheet().set_name("Sitzungen")?;
    header_row(
        sheet,
        0,
        &[
            ("Sitzung", 8.0),
            ("Termin", 12.0),
            ("Raum", 36.0),
            ("Schwerpunkt", 40.0),
        ],
        &formats,
    )?;
    for (row, sitzung) in (1u32..).zip(ag.sitzungen) {
        sheet.write_number_with_format(row, 0, f64::from(row), &formats.text)?;
        sitzung_date(sheet, row, 1, sitzung.date, &formats)?;
        sheet.write_string_with_format(row, 2, sitzung.place, &formats.text)?;
        sheet.write_string_with_format(row, 3, sitzung.topic, &formats.text)?;
    }

    // Values for the drop-down lists; hidden, and without a header: not a table.
    let lists = workbook.add_worksheet().set_name("Listen")?;
    for (row, value) in (0u32..).zip(["kurzfristig", "mittelfristig", "langfristig", "laufend"]) {
        lists.write_string(row, 0, value)?;
    }
    for (row, value) in (0u32..).zip(["Haushalt", "Drittmittel", "kostenneutral"]) {
        lists.write_string(row, 1, value)?;
    }
    lists.set_hidden(true);
    workbook.save_to_buffer()
}

/// How a sheet of the wide attendance list heads its session columns and marks presence.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `1. Sitzung` …; marks `x`, `X`, `✓`; absent = empty.
    Numbers,
    /// The session dates as date cells; marks `1` and `ja`; absent = empty or `-`.
    Dates,
}

/// `Teilnehmerliste AG 1 und 2.xlsx`: one sheet per AG, one row per person (surname and first
/// name in two columns), one column per session.
pub(crate) fn attendance_list(
    lists: &[(&List, Style)],
    ags: &[&Ag],
    config: &Config,
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let date_header = formats.header.clone().set_num_format("dd.mm.yyyy");
    let as_of = ags.iter().map(|ag| last_sitzung(ag)).max().unwrap_or(Date {
        year: 2008,
        month: 6,
        day: 30,
    });
    let mut workbook = workbook("Teilnehmerlisten der Arbeitsgruppen", as_of)?;
    for &(list, style) in lists {
        let name = handlungsfeld(config, list.ag);
        let sitzungen = ags
            .iter()
            .find(|ag| ag.number == list.ag)
            .map_or(&[][..], |ag| ag.sitzungen);
        let sheet = sheet_with_title(
            &mut workbook,
            &format!("AG {} {name}", list.ag),
            &format!("Teilnehmerliste – Arbeitsgruppe {name}"),
            "Anwesenheit bitte ankreuzen",
            &formats,
        )?;
        header_row(
            sheet,
            3,
            &[
                ("Name", 16.0),
                ("Vorname", 12.0),
                ("Organisation", 40.0),
                ("Bereich", 24.0),
                ("AG", 22.0),
            ],
            &formats,
        )?;
        for ((number, column), sitzung) in (1u32..).zip(5u16..).zip(sitzungen) {
            match style {
                Style::Dates => sheet.write_datetime_with_format(
                    3,
                    column,
                    excel_date(sitzung.date)?,
                    &date_header,
                )?,
                Style::Numbers => sheet.write_string_with_format(
                    3,
                    column,
                    format!("{number}. Sitzung"),
                    &formats.header,
                )?,
            };
            sheet.set_column_width(column, 11)?;
        }
        for (row, entry) in (4u32..).zip(list.entries) {
            if let Name::Split {
                surname,
                first_name,
            } = entry.name
            {
                sheet.write_string(row, 0, surname)?;
                sheet.write_string(row, 1, first_name)?;
            }
            if !entry.organisation.is_empty() {
                sheet.write_string(row, 2, entry.organisation)?;
            }
            if !entry.bereich.is_empty() {
                sheet.write_string(row, 3, entry.bereich)?;
            }
            sheet.write_string(row, 4, name)?;
            for ((column, mark), k) in (5u16..).zip(entry.present.chars()).zip(row..) {
                attendance_mark(sheet, row, column, mark == 'x', style, k)?;
            }
        }
    }
    workbook.save_to_buffer()
}

/// One attendance cell, with the marks varying as they do in real lists (`k` picks the variant).
fn attendance_mark(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    present: bool,
    style: Style,
    k: u32,
) -> Result<(), XlsxError> {
    match (present, style) {
        (true, Style::Numbers) => {
            sheet.write_string(row, column, ["x", "X", "✓"][(k % 3) as usize])?;
        }
        (true, Style::Dates) if k.is_multiple_of(2) => {
            sheet.write_number(row, column, 1.0)?;
        }
        (true, Style::Dates) => {
            sheet.write_string(row, column, "ja")?;
        }
        (false, Style::Dates) if k.is_multiple_of(2) => {
            sheet.write_string(row, column, "-")?;
        }
        (false, _) => {}
    }
    Ok(())
}

/// The name of Handlungsfeld `number` (from 1) in konzept.toml.
pub(crate) fn handlungsfeld(config: &Config, number: usize) -> &str {
    crate::content::handlungsfeld(config, number).map_or("", |field| field.name.as_str())
}

/// The date of an AG's last session: the workbook's "as of" date.
fn last_sitzung(ag: &Ag) -> Date {
    ag.sitzungen.iter().map(|s| s.date).max().unwrap_or(Date {
        year: 2008,
        month: 6,
        day: 30,
    })
}

/// A workbook of the Büro für Integration with a fixed date.
fn workbook(title: &str, as_of: Date) -> Result<Workbook, XlsxError> {
    crate::xlsx::workbook(title, "Büro für Integration", "Stadt Göttingen", as_of)
}
