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

/// Opens the archive `pfad` (nesting depth `tiefe`, 1 for a file of the project folder) and
/// collects its entries. `budget` is what the outermost archive may still unpack.
pub fn open(pfad: &str, bytes: &[u8], tiefe: usize, budget: &mut u64, sammlung: &mut Sammlung<'_>) {
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
    if zip.len() > sammlung.limits.archiv_eintraege {
        sammlung.fehler(
            Ort::datei(pfad),
            "zu viele Einträge",
            format!(
                "Das Zip-Archiv hat {} Einträge, erlaubt sind höchstens {}. Teilen Sie es auf \
                 mehrere Archive auf.",
                limits::anzahl(zip.len() as u64),
                limits::anzahl(sammlung.limits.archiv_eintraege as u64)
            ),
        );
        return;
    }
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
        budget: &mut u64,
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
        let schranke = Schranke::new(sammlung.limits, *budget, packed);
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
        *budget = budget.saturating_sub(bytes.len() as u64);
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
