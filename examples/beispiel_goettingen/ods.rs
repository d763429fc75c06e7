//! An OpenDocument spreadsheet written by hand, as LibreOffice would save it in essence:
//! a zip with `mimetype` stored first, `META-INF/manifest.xml`, `meta.xml` and `content.xml`.
//! Then the AG 3 workbook: goal cells left blank below the first measure of each goal
//! (fill-down), one session date as text.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use ratsvorlage::datum::Datum;
use ratsvorlage::model::Config;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::inhalt::{Ag, Art, Finanzierung};

/// A cell of a sheet.
pub enum Zelle {
    /// Nothing.
    Leer,
    /// A string; line breaks become paragraphs.
    Text(String),
    /// A float.
    Zahl(f64),
    /// A date cell.
    Datum(Datum),
}

/// One sheet: name, column widths in cm, rows.
pub struct Blatt {
    /// Sheet name.
    pub name: String,
    /// Column widths in cm.
    pub breiten: Vec<f64>,
    /// Rows of cells.
    pub zeilen: Vec<Vec<Zelle>>,
}

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// The bytes of an ODS file; `stand` dates the zip entries and the document metadata.
pub fn ods(blaetter: &[Blatt], titel: &str, stand: Datum) -> zip::result::ZipResult<Vec<u8>> {
    let zeit = DateTime::from_date_and_time(
        u16::try_from(stand.jahr).unwrap_or(2008),
        stand.monat,
        stand.tag,
        18,
        0,
        0,
    )
    .unwrap_or_default();
    let gespeichert = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(zeit);
    let gepackt = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zeit);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("mimetype", gespeichert)?;
    zip.write_all(MIMETYPE.as_bytes())?;
    zip.start_file("META-INF/manifest.xml", gepackt)?;
    zip.write_all(manifest().as_bytes())?;
    zip.start_file("meta.xml", gepackt)?;
    zip.write_all(meta(titel, stand).as_bytes())?;
    zip.start_file("content.xml", gepackt)?;
    zip.write_all(content(blaetter).as_bytes())?;
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

fn meta(titel: &str, stand: Datum) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.2\">\
         <office:meta><meta:generator>ratsvorlage Beispiel</meta:generator>\
         <dc:title>{}</dc:title><meta:creation-date>{stand}T18:00:00</meta:creation-date>\
         <dc:date>{stand}T18:00:00</dc:date></office:meta></office:document-meta>\n",
        xml(titel)
    )
}

/// `content.xml`. Cells of one row stand on one line without white space between them:
/// calamine's reader accepts nothing but cells inside a row.
fn content(blaetter: &[Blatt]) -> String {
    let mut stile = String::new();
    let mut tabellen = String::new();
    for (b, blatt) in blaetter.iter().enumerate() {
        let _ = writeln!(
            tabellen,
            "<table:table table:name=\"{}\">",
            xml(&blatt.name)
        );
        for (s, breite) in blatt.breiten.iter().enumerate() {
            let _ = writeln!(
                stile,
                "<style:style style:name=\"co{b}_{s}\" style:family=\"table-column\">\
                 <style:table-column-properties style:column-width=\"{breite}cm\"/></style:style>"
            );
            let _ = writeln!(
                tabellen,
                "<table:table-column table:style-name=\"co{b}_{s}\"/>"
            );
        }
        for zeile in &blatt.zeilen {
            tabellen.push_str("<table:table-row>");
            for zelle in zeile {
                tabellen.push_str(&zelle_xml(zelle));
            }
            tabellen.push_str("</table:table-row>\n");
        }
        tabellen.push_str("</table:table>\n");
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
         {stile}</office:automatic-styles>\n\
         <office:body><office:spreadsheet>\n{tabellen}</office:spreadsheet></office:body></office:document-content>\n"
    )
}

fn zelle_xml(zelle: &Zelle) -> String {
    match zelle {
        Zelle::Leer => "<table:table-cell/>".to_owned(),
        Zelle::Text(text) => {
            let absaetze: String = text
                .split('\n')
                .map(|zeile| format!("<text:p>{}</text:p>", xml(zeile)))
                .collect();
            format!("<table:table-cell office:value-type=\"string\">{absaetze}</table:table-cell>")
        }
        Zelle::Zahl(zahl) => format!(
            "<table:table-cell office:value-type=\"float\" office:value=\"{zahl}\"><text:p>{zahl}</text:p></table:table-cell>"
        ),
        Zelle::Datum(datum) => format!(
            "<table:table-cell table:style-name=\"datum\" office:value-type=\"date\" office:date-value=\"{datum}\">\
             <text:p>{:02}.{:02}.{}</text:p></table:table-cell>",
            datum.tag, datum.monat, datum.jahr
        ),
    }
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text(text: impl Into<String>) -> Zelle {
    Zelle::Text(text.into())
}

/// `ag-3_freizeit-kultur-religion.ods`: no `AG` column and no `AG` sheet, so the AG comes from
/// the number in the file name.
pub fn ag3(ag: &Ag, config: &Config) -> zip::result::ZipResult<Vec<u8>> {
    let name = crate::arbeitsmappen::handlungsfeld(config, ag.nr);
    let mut ziele = vec![
        vec![text(format!("AG {name} – Ziele"))],
        vec![text("Nr"), text("Ziel"), text("Prio"), text("Leitziel")],
    ];
    ziele.extend(ag.ziele.iter().map(|ziel| {
        vec![
            Zelle::Zahl(f64::from(ziel.nr)),
            text(ziel.text),
            Zelle::Zahl(f64::from(ziel.prioritaet)),
            Zelle::Zahl(ziel.leitziel as f64),
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
            let zielzelle = if i == 1 {
                Zelle::Zahl(f64::from(ziel.nr))
            } else {
                Zelle::Leer
            };
            let finanzierung = match massnahme.finanzierung {
                Finanzierung::Betrag(euro) => Zelle::Zahl(f64::from(euro)),
                wort => text(wort.wort().unwrap_or_default()),
            };
            massnahmen.push(vec![
                zielzelle,
                text(format!("{}.{i}", ziel.nr)),
                text(massnahme.text),
                text(massnahme.umsetzung),
                text(massnahme.ansprechpartner.join("\n")),
                text(massnahme.zeitrahmen),
                finanzierung,
            ]);
        }
    }

    let mut ausgangslage = vec![vec![text("Art"), text("Beschreibung")]];
    ausgangslage.extend(ag.ausgangslage.iter().map(|befund| {
        let art = match befund.art {
            Art::Defizit => "Defizit",
            Art::Potenzial => "Potenzial",
            Art::Angebot => "Angebot",
        };
        vec![text(art), text(befund.text)]
    }));

    let mut sitzungen = vec![vec![text("Nr"), text("Datum"), text("Ort"), text("Thema")]];
    for (nr, sitzung) in (1u32..).zip(ag.sitzungen) {
        // Someone typed the second date with the cell formatted as text.
        let datum = if nr == 2 {
            text(sitzung.datum.deutsch())
        } else {
            Zelle::Datum(sitzung.datum)
        };
        sitzungen.push(vec![
            Zelle::Zahl(f64::from(nr)),
            datum,
            text(sitzung.ort),
            text(sitzung.thema),
        ]);
    }

    let blaetter = [
        Blatt {
            name: "Ziele".into(),
            breiten: vec![1.5, 14.0, 1.5, 2.0],
            zeilen: ziele,
        },
        Blatt {
            name: "Maßnahmen".into(),
            breiten: vec![1.5, 2.5, 9.0, 11.0, 7.0, 3.0, 3.0],
            zeilen: massnahmen,
        },
        Blatt {
            name: "Ausgangslage".into(),
            breiten: vec![3.0, 18.0],
            zeilen: ausgangslage,
        },
        Blatt {
            name: "Sitzungen".into(),
            breiten: vec![1.5, 3.0, 6.0, 8.0],
            zeilen: sitzungen,
        },
    ];
    let stand = ag.sitzungen.iter().map(|s| s.datum).max().unwrap_or(Datum {
        jahr: 2008,
        monat: 6,
        tag: 30,
    });
    ods(&blaetter, &format!("AG {name}"), stand)
}
