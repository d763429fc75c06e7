//! Walking the project folder: every entry in sorted order, symlinks not followed, files read
//! through a bounded reader.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::names::{self, Art};
use super::{Sammlung, archive};
use crate::limits;
use crate::report::Ort;

/// Files and folders of the project root that are not data: the configuration and prose.
const KEIN_DATENORDNER: [&str; 1] = ["texte"];
const KEINE_DATENDATEI: [&str; 1] = ["konzept.toml"];

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
                format!("Der Ordner kann nicht gelesen werden ({err}). Prüfen Sie, ob er existiert und lesbar ist."),
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
                format!("Der Eintrag kann nicht gelesen werden ({err})."),
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
fn file(path: &Path, pfad: String, name: &str, sammlung: &mut Sammlung<'_>) {
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
                    "Die Datei kann nicht gelesen werden ({err}). Ist sie noch in einem \
                     anderen Programm geöffnet?"
                ),
            );
            return;
        }
    };
    match art {
        Art::Tabelle(format) => sammlung.quelle(pfad, format, bytes),
        Art::Archiv => {
            let mut budget = sammlung.limits.archiv_bytes;
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
