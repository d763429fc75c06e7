//! The whole build: import, check, typeset both documents, write the package. Shared by
//! `build` and `watch` (which keeps its [`Typesetter`] and so the compiler's caches).

use std::time::{Duration, Instant};

use crate::documents::Typeset;
use crate::documents::diagnostics::TemplateError;
use crate::documents::typeset::Typesetter;
use crate::limits::Limits;
use crate::package::{self, Geschrieben, PackageError};
use crate::project::{self, Import, Project};
use crate::report::Meldung;

/// A successful build.
#[derive(Debug)]
pub struct Built {
    /// The import with its report (warnings included) and the concept.
    pub import: Import,
    /// Both documents and the template warnings.
    pub typeset: Typeset,
    /// What was written into the output folder.
    pub geschrieben: Geschrieben,
    /// Wall time of the whole build.
    pub dauer: Duration,
}

/// Why a build stopped; the output folder is as it was in every case.
#[derive(Debug)]
pub enum Failure {
    /// The input has errors (see the report).
    Input(Box<Import>),
    /// A template failed to compile.
    Template(TemplateError),
    /// The output could not be written.
    Output(PackageError),
}

/// The stages of a build, in order, as a progress display shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stufe {
    /// Sources → tables → concept model.
    Einlesen,
    /// Both documents (concurrently).
    Setzen,
    /// konzept.json, the PDFs and the package into the output folder.
    Schreiben,
}

impl Stufe {
    /// How many stages a build has.
    pub const ANZAHL: u64 = 3;

    /// The stage's number, from 0.
    pub fn nummer(self) -> u64 {
        self as u64
    }

    /// What the stage does, for the person waiting.
    pub fn text(self) -> &'static str {
        match self {
            Stufe::Einlesen => "Tabellen einlesen und prüfen",
            Stufe::Setzen => "Beschlussvorlage und Anlage setzen",
            Stufe::Schreiben => "PDFs, konzept.json und Paket schreiben",
        }
    }
}

/// Builds the project with a fresh typesetter, telling `fortschritt` when a stage starts.
pub fn build(
    project: &Project,
    limits: &Limits,
    fortschritt: &dyn Fn(Stufe),
) -> Result<Built, Failure> {
    let mut typesetter = new_typesetter(project, limits)?;
    rebuild(project, limits, &mut typesetter, fortschritt)
}

/// A typesetter for the project (fonts loaded once).
pub fn new_typesetter(project: &Project, limits: &Limits) -> Result<Typesetter, Failure> {
    Typesetter::new(project, limits)
        .map_err(|meldung| Failure::Input(Box::new(single_error(meldung))))
}

/// Builds the project reusing `typesetter` and its caches, telling `fortschritt` when a
/// stage starts.
pub fn rebuild(
    project: &Project,
    limits: &Limits,
    typesetter: &mut Typesetter,
    fortschritt: &dyn Fn(Stufe),
) -> Result<Built, Failure> {
    let started = Instant::now();
    fortschritt(Stufe::Einlesen);
    let import = project::import(project, limits);
    let (Some(konzept), Some(config)) = (import.buildable(), import.config.as_ref()) else {
        return Err(Failure::Input(Box::new(import)));
    };
    fortschritt(Stufe::Setzen);
    let typeset = typesetter.typeset(konzept).map_err(Failure::Template)?;
    fortschritt(Stufe::Schreiben);
    let geschrieben = package::write(
        &project.out,
        konzept,
        &typeset.documents,
        &config.oparl.basis_url,
    )
    .map_err(Failure::Output)?;
    Ok(Built {
        import,
        typeset,
        geschrieben,
        dauer: started.elapsed(),
    })
}

/// An import that failed before reading anything, with one error.
fn single_error(meldung: Meldung) -> Import {
    let mut import = Import {
        bericht: Default::default(),
        config: None,
        konzept: None,
    };
    import.bericht.fehler.push(meldung);
    import
}
