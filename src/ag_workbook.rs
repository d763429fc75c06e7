//! `ratsvorlage vorlage-ag`: the blank workbook the office sends to a working group — an
//! instructions sheet, the `AG` sheet with the AG's name, and one sheet per table kind with
//! the reader's canonical column names, formatted headers, frozen header row, column widths
//! and validation lists.

use std::fmt;
use std::path::Path;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

use crate::report::Schreibfehler;
use crate::tables::columns::canonical_name;
use crate::tables::{Spalte, TabellenArt};

/// Rows (below the header) that carry the validation lists and formats.
const DATENZEILEN: u32 = 1000;

/// What a column's cells may hold, as Excel checks it.
#[derive(Clone, Copy)]
enum Pruefung {
    /// Any value.
    Frei,
    /// One of the listed values; `streng`: nothing else (else a hint, other values allowed).
    Liste(&'static [&'static str], bool),
    /// A whole number ≥ 1.
    GanzeZahl,
    /// A date cell.
    Datum,
}

/// One column of a table sheet.
struct Spaltenvorlage {
    spalte: Spalte,
    breite: f64,
    pflicht: bool,
    hilfe: &'static str,
    pruefung: Pruefung,
}

/// One table sheet.
struct Blattvorlage {
    art: TabellenArt,
    zweck: &'static str,
    spalten: &'static [Spaltenvorlage],
}

const fn spalte(
    spalte: Spalte,
    breite: f64,
    pflicht: bool,
    hilfe: &'static str,
    pruefung: Pruefung,
) -> Spaltenvorlage {
    Spaltenvorlage {
        spalte,
        breite,
        pflicht,
        hilfe,
        pruefung,
    }
}

/// The values of `input-format.md` §3 that the reader recognises.
const ZEITRAHMEN: &[&str] = &["kurzfristig", "mittelfristig", "langfristig", "laufend"];
const FINANZIERUNG: &[&str] = &["Haushalt", "Drittmittel", "kostenneutral"];
const ART: &[&str] = &["Defizit", "Potenzial", "Angebot"];

const BLAETTER: [Blattvorlage; 5] = [
    Blattvorlage {
        art: TabellenArt::Ziele,
        zweck: "eine Zeile je Ziel der AG",
        spalten: &[
            spalte(
                Spalte::Nr,
                8.0,
                false,
                "Nummer des Ziels in der AG, z. B. 1, 2, 3 (leer: Zeilenreihenfolge)",
                Pruefung::Frei,
            ),
            spalte(
                Spalte::Ziel,
                60.0,
                true,
                "die Formulierung des Ziels",
                Pruefung::Frei,
            ),
            spalte(
                Spalte::Prioritaet,
                11.0,
                false,
                "ganze Zahl ab 1, 1 = höchste Priorität (leer: Zeilenreihenfolge)",
                Pruefung::GanzeZahl,
            ),
            spalte(
                Spalte::Leitziel,
                30.0,
                false,
                "Nummer oder Text eines Leitziels aus konzept.toml",
                Pruefung::Frei,
            ),
        ],
    },
    Blattvorlage {
        art: TabellenArt::Massnahmen,
        zweck: "eine Zeile je Maßnahme",
        spalten: &[
            spalte(
                Spalte::Ziel,
                8.0,
                true,
                "Nummer des Ziels aus dem Blatt „Ziele“ oder sein genauer Text; leer: wie die Zeile darüber",
                Pruefung::Frei,
            ),
            spalte(
                Spalte::Nr,
                8.0,
                false,
                "Nummer der Maßnahme im Ziel, z. B. 1 oder 1.2 (leer: Zeilenreihenfolge)",
                Pruefung::Frei,
            ),
            spalte(
                Spalte::Massnahme,
                50.0,
                true,
                "die Maßnahme",
                Pruefung::Frei,
            ),
            spalte(
                Spalte::Umsetzung,
                40.0,
                false,
                "wie die Maßnahme umgesetzt wird",
                Pruefung::Frei,
            ),
            spalte(
                Spalte::Ansprechpartner,
                30.0,
                false,
                "eine oder mehrere Stellen, getrennt durch ; oder Zeilenumbruch",
                Pruefung::Frei,
            ),
            spalte(
                Spalte::Zeitrahmen,
                15.0,
                false,
                "kurzfristig, mittelfristig, langfristig, laufend, ein Jahr oder ein Datum",
                Pruefung::Liste(ZEITRAHMEN, false),
            ),
            spalte(
                Spalte::Finanzierung,
                16.0,
                false,
                "Haushalt, Drittmittel, kostenneutral oder ein Betrag (12.500 €)",
                Pruefung::Liste(FINANZIERUNG, false),
            ),
        ],
    },
    Blattvorlage {
        art: TabellenArt::Ausgangslage,
        zweck: "eine Zeile je Defizit, Potenzial oder Angebot im Handlungsfeld",
        spalten: &[
            spalte(
                Spalte::Art,
                14.0,
                true,
                "Defizit, Potenzial oder Angebot",
                Pruefung::Liste(ART, true),
            ),
            spalte(
                Spalte::Beschreibung,
                80.0,
                true,
                "die Beschreibung",
                Pruefung::Frei,
            ),
        ],
    },
    Blattvorlage {
        art: TabellenArt::Sitzungen,
        zweck: "eine Zeile je Sitzung der AG",
        spalten: &[
            spalte(
                Spalte::Nr,
                8.0,
                false,
                "Nummer der Sitzung (leer: nach Datum)",
                Pruefung::GanzeZahl,
            ),
            spalte(
                Spalte::Datum,
                12.0,
                true,
                "Datum der Sitzung, z. B. 15.02.2026",
                Pruefung::Datum,
            ),
            spalte(Spalte::Ort, 25.0, false, "Ort oder Raum", Pruefung::Frei),
            spalte(
                Spalte::Thema,
                50.0,
                false,
                "Thema oder Schwerpunkt",
                Pruefung::Frei,
            ),
        ],
    },
    Blattvorlage {
        art: TabellenArt::Teilnehmende,
        zweck: "eine Zeile je Person und Sitzung (Anwesenheit); Namen werden nur gezählt, nicht veröffentlicht",
        spalten: &[
            spalte(
                Spalte::Name,
                25.0,
                false,
                "Name der Person (wird nicht veröffentlicht)",
                Pruefung::Frei,
            ),
            spalte(
                Spalte::Organisation,
                35.0,
                true,
                "Organisation oder Einrichtung (Pflicht, wenn kein Name)",
                Pruefung::Frei,
            ),
            spalte(
                Spalte::Bereich,
                25.0,
                false,
                "Art der Organisation, z. B. Schule, Kita, Verwaltung",
                Pruefung::Frei,
            ),
            spalte(
                Spalte::Sitzung,
                10.0,
                true,
                "Nummer oder Datum der Sitzung",
                Pruefung::Frei,
            ),
        ],
    },
];

/// The key and name of the `AG` metadata sheet.
const AG_BLATT: &str = "AG";
const AG_SCHLUESSEL: &str = "Arbeitsgruppe";

/// Why the workbook was not written.
#[derive(Debug)]
pub enum VorlageError {
    /// The workbook library refused something.
    Xlsx(XlsxError),
    /// The file could not be written.
    Schreiben(Schreibfehler),
}

impl fmt::Display for VorlageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Xlsx(err) => write!(
                f,
                "Fehler: Die Arbeitsmappe kann nicht erzeugt werden ({err})."
            ),
            Self::Schreiben(fehler) => write!(f, "Fehler: {fehler}"),
        }
    }
}

impl From<XlsxError> for VorlageError {
    fn from(err: XlsxError) -> Self {
        Self::Xlsx(err)
    }
}

/// Writes the blank AG workbook to `path`, with `ag` filled in where given.
pub fn write(path: &Path, ag: Option<&str>) -> Result<(), VorlageError> {
    let bytes = blank(ag)?;
    std::fs::write(path, bytes).map_err(|err| {
        VorlageError::Schreiben(Schreibfehler {
            pfad: path.to_path_buf(),
            err,
        })
    })
}

/// The blank AG workbook as xlsx bytes.
pub fn blank(ag: Option<&str>) -> Result<Vec<u8>, VorlageError> {
    let mut workbook = Workbook::new();
    anleitung(workbook.add_worksheet(), ag)?;
    ag_sheet(workbook.add_worksheet(), ag)?;
    for vorlage in &BLAETTER {
        table_sheet(workbook.add_worksheet(), vorlage)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// The instructions: one paragraph per row in column A, so the sheet is never taken for a
/// table.
fn anleitung(sheet: &mut Worksheet, ag: Option<&str>) -> Result<(), XlsxError> {
    sheet.set_name("Anleitung")?.set_column_width(0, 110)?;
    let titel = Format::new().set_bold().set_font_size(14);
    let fett = Format::new().set_bold();
    let absatz = Format::new().set_text_wrap();
    let ueberschrift = match ag {
        Some(ag) => format!("Arbeitsmappe der AG „{ag}“"),
        None => "Arbeitsmappe einer Arbeitsgruppe (AG)".to_owned(),
    };
    sheet.write_string_with_format(0, 0, ueberschrift, &titel)?;
    let mut zeile = 2;
    for text in [
        "So füllen Sie die Mappe aus:",
        "1. Im Blatt „AG“ steht neben „Arbeitsgruppe“ der Name Ihrer AG. Ist das Feld leer, tragen Sie ihn dort ein.",
        "2. Jede Zeile eines Blattes ist ein Eintrag: ein Ziel, eine Maßnahme, ein Punkt der Ausgangslage, eine Sitzung, eine Anwesenheit. Text darf über mehrere Zeilen in einer Zelle gehen (Alt+Eingabe).",
        "3. Lassen Sie die Kopfzeile (Zeile 1) jedes Blattes unverändert: die Spalten werden an ihrem Namen erkannt. Zusätzliche Spalten sind erlaubt, werden aber nicht verwendet.",
        "4. Spalten mit Auswahlliste (Zeitrahmen, Finanzierung, Art) bieten die üblichen Werte an; bei Zeitrahmen und Finanzierung sind auch ein Jahr, ein Datum oder ein Betrag erlaubt.",
        "5. Ein Blatt, das Ihre AG nicht braucht, bleibt einfach leer.",
    ] {
        let format = if zeile == 2 { &fett } else { &absatz };
        sheet.write_string_with_format(zeile, 0, text, format)?;
        zeile += 1;
    }
    for vorlage in &BLAETTER {
        zeile += 1;
        let kopf = format!("Blatt „{}“: {}", vorlage.art.name(), vorlage.zweck);
        sheet.write_string_with_format(zeile, 0, kopf, &fett)?;
        zeile += 1;
        for s in vorlage.spalten {
            let pflicht = if s.pflicht { "Pflicht" } else { "freiwillig" };
            let text = format!(
                "• {} ({pflicht}): {}",
                header(vorlage.art, s.spalte),
                s.hilfe
            );
            sheet.write_string_with_format(zeile, 0, text, &absatz)?;
            zeile += 1;
        }
    }
    sheet.write_string_with_format(
        zeile + 1,
        0,
        "Schicken Sie die Mappe als .xlsx-Datei zurück. Namen von Teilnehmenden werden nur zum Zählen gelesen und nicht veröffentlicht.",
        &absatz,
    )?;
    sheet.set_active(true);
    Ok(())
}

/// The `AG` sheet: `Arbeitsgruppe` and the AG's name (an empty, marked cell without one).
fn ag_sheet(sheet: &mut Worksheet, ag: Option<&str>) -> Result<(), XlsxError> {
    sheet
        .set_name(AG_BLATT)?
        .set_column_width(0, 16)?
        .set_column_width(1, 45)?;
    sheet.write_string_with_format(0, 0, AG_SCHLUESSEL, &Format::new().set_bold())?;
    let feld = Format::new()
        .set_background_color(Color::RGB(0xFF_F2_CC))
        .set_border(FormatBorder::Thin);
    match ag {
        Some(ag) => sheet.write_string_with_format(0, 1, ag, &feld)?,
        None => sheet.write_blank(0, 1, &feld)?,
    };
    sheet.write_string(
        2,
        0,
        "Name der Arbeitsgruppe (Handlungsfeld), wie er im Konzept steht; er gilt für jedes Blatt dieser Mappe.",
    )?;
    Ok(())
}

/// One table sheet: the header row, widths, frozen header, validations.
fn table_sheet(sheet: &mut Worksheet, vorlage: &Blattvorlage) -> Result<(), XlsxError> {
    sheet.set_name(vorlage.art.name())?.set_freeze_panes(1, 0)?;
    let kopf = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xDD_EB_F7))
        .set_border_bottom(FormatBorder::Medium);
    let pflicht = kopf.clone().set_font_color(Color::RGB(0x1F_3B_70));
    let datum = Format::new().set_num_format("dd.mm.yyyy");
    let text = Format::new().set_text_wrap();
    for (i, s) in vorlage.spalten.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        let format = if s.pflicht { &pflicht } else { &kopf };
        sheet.write_string_with_format(0, col, header(vorlage.art, s.spalte), format)?;
        let zellen = if matches!(s.pruefung, Pruefung::Datum) {
            &datum
        } else {
            &text
        };
        sheet
            .set_column_width(col, s.breite)?
            .set_column_format(col, zellen)?;
        if let Some(validation) = validation(s)? {
            sheet.add_data_validation(1, col, DATENZEILEN, col, &validation)?;
        }
    }
    Ok(())
}

/// The header text of a column: the name the reader knows first.
fn header(art: TabellenArt, spalte: Spalte) -> &'static str {
    // Every column in BLAETTER belongs to its kind in columns.rs (the unit test checks it).
    canonical_name(art, spalte).unwrap_or("?")
}

/// The data validation of a column, if it has one.
fn validation(s: &Spaltenvorlage) -> Result<Option<DataValidation>, XlsxError> {
    let validation = match s.pruefung {
        Pruefung::Frei => return Ok(None),
        Pruefung::Liste(werte, true) => DataValidation::new()
            .allow_list_strings(werte)?
            .set_error_title("Ungültiger Wert")?
            .set_error_message(format!("Bitte wählen Sie: {}.", werte.join(", ")))?,
        Pruefung::Liste(werte, false) => DataValidation::new()
            .allow_list_strings(werte)?
            .set_error_style(DataValidationErrorStyle::Information)
            .set_error_title("Anderer Wert")?
            .set_error_message(format!("Üblich sind: {}. {}", werte.join(", "), s.hilfe))?,
        Pruefung::GanzeZahl => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1))
            .set_error_message("Bitte eine ganze Zahl ab 1 eintragen.")?,
        Pruefung::Datum => DataValidation::new()
            .allow_date(DataValidationRule::GreaterThan(
                rust_xlsxwriter::ExcelDateTime::from_ymd(1990, 1, 1)?,
            ))
            .set_error_message("Bitte ein Datum eintragen, z. B. 15.02.2026.")?,
    };
    Ok(Some(validation.set_input_message(s.hilfe)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ImportBericht;
    use crate::sources::{Format as Dateiformat, Source};
    use crate::tables::decode;
    use crate::tables::recognise::{Erkannt, recognise};

    #[test]
    fn every_column_has_its_canonical_name() {
        for vorlage in &BLAETTER {
            for s in vorlage.spalten {
                assert!(
                    canonical_name(vorlage.art, s.spalte).is_some(),
                    "{:?}",
                    s.spalte
                );
            }
        }
    }

    #[test]
    fn the_reader_recognises_every_sheet_of_the_blank_workbook() {
        let source = Source {
            pfad: "ag/blank.xlsx".to_owned(),
            format: Dateiformat::Xlsx,
            bytes: blank(Some("Sprache und Bildung")).unwrap(),
        };
        let mut bericht = ImportBericht::default();
        let mut sheets = decode::sheets(&source, &crate::limits::Limits::default(), &mut bericht);
        let kinds: Vec<String> = sheets
            .iter_mut()
            .map(|sheet| match recognise(sheet, 2026, &mut bericht) {
                Erkannt::Tabelle(t) => t.art.name().to_owned(),
                Erkannt::AgAngabe(a) => format!("AG = {:?}", a.ag.wert),
                Erkannt::KeineTabelle => "keine".to_owned(),
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
        assert!(bericht.fehler.is_empty(), "{:?}", bericht.fehler);
    }
}
