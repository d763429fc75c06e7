//! Zip archives, read in memory: every entry through a bounded reader (declared sizes are
//! never trusted), nested archives up to a depth, and nothing ever written to disk. Entries
//! whose names leave the archive, links and encrypted entries are refused one by one; the
//! rest of the archive is still read.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::read::ZipFileEntry;

use super::collection::Collection;
use super::names::{self, Kind};
use crate::german;
use crate::limits::Limits;
use crate::report::{FileStatus, Place, Problem};

/// Between an archive's path and an entry's path in display paths: `ag/batch.zip › SB/ziele.xlsx`.
pub const ARCHIVE_SEPARATOR: &str = " › ";

/// What the outermost archive may still unpack, nested archives included.
pub(super) struct Budget {
    /// Bytes still allowed to be unpacked.
    pub bytes: u64,
    /// Entries still allowed to be listed.
    pub entries: usize,
}

impl Budget {
    /// The whole budget of one archive in the project folder.
    pub(super) fn new(limits: &Limits) -> Self {
        Self {
            bytes: limits.archive_bytes,
            entries: limits.archive_entries,
        }
    }
}

/// Opens the archive `pfad` (nesting depth `tiefe`, 1 for a file of the project folder) and
/// collects its entries within what the outermost archive may still unpack.
pub(super) fn open(
    path: &str,
    bytes: &[u8],
    depth: usize,
    budget: &mut Budget,
    collection: &mut Collection<'_>,
) {
    let zip = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(err) => {
            collection.failed(
                Problem::error(
                    Place::file(path),
                    "Das Zip-Archiv ist beschädigt oder unvollständig und kann nicht geöffnet \
                     werden. Packen Sie es neu oder legen Sie die Dateien einzeln ab.",
                )
                .with_detail(err.to_string()),
                "kein gültiges Zip-Archiv",
            );
            return;
        }
    };
    let Some(rest) = budget.entries.checked_sub(zip.len()) else {
        collection.error(
            Place::file(path),
            "zu viele Einträge",
            format!(
                "Das Zip-Archiv hat {} Einträge, erlaubt sind höchstens {} (verschachtelte \
                 Archive mitgezählt). Teilen Sie es auf mehrere Archive auf.",
                german::count_text(zip.len() as u64),
                german::count_text(collection.limits.archive_entries as u64)
            ),
        );
        return;
    };
    budget.entries = rest;
    collection.file(path.to_owned(), FileStatus::Read, None);
    let mut archive = Archive {
        zip,
        packed_total: bytes.len() as u64,
        depth,
    };
    let mut ignored_folders = BTreeSet::new();
    let mut previous: Option<String> = None;
    for (name, index) in sorted_names(&archive.zip) {
        let display_path = format!("{path}{ARCHIVE_SEPARATOR}{name}");
        if previous.as_deref() == Some(name.as_str()) {
            collection.ignore(
                display_path,
                names::Reason {
                    text: "Name kommt im Archiv mehrfach vor; gelesen wird nur der erste Eintrag"
                        .to_owned(),
                    warn: true,
                },
            );
            continue;
        }
        previous = Some(name.clone());
        let entry = match archive.zip.by_index_data(index) {
            Ok(entry) => EntryInfo::of(&entry),
            Err(err) => {
                collection.failed(damaged(Place::file(display_path), &err), "beschädigt");
                continue;
            }
        };
        match classify(&name, &entry, &mut ignored_folders) {
            Verdict::Silent => {}
            Verdict::Ignored(inner_path, reason) => {
                collection.ignore(format!("{path}{ARCHIVE_SEPARATOR}{inner_path}"), reason);
            }
            Verdict::Refused(short, message) => {
                collection.error(Place::file(display_path), short, message.to_owned());
            }
            Verdict::Unpack(kind) => {
                archive.read(index, &entry, display_path, kind, budget, collection);
            }
        }
    }
}

/// The archive being read.
struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    packed_total: u64,
    depth: usize,
}

impl Archive<'_> {
    /// Unpacks one entry within the limits and hands it on.
    fn read(
        &mut self,
        index: usize,
        entry: &EntryInfo,
        display_path: String,
        kind: Kind,
        budget: &mut Budget,
        collection: &mut Collection<'_>,
    ) {
        if kind == Kind::Archive && self.depth >= collection.limits.archive_depth {
            collection.error(
                Place::file(display_path),
                "zu tief verschachtelt",
                format!(
                    "Das Zip-Archiv steckt in mehr als {} ineinander verschachtelten Archiven \
                     und wird nicht geöffnet. Entpacken Sie die äußeren Archive.",
                    collection.limits.archive_depth
                ),
            );
            return;
        }
        let packed = entry.packed.min(self.packed_total);
        let cap = Cap::new(collection.limits, budget.bytes, packed);
        let bytes = match unpack(&mut self.zip, index, entry.declared, &cap) {
            Ok(bytes) => bytes,
            Err(UnpackError::Bound(reached)) => {
                let (short, message) = cap.message(reached, collection.limits);
                collection.error(Place::file(display_path), short, message);
                return;
            }
            Err(UnpackError::Zip(message, detail)) => {
                collection.failed(
                    Problem::error(Place::file(display_path), message).with_detail(detail),
                    "nicht entpackbar",
                );
                return;
            }
        };
        budget.bytes = budget.bytes.saturating_sub(bytes.len() as u64);
        if bytes.is_empty() {
            collection.empty(display_path);
            return;
        }
        match kind {
            Kind::Table(format) => collection.source(display_path, format, bytes),
            Kind::Archive => open(&display_path, &bytes, self.depth + 1, budget, collection),
            Kind::Ignored(_) => {}
        }
    }
}

/// What an entry's central directory record says, copied out of the archive.
struct EntryInfo {
    folder: bool,
    link: bool,
    encrypted: bool,
    declared: u64,
    packed: u64,
}

impl EntryInfo {
    fn of(entry: &ZipFileEntry<'_>) -> Self {
        Self {
            folder: entry.is_dir(),
            link: entry.is_symlink(),
            encrypted: entry.encrypted(),
            declared: entry.size(),
            packed: entry.compressed_size(),
        }
    }
}

/// The decision about one entry.
enum Verdict {
    /// Nothing to report (a plain folder, or inside an ignored folder already reported).
    Silent,
    /// Not read: the display path (below the archive) and the reason.
    Ignored(String, names::Reason),
    /// Refused: a short reason and the message.
    Refused(&'static str, &'static str),
    /// To be unpacked.
    Unpack(Kind),
}

/// Judges an entry by its name and record. Junk folders are reported once, by their path.
fn classify(name: &str, entry: &EntryInfo, ignored_folders: &mut BTreeSet<String>) -> Verdict {
    if !is_safe(name) {
        return Verdict::Refused(
            "Pfad verlässt das Archiv",
            "Der Pfad des Eintrags zeigt aus dem Archiv heraus (mit „..“, absolut oder mit \
             Laufwerksbuchstaben) und wird aus Sicherheitsgründen nicht gelesen. Packen Sie das \
             Archiv ohne solche Pfade neu.",
        );
    }
    let parts: Vec<&str> = name.split('/').collect();
    let folder_parts = if entry.folder {
        parts.len()
    } else {
        parts.len().saturating_sub(1)
    };
    let mut folder = String::new();
    for part in parts.iter().take(folder_parts) {
        folder.push_str(part);
        folder.push('/');
        if let Some(reason) = names::folder(part) {
            return if ignored_folders.insert(folder.clone()) {
                Verdict::Ignored(folder, reason)
            } else {
                Verdict::Silent
            };
        }
    }
    if entry.folder {
        return Verdict::Silent;
    }
    if entry.link {
        return Verdict::Refused(
            "Verknüpfung",
            "Der Eintrag ist eine symbolische Verknüpfung und wird aus Sicherheitsgründen nicht \
             gelesen. Legen Sie die Datei selbst in das Archiv.",
        );
    }
    let file = parts.last().copied().unwrap_or(name);
    match names::file(file) {
        Kind::Ignored(reason) => Verdict::Ignored(name.to_owned(), reason),
        _ if entry.encrypted => Verdict::Refused(
            "verschlüsselt",
            "Der Eintrag ist mit einem Kennwort verschlüsselt und kann nicht gelesen werden. \
             Packen Sie das Archiv ohne Kennwort neu.",
        ),
        kind => Verdict::Unpack(kind),
    }
}

/// The entries' names (`\\` as `/`, empty and `.` components dropped) with their index,
/// sorted by name and then by position in the archive.
fn sorted_names(zip: &ZipArchive<Cursor<&[u8]>>) -> Vec<(String, usize)> {
    let mut names: Vec<(String, usize)> = (0..zip.len())
        .map(|index| {
            let raw = zip
                .name_for_index(index)
                .and_then(Result::ok)
                .unwrap_or_default();
            (normalise(&raw), index)
        })
        .collect();
    names.sort();
    names
}

/// A name with `/` separators, without empty or `.` components; a leading `/` is kept so
/// that [`is_safe`] can refuse it.
fn normalise(raw: &str) -> String {
    let slashed = raw.replace('\\', "/");
    let absolute = slashed.starts_with('/');
    let parts: Vec<&str> = slashed
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Whether a normalised name stays inside the archive: not absolute, no drive, no `..`, no NUL.
fn is_safe(name: &str) -> bool {
    let drive = name.as_bytes().get(1) == Some(&b':');
    !(name.is_empty()
        || name.starts_with('/')
        || drive
        || name.contains('\0')
        || name.split('/').any(|part| part == ".."))
}

/// Which bound an entry ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bound {
    /// The size of one file.
    File,
    /// What the whole archive may unpack.
    Archive,
    /// The ratio of unpacked to packed size.
    Compression,
}

/// The most bytes one entry may unpack to, and which limit sets it.
struct Cap {
    bytes: u64,
    bound: Bound,
    packed: u64,
}

impl Cap {
    fn new(limits: &Limits, budget: u64, packed: u64) -> Self {
        let ratio = packed
            .saturating_mul(limits.compression_ratio)
            .max(limits.compression_min_bytes);
        let candidates = [
            (limits.file_bytes, Bound::File),
            (budget, Bound::Archive),
            (ratio, Bound::Compression),
        ];
        let (bytes, bound) = candidates
            .into_iter()
            .min_by_key(|c| c.0)
            .unwrap_or((0, Bound::File));
        Self {
            bytes,
            bound,
            packed,
        }
    }

    /// The short reason and the message for an entry that ran into this bound.
    fn message(&self, reached: u64, limits: &Limits) -> (&'static str, String) {
        let size = if reached > self.bytes {
            format!("mindestens {}", german::size_text(reached))
        } else {
            format!("mehr als {}", german::size_text(self.bytes))
        };
        match self.bound {
            Bound::File => (
                "zu groß",
                format!(
                    "Der Eintrag ist entpackt {size} groß; erlaubt sind höchstens {} je Datei. Er \
                     wird nicht gelesen.",
                    german::size_text(limits.file_bytes)
                ),
            ),
            Bound::Archive => (
                "Archiv zu groß",
                format!(
                    "Das Zip-Archiv entpackt insgesamt mehr als {}; dieser Eintrag wird nicht mehr \
                     gelesen. Teilen Sie das Archiv auf.",
                    german::size_text(limits.archive_bytes)
                ),
            ),
            Bound::Compression => (
                "mögliche Zip-Bombe",
                format!(
                    "Der Eintrag ist mehr als {}-fach komprimiert ({size} aus {}) und wird als \
                     mögliche Zip-Bombe nicht gelesen. Legen Sie die Datei unverpackt ab.",
                    limits.compression_ratio,
                    german::size_text(self.packed)
                ),
            ),
        }
    }
}

/// Why an entry was not unpacked.
enum UnpackError {
    /// It would unpack past its bound: the declared size, or what was read (bound + 1).
    Bound(u64),
    /// The zip reader failed: the German message and the reader's own words.
    Zip(&'static str, String),
}

/// Unpacks entry `index` into memory, at most `schranke.bytes` bytes; a larger declared size
/// refuses it before anything is unpacked.
fn unpack(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    declared: u64,
    cap: &Cap,
) -> Result<Vec<u8>, UnpackError> {
    if declared > cap.bytes {
        return Err(UnpackError::Bound(declared));
    }
    let entry = zip
        .by_index(index)
        .map_err(|err| UnpackError::Zip(CANNOT_UNPACK, err.to_string()))?;
    let mut bytes = Vec::new();
    entry
        .take(cap.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| UnpackError::Zip(DAMAGED, err.to_string()))?;
    match bytes.len() as u64 {
        n if n > cap.bytes => Err(UnpackError::Bound(n)),
        _ => Ok(bytes),
    }
}

const DAMAGED: &str = "Der Eintrag ist beschädigt und kann nicht entpackt werden. Packen Sie das \
                       Archiv neu.";

fn damaged(place: Place, err: &dyn std::fmt::Display) -> Problem {
    Problem::error(place, DAMAGED).with_detail(err.to_string())
}

const CANNOT_UNPACK: &str = "Der Eintrag kann nicht entpackt werden. Packen Sie das Archiv mit \
                             dem üblichen Verfahren „Deflate“ neu, z. B. unter Windows mit \
                             „Senden an › ZIP-komprimierter Ordner“.";
