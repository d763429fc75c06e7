//! The whole build: read the input (ingest), check, typeset both documents, write the package. Shared by
//! `build` and `watch` (which keeps its [`Typesetter`] and so the compiler's caches). A build
//! whose concept differs from the newest kept state keeps its `konzept.json` as a new one
//! ([`crate::states`]).

use std::time::{Duration, Instant};

use crate::documents::Typeset;
use crate::documents::diagnostics::TemplateError;
use crate::documents::typeset::Typesetter;
use crate::limits::Limits;
use crate::model::Konzept;
use crate::package::{self, PackageError, Written};
use crate::project::{self, Ingested, Project};
use crate::report::Problem;
use crate::states::{self, KeptState};

/// A successful build.
#[derive(Debug)]
pub struct Built {
    /// The ingested input with its report (warnings included) and the concept.
    pub ingested: Ingested,
    /// Both documents and the template warnings.
    pub typeset: Typeset,
    /// What was written into the output folder; its notes include a state that could not
    /// be kept.
    pub written: Written,
    /// The state of the concept this build kept, when it differed from the newest kept one.
    pub kept: Option<KeptState>,
    /// Wall time of the whole build.
    pub duration: Duration,
}

/// Why a build stopped; the output folder is as it was in every case.
#[derive(Debug)]
pub enum Failure {
    /// The input has errors (see the report).
    Input(Box<Ingested>),
    /// A template failed to compile.
    Template(TemplateError),
    /// The output could not be written.
    Output(PackageError),
}

impl Failure {
    /// Everything the user is told about the failure, errors first: the input's errors and
    /// warnings, the templates' diagnostics, or the output problem.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            Failure::Input(import) => import
                .report
                .errors
                .iter()
                .chain(&import.report.warnings)
                .cloned()
                .collect(),
            Failure::Template(error) => error.problems(),
            Failure::Output(error) => vec![error.problem()],
        }
    }
}

/// The stages of a build, in order, as a progress display shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Sources → tables → concept model.
    Read,
    /// Both documents (concurrently).
    Typeset,
    /// konzept.json, the PDFs and the package into the output folder.
    Write,
}

impl Stage {
    /// How many stages a build has.
    pub const COUNT: u64 = 3;

    /// The stage's number, from 0.
    pub fn number(self) -> u64 {
        self as u64
    }

    /// What the stage does, for the person waiting.
    pub fn text(self) -> &'static str {
        match self {
            Stage::Read => "Tabellen einlesen und prüfen",
            Stage::Typeset => "Beschlussvorlage und Anlage setzen",
            Stage::Write => "PDFs, konzept.json und Paket schreiben",
        }
    }
}

/// Builds the project with a fresh typesetter, telling `fortschritt` when a stage starts.
pub fn build(
    project: &Project,
    limits: &Limits,
    progress: &dyn Fn(Stage),
) -> Result<Built, Failure> {
    let mut typesetter = new_typesetter(project, limits)?.for_one_build();
    rebuild(project, limits, &mut typesetter, progress)
}

/// A typesetter for the project (fonts loaded once).
pub fn new_typesetter(project: &Project, limits: &Limits) -> Result<Typesetter, Failure> {
    Typesetter::new(project, limits)
        .map_err(|message| Failure::Input(Box::new(single_error(message))))
}

/// Builds the project reusing `typesetter` and its caches, telling `fortschritt` when a
/// stage starts.
pub fn rebuild(
    project: &Project,
    limits: &Limits,
    typesetter: &mut Typesetter,
    progress: &dyn Fn(Stage),
) -> Result<Built, Failure> {
    let started = Instant::now();
    progress(Stage::Read);
    let import = project::ingest(project, limits);
    let (Some(konzept), Some(config)) = (import.buildable(), import.config.as_ref()) else {
        return Err(Failure::Input(Box::new(import)));
    };
    progress(Stage::Typeset);
    // The package stage names the files it writes; the documents carry those names.
    let names = package::names::document_names(konzept);
    let typeset = typesetter
        .typeset(konzept, &names)
        .map_err(Failure::Template)?;
    progress(Stage::Write);
    let mut written = package::write(
        &project.out,
        konzept,
        &typeset.documents,
        &config.oparl.base_url,
    )
    .map_err(Failure::Output)?;
    let kept = keep_state(project, konzept, &mut written.notes);
    Ok(Built {
        ingested: import,
        typeset,
        written,
        kept,
        duration: started.elapsed(),
    })
}

/// Keeps the concept as a new state when it differs from the newest kept one. The output
/// is complete by now, so a state that cannot be kept fails nothing: it is a note.
fn keep_state(project: &Project, konzept: &Konzept, notes: &mut Vec<String>) -> Option<KeptState> {
    let kept = package::konzept_json(konzept)
        .map_err(|err| std::io::Error::other(err.problem().message))
        .and_then(|bytes| states::keep(&project.root, &bytes));
    match kept {
        Ok(kept) => kept,
        Err(err) => {
            notes.push(format!(
                "Der Stand des Konzepts kann nicht in {} gesichert werden: {}. Die Ausgabe ist \
                 vollständig; `ratsvorlage diff` kennt diesen Stand aber nicht (Technische \
                 Angabe: {err}).",
                project.root.join(states::FOLDER).display(),
                crate::report::io_reason(&err),
            ));
            None
        }
    }
}

/// An ingest that failed before reading anything, with one error.
fn single_error(message: Problem) -> Ingested {
    let mut import = Ingested {
        report: Default::default(),
        config: None,
        konzept: None,
        trace: Default::default(),
        ag_files: Default::default(),
    };
    import.report.errors.push(message);
    import
}
