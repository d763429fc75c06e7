//! What comes into a project from outside — zip archives and single table files, by
//! `import` or through the workplace: each entry checked as `check` would check it inside
//! the project, the good ones placed into `ag/` or `teilnehmende/` whole or not at all, and
//! every file they replace kept in the project's history first ([`history`]).

mod atomic;
pub(crate) mod history;

pub(crate) use atomic::write_file;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::limits::Limits;
use crate::model::{self, Config};
use crate::report::{FileStatus, IngestReport, Problem, WriteError};
use crate::sources::{self, ARCHIVE_SEPARATOR, Source, Sources};
use crate::tables::{self, TableKind};

/// What happened to one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryOutcome {
    /// Copied into the project (no file of that name was there).
    #[serde(rename = "uebernommen")]
    Copied,
    /// Replaced a different file of the same name (`--force`).
    #[serde(rename = "ersetzt")]
    Replaced,
    /// The project holds an identical file already.
    #[serde(rename = "uebersprungen")]
    Skipped,
    /// Not copied: it has errors, holds no table, or would overwrite a different file.
    #[serde(rename = "abgelehnt")]
    Refused,
    /// Junk (`__MACOSX/`, lock files, other kinds of file): not read.
    #[serde(rename = "ignoriert")]
    Ignored,
}

impl EntryOutcome {
    /// The word a person reads: `Übernommen`, `Abgelehnt`, ….
    pub fn word(self) -> &'static str {
        match self {
            Self::Copied => "Übernommen",
            Self::Replaced => "Ersetzt",
            Self::Skipped => "Übersprungen",
            Self::Refused => "Abgelehnt",
            Self::Ignored => "Ignoriert",
        }
    }
}

/// One entry of an archive (or one file given alone) and what became of it.
#[derive(Clone, Debug, Serialize)]
pub struct ImportEntry {
    /// `archiv.zip › pfad/datei.xlsx`.
    #[serde(rename = "eintrag")]
    pub entry: String,
    /// What happened.
    #[serde(rename = "ergebnis")]
    pub outcome: EntryOutcome,
    /// Where it went (or would have gone), relative to the project folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "ziel")]
    pub target: Option<String>,
    /// Why: errors for a refused entry, the reason for an ignored or skipped one, warnings
    /// for a copied one.
    #[serde(rename = "gruende")]
    pub reasons: Vec<String>,
    /// For a replaced entry: where the file it replaced is kept, relative to the project
    /// folder (`.ratsvorlage/verlauf/<Zeitpunkt>/ag/…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "verlauf")]
    pub kept: Option<String>,
}

/// The outcome of one `import` run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ImportRun {
    /// Every entry, in the order of the archives and their entries.
    #[serde(rename = "eintraege")]
    pub entries: Vec<ImportEntry>,
}

impl ImportRun {
    /// How many entries ended as `ergebnis`.
    pub fn count(&self, outcome: EntryOutcome) -> usize {
        self.entries.iter().filter(|e| e.outcome == outcome).count()
    }

    /// What `import --json` prints: every entry, and how many ended each way.
    pub fn json(&self) -> serde_json::Value {
        let count = |e| self.count(e);
        serde_json::json!({
            "eintraege": self.entries,
            "anzahl": {
                "uebernommen": count(EntryOutcome::Copied),
                "ersetzt": count(EntryOutcome::Replaced),
                "uebersprungen": count(EntryOutcome::Skipped),
                "abgelehnt": count(EntryOutcome::Refused),
                "ignoriert": count(EntryOutcome::Ignored),
            },
        })
    }

    /// One sentence: how many entries ended each way.
    pub fn summary(&self) -> String {
        format!(
            "{} übernommen, {} ersetzt, {} übersprungen (identisch), {} abgelehnt, {} ignoriert.",
            self.count(EntryOutcome::Copied),
            self.count(EntryOutcome::Replaced),
            self.count(EntryOutcome::Skipped),
            self.count(EntryOutcome::Refused),
            self.count(EntryOutcome::Ignored),
        )
    }

    /// Whether every entry that is not junk was copied or skipped.
    pub fn ok(&self) -> bool {
        self.count(EntryOutcome::Refused) == 0
    }
}

/// How far an import has come, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportProgress<'a> {
    /// The archives are read: this many entries follow.
    Entries(u64),
    /// This entry is being placed.
    Entry(&'a str),
    /// The entry just named is done.
    EntryDone,
    /// The entries are being checked together inside the project.
    CheckInProject,
}

/// Imports `archive` into the project at `root`. The project's `konzept.toml` must be
/// readable (its Handlungsfelder decide the AGs); otherwise its errors are returned and
/// nothing is copied.
///
/// The entries of one run are checked together, placed where they would go: a measures file
/// may refer to goals in another file of the same archive. An entry with errors is taken
/// out and the rest checked again, until what remains has none; only that is written.
pub(crate) fn import(
    archive: &[PathBuf],
    root: &Path,
    force: bool,
    limits: &Limits,
    progress: &mut dyn FnMut(ImportProgress<'_>),
) -> Result<ImportRun, Vec<Problem>> {
    let mut config_report = IngestReport::default();
    let Some(config) = model::read_config(root, &mut config_report) else {
        return Err(config_report.errors);
    };
    let project = ProjectState::new(root, &config, limits);
    let collected: Vec<(IngestReport, Sources)> = archive
        .iter()
        .map(|path| {
            let mut report = IngestReport::default();
            let sources = sources::collect_file(path, limits, &mut report);
            (report, sources)
        })
        .collect();
    progress(ImportProgress::Entries(
        collected.iter().map(|(b, _)| b.files.len() as u64).sum(),
    ));
    let mut import_run = ImportRun::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (report, sources) in &collected {
        for file in &report.files {
            progress(ImportProgress::Entry(&file.file));
            let source = sources.files.iter().find(|s| s.path == file.file);
            let entry = match (&file.status, source) {
                (FileStatus::Read, Some(source)) => {
                    project.plan(source, force, &mut candidates, import_run.entries.len())
                }
                // An archive that was opened: its entries follow.
                (FileStatus::Read, None) => None,
                (FileStatus::Ignored, _) => Some(ImportEntry {
                    entry: file.file.clone(),
                    outcome: EntryOutcome::Ignored,
                    target: None,
                    reasons: file.reason.iter().cloned().collect(),
                    kept: None,
                }),
                (FileStatus::Error, _) => Some(refused(
                    &file.file,
                    None,
                    messages_at(&report.errors, &file.file),
                )),
            };
            import_run.entries.extend(entry);
            progress(ImportProgress::EntryDone);
        }
    }
    progress(ImportProgress::CheckInProject);
    project.check_and_write(candidates, &mut import_run);
    Ok(import_run)
}

/// An entry fit to be copied, once the check in the project has passed.
struct Candidate<'s> {
    source: &'s Source,
    target: String,
    /// A different file of that name is there (`--force`).
    replaces: bool,
    /// Its line in [`ImportRun::entries`] (a placeholder until decided).
    line: usize,
}

/// The project: its folder, configuration and sources.
struct ProjectState<'a> {
    root: &'a Path,
    config: &'a Config,
    limits: &'a Limits,
    sources: Vec<Source>,
}

impl<'a> ProjectState<'a> {
    fn new(root: &'a Path, config: &'a Config, limits: &'a Limits) -> Self {
        let sources = sources::collect(root, limits, &mut IngestReport::default()).files;
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
        candidates: &mut Vec<Candidate<'s>>,
        line: usize,
    ) -> Option<ImportEntry> {
        let folder = match self.folder_for(source) {
            Ok(folder) => folder,
            Err(reasons) => return Some(refused(&source.path, None, reasons)),
        };
        let target = format!("{folder}/{}", file_name(&source.path));
        if let Some(earlier) = candidates.iter().find(|k| k.target == target) {
            let reason = format!(
                "{} in diesem Import heißt auch {target}; benennen Sie eine der Dateien um.",
                earlier.source.path
            );
            return Some(refused(&source.path, Some(target), vec![reason]));
        }
        let replaces = match std::fs::read(self.root.join(&target)) {
            Ok(existing) if existing == source.bytes => {
                return Some(ImportEntry {
                    entry: source.path.clone(),
                    outcome: EntryOutcome::Skipped,
                    target: Some(target),
                    reasons: vec!["identisch mit der vorhandenen Datei".to_owned()],
                    kept: None,
                });
            }
            Ok(_) if !force => {
                let reason = format!(
                    "{target} gibt es schon mit anderem Inhalt; sie wird nur mit --force ersetzt. \
                     Prüfen Sie, welche Fassung gilt, oder benennen Sie eine der Dateien um."
                );
                return Some(refused(&source.path, Some(target), vec![reason]));
            }
            Ok(_) => true,
            Err(_) => false,
        };
        candidates.push(Candidate {
            source,
            target: target.clone(),
            replaces,
            line,
        });
        Some(refused(&source.path, Some(target), Vec::new()))
    }

    /// Checks the candidates together inside the project, drops those with errors until the
    /// rest has none, writes the rest, and fills in their lines.
    fn check_and_write(&self, mut candidates: Vec<Candidate<'_>>, import_run: &mut ImportRun) {
        let warnings = loop {
            let report = self.check_with(&candidates);
            let (bad, good): (Vec<_>, Vec<_>) = candidates
                .into_iter()
                .partition(|k| report.errors.iter().any(|m| m.is_in(&k.target)));
            candidates = good;
            for k in &bad {
                import_run.entries[k.line].reasons = messages_at(&report.errors, &k.target);
            }
            if bad.is_empty() {
                break report.warnings;
            }
        };
        for k in candidates {
            let line = &mut import_run.entries[k.line];
            if k.replaces {
                match history::keep(self.root, &k.target) {
                    Ok(kept) => {
                        line.kept = kept.map(|kept| format!("{}/{}", history::FOLDER, kept.id));
                    }
                    Err(_) => {
                        line.reasons = vec![format!(
                            "{}: die bisherige Fassung lässt sich nicht im Verlauf ({}) sichern, \
                             darum wurde sie nicht ersetzt. Prüfen Sie, ob der Projektordner \
                             beschreibbar ist.",
                            k.target,
                            history::FOLDER
                        )];
                        continue;
                    }
                }
            }
            match write_file(&self.root.join(&k.target), &k.source.bytes) {
                Ok(()) => {
                    line.outcome = if k.replaces {
                        EntryOutcome::Replaced
                    } else {
                        EntryOutcome::Copied
                    };
                    line.reasons = messages_at(&warnings, &k.target);
                }
                Err(err) => {
                    let path = PathBuf::from(&k.target);
                    line.reasons = vec![WriteError { path, err }.to_string()];
                }
            }
        }
    }

    /// `ag` for a file holding AG tables, `teilnehmende` for one holding attendance lists
    /// only; the entry's own errors (or that it holds no table) otherwise.
    fn folder_for(&self, source: &Source) -> Result<&'static str, Vec<String>> {
        let mut report = IngestReport::default();
        let alone = Sources {
            files: vec![source.clone()],
        };
        let tables = tables::read(&alone, self.limits, self.referenzjahr(), &mut report);
        if !report.errors.is_empty() {
            return Err(report.errors.iter().map(ToString::to_string).collect());
        }
        if tables.tables.is_empty() {
            let reason = "enthält keine Tabelle: kein Blatt hat eine Kopfzeile mit bekannten \
                         Spaltennamen (z. B. „Ziel“, „Maßnahme“, „Organisation“). Eine leere \
                         Mappe mit den richtigen Spalten erzeugt `ratsvorlage vorlage-ag`.";
            let warnings = report.warnings.iter().map(ToString::to_string);
            return Err(std::iter::once(reason.to_owned()).chain(warnings).collect());
        }
        let only_teilnehmende = tables
            .tables
            .iter()
            .all(|t| t.kind == TableKind::Teilnehmende);
        Ok(if only_teilnehmende {
            "teilnehmende"
        } else {
            "ag"
        })
    }

    /// The report `check` would give with the candidates standing at their places.
    fn check_with(&self, candidates: &[Candidate<'_>]) -> IngestReport {
        let mut files: Vec<Source> = self
            .sources
            .iter()
            .filter(|s| candidates.iter().all(|k| k.target != s.path))
            .cloned()
            .collect();
        files.extend(candidates.iter().map(|k| Source {
            path: k.target.clone(),
            ..k.source.clone()
        }));
        let mut report = IngestReport::default();
        let tables = tables::read(
            &Sources { files },
            self.limits,
            self.referenzjahr(),
            &mut report,
        );
        model::build(self.config, &tables, &mut report);
        report
    }

    fn referenzjahr(&self) -> i32 {
        self.config.vorlage.date.year
    }
}

/// A refused entry.
fn refused(entry: &str, target: Option<String>, reasons: Vec<String>) -> ImportEntry {
    ImportEntry {
        entry: entry.to_owned(),
        outcome: EntryOutcome::Refused,
        target,
        reasons,
        kept: None,
    }
}

/// The messages about `datei` (any sheet or cell of it), as `place: message`.
fn messages_at(messages: &[Problem], file: &str) -> Vec<String> {
    messages
        .iter()
        .filter(|m| m.is_in(file))
        .map(ToString::to_string)
        .collect()
}

/// The last component of a display path: `a.zip › AG 1/ziele.xlsx` → `ziele.xlsx`.
fn file_name(path: &str) -> &str {
    let inner = path.rsplit(ARCHIVE_SEPARATOR).next().unwrap_or(path);
    inner.rsplit('/').next().unwrap_or(inner)
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
