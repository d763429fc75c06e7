//! The three Excel workbooks of the example: AG 1 (title rows, cover sheet, merged goal cells,
//! goal numbers), AG 2 (synonyms and gender forms, priorities and amounts as text, goal texts
//! merged, an `AG` metadata sheet, a hidden validation sheet), and the wide attendance list of
//! AG 1 and 2. Bytes are reproducible: the document date is fixed.

use ratsvorlage::datum::Datum;
use ratsvorlage::model::Config;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Workbook, Worksheet, XlsxError,
};

use crate::inhalt::{Ag, Art, Finanzierung};
use crate::teilnehmende::{Liste, Name};
use crate::xlsx::{Formate, MASSNAHMEN_SPALTEN, blatt_mit_titel, excel_datum, kopfzeile};

/// Writes a goal reference over all rows of its measures: merged where there are several.
fn zielzelle(
    sheet: &mut Worksheet,
    von: u32,
    bis: u32,
    wert: ZielBezug<'_>,
    format: &Format,
) -> Result<(), XlsxError> {
    if bis > von {
        sheet.merge_range(von, 0, bis, 0, "", format)?;
    }
    match wert {
        ZielBezug::Nr(nr) => sheet.write_number_with_format(von, 0, f64::from(nr), format)?,
        ZielBezug::Text(text) => sheet.write_string_with_format(von, 0, text, format)?,
    };
    Ok(())
}

/// How a measures sheet names the goal: by number (AG 1) or by its exact text (AG 2).
#[derive(Clone, Copy)]
enum ZielBezug<'a> {
    Nr(u32),
    Text(&'a str),
}

/// A year like `2009` is typed as a number in Excel; the words stay text.
fn zeitrahmen(
    sheet: &mut Worksheet,
    zeile: u32,
    spalte: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    match text.parse::<u32>() {
        Ok(jahr) => sheet.write_number_with_format(zeile, spalte, f64::from(jahr), format)?,
        Err(_) => sheet.write_string_with_format(zeile, spalte, text, format)?,
    };
    Ok(())
}

fn sitzungsdatum(
    sheet: &mut Worksheet,
    zeile: u32,
    spalte: u16,
    datum: Datum,
    formate: &Formate,
) -> Result<(), XlsxError> {
    sheet.write_datetime_with_format(zeile, spalte, excel_datum(datum)?, &formate.datum)?;
    Ok(())
}

/// `AG 1 Sprache und Bildung.xlsx`.
pub fn ag1(ag: &Ag, config: &Config) -> Result<Vec<u8>, XlsxError> {
    let name = handlungsfeld(config, ag.nr);
    let stand = letzte_sitzung(ag);
    let formate = Formate::new();
    let mut workbook = arbeitsmappe(&format!("Arbeitsgruppe {name}"), stand)?;
    let zeile_stand = format!("Stand: {} (nach der 3. Sitzung)", stand.deutsch());

    let hinweise = workbook.add_worksheet().set_name("Hinweise")?;
    hinweise.set_column_width(0, 100)?;
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
    for (zeile, text) in (0u32..).zip(&texte) {
        hinweise.write_string(zeile, 0, text)?;
    }
    hinweise.write_string_with_format(0, 0, &texte[0], &formate.titel)?;

    let sheet = blatt_mit_titel(
        &mut workbook,
        "Ziele",
        &format!("Arbeitsgruppe {name} – Ziele"),
        &zeile_stand,
        &formate,
    )?;
    kopfzeile(
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
    for (zeile, ziel) in (4u32..).zip(ag.ziele) {
        sheet.write_number_with_format(zeile, 0, f64::from(ziel.nr), &formate.text)?;
        sheet.write_string_with_format(zeile, 1, ziel.text, &formate.text)?;
        sheet.write_number_with_format(zeile, 2, f64::from(ziel.prioritaet), &formate.text)?;
        sheet.write_number_with_format(zeile, 3, ziel.leitziel as f64, &formate.text)?;
    }

    let sheet = blatt_mit_titel(
        &mut workbook,
        "Maßnahmen",
        &format!("Arbeitsgruppe {name} – Maßnahmen"),
        &zeile_stand,
        &formate,
    )?;
    let mut spalten = MASSNAHMEN_SPALTEN.to_vec();
    spalten.push(("Bemerkung", 24.0));
    kopfzeile(sheet, 3, &spalten, &formate)?;
    let mut zeile = 4u32;
    for ziel in ag.ziele {
        let erste = zeile;
        for (i, massnahme) in (1u32..).zip(ziel.massnahmen) {
            sheet.write_string_with_format(zeile, 1, format!("{}.{i}", ziel.nr), &formate.text)?;
            sheet.write_string_with_format(zeile, 2, massnahme.text, &formate.text)?;
            sheet.write_string_with_format(zeile, 3, massnahme.umsetzung, &formate.text)?;
            sheet.write_string_with_format(
                zeile,
                4,
                massnahme.ansprechpartner.join("\n"),
                &formate.text,
            )?;
            zeitrahmen(sheet, zeile, 5, massnahme.zeitrahmen, &formate.text)?;
            match massnahme.finanzierung {
                Finanzierung::Betrag(euro) => {
                    sheet.write_number_with_format(zeile, 6, f64::from(euro), &formate.euro)?
                }
                wort => sheet.write_string_with_format(
                    zeile,
                    6,
                    wort.wort().unwrap_or_default(),
                    &formate.text,
                )?,
            };
            zeile += 1;
        }
        zielzelle(
            sheet,
            erste,
            zeile - 1,
            ZielBezug::Nr(ziel.nr),
            &formate.text,
        )?;
    }
    // A remark column that the pipeline does not know: reported as "unknown column, not used".
    sheet.write_string_with_format(4, 7, "in der 3. Sitzung ergänzt", &formate.text)?;

    let sheet = blatt_mit_titel(
        &mut workbook,
        "Ausgangslage",
        &format!("Arbeitsgruppe {name} – Ausgangslage"),
        &zeile_stand,
        &formate,
    )?;
    kopfzeile(sheet, 3, &[("Art", 12.0), ("Beschreibung", 90.0)], &formate)?;
    for (zeile, befund) in (4u32..).zip(ag.ausgangslage) {
        let art = match befund.art {
            Art::Defizit => "Defizit",
            Art::Potenzial => "Potenzial",
            Art::Angebot => "Angebot",
        };
        sheet.write_string_with_format(zeile, 0, art, &formate.text)?;
        sheet.write_string_with_format(zeile, 1, befund.text, &formate.text)?;
    }

    let sheet = blatt_mit_titel(
        &mut workbook,
        "Sitzungen",
        &format!("Arbeitsgruppe {name} – Sitzungen"),
        &zeile_stand,
        &formate,
    )?;
    kopfzeile(
        sheet,
        3,
        &[("Nr", 6.0), ("Datum", 12.0), ("Ort", 32.0), ("Thema", 50.0)],
        &formate,
    )?;
    for (zeile, (nr, sitzung)) in (4u32..).zip((1u32..).zip(ag.sitzungen)) {
        sheet.write_number_with_format(zeile, 0, f64::from(nr), &formate.text)?;
        sitzungsdatum(sheet, zeile, 1, sitzung.datum, &formate)?;
        sheet.write_string_with_format(zeile, 2, sitzung.ort, &formate.text)?;
        sheet.write_string_with_format(zeile, 3, sitzung.thema, &formate.text)?;
    }
    workbook.save_to_buffer()
}

/// `AG 2 Arbeit und Soziales.xlsx`.
pub fn ag2(ag: &Ag, config: &Config) -> Result<Vec<u8>, XlsxError> {
    let name = handlungsfeld(config, ag.nr);
    let stand = letzte_sitzung(ag);
    let formate = Formate::new();
    let mut workbook = arbeitsmappe(&format!("AG {name}"), stand)?;

    // The AG is named here, not by a column: key/value rows.
    let meta = workbook.add_worksheet().set_name("AG")?;
    meta.set_column_width(0, 16)?;
    meta.set_column_width(1, 40)?;
    meta.write_string_with_format(0, 0, "Arbeitsgruppe", &formate.kopf)?;
    meta.write_string(0, 1, name)?;
    meta.write_string_with_format(1, 0, "Moderation", &formate.kopf)?;
    meta.write_string(1, 1, "imap Institut, Leverkusen")?;
    meta.write_string_with_format(2, 0, "Stand", &formate.kopf)?;
    sitzungsdatum(meta, 2, 1, stand, &formate)?;

    let sheet = workbook.add_worksheet().set_name("Ziele")?;
    kopfzeile(
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
    for (zeile, ziel) in (1u32..).zip(ag.ziele) {
        let rang = if ziel.prioritaet % 2 == 1 {
            format!("Prio {}", ziel.prioritaet)
        } else {
            format!("{}.", ziel.prioritaet)
        };
        let leitziel = ziel
            .leitziel
            .checked_sub(1)
            .and_then(|i| config.konzept.leitziele.get(i));
        sheet.write_number_with_format(zeile, 0, f64::from(ziel.nr), &formate.text)?;
        sheet.write_string_with_format(zeile, 1, ziel.text, &formate.text)?;
        sheet.write_string_with_format(zeile, 2, rang, &formate.text)?;
        sheet.write_string_with_format(
            zeile,
            3,
            leitziel.map_or("", String::as_str),
            &formate.text,
        )?;
    }

    let sheet = workbook.add_worksheet().set_name("Maßnahmen")?;
    let spalten = [
        ("Ziel", 40.0),
        ("Maßnahmenvorschlag", 40.0),
        ("Umsetzungsschritte", 50.0),
        ("Ansprechpartner*innen", 34.0),
        ("Zeitraum", 14.0),
        ("Kosten", 12.0),
    ];
    kopfzeile(sheet, 0, &spalten, &formate)?;
    let mut zeile = 1u32;
    for ziel in ag.ziele {
        let erste = zeile;
        for massnahme in ziel.massnahmen {
            let kosten = match massnahme.finanzierung {
                Finanzierung::Betrag(euro) => format!("{} €", crate::inhalt::tausender(euro)),
                wort => wort.wort().unwrap_or_default().to_owned(),
            };
            sheet.write_string_with_format(zeile, 1, massnahme.text, &formate.text)?;
            sheet.write_string_with_format(zeile, 2, massnahme.umsetzung, &formate.text)?;
            sheet.write_string_with_format(
                zeile,
                3,
                massnahme.ansprechpartner.join("; "),
                &formate.text,
            )?;
            sheet.write_string_with_format(zeile, 4, massnahme.zeitrahmen, &formate.text)?;
            sheet.write_string_with_format(zeile, 5, kosten, &formate.text)?;
            zeile += 1;
        }
        zielzelle(
            sheet,
            erste,
            zeile - 1,
            ZielBezug::Text(ziel.text),
            &formate.text,
        )?;
    }
    let auswahl = DataValidation::new()
        .allow_list_formula(Formula::new("=Listen!$A$1:$A$4"))
        .set_error_style(DataValidationErrorStyle::Information);
    sheet.add_data_validation(1, 4, 200, 4, &auswahl)?;

    let sheet = workbook.add_worksheet().set_name("Ausgangslage")?;
    kopfzeile(sheet, 0, &[("Kategorie", 16.0), ("Inhalt", 90.0)], &formate)?;
    for (zeile, befund) in (1u32..).zip(ag.ausgangslage) {
        // The AG uses the synonyms, alternating between two spellings of the same kind.
        let art = match (befund.art, zeile % 2) {
            (Art::Defizit, 0) => "Handlungsbedarf",
            (Art::Defizit, _) => "Defizit",
            (Art::Potenzial, 0) => "Stärke",
            (Art::Potenzial, _) => "Potential",
            (Art::Angebot, _) => "Angebot",
        };
        sheet.write_string_with_format(zeile, 0, art, &formate.text)?;
        sheet.write_string_with_format(zeile, 1, befund.text, &formate.text)?;
    }

    let sheet = workbook.add_worksheet().set_name("Sitzungen")?;
    kopfzeile(
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
    for (zeile, sitzung) in (1u32..).zip(ag.sitzungen) {
        sheet.write_number_with_format(zeile, 0, f64::from(zeile), &formate.text)?;
        sitzungsdatum(sheet, zeile, 1, sitzung.datum, &formate)?;
        sheet.write_string_with_format(zeile, 2, sitzung.ort, &formate.text)?;
        sheet.write_string_with_format(zeile, 3, sitzung.thema, &formate.text)?;
    }

    // Values for the drop-down lists; hidden, and without a header: not a table.
    let listen = workbook.add_worksheet().set_name("Listen")?;
    for (zeile, wert) in (0u32..).zip(["kurzfristig", "mittelfristig", "langfristig", "laufend"]) {
        listen.write_string(zeile, 0, wert)?;
    }
    for (zeile, wert) in (0u32..).zip(["Haushalt", "Drittmittel", "kostenneutral"]) {
        listen.write_string(zeile, 1, wert)?;
    }
    listen.set_hidden(true);
    workbook.save_to_buffer()
}

/// How a sheet of the wide attendance list heads its session columns and marks presence.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stil {
    /// `1. Sitzung` …; marks `x`, `X`, `✓`; absent = empty.
    Nummern,
    /// The session dates as date cells; marks `1` and `ja`; absent = empty or `-`.
    Daten,
}

/// `Teilnehmerliste AG 1 und 2.xlsx`: one sheet per AG, one row per person (surname and first
/// name in two columns), one column per session.
pub fn teilnehmerliste(
    listen: &[(&Liste, Stil)],
    ags: &[&Ag],
    config: &Config,
) -> Result<Vec<u8>, XlsxError> {
    let formate = Formate::new();
    let datum_kopf = formate.kopf.clone().set_num_format("dd.mm.yyyy");
    let stand = ags
        .iter()
        .map(|ag| letzte_sitzung(ag))
        .max()
        .unwrap_or(Datum {
            jahr: 2008,
            monat: 6,
            tag: 30,
        });
    let mut workbook = arbeitsmappe("Teilnehmerlisten der Arbeitsgruppen", stand)?;
    for &(liste, stil) in listen {
        let name = handlungsfeld(config, liste.ag);
        let sitzungen = ags
            .iter()
            .find(|ag| ag.nr == liste.ag)
            .map_or(&[][..], |ag| ag.sitzungen);
        let sheet = blatt_mit_titel(
            &mut workbook,
            &format!("AG {} {name}", liste.ag),
            &format!("Teilnehmerliste – Arbeitsgruppe {name}"),
            "Anwesenheit bitte ankreuzen",
            &formate,
        )?;
        kopfzeile(
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
        for ((nr, spalte), sitzung) in (1u32..).zip(5u16..).zip(sitzungen) {
            match stil {
                Stil::Daten => sheet.write_datetime_with_format(
                    3,
                    spalte,
                    excel_datum(sitzung.datum)?,
                    &datum_kopf,
                )?,
                Stil::Nummern => sheet.write_string_with_format(
                    3,
                    spalte,
                    format!("{nr}. Sitzung"),
                    &formate.kopf,
                )?,
            };
            sheet.set_column_width(spalte, 11)?;
        }
        for (zeile, eintrag) in (4u32..).zip(liste.eintraege) {
            if let Name::Getrennt { nachname, vorname } = eintrag.name {
                sheet.write_string(zeile, 0, nachname)?;
                sheet.write_string(zeile, 1, vorname)?;
            }
            if !eintrag.organisation.is_empty() {
                sheet.write_string(zeile, 2, eintrag.organisation)?;
            }
            if !eintrag.bereich.is_empty() {
                sheet.write_string(zeile, 3, eintrag.bereich)?;
            }
            sheet.write_string(zeile, 4, name)?;
            for ((spalte, zeichen), k) in (5u16..).zip(eintrag.anwesend.chars()).zip(zeile..) {
                markierung(sheet, zeile, spalte, zeichen == 'x', stil, k)?;
            }
        }
    }
    workbook.save_to_buffer()
}

/// One attendance cell, with the marks varying as they do in real lists (`k` picks the variant).
fn markierung(
    sheet: &mut Worksheet,
    zeile: u32,
    spalte: u16,
    anwesend: bool,
    stil: Stil,
    k: u32,
) -> Result<(), XlsxError> {
    match (anwesend, stil) {
        (true, Stil::Nummern) => {
            sheet.write_string(zeile, spalte, ["x", "X", "✓"][(k % 3) as usize])?;
        }
        (true, Stil::Daten) if k.is_multiple_of(2) => {
            sheet.write_number(zeile, spalte, 1.0)?;
        }
        (true, Stil::Daten) => {
            sheet.write_string(zeile, spalte, "ja")?;
        }
        (false, Stil::Daten) if k.is_multiple_of(2) => {
            sheet.write_string(zeile, spalte, "-")?;
        }
        (false, _) => {}
    }
    Ok(())
}

/// The name of Handlungsfeld `nr` (from 1) in konzept.toml.
pub fn handlungsfeld(config: &Config, nr: usize) -> &str {
    crate::inhalt::handlungsfeld(config, nr).map_or("", |feld| feld.name.as_str())
}

/// The date of an AG's last session: the workbook's "as of" date.
fn letzte_sitzung(ag: &Ag) -> Datum {
    ag.sitzungen.iter().map(|s| s.datum).max().unwrap_or(Datum {
        jahr: 2008,
        monat: 6,
        tag: 30,
    })
}

/// A workbook of the Büro für Integration with a fixed date.
fn arbeitsmappe(titel: &str, stand: Datum) -> Result<Workbook, XlsxError> {
    crate::xlsx::arbeitsmappe(titel, "Büro für Integration", "Stadt Göttingen", stand)
}
