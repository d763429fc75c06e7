//! CSV files: the encoding (BOM, strict UTF-8, else detected — in practice Windows-1252),
//! Excel's `sep=` first line, the delimiter (`;`, `,` or tab, sniffed from the first line
//! with content), quoted fields with delimiters and line breaks. Every record keeps the
//! line it starts on for messages.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

use super::decode::{Blatt, Gelesen, Inhalt, Meldungen, Unlesbar};
use super::grid::{Raster, Ueberschritten};
use crate::limits::Limits;
use crate::report::{Meldung, Ort, Stelle};
use crate::sources::Source;

/// Delimiters recognised, in order of preference on a tie (German Excel writes `;`).
const DELIMITERS: [u8; 3] = [b';', b'\t', b','];
/// How many lines with content the delimiter sniffing looks at.
const SNIFF_LINES: usize = 20;

/// Reads a CSV file as one sheet.
pub fn read(source: &Source, limits: &Limits) -> Result<Gelesen, Unlesbar> {
    let mut meldungen = Meldungen::default();
    let datei = Ort::datei(source.pfad.clone());
    let (text, kodierung) = decode(&source.bytes);
    if let Some(kodierung) = kodierung {
        meldungen.warnungen.push(Meldung {
            ort: datei.clone(),
            meldung: format!(
                "Die Datei enthält Zeichen, die in der erkannten Zeichenkodierung ({kodierung}) \
                 ungültig sind; sie wurden durch „�“ ersetzt. Speichern Sie die Datei als \
                 „CSV UTF-8“."
            ),
        });
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let (body, offset, sep) = sep_line(&text);
    if body.trim().is_empty() {
        return Err(Unlesbar::new(
            "leer",
            "Die Datei enthält keine Daten. Speichern Sie sie erneut oder entfernen Sie sie.",
        ));
    }
    let delimiter = sep.unwrap_or_else(|| sniff(body));
    let mut budget = limits.zellen_je_datei;
    let mut raster = Raster::new(datei.clone(), limits, &mut budget);
    let inhalt = match records(body, delimiter, offset, &mut raster, &mut meldungen) {
        Ok(()) => Inhalt::Gelesen(raster.fertig(false, &[])),
        Err(Ueberschritten(meldung)) => {
            meldungen.fehler.push(Meldung {
                ort: datei,
                meldung,
            });
            Inhalt::Fehler
        }
    };
    Ok(Gelesen {
        blaetter: vec![Blatt {
            name: None,
            versteckt: false,
            inhalt,
        }],
        meldungen,
    })
}

/// Parses the records into the grid; `offset` lines were removed before `body`.
fn records(
    body: &str,
    delimiter: u8,
    offset: u64,
    raster: &mut Raster<'_>,
    meldungen: &mut Meldungen,
) -> Result<(), Ueberschritten> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut zeile = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line()) + offset;
                return Err(Ueberschritten(format!(
                    "Die Datei kann ab Zeile {line} nicht gelesen werden ({err}). Speichern Sie \
                     sie erneut als CSV."
                )));
            }
        }
        let line = record.position().map_or(0, |p| p.line()) + offset;
        for (spalte, field) in record.iter().enumerate() {
            let spalte = u32::try_from(spalte).unwrap_or(u32::MAX);
            raster.text(zeile, spalte, Stelle::Zeile(line), field, meldungen)?;
        }
        raster.textzeile(zeile, line);
        zeile = zeile
            .checked_add(1)
            .ok_or_else(|| Ueberschritten("Die Datei hat zu viele Zeilen.".to_owned()))?;
    }
}

/// The text of the file, and the name of its encoding when bytes had to be replaced.
fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<&'static str>) {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, bytes.get(bom..).unwrap_or_default()),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => return (Cow::Borrowed(text), None),
            Err(_) => {
                let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
                detector.feed(bytes, true);
                (detector.guess(Some(b"de"), Utf8Detection::Deny), bytes)
            }
        },
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    (text, had_errors.then(|| encoding.name()))
}

/// Excel's `sep=;` first line: the text after it, the lines it took, and its delimiter.
fn sep_line(text: &str) -> (&str, u64, Option<u8>) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let first = first.trim_matches(|c: char| c == '"' || c == ' ');
    let declared = first
        .get(..4)
        .filter(|prefix| prefix.eq_ignore_ascii_case("sep="))
        .and_then(|_| first.as_bytes().get(4).copied());
    match declared {
        Some(delimiter) if delimiter.is_ascii() => (rest, 1, Some(delimiter)),
        _ => (text, 0, None),
    }
}

/// The delimiter of the first line with content that has any: the most frequent outside
/// quotes. `;` when no line in the first [`SNIFF_LINES`] has one.
fn sniff(text: &str) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut in_quotes = false;
    let mut content = false;
    let mut lines = 0;
    for byte in text.bytes() {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                if counts.iter().any(|c| *c > 0) {
                    break;
                }
                lines += usize::from(content);
                content = false;
                if lines >= SNIFF_LINES {
                    break;
                }
            }
            _ if in_quotes => {}
            b => {
                if let Some(i) = DELIMITERS.iter().position(|d| *d == b) {
                    counts[i] += 1;
                }
                content |= !b.is_ascii_whitespace();
            }
        }
    }
    let best = (0..DELIMITERS.len())
        .rev()
        .max_by_key(|i| counts[*i])
        .unwrap_or(0);
    if counts[best] == 0 {
        b';'
    } else {
        DELIMITERS[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{Sheet, SheetRow, Wert};

    fn source(bytes: &[u8]) -> Source {
        Source {
            pfad: "teilnehmende/liste.csv".into(),
            format: crate::sources::Format::Csv,
            bytes: bytes.to_vec(),
        }
    }

    fn sheet(gelesen: &Gelesen) -> &Sheet {
        match &gelesen.blaetter[0].inhalt {
            Inhalt::Gelesen(sheet) => sheet,
            other => panic!("no sheet: {other:?}"),
        }
    }

    fn text(zeile: u32, textzeile: u64, cells: &[(u32, &str)]) -> SheetRow {
        SheetRow {
            zeile,
            textzeile: Some(textzeile),
            zellen: cells
                .iter()
                .map(|(c, t)| (*c, Wert::Text((*t).into())))
                .collect(),
        }
    }

    #[test]
    fn utf8_with_bom_and_semicolons() {
        let gelesen = read(
            &source("\u{FEFF}Name;Organisation\nJörg;Kita Süd\n".as_bytes()),
            &Limits::default(),
        )
        .unwrap();
        let sheet = sheet(&gelesen);
        assert_eq!(sheet.ort.to_string(), "teilnehmende/liste.csv");
        assert_eq!(
            sheet.zeilen,
            vec![
                text(0, 1, &[(0, "Name"), (1, "Organisation")]),
                text(1, 2, &[(0, "Jörg"), (1, "Kita Süd")])
            ]
        );
        assert!(gelesen.meldungen.warnungen.is_empty());
    }

    #[test]
    fn windows_1252_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Name;Organisation\nJürgen Weiß;Migrantenverein Göttingen e. V.\n");
        let gelesen = read(&source(&bytes), &Limits::default()).unwrap();
        assert_eq!(
            sheet(&gelesen).zeilen[1],
            text(
                1,
                2,
                &[(0, "Jürgen Weiß"), (1, "Migrantenverein Göttingen e. V.")]
            )
        );
    }

    #[test]
    fn utf16_with_bom_both_byte_orders() {
        let content = "Name\tOrganisation\r\nÖzlem\tKita\r\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(content.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(content.encode_utf16().flat_map(u16::to_be_bytes));
        for bytes in [le, be] {
            let gelesen = read(&source(&bytes), &Limits::default()).unwrap();
            assert_eq!(
                sheet(&gelesen).zeilen[1],
                text(1, 2, &[(0, "Özlem"), (1, "Kita")])
            );
        }
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header_line() {
        for (csv, expected) in [
            ("Name,Organisation\n\"Weiß, Jürgen\",Kita\n", "Weiß, Jürgen"),
            ("Name\tOrganisation\nWeiß; Jürgen\tKita\n", "Weiß; Jürgen"),
            (
                "Teilnehmende der AG\nName;Organisation\n\"Weiß; Jürgen\";Kita\n",
                "Weiß; Jürgen",
            ),
        ] {
            let gelesen = read(&source(csv.as_bytes()), &Limits::default()).unwrap();
            let rows = &sheet(&gelesen).zeilen;
            assert_eq!(
                rows.last().unwrap().zellen[0].1,
                Wert::Text(expected.into()),
                "{csv}"
            );
            assert_eq!(
                rows.last().unwrap().zellen[1].1,
                Wert::Text("Kita".into()),
                "{csv}"
            );
        }
    }

    #[test]
    fn excel_sep_line_sets_the_delimiter_and_counts_as_a_line() {
        let gelesen = read(
            &source(b"sep=,\nName;Zusatz,Organisation\nA;B,Kita\n"),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            sheet(&gelesen).zeilen,
            vec![
                text(0, 2, &[(0, "Name;Zusatz"), (1, "Organisation")]),
                text(1, 3, &[(0, "A;B"), (1, "Kita")])
            ]
        );
    }

    #[test]
    fn quoted_line_breaks_keep_the_record_and_later_lines_count_right() {
        let csv = "Maßnahme;Umsetzung\r\n\"Sprachkurse\r\nfür Eltern\";\"Schritt 1;\r\nSchritt 2\"\r\nHausaufgabenhilfe;laufend\r\n;\r\n\r\n";
        let gelesen = read(&source(csv.as_bytes()), &Limits::default()).unwrap();
        assert_eq!(
            sheet(&gelesen).zeilen,
            vec![
                text(0, 1, &[(0, "Maßnahme"), (1, "Umsetzung")]),
                text(
                    1,
                    2,
                    &[(0, "Sprachkurse\nfür Eltern"), (1, "Schritt 1;\nSchritt 2")]
                ),
                text(2, 5, &[(0, "Hausaufgabenhilfe"), (1, "laufend")]),
            ]
        );
    }

    #[test]
    fn trailing_empty_columns_are_ignored() {
        let gelesen = read(
            &source(b"Name;Organisation;;;\nA;B;;;\n;;;;\n"),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            sheet(&gelesen).zeilen,
            vec![
                text(0, 1, &[(0, "Name"), (1, "Organisation")]),
                text(1, 2, &[(0, "A"), (1, "B")])
            ]
        );
    }

    #[test]
    fn control_characters_are_reported_with_line_and_column() {
        let gelesen = read(
            &source(b"Name;Organisation\nA;Ki\x07ta\n"),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            sheet(&gelesen).zeilen[1],
            text(1, 2, &[(0, "A"), (1, "Kita")])
        );
        assert_eq!(
            gelesen.meldungen.warnungen[0].to_string(),
            "teilnehmende/liste.csv › Zeile 2: Spalte B: Unsichtbare Steuerzeichen (U+0007) \
             wurden entfernt. Sie stammen meist aus eingefügtem Text; prüfen Sie den Inhalt der \
             Zelle."
        );
    }

    #[test]
    fn an_empty_file_is_an_error() {
        let err = read(&source(b"sep=;\n \n\n"), &Limits::default()).unwrap_err();
        assert_eq!(err.kurz, "leer");
    }

    #[test]
    fn invalid_bytes_in_a_bom_file_are_replaced_with_a_warning() {
        let gelesen = read(&source(b"\xEF\xBB\xBFName\nA\xFFB\n"), &Limits::default()).unwrap();
        assert_eq!(sheet(&gelesen).zeilen[1], text(1, 2, &[(0, "A\u{FFFD}B")]));
        assert!(gelesen.meldungen.warnungen[0].meldung.contains("(UTF-8)"));
    }
}
