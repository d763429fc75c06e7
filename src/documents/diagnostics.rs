//! Template errors and warnings for people who edit templates: file, line, column, Typst's
//! message (English, as the compiler says it), hints, and the source line with a marker, in
//! German framing.

use std::fmt;

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::{DiagSpan, FileId, Lines};

use crate::documents::world::SharedWorld;

/// Whether a diagnostic stops the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schwere {
    /// An error: the document was not produced.
    Fehler,
    /// A warning: the document was produced.
    Warnung,
}

/// A place in a template (or another file Typst read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stelle {
    /// The file as the templates see it: `templates/anlage.typ`, `input/texte/vorwort.typ`.
    pub datei: String,
    /// One-based line.
    pub zeile: usize,
    /// One-based column (in characters).
    pub spalte: usize,
    /// The source line, without its line break.
    pub quelltext: String,
    /// How many characters the marker under the line covers (at least 1).
    pub laenge: usize,
}

/// One error or warning from typesetting a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateDiagnostic {
    /// Error or warning.
    pub schwere: Schwere,
    /// Which document was being typeset (`Beschlussvorlage`, `Anlage`).
    pub dokument: String,
    /// Where, when Typst knows it.
    pub stelle: Option<Stelle>,
    /// Typst's message.
    pub meldung: String,
    /// Typst's hints.
    pub hinweise: Vec<String>,
    /// The calls that led there, innermost first: Typst's words and the place.
    pub aufrufe: Vec<String>,
}

/// The templates could not be typeset: every error (and the warnings that came with them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Errors first, then warnings, each once.
    pub diagnostics: Vec<TemplateDiagnostic>,
}

impl std::error::Error for TemplateError {}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fehler = self
            .diagnostics
            .iter()
            .filter(|d| d.schwere == Schwere::Fehler)
            .count();
        write!(
            f,
            "Die Dokumente konnten nicht gesetzt werden: {} in den Vorlagen.",
            if fehler == 1 {
                "ein Fehler".to_owned()
            } else {
                format!("{fehler} Fehler")
            }
        )?;
        for diagnostic in &self.diagnostics {
            write!(f, "\n\n{diagnostic}")?;
        }
        Ok(())
    }
}

impl fmt::Display for TemplateDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let art = match self.schwere {
            Schwere::Fehler => "Fehler",
            Schwere::Warnung => "Warnung",
        };
        match &self.stelle {
            Some(stelle) => write!(
                f,
                "{art} in {}, Zeile {}, Spalte {} (beim Setzen der {}): {}",
                stelle.datei, stelle.zeile, stelle.spalte, self.dokument, self.meldung
            )?,
            None => write!(
                f,
                "{art} beim Setzen der {}: {}",
                self.dokument, self.meldung
            )?,
        }
        if let Some(stelle) = &self.stelle {
            let nummer = stelle.zeile.to_string();
            let rand = " ".repeat(nummer.len());
            write!(f, "\n  {nummer} | {}", stelle.quelltext)?;
            write!(
                f,
                "\n  {rand} | {}{}",
                " ".repeat(stelle.spalte.saturating_sub(1)),
                "^".repeat(stelle.laenge)
            )?;
        }
        for hinweis in &self.hinweise {
            write!(f, "\n  Hinweis: {hinweis}")?;
        }
        for aufruf in &self.aufrufe {
            write!(f, "\n  {aufruf}")?;
        }
        Ok(())
    }
}

/// Turns Typst's diagnostics into ours, resolving places against the world's files. Hints
/// about options of the Typst command line (`--root`) are left out: they do not apply here.
pub fn convert(
    world: &dyn World,
    dokument: &str,
    diagnostics: &[SourceDiagnostic],
) -> Vec<TemplateDiagnostic> {
    diagnostics
        .iter()
        .map(|diagnostic| TemplateDiagnostic {
            schwere: match diagnostic.severity {
                Severity::Error => Schwere::Fehler,
                Severity::Warning => Schwere::Warnung,
            },
            dokument: dokument.to_owned(),
            stelle: locate(world, diagnostic.span),
            meldung: diagnostic.message.to_string(),
            hinweise: diagnostic
                .hints
                .iter()
                .filter(|hint| !hint.v.contains("`--root`"))
                .map(|hint| match locate(world, hint.span) {
                    Some(stelle) => {
                        format!("{} ({}, Zeile {})", hint.v, stelle.datei, stelle.zeile)
                    }
                    None => hint.v.to_string(),
                })
                .collect(),
            aufrufe: diagnostic
                .trace
                .iter()
                .map(|point| match locate(world, point.span.into()) {
                    Some(stelle) => format!(
                        "{} – in {}, Zeile {}, Spalte {}",
                        point.v, stelle.datei, stelle.zeile, stelle.spalte
                    ),
                    None => point.v.to_string(),
                })
                .collect(),
        })
        .collect()
}

/// Merges the diagnostics of both documents: errors first, each message at each place once
/// (an error in a shared module is reported by both documents).
pub fn merge(lists: impl IntoIterator<Item = Vec<TemplateDiagnostic>>) -> Vec<TemplateDiagnostic> {
    let mut merged: Vec<TemplateDiagnostic> = Vec::new();
    for diagnostic in lists.into_iter().flatten() {
        let same = |d: &&mut TemplateDiagnostic| {
            d.schwere == diagnostic.schwere
                && d.stelle == diagnostic.stelle
                && d.meldung == diagnostic.meldung
        };
        match merged.iter_mut().find(same) {
            Some(known) if !known.dokument.contains(&diagnostic.dokument) => {
                known.dokument = format!("{} und der {}", known.dokument, diagnostic.dokument);
            }
            Some(_) => {}
            None => merged.push(diagnostic),
        }
    }
    merged.sort_by_key(|d| d.schwere == Schwere::Warnung);
    merged
}

/// File, line, column and source line of a span; `None` for detached spans.
fn locate(world: &dyn World, span: DiagSpan) -> Option<Stelle> {
    let id = span.id()?;
    let range = world.range(span)?;
    let lines = lines_of(world, id)?;
    let (zeile, spalte) = lines.byte_to_line_column(range.start.min(lines.len_bytes()))?;
    let line_range = lines.line_to_range(zeile)?;
    let quelltext = lines
        .text()
        .get(line_range.clone())?
        .trim_end_matches(['\n', '\r'])
        .to_owned();
    let marked_end = range
        .end
        .clamp(range.start, line_range.start + quelltext.len());
    let laenge = lines
        .text()
        .get(range.start..marked_end)
        .map_or(0, |s| s.chars().count())
        .max(1);
    Some(Stelle {
        datei: SharedWorld::display_name(id),
        zeile: zeile + 1,
        spalte: spalte + 1,
        quelltext,
        laenge,
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

    fn diagnostic(dokument: &str, schwere: Schwere) -> TemplateDiagnostic {
        TemplateDiagnostic {
            schwere,
            dokument: dokument.to_owned(),
            stelle: Some(Stelle {
                datei: "templates/stil.typ".to_owned(),
                zeile: 12,
                spalte: 5,
                quelltext: "#let x = foo(1)".to_owned(),
                laenge: 3,
            }),
            meldung: "unknown variable: foo".to_owned(),
            hinweise: vec!["check the spelling".to_owned()],
            aufrufe: Vec::new(),
        }
    }

    #[test]
    fn display_shows_place_line_and_marker() {
        let text = diagnostic("Anlage", Schwere::Fehler).to_string();
        assert_eq!(
            text,
            "Fehler in templates/stil.typ, Zeile 12, Spalte 5 (beim Setzen der Anlage): unknown variable: foo\n\
             \x20 12 | #let x = foo(1)\n\
             \x20    |     ^^^\n\
             \x20 Hinweis: check the spelling"
        );
    }

    #[test]
    fn the_same_error_in_both_documents_is_reported_once() {
        let merged = merge([
            vec![diagnostic("Beschlussvorlage", Schwere::Warnung)],
            vec![
                diagnostic("Anlage", Schwere::Warnung),
                diagnostic("Anlage", Schwere::Fehler),
            ],
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(
            (merged[0].schwere, merged[0].dokument.as_str()),
            (Schwere::Fehler, "Anlage")
        );
        assert_eq!(merged[1].dokument, "Beschlussvorlage und der Anlage");
    }
}
