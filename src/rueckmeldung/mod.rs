//! Rueckmeldungen: one letter per AG about its files — what was taken over (counts and the
//! goals with their numbers) and every error and warning in the AG's files with its place,
//! what the cell holds now, what is wrong and what to do — typeset from
//! `templates/rueckmeldung.typ` (PDF/A-2a + PDF/UA-1) and as plain text for an e-mail.
//!
//! Letters are made whatever errors the project has (that is when they are needed); they
//! only need a readable konzept.toml that names the Handlungsfelder. A problem belongs to
//! the AG whose file it is in ([`crate::model::AgFiles`]); problems in konzept.toml or in
//! files of no AG or of several are in no letter. Participants' names never reach a
//! letter: attendance lists and name columns are not quoted.

mod cells;
mod content;
mod message;
mod text;

use serde::Serialize;

pub use content::{Addressee, Counts, GoalLine, LetterContent, LetterProblem, Sender};

use crate::clock::LocalTime;
use crate::documents::templates::RUECKMELDUNG;
use crate::documents::world::RUECKMELDUNG_JSON;
use crate::documents::{TemplateDiagnostic, TemplateError, Typesetter};
use crate::limits::Limits;
use crate::model::CONFIG_FILE;
use crate::package::names::sanitise;
use crate::project::{self, Project};
use crate::report::Problem;

/// One AG's Rueckmeldung.
#[derive(Clone, Debug, Serialize)]
pub struct Letter {
    /// The AG's short name.
    #[serde(rename = "kurz")]
    pub ag_short: String,
    /// The AG's name.
    #[serde(rename = "name")]
    pub ag_name: String,
    /// The file name without extension, the same for the PDF and the text:
    /// `Rueckmeldung-AG-SB`.
    #[serde(rename = "dateiname")]
    pub file_stem: String,
    /// What the letter says.
    #[serde(rename = "inhalt")]
    pub content: LetterContent,
    /// The typeset letter.
    #[serde(skip)]
    pub pdf: Vec<u8>,
    /// The letter as plain text, for an e-mail.
    #[serde(skip)]
    pub text: String,
}

/// The letters of a project.
#[derive(Clone, Debug)]
pub struct Letters {
    /// One per AG, in konzept.toml order.
    pub letters: Vec<Letter>,
    /// Errors in no AG's letter (konzept.toml, files of no AG or of several).
    pub unassigned_errors: usize,
    /// Warnings in no AG's letter.
    pub unassigned_warnings: usize,
    /// What Typst warned about while typesetting the letters.
    pub template_warnings: Vec<TemplateDiagnostic>,
}

/// Why no letter could be made.
#[derive(Debug)]
pub enum LettersError {
    /// konzept.toml cannot be read or names no Handlungsfeld, so no AG is known: its
    /// problems.
    Config(Vec<Problem>),
    /// The typesetter cannot start (a font file, `SOURCE_DATE_EPOCH`).
    Typesetter(Problem),
    /// A template failed.
    Template(TemplateError),
}

impl LettersError {
    /// Everything the user is told about it.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            LettersError::Config(problems) => problems.clone(),
            LettersError::Typesetter(problem) => vec![problem.clone()],
            LettersError::Template(error) => error.problems(),
        }
    }
}

/// The letters of the project's AGs, typeset with a fresh typesetter.
pub fn letters(project: &Project, limits: &Limits) -> Result<Letters, LettersError> {
    let mut typesetter = Typesetter::new(project, limits).map_err(LettersError::Typesetter)?;
    letters_with(project, limits, &mut typesetter)
}

/// The letters of the project's AGs, typeset with `typesetter` (a warm one keeps its
/// caches, as in the workplace).
pub fn letters_with(
    project: &Project,
    limits: &Limits,
    typesetter: &mut Typesetter,
) -> Result<Letters, LettersError> {
    let (ingested, tables) = project::ingest_keeping_tables(project, limits);
    let (Some(konzept), Some(config)) = (&ingested.konzept, &ingested.config) else {
        let about_config: Vec<Problem> = ingested
            .report
            .errors
            .iter()
            .filter(|p| p.is_in(CONFIG_FILE))
            .cloned()
            .collect();
        return Err(LettersError::Config(if about_config.is_empty() {
            ingested.report.errors
        } else {
            about_config
        }));
    };
    let cells = cells::Cells::new(&tables);
    let date = crate::german::date_text(typesetter.fixed_date().unwrap_or_else(today));
    let mut letters = Vec::new();
    let mut template_warnings = Vec::new();
    let mut stems = Vec::new();
    for (index, ag) in konzept.arbeitsgruppen.iter().enumerate() {
        let content = content::compose(&ingested, config, ag, index, &cells, date.clone());
        let document = format!("Rückmeldung an die AG {}", ag.short);
        let (pdf, warnings) = typesetter
            .typeset_extra(
                konzept,
                RUECKMELDUNG,
                &document,
                (RUECKMELDUNG_JSON, &content),
            )
            .map_err(LettersError::Template)?;
        template_warnings.extend(warnings);
        let file_stem = file_stem(&ag.short, ag.number, &stems);
        stems.push(file_stem.clone());
        letters.push(Letter {
            ag_short: ag.short.clone(),
            ag_name: ag.name.clone(),
            file_stem,
            text: text::render(&content),
            content,
            pdf: pdf.pdf,
        });
    }
    let assigned = |list: &[Problem]| {
        list.iter()
            .filter(|p| ingested.ag_files.ag_of_problem(p).is_none())
            .count()
    };
    Ok(Letters {
        unassigned_errors: assigned(&ingested.report.errors),
        unassigned_warnings: assigned(&ingested.report.warnings),
        letters,
        template_warnings: crate::documents::diagnostics::merge([template_warnings]),
    })
}

/// The day on the local clock.
fn today() -> crate::date::Date {
    let now = LocalTime::now();
    crate::date::Date {
        year: now.year,
        month: now.month,
        day: now.day,
    }
}

/// `Rueckmeldung-AG-<short name>`, the short name made safe for a file name; the AG's
/// number where nothing of it is left, and appended where another AG's letter has that
/// name already.
fn file_stem(short: &str, number: u32, taken: &[String]) -> String {
    let name = sanitise(short);
    let mut stem = if name.is_empty() {
        format!("Rueckmeldung-AG-{number}")
    } else {
        format!("Rueckmeldung-AG-{name}")
    };
    while taken.contains(&stem) {
        stem = format!("{stem}-{number}");
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_short_name_and_stay_apart() {
        assert_eq!(file_stem("SB", 1, &[]), "Rueckmeldung-AG-SB");
        assert_eq!(
            file_stem("Bildung/Büro", 2, &[]),
            "Rueckmeldung-AG-Bildung-Buero"
        );
        assert_eq!(file_stem("…", 3, &[]), "Rueckmeldung-AG-3");
        let taken = [
            "Rueckmeldung-AG-S-B".to_owned(),
            "Rueckmeldung-AG-3".to_owned(),
        ];
        assert_eq!(file_stem("S B", 4, &taken), "Rueckmeldung-AG-S-B-4");
        assert_eq!(file_stem("", 3, &taken), "Rueckmeldung-AG-3-3");
    }
}
