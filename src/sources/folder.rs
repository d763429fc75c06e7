//! Walking the project folder: every entry in sorted order, symlinks not followed, files read
//! through a bounded reader.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::names::{self, Art};
use super::{Sammlung, archive};
use crate::limits;
use crate::report::{Ort, io_grund};

/// Files and folders of the project root that are not data: the configuration and prose.
const KEIN_DATENORDNER: [&str; 1] = ["texte"];
const KEINE_DATENDATEI: [&str; 1] = ["konzept.toml"];
/// Folders nested deeper than this are not looked into (the walk is recursive).
const TIEFSTE_EBENE: usize = 32;

/// Walks `dir` (shown as `anzeige`, empty for the root) and everything below it.
pub fn walk(dir: &Path, anzeige: &str, sammlung: &mut Sammlung<'_>) {
    let mut entries = match read_sorted(dir) {
        Ok(entries) => entries,
        Err(err) => {
            let ort = Ort::datei(if anzeige.is_empty() {
                dir.display().to_string()
            } else {
                anzeige.to_owned()
            });
            sammlung.fehler(
                ort,
                "Ordner nicht lesbar",
                format!("Der Ordner kann nicht gelesen werden: {}. Prüfen Sie, ob er existiert und lesbar ist.", io_grund(&err)),
            );
            return;
        }
    };
    for entry in entries.drain(..) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pfad = if anzeige.is_empty() {
            name.clone()
        } else {
            format!("{anzeige}/{name}")
        };
        let ist_wurzel = anzeige.is_empty();
        match entry.file_type() {
            Ok(typ) if typ.is_symlink() => sammlung.ignoriert(
                pfad,
                names::Grund {
                    text: "symbolische Verknüpfung; wird nicht verfolgt".to_owned(),
                    warnen: false,
                },
            ),
            Ok(typ) if typ.is_dir() => {
                if ist_wurzel && KEIN_DATENORDNER.contains(&name.as_str()) {
                    continue;
                }
                match names::ordner(&name) {
                    Some(grund) => sammlung.ignoriert(format!("{pfad}/"), grund),
                    None if pfad.matches('/').count() >= TIEFSTE_EBENE => sammlung.ignoriert(
                        format!("{pfad}/"),
                        names::Grund {
                            text: format!("Ordner tiefer als {TIEFSTE_EBENE} Ebenen verschachtelt; nicht gelesen"),
                            warnen: true,
                        },
                    ),
                    None => walk(&entry.path(), &pfad, sammlung),
                }
            }
            Ok(_) => {
                if ist_wurzel && KEINE_DATENDATEI.contains(&name.as_str()) {
                    continue;
                }
                file(&entry.path(), pfad, &name, sammlung);
            }
            Err(err) => sammlung.fehler(
                Ort::datei(pfad),
                "nicht lesbar",
                format!("Der Eintrag kann nicht gelesen werden: {}.", io_grund(&err)),
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
pub fn file(path: &Path, pfad: String, name: &str, sammlung: &mut Sammlung<'_>) {
    let art = names::datei(name);
    if let Art::Ignoriert(grund) = art {
        sammlung.ignoriert(pfad, grund);
        return;
    }
    let limit = sammlung.limits.datei_bytes;
    let bytes = match read_bounded(path, limit) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            sammlung.fehler(
                Ort::datei(pfad),
                "zu groß",
                format!(
                    "Die Datei ist größer als {} und wird nicht gelesen. Teilen Sie sie auf \
                     mehrere Dateien auf oder entfernen Sie Bilder und nicht benötigte Blätter.",
                    limits::groesse(limit)
                ),
            );
            return;
        }
        Err(err) => {
            sammlung.fehler(
                Ort::datei(pfad),
                "nicht lesbar",
                format!(
                    "Die Datei kann nicht gelesen werden: {}. Ist sie noch in einem \
                     anderen Programm geöffnet?",
                    io_grund(&err)
                ),
            );
            return;
        }
    };
    match art {
        Art::Tabelle(format) => sammlung.quelle(pfad, format, bytes),
        Art::Archiv => {
            let mut budget = archive::Budget::new(sammlung.limits);
            archive::open(&pfad, &bytes, 1, &mut budget, sammlung);
        }
        Art::Ignoriert(_) => {}
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
    use super::super::fixtures::TempDir;
    use super::super::{Format, collect};
    use crate::limits::Limits;
    use crate::report::{DateiStatus, ImportBericht};

    fn lines(bericht: &ImportBericht) -> Vec<(String, DateiStatus, Option<String>)> {
        bericht
            .dateien
            .iter()
            .map(|d| (d.datei.clone(), d.status.clone(), d.grund.clone()))
            .collect()
    }

    fn ignored(pfad: &str, grund: &str) -> (String, DateiStatus, Option<String>) {
        (
            pfad.to_owned(),
            DateiStatus::Ignoriert,
            Some(grund.to_owned()),
        )
    }

    fn read(pfad: &str) -> (String, DateiStatus, Option<String>) {
        (pfad.to_owned(), DateiStatus::Gelesen, None)
    }

    #[test]
    fn every_file_gets_one_line_in_path_order_and_junk_is_ignored() {
        let dir = TempDir::new();
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
        let mut bericht = ImportBericht::default();
        let sources = collect(dir.path(), &Limits::default(), &mut bericht);
        let others = format!(
            "keine Tabellendatei (.docx); gelesen werden {}",
            super::names::GELESENE_FORMATE
        );
        assert_eq!(
            lines(&bericht),
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
                        super::names::GELESENE_FORMATE
                    )
                ),
                read("teilnehmende/liste.csv"),
                ignored("teilnehmende/notiz.docx", &others),
            ]
        );
        let found: Vec<(&str, Format, &[u8])> = sources
            .dateien
            .iter()
            .map(|s| (s.pfad.as_str(), s.format, s.bytes.as_slice()))
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
        assert!(bericht.fehler.is_empty() && bericht.warnungen.is_empty());
    }

    #[test]
    fn a_file_over_the_limit_is_an_error_naming_it() {
        let dir = TempDir::new();
        dir.write("ag/gross.csv", b"12345678901");
        dir.write("ag/passt.csv", b"1234567890");
        let limits = Limits {
            datei_bytes: 10,
            ..Limits::default()
        };
        let mut bericht = ImportBericht::default();
        let sources = collect(dir.path(), &limits, &mut bericht);
        assert_eq!(sources.dateien.len(), 1);
        assert_eq!(sources.dateien[0].pfad, "ag/passt.csv");
        assert_eq!(
            lines(&bericht)[0],
            (
                "ag/gross.csv".to_owned(),
                DateiStatus::Fehler,
                Some("zu groß".to_owned())
            )
        );
        assert_eq!(
            bericht.fehler[0].to_string(),
            "ag/gross.csv: Die Datei ist größer als 10 Byte und wird nicht gelesen. Teilen Sie sie \
             auf mehrere Dateien auf oder entfernen Sie Bilder und nicht benötigte Blätter."
        );
    }

    #[test]
    fn an_unreadable_spreadsheet_format_is_a_warning() {
        let dir = TempDir::new();
        dir.write("ag/Ziele.numbers", b"apple");
        let mut bericht = ImportBericht::default();
        collect(dir.path(), &Limits::default(), &mut bericht);
        assert_eq!(
            bericht.warnungen[0].to_string(),
            "ag/Ziele.numbers: Tabellenformat .numbers kann nicht gelesen werden; speichern Sie \
             die Datei als .xlsx oder .ods"
        );
    }

    #[test]
    fn folders_nested_too_deep_are_not_walked() {
        let dir = TempDir::new();
        let deep = vec!["d"; 40].join("/");
        dir.write(&format!("{deep}/x.csv"), b"a;b");
        let mut bericht = ImportBericht::default();
        let sources = collect(dir.path(), &Limits::default(), &mut bericht);
        assert!(sources.dateien.is_empty());
        let expected = format!("{}/", vec!["d"; 33].join("/"));
        assert_eq!(
            lines(&bericht),
            vec![(
                expected,
                DateiStatus::Ignoriert,
                Some("Ordner tiefer als 32 Ebenen verschachtelt; nicht gelesen".to_owned())
            )]
        );
        assert_eq!(bericht.warnungen.len(), 1);
    }

    #[test]
    fn a_missing_project_folder_is_an_error() {
        let dir = TempDir::new();
        let missing = dir.path().join("fehlt");
        let mut bericht = ImportBericht::default();
        collect(&missing, &Limits::default(), &mut bericht);
        assert_eq!(bericht.fehler.len(), 1);
        assert!(
            bericht.fehler[0]
                .meldung
                .starts_with("Der Ordner kann nicht gelesen werden: nicht gefunden (")
        );
        assert_eq!(bericht.fehler[0].ort.datei, missing.display().to_string());
    }
}
