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
use crate::project::Project;
use crate::report::{DateiStatus, ImportBericht, Meldung, io_grund};
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

    /// Whether every entry that is not junk was copied or skipped.
    pub fn ok(&self) -> bool {
        self.anzahl(Ergebnis::Abgelehnt) == 0
    }
}

/// Imports `archive` into the project at `root`. The project's `konzept.toml` must be
/// readable (its Handlungsfelder decide the AGs); otherwise its errors are returned and
/// nothing is copied.
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
    let mut projekt = Projektstand::new(root, &config, limits);
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
    for (bericht, sources) in gesammelt {
        for datei in &bericht.dateien {
            fortschritt.set_message(datei.datei.clone());
            let source = sources.dateien.iter().find(|s| s.pfad == datei.datei);
            let eintrag = match (&datei.status, source) {
                (DateiStatus::Gelesen, Some(source)) => Some(projekt.take(source, force)),
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
    fortschritt.finish_and_clear();
    Ok(einfuhr)
}

/// The project as the import goes on: its configuration and its sources, with every entry
/// copied so far.
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

    /// Checks one readable entry and copies it when it is good.
    fn take(&mut self, source: &Source, force: bool) -> Eintrag {
        let ordner = match self.folder_for(source) {
            Ok(ordner) => ordner,
            Err(gruende) => return refused(&source.pfad, None, gruende),
        };
        let ziel = format!("{ordner}/{}", file_name(&source.pfad));
        let path = self.root.join(&ziel);
        let ersetzt = match std::fs::read(&path) {
            Ok(vorhanden) if vorhanden == source.bytes => {
                return Eintrag {
                    eintrag: source.pfad.clone(),
                    ergebnis: Ergebnis::Uebersprungen,
                    ziel: Some(ziel),
                    gruende: vec!["identisch mit der vorhandenen Datei".to_owned()],
                };
            }
            Ok(_) if !force => {
                let grund = format!(
                    "{ziel} gibt es schon mit anderem Inhalt; sie wird nur mit --force ersetzt. \
                     Prüfen Sie, welche Fassung gilt, oder benennen Sie eine der Dateien um."
                );
                return refused(&source.pfad, Some(ziel), vec![grund]);
            }
            Ok(_) => true,
            Err(_) => false,
        };
        let (fehler, warnungen) = self.check_as(source, &ziel);
        if !fehler.is_empty() {
            return refused(&source.pfad, Some(ziel), fehler);
        }
        if let Err(err) = write_file(&path, &source.bytes) {
            let grund = format!("{ziel} kann nicht geschrieben werden: {}.", io_grund(&err));
            return refused(&source.pfad, Some(ziel), vec![grund]);
        }
        self.sources.retain(|s| s.pfad != ziel);
        self.sources.push(Source {
            pfad: ziel.clone(),
            ..source.clone()
        });
        Eintrag {
            eintrag: source.pfad.clone(),
            ergebnis: if ersetzt {
                Ergebnis::Ersetzt
            } else {
                Ergebnis::Uebernommen
            },
            ziel: Some(ziel),
            gruende: warnungen,
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
            return Err(vec![
                "enthält keine Tabelle: kein Blatt hat eine Kopfzeile mit bekannten \
                 Spaltennamen (z. B. „Ziel“, „Maßnahme“, „Organisation“). Eine leere Mappe \
                 mit den richtigen Spalten erzeugt `ratsvorlage vorlage-ag`."
                    .to_owned(),
            ]);
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

    /// The errors and warnings `check` would report at `ziel` if the entry stood there.
    fn check_as(&self, source: &Source, ziel: &str) -> (Vec<String>, Vec<String>) {
        let mut dateien: Vec<Source> = self
            .sources
            .iter()
            .filter(|s| s.pfad != ziel)
            .cloned()
            .collect();
        dateien.push(Source {
            pfad: ziel.to_owned(),
            ..source.clone()
        });
        let mut bericht = ImportBericht::default();
        let tables = tables::read(
            &Sources { dateien },
            self.limits,
            self.referenzjahr(),
            &mut bericht,
        );
        model::build(self.config, &tables, &mut bericht);
        (
            messages_at(&bericht.fehler, ziel),
            messages_at(&bericht.warnungen, ziel),
        )
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
