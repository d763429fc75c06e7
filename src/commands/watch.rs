//! `ratsvorlage watch`: rebuilds whenever an input, `konzept.toml`, a prose block, a font or
//! a template changes, with the typesetter kept warm (the loop is [`crate::rebuild`], shared
//! with the workplace). After each rebuild it prints what changed in the concept since the
//! last good build, the time, and which files were rewritten; a failed rebuild is printed
//! with its place, the last good output stays, and watching goes on.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc;

use crate::changes;
use crate::clock::LocalTime;
use crate::commands::build;
use crate::german;
use crate::limits::Limits;
use crate::model::Arbeitsgruppe;
use crate::pipeline::Built;
use crate::project::Project;
pub use crate::rebuild::Stop;
use crate::rebuild::{self, Rebuilt, Step};
use crate::report::Problem;

/// What `watch` is asked to do.
#[derive(Clone, Debug, Default)]
pub struct WatchOptions {
    /// The project folder (default `input/`).
    pub project: Option<PathBuf>,
    /// The output folder (default `output/` beside the project folder).
    pub out: Option<PathBuf>,
}

/// Watches the project until stopped, printing to `out`. `on_stop` receives the [`Stop`]
/// before watching begins (the binary connects it to Ctrl-C); its error, or one of the
/// watcher (in German), is returned when watching cannot start.
pub fn run(
    options: &WatchOptions,
    limits: &Limits,
    on_stop: impl FnOnce(Stop) -> Result<(), Problem>,
    out: &mut dyn Write,
) -> Result<(), Problem> {
    let project = &Project::locate(options.project.as_deref(), options.out.as_deref());
    let (sender, events) = mpsc::channel();
    on_stop(Stop(sender.clone()))?;
    let (mut watcher, mut filter) = rebuild::watch_project(project, sender)?;
    let mut watch_dir = |dir: &std::path::Path| rebuild::watch_folder(&mut watcher, dir);
    rebuild::run_loop(
        project,
        limits,
        &mut filter,
        &events,
        &mut watch_dir,
        false,
        &mut |step| print(out, &step_text(step, &project.out)),
    );
    print(out, "Beobachtung beendet.\n");
    Ok(())
}

/// What a step of the loop prints.
fn step_text(step: Step, out_dir: &std::path::Path) -> String {
    match step {
        Step::Building(_) => String::new(),
        Step::Waiting => "Warte auf Änderungen (beenden mit Strg+C) …\n".to_owned(),
        Step::Notice(problem) => format!("Hinweis: {problem}\n"),
        Step::Built(rebuilt) => rebuilt_text(&rebuilt, out_dir),
    }
}

/// What one build prints: when and after which changes, then its outcome.
fn rebuilt_text(rebuilt: &Rebuilt, out_dir: &std::path::Path) -> String {
    let mut out = format!("[{}] ", LocalTime::now().time_of_day());
    if rebuilt.changed.is_empty() {
        out.push_str("Erster Build.\n");
    } else {
        let _ = writeln!(out, "Geändert: {}", rebuilt.changed.join(", "));
    }
    match &rebuilt.outcome {
        Ok(built) => out.push_str(&report(built, rebuilt.previous.as_deref())),
        Err(failure) => {
            out.push_str("Fehler beim Neubau:\n");
            out.push_str(&build::reason(failure));
            let _ = writeln!(
                out,
                "Die letzte gute Ausgabe in {} bleibt unverändert. Korrigieren und speichern \
                 Sie die Datei; dann wird neu gebaut.",
                out_dir.display()
            );
        }
    }
    out
}

/// What a good build prints: the first one its summary; later ones the warnings, the
/// changes in the concept, the rewritten and unchanged files, and the time.
fn report(built: &Built, last_good: Option<&[Arbeitsgruppe]>) -> String {
    let Some(last_good) = last_good else {
        return build::built(built);
    };
    let mut out = String::new();
    build::warnings(&mut out, &built.ingested.report.warnings);
    for warning in &built.typeset.warnings {
        let _ = writeln!(out, "Warnung (Vorlage): {warning}");
    }
    if let Some(konzept) = &built.ingested.konzept {
        out.push_str(&changes::text::render(&changes::compare(
            last_good,
            &konzept.arbeitsgruppen,
        )));
    }
    let names = |unchanged: bool| {
        let list: Vec<&str> = built
            .written
            .files
            .iter()
            .filter(|d| d.unchanged == unchanged)
            .map(|d| d.name.as_str())
            .collect();
        if list.is_empty() {
            "keine".to_owned()
        } else {
            list.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "Neu geschrieben: {}; unverändert: {}.",
        names(false),
        names(true)
    );
    for note in &built.written.notes {
        let _ = writeln!(out, "Hinweis: {note}");
    }
    let _ = writeln!(
        out,
        "Neu gebaut in {}.",
        german::seconds_text(built.duration)
    );
    out
}

/// Writes and flushes; a closed stdout ends nothing (the loop ends with Ctrl-C).
fn print(out: &mut dyn Write, text: &str) {
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_rebuild_says_the_last_good_output_stays() {
        let failure = crate::pipeline::Failure::Input(Box::new(crate::project::Ingested {
            report: Default::default(),
            config: None,
            konzept: None,
            trace: Default::default(),
            ag_files: Default::default(),
        }));
        let text = rebuilt_text(
            &Rebuilt {
                changed: vec!["input/ag/AG 1.xlsx".to_owned()],
                outcome: Err(failure),
                previous: None,
            },
            std::path::Path::new("output"),
        );
        assert!(
            text.contains("Geändert: input/ag/AG 1.xlsx\nFehler beim Neubau:"),
            "{text}"
        );
        assert!(
            text.contains("Die letzte gute Ausgabe in output bleibt unverändert."),
            "{text}"
        );
    }
}
