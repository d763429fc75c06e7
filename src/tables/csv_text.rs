//! CSV files: the encoding (BOM, strict UTF-8, else detected — in practice Windows-1252),
//! Excel's `sep=` first line, the delimiter (`;`, `,` or tab, sniffed from the first line
//! with content), quoted fields with delimiters and line breaks. Every record keeps the
//! line it starts on for messages.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

use super::decoded::{Content, DecodedFile, DecodedSheet, Messages, Unreadable};
use super::grid::{Grid, LimitExceeded};
use crate::limits::Limits;
use crate::report::{Place, Position, Problem};
use crate::sources::Source;

/// Delimiters recognised, in order of preference on a tie (German Excel writes `;`).
const DELIMITERS: [u8; 3] = [b';', b'\t', b','];
/// How many lines with content the delimiter sniffing looks at.
const SNIFF_LINES: usize = 20;

/// Reads a CSV file as one sheet.
pub(super) fn read(source: &Source, limits: &Limits) -> Result<DecodedFile, Unreadable> {
    let mut messages = Messages::default();
    let file = Place::file(source.path.clone());
    let (text, encoding) = decode(&source.bytes);
    if let Some(encoding) = encoding {
        messages.warnings.push(Problem::warning(
            file.clone(),
            format!(
                "Die Datei enthält Zeichen, die in der erkannten Zeichenkodierung ({encoding}) \
                 ungültig sind; sie wurden durch „�“ ersetzt. Speichern Sie die Datei als \
                 „CSV UTF-8“."
            ),
        ));
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let (body, offset, sep) = sep_line(&text);
    if body.trim().is_empty() {
        return Err(Unreadable::new(
            "leer",
            "Die Datei enthält keine Daten. Speichern Sie sie erneut oder entfernen Sie sie.",
        ));
    }
    let delimiter = sep.unwrap_or_else(|| sniff(body));
    let mut budget = limits.cells_per_file;
    let mut grid = Grid::new(file.clone(), limits, &mut budget);
    let content = match records(body, delimiter, offset, &mut grid, &mut messages) {
        Ok(()) => Content::Decoded(grid.finish(false, &[])),
        Err(LimitExceeded(message)) => {
            messages.errors.push(Problem::error(file, message));
            Content::Error
        }
    };
    Ok(DecodedFile {
        sheets: vec![DecodedSheet {
            name: None,
            hidden: false,
            content,
        }],
        messages,
    })
}

/// Parses the records into the grid; `offset` lines were removed before `body`.
fn records(
    body: &str,
    delimiter: u8,
    offset: u64,
    grid: &mut Grid<'_>,
    messages: &mut Messages,
) -> Result<(), LimitExceeded> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(err) => {
                let line = err.position().map_or(0, csv::Position::line) + offset;
                return Err(LimitExceeded(format!(
                    "Die Datei kann ab Zeile {line} nicht gelesen werden. Speichern Sie sie \
                     erneut als CSV."
                )));
            }
        }
        let line = record.position().map_or(0, csv::Position::line) + offset;
        for (column, field) in record.iter().enumerate() {
            let column = u32::try_from(column).unwrap_or(u32::MAX);
            grid.text(row, column, Position::Line(line), field, messages)?;
        }
        grid.line(row, line);
        row = row
            .checked_add(1)
            .ok_or_else(|| LimitExceeded("Die Datei hat zu viele Zeilen.".to_owned()))?;
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
    use crate::tables::sheet::{Sheet, SheetRow, Value};

    fn source(bytes: &[u8]) -> Source {
        Source {
            path: "teilnehmende/liste.csv".into(),
            format: crate::sources::Format::Csv,
            bytes: bytes.to_vec(),
        }
    }

    fn sheet(loaded: &DecodedFile) -> &Sheet {
        match &loaded.sheets[0].content {
            Content::Decoded(sheet) => sheet,
            other => panic!("no sheet: {other:?}"),
        }
    }

    fn text(row: u32, line: u64, cells: &[(u32, &str)]) -> SheetRow {
        SheetRow {
            row,
            line: Some(line),
            cells: cells
                .iter()
                .map(|(c, t)| (*c, Value::Text((*t).into())))
                .collect(),
        }
    }

    #[test]
    fn utf8_with_bom_and_semicolons() {
        let loaded = read(
            &source("\u{FEFF}Name;Organisation\nJörg;Kita Süd\n".as_bytes()),
            &Limits::default(),
        )
        .unwrap();
        let sheet = sheet(&loaded);
        assert_eq!(sheet.place.to_string(), "teilnehmende/liste.csv");
        assert_eq!(
            sheet.rows,
            vec![
                text(0, 1, &[(0, "Name"), (1, "Organisation")]),
                text(1, 2, &[(0, "Jörg"), (1, "Kita Süd")])
            ]
        );
        assert!(loaded.messages.warnings.is_empty());
    }

    #[test]
    fn windows_1252_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Name;Organisation\nJürgen Weiß;Migrantenverein Göttingen e. V.\n");
        let loaded = read(&source(&bytes), &Limits::default()).unwrap();
        assert_eq!(
            sheet(&loaded).rows[1],
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
            let loaded = read(&source(&bytes), &Limits::default()).unwrap();
            assert_eq!(
                sheet(&loaded).rows[1],
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
            let loaded = read(&source(csv.as_bytes()), &Limits::default()).unwrap();
            let rows = &sheet(&loaded).rows;
            assert_eq!(
                rows.last().unwrap().cells[0].1,
                Value::Text(expected.into()),
                "{csv}"
            );
            assert_eq!(
                rows.last().unwrap().cells[1].1,
                Value::Text("Kita".into()),
                "{csv}"
            );
        }
    }

    #[test]
    fn excel_sep_line_sets_the_delimiter_and_counts_as_a_line() {
        let loaded = read(
            &source(b"sep=,\nName;Zusatz,Organisation\nA;B,Kita\n"),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            sheet(&loaded).rows,
            vec![
                text(0, 2, &[(0, "Name;Zusatz"), (1, "Organisation")]),
                text(1, 3, &[(0, "A;B"), (1, "Kita")])
            ]
        );
    }

    #[test]
    fn quoted_line_breaks_keep_the_record_and_later_lines_count_right() {
        let csv = "Maßnahme;Umsetzung\r\n\"Sprachkurse\r\nfür Eltern\";\"Schritt 1;\r\nSchritt 2\"\r\nHausaufgabenhilfe;laufend\r\n;\r\n\r\n";
        let loaded = read(&source(csv.as_bytes()), &Limits::default()).unwrap();
        assert_eq!(
            sheet(&loaded).rows,
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
        let loaded = read(
            &source(b"Name;Organisation;;;\nA;B;;;\n;;;;\n"),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            sheet(&loaded).rows,
            vec![
                text(0, 1, &[(0, "Name"), (1, "Organisation")]),
                text(1, 2, &[(0, "A"), (1, "B")])
            ]
        );
    }

    #[test]
    fn control_characters_are_reported_with_line_and_column() {
        let loaded = read(
            &source(b"Name;Organisation\nA;Ki\x07ta\n"),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(sheet(&loaded).rows[1], text(1, 2, &[(0, "A"), (1, "Kita")]));
        assert_eq!(
            loaded.messages.warnings[0].to_string(),
            "teilnehmende/liste.csv › Zeile 2: Spalte B: Unsichtbare Steuerzeichen (U+0007) \
             wurden entfernt. Sie stammen meist aus eingefügtem Text; prüfen Sie den Inhalt der \
             Zelle."
        );
    }

    #[test]
    fn an_empty_file_is_an_error() {
        let err = read(&source(b"sep=;\n \n\n"), &Limits::default()).unwrap_err();
        assert_eq!(err.short, "leer");
    }

    #[test]
    fn invalid_bytes_in_a_bom_file_are_replaced_with_a_warning() {
        let loaded = read(&source(b"\xEF\xBB\xBFName\nA\xFFB\n"), &Limits::default()).unwrap();
        assert_eq!(sheet(&loaded).rows[1], text(1, 2, &[(0, "A\u{FFFD}B")]));
        assert!(loaded.messages.warnings[0].message.contains("(UTF-8)"));
    }
}
