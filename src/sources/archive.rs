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
use crate::report::{FileStatus, Place};

/// Between an archive's path and an entry's path in display paths: `ag/batch.zip › SB/ziele.xlsx`.
pub const ARCHIVE_SEPARATOR: &str = " › ";

/// What the outermost archive may still unpack, nested archives included.
pub struct Budget {
    /// Bytes.
    pub bytes: u64,
    /// Entries.
    pub entries: usize,
}

impl Budget {
    /// The whole budget of one archive in the project folder.
    pub fn new(limits: &Limits) -> Self {
        Self {
            bytes: limits.archive_bytes,
            entries: limits.archive_entries,
        }
    }
}

/// Opens the archive `pfad` (nesting depth `tiefe`, 1 for a file of the project folder) and
/// collects its entries within what the outermost archive may still unpack.
pub fn open(
    path: &str,
    bytes: &[u8],
    depth: usize,
    budget: &mut Budget,
    collection: &mut Collection<'_>,
) {
    let zip = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(err) => {
            collection.error(
                Place::file(path),
                "kein gültiges Zip-Archiv",
                format!(
                    "Das Zip-Archiv ist beschädigt oder unvollständig und kann nicht geöffnet \
                     werden ({err}). Packen Sie es neu oder legen Sie die Dateien einzeln ab."
                ),
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
            Ok(entry) => Entry::of(&entry),
            Err(err) => {
                collection.error(Place::file(display_path), "beschädigt", damaged(&err));
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
                archive.read(index, &entry, display_path, kind, budget, collection)
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
        entry: &Entry,
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
            Err(UnpackError::Zip(message)) => {
                collection.error(Place::file(display_path), "nicht entpackbar", message);
                return;
            }
        };
        budget.bytes = budget.bytes.saturating_sub(bytes.len() as u64);
        match kind {
            Kind::Table(format) => collection.source(display_path, format, bytes),
            Kind::Archive => open(&display_path, &bytes, self.depth + 1, budget, collection),
            Kind::Ignored(_) => {}
        }
    }
}

/// What an entry's central directory record says, copied out of the archive.
struct Entry {
    folder: bool,
    link: bool,
    encrypted: bool,
    declared: u64,
    packed: u64,
}

impl Entry {
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
fn classify(name: &str, entry: &Entry, ignored_folders: &mut BTreeSet<String>) -> Verdict {
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
    /// The zip reader failed: the message.
    Zip(String),
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
        .map_err(|err| UnpackError::Zip(cannot_unpack(&err)))?;
    let mut bytes = Vec::new();
    entry
        .take(cap.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| UnpackError::Zip(damaged(&err)))?;
    match bytes.len() as u64 {
        n if n > cap.bytes => Err(UnpackError::Bound(n)),
        _ => Ok(bytes),
    }
}

fn damaged(err: &dyn std::fmt::Display) -> String {
    format!(
        "Der Eintrag ist beschädigt und kann nicht entpackt werden ({err}). Packen Sie das \
         Archiv neu."
    )
}

fn cannot_unpack(err: &zip::result::ZipError) -> String {
    format!(
        "Der Eintrag kann nicht entpackt werden ({err}). Packen Sie das Archiv mit dem \
         üblichen Verfahren „Deflate“ neu, z. B. unter Windows mit „Senden an › \
         ZIP-komprimierter Ordner“."
    )
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use zip::ZipWriter;
    use zip::write::SimpleFileOptions;

    use super::super::{Sources, collect};
    use crate::limits::Limits;
    use crate::report::{FileStatus, ImportReport};
    use crate::test_support::{TestDir, zip};

    /// Collects a project whose only file is `ag/<name>` with these bytes.
    fn collect_one(name: &str, bytes: &[u8], limits: &Limits) -> (Sources, ImportReport) {
        let dir = TestDir::new();
        dir.write(&format!("ag/{name}"), bytes);
        let mut report = ImportReport::default();
        let sources = collect(dir.path(), limits, &mut report);
        (sources, report)
    }

    fn lines(report: &ImportReport) -> Vec<(&str, FileStatus, Option<&str>)> {
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
                            super::names::READ_FORMATS
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
            report.errors[0].message.starts_with(
                "Der Eintrag ist mehr als 200-fach komprimiert (mindestens 32 MiB aus "
            ),
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
}
