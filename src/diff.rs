//! `ratsvorlage diff`: what changed in the concept since an earlier `konzept.json` — as
//! text, as JSON, and typeset as the change list of an Ergänzungsvorlage
//! (`templates/aenderungen.typ`).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::changes::{self, Aenderungen, Stand};
use crate::documents::templates::AENDERUNGEN;
use crate::documents::world::AENDERUNGEN_JSON;
use crate::documents::{Dokument, TemplateDiagnostic};
use crate::limits::Limits;
use crate::pipeline::{self, Failure};
use crate::project::{self, Project};
use crate::summary;

/// The changes as `diff --json` prints them and the change list template reads them.
#[derive(Clone, Debug, Serialize)]
pub struct Vergleich {
    /// The earlier `konzept.json` as given.
    pub vergleich: String,
    /// One sentence: how many goals and measures changed, or that none did.
    pub zusammenfassung: String,
    /// The changes by AG.
    #[serde(flatten)]
    pub aenderungen: Aenderungen,
}

/// A finished comparison: the changes, and the warnings of the import and the template.
#[derive(Debug)]
pub struct Ergebnis {
    /// The changes.
    pub vergleich: Vergleich,
    /// Import warnings and template warnings, one line each, in German.
    pub warnungen: Vec<String>,
    /// The change list PDF, when one was asked for: where it was written.
    pub pdf: Option<PathBuf>,
}

/// Why `diff` stopped.
#[derive(Debug)]
pub enum DiffFehler {
    /// The earlier `konzept.json` cannot be used; a German sentence naming it.
    Alt(String),
    /// The project cannot be imported, or the change list failed to typeset.
    Build(Failure),
    /// The change list PDF cannot be written; a German sentence naming the file.
    Pdf(String),
}

/// Compares the concept of `project` with the earlier `konzept.json` at `alt`; with `pdf`,
/// typesets the change list into that file.
pub fn run(
    alt: &Path,
    project: &Project,
    limits: &Limits,
    pdf: Option<&Path>,
) -> Result<Ergebnis, DiffFehler> {
    let vorher = Stand::load(alt).map_err(DiffFehler::Alt)?;
    let import = project::import(project, limits);
    let Some(konzept) = import.buildable() else {
        return Err(DiffFehler::Build(Failure::Input(Box::new(import))));
    };
    let aenderungen = changes::compare(&vorher, &Stand::of(konzept));
    let vergleich = Vergleich {
        vergleich: alt.display().to_string(),
        zusammenfassung: changes::text::summary(&aenderungen),
        aenderungen,
    };
    let mut warnungen: Vec<String> = import
        .bericht
        .warnungen
        .iter()
        .map(|m| format!("Warnung: {m}"))
        .collect();
    if let Some(ziel) = pdf {
        let (dokument, template_warnings) =
            typeset(project, limits, konzept, &vergleich).map_err(DiffFehler::Build)?;
        warnungen.extend(
            template_warnings
                .iter()
                .map(|w| format!("Warnung (Vorlage): {w}")),
        );
        std::fs::write(ziel, &dokument.pdf).map_err(|err| {
            DiffFehler::Pdf(format!(
                "{}: kann nicht geschrieben werden: {}.",
                ziel.display(),
                crate::report::io_grund(&err)
            ))
        })?;
    }
    Ok(Ergebnis {
        vergleich,
        warnungen,
        pdf: pdf.map(Path::to_path_buf),
    })
}

/// Typesets the change list with `templates/aenderungen.typ`.
fn typeset(
    project: &Project,
    limits: &Limits,
    konzept: &crate::model::Konzept,
    vergleich: &Vergleich,
) -> Result<(Dokument, Vec<TemplateDiagnostic>), Failure> {
    let mut typesetter = pipeline::new_typesetter(project, limits)?;
    typesetter
        .typeset_extra(
            konzept,
            AENDERUNGEN,
            "Änderungsliste",
            (AENDERUNGEN_JSON, vergleich),
        )
        .map_err(Failure::Template)
}

/// What `diff` prints: warnings, the change list, and where the PDF went.
pub fn text(ergebnis: &Ergebnis) -> String {
    let mut out = String::new();
    for warnung in &ergebnis.warnungen {
        let _ = writeln!(out, "{warnung}");
    }
    let _ = writeln!(out, "Vergleich mit {}:", ergebnis.vergleich.vergleich);
    out.push_str(&changes::text::render(&ergebnis.vergleich.aenderungen));
    if let Some(pdf) = &ergebnis.pdf {
        let _ = writeln!(out, "Änderungsliste geschrieben: {}", pdf.display());
    }
    out
}

/// Why `diff` stopped, in German.
pub fn fehler_text(fehler: &DiffFehler) -> String {
    match fehler {
        DiffFehler::Alt(meldung) | DiffFehler::Pdf(meldung) => format!("{meldung}\n"),
        DiffFehler::Build(failure) => summary::reason(failure),
    }
}
