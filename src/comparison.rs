//! Comparing the project with an earlier state of its concept — a `konzept.json` given by
//! path, or a state the project kept ([`crate::states`]) — as the change list and as the
//! Synopse for an Ergänzungsvorlage (`templates/synopse.typ`). What `diff` does, and what
//! the workplace calls; the Synopse PDF is made in memory.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::changes::synopse::{self, Synopse};
use crate::changes::{self, Changes};
use crate::clock::LocalTime;
use crate::date::Date;
use crate::documents::templates::SYNOPSE;
use crate::documents::world::SYNOPSE_JSON;
use crate::documents::{PdfDocument, TemplateDiagnostic};
use crate::limits::Limits;
use crate::model::Konzept;
use crate::package;
use crate::pipeline::{self, Failure};
use crate::project::{self, Project};
use crate::report::{Place, Problem};
use crate::states::{self, KeptState, StateList};

/// What the project is compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Against {
    /// The `konzept.json` of an earlier build, by path.
    File(PathBuf),
    /// The newest kept state whose concept differs from the project's now (the newest
    /// one, when none differs).
    Newest,
    /// The state that `diff --seit` names: its id, a Vorlage number or a date (see
    /// [`crate::states`]).
    Since(String),
    /// A kept state by its id, as [`states`] lists it.
    State(String),
}

/// The earlier state, as `diff --json` names it.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Earlier {
    /// Its Vorlage number, where it has one.
    #[serde(rename = "vorlage_nummer")]
    pub vorlage_number: Option<String>,
    /// Its Vorlage date, where it has one.
    #[serde(rename = "vorlage_datum")]
    pub vorlage_date: Option<Date>,
    /// For a kept state: its id.
    #[serde(rename = "stand", skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// For a kept state: when it was kept, `2026-12-06T22:15:01.123` (local time).
    #[serde(rename = "gesichert", skip_serializing_if = "Option::is_none")]
    pub kept_at: Option<String>,
    /// For a kept state: when it was kept.
    #[serde(skip)]
    pub(crate) kept: Option<LocalTime>,
    /// For a `konzept.json` given by path: that path.
    #[serde(rename = "datei", skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl Earlier {
    /// How a council text names it: `Vorlage FB 50/1234/08 vom 15.10.2008`, for a kept
    /// state followed by `(Stand vom 6.12.2026, 22:15 Uhr)` — never by a file name.
    pub fn name(&self) -> String {
        let vorlage = self.vorlage_text();
        match self.kept {
            Some(t) => format!(
                "{vorlage} (Stand vom {}.{}.{}, {:02}:{:02} Uhr)",
                t.day, t.month, t.year, t.hour, t.minute
            ),
            None => vorlage,
        }
    }

    /// Its Vorlage: `Vorlage FB 50/1234/08 vom 15.10.2008`.
    pub fn vorlage_text(&self) -> String {
        states::vorlage_text(self.vorlage_number.as_deref(), self.vorlage_date)
    }

    /// For a kept state, when it was kept as people read it: `6.12.2026, 22:15:01`.
    pub fn kept_at_text(&self) -> Option<String> {
        self.kept.map(LocalTime::text)
    }
}

/// The changes as `diff --json` prints them.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// The earlier state by its Vorlage number and date (and, for a kept state, when it was
    /// kept): what a council text calls it.
    #[serde(rename = "vergleich")]
    pub comparison: String,
    /// The earlier state in detail.
    #[serde(rename = "bisher")]
    pub earlier: Earlier,
    /// What a reader should know about the choice of the earlier state (none differs from
    /// the project now), if anything.
    #[serde(rename = "hinweis", skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// One sentence: how many goals and measures changed, or that none did.
    #[serde(rename = "zusammenfassung")]
    pub summary: String,
    /// The changes by AG.
    #[serde(flatten)]
    pub changes: Changes,
}

/// A comparison with what it was made from, for the Synopse.
#[derive(Debug)]
pub struct Compared {
    /// The changes.
    pub comparison: Comparison,
    /// Warnings of the import and about kept states passed over.
    pub warnings: Vec<Problem>,
    /// The project's concept now.
    konzept: Box<Konzept>,
    /// The earlier concept's AGs.
    old: Vec<crate::model::Arbeitsgruppe>,
}

/// Why a comparison stopped.
#[derive(Debug)]
pub enum DiffError {
    /// The earlier state cannot be used: the file cannot be read, or no kept state fits.
    Old(Problem),
    /// The project cannot be imported, or the Synopse failed to typeset.
    Build(Failure),
    /// The Synopse PDF cannot be written.
    Pdf(Problem),
    /// The command line asks for two things that exclude each other.
    Usage(Problem),
}

/// The kept states of the project, oldest first.
pub fn states(project: &Project) -> StateList {
    states::list(&project.root)
}

/// Compares the project with the kept state `state_id` (an id that [`states`] lists).
pub fn compare_with(
    project: &Project,
    limits: &Limits,
    state_id: &str,
) -> Result<Comparison, DiffError> {
    compare(project, limits, &Against::State(state_id.to_owned())).map(|c| c.comparison)
}

/// The Synopse between the kept state `state_id` and the project now, as PDF bytes.
pub fn synopse_pdf(
    project: &Project,
    limits: &Limits,
    state_id: &str,
) -> Result<Vec<u8>, DiffError> {
    let compared = compare(project, limits, &Against::State(state_id.to_owned()))?;
    let (document, _) = typeset_synopse(project, limits, &compared).map_err(DiffError::Build)?;
    Ok(document.pdf)
}

/// Compares the concept of `project` with the earlier state `against` names.
pub fn compare(
    project: &Project,
    limits: &Limits,
    against: &Against,
) -> Result<Compared, DiffError> {
    // An earlier state that cannot be had is said before the project is read.
    let mut passed_over = Vec::new();
    let source = match against {
        Against::File(path) => Source::File(path, changes::load(path).map_err(DiffError::Old)?),
        _ => {
            let list = states::list(&project.root);
            passed_over.extend(list.unreadable);
            if list.states.is_empty() {
                return Err(DiffError::Old(states::none_kept()));
            }
            Source::Kept(list.states)
        }
    };
    let import = project::ingest(project, limits);
    let Some(konzept) = import.buildable() else {
        return Err(DiffError::Build(Failure::Input(Box::new(import))));
    };
    let mut warnings = import.report.warnings.clone();
    warnings.append(&mut passed_over);
    let mut note = None;
    let (earlier, old) = match source {
        Source::File(path, loaded) => (
            Earlier {
                vorlage_number: loaded.vorlage_number,
                vorlage_date: loaded.vorlage_date,
                file: Some(path.display().to_string()),
                ..Earlier::default()
            },
            loaded.arbeitsgruppen,
        ),
        Source::Kept(list) => {
            let (state, bytes) = match against {
                Against::Since(wanted) => {
                    let state = states::find(&list, wanted, LocalTime::now().year)
                        .map_err(DiffError::Old)?;
                    (
                        state,
                        states::read(&project.root, state).map_err(DiffError::Old)?,
                    )
                }
                Against::State(id) => {
                    let state = list.iter().find(|s| s.id == *id).ok_or_else(|| {
                        DiffError::Old(Problem::general(format!(
                            "Einen gesicherten Stand „{id}“ gibt es nicht. Alle Stände zeigt \
                             `ratsvorlage diff --liste`."
                        )))
                    })?;
                    (
                        state,
                        states::read(&project.root, state).map_err(DiffError::Old)?,
                    )
                }
                Against::File(_) | Against::Newest => {
                    let (state, bytes, differs) =
                        newest_differing(project, konzept, &list, &mut warnings)?;
                    if !differs {
                        note = Some(
                            "Kein gesicherter Stand unterscheidet sich vom jetzigen Konzept; \
                             verglichen wird mit dem neuesten."
                                .to_owned(),
                        );
                    }
                    (state, bytes)
                }
            };
            let loaded = changes::parse(&bytes).map_err(|mut problem| {
                problem.place = Some(Place::file(
                    states::path_of(&project.root, state).display().to_string(),
                ));
                DiffError::Old(problem)
            })?;
            (earlier_of(state), loaded.arbeitsgruppen)
        }
    };
    let changes = changes::compare(&old, &konzept.arbeitsgruppen);
    Ok(Compared {
        comparison: Comparison {
            comparison: earlier.name(),
            earlier,
            note,
            summary: changes::text::summary(&changes),
            changes,
        },
        warnings,
        konzept: Box::new(konzept.clone()),
        old,
    })
}

/// Where the earlier state comes from.
enum Source<'a> {
    File(&'a PathBuf, changes::Earlier),
    Kept(Vec<KeptState>),
}

/// The newest kept state whose concept differs from `konzept` (compared as `konzept.json`
/// values), with its bytes; the newest one, and `false`, when none differs. States that
/// cannot be read are passed over with a warning.
fn newest_differing<'a>(
    project: &Project,
    konzept: &Konzept,
    list: &'a [KeptState],
    warnings: &mut Vec<Problem>,
) -> Result<(&'a KeptState, Vec<u8>, bool), DiffError> {
    let now: Option<serde_json::Value> = package::konzept_json(konzept)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    let mut newest = None;
    for state in list.iter().rev() {
        let bytes = match states::read(&project.root, state) {
            Ok(bytes) => bytes,
            Err(mut problem) => {
                problem.severity = crate::report::Severity::Warning;
                warnings.push(problem);
                continue;
            }
        };
        let same = now.as_ref().is_some_and(|now| {
            serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|v| v == *now)
        });
        if !same {
            return Ok((state, bytes, true));
        }
        newest.get_or_insert((state, bytes));
    }
    newest
        .map(|(state, bytes)| (state, bytes, false))
        .ok_or_else(|| DiffError::Old(states::none_kept()))
}

fn earlier_of(state: &KeptState) -> Earlier {
    Earlier {
        vorlage_number: state.vorlage_number.clone(),
        vorlage_date: state.vorlage_date,
        state: Some(state.id.clone()),
        kept_at: Some(state.kept_at_iso()),
        kept: Some(state.kept_at),
        file: None,
    }
}

/// What `templates/synopse.typ` reads as `/synopse.json`.
#[derive(Serialize)]
struct SynopseData<'a> {
    #[serde(rename = "vergleich")]
    comparison: &'a str,
    #[serde(rename = "bisher")]
    earlier: &'a Earlier,
    #[serde(rename = "zusammenfassung")]
    summary: &'a str,
    #[serde(flatten)]
    synopse: Synopse,
}

/// Typesets the Synopse of a comparison with `templates/synopse.typ`.
pub fn typeset_synopse(
    project: &Project,
    limits: &Limits,
    compared: &Compared,
) -> Result<(PdfDocument, Vec<TemplateDiagnostic>), Failure> {
    let data = SynopseData {
        comparison: &compared.comparison.comparison,
        earlier: &compared.comparison.earlier,
        summary: &compared.comparison.summary,
        synopse: synopse::synopse(&compared.old, &compared.konzept.arbeitsgruppen),
    };
    let mut typesetter = pipeline::new_typesetter(project, limits)?;
    typesetter
        .typeset_extra(&compared.konzept, SYNOPSE, "Synopse", (SYNOPSE_JSON, &data))
        .map_err(Failure::Template)
}

/// Writes `bytes` to `target`; the problem names the file.
pub(crate) fn write_pdf(target: &Path, bytes: &[u8]) -> Result<(), DiffError> {
    std::fs::write(target, bytes).map_err(|err| {
        DiffError::Pdf(
            Problem::error(
                Place::file(target.display().to_string()),
                format!(
                    "kann nicht geschrieben werden: {}.",
                    crate::report::io_reason(&err)
                ),
            )
            .with_detail(err.to_string()),
        )
    })
}
