//! `ratsvorlage diff`: what changed in the concept since an earlier `konzept.json` — as
//! text, as JSON, and typeset as the change list of an Ergänzungsvorlage
//! (`templates/aenderungen.typ`).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::changes::{self, Changes};
use crate::commands::build;
use crate::documents::templates::CHANGES;
use crate::documents::world::CHANGES_JSON;
use crate::documents::{PdfDocument, TemplateDiagnostic};
use crate::limits::Limits;
use crate::pipeline::{self, Failure};
use crate::project::{self, Project};
use crate::report::{Place, Problem};

/// The changes as `diff --json` prints them and the change list template reads them.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// The earlier `konzept.json` as given.
    #[serde(rename = "vergleich")]
    pub comparison: String,
    /// One sentence: how many goals and measures changed, or that none did.
    #[serde(rename = "zusammenfassung")]
    pub summary: String,
    /// The changes by AG.
    #[serde(flatten)]
    #[serde(rename = "aenderungen")]
    pub changes: Changes,
}

/// A finished comparison: the changes, and the warnings of the import and the template.
#[derive(Debug)]
pub struct DiffOutcome {
    /// The changes.
    pub comparison: Comparison,
    /// Import warnings and template warnings, one line each, in German.
    pub warnings: Vec<String>,
    /// The change list PDF, when one was asked for: where it was written.
    pub pdf: Option<PathBuf>,
}

/// Why `diff` stopped.
#[derive(Debug)]
pub enum DiffError {
    /// The earlier `konzept.json` cannot be used.
    Old(Problem),
    /// The project cannot be imported, or the change list failed to typeset.
    Build(Failure),
    /// The change list PDF cannot be written.
    Pdf(Problem),
}

/// What `diff` is asked to do.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    /// The `konzept.json` of an earlier build.
    pub old: PathBuf,
    /// The project folder (default `input/`).
    pub project: Option<PathBuf>,
    /// Where to typeset the change list as PDF, if wanted.
    pub pdf: Option<PathBuf>,
}

/// Compares the concept of the project with the earlier `konzept.json`; with a PDF asked
/// for, typesets the change list into that file.
pub fn run(options: &DiffOptions, limits: &Limits) -> Result<DiffOutcome, DiffError> {
    let project = Project::locate(options.project.as_deref(), None);
    compare(&options.old, &project, limits, options.pdf.as_deref())
}

/// Compares the concept of `project` with the earlier `konzept.json` at `alt`; with `pdf`,
/// typesets the change list into that file.
fn compare(
    old: &Path,
    project: &Project,
    limits: &Limits,
    pdf: Option<&Path>,
) -> Result<DiffOutcome, DiffError> {
    let previous = changes::load(old).map_err(DiffError::Old)?;
    let import = project::ingest(project, limits);
    let Some(konzept) = import.buildable() else {
        return Err(DiffError::Build(Failure::Input(Box::new(import))));
    };
    let changes = changes::compare(&previous, &konzept.arbeitsgruppen);
    let comparison = Comparison {
        comparison: old.display().to_string(),
        summary: changes::text::summary(&changes),
        changes,
    };
    let mut warnings: Vec<String> = import
        .report
        .warnings
        .iter()
        .map(|problem| format!("Warnung: {problem}"))
        .collect();
    if let Some(target) = pdf {
        let (document, template_warnings) =
            typeset(project, limits, konzept, &comparison).map_err(DiffError::Build)?;
        warnings.extend(
            template_warnings
                .iter()
                .map(|w| format!("Warnung: {}", w.problem())),
        );
        std::fs::write(target, &document.pdf).map_err(|err| {
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
        })?;
    }
    Ok(DiffOutcome {
        comparison,
        warnings,
        pdf: pdf.map(Path::to_path_buf),
    })
}

/// Typesets the change list with `templates/aenderungen.typ`.
fn typeset(
    project: &Project,
    limits: &Limits,
    konzept: &crate::model::Konzept,
    comparison: &Comparison,
) -> Result<(PdfDocument, Vec<TemplateDiagnostic>), Failure> {
    let mut typesetter = pipeline::new_typesetter(project, limits)?;
    typesetter
        .typeset_extra(
            konzept,
            CHANGES,
            "Änderungsliste",
            (CHANGES_JSON, comparison),
        )
        .map_err(Failure::Template)
}

/// What `diff` prints: warnings, the change list, and where the PDF went.
pub fn text(outcome: &DiffOutcome) -> String {
    let mut out = String::new();
    for warning in &outcome.warnings {
        let _ = writeln!(out, "{warning}");
    }
    let _ = writeln!(out, "Vergleich mit {}:", outcome.comparison.comparison);
    out.push_str(&changes::text::render(&outcome.comparison.changes));
    if let Some(pdf) = &outcome.pdf {
        let _ = writeln!(out, "Änderungsliste geschrieben: {}", pdf.display());
    }
    out
}

/// Why `diff` stopped, in German.
pub fn error_text(error: &DiffError) -> String {
    match error {
        DiffError::Old(problem) | DiffError::Pdf(problem) => format!("{problem}\n"),
        DiffError::Build(failure) => build::reason(failure),
    }
}
