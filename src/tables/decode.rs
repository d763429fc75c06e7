//! Decoding: one source's bytes into sheets of cell values, within the limits. The content
//! decides how a file is read (a `.xls` that is really an xlsx is read as xlsx); every
//! workbook is checked before calamine opens it (see [`super::zip_package`],
//! [`super::compound`], [`super::biff_scan`]), and a panic inside a reader becomes an error
//! for that file. Each sheet gets a line in the file's report entry.

use std::panic::{self, AssertUnwindSafe};

use super::csv_text;
use super::decoded::{Content, DecodedFile, Unreadable};
use super::sheet::Sheet;
use super::workbook;
use crate::limits::Limits;
use crate::report::{
    FileReport, FileStatus, IngestReport, Place, Problem, SheetOutcome, SheetReport,
};
use crate::sources::{Format, Source};

/// The sheets of one source; problems are reported and the sheets that could be read returned.
pub fn sheets(source: &Source, limits: &Limits, import_report: &mut IngestReport) -> Vec<Sheet> {
    report(source, decode(source, limits), import_report)
}

/// One source decoded: its sheets and messages, or why it cannot be read at all.
pub(crate) type Decoded = Result<DecodedFile, Unreadable>;

/// Decodes one source, a panic inside a reader becoming an error for the file. Touches no
/// report, so sources can be decoded on several threads.
pub(crate) fn decode(source: &Source, limits: &Limits) -> Decoded {
    DECODING.set(true);
    let decoded = panic::catch_unwind(AssertUnwindSafe(|| read(source, limits)))
        .unwrap_or_else(|panic| Err(Unreadable::internal(panic_text(&panic))));
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
        .flat_map(|loaded| &mut loaded.sheets)
        .filter_map(|sheet| match &mut sheet.content {
            Content::Decoded(sheet) => Some(sheet),
            _ => None,
        })
}

/// Reports a decoded source (file, sheets, messages) and returns the sheets that were read.
pub(crate) fn report(
    source: &Source,
    loaded: Decoded,
    import_report: &mut IngestReport,
) -> Vec<Sheet> {
    let file = file_report(import_report, &source.path);
    match loaded {
        Ok(loaded) => {
            let mut sheets = Vec::new();
            for sheet in loaded.sheets {
                let outcome = match sheet.content {
                    Content::Decoded(sheet) => {
                        sheets.push(sheet);
                        SheetOutcome::NoTable
                    }
                    Content::NotAWorksheet(kind) => SheetOutcome::NotAWorksheet(kind),
                    Content::Error => SheetOutcome::Error,
                };
                file.sheets.push(SheetReport::without_table(
                    sheet.name,
                    sheet.hidden,
                    outcome,
                ));
            }
            import_report.errors.extend(loaded.messages.errors);
            import_report.warnings.extend(loaded.messages.warnings);
            sheets
        }
        Err(unreadable) => {
            file.status = FileStatus::Error;
            file.reason = Some(unreadable.short);
            let place = Place {
                file: source.path.as_str().into(),
                sheet: unreadable.sheet.map(Into::into),
                position: crate::report::Position::Whole,
            };
            let problem = Problem::error(place, unreadable.message);
            import_report.errors.push(match unreadable.detail {
                Some(detail) => problem.with_detail(detail),
                None => problem,
            });
            Vec::new()
        }
    }
}

/// Decodes one source by what its content is.
fn read(source: &Source, limits: &Limits) -> Result<DecodedFile, Unreadable> {
    let bytes = source.bytes.as_slice();
    if bytes.is_empty() {
        return Err(Unreadable::new(
            "leer",
            "Die Datei ist leer (0 Byte). Speichern Sie sie erneut oder entfernen Sie sie.",
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return workbook::zip_package(source, limits);
    }
    if bytes.starts_with(&super::compound::SIGNATURE) {
        return workbook::compound_file(source, limits);
    }
    if let Some(version) = super::biff_scan::old_excel(bytes) {
        return Err(Unreadable::old_excel(version));
    }
    if source.format == Format::Csv {
        return csv_text::read(source, limits);
    }
    text_as_csv(source, limits)
}

/// A workbook extension on content that is neither a zip package nor a compound file:
/// plain text (some programs export tab-separated text as `.xls`) is read as CSV with a
/// warning; a web or XML page, or binary content, cannot be read.
fn text_as_csv(source: &Source, limits: &Limits) -> Result<DecodedFile, Unreadable> {
    let head = source.bytes.get(..8192).unwrap_or(&source.bytes);
    let start = String::from_utf8_lossy(head)
        .trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n'])
        .to_lowercase();
    if start.starts_with('<') {
        return Err(Unreadable::new(
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
        return Err(Unreadable::damaged(
            "Arbeitsmappe",
            "unbekanntes Dateiformat",
        ));
    }
    let mut loaded = csv_text::read(source, limits)?;
    loaded.messages.warnings.push(Problem::warning(
        Place::file(source.path.clone()),
        "Die Datei hat die Endung einer Arbeitsmappe, enthält aber Text; sie wird als \
                  CSV gelesen. Speichern Sie sie besser als .xlsx oder .csv."
            .to_owned(),
    ));
    Ok(loaded)
}

/// The report entry of a file, created if decoding runs without `sources::collect`.
fn file_report<'a>(import_report: &'a mut IngestReport, path: &str) -> &'a mut FileReport {
    let index = match import_report.files.iter().position(|d| d.file == path) {
        Some(index) => index,
        None => {
            import_report.files.push(FileReport {
                file: path.to_owned(),
                status: FileStatus::Read,
                reason: None,
                sheets: Vec::new(),
            });
            import_report.files.len() - 1
        }
    };
    &mut import_report.files[index]
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
    use crate::date::Date;
    use crate::report::NonWorksheet;
    use crate::tables::sheet::{Region, Value};
    use crate::tables::test_files::{self as files, XlsbSheet};

    fn decode(path: &str, bytes: Vec<u8>) -> (Vec<Sheet>, IngestReport) {
        decode_with(path, bytes, &Limits::default())
    }

    fn decode_with(path: &str, bytes: Vec<u8>, limits: &Limits) -> (Vec<Sheet>, IngestReport) {
        let format = Format::from_name(path).unwrap();
        let source = Source {
            path: path.to_owned(),
            format,
            bytes,
        };
        let mut import_report = IngestReport::default();
        let sheets = sheets(&source, limits, &mut import_report);
        (sheets, import_report)
    }

    fn cell(sheet: &Sheet, row: u32, column: u32) -> Option<&Value> {
        let row = sheet.rows.iter().find(|r| r.row == row)?;
        row.cells.iter().find(|(c, _)| *c == column).map(|(_, w)| w)
    }

    fn text(t: &str) -> Value {
        Value::Text(t.to_owned())
    }

    fn sheet_outcomes(import_report: &IngestReport) -> Vec<(Option<&str>, bool, SheetOutcome)> {
        import_report.files[0]
            .sheets
            .iter()
            .map(|b| (b.sheet.as_deref(), b.hidden, b.outcome.clone()))
            .collect()
    }

    /// The only error, as text, for files that cannot be read.
    fn one_error(import_report: &IngestReport) -> String {
        assert_eq!(import_report.errors.len(), 1, "{:?}", import_report.errors);
        assert_eq!(import_report.files[0].status, FileStatus::Error);
        import_report.errors[0].to_string()
    }

    #[test]
    fn regions_are_read_only_where_a_cell_below_a_filled_one_is_empty() {
        let mut wb = Workbook::new();
        // A title merged across the table, complete rows below: nothing for a region to show.
        let ws = wb.add_worksheet().set_name("Ziele").unwrap();
        ws.merge_range(0, 0, 0, 2, "Ziele der AG", &XlsxFormat::new())
            .unwrap();
        for (row, values) in [["Nr", "Ziel", "Priorität"], ["1", "Sprache", "1"]]
            .iter()
            .enumerate()
        {
            for (col, value) in values.iter().enumerate() {
                ws.write_string(row as u32 + 1, col as u16, *value).unwrap();
            }
        }
        // A goal merged over two measures: the second measure's goal cell is empty.
        let ws = wb.add_worksheet().set_name("Maßnahmen").unwrap();
        ws.write_string(0, 0, "Ziel").unwrap();
        ws.write_string(0, 1, "Maßnahme").unwrap();
        ws.merge_range(1, 0, 2, 0, "1", &XlsxFormat::new()).unwrap();
        ws.write_string(1, 1, "Kurse").unwrap();
        ws.write_string(2, 1, "Treffen").unwrap();
        let (sheets, _) = decode("ag/x.xlsx", wb.save_to_buffer().unwrap());
        assert_eq!(cell(&sheets[0], 2, 1), Some(&text("Sprache")));
        assert_eq!(sheets[0].merged, vec![]);
        assert_eq!(
            sheets[1].merged,
            vec![Region {
                start: (1, 0),
                end: (2, 0)
            }]
        );
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
        let date = XlsxFormat::new().set_num_format("dd.mm.yyyy");
        ws.write_datetime_with_format(2, 2, ExcelDateTime::from_ymd(2008, 2, 15).unwrap(), &date)
            .unwrap();
        let time = XlsxFormat::new().set_num_format("hh:mm");
        ws.write_datetime_with_format(3, 2, ExcelDateTime::from_hms(14, 30, 0).unwrap(), &time)
            .unwrap();
        ws.write_number(2, 3, 12_500.5).unwrap();
        ws.write_boolean(2, 4, true).unwrap();
        ws.write_formula(2, 5, Formula::new("=D3*2").set_result("25001"))
            .unwrap();
        ws.write_formula(2, 6, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        ws.write_string(4, 1, "  \u{A0}Kita Süd\u{A0} ").unwrap();
        let internal = wb.add_worksheet().set_name("Intern").unwrap();
        internal.write_string(0, 0, "geheim").unwrap();
        internal.set_hidden(true);
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
        let (sheets, import_report) = decode("ag/x.xlsx", excel_workbook());
        let names: Vec<(Option<&str>, bool)> = sheets
            .iter()
            .map(|s| (s.place.sheet.as_deref(), s.hidden))
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
            sheet_outcomes(&import_report),
            vec![
                (Some("Deckblatt"), false, SheetOutcome::NoTable),
                (Some("Maßnahmen"), false, SheetOutcome::NoTable),
                (Some("Intern"), true, SheetOutcome::NoTable),
                (
                    Some("Diagramm"),
                    false,
                    SheetOutcome::NotAWorksheet(NonWorksheet::Chart)
                ),
            ]
        );
        let m = &sheets[1];
        assert_eq!(cell(m, 2, 0), Some(&text("Ziel 1")));
        assert_eq!(cell(m, 2, 1), Some(&text("Sprachkurse\nfür Eltern")));
        assert_eq!(cell(m, 3, 1), Some(&text("Hausaufgabenhilfe")));
        assert_eq!(
            cell(m, 2, 2),
            Some(&Value::Date(Date::new(2008, 2, 15).unwrap()))
        );
        assert_eq!(cell(m, 3, 2), Some(&text("14:30")));
        assert_eq!(cell(m, 2, 3), Some(&Value::Number(12_500.5)));
        assert_eq!(cell(m, 2, 4), Some(&Value::Bool(true)));
        assert_eq!(cell(m, 2, 5), Some(&Value::Number(25_001.0)));
        assert_eq!(cell(m, 2, 6), Some(&Value::Error("#DIV/0!".into())));
        assert_eq!(cell(m, 4, 1), Some(&text("Kita Süd")));
        assert_eq!(cell(m, 3, 0), None);
        assert_eq!(
            m.merged,
            vec![Region {
                start: (2, 0),
                end: (3, 0)
            }]
        );
        assert_eq!(m.rows[0].row, 1);
        assert_eq!(
            import_report
                .warnings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            vec![
                "ag/x.xlsx › Maßnahmen › B4: Unsichtbare Steuerzeichen (U+0007) wurden entfernt. \
                 Sie stammen meist aus eingefügtem Text; prüfen Sie den Inhalt der Zelle."
            ]
        );
        assert!(import_report.errors.is_empty());
    }

    #[test]
    fn a_tiny_xlsx_with_cells_at_a1_and_xfd1048576_is_refused_quickly() {
        let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Ziel</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
        let bytes = files::xlsx(r#"<dimension ref="A1:XFD1048576"/>"#, rows, None);
        assert!(bytes.len() < 2048, "{} bytes", bytes.len());
        let started = Instant::now();
        let (sheets, import_report) = decode("ag/gross.xlsx", bytes);
        assert!(started.elapsed().as_millis() < 1000);
        assert!(sheets.is_empty());
        assert_eq!(
            sheet_outcomes(&import_report),
            vec![(Some("Tabelle1"), false, SheetOutcome::Error)]
        );
        assert!(
            import_report.errors[0].to_string().starts_with(
                "ag/gross.xlsx › Tabelle1: Das Blatt ist zu groß: Gefüllte Zellen reichen von A1 \
                 bis XFD1048576 (1.048.576 Zeilen, 16.384 Spalten;"
            ),
            "{}",
            import_report.errors[0]
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
        let (sheets, import_report) = decode("ag/x.xlsx", bytes);
        assert!(sheets.is_empty());
        assert!(
            one_error(&import_report).contains(
                "speichern Sie sie neu.\n  Technische Angabe: xl/sharedstrings.xml declares \
                 1000000000000 strings in "
            ),
            "{:?}",
            import_report.errors
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
        let (sheets, import_report) = decode("ag/x.xlsx", files::xlsx_listing(3, "", &rows, None));
        assert_eq!(sheets.len(), 3, "{:?}", import_report.errors);
        let (sheets, import_report) = decode("ag/x.xlsx", files::xlsx_listing(50, "", &rows, None));
        assert!(sheets.is_empty());
        assert_eq!(
            one_error(&import_report),
            "ag/x.xlsx: Die Datei ist beschädigt oder keine gültige Arbeitsmappe und kann nicht \
             gelesen werden. Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie neu.\n  \
             Technische Angabe: Blätter teilen sich ihre Daten; sie würden immer wieder gelesen"
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
        for (path, bytes) in [
            ("ag/geheim.xlsx", encrypted_xlsx.clone()),
            ("ag/geheim.xlsb", encrypted_xlsx),
            ("ag/schreibgeschuetzt.xls", encrypted_xls),
            ("ag/geheim.ods", files::ods("", "", true)),
        ] {
            let (sheets, import_report) = decode(path, bytes);
            assert!(sheets.is_empty());
            assert_eq!(
                one_error(&import_report),
                format!("{path}: {}", Unreadable::password_protected().message)
            );
            assert_eq!(
                import_report.files[0].reason.as_deref(),
                Some("mit Kennwort geschützt")
            );
        }
    }

    fn xls_workbook(ziele: Vec<Vec<u8>>) -> Vec<u8> {
        let notes = vec![files::label(0, 0, "intern")];
        files::compound(
            &[(
                "Workbook",
                &files::biff(&[], &[("Ziele", false, ziele), ("Notizen", true, notes)]),
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
        let (sheets, import_report) = decode("ag/alt.xls", xls_workbook(ziele));
        assert!(
            import_report.errors.is_empty(),
            "{:?}",
            import_report.errors
        );
        assert_eq!(
            sheet_outcomes(&import_report),
            vec![
                (Some("Ziele"), false, SheetOutcome::NoTable),
                (Some("Notizen"), true, SheetOutcome::NoTable)
            ]
        );
        assert_eq!(cell(&sheets[0], 0, 1), Some(&text("Priorität")));
        assert_eq!(cell(&sheets[0], 1, 0), Some(&text("Sprache fördern")));
        assert_eq!(cell(&sheets[0], 2, 1), Some(&Value::Number(2.0)));
        assert_eq!(
            sheets[0].merged,
            vec![Region {
                start: (1, 0),
                end: (2, 0)
            }]
        );
        assert!(sheets[1].hidden);
    }

    #[test]
    fn an_xls_whose_grid_would_be_huge_is_refused_before_calamine_builds_it() {
        let (sheets, import_report) = decode(
            "ag/alt.xls",
            xls_workbook(vec![
                files::number(0, 0, 1.0),
                files::number(65_535, 255, 2.0),
            ]),
        );
        assert!(sheets.is_empty());
        assert_eq!(
            one_error(&import_report),
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
        let (_, import_report) = decode("ag/alt.xls", bytes);
        assert!(
            one_error(&import_report).ends_with("\n  Technische Angabe: sector chain loops"),
            "{:?}",
            import_report.errors
        );
    }

    #[test]
    fn a_panic_inside_calamine_becomes_an_error_for_the_file() {
        let broken_merge = files::record(0x00E5, &[5, 0, 1, 0, 2, 0, 0, 0, 0, 0]);
        let (sheets, import_report) = decode(
            "ag/alt.xls",
            xls_workbook(vec![files::number(0, 0, 1.0), broken_merge]),
        );
        assert!(sheets.is_empty());
        let error = one_error(&import_report);
        assert!(
            error.starts_with(
                "ag/alt.xls: Die Datei kann nicht gelesen werden: Sie ist vermutlich beschädigt. \
                 Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie neu.\n  \
                 Technische Angabe: interner Lesefehler: "
            ),
            "{error}"
        );
    }

    #[test]
    fn ods_values_hidden_sheets_and_merged_cells() {
        let styles = r#"<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>"#;
        let tables = r#"<table:table table:name="Sitzungen"><table:table-row><table:table-cell office:value-type="string"><text:p>Nr</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Datum</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Thema</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell office:value-type="date" office:date-value="2008-03-04"/><table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>Auftakt<text:s text:c="2"/>und</text:p><text:p>Ziele</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="2"/><table:table-cell office:value-type="time" office:time-value="PT18H00M00S"/><table:covered-table-cell/></table:table-row><table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table><table:table table:name="Alt" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="boolean" office:boolean-value="true"/></table:table-row></table:table>"#;
        let (sheets, import_report) = decode("ag/sitzungen.ods", files::ods(styles, tables, false));
        assert!(
            import_report.errors.is_empty(),
            "{:?}",
            import_report.errors
        );
        assert_eq!(
            sheet_outcomes(&import_report),
            vec![
                (Some("Sitzungen"), false, SheetOutcome::NoTable),
                (Some("Alt"), true, SheetOutcome::NoTable)
            ]
        );
        let s = &sheets[0];
        assert_eq!(s.rows.len(), 3);
        assert_eq!(cell(s, 1, 0), Some(&Value::Number(1.0)));
        assert_eq!(
            cell(s, 1, 1),
            Some(&Value::Date(Date::new(2008, 3, 4).unwrap()))
        );
        assert_eq!(cell(s, 1, 2), Some(&text("Auftakt  und\nZiele")));
        assert_eq!(cell(s, 2, 1), Some(&text("18:00")));
        assert_eq!(
            s.merged,
            vec![Region {
                start: (1, 2),
                end: (2, 2)
            }]
        );
        assert_eq!(cell(&sheets[1], 0, 0), Some(&Value::Bool(true)));
    }

    #[test]
    fn an_ods_whose_repeats_would_expand_hugely_is_refused() {
        let cell = r#"<table:table-cell office:value-type="float" office:value="1"/>"#;
        let tables = format!(
            r#"<table:table table:name="Liste"><table:table-row table:number-rows-repeated="1000000">{cell}{cell}{cell}</table:table-row></table:table>"#
        );
        let (_, import_report) = decode("ag/dos.ods", files::ods("", &tables, false));
        assert!(
            one_error(&import_report).starts_with(
                "ag/dos.ods › Liste: Der benutzte Bereich des Blatts umfasst 3.000.000 Zellen"
            ),
            "{:?}",
            import_report.errors
        );
    }

    #[test]
    fn empty_damaged_and_mislabelled_files() {
        let (_, import_report) = decode("ag/leer.xlsx", Vec::new());
        assert_eq!(
            one_error(&import_report),
            "ag/leer.xlsx: Die Datei ist leer (0 Byte). Speichern Sie sie erneut oder entfernen Sie sie."
        );
        let (_, import_report) = decode("ag/kaputt.xlsx", (0..=255u8).cycle().take(3000).collect());
        assert_eq!(
            one_error(&import_report),
            "ag/kaputt.xlsx: Die Datei ist beschädigt oder keine gültige Arbeitsmappe und kann \
             nicht gelesen werden. Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie \
             neu.\n  Technische Angabe: unbekanntes Dateiformat"
        );
        let mut truncated = excel_workbook();
        truncated.truncate(truncated.len() / 2);
        let (_, import_report) = decode("ag/halb.xlsx", truncated);
        assert!(
            one_error(&import_report).starts_with(
                "ag/halb.xlsx: Die Datei ist beschädigt oder keine gültige Arbeitsmappe"
            )
        );
        let (_, import_report) = decode(
            "ag/web.xls",
            b"<html><table><tr><td>Ziel</td></tr></table></html>".to_vec(),
        );
        assert_eq!(
            import_report.files[0].reason.as_deref(),
            Some("keine echte Arbeitsmappe")
        );
        let (_, import_report) = decode(
            "ag/archiv.xlsx",
            crate::test_support::zip(&[("ziele.csv", b"a;b")]),
        );
        assert_eq!(
            import_report.files[0].reason.as_deref(),
            Some("keine Arbeitsmappe")
        );
    }

    #[test]
    fn content_decides_over_the_extension() {
        let (sheets, import_report) = decode(
            "ag/export.xls",
            b"Ziel\tPriorit\xe4t\nSprache\t1\n".to_vec(),
        );
        assert_eq!(cell(&sheets[0], 0, 1), Some(&text("Priorität")));
        assert_eq!(
            import_report.warnings[0].to_string(),
            "ag/export.xls: Die Datei hat die Endung einer Arbeitsmappe, enthält aber Text; sie \
             wird als CSV gelesen. Speichern Sie sie besser als .xlsx oder .csv."
        );
        let (sheets, import_report) = decode("ag/falsch.xls", excel_workbook());
        assert_eq!(sheets.len(), 3);
        assert!(import_report.errors.is_empty() && import_report.warnings.len() == 1);
        let (sheets, _) = decode("ag/falsch.csv", excel_workbook());
        assert_eq!(sheets.len(), 3);
    }
    /// `content` with its line breaks and the indentation after them taken out.
    fn compact(content: &str) -> String {
        content
            .lines()
            .map(str::trim_start)
            .filter(|line| !line.starts_with("<!--"))
            .collect()
    }

    #[test]
    fn a_pretty_printed_ods_is_read_as_if_it_were_compact() {
        let tables = r#"
  <table:table table:name="Ziele">
    <table:table-column table:number-columns-repeated="2"/>
    <!-- Kopfzeile -->
    <table:table-row>
      <table:table-cell office:value-type="string">
        <text:p>Ziel</text:p>
      </table:table-cell>
      <table:table-cell office:value-type="string">
        <text:p>Priorität</text:p>
      </table:table-cell>
    </table:table-row>
    <table:table-row>
      <table:table-cell office:value-type="string">
        <text:p>Sprache <text:span>fördern</text:span></text:p>
        <text:p>in Kitas</text:p>
      </table:table-cell>
      <table:table-cell office:value-type="float" office:value="1">
        <text:p>1</text:p>
      </table:table-cell>
    </table:table-row>
  </table:table>
"#;
        let (pretty, import_report) = decode("ag/ziele.ods", files::ods("", tables, false));
        assert!(
            import_report.errors.is_empty(),
            "{:?}",
            import_report.errors
        );
        assert_eq!(cell(&pretty[0], 0, 1), Some(&text("Priorität")));
        assert_eq!(
            cell(&pretty[0], 1, 0),
            Some(&text("Sprache fördern\nin Kitas"))
        );
        assert_eq!(cell(&pretty[0], 1, 1), Some(&Value::Number(1.0)));
        let (compact, _) = decode("ag/ziele.ods", files::ods("", &compact(tables), false));
        assert_eq!(pretty, compact);
    }

    #[test]
    fn an_ods_without_its_mimetype_part_is_read() {
        let tables = r#"<table:table table:name="Ziele"><table:table-row><table:table-cell office:value-type="string"><text:p>Ziel</text:p></table:table-cell></table:table-row></table:table>"#;
        let (sheets, import_report) =
            decode("ag/ziele.ods", files::ods_parts("", tables, false, false));
        assert!(
            import_report.errors.is_empty(),
            "{:?}",
            import_report.errors
        );
        assert_eq!(cell(&sheets[0], 0, 0), Some(&text("Ziel")));
    }

    #[test]
    fn an_xlsx_with_a_macro_sheet_is_read_and_the_macro_sheet_listed_as_no_worksheet() {
        let sheets = r#"<sheet name="Makro1" sheetId="3" r:id="rId2"/><sheet name="Ziele" sheetId="1" r:id="rId1"/><sheet name="Modul" sheetId="2" state="hidden" r:id=""/>"#;
        let rels = r#"<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/>"#;
        let data = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Ziel</t></is></c></row>"#;
        let (read, import_report) = decode(
            "ag/makro.xlsm",
            crate::test_support::xlsx_sheet_list(sheets, rels, data),
        );
        assert!(
            import_report.errors.is_empty(),
            "{:?}",
            import_report.errors
        );
        assert_eq!(
            sheet_outcomes(&import_report),
            vec![
                (
                    Some("Makro1"),
                    false,
                    SheetOutcome::NotAWorksheet(NonWorksheet::Macro)
                ),
                (Some("Ziele"), false, SheetOutcome::NoTable),
                (
                    Some("Modul"),
                    true,
                    SheetOutcome::NotAWorksheet(NonWorksheet::WithoutContent)
                ),
            ]
        );
        assert_eq!(read.len(), 1);
        assert_eq!(cell(&read[0], 0, 0), Some(&text("Ziel")));
    }

    fn xlsb_sheet<'a>(name: &'a str, target: &'a str, hidden: bool) -> XlsbSheet<'a> {
        XlsbSheet {
            name,
            target,
            related: true,
            hidden,
        }
    }

    const XLSB_CELLS: [(u32, u32, &str); 2] = [(0, 0, "Ziel"), (1, 0, "Sprache fördern")];

    #[test]
    fn an_xlsb_with_a_macro_sheet_is_read_and_the_macro_sheet_listed_as_no_worksheet() {
        let sheets = [
            xlsb_sheet("Ziele", "worksheets/sheet1.bin", false),
            xlsb_sheet("Makro1", "macrosheets/sheet1.bin", true),
            xlsb_sheet("Notizen", "worksheets/sheet1.bin", false),
        ];
        let (read, import_report) =
            decode("ag/makro.xlsb", files::xlsb(&sheets, false, &XLSB_CELLS));
        assert!(
            import_report.errors.is_empty(),
            "{:?}",
            import_report.errors
        );
        assert_eq!(
            sheet_outcomes(&import_report),
            vec![
                (Some("Ziele"), false, SheetOutcome::NoTable),
                (
                    Some("Makro1"),
                    true,
                    SheetOutcome::NotAWorksheet(NonWorksheet::Macro)
                ),
                (Some("Notizen"), false, SheetOutcome::NoTable),
            ]
        );
        assert_eq!(cell(&read[0], 1, 0), Some(&text("Sprache fördern")));
    }

    #[test]
    fn an_xlsb_in_the_layout_of_the_excel_2007_betas_is_read() {
        let sheets = [
            xlsb_sheet("Ziele", "worksheets/sheet1.bin", false),
            xlsb_sheet("Intern", "worksheets/sheet1.bin", true),
        ];
        let (read, import_report) = decode("ag/beta.xlsb", files::xlsb(&sheets, true, &XLSB_CELLS));
        assert!(
            import_report.errors.is_empty(),
            "{:?}",
            import_report.errors
        );
        assert_eq!(
            sheet_outcomes(&import_report),
            vec![
                (Some("Ziele"), false, SheetOutcome::NoTable),
                (Some("Intern"), true, SheetOutcome::NoTable),
            ]
        );
        assert_eq!(cell(&read[0], 0, 0), Some(&text("Ziel")));
    }

    #[test]
    fn an_xlsb_sheet_without_its_relationship_is_refused_as_damaged_before_calamine_panics() {
        let sheets = [XlsbSheet {
            related: false,
            ..xlsb_sheet("Ziele", "worksheets/sheet1.bin", false)
        }];
        let (_, import_report) = decode("ag/kaputt.xlsb", files::xlsb(&sheets, false, &XLSB_CELLS));
        assert_eq!(
            one_error(&import_report),
            "ag/kaputt.xlsb: Die Datei ist beschädigt oder keine gültige Arbeitsmappe und kann \
             nicht gelesen werden. Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie \
             neu.\n  Technische Angabe: a sheet record of xl/workbook.bin has no relationship in \
             xl/_rels/workbook.bin.rels or runs past its end"
        );
    }

    #[test]
    fn excel_2_to_4_workbooks_are_named_as_such_with_the_fix() {
        for (typ, len, version) in [(0x0009, 4, "2.x"), (0x0209, 6, "3.0"), (0x0409, 6, "4.0")] {
            let mut bof = vec![0u8; len];
            bof[2..4].copy_from_slice(&0x0010u16.to_le_bytes());
            let mut bytes = files::record(typ, &bof);
            bytes.extend(files::record(
                0x0004,
                &[0, 0, 0, 0, 0, 0, 0, 4, b'Z', b'i', b'e', b'l'],
            ));
            bytes.extend(files::record(0x000A, &[]));
            for path in ["ag/alt.xls", "ag/alt.xlsx"] {
                let (sheets, import_report) = decode(path, bytes.clone());
                assert!(sheets.is_empty());
                assert_eq!(
                    one_error(&import_report),
                    format!(
                        "{path}: Die Datei ist im sehr alten Format von Excel {version} \
                         gespeichert (aus der Zeit vor 1993), das ratsvorlage nicht lesen kann. \
                         Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie als .xlsx."
                    )
                );
                assert_eq!(
                    import_report.files[0].reason.as_deref(),
                    Some("sehr altes Excel-Format")
                );
            }
        }
    }

    #[test]
    fn an_xls_another_program_wrote_names_the_program_instead_of_calling_the_file_damaged() {
        // A workbook stream calamine cannot read: a sheet entry shorter than BIFF8 writes
        // them (as in the chart documents of Microsoft Graph).
        let mut book = files::record(0x0809, &[0x00, 0x06, 0x05, 0x00]);
        book.extend(files::record(0x0085, &[0, 0, 0, 0, 0, 2, 0]));
        book.extend(files::record(0x000A, &[]));
        let mut compobj = vec![1, 0, 0xFE, 0xFF, 2, 0, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF];
        compobj.extend([0; 16]);
        compobj.extend(26u32.to_le_bytes());
        compobj.extend(b"Microsoft Graph 5.0 Chart\0");
        let graph = files::compound(&[("\u{1}CompObj", &compobj), ("Book", &book)], false);
        let (_, import_report) = decode("ag/diagramm.xls", graph);
        let error = one_error(&import_report);
        assert!(
            error.starts_with(
                "ag/diagramm.xls: Die Datei wurde mit einem Programm („Microsoft Graph 5.0 \
                 Chart“) gespeichert, dessen Dateien ratsvorlage in dieser Form nicht lesen kann. \
                 Öffnen Sie sie in Excel oder LibreOffice und speichern Sie sie als .xlsx.\n  \
                 Technische Angabe: "
            ),
            "{error}"
        );
        assert_eq!(
            import_report.files[0].reason.as_deref(),
            Some("von einem nicht unterstützten Programm gespeichert")
        );
        let (_, import_report) =
            decode("ag/kaputt.xls", files::compound(&[("Book", &book)], false));
        assert!(one_error(&import_report).starts_with(
            "ag/kaputt.xls: Die Datei ist beschädigt oder keine gültige \
                 Excel-97-2003-Arbeitsmappe"
        ));
    }
}
