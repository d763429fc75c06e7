//! Integration tests of the import: one small fixture project per rule of
//! `input-format.md`, asserting the concept model or the exact message with its place.

use crate::support::{Fixture, assert_rows_accounted, cp1252, errors, warnings, zip};
use ratsvorlage::model::AusgangslageKind;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

const ZIELE_SB: &str =
    "Nr;Ziel;Priorität\n1;Sprachförderung in Kitas ausbauen;2\n2;Elternarbeit stärken;1\n";

#[test]
fn csv_goals_and_measures_with_synonyms_and_gender_forms() {
    let f = Fixture::new();
    f.text("ag/AG 1 Sprache und Bildung Ziele.csv", ZIELE_SB);
    f.text(
        "ag/AG 1 Sprache und Bildung Massnahmen.csv",
        "Zu Ziel;Maßnahmenvorschlag;Umsetzungsschritte;Ansprechpartner*innen;Zeitraum;Kosten\n\
         1;Sprachstandserhebung;Alle Vierjährigen testen;\"Fachbereich Schule; VHS\";kurzfristig;12.500\n\
         2;Elterncafés;In Grundschulen einrichten;AWO;Laufend;Haushalt\n",
    );
    let import = f.ingest();
    assert_eq!(errors(&import), Vec::<String>::new());
    assert_rows_accounted(&import);
    let konzept = import.konzept.expect("model");
    let sb = &konzept.arbeitsgruppen[0];
    // Goals in priority order, with their numbers.
    assert_eq!(
        sb.ziele
            .iter()
            .map(|z| (z.number.as_str(), z.prioritaet))
            .collect::<Vec<_>>(),
        [("2", 1), ("1", 2)]
    );
    let m = &sb.ziele[1].massnahmen[0];
    assert_eq!(m.number, "1.1");
    assert_eq!(m.text, "Sprachstandserhebung");
    assert_eq!(m.umsetzung.as_deref(), Some("Alle Vierjährigen testen"));
    assert_eq!(m.ansprechpartner, ["Fachbereich Schule", "VHS"]);
    assert_eq!(m.zeitrahmen.as_deref(), Some("kurzfristig"));
    assert_eq!(m.finanzierung.as_deref(), Some("12.500 €"));
    assert_eq!(
        sb.ziele[0].massnahmen[0].zeitrahmen.as_deref(),
        Some("laufend")
    );
    assert_eq!(
        &*m.quelle.file,
        "ag/AG 1 Sprache und Bildung Massnahmen.csv"
    );
    assert_eq!(m.quelle.row, Some(2));
    assert_eq!(konzept.kennzahlen.ziele, 2);
    assert_eq!(konzept.kennzahlen.massnahmen, 2);
}

#[test]
fn cp1252_csv_with_each_delimiter_and_utf8_bom() {
    for (delimiter, name) in [(";", "semikolon"), (",", "komma"), ("\t", "tab")] {
        let f = Fixture::new();
        let text = format!(
            "Art{delimiter}Beschreibung\nDefizit{delimiter}Zu wenig Plätze in Integrationskursen für Mütter\n"
        );
        f.write(&format!("ag/PR {name}.csv"), &cp1252(&text));
        let import = f.ingest();
        assert_eq!(errors(&import), Vec::<String>::new(), "{name}");
        let pr = &import.konzept.as_ref().expect("model").arbeitsgruppen[3];
        assert_eq!(
            pr.ausgangslage[0].text, "Zu wenig Plätze in Integrationskursen für Mütter",
            "{name}"
        );
        assert_eq!(pr.ausgangslage[0].kind, AusgangslageKind::Defizit);
    }
    let f = Fixture::new();
    f.write(
        "ag/PR.csv",
        "\u{feff}Art;Beschreibung\nChance;Engagierte Vereine in der Südstadt\n".as_bytes(),
    );
    let import = f.ingest();
    let pr = &import.konzept.expect("model").arbeitsgruppen[3];
    assert_eq!(
        pr.ausgangslage[0].text,
        "Engagierte Vereine in der Südstadt"
    );
    assert_eq!(pr.ausgangslage[0].kind, AusgangslageKind::Potenzial);
}

#[test]
fn excel_sep_line_and_quoted_line_breaks_keep_line_numbers() {
    let f = Fixture::new();
    f.write(
        "ag/ag-4_ziele.csv",
        &cp1252("sep=;\nNr;Ziel\n1;\"Politische Teilhabe\nstärken; auch im Rat\"\n2;Wahlbeteiligung erhöhen\n3;\n"),
    );
    let import = f.ingest();
    let pr = &import.konzept.as_ref().expect("model").arbeitsgruppen[3];
    assert_eq!(
        pr.ziele[0].text,
        "Politische Teilhabe\nstärken; auch im Rat"
    );
    assert_eq!(
        pr.ziele[1].quelle.row,
        Some(5),
        "the record after a quoted line break starts on line 5"
    );
    let sheet = &import.report.files[0].sheets[0];
    assert_eq!(sheet.rows_read, 3);
    assert_eq!(sheet.rows_used, 2);
    assert_eq!(
        sheet.rows_unused[0].place.to_string(),
        "ag/ag-4_ziele.csv › Zeile 6"
    );
    assert_rows_accounted(&import);
}

#[test]
fn measure_with_unknown_goal_is_an_error_at_its_cell() {
    let f = Fixture::new();
    f.text("ag/SB ziele.csv", ZIELE_SB);
    f.text(
        "ag/SB massnahmen.csv",
        "Ziel;Maßnahme\n1;Sprachkurse\n7;Lesepaten\n",
    );
    let import = f.ingest();
    assert_eq!(
        errors(&import),
        [
            "ag/SB massnahmen.csv › Zeile 3: Das Ziel „7“ gibt es in der AG „Sprache und Bildung“ nicht \
          (vorhandene Ziele: 2, 1). Tragen Sie die Nummer oder den genauen Text eines Ziels aus der \
          Zieltabelle ein."
        ]
    );
    assert_rows_accounted(&import);
    let (code, json) = f.check_json();
    assert_eq!(code, 1);
    assert_eq!(json["fehler"][0]["ort"], "ag/SB massnahmen.csv › Zeile 3");
}

#[test]
fn goal_by_exact_text_and_fill_down_through_blank_goal_cells() {
    let f = Fixture::new();
    f.text("ag/SB ziele.csv", ZIELE_SB);
    f.text(
        "ag/SB massnahmen.csv",
        "Ziel;Maßnahme\nElternarbeit stärken;Elterncafés\n;Elternlotsen\n1;Sprachkurse\n;Vorlesen\n",
    );
    let import = f.ingest();
    assert_eq!(errors(&import), Vec::<String>::new());
    let sb = &import.konzept.expect("model").arbeitsgruppen[0];
    let texts = |i: usize| {
        sb.ziele[i]
            .massnahmen
            .iter()
            .map(|m| m.text.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(0), ["Elterncafés", "Elternlotsen"]);
    assert_eq!(texts(1), ["Sprachkurse", "Vorlesen"]);
}

#[test]
fn unknown_column_is_reported_with_its_letter() {
    let f = Fixture::new();
    f.text(
        "ag/SB ziele.csv",
        "Nr;Ziel;Bemerkung\n1;Sprachförderung;intern\n",
    );
    let import = f.ingest();
    let sheet = &import.report.files[0].sheets[0];
    assert_eq!(sheet.unknown_columns.len(), 1);
    assert_eq!(sheet.unknown_columns[0].column, "C");
    assert_eq!(sheet.unknown_columns[0].name, "Bemerkung");
}

#[test]
fn header_that_fits_two_kinds_equally_is_an_error_naming_both() {
    let f = Fixture::new();
    f.text("ag/SB tie.csv", "Ziel;Nr;Beschreibung;Art\n1;1;x;Defizit\n");
    let import = f.ingest();
    assert_eq!(
        errors(&import),
        [
            "ag/SB tie.csv › Zeile 1: Die Kopfzeile passt gleich gut zu den Tabellenarten „Ziele“ und \
          „Ausgangslage“ (2 Spalten erkannt). Benennen Sie die Spalten eindeutig, z. B. „Maßnahme“ \
          für eine Maßnahmentabelle, oder teilen Sie das Blatt."
        ]
    );
}

#[test]
fn table_without_ag_is_an_error_naming_the_file() {
    let f = Fixture::new();
    f.text("ag/ziele.csv", "Nr;Ziel\n1;Sprachförderung\n");
    let import = f.ingest();
    let errs = errors(&import);
    assert!(
        errs[0].starts_with("ag/ziele.csv: Zu welcher AG gehört diese Tabelle (Ziele)?"),
        "{errs:?}"
    );
    assert_rows_accounted(&import);
}

#[test]
fn ag_column_overrides_the_file_name() {
    let f = Fixture::new();
    f.text(
        "ag/alle.csv",
        "AG;Ziel\nSB;Sprache\nAG 2;Arbeit\nPolitik und Recht;Teilhabe\nSport;Bewegung\n",
    );
    let import = f.ingest();
    let k = import.konzept.as_ref().expect("model");
    assert_eq!(
        k.arbeitsgruppen
            .iter()
            .map(|a| a.ziele.len())
            .collect::<Vec<_>>(),
        [1, 1, 0, 1]
    );
    let errs = errors(&import);
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].starts_with("ag/alle.csv › Zeile 5: Die AG „Sport“ gibt es nicht."),
        "{errs:?}"
    );
}

#[test]
fn long_and_wide_attendance_merge_with_sessions() {
    let f = Fixture::new();
    f.text("ag/SB ziele.csv", ZIELE_SB);
    f.text(
        "ag/SB sitzungen.csv",
        "Nr;Datum;Ort\n1;04.03.08;Rathaus\n2;15. April 2008;VHS\n",
    );
    // Wide: sessions by number and by date; marks x, ✓, ja, -, empty.
    f.text(
        "teilnehmende/SB anwesenheit.csv",
        "Name;Vorname;Organisation;Bereich;Sitzung 1;15.4.2008\n\
         Meyer;Anna;Kita Sonnenschein;Kita;x;✓\n\
         Yilmaz;Ali;Türkischer Elternverein;MSO;ja;-\n\
         ;;Grundschule Nord;Schule;;x\n",
    );
    // Long: the same person again (other case and spacing) and a new one at a third session.
    f.text(
        "teilnehmende/SB lang.csv",
        "Name;Organisation;Bereich;Sitzung\nanna  meyer;kita sonnenschein;Kita;2\nBerg, Tom;;Einzelperson;3\n",
    );
    let import = f.ingest();
    let konzept = import.konzept.as_ref().expect("model");
    let sb = &konzept.arbeitsgruppen[0];
    let sessions: Vec<(u32, Option<String>, Option<u32>)> = sb
        .sitzungen
        .iter()
        .map(|s| (s.number, s.date.map(|d| d.to_string()), s.teilnehmende))
        .collect();
    assert_eq!(
        sessions,
        [
            (1, Some("2008-03-04".into()), Some(2)),
            (2, Some("2008-04-15".into()), Some(2)),
            (3, None, Some(1))
        ]
    );
    let k = &konzept.kennzahlen;
    assert_eq!(k.distinct_persons, 4);
    assert_eq!(k.anwesenheiten, 5);
    assert_eq!(k.sitzungen, 3);
    assert_eq!(k.average_rounded, 2); // 5 / 3 = 1.67
    let bereiche: Vec<(&str, u32)> = k
        .bereiche
        .iter()
        .map(|b| (b.name.as_str(), b.persons))
        .collect();
    assert_eq!(
        bereiche,
        [
            ("Migrantenselbstorganisationen", 1),
            ("Kitas", 1),
            ("Schulen", 1)
        ]
    );
    assert_eq!(k.persons_without_bereich, 1);
    assert!(warnings(&import).iter().any(|w| w.contains(
        "Sitzung 3 der AG „Sprache und Bildung“ ist nur aus einer Teilnehmerliste bekannt"
    )));
    // Names are not published by default.
    assert!(konzept.beteiligung.persons.is_empty());
    let json = serde_json::to_string(konzept).expect("json");
    assert!(!json.contains("Meyer") && !json.contains("Yilmaz") && !json.contains("Berg"));
    assert_rows_accounted(&import);
}

#[test]
fn zip_batches_with_junk_entries_and_folders() {
    let f = Fixture::new();
    let archive = zip(&[
        ("__MACOSX/._SB ziele.csv", b"junk"),
        ("SB/.DS_Store", b"junk"),
        ("SB/~$SB ziele.xlsx", b"lock"),
        ("SB/Sprache und Bildung ziele.csv", ZIELE_SB.as_bytes()),
    ]);
    f.write("ag/batch.zip", &archive);
    let import = f.ingest();
    assert_eq!(errors(&import), Vec::<String>::new());
    assert_eq!(
        import.konzept.as_ref().expect("model").arbeitsgruppen[0]
            .ziele
            .len(),
        2
    );
    let ignored: Vec<&str> = import
        .report
        .files
        .iter()
        .filter(|d| d.status == ratsvorlage::report::FileStatus::Ignored)
        .map(|d| d.file.as_str())
        .collect();
    assert_eq!(ignored.len(), 3, "{:?}", import.report.files);
}

fn xlsx_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ziele = wb.add_worksheet().set_name("Ziele").expect("name");
    ziele
        .write(0, 0, "Arbeitsgruppe Sprache und Bildung – Ziele")
        .expect("w");
    ziele.write(1, 0, "Stand: 12.9.2008").expect("w");
    for (col, h) in ["Nr.", "Ziel", "Prio"].iter().enumerate() {
        ziele
            .write_with_format(3, col as u16, *h, &bold)
            .expect("w");
    }
    ziele.write(4, 0, 1).expect("w");
    ziele.write(4, 1, "Sprachförderung").expect("w");
    ziele.write(4, 2, "Prio 1").expect("w");
    ziele.write(5, 0, 2).expect("w");
    ziele.write(5, 1, "Elternarbeit").expect("w");
    ziele
        .write_formula(5, 2, Formula::new("=1/0").set_result("#DIV/0!"))
        .expect("w");
    let m = wb.add_worksheet().set_name("Maßnahmen").expect("name");
    for (col, h) in ["Ziel", "Maßnahme", "Bemerkung"].iter().enumerate() {
        m.write(0, col as u16, *h).expect("w");
    }
    m.merge_range(1, 0, 3, 0, "1", &Format::new())
        .expect("merge");
    for (row, text) in [(1, "Sprachkurse"), (2, "Lesepaten"), (3, "Vorlesetage")] {
        m.write(row, 1, text).expect("w");
    }
    let hidden = wb.add_worksheet().set_name("Ausgangslage").expect("name");
    hidden.write(0, 0, "Art").expect("w");
    hidden.write(0, 1, "Beschreibung").expect("w");
    hidden.write(1, 0, "Angebot").expect("w");
    hidden.write(1, 1, "Sprachkurse der VHS").expect("w");
    hidden.set_hidden(true);
    wb.save_to_buffer().expect("xlsx")
}

#[test]
fn xlsx_title_rows_merged_goal_cells_hidden_sheet_and_error_cell() {
    let f = Fixture::new();
    f.write("ag/AG Sprache und Bildung.xlsx", &xlsx_workbook());
    let import = f.ingest();
    let file = &import.report.files[0];
    let ziele = file
        .sheets
        .iter()
        .find(|b| b.sheet.as_deref() == Some("Ziele"))
        .expect("sheet");
    assert_eq!(ziele.header_row, Some(4), "title rows are skipped");
    let hidden = file
        .sheets
        .iter()
        .find(|b| b.sheet.as_deref() == Some("Ausgangslage"))
        .expect("sheet");
    assert!(hidden.hidden);
    assert_eq!(hidden.rows_used, 1);
    let massnahmen = file
        .sheets
        .iter()
        .find(|b| b.sheet.as_deref() == Some("Maßnahmen"))
        .expect("sheet");
    assert_eq!(massnahmen.unknown_columns[0].column, "C");
    assert_eq!(
        errors(&import),
        [
            "ag/AG Sprache und Bildung.xlsx › Ziele › C6: Die Zelle enthält den Formelfehler #DIV/0!. \
          Korrigieren Sie die Formel oder tragen Sie den Wert direkt ein."
        ]
    );
    let sb = &import.konzept.as_ref().expect("model").arbeitsgruppen[0];
    let texts: Vec<&str> = sb.ziele[0]
        .massnahmen
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(
        texts,
        ["Sprachkurse", "Lesepaten", "Vorlesetage"],
        "merged goal cell applies to every row"
    );
    assert_eq!(sb.ziele[0].quelle.cell.as_deref(), Some("B5"));
    assert_eq!(
        sb.ausgangslage[0].quelle.sheet.as_deref(),
        Some("Ausgangslage")
    );
    assert_rows_accounted(&import);
}

#[test]
fn two_digit_years_go_to_the_nearer_century() {
    let f = Fixture::new();
    f.text("ag/SB ziele.csv", ZIELE_SB);
    f.text(
        "ag/SB sitzungen.csv",
        "Datum;Ort\n04.03.08;Rathaus\n01.12.99;VHS\n",
    );
    let import = f.ingest();
    let dates: Vec<String> = import.konzept.expect("model").arbeitsgruppen[0]
        .sitzungen
        .iter()
        .map(|s| s.date.expect("date").to_string())
        .collect();
    assert_eq!(dates, ["1999-12-01", "2008-03-04"]);
}

#[test]
fn unknown_konzept_toml_key_is_an_error_with_its_line_and_exit_1() {
    let toml =
        crate::support::KONZEPT_TOML.replace("kurztitel = ", "kurztitle = \"x\"\nkurztitel = ");
    let f = Fixture::with_config(&toml);
    let (code, json) = f.check_json();
    assert_eq!(code, 1);
    assert_eq!(json["fehler"][0]["ort"], "konzept.toml › Zeile 14");
    // „unbekannter Schlüssel „kurztitle“. …“: every error, whole.
    insta::assert_snapshot!(
        "unknown_konzept_toml_key",
        serde_json::to_string_pretty(&json["fehler"]).expect("JSON")
    );
}

#[test]
fn wrong_command_line_exits_2() {
    let f = Fixture::new();
    let (code, _, stderr) = f.run(&["check", "--gibtsnicht"]);
    assert_eq!(code, 2);
    // „Fehler: „--gibtsnicht“ ist hier keine Option …“
    insta::assert_snapshot!("unknown_option", stderr);
}

/// A workbook with one sheet per `(name, rows)`; a cell `D:dd.mm.yyyy` is a date cell, one
/// that parses as a number a number, any other a text.
fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date_format = Format::new().set_num_format("dd.mm.yyyy");
    for (name, rows) in sheets {
        let sheet = wb.add_worksheet().set_name(*name).expect("name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if let Some(date) = cell.strip_prefix("D:") {
                    let parts: Vec<u16> = date.split('.').map(|p| p.parse().unwrap()).collect();
                    let date =
                        ExcelDateTime::from_ymd(parts[2], parts[1] as u8, parts[0] as u8).unwrap();
                    sheet
                        .write_date_with_format(r, c, &date, &date_format)
                        .expect("w");
                } else if let Ok(number) = cell.parse::<f64>() {
                    sheet.write_number(r, c, number).expect("w");
                } else if !cell.is_empty() {
                    sheet.write_string(r, c, *cell).expect("w");
                }
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

#[test]
fn a_financial_report_stays_no_table_and_every_attendance_shape_is_read() {
    let f = Fixture::new();
    f.text("ag/SB ziele.csv", ZIELE_SB);
    f.text(
        "ag/SB sitzungen.csv",
        "Nr;Datum;Ort\n1;04.03.2008;Rathaus\n2;15.04.2008;VHS\n3;20.05.2008;Rathaus\n",
    );
    // A balance sheet that ended up in ag/: a name column and the figures of reporting days.
    // Read as an attendance list, it would stop the build asking for its AG.
    f.write(
        "ag/Haushalt 2023.xlsx",
        &workbook(&[(
            "Bilanz",
            &[
                &["Bilanz zum 31.12.2023"],
                &["Name", "D:31.12.2022", "D:31.12.2023"],
                &["Kasse", "1234.5", "1300"],
                &["Bank", "98765", "91000.25"],
            ],
        )]),
    );
    // The attendance shapes of the contract, one per sheet: wide by session number, wide by
    // date cells, long with a `Sitzung` column.
    f.write(
        "teilnehmende/SB anwesenheit.xlsx",
        &workbook(&[
            (
                "nach Nummer",
                &[
                    &["Name", "Organisation", "Sitzung 1"],
                    &["Anna Meyer", "Kita Nord", "x"],
                    &["Ali Yilmaz", "VHS", "1"],
                ],
            ),
            (
                "nach Datum",
                &[
                    &["Teilnehmerliste der AG Sprache und Bildung"],
                    &["Name", "D:15.04.2008"],
                    &["Anna Meyer", "x"],
                    &["Tom Berg", "0"],
                ],
            ),
            (
                "lang",
                &[
                    &["Name", "Sitzung"],
                    &["Tom Berg", "3"],
                    &["Anna Meyer", "D:20.05.2008"],
                ],
            ),
        ]),
    );
    let import = f.ingest();
    assert_eq!(errors(&import), Vec::<String>::new());
    assert_rows_accounted(&import);
    let report = &import.report;
    let outcomes: Vec<(&str, Option<&str>, String)> = report
        .files
        .iter()
        .flat_map(|file| {
            file.sheets.iter().map(move |s| {
                (
                    file.file.as_str(),
                    s.sheet.as_deref(),
                    s.outcome.label().to_owned(),
                )
            })
        })
        .filter(|(file, ..)| file.ends_with(".xlsx"))
        .collect();
    let no_table = "keine Tabelle (keine erkannte Kopfzeile)".to_owned();
    let teilnehmende = "Teilnehmende".to_owned();
    assert_eq!(
        outcomes,
        [
            ("ag/Haushalt 2023.xlsx", Some("Bilanz"), no_table),
            (
                "teilnehmende/SB anwesenheit.xlsx",
                Some("nach Nummer"),
                teilnehmende.clone()
            ),
            (
                "teilnehmende/SB anwesenheit.xlsx",
                Some("nach Datum"),
                teilnehmende.clone()
            ),
            (
                "teilnehmende/SB anwesenheit.xlsx",
                Some("lang"),
                teilnehmende
            ),
        ]
    );
    let sb = &import.konzept.as_ref().expect("model").arbeitsgruppen[0];
    let attendance: Vec<(u32, Option<u32>)> = sb
        .sitzungen
        .iter()
        .map(|s| (s.number, s.teilnehmende))
        .collect();
    assert_eq!(attendance, [(1, Some(2)), (2, Some(1)), (3, Some(2))]);
}

#[test]
fn a_text_file_in_an_archive_is_no_table_and_an_empty_one_is_an_error_in_both_places() {
    let f = Fixture::new();
    f.write(
        "ag/SB.zip",
        &zip(&[
            ("SB ziele.csv", ZIELE_SB.as_bytes()),
            ("notiz.txt", b""),
            ("Liesmich.txt", b"Bitte die Ziele pruefen.\n"),
        ]),
    );
    let import = f.ingest();
    // Before, both .txt entries were read as CSV and the empty one stopped the build.
    assert_eq!(errors(&import), Vec::<String>::new());
    assert_eq!(
        import.konzept.as_ref().expect("model").arbeitsgruppen[0]
            .ziele
            .len(),
        2
    );
    let ignored: Vec<&str> = import
        .report
        .files
        .iter()
        .filter(|d| d.status == ratsvorlage::report::FileStatus::Ignored)
        .map(|d| d.file.as_str())
        .collect();
    assert_eq!(
        ignored,
        ["ag/SB.zip › Liesmich.txt", "ag/SB.zip › notiz.txt"]
    );

    // An empty table file is the same error in the folder and in an archive.
    f.write("ag/SB massnahmen.csv", b"");
    f.write("ag/AS.zip", &zip(&[("AS ziele.xlsx", b"")]));
    let import = f.ingest();
    let empty = "Die Datei ist leer (0 Byte). Speichern Sie sie erneut oder entfernen Sie sie.";
    assert_eq!(
        errors(&import),
        [
            format!("ag/AS.zip › AS ziele.xlsx: {empty}"),
            format!("ag/SB massnahmen.csv: {empty}"),
        ]
    );
}

/// An ODS with the goals of an AG, pretty-printed as the ODF Toolkit writes `content.xml`:
/// line breaks and indentation between the elements of the table.
fn pretty_printed_ods() -> Vec<u8> {
    let cell = |text: &str| {
        format!(
            "\n        <table:table-cell office:value-type=\"string\">\n          \
             <text:p>{text}</text:p>\n        </table:table-cell>"
        )
    };
    let row = |cells: [&str; 3]| {
        format!(
            "\n      <table:table-row>{}\n      </table:table-row>",
            cells.map(cell).concat()
        )
    };
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\n  <office:body>\n    \
         <office:spreadsheet>\n    <table:table table:name=\"Ziele\">{}{}{}\n    </table:table>\n    \
         </office:spreadsheet>\n  </office:body>\n</office:document-content>\n",
        row(["Nr.", "Ziel", "Priorität"]),
        row(["1", "Sprachförderung in Kitas ausbauen", "2"]),
        row(["2", "Elternarbeit stärken", "1"]),
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
                    xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\n  \
                    <manifest:file-entry manifest:full-path=\"/\" \
                    manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\n\
                    </manifest:manifest>\n";
    zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// An xlsm whose first sheet is an Excel 4 macro sheet, the second the goals of an AG.
fn xlsm_with_a_macro_sheet() -> Vec<u8> {
    let rows: String = [
        ["Nr.", "Ziel", "Priorität"],
        ["1", "Arbeitsmarkt öffnen", "1"],
    ]
    .iter()
    .enumerate()
    .map(|(r, cells)| {
        let cells: String = cells
            .iter()
            .enumerate()
            .map(|(c, text)| {
                format!(
                    r#"<c r="{}{}" t="inlineStr"><is><t>{text}</t></is></c>"#,
                    ["A", "B", "C"][c],
                    r + 1
                )
            })
            .collect();
        format!(r#"<row r="{}">{cells}</row>"#, r + 1)
    })
    .collect();
    crate::support::fixture::xlsx_sheet_list(
        r#"<sheet name="Makro1" sheetId="2" r:id="rId2"/><sheet name="Ziele" sheetId="1" r:id="rId1"/>"#,
        r#"<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/>"#,
        &rows,
    )
}

#[test]
fn pretty_printed_ods_and_a_workbook_with_a_macro_sheet_are_read() {
    let f = Fixture::new();
    f.write("ag/AG 1 Sprache und Bildung.ods", &pretty_printed_ods());
    f.write("ag/AG 2 Arbeit.xlsm", &xlsm_with_a_macro_sheet());
    let import = f.ingest();
    assert_eq!(errors(&import), Vec::<String>::new());
    assert_rows_accounted(&import);
    let konzept = import.konzept.expect("model");
    let goals: Vec<Vec<&str>> = konzept
        .arbeitsgruppen
        .iter()
        .map(|ag| ag.ziele.iter().map(|z| z.text.as_str()).collect())
        .filter(|goals: &Vec<&str>| !goals.is_empty())
        .collect();
    assert_eq!(
        goals,
        [
            vec!["Elternarbeit stärken", "Sprachförderung in Kitas ausbauen"],
            vec!["Arbeitsmarkt öffnen"]
        ]
    );
    let (code, json) = f.check_json();
    assert_eq!(code, 0, "{json:#}");
    let sheets: Vec<String> = json["dateien"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|file| file["blaetter"].as_array().expect("sheets").clone())
        .map(|b| format!("{} {}", b["blatt"], b["ergebnis"]))
        .collect();
    assert_eq!(
        sheets,
        [
            "\"Ziele\" {\"tabelle\":\"Ziele\"}",
            "\"Makro1\" {\"kein_tabellenblatt\":\"makroblatt\"}",
            "\"Ziele\" {\"tabelle\":\"Ziele\"}",
        ]
    );
}
