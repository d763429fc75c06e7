//! Decoding: one source's bytes into sheets of cell values, within the limits. The content
//! decides how a file is read (a `.xls` that is really an xlsx is read as xlsx); every
//! workbook is checked before calamine opens it (see [`super::zip_package`],
//! [`super::compound`], [`super::biff_scan`]), and a panic inside a reader becomes an error
//! for that file. Each sheet gets a line in the file's report entry.

use std::panic::{self, AssertUnwindSafe};

use super::{Sheet, csv_text, workbook};
use crate::limits::Limits;
use crate::report::{
    BlattBericht, DateiBericht, DateiStatus, Ergebnis, ImportBericht, Meldung, Ort,
};
use crate::sources::{Format, Source};

/// The sheets of one source; problems are reported and the sheets that could be read returned.
pub fn sheets(source: &Source, limits: &Limits, bericht: &mut ImportBericht) -> Vec<Sheet> {
    report(source, decode(source, limits), bericht)
}

/// One source decoded: its sheets and messages, or why it cannot be read at all.
pub(crate) type Decoded = Result<Gelesen, Unlesbar>;

/// Decodes one source, a panic inside a reader becoming an error for the file. Touches no
/// report, so sources can be decoded on several threads.
pub(crate) fn decode(source: &Source, limits: &Limits) -> Decoded {
    DECODING.set(true);
    let decoded = panic::catch_unwind(AssertUnwindSafe(|| read(source, limits)))
        .unwrap_or_else(|panic| Err(Unlesbar::intern(panic_text(&panic))));
    DECODING.set(false);
    decoded
}

thread_local! {
    /// Whether this thread is inside [`decode`], which reports a panic as an error of the file.
    static DECODING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a panic on this thread now will be reported as an error of the file being read
/// (so a panic hook need not say anything about it).
pub fn panic_is_reported() -> bool {
    DECODING.get()
}

/// The sheets a source's decoding read, in workbook order (those [`report`] returns).
pub(crate) fn sheets_mut(decoded: &mut Decoded) -> impl Iterator<Item = &mut Sheet> {
    decoded
        .iter_mut()
        .flat_map(|gelesen| &mut gelesen.blaetter)
        .filter_map(|blatt| match &mut blatt.inhalt {
            Inhalt::Gelesen(sheet) => Some(sheet),
            _ => None,
        })
}

/// Reports a decoded source (file, sheets, messages) and returns the sheets that were read.
pub(crate) fn report(source: &Source, gelesen: Decoded, bericht: &mut ImportBericht) -> Vec<Sheet> {
    let datei = datei_bericht(bericht, &source.pfad);
    match gelesen {
        Ok(gelesen) => {
            let mut sheets = Vec::new();
            for blatt in gelesen.blaetter {
                let ergebnis = match blatt.inhalt {
                    Inhalt::Gelesen(sheet) => {
                        sheets.push(sheet);
                        Ergebnis::KeineTabelle
                    }
                    Inhalt::KeinArbeitsblatt => Ergebnis::KeineTabelle,
                    Inhalt::Fehler => Ergebnis::Fehler,
                };
                datei.blaetter.push(BlattBericht::ohne_tabelle(
                    blatt.name,
                    blatt.versteckt,
                    ergebnis,
                ));
            }
            bericht.fehler.extend(gelesen.meldungen.fehler);
            bericht.warnungen.extend(gelesen.meldungen.warnungen);
            sheets
        }
        Err(unlesbar) => {
            datei.status = DateiStatus::Fehler;
            datei.grund = Some(unlesbar.kurz);
            let ort = Ort {
                datei: source.pfad.clone(),
                blatt: unlesbar.blatt,
                stelle: crate::report::Stelle::Ganz,
            };
            bericht.fehler(ort, unlesbar.meldung);
            Vec::new()
        }
    }
}

/// Warnings and errors collected while decoding one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Meldungen {
    /// Problems that stop the build.
    pub fehler: Vec<Meldung>,
    /// Problems that do not.
    pub warnungen: Vec<Meldung>,
}

/// A file that could be opened: its sheets and the messages about them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Gelesen {
    /// Every sheet, in workbook order.
    pub blaetter: Vec<Blatt>,
    /// Messages about cells and sheets.
    pub meldungen: Meldungen,
}

/// One sheet of a file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Blatt {
    /// Its name (`None` for CSV).
    pub name: Option<String>,
    /// Whether the workbook hides it.
    pub versteckt: bool,
    /// What became of it.
    pub inhalt: Inhalt,
}

/// What became of one sheet.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Inhalt {
    /// Read.
    Gelesen(Sheet),
    /// A chart, dialog or macro sheet or a VBA module: no cells to read, reported as no table.
    KeinArbeitsblatt,
    /// Could not be read; the error is among the messages.
    Fehler,
}

/// A file that cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unlesbar {
    /// A short reason for the file's report line.
    pub kurz: String,
    /// The message: what is wrong and what would fix it.
    pub meldung: String,
    /// The sheet concerned, if the problem is one sheet's.
    pub blatt: Option<String>,
}

impl Unlesbar {
    /// A file-wide problem.
    pub(crate) fn new(kurz: &str, meldung: impl Into<String>) -> Self {
        Self {
            kurz: kurz.to_owned(),
            meldung: meldung.into(),
            blatt: None,
        }
    }

    /// A password-protected or encrypted file.
    pub(crate) fn kennwort() -> Self {
        Self::new(
            "mit Kennwort geschützt",
            "Die Datei ist mit einem Kennwort geschützt oder verschlüsselt (auch ein \
             Schreibschutz kann die Datei verschlüsseln) und kann nicht gelesen werden. \
             Speichern Sie die Datei ohne Kennwort: in Excel unter „Datei › Informationen › \
             Arbeitsmappe schützen › Mit Kennwort verschlüsseln“ das Kennwort löschen, in \
             LibreOffice mit „Speichern unter“ ohne „Mit Kennwort speichern“.",
        )
    }

    /// A damaged file, with the technical detail in parentheses.
    pub(crate) fn beschaedigt(art: &str, detail: impl std::fmt::Display) -> Self {
        Self::new(
            "beschädigt",
            format!(
                "Die Datei ist beschädigt oder keine gültige {art} und kann nicht gelesen werden \
                 ({detail}). Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie neu."
            ),
        )
    }

    /// A reader that failed unexpectedly (a panic inside it).
    fn intern(detail: String) -> Self {
        Self::new(
            "beschädigt",
            format!(
                "Die Datei kann nicht gelesen werden: Sie ist vermutlich beschädigt (interner \
                 Lesefehler: {detail}). Öffnen Sie sie in Excel oder LibreOffice und speichern \
                 Sie sie neu."
            ),
        )
    }
}

/// Decodes one source by what its content is.
fn read(source: &Source, limits: &Limits) -> Result<Gelesen, Unlesbar> {
    let bytes = source.bytes.as_slice();
    if bytes.is_empty() {
        return Err(Unlesbar::new(
            "leer",
            "Die Datei ist leer (0 Byte). Speichern Sie sie erneut oder entfernen Sie sie.",
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return workbook::zip_package(source, limits);
    }
    if bytes.starts_with(&super::compound::SIGNATUR) {
        return workbook::compound_file(source, limits);
    }
    if source.format == Format::Csv {
        return csv_text::read(source, limits);
    }
    text_as_csv(source, limits)
}

/// A workbook extension on content that is neither a zip package nor a compound file:
/// plain text (some programs export tab-separated text as `.xls`) is read as CSV with a
/// warning; a web or XML page, or binary content, cannot be read.
fn text_as_csv(source: &Source, limits: &Limits) -> Result<Gelesen, Unlesbar> {
    let head = source.bytes.get(..8192).unwrap_or(&source.bytes);
    let start = String::from_utf8_lossy(head)
        .trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n'])
        .to_lowercase();
    if start.starts_with('<') {
        return Err(Unlesbar::new(
            "keine echte Arbeitsmappe",
            "Die Datei ist eine Web- oder XML-Seite mit der Endung einer Arbeitsmappe. Öffnen \
             Sie sie in Excel oder LibreOffice und speichern Sie sie als .xlsx.",
        ));
    }
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    let binary = control * 100 > head.len();
    if binary && !head.starts_with(&[0xFF, 0xFE]) && !head.starts_with(&[0xFE, 0xFF]) {
        return Err(Unlesbar::beschaedigt(
            "Arbeitsmappe",
            "unbekanntes Dateiformat",
        ));
    }
    let mut gelesen = csv_text::read(source, limits)?;
    gelesen.meldungen.warnungen.push(Meldung {
        ort: Ort::datei(source.pfad.clone()),
        meldung: "Die Datei hat die Endung einer Arbeitsmappe, enthält aber Text; sie wird als \
                  CSV gelesen. Speichern Sie sie besser als .xlsx oder .csv."
            .to_owned(),
    });
    Ok(gelesen)
}

/// The report entry of a file, created if decoding runs without `sources::collect`.
fn datei_bericht<'a>(bericht: &'a mut ImportBericht, pfad: &str) -> &'a mut DateiBericht {
    let index = match bericht.dateien.iter().position(|d| d.datei == pfad) {
        Some(index) => index,
        None => {
            bericht.dateien.push(DateiBericht {
                datei: pfad.to_owned(),
                status: DateiStatus::Gelesen,
                grund: None,
                blaetter: Vec::new(),
            });
            bericht.dateien.len() - 1
        }
    };
    &mut bericht.dateien[index]
}

/// The message of a caught panic.
fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unbekannt".to_owned())
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use rust_xlsxwriter::{
        Chart, ChartType, ExcelDateTime, Format as XlsxFormat, Formula, Workbook,
    };

    use super::*;
    use crate::datum::Datum;
    use crate::tables::test_files as files;
    use crate::tables::{Bereich, Wert};

    fn decode(pfad: &str, bytes: Vec<u8>) -> (Vec<Sheet>, ImportBericht) {
        decode_with(pfad, bytes, &Limits::default())
    }

    fn decode_with(pfad: &str, bytes: Vec<u8>, limits: &Limits) -> (Vec<Sheet>, ImportBericht) {
        let format = Format::from_name(pfad).unwrap();
        let source = Source {
            pfad: pfad.to_owned(),
            format,
            bytes,
        };
        let mut bericht = ImportBericht::default();
        let sheets = sheets(&source, limits, &mut bericht);
        (sheets, bericht)
    }

    fn cell(sheet: &Sheet, zeile: u32, spalte: u32) -> Option<&Wert> {
        let row = sheet.zeilen.iter().find(|r| r.zeile == zeile)?;
        row.zellen
            .iter()
            .find(|(c, _)| *c == spalte)
            .map(|(_, w)| w)
    }

    fn text(t: &str) -> Wert {
        Wert::Text(t.to_owned())
    }

    fn blaetter(bericht: &ImportBericht) -> Vec<(Option<&str>, bool, Ergebnis)> {
        bericht.dateien[0]
            .blaetter
            .iter()
            .map(|b| (b.blatt.as_deref(), b.versteckt, b.ergebnis.clone()))
            .collect()
    }

    /// The only error, as text, for files that cannot be read.
    fn one_error(bericht: &ImportBericht) -> String {
        assert_eq!(bericht.fehler.len(), 1, "{:?}", bericht.fehler);
        assert_eq!(bericht.dateien[0].status, DateiStatus::Fehler);
        bericht.fehler[0].to_string()
    }

    fn excel_workbook() -> Vec<u8> {
        let mut wb = Workbook::new();
        wb.add_worksheet()
            .set_name("Deckblatt")
            .unwrap()
            .write_string(0, 0, "Integrationskonzept")
            .unwrap();
        let ws = wb.add_worksheet().set_name("Maßnahmen").unwrap();
        for (col, name) in [
            "Ziel",
            "Maßnahme",
            "Termin",
            "Kosten",
            "Erledigt",
            "Summe",
            "Quote",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(1, col as u16, *name).unwrap();
        }
        ws.merge_range(2, 0, 3, 0, "Ziel 1", &XlsxFormat::new())
            .unwrap();
        ws.write_string(2, 1, "Sprachkurse\r\nfür Eltern").unwrap();
        ws.write_string(3, 1, "Haus\u{7}aufgabenhilfe").unwrap();
        let datum = XlsxFormat::new().set_num_format("dd.mm.yyyy");
        ws.write_datetime_with_format(2, 2, ExcelDateTime::from_ymd(2008, 2, 15).unwrap(), &datum)
            .unwrap();
        let zeit = XlsxFormat::new().set_num_format("hh:mm");
        ws.write_datetime_with_format(3, 2, ExcelDateTime::from_hms(14, 30, 0).unwrap(), &zeit)
            .unwrap();
        ws.write_number(2, 3, 12_500.5).unwrap();
        ws.write_boolean(2, 4, true).unwrap();
        ws.write_formula(2, 5, Formula::new("=D3*2").set_result("25001"))
            .unwrap();
        ws.write_formula(2, 6, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        ws.write_string(4, 1, "  \u{A0}Kita Süd\u{A0} ").unwrap();
        let intern = wb.add_worksheet().set_name("Intern").unwrap();
        intern.write_string(0, 0, "geheim").unwrap();
        intern.set_hidden(true);
        let mut chart = Chart::new(ChartType::Column);
        chart.add_series().set_values("Maßnahmen!$D$3:$D$4");
        wb.add_chartsheet()
            .set_name("Diagramm")
            .unwrap()
            .insert_chart(0, 0, &chart)
            .unwrap();
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn xlsx_values_hidden_sheets_merged_regions_and_chart_sheets() {
        let (sheets, bericht) = decode("ag/x.xlsx", excel_workbook());
        let names: Vec<(Option<&str>, bool)> = sheets
            .iter()
            .map(|s| (s.ort.blatt.as_deref(), s.versteckt))
            .collect();
        assert_eq!(
            names,
            vec![
                (Some("Deckblatt"), false),
                (Some("Maßnahmen"), false),
                (Some("Intern"), true)
            ]
        );
        assert_eq!(
            blaetter(&bericht),
            vec![
                (Some("Deckblatt"), false, Ergebnis::KeineTabelle),
                (Some("Maßnahmen"), false, Ergebnis::KeineTabelle),
                (Some("Intern"), true, Ergebnis::KeineTabelle),
                (Some("Diagramm"), false, Ergebnis::KeineTabelle),
            ]
        );
        let m = &sheets[1];
        assert_eq!(cell(m, 2, 0), Some(&text("Ziel 1")));
        assert_eq!(cell(m, 2, 1), Some(&text("Sprachkurse\nfür Eltern")));
        assert_eq!(cell(m, 3, 1), Some(&text("Hausaufgabenhilfe")));
        assert_eq!(
            cell(m, 2, 2),
            Some(&Wert::Datum(Datum::new(2008, 2, 15).unwrap()))
        );
        assert_eq!(cell(m, 3, 2), Some(&text("14:30")));
        assert_eq!(cell(m, 2, 3), Some(&Wert::Zahl(12_500.5)));
        assert_eq!(cell(m, 2, 4), Some(&Wert::Wahrheit(true)));
        assert_eq!(cell(m, 2, 5), Some(&Wert::Zahl(25_001.0)));
        assert_eq!(cell(m, 2, 6), Some(&Wert::Fehler("#DIV/0!".into())));
        assert_eq!(cell(m, 4, 1), Some(&text("Kita Süd")));
        assert_eq!(cell(m, 3, 0), None);
        assert_eq!(
            m.verbunden,
            vec![Bereich {
                start: (2, 0),
                ende: (3, 0)
            }]
        );
        assert_eq!(m.zeilen[0].zeile, 1);
        assert_eq!(
            bericht
                .warnungen
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            vec![
                "ag/x.xlsx › Maßnahmen › B4: Unsichtbare Steuerzeichen (U+0007) wurden entfernt. \
                 Sie stammen meist aus eingefügtem Text; prüfen Sie den Inhalt der Zelle."
            ]
        );
        assert!(bericht.fehler.is_empty());
    }

    #[test]
    fn a_tiny_xlsx_with_cells_at_a1_and_xfd1048576_is_refused_quickly() {
        let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Ziel</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
        let bytes = files::xlsx(r#"<dimension ref="A1:XFD1048576"/>"#, rows, None);
        assert!(bytes.len() < 2048, "{} bytes", bytes.len());
        let started = Instant::now();
        let (sheets, bericht) = decode("ag/gross.xlsx", bytes);
        assert!(started.elapsed().as_millis() < 1000);
        assert!(sheets.is_empty());
        assert_eq!(
            blaetter(&bericht),
            vec![(Some("Tabelle1"), false, Ergebnis::Fehler)]
        );
        assert!(
            bericht.fehler[0].to_string().starts_with(
                "ag/gross.xlsx › Tabelle1: Das Blatt ist zu groß: Gefüllte Zellen reichen von A1 \
                 bis XFD1048576 (1.048.576 Zeilen, 16.384 Spalten;"
            ),
            "{}",
            bericht.fehler[0]
        );
    }

    #[test]
    fn a_shared_string_count_larger_than_its_part_is_refused() {
        let strings = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1000000000000"><si><t>Ziel</t></si></sst>"#;
        let bytes = files::xlsx(
            "",
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
            Some(strings),
        );
        let (sheets, bericht) = decode("ag/x.xlsx", bytes);
        assert!(sheets.is_empty());
        assert!(
            one_error(&bericht)
                .contains("(xl/sharedstrings.xml declares 1000000000000 strings in "),
            "{:?}",
            bericht.fehler
        );
        let honest = files::xlsx(
            "",
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
            Some(&strings.replace("1000000000000", "1")),
        );
        let (sheets, _) = decode("ag/x.xlsx", honest);
        assert_eq!(cell(&sheets[0], 0, 0), Some(&text("Ziel")));
    }

    #[test]
    fn sheets_sharing_one_part_are_read_only_within_a_budget() {
        let rows: String = (1..=5000)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
            .collect();
        let (sheets, bericht) = decode("ag/x.xlsx", files::xlsx_listing(3, "", &rows, None));
        assert_eq!(sheets.len(), 3, "{:?}", bericht.fehler);
        let (sheets, bericht) = decode("ag/x.xlsx", files::xlsx_listing(50, "", &rows, None));
        assert!(sheets.is_empty());
        assert_eq!(
            one_error(&bericht),
            "ag/x.xlsx: Die Datei ist beschädigt oder keine gültige Arbeitsmappe und kann nicht \
             gelesen werden (Blätter teilen sich ihre Daten; sie würden immer wieder gelesen). \
             Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie neu."
        );
    }

    #[test]
    fn password_protected_workbooks_are_refused_with_the_fix() {
        let encrypted_xlsx = files::compound(
            &[("EncryptionInfo", b"info"), ("EncryptedPackage", b"data")],
            false,
        );
        let filepass = files::record(0x002F, &[1, 0, 1, 0, 1, 0]);
        let encrypted_xls = files::compound(
            &[(
                "Workbook",
                &files::biff(&[filepass], &[("Ziele", false, vec![])]),
            )],
            false,
        );
        for (pfad, bytes) in [
            ("ag/geheim.xlsx", encrypted_xlsx.clone()),
            ("ag/geheim.xlsb", encrypted_xlsx),
            ("ag/schreibgeschuetzt.xls", encrypted_xls),
            ("ag/geheim.ods", files::ods("", "", true)),
        ] {
            let (sheets, bericht) = decode(pfad, bytes);
            assert!(sheets.is_empty());
            assert_eq!(
                one_error(&bericht),
                format!("{pfad}: {}", Unlesbar::kennwort().meldung)
            );
            assert_eq!(
                bericht.dateien[0].grund.as_deref(),
                Some("mit Kennwort geschützt")
            );
        }
    }

    fn xls_workbook(ziele: Vec<Vec<u8>>) -> Vec<u8> {
        let notizen = vec![files::label(0, 0, "intern")];
        files::compound(
            &[(
                "Workbook",
                &files::biff(&[], &[("Ziele", false, ziele), ("Notizen", true, notizen)]),
            )],
            false,
        )
    }

    #[test]
    fn xls_values_hidden_sheets_and_merged_regions() {
        let ziele = vec![
            files::label(0, 0, "Ziel"),
            files::label(0, 1, "Priorität"),
            files::label(1, 0, "Sprache fördern"),
            files::number(1, 1, 1.0),
            files::number(2, 1, 2.0),
            files::merged(&[(1, 2, 0, 0)]),
        ];
        let (sheets, bericht) = decode("ag/alt.xls", xls_workbook(ziele));
        assert!(bericht.fehler.is_empty(), "{:?}", bericht.fehler);
        assert_eq!(
            blaetter(&bericht),
            vec![
                (Some("Ziele"), false, Ergebnis::KeineTabelle),
                (Some("Notizen"), true, Ergebnis::KeineTabelle)
            ]
        );
        assert_eq!(cell(&sheets[0], 0, 1), Some(&text("Priorität")));
        assert_eq!(cell(&sheets[0], 1, 0), Some(&text("Sprache fördern")));
        assert_eq!(cell(&sheets[0], 2, 1), Some(&Wert::Zahl(2.0)));
        assert_eq!(
            sheets[0].verbunden,
            vec![Bereich {
                start: (1, 0),
                ende: (2, 0)
            }]
        );
        assert!(sheets[1].versteckt);
    }

    #[test]
    fn an_xls_whose_grid_would_be_huge_is_refused_before_calamine_builds_it() {
        let (sheets, bericht) = decode(
            "ag/alt.xls",
            xls_workbook(vec![
                files::number(0, 0, 1.0),
                files::number(65_535, 255, 2.0),
            ]),
        );
        assert!(sheets.is_empty());
        assert_eq!(
            one_error(&bericht),
            "ag/alt.xls › Ziele: Der benutzte Bereich des Blatts umfasst 16.777.216 Zellen (erlaubt \
             sind höchstens 2.000.000); die Datei wird nicht gelesen. Meist stehen weit unterhalb \
             oder rechts der Tabelle vergessene Inhalte: Löschen Sie dort alle Zeilen und Spalten \
             und speichern Sie die Datei erneut."
        );
    }

    #[test]
    fn a_compound_file_with_a_looping_sector_chain_is_refused() {
        let bytes = files::compound(
            &[("Workbook", &files::biff(&[], &[("Ziele", false, vec![])]))],
            true,
        );
        let (_, bericht) = decode("ag/alt.xls", bytes);
        assert!(
            one_error(&bericht).contains("(sector chain loops)"),
            "{:?}",
            bericht.fehler
        );
    }

    #[test]
    fn a_panic_inside_calamine_becomes_an_error_for_the_file() {
        let broken_merge = files::record(0x00E5, &[5, 0, 1, 0, 2, 0, 0, 0, 0, 0]);
        let (sheets, bericht) = decode(
            "ag/alt.xls",
            xls_workbook(vec![files::number(0, 0, 1.0), broken_merge]),
        );
        assert!(sheets.is_empty());
        let error = one_error(&bericht);
        assert!(error.starts_with("ag/alt.xls: Die Datei kann nicht gelesen werden: Sie ist vermutlich beschädigt (interner Lesefehler: "), "{error}");
    }

    #[test]
    fn ods_values_hidden_sheets_and_merged_cells() {
        let styles = r#"<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>"#;
        let tables = r#"<table:table table:name="Sitzungen"><table:table-row><table:table-cell office:value-type="string"><text:p>Nr</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Datum</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Thema</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell office:value-type="date" office:date-value="2008-03-04"/><table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>Auftakt<text:s text:c="2"/>und</text:p><text:p>Ziele</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="2"/><table:table-cell office:value-type="time" office:time-value="PT18H00M00S"/><table:covered-table-cell/></table:table-row><table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table><table:table table:name="Alt" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="boolean" office:boolean-value="true"/></table:table-row></table:table>"#;
        let (sheets, bericht) = decode("ag/sitzungen.ods", files::ods(styles, tables, false));
        assert!(bericht.fehler.is_empty(), "{:?}", bericht.fehler);
        assert_eq!(
            blaetter(&bericht),
            vec![
                (Some("Sitzungen"), false, Ergebnis::KeineTabelle),
                (Some("Alt"), true, Ergebnis::KeineTabelle)
            ]
        );
        let s = &sheets[0];
        assert_eq!(s.zeilen.len(), 3);
        assert_eq!(cell(s, 1, 0), Some(&Wert::Zahl(1.0)));
        assert_eq!(
            cell(s, 1, 1),
            Some(&Wert::Datum(Datum::new(2008, 3, 4).unwrap()))
        );
        assert_eq!(cell(s, 1, 2), Some(&text("Auftakt  und\nZiele")));
        assert_eq!(cell(s, 2, 1), Some(&text("18:00")));
        assert_eq!(
            s.verbunden,
            vec![Bereich {
                start: (1, 2),
                ende: (2, 2)
            }]
        );
        assert_eq!(cell(&sheets[1], 0, 0), Some(&Wert::Wahrheit(true)));
    }

    #[test]
    fn an_ods_whose_repeats_would_expand_hugely_is_refused() {
        let cell = r#"<table:table-cell office:value-type="float" office:value="1"/>"#;
        let tables = format!(
            r#"<table:table table:name="Liste"><table:table-row table:number-rows-repeated="1000000">{cell}{cell}{cell}</table:table-row></table:table>"#
        );
        let (_, bericht) = decode("ag/dos.ods", files::ods("", &tables, false));
        assert!(
            one_error(&bericht).starts_with(
                "ag/dos.ods › Liste: Der benutzte Bereich des Blatts umfasst 3.000.000 Zellen"
            ),
            "{:?}",
            bericht.fehler
        );
    }

    #[test]
    fn empty_damaged_and_mislabelled_files() {
        let (_, bericht) = decode("ag/leer.xlsx", Vec::new());
        assert_eq!(
            one_error(&bericht),
            "ag/leer.xlsx: Die Datei ist leer (0 Byte). Speichern Sie sie erneut oder entfernen Sie sie."
        );
        let (_, bericht) = decode("ag/kaputt.xlsx", (0..=255u8).cycle().take(3000).collect());
        assert_eq!(
            one_error(&bericht),
            "ag/kaputt.xlsx: Die Datei ist beschädigt oder keine gültige Arbeitsmappe und kann \
             nicht gelesen werden (unbekanntes Dateiformat). Öffnen Sie sie in Excel oder \
             LibreOffice und speichern Sie sie neu."
        );
        let mut truncated = excel_workbook();
        truncated.truncate(truncated.len() / 2);
        let (_, bericht) = decode("ag/halb.xlsx", truncated);
        assert!(
            one_error(&bericht).starts_with(
                "ag/halb.xlsx: Die Datei ist beschädigt oder keine gültige Arbeitsmappe"
            )
        );
        let (_, bericht) = decode(
            "ag/web.xls",
            b"<html><table><tr><td>Ziel</td></tr></table></html>".to_vec(),
        );
        assert_eq!(
            bericht.dateien[0].grund.as_deref(),
            Some("keine echte Arbeitsmappe")
        );
        let (_, bericht) = decode(
            "ag/archiv.xlsx",
            crate::sources::fixtures::zip(&[("ziele.csv", b"a;b")]),
        );
        assert_eq!(
            bericht.dateien[0].grund.as_deref(),
            Some("keine Arbeitsmappe")
        );
    }

    #[test]
    fn content_decides_over_the_extension() {
        let (sheets, bericht) = decode(
            "ag/export.xls",
            b"Ziel\tPriorit\xe4t\nSprache\t1\n".to_vec(),
        );
        assert_eq!(cell(&sheets[0], 0, 1), Some(&text("Priorität")));
        assert_eq!(
            bericht.warnungen[0].to_string(),
            "ag/export.xls: Die Datei hat die Endung einer Arbeitsmappe, enthält aber Text; sie \
             wird als CSV gelesen. Speichern Sie sie besser als .xlsx oder .csv."
        );
        let (sheets, bericht) = decode("ag/falsch.xls", excel_workbook());
        assert_eq!(sheets.len(), 3);
        assert!(bericht.fehler.is_empty() && bericht.warnungen.len() == 1);
        let (sheets, _) = decode("ag/falsch.csv", excel_workbook());
        assert_eq!(sheets.len(), 3);
    }
}
