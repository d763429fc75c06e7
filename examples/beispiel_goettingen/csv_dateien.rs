//! The CSV files of the example, as Excel saves „CSV (Trennzeichen-getrennt)“ on a German
//! Windows: `;`-separated, Windows-1252, CRLF line ends, line breaks inside quoted fields as LF.
//! AG 4 is one CSV per table (the AG from the `ag-4_` file name, or from an `AG` column); the
//! long attendance list of AG 3 and 4 is „CSV UTF-8“ with a byte-order mark.

use ratsvorlage::model::Config;

use crate::inhalt::{Ag, Art, Finanzierung, handlungsfeld, tausender};
use crate::teilnehmende::{Liste, sitzungen};

/// Problems writing a CSV file.
#[derive(Debug)]
pub enum CsvFehler {
    /// The csv writer failed.
    Csv(csv::Error),
    /// A text has a character Windows-1252 cannot hold.
    NichtKodierbar(String),
}

impl std::fmt::Display for CsvFehler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Csv(err) => write!(f, "CSV: {err}"),
            Self::NichtKodierbar(datei) => {
                write!(f, "{datei}: ein Zeichen passt nicht in Windows-1252")
            }
        }
    }
}

impl std::error::Error for CsvFehler {}

impl From<csv::Error> for CsvFehler {
    fn from(err: csv::Error) -> Self {
        Self::Csv(err)
    }
}

/// Records as `;`-separated text with CRLF line ends, quoting only where needed.
fn csv_text(zeilen: &[Vec<String>]) -> Result<String, CsvFehler> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for zeile in zeilen {
        writer.write_record(zeile)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|err| CsvFehler::Csv(err.into_error().into()))?;
    // The writer only ever received UTF-8 strings.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Encodes as Windows-1252, refusing what it cannot hold.
fn windows_1252(datei: &str, text: &str) -> Result<Vec<u8>, CsvFehler> {
    let (bytes, _, unkodierbar) = encoding_rs::WINDOWS_1252.encode(text);
    if unkodierbar {
        return Err(CsvFehler::NichtKodierbar(datei.to_owned()));
    }
    Ok(bytes.into_owned())
}

fn zeile<const N: usize>(felder: [&str; N]) -> Vec<String> {
    felder.iter().map(|feld| (*feld).to_owned()).collect()
}

/// The CSV files of AG 4, by file name below `ag/`.
pub fn ag4(ag: &Ag, config: &Config) -> Result<Vec<(String, Vec<u8>)>, CsvFehler> {
    let kurz = handlungsfeld(config, ag.nr).map_or("", |feld| feld.kurz.as_str());
    let nr = ag.nr;
    let mut dateien = Vec::new();

    let mut ziele = vec![zeile([
        "Ziel-Nr",
        "Zielbeschreibung",
        "Rangfolge",
        "Leitziel",
    ])];
    for ziel in ag.ziele {
        ziele.push(vec![
            format!("{kurz}-{}", ziel.nr),
            ziel.text.to_owned(),
            ziel.prioritaet.to_string(),
            ziel.leitziel.to_string(),
        ]);
    }
    // Excel writes this line when asked to keep the separator; it is not a record.
    let datei = format!("ag-{nr}_ziele.csv");
    let text = format!("sep=;\r\n{}", csv_text(&ziele)?);
    dateien.push((datei.clone(), windows_1252(&datei, &text)?));

    let mut massnahmen = vec![zeile([
        "Ziel-Nr",
        "Nr",
        "Maßnahme",
        "Umsetzung",
        "Verantwortlich",
        "Umsetzungszeitraum",
        "Kosten",
    ])];
    for ziel in ag.ziele {
        for (i, massnahme) in (1u32..).zip(ziel.massnahmen) {
            let kosten = match massnahme.finanzierung {
                Finanzierung::Betrag(euro) if euro >= 5_000 => format!("{},00 €", tausender(euro)),
                Finanzierung::Betrag(euro) => euro.to_string(),
                wort => wort.wort().unwrap_or_default().to_owned(),
            };
            massnahmen.push(vec![
                format!("{kurz}-{}", ziel.nr),
                format!("{kurz}-{}.{i}", ziel.nr),
                massnahme.text.to_owned(),
                massnahme.umsetzung.to_owned(),
                // Several contacts in one cell, one per line: a quoted field with line breaks.
                massnahme.ansprechpartner.join("\n"),
                massnahme.zeitrahmen.to_owned(),
                kosten,
            ]);
        }
    }
    let datei = format!("ag-{nr}_massnahmen.csv");
    dateien.push((
        datei.clone(),
        windows_1252(&datei, &csv_text(&massnahmen)?)?,
    ));

    let mut ausgangslage = vec![zeile(["Typ", "Text"])];
    for befund in ag.ausgangslage {
        let art = match befund.art {
            Art::Defizit => "Problem",
            Art::Potenzial => "Chance",
            Art::Angebot => "Bestand",
        };
        ausgangslage.push(zeile([art, befund.text]));
    }
    let datei = format!("ag-{nr}_ausgangslage.csv");
    dateien.push((
        datei.clone(),
        windows_1252(&datei, &csv_text(&ausgangslage)?)?,
    ));

    // No AG in the file name: the AG column names it by its short name.
    let mut sitzungen = vec![zeile(["AG", "Nr", "Datum", "Ort", "Thema"])];
    for (nr, sitzung) in (1u32..).zip(ag.sitzungen) {
        sitzungen.push(vec![
            kurz.to_owned(),
            nr.to_string(),
            sitzung.datum.deutsch(),
            sitzung.ort.to_owned(),
            sitzung.thema.to_owned(),
        ]);
    }
    let datei = "sitzungen.csv".to_owned();
    dateien.push((datei.clone(), windows_1252(&datei, &csv_text(&sitzungen)?)?));
    Ok(dateien)
}

/// How the long list names the session: by its number or by its date.
#[derive(Clone, Copy)]
pub enum SitzungAls {
    /// `1`, `2`, `3`.
    Nummer,
    /// `13.03.2008`.
    Datum,
}

/// `anwesenheit-ag3-ag4.csv`: one row per person and session, sorted as the sign-in sheets
/// were typed in (by AG, then session). The AG column holds the AG's number.
pub fn anwesenheit(listen: &[(&Liste, SitzungAls)], ags: &[&Ag]) -> Result<Vec<u8>, CsvFehler> {
    let mut zeilen = vec![zeile(["Name", "Organisation", "Bereich", "AG", "Sitzung"])];
    for &(liste, als) in listen {
        let termine = ags
            .iter()
            .find(|ag| ag.nr == liste.ag)
            .map_or(&[][..], |ag| ag.sitzungen);
        for (nr, termin) in (1u32..).zip(termine) {
            let sitzung = match als {
                SitzungAls::Nummer => nr.to_string(),
                SitzungAls::Datum => format!(
                    "{:02}.{:02}.{}",
                    termin.datum.tag, termin.datum.monat, termin.datum.jahr
                ),
            };
            for eintrag in liste
                .eintraege
                .iter()
                .filter(|e| sitzungen(e).any(|s| s == nr))
            {
                zeilen.push(vec![
                    eintrag.name.voll().unwrap_or_default(),
                    eintrag.organisation.to_owned(),
                    eintrag.bereich.to_owned(),
                    liste.ag.to_string(),
                    sitzung.clone(),
                ]);
            }
        }
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(csv_text(&zeilen)?.as_bytes());
    Ok(bytes)
}
