//! `ratsvorlage import`: AG spreadsheets mailed in as zip archives (or as single files) are
//! checked entry by entry as `check` would check them inside the project, and the good ones
//! are copied into `ag/` or `teilnehmende/` by what they contain. A different file of the
//! same name is only replaced with `--force`; an identical one is skipped.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use indicatif::ProgressBar;
use serde::Serialize;

use crate::limits::Limits;
use crate::model::{self, Config};
use crate::report::{DateiStatus, ImportBericht, Meldung, Schreibfehler};
use crate::sources::{self, Source, Sources, TRENNER};
use crate::tables::{self, TabellenArt};

/// What happened to one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ergebnis {
    /// Copied into the project (no file of that name was there).
    Uebernommen,
    /// Replaced a different file of the same name (`--force`).
    Ersetzt,
    /// The project holds an identical file already.
    Uebersprungen,
    /// Not copied: it has errors, holds no table, or would overwrite a different file.
    Abgelehnt,
    /// Junk (`__MACOSX/`, lock files, other kinds of file): not read.
    Ignoriert,
}

impl Ergebnis {
    fn wort(self) -> &'static str {
        match self {
            Self::Uebernommen => "Übernommen",
            Self::Ersetzt => "Ersetzt",
            Self::Uebersprungen => "Übersprungen",
            Self::Abgelehnt => "Abgelehnt",
            Self::Ignoriert => "Ignoriert",
        }
    }
}

/// One entry of an archive (or one file given alone) and what became of it.
#[derive(Clone, Debug, Serialize)]
pub struct Eintrag {
    /// `archiv.zip › pfad/datei.xlsx`.
    pub eintrag: String,
    /// What happened.
    pub ergebnis: Ergebnis,
    /// Where it went (or would have gone), relative to the project folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ziel: Option<String>,
    /// Why: errors for a refused entry, the reason for an ignored or skipped one, warnings
    /// for a copied one.
    pub gruende: Vec<String>,
}

/// The outcome of one `import` run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Einfuhr {
    /// Every entry, in the order of the archives and their entries.
    pub eintraege: Vec<Eintrag>,
}

impl Einfuhr {
    /// How many entries ended as `ergebnis`.
    pub fn anzahl(&self, ergebnis: Ergebnis) -> usize {
        self.eintraege
            .iter()
            .filter(|e| e.ergebnis == ergebnis)
            .count()
    }

    /// What `import --json` prints: every entry, and how many ended each way.
    pub fn json(&self) -> serde_json::Value {
        let anzahl = |e| self.anzahl(e);
        serde_json::json!({
            "eintraege": self.eintraege,
            "anzahl": {
                "uebernommen": anzahl(Ergebnis::Uebernommen),
                "ersetzt": anzahl(Ergebnis::Ersetzt),
                "uebersprungen": anzahl(Ergebnis::Uebersprungen),
                "abgelehnt": anzahl(Ergebnis::Abgelehnt),
                "ignoriert": anzahl(Ergebnis::Ignoriert),
            },
        })
    }

    /// Whether every entry that is not junk was copied or skipped.
    pub fn ok(&self) -> bool {
        self.anzahl(Ergebnis::Abgelehnt) == 0
    }
}

/// Imports `archive` into the project at `root`. The project's `konzept.toml` must be
/// readable (its Handlungsfelder decide the AGs); otherwise its errors are returned and
/// nothing is copied.
///
/// The entries of one run are checked together, placed where they would go: a measures file
/// may refer to goals in another file of the same archive. An entry with errors is taken
/// out and the rest checked again, until what remains has none; only that is written.
pub fn import(
    archive: &[PathBuf],
    root: &Path,
    force: bool,
    limits: &Limits,
    fortschritt: &ProgressBar,
) -> Result<Einfuhr, Vec<Meldung>> {
    let mut config_bericht = ImportBericht::default();
    let Some(config) = model::read_config(root, &mut config_bericht) else {
        return Err(config_bericht.fehler);
    };
    let projekt = Projektstand::new(root, &config, limits);
    let gesammelt: Vec<(ImportBericht, Sources)> = archive
        .iter()
        .map(|path| {
            let mut bericht = ImportBericht::default();
            let sources = sources::collect_file(path, limits, &mut bericht);
            (bericht, sources)
        })
        .collect();
    fortschritt.set_length(gesammelt.iter().map(|(b, _)| b.dateien.len() as u64).sum());
    let mut einfuhr = Einfuhr::default();
    let mut kandidaten: Vec<Kandidat> = Vec::new();
    for (bericht, sources) in &gesammelt {
        for datei in &bericht.dateien {
            fortschritt.set_message(datei.datei.clone());
            let source = sources.dateien.iter().find(|s| s.pfad == datei.datei);
            let eintrag = match (&datei.status, source) {
                (DateiStatus::Gelesen, Some(source)) => {
                    projekt.plan(source, force, &mut kandidaten, einfuhr.eintraege.len())
                }
                // An archive that was opened: its entries follow.
                (DateiStatus::Gelesen, None) => None,
                (DateiStatus::Ignoriert, _) => Some(Eintrag {
                    eintrag: datei.datei.clone(),
                    ergebnis: Ergebnis::Ignoriert,
                    ziel: None,
                    gruende: datei.grund.iter().cloned().collect(),
                }),
                (DateiStatus::Fehler, _) => Some(refused(
                    &datei.datei,
                    None,
                    messages_at(&bericht.fehler, &datei.datei),
                )),
            };
            einfuhr.eintraege.extend(eintrag);
            fortschritt.inc(1);
        }
    }
    fortschritt.set_message("Prüfung im Projekt");
    projekt.check_and_write(kandidaten, &mut einfuhr);
    fortschritt.finish_and_clear();
    Ok(einfuhr)
}

/// An entry fit to be copied, once the check in the project has passed.
struct Kandidat<'s> {
    source: &'s Source,
    ziel: String,
    /// A different file of that name is there (`--force`).
    ersetzt: bool,
    /// Its line in [`Einfuhr::eintraege`] (a placeholder until decided).
    zeile: usize,
}

/// The project: its folder, configuration and sources.
struct Projektstand<'a> {
    root: &'a Path,
    config: &'a Config,
    limits: &'a Limits,
    sources: Vec<Source>,
}

impl<'a> Projektstand<'a> {
    fn new(root: &'a Path, config: &'a Config, limits: &'a Limits) -> Self {
        let sources = sources::collect(root, limits, &mut ImportBericht::default()).dateien;
        Self {
            root,
            config,
            limits,
            sources,
        }
    }

    /// Decides where a readable entry goes: refused, skipped (the line is returned), or a
    /// candidate (pushed to `kandidaten`, with a placeholder line at `zeile`).
    fn plan<'s>(
        &self,
        source: &'s Source,
        force: bool,
        kandidaten: &mut Vec<Kandidat<'s>>,
        zeile: usize,
    ) -> Option<Eintrag> {
        let ordner = match self.folder_for(source) {
            Ok(ordner) => ordner,
            Err(gruende) => return Some(refused(&source.pfad, None, gruende)),
        };
        let ziel = format!("{ordner}/{}", file_name(&source.pfad));
        if let Some(frueher) = kandidaten.iter().find(|k| k.ziel == ziel) {
            let grund = format!(
                "{} in diesem Import heißt auch {ziel}; benennen Sie eine der Dateien um.",
                frueher.source.pfad
            );
            return Some(refused(&source.pfad, Some(ziel), vec![grund]));
        }
        let ersetzt = match std::fs::read(self.root.join(&ziel)) {
            Ok(vorhanden) if vorhanden == source.bytes => {
                return Some(Eintrag {
                    eintrag: source.pfad.clone(),
                    ergebnis: Ergebnis::Uebersprungen,
                    ziel: Some(ziel),
                    gruende: vec!["identisch mit der vorhandenen Datei".to_owned()],
                });
            }
            Ok(_) if !force => {
                let grund = format!(
                    "{ziel} gibt es schon mit anderem Inhalt; sie wird nur mit --force ersetzt. \
                     Prüfen Sie, welche Fassung gilt, oder benennen Sie eine der Dateien um."
                );
                return Some(refused(&source.pfad, Some(ziel), vec![grund]));
            }
            Ok(_) => true,
            Err(_) => false,
        };
        kandidaten.push(Kandidat {
            source,
            ziel: ziel.clone(),
            ersetzt,
            zeile,
        });
        Some(refused(&source.pfad, Some(ziel), Vec::new()))
    }

    /// Checks the candidates together inside the project, drops those with errors until the
    /// rest has none, writes the rest, and fills in their lines.
    fn check_and_write(&self, mut kandidaten: Vec<Kandidat<'_>>, einfuhr: &mut Einfuhr) {
        let warnungen = loop {
            let bericht = self.check_with(&kandidaten);
            let (schlecht, gut): (Vec<_>, Vec<_>) = kandidaten
                .into_iter()
                .partition(|k| bericht.fehler.iter().any(|m| m.ort.datei == k.ziel));
            kandidaten = gut;
            for k in &schlecht {
                einfuhr.eintraege[k.zeile].gruende = messages_at(&bericht.fehler, &k.ziel);
            }
            if schlecht.is_empty() {
                break bericht.warnungen;
            }
        };
        for k in kandidaten {
            let zeile = &mut einfuhr.eintraege[k.zeile];
            match write_file(&self.root.join(&k.ziel), &k.source.bytes) {
                Ok(()) => {
                    zeile.ergebnis = if k.ersetzt {
                        Ergebnis::Ersetzt
                    } else {
                        Ergebnis::Uebernommen
                    };
                    zeile.gruende = messages_at(&warnungen, &k.ziel);
                }
                Err(err) => {
                    let pfad = PathBuf::from(&k.ziel);
                    zeile.gruende = vec![Schreibfehler { pfad, err }.to_string()];
                }
            }
        }
    }

    /// `ag` for a file holding AG tables, `teilnehmende` for one holding attendance lists
    /// only; the entry's own errors (or that it holds no table) otherwise.
    fn folder_for(&self, source: &Source) -> Result<&'static str, Vec<String>> {
        let mut bericht = ImportBericht::default();
        let alone = Sources {
            dateien: vec![source.clone()],
        };
        let tables = tables::read(&alone, self.limits, self.referenzjahr(), &mut bericht);
        if !bericht.fehler.is_empty() {
            return Err(bericht.fehler.iter().map(ToString::to_string).collect());
        }
        if tables.tabellen.is_empty() {
            let grund = "enthält keine Tabelle: kein Blatt hat eine Kopfzeile mit bekannten \
                         Spaltennamen (z. B. „Ziel“, „Maßnahme“, „Organisation“). Eine leere \
                         Mappe mit den richtigen Spalten erzeugt `ratsvorlage vorlage-ag`.";
            let warnungen = bericht.warnungen.iter().map(ToString::to_string);
            return Err(std::iter::once(grund.to_owned()).chain(warnungen).collect());
        }
        let nur_teilnehmende = tables
            .tabellen
            .iter()
            .all(|t| t.art == TabellenArt::Teilnehmende);
        Ok(if nur_teilnehmende {
            "teilnehmende"
        } else {
            "ag"
        })
    }

    /// The report `check` would give with the candidates standing at their places.
    fn check_with(&self, kandidaten: &[Kandidat<'_>]) -> ImportBericht {
        let mut dateien: Vec<Source> = self
            .sources
            .iter()
            .filter(|s| kandidaten.iter().all(|k| k.ziel != s.pfad))
            .cloned()
            .collect();
        dateien.extend(kandidaten.iter().map(|k| Source {
            pfad: k.ziel.clone(),
            ..k.source.clone()
        }));
        let mut bericht = ImportBericht::default();
        let tables = tables::read(
            &Sources { dateien },
            self.limits,
            self.referenzjahr(),
            &mut bericht,
        );
        model::build(self.config, &tables, &mut bericht);
        bericht
    }

    fn referenzjahr(&self) -> i32 {
        self.config.vorlage.datum.jahr
    }
}

/// A refused entry.
fn refused(eintrag: &str, ziel: Option<String>, gruende: Vec<String>) -> Eintrag {
    Eintrag {
        eintrag: eintrag.to_owned(),
        ergebnis: Ergebnis::Abgelehnt,
        ziel,
        gruende,
    }
}

/// The messages about `datei` (any sheet or cell of it), as `place: message`.
fn messages_at(meldungen: &[Meldung], datei: &str) -> Vec<String> {
    meldungen
        .iter()
        .filter(|m| m.ort.datei == datei)
        .map(ToString::to_string)
        .collect()
}

/// The last component of a display path: `a.zip › AG 1/ziele.xlsx` → `ziele.xlsx`.
fn file_name(pfad: &str) -> &str {
    let innen = pfad.rsplit(TRENNER).next().unwrap_or(pfad);
    innen.rsplit('/').next().unwrap_or(innen)
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so that a
/// failed write never leaves half a workbook in the project.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut temp = path.as_os_str().to_owned();
    temp.push(".ratsvorlage-import");
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, bytes)
        .and_then(|()| std::fs::rename(&temp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}

/// The import as text: one line per entry (with its reasons indented below), then a summary.
/// `nur_abgelehnte`: only the refused entries (for `--quiet`).
pub fn text(einfuhr: &Einfuhr, nur_abgelehnte: bool) -> String {
    let mut out = String::new();
    for e in &einfuhr.eintraege {
        if nur_abgelehnte && e.ergebnis != Ergebnis::Abgelehnt {
            continue;
        }
        let ziel = match (&e.ziel, e.ergebnis) {
            (Some(ziel), Ergebnis::Uebernommen | Ergebnis::Ersetzt) => format!(" → {ziel}"),
            _ => String::new(),
        };
        let _ = writeln!(out, "{}: {}{ziel}", e.ergebnis.wort(), e.eintrag);
        for grund in &e.gruende {
            let _ = writeln!(out, "  {grund}");
        }
    }
    if !nur_abgelehnte {
        let _ = writeln!(
            out,
            "\n{} übernommen, {} ersetzt, {} übersprungen (identisch), {} abgelehnt, {} ignoriert.",
            einfuhr.anzahl(Ergebnis::Uebernommen),
            einfuhr.anzahl(Ergebnis::Ersetzt),
            einfuhr.anzahl(Ergebnis::Uebersprungen),
            einfuhr.anzahl(Ergebnis::Abgelehnt),
            einfuhr.anzahl(Ergebnis::Ignoriert),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_of_entries() {
        assert_eq!(file_name("a.zip › AG 1/ziele.xlsx"), "ziele.xlsx");
        assert_eq!(file_name("a.zip › b.zip › x.csv"), "x.csv");
        assert_eq!(file_name("liste.csv"), "liste.csv");
    }
}
