//! Walking the project folder: every entry in sorted order, symlinks not followed, files read
//! through a bounded reader.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::archive;
use super::collection::Collection;
use super::names::{self, Kind};
use crate::german;
use crate::limits;
use crate::report::{Place, io_reason};

/// Files and folders of the project root that are not data: the configuration and prose.
const NON_DATA_FOLDERS: [&str; 1] = ["texte"];
const NON_DATA_FILES: [&str; 1] = ["konzept.toml"];
/// Folders nested deeper than this are not looked into (the walk is recursive).
const MAX_DEPTH: usize = 32;

/// Walks `dir` (shown as `anzeige`, empty for the root) and everything below it.
pub fn walk(dir: &Path, display_path: &str, collection: &mut Collection<'_>) {
    let mut entries = match read_sorted(dir) {
        Ok(entries) => entries,
        Err(err) => {
            let place = Place::file(if display_path.is_empty() {
                dir.display().to_string()
            } else {
                display_path.to_owned()
            });
            collection.error(
                place,
                "Ordner nicht lesbar",
                format!("Der Ordner kann nicht gelesen werden: {}. Prüfen Sie, ob er existiert und lesbar ist.", io_reason(&err)),
            );
            return;
        }
    };
    for entry in entries.drain(..) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if display_path.is_empty() {
            name.clone()
        } else {
            format!("{display_path}/{name}")
        };
        let at_root = display_path.is_empty();
        match entry.file_type() {
            Ok(file_type) if file_type.is_symlink() => collection.ignore(
                path,
                names::Reason {
                    text: "symbolische Verknüpfung; wird nicht verfolgt".to_owned(),
                    warn: false,
                },
            ),
            Ok(file_type) if file_type.is_dir() => {
                if at_root && NON_DATA_FOLDERS.contains(&name.as_str()) {
                    continue;
                }
                match names::folder(&name) {
                    Some(reason) => collection.ignore(format!("{path}/"), reason),
                    None if path.matches('/').count() >= MAX_DEPTH => collection.ignore(
                        format!("{path}/"),
                        names::Reason {
                            text: format!(
                                "Ordner tiefer als {MAX_DEPTH} Ebenen verschachtelt; nicht gelesen"
                            ),
                            warn: true,
                        },
                    ),
                    None => walk(&entry.path(), &path, collection),
                }
            }
            Ok(_) => {
                if at_root && NON_DATA_FILES.contains(&name.as_str()) {
                    continue;
                }
                file(&entry.path(), path, &name, collection);
            }
            Err(err) => collection.error(
                Place::file(path),
                "nicht lesbar",
                format!(
                    "Der Eintrag kann nicht gelesen werden: {}.",
                    io_reason(&err)
                ),
            ),
        }
    }
}

/// The entries of a folder, sorted by name so that every run sees the same order.
fn read_sorted(dir: &Path) -> std::io::Result<Vec<fs::DirEntry>> {
    let mut entries = fs::read_dir(dir)?.collect::<std::io::Result<Vec<_>>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    Ok(entries)
}

/// One file: ignored, handed on as a source, or opened as an archive.
pub fn file(path: &Path, display_path: String, name: &str, collection: &mut Collection<'_>) {
    let kind = names::file(name);
    if let Kind::Ignored(reason) = kind {
        collection.ignore(display_path, reason);
        return;
    }
    let limit = collection.limits.file_bytes;
    let bytes = match read_bounded(path, limit) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            collection.error(
                Place::file(display_path),
                "zu groß",
                format!(
                    "Die Datei ist größer als {} und wird nicht gelesen. Teilen Sie sie auf \
                     mehrere Dateien auf oder entfernen Sie Bilder und nicht benötigte Blätter.",
                    german::size_text(limit)
                ),
            );
            return;
        }
        Err(err) => {
            collection.error(
                Place::file(display_path),
                "nicht lesbar",
                format!(
                    "Die Datei kann nicht gelesen werden: {}. Ist sie noch in einem \
                     anderen Programm geöffnet?",
                    io_reason(&err)
                ),
            );
            return;
        }
    };
    match kind {
        Kind::Table(format) => collection.source(display_path, format, bytes),
        Kind::Archive => {
            let mut budget = archive::Budget::new(collection.limits);
            archive::open(&display_path, &bytes, 1, &mut budget, collection);
        }
        Kind::Ignored(_) => {}
    }
}

/// The file's bytes, or `None` when it holds more than `limit` bytes. Reads at most
/// `limit + 1` bytes whatever the file system says about its size.
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    fs::File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::super::{Format, collect};
    use crate::limits::Limits;
    use crate::report::{FileStatus, ImportReport};
    use crate::test_support::TestDir;

    fn lines(report: &ImportReport) -> Vec<(String, FileStatus, Option<String>)> {
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
        let mut report = ImportReport::default();
        let sources = collect(dir.path(), &Limits::default(), &mut report);
        let others = format!(
            "keine Tabellendatei (.docx); gelesen werden {}",
            super::names::READ_FORMATS
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
                        super::names::READ_FORMATS
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
        let mut report = ImportReport::default();
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
        let mut report = ImportReport::default();
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
        let mut report = ImportReport::default();
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
        let mut report = ImportReport::default();
        collect(&missing, &Limits::default(), &mut report);
        assert_eq!(report.errors.len(), 1);
        assert!(
            report.errors[0]
                .message
                .starts_with("Der Ordner kann nicht gelesen werden: nicht gefunden (")
        );
        assert!(report.errors[0].is_in(&missing.display().to_string()));
    }
}
