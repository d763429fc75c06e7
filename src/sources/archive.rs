//! Zip archives, read in memory: every entry through a bounded reader (declared sizes are
//! never trusted), nested archives up to a depth, and nothing ever written to disk. Entries
//! whose names leave the archive, links and encrypted entries are refused one by one; the
//! rest of the archive is still read.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::read::ZipFileEntry;

use super::Sammlung;
use super::names::{self, Art};
use crate::limits::{self, Limits};
use crate::report::{DateiStatus, Ort};

/// Between an archive's path and an entry's path in display paths: `ag/batch.zip › SB/ziele.xlsx`.
pub const TRENNER: &str = " › ";

/// What the outermost archive may still unpack, nested archives included.
pub struct Budget {
    /// Bytes.
    pub bytes: u64,
    /// Entries.
    pub eintraege: usize,
}

impl Budget {
    /// The whole budget of one archive in the project folder.
    pub fn new(limits: &Limits) -> Self {
        Self {
            bytes: limits.archiv_bytes,
            eintraege: limits.archiv_eintraege,
        }
    }
}

/// Opens the archive `pfad` (nesting depth `tiefe`, 1 for a file of the project folder) and
/// collects its entries within what the outermost archive may still unpack.
pub fn open(
    pfad: &str,
    bytes: &[u8],
    tiefe: usize,
    budget: &mut Budget,
    sammlung: &mut Sammlung<'_>,
) {
    let zip = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(err) => {
            sammlung.fehler(
                Ort::datei(pfad),
                "kein gültiges Zip-Archiv",
                format!(
                    "Das Zip-Archiv ist beschädigt oder unvollständig und kann nicht geöffnet \
                     werden ({err}). Packen Sie es neu oder legen Sie die Dateien einzeln ab."
                ),
            );
            return;
        }
    };
    let Some(rest) = budget.eintraege.checked_sub(zip.len()) else {
        sammlung.fehler(
            Ort::datei(pfad),
            "zu viele Einträge",
            format!(
                "Das Zip-Archiv hat {} Einträge, erlaubt sind höchstens {} (verschachtelte \
                 Archive mitgezählt). Teilen Sie es auf mehrere Archive auf.",
                limits::anzahl(zip.len() as u64),
                limits::anzahl(sammlung.limits.archiv_eintraege as u64)
            ),
        );
        return;
    };
    budget.eintraege = rest;
    sammlung.datei(pfad.to_owned(), DateiStatus::Gelesen, None);
    let mut archiv = Archiv {
        zip,
        packed_total: bytes.len() as u64,
        tiefe,
    };
    let mut ignorierte_ordner = BTreeSet::new();
    let mut vorige: Option<String> = None;
    for (name, index) in sorted_names(&archiv.zip) {
        let anzeige = format!("{pfad}{TRENNER}{name}");
        if vorige.as_deref() == Some(name.as_str()) {
            sammlung.ignoriert(
                anzeige,
                names::Grund {
                    text: "Name kommt im Archiv mehrfach vor; gelesen wird nur der erste Eintrag"
                        .to_owned(),
                    warnen: true,
                },
            );
            continue;
        }
        vorige = Some(name.clone());
        let eintrag = match archiv.zip.by_index_data(index) {
            Ok(entry) => Eintrag::of(&entry),
            Err(err) => {
                sammlung.fehler(Ort::datei(anzeige), "beschädigt", beschaedigt(&err));
                continue;
            }
        };
        match klassifizieren(&name, &eintrag, &mut ignorierte_ordner) {
            Urteil::Stumm => {}
            Urteil::Ignoriert(anzeige_pfad, grund) => {
                sammlung.ignoriert(format!("{pfad}{TRENNER}{anzeige_pfad}"), grund);
            }
            Urteil::Abgelehnt(kurz, meldung) => {
                sammlung.fehler(Ort::datei(anzeige), kurz, meldung.to_owned());
            }
            Urteil::Lesen(art) => archiv.read(index, &eintrag, anzeige, art, budget, sammlung),
        }
    }
}

/// The archive being read.
struct Archiv<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    packed_total: u64,
    tiefe: usize,
}

impl Archiv<'_> {
    /// Unpacks one entry within the limits and hands it on.
    fn read(
        &mut self,
        index: usize,
        eintrag: &Eintrag,
        anzeige: String,
        art: Art,
        budget: &mut Budget,
        sammlung: &mut Sammlung<'_>,
    ) {
        if art == Art::Archiv && self.tiefe >= sammlung.limits.archiv_tiefe {
            sammlung.fehler(
                Ort::datei(anzeige),
                "zu tief verschachtelt",
                format!(
                    "Das Zip-Archiv steckt in mehr als {} ineinander verschachtelten Archiven \
                     und wird nicht geöffnet. Entpacken Sie die äußeren Archive.",
                    sammlung.limits.archiv_tiefe
                ),
            );
            return;
        }
        let packed = eintrag.packed.min(self.packed_total);
        let schranke = Schranke::new(sammlung.limits, budget.bytes, packed);
        let bytes = match unpack(&mut self.zip, index, eintrag.declared, &schranke) {
            Ok(bytes) => bytes,
            Err(Entpackfehler::Grenze(erreicht)) => {
                let (kurz, meldung) = schranke.meldung(erreicht, sammlung.limits);
                sammlung.fehler(Ort::datei(anzeige), kurz, meldung);
                return;
            }
            Err(Entpackfehler::Zip(meldung)) => {
                sammlung.fehler(Ort::datei(anzeige), "nicht entpackbar", meldung);
                return;
            }
        };
        budget.bytes = budget.bytes.saturating_sub(bytes.len() as u64);
        match art {
            Art::Tabelle(format) => sammlung.quelle(anzeige, format, bytes),
            Art::Archiv => open(&anzeige, &bytes, self.tiefe + 1, budget, sammlung),
            Art::Ignoriert(_) => {}
        }
    }
}

/// What an entry's central directory record says, copied out of the archive.
struct Eintrag {
    ordner: bool,
    link: bool,
    verschluesselt: bool,
    declared: u64,
    packed: u64,
}

impl Eintrag {
    fn of(entry: &ZipFileEntry<'_>) -> Self {
        Self {
            ordner: entry.is_dir(),
            link: entry.is_symlink(),
            verschluesselt: entry.encrypted(),
            declared: entry.size(),
            packed: entry.compressed_size(),
        }
    }
}

/// The decision about one entry.
enum Urteil {
    /// Nothing to report (a plain folder, or inside an ignored folder already reported).
    Stumm,
    /// Not read: the display path (below the archive) and the reason.
    Ignoriert(String, names::Grund),
    /// Refused: a short reason and the message.
    Abgelehnt(&'static str, &'static str),
    /// To be unpacked.
    Lesen(Art),
}

/// Judges an entry by its name and record. Junk folders are reported once, by their path.
fn klassifizieren(
    name: &str,
    eintrag: &Eintrag,
    ignorierte_ordner: &mut BTreeSet<String>,
) -> Urteil {
    if !sicher(name) {
        return Urteil::Abgelehnt(
            "Pfad verlässt das Archiv",
            "Der Pfad des Eintrags zeigt aus dem Archiv heraus (mit „..“, absolut oder mit \
             Laufwerksbuchstaben) und wird aus Sicherheitsgründen nicht gelesen. Packen Sie das \
             Archiv ohne solche Pfade neu.",
        );
    }
    let teile: Vec<&str> = name.split('/').collect();
    let ordner_teile = if eintrag.ordner {
        teile.len()
    } else {
        teile.len().saturating_sub(1)
    };
    let mut ordner = String::new();
    for teil in teile.iter().take(ordner_teile) {
        ordner.push_str(teil);
        ordner.push('/');
        if let Some(grund) = names::ordner(teil) {
            return if ignorierte_ordner.insert(ordner.clone()) {
                Urteil::Ignoriert(ordner, grund)
            } else {
                Urteil::Stumm
            };
        }
    }
    if eintrag.ordner {
        return Urteil::Stumm;
    }
    if eintrag.link {
        return Urteil::Abgelehnt(
            "Verknüpfung",
            "Der Eintrag ist eine symbolische Verknüpfung und wird aus Sicherheitsgründen nicht \
             gelesen. Legen Sie die Datei selbst in das Archiv.",
        );
    }
    let datei = teile.last().copied().unwrap_or(name);
    match names::datei(datei) {
        Art::Ignoriert(grund) => Urteil::Ignoriert(name.to_owned(), grund),
        _ if eintrag.verschluesselt => Urteil::Abgelehnt(
            "verschlüsselt",
            "Der Eintrag ist mit einem Kennwort verschlüsselt und kann nicht gelesen werden. \
             Packen Sie das Archiv ohne Kennwort neu.",
        ),
        art => Urteil::Lesen(art),
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
/// that [`sicher`] can refuse it.
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
fn sicher(name: &str) -> bool {
    let drive = name.as_bytes().get(1) == Some(&b':');
    !(name.is_empty()
        || name.starts_with('/')
        || drive
        || name.contains('\0')
        || name.split('/').any(|part| part == ".."))
}

/// Which bound an entry ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grenze {
    /// The size of one file.
    Datei,
    /// What the whole archive may unpack.
    Archiv,
    /// The ratio of unpacked to packed size.
    Kompression,
}

/// The most bytes one entry may unpack to, and which limit sets it.
struct Schranke {
    bytes: u64,
    grenze: Grenze,
    packed: u64,
}

impl Schranke {
    fn new(limits: &Limits, budget: u64, packed: u64) -> Self {
        let ratio = packed
            .saturating_mul(limits.kompression)
            .max(limits.kompression_ab_bytes);
        let candidates = [
            (limits.datei_bytes, Grenze::Datei),
            (budget, Grenze::Archiv),
            (ratio, Grenze::Kompression),
        ];
        let (bytes, grenze) = candidates
            .into_iter()
            .min_by_key(|c| c.0)
            .unwrap_or((0, Grenze::Datei));
        Self {
            bytes,
            grenze,
            packed,
        }
    }

    /// The short reason and the message for an entry that ran into this bound.
    fn meldung(&self, erreicht: u64, limits: &Limits) -> (&'static str, String) {
        let size = if erreicht > self.bytes {
            format!("mindestens {}", limits::groesse(erreicht))
        } else {
            format!("mehr als {}", limits::groesse(self.bytes))
        };
        match self.grenze {
            Grenze::Datei => (
                "zu groß",
                format!(
                    "Der Eintrag ist entpackt {size} groß; erlaubt sind höchstens {} je Datei. Er \
                     wird nicht gelesen.",
                    limits::groesse(limits.datei_bytes)
                ),
            ),
            Grenze::Archiv => (
                "Archiv zu groß",
                format!(
                    "Das Zip-Archiv entpackt insgesamt mehr als {}; dieser Eintrag wird nicht mehr \
                     gelesen. Teilen Sie das Archiv auf.",
                    limits::groesse(limits.archiv_bytes)
                ),
            ),
            Grenze::Kompression => (
                "mögliche Zip-Bombe",
                format!(
                    "Der Eintrag ist mehr als {}-fach komprimiert ({size} aus {}) und wird als \
                     mögliche Zip-Bombe nicht gelesen. Legen Sie die Datei unverpackt ab.",
                    limits.kompression,
                    limits::groesse(self.packed)
                ),
            ),
        }
    }
}

/// Why an entry was not unpacked.
enum Entpackfehler {
    /// It would unpack past its bound: the declared size, or what was read (bound + 1).
    Grenze(u64),
    /// The zip reader failed: the message.
    Zip(String),
}

/// Unpacks entry `index` into memory, at most `schranke.bytes` bytes; a larger declared size
/// refuses it before anything is unpacked.
fn unpack(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    declared: u64,
    schranke: &Schranke,
) -> Result<Vec<u8>, Entpackfehler> {
    if declared > schranke.bytes {
        return Err(Entpackfehler::Grenze(declared));
    }
    let entry = zip
        .by_index(index)
        .map_err(|err| Entpackfehler::Zip(nicht_entpackbar(&err)))?;
    let mut bytes = Vec::new();
    entry
        .take(schranke.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| Entpackfehler::Zip(beschaedigt(&err)))?;
    match bytes.len() as u64 {
        n if n > schranke.bytes => Err(Entpackfehler::Grenze(n)),
        _ => Ok(bytes),
    }
}

fn beschaedigt(err: &dyn std::fmt::Display) -> String {
    format!(
        "Der Eintrag ist beschädigt und kann nicht entpackt werden ({err}). Packen Sie das \
         Archiv neu."
    )
}

fn nicht_entpackbar(err: &zip::result::ZipError) -> String {
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

    use super::super::fixtures::{TempDir, zip};
    use super::super::{Sources, collect};
    use crate::limits::Limits;
    use crate::report::{DateiStatus, ImportBericht};

    /// Collects a project whose only file is `ag/<name>` with these bytes.
    fn collect_one(name: &str, bytes: &[u8], limits: &Limits) -> (Sources, ImportBericht) {
        let dir = TempDir::new();
        dir.write(&format!("ag/{name}"), bytes);
        let mut bericht = ImportBericht::default();
        let sources = collect(dir.path(), limits, &mut bericht);
        (sources, bericht)
    }

    fn lines(bericht: &ImportBericht) -> Vec<(&str, DateiStatus, Option<&str>)> {
        bericht
            .dateien
            .iter()
            .map(|d| (d.datei.as_str(), d.status.clone(), d.grund.as_deref()))
            .collect()
    }

    fn paths(sources: &Sources) -> Vec<&str> {
        sources.dateien.iter().map(|s| s.pfad.as_str()).collect()
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
        let (sources, bericht) = collect_one("batch.zip", &bytes, &Limits::default());
        assert_eq!(
            lines(&bericht),
            vec![
                ("ag/batch.zip", DateiStatus::Gelesen, None),
                (
                    "ag/batch.zip › .DS_Store",
                    DateiStatus::Ignoriert,
                    Some("Ordnerinformation von macOS (.DS_Store)")
                ),
                (
                    "ag/batch.zip › SB/bild.png",
                    DateiStatus::Ignoriert,
                    Some(
                        format!(
                            "keine Tabellendatei (.png); gelesen werden {}",
                            super::names::GELESENE_FORMATE
                        )
                        .as_str()
                    )
                ),
                ("ag/batch.zip › SB/ziele.csv", DateiStatus::Gelesen, None),
                (
                    "ag/batch.zip › SB/~$ziele.xlsx",
                    DateiStatus::Ignoriert,
                    Some(
                        "Sperrdatei von Microsoft Office (~$…): entsteht, solange die Datei geöffnet ist"
                    )
                ),
                (
                    "ag/batch.zip › __MACOSX/",
                    DateiStatus::Ignoriert,
                    Some("Hilfsordner von macOS (__MACOSX), enthält keine Daten")
                ),
            ]
        );
        assert_eq!(paths(&sources), vec!["ag/batch.zip › SB/ziele.csv"]);
        assert_eq!(sources.dateien[0].bytes, b"Ziel;Prio");
        assert!(bericht.fehler.is_empty());
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
        let (sources, bericht) = collect_one("a.zip", &bytes, &Limits::default());
        assert_eq!(paths(&sources), vec!["ag/a.zip › gut.csv"]);
        let refused: Vec<(&str, Option<&str>)> = bericht
            .dateien
            .iter()
            .filter(|d| d.status == DateiStatus::Fehler)
            .map(|d| (d.datei.as_str(), d.grund.as_deref()))
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
        assert_eq!(bericht.fehler.len(), 5);
        assert_eq!(
            bericht.fehler[3].to_string(),
            "ag/a.zip › link.csv: Der Eintrag ist eine symbolische Verknüpfung und wird aus \
             Sicherheitsgründen nicht gelesen. Legen Sie die Datei selbst in das Archiv."
        );
    }

    #[test]
    fn encrypted_entries_are_refused() {
        let mut bytes = zip(&[("geheim.csv", b"a;b"), ("offen.csv", b"c;d")]);
        set_encrypted_flag(&mut bytes, 0);
        let (sources, bericht) = collect_one("a.zip", &bytes, &Limits::default());
        assert_eq!(paths(&sources), vec!["ag/a.zip › offen.csv"]);
        assert_eq!(
            bericht.fehler[0].to_string(),
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
        let (sources, bericht) = collect_one("outer.zip", &middle, &Limits::default());
        assert_eq!(paths(&sources), vec!["ag/outer.zip › SB/inner.zip › x.csv"]);
        assert!(bericht.fehler.is_empty());
        let (sources, bericht) = collect_one(
            "outer.zip",
            &middle,
            &Limits {
                archiv_tiefe: 1,
                ..Limits::default()
            },
        );
        assert!(sources.dateien.is_empty());
        assert_eq!(
            bericht.fehler[0].to_string(),
            "ag/outer.zip › SB/inner.zip: Das Zip-Archiv steckt in mehr als 1 ineinander \
             verschachtelten Archiven und wird nicht geöffnet. Entpacken Sie die äußeren Archive."
        );
    }

    #[test]
    fn a_zip_bomb_is_refused_by_its_ratio_before_unpacking() {
        let bytes = zip(&[("bombe.csv", &vec![0u8; 32 << 20])]);
        assert!(bytes.len() < 100_000);
        let started = std::time::Instant::now();
        let (sources, bericht) = collect_one("a.zip", &bytes, &Limits::default());
        assert!(started.elapsed().as_millis() < 500);
        assert!(sources.dateien.is_empty());
        assert_eq!(
            bericht.dateien[1].grund.as_deref(),
            Some("mögliche Zip-Bombe")
        );
        assert!(
            bericht.fehler[0].meldung.starts_with(
                "Der Eintrag ist mehr als 200-fach komprimiert (mindestens 32 MiB aus "
            ),
            "{}",
            bericht.fehler[0].meldung
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
        let (sources, bericht) = collect_one("a.zip", &bytes, &Limits::default());
        assert!(sources.dateien.is_empty());
        assert_eq!(
            bericht.dateien[1].grund.as_deref(),
            Some("nicht entpackbar")
        );
        assert!(
            bericht.fehler[0]
                .meldung
                .starts_with("Der Eintrag ist beschädigt"),
            "{}",
            bericht.fehler[0].meldung
        );
    }

    #[test]
    fn the_archive_budget_and_entry_count_are_limits() {
        let bytes = zip(&[("a.csv", &[b'a'; 600]), ("b.csv", &[b'b'; 600])]);
        let (sources, bericht) = collect_one(
            "a.zip",
            &bytes,
            &Limits {
                archiv_bytes: 1000,
                ..Limits::default()
            },
        );
        assert_eq!(paths(&sources), vec!["ag/a.zip › a.csv"]);
        assert_eq!(
            bericht.fehler[0].to_string(),
            "ag/a.zip › b.csv: Das Zip-Archiv entpackt insgesamt mehr als 1000 Byte; dieser \
             Eintrag wird nicht mehr gelesen. Teilen Sie das Archiv auf."
        );
        let (sources, bericht) = collect_one(
            "a.zip",
            &bytes,
            &Limits {
                archiv_eintraege: 1,
                ..Limits::default()
            },
        );
        assert!(sources.dateien.is_empty());
        assert_eq!(
            bericht.fehler[0].to_string(),
            "ag/a.zip: Das Zip-Archiv hat 2 Einträge, erlaubt sind höchstens 1 (verschachtelte \
             Archive mitgezählt). Teilen Sie es auf mehrere Archive auf."
        );
    }

    #[test]
    fn entries_of_nested_archives_count_towards_the_outer_archive() {
        let inner = zip(&[("a.csv", b"a"), ("b.csv", b"b"), ("c.csv", b"c")]);
        let outer = zip(&[("eins.zip", &inner), ("zwei.zip", &inner)]);
        let limits = Limits {
            archiv_eintraege: 6,
            ..Limits::default()
        };
        let (sources, bericht) = collect_one("a.zip", &outer, &limits);
        assert_eq!(
            paths(&sources),
            vec![
                "ag/a.zip › eins.zip › a.csv",
                "ag/a.zip › eins.zip › b.csv",
                "ag/a.zip › eins.zip › c.csv"
            ]
        );
        assert_eq!(bericht.fehler[0].ort.datei, "ag/a.zip › zwei.zip");
        assert_eq!(
            bericht.dateien.last().unwrap().grund.as_deref(),
            Some("zu viele Einträge")
        );
    }

    #[test]
    fn a_damaged_archive_is_an_error() {
        let (sources, bericht) = collect_one(
            "kaputt.zip",
            b"PK\x03\x04 nur ein Anfang",
            &Limits::default(),
        );
        assert!(sources.dateien.is_empty());
        assert_eq!(
            lines(&bericht),
            vec![(
                "ag/kaputt.zip",
                DateiStatus::Fehler,
                Some("kein gültiges Zip-Archiv")
            )]
        );
        assert!(
            bericht.fehler[0]
                .meldung
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
        let (sources, bericht) = collect_one("bombe.zip", &bytes, &Limits::default());
        let took = started.elapsed();
        println!(
            "zip bomb: {} packed, refused in {took:?}, peak RSS {} (includes the test's own buffers): {}",
            crate::limits::groesse(bytes.len() as u64),
            peak_rss(),
            bericht.fehler[0]
        );
        assert!(sources.dateien.is_empty());
        assert!(took.as_secs_f64() < 5.0);
        assert_eq!(bericht.dateien[1].grund.as_deref(), Some("zu groß"));
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
