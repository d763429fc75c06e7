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
use crate::teilnehmende::{Liste, Name};
use crate::xlsx::{Formats, MASSNAHMEN_COLUMNS, excel_date, header_row, sheet_with_title};

/// Writes a goal reference over all rows of its measures: merged where there are several.
fn zielzelle(
    sheet: &mut Worksheet,
    first: u32,
    last: u32,
    value: ZielBezug<'_>,
    format: &Format,
) -> Result<(), XlsxError> {
    if last > first {
        sheet.merge_range(first, 0, last, 0, "", format)?;
    }
    match value {
        ZielBezug::Number(number) => {
            sheet.write_number_with_format(first, 0, f64::from(number), format)?
        }
        ZielBezug::Text(text) => sheet.write_string_with_format(first, 0, text, format)?,
    };
    Ok(())
}

/// How a measures sheet names the goal: by number (AG 1) or by its exact text (AG 2).
#[derive(Clone, Copy)]
enum ZielBezug<'a> {
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

fn sitzungsdatum(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    date: Date,
    formate: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_datetime_with_format(row, column, excel_date(date)?, &formate.date)?;
    Ok(())
}

/// `AG 1 Sprache und Bildung.xlsx`.
pub(crate) fn ag1(ag: &Ag, config: &Config) -> Result<Vec<u8>, XlsxError> {
    let name = handlungsfeld(config, ag.number);
    let stand = letzte_sitzung(ag);
    let formate = Formats::new();
    let mut workbook = arbeitsmappe(&format!("Arbeitsgruppe {name}"), stand)?;
    let zeile_stand = format!("Stand: {} (nach der 3. Sitzung)", date_text(stand));

    let notes = workbook.add_worksheet().set_name("Hinweise")?;
    notes.set_column_width(0, 100)?;
    let texte = [
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
    for (row, text) in (0u32..).zip(&texte) {
        notes.write_string(row, 0, text)?;
    }
    notes.write_string_with_format(0, 0, &texte[0], &formate.title)?;

    let sheet = sheet_with_title(
        &mut workbook,
        "Ziele",
        &format!("Arbeitsgruppe {name} – Ziele"),
        &zeile_stand,
        &formate,
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
        &formate,
    )?;
    for (row, ziel) in (4u32..).zip(ag.ziele) {
        sheet.write_number_with_format(row, 0, f64::from(ziel.number), &formate.text)?;
        sheet.write_string_with_format(row, 1, ziel.text, &formate.text)?;
        sheet.write_number_with_format(row, 2, f64::from(ziel.prioritaet), &formate.text)?;
        sheet.write_number_with_format(row, 3, ziel.leitziel as f64, &formate.text)?;
    }

    let sheet = sheet_with_title(
        &mut workbook,
        "Maßnahmen",
        &format!("Arbeitsgruppe {name} – Maßnahmen"),
        &zeile_stand,
        &formate,
    )?;
    let mut columns = MASSNAHMEN_COLUMNS.to_vec();
    columns.push(("Bemerkung", 24.0));
    header_row(sheet, 3, &columns, &formate)?;
    let mut row = 4u32;
    for ziel in ag.ziele {
        let erste = row;
        for (i, massnahme) in (1u32..).zip(ziel.massnahmen) {
            sheet.write_string_with_format(
                row,
                1,
                format!("{}.{i}", ziel.number),
                &formate.text,
            )?;
            sheet.write_string_with_format(row, 2, massnahme.text, &formate.text)?;
            sheet.write_string_with_format(row, 3, massnahme.umsetzung, &formate.text)?;
            sheet.write_string_with_format(
                row,
                4,
                massnahme.ansprechpartner.join("\n"),
                &formate.text,
            )?;
            zeitrahmen(sheet, row, 5, massnahme.zeitrahmen, &formate.text)?;
            match massnahme.finanzierung {
                Finanzierung::Betrag(euro) => {
                    sheet.write_number_with_format(row, 6, f64::from(euro), &formate.euro)?
                }
                wort => sheet.write_string_with_format(
                    row,
                    6,
                    wort.wort().unwrap_or_default(),
                    &formate.text,
                )?,
            };
            row += 1;
        }
        zielzelle(
            sheet,
            erste,
            row - 1,
            ZielBezug::Number(ziel.number),
            &formate.text,
        )?;
    }
    // A remark column that the pipeline does not know: reported as "unknown column, not used".
    sheet.write_string_with_format(4, 7, "in der 3. Sitzung ergänzt", &formate.text)?;

    let sheet = sheet_with_title(
        &mut workbook,
        "Ausgangslage",
        &format!("Arbeitsgruppe {name} – Ausgangslage"),
        &zeile_stand,
        &formate,
    )?;
    header_row(sheet, 3, &[("Art", 12.0), ("Beschreibung", 90.0)], &formate)?;
    for (row, befund) in (4u32..).zip(ag.ausgangslage) {
        let kind = match befund.kind {
            Kind::Defizit => "Defizit",
            Kind::Potenzial => "Potenzial",
            Kind::Angebot => "Angebot",
        };
        sheet.write_string_with_format(row, 0, kind, &formate.text)?;
        sheet.write_string_with_format(row, 1, befund.text, &formate.text)?;
    }

    let sheet = sheet_with_title(
        &mut workbook,
        "Sitzungen",
        &format!("Arbeitsgruppe {name} – Sitzungen"),
        &zeile_stand,
        &formate,
    )?;
    header_row(
        sheet,
        3,
        &[("Nr", 6.0), ("Datum", 12.0), ("Ort", 32.0), ("Thema", 50.0)],
        &formate,
    )?;
    for (row, (number, sitzung)) in (4u32..).zip((1u32..).zip(ag.sitzungen)) {
        sheet.write_number_with_format(row, 0, f64::from(number), &formate.text)?;
        sitzungsdatum(sheet, row, 1, sitzung.date, &formate)?;
        sheet.write_string_with_format(row, 2, sitzung.place, &formate.text)?;
        sheet.write_string_with_format(row, 3, sitzung.topic, &formate.text)?;
    }
    workbook.save_to_buffer()
}

/// `AG 2 Arbeit und Soziales.xlsx`.
pub(crate) fn ag2(ag: &Ag, config: &Config) -> Result<Vec<u8>, XlsxError> {
    let name = handlungsfeld(config, ag.number);
    let stand = letzte_sitzung(ag);
    let formate = Formats::new();
    let mut workbook = arbeitsmappe(&format!("AG {name}"), stand)?;

    // The AG is named here, not by a column: key/value rows.
    let meta = workbook.add_worksheet().set_name("AG")?;
    meta.set_column_width(0, 16)?;
    meta.set_column_width(1, 40)?;
    meta.write_string_with_format(0, 0, "Arbeitsgruppe", &formate.header)?;
    meta.write_string(0, 1, name)?;
    meta.write_string_with_format(1, 0, "Moderation", &formate.header)?;
    meta.write_string(1, 1, "imap Institut, Leverkusen")?;
    meta.write_string_with_format(2, 0, "Stand", &formate.header)?;
    sitzungsdatum(meta, 2, 1, stand, &formate)?;

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
        &formate,
    )?;
    for (row, ziel) in (1u32..).zip(ag.ziele) {
        let rang = if ziel.prioritaet % 2 == 1 {
            format!("Prio {}", ziel.prioritaet)
        } else {
            format!("{}.", ziel.prioritaet)
        };
        let leitziel = ziel
            .leitziel
            .checked_sub(1)
            .and_then(|i| config.konzept.leitziele.get(i));
        sheet.write_number_with_format(row, 0, f64::from(ziel.number), &formate.text)?;
        sheet.write_string_with_format(row, 1, ziel.text, &formate.text)?;
        sheet.write_string_with_format(row, 2, rang, &formate.text)?;
        sheet.write_string_with_format(
            row,
            3,
            leitziel.map_or("", String::as_str),
            &formate.text,
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
    header_row(sheet, 0, &columns, &formate)?;
    let mut row = 1u32;
    for ziel in ag.ziele {
        let erste = row;
        for massnahme in ziel.massnahmen {
            let kosten = match massnahme.finanzierung {
                Finanzierung::Betrag(euro) => format!("{} €", crate::content::tausender(euro)),
                wort => wort.wort().unwrap_or_default().to_owned(),
            };
            sheet.write_string_with_format(row, 1, massnahme.text, &formate.text)?;
            sheet.write_string_with_format(row, 2, massnahme.umsetzung, &formate.text)?;
            sheet.write_string_with_format(
                row,
                3,
                massnahme.ansprechpartner.join("; "),
                &formate.text,
            )?;
            sheet.write_string_with_format(row, 4, massnahme.zeitrahmen, &formate.text)?;
            sheet.write_string_with_format(row, 5, kosten, &formate.text)?;
            row += 1;
        }
        zielzelle(
            sheet,
            erste,
            row - 1,
            ZielBezug::Text(ziel.text),
            &formate.text,
        )?;
    }
    let auswahl = DataValidation::new()
        .allow_list_formula(Formula::new("=Listen!$A$1:$A$4"))
        .set_error_style(DataValidationErrorStyle::Information);
    sheet.add_data_validation(1, 4, 200, 4, &auswahl)?;

    let sheet = workbook.add_worksheet().set_name("Ausgangslage")?;
    header_row(sheet, 0, &[("Kategorie", 16.0), ("Inhalt", 90.0)], &formate)?;
    for (row, befund) in (1u32..).zip(ag.ausgangslage) {
        // The AG uses the synonyms, alternating between two spellings of the same kind.
        let kind = match (befund.kind, row % 2) {
            (Kind::Defizit, 0) => "Handlungsbedarf",
            (Kind::Defizit, _) => "Defizit",
            (Kind::Potenzial, 0) => "Stärke",
            (Kind::Potenzial, _) => "Potential",
            (Kind::Angebot, _) => "Angebot",
        };
        sheet.write_string_with_format(row, 0, kind, &formate.text)?;
        sheet.write_string_with_format(row, 1, befund.text, &formate.text)?;
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
        &formate,
    )?;
    for (row, sitzung) in (1u32..).zip(ag.sitzungen) {
        sheet.write_number_with_format(row, 0, f64::from(row), &formate.text)?;
        sitzungsdatum(sheet, row, 1, sitzung.date, &formate)?;
        sheet.write_string_with_format(row, 2, sitzung.place, &formate.text)?;
        sheet.write_string_with_format(row, 3, sitzung.topic, &formate.text)?;
    }

    // Values for the drop-down lists; hidden, and without a header: not a table.
    let listen = workbook.add_worksheet().set_name("Listen")?;
    for (row, value) in (0u32..).zip(["kurzfristig", "mittelfristig", "langfristig", "laufend"]) {
        listen.write_string(row, 0, value)?;
    }
    for (row, value) in (0u32..).zip(["Haushalt", "Drittmittel", "kostenneutral"]) {
        listen.write_string(row, 1, value)?;
    }
    listen.set_hidden(true);
    workbook.save_to_buffer()
}

/// How a sheet of the wide attendance list heads its session columns and marks presence.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stil {
    /// `1. Sitzung` …; marks `x`, `X`, `✓`; absent = empty.
    Nummern,
    /// The session dates as date cells; marks `1` and `ja`; absent = empty or `-`.
    Daten,
}

/// `Teilnehmerliste AG 1 und 2.xlsx`: one sheet per AG, one row per person (surname and first
/// name in two columns), one column per session.
pub(crate) fn teilnehmerliste(
    listen: &[(&Liste, Stil)],
    ags: &[&Ag],
    config: &Config,
) -> Result<Vec<u8>, XlsxError> {
    let formate = Formats::new();
    let datum_kopf = formate.header.clone().set_num_format("dd.mm.yyyy");
    let stand = ags
        .iter()
        .map(|ag| letzte_sitzung(ag))
        .max()
        .unwrap_or(Date {
            year: 2008,
            month: 6,
            day: 30,
        });
    let mut workbook = arbeitsmappe("Teilnehmerlisten der Arbeitsgruppen", stand)?;
    for &(list, stil) in listen {
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
            &formate,
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
            &formate,
        )?;
        for ((number, column), sitzung) in (1u32..).zip(5u16..).zip(sitzungen) {
            match stil {
                Stil::Daten => sheet.write_datetime_with_format(
                    3,
                    column,
                    excel_date(sitzung.date)?,
                    &datum_kopf,
                )?,
                Stil::Nummern => sheet.write_string_with_format(
                    3,
                    column,
                    format!("{number}. Sitzung"),
                    &formate.header,
                )?,
            };
            sheet.set_column_width(column, 11)?;
        }
        for (row, entry) in (4u32..).zip(list.entries) {
            if let Name::Getrennt { nachname, vorname } = entry.name {
                sheet.write_string(row, 0, nachname)?;
                sheet.write_string(row, 1, vorname)?;
            }
            if !entry.organisation.is_empty() {
                sheet.write_string(row, 2, entry.organisation)?;
            }
            if !entry.bereich.is_empty() {
                sheet.write_string(row, 3, entry.bereich)?;
            }
            sheet.write_string(row, 4, name)?;
            for ((column, zeichen), k) in (5u16..).zip(entry.present.chars()).zip(row..) {
                markierung(sheet, row, column, zeichen == 'x', stil, k)?;
            }
        }
    }
    workbook.save_to_buffer()
}

/// One attendance cell, with the marks varying as they do in real lists (`k` picks the variant).
fn markierung(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    present: bool,
    stil: Stil,
    k: u32,
) -> Result<(), XlsxError> {
    match (present, stil) {
        (true, Stil::Nummern) => {
            sheet.write_string(row, column, ["x", "X", "✓"][(k % 3) as usize])?;
        }
        (true, Stil::Daten) if k.is_multiple_of(2) => {
            sheet.write_number(row, column, 1.0)?;
        }
        (true, Stil::Daten) => {
            sheet.write_string(row, column, "ja")?;
        }
        (false, Stil::Daten) if k.is_multiple_of(2) => {
            sheet.write_string(row, column, "-")?;
        }
        (false, _) => {}
    }
    Ok(())
}

/// The name of Handlungsfeld `nr` (from 1) in konzept.toml.
pub(crate) fn handlungsfeld(config: &Config, number: usize) -> &str {
    crate::content::handlungsfeld(config, number).map_or("", |feld| feld.name.as_str())
}

/// The date of an AG's last session: the workbook's "as of" date.
fn letzte_sitzung(ag: &Ag) -> Date {
    ag.sitzungen.iter().map(|s| s.date).max().unwrap_or(Date {
        year: 2008,
        month: 6,
        day: 30,
    })
}

/// A workbook of the Büro für Integration with a fixed date.
fn arbeitsmappe(title: &str, stand: Date) -> Result<Workbook, XlsxError> {
    crate::xlsx::workbook(title, "Büro für Integration", "Stadt Göttingen", stand)
}
