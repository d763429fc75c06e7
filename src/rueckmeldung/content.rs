//! What one AG's Rueckmeldung says, as data: the addressee, what was taken over (counts
//! and the goals with their numbers), and every error and warning in the AG's files with
//! its place, what the cell holds now, what is wrong and what to do. The template reads it
//! as `/rueckmeldung.json`; the e-mail text is written from it too.

use serde::Serialize;

use crate::german;
use crate::model::{Arbeitsgruppe, Config};
use crate::project::Ingested;
use crate::report::Problem;
use crate::rueckmeldung::cells::Cells;
use crate::rueckmeldung::message;

/// The content of one AG's Rueckmeldung (`/rueckmeldung.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LetterContent {
    /// To whom.
    pub ag: Addressee,
    /// From whom: the letterhead and the closing.
    #[serde(rename = "absender")]
    pub sender: Sender,
    /// The day the letter was made, as `3.12.2026`.
    #[serde(rename = "datum")]
    pub date: String,
    /// The concept's title, for the subject line.
    #[serde(rename = "konzept")]
    pub concept: String,
    /// The AG's files, as the report names them.
    #[serde(rename = "dateien")]
    pub files: Vec<String>,
    /// What was taken over, counted.
    #[serde(rename = "anzahl")]
    pub counts: Counts,
    /// The counts as one sentence: „Übernommen haben wir 6 Ziele, 15 Maßnahmen, …“.
    #[serde(rename = "uebernommen")]
    pub taken_over: String,
    /// The goals taken over, in priority order.
    pub ziele: Vec<GoalLine>,
    /// Errors: what was not taken over.
    #[serde(rename = "fehler")]
    pub errors: Vec<LetterProblem>,
    /// Warnings: taken over, but worth a look.
    #[serde(rename = "warnungen")]
    pub warnings: Vec<LetterProblem>,
}

/// The AG a letter goes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Addressee {
    /// The Handlungsfeld's name.
    pub name: String,
    /// Its short name.
    #[serde(rename = "kurz")]
    pub short: String,
    /// Its number (position in konzept.toml, from 1).
    #[serde(rename = "nr")]
    pub number: u32,
    /// The contact konzept.toml gives for it, if any.
    #[serde(rename = "kontakt")]
    pub contact: Option<String>,
}

/// The office that writes: city and the coordinating office of konzept.toml.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sender {
    /// `[stadt] name`.
    #[serde(rename = "stadt")]
    pub city: String,
    /// `[konzept] koordination`.
    #[serde(rename = "stelle")]
    pub office: String,
}

/// What was taken over from the AG.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Goals.
    pub ziele: usize,
    /// Measures.
    pub massnahmen: usize,
    /// Items of the Ausgangslage.
    pub ausgangslage: usize,
    /// Sessions.
    pub sitzungen: usize,
}

/// One goal as the letter lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalLine {
    /// Its number.
    #[serde(rename = "nr")]
    pub number: String,
    /// Its priority (1 = highest).
    pub prioritaet: u32,
    /// The goal.
    pub text: String,
    /// How many measures it has.
    pub massnahmen: usize,
}

/// One problem as the letter tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LetterProblem {
    /// File › sheet › cell (or line).
    #[serde(rename = "ort")]
    pub place: String,
    /// What the place holds now, ready to show (quoted text, „leer“, or why it is not
    /// shown); absent where the place is no single cell or line.
    #[serde(rename = "inhalt")]
    pub content: Option<String>,
    /// What is wrong (the message up to its request to act).
    #[serde(rename = "was")]
    pub wrong: String,
    /// What to do (the rest of the message), when the message asks something.
    #[serde(rename = "tun")]
    pub to_do: Option<String>,
}

impl LetterContent {
    /// Whether the AG's files gave no error and no warning.
    pub fn without_problems(&self) -> bool {
        self.errors.is_empty() && self.warnings.is_empty()
    }
}

/// The content of the letter to AG number `index` (into the Handlungsfelder).
pub(crate) fn compose(
    ingested: &Ingested,
    config: &Config,
    ag: &Arbeitsgruppe,
    index: usize,
    cells: &Cells<'_>,
    date: String,
) -> LetterContent {
    let files = &ingested.ag_files;
    let mine = |list: &[Problem]| -> Vec<LetterProblem> {
        let mut found: Vec<&Problem> = list
            .iter()
            .filter(|p| files.ag_of_problem(p) == Some(index))
            .collect();
        // File by file, in the report's order within each file.
        found.sort_by(|a, b| {
            let file = |p: &Problem| p.place.as_ref().map(|place| place.file.clone());
            file(a).cmp(&file(b))
        });
        found.into_iter().map(|p| problem(p, cells)).collect()
    };
    let counts = Counts {
        ziele: ag.ziele.len(),
        massnahmen: ag.ziele.iter().map(|z| z.massnahmen.len()).sum(),
        ausgangslage: ag.ausgangslage.len(),
        sitzungen: ag.sitzungen.len(),
    };
    let handlungsfeld = config.konzept.handlungsfelder.get(index);
    LetterContent {
        ag: Addressee {
            name: ag.name.clone(),
            short: ag.short.clone(),
            number: ag.number,
            contact: handlungsfeld
                .and_then(|h| h.contact.clone())
                .filter(|c| !c.trim().is_empty()),
        },
        sender: Sender {
            city: config.stadt.name.clone(),
            office: config.konzept.coordination.clone(),
        },
        date,
        concept: config.konzept.title.clone(),
        files: files.files_of(index).map(str::to_owned).collect(),
        counts,
        taken_over: taken_over(counts),
        ziele: ag
            .ziele
            .iter()
            .map(|z| GoalLine {
                number: z.number.clone(),
                prioritaet: z.prioritaet,
                text: z.text.clone(),
                massnahmen: z.massnahmen.len(),
            })
            .collect(),
        errors: mine(&ingested.report.errors),
        warnings: mine(&ingested.report.warnings),
    }
}

/// A problem for the letter: its place, the place's content, the message in its two parts.
fn problem(problem: &Problem, cells: &Cells<'_>) -> LetterProblem {
    let (wrong, to_do) = message::split(&problem.message);
    LetterProblem {
        place: problem
            .place
            .as_ref()
            .map_or_else(String::new, ToString::to_string),
        content: problem.place.as_ref().and_then(|p| cells.at(p).text()),
        wrong,
        to_do,
    }
}

/// „Übernommen haben wir 6 Ziele, 15 Maßnahmen, 7 Punkte der Ausgangslage und 3 Sitzungen.“,
/// each number bound to its word by a no-break space.
fn taken_over(counts: Counts) -> String {
    let parts = [
        (counts.ziele, "Ziel", "Ziele"),
        (counts.massnahmen, "Maßnahme", "Maßnahmen"),
        (
            counts.ausgangslage,
            "Punkt der Ausgangslage",
            "Punkte der Ausgangslage",
        ),
        (counts.sitzungen, "Sitzung", "Sitzungen"),
    ];
    if parts.iter().all(|(n, ..)| *n == 0) {
        return "Übernommen haben wir noch nichts: keine Ziele, keine Maßnahmen, keine \
                Ausgangslage und keine Sitzungen."
            .to_owned();
    }
    let words: Vec<String> = parts
        .iter()
        .map(|&(n, one, many)| match n {
            0 => format!("keine\u{a0}{many}"),
            1 => format!("1\u{a0}{one}"),
            _ => format!("{}\u{a0}{many}", german::count_text(n as u64)),
        })
        .collect();
    format!(
        "Übernommen haben wir {}, {}, {} und {}.",
        words[0], words[1], words[2], words[3]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_read_as_a_sentence() {
        let counts = |ziele, massnahmen, ausgangslage, sitzungen| Counts {
            ziele,
            massnahmen,
            ausgangslage,
            sitzungen,
        };
        let sentence = |c| taken_over(c).replace('\u{a0}', "_");
        assert_eq!(
            sentence(counts(6, 15, 1, 0)),
            "Übernommen haben wir 6_Ziele, 15_Maßnahmen, 1_Punkt der Ausgangslage und \
             keine_Sitzungen."
        );
        assert_eq!(
            sentence(counts(1, 1200, 0, 1)),
            "Übernommen haben wir 1_Ziel, 1.200_Maßnahmen, keine_Punkte der Ausgangslage und \
             1_Sitzung."
        );
        assert!(taken_over(counts(0, 0, 0, 0)).starts_with("Übernommen haben wir noch nichts"));
    }
}
