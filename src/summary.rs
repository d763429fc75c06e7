//! What `build` tells the person at the terminal: the short summary of a build, or why it
//! stopped.

use std::fmt::Write;

use serde::Serialize;

use crate::model::Kennzahlen;
use crate::pipeline::{Built, Failure};
use crate::report::{Meldung, text};

/// The summary of a successful build: warnings, what was read, what was written, the time.
pub fn built(built: &Built) -> String {
    let mut out = String::new();
    warnings(&mut out, &built.import.bericht.warnungen);
    for warning in &built.typeset.warnings {
        let _ = writeln!(out, "Warnung (Vorlage): {warning}");
    }
    if let Some(konzept) = &built.import.konzept {
        let _ = writeln!(
            out,
            "Gelesen: {} Dateien. {}",
            built.import.bericht.dateien.len(),
            text::figures(&konzept.kennzahlen)
        );
    }
    let _ = writeln!(
        out,
        "Geschrieben nach {}:",
        built.geschrieben.ordner.display()
    );
    for datei in &built.geschrieben.dateien {
        let seiten = pages(built, &datei.name).map_or(String::new(), |n| format!("{n:>4} Seiten"));
        let _ = writeln!(
            out,
            "  {:<40} {seiten:>11} {:>9}{}",
            datei.name,
            kilobytes(datei.bytes),
            if datei.unveraendert {
                "  (unverändert)"
            } else {
                ""
            }
        );
    }
    for hinweis in &built.geschrieben.hinweise {
        let _ = writeln!(out, "Hinweis: {hinweis}");
    }
    let seconds = format!("{:.2}", built.dauer.as_secs_f64()).replace('.', ",");
    let _ = writeln!(out, "Fertig in {seconds} s.");
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
            warnings(&mut out, &import.bericht.warnungen);
            let _ = writeln!(
                out,
                "Die Eingaben enthalten {} Fehler:",
                import.bericht.fehler.len()
            );
            for meldung in &import.bericht.fehler {
                let _ = writeln!(out, "  {meldung}");
            }
            let _ = writeln!(
                out,
                "Den vollständigen Importbericht zeigt `ratsvorlage check`."
            );
        }
        Failure::Template(error) => {
            let _ = writeln!(out, "{error}");
        }
        Failure::Output(error) => {
            let _ = writeln!(out, "{error}");
        }
    }
    out
}

/// The pages of the document written as `name`, if it is one of the two PDFs.
fn pages(built: &Built, name: &str) -> Option<usize> {
    let docs = &built.typeset.documents;
    [&docs.beschlussvorlage, &docs.anlage]
        .into_iter()
        .find(|d| d.dateiname == name)
        .map(|d| d.seiten)
}

/// What `build --json` prints: the outcome for a program.
#[derive(Debug, Serialize)]
pub struct BuildJson<'a> {
    /// Whether the build succeeded.
    pub ok: bool,
    /// The output folder, when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordner: Option<String>,
    /// The files written.
    pub dateien: Vec<DateiJson>,
    /// The figures, when the input could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kennzahlen: Option<&'a Kennzahlen>,
    /// Errors, each with its place where it has one.
    pub fehler: Vec<MeldungJson>,
    /// Warnings of the input and of the templates.
    pub warnungen: Vec<MeldungJson>,
    /// Wall time of a successful build, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dauer_ms: Option<u128>,
}

/// One written file in [`BuildJson`].
#[derive(Debug, Serialize)]
pub struct DateiJson {
    /// File name in the output folder.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Pages, for the two PDFs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seiten: Option<usize>,
}

/// A message in [`BuildJson`]: its place (`None` for a template or output problem, whose
/// text names its place itself) and the text.
#[derive(Debug, Serialize)]
pub struct MeldungJson {
    /// `datei › blatt › zelle`.
    pub ort: Option<String>,
    /// What is wrong and how to fix it.
    pub meldung: String,
}

impl From<&Meldung> for MeldungJson {
    fn from(m: &Meldung) -> Self {
        Self {
            ort: Some(m.ort.to_string()),
            meldung: m.meldung.clone(),
        }
    }
}

impl MeldungJson {
    fn ohne_ort(meldung: &impl std::fmt::Display) -> Self {
        Self {
            ort: None,
            meldung: meldung.to_string(),
        }
    }
}

/// The outcome of `build` for `--json`.
pub fn json(result: &Result<Built, Failure>) -> BuildJson<'_> {
    match result {
        Ok(built) => BuildJson {
            ok: true,
            ordner: Some(built.geschrieben.ordner.display().to_string()),
            dateien: built
                .geschrieben
                .dateien
                .iter()
                .map(|d| DateiJson {
                    name: d.name.clone(),
                    bytes: d.bytes,
                    seiten: pages(built, &d.name),
                })
                .collect(),
            kennzahlen: built.import.konzept.as_ref().map(|k| &k.kennzahlen),
            fehler: Vec::new(),
            warnungen: built
                .import
                .bericht
                .warnungen
                .iter()
                .map(MeldungJson::from)
                .chain(built.typeset.warnings.iter().map(MeldungJson::ohne_ort))
                .collect(),
            dauer_ms: Some(built.dauer.as_millis()),
        },
        Err(failure) => {
            let (fehler, warnungen) = match failure {
                Failure::Input(import) => (
                    import
                        .bericht
                        .fehler
                        .iter()
                        .map(MeldungJson::from)
                        .collect(),
                    import
                        .bericht
                        .warnungen
                        .iter()
                        .map(MeldungJson::from)
                        .collect(),
                ),
                Failure::Template(error) => (vec![MeldungJson::ohne_ort(error)], Vec::new()),
                Failure::Output(error) => (vec![MeldungJson::ohne_ort(error)], Vec::new()),
            };
            BuildJson {
                ok: false,
                ordner: None,
                dateien: Vec::new(),
                kennzahlen: None,
                fehler,
                warnungen,
                dauer_ms: None,
            }
        }
    }
}

/// One line `Warnung: …` per warning.
pub fn warnings(out: &mut String, warnungen: &[Meldung]) {
    for meldung in warnungen {
        let _ = writeln!(out, "Warnung: {meldung}");
    }
}

fn kilobytes(bytes: u64) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}
