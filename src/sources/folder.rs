//! Walking the project folder: every entry in sorted order, symlinks not followed, files read
//! through a bounded reader.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::archive;
use super::collection::Collection;
use super::names::{self, Kind};
use crate::german;
use crate::report::{Place, Problem, io_reason};

/// Files and folders of the project root that are not data: the configuration and prose,
/// and ratsvorlage's own folder (replaced inputs, kept states of the concept, uploads under
/// way), which every build may add to and so is not listed as ignored either.
const NON_DATA_FOLDERS: [&str; 2] = ["texte", ".ratsvorlage"];
const NON_DATA_FILES: [&str; 1] = ["konzept.toml"];
/// Folders nested deeper than this are not looked into (the walk is recursive).
const MAX_DEPTH: usize = 32;

/// Walks `dir` (shown as `anzeige`, empty for the root) and everything below it.
pub(super) fn walk(dir: &Path, display_path: &str, collection: &mut Collection<'_>) {
    let mut entries = match read_sorted(dir) {
        Ok(entries) => entries,
        Err(err) => {
            let place = Place::file(if display_path.is_empty() {
                dir.display().to_string()
            } else {
                display_path.to_owned()
            });
            let message = format!(
                "Der Ordner kann nicht gelesen werden: {}. Prüfen Sie, ob er existiert und \
                 lesbar ist.",
                io_reason(&err)
            );
            collection.failed(
                Problem::error(place, message).with_detail(err.to_string()),
                "Ordner nicht lesbar",
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
            Err(err) => collection.failed(
                Problem::error(
                    Place::file(path),
                    format!(
                        "Der Eintrag kann nicht gelesen werden: {}.",
                        io_reason(&err)
                    ),
                )
                .with_detail(err.to_string()),
                "nicht lesbar",
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
pub(super) fn file(path: &Path, display_path: String, name: &str, collection: &mut Collection<'_>) {
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
            collection.failed(
                Problem::error(
                    Place::file(display_path),
                    format!(
                        "Die Datei kann nicht gelesen werden: {}. Ist sie noch in einem \
                     anderen Programm geöffnet?",
                        io_reason(&err)
                    ),
                )
                .with_detail(err.to_string()),
                "nicht lesbar",
            );
            return;
        }
    };
    if bytes.is_empty() {
        collection.empty(display_path);
        return;
    }
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
