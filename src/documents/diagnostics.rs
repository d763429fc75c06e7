//! Template errors and warnings for people who edit templates: file, line, column, Typst's
//! message (English, as the compiler says it), hints, and the source line with a marker, in
//! German framing.

use std::fmt;

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::{DiagSpan, FileId, Lines};

use crate::documents::world::SharedWorld;
use crate::report::{Place, Position, Problem, Severity as ProblemSeverity};

/// Whether a diagnostic stops the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateSeverity {
    /// An error: the document was not produced.
    Error,
    /// A warning: the document was produced.
    Warning,
}

/// A place in a template (or another file Typst read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplatePlace {
    /// The file as the templates see it: `templates/anlage.typ`, `input/texte/vorwort.typ`.
    pub file: String,
    /// One-based line.
    pub line: usize,
    /// One-based column (in characters).
    pub column: usize,
    /// The source line, without its line break.
    pub source_line: String,
    /// How many characters the marker under the line covers (at least 1).
    pub length: usize,
}

/// One error or warning from typesetting a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateDiagnostic {
    /// Error or warning.
    pub severity: TemplateSeverity,
    /// Which document was being typeset (`Beschlussvorlage`, `Anlage`).
    pub document: String,
    /// Where, when Typst knows it.
    pub position: Option<TemplatePlace>,
    /// Typst's message.
    pub message: String,
    /// Typst's hints.
    pub notes: Vec<String>,
    /// The calls that led there, innermost first: Typst's words and the place.
    pub calls: Vec<String>,
}

/// The templates could not be typeset: every error (and the warnings that came with them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Errors first, then warnings, each once.
    pub diagnostics: Vec<TemplateDiagnostic>,
}

impl std::error::Error for TemplateError {}

impl TemplateError {
    /// What the user is told: the first line says how many errors, then one problem each.
    pub fn headline(&self) -> String {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == TemplateSeverity::Error)
            .count();
        format!(
            "Die Dokumente konnten nicht gesetzt werden: {} in den Vorlagen.",
            if errors == 1 {
                "ein Fehler".to_owned()
            } else {
                format!("{errors} Fehler")
            }
        )
    }

    /// Every diagnostic as a problem, errors first.
    pub fn problems(&self) -> Vec<Problem> {
        self.diagnostics
            .iter()
            .map(TemplateDiagnostic::problem)
            .collect()
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        for problem in self.problems() {
            write!(f, "\n\n{problem}")?;
        }
        Ok(())
    }
}

impl TemplateDiagnostic {
    /// The diagnostic as the user is told it: the place in the template, a German sentence,
    /// the source line with the marker, and Typst's own words (its message, hints and the
    /// calls that led there) as the technical detail.
    pub fn problem(&self) -> Problem {
        let place = self.position.as_ref().map(|position| Place {
            file: position.file.as_str().into(),
            sheet: None,
            position: Position::LineColumn {
                line: position.line as u64,
                column: position.column as u64,
            },
        });
        let (severity, message) = match self.severity {
            TemplateSeverity::Error => (
                ProblemSeverity::Error,
                format!(
                    "Beim Setzen der {} bricht die Vorlage hier ab. Korrigieren Sie die markierte \
                     Stelle oder entfernen Sie die geänderte Datei aus templates/, um die \
                     mitgelieferte Vorlage zu nutzen.",
                    self.document
                ),
            ),
            TemplateSeverity::Warning => (
                ProblemSeverity::Warning,
                format!(
                    "Beim Setzen der {} meldet das Satzprogramm hier eine Auffälligkeit; das \
                     Dokument wurde trotzdem gesetzt.",
                    self.document
                ),
            ),
        };
        let excerpt = self.position.as_ref().map_or_else(Vec::new, |position| {
            let number = position.line.to_string();
            let margin = " ".repeat(number.len());
            vec![
                format!("{number} | {}", position.source_line),
                format!(
                    "{margin} | {}{}",
                    " ".repeat(position.column.saturating_sub(1)),
                    "^".repeat(position.length)
                ),
            ]
        });
        let detail = std::iter::once(self.message.clone())
            .chain(self.notes.iter().map(|note| format!("hint: {note}")))
            .chain(self.calls.iter().cloned())
            .collect::<Vec<_>>()
            .join("\n");
        Problem {
            severity,
            place,
            message,
            excerpt,
            detail: None,
        }
        .with_detail(detail)
    }
}

impl fmt::Display for TemplateDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.problem().fmt(f)
    }
}

/// Turns Typst's diagnostics into ours, resolving places against the world's files. Hints
/// about options of the Typst command line (`--root`) are left out: they do not apply here.
pub(crate) fn convert(
    world: &dyn World,
    document: &str,
    diagnostics: &[SourceDiagnostic],
) -> Vec<TemplateDiagnostic> {
    diagnostics
        .iter()
        .map(|diagnostic| TemplateDiagnostic {
            severity: match diagnostic.severity {
                Severity::Error => TemplateSeverity::Error,
                Severity::Warning => TemplateSeverity::Warning,
            },
            document: document.to_owned(),
            position: locate(world, diagnostic.span),
            message: diagnostic.message.to_string(),
            notes: diagnostic
                .hints
                .iter()
                .filter(|hint| !hint.v.contains("`--root`"))
                .map(|hint| match locate(world, hint.span) {
                    Some(position) => {
                        format!("{} ({}, Zeile {})", hint.v, position.file, position.line)
                    }
                    None => hint.v.to_string(),
                })
                .collect(),
            calls: diagnostic
                .trace
                .iter()
                .map(|point| match locate(world, point.span.into()) {
                    Some(position) => format!(
                        "{} – in {}, Zeile {}, Spalte {}",
                        point.v, position.file, position.line, position.column
                    ),
                    None => point.v.to_string(),
                })
                .collect(),
        })
        .collect()
}

/// Merges the diagnostics of both documents: errors first, each message at each place once
/// (an error in a shared module is reported by both documents).
pub(crate) fn merge(
    lists: impl IntoIterator<Item = Vec<TemplateDiagnostic>>,
) -> Vec<TemplateDiagnostic> {
    let mut merged: Vec<TemplateDiagnostic> = Vec::new();
    for diagnostic in lists.into_iter().flatten() {
        let same = |d: &&mut TemplateDiagnostic| {
            d.severity == diagnostic.severity
                && d.position == diagnostic.position
                && d.message == diagnostic.message
        };
        match merged.iter_mut().find(same) {
            Some(known) if !known.document.contains(&diagnostic.document) => {
                known.document = format!("{} und der {}", known.document, diagnostic.document);
            }
            Some(_) => {}
            None => merged.push(diagnostic),
        }
    }
    merged.sort_by_key(|d| d.severity == TemplateSeverity::Warning);
    merged
}

/// File, line, column and source line of a span; `None` for detached spans.
fn locate(world: &dyn World, span: DiagSpan) -> Option<TemplatePlace> {
    let id = span.id()?;
    let range = world.range(span)?;
    let lines = lines_of(world, id)?;
    let (line, column) = lines.byte_to_line_column(range.start.min(lines.len_bytes()))?;
    let line_range = lines.line_to_range(line)?;
    let source_line = lines
        .text()
        .get(line_range.clone())?
        .trim_end_matches(['\n', '\r'])
        .to_owned();
    let marked_end = range
        .end
        .clamp(range.start, line_range.start + source_line.len());
    let length = lines
        .text()
        .get(range.start..marked_end)
        .map_or(0, |s| s.chars().count())
        .max(1);
    Some(TemplatePlace {
        file: SharedWorld::display_name(id),
        line: line + 1,
        column: column + 1,
        source_line,
        length,
    })
}

/// The lines of a file: its parsed source, or its bytes as text (e.g. a JSON file).
fn lines_of(world: &dyn World, id: FileId) -> Option<Lines<String>> {
    if let Ok(source) = world.source(id) {
        return Some(source.lines().clone());
    }
    let bytes = world.file(id).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    Some(Lines::new(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(document: &str, severity: TemplateSeverity) -> TemplateDiagnostic {
        TemplateDiagnostic {
            severity,
            document: document.to_owned(),
            position: Some(TemplatePlace {
                file: "templates/stil.typ".to_owned(),
                line: 12,
                column: 5,
                source_line: "#let x = foo(1)".to_owned(),
                length: 3,
            }),
            message: "unknown variable: foo".to_owned(),
            notes: vec!["check the spelling".to_owned()],
            calls: Vec::new(),
        }
    }

    #[test]
    fn display_shows_place_line_and_marker() {
        let text = diagnostic("Anlage", TemplateSeverity::Error).to_string();
        assert_eq!(
            text,
            "templates/stil.typ › Zeile 12, Spalte 5: Beim Setzen der Anlage bricht die Vorlage \
             hier ab. Korrigieren Sie die markierte Stelle oder entfernen Sie die geänderte \
             Datei aus templates/, um die mitgelieferte Vorlage zu nutzen.\n\
             \x20 12 | #let x = foo(1)\n\
             \x20    |     ^^^\n\
             \x20 Technische Angabe: unknown variable: foo\n\
             \x20   hint: check the spelling"
        );
    }

    #[test]
    fn the_same_error_in_both_documents_is_reported_once() {
        let merged = merge([
            vec![diagnostic("Beschlussvorlage", TemplateSeverity::Warning)],
            vec![
                diagnostic("Anlage", TemplateSeverity::Warning),
                diagnostic("Anlage", TemplateSeverity::Error),
            ],
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(
            (merged[0].severity, merged[0].document.as_str()),
            (TemplateSeverity::Error, "Anlage")
        );
        assert_eq!(merged[1].document, "Beschlussvorlage und der Anlage");
    }
}
