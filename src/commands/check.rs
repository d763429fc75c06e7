//! `ratsvorlage check`: import and validate only, and the import report as text or JSON.

use std::path::PathBuf;

use serde::Serialize;

use crate::limits::Limits;
use crate::model::Kennzahlen;
use crate::project::{self, Ingested, Project};
use crate::report::{FileReport, Problem, text};

/// What `check` is asked to do.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// The project folder (default `input/`).
    pub project: Option<PathBuf>,
}

/// Reads the project through the first three stages; writes nothing.
pub fn run(options: &CheckOptions, limits: &Limits) -> Ingested {
    let project = Project::locate(options.project.as_deref(), None);
    project::ingest(&project, limits)
}

/// What `check --json` prints: the import report and the figures.
#[derive(Debug, Serialize)]
pub struct CheckJson<'a> {
    /// Every file read, with its sheets and unused rows.
    #[serde(rename = "dateien")]
    pub files: &'a [FileReport],
    /// Errors, each with its place.
    #[serde(rename = "fehler")]
    pub errors: &'a [Problem],
    /// Warnings, each with its place.
    #[serde(rename = "warnungen")]
    pub warnings: &'a [Problem],
    /// The figures, when `konzept.toml` could be read.
    pub kennzahlen: Option<&'a Kennzahlen>,
}

/// The outcome of `check` for `--json`.
pub fn json(import: &Ingested) -> CheckJson<'_> {
    CheckJson {
        files: &import.report.files,
        errors: &import.report.errors,
        warnings: &import.report.warnings,
        kennzahlen: import.konzept.as_ref().map(|k| &k.kennzahlen),
    }
}

/// The import report as text, with the figures.
pub fn text(import: &Ingested) -> String {
    let figures = import.konzept.as_ref().map(|k| k.kennzahlen.summary());
    text::render(&import.report, figures.as_deref())
}
