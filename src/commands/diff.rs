//! `ratsvorlage diff`: what changed in the concept since an earlier state — a
//! `konzept.json` given by path, or a state the project kept at a build — as text, as JSON,
//! and typeset as the Synopse of an Ergänzungsvorlage (`templates/synopse.typ`); and
//! `diff --liste`, the kept states.

use std::fmt::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::changes;
use crate::commands::build;
use crate::comparison;
use crate::limits::Limits;
use crate::project::Project;
use crate::report::Problem;

pub use crate::comparison::{
    Against, Compared, Comparison, DiffError, Earlier, compare, compare_with, states, synopse_pdf,
    typeset_synopse,
};
pub use crate::states::{KeptState, StateList};

/// A finished comparison: the changes, and the warnings of the import and the template.
#[derive(Debug)]
pub struct DiffOutcome {
    /// The changes.
    pub comparison: Comparison,
    /// Import warnings, kept states passed over and template warnings, one line each, in
    /// German.
    pub warnings: Vec<String>,
    /// The Synopse PDF, when one was asked for: where it was written.
    pub pdf: Option<PathBuf>,
}

/// What `diff` is asked to do.
#[derive(Clone, Debug, Default)]
pub struct DiffOptions {
    /// The `konzept.json` of an earlier build; without it, a kept state. A folder given
    /// here alone is the project (`diff --liste input`).
    pub old: Option<PathBuf>,
    /// The project folder (default `input/`).
    pub project: Option<PathBuf>,
    /// `--seit`: the kept state to compare with, by date, Vorlage number or id.
    pub since: Option<String>,
    /// Where to typeset the Synopse as PDF, if wanted.
    pub pdf: Option<PathBuf>,
}

impl DiffOptions {
    /// The project and what to compare it with. One argument that is a folder names the
    /// project; an earlier `konzept.json` and `--seit` exclude each other.
    fn resolve(&self) -> Result<(Project, Against), DiffError> {
        let (old, project) = match (&self.old, &self.project) {
            (Some(folder), None) if folder.is_dir() => (None, Some(folder)),
            (old, project) => (old.as_ref(), project.as_ref()),
        };
        let project = Project::locate(project.map(PathBuf::as_path), None);
        let against = match (old, &self.since) {
            (Some(_), Some(_)) => {
                return Err(DiffError::Usage(Problem::general(
                    "Eine frühere konzept.json und --seit lassen sich nicht zusammen angeben: \
                     verglichen wird mit dem einen oder dem anderen.",
                )));
            }
            (Some(old), None) => Against::File(old.clone()),
            (None, Some(since)) => Against::Since(since.clone()),
            (None, None) => Against::Newest,
        };
        Ok((project, against))
    }
}

/// Compares the concept of the project with the earlier state the options name; with a
/// PDF asked for, typesets the Synopse into that file.
pub fn run(options: &DiffOptions, limits: &Limits) -> Result<DiffOutcome, DiffError> {
    let (project, against) = options.resolve()?;
    let compared = comparison::compare(&project, limits, &against)?;
    let mut warnings: Vec<String> = compared
        .warnings
        .iter()
        .map(|problem| format!("Warnung: {problem}"))
        .collect();
    if let Some(target) = &options.pdf {
        let (document, template_warnings) =
            comparison::typeset_synopse(&project, limits, &compared).map_err(DiffError::Build)?;
        warnings.extend(
            template_warnings
                .iter()
                .map(|w| format!("Warnung: {}", w.problem())),
        );
        comparison::write_pdf(target, &document.pdf)?;
    }
    Ok(DiffOutcome {
        comparison: compared.comparison,
        warnings,
        pdf: options.pdf.clone(),
    })
}

/// What `diff` prints: warnings, which state it compared with, the change list, and where
/// the Synopse went.
pub fn text(outcome: &DiffOutcome) -> String {
    let mut out = String::new();
    for warning in &outcome.warnings {
        let _ = writeln!(out, "{warning}");
    }
    let comparison = &outcome.comparison;
    let earlier = &comparison.earlier;
    let vorlage = earlier.vorlage_text();
    let _ = match (&earlier.file, earlier.kept_at_text()) {
        // A file from an older program may say nothing of its Vorlage.
        (Some(file), _) if earlier.vorlage_number.is_none() => {
            writeln!(out, "Vergleich mit {file}:")
        }
        (Some(file), _) => writeln!(out, "Vergleich mit {file} ({vorlage}):"),
        (None, Some(kept)) => writeln!(out, "Vergleich mit dem Stand vom {kept} ({vorlage}):"),
        (None, None) => writeln!(out, "Vergleich mit {}:", comparison.comparison),
    };
    if let Some(note) = &comparison.note {
        let _ = writeln!(out, "{note}");
    }
    out.push_str(&changes::text::render(&comparison.changes));
    if let Some(pdf) = &outcome.pdf {
        let _ = writeln!(out, "Synopse geschrieben: {}", pdf.display());
    }
    out
}

/// Why `diff` stopped, in German.
pub fn error_text(error: &DiffError) -> String {
    match error {
        DiffError::Old(problem) | DiffError::Pdf(problem) => format!("{problem}\n"),
        DiffError::Usage(problem) => format!(
            "Fehler: {problem}\n\nAufruf: ratsvorlage diff [ALT.json] [PROJEKT] [--seit \
             DATUM|NUMMER] [--liste] [--pdf DATEI] [--json]\n\nMehr dazu: ratsvorlage diff \
             --help\n"
        ),
        DiffError::Build(failure) => build::reason(failure),
    }
}

/// The kept states of the project that `diff --liste` lists: the folder given alone, else
/// the project (default `input/`). An earlier `konzept.json` has no place here.
pub fn list(options: &DiffOptions) -> Result<StateList, DiffError> {
    let (project, against) = options.resolve()?;
    if matches!(against, Against::File(_)) {
        return Err(DiffError::Usage(Problem::general(
            "--liste zeigt die gesicherten Stände eines Projekts; eine frühere konzept.json \
             gehört nicht dazu.",
        )));
    }
    Ok(comparison::states(&project))
}

/// The kept states as a table, oldest first, with what to do with them.
pub fn list_text(list: &StateList) -> String {
    let mut out = String::new();
    for problem in &list.unreadable {
        let _ = writeln!(out, "Warnung: {problem}");
    }
    if list.states.is_empty() {
        let _ = writeln!(out, "{}", crate::states::none_kept().message);
        return out;
    }
    let _ = writeln!(
        out,
        "Gesicherte Stände des Konzepts in {}:",
        list.folder.display()
    );
    let rows: Vec<[String; 6]> = list
        .states
        .iter()
        .enumerate()
        .map(|(i, state)| {
            [
                (i + 1).to_string(),
                state.kept_at_text(),
                state
                    .vorlage_number
                    .clone()
                    .unwrap_or_else(|| "–".to_owned()),
                state
                    .vorlage_date
                    .map_or_else(|| "–".to_owned(), crate::german::date_text),
                state.ziele.to_string(),
                state.massnahmen.to_string(),
            ]
        })
        .collect();
    let head = ["Nr.", "gesichert", "Vorlage", "vom", "Ziele", "Maßnahmen"];
    let width = |c: usize| {
        rows.iter()
            .map(|r| r[c].chars().count())
            .chain([head[c].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..head.len()).map(width).collect();
    let line = |cells: [&str; 6]| {
        let mut text = String::from(" ");
        for (c, cell) in cells.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            // Numbers to the right, words to the left.
            if matches!(c, 0 | 4 | 5) {
                text.push_str(&format!(" {}{cell}", " ".repeat(pad)));
            } else {
                text.push_str(&format!(" {cell}{}", " ".repeat(pad)));
            }
        }
        text.trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(head));
    for row in &rows {
        let _ = writeln!(out, "{}", line(row.each_ref().map(String::as_str)));
    }
    let _ = writeln!(
        out,
        "`ratsvorlage diff` vergleicht mit dem neuesten Stand, der sich vom jetzigen Konzept \
         unterscheidet; `ratsvorlage diff --seit DATUM` oder `--seit VORLAGE-NUMMER` mit einem \
         bestimmten."
    );
    out
}

/// What `diff --liste --json` prints.
#[derive(Debug, Serialize)]
pub struct ListJson {
    /// Where the states lie.
    #[serde(rename = "ordner")]
    pub folder: String,
    /// The states, oldest first.
    #[serde(rename = "staende")]
    pub states: Vec<StateJson>,
    /// State files passed over, each with its place.
    #[serde(rename = "warnungen")]
    pub warnings: Vec<Problem>,
}

/// One kept state in [`ListJson`].
#[derive(Debug, Serialize)]
pub struct StateJson {
    /// Its place in the list, from 1.
    #[serde(rename = "nr")]
    pub number: usize,
    /// Its id, for `diff --seit`.
    #[serde(rename = "stand")]
    pub id: String,
    /// When it was kept (local time).
    #[serde(rename = "gesichert")]
    pub kept_at: String,
    /// Its Vorlage number.
    #[serde(rename = "vorlage_nummer")]
    pub vorlage_number: Option<String>,
    /// Its Vorlage date.
    #[serde(rename = "vorlage_datum")]
    pub vorlage_date: Option<crate::date::Date>,
    /// How many goals it holds.
    pub ziele: usize,
    /// How many measures it holds.
    pub massnahmen: usize,
}

/// The kept states for `--json`.
pub fn list_json(list: &StateList) -> ListJson {
    ListJson {
        folder: list.folder.display().to_string(),
        states: list
            .states
            .iter()
            .enumerate()
            .map(|(i, state)| StateJson {
                number: i + 1,
                id: state.id.clone(),
                kept_at: state.kept_at_iso(),
                vorlage_number: state.vorlage_number.clone(),
                vorlage_date: state.vorlage_date,
                ziele: state.ziele,
                massnahmen: state.massnahmen,
            })
            .collect(),
        warnings: list.unreadable.clone(),
    }
}
