//! `ratsvorlage rueckmeldung`: the Rueckmeldung of every AG (see [`crate::rueckmeldung`])
//! written as `Rueckmeldung-AG-<kurz>.pdf` and `.txt` (for the e-mail) into
//! `rueckmeldungen/` beside the project folder or `--out`, each file whole or not at all;
//! and what it tells the person at the terminal or a program (`--json`).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::documents::TemplateDiagnostic;
use crate::limits::Limits;
use crate::project::Project;
use crate::report::{Place, Problem, io_reason};
use crate::rueckmeldung::{self, Letters, LettersError};

/// The folder beside the project folder the letters go to when no `--out` is given.
pub const DEFAULT_FOLDER: &str = "rueckmeldungen";

/// What `rueckmeldung` is asked to do.
#[derive(Clone, Debug, Default)]
pub struct RueckmeldungOptions {
    /// The project folder (default `input/`).
    pub project: Option<PathBuf>,
    /// Where the letters go (default `rueckmeldungen/` beside the project folder).
    pub out: Option<PathBuf>,
}

/// The letters written.
#[derive(Debug)]
pub struct RueckmeldungOutcome {
    /// The folder they were written to.
    pub folder: PathBuf,
    /// The letters, with their content.
    pub letters: Letters,
}

/// Why no letters (or not all of them) were written.
#[derive(Debug)]
pub enum RueckmeldungError {
    /// The letters could not be made.
    Letters(LettersError),
    /// A letter could not be written (the ones before it were).
    Write(Problem),
}

/// Makes the letters of the project and writes them.
pub fn run(
    options: &RueckmeldungOptions,
    limits: &Limits,
) -> Result<RueckmeldungOutcome, RueckmeldungError> {
    let project = Project::locate(options.project.as_deref(), None);
    let folder = options
        .out
        .clone()
        .unwrap_or_else(|| project.beside_input(DEFAULT_FOLDER));
    if lies_within(&folder, &project.root) {
        return Err(RueckmeldungError::Write(Problem::error(
            Place::file(folder.display().to_string()),
            format!(
                "liegt im Projektordner {}. Dort lägen die Rückmeldungen zwischen den Dateien \
                 der AGs und stünden in jedem Einlesebericht. Wählen Sie mit --out einen Ordner \
                 außerhalb des Projektordners.",
                project.root.display()
            ),
        )));
    }
    let letters = rueckmeldung::letters(&project, limits).map_err(RueckmeldungError::Letters)?;
    for letter in &letters.letters {
        for (extension, bytes) in [("pdf", &letter.pdf[..]), ("txt", letter.text.as_bytes())] {
            let path = folder.join(format!("{}.{extension}", letter.file_stem));
            write_whole(&path, bytes).map_err(|err| {
                RueckmeldungError::Write(
                    Problem::error(
                        Place::file(path.display().to_string()),
                        format!("kann nicht geschrieben werden: {}.", io_reason(&err)),
                    )
                    .with_detail(err.to_string()),
                )
            })?;
        }
    }
    Ok(RueckmeldungOutcome { folder, letters })
}

/// Writes `bytes` to `path` through a hidden temporary file beside it and a rename, so that
/// a letter is never there half-written; creates the folder.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = parent.join(format!(".{name}.ratsvorlage-neu"));
    std::fs::write(&temp, bytes)
        .and_then(|()| std::fs::rename(&temp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}

/// Whether `folder` (existing or not) is `root` or lies below it, symbolic links resolved.
fn lies_within(folder: &Path, root: &Path) -> bool {
    let (Ok(root), Ok(absolute)) = (root.canonicalize(), std::path::absolute(folder)) else {
        return false;
    };
    // The part that exists is resolved; what is still to be made is appended as written.
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    while !existing.exists() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            return false;
        };
        missing.push(name);
        existing = parent;
    }
    let Ok(mut resolved) = existing.canonicalize() else {
        return false;
    };
    resolved.extend(missing.iter().rev());
    resolved.starts_with(&root)
}

/// What `rueckmeldung` prints: template warnings, one line per letter, and the problems no
/// letter holds.
pub fn text(outcome: &RueckmeldungOutcome) -> String {
    let mut out = String::new();
    for warning in &outcome.letters.template_warnings {
        let _ = writeln!(out, "Warnung: {}", warning.problem());
    }
    let _ = writeln!(
        out,
        "Rückmeldungen geschrieben nach {}:",
        outcome.folder.display()
    );
    for letter in &outcome.letters.letters {
        let content = &letter.content;
        let _ = writeln!(
            out,
            "  AG {} ({}): {}, {} – {stem}.pdf, {stem}.txt",
            letter.ag_name,
            letter.ag_short,
            count(content.errors.len(), "Fehler", "Fehler"),
            count(content.warnings.len(), "Warnung", "Warnungen"),
            stem = letter.file_stem,
        );
    }
    let (errors, warnings) = (
        outcome.letters.unassigned_errors,
        outcome.letters.unassigned_warnings,
    );
    if errors + warnings > 0 {
        let _ = writeln!(
            out,
            "Nicht in den Rückmeldungen: {} und {} in konzept.toml oder in Dateien, die zu \
             keiner oder mehreren AGs gehören; sie stehen im Einlesebericht (ratsvorlage \
             check).",
            count(errors, "Fehler", "Fehler"),
            count(warnings, "Warnung", "Warnungen")
        );
    }
    out
}

/// „keine Fehler“, „1 Warnung“, „3 Warnungen“.
fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("keine {many}"),
        1 => format!("1 {one}"),
        _ => format!("{n} {many}"),
    }
}

/// What `rueckmeldung --json` prints.
#[derive(Debug, Serialize)]
pub struct RueckmeldungJson<'a> {
    /// The folder written to.
    #[serde(rename = "ordner")]
    pub folder: String,
    /// Each letter: AG, file name, content.
    #[serde(rename = "rueckmeldungen")]
    pub letters: &'a [rueckmeldung::Letter],
    /// Errors in no letter.
    #[serde(rename = "fehler_ohne_ag")]
    pub unassigned_errors: usize,
    /// Warnings in no letter.
    #[serde(rename = "warnungen_ohne_ag")]
    pub unassigned_warnings: usize,
    /// Template warnings.
    #[serde(rename = "warnungen")]
    pub warnings: Vec<Problem>,
}

/// The outcome for `--json`.
pub fn json(outcome: &RueckmeldungOutcome) -> RueckmeldungJson<'_> {
    RueckmeldungJson {
        folder: outcome.folder.display().to_string(),
        letters: &outcome.letters.letters,
        unassigned_errors: outcome.letters.unassigned_errors,
        unassigned_warnings: outcome.letters.unassigned_warnings,
        warnings: outcome
            .letters
            .template_warnings
            .iter()
            .map(TemplateDiagnostic::problem)
            .collect(),
    }
}

/// Why `rueckmeldung` stopped, in German.
pub fn error_text(error: &RueckmeldungError) -> String {
    let mut out = String::new();
    match error {
        RueckmeldungError::Letters(LettersError::Config(problems)) => {
            for problem in problems {
                let _ = writeln!(out, "Fehler: {problem}");
            }
            let _ = writeln!(
                out,
                "Keine Rückmeldung geschrieben: ohne lesbare konzept.toml mit Handlungsfeldern \
                 sind die AGs unbekannt."
            );
        }
        RueckmeldungError::Letters(letters) => {
            for problem in letters.problems() {
                let _ = writeln!(out, "{}: {problem}", problem.severity.label());
            }
            let _ = writeln!(out, "Keine Rückmeldung geschrieben.");
        }
        RueckmeldungError::Write(problem) => {
            let _ = writeln!(out, "Fehler: {problem}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_inside_the_project_is_found_also_before_it_exists() {
        let dir = crate::test_support::TestDir::new();
        let root = dir.mkdir("input");
        assert!(lies_within(&root, &root));
        assert!(lies_within(&root.join("neu/rueckmeldungen"), &root));
        assert!(lies_within(&dir.join("input/../input/x"), &root));
        assert!(!lies_within(&dir.join("rueckmeldungen"), &root));
        assert!(!lies_within(&dir.join("input-alt"), &root));
    }
}
