//! `ratsvorlage build`: the whole pipeline into the output folder, and what it tells the
//! person at the terminal (the short summary of a build, or why it stopped) or a program
//! (`--json`).

use std::fmt::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::documents::TemplateDiagnostic;
use crate::german;
use crate::limits::Limits;
use crate::model::Kennzahlen;
use crate::pipeline::{self, Built, Failure, Stage};
use crate::project::Project;
use crate::report::{Problem, Severity};

/// What `build` is asked to do.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The project folder (default `input/`).
    pub project: Option<PathBuf>,
    /// The output folder (default `output/` beside the project folder).
    pub out: Option<PathBuf>,
}

/// Builds the project, telling `progress` when each stage starts.
pub fn run(
    options: &BuildOptions,
    limits: &Limits,
    progress: &dyn Fn(Stage),
) -> Result<Built, Failure> {
    let project = Project::locate(options.project.as_deref(), options.out.as_deref());
    pipeline::build(&project, limits, progress)
}

/// The summary of a successful build: warnings, what was read, what was written, the time.
pub fn built(built: &Built) -> String {
    let mut out = String::new();
    warnings(&mut out, &built.ingested.report.warnings);
    for warning in &built.typeset.warnings {
        let _ = writeln!(out, "Warnung: {}", warning.problem());
    }
    if let Some(konzept) = &built.ingested.konzept {
        let _ = writeln!(
            out,
            "Gelesen: {} Dateien. {}",
            built.ingested.report.files.len(),
            konzept.kennzahlen.summary()
        );
    }
    let _ = writeln!(out, "Geschrieben nach {}:", built.written.folder.display());
    for file in &built.written.files {
        let pages = pages(built, &file.name).map_or(String::new(), |n| format!("{n:>4} Seiten"));
        let _ = writeln!(
            out,
            "  {:<40} {pages:>11} {:>9}{}",
            file.name,
            german::kilobytes_text(file.bytes),
            if file.unchanged {
                "  (unverändert)"
            } else {
                ""
            }
        );
    }
    for note in &built.written.notes {
        let _ = writeln!(out, "Hinweis: {note}");
    }
    if let Some(state) = &built.kept {
        let _ = writeln!(
            out,
            "Stand des Konzepts gesichert ({}); `ratsvorlage diff` vergleicht damit.",
            state.kept_at_text()
        );
    }
    let _ = writeln!(out, "Fertig in {}.", german::seconds_text(built.duration));
    out
}

/// Why a build stopped, and that the output folder is unchanged.
pub fn failure(failure: &Failure) -> String {
    let mut out = reason(failure);
    let _ = writeln!(
        out,
        "Nichts geschrieben: der Ausgabeordner ist unverändert."
    );
    out
}

/// Why a build stopped: the input errors with their places, the template error, or the
/// output problem.
pub fn reason(failure: &Failure) -> String {
    let mut out = String::new();
    match failure {
        Failure::Input(import) => {
            warnings(&mut out, &import.report.warnings);
            let _ = writeln!(
                out,
                "Die Eingaben enthalten {} Fehler:",
                import.report.errors.len()
            );
            for problem in &import.report.errors {
                let _ = writeln!(out, "  {}", problem.render("  "));
            }
            let _ = writeln!(
                out,
                "Den vollständigen Importbericht zeigt `ratsvorlage check`."
            );
        }
        Failure::Template(error) => {
            let _ = writeln!(out, "{}", error.headline());
            for problem in error.problems() {
                let _ = writeln!(out, "\n{}: {problem}", problem.severity.label());
            }
        }
        Failure::Output(error) => {
            let _ = writeln!(out, "{}", error.problem());
        }
    }
    out
}

/// The pages of the document written as `name`, if it is one of the two PDFs.
fn pages(built: &Built, name: &str) -> Option<usize> {
    let docs = &built.typeset.documents;
    [&docs.beschlussvorlage, &docs.anlage]
        .into_iter()
        .find(|d| d.file_name == name)
        .map(|d| d.pages)
}

/// What `build --json` prints: the outcome for a program.
#[derive(Debug, Serialize)]
pub struct BuildJson<'a> {
    /// Whether the build succeeded.
    pub ok: bool,
    /// The output folder, when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "ordner")]
    pub folder: Option<String>,
    /// The files written.
    #[serde(rename = "dateien")]
    pub files: Vec<FileJson>,
    /// The figures, when the input could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kennzahlen: Option<&'a Kennzahlen>,
    /// Errors, each with its place where it has one.
    #[serde(rename = "fehler")]
    pub errors: Vec<Problem>,
    /// Warnings of the input and of the templates.
    #[serde(rename = "warnungen")]
    pub warnings: Vec<Problem>,
    /// Wall time of a successful build, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "dauer_ms")]
    pub duration_ms: Option<u128>,
    /// Problems after the output was complete (the build succeeded all the same), in German.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(rename = "hinweise")]
    pub notes: Vec<String>,
    /// The id of the state of the concept this build kept, when it kept one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "stand")]
    pub kept: Option<String>,
}

/// One written file in [`BuildJson`].
#[derive(Debug, Serialize)]
pub struct FileJson {
    /// File name in the output folder.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Pages, for the two PDFs.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "seiten")]
    pub pages: Option<usize>,
}

/// The outcome of `build` for `--json`.
pub fn json(result: &Result<Built, Failure>) -> BuildJson<'_> {
    match result {
        Ok(built) => BuildJson {
            ok: true,
            folder: Some(built.written.folder.display().to_string()),
            files: built
                .written
                .files
                .iter()
                .map(|d| FileJson {
                    name: d.name.clone(),
                    bytes: d.bytes,
                    pages: pages(built, &d.name),
                })
                .collect(),
            kennzahlen: built.ingested.konzept.as_ref().map(|k| &k.kennzahlen),
            errors: Vec::new(),
            warnings: built
                .ingested
                .report
                .warnings
                .iter()
                .cloned()
                .chain(
                    built
                        .typeset
                        .warnings
                        .iter()
                        .map(TemplateDiagnostic::problem),
                )
                .collect(),
            duration_ms: Some(built.duration.as_millis()),
            notes: built.written.notes.clone(),
            kept: built.kept.as_ref().map(|state| state.id.clone()),
        },
        Err(failure) => {
            let (errors, warnings) = failure
                .problems()
                .into_iter()
                .partition(|p| p.severity == Severity::Error);
            BuildJson {
                ok: false,
                folder: None,
                files: Vec::new(),
                kennzahlen: None,
                errors,
                warnings,
                duration_ms: None,
                notes: Vec::new(),
                kept: None,
            }
        }
    }
}

/// One line `Warnung: …` per warning.
pub fn warnings(out: &mut String, warnings: &[Problem]) {
    for problem in warnings {
        let _ = writeln!(out, "Warnung: {problem}");
    }
}
