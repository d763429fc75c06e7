//! Tests of the archive reading through the stage's entry point [`crate::sources::collect`].

use std::io::{Cursor, Write};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use crate::limits::Limits;
use crate::report::{FileStatus, IngestReport};
use crate::sources::{Sources, collect};
use crate::test_support::{TestDir, zip};

/// Collects a project whose only file is `ag/<name>` with these bytes.
fn collect_one(name: &str, bytes: &[u8], limits: &Limits) -> (Sources, IngestReport) {
    let dir = TestDir::new();
    dir.write(&format!("ag/{name}"), bytes);
    let mut report = IngestReport::default();
    let sources = collect(dir.path(), limits, &mut report);
    (sources, report)
}

fn lines(report: &IngestReport) -> Vec<(&str, FileStatus, Option<&str>)> {
    report
        .files
        .iter()
        .map(|d| (d.file.as_str(), d.status.clone(), d.reason.as_deref()))
        .collect()
}

fn paths(sources: &Sources) -> Vec<&str> {
    sources.files.iter().map(|s| s.path.as_str()).collect()
}

#[test]
fn junk_entries_are_ignored_once_and_tables_in_folders_read() {
    let bytes = zip(&[
        ("SB/", b""),
        ("SB/ziele.csv", b"Ziel;Prio"),
        ("SB/~$ziele.xlsx", b"lock"),
        ("SB/bild.png", b"png"),
        ("__MACOSX/", b""),
        ("__MACOSX/SB/._ziele.csv", b"junk"),
        (".DS_Store", b"junk"),
    ]);
    let (sources, report) = collect_one("batch.zip", &bytes, &Limits::default());
    assert_eq!(
        lines(&report),
        vec![
            ("ag/batch.zip", FileStatus::Read, None),
            (
                "ag/batch.zip › .DS_Store",
                FileStatus::Ignored,
                Some("Ordnerinformation von macOS (.DS_Store)")
            ),
            (
                "ag/batch.zip › SB/bild.png",
                FileStatus::Ignored,
                Some(
                    format!(
                        "keine Tabellendatei (.png); gelesen werden {}",
                        crate::sources::names::READ_FORMATS
                    )
                    .as_str()
                )
            ),
            ("ag/batch.zip › SB/ziele.csv", FileStatus::Read, None),
            (
                "ag/batch.zip › SB/~$ziele.xlsx",
                FileStatus::Ignored,
                Some(
                    "Sperrdatei von Microsoft Office (~$…): entsteht, solange die Datei geöffnet ist"
                )
            ),
            (
                "ag/batch.zip › __MACOSX/",
                FileStatus::Ignored,
                Some("Hilfsordner von macOS (__MACOSX), enthält keine Daten")
            ),
        ]
    );
    assert_eq!(paths(&sources), vec!["ag/batch.zip › SB/ziele.csv"]);
    assert_eq!(sources.files[0].bytes, b"Ziel;Prio");
    assert!(report.errors.is_empty());
}

#[test]
fn entries_leaving_the_archive_and_links_are_refused_the_rest_read() {
    let options = SimpleFileOptions::default();
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for name in [
        "../evil.csv",
        "/etc/passwd.csv",
        "C:\\boot.csv",
        "ok/../../x.csv",
        "gut.csv",
    ] {
        writer.start_file(name, options).unwrap();
        writer.write_all(b"a;b").unwrap();
    }
    writer
        .add_symlink("link.csv", "/etc/passwd", options)
        .unwrap();
    let bytes = writer.finish().unwrap().into_inner();
    let (sources, report) = collect_one("a.zip", &bytes, &Limits::default());
    assert_eq!(paths(&sources), vec!["ag/a.zip › gut.csv"]);
    let refused: Vec<(&str, Option<&str>)> = report
        .files
        .iter()
        .filter(|d| d.status == FileStatus::Error)
        .map(|d| (d.file.as_str(), d.reason.as_deref()))
        .collect();
    assert_eq!(
        refused,
        vec![
            ("ag/a.zip › ../evil.csv", Some("Pfad verlässt das Archiv")),
            (
                "ag/a.zip › /etc/passwd.csv",
                Some("Pfad verlässt das Archiv")
            ),
            ("ag/a.zip › C:/boot.csv", Some("Pfad verlässt das Archiv")),
            ("ag/a.zip › link.csv", Some("Verknüpfung")),
            (
                "ag/a.zip › ok/../../x.csv",
                Some("Pfad verlässt das Archiv")
            ),
        ]
    );
    assert_eq!(report.errors.len(), 5);
    assert_eq!(
        report.errors[3].to_string(),
        "ag/a.zip › link.csv: Der Eintrag ist eine symbolische Verknüpfung und wird aus \
         Sicherheitsgründen nicht gelesen. Legen Sie die Datei selbst in das Archiv."
    );
}

#[test]
fn encrypted_entries_are_refused() {
    let mut bytes = zip(&[("geheim.csv", b"a;b"), ("offen.csv", b"c;d")]);
    set_encrypted_flag(&mut bytes, 0);
    let (sources, report) = collect_one("a.zip", &bytes, &Limits::default());
    assert_eq!(paths(&sources), vec!["ag/a.zip › offen.csv"]);
    assert_eq!(
        report.errors[0].to_string(),
        "ag/a.zip › geheim.csv: Der Eintrag ist mit einem Kennwort verschlüsselt und kann \
         nicht gelesen werden. Packen Sie das Archiv ohne Kennwort neu."
    );
}

/// Sets the "encrypted" bit of the `n`th entry's central directory and local headers.
fn set_encrypted_flag(bytes: &mut [u8], n: usize) {
    for (signature, flag_offset) in [(b"PK\x01\x02", 8), (b"PK\x03\x04", 6)] {
        let at = (0..bytes.len() - 4)
            .filter(|i| &bytes[*i..*i + 4] == signature)
            .nth(n)
            .unwrap();
        bytes[at + flag_offset] |= 1;
    }
}

#[test]
fn nested_archives_are_read_up_to_the_depth_limit() {
    let inner = zip(&[("x.csv", b"a;b")]);
    let middle = zip(&[("SB/inner.zip", &inner)]);
    let (sources, report) = collect_one("outer.zip", &middle, &Limits::default());
    assert_eq!(paths(&sources), vec!["ag/outer.zip › SB/inner.zip › x.csv"]);
    assert!(report.errors.is_empty());
    let (sources, report) = collect_one(
        "outer.zip",
        &middle,
        &Limits {
            archive_depth: 1,
            ..Limits::default()
        },
    );
    assert!(sources.files.is_empty());
    assert_eq!(
        report.errors[0].to_string(),
        "ag/outer.zip › SB/inner.zip: Das Zip-Archiv steckt in mehr als 1 ineinander \
         verschachtelten Archiven und wird nicht geöffnet. Entpacken Sie die äußeren Archive."
    );
}

#[test]
fn a_zip_bomb_is_refused_by_its_ratio_before_unpacking() {
    let bytes = zip(&[("bombe.csv", &vec![0u8; 32 << 20])]);
    assert!(bytes.len() < 100_000);
    let started = std::time::Instant::now();
    let (sources, report) = collect_one("a.zip", &bytes, &Limits::default());
    assert!(started.elapsed().as_millis() < 500);
    assert!(sources.files.is_empty());
    assert_eq!(
        report.files[1].reason.as_deref(),
        Some("mögliche Zip-Bombe")
    );
    assert!(
        report.errors[0]
            .message
            .starts_with("Der Eintrag ist mehr als 200-fach komprimiert (mindestens 32 MiB aus "),
        "{}",
        report.errors[0].message
    );
}

#[test]
fn a_lying_declared_size_does_not_get_past_the_bounded_reader() {
    let mut bytes = zip(&[("bombe.csv", &vec![0u8; 32 << 20])]);
    // Declare 1000 bytes unpacked in both headers: the zip reader stops there.
    for (signature, size_offset) in [(b"PK\x01\x02", 24), (b"PK\x03\x04", 22)] {
        let at = (0..bytes.len() - 4)
            .find(|i| &bytes[*i..*i + 4] == signature)
            .unwrap();
        bytes[at + size_offset..at + size_offset + 4].copy_from_slice(&1000u32.to_le_bytes());
    }
    let (sources, report) = collect_one("a.zip", &bytes, &Limits::default());
    assert!(sources.files.is_empty());
    assert_eq!(report.files[1].reason.as_deref(), Some("nicht entpackbar"));
    assert!(
        report.errors[0]
            .message
            .starts_with("Der Eintrag ist beschädigt"),
        "{}",
        report.errors[0].message
    );
}

#[test]
fn the_archive_budget_and_entry_count_are_limits() {
    let bytes = zip(&[("a.csv", &[b'a'; 600]), ("b.csv", &[b'b'; 600])]);
    let (sources, report) = collect_one(
        "a.zip",
        &bytes,
        &Limits {
            archive_bytes: 1000,
            ..Limits::default()
        },
    );
    assert_eq!(paths(&sources), vec!["ag/a.zip › a.csv"]);
    assert_eq!(
        report.errors[0].to_string(),
        "ag/a.zip › b.csv: Das Zip-Archiv entpackt insgesamt mehr als 1000 Byte; dieser \
         Eintrag wird nicht mehr gelesen. Teilen Sie das Archiv auf."
    );
    let (sources, report) = collect_one(
        "a.zip",
        &bytes,
        &Limits {
            archive_entries: 1,
            ..Limits::default()
        },
    );
    assert!(sources.files.is_empty());
    assert_eq!(
        report.errors[0].to_string(),
        "ag/a.zip: Das Zip-Archiv hat 2 Einträge, erlaubt sind höchstens 1 (verschachtelte \
         Archive mitgezählt). Teilen Sie es auf mehrere Archive auf."
    );
}

#[test]
fn entries_of_nested_archives_count_towards_the_outer_archive() {
    let inner = zip(&[("a.csv", b"a"), ("b.csv", b"b"), ("c.csv", b"c")]);
    let outer = zip(&[("eins.zip", &inner), ("zwei.zip", &inner)]);
    let limits = Limits {
        archive_entries: 6,
        ..Limits::default()
    };
    let (sources, report) = collect_one("a.zip", &outer, &limits);
    assert_eq!(
        paths(&sources),
        vec![
            "ag/a.zip › eins.zip › a.csv",
            "ag/a.zip › eins.zip › b.csv",
            "ag/a.zip › eins.zip › c.csv"
        ]
    );
    assert!(report.errors[0].is_in("ag/a.zip › zwei.zip"));
    assert_eq!(
        report.files.last().unwrap().reason.as_deref(),
        Some("zu viele Einträge")
    );
}

#[test]
fn a_damaged_archive_is_an_error() {
    let (sources, report) = collect_one(
        "kaputt.zip",
        b"PK\x03\x04 nur ein Anfang",
        &Limits::default(),
    );
    assert!(sources.files.is_empty());
    assert_eq!(
        lines(&report),
        vec![(
            "ag/kaputt.zip",
            FileStatus::Error,
            Some("kein gültiges Zip-Archiv")
        )]
    );
    assert!(
        report.errors[0]
            .message
            .starts_with("Das Zip-Archiv ist beschädigt oder unvollständig")
    );
}

/// The zip bomb of the brief: a 3 GiB zero-filled entry, compressed to about 3 MiB
/// (writing it takes a second or two). `--nocapture` shows the figures.
#[test]
fn a_three_gib_zip_bomb_is_refused_quickly() {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().large_file(true);
    writer.start_file("bombe.csv", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..3 * 1024 {
        writer.write_all(&zeros).unwrap();
    }
    drop(zeros);
    let bytes = writer.finish().unwrap().into_inner();
    let started = std::time::Instant::now();
    let (sources, report) = collect_one("bombe.zip", &bytes, &Limits::default());
    let took = started.elapsed();
    println!(
        "zip bomb: {} packed, refused in {took:?}, peak RSS {} (includes the test's own buffers): {}",
        crate::german::size_text(bytes.len() as u64),
        peak_rss(),
        report.errors[0]
    );
    assert!(sources.files.is_empty());
    assert!(took.as_secs_f64() < 5.0);
    assert_eq!(report.files[1].reason.as_deref(), Some("zu groß"));
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

#[test]
fn text_files_are_ignored_and_empty_files_are_errors_as_in_a_folder() {
    let inner = zip(&[("leer.xlsx", b"")]);
    let bytes = zip(&[
        ("notiz.txt", b""),
        ("liesmich.txt", b"Ziel;Prio\n1;2\n"),
        ("ziele.tsv", b"Ziel\tPrio\n"),
        ("SB/leer.csv", b""),
        ("SB/innen.zip", &inner),
        ("SB/nichts.zip", b""),
        ("SB/ziele.csv", b"Ziel;Prio"),
    ]);
    let dir = TestDir::new();
    dir.write("ag/batch.zip", &bytes);
    dir.write("ag/leer.csv", b"");
    dir.write("ag/notiz.txt", b"");
    let mut report = IngestReport::default();
    let sources = collect(dir.path(), &Limits::default(), &mut report);
    let not_a_table = format!(
        "keine Tabellendatei (.txt); gelesen werden {}",
        crate::sources::names::READ_FORMATS
    );
    let tsv = "Dateien mit der Endung .tsv werden nicht gelesen; benennen Sie die Datei in .csv \
               um (Tabulatoren als Trennzeichen werden erkannt)";
    assert_eq!(
        lines(&report),
        vec![
            ("ag/batch.zip", FileStatus::Read, None),
            ("ag/batch.zip › SB/innen.zip", FileStatus::Read, None),
            (
                "ag/batch.zip › SB/innen.zip › leer.xlsx",
                FileStatus::Error,
                Some("leer")
            ),
            (
                "ag/batch.zip › SB/leer.csv",
                FileStatus::Error,
                Some("leer")
            ),
            (
                "ag/batch.zip › SB/nichts.zip",
                FileStatus::Error,
                Some("leer")
            ),
            ("ag/batch.zip › SB/ziele.csv", FileStatus::Read, None),
            (
                "ag/batch.zip › liesmich.txt",
                FileStatus::Ignored,
                Some(not_a_table.as_str())
            ),
            (
                "ag/batch.zip › notiz.txt",
                FileStatus::Ignored,
                Some(not_a_table.as_str())
            ),
            ("ag/batch.zip › ziele.tsv", FileStatus::Ignored, Some(tsv)),
            ("ag/leer.csv", FileStatus::Error, Some("leer")),
            (
                "ag/notiz.txt",
                FileStatus::Ignored,
                Some(not_a_table.as_str())
            ),
        ]
    );
    assert_eq!(paths(&sources), vec!["ag/batch.zip › SB/ziele.csv"]);
    // One message for an empty file wherever it lies.
    let errors: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    let empty = "Die Datei ist leer (0 Byte). Speichern Sie sie erneut oder entfernen Sie sie.";
    assert_eq!(
        errors,
        [
            "ag/batch.zip › SB/innen.zip › leer.xlsx",
            "ag/batch.zip › SB/leer.csv",
            "ag/batch.zip › SB/nichts.zip",
            "ag/leer.csv",
        ]
        .map(|place| format!("{place}: {empty}"))
    );
    // The .tsv is a table named the wrong way: a warning, so that it is not missed.
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, [format!("ag/batch.zip › ziele.tsv: {tsv}")]);
}
