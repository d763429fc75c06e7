//! What `build` tells the person at the terminal: the short summary of a build, or why it
//! stopped.

use std::fmt::Write;

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
    let docs = &built.typeset.documents;
    let pages = |name: &str| {
        [&docs.beschlussvorlage, &docs.anlage]
            .into_iter()
            .find(|d| d.dateiname == name)
            .map_or(String::new(), |d| format!("{:>4} Seiten", d.seiten))
    };
    for datei in &built.geschrieben.dateien {
        let _ = writeln!(
            out,
            "  {:<40} {:>11} {:>9}{}",
            datei.name,
            pages(&datei.name),
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

/// One line `Warnung: …` per warning.
pub fn warnings(out: &mut String, warnungen: &[Meldung]) {
    for meldung in warnungen {
        let _ = writeln!(out, "Warnung: {meldung}");
    }
}

fn kilobytes(bytes: u64) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}
