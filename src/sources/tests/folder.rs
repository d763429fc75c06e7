//! Tests of the folder walk through the stage's entry point [`crate::sources::collect`].

use crate::limits::Limits;
use crate::report::{FileStatus, IngestReport};
use crate::sources::{Format, collect};
use crate::test_support::TestDir;

fn lines(report: &IngestReport) -> Vec<(String, FileStatus, Option<String>)> {
    report
        .files
        .iter()
        .map(|d| (d.file.clone(), d.status.clone(), d.reason.clone()))
        .collect()
}

fn ignored(path: &str, reason: &str) -> (String, FileStatus, Option<String>) {
    (
        path.to_owned(),
        FileStatus::Ignored,
        Some(reason.to_owned()),
    )
}

fn read(path: &str) -> (String, FileStatus, Option<String>) {
    (path.to_owned(), FileStatus::Read, None)
}

#[test]
fn every_file_gets_one_line_in_path_order_and_junk_is_ignored() {
    let dir = TestDir::new();
    dir.write("konzept.toml", b"[stadt]");
    dir.write("texte/vorwort.typ", b"= Vorwort");
    // ratsvorlage's own folder, which builds add to, is no input and not listed.
    dir.write(".ratsvorlage/staende/2026-12-06_22-15-01-123.json", b"{}");
    dir.write("logo.svg", b"<svg/>");
    dir.write("ag/AG Sprache.xlsx", b"xlsx");
    dir.write("ag/~$AG Sprache.xlsx", b"lock");
    dir.write("ag/.DS_Store", b"junk");
    dir.write("ag/Thumbs.db", b"junk");
    dir.write("ag/__MACOSX/._a.xlsx", b"junk");
    dir.write("ag/.versteckt/x.csv", b"a;b");
    dir.write("teilnehmende/liste.csv", b"Name;Organisation");
    dir.write("teilnehmende/notiz.docx", b"doc");
    std::os::unix::fs::symlink("../teilnehmende/liste.csv", dir.path().join("ag/link.csv"))
        .unwrap();
    let mut report = IngestReport::default();
    let sources = collect(dir.path(), &Limits::default(), &mut report);
    let others = format!(
        "keine Tabellendatei (.docx); gelesen werden {}",
        crate::sources::names::READ_FORMATS
    );
    assert_eq!(
        lines(&report),
        vec![
            ignored("ag/.DS_Store", "Ordnerinformation von macOS (.DS_Store)"),
            ignored("ag/.versteckt/", "versteckter Ordner"),
            read("ag/AG Sprache.xlsx"),
            ignored("ag/Thumbs.db", "Miniaturansichten von Windows (Thumbs.db)"),
            ignored(
                "ag/__MACOSX/",
                "Hilfsordner von macOS (__MACOSX), enthält keine Daten"
            ),
            ignored(
                "ag/link.csv",
                "symbolische Verknüpfung; wird nicht verfolgt"
            ),
            ignored(
                "ag/~$AG Sprache.xlsx",
                "Sperrdatei von Microsoft Office (~$…): entsteht, solange die Datei geöffnet ist"
            ),
            ignored(
                "logo.svg",
                &format!(
                    "keine Tabellendatei (.svg); gelesen werden {}",
                    crate::sources::names::READ_FORMATS
                )
            ),
            read("teilnehmende/liste.csv"),
            ignored("teilnehmende/notiz.docx", &others),
        ]
    );
    let found: Vec<(&str, Format, &[u8])> = sources
        .files
        .iter()
        .map(|s| (s.path.as_str(), s.format, s.bytes.as_slice()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("ag/AG Sprache.xlsx", Format::Xlsx, b"xlsx".as_slice()),
            (
                "teilnehmende/liste.csv",
                Format::Csv,
                b"Name;Organisation".as_slice()
            )
        ]
    );
    assert!(report.errors.is_empty() && report.warnings.is_empty());
}

#[test]
fn a_file_over_the_limit_is_an_error_naming_it() {
    let dir = TestDir::new();
    dir.write("ag/gross.csv", b"12345678901");
    dir.write("ag/passt.csv", b"1234567890");
    let limits = Limits {
        file_bytes: 10,
        ..Limits::default()
    };
    let mut report = IngestReport::default();
    let sources = collect(dir.path(), &limits, &mut report);
    assert_eq!(sources.files.len(), 1);
    assert_eq!(sources.files[0].path, "ag/passt.csv");
    assert_eq!(
        lines(&report)[0],
        (
            "ag/gross.csv".to_owned(),
            FileStatus::Error,
            Some("zu groß".to_owned())
        )
    );
    assert_eq!(
        report.errors[0].to_string(),
        "ag/gross.csv: Die Datei ist größer als 10 Byte und wird nicht gelesen. Teilen Sie sie \
         auf mehrere Dateien auf oder entfernen Sie Bilder und nicht benötigte Blätter."
    );
}

#[test]
fn an_unreadable_spreadsheet_format_is_a_warning() {
    let dir = TestDir::new();
    dir.write("ag/Ziele.numbers", b"apple");
    let mut report = IngestReport::default();
    collect(dir.path(), &Limits::default(), &mut report);
    assert_eq!(
        report.warnings[0].to_string(),
        "ag/Ziele.numbers: Tabellenformat .numbers kann nicht gelesen werden; speichern Sie \
         die Datei als .xlsx oder .ods"
    );
}

#[test]
fn folders_nested_too_deep_are_not_walked() {
    let dir = TestDir::new();
    let deep = vec!["d"; 40].join("/");
    dir.write(&format!("{deep}/x.csv"), b"a;b");
    let mut report = IngestReport::default();
    let sources = collect(dir.path(), &Limits::default(), &mut report);
    assert!(sources.files.is_empty());
    let expected = format!("{}/", vec!["d"; 33].join("/"));
    assert_eq!(
        lines(&report),
        vec![(
            expected,
            FileStatus::Ignored,
            Some("Ordner tiefer als 32 Ebenen verschachtelt; nicht gelesen".to_owned())
        )]
    );
    assert_eq!(report.warnings.len(), 1);
}

#[test]
fn a_missing_project_folder_is_an_error() {
    let dir = TestDir::new();
    let missing = dir.path().join("fehlt");
    let mut report = IngestReport::default();
    collect(&missing, &Limits::default(), &mut report);
    assert_eq!(report.errors.len(), 1);
    assert!(
        report.errors[0]
            .message
            .starts_with("Der Ordner kann nicht gelesen werden: nicht gefunden. Prüfen Sie")
    );
    assert!(
        report.errors[0]
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("os error 2")),
        "{}",
        report.errors[0]
    );
    assert!(report.errors[0].is_in(&missing.display().to_string()));
}
