//! An OpenDocument spreadsheet written by hand, as LibreOffice would save it in essence:
//! a zip with `mimetype` stored first, `META-INF/manifest.xml`, `meta.xml` and `content.xml`.
//! Then the AG 3 workbook: goal cells left blank below the first measure of each goal
//! (fill-down), one session date as text.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use ratsvorlage::date::Date;
use ratsvorlage::german::date_text;
use ratsvorlage::model::Config;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::content::{Ag, Finanzierung, Kind};

/// A cell of a sheet.
pub(crate) enum Cell {
    /// Nothing.
    Empty,
    /// A string; line breaks become paragraphs.
    Text(String),
    /// A float.
    Number(f64),
    /// A date cell.
    Date(Date),
}

/// One sheet: name, column widths in cm, rows.
pub(crate) struct DecodedSheet {
    /// Sheet name.
    pub name: String,
    /// Column widths in cm.
    pub widths: Vec<f64>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// The bytes of an ODS file; `as_of` dates the zip entries and the document metadata.
pub(crate) fn ods(
    sheets: &[DecodedSheet],
    title: &str,
    as_of: Date,
) -> zip::result::ZipResult<Vec<u8>> {
    let time = DateTime::from_date_and_time(
        u16::try_from(as_of.year).unwrap_or(2008),
        as_of.month,
        as_of.day,
        18,
        0,
        0,
    )
    .unwrap_or_default();
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored)?;
    zip.write_all(MIMETYPE.as_bytes())?;
    zip.start_file("META-INF/manifest.xml", deflated)?;
    zip.write_all(manifest().as_bytes())?;
    zip.start_file("meta.xml", deflated)?;
    zip.write_all(meta(title, as_of).as_bytes())?;
    zip.start_file("content.xml", deflated)?;
    zip.write_all(content(sheets).as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

fn manifest() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\n \
         <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" manifest:media-type=\"{MIMETYPE}\"/>\n \
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n \
         <manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>\n\
         </manifest:manifest>\n"
    )
}

fn meta(title: &str, as_of: Date) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.2\">\
         <office:meta><meta:generator>ratsvorlage Beispiel</meta:generator>\
         <dc:title>{}</dc:title><meta:creation-date>{as_of}T18:00:00</meta:creation-date>\
         <dc:date>{as_of}T18:00:00</dc:date></office:meta></office:document-meta>\n",
        xml(title)
    )
}

/// `content.xml`. Cells of one row stand on one line without white space between them:
/// calamine's reader accepts nothing but cells inside a row.
fn content(sheets: &[DecodedSheet]) -> String {
    let mut styles = String::new();
    let mut tables = String::new();
    for (b, sheet) in sheets.iter().enumerate() {
        let _ = writeln!(tables, "<table:table table:name=\"{}\">", xml(&sheet.name));
        for (s, width) in sheet.widths.iter().enumerate() {
            let _ = writeln!(
                styles,
                "<style:style style:name=\"co{b}_{s}\" style:family=\"table-column\">\
                 <style:table-column-properties style:column-width=\"{width}cm\"/></style:style>"
            );
            let _ = writeln!(
                tables,
                "<table:table-column table:style-name=\"co{b}_{s}\"/>"
            );
        }
        for row in &sheet.rows {
            tables.push_str("<table:table-row>");
            for cell in row {
                tables.push_str(&cell_xml(cell));
            }
            tables.push_str("</table:table-row>\n");
        }
        tables.push_str("</table:table>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\" \
         xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" office:version=\"1.2\">\n\
         <office:automatic-styles>\n\
         <number:date-style style:name=\"N1\"><number:day/><number:text>.</number:text>\
         <number:month/><number:text>.</number:text><number:year number:style=\"long\"/></number:date-style>\n\
         <style:style style:name=\"datum\" style:family=\"table-cell\" style:data-style-name=\"N1\"/>\n\
         {styles}</office:automatic-styles>\n\
         <office:body><office:spreadsheet>\n{tables}</office:spreadsheet></office:body></office:document-content>\n"
    )
}

fn cell_xml(cell: &Cell) -> String {
    match cell {
        Cell::Empty => "<table:table-cell/>".to_owned(),
        Cell::Text(text) => {
            let paragraphs: String = text
                .split('\n')
                .map(|row| format!("<text:p>{}</text:p>", xml(row)))
                .collect();
            format!(
                "<table:table-cell office:value-type=\"string\">{paragraphs}</table:table-cell>"
            )
        }
        Cell::Number(number) => format!(
            "<table:table-cell office:value-type=\"float\" office:value=\"{number}\"><text:p>{number}</text:p></table:table-cell>"
        ),
        Cell::Date(date) => format!(
            "<table:table-cell table:style-name=\"datum\" office:value-type=\"date\" office:date-value=\"{date}\">\
             <text:p>{:02}.{:02}.{}</text:p></table:table-cell>",
            date.day, date.month, date.year
        ),
    }
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text(text: impl Into<String>) -> Cell {
    Cell::Text(text.into())
}

/// `ag-3_freizeit-kultur-religion.ods`: no `AG` column and no `AG` sheet, so the AG comes from
/// the number in the file name.
pub(crate) fn ag3(ag: &Ag, config: &Config) -> zip::result::ZipResult<Vec<u8>> {
    let name = crate::workbooks::handlungsfeld(config, ag.number);
    let mut ziele = vec![
        vec![text(format!("AG {name} – Ziele"))],
        vec![text("Nr"), text("Ziel"), text("Prio"), text("Leitziel")],
    ];
    ziele.extend(ag.ziele.iter().map(|ziel| {
        vec![
            Cell::Number(f64::from(ziel.number)),
            text(ziel.text),
            Cell::Number(f64::from(ziel.prioritaet)),
            Cell::Number(ziel.leitziel as f64),
        ]
    }));

    let mut massnahmen = vec![vec![
        text("Ziel"),
        text("Maßnahmen-Nr"),
        text("Maßnahme"),
        text("Umsetzung"),
        text("Zuständig"),
        text("Zeitplan"),
        text("Finanzbedarf"),
    ]];
    for ziel in ag.ziele {
        for (i, massnahme) in (1u32..).zip(ziel.massnahmen) {
            // Only the first measure of a goal names it; the cells below stay empty (fill-down).
            let ziel_cell = if i == 1 {
                Cell::Number(f64::from(ziel.number))
            } else {
                Cell::Empty
            };
            let finanzierung = match massnahme.finanzierung {
                Finanzierung::Amount(euro) => Cell::Number(f64::from(euro)),
                word => text(word.word().unwrap_or_default()),
            };
            massnahmen.push(vec![
                ziel_cell,
                text(format!("{}.{i}", ziel.number)),
                text(massnahme.text),
                text(massnahme.umsetzung),
                text(massnahme.ansprechpartner.join("\n")),
                text(massnahme.zeitrahmen),
                finanzierung,
            ]);
        }
    }

    let mut ausgangslage = vec![vec![text("Art"), text("Beschreibung")]];
    ausgangslage.extend(ag.ausgangslage.iter().map(|finding| {
        let kind = match finding.kind {
            Kind::Defizit => "Defizit",
            Kind::Potenzial => "Potenzial",
            Kind::Angebot => "Angebot",
        };
        vec![text(kind), text(finding.text)]
    }));

    let mut sitzungen = vec![vec![text("Nr"), text("Datum"), text("Ort"), text("Thema")]];
    for (number, sitzung) in (1u32..).zip(ag.sitzungen) {
        // Someone typed the second date with the cell formatted as text.
        let date = if number == 2 {
            text(date_text(sitzung.date))
        } else {
            Cell::Date(sitzung.date)
        };
        sitzungen.push(vec![
            Cell::Number(f64::from(number)),
            date,
            text(sitzung.place),
            text(sitzung.topic),
        ]);
    }

    let sheets = [
        DecodedSheet {
            name: "Ziele".into(),
            widths: vec![1.5, 14.0, 1.5, 2.0],
            rows: ziele,
        },
        DecodedSheet {
            name: "Maßnahmen".into(),
            widths: vec![1.5, 2.5, 9.0, 11.0, 7.0, 3.0, 3.0],
            rows: massnahmen,
        },
        DecodedSheet {
            name: "Ausgangslage".into(),
            widths: vec![3.0, 18.0],
            rows: ausgangslage,
        },
        DecodedSheet {
            name: "Sitzungen".into(),
            widths: vec![1.5, 3.0, 6.0, 8.0],
            rows: sitzungen,
        },
    ];
    let as_of = ag.sitzungen.iter().map(|s| s.date).max().unwrap_or(Date {
        year: 2008,
        month: 6,
        day: 30,
    });
    ods(&sheets, &format!("AG {name}"), as_of)
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, SheetVisible};

    use super::*;

    #[test]
    fn calamine_reads_the_hand_written_ods() {
        let sheets = [DecodedSheet {
            name: "Tabelle & Co".into(),
            widths: vec![2.0, 4.0],
            rows: vec![
                vec![text("Ziel"), text("Zuständig")],
                vec![Cell::Number(1.0), text("Büro <A>\nVHS")],
                vec![
                    Cell::Empty,
                    Cell::Date(Date {
                        year: 2008,
                        month: 4,
                        day: 15,
                    }),
                ],
            ],
        }];
        let as_of = Date {
            year: 2008,
            month: 6,
            day: 17,
        };
        let bytes = ods(&sheets, "Test", as_of).expect("ods written");
        let mut workbook = calamine::Ods::new(Cursor::new(bytes)).expect("calamine opens it");
        let sheet = &workbook.sheets_metadata()[0];
        assert_eq!(
            (sheet.name.as_str(), sheet.visible),
            ("Tabelle & Co", SheetVisible::Visible)
        );
        let range = workbook
            .worksheet_range("Tabelle & Co")
            .expect("sheet reads");
        assert_eq!(range.get_value((1, 0)), Some(&Data::Float(1.0)));
        assert_eq!(
            range.get_value((1, 1)),
            Some(&Data::String("Büro <A>\nVHS".into()))
        );
        assert_eq!(range.get_value((2, 0)), Some(&Data::Empty));
        assert_eq!(
            range.get_value((2, 1)),
            Some(&Data::DateTimeIso("2008-04-15".into()))
        );
    }

    #[test]
    fn mimetype_is_the_first_entry_and_stored() {
        let as_of = Date {
            year: 2008,
            month: 6,
            day: 17,
        };
        let bytes = ods(&[], "Leer", as_of).expect("ods written");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let first = archive.by_index(0).expect("first entry");
        assert_eq!(first.name().expect("UTF-8 name"), "mimetype");
        assert_eq!(first.compression(), CompressionMethod::Stored);
    }
}
