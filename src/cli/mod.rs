//! The command line: argument parsing, the commands, and exit codes (0 ok, 1 invalid input
//! or template error, 2 wrong command line).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap_complete::Shell;

use crate::console::Console;
use crate::limits::Limits;
use crate::project::{self, Project};
use crate::report::text;
use crate::{ag_workbook, guard, intake, pipeline, scaffold, summary, tables};

mod args;

pub use args::{Cli, Command};

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    quiet_panics();
    let cli = match args::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let limits = match Limits::aus_umgebung() {
        Ok(limits) => limits,
        Err(meldung) => {
            eprintln!("{meldung}");
            return ExitCode::from(1);
        }
    };
    guard::install(&limits);
    let console = Console::new(cli.quiet);
    match cli.command {
        Command::Build { project, out, json } => build(&console, project, out, json, &limits),
        Command::Check { project, json } => check(&console, project, json, &limits),
        Command::New { dir, leer } => new(&console, &dir, leer),
        Command::Import {
            archive,
            into,
            force,
            json,
        } => import(&console, &archive, into, force, json, &limits),
        Command::VorlageAg { ag, output } => vorlage_ag(&console, ag.as_deref(), &output),
        Command::Completions { shell } => completions(shell),
        Command::Watch { project, out } => watch(project, out, &limits),
        Command::Diff {
            old,
            project,
            pdf,
            json,
        } => diff(&console, &old, project, pdf, json, &limits),
    }
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn build(
    console: &Console,
    project: Option<PathBuf>,
    out: Option<PathBuf>,
    json: bool,
    limits: &Limits,
) -> ExitCode {
    let project = Project::locate(project.as_deref(), out.as_deref());
    let bar = console.stufen(pipeline::Stufe::ANZAHL);
    let result = pipeline::build(&project, limits, &|stufe| {
        bar.set_position(stufe.nummer());
        bar.set_message(stufe.text());
    });
    bar.finish_and_clear();
    if json {
        console.json(&summary::json(&result));
    } else {
        match &result {
            Ok(built) => console.out(&summary::built(built)),
            Err(failure) => console.err(&summary::failure(failure)),
        }
    }
    exit(result.is_ok())
}

/// What `check --json` prints: the import report and the figures.
#[derive(serde::Serialize)]
struct CheckJson<'a> {
    dateien: &'a [crate::report::DateiBericht],
    fehler: &'a [crate::report::Meldung],
    warnungen: &'a [crate::report::Meldung],
    kennzahlen: Option<&'a crate::model::Kennzahlen>,
}

fn check(console: &Console, project: Option<PathBuf>, json: bool, limits: &Limits) -> ExitCode {
    let project = Project::locate(project.as_deref(), None);
    let import = project::import(&project, limits);
    let kennzahlen = import.konzept.as_ref().map(|k| &k.kennzahlen);
    if json {
        console.json(&CheckJson {
            dateien: &import.bericht.dateien,
            fehler: &import.bericht.fehler,
            warnungen: &import.bericht.warnungen,
            kennzahlen,
        });
    } else if console.is_quiet() {
        for meldung in &import.bericht.fehler {
            console.err(&format!("Fehler: {meldung}"));
        }
    } else {
        console.out(&text::render(&import.bericht, kennzahlen));
    }
    exit(import.bericht.ok())
}

fn new(console: &Console, dir: &Path, leer: bool) -> ExitCode {
    match scaffold::new_project(dir, leer) {
        Ok(files) => {
            console.out(&scaffold::summary(dir, &files, leer));
            ExitCode::SUCCESS
        }
        Err(err) => {
            console.err(&err.to_string());
            ExitCode::from(1)
        }
    }
}

fn watch(project: Option<PathBuf>, out: Option<PathBuf>, limits: &Limits) -> ExitCode {
    let project = Project::locate(project.as_deref(), out.as_deref());
    match crate::watch::run(&project, limits, &mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(meldung) => {
            eprintln!("{meldung}");
            ExitCode::from(1)
        }
    }
}

fn diff(
    console: &Console,
    old: &Path,
    project: Option<PathBuf>,
    pdf: Option<PathBuf>,
    json: bool,
    limits: &Limits,
) -> ExitCode {
    let project = Project::locate(project.as_deref(), None);
    match crate::diff::run(old, &project, limits, pdf.as_deref()) {
        Ok(ergebnis) if json => {
            console.json(&ergebnis.vergleich);
            ExitCode::SUCCESS
        }
        Ok(ergebnis) => {
            console.out(&crate::diff::text(&ergebnis));
            ExitCode::SUCCESS
        }
        Err(fehler) => {
            console.err(&crate::diff::fehler_text(&fehler));
            ExitCode::from(1)
        }
    }
}

fn import(
    console: &Console,
    archive: &[PathBuf],
    into: Option<PathBuf>,
    force: bool,
    json: bool,
    limits: &Limits,
) -> ExitCode {
    let project = Project::locate(into.as_deref(), None);
    let bar = console.bar(0, "Import");
    match intake::import(archive, &project.root, force, limits, &bar) {
        Ok(einfuhr) => {
            if json {
                console.json(&einfuhr.json());
            } else if console.is_quiet() {
                let abgelehnt = intake::text(&einfuhr, true);
                if !abgelehnt.is_empty() {
                    console.err(&abgelehnt);
                }
            } else {
                console.out(&intake::text(&einfuhr, false));
            }
            exit(einfuhr.ok())
        }
        Err(fehler) => {
            for meldung in &fehler {
                console.err(&format!("Fehler: {meldung}"));
            }
            console.err("Nichts importiert: ohne lesbare konzept.toml sind die AGs unbekannt.");
            ExitCode::from(1)
        }
    }
}

fn vorlage_ag(console: &Console, ag: Option<&str>, output: &Path) -> ExitCode {
    match ag_workbook::write(output, ag) {
        Ok(()) => {
            console.out(&format!(
                "Leere AG-Arbeitsmappe geschrieben: {}",
                output.display()
            ));
            ExitCode::SUCCESS
        }
        Err(err) => {
            console.err(&err.to_string());
            ExitCode::from(1)
        }
    }
}

fn completions(shell: Shell) -> ExitCode {
    let mut command = args::befehl();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "ratsvorlage", &mut script);
    // Written here, not by clap_complete, which panics on a closed pipe.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
    ExitCode::SUCCESS
}

/// Readers and the typesetter catch panics of the libraries they call and report them as an
/// error of the file or template concerned; Rust's default hook would first print a trace
/// meant for developers. A panic a reader reports says nothing here; any other gets one
/// line. Set `RUST_BACKTRACE` to get the trace back.
fn quiet_panics() {
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|info| {
            if !tables::decode::panic_is_reported() {
                eprintln!("ratsvorlage: interner Fehler ({info}).");
            }
        }));
    }
}
