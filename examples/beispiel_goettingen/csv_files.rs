//! The CSV files of the example, as Excel saves „CSV (Trennzeichen-getrennt)“ on a German
//! Windows: `;`-separated, Windows-1252, CRLF line ends, line breaks inside quoted fields as LF.
//! AG 4 is one CSV per table (the AG from the `ag-4_` file name, or from an `AG` column); the
//! long attendance list of AG 3 and 4 is „CSV UTF-8“ with a byte-order mark.

use ratsvorlage::german::date_text;
use ratsvorlage::model::Config;

use crate::content::{Ag, Finanzierung, Kind, handlungsfeld, thousands};
use crate::teilnehmende::{List, sitzungen};

/// Problems writing a CSV file.
#[derive(Debug)]
pub(crate) enum CsvError {
    /// The csv writer failed.
    Csv(csv::Error),
    /// A text has a character Windows-1252 cannot hold.
    NotEncodable(String),
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Csv(err) => write!(f, "CSV: {err}"),
            Self::NotEncodable(file) => {
                write!(f, "{file}: ein Zeichen passt nicht in Windows-1252")
            }
        }
    }
}

impl std::error::Error for CsvError {}

impl From<csv::Error> for CsvError {
    fn from(err: csv::Error) -> Self {
        Self::Csv(err)
    }
}

/// Records as `;`-separated text with CRLF line ends, quoting only where needed.
fn csv_text(rows: &[Vec<String>]) -> Result<String, CsvError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|err| CsvError::Csv(err.into_error().into()))?;
    // The writer only ever received UTF-8 strings.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Encodes as Windows-1252, refusing what it cannot hold.
fn windows_1252(file: &str, text: &str) -> Result<Vec<u8>, CsvError> {
    let (bytes, _, unencodable) = encoding_rs::WINDOWS_1252.encode(text);
    if unencodable {
        return Err(CsvError::NotEncodable(file.to_owned()));
    }
    Ok(bytes.into_owned())
}

fn row<const N: usize>(fields: [&str; N]) -> Vec<String> {
    fields.iter().map(|field| (*field).to_owned()).collect()
}

/// The CSV files of AG 4, by file name below `ag/`.
pub(crate) fn ag4(ag: &Ag, config: &Config) -> Result<Vec<(String, Vec<u8>)>, CsvError> {
    let short = handlungsfeld(config, ag.number).map_or("", |field| field.short.as_str());
    let number = ag.number;
    let mut files = Vec::new();

    let mut ziele = vec![row([
        "Ziel-Nr",
        "Zielbeschreibung",
        "Rangfolge",
        "Leitziel",
    ])];
    for ziel in ag.ziele {
        ziele.push(vec![
            format!("{short}-{}", ziel.number),
            ziel.text.to_owned(),
            ziel.prioritaet.to_string(),
            ziel.leitziel.to_string(),
        ]);
    }
    // Excel writes this line when asked to keep the separator; it is not a record.
    let file = format!("ag-{number}_ziele.csv");
    let text = format!("sep=;\r\n{}", csv_text(&ziele)?);
    files.push((file.clone(), windows_1252(&file, &text)?));

    let mut massnahmen = vec![row([
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
            let cost = match massnahme.finanzierung {
                Finanzierung::Amount(euro) if euro >= 5_000 => format!("{},00 €", thousands(euro)),
                Finanzierung::Amount(euro) => euro.to_string(),
                word => word.word().unwrap_or_default().to_owned(),
            };
            massnahmen.push(vec![
                format!("{short}-{}", ziel.number),
                format!("{short}-{}.{i}", ziel.number),
                massnahme.text.to_owned(),
                massnahme.umsetzung.to_owned(),
                // Several contacts in one cell, one per line: a quoted field with line breaks.
                massnahme.ansprechpartner.join("\n"),
                massnahme.zeitrahmen.to_owned(),
                cost,
            ]);
        }
    }
    let file = format!("ag-{number}_massnahmen.csv");
    files.push((file.clone(), windows_1252(&file, &csv_text(&massnahmen)?)?));

    let mut ausgangslage = vec![row(["Typ", "Text"])];
    for finding in ag.ausgangslage {
        let kind = match finding.kind {
            Kind::Defizit => "Problem",
            Kind::Potenzial => "Chance",
            Kind::Angebot => "Bestand",
        };
        ausgangslage.push(row([kind, finding.text]));
    }
    let file = format!("ag-{number}_ausgangslage.csv");
    files.push((
        file.clone(),
        windows_1252(&file, &csv_text(&ausgangslage)?)?,
    ));

    // No AG in the file name: the AG column names it by its short name.
    let mut sitzungen = vec![row(["AG", "Nr", "Datum", "Ort", "Thema"])];
    for (number, sitzung) in (1u32..).zip(ag.sitzungen) {
        sitzungen.push(vec![
            short.to_owned(),
            number.to_string(),
            date_text(sitzung.date),
            sitzung.place.to_owned(),
            sitzung.topic.to_owned(),
        ]);
    }
    let file = "sitzungen.csv".to_owned();
    files.push((file.clone(), windows_1252(&file, &csv_text(&sitzungen)?)?));
    Ok(files)
}

/// How the long list names the session: by its number or by its date.
#[derive(Clone, Copy)]
pub(crate) enum SitzungAs {
    /// `1`, `2`, `3`.
    Number,
    /// `13.03.2008`.
    Date,
}

/// `anwesenheit-ag3-ag4.csv`: one row per person and session, sorted as the sign-in sheets
/// were typed in (by AG, then session). The AG column holds the AG's number.
pub(crate) fn attendance_list(
    lists: &[(&List, SitzungAs)],
    ags: &[&Ag],
) -> Result<Vec<u8>, CsvError> {
    let mut rows = vec![row(["Name", "Organisation", "Bereich", "AG", "Sitzung"])];
    for &(list, by) in lists {
        let ag_sitzungen = ags
            .iter()
            .find(|ag| ag.number == list.ag)
            .map_or(&[][..], |ag| ag.sitzungen);
        for (number, ag_sitzung) in (1u32..).zip(ag_sitzungen) {
            let sitzung = match by {
                SitzungAs::Number => number.to_string(),
                SitzungAs::Date => format!(
                    "{:02}.{:02}.{}",
                    ag_sitzung.date.day, ag_sitzung.date.month, ag_sitzung.date.year
                ),
            };
            for entry in list
                .entries
                .iter()
                .filter(|e| sitzungen(e).any(|s| s == number))
            {
                rows.push(vec![
                    entry.name.full().unwrap_or_default(),
                    entry.organisation.to_owned(),
                    entry.bereich.to_owned(),
                    list.ag.to_string(),
                    sitzung.clone(),
                ]);
            }
        }
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(csv_text(&rows)?.as_bytes());
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_separator_or_line_break_are_quoted_and_lines_end_in_crlf() {
        let text = csv_text(&[row(["a; b", "Zeile 1\nZeile 2", "c"])]).expect("csv");
        assert_eq!(text, "\"a; b\";\"Zeile 1\nZeile 2\";c\r\n");
    }

    #[test]
    fn windows_1252_holds_umlauts_and_refuses_what_it_cannot() {
        assert_eq!(
            windows_1252("x.csv", "Maßnahme „ü“ €").expect("encodes"),
            b"Ma\xdfnahme \x84\xfc\x93 \x80"
        );
        let errors = windows_1252("x.csv", "Ayşe").expect_err("ş is not in Windows-1252");
        assert_eq!(
            errors.to_string(),
            "x.csv: ein Zeichen passt nicht in Windows-1252"
        );
    }
}
